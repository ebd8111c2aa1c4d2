//! `parlance lsp`: the language server, over standard input and output.
//!
//! It runs the same pipeline as the command line, in process, on the
//! editor's unsaved text. One main loop owns all state and handles every
//! message in order; linting runs on one worker thread so requests are
//! answered meanwhile.
//!
//! | message | what happens |
//! |---|---|
//! | `initialize` | position encoding negotiated (utf-8 if offered, else utf-16), capabilities and `serverInfo` sent |
//! | `initialized` | watchers for config and style files registered, settings pulled (when the client can) |
//! | `textDocument/didOpen`, `didChange` | text updated (incremental edits); the version is linted and `publishDiagnostics` sent, unless a newer version came in meanwhile |
//! | `textDocument/didClose` | diagnostics cleared |
//! | `textDocument/didSave` | a saved config or rule file is re-read |
//! | `textDocument/codeAction` | quick fix, disable-for-paragraph, `source.fixAll.parlance` |
//! | `textDocument/hover` | the rule's description, level and link |
//! | `workspace/didChangeConfiguration` | settings `configPath`, `minLevel`; everything re-linted |
//! | `workspace/didChangeWatchedFiles` | configuration re-read; everything re-linted |
//! | `shutdown`, `exit` | exit status 0 after `shutdown`, 1 without |
//!
//! A session by hand (each message framed with a `Content-Length` header):
//!
//! ```text
//! → {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}
//! ← {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"positionEncoding":"utf-16",…},"serverInfo":{"name":"parlance",…}}}
//! → {"jsonrpc":"2.0","method":"initialized","params":{}}
//! → {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/a.md","languageId":"markdown","version":1,"text":"Our costumer called.\n"}}}
//! ← {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///tmp/a.md","diagnostics":[{"code":"Business.Costumer",…}],"version":1}}
//! → {"jsonrpc":"2.0","id":2,"method":"shutdown"}
//! ← {"jsonrpc":"2.0","id":2,"result":null}
//! → {"jsonrpc":"2.0","method":"exit"}
//! ```

mod capabilities;
pub mod convert;
pub mod diagnostics;
pub mod documents;
mod handlers;
pub mod transport;
mod worker;
mod workspace;

use std::any::Any;
use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;

use crossbeam_channel::select;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument,
    DidOpenTextDocument, DidSaveTextDocument, Initialized, LogMessage, Notification as _,
    PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{
    CodeActionRequest, HoverRequest, RegisterCapability, Request as _, Shutdown,
    WorkspaceConfiguration,
};
use lsp_types::{
    ConfigurationItem, ConfigurationParams, DidChangeConfigurationParams,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, FileSystemWatcher, GlobPattern,
    InitializeParams, InitializeResult, LogMessageParams, MessageType, OneOf, Registration,
    RegistrationParams, RelativePattern, ServerInfo, ShowMessageParams, Uri,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::config::{global_config_places, CONFIG_NAMES};
use capabilities::ClientSupport;
use diagnostics::LintTarget;
use documents::TextDocument;
use handlers::Published;
use worker::{LintJob, LintResult, Worker};
use workspace::{Settings, UserMessage, Workspace};

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    /// `exit` after `shutdown`: the process exits 0.
    Shutdown,
    /// `exit` without `shutdown`, or the client went away: the protocol
    /// asks for exit status 1.
    Abandoned,
}

/// Runs the server on stdin/stdout until `exit`.
pub fn run() -> std::io::Result<SessionEnd> {
    let (connection, io_threads) = transport::stdio();
    let status = serve(&connection)?;
    // The writer thread ends when the last sender is gone.
    drop(connection);
    io_threads.join()?;
    Ok(status)
}

/// The whole session on `connection`: initialization, then the main loop.
/// Separate from [`run`] so tests can drive it over `Connection::memory()`.
pub fn serve(connection: &Connection) -> std::io::Result<SessionEnd> {
    let Some(params) = initialize(connection)? else {
        return Ok(SessionEnd::Abandoned);
    };
    let mut server = Server::new(connection, &params)?;
    Ok(server.main_loop())
}

