//! Scopes: which parts of a document a rule looks at.
//!
//! Vale names every block with a dotted scope string (`text.heading.h2.md`)
//! and a rule selector `a.b` matches when each of its sections is among the
//! block's sections. A document here is cut into [`Unit`]s carrying those
//! sections; a [`Selector`] picks the units a rule runs on.

use std::ops::Range;

use super::sentences::sentences;
use super::{BlockKind, Document};

/// One piece of text a rule can run on, with its scope sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub range: Range<usize>,
    pub sections: &'static [&'static str],
    /// `raw` units are matched against the source, all others against the
    /// prose view.
    pub raw: bool,
    /// Units carved out of one block share its index, so a rule that matches
    /// the block is not also run on its paragraph and sentences.
    pub block: Option<usize>,
    pub level: UnitLevel,
}

/// How a unit relates to its block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitLevel {
    Block,
    Paragraph,
    Sentence,
    Document,
}

/// Every unit of `doc`, in document order per level. Sentence units are
/// only cut when some rule can run on them.
pub fn units(doc: &Document, with_sentences: bool) -> Vec<Unit> {
    let mut units = Vec::new();
    for (i, block) in doc.blocks.iter().enumerate() {
        let sections: &'static [&'static str] = match block.kind {
            BlockKind::Paragraph => &["text"],
            BlockKind::Heading(level) => heading_sections(level),
            BlockKind::ListItem => &["text", "list"],
            BlockKind::BlockQuote => &["text", "blockquote"],
            BlockKind::TableHeader => &["text", "table", "header"],
            BlockKind::TableCell => &["text", "table", "cell"],
            BlockKind::Alt => &["text", "attr", "alt"],
            BlockKind::TableCaption => &["text", "table", "caption"],
            BlockKind::FigureCaption => &["text", "figure", "caption"],
            BlockKind::Link => &["link"],
        };
        units.push(Unit {
            range: block.range.clone(),
            sections,
            raw: false,
            block: Some(i),
            level: UnitLevel::Block,
        });
        // Vale splits only paragraph text into paragraphs and sentences.
        if block.kind == BlockKind::Paragraph && !doc.plain {
            units.push(Unit {
                range: block.range.clone(),
                sections: &["paragraph", "text"],
                raw: false,
                block: Some(i),
                level: UnitLevel::Paragraph,
            });
            if !with_sentences {
                continue;
            }
            let text = &doc.prose[block.range.clone()];
            for s in sentences(text) {
                units.push(Unit {
                    range: block.range.start + s.start..block.range.start + s.end,
                    sections: &["sentence", "text"],
                    raw: false,
                    block: Some(i),
                    level: UnitLevel::Sentence,
                });
            }
        }
    }
    units.push(Unit {
        range: 0..doc.prose.len(),
        sections: &["summary"],
        raw: false,
        block: None,
        level: UnitLevel::Document,
    });
    units.push(Unit {
        range: 0..doc.source.len(),
        sections: &["raw"],
        raw: true,
        block: None,
        level: UnitLevel::Document,
    });
    units
}

fn heading_sections(level: u8) -> &'static [&'static str] {
    match level {
        1 => &["text", "heading", "h1"],
        2 => &["text", "heading", "h2"],
        3 => &["text", "heading", "h3"],
        4 => &["text", "heading", "h4"],
        5 => &["text", "heading", "h5"],
        _ => &["text", "heading", "h6"],
    }
}

/// One `a.b` or `~a.b` term of a selector.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    negated: bool,
    sections: Vec<String>,
}

/// A rule's `scope:` value: a list of alternatives, each a conjunction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    alternatives: Vec<Vec<Part>>,
}

impl Selector {
    pub fn parse(items: &[String]) -> Selector {
        let items: Vec<&str> = if items.is_empty() {
            vec!["text"]
        } else {
            items.iter().map(String::as_str).collect()
        };
        let alternatives = items
            .iter()
            .map(|item| {
                item.split('&')
                    .map(|part| {
                        let part = part.trim();
                        let (negated, body) = match part.strip_prefix('~') {
                            Some(rest) => (true, rest),
                            None => (false, part),
                        };
                        Part {
                            negated,
                            sections: body.split('.').map(str::to_string).collect(),
                        }
                    })
                    .collect()
            })
            .collect();
        Selector { alternatives }
    }

