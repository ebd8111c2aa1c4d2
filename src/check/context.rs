//! `context:` (a parlance extension on existence and substitution rules):
//! a match is reported only when the sentence, paragraph or window of
//! words around it holds one of the `any:` terms and none of the `none:`
//! terms. The client/customer distinction needs it.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::compile::{Pattern, PatternError};
use crate::document::sentences::sentences;
use crate::document::Document;
use crate::error::SourceError;
use crate::styles::Fields;

/// How much text around a match `context:` looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ContextSpan {
    #[default]
    Sentence,
    Paragraph,
    /// N words on either side.
    Window(usize),
}

/// `context:` as written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContextDef {
    pub span: ContextSpan,
    pub any: Vec<String>,
    pub none: Vec<String>,
}

/// Reads a rule's `context:` key.
pub fn read(fields: &Fields) -> Result<Option<ContextDef>, SourceError> {
    let Some(context) = fields.map("context")? else {
        return Ok(None);
    };
    context.deny_unknown(&["scope", "window", "any", "none"])?;
    let scope = context.text("scope")?;
    let span = match (context.count("window")?, scope.as_deref().map(str::trim)) {
        (Some(n), None) => ContextSpan::Window(n),
        (None, None | Some("sentence")) => ContextSpan::Sentence,
        (None, Some("paragraph")) => ContextSpan::Paragraph,
        (Some(_), Some(_)) => {
            return Err(fields.error(
                "context",
                "`context` takes either `scope` or `window`, not both",
            ))
        }
        (None, Some(other)) => {
            return Err(fields.source().error(
                fields.value_range("context", other),
                format!("context scope `{other}` is not one of sentence, paragraph"),
            ))
        }
    };
    Ok(Some(ContextDef {
        span,
        any: context.list("any")?,
        none: context.list("none")?,
    }))
}

/// `context:` compiled.
#[derive(Debug, Clone)]
pub struct Context {
    span: ContextSpan,
    any: Option<Pattern>,
    none: Option<Pattern>,
}

impl Context {
    pub fn compile(def: &ContextDef) -> Result<Context, PatternError> {
        let words = |terms: &[String]| -> Result<Option<Pattern>, PatternError> {
            if terms.is_empty() {
                return Ok(None);
            }
            Pattern::new(&format!(r"(?i)\b(?:{})\b", terms.join("|"))).map(Some)
        };
        Ok(Context {
            span: def.span,
            any: words(&def.any)?,
            none: words(&def.none)?,
        })
    }

    /// Whether the text around `range` satisfies the context. Every step
    /// is cached per block: a long paragraph can hold thousands of matches
    /// of a common word, and none may cost a search of the paragraph.
    pub fn allows(&self, doc: &Document, range: &Range<usize>, cache: &mut ContextCache) -> bool {
        let block = block_of(doc, range);
        let hay = doc.haystack(block.clone(), false);
        let text = hay.text;
        // Cheap first: without an `any` term anywhere in the block, no part
        // of it can satisfy the context.
        if let Some(any) = &self.any {
            let found = *cache
                .any_in_block
                .entry(block.start)
                .or_insert_with(|| any.is_match_in(&hay).unwrap_or(false));
            if !found {
                return false;
            }
        }
        let local = range.start - block.start..range.end - block.start;
        let around = match self.span {
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
                let any = self
                    .any
                    .as_ref()
                    .is_none_or(|p| p.is_match(region(p)).unwrap_or(false));
                let none = self
                    .none
                    .as_ref()
                    .is_none_or(|p| !p.is_match(region(p)).unwrap_or(true));
                any && none
            })
    }
}

/// What one rule's context checks learned about each block: a block holds
/// many matches of a common word.
#[derive(Default)]
pub struct ContextCache {
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
    fn window_counts_words_each_side() {
        let t = "one two three MATCH four five six";
        let m = t.find("MATCH").unwrap();
        let w = word_window(&words_of(t), &(m..m + 5), 2);
        assert_eq!(&t[w], "two three MATCH four five");
    }
}
