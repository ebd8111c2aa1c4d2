//! `--output=JSON`: Vale's JSON report, byte for byte. One object maps each
//! path with findings to its alerts (`{}` when clean); every alert has
//! Vale's `core.Alert` keys in Vale's order.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

use serde::Serialize;

use super::FileReport;
use crate::lint::Linter;
use crate::text::LineIndex;

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

pub fn write(
    out: &mut dyn Write,
    files: &[FileReport],
    meta: &HashMap<String, ValeRuleMeta>,
) -> io::Result<()> {
    let none = ValeRuleMeta::default();
    let mut report: BTreeMap<&str, Vec<Alert<'_>>> = BTreeMap::new();
    for file in files {
        if file.diagnostics.is_empty() {
            continue;
        }
        let index = LineIndex::new(&file.source);
        let mut alerts: Vec<Alert<'_>> = super::vale_alerts(&file.diagnostics)
            .into_iter()
            .map(|d| {
                let rule = meta.get(&d.rule).unwrap_or(&none);
                let start = index.line_col(&file.source, d.vale_start());
                let matched = &file.source[d.range.clone()];
                // Inclusive end column, clamped to the end of the line.
                let line_rest = &file.source[d.vale_start()..];
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

    use crate::report::sample;

    #[test]
    fn output() {
        let mut out = Vec::new();
        super::write(&mut out, &sample::files(), &HashMap::new()).unwrap();
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
        super::write(&mut out, &[], &HashMap::new()).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "{}\n");
    }
}
