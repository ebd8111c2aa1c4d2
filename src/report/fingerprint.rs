//! Stable identities for findings, so CI dashboards (GitLab Code Quality,
//! SARIF viewers) can tell a new finding from one seen before.
//!
//! A fingerprint hashes the rule, the path, the matched text and which
//! occurrence of that text (for that rule) it is in the file. Lines are left
//! out on purpose: adding a paragraph above a finding must not make it new.

use std::collections::HashMap;
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::FileReport;

/// One fingerprint per diagnostic of `file`, in the same order.
pub(super) fn of_file(file: &FileReport) -> Vec<String> {
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    file.diagnostics
        .iter()
        .map(|d| {
            let matched = &file.source[d.range];
            let nth = seen.entry((d.rule.as_str(), matched)).or_default();
            *nth += 1;
            let mut hasher = Sha256::new();
            // NUL separators keep ("ab", "c") and ("a", "bc") apart.
            for part in [d.rule.as_str(), file.path.as_str(), matched] {
                hasher.update(part.as_bytes());
                hasher.update([0]);
            }
            hasher.update(nth.to_string().as_bytes());
            // 128 bits are plenty to keep findings apart.
            hasher.finalize()[..16]
                .iter()
                .fold(String::with_capacity(32), |mut s, b| {
                    let _ = write!(s, "{b:02x}");
                    s
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample;
    use crate::text::Span;

    #[test]
    fn stable_across_line_shifts_and_distinct_per_occurrence() {
        let mut file = sample::files().remove(0);
        let before = of_file(&file);
        let shift = "New paragraph.\n\n";
        file.source.insert_str(0, shift);
        for d in &mut file.diagnostics {
            d.range = Span::new(d.range.start + shift.len(), d.range.end + shift.len());
        }
        assert_eq!(of_file(&file), before);

        let mut twice = file.clone();
        twice.diagnostics.push(twice.diagnostics[0].clone());
        let prints = of_file(&twice);
        assert_ne!(prints[0], prints[3]);
        assert_eq!(prints[0].len(), 32);
    }
}
