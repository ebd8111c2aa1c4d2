//! Operators, indexing and slicing with Tengo's semantics.

use std::cmp::Ordering;
use std::rc::Rc;

use crate::interp::Ctx;
use crate::value::Value;
use crate::RuntimeError;

fn invalid(op: &str, a: &Value, b: &Value) -> RuntimeError {
    RuntimeError::msg(format!(
        "invalid operation: {} {op} {}",
        a.type_name(),
        b.type_name()
    ))
}

pub fn unary(op: &str, x: &Value) -> Result<Value, RuntimeError> {
    Ok(match (op, x) {
        ("!", x) => Value::Bool(x.is_falsy()),
        ("-", Value::Int(v)) => Value::Int(v.wrapping_neg()),
        ("-", Value::Float(v)) => Value::Float(-v),
        ("+", Value::Int(_) | Value::Float(_)) => x.clone(),
        ("^", Value::Int(v)) => Value::Int(!v),
        _ => {
            return Err(RuntimeError::msg(format!(
                "invalid operation: {op}{}",
                x.type_name()
            )))
        }
    })
}

fn char_of(v: i64) -> Result<Value, RuntimeError> {
    u32::try_from(v)
        .ok()
        .and_then(char::from_u32)
        .map(Value::Char)
        .ok_or_else(|| RuntimeError::msg(format!("invalid char value {v}")))
}

fn int_op(op: &str, a: i64, b: i64) -> Result<Value, RuntimeError> {
    let shift = |b: i64| u32::try_from(b).ok().filter(|s| *s < 64);
    Ok(Value::Int(match op {
        "+" => a.wrapping_add(b),
        "-" => a.wrapping_sub(b),
        "*" => a.wrapping_mul(b),
        "/" | "%" if b == 0 => return Err(RuntimeError::msg("division by zero")),
        "/" => a.wrapping_div(b),
        "%" => a.wrapping_rem(b),
        "&" => a & b,
        "|" => a | b,
        "^" => a ^ b,
        "&^" => a & !b,
        "<<" => shift(b).map_or(0, |s| a.wrapping_shl(s)),
        ">>" => shift(b).map_or(if a < 0 { -1 } else { 0 }, |s| a >> s),
        _ => return compare(op, a.cmp(&b)),
    }))
}

fn float_op(op: &str, a: f64, b: f64) -> Result<Value, RuntimeError> {
    Ok(Value::Float(match op {
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        "/" => a / b,
        _ => match a.partial_cmp(&b) {
            Some(o) => return compare(op, o),
            None => return Ok(Value::Bool(op == "!=")),
        },
    }))
}

fn compare(op: &str, o: Ordering) -> Result<Value, RuntimeError> {
    Ok(Value::Bool(match op {
        "<" => o.is_lt(),
        "<=" => o.is_le(),
        ">" => o.is_gt(),
        ">=" => o.is_ge(),
        _ => return Err(RuntimeError::msg(format!("invalid operator {op}"))),
    }))
}

pub fn binary(ctx: &mut Ctx, op: &str, a: &Value, b: &Value) -> Result<Value, RuntimeError> {
    use Value::*;
    if op == "==" || op == "!=" {
        let start = ctx.steps_left();
        let mut budget = start;
        let equal = a.equals(b, &mut budget);
        ctx.steps_n(start - budget)?;
        if budget == 0 {
            ctx.steps_n(1)?;
        }
        return Ok(Bool(equal == (op == "==")));
    }
    let arith = matches!(op, "+" | "-" | "*" | "/" | "<" | "<=" | ">" | ">=");
    let r = match (a, b) {
        (Int(x), Int(y)) => int_op(op, *x, *y),
        (Int(x), Float(y)) if arith => float_op(op, *x as f64, *y),
        (Float(x), Int(y)) if arith => float_op(op, *x, *y as f64),
        (Float(x), Float(y)) if arith => float_op(op, *x, *y),
        (Int(x), Char(c)) | (Char(c), Int(x)) if matches!(op, "+") => {
            char_of(x.wrapping_add(*c as i64))
        }
        (Char(c), Int(x)) if op == "-" => char_of((*c as i64).wrapping_sub(*x)),
        (Int(x), Char(c)) if op == "-" => char_of(x.wrapping_sub(*c as i64)),
        (Char(x), Char(y)) if op == "+" => char_of(*x as i64 + *y as i64),
        (Char(x), Char(y)) if op == "-" => char_of(*x as i64 - *y as i64),
        (Char(x), Char(y)) if arith => compare(op, x.cmp(y)),
        (Char(x), Int(y)) if arith => compare(op, (*x as i64).cmp(y)),
        (Int(x), Char(y)) if arith => compare(op, x.cmp(&(*y as i64))),
        (Str(x), Str(y)) if op != "+" && arith => compare(op, x.cmp(y)),
        (Str(x), _) if op == "+" => concat(ctx, x, &b.to_bytes_display_for_concat()),
        (Bytes(x), Bytes(y)) if op == "+" => {
            ctx.alloc(x.len() + y.len())?;
            Ok(Bytes([&x[..], &y[..]].concat().into()))
        }
        (Array(_) | ImmArray(_), Array(_) | ImmArray(_)) if op == "+" => {
            let mut items = a.elements().unwrap();
            let more = b.elements().unwrap();
            ctx.alloc(more.len() * 16)?;
            ctx.steps_n(items.len() as u64 / 64)?;
            items.extend(more);
            Ok(Value::array(items))
        }
        _ => Err(invalid(op, a, b)),
    };
    r.map_err(|e| {
        if e.message.starts_with("invalid operator") {
            invalid(op, a, b)
        } else {
            e
        }
    })
}

