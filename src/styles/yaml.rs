//! Rule files' YAML, read as Vale (Go's yaml.v2) reads it, into a tree that
//! knows where every key and value is in the file, so that every error can
//! point at its line.
//!
//! The parser is serde-saphyr: pure Rust, panic-free, with byte spans and
//! limits on alias expansion. On top of it this module gives yaml.v2's
//! reading: a repeated key replaces the earlier value (at the earlier key's
//! place), and a scalar is the text as written (`yes` stays `yes`, `0.80`
//! stays `0.80`), so that a field decoded as text gets what Vale gets.

use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::options::{AliasLimits, DuplicateKeyPolicy};
use serde_saphyr::Spanned;

/// A YAML value and where it is in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    /// Byte range of the value as written (a quoted scalar with its
    /// quotes); for a map or a list, where it starts.
    pub span: Range<usize>,
}

impl Node {
    /// Moves every span by `map` (offsets of another copy of the text).
    pub fn shift(&mut self, map: &impl Fn(usize) -> usize) {
        self.span = map(self.span.start)..map(self.span.end);
        match &mut self.value {
            Value::Scalar(_) => {}
            Value::List(items) => items.iter_mut().for_each(|i| i.shift(map)),
            Value::Map(m) => {
                for e in &mut m.entries {
                    e.key_span = map(e.key_span.start)..map(e.key_span.end);
                    e.value.shift(map);
                }
            }
        }
    }
}

/// A YAML value, with every scalar kept as text (Vale decodes weakly).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Any scalar: a string, a number, a boolean or null (empty text).
    Scalar(String),
    List(Vec<Node>),
    Map(Map),
}

/// A YAML map in file order, each key once.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map {
    pub entries: Vec<Entry>,
}

/// One `key: value` of a map.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    /// Byte range of the key as written.
    pub key_span: Range<usize>,
    pub value: Node,
}

impl Map {
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }

    /// The map without the entries `keep` rejects.
    pub fn filtered(&self, keep: impl Fn(&str) -> bool) -> Map {
        Map {
            entries: self
                .entries
                .iter()
                .filter(|e| keep(&e.key))
                .cloned()
                .collect(),
        }
    }
}

/// Why a file could not be read as YAML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What the parser says, without its own position.
    pub message: String,
    /// Where it went wrong, as a byte offset into the text.
    pub at: usize,
    /// The file's aliases or nesting expand past the reader's limits.
    pub too_large: bool,
}

/// Reads `text` as one YAML document.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    // A "billion laughs" rule file costs nothing but an error.
    let mut alias_limits = AliasLimits::default();
    alias_limits.max_total_replayed_events = 100_000;
    alias_limits.max_replay_stack_depth = 64;
    alias_limits.max_alias_expansions_per_anchor = 1_000;
    let options = serde_saphyr::options! {
        // yaml.v2 keeps the last of repeated keys; the entries reach the
        // tree's visitor, which keeps the first key's place.
        duplicate_keys: DuplicateKeyPolicy::LastWins,
        alias_limits: alias_limits,
        with_snippet: false,
    };
    let spanned: Spanned<Raw> =
        serde_saphyr::from_str_with_options(text, options).map_err(|e| yaml_error(text, &e))?;
    Ok(into_node(text, spanned))
}

fn yaml_error(text: &str, e: &serde_saphyr::Error) -> YamlError {
    use serde_saphyr::Error as E;
    let mut at = e
        .location()
        .map(|loc| offset_of(text, loc.line() as usize, loc.column() as usize))
        .unwrap_or(0);
    // The parser finds an unclosed quote or bracket at the end of the file;
    // the user needs the line where it opened.
    if at >= text.trim_end().len() {
        if let Some(open) = unclosed_opener(text) {
            at = open;
        }
    }
    let too_large = matches!(
        innermost(e),
        E::AliasReplayCounterOverflow { .. }
            | E::AliasReplayLimitExceeded { .. }
            | E::AliasExpansionLimitExceeded { .. }
            | E::AliasReplayStackDepthExceeded { .. }
            | E::Budget { .. }
    );
    // The parser's account of a limit names its internal counters; the
    // user needs to know which limit stopped the reading.
    let message = if too_large {
        "repetition limit exceeded while expanding YAML aliases".to_string()
    } else {
        message_of(e)
    };
    YamlError {
        message,
        at,
        too_large,
    }
}

