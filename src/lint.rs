//! The pipeline assembled: a configuration's styles loaded and compiled
//! once ([`Linter::new`]), then any number of texts linted with
//! [`Linter::lint`], the one entry point the command line, the language
//! server and `parlance test` share.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::check::rules::{self, vale_style, Env, Read, RuleDef, RuleSet};
use crate::check::{check, CheckOutcome, Observer, RulesInEffect};
use crate::compile::CompileOptions;
use crate::config::format::{extension_of, Format, MarkupOptions};
use crate::config::{Config, Toggle};
use crate::diagnostic::Severity;
use crate::document::{emphasis_ranges, Document, ReadOptions};
use crate::error::{Notice, Problems};
use crate::styles::filter::RuleFilter;
use crate::styles::paths::{read_vocabularies, Resolver};
use crate::styles::{self, LoadedStyle};

/// A configuration with its rules loaded and compiled.
#[derive(Debug)]
pub struct Linter {
    pub config: Config,
    pub rules: RuleSet,
    /// What went wrong loading styles and vocabularies.
    pub problems: Problems,
    /// Every `BlockIgnores`/`TokenIgnores` pattern that compiled.
    ignores: HashMap<String, fancy_regex::Regex>,
    /// Vale's `--filter`: only the rules it keeps were compiled.
    pub filter: Option<RuleFilter>,
}

/// How one text is read and checked.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// Findings below this level are not reported (rules below it do not
    /// run).
    pub min_level: Option<Severity>,
    /// Read the text as if its name had this extension (Vale's `--ext`,
    /// without the dot).
    pub extension: Option<String>,
    /// Vale's `--ignore-syntax`: the whole text is one plain block.
    pub plain: bool,
}

