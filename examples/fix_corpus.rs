//! What `--fix` promises, checked on a whole corpus: every Markdown file
//! fixed with four public Vale packages (Microsoft, Google, write-good,
//! proselint) and `--unsafe-fixes`, pass by pass as `--fix` does, and
//!
//! - every changed byte lies inside an edit the pass reports;
//! - every edit lies in prose (no byte of markup changes);
//! - a second `--fix` changes nothing;
//! - the Markdown structure (code, links and their targets, HTML, front
//!   matter, headings, lists) is the same before and after.
//!
//! `cargo run --release --example fix_corpus -- ../shared/corpus/business ../shared/vale-styles`
//!
//! Prints what it checked and every violation (with its file); exits 1 on
//! any.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use parlance::config::Config;
use parlance::diagnostic::Severity;
use parlance::fix::{apply_once, fix_until_stable, FixMode, Pass, MAX_PASSES};
use parlance::lint::{LintOptions, Linter};
use pulldown_cmark::{Event, Options, Parser};
use rayon::prelude::*;

const PACKAGES: &str = "Microsoft, Google, write-good, proselint";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(corpus), Some(styles)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: fix_corpus CORPUS STYLES_PATH");
        return ExitCode::from(2);
    };
    let styles = std::fs::canonicalize(styles).expect("the styles folder exists");
    let ini = format!(
        "StylesPath = {}\nMinAlertLevel = suggestion\n\n[*.md]\nBasedOnStyles = {PACKAGES}\n",
        styles.display()
    );
    let config = Config::from_text(Path::new("fix_corpus.ini"), &ini).expect("the config reads");
    let linter = Linter::new(config);
    assert!(
        !linter.problems.is_failure(),
        "the packages load: {:?}",
        linter.problems
    );
    let mut files = Vec::new();
    markdown_files(Path::new(corpus), &mut files);
    files.sort();
    let results: Vec<FileCheck> = files.par_iter().map(|f| check_file(&linter, f)).collect();
    let changed = results.iter().filter(|r| r.fixes > 0).count();
    let fixes: usize = results.iter().map(|r| r.fixes).sum();
    let violations: Vec<&String> = results.iter().flat_map(|r| &r.violations).collect();
    println!(
        "{} Markdown files, {changed} changed by {fixes} fixes ({PACKAGES}, --unsafe-fixes)",
        files.len()
    );
    for v in violations.iter().take(40) {
        println!("VIOLATION {v}");
    }
    if violations.is_empty() {
        println!("every changed byte inside a reported edit, every edit in prose, a second --fix a no-op, the Markdown structure unchanged");
        ExitCode::SUCCESS
    } else {
        println!("{} violations", violations.len());
        ExitCode::from(1)
    }
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            markdown_files(&path, out);
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

#[derive(Default)]
struct FileCheck {
    fixes: usize,
    violations: Vec<String>,
}

fn check_file(linter: &Linter, path: &Path) -> FileCheck {
    let mut result = FileCheck::default();
    let Ok(original) = std::fs::read_to_string(path) else {
        return result;
    };
    let name = path.display().to_string();
    let options = LintOptions {
        min_level: Some(Severity::Suggestion),
        ..LintOptions::default()
    };
    let mode = FixMode { unsafe_fixes: true };
    let mut text = original.clone();
    for _ in 0..MAX_PASSES {
        let linted = linter.lint(&name, text.clone(), &options);
        let Some(pass) = apply_once(&text, &linted.outcome.diagnostics, mode) else {
            break;
        };
        result.fixes += pass.fixes;
        if let Some(v) = outside_edits(&text, &pass) {
            result.violations.push(format!("{name}: {v}"));
        }
        let doc = &linted.document;
        for edit in &pass.edits {
            let range = edit.range.range();
            let markup = doc.prose.as_bytes()[range.clone()]
                .iter()
                .zip(&doc.source.as_bytes()[range.clone()])
                .any(|(p, s)| p != s && !s.is_ascii_whitespace());
            if markup {
                result.violations.push(format!(
                    "{name}: an edit of {:?} reaches into markup",
                    &text[range]
                ));
            }
        }
        text = pass.text;
    }
    if result.fixes == 0 {
        return result;
    }
    // What `--fix` writes (its passes end where fixes that undo each other
    // began), and what a second `--fix` does to that.
    let check = |text: &str| {
        linter
            .lint(&name, text.to_string(), &options)
            .outcome
            .diagnostics
    };
    let fixed = fix_until_stable(original.clone(), check(&original), mode, check);
    let text = fixed.text;
    let again = fix_until_stable(text.clone(), check(&text), mode, check);
    if again.text != text {
        result.violations.push(format!(
            "{name}: a second --fix changes {} more",
            again.fixes
        ));
    }
    let (before, after) = (structure(&original), structure(&text));
    if before != after {
        let at = before
            .iter()
            .zip(&after)
            .position(|(a, b)| a != b)
            .unwrap_or(before.len().min(after.len()));
        result.violations.push(format!(
            "{name}: the Markdown structure changed at {:?} / {:?}",
            before.get(at),
            after.get(at)
        ));
    }
    result
}

/// Whether the pass's text is the old text outside its edits, byte for
/// byte; the first difference otherwise.
fn outside_edits(old: &str, pass: &Pass) -> Option<String> {
    let (mut before, mut after) = (0, 0);
    for edit in &pass.edits {
        let kept = edit.range.start - before;
        if pass.text.get(after..after + kept) != old.get(before..edit.range.start) {
            return Some(format!("bytes before offset {} changed", edit.range.start));
        }
        after += kept + edit.replacement.len();
        before = edit.range.end;
    }
    (pass.text.get(after..) != old.get(before..))
        .then(|| format!("bytes after offset {before} changed"))
}

/// Everything of a Markdown document but its prose text: each element
/// opened and closed (with link and image targets, heading levels, code
/// block kinds), code, HTML and front matter, in order.
fn structure(text: &str) -> Vec<String> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut out = Vec::new();
    let mut in_code_or_meta = 0usize;
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Text(t) if in_code_or_meta > 0 => out.push(format!("code text {t:?}")),
            Event::Text(_) | Event::SoftBreak | Event::HardBreak => {}
            Event::Start(tag) => {
                if matches!(
                    tag,
                    pulldown_cmark::Tag::CodeBlock(_) | pulldown_cmark::Tag::MetadataBlock(_)
                ) {
                    in_code_or_meta += 1;
                }
                out.push(format!("{tag:?}"));
            }
            Event::End(tag) => {
                if matches!(
                    tag,
                    pulldown_cmark::TagEnd::CodeBlock | pulldown_cmark::TagEnd::MetadataBlock(_)
                ) {
                    in_code_or_meta = in_code_or_meta.saturating_sub(1);
                }
                out.push(format!("{tag:?}"));
            }
            other => out.push(format!("{other:?}")),
        }
    }
    out
}
