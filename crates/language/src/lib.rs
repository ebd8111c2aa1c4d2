//! English for parlance: a tokenizer that splits words as the English Web
//! Treebank does, a sentence splitter, and a part-of-speech tagger (Penn
//! Treebank tags) trained on UD English EWT.
//!
//! ```
//! use parlance_language::{tag_text, Tag};
//!
//! let tagged = tag_text("This will effect performance.");
//! let words: Vec<&str> = tagged.iter().map(|(t, _)| t.text).collect();
//! assert_eq!(words, ["This", "will", "effect", "performance", "."]);
//! assert!(tagged[2].1.is_verb());
//! ```
//!
//! The embedded model is derived from UD English EWT (CC BY-SA 4.0; see
//! `model/LICENSE` and [`MODEL_ATTRIBUTION`]).

use std::ops::Range;

pub mod conllu;
mod features;
mod model;
mod sentences;
pub mod tag;
pub mod tokenize;
pub mod train;

pub use model::{ModelError, Tagger};
pub use tag::{Tag, UnknownTag, TAG_COUNT};
pub use tokenize::{tokenize, tokenize_into, Token};

/// Where the embedded model comes from, and its licence.
pub const MODEL_ATTRIBUTION: &str = "part-of-speech model trained on the Universal Dependencies \
English Web Treebank (UD_English-EWT; Silveira et al. 2014 and the UD contributors), \
licensed CC BY-SA 4.0";

/// Byte ranges of the sentences of a paragraph, trimmed of white space.
pub fn sentences(text: &str) -> impl Iterator<Item = Range<usize>> {
    sentences::sentences(text).into_iter()
}

/// The tokens of `text`, sentence by sentence, with their tags.
pub fn tag_text(text: &str) -> Vec<(Token<'_>, Tag)> {
    let tagger = Tagger::embedded();
    let mut out = Vec::new();
    let mut tokens = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    let mut tags = Vec::new();
    for range in sentences(text) {
        tokens.clear();
        tokenize_into(&text[range.clone()], &mut tokens);
        words.clear();
        words.extend(tokens.iter().map(|t| t.text));
        tagger.tag_into(&words, &mut tags);
        for (t, tag) in tokens.iter().zip(&tags) {
            let token = Token {
                text: &text[range.start + t.start..range.start + t.end],
                start: range.start + t.start,
                end: range.start + t.end,
            };
            out.push((token, *tag));
        }
    }
    out
}

/// The tagged sentences of `text`: for each sentence, its span and its
/// tokens with their tags (spans into `text`).
pub fn tag_sentences(text: &str) -> Vec<(Range<usize>, Vec<(Token<'_>, Tag)>)> {
    let tagger = Tagger::embedded();
    let mut out = Vec::new();
    let mut tokens = Vec::new();
    let mut tags = Vec::new();
    for range in sentences(text) {
        tokens.clear();
        tokenize_into(&text[range.clone()], &mut tokens);
        let words: Vec<&str> = tokens.iter().map(|t| t.text).collect();
        tagger.tag_into(&words, &mut tags);
        let tagged = tokens
            .iter()
            .zip(&tags)
            .map(|(t, tag)| {
                let (start, end) = (range.start + t.start, range.start + t.end);
                (
                    Token {
                        text: &text[start..end],
                        start,
                        end,
                    },
                    *tag,
                )
            })
            .collect();
        out.push((range, tagged));
    }
    out
}

/// Token accuracy of `tagger` on CoNLL-U text with its gold tokenization:
/// (correct, total).
pub fn score_conllu(tagger: &Tagger, text: &str) -> (usize, usize) {
    let mut correct = 0;
    let mut total = 0;
    let mut tags = Vec::new();
    for s in conllu::sentences(text) {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        tagger.tag_into(&words, &mut tags);
        for (gold, tag) in s.tags.iter().zip(&tags) {
            total += 1;
            correct += usize::from(gold == tag.as_str());
        }
    }
    (correct, total)
}
