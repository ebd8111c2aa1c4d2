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
            let trimmed = line.trim().trim_start_matches('\u{feff}');
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
                continue;
            }
            if let Some(rest) = trimmed.strip_prefix('[') {
                let Some(name) = rest.strip_suffix(']') else {
                    return Err(SourceError::new(
                        path,
                        &text,
                        start..start + line.trim_end().len(),
                        "a section header must end with `]`",
                    ));
                };
                ini.sections.push(Section {
                    name: name.trim().to_string(),
                    range: start..start + line.trim_end().len(),
                });
                continue;
            }
            let Some(eq) = trimmed.find('=') else {
                return Err(SourceError::new(
                    path,
                    &text,
                    start..start + line.trim_end().len(),
                    "expected `key = value` or a `[section]`",
                ));
            };
            let key = trimmed[..eq].trim().to_string();
            if key.is_empty() {
                return Err(SourceError::new(
                    path,
                    &text,
                    start..start + line.trim_end().len(),
                    "a key is missing before `=`",
                ));
            }
            let mut value = strip_inline_comment(trimmed[eq + 1..].trim()).to_string();
            let mut end = start + line.trim_end().len();
            // A trailing backslash continues the value on the next line.
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
            ini.entries.push(Entry {
                section: ini.sections.len().checked_sub(1),
                key,
                value: value.trim().to_string(),
                range: start..end,
            });
        }
        Ok(ini)
    }

    pub fn error(&self, range: Range<usize>, message: impl Into<String>) -> SourceError {
        SourceError::new(&self.path, &self.text, range, message)
    }
}

/// `value # comment`: a comment needs white space before it.
fn strip_inline_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for i in 1..bytes.len() {
        if (bytes[i] == b'#' || bytes[i] == b';') && bytes[i - 1].is_ascii_whitespace() {
            return value[..i].trim_end();
        }
    }
    value
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

    #[test]
    fn errors_point_at_the_line() {
        let e = Ini::parse("x.ini", "StylesPath = s\nthis is not ini\n").unwrap_err();
        assert_eq!(e.line(), 2);
        let e = Ini::parse("x.ini", "[*.md\n").unwrap_err();
        assert_eq!(e.line(), 1);
    }
}
