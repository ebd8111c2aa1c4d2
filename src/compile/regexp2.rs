//! regexp2's syntax (the .NET dialect Vale compiles rule patterns with,
//! vale-reference §1.2) where Rust's engines read it differently or not at
//! all: rewritten into what they read the same way, or refused with the
//! construct named.
//!
//! - A `[` inside a character class is a literal (`[[a-z]`); Rust opens a
//!   nested class. `[:alpha:]` stays a POSIX class, as in RE2.
//! - `&&` and `~~` inside a class are literals; Rust reads them as set
//!   operations.
//! - A quantified look-around (`Jan(?!uary)?`): a look-around that may be
//!   repeated zero times asserts nothing (it is dropped), one repeated at
//!   least once is the look-around itself.
//! - A `{` that does not open a count (`{n}`, `{n,}`, `{n,m}`) is a
//!   literal (`{,2}`, `{foo}`).
//! - `\<` and `\>` are the literal `<` and `>` (Rust reads word
//!   boundaries); `\cX` is the control character.
//! - `(?#…)` is a comment.
//! - Refused: class subtraction (`[a-z-[aeiou]]`) and the explicit-capture
//!   flag `(?n)`.

/// `source` rewritten for Rust's engines; `Ok(None)` when it needs no
/// change, `Err` naming a construct they cannot run.
pub(super) fn translate(source: &str) -> Result<Option<String>, String> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len() + 8);
    // For each open group: where it starts in `out`, and whether it is a
    // look-around.
    let mut groups: Vec<(usize, bool)> = Vec::new();
    let mut in_class = false;
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            let Some(&next) = chars.get(i + 1) else {
                out.push(c);
                break;
            };
            if !in_class && (next == '<' || next == '>') {
                out.push(next);
                changed = true;
                i += 2;
                continue;
            }
            if next == 'c' {
                if let Some(letter) = chars.get(i + 2).filter(|l| l.is_ascii_alphabetic()) {
                    let code = (*letter as u32) & 0x1f;
                    out.push_str(&format!("\\x{{{code:02X}}}"));
                    changed = true;
                    i += 3;
                    continue;
                }
            }
            out.push(c);
            out.push(next);
            i += 2;
            // `\p{L}`, `\x{41}`, `\k{name}`: the braces belong to the escape.
            if "pPxk".contains(next) && chars.get(i) == Some(&'{') {
                while i < chars.len() {
                    out.push(chars[i]);
                    i += 1;
                    if chars[i - 1] == '}' {
                        break;
                    }
                }
            }
            continue;
        }
        if in_class {
            match c {
                ']' => in_class = false,
                '[' => {
                    if let Some(len) = posix_class_len(&chars[i..]) {
                        out.extend(&chars[i..i + len]);
                        i += len;
                        continue;
                    }
                    if out.ends_with('-') && !out.ends_with("\\-") {
                        return Err(
                            "character class subtraction (`-[…]` inside a class, .NET syntax) is not supported"
                                .to_string(),
                        );
                    }
                    out.push_str("\\[");
                    changed = true;
                    i += 1;
                    continue;
                }
                '&' | '~' if chars.get(i + 1) == Some(&c) => {
                    out.push('\\');
                    out.push(c);
                    changed = true;
                    i += 1;
                    continue;
                }
                _ => {}
            }
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                in_class = true;
                out.push(c);
                i += 1;
                // `[]…]` and `[^]…]`: that `]` is a literal.
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i) == Some(&']') {
                    out.push(']');
                    i += 1;
                }
                continue;
            }
            '(' => {
                let rest: String = chars[i..chars.len().min(i + 4)].iter().collect();
                if rest.starts_with("(?#") {
                    // A comment, up to the first `)`.
                    let end = chars[i..].iter().position(|&c| c == ')');
                    i = end.map_or(chars.len(), |e| i + e + 1);
                    changed = true;
                    continue;
                }
                if let Some(flags) = rest.strip_prefix("(?") {
                    let spec: String = chars[i + 2..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphabetic() || **c == '-')
                        .collect();
                    let ends = chars.get(i + 2 + spec.chars().count());
                    if spec.contains('n') && matches!(ends, Some(')' | ':')) {
                        return Err(
                            "the explicit-capture flag `n` (`(?n)`, .NET syntax) is not supported"
                                .to_string(),
                        );
                    }
                    let look = ["=", "!", "<=", "<!"].iter().any(|l| flags.starts_with(l));
                    groups.push((out.len(), look));
                } else {
                    groups.push((out.len(), false));
                }
                out.push(c);
                i += 1;
            }
            ')' => {
                let (start, look) = groups.pop().unwrap_or((out.len(), false));
                out.push(c);
                i += 1;
                if look {
                    if let Some((min, len)) = quantifier(&chars[i..]) {
                        if min == 0 {
                            out.truncate(start);
                        }
                        i += len;
                        changed = true;
                    }
                }
            }
            '{' if quantifier(&chars[i..]).is_none() => {
                out.push_str("\\{");
                changed = true;
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(changed.then_some(out))
}

