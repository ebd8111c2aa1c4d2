//! A fix's edit made to fit its place in the text: a replacement that
//! would leave the text wrong is adjusted where a rule can make it right
//! (the article before it, the separator after it, an `of` the phrase
//! needs) and is no fix at all where it would change nothing, touch markup,
//! or keep growing on every pass.

use std::ops::Range;

use crate::diagnostic::Applicability;
use crate::document::Document;
use crate::text::Span;

/// What a replacement of `range` becomes in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Fitted {
    /// The edit to make; `unsafe_only` when the result may still be wrong
    /// (it is then applied only with `--unsafe-fixes`).
    Edit {
        range: Span,
        replacement: String,
        unsafe_only: bool,
    },
    /// No edit: it would change nothing, or change what it must not.
    NoFix,
}

/// Separators a pattern takes along after a word (`eg[\s,]`) that a
/// substitution must not lose. Sentence punctuation is not among them: a
/// match ending in `?` or `.` may be meant to remove it (a heading's end
/// punctuation, the period of `ie.`).
fn is_trailing_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | ':')
}

/// Words after which a quantity phrase keeps its `of` (`many of these`).
const DETERMINERS: &[&str] = &[
    "the", "these", "those", "this", "that", "our", "your", "their", "its", "his", "her", "my",
    "them", "us", "you", "it", "which", "whom", "all", "each",
];

/// Fits the replacement of `range` (in `doc`'s source) by `replacement`.
pub(super) fn fit(doc: &Document, range: Range<usize>, replacement: &str) -> Fitted {
    let source = doc.source.as_str();
    let mut range = range;
    let mut replacement = replacement.to_string();
    if replacement.is_empty() {
        removal_spacing(doc, &mut range);
    } else if source[range.clone()].trim() != replacement {
        // Unless taking the white space out is the point (` — ` to `—`).
        keep_separators(source, &mut range, &replacement);
    }
    let matched = &source[range.clone()];
    if matched == replacement || already_there(source, &range, &replacement) {
        return Fitted::NoFix;
    }
    if touches_markup(doc, &range)
        || empties_markup(doc, &range, &replacement)
        || empties_line(doc, &range, &replacement)
        || doc.fixed_text.iter().any(|r| overlaps(r, &range))
    {
        return Fitted::NoFix;
    }
    let mut unsafe_only = false;
    if !replacement.is_empty() {
        if keeps_of(source, &range, &replacement) {
            replacement.push_str(" of");
            // `all of ` to `all` before `them`: the `of` stays, and so
            // does everything else.
            if source[range.clone()] == replacement {
                return Fitted::NoFix;
            }
        }
        unsafe_only = needs_agreement(source, &range, &replacement);
        if let Some(article) = article_before(source, range.start) {
            // The article is fixed only when the replacement keeps the
            // phrase's last word (`end result` to `result`): a replacement
            // of another kind (`look at` to `examine`) may need no article
            // at all, which no rule here can tell.
            let keeps_head =
                last_word(&source[range.clone()]).eq_ignore_ascii_case(last_word(&replacement));
            // In capitals (`AN END RESULT`) the words are still words.
            let shouted = source[range.clone()].chars().any(char::is_alphabetic)
                && !source[range.clone()].chars().any(char::is_lowercase);
            let basis = if shouted {
                replacement.to_lowercase()
            } else {
                replacement.clone()
            };
            let wanted = indefinite_article(&basis);
            if article.text.eq_ignore_ascii_case(wanted) {
                // Agrees already.
            } else if keeps_head {
                let fixed = with_case_of(&article.text, wanted);
                replacement = format!("{fixed}{}{replacement}", &source[article.end..range.start]);
                range.start = article.start;
            } else {
                unsafe_only = true;
            }
        }
    }
    Fitted::Edit {
        range: range.into(),
        replacement,
        unsafe_only,
    }
}

/// Shrinks `range` so that separators at its ends which `replacement`
/// does not have are kept (`e.g., ` replaced by `for example` keeps its
/// comma and space).
fn keep_separators(source: &str, range: &mut Range<usize>, replacement: &str) {
    while let Some(c) = source[range.clone()].chars().next_back() {
        let rest = &source[range.start..range.end - c.len_utf8()];
        // A comma the replacement itself drops (`a,` to `a`) is meant to go.
        let dropped_on_purpose = !c.is_whitespace() && rest == replacement;
        if !is_trailing_separator(c)
            || replacement.ends_with(c)
            || rest.is_empty()
            || dropped_on_purpose
        {
            break;
        }
        range.end -= c.len_utf8();
    }
    while let Some(c) = source[range.clone()].chars().next() {
        if !c.is_whitespace() || replacement.starts_with(c) || range.len() == c.len_utf8() {
            break;
        }
        range.start += c.len_utf8();
    }
}

