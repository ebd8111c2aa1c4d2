//! Linting one document version: the same pipeline as the command line,
//! with the results turned into LSP diagnostics whose `data` already holds
//! every edit a code action could offer.

use crate::text::Span;
use std::path::PathBuf;
use std::sync::Arc;

use lsp_types::TextEdit;

use crate::check::CheckOutcome;
use crate::config::format::Format;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Severity};
use crate::document::{BlockKind, Document};
use crate::lint::{LintOptions, Linter};

use super::convert::{self, DiagnosticData, FixData};
use super::documents::TextDocument;

/// Everything besides the text that decides a document's diagnostics.
#[derive(Debug, Clone)]
pub struct LintTarget {
    pub linter: Arc<Linter>,
    /// The name matched against the configuration's `[glob]` sections.
    pub glob_path: String,
    /// The file's path (or a made-up name for unsaved buffers): its
    /// extension picks the format.
    pub file_path: PathBuf,
    pub min_level: Severity,
}

/// One version's results.
#[derive(Debug, Clone)]
pub struct VersionFindings {
    pub version: i32,
    pub diagnostics: Vec<lsp_types::Diagnostic>,
    /// Every safe fix that does not overlap an earlier one, for
    /// `source.fixAll`.
    pub safe_fixes: Vec<TextEdit>,
    /// Rules whose search gave up on this text.
    pub aborted: Vec<String>,
}

/// Lints `doc` as `target` says.
pub fn lint(doc: &TextDocument, target: &LintTarget) -> VersionFindings {
    let options = LintOptions {
        min_level: Some(target.min_level),
        ..LintOptions::default()
    };
    let linted = target.linter.lint_observed(
        &target.glob_path,
        &target.file_path,
        doc.text().to_string(),
        &options,
        None,
    );
    to_lsp(doc, &linted.document, linted.outcome)
}

/// The engine's findings on `doc` (parsed as `parsed`) in LSP terms.
pub fn to_lsp(doc: &TextDocument, parsed: &Document, outcome: CheckOutcome) -> VersionFindings {
    let diagnostics = outcome
        .diagnostics
        .iter()
        .map(|d| {
            let data = DiagnosticData {
                version: doc.version,
                fix: d.fix.as_ref().map(|fix| FixData {
                    title: convert::fix_title(doc.text(), &fix.edits),
                    safe: fix.applicability == Applicability::Safe,
                    edits: text_edits(doc, &fix.edits),
                }),
                disable: disable_edits(doc, parsed, d),
            };
            convert::diagnostic(doc, d, &data)
        })
        .collect();
    VersionFindings {
        version: doc.version,
        diagnostics,
        safe_fixes: safe_fixes(doc, &outcome.diagnostics),
        aborted: outcome.aborted,
    }
}

fn text_edits(doc: &TextDocument, edits: &[Edit]) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|e| TextEdit::new(doc.range(&e.range.range()), e.replacement.clone()))
        .collect()
}

/// The safe fixes to apply together: a fix whose edits overlap an earlier
/// fix's is left for the next round, since edits in one `WorkspaceEdit`
/// must not overlap.
fn safe_fixes(doc: &TextDocument, diagnostics: &[Diagnostic]) -> Vec<TextEdit> {
    let mut fixes: Vec<&[Edit]> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applicability == Applicability::Safe && !f.edits.is_empty())
        .map(|f| f.edits.as_slice())
        .collect();
    fixes.sort_by_key(|edits| edits.iter().map(|e| e.range.start).min());
    let mut taken: Vec<Span> = Vec::new();
    let mut out = Vec::new();
    for edits in fixes {
        let overlaps = edits
            .iter()
            .any(|e| taken.iter().any(|t| e.range.overlaps(*t) || e.range == *t));
        if overlaps {
            continue;
        }
        taken.extend(edits.iter().map(|e| e.range));
        out.extend(text_edits(doc, edits));
    }
    out
}

