//! A command-line case that takes seconds (see `crate::cli`).

use crate::support::{json, parlance, temp_with};

// Stays code: a generated 2 MB line with 100,000 findings.
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
