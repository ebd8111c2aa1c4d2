//! Go RE2 patterns for the `regex` crate, which shares RE2's syntax. What
//! differs is translated: Go's `\d`, `\w`, `\s` and `\b` are ASCII-only
//! (the crate's are Unicode), `\Q…\E` quotes literally, and `\<`, `\>` are
//! plain characters in Go (word boundaries in the crate). `\C` (any byte)
//! is refused.

use std::rc::Rc;

use regex::bytes::{Regex, RegexBuilder};

use crate::interp::Ctx;
use crate::RuntimeError;

/// Compiled patterns kept per run; more than this and the cache is reset.
const CACHE_MAX: usize = 256;

pub fn translate(pat: &str) -> Result<String, String> {
    let mut out = String::with_capacity(pat.len() + 8);
    let mut chars = pat.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            return Err("trailing backslash at end of expression".into());
        };
        match e {
            'd' => out.push_str("[0-9]"),
            'D' => out.push_str("[^0-9]"),
            'w' => out.push_str("[0-9A-Za-z_]"),
            'W' => out.push_str("[^0-9A-Za-z_]"),
            's' => out.push_str(r"[\t\n\f\r ]"),
            'S' => out.push_str(r"[^\t\n\f\r ]"),
            'b' => out.push_str(r"(?-u:\b)"),
            'B' => out.push_str(r"(?-u:\B)"),
            '<' | '>' => out.push(e),
            'C' => return Err(r"\C (any byte) is not supported".into()),
            'Q' => {
                let rest = chars.as_str();
                let (lit, tail) = rest.split_once(r"\E").unwrap_or((rest, ""));
                out.push_str(&regex::escape(lit));
                chars = tail.chars();
            }
            e => {
                out.push('\\');
                out.push(e);
            }
        }
    }
    Ok(out)
}

/// Compiles a Go pattern, or says why not (Tengo returns that as an error
/// value, not a run-time error).
pub fn compile(ctx: &mut Ctx, pat: &[u8]) -> Result<Result<Rc<Regex>, String>, RuntimeError> {
    if let Some(re) = ctx.regexes.get(pat) {
        return Ok(Ok(re.clone()));
    }
    ctx.steps_n(100 + pat.len() as u64 * 10)?;
    let Ok(text) = std::str::from_utf8(pat) else {
        return Ok(Err("error parsing regexp: invalid UTF-8".into()));
    };
    let translated = match translate(text) {
        Ok(t) => t,
        Err(e) => return Ok(Err(format!("error parsing regexp: {e}: `{text}`"))),
    };
    let re = RegexBuilder::new(&translated)
        .size_limit(1 << 21)
        .dfa_size_limit(1 << 21)
        .nest_limit(100)
        .build();
    let re = match re {
        Ok(re) => Rc::new(re),
        Err(e) => return Ok(Err(format!("error parsing regexp: {e}"))),
    };
    if ctx.regexes.len() >= CACHE_MAX {
        ctx.regexes.clear();
    }
    ctx.regexes.insert(pat.to_vec(), re.clone());
    Ok(Ok(re))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_what_differs() {
        assert_eq!(translate(r"\d+\w").unwrap(), "[0-9]+[0-9A-Za-z_]");
        assert_eq!(translate(r"\Qa.b\E+").unwrap(), r"a\.b+");
        assert_eq!(translate(r"\<x\>").unwrap(), "<x>");
        assert!(translate(r"\C").is_err());
        let re = Regex::new(&translate(r"^\d$").unwrap()).unwrap();
        assert!(!re.is_match("٣".as_bytes()), "Go's \\d is ASCII");
        let re = Regex::new(&translate(r"\bé").unwrap()).unwrap();
        assert!(
            re.is_match("aé".as_bytes()),
            "Go's \\b is ASCII: a|é is a boundary"
        );
    }
}
