//! The check stage: runs a compiled rule set over a document and yields
//! diagnostics with exact byte spans.
//!
//! The document is scanned once for every rule's literals; a rule then runs
//! only on the scope units that hold one of its candidates. Each rule type
//! is a module of [`rules`]; this module is the machinery they share: the
//! texts a unit is read as, mapping findings back to the file, the verdict
//! of in-document controls, `context:`, and turning findings into
//! diagnostics.

mod action;
pub mod context;
mod edit;
mod finding;
mod message;
pub mod pos;
pub mod rules;
mod suppress;
pub mod tags;
mod views;

use std::ops::Range;

pub use action::suggestions as action_suggestions;
pub use message::format_message;

use context::ContextCache;
use finding::diagnostic;
pub(crate) use finding::{is_code_like, match_case, plain, with_action, Finding};
use rules::{CompiledRule, MetricVariables, RuleSet, RuleState};
use suppress::ReadAt;
use tags::{Tags, TextKey};
use views::{UnitText, Views};

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::scope::Unit;
use crate::document::Document;
use crate::text::Haystack;

/// The text one rule searches in one unit, as the rule types see it.
pub struct SearchInput<'a> {
    /// The unit's text (the prose view or its markup-free text) with its
    /// ASCII shadow; findings are ranges of `hay.text`.
    pub hay: Haystack<'a>,
    /// The same text as the file has it.
    pub source: &'a str,
    /// Where the unit starts in the file.
    unit_start: usize,
    /// The terms every conditional rule's `second` defines in the file,
    /// with the start of the unit that defines each.
    defined: &'a [(usize, String)],
    /// The document's part-of-speech tags, made on request.
    pub tags: &'a Tags,
    /// Which text `hay` is, for [`Tags`].
    pub text_key: TextKey,
}

impl SearchInput<'_> {
    /// Whether `term` is defined in this unit or an earlier one.
    fn is_defined(&self, term: &str) -> bool {
        self.defined
            .iter()
            .any(|(at, t)| *at <= self.unit_start && t == term)
    }
}

/// What checking one document gives.
#[derive(Debug, Default)]
pub struct CheckOutcome {
    pub diagnostics: Vec<Diagnostic>,
    /// Rules whose search gave up (a pathological pattern), once each.
    pub aborted: Vec<String>,
}

/// Sees each rule's findings in a unit where they were found, before they
/// are placed in the file: how a dialect that reports positions its own way
/// (Vale's search, in `vale::placement`) learns what it needs. Never called
/// unless asked for.
pub trait Observer {
    /// `rule` found `findings` in `unit`, whose `text` it read from file
    /// range `read`: each finding's range in `text` and in the file, in the
    /// order found (kept or not).
    fn found(
        &mut self,
        doc: &Document,
        rule: &str,
        unit: &Unit,
        read: &Range<usize>,
        text: &str,
        findings: &[(Range<usize>, Range<usize>)],
    );
}

/// Which rules of a set run on one document.
#[derive(Debug, Clone, Copy)]
pub struct RulesInEffect<'a> {
    /// Per rule of the set: whether the file's configuration enables it.
    pub enabled: &'a [bool],
    /// The styles the file is based on (which a `vale style = …` comment
    /// turns off).
    pub base_styles: &'a [String],
    /// Rules below this level do not run.
    pub min_level: Severity,
}

