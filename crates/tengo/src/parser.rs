//! A recursive-descent parser over [`crate::lexer`] tokens, with Tengo's
//! five binary precedence levels below unary operators and the ternary
//! operator lowest.

use std::sync::Arc;

use crate::ast::{Expr, ExprKind, FuncLit, Stmt, StmtKind};
use crate::lexer::{tokenize, Tok, Token};
use crate::CompileError;

/// Nesting deeper than this is refused, so that hostile input cannot
/// overflow the stack of the parser or of the interpreter.
const MAX_DEPTH: u32 = 200;

/// The modules a script may import; `os` and the others are refused.
pub const MODULES: &[&str] = &["text", "fmt", "math"];

pub struct Parser {
    toks: Vec<Token>,
    pos: usize,
    depth: u32,
}

/// Parses a whole script.
pub fn parse(src: &str) -> Result<Vec<Stmt>, CompileError> {
    let mut p = Parser {
        toks: tokenize(src)?,
        pos: 0,
        depth: 0,
    };
    let mut out = Vec::new();
    while p.tok() != &Tok::Eof {
        if p.tok() == &Tok::Semi {
            p.next();
            continue;
        }
        out.push(p.stmt()?);
        p.end_stmt()?;
    }
    Ok(out)
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Ident(s) => format!("identifier '{s}'"),
        Tok::Int(v) => format!("int {v}"),
        Tok::Float(v) => format!("float {v}"),
        Tok::Str(_) => "string".into(),
        Tok::Char(_) => "char".into(),
        Tok::Op(o) | Tok::Kw(o) => format!("'{o}'"),
        Tok::Semi => "newline or ';'".into(),
        Tok::Eof => "end of script".into(),
    }
}

impl Parser {
    fn tok(&self) -> &Tok {
        &self.toks[self.pos].tok
    }

    fn line(&self) -> u32 {
        self.toks[self.pos].line
    }

    fn next(&mut self) -> Tok {
        let t = self.toks[self.pos].tok.clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    pub fn err<T>(&self, message: impl Into<String>) -> Result<T, CompileError> {
        let t = &self.toks[self.pos];
        Err(CompileError {
            line: t.line,
            column: t.col,
            message: message.into(),
        })
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.tok(), Tok::Op(o) if *o == op)
    }

    fn is_kw(&self, kw: &str) -> bool {
        matches!(self.tok(), Tok::Kw(k) if *k == kw)
    }

    fn expect_op(&mut self, op: &str) -> Result<(), CompileError> {
        if self.is_op(op) {
            self.next();
            return Ok(());
        }
        self.err(format!("expected '{op}', found {}", describe(self.tok())))
    }

    fn skip_semis(&mut self) {
        while self.tok() == &Tok::Semi {
            self.next();
        }
    }

    fn end_stmt(&mut self) -> Result<(), CompileError> {
        match self.tok() {
            Tok::Semi => {
                self.next();
                Ok(())
            }
            Tok::Eof => Ok(()),
            Tok::Op("}") | Tok::Op(")") => Ok(()),
            t => self.err(format!("expected end of statement, found {}", describe(t))),
        }
    }

