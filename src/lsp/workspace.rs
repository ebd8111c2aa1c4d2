//! Which configuration lints which document: the CLI's discovery (the
//! nearest config file from the document's folder up, else the built-in
//! `Business` style), the editor's settings on top, and a cache so that a
//! keystroke never touches the file system.
//!
//! A configuration that cannot be loaded is reported once and the last one
//! that loaded keeps being used, so a half-typed edit to `.vale.ini` does
//! not wipe every diagnostic off the screen.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use lsp_types::MessageType;
use serde_json::Value;

use crate::config::{locate, Config, Location, CONFIG_NAMES};
use crate::diagnostic::Severity;
use crate::error::Problems;
use crate::lint::Linter;

use super::diagnostics::LintTarget;

/// The editor settings we read, under the `parlance` section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Use this config file for every document instead of discovering one.
    pub config_path: Option<PathBuf>,
    /// Hide findings below this level (overrides the config's MinAlertLevel).
    pub min_level: Option<Severity>,
}

impl Settings {
    /// Reads `{"configPath": …, "minLevel": …}`, either bare or under a
    /// `parlance` key (clients differ in which they send). `Ok(None)` when
    /// the value holds no settings of ours at all.
    pub fn from_json(value: &Value) -> Result<Option<Settings>, SettingsError> {
        Settings::read(value).map_err(SettingsError)
    }

    fn read(value: &Value) -> Result<Option<Settings>, String> {
        let section = match value.get("parlance") {
            Some(inner) => inner,
            None if value.get("configPath").is_some() || value.get("minLevel").is_some() => value,
            None => return Ok(None),
        };
        if section.is_null() {
            return Ok(Some(Settings::default()));
        }
        let text = |key: &str| -> Result<Option<String>, String> {
            match section.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
                Some(other) => Err(format!(
                    "setting parlance.{key} must be a string, not {other}"
                )),
            }
        };
        let min_level = match text("minLevel")? {
            Some(s) => Some(
                s.parse::<Severity>()
                    .map_err(|e| format!("setting parlance.minLevel: {e}"))?,
            ),
            None => None,
        };
        Ok(Some(Settings {
            config_path: text("configPath")?.map(PathBuf::from),
            min_level,
        }))
    }
}

/// A message for the user (`window/showMessage`) or the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserMessage {
    pub kind: MessageType,
    pub text: String,
    /// Shown in a pop-up rather than only logged.
    pub show: bool,
}

/// A setting the editor sent that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SettingsError(String);

#[derive(Debug)]
struct Loaded {
    /// `None` when the configuration never loaded.
    linter: Option<Arc<Linter>>,
    /// The [`Workspace::generation`] it was (re)read in.
    generation: u64,
}

/// Settings plus loaded configurations.
#[derive(Debug)]
pub struct Workspace {
    /// The workspace folder: where relative settings paths start, and where
    /// discovery starts for documents that are not files.
    root: Option<PathBuf>,
    settings: Settings,
    linters: HashMap<Location, Loaded>,
    /// Folder → the configuration discovery found for it.
    discovered: HashMap<PathBuf, Location>,
    /// Bumped whenever config files may have changed on disk.
    generation: u64,
}

impl Workspace {
    pub fn new(root: Option<PathBuf>, settings: Settings) -> Workspace {
        Workspace {
            root,
            settings,
            linters: HashMap::new(),
            discovered: HashMap::new(),
            generation: 0,
        }
    }

    /// New settings; returns whether anything changed (and documents need
    /// linting again).
    pub fn set_settings(&mut self, settings: Settings) -> bool {
        if settings == self.settings {
            return false;
        }
        self.settings = settings;
        self.config_files_changed();
        true
    }

    /// Config or style files may have changed: discover and read again on
    /// next use, keeping what loaded until something better does.
    pub fn config_files_changed(&mut self) {
        self.discovered.clear();
        self.generation += 1;
    }

