//! Part-of-speech rules run as the real binary: Vale's `sequence` type on
//! Vale's own fixtures, and parlance's `pos:` key on a small test style
//! whose `examples:` `parlance test` checks.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn parlance() -> Command {
    let mut cmd = Command::cargo_bin("parlance").expect("binary built");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Vale's test data, when the shared folder is there (CI provides it).
fn vale_testdata() -> Option<PathBuf> {
    let dir = root().join("../shared/vale-testdata");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} not found", dir.display());
        None
    }
}

#[test]
fn the_tagged_test_style_passes_its_examples() {
    let out = parlance()
        .arg("test")
        .arg(root().join("fixtures/sequence/Tagged"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("0 failed"), "{stdout}");
}

/// Vale's `checks.feature` scenario "Sequence" on its Markdown and text
/// files (its AsciiDoc file needs asciidoctor, which the replay lacks).
#[test]
fn vale_sequence_scenario_on_markdown_and_text() {
    let Some(data) = vale_testdata() else {
        return;
    };
    let feature = std::fs::read_to_string(data.join("features/checks.feature")).unwrap();
    let scenario = &feature[feature.find("Scenario: Sequence").expect("the scenario")..];
    let block = scenario
        .split("\"\"\"")
        .nth(1)
        .expect("its expected output");
    let expected: Vec<&str> = block
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("test.md:") || l.starts_with("test.txt:"))
        .collect();
    assert!(expected.len() > 10, "{expected:?}");
    let out = parlance()
        .current_dir(data.join("fixtures/checks/Sequence"))
        .args([
            "vale",
            "--output=line",
            "--sort",
            "--normalize",
            "test.md",
            "test.txt",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let got: Vec<&str> = stdout.lines().collect();
    assert_eq!(got, expected);
}

fn style_with(dir: &Path, name: &str, yaml: &str) {
    std::fs::create_dir_all(dir.join("styles/T")).unwrap();
    std::fs::write(
        dir.join(".parlance.ini"),
        "StylesPath = styles\n\n[*.md]\nBasedOnStyles = T\n",
    )
    .unwrap();
    std::fs::write(dir.join("styles/T").join(name), yaml).unwrap();
    std::fs::write(dir.join("a.md"), "These changes affect the results.\n").unwrap();
}

#[test]
fn tag_patterns_that_match_no_tag_are_errors_in_the_yaml() {
    let dir = tempfile::tempdir().unwrap();
    style_with(
        dir.path(),
        "Typo.yml",
        "extends: existence\nmessage: x\ntokens: [affect]\npos:\n  match: VERB\n",
    );
    let out = parlance()
        .current_dir(dir.path())
        .arg("a.md")
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("Typo.yml:5:"), "{stderr}");
    assert!(stderr.contains("matches no part-of-speech tag"), "{stderr}");
    assert!(stderr.contains("VBZ"), "the valid tags are named: {stderr}");
}

#[test]
fn a_sequence_token_with_a_bad_pattern_is_an_error_in_the_yaml() {
    let dir = tempfile::tempdir().unwrap();
    style_with(
        dir.path(),
        "Seq.yml",
        "extends: sequence\nmessage: x\ntokens:\n  - tag: NN\n  - pattern: '(using'\n",
    );
    let out = parlance()
        .current_dir(dir.path())
        .arg("a.md")
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("Seq.yml:5:"), "{stderr}");
    assert!(stderr.contains("invalid regular expression"), "{stderr}");
}