    fn enter(&mut self) -> Result<(), CompileError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err(format!("nesting deeper than {MAX_DEPTH} levels"));
        }
        Ok(())
    }

    fn block(&mut self) -> Result<Vec<Stmt>, CompileError> {
        self.enter()?;
        self.expect_op("{")?;
        let mut out = Vec::new();
        loop {
            self.skip_semis();
            if self.is_op("}") {
                self.next();
                break;
            }
            if self.tok() == &Tok::Eof {
                return self.err("expected '}', found end of script");
            }
            out.push(self.stmt()?);
            self.end_stmt()?;
        }
        self.depth -= 1;
        Ok(out)
    }

    fn stmt(&mut self) -> Result<Stmt, CompileError> {
        let line = self.line();
        let kind = match self.tok() {
            Tok::Kw("if") => return self.if_stmt(),
            Tok::Kw("for") => return self.for_stmt(),
            Tok::Kw("return") => {
                self.next();
                let value = if matches!(self.tok(), Tok::Semi | Tok::Eof | Tok::Op("}")) {
                    None
                } else {
                    Some(self.expr()?)
                };
                StmtKind::Return(value)
            }
            Tok::Kw("export") => {
                self.next();
                StmtKind::Export(self.expr()?)
            }
            Tok::Kw("break") => {
                self.next();
                StmtKind::Break
            }
            Tok::Kw("continue") => {
                self.next();
                StmtKind::Continue
            }
            Tok::Op("{") => StmtKind::Block(self.block()?),
            _ => return self.simple_stmt(),
        };
        Ok(Stmt { kind, line })
    }

    /// An expression, assignment, definition or `++`/`--` statement.
    fn simple_stmt(&mut self) -> Result<Stmt, CompileError> {
        let line = self.line();
        let lhs = self.expr()?;
        if self.is_op(",") {
            return self.err("tuple assignment is not supported by Tengo");
        }
        let kind = match self.tok().clone() {
            Tok::Op(":=") => {
                self.next();
                let ExprKind::Ident(name) = lhs.kind else {
                    return self.err("left side of ':=' must be an identifier");
                };
                StmtKind::Define(name, self.expr()?)
            }
            Tok::Op(op @ ("++" | "--")) => {
                self.next();
                assignable(&lhs, self)?;
                StmtKind::IncDec(lhs, op == "++")
            }
            Tok::Op(op) if op.ends_with('=') && !matches!(op, "==" | "!=" | "<=" | ">=") => {
                self.next();
                assignable(&lhs, self)?;
                let bin = if op == "=" { None } else { Some(binary_of(op)) };
                StmtKind::Assign(lhs, bin, self.expr()?)
            }
            _ => StmtKind::Expr(lhs),
        };
        Ok(Stmt { kind, line })
    }

    fn if_stmt(&mut self) -> Result<Stmt, CompileError> {
        let line = self.line();
        self.next();
        self.enter()?;
        let first = self.simple_stmt()?;
        let (init, cond) = if self.tok() == &Tok::Semi {
            self.next();
            (Some(Box::new(first)), self.expr()?)
        } else {
            match first.kind {
                StmtKind::Expr(e) => (None, e),
                _ => return self.err("expected condition after 'if'"),
            }
        };
        let then = self.block()?;
        let otherwise = if self.is_kw("else") {
            self.next();
            if self.is_kw("if") {
                Some(Box::new(self.if_stmt()?))
            } else {
                let l = self.line();
                Some(Box::new(Stmt {
                    kind: StmtKind::Block(self.block()?),
                    line: l,
                }))
            }
        } else {
            None
        };
        self.depth -= 1;
        Ok(Stmt {
            kind: StmtKind::If {
                init,
                cond,
                then,
                otherwise,
            },
            line,
        })
    }

    fn for_stmt(&mut self) -> Result<Stmt, CompileError> {
        let line = self.line();
        self.next();
        if self.is_op("{") {
            let body = self.block()?;
            let kind = StmtKind::For {
                init: None,
                cond: None,
                post: None,
                body,
            };
            return Ok(Stmt { kind, line });
        }
        if let Some(kind) = self.for_in()? {
            return Ok(Stmt { kind, line });
        }
        let init = if self.tok() == &Tok::Semi {
            None
        } else {
            Some(self.simple_stmt()?)
        };
        if self.is_op("{") {
            let cond = match init.map(|s| s.kind) {
                Some(StmtKind::Expr(e)) => Some(e),
                _ => return self.err("expected for-loop condition"),
            };
            let body = self.block()?;
            let kind = StmtKind::For {
                init: None,
                cond,
                post: None,
                body,
            };
            return Ok(Stmt { kind, line });
        }
        if self.tok() != &Tok::Semi {
            return self.err(format!("expected ';', found {}", describe(self.tok())));
        }
        self.next();
        let cond = if self.tok() == &Tok::Semi {
            None
        } else {
            Some(self.expr()?)
        };
        if self.tok() != &Tok::Semi {
            return self.err(format!("expected ';', found {}", describe(self.tok())));
        }
        self.next();
        let post = if self.is_op("{") {
            None
        } else {
            Some(Box::new(self.simple_stmt()?))
        };
        let body = self.block()?;
        let kind = StmtKind::For {
            init: init.map(Box::new),
            cond,
            post,
            body,
        };
        Ok(Stmt { kind, line })
    }

    /// `for v in x` or `for k, v in x`, recognised by looking ahead.
    fn for_in(&mut self) -> Result<Option<StmtKind>, CompileError> {
        let ident = |t: Option<&Token>| match t.map(|t| &t.tok) {
            Some(Tok::Ident(s)) => Some(s.clone()),
            _ => None,
        };
        let at = |i: usize| self.toks.get(self.pos + i);
        let (key, value, skip) = match (ident(at(0)), at(1).map(|t| &t.tok)) {
            (Some(v), Some(Tok::Kw("in"))) => (None, v, 2),
            (Some(k), Some(Tok::Op(","))) => match (ident(at(2)), at(3)) {
                (Some(v), Some(t)) if t.tok == Tok::Kw("in") => (Some(k), v, 4),
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
        for _ in 0..skip {
            self.next();
        }
        let iterable = self.expr()?;
        let body = self.block()?;
        Ok(Some(StmtKind::ForIn {
            key,
            value,
            iterable,
            body,
        }))
    }

    pub fn expr(&mut self) -> Result<Expr, CompileError> {
        self.enter()?;
        let cond = self.binary(1)?;
        let out = if self.is_op("?") {
            self.next();
            let a = self.expr()?;
            self.expect_op(":")?;
            let b = self.expr()?;
            let line = cond.line;
            Expr {
                kind: ExprKind::Cond(Box::new(cond), Box::new(a), Box::new(b)),
                line,
            }
        } else {
            cond
        };
        self.depth -= 1;
        Ok(out)
    }

    fn binary(&mut self, min_prec: u8) -> Result<Expr, CompileError> {
        let mut lhs = self.unary()?;
        while let Tok::Op(op) = *self.tok() {
            let prec = precedence(op);
            if prec == 0 || prec < min_prec {
                break;
            }
            self.next();
            let rhs = self.binary(prec + 1)?;
            let line = lhs.line;
            lhs = Expr {
                kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)),
                line,
            };
        }
        Ok(lhs)
    }

    fn unary(&mut self) -> Result<Expr, CompileError> {
        let line = self.line();
        if let Tok::Op(op @ ("-" | "+" | "!" | "^")) = *self.tok() {
            self.next();
            self.enter()?;
            let operand = self.unary()?;
            self.depth -= 1;
            return Ok(Expr {
                kind: ExprKind::Unary(op, Box::new(operand)),
                line,
            });
        }
        let prim = self.primary()?;
        self.postfix(prim)
    }
}

