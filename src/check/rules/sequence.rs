//! `sequence`: report a run of words whose texts and part-of-speech tags
//! match a list of tokens (Vale's `internal/check/sequence.go`, ported
//! step by step, quirks included).
//!
//! Each token may have a `pattern` (a regular expression matched anywhere
//! in a word's text), a `tag` (a regular expression matched anywhere in the
//! word's Penn Treebank tag), `negate` (the token matches a word that fails
//! it) and `skip: n` (up to `n` optional copies of the token before it). The
//! first token that has a pattern and is not negated is the *anchor*: for
//! each match of its pattern in the sentence, the next word (not taken by an
//! earlier match) that matches the anchor is where the sequence is checked,
//! leftwards and rightwards. Every matched word is a `%s` argument of the
//! message (`%[n]s` picks the n-th). The rule always reads sentences,
//! whatever its `scope` says.

use parlance_language::{Tag, TAG_COUNT};

use super::{Compiled, CompiledRule, Env, Matcher as AnyMatcher, RuleDef};
use crate::check::tags::Word;
use crate::check::{with_action, Finding, SearchInput};
use crate::compile::{fill, with_case, Pattern, PatternError, SearchAborted, NONWORD_TEMPLATE};
use crate::error::SourceError;
use crate::styles::{Fields, RuleSource};

pub(super) const KEYS: &[&str] = &["tokens", "ignorecase"];

/// The keys of one token.
const TOKEN_KEYS: &[&str] = &["pattern", "tag", "negate", "skip"];

/// One token as written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TokenDef {
    pub pattern: String,
    pub tag: String,
    pub negate: bool,
    pub skip: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    pub tokens: Vec<TokenDef>,
    pub ignorecase: bool,
}

impl Definition {
    pub(super) fn read(fields: &Fields) -> Result<Definition, SourceError> {
        let ignorecase = fields.flag("ignorecase")?.unwrap_or(false);
        let items = fields.maps("tokens")?;
        if items.is_empty() {
            return Err(fields.error("extends", "a sequence rule needs `tokens`"));
        }
        let mut tokens = Vec::with_capacity(items.len());
        for item in &items {
            item.deny_unknown(TOKEN_KEYS).map_err(|e| {
                e.with_note(format!("a sequence token takes: {}", TOKEN_KEYS.join(", ")))
            })?;
            let token = TokenDef {
                pattern: item.text_or_empty("pattern")?,
                tag: item.text_or_empty("tag")?,
                negate: item.flag("negate")?.unwrap_or(false),
                skip: item.count("skip")?.unwrap_or(0),
            };
            // Checked here, where the token's line is known.
            if !token.pattern.is_empty() {
                word_pattern(&token.pattern, ignorecase)
                    .map_err(|e| bad_regex(item, "pattern", &token.pattern, &e))?;
            }
            if !token.tag.is_empty() {
                Pattern::new(&token.tag).map_err(|e| bad_regex(item, "tag", &token.tag, &e))?;
            }
            tokens.push(token);
        }
        Ok(Definition { tokens, ignorecase })
    }

    pub(super) fn compile(&self, def: &RuleDef, _env: &Env) -> Result<Compiled, SourceError> {
        let mut slots = Vec::new();
        for token in &self.tokens {
            let word = if token.pattern.is_empty() {
                None
            } else {
                Some(
                    word_pattern(&token.pattern, self.ignorecase)
                        .map_err(|e| late_error(&def.source, &token.pattern, &e))?,
                )
            };
            let tags = if token.tag.is_empty() {
                None
            } else {
                let p = Pattern::new(&token.tag)
                    .map_err(|e| late_error(&def.source, &token.tag, &e))?;
                Some(TagSet::of(&p))
            };
            let slot = Slot {
                word,
                tags,
                negate: token.negate,
                skip: token.skip,
                optional: true,
                start: false,
                end: false,
            };
            // Vale's makeTokens: `skip: n` is n optional copies of the
            // token, the first marked `start`, then the token itself.
            let mut copy = slot;
            for i in (1..=token.skip).rev() {
                copy.start = i == token.skip;
                slots.push(copy.clone());
            }
            if !token.pattern.is_empty() || !token.tag.is_empty() {
                copy.optional = false;
                copy.end = true;
                // Vale 3.7.1 quirk (docs/vale-compatibility.md#quirk-sequence-skip):
                // `start` is not reset for the token itself, so with
                // `skip: 1` it keeps the mark of its one copy.
                slots.push(copy);
            }
        }
        let anchor = slots.iter().position(|s| !s.negate && s.word.is_some());
        Ok(Compiled::plain(AnyMatcher::Sequence(Matcher {
            slots,
            anchor,
        })))
    }
}

