//! The rule types, one module each: the keys the type takes, its
//! definition read from the YAML, its compiled matcher and its run over a
//! unit of text, with its tests. [`RuleType`], [`Definition`] and
//! [`Matcher`] dispatch over them; adding a type is adding a module and an
//! arm to each.

mod capitalization;
mod conditional;
mod consistency;
mod existence;
mod metric;
mod occurrence;
mod readability;
mod repetition;
mod script;
mod sequence;
mod spelling;
mod substitution;
pub mod vale_style;

use std::sync::Arc;

use rayon::prelude::*;

pub use metric::{document_metrics, EvalError, MetricVariables};

use super::context::{Context, ContextDef};
use super::pos::Pos;
use super::{Finding, SearchInput};
use crate::compile::prefilter::{Candidates, Prefilter};
use crate::compile::{
    exception_pattern, invalid_exceptions, CompileOptions, Pattern, SearchAborted,
};
use crate::diagnostic::{Applicability, Severity};
use crate::document::scope::Selector;
use crate::error::SourceError;
use crate::styles::paths::Resolver;
use crate::styles::{read_common, Rule, RuleFile, COMMON_KEYS};

/// A loaded, validated rule.
pub type RuleDef = Rule<Definition>;

/// A Vale rule type (`extends:`) that parlance runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleType {
    Existence,
    Substitution,
    Occurrence,
    Repetition,
    Consistency,
    Conditional,
    Spelling,
    Capitalization,
    Metric,
    Readability,
    Script,
    Sequence,
}

/// Vale rule types parlance does not run yet (none today): such a rule is
/// skipped with a notice, never silently.
const NOT_YET: &[&str] = &[];

