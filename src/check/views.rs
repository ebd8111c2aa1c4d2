//! The texts rules read in one document, made once and shared: the units
//! each scope selects, and each unit's markup-free text.

use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use crate::config::format::Format;
use crate::document::scope::{self, Unit, UnitLevel};
use crate::document::{Document, MarkupFree};
use crate::text::Haystack;

use super::rules::{RuleSet, TextView};

/// One document's units and texts, computed on first use.
pub(super) struct Views<'d> {
    pub doc: &'d Document,
    pub units: Vec<Unit>,
    /// In HTML and Org, the markup-free text of the whole document, which
    /// each unit's is cut from.
    pub free: Option<MarkupFree>,
    /// Per selector of the rule set: the indices of the units it picks.
    selected: Vec<Option<Vec<usize>>>,
    /// Each unit's markup-free text, made once for every rule that reads it.
    markup_free_texts: HashMap<(usize, usize), Option<Rc<MarkupFree>>>,
}

/// The text one rule searches in one unit.
pub(super) struct UnitText {
    /// The file range read (a unit's, or wider: see [`TextView`]).
    pub range: Range<usize>,
    /// The markup-free text, when the rule reads it and it differs from
    /// the prose view.
    pub markup_free: Option<Rc<MarkupFree>>,
}

impl UnitText {
    pub fn haystack<'a>(&'a self, doc: &'a Document, raw: bool) -> Haystack<'a> {
        match &self.markup_free {
            Some(c) => c.haystack(),
            None => doc.haystack(self.range.clone(), raw),
        }
    }

    /// The same text of the file (the source for raw units).
    pub fn source<'a>(&'a self, doc: &'a Document) -> &'a str {
        match &self.markup_free {
            Some(c) => c.text.as_str(),
            None => &doc.source[self.range.clone()],
        }
    }
}

