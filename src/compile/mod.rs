//! The compile stage: rules become matchers once, before any document is
//! read. Patterns are built from Vale's templates; literal prefixes of every
//! rule go into one shared [`Prefilter`].

mod guard;
mod pattern;
pub mod prefilter;
mod speller;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use pattern::uncapture;
pub use pattern::{Engine, GroupMatch, Pattern, SearchAborted};
use prefilter::{Candidates, Prefilter};
pub use speller::{go_regex, DictionaryFiles, Speller, SpellerSources};

use crate::check::capitalization::CaseCheck;
use crate::check::metric::Formula;
use crate::diagnostic::Severity;
use crate::document::scope::Selector;
use crate::error::SourceError;
use crate::styles::{ContextDef, ContextSpan, GradeMetric, RuleDef, RuleKind, SpellingDef};

/// Vale's default word template.
pub const WORD_TEMPLATE: &str = r"(?m)\b(?:%s)\b";
const NONWORD_TEMPLATE: &str = "(?m)(?:%s)";

/// Settings from the configuration that change how rules compile.
#[derive(Debug, Clone, Default)]
pub struct CompileOptions {
    /// The vocabularies' accept list: exceptions for rules with `vocab: true`.
    pub accept: Vec<String>,
    /// The INI's `WordTemplate`, replacing `\b(?:%s)\b`.
    pub word_template: Option<String>,
    /// Where spelling rules find dictionaries and word lists.
    pub styles_paths: Vec<PathBuf>,
    /// The configuration file's folder (spelling `dic`/`aff` may be
    /// relative to it).
    pub config_dir: Option<PathBuf>,
}

/// One `observed: expected` entry of a substitution rule.
#[derive(Debug, Clone)]
pub struct SwapEntry {
    /// `^(?:observed)$`, to expand `$1` in `expected` (only when it has one).
    pub observed: Option<Pattern>,
    pub expected: String,
    /// `^(?:expected)$` when `expected` is a pattern rather than a phrase:
    /// text it matches whole is already right (what keeps `Vale.Terms`
    /// quiet on correctly cased terms).
    pub already_right: Option<Pattern>,
}

/// Vale's test for an `expected` value compared as plain text.
pub fn is_phrase(expected: &str) -> bool {
    expected
        .chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
}

/// The type-specific matcher of a compiled rule.
#[derive(Debug, Clone)]
pub enum Check {
    Existence {
        pattern: Pattern,
    },
    Substitution {
        /// Entry *i* is capture group *i + 1*.
        pattern: Pattern,
        entries: Vec<SwapEntry>,
        capitalize: bool,
    },
    Occurrence {
        pattern: Pattern,
        max: usize,
        min: usize,
    },
    Repetition {
        pattern: Pattern,
        max: usize,
        alpha: bool,
        ignorecase: bool,
    },
    Consistency {
        /// Per `either` pair: group 1 is one side, group 2 the other.
        pairs: Vec<Pattern>,
    },
    Conditional {
        first: Pattern,
        second: Pattern,
        /// With a capture group, `second` defines terms for the whole file.
        defines_terms: bool,
    },
    Capitalization(Box<CaseCheck>),
    Metric(Box<Formula>),
    Readability {
        metrics: Vec<GradeMetric>,
        grade: f64,
    },
    Spelling {
        speller: Arc<Speller>,
    },
}

/// `context:` compiled.
#[derive(Debug, Clone)]
pub struct CompiledContext {
    pub span: ContextSpan,
    pub any: Option<Pattern>,
    pub none: Option<Pattern>,
}

#[derive(Debug, Clone)]
pub struct CompiledRule {
    pub def: Arc<RuleDef>,
    /// The level in effect (the configuration may override the file's).
    pub level: Severity,
    /// Index into [`CompiledRuleSet::selectors`].
    pub selector: usize,
    pub check: Check,
    pub exceptions: Option<Pattern>,
    /// Multi-word exceptions and vocabulary terms: a finding lying inside a
    /// match of these in its unit is dropped (Vale's phrase masking).
    pub phrases: Option<Pattern>,
    pub context: Option<CompiledContext>,
}

/// Every rule in use, compiled, with the shared prefilter.
#[derive(Debug)]
pub struct CompiledRuleSet {
    pub rules: Vec<CompiledRule>,
    /// Distinct scope selectors (many rules share `text`).
    pub selectors: Vec<Selector>,
    prefilter: Prefilter,
}

