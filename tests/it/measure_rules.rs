//! `capitalization`, `metric` and `readability` rules, run by the real
//! binary from a style on disk, as Vale runs them.

use std::path::Path;

use crate::support::parlance;

const CONFIG: &str =
    "StylesPath = styles\nMinAlertLevel = suggestion\nVocab = Ours\n\n[*.md]\nBasedOnStyles = T\n";

/// Microsoft.Headings, shortened.
const HEADINGS: &str = r#"extends: capitalization
message: "'%s' should use sentence-style capitalization."
level: suggestion
scope: heading
match: $sentence
indicators:
  - ':'
exceptions:
  - Azure
  - Visual Studio
"#;

const TITLES: &str = r#"extends: capitalization
message: "'%s' should be '%s'."
scope: heading.h3
match: $title
style: Chicago
action:
  name: replace
"#;

/// Readability.FleschKincaid.
const GRADE: &str = r#"extends: metric
message: "Try to keep the Flesch–Kincaid grade level (%s) below 8."
formula: |
  (0.39 * (words / sentences)) + (11.8 * (syllables / words)) - 15.59
condition: "> 8"
"#;

const BLOCKS: &str = r#"extends: metric
message: "%s headings, lists and code blocks."
formula: heading.h2 + list + pre + math.sqrt(0)
condition: ">= 1"
"#;

/// RedHat.ReadabilityGrade's shape.
const LEGACY: &str = r#"extends: readability
message: "Grade %s."
grade: 8
metrics:
  - Flesch-Kincaid
  - Automated Readability
"#;

const DOC: &str = "# Configure the Contact Center Workspace\n\n\
## Set up Azure and Visual Studio\n\n\
## Prerequisites: Review the licensing requirements\n\n\
### working with data\n\n\
Organizational administrators configure comprehensive authentication requirements \
before deploying multichannel communication capabilities throughout international \
subsidiaries.\n\n\
- Verify the configuration.\n\n\
```\ncode here\n```\n";

fn project(rules: &[(&str, &str)], doc: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut files = vec![
        (".vale.ini".to_string(), CONFIG.to_string()),
        (
            "styles/config/vocabularies/Ours/accept.txt".to_string(),
            "Contact Center\n".to_string(),
        ),
        ("doc.md".to_string(), doc.to_string()),
    ];
    for (name, text) in rules {
        files.push((format!("styles/T/{name}.yml"), text.to_string()));
    }
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> (String, String) {
    let out = parlance(dir).args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn headings_in_sentence_case_with_exceptions_and_vocabulary() {
    let dir = project(&[("Headings", HEADINGS)], DOC);
    let (out, err) = run(dir.path(), &["--output=line", "doc.md"]);
    // The vocabulary's "Contact Center" keeps its capitals, but
    // "Workspace" does not; the exceptions and the word after `:` pass; a
    // heading must start with a capital.
    assert_eq!(
        out,
        "doc.md:1:3:T.Headings:'Configure the Contact Center Workspace' should use sentence-style capitalization.\n\
         doc.md:7:5:T.Headings:'working with data' should use sentence-style capitalization.\n",
        "{err}"
    );
}

#[test]
fn title_case_offers_the_expected_form() {
    let dir = project(&[("Titles", TITLES)], DOC);
    let (out, err) = run(dir.path(), &["--output=JSON", "doc.md"]);
    let value: serde_json::Value = serde_json::from_str(&out).expect(&err);
    let alert = &value["doc.md"][0];
    assert_eq!(alert["Check"], "T.Titles");
    assert_eq!(
        alert["Message"],
        "'working with data' should be 'Working with Data'."
    );
    assert_eq!(alert["Line"], 7);
    assert_eq!(alert["Span"], serde_json::json!([5, 21]));
}

#[test]
fn metric_reports_the_value_at_the_first_line() {
    let dir = project(&[("Grade", GRADE), ("Blocks", BLOCKS)], DOC);
    let (out, err) = run(dir.path(), &["--output=line", "doc.md"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}{err}");
    assert_eq!(
        lines[0],
        "doc.md:1:1:T.Blocks:4.00 headings, lists and code blocks."
    );
    assert!(
        lines[1].starts_with("doc.md:1:1:T.Grade:Try to keep the Flesch–Kincaid grade level ("),
        "{}",
        lines[1]
    );
    let value: f64 = lines[1]
        .split('(')
        .nth(1)
        .and_then(|s| s.split(')').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(value > 8.0, "{value}");
}

#[test]
fn legacy_readability_averages_its_grades() {
    let dir = project(&[("Legacy", LEGACY)], DOC);
    let (out, _) = run(dir.path(), &["--output=line", "doc.md"]);
    assert!(out.starts_with("doc.md:1:1:T.Legacy:Grade "), "{out}");
    let quiet = project(&[("Legacy", LEGACY)], "# Hi\n\nThe cat sat on the mat.\n");
    let (out, _) = run(quiet.path(), &["--output=line", "doc.md"]);
    assert_eq!(out, "");
}

#[test]
fn a_document_without_prose_has_no_metric() {
    let dir = project(&[("Grade", GRADE)], "# Only a heading\n\n```\ncode\n```\n");
    let (out, err) = run(dir.path(), &["--output=line", "doc.md"]);
    assert_eq!(out, "", "{err}");
}

#[test]
fn a_bad_formula_is_an_error_in_the_rule_file() {
    let bad = "extends: metric\nmessage: x\nformula: words / sentencez\ncondition: \"> 1\"\n";
    let dir = project(&[("Bad", bad)], DOC);
    let (_, err) = run(dir.path(), &["doc.md"]);
    assert!(err.contains("Bad.yml:3"), "{err}");
    assert!(err.contains("unknown variable `sentencez`"), "{err}");
}

#[test]
fn a_bad_title_style_and_metric_name_are_errors() {
    let style = "extends: capitalization\nmessage: x\nmatch: $title\nstyle: MLA\n";
    let dir = project(&[("Style", style)], DOC);
    let (_, err) = run(dir.path(), &["doc.md"]);
    assert!(err.contains("Style.yml:4"), "{err}");
    assert!(err.contains("unknown title style `MLA`"), "{err}");

    let metric = "extends: readability\nmessage: x\ngrade: 8\nmetrics:\n  - Dale-Chall\n";
    let dir = project(&[("Metric", metric)], DOC);
    let (_, err) = run(dir.path(), &["doc.md"]);
    assert!(err.contains("Metric.yml:5"), "{err}");
    assert!(
        err.contains("unknown readability metric `Dale-Chall`"),
        "{err}"
    );
}

#[test]
fn the_types_are_no_longer_reported_as_unsupported() {
    let dir = project(
        &[("Headings", HEADINGS), ("Grade", GRADE), ("Legacy", LEGACY)],
        DOC,
    );
    let (out, err) = run(dir.path(), &["doc.md"]);
    assert!(!err.contains("not supported"), "{err}");
    assert!(out.contains("T.Headings"), "{out}");
    assert!(out.contains("T.Grade"), "{out}");
}
