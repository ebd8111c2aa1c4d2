//! Feature extraction shared by training and tagging.
//!
//! Every feature is a `u64` hash built from the word's properties without
//! allocating: the hash function is spelled out here (FxHash's multiply and
//! MurmurHash3's finaliser) so that a model stays valid across Rust and
//! crate versions. Changing anything here changes every key of the model:
//! retrain (`check-model.sh` notices).

use crate::tag::TAG_COUNT;

const K: u64 = 0x517c_c1b7_2722_0a95;

#[inline(always)]
fn add(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(K)
}

#[inline(always)]
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// The hash of a word's exact form (also the tag dictionary's key).
#[inline]
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h = 0x243f_6a88_85a3_08d3;
    for &b in s.as_bytes() {
        h = add(h, u64::from(b));
    }
    finish(add(h, s.len() as u64))
}

#[inline(always)]
fn lower(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// What the features need to know about one word, hashed.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Word {
    /// The exact form (the tag dictionary's key).
    pub exact: u64,
    /// The exact form for features, or `UNKNOWN` if the word is rare.
    pub ident: u64,
    /// Lower case, with numbers folded into classes.
    pub norm: u64,
    pub suf1: u64,
    pub suf2: u64,
    pub suf3: u64,
    pub suf4: u64,
    /// The first character (case kept) and the first two (lower case).
    pub pre1: u64,
    pub pre2: u64,
    /// Character classes (`Xxx` → `Xx`, `3.5` → `d.d`), runs collapsed.
    pub shape: u64,
    /// The tags the word took in training (a bit set), or 0 if rare.
    pub amb: u64,
    /// `ALPHA` (starts with a letter), `CAPITAL` (a capital), `UPPER` (all
    /// capitals, two letters or more).
    pub flags: u8,
    /// How the sentence is capitalised (the same for all its words).
    pub case: u64,
}

/// Stand-ins for the words before and after the sentence.
const PAD: [&str; 4] = ["-START2-", "-START-", "-END-", "-END2-"];

impl Word {
    pub(crate) fn new(word: &str) -> Word {
        let exact = hash_str(word);
        // Suffixes, read backwards in lower case.
        let mut h = 0x1357_9bdf_2468_ace0u64;
        let mut sufs = [0u64; 4];
        let mut n = 0usize;
        for c in word.chars().rev() {
            h = add(h, u64::from(u32::from(lower(c))));
            if n < 4 {
                sufs[n] = h;
            }
            n += 1;
            if n >= 4 {
                break;
            }
        }
        for i in n.max(1)..4 {
            sufs[i] = sufs[i - 1];
        }
        // Lower case form, shape, and number classes.
        let mut lowered = 0x0f1e_2d3c_4b5a_6978u64;
        let mut shape = 0x8765_4321_fedc_ba98u64;
        let mut last_class = 0u32;
        let mut all_digits = true;
        let mut count = 0usize;
        let mut first = '\0';
        let mut pre2 = 0x1111_2222_3333_4444u64;
        for c in word.chars() {
            if count == 0 {
                first = c;
            }
            if count < 2 {
                pre2 = add(pre2, u64::from(u32::from(lower(c))));
            }
            count += 1;
            lowered = add(lowered, u64::from(u32::from(lower(c))));
            let class = if c.is_uppercase() {
                'X' as u32
            } else if c.is_lowercase() {
                'x' as u32
            } else if c.is_ascii_digit() {
                'd' as u32
            } else if c.is_alphabetic() {
                'a' as u32
            } else {
                u32::from(c)
            };
            if !c.is_ascii_digit() {
                all_digits = false;
            }
            if class != last_class {
                shape = add(shape, u64::from(class));
                last_class = class;
            }
        }
        let mut flags = 0;
        if first.is_alphabetic() {
            flags |= ALPHA;
        }
        if first.is_uppercase() {
            flags |= CAPITAL;
        }
        if count >= 2 && word.chars().all(|c| !c.is_lowercase()) && first.is_uppercase() {
            flags |= UPPER;
        }
        let norm = if all_digits && count == 4 {
            hash_str("!YEAR")
        } else if first.is_ascii_digit() {
            hash_str("!DIGITS")
        } else {
            finish(lowered)
        };
        Word {
            exact,
            ident: exact,
            norm,
            suf1: finish(sufs[0]),
            suf2: finish(sufs[1]),
            suf3: finish(sufs[2]),
            suf4: finish(sufs[3]),
            pre1: finish(add(0x5555, u64::from(u32::from(first)))),
            pre2: finish(pre2),
            shape: finish(shape),
            amb: 0,
            case: 0,
            flags,
        }
    }
}

