//! The hostile inputs that take seconds: huge files, deep nesting, many
//! files or rules (see `crate::hostile`).

use crate::hostile::{flagged, json, run, stderr, style_dir, FINDING};
use crate::support::dir_with;

// Stays code: the input is generated (megabytes, or thousands of files or rules).
#[test]
fn deeply_nested_markdown_ends() {
    let levels = 10_000;
    let quotes = format!("{}Our costumer.\n", "> ".repeat(levels));
    let lists = format!("{}Our costumer.\n", "- ".repeat(levels));
    let mixed = format!("{}Our costumer.\n", "> 1. - ".repeat(levels / 3));
    // Indented nesting grows with the square of the depth: 3,000 levels
    // are 9 MB already.
    let indented: String = (0..3_000)
        .map(|i| format!("{}- Our costumer.\n", "  ".repeat(i)))
        .collect();
    let lines: String = (1..3_000)
        .map(|i| format!("{} Our costumer.\n", ">".repeat(i)))
        .collect();
    let dir = dir_with(&[
        ("indented.md", indented.as_bytes()),
        ("lines.md", lines.as_bytes()),
        ("lists.md", lists.as_bytes()),
        ("mixed.md", mixed.as_bytes()),
        ("quotes.md", quotes.as_bytes()),
    ]);
    let out = run(
        dir.path(),
        &["--format", "json", "--min-level", "error", "."],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let findings = json(&out);
    assert_eq!(
        flagged(&findings),
        [
            "indented.md",
            "lines.md",
            "lists.md",
            "mixed.md",
            "quotes.md"
        ]
    );
    assert_eq!(findings.len(), 3_000 + 2_999 + 3);
}

// Stays code: the input is generated (megabytes, or thousands of files or rules).
#[test]
fn unclosed_jsx_in_mdx_ends() {
    // Every tag and brace left open: each search for its end would run to
    // the end of the file.
    let open = "<Tag {x <Box '\n".repeat(200_000);
    let dir = dir_with(&[(
        "page.mdx",
        format!("Our costumer.\n\n{open}\nOur costumer.\n").as_bytes(),
    )]);
    let out = run(
        dir.path(),
        &["--format", "json", "--min-level", "error", "."],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!json(&out).is_empty());
}

// Stays code: the input is generated (megabytes, or thousands of files or rules).
#[test]
fn a_fifty_megabyte_single_line_ends() {
    let line = "Alpha beta gamma delta epsilon. ".repeat(50_000_000 / 32);
    let dir = dir_with(&[
        ("huge.txt", format!("{line}Our costumer.").as_bytes()),
        ("ok.md", FINDING),
    ]);
    let out = run(
        dir.path(),
        &["--format", "json", "--min-level", "error", "."],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let findings = json(&out);
    assert_eq!(flagged(&findings), ["huge.txt", "ok.md"]);
    assert_eq!(findings[0]["line"], 1);
    assert_eq!(findings[0]["column"].as_u64(), Some(line.len() as u64 + 5));
}

// Stays code: the input is generated (megabytes, or thousands of files or rules).
#[test]
fn a_hundred_thousand_tiny_files() {
    let dir = tempfile::tempdir().unwrap();
    let count = 100_000;
    for i in 0..count {
        let sub = dir.path().join(format!("d{}", i % 100));
        if i < 100 {
            std::fs::create_dir(&sub).unwrap();
        }
        let text: &[u8] = if i % 1000 == 0 { FINDING } else { b"Fine.\n" };
        std::fs::write(sub.join(format!("f{i}.md")), text).unwrap();
    }
    let out = run(
        dir.path(),
        &["--format", "line", "--min-level", "error", "."],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines = String::from_utf8(out.stdout).unwrap();
    assert_eq!(lines.lines().count(), count / 1000);
}

// Stays code: files deleted while the run reads them.
#[test]
fn files_deleted_during_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let count = 2_000;
    for i in 0..count {
        std::fs::write(dir.path().join(format!("f{i:04}.md")), FINDING).unwrap();
    }
    // Named files that are gone by the time they are read.
    let out = run(dir.path(), &["--format", "json", "f0000.md", "missing.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("missing.md: cannot read: No such file or directory"),
        "{}",
        stderr(&out)
    );
    assert_eq!(flagged(&json(&out)), ["f0000.md"]);
    // A walk racing with deletions: whatever was listed and then removed
    // is a read error naming the file; everything still there is linted.
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_parlance"))
        .args(["--format", "json", "."])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    for i in (0..count).step_by(2) {
        let _ = std::fs::remove_file(dir.path().join(format!("f{i:04}.md")));
    }
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    for line in err.lines() {
        assert!(
            line.starts_with("error: f") && line.contains(": cannot read: "),
            "{line}"
        );
    }
    assert_eq!(
        out.status.code(),
        Some(if err.is_empty() { 1 } else { 2 }),
        "{err}"
    );
    let findings = json(&out);
    for i in (1..count).step_by(2) {
        let name = format!("f{i:04}.md");
        assert!(
            findings.iter().any(|d| d["path"] == name.as_str()),
            "{name}"
        );
    }
}

// Stays code: the input is generated (megabytes, or thousands of files or rules).
#[test]
fn a_style_of_ten_thousand_rules_loads_and_runs() {
    let rules: Vec<(String, String)> = (0..10_000)
        .map(|i| {
            (
                format!("R{i}"),
                format!(
                    "extends: existence\nmessage: 'word{i}'\nignorecase: true\ntokens: [word{i}, 'term{i}s?']\n"
                ),
            )
        })
        .collect();
    let dir = style_dir(&rules);
    std::fs::write(dir.path().join("a.md"), "Use word17 and TERM9999S here.\n").unwrap();
    let out = run(dir.path(), &["--format", "json", "a.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let findings = json(&out);
    let rules: Vec<&str> = findings
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["T.R17", "T.R9999"]);
}

// Stays code: the input is generated (megabytes, or thousands of files or rules).
#[test]
fn a_yaml_bomb_is_refused_and_the_other_rules_run() {
    let mut bomb = String::from(
        "extends: existence\nmessage: x\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let prev = format!("*a{}", i - 1);
        bomb.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 9].join(", ")));
    }
    bomb.push_str("tokens: *a9\n");
    let dir = style_dir(&[("Bomb".into(), bomb)]);
    std::fs::write(dir.path().join("a.md"), FINDING).unwrap();
    let out = run(dir.path(), &["--format", "json", "a.md"]);
    let err = stderr(&out);
    assert!(err.contains("styles/T/Bomb.yml"), "{err}");
    assert!(err.contains("repetition limit exceeded"), "{err}");
    assert!(err.contains("a YAML bomb?"), "{err}");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(flagged(&json(&out)), ["a.md"]);
}

// Stays code: the input is generated (megabytes, or thousands of files or rules).
#[test]
fn human_output_of_a_long_line_shows_a_window_per_finding() {
    // Each finding on a 400 KB line: printing the line whole for each would
    // be 8 GB of output.
    let line = "Our costumer called. ".repeat(20_000);
    let dir = dir_with(&[("long.md", line.as_bytes())]);
    let out = run(dir.path(), &["--format", "human", "long.md"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(&format!("long.md:1:{}", 21 * 19_999 + 5)));
    assert!(text.len() < 20_000 * 1_000, "{} bytes", text.len());
}