/// Checks `doc` with the rules of `set` that `selection` keeps.
pub fn check(
    doc: &Document,
    set: &RuleSet,
    selection: RulesInEffect,
    mut observer: Option<&mut dyn Observer>,
) -> CheckOutcome {
    let mut views = Views::new(doc, set);
    let mut candidates = set.candidates(&doc.prose);
    // A term split by markup in HTML and Org is whole in the markup-free
    // text: scan that too, so the units holding it are not passed over.
    if let Some(free) = &views.free {
        candidates.merge_mapped(set.candidates(&free.text), |p| free.map[p]);
    }
    let runs = |index: usize, rule: &CompiledRule| {
        selection.enabled.get(index).copied().unwrap_or(false) && rule.level >= selection.min_level
    };
    let defined = term_definitions(set, &mut views, &runs);
    let tags = Tags::default();
    let mut outcome = CheckOutcome::default();
    let mut summary = None;
    for (index, rule) in set.rules.iter().enumerate() {
        if !runs(index, rule) || candidates.is_absent(index) {
            continue;
        }
        let mut pass = RulePass {
            rule,
            selection,
            defined: &defined,
            tags: &tags,
            state: RuleState::default(),
            findings: Vec::new(),
        };
        for unit_index in views.selected(set, rule.selector) {
            let unit = views.units[unit_index].clone();
            if !unit.raw && !candidates.may_match(index, &unit.range) {
                continue;
            }
            if rule.matcher.measures() {
                let variables = MetricVariables::of_unit(doc, &unit, &mut summary);
                pass.measure(doc, &unit, &variables, &mut outcome);
            } else {
                let text = views.text_of(&unit, rule.matcher.reading());
                pass.search(doc, &unit, &text, &mut outcome, observer.as_deref_mut());
            }
        }
        outcome.diagnostics.extend(pass.finish(doc));
    }
    outcome.aborted.sort();
    outcome.aborted.dedup();
    outcome.diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.rule).cmp(&(b.range.start, b.range.end, &b.rule))
    });
    outcome
        .diagnostics
        .dedup_by(|a, b| a.rule == b.rule && a.range == b.range);
    outcome
}

/// The terms conditional rules define for the whole file (Vale keeps them
/// on the file, so every conditional rule sees what any of them found in
/// this block or an earlier one), with the start of the defining unit.
fn term_definitions(
    set: &RuleSet,
    views: &mut Views,
    runs: &impl Fn(usize, &CompiledRule) -> bool,
) -> Vec<(usize, String)> {
    let mut defined = Vec::new();
    for (index, rule) in set.rules.iter().enumerate() {
        let Some(second) = rule.matcher.term_definitions() else {
            continue;
        };
        if !runs(index, rule) {
            continue;
        }
        for unit_index in views.selected(set, rule.selector) {
            let unit = views.units[unit_index].clone();
            let markup_free = if unit.raw {
                None
            } else {
                views.markup_free(&unit.range)
            };
            let hay = match &markup_free {
                Some(c) => c.haystack(),
                None => views.doc.haystack(unit.range.clone(), unit.raw),
            };
            let found = second.captured_ranges_in(&hay).unwrap_or_default();
            defined.extend(
                found
                    .into_iter()
                    .map(|r| (unit.range.start, hay.text[r].to_string())),
            );
        }
    }
    defined
}

/// One rule's run over the units of one document.
struct RulePass<'a> {
    rule: &'a CompiledRule,
    selection: RulesInEffect<'a>,
    defined: &'a [(usize, String)],
    tags: &'a Tags,
    state: RuleState,
    /// Placed in the file.
    findings: Vec<Finding>,
}

