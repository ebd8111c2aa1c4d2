//! Vale's INI dialect, read with positions so that every config error can
//! point at its line.
//!
//! A general INI crate would lose what we need here: the line of each key,
//! repeated keys kept in order (Vale reads them as "shadows"), `\` line
//! continuations and inline comments only after a space.

use std::ops::Range;
use std::sync::Arc;

use crate::error::SourceError;

/// One `key = value` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// `None` for keys before the first section (core keys).
    pub section: Option<usize>,
    pub key: String,
    pub value: String,
    /// Byte range of the whole entry in the file.
    pub range: Range<usize>,
}

/// A `[glob]` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub name: String,
    pub range: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Ini {
    pub path: String,
    pub text: Arc<str>,
    pub sections: Vec<Section>,
    pub entries: Vec<Entry>,
}

impl Ini {
    pub fn parse(path: &str, text: &str) -> Result<Ini, SourceError> {
        let text: Arc<str> = Arc::from(text);
        let mut ini = Ini {
            path: path.to_string(),
            text: Arc::clone(&text),
            sections: Vec::new(),
            entries: Vec::new(),
        };
        let mut offset = 0;
        let mut lines = text.split_inclusive('\n').peekable();
        while let Some(line) = lines.next() {
            let start = offset;
            offset += line.len();
            // `body` keeps the line's end: a value in `"""` or `` ` ``
            // may go on over the next lines, and keeps their breaks.
            let body = line.trim_start().trim_start_matches('\u{feff}');
            let trimmed = body.trim_end();
            let line_range = start..start + line.trim_end().len();
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
                continue;
            }
            if let Some(rest) = trimmed.strip_prefix('[') {
                let Some(name) = rest.strip_suffix(']') else {
                    return Err(SourceError::new(
                        path,
                        &text,
                        line_range,
                        "a section header must end with `]`",
                    ));
                };
                ini.sections.push(Section {
                    name: name.trim().to_string(),
                    range: line_range,
                });
                continue;
            }
            let (key, value_at) = match read_key(trimmed) {
                Ok(split) => split,
                Err(message) => return Err(SourceError::new(path, &text, line_range, message)),
            };
            if key.is_empty() {
                return Err(SourceError::new(
                    path,
                    &text,
                    line_range,
                    "a key is missing before `=`",
                ));
            }
            let raw = body[value_at..].trim_start();
            let mut end = line_range.end;
            let value = if let Some(quote) = opening_quote(raw) {
                // Vale 3.7.1 quirk: values in `"""` or `` ` `` are taken
                // as written up to the last closing quote on the line,
                // or over as many lines as it takes to find one
                // (vale-compatibility.md#quoted-ini-values).
                let rest = &raw[quote.len()..];
                match rest.rfind(quote) {
                    Some(close) => rest[..close].to_string(),
                    None => {
                        let mut value = rest.replace('\r', "");
                        loop {
                            let Some(next) = lines.next() else {
                                return Err(SourceError::new(
                                    path,
                                    &text,
                                    start..offset,
                                    format!("the value of `{key}` opens with {quote} and never closes it"),
                                ));
                            };
                            end = offset + next.trim_end().len();
                            offset += next.len();
                            if let Some(close) = next.rfind(quote) {
                                value.push_str(&next[..close]);
                                break value;
                            }
                            value.push_str(&next.replace('\r', ""));
                        }
                    }
                }
            } else if raw.trim_end().ends_with('\\') {
                // A trailing backslash continues the value on the next line.
                let mut value = raw.trim_end().to_string();
                while value.ends_with('\\') {
                    value.pop();
                    match lines.next() {
                        Some(next) => {
                            end = offset + next.trim_end().len();
                            offset += next.len();
                            value.push_str(strip_inline_comment(next.trim()));
                        }
                        None => break,
                    }
                }
                value.trim().to_string()
            } else {
                unquote(strip_inline_comment(raw.trim())).to_string()
            };
            ini.entries.push(Entry {
                section: ini.sections.len().checked_sub(1),
                key,
                value,
                range: start..end,
            });
        }
        Ok(ini)
    }

    pub fn error(&self, range: Range<usize>, message: impl Into<String>) -> SourceError {
        SourceError::new(&self.path, &self.text, range, message)
    }
}

/// `key = value`: the key and where its value begins. As in Vale's INI
/// reader (go-ini `readKeyName`), a key may be quoted with `"`, `"""` or
/// `` ` `` (and then hold `=`).
fn read_key(line: &str) -> Result<(String, usize), String> {
    let quote = if line.len() > 6 && line.starts_with("\"\"\"") {
        Some("\"\"\"")
    } else if line.starts_with('"') {
        Some("\"")
    } else if line.starts_with('`') {
        Some("`")
    } else {
        None
    };
    let Some(quote) = quote else {
        let eq = line
            .find('=')
            .ok_or("expected `key = value` or a `[section]`")?;
        return Ok((line[..eq].trim().to_string(), eq + 1));
    };
    let open = quote.len();
    let close = line[open..]
        .find(quote)
        .map(|i| i + open)
        .ok_or_else(|| format!("the key opens with {quote} and never closes it"))?;
    let eq = line[close + quote.len()..]
        .find('=')
        .map(|i| i + close + quote.len())
        .ok_or("expected `key = value` or a `[section]`")?;
    Ok((line[open..close].trim().to_string(), eq + 1))
}