fn assignable(e: &Expr, p: &Parser) -> Result<(), CompileError> {
    match &e.kind {
        ExprKind::Ident(_) | ExprKind::Index(..) | ExprKind::Selector(..) => Ok(()),
        _ => p.err("cannot assign to this expression"),
    }
}

fn binary_of(op: &str) -> &'static str {
    match op {
        "+=" => "+",
        "-=" => "-",
        "*=" => "*",
        "/=" => "/",
        "%=" => "%",
        "&=" => "&",
        "|=" => "|",
        "^=" => "^",
        "&^=" => "&^",
        "<<=" => "<<",
        _ => ">>",
    }
}

fn precedence(op: &str) -> u8 {
    match op {
        "*" | "/" | "%" | "<<" | ">>" | "&" | "&^" => 5,
        "+" | "-" | "|" | "^" => 4,
        "==" | "!=" | "<" | "<=" | ">" | ">=" => 3,
        "&&" => 2,
        "||" => 1,
        _ => 0,
    }
}

impl Parser {
    fn primary(&mut self) -> Result<Expr, CompileError> {
        let line = self.line();
        let kind = match self.next() {
            Tok::Ident(s) => ExprKind::Ident(s),
            Tok::Int(v) => ExprKind::Int(v),
            Tok::Float(v) => ExprKind::Float(v),
            Tok::Str(s) => ExprKind::Str(s),
            Tok::Char(c) => ExprKind::Char(c),
            Tok::Kw("true") => ExprKind::Bool(true),
            Tok::Kw("false") => ExprKind::Bool(false),
            Tok::Kw("undefined") => ExprKind::Undefined,
            Tok::Op("(") => {
                self.enter()?;
                self.skip_semis();
                let e = self.expr()?;
                self.skip_semis();
                self.expect_op(")")?;
                self.depth -= 1;
                return Ok(e);
            }
            Tok::Op("[") => ExprKind::Array(self.list("]")?),
            Tok::Op("{") => ExprKind::Map(self.map_lit()?),
            Tok::Kw("func") => ExprKind::Func(Arc::new(self.func_lit()?)),
            Tok::Kw(k @ ("error" | "immutable")) => {
                self.expect_op("(")?;
                let e = Box::new(self.expr()?);
                self.expect_op(")")?;
                if k == "error" {
                    ExprKind::Error(e)
                } else {
                    ExprKind::Immutable(e)
                }
            }
            Tok::Kw("import") => self.import()?,
            t => {
                self.pos -= 1;
                return self.err(format!("expected an expression, found {}", describe(&t)));
            }
        };
        Ok(Expr { kind, line })
    }

