//! Whether a pattern may search the ASCII shadow of a text (see
//! [`crate::text::Haystack`]) and find exactly what it finds in the text,
//! and moving matches found in the shadow onto the text's char boundaries.

use std::ops::Range;

use regex_syntax::hir::{Class, Hir, HirKind};

use super::pattern::parse_std;
use crate::text::stand_in;

/// Whether a pattern names non-ASCII characters the shadow does not have:
/// a literal written as an escape (`\u2013`), or a class of particular
/// characters (`[\u2010-\u2014]`, `[À-ž]`) that lacks the ASCII stand-in of
/// their kind, so that its matches in the text would be lost in the shadow.
pub(super) fn names_non_ascii(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Literal(lit) => !lit.0.is_ascii(),
        HirKind::Class(Class::Unicode(class)) => {
            let has = |c: char| class.iter().any(|r| r.start() <= c && c <= r.end());
            class
                .iter()
                .filter(|r| u32::from(r.end()) >= 0x80)
                // `(?i)k` and `(?i)s` also match the Kelvin sign and the
                // long s; the shadow search gives those two up.
                .filter(|r| !(r.start() == r.end() && matches!(r.start(), '\u{17f}' | '\u{212a}')))
                .any(|r| {
                    let first = r.start().max('\u{80}');
                    !has(char::from(stand_in(first)))
                })
        }
        HirKind::Class(Class::Bytes(class)) => class.iter().any(|r| r.end() >= 0x80),
        HirKind::Repetition(rep) => names_non_ascii(&rep.sub),
        HirKind::Capture(cap) => names_non_ascii(&cap.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(names_non_ascii),
        HirKind::Empty | HirKind::Look(_) => false,
    }
}

/// Whether a class that matches many non-ASCII characters (`.`, `\S`,
/// `\w`, `[^x]`) can match a single character rather than a whole run:
/// the shadow spells one such character as several bytes, so `a.b`,
/// `\w{3}` or a lone `\S` would count differently there. Under an
/// unbounded greedy repetition (`\w+`, `\S*`) a run is a run either way.
pub(super) fn counts_characters(hir: &Hir, in_run: bool) -> bool {
    match hir.kind() {
        HirKind::Class(class) => !in_run && is_wide(class),
        HirKind::Repetition(rep) => {
            counts_characters(&rep.sub, in_run || (rep.max.is_none() && rep.greedy))
        }
        HirKind::Capture(cap) => counts_characters(&cap.sub, in_run),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().any(|h| counts_characters(h, in_run))
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) => false,
    }
}

/// More than a handful of non-ASCII members: case-insensitive ASCII letters
/// bring in one or two (the Kelvin sign for `k`, the long s for `s`).
pub(super) fn is_wide(class: &Class) -> bool {
    let non_ascii: u32 = match class {
        Class::Unicode(c) => c
            .iter()
            .map(|r| {
                let (start, end) = (u32::from(r.start()).max(0x80), u32::from(r.end()));
                end.saturating_sub(start) + u32::from(end >= start)
            })
            .sum(),
        Class::Bytes(c) => c
            .iter()
            .map(|r| {
                let (start, end) = (u32::from(r.start()).max(0x80), u32::from(r.end()));
                end.saturating_sub(start) + u32::from(end >= start)
            })
            .sum(),
    };
    non_ascii > 4
}

/// `range` moved to the char boundaries of `text`, both ends forward: the
/// shadow spells one character as several bytes, so a match may end inside
/// a character (`\S` at the end of a pattern takes one byte of it), and
/// the next match then starts inside the same character.
pub(super) fn snap(text: &str, range: Range<usize>) -> Range<usize> {
    let forward = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let start = forward(range.start);
    start..forward(range.end).max(start)
}

pub(super) fn snap_all(text: &str, ranges: &mut [Range<usize>]) {
    for r in ranges {
        *r = snap(text, r.clone());
    }
}

/// Whether a pattern may search the ASCII shadow: Unicode classes and
/// non-ASCII literals need the real text, and so does a pattern that
/// counts characters (see `counts_characters`).
pub(super) fn is_ascii_safe(source: &str, hir: &Hir) -> bool {
    source.is_ascii()
        && !source.contains("\\p")
        && !source.contains("\\P")
        && !counts_characters(hir, false)
        && !names_non_ascii(hir)
}

/// [`is_ascii_safe`] for a pattern not parsed yet: a guarded pattern's
/// core, or a fancy pattern (which the `regex` parser rejects: never safe).
pub(super) fn parsed_ascii_safe(source: &str) -> bool {
    parse_std(source).is_ok_and(|hir| is_ascii_safe(source, &hir))
}
