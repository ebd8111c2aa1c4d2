//! The tagger: an averaged perceptron read from the embedded model.
//!
//! Model file (before LZ4 compression, `lz4_flex`'s size-prepended block),
//! all integers little-endian:
//!
//! ```text
//! b"PLNCPOS1"
//! u32 tag count, then each tag: u8 length, its name
//! u32 dictionary entries, then each: u64 word hash, u8 tag
//! u32 lexicon entries (the known words), then each: u64 lower-case word
//!   hash, u64 tag bits (0 if too rare for its tags to count)
//! u8 passes (1 or 2), then each:
//!   u32 features, then each: u64 feature hash, u8 n, n × (u8 tag, f32 weight)
//! ```
//!
//! The second pass, if any, sees the first pass's tags of the words ahead.
//!
//! Keys are sorted, so the same weights give the same bytes.

use std::fmt;
use std::sync::OnceLock;

use crate::features::{self, Role, Word, GUIDED, ROLE_MAX, START, START2};
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

/// One slot of an open-addressing table: a key and its value, inline so
/// that a lookup touches one cache line.
#[derive(Debug, Clone, Copy)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

/// An open-addressing table (linear probing) from hashed keys to a range.
#[derive(Debug)]
struct Table {
    slots: Vec<Slot>,
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
            slots: vec![
                Slot {
                    key: EMPTY,
                    start: 0,
                    len: 0
                };
                size
            ],
            mask: size - 1,
        }
    }

    fn insert(&mut self, key: u64, start: u32, len: u32) {
        let key = nonzero(key);
        let mut i = (key as usize) & self.mask;
        while self.slots[i].key != EMPTY && self.slots[i].key != key {
            i = (i + 1) & self.mask;
        }
        self.slots[i] = Slot { key, start, len };
    }

    #[inline(always)]
    fn get(&self, key: u64) -> Option<(u32, u32)> {
        let key = nonzero(key);
        let mut i = (key as usize) & self.mask;
        loop {
            let slot = self.slots[i];
            if slot.key == key {
                return Some((slot.start, slot.len));
            }
            if slot.key == EMPTY {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// One weight of a feature's row.
#[derive(Debug, Clone, Copy)]
struct Entry {
    weight: f32,
    tag: u32,
}

/// One feature's weights: a row of up to `INLINE` weights is kept in the
/// slot itself (one cache line for the lookup), a longer one in `long`.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(32))]
struct Row {
    key: u64,
    len: u32,
    /// The tags of an inline row, a byte each; else the start in `long`.
    data: u32,
    weights: [f32; INLINE],
}

const INLINE: usize = 4;

/// The weights of one pass: an open-addressing table (linear probing)
/// from feature hashes to rows.
#[derive(Debug)]
struct Pass {
    rows: Vec<Row>,
    mask: usize,
    long: Vec<Entry>,
}

impl Pass {
    fn with_capacity(n: usize) -> Pass {
        // At most three quarters full.
        let size = (n + n / 3 + 1).next_power_of_two().max(16);
        Pass {
            rows: vec![
                Row {
                    key: EMPTY,
                    len: 0,
                    data: 0,
                    weights: [0.0; INLINE],
                };
                size
            ],
            mask: size - 1,
            long: Vec::new(),
        }
    }

    fn insert(&mut self, key: u64, row: &[Entry]) {
        let key = nonzero(key);
        let mut i = (key as usize) & self.mask;
        while self.rows[i].key != EMPTY && self.rows[i].key != key {
            i = (i + 1) & self.mask;
        }
        let mut slot = Row {
            key,
            len: row.len() as u32,
            data: 0,
            weights: [0.0; INLINE],
        };
        if row.len() <= INLINE {
            for (k, e) in row.iter().enumerate() {
                slot.data |= e.tag << (8 * k);
                slot.weights[k] = e.weight;
            }
        } else {
            slot.data = self.long.len() as u32;
            self.long.extend_from_slice(row);
        }
        self.rows[i] = slot;
    }

    /// Adds the weights of feature `f`, if the model has it.
    #[inline(always)]
    fn add_row(&self, f: u64, scores: &mut [f32; LANES]) {
        let key = nonzero(f);
        let mut i = (key as usize) & self.mask;
        loop {
            let row = &self.rows[i];
            if row.key == key {
                let len = row.len as usize;
                if len <= INLINE {
                    for k in 0..len {
                        scores[((row.data >> (8 * k)) & 0xff) as usize] += row.weights[k];
                    }
                } else {
                    let start = row.data as usize;
                    for e in &self.long[start..start + len] {
                        scores[e.tag as usize] += e.weight;
                    }
                }
                return;
            }
            if row.key == EMPTY {
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The lookups miss the cache; ask for all their slots first.
    #[inline(always)]
    fn prefetch(&self, feats: &[u64]) {
        #[cfg(target_arch = "x86_64")]
        for &f in feats {
            let i = (nonzero(f) as usize) & self.mask;
            // SAFETY: prefetching has no effect on memory; the pointer is in bounds.
            unsafe {
                use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
                _mm_prefetch::<_MM_HINT_T0>(self.rows.as_ptr().add(i).cast());
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = feats;
    }

    #[inline]
    fn scores(&self, feats: &[u64], n_classes: usize) -> usize {
        self.prefetch(feats);
        let mut scores = [0f32; LANES];
        for &f in feats {
            self.add_row(f, &mut scores);
        }
        best(&scores[..n_classes])
    }
}

/// Scores for every tag (the model's tag numbers; at most `LANES` tags,
/// as `from_bytes` checks).
#[derive(Debug, Clone, Copy)]
#[repr(align(16))]
struct Vector([f32; LANES]);

/// The tags, rounded up to a multiple of four.
const LANES: usize = TAG_COUNT.div_ceil(4) * 4;

impl Vector {
    const ZERO: Vector = Vector([0.0; LANES]);

    #[inline(always)]
    fn add(&mut self, other: &Vector) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a += b;
        }
    }

    #[inline(always)]
    fn add_rows(&mut self, pass: &Pass, feats: &[u64]) {
        for &f in feats {
            pass.add_row(f, &mut self.0);
        }
    }
}

/// The previous tags' values: the tags, `START` and `START2`.
const PREV: usize = TAG_COUNT + 2;

/// Per thread, the first pass's summed weights of the features of recent
/// word forms in each role (direct-mapped by a hash of word, role, the
/// sentence's case and whether the word is first), for the tagger `owner`.
struct Cache {
    owner: u64,
    keys: Vec<u64>,
    vectors: Vec<Vector>,
}

const CACHE_SLOTS: usize = 16384;

thread_local! {
    static CACHE: std::cell::RefCell<Cache> = const {
        std::cell::RefCell::new(Cache {
            owner: 0,
            keys: Vec::new(),
            vectors: Vec::new(),
        })
    };
}

static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A part-of-speech tagger (greedy, left to right).
#[derive(Debug)]
pub struct Tagger {
    /// Tells this tagger's entries of the per-thread cache.
    id: u64,
    /// The first pass's summed weights of the tag features, for each pair
    /// of previous tags (`p1 * PREV + p2`).
    tag_pairs: Vec<Vector>,
    /// Frequent words that always take one tag.
    dict: Table,
    /// Lower-case word → index into `lexicon_bits`.
    lexicon: Table,
    lexicon_bits: Vec<u64>,
    /// One or two passes of weights.
    passes: Vec<Pass>,
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
    guide: Vec<u8>,
    second: Vec<u8>,
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
        if classes.len() > LANES {
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
            dict.insert(key, u32::from(tag), 0);
        }
        let n_lexicon = r.u32()? as usize;
        let mut lexicon = Table::with_capacity(n_lexicon);
        let mut lexicon_bits = Vec::with_capacity(n_lexicon);
        for i in 0..n_lexicon {
            let key = r.u64()?;
            lexicon_bits.push(r.u64()?);
            lexicon.insert(key, i as u32, 0);
        }
        let n_passes = r.u8()?;
        if !(1..=2).contains(&n_passes) {
            return Err(ModelError("one or two passes"));
        }
        let mut passes = Vec::new();
        for _ in 0..n_passes {
            let n_features = r.u32()? as usize;
            let mut pass = Pass::with_capacity(n_features);
            let mut entries = Vec::new();
            for _ in 0..n_features {
                let key = r.u64()?;
                let n = r.u8()? as usize;
                entries.clear();
                for _ in 0..n {
                    let tag = u32::from(r.u8()?);
                    if tag as usize >= classes.len() {
                        return Err(ModelError("weight tag out of range"));
                    }
                    entries.push(Entry {
                        weight: r.f32()?,
                        tag,
                    });
                }
                pass.insert(key, &entries);
            }
            passes.push(pass);
        }
        if !r.bytes.is_empty() {
            return Err(ModelError("trailing bytes"));
        }
        let mut tag_pairs = vec![Vector::ZERO; PREV * PREV];
        for p1 in 0..PREV {
            for p2 in 0..PREV {
                let feats = features::tag_features(p1 as u64, p2 as u64);
                tag_pairs[p1 * PREV + p2].add_rows(&passes[0], &feats);
            }
        }
        Ok(Tagger {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            tag_pairs,
            dict,
            lexicon,
            lexicon_bits,
            passes,
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
            let scratch = &mut *scratch.borrow_mut();
            self.pad(words, &mut scratch.words);
            CACHE.with(|cache| {
                self.run_first(
                    &scratch.words,
                    words.len(),
                    &mut cache.borrow_mut(),
                    &mut scratch.guide,
                )
            });
            if self.passes.len() == 2 {
                self.run_second(&scratch.words, &scratch.guide, &mut scratch.second);
                out.extend(scratch.second.iter().map(|&c| self.classes[c as usize]));
            } else {
                out.extend(scratch.guide.iter().map(|&c| self.classes[c as usize]));
            }
        });
    }

    /// The first pass's tag numbers (for training the second).
    pub(crate) fn first_pass(&self, words: &[&str]) -> Vec<u8> {
        let mut padded = Vec::new();
        let mut out = Vec::new();
        self.pad(words, &mut padded);
        CACHE.with(|cache| self.run_first(&padded, words.len(), &mut cache.borrow_mut(), &mut out));
        out
    }

    fn pad(&self, words: &[&str], padded: &mut Vec<Word>) {
        let ambiguity = |norm: u64| {
            self.lexicon
                .get(norm)
                .map(|(i, _)| self.lexicon_bits[i as usize])
        };
        features::pad_words(words.iter().copied(), ambiguity, padded);
    }

    /// The first pass: for each word, the summed weights of its own
    /// features and of its neighbours' (cached per word form), of the two
    /// previous tags (precomputed), and of the features that mix them.
    fn run_first(&self, padded: &[Word], n: usize, cache: &mut Cache, out: &mut Vec<u8>) {
        out.clear();
        if cache.owner != self.id {
            cache.keys.clear();
            cache.keys.resize(CACHE_SLOTS, 0);
            cache.vectors.resize(CACHE_SLOTS, Vector::ZERO);
            cache.owner = self.id;
        }
        let pass = &self.passes[0];
        let n_classes = self.classes.len();
        let (mut p1, mut p2) = (START, START2);
        for i in 0..n {
            let class = match self.dict.get(padded[i + 2].exact) {
                Some((tag, _)) => tag as usize,
                None => {
                    let pairs = features::pair_features(padded, i);
                    let with_tag = features::tag_word_features(padded, i, p1);
                    pass.prefetch(&pairs);
                    pass.prefetch(&with_tag);
                    let mut scores = self.tag_pairs[p1 as usize * PREV + p2 as usize];
                    for (role, k) in [
                        (Role::Own, 2),
                        (Role::Prev, 1),
                        (Role::Prev2, 0),
                        (Role::Next, 3),
                        (Role::Next2, 4),
                    ] {
                        self.add_role(cache, role, &padded[i + k], i == 0, &mut scores);
                    }
                    scores.add_rows(pass, &pairs);
                    scores.add_rows(pass, &with_tag);
                    best(&scores.0[..n_classes])
                }
            };
            out.push(class as u8);
            p2 = p1;
            p1 = class as u64;
        }
    }

    /// Adds the summed weights of the features of `w` in `role`: from the
    /// cache for words frequent enough in training to have their tags in
    /// the lexicon (filled if the slot held another word), directly for
    /// rarer ones, which would only push frequent words out.
    #[inline(always)]
    fn add_role(&self, cache: &mut Cache, role: Role, w: &Word, first: bool, scores: &mut Vector) {
        let first = first && role == Role::Own;
        let mut feats = [0u64; ROLE_MAX];
        if w.amb == 0 {
            let n = features::role_features(role, w, first, &mut feats);
            scores.add_rows(&self.passes[0], &feats[..n]);
            return;
        }
        let key = nonzero(features::role_key(role, w, first));
        let slot = key as usize & (CACHE_SLOTS - 1);
        if cache.keys[slot] != key {
            let n = features::role_features(role, w, first, &mut feats);
            let mut v = Vector::ZERO;
            v.add_rows(&self.passes[0], &feats[..n]);
            cache.vectors[slot] = v;
            cache.keys[slot] = key;
        }
        scores.add(&cache.vectors[slot]);
    }

    fn run_second(&self, padded: &[Word], guide: &[u8], out: &mut Vec<u8>) {
        out.clear();
        let (mut p1, mut p2) = (START, START2);
        let mut feats = [0u64; GUIDED];
        for i in 0..guide.len() {
            let class = match self.dict.get(padded[i + 2].exact) {
                Some((tag, _)) => tag as usize,
                None => {
                    features::extract_guided(padded, i, p1, p2, guide, &mut feats);
                    self.passes[1].scores(&feats, self.classes.len())
                }
            };
            out.push(class as u8);
            p2 = p1;
            p1 = class as u64;
        }
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
