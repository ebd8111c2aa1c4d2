//! Tokens of Tengo source, with Go's automatic semicolon insertion: a
//! newline ends a statement after an identifier, a literal, `)`, `]`, `}`,
//! `++`, `--` or one of the keywords `return`, `break`, `continue`, `true`,
//! `false`, `undefined`.

use crate::CompileError;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Ident(String),
    Int(i64),
    Float(f64),
    Str(Vec<u8>),
    Char(char),
    /// Punctuation and operators, spelled as in the source.
    Op(&'static str),
    /// A keyword, spelled as in the source.
    Kw(&'static str),
    /// An explicit `;` or one inserted at a newline.
    Semi,
    Eof,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub line: u32,
    pub col: u32,
}

const KEYWORDS: &[&str] = &[
    "break",
    "continue",
    "else",
    "for",
    "func",
    "error",
    "immutable",
    "if",
    "return",
    "export",
    "true",
    "false",
    "in",
    "undefined",
    "import",
];

/// Longest first, so that `&^=` wins over `&^` and `&`.
const OPS: &[&str] = &[
    "&^=", "...", "<<=", ">>=", "&&", "||", "++", "--", "==", "!=", "<=", ">=", "<<", ">>", "&^",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", ":=", "+", "-", "*", "/", "%", "&", "|", "^",
    "<", ">", "=", "!", "(", ")", "[", "]", "{", "}", ",", ".", ":", "?",
];

struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    line: u32,
    col: u32,
    out: Vec<Token>,
}

/// Splits `src` into tokens, ending with [`Tok::Eof`].
pub fn tokenize(src: &str) -> Result<Vec<Token>, CompileError> {
    let mut lx = Lexer {
        src: src.as_bytes(),
        pos: 0,
        line: 1,
        col: 1,
        out: Vec::new(),
    };
    lx.run()?;
    Ok(lx.out)
}

