//! `pos:` (a parlance extension on existence and substitution rules): a
//! match is reported only when the part-of-speech tags of the matched word
//! and of its neighbours in the sentence satisfy the rule.
//!
//! ```yaml
//! pos:
//!   match: 'VB[PZ]?'    # the tag of the first word of the match
//!   before: '!(MD|TO)'  # the tag of the word just before it
//!   after: 'DT|NNS?'    # the tag of the word just after the match
//! ```
//!
//! Each condition is a regular expression over Penn Treebank tags matched
//! against the whole tag; a leading `!` negates it. A missing neighbour (a
//! match at the start or end of its sentence) fails a condition and
//! satisfies a negated one. Words are the tagger's tokens of the sentence
//! holding the match ([`super::tags`]): punctuation is a word with its own
//! tag (`,`, `.`), so `before: '!,'` reads "not right after a comma". A
//! match that starts or ends inside a token is read with the tokens it
//! overlaps.

use std::ops::Range;

use parlance_language::{Tag, TAG_COUNT};

use super::tags::{Tags, TextKey};
use crate::compile::Pattern;
use crate::error::SourceError;
use crate::styles::Fields;

const KEYS: &[&str] = &["match", "before", "after"];

/// One condition on a tag, as written and as the set of tags it accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagTest {
    pub written: String,
    negate: bool,
    accepts: [bool; TAG_COUNT],
}

impl TagTest {
    /// Whether `tag` (`None`: no word there) satisfies the condition.
    fn holds(&self, tag: Option<Tag>) -> bool {
        match tag {
            Some(t) => self.accepts[t.index()] != self.negate,
            None => self.negate,
        }
    }
}

/// `pos:` as read (its patterns checked against the tag set).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pos {
    pub matched: Option<TagTest>,
    pub before: Option<TagTest>,
    pub after: Option<TagTest>,
}

