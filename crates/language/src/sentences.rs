//! Sentence segmentation good enough for business prose.
//!
//! A sentence ends at `.`, `!` or `?` (plus closing quotes and brackets)
//! followed by white space and something that can start a sentence, except
//! after a known abbreviation, an initial, or inside parentheses.

use std::ops::Range;

/// Words after which a period does not end a sentence (lower case, without
/// the final period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "inc", "ltd", "co", "corp", "llc",
    "plc", "bros", "vs", "e.g", "i.e", "cf", "al", "approx", "dept", "est", "fig", "no", "nos",
    "vol", "p", "pp", "ch", "sec", "art", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "u.s", "u.k", "a.m", "p.m", "ph.d", "gov", "ave", "rd", "blvd",
    "ft", "hr", "hrs", "min", "max", "misc", "ref", "rev", "tel", "ext", "incl", "govt", "int",
    "intl", "assn", "attn", "esp",
];

/// Abbreviations that come before a name, so never end a sentence.
const TITLES: &[&str] = &["mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt"];

/// Byte ranges of the sentences in `text`, trimmed of surrounding white space.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut depth = 0i32;
    let mut i = 0;
    // A byte loop: this runs over every paragraph of every file when a rule
    // is scoped to sentences.
    while i < bytes.len() {
        let term_len = match bytes[i] {
            b'(' | b'[' => {
                depth += 1;
                0
            }
            b')' | b']' => {
                depth = (depth - 1).max(0);
                // "(see the appendix.) Next" ends where the bracket closes.
                let closes_sentence = depth == 0
                    && i > 0
                    && matches!(bytes[i - 1], b'.' | b'!' | b'?')
                    && text[i + 1..].starts_with(char::is_whitespace)
                    && text[i + 1..]
                        .chars()
                        .find(|c| !c.is_whitespace())
                        .is_some_and(|c| !c.is_lowercase());
                if closes_sentence {
                    push_trimmed(&mut out, text, start..i + 1);
                    start = i + 1;
                }
                0
            }
            b'.' | b'!' | b'?' => 1,
            0xE2 if text[i..].starts_with('…') => 3,
            b'\n' if bytes.get(i + 1) == Some(&b'\n') => {
                // A blank line always ends a sentence.
                push_trimmed(&mut out, text, start..i);
                start = i;
                0
            }
            _ => 0,
        };
        if term_len == 0 || depth > 0 {
            i += 1;
            continue;
        }
        // Take any run of terminators and closing punctuation.
        let mut j = i + term_len;
        while let Some(c) = text[j..].chars().next() {
            if matches!(
                c,
                '.' | '!' | '?' | '…' | '"' | '\'' | '”' | '’' | ')' | ']'
            ) {
                j += c.len_utf8();
            } else {
                break;
            }
        }
        let next_is_space = text[j..].chars().next().is_none_or(char::is_whitespace);
        // A question or exclamation inside a sentence ("asks, "Why?" and
        // waits") does not end it: Punkt reads on when a lower-case word follows.
        let lower_follows = text[j..]
            .chars()
            .find(|c| !c.is_whitespace())
            .is_some_and(char::is_lowercase);
        let ends = if bytes[i] == b'.' {
            ends_sentence(text, start, i, j)
        } else {
            !lower_follows
        };
        if next_is_space && ends {
            push_trimmed(&mut out, text, start..j);
            start = j;
        }
        i = j;
    }
    push_trimmed(&mut out, text, start..text.len());
    out
}

/// Whether the period at `dot` (the terminator run ending at `next`) ends
/// the sentence that began at `start`.
fn ends_sentence(text: &str, start: usize, dot: usize, next: usize) -> bool {
    let before = &text[start..dot];
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        // "2 A max.⏎The next one": a line break and a capital end the
        // sentence after an abbreviation, except after a title ("Dr.⏎Smith").
        let gap = &text[next..];
        let gap = &gap[..gap.len() - gap.trim_start().len()];
        let capital_follows = text[next..]
            .chars()
            .find(|c| !c.is_whitespace())
            .is_some_and(char::is_uppercase);
        return gap.contains('\n') && capital_follows && !TITLES.contains(&lower.as_str());
    }
    // An initial ("J. Smith") or a dotted acronym ("U.S.").
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    if word.chars().count() == 1 && letters.next().is_some_and(char::is_uppercase) {
        return false;
    }
    if word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.') && word.len() <= 6
    {
        return false;
    }
    // What follows must look like the start of a sentence.
    match text[next..].chars().find(|c| !c.is_whitespace()) {
        None => true,
        Some(c) => !c.is_lowercase(),
    }
}

fn push_trimmed(out: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn a_quoted_question_inside_a_sentence_does_not_end_it() {
        assert_eq!(
            split("Ask, \"Can you help?\" or \"Why?\" Then wait! Really."),
            vec![
                "Ask, \"Can you help?\" or \"Why?\"",
                "Then wait!",
                "Really."
            ]
        );
    }

    #[test]
    fn splits_plain_sentences() {
        assert_eq!(
            split("We met. They agreed! Did it work? Yes."),
            vec!["We met.", "They agreed!", "Did it work?", "Yes."]
        );
    }

    #[test]
    fn no_split_after_abbreviations() {
        assert_eq!(
            split(
                "Talk to Mr. Smith at Acme Inc. about it. Bring e.g. the contract, i.e. the MSA."
            ),
            vec![
                "Talk to Mr. Smith at Acme Inc. about it.",
                "Bring e.g. the contract, i.e. the MSA."
            ]
        );
    }

    #[test]
    fn no_split_in_decimals_parentheses_or_initials() {
        assert_eq!(
            split("Revenue grew 3.5 percent (see p. 4. Also Fig. 2.) and J. Doe agreed. Done."),
            vec![
                "Revenue grew 3.5 percent (see p. 4. Also Fig. 2.) and J. Doe agreed.",
                "Done."
            ]
        );
    }

    #[test]
    fn lower_case_continuation_does_not_split() {
        assert_eq!(
            split("It costs approx. ten dollars."),
            vec!["It costs approx. ten dollars."]
        );
        assert_eq!(split("See the U.S. office."), vec!["See the U.S. office."]);
    }

    #[test]
    fn etc_and_closing_brackets() {
        assert_eq!(
            split("Bring pens, paper, etc. The room has a projector."),
            vec!["Bring pens, paper, etc.", "The room has a projector."]
        );
        assert_eq!(
            split("Use tabs, spaces, etc. as needed."),
            vec!["Use tabs, spaces, etc. as needed."]
        );
        assert_eq!(
            split("It is free (see the terms.) Ask us first."),
            vec!["It is free (see the terms.)", "Ask us first."]
        );
    }

    #[test]
    fn a_line_break_and_a_capital_end_a_sentence_after_an_abbreviation() {
        assert_eq!(
            split("It draws 2 A max.\nThe device is small."),
            vec!["It draws 2 A max.", "The device is small."]
        );
        assert_eq!(
            split("Ask Dr.\nSmith about it."),
            vec!["Ask Dr.\nSmith about it."]
        );
    }

    #[test]
    fn closing_quotes_stay_with_the_sentence() {
        assert_eq!(
            split("He said \"stop.\" Then left."),
            vec!["He said \"stop.\"", "Then left."]
        );
    }
}
