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

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut bytes = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    bytes
}

#[test]
fn encodings_line_endings_and_binary_files() {
    let dir = dir_with(&[
        ("bad-utf8.md", b"Caf\xe9 \xff then our costumer.\n"),
        ("bom.md", b"\xef\xbb\xbfOur costumer.\n"),
        ("crlf.md", b"One.\r\nOur costumer.\r\n"),
        ("lone-cr.md", b"One.\rTwo.\rOur costumer.\r"),
        ("nul.md", b"Our costumer\0 called.\n"),
        ("ok.md", FINDING),
        (
            "utf16be.md",
            &utf16("Привет.\r\n🚀 Our costumer.\r\n", false),
        ),
        ("utf16le.md", &utf16("Привет.\n🚀 Our costumer.\n", true)),
    ]);
    let out = run(dir.path(), &["--format", "json", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("bad-utf8.md: not valid UTF-8 (first bad byte at offset 3)"),
        "{err}"
    );
    assert!(
        err.contains("nul.md: binary file (NUL byte found); skipped"),
        "{err}"
    );
    let findings = json(&out);
    assert_eq!(
        flagged(&findings),
        [
            "bad-utf8.md",
            "bom.md",
            "crlf.md",
            "lone-cr.md",
            "ok.md",
            "utf16be.md",
            "utf16le.md"
        ]
    );
    let at = |path: &str| {
        let d = findings.iter().find(|d| d["path"] == path).unwrap();
        (
            d["line"].as_u64().unwrap(),
            d["column"].as_u64().unwrap(),
            d["match"].as_str().unwrap().to_string(),
        )
    };
    // Columns count characters of the decoded text; a BOM and `\r` never
    // shift them, and a lone `\r` ends a line.
    assert_eq!(at("bad-utf8.md"), (1, 17, "costumer".into()));
    assert_eq!(at("bom.md"), (1, 5, "costumer".into()));
    assert_eq!(at("crlf.md"), (2, 5, "costumer".into()));
    assert_eq!(at("lone-cr.md"), (3, 5, "costumer".into()));
    assert_eq!(at("utf16be.md"), (2, 7, "costumer".into()));
    assert_eq!(at("utf16le.md"), (2, 7, "costumer".into()));
}

#[test]
fn utf16_files_are_fixed_in_utf16() {
    let text = "Привет: we are dependant on it.\r\n";
    let dir = dir_with(&[("le.md", &utf16(text, true))]);
    let out = run(dir.path(), &["--fix", "le.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let fixed = text.replace("dependant on", "dependent on");
    assert_eq!(
        std::fs::read(dir.path().join("le.md")).unwrap(),
        utf16(&fixed, true)
    );
}

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

#[test]
fn a_missing_styles_path_names_the_config_line() {
    let dir = dir_with(&[
        (
            ".vale.ini",
            b"StylesPath = nowhere\n\n[*.md]\nBasedOnStyles = Acme\n",
        ),
        ("a.md", FINDING),
    ]);
    let out = run(dir.path(), &["a.md"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("StylesPath"), "{err}");
    assert!(err.contains("nowhere' is not a folder"), "{err}");
    assert!(err.contains(".vale.ini:1:1"), "{err}");
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

#[test]
fn duplicate_ini_keys_are_reported_and_the_last_wins() {
    let dir = dir_with(&[
        (
            ".vale.ini",
            b"MinAlertLevel = suggestion\nMinAlertLevel = error\n\n[*.md]\nBasedOnStyles = Business\nBusiness.Costumer = NO\nBusiness.Costumer = YES\n",
        ),
        ("a.md", b"The costumer utilizes it.\n"),
    ]);
    let out = run(dir.path(), &["--format", "json", "a.md"]);
    let err = stderr(&out);
    assert!(
        err.contains(
            ".vale.ini:2: `MinAlertLevel` is set again (first on line 1); this later value is used"
        ),
        "{err}"
    );
    assert!(
        err.contains(".vale.ini:7: `Business.Costumer` is set again (first on line 6)"),
        "{err}"
    );
    let rules: Vec<Value> = json(&out).iter().map(|d| d["rule"].clone()).collect();
    assert_eq!(rules, ["Business.Costumer"]);
}
