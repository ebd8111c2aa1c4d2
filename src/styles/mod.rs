//! The styles stage: finds rule files (on disk or embedded) and loads them
//! into validated [`RuleDef`]s, turning every problem into an error that
//! points into the YAML.

mod definition;
pub mod filter;
pub mod vale;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use definition::{
    parse_rule, Action, CaseStyle, ContextDef, ContextSpan, Examples, GradeMetric, Origin, Parsed,
    RuleDef, RuleKind, RuleSource, SpellingDef, TitleStyle,
};

use crate::error::{Notice, Problems};

/// Rule files built into the binary: (style, rule, YAML).
pub const EMBEDDED: &[(&str, &str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// The rules of one style and what went wrong loading them.
#[derive(Debug, Default)]
pub struct LoadedStyle {
    pub rules: Vec<RuleDef>,
    pub problems: Problems,
}

impl LoadedStyle {
    fn add(&mut self, style: &str, name: &str, origin: Origin, path: String, text: Arc<str>) {
        let source = RuleSource {
            path: path.clone(),
            text,
        };
        match parse_rule(style, name, origin, source) {
            Ok(Parsed::Rule(rule)) => self.rules.push(*rule),
            Ok(Parsed::Unsupported { extends }) => self.problems.notices.push(Notice {
                path,
                message: format!(
                    "rule {style}.{name} skipped: `extends: {extends}` rules are not supported yet"
                ),
            }),
            Err(e) => self.problems.errors.push(e),
        }
    }

    fn add_file(&mut self, style: &str, name: &str, file: &Path) {
        let path = file.display().to_string();
        match std::fs::read(file) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                self.add(
                    style,
                    name,
                    Origin::File(file.to_path_buf()),
                    path,
                    Arc::from(text.as_ref()),
                );
            }
            Err(e) => self.problems.failures.push(Notice {
                path,
                message: format!("cannot read rule file: {e}"),
            }),
        }
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
        loaded.add(
            s,
            name,
            Origin::Embedded(path.clone()),
            path,
            Arc::from(*text),
        );
    }
    loaded
}

/// Loads every `*.yml` below `dir` (following symlinks, as Vale does); a
/// rule is named after its parent folder and file name.
pub fn load_dir(dir: &Path) -> LoadedStyle {
    let mut loaded = LoadedStyle::default();
    let mut files = Vec::new();
    collect_yml(dir, &mut files, &mut loaded.problems, 0);
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

/// Symlink loops are cut off by depth rather than by tracking inodes.
const MAX_STYLE_DEPTH: usize = 16;

fn collect_yml(dir: &Path, out: &mut Vec<PathBuf>, problems: &mut Problems, depth: usize) {
    if depth > MAX_STYLE_DEPTH {
        problems.notices.push(Notice {
            path: dir.display().to_string(),
            message: "style folder nested too deeply (a symlink loop?); not followed further"
                .into(),
        });
        return;
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
    for entry in entries.flatten() {
        let path = entry.path();
        // `metadata` follows symlinks.
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => collect_yml(&path, out, problems, depth + 1),
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
        assert!(style.rules.len() >= 4);
        assert!(style.rules.iter().all(|r| r.id.starts_with("Business.")));
    }
}
