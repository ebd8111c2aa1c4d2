//! `format` / `fmt.sprintf`: Go's verbs as Tengo's formatting.md lists
//! them, with flags, width and precision (`*` included).

use crate::builtins::type_error;
use crate::interp::Ctx;
use crate::value::{go_quote, Value};
use crate::RuntimeError;

#[derive(Default, Clone, Copy)]
struct Spec {
    minus: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// Formats `args[0]` with `args[1..]`.
pub fn sprintf(ctx: &mut Ctx, args: &[Value]) -> Result<String, RuntimeError> {
    let Some(first) = args.first() else {
        return Err(RuntimeError::msg(
            "wrong number of arguments: want>=1, got=0",
        ));
    };
    let Value::Str(f) = first else {
        return Err(type_error(0, "string", first));
    };
    let f = String::from_utf8_lossy(f).into_owned();
    let out = format_with(&f, &args[1..]);
    ctx.alloc(out.len())?;
    Ok(out)
}

fn format_with(f: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut next = 0;
    let mut chars = f.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = Spec::default();
        while let Some(&c) = chars.peek() {
            match c {
                '-' => spec.minus = true,
                '+' => spec.plus = true,
                '#' => spec.sharp = true,
                ' ' => spec.space = true,
                '0' => spec.zero = true,
                _ => break,
            }
            chars.next();
        }
        spec.width = number(&mut chars, args, &mut next);
        if chars.peek() == Some(&'.') {
            chars.next();
            spec.prec = Some(number(&mut chars, args, &mut next).unwrap_or(0));
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        match args.get(next) {
            Some(v) => out.push_str(&pad(&spec, verb, format_one(&spec, verb, v))),
            None => out.push_str(&format!("%!{verb}(MISSING)")),
        }
        next += 1;
    }
    if next < args.len() {
        let extra: Vec<String> = args[next..]
            .iter()
            .map(|v| format!("{}={}", v.type_name(), v.to_display()))
            .collect();
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
    out
}

fn number(
    chars: &mut std::iter::Peekable<std::str::Chars>,
    args: &[Value],
    next: &mut usize,
) -> Option<usize> {
    if chars.peek() == Some(&'*') {
        chars.next();
        let v = args.get(*next);
        *next += 1;
        return match v {
            Some(Value::Int(i)) => usize::try_from(*i).ok().map(|i| i.min(1 << 16)),
            _ => None,
        };
    }
    let mut n: Option<usize> = None;
    while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
        n = Some((n.unwrap_or(0) * 10 + d as usize).min(1 << 16));
        chars.next();
    }
    n
}

fn pad(spec: &Spec, verb: char, s: String) -> String {
    let Some(width) = spec.width else { return s };
    let len = s.chars().count();
    if len >= width {
        return s;
    }
    let fill = width - len;
    if spec.minus {
        return s + &" ".repeat(fill);
    }
    let numeric = "dbcoOxXeEfFgG".contains(verb);
    if spec.zero && numeric {
        let sign_len = usize::from(s.starts_with(['-', '+', ' ']));
        let (sign, digits) = s.split_at(sign_len);
        return format!("{sign}{}{digits}", "0".repeat(fill));
    }
    " ".repeat(fill) + &s
}

fn bad(verb: char, v: &Value) -> String {
    format!("%!{verb}({}={})", v.type_name(), v.to_display())
}

fn sign(spec: &Spec, negative: bool, body: String) -> String {
    if negative {
        format!("-{body}")
    } else if spec.plus {
        format!("+{body}")
    } else if spec.space {
        format!(" {body}")
    } else {
        body
    }
}

fn format_one(spec: &Spec, verb: char, v: &Value) -> String {
    match (verb, v) {
        ('v', Value::Float(f)) => float_g(spec, *f, 'e'),
        ('v', Value::Int(_)) => format_int(spec, 'd', v),
        ('v' | 's', Value::Str(_) | Value::Bytes(_)) => truncate(spec, v.to_display()),
        ('v' | 's', v) => v.to_display(),
        ('T', v) => v.type_name().to_string(),
        ('t', Value::Bool(b)) => b.to_string(),
        ('q', Value::Str(_) | Value::Bytes(_)) => go_quote(&truncate(spec, v.to_display())),
        ('q', Value::Char(c)) => quote_char(*c),
        ('q', Value::Int(i)) => char::from_u32(*i as u32).map_or_else(|| bad(verb, v), quote_char),
        ('x' | 'X', Value::Str(s) | Value::Bytes(s)) => hex_bytes(spec, verb, s),
        ('c', Value::Char(c)) => c.to_string(),
        ('c', Value::Int(i)) => char::from_u32(*i as u32).unwrap_or('\u{fffd}').to_string(),
        ('U', Value::Char(_) | Value::Int(_)) => {
            let n = match v {
                Value::Char(c) => *c as u32,
                Value::Int(i) => *i as u32,
                _ => 0,
            };
            format!("U+{n:04X}")
        }
        ('d' | 'b' | 'o' | 'O' | 'x' | 'X', Value::Int(_) | Value::Char(_)) => {
            format_int(spec, verb, v)
        }
        ('e' | 'E' | 'f' | 'F' | 'g' | 'G', Value::Float(f)) => format_float(spec, verb, *f),
        _ => bad(verb, v),
    }
}

fn truncate(spec: &Spec, s: String) -> String {
    match spec.prec {
        Some(p) => s.chars().take(p).collect(),
        None => s,
    }
}

fn quote_char(c: char) -> String {
    match c {
        '\'' => "'\\''".into(),
        '"' => "'\"'".into(),
        c => {
            let q = go_quote(&c.to_string());
            format!("'{}'", &q[1..q.len() - 1])
        }
    }
}

fn hex_bytes(spec: &Spec, verb: char, s: &[u8]) -> String {
    let parts: Vec<String> = s
        .iter()
        .map(|b| {
            if verb == 'x' {
                format!("{b:02x}")
            } else {
                format!("{b:02X}")
            }
        })
        .collect();
    parts.join(if spec.space { " " } else { "" })
}

fn format_int(spec: &Spec, verb: char, v: &Value) -> String {
    let n = match v {
        Value::Int(i) => *i,
        Value::Char(c) => *c as i64,
        _ => 0,
    };
    let m = n.unsigned_abs();
    let body = match verb {
        'b' if spec.sharp => format!("0b{m:b}"),
        'b' => format!("{m:b}"),
        'o' if spec.sharp => format!("0{m:o}"),
        'o' => format!("{m:o}"),
        'O' => format!("0o{m:o}"),
        'x' if spec.sharp => format!("0x{m:x}"),
        'x' => format!("{m:x}"),
        'X' if spec.sharp => format!("0X{m:X}"),
        'X' => format!("{m:X}"),
        _ => m.to_string(),
    };
    let body = match spec.prec {
        Some(p) if body.len() < p => "0".repeat(p - body.len()) + &body,
        _ => body,
    };
    sign(spec, n < 0, body)
}

/// Rust's `{:e}` exponent ("e-7") in Go's form ("e-07").
fn go_exponent(s: &str, upper: bool) -> String {
    let (mant, e) = s.split_once('e').unwrap_or((s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let sign = if e < 0 { '-' } else { '+' };
    let letter = if upper { 'E' } else { 'e' };
    format!("{mant}{letter}{sign}{:02}", e.abs())
}

fn format_float(spec: &Spec, verb: char, f: f64) -> String {
    if !f.is_finite() {
        let body = if f.is_nan() { "NaN" } else { "Inf" };
        return sign(spec, f < 0.0, body.into());
    }
    let a = f.abs();
    let body = match verb {
        'e' | 'E' => go_exponent(&format!("{a:.*e}", spec.prec.unwrap_or(6)), verb == 'E'),
        'f' | 'F' => format!("{a:.*}", spec.prec.unwrap_or(6)),
        _ => return float_g(spec, f, if verb == 'G' { 'E' } else { 'e' }),
    };
    sign(spec, f.is_sign_negative(), body)
}

/// Go's `%g`: shortest digits (or `prec` significant ones), exponent form
/// when the exponent is below -4 or at least the precision (6 when
/// shortest).
fn float_g(spec: &Spec, f: f64, letter: char) -> String {
    if !f.is_finite() {
        return format_float(spec, 'f', f);
    }
    let a = f.abs();
    let sci = match spec.prec {
        Some(p) => format!("{a:.*e}", p.max(1) - 1),
        None => format!("{a:e}"),
    };
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    if !spec.sharp {
        while digits.len() > 1 && digits.ends_with('0') {
            digits.pop();
        }
    }
    let nd = digits.len() as i32;
    let eprec = match spec.prec {
        None => 6,
        Some(p) if p as i32 > nd && nd > exp => nd,
        Some(p) => p.max(1) as i32,
    };
    let body = if exp < -4 || exp >= eprec {
        let m = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits.clone()
        };
        go_exponent(&format!("{m}e{exp}"), letter == 'E')
    } else {
        format!("{a:.*}", (nd - 1 - exp).max(0) as usize)
    };
    sign(spec, f.is_sign_negative(), body)
}

/// Go's `strconv.FormatFloat(f, verb, prec, 64)`; `None` is prec -1,
/// the shortest digits that read back as `f`.
pub fn format_float_verb(verb: char, f: f64, prec: Option<usize>) -> String {
    let spec = Spec {
        prec,
        ..Spec::default()
    };
    match verb {
        'f' | 'F' if prec.is_none() => crate::value::format_float_g(f),
        'e' | 'E' if prec.is_none() && f.is_finite() => {
            let body = go_exponent(&format!("{:e}", f.abs()), verb == 'E');
            sign(&spec, f.is_sign_negative(), body)
        }
        'e' | 'E' | 'f' | 'F' => format_float(&spec, verb, f),
        'g' | 'G' => float_g(&spec, f, if verb == 'G' { 'E' } else { 'e' }),
        'b' => {
            let bits = f.to_bits();
            let exp = ((bits >> 52) & 0x7ff) as i64;
            let mant = bits & ((1 << 52) - 1);
            let (mant, exp) = if exp == 0 {
                (mant, -1074)
            } else {
                (mant | (1 << 52), exp - 1075)
            };
            let s = if f.is_sign_negative() { "-" } else { "" };
            format!("{s}{mant}p{}{exp}", if exp >= 0 { "+" } else { "" })
        }
        'x' | 'X' => hex_float(f, verb == 'X'),
        _ => format!("%{verb}"),
    }
}

/// Go's `%x` for floats: `-0x1.8p+01`, shortest mantissa.
fn hex_float(f: f64, upper: bool) -> String {
    if !f.is_finite() {
        return format_float(&Spec::default(), 'f', f);
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return format!("{sign}0x0p+00");
    }
    let bits = f.abs().to_bits();
    let mut exp = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut mant = bits & ((1 << 52) - 1);
    if exp == -1023 {
        // Subnormal: normalise.
        while mant & (1 << 52) == 0 {
            mant <<= 1;
            exp -= 1;
        }
        exp += 1;
        mant &= (1 << 52) - 1;
    }
    let mut frac = format!("{mant:013x}");
    while frac.ends_with('0') {
        frac.pop();
    }
    let dot = if frac.is_empty() {
        String::new()
    } else {
        format!(".{frac}")
    };
    let es = if exp < 0 { '-' } else { '+' };
    let s = format!("{sign}0x1{dot}p{es}{:02}", exp.abs());
    if upper {
        s.to_uppercase()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(f: &str, args: &[Value]) -> String {
        format_with(f, args)
    }

    #[test]
    fn verbs() {
        let a = Value::array(vec![Value::Int(1), Value::Int(2), Value::Int(3)]);
        assert_eq!(fmt("Foo: %v", &[a]), "Foo: [1, 2, 3]");
        assert_eq!(
            fmt(
                "%d|%5d|%-5d|%05d",
                &[
                    Value::Int(42),
                    Value::Int(42),
                    Value::Int(42),
                    Value::Int(-42)
                ]
            ),
            "42|   42|42   |-0042"
        );
        assert_eq!(
            fmt("%s %q", &[Value::str("a"), Value::str("b\n")]),
            "a \"b\\n\""
        );
        assert_eq!(
            fmt(
                "%.2f %6.3f %e",
                &[
                    Value::Float(2.5),
                    Value::Float(12.345),
                    Value::Float(1234.5678)
                ]
            ),
            "2.50 12.345 1.234568e+03"
        );
        assert_eq!(
            fmt(
                "%.3g %g %g",
                &[
                    Value::Float(12.345),
                    Value::Float(0.00001),
                    Value::Float(100.0)
                ]
            ),
            "12.3 1e-05 100"
        );
        assert_eq!(
            fmt(
                "%x %X %o %b %#x",
                &[
                    Value::Int(255),
                    Value::Int(255),
                    Value::Int(8),
                    Value::Int(5),
                    Value::Int(255)
                ]
            ),
            "ff FF 10 101 0xff"
        );
        assert_eq!(
            fmt(
                "%c %U %q",
                &[Value::Char('x'), Value::Char('x'), Value::Char('x')]
            ),
            "x U+0078 'x'"
        );
        assert_eq!(
            fmt("%t %T %%", &[Value::Bool(true), Value::Int(1)]),
            "true int %"
        );
        assert_eq!(fmt("%d %d", &[Value::Int(1)]), "1 %!d(MISSING)");
        assert_eq!(fmt("%d", &[Value::str("x")]), "%!d(string=x)");
        assert_eq!(fmt("%*d", &[Value::Int(4), Value::Int(7)]), "   7");
    }
}
