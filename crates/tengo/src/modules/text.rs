//! Module `text`: Go's `strings`, `strconv` and `regexp` as Tengo exposes
//! them. Offsets are bytes, as in Go.

use std::rc::Rc;

use memchr::memmem;
use regex::bytes::Regex;

use super::{go_error, re};
use crate::builtins::{arity, arity_range, int_arg, native, str_arg, type_error};
use crate::interp::Ctx;
use crate::value::{go_quote, Map, Value};
use crate::RuntimeError;

type Fn = fn(&mut Ctx, Vec<Value>) -> Result<Value, RuntimeError>;

fn s(b: &[u8]) -> Value {
    Value::Str(b.into())
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn strings(ctx: &mut Ctx, parts: Vec<&[u8]>) -> Result<Value, RuntimeError> {
    ctx.alloc(parts.iter().map(|p| p.len() + 16).sum())?;
    Ok(Value::array(parts.into_iter().map(s).collect()))
}

/// Work proportional to the text a function reads.
fn charge(ctx: &mut Ctx, a: &[Value]) -> Result<(), RuntimeError> {
    let n: usize = a
        .iter()
        .map(|v| match v {
            Value::Str(b) => b.len(),
            _ => 0,
        })
        .sum();
    ctx.steps_n(n as u64 / 256)
}

pub fn module() -> Map {
    let table: &[(&'static str, Fn)] = &[
        ("re_match", re_match),
        ("re_find", re_find),
        ("re_replace", re_replace),
        ("re_split", re_split),
        ("re_compile", re_compile),
        ("compare", |_, a| {
            arity(&a, 2)?;
            Ok(Value::Int(str_arg(&a, 0)?.cmp(&str_arg(&a, 1)?) as i64))
        }),
        ("contains", |ctx, a| {
            arity(&a, 2)?;
            charge(ctx, &a)?;
            Ok(Value::Bool(
                find(&str_arg(&a, 0)?, &str_arg(&a, 1)?).is_some(),
            ))
        }),
        ("contains_any", |_, a| {
            arity(&a, 2)?;
            Ok(Value::Bool(
                index_any(&str_arg(&a, 0)?, &str_arg(&a, 1)?, false) >= 0,
            ))
        }),
        ("count", count),
        ("equal_fold", |_, a| {
            arity(&a, 2)?;
            let fold = |b: &[u8]| {
                lossy(b)
                    .chars()
                    .flat_map(char::to_lowercase)
                    .collect::<String>()
            };
            Ok(Value::Bool(
                fold(&str_arg(&a, 0)?) == fold(&str_arg(&a, 1)?),
            ))
        }),
        ("fields", |ctx, a| {
            arity(&a, 1)?;
            let text = str_arg(&a, 0)?;
            let t = lossy(&text);
            let parts: Vec<&[u8]> = t
                .split(char::is_whitespace)
                .filter(|p| !p.is_empty())
                .map(str::as_bytes)
                .collect();
            strings(ctx, parts)
        }),
        ("has_prefix", |_, a| {
            arity(&a, 2)?;
            Ok(Value::Bool(str_arg(&a, 0)?.starts_with(&str_arg(&a, 1)?)))
        }),
        ("has_suffix", |_, a| {
            arity(&a, 2)?;
            Ok(Value::Bool(str_arg(&a, 0)?.ends_with(&str_arg(&a, 1)?)))
        }),
        ("index", |ctx, a| {
            arity(&a, 2)?;
            charge(ctx, &a)?;
            let i = find(&str_arg(&a, 0)?, &str_arg(&a, 1)?);
            Ok(Value::Int(i.map_or(-1, |i| i as i64)))
        }),
        ("index_any", |_, a| {
            arity(&a, 2)?;
            Ok(Value::Int(index_any(
                &str_arg(&a, 0)?,
                &str_arg(&a, 1)?,
                false,
            )))
        }),
        ("join", join),
        ("last_index", |ctx, a| {
            arity(&a, 2)?;
            charge(ctx, &a)?;
            let i = memmem::rfind(&str_arg(&a, 0)?, &str_arg(&a, 1)?);
            Ok(Value::Int(i.map_or(-1, |i| i as i64)))
        }),
        ("last_index_any", |_, a| {
            arity(&a, 2)?;
            Ok(Value::Int(index_any(
                &str_arg(&a, 0)?,
                &str_arg(&a, 1)?,
                true,
            )))
        }),
        ("repeat", repeat),
        ("replace", replace),
        ("substr", substr),
        ("split", |ctx, a| split_common(ctx, a, false, false)),
        ("split_after", |ctx, a| split_common(ctx, a, true, false)),
        ("split_n", |ctx, a| split_common(ctx, a, false, true)),
        ("split_after_n", |ctx, a| split_common(ctx, a, true, true)),
        ("title", |ctx, a| map_text(ctx, a, title)),
        ("to_lower", |ctx, a| map_text(ctx, a, |t| t.to_lowercase())),
        ("to_upper", |ctx, a| map_text(ctx, a, |t| t.to_uppercase())),
        ("to_title", |ctx, a| {
            map_text(ctx, a, |t| t.chars().map(title_char).collect())
        }),
        ("pad_left", |ctx, a| pad(ctx, a, true)),
        ("pad_right", |ctx, a| pad(ctx, a, false)),
        ("trim", |_, a| trim(a, true, true)),
        ("trim_left", |_, a| trim(a, true, false)),
        ("trim_right", |_, a| trim(a, false, true)),
        ("trim_prefix", |_, a| {
            arity(&a, 2)?;
            let (t, p) = (str_arg(&a, 0)?, str_arg(&a, 1)?);
            Ok(s(t.strip_prefix(&p[..]).unwrap_or(&t)))
        }),
        ("trim_suffix", |_, a| {
            arity(&a, 2)?;
            let (t, p) = (str_arg(&a, 0)?, str_arg(&a, 1)?);
            Ok(s(t.strip_suffix(&p[..]).unwrap_or(&t)))
        }),
        ("trim_space", |_, a| {
            arity(&a, 1)?;
            Ok(Value::string(lossy(&str_arg(&a, 0)?).trim().to_string()))
        }),
    ];
    let mut m: Map = table
        .iter()
        .map(|(n, f)| (n.to_string(), native(n, false, *f)))
        .collect();
    super::text_conv::add(&mut m);
    m
}

pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memmem::find(hay, needle)
}

/// Go's `IndexAny` / `LastIndexAny`: byte offset of a char of `chars`.
fn index_any(text: &[u8], chars: &[u8], last: bool) -> i64 {
    let set = lossy(chars);
    let t = lossy(text);
    if t.len() != text.len() {
        // Invalid UTF-8: fall back to bytes of the set.
        let pos = |b: &u8| chars.contains(b);
        let i = if last {
            text.iter().rposition(pos)
        } else {
            text.iter().position(pos)
        };
        return i.map_or(-1, |i| i as i64);
    }
    let mut hits = t
        .char_indices()
        .filter(|(_, c)| set.contains(*c))
        .map(|(i, _)| i as i64);
    if last { hits.next_back() } else { hits.next() }.unwrap_or(-1)
}

fn count(ctx: &mut Ctx, a: Vec<Value>) -> Result<Value, RuntimeError> {
    arity(&a, 2)?;
    charge(ctx, &a)?;
    let (t, sub) = (str_arg(&a, 0)?, str_arg(&a, 1)?);
    let n = if sub.is_empty() {
        lossy(&t).chars().count() + 1
    } else {
        memmem::find_iter(&t, &sub).count()
    };
    Ok(Value::Int(n as i64))
}

fn join(ctx: &mut Ctx, a: Vec<Value>) -> Result<Value, RuntimeError> {
    arity(&a, 2)?;
    let items = a[0]
        .elements()
        .ok_or_else(|| type_error(0, "array", &a[0]))?;
    let sep = str_arg(&a, 1)?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        match item {
            Value::Str(b) => out.extend_from_slice(b),
            v => return Err(type_error(0, "array of strings", v)),
        }
    }
    ctx.alloc(out.len())?;
    Ok(Value::Str(out.into()))
}

