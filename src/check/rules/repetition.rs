//! `repetition`: report a token repeated (`the the`) within a sentence.

use super::{exceptions_of, Compiled, CompiledRule, Env, Matcher as AnyMatcher, RuleDef};
use crate::check::{with_action, Finding, SearchInput};
use crate::compile::{compile_from, phrase_pattern, with_case, Pattern, SearchAborted};
use crate::document::sentences::sentences;
use crate::error::SourceError;
use crate::styles::Fields;

pub(super) const KEYS: &[&str] = &[
    "tokens",
    "max",
    "alpha",
    "ignorecase",
    "exceptions",
    "vocab",
];

#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    pub tokens: Vec<String>,
    pub max: usize,
    pub alpha: bool,
    pub ignorecase: bool,
    pub exceptions: Vec<String>,
    pub vocab: bool,
}

impl Definition {
    pub(super) fn read(fields: &Fields) -> Result<Definition, SourceError> {
        let tokens = fields.list("tokens")?;
        if tokens.is_empty() {
            return Err(fields.error("extends", "a repetition rule needs `tokens`"));
        }
        Ok(Definition {
            tokens,
            max: fields.count("max")?.unwrap_or(0),
            alpha: fields.flag("alpha")?.unwrap_or(false),
            ignorecase: fields.flag("ignorecase")?.unwrap_or(false),
            exceptions: fields.list("exceptions")?,
            vocab: fields.flag("vocab")?.unwrap_or(true),
        })
    }

    pub(super) fn compile(&self, def: &RuleDef, env: &Env) -> Result<Compiled, SourceError> {
        let pattern = with_case(self.ignorecase, format!("({})", self.tokens.join("|")));
        let pattern = compile_from(&def.source, "tokens", &self.tokens, &pattern)?;
        let terms = env.terms(&self.exceptions, self.vocab);
        Ok(Compiled {
            matcher: AnyMatcher::Repetition(Matcher {
                pattern,
                max: self.max,
                alpha: self.alpha,
                ignorecase: self.ignorecase,
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
    pattern: Pattern,
    max: usize,
    alpha: bool,
    ignorecase: bool,
}

impl Matcher {
    pub(super) fn run(
        &self,
        rule: &CompiledRule,
        input: &SearchInput,
        out: &mut Vec<Finding>,
    ) -> Result<(), SearchAborted> {
        let text = input.hay.text;
        let mut prev: Option<(std::ops::Range<usize>, &str)> = None;
        // Vale 3.7.1 quirk (docs/vale-compatibility.md#quirk-repetition-count):
        // the count is not reset when a streak breaks.
        let mut count = 0usize;
        for range in self.pattern.find_all_in(&input.hay)? {
            let curr = text[range.clone()].trim();
            if let Some((prev_range, prev_text)) = &prev {
                let same = if self.ignorecase {
                    curr.to_lowercase() == prev_text.to_lowercase()
                } else {
                    curr == *prev_text
                };
                // In plain text a URL is blank here but a word to Vale, so
                // one between the two breaks the streak.
                let gap = prev_range.end..range.start;
                let hit = same
                    && !curr.is_empty()
                    && (!self.alpha || curr.chars().all(char::is_alphabetic))
                    && text[gap.clone()].trim() == input.source[gap].trim();
                if hit {
                    count += 1;
                }
                if hit && count > self.max {
                    let span = prev_range.start..range.end;
                    if sentences(&text[span.clone()]).len() <= 1
                        && !rule.is_exception(&text[span.clone()])?
                    {
                        out.push(with_action(&rule.def, span, curr, vec![curr.to_string()]));
                        count = 0;
                    }
                }
            }
            prev = Some((range, curr));
        }
        Ok(())
    }
}
