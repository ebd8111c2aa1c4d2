//! The fix stage, between check and report: applies the fixes `--fix` may
//! apply, re-checks the new text, and repeats until nothing changes; then
//! writes changed files in place, atomically.
//!
//! An edit never touches a byte outside its range. Edits are applied in one
//! pass from the end of the text backwards, so earlier offsets stay valid,
//! and a fix whose edits overlap (or touch) one already taken waits for the
//! next pass, where the re-check decides whether it still applies.

use crate::text::Span;
use std::io::{self, Write};
use std::path::Path;

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};

/// How many check-and-fix passes `--fix` makes before giving up: fixes
/// that keep producing new findings (a rule swapping `a` for `b`, another
/// `b` for `a`) must not loop forever.
pub const MAX_PASSES: usize = 10;

/// Which fixes may be applied unasked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixMode {
    /// `--unsafe-fixes`: apply unsafe fixes too. Display-only fixes are
    /// never applied.
    pub unsafe_fixes: bool,
}

impl FixMode {
    pub fn applies(self, fix: &Fix) -> bool {
        match fix.applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => self.unsafe_fixes,
            Applicability::DisplayOnly => false,
        }
    }
}

/// The result of one pass over a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pass {
    pub text: String,
    /// How many fixes were applied.
    pub fixes: usize,
    /// The edits applied, in text order, as ranges of the text before.
    pub edits: Vec<Edit>,
}

/// Applies every fix of `diagnostics` that `mode` allows and that does not
/// overlap one already taken, working from the end of `source`. Returns
/// `None` when no fix applies.
pub fn apply_once(source: &str, diagnostics: &[Diagnostic], mode: FixMode) -> Option<Pass> {
    let mut candidates: Vec<&Fix> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| mode.applies(f) && !f.edits.is_empty())
        // An edit that is not a valid span of this text comes from a bug
        // elsewhere; skipping it keeps the file intact.
        .filter(|f| {
            f.edits
                .iter()
                .all(|e| source.get(e.range.range()).is_some())
        })
        .collect();
    // Latest first; at equal starts the shorter span first.
    candidates.sort_by_key(|f| std::cmp::Reverse(span(f)));
    let mut taken: Vec<&Edit> = Vec::new();
    let mut fixes = 0;
    for fix in candidates {
        let clashes = fix
            .edits
            .iter()
            .any(|e| taken.iter().any(|t| conflict(e.range, t.range)))
            || fix.edits.iter().enumerate().any(|(i, a)| {
                fix.edits[i + 1..]
                    .iter()
                    .any(|b| conflict(a.range, b.range))
            });
        if !clashes {
            taken.extend(&fix.edits);
            fixes += 1;
        }
    }
    if fixes == 0 {
        return None;
    }
    taken.sort_by_key(|e| (e.range.start, e.range.end));
    let mut text = source.to_string();
    for edit in taken.iter().rev() {
        text.replace_range(edit.range.range(), &edit.replacement);
    }
    Some(Pass {
        text,
        fixes,
        edits: taken.into_iter().cloned().collect(),
    })
}

/// The first and last byte a fix touches.
fn span(fix: &Fix) -> (usize, usize) {
    let start = fix.edits.iter().map(|e| e.range.start).min().unwrap_or(0);
    let end = fix.edits.iter().map(|e| e.range.end).max().unwrap_or(0);
    (start, end)
}

/// Two edits conflict when they share a byte or meet at a point: at a
/// shared boundary the order of the two replacements would be a guess.
fn conflict(a: Span, b: Span) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// A text after `--fix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    /// Fixes applied over all passes.
    pub fixes: usize,
    /// The findings in the final text.
    pub diagnostics: Vec<Diagnostic>,
    /// False when fixes were still applicable after [`MAX_PASSES`].
    pub converged: bool,
}