fn repeat(ctx: &mut Ctx, a: Vec<Value>) -> Result<Value, RuntimeError> {
    arity(&a, 2)?;
    let (t, n) = (str_arg(&a, 0)?, int_arg(&a, 1)?);
    let n = usize::try_from(n).map_err(|_| RuntimeError::msg("text.repeat: negative count"))?;
    ctx.alloc(t.len().saturating_mul(n))?;
    Ok(Value::Str(t.repeat(n).into()))
}

fn replace(ctx: &mut Ctx, a: Vec<Value>) -> Result<Value, RuntimeError> {
    arity(&a, 4)?;
    charge(ctx, &a)?;
    let (t, old, new, n) = (
        str_arg(&a, 0)?,
        str_arg(&a, 1)?,
        str_arg(&a, 2)?,
        int_arg(&a, 3)?,
    );
    // Go: an empty `old` matches before each char and at the end.
    let cuts: Vec<(usize, usize)> = if old.is_empty() {
        let text = lossy(&t);
        let mut at: Vec<usize> = if text.len() == t.len() {
            text.char_indices().map(|(i, _)| i).collect()
        } else {
            (0..t.len()).collect()
        };
        at.push(t.len());
        at.into_iter().map(|i| (i, i)).collect()
    } else {
        memmem::find_iter(&t, &old)
            .map(|i| (i, i + old.len()))
            .collect()
    };
    let limit = if n < 0 {
        cuts.len()
    } else {
        (n as usize).min(cuts.len())
    };
    ctx.alloc(t.len().saturating_add(new.len().saturating_mul(limit)))?;
    let mut out = Vec::new();
    let mut last = 0;
    for &(s, e) in &cuts[..limit] {
        out.extend_from_slice(&t[last..s]);
        out.extend_from_slice(&new);
        last = e;
    }
    out.extend_from_slice(&t[last..]);
    Ok(Value::Str(out.into()))
}

