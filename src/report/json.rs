//! `--format json`: one array of flat diagnostic objects (the contract
//! users' scripts depend on; keys never change).

use std::io::{self, Write};

use serde::Serialize;

use super::FileReport;
use crate::text::LineIndex;

#[derive(Serialize)]
pub(super) struct JsonDiagnostic<'a> {
    path: &'a str,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
    #[serde(rename = "match")]
    matched: &'a str,
    link: Option<&'a str>,
    fix: Option<JsonFix>,
}

#[derive(Serialize)]
struct JsonFix {
    applicability: &'static str,
    edits: Vec<JsonEdit>,
}

#[derive(Serialize)]
struct JsonEdit {
    byte_start: usize,
    byte_end: usize,
    replacement: String,
}

pub(super) fn write(out: &mut dyn Write, files: &[FileReport]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &records(files))?;
    writeln!(out)
}

/// The flat objects of the JSON contract, in report order.
pub(super) fn records(files: &[FileReport]) -> Vec<JsonDiagnostic<'_>> {
    let mut all = Vec::new();
    for file in files {
        let index = LineIndex::new(&file.source);
        for d in &file.diagnostics {
            let start = index.line_col(&file.source, d.range.start);
            let end = index.line_col(&file.source, d.range.end);
            all.push(JsonDiagnostic {
                path: &file.path,
                rule: &d.rule,
                severity: d.severity.as_str(),
                message: &d.message,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                byte_start: d.range.start,
                byte_end: d.range.end,
                matched: &file.source[d.range],
                link: d.link.as_deref(),
                fix: d.fix.as_ref().map(|f| JsonFix {
                    applicability: f.applicability.as_str(),
                    edits: f
                        .edits
                        .iter()
                        .map(|e| JsonEdit {
                            byte_start: e.range.start,
                            byte_end: e.range.end,
                            replacement: e.replacement.clone(),
                        })
                        .collect(),
                }),
            });
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use crate::report::sample;

    #[test]
    fn output() {
        insta::assert_snapshot!(sample::render(super::write));
    }
}
