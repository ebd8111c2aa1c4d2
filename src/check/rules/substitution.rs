//! `substitution`: report a match of a `swap` key and suggest its value.

use super::{
    context_of, exceptions_of, Compiled, CompiledRule, Env, Matcher as AnyMatcher, RuleDef,
};
use crate::check::context::{self, ContextDef};
use crate::check::message::to_sentence;
use crate::check::pos::{self, Pos};
use crate::check::{match_case, Finding, SearchInput};
use crate::compile::{
    compile_from, fill, phrase_pattern, uncapture, with_case, Pattern, SearchAborted,
    NONWORD_TEMPLATE,
};
use crate::diagnostic::Applicability;
use crate::error::SourceError;
use crate::styles::Fields;

pub(super) const KEYS: &[&str] = &[
    "swap",
    "ignorecase",
    "nonword",
    "exceptions",
    "vocab",
    "capitalize",
    // parlance's `pos:` map; a single value is Vale's old `pos`, accepted
    // for compatibility (it has no effect in Vale 3 either).
    "pos",
    "context",
];

#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    /// observed pattern → expected text, in file order.
    pub swap: Vec<(String, String)>,
    pub ignorecase: bool,
    pub nonword: bool,
    pub exceptions: Vec<String>,
    pub vocab: bool,
    pub capitalize: bool,
    pub context: Option<ContextDef>,
    pub pos: Option<Pos>,
}

impl Definition {
    pub(super) fn read(fields: &Fields) -> Result<Definition, SourceError> {
        let context = context::read(fields)?;
        let pos = pos::read(fields, true)?;
        let swap = fields.pairs("swap")?;
        if swap.is_empty() {
            return Err(fields.error("extends", "a substitution rule needs `swap`"));
        }
        Ok(Definition {
            swap,
            ignorecase: fields.flag("ignorecase")?.unwrap_or(false),
            nonword: fields.flag("nonword")?.unwrap_or(false),
            exceptions: fields.list("exceptions")?,
            vocab: fields.flag("vocab")?.unwrap_or(true),
            capitalize: fields.flag("capitalize")?.unwrap_or(false),
            context,
            pos,
        })
    }

    /// Single replacements are safe to apply; alternatives are shown only.
    pub(super) fn fix_summary(&self) -> &'static str {
        if self.swap.iter().all(|(_, v)| !v.contains('|')) {
            Applicability::Safe.as_str()
        } else {
            "display-only for alternatives, safe for single replacements"
        }
    }

    pub(super) fn compile(&self, def: &RuleDef, env: &Env) -> Result<Compiled, SourceError> {
        let mut sorted: Vec<&(String, String)> = self.swap.iter().collect();
        // Longest first, so the longer phrase wins an alternation.
        sorted.sort_by_key(|(k, _)| std::cmp::Reverse(k.chars().count()));
        let body = sorted
            .iter()
            .map(|(k, _)| format!("({})", uncapture(k)))
            .collect::<Vec<_>>()
            .join("|");
        let template = if self.nonword {
            NONWORD_TEMPLATE
        } else {
            env.options.word_template()
        };
        let keys: Vec<String> = sorted.iter().map(|(k, _)| k.clone()).collect();
        let case = |p: String| with_case(self.ignorecase, p);
        let pattern = compile_from(&def.source, "swap", &keys, &case(fill(template, &body)))?;
        let entries = sorted
            .iter()
            .map(|(k, v)| {
                let observed = if v.contains('$') {
                    let whole = case(format!("^(?:{k})$"));
                    Some(compile_from(
                        &def.source,
                        "swap",
                        std::slice::from_ref(k),
                        &whole,
                    )?)
                } else {
                    None
                };
                let already_right = if is_phrase(v) || v.contains('$') {
                    None
                } else {
                    Pattern::new(&format!("^(?:{v})$")).ok()
                };
                Ok(SwapEntry {
                    observed,
                    expected: v.clone(),
                    already_right,
                })
            })
            .collect::<Result<Vec<_>, SourceError>>()?;
        let terms = env.terms(&self.exceptions, self.vocab);
        Ok(Compiled {
            matcher: AnyMatcher::Substitution(Matcher {
                pattern,
                entries,
                capitalize: self.capitalize,
            }),
            exceptions: exceptions_of(def, &terms)?,
            phrases: phrase_pattern(&terms),
            context: context_of(def, self.context.as_ref())?,
            pos: self.pos.clone(),
        })
    }
}

/// Vale's test for an `expected` value compared as plain text.
fn is_phrase(expected: &str) -> bool {
    expected
        .chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
}

/// One `observed: expected` entry.
#[derive(Debug, Clone)]
struct SwapEntry {
    /// `^(?:observed)$`, to expand `$1` in `expected` (only when it has one).
    observed: Option<Pattern>,
    expected: String,
    /// `^(?:expected)$` when `expected` is a pattern rather than a phrase:
    /// text it matches whole is already right (what keeps `Vale.Terms`
    /// quiet on correctly cased terms).
    already_right: Option<Pattern>,
}

#[derive(Debug, Clone)]
pub struct Matcher {
    /// Entry *i* is capture group *i + 1*.
    pattern: Pattern,
    entries: Vec<SwapEntry>,
    capitalize: bool,
}

