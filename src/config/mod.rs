//! The config stage: finds and reads the configuration (Vale's INI format),
//! and decides which rules apply to which file.

pub mod ini;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};

use crate::diagnostic::Severity;
use crate::document::{Format, MarkupOptions, CODE_EXTENSIONS};
use crate::error::{Notice, Problems};
use crate::styles::DEFAULT_STYLE;
use ini::Ini;

/// Config file names, searched in each folder from the working directory up.
pub const CONFIG_NAMES: &[&str] = &[
    ".parlance.ini",
    "parlance.ini",
    ".vale.ini",
    "_vale.ini",
    "vale.ini",
    ".vale",
    "_vale",
];

/// What `parlance init` writes: the built-in style made explicit, with
/// the common knobs commented.
pub const STARTER: &str = "\
# parlance configuration, in Vale's INI format (see the README).
# StylesPath = styles        # a folder of your own styles, relative to this file
MinAlertLevel = suggestion   # hide findings below this level
# FailLevel = warning        # exit 1 on warnings too (default: errors only)
# Vocab = Company            # <StylesPath>/config/vocabularies/Company/{accept,reject}.txt

[*.{md,markdown,txt,html,htm,org}]
BasedOnStyles = Business
# Business.Passive = NO      # turn a rule off
# Business.Jargon = warning  # or change its level
";

/// A rule toggle: `Style.Rule = YES|NO|suggestion|warning|error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toggle {
    On,
    Off,
}

/// A `[glob]` section.
#[derive(Debug, Clone)]
pub struct SectionConfig {
    pub pattern: String,
    matcher: GlobMatcher,
    negated: bool,
    pub based_on_styles: Option<Vec<String>>,
    /// `Style.Rule` (or `Style`) → on/off, in file order.
    pub toggles: Vec<(String, Toggle)>,
    /// `BlockIgnores` (and its old name `IgnorePatterns`) and
    /// `TokenIgnores`: regexes whose matches (group 1 when there is one)
    /// are not prose.
    pub ignores: Vec<String>,
}

impl SectionConfig {
    pub fn matches(&self, path: &str) -> bool {
        self.matcher.is_match(path) != self.negated
    }
}

/// Where a `BasedOnStyles` value came from, to point at it in errors.
#[derive(Debug, Clone)]
pub struct StyleRef {
    pub name: String,
    pub range: std::ops::Range<usize>,
}

/// The configuration in effect.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file read, or `None` for the built-in default.
    pub path: Option<PathBuf>,
    pub ini: Option<Ini>,
    pub styles_paths: Vec<PathBuf>,
    pub min_level: Severity,
    pub fail_level: Option<FailLevel>,
    /// Vocabulary names (`Vocab = A, B`) with their INI position.
    pub vocab: Vec<StyleRef>,
    pub word_template: Option<String>,
    /// `[*]`: applies to every file.
    pub global: Option<SectionConfig>,
    pub sections: Vec<SectionConfig>,
    /// `Style.Rule = level` anywhere: the level, for every file (as in Vale).
    pub levels: HashMap<String, Severity>,
    /// Every style named in `BasedOnStyles` with where it was named.
    pub style_refs: Vec<StyleRef>,
    /// Options read but ignored, for the user to see.
    pub notices: Vec<Notice>,
    /// `IgnoredScopes`: inline tags whose text is not prose. Code spans
    /// never are; `strong`/`b` and `em`/`i` are honoured in Markdown.
    pub ignored_scopes: Vec<String>,
    /// How HTML and Org are read: `SkippedScopes`, `IgnoredScopes` and
    /// `IgnoredClasses` over Vale's defaults.
    pub markup: MarkupOptions,
    /// `[formats]`: an extension (no dot) read as another's format.
    pub formats: HashMap<String, String>,
}

/// The level at which findings fail the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailLevel {
    At(Severity),
    Never,
}

