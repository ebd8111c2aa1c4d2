//! The one diagnostic type every stage produces and every front end renders.
//!
//! Positions are byte offsets into the file; only the report and LSP stages
//! turn them into lines and columns.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::text::Span;

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

/// A level name that is not one of Vale's three.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a level: use suggestion, warning or error")]
pub struct ParseLevelError(pub String);

impl FromStr for Severity {
    type Err = ParseLevelError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "suggestion" => Ok(Severity::Suggestion),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(ParseLevelError(other.to_string())),
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

/// A `fix:` value that is not one of the three applicabilities.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a fix applicability: use safe, unsafe or display-only")]
pub struct ParseApplicabilityError(pub String);

impl FromStr for Applicability {
    type Err = ParseApplicabilityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "safe" => Ok(Applicability::Safe),
            "unsafe" => Ok(Applicability::Unsafe),
            "display-only" => Ok(Applicability::DisplayOnly),
            other => Err(ParseApplicabilityError(other.to_string())),
        }
    }
}

/// Replace the bytes in `range` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub range: Span,
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
    pub range: Span,
    pub link: Option<String>,
    pub fix: Option<Fix>,
}