/// The quote a value opens with that may span lines and keeps comments:
/// `"""` (with something after it) or `` ` `` (go-ini `readValue`).
fn opening_quote(value: &str) -> Option<&'static str> {
    if value.len() > 3 && value.starts_with("\"\"\"") {
        Some("\"\"\"")
    } else if value.starts_with('`') {
        Some("`")
    } else {
        None
    }
}

/// Vale 3.7.1 quirk: a value wholly in `"…"` or `'…'` loses the quotes,
/// once the inline comment is gone, unless the same quote also stands
/// inside it (go-ini `readValue`, `hasSurroundedQuote`;
/// vale-compatibility.md#quoted-ini-values).
fn unquote(value: &str) -> &str {
    for quote in ['\'', '"'] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            if !inner.contains(quote) {
                return inner;
            }
        }
    }
    value
}

/// `value # comment`: as in Vale (go-ini with `SpaceBeforeInlineComment`),
/// a comment needs a space before it, and ` #` is looked for before ` ;`.
fn strip_inline_comment(value: &str) -> &str {
    let at = value.find(" #").or_else(|| value.find(" ;"));
    match at {
        Some(i) => value[..i].trim_end(),
        None => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sections_keys_and_comments() {
        let ini = Ini::parse(
            "x.ini",
            "StylesPath = styles # where\nMinAlertLevel=warning\n\n; note\n[*.{md,txt}]\nBasedOnStyles = A, \\\n  B\nA.Rule = NO\n",
        )
        .unwrap();
        assert_eq!(ini.sections.len(), 1);
        assert_eq!(ini.sections[0].name, "*.{md,txt}");
        let e: Vec<_> = ini
            .entries
            .iter()
            .map(|e| (e.section, e.key.as_str(), e.value.as_str()))
            .collect();
        assert_eq!(
            e,
            vec![
                (None, "StylesPath", "styles"),
                (None, "MinAlertLevel", "warning"),
                (Some(0), "BasedOnStyles", "A, B"),
                (Some(0), "A.Rule", "NO"),
            ]
        );
    }

    /// Vale's INI reader (go-ini `readValue`, `hasSurroundedQuote`) takes
    /// the quotes off a value wholly in `"…"` or `'…'` (after its inline
    /// comment is gone, and not when the same quote is inside), and reads
    /// `"""…"""` and `` `…` `` as written, over several lines if need be.
    #[test]
    fn quoted_values_lose_their_quotes_as_in_vale() {
        let ini = Ini::parse(
            "x.ini",
            concat!(
                "StylesPath = \"styles\"\n",
                "Vocab = 'Base' # a comment\n",
                "WordTemplate = \"\\b(?:%s)\\b\"\n",
                "[*]\n",
                "BasedOnStyles = \"Vale\", \"Google\"\n",
                "TokenIgnores = \"\"\"(\\$ # not a comment)\"\"\" ; dropped\n",
                "BlockIgnores = `(?s)a\n",
                "b`\n",
                "\"Quoted.Key\" = 'it''s'\n",
                "A.B = \"\n",
            ),
        )
        .unwrap();
        let e: Vec<_> = ini
            .entries
            .iter()
            .map(|e| (e.key.as_str(), e.value.as_str()))
            .collect();
        assert_eq!(
            e,
            vec![
                ("StylesPath", "styles"),
                ("Vocab", "Base"),
                ("WordTemplate", "\\b(?:%s)\\b"),
                ("BasedOnStyles", "\"Vale\", \"Google\""),
                ("TokenIgnores", "(\\$ # not a comment)"),
                ("BlockIgnores", "(?s)a\nb"),
                ("Quoted.Key", "'it''s'"),
                ("A.B", "\""),
            ]
        );
        assert_eq!(ini.error(ini.entries[5].range.clone(), "").line(), 7);
        let e = Ini::parse("x.ini", "[*]\nTokenIgnores = `open\n").unwrap_err();
        assert_eq!(e.line(), 2);
    }

    #[test]
    fn inline_comments_need_a_space_and_hash_comes_first() {
        let ini = Ini::parse("x.ini", "A = a;b # c ; d\nB = x ; y\nC = p\t#q\n").unwrap();
        let values: Vec<_> = ini.entries.iter().map(|e| e.value.as_str()).collect();
        assert_eq!(values, vec!["a;b", "x", "p\t#q"]);
    }

    #[test]
    fn errors_point_at_the_line() {
        let e = Ini::parse("x.ini", "StylesPath = s\nthis is not ini\n").unwrap_err();
        assert_eq!(e.line(), 2);
        let e = Ini::parse("x.ini", "[*.md\n").unwrap_err();
        assert_eq!(e.line(), 1);
    }
}
