//! Reading INI files into a [`Config`]: every key Vale knows, in Vale's
//! precedence, with an error or a notice pointing at its line for every
//! value that cannot be used.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use globset::Glob;

use super::format::{Format, MarkupOptions, CODE_EXTENSIONS};
use super::ini::{Entry, Ini};
use super::{Config, FailLevel, SectionConfig, StyleRef, Toggle};
use crate::diagnostic::Severity;
use crate::error::{Notice, Problems};

impl Config {
    /// Reads config files in order of rising precedence (the global one
    /// first). As in Vale, list keys (`BasedOnStyles`, `Vocab`, the scope
    /// and ignore lists) add up over all files and a section of the same
    /// name in two files is one section; of any other key set in two
    /// files, the later file's value is used, as Vale's documentation says
    /// (a local file overrides the global one).
    pub(super) fn from_sources(files: Vec<(PathBuf, Ini)>) -> Result<Config, Problems> {
        let mut reader = Reader::new(files.last().map(|(p, _)| p.clone()));
        for (source, (path, ini)) in files.into_iter().enumerate() {
            reader.read_file(source, &path, ini);
        }
        reader.finish()
    }
}

/// A config being read from its files, in order.
struct Reader {
    config: Config,
    /// Every section so far, by name: one section of the same name in two
    /// files is one section.
    sections: Vec<SectionConfig>,
    /// Whether `IgnoredScopes` and `SkippedScopes` were set (the first
    /// value replaces Vale's defaults, later ones add to it).
    scopes_set: (bool, bool),
    problems: Problems,
}

/// Where one entry is read: its file and the merged section it is in.
struct At<'a> {
    /// Index of the file among the sources.
    source: usize,
    ini: &'a Ini,
    entry: &'a Entry,
    section: Option<usize>,
}

impl Reader {
    fn new(path: Option<PathBuf>) -> Reader {
        Reader {
            config: Config {
                path,
                sources: Vec::new(),
                styles_paths: Vec::new(),
                min_level: Severity::Suggestion,
                fail_level: None,
                vocab: Vec::new(),
                word_template: None,
                global: None,
                sections: Vec::new(),
                levels: HashMap::new(),
                style_refs: Vec::new(),
                notices: Vec::new(),
                ignored_scopes: Vec::new(),
                markup: MarkupOptions::default(),
                formats: HashMap::new(),
            },
            sections: Vec::new(),
            scopes_set: (false, false),
            problems: Problems::default(),
        }
    }

    fn read_file(&mut self, source: usize, path: &Path, ini: Ini) {
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let merged = self.merge_sections(&ini);
        self.problems.notices.extend(duplicate_keys(&ini));
        let mut styles_paths = Vec::new();
        let mut unsupported_seen: Vec<String> = Vec::new();
        for entry in &ini.entries {
            let at = At {
                source,
                ini: &ini,
                entry,
                section: entry.section.map(|s| merged[s]),
            };
            if at.section.is_none() && entry.key == "StylesPath" {
                styles_paths.push(self.styles_path(&at, &base));
            } else if !self.core_key(&at)
                && !self.section_key(&at)
                && !unsupported_seen.contains(&entry.key)
            {
                unsupported_seen.push(entry.key.clone());
                self.unknown_key(&at);
            }
        }
        // A later file's folders are searched first.
        self.config.styles_paths.splice(0..0, styles_paths);
        self.config.sources.push(ini);
    }

