//! The counts metric and readability rules measure: words, sentences,
//! syllables…, of a unit or of Vale's summary of the whole document.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;

use super::syllables::syllables;
use crate::document::scope::Unit;
use crate::document::sentences::sentences;
use crate::document::{BlockKind, Document};

/// The counts Vale gives a formula about a text.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TextStatistics {
    pub words: f64,
    pub sentences: f64,
    /// Letters and digits.
    pub characters: f64,
    pub syllables: f64,
    /// Words of more than two syllables.
    pub polysyllabic_words: f64,
    /// Polysyllabic words, not counting an `-es`, `-ed` or `-ing` ending.
    pub complex_words: f64,
    /// Words of more than six bytes.
    pub long_words: f64,
    /// Paragraphs (blank-line separated) minus one, as Vale reports them.
    pub paragraphs: f64,
}

impl TextStatistics {
    /// Counts `text`: paragraphs split on blank lines, each cut into
    /// sentences, each into words.
    pub fn of(text: &str) -> TextStatistics {
        static WORD: OnceLock<Regex> = OnceLock::new();
        let word_re = WORD.get_or_init(|| {
            Regex::new(r"(?:[A-Z]\.){2,}|[\p{N}\p{L}']+").expect("valid word pattern")
        });
        let mut s = TextStatistics::default();
        let mut paragraphs = 0.0;
        for paragraph in text.split("\n\n") {
            paragraphs += 1.0;
            for sentence in sentences(paragraph) {
                s.sentences += 1.0;
                for word in word_re.find_iter(&paragraph[sentence]) {
                    let word = word.as_str();
                    s.words += 1.0;
                    s.characters += word.chars().filter(|c| c.is_alphanumeric()).count() as f64;
                    if word.len() > 6 {
                        s.long_words += 1.0;
                    }
                    let n = syllables(word);
                    s.syllables += n as f64;
                    if n > 2 {
                        s.polysyllabic_words += 1.0;
                    }
                    let ending = ["es", "ed", "ing"].iter().any(|e| word.ends_with(e));
                    if n.saturating_sub(usize::from(ending)) > 2 {
                        s.complex_words += 1.0;
                    }
                }
            }
        }
        s.paragraphs = paragraphs - 1.0;
        s
    }

    /// The variables a formula can name, with the document's block counts
    /// (`heading_h1`, `list`…; absent ones are 0).
    pub fn variables(&self, blocks: &BTreeMap<String, f64>) -> Vec<(String, f64)> {
        let mut vars: Vec<(String, f64)> = [
            "pre",
            "list",
            "blockquote",
            "heading_h1",
            "heading_h2",
            "heading_h3",
            "heading_h4",
            "heading_h5",
            "heading_h6",
        ]
        .iter()
        .map(|k| (k.to_string(), 0.0))
        .collect();
        for (k, v) in blocks {
            match vars.iter_mut().find(|(name, _)| name == k) {
                Some(slot) => slot.1 = *v,
                None => vars.push((k.clone(), *v)),
            }
        }
        vars.extend([
            ("words".to_string(), self.words),
            ("sentences".to_string(), self.sentences),
            ("characters".to_string(), self.characters),
            ("syllables".to_string(), self.syllables),
            ("polysyllabic_words".to_string(), self.polysyllabic_words),
            ("complex_words".to_string(), self.complex_words),
            ("long_words".to_string(), self.long_words),
            ("paragraphs".to_string(), self.paragraphs),
        ]);
        vars
    }
}

/// A unit's text as Vale reads it: without inline markup.
pub(super) fn unit_text(doc: &Document, unit: &Unit) -> String {
    if unit.raw {
        return doc.source[unit.range.clone()].to_string();
    }
    match doc.markup_free(unit.range.clone()) {
        Some(c) => c.text,
        None => doc.prose[unit.range.clone()].to_string(),
    }
}

/// Vale's summary of a document: its paragraphs, list items and block
/// quotes, each followed by a blank line, counted; and how many blocks of
/// each kind it has (`heading_h2`, `list`…), for formulas.
pub(super) fn summarize(doc: &Document) -> (TextStatistics, BTreeMap<String, f64>) {
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
            let unit_text = match doc.markup_free(block.range.clone()) {
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
}
