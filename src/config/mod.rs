//! The config stage: finds and reads the configuration (Vale's INI format),
//! and decides which rules apply to which file.

pub mod format;
pub mod ini;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};

use crate::diagnostic::Severity;
use crate::error::{Notice, Problems, SourceError};
use format::{Format, MarkupOptions, CODE_EXTENSIONS};
use ini::Ini;

/// Config file names, searched in each folder from the working directory
/// up: parlance's own, then Vale's in the order Vale tries them.
/// The style parlance runs when there is no configuration (embedded in
/// the binary).
pub const DEFAULT_STYLE: &str = "Business";

pub const CONFIG_NAMES: &[&str] = &[
    ".parlance.ini",
    "parlance.ini",
    ".vale",
    "_vale",
    "vale.ini",
    ".vale.ini",
    "_vale.ini",
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
    pub block_ignores: Vec<String>,
    pub token_ignores: Vec<String>,
    /// `CommentDelimiters = {/*, */}`: comment markers read as `<!--`, `-->`.
    pub comment_delimiters: Option<(String, String)>,
}

impl SectionConfig {
    pub fn ignores(&self) -> impl Iterator<Item = &String> {
        self.block_ignores.iter().chain(&self.token_ignores)
    }

    pub fn matches(&self, path: &str) -> bool {
        self.matcher.is_match(path) != self.negated
    }
}

/// Where a `BasedOnStyles` or `Vocab` value came from, to point at it in
/// errors.
#[derive(Debug, Clone)]
pub struct StyleRef {
    pub name: String,
    /// Which of [`Config::sources`] names it.
    pub source: usize,
    pub range: std::ops::Range<usize>,
}