impl Matcher {
    pub(super) fn run(
        &self,
        rule: &CompiledRule,
        input: &SearchInput,
        out: &mut Vec<Finding>,
    ) -> Result<(), SearchAborted> {
        let text = input.hay.text;
        let replace_action = rule.def.action.as_ref().filter(|a| a.name == "replace");
        for m in self.pattern.find_groups_in(&input.hay)? {
            let Some((group, range)) = m.group else {
                continue;
            };
            let Some(entry) = self.entries.get(group - 1) else {
                continue;
            };
            // As matched, white space included (current Vale's `Run`;
            // docs/vale-compatibility.md#white-space-in-matches).
            let observed = &text[range.clone()];
            let mut expected = match &entry.observed {
                Some(p) => p.expand(observed, &entry.expected),
                None => entry.expected.clone(),
            };
            // The replacements as written, before `capitalize` touches
            // them: whether a term has its own casing is read from these.
            let mut written = split_options(&expected);
            let starts_upper = observed.chars().next().is_some_and(char::is_uppercase);
            if self.capitalize && starts_upper {
                expected = cap_first(&expected);
            }
            let mut options = split_options(&expected);
            if let Some(a) = replace_action {
                if !a.params.is_empty() {
                    options = a.params.clone();
                    written = a.params.clone();
                }
            }
            let unchanged = match replace_action {
                Some(_) => options.iter().any(|o| o == observed),
                None => same_token(entry, &expected, observed),
            };
            if unchanged || rule.is_exception(observed)? {
                continue;
            }
            let (args, message) = match replace_action {
                Some(_) => (
                    vec![to_sentence(&options, "or"), observed.to_string()],
                    Some(unquote_first(&rule.def.message)),
                ),
                None => (vec![expected.clone(), observed.to_string()], None),
            };
            // Lower-case suggestions follow the case of what they replace
            // (all capitals too, so "PRIOR TO" becomes "BEFORE" even under
            // `capitalize`); a term with its own casing (Vale.Terms) keeps it.
            let replacements = options
                .iter()
                .zip(&written)
                .map(|(o, w)| {
                    if w.chars().any(char::is_uppercase) {
                        o.clone()
                    } else {
                        match_case(observed, w)
                    }
                })
                .collect();
            out.push(Finding {
                range,
                args,
                replacements,
                default_fix: Applicability::Safe,
                message,
            });
        }
        Ok(())
    }

    pub(super) fn required_literals(&self) -> Option<Vec<Vec<u8>>> {
        self.pattern.required_literals()
    }
}

/// `a|b|c` alternatives; `\|` is a literal pipe.
fn split_options(expected: &str) -> Vec<String> {
    let mut options = vec![String::new()];
    let mut chars = expected.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                options.last_mut().expect("non-empty").push('|');
                chars.next();
            }
            '|' => options.push(String::new()),
            _ => options.last_mut().expect("non-empty").push(c),
        }
    }
    options
        .into_iter()
        .map(|o| o.trim().to_string())
        .filter(|o| !o.is_empty())
        .collect()
}

/// Vale's no-op test: a phrase must be equal; a pattern must match whole.
fn same_token(entry: &SwapEntry, expected: &str, observed: &str) -> bool {
    if let Some(p) = &entry.already_right {
        return p.is_match(observed).unwrap_or(false);
    }
    if is_phrase(expected) {
        return expected == observed;
    }
    // An expansion of `$n` that is not a phrase: compiled here, at a match.
    Pattern::new(&format!("^(?:{expected})$"))
        .ok()
        .and_then(|p| p.is_match(observed).ok())
        .unwrap_or(false)
}

/// Vale 3.7.1 quirk (docs/vale-compatibility.md#quirk-replace-quotes):
/// with a replace action Vale quotes the options itself, so a message written `'%s'` twice loses the quotes of its first
/// slot.
fn unquote_first(message: &str) -> String {
    for quoted in ["'%s'", "\"%s\""] {
        if message.matches(quoted).count() == 2 {
            return message.replacen(quoted, "%s", 1);
        }
    }
    message.to_string()
}

fn cap_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_split_on_unescaped_pipes() {
        assert_eq!(split_options("a|b \\| c|d"), vec!["a", "b | c", "d"]);
    }

    #[test]
    fn no_op_substitutions() {
        let entry = |expected: &str| SwapEntry {
            observed: None,
            expected: expected.to_string(),
            already_right: (!is_phrase(expected))
                .then(|| Pattern::new(&format!("^(?:{expected})$")).unwrap()),
        };
        assert!(same_token(&entry("JavaScript"), "JavaScript", "JavaScript"));
        assert!(!same_token(
            &entry("JavaScript"),
            "JavaScript",
            "Javascript"
        ));
        assert!(same_token(&entry("OAuth2?"), "OAuth2?", "OAuth"));
    }

    #[test]
    fn vale_quote_trick() {
        assert_eq!(
            unquote_first("Use '%s' instead of '%s'."),
            "Use %s instead of '%s'."
        );
        assert_eq!(unquote_first("Prefer %s."), "Prefer %s.");
    }
}
