//! The requests we answer from a document's state: code actions and hover.
//! Both read what the last lint published; neither lints again, except
//! fix-all when the text has moved on since (see [`code_actions`]).

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, DocumentChanges, Hover,
    HoverContents, MarkupContent, MarkupKind, NumberOrString, OneOf,
    OptionalVersionedTextDocumentIdentifier, Position, TextDocumentEdit, TextEdit, Uri,
    WorkspaceEdit,
};

use super::capabilities::{ClientSupport, FIX_ALL};
use super::convert::{DiagnosticData, SOURCE};
use super::diagnostics::{self, LintTarget, VersionFindings};
use super::documents::TextDocument;

/// What was last published for a document, and with which configuration.
#[derive(Debug, Clone)]
pub struct Published {
    pub linted: VersionFindings,
    pub target: LintTarget,
}

/// `textDocument/codeAction`: a quick fix for each diagnostic in the
/// request that has one, an action that turns the rule off for the
/// paragraph, and `source.fixAll.parlance`, all built from the
/// diagnostics' `data`.
pub fn code_actions(
    params: &CodeActionParams,
    doc: &TextDocument,
    published: Option<&Published>,
    client: ClientSupport,
) -> Vec<CodeActionOrCommand> {
    let uri = &params.text_document.uri;
    let wants = |kind: &str| match &params.context.only {
        None => true,
        // Kinds are hierarchical: asking for `source.fixAll` includes ours.
        Some(only) => only.iter().any(|k| {
            let k = k.as_str();
            kind == k
                || kind
                    .strip_prefix(k)
                    .is_some_and(|rest| rest.starts_with('.'))
        }),
    };
    let mut actions: Vec<CodeAction> = Vec::new();
    if wants(CodeActionKind::QUICKFIX.as_str()) {
        for d in &params.context.diagnostics {
            if d.source.as_deref() != Some(SOURCE) {
                continue;
            }
            // A diagnostic without our data (another server's, or edited by
            // the client) simply gets no action.
            let Some(data) = d
                .data
                .clone()
                .and_then(|v| serde_json::from_value::<DiagnosticData>(v).ok())
            else {
                continue;
            };
            // Edits computed for an older text would land on the wrong
            // bytes (a client that does not check versions applies them
            // anyway); the client asks again once the new lint is out.
            if data.version != doc.version {
                continue;
            }
            match (data.fix, published, &d.code) {
                (Some(fix), _, _) => actions.push(CodeAction {
                    title: fix.title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![d.clone()]),
                    edit: Some(workspace_edit(uri, data.version, fix.edits, client)),
                    is_preferred: Some(fix.safe),
                    ..CodeAction::default()
                }),
                // Spelling corrections cost a search of the dictionary, so
                // they are looked up here, for the one word asked about.
                (None, Some(published), Some(NumberOrString::String(rule))) => {
                    let word = doc
                        .text()
                        .get(doc.offset(d.range.start)..doc.offset(d.range.end))
                        .unwrap_or("");
                    for correction in published.target.linter.spelling_suggestions(rule, word) {
                        actions.push(CodeAction {
                            title: format!("Replace with '{correction}'"),
                            kind: Some(CodeActionKind::QUICKFIX),
                            diagnostics: Some(vec![d.clone()]),
                            edit: Some(workspace_edit(
                                uri,
                                data.version,
                                vec![TextEdit {
                                    range: d.range,
                                    new_text: correction,
                                }],
                                client,
                            )),
                            ..CodeAction::default()
                        });
                    }
                }
                _ => {}
            }
            let (Some(published), Some(NumberOrString::String(rule))) = (published, &d.code) else {
                continue;
            };
            let title = format!("Disable {rule} for this paragraph");
            // Several findings of one rule in a paragraph share the action.
            if actions.iter().any(|a| a.title == title) {
                continue;
            }
            let at = doc.offset(d.range.start);
            if let Some(edits) = diagnostics::disable_edits(doc, &published.target, rule, at) {
                actions.push(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![d.clone()]),
                    edit: Some(workspace_edit(uri, data.version, edits, client)),
                    ..CodeAction::default()
                });
            }
        }
    }
    if wants(FIX_ALL) {
        if let Some(published) = published {
            // Fix-all is often asked right after an edit (on save), before
            // that version's lint is back: lint now rather than answer
            // with edits for an older text.
            let fresh;
            let linted = if published.linted.version == doc.version {
                &published.linted
            } else {
                fresh = diagnostics::lint(doc, &published.target);
                &fresh
            };
            if !linted.safe_fixes.is_empty() {
                actions.push(CodeAction {
                    title: "Fix all safe parlance issues".into(),
                    kind: Some(CodeActionKind::from(FIX_ALL)),
                    edit: Some(workspace_edit(
                        uri,
                        linted.version,
                        linted.safe_fixes.clone(),
                        client,
                    )),
                    ..CodeAction::default()
                });
            }
        }
    }
    actions
        .into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

