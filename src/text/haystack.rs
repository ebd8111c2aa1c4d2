//! The text a pattern searches, with its ASCII shadow.

/// The text a rule searches, twice: as written, and its ASCII shadow, in
/// which every non-ASCII character is replaced, byte for byte, by ASCII
/// of the same kind (word, space, other). Offsets agree. Unicode
/// `\b` makes the regex crate's fast DFA give up on non-ASCII text, so a
/// pattern written in ASCII searches the shadow and stays on the DFA.
#[derive(Debug, Clone, Copy)]
pub struct Haystack<'a> {
    pub text: &'a str,
    pub shadow: &'a str,
}

impl<'a> Haystack<'a> {
    /// A haystack without a shadow (pure ASCII, or raw source).
    pub fn plain(text: &'a str) -> Haystack<'a> {
        Haystack { text, shadow: text }
    }
}

/// The ASCII byte that stands for a non-ASCII character in the shadow:
/// `_` is a word character outside `[A-Za-z0-9]`; 0x01 is neither word
/// nor space; a form feed is white space but not a space.
pub fn stand_in(c: char) -> u8 {
    // A form feed: `\s` matches it, a literal space does not (`. {2,}`
    // must not match a no-break space).
    if c.is_whitespace() {
        0x0c
    } else if regex_syntax::is_word_character(c) {
        b'_'
    } else {
        0x01
    }
}

/// The ASCII shadow of `text` (see [`Haystack`]), or `None` when `text` is
/// ASCII already.
pub fn ascii_shadow(text: &str) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let n = c.len_utf8();
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        out.extend(std::iter::repeat_n(stand_in(c), n));
    }
    Some(String::from_utf8(out).expect("ASCII"))
}