impl std::str::FromStr for FailLevel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s.trim().eq_ignore_ascii_case("none") {
            Ok(FailLevel::Never)
        } else {
            s.parse::<Severity>().map(FailLevel::At).map_err(|_| {
                format!("'{s}' is not a fail level: use suggestion, warning, error or none")
            })
        }
    }
}

/// Which rules run on one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRules {
    /// Styles all of whose rules run, unless toggled off.
    pub styles: Vec<String>,
    /// Explicit toggles, most specific first (section before `[*]`).
    pub toggles: Vec<(String, Toggle)>,
}

impl FileRules {
    /// Whether rule `id` (`Style.Rule`) of style `style` runs.
    pub fn enables(&self, id: &str, style: &str) -> bool {
        for (name, toggle) in &self.toggles {
            if name == id || name == style {
                return *toggle == Toggle::On;
            }
        }
        self.styles.iter().any(|s| s == style)
    }
}

impl Config {
    /// The configuration used when there is none: the embedded Business
    /// style on every file.
    pub fn builtin() -> Config {
        Config {
            path: None,
            ini: None,
            styles_paths: Vec::new(),
            min_level: Severity::Suggestion,
            fail_level: None,
            vocab: Vec::new(),
            word_template: None,
            global: Some(SectionConfig {
                pattern: "*".into(),
                matcher: Glob::new("*").expect("valid glob").compile_matcher(),
                negated: false,
                based_on_styles: Some(vec![DEFAULT_STYLE.to_string()]),
                toggles: Vec::new(),
                ignores: Vec::new(),
            }),
            sections: Vec::new(),
            levels: HashMap::new(),
            style_refs: vec![StyleRef {
                name: DEFAULT_STYLE.into(),
                range: 0..0,
            }],
            notices: Vec::new(),
            ignored_scopes: Vec::new(),
            markup: MarkupOptions::default(),
            formats: HashMap::new(),
        }
    }

    /// Finds the config for `cwd`: `explicit` if given, else the first
    /// config file from `cwd` upward, else the home folder's, else built in.
    pub fn discover(cwd: &Path, explicit: Option<&Path>) -> Result<Config, Problems> {
        if let Some(path) = explicit {
            return Config::load(path);
        }
        if let Some(path) = find_config(cwd) {
            return Config::load(&path);
        }
        Ok(Config::builtin())
    }

    /// Reads one config file.
    pub fn load(path: &Path) -> Result<Config, Problems> {
        let text = std::fs::read_to_string(path).map_err(|e| Problems {
            failures: vec![Notice {
                path: path.display().to_string(),
                message: format!("cannot read config file: {e}"),
            }],
            ..Problems::default()
        })?;
        Config::from_text(path, &text)
    }

    /// A config from the text of the file at `path` (relative paths in it
    /// are taken from `path`'s folder).
    pub fn from_text(path: &Path, text: &str) -> Result<Config, Problems> {
        let ini = Ini::parse(&path.display().to_string(), text).map_err(|e| Problems {
            errors: vec![e],
            ..Problems::default()
        })?;
        Config::from_ini(path, ini)
    }