/// A token's `pattern` as Vale compiles it: the nonword template, `(?i)`
/// with `ignorecase`.
fn word_pattern(pattern: &str, ignorecase: bool) -> Result<Pattern, PatternError> {
    Pattern::new(&with_case(ignorecase, fill(NONWORD_TEMPLATE, pattern)))
}

fn bad_regex(item: &Fields, key: &str, value: &str, e: &PatternError) -> SourceError {
    item.source()
        .error(
            item.value_range(key, value),
            format!("invalid regular expression in a sequence token's `{key}`"),
        )
        .with_note(e.to_string())
}

fn late_error(source: &RuleSource, value: &str, e: &PatternError) -> SourceError {
    source
        .error(
            source.value_range("tokens", value),
            "invalid regular expression in `tokens`",
        )
        .with_note(e.to_string())
}

/// Which Penn tags a `tag` pattern matches (anywhere in the tag, as
/// Vale's unanchored `MatchString` does).
#[derive(Debug, Clone)]
struct TagSet([bool; TAG_COUNT]);

impl TagSet {
    fn of(pattern: &Pattern) -> TagSet {
        let mut set = [false; TAG_COUNT];
        for (i, slot) in set.iter_mut().enumerate() {
            if let Some(tag) = Tag::from_index(i) {
                *slot = pattern.is_match(tag.as_str()).unwrap_or(false);
            }
        }
        TagSet(set)
    }

    fn has(&self, tag: Tag) -> bool {
        self.0[tag.index()]
    }
}

/// One position of the expanded token list (Vale's `NLPToken`).
#[derive(Debug, Clone)]
struct Slot {
    word: Option<Pattern>,
    tags: Option<TagSet>,
    negate: bool,
    skip: usize,
    optional: bool,
    start: bool,
    end: bool,
}

impl Slot {
    /// Vale's `tokensMatch`.
    fn matches(&self, text: &str, tag: Tag) -> Result<bool, SearchAborted> {
        let failed_tag = self.tags.as_ref().is_none_or(|t| t.has(tag)) == self.negate;
        let failed_word = match &self.word {
            Some(p) => p.is_match(text)? == self.negate,
            None => false,
        };
        let (has_pattern, has_tag) = (self.word.is_some(), self.tags.is_some());
        Ok(!((!has_pattern && failed_tag)
            || (!has_tag && failed_word)
            || (has_tag && has_pattern && (failed_tag || failed_word))))
    }
}

#[derive(Debug, Clone)]
pub struct Matcher {
    slots: Vec<Slot>,
    /// The first slot with a pattern that is not negated; without one the
    /// rule reports nothing (as in Vale).
    anchor: Option<usize>,
}

impl Matcher {
    pub(super) fn run(
        &self,
        rule: &CompiledRule,
        input: &SearchInput,
        out: &mut Vec<Finding>,
    ) -> Result<(), SearchAborted> {
        let Some(anchor) = self.anchor else {
            return Ok(());
        };
        let Some(pattern) = &self.slots[anchor].word else {
            return Ok(());
        };
        let text = input.hay.text;
        // Each match of the anchor's pattern in the sentence is one try.
        let tries = pattern.find_all_in(&input.hay)?.len();
        if tries == 0 {
            return Ok(());
        }
        let words = input.tags.covering(input.text_key, text, &(0..text.len()));
        let word = |w: &Word| &text[w.span.clone()];
        let mut taken = Vec::with_capacity(tries);
        for _ in 0..tries {
            let (found, index) = self.sequence_matches(anchor, &words, text, &taken)?;
            taken.push(index);
            let Some(found) = found else {
                continue;
            };
            let range = words[found.start].span.start..words[found.end - 1].span.end;
            let steps: Vec<String> = words[found].iter().map(|w| word(w).to_string()).collect();
            out.push(with_action(&rule.def, range.clone(), &text[range], steps));
        }
        Ok(())
    }