    /// What lints a document at `path` (`None` for an unsaved buffer,
    /// whose format comes from `language_id`), plus anything the user
    /// should hear about loading its configuration. No target means the
    /// configuration has never loaded: there is nothing to lint with.
    pub fn target_for(
        &mut self,
        path: Option<&Path>,
        language_id: &str,
    ) -> (Option<LintTarget>, Vec<UserMessage>) {
        let key = self.config_key(path);
        let messages = self.load(&key);
        let Some(linter) = self.linters.get(&key).and_then(|l| l.linter.clone()) else {
            return (None, messages);
        };
        let file_path = match path {
            Some(p) => p.to_path_buf(),
            None => PathBuf::from(match language_id {
                "markdown" => "untitled.md",
                "html" => "untitled.html",
                "org" => "untitled.org",
                _ => "untitled.txt",
            }),
        };
        let glob_path = glob_path(&file_path, key.local.as_deref());
        let min_level = self.settings.min_level.unwrap_or(linter.config.min_level);
        let target = LintTarget {
            linter,
            glob_path,
            file_path,
            min_level,
        };
        (Some(target), messages)
    }

    /// Where the configuration in effect for `path` comes from.
    fn config_key(&mut self, path: Option<&Path>) -> Location {
        let explicit = self
            .settings
            .config_path
            .as_ref()
            .map(|explicit| match &self.root {
                Some(root) if explicit.is_relative() => root.join(explicit),
                _ => explicit.clone(),
            });
        let folder = path
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| self.root.clone());
        match folder {
            Some(folder) => self
                .discovered
                .entry(folder)
                .or_insert_with_key(|folder| locate(Some(folder), explicit.as_deref(), true))
                .clone(),
            None => locate(None, explicit.as_deref(), true),
        }
    }

    /// Reads the configuration `key` unless it is current.
    fn load(&mut self, key: &Location) -> Vec<UserMessage> {
        if self
            .linters
            .get(key)
            .is_some_and(|l| l.generation == self.generation)
        {
            return Vec::new();
        }
        // The global config sits under every local one, as on the command
        // line; with neither, the built-in configuration.
        let loaded = match (&key.local, &key.global) {
            (None, None) => Ok(Linter::builtin()),
            _ => Config::at(key).map(|config| Arc::new(Linter::new(config))),
        };
        let name = key
            .local
            .as_ref()
            .or(key.global.as_ref())
            .map_or("the built-in configuration".to_string(), |p| {
                p.display().to_string()
            });
        let mut messages = Vec::new();
        let previous = self.linters.remove(key).and_then(|l| l.linter);
        let linter = match loaded {
            Ok(linter) => {
                let problems = &linter.problems;
                if problems.is_failure() {
                    messages.push(UserMessage {
                        kind: MessageType::WARNING,
                        text: format!(
                            "parlance: problems loading the styles of {name}; the other rules still run.\n{}",
                            describe(problems)
                        ),
                        show: true,
                    });
                }
                messages.extend(problems.notices.iter().map(|n| UserMessage {
                    kind: MessageType::INFO,
                    text: format!("parlance: {}: {}", n.path, n.message),
                    show: false,
                }));
                Some(linter)
            }
            Err(problems) => {
                let fallback = if previous.is_some() {
                    "the last configuration that loaded stays in use"
                } else {
                    "no diagnostics until it is fixed"
                };
                messages.push(UserMessage {
                    kind: MessageType::ERROR,
                    text: format!(
                        "parlance: cannot use {name} ({fallback}).\n{}",
                        describe(&problems)
                    ),
                    show: true,
                });
                previous
            }
        };
        self.linters.insert(
            key.clone(),
            Loaded {
                linter,
                generation: self.generation,
            },
        );
        messages
    }
}

/// Whether a changed file can change a configuration: a config file, a
/// rule file, or a vocabulary list.
pub fn affects_config(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    CONFIG_NAMES.contains(&name)
        || matches!(name, "accept.txt" | "reject.txt")
        || matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yml" | "yaml")
        )
}

