//! What a spelling rule checks words against: Hunspell dictionaries (read
//! by `spellbook`, which checks affixed forms lazily instead of expanding
//! them), word lists, filters of words to skip, and the vocabularies'
//! accepted terms — with Vale's semantics for each.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use regex::bytes::{Regex as BytesRegex, RegexBuilder};

use crate::compile::Pattern;
use crate::styles::paths::{DictionaryFiles, SpellerSources};

/// The built-in English dictionary (see `dictionaries/en_US/README.md`).
const EMBEDDED_AFF: &str = include_str!("../../../../dictionaries/en_US/en_US.aff");
const EMBEDDED_DIC: &str = include_str!("../../../../dictionaries/en_US/en_US.dic");
/// Words Vale's own `en_US-web` accepts that SCOWL's `en_US` lacks, met on
/// real documents: software words and British spellings (same affix flags).
const SUPPLEMENT_DIC: &str = include_str!("../../../../dictionaries/en_US/supplement.dic");

/// Vale's checker knows no `BREAK` rules: `human-friendly` is one word to
/// look up, not two. Hunspell splits at hyphens unless told otherwise.
const NO_BREAKS: &str = "\nBREAK 0\n";

/// Parsed on first use, once per process, and shared by every rule and
/// thread: a run whose rules never check a word never pays for it.
static EMBEDDED: LazyLock<spellbook::Dictionary> = LazyLock::new(|| {
    spellbook::Dictionary::new(
        &format!("{EMBEDDED_AFF}{NO_BREAKS}"),
        &format!("{EMBEDDED_DIC}{SUPPLEMENT_DIC}"),
    )
    .expect("the embedded dictionary parses (tested)")
});

/// Dictionaries read from disk, by their files: two rules (or two
/// configurations in an editor session) naming the same files share one.
type FileCache =
    HashMap<DictionaryFiles, Arc<OnceLock<Result<Arc<spellbook::Dictionary>, String>>>>;
static FILES: LazyLock<Mutex<FileCache>> = LazyLock::new(Mutex::default);

/// Reads and parses a `.dic` and `.aff` pair, or returns the copy already
/// parsed.
fn load(files: &DictionaryFiles) -> Result<Arc<spellbook::Dictionary>, String> {
    let cell = FILES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .entry(files.clone())
        .or_default()
        .clone();
    // Other threads asking for the same files wait for this parse.
    cell.get_or_init(|| {
        let read = |p: &Path| {
            crate::text::file::read(p)
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .map_err(|e| format!("cannot read {}: {e}", p.display()))
        };
        let aff = read(&files.aff)?;
        let dic = read(&files.dic)?;
        spellbook::Dictionary::new(&format!("{aff}{NO_BREAKS}"), &dic)
            .map(Arc::new)
            .map_err(|e| format!("{} / {}: {e}", files.dic.display(), files.aff.display()))
    })
    .clone()
}

/// Gives every speller its own key in the verdict caches.
static NEXT_SPELLER: AtomicU64 = AtomicU64::new(0);

type Verdicts = HashMap<Box<str>, bool, foldhash::fast::RandomState>;

thread_local! {
    /// Each thread's verdicts per speller: text has far fewer distinct
    /// words than words, so the dictionaries see each word once per thread
    /// rather than at every occurrence, across all the files it checks.
    static VERDICTS: RefCell<HashMap<u64, Verdicts>> = RefCell::default();
}

/// Bounds on the caches (an editor session rebuilds spellers as the
/// configuration changes, and a long session sees many words).
const MAX_CACHED_WORDS: usize = 1 << 18;
const MAX_CACHED_SPELLERS: usize = 16;

/// One dictionary a rule consults.
#[derive(Clone)]
enum Dictionary {
    Embedded,
    File(Arc<spellbook::Dictionary>),
}

impl Dictionary {
    fn get(&self) -> &spellbook::Dictionary {
        match self {
            Dictionary::Embedded => &EMBEDDED,
            Dictionary::File(d) => d,
        }
    }
}

/// A spelling rule's dictionary, word list or filter that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SpellerError(String);

