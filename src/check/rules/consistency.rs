//! `consistency`: report the second of two spellings used in one file.

use super::{Compiled, CompiledRule, Env, Matcher as AnyMatcher, RuleDef};
use crate::check::{with_action, Finding, SearchInput};
use crate::compile::{
    compile_from, fill, uncapture, with_case, Pattern, SearchAborted, NONWORD_TEMPLATE,
};
use crate::error::SourceError;
use crate::styles::Fields;

pub(super) const KEYS: &[&str] = &["either", "nonword", "ignorecase"];

#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    pub either: Vec<(String, String)>,
    pub nonword: bool,
    pub ignorecase: bool,
}

impl Definition {
    pub(super) fn read(fields: &Fields) -> Result<Definition, SourceError> {
        Ok(Definition {
            either: fields.pairs("either")?,
            nonword: fields.flag("nonword")?.unwrap_or(false),
            ignorecase: fields.flag("ignorecase")?.unwrap_or(false),
        })
    }

    pub(super) fn compile(&self, def: &RuleDef, env: &Env) -> Result<Compiled, SourceError> {
        let template = if self.nonword {
            NONWORD_TEMPLATE
        } else {
            env.options.word_template()
        };
        let pairs = self
            .either
            .iter()
            .map(|(a, b)| {
                let body = format!("({})|({})", uncapture(a), uncapture(b));
                let pattern = with_case(self.ignorecase, fill(template, &body));
                compile_from(&def.source, "either", &[a.clone(), b.clone()], &pattern)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Compiled::plain(AnyMatcher::Consistency(Matcher { pairs })))
    }
}

#[derive(Debug, Clone)]
pub struct Matcher {
    /// Per `either` pair: group 1 is one side, group 2 the other.
    pairs: Vec<Pattern>,
}

impl Matcher {
    /// `seen` is which side of each pair the file has used so far.
    pub(super) fn run(
        &self,
        rule: &CompiledRule,
        input: &SearchInput,
        seen: &mut Vec<[bool; 2]>,
        out: &mut Vec<Finding>,
    ) -> Result<(), SearchAborted> {
        if seen.len() < self.pairs.len() {
            seen.resize(self.pairs.len(), [false; 2]);
        }
        for (i, pair) in self.pairs.iter().enumerate() {
            let mut last = None;
            for m in pair.find_groups_in(&input.hay)? {
                if let Some((group, range)) = m.group {
                    seen[i][(group - 1).min(1)] = true;
                    last = Some(range);
                }
            }
            if let (Some(range), [true, true]) = (last, seen[i]) {
                let matched = input.hay.text[range.clone()].to_string();
                out.push(with_action(
                    &rule.def,
                    range,
                    &matched,
                    vec![matched.clone()],
                ));
            }
        }
        Ok(())
    }

    /// A unit without either side of a pair neither records nor reports.
    pub(super) fn required_literals(&self) -> Option<Vec<Vec<u8>>> {
        self.pairs.iter().try_fold(Vec::new(), |mut all, p| {
            all.extend(p.required_literals()?);
            Some(all)
        })
    }
}