impl Lexer<'_> {
    fn err(&self, message: String) -> CompileError {
        CompileError {
            line: self.line,
            column: self.col,
            message,
        }
    }

    fn peek(&self, off: usize) -> u8 {
        self.src.get(self.pos + off).copied().unwrap_or(0)
    }

    fn bump(&mut self) -> u8 {
        let c = self.peek(0);
        self.pos += 1;
        if c == b'\n' {
            self.line += 1;
            self.col = 1;
        } else if c & 0xC0 != 0x80 {
            self.col += 1;
        }
        c
    }

    fn needs_semi(&self) -> bool {
        match self.out.last().map(|t| &t.tok) {
            Some(Tok::Ident(_) | Tok::Int(_) | Tok::Float(_) | Tok::Str(_) | Tok::Char(_)) => true,
            Some(Tok::Op(op)) => matches!(*op, ")" | "]" | "}" | "++" | "--"),
            Some(Tok::Kw(k)) => matches!(
                *k,
                "return" | "break" | "continue" | "true" | "false" | "undefined"
            ),
            _ => false,
        }
    }

    fn push(&mut self, tok: Tok, line: u32, col: u32) {
        self.out.push(Token { tok, line, col });
    }

    fn run(&mut self) -> Result<(), CompileError> {
        loop {
            let c = self.peek(0);
            if self.pos >= self.src.len() {
                if self.needs_semi() {
                    self.push(Tok::Semi, self.line, self.col);
                }
                self.push(Tok::Eof, self.line, self.col);
                return Ok(());
            }
            if c == b'\n' {
                if self.needs_semi() {
                    self.push(Tok::Semi, self.line, self.col);
                }
                self.bump();
            } else if c == b' ' || c == b'\t' || c == b'\r' {
                self.bump();
            } else if c == b'/' && self.peek(1) == b'/' {
                while self.pos < self.src.len() && self.peek(0) != b'\n' {
                    self.bump();
                }
            } else if c == b'/' && self.peek(1) == b'*' {
                self.block_comment()?;
            } else {
                self.token()?;
            }
        }
    }

    fn block_comment(&mut self) -> Result<(), CompileError> {
        let (line, col) = (self.line, self.col);
        self.bump();
        self.bump();
        let mut newline = false;
        loop {
            if self.pos >= self.src.len() {
                return Err(CompileError {
                    line,
                    column: col,
                    message: "comment not terminated".into(),
                });
            }
            if self.peek(0) == b'*' && self.peek(1) == b'/' {
                self.bump();
                self.bump();
                break;
            }
            newline |= self.bump() == b'\n';
        }
        if newline && self.needs_semi() {
            self.push(Tok::Semi, line, col);
        }
        Ok(())
    }

    fn token(&mut self) -> Result<(), CompileError> {
        let (line, col) = (self.line, self.col);
        let c = self.peek(0);
        let tok = if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            self.word()?
        } else if c.is_ascii_digit() || (c == b'.' && self.peek(1).is_ascii_digit()) {
            self.number()?
        } else if c == b'"' {
            Tok::Str(self.quoted()?)
        } else if c == b'`' {
            self.raw()?
        } else if c == b'\'' {
            self.char_lit()?
        } else if c == b';' {
            self.bump();
            Tok::Semi
        } else {
            self.op()?
        };
        self.push(tok, line, col);
        Ok(())
    }

    fn word(&mut self) -> Result<Tok, CompileError> {
        let start = self.pos;
        while self.pos < self.src.len() {
            let c = self.peek(0);
            if c.is_ascii_alphanumeric() || c == b'_' {
                self.bump();
            } else if c >= 0x80 {
                let rest = std::str::from_utf8(&self.src[self.pos..]).unwrap_or("");
                match rest.chars().next() {
                    Some(ch) if ch.is_alphanumeric() => {
                        for _ in 0..ch.len_utf8() {
                            self.bump();
                        }
                    }
                    _ if self.pos == start => {
                        return Err(self.err(format!(
                            "illegal character {:?}",
                            rest.chars().next().unwrap_or('\u{fffd}')
                        )))
                    }
                    _ => break,
                }
            } else {
                break;
            }
        }
        let w = std::str::from_utf8(&self.src[start..self.pos]).unwrap_or("");
        Ok(match KEYWORDS.iter().find(|k| **k == w) {
            Some(k) => Tok::Kw(k),
            None => Tok::Ident(w.to_string()),
        })
    }

    fn number(&mut self) -> Result<Tok, CompileError> {
        let start = self.pos;
        let mut float = false;
        if self.peek(0) == b'0' && matches!(self.peek(1), b'x' | b'X' | b'o' | b'O' | b'b' | b'B') {
            self.bump();
            self.bump();
            while self.peek(0).is_ascii_hexdigit() || self.peek(0) == b'_' {
                self.bump();
            }
        } else {
            while self.peek(0).is_ascii_digit() || self.peek(0) == b'_' {
                self.bump();
            }
            if self.peek(0) == b'.' && self.peek(1) != b'.' {
                float = true;
                self.bump();
                while self.peek(0).is_ascii_digit() {
                    self.bump();
                }
            }
            if matches!(self.peek(0), b'e' | b'E') {
                float = true;
                self.bump();
                if matches!(self.peek(0), b'+' | b'-') {
                    self.bump();
                }
                while self.peek(0).is_ascii_digit() {
                    self.bump();
                }
            }
        }
        let text: String = std::str::from_utf8(&self.src[start..self.pos])
            .unwrap_or("")
            .replace('_', "");
        if float {
            return text
                .parse::<f64>()
                .map(Tok::Float)
                .map_err(|_| self.err(format!("invalid float literal {text}")));
        }
        parse_int_literal(&text)
            .map(Tok::Int)
            .ok_or_else(|| self.err(format!("invalid int literal {text}")))
    }

    fn escape(&mut self, quote: u8, out: &mut Vec<u8>) -> Result<(), CompileError> {
        let c = self.bump();
        let simple = match c {
            b'n' => Some(b'\n'),
            b't' => Some(b'\t'),
            b'r' => Some(b'\r'),
            b'a' => Some(7),
            b'b' => Some(8),
            b'f' => Some(12),
            b'v' => Some(11),
            b'\\' => Some(b'\\'),
            _ if c == quote => Some(c),
            _ => None,
        };
        if let Some(b) = simple {
            out.push(b);
            return Ok(());
        }
        let digits = |n: usize, lx: &mut Self, radix: u32| -> Result<u32, CompileError> {
            let mut v = 0u32;
            for _ in 0..n {
                let d = (lx.bump() as char)
                    .to_digit(radix)
                    .ok_or_else(|| lx.err("invalid escape sequence".into()))?;
                v = v * radix + d;
            }
            Ok(v)
        };
        match c {
            b'x' => out.push(digits(2, self, 16)? as u8),
            b'0'..=b'7' => {
                let v = (c - b'0') as u32 * 64 + digits(2, self, 8)?;
                out.push(u8::try_from(v).map_err(|_| self.err("octal escape value > 255".into()))?);
            }
            b'u' | b'U' => {
                let v = digits(if c == b'u' { 4 } else { 8 }, self, 16)?;
                let ch = char::from_u32(v).ok_or_else(|| {
                    self.err("escape sequence is invalid Unicode code point".into())
                })?;
                out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
            }
            _ => return Err(self.err("unknown escape sequence".into())),
        }
        Ok(())
    }

    fn quoted(&mut self) -> Result<Vec<u8>, CompileError> {
        self.bump();
        let mut out = Vec::new();
        loop {
            match self.peek(0) {
                _ if self.pos >= self.src.len() => {
                    return Err(self.err("string literal not terminated".into()))
                }
                b'\n' => return Err(self.err("string literal not terminated".into())),
                b'"' => {
                    self.bump();
                    return Ok(out);
                }
                b'\\' => {
                    self.bump();
                    self.escape(b'"', &mut out)?;
                }
                _ => out.push(self.bump()),
            }
        }
    }

    fn raw(&mut self) -> Result<Tok, CompileError> {
        self.bump();
        let mut out = Vec::new();
        loop {
            if self.pos >= self.src.len() {
                return Err(self.err("raw string literal not terminated".into()));
            }
            match self.bump() {
                b'`' => return Ok(Tok::Str(out)),
                b'\r' => {}
                c => out.push(c),
            }
        }
    }

    fn char_lit(&mut self) -> Result<Tok, CompileError> {
        self.bump();
        let mut buf = Vec::new();
        while self.pos < self.src.len() && self.peek(0) != b'\'' && self.peek(0) != b'\n' {
            if self.peek(0) == b'\\' {
                self.bump();
                self.escape(b'\'', &mut buf)?;
            } else {
                buf.push(self.bump());
            }
        }
        if self.peek(0) != b'\'' {
            return Err(self.err("rune literal not terminated".into()));
        }
        self.bump();
        let s = String::from_utf8_lossy(&buf);
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(Tok::Char(c)),
            _ if buf.len() == 1 => Ok(Tok::Char(buf[0] as char)),
            _ => Err(self.err("illegal rune literal".into())),
        }
    }

    fn op(&mut self) -> Result<Tok, CompileError> {
        let rest = &self.src[self.pos..];
        for op in OPS {
            if rest.starts_with(op.as_bytes()) {
                for _ in 0..op.len() {
                    self.bump();
                }
                return Ok(Tok::Op(op));
            }
        }
        let ch = std::str::from_utf8(rest)
            .ok()
            .and_then(|s| s.chars().next())
            .unwrap_or('\u{fffd}');
        Err(self.err(format!("illegal character {ch:?}")))
    }
}

