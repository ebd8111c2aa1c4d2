//! Typed reading of a rule file's keys, the way Vale's weakly typed
//! decoding reads them (a scalar where a list is expected, `max: "3"`,
//! `ignorecase: yes`), with every error pointing at the key's line.

use std::ops::Range;
use std::sync::Arc;

use super::yaml::{Entry, Map, Node, Value};
use crate::error::SourceError;

/// The YAML text of a rule file, kept for pointing errors into it.
#[derive(Debug, Clone)]
pub struct RuleSource {
    pub path: String,
    pub text: Arc<str>,
}

impl RuleSource {
    /// Byte range of the top-level `key:` line, for errors about that key
    /// (the start of the file when the key is not there).
    pub fn key_range(&self, key: &str) -> Range<usize> {
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            let trimmed = line.trim_start_matches('\u{feff}');
            if let Some(rest) = trimmed.strip_prefix(key) {
                if rest.trim_start().starts_with(':') {
                    return offset..offset + line.trim_end().len();
                }
            }
            offset += line.len();
        }
        0..0
    }

    /// Byte range of the first occurrence of `needle` at or after the
    /// `key:` line (for a pattern inside a list); falls back to the key.
    pub fn value_range(&self, key: &str, needle: &str) -> Range<usize> {
        let key_at = self.key_range(key);
        if !needle.is_empty() {
            if let Some(pos) = self.text[key_at.start..].find(needle) {
                let start = key_at.start + pos;
                return start..start + needle.len();
            }
        }
        key_at
    }

    pub fn error(&self, range: Range<usize>, message: impl Into<String>) -> SourceError {
        SourceError::new(&self.path, &self.text, range, message)
    }

    /// The line holding `at`, from `at` to its end (without the break):
    /// where an error about the entry starting there is drawn.
    fn rest_of_line(&self, at: usize) -> Range<usize> {
        let end = self.text[at..]
            .find('\n')
            .map_or(self.text.len(), |i| at + i);
        at..at + self.text[at..end].trim_end().len()
    }
}

/// A map of a rule file (the file itself, or a nested `action:`), read key
/// by key.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    map: &'a Map,
    source: &'a RuleSource,
}

