//! Tengo values. Strings and bytes are byte sequences, as in Go: a string
//! sliced inside a UTF-8 sequence is still a string.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::rc::Rc;
use std::sync::Arc;

use crate::ast::FuncLit;
use crate::interp::{Ctx, Scope};
use crate::RuntimeError;

pub type Map = BTreeMap<String, Value>;

/// The longest text [`Value::repr`] writes.
const REPR_MAX: usize = 1 << 20;

/// How deep `copy` and `freeze` go: a value that holds itself is cut there.
const COPY_DEPTH: usize = 64;

/// A function written in Rust: a builtin or a module function.
pub type NativeFn = dyn Fn(&mut Ctx, Vec<Value>) -> Result<Value, RuntimeError>;

pub struct Native {
    pub name: &'static str,
    /// Builtins are `builtin-function`; module functions `user-function`.
    pub builtin: bool,
    pub f: Box<NativeFn>,
}

impl std::fmt::Debug for Native {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{}>", self.name)
    }
}

#[derive(Debug)]
pub struct Closure {
    pub lit: Arc<FuncLit>,
    pub env: Rc<Scope>,
}

#[derive(Debug, Clone)]
pub enum Value {
    Undefined,
    Int(i64),
    Float(f64),
    Bool(bool),
    Char(char),
    Str(Rc<[u8]>),
    Bytes(Rc<[u8]>),
    Array(Rc<RefCell<Vec<Value>>>),
    ImmArray(Rc<Vec<Value>>),
    Map(Rc<RefCell<Map>>),
    ImmMap(Rc<Map>),
    Error(Rc<Value>),
    Func(Rc<Closure>),
    Native(Rc<Native>),
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(s.as_bytes().into())
    }

    pub fn string(s: String) -> Value {
        Value::Str(s.into_bytes().into())
    }

    pub fn array(v: Vec<Value>) -> Value {
        Value::Array(Rc::new(RefCell::new(v)))
    }

    pub fn map(m: Map) -> Value {
        Value::Map(Rc::new(RefCell::new(m)))
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Undefined => "undefined",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Bool(_) => "bool",
            Value::Char(_) => "char",
            Value::Str(_) => "string",
            Value::Bytes(_) => "bytes",
            Value::Array(_) => "array",
            Value::ImmArray(_) => "immutable-array",
            Value::Map(_) => "map",
            Value::ImmMap(_) => "immutable-map",
            Value::Error(_) => "error",
            Value::Func(_) => "compiled-function",
            Value::Native(n) if n.builtin => "builtin-function",
            Value::Native(_) => "user-function",
        }
    }

    pub fn is_falsy(&self) -> bool {
        match self {
            Value::Undefined | Value::Error(_) => true,
            Value::Int(v) => *v == 0,
            Value::Float(f) => f.is_nan(),
            Value::Bool(b) => !b,
            Value::Char(c) => *c == '\0',
            Value::Str(s) | Value::Bytes(s) => s.is_empty(),
            Value::Array(a) => a.borrow().is_empty(),
            Value::ImmArray(a) => a.is_empty(),
            Value::Map(m) => m.borrow().is_empty(),
            Value::ImmMap(m) => m.is_empty(),
            Value::Func(_) | Value::Native(_) => false,
        }
    }

    /// The elements of an array or immutable array.
    pub fn elements(&self) -> Option<Vec<Value>> {
        match self {
            Value::Array(a) => Some(a.borrow().clone()),
            Value::ImmArray(a) => Some(a.as_ref().clone()),
            _ => None,
        }
    }

    /// The entries of a map or immutable map.
    pub fn entries(&self) -> Option<Map> {
        match self {
            Value::Map(m) => Some(m.borrow().clone()),
            Value::ImmMap(m) => Some(m.as_ref().clone()),
            _ => None,
        }
    }

    /// Tengo's `Object.String()`: strings quoted, composites bracketed.
    pub fn repr(&self) -> String {
        let mut out = String::new();
        self.write_repr(&mut out, 0);
        out
    }

    fn write_repr(&self, out: &mut String, depth: usize) {
        // A value may hold itself (`a[0] = a`): stop deep or long.
        if depth > 64 || out.len() > REPR_MAX {
            out.push_str("...");
            return;
        }
        match self {
            Value::Str(s) => out.push_str(&go_quote(&String::from_utf8_lossy(s))),
            Value::Array(_) | Value::ImmArray(_) => {
                out.push('[');
                for (i, v) in self.elements().unwrap_or_default().iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    v.write_repr(out, depth + 1);
                }
                out.push(']');
            }
            Value::Map(_) | Value::ImmMap(_) => {
                out.push('{');
                for (i, (k, v)) in self.entries().unwrap_or_default().iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    let _ = write!(out, "{k}: ");
                    v.write_repr(out, depth + 1);
                }
                out.push('}');
            }
            Value::Error(v) => {
                out.push_str("error: ");
                v.write_repr(out, depth + 1);
            }
            _ => out.push_str(&self.to_display()),
        }
    }

    /// The text `string(x)` gives: strings as they are, others as
    /// [`Value::repr`].
    pub fn to_display(&self) -> String {
        match self {
            Value::Undefined => "<undefined>".into(),
            Value::Int(v) => v.to_string(),
            Value::Float(f) => format_float_g(*f),
            Value::Bool(b) => b.to_string(),
            Value::Char(c) => c.to_string(),
            Value::Str(s) | Value::Bytes(s) => String::from_utf8_lossy(s).into_owned(),
            Value::Func(_) => "<compiled-function>".into(),
            Value::Native(n) if n.builtin => "<builtin-function>".into(),
            Value::Native(_) => "<user-function>".into(),
            _ => self.repr(),
        }
    }

    /// The bytes of `string(x)`; strings keep invalid UTF-8 as it is.
    pub fn to_bytes_display(&self) -> Rc<[u8]> {
        match self {
            Value::Str(s) | Value::Bytes(s) => s.clone(),
            _ => self.to_display().into_bytes().into(),
        }
    }

    /// Tengo's `Equals`: strict on types, except that an array equals an
    /// immutable array (and maps likewise) with equal elements. `budget`
    /// is the number of values it may visit; run out, the values compare
    /// unequal and `budget` is 0.
    pub fn equals(&self, other: &Value, budget: &mut u64) -> bool {
        self.equals_at(other, budget, 0)
    }

    fn equals_at(&self, other: &Value, budget: &mut u64, depth: usize) -> bool {
        use Value::*;
        if *budget == 0 || depth > COPY_DEPTH {
            // Too deep is as bad as too long: a value that holds itself.
            *budget = 0;
            return false;
        }
        *budget -= 1;
        let d = depth + 1;
        match (self, other) {
            (Undefined, Undefined) => true,
            (Int(a), Int(b)) => a == b,
            (Float(a), Float(b)) => a == b,
            (Bool(a), Bool(b)) => a == b,
            (Char(a), Char(b)) => a == b,
            (Str(a), Str(b)) | (Bytes(a), Bytes(b)) => a == b,
            (Array(_) | ImmArray(_), Array(_) | ImmArray(_)) => {
                let (a, b) = (self.elements().unwrap(), other.elements().unwrap());
                a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| x.equals_at(y, budget, d))
            }
            (Map(_) | ImmMap(_), Map(_) | ImmMap(_)) => {
                let (a, b) = (self.entries().unwrap(), other.entries().unwrap());
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, v)| b.get(k).is_some_and(|w| v.equals_at(w, budget, d)))
            }
            (Error(a), Error(b)) => a.equals_at(b, budget, d),
            (Func(a), Func(b)) => Rc::ptr_eq(a, b),
            (Native(a), Native(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// A deep, mutable copy (`copy`).
    pub fn deep_copy(&self, ctx: &mut Ctx) -> Result<Value, RuntimeError> {
        self.copy_at(ctx, 0)
    }

    fn copy_at(&self, ctx: &mut Ctx, depth: usize) -> Result<Value, RuntimeError> {
        ctx.step()?;
        if depth > COPY_DEPTH {
            return Err(RuntimeError::msg(
                "copy: value nested too deeply (does it hold itself?)",
            ));
        }
        Ok(match self {
            Value::Array(_) | Value::ImmArray(_) => {
                let els = self.elements().unwrap();
                ctx.alloc(els.len() * 16)?;
                let mut out = Vec::with_capacity(els.len());
                for v in &els {
                    out.push(v.copy_at(ctx, depth + 1)?);
                }
                Value::array(out)
            }
            Value::Map(_) | Value::ImmMap(_) => {
                let mut out = Map::new();
                for (k, v) in self.entries().unwrap() {
                    ctx.alloc(k.len() + 48)?;
                    let v = v.copy_at(ctx, depth + 1)?;
                    out.insert(k, v);
                }
                Value::map(out)
            }
            Value::Error(v) => Value::Error(Rc::new(v.copy_at(ctx, depth + 1)?)),
            v => v.clone(),
        })
    }

    /// `freeze`: arrays and maps become immutable, all the way down.
    pub fn freeze(&self, ctx: &mut Ctx) -> Result<Value, RuntimeError> {
        self.freeze_at(ctx, 0)
    }

    fn freeze_at(&self, ctx: &mut Ctx, depth: usize) -> Result<Value, RuntimeError> {
        ctx.step()?;
        if depth > COPY_DEPTH {
            return Err(RuntimeError::msg(
                "freeze: value nested too deeply (does it hold itself?)",
            ));
        }
        Ok(match self {
            Value::Array(_) | Value::ImmArray(_) => {
                let mut out = Vec::new();
                for v in self.elements().unwrap() {
                    out.push(v.freeze_at(ctx, depth + 1)?);
                }
                Value::ImmArray(Rc::new(out))
            }
            Value::Map(_) | Value::ImmMap(_) => {
                let mut out = Map::new();
                for (k, v) in self.entries().unwrap() {
                    let v = v.freeze_at(ctx, depth + 1)?;
                    out.insert(k, v);
                }
                Value::ImmMap(Rc::new(out))
            }
            v => v.clone(),
        })
    }
}

/// Go's `strconv.FormatFloat(f, 'f', -1, 64)`, Tengo's `Float.String()`.
pub fn format_float_g(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    format!("{f}")
}

/// Go's `strconv.Quote`.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            '\u{fffd}' => out.push_str("\\ufffd"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c.is_control() => {
                if (c as u32) < 0x10000 {
                    let _ = write!(out, "\\u{:04x}", c as u32);
                } else {
                    let _ = write!(out, "\\U{:08x}", c as u32);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_go() {
        assert_eq!(format_float_g(19.84), "19.84");
        assert_eq!(format_float_g(1e21), "1000000000000000000000");
        assert_eq!(format_float_g(1e-7), "0.0000001");
        assert_eq!(format_float_g(3.0), "3");
        assert_eq!(format_float_g(f64::NAN), "NaN");
    }

    #[test]
    fn repr_quotes_strings_in_composites() {
        let v = Value::array(vec![Value::Int(1), Value::str("a")]);
        assert_eq!(v.repr(), "[1, \"a\"]");
        assert_eq!(v.to_display(), "[1, \"a\"]");
        assert_eq!(Value::str("a").to_display(), "a");
        assert_eq!(go_quote("a\"\n"), "\"a\\\"\\n\"");
    }
}