fn substr(_: &mut Ctx, a: Vec<Value>) -> Result<Value, RuntimeError> {
    arity_range(&a, 2, 3)?;
    let t = str_arg(&a, 0)?;
    let len = t.len() as i64;
    let lo = int_arg(&a, 1)?;
    let hi = if a.len() == 3 { int_arg(&a, 2)? } else { len };
    if lo > hi {
        return Err(type_error(
            2,
            "int greater than or equal to the lower bound",
            &a[2],
        ));
    }
    let (lo, hi) = (lo.clamp(0, len) as usize, hi.clamp(0, len) as usize);
    Ok(s(&t[lo..hi]))
}

/// Go's `Split`, `SplitAfter`, `SplitN` and `SplitAfterN`.
fn split_common(
    ctx: &mut Ctx,
    a: Vec<Value>,
    after: bool,
    with_n: bool,
) -> Result<Value, RuntimeError> {
    arity(&a, if with_n { 3 } else { 2 })?;
    charge(ctx, &a)?;
    let (t, sep) = (str_arg(&a, 0)?, str_arg(&a, 1)?);
    let n = if with_n { int_arg(&a, 2)? } else { -1 };
    if n == 0 {
        return Ok(Value::array(Vec::new()));
    }
    let mut parts: Vec<&[u8]> = Vec::new();
    if sep.is_empty() {
        let text = lossy(&t);
        if text.len() == t.len() {
            let mut start = 0;
            for (i, c) in text.char_indices() {
                if n > 0 && parts.len() as i64 == n - 1 {
                    break;
                }
                parts.push(&t[i..i + c.len_utf8()]);
                start = i + c.len_utf8();
            }
            if start < t.len() {
                parts.push(&t[start..]);
            }
        } else {
            parts.extend(t.chunks(1));
        }
        return strings(ctx, parts);
    }
    let mut rest: &[u8] = &t;
    while n < 0 || (parts.len() as i64) < n - 1 {
        let Some(i) = find(rest, &sep) else { break };
        let cut = if after { i + sep.len() } else { i };
        parts.push(&rest[..cut]);
        rest = &rest[i + sep.len()..];
    }
    parts.push(rest);
    strings(ctx, parts)
}

fn map_text(ctx: &mut Ctx, a: Vec<Value>, f: fn(&str) -> String) -> Result<Value, RuntimeError> {
    arity(&a, 1)?;
    let t = str_arg(&a, 0)?;
    let out = f(&lossy(&t));
    ctx.alloc(out.len())?;
    Ok(Value::string(out))
}

fn title_char(c: char) -> char {
    // Title case equals upper case outside a few digraphs (ǅ, ǈ, ǋ, ǲ).
    match c {
        'Ǆ' | 'ǅ' | 'ǆ' => 'ǅ',
        'Ǉ' | 'ǈ' | 'ǉ' => 'ǈ',
        'Ǌ' | 'ǋ' | 'ǌ' => 'ǋ',
        'Ǳ' | 'ǲ' | 'ǳ' => 'ǲ',
        c => {
            let mut up = c.to_uppercase();
            match (up.next(), up.next()) {
                (Some(u), None) => u,
                _ => c,
            }
        }
    }
}