impl<'a> Fields<'a> {
    pub fn new(map: &'a Map, source: &'a RuleSource) -> Fields<'a> {
        Fields { map, source }
    }

    pub fn source(&self) -> &'a RuleSource {
        self.source
    }

    /// The keys, in file order.
    pub fn keys(&self) -> impl Iterator<Item = &'a str> {
        self.map.entries.iter().map(|e| e.key.as_str())
    }

    pub fn has(&self, key: &str) -> bool {
        self.map.get(key).is_some()
    }

    /// The `key: …` line, for an error about the key as a whole.
    pub fn key_range(&self, key: &str) -> Range<usize> {
        match self.map.get(key) {
            Some(entry) => self.source.rest_of_line(entry.key_span.start),
            None => self.source.key_range(key),
        }
    }

    /// Where `value` is written within `key`'s value (a list item, say).
    pub fn value_range(&self, key: &str, value: &str) -> Range<usize> {
        let Some(entry) = self.map.get(key) else {
            return self.source.value_range(key, value);
        };
        let mut found = None;
        find_scalar(&entry.value, value, &mut found);
        match found {
            Some(span) => without_quotes(&self.source.text, span),
            None => self.source.value_range(key, value),
        }
    }

    /// An error about `key`, drawn on its line.
    pub fn error(&self, key: &str, message: impl Into<String>) -> SourceError {
        self.source.error(self.key_range(key), message)
    }

    fn entry(&self, key: &str) -> Option<&'a Entry> {
        self.map.get(key)
    }

    /// A wrongly typed value: the message names what was expected and the
    /// error is drawn on the key's line.
    fn wrong(&self, entry: &Entry, expected: &str) -> SourceError {
        self.source.error(
            self.source.rest_of_line(entry.key_span.start),
            format!("wrong type for `{}`: {expected}", entry.key),
        )
    }

    /// A single value, as text; `None` when the key is absent.
    pub fn text(&self, key: &str) -> Result<Option<String>, SourceError> {
        let Some(entry) = self.entry(key) else {
            return Ok(None);
        };
        match &entry.value.value {
            Value::Scalar(s) => Ok(Some(s.clone())),
            _ => Err(self.wrong(entry, "expected a single value, not a list or a map")),
        }
    }

    /// A single value, as text, empty when absent.
    pub fn text_or_empty(&self, key: &str) -> Result<String, SourceError> {
        Ok(self.text(key)?.unwrap_or_default())
    }

    /// A list of values; a single value is a list of one, null is empty.
    pub fn list(&self, key: &str) -> Result<Vec<String>, SourceError> {
        let Some(entry) = self.entry(key) else {
            return Ok(Vec::new());
        };
        match &entry.value.value {
            Value::Scalar(_) if is_null(&self.source.text[entry.value.span.clone()]) => {
                Ok(Vec::new())
            }
            Value::Scalar(s) => Ok(vec![s.clone()]),
            Value::List(items) => items
                .iter()
                .map(|item| match &item.value {
                    Value::Scalar(s) => Ok(s.clone()),
                    _ => Err(self.wrong(entry, "list items must be single values")),
                })
                .collect(),
            Value::Map(_) => Err(self.wrong(entry, "expected a value or a list of values")),
        }
    }

    /// `true`/`false` in any of yaml.v2's spellings (`yes`, `on`, `y`, `1`).
    pub fn flag(&self, key: &str) -> Result<Option<bool>, SourceError> {
        let Some(text) = self.typed_scalar(key, "expected true or false")? else {
            return Ok(None);
        };
        match text.to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "y" | "1" => Ok(Some(true)),
            "false" | "no" | "off" | "n" | "0" | "" => Ok(Some(false)),
            other => Err(self.value_error(key, format!("expected true or false, found '{other}'"))),
        }
    }

    /// A whole number; empty is absent.
    pub fn count(&self, key: &str) -> Result<Option<usize>, SourceError> {
        let Some(text) = self.typed_scalar(key, "expected a whole number")? else {
            return Ok(None);
        };
        if text.is_empty() {
            return Ok(None);
        }
        text.trim()
            .parse::<usize>()
            .map(Some)
            .map_err(|_| self.value_error(key, format!("expected a whole number, found '{text}'")))
    }

    /// A finite number; empty is absent.
    pub fn number(&self, key: &str) -> Result<Option<f64>, SourceError> {
        let Some(text) = self.typed_scalar(key, "expected a number")? else {
            return Ok(None);
        };
        if text.trim().is_empty() {
            return Ok(None);
        }
        text.trim()
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(Some)
            .ok_or_else(|| self.value_error(key, format!("expected a number, found '{text}'")))
    }

    /// A map of `pattern: value` entries in file order, or a list of
    /// one-entry maps (`- 'bad': good`), merged in order as Vale's weakly
    /// typed decoding does.
    pub fn pairs(&self, key: &str) -> Result<Vec<(String, String)>, SourceError> {
        let Some(entry) = self.entry(key) else {
            return Ok(Vec::new());
        };
        let expected = "expected a map of `pattern: value` entries";
        let entries = |map: &Map| -> Result<Vec<(String, String)>, SourceError> {
            map.entries
                .iter()
                .map(|e| match &e.value.value {
                    Value::Scalar(v) => Ok((e.key.clone(), v.clone())),
                    _ => Err(self.wrong(entry, "entries must map one value to one value")),
                })
                .collect()
        };
        match &entry.value.value {
            Value::Scalar(_) if is_null(&self.source.text[entry.value.span.clone()]) => {
                Ok(Vec::new())
            }
            Value::Map(map) => entries(map),
            Value::List(items) => {
                let mut all = Vec::new();
                for item in items {
                    match &item.value {
                        Value::Map(map) => all.extend(entries(map)?),
                        _ => return Err(self.wrong(entry, expected)),
                    }
                }
                Ok(all)
            }
            Value::Scalar(_) => Err(self.wrong(entry, expected)),
        }
    }

    /// A nested map (`action:`, `examples:`, `context:`).
    pub fn map(&self, key: &str) -> Result<Option<Fields<'a>>, SourceError> {
        let Some(entry) = self.entry(key) else {
            return Ok(None);
        };
        match &entry.value.value {
            Value::Map(map) => Ok(Some(Fields::new(map, self.source))),
            Value::Scalar(_) if is_null(&self.source.text[entry.value.span.clone()]) => Ok(None),
            _ => Err(self.wrong(entry, "expected a map of keys")),
        }
    }

    /// A list of maps (a `sequence` rule's `tokens`), each with the
    /// range of its item for errors about it; a single map is a list of one.
    pub fn maps(&self, key: &str) -> Result<Vec<Fields<'a>>, SourceError> {
        let Some(entry) = self.entry(key) else {
            return Ok(Vec::new());
        };
        let expected = "expected a list of maps";
        match &entry.value.value {
            Value::Scalar(_) if is_null(&self.source.text[entry.value.span.clone()]) => {
                Ok(Vec::new())
            }
            Value::Map(map) => Ok(vec![Fields::new(map, self.source)]),
            Value::List(items) => items
                .iter()
                .map(|item| match &item.value {
                    Value::Map(map) => Ok(Fields::new(map, self.source)),
                    _ => Err(self.wrong(entry, expected)),
                })
                .collect(),
            Value::Scalar(_) => Err(self.wrong(entry, expected)),
        }
    }

    /// The first key not in `allowed`, for maps that take a fixed set.
    pub fn unknown_key(&self, allowed: &[&str]) -> Option<&'a str> {
        self.keys().find(|k| !allowed.contains(k))
    }

    /// An error naming the first key that is not one of `allowed`.
    pub fn deny_unknown(&self, allowed: &[&str]) -> Result<(), SourceError> {
        match self.unknown_key(allowed) {
            Some(key) => Err(self.error(key, format!("unknown key `{key}`"))),
            None => Ok(()),
        }
    }

    /// A scalar's text for a typed reader; lists and maps are wrong.
    fn typed_scalar(&self, key: &str, expected: &str) -> Result<Option<String>, SourceError> {
        let Some(entry) = self.entry(key) else {
            return Ok(None);
        };
        match &entry.value.value {
            Value::Scalar(s) => Ok(Some(s.clone())),
            _ => Err(self.wrong(entry, expected)),
        }
    }

    /// An error about `key`'s value, drawn on the key's line.
    fn value_error(&self, key: &str, message: String) -> SourceError {
        self.error(key, message)
    }
}

/// Whether a scalar written so is YAML's null.
fn is_null(written: &str) -> bool {
    matches!(written.trim(), "" | "~" | "null" | "Null" | "NULL")
}

/// `span` without the quotes a quoted scalar is written in.
fn without_quotes(text: &str, span: Range<usize>) -> Range<usize> {
    let written = &text[span.clone()];
    let quoted = written.len() >= 2
        && ((written.starts_with('"') && written.ends_with('"'))
            || (written.starts_with('\'') && written.ends_with('\'')));
    if quoted {
        span.start + 1..span.end - 1
    } else {
        span
    }
}

/// The span of the first scalar in `node` whose text is `value`.
fn find_scalar(node: &Node, value: &str, found: &mut Option<Range<usize>>) {
    if found.is_some() {
        return;
    }
    match &node.value {
        Value::Scalar(s) if s == value => *found = Some(node.span.clone()),
        Value::Scalar(_) => {}
        Value::List(items) => items.iter().for_each(|i| find_scalar(i, value, found)),
        Value::Map(map) => map
            .entries
            .iter()
            .for_each(|e| find_scalar(&e.value, value, found)),
    }
}
