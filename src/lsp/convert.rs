//! Engine values to LSP values and back: file URIs, severities, and the
//! diagnostic payload that lets code actions work without re-linting.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{CodeDescription, DiagnosticSeverity, NumberOrString, TextEdit, Uri};
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Severity};

use super::documents::TextDocument;

/// The `source` of every diagnostic we publish.
pub const SOURCE: &str = "parlance";

/// The local path of a `file:` URI (`None` for `untitled:` and the like).
/// lsp-types' `Uri` cannot do this, and percent-decoding plus Windows drive
/// letters are the `url` crate's job.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let url = url::Url::parse(uri.as_str()).ok()?;
    if url.scheme() != "file" {
        return None;
    }
    url.to_file_path().ok()
}

/// The `file:` URI of an absolute path.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let url = url::Url::from_file_path(path).ok()?;
    Uri::from_str(url.as_str()).ok()
}

/// Vale's three levels onto LSP's four: a suggestion is information, not a
/// hint, because hints are drawn so faintly that many editors hide them.
pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Suggestion => DiagnosticSeverity::INFORMATION,
    }
}

/// What a published diagnostic carries in `data`, so that a code action
/// request (which sends the diagnostic back) needs nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticData {
    /// The document version the edits below were computed for.
    pub version: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<FixData>,
}

/// A rule's suggested fix in LSP terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FixData {
    /// The code action's title, e.g. "Replace with 'customer'".
    pub title: String,
    /// Whether the fix may be applied unasked (`source.fixAll`).
    pub safe: bool,
    pub edits: Vec<TextEdit>,
}

/// An engine diagnostic as the editor sees it.
pub fn diagnostic(
    doc: &TextDocument,
    d: &Diagnostic,
    data: &DiagnosticData,
) -> lsp_types::Diagnostic {
    lsp_types::Diagnostic {
        range: doc.range(&d.range.range()),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.clone())),
        code_description: d
            .link
            .as_deref()
            .and_then(|l| Uri::from_str(l).ok())
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: d.message.clone(),
        related_information: None,
        tags: None,
        data: serde_json::to_value(data).ok(),
    }
}

/// The title of the quick fix for `edits` applied to `text`.
pub fn fix_title(text: &str, edits: &[crate::diagnostic::Edit]) -> String {
    match edits {
        [one] if one.replacement.is_empty() => {
            format!("Remove '{}'", text.get(one.range.range()).unwrap_or(""))
        }
        [one] => format!("Replace with '{}'", one.replacement),
        _ => "Apply the suggested fix".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_round_trip_with_spaces_and_unicode() {
        let path = Path::new("/tmp/my notes/Отчёт.md");
        let uri = path_to_uri(path).unwrap();
        assert_eq!(
            uri.as_str(),
            "file:///tmp/my%20notes/%D0%9E%D1%82%D1%87%D1%91%D1%82.md"
        );
        assert_eq!(uri_to_path(&uri).as_deref(), Some(path));
        let untitled = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(uri_to_path(&untitled), None);
    }

    #[test]
    fn data_round_trips() {
        let data = DiagnosticData {
            version: 3,
            fix: None,
        };
        let value = serde_json::to_value(&data).unwrap();
        assert_eq!(value, serde_json::json!({"version": 3}));
        assert_eq!(
            serde_json::from_value::<DiagnosticData>(value).unwrap(),
            data
        );
    }
}
