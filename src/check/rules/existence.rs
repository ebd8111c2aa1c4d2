//! `existence`: report every match of any of the rule's tokens.

use super::{
    context_of, exceptions_of, Compiled, CompiledRule, Env, Matcher as AnyMatcher, RuleDef,
};
use crate::check::context::{self, ContextDef};
use crate::check::pos::{self, Pos};
use crate::check::{with_action, Finding, SearchInput};
use crate::compile::{
    compile_from, fill, phrase_pattern, with_case, Pattern, SearchAborted, NONWORD_TEMPLATE,
};
use crate::error::SourceError;
use crate::styles::Fields;

pub(super) const KEYS: &[&str] = &[
    "tokens",
    "raw",
    "append",
    "ignorecase",
    "nonword",
    "exceptions",
    "vocab",
    "context",
    "pos",
];

#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    pub tokens: Vec<String>,
    /// Pattern text put before the tokens (after them with `append`).
    pub raw: Vec<String>,
    pub append: bool,
    pub ignorecase: bool,
    pub nonword: bool,
    pub exceptions: Vec<String>,
    pub vocab: bool,
    pub context: Option<ContextDef>,
    pub pos: Option<Pos>,
}

impl Definition {
    pub(super) fn read(fields: &Fields) -> Result<Definition, SourceError> {
        let context = context::read(fields)?;
        let pos = pos::read(fields, false)?;
        let tokens = fields.list("tokens")?;
        let raw = fields.list("raw")?;
        if tokens.iter().all(|t| t.trim().is_empty()) && raw.is_empty() {
            return Err(fields.error("extends", "an existence rule needs `tokens` or `raw`"));
        }
        Ok(Definition {
            tokens: tokens
                .into_iter()
                .filter(|t| !t.trim().is_empty())
                .collect(),
            raw,
            append: fields.flag("append")?.unwrap_or(false),
            ignorecase: fields.flag("ignorecase")?.unwrap_or(false),
            nonword: fields.flag("nonword")?.unwrap_or(false),
            exceptions: fields.list("exceptions")?,
            vocab: fields.flag("vocab")?.unwrap_or(true),
            context,
            pos,
        })
    }

    pub(super) fn compile(&self, def: &RuleDef, env: &Env) -> Result<Compiled, SourceError> {
        let template = if !self.nonword && !self.tokens.is_empty() {
            env.options.word_template()
        } else {
            NONWORD_TEMPLATE
        };
        // `raw` goes through Go's Sprintf in Vale: `%%` is a literal `%`.
        let raw = self.raw.concat().replace("%%", "%");
        let body = fill(template, &self.tokens.join("|"));
        let pattern = if self.append {
            format!("{body}{raw}")
        } else {
            format!("{raw}{body}")
        };
        let mut items = self.tokens.clone();
        items.extend(self.raw.iter().cloned());
        let pattern = compile_from(
            &def.source,
            "tokens",
            &items,
            &with_case(self.ignorecase, pattern),
        )?;
        // Vale 3.7.1 quirk (docs/vale-compatibility.md#quirk-nonword-vocab):
        // vocab does not apply to nonword existence rules, nor does phrase
        // masking.
        let terms = env.terms(&self.exceptions, self.vocab && !self.nonword);
        Ok(Compiled {
            matcher: AnyMatcher::Existence(Matcher { pattern }),
            exceptions: exceptions_of(def, &terms)?,
            phrases: if self.nonword {
                None
            } else {
                phrase_pattern(&terms)
            },
            context: context_of(def, self.context.as_ref())?,
            pos: self.pos.clone(),
        })
    }
}

#[derive(Debug, Clone)]
pub struct Matcher {
    pattern: Pattern,
}

impl Matcher {
    pub(super) fn run(
        &self,
        rule: &CompiledRule,
        input: &SearchInput,
        out: &mut Vec<Finding>,
    ) -> Result<(), SearchAborted> {
        let text = input.hay.text;
        for range in self.pattern.find_all_in(&input.hay)? {
            let matched = &text[range.clone()];
            if matched.is_empty() || rule.is_exception(matched.trim())? {
                continue;
            }
            out.push(with_action(
                &rule.def,
                range,
                matched,
                vec![matched.to_string()],
            ));
        }
        Ok(())
    }

    pub(super) fn required_literals(&self) -> Option<Vec<Vec<u8>>> {
        self.pattern.required_literals()
    }
}
