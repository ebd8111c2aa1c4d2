//! Vale's output formats: `--output=JSON`, Vale's JSON report byte for
//! byte (one object maps each path with findings to its alerts, `{}` when
//! clean; every alert has Vale's `core.Alert` keys in Vale's order), and
//! `--output=line`. Both put each alert where Vale's search puts it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{self, Write};

use serde::Serialize;

use super::placement::Placements;
use crate::diagnostic::Diagnostic;
use crate::lint::Linter;
use crate::report::FileReport;
use crate::text::LineIndex;

/// One file's report with where Vale places its findings.
#[derive(Debug)]
pub struct ValeFile {
    pub report: FileReport,
    pub places: Placements,
}

impl ValeFile {
    /// The file's findings as Vale reports them: in order of where Vale
    /// puts them, and one per rule and place (two matches its search puts
    /// on one place are one alert to Vale).
    fn alerts(&self) -> Vec<(&Diagnostic, usize)> {
        let mut alerts: Vec<(&Diagnostic, usize)> = self
            .report
            .diagnostics
            .iter()
            .map(|d| (d, self.places.start_of(d)))
            .collect();
        alerts.sort_by_key(|(_, at)| *at);
        let mut seen = HashSet::new();
        alerts.retain(|(d, at)| seen.insert((d.rule.as_str(), *at)));
        alerts
    }
}

/// `--output=line`: `path:line:column:Style.Rule:message`, at Vale's places.
pub fn write_line(out: &mut dyn Write, files: &[ValeFile]) -> io::Result<()> {
    for file in files {
        let source = &file.report.source;
        let index = LineIndex::new(source);
        for (d, at) in file.alerts() {
            let at = index.line_col(source, at);
            writeln!(
                out,
                "{}:{}:{}:{}:{}",
                file.report.path, at.line, at.column, d.rule, d.message
            )?;
        }
    }
    Ok(())
}

/// What an alert says about its rule beyond the diagnostic: the rule's
/// `description:` (empty when it has none) and its `action:`.
#[derive(Debug, Clone, Default)]
pub struct ValeRuleMeta {
    pub description: String,
    pub action: Option<(String, Vec<String>)>,
}

/// The metadata of every rule the linter runs, by `Style.Rule`.
pub fn rule_meta(linter: &Linter) -> HashMap<String, ValeRuleMeta> {
    linter
        .rules
        .rules
        .iter()
        .map(|r| {
            (
                r.def.id.clone(),
                ValeRuleMeta {
                    description: r.def.description.clone(),
                    action: r
                        .def
                        .action
                        .as_ref()
                        .map(|a| (a.name.clone(), a.params.clone())),
                },
            )
        })
        .collect()
}

#[derive(Serialize)]
struct Action<'a> {
    #[serde(rename = "Name")]
    name: &'a str,
    #[serde(rename = "Params")]
    params: Option<&'a [String]>,
}

#[derive(Serialize)]
struct Alert<'a> {
    #[serde(rename = "Action")]
    action: Action<'a>,
    #[serde(rename = "Span")]
    span: [usize; 2],
    #[serde(rename = "Check")]
    check: &'a str,
    #[serde(rename = "Description")]
    description: &'a str,
    #[serde(rename = "Link")]
    link: &'a str,
    #[serde(rename = "Message")]
    message: &'a str,
    #[serde(rename = "Severity")]
    severity: &'a str,
    #[serde(rename = "Match")]
    matched: &'a str,
    #[serde(rename = "Line")]
    line: usize,
}

/// `--output=JSON`.
pub fn write_json(
    out: &mut dyn Write,
    files: &[ValeFile],
    meta: &HashMap<String, ValeRuleMeta>,
) -> io::Result<()> {
    let none = ValeRuleMeta::default();
    let mut report: BTreeMap<&str, Vec<Alert<'_>>> = BTreeMap::new();
    for vale_file in files {
        let file = &vale_file.report;
        if file.diagnostics.is_empty() {
            continue;
        }
        let index = LineIndex::new(&file.source);
        let mut alerts: Vec<Alert<'_>> = vale_file
            .alerts()
            .into_iter()
            .map(|(d, at)| {
                let rule = meta.get(&d.rule).unwrap_or(&none);
                let start = index.line_col(&file.source, at);
                let matched = &file.source[d.range];
                // Inclusive end column, clamped to the end of the line.
                let line_rest = &file.source[at..];
                let on_line = line_rest
                    .find(['\n', '\r'])
                    .map_or(line_rest, |n| &line_rest[..n]);
                let len = matched.chars().count().min(on_line.chars().count()).max(1);
                let (name, params) = match &rule.action {
                    Some((name, params)) => (
                        name.as_str(),
                        (!params.is_empty()).then_some(params.as_slice()),
                    ),
                    None => ("", None),
                };
                Alert {
                    action: Action { name, params },
                    span: [start.column, start.column + len - 1],
                    check: &d.rule,
                    description: &rule.description,
                    link: d.link.as_deref().unwrap_or(""),
                    message: &d.message,
                    severity: d.severity.as_str(),
                    matched,
                    line: start.line,
                }
            })
            .collect();
        alerts.sort_by_key(|a| (a.line, a.span[0]));
        report.entry(&file.path).or_default().extend(alerts);
    }
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::{write_json, ValeFile};
    use crate::report::sample;

    fn files() -> Vec<ValeFile> {
        sample::files()
            .into_iter()
            .map(|report| ValeFile {
                report,
                places: Default::default(),
            })
            .collect()
    }

    #[test]
    fn output() {
        let mut out = Vec::new();
        write_json(&mut out, &files(), &HashMap::new()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let alerts = value["docs/a b.md"].as_array().unwrap();
        assert_eq!(alerts.len(), 3);
        // "we utilize": 1-based, inclusive, in code points.
        assert_eq!(alerts[0]["Span"], serde_json::json!([19, 25]));
        assert_eq!(alerts[0]["Match"], "utilize");
        assert_eq!(
            alerts[0]["Action"],
            serde_json::json!({"Name": "", "Params": null})
        );
        // A match over a line break ends at the end of its first line.
        assert_eq!(alerts[1]["Span"], serde_json::json!([5, 12]));
        assert!(value.get("docs/clean.md").is_none());
        let keys = [
            "\"Action\"",
            "\"Name\"",
            "\"Params\"",
            "\"Span\"",
            "\"Check\"",
            "\"Description\"",
            "\"Link\"",
            "\"Message\"",
            "\"Severity\"",
            "\"Match\"",
            "\"Line\"",
        ];
        let at: Vec<usize> = keys.iter().map(|k| text.find(k).unwrap()).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "key order: {text}");
    }

    #[test]
    fn clean_is_an_empty_object() {
        let mut out = Vec::new();
        write_json(&mut out, &[], &HashMap::new()).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "{}\n");
    }
}
