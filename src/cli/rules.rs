//! Commands for rule authors: `explain`, `rules`, `test`, and Vale's
//! `ls-metrics` and `ls-config`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{load_linter, stderr_color, ConfigArgs, EXIT_FAILURE, EXIT_FINDINGS};
use crate::check::{self, check};
use crate::compile::{CompileOptions, CompiledRuleSet};
use crate::config::format::Format;
use crate::config::Config;
use crate::diagnostic::{Applicability, Severity};
use crate::document::Document;
use crate::error::Problems;
use crate::input::{Input, ReadOutcome};
use crate::lint::Linter;
use crate::report;
use crate::styles::{self, RuleDef, RuleKind};

fn linter_or_report(config: &ConfigArgs) -> io::Result<Option<Linter>> {
    match load_linter(config)? {
        Ok(linter) => {
            report::write_problems(&mut io::stderr(), &linter.problems, stderr_color())?;
            Ok(Some(linter))
        }
        Err(problems) => {
            report::write_problems(&mut io::stderr(), &problems, stderr_color())?;
            Ok(None)
        }
    }
}

/// How a rule's suggestion is applied by default.
fn fix_applicability(def: &RuleDef) -> &'static str {
    if let Some(f) = def.fix {
        return f.as_str();
    }
    match (&def.kind, def.action.as_ref().map(|a| a.name.as_str())) {
        (RuleKind::Substitution { swap, .. }, _) => {
            if swap.iter().all(|(_, v)| !v.contains('|')) {
                Applicability::Safe.as_str()
            } else {
                "display-only for alternatives, safe for single replacements"
            }
        }
        (_, Some("replace")) => Applicability::Safe.as_str(),
        (_, Some("remove" | "edit" | "convert")) => Applicability::Unsafe.as_str(),
        (RuleKind::Spelling(_), Some("suggest")) => "corrections offered in the editor",
        _ => "none (no suggestion)",
    }
}

pub fn explain(id: &str, config: &ConfigArgs) -> io::Result<u8> {
    let Some(linter) = linter_or_report(config)? else {
        return Ok(EXIT_FAILURE);
    };
    // A rule of the embedded default is explained even when the config
    // in effect does not use it.
    let embedded;
    let rule = match linter.rules.find(id) {
        Some(r) => Some((r.def.as_ref(), r.level)),
        None => {
            let style = id.split('.').next().unwrap_or("");
            embedded = styles::load_embedded(style);
            embedded
                .rules
                .iter()
                .find(|r| r.id == id)
                .map(|r| (r, r.level))
        }
    };
    let Some((def, level)) = rule else {
        eprintln!("error: no rule `{id}` in the configuration in effect or the built-in styles (see `parlance rules`)");
        return Ok(EXIT_FAILURE);
    };
    let mut out = io::stdout().lock();
    writeln!(out, "{}", def.id)?;
    writeln!(out, "  level:  {level}")?;
    writeln!(out, "  type:   {}", def.kind.name())?;
    writeln!(out, "  fix:    {}", fix_applicability(def))?;
    writeln!(out, "  source: {}", def.origin.display())?;
    if let Some(link) = &def.link {
        writeln!(out, "  link:   {link}")?;
    }
    writeln!(out, "  message: {}", def.message.trim())?;
    if !def.description.trim().is_empty() {
        writeln!(out)?;
        for line in def.description.trim().lines() {
            writeln!(out, "  {line}")?;
        }
    }
    for (title, list) in [("Bad", &def.examples.bad), ("Good", &def.examples.good)] {
        if !list.is_empty() {
            writeln!(out, "\n  {title}:")?;
            for e in list {
                writeln!(out, "    - {}", e.trim())?;
            }
        }
    }
    Ok(0)
}

