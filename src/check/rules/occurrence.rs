//! `occurrence`: report a unit with more than `max` (or fewer than `min`)
//! matches of the token.

use super::{Compiled, Env, Matcher as AnyMatcher, RuleDef};
use crate::check::{is_code_like, plain, Finding, SearchInput};
use crate::compile::{compile_from, with_case, Pattern, SearchAborted};
use crate::error::SourceError;
use crate::styles::Fields;

pub(super) const KEYS: &[&str] = &["token", "max", "min", "ignorecase"];

#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    pub token: String,
    pub max: usize,
    pub min: usize,
    pub ignorecase: bool,
}

impl Definition {
    pub(super) fn read(fields: &Fields) -> Result<Definition, SourceError> {
        let token = fields.text_or_empty("token")?;
        if token.is_empty() {
            return Err(fields.error("extends", "an occurrence rule needs `token`"));
        }
        Ok(Definition {
            token,
            max: fields.count("max")?.unwrap_or(0),
            min: fields.count("min")?.unwrap_or(0),
            ignorecase: fields.flag("ignorecase")?.unwrap_or(false),
        })
    }

    pub(super) fn compile(&self, def: &RuleDef, _env: &Env) -> Result<Compiled, SourceError> {
        let token = std::slice::from_ref(&self.token);
        let pattern = with_case(self.ignorecase, format!("(?:{})", self.token));
        let pattern = compile_from(&def.source, "token", token, &pattern)?;
        Ok(Compiled::plain(AnyMatcher::Occurrence(Matcher {
            pattern,
            max: self.max,
            min: self.min,
        })))
    }
}

#[derive(Debug, Clone)]
pub struct Matcher {
    pattern: Pattern,
    max: usize,
    min: usize,
}

impl Matcher {
    pub(super) fn run(
        &self,
        input: &SearchInput,
        out: &mut Vec<Finding>,
    ) -> Result<(), SearchAborted> {
        let text = input.hay.text;
        let matches = self.pattern.find_all_in(&input.hay)?;
        let count = matches.len();
        if (self.max > 0 && count > self.max) || (self.min > 0 && count < self.min) {
            // Vale 3.7.1 quirk (docs/vale-compatibility.md#quirk-occurrence-place):
            // the alert is at the first match that is real text: not blank,
            // and not only the `*`s code reads as.
            let at = matches
                .iter()
                .find(|r| !is_code_like(&text[(*r).clone()]))
                .cloned();
            match at {
                Some(range) => out.push(plain(range, vec![count.to_string()])),
                None if count == 0 => out.push(plain(0..0, vec![count.to_string()])),
                None => {}
            }
        }
        Ok(())
    }

    /// Only a rule that reports where its token occurs can skip units
    /// without it; one with a minimum reports where it is missing.
    pub(super) fn required_literals(&self) -> Option<Vec<Vec<u8>>> {
        if self.min == 0 {
            self.pattern.required_literals()
        } else {
            None
        }
    }
}
