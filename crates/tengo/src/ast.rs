//! The syntax tree. Every node carries the source line it starts on, for
//! run-time errors.

use std::sync::Arc;

pub type Line = u32;

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub line: Line,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Ident(String),
    Int(i64),
    Float(f64),
    Str(Vec<u8>),
    Char(char),
    Bool(bool),
    Undefined,
    Array(Vec<Expr>),
    Map(Vec<(String, Expr)>),
    Func(Arc<FuncLit>),
    Error(Box<Expr>),
    Immutable(Box<Expr>),
    /// `import("name")`: only `text`, `fmt` and `math` pass the parser.
    Import(String),
    Unary(&'static str, Box<Expr>),
    Binary(&'static str, Box<Expr>, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    Index(Box<Expr>, Box<Expr>),
    Slice(Box<Expr>, Option<Box<Expr>>, Option<Box<Expr>>),
    Selector(Box<Expr>, String),
    /// Callee, arguments, and whether the last argument is spread (`a...`).
    Call(Box<Expr>, Vec<Expr>, bool),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FuncLit {
    pub params: Vec<String>,
    pub variadic: bool,
    pub body: Vec<Stmt>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub line: Line,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    Expr(Expr),
    /// `name := value`.
    Define(String, Expr),
    /// `target op value` where op is `=` or a compound operator such as
    /// `+=` (stored as its binary operator, `+`).
    Assign(Expr, Option<&'static str>, Expr),
    /// `target++` (true) or `target--` (false).
    IncDec(Expr, bool),
    Block(Vec<Stmt>),
    If {
        init: Option<Box<Stmt>>,
        cond: Expr,
        then: Vec<Stmt>,
        otherwise: Option<Box<Stmt>>,
    },
    For {
        init: Option<Box<Stmt>>,
        cond: Option<Expr>,
        post: Option<Box<Stmt>>,
        body: Vec<Stmt>,
    },
    ForIn {
        /// The index or key variable of `for k, v in`; `for v in` has none.
        key: Option<String>,
        value: String,
        iterable: Expr,
        body: Vec<Stmt>,
    },
    Return(Option<Expr>),
    Break,
    Continue,
    /// `export x`: ignored in a main module, as Tengo does.
    Export(Expr),
}
