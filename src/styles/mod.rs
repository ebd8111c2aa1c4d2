//! The styles stage: finds rule files (on disk or embedded), reads their
//! YAML, and reads the keys every rule type shares; errors point into the
//! YAML. The keys of each rule type are read by that type's module
//! (`check::rules`); where a rule's files are is found here (`paths`).

pub mod fields;
pub mod filter;
pub mod paths;
mod rule;
pub mod yaml;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use fields::{Fields, RuleSource};
pub use rule::{read_common, Action, Examples, Origin, Rule, RuleFile, COMMON_KEYS};

use crate::error::{Notice, Problems, SourceError};

/// Rule files built into the binary: (style, rule, YAML).
pub const EMBEDDED: &[(&str, &str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// The file that marks a style folder as a published package: Vale's
/// package library ships one in every package (`vale sync` unpacks it).
const PACKAGE_MARKER: &str = "meta.json";

/// The rule files of one style, read as YAML, and what went wrong.
#[derive(Debug, Default)]
pub struct LoadedStyle {
    pub files: Vec<RuleFile>,
    pub problems: Problems,
}

impl LoadedStyle {
    fn add(&mut self, style: &str, name: &str, origin: Origin, source: RuleSource) {
        match read_yaml(style, name, origin, source) {
            Ok(file) => self.files.push(file),
            Err(e) => self.problems.errors.push(e),
        }
    }

    fn add_file(&mut self, style: &str, name: &str, file: &Path) {
        let path = file.display().to_string();
        match crate::text::file::read(file) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                let source = RuleSource {
                    path,
                    text: Arc::from(text.as_ref()),
                };
                let in_package = file
                    .parent()
                    .is_some_and(|dir| dir.join(PACKAGE_MARKER).is_file());
                let origin = if in_package {
                    Origin::Package(file.to_path_buf())
                } else {
                    Origin::File(file.to_path_buf())
                };
                self.add(style, name, origin, source);
            }
            Err(e) => self.problems.failures.push(Notice {
                path,
                message: format!("cannot read rule file: {e}"),
            }),
        }
    }
}

/// Reads a rule file's YAML into its top-level map.
pub fn read_yaml(
    style: &str,
    name: &str,
    origin: Origin,
    source: RuleSource,
) -> Result<RuleFile, SourceError> {
    let parsed = yaml::parse(&source.text).or_else(|first| {
        // Vale 3.7.1 quirk (docs/vale-compatibility.md#quirk-escaped-quote):
        // Go's yaml.v2 reads `\'` in a double-quoted string
        // as `'`, where YAML 1.2 calls it an unknown escape. A file that
        // reads only so is read so, its spans moved back over the
        // backslashes taken out.
        if source.text.contains("\\'") {
            let (text, removed) = without_escaped_quotes(&source.text);
            if let Ok(mut node) = yaml::parse(&text) {
                node.shift(&|at| at + removed.partition_point(|&r| r <= at));
                return Ok(node);
            }
        }
        Err(first)
    });
    let node = parsed.map_err(|e| yaml_error(&source, &e))?;
    let yaml::Value::Map(map) = node.value else {
        return Err(source.error(
            0..source.text.len().min(80),
            "a rule file must be a YAML map of keys",
        ));
    };
    Ok(RuleFile {
        style: style.to_string(),
        name: name.to_string(),
        origin,
        source,
        map,
    })
}

/// `text` with each `\'` read as `'`, and where (in the new text) each
/// taken-out backslash's quote is.
fn without_escaped_quotes(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut removed = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("\\'") {
        out.push_str(&rest[..i]);
        removed.push(out.len());
        out.push('\'');
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    (out, removed)
}

/// A YAML syntax error at its line, in words a style author understands.
fn yaml_error(source: &RuleSource, e: &yaml::YamlError) -> SourceError {
    let start = e.at.min(source.text.len());
    let line_end = source.text[start..]
        .find('\n')
        .map_or(source.text.len(), |i| start + i);
    let error = source.error(start..line_end.max(start), e.message.clone());
    if e.too_large {
        error.with_note("the file's YAML aliases or nesting expand too far to read (a YAML bomb?)")
    } else {
        error
    }
}

/// Loads the one rule file `file` as `style.name`.
pub fn load_file(file: &Path, style: &str, name: &str) -> LoadedStyle {
    let mut loaded = LoadedStyle::default();
    loaded.add_file(style, name, file);
    loaded
}

/// Whether the binary carries a style of this name.
pub fn is_embedded(style: &str) -> bool {
    EMBEDDED.iter().any(|(s, _, _)| *s == style)
}

/// Loads an embedded style.
pub fn load_embedded(style: &str) -> LoadedStyle {
    let mut loaded = LoadedStyle::default();
    for (s, name, text) in EMBEDDED.iter().filter(|(s, _, _)| *s == style) {
        let path = format!("rules/{s}/{name}.yml");
        let source = RuleSource {
            path: path.clone(),
            text: Arc::from(*text),
        };
        loaded.add(s, name, Origin::Embedded(path), source);
    }
    loaded
}

/// Loads every `*.yml` below `dir` (following symlinks, as Vale does); a
/// rule is named after its parent folder and file name.
pub fn load_dir(dir: &Path) -> LoadedStyle {
    let mut loaded = LoadedStyle::default();
    let mut files = Vec::new();
    let mut visited = HashSet::new();
    collect_yml(dir, &mut files, &mut loaded.problems, &mut visited);
    files.sort();
    for file in files {
        let style = file
            .parent()
            .and_then(Path::file_name)
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let name = file
            .file_stem()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        loaded.add_file(&style, &name, &file);
    }
    loaded
}

/// The rule files below `dir`, visiting each real folder once: symlinks
/// are followed, but one that leads back to a folder already read (a loop,
/// or two links to one folder) is not read again, so branching loops cost
/// nothing.
fn collect_yml(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    problems: &mut Problems,
    visited: &mut HashSet<PathBuf>,
) {
    match std::fs::canonicalize(dir) {
        Ok(real) if !visited.insert(real.clone()) => {
            problems.notices.push(Notice {
                path: dir.display().to_string(),
                message: format!(
                    "leads to {}, already read (a symlink loop?); not read again",
                    real.display()
                ),
            });
            return;
        }
        _ => {}
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.failures.push(Notice {
                path: dir.display().to_string(),
                message: format!("cannot read style folder: {e}"),
            });
            return;
        }
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    // The same order every time, so the folder read first (and the one
    // called a repeat) does not depend on the file system.
    entries.sort();
    for path in entries {
        // `metadata` follows symlinks.
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => collect_yml(&path, out, problems, visited),
            Ok(m) if m.is_file() && path.extension().is_some_and(|e| e == "yml") => out.push(path),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_business_style_loads_cleanly() {
        let style = load_embedded(crate::config::DEFAULT_STYLE);
        assert!(
            style.problems.errors.is_empty(),
            "{:?}",
            style.problems.errors
        );
        assert!(style.files.len() >= 4);
        assert!(style.files.iter().all(|r| r.style == "Business"));
    }

    #[test]
    fn an_escaped_single_quote_reads_as_in_vale() {
        let source = RuleSource {
            path: "T/R.yml".into(),
            text: Arc::from("extends: existence\nmessage: \"you\\'re '%s'\"\ntokens: [a]\n"),
        };
        let file = read_yaml("T", "R", Origin::Generated, source).unwrap();
        assert_eq!(
            file.fields().text("message").unwrap().as_deref(),
            Some("you're '%s'")
        );
    }
}
