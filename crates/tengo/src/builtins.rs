//! Tengo's builtin functions (builtins.md), and the argument helpers the
//! module functions share.

use std::collections::HashMap;
use std::rc::Rc;

use crate::interp::Ctx;
use crate::value::{Native, Value};
use crate::{format, RuntimeError};

/// Every builtin name the compiler accepts (`time` is refused apart).
pub const NAMES: &[&str] = &[
    "format",
    "len",
    "copy",
    "append",
    "delete",
    "splice",
    "type_name",
    "string",
    "int",
    "bool",
    "float",
    "char",
    "bytes",
    "is_string",
    "is_int",
    "is_bool",
    "is_float",
    "is_char",
    "is_bytes",
    "is_error",
    "is_undefined",
    "is_function",
    "is_callable",
    "is_array",
    "is_immutable_array",
    "is_map",
    "is_immutable_map",
    "is_iterable",
    "is_time",
    "freeze",
];

type Fn = fn(&mut Ctx, Vec<Value>) -> Result<Value, RuntimeError>;

pub fn native(name: &'static str, builtin: bool, f: Fn) -> Value {
    Value::Native(Rc::new(Native {
        name,
        builtin,
        f: Box::new(f),
    }))
}

pub fn all() -> HashMap<&'static str, Value> {
    let table: &[(&'static str, Fn)] = &[
        ("format", |ctx, a| {
            format::sprintf(ctx, &a).map(Value::string)
        }),
        ("len", len),
        ("copy", |ctx, a| {
            arity(&a, 1)?;
            a[0].deep_copy(ctx)
        }),
        ("append", append),
        ("delete", delete),
        ("splice", splice),
        ("type_name", |_, a| {
            arity(&a, 1)?;
            Ok(Value::str(a[0].type_name()))
        }),
        ("string", |ctx, a| convert(ctx, a, to_string)),
        ("int", |ctx, a| convert(ctx, a, to_int)),
        ("bool", |_, a| {
            arity(&a, 1)?;
            Ok(Value::Bool(!a[0].is_falsy()))
        }),
        ("float", |ctx, a| convert(ctx, a, to_float)),
        ("char", |ctx, a| convert(ctx, a, to_char)),
        ("bytes", bytes),
        ("freeze", |ctx, a| {
            arity(&a, 1)?;
            a[0].freeze(ctx)
        }),
    ];
    let mut out: HashMap<&'static str, Value> = table
        .iter()
        .map(|(name, f)| (*name, native(name, true, *f)))
        .collect();
    for (name, f) in type_checks() {
        out.insert(name, native(name, true, f));
    }
    out
}

fn type_checks() -> Vec<(&'static str, Fn)> {
    macro_rules! check {
        ($name:literal, $pat:pat) => {
            ($name, |_, a| {
                arity(&a, 1)?;
                Ok(Value::Bool(matches!(&a[0], $pat)))
            })
        };
    }
    vec![
        check!("is_string", Value::Str(_)),
        check!("is_int", Value::Int(_)),
        check!("is_bool", Value::Bool(_)),
        check!("is_float", Value::Float(_)),
        check!("is_char", Value::Char(_)),
        check!("is_bytes", Value::Bytes(_)),
        check!("is_error", Value::Error(_)),
        check!("is_undefined", Value::Undefined),
        check!("is_function", Value::Func(_)),
        check!("is_callable", Value::Func(_) | Value::Native(_)),
        check!("is_array", Value::Array(_)),
        check!("is_immutable_array", Value::ImmArray(_)),
        check!("is_map", Value::Map(_)),
        check!("is_immutable_map", Value::ImmMap(_)),
        check!(
            "is_iterable",
            Value::Array(_)
                | Value::ImmArray(_)
                | Value::Map(_)
                | Value::ImmMap(_)
                | Value::Str(_)
                | Value::Bytes(_)
        ),
        ("is_time", |_, a| {
            arity(&a, 1)?;
            Ok(Value::Bool(false))
        }),
    ]
}

