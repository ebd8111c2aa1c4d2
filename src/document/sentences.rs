//! Sentence segmentation good enough for business prose: the splitter of
//! the tagger's crate (`parlance_language`), so the rules that read
//! sentences and the tagger cut a paragraph at the same places.

use std::ops::Range;

/// Byte ranges of the sentences of a paragraph, trimmed of white space.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    parlance_language::sentences(text).collect()
}
