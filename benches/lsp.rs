//! Re-linting after a keystroke in the language server, on a 200 KB
//! Markdown document (`fixtures/lsp/handbook-200k.md`: 25 pages of the 18F
//! handbook, CC0).
//!
//! - `keystroke/edit+lint`: apply one incremental edit (a character typed
//!   or deleted in the middle of the document) and lint that version into
//!   LSP diagnostics, as the worker thread does.
//! - `keystroke/round-trip`: the whole server in process (over
//!   `Connection::memory()`): a `didChange` in, the `publishDiagnostics`
//!   for that version out, JSON and all.
//!
//! `cargo bench --bench lsp`

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use lsp_types::{Position, Range, TextDocumentContentChangeEvent};
use serde_json::json;

use parlance::check::{check, RulesInEffect};
use parlance::config::Config;
use parlance::diagnostic::Severity;
use parlance::document::Document;
use parlance::lint::Linter;
use parlance::lsp::diagnostics::{lint, to_lsp, LintTarget};
use parlance::lsp::documents::{PositionEncoding, TextDocument};

fn fixture() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lsp/handbook-200k.md");
    std::fs::read_to_string(path).expect("fixture")
}

/// Typing a character at line 1000, or deleting it again: alternating keeps
/// the document the same size however many iterations run.
fn keystroke(n: u64) -> TextDocumentContentChangeEvent {
    let at = Position::new(1000, 0);
    if n % 2 == 0 {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(at, at)),
            range_length: None,
            text: "x".into(),
        }
    } else {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(at, Position::new(1000, 1))),
            range_length: None,
            text: String::new(),
        }
    }
}

fn edit_and_lint(c: &mut Criterion) {
    let text = fixture();
    let target = LintTarget {
        linter: Arc::new(Linter::new(Config::builtin())),
        glob_path: "handbook.md".into(),
        file_path: PathBuf::from("handbook.md"),
        min_level: Severity::Suggestion,
    };
    let mut doc = TextDocument::new(text, 1, "markdown".into(), PositionEncoding::Utf16);
    let found = lint(&doc, &target).diagnostics.len();
    assert!(
        found > 50,
        "the fixture should keep the linter busy: {found}"
    );
    // Where the time goes: the engine's two stages, then ours.
    let path = PathBuf::from("handbook.md");
    c.bench_function("stage/parse", |b| {
        b.iter(|| Document::from_path_and_text(&path, doc.text().to_string()))
    });
    let parsed = Document::from_path_and_text(&path, doc.text().to_string());
    let enabled = vec![true; target.linter.rules.rules.len()];
    let rules = RulesInEffect {
        enabled: &enabled,
        base_styles: &[],
        min_level: Severity::Suggestion,
    };
    let set = &target.linter.rules;
    c.bench_function("stage/check", |b| {
        b.iter(|| check(&parsed, set, rules, None))
    });
    c.bench_function("stage/to_lsp", |b| {
        b.iter_batched(
            || check(&parsed, set, rules, None),
            |outcome| to_lsp(&doc, outcome),
            criterion::BatchSize::SmallInput,
        )
    });
    let mut n = 0u64;
    c.bench_function("keystroke/edit+lint", |b| {
        b.iter(|| {
            n += 1;
            doc.apply_changes(n as i32 + 1, vec![keystroke(n)]);
            lint(&doc, &target)
        })
    });
}

fn round_trip(c: &mut Criterion) {
    let (server, client) = Connection::memory();
    let thread = std::thread::spawn(move || parlance::lsp::serve(&server));
    let uri = "file:///bench/handbook.md";
    let send = |m: Message| client.sender.send(m).expect("server alive");
    send(Message::Request(Request::new(
        RequestId::from(1),
        "initialize".into(),
        json!({"capabilities": {}}),
    )));
    let published = |version: i64| loop {
        match client.receiver.recv().expect("server alive") {
            Message::Notification(n)
                if n.method == "textDocument/publishDiagnostics"
                    && n.params["version"] == version =>
            {
                return n
            }
            _ => {}
        }
    };
    send(Message::Notification(Notification::new(
        "initialized".into(),
        json!({}),
    )));
    send(Message::Notification(Notification::new(
        "textDocument/didOpen".into(),
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": fixture()}}),
    )));
    published(1);
    let mut version = 1i64;
    c.bench_function("keystroke/round-trip", |b| {
        b.iter(|| {
            version += 1;
            send(Message::Notification(Notification::new(
                "textDocument/didChange".into(),
                json!({"textDocument": {"uri": uri, "version": version},
                       "contentChanges": [keystroke(version as u64)]}),
            )));
            published(version)
        })
    });
    send(Message::Request(Request::new(
        RequestId::from(2),
        "shutdown".into(),
        json!(null),
    )));
    send(Message::Notification(Notification::new(
        "exit".into(),
        json!(null),
    )));
    drop(client);
    let status = thread.join().expect("server thread");
    assert_eq!(status.ok(), Some(parlance::lsp::SessionEnd::Shutdown));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(5));
    targets = edit_and_lint, round_trip
}
criterion_main!(benches);
