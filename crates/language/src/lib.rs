//! English for parlance: a tokenizer that splits words as the English Web
//! Treebank does, a sentence splitter, and a part-of-speech tagger (Penn
//! Treebank tags) trained on UD English EWT.
//!
//! ```
//! use parlance_language::{tag_text, Tag};
//!
//! let tagged = tag_text("This will affect performance.");
//! let words: Vec<&str> = tagged.iter().map(|(t, _)| t.text).collect();
//! assert_eq!(words, ["This", "will", "affect", "performance", "."]);
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

/// A sentence's span and its tokens with their tags.
pub type TaggedSentence<'a> = (Range<usize>, Vec<(Token<'a>, Tag)>);

/// The tagged sentences of `text`: for each sentence, its span and its
/// tokens with their tags (spans into `text`).
pub fn tag_sentences(text: &str) -> Vec<TaggedSentence<'_>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn tagged(text: &str) -> Vec<String> {
        tag_text(text)
            .into_iter()
            .map(|(t, tag)| format!("{}/{}", t.text, tag))
            .collect()
    }

    #[test]
    fn the_embedded_tagger_tags_plain_prose() {
        let out = tagged("The customers don't read the reports.");
        assert_eq!(
            out,
            [
                "The/DT",
                "customers/NNS",
                "do/VBP",
                "n't/RB",
                "read/VB",
                "the/DT",
                "reports/NNS",
                "./."
            ]
        );
    }

    #[test]
    fn tags_tell_a_verb_from_a_noun() {
        let tags = Tagger::embedded().tag(&["This", "will", "affect", "the", "results", "."]);
        assert!(tags[2].is_verb(), "{tags:?}");
        assert!(tags[4].is_plural_noun(), "{tags:?}");
        let tags = Tagger::embedded().tag(&["The", "effect", "was", "small", "."]);
        assert!(tags[1].is_noun(), "{tags:?}");
        assert!(tags[3].is_adjective(), "{tags:?}");
    }

    #[test]
    fn spans_point_into_the_whole_text_across_sentences() {
        let text = "First one. Second  one!";
        let out = tag_text(text);
        for (t, _) in &out {
            assert_eq!(&text[t.span()], t.text);
        }
        assert_eq!(out.last().unwrap().0.text, "!");
        let sents = tag_sentences(text);
        assert_eq!(sents.len(), 2);
        assert_eq!(&text[sents[1].0.clone()], "Second  one!");
    }

    #[test]
    fn an_empty_sentence_tags_to_nothing() {
        assert!(Tagger::embedded().tag(&[]).is_empty());
        assert!(tag_text("   ").is_empty());
    }

    #[test]
    fn a_broken_model_is_an_error() {
        assert!(Tagger::from_compressed(b"nonsense").is_err());
        assert!(Tagger::from_bytes(b"PLNCPOS1\x01").is_err());
    }

    #[test]
    fn scores_conllu() {
        let text = "1\tI\tI\tPRON\tPRP\t_\t0\t_\t_\t_\n2\tagree\tagree\tVERB\tVBP\t_\t0\t_\t_\t_\n3\t.\t.\tPUNCT\t.\t_\t0\t_\t_\t_\n";
        assert_eq!(score_conllu(Tagger::embedded(), text), (3, 3));
    }
}
