//! Training the averaged perceptron (greedy, left to right; Collins 2002,
//! as Honnibal's "A good part-of-speech tagger in about 200 lines of
//! Python" lays it out), with one change: it also updates when the gold tag
//! wins by too small a margin (`Options::margin`, a margin perceptron),
//! against the best other tag. Deterministic: a fixed
//! seed shuffles the sentences, a fixed number of passes, sorted output.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use crate::features::{self, Word, FEATURES, GUIDED, START, START2};
use crate::model::Tagger;
use crate::model::{best, MAGIC};
use crate::tag::{Tag, TAG_COUNT};

/// How training runs.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Passes over the training sentences.
    pub iterations: u32,
    /// Seed of the shuffle before each pass.
    pub seed: u64,
    /// Words seen at least this often ...
    pub dict_min_count: u32,
    /// ... with this share of one tag go in the tag dictionary.
    pub dict_min_share: f64,
    /// Averaged weights closer to 0 than this are dropped.
    pub prune: f32,
    /// Words (lower case) seen at least this often are known; rarer ones
    /// are read as unknown words (in training and tagging alike).
    pub known_min_count: u32,
    /// Words (lower case) seen at least this often have their tag set as
    /// a feature ...
    pub lexicon_min_count: u32,
    /// ... made of the tags with at least this share of its uses.
    pub lexicon_min_share: f64,
    /// Train a second pass that sees the first pass's tags ahead.
    pub second_pass: bool,
    /// Folds for the first pass's tags of the training data.
    pub folds: usize,
    /// Also update when the gold tag wins by less than this.
    pub margin: f64,
    /// Features seen fewer times than this in training get no weights.
    pub feature_min_count: u32,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            iterations: 10,
            seed: 0x0005_eed0_fe47,
            dict_min_count: 20,
            dict_min_share: 0.97,
            prune: 0.0,
            known_min_count: 1,
            lexicon_min_count: 3,
            lexicon_min_share: 0.01,
            second_pass: false,
            folds: 5,
            margin: 2.0,
            feature_min_count: 1,
        }
    }
}

/// A training sentence: words and gold tags.
pub struct Example {
    pub words: Vec<String>,
    pub tags: Vec<Tag>,
}

/// Keys are hashes already.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

#[derive(Clone, Copy)]
struct Param {
    tag: u8,
    weight: f64,
    total: f64,
    stamp: u64,
}

struct Perceptron {
    rows: IdMap<Vec<Param>>,
    instances: u64,
    /// Features seen too rarely to get weights (`None`: all get them).
    allowed: Option<IdMap<u32>>,
    min_count: u32,
}

impl Perceptron {
    fn scores(&self, feats: &[u64]) -> [f64; TAG_COUNT] {
        let mut scores = [0f64; TAG_COUNT];
        for f in feats {
            if let Some(row) = self.rows.get(f) {
                for p in row {
                    scores[p.tag as usize] += p.weight;
                }
            }
        }
        scores
    }

    fn update(&mut self, truth: usize, guess: usize, feats: &[u64]) {
        self.instances += 1;
        if truth == guess {
            return;
        }
        let now = self.instances;
        for f in feats {
            if let Some(allowed) = &self.allowed {
                if allowed.get(f).copied().unwrap_or(0) < self.min_count {
                    continue;
                }
            }
            let row = self.rows.entry(*f).or_default();
            for (tag, delta) in [(truth as u8, 1.0), (guess as u8, -1.0)] {
                let p = match row.iter_mut().position(|p| p.tag == tag) {
                    Some(i) => &mut row[i],
                    None => {
                        row.push(Param {
                            tag,
                            weight: 0.0,
                            total: 0.0,
                            stamp: now,
                        });
                        row.last_mut().unwrap()
                    }
                };
                p.total += (now - p.stamp) as f64 * p.weight;
                p.stamp = now;
                p.weight += delta;
            }
        }
    }
}

/// A small deterministic PRNG (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// The tag dictionary: frequent words that (almost) always take one tag.
fn tag_dictionary(examples: &[Example], options: &Options) -> BTreeMap<u64, u8> {
    let mut counts: BTreeMap<&str, [u32; TAG_COUNT]> = BTreeMap::new();
    for ex in examples {
        for (w, t) in ex.words.iter().zip(&ex.tags) {
            counts.entry(w.as_str()).or_insert([0; TAG_COUNT])[t.index()] += 1;
        }
    }
    let mut dict = BTreeMap::new();
    for (word, row) in counts {
        let total: u32 = row.iter().sum();
        let top = best(&row);
        if total >= options.dict_min_count
            && f64::from(row[top]) / f64::from(total) >= options.dict_min_share
        {
            dict.insert(features::hash_str(word), top as u8);
        }
    }
    dict
}