/// Whether the text already reads as the replacement where the match is
/// (`OAuth 2` of `OAuth 2.0`, replaced by `OAuth 2.0`): applying it would
/// grow the text on every pass.
fn already_there(source: &str, range: &Range<usize>, replacement: &str) -> bool {
    replacement.len() > range.len()
        && (source[range.start..].starts_with(replacement)
            || source[..range.end].ends_with(replacement))
}

/// Whether any byte of `range` is markup (blanked in the prose view and
/// not white space in the file): an edit there would rewrite the markup.
fn touches_markup(doc: &Document, range: &Range<usize>) -> bool {
    let prose = &doc.prose.as_bytes()[range.clone()];
    let source = &doc.source.as_bytes()[range.clone()];
    prose
        .iter()
        .zip(source)
        .any(|(p, s)| p != s && !s.is_ascii_whitespace())
}

/// The range a removal takes: the words matched, without the white space
/// a pattern caught around them (unless white space is all it matched),
/// and one space: the one after, where the words follow white space or
/// markup; else the one before, where markup or punctuation follows
/// (`**move quickly**` to `**move**`, the closing mark kept against its
/// word); none where the words hang on the word before (`to...`).
fn removal_spacing(doc: &Document, range: &mut Range<usize>) {
    let source = doc.source.as_str();
    let matched = &source[range.clone()];
    if !matched.trim().is_empty() {
        range.start += matched.len() - matched.trim_start().len();
        range.end -= matched.len() - matched.trim_end().len();
    }
    let before = source[..range.start].chars().next_back();
    let after_markup = range.start > 0 && is_markup(doc, range.start - 1);
    // A sentence adverb that opens a line or an item goes with its comma
    // (`- Unfortunately, the page` to `- the page`, not `- , the page`).
    let opens = before.is_none_or(|c| c == '\n')
        || (before == Some(' ')
            && (range.start < 2
                || source[..range.start - 1].ends_with('\n')
                || is_markup(doc, range.start - 2)));
    if opens && source[range.end..].starts_with(", ") {
        range.end += 1;
    }
    let after = source[range.end..].chars().next();
    if after == Some(' ') && (before.is_none_or(char::is_whitespace) || after_markup) {
        range.end += 1;
    } else if before == Some(' ')
        && after.is_some_and(|c| !c.is_whitespace())
        && range.start > 1
        && !source[..range.start - 1].ends_with(char::is_whitespace)
        && !is_markup(doc, range.start - 2)
    {
        // Not the space of a list marker (`- Sales, CE` to `-, CE`).
        range.start -= 1;
    }
}

/// Whether the byte at `at` is markup: blanked in the prose view, and not
/// white space in the file.
fn is_markup(doc: &Document, at: usize) -> bool {
    doc.source.as_bytes()[at] != doc.prose.as_bytes()[at]
        && !doc.source.as_bytes()[at].is_ascii_whitespace()
}

/// Whether removing `range` would leave markup with nothing inside
/// (`(**...**)` to `(****)`, `[here](url)` to `[](url)`): the markup
/// would then read as something else, or as nothing.
fn empties_markup(doc: &Document, range: &Range<usize>, replacement: &str) -> bool {
    replacement.trim().is_empty()
        && range.start > 0
        && range.end < doc.source.len()
        && is_markup(doc, range.start - 1)
        && is_markup(doc, range.end)
}