/// Edits that wrap the paragraph holding `d` in comments turning its rule
/// off and back on: `<!-- parlance Style.Rule = NO -->` on a line of its
/// own before the paragraph's first line, `… = YES` after its last.
///
/// Markdown and HTML have comments the engine reads. The comments go at
/// column 0, where an HTML comment always starts a block of its own in
/// Markdown (it may even interrupt a paragraph) and may stand anywhere in
/// HTML, so the engine is sure to see them; table cells and image alt text
/// are left out because a line inserted there would break the table or the
/// paragraph around the image.
fn disable_edits(doc: &TextDocument, parsed: &Document, d: &Diagnostic) -> Option<Vec<TextEdit>> {
    if !matches!(parsed.format, Format::Markdown | Format::Html) {
        return None;
    }
    // Blocks are sorted by start and only nest (an image or a link in a
    // paragraph), so the innermost block holding the finding is the last
    // one starting at or before it that has not ended. Link text is part
    // of its paragraph.
    let before = parsed
        .blocks
        .partition_point(|b| b.range.start <= d.range.start);
    let block = parsed.blocks[..before]
        .iter()
        .rev()
        .find(|b| d.range.start < b.range.end && b.kind != BlockKind::Link)?;
    if !matches!(
        block.kind,
        BlockKind::Paragraph | BlockKind::Heading(_) | BlockKind::ListItem | BlockKind::BlockQuote
    ) {
        return None;
    }
    let text = doc.text();
    let first = doc.line_start(block.range.start);
    let after = doc.next_line_start(block.range.end.saturating_sub(1).max(block.range.start));
    // Keep the file's line endings: those of the paragraph's first line.
    let eol = if text[..doc.next_line_start(first)].ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let off = format!("<!-- parlance {} = NO -->{eol}", d.rule);
    let on = format!("<!-- parlance {} = YES -->", d.rule);
    // The last line may end the text without a line break.
    let on = if text[..after].ends_with('\n') {
        format!("{on}{eol}")
    } else {
        format!("{eol}{on}")
    };
    Some(vec![
        TextEdit::new(doc.range(&(first..first)), off),
        TextEdit::new(doc.range(&(after..after)), on),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::documents::PositionEncoding;

    fn target(name: &str) -> LintTarget {
        LintTarget {
            linter: crate::lsp::builtin_linter(),
            glob_path: name.into(),
            file_path: name.into(),
            min_level: Severity::Suggestion,
        }
    }

    fn doc(text: &str) -> TextDocument {
        TextDocument::new(text.into(), 7, "markdown".into(), PositionEncoding::Utf16)
    }

    /// Applies LSP edits (non-overlapping, any order) to `text`.
    fn apply(d: &TextDocument, edits: &[TextEdit]) -> String {
        let mut byte_edits: Vec<(usize, usize, &str)> = edits
            .iter()
            .map(|e| {
                (
                    d.offset(e.range.start),
                    d.offset(e.range.end),
                    e.new_text.as_str(),
                )
            })
            .collect();
        byte_edits.sort_by_key(|e| std::cmp::Reverse(e.0));
        let mut out = d.text().to_string();
        for (s, e, t) in byte_edits {
            out.replace_range(s..e, t);
        }
        out
    }

    fn rules(linted: &VersionFindings) -> Vec<String> {
        linted
            .diagnostics
            .iter()
            .filter_map(|d| match &d.code {
                Some(lsp_types::NumberOrString::String(s)) => Some(s.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn builtin_business_style_with_fix_data() {
        let d = doc("# Notes\n\nOur costumer called.\n");
        let linted = lint(&d, &target("notes.md"));
        assert_eq!(rules(&linted), ["Business.Costumer"]);
        let diag = &linted.diagnostics[0];
        assert_eq!(diag.source.as_deref(), Some("parlance"));
        let data: DiagnosticData = serde_json::from_value(diag.data.clone().unwrap()).unwrap();
        assert_eq!(data.version, 7);
        let fix = data.fix.unwrap();
        assert_eq!(fix.title, "Replace with 'customer'");
        assert_eq!(apply(&d, &fix.edits), "# Notes\n\nOur customer called.\n");
    }

    #[test]
    fn disable_comments_silence_the_rule_for_that_paragraph_only() {
        let text = "Intro.\n\nOur costumer called.\nThe costumer waits.\n\nAnother costumer.";
        let d = doc(text);
        let linted = lint(&d, &target("a.md"));
        assert_eq!(linted.diagnostics.len(), 3);
        let data: DiagnosticData =
            serde_json::from_value(linted.diagnostics[0].data.clone().unwrap()).unwrap();
        let fixed = apply(&d, &data.disable.unwrap());
        assert_eq!(
            fixed,
            "Intro.\n\n<!-- parlance Business.Costumer = NO -->\nOur costumer called.\nThe costumer waits.\n<!-- parlance Business.Costumer = YES -->\n\nAnother costumer."
        );
        let again = lint(&doc(&fixed), &target("a.md"));
        assert_eq!(again.diagnostics.len(), 1, "{:?}", again.diagnostics);
        assert_eq!(again.diagnostics[0].range.start.line, 7);

        // The last paragraph has no line break after it.
        let data: DiagnosticData =
            serde_json::from_value(linted.diagnostics[2].data.clone().unwrap()).unwrap();
        let fixed = apply(&d, &data.disable.unwrap());
        assert!(fixed.ends_with("Another costumer.\n<!-- parlance Business.Costumer = YES -->"));
        assert_eq!(lint(&doc(&fixed), &target("a.md")).diagnostics.len(), 2);
    }

    #[test]
    fn disable_comments_in_html() {
        let text = "<ul>\n  <li>Our <a href=\"x\">costumer</a> called.</li>\n  <li>A costumer.</li>\n</ul>\n";
        let d = doc(text);
        let linted = lint(&d, &target("a.html"));
        assert_eq!(linted.diagnostics.len(), 2);
        let data: DiagnosticData =
            serde_json::from_value(linted.diagnostics[0].data.clone().unwrap()).unwrap();
        let fixed = apply(&d, &data.disable.unwrap());
        assert!(fixed.contains("<!-- parlance Business.Costumer = NO -->\n  <li>Our"));
        let again = lint(&doc(&fixed), &target("a.html"));
        assert_eq!(again.diagnostics.len(), 1, "{:?}", again.diagnostics);
    }

    #[test]
    fn disable_in_a_list_item_and_crlf() {
        let text = "- one\r\n- our costumer\r\n- three\r\n";
        let d = doc(text);
        let linted = lint(&d, &target("a.md"));
        let data: DiagnosticData =
            serde_json::from_value(linted.diagnostics[0].data.clone().unwrap()).unwrap();
        let fixed = apply(&d, &data.disable.unwrap());
        assert_eq!(
            fixed,
            "- one\r\n<!-- parlance Business.Costumer = NO -->\r\n- our costumer\r\n<!-- parlance Business.Costumer = YES -->\r\n- three\r\n"
        );
        assert!(lint(&doc(&fixed), &target("a.md")).diagnostics.is_empty());
    }

    #[test]
    fn plain_text_offers_no_disable_action() {
        let d = doc("Our costumer called.\n");
        let linted = lint(&d, &target("a.txt"));
        let data: DiagnosticData =
            serde_json::from_value(linted.diagnostics[0].data.clone().unwrap()).unwrap();
        assert_eq!(data.disable, None);
    }
}
