//! Hostile and broken input, against the real binary. Each case must end
//! (a time limit fails the test instead of hanging it), never panic, say
//! which file is wrong and how, and still lint the other files.

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

pub(crate) use crate::support::{dir_with, flagged_paths as flagged};

/// Far more than any case needs in a debug build; a hang hits it.
const LIMIT: Duration = Duration::from_secs(300);

fn parlance(dir: &Path) -> Command {
    let mut cmd = crate::support::parlance(dir);
    cmd.timeout(LIMIT);
    cmd
}

/// Runs parlance in `dir` and checks it did not panic or time out.
pub(crate) fn run(dir: &Path, args: &[&str]) -> Output {
    let out = parlance(dir).args(args).output().expect("parlance runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.code().is_some(),
        "killed (time limit or signal): {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    out
}

pub(crate) fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub(crate) fn json(out: &Output) -> Vec<Value> {
    crate::support::json(&out.stdout)
}

pub(crate) const FINDING: &[u8] = b"The costumer called.\n";

// Stays code: a symlink loop and a dangling link, made at run time.
#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_are_reported_and_the_walk_goes_on() {
    let dir = dir_with(&[("a.md", FINDING), ("sub/b.md", FINDING)]);
    std::os::unix::fs::symlink("..", dir.path().join("sub/loop")).unwrap();
    std::os::unix::fs::symlink("gone.md", dir.path().join("dangling.md")).unwrap();
    // A walk does not follow links unless asked, and says so.
    let out = run(dir.path(), &["--format", "json", "."]);
    let err = stderr(&out);
    assert!(
        err.contains("warning: sub/loop: a symbolic link; not followed"),
        "{err}"
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "findings, nothing failed: {err}"
    );
    assert_eq!(flagged(&json(&out)), ["a.md", "sub/b.md"]);
    let out = run(dir.path(), &["--follow", "--format", "json", "."]);
    let err = stderr(&out);
    assert!(
        err.contains("warning: sub/loop: symlink loop: leads back to ."),
        "{err}"
    );
    assert!(
        err.contains("error: dangling.md: cannot read: No such file or directory"),
        "{err}"
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "a file could not be read: {err}"
    );
    assert_eq!(flagged(&json(&out)), ["a.md", "sub/b.md"]);
}

/// Whether this process can read what its permissions forbid (root can),
/// in which case permission errors cannot be provoked.
#[cfg(unix)]
fn reads_anything(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    std::fs::write(&probe, "x").unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read(&probe).is_ok();
    std::fs::remove_file(&probe).unwrap();
    readable
}

// Stays code: needs permissions, and a check of whether they bind (root).
#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_reported_and_the_walk_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = dir_with(&[
        ("a.md", FINDING),
        ("locked.md", FINDING),
        ("closed/c.md", FINDING),
    ]);
    if reads_anything(dir.path()) {
        eprintln!("skipped: this user reads files whatever their permissions (root), so none can be made unreadable");
        return;
    }
    let mode = |path: &str, mode| {
        std::fs::set_permissions(dir.path().join(path), std::fs::Permissions::from_mode(mode))
            .unwrap()
    };
    mode("locked.md", 0o000);
    mode("closed", 0o000);
    let out = run(dir.path(), &["--format", "json", "."]);
    mode("closed", 0o755);
    let err = stderr(&out);
    assert!(err.contains("locked.md: cannot read"), "{err}");
    assert!(err.contains("closed: cannot read"), "{err}");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(flagged(&json(&out)), ["a.md"]);
}

pub(crate) fn style_dir(rules: &[(String, String)]) -> TempDir {
    let dir = dir_with(&[(
        ".vale.ini",
        b"StylesPath = styles\n\n[*.md]\nBasedOnStyles = Business, T\n",
    )]);
    std::fs::create_dir_all(dir.path().join("styles/T")).unwrap();
    for (name, yaml) in rules {
        std::fs::write(dir.path().join(format!("styles/T/{name}.yml")), yaml).unwrap();
    }
    dir
}

// Stays code: the input is generated, and the search ends on a budget.
#[test]
fn catastrophic_patterns_end_and_are_reported_once() {
    let dir = style_dir(&[
        (
            "Nested".into(),
            "extends: existence\nmessage: nested\nraw: ['(a+)+$']\n".into(),
        ),
        (
            "Backref".into(),
            "extends: existence\nmessage: backref\nraw: ['(a|aa)+\\1$']\n".into(),
        ),
    ]);
    let attack = format!("{}!\n\nOur costumer.\n", "a".repeat(5_000));
    for i in 0..3 {
        std::fs::write(dir.path().join(format!("f{i}.md")), &attack).unwrap();
    }
    let out = run(dir.path(), &["--format", "json", "."]);
    let err = stderr(&out);
    assert_eq!(
        err.matches("T.Backref: search abandoned").count(),
        1,
        "{err}"
    );
    assert!(err.contains("the same in 2 other files"), "{err}");
    assert!(!err.contains("T.Nested"), "{err}");
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(flagged(&json(&out)), ["f0.md", "f1.md", "f2.md"]);
}
