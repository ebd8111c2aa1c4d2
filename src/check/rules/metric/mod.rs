//! `metric`: a formula over the document's counts (words, sentences,
//! syllables, headings…), reported once, at the start of the file, when
//! its condition holds.

mod formula;
mod statistics;
mod syllables;

use std::collections::BTreeMap;

pub use formula::EvalError;
use formula::Formula;
pub(super) use statistics::TextStatistics;

use super::{Compiled, Matcher as AnyMatcher, RuleDef};
use crate::document::scope::{Unit, UnitLevel};
use crate::document::Document;
use crate::error::SourceError;
use crate::styles::Fields;

pub(super) const KEYS: &[&str] = &["formula", "condition"];

#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    /// A Tengo-style arithmetic expression over the document counts.
    pub formula: String,
    /// A comparison completing `<result> …`, such as `> 8`.
    pub condition: String,
}

impl Definition {
    pub(super) fn read(fields: &Fields) -> Result<Definition, SourceError> {
        let formula = fields.text_or_empty("formula")?;
        let condition = fields.text_or_empty("condition")?;
        if formula.trim().is_empty() || condition.trim().is_empty() {
            return Err(fields.error("extends", "a metric rule needs `formula` and `condition`"));
        }
        Ok(Definition { formula, condition })
    }

    pub(super) fn compile(&self, def: &RuleDef) -> Result<Compiled, SourceError> {
        let formula = Formula::new(&self.formula, &self.condition).map_err(|e| {
            let src = &def.source;
            src.error(src.key_range(e.key), format!("invalid expression in `{}`", e.key))
                .with_note(e.message)
                .with_note("formulas use numbers, the document's counts (words, sentences, syllables…), + - * / %, parentheses, math.sqrt and the other math functions; conditions compare: `> 8`")
        })?;
        Ok(Compiled::plain(AnyMatcher::Metric(Matcher {
            formula: Box::new(formula),
        })))
    }
}

#[derive(Debug, Clone)]
pub struct Matcher {
    formula: Box<Formula>,
}

impl Matcher {
    /// The formula's value when the condition holds on these counts.
    pub(super) fn measure(&self, variables: &MetricVariables) -> Result<Option<f64>, EvalError> {
        let (value, holds) = self.formula.evaluate(&variables.list())?;
        Ok(holds.then_some(value))
    }
}

/// What a measuring rule measures: a text's counts, and for the whole
/// document how many blocks of each kind it has (`heading_h2`, `list`…).
#[derive(Debug, Clone, Default)]
pub struct MetricVariables {
    pub(super) stats: TextStatistics,
    blocks: BTreeMap<String, f64>,
}

impl MetricVariables {
    /// Vale's summary of the whole document.
    pub fn of_document(doc: &Document) -> MetricVariables {
        let (stats, blocks) = statistics::summarize(doc);
        MetricVariables { stats, blocks }
    }

    /// The counts of one unit, or of the whole document for its summary
    /// (`cache` holds that, counted once per document).
    pub fn of_unit(
        doc: &Document,
        unit: &Unit,
        cache: &mut Option<MetricVariables>,
    ) -> MetricVariables {
        if unit.level == UnitLevel::Document && !unit.raw {
            return cache
                .get_or_insert_with(|| MetricVariables::of_document(doc))
                .clone();
        }
        MetricVariables {
            stats: TextStatistics::of(&statistics::unit_text(doc, unit)),
            blocks: BTreeMap::new(),
        }
    }

    /// Nothing to measure: Vale reports nothing on a text without words.
    pub fn is_empty(&self) -> bool {
        self.stats.words == 0.0
    }

    /// Every variable a formula can name, with its value.
    pub fn list(&self) -> Vec<(String, f64)> {
        self.stats.variables(&self.blocks)
    }
}

/// The variables a metric rule's formula can name, for this document (what
/// `vale ls-metrics` prints).
pub fn document_metrics(doc: &Document) -> Vec<(String, f64)> {
    MetricVariables::of_document(doc).list()
}