/// A text linted: the document it was read as, and what was found.
#[derive(Debug)]
pub struct Linted {
    pub document: Document,
    pub outcome: CheckOutcome,
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
        let resolver = Resolver {
            styles_paths: config.styles_paths.clone(),
            config_dir: config
                .path
                .as_ref()
                .and_then(|p| p.parent())
                .map(Path::to_path_buf),
        };
        let names = config.vocab.iter().map(|v| v.name.as_str());
        let (accept, reject) = read_vocabularies(&resolver, names, |name, message| {
            let at = config.vocab.iter().find(|v| v.name == name);
            problems
                .errors
                .extend(at.and_then(|at| config.error_at(at, message)));
        });
        let mut defs = load_rules(&config, &resolver, &mut problems);
        if uses_vale_style(&config) {
            defs.extend(vale_style::rules(&accept, &reject));
        }
        unknown_toggles(&config, &defs, &mut problems);
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
                Err(e) => problems.failures.push(Notice {
                    path: String::new(),
                    message: e.to_string(),
                }),
            }
        }
        let mut linter = Linter::compiled(config, with_levels, accept, &resolver, problems);
        linter.filter = filter;
        linter
    }

    /// The linter of `config` that runs exactly `rules` (with their levels
    /// in effect): `parlance test` runs each rule alone so.
    pub fn with_rules(config: Config, rules: Vec<(RuleDef, Severity)>) -> Linter {
        let resolver = Resolver {
            styles_paths: config.styles_paths.clone(),
            config_dir: None,
        };
        Linter::compiled(config, rules, Vec::new(), &resolver, Problems::default())
    }

    fn compiled(
        config: Config,
        rules: Vec<(RuleDef, Severity)>,
        accept: Vec<String>,
        resolver: &Resolver,
        mut problems: Problems,
    ) -> Linter {
        let options = CompileOptions {
            accept,
            word_template: config.word_template.clone(),
        };
        let notices = std::sync::Mutex::default();
        let env = Env {
            options: &options,
            resolver,
            notices: &notices,
        };
        let (rules, errors) = RuleSet::compile(rules, &env);
        problems.errors.extend(errors);
        let mut notices = notices
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Rules compile in parallel: say their notices in a stable order.
        notices.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
        problems.notices.extend(notices);
        let ignores = compile_ignores(&config, &mut problems);
        Linter {
            config,
            rules,
            problems,
            ignores,
            filter: None,
        }
    }

    /// The built-in configuration's linter, compiled once per process: it
    /// never changes, and compiling it is most of a server's start-up.
    pub fn builtin() -> Arc<Linter> {
        static LINTER: OnceLock<Arc<Linter>> = OnceLock::new();
        Arc::clone(LINTER.get_or_init(|| Arc::new(Linter::new(Config::builtin()))))
    }

    /// Lints `text`, the contents of the file named `path` (as given or
    /// walked, `/`-separated; matched against the configuration's globs,
    /// and its extension picks the format).
    pub fn lint(&self, path: &str, text: String, options: &LintOptions) -> Linted {
        self.lint_observed(path, Path::new(path), text, options, None)
    }

    /// [`Linter::lint`] of a text whose globs are matched on `glob_path`
    /// while its format comes from `file` (an editor's buffer, whose path
    /// is made relative to its configuration), with an observer of where
    /// each finding was found (for Vale's placement).
    pub fn lint_observed(
        &self,
        glob_path: &str,
        file: &Path,
        text: String,
        options: &LintOptions,
        observer: Option<&mut dyn Observer>,
    ) -> Linted {
        let mut warnings = Vec::new();
        let document = self.read(glob_path, file, text, options, &mut warnings);
        let min_level = options.min_level.unwrap_or(self.config.min_level);
        // No configuration section applies to the file: nothing runs.
        let Some(file_rules) = self.config.file_rules(glob_path) else {
            return Linted {
                document,
                outcome: CheckOutcome {
                    aborted: warnings,
                    ..CheckOutcome::default()
                },
            };
        };
        let enabled: Vec<bool> = self
            .rules
            .rules
            .iter()
            .map(|r| file_rules.enables(&r.def.id, &r.def.style))
            .collect();
        let in_effect = RulesInEffect {
            enabled: &enabled,
            base_styles: &file_rules.styles,
            min_level,
        };
        let mut outcome = check(&document, &self.rules, in_effect, observer);
        outcome.aborted.extend(warnings);
        Linted { document, outcome }
    }

    /// `text` read as [`Linter::lint_observed`] reads it, for a front end
    /// that needs the document's blocks (the LSP's disable action).
    pub fn document(&self, glob_path: &str, file: &Path, text: String) -> Document {
        self.read(
            glob_path,
            file,
            text,
            &LintOptions::default(),
            &mut Vec::new(),
        )
    }

    /// `text` read as a document: its format from `file`'s extension (or
    /// the `--ext` given) after the config's `[formats]`, its markup with
    /// the config's options, and what `IgnoredScopes`, `BlockIgnores` and
    /// `TokenIgnores` protect blanked.
    fn read(
        &self,
        glob_path: &str,
        file: &Path,
        text: String,
        options: &LintOptions,
        warnings: &mut Vec<String>,
    ) -> Document {
        let ext = match &options.extension {
            Some(ext) => ext.trim_start_matches('.').to_ascii_lowercase(),
            None => extension_of(file),
        };
        if options.plain {
            return Document::plain(text, &ext);
        }
        let format = self.config.format_for(&ext);
        let slashed = glob_path.replace('\\', "/");
        let markup = match self.config.comment_delimiters_for(&slashed) {
            Some(delimiters) => MarkupOptions {
                comment_delimiters: Some(delimiters),
                ..self.config.markup.clone()
            },
            None => self.config.markup.clone(),
        };
        let ignored = self.ignored(glob_path, &text, format, warnings);
        let read = ReadOptions {
            format,
            extension: &ext,
            markup: &markup,
            ignored: &ignored,
        };
        Document::read(text, &read)
    }

    /// What `IgnoredScopes` names (bold, italics), and what `BlockIgnores`
    /// and `TokenIgnores` match in `source` (file `path` for the config's
    /// globs): capture group 1 when the pattern has one (Vale turns that
    /// into code), else the whole match.
    fn ignored(
        &self,
        path: &str,
        source: &str,
        format: Format,
        warnings: &mut Vec<String>,
    ) -> Vec<Range<usize>> {
        let mut ranges = Vec::new();
        if format == Format::Markdown {
            let scopes = &self.config.ignored_scopes;
            let has = |names: &[&str]| scopes.iter().any(|s| names.contains(&s.as_str()));
            let (strong, em) = (has(&["strong", "b"]), has(&["em", "i"]));
            if strong || em {
                ranges.extend(emphasis_ranges(source, strong, em));
            }
        }
        for pattern in self.config.ignores_for(path) {
            let Some(re) = self.ignores.get(pattern) else {
                continue;
            };
            let mut searched_to = 0;
            for caps in re.captures_iter(source) {
                match caps {
                    Ok(caps) => {
                        if let Some(whole) = caps.get(0) {
                            searched_to = whole.end();
                        }
                        if let Some(m) = caps.get(1).or_else(|| caps.get(0)) {
                            ranges.push(m.range());
                        }
                    }
                    Err(e) => {
                        // Where the pattern gave up, it may have protected
                        // more: the rest of the file is protected, so no
                        // rule reports (and `--fix` rewrites) what the
                        // user meant to keep.
                        ranges.push(searched_to..source.len());
                        warnings.push(format!(
                            "ignore pattern `{pattern}` gave up ({e}); the file from byte {searched_to} on is treated as ignored"
                        ));
                        break;
                    }
                }
            }
        }
        ranges
    }

    /// Corrections for `word`, flagged by the spelling rule `rule_id`, when
    /// that rule's action asks for them (Vale's `suggest: [spellings]`).
    pub fn spelling_suggestions(&self, rule_id: &str, word: &str) -> Vec<String> {
        match self.rules.find(rule_id) {
            Some(rule)
                if rule
                    .def
                    .action
                    .as_ref()
                    .is_some_and(|a| a.name == "suggest") =>
            {
                rule.matcher.spelling_suggestions(word)
            }
            _ => Vec::new(),
        }
    }
}

