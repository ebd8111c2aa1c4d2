//! `--format rdjson`: reviewdog's Diagnostic Format, so
//! `reviewdog -f=rdjson -reporter=github-pr-review` can post findings,
//! with their fixes as suggested changes, on the lines a pull request
//! touched. Lines are 1-based; columns are 1-based UTF-8 byte offsets and
//! ends are exclusive, as the format defines them.

use std::io::{self, Write};
use std::ops::Range;

use serde::Serialize;

use super::{FileReport, TOOL_NAME};
use crate::diagnostic::Severity;
use crate::text::LineIndex;

#[derive(Serialize)]
struct DiagnosticResult<'a> {
    source: Source,
    diagnostics: Vec<RdDiagnostic<'a>>,
}

#[derive(Serialize)]
struct Source {
    name: &'static str,
}

#[derive(Serialize)]
struct RdDiagnostic<'a> {
    message: &'a str,
    location: RdLocation<'a>,
    severity: &'static str,
    code: Code<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suggestions: Vec<Suggestion<'a>>,
}

#[derive(Serialize)]
struct RdLocation<'a> {
    path: &'a str,
    range: RdRange,
}

#[derive(Serialize)]
struct RdRange {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Code<'a> {
    value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct Suggestion<'a> {
    range: RdRange,
    text: &'a str,
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Suggestion => "INFO",
    }
}

fn range(index: &LineIndex, source: &str, r: &Range<usize>) -> RdRange {
    let start = index.line_byte_col(source, r.start);
    let end = index.line_byte_col(source, r.end);
    RdRange {
        start: Position {
            line: start.line,
            column: start.column,
        },
        end: Position {
            line: end.line,
            column: end.column,
        },
    }
}

pub(super) fn write(out: &mut dyn Write, files: &[FileReport]) -> io::Result<()> {
    let mut diagnostics = Vec::new();
    for file in files {
        let index = LineIndex::new(&file.source);
        for d in &file.diagnostics {
            diagnostics.push(RdDiagnostic {
                message: &d.message,
                location: RdLocation {
                    path: &file.path,
                    range: range(&index, &file.source, &d.range.range()),
                },
                severity: severity(d.severity),
                code: Code {
                    value: &d.rule,
                    url: d.link.as_deref(),
                },
                // Reviewers accept or ignore suggestions one by one, so even
                // display-only fixes are worth offering here.
                suggestions: d
                    .fix
                    .iter()
                    .flat_map(|f| &f.edits)
                    .map(|e| Suggestion {
                        range: range(&index, &file.source, &e.range.range()),
                        text: &e.replacement,
                    })
                    .collect(),
            });
        }
    }
    let result = DiagnosticResult {
        source: Source { name: TOOL_NAME },
        diagnostics,
    };
    serde_json::to_writer_pretty(&mut *out, &result)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use crate::report::sample;

    #[test]
    fn output() {
        insta::assert_snapshot!(sample::render(super::write));
    }
}
