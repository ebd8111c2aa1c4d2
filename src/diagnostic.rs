//! The one diagnostic type every stage produces and every front end renders.
//!
//! Positions are byte offsets into the file; only the report and LSP stages
//! turn them into lines and columns.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::Serialize;

/// How serious a finding is, in Vale's three levels (ordered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Suggestion,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Suggestion => "suggestion",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "suggestion" => Ok(Severity::Suggestion),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "'{other}' is not a level: use suggestion, warning or error"
            )),
        }
    }
}

/// How freely a fix may be applied (Ruff's three levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Applied by `--fix` without asking.
    Safe,
    /// Applied only when the user opts in to unsafe fixes.
    Unsafe,
    /// Shown to the user, never applied automatically.
    DisplayOnly,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

impl FromStr for Applicability {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "safe" => Ok(Applicability::Safe),
            "unsafe" => Ok(Applicability::Unsafe),
            "display-only" => Ok(Applicability::DisplayOnly),
            other => Err(format!(
                "'{other}' is not a fix applicability: use safe, unsafe or display-only"
            )),
        }
    }
}

/// Replace the bytes in `range` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// A suggested change, with how safe it is to apply unasked.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fix {
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// One finding in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// `Style.Rule`.
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// Byte range in the file; always on char boundaries.
    pub range: Range<usize>,
    pub link: Option<String>,
    pub fix: Option<Fix>,
    /// Where Vale would report this finding, when its search for the
    /// matched text lands somewhere else than `range` (see
    /// `check::line_search`). Only Vale's output formats use it; fixes and
    /// every other format use the exact `range`.
    pub vale_at: Option<usize>,
}

impl Diagnostic {
    /// The byte offset Vale's output formats report.
    pub fn vale_start(&self) -> usize {
        self.vale_at.unwrap_or(self.range.start)
    }
}