pub fn list(config: &ConfigArgs) -> io::Result<u8> {
    let Some(linter) = linter_or_report(config)? else {
        return Ok(EXIT_FAILURE);
    };
    let mut out = io::stdout().lock();
    let width = linter
        .rules
        .rules
        .iter()
        .map(|r| r.def.id.len())
        .max()
        .unwrap_or(0);
    for r in &linter.rules.rules {
        writeln!(
            out,
            "{:width$}  {:10}  {:12}  {}",
            r.def.id,
            r.level.as_str(),
            r.def.kind.name(),
            r.def.origin.display()
        )?;
    }
    writeln!(out, "{} rules", linter.rules.rules.len())?;
    Ok(if linter.problems.is_failure() {
        EXIT_FAILURE
    } else {
        0
    })
}

pub fn literals(config: &ConfigArgs) -> io::Result<u8> {
    let Some(linter) = linter_or_report(config)? else {
        return Ok(EXIT_FAILURE);
    };
    let prefilter = linter.rules.prefilter();
    let mut out = io::stdout().lock();
    for literal in prefilter.literals() {
        out.write_all(literal)?;
        out.write_all(b"\n")?;
    }
    eprintln!(
        "{} of {} rules run only where one of these occurs",
        prefilter.filtered_rules(),
        linter.rules.rules.len()
    );
    Ok(0)
}

/// One example that did not do what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub example: String,
    pub expected_hit: bool,
    /// What the rule reported on it.
    pub fired: Vec<String>,
}

