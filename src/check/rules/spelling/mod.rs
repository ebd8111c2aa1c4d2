//! `spelling`: report words no dictionary, word list, filter or
//! vocabulary accepts.

mod speller;
mod words;

use std::sync::Arc;

use speller::{go_regex, Speller};
use words::words;

use super::{Compiled, Env, Matcher as AnyMatcher, RuleDef};
use crate::check::{plain, Finding, SearchInput};
use crate::compile::{phrase_pattern, SearchAborted};
use crate::error::SourceError;
use crate::styles::paths::SpellingFiles;
use crate::styles::Fields;

/// `exceptions` and `threshold` are accepted as Vale accepts them; they
/// change nothing there.
pub(super) const KEYS: &[&str] = &[
    "dic",
    "aff",
    "dicpath",
    "dictionaries",
    "append",
    "custom",
    "filters",
    "ignore",
    "exceptions",
    "threshold",
];

/// A spelling rule's keys, as written (paths are resolved when compiling,
/// against the StylesPath).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Definition {
    /// `dic` and `aff`: one dictionary by path; when both exist, the only one.
    pub dic: String,
    pub aff: String,
    /// `dicpath`: where `dictionaries` are looked up.
    pub dicpath: String,
    /// `dictionaries`: names `X` of `X.dic` + `X.aff` in `dicpath`.
    pub dictionaries: Vec<String>,
    /// `append`: the built-in English dictionary as well as `dictionaries`.
    pub append: bool,
    /// `custom`: drop Vale's three default filters.
    pub custom: bool,
    /// `filters`: Go (RE2) patterns of words to skip.
    pub filters: Vec<String>,
    /// `ignore`: word-list files, one word per line.
    pub ignore: Vec<String>,
    /// The built-in `Vale.Spelling`: also every dictionary in
    /// `config/dictionaries` and every word list in `config/ignore`.
    pub builtin: bool,
}

impl Definition {
    pub(super) fn read(fields: &Fields) -> Result<Definition, SourceError> {
        let filters = fields.list("filters")?;
        for filter in &filters {
            if let Err(e) = go_regex(filter) {
                return Err(fields
                    .source()
                    .error(
                        fields.value_range("filters", filter),
                        "invalid regular expression in `filters`",
                    )
                    .with_note(e.to_string()));
            }
        }
        Ok(Definition {
            dic: fields.text_or_empty("dic")?,
            aff: fields.text_or_empty("aff")?,
            dicpath: fields.text_or_empty("dicpath")?,
            dictionaries: fields.list("dictionaries")?,
            append: fields.flag("append")?.unwrap_or(false),
            custom: fields.flag("custom")?.unwrap_or(false),
            filters,
            ignore: fields.list("ignore")?,
            builtin: false,
        })
    }

    pub(super) fn compile(&self, def: &RuleDef, env: &Env) -> Result<Compiled, SourceError> {
        let src = &def.source;
        let files = SpellingFiles {
            dic: &self.dic,
            aff: &self.aff,
            dicpath: &self.dicpath,
            dictionaries: &self.dictionaries,
            append: self.append,
            ignore: &self.ignore,
            builtin: self.builtin,
        };
        let sources = env
            .resolver
            .spelling_sources(files)
            .map_err(|e| src.error(src.key_range(e.key), e.message))?;
        for missing in &sources.missing_word_lists {
            env.notice(
                def,
                format!("rule {}: {missing}; the rule runs without it", def.id),
            );
        }
        let speller = Speller::new(&sources, self.custom, &self.filters, &env.options.accept)
            .map_err(|e| {
                src.error(src.key_range("extends"), "cannot load this spelling rule")
                    .with_note(e.to_string())
            })?;
        // Spelling always honours the vocabularies (in the speller,
        // case-insensitively) and masks their phrases.
        Ok(Compiled {
            matcher: AnyMatcher::Spelling(Matcher {
                speller: Arc::new(speller),
            }),
            exceptions: None,
            phrases: phrase_pattern(&env.terms(&[], true)),
            context: None,
            pos: None,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Matcher {
    speller: Arc<Speller>,
}

impl Matcher {
    pub(super) fn run(
        &self,
        input: &SearchInput,
        out: &mut Vec<Finding>,
    ) -> Result<(), SearchAborted> {
        let mut unknown = words(input.hay.text);
        self.speller.retain_unknown(&mut unknown, |w| &w.text);
        // Corrections are costly: they are looked up only when asked for
        // (an editor's quick fix).
        out.extend(
            unknown
                .into_iter()
                .map(|w| plain(w.range, vec![w.text.into_owned()])),
        );
        Ok(())
    }

    /// Corrections for `word`, curly apostrophes read as straight ones.
    pub(super) fn suggest(&self, word: &str) -> Vec<String> {
        self.speller
            .suggest(&word.replace(['\u{2018}', '\u{2019}'], "'"))
    }
}