impl CompiledRuleSet {
    /// Compiles `rules` (each with its level in effect). Rules whose
    /// patterns do not compile are left out and reported.
    pub fn compile(
        rules: Vec<(RuleDef, Severity)>,
        options: &CompileOptions,
    ) -> (CompiledRuleSet, Vec<SourceError>) {
        let mut compiled = Vec::new();
        let mut errors = Vec::new();
        let mut selectors: Vec<Selector> = Vec::new();
        let mut literals = Vec::new();
        // Regex compilation dominates start-up: compile on every core.
        let results: Vec<_> = rules
            .into_par_iter()
            .map(|(def, level)| {
                let result = compile_rule(&def, options);
                (def, level, result)
            })
            .collect();
        for (def, level, result) in results {
            match result {
                Ok(Compiled {
                    check,
                    exceptions,
                    phrases,
                    context,
                }) => {
                    let selector = Selector::parse(&def.scope);
                    let selector_index = match selectors.iter().position(|s| *s == selector) {
                        Some(i) => i,
                        None => {
                            selectors.push(selector);
                            selectors.len() - 1
                        }
                    };
                    literals.push(prefilter_literals(&check, &selectors[selector_index]));
                    compiled.push(CompiledRule {
                        def: Arc::new(def),
                        level,
                        selector: selector_index,
                        check,
                        exceptions,
                        phrases,
                        context,
                    });
                }
                Err(e) => errors.push(e),
            }
        }
        let prefilter = Prefilter::new(&literals);
        (
            CompiledRuleSet {
                rules: compiled,
                selectors,
                prefilter,
            },
            errors,
        )
    }

    /// One scan of the prose view for every rule's literals.
    pub fn candidates(&self, prose: &str) -> Candidates {
        self.prefilter.scan(prose)
    }

    pub fn prefilter(&self) -> &Prefilter {
        &self.prefilter
    }

    pub fn find(&self, id: &str) -> Option<&CompiledRule> {
        self.rules.iter().find(|r| r.def.id == id)
    }
}

/// Only rules that report where a literal occurs can skip units without one.
fn prefilter_literals(check: &Check, selector: &Selector) -> Option<Vec<Vec<u8>>> {
    if selector.is_raw_only() {
        return None;
    }
    match check {
        Check::Existence { pattern } | Check::Substitution { pattern, .. } => {
            pattern.required_literals()
        }
        Check::Occurrence {
            pattern, min: 0, ..
        } => pattern.required_literals(),
        Check::Conditional {
            first,
            defines_terms: false,
            ..
        } => first.required_literals(),
        // A unit without either side of a pair neither records nor reports.
        Check::Consistency { pairs } => pairs.iter().try_fold(Vec::new(), |mut all, p| {
            all.extend(p.required_literals()?);
            Some(all)
        }),
        _ => None,
    }
}

struct Compiled {
    check: Check,
    exceptions: Option<Pattern>,
    phrases: Option<Pattern>,
    context: Option<CompiledContext>,
}

