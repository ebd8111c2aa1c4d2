//! The check stage: runs a compiled rule set over a document and yields
//! diagnostics with exact byte spans.
//!
//! The document is scanned once for every rule's literal prefixes; a rule
//! runs only on the scope units that hold one of its candidates.

mod action;
pub(crate) mod capitalization;
mod line_search;
mod message;
pub(crate) mod metric;
mod rules;
mod syllables;
mod words;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::rc::Rc;
use std::sync::OnceLock;

use regex::Regex;

pub use action::suggestions as action_suggestions;
pub use message::format_message;

use crate::compile::{Check, CompiledContext, CompiledRule, CompiledRuleSet, Pattern};
use crate::config::format::Format;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::document::controls;
use crate::document::scope::{self, Unit, UnitLevel};
use crate::document::sentences::sentences;
use crate::document::{BlockKind, Compact, Document};
use crate::styles::ContextSpan;
use line_search::{LineSearch, Reach};
use metric::TextStatistics;

/// A rule's raw result before it becomes a [`Diagnostic`].
#[derive(Debug, Clone)]
struct Finding {
    /// Absolute byte range in the file.
    range: Range<usize>,
    /// `%s` arguments for the message.
    args: Vec<String>,
    /// Replacement options for the fix, best first.
    replacements: Vec<String>,
    /// Applicability when the rule does not set `fix:`.
    default_fix: Applicability,
    /// The message template to use (the rule's, or Vale's rewrite of it).
    message: Option<String>,
    /// Where Vale's search would report it, when not at `range`.
    vale_at: Option<usize>,
}

/// What checking one document gives.
#[derive(Debug, Default)]
pub struct CheckOutcome {
    pub diagnostics: Vec<Diagnostic>,
    /// Rules whose search gave up (a pathological pattern), once each.
    pub aborted: Vec<String>,
}