/// The configuration in effect.
#[derive(Debug, Clone)]
pub struct Config {
    /// The config file in charge (the local one, else the global one), or
    /// `None` for the built-in default.
    pub path: Option<PathBuf>,
    /// Every config file read, the global one first.
    pub sources: Vec<Ini>,
    /// Where styles are looked for, first match wins: the local file's
    /// `StylesPath`, then the global file's, then Vale's default folder.
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
            sources: Vec::new(),
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
                block_ignores: Vec::new(),
                token_ignores: Vec::new(),
                comment_delimiters: None,
            }),
            sections: Vec::new(),
            levels: HashMap::new(),
            style_refs: vec![StyleRef {
                name: DEFAULT_STYLE.into(),
                source: 0,
                range: 0..0,
            }],
            notices: Vec::new(),
            ignored_scopes: Vec::new(),
            markup: MarkupOptions::default(),
            formats: HashMap::new(),
        }
    }

    /// Finds the config for `cwd`, as Vale does: `explicit` if given, else
    /// `$VALE_CONFIG_PATH`, else the first config file from `cwd` upward,
    /// else the home folder's. With `global`, the global config
    /// ([`global_config`]) is read under it and Vale's default styles
    /// folder is searched last. With neither file, the built-in default.
    pub fn discover(cwd: &Path, explicit: Option<&Path>, global: bool) -> Result<Config, Problems> {
        let local = explicit
            .map(Path::to_path_buf)
            .or_else(|| {
                std::env::var_os("VALE_CONFIG_PATH")
                    .filter(|p| !p.is_empty())
                    .map(PathBuf::from)
            })
            .or_else(|| find_config(cwd));
        if global {
            Config::assemble(
                local.as_deref(),
                global_config().as_deref(),
                global_styles_dir(),
            )
        } else {
            Config::assemble(local.as_deref(), None, None)
        }
    }

    /// The config made of a local and a global file, either of which may be
    /// missing. `default_styles` (Vale's default StylesPath) is searched
    /// last when given and a folder.
    pub fn assemble(
        local: Option<&Path>,
        global: Option<&Path>,
        default_styles: Option<PathBuf>,
    ) -> Result<Config, Problems> {
        // The global file named again as the local one is read once.
        let global = global.filter(|g| local.is_none_or(|l| !same_file(g, l)));
        let files: Vec<&Path> = global.into_iter().chain(local).collect();
        if files.is_empty() {
            return Ok(Config::builtin());
        }
        let mut sources = Vec::new();
        let mut problems = Problems::default();
        for path in files {
            match read_ini(path) {
                Ok(ini) => sources.push((path.to_path_buf(), ini)),
                Err(p) => problems.extend(p),
            }
        }
        if problems.is_failure() {
            return Err(problems);
        }
        let mut config = Config::from_sources(sources)?;
        if let Some(dir) = default_styles.filter(|d| d.is_dir()) {
            if !config.styles_paths.contains(&dir) {
                config.styles_paths.push(dir);
            }
        }
        Ok(config)
    }

    /// Reads one config file, alone.
    pub fn load(path: &Path) -> Result<Config, Problems> {
        Config::from_sources(vec![(path.to_path_buf(), read_ini(path)?)])
    }

    /// A config from the text of the file at `path` (relative paths in it
    /// are taken from `path`'s folder).
    pub fn from_text(path: &Path, text: &str) -> Result<Config, Problems> {
        let ini = Ini::parse(&path.display().to_string(), text).map_err(|e| Problems {
            errors: vec![e],
            ..Problems::default()
        })?;
        Config::from_sources(vec![(path.to_path_buf(), ini)])
    }

    /// Reads config files in order of rising precedence (the global one
    /// first). As in Vale, list keys (`BasedOnStyles`, `Vocab`, the scope
    /// and ignore lists) add up over all files and a section of the same
    /// name in two files is one section; of any other key set in two
    /// files, the later file's value is used, as Vale's documentation says
    /// (a local file overrides the global one).
    fn from_sources(files: Vec<(PathBuf, Ini)>) -> Result<Config, Problems> {
        let mut problems = Problems::default();
        let mut config = Config {
            path: files.last().map(|(p, _)| p.clone()),
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
        };
        let mut sections: Vec<SectionConfig> = Vec::new();
        let mut scopes_set = (false, false);
        for (source, (path, ini)) in files.into_iter().enumerate() {
            let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
            let mut styles_paths = Vec::new();
            // This file's section index → the merged section's.
            let mut merged: Vec<usize> = Vec::new();
            for s in &ini.sections {
                if let Some(i) = sections.iter().position(|m| m.pattern == s.name) {
                    merged.push(i);
                    continue;
                }
                merged.push(sections.len());
                let (negated, pattern) = match s.name.strip_prefix('!') {
                    Some(rest) => (true, rest),
                    None => (false, s.name.as_str()),
                };
                let matcher = match Glob::new(pattern) {
                    Ok(g) => g.compile_matcher(),
                    Err(e) => {
                        problems.errors.push(
                            ini.error(s.range.clone(), format!("invalid glob: {}", e.kind())),
                        );
                        Glob::new("").expect("empty glob").compile_matcher()
                    }
                };
                sections.push(SectionConfig {
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
            problems.notices.extend(duplicate_keys(&ini));
            let mut unsupported_seen = Vec::new();
            for entry in &ini.entries {
                let value = entry.value.as_str();
                let section = entry.section.map(|s| merged[s]);
                match (section, entry.key.as_str()) {
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
                        styles_paths.push(p);
                    }
                    (None, "MinAlertLevel") => match value.parse() {
                        Ok(level) => config.min_level = level,
                        Err(e) => problems.errors.push(ini.error(entry.range.clone(), e)),
                    },
                    (None, "FailLevel") => match value.parse() {
                        Ok(level) => config.fail_level = Some(level),
                        Err(e) => problems.errors.push(ini.error(entry.range.clone(), e)),
                    },
                    // Setting these replaces Vale's defaults; every later
                    // value adds to them, as classes always do.
                    (None, "IgnoredScopes") => {
                        if !std::mem::replace(&mut scopes_set.0, true) {
                            config.ignored_scopes.clear();
                        }
                        union(&mut config.ignored_scopes, list(value));
                        config.markup.ignored = config.ignored_scopes.clone();
                    }
                    (None, "SkippedScopes") => {
                        if !std::mem::replace(&mut scopes_set.1, true) {
                            config.markup.skipped.clear();
                        }
                        union(&mut config.markup.skipped, list(value));
                    }
                    (None, "IgnoredClasses") => union(&mut config.markup.classes, list(value)),
                    (Some(s), key) if sections[s].pattern == "formats" => {
                        let (from, to) =
                            (key.trim_start_matches('.'), value.trim_start_matches('.'));
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
                    (None, "Vocab") => {
                        for name in list(value) {
                            if !config.vocab.iter().any(|v| v.name == name) {
                                config.vocab.push(StyleRef {
                                    name,
                                    source,
                                    range: entry.range.clone(),
                                });
                            }
                        }
                    }
                    (None, "WordTemplate") => {
                        if value.contains("%s") {
                            config.word_template = Some(value.to_string());
                        } else {
                            problems.errors.push(
                                ini.error(entry.range.clone(), "WordTemplate must contain `%s`"),
                            );
                        }
                    }
                    (
                        None,
                        key @ ("BasedOnStyles" | "BlockIgnores" | "TokenIgnores" | "Transform"
                        | "Lang" | "View" | "CommentDelimiters"),
                    ) => {
                        problems.errors.push(ini.error(
                            entry.range.clone(),
                            format!("`{key}` is a section option: put it under a `[glob]` section such as `[*]`"),
                        ));
                    }
                    (
                        Some(_),
                        key @ ("StylesPath" | "MinAlertLevel" | "Vocab" | "WordTemplate"
                        | "FailLevel" | "IgnoredScopes" | "SkippedScopes" | "IgnoredClasses"),
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
                            source,
                            range: entry.range.clone(),
                        }));
                        union(
                            sections[s].based_on_styles.get_or_insert_with(Vec::new),
                            styles,
                        );
                    }
                    (Some(s), "BlockIgnores" | "IgnorePatterns") => {
                        union(&mut sections[s].block_ignores, list(value));
                    }
                    (Some(s), "TokenIgnores") => {
                        union(&mut sections[s].token_ignores, list(value));
                    }
                    (Some(s), "CommentDelimiters") => match value.split_once(',') {
                        Some((open, close)) if !open.trim().is_empty() && !close.trim().is_empty() => {
                            sections[s].comment_delimiters =
                                Some((open.trim().to_string(), close.trim().to_string()));
                        }
                        _ => problems.errors.push(ini.error(
                            entry.range.clone(),
                            "CommentDelimiters takes two values, the opening and the closing marker (`{/*, */}`)",
                        )),
                    },
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
                            ];
                            let what = if key == "Packages" {
                                "is read only by `vale sync`, which parlance does not do: install the packages into StylesPath with `vale sync` or by hand; ignored"
                            } else if known.contains(&key) {
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
            // A later file's folders are searched first.
            config.styles_paths.splice(0..0, styles_paths);
            config.sources.push(ini);
        }
        for s in sections {
            if s.pattern == "*" {
                config.global = Some(s);
            } else if !["formats", "asciidoctor", "DEFAULT"].contains(&s.pattern.as_str()) {
                config.sections.push(s);
            }
        }
        if problems.is_failure() {
            return Err(problems);
        }
        // Notices ride along with a usable config.
        config.notices = problems.notices;
        Ok(config)
    }

    /// An error pointing at where `at` was named.
    pub fn error_at(&self, at: &StyleRef, message: impl Into<String>) -> Option<SourceError> {
        self.sources
            .get(at.source)
            .map(|ini| ini.error(at.range.clone(), message))
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
            .flat_map(|s| s.ignores().map(String::as_str))
            .collect()
    }

    /// The `CommentDelimiters` for `path`: the last matching section's.
    pub fn comment_delimiters_for(&self, path: &str) -> Option<(String, String)> {
        let path = path.strip_prefix("./").unwrap_or(path);
        self.global
            .iter()
            .chain(self.sections.iter().filter(|s| s.matches(path)))
            .rev()
            .find_map(|s| s.comment_delimiters.clone())
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

/// Adds the values of `more` that `list` lacks, keeping the order.
fn union(list: &mut Vec<String>, more: impl IntoIterator<Item = String>) {
    for value in more {
        if !list.contains(&value) {
            list.push(value);
        }
    }
}

fn read_ini(path: &Path) -> Result<Ini, Problems> {
    let text = std::fs::read_to_string(path).map_err(|e| Problems {
        failures: vec![Notice {
            path: path.display().to_string(),
            message: format!("cannot read config file: {e}"),
        }],
        ..Problems::default()
    })?;
    Ini::parse(&path.display().to_string(), &text).map_err(|e| Problems {
        errors: vec![e],
        ..Problems::default()
    })
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The global config: `parlance/.parlance.ini`, else `vale/.vale.ini`, in
/// the user's config folder (`$XDG_CONFIG_HOME` on Linux, Application
/// Support on macOS, the local AppData on Windows, as Vale's).
pub fn global_config() -> Option<PathBuf> {
    global_config_places().into_iter().find(|p| p.is_file())
}

/// Where a global config may be, in order of preference.
pub fn global_config_places() -> Vec<PathBuf> {
    dirs::config_local_dir()
        .map(|dir| {
            vec![
                dir.join("parlance").join(".parlance.ini"),
                dir.join("vale").join(".vale.ini"),
            ]
        })
        .unwrap_or_default()
}

/// Vale's default StylesPath: `$VALE_STYLES_PATH`, else `vale/styles` in
/// the user's data folder.
pub fn global_styles_dir() -> Option<PathBuf> {
    std::env::var_os("VALE_STYLES_PATH")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| dirs::data_local_dir().map(|d| d.join("vale").join("styles")))
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
