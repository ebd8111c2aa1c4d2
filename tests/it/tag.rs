//! `parlance tag`, run as the real binary on tiny fixtures.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/tag")
        .join(name)
}

fn parlance() -> Command {
    let mut cmd = Command::cargo_bin("parlance").expect("binary built");
    cmd.env("NO_COLOR", "1");
    cmd
}

#[test]
fn tags_the_prose_of_a_markdown_file_one_sentence_a_line() {
    let out = parlance()
        .arg("tag")
        .arg(fixture("doc.md"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Orders/NNS");
    assert!(
        lines[1].starts_with("The/DT customer/NN 's/POS order/NN will/MD"),
        "{text}"
    );
    assert_eq!(lines[2], "We/PRP do/VBP n't/RB know/VB when/WRB ./.");
    assert_eq!(lines.len(), 3, "code is not tagged: {text}");
}

#[test]
fn tags_standard_input_as_plain_text() {
    parlance()
        .args(["tag", "-"])
        .write_stdin("We agree. They don't.")
        .assert()
        .success()
        .stdout("We/PRP agree/VBP ./.\nThey/PRP do/VBP n't/RB ./.\n");
}

#[test]
fn conllu_comes_back_with_column_five_replaced_and_can_be_scored() {
    let out = parlance()
        .arg("tag")
        .arg(fixture("tiny.conllu"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let original = std::fs::read_to_string(fixture("tiny.conllu")).unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), original);
    parlance()
        .args(["tag", "--score"])
        .arg(fixture("tiny.conllu"))
        .assert()
        .success()
        .stdout("accuracy: 100.00% (3 of 3 tokens)\n");
}

#[test]
fn score_needs_conllu_and_a_missing_file_fails() {
    parlance()
        .args(["tag", "--score"])
        .arg(fixture("doc.md"))
        .assert()
        .code(2);
    parlance()
        .arg("tag")
        .arg(fixture("missing.md"))
        .assert()
        .code(2);
}
