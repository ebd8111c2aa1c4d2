//! `--format human`: codespan-reporting diagnostics, then a summary line.

use std::io::{self, Write};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::Buffer, Config};

use super::{FileReport, Totals};
use crate::diagnostic::{Applicability, Severity};
use crate::error::Problems;

fn buffer(color: bool) -> Buffer {
    if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    }
}

pub(super) fn write(out: &mut dyn Write, files: &[FileReport], color: bool) -> io::Result<()> {
    let config = Config::default();
    for file in files.iter().filter(|f| !f.diagnostics.is_empty()) {
        let mut db = SimpleFiles::new();
        let id = db.add(file.path.as_str(), file.source.as_str());
        let mut buf = buffer(color);
        for d in &file.diagnostics {
            let severity = match d.severity {
                Severity::Error => ReportSeverity::Error,
                Severity::Warning => ReportSeverity::Warning,
                Severity::Suggestion => ReportSeverity::Help,
            };
            let mut notes = Vec::new();
            let mut label = Label::primary(id, d.range.clone());
            if let Some(fix) = &d.fix {
                if let Some(edit) = fix.edits.first() {
                    let how = match fix.applicability {
                        Applicability::Safe => "safe fix: `parlance --fix` applies it",
                        Applicability::Unsafe => "unsafe fix",
                        Applicability::DisplayOnly => "suggestion only",
                    };
                    if edit.replacement.is_empty() {
                        label = label.with_message("remove this");
                        notes.push(format!(
                            "fix: remove '{}' ({how})",
                            &file.source[edit.range.clone()]
                        ));
                    } else {
                        label = label.with_message(format!("use '{}'", edit.replacement));
                        notes.push(format!("fix: replace with '{}' ({how})", edit.replacement));
                    }
                }
            }
            if let Some(link) = &d.link {
                notes.push(format!("see: {link}"));
            }
            let report = Report::new(severity)
                .with_code(d.rule.clone())
                .with_message(d.message.clone())
                .with_labels(vec![label])
                .with_notes(notes);
            term::emit_to_write_style(&mut buf, &config, &db, &report).map_err(io::Error::other)?;
        }
        out.write_all(buf.as_slice())?;
    }
    writeln!(out, "{}", summary(&Totals::of(files)))
}

/// "3 errors, 1 warning, 0 suggestions in 2 files"
pub fn summary(t: &Totals) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {} in {}",
        plural(t.errors, "error"),
        plural(t.warnings, "warning"),
        plural(t.suggestions, "suggestion"),
        plural(t.files, "file")
    )
}

/// Rule and config errors with codespan, then plain failures and notices.
pub fn render_problems(err: &mut dyn Write, problems: &Problems, color: bool) -> io::Result<()> {
    let config = Config::default();
    let mut buf = buffer(color);
    for e in &problems.errors {
        let mut db = SimpleFiles::new();
        let id = db.add(e.path.as_str(), e.text.as_ref());
        let report = Report::error()
            .with_message(e.message.clone())
            .with_labels(vec![Label::primary(id, e.range.clone())])
            .with_notes(e.notes.clone());
        term::emit_to_write_style(&mut buf, &config, &db, &report).map_err(io::Error::other)?;
    }
    err.write_all(buf.as_slice())?;
    for f in &problems.failures {
        writeln!(err, "error: {}", located(&f.path, &f.message))?;
    }
    for n in &problems.notices {
        writeln!(err, "warning: {}", located(&n.path, &n.message))?;
    }
    Ok(())
}

fn located(path: &str, message: &str) -> String {
    if path.is_empty() {
        message.to_string()
    } else {
        format!("{path}: {message}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample;

    #[test]
    fn output() {
        let mut out = Vec::new();
        write(&mut out, &sample::files(), false).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }

    #[test]
    fn summary_pluralises() {
        let t = Totals {
            errors: 3,
            warnings: 1,
            suggestions: 0,
            files: 2,
        };
        assert_eq!(summary(&t), "3 errors, 1 warning, 0 suggestions in 2 files");
    }
}