/// Waits for `initialize` and answers it. `None` when the client left
/// before initializing.
fn initialize(connection: &Connection) -> std::io::Result<Option<InitializeParams>> {
    loop {
        let (id, value) = match connection.initialize_start() {
            Ok(start) => start,
            // `exit` or end of input before `initialize`.
            Err(_) => return Ok(None),
        };
        let params: InitializeParams = match serde_json::from_value(value) {
            Ok(p) => p,
            Err(e) => {
                send(
                    connection,
                    Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string()),
                );
                continue;
            }
        };
        let support = ClientSupport::from_capabilities(&params.capabilities);
        let result = InitializeResult {
            capabilities: capabilities::server_capabilities(support.encoding),
            server_info: Some(ServerInfo {
                name: "parlance".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        // Answered here rather than with `initialize_finish`, which insists
        // the next message be `initialized`; the main loop takes that.
        send(connection, Response::new_ok(id, result));
        return Ok(Some(params));
    }
}

fn send(connection: &Connection, message: impl Into<Message>) {
    // Fails only when the client is gone; the main loop then ends on its own.
    let _ = connection.sender.send(message.into());
}

/// An open document and what was last published for it.
#[derive(Debug)]
struct OpenDocument {
    document: Arc<TextDocument>,
    path: Option<PathBuf>,
    /// `None` when no configuration could be loaded for it.
    target: Option<LintTarget>,
    published: Option<Published>,
}

/// Requests we sent and wait on.
#[derive(Debug, Clone, Copy)]
enum Outgoing {
    Configuration,
    Registration,
}

struct Server<'a> {
    connection: &'a Connection,
    client: ClientSupport,
    workspace: Workspace,
    documents: HashMap<Uri, OpenDocument>,
    worker: Worker,
    outgoing: HashMap<RequestId, Outgoing>,
    next_request: i32,
    shutdown_requested: bool,
}

impl<'a> Server<'a> {
    fn new(connection: &'a Connection, params: &InitializeParams) -> std::io::Result<Server<'a>> {
        let client = ClientSupport::from_capabilities(&params.capabilities);
        #[allow(deprecated)] // root_uri is what older clients send.
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| &f.uri)
            .or(params.root_uri.as_ref())
            .and_then(convert::uri_to_path);
        let mut server = Server {
            connection,
            client,
            workspace: Workspace::new(root, Settings::default()),
            documents: HashMap::new(),
            worker: Worker::spawn()?,
            outgoing: HashMap::new(),
            next_request: 0,
            shutdown_requested: false,
        };
        if let Some(options) = &params.initialization_options {
            server.apply_settings(options);
        }
        Ok(server)
    }

    fn main_loop(&mut self) -> SessionEnd {
        loop {
            select! {
                recv(self.connection.receiver) -> message => match message {
                    Ok(Message::Request(request)) => self.on_request(request),
                    Ok(Message::Notification(n)) if n.method == "exit" => {
                        return if self.shutdown_requested {
                            SessionEnd::Shutdown
                        } else {
                            SessionEnd::Abandoned
                        };
                    }
                    Ok(Message::Notification(n)) => self.on_notification(n),
                    Ok(Message::Response(r)) => self.on_response(r),
                    // The client closed the pipe without `exit`.
                    Err(_) => return SessionEnd::Abandoned,
                },
                recv(self.worker.results) -> result => {
                    if let Ok(result) = result {
                        self.on_linted(result);
                    }
                }
            }
        }
    }

    fn send(&self, message: impl Into<Message>) {
        send(self.connection, message)
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params));
    }

    fn request<R: lsp_types::request::Request>(&mut self, params: R::Params, kind: Outgoing) {
        self.next_request += 1;
        let id = RequestId::from(format!("parlance/{}", self.next_request));
        self.outgoing.insert(id.clone(), kind);
        self.send(Request::new(id, R::METHOD.to_string(), params));
    }

    fn tell(&self, message: UserMessage) {
        if message.show {
            self.notify::<ShowMessage>(ShowMessageParams {
                typ: message.kind,
                message: message.text.clone(),
            });
        }
        self.log(message.kind, message.text);
    }

    fn log(&self, typ: MessageType, message: String) {
        self.notify::<LogMessage>(LogMessageParams { typ, message });
    }

    // ---- requests ----

    /// Every request gets exactly one response, even when its handler
    /// panics: the panic is caught here and answered with InternalError.
    fn on_request(&mut self, request: Request) {
        let id = request.id.clone();
        let method = request.method.clone();
        let response = guarded(id, &method, || self.dispatch(request));
        if let Err(e) = &response.response_result {
            if e.code == ErrorCode::InternalError as i32 {
                self.log(MessageType::ERROR, e.message.clone());
            }
        }
        self.send(response);
    }

    fn dispatch(&mut self, request: Request) -> Response {
        let Request { id, method, params } = request;
        if self.shutdown_requested {
            return Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".into(),
            );
        }
        match method.as_str() {
            Shutdown::METHOD => {
                self.shutdown_requested = true;
                Response::new_ok(id, ())
            }
            CodeActionRequest::METHOD => respond::<CodeActionRequest>(id, params, |p| {
                let open = self.documents.get(&p.text_document.uri)?;
                Some(handlers::code_actions(
                    &p,
                    &open.document,
                    open.published.as_ref(),
                    self.client,
                ))
            }),
            HoverRequest::METHOD => respond::<HoverRequest>(id, params, |p| {
                let position = &p.text_document_position_params;
                let open = self.documents.get(&position.text_document.uri)?;
                handlers::hover(
                    position.position,
                    open.published.as_ref()?,
                    self.client.hover_markdown,
                )
            }),
            _ => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("unknown request {method}"),
            ),
        }
    }

    // ---- notifications ----

    fn on_notification(&mut self, notification: Notification) {
        let method = notification.method.clone();
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
            self.dispatch_notification(notification)
        }));
        let problem = match outcome {
            Ok(Ok(())) => return,
            Ok(Err(e)) => format!("parlance: ignored {method}: {e}"),
            Err(p) => format!("parlance: {method} failed: {}", panic_message(p.as_ref())),
        };
        // A notification has no reply; the log is where the user can look.
        self.log(MessageType::ERROR, problem);
    }

    fn dispatch_notification(&mut self, n: Notification) -> Result<(), String> {
        match n.method.as_str() {
            Initialized::METHOD => self.on_initialized(),
            DidOpenTextDocument::METHOD => {
                let p: DidOpenTextDocumentParams = params(n.params)?;
                self.on_open(p);
            }
            DidChangeTextDocument::METHOD => {
                let p: DidChangeTextDocumentParams = params(n.params)?;
                self.on_change(p);
            }
            DidCloseTextDocument::METHOD => {
                let p: DidCloseTextDocumentParams = params(n.params)?;
                self.documents.remove(&p.text_document.uri);
                self.publish(&p.text_document.uri, &[], None);
            }
            DidSaveTextDocument::METHOD => {
                let p: DidSaveTextDocumentParams = params(n.params)?;
                // For clients that cannot watch files: saving a config or
                // rule file from the editor reloads too.
                if convert::uri_to_path(&p.text_document.uri)
                    .is_some_and(|path| workspace::affects_config(&path))
                {
                    self.reload();
                }
            }
            DidChangeConfiguration::METHOD => {
                let p: DidChangeConfigurationParams = params(n.params)?;
                if !self.apply_settings(&p.settings) && self.client.pull_configuration {
                    // Clients with pull configuration send `null` here and
                    // expect us to ask.
                    self.pull_settings();
                }
            }
            DidChangeWatchedFiles::METHOD => {
                let p: DidChangeWatchedFilesParams = params(n.params)?;
                let relevant = p.changes.iter().any(|c| {
                    convert::uri_to_path(&c.uri)
                        .is_some_and(|path| workspace::affects_config(&path))
                });
                if relevant {
                    self.reload();
                }
            }
            // `$/cancelRequest`, `$/setTrace` and the like: requests are
            // answered in order and quickly, so there is nothing to cancel.
            _ => {}
        }
        Ok(())
    }

    fn on_initialized(&mut self) {
        if self.client.watch_files {
            let names = CONFIG_NAMES.iter().map(|n| format!("**/{n}")).chain(
                ["**/*.yml", "**/*.yaml", "**/accept.txt", "**/reject.txt"].map(String::from),
            );
            let mut watchers: Vec<FileSystemWatcher> = names
                .map(|glob| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(glob),
                    kind: None,
                })
                .collect();
            // The global config lives outside the workspace.
            if self.client.watch_outside {
                watchers.extend(global_config_places().into_iter().filter_map(|file| {
                    Some(FileSystemWatcher {
                        glob_pattern: GlobPattern::Relative(RelativePattern {
                            base_uri: OneOf::Right(convert::path_to_uri(file.parent()?)?),
                            pattern: file.file_name()?.to_string_lossy().into_owned(),
                        }),
                        kind: None,
                    })
                }));
            }
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let registration = Registration {
                id: "parlance/watch-config".into(),
                method: DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(options).ok(),
            };
            self.request::<RegisterCapability>(
                RegistrationParams {
                    registrations: vec![registration],
                },
                Outgoing::Registration,
            );
        }
        if self.client.pull_configuration {
            self.pull_settings();
        }
    }

    fn pull_settings(&mut self) {
        self.request::<WorkspaceConfiguration>(
            ConfigurationParams {
                items: vec![ConfigurationItem {
                    scope_uri: None,
                    section: Some("parlance".into()),
                }],
            },
            Outgoing::Configuration,
        );
    }

    fn on_response(&mut self, response: Response) {
        match (self.outgoing.remove(&response.id), response.response_result) {
            (Some(Outgoing::Configuration), Ok(value)) => {
                // The answer is an array with one entry per item asked for.
                let section = value.get(0).cloned().unwrap_or(Value::Null);
                // Clients differ: the section's content, or the content
                // still under a `parlance` key.
                if section.get("parlance").is_some() {
                    self.apply_settings(&section);
                } else if !section.is_null() {
                    self.apply_settings(&serde_json::json!({ "parlance": section }));
                }
            }
            (Some(kind), Err(e)) => {
                self.log(
                    MessageType::WARNING,
                    format!("parlance: the client refused {kind:?}: {}", e.message),
                );
            }
            _ => {}
        }
    }

    /// Takes settings from a JSON value if it holds any; re-lints when they
    /// changed. Returns whether the value held settings of ours.
    fn apply_settings(&mut self, value: &Value) -> bool {
        match Settings::from_json(value) {
            Ok(Some(settings)) => {
                if self.workspace.set_settings(settings) {
                    self.retarget_all();
                }
                true
            }
            Ok(None) => false,
            Err(e) => {
                self.tell(UserMessage {
                    kind: MessageType::ERROR,
                    text: format!("parlance: {e}"),
                    show: true,
                });
                true
            }
        }
    }

    /// Config files changed on disk.
    fn reload(&mut self) {
        self.workspace.config_files_changed();
        self.retarget_all();
    }

    /// Resolves every open document's configuration again and re-lints.
    fn retarget_all(&mut self) {
        let uris: Vec<Uri> = self.documents.keys().cloned().collect();
        for uri in uris {
            self.retarget(&uri);
            self.schedule(&uri);
        }
    }

    fn retarget(&mut self, uri: &Uri) {
        let Some(open) = self.documents.get(uri) else {
            return;
        };
        let (target, messages) = self
            .workspace
            .target_for(open.path.as_deref(), &open.document.language_id);
        if let Some(open) = self.documents.get_mut(uri) {
            open.target = target;
        }
        for m in messages {
            self.tell(m);
        }
    }

    fn on_open(&mut self, p: DidOpenTextDocumentParams) {
        let item = p.text_document;
        let document = TextDocument::new(
            item.text,
            item.version,
            item.language_id,
            self.client.encoding,
        );
        let open = OpenDocument {
            document: Arc::new(document),
            path: convert::uri_to_path(&item.uri),
            target: None,
            published: None,
        };
        self.documents.insert(item.uri.clone(), open);
        self.retarget(&item.uri);
        self.schedule(&item.uri);
    }

    fn on_change(&mut self, p: DidChangeTextDocumentParams) {
        let uri = p.text_document.uri;
        let Some(open) = self.documents.get_mut(&uri) else {
            return;
        };
        // Copies the text only if the worker still holds this version.
        Arc::make_mut(&mut open.document).apply_changes(p.text_document.version, p.content_changes);
        self.schedule(&uri);
    }

    /// Queues the document's current version for linting.
    fn schedule(&mut self, uri: &Uri) {
        let Some(open) = self.documents.get(uri) else {
            return;
        };
        match &open.target {
            Some(target) => self.worker.submit(LintJob {
                uri: uri.clone(),
                document: Arc::clone(&open.document),
                target: target.clone(),
            }),
            // Nothing to lint with: whatever was shown is no longer right.
            None => {
                let version = open.document.version;
                self.publish(uri, &[], Some(version));
                if let Some(open) = self.documents.get_mut(uri) {
                    open.published = None;
                }
            }
        }
    }

    fn on_linted(&mut self, result: LintResult) {
        let open_version = self.documents.get(&result.uri).map(|d| d.document.version);
        if !result.is_current(open_version) {
            return;
        }
        let linted = match result.outcome {
            Ok(linted) => linted,
            Err(panic) => {
                self.log(
                    MessageType::ERROR,
                    format!("parlance: linting {} failed: {panic}", result.uri.as_str()),
                );
                return;
            }
        };
        for rule in &linted.aborted {
            self.log(
                MessageType::WARNING,
                format!("parlance: {}: {rule}", result.uri.as_str()),
            );
        }
        self.publish(&result.uri, &linted.diagnostics, Some(linted.version));
        if let Some(open) = self.documents.get_mut(&result.uri) {
            open.published = Some(Published {
                linted,
                target: result.target,
            });
        }
    }

    /// Sends `textDocument/publishDiagnostics`, serialized from borrowed
    /// diagnostics: they are also kept for code actions and hover, and a
    /// deep copy of a few hundred of them costs more than linting a page.
    fn publish(&self, uri: &Uri, diagnostics: &[lsp_types::Diagnostic], version: Option<i32>) {
        #[derive(serde::Serialize)]
        struct Params<'p> {
            uri: &'p Uri,
            diagnostics: &'p [lsp_types::Diagnostic],
            #[serde(skip_serializing_if = "Option::is_none")]
            version: Option<i32>,
        }
        self.send(Notification::new(
            PublishDiagnostics::METHOD.to_string(),
            Params {
                uri,
                diagnostics,
                version,
            },
        ));
    }
}