/// `[:alpha:]` at the start of `chars`: its length.
fn posix_class_len(chars: &[char]) -> Option<usize> {
    if chars.get(1) != Some(&':') {
        return None;
    }
    let name = chars[2..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic() || **c == '^')
        .count();
    (name > 0 && chars.get(2 + name) == Some(&':') && chars.get(3 + name) == Some(&']'))
        .then_some(4 + name)
}

/// A quantifier at the start of `chars` (`?`, `*`, `+`, `{n}`, `{n,}`,
/// `{n,m}`, each maybe lazy): its minimum count and its length.
fn quantifier(chars: &[char]) -> Option<(usize, usize)> {
    let (min, len) = match chars.first()? {
        '?' | '*' => (0, 1),
        '+' => (1, 1),
        '{' => {
            let close = chars.iter().position(|&c| c == '}')?;
            let inner: String = chars[1..close].iter().collect();
            let (lo, hi) = inner.split_once(',').unwrap_or((&inner, "0"));
            let digits = |d: &str| d.chars().all(|c| c.is_ascii_digit());
            if lo.is_empty() || !digits(lo) || !digits(hi) {
                return None;
            }
            (lo.parse().ok()?, close + 1)
        }
        _ => return None,
    };
    let lazy = usize::from(chars.get(len) == Some(&'?'));
    Some((min, len + lazy))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(source: &str) -> String {
        translate(source)
            .unwrap()
            .unwrap_or_else(|| source.to_string())
    }

    /// regexp2 (`RX:` Compile) reads each of these; Rust's engines read
    /// them differently or refuse them.
    #[test]
    fn regexp2_syntax_becomes_what_rust_reads_the_same_way() {
        assert_eq!(t(r"[[a-z]+"), r"[\[a-z]+");
        assert_eq!(t(r"[a[]"), r"[a\[]");
        assert_eq!(t(r"[[:alpha:][]"), r"[[:alpha:]\[]");
        assert_eq!(t(r"[]a[]"), r"[]a\[]");
        assert_eq!(t(r"[a&&b~~c]"), r"[a\&&b\~~c]");
        assert_eq!(t(r"Jan(?!uary)?\b"), r"Jan\b");
        assert_eq!(t(r"(?=J)*Jan"), "Jan");
        assert_eq!(t(r"(?<=a)+b"), r"(?<=a)b");
        assert_eq!(t(r"(?<=a){0,3}?b"), "b");
        assert_eq!(t(r"(a)?(?:b)+"), r"(a)?(?:b)+");
        assert_eq!(
            t(r"x{,2}{foo}a{2}b{1,}c{1,3}"),
            r"x\{,2}\{foo}a{2}b{1,}c{1,3}"
        );
        assert_eq!(t(r"\p{L}{2}\x{41}"), r"\p{L}{2}\x{41}");
        assert_eq!(t(r"\<a\>[\<]"), r"<a>[\<]");
        assert_eq!(t(r"\cA"), r"\x{01}");
        assert_eq!(t(r"a(?#note)b"), "ab");
        assert_eq!(translate(r"plain (?i:words) [a-z]{2}").unwrap(), None);
    }

    #[test]
    fn constructs_rust_cannot_run_are_named() {
        assert!(translate(r"[a-z-[aeiou]]")
            .unwrap_err()
            .contains("subtraction"));
        assert!(translate(r"(?n)(a)").unwrap_err().contains("`n`"));
        assert!(translate(r"(?in:a)").unwrap_err().contains("`n`"));
    }
}
