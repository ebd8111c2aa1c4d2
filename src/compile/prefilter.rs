//! The one-pass scan: the literal prefixes of every rule's pattern in one
//! Aho-Corasick automaton. A document is scanned once; a rule then runs
//! only on the units that hold one of its candidate positions.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// Candidate positions per rule, from one scan of a text.
#[derive(Debug, Default)]
pub struct Candidates {
    /// Sorted start offsets, per rule index; `None` for rules that run
    /// everywhere (no literal prefix).
    positions: Vec<Option<Vec<usize>>>,
}

impl Candidates {
    /// Whether `rule` may match somewhere in `range`.
    pub fn may_match(&self, rule: usize, range: &std::ops::Range<usize>) -> bool {
        match &self.positions[rule] {
            None => true,
            Some(p) => {
                let i = p.partition_point(|&pos| pos < range.start);
                p.get(i).is_some_and(|&pos| pos < range.end)
            }
        }
    }

    /// Adds the candidates found by scanning another text, whose offsets
    /// `to_file` maps back to the text first scanned.
    pub fn merge_mapped(&mut self, other: Candidates, to_file: impl Fn(usize) -> usize) {
        for (mine, theirs) in self.positions.iter_mut().zip(other.positions) {
            if let (Some(mine), Some(theirs)) = (mine, theirs) {
                if theirs.is_empty() {
                    continue;
                }
                mine.extend(theirs.into_iter().map(&to_file));
                mine.sort_unstable();
                mine.dedup();
            }
        }
    }

    /// Whether `rule` has no candidate anywhere.
    pub fn is_absent(&self, rule: usize) -> bool {
        matches!(&self.positions[rule], Some(p) if p.is_empty())
    }
}

/// Up to this many literals the scan uses a full DFA (the built-in style
/// has about 1,100; nine public Vale packages, 6,700).
const DFA_MAX_LITERALS: usize = 2_000;

#[derive(Debug)]
pub struct Prefilter {
    automaton: Option<AhoCorasick>,
    /// Automaton pattern id → the rules that own that literal.
    owners: Vec<Vec<usize>>,
    /// Per rule: whether it has literals (else it always runs).
    filtered: Vec<bool>,
    /// The literals, by automaton pattern id.
    literals: Vec<Vec<u8>>,
}

impl Prefilter {
    /// `literals[i]` are rule *i*'s prefixes, or `None` if it must always run.
    pub fn new(literals: &[Option<Vec<Vec<u8>>>]) -> Prefilter {
        let mut index: HashMap<&[u8], usize> = HashMap::new();
        let mut patterns: Vec<&[u8]> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        for (rule, lits) in literals.iter().enumerate() {
            for lit in lits.iter().flatten() {
                let id = *index.entry(lit.as_slice()).or_insert_with(|| {
                    patterns.push(lit.as_slice());
                    owners.push(Vec::new());
                    patterns.len() - 1
                });
                if owners[id].last() != Some(&rule) {
                    owners[id].push(rule);
                }
            }
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                // A full DFA scans every byte of every file fastest, but
                // building one for the thousands of literals of a large
                // Vale setup costs more than a few files' scan gains.
                .kind(Some(if patterns.len() <= DFA_MAX_LITERALS {
                    AhoCorasickKind::DFA
                } else {
                    AhoCorasickKind::ContiguousNFA
                }))
                .build(&patterns)
                .ok()
        };
        let filtered = if automaton.is_some() {
            literals.iter().map(Option::is_some).collect()
        } else {
            vec![false; literals.len()]
        };
        let literals = patterns.iter().map(|p| p.to_vec()).collect();
        Prefilter {
            automaton,
            owners,
            filtered,
            literals,
        }
    }

    /// Every literal scanned for (lower case), for benchmarks that compare
    /// the scan with a plain fixed-string search.
    pub fn literals(&self) -> impl Iterator<Item = &[u8]> {
        self.literals.iter().map(Vec::as_slice)
    }

    /// How many rules run only where one of their literals occurs.
    pub fn filtered_rules(&self) -> usize {
        self.filtered.iter().filter(|&&f| f).count()
    }

    /// Scans `text` once.
    pub fn scan(&self, text: &str) -> Candidates {
        let mut positions: Vec<Option<Vec<usize>>> = self
            .filtered
            .iter()
            .map(|&f| if f { Some(Vec::new()) } else { None })
            .collect();
        if let Some(ac) = &self.automaton {
            for m in ac.find_overlapping_iter(text) {
                for &rule in &self.owners[m.pattern().as_usize()] {
                    if let Some(p) = &mut positions[rule] {
                        p.push(m.start());
                    }
                }
            }
        }
        for p in positions.iter_mut().flatten() {
            p.sort_unstable();
            p.dedup();
        }
        Candidates { positions }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_candidates_case_insensitively() {
        let pf = Prefilter::new(&[
            Some(vec![b"costumer".to_vec()]),
            None,
            Some(vec![b"synergy".to_vec()]),
        ]);
        let c = pf.scan("Our COSTUMER base.");
        assert!(c.may_match(0, &(0..18)));
        assert!(!c.may_match(0, &(13..18)));
        assert!(c.may_match(1, &(0..1)), "unfiltered rules always may match");
        assert!(c.is_absent(2));
    }

    #[test]
    fn merged_candidates_are_mapped_back() {
        let pf = Prefilter::new(&[Some(vec![b"win-win".to_vec()])]);
        let mut c = pf.scan("a win     win");
        assert!(c.is_absent(0));
        c.merge_mapped(pf.scan("a win-win"), |p| p);
        assert!(c.may_match(0, &(2..5)));
    }
}
