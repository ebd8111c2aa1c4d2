//! One rule pattern: compiled with `regex` when it can be, with
//! `fancy-regex` (look-around, backreferences) when it must be.

use std::ops::Range;

use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// Backtracking budget per search for look-around patterns, so that one
/// pathological rule cannot hang a run.
const BACKTRACK_LIMIT: usize = 1_000_000;
/// Vale styles have very large alternations of Unicode-aware words.
const SIZE_LIMIT: usize = 256 * (1 << 20);
/// Below this, a literal prefix finds too many candidates to be worth it.
const MIN_LITERAL_LEN: usize = 2;

#[derive(Debug, Clone)]
pub enum Pattern {
    Std(regex::Regex),
    Fancy(fancy_regex::Regex),
}

/// One match of a pattern with capture groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupMatch {
    pub range: Range<usize>,
    /// The first non-empty group: its 1-based index and its range.
    pub group: Option<(usize, Range<usize>)>,
}

/// A pattern's search gave up (fancy-regex hit its backtracking limit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchAborted(pub String);

impl Pattern {
    pub fn new(source: &str) -> Result<Pattern, String> {
        match regex::RegexBuilder::new(source)
            .size_limit(SIZE_LIMIT)
            .dfa_size_limit(SIZE_LIMIT)
            .build()
        {
            Ok(re) => Ok(Pattern::Std(re)),
            Err(std_err) => fancy_regex::RegexBuilder::new(source)
                .backtrack_limit(BACKTRACK_LIMIT)
                .delegate_size_limit(SIZE_LIMIT)
                .delegate_dfa_size_limit(SIZE_LIMIT)
                .build()
                .map(Pattern::Fancy)
                .map_err(|fancy_err| match std_err {
                    // Only a pattern that needs the backtracking engine gets
                    // its error message.
                    regex::Error::Syntax(ref m)
                        if m.contains("look-around") || m.contains("backreferences") =>
                    {
                        fancy_err.to_string()
                    }
                    other => first_line(&other.to_string()),
                }),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Pattern::Std(re) => re.as_str(),
            Pattern::Fancy(re) => re.as_str(),
        }
    }

    /// Byte ranges of every non-overlapping match.
    pub fn find_all(&self, text: &str) -> Result<Vec<Range<usize>>, SearchAborted> {
        match self {
            Pattern::Std(re) => Ok(re.find_iter(text).map(|m| m.range()).collect()),
            Pattern::Fancy(re) => re
                .find_iter(text)
                .map(|m| {
                    m.map(|m| m.range())
                        .map_err(|e| SearchAborted(e.to_string()))
                })
                .collect(),
        }
    }

    /// Every match with its first participating capture group (1-based
    /// index and range), if any.
    pub fn find_groups(&self, text: &str) -> Result<Vec<GroupMatch>, SearchAborted> {
        fn first_group(
            groups: impl Iterator<Item = Option<Range<usize>>>,
        ) -> Option<(usize, Range<usize>)> {
            groups
                .enumerate()
                .skip(1)
                .find_map(|(i, g)| g.filter(|g| !g.is_empty()).map(|g| (i, g)))
        }
        match self {
            // Find with the fast engines, then resolve groups on the match
            // alone: captures over a whole paragraph would force the slow
            // NFA engines through all of it.
            Pattern::Std(re) => Ok(re
                .find_iter(text)
                .map(|m| {
                    let group = re.captures(m.as_str()).and_then(|c| {
                        first_group(
                            c.iter()
                                .map(|g| g.map(|g| g.start() + m.start()..g.end() + m.start())),
                        )
                    });
                    GroupMatch {
                        range: m.range(),
                        group,
                    }
                })
                .collect()),
            Pattern::Fancy(re) => re
                .captures_iter(text)
                .map(|c| {
                    let c = c.map_err(|e| SearchAborted(e.to_string()))?;
                    Ok(GroupMatch {
                        range: c.get(0).expect("group 0 always matches").range(),
                        group: first_group(c.iter().map(|g| g.map(|g| g.range()))),
                    })
                })
                .collect(),
        }
    }

    /// The text of every non-empty capture group of every match.
    pub fn captured_texts(&self, text: &str) -> Result<Vec<String>, SearchAborted> {
        let mut out = Vec::new();
        match self {
            Pattern::Std(re) => {
                for c in re.captures_iter(text) {
                    out.extend(
                        c.iter()
                            .skip(1)
                            .flatten()
                            .filter(|g| !g.is_empty())
                            .map(|g| g.as_str().to_string()),
                    );
                }
            }
            Pattern::Fancy(re) => {
                for c in re.captures_iter(text) {
                    let c = c.map_err(|e| SearchAborted(e.to_string()))?;
                    out.extend(
                        c.iter()
                            .skip(1)
                            .flatten()
                            .filter(|g| !g.as_str().is_empty())
                            .map(|g| g.as_str().to_string()),
                    );
                }
            }
        }
        Ok(out)
    }

    pub fn is_match(&self, text: &str) -> Result<bool, SearchAborted> {
        match self {
            Pattern::Std(re) => Ok(re.is_match(text)),
            Pattern::Fancy(re) => re.is_match(text).map_err(|e| SearchAborted(e.to_string())),
        }
    }

    /// Number of capture groups, not counting the whole match.
    pub fn group_count(&self) -> usize {
        match self {
            Pattern::Std(re) => re.captures_len() - 1,
            Pattern::Fancy(re) => re.captures_len() - 1,
        }
    }