/// Go's deprecated `strings.Title`: the first letter of each word.
fn title(t: &str) -> String {
    let separator = |c: char| {
        if c.is_ascii() {
            !(c.is_ascii_alphanumeric() || c == '_')
        } else {
            !c.is_alphanumeric() && c.is_whitespace()
        }
    };
    let mut prev = ' ';
    t.chars()
        .map(|c| {
            let out = if separator(prev) { title_char(c) } else { c };
            prev = c;
            out
        })
        .collect()
}

/// Tengo's `pad_left` / `pad_right`: repeat `pad_with` and cut to length.
fn pad(ctx: &mut Ctx, a: Vec<Value>, left: bool) -> Result<Value, RuntimeError> {
    arity_range(&a, 2, 3)?;
    let t = str_arg(&a, 0)?;
    let width = int_arg(&a, 1)?;
    let with: Rc<[u8]> = if a.len() == 3 {
        str_arg(&a, 2)?
    } else {
        b" "[..].into()
    };
    let width = usize::try_from(width).unwrap_or(0);
    if t.len() >= width || with.is_empty() {
        return Ok(Value::Str(t));
    }
    ctx.alloc(width.saturating_mul(2))?;
    let fill = with.repeat(width.saturating_sub(with.len()) / with.len() + 1);
    let out = if left {
        let joined = [&fill[..], &t[..]].concat();
        joined[joined.len() - width..].to_vec()
    } else {
        let joined = [&t[..], &fill[..]].concat();
        joined[..width].to_vec()
    };
    Ok(Value::Str(out.into()))
}

fn trim(a: Vec<Value>, left: bool, right: bool) -> Result<Value, RuntimeError> {
    arity(&a, 2)?;
    let (t, cut) = (str_arg(&a, 0)?, lossy(&str_arg(&a, 1)?));
    let text = lossy(&t);
    if text.len() != t.len() {
        return Ok(Value::Str(t));
    }
    let set = |c: char| cut.contains(c);
    let out = match (left, right) {
        (true, true) => text.trim_matches(set),
        (true, false) => text.trim_start_matches(set),
        _ => text.trim_end_matches(set),
    };
    Ok(Value::str(out))
}

fn regex_arg(ctx: &mut Ctx, a: &[Value]) -> Result<Result<Rc<Regex>, Value>, RuntimeError> {
    let pat = str_arg(a, 0)?;
    Ok(re::compile(ctx, &pat)?.map_err(go_error))
}

fn re_match(ctx: &mut Ctx, a: Vec<Value>) -> Result<Value, RuntimeError> {
    arity(&a, 2)?;
    match regex_arg(ctx, &a)? {
        Ok(re) => regexp_match(ctx, &re, &a[1..]),
        Err(e) => Ok(e),
    }
}

fn re_find(ctx: &mut Ctx, a: Vec<Value>) -> Result<Value, RuntimeError> {
    arity_range(&a, 2, 3)?;
    match regex_arg(ctx, &a)? {
        Ok(re) => regexp_find(ctx, &re, &a[1..]),
        Err(e) => Ok(e),
    }
}

fn re_replace(ctx: &mut Ctx, a: Vec<Value>) -> Result<Value, RuntimeError> {
    arity(&a, 3)?;
    match regex_arg(ctx, &a)? {
        Ok(re) => regexp_replace(ctx, &re, &a[1..]),
        Err(e) => Ok(e),
    }
}

fn re_split(ctx: &mut Ctx, a: Vec<Value>) -> Result<Value, RuntimeError> {
    arity_range(&a, 2, 3)?;
    match regex_arg(ctx, &a)? {
        Ok(re) => regexp_split(ctx, &re, &a[1..]),
        Err(e) => Ok(e),
    }
}

