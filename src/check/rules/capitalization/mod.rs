//! `capitalization`: report a unit (a heading, say) whose text is not in
//! the case the rule asks for.

mod case;

use case::CaseCheck;

use super::{Compiled, CompiledRule, Env, Matcher as AnyMatcher, RuleDef};
use crate::check::action::suggestions;
use crate::check::{Finding, SearchInput};
use crate::compile::{exception_pattern, invalid_exceptions, SearchAborted};
use crate::diagnostic::Applicability;
use crate::error::SourceError;
use crate::styles::Fields;

pub(super) const KEYS: &[&str] = &[
    "match",
    "style",
    "exceptions",
    "vocab",
    "indicators",
    "threshold",
    "prefix",
];

/// `style:` of a `$title` capitalization rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TitleStyle {
    #[default]
    Ap,
    Chicago,
}

/// What a capitalization rule's `match:` asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum CaseStyle {
    Title(TitleStyle),
    Sentence,
    Lower,
    Upper,
    /// A regular expression the text must match somewhere.
    Pattern(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    pub case: CaseStyle,
    pub exceptions: Vec<String>,
    pub vocab: bool,
    /// Suffixes after which the next word starts with a capital.
    pub indicators: Vec<String>,
    /// The share of words that must be right.
    pub threshold: f64,
    /// A regex for a prefix left out of the check (`^[a-z]\.\s`).
    pub prefix: String,
}

impl Definition {
    pub(super) fn read(fields: &Fields) -> Result<Definition, SourceError> {
        let case = fields.text_or_empty("match")?;
        let style = fields.text("style")?;
        let title_style = match style.as_deref().map(str::trim) {
            None | Some("") => TitleStyle::Ap,
            Some(s) if s.eq_ignore_ascii_case("ap") => TitleStyle::Ap,
            Some(s) if s.eq_ignore_ascii_case("chicago") => TitleStyle::Chicago,
            Some(other) => {
                return Err(fields
                    .source()
                    .error(
                        fields.value_range("style", other),
                        format!("unknown title style `{other}`"),
                    )
                    .with_note("use AP or Chicago"))
            }
        };
        let case = match case.trim() {
            "" => {
                return Err(fields
                    .error("extends", "a capitalization rule needs `match`")
                    .with_note("use $title, $sentence, $lower, $upper or a pattern"))
            }
            "$title" => CaseStyle::Title(title_style),
            "$sentence" => CaseStyle::Sentence,
            "$lower" => CaseStyle::Lower,
            "$upper" => CaseStyle::Upper,
            _ => CaseStyle::Pattern(case),
        };
        Ok(Definition {
            case,
            exceptions: fields.list("exceptions")?,
            vocab: fields.flag("vocab")?.unwrap_or(true),
            indicators: fields.list("indicators")?,
            // Vale 3.7.1 quirk (docs/vale-compatibility.md#quirk-threshold-zero):
            // 0 would turn the rule off, so it means the default.
            threshold: fields
                .number("threshold")?
                .filter(|t| *t != 0.0)
                .unwrap_or(0.8),
            prefix: fields.text_or_empty("prefix")?,
        })
    }

    pub(super) fn compile(&self, def: &RuleDef, env: &Env) -> Result<Compiled, SourceError> {
        let accept: &[String] = if self.vocab { &env.options.accept } else { &[] };
        let terms: Vec<String> = self.exceptions.iter().chain(accept).cloned().collect();
        let except = exception_pattern(&terms).map_err(|e| invalid_exceptions(&def.source, &e))?;
        let check = CaseCheck::new(
            &self.case,
            &self.exceptions,
            accept,
            except,
            &self.indicators,
            self.threshold,
            &self.prefix,
        )
        .map_err(|e| {
            def.source
                .error(
                    def.source.key_range(e.key),
                    format!("invalid regular expression in `{}`", e.key),
                )
                .with_note(e.message)
        })?;
        let replaces_with_expected = matches!(self.case, CaseStyle::Title(_) | CaseStyle::Sentence);
        // The case check applies the exceptions itself, word by word.
        Ok(Compiled::plain(AnyMatcher::Capitalization(Matcher {
            check: Box::new(check),
            replaces_with_expected,
        })))
    }
}

#[derive(Debug, Clone)]
pub struct Matcher {
    check: Box<CaseCheck>,
    /// A `replace` action without options offers the expected form (title
    /// and sentence case), as in Vale.
    replaces_with_expected: bool,
}

impl Matcher {
    pub(super) fn run(
        &self,
        rule: &CompiledRule,
        input: &SearchInput,
        out: &mut Vec<Finding>,
    ) -> Result<(), SearchAborted> {
        let text = input.hay.text;
        let (expected, ok) = self.check.check(text)?;
        if !ok {
            out.push(self.finding(rule, text, expected));
        }
        Ok(())
    }

    /// A capitalization finding spans the whole unit; its message gets the
    /// text and the expected form.
    fn finding(&self, rule: &CompiledRule, text: &str, expected: String) -> Finding {
        let args = vec![text.to_string(), expected.clone()];
        let (replacements, default_fix) = match &rule.def.action {
            Some(a) if a.name == "replace" => {
                let options = if !a.params.is_empty() {
                    a.params.clone()
                } else if self.replaces_with_expected {
                    vec![expected]
                } else {
                    Vec::new()
                };
                (options, Applicability::Safe)
            }
            Some(a) => (suggestions(a, text), Applicability::Unsafe),
            None => (Vec::new(), Applicability::Safe),
        };
        Finding {
            range: 0..text.len(),
            args,
            replacements,
            default_fix,
            message: None,
        }
    }
}