/// Checks `doc` with the rules of `set` that are `enabled` and at or above
/// `min_level`; `base_styles` are the styles the file is based on (which
/// a `vale style = …` comment turns off).
pub fn check(
    doc: &Document,
    set: &CompiledRuleSet,
    enabled: &[bool],
    base_styles: &[String],
    min_level: Severity,
) -> CheckOutcome {
    let with_sentences = set.selectors.iter().any(|s| s.wants_sentences());
    let units = scope::units(doc, with_sentences);
    let mut candidates = set.candidates(&doc.prose);
    // In HTML and Org, a term may be split by markup or a character
    // reference (`win&#45;win`) that the markup-free text joins: scan
    // that too, so the units holding it are not passed over.
    let free = matches!(doc.format, Format::Html | Format::Org)
        .then(|| doc.compact(0..doc.prose.len()))
        .flatten();
    if let Some(free) = &free {
        candidates.merge_mapped(set.candidates(&free.text), |p| free.map[p]);
    }
    let mut selected: Vec<Option<Vec<&Unit>>> = vec![None; set.selectors.len()];
    let mut outcome = CheckOutcome::default();
    // Each unit's markup-free text, made once for every rule that reads it.
    let mut compacts: HashMap<(usize, usize), Option<Rc<Compact>>> = HashMap::new();
    // What metric rules measure of the whole document, counted once.
    let mut summary: Option<(TextStatistics, BTreeMap<String, f64>)> = None;

    let runs = |index: usize, rule: &CompiledRule| {
        enabled.get(index).copied().unwrap_or(false) && rule.level >= min_level
    };
    // Acronyms a conditional rule's `second` defines, with where: Vale
    // keeps them on the file, so every conditional rule sees what any of
    // them found in this block or an earlier one ("(CRM)" caught by
    // RedHat.Definitions also defines CRM for Google.Acronyms).
    let mut defined: Vec<(usize, String)> = Vec::new();
    for (index, rule) in set.rules.iter().enumerate() {
        let Check::Conditional {
            second,
            defines_terms: true,
            ..
        } = &rule.check
        else {
            continue;
        };
        if !runs(index, rule) {
            continue;
        }
        let rule_units = selected[rule.selector]
            .get_or_insert_with(|| set.selectors[rule.selector].select(&units, &doc.extension));
        for unit in rule_units.iter() {
            let compact = (!unit.raw).then(|| compact_of(doc, &free, &mut compacts, &unit.range));
            let hay = match compact.flatten() {
                Some(c) => {
                    let found = second.captured_ranges_in(&c.haystack()).unwrap_or_default();
                    defined.extend(
                        found
                            .into_iter()
                            .map(|r| (unit.range.start, c.text[r].to_string())),
                    );
                    continue;
                }
                None => doc.haystack(unit.range.clone(), unit.raw),
            };
            let found = second.captured_ranges_in(&hay).unwrap_or_default();
            defined.extend(
                found
                    .into_iter()
                    .map(|r| (unit.range.start, hay.text[r].to_string())),
            );
        }
    }

    for (index, rule) in set.rules.iter().enumerate() {
        if !runs(index, rule) || candidates.is_absent(index) {
            continue;
        }
        let rule_units = selected[rule.selector]
            .get_or_insert_with(|| set.selectors[rule.selector].select(&units, &doc.extension));
        let mut state = rules::FileState::new(&defined);
        let mut findings = Vec::new();
        for unit in rule_units.iter() {
            if !unit.raw && !candidates.may_match(index, &unit.range) {
                continue;
            }
            let reading = match unit.block {
                Some(b) => controls::Reading::Block {
                    closed_at: doc.blocks[b].closed_at,
                },
                None if unit.raw => controls::Reading::Raw,
                None => controls::Reading::Summary,
            };
            let hidden = |range: &Range<usize>| {
                !doc.controls.is_empty()
                    && controls::suppressed(
                        &doc.controls,
                        base_styles,
                        &rule.def.id,
                        &rule.def.style,
                        reading,
                        range,
                        &doc.source[range.clone()],
                    )
            };
            if matches!(rule.check, Check::Metric(_) | Check::Readability { .. }) {
                let (stats, blocks) = if unit.level == UnitLevel::Document && !unit.raw {
                    summary.get_or_insert_with(|| summarize(doc)).clone()
                } else {
                    let text = unit_text(doc, unit);
                    (TextStatistics::of(&text), BTreeMap::new())
                };
                match measure(rule, &stats, &blocks) {
                    Ok(found) => findings.extend(found.into_iter().filter(|f| !hidden(&f.range))),
                    Err(e) => outcome.aborted.push(format!(
                        "{}: {e}; the rule was skipped for this file",
                        rule.def.id
                    )),
                }
                continue;
            }
            // A heading that starts or ends with code is all of it to Vale
            // (the code reads as stars); the prose view's block stops short.
            let range = match rule.check {
                Check::Capitalization(_) | Check::Occurrence { .. } if !unit.raw => {
                    vale_range(doc, unit)
                }
                _ => unit.range.clone(),
            };
            // Pattern rules see the text as Vale does, without inline
            // markup; their findings are mapped back to the file.
            let compact = match rule.check {
                Check::Existence { .. }
                | Check::Substitution { .. }
                | Check::Conditional { .. }
                | Check::Repetition { .. }
                | Check::Spelling { .. }
                | Check::Capitalization(_)
                | Check::Occurrence { .. }
                    if !unit.raw =>
                {
                    compact_of(doc, &free, &mut compacts, &range)
                }
                _ => None,
            };
            let hay = match &compact {
                Some(c) => c.haystack(),
                None => doc.haystack(range.clone(), unit.raw),
            };
            let unit_source = match &compact {
                Some(c) => c.text.as_str(),
                None => &doc.source[range.clone()],
            };
            let before = findings.len();
            state.unit_start = unit.range.start;
            if let Err(aborted) = rules::run(rule, &hay, unit_source, &mut state, &mut findings) {
                outcome.aborted.push(format!(
                    "{}: search abandoned in one block ({}); the pattern backtracks too much",
                    rule.def.id, aborted.0
                ));
            }
            // Search for masking phrases only in a unit that produced findings.
            if let Some(phrases) = rule.phrases.as_ref().filter(|_| findings.len() > before) {
                let masked = phrases.find_all_in(&hay).unwrap_or_default();
                let mut kept = before;
                for i in before..findings.len() {
                    let r = &findings[i].range;
                    if !masked.iter().any(|m| m.start <= r.start && r.end <= m.end) {
                        findings.swap(kept, i);
                        kept += 1;
                    }
                }
                findings.truncate(kept);
            }
            // A word that markup splits in the file (`in[Connect`, `**a**<br>b`)
            // is two words to a reader; Vale cannot place it and drops it.
            let drop_split = matches!(rule.check, Check::Spelling { .. });
            let mut search = vale_reach(doc, unit)
                .filter(|_| findings.len() > before)
                .map(|reach| LineSearch::new(doc, &range, reach));
            let mut kept = before;
            for i in before..findings.len() {
                let f = &mut findings[i];
                let vale_place = search
                    .as_mut()
                    .and_then(|search| search.place(hay.text, f.range.clone()));
                match &compact {
                    Some(c) => {
                        let (range, contiguous) = c.to_file(&f.range, range.end);
                        f.range = range;
                        if !contiguous {
                            if drop_split {
                                continue;
                            }
                            // A fix over markup would rewrite the markup.
                            f.replacements.clear();
                        }
                    }
                    None => f.range = f.range.start + range.start..f.range.end + range.start,
                }
                if hidden(&f.range) {
                    continue;
                }
                f.vale_at = vale_place.filter(|at| *at != f.range.start);
                findings.swap(kept, i);
                kept += 1;
            }
            findings.truncate(kept);
        }
        if let Some(context) = &rule.context {
            let mut seen = ContextCache::default();
            findings.retain(|f| context_allows(doc, context, &f.range, &mut seen));
        }
        let limit = rule.def.limit.unwrap_or(usize::MAX);
        outcome.diagnostics.extend(
            findings
                .into_iter()
                .take(limit)
                .map(|f| diagnostic(doc, rule, f)),
        );
    }
    outcome.aborted.sort();
    outcome.aborted.dedup();
    outcome.diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.rule).cmp(&(b.range.start, b.range.end, &b.rule))
    });
    outcome
        .diagnostics
        .dedup_by(|a, b| a.rule == b.rule && a.range == b.range && a.vale_at == b.vale_at);
    outcome
}

