//! The case checks of `capitalization` rules: whether a text is in title case,
//! sentence case, lower or upper case, or matches a pattern.
//!
//! Vale converts the text to the expected case (its `strcase` converters)
//! and counts the words that agree; the block passes when the share of
//! agreeing words reaches `threshold`. Words are compared token by token,
//! so the conversion and the comparison must tokenise exactly as Vale does.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use super::{CaseStyle, TitleStyle};
use crate::compile::{Pattern, SearchAborted};

/// Vale's word token: letters, digits or `*` (masked code), then anything
/// up to white space.
const WORD: &str = r"[\p{N}\p{L}*]+[^\s]*";

/// Lower-cased in title case unless first or last (both styles).
const SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "en", "for", "if", "in", "nor", "of", "on", "or",
    "per", "the", "to", "vs", "vs.", "via", "v", "v.",
];

/// Also lower-cased by the Chicago style.
const PREPOSITIONS: &[&str] = &[
    "with",
    "from",
    "into",
    "during",
    "including",
    "until",
    "against",
    "among",
    "throughout",
    "despite",
    "towards",
    "upon",
    "concerning",
    "about",
    "over",
    "through",
    "before",
    "between",
    "after",
    "since",
    "without",
    "under",
    "within",
    "along",
    "following",
    "across",
    "beyond",
    "around",
    "down",
    "near",
    "above",
];

/// The terms a converter keeps as written: the rule's exceptions (longest
/// first, as Vale sorts them) and then the vocabulary's accepted terms.
#[derive(Debug, Clone)]
struct Vocabulary {
    terms: Vec<String>,
    /// Lower-cased term → its first index, for Vale's case-blind equality.
    folded: HashMap<String, usize>,
    /// Each term is also a regular expression tested anywhere in a word.
    /// Most are plain words: those are found inside a word at once.
    literals: AhoCorasick,
    literal_index: Vec<usize>,
    /// The terms that are patterns, with their index, in order.
    patterns: Vec<(usize, Pattern)>,
}

impl Vocabulary {
    fn new(terms: Vec<String>) -> Vocabulary {
        let mut folded = HashMap::new();
        for (i, t) in terms.iter().enumerate() {
            folded.entry(t.to_lowercase()).or_insert(i);
        }
        let mut literals = Vec::new();
        let mut literal_index = Vec::new();
        let mut patterns = Vec::new();
        for (i, t) in terms.iter().enumerate() {
            if !t.contains(|c: char| "\\.+*?()|[]{}^$".contains(c)) {
                literals.push(t.as_str());
                literal_index.push(i);
            } else if let Ok(p) = Pattern::new(t) {
                patterns.push((i, p));
            }
        }
        let literals = AhoCorasick::new(&literals).expect("plain terms build an automaton");
        Vocabulary {
            terms,
            folded,
            literals,
            literal_index,
            patterns,
        }
    }

    /// How a converter writes `word`: the first term equal to it ignoring
    /// case gives its own spelling; a term matching inside it keeps it.
    fn lookup(&self, word: &str) -> Option<String> {
        if self.terms.is_empty() {
            return None;
        }
        let equal = self.folded.get(&word.to_lowercase()).copied();
        let mut matched = self
            .literals
            .find_overlapping_iter(word)
            .map(|m| self.literal_index[m.pattern().as_usize()])
            .min();
        for (i, p) in &self.patterns {
            if matched.is_some_and(|m| m < *i) {
                break;
            }
            if p.is_match(word).unwrap_or(false) {
                matched = Some(*i);
                break;
            }
        }
        match (equal, matched) {
            (Some(e), Some(m)) if m < e => Some(word.to_string()),
            (Some(e), _) => Some(self.terms[e].clone()),
            (None, Some(_)) => Some(word.to_string()),
            (None, None) => None,
        }
    }
}

/// Vale's tokens over a text: a term of a list (exceptions or vocabulary,
/// as one alternation) or else a word. The alternation is large (hundreds
/// of terms in RedHat's style) and slow to search; most headings hold none
/// of its terms, and then the tokens are just the words.
#[derive(Debug, Clone)]
struct Tokenizer {
    full: Pattern,
    /// Terms searched as plain text, and those that are patterns.
    literals: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    /// A term that compiles only as part of the whole: always search it.
    always: bool,
}

