//! A tokenizer for English prose that splits words as the English Web
//! Treebank does: punctuation apart from words, clitics apart from their
//! host ("don't" → "do" "n't", "customer's" → "customer" "'s",
//! "cannot" → "can" "not"), hyphens between words apart ("long-term" →
//! "long" "-" "term"), but numbers ("3.5", "1,000", "10:30"), abbreviations
//! ("e.g.", "U.S.", "Mr."), URLs and e-mail addresses whole.

use std::ops::Range;

/// A word token: its text and its byte span in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token's text, `&input[start..end]`.
    pub text: &'a str,
    /// Byte offset of its first byte.
    pub start: usize,
    /// Byte offset after its last byte.
    pub end: usize,
}

impl Token<'_> {
    /// The byte span in the input.
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// Words that keep a final period ("Mr.", "etc."), lower case.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "inc", "ltd", "co", "corp", "llc",
    "vs", "etc", "cf", "al", "approx", "dept", "est", "fig", "no", "nos", "vol", "pp", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gov", "ave",
    "rd", "blvd", "ft", "hr", "hrs", "min", "misc", "ref", "rev", "tel", "ext", "incl", "govt",
    "intl", "assn", "attn", "esp", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
    "sat", "sun", "jr", "bros", "dist",
];

/// Prefixes EWT keeps attached by a hyphen ("e-mail", "co-workers").
const HYPHEN_PREFIXES: &[&str] = &["e", "co", "non", "re", "pre", "ex", "x", "t", "u", "mid"];

/// Clitics after an apostrophe, lower case.
const CLITICS: &[&str] = &["s", "re", "ve", "ll", "d", "m"];

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Whether `chars` are letters in groups of one or two separated by
/// periods ("U.S", "e.g", "Ph.D").
fn is_dotted_abbreviation(chars: &[(usize, char)]) -> bool {
    let mut groups = 0;
    let mut len = 0;
    for (_, c) in chars {
        if *c == '.' {
            if len == 0 {
                return false;
            }
            groups += 1;
            len = 0;
        } else if c.is_alphabetic() && len < 2 {
            len += 1;
        } else {
            return false;
        }
    }
    groups >= 1 && len > 0
}

/// The tokens of `text`.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    tokenize_into(text, &mut out);
    out
}

/// The tokens of `text`, appended to `out`.
pub fn tokenize_into<'a>(text: &'a str, out: &mut Vec<Token<'a>>) {
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                chunk(text, s, i, out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        chunk(text, s, text.len(), out);
    }
}

fn push<'a>(text: &'a str, start: usize, end: usize, out: &mut Vec<Token<'a>>) {
    if start < end {
        out.push(Token {
            text: &text[start..end],
            start,
            end,
        });
    }
}

fn looks_like_link(s: &str) -> bool {
    s.contains("://")
        || s.starts_with("www.")
        || (s.contains('@')
            && s.rsplit('@').next().is_some_and(|d| d.contains('.'))
            && !s.starts_with('@'))
}

