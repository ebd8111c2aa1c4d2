//! `parlance test [DIRS]`: every rule's `examples:` (each bad one must
//! trigger the rule, each good one must not), for the built-in styles or
//! the style folders named.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{stderr_color, ExitStatus};
use crate::check::rules::RuleDef;
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::error::Problems;
use crate::lint::{read_style, LintOptions, Linter};
use crate::report;
use crate::styles;

/// One example that did not do what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub example: String,
    pub expected_hit: bool,
    /// What the rule reported on it.
    pub fired: Vec<String>,
}

/// Runs the examples of `rules`, each rule alone on Markdown text;
/// returns (passed, failures, problems).
pub fn run_examples(rules: Vec<RuleDef>) -> (usize, Vec<ExampleFailure>, Problems) {
    let mut passed = 0;
    let mut failures = Vec::new();
    let mut problems = Problems::default();
    let options = LintOptions {
        min_level: Some(Severity::Suggestion),
        ..LintOptions::default()
    };
    for def in rules {
        let id = def.id.clone();
        let examples = def.examples.clone();
        let config = Config::with_style(&def.style);
        let linter = Linter::with_rules(config, vec![(def, Severity::Suggestion)]);
        problems.extend(linter.problems.clone());
        if linter.rules.rules.is_empty() {
            continue;
        }
        let cases = examples
            .bad
            .iter()
            .map(|e| (e, true))
            .chain(examples.good.iter().map(|e| (e, false)));
        for (example, expected_hit) in cases {
            let linted = linter.lint("example.md", example.clone(), &options);
            let source = &linted.document.source;
            let fired: Vec<String> = linted
                .outcome
                .diagnostics
                .iter()
                .map(|d| format!("'{}': {}", &source[d.range], d.message))
                .collect();
            if fired.is_empty() == expected_hit {
                failures.push(ExampleFailure {
                    rule: id.clone(),
                    example: example.clone(),
                    expected_hit,
                    fired,
                });
            } else {
                passed += 1;
            }
        }
    }
    (passed, failures, problems)
}

pub(super) fn run(dirs: &[PathBuf]) -> io::Result<ExitStatus> {
    let mut rules = Vec::new();
    let mut problems = Problems::default();
    let mut loaded = Vec::new();
    if dirs.is_empty() {
        let mut names: Vec<&str> = styles::EMBEDDED.iter().map(|(s, _, _)| *s).collect();
        names.dedup();
        loaded.extend(names.into_iter().map(styles::load_embedded));
    }
    loaded.extend(dirs.iter().map(|dir| styles::load_dir(Path::new(dir))));
    for style in loaded {
        rules.extend(read_style(style, &mut problems));
    }
    let without_examples: Vec<String> = rules
        .iter()
        .filter(|r| r.examples.bad.is_empty() && r.examples.good.is_empty())
        .map(|r| r.id.clone())
        .collect();
    let (passed, failures, compile_problems) = run_examples(rules);
    problems.extend(compile_problems);
    report::write_problems(&mut io::stderr(), &problems, stderr_color())?;
    let mut out = io::stdout().lock();
    for f in &failures {
        if f.expected_hit {
            writeln!(
                out,
                "FAIL {}: bad example not flagged:\n    {}",
                f.rule,
                f.example.trim()
            )?;
        } else {
            writeln!(
                out,
                "FAIL {}: good example flagged:\n    {}",
                f.rule,
                f.example.trim()
            )?;
            for fired in &f.fired {
                writeln!(out, "      fired on {fired}")?;
            }
        }
    }
    if !without_examples.is_empty() {
        writeln!(
            out,
            "rules without examples: {}",
            without_examples.join(", ")
        )?;
    }
    writeln!(
        out,
        "examples: {} passed, {} failed",
        passed,
        failures.len()
    )?;
    Ok(if problems.is_failure() {
        ExitStatus::Failure
    } else if failures.is_empty() {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    })
}