const ORDINALS: &[&str] = &["first", "second", "third", "fourth", "fifth", "sixth"];

pub fn ordinal(i: usize) -> &'static str {
    ORDINALS.get(i).copied().unwrap_or("later")
}

pub fn arity(a: &[Value], n: usize) -> Result<(), RuntimeError> {
    if a.len() != n {
        return Err(RuntimeError::msg(format!(
            "wrong number of arguments: want={n}, got={}",
            a.len()
        )));
    }
    Ok(())
}

pub fn arity_range(a: &[Value], lo: usize, hi: usize) -> Result<(), RuntimeError> {
    if a.len() < lo || a.len() > hi {
        return Err(RuntimeError::msg(format!(
            "wrong number of arguments: want={lo}..{hi}, got={}",
            a.len()
        )));
    }
    Ok(())
}

pub fn type_error(i: usize, want: &str, got: &Value) -> RuntimeError {
    RuntimeError::msg(format!(
        "invalid type for argument '{}': expected {want}, found {}",
        ordinal(i),
        got.type_name()
    ))
}

/// Argument `i` as string bytes (Tengo's module functions also accept
/// values that convert to a string, as `ToString` does).
pub fn str_arg(a: &[Value], i: usize) -> Result<Rc<[u8]>, RuntimeError> {
    match &a[i] {
        Value::Str(s) => Ok(s.clone()),
        Value::Undefined | Value::Error(_) | Value::Array(_) | Value::Map(_) => {
            Err(type_error(i, "string", &a[i]))
        }
        v => Ok(v.to_bytes_display()),
    }
}

pub fn int_arg(a: &[Value], i: usize) -> Result<i64, RuntimeError> {
    to_int(&a[i]).ok_or_else(|| type_error(i, "int", &a[i]))
}

pub fn float_arg(a: &[Value], i: usize) -> Result<f64, RuntimeError> {
    to_float(&a[i]).ok_or_else(|| type_error(i, "float", &a[i]))
}

pub fn to_string(v: &Value) -> Option<Value> {
    match v {
        Value::Undefined => None,
        Value::Str(_) => Some(v.clone()),
        v => Some(Value::Str(v.to_bytes_display())),
    }
}

pub fn to_int(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Float(f) => Some(*f as i64),
        Value::Char(c) => Some(*c as i64),
        Value::Bool(b) => Some(*b as i64),
        Value::Str(s) => std::str::from_utf8(s).ok()?.parse().ok(),
        _ => None,
    }
}

pub fn to_float(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        Value::Str(s) => parse_go_float(std::str::from_utf8(s).ok()?),
        _ => None,
    }
}

/// Go's `strconv.ParseFloat` spellings, including `Inf` and `NaN`.
pub fn parse_go_float(s: &str) -> Option<f64> {
    match s.to_ascii_lowercase().trim_start_matches(['+', '-']) {
        "inf" | "infinity" if s.starts_with('-') => Some(f64::NEG_INFINITY),
        "inf" | "infinity" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => s.replace('_', "").parse().ok(),
    }
}