    fn import(&mut self) -> Result<ExprKind, CompileError> {
        self.expect_op("(")?;
        let Tok::Str(name) = self.tok().clone() else {
            return self.err("import takes a module name in a string literal");
        };
        let name = String::from_utf8_lossy(&name).into_owned();
        if !MODULES.contains(&name.as_str()) {
            return self.err(format!(
                "module '{name}' is not available: scripts may import only text, fmt and math"
            ));
        }
        self.next();
        self.expect_op(")")?;
        Ok(ExprKind::Import(name))
    }

    /// Comma-separated expressions up to `close`, newlines allowed.
    fn list(&mut self, close: &str) -> Result<Vec<Expr>, CompileError> {
        self.enter()?;
        let mut out = Vec::new();
        loop {
            self.skip_semis();
            if self.is_op(close) {
                self.next();
                break;
            }
            out.push(self.expr()?);
            self.skip_semis();
            if self.is_op(",") {
                self.next();
            } else if !self.is_op(close) {
                return self.err(format!(
                    "expected ',' or '{close}', found {}",
                    describe(self.tok())
                ));
            }
        }
        self.depth -= 1;
        Ok(out)
    }

    fn map_lit(&mut self) -> Result<Vec<(String, Expr)>, CompileError> {
        self.enter()?;
        let mut out = Vec::new();
        loop {
            self.skip_semis();
            if self.is_op("}") {
                self.next();
                break;
            }
            let key = match self.next() {
                Tok::Ident(s) => s,
                Tok::Str(s) => String::from_utf8_lossy(&s).into_owned(),
                t => {
                    self.pos -= 1;
                    return self.err(format!("expected map key, found {}", describe(&t)));
                }
            };
            self.expect_op(":")?;
            out.push((key, self.expr()?));
            self.skip_semis();
            if self.is_op(",") {
                self.next();
            } else if !self.is_op("}") {
                return self.err(format!(
                    "expected ',' or '}}', found {}",
                    describe(self.tok())
                ));
            }
        }
        self.depth -= 1;
        Ok(out)
    }

    fn func_lit(&mut self) -> Result<FuncLit, CompileError> {
        self.expect_op("(")?;
        let mut params = Vec::new();
        let mut variadic = false;
        while !self.is_op(")") {
            if variadic {
                return self.err("only the last parameter can be variadic");
            }
            if self.is_op("...") {
                self.next();
                variadic = true;
            }
            match self.next() {
                Tok::Ident(s) => params.push(s),
                t => {
                    self.pos -= 1;
                    return self.err(format!("expected parameter name, found {}", describe(&t)));
                }
            }
            if self.is_op("...") {
                return self.err("only the last parameter can be variadic, written '...name'");
            }
            if self.is_op(",") {
                self.next();
            } else if !self.is_op(")") {
                return self.err(format!(
                    "expected ',' or ')', found {}",
                    describe(self.tok())
                ));
            }
        }
        self.next();
        let body = self.block()?;
        Ok(FuncLit {
            params,
            variadic,
            body,
        })
    }