/// Edits to one document, versioned when the client can check versions.
fn workspace_edit(
    uri: &Uri,
    version: i32,
    edits: Vec<TextEdit>,
    client: ClientSupport,
) -> WorkspaceEdit {
    if client.document_changes {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: Some(version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

/// `textDocument/hover` over a diagnostic: what each rule there is about
/// (its description), its level, and its link.
pub fn hover(position: Position, published: &Published, markdown: bool) -> Option<Hover> {
    let at = (position.line, position.character);
    let under: Vec<&lsp_types::Diagnostic> = published
        .linted
        .diagnostics
        .iter()
        .filter(|d| {
            let r = d.range;
            (r.start.line, r.start.character) <= at && at <= (r.end.line, r.end.character)
        })
        .collect();
    let first = under.first()?;
    let mut sections: Vec<String> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for d in &under {
        let Some(NumberOrString::String(rule)) = &d.code else {
            continue;
        };
        if seen.contains(&rule.as_str()) {
            continue;
        }
        seen.push(rule);
        sections.push(explain(rule, d, &published.target, markdown));
    }
    let separator = if markdown { "\n\n---\n\n" } else { "\n\n" };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: if markdown {
                MarkupKind::Markdown
            } else {
                MarkupKind::PlainText
            },
            value: sections.join(separator),
        }),
        range: Some(first.range),
    })
}

