//! `--format github`: GitHub Actions workflow commands, which the runner
//! turns into annotations on the pull request's changed lines.
//!
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=Style.Rule::message`
//! Columns count characters and are left out when a finding spans lines
//! (GitHub rejects `col` with `line != endLine`). GitHub shows only the
//! first 10 annotations of each level per step, so errors come first and a
//! closing notice says when some were beyond that limit.

use std::io::{self, Write};

use super::FileReport;
use crate::diagnostic::Severity;
use crate::text::LineIndex;

/// Annotations GitHub displays per level and step (actions/toolkit#734).
const SHOWN_PER_LEVEL: usize = 10;

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Suggestion => "notice",
    }
}

/// Escapes a command's message (actions/toolkit `escapeData`).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (actions/toolkit `escapeProperty`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub(super) fn write(out: &mut dyn Write, files: &[FileReport]) -> io::Result<()> {
    let mut counts = [0usize; 3];
    for severity in [Severity::Error, Severity::Warning, Severity::Suggestion] {
        for file in files {
            let index = LineIndex::new(&file.source);
            for d in file.diagnostics.iter().filter(|d| d.severity == severity) {
                counts[severity as usize] += 1;
                let start = index.line_col(&file.source, d.range.start);
                let end = index.line_col(&file.source, d.range.end);
                let position = if start.line == end.line {
                    format!(
                        "line={},col={},endLine={},endColumn={}",
                        start.line, start.column, end.line, end.column
                    )
                } else {
                    format!("line={},endLine={}", start.line, end.line)
                };
                let message = match &d.link {
                    Some(link) => format!("{}\n\nSee {link}", d.message),
                    None => d.message.clone(),
                };
                writeln!(
                    out,
                    "::{} file={},{position},title={}::{}",
                    command(d.severity),
                    escape_property(&file.path),
                    escape_property(&d.rule),
                    escape_data(&message)
                )?;
            }
        }
    }
    let hidden: usize = counts
        .iter()
        .map(|n| n.saturating_sub(SHOWN_PER_LEVEL))
        .sum();
    if hidden > 0 {
        writeln!(
            out,
            "::notice::{}",
            escape_data(&format!(
                "parlance: {} findings; GitHub shows at most {SHOWN_PER_LEVEL} annotations per level, so {hidden} are not shown. Use --format sarif (code scanning) or the human output to see them all.",
                counts.iter().sum::<usize>()
            ))
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample;

    #[test]
    fn output() {
        let mut out = Vec::new();
        write(&mut out, &sample::files()).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a: b, c%"), "a%3A b%2C c%25");
    }

    #[test]
    fn past_the_limit_a_notice_says_so() {
        let mut files = sample::files();
        let d = files[0].diagnostics[0].clone();
        files[0].diagnostics = vec![d; SHOWN_PER_LEVEL + 2];
        let mut out = Vec::new();
        write(&mut out, &files).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text
            .lines()
            .last()
            .unwrap()
            .starts_with("::notice::parlance: 12 findings"));
        assert!(text.contains("so 2 are not shown"));
    }
}