impl Tokenizer {
    /// `terms` are the alternation's terms, case-blind if `ignore_case`.
    fn new(full: Pattern, terms: &[String], ignore_case: bool) -> Tokenizer {
        let mut literals = Vec::new();
        let mut patterns = Vec::new();
        let mut always = false;
        for t in terms.iter().filter(|t| !t.trim().is_empty()) {
            let plain = !t.contains(|c: char| "\\.+*?()|[]{}^$".contains(c));
            if plain && (!ignore_case || t.is_ascii()) {
                literals.push(t.as_str());
            } else {
                let source = if ignore_case {
                    format!("(?i){t}")
                } else {
                    t.clone()
                };
                match Pattern::new(&source) {
                    Ok(p) => patterns.push(p),
                    Err(_) => always = true,
                }
            }
        }
        let literals = (!literals.is_empty()).then(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(ignore_case)
                .build(&literals)
                .expect("plain terms build an automaton")
        });
        Tokenizer {
            full,
            literals,
            patterns,
            always,
        }
    }

    fn find_all(&self, text: &str) -> Result<Vec<Range<usize>>, SearchAborted> {
        static WORDS: OnceLock<Regex> = OnceLock::new();
        let may_hold_term = self.always
            || self.literals.as_ref().is_some_and(|a| {
                a.find_overlapping_iter(text)
                    .any(|m| at_boundary(text, m.start()) && at_boundary(text, m.end()))
            })
            || self
                .patterns
                .iter()
                .any(|p| p.is_match(text).unwrap_or(true));
        if may_hold_term {
            return self.full.find_all(text);
        }
        let words = WORDS.get_or_init(|| Regex::new(WORD).expect("valid word pattern"));
        Ok(words.find_iter(text).map(|m| m.range()).collect())
    }
}

/// Whether `\b` holds at byte `at` of `text` (Unicode word characters).
fn at_boundary(text: &str, at: usize) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    word(text[..at].chars().next_back()) != word(text[at..].chars().next())
}

/// A compiled `capitalization` rule.
#[derive(Debug, Clone)]
pub struct CaseCheck {
    case: Case,
    /// Vale's exception regex (exceptions and, with `vocab`, the accepted
    /// terms), tested anywhere in a word or the text.
    exceptions: Option<Pattern>,
    /// Words of the text and of its conversion: an exception or a word.
    words: Tokenizer,
    threshold: f64,
}

#[derive(Debug, Clone)]
enum Case {
    Title {
        style: TitleStyle,
        vocab: Box<Vocabulary>,
        prefix: Option<Regex>,
    },
    Sentence {
        vocab: Box<Vocabulary>,
        /// The converter's own tokens: any vocabulary term, or a word.
        tokens: Box<Tokenizer>,
        indicators: Vec<String>,
        prefix: Option<Regex>,
    },
    Lower,
    Upper,
    Pattern(Pattern),
}

/// Why a rule's keys do not compile, naming the key.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CaseError {
    pub key: &'static str,
    pub message: String,
}

impl CaseCheck {
    /// `exceptions` is the rule's list, `accept` the vocabulary terms it
    /// takes (empty with `vocab: false`); `exception_pattern` is Vale's
    /// regex over both.
    pub fn new(
        case: &CaseStyle,
        exceptions: &[String],
        accept: &[String],
        exception_pattern: Option<Pattern>,
        indicators: &[String],
        threshold: f64,
        prefix: &str,
    ) -> Result<CaseCheck, CaseError> {
        let words = match &exception_pattern {
            Some(e) => format!("{}|{WORD}", e.as_str()),
            None => WORD.to_string(),
        };
        let words = Pattern::new(&words).map_err(|e| CaseError {
            key: "exceptions",
            message: e.to_string(),
        })?;
        let excepted: Vec<String> = exceptions.iter().chain(accept).cloned().collect();
        let words = Tokenizer::new(words, &excepted, false);
        // Vale sorts the rule's exceptions longest first in place before
        // handing them to the converter; the accepted terms follow.
        let mut terms: Vec<String> = exceptions
            .iter()
            .filter(|t| !t.trim().is_empty())
            .cloned()
            .collect();
        terms.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
        terms.extend(accept.iter().filter(|t| !t.trim().is_empty()).cloned());
        let prefix = if prefix.is_empty() {
            None
        } else {
            Some(Regex::new(prefix).map_err(|e| CaseError {
                key: "prefix",
                message: e.to_string(),
            })?)
        };
        let case = match case {
            CaseStyle::Title(style) => Case::Title {
                style: *style,
                vocab: Box::new(Vocabulary::new(terms)),
                prefix,
            },
            CaseStyle::Sentence => {
                let tokens = if terms.is_empty() {
                    format!("(?i){WORD}")
                } else {
                    format!(r"(?i)\b(?:{})\b|{WORD}", terms.join("|"))
                };
                let tokens = Pattern::new(&tokens).map_err(|e| CaseError {
                    key: "exceptions",
                    message: e.to_string(),
                })?;
                let tokens = Box::new(Tokenizer::new(tokens, &terms, true));
                Case::Sentence {
                    vocab: Box::new(Vocabulary::new(terms)),
                    tokens,
                    indicators: indicators.to_vec(),
                    prefix,
                }
            }
            CaseStyle::Lower => Case::Lower,
            CaseStyle::Upper => Case::Upper,
            CaseStyle::Pattern(p) => Case::Pattern(Pattern::new(p).map_err(|e| CaseError {
                key: "match",
                message: e.to_string(),
            })?),
        };
        Ok(CaseCheck {
            case,
            exceptions: exception_pattern,
            words,
            threshold,
        })
    }