    /// Replaces `$1`-style references in `template` with the groups of the
    /// first match of this pattern in `text`.
    pub fn expand(&self, text: &str, template: &str) -> String {
        match self {
            Pattern::Std(re) => match re.captures(text) {
                Some(c) => {
                    let mut out = String::new();
                    c.expand(template, &mut out);
                    out
                }
                None => template.to_string(),
            },
            Pattern::Fancy(re) => match re.captures(text) {
                Ok(Some(c)) => {
                    let mut out = String::new();
                    c.expand(template, &mut out);
                    out
                }
                _ => template.to_string(),
            },
        }
    }

    /// Literals one of which occurs in every match (lower-cased, for an
    /// ASCII case-insensitive scan), or `None` when the pattern has no
    /// useful finite set (then the rule always runs). Prefixes or suffixes,
    /// whichever set is more selective: a match lies inside one unit, so
    /// any literal of it places the match in that unit.
    pub fn required_literals(&self) -> Option<Vec<Vec<u8>>> {
        let Pattern::Std(re) = self else { return None };
        let prefix = literal_set(re.as_str(), ExtractKind::Prefix);
        let suffix = literal_set(re.as_str(), ExtractKind::Suffix);
        // Longer shortest literal first, then fewer literals.
        let score = |lits: &Vec<Vec<u8>>| {
            (
                lits.iter().map(Vec::len).min().unwrap_or(0),
                std::cmp::Reverse(lits.len()),
            )
        };
        match (prefix, suffix) {
            (Some(p), Some(s)) => Some(if score(&s) > score(&p) { s } else { p }),
            (p, s) => p.or(s),
        }
    }
}

/// The scan is ASCII case-insensitive, so a case-insensitive pattern is
/// extracted as written: Unicode case variants would blow past any sensible
/// literal limit. That is only sound for ASCII literals; otherwise extract
/// with the variants.
fn literal_set(source: &str, kind: ExtractKind) -> Option<Vec<Vec<u8>>> {
    let folded = source.replace("(?i)", "");
    if !folded.contains("(?i") {
        if let Some(lits) = extract(&folded, kind.clone()) {
            if !source.contains("(?i") || lits.iter().all(|l| l.is_ascii()) {
                return Some(lits);
            }
        }
    }
    extract(source, kind)
}

/// Finite literals of `pattern` of this kind, lower-cased and deduplicated.
fn extract(pattern: &str, kind: ExtractKind) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let mut extractor = Extractor::new();
    extractor
        .kind(kind)
        .limit_class(16)
        .limit_repeat(4)
        .limit_literal_len(32)
        .limit_total(2_000);
    let seq = extractor.extract(&hir);
    let literals = seq.literals()?;
    if literals.is_empty()
        || literals
            .iter()
            .any(|l| l.as_bytes().len() < MIN_LITERAL_LEN)
    {
        return None;
    }
    let mut out: Vec<Vec<u8>> = literals
        .iter()
        .map(|l| l.as_bytes().to_ascii_lowercase())
        .collect();
    out.sort();
    out.dedup();
    Some(out)
}

fn first_line(s: &str) -> String {
    // regex's messages draw the pattern with a caret; keep them whole but
    // trimmed.
    s.trim().to_string()
}

/// Rewrites capturing groups `(` to non-capturing `(?:`, so that group *i*
/// of a joined pattern is entry *i* (Vale does the same).
pub fn uncapture(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` right after `[` or `[^` is literal.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().expect("peeked"));
                }
                if chars.peek() == Some(&']') {
                    out.push(chars.next().expect("peeked"));
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '(' if !in_class => {
                if chars.peek() == Some(&'?') {
                    out.push('(');
                } else {
                    out.push_str("(?:");
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_patterns_use_the_regex_crate() {
        assert!(matches!(
            Pattern::new(r"\bcostumer\b").unwrap(),
            Pattern::Std(_)
        ));
    }

    #[test]
    fn look_around_falls_back_to_fancy() {
        let p = Pattern::new(r"\bclient(?!-side)\b").unwrap();
        assert!(matches!(p, Pattern::Fancy(_)));
        assert_eq!(p.find_all("client-side client").unwrap(), vec![12..18]);
    }

    #[test]
    fn invalid_patterns_are_errors() {
        assert!(Pattern::new("(unclosed").is_err());
    }

    #[test]
    fn unicode_word_boundaries() {
        let p = Pattern::new(r"\bclient\b").unwrap();
        assert_eq!(p.find_all("clientèle client").unwrap(), vec![11..17]);
    }

    #[test]
    fn catastrophic_patterns_abort() {
        let p = Pattern::new(r"(a+)+(?=b)\1").unwrap();
        let text = "a".repeat(40);
        assert!(p.find_all(&text).is_err());
    }

    #[test]
    fn prefixes_for_the_prefilter() {
        let p = Pattern::new(r"(?i)\b(?:costumer|clientel+e?)\b").unwrap();
        let lits = p.required_literals().unwrap();
        assert!(lits.iter().any(|l| l.starts_with(b"costumer")));
        assert!(lits.iter().any(|l| l.starts_with(b"client")));
        assert!(Pattern::new(r"\w+").unwrap().required_literals().is_none());
    }

    #[test]
    fn uncapture_keeps_classes_and_escapes() {
        assert_eq!(
            uncapture(r"(give|gave) rise \(to\) [(]x(?i)"),
            r"(?:give|gave) rise \(to\) [(]x(?i)"
        );
        assert_eq!(uncapture(r"[]()]"), r"[]()]");
    }
}