impl RuleType {
    pub const ALL: &'static [RuleType] = &[
        RuleType::Existence,
        RuleType::Substitution,
        RuleType::Occurrence,
        RuleType::Repetition,
        RuleType::Consistency,
        RuleType::Conditional,
        RuleType::Spelling,
        RuleType::Capitalization,
        RuleType::Metric,
        RuleType::Readability,
        RuleType::Script,
        RuleType::Sequence,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RuleType::Existence => "existence",
            RuleType::Substitution => "substitution",
            RuleType::Occurrence => "occurrence",
            RuleType::Repetition => "repetition",
            RuleType::Consistency => "consistency",
            RuleType::Conditional => "conditional",
            RuleType::Spelling => "spelling",
            RuleType::Capitalization => "capitalization",
            RuleType::Metric => "metric",
            RuleType::Readability => "readability",
            RuleType::Script => "script",
            RuleType::Sequence => "sequence",
        }
    }

    pub fn from_name(name: &str) -> Option<RuleType> {
        RuleType::ALL.iter().copied().find(|t| t.name() == name)
    }

    /// The keys this type takes besides [`COMMON_KEYS`].
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            RuleType::Existence => existence::KEYS,
            RuleType::Substitution => substitution::KEYS,
            RuleType::Occurrence => occurrence::KEYS,
            RuleType::Repetition => repetition::KEYS,
            RuleType::Consistency => consistency::KEYS,
            RuleType::Conditional => conditional::KEYS,
            RuleType::Spelling => spelling::KEYS,
            RuleType::Capitalization => capitalization::KEYS,
            RuleType::Metric => metric::KEYS,
            RuleType::Readability => readability::KEYS,
            RuleType::Script => script::KEYS,
            RuleType::Sequence => sequence::KEYS,
        }
    }

    /// Vale decodes these types weakly: keys of no use to them are ignored
    /// (gitlab's Spelling.yml sets `vocab`).
    fn ignores_unknown_keys(self) -> bool {
        matches!(self, RuleType::Consistency | RuleType::Spelling)
    }

    fn names() -> String {
        RuleType::ALL
            .iter()
            .map(|t| t.name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A rule's type-specific keys, read from its YAML.
#[derive(Debug, Clone, PartialEq)]
pub enum Definition {
    Existence(existence::Definition),
    Substitution(substitution::Definition),
    Occurrence(occurrence::Definition),
    Repetition(repetition::Definition),
    Consistency(consistency::Definition),
    Conditional(conditional::Definition),
    Spelling(spelling::Definition),
    Capitalization(capitalization::Definition),
    Metric(metric::Definition),
    Readability(readability::Definition),
    Script(script::Definition),
    Sequence(sequence::Definition),
}

impl Definition {
    pub fn rule_type(&self) -> RuleType {
        match self {
            Definition::Existence(_) => RuleType::Existence,
            Definition::Substitution(_) => RuleType::Substitution,
            Definition::Occurrence(_) => RuleType::Occurrence,
            Definition::Repetition(_) => RuleType::Repetition,
            Definition::Consistency(_) => RuleType::Consistency,
            Definition::Conditional(_) => RuleType::Conditional,
            Definition::Spelling(_) => RuleType::Spelling,
            Definition::Capitalization(_) => RuleType::Capitalization,
            Definition::Metric(_) => RuleType::Metric,
            Definition::Readability(_) => RuleType::Readability,
            Definition::Script(_) => RuleType::Script,
            Definition::Sequence(_) => RuleType::Sequence,
        }
    }

    /// How the rule's suggestion is applied by default, for `parlance
    /// explain`.
    pub fn fix_summary(&self, action: Option<&str>) -> &'static str {
        match (self, action) {
            (Definition::Substitution(s), _) => s.fix_summary(),
            (_, Some("replace")) => Applicability::Safe.as_str(),
            (_, Some("remove" | "edit" | "convert")) => Applicability::Unsafe.as_str(),
            (Definition::Spelling(_), Some("suggest")) => "corrections offered in the editor",
            _ => "none (no suggestion)",
        }
    }
}

/// What reading one rule file gives.
#[derive(Debug)]
pub enum Read {
    Rule(Box<RuleDef>),
    /// A Vale rule type parlance does not run yet.
    Unsupported {
        extends: String,
    },
}

/// Validates a rule file: its type, its keys (every key must be one the
/// type takes), the common keys and the type's own.
pub fn read(file: &RuleFile) -> Result<Read, SourceError> {
    let fields = file.fields();
    let source = &file.source;
    let extends = match fields.text("extends")? {
        Some(e) if !e.trim().is_empty() => e.trim().to_string(),
        _ => {
            return Err(source
                .error(0..0, "missing `extends`: every rule names its type")
                .with_note(format!("use one of: {}", RuleType::names())))
        }
    };
    if NOT_YET.contains(&extends.as_str()) {
        return Ok(Read::Unsupported { extends });
    }
    let Some(rule_type) = RuleType::from_name(&extends) else {
        return Err(source
            .error(
                fields.key_range("extends"),
                format!("unknown rule type `{extends}`"),
            )
            .with_note(format!("use one of: {}", RuleType::names())));
    };
    let filtered;
    let file = if rule_type.ignores_unknown_keys() {
        let allowed = |k: &str| COMMON_KEYS.contains(&k) || rule_type.keys().contains(&k);
        filtered = RuleFile {
            map: file.map.filtered(allowed),
            ..file.clone()
        };
        &filtered
    } else {
        check_keys(file, rule_type)?;
        file
    };
    let common = read_common(file, rule_type.name())?;
    let fields = file.fields();
    let definition = match rule_type {
        RuleType::Existence => Definition::Existence(existence::Definition::read(&fields)?),
        RuleType::Substitution => {
            Definition::Substitution(substitution::Definition::read(&fields)?)
        }
        RuleType::Occurrence => Definition::Occurrence(occurrence::Definition::read(&fields)?),
        RuleType::Repetition => Definition::Repetition(repetition::Definition::read(&fields)?),
        RuleType::Consistency => Definition::Consistency(consistency::Definition::read(&fields)?),
        RuleType::Conditional => Definition::Conditional(conditional::Definition::read(&fields)?),
        RuleType::Spelling => Definition::Spelling(spelling::Definition::read(&fields)?),
        RuleType::Capitalization => {
            Definition::Capitalization(capitalization::Definition::read(&fields)?)
        }
        RuleType::Metric => Definition::Metric(metric::Definition::read(&fields)?),
        RuleType::Readability => Definition::Readability(readability::Definition::read(&fields)?),
        RuleType::Script => Definition::Script(script::Definition::read(&fields)?),
        RuleType::Sequence => Definition::Sequence(sequence::Definition::read(&fields)?),
    };
    let mut rule = common.with(definition);
    // Measuring rules read the whole document unless they name other
    // blocks; `text` is what an unset scope used to mean (as in Vale).
    let measures = matches!(rule_type, RuleType::Metric | RuleType::Readability);
    if measures && (rule.scope.is_empty() || rule.scope == ["text"]) {
        rule.scope = vec!["summary".to_string()];
    }
    // Vale 3.7.1 quirk (docs/vale-compatibility.md#quirk-sequence-scope):
    // a sequence rule reads sentences whatever its `scope` says.
    if rule_type == RuleType::Sequence {
        rule.scope = vec!["sentence".to_string()];
    }
    Ok(Read::Rule(Box::new(rule)))
}

/// Every key must be a common key or one of the type's: a key no type
/// takes first (in file order), then a key of another type.
fn check_keys(file: &RuleFile, rule_type: RuleType) -> Result<(), SourceError> {
    let fields = file.fields();
    let known =
        |k: &str| COMMON_KEYS.contains(&k) || RuleType::ALL.iter().any(|t| t.keys().contains(&k));
    if let Some(key) = fields.keys().find(|k| !known(k)) {
        return Err(fields
            .error(key, format!("unknown key `{key}`"))
            .with_note("Vale rule files accept only the keys of their `extends` type; see `parlance explain` or the README's rule reference"));
    }
    let allowed = rule_type.keys();
    if let Some(key) = fields
        .keys()
        .find(|k| !COMMON_KEYS.contains(k) && !allowed.contains(k))
    {
        let name = rule_type.name();
        let owners: Vec<&str> = RuleType::ALL
            .iter()
            .filter(|t| t.keys().contains(&key))
            .map(|t| t.name())
            .collect();
        return Err(fields
            .error(key, format!("`{key}` is not a key of {name} rules"))
            .with_note(format!("`{key}` is a key of {} rules", owners.join(", ")))
            .with_note(format!(
                "{name} rules take: {}",
                COMMON_KEYS
                    .iter()
                    .chain(allowed)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
    }
    Ok(())
}

/// What compiling rules may look up: the configuration's settings and
/// where the StylesPath keeps dictionaries and word lists.
#[derive(Debug, Clone, Copy)]
pub struct Env<'a> {
    pub options: &'a CompileOptions,
    pub resolver: &'a Resolver,
    /// What compiling found worth saying about rules that still run.
    pub notices: &'a std::sync::Mutex<Vec<crate::error::Notice>>,
}

impl Env<'_> {
    /// A notice about `def`'s file; the rule still runs.
    fn notice(&self, def: &RuleDef, message: String) {
        let notice = crate::error::Notice {
            path: def.source.path.clone(),
            message,
        };
        self.notices
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(notice);
    }

    /// A rule's exceptions, with the vocabularies' accepted terms when
    /// the rule honours them.
    fn terms(&self, exceptions: &[String], vocab: bool) -> Vec<String> {
        let mut terms = exceptions.to_vec();
        if vocab {
            terms.extend(self.options.accept.iter().cloned());
        }
        terms
    }
}

/// A type's matcher with the filters every type may have.
struct Compiled {
    matcher: Matcher,
    exceptions: Option<Pattern>,
    phrases: Option<Pattern>,
    context: Option<Context>,
    pos: Option<Pos>,
}

impl Compiled {
    fn plain(matcher: Matcher) -> Compiled {
        Compiled {
            matcher,
            exceptions: None,
            phrases: None,
            context: None,
            pos: None,
        }
    }
}

/// Vale's exception regex over `terms`, as a rule file error.
fn exceptions_of(def: &RuleDef, terms: &[String]) -> Result<Option<Pattern>, SourceError> {
    exception_pattern(terms).map_err(|e| invalid_exceptions(&def.source, &e))
}

/// `context:` compiled, as a rule file error.
fn context_of(def: &RuleDef, context: Option<&ContextDef>) -> Result<Option<Context>, SourceError> {
    context
        .map(|c| {
            Context::compile(c).map_err(|e| {
                def.source
                    .error(
                        def.source.key_range("context"),
                        "invalid regular expression in `context`",
                    )
                    .with_note(e.to_string())
            })
        })
        .transpose()
}

fn compile_rule(def: &RuleDef, env: &Env) -> Result<Compiled, SourceError> {
    match &def.definition {
        Definition::Existence(d) => d.compile(def, env),
        Definition::Substitution(d) => d.compile(def, env),
        Definition::Occurrence(d) => d.compile(def, env),
        Definition::Repetition(d) => d.compile(def, env),
        Definition::Consistency(d) => d.compile(def, env),
        Definition::Conditional(d) => d.compile(def, env),
        Definition::Spelling(d) => d.compile(def, env),
        Definition::Capitalization(d) => d.compile(def, env),
        Definition::Metric(d) => d.compile(def),
        Definition::Readability(d) => Ok(d.compile()),
        Definition::Script(d) => d.compile(def, env),
        Definition::Sequence(d) => d.compile(def, env),
    }
}

/// A rule type's compiled matcher.
#[derive(Debug, Clone)]
pub enum Matcher {
    Existence(existence::Matcher),
    Substitution(substitution::Matcher),
    Occurrence(occurrence::Matcher),
    Repetition(repetition::Matcher),
    Consistency(consistency::Matcher),
    Conditional(conditional::Matcher),
    Spelling(spelling::Matcher),
    Capitalization(capitalization::Matcher),
    Metric(metric::Matcher),
    Readability(readability::Matcher),
    Script(script::Matcher),
    Sequence(sequence::Matcher),
}

/// How a rule type reads a unit of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextView {
    /// The unit's text without inline markup, as Vale's text has it
    /// (`the **Project** field` reads `the Project field`); otherwise
    /// the prose view.
    pub markup_free: bool,
    /// Vale 3.7.1 quirk (docs/vale-compatibility.md#quirk-edge-code): a
    /// heading that starts or ends with inline code is read with the code
    /// (as stars), where the prose view stops short.
    pub with_edge_code: bool,
    /// Vale 3.7.1 quirk (docs/vale-compatibility.md#quirk-split-words): a
    /// finding that markup splits in the file (`in[Connect`) is dropped,
    /// as Vale cannot place it.
    pub drops_split: bool,
}

/// What a rule keeps from one unit to the next within a file.
#[derive(Debug, Default)]
pub struct RuleState {
    /// consistency: which side of each pair has been seen.
    seen: Vec<[bool; 2]>,
}

impl Matcher {
    pub fn reading(&self) -> TextView {
        let (markup_free, with_edge_code, drops_split) = match self {
            Matcher::Existence(_)
            | Matcher::Substitution(_)
            | Matcher::Conditional(_)
            | Matcher::Repetition(_)
            | Matcher::Script(_)
            | Matcher::Sequence(_) => (true, false, false),
            Matcher::Spelling(_) => (true, false, true),
            Matcher::Capitalization(_) | Matcher::Occurrence(_) => (true, true, false),
            Matcher::Consistency(_) | Matcher::Metric(_) | Matcher::Readability(_) => {
                (false, false, false)
            }
        };
        TextView {
            markup_free,
            with_edge_code,
            drops_split,
        }
    }

    /// Metric and readability rules measure counted text instead of
    /// searching it.
    pub fn measures(&self) -> bool {
        matches!(self, Matcher::Metric(_) | Matcher::Readability(_))
    }

    /// A conditional rule whose `second` captures defines terms for the
    /// whole file (Vale's acronym definitions): that pattern.
    pub fn term_definitions(&self) -> Option<&Pattern> {
        match self {
            Matcher::Conditional(c) => c.term_definitions(),
            _ => None,
        }
    }

    /// Runs the rule on one unit; findings have ranges relative to it.
    pub fn run(
        &self,
        rule: &CompiledRule,
        input: &SearchInput,
        state: &mut RuleState,
        out: &mut Vec<Finding>,
    ) -> Result<(), SearchAborted> {
        match self {
            Matcher::Existence(m) => m.run(rule, input, out),
            Matcher::Substitution(m) => m.run(rule, input, out),
            Matcher::Occurrence(m) => m.run(input, out),
            Matcher::Repetition(m) => m.run(rule, input, out),
            Matcher::Consistency(m) => m.run(rule, input, &mut state.seen, out),
            Matcher::Conditional(m) => m.run(rule, input, out),
            Matcher::Spelling(m) => m.run(input, out),
            Matcher::Capitalization(m) => m.run(rule, input, out),
            Matcher::Script(m) => m.run(input, out),
            Matcher::Sequence(m) => m.run(rule, input, out),
            // Measured over counted text by the driver, not searched.
            Matcher::Metric(_) | Matcher::Readability(_) => Ok(()),
        }
    }

    /// A measuring rule's verdict on counted text: the value to report
    /// when the rule's condition holds.
    pub fn measure(&self, variables: &MetricVariables) -> Result<Option<f64>, EvalError> {
        match self {
            Matcher::Metric(m) => m.measure(variables),
            Matcher::Readability(m) => Ok(m.measure(variables)),
            _ => Ok(None),
        }
    }

    /// The warning for a unit where the rule gave up: a pattern that
    /// backtracked too much, or a script that failed.
    pub fn abandoned(&self, rule: &str, aborted: &SearchAborted) -> String {
        match self {
            Matcher::Script(_) => format!(
                "{rule}: script failed ({}); the rule reported nothing in that block",
                aborted.0
            ),
            _ => format!(
                "{rule}: search abandoned in one block ({}); the pattern backtracks too much",
                aborted.0
            ),
        }
    }

    /// Literals one of which every match holds, for the prefilter; `None`
    /// when the rule must run everywhere.
    fn required_literals(&self) -> Option<Vec<Vec<u8>>> {
        match self {
            Matcher::Existence(m) => m.required_literals(),
            Matcher::Substitution(m) => m.required_literals(),
            Matcher::Occurrence(m) => m.required_literals(),
            Matcher::Conditional(m) => m.required_literals(),
            Matcher::Consistency(m) => m.required_literals(),
            Matcher::Sequence(m) => m.required_literals(),
            _ => None,
        }
    }

    /// Corrections for a word a spelling rule flagged.
    pub fn spelling_suggestions(&self, word: &str) -> Vec<String> {
        match self {
            Matcher::Spelling(m) => m.suggest(word),
            _ => Vec::new(),
        }
    }
}

/// One rule, compiled, with its level in effect.
#[derive(Debug, Clone)]
pub struct CompiledRule {
    pub def: Arc<RuleDef>,
    /// The level in effect (the configuration may override the file's).
    pub level: Severity,
    /// Index into [`RuleSet::selectors`].
    pub selector: usize,
    pub matcher: Matcher,
    exceptions: Option<Pattern>,
    /// Multi-word exceptions and vocabulary terms: a finding lying inside a
    /// match of these in its unit is dropped (Vale's phrase masking).
    pub phrases: Option<Pattern>,
    pub context: Option<Context>,
    /// `pos:`: the tags the match and its neighbours must have.
    pub pos: Option<Pos>,
}

impl CompiledRule {
    /// Whether `text` is one of the rule's exceptions.
    fn is_exception(&self, text: &str) -> Result<bool, SearchAborted> {
        match &self.exceptions {
            Some(p) => p.is_match(text),
            None => Ok(false),
        }
    }
}

/// Every rule in use, compiled, with the shared prefilter.
#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<CompiledRule>,
    /// Distinct scope selectors (many rules share `text`).
    pub selectors: Vec<Selector>,
    prefilter: Prefilter,
}

