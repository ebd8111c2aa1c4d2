//! `extends: script` rules through the real binary: an inline script, a
//! script from `config/scripts/*.tengo`, gitlab_docs.FrontMatter verbatim,
//! and the failures (a script that does not compile, one that fails or
//! runs away at run time).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{parlance, temp_with};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/script")
}

/// `path:line:column rule message [match]`, one per diagnostic.
fn lines(stdout: &[u8]) -> Vec<String> {
    let diags: Vec<Value> = serde_json::from_slice(stdout).expect("JSON");
    diags
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {} {} [{}]",
                d["path"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["rule"].as_str().unwrap(),
                d["message"].as_str().unwrap(),
                d["match"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn inline_file_and_gitlab_scripts_report_exact_findings() {
    let out = parlance(&fixture())
        .args([
            "--format",
            "json",
            "empty-title.md",
            "with-front-matter.md",
            "without-front-matter.md",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("skipped"), "{stderr}");
    assert_eq!(
        lines(&out.stdout),
        [
            "empty-title.md:1:1 gitlab_docs.FrontMatter Page must have valid frontmatter that includes a 'title' field. [---]",
            "with-front-matter.md:5:1 Scripts.HeadingPeriod An h1 ends with a period. [# Opening hours.]",
            "with-front-matter.md:7:25 Scripts.Todo Resolve 'TODO' before publishing. [TODO]",
            "without-front-matter.md:1:1 gitlab_docs.FrontMatter Page must have valid frontmatter that includes a 'title' field. [# Menu]",
            "without-front-matter.md:3:36 Scripts.Todo Resolve 'TODO' before publishing. [TODO]",
            "without-front-matter.md:3:47 Scripts.Todo Resolve 'TODO' before publishing. [TODO]",
        ]
    );
}

const INI: &str = "StylesPath = styles\n\n[*.md]\nBasedOnStyles = T\n";
const GOOD: &str = "extends: existence\nmessage: \"Avoid '%s'.\"\ntokens: [synergy]\n";

#[test]
fn a_script_that_does_not_compile_fails_to_load_at_its_line() {
    let dir = temp_with(&[
        (".vale.ini", INI),
        ("styles/T/Good.yml", GOOD),
        (
            "styles/T/Os.yml",
            "extends: script\nmessage: x\nscope: raw\nscript: |\n  text := import(\"text\")\n  os := import(\"os\")\n",
        ),
        (
            "styles/T/Syntax.yml",
            "extends: script\nmessage: x\nscript: |\n  a := 1\n\n  b := (a +\n  c := 2\n",
        ),
        ("styles/T/Missing.yml", "extends: script\nmessage: x\nscript: Nope.tengo\n"),
        ("a.md", "We value synergy.\n"),
    ]);
    let out = parlance(dir.path())
        .args(["--format", "json", "a.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("Os.yml:6:"), "{stderr}");
    assert!(
        stderr.contains("invalid script, line 2: module 'os' is not available"),
        "{stderr}"
    );
    assert!(stderr.contains("Syntax.yml:7:"), "{stderr}");
    assert!(stderr.contains("invalid script, line 4"), "{stderr}");
    assert!(
        stderr.contains("script file `Nope.tengo` not found"),
        "{stderr}"
    );
    assert_eq!(lines(&out.stdout).len(), 1, "the good rule still runs");
}

#[test]
fn a_failing_script_warns_once_with_rule_file_and_line_and_the_run_goes_on() {
    let dir = temp_with(&[
        (".vale.ini", INI),
        ("styles/T/Good.yml", GOOD),
        (
            "styles/T/Divide.yml",
            "extends: script\nmessage: x\nscope: paragraph\nscript: |\n  n := 0\n  x := len(scope) / n\n",
        ),
        (
            "styles/T/Forever.yml",
            "extends: script\nmessage: x\nscope: raw\nscript: Forever.tengo\n",
        ),
        ("styles/config/scripts/Forever.tengo", "a := []\nfor {\n  a = append(a, 1)\n}\n"),
        ("a.md", "We value synergy.\n\nA second paragraph.\n"),
        ("b.md", "More synergy.\n"),
    ]);
    let start = std::time::Instant::now();
    let out = parlance(dir.path())
        .args(["--format", "json", "a.md", "b.md"])
        .output()
        .unwrap();
    assert!(start.elapsed().as_secs() < 20, "budgets end the scripts");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let divide: Vec<&str> = stderr.lines().filter(|l| l.contains("T.Divide")).collect();
    assert_eq!(divide.len(), 1, "once per rule and run: {stderr}");
    assert!(divide[0].contains("a.md"), "{stderr}");
    assert!(divide[0].contains("line 2: division by zero"), "{stderr}");
    assert!(divide[0].contains("other file"), "{stderr}");
    let forever: Vec<&str> = stderr.lines().filter(|l| l.contains("T.Forever")).collect();
    assert_eq!(forever.len(), 1, "{stderr}");
    assert!(forever[0].contains("budget exceeded"), "{stderr}");
    let found = lines(&out.stdout);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|l| l.contains("T.Good")));
}