/// The words of a sentence with two stand-ins on each side, so that
/// position `i` of the sentence is `padded[i + 2]`.
/// `lexicon` gives the tag set of a word's `norm` hash, `None` for a word
/// too rare in training to be known: its form is replaced by `UNKNOWN`,
/// so that the rare words of training teach what unknown ones look like.
pub(crate) fn pad_words<'a, I: IntoIterator<Item = &'a str>>(
    words: I,
    lexicon: impl Fn(u64) -> Option<u64>,
    out: &mut Vec<Word>,
) {
    out.clear();
    static PADS: std::sync::OnceLock<[Word; 4]> = std::sync::OnceLock::new();
    let pads = PADS.get_or_init(|| {
        std::array::from_fn(|i| {
            let mut w = Word::new(PAD[i]);
            w.amb = 1 << (60 + i);
            w
        })
    });
    let pad = |i: usize| pads[i];
    out.push(pad(0));
    out.push(pad(1));
    for w in words {
        let mut word = Word::new(w);
        match lexicon(word.norm) {
            Some(bits) => word.amb = bits,
            None => {
                word.norm = UNKNOWN;
                word.ident = UNKNOWN;
            }
        }
        out.push(word);
    }
    out.push(pad(2));
    out.push(pad(3));
    let case = sentence_case(&out[2..out.len() - 2]);
    for w in out.iter_mut() {
        w.case = case;
    }
}

/// 1: hardly any capitals, 2: ordinary, 3: most words capitalised
/// (a headline), 4: most words in capitals.
fn sentence_case(words: &[Word]) -> u64 {
    let (mut alpha, mut cap, mut upper) = (0u32, 0u32, 0u32);
    for w in words {
        alpha += u32::from(w.flags & ALPHA != 0);
        cap += u32::from(w.flags & CAPITAL != 0);
        upper += u32::from(w.flags & UPPER != 0);
    }
    if alpha == 0 {
        0
    } else if upper * 2 > alpha {
        4
    } else if cap * 2 > alpha && alpha > 2 {
        3
    } else if cap <= 1 {
        1
    } else {
        2
    }
}

const ALPHA: u8 = 1;
const CAPITAL: u8 = 2;
const UPPER: u8 = 4;

/// The form of a word unknown to the lexicon.
const UNKNOWN: u64 = 0x3c6e_f372_fe94_f82b;

/// The previous tags before the first word.
pub(crate) const START: u64 = TAG_COUNT as u64;
pub(crate) const START2: u64 = TAG_COUNT as u64 + 1;

/// The number of features of one word.
pub(crate) const FEATURES: usize = 37;

#[inline(always)]
fn f1(template: u64, a: u64) -> u64 {
    finish(add(add(template, a), 0x9e37))
}

#[inline(always)]
fn f2(template: u64, a: u64, b: u64) -> u64 {
    finish(add(add(add(template, a), b), 0x7f4a))
}

/// The features of the second pass: the first pass's features, and the
/// first pass's tags of this word and the two after it (`guide`, with
/// `START`/`START2` standing in past the end), salted apart from the first.
pub(crate) const GUIDED: usize = FEATURES + 8;

const SALT: u64 = 0xa076_1d64_78bd_642f;

#[inline]
pub(crate) fn extract_guided(
    padded: &[Word],
    i: usize,
    p1: u64,
    p2: u64,
    guide: &[u8],
    out: &mut [u64; GUIDED],
) {
    let mut base = [0u64; FEATURES];
    extract(padded, i, p1, p2, &mut base);
    for (o, b) in out.iter_mut().zip(base) {
        *o = finish(b ^ SALT);
    }
    let g = |k: usize| guide.get(k).map_or(START + 2, |&t| u64::from(t));
    let (g0, g1, g2) = (g(i), g(i + 1), g(i + 2));
    let w = &padded[i + 2];
    let gm = if i == 0 { START } else { g(i - 1) };
    let extra = [
        f1(100, g0),
        f1(101, g1),
        f2(102, g1, g2),
        f2(103, p1, g1),
        f2(104, w.norm, g1),
        f2(105, g0, g1),
        f2(106, w.norm, g0),
        f2(107, gm, g1),
    ];
    out[FEATURES..].copy_from_slice(&extra);
}

/// The features of the word at `i` (an index into `words` without the
/// padding) given the two tags before it.
#[inline]
pub(crate) fn extract(padded: &[Word], i: usize, p1: u64, p2: u64, out: &mut [u64; FEATURES]) {
    let w = &padded[i + 2];
    let m1 = &padded[i + 1];
    let m2 = &padded[i];
    let n1 = &padded[i + 3];
    let n2 = &padded[i + 4];
    *out = [
        f1(0, 0),
        f1(1, w.norm),
        f1(2, w.suf3),
        f1(3, w.pre1),
        f1(4, p1),
        f1(5, p2),
        f2(6, p1, p2),
        f2(7, p1, w.norm),
        f1(8, m1.norm),
        f1(9, m1.suf3),
        f1(10, m2.norm),
        f1(11, n1.norm),
        f1(12, n1.suf3),
        f1(13, n2.norm),
        f1(14, w.shape),
        f1(15, w.suf1),
        f1(16, w.suf2),
        f1(17, w.suf4),
        f1(18, w.ident),
        f2(19, m1.norm, w.norm),
        f2(20, w.norm, n1.norm),
        f2(21, p1, n1.norm),
        f1(22, n1.shape),
        f1(23, m1.shape),
        f1(24, w.pre2),
        f2(25, p1, w.suf3),
        f2(26, w.shape, n1.suf2),
        f1(27, w.amb),
        f1(28, n1.amb),
        f1(29, n2.amb),
        f2(30, p1, w.amb),
        f2(31, w.amb, n1.amb),
        f2(32, n1.amb, n2.amb),
        f2(33, w.norm, n1.amb),
        f2(34, w.case, w.shape),
        f2(35, w.case, w.norm),
        f2(36, (i == 0) as u64, w.shape),
    ];
}