fn compile_rule(def: &RuleDef, options: &CompileOptions) -> Result<Compiled, SourceError> {
    let src = &def.source;
    let word_template = options.word_template.as_deref().unwrap_or(WORD_TEMPLATE);
    let fill = |template: &str, body: &str| template.replacen("%s", body, 1);
    let case = |ignorecase: bool, p: String| if ignorecase { format!("(?i){p}") } else { p };
    // Finds which entry of a list broke a joined pattern, for the error.
    let located = |key: &str, items: &[String], err: String| {
        let culprit = items.iter().find(|t| Pattern::new(t).is_err());
        let range = src.value_range(key, culprit.map(String::as_str).unwrap_or(""));
        src.error(range, format!("invalid regular expression in `{key}`"))
            .with_note(err)
            .with_note(
                "patterns are regular expressions (look-around and backreferences are supported)",
            )
    };
    let compile = |key: &str, items: &[String], pattern: String| {
        Pattern::new(&pattern).map_err(|e| located(key, items, e))
    };

    let (check, exceptions, vocab, context) = match &def.kind {
        RuleKind::Existence {
            tokens,
            raw,
            append,
            ignorecase,
            nonword,
            exceptions,
            vocab,
            context,
        } => {
            let template = if !nonword && !tokens.is_empty() {
                word_template
            } else {
                NONWORD_TEMPLATE
            };
            // `raw` goes through Go's Sprintf in Vale: `%%` is a literal `%`.
            let raw = raw.concat().replace("%%", "%");
            let body = fill(template, &tokens.join("|"));
            let pattern = if *append {
                format!("{body}{raw}")
            } else {
                format!("{raw}{body}")
            };
            let mut all: Vec<String> = tokens.clone();
            all.extend(def_raw(&def.kind));
            let pattern = compile("tokens", &all, case(*ignorecase, pattern))?;
            // Vale: vocab does not apply to nonword existence rules.
            (
                Check::Existence { pattern },
                exceptions,
                *vocab && !nonword,
                context.as_ref(),
            )
        }
        RuleKind::Substitution {
            swap,
            ignorecase,
            nonword,
            exceptions,
            vocab,
            capitalize,
            context,
        } => {
            let mut sorted: Vec<&(String, String)> = swap.iter().collect();
            // Longest first, so the longer phrase wins an alternation.
            sorted.sort_by_key(|(k, _)| std::cmp::Reverse(k.chars().count()));
            let body = sorted
                .iter()
                .map(|(k, _)| format!("({})", uncapture(k)))
                .collect::<Vec<_>>()
                .join("|");
            let template = if *nonword {
                NONWORD_TEMPLATE
            } else {
                word_template
            };
            let keys: Vec<String> = sorted.iter().map(|(k, _)| k.clone()).collect();
            let pattern = compile("swap", &keys, case(*ignorecase, fill(template, &body)))?;
            let entries = sorted
                .iter()
                .map(|(k, v)| {
                    let observed = if v.contains('$') {
                        Some(compile(
                            "swap",
                            std::slice::from_ref(k),
                            case(*ignorecase, format!("^(?:{k})$")),
                        )?)
                    } else {
                        None
                    };
                    let already_right = if is_phrase(v) || v.contains('$') {
                        None
                    } else {
                        Pattern::new(&format!("^(?:{v})$")).ok()
                    };
                    Ok(SwapEntry {
                        observed,
                        expected: v.clone(),
                        already_right,
                    })
                })
                .collect::<Result<Vec<_>, SourceError>>()?;
            (
                Check::Substitution {
                    pattern,
                    entries,
                    capitalize: *capitalize,
                },
                exceptions,
                *vocab,
                context.as_ref(),
            )
        }
        RuleKind::Occurrence {
            token,
            max,
            min,
            ignorecase,
        } => {
            let pattern = compile(
                "token",
                std::slice::from_ref(token),
                case(*ignorecase, format!("(?:{token})")),
            )?;
            (
                Check::Occurrence {
                    pattern,
                    max: *max,
                    min: *min,
                },
                &Vec::new(),
                false,
                None,
            )
        }
        RuleKind::Repetition {
            tokens,
            max,
            alpha,
            ignorecase,
            exceptions,
            vocab,
        } => {
            let pattern = compile(
                "tokens",
                tokens,
                case(*ignorecase, format!("({})", tokens.join("|"))),
            )?;
            (
                Check::Repetition {
                    pattern,
                    max: *max,
                    alpha: *alpha,
                    ignorecase: *ignorecase,
                },
                exceptions,
                *vocab,
                None,
            )
        }
        RuleKind::Consistency {
            either,
            nonword,
            ignorecase,
        } => {
            let template = if *nonword {
                NONWORD_TEMPLATE
            } else {
                word_template
            };
            let pairs = either
                .iter()
                .map(|(a, b)| {
                    let body = format!("({})|({})", uncapture(a), uncapture(b));
                    compile(
                        "either",
                        &[a.clone(), b.clone()],
                        case(*ignorecase, fill(template, &body)),
                    )
                })
                .collect::<Result<Vec<_>, _>>()?;
            (Check::Consistency { pairs }, &Vec::new(), false, None)
        }
        RuleKind::Conditional {
            first,
            second,
            exceptions,
            vocab,
        } => {
            let first_p = compile("first", std::slice::from_ref(first), first.clone())?;
            let second_p = compile("second", std::slice::from_ref(second), second.clone())?;
            let defines_terms = second_p.group_count() > 0;
            (
                Check::Conditional {
                    first: first_p,
                    second: second_p,
                    defines_terms,
                },
                exceptions,
                *vocab,
                None,
            )
        }
        RuleKind::Spelling(spelling) => {
            let sources = spelling_sources(spelling, options)
                .map_err(|(key, message)| src.error(src.key_range(key), message))?;
            let speller = Speller::new(
                &sources,
                spelling.custom,
                &spelling.filters,
                &options.accept,
            )
            .map_err(|e| {
                src.error(src.key_range("extends"), "cannot load this spelling rule")
                    .with_note(e)
            })?;
            // Spelling always honours the vocabularies (in the speller,
            // case-insensitively) and masks their phrases.
            (
                Check::Spelling {
                    speller: Arc::new(speller),
                },
                &Vec::new(),
                true,
                None,
            )
        }
        RuleKind::Capitalization {
            case,
            exceptions,
            vocab,
            indicators,
            threshold,
            prefix,
        } => {
            let accept: &[String] = if *vocab { &options.accept } else { &[] };
            let terms: Vec<String> = exceptions.iter().chain(accept).cloned().collect();
            let except = exception_pattern(&terms).map_err(|e| {
                src.error(
                    src.key_range("exceptions"),
                    "invalid regular expression in `exceptions`",
                )
                .with_note(e)
            })?;
            let check = CaseCheck::new(
                case, exceptions, accept, except, indicators, *threshold, prefix,
            )
            .map_err(|e| {
                src.error(
                    src.key_range(e.key),
                    format!("invalid regular expression in `{}`", e.key),
                )
                .with_note(e.message)
            })?;
            (
                Check::Capitalization(Box::new(check)),
                exceptions,
                *vocab,
                None,
            )
        }
        RuleKind::Metric { formula, condition } => {
            let formula = Formula::new(formula, condition).map_err(|(key, e)| {
                src.error(src.key_range(key), format!("invalid expression in `{key}`"))
                    .with_note(e)
                    .with_note("formulas use numbers, the document's counts (words, sentences, syllables…), + - * / %, parentheses, math.sqrt and the other math functions; conditions compare: `> 8`")
            })?;
            (Check::Metric(Box::new(formula)), &Vec::new(), false, None)
        }
        RuleKind::Readability { metrics, grade } => (
            Check::Readability {
                metrics: metrics.clone(),
                grade: *grade,
            },
            &Vec::new(),
            false,
            None,
        ),
    };

    let mut terms: Vec<String> = exceptions.clone();
    if vocab {
        terms.extend(options.accept.iter().cloned());
    }
    let spelling = matches!(def.kind, RuleKind::Spelling(_));
    let exceptions = exception_pattern(if spelling { &[] } else { &terms }).map_err(|e| {
        src.error(
            src.key_range("exceptions"),
            "invalid regular expression in `exceptions`",
        )
        .with_note(e)
    })?;
    let context = context
        .map(|c| {
            compile_context(c).map_err(|e| {
                src.error(
                    src.key_range("context"),
                    "invalid regular expression in `context`",
                )
                .with_note(e)
            })
        })
        .transpose()?;
    // Vale masks phrases for these types only (not nonword existence).
    let masks = match &def.kind {
        RuleKind::Existence { nonword, .. } => !nonword,
        RuleKind::Substitution { .. }
        | RuleKind::Repetition { .. }
        | RuleKind::Conditional { .. }
        | RuleKind::Spelling(_) => true,
        _ => false,
    };
    let phrases = if masks { phrase_pattern(&terms) } else { None };
    Ok(Compiled {
        check,
        exceptions,
        phrases,
        context,
    })
}