impl RuleSet {
    /// Compiles `rules` (each with its level in effect). Rules whose
    /// patterns do not compile are left out and reported.
    pub fn compile(rules: Vec<(RuleDef, Severity)>, env: &Env) -> (RuleSet, Vec<SourceError>) {
        let mut compiled = Vec::new();
        let mut errors = Vec::new();
        let mut selectors: Vec<Selector> = Vec::new();
        let mut literals = Vec::new();
        // Regex compilation dominates start-up: compile on every core.
        let results: Vec<_> = rules
            .into_par_iter()
            .map(|(def, level)| {
                let result = compile_rule(&def, env);
                (def, level, result)
            })
            .collect();
        for (def, level, result) in results {
            let c = match result {
                Ok(c) => c,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let selector = Selector::parse(&def.scope);
            let selector_index = match selectors.iter().position(|s| *s == selector) {
                Some(i) => i,
                None => {
                    selectors.push(selector);
                    selectors.len() - 1
                }
            };
            // Only rules that report where a literal occurs can skip units
            // without one.
            let raw_only = selectors[selector_index].is_raw_only();
            literals.push((!raw_only).then(|| c.matcher.required_literals()).flatten());
            compiled.push(CompiledRule {
                def: Arc::new(def),
                level,
                selector: selector_index,
                matcher: c.matcher,
                exceptions: c.exceptions,
                phrases: c.phrases,
                context: c.context,
                pos: c.pos,
            });
        }
        let prefilter = Prefilter::new(&literals);
        (
            RuleSet {
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

#[cfg(test)]
mod tests;