/// `re_compile`: an immutable map of `match`, `find`, `replace`, `split`
/// bound to the pattern, as Tengo's Regexp object.
fn re_compile(ctx: &mut Ctx, a: Vec<Value>) -> Result<Value, RuntimeError> {
    arity(&a, 1)?;
    let re = match regex_arg(ctx, &a)? {
        Ok(re) => re,
        Err(e) => return Ok(e),
    };
    type Method = fn(&mut Ctx, &Regex, &[Value]) -> Result<Value, RuntimeError>;
    let methods: [(&'static str, Method, usize, usize); 4] = [
        ("match", regexp_match, 1, 1),
        ("find", regexp_find, 1, 2),
        ("replace", regexp_replace, 2, 2),
        ("split", regexp_split, 1, 2),
    ];
    let mut m = Map::new();
    for (name, f, lo, hi) in methods {
        let re = re.clone();
        let method = crate::value::Native {
            name,
            builtin: false,
            f: Box::new(move |ctx, args| {
                arity_range(&args, lo, hi)?;
                f(ctx, &re, &args)
            }),
        };
        m.insert(name.to_string(), Value::Native(Rc::new(method)));
    }
    Ok(Value::ImmMap(Rc::new(m)))
}

fn regexp_match(ctx: &mut Ctx, re: &Regex, a: &[Value]) -> Result<Value, RuntimeError> {
    let t = str_arg(a, 0)?;
    ctx.steps_n(t.len() as u64 / 256)?;
    Ok(Value::Bool(re.is_match(&t)))
}

fn group_maps(t: &[u8], caps: &regex::bytes::Captures) -> Vec<Value> {
    (0..caps.len())
        .map(|i| {
            let (text, b, e) = match caps.get(i) {
                Some(m) => (&t[m.start()..m.end()], m.start() as i64, m.end() as i64),
                None => (&b""[..], -1, -1),
            };
            let mut m = Map::new();
            m.insert("text".into(), s(text));
            m.insert("begin".into(), Value::Int(b));
            m.insert("end".into(), Value::Int(e));
            Value::ImmMap(Rc::new(m))
        })
        .collect()
}

/// `find(text[, count])`: the first match, or up to `count` (all when
/// negative), each as its groups `{text, begin, end}`; undefined if none.
fn regexp_find(ctx: &mut Ctx, re: &Regex, a: &[Value]) -> Result<Value, RuntimeError> {
    let t = str_arg(a, 0)?;
    ctx.steps_n(t.len() as u64 / 256)?;
    let limit = if a.len() == 2 { int_arg(a, 1)? } else { 1 };
    let mut out = Vec::new();
    for caps in re.captures_iter(&t) {
        if limit >= 0 && out.len() as i64 >= limit {
            break;
        }
        ctx.alloc(caps.len() * 96)?;
        out.push(Value::array(group_maps(&t, &caps)));
    }
    if out.is_empty() {
        return Ok(Value::Undefined);
    }
    Ok(Value::array(out))
}

/// Go's `ReplaceAllString`: `$1` and `${name}` expand.
fn regexp_replace(ctx: &mut Ctx, re: &Regex, a: &[Value]) -> Result<Value, RuntimeError> {
    let (t, repl) = (str_arg(a, 0)?, str_arg(a, 1)?);
    ctx.steps_n(t.len() as u64 / 256)?;
    let mut out = Vec::new();
    let mut last = 0;
    for caps in re.captures_iter(&t) {
        let m = caps.get(0).expect("group 0");
        out.extend_from_slice(&t[last..m.start()]);
        caps.expand(&repl, &mut out);
        last = m.end();
        ctx.alloc(out.len().saturating_sub(last).min(repl.len() * 4 + 64))?;
    }
    out.extend_from_slice(&t[last..]);
    ctx.alloc(out.len())?;
    Ok(Value::Str(out.into()))
}

/// Go's `Regexp.Split(s, n)`.
fn regexp_split(ctx: &mut Ctx, re: &Regex, a: &[Value]) -> Result<Value, RuntimeError> {
    let t = str_arg(a, 0)?;
    ctx.steps_n(t.len() as u64 / 256)?;
    let n = if a.len() == 2 { int_arg(a, 1)? } else { -1 };
    if n == 0 {
        return Ok(Value::array(Vec::new()));
    }
    if !re.as_str().is_empty() && t.is_empty() {
        return strings(ctx, vec![&b""[..]]);
    }
    let mut parts: Vec<&[u8]> = Vec::new();
    let (mut beg, mut end) = (0, 0);
    for m in re.find_iter(&t) {
        if n > 0 && parts.len() as i64 == n - 1 {
            break;
        }
        end = m.start();
        if m.end() != 0 {
            parts.push(&t[beg..end]);
        }
        beg = m.end();
    }
    if end != t.len() {
        parts.push(&t[beg..]);
    }
    strings(ctx, parts)
}

/// `quote(s)`: a Go double-quoted literal.
pub fn quote(t: &[u8]) -> Value {
    Value::string(go_quote(&lossy(t)))
}