    fn postfix(&mut self, mut e: Expr) -> Result<Expr, CompileError> {
        let mut levels = 0;
        loop {
            let line = e.line;
            let kind = match self.tok() {
                Tok::Op("(") => {
                    self.next();
                    let (args, spread) = self.call_args()?;
                    ExprKind::Call(Box::new(e), args, spread)
                }
                Tok::Op("[") => {
                    self.next();
                    self.index_or_slice(e)?
                }
                Tok::Op(".") => {
                    self.next();
                    match self.next() {
                        Tok::Ident(s) => ExprKind::Selector(Box::new(e), s),
                        t => {
                            self.pos -= 1;
                            return self.err(format!("expected selector, found {}", describe(&t)));
                        }
                    }
                }
                _ => break,
            };
            levels += 1;
            if levels > MAX_DEPTH {
                return self.err(format!("nesting deeper than {MAX_DEPTH} levels"));
            }
            e = Expr { kind, line };
        }
        Ok(e)
    }

    fn call_args(&mut self) -> Result<(Vec<Expr>, bool), CompileError> {
        self.enter()?;
        let mut args = Vec::new();
        let mut spread = false;
        loop {
            self.skip_semis();
            if self.is_op(")") {
                self.next();
                break;
            }
            if spread {
                return self.err("'...' must be on the last argument");
            }
            args.push(self.expr()?);
            if self.is_op("...") {
                self.next();
                spread = true;
            }
            self.skip_semis();
            if self.is_op(",") {
                self.next();
            } else if !self.is_op(")") {
                return self.err(format!(
                    "expected ',' or ')', found {}",
                    describe(self.tok())
                ));
            }
        }
        self.depth -= 1;
        Ok((args, spread))
    }

    fn index_or_slice(&mut self, e: Expr) -> Result<ExprKind, CompileError> {
        let low = if self.is_op(":") {
            None
        } else {
            Some(Box::new(self.expr()?))
        };
        if self.is_op(":") {
            self.next();
            let high = if self.is_op("]") {
                None
            } else {
                Some(Box::new(self.expr()?))
            };
            self.expect_op("]")?;
            return Ok(ExprKind::Slice(Box::new(e), low, high));
        }
        self.expect_op("]")?;
        match low {
            Some(i) => Ok(ExprKind::Index(Box::new(e), i)),
            None => self.err("expected index"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_levels() {
        let s = parse("a := 1 + 2 * 3 == 7 && !false || x").unwrap();
        let StmtKind::Define(_, e) = &s[0].kind else {
            panic!()
        };
        assert!(matches!(e.kind, ExprKind::Binary("||", _, _)));
    }

    #[test]
    fn statements() {
        let src = "for i := 0; i < 3; i++ { if x := i; x > 1 { break } else { continue } }\n\
                   for k, v in m {}\nfor v in m {}\nfor {}\nfor a < 3 {}\nf := func(a, ...b) { return }";
        assert_eq!(parse(src).unwrap().len(), 6);
    }

    #[test]
    fn multi_line_literals() {
        parse("m := {\n a: 1,\n b: [\n 1,\n 2\n ]\n}\nf(1,\n 2)").unwrap();
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = parse("a := 1\nb := (2 +\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse("x := import(\"os\")").unwrap_err();
        assert!(
            e.message.contains("module 'os' is not available"),
            "{}",
            e.message
        );
        assert_eq!((e.line, e.column), (1, 13));
        let e = parse("a.func = 1").unwrap_err();
        assert!(e.message.contains("expected selector"));
        let e = parse("a, b := 1, 2").unwrap_err();
        assert!(e.message.contains("tuple assignment"));
        let e = parse("func f() {}").unwrap_err();
        assert!(e.message.contains("expected '('"), "{}", e.message);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let src = "a := ".to_string() + &"(".repeat(10_000);
        assert!(parse(&src).unwrap_err().message.contains("nesting"));
        let src = "a := ".to_string() + &"-".repeat(10_000) + "1";
        assert!(parse(&src).is_err());
    }
}