    /// This file's sections merged into those of the files before it: for
    /// each of its sections, the merged one's index.
    fn merge_sections(&mut self, ini: &Ini) -> Vec<usize> {
        let mut merged = Vec::new();
        for s in &ini.sections {
            if let Some(i) = self.sections.iter().position(|m| m.pattern == s.name) {
                merged.push(i);
                continue;
            }
            merged.push(self.sections.len());
            let (negated, pattern) = match s.name.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, s.name.as_str()),
            };
            let matcher = match Glob::new(pattern) {
                Ok(g) => g.compile_matcher(),
                Err(e) => {
                    self.problems
                        .errors
                        .push(ini.error(s.range.clone(), format!("invalid glob: {}", e.kind())));
                    Glob::new("").expect("empty glob").compile_matcher()
                }
            };
            self.sections.push(SectionConfig {
                pattern: s.name.clone(),
                matcher,
                negated,
                based_on_styles: None,
                toggles: Vec::new(),
                block_ignores: Vec::new(),
                token_ignores: Vec::new(),
                comment_delimiters: None,
            });
        }
        merged
    }

    fn error(&mut self, at: &At, message: impl Into<String>) {
        self.problems
            .errors
            .push(at.ini.error(at.entry.range.clone(), message));
    }

    /// A notice naming the entry's line.
    fn notice(&mut self, at: &At, message: String) {
        let line = at.ini.error(at.entry.range.clone(), "").line();
        self.problems.notices.push(Notice {
            path: format!("{}:{line}", at.ini.path),
            message,
        });
    }

    /// `StylesPath`: relative to the file's folder, `~` expanded.
    fn styles_path(&mut self, at: &At, base: &Path) -> PathBuf {
        let expanded = expand_home(&at.entry.value);
        let p = if expanded.is_absolute() {
            expanded
        } else {
            base.join(expanded)
        };
        if !p.is_dir() {
            self.error(at, format!("StylesPath '{}' is not a folder", p.display()));
        }
        p
    }

    /// A key before any section; whether it was one.
    fn core_key(&mut self, at: &At) -> bool {
        if at.section.is_some() {
            return false;
        }
        let value = at.entry.value.as_str();
        match at.entry.key.as_str() {
            "MinAlertLevel" => match value.parse() {
                Ok(level) => self.config.min_level = level,
                Err(e) => self.error(at, format!("{e}")),
            },
            "FailLevel" => match value.parse::<FailLevel>() {
                Ok(level) => self.config.fail_level = Some(level),
                Err(e) => self.error(at, e.to_string()),
            },
            // Setting these replaces Vale's defaults; every later value
            // adds to them, as classes always do.
            "IgnoredScopes" => {
                if !std::mem::replace(&mut self.scopes_set.0, true) {
                    self.config.ignored_scopes.clear();
                }
                union(&mut self.config.ignored_scopes, list(value));
                self.config.markup.ignored = self.config.ignored_scopes.clone();
            }
            "SkippedScopes" => {
                if !std::mem::replace(&mut self.scopes_set.1, true) {
                    self.config.markup.skipped.clear();
                }
                union(&mut self.config.markup.skipped, list(value));
            }
            "IgnoredClasses" => union(&mut self.config.markup.classes, list(value)),
            "Vocab" => {
                for name in list(value) {
                    if !self.config.vocab.iter().any(|v| v.name == name) {
                        self.config.vocab.push(StyleRef {
                            name,
                            source: at.source,
                            range: at.entry.range.clone(),
                        });
                    }
                }
            }
            "WordTemplate" => {
                if value.contains("%s") {
                    self.config.word_template = Some(value.to_string());
                } else {
                    self.error(at, "WordTemplate must contain `%s`");
                }
            }
            key @ ("BasedOnStyles" | "BlockIgnores" | "TokenIgnores" | "Transform" | "Lang"
            | "View" | "CommentDelimiters") => self.error(
                at,
                format!(
                    "`{key}` is a section option: put it under a `[glob]` section such as `[*]`"
                ),
            ),
            _ => return false,
        }
        true
    }

    /// A key in a section; whether it was one.
    fn section_key(&mut self, at: &At) -> bool {
        let Some(s) = at.section else {
            return false;
        };
        let (key, value) = (at.entry.key.as_str(), at.entry.value.as_str());
        if self.sections[s].pattern == "formats" {
            self.format(at, key, value);
            return true;
        }
        match key {
            "StylesPath" | "MinAlertLevel" | "Vocab" | "WordTemplate" | "FailLevel"
            | "IgnoredScopes" | "SkippedScopes" | "IgnoredClasses" => self.error(
                at,
                format!("`{key}` is a core option: put it at the top of the file, before any section"),
            ),
            "BasedOnStyles" => {
                let styles: Vec<String> = list(value).collect();
                self.config
                    .style_refs
                    .extend(styles.iter().map(|name| StyleRef {
                        name: name.clone(),
                        source: at.source,
                        range: at.entry.range.clone(),
                    }));
                union(
                    self.sections[s].based_on_styles.get_or_insert_with(Vec::new),
                    styles,
                );
            }
            "BlockIgnores" | "IgnorePatterns" => {
                union(&mut self.sections[s].block_ignores, list(value));
            }
            "TokenIgnores" => union(&mut self.sections[s].token_ignores, list(value)),
            // Vale lints data files (JSON, YAML, TOML) and code through a
            // view, `<StylesPath>/config/views/<Name>.yml` (dasel
            // selectors or tree-sitter queries; vale-reference §2.9).
            // Ignoring the key would lint other text than the user asked
            // for, without a word.
            "View" => self.error(
                at,
                format!(
                    "`View = {value}`: Vale's views (linting selected values of JSON, YAML and TOML files, or a tree-sitter query over code) are not supported; remove the key or lint these files without it"
                ),
            ),
            "CommentDelimiters" => match value.split_once(',') {
                Some((open, close)) if !open.trim().is_empty() && !close.trim().is_empty() => {
                    self.sections[s].comment_delimiters =
                        Some((open.trim().to_string(), close.trim().to_string()));
                }
                _ => self.error(
                    at,
                    "CommentDelimiters takes two values, the opening and the closing marker (`{/*, */}`)",
                ),
            },
            key if key.contains('.') || is_style_toggle(key, value) => {
                let toggle = match value.to_ascii_lowercase().as_str() {
                    "yes" | "on" | "true" => Toggle::On,
                    "no" | "off" | "false" => Toggle::Off,
                    other => match other.parse::<Severity>() {
                        Ok(level) => {
                            self.config.levels.insert(key.to_string(), level);
                            Toggle::On
                        }
                        // Vale disables a rule on any other value.
                        Err(_) => {
                            self.notice(
                                at,
                                format!("`{key} = {value}`: not YES, NO or a level (suggestion, warning, error); Vale turns the rule off for any other value, and so does parlance"),
                            );
                            Toggle::Off
                        }
                    },
                };
                self.sections[s].toggles.push((key.to_string(), toggle));
            }
            _ => return false,
        }
        true
    }

    /// An entry of `[formats]`: files of one extension read as another.
    fn format(&mut self, at: &At, key: &str, value: &str) {
        let (from, to) = (key.trim_start_matches('.'), value.trim_start_matches('.'));
        let code = CODE_EXTENSIONS
            .iter()
            .any(|(e, _)| e.eq_ignore_ascii_case(from));
        if code && !matches!(Format::from_extension(to), Format::Code(_) | Format::Text) {
            self.notice(
                at,
                format!("`{from} = {to}`: reading code comments as markup is not supported yet; ignored"),
            );
        } else {
            self.config
                .formats
                .insert(from.to_ascii_lowercase(), to.to_ascii_lowercase());
        }
    }

    /// A key parlance does not read, said once per file (with the known key
    /// it is closest to).
    fn unknown_key(&mut self, at: &At) {
        let key = at.entry.key.as_str();
        let known = ["Packages", "NLPEndpoint", "Transform", "Lang"];
        let what = if key == "Packages" {
            "is read only by `vale sync`, which parlance does not do: install the packages into StylesPath with `vale sync` or by hand; ignored"
        } else if known.contains(&key) {
            "is not supported yet; ignored"
        } else {
            "is not a known option; ignored"
        };
        let hint = match crate::error::closest(key, KNOWN_KEYS.iter().copied()) {
            Some(near) if !known.contains(&key) => format!("; did you mean `{near}`?"),
            _ => String::new(),
        };
        self.notice(at, format!("`{key}` {what}{hint}"));
    }

    fn finish(mut self) -> Result<Config, Problems> {
        for s in self.sections {
            if s.pattern == "*" {
                self.config.global = Some(s);
            } else if !["formats", "asciidoctor", "DEFAULT"].contains(&s.pattern.as_str()) {
                self.config.sections.push(s);
            }
        }
        if self.problems.is_failure() {
            return Err(self.problems);
        }
        // Notices ride along with a usable config.
        self.config.notices = self.problems.notices;
        Ok(self.config)
    }
}

