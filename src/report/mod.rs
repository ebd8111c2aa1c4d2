//! The report stage: diagnostics become text for people and tools. This is
//! the only place (with the LSP) where byte offsets become lines and
//! columns.

mod human;
mod json;
mod line;
pub mod line_index;

use std::io::{self, Write};

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Problems;

pub use human::{render_problems, HumanOptions};

/// One linted file with its findings, as reported.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as given or walked, `/`-separated.
    pub path: String,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// An output format of the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// codespan-reporting diagnostics and a summary line.
    Human,
    /// One JSON array of diagnostics.
    Json,
    /// Vale's `path:line:column:Style.Rule:message`.
    Line,
}

/// Counts by severity, for summaries and exit codes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub errors: usize,
    pub warnings: usize,
    pub suggestions: usize,
    pub files: usize,
}

impl Totals {
    pub fn of(files: &[FileReport]) -> Totals {
        let mut t = Totals {
            files: files.len(),
            ..Totals::default()
        };
        for d in files.iter().flat_map(|f| &f.diagnostics) {
            match d.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Suggestion => t.suggestions += 1,
            }
        }
        t
    }
}

/// Writes `files` (sorted by path, diagnostics by offset) in `format`.
pub fn write_report(
    out: &mut dyn Write,
    format: OutputFormat,
    files: &[FileReport],
    human: &HumanOptions,
) -> io::Result<()> {
    match format {
        OutputFormat::Human => human::write(out, files, human),
        OutputFormat::Json => json::write(out, files),
        OutputFormat::Line => line::write(out, files),
    }
}

/// Writes problems (rule and config errors, unreadable files, notices) to
/// `err` for a person.
pub fn write_problems(err: &mut dyn Write, problems: &Problems, color: bool) -> io::Result<()> {
    render_problems(err, problems, color)
}
