//! Problems with the user's inputs that are not findings: a rule file or
//! config that cannot be used, a file that cannot be read.

use std::ops::Range;
use std::sync::Arc;

/// An error that points into a file we read (a rule's YAML, a config's INI);
/// rendered with codespan so the user sees the line and what is wrong.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{path}: {message}")]
pub struct SourceError {
    pub path: String,
    pub text: Arc<str>,
    /// Byte range of the offending text in `text`.
    pub range: Range<usize>,
    pub message: String,
    pub notes: Vec<String>,
    pub kind: ErrorKind,
}

/// What kind of problem a [`SourceError`] is, where a caller acts on it
/// (Vale's output names some failures with a banner of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorKind {
    /// A `BasedOnStyles` style that is on no StylesPath.
    MissingStyle,
    #[default]
    Other,
}

impl SourceError {
    pub fn new(
        path: &str,
        text: &Arc<str>,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        // Widened to whole characters: a caller's cut-off (the first 80
        // bytes of a file) may fall inside one.
        let mut end = range.end.min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let mut start = range.start.min(end);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        SourceError {
            path: path.to_string(),
            text: Arc::clone(text),
            range: start..end,
            message: message.into(),
            notes: Vec::new(),
            kind: ErrorKind::Other,
        }
    }

    pub fn with_kind(mut self, kind: ErrorKind) -> Self {
        self.kind = kind;
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// [`SourceError::with_note`] for a note there may be.
    pub fn with_notes(mut self, note: Option<String>) -> Self {
        self.notes.extend(note);
        self
    }

    /// 1-based line of the error's start.
    pub fn line(&self) -> usize {
        self.text[..self.range.start].matches('\n').count() + 1
    }
}

/// Something the user should know that does not stop the run (a rule type
/// not supported yet, a file skipped as binary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub path: String,
    pub message: String,
}

/// Everything that went wrong outside the findings themselves.
#[derive(Debug, Clone, Default)]
pub struct Problems {
    /// Broken rules or config: the run exits 2.
    pub errors: Vec<SourceError>,
    /// Files that could not be read, and other failures without a source
    /// position: the run exits 2.
    pub failures: Vec<Notice>,
    /// Informational; the exit code is unchanged.
    pub notices: Vec<Notice>,
}

impl Problems {
    pub fn extend(&mut self, other: Problems) {
        self.errors.extend(other.errors);
        self.failures.extend(other.failures);
        self.notices.extend(other.notices);
    }

    pub fn is_failure(&self) -> bool {
        !self.errors.is_empty() || !self.failures.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_ranges_cover_whole_characters() {
        // Found by the `rule_loading` fuzz target: a rule file's first 80
        // bytes ended inside an `é`.
        let text: Arc<str> = Arc::from("- ééé");
        let e = SourceError::new("R.yml", &text, 0..3, "x");
        assert_eq!(e.range, 0..4);
        let e = SourceError::new("R.yml", &text, 3..3, "x");
        assert_eq!(e.range, 2..4);
    }
}

/// The candidate closest to `word`, when it is close enough to be what was
/// meant ("did you mean …?"): Jaro-Winkler similarity, case ignored, of at
/// least 0.8 (clap's measure for misspelled flags is Jaro at 0.7).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod closest_tests {
    use super::closest;

    #[test]
    fn a_near_miss_is_suggested_and_a_stranger_is_not() {
        let keys = ["MinAlertLevel", "StylesPath", "Vocab"];
        assert_eq!(closest("MinAlertlevel", keys), Some("MinAlertLevel"));
        assert_eq!(
            closest("Microsfot", ["Microsoft", "Google"]),
            Some("Microsoft")
        );
        assert_eq!(
            closest("explian", ["explain", "rules", "test"]),
            Some("explain")
        );
        assert_eq!(closest("README.md", ["explain", "rules", "test"]), None);
    }
}