    /// The expected form of `text` and whether `text` passes.
    pub fn check(&self, text: &str) -> Result<(String, bool), SearchAborted> {
        let excepted = |s: &str| -> Result<bool, SearchAborted> {
            match &self.exceptions {
                Some(p) => p.is_match(s),
                None => Ok(false),
            }
        };
        match &self.case {
            Case::Lower => {
                let expected = text.to_lowercase();
                let ok = text == expected || excepted(text)?;
                Ok((expected, ok))
            }
            Case::Upper => {
                let expected = text.to_uppercase();
                let ok = text == expected || excepted(text)?;
                Ok((expected, ok))
            }
            Case::Pattern(p) => Ok((p.as_str().to_string(), p.is_match(text)? || excepted(text)?)),
            Case::Title {
                style,
                vocab,
                prefix,
            } => {
                let expected = title_case(text, *style, vocab, prefix.as_ref());
                let ok = self.agreement(text, &expected, false)? >= self.threshold;
                Ok((expected, ok))
            }
            Case::Sentence {
                vocab,
                tokens,
                indicators,
                prefix,
            } => {
                let expected = sentence_case(text, vocab, tokens, indicators, prefix.as_ref())?;
                let ok = self.agreement(text, &expected, true)? >= self.threshold;
                Ok((expected, ok))
            }
        }
    }

    /// The share of words of `text` that agree with `expected`. A sentence
    /// whose first word is not capitalised fails outright (0).
    fn agreement(&self, text: &str, expected: &str, sentence: bool) -> Result<f64, SearchAborted> {
        let want: Vec<&str> = self
            .words
            .find_all(expected)?
            .into_iter()
            .map(|r| &expected[r])
            .collect();
        let mut right = 0.0;
        let mut words = 0.0;
        for (i, range) in self.words.find_all(text)?.into_iter().enumerate() {
            let word = &text[range];
            let agrees = match want.get(i) {
                // Vale: past the end of the conversion (an exception made
                // of several words shortened it), a word counts as right.
                None => true,
                Some(w) => {
                    *w == word
                        || match &self.exceptions {
                            Some(p) => p.is_match(word)?,
                            None => false,
                        }
                }
            };
            if agrees {
                right += 1.0;
            } else if sentence && i == 0 && word != go_title(&word.to_lowercase()) {
                return Ok(0.0);
            } else if !sentence && word == word.to_uppercase() {
                right += 1.0;
            }
            words += 1.0;
        }
        // No words: 0/0 is NaN in Vale, which never reaches the threshold.
        Ok(if words == 0.0 { 0.0 } else { right / words })
    }
}

/// Splits off the part of `text` that `prefix` matches at its start.
fn split_prefix<'t>(text: &'t str, prefix: Option<&Regex>) -> (&'t str, &'t str) {
    match prefix.and_then(|p| p.find(text)) {
        // Go's TrimPrefix: only a match that is a prefix is taken off.
        Some(m) if m.start() == 0 => text.split_at(m.end()),
        Some(m) if text.starts_with(m.as_str()) => text.split_at(m.as_str().len()),
        _ => ("", text),
    }
}

