//! The CI gate (issue #5): machine formats, fail levels, `--fix`/`--diff`,
//! file selection. Each test builds a small project in a temp folder and
//! runs the real binary in it.

use std::fs;
use std::path::Path;

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

#[test]
fn every_format_renders_the_findings() {
    let dir = project();
    for (format, needle) in [
        (
            "github",
            "::warning file=a.md,line=1,col=19,endLine=1,endColumn=26,title=T.Swap::",
        ),
        ("checkstyle", "source=\"T.Avoid\""),
        ("junit", "<testcase name=\"T.Swap\""),
        ("rdjson", "\"WARNING\""),
        ("gitlab", "\"fingerprint\""),
        ("json-lines", "\"rule\":\"T.Avoid\""),
    ] {
        let out = stdout(parlance(dir.path()).args(["--format", format, "a.md"]));
        assert!(out.contains(needle), "{format}: {out}");
    }
    let lines = stdout(parlance(dir.path()).args(["--format", "json-lines", "a.md"]));
    assert_eq!(lines.lines().count(), 4);
    for line in lines.lines() {
        serde_json::from_str::<Value>(line).unwrap();
    }
}

#[test]
fn output_file_takes_the_report() {
    let dir = project();
    let out = parlance(dir.path())
        .args(["--format", "json", "-o", "report.json", "a.md"])
        .output()
        .unwrap();
    assert!(out.stdout.is_empty());
    let report: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(report.as_array().unwrap().len(), 4);
}

#[test]
fn statistics_count_findings_per_rule() {
    let dir = project();
    let human = stdout(parlance(dir.path()).args(["--statistics", "a.md"]));
    assert!(
        human.starts_with("3  T.Swap   [*]  warning\n1  T.Avoid  [ ]  suggestion\n"),
        "{human}"
    );
    let json: Value = serde_json::from_str(&stdout(parlance(dir.path()).args([
        "--statistics",
        "--format",
        "json",
        "a.md",
    ])))
    .unwrap();
    assert_eq!(json[0]["rule"], "T.Swap");
    assert_eq!(json[0]["count"], 3);
    assert_eq!(json[0]["fixable_count"], 3);
}

#[test]
fn fail_level_from_flag_and_config_and_exit_zero() {
    let dir = project();
    let code = |args: &[&str]| {
        parlance(dir.path())
            .args(args)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(code(&["a.md"]), Some(0), "warnings pass by default");
    assert_eq!(code(&["--fail-level", "warning", "a.md"]), Some(1));
    assert_eq!(code(&["--fail-level", "suggestion", "a.md"]), Some(1));
    assert_eq!(
        code(&["--fail-level", "warning", "--exit-zero", "a.md"]),
        Some(0)
    );
    assert_eq!(
        code(&["--fail-level", "warning", "--no-exit", "a.md"]),
        Some(0)
    );

    let ini = dir.path().join(".vale.ini");
    let text = fs::read_to_string(&ini).unwrap();
    fs::write(&ini, format!("FailLevel = warning\n{text}")).unwrap();
    assert_eq!(code(&["a.md"]), Some(1), "FailLevel from the config");
    assert_eq!(
        code(&["--fail-level", "error", "a.md"]),
        Some(0),
        "the flag wins"
    );
}

#[test]
fn fix_applies_safe_fixes_exactly_and_reports_what_remains() {
    let dir = project();
    let out = parlance(dir.path())
        .args(["--fix", "--format", "json", "a.md"])
        .output()
        .unwrap();
    let after = fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert_eq!(
        after,
        "Ünïcode first: we use tools.\n\nThe customer and the customer's synergy.\n"
    );
    let remaining: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        remaining.as_array().unwrap().len(),
        1,
        "only T.Avoid is left"
    );
    assert_eq!(remaining[0]["rule"], "T.Avoid");
    assert!(String::from_utf8_lossy(&out.stderr).contains("fixed 3 findings in 1 file"));

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

#[test]
fn fix_leaves_unsafe_and_display_only_fixes_unless_asked() {
    let dir = project();
    let root = dir.path();
    fs::write(
        root.join("styles/T/Swap.yml"),
        SWAP.replace("action:", "fix: unsafe\naction:"),
    )
    .unwrap();
    fs::write(
        root.join("styles/T/Alt.yml"),
        "extends: substitution\nmessage: \"Use '%s'.\"\nlevel: warning\nswap:\n  synergy: teamwork|cooperation\n",
    )
    .unwrap();
    parlance(root).args(["--fix", "a.md"]).assert().code(0);
    assert_eq!(fs::read_to_string(root.join("a.md")).unwrap(), BODY);
    parlance(root)
        .args(["--fix", "--unsafe-fixes", "a.md"])
        .assert()
        .code(0);
    let after = fs::read_to_string(root.join("a.md")).unwrap();
    assert!(
        after.contains("we use tools") && after.contains("synergy"),
        "{after}"
    );
}

/// Guards issue #21's rule for third-party styles: a published package
/// (its folder has Vale's `meta.json`) was written for people to review
/// each suggestion, so plain `--fix` leaves its substitutions alone unless
/// the rule says `fix: safe`; the same rule in the user's own style is
/// applied.
#[test]
fn a_packages_fixes_are_unsafe_unless_the_rule_says_otherwise() {
    let dir = project();
    let root = dir.path();
    fs::write(
        root.join("styles/T/meta.json"),
        "{\"vale_version\": \">=1.0.0\"}\n",
    )
    .unwrap();
    let out = parlance(root)
        .args(["--fix", "--format", "json", "a.md"])
        .output()
        .unwrap();
    assert_eq!(fs::read_to_string(root.join("a.md")).unwrap(), BODY);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let swap = report
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "T.Swap")
        .unwrap();
    assert_eq!(swap["fix"]["applicability"], "unsafe");

    fs::write(
        root.join("styles/T/Swap.yml"),
        SWAP.replace("action:", "fix: safe\naction:"),
    )
    .unwrap();
    parlance(root).args(["--fix", "a.md"]).assert().code(0);
    assert!(fs::read_to_string(root.join("a.md"))
        .unwrap()
        .contains("we use tools"));
}