impl Value {
    /// What `"s" + x` appends: a string's bytes, anything else's repr.
    fn to_bytes_display_for_concat(&self) -> Rc<[u8]> {
        match self {
            Value::Str(s) => s.clone(),
            v => v.repr().into_bytes().into(),
        }
    }
}

fn concat(ctx: &mut Ctx, a: &[u8], b: &[u8]) -> Result<Value, RuntimeError> {
    // The left side is charged as it is copied (steps) but only the new
    // bytes count against memory: `s += line` over a document is linear.
    ctx.alloc(b.len())?;
    ctx.steps_n(a.len() as u64 / 1024)?;
    let mut out = Vec::with_capacity(a.len() + b.len());
    out.extend_from_slice(a);
    out.extend_from_slice(b);
    Ok(Value::Str(out.into()))
}

/// The string a map is indexed with; Tengo converts other keys.
fn map_key(index: &Value) -> Result<String, RuntimeError> {
    match index {
        Value::Str(s) => Ok(String::from_utf8_lossy(s).into_owned()),
        Value::Undefined | Value::Array(_) | Value::Map(_) => Err(RuntimeError::msg(format!(
            "invalid index type: {}",
            index.type_name()
        ))),
        v => Ok(v.to_display()),
    }
}

fn int_index(index: &Value) -> Result<i64, RuntimeError> {
    match index {
        Value::Int(i) => Ok(*i),
        v => Err(RuntimeError::msg(format!(
            "invalid index type: {}",
            v.type_name()
        ))),
    }
}

fn at<T: Clone>(items: &[T], i: i64) -> Option<T> {
    usize::try_from(i).ok().and_then(|i| items.get(i).cloned())
}

/// `base[index]` and `base.key`: undefined when the index or key is not
/// there, an error when the index has the wrong type.
pub fn index_get(base: &Value, index: &Value) -> Result<Value, RuntimeError> {
    let found = match base {
        Value::Undefined => None,
        Value::Array(a) => at(&a.borrow(), int_index(index)?),
        Value::ImmArray(a) => at(a, int_index(index)?),
        Value::Map(m) => m.borrow().get(&map_key(index)?).cloned(),
        Value::ImmMap(m) => m.get(&map_key(index)?).cloned(),
        Value::Str(s) => {
            let i = int_index(index)?;
            let text = String::from_utf8_lossy(s);
            usize::try_from(i)
                .ok()
                .and_then(|i| text.chars().nth(i))
                .map(Value::Char)
        }
        Value::Bytes(b) => at(b, int_index(index)?).map(|c| Value::Int(c as i64)),
        Value::Error(v) => match index {
            Value::Str(k) if &k[..] == b"value" => Some(v.as_ref().clone()),
            _ => return Err(RuntimeError::msg("invalid index on error: only 'value'")),
        },
        other => {
            return Err(RuntimeError::msg(format!(
                "not indexable: {}",
                other.type_name()
            )))
        }
    };
    Ok(found.unwrap_or(Value::Undefined))
}

/// `base[index] = v`: arrays and maps only; an array index out of range is
/// an error (`index out of bounds`).
pub fn index_set(ctx: &mut Ctx, base: &Value, index: &Value, v: Value) -> Result<(), RuntimeError> {
    match base {
        Value::Array(a) => {
            let i = int_index(index)?;
            let mut a = a.borrow_mut();
            let len = a.len();
            match usize::try_from(i).ok().filter(|i| *i < len) {
                Some(i) => a[i] = v,
                None => {
                    return Err(RuntimeError::msg(format!(
                        "index out of bounds: {i} (length {len})"
                    )))
                }
            }
        }
        Value::Map(m) => {
            let k = map_key(index)?;
            ctx.alloc(k.len() + 48)?;
            m.borrow_mut().insert(k, v);
        }
        other => {
            return Err(RuntimeError::msg(format!(
                "not index-assignable: {}",
                other.type_name()
            )))
        }
    }
    Ok(())
}

/// `base[low:high]`: bounds are clamped to the value's length; `low > high`
/// is an error. Strings and bytes are sliced by byte.
pub fn slice(
    ctx: &mut Ctx,
    base: &Value,
    low: Option<Value>,
    high: Option<Value>,
) -> Result<Value, RuntimeError> {
    let len = match base {
        Value::Array(a) => a.borrow().len(),
        Value::ImmArray(a) => a.len(),
        Value::Str(s) | Value::Bytes(s) => s.len(),
        other => {
            return Err(RuntimeError::msg(format!(
                "not sliceable: {}",
                other.type_name()
            )))
        }
    } as i64;
    let lo = low.map(|v| int_index(&v)).transpose()?.unwrap_or(0);
    let hi = high.map(|v| int_index(&v)).transpose()?.unwrap_or(len);
    if lo > hi {
        return Err(RuntimeError::msg(format!(
            "invalid slice index: {lo} > {hi}"
        )));
    }
    let (lo, hi) = (lo.clamp(0, len) as usize, hi.clamp(0, len) as usize);
    ctx.alloc(hi - lo)?;
    Ok(match base {
        Value::Array(a) => Value::array(a.borrow()[lo..hi].to_vec()),
        Value::ImmArray(a) => Value::array(a[lo..hi].to_vec()),
        Value::Str(s) => Value::Str(s[lo..hi].into()),
        Value::Bytes(s) => Value::Bytes(s[lo..hi].into()),
        _ => unreachable!(),
    })
}