/// Go integer literal: decimal, `0x`, `0o`, `0b` or a leading-zero octal.
pub fn parse_int_literal(text: &str) -> Option<i64> {
    let lower = text.to_ascii_lowercase();
    let (digits, radix) = if let Some(d) = lower.strip_prefix("0x") {
        (d, 16)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (d, 8)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (d, 2)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (&lower[1..], 8)
    } else {
        (lower.as_str(), 10)
    };
    u64::from_str_radix(digits, radix)
        .ok()
        .and_then(|v| i64::try_from(v).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        tokenize(src).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn inserts_semicolons_at_newlines() {
        assert_eq!(
            toks("a := 1\nb++\n"),
            vec![
                Tok::Ident("a".into()),
                Tok::Op(":="),
                Tok::Int(1),
                Tok::Semi,
                Tok::Ident("b".into()),
                Tok::Op("++"),
                Tok::Semi,
                Tok::Eof
            ]
        );
    }

    #[test]
    fn literals() {
        assert_eq!(toks("0x1F")[0], Tok::Int(31));
        assert_eq!(toks("1e3")[0], Tok::Float(1000.0));
        assert_eq!(toks("'九'")[0], Tok::Char('九'));
        assert_eq!(toks(r#""a\n\x41""#)[0], Tok::Str(b"a\nA".to_vec()));
        assert_eq!(toks("`a\\n`")[0], Tok::Str(b"a\\n".to_vec()));
        assert_eq!(toks("a &^= b")[1], Tok::Op("&^="));
    }

    #[test]
    fn errors_have_positions() {
        let e = tokenize("a := 1\nb := \"open").unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (2, "string literal not terminated")
        );
        let e = tokenize("a := #").unwrap_err();
        assert_eq!((e.line, e.column), (1, 6));
    }
}
