//! The compile stage's generic machinery: rule patterns (with `regex`
//! where they can be, `fancy-regex` where they must be), Vale's pattern
//! templates, the exception and phrase patterns every rule type shares,
//! and the one-pass [`prefilter::Prefilter`] over every rule's literals.
//! What each rule type compiles is in its own module (`check::rules`).

mod go;
mod guard;
mod literals;
mod pattern;
pub mod prefilter;
mod regexp2;
mod shadow;

pub use go::uncapture;
pub use pattern::{Engine, GroupMatch, Pattern, PatternError, SearchAborted};

use crate::error::SourceError;
use crate::styles::RuleSource;

/// Vale's default word template.
pub const WORD_TEMPLATE: &str = r"(?m)\b(?:%s)\b";
/// Vale's template for `nonword: true` rules.
pub const NONWORD_TEMPLATE: &str = "(?m)(?:%s)";

/// Settings from the configuration that change how rules compile.
#[derive(Debug, Clone, Default)]
pub struct CompileOptions {
    /// The vocabularies' accept list: exceptions for rules with `vocab: true`.
    pub accept: Vec<String>,
    /// The INI's `WordTemplate`, replacing `\b(?:%s)\b`.
    pub word_template: Option<String>,
}

impl CompileOptions {
    /// The template a word rule's tokens are put in.
    pub fn word_template(&self) -> &str {
        self.word_template.as_deref().unwrap_or(WORD_TEMPLATE)
    }
}

/// Vale's template filled: `%s` replaced by `body`, once.
pub fn fill(template: &str, body: &str) -> String {
    template.replacen("%s", body, 1)
}

/// `pattern`, case-insensitive when `ignorecase`.
pub fn with_case(ignorecase: bool, pattern: String) -> String {
    if ignorecase {
        format!("(?i){pattern}")
    } else {
        pattern
    }
}

/// Compiles a pattern made from the entries `items` of key `key`; when it
/// does not compile, the error points at the entry that broke it.
pub fn compile_from(
    source: &RuleSource,
    key: &str,
    items: &[String],
    pattern: &str,
) -> Result<Pattern, SourceError> {
    Pattern::new(pattern).map_err(|e| invalid_pattern(source, key, items, &e))
}

/// The error for a pattern of `key` that does not compile, at the first of
/// `items` that does not compile alone.
pub fn invalid_pattern(
    source: &RuleSource,
    key: &str,
    items: &[String],
    error: &PatternError,
) -> SourceError {
    let culprit = items.iter().find(|t| Pattern::new(t).is_err());
    let range = source.value_range(key, culprit.map(String::as_str).unwrap_or(""));
    source
        .error(range, format!("invalid regular expression in `{key}`"))
        .with_note(error.to_string())
        .with_note(
            "patterns are regular expressions (look-around and backreferences are supported)",
        )
}

/// Vale's exception regex: longest first, case-sensitive unless an entry
/// says `(?i)`, whole words, tested anywhere in the matched text.
pub fn exception_pattern(terms: &[String]) -> Result<Option<Pattern>, PatternError> {
    let mut terms: Vec<&String> = terms.iter().filter(|t| !t.trim().is_empty()).collect();
    if terms.is_empty() {
        return Ok(None);
    }
    terms.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    terms.dedup();
    let body = terms
        .iter()
        .map(|t| {
            if t.starts_with("(?i)") {
                t.to_string()
            } else {
                format!("(?-i){t}")
            }
        })
        .collect::<Vec<_>>()
        .join("|");
    Pattern::new(&format!(r"(?m)\b(?:{body})\b")).map(Some)
}

/// `(?i)\b(?:p1|p2)\b` over the multi-word terms (a space, a tab or `\s`):
/// a finding inside a match of these in its unit is dropped (Vale's
/// phrase masking).
pub fn phrase_pattern(terms: &[String]) -> Option<Pattern> {
    let phrases: Vec<&str> = terms
        .iter()
        .filter(|t| t.contains(' ') || t.contains('\t') || t.contains("\\s"))
        .map(String::as_str)
        .collect();
    if phrases.is_empty() {
        return None;
    }
    Pattern::new(&format!(r"(?i)\b(?:{})\b", phrases.join("|"))).ok()
}

/// The error for a rule's `exceptions` that do not compile.
pub fn invalid_exceptions(source: &RuleSource, error: &PatternError) -> SourceError {
    source
        .error(
            source.key_range("exceptions"),
            "invalid regular expression in `exceptions`",
        )
        .with_note(error.to_string())
}
