//! Compile-time checks Tengo's compiler makes: every name is defined
//! before use, no name is defined twice in one block, `break` and
//! `continue` sit inside a loop. Also refuses what this interpreter
//! leaves out (the `time` builtin), naming it and its line.

use crate::ast::{Expr, ExprKind, Stmt, StmtKind};
use crate::builtins::NAMES;
use crate::CompileError;

/// Builtins Tengo has that need values this interpreter does not have.
const LEFT_OUT: &[(&str, &str)] = &[(
    "time",
    "the builtin 'time' is not supported: scripts have no time values",
)];

struct Resolver {
    scopes: Vec<Vec<String>>,
    loops: Vec<u32>,
}

pub fn check(body: &[Stmt], globals: &[&str]) -> Result<(), CompileError> {
    let mut r = Resolver {
        scopes: vec![globals.iter().map(|g| g.to_string()).collect()],
        loops: vec![0],
    };
    r.stmts(body)
}

fn err(line: u32, message: String) -> CompileError {
    CompileError {
        line,
        column: 1,
        message,
    }
}

impl Resolver {
    fn block(&mut self, body: &[Stmt]) -> Result<(), CompileError> {
        self.scopes.push(Vec::new());
        let r = self.stmts(body);
        self.scopes.pop();
        r
    }

    fn stmts(&mut self, body: &[Stmt]) -> Result<(), CompileError> {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn define(&mut self, name: &str, line: u32) -> Result<(), CompileError> {
        let scope = self.scopes.last_mut().expect("a scope");
        if scope.iter().any(|n| n == name) {
            return Err(err(line, format!("'{name}' redeclared in this block")));
        }
        scope.push(name.to_string());
        Ok(())
    }

    fn in_loop<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        *self.loops.last_mut().unwrap() += 1;
        let r = f(self);
        *self.loops.last_mut().unwrap() -= 1;
        r
    }

    fn stmt(&mut self, s: &Stmt) -> Result<(), CompileError> {
        match &s.kind {
            StmtKind::Expr(e) | StmtKind::Export(e) => self.expr(e),
            StmtKind::Define(name, e) => {
                self.define(name, s.line)?;
                self.expr(e)
            }
            StmtKind::Assign(t, _, e) => {
                self.expr(t)?;
                self.expr(e)
            }
            StmtKind::IncDec(t, _) => self.expr(t),
            StmtKind::Block(b) => self.block(b),
            StmtKind::If {
                init,
                cond,
                then,
                otherwise,
            } => {
                self.scopes.push(Vec::new());
                let r = (|| {
                    if let Some(i) = init {
                        self.stmt(i)?;
                    }
                    self.expr(cond)?;
                    self.block(then)?;
                    otherwise.as_ref().map_or(Ok(()), |o| self.stmt(o))
                })();
                self.scopes.pop();
                r
            }
            StmtKind::For { .. } | StmtKind::ForIn { .. } => self.loop_stmt(s),
            StmtKind::Return(e) => e.as_ref().map_or(Ok(()), |e| self.expr(e)),
            StmtKind::Break | StmtKind::Continue => {
                if *self.loops.last().unwrap() == 0 {
                    let what = if matches!(s.kind, StmtKind::Break) {
                        "break"
                    } else {
                        "continue"
                    };
                    return Err(err(s.line, format!("'{what}' not allowed outside loop")));
                }
                Ok(())
            }
        }
    }

    fn loop_stmt(&mut self, s: &Stmt) -> Result<(), CompileError> {
        self.scopes.push(Vec::new());
        let r = match &s.kind {
            StmtKind::For {
                init,
                cond,
                post,
                body,
            } => (|| {
                if let Some(i) = init {
                    self.stmt(i)?;
                }
                if let Some(c) = cond {
                    self.expr(c)?;
                }
                if let Some(p) = post {
                    self.stmt(p)?;
                }
                self.in_loop(|r| r.block(body))
            })(),
            StmtKind::ForIn {
                key,
                value,
                iterable,
                body,
            } => (|| {
                self.expr(iterable)?;
                for name in key.iter().chain([value]) {
                    if name != "_" {
                        self.define(name, s.line)?;
                    }
                }
                self.in_loop(|r| r.block(body))
            })(),
            _ => unreachable!(),
        };
        self.scopes.pop();
        r
    }

    fn resolve(&self, name: &str, line: u32) -> Result<(), CompileError> {
        if self.scopes.iter().any(|s| s.iter().any(|n| n == name)) {
            return Ok(());
        }
        if let Some((_, why)) = LEFT_OUT.iter().find(|(n, _)| *n == name) {
            return Err(err(line, why.to_string()));
        }
        if NAMES.contains(&name) {
            return Ok(());
        }
        Err(err(line, format!("unresolved reference '{name}'")))
    }

    fn expr(&mut self, e: &Expr) -> Result<(), CompileError> {
        match &e.kind {
            ExprKind::Ident(name) => self.resolve(name, e.line),
            ExprKind::Array(items) => items.iter().try_for_each(|i| self.expr(i)),
            ExprKind::Map(items) => items.iter().try_for_each(|(_, i)| self.expr(i)),
            ExprKind::Func(lit) => {
                self.scopes.push(lit.params.clone());
                self.loops.push(0);
                let r = self.stmts(&lit.body);
                self.loops.pop();
                self.scopes.pop();
                r
            }
            ExprKind::Error(x) | ExprKind::Immutable(x) | ExprKind::Unary(_, x) => self.expr(x),
            ExprKind::Selector(x, _) => self.expr(x),
            ExprKind::Binary(_, a, b) | ExprKind::Index(a, b) => {
                self.expr(a)?;
                self.expr(b)
            }
            ExprKind::Cond(c, a, b) => {
                self.expr(c)?;
                self.expr(a)?;
                self.expr(b)
            }
            ExprKind::Slice(x, lo, hi) => {
                self.expr(x)?;
                for b in [lo, hi].into_iter().flatten() {
                    self.expr(b)?;
                }
                Ok(())
            }
            ExprKind::Call(f, args, _) => {
                self.expr(f)?;
                args.iter().try_for_each(|a| self.expr(a))
            }
            _ => Ok(()),
        }
    }
}