/// Splits one white-space-free chunk `text[start..end]`.
fn chunk<'a>(text: &'a str, start: usize, end: usize, out: &mut Vec<Token<'a>>) {
    let s = &text[start..end];
    if looks_like_link(s) {
        // Leading brackets and quotes, trailing punctuation apart.
        let lead = s.len() - s.trim_start_matches(['(', '<', '[', '"', '\'', '“']).len();
        let core = &s[lead..];
        let trail = core.len()
            - core
                .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '>', ']', '"', '\'', '”'])
                .len();
        for (i, c) in s[..lead].char_indices() {
            push(text, start + i, start + i + c.len_utf8(), out);
        }
        push(text, start + lead, end - trail, out);
        let tail = &s[s.len() - trail..];
        for (i, c) in tail.char_indices() {
            let at = end - trail + i;
            push(text, at, at + c.len_utf8(), out);
        }
        return;
    }
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let n = chars.len();
    let at = |k: usize| if k < n { start + chars[k].0 } else { end };
    let ch = |k: usize| if k < n { Some(chars[k].1) } else { None };
    let mut k = 0;
    while k < n {
        let c = chars[k].1;
        if c.is_alphanumeric() || c == '_' {
            let begin = k;
            k += 1;
            while let Some(c) = ch(k) {
                if c.is_alphanumeric() || c == '_' {
                    k += 1;
                    continue;
                }
                let prev = chars[k - 1].1;
                let next = ch(k + 1);
                let next_alnum = next.is_some_and(char::is_alphanumeric);
                // Numbers: 3.5, 1,000, 10:30, 2/3 stay whole.
                if matches!(c, '.' | ',' | ':')
                    && prev.is_ascii_digit()
                    && next.is_some_and(|n| n.is_ascii_digit())
                {
                    k += 2;
                    continue;
                }
                // file.txt, U.S, e.g: a period between letters or digits.
                if c == '.' && prev.is_alphanumeric() && next_alnum {
                    k += 2;
                    continue;
                }
                if c == '.' && is_dotted_abbreviation(&chars[begin..k]) {
                    // The final period of "e.g." / "U.S.".
                    k += 1;
                    break;
                }
                // Apostrophes inside names (O'Brien), not before a clitic.
                if is_apostrophe(c) && next_alnum && prev.is_alphabetic() {
                    let rest: String = chars[k + 1..]
                        .iter()
                        .map(|(_, c)| *c)
                        .take_while(|c| c.is_alphanumeric())
                        .collect::<String>()
                        .to_lowercase();
                    let is_nt = (prev == 'n' || prev == 'N') && rest == "t";
                    if CLITICS.contains(&rest.as_str()) || is_nt {
                        break;
                    }
                    k += 2;
                    continue;
                }
                // Hyphens: numbers (713-853-3989) and a few prefixes stay whole.
                if c == '-' && next_alnum {
                    let word: String = chars[begin..k]
                        .iter()
                        .map(|(_, c)| *c)
                        .collect::<String>()
                        .to_lowercase();
                    let digits = prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit());
                    if digits || HYPHEN_PREFIXES.contains(&word.as_str()) {
                        k += 2;
                        continue;
                    }
                }
                // AT&T
                if c == '&' && prev.is_uppercase() && next.is_some_and(char::is_uppercase) {
                    k += 2;
                    continue;
                }
                break;
            }
            // An abbreviation keeps its period: "Mr.", "etc.", an initial "J.".
            if ch(k) == Some('.') {
                let word: String = chars[begin..k]
                    .iter()
                    .map(|(_, c)| *c)
                    .collect::<String>()
                    .to_lowercase();
                let initial = k - begin == 1 && chars[begin].1.is_uppercase();
                if ABBREVIATIONS.contains(&word.as_str()) || initial {
                    k += 1;
                }
            }
            // "don't" → "do" "n't"; "cannot" → "can" "not".
            let word_end = k;
            if is_apostrophe(ch(k).unwrap_or(' '))
                && matches!(ch(k + 1), Some('t' | 'T'))
                && !ch(k + 2).is_some_and(char::is_alphanumeric)
                && k - begin >= 2
                && matches!(chars[k - 1].1, 'n' | 'N')
            {
                push(text, at(begin), at(k - 1), out);
                push(text, at(k - 1), at(k + 2), out);
                k += 2;
                continue;
            }
            let word: String = chars[begin..word_end].iter().map(|(_, c)| *c).collect();
            if word.eq_ignore_ascii_case("cannot") {
                push(text, at(begin), at(begin + 3), out);
                push(text, at(begin + 3), at(word_end), out);
                continue;
            }
            push(text, at(begin), at(word_end), out);
            continue;
        }
        // A clitic after a word: 's 're 've 'll 'd 'm.
        if is_apostrophe(c) && k > 0 && chars[k - 1].1.is_alphanumeric() {
            let mut e = k + 1;
            while e < n && chars[e].1.is_alphabetic() {
                e += 1;
            }
            let rest: String = chars[k + 1..e]
                .iter()
                .map(|(_, c)| *c)
                .collect::<String>()
                .to_lowercase();
            if CLITICS.contains(&rest.as_str()) {
                push(text, at(k), at(e), out);
                k = e;
                continue;
            }
        }
        // Punctuation: a run of one character is one token ("--", "...", "!!").
        let mut e = k + 1;
        if matches!(c, '-' | '.' | '!' | '?' | '*' | '=' | '_' | '~' | '`') {
            while e < n && chars[e].1 == c {
                e += 1;
            }
        }
        push(text, at(k), at(e), out);
        k = e;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn splits_clitics_as_ewt_does() {
        assert_eq!(words("I don't know."), ["I", "do", "n't", "know", "."]);
        assert_eq!(
            words("The customer's order"),
            ["The", "customer", "'s", "order"]
        );
        assert_eq!(
            words("We can't, they won't"),
            ["We", "ca", "n't", ",", "they", "wo", "n't"]
        );
        assert_eq!(
            words("I'm sure you're right"),
            ["I", "'m", "sure", "you", "'re", "right"]
        );
        assert_eq!(words("We cannot go."), ["We", "can", "not", "go", "."]);
        assert_eq!(
            words("the students' books"),
            ["the", "students", "'", "books"]
        );
        assert_eq!(words("it’s"), ["it", "’s"]);
    }

    #[test]
    fn keeps_numbers_abbreviations_and_links_whole() {
        assert_eq!(
            words("Mr. Smith paid $1,000.50 (3.5%) at 10:30 a.m. in the U.S."),
            [
                "Mr.", "Smith", "paid", "$", "1,000.50", "(", "3.5", "%", ")", "at", "10:30",
                "a.m.", "in", "the", "U.S."
            ]
        );
        assert_eq!(
            words("See https://example.com/a?b=1, or mail bob@example.com."),
            [
                "See",
                "https://example.com/a?b=1",
                ",",
                "or",
                "mail",
                "bob@example.com",
                "."
            ]
        );
        assert_eq!(words("O'Brien's e-mail"), ["O'Brien", "'s", "e-mail"]);
    }

    #[test]
    fn splits_hyphens_slashes_and_quotes() {
        assert_eq!(
            words("a long-term \"plan\" -- and/or more..."),
            ["a", "long", "-", "term", "\"", "plan", "\"", "--", "and", "/", "or", "more", "..."]
        );
        assert_eq!(words("call 713-853-3989"), ["call", "713-853-3989"]);
    }

    #[test]
    fn spans_index_the_input() {
        let text = "Naïve café’s “quote” — done.";
        for t in tokenize(text) {
            assert_eq!(&text[t.span()], t.text);
        }
    }
}