    /// Vale's `sequenceMatches`: the words (a range of `words`) the
    /// sequence matches at the first word not in `taken` that matches the
    /// anchor, and that word's index (0 when there is none).
    fn sequence_matches(
        &self,
        anchor: usize,
        words: &[Word],
        text: &str,
        taken: &[usize],
    ) -> Result<(Option<std::ops::Range<usize>>, usize), SearchAborted> {
        let target = &self.slots[anchor];
        let matches = |slot: &Slot, w: &Word| slot.matches(&text[w.span.clone()], w.tag);
        for (jdx, w) in words.iter().enumerate() {
            if taken.contains(&jdx) || !matches(target, w)? {
                continue;
            }
            let mut lo = jdx;
            // Leftwards from the anchor: the slot list is built for reading
            // rightwards, so a skipped token's copies swap roles.
            let mut i = 1;
            while i <= anchor {
                if i > jdx {
                    return Ok((None, jdx));
                }
                let slot = &self.slots[anchor - i];
                lo = jdx - i;
                let optional = if slot.skip > 0 {
                    (slot.optional || slot.end) && !slot.start
                } else {
                    slot.optional
                };
                let matched = matches(slot, &words[jdx - i])?;
                if !matched && !optional {
                    return Ok((None, jdx));
                } else if matched && optional {
                    break;
                }
                i += 1;
            }
            // Rightwards, the anchor included. Vale 3.7.1 quirk
            // (docs/vale-compatibility.md#quirk-sequence-skip): an optional
            // copy that matches ends the check; the tokens after it are
            // not read.
            let mut hi = jdx;
            for (i, slot) in self.slots[anchor..].iter().enumerate() {
                let Some(w) = words.get(jdx + i) else {
                    return Ok((None, jdx));
                };
                hi = jdx + i;
                let matched = matches(slot, w)?;
                if !matched && !slot.optional {
                    return Ok((None, jdx));
                } else if matched && slot.optional {
                    break;
                }
            }
            return Ok((Some(lo..hi + 1), jdx));
        }
        Ok((None, 0))
    }