impl<'d> Views<'d> {
    pub fn new(doc: &'d Document, set: &RuleSet) -> Views<'d> {
        let with_sentences = set.selectors.iter().any(|s| s.wants_sentences());
        // In HTML and Org a term may be split by markup or a character
        // reference (`win&#45;win`) that the markup-free text joins.
        let free = matches!(doc.format, Format::Html | Format::Org)
            .then(|| doc.markup_free(0..doc.prose.len()))
            .flatten();
        Views {
            doc,
            units: scope::units(doc, with_sentences),
            free,
            selected: vec![None; set.selectors.len()],
            markup_free_texts: HashMap::new(),
        }
    }

    /// The units selector `index` of `set` picks, in document order.
    pub fn selected(&mut self, set: &RuleSet, index: usize) -> Vec<usize> {
        let (units, doc) = (&self.units, self.doc);
        self.selected[index]
            .get_or_insert_with(|| set.selectors[index].select(units, &doc.extension))
            .clone()
    }

    /// The markup-free text of `range`, made once for every rule that
    /// reads it.
    pub fn markup_free(&mut self, range: &Range<usize>) -> Option<Rc<MarkupFree>> {
        let (doc, free) = (self.doc, &self.free);
        self.markup_free_texts
            .entry((range.start, range.end))
            .or_insert_with(|| match free {
                Some(free) => Some(Rc::new(free.slice(range))),
                None => doc.markup_free(range.clone()).map(Rc::new),
            })
            .clone()
    }

    /// What a rule that reads as `reading` searches of `unit`.
    pub fn text_of(&mut self, unit: &Unit, reading: TextView) -> UnitText {
        let range = if reading.with_edge_code && !unit.raw {
            vale_range(self.doc, unit)
        } else {
            unit.range.clone()
        };
        let markup_free = if reading.markup_free && !unit.raw {
            self.markup_free(&range)
        } else {
            None
        };
        UnitText { range, markup_free }
    }
}

/// Vale 3.7.1 quirk (docs/vale-compatibility.md#quirk-edge-code): the
/// range of the text Vale reads for `unit` is its
/// block's range widened over inline code at either end. A sentence gets
/// its block's code only at the ends it shares with the block; code before
/// it on its line belongs to the sentence before.
pub(super) fn vale_range(doc: &Document, unit: &Unit) -> Range<usize> {
    let block = match unit.block {
        Some(i) if unit.level == UnitLevel::Sentence => &doc.blocks[i].range,
        _ => return with_edge_code(doc, &unit.range),
    };
    let widened = with_edge_code(doc, block);
    let blank = |r: Range<usize>| doc.prose[r].trim().is_empty();
    let start = if blank(block.start..unit.range.start) {
        widened.start
    } else {
        unit.range.start
    };
    let end = if blank(unit.range.end..block.end) {
        widened.end
    } else {
        unit.range.end
    };
    start..end
}

#[cfg(test)]
thread_local! {
    /// How many code spans [`with_edge_code`] has looked at on this thread:
    /// the work the test of minified HTML counts instead of timing it.
    static SPANS_LOOKED_AT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// `range` widened over the inline code right before or after it on its
/// line: code spans with nothing but blanked markup and spaces (no prose,
/// no line break) between them and the text.
fn with_edge_code(doc: &Document, range: &Range<usize>) -> Range<usize> {
    let adjacent = |gap: Range<usize>| {
        #[cfg(test)]
        SPANS_LOOKED_AT.with(|n| n.set(n.get() + 1));
        let gap = &doc.prose[gap];
        !gap.contains(['\n', '\r']) && gap.trim().is_empty()
    };
    let mut widened = range.clone();
    let spans = &doc.code_spans;
    // Backwards from the start, over each adjacent span.
    let mut i = spans.partition_point(|c| c.end <= widened.start);
    while i > 0 && adjacent(spans[i - 1].end..widened.start) {
        i -= 1;
        widened.start = widened.start.min(spans[i].start);
    }
    // Forwards from the end.
    let mut j = spans.partition_point(|c| c.start < widened.end);
    while j < spans.len() && adjacent(widened.end..spans[j].start) {
        widened.end = widened.end.max(spans[j].end);
        j += 1;
    }
    widened
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_reads_only_its_own_edge_code() {
        let src = "`ab` one. Two `cd`. Three.\n";
        let doc = Document::new(src.to_string(), Format::Markdown, "md");
        let units = scope::units(&doc, true);
        let texts: Vec<&str> = units
            .iter()
            .filter(|u| u.level == UnitLevel::Sentence)
            .map(|u| &src[vale_range(&doc, u)])
            .collect();
        assert_eq!(texts, ["`ab` one.", "Two `cd`.", "Three."]);
    }

    /// The code spans looked at while finding the text Vale reads for
    /// every unit of a one-line HTML page of `paragraphs` paragraphs, each
    /// with inline code.
    fn spans_looked_at(paragraphs: usize) -> usize {
        let page =
            "<p>We <code>run</code> it and read <code>it</code> twice.</p>".repeat(paragraphs);
        let doc = Document::new(page, Format::Html, "html");
        assert_eq!(doc.code_spans.len(), 2 * paragraphs);
        let units = scope::units(&doc, true);
        assert!(units.len() >= paragraphs);
        SPANS_LOOKED_AT.with(|n| n.set(0));
        for unit in &units {
            vale_range(&doc, unit);
        }
        SPANS_LOOKED_AT.with(|n| n.get())
    }

    /// Guards the fix for minified HTML (a whole page on one line): widening
    /// a unit over its edge code once looked at every code span on the
    /// unit's line, so the work grew with blocks × spans, quadratic in the
    /// size of a one-line page (minutes for a large one). It must look only
    /// at the spans next to the unit. Counted, not timed: a thousand times
    /// the paragraphs must be about a thousand times the spans looked at.
    #[test]
    fn minified_html_is_read_in_time_linear_in_its_size() {
        let small = spans_looked_at(10);
        let large = spans_looked_at(10_000);
        assert!(small > 0);
        // Linear is about 1,000 times (a little more: the first and last
        // paragraphs have one neighbour each); quadratic, 1,000,000 times.
        assert!(
            large <= 2 * 1_000 * small,
            "10 paragraphs: {small} spans looked at; 10,000: {large}"
        );
    }
}