/// `(?i)\b(?:p1|p2)\b` over the multi-word terms (a space, a tab or `\s`).
fn phrase_pattern(terms: &[String]) -> Option<Pattern> {
    let phrases: Vec<&String> = terms
        .iter()
        .filter(|t| t.contains(' ') || t.contains('\t') || t.contains("\\s"))
        .collect();
    if phrases.is_empty() {
        return None;
    }
    let body = phrases
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join("|");
    Pattern::new(&format!(r"(?i)\b(?:{body})\b")).ok()
}

fn def_raw(kind: &RuleKind) -> Vec<String> {
    match kind {
        RuleKind::Existence { raw, .. } => raw.clone(),
        _ => Vec::new(),
    }
}

/// Vale's exception regex: longest first, case-sensitive unless an entry
/// says `(?i)`, whole words, tested anywhere in the matched text.
fn exception_pattern(terms: &[String]) -> Result<Option<Pattern>, String> {
    let mut terms: Vec<&String> = terms.iter().filter(|t| !t.trim().is_empty()).collect();
    if terms.is_empty() {
        return Ok(None);
    }
    terms.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    terms.dedup();
    let body = terms
        .iter()
        .map(|t| {
            if t.starts_with("(?i)") {
                t.to_string()
            } else {
                format!("(?-i){t}")
            }
        })
        .collect::<Vec<_>>()
        .join("|");
    Pattern::new(&format!(r"(?m)\b(?:{body})\b")).map(Some)
}

fn compile_context(c: &ContextDef) -> Result<CompiledContext, String> {
    let words = |terms: &[String]| -> Result<Option<Pattern>, String> {
        if terms.is_empty() {
            return Ok(None);
        }
        Pattern::new(&format!(r"(?i)\b(?:{})\b", terms.join("|"))).map(Some)
    };
    Ok(CompiledContext {
        span: c.span,
        any: words(&c.any)?,
        none: words(&c.none)?,
    })
}