/// Every Penn Treebank tag the tagger gives, for error notes.
fn tag_names() -> String {
    (0..TAG_COUNT)
        .filter_map(Tag::from_index)
        .map(Tag::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads a rule's `pos:` key. `vale_scalar`: a single value is Vale's old
/// substitution `pos` (which has no effect in Vale 3) and is ignored.
pub fn read(fields: &Fields, vale_scalar: bool) -> Result<Option<Pos>, SourceError> {
    if vale_scalar && fields.text("pos").is_ok() {
        return Ok(None);
    }
    let Some(pos) = fields.map("pos")? else {
        return Ok(None);
    };
    pos.deny_unknown(KEYS)
        .map_err(|e| e.with_note("`pos` takes: match, before, after"))?;
    let test = |key: &str| -> Result<Option<TagTest>, SourceError> {
        let Some(written) = pos.text(key)? else {
            return Ok(None);
        };
        let trimmed = written.trim();
        let (negate, body) = match trimmed.strip_prefix('!') {
            Some(rest) => (true, rest.trim()),
            None => (false, trimmed),
        };
        let at = || pos.value_range(key, &written);
        if body.is_empty() {
            return Err(pos
                .source()
                .error(at(), format!("`pos.{key}` is empty"))
                .with_note(format!("give a pattern over the tags: {}", tag_names())));
        }
        let pattern = Pattern::new(&format!("^(?:{body})$")).map_err(|e| {
            pos.source()
                .error(at(), format!("invalid regular expression in `pos.{key}`"))
                .with_note(e.to_string())
        })?;
        let mut accepts = [false; TAG_COUNT];
        for (i, slot) in accepts.iter_mut().enumerate() {
            if let Some(tag) = Tag::from_index(i) {
                *slot = pattern.is_match(tag.as_str()).unwrap_or(false);
            }
        }
        if !accepts.contains(&true) {
            return Err(pos
                .source()
                .error(at(), format!("`pos.{key}` matches no part-of-speech tag"))
                .with_note(format!(
                    "the pattern is matched against the whole tag, one of: {}",
                    tag_names()
                )));
        }
        Ok(Some(TagTest {
            written,
            negate,
            accepts,
        }))
    };
    let read = Pos {
        matched: test("match")?,
        before: test("before")?,
        after: test("after")?,
    };
    if read == Pos::default() {
        return Err(fields
            .error("pos", "`pos` needs `match`, `before` or `after`")
            .with_note(format!("each is a pattern over the tags: {}", tag_names())));
    }
    Ok(Some(read))
}

impl Pos {
    /// Whether the match at `range` of `text` (the text `key` names)
    /// satisfies every condition.
    pub fn allows(&self, tags: &Tags, key: TextKey, text: &str, range: &Range<usize>) -> bool {
        let words = tags
            .sentence_at(key, text, range)
            .map(|(_, words)| words)
            .unwrap_or_default();
        // The tokens the match overlaps (an empty match: the one it touches).
        let end = range.end.max(range.start + 1);
        let first = words
            .iter()
            .position(|w| w.span.end > range.start && w.span.start < end);
        let last = words
            .iter()
            .rposition(|w| w.span.start < end && w.span.end > range.start);
        let tag_at = |i: Option<usize>| i.and_then(|i| words.get(i)).map(|w| w.tag);
        let holds =
            |test: &Option<TagTest>, tag: Option<Tag>| test.as_ref().is_none_or(|t| t.holds(tag));
        holds(&self.matched, tag_at(first))
            && holds(&self.before, tag_at(first.and_then(|i| i.checked_sub(1))))
            && holds(&self.after, tag_at(last.map(|i| i + 1)))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::styles::{read_yaml, Origin, RuleSource};

    fn pos(yaml: &str) -> Result<Option<Pos>, SourceError> {
        let source = RuleSource {
            path: "T/R.yml".into(),
            text: Arc::from(yaml),
        };
        let file = read_yaml("T", "R", Origin::Generated, source)?;
        read(&file.fields(), false)
    }

    fn allowed(yaml: &str, text: &str, word: &str) -> bool {
        let p = pos(yaml).unwrap().unwrap();
        let at = text.find(word).unwrap();
        let key = TextKey {
            start: 0,
            end: text.len(),
            markup_free: false,
            raw: false,
        };
        p.allows(&Tags::default(), key, text, &(at..at + word.len()))
    }

    #[test]
    fn the_matched_word_and_its_neighbours() {
        let verb = "pos:\n  match: 'VB[PZ]?'\n  before: '!(MD|TO)'\n";
        assert!(allowed(verb, "These changes affect the results.", "affect"));
        assert!(!allowed(verb, "The affect is large.", "affect"));
        // A verb after `will` fails `before`.
        assert!(!allowed(verb, "This will affect a change.", "affect"));
        let after = "pos:\n  after: 'DT|NNS?'\n";
        assert!(allowed(after, "They affect the change.", "affect"));
        assert!(!allowed(after, "It affects us.", "affects"));
        assert!(!allowed(after, "affect", "affect"), "no word after");
    }

    #[test]
    fn a_missing_neighbour_fails_a_condition_and_satisfies_its_negation() {
        let text = "Affect matters.";
        assert!(!allowed("pos:\n  before: 'DT'\n", text, "Affect"));
        assert!(allowed("pos:\n  before: '!DT'\n", text, "Affect"));
        assert!(allowed(
            "pos:\n  after: '!.'\n",
            "It has an affect",
            "affect"
        ));
    }

    #[test]
    fn punctuation_is_a_word_and_partial_matches_use_the_tokens_they_touch() {
        assert!(allowed(
            "pos:\n  before: ','\n",
            "Yes, affect it.",
            "affect"
        ));
        // `ffec` lies inside `affect`: the token `affect` is read.
        assert!(allowed(
            "pos:\n  match: 'VB[PZ]?'\n",
            "These changes affect the results.",
            "ffec"
        ));
    }

    #[test]
    fn errors_point_into_the_yaml_and_name_the_tags() {
        let error = |y: &str| pos(y).expect_err("an error");
        let e = error("pos:\n  match: VERB\n");
        assert_eq!(e.line(), 2);
        assert!(
            e.message.contains("matches no part-of-speech tag"),
            "{}",
            e.message
        );
        assert!(e.notes.iter().any(|n| n.contains("VBZ")), "{:?}", e.notes);
        let e = error("pos:\n  match: '(VB'\n");
        assert!(
            e.message.contains("invalid regular expression"),
            "{}",
            e.message
        );
        assert_eq!(e.line(), 2);
        let e = error("pos:\n  before: '!'\n");
        assert!(e.message.contains("empty"), "{}", e.message);
        let e = error("pos:\n  matches: VB\n");
        assert!(e.message.contains("unknown key `matches`"), "{}", e.message);
        assert_eq!(e.line(), 2);
        let e = error("pos: {}\n");
        assert!(e.message.contains("needs"), "{}", e.message);
        assert!(pos("pos: VB\n").is_err(), "a single value is no map");
    }
}