/// The rules of every style the configuration names, and those turned on
/// one by one (`Style.Rule = YES`) when their style is not loaded.
fn load_rules(config: &Config, resolver: &Resolver, problems: &mut Problems) -> Vec<RuleDef> {
    let mut defs: Vec<RuleDef> = Vec::new();
    let mut loaded: HashSet<String> = HashSet::new();
    for style in &config.style_refs {
        if !loaded.insert(style.name.clone()) || style.name == vale_style::STYLE {
            continue;
        }
        let found = match resolver.style_dir(&style.name) {
            Some(dir) => styles::load_dir(&dir),
            None if styles::is_embedded(&style.name) => styles::load_embedded(&style.name),
            None => {
                let message = format!("style '{}' does not exist on StylesPath", style.name);
                match config.error_at(style, message.clone()) {
                    Some(error) => problems.errors.push(
                        error
                            .with_kind(crate::error::ErrorKind::MissingStyle)
                            .with_note(format!("looked in: {}", resolver.describe()))
                            .with_notes(nearest_style(&style.name, resolver)),
                    ),
                    None => problems.failures.push(Notice {
                        path: String::new(),
                        message,
                    }),
                }
                continue;
            }
        };
        defs.extend(read_style(found, problems));
    }
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
        if loaded.contains(style) || style == vale_style::STYLE || defs.iter().any(|d| d.id == id) {
            continue;
        }
        if let Some(file) = resolver.rule_file(style, rule) {
            defs.extend(read_style(styles::load_file(&file, style, rule), problems));
        }
    }
    defs
}

