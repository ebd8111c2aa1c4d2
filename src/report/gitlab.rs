//! `--format gitlab`: a GitLab Code Quality report
//! (`artifacts:reports:codequality`), shown in merge-request widgets. The
//! fingerprint is what GitLab uses to tell new findings from old ones, so
//! it stays the same when lines move (see `fingerprint`).

use std::io::{self, Write};

use serde::Serialize;

use super::{fingerprint, FileReport};
use crate::diagnostic::Severity;
use crate::text::LineIndex;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    positions: Positions,
}

#[derive(Serialize)]
struct Positions {
    begin: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

/// GitLab's scale is info, minor, major, critical, blocker.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Suggestion => "info",
    }
}

pub(super) fn write(out: &mut dyn Write, files: &[FileReport]) -> io::Result<()> {
    let mut issues = Vec::new();
    for file in files {
        let index = LineIndex::new(&file.source);
        for (d, print) in file.diagnostics.iter().zip(fingerprint::of_file(file)) {
            let begin = index.line_col(&file.source, d.range.start);
            let end = index.line_col(&file.source, d.range.end);
            issues.push(Issue {
                description: format!("{}: {}", d.rule, d.message),
                check_name: &d.rule,
                fingerprint: print,
                severity: severity(d.severity),
                location: Location {
                    path: &file.path,
                    positions: Positions {
                        begin: Position {
                            line: begin.line,
                            column: begin.column,
                        },
                        end: Position {
                            line: end.line,
                            column: end.column,
                        },
                    },
                },
            });
        }
    }
    serde_json::to_writer_pretty(&mut *out, &issues)?;
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
