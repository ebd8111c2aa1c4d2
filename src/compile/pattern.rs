//! One rule pattern: compiled with `regex` when it can be, with
//! `fancy-regex` (look-around, backreferences) when it must be.

use std::ops::Range;
use std::sync::OnceLock;

use super::go::{go_class_ranges, uncapture};
use super::guard::{without_look_around, Guarded};
use super::literals::literal_sets;
use super::shadow::{is_ascii_safe, parsed_ascii_safe, snap, snap_all};
use crate::text::Haystack;
use regex_syntax::ast;
use regex_syntax::hir::Hir;

/// Backtracking budget per search for look-around patterns, so that one
/// pathological rule cannot hang a run.
pub(super) const BACKTRACK_LIMIT: usize = 1_000_000;
/// Vale styles have very large alternations of Unicode-aware words.
pub(super) const SIZE_LIMIT: usize = 256 * (1 << 20);

/// The regex engine behind a pattern.
#[derive(Debug, Clone)]
pub enum Engine {
    Std(LazyRegex),
    /// Look-around only at branch edges: a `regex` core plus guards.
    Guarded(Box<Guarded>),
    Fancy(fancy_regex::Regex),
}

/// A `regex` pattern checked at load and compiled the first time it is
/// searched: of the thousand rules a large Vale setup loads, a one-file
/// run (a pre-commit hook, an editor opening a file) runs a handful.
#[derive(Debug, Clone)]
pub struct LazyRegex {
    source: String,
    /// Capture groups, not counting the whole match.
    groups: usize,
    compiled: OnceLock<Result<regex::Regex, String>>,
}

impl LazyRegex {
    fn new(source: String, hir: &Hir) -> LazyRegex {
        LazyRegex {
            source,
            groups: hir.properties().explicit_captures_len(),
            compiled: OnceLock::new(),
        }
    }

    /// The compiled regex; a pattern that parses but is too large to
    /// compile is reported as a search that gave up.
    fn get(&self) -> Result<&regex::Regex, SearchAborted> {
        self.compiled
            .get_or_init(|| build_std(&self.source).map_err(|e| first_line(&e.to_string())))
            .as_ref()
            .map_err(|e| SearchAborted(e.clone()))
    }
}

/// A compiled rule pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    engine: Engine,
    /// The pattern without capture groups, for finding matches of a
    /// pattern with groups (see [`Guarded`]'s `finder`); built the first
    /// time the pattern is searched for groups, so rules that never run
    /// cost nothing at load.
    finder: OnceLock<Option<regex::Regex>>,
    /// For a backtracking pattern: the pattern with its look-around taken
    /// out, which matches wherever it does; text it does not match is not
    /// searched with the slow engine at all.
    gate: Option<regex::Regex>,
    /// Whether it may search the ASCII shadow of the text instead of the
    /// text (see [`Haystack`]).
    ascii_safe: bool,
}

/// One match of a pattern with capture groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupMatch {
    pub range: Range<usize>,
    /// The first non-empty group: its 1-based index and its range.
    pub group: Option<(usize, Range<usize>)>,
}

/// A rule pattern that compiles with neither engine, in the words of the
/// engine that would run it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PatternError(pub String);

/// A pattern's search gave up (fancy-regex hit its backtracking limit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchAborted(pub String);

impl Pattern {
    fn with(engine: Engine, ascii_safe: bool) -> Pattern {
        Pattern {
            engine,
            finder: OnceLock::new(),
            gate: None,
            ascii_safe,
        }
    }

