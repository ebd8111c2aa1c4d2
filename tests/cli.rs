//! The command line contract, run against the real binary: fixture
//! documents with the diagnostics they must produce, exit codes, stdin,
//! broken rule files and unreadable input.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The binary, isolated from any config in the user's home folder.
fn parlance(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("parlance").expect("binary built");
    cmd.current_dir(dir)
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("VALE_CONFIG_PATH");
    cmd
}

fn json(output: &[u8]) -> Vec<Value> {
    serde_json::from_slice::<Value>(output)
        .expect("stdout is JSON")
        .as_array()
        .expect("a JSON array")
        .clone()
}

/// Every span's bytes are exactly its `match`, and lines/columns agree.
fn assert_spans_exact(dir: &Path, diags: &[Value]) {
    for d in diags {
        let path = dir.join(d["path"].as_str().unwrap());
        let bytes = std::fs::read(&path).unwrap();
        let (s, e) = (
            d["byte_start"].as_u64().unwrap() as usize,
            d["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            String::from_utf8_lossy(&bytes[s..e]),
            d["match"].as_str().unwrap(),
            "span of {d}"
        );
        assert!(d["line"].as_u64().unwrap() >= 1 && d["column"].as_u64().unwrap() >= 1);
    }
}

/// Lints every document in `dir` (run from `cwd`) and snapshots its JSON,
/// after checking that every span is exact.
fn snapshot_documents(cwd: &Path, dir: &str, prefix: &str) {
    let mut docs: Vec<_> = std::fs::read_dir(cwd.join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| {
            [".md", ".txt", ".html", ".org"]
                .iter()
                .any(|ext| n.ends_with(ext))
                && n != "README.md"
        })
        .collect();
    docs.sort();
    assert!(docs.len() >= 4, "{docs:?}");
    for doc in docs {
        let path = if dir.is_empty() {
            doc.clone()
        } else {
            format!("{dir}/{doc}")
        };
        let out = parlance(cwd)
            .args(["--format", "json", "--no-exit", &path])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{doc}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_spans_exact(cwd, &json(&out.stdout));
        insta::assert_snapshot!(
            format!("{prefix}_{doc}"),
            String::from_utf8(out.stdout).unwrap()
        );
    }
}

#[test]
fn core_fixtures_produce_their_diagnostics() {
    snapshot_documents(&fixtures().join("core"), "docs", "core");
}

#[test]
fn business_fixtures_produce_their_diagnostics() {
    snapshot_documents(&fixtures().join("business"), "", "business");
}

#[test]
fn human_output_renders_source_and_summary() {
    let dir = fixtures().join("core");
    let out = parlance(&dir).args(["docs/unicode.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains('\u{1b}'), "no colour when not a terminal");
    insta::assert_snapshot!("human_unicode", stdout);
}

#[test]
fn line_format_is_vales() {
    let dir = fixtures().join("core");
    let out = parlance(&dir)
        .args(["--format", "line", "docs/bom.md"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "docs/bom.md:1:1:Test.Avoid:Avoid 'Synergy'.\ndocs/bom.md:1:21:Test.Swap:Use 'use' instead of 'utilize'.\n"
    );
}

/// The paths of the files with findings when linting `args` in `dir`.
fn flagged_paths(dir: &Path, args: &[&str]) -> Vec<String> {
    let out = parlance(dir)
        .args(["--format", "json", "--no-exit"])
        .args(args)
        .output()
        .unwrap();
    json(&out.stdout)
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect()
}

fn temp_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn embedded_business_style_runs_without_config() {
    let dir = temp_with(&[(
        "memo.md",
        "# Memo\n\nOur costumer called about the `costumer` field.\n",
    )]);
    let out = parlance(dir.path())
        .args(["--format", "json", "memo.md"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "an error-level finding fails the run"
    );
    let diags = json(&out.stdout);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["rule"], "Business.Costumer");
    assert_eq!(
        (diags[0]["line"].as_u64(), diags[0]["column"].as_u64()),
        (Some(3), Some(5))
    );
    assert_eq!(diags[0]["fix"]["edits"][0]["replacement"], "customer");
}

#[test]
fn exit_codes_follow_the_fail_level() {
    let dir = fixtures().join("core");
    // plain.txt has warnings and errors.
    let code = |args: &[&str]| {
        parlance(&dir)
            .args(args)
            .arg("docs/plain.txt")
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(code(&["--format", "json"]), Some(1));
    assert_eq!(code(&["--format", "json", "--no-exit"]), Some(0));
    assert_eq!(code(&["--format", "json", "--fail-level", "none"]), Some(0));
    assert_eq!(
        code(&[
            "--format",
            "json",
            "--min-level",
            "error",
            "--fail-level",
            "warning"
        ]),
        Some(1)
    );
    let clean = temp_with(&[("ok.md", "Nothing to see.\n")]);
    assert_eq!(
        parlance(clean.path())
            .arg("ok.md")
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );
    // A warning fails only with --fail-level warning.
    let warn = temp_with(&[("w.md", "Billing is monthly and reoccurring.\n")]);
    let run = |args: &[&str]| {
        parlance(warn.path())
            .args(args)
            .arg("w.md")
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(run(&[]), Some(0));
    assert_eq!(run(&["--fail-level", "warning"]), Some(1));
}

#[test]
fn min_level_hides_lower_findings() {
    let dir = fixtures().join("core");
    let out = parlance(&dir)
        .args([
            "--format",
            "json",
            "--no-exit",
            "--min-level",
            "error",
            "docs/markdown.md",
        ])
        .output()
        .unwrap();
    let diags = json(&out.stdout);
    assert!(!diags.is_empty());
    assert!(diags.iter().all(|d| d["severity"] == "error"));
}

#[test]
fn stdin_is_linted_with_its_name() {
    let dir = temp_with(&[]);
    let out = parlance(dir.path())
        .args([
            "--format",
            "json",
            "--no-exit",
            "--stdin-filename",
            "notes.txt",
            "-",
        ])
        .write_stdin("The costumer called.\n")
        .output()
        .unwrap();
    let diags = json(&out.stdout);
    assert_eq!(diags[0]["path"], "notes.txt");
    assert_eq!(diags[0]["match"], "costumer");
}

#[test]
fn broken_rule_file_is_reported_with_its_line_and_the_rest_runs() {
    let dir = temp_with(&[
        (
            ".vale.ini",
            "StylesPath = styles\n\n[*.md]\nBasedOnStyles = T\n",
        ),
        (
            "styles/T/Bad.yml",
            "extends: existence\nmessage: x\ntokens:\n  - '(unclosed'\n",
        ),
        (
            "styles/T/Good.yml",
            "extends: existence\nmessage: \"Avoid '%s'.\"\nignorecase: true\ntokens: [synergy]\n",
        ),
        ("styles/T/Seq.yml", "extends: sequence\nmessage: x\n"),
        ("a.md", "Synergy matters.\n"),
    ]);
    let out = parlance(dir.path())
        .args(["--format", "json", "a.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("Bad.yml:4:"), "{stderr}");
    assert!(
        stderr.contains("invalid regular expression in `tokens`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Seq.yml") && stderr.contains("a sequence rule needs `tokens`"),
        "{stderr}"
    );
    let diags = json(&out.stdout);
    assert_eq!(diags.len(), 1, "the good rule still runs");
    assert_eq!(diags[0]["rule"], "T.Good");
}

#[test]
fn yaml_errors_point_into_the_file() {
    let dir = temp_with(&[
        (
            ".vale.ini",
            "StylesPath = styles\n\n[*]\nBasedOnStyles = T\n",
        ),
        (
            "styles/T/Typo.yml",
            "extends: existence\nmessage: x\ntokenz:\n  - a\n",
        ),
        ("a.md", "text\n"),
    ]);
    let out = parlance(dir.path()).arg("a.md").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let stderr = stderr.replace(&dir.path().display().to_string(), "<tmp>");
    insta::assert_snapshot!("unknown_key_error", stderr);
}

#[test]
fn config_errors_stop_the_run() {
    let dir = temp_with(&[
        (".vale.ini", "StylesPath = styles\nMinAlertLevel = loud\n"),
        ("a.md", "text\n"),
    ]);
    let out = parlance(dir.path()).arg("a.md").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(".vale.ini:1:") && stderr.contains("is not a folder"),
        "{stderr}"
    );
    assert!(
        stderr.contains(".vale.ini:2:") && stderr.contains("'loud' is not a level"),
        "{stderr}"
    );
}

#[test]
fn missing_style_names_the_config_line() {
    let dir = temp_with(&[
        (
            ".parlance.ini",
            "StylesPath = .\n\n[*]\nBasedOnStyles = Nope\n",
        ),
        ("a.md", "text\n"),
    ]);
    let out = parlance(dir.path()).arg("a.md").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("style 'Nope' does not exist on StylesPath"),
        "{stderr}"
    );
    assert!(stderr.contains(".parlance.ini:4:"), "{stderr}");
}

#[test]
fn binary_and_invalid_utf8_files() {
    let dir = temp_with(&[]);
    std::fs::write(dir.path().join("bin.txt"), b"costumer\0\x01\x02").unwrap();
    std::fs::write(dir.path().join("latin1.txt"), b"Our costumer caf\xe9.\n").unwrap();
    let out = parlance(dir.path())
        .args(["--format", "json", "--no-exit", "bin.txt", "latin1.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("bin.txt: binary file"), "{stderr}");
    assert!(stderr.contains("latin1.txt: not valid UTF-8"), "{stderr}");
    let diags = json(&out.stdout);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["path"], "latin1.txt");
}

#[test]
fn missing_path_is_an_error_but_others_are_linted() {
    let dir = temp_with(&[("a.md", "The costumer.\n")]);
    let out = parlance(dir.path())
        .args(["--format", "json", "nope.md", "a.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("nope.md: cannot read"));
    assert_eq!(json(&out.stdout).len(), 1);
}

#[test]
fn folders_are_walked_respecting_gitignore() {
    let dir = temp_with(&[
        (".gitignore", "ignored/\n"),
        ("docs/a.md", "The costumer.\n"),
        ("docs/b.txt", "The costumer.\n"),
        ("docs/c.rs", "// costumer\n"),
        ("ignored/d.md", "The costumer.\n"),
        (".hidden/e.md", "The costumer.\n"),
    ]);
    let paths = flagged_paths(dir.path(), &["."]);
    assert_eq!(paths, vec!["docs/a.md", "docs/b.txt"]);
}

#[test]
fn section_globs_choose_styles() {
    let dir = temp_with(&[
        (
            ".vale.ini",
            "StylesPath = styles\n\n[*.md]\nBasedOnStyles = T\n\n[legal/*.md]\nT.Avoid = NO\n",
        ),
        (
            "styles/T/Avoid.yml",
            "extends: existence\nmessage: \"Avoid '%s'.\"\nignorecase: true\ntokens: [synergy]\n",
        ),
        ("a.md", "Synergy.\n"),
        ("legal/b.md", "Synergy.\n"),
        ("c.txt", "Synergy.\n"),
    ]);
    let paths = flagged_paths(dir.path(), &["."]);
    assert_eq!(paths, vec!["a.md"]);
}

#[test]
fn built_in_examples_pass() {
    let dir = temp_with(&[]);
    let out = parlance(dir.path()).arg("test").output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains(" 0 failed"), "{stdout}");
}

#[test]
fn test_command_reports_failing_examples() {
    let dir = temp_with(&[(
        "S/R.yml",
        "extends: existence\nmessage: x\ntokens: [synergy]\nexamples:\n  bad: ['No match here.']\n  good: ['We value synergy.']\n",
    )]);
    let out = parlance(dir.path()).args(["test", "S"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("FAIL S.R: bad example not flagged"),
        "{stdout}"
    );
    assert!(
        stdout.contains("FAIL S.R: good example flagged"),
        "{stdout}"
    );
    assert!(stdout.contains("0 passed, 2 failed"), "{stdout}");
}

#[test]
fn explain_and_rules() {
    let dir = temp_with(&[]);
    let out = parlance(dir.path())
        .args(["explain", "Business.Costumer"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("level:")
            && text.contains("Bad:")
            && text.contains("embedded:rules/Business/Costumer.yml"),
        "{text}"
    );
    let out = parlance(dir.path()).arg("rules").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().any(|l| l.starts_with("Business.Costumer")),
        "{text}"
    );
    let out = parlance(dir.path())
        .args(["explain", "No.Such"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn init_writes_a_starter_config_that_works() {
    let dir = temp_with(&[
        ("a.md", "The costumer called.\n"),
        ("b.rst", "The costumer called.\n"),
    ]);
    let out = parlance(dir.path()).arg("init").output().unwrap();
    assert!(out.status.success());
    assert!(dir.path().join(".parlance.ini").is_file());
    assert_eq!(
        parlance(dir.path())
            .arg("init")
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert!(parlance(dir.path())
        .args(["init", "--force"])
        .output()
        .unwrap()
        .status
        .success());
    assert_eq!(
        flagged_paths(dir.path(), &["a.md", "b.rst"]),
        vec!["a.md"],
        "the starter's section covers Markdown and text only"
    );
}

#[test]
fn a_long_single_line_with_many_findings_ends() {
    // Quadratic column counting or context checks would take minutes here.
    let dir = temp_with(&[("long.md", &"Our costumer called. ".repeat(100_000))]);
    let out = parlance(dir.path())
        .args(["--format", "json", "--no-exit", "long.md"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    assert!(out.status.success());
    let diags = json(&out.stdout);
    assert_eq!(diags.len(), 100_000);
    let last = &diags[diags.len() - 1];
    assert_eq!(last["line"], 1);
    assert_eq!(last["column"].as_u64(), Some(21 * 99_999 + 5));
}

/// The rules and lines a JSON run reported.
fn flagged(out: &[u8]) -> Vec<(String, u64, String)> {
    json(out)
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["match"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn html_and_org_are_walked_and_markup_keys_apply() {
    let page = "<p>Our costumer here.</p>\n<div class=\"internal\">A costumer hidden.</div>\n\
                <blockquote>Quoted costumer.</blockquote>\n<p><code>costumer</code> and <b>costumer</b>.</p>\n";
    let dir = temp_with(&[
        (
            ".parlance.ini",
            "IgnoredClasses = internal\nSkippedScopes = script, style, blockquote\nIgnoredScopes = code, b\n\n\
             [formats]\nfoo = html\n\n[*]\nBasedOnStyles = Business\n",
        ),
        ("site/page.html", page),
        ("site/page.foo", page),
        ("site/notes.org", "* Notes\nOur costumer, =costumer=.\n#+begin_src\ncostumer\n#+end_src\n"),
    ]);
    let out = parlance(dir.path())
        .args(["--format", "json", "--no-exit", "site"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_spans_exact(dir.path(), &json(&out.stdout));
    let hits = flagged(&out.stdout);
    let expected = |path: &str, line| (path.to_string(), line, "costumer".to_string());
    assert_eq!(
        hits,
        vec![
            expected("site/notes.org", 2),
            expected("site/page.foo", 1),
            expected("site/page.html", 1),
        ]
    );
}

#[test]
fn code_mapped_to_markup_is_reported_as_unsupported() {
    let dir = temp_with(&[
        (
            ".parlance.ini",
            "[formats]\npy = md\n\n[*]\nBasedOnStyles = Business\n",
        ),
        ("a.py", "# Our costumer.\n"),
    ]);
    let out = parlance(dir.path()).arg("a.py").output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("`py = md`: reading code comments as markup is not supported yet"),
        "{stderr}"
    );
}
