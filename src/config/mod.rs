//! The config stage: finds and reads the configuration (Vale's INI format),
//! and decides which rules apply to which file.

mod discover;
pub mod format;
pub mod ini;
mod read;

pub use discover::{global_config, global_config_places, global_styles_dir, locate, Location};

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};

use crate::diagnostic::Severity;
use crate::error::{Notice, Problems, SourceError};
use format::{Format, MarkupOptions};
use ini::Ini;

/// The style parlance runs when there is no configuration (embedded in
/// the binary).
pub const DEFAULT_STYLE: &str = "Business";

/// Config file names, searched in each folder from the working directory
/// up: parlance's own, then Vale's in the order Vale tries them.
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

/// A `FailLevel` value that is neither a level nor `none`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a fail level: use suggestion, warning, error or none")]
pub struct ParseFailLevelError(pub String);

impl std::str::FromStr for FailLevel {
    type Err = ParseFailLevelError;
    fn from_str(s: &str) -> Result<Self, ParseFailLevelError> {
        if s.trim().eq_ignore_ascii_case("none") {
            Ok(FailLevel::Never)
        } else {
            s.parse::<Severity>()
                .map(FailLevel::At)
                .map_err(|_| ParseFailLevelError(s.to_string()))
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
        Config::with_style(DEFAULT_STYLE)
    }

    /// A configuration with no file: `style` on every file.
    pub fn with_style(style: &str) -> Config {
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
                based_on_styles: Some(vec![style.to_string()]),
                toggles: Vec::new(),
                block_ignores: Vec::new(),
                token_ignores: Vec::new(),
                comment_delimiters: None,
            }),
            sections: Vec::new(),
            levels: HashMap::new(),
            style_refs: vec![StyleRef {
                name: style.into(),
                source: 0,
                range: 0..0,
            }],
            notices: Vec::new(),
            ignored_scopes: Vec::new(),
            markup: MarkupOptions::default(),
            formats: HashMap::new(),
        }
    }

    /// Finds and reads the config for `cwd` (see [`locate`]).
    pub fn discover(cwd: &Path, explicit: Option<&Path>, global: bool) -> Result<Config, Problems> {
        Config::at(&locate(Some(cwd), explicit, global))
    }

    /// Reads the config `location` names; with no file at all, the
    /// built-in default.
    pub fn at(location: &Location) -> Result<Config, Problems> {
        Config::assemble(
            location.local.as_deref(),
            location.global.as_deref(),
            location.default_styles.clone(),
        )
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

    /// The name of the format files with extension `ext` are in, after
    /// `[formats]`, when it is one parlance cannot read (reStructuredText,
    /// AsciiDoc, XML, DITA).
    pub fn unreadable_format(&self, ext: &str) -> Option<&'static str> {
        format::unsupported_format(self.formats.get(ext).map_or(ext, String::as_str))
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

fn read_ini(path: &Path) -> Result<Ini, Problems> {
    let text = crate::text::file::read_to_string(path).map_err(|e| Problems {
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
