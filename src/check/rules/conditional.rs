//! `conditional`: report a match of `first` that no match of `second`
//! accounts for (an acronym never defined).

use super::{exceptions_of, Compiled, CompiledRule, Env, Matcher as AnyMatcher, RuleDef};
use crate::check::{with_action, Finding, SearchInput};
use crate::compile::{compile_from, phrase_pattern, Pattern, SearchAborted};
use crate::error::SourceError;
use crate::styles::Fields;

/// `ignorecase` is accepted as Vale accepts it; it changes nothing there.
pub(super) const KEYS: &[&str] = &["first", "second", "exceptions", "vocab", "ignorecase"];

#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    pub first: String,
    pub second: String,
    pub exceptions: Vec<String>,
    pub vocab: bool,
}

impl Definition {
    pub(super) fn read(fields: &Fields) -> Result<Definition, SourceError> {
        let first = fields.text_or_empty("first")?;
        let second = fields.text_or_empty("second")?;
        if first.is_empty() || second.is_empty() {
            return Err(fields.error("extends", "a conditional rule needs `first` and `second`"));
        }
        Ok(Definition {
            first,
            second,
            exceptions: fields.list("exceptions")?,
            vocab: fields.flag("vocab")?.unwrap_or(true),
        })
    }

    pub(super) fn compile(&self, def: &RuleDef, env: &Env) -> Result<Compiled, SourceError> {
        let first = compile_from(
            &def.source,
            "first",
            std::slice::from_ref(&self.first),
            &self.first,
        )?;
        let second = compile_from(
            &def.source,
            "second",
            std::slice::from_ref(&self.second),
            &self.second,
        )?;
        let defines_terms = second.group_count() > 0;
        let terms = env.terms(&self.exceptions, self.vocab);
        Ok(Compiled {
            matcher: AnyMatcher::Conditional(Matcher {
                first,
                second,
                defines_terms,
            }),
            exceptions: exceptions_of(def, &terms)?,
            phrases: phrase_pattern(&terms),
            context: None,
            pos: None,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Matcher {
    first: Pattern,
    second: Pattern,
    /// With a capture group, `second` defines terms for the whole file.
    defines_terms: bool,
}

impl Matcher {
    /// `second`, when it defines terms for the whole file: Vale keeps them
    /// on the file, so every conditional rule sees what any of them found
    /// in this block or an earlier one ("(CRM)" caught by
    /// RedHat.Definitions also defines CRM for Google.Acronyms).
    pub(super) fn term_definitions(&self) -> Option<&Pattern> {
        self.defines_terms.then_some(&self.second)
    }

    pub(super) fn run(
        &self,
        rule: &CompiledRule,
        input: &SearchInput,
        out: &mut Vec<Finding>,
    ) -> Result<(), SearchAborted> {
        if !self.defines_terms && self.second.is_match_in(&input.hay)? {
            return Ok(());
        }
        for range in self.first.find_all_in(&input.hay)? {
            let matched = &input.hay.text[range.clone()];
            if (self.defines_terms && input.is_defined(matched)) || rule.is_exception(matched)? {
                continue;
            }
            out.push(with_action(
                &rule.def,
                range.clone(),
                matched,
                vec![matched.to_string()],
            ));
        }
        Ok(())
    }

    /// A rule whose `second` defines terms must see every unit; otherwise a
    /// unit without `first` has nothing to report.
    pub(super) fn required_literals(&self) -> Option<Vec<Vec<u8>>> {
        if self.defines_terms {
            None
        } else {
            self.first.required_literals()
        }
    }
}
