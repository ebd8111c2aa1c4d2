//! The pipeline assembled: a configuration's styles loaded and compiled
//! once, then any number of documents checked against it.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::check::{check, CheckOutcome};
use crate::compile::{CompileOptions, CompiledRuleSet};
use crate::config::format::MarkupOptions;
use crate::config::{Config, Toggle};
use crate::diagnostic::Severity;
use crate::document::Document;
use crate::error::{Notice, Problems};
use crate::styles::filter::RuleFilter;
use crate::styles::{self, vale, RuleDef};

/// A configuration with its rules loaded and compiled.
#[derive(Debug)]
pub struct Linter {
    pub config: Config,
    pub rules: CompiledRuleSet,
    /// What went wrong loading styles and vocabularies.
    pub problems: Problems,
    /// Every `BlockIgnores`/`TokenIgnores` pattern that compiled.
    ignores: HashMap<String, fancy_regex::Regex>,
    /// Vale's `--filter`: only the rules it keeps were compiled.
    pub filter: Option<RuleFilter>,
}

impl Linter {
    pub fn new(config: Config) -> Linter {
        Linter::filtered(config, None)
    }

    /// The linter of `config` that runs only the rules `filter` keeps.
    pub fn filtered(config: Config, filter: Option<RuleFilter>) -> Linter {
        let mut problems = Problems {
            notices: config.notices.clone(),
            ..Problems::default()
        };
        let (accept, reject) = read_vocabularies(&config, &mut problems);
        let mut defs: Vec<RuleDef> = Vec::new();
        let mut loaded: HashSet<String> = HashSet::new();
        for style in &config.style_refs {
            if !loaded.insert(style.name.clone()) {
                continue;
            }
            if style.name == vale::STYLE {
                continue;
            }
            let on_disk = config
                .styles_paths
                .iter()
                .map(|p| p.join(&style.name))
                .find(|p| p.is_dir());
            let found = match on_disk {
                Some(dir) => styles::load_dir(&dir),
                None if styles::is_embedded(&style.name) => styles::load_embedded(&style.name),
                None => {
                    let message = format!("style '{}' does not exist on StylesPath", style.name);
                    let looked_in = if config.styles_paths.is_empty() {
                        "(no StylesPath set)".to_string()
                    } else {
                        config
                            .styles_paths
                            .iter()
                            .map(|p| p.display().to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    match config.error_at(style, message.clone()) {
                        Some(error) => problems
                            .errors
                            .push(error.with_note(format!("looked in: {looked_in}"))),
                        None => problems.failures.push(Notice {
                            path: String::new(),
                            message,
                        }),
                    }
                    continue;
                }
            };
            defs.extend(found.rules);
            problems.extend(found.problems);
        }
        // `Style.Rule = YES` loads that one rule when its style is not loaded.
        let toggled = config
            .global
            .iter()
            .chain(&config.sections)
            .flat_map(|s| s.toggles.iter())
            .filter(|(_, t)| *t == Toggle::On)
            .map(|(k, _)| k.clone());
        for id in toggled.collect::<Vec<_>>() {
            let Some((style, rule)) = id.split_once('.') else {
                continue;
            };
            if loaded.contains(style) || style == vale::STYLE || defs.iter().any(|d| d.id == id) {
                continue;
            }
            if let Some(file) = config
                .styles_paths
                .iter()
                .map(|p| p.join(style).join(format!("{rule}.yml")))
                .find(|p| p.is_file())
            {
                let one = styles::load_file(&file, style, rule);
                defs.extend(one.rules);
                problems.extend(one.problems);
            }
        }
        // Vale loads its built-in style when any INI key names it.
        let uses_vale = loaded.contains(vale::STYLE)
            || config.levels.keys().any(|k| k.starts_with("Vale."))
            || config
                .global
                .iter()
                .chain(&config.sections)
                .flat_map(|s| s.toggles.iter())
                .any(|(k, _)| k.starts_with("Vale."));
        if uses_vale {
            defs.extend(vale::rules(&accept, &reject));
        }
        let mut with_levels: Vec<(RuleDef, Severity)> = defs
            .into_iter()
            .map(|d| {
                let level = config.levels.get(&d.id).copied().unwrap_or(d.level);
                (d, level)
            })
            .collect();
        if let Some(filter) = &filter {
            match filter.keep(&with_levels) {
                Ok(kept) => with_levels.retain(|(d, _)| kept.contains(&d.id)),
                Err(message) => problems.failures.push(Notice {
                    path: String::new(),
                    message,
                }),
            }
        }
        let options = CompileOptions {
            accept,
            word_template: config.word_template.clone(),
            styles_paths: config.styles_paths.clone(),
            config_dir: config
                .path
                .as_ref()
                .and_then(|p| p.parent())
                .map(Path::to_path_buf),
        };
        let (rules, errors) = CompiledRuleSet::compile(with_levels, &options);
        problems.errors.extend(errors);
        let ignores = compile_ignores(&config, &mut problems);
        Linter {
            config,
            rules,
            problems,
            ignores,
            filter,
        }
    }

    /// The built-in configuration's linter, compiled once per process: it
    /// never changes, and compiling it is most of a server's start-up.
    pub fn builtin() -> Arc<Linter> {
        static LINTER: OnceLock<Arc<Linter>> = OnceLock::new();
        Arc::clone(LINTER.get_or_init(|| Arc::new(Linter::new(Config::builtin()))))
    }

    /// Blanks what `IgnoredScopes` names (bold, italics), and what `BlockIgnores` and `TokenIgnores` match in `doc` (file
    /// `path` for the config's globs): capture group 1 when the pattern has
    /// one (Vale turns that into code), else the whole match.
    pub fn apply_ignores(&self, path: &str, doc: &mut Document) {
        let mut ranges = Vec::new();
        if doc.format == crate::config::format::Format::Markdown && !doc.plain {
            let scopes = &self.config.ignored_scopes;
            let has = |names: &[&str]| scopes.iter().any(|s| names.contains(&s.as_str()));
            let (strong, em) = (has(&["strong", "b"]), has(&["em", "i"]));
            if strong || em {
                ranges.extend(crate::document::emphasis_ranges(&doc.source, strong, em));
            }
        }
        let patterns = self.config.ignores_for(path);
        for pattern in patterns {
            let Some(re) = self.ignores.get(pattern) else {
                continue;
            };
            for caps in re.captures_iter(&doc.source) {
                // A pattern that gives up (backtrack limit) ignores nothing more.
                let Ok(caps) = caps else { break };
                if let Some(m) = caps.get(1).or_else(|| caps.get(0)) {
                    ranges.push(m.range());
                }
            }
        }
        doc.blank(&ranges);
    }

    /// `text` read as a document: its format from `path`'s extension
    /// after the config's `[formats]`, HTML read with its markup options.
    pub fn document(&self, path: &Path, text: String) -> Document {
        let ext = crate::config::format::extension_of(path);
        let format = self.config.format_for(&ext);
        match self
            .config
            .comment_delimiters_for(&path.to_string_lossy().replace('\\', "/"))
        {
            Some(delimiters) => {
                let markup = MarkupOptions {
                    comment_delimiters: Some(delimiters),
                    ..self.config.markup.clone()
                };
                Document::with_options(text, format, &ext, &markup)
            }
            None => Document::with_options(text, format, &ext, &self.config.markup),
        }
    }

    /// Corrections for `word`, flagged by the spelling rule `rule_id`, when
    /// that rule's action asks for them (Vale's `suggest: [spellings]`).
    pub fn spelling_suggestions(&self, rule_id: &str, word: &str) -> Vec<String> {
        let Some(rule) = self.rules.find(rule_id) else {
            return Vec::new();
        };
        match (&rule.check, &rule.def.action) {
            (crate::compile::Check::Spelling { speller }, Some(action))
                if action.name == "suggest" =>
            {
                speller.suggest(&word.replace(['\u{2018}', '\u{2019}'], "'"))
            }
            _ => Vec::new(),
        }
    }

    /// Checks one document, named `path` for the configuration's globs.
    pub fn check(&self, path: &str, doc: &Document, min_level: Severity) -> CheckOutcome {
        // No configuration section applies to the file: nothing runs.
        let Some(file_rules) = self.config.file_rules(path) else {
            return CheckOutcome::default();
        };
        let enabled: Vec<bool> = self
            .rules
            .rules
            .iter()
            .map(|r| file_rules.enables(&r.def.id, &r.def.style))
            .collect();
        check(doc, &self.rules, &enabled, &file_rules.styles, min_level)
    }
}

fn compile_ignores(
    config: &Config,
    problems: &mut Problems,
) -> HashMap<String, fancy_regex::Regex> {
    let mut compiled = HashMap::new();
    let all = config
        .global
        .iter()
        .chain(&config.sections)
        .flat_map(|s| s.ignores());
    for pattern in all {
        if compiled.contains_key(pattern) {
            continue;
        }
        match fancy_regex::Regex::new(pattern) {
            Ok(re) => {
                compiled.insert(pattern.clone(), re);
            }
            Err(e) => problems.notices.push(Notice {
                path: config
                    .path
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                message: format!("ignore pattern `{pattern}` does not compile ({e}); ignored"),
            }),
        }
    }
    compiled
}

/// The accept and reject lists of every vocabulary the config names.
fn read_vocabularies(config: &Config, problems: &mut Problems) -> (Vec<String>, Vec<String>) {
    let mut accept = Vec::new();
    let mut reject = Vec::new();
    for vocab in &config.vocab {
        let dir = config.styles_paths.iter().flat_map(|p| {
            [
                p.join("config").join("vocabularies").join(&vocab.name),
                p.join("Vocab").join(&vocab.name),
            ]
        });
        let Some(dir) = dir.into_iter().find(|d| d.is_dir()) else {
            let message = format!(
                "vocabulary '{}' not found (expected <StylesPath>/config/vocabularies/{}/)",
                vocab.name, vocab.name
            );
            problems.errors.extend(config.error_at(vocab, message));
            continue;
        };
        for (file, list) in [("accept.txt", &mut accept), ("reject.txt", &mut reject)] {
            if let Ok(text) = std::fs::read_to_string(dir.join(file)) {
                list.extend(
                    text.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty() && !l.starts_with('#'))
                        .map(str::to_string),
                );
            }
        }
    }
    (accept, reject)
}