    fn from_ini(path: &Path, ini: Ini) -> Result<Config, Problems> {
        let mut problems = Problems::default();
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut config = Config {
            path: Some(path.to_path_buf()),
            ini: None,
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
        };
        let mut sections: Vec<SectionConfig> = Vec::new();
        for s in &ini.sections {
            let (negated, pattern) = match s.name.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, s.name.as_str()),
            };
            match Glob::new(pattern) {
                Ok(g) => sections.push(SectionConfig {
                    pattern: s.name.clone(),
                    matcher: g.compile_matcher(),
                    negated,
                    based_on_styles: None,
                    toggles: Vec::new(),
                    ignores: Vec::new(),
                }),
                Err(e) => {
                    problems
                        .errors
                        .push(ini.error(s.range.clone(), format!("invalid glob: {}", e.kind())));
                    sections.push(SectionConfig {
                        pattern: s.name.clone(),
                        matcher: Glob::new("").expect("empty glob").compile_matcher(),
                        negated: true,
                        based_on_styles: None,
                        toggles: Vec::new(),
                        ignores: Vec::new(),
                    })
                }
            }
        }
        problems.notices.extend(duplicate_keys(&ini));
        let mut unsupported_seen = Vec::new();
        for entry in &ini.entries {
            let value = entry.value.as_str();
            match (entry.section, entry.key.as_str()) {
                (None, "StylesPath") => {
                    let expanded = expand_home(value);
                    let p = if expanded.is_absolute() {
                        expanded
                    } else {
                        base.join(expanded)
                    };
                    if !p.is_dir() {
                        problems.errors.push(ini.error(
                            entry.range.clone(),
                            format!("StylesPath '{}' is not a folder", p.display()),
                        ));
                    }
                    config.styles_paths.push(p);
                }
                (None, "MinAlertLevel") => match value.parse() {
                    Ok(level) => config.min_level = level,
                    Err(e) => problems.errors.push(ini.error(entry.range.clone(), e)),
                },
                (None, "FailLevel") => match value.parse() {
                    Ok(level) => config.fail_level = Some(level),
                    Err(e) => problems.errors.push(ini.error(entry.range.clone(), e)),
                },
                // Setting these replaces Vale's defaults; classes add to them.
                (None, "IgnoredScopes") => {
                    config.ignored_scopes = list(value).collect();
                    config.markup.ignored = config.ignored_scopes.clone();
                }
                (None, "SkippedScopes") => config.markup.skipped = list(value).collect(),
                (None, "IgnoredClasses") => config.markup.classes.extend(list(value)),
                (Some(s), key) if sections[s].pattern == "formats" => {
                    let (from, to) = (key.trim_start_matches('.'), value.trim_start_matches('.'));
                    if CODE_EXTENSIONS
                        .iter()
                        .any(|(e, _)| e.eq_ignore_ascii_case(from))
                        && !matches!(Format::from_extension(to), Format::Code(_) | Format::Text)
                    {
                        problems.notices.push(Notice {
                            path: format!(
                                "{}:{}",
                                ini.path,
                                ini.error(entry.range.clone(), "").line()
                            ),
                            message: format!(
                                "`{from} = {to}`: reading code comments as markup is not supported yet; ignored"
                            ),
                        });
                    } else {
                        config
                            .formats
                            .insert(from.to_ascii_lowercase(), to.to_ascii_lowercase());
                    }
                }
                (None, "Vocab") => config.vocab.extend(list(value).map(|name| StyleRef {
                    name,
                    range: entry.range.clone(),
                })),
                (None, "WordTemplate") => {
                    if value.contains("%s") {
                        config.word_template = Some(value.to_string());
                    } else {
                        problems
                            .errors
                            .push(ini.error(entry.range.clone(), "WordTemplate must contain `%s`"));
                    }
                }
                (
                    None,
                    key @ ("BasedOnStyles" | "BlockIgnores" | "TokenIgnores" | "Transform" | "Lang"
                    | "View" | "CommentDelimiters"),
                ) => {
                    problems.errors.push(ini.error(
                        entry.range.clone(),
                        format!("`{key}` is a section option: put it under a `[glob]` section such as `[*]`"),
                    ));
                }
                (
                    Some(_),
                    key @ ("StylesPath" | "MinAlertLevel" | "Vocab" | "WordTemplate" | "FailLevel"
                    | "IgnoredScopes" | "SkippedScopes" | "IgnoredClasses"),
                ) => {
                    problems.errors.push(ini.error(
                        entry.range.clone(),
                        format!("`{key}` is a core option: put it at the top of the file, before any section"),
                    ));
                }
                (Some(s), "BasedOnStyles") => {
                    let styles: Vec<String> = list(value).collect();
                    config.style_refs.extend(styles.iter().map(|name| StyleRef {
                        name: name.clone(),
                        range: entry.range.clone(),
                    }));
                    sections[s].based_on_styles = Some(styles);
                }
                (Some(s), "BlockIgnores" | "IgnorePatterns" | "TokenIgnores") => {
                    sections[s].ignores.extend(list(value));
                }
                (Some(s), key) if key.contains('.') || is_style_toggle(key, value) => {
                    let toggle = match value.to_ascii_lowercase().as_str() {
                        "yes" | "on" | "true" => Toggle::On,
                        "no" | "off" | "false" => Toggle::Off,
                        other => match other.parse::<Severity>() {
                            Ok(level) => {
                                config.levels.insert(key.to_string(), level);
                                Toggle::On
                            }
                            // Vale disables a rule on any other value.
                            Err(_) => Toggle::Off,
                        },
                    };
                    sections[s].toggles.push((key.to_string(), toggle));
                }
                (_, key) => {
                    if !unsupported_seen.contains(&key.to_string()) {
                        unsupported_seen.push(key.to_string());
                        let known = [
                            "Packages",
                            "NLPEndpoint",
                            "Transform",
                            "Lang",
                            "View",
                            "CommentDelimiters",
                        ];
                        let what = if known.contains(&key) {
                            "is not supported yet; ignored"
                        } else {
                            "is not a known option; ignored"
                        };
                        problems.notices.push(Notice {
                            path: format!(
                                "{}:{}",
                                ini.path,
                                ini.error(entry.range.clone(), "").line()
                            ),
                            message: format!("`{key}` {what}"),
                        });
                    }
                }
            }
        }
        for s in sections {
            if s.pattern == "*" {
                config.global = Some(s);
            } else if !["formats", "asciidoctor", "DEFAULT"].contains(&s.pattern.as_str()) {
                config.sections.push(s);
            }
        }
        config.ini = Some(ini);
        if problems.is_failure() {
            return Err(problems);
        }
        // Notices ride along with a usable config.
        config.notices = problems.notices;
        Ok(config)
    }

    /// Which rules apply to `path` (as given or walked, `/`-separated), or
    /// `None` when no section applies and the file is not linted.
    /// The `BlockIgnores` and `TokenIgnores` patterns for `path`: `[*]`'s and
    /// every matching section's.
    pub fn ignores_for(&self, path: &str) -> Vec<&str> {
        let path = path.strip_prefix("./").unwrap_or(path);
        self.global
            .iter()
            .chain(self.sections.iter().filter(|s| s.matches(path)))
            .flat_map(|s| s.ignores.iter().map(String::as_str))
            .collect()
    }

    /// The format of files with extension `ext` (lower case, no dot),
    /// after `[formats]`.
    pub fn format_for(&self, ext: &str) -> Format {
        Format::from_extension(self.formats.get(ext).map_or(ext, String::as_str))
    }

    pub fn file_rules(&self, path: &str) -> Option<FileRules> {
        let path = path.strip_prefix("./").unwrap_or(path);
        let matching: Vec<&SectionConfig> =
            self.sections.iter().filter(|s| s.matches(path)).collect();
        if matching.is_empty() && self.global.is_none() {
            return None;
        }
        // The last matching section with BasedOnStyles replaces [*]'s.
        let styles = matching
            .iter()
            .rev()
            .find_map(|s| s.based_on_styles.clone())
            .or_else(|| self.global.as_ref().and_then(|g| g.based_on_styles.clone()))
            .unwrap_or_default();
        let mut toggles: Vec<(String, Toggle)> = Vec::new();
        for s in matching.iter().rev() {
            toggles.extend(s.toggles.iter().rev().cloned());
        }
        if let Some(g) = &self.global {
            toggles.extend(g.toggles.iter().rev().cloned());
        }
        Some(FileRules { styles, toggles })
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
    "BlockIgnores",
    "IgnorePatterns",
    "TokenIgnores",
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

/// The first config file from `start` upward, then in the home folder.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    let in_dir = |dir: &Path| {
        CONFIG_NAMES
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.is_file())
    };
    start
        .ancestors()
        .find_map(in_dir)
        .or_else(|| std::env::var_os("HOME").and_then(|h| in_dir(Path::new(&h))))
}