// The same features as `extract`, split for the tagger's fast path: those
// of one word in one role (the word itself, or a neighbour), which depend
// on nothing else and can be summed once per word form; those of the two
// previous tags alone, summed once per tag pair; and the rest. The test
// below checks that the parts are `extract`'s features, no more, no less.

/// A word's role for a token: the token itself, or a neighbour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Own,
    Prev,
    Prev2,
    Next,
    Next2,
}

/// The features of `w` in a role (at most `ROLE_MAX`); `first` says
/// whether an `Own` word begins the sentence.
#[inline]
pub(crate) fn role_features(role: Role, w: &Word, first: bool, out: &mut [u64; ROLE_MAX]) -> usize {
    let feats: &[u64] = match role {
        Role::Own => &[
            f1(0, 0),
            f1(1, w.norm),
            f1(2, w.suf3),
            f1(3, w.pre1),
            f1(14, w.shape),
            f1(15, w.suf1),
            f1(16, w.suf2),
            f1(17, w.suf4),
            f1(18, w.ident),
            f1(24, w.pre2),
            f1(27, w.amb),
            f2(34, w.case, w.shape),
            f2(35, w.case, w.norm),
            f2(36, first as u64, w.shape),
        ],
        Role::Prev => &[f1(8, w.norm), f1(9, w.suf3), f1(23, w.shape)],
        Role::Prev2 => &[f1(10, w.norm)],
        Role::Next => &[
            f1(11, w.norm),
            f1(12, w.suf3),
            f1(22, w.shape),
            f1(28, w.amb),
        ],
        Role::Next2 => &[f1(13, w.norm), f1(29, w.amb)],
    };
    out[..feats.len()].copy_from_slice(feats);
    feats.len()
}

pub(crate) const ROLE_MAX: usize = 14;

/// What the features of `w` in a role depend on, hashed.
#[inline]
pub(crate) fn role_key(role: Role, w: &Word, first: bool) -> u64 {
    let extra = match role {
        Role::Own => 1 + w.case * 2 + first as u64,
        Role::Prev => 101,
        Role::Prev2 => 102,
        Role::Next => 103,
        Role::Next2 => 104,
    };
    finish(add(add(w.exact, w.amb), extra))
}

/// The features of the two previous tags alone.
#[inline]
pub(crate) fn tag_features(p1: u64, p2: u64) -> [u64; 3] {
    [f1(4, p1), f1(5, p2), f2(6, p1, p2)]
}

/// The features of a word and the previous tag.
#[inline]
pub(crate) fn tag_word_features(padded: &[Word], i: usize, p1: u64) -> [u64; 4] {
    let w = &padded[i + 2];
    let n1 = &padded[i + 3];
    [
        f2(7, p1, w.norm),
        f2(21, p1, n1.norm),
        f2(25, p1, w.suf3),
        f2(30, p1, w.amb),
    ]
}

/// The features of two words.
#[inline]
pub(crate) fn pair_features(padded: &[Word], i: usize) -> [u64; 6] {
    let w = &padded[i + 2];
    let m1 = &padded[i + 1];
    let n1 = &padded[i + 3];
    let n2 = &padded[i + 4];
    [
        f2(19, m1.norm, w.norm),
        f2(20, w.norm, n1.norm),
        f2(26, w.shape, n1.suf2),
        f2(31, w.amb, n1.amb),
        f2(32, n1.amb, n2.amb),
        f2(33, w.norm, n1.amb),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_split_features_are_the_features() {
        let mut padded = Vec::new();
        let words = ["The", "U.S.", "grew", "3.5%", "in", "2019", "."];
        pad_words(words, |n| Some(n & 0xff), &mut padded);
        for i in 0..words.len() {
            let (p1, p2) = (3, if i == 0 { START2 } else { 7 });
            let mut all = [0u64; FEATURES];
            extract(&padded, i, p1, p2, &mut all);
            let mut split = Vec::new();
            let mut buf = [0u64; ROLE_MAX];
            for (role, k) in [
                (Role::Own, 2),
                (Role::Prev, 1),
                (Role::Prev2, 0),
                (Role::Next, 3),
                (Role::Next2, 4),
            ] {
                let n = role_features(role, &padded[i + k], i == 0, &mut buf);
                split.extend_from_slice(&buf[..n]);
            }
            split.extend(tag_features(p1, p2));
            split.extend(tag_word_features(&padded, i, p1));
            split.extend(pair_features(&padded, i));
            let mut all = all.to_vec();
            all.sort_unstable();
            split.sort_unstable();
            assert_eq!(all, split, "word {i}");
        }
    }
}