/// Runs the examples of `rules`; returns (passed, failures, problems).
pub fn run_examples(rules: Vec<RuleDef>) -> (usize, Vec<ExampleFailure>, Problems) {
    let mut passed = 0;
    let mut failures = Vec::new();
    let mut problems = Problems::default();
    for def in rules {
        let id = def.id.clone();
        let examples = def.examples.clone();
        let (set, errors) = CompiledRuleSet::compile(
            vec![(def, Severity::Suggestion)],
            &CompileOptions::default(),
        );
        problems.errors.extend(errors);
        if set.rules.is_empty() {
            continue;
        }
        let cases = examples
            .bad
            .iter()
            .map(|e| (e, true))
            .chain(examples.good.iter().map(|e| (e, false)));
        for (example, expected_hit) in cases {
            let doc = Document::new(example.clone(), Format::Markdown, "md");
            let outcome = check(&doc, &set, &[true], &[], Severity::Suggestion);
            let fired: Vec<String> = outcome
                .diagnostics
                .iter()
                .map(|d| format!("'{}': {}", &doc.source[d.range.clone()], d.message))
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

pub fn test(dirs: &[PathBuf]) -> io::Result<u8> {
    let mut rules = Vec::new();
    let mut problems = Problems::default();
    if dirs.is_empty() {
        let mut names: Vec<&str> = styles::EMBEDDED.iter().map(|(s, _, _)| *s).collect();
        names.dedup();
        for name in names {
            let style = styles::load_embedded(name);
            rules.extend(style.rules);
            problems.extend(style.problems);
        }
    }
    for dir in dirs {
        let style = styles::load_dir(Path::new(dir));
        rules.extend(style.rules);
        problems.extend(style.problems);
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
        EXIT_FAILURE
    } else if failures.is_empty() {
        0
    } else {
        EXIT_FINDINGS
    })
}

/// `parlance ls-metrics FILE`: the document's metric variables as a JSON
/// object (Vale's 4-space indent; whole numbers without a fraction).
pub fn ls_metrics(file: &Path) -> io::Result<u8> {
    let display = file.display().to_string();
    let input = Input::File {
        path: file.to_path_buf(),
        display: display.clone(),
    };
    let text = match crate::input::read(&input) {
        Ok(ReadOutcome::Text { text, .. }) => text,
        Ok(ReadOutcome::Skipped(notice)) | Err(notice) => {
            eprintln!("error: {}: {}", notice.path, notice.message);
            return Ok(EXIT_FAILURE);
        }
    };
    let doc = Document::from_path_and_text(file, text);
    let metrics: serde_json::Map<String, serde_json::Value> = check::document_metrics(&doc)
        .into_iter()
        .map(|(name, value)| {
            let value = if value.fract() == 0.0 && value.abs() < 1e15 {
                serde_json::Value::from(value as i64)
            } else {
                serde_json::Value::from(value)
            };
            (name, value)
        })
        .collect();
    print_vale_json(&metrics)?;
    Ok(0)
}

/// Prints `value` as Vale's `ls-metrics` and `fix` print JSON: a 4-space
/// indent and a final newline.
fn print_vale_json(value: &impl serde::Serialize) -> io::Result<()> {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    value.serialize(&mut ser).map_err(io::Error::other)?;
    out.push(b'\n');
    io::stdout().lock().write_all(&out)
}

/// `parlance ls-config`: the configuration that lints files here, in
/// Vale's JSON.
pub fn ls_config(args: &ConfigArgs) -> io::Result<u8> {
    let cwd = std::env::current_dir()?;
    match Config::discover(&cwd, args.config.as_deref(), !args.no_global) {
        Ok(config) => {
            io::stdout()
                .lock()
                .write_all(crate::report::vale_config::render(&config).as_bytes())?;
            Ok(0)
        }
        Err(problems) => {
            crate::report::write_problems(&mut io::stderr(), &problems, stderr_color())?;
            Ok(EXIT_FAILURE)
        }
    }
}

/// One alert of Vale's JSON, as much of it as `fix` reads.
#[derive(serde::Deserialize)]
struct ValeAlert {
    #[serde(rename = "Action")]
    action: ValeAction,
    #[serde(rename = "Check", default)]
    check: String,
    #[serde(rename = "Match", default)]
    matched: String,
}

#[derive(serde::Deserialize)]
struct ValeAction {
    #[serde(rename = "Name", default)]
    name: String,
    #[serde(rename = "Params", default)]
    params: Option<Vec<String>>,
}

/// `parlance fix ALERT`: Vale's `fix` command.
pub fn fix_alert(alert: &str, args: &ConfigArgs) -> io::Result<u8> {
    let text = match std::fs::read_to_string(alert) {
        Ok(text) => text,
        Err(_) => alert.to_string(),
    };
    let (suggestions, error) = match serde_json::from_str::<ValeAlert>(&text) {
        Err(e) => (Vec::new(), format!("the alert is not Vale's JSON: {e}")),
        Ok(alert) => suggest_for(&alert, args)?,
    };
    print_vale_json(&serde_json::json!({ "suggestions": suggestions, "error": error }))?;
    Ok(if error.is_empty() { 0 } else { EXIT_FAILURE })
}

fn suggest_for(alert: &ValeAlert, args: &ConfigArgs) -> io::Result<(Vec<String>, String)> {
    let action = styles::Action {
        name: alert.action.name.clone(),
        params: alert.action.params.clone().unwrap_or_default(),
    };
    Ok(match action.name.as_str() {
        "suggest" if action.params.first().is_some_and(|p| p == "spellings") => {
            match load_linter(args)? {
                Ok(linter) if linter.rules.find(&alert.check).is_some() => (
                    linter.spelling_suggestions(&alert.check, &alert.matched),
                    String::new(),
                ),
                Ok(_) => (
                    Vec::new(),
                    format!("{} is not a rule of this configuration", alert.check),
                ),
                Err(problems) => (
                    Vec::new(),
                    problems
                        .errors
                        .iter()
                        .map(|e| e.message.clone())
                        .chain(problems.failures.iter().map(|f| f.message.clone()))
                        .next()
                        .unwrap_or_else(|| "the configuration does not load".to_string()),
                ),
            }
        }
        "suggest" => (
            Vec::new(),
            "script actions (Tengo) are not supported".to_string(),
        ),
        "replace" | "remove" | "convert" | "edit" => (
            check::action_suggestions(&action, &alert.matched),
            String::new(),
        ),
        _ => (Vec::new(), "unknown action".to_string()),
    })
}