    /// The side of `hay` this pattern searches.
    pub fn pick<'a>(&self, hay: &Haystack<'a>) -> &'a str {
        if self.ascii_safe {
            hay.shadow
        } else {
            hay.text
        }
    }

    /// [`Pattern::find_all`] over a unit, searching the shadow when it can,
    /// with match ends moved onto character boundaries of the text.
    pub fn find_all_in(&self, hay: &Haystack) -> Result<Vec<Range<usize>>, SearchAborted> {
        let mut found = self.search_all(self.pick(hay), hay.text)?;
        if self.searches_shadow(hay) {
            snap_all(hay.text, &mut found);
        }
        Ok(found)
    }

    /// [`Pattern::find_groups`] over a unit, as [`Pattern::find_all_in`].
    pub fn find_groups_in(&self, hay: &Haystack) -> Result<Vec<GroupMatch>, SearchAborted> {
        let mut found = self.search_groups(self.pick(hay), hay.text)?;
        if self.searches_shadow(hay) {
            for m in &mut found {
                m.range = snap(hay.text, m.range.clone());
                if let Some((_, g)) = &mut m.group {
                    *g = snap(hay.text, g.clone());
                }
            }
        }
        Ok(found)
    }

    /// [`Pattern::captured_ranges`] over a unit, as [`Pattern::find_all_in`].
    pub fn captured_ranges_in(&self, hay: &Haystack) -> Result<Vec<Range<usize>>, SearchAborted> {
        let mut found = self.search_captured(self.pick(hay), hay.text)?;
        if self.searches_shadow(hay) {
            snap_all(hay.text, &mut found);
        }
        Ok(found)
    }

    pub fn is_match_in(&self, hay: &Haystack) -> Result<bool, SearchAborted> {
        self.search_is_match(self.pick(hay), hay.text)
    }

    fn gated_out(&self, text: &str) -> bool {
        self.gate.as_ref().is_some_and(|gate| !gate.is_match(text))
    }

    fn searches_shadow(&self, hay: &Haystack) -> bool {
        self.ascii_safe && !std::ptr::eq(hay.text, hay.shadow)
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn new(source: &str) -> Result<Pattern, PatternError> {
        // regexp2's syntax (Vale's engine) where Rust's engines read it
        // otherwise.
        let translated = super::regexp2::translate(source).map_err(PatternError)?;
        let source = translated.as_deref().unwrap_or(source);
        let parsed = parse_std(source)
            .map(|hir| (source.to_string(), hir))
            .or_else(|err| match go_class_ranges(source) {
                // Go reads `[\w-_]` as `\w`, `-` and `_`; Rust rejects it.
                Some(fixed) if is_kind(&err, ast::ErrorKind::ClassRangeLiteral) => {
                    parse_std(&fixed).map(|hir| (fixed, hir)).map_err(|_| err)
                }
                _ => Err(err),
            });
        match parsed {
            Ok((source, hir)) => {
                let ascii_safe = is_ascii_safe(&source, &hir);
                Ok(Pattern::with(
                    Engine::Std(LazyRegex::new(source, &hir)),
                    ascii_safe,
                ))
            }
            Err(std_err) => match Guarded::new(source, |core| build_std(core).ok()) {
                Some(guarded) => Ok(Pattern::guarded(guarded)),
                None => Pattern::fancy(source, std_err),
            },
        }
    }

    fn guarded(guarded: Guarded) -> Pattern {
        // Only the core may read the shadow; the guards read the text.
        let ascii_safe = parsed_ascii_safe(guarded.as_str());
        Pattern {
            engine: Engine::Guarded(Box::new(guarded)),
            finder: OnceLock::new(),
            gate: None,
            ascii_safe,
        }
    }

    fn fancy(source: &str, std_err: Box<regex_syntax::Error>) -> Result<Pattern, PatternError> {
        fancy_regex::RegexBuilder::new(source)
            .backtrack_limit(BACKTRACK_LIMIT)
            .delegate_size_limit(SIZE_LIMIT)
            .delegate_dfa_size_limit(SIZE_LIMIT)
            .build()
            .map(|re| Pattern {
                gate: without_look_around(source).and_then(|gate| build_std(&gate).ok()),
                ..Pattern::with(Engine::Fancy(re), parsed_ascii_safe(source))
            })
            .map_err(|fancy_err| {
                // Only a pattern that needs the backtracking engine gets
                // its error message.
                let needs_backtracking = is_kind(&std_err, ast::ErrorKind::UnsupportedLookAround)
                    || is_kind(&std_err, ast::ErrorKind::UnsupportedBackreference);
                PatternError(if needs_backtracking {
                    fancy_err.to_string()
                } else {
                    first_line(&regex::Error::Syntax(std_err.to_string()).to_string())
                })
            })
    }

    pub fn as_str(&self) -> &str {
        match &self.engine {
            Engine::Std(re) => &re.source,
            Engine::Guarded(g) => g.as_str(),
            Engine::Fancy(re) => re.as_str(),
        }
    }

    /// Byte ranges of every non-overlapping match.
    pub fn find_all(&self, text: &str) -> Result<Vec<Range<usize>>, SearchAborted> {
        self.search_all(text, text)
    }

    /// Searches `text`, which is the unit's text or its ASCII shadow;
    /// look-around guards always read the unit's own `real` text.
    fn search_all(&self, text: &str, real: &str) -> Result<Vec<Range<usize>>, SearchAborted> {
        if self.gated_out(text) {
            return Ok(Vec::new());
        }
        match &self.engine {
            Engine::Std(re) => Ok(re.get()?.find_iter(text).map(|m| m.range()).collect()),
            Engine::Guarded(g) => Ok(g.matches(text, real).map(|m| m.range).collect()),
            Engine::Fancy(re) => within_budget(
                re.find_iter(text)
                    .map(|m| m.map(|m| m.range()).map_err(aborted)),
            ),
        }
    }

    /// Every match with its first participating capture group (1-based
    /// index and range), if any.
    pub fn find_groups(&self, text: &str) -> Result<Vec<GroupMatch>, SearchAborted> {
        self.search_groups(text, text)
    }

    fn search_groups(&self, text: &str, real: &str) -> Result<Vec<GroupMatch>, SearchAborted> {
        if self.gated_out(text) {
            return Ok(Vec::new());
        }
        fn first_group(
            groups: impl Iterator<Item = Option<Range<usize>>>,
        ) -> Option<(usize, Range<usize>)> {
            groups
                .enumerate()
                .skip(1)
                .find_map(|(i, g)| g.filter(|g| !g.is_empty()).map(|g| (i, g)))
        }
        match &self.engine {
            // Find with the fast engines, then resolve groups on the match
            // alone: captures over a whole paragraph would force the slow
            // NFA engines through all of it.
            Engine::Std(lazy) => {
                let re = lazy.get()?;
                Ok(self
                    .finder
                    .get_or_init(|| {
                        (re.captures_len() > 1)
                            .then(|| build_std(&uncapture(re.as_str())).ok())
                            .flatten()
                    })
                    .as_ref()
                    .unwrap_or(re)
                    .find_iter(text)
                    .map(|m| {
                        // From the match's start with the text around it
                        // in view: on the match alone, a `\b` or `$` at its
                        // end would read the end of the text (`See \[` then
                        // `\b` holds before `the`, not at the end of `See [`).
                        // The engine finds the match before reading groups
                        // over it only.
                        let group = re
                            .captures_at(text, m.start())
                            .filter(|c| c.get(0).is_some_and(|g| g.range() == m.range()))
                            .and_then(|c| first_group(c.iter().map(|g| g.map(|g| g.range()))));
                        GroupMatch {
                            range: m.range(),
                            group,
                        }
                    })
                    .collect())
            }
            Engine::Guarded(g) => Ok(g
                .matches(text, real)
                .map(|m| GroupMatch {
                    group: first_group(m.groups.into_iter()),
                    range: m.range,
                })
                .collect()),
            Engine::Fancy(re) => within_budget(re.captures_iter(text).map(|c| {
                c.map(|c| GroupMatch {
                    range: c.get(0).expect("group 0 always matches").range(),
                    group: first_group(c.iter().map(|g| g.map(|g| g.range()))),
                })
                .map_err(aborted)
            })),
        }
    }

    /// The text of every non-empty capture group of every match.
    /// The ranges of every non-empty capture group of every match.
    pub fn captured_ranges(&self, text: &str) -> Result<Vec<Range<usize>>, SearchAborted> {
        self.search_captured(text, text)
    }

    fn search_captured(&self, text: &str, real: &str) -> Result<Vec<Range<usize>>, SearchAborted> {
        if self.gated_out(text) {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        match &self.engine {
            Engine::Std(re) => {
                for c in re.get()?.captures_iter(text) {
                    out.extend(
                        c.iter()
                            .skip(1)
                            .flatten()
                            .filter(|g| !g.is_empty())
                            .map(|g| g.range()),
                    );
                }
            }
            Engine::Guarded(g) => {
                for m in g.matches(text, real) {
                    out.extend(
                        m.groups
                            .into_iter()
                            .skip(1)
                            .flatten()
                            .filter(|g| !g.is_empty()),
                    );
                }
            }
            Engine::Fancy(re) => {
                let groups = re.captures_iter(text).map(|c| {
                    c.map(|c| {
                        c.iter()
                            .skip(1)
                            .flatten()
                            .filter(|g| !g.as_str().is_empty())
                            .map(|g| g.range())
                            .collect::<Vec<_>>()
                    })
                    .map_err(aborted)
                });
                out.extend(within_budget(groups)?.into_iter().flatten());
            }
        }
        Ok(out)
    }

    pub fn is_match(&self, text: &str) -> Result<bool, SearchAborted> {
        self.search_is_match(text, text)
    }

    fn search_is_match(&self, text: &str, real: &str) -> Result<bool, SearchAborted> {
        if self.gated_out(text) {
            return Ok(false);
        }
        match &self.engine {
            Engine::Std(re) => Ok(re.get()?.is_match(text)),
            Engine::Guarded(g) => Ok(g.matches(text, real).next().is_some()),
            Engine::Fancy(re) => re.is_match(text).map_err(|e| SearchAborted(e.to_string())),
        }
    }

    /// Number of capture groups, not counting the whole match.
    pub fn group_count(&self) -> usize {
        match &self.engine {
            Engine::Std(re) => re.groups,
            Engine::Guarded(g) => g.group_count(),
            Engine::Fancy(re) => re.captures_len() - 1,
        }
    }

    /// Replaces `$1`-style references in `template` with the groups of the
    /// first match of this pattern in `text`.
    pub fn expand(&self, text: &str, template: &str) -> String {
        match &self.engine {
            Engine::Std(re) => match re.get().ok().and_then(|re| re.captures(text)) {
                Some(c) => {
                    let mut out = String::new();
                    c.expand(template, &mut out);
                    out
                }
                None => template.to_string(),
            },
            Engine::Guarded(g) => match g.matches(text, text).next() {
                Some(m) => expand_numbered(text, &m.groups, template),
                None => template.to_string(),
            },
            Engine::Fancy(re) => match re.captures(text) {
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
        // A guarded pattern's core matches wherever the pattern does.
        let source = match &self.engine {
            Engine::Std(re) => re.source.as_str(),
            Engine::Guarded(g) => g.as_str(),
            Engine::Fancy(_) => return None,
        };
        let [prefix, suffix] = literal_sets(source);
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

/// A `regex` pattern with the size limits Vale styles' large alternations
/// need.
fn build_std(source: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(source)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(SIZE_LIMIT)
        .build()
}

/// `$1`, `${1}` and `$$` in `template`, from groups numbered as written
/// (what `regex::Captures::expand` does for numbered groups).
fn expand_numbered(text: &str, groups: &[Option<Range<usize>>], template: &str) -> String {
    let group = |n: usize| groups.get(n).cloned().flatten().map_or("", |r| &text[r]);
    let mut out = String::new();
    let mut rest = template;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        let (digits, after) = match rest.strip_prefix('{') {
            Some(inner) => match inner.find('}') {
                Some(end) => (&inner[..end], &inner[end + 1..]),
                None => ("", rest),
            },
            None => {
                let end = rest
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len());
                (&rest[..end], &rest[end..])
            }
        };
        match digits.parse::<usize>() {
            Ok(n) => {
                out.push_str(group(n));
                rest = after;
            }
            Err(_) => out.push('$'),
        }
    }
    out.push_str(rest);
    out
}

/// How long a backtracking pattern may search one text (one rule on one
/// block). Each of its searches is bounded by the backtracking limit, but a
/// pattern whose look-around scans far at every match (`\w+(?=.*end)`)
/// stays under it at each one and grows quadratic over a long paragraph:
/// the budget bounds the whole search.
const SEARCH_TIME: std::time::Duration = std::time::Duration::from_millis(500);

/// Collects the matches of a backtracking search, giving up when one
/// search fails (the backtracking limit) or the whole takes longer than
/// [`SEARCH_TIME`].
fn within_budget<T>(
    found: impl Iterator<Item = Result<T, SearchAborted>>,
) -> Result<Vec<T>, SearchAborted> {
    let started = std::time::Instant::now();
    let mut out = Vec::new();
    for item in found {
        out.push(item?);
        if started.elapsed() > SEARCH_TIME {
            return Err(SearchAborted(format!(
                "more than {} ms on one block",
                SEARCH_TIME.as_millis()
            )));
        }
    }
    Ok(out)
}

/// A backtracking search that gave up, in its engine's words.
fn aborted(e: fancy_regex::Error) -> SearchAborted {
    SearchAborted(e.to_string())
}

/// `source` parsed as the `regex` crate parses it.
pub(super) fn parse_std(source: &str) -> Result<Hir, Box<regex_syntax::Error>> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(source)
        .map_err(Box::new)
}

/// Whether a parse error is a syntax error of `kind`.
fn is_kind(error: &regex_syntax::Error, kind: ast::ErrorKind) -> bool {
    matches!(error, regex_syntax::Error::Parse(e) if *e.kind() == kind)
}

fn first_line(s: &str) -> String {
    // regex's messages draw the pattern with a caret; keep them whole but
    // trimmed.
    s.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::ascii_shadow;

    /// Vale's swap pattern `(?m)\b(?:(k1)|(k2))\b` (`V:internal/check/
    /// substitution.go` `NewSubstitution`): which key matched is read with
    /// the text after the match in view, so a key that ends in a non-word
    /// character (`See \[`) is found where regexp2 finds it, before a word.
    #[test]
    fn groups_are_read_with_the_text_around_the_match() {
        let p = Pattern::new(r"(?m)\b(?:(See \[)|(Alt \+ )|(vs\.))\b").unwrap();
        let groups: Vec<_> = p
            .find_groups("See [the docs], Alt + F4, A vs.B, a vs. b")
            .unwrap()
            .into_iter()
            .map(|m| m.group.map(|(i, _)| i))
            .collect();
        assert_eq!(groups, vec![Some(1), Some(2), Some(3)]);
    }

    #[test]
    fn plain_patterns_use_the_regex_crate() {
        assert!(matches!(
            Pattern::new(r"\bcostumer\b").unwrap().engine(),
            Engine::Std(_)
        ));
    }

    #[test]
    fn look_around_at_edges_is_guarded_elsewhere_fancy() {
        let p = Pattern::new(r"\bclient(?!-side)\b").unwrap();
        assert!(matches!(p.engine(), Engine::Guarded(_)));
        assert_eq!(p.find_all("client-side client").unwrap(), vec![12..18]);
        let p = Pattern::new(r"\bcli(?=e)ent\b").unwrap();
        assert!(matches!(p.engine(), Engine::Fancy(_)));
        assert_eq!(p.find_all("a client").unwrap(), vec![2..8]);
        let p = Pattern::new(r"\b(\w+) \1\b").unwrap();
        assert!(matches!(p.engine(), Engine::Fancy(_)));
    }

    #[test]
    fn escaped_non_ascii_searches_the_text() {
        let text = "A line \u{2013} here, na\u{ef}ve";
        let shadow = ascii_shadow(text).unwrap();
        let hay = Haystack {
            text,
            shadow: &shadow,
        };
        for (source, found) in [
            (r"[\u2010\u2011\u2013\u2014]", 7..10),
            (r"\u2013", 7..10),
            (r"na[\u00e0-\u00ff]ve", 17..23),
            (r"\bna\w+", 17..23),
        ] {
            let all = Pattern::new(source).unwrap().find_all_in(&hay).unwrap();
            assert_eq!(all, [found], "{source}");
        }
        assert!(Pattern::new(r"\bna\w+").unwrap().ascii_safe);
    }

    #[test]
    fn go_dashes_next_to_class_escapes_are_literal() {
        let p = Pattern::new(r"[\w-_`]+, (and|or)").unwrap();
        assert_eq!(p.find_all("red-ish, or").unwrap(), vec![0..11]);
        assert_eq!(go_class_ranges(r"[a-z]"), None);
    }

    #[test]
    fn guarded_groups_expand_as_written() {
        let p = Pattern::new(r"(?i)\b(?:(?<!-)(bare) metal( nodes?))\b").unwrap();
        assert_eq!(p.group_count(), 2);
        assert_eq!(
            p.expand("bare metal nodes", "$1-metal${2}$$"),
            "bare-metal nodes$"
        );
    }

    #[test]
    fn the_shadow_keeps_offsets_and_kinds() {
        let text = "Ça coûte 5 €, naïve “client”\u{a0}٣ 🚀";
        let shadow = ascii_shadow(text).unwrap();
        assert_eq!(shadow.len(), text.len());
        assert!(shadow.is_ascii());
        let p = Pattern::new(r"\bclient\b").unwrap();
        assert_eq!(p.find_all(&shadow).unwrap(), p.find_all(text).unwrap());
        let w = Pattern::new(r"\w+").unwrap();
        assert_eq!(w.find_all(&shadow).unwrap(), w.find_all(text).unwrap());
        let s = Pattern::new(r"\S+").unwrap();
        assert_eq!(s.find_all(&shadow).unwrap(), s.find_all(text).unwrap());
        assert!(ascii_shadow("plain").is_none());
        assert!(!Pattern::new(r"\p{Lu}").unwrap().ascii_safe);
        assert!(!Pattern::new("café").unwrap().ascii_safe);
        assert!(Pattern::new(r"(?i)\bkeep \w+ed\b").unwrap().ascii_safe);
        assert!(!Pattern::new(r"a.b").unwrap().ascii_safe);
        assert!(!Pattern::new(r"(?:\S+\s+){3}\S").unwrap().ascii_safe);
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
