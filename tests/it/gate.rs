//! The CI gate (issue #5): what cannot be a fixture folder in
//! `fixtures/cmd/` (where the formats, fail levels, `--fix`/`--diff` and
//! file selection cases are). Each test builds a small project in a temp
//! folder and runs the real binary in it.

use std::fs;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

use crate::support::parlance;

const SWAP: &str = "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nlevel: warning\nlink: https://example.com/swap\naction:\n  name: replace\nswap:\n  utilize: use\n  costumer: customer\n";
const AVOID: &str =
    "extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: suggestion\ntokens: [synergy]\n";
const BODY: &str = "Ünïcode first: we utilize tools.\n\nThe costumer and the costumer's synergy.\n";

/// A project with two rules (`T.Swap` with safe fixes, `T.Avoid` without)
/// and `a.md` holding four findings.
fn project() -> TempDir {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("styles/T")).unwrap();
    fs::write(
        root.join(".vale.ini"),
        "StylesPath = styles\nMinAlertLevel = suggestion\n\n[*.md]\nBasedOnStyles = T\n",
    )
    .unwrap();
    fs::write(root.join("styles/T/Swap.yml"), SWAP).unwrap();
    fs::write(root.join("styles/T/Avoid.yml"), AVOID).unwrap();
    fs::write(root.join("a.md"), BODY).unwrap();
    dir
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
}

// Stays code: validates against the SARIF JSON schema.
#[test]
fn sarif_is_valid_against_the_official_schema() {
    let dir = project();
    let out = stdout(parlance(dir.path()).args(["--format", "sarif", "a.md"]));
    let log: Value = serde_json::from_str(&out).unwrap();
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/sarif-schema-2.1.0.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema does reject what it should.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));

    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let swap = rules.iter().find(|r| r["id"] == "T.Swap").unwrap();
    assert_eq!(swap["helpUri"], "https://example.com/swap");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    let first = &results[0];
    assert_eq!(first["ruleId"], "T.Swap");
    let region = &first["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startColumn"].as_u64(), region["endColumn"].as_u64()),
        (Some(19), Some(26))
    );
    let replacement = &first["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "use");
    assert!(results
        .iter()
        .any(|r| r["ruleId"] == "T.Avoid" && r.get("fixes").is_none()));
}