/// Whether removing `range` would leave its line with no prose (`* ...`
/// to an empty list item): the block would be gone, or be something else.
fn empties_line(doc: &Document, range: &Range<usize>, replacement: &str) -> bool {
    if !replacement.trim().is_empty() {
        return false;
    }
    let (source, prose) = (doc.source.as_bytes(), doc.prose.as_bytes());
    let start = doc.source[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = doc.source[range.end..]
        .find('\n')
        .map_or(source.len(), |i| range.end + i);
    let is_prose = |at: usize| source[at] == prose[at] && !source[at].is_ascii_whitespace();
    !(start..range.start).chain(range.end..end).any(is_prose)
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Quantifiers that take `of` before a determiner (`many of these`).
const QUANTIFIERS: &[&str] = &[
    "many", "most", "few", "several", "some", "much", "all", "each", "none", "any", "both",
];

/// A quantity phrase ending in `of` (`a large number of`) replaced by a
/// quantifier without it (`many`) keeps the `of` before a determiner:
/// `many of these calls`, not `many these calls`.
fn keeps_of(source: &str, range: &Range<usize>, replacement: &str) -> bool {
    let matched = source[range.clone()].to_ascii_lowercase();
    let replaced = replacement.to_ascii_lowercase();
    if !matched.ends_with(" of") || !QUANTIFIERS.contains(&replaced.trim()) {
        return false;
    }
    let next: String = source[range.end..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    DETERMINERS.contains(&next.to_lowercase().as_str())
}

/// A singular phrase after `there's` or `there is` (`there's a large
/// number of`) replaced by a plural one (`many`) needs the verb to agree,
/// which no rule here can do safely.
fn needs_agreement(source: &str, range: &Range<usize>, replacement: &str) -> bool {
    let matched = source[range.clone()].to_ascii_lowercase();
    let singular = matched.starts_with("a ") || matched.starts_with("an ");
    let replaced = replacement.to_ascii_lowercase();
    let stays_singular = replaced.starts_with("a ") || replaced.starts_with("an ");
    if !singular || stays_singular {
        return false;
    }
    let before = source[..range.start].trim_end().to_ascii_lowercase();
    [
        "there's",
        "there is",
        "here's",
        "here is",
        "there was",
        "this is",
    ]
    .iter()
    .any(|v| before.ends_with(v))
}

/// The last word of a phrase.
fn last_word(phrase: &str) -> &str {
    phrase
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
}

/// An `a` or `an` right before `at` (one space between), with its range.
struct Article {
    text: String,
    start: usize,
    end: usize,
}

fn article_before(source: &str, at: usize) -> Option<Article> {
    let before = &source[..at];
    let gap = before.len() - before.trim_end_matches(' ').len();
    if gap != 1 {
        return None;
    }
    let end = at - gap;
    let word_start = before[..end]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map(|(i, _)| i)?;
    let word = &before[word_start..end];
    word.eq_ignore_ascii_case("a")
        .then_some(())
        .or_else(|| word.eq_ignore_ascii_case("an").then_some(()))?;
    Some(Article {
        text: word.to_string(),
        start: word_start,
        end,
    })
}

/// `a` or `an` for the phrase `next`, by the sound of its first word.
fn indefinite_article(next: &str) -> &'static str {
    let word: String = next
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let lower = word.to_lowercase();
    // Letters read by name: an acronym.
    if word.len() > 1 && word.chars().all(|c| c.is_ascii_uppercase()) {
        return match word.chars().next() {
            Some('A' | 'E' | 'F' | 'H' | 'I' | 'L' | 'M' | 'N' | 'O' | 'R' | 'S' | 'X') => "an",
            _ => "a",
        };
    }
    const SILENT_H: &[&str] = &["hour", "honest", "honor", "honour", "heir"];
    const YOU_SOUND: &[&str] = &[
        "uni", "use", "usu", "uti", "ubiq", "uran", "euro", "eu", "ewe", "one", "once", "ufo",
    ];
    if SILENT_H.iter().any(|p| lower.starts_with(p)) {
        return "an";
    }
    if YOU_SOUND.iter().any(|p| lower.starts_with(p)) {
        return "a";
    }
    // 8, 11, 18, 80…: "an eight", "an eleven".
    let spoken_vowel = lower.starts_with('8') || lower.starts_with("11") || lower.starts_with("18");
    match lower.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        Some(c) if c.is_ascii_digit() && spoken_vowel => "an",
        _ => "a",
    }
}

/// `word` written in the case pattern of `like` (`A`, `a`, `AN`).
fn with_case_of(like: &str, word: &str) -> String {
    let letters: Vec<char> = like.chars().collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        word.to_uppercase()
    } else if letters.first().is_some_and(|c| c.is_uppercase()) {
        let mut chars = word.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        word.to_string()
    }
}