/// The markup-free text of `range`, made once for every rule that reads it.
fn compact_of(
    doc: &Document,
    free: &Option<Compact>,
    compacts: &mut HashMap<(usize, usize), Option<Rc<Compact>>>,
    range: &Range<usize>,
) -> Option<Rc<Compact>> {
    compacts
        .entry((range.start, range.end))
        .or_insert_with(|| match free {
            Some(free) => Some(Rc::new(free.slice(range))),
            None => doc.compact(range.clone()).map(Rc::new),
        })
        .clone()
}

/// How far Vale searches for the matched text of `unit`'s alerts (see
/// [`LineSearch`]): a line of the blocks it names by their tag, the whole
/// of a paragraph. `None` where the match is where Vale finds it.
fn vale_reach(doc: &Document, unit: &Unit) -> Option<Reach> {
    let kind = match unit.block {
        Some(i) if unit.level == UnitLevel::Block && !unit.raw && !doc.plain => doc.blocks[i].kind,
        _ => return None,
    };
    if !matches!(doc.format, Format::Markdown | Format::Html | Format::Org) {
        return None;
    }
    match kind {
        BlockKind::Paragraph => Some(Reach::Block),
        // Where Vale looks for HTML link text is not modelled: it stays.
        BlockKind::Link => None,
        _ => Some(Reach::Line),
    }
}

