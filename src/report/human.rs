//! `--format human`: codespan-reporting diagnostics, then a summary line.

use std::io::{self, Write};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use std::ops::Range;

use codespan_reporting::files::{Error as FilesError, Files, SimpleFiles};
use codespan_reporting::term::{self, termcolor::Buffer, Config};

use super::{FileReport, Totals};
use crate::diagnostic::{Applicability, Severity};
use crate::error::Problems;
use crate::text::LineIndex;

fn buffer(color: bool) -> Buffer {
    if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    }
}

/// How much of a long line is shown on each side of a finding, in bytes
/// (widened to whole characters).
const CONTEXT: usize = 160;

/// One finding's view of its file for codespan: the lines it spans, cut to
/// [`CONTEXT`] around it when they are long, with the file's own line and
/// column numbers. Rendering a finding then costs its window, not its
/// lines: a one-line 50 MB file would otherwise be printed whole for each
/// finding on it.
struct Excerpt<'a> {
    name: &'a str,
    text: &'a str,
    /// Starts of the lines in `text`, which begins on line `first_line`
    /// (1-based) at column `first_column`.
    starts: Vec<usize>,
    first_line: usize,
    first_column: usize,
}

impl<'a> Excerpt<'a> {
    /// The window around `range` of `file` and the range within it.
    fn around(
        file: &'a FileReport,
        index: &LineIndex,
        range: &Range<usize>,
    ) -> (Self, Range<usize>) {
        let source = file.source.as_str();
        let first = index.line_of(range.start);
        let last = index.line_of(range.end.saturating_sub(1).max(range.start));
        let line_start = index.line_start(first).min(range.start);
        let line_end = if last + 1 < index.line_count() {
            index.line_start(last + 1)
        } else {
            source.len()
        };
        let content_end = source[..line_end]
            .trim_end_matches(['\n', '\r'])
            .len()
            .max(range.end);
        let mut start = range.start.saturating_sub(CONTEXT).max(line_start);
        while !source.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = range.end.saturating_add(CONTEXT).min(content_end);
        while !source.is_char_boundary(end) {
            end += 1;
        }
        let text = &source[start..end];
        let breaks = LineIndex::new(text);
        let excerpt = Excerpt {
            name: &file.path,
            text,
            starts: (0..breaks.line_count())
                .map(|l| breaks.line_start(l))
                .collect(),
            first_line: first + 1,
            first_column: index.line_col(source, start).column,
        };
        (excerpt, range.start - start..range.end - start)
    }
}

impl<'a> Files<'a> for Excerpt<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self
            .starts
            .partition_point(|&s| s <= byte_index)
            .saturating_sub(1))
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, FilesError> {
        Ok(self.first_line + line_index)
    }

    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let start = self.line_range((), line_index)?.start;
        let chars = self.text[start..byte_index.max(start)].chars().count();
        Ok(if line_index == 0 {
            self.first_column + chars
        } else {
            chars + 1
        })
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let start = *self
            .starts
            .get(line_index)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: self.starts.len() - 1,
            })?;
        let end = self
            .starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(self.text.len());
        Ok(start..end)
    }
}

pub(super) fn write(
    out: &mut dyn Write,
    files: &[FileReport],
    color: bool,
    quiet: bool,
) -> io::Result<()> {
    let config = Config::default();
    for file in files.iter().filter(|f| !f.diagnostics.is_empty()) {
        let index = LineIndex::new(&file.source);
        let mut buf = buffer(color);
        for d in &file.diagnostics {
            let (db, range) = Excerpt::around(file, &index, &d.range.range());
            let severity = match d.severity {
                Severity::Error => ReportSeverity::Error,
                Severity::Warning => ReportSeverity::Warning,
                Severity::Suggestion => ReportSeverity::Help,
            };
            let mut notes = Vec::new();
            let mut label = Label::primary((), range);
            if let Some(fix) = &d.fix {
                if let Some(edit) = fix.edits.first() {
                    let how = match fix.applicability {
                        Applicability::Safe => "safe fix: `parlance --fix` applies it",
                        Applicability::Unsafe => {
                            "unsafe fix: `parlance --fix --unsafe-fixes` applies it"
                        }
                        Applicability::DisplayOnly => "suggestion only",
                    };
                    if edit.replacement.is_empty() {
                        label = label.with_message("remove this");
                        notes.push(format!(
                            "fix: remove '{}' ({how})",
                            &file.source[edit.range]
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
    if quiet {
        return Ok(());
    }
    writeln!(out, "{}", summary(&Totals::of(files)))?;
    let count = |a: Applicability| {
        files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == a))
            .count()
    };
    match fixable(count(Applicability::Safe), count(Applicability::Unsafe)) {
        Some(line) => writeln!(out, "{line}"),
        None => Ok(()),
    }
}

/// The line after the summary when fixes are to be had: "2 fixable with
/// `parlance --fix` (1 more with `--unsafe-fixes`)".
fn fixable(safe: usize, unsafe_: usize) -> Option<String> {
    match (safe, unsafe_) {
        (0, 0) => None,
        (0, u) => Some(format!("{u} fixable with `parlance --fix --unsafe-fixes`")),
        (s, 0) => Some(format!("{s} fixable with `parlance --fix`")),
        (s, u) => Some(format!(
            "{s} fixable with `parlance --fix` ({u} more with `--unsafe-fixes`)"
        )),
    }
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
    use crate::text::Span;

    #[test]
    fn output() {
        let mut out = Vec::new();
        write(&mut out, &sample::files(), false, false).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }

    fn render(source: &str, needle: &str) -> String {
        let start = source.find(needle).unwrap();
        let file = FileReport {
            path: "a.md".into(),
            source: source.into(),
            diagnostics: vec![crate::diagnostic::Diagnostic {
                rule: "T.R".into(),
                severity: Severity::Error,
                message: "m".into(),
                range: Span::new(start, start + needle.len()),
                link: None,
                fix: None,
            }],
        };
        let mut out = Vec::new();
        write(&mut out, &[file], false, false).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_long_line_is_shown_around_the_finding_with_its_real_column() {
        let source = format!("{}costumer{}\n", "é ".repeat(5_000), " y".repeat(5_000));
        let out = render(&source, "costumer");
        assert!(out.contains("a.md:1:10001"), "{out}");
        assert!(out.len() < 1_000, "{} bytes", out.len());
        assert!(out.contains("é costumer y"), "{out}");
    }

    #[test]
    fn lines_are_numbered_as_in_the_other_formats() {
        // A lone CR ends a line; the column after a BOM starts at 1.
        let out = render("\u{feff}one\rtwo costumer\r\nthree\n", "costumer");
        assert!(out.contains("a.md:2:5"), "{out}");
        assert!(out.contains("2 │ two costumer"), "{out}");
    }

    #[test]
    fn the_fixable_line_names_the_flags() {
        assert_eq!(super::fixable(0, 0), None);
        assert_eq!(
            super::fixable(2, 1).as_deref(),
            Some("2 fixable with `parlance --fix` (1 more with `--unsafe-fixes`)")
        );
        assert_eq!(
            super::fixable(0, 3).as_deref(),
            Some("3 fixable with `parlance --fix --unsafe-fixes`")
        );
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