/// The lexicon: for each word (its `norm` hash) seen often enough, the set
/// of tags it takes, as bits.
fn lexicon(examples: &[Example], options: &Options) -> BTreeMap<u64, u64> {
    let mut counts: BTreeMap<u64, [u32; TAG_COUNT]> = BTreeMap::new();
    for ex in examples {
        for (w, t) in ex.words.iter().zip(&ex.tags) {
            counts.entry(Word::new(w).norm).or_insert([0; TAG_COUNT])[t.index()] += 1;
        }
    }
    let mut lexicon = BTreeMap::new();
    for (key, row) in counts {
        let total: u32 = row.iter().sum();
        if total < options.known_min_count {
            continue;
        }
        let mut bits = 0u64;
        for (tag, n) in row.iter().enumerate() {
            if total >= options.lexicon_min_count
                && f64::from(*n) / f64::from(total) >= options.lexicon_min_share
            {
                bits |= 1 << tag;
            }
        }
        lexicon.insert(key, bits);
    }
    lexicon
}

type Rows = Vec<(u64, Vec<(u8, f32)>)>;

/// One perceptron trained over `examples` (only those `keep` says), with
/// the first pass's tags as `guides` for the second pass.
fn train_pass(
    examples: &[Example],
    keep: impl Fn(usize) -> bool,
    dict: &BTreeMap<u64, u8>,
    lexicon: &BTreeMap<u64, u64>,
    guides: Option<&[Vec<u8>]>,
    options: &Options,
    progress: &mut dyn FnMut(u32, f64),
) -> Rows {
    let ambiguity = |norm: u64| lexicon.get(&norm).copied();
    let mut order: Vec<usize> = (0..examples.len()).filter(|&i| keep(i)).collect();
    let mut padded: Vec<Word> = Vec::new();
    let allowed = (options.feature_min_count > 1 && guides.is_none()).then(|| {
        // How often each feature occurs with the gold tags before it.
        let mut counts: IdMap<u32> = IdMap::default();
        let mut base = [0u64; FEATURES];
        for &s in &order {
            let ex = &examples[s];
            features::pad_words(ex.words.iter().map(String::as_str), ambiguity, &mut padded);
            let (mut p1, mut p2) = (START, START2);
            for (i, gold) in ex.tags.iter().enumerate() {
                if !dict.contains_key(&padded[i + 2].exact) {
                    features::extract(&padded, i, p1, p2, &mut base);
                    for f in base {
                        *counts.entry(f).or_default() += 1;
                    }
                }
                p2 = p1;
                p1 = gold.index() as u64;
            }
        }
        counts
    });
    let mut model = Perceptron {
        rows: IdMap::default(),
        instances: 0,
        allowed,
        min_count: options.feature_min_count,
    };
    let mut rng = Rng(options.seed | 1);
    let mut feats = [0u64; GUIDED];
    for iteration in 0..options.iterations {
        let (mut correct, mut total) = (0u64, 0u64);
        for &s in &order {
            let ex = &examples[s];
            features::pad_words(ex.words.iter().map(String::as_str), ambiguity, &mut padded);
            let (mut p1, mut p2) = (START, START2);
            for (i, gold) in ex.tags.iter().enumerate() {
                let guess = match dict.get(&padded[i + 2].exact) {
                    Some(&t) => t as usize,
                    None => {
                        let used = match guides {
                            Some(g) => {
                                features::extract_guided(&padded, i, p1, p2, &g[s], &mut feats);
                                &feats[..]
                            }
                            None => {
                                let mut base = [0u64; FEATURES];
                                features::extract(&padded, i, p1, p2, &mut base);
                                feats[..FEATURES].copy_from_slice(&base);
                                &feats[..FEATURES]
                            }
                        };
                        let scores = model.scores(used);
                        let guess = best(&scores);
                        let g = gold.index();
                        let mut rival = guess;
                        if guess == g && options.margin > 0.0 {
                            let mut r = usize::MAX;
                            for (t, &sc) in scores.iter().enumerate() {
                                if t != g && (r == usize::MAX || sc > scores[r]) {
                                    r = t;
                                }
                            }
                            if scores[g] - scores[r] < options.margin {
                                rival = r;
                            }
                        }
                        model.update(g, rival, used);
                        guess
                    }
                };
                correct += u64::from(guess == gold.index());
                total += 1;
                p2 = p1;
                p1 = guess as u64;
            }
        }
        progress(iteration + 1, correct as f64 / total.max(1) as f64);
        // Fisher-Yates with the fixed seed.
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
    }
    // Average, sorted by key.
    let now = model.instances;
    let mut rows: Rows = model
        .rows
        .into_iter()
        .filter_map(|(key, row)| {
            let mut out: Vec<(u8, f32)> = row
                .iter()
                .map(|p| {
                    let total = p.total + (now - p.stamp) as f64 * p.weight;
                    (p.tag, (total / now as f64) as f32)
                })
                .filter(|(_, w)| w.abs() > options.prune && *w != 0.0)
                .collect();
            out.sort_by_key(|(t, _)| *t);
            (!out.is_empty()).then_some((key, out))
        })
        .collect();
    rows.sort_by_key(|(k, _)| *k);
    rows
}

