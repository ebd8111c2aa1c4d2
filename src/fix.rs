//! The fix stage, between check and report: applies the fixes `--fix` may
//! apply, re-checks the new text, and repeats until nothing changes; then
//! writes changed files back, atomically where the file allows it, and
//! never over an edit saved meanwhile.
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
    // Edits that together change nothing are no fix: `--diff` must not
    // report a change it cannot show.
    if text == source {
        return None;
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
    /// True when fixes undid each other (one rule's replacement is
    /// another's finding, and back): the text is where that cycle began,
    /// so a second `--fix` ends in the same place.
    pub cycled: bool,
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
        cycled: false,
    };
    // Each pass's starting point, to see a text come back.
    let mut before: Vec<(String, Vec<Diagnostic>, usize)> = Vec::new();
    for _ in 0..MAX_PASSES {
        let Some(pass) = apply_once(&fixed.text, &fixed.diagnostics, mode) else {
            return fixed;
        };
        if let Some(i) = before.iter().position(|(text, ..)| *text == pass.text) {
            // Back where pass `i` started: end there, with none of the
            // fixes that go round in circles applied.
            let (text, diagnostics, fixes) = before.swap_remove(i);
            fixed.text = text;
            fixed.diagnostics = diagnostics;
            fixed.fixes = fixes;
            fixed.cycled = true;
            return fixed;
        }
        let diagnostics = check(&pass.text);
        let text = std::mem::replace(&mut fixed.text, pass.text);
        before.push((
            text,
            std::mem::replace(&mut fixed.diagnostics, diagnostics),
            fixed.fixes,
        ));
        fixed.fixes += pass.fixes;
    }
    fixed.converged = !fixed
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .any(|f| mode.applies(f));
    fixed
}

/// Why `--fix` left a file as it was.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("changed on disk while parlance was checking it; left as it is (run again)")]
    Changed,
    #[error("is read-only; left as it is")]
    ReadOnly,
    #[error("is not a regular file; left as it is")]
    NotRegular,
    #[error("not written: the run was interrupted")]
    Interrupted,
    #[error("cannot write the fixes ({0}); the file is unchanged")]
    Io(#[from] io::Error),
}

/// Replaces the contents of the file at `path`, which held `read` when it
/// was read, with `bytes`; a symlink is followed, so the link stays a link.
///
/// The file must still hold `read` (an edit saved meanwhile is never
/// lost), must not be read-only, and keeps its mode and owner. A file with
/// one name is replaced atomically: a temporary file in the same folder
/// (so the rename never crosses file systems), then a rename over the
/// original, so a reader sees the old file or the new one, never half of
/// one. A file with several names (hard links), or one whose owner a new
/// file could not keep, is written through its own inode instead, so every
/// name still shows the same file.
pub fn write_back(path: &Path, read: &[u8], bytes: &[u8]) -> Result<(), WriteError> {
    let target = std::fs::canonicalize(path)?;
    let meta = std::fs::metadata(&target)?;
    if !meta.is_file() {
        return Err(WriteError::NotRegular);
    }
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    let unchanged = || -> Result<(), WriteError> {
        match std::fs::read(&target) {
            Ok(now) if now == read => Ok(()),
            Ok(_) => Err(WriteError::Changed),
            Err(e) => Err(e.into()),
        }
    };
    unchanged()?;
    if links(&meta) > 1 {
        return write_through(&target, bytes);
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    // Removed on any error below; named so a leftover is recognisable.
    let mut temp = tempfile::Builder::new()
        .prefix(".parlance-fix-")
        .tempfile_in(dir)?;
    temp.as_file_mut().write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.as_file().set_permissions(meta.permissions())?;
    if !keep_owner(temp.as_file(), &meta) {
        drop(temp);
        return write_through(&target, bytes);
    }
    // Checked again at the last moment: an editor may have saved while
    // the new text was written out.
    unchanged()?;
    temp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// Writes `bytes` into the file at `target` itself (its inode, its links,
/// its owner and mode unchanged).
fn write_through(target: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let mut file = std::fs::OpenOptions::new().write(true).open(target)?;
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)?;
    file.sync_all()?;
    Ok(())
}

#[cfg(unix)]
fn links(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn links(_: &std::fs::Metadata) -> u64 {
    1
}

/// Gives `file` the owner and group of the file `meta` describes; false
/// when that is not allowed.
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).is_ok()
}

#[cfg(not(unix))]
fn keep_owner(_: &std::fs::File, _: &std::fs::Metadata) -> bool {
    true
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

    /// Guards issue #21 (found by `examples/fix_corpus.rs`): Google wants
    /// "they're" where Microsoft wants "they are" before a full stop, so
    /// every `--fix` flipped the text again. The fixes that go round in
    /// circles are left out, and a second run ends in the same place.
    #[test]
    fn fixes_that_undo_each_other_end_where_they_began() {
        let check = |text: &str| match text.find("they are") {
            Some(at) => vec![finding(at..at + 8, "they're", Applicability::Safe)],
            None => text
                .find("they're")
                .map(|at| vec![finding(at..at + 7, "they are", Applicability::Safe)])
                .unwrap_or_default(),
        };
        let source = "So they are.".to_string();
        let fixed = fix_until_stable(source.clone(), check(&source), SAFE, check);
        assert!(fixed.cycled);
        assert_eq!(fixed.text, source);
        assert_eq!(fixed.fixes, 0);
        let again = fix_until_stable(fixed.text.clone(), check(&fixed.text), SAFE, check);
        assert_eq!(again.text, fixed.text);
    }

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
    fn repeats_until_stable_and_gives_up_after_max_passes() {
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

        // A text that keeps changing without coming back.
        let grow = |text: &str| -> Vec<Diagnostic> {
            vec![finding(
                0..1,
                &"y".repeat(text.len() + 1),
                Applicability::Safe,
            )]
        };
        let fixed = fix_until_stable("x".into(), grow("x"), SAFE, grow);
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
        write_back(&path, b"old", b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "saved meanwhile").unwrap();
        let e = write_back(&path, b"as read", b"fixed").unwrap_err();
        assert!(matches!(e, WriteError::Changed), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "saved meanwhile");
    }

    #[cfg(unix)]
    #[test]
    fn read_only_files_are_refused_and_hard_links_kept() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        assert!(matches!(
            write_back(&path, b"old", b"new"),
            Err(WriteError::ReadOnly)
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let other = dir.path().join("b.md");
        std::fs::hard_link(&path, &other).unwrap();
        let inode = std::fs::metadata(&path).unwrap().ino();
        write_back(&path, b"old", b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "new");
        assert_eq!(std::fs::metadata(&path).unwrap().ino(), inode);
    }
}