/// Whether a dotless key in a section toggles a whole style (`Style = NO`).
fn is_style_toggle(key: &str, value: &str) -> bool {
    key.chars().next().is_some_and(char::is_alphabetic)
        && matches!(
            value.to_ascii_lowercase().as_str(),
            "yes" | "no" | "on" | "off"
        )
}

fn list(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Adds the values of `more` that `list` lacks, keeping the order.
fn union(list: &mut Vec<String>, more: impl IntoIterator<Item = String>) {
    for value in more {
        if !list.contains(&value) {
            list.push(value);
        }
    }
}

fn expand_home(value: &str) -> PathBuf {
    match (value.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(value),
    }
}

/// Keys whose values add up when given twice (every one is used).
const ADDITIVE_KEYS: &[&str] = &[
    "StylesPath",
    "Vocab",
    "BasedOnStyles",
    "BlockIgnores",
    "IgnorePatterns",
    "TokenIgnores",
    "IgnoredScopes",
    "SkippedScopes",
    "IgnoredClasses",
];

/// A key set twice in one section (or in two sections of the same name):
/// the later value wins, as in Vale, and the earlier one would be lost
/// without a word.
fn duplicate_keys(ini: &Ini) -> Vec<Notice> {
    let mut first_line: HashMap<(Option<&str>, &str), usize> = HashMap::new();
    let mut notices = Vec::new();
    for entry in &ini.entries {
        if ADDITIVE_KEYS.contains(&entry.key.as_str()) {
            continue;
        }
        let section = entry.section.map(|s| ini.sections[s].name.as_str());
        let line = ini.error(entry.range.clone(), "").line();
        if let Some(first) = first_line.insert((section, entry.key.as_str()), line) {
            notices.push(Notice {
                path: format!("{}:{line}", ini.path),
                message: format!(
                    "`{}` is set again (first on line {first}); this later value is used",
                    entry.key
                ),
            });
        }
    }
    notices
}

/// The keys of a `.vale.ini`, core and section ones, for "did you mean".
const KNOWN_KEYS: &[&str] = &[
    "StylesPath",
    "MinAlertLevel",
    "FailLevel",
    "Vocab",
    "Packages",
    "IgnoredScopes",
    "SkippedScopes",
    "IgnoredClasses",
    "WordTemplate",
    "NLPEndpoint",
    "BasedOnStyles",
    "BlockIgnores",
    "TokenIgnores",
    "CommentDelimiters",
    "Transform",
    "Lang",
    "View",
];