/// The error itself, without the wrappers that say where an alias was used
/// or hold a snippet of the file.
fn innermost(mut e: &serde_saphyr::Error) -> &serde_saphyr::Error {
    use serde_saphyr::Error as E;
    while let E::AliasError { error, .. } | E::WithSnippet { error, .. } = e {
        e = error;
    }
    e
}

/// The parser's message without the position it prefixes (`line 1 column
/// 4: …`): the error is rendered at its place in the file.
fn message_of(e: &serde_saphyr::Error) -> String {
    let full = e.without_snippet().to_string();
    let first = full.lines().next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    match first.split_once(": ") {
        Some((position, rest)) if position.starts_with("line ") => rest.to_string(),
        _ => first.to_string(),
    }
}

/// Where the quote or flow bracket that is never closed opens, if one is:
/// a light scan that knows where YAML lets a quoted scalar or a flow
/// collection begin (at a value's start, or inside a flow collection),
/// skips comments, and follows `''` and `\"` escapes.
fn unclosed_opener(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut flow: Vec<usize> = Vec::new();
    let mut i = 0;
    // Whether a scalar or collection may begin here.
    let mut at_value = true;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\n' => at_value = true,
            b' ' | b'\t' => {}
            b'#' if i == 0 || bytes[i - 1].is_ascii_whitespace() => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' if at_value => {
                let start = i;
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => return Some(start),
                        Some(b'\\') if c == b'"' => i += 2,
                        Some(&q) if q == c => {
                            if c == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                                i += 2;
                            } else {
                                break;
                            }
                        }
                        Some(_) => i += 1,
                    }
                }
                at_value = false;
            }
            b'[' | b'{' if at_value || !flow.is_empty() => {
                flow.push(i);
                at_value = true;
            }
            b']' | b'}' if !flow.is_empty() => {
                flow.pop();
                at_value = false;
            }
            b',' if !flow.is_empty() => at_value = true,
            b':' | b'-' if bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()) => {
                at_value = true
            }
            _ => at_value = false,
        }
        i += 1;
    }
    flow.first().copied()
}

/// Byte offset of 1-based `line` and character `column` in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// What the parser hands the visitor, before spans become byte ranges.
#[derive(Debug)]
enum Raw {
    /// A string as decoded (escapes resolved, quotes gone).
    Text(String),
    /// A plain scalar the parser typed (a number, a boolean, null): its
    /// text is taken from the file, as yaml.v2 gives it to a string field.
    Typed,
    List(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<Raw>, Spanned<Raw>)>),
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Text(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Text(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }
    fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Raw::Map(entries))
    }
}

/// Byte range of a spanned value in `text`.
fn span_of<T>(text: &str, spanned: &Spanned<T>) -> Range<usize> {
    let span = spanned.referenced.span();
    let start = span
        .byte_offset()
        .and_then(|b| usize::try_from(b).ok())
        .unwrap_or_else(|| {
            offset_of(
                text,
                spanned.referenced.line() as usize,
                spanned.referenced.column() as usize,
            )
        })
        .min(text.len());
    let len = span
        .byte_len()
        .and_then(|b| usize::try_from(b).ok())
        .unwrap_or(0);
    let mut end = (start + len).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    start..end.max(start)
}