#[test]
fn fix_on_stdin_prints_the_fixed_text() {
    let dir = project();
    let out = parlance(dir.path())
        .args(["--fix", "--stdin-filename", "x.md", "-"])
        .write_stdin("We utilize it.\n")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "We use it.\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 errors, 0 warnings"));
}

#[test]
fn diff_shows_the_fixes_and_writes_nothing() {
    let dir = project();
    let out = parlance(dir.path())
        .args(["--diff", "a.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!(diff, @r"
    --- a/a.md
    +++ b/a.md
    @@ -1,3 +1,3 @@
    -Ünïcode first: we utilize tools.
    +Ünïcode first: we use tools.
     
    -The costumer and the costumer's synergy.
    +The customer and the customer's synergy.
    ");
    assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), BODY);

    fs::write(dir.path().join("clean.md"), "Nothing to fix.\n").unwrap();
    let out = parlance(dir.path())
        .args(["--diff", "clean.md"])
        .output()
        .unwrap();
    assert_eq!((out.status.code(), out.stdout.is_empty()), (Some(0), true));
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

fn linted(dir: &Path, args: &[&str]) -> Vec<String> {
    let out = stdout(parlance(dir).args(["--format", "json"]).args(args));
    let report: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let mut paths: Vec<String> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    paths.dedup();
    paths
}

#[test]
fn walking_respects_ignore_files_and_skips_hidden() {
    let dir = tree();
    assert_eq!(linted(dir.path(), &[]), ["docs/keep.md", "docs/notes.txt"]);
    assert_eq!(
        linted(dir.path(), &["--no-ignore"]),
        [
            "docs/draft.md",
            "docs/keep.md",
            "docs/notes.txt",
            "local/x.md",
            "private/y.md",
            "vendor/lib/readme.md"
        ]
    );
    assert_eq!(
        linted(dir.path(), &["--hidden", "."]),
        [".github/pr.md", "docs/keep.md", "docs/notes.txt"]
    );
}

#[test]
fn globs_include_and_exclude() {
    let dir = tree();
    // As in ripgrep, a glob overrides ignore files for the files it names
    // (`docs/draft.md`), not for ignored folders (`vendor/`).
    assert_eq!(
        linted(dir.path(), &["--glob", "*.md"]),
        ["docs/draft.md", "docs/keep.md"]
    );
    assert_eq!(linted(dir.path(), &["--glob", "!*.txt"]), ["docs/keep.md"]);
    // A glob can bring in a file type the walk would pass over.
    assert_eq!(
        linted(dir.path(), &["-g", "*.csv", "-g", "*.txt"]),
        ["docs/data.csv", "docs/notes.txt"]
    );
    let out = parlance(dir.path())
        .args(["--glob", "a[", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn force_exclude_applies_excludes_to_named_files() {
    let dir = tree();
    let named = [
        "docs/keep.md",
        "docs/draft.md",
        "./vendor/lib/readme.md",
        "local/x.md",
        ".github/pr.md",
    ];
    assert_eq!(
        linted(dir.path(), &named).len(),
        5,
        "named files are linted"
    );
    assert_eq!(
        linted(dir.path(), &[&["--force-exclude"], &named[..]].concat()),
        [".github/pr.md", "docs/keep.md"]
    );
    assert_eq!(
        linted(
            dir.path(),
            &[&["--force-exclude", "-g", "!docs/**"], &named[..]].concat()
        ),
        [".github/pr.md"]
    );
    let absolute = dir.path().join("docs/draft.md");
    let out = parlance(dir.path())
        .args(["--force-exclude", "--format", "json"])
        .arg(&absolute)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "[]");
}

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
