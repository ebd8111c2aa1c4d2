//! The tagger: an averaged perceptron read from the embedded model.
//!
//! Model file (before LZ4 compression, `lz4_flex`'s size-prepended block),
//! all integers little-endian:
//!
//! ```text
//! b"PLNCPOS1"
//! u32 tag count, then each tag: u8 length, its name
//! u32 dictionary entries, then each: u64 word hash, u8 tag
//! u32 lexicon entries, then each: u64 lower-case word hash, u64 tag bits
//! u32 features, then each: u64 feature hash, u8 n, n × (u8 tag, f32 weight)
//! ```
//!
//! Keys are sorted, so the same weights give the same bytes.

use std::fmt;
use std::sync::OnceLock;

use crate::features::{self, Word, FEATURES, START, START2};
use crate::tag::{Tag, TAG_COUNT};

pub(crate) const MAGIC: &[u8; 8] = b"PLNCPOS1";

static EMBEDDED: &[u8] = include_bytes!("../model/en-ewt.bin.lz4");

/// A model file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(pub &'static str);

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad tagger model: {}", self.0)
    }
}

impl std::error::Error for ModelError {}

/// An open-addressing table from hashed keys to a `u32`.
#[derive(Debug)]
struct Table {
    keys: Vec<u64>,
    values: Vec<u32>,
    mask: usize,
}

/// A key no real hash takes (a 0 hash is stored as 1).
const EMPTY: u64 = 0;

#[inline(always)]
fn nonzero(key: u64) -> u64 {
    if key == EMPTY {
        1
    } else {
        key
    }
}

impl Table {
    fn with_capacity(n: usize) -> Table {
        let size = (n * 2).next_power_of_two().max(16);
        Table {
            keys: vec![EMPTY; size],
            values: vec![0; size],
            mask: size - 1,
        }
    }

    fn insert(&mut self, key: u64, value: u32) {
        let key = nonzero(key);
        let mut i = (key as usize) & self.mask;
        while self.keys[i] != EMPTY && self.keys[i] != key {
            i = (i + 1) & self.mask;
        }
        self.keys[i] = key;
        self.values[i] = value;
    }

