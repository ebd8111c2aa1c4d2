//! A sandboxed interpreter for [Tengo](https://github.com/d5/tengo), the
//! scripting language of Vale's `script` rules.
//!
//! The language is the one Tengo's reference defines: int, float, string,
//! bool, char, bytes, array, map, immutable values, undefined, errors,
//! functions and closures, every statement form, every builtin (except
//! `time`, refused at compile time since no time values exist here), and
//! the modules `text`, `fmt` and `math`. `import` of any other module (`os`
//! above all) is a compile error.
//!
//! A run is bounded by [`Limits`]: a step budget (statements, expression
//! evaluations, and work proportional to the bytes a builtin touches) and
//! a memory budget (bytes of strings, arrays and maps the script creates).
//! Scripts have no file system, network, environment or clock; `fmt.print`
//! and friends write to a buffer ([`Vars::output`]), never to stdout.
//!
//! Strings are byte sequences as in Go: `len` and slicing count bytes,
//! indexing (`s[i]`) and `for … in` walk characters, as Tengo does.
//! [`script_matches`] implements Vale's contract: the script reads `scope`
//! and leaves `matches = [{begin, end, message?}]`, where `begin` and `end`
//! are byte offsets into `scope`.

mod ast;
mod builtins;
mod format;
mod interp;
mod lexer;
mod modules;
mod ops;
mod parser;
mod resolve;
mod value;

use std::collections::BTreeMap;
use std::sync::Arc;

pub use value::Value;

/// A script that failed to compile, with the 1-based line and column of
/// the offending token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct CompileError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Why a run stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A run-time error of the script: wrong type, division by zero…
    Runtime,
    /// The step budget ran out.
    Steps,
    /// The memory budget ran out.
    Memory,
}

/// A run that failed, with the 1-based script line being executed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct RuntimeError {
    pub line: u32,
    pub message: String,
    pub kind: ErrorKind,
}

impl RuntimeError {
    /// An error raised where the line is not known yet (in a builtin); the
    /// interpreter fills it in.
    pub(crate) fn msg(message: impl Into<String>) -> RuntimeError {
        RuntimeError {
            line: 0,
            message: message.into(),
            kind: ErrorKind::Runtime,
        }
    }
}

/// The budgets of one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Statements and expressions evaluated, plus one per kilobyte a
    /// builtin reads or writes.
    pub steps: u64,
    /// Bytes of values created (strings, bytes, array slots, map entries).
    pub memory: u64,
}

impl Default for Limits {
    /// Enough for a script over a large document (gitlab_docs.FrontMatter
    /// takes some 20 steps a line), small enough that `for {}` ends in
    /// about a tenth of a second.
    fn default() -> Limits {
        Limits {
            steps: 2_000_000,
            memory: 32 << 20,
        }
    }
}

/// A compiled script; compile once, run many times.
#[derive(Debug, Clone)]
pub struct Program {
    body: Arc<Vec<ast::Stmt>>,
    globals: Vec<String>,
}

/// The global variables of a finished run.
#[derive(Debug, Default)]
pub struct Vars {
    pub vars: BTreeMap<String, Value>,
    /// What `fmt.print`, `fmt.println` and `fmt.printf` wrote.
    pub output: String,
}

impl Vars {
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.vars.get(name)
    }
}

impl Program {
    /// Compiles `source`, in which `globals` are defined by the caller
    /// (Vale's scripts get `scope`). Unknown names, redefinitions, modules
    /// other than text, fmt and math, and syntax errors are refused here.
    pub fn compile(source: &str, globals: &[&str]) -> Result<Program, CompileError> {
        let body = parser::parse(source)?;
        resolve::check(&body, globals)?;
        Ok(Program {
            body: Arc::new(body),
            globals: globals.iter().map(|g| g.to_string()).collect(),
        })
    }

    /// Runs the script with `globals` (each name must have been given to
    /// [`Program::compile`]; missing ones are undefined).
    pub fn run(&self, globals: Vec<(&str, Value)>, limits: Limits) -> Result<Vars, RuntimeError> {
        interp::run(self, globals, limits)
    }
}

/// One match a script reported, as byte offsets into `scope`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptMatch {
    pub begin: usize,
    pub end: usize,
    pub message: Option<String>,
}

/// Compiles a Vale script: `scope` is its only input.
pub fn compile_script(source: &str) -> Result<Program, CompileError> {
    Program::compile(source, &["scope"])
}

/// Vale's contract: runs `program` with `scope` set to the block's text
/// and reads `matches`, an array of maps `{begin, end, message?}` whose
/// offsets are bytes into `scope`. A script that leaves no `matches` has
/// none. Offsets are returned as the script gave them, clamped to
/// `0..=scope.len()` and ordered (`begin <= end`); callers that need char
/// boundaries must check them.
pub fn script_matches(
    program: &Program,
    scope: &str,
    limits: Limits,
) -> Result<Vec<ScriptMatch>, RuntimeError> {
    let vars = program.run(vec![("scope", Value::str(scope))], limits)?;
    let Some(matches) = vars.get("matches") else {
        return Ok(Vec::new());
    };
    let items = match matches {
        Value::Undefined => return Ok(Vec::new()),
        m => m.elements().ok_or_else(|| RuntimeError {
            line: 0,
            message: format!("'matches' must be an array, not {}", m.type_name()),
            kind: ErrorKind::Runtime,
        })?,
    };
    items
        .iter()
        .enumerate()
        .map(|(i, m)| read_match(i, m, scope.len()))
        .collect()
}

fn read_match(i: usize, m: &Value, len: usize) -> Result<ScriptMatch, RuntimeError> {
    let bad = |what: &str| RuntimeError {
        line: 0,
        message: format!("matches[{i}] {what}"),
        kind: ErrorKind::Runtime,
    };
    let entries = m.entries().ok_or_else(|| bad("is not a map"))?;
    let offset = |key: &str| -> Result<usize, RuntimeError> {
        match entries.get(key) {
            Some(Value::Int(v)) => Ok((*v).clamp(0, len as i64) as usize),
            Some(Value::Float(v)) => Ok((*v as i64).clamp(0, len as i64) as usize),
            _ => Err(bad(&format!("has no int '{key}'"))),
        }
    };
    let (begin, end) = (offset("begin")?, offset("end")?);
    let message = match entries.get("message") {
        None | Some(Value::Undefined) => None,
        Some(v) => Some(v.to_display()),
    };
    Ok(ScriptMatch {
        begin: begin.min(end),
        end: begin.max(end),
        message,
    })
}

#[cfg(test)]
mod tests;