/// `text` in sentence case: the first word, and a word after an indicator,
/// capitalised; vocabulary terms as written; every other word lower case.
/// Words are joined by single spaces, as in Vale.
fn sentence_case(
    text: &str,
    vocab: &Vocabulary,
    tokens: &Tokenizer,
    indicators: &[String],
    prefix: Option<&Regex>,
) -> Result<String, SearchAborted> {
    static NUMBERED: OnceLock<Regex> = OnceLock::new();
    let numbered = NUMBERED.get_or_init(|| Regex::new(r"\d+\.").expect("valid"));
    let (head, body) = split_prefix(text, prefix);
    let found: Vec<&str> = tokens
        .find_all(body)?
        .into_iter()
        .map(|r| &body[r])
        .collect();
    let mut made = Vec::with_capacity(found.len());
    for (i, token) in found.iter().enumerate() {
        let after_indicator = i > 0 && {
            let prev = found[i - 1];
            indicators.iter().any(|s| prev.ends_with(s.as_str()))
                || (i == 1 && numbered.is_match(prev))
        };
        made.push(if let Some(term) = vocab.lookup(token) {
            term
        } else if i == 0 || after_indicator {
            capitalise(token, true)
        } else {
            token.to_lowercase()
        });
    }
    Ok(format!("{head}{}", made.join(" ")))
}

/// `text` in title case (Vale's AP or Chicago converter). Without a
/// part-of-speech tagger, `to` is always a small word (AP capitalises it
/// before a verb).
fn title_case(text: &str, style: TitleStyle, vocab: &Vocabulary, prefix: Option<&Regex>) -> String {
    static SPLIT: OnceLock<Regex> = OnceLock::new();
    let split = SPLIT.get_or_init(|| Regex::new(r"[\p{N}\p{L}]+[^\s\-/]*").expect("valid"));
    let (head, body) = split_prefix(text, prefix);
    // Positions are looked up in a copy with typographic punctuation made
    // ASCII, as Vale does (its offsets mix bytes and characters; so do ours).
    let plain = body
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{2013}', '\u{2014}'], "-")
        .replace('\u{2026}', "...");
    let t = plain.as_bytes();
    let at = |i: isize| -> u8 {
        if i >= 0 && (i as usize) < t.len() {
            t[i as usize]
        } else {
            0
        }
    };
    let end = t.len() as isize;
    let mut idx: isize = 0;
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    for m in split.find_iter(body) {
        out.push_str(&body[last..m.start()]);
        last = m.end();
        let word = m.as_str();
        let lower = word.to_lowercase();
        let from = (idx.max(0) as usize).min(t.len());
        let found = plain
            .get(from..)
            .and_then(|rest| rest.find(word))
            .map_or(-1, |p| p as isize);
        let pos = found + idx;
        let ext = word.chars().count() as isize;
        idx = pos + ext;
        let bounding = pos == 0 || idx == end;
        let small = SMALL_WORDS.contains(&lower.as_str())
            || (style == TitleStyle::Chicago && PREPOSITIONS.contains(&lower.as_str()));
        let prev = at(pos - 1);
        if let Some(term) = vocab.lookup(word) {
            out.push_str(&term);
        } else if !bounding
            && small
            && matches!(prev, b' ' | b'-' | b'/')
            && at(pos - 2) != b':'
            && at(pos - 2) != b'-'
            && (at(pos + ext) != b'-' || prev == b'-')
        {
            out.push_str(&lower);
        } else {
            out.push_str(&capitalise(word, false));
        }
    }
    out.push_str(&body[last..]);
    format!("{head}{out}")
}

/// The first character in title case; with `rest_lower`, the rest lower.
fn capitalise(word: &str, rest_lower: bool) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => {
            let rest: String = chars.collect();
            let rest = if rest_lower {
                rest.to_lowercase()
            } else {
                rest
            };
            c.to_uppercase().chain(rest.chars()).collect()
        }
        None => String::new(),
    }
}

