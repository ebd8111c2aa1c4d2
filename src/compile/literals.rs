//! The literals one of which every match of a pattern holds, for the
//! one-pass prefilter.

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::Hir;

use super::pattern::parse_std;

/// Below this, a literal prefix finds too many candidates to be worth it.
const MIN_LITERAL_LEN: usize = 2;

/// Prefix and suffix literals of `source` (see
/// [`Pattern::required_literals`]). A `(?i)` makes every class of letters
/// fold, which the extractor cannot enumerate; the scan is case-insensitive
/// anyway, so the literals come from the pattern without it when they are
/// ASCII (where folding adds nothing).
pub(super) fn literal_sets(source: &str) -> [Option<Vec<Vec<u8>>>; 2] {
    let folded = source.replace("(?i)", "");
    let folded_hir = (!folded.contains("(?i"))
        .then(|| parse_std(&folded).ok())
        .flatten();
    let mut source_hir: Option<Option<Hir>> = None;
    [ExtractKind::Prefix, ExtractKind::Suffix].map(|kind| {
        if let Some(lits) = folded_hir.as_ref().and_then(|h| extract(h, kind.clone())) {
            if !source.contains("(?i") || lits.iter().all(|l| l.is_ascii()) {
                return Some(lits);
            }
        }
        let hir = source_hir.get_or_insert_with(|| parse_std(source).ok());
        extract(hir.as_ref()?, kind)
    })
}

/// Finite literals of `hir` of this kind, lower-cased and deduplicated.
pub(super) fn extract(hir: &Hir, kind: ExtractKind) -> Option<Vec<Vec<u8>>> {
    let mut extractor = Extractor::new();
    extractor
        .kind(kind)
        .limit_class(16)
        .limit_repeat(4)
        .limit_literal_len(32)
        .limit_total(2_000);
    let seq = extractor.extract(hir);
    let literals = seq.literals()?;
    if literals.is_empty()
        || literals
            .iter()
            .any(|l| l.as_bytes().len() < MIN_LITERAL_LEN)
    {
        return None;
    }
    let mut out: Vec<Vec<u8>> = literals
        .iter()
        .map(|l| l.as_bytes().to_ascii_lowercase())
        .collect();
    out.sort();
    out.dedup();
    Some(out)
}