/// Parses a message's params, or says what is wrong with them.
fn params<P: DeserializeOwned>(value: Value) -> Result<P, String> {
    serde_json::from_value(value).map_err(|e| format!("invalid params: {e}"))
}

/// Runs a typed request handler: bad params are InvalidParams, anything
/// else is the handler's result (which may be `null`).
fn respond<R: lsp_types::request::Request>(
    id: RequestId,
    value: Value,
    handler: impl FnOnce(R::Params) -> R::Result,
) -> Response {
    match serde_json::from_value::<R::Params>(value) {
        Ok(p) => Response::new_ok(id, handler(p)),
        Err(e) => Response::new_err(
            id,
            ErrorCode::InvalidParams as i32,
            format!("invalid params for {}: {e}", R::METHOD),
        ),
    }
}

/// Runs `handler`, turning a panic into an InternalError response so the
/// client still gets its one answer and the server keeps going.
fn guarded(id: RequestId, method: &str, handler: impl FnOnce() -> Response) -> Response {
    panic::catch_unwind(AssertUnwindSafe(handler)).unwrap_or_else(|p| {
        Response::new_err(
            id,
            ErrorCode::InternalError as i32,
            format!("parlance: {method} failed: {}", panic_message(p.as_ref())),
        )
    })
}

/// The text of a caught panic.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

/// The built-in configuration's linter, for unit tests.
#[cfg(test)]
pub(crate) fn builtin_linter() -> Arc<crate::lint::Linter> {
    crate::lint::Linter::builtin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_handler_is_an_internal_error_not_a_crash() {
        let r = guarded(RequestId::from(7), "textDocument/hover", || {
            panic!("boom {}", 1)
        });
        assert_eq!(r.id, RequestId::from(7));
        let e = r.response_result.unwrap_err();
        assert_eq!(e.code, ErrorCode::InternalError as i32);
        assert_eq!(e.message, "parlance: textDocument/hover failed: boom 1");
        let ok = guarded(RequestId::from(8), "x", || {
            Response::new_ok(RequestId::from(8), ())
        });
        assert!(ok.response_result.is_ok());
    }

    #[test]
    fn malformed_params_are_invalid_params() {
        let r = respond::<HoverRequest>(RequestId::from(1), serde_json::json!({"x": 1}), |_| None);
        let e = r.response_result.unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParams as i32);
    }
}