impl RulePass<'_> {
    /// Whether the document's controls turn the rule off for a finding at
    /// `range` of `unit`.
    fn hidden(&self, doc: &Document, unit: &Unit, range: &Range<usize>) -> bool {
        if doc.controls.is_empty() {
            return false;
        }
        let reading = match unit.block {
            Some(b) => ReadAt::Block {
                closed_at: doc.blocks[b].closed_at,
            },
            None if unit.raw => ReadAt::Raw,
            None => ReadAt::Summary,
        };
        let def = &self.rule.def;
        suppress::suppressed(
            &doc.controls,
            self.selection.base_styles,
            &def.id,
            &def.style,
            reading,
            range,
            &doc.source[range.clone()],
        )
    }

    /// A measuring rule's verdict on one unit: one finding at the start of
    /// the file (where Vale reports it).
    fn measure(
        &mut self,
        doc: &Document,
        unit: &Unit,
        variables: &MetricVariables,
        outcome: &mut CheckOutcome,
    ) {
        if variables.is_empty() {
            return;
        }
        match self.rule.matcher.measure(variables) {
            Ok(Some(value)) if value.is_finite() && !self.hidden(doc, unit, &(0..0)) => {
                self.findings.push(plain(0..0, vec![format!("{value:.2}")]));
            }
            Ok(_) => {}
            Err(e) => outcome.aborted.push(format!(
                "{}: {e}; the rule was skipped for this file",
                self.rule.def.id
            )),
        }
    }

    /// Searches one unit and places what the rule finds in the file.
    fn search<'o>(
        &mut self,
        doc: &Document,
        unit: &Unit,
        text: &UnitText,
        outcome: &mut CheckOutcome,
        observer: Option<&mut (dyn Observer + 'o)>,
    ) {
        let hay = text.haystack(doc, unit.raw);
        let text_key = TextKey {
            start: text.range.start,
            end: text.range.end,
            markup_free: text.markup_free.is_some(),
            raw: unit.raw,
        };
        let input = SearchInput {
            hay,
            source: text.source(doc),
            unit_start: unit.range.start,
            defined: self.defined,
            tags: self.tags,
            text_key,
        };
        let mut found = Vec::new();
        if let Err(aborted) = self
            .rule
            .matcher
            .run(self.rule, &input, &mut self.state, &mut found)
        {
            outcome
                .aborted
                .push(self.rule.matcher.abandoned(&self.rule.def.id, &aborted));
        }
        // `pos:` tags only the sentences of the unit that hold a match.
        if let Some(pos) = &self.rule.pos {
            found.retain(|f| pos.allows(self.tags, text_key, hay.text, &f.range));
        }
        if found.is_empty() {
            return;
        }
        // Search for masking phrases only in a unit that produced findings.
        if let Some(phrases) = &self.rule.phrases {
            let masked = phrases.find_all_in(&hay).unwrap_or_default();
            found.retain(|f| {
                !masked
                    .iter()
                    .any(|m| m.start <= f.range.start && f.range.end <= m.end)
            });
        }
        let placed: Vec<(Range<usize>, Range<usize>)> = found
            .iter()
            .map(|f| (f.range.clone(), self.to_file(text, &f.range).0))
            .collect();
        if let Some(observer) = observer {
            observer.found(doc, &self.rule.def.id, unit, &text.range, hay.text, &placed);
        }
        let drops_split = self.rule.matcher.reading().drops_split;
        for mut f in found {
            let (range, contiguous) = self.to_file(text, &f.range);
            f.range = range;
            if !contiguous {
                if drops_split {
                    continue;
                }
                // A fix over markup would rewrite the markup.
                f.replacements.clear();
            }
            if !self.hidden(doc, unit, &f.range) {
                self.findings.push(f);
            }
        }
    }

    /// A range of the unit's text as a file range, and whether it is
    /// contiguous there (no markup inside it).
    fn to_file(&self, text: &UnitText, range: &Range<usize>) -> (Range<usize>, bool) {
        match &text.markup_free {
            Some(c) => c.to_file(range, text.range.end),
            None => (
                range.start + text.range.start..range.end + text.range.start,
                true,
            ),
        }
    }

    /// The rule's diagnostics: `context:` applied, at most `limit`.
    fn finish(self, doc: &Document) -> Vec<Diagnostic> {
        let mut findings = self.findings;
        if let Some(context) = &self.rule.context {
            let mut seen = ContextCache::default();
            findings.retain(|f| context.allows(doc, &f.range, &mut seen));
        }
        let limit = self.rule.def.limit.unwrap_or(usize::MAX);
        findings
            .into_iter()
            .take(limit)
            .map(|f| diagnostic(doc, self.rule, f))
            .collect()
    }
}