fn into_node(text: &str, spanned: Spanned<Raw>) -> Node {
    let span = span_of(text, &spanned);
    let value = match spanned.value {
        Raw::Text(s) => Value::Scalar(s),
        Raw::Typed => Value::Scalar(plain_text(&text[span.clone()])),
        Raw::List(items) => Value::List(items.into_iter().map(|i| into_node(text, i)).collect()),
        Raw::Map(pairs) => {
            let mut map = Map::default();
            for (key, value) in pairs {
                let key_span = span_of(text, &key);
                let key = match into_node(text, key).value {
                    Value::Scalar(s) => s,
                    // A list or map as a key names nothing Vale reads.
                    _ => text[key_span.clone()].to_string(),
                };
                let value = into_node(text, value);
                // yaml.v2: the later value, at the first key's place.
                match map.entries.iter_mut().find(|e| e.key == key) {
                    Some(entry) => entry.value = value,
                    None => map.entries.push(Entry {
                        key,
                        key_span,
                        value,
                    }),
                }
            }
            Value::Map(map)
        }
    };
    Node { value, span }
}

/// A typed plain scalar's text: null (`~`, `null`, nothing) is empty, as
/// yaml.v2 decodes it into a string.
fn plain_text(written: &str) -> String {
    let written = written.trim();
    match written {
        "~" | "null" | "Null" | "NULL" => String::new(),
        _ => written.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(text: &str) -> Map {
        match parse(text).unwrap().value {
            Value::Map(m) => m,
            other => panic!("not a map: {other:?}"),
        }
    }

    fn scalar(node: &Node) -> &str {
        match &node.value {
            Value::Scalar(s) => s,
            other => panic!("not a scalar: {other:?}"),
        }
    }

    #[test]
    fn scalars_are_text_as_written() {
        let text = "a: yes\nb: 0.80\nc: 3\nd: ~\ne:\nf: \"q\\\"uoted\"\n";
        let m = map(text);
        let got: Vec<(&str, &str)> = m
            .entries
            .iter()
            .map(|e| (e.key.as_str(), scalar(&e.value)))
            .collect();
        assert_eq!(
            got,
            [
                ("a", "yes"),
                ("b", "0.80"),
                ("c", "3"),
                ("d", ""),
                ("e", ""),
                ("f", "q\"uoted")
            ]
        );
    }

    #[test]
    fn spans_are_byte_ranges() {
        let text = "\u{feff}é: \"ü\"\nlist:\n  - x\n";
        let m = map(text);
        let e = m.get("é").unwrap();
        assert_eq!(&text[e.key_span.clone()], "é");
        assert_eq!(&text[e.value.span.clone()], "\"ü\"");
        let Value::List(items) = &m.get("list").unwrap().value.value else {
            panic!("list");
        };
        assert_eq!(&text[items[0].span.clone()], "x");
    }

    #[test]
    fn a_repeated_key_keeps_its_first_place_and_last_value() {
        let m = map("swap:\n  a: b\n  c: d\n  a: e\n");
        let Value::Map(swap) = &m.get("swap").unwrap().value.value else {
            panic!("map");
        };
        let got: Vec<(&str, &str)> = swap
            .entries
            .iter()
            .map(|e| (e.key.as_str(), scalar(&e.value)))
            .collect();
        assert_eq!(got, [("a", "e"), ("c", "d")]);
    }

    #[test]
    fn an_unclosed_quote_or_bracket_is_placed_where_it_opens() {
        let text = "extends: existence\nmessage: \"Don't say %s\ntokens:\n  - foo\n";
        let e = parse(text).unwrap_err();
        assert_eq!(e.at, text.find('"').unwrap(), "{}", e.message);
        let text = "extends: existence\nmessage: 'it''s %s'\ntokens: [foo, bar,\n  baz\n";
        let e = parse(text).unwrap_err();
        assert_eq!(e.at, text.find('[').unwrap(), "{}", e.message);
    }

    #[test]
    fn errors_have_places_and_alias_bombs_are_refused() {
        let e = parse("a: 1\nb: [unclosed\n").unwrap_err();
        assert_eq!(e.at, 8, "{e:?}");
        assert!(!e.message.starts_with("line"), "{}", e.message);
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (i, name) in ["b", "c", "d", "e", "f", "g", "h"].iter().enumerate() {
            let prev = ["a", "b", "c", "d", "e", "f", "g"][i];
            bomb.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 10].join(", ")
            ));
        }
        let e = parse(&bomb).unwrap_err();
        assert!(e.too_large, "{e:?}");
    }
}