fn to_char(v: &Value) -> Option<Value> {
    match v {
        Value::Char(_) => Some(v.clone()),
        Value::Int(i) => u32::try_from(*i)
            .ok()
            .and_then(char::from_u32)
            .map(Value::Char),
        Value::Str(s) => {
            let s = std::str::from_utf8(s).ok()?;
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Some(Value::Char(c)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `int(x)`, `float(x)`… with Tengo's optional second argument returned
/// when `x` does not convert.
fn convert<T: Into<Conv>>(
    _ctx: &mut Ctx,
    a: Vec<Value>,
    f: fn(&Value) -> Option<T>,
) -> Result<Value, RuntimeError> {
    arity_range(&a, 1, 2)?;
    match f(&a[0]) {
        Some(v) => Ok(v.into().0),
        None => Ok(a.get(1).cloned().unwrap_or(Value::Undefined)),
    }
}

pub struct Conv(Value);

impl From<Value> for Conv {
    fn from(v: Value) -> Conv {
        Conv(v)
    }
}

impl From<i64> for Conv {
    fn from(v: i64) -> Conv {
        Conv(Value::Int(v))
    }
}

impl From<f64> for Conv {
    fn from(v: f64) -> Conv {
        Conv(Value::Float(v))
    }
}

fn bytes(ctx: &mut Ctx, a: Vec<Value>) -> Result<Value, RuntimeError> {
    arity_range(&a, 1, 2)?;
    match &a[0] {
        Value::Int(n) => {
            let n = usize::try_from(*n).map_err(|_| RuntimeError::msg("negative bytes size"))?;
            ctx.alloc(n)?;
            Ok(Value::Bytes(vec![0; n].into()))
        }
        Value::Str(s) | Value::Bytes(s) => Ok(Value::Bytes(s.clone())),
        _ => Ok(a.get(1).cloned().unwrap_or(Value::Undefined)),
    }
}

fn len(_: &mut Ctx, a: Vec<Value>) -> Result<Value, RuntimeError> {
    arity(&a, 1)?;
    let n = match &a[0] {
        Value::Str(s) | Value::Bytes(s) => s.len(),
        Value::Array(v) => v.borrow().len(),
        Value::ImmArray(v) => v.len(),
        Value::Map(m) => m.borrow().len(),
        Value::ImmMap(m) => m.len(),
        v => return Err(type_error(0, "array/string/bytes/map", v)),
    };
    Ok(Value::Int(n as i64))
}

fn append(ctx: &mut Ctx, mut a: Vec<Value>) -> Result<Value, RuntimeError> {
    if a.is_empty() {
        return Err(RuntimeError::msg(
            "wrong number of arguments: want>=1, got=0",
        ));
    }
    let mut items = a[0]
        .elements()
        .ok_or_else(|| type_error(0, "array", &a[0]))?;
    let more = a.split_off(1);
    // Only the new slots count: Go's append grows one backing array.
    ctx.alloc(more.len() * 16)?;
    ctx.steps_n(items.len() as u64 / 64)?;
    items.extend(more);
    Ok(Value::array(items))
}

fn delete(_: &mut Ctx, a: Vec<Value>) -> Result<Value, RuntimeError> {
    arity(&a, 2)?;
    let Value::Map(m) = &a[0] else {
        return Err(type_error(0, "map", &a[0]));
    };
    let Value::Str(k) = &a[1] else {
        return Err(type_error(1, "string", &a[1]));
    };
    m.borrow_mut().remove(&*String::from_utf8_lossy(k));
    Ok(Value::Undefined)
}

fn splice(ctx: &mut Ctx, a: Vec<Value>) -> Result<Value, RuntimeError> {
    if a.is_empty() {
        return Err(RuntimeError::msg(
            "wrong number of arguments: want>=1, got=0",
        ));
    }
    let Value::Array(arr) = &a[0] else {
        return Err(type_error(0, "array", &a[0]));
    };
    let len = arr.borrow().len();
    let start = match a.get(1) {
        None => 0,
        Some(Value::Int(i)) => usize::try_from(*i)
            .ok()
            .filter(|i| *i <= len)
            .ok_or_else(|| RuntimeError::msg("index out of bounds"))?,
        Some(v) => return Err(type_error(1, "int", v)),
    };
    let count = match a.get(2) {
        None => len - start,
        Some(Value::Int(i)) => {
            let n = usize::try_from(*i)
                .map_err(|_| RuntimeError::msg("splice delete count must not be negative"))?;
            n.min(len - start)
        }
        Some(v) => return Err(type_error(2, "int", v)),
    };
    let items: Vec<Value> = a.iter().skip(3).cloned().collect();
    ctx.alloc(items.len() * 16)?;
    let removed: Vec<Value> = arr
        .borrow_mut()
        .splice(start..start + count, items)
        .collect();
    Ok(Value::array(removed))
}