/// "did you mean" for a style that does not exist: the closest of the
/// style folders on the StylesPath and the built-in styles.
fn nearest_style(name: &str, resolver: &Resolver) -> Option<String> {
    let mut names: Vec<String> = resolver
        .styles_paths
        .iter()
        .filter_map(|p| std::fs::read_dir(p).ok())
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n != "config")
        .collect();
    names.extend(styles::EMBEDDED.iter().map(|(s, _, _)| s.to_string()));
    names.push(vale_style::STYLE.to_string());
    let near = crate::error::closest(name, names.iter().map(String::as_str))?;
    Some(format!("did you mean '{near}'?"))
}

/// `Style.Rule = …` toggles of a style whose rules are loaded that name no
/// rule of it: a warning at the INI line, with the closest rule. Vale says
/// nothing and the toggle does nothing, in parlance too.
fn unknown_toggles(config: &Config, defs: &[RuleDef], problems: &mut Problems) {
    let mut seen: HashSet<&str> = HashSet::new();
    let toggles = config
        .global
        .iter()
        .chain(&config.sections)
        .flat_map(|s| s.toggles.iter());
    for (id, _) in toggles {
        let Some((style, _)) = id.split_once('.') else {
            continue;
        };
        if !seen.insert(id) || defs.iter().any(|d| d.id == *id) {
            continue;
        }
        let prefix = format!("{style}.");
        let ids: Vec<&str> = defs
            .iter()
            .map(|d| d.id.as_str())
            .filter(|d| d.starts_with(&prefix))
            .collect();
        if ids.is_empty() {
            continue;
        }
        let place = config.sources.iter().find_map(|ini| {
            let entry = ini
                .entries
                .iter()
                .find(|e| e.section.is_some() && e.key == *id)?;
            let line = ini.error(entry.range.clone(), "").line();
            Some(format!("{}:{line}", ini.path))
        });
        let hint = match crate::error::closest(id, ids) {
            Some(near) => format!("; did you mean `{near}`?"),
            None => String::new(),
        };
        problems.notices.push(Notice {
            path: place.unwrap_or_default(),
            message: format!(
                "`{id}`: {style} has no such rule, so this setting does nothing{hint}"
            ),
        });
    }
}

/// Validates each rule file of a loaded style; broken and unsupported
/// rules are reported and left out.
pub fn read_style(style: LoadedStyle, problems: &mut Problems) -> Vec<RuleDef> {
    problems.extend(style.problems);
    let mut defs = Vec::new();
    for file in style.files {
        match rules::read(&file) {
            Ok(Read::Rule(rule)) => defs.push(*rule),
            Ok(Read::Unsupported { extends }) => problems.notices.push(Notice {
                path: file.source.path.clone(),
                message: format!(
                    "rule {}.{} skipped: `extends: {extends}` rules are not supported yet",
                    file.style, file.name
                ),
            }),
            Err(e) => problems.errors.push(e),
        }
    }
    defs
}