/// Go's `strings.Title`: a capital after every separator (anything but a
/// letter, digit, `_` or non-ASCII non-space).
fn go_title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut after_separator = true;
    for c in s.chars() {
        if after_separator {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        after_separator = if c.is_ascii() {
            !(c.is_ascii_alphanumeric() || c == '_')
        } else {
            c.is_whitespace()
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exceptions(terms: &[&str]) -> Option<Pattern> {
        let mut terms: Vec<&str> = terms.to_vec();
        terms.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
        let body: Vec<String> = terms.iter().map(|t| format!("(?-i){t}")).collect();
        Some(Pattern::new(&format!(r"(?m)\b(?:{})\b", body.join("|"))).unwrap())
    }

    fn rule(
        case: CaseStyle,
        ex: &[&str],
        accept: &[&str],
        threshold: f64,
        prefix: &str,
    ) -> CaseCheck {
        let all: Vec<&str> = ex.iter().chain(accept).copied().collect();
        CaseCheck::new(
            &case,
            &ex.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            &accept.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            if all.is_empty() {
                None
            } else {
                exceptions(&all)
            },
            &[":".to_string()],
            threshold,
            prefix,
        )
        .unwrap()
    }

    fn passes(c: &CaseCheck, text: &str) -> bool {
        c.check(text).unwrap().1
    }

    /// Microsoft.Headings (and Google's, RedHat's): sentence case with `:`.
    #[test]
    fn microsoft_headings() {
        let c = rule(
            CaseStyle::Sentence,
            &[
                "Azure", "CLI", "Code", "Docker", "I", "Visual", "VS", "Windows",
            ],
            &[],
            0.8,
            "",
        );
        assert!(!passes(&c, "Microsoft Open Source Code of Conduct"));
        assert!(passes(&c, "Configure the agent workspace"));
        assert!(passes(&c, "Prerequisites: Set up Azure"));
        // The first word must be capitalised.
        assert!(!passes(&c, "configure the workspace"));
        let (expected, _) = c.check("Use Visual Studio Code").unwrap();
        assert_eq!(expected, "Use Visual studio Code");
    }

    /// Vale's own fixture (demo.SentenceCase, checks/Capitalization test4).
    #[test]
    fn sentence_case_with_prefix_and_numbered_headings() {
        let c = rule(
            CaseStyle::Sentence,
            &[
                "Section",
                "Level",
                "Title",
                "Azure",
                "Axon",
                "Axon Framework",
                "Axon Server",
                "Axon Synapse",
            ],
            &[],
            0.8,
            r"^[a-z]\.\s",
        );
        assert!(passes(&c, "1. An important heading"));
        assert!(passes(&c, "An unimportant heading"));
        assert!(!passes(&c, "An unimportant Heading"));
        assert!(passes(&c, "a. An unimportant heading"));
        assert!(!passes(&c, "B. An unimportant heading"));
        assert!(passes(&c, "Axon Server connection"));
    }

    /// demo.CustomCap: threshold 0.9 fails one wrong word in seven.
    #[test]
    fn threshold() {
        let c = rule(CaseStyle::Sentence, &["ABC", "add"], &[], 0.9, "");
        assert!(!passes(
            &c,
            "Section about the MacBook pro ultimate edition"
        ));
        let c = rule(CaseStyle::Sentence, &["ABC", "add"], &[], 0.8, "");
        assert!(passes(&c, "Section about the MacBook pro ultimate edition"));
    }

    /// Vocabulary terms keep their form, even across several words.
    #[test]
    fn vocabulary_terms_keep_their_form() {
        let accept = ["H-Def Render Pipeline", "High-Def Render Pipeline", "hubba"];
        let c = rule(CaseStyle::Sentence, &[], &accept, 0.8, "");
        assert!(passes(&c, "Try the High-Def Render Pipeline."));
        let t = rule(
            CaseStyle::Title(TitleStyle::Chicago),
            &["foo", "bar", "lorem"],
            &accept,
            0.8,
            "",
        );
        assert!(passes(&t, "foo, bar, and lorem Are Best Friends"));
        assert!(passes(&t, "hubba-hubba"));
    }

    #[test]
    fn title_case_styles() {
        let ap = rule(CaseStyle::Title(TitleStyle::Ap), &[], &[], 0.8, "");
        let (expected, ok) = ap.check("the state of the art in AI").unwrap();
        assert_eq!(expected, "The State of the Art in AI");
        assert!(!ok);
        assert!(passes(&ap, "A Guide for the Perplexed"));
        let chicago = rule(CaseStyle::Title(TitleStyle::Chicago), &[], &[], 0.8, "");
        let (expected, _) = chicago.check("life without a map").unwrap();
        assert_eq!(expected, "Life without a Map");
        // All-caps words count as right in title case.
        assert!(passes(&chicago, "Working With NASA Data Sets"));
    }

    #[test]
    fn lower_upper_and_patterns() {
        let lower = rule(CaseStyle::Lower, &["API"], &[], 0.8, "");
        assert!(passes(&lower, "all lower"));
        assert!(!passes(&lower, "Not lower"));
        assert!(passes(&lower, "the API way"));
        let upper = rule(CaseStyle::Upper, &[], &[], 0.8, "");
        assert!(passes(&upper, "LOUD"));
        assert!(!passes(&upper, "Quiet"));
        let pattern = rule(CaseStyle::Pattern("^[A-Z]".into()), &[], &[], 0.8, "");
        assert!(passes(&pattern, "Starts high"));
        assert_eq!(
            pattern.check("starts low").unwrap(),
            ("^[A-Z]".to_string(), false)
        );
    }

    #[test]
    fn go_title_capitalises_after_separators() {
        assert_eq!(go_title("top-level"), "Top-Level");
        assert_eq!(go_title("b."), "B.");
    }
}