    /// Whether this selector picks `unit` of a document with extension `ext`.
    pub fn matches(&self, unit: &Unit, ext: &str) -> bool {
        let has = |s: &str| s == ext || unit.sections.contains(&s) || ext_alias(ext, s);
        self.alternatives.iter().any(|parts| {
            parts.iter().all(|part| {
                let all = part.sections.iter().all(|s| has(s));
                if part.negated {
                    unit.level != UnitLevel::Document && !all
                } else {
                    all
                }
            })
        })
    }

    /// Whether this selector can pick sentence units.
    pub fn wants_sentences(&self) -> bool {
        self.alternatives.iter().any(|parts| {
            parts
                .iter()
                .any(|p| p.negated || p.sections.iter().any(|s| s == "sentence"))
        })
    }

    /// Whether any unit this selector can pick is a raw unit.
    pub fn is_raw_only(&self) -> bool {
        self.alternatives.iter().all(|parts| {
            parts
                .iter()
                .any(|p| !p.negated && p.sections.iter().any(|s| s == "raw"))
        })
    }

    /// Picks the units this selector runs on, by index: the largest
    /// matching unit of each block, so a `text` rule is not run again on
    /// its sentences.
    pub fn select(&self, units: &[Unit], ext: &str) -> Vec<usize> {
        let mut chosen: Vec<usize> = Vec::new();
        let mut taken_block: Option<(usize, UnitLevel)> = None;
        for (index, unit) in units.iter().enumerate() {
            if let (Some(b), Some((tb, level))) = (unit.block, taken_block) {
                // Sentences of a paragraph already taken whole are skipped;
                // sibling sentences are all taken.
                if b == tb && level != unit.level {
                    continue;
                }
            }
            if self.matches(unit, ext) {
                chosen.push(index);
                if let Some(b) = unit.block {
                    taken_block = Some((b, unit.level));
                }
            }
        }
        chosen
    }
}

/// `markdown` names the same blocks as `md`.
fn ext_alias(ext: &str, section: &str) -> bool {
    matches!((ext, section), ("md", "markdown") | ("markdown", "md"))
}

#[cfg(test)]
mod tests {
    use super::super::{Document, Format};
    use super::*;

    fn doc() -> Document {
        Document::new(
            "# Heading\n\nFirst sentence. Second one.\n\n- a list item\n".into(),
            Format::Markdown,
            "md",
        )
    }

    fn picked(scope: &[&str]) -> Vec<String> {
        let d = doc();
        let units = units(&d, true);
        let sel = Selector::parse(&scope.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        sel.select(&units, &d.extension)
            .into_iter()
            .map(|i| {
                let u = &units[i];
                let text = if u.raw { &d.source } else { &d.prose };
                text[u.range.clone()].trim().to_string()
            })
            .collect()
    }

    #[test]
    fn text_picks_whole_blocks_once() {
        assert_eq!(
            picked(&["text"]),
            vec!["Heading", "First sentence. Second one.", "a list item"]
        );
    }

    #[test]
    fn sentence_and_paragraph_scopes() {
        assert_eq!(
            picked(&["sentence"]),
            vec!["First sentence.", "Second one."]
        );
        assert_eq!(picked(&["paragraph"]), vec!["First sentence. Second one."]);
    }

    #[test]
    fn section_subset_negation_and_lists() {
        assert_eq!(picked(&["heading"]), vec!["Heading"]);
        assert_eq!(picked(&["heading.h1"]), vec!["Heading"]);
        assert_eq!(picked(&["heading.h2"]), Vec::<String>::new());
        assert_eq!(picked(&["list", "heading"]), vec!["Heading", "a list item"]);
        assert_eq!(
            picked(&["text & ~heading"]),
            vec!["First sentence. Second one.", "a list item"]
        );
        assert_eq!(picked(&["md & list"]), vec!["a list item"]);
    }

    #[test]
    fn raw_is_the_source() {
        let p = picked(&["raw"]);
        assert_eq!(p.len(), 1);
        assert!(p[0].starts_with("# Heading"));
    }
}
