//! Property tests of `--fix` (issue #5): for any document and any rule set,
//! a pass changes no byte outside the fix spans it reports, and fixing a
//! fixed text changes nothing.

use std::fs;
use std::path::Path;

use parlance::config::Config;
use parlance::diagnostic::Diagnostic;

use parlance::fix::{self, FixMode};
use parlance::lint::{LintOptions, Linter};
use proptest::prelude::*;

const WORDS: &[&str] = &["alpha", "beta", "gamma", "delta", "epsilon", "zeta"];

/// A rule set over `WORDS`: swaps that only ever go to a later word (so
/// fixing converges), each with its own applicability, alternatives
/// (display-only), a two-word swap that overlaps the one-word ones, and an
/// existence rule without a fix.
#[derive(Debug, Clone)]
struct Rules {
    /// (from, to, fix) with `to > from`; fix is safe, unsafe or default.
    swaps: Vec<(usize, usize, &'static str)>,
    alternatives: Option<usize>,
    pair: bool,
}

fn rules() -> impl Strategy<Value = Rules> {
    (
        proptest::collection::vec(
            (
                0..WORDS.len() - 1,
                1..WORDS.len(),
                prop::sample::select(vec!["safe", "unsafe", ""]),
            ),
            0..6,
        ),
        proptest::option::of(0..WORDS.len()),
        any::<bool>(),
    )
        .prop_map(|(swaps, alternatives, pair)| Rules {
            swaps: swaps
                .into_iter()
                .map(|(from, step, fix)| (from, (from + step).min(WORDS.len() - 1), fix))
                .filter(|(from, to, _)| from < to)
                .collect(),
            alternatives,
            pair,
        })
}

fn document() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "zeta",
        "Alpha",
        "é",
        "Привет",
        "\n",
        "\n\n",
        ",",
        ".",
        "`alpha`",
        "# ",
        "- ",
    ]);
    proptest::collection::vec(token, 0..40).prop_map(|t| t.join(" "))
}

/// Writes `rules` as a style and loads it, as the command line would.
fn linter(dir: &Path, rules: &Rules) -> Linter {
    let style = dir.join("styles/P");
    fs::create_dir_all(&style).unwrap();
    fs::write(
        dir.join(".vale.ini"),
        "StylesPath = styles\nMinAlertLevel = suggestion\n\n[*.md]\nBasedOnStyles = P\n",
    )
    .unwrap();
    for (i, (from, to, fix)) in rules.swaps.iter().enumerate() {
        let fix = if fix.is_empty() {
            String::new()
        } else {
            format!("fix: {fix}\n")
        };
        fs::write(
            style.join(format!("Swap{i}.yml")),
            format!(
                "extends: substitution\nmessage: \"Use '%s'.\"\nlevel: warning\n{fix}swap:\n  {}: {}\n",
                WORDS[*from], WORDS[*to]
            ),
        )
        .unwrap();
    }
    if let Some(word) = rules.alternatives {
        fs::write(
            style.join("Alt.yml"),
            format!("extends: substitution\nmessage: \"Use '%s'.\"\nlevel: suggestion\nswap:\n  {}: one|two\n", WORDS[word]),
        )
        .unwrap();
    }
    if rules.pair {
        fs::write(
            style.join("Pair.yml"),
            "extends: substitution\nmessage: \"Use '%s'.\"\nlevel: error\nswap:\n  alpha beta: omega\n",
        )
        .unwrap();
    }
    fs::write(
        style.join("Avoid.yml"),
        "extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: suggestion\ntokens: [gamma]\n",
    )
    .unwrap();
    let config = Config::discover(dir, Some(&dir.join(".vale.ini")), false).expect("config loads");
    let linter = Linter::new(config);
    assert!(
        linter.problems.errors.is_empty(),
        "{:?}",
        linter.problems.errors
    );
    linter
}

fn check(linter: &Linter, text: &str) -> Vec<Diagnostic> {
    let options = LintOptions {
        min_level: Some(parlance::diagnostic::Severity::Suggestion),
        ..LintOptions::default()
    };
    linter
        .lint("doc.md", text.to_string(), &options)
        .outcome
        .diagnostics
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn fixes_touch_only_their_spans_and_settle(
        rules in rules(),
        text in document(),
        unsafe_fixes in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let linter = linter(dir.path(), &rules);
        let mode = FixMode { unsafe_fixes };
        let diagnostics = check(&linter, &text);

        if let Some(pass) = fix::apply_once(&text, &diagnostics, mode) {
            // Every edit applied is one a reported, allowed fix asked for…
            for edit in &pass.edits {
                prop_assert!(diagnostics.iter().filter_map(|d| d.fix.as_ref()).any(|f| mode.applies(f) && f.edits.contains(edit)));
            }
            // …and the text between them is the original, byte for byte.
            let mut expected = String::new();
            let mut last = 0;
            for edit in &pass.edits {
                prop_assert!(edit.range.start >= last, "edits overlap");
                expected.push_str(&text[last..edit.range.start]);
                expected.push_str(&edit.replacement);
                last = edit.range.end;
            }
            expected.push_str(&text[last..]);
            prop_assert_eq!(&pass.text, &expected);
        }

        let fixed = fix::fix_until_stable(text.clone(), diagnostics, mode, |t| check(&linter, t));
        prop_assert!(fixed.converged);
        prop_assert_eq!(&fixed.diagnostics, &check(&linter, &fixed.text));
        let again = fix::fix_until_stable(fixed.text.clone(), check(&linter, &fixed.text), mode, |t| check(&linter, t));
        prop_assert_eq!(again.fixes, 0);
        prop_assert_eq!(again.text, fixed.text);
    }
}
