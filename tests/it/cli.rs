//! The command line against the fixture documents of `fixtures/core` and
//! `fixtures/business`, where a check runs over the output (every span's
//! bytes are its match). The other command-line cases are fixture folders
//! in `fixtures/cmd/`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{json, parlance, temp_with};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
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

// Stays code: checks every span's bytes against its match (and snapshots).
#[test]
fn core_fixtures_produce_their_diagnostics() {
    snapshot_documents(&fixtures().join("core"), "docs", "core");
}

// Stays code: checks every span's bytes against its match (and snapshots).
#[test]
fn business_fixtures_produce_their_diagnostics() {
    snapshot_documents(&fixtures().join("business"), "", "business");
}

// Stays code: checks the output has no escape codes, then an insta snapshot.
#[test]
fn human_output_renders_source_and_summary() {
    let dir = fixtures().join("core");
    let out = parlance(&dir).args(["docs/unicode.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains('\u{1b}'), "no colour when not a terminal");
    insta::assert_snapshot!("human_unicode", stdout);
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

// Stays code: checks every span's bytes against its match.
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

/// With no path, a `/dev/null` standard input (a character device, as cron
/// and many CI jobs give) is not read: the folder is linted, as ripgrep
/// does.
#[test]
fn no_path_and_a_null_stdin_lints_the_folder() {
    let dir = temp_with(&[("a.md", "We will leverage synergies.\n")]);
    let out = crate::support::spawnable(dir.path())
        .args(["--format", "json"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let diags = json(&out.stdout);
    assert!(
        !diags.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(diags.iter().all(|d| d["path"] == "a.md"), "{diags:?}");
}