/// Vale loads its built-in style when any INI key names it.
fn uses_vale_style(config: &Config) -> bool {
    let named = |k: &str| k.starts_with("Vale.");
    config
        .style_refs
        .iter()
        .any(|s| s.name == vale_style::STYLE)
        || config.levels.keys().any(|k| named(k))
        || config
            .global
            .iter()
            .chain(&config.sections)
            .flat_map(|s| s.toggles.iter())
            .any(|(k, _)| named(k))
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
            Err(e) => {
                let message = format!("ignore pattern `{pattern}` does not compile: {e}");
                // The entry that holds it, in the INI it was read from.
                let at = config.sources.iter().find_map(|ini| {
                    let entry = ini.entries.iter().find(|e| {
                        matches!(
                            e.key.as_str(),
                            "TokenIgnores" | "BlockIgnores" | "IgnorePatterns"
                        ) && e.value.contains(pattern.as_str())
                    })?;
                    Some(ini.error(entry.range.clone(), message.clone()))
                });
                match at {
                    Some(error) => problems.errors.push(error),
                    None => problems.failures.push(Notice {
                        path: config
                            .path
                            .as_ref()
                            .map(|p| p.display().to_string())
                            .unwrap_or_default(),
                        message,
                    }),
                }
            }
        }
    }
    compiled
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use super::*;
    use crate::check::rules;
    use crate::diagnostic::Diagnostic;

    /// What Vale's built-in repetition rule finds in Markdown `text`, as
    /// the file's text of each finding.
    fn repeated(text: &str) -> Vec<String> {
        let yaml = "extends: repetition\nmessage: '%s'\nalpha: true\ntokens: ['[^\\s]+']\n";
        findings(yaml, text)
            .into_iter()
            .map(|r| text[r].to_string())
            .collect()
    }

    /// What `yaml`'s rule reports on Markdown `source`.
    fn diagnostics(yaml: &str, source: &str) -> Vec<Diagnostic> {
        use crate::config::Config;
        use crate::styles::{read_yaml, Origin, RuleSource};
        let source_of_rule = RuleSource {
            path: "T/R.yml".into(),
            text: yaml.into(),
        };
        let file = read_yaml("T", "R", Origin::Generated, source_of_rule).unwrap();
        let Ok(rules::Read::Rule(def)) = rules::read(&file) else {
            panic!("not a rule: {yaml}");
        };
        let linter =
            Linter::with_rules(Config::with_style("T"), vec![(*def, Severity::Suggestion)]);
        assert!(linter.problems.errors.is_empty(), "{:?}", linter.problems);
        let options = LintOptions {
            min_level: Some(Severity::Suggestion),
            ..LintOptions::default()
        };
        linter
            .lint("doc.md", source.to_string(), &options)
            .outcome
            .diagnostics
    }

    /// The file ranges `yaml`'s rule reports on Markdown `source`.
    fn findings(yaml: &str, source: &str) -> Vec<Range<usize>> {
        diagnostics(yaml, source)
            .into_iter()
            .map(|d| d.range.range())
            .collect()
    }

    #[test]
    fn only_rules_that_name_tags_reach_the_tagger() {
        use crate::check::tags::probe;
        let text = "We improved the system using new algorithms.\n\nSystems using it.\n";
        let before = probe::tagged();
        let plain = "extends: existence\nmessage: '%s'\ntokens: [using, system]\n";
        assert_eq!(findings(plain, text).len(), 3);
        assert_eq!(probe::tagged(), before, "a run without tags tags nothing");
        let tagged =
            "extends: sequence\nmessage: '%s'\ntokens:\n  - tag: NN|NNS\n  - pattern: using\n";
        assert_eq!(findings(tagged, text).len(), 2);
        assert_eq!(probe::tagged() - before, 2, "each sentence once");
        // A sentence without the anchor's word is never tagged.
        findings(tagged, "Nothing here.\n\nOr here.\n");
        assert_eq!(probe::tagged() - before, 2);
    }

    #[test]
    fn pos_filters_existence_and_substitution_matches() {
        let text = "These changes affect the results.\n\nThe affect of it was small.\n";
        let noun = "pos:\n  match: 'NNS?'\n";
        let existence = format!(
            "extends: existence\nmessage: '%s'\nignorecase: true\ntokens: [affect]\n{noun}"
        );
        let at = text.rfind("affect").unwrap();
        assert_eq!(findings(&existence, text), vec![(at..at + 6)]);
        // Each alternative's match is read the same way: by the tag of its
        // first word (`changes`, NNS) and the words around it.
        let start = text.find("changes").unwrap();
        let swap = format!("extends: substitution\nmessage: '%s'\nignorecase: true\nswap:\n  affect: effect\n  'changes affect': changes effect\n{noun}");
        assert_eq!(findings(&swap, text), [start..start + 14, at..at + 6]);
        let verb = "extends: substitution\nmessage: '%s'\nswap:\n  'changes affect': x\n  affect: y\npos:\n  match: NNS\n  after: DT\n";
        assert_eq!(findings(verb, text), vec![(start..start + 14)]);
        // With `context:` and `exceptions:`, all must pass.
        let both = format!("{existence}context:\n  none: [small]\n");
        assert!(findings(&both, text).is_empty());
        let excepted = format!("{existence}exceptions: [affect]\n");
        assert!(findings(&excepted, text).is_empty());
        // Vale's old substitution `pos` (a single value) is accepted and
        // has no effect.
        let old =
            "extends: substitution\nmessage: '%s'\nswap:\n  affect: effect\npos: 'affect/NN'\n";
        assert_eq!(findings(old, text).len(), 2);
    }

    #[test]
    fn pos_on_another_type_names_the_types_that_take_it() {
        use crate::styles::{read_yaml, Origin, RuleSource};
        let yaml = "extends: occurrence\nmessage: x\ntoken: a\nmax: 1\npos:\n  match: NN\n";
        let source = RuleSource {
            path: "T/R.yml".into(),
            text: yaml.into(),
        };
        let file = read_yaml("T", "R", Origin::Generated, source).unwrap();
        let e = rules::read(&file).unwrap_err();
        assert!(
            e.message.contains("`pos` is not a key of occurrence rules"),
            "{e:?}"
        );
        assert_eq!(e.line(), 5);
        assert!(
            e.notes
                .iter()
                .any(|n| n.contains("`pos` is a key of existence, substitution rules")),
            "{e:?}"
        );
    }

    #[test]
    fn repetition_reads_across_inline_markup() {
        assert_eq!(repeated("Stay in *in* here.\n"), ["in *in"]);
        assert_eq!(repeated("Select **Turn on** on the bar.\n"), ["on** on"]);
        assert_eq!(
            repeated("It was [added to the API in](https://x.io/a) in May.\n"),
            ["in](https://x.io/a) in"]
        );
        // Code and a bare address read as `*`s, a word of their own.
        assert!(repeated("Stay in `x` in here.\n").is_empty());
        assert!(repeated("Then go https://x.io go there.\n").is_empty());
    }

    #[test]
    fn a_definition_any_conditional_rule_finds_serves_them_all() {
        let dir = tempfile::tempdir().unwrap();
        let style = dir.path().join("T");
        std::fs::create_dir_all(&style).unwrap();
        let rule = |second: &str| {
            format!("extends: conditional\nmessage: \"'%s'\"\nfirst: '\\b([A-Z]{{3}})\\b'\nsecond: '{second}'\n")
        };
        // Strict wants "Title Case Words (CRM)"; Loose takes any "(CRM)".
        std::fs::write(
            style.join("Strict.yml"),
            rule("(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3})\\)"),
        )
        .unwrap();
        std::fs::write(style.join("Loose.yml"), rule("\\(([A-Z]{3})\\)")).unwrap();
        let config = crate::config::Config::from_text(
            &dir.path().join(".vale.ini"),
            "StylesPath = .\n[*]\nBasedOnStyles = T\n",
        )
        .unwrap();
        let linter = Linter::new(config);
        let text =
            "A CRM first.\n\nThe customer relationship management (CRM) tool.\n\nOur CRM again.\n";
        let options = LintOptions {
            min_level: Some(Severity::Suggestion),
            ..Default::default()
        };
        let found: Vec<(String, usize)> = linter
            .lint("a.md", text.to_string(), &options)
            .outcome
            .diagnostics
            .iter()
            .map(|d| (d.rule.clone(), d.range.start))
            .collect();
        // Before the definition both flag it; from its paragraph on, the
        // loose rule's find defines CRM for the strict rule too.
        assert_eq!(
            found,
            [("T.Loose".to_string(), 2), ("T.Strict".to_string(), 2)]
        );
    }

    #[test]
    fn occurrence_counts_code_as_vale_reads_it_and_reports_after_it() {
        let rule = "extends: occurrence\nmessage: x\nscope: heading\nmax: 12\ntoken: .\n";
        // Eight stars for the code and ", words" make 15 characters.
        let source = "## `abcdefgh`, words\n";
        let comma = source.find(',').unwrap();
        assert_eq!(findings(rule, source), vec![comma..comma + 1]);
        // The code alone is not real text to report at.
        assert!(findings(rule, "## `abcdefghijklmn`\n").is_empty());
    }
}