/// The applicability a fitted edit may have: no safer than the rule's.
pub(super) fn capped(applicability: Applicability, unsafe_only: bool) -> Applicability {
    match applicability {
        Applicability::Safe if unsafe_only => Applicability::Unsafe,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::format::Format;

    fn fitted(text: &str, matched: &str, replacement: &str) -> Option<(String, bool)> {
        let doc = Document::new(text.to_string(), Format::Markdown, "md");
        let start = text.find(matched).unwrap();
        match fit(&doc, start..start + matched.len(), replacement) {
            Fitted::Edit {
                range,
                replacement,
                unsafe_only,
            } => {
                let mut out = text.to_string();
                out.replace_range(range.range(), &replacement);
                Some((out, unsafe_only))
            }
            Fitted::NoFix => None,
        }
    }

    fn fixed(text: &str, matched: &str, replacement: &str) -> String {
        fitted(text, matched, replacement).unwrap().0
    }

    #[test]
    fn the_article_before_agrees_with_the_replacement() {
        assert_eq!(
            fixed("It is an end result.", "end result", "result"),
            "It is a result."
        );
        assert_eq!(
            fixed("A final outcome.", "final outcome", "outcome"),
            "An outcome."
        );
        assert_eq!(
            fixed("a new innovation", "new innovation", "innovation"),
            "an innovation"
        );
        assert_eq!(fixed("AN END RESULT", "END RESULT", "RESULT"), "A RESULT");
        assert_eq!(fixed("a big hour", "big hour", "hour"), "an hour");
        assert_eq!(fixed("an odd unit", "odd unit", "unit"), "a unit");
        // A word ending in `a` is not an article.
        assert_eq!(
            fixed("Cuba end result", "end result", "result"),
            "Cuba result"
        );
    }

    #[test]
    fn a_quantity_phrase_keeps_its_of_before_a_determiner() {
        assert_eq!(
            fixed(
                "with the exception of the fee",
                "with the exception of",
                "except"
            ),
            "except the fee"
        );
        assert_eq!(
            fixed("a large number of these calls", "a large number of", "many"),
            "many of these calls"
        );
        assert_eq!(
            fixed("a large number of calls", "a large number of", "many"),
            "many calls"
        );
        let (text, unsafe_only) = fitted(
            "there's a large number of calls",
            "a large number of",
            "many",
        )
        .unwrap();
        assert_eq!(text, "there's many calls");
        assert!(unsafe_only, "the verb must agree: not safe");
        // Microsoft.Wordiness's `all of ` to `all` before `them`: the `of`
        // stays, so there is nothing to fix.
        assert_eq!(fitted("So all of them agree", "all of ", "all"), None);
    }

    #[test]
    fn separators_the_match_takes_along_are_kept() {
        assert_eq!(
            fixed("see eg, this", "eg, ", "for example"),
            "see for example, this"
        );
        assert_eq!(
            fixed("see e.g. this", "e.g. ", "for example"),
            "see for example this"
        );
        assert_eq!(
            fixed("(ie. modular)", "ie.", "that is"),
            "(that is modular)"
        );
        // What the replacement removes on purpose goes.
        assert_eq!(fixed("## Why?", "y?", "y"), "## Why");
        assert_eq!(fixed("Great! Then", "Great!", "Great"), "Great Then");
        assert_eq!(
            fixed("the user(s) list", "user(s)", "user"),
            "the user list"
        );
        assert_eq!(fixed("wait...", "...", "…"), "wait…");
        assert_eq!(fixed("a — b", " — ", "—"), "a—b");
    }

    #[test]
    fn an_article_that_cannot_be_made_right_makes_the_fix_unsafe() {
        let (text, unsafe_only) = fitted("Take a look at it", "look at", "examine").unwrap();
        assert_eq!(text, "Take a examine it");
        assert!(unsafe_only);
    }

    #[test]
    fn no_fix_where_nothing_changes_or_it_would_keep_growing() {
        assert_eq!(fitted("Use OAuth here", "OAuth", "OAuth"), None);
        assert_eq!(fitted("Use OAuth 2.0 here", "OAuth 2", "OAuth 2.0"), None);
        assert_eq!(
            fixed("Use OAuth 2 here", "OAuth 2", "OAuth 2.0"),
            "Use OAuth 2.0 here"
        );
    }

    #[test]
    fn no_edit_reaches_into_markup() {
        assert_eq!(fitted("Stop here<br />now", "here<", "there"), None);
        assert!(fitted("Stop here now", "here", "there").is_some());
    }

    /// Guards issue #21 (found by `examples/fix_corpus.rs`): removing the
    /// ellipsis of `(**...**)` left `(****)`, which is not bold any more.
    #[test]
    fn no_removal_leaves_markup_empty() {
        assert_eq!(fitted("the button (**...**):", "...", ""), None);
        assert_eq!(fitted("see [here](https://x.y) now", "here", ""), None);
        assert!(fitted("see **the very end** now", "very ", "").is_some());
        assert_eq!(fitted("* one\n* ...\n", "...", ""), None);
    }

    /// Guards issue #21 (found by `examples/fix_corpus.rs`): a removal
    /// before a closing mark left `**we move **`, no longer bold, and one
    /// of punctuation hanging on a word glued it to what followed.
    #[test]
    fn a_removal_takes_the_space_that_keeps_the_markup() {
        assert_eq!(fixed("we **move quickly**!", "quickly", ""), "we **move**!");
        assert_eq!(
            fixed("Use it to... _(the note)_", "...", ""),
            "Use it to _(the note)_"
        );
        assert_eq!(fixed("a very good day", "very", ""), "a good day");
        assert_eq!(
            fixed("- **Gracefully manage it**", "Gracefully", ""),
            "- **manage it**"
        );
        assert_eq!(fixed("etc... more", "... ", ""), "etc more");
        assert_eq!(
            fixed("- Unfortunately, the page", "Unfortunately", ""),
            "- the page"
        );
        assert_eq!(fixed("- Sales,CE", "Sales", ""), "- ,CE");
        assert_eq!(fixed("Very good.", "Very", ""), "good.");
    }
}
