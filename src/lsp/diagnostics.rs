//! Linting one document version: the same pipeline as the command line,
//! with the results turned into LSP diagnostics whose `data` holds the
//! rule's fix; and the controls that disable a rule for one paragraph,
//! worked out when a code action asks for them.

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
    to_lsp(doc, linted.outcome)
}

/// The engine's findings on `doc` in LSP terms.
pub fn to_lsp(doc: &TextDocument, outcome: CheckOutcome) -> VersionFindings {
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

/// "Disable for this paragraph": comment controls that turn `rule` off
/// for the block holding the finding at byte `at` and back on after it,
/// `<!-- parlance Style.Rule = NO -->` on a line of its own before the
/// block, `… = YES` after it.
///
/// In HTML a comment may stand anywhere. In Markdown a line that starts
/// with `<!--` is an HTML block, which can end a list or a block quote,
/// and a control applies to every block that closes after it (Vale's
/// reading), so where the controls can go depends on the block's
/// containers. The placements are tried in turn (the lines carrying the
/// containers of the block's first line: `> ` for a quote, an item's
/// indentation; the lines at column 0; the controls inline, at the end of
/// the block's last line and of the next block's first line), and the first
/// that keeps the document's structure and silences exactly this block's
/// findings of the rule is offered; if none does, no action is, rather
/// than one that reshapes the document. Table cells and image alt text are
/// left out: a line inserted there breaks the table or the paragraph
/// around the image.
pub fn disable_edits(
    doc: &TextDocument,
    target: &LintTarget,
    rule: &str,
    at: usize,
) -> Option<Vec<TextEdit>> {
    let text = doc.text();
    let parsed = target
        .linter
        .document(&target.glob_path, &target.file_path, text.to_string());
    if !matches!(parsed.format, Format::Markdown | Format::Html) {
        return None;
    }
    // Blocks are sorted by start and only nest (an image or a link in a
    // paragraph), so the innermost block holding the finding is the last
    // one starting at or before it that has not ended. Link text is part
    // of its paragraph.
    let before = parsed.blocks.partition_point(|b| b.range.start <= at);
    let block = parsed.blocks[..before]
        .iter()
        .rev()
        .find(|b| at < b.range.end && b.kind != BlockKind::Link)?;
    if !matches!(
        block.kind,
        BlockKind::Paragraph | BlockKind::Heading(_) | BlockKind::ListItem | BlockKind::BlockQuote
    ) {
        return None;
    }
    let first = doc.line_start(block.range.start);
    // A setext heading's underline is part of it.
    let last = block.closed_at.max(block.range.end).saturating_sub(1);
    let after = doc.next_line_start(last.max(block.range.start));
    // Keep the file's line endings: those of the paragraph's first line.
    let eol = if text[..doc.next_line_start(first)].ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let control = |on: bool| {
        format!(
            "<!-- parlance {rule} = {} -->",
            if on { "YES" } else { "NO" }
        )
    };
    let own_lines = |prefix: &str| {
        // The last line may end the text without a line break.
        let on = if text[..after].ends_with('\n') {
            format!("{prefix}{}{eol}", control(true))
        } else {
            format!("{eol}{prefix}{}", control(true))
        };
        vec![
            (first, format!("{prefix}{}{eol}", control(false))),
            (after, on),
        ]
    };
    if parsed.format == Format::Html {
        return Some(text_edits_at(doc, own_lines("")));
    }
    let mut placements = vec![
        own_lines(&container_prefix(&text[first..block.range.start])),
        own_lines(""),
    ];
    placements.extend(inline_controls(doc, &parsed, block, &control));
    let findings = |text: &str| -> Vec<usize> {
        let options = LintOptions {
            min_level: Some(target.min_level),
            ..LintOptions::default()
        };
        let linted = target.linter.lint_observed(
            &target.glob_path,
            &target.file_path,
            text.to_string(),
            &options,
            None,
        );
        linted
            .outcome
            .diagnostics
            .iter()
            .filter(|d| d.rule == rule)
            .map(|d| d.range.start)
            .collect()
    };
    let outline = crate::document::markdown_outline(text);
    let now = findings(text);
    let elsewhere = now.iter().filter(|&&s| s < first || s >= after).count();
    let edits = placements.into_iter().find(|edits| {
        let edited = apply_at(text, edits);
        crate::document::markdown_outline(&edited) == outline
            && findings(&edited).len() == elsewhere
    })?;
    Some(text_edits_at(doc, edits))
}

/// The controls inline: off at the end of the block's last line (a
/// control there applies to all of the block), on at the end of the next
/// block's first line, or at the end of the text when no block follows.
fn inline_controls(
    doc: &TextDocument,
    parsed: &Document,
    block: &crate::document::Block,
    control: &dyn Fn(bool) -> String,
) -> Option<Vec<(usize, String)>> {
    let line_end = |offset: usize| {
        let next = doc.next_line_start(offset);
        let line = &doc.text()[..next];
        next - (line.len() - line.trim_end_matches(['\n', '\r']).len())
    };
    let off = line_end(block.range.end.saturating_sub(1).max(block.range.start));
    let next = parsed
        .blocks
        .iter()
        .find(|b| b.range.start >= block.closed_at.max(block.range.end));
    let on = next.map_or(doc.text().len(), |b| line_end(b.range.start));
    (off < on).then(|| {
        vec![
            (off, format!(" {}", control(false))),
            (on, format!(" {}", control(true))),
        ]
    })
}

/// `text` with each insertion made (sorted, at char boundaries).
fn apply_at(text: &str, insertions: &[(usize, String)]) -> String {
    let mut out = String::with_capacity(text.len() + 128);
    let mut at = 0;
    for (offset, inserted) in insertions {
        out.push_str(&text[at..*offset]);
        out.push_str(inserted);
        at = *offset;
    }
    out.push_str(&text[at..]);
    out
}

fn text_edits_at(doc: &TextDocument, insertions: Vec<(usize, String)>) -> Vec<TextEdit> {
    insertions
        .into_iter()
        .map(|(at, inserted)| TextEdit::new(doc.range(&(at..at)), inserted))
        .collect()
}

/// What a line inside the same Markdown containers as a block's first line
/// starts with, from that line's text before the block (`lead`): each
/// block quote marker kept, each list marker turned into the spaces of its
/// width (the item's content column), anything else (a heading's `#`) not
/// a container.
fn container_prefix(lead: &str) -> String {
    let mut prefix = String::new();
    let mut rest = lead;
    loop {
        let indent = rest.len() - rest.trim_start_matches(' ').len();
        if indent > 3 {
            // Indentation past a container's content column.
            return prefix;
        }
        let body = &rest[indent..];
        if let Some(after) = body.strip_prefix('>') {
            let width = 1 + usize::from(after.starts_with(' '));
            prefix.push_str(&rest[..indent + width]);
            rest = &rest[indent + width..];
            continue;
        }
        let digits = body.bytes().take_while(u8::is_ascii_digit).count();
        let marker = match body.as_bytes().get(digits) {
            Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
            Some(b'-' | b'*' | b'+') if digits == 0 => 1,
            _ => return prefix,
        };
        let spaces = body[marker..].len() - body[marker..].trim_start_matches(' ').len();
        if spaces == 0 {
            return prefix;
        }
        // One to four spaces after the marker set the content column; more
        // make indented code, with the column one space after the marker.
        let width = indent + marker + if spaces > 4 { 1 } else { spaces };
        prefix.push_str(&" ".repeat(width));
        rest = &rest[width..];
    }
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

    /// The disable action for the `nth` finding of `name`, applied.
    fn disabled_nth(text: &str, name: &str, nth: usize) -> Option<String> {
        let d = doc(text);
        let target = target(name);
        let linted = lint(&d, &target);
        let finding = &linted.diagnostics[nth];
        let Some(lsp_types::NumberOrString::String(rule)) = &finding.code else {
            panic!("a rule code")
        };
        disable_edits(&d, &target, rule, d.offset(finding.range.start))
            .map(|edits| apply(&d, &edits))
    }

    fn disabled(text: &str) -> Option<String> {
        disabled_nth(text, "a.md", 0)
    }

    #[test]
    fn disable_comments_silence_the_rule_for_that_paragraph_only() {
        let text = "Intro.\n\nOur costumer called.\nThe costumer waits.\n\nAnother costumer.";
        let fixed = disabled(text).unwrap();
        assert_eq!(
            fixed,
            "Intro.\n\n<!-- parlance Business.Costumer = NO -->\nOur costumer called.\nThe costumer waits.\n<!-- parlance Business.Costumer = YES -->\n\nAnother costumer."
        );
        let again = lint(&doc(&fixed), &target("a.md"));
        assert_eq!(again.diagnostics.len(), 1, "{:?}", again.diagnostics);
        assert_eq!(again.diagnostics[0].range.start.line, 7);

        // The last paragraph has no line break after it.
        let fixed = disabled_nth(text, "a.md", 2).unwrap();
        assert!(fixed.ends_with("Another costumer.\n<!-- parlance Business.Costumer = YES -->"));
        assert_eq!(lint(&doc(&fixed), &target("a.md")).diagnostics.len(), 2);
    }

    #[test]
    fn disable_comments_in_html() {
        let text = "<ul>\n  <li>Our <a href=\"x\">costumer</a> called.</li>\n  <li>A costumer.</li>\n</ul>\n";
        let fixed = disabled_nth(text, "a.html", 0).unwrap();
        assert!(fixed.contains("<!-- parlance Business.Costumer = NO -->\n  <li>Our"));
        let again = lint(&doc(&fixed), &target("a.html"));
        assert_eq!(again.diagnostics.len(), 1, "{:?}", again.diagnostics);
    }

    #[test]
    fn disable_in_a_list_item_and_crlf() {
        let text = "- one\r\n- our costumer\r\n- three\r\n";
        let fixed = disabled(text).unwrap();
        assert_eq!(
            crate::document::markdown_outline(&fixed),
            crate::document::markdown_outline(text)
        );
        assert!(fixed.contains("\r\n") && !fixed.replace("\r\n", "").contains('\n'));
        assert!(lint(&doc(&fixed), &target("a.md")).diagnostics.is_empty());
    }

    /// Guards issue #21: the controls inserted at column 0 split lists,
    /// destroyed setext headings and turned a list item's second paragraph
    /// into a code block. On every block kind of the Markdown reader the
    /// edited document keeps its structure and the finding is silenced.
    #[test]
    fn disabling_keeps_the_structure_of_every_markdown_block() {
        let cases = [
            "# Our costumer\n\nText.\n",
            "Our costumer\n============\n\nText.\n",
            "Title\n\nSome text.\nOur costumer.\n",
            "- one\n- our costumer\n- three\n",
            "- our costumer\n- two\n",
            "1. one\n2. our costumer\n",
            "- one\n\n  Our costumer.\n\n- two\n",
            "- one\n  - our costumer\n  - nested\n- two\n",
            "> Quoted.\n>\n> Our costumer.\n",
            "> - in a quote\n> - our costumer\n",
            "Term\n\n> Our costumer\n> waits.\n\nAfter.\n",
        ];
        for text in cases {
            let fixed = disabled(text).unwrap_or_else(|| panic!("no action for {text:?}"));
            assert_eq!(
                crate::document::markdown_outline(&fixed),
                crate::document::markdown_outline(text),
                "{text:?} became {fixed:?}"
            );
            let again = lint(&doc(&fixed), &target("a.md"));
            assert!(
                again.diagnostics.is_empty(),
                "{fixed:?} still has {:?}",
                again.diagnostics
            );
        }
    }

    #[test]
    fn a_quote_keeps_its_markers_on_the_control_lines() {
        assert_eq!(
            disabled("> Quoted.\n>\n> Our costumer.\n").unwrap(),
            "> Quoted.\n>\n> <!-- parlance Business.Costumer = NO -->\n> Our costumer.\n> <!-- parlance Business.Costumer = YES -->\n"
        );
    }

    #[test]
    fn plain_text_offers_no_disable_action() {
        assert_eq!(disabled_nth("Our costumer called.\n", "a.txt", 0), None);
    }
}