/// Fixes `source` (whose findings are `diagnostics`) until no allowed fix
/// applies, re-checking each new text with `check`.
pub fn fix_until_stable(
    source: String,
    diagnostics: Vec<Diagnostic>,
    mode: FixMode,
    mut check: impl FnMut(&str) -> Vec<Diagnostic>,
) -> Fixed {
    let mut fixed = Fixed {
        text: source,
        fixes: 0,
        diagnostics,
        converged: true,
    };
    for _ in 0..MAX_PASSES {
        let Some(pass) = apply_once(&fixed.text, &fixed.diagnostics, mode) else {
            return fixed;
        };
        fixed.fixes += pass.fixes;
        fixed.diagnostics = check(&pass.text);
        fixed.text = pass.text;
    }
    fixed.converged = !fixed
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .any(|f| mode.applies(f));
    fixed
}

/// Replaces the file at `path` with `bytes` atomically: a temporary file in
/// the same folder (so the rename never crosses file systems), the
/// original's permissions, then a rename over the original. A reader sees
/// the old file or the new one, never half of one. A symlink is followed,
/// so the link stays a link.
pub fn write_in_place(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&target)?.permissions();
    let dir = target.parent().unwrap_or(Path::new("."));
    // Removed on any error below; named so a leftover is recognisable.
    let mut temp = tempfile::Builder::new()
        .prefix(".parlance-fix-")
        .tempfile_in(dir)?;
    temp.as_file_mut().write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.as_file().set_permissions(permissions)?;
    temp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use std::ops::Range;

    fn finding(range: Range<usize>, replacement: &str, applicability: Applicability) -> Diagnostic {
        Diagnostic {
            rule: "T.R".into(),
            severity: Severity::Warning,
            message: String::new(),
            range: range.clone().into(),
            link: None,
            fix: Some(Fix {
                applicability,
                edits: vec![Edit {
                    range: range.into(),
                    replacement: replacement.into(),
                }],
            }),
        }
    }

    const SAFE: FixMode = FixMode {
        unsafe_fixes: false,
    };

    #[test]
    fn applies_from_the_end_and_skips_overlaps() {
        let text = "we utilize the costumer base";
        let d = vec![
            finding(3..10, "use", Applicability::Safe),
            finding(15..23, "customer", Applicability::Safe),
            // Overlaps the one above, which (later in the text) wins: left
            // for the next pass.
            finding(11..18, "x", Applicability::Safe),
        ];
        let pass = apply_once(text, &d, SAFE).unwrap();
        assert_eq!(pass.text, "we use the customer base");
        assert_eq!(pass.fixes, 2);
    }

    #[test]
    fn applicability_decides() {
        let text = "a b c";
        let d = vec![
            finding(0..1, "A", Applicability::Safe),
            finding(2..3, "B", Applicability::Unsafe),
            finding(4..5, "C", Applicability::DisplayOnly),
        ];
        assert_eq!(apply_once(text, &d, SAFE).unwrap().text, "A b c");
        let all = FixMode { unsafe_fixes: true };
        assert_eq!(apply_once(text, &d, all).unwrap().text, "A B c");
        assert!(apply_once(text, &d[2..], all).is_none());
    }

    #[test]
    fn repeats_until_stable_and_gives_up_on_cycles() {
        // a → b → c, one step per pass.
        let step = |text: &str| -> Vec<Diagnostic> {
            text.find(['a', 'b'])
                .map(|i| {
                    let next = if &text[i..=i] == "a" { "b" } else { "c" };
                    vec![finding(i..i + 1, next, Applicability::Safe)]
                })
                .unwrap_or_default()
        };
        let fixed = fix_until_stable("xa".into(), step("xa"), SAFE, step);
        assert_eq!(
            (fixed.text.as_str(), fixed.fixes, fixed.converged),
            ("xc", 2, true)
        );

        let flip = |text: &str| -> Vec<Diagnostic> {
            let next = if text == "a" { "b" } else { "a" };
            vec![finding(0..1, next, Applicability::Safe)]
        };
        let fixed = fix_until_stable("a".into(), flip("a"), SAFE, flip);
        assert_eq!((fixed.fixes, fixed.converged), (MAX_PASSES, false));
    }

    #[cfg(unix)]
    #[test]
    fn writes_atomically_keeping_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_in_place(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
    }
}