/// The name a document goes by in `[glob]` sections: its path relative to
/// the config file's folder, `/`-separated, or just its file name when the
/// document lies elsewhere or no file configures it.
fn glob_path(file: &Path, config: Option<&Path>) -> String {
    let relative = config
        .and_then(Path::parent)
        .and_then(|base| file.strip_prefix(base).ok())
        .filter(|rel| rel.components().all(|c| matches!(c, Component::Normal(_))));
    match relative {
        Some(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        None => file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
    }
}

/// A short account of what is wrong, for a pop-up: the first few problems,
/// one per line, each with its file and line.
fn describe(problems: &Problems) -> String {
    const SHOWN: usize = 5;
    let lines: Vec<String> = problems
        .errors
        .iter()
        .map(|e| format!("{}:{}: {}", e.path, e.line(), e.message))
        .chain(problems.failures.iter().map(|f| match f.path.as_str() {
            "" => f.message.clone(),
            path => format!("{path}: {}", f.message),
        }))
        .collect();
    let mut out = lines
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    if lines.len() > SHOWN {
        out.push_str(&format!("\n… and {} more", lines.len() - SHOWN));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn settings_bare_or_under_parlance() {
        let want = Settings {
            config_path: Some("x/.vale.ini".into()),
            min_level: Some(Severity::Warning),
        };
        let bare = json!({"configPath": "x/.vale.ini", "minLevel": "warning"});
        assert_eq!(Settings::from_json(&bare), Ok(Some(want.clone())));
        let nested = json!({"parlance": bare});
        assert_eq!(Settings::from_json(&nested), Ok(Some(want)));
        assert_eq!(Settings::from_json(&json!({"other": 1})), Ok(None));
        assert_eq!(
            Settings::from_json(&json!({"parlance": {"configPath": ""}})),
            Ok(Some(Settings::default()))
        );
        assert!(Settings::from_json(&json!({"minLevel": "loud"})).is_err());
        assert!(Settings::from_json(&json!({"configPath": 3})).is_err());
    }

    #[test]
    fn glob_paths_are_relative_to_the_config_folder() {
        let cfg = Path::new("/p/.vale.ini");
        assert_eq!(glob_path(Path::new("/p/docs/a.md"), Some(cfg)), "docs/a.md");
        assert_eq!(glob_path(Path::new("/elsewhere/b.md"), Some(cfg)), "b.md");
        assert_eq!(glob_path(Path::new("/q/c.md"), None), "c.md");
    }

    #[test]
    fn config_file_names_and_styles_affect_config() {
        assert!(affects_config(Path::new("/p/.vale.ini")));
        assert!(affects_config(Path::new("/p/styles/Acme/Rule.yml")));
        assert!(affects_config(Path::new("/p/Vocab/X/accept.txt")));
        assert!(!affects_config(Path::new("/p/notes.md")));
    }

    #[test]
    fn a_broken_config_keeps_the_last_good_one() {
        let dir = tempfile::tempdir().unwrap();
        let ini = dir.path().join(".parlance.ini");
        std::fs::write(&ini, "[*]\nBasedOnStyles = Business\n").unwrap();
        let doc = dir.path().join("a.md");
        let mut ws = Workspace::new(None, Settings::default());
        let (target, messages) = ws.target_for(Some(&doc), "markdown");
        assert!(messages.iter().all(|m| !m.show), "{messages:?}");
        assert_eq!(target.unwrap().glob_path, "a.md");

        std::fs::write(
            &ini,
            "MinAlertLevel = loud\n[*]\nBasedOnStyles = Business\n",
        )
        .unwrap();
        ws.config_files_changed();
        let (target, messages) = ws.target_for(Some(&doc), "markdown");
        assert!(target.is_some(), "the last good config stays");
        assert_eq!(messages.len(), 1);
        assert_eq!(messages[0].kind, MessageType::ERROR);
        assert!(
            messages[0].text.contains("stays in use"),
            "{}",
            messages[0].text
        );
        assert!(
            messages[0].text.contains(".parlance.ini:1:"),
            "{}",
            messages[0].text
        );
        // Reported once per change, not per keystroke.
        assert!(ws.target_for(Some(&doc), "markdown").1.is_empty());
    }

    #[test]
    fn min_level_setting_overrides_the_config() {
        let mut ws = Workspace::new(None, Settings::default());
        assert!(ws.set_settings(Settings {
            config_path: None,
            min_level: Some(Severity::Error),
        }));
        let (target, _) = ws.target_for(None, "markdown");
        let target = target.unwrap();
        assert_eq!(target.min_level, Severity::Error);
        assert_eq!(target.glob_path, "untitled.md");
    }
}