    /// A sentence can only match where the anchor's pattern does.
    pub(super) fn required_literals(&self) -> Option<Vec<Vec<u8>>> {
        self.slots[self.anchor?].word.as_ref()?.required_literals()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::{read, Read};
    use super::*;
    use crate::check::tags::{probe, Tags, TextKey};
    use crate::compile::CompileOptions;
    use crate::diagnostic::Severity;
    use crate::styles::paths::Resolver;
    use crate::styles::{read_yaml, Origin};
    use crate::text::Haystack;

    fn parse(text: &str) -> Result<Read, SourceError> {
        let source = RuleSource {
            path: "T/R.yml".into(),
            text: Arc::from(text),
        };
        read(&read_yaml("T", "R", Origin::Generated, source)?)
    }

    fn compiled(yaml_text: &str) -> CompiledRule {
        let Ok(Read::Rule(rule)) = parse(yaml_text) else {
            panic!("not a rule: {yaml_text}");
        };
        let super::super::Definition::Sequence(d) = &rule.definition else {
            panic!("not a sequence rule");
        };
        let options = CompileOptions::default();
        let resolver = Resolver::default();
        let notices = std::sync::Mutex::new(Vec::new());
        let env = Env {
            options: &options,
            resolver: &resolver,
            notices: &notices,
        };
        let matcher = d.compile(&rule, &env).expect("compiles").matcher;
        CompiledRule {
            def: Arc::new(*rule),
            level: Severity::Warning,
            selector: 0,
            matcher,
            exceptions: None,
            phrases: None,
            context: None,
            pos: None,
        }
    }

    /// The matched texts and their messages' arguments in `text`.
    fn found(yaml_text: &str, text: &str) -> Vec<(String, Vec<String>)> {
        let rule = compiled(yaml_text);
        let AnyMatcher::Sequence(m) = &rule.matcher else {
            panic!()
        };
        let tags = Tags::default();
        let input = SearchInput {
            hay: Haystack::plain(text),
            source: text,
            unit_start: 0,
            defined: &[],
            tags: &tags,
            text_key: TextKey {
                start: 0,
                end: text.len(),
                markup_free: false,
                raw: false,
            },
        };
        let mut out = Vec::new();
        m.run(&rule, &input, &mut out).unwrap();
        out.into_iter()
            .map(|f| (text[f.range].to_string(), f.args))
            .collect()
    }

    const USING: &str = "extends: sequence\nmessage: x\ntokens:\n  - tag: NN|NNP|NNPS|NNS\n  - pattern: \\busing\\b\n";

    #[test]
    fn a_noun_then_using() {
        let got = found(USING, "We improved the system using new algorithms.");
        assert_eq!(
            got,
            [("system using".into(), vec!["system".into(), "using".into()])]
        );
        assert!(found(USING, "If you are using the log store do nothing.").is_empty());
    }

    #[test]
    fn the_scope_is_always_sentence() {
        let Ok(Read::Rule(rule)) = parse(&format!("{USING}scope: heading\n")) else {
            panic!()
        };
        assert_eq!(rule.scope, ["sentence"]);
    }

    #[test]
    fn skip_reads_optional_words_leftwards() {
        let rule = "extends: sequence\nmessage: x\ntokens:\n  - tag: JJS\n    skip: 3\n  - pattern: of\n  - pattern: all\n  - pattern: times\n";
        let got = found(
            rule,
            "In my opinion, he is still the greatest basketball player of all times.",
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "greatest basketball player of all times");
        assert!(found(rule, "He is a player of all times.").is_empty());
    }

    #[test]
    fn skip_reads_optional_words_rightwards() {
        let rule = "extends: sequence\nmessage: x\nignorecase: true\ntokens:\n  - tag: NN\n    pattern: '(?:data|metadata)'\n  - tag: VBZ\n    skip: 4\n";
        assert_eq!(
            found(rule, "Metadata for this one purpose is valid.")[0].0,
            "Metadata for this one purpose is"
        );
        assert!(found(rule, "Metadata for this one two purpose is valid.").is_empty());
    }

    #[test]
    fn every_word_is_an_argument() {
        let rule = "extends: sequence\nmessage: x\ntokens:\n  - tag: NN\n  - pattern: \"'s\"\n  - pattern: are\n";
        let got = found(rule, "The endpoint's are available.");
        assert_eq!(got[0].0, "endpoint's are");
        assert_eq!(got[0].1, ["endpoint", "'s", "are"]);
    }

    #[test]
    fn negated_tokens() {
        let rule = "extends: sequence\nmessage: x\ntokens:\n  - pattern: be\n  - tag: VB|VBN\n    negate: true\n";
        assert_eq!(found(rule, "It would be great fun.")[0].1, ["be", "great"]);
        assert!(found(rule, "It would be done.").is_empty());
    }

    #[test]
    fn without_an_anchor_nothing_is_reported_or_tagged() {
        let rule = "extends: sequence\nmessage: x\ntokens:\n  - tag: MD\n  - tag: VB\n";
        let before = probe::tagged();
        assert!(found(rule, "You can go.").is_empty());
        assert_eq!(probe::tagged(), before);
    }

    #[test]
    fn a_sentence_without_the_anchor_is_not_tagged() {
        let before = probe::tagged();
        assert!(found(USING, "Nothing to see here.").is_empty());
        assert_eq!(probe::tagged(), before);
    }

    #[test]
    fn errors_point_into_the_yaml() {
        let error = |y: &str| parse(y).expect_err("an error");
        let e = error(
            "extends: sequence\nmessage: x\ntokens:\n  - tag: NN\n  - pattern: '(unclosed'\n",
        );
        assert!(e.message.contains("pattern"), "{}", e.message);
        assert_eq!(e.line(), 5);
        let e = error("extends: sequence\nmessage: x\ntokens:\n  - tag: '(NN'\n");
        assert!(e.message.contains("tag"), "{}", e.message);
        assert_eq!(e.line(), 4);
        let e = error("extends: sequence\nmessage: x\ntokens:\n  - tag: NN\n    patern: x\n");
        assert!(e.message.contains("unknown key `patern`"), "{}", e.message);
        assert_eq!(e.line(), 5);
        let e = error("extends: sequence\nmessage: x\n");
        assert!(e.message.contains("needs `tokens`"), "{}", e.message);
        let e = error("extends: sequence\nmessage: x\ntokens:\n  - pattern: a\nswap: {a: b}\n");
        assert!(e.message.contains("swap"), "{}", e.message);
    }
}