/// A spelling rule's dictionaries and word lists, found as Vale finds
/// them; an error names the key at fault.
fn spelling_sources(
    def: &SpellingDef,
    options: &CompileOptions,
) -> Result<SpellerSources, (&'static str, String)> {
    let styles = &options.styles_paths;
    let looked = |places: &[PathBuf]| {
        places
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut sources = SpellerSources::default();

    // `dic` + `aff`: absolute, under StylesPath (or its
    // config/dictionaries), or beside the configuration.
    let asset = |name: &str| -> Vec<PathBuf> {
        let mut places = vec![PathBuf::from(name)];
        for sp in styles {
            places.push(sp.join(name));
            places.push(sp.join("config").join("dictionaries").join(name));
        }
        places.extend(options.config_dir.iter().map(|d| d.join(name)));
        places
    };
    if !def.dic.is_empty() || !def.aff.is_empty() {
        let mut pair = Vec::new();
        for (key, name) in [("dic", &def.dic), ("aff", &def.aff)] {
            let places = asset(name);
            match places.iter().find(|p| p.is_file()) {
                Some(found) if !name.is_empty() => pair.push(found.clone()),
                _ => {
                    return Err((
                        key,
                        format!(
                            "`{key}` file `{name}` not found (looked in: {})",
                            looked(&places)
                        ),
                    ))
                }
            }
        }
        sources
            .files
            .push(DictionaryFiles::new(pair[0].clone(), pair[1].clone()));
        return Ok(sources);
    }

    let default_dir: Vec<PathBuf> = styles
        .iter()
        .map(|sp| sp.join("config").join("dictionaries"))
        .collect();
    let mut dirs: Vec<PathBuf> = if def.dicpath.is_empty() {
        default_dir.clone()
    } else {
        let mut places = vec![PathBuf::from(&def.dicpath)];
        places.extend(styles.iter().map(|sp| sp.join(&def.dicpath)));
        match places.iter().find(|p| p.is_dir()) {
            Some(dir) => vec![dir.clone()],
            None => {
                return Err((
                    "dicpath",
                    format!(
                        "unable to resolve dicpath `{}` (looked in: {})",
                        def.dicpath,
                        looked(&places)
                    ),
                ))
            }
        }
    };
    dirs.extend(std::env::var_os("DICPATH").map(PathBuf::from));

    for name in &def.dictionaries {
        let find = |ext: &str| {
            dirs.iter()
                .map(|d| d.join(format!("{name}.{ext}")))
                .find(|p| p.is_file())
        };
        match (find("dic"), find("aff")) {
            (Some(dic), Some(aff)) => sources.files.push(DictionaryFiles::new(dic, aff)),
            _ => {
                return Err((
                    "dictionaries",
                    format!(
                        "dictionary `{name}` not found: no {name}.dic and {name}.aff in {}",
                        looked(&dirs)
                    ),
                ))
            }
        }
    }
    sources.embedded = def.dictionaries.is_empty() || def.append;

    if def.builtin {
        // Vale.Spelling: every dictionary in config/dictionaries and every
        // word list in config/ignore.
        for dir in &default_dir {
            for dic in files_with_extension(dir, "dic", false) {
                let aff = dic.with_extension("aff");
                if aff.is_file() {
                    sources.files.push(DictionaryFiles::new(dic, aff));
                }
            }
        }
        for sp in styles {
            sources.word_lists.extend(files_with_extension(
                &sp.join("config").join("ignore"),
                "txt",
                true,
            ));
        }
        return Ok(sources);
    }

    // `ignore`: absolute (or from the working directory), under
    // StylesPath, or under StylesPath/config/ignore; every one that exists.
    for list in &def.ignore {
        let mut places = vec![PathBuf::from(list)];
        for sp in styles {
            places.push(sp.join(list));
            places.push(sp.join("config").join("ignore").join(list));
        }
        let found: Vec<PathBuf> = places.iter().filter(|p| p.is_file()).cloned().collect();
        if found.is_empty() {
            return Err((
                "ignore",
                format!(
                    "word list `{list}` not found (looked in: {})",
                    looked(&places)
                ),
            ));
        }
        for f in found {
            if !sources.word_lists.contains(&f) {
                sources.word_lists.push(f);
            }
        }
    }
    Ok(sources)
}

/// The files in `dir` (and below it, if `deep`) ending in `.ext`, sorted.
fn files_with_extension(dir: &Path, ext: &str, deep: bool) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if deep {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == ext) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}