/// One rule's explanation, from its definition when the configuration that
/// linted the document still has it, else from the diagnostic alone.
fn explain(rule: &str, d: &lsp_types::Diagnostic, target: &LintTarget, markdown: bool) -> String {
    let compiled = target.linter.rules.find(rule);
    let level = compiled.map_or_else(
        || {
            d.severity
                .map_or("", |s| match s {
                    lsp_types::DiagnosticSeverity::ERROR => "error",
                    lsp_types::DiagnosticSeverity::WARNING => "warning",
                    _ => "suggestion",
                })
                .to_string()
        },
        |r| r.level.to_string(),
    );
    let description = compiled
        .map(|r| r.def.description.trim())
        .filter(|s| !s.is_empty())
        .unwrap_or(d.message.as_str());
    let link = compiled.and_then(|r| r.def.link.clone()).or_else(|| {
        d.code_description
            .as_ref()
            .map(|c| c.href.as_str().to_string())
    });
    let example = compiled.and_then(|r| {
        let ex = &r.def.examples;
        Some((ex.bad.first()?.trim(), ex.good.first()?.trim()))
    });
    let mut out = if markdown {
        format!("**{rule}** ({level})\n\n{description}")
    } else {
        format!("{rule} ({level})\n\n{description}")
    };
    if let Some((bad, good)) = example {
        if markdown {
            out.push_str(&format!("\n\n*Instead of:* {bad}  \n*Write:* {good}"));
        } else {
            out.push_str(&format!("\n\nInstead of: {bad}\nWrite: {good}"));
        }
    }
    if let Some(link) = link {
        if markdown {
            out.push_str(&format!("\n\n[More about {rule}]({link})"));
        } else {
            out.push_str(&format!("\n\nMore: {link}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::lsp::documents::PositionEncoding;
    use lsp_types::{CodeActionContext, TextDocumentIdentifier};
    use std::str::FromStr;

    fn setup(text: &str) -> (TextDocument, Published) {
        let doc = TextDocument::new(text.into(), 3, "markdown".into(), PositionEncoding::Utf16);
        let target = LintTarget {
            linter: crate::lsp::builtin_linter(),
            glob_path: "a.md".into(),
            file_path: "a.md".into(),
            min_level: Severity::Suggestion,
        };
        let linted = diagnostics::lint(&doc, &target);
        (doc, Published { linted, target })
    }

    fn params(published: &Published, only: Option<Vec<CodeActionKind>>) -> CodeActionParams {
        let diagnostics = published.linted.diagnostics.clone();
        CodeActionParams {
            text_document: TextDocumentIdentifier {
                uri: Uri::from_str("file:///a.md").unwrap(),
            },
            range: diagnostics[0].range,
            context: CodeActionContext {
                diagnostics,
                only,
                trigger_kind: None,
            },
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        }
    }

    const CLIENT: ClientSupport = ClientSupport {
        encoding: PositionEncoding::Utf16,
        watch_files: false,
        watch_outside: false,
        pull_configuration: false,
        document_changes: false,
        hover_markdown: true,
    };

    fn titles(actions: &[CodeActionOrCommand]) -> Vec<String> {
        actions
            .iter()
            .map(|a| match a {
                CodeActionOrCommand::CodeAction(a) => a.title.clone(),
                CodeActionOrCommand::Command(c) => c.title.clone(),
            })
            .collect()
    }

    #[test]
    fn quick_fix_disable_and_fix_all() {
        let (doc, published) = setup("Our costumer called.\nWe are dependant on them.\n");
        let actions = code_actions(&params(&published, None), &doc, Some(&published), CLIENT);
        let titles = titles(&actions);
        assert!(
            titles.contains(&"Replace with 'customer'".to_string()),
            "{titles:?}"
        );
        assert!(titles.contains(&"Disable Business.Costumer for this paragraph".to_string()));
        assert!(titles.contains(&"Disable Business.DependantOn for this paragraph".to_string()));
        let only_fix_all = code_actions(
            &params(&published, Some(vec![CodeActionKind::SOURCE_FIX_ALL])),
            &doc,
            Some(&published),
            CLIENT,
        );
        // Whether fix-all is offered depends on the built-in rules' `fix:`
        // levels; when it is, it is the only action of that kind.
        assert!(titles_all(&only_fix_all, "Fix all safe parlance issues"));
    }

    #[test]
    fn spelling_corrections_are_offered_as_quick_fixes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".vale.ini"), "[*]\nBasedOnStyles = Vale\n").unwrap();
        let config = crate::config::Config::load(&dir.path().join(".vale.ini")).unwrap();
        let doc = TextDocument::new(
            "A typpo here.\n".into(),
            3,
            "markdown".into(),
            PositionEncoding::Utf16,
        );
        let target = LintTarget {
            linter: std::sync::Arc::new(crate::lint::Linter::new(config)),
            glob_path: "a.md".into(),
            file_path: "a.md".into(),
            min_level: Severity::Suggestion,
        };
        let linted = diagnostics::lint(&doc, &target);
        let published = Published { linted, target };
        let titles = titles(&code_actions(
            &params(&published, None),
            &doc,
            Some(&published),
            CLIENT,
        ));
        assert!(
            titles.contains(&"Replace with 'typo'".to_string()),
            "{titles:?}"
        );
    }

    fn titles_all(actions: &[CodeActionOrCommand], title: &str) -> bool {
        titles(actions).iter().all(|t| t == title)
    }

    #[test]
    fn edits_are_versioned_when_the_client_checks_versions() {
        let (doc, published) = setup("Our costumer called.\n");
        let client = ClientSupport {
            document_changes: true,
            ..CLIENT
        };
        let actions = code_actions(&params(&published, None), &doc, Some(&published), client);
        let CodeActionOrCommand::CodeAction(first) = &actions[0] else {
            panic!("not a code action")
        };
        let edit = serde_json::to_value(first.edit.as_ref().unwrap()).unwrap();
        assert_eq!(edit["documentChanges"][0]["textDocument"]["version"], 3);
        assert_eq!(
            edit["documentChanges"][0]["edits"][0]["newText"],
            "customer"
        );
    }

    /// Guards issue #21: quick fixes were not checked against the document
    /// version they were computed for, so a client that applies edits
    /// unversioned wrote them over the wrong bytes after a keystroke.
    #[test]
    fn quick_fixes_for_an_older_version_are_not_offered() {
        let (mut doc, published) = setup("Our costumer called.\n");
        doc.apply_changes(
            4,
            vec![lsp_types::TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "Hello. Our costumer called.\n".into(),
            }],
        );
        let only = Some(vec![CodeActionKind::QUICKFIX]);
        let actions = code_actions(&params(&published, only), &doc, Some(&published), CLIENT);
        assert!(actions.is_empty(), "{:?}", titles(&actions));
    }

    #[test]
    fn hover_explains_the_rule() {
        let (_, published) = setup("Our costumer called.\n");
        let h = hover(Position::new(0, 6), &published, true).unwrap();
        let HoverContents::Markup(m) = h.contents else {
            panic!("markup expected")
        };
        assert!(
            m.value.starts_with("**Business.Costumer** ("),
            "{}",
            m.value
        );
        assert!(m.value.contains("costumes"), "{}", m.value);
        assert!(hover(Position::new(0, 1), &published, true).is_none());
    }
}
