//! The `strconv` half of module `text`: parsing and formatting numbers
//! and booleans, quoting. Parse failures are error values, as in Tengo.

use super::go_error;
use crate::builtins::{arity, float_arg, int_arg, native, parse_go_float, str_arg, type_error};
use crate::format::format_float_verb;
use crate::interp::Ctx;
use crate::lexer::{tokenize, Tok};
use crate::value::{Map, Value};
use crate::RuntimeError;

type Fn = fn(&mut Ctx, Vec<Value>) -> Result<Value, RuntimeError>;

pub fn add(m: &mut Map) {
    let table: &[(&'static str, Fn)] = &[
        ("atoi", |_, a| {
            arity(&a, 1)?;
            let t = String::from_utf8_lossy(&str_arg(&a, 0)?).into_owned();
            Ok(parse_int(&t, 10, 64)
                .unwrap_or_else(|e| go_error(format!("strconv.Atoi: parsing {}: {e}", quoted(&t)))))
        }),
        ("itoa", |_, a| {
            arity(&a, 1)?;
            Ok(Value::string(int_arg(&a, 0)?.to_string()))
        }),
        ("format_bool", |_, a| {
            arity(&a, 1)?;
            match &a[0] {
                Value::Bool(b) => Ok(Value::string(b.to_string())),
                v => Err(type_error(0, "bool", v)),
            }
        }),
        ("format_int", |_, a| {
            arity(&a, 2)?;
            let (i, base) = (int_arg(&a, 0)?, int_arg(&a, 1)?);
            if !(2..=36).contains(&base) {
                return Err(RuntimeError::msg(format!(
                    "text.format_int: illegal base {base}"
                )));
            }
            Ok(Value::string(radix(i, base as u32)))
        }),
        ("format_float", |_, a| {
            arity(&a, 4)?;
            let f = float_arg(&a, 0)?;
            let verb = String::from_utf8_lossy(&str_arg(&a, 1)?)
                .chars()
                .next()
                .unwrap_or('g');
            let prec = int_arg(&a, 2)?;
            let f = if int_arg(&a, 3)? == 32 {
                f as f32 as f64
            } else {
                f
            };
            let prec = usize::try_from(prec).ok().map(|p| p.min(1 << 10));
            Ok(Value::string(format_float_verb(verb, f, prec)))
        }),
        ("parse_bool", |_, a| {
            arity(&a, 1)?;
            let t = String::from_utf8_lossy(&str_arg(&a, 0)?).into_owned();
            Ok(match t.as_str() {
                "1" | "t" | "T" | "TRUE" | "true" | "True" => Value::Bool(true),
                "0" | "f" | "F" | "FALSE" | "false" | "False" => Value::Bool(false),
                _ => go_error(format!(
                    "strconv.ParseBool: parsing {}: invalid syntax",
                    quoted(&t)
                )),
            })
        }),
        ("parse_float", |_, a| {
            arity(&a, 2)?;
            let t = String::from_utf8_lossy(&str_arg(&a, 0)?).into_owned();
            let bits = int_arg(&a, 1)?;
            Ok(match parse_go_float(&t) {
                Some(f) if bits == 32 => Value::Float(f as f32 as f64),
                Some(f) => Value::Float(f),
                None => go_error(format!(
                    "strconv.ParseFloat: parsing {}: invalid syntax",
                    quoted(&t)
                )),
            })
        }),
        ("parse_int", |_, a| {
            arity(&a, 3)?;
            let t = String::from_utf8_lossy(&str_arg(&a, 0)?).into_owned();
            let (base, bits) = (int_arg(&a, 1)?, int_arg(&a, 2)?);
            Ok(parse_int(&t, base, bits).unwrap_or_else(|e| {
                go_error(format!("strconv.ParseInt: parsing {}: {e}", quoted(&t)))
            }))
        }),
        ("quote", |_, a| {
            arity(&a, 1)?;
            Ok(super::text::quote(&str_arg(&a, 0)?))
        }),
        ("unquote", |_, a| {
            arity(&a, 1)?;
            Ok(unquote(&String::from_utf8_lossy(&str_arg(&a, 0)?)))
        }),
    ];
    for (n, f) in table {
        m.insert(n.to_string(), native(n, false, *f));
    }
}

fn quoted(t: &str) -> String {
    crate::value::go_quote(t)
}

fn radix(i: i64, base: u32) -> String {
    let mut n = i.unsigned_abs();
    if n == 0 {
        return "0".into();
    }
    let mut digits = Vec::new();
    while n > 0 {
        digits.push(std::char::from_digit((n % base as u64) as u32, base).unwrap_or('?'));
        n /= base as u64;
    }
    if i < 0 {
        digits.push('-');
    }
    digits.iter().rev().collect()
}

/// Go's `strconv.ParseInt(s, base, bits)`.
fn parse_int(t: &str, base: i64, bits: i64) -> Result<Value, &'static str> {
    let bits = if bits == 0 { 64 } else { bits };
    if !(1..=64).contains(&bits) || !(base == 0 || (2..=36).contains(&base)) {
        return Err("invalid base or bit size");
    }
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (digits, base) = if base == 0 {
        let lower = body.to_ascii_lowercase();
        if lower.starts_with("0x") {
            (body[2..].replace('_', ""), 16)
        } else if lower.starts_with("0b") {
            (body[2..].replace('_', ""), 2)
        } else if lower.starts_with("0o") {
            (body[2..].replace('_', ""), 8)
        } else if body.len() > 1 && body.starts_with('0') {
            (body[1..].replace('_', ""), 8)
        } else {
            (body.replace('_', ""), 10)
        }
    } else {
        (body.to_string(), base as u32)
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return Err("invalid syntax");
    }
    let mag = u128::from_str_radix(&digits, base).map_err(|_| "invalid syntax")?;
    let limit = 1u128 << (bits - 1);
    if (!neg && mag >= limit) || (neg && mag > limit) {
        return Err("value out of range");
    }
    let v = if neg { -(mag as i128) } else { mag as i128 };
    Ok(Value::Int(v as i64))
}

/// Go's `strconv.Unquote`, read with the script lexer.
fn unquote(t: &str) -> Value {
    let bad = || go_error("invalid syntax");
    if !(t.starts_with(['"', '`', '\'']) && t.len() >= 2 && t.ends_with(&t[..1])) {
        return bad();
    }
    match tokenize(t).map(|toks| toks.into_iter().map(|t| t.tok).collect::<Vec<_>>()) {
        Ok(toks) => match toks.as_slice() {
            [Tok::Str(s), Tok::Semi, Tok::Eof] => Value::Str(s.as_slice().into()),
            [Tok::Char(c), Tok::Semi, Tok::Eof] => Value::string(c.to_string()),
            _ => bad(),
        },
        Err(_) => bad(),
    }
}
