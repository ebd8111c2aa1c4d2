//! The report stage: diagnostics become text for people and tools. This is
//! the only place (with the LSP) where byte offsets become lines and
//! columns. One module per output format; each renders the same sorted
//! [`FileReport`]s.

mod checkstyle;
mod fingerprint;
mod github;
mod gitlab;
mod human;
mod json;
mod json_lines;
mod junit;
mod line;
mod rdjson;
mod sarif;
mod statistics;
mod xml;

use std::io::{self, Write};

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Problems;

pub use human::render_problems;
pub use statistics::{write_statistics, StatisticsFormat};

/// The name tools show for us (SARIF driver, rdjson source, JUnit suites).
pub const TOOL_NAME: &str = "parlance";
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// One linted file with its findings, as reported.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as given or walked, `/`-separated.
    pub path: String,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// An output format of the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// codespan-reporting diagnostics and a summary line.
    Human,
    /// One JSON array of diagnostics.
    Json,
    /// The `json` objects, one per line.
    JsonLines,
    /// Vale's `path:line:column:Style.Rule:message`.
    Line,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (pull-request annotations).
    Github,
    /// Checkstyle XML (reviewdog, Jenkins).
    Checkstyle,
    /// JUnit XML: one test suite per file, one failing test case per finding.
    Junit,
    /// reviewdog's Diagnostic Format (rdjson), with suggested fixes.
    Rdjson,
    /// GitLab Code Quality report.
    Gitlab,
}

/// What a report says about a rule besides its findings (SARIF's rule
/// table, help links).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    /// `Style.Rule`.
    pub id: String,
    pub level: Severity,
    /// The rule's `description:`, or its message when it has none.
    pub description: String,
    pub link: Option<String>,
}

impl RuleInfo {
    /// What a report says about a rule: its `description:`, or its
    /// message when it has none.
    pub fn new(
        id: &str,
        level: Severity,
        description: &str,
        message: &str,
        link: Option<&str>,
    ) -> RuleInfo {
        let description = description.trim();
        RuleInfo {
            id: id.to_string(),
            level,
            description: if description.is_empty() {
                message.trim().to_string()
            } else {
                description.to_string()
            },
            link: link.map(str::to_string),
        }
    }
}

/// Everything a renderer may draw on besides the files themselves.
#[derive(Debug, Clone, Default)]
pub struct ReportContext {
    /// ANSI colours in human output (only on a terminal, never with
    /// `NO_COLOR`).
    pub color: bool,
    /// The rules in effect, sorted by id.
    pub rules: Vec<RuleInfo>,
    /// `-q`: human output has the findings only, no summary line.
    pub quiet: bool,
    /// The level from which a finding fails the run (`None`: none does);
    /// JUnit counts only those as failures.
    pub fail_at: Option<Severity>,
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
    context: &ReportContext,
) -> io::Result<()> {
    match format {
        OutputFormat::Human => human::write(out, files, context.color, context.quiet),
        OutputFormat::Json => json::write(out, files),
        OutputFormat::JsonLines => json_lines::write(out, files),
        OutputFormat::Line => line::write(out, files),
        OutputFormat::Sarif => sarif::write(out, files, &context.rules),
        OutputFormat::Github => github::write(out, files),
        OutputFormat::Checkstyle => checkstyle::write(out, files),
        OutputFormat::Junit => junit::write(out, files, context.fail_at),
        OutputFormat::Rdjson => rdjson::write(out, files),
        OutputFormat::Gitlab => gitlab::write(out, files),
    }
}

/// Writes problems (rule and config errors, unreadable files, notices) to
/// `err` for a person.
pub fn write_problems(err: &mut dyn Write, problems: &Problems, color: bool) -> io::Result<()> {
    render_problems(err, problems, color)
}

/// Reports shared by the renderers' snapshot tests: Unicode before a
/// finding, a finding spanning two lines, a safe fix, display-only
/// alternatives, characters every format must escape, and a clean file.
#[cfg(test)]
pub(crate) mod sample {
    use super::{FileReport, RuleInfo};
    use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};

    fn at(source: &str, needle: &str) -> std::ops::Range<usize> {
        let start = source.find(needle).expect("needle in sample");
        start..start + needle.len()
    }

    /// The sample files rendered by a format's `write`, for its snapshot.
    pub fn render(
        write: fn(&mut dyn std::io::Write, &[FileReport]) -> std::io::Result<()>,
    ) -> String {
        let mut out = Vec::new();
        write(&mut out, &files()).expect("writing to a Vec");
        String::from_utf8(out).expect("reports are UTF-8")
    }

    pub fn files() -> Vec<FileReport> {
        let a =
            "Ünïcode first: we utilize tools.\n\nThe costumer\nservice, \"quoted\" & <tagged>.\n";
        let utilize = at(a, "utilize");
        let costumer = at(a, "costumer\nservice");
        let tagged = at(a, "<tagged>");
        let b = "Nothing to see here.\n";
        vec![
            FileReport {
                path: "docs/a b.md".into(),
                source: a.into(),
                diagnostics: vec![
                    Diagnostic {
                        rule: "T.Swap".into(),
                        severity: Severity::Warning,
                        message: "Use 'use' instead of 'utilize'.".into(),
                        range: utilize.clone().into(),
                        link: Some("https://example.com/rules/swap".into()),
                        fix: Some(Fix {
                            applicability: Applicability::Safe,
                            edits: vec![Edit {
                                range: utilize.into(),
                                replacement: "use".into(),
                            }],
                        }),
                    },
                    Diagnostic {
                        rule: "T.Typo".into(),
                        severity: Severity::Error,
                        message: "Did you mean 'customer service'? 100%, a: b, c\nsecond line"
                            .into(),
                        range: costumer.clone().into(),
                        link: None,
                        fix: Some(Fix {
                            applicability: Applicability::DisplayOnly,
                            edits: vec![Edit {
                                range: costumer.into(),
                                replacement: "customer service".into(),
                            }],
                        }),
                    },
                    Diagnostic {
                        rule: "T.Avoid".into(),
                        severity: Severity::Suggestion,
                        message: "Avoid \"<tagged>\" & friends.".into(),
                        range: tagged.into(),
                        link: None,
                        fix: None,
                    },
                ],
            },
            FileReport {
                path: "docs/clean.md".into(),
                source: b.into(),
                diagnostics: Vec::new(),
            },
        ]
    }

    pub fn rules() -> Vec<RuleInfo> {
        vec![
            RuleInfo {
                id: "T.Avoid".into(),
                level: Severity::Suggestion,
                description: "Avoid tagged text.".into(),
                link: None,
            },
            RuleInfo {
                id: "T.Swap".into(),
                level: Severity::Warning,
                description: "Prefer plain words.".into(),
                link: Some("https://example.com/rules/swap".into()),
            },
            RuleInfo {
                id: "T.Typo".into(),
                level: Severity::Error,
                description: "Common typos.".into(),
                link: None,
            },
        ]
    }
}
