//! Vale's word tokenizer (`nlp.WordTokenizer`), which decides what a
//! spelling rule checks: text split at white space, then `$ ( " [ '`
//! stripped from the front and `, ) " ] ! ; . ? : '` from the back one at a
//! time; abbreviations (`e.g.`, `Mr.`) and emoticons kept whole; tokens
//! without a letter dropped; curly quotes read as straight ones. Hyphens,
//! underscores, slashes and inner apostrophes stay inside the word.

use std::borrow::Cow;
use std::ops::Range;

/// One word: where it is, and its text with straight quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    pub range: Range<usize>,
    pub text: Cow<'a, str>,
}

const PREFIXES: &[char] = &['$', '(', '"', '[', '\''];
const SUFFIXES: &[char] = &[',', ')', '"', ']', '!', ';', '.', '?', ':', '\''];

/// The emoticons Vale keeps whole; only those with a letter matter, the
/// others are dropped as letterless tokens anyway.
const EMOTICONS: &[&str] = &[
    "(o:",
    ":-X",
    ":-o",
    ":-p",
    ":-x",
    ":P",
    ":o",
    ":o)",
    "=D",
    "8-D",
    "8D",
    "O.o",
    "O_o",
    "V_V",
    "XDD",
    "o_0",
    "o_O",
    "o_o",
    "v_v",
    "xD",
    "xDD",
    "(ಠ_ಠ)",
    "¯\\(ツ)/¯",
];

/// The first characters of [`EMOTICONS`], to rule most tokens out at once.
const EMOTICON_STARTS: &[char] = &['(', ':', '=', '8', 'O', 'V', 'X', 'o', 'v', 'x', '¯'];

/// A character of a token: its byte range in the text and how Vale reads it.
#[derive(Clone, Copy)]
struct Char {
    start: usize,
    end: usize,
    c: char,
    /// Read as another character (a curly quote as a straight one).
    changed: bool,
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut chars: Vec<Char> = Vec::new();
    let mut iter = text.char_indices();
    while let Some((start, c)) = iter.next() {
        if c.is_whitespace() {
            if !chars.is_empty() {
                split(text, &chars, &mut out);
                chars.clear();
            }
            continue;
        }
        let (read, end) = match c {
            '\u{2018}' | '\u{2019}' => ('\'', start + c.len_utf8()),
            '\u{201c}' | '\u{201d}' => ('"', start + c.len_utf8()),
            '&' if text[start..].starts_with("&rsquo;") => {
                // Skip the rest of the entity.
                for _ in 0.."rsquo;".len() {
                    iter.next();
                }
                ('\'', start + "&rsquo;".len())
            }
            _ => (c, start + c.len_utf8()),
        };
        chars.push(Char {
            start,
            end,
            c: read,
            changed: read != c,
        });
    }
    if !chars.is_empty() {
        split(text, &chars, &mut out);
    }
    out
}

/// Vale's `doSplit` of one white-space-free run.
fn split<'a>(text: &'a str, chars: &[Char], out: &mut Vec<Word<'a>>) {
    let (mut lo, mut hi) = (0, chars.len());
    let mut last = usize::MAX;
    while lo < hi && hi - lo != last {
        let token = &chars[lo..hi];
        if is_special(token) {
            add(text, token, out);
            break;
        }
        last = hi - lo;
        if token.len() > 1 && PREFIXES.contains(&token[0].c) {
            lo += 1;
        } else if token.len() > 1 && SUFFIXES.contains(&token[token.len() - 1].c) {
            hi -= 1;
        } else {
            add(text, token, out);
        }
    }
}

fn add<'a>(text: &'a str, token: &[Char], out: &mut Vec<Word<'a>>) {
    if !token.iter().any(|c| c.c.is_alphabetic()) {
        return;
    }
    let range = token[0].start..token[token.len() - 1].end;
    let text = if token.iter().any(|c| c.changed) {
        Cow::Owned(token.iter().map(|c| c.c).collect())
    } else {
        Cow::Borrowed(&text[range.clone()])
    };
    out.push(Word { range, text });
}

/// Emoticons and Vale's abbreviations: `^(?:[A-Za-z]\.){2,}$` (`e.g.`,
/// `U.S.`) and `^[A-Z][a-z]{1,2}\.$` (`Mr.`, `Mrs.`).
fn is_special(token: &[Char]) -> bool {
    let n = token.len();
    let dotted = n >= 4
        && n % 2 == 0
        && token
            .chunks(2)
            .all(|p| p[0].c.is_ascii_alphabetic() && p[1].c == '.');
    let title = (3..=4).contains(&n)
        && token[0].c.is_ascii_uppercase()
        && token[1..n - 1].iter().all(|c| c.c.is_ascii_lowercase())
        && token[n - 1].c == '.';
    dotted
        || title
        || (EMOTICON_STARTS.contains(&token[0].c) && {
            // Byte lengths first: emoticons have no curly quotes to read.
            let bytes = token[n - 1].end - token[0].start;
            EMOTICONS
                .iter()
                .any(|e| e.len() == bytes && e.chars().eq(token.iter().map(|c| c.c)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        words(text)
            .into_iter()
            .map(|w| w.text.into_owned())
            .collect()
    }

    #[test]
    fn vales_own_cases() {
        assert_eq!(
            texts("Don't copy this sentence."),
            ["Don't", "copy", "this", "sentence"]
        );
        assert_eq!(
            texts("no 'automatic' before it."),
            ["no", "automatic", "before", "it"]
        );
        assert_eq!(
            texts("I matter-of-factly said no."),
            ["I", "matter-of-factly", "said", "no"]
        );
    }

    #[test]
    fn punctuation_abbreviations_and_letterless_tokens() {
        assert_eq!(
            texts("(see e.g. Mr. Smith's [notes]), $100 and 3.5 -- ok?!"),
            ["see", "e.g.", "Mr.", "Smith's", "notes", "and", "ok"]
        );
        assert_eq!(
            texts("msdyn_queue (channelId) remark-gfm/x"),
            ["msdyn_queue", "channelId", "remark-gfm/x"]
        );
        assert_eq!(texts("xD :)"), ["xD"]);
    }

    #[test]
    fn curly_quotes_read_straight_and_ranges_stay_in_the_text() {
        let text = "That doesn\u{2019}t work, \u{201c}Ĳssel\u{201d}.";
        let ws = words(text);
        assert_eq!(ws[1].text, "doesn't");
        assert_eq!(&text[ws[1].range.clone()], "doesn\u{2019}t");
        assert_eq!(ws[3].text, "Ĳssel");
        assert_eq!(&text[ws[3].range.clone()], "Ĳssel");
    }
}
