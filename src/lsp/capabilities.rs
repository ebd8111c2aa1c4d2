//! What the client can do, read once from `initialize`, and what we tell
//! it we can do.

use lsp_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    HoverProviderCapability, MarkupKind, SaveOptions, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};

use super::documents::PositionEncoding;

/// The code action kind of "apply every safe fix".
pub const FIX_ALL: &str = "source.fixAll.parlance";

/// The client features that change what we send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientSupport {
    pub encoding: PositionEncoding,
    /// `client/registerCapability` for `workspace/didChangeWatchedFiles`.
    pub watch_files: bool,
    /// Watch patterns relative to a folder outside the workspace (the
    /// global config's).
    pub watch_outside: bool,
    /// `workspace/configuration` requests.
    pub pull_configuration: bool,
    /// Versioned `documentChanges` in workspace edits (so the client
    /// refuses an edit computed for an older text).
    pub document_changes: bool,
    /// Markdown in hovers.
    pub hover_markdown: bool,
}

impl ClientSupport {
    pub fn from_capabilities(caps: &ClientCapabilities) -> ClientSupport {
        let workspace = caps.workspace.as_ref();
        let text = caps.text_document.as_ref();
        ClientSupport {
            encoding: PositionEncoding::negotiate(
                caps.general
                    .as_ref()
                    .and_then(|g| g.position_encodings.as_deref()),
            ),
            watch_files: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            watch_outside: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.relative_pattern_support)
                .unwrap_or(false),
            pull_configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
            document_changes: workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            // Without a stated preference, markdown: nearly every client
            // renders it and plain text shows it readably anyway.
            hover_markdown: text
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                .is_none_or(|formats| {
                    formats.is_empty() || formats.contains(&MarkupKind::Markdown)
                }),
        }
    }
}

/// Our side of `initialize`.
pub fn server_capabilities(encoding: PositionEncoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                will_save: None,
                will_save_wait_until: None,
                // The text is already ours from didChange.
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::from(FIX_ALL),
            ]),
            work_done_progress_options: Default::default(),
            resolve_provider: Some(false),
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_client_capabilities() {
        let caps: ClientCapabilities = serde_json::from_value(json!({
            "general": {"positionEncodings": ["utf-8", "utf-16"]},
            "workspace": {
                "configuration": true,
                "didChangeWatchedFiles": {"dynamicRegistration": true},
                "workspaceEdit": {"documentChanges": true}
            },
            "textDocument": {"hover": {"contentFormat": ["plaintext"]}}
        }))
        .unwrap();
        let support = ClientSupport::from_capabilities(&caps);
        assert_eq!(
            support,
            ClientSupport {
                encoding: PositionEncoding::Utf8,
                watch_files: true,
                watch_outside: false,
                pull_configuration: true,
                document_changes: true,
                hover_markdown: false,
            }
        );
        let bare = ClientSupport::from_capabilities(&ClientCapabilities::default());
        assert_eq!(bare.encoding, PositionEncoding::Utf16);
        assert!(!bare.watch_files && !bare.pull_configuration && bare.hover_markdown);
    }

    #[test]
    fn advertises_incremental_sync_and_the_encoding() {
        let caps = serde_json::to_value(server_capabilities(PositionEncoding::Utf16)).unwrap();
        assert_eq!(caps["positionEncoding"], "utf-16");
        assert_eq!(caps["textDocumentSync"]["change"], 2);
        assert_eq!(caps["textDocumentSync"]["openClose"], true);
        assert_eq!(
            caps["codeActionProvider"]["codeActionKinds"],
            json!(["quickfix", "source.fixAll.parlance"])
        );
        assert_eq!(caps["hoverProvider"], true);
    }
}
