//! Part-of-speech tags for the rules that name them, made lazily for one
//! document run: a rule asks for the words of the sentence(s) covering a
//! range of the text it reads, and only those sentences are tagged, once
//! each. The tagger's model is decoded on the first request of the process
//! (`Tagger::embedded`), so a run whose rules name no tag never loads it.
//!
//! Sentences are cut by [`sentences`] (the document stage's splitter, the
//! one sentence-scoped rules and `context:` read), and words are the
//! tagger's tokens: punctuation is a word with its own tag (`,`, `.`), and
//! clitics are words of their own (`do` `n't`, `customer` `'s`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use parlance_language::{tokenize_into, Tag, Tagger};

use crate::document::sentences::sentences;

/// One word of a tagged sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte range in the text the rule reads.
    pub span: Range<usize>,
    pub tag: Tag,
}

/// Which text of the document a rule reads: the file range it was cut from
/// and how (a rule reading a unit's markup-free text and one reading its
/// prose view read different strings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TextKey {
    pub start: usize,
    pub end: usize,
    pub markup_free: bool,
    pub raw: bool,
}

/// The tags of one document run, made on request.
#[derive(Debug, Default)]
pub struct Tags {
    /// Each text's sentences, cut once for every rule that reads it.
    sentences: RefCell<HashMap<TextKey, Rc<[Range<usize>]>>>,
    /// A sentence's text → its words (spans relative to the sentence):
    /// tagging depends on the sentence alone, so a sentence read through
    /// several units or views is tagged once.
    tagged: RefCell<HashMap<Box<str>, Rc<[Word]>>>,
}

impl Tags {
    /// The sentences of `text` (the text `key` names).
    pub fn sentences(&self, key: TextKey, text: &str) -> Rc<[Range<usize>]> {
        self.sentences
            .borrow_mut()
            .entry(key)
            .or_insert_with(|| sentences(text).into())
            .clone()
    }

    /// The words, in order, of the sentences of `text` that `range`
    /// overlaps (an empty range: the sentence it touches).
    pub fn covering(&self, key: TextKey, text: &str, range: &Range<usize>) -> Vec<Word> {
        let mut out = Vec::new();
        for sentence in self.sentences(key, text).iter() {
            if overlaps(sentence, range) {
                self.extend_with(text, sentence, &mut out);
            }
        }
        out
    }

    /// The sentence of `text` holding the start of `range` (the first one
    /// `range` overlaps) and its words.
    pub fn sentence_at(
        &self,
        key: TextKey,
        text: &str,
        range: &Range<usize>,
    ) -> Option<(Range<usize>, Vec<Word>)> {
        let all = self.sentences(key, text);
        let sentence = all.iter().find(|s| overlaps(s, range))?.clone();
        let mut words = Vec::new();
        self.extend_with(text, &sentence, &mut words);
        Some((sentence, words))
    }

    /// Appends the words of `sentence` of `text`, spans in `text`.
    fn extend_with(&self, text: &str, sentence: &Range<usize>, out: &mut Vec<Word>) {
        let words = self.tagged_sentence(&text[sentence.clone()]);
        out.extend(words.iter().map(|w| Word {
            span: w.span.start + sentence.start..w.span.end + sentence.start,
            tag: w.tag,
        }));
    }

    /// The words of one sentence, tagged on first request.
    fn tagged_sentence(&self, sentence: &str) -> Rc<[Word]> {
        if let Some(words) = self.tagged.borrow().get(sentence) {
            return words.clone();
        }
        let words = tag_sentence(sentence);
        self.tagged
            .borrow_mut()
            .insert(sentence.into(), words.clone());
        words
    }
}

fn overlaps(sentence: &Range<usize>, range: &Range<usize>) -> bool {
    if range.is_empty() {
        sentence.start <= range.start && range.start <= sentence.end
    } else {
        sentence.start < range.end && range.start < sentence.end
    }
}

/// Tags one sentence with the embedded model.
fn tag_sentence(sentence: &str) -> Rc<[Word]> {
    #[cfg(test)]
    probe::TAGGED.with(|n| n.set(n.get() + 1));
    let mut tokens = Vec::new();
    tokenize_into(sentence, &mut tokens);
    let texts: Vec<&str> = tokens.iter().map(|t| t.text).collect();
    let mut tags = Vec::with_capacity(texts.len());
    Tagger::embedded().tag_into(&texts, &mut tags);
    tokens
        .iter()
        .zip(tags)
        .map(|(t, tag)| Word {
            span: t.span(),
            tag,
        })
        .collect()
}

/// How many sentences this thread has tagged: what proves that a run
/// without tag-naming rules never reaches the tagger.
#[cfg(test)]
pub(crate) mod probe {
    use std::cell::Cell;

    thread_local! {
        pub static TAGGED: Cell<usize> = const { Cell::new(0) };
    }

    pub fn tagged() -> usize {
        TAGGED.with(Cell::get)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: TextKey = TextKey {
        start: 0,
        end: 0,
        markup_free: false,
        raw: false,
    };

    #[test]
    fn only_the_sentences_asked_for_are_tagged_once() {
        let text = "The first one is here. We improved the system using new algorithms. Last.";
        let tags = Tags::default();
        let before = probe::tagged();
        let at = text.find("using").unwrap();
        let words = tags.covering(KEY, text, &(at..at + 5));
        assert_eq!(probe::tagged() - before, 1, "one sentence tagged");
        let shown: Vec<String> = words
            .iter()
            .map(|w| format!("{}/{}", &text[w.span.clone()], w.tag))
            .collect();
        assert_eq!(shown[0], "We/PRP");
        assert!(shown.contains(&"using/VBG".to_string()), "{shown:?}");
        assert_eq!(shown.last().unwrap(), "./.");
        // Asked again, from another rule: no tagging.
        let (range, again) = tags.sentence_at(KEY, text, &(at..at + 5)).unwrap();
        assert_eq!(&text[range], "We improved the system using new algorithms.");
        assert_eq!(again, words);
        assert_eq!(probe::tagged() - before, 1);
    }

    #[test]
    fn a_range_over_two_sentences_gets_both() {
        let text = "One two. Three four.";
        let tags = Tags::default();
        let words = tags.covering(KEY, text, &(0..text.len()));
        assert_eq!(words.len(), 6);
        assert_eq!(&text[words[3].span.clone()], "Three");
    }
}