/// A spelling rule's judge of words.
pub struct Speller {
    /// Its key in [`VERDICTS`].
    id: u64,
    dictionaries: Vec<Dictionary>,
    /// Word-list entries: a word is known when it or its lower case is here.
    words: HashSet<String>,
    default_filters: bool,
    filters: Vec<BytesRegex>,
    /// The vocabularies' accepted terms, `(?i)\bterm\b`, tested anywhere in
    /// the word.
    exceptions: Option<Pattern>,
}

impl std::fmt::Debug for Speller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Speller")
            .field("dictionaries", &self.dictionaries.len())
            .field("words", &self.words.len())
            .field("default_filters", &self.default_filters)
            .field("filters", &self.filters.len())
            .finish_non_exhaustive()
    }
}

impl Speller {
    /// Loads what `sources` names (dictionaries from disk are parsed now, so
    /// that a broken one is reported with its rule).
    pub fn new(
        sources: &SpellerSources,
        custom: bool,
        filters: &[String],
        accept: &[String],
    ) -> Result<Speller, SpellerError> {
        let mut dictionaries = Vec::new();
        for files in &sources.files {
            dictionaries.push(Dictionary::File(load(files).map_err(SpellerError)?));
        }
        if sources.embedded {
            dictionaries.push(Dictionary::Embedded);
        }
        let mut words = HashSet::new();
        for list in &sources.word_lists {
            let text = crate::text::file::read(list).map_err(|e| {
                SpellerError(format!("cannot read word list {}: {e}", list.display()))
            })?;
            words.extend(
                String::from_utf8_lossy(&text)
                    .lines()
                    .map(str::trim)
                    .filter(|w| !w.is_empty() && *w != "#")
                    .map(str::to_string),
            );
        }
        let filters = filters
            .iter()
            .map(|f| go_regex(f).map_err(|e| SpellerError(e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Speller {
            id: NEXT_SPELLER.fetch_add(1, Ordering::Relaxed),
            dictionaries,
            words,
            default_filters: !custom,
            filters,
            exceptions: exception_pattern(accept).map_err(SpellerError)?,
        })
    }

    /// Keeps the `items` whose word (as Vale's tokenizer gives it) does not
    /// pass: not skipped by a filter, not spelled right, not an accepted
    /// vocabulary term. Verdicts are remembered.
    pub fn retain_unknown<T>(&self, items: &mut Vec<T>, word: impl Fn(&T) -> &str) {
        VERDICTS.with_borrow_mut(|all| {
            if all.len() >= MAX_CACHED_SPELLERS && !all.contains_key(&self.id) {
                all.clear();
            }
            let verdicts = all.entry(self.id).or_default();
            items.retain(|item| {
                let word = word(item);
                let known = match verdicts.get(word) {
                    Some(&known) => known,
                    None => {
                        let known = self.judge(word);
                        if verdicts.len() >= MAX_CACHED_WORDS {
                            verdicts.clear();
                        }
                        verdicts.insert(word.into(), known);
                        known
                    }
                };
                !known
            });
        })
    }

    /// Whether one word passes (see [`Speller::retain_unknown`]).
    #[cfg(test)]
    pub fn accepts(&self, word: &str) -> bool {
        let mut one = vec![word];
        self.retain_unknown(&mut one, |w| w);
        one.is_empty()
    }

    fn judge(&self, word: &str) -> bool {
        (self.default_filters && default_filtered(word))
            || self.filters.iter().any(|f| f.is_match(word.as_bytes()))
            || self.knows(word)
            || self
                .exceptions
                .as_ref()
                .is_some_and(|p| p.is_match(word).unwrap_or(false))
    }

    /// Vale's lookup: the word as written or in lower case.
    fn knows(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        if self.words.contains(word) || self.words.contains(&lower) {
            return true;
        }
        self.dictionaries.iter().any(|d| {
            let d = d.get();
            d.check(word) || (lower != word && d.check(&lower))
        })
    }

    /// Up to six corrections, best first from each dictionary.
    pub fn suggest(&self, word: &str) -> Vec<String> {
        let mut all: Vec<String> = Vec::new();
        let mut some = Vec::new();
        for d in &self.dictionaries {
            d.get().suggest(word, &mut some);
            for s in some.drain(..).take(5) {
                if !all.contains(&s) {
                    all.push(s);
                }
            }
        }
        all.truncate(6);
        all
    }
}

/// Vale's default filters, by hand: `[A-Z]{1}[a-z]+[A-Z]+\w+` (camelCase),
/// `[A-Z]+$` (ends in a capital) and `[^a-zA-Z_']` (anything but ASCII
/// letters, `_` and `'`: digits, hyphens, accents).
fn default_filtered(word: &str) -> bool {
    let b = word.as_bytes();
    if b.last().is_some_and(u8::is_ascii_uppercase)
        || b.iter()
            .any(|&c| !(c.is_ascii_alphabetic() || c == b'_' || c == b'\''))
    {
        return true;
    }
    // Only ASCII letters, `_` and `'` remain.
    (0..b.len()).any(|i| {
        if !b[i].is_ascii_uppercase() {
            return false;
        }
        let lower = b[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_lowercase())
            .count();
        let rest = &b[i + 1 + lower..];
        let upper = rest.iter().take_while(|c| c.is_ascii_uppercase()).count();
        // `[A-Z]+\w+` backtracks: two capitals, or one and a word character.
        lower > 0 && upper > 0 && (upper > 1 || rest.get(1).is_some_and(|&c| c != b'\''))
    })
}

/// A spelling `filters` entry as Go's RE2 reads it: `\w`, `\d`, `\b` and
/// `(?i)` are ASCII-only there. A pattern that needs Unicode (`\p{L}`) is
/// read with Unicode on.
pub fn go_regex(pattern: &str) -> Result<BytesRegex, regex::Error> {
    RegexBuilder::new(pattern)
        .unicode(false)
        .build()
        .or_else(|_| RegexBuilder::new(pattern).build())
}

/// Vale's spelling exceptions: every accepted term as `\bterm\b`, joined,
/// case-insensitive.
fn exception_pattern(accept: &[String]) -> Result<Option<Pattern>, String> {
    let terms: Vec<String> = accept
        .iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| {
            if t.starts_with("\\b") || t.ends_with("\\b") {
                t.clone()
            } else {
                format!(r"\b{t}\b")
            }
        })
        .collect();
    if terms.is_empty() {
        return Ok(None);
    }
    Pattern::new(&format!("(?i){}", terms.join("|")))
        .map(Some)
        .map_err(|e| format!("a vocabulary term is not a valid pattern: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded(custom: bool, filters: &[&str], accept: &[&str]) -> Speller {
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Speller::new(
            &SpellerSources {
                embedded: true,
                ..SpellerSources::default()
            },
            custom,
            &owned(filters),
            &owned(accept),
        )
        .unwrap()
    }

    #[test]
    fn the_embedded_dictionary_knows_affixed_forms() {
        let s = embedded(false, &[], &[]);
        for word in [
            "recording",
            "doesn't",
            "This",
            "customers",
            "organization's",
        ] {
            assert!(s.accepts(word), "{word}");
        }
        for word in ["typpo", "remmark", "gfm", "Dataverse"] {
            assert!(!s.accepts(word), "{word}");
        }
    }

    #[test]
    fn hyphens_do_not_split_words() {
        let s = embedded(true, &[], &[]);
        assert!(!s.accepts("human-friendly"));
    }

    #[test]
    fn default_filters_are_vales() {
        for skipped in [
            "HTTP",
            "CRMs3",
            "remark-gfm",
            "café",
            "McDonald",
            "e.g.",
            "DocBook",
        ] {
            assert!(default_filtered(skipped), "{skipped}");
        }
        for checked in [
            "CRMs",
            "channelId",
            "msdyn_queue",
            "don't",
            "Dataverse",
            "iPhone",
        ] {
            assert!(!default_filtered(checked), "{checked}");
        }
    }

    #[test]
    fn filters_read_as_go_regexes() {
        let s = embedded(false, &[r"[pP]y.*\b", r"\w+\.\w+"], &[]);
        assert!(s.accepts("PyYAML") && s.accepts("pytest"));
        assert!(!s.accepts("zorglub"));
        assert!(go_regex(r"\p{Lu}").is_ok());
        assert!(go_regex("(?<=a)b").is_err());
    }

    #[test]
    fn vocabulary_terms_are_case_insensitive_whole_words() {
        let s = embedded(false, &[], &["Dataverse", "Zorg[a-z]+"]);
        assert!(s.accepts("dataverse") && s.accepts("Dataverse's") && s.accepts("zorglub"));
        assert!(!s.accepts("Dataversed"));
    }
}