/// The first `--fix` is `fixtures/cmd/fix-applies-safe-fixes-exactly-…`;
/// stays code: a fixture cannot see a file's modification time.
#[test]
fn a_second_fix_with_nothing_left_does_not_rewrite_the_file() {
    let dir = project();
    parlance(dir.path())
        .args(["--fix", "a.md"])
        .assert()
        .success();
    let after = fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert_eq!(
        after,
        "Ünïcode first: we use tools.\n\nThe customer and the customer's synergy.\n"
    );

    // Nothing left to fix: the file is not even rewritten.
    let modified = fs::metadata(dir.path().join("a.md"))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    parlance(dir.path())
        .args(["--fix", "a.md"])
        .assert()
        .success();
    assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), after);
    let again = fs::metadata(dir.path().join("a.md"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(modified, again);
}

/// A tree exercising every selection rule; each file holds one finding.
fn tree() -> TempDir {
    let dir = project();
    let root = dir.path();
    fs::remove_file(root.join("a.md")).unwrap();
    fs::write(
        root.join(".vale.ini"),
        "StylesPath = styles\n\n[*]\nBasedOnStyles = T\n",
    )
    .unwrap();
    for (path, text) in [
        ("docs/keep.md", "We utilize it.\n"),
        ("docs/notes.txt", "We utilize it.\n"),
        ("docs/data.csv", "We utilize it.\n"),
        ("docs/draft.md", "We utilize it.\n"),
        ("vendor/lib/readme.md", "We utilize it.\n"),
        ("local/x.md", "We utilize it.\n"),
        ("private/y.md", "We utilize it.\n"),
        (".github/pr.md", "We utilize it.\n"),
        (".gitignore", "vendor/\n*.log\n"),
        (".ignore", "local/\n"),
        (".parlanceignore", "docs/draft.md\nprivate/\n"),
    ] {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

/// The relative names are `fixtures/cmd/force-exclude-…`; stays code: a
/// fixture's arguments cannot hold the sandbox's absolute path.
#[test]
fn force_exclude_applies_to_a_named_absolute_path() {
    let dir = tree();
    let absolute = dir.path().join("docs/draft.md");
    let out = parlance(dir.path())
        .args(["--force-exclude", "--format", "json"])
        .arg(&absolute)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "[]");
}

// Stays code: compares runs with different thread counts.
#[test]
fn output_order_does_not_depend_on_threads() {
    let dir = tree();
    for i in 0..40 {
        fs::write(dir.path().join(format!("docs/n{i}.md")), "We utilize it.\n").unwrap();
    }
    let one = stdout(parlance(dir.path()).args(["-j", "1", "--format", "line"]));
    for _ in 0..3 {
        assert_eq!(
            stdout(parlance(dir.path()).args(["-j", "2", "--format", "line"])),
            one
        );
    }
    assert_eq!(one.lines().count(), 42);
}

// Stays code: reads the repository's hook definitions, runs nothing.
#[test]
fn pre_commit_hooks_lint_and_fix_markdown_and_text() {
    let text = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/.pre-commit-hooks.yaml"
    ))
    .unwrap();
    /// The keys of a hook this test checks (the others are ignored).
    #[derive(serde::Deserialize)]
    struct Hook {
        id: String,
        entry: String,
        language: String,
        require_serial: bool,
        types_or: Vec<String>,
    }
    let hooks: Vec<Hook> = serde_saphyr::from_str(&text).unwrap();
    let hook = |id: &str| {
        hooks
            .iter()
            .find(|h| h.id == id)
            .unwrap_or_else(|| panic!("no hook {id}"))
    };
    for (id, entry) in [
        ("parlance", "parlance --force-exclude"),
        ("parlance-fix", "parlance --force-exclude --fix"),
    ] {
        let h = hook(id);
        assert_eq!(h.entry, entry);
        assert_eq!(h.language, "rust");
        assert!(h.require_serial);
        assert_eq!(h.types_or, ["markdown", "plain-text"]);
    }
}

/// Guards `--diff` on a file whose lines end in a lone CR (classic Mac
/// OS): the output must be a unified diff that the real `patch` applies,
/// giving exactly what `--fix` writes. Stays code: it runs `patch`.
#[test]
fn diff_of_a_lone_cr_file_is_a_patch_that_applies() {
    let patch = std::process::Command::new("patch")
        .arg("--version")
        .output();
    assert!(
        patch.is_ok_and(|out| out.status.success()),
        "this test needs GNU patch on PATH (Debian: apt-get install patch)"
    );
    let text = "Ünïcode first: we utilize tools.\r\rThe costumer called.\rLast line, no end";
    let dir = project();
    fs::write(dir.path().join("cr.md"), text).unwrap();
    let out = parlance(dir.path())
        .args(["--diff", "cr.md"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let diff = out.stdout;
    assert!(diff.starts_with(b"--- a/cr.md\n+++ b/cr.md\n"), "{diff:?}");
    // Applied to a copy of the original file by the real program…
    let copy = tempfile::tempdir().unwrap();
    fs::write(copy.path().join("cr.md"), text).unwrap();
    fs::write(copy.path().join("fix.diff"), &diff).unwrap();
    let applied = std::process::Command::new("patch")
        .args(["-p1", "--batch", "--input", "fix.diff"])
        .current_dir(copy.path())
        .output()
        .unwrap();
    assert!(
        applied.status.success(),
        "patch refused the diff: {}{}\n{}",
        String::from_utf8_lossy(&applied.stdout),
        String::from_utf8_lossy(&applied.stderr),
        String::from_utf8_lossy(&diff)
    );
    // …it gives what --fix writes.
    parlance(dir.path())
        .args(["--fix", "cr.md"])
        .assert()
        .success();
    let fixed = fs::read(dir.path().join("cr.md")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&fs::read(copy.path().join("cr.md")).unwrap()),
        String::from_utf8_lossy(&fixed)
    );
    assert_ne!(fixed, text.as_bytes(), "the fixes changed something");
    assert!(!fixed.contains(&b'\n'), "--fix keeps the lone CRs");
}