fn serialize(dict: &BTreeMap<u64, u8>, lexicon: &BTreeMap<u64, u64>, passes: &[&Rows]) -> Vec<u8> {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&(TAG_COUNT as u32).to_le_bytes());
    for tag in Tag::ALL {
        bytes.push(tag.as_str().len() as u8);
        bytes.extend_from_slice(tag.as_str().as_bytes());
    }
    bytes.extend_from_slice(&(dict.len() as u32).to_le_bytes());
    for (key, tag) in dict {
        bytes.extend_from_slice(&key.to_le_bytes());
        bytes.push(*tag);
    }
    bytes.extend_from_slice(&(lexicon.len() as u32).to_le_bytes());
    for (key, bits) in lexicon {
        bytes.extend_from_slice(&key.to_le_bytes());
        bytes.extend_from_slice(&bits.to_le_bytes());
    }
    bytes.push(passes.len() as u8);
    for rows in passes {
        bytes.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (key, row) in rows.iter() {
            bytes.extend_from_slice(&key.to_le_bytes());
            bytes.push(row.len() as u8);
            for (tag, w) in row {
                bytes.push(*tag);
                bytes.extend_from_slice(&w.to_le_bytes());
            }
        }
    }
    bytes
}

/// Trains a model; returns its uncompressed bytes.
///
/// Two passes: a left-to-right tagger, then a second one that also sees
/// the first one's tags of the words ahead. The second learns from first
/// pass tags it could not have memorised: on each fifth of the training
/// sentences, those of a first pass trained on the other four fifths
/// (jackknifing).
pub fn train(
    examples: &[Example],
    options: &Options,
    mut progress: impl FnMut(u32, f64),
) -> Vec<u8> {
    let dict = tag_dictionary(examples, options);
    let lexicon = lexicon(examples, options);
    let mut quiet = |_: u32, _: f64| {};
    let mut guides: Vec<Vec<u8>> = vec![Vec::new(); examples.len()];
    if options.second_pass {
        for fold in 0..options.folds {
            let rows = train_pass(
                examples,
                |i| i % options.folds != fold,
                &dict,
                &lexicon,
                None,
                options,
                &mut quiet,
            );
            let tagger = Tagger::from_bytes(&serialize(&dict, &lexicon, &[&rows]))
                .expect("a model just written reads");
            for (i, ex) in examples.iter().enumerate() {
                if i % options.folds == fold {
                    let words: Vec<&str> = ex.words.iter().map(String::as_str).collect();
                    guides[i] = tagger.first_pass(&words);
                }
            }
        }
    }
    let first = train_pass(
        examples,
        |_| true,
        &dict,
        &lexicon,
        None,
        options,
        &mut progress,
    );
    if !options.second_pass {
        return serialize(&dict, &lexicon, &[&first]);
    }
    let second = train_pass(
        examples,
        |_| true,
        &dict,
        &lexicon,
        Some(&guides),
        options,
        &mut progress,
    );
    serialize(&dict, &lexicon, &[&first, &second])
}

/// Compresses a model as the build embeds it.
pub fn compress(model: &[u8]) -> Vec<u8> {
    lz4_flex::compress_prepend_size(model)
}