    #[inline(always)]
    fn get(&self, key: u64) -> Option<u32> {
        let key = nonzero(key);
        let mut i = (key as usize) & self.mask;
        loop {
            let k = self.keys[i];
            if k == key {
                return Some(self.values[i]);
            }
            if k == EMPTY {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// A part-of-speech tagger (greedy, left to right).
#[derive(Debug)]
pub struct Tagger {
    /// Frequent words that always take one tag.
    dict: Table,
    /// Lower-case word → index into `lexicon_bits`.
    lexicon: Table,
    lexicon_bits: Vec<u64>,
    /// Feature → the start of its row in `rows` (`u32`: start << 8 | len).
    features: Table,
    /// Where each feature's (tag, weight) pairs start in `tags`/`weights`.
    starts: Vec<u32>,
    tags: Vec<u8>,
    weights: Vec<f32>,
    /// The model's tag numbers → `Tag`.
    classes: Vec<Tag>,
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        if self.bytes.len() < n {
            return Err(ModelError("truncated"));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }
    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
}

/// Reused buffers for one sentence.
#[derive(Default)]
struct Scratch {
    words: Vec<Word>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

impl Tagger {
    /// The English tagger trained on UD English EWT, decoded on first use.
    pub fn embedded() -> &'static Tagger {
        static TAGGER: OnceLock<Tagger> = OnceLock::new();
        TAGGER.get_or_init(|| Tagger::from_compressed(EMBEDDED).expect("the embedded model reads"))
    }

    /// Reads a compressed model file (as `train-tagger` writes it).
    pub fn from_compressed(bytes: &[u8]) -> Result<Tagger, ModelError> {
        let raw = lz4_flex::decompress_size_prepended(bytes)
            .map_err(|_| ModelError("not LZ4 (size-prepended)"))?;
        Tagger::from_bytes(&raw)
    }

    /// Reads an uncompressed model.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        let mut r = Reader { bytes };
        if r.take(8)? != MAGIC {
            return Err(ModelError("wrong magic"));
        }
        let n_tags = r.u32()? as usize;
        let mut classes = Vec::with_capacity(n_tags);
        for _ in 0..n_tags {
            let len = r.u8()? as usize;
            let name = std::str::from_utf8(r.take(len)?).map_err(|_| ModelError("tag name"))?;
            classes.push(name.parse::<Tag>().map_err(|_| ModelError("unknown tag"))?);
        }
        if classes.len() > 255 {
            return Err(ModelError("too many tags"));
        }
        let n_dict = r.u32()? as usize;
        let mut dict = Table::with_capacity(n_dict);
        for _ in 0..n_dict {
            let key = r.u64()?;
            let tag = r.u8()?;
            if tag as usize >= classes.len() {
                return Err(ModelError("dictionary tag out of range"));
            }
            dict.insert(key, u32::from(tag));
        }
        let n_lexicon = r.u32()? as usize;
        let mut lexicon = Table::with_capacity(n_lexicon);
        let mut lexicon_bits = Vec::with_capacity(n_lexicon);
        for i in 0..n_lexicon {
            let key = r.u64()?;
            lexicon_bits.push(r.u64()?);
            lexicon.insert(key, i as u32);
        }
        let n_features = r.u32()? as usize;
        let mut features = Table::with_capacity(n_features);
        let mut starts = Vec::with_capacity(n_features + 1);
        let mut tags = Vec::new();
        let mut weights = Vec::new();
        for row in 0..n_features {
            let key = r.u64()?;
            let n = r.u8()? as usize;
            starts.push(tags.len() as u32);
            for _ in 0..n {
                let tag = r.u8()?;
                if tag as usize >= classes.len() {
                    return Err(ModelError("weight tag out of range"));
                }
                tags.push(tag);
                weights.push(r.f32()?);
            }
            features.insert(key, row as u32);
        }
        starts.push(tags.len() as u32);
        if !r.bytes.is_empty() {
            return Err(ModelError("trailing bytes"));
        }
        Ok(Tagger {
            dict,
            lexicon,
            lexicon_bits,
            features,
            starts,
            tags,
            weights,
            classes,
        })
    }

    /// The tags of a sentence's words.
    pub fn tag(&self, words: &[&str]) -> Vec<Tag> {
        let mut out = Vec::with_capacity(words.len());
        self.tag_into(words, &mut out);
        out
    }

    /// The tags of a sentence's words, appended to `out` (cleared first).
    pub fn tag_into(&self, words: &[&str], out: &mut Vec<Tag>) {
        out.clear();
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let ambiguity = |norm: u64| {
                self.lexicon
                    .get(norm)
                    .map_or(0, |i| self.lexicon_bits[i as usize])
            };
            features::pad_words(words.iter().copied(), ambiguity, &mut scratch.words);
            let (mut p1, mut p2) = (START, START2);
            for i in 0..words.len() {
                let class = self.predict(&scratch.words, i, p1, p2);
                out.push(self.classes[class]);
                p2 = p1;
                p1 = class as u64;
            }
        });
    }

    #[inline]
    fn predict(&self, padded: &[Word], i: usize, p1: u64, p2: u64) -> usize {
        if let Some(tag) = self.dict.get(padded[i + 2].exact) {
            return tag as usize;
        }
        let mut feats = [0u64; FEATURES];
        features::extract(padded, i, p1, p2, &mut feats);
        let mut scores = [0f32; 256];
        for &f in &feats {
            if let Some(row) = self.features.get(f) {
                let (a, b) = (
                    self.starts[row as usize] as usize,
                    self.starts[row as usize + 1] as usize,
                );
                for (t, w) in self.tags[a..b].iter().zip(&self.weights[a..b]) {
                    scores[*t as usize] += *w;
                }
            }
        }
        best(&scores[..self.classes.len()])
    }
}

/// The index of the highest score, the first on a tie.
#[inline]
pub(crate) fn best<T: PartialOrd + Copy>(scores: &[T]) -> usize {
    let mut best = 0;
    for (i, s) in scores.iter().enumerate() {
        if *s > scores[best] {
            best = i;
        }
    }
    best
}

const _: () = assert!(TAG_COUNT < 255);