/// The range of the text Vale reads for `unit`: its block's range widened
/// over inline code at either end. A sentence gets its block's code only at
/// the ends it shares with the block; code before it on its line belongs
/// to the sentence before.
fn vale_range(doc: &Document, unit: &Unit) -> Range<usize> {
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

/// `range` widened over inline code at its start or end on its lines.
fn with_edge_code(doc: &Document, range: &Range<usize>) -> Range<usize> {
    let line_start = doc.source[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = doc.source[range.end..]
        .find('\n')
        .map_or(doc.source.len(), |i| range.end + i);
    let mut widened = range.clone();
    let first = doc.code_spans.partition_point(|c| c.end <= line_start);
    for code in doc.code_spans[first..]
        .iter()
        .take_while(|c| c.start < line_end)
    {
        if code.end <= range.start {
            widened.start = widened.start.min(code.start);
        } else if code.start >= range.end {
            widened.end = widened.end.max(code.end);
        }
    }
    widened
}

/// A unit's text as Vale reads it: without inline markup.
fn unit_text(doc: &Document, unit: &Unit) -> String {
    if unit.raw {
        return doc.source[unit.range.clone()].to_string();
    }
    match doc.compact(unit.range.clone()) {
        Some(c) => c.text,
        None => doc.prose[unit.range.clone()].to_string(),
    }
}

/// The variables a metric rule's formula can name, for this document (what
/// `vale ls-metrics` prints).
pub fn document_metrics(doc: &Document) -> Vec<(String, f64)> {
    let (stats, blocks) = summarize(doc);
    stats.variables(&blocks)
}

/// Vale's summary of a document: its paragraphs, list items and block
/// quotes, each followed by a blank line, counted; and how many blocks of
/// each kind it has (`heading_h2`, `list`…), for formulas.
fn summarize(doc: &Document) -> (TextStatistics, BTreeMap<String, f64>) {
    let mut text = String::new();
    let mut blocks: BTreeMap<String, f64> = BTreeMap::new();
    if doc.code_blocks > 0 {
        blocks.insert("pre".to_string(), doc.code_blocks as f64);
    }
    for block in &doc.blocks {
        let name = match block.kind {
            BlockKind::Heading(level) => format!("heading_h{level}"),
            BlockKind::ListItem => "list".to_string(),
            BlockKind::BlockQuote => "blockquote".to_string(),
            _ => String::new(),
        };
        if !name.is_empty() {
            *blocks.entry(name).or_default() += 1.0;
        }
        if matches!(
            block.kind,
            BlockKind::Paragraph | BlockKind::ListItem | BlockKind::BlockQuote
        ) {
            let unit_text = match doc.compact(block.range.clone()) {
                Some(c) => c.text,
                None => doc.prose[block.range.clone()].to_string(),
            };
            let trimmed = unit_text.trim();
            if !trimmed.is_empty() {
                text.push_str(trimmed);
                text.push_str("\n\n");
            }
        }
    }
    // A paragraph of nothing but inline code has no block here; Vale reads
    // its code as stars: a sentence without words.
    for _ in 0..code_only_paragraphs(doc) {
        text.push_str("*\n\n");
    }
    (TextStatistics::of(&decode_entities(&text)), blocks)
}

/// Paragraphs and list items made only of inline code (runs of code spans
/// outside every block, not in a heading or a table row).
fn code_only_paragraphs(doc: &Document) -> usize {
    let mut count = 0;
    let mut previous_end: Option<usize> = None;
    for code in &doc.code_spans {
        let line_start = doc.source[..code.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = doc.source[code.end..]
            .find('\n')
            .map_or(doc.source.len(), |i| code.end + i);
        // Code beside prose on its line belongs to that prose's block.
        let after = doc.blocks.partition_point(|b| b.range.start < line_end);
        let in_block = doc.blocks[..after]
            .iter()
            .rev()
            .take(4)
            .any(|b| b.range.end > line_start);
        let line = doc.source[line_start..code.start].trim_start();
        if in_block || line.starts_with('#') || line.starts_with('|') || line.contains(" | ") {
            continue;
        }
        let same_paragraph =
            previous_end.is_some_and(|end| !doc.source[end..code.start].contains("\n\n"));
        if !same_paragraph {
            count += 1;
        }
        previous_end = Some(code.end);
    }
    count
}

/// HTML entities in Markdown text as the characters they stand for, as
/// Vale's text has them: `Center&mdash;embedded` is two words.
fn decode_entities(text: &str) -> std::borrow::Cow<'_, str> {
    static ENTITY: OnceLock<Regex> = OnceLock::new();
    if !text.contains('&') {
        return text.into();
    }
    let entity = ENTITY.get_or_init(|| {
        Regex::new(r"&(?:#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));")
            .expect("valid entity pattern")
    });
    entity.replace_all(text, |c: &regex::Captures| {
        let code = match (c.get(1), c.get(2)) {
            (Some(d), _) => d.as_str().parse().ok(),
            (_, Some(h)) => u32::from_str_radix(h.as_str(), 16).ok(),
            // Named entities in prose are punctuation and spaces (&nbsp;,
            // &mdash;, &amp;): none of them is part of a word.
            _ => None,
        };
        code.and_then(char::from_u32).unwrap_or(' ').to_string()
    })
}

/// A metric or readability rule's verdict on counted text: at most one
/// finding, at the start of the file (where Vale reports it).
fn measure(
    rule: &CompiledRule,
    stats: &TextStatistics,
    blocks: &BTreeMap<String, f64>,
) -> Result<Option<Finding>, String> {
    if stats.words == 0.0 {
        return Ok(None);
    }
    let (value, holds) = match &rule.check {
        Check::Metric(formula) => formula.evaluate(&stats.variables(blocks))?,
        Check::Readability { metrics, grade } => {
            let sum: f64 = metrics.iter().map(|m| stats.grade(*m)).sum();
            let mean = sum / metrics.len().max(1) as f64;
            (mean, mean > *grade)
        }
        _ => return Ok(None),
    };
    Ok((holds && value.is_finite()).then(|| Finding {
        range: 0..0,
        args: vec![format!("{value:.2}")],
        replacements: Vec::new(),
        default_fix: Applicability::Safe,
        message: None,
        vale_at: None,
    }))
}

fn diagnostic(doc: &Document, rule: &CompiledRule, f: Finding) -> Diagnostic {
    let args: Vec<&str> = f.args.iter().map(String::as_str).collect();
    let template = f.message.as_deref().unwrap_or(&rule.def.message);
    let message = format_message(template, &args);
    let fix = f.replacements.first().map(|first| {
        let applicability = rule.def.fix.unwrap_or(if f.replacements.len() > 1 {
            Applicability::DisplayOnly
        } else {
            f.default_fix
        });
        let mut range = f.range.clone();
        if first.is_empty() {
            // Removing a word takes one following space with it.
            if doc.source[range.end..].starts_with(' ') {
                range.end += 1;
            }
        }
        Fix {
            applicability,
            edits: vec![Edit {
                range,
                replacement: first.clone(),
            }],
        }
    });
    Diagnostic {
        rule: rule.def.id.clone(),
        severity: rule.level,
        message,
        range: f.range,
        link: rule.def.link.clone(),
        fix,
        vale_at: f.vale_at,
    }
}

/// What one rule's context checks learned about each block: a block holds
/// many matches of a common word.
#[derive(Default)]
struct ContextCache {
    /// Block start → whether any `any:` term occurs in the block.
    any_in_block: HashMap<usize, bool>,
    /// Block start → its sentences.
    sentences: HashMap<usize, Vec<Range<usize>>>,
    /// Block start → its words, for `window:`.
    words: HashMap<usize, Vec<Range<usize>>>,
    /// (block start, region) → the verdict, so the matches of one sentence
    /// or paragraph share one search of it.
    verdicts: HashMap<(usize, Range<usize>), bool>,
}

/// The smallest block holding `range` (blocks are sorted by start; an alt
/// text can sit inside a paragraph), or the whole document.
fn block_of(doc: &Document, range: &Range<usize>) -> Range<usize> {
    let after = doc.blocks.partition_point(|b| b.range.start <= range.start);
    doc.blocks[..after]
        .iter()
        .rev()
        .filter(|b| range.end <= b.range.end)
        .min_by_key(|b| b.range.len())
        .map_or(0..doc.prose.len(), |b| b.range.clone())
}

/// Whether the text around `range` satisfies a rule's `context:`. Every
/// step is cached per block: a long paragraph can hold thousands of
/// matches of a common word, and none may cost a search of the paragraph.
fn context_allows(
    doc: &Document,
    context: &CompiledContext,
    range: &Range<usize>,
    cache: &mut ContextCache,
) -> bool {
    let block = block_of(doc, range);
    let hay = doc.haystack(block.clone(), false);
    let text = hay.text;
    // Cheap first: without an `any` term anywhere in the block, no part of
    // it can satisfy the context.
    if let Some(any) = &context.any {
        let found = *cache
            .any_in_block
            .entry(block.start)
            .or_insert_with(|| any.is_match_in(&hay).unwrap_or(false));
        if !found {
            return false;
        }
    }
    let local = range.start - block.start..range.end - block.start;
    let around = match context.span {
        ContextSpan::Paragraph => 0..text.len(),
        ContextSpan::Sentence => {
            let all = cache
                .sentences
                .entry(block.start)
                .or_insert_with(|| sentences(text));
            let i = all.partition_point(|r| r.end.max(r.start + 1) <= local.start);
            all.get(i)
                .filter(|r| r.start <= local.start)
                .cloned()
                .unwrap_or(0..text.len())
        }
        ContextSpan::Window(n) => {
            let words = cache
                .words
                .entry(block.start)
                .or_insert_with(|| words_of(text));
            word_window(words, &local, n)
        }
    };
    *cache
        .verdicts
        .entry((block.start, around.clone()))
        .or_insert_with(|| {
            let region = |p: &Pattern| &p.pick(&hay)[around.clone()];
            let any = context
                .any
                .as_ref()
                .is_none_or(|p| p.is_match(region(p)).unwrap_or(false));
            let none = context
                .none
                .as_ref()
                .is_none_or(|p| !p.is_match(region(p)).unwrap_or(true));
            any && none
        })
}

fn words_of(text: &str) -> Vec<Range<usize>> {
    static WORD: OnceLock<Regex> = OnceLock::new();
    let word = WORD.get_or_init(|| Regex::new(r"\S+").expect("valid"));
    word.find_iter(text).map(|m| m.range()).collect()
}

/// `n` words on either side of `range`, given the words of its text.
fn word_window(words: &[Range<usize>], range: &Range<usize>, n: usize) -> Range<usize> {
    let first = words.partition_point(|w| w.end <= range.start);
    let last = words
        .partition_point(|w| w.start < range.end)
        .checked_sub(1)
        .unwrap_or(first)
        .max(first);
    let start = words
        .get(first.saturating_sub(n))
        .map_or(range.start, |w| w.start.min(range.start));
    let end = words
        .get((last + n).min(words.len().saturating_sub(1)))
        .map_or(range.end, |w| w.end.max(range.end));
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_what_vale_reads() {
        use crate::config::format::Format;
        let doc = Document::new(
            "# Title\n\nOne two&mdash;three.\n\n`GET`\n\n- `a` and `b`\n- item `c`\n\n| `x` | y |\n|---|---|\n| `z` | w |\n\n```\ncode\n```\n"
                .to_string(),
            Format::Markdown,
            "md",
        );
        assert_eq!(code_only_paragraphs(&doc), 1);
        let (stats, blocks) = summarize(&doc);
        // "One two three", "and", "item": code, the heading and the table
        // are not read; the code-only paragraph is a sentence.
        assert_eq!((stats.words, stats.sentences), (5.0, 4.0), "{stats:?}");
        assert_eq!(blocks.get("heading_h1"), Some(&1.0));
        assert_eq!(blocks.get("list"), Some(&2.0));
        assert_eq!(blocks.get("pre"), Some(&1.0));
        assert_eq!(decode_entities("a&#65;&#x42;&nbsp;b"), "aAB b");
    }

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
        use crate::compile::CompileOptions;
        use crate::styles::{parse_rule, Origin, Parsed, RuleSource};
        let source_of_rule = RuleSource {
            path: "T/R.yml".into(),
            text: yaml.into(),
        };
        let Ok(Parsed::Rule(def)) = parse_rule("T", "R", Origin::Generated, source_of_rule) else {
            panic!("not a rule: {yaml}");
        };
        let (set, errors) = CompiledRuleSet::compile(
            vec![(*def, Severity::Suggestion)],
            &CompileOptions::default(),
        );
        assert!(errors.is_empty(), "{errors:?}");
        let doc = Document::new(source.to_string(), Format::Markdown, "md");
        check(&doc, &set, &[true], &[], Severity::Suggestion).diagnostics
    }

    /// The file ranges `yaml`'s rule reports on Markdown `source`.
    fn findings(yaml: &str, source: &str) -> Vec<Range<usize>> {
        diagnostics(yaml, source)
            .into_iter()
            .map(|d| d.range)
            .collect()
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
        let linter = crate::lint::Linter::new(config);
        let doc = Document::new(
            "A CRM first.\n\nThe customer relationship management (CRM) tool.\n\nOur CRM again.\n"
                .to_string(),
            Format::Markdown,
            "md",
        );
        let found: Vec<(String, usize)> = linter
            .check("a.md", &doc, Severity::Suggestion)
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

    #[test]
    fn vales_searched_place_rides_beside_the_exact_span() {
        let yaml = "extends: existence\nmessage: x\ntokens: [oBservability]\n";
        let src = "> I love a oBservability.\n> It's oBservability !\n";
        let found: Vec<(Range<usize>, Option<usize>)> = diagnostics(yaml, src)
            .into_iter()
            .map(|d| (d.range, d.vale_at))
            .collect();
        // Vale searches the quote's last line for both; each finding still
        // spans the word that matched.
        let (first, second) = (src.find("oBs").unwrap(), src.rfind("oBs").unwrap());
        assert_eq!(
            found,
            [
                (first..first + 13, Some(second)),
                (second..second + 13, None)
            ]
        );
    }

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

    #[test]
    fn window_counts_words_each_side() {
        let t = "one two three MATCH four five six";
        let m = t.find("MATCH").unwrap();
        let w = word_window(&words_of(t), &(m..m + 5), 2);
        assert_eq!(&t[w], "two three MATCH four five");
    }
}
