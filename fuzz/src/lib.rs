//! The properties the fuzz targets check, one function per target. They
//! take raw bytes and panic when a property fails, so libFuzzer reports a
//! crash; `tests/it/fuzz_seeds.rs` in the main crate runs the same functions
//! over every committed seed on stable Rust.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use lsp_types::{Position, TextDocumentContentChangeEvent, Uri};
use parlance::check::rules::{read, Read};
use parlance::config::Config;
use parlance::diagnostic::{Diagnostic, Severity};
use parlance::document::scope::units;
use parlance::document::sentences::sentences;
use parlance::document::Document;
use parlance::fix::{apply_once, fix_until_stable, FixMode};
use parlance::lint::LintOptions;
use parlance::lint::Linter;
use parlance::lsp::diagnostics::{lint, LintTarget};
use parlance::lsp::documents::{PositionEncoding, TextDocument};
use parlance::styles::{read_yaml, Origin, RuleSource};
use parlance_tengo::{compile_script, script_matches, Limits};
use serde_json::{json, Value};

/// File names the prose view is built for: one per format the document
/// stage reads.
pub const FORMATS: &[&str] = &[
    "fuzz.md",
    "fuzz.mdx",
    "fuzz.html",
    "fuzz.org",
    "fuzz.txt",
    "fuzz.py",
];

/// Compiles the styles before the first input, so that the fuzzer's time
/// limit measures the input, not the start-up.
pub fn init() {
    Linter::builtin();
    packages();
}

/// The ten public Vale packages beside the checkout (`shared/vale-styles`,
/// with the Vale oracle's config), when they are there.
pub fn packages() -> Option<&'static Linter> {
    static LINTER: OnceLock<Option<Linter>> = OnceLock::new();
    LINTER
        .get_or_init(|| {
            let ini = Path::new(env!("CARGO_MANIFEST_DIR"))
                .ancestors()
                .map(|a| a.join("shared/vale-oracle/vale.ini"))
                .find(|p| p.is_file())?;
            Config::load(&ini).ok().map(Linter::new)
        })
        .as_ref()
}

fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

fn assert_span(text: &str, range: &Range<usize>, what: &str) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{what} {range:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what} {range:?} not on char boundaries"
    );
}

/// The prose view of any text, in every format: same length and line
/// breaks as the source; every block, code span, HTML span, scope unit and
/// sentence on char boundaries.
pub fn prose_view(data: &[u8]) {
    let source = text_of(data);
    for name in FORMATS {
        let doc = Document::from_path_and_text(Path::new(name), source.clone());
        check_document(&doc);
        check_document(&Document::plain(source.clone(), "txt"));
    }
}

fn check_document(doc: &Document) {
    assert_eq!(doc.prose.len(), doc.source.len(), "prose view length");
    for (i, (s, p)) in doc.source.bytes().zip(doc.prose.bytes()).enumerate() {
        if matches!(s, b'\n' | b'\r') || matches!(p, b'\n' | b'\r') {
            assert_eq!(s, p, "line break changed at byte {i}");
        }
    }
    let spans = doc
        .blocks
        .iter()
        .map(|b| (&b.range, "block"))
        .chain(doc.code_spans.iter().map(|r| (r, "code span")))
        .chain(doc.html_spans.iter().map(|r| (r, "HTML span")));
    for (range, what) in spans {
        assert_span(&doc.source, range, what);
        assert_span(&doc.prose, range, what);
    }
    for unit in units(doc, true) {
        assert_span(&doc.source, &unit.range, "scope unit");
        let text = &doc.prose[unit.range.clone()];
        for sentence in sentences(text) {
            assert_span(text, &sentence, "sentence");
        }
        if let Some(compact) = doc.markup_free(unit.range.clone()) {
            assert_eq!(compact.text.len(), compact.map.len());
            assert!(compact.map.iter().all(|&at| at < doc.source.len()));
        }
    }
}

/// Rule YAML (first byte even) or config INI (odd) loads or errors with a
/// position inside the file, never panics.
pub fn rule_loading(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = text_of(rest);
    if selector % 2 == 0 {
        let source = RuleSource {
            path: "Fuzz/Rule.yml".into(),
            text: Arc::from(text.as_str()),
        };
        let origin = Origin::File(PathBuf::from("Fuzz/Rule.yml"));
        match read_yaml("Fuzz", "Rule", origin, source).and_then(|file| read(&file)) {
            Ok(Read::Rule(rule)) => {
                let level = rule.level;
                let config = Config::with_style("Fuzz");
                let _ = Linter::with_rules(config, vec![(*rule, level)]);
            }
            Ok(Read::Unsupported { .. }) => {}
            Err(e) => assert_span(&text, &e.range, "rule error"),
        }
    } else {
        // A folder that does not exist: styles are looked for, not found.
        match Config::from_text(Path::new("/nonexistent-fuzz/.vale.ini"), &text) {
            Ok(config) => {
                let _ = config.file_rules("a.md");
            }
            Err(problems) => {
                for e in &problems.errors {
                    assert_span(&text, &e.range, "config error");
                }
            }
        }
    }
}

/// Every diagnostic of the whole check, with the built-in style and the
/// public packages, lies inside the file on char boundaries, and so does
/// every edit of its fix.
pub fn check_spans(data: &[u8]) {
    let source = text_of(data);
    let builtin = Linter::builtin();
    let linters = std::iter::once(builtin.as_ref()).chain(packages());
    for linter in linters {
        for name in FORMATS {
            for d in lint_as(linter, name, &source) {
                check_diagnostic(&source, &d);
            }
        }
    }
}

fn check_diagnostic(source: &str, d: &Diagnostic) {
    assert_span(source, &d.range.range(), &d.rule);
    for edit in d.fix.iter().flat_map(|f| &f.edits) {
        assert_span(source, &edit.range.range(), &d.rule);
    }
}

/// What the command line reports for `source` named `name`.
pub fn lint_as(linter: &Linter, name: &str, source: &str) -> Vec<Diagnostic> {
    let options = LintOptions {
        min_level: Some(Severity::Suggestion),
        ..LintOptions::default()
    };
    linter
        .lint(name, source.to_string(), &options)
        .outcome
        .diagnostics
}

/// Fixes touch nothing outside their spans; fixing until stable converges,
/// and fixing the result again changes nothing.
pub fn fix_round_trip(data: &[u8]) {
    fix_round_trip_bytes(data);
    let source = text_of(data);
    let linter = Linter::builtin();
    let linter = linter.as_ref();
    let name = "fuzz.md";
    let check = |text: &str| lint_as(linter, name, text);
    let every = FixMode { unsafe_fixes: true };
    if let Some(pass) = apply_once(&source, &check(&source), every) {
        // Between the edits, the text is the original's, byte for byte.
        let (mut before, mut after) = (0, 0);
        for edit in &pass.edits {
            let kept = edit.range.start - before;
            assert_eq!(
                &pass.text[after..after + kept],
                &source[before..edit.range.start],
                "bytes outside the edits changed"
            );
            after += kept;
            assert_eq!(
                &pass.text[after..after + edit.replacement.len()],
                edit.replacement
            );
            after += edit.replacement.len();
            before = edit.range.end;
        }
        assert_eq!(&pass.text[after..], &source[before..]);
    }
    // `--fix` (safe fixes) must settle.
    let safe = FixMode {
        unsafe_fixes: false,
    };
    let fixed = fix_until_stable(source.clone(), check(&source), safe, check);
    assert!(fixed.converged, "safe fixes did not converge");
    let again = fix_until_stable(fixed.text.clone(), fixed.diagnostics, safe, check);
    assert_eq!(again.fixes, 0, "fixing the fixed text changed it again");
}

/// `--fix` on raw bytes in any encoding: what is read as text either
/// encodes back to exactly the bytes read (so a fix changes only its
/// edits' bytes, checked by fixing and comparing outside the edits), or is
/// marked lossy, which `--fix` refuses to write.
fn fix_round_trip_bytes(data: &[u8]) {
    use parlance::input::{decode, ReadOutcome};
    let ReadOutcome::Text {
        text,
        encoding,
        lossy,
        ..
    } = decode(data.to_vec(), "fuzz.md")
    else {
        return;
    };
    if lossy.is_some() {
        assert_ne!(encoding.encode(&text), data, "a lossless read marked lossy");
        return;
    }
    assert_eq!(
        encoding.encode(&text),
        data,
        "a lossy read not marked lossy"
    );
    let linter = Linter::builtin();
    let every = FixMode { unsafe_fixes: true };
    if let Some(pass) = apply_once(&text, &lint_as(linter.as_ref(), "fuzz.md", &text), every) {
        let written = encoding.encode(&pass.text);
        let first = pass.edits.first().map_or(text.len(), |e| e.range.start);
        let before = encoding.encode(&text[..first]);
        assert_eq!(&written[..before.len()], &data[..before.len()]);
        let last = pass.edits.last().map_or(text.len(), |e| e.range.end);
        let after = encoding.encode(&text[last..]);
        assert!(
            written.ends_with(&after),
            "bytes after the last edit changed"
        );
    }
}

/// Reads the structured inputs of the LSP targets from raw bytes.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }

    /// A length byte, then that many bytes as text.
    fn text(&mut self) -> Option<String> {
        let len = usize::from(self.byte()?).min(self.0.len());
        let (text, rest) = self.0.split_at(len);
        self.0 = rest;
        Some(text_of(text))
    }
}

/// Incremental edits: the server's text after any sequence of them is the
/// text a reference implementation of the protocol gives, and its
/// diagnostics are the command line's on that text.
pub fn lsp_edits(data: &[u8]) {
    let mut input = Bytes(data);
    let Some(flags) = input.byte() else { return };
    let encoding = if flags & 1 == 0 {
        PositionEncoding::Utf16
    } else {
        PositionEncoding::Utf8
    };
    let name = if flags & 2 == 0 {
        "fuzz.md"
    } else {
        "fuzz.txt"
    };
    let Some(initial) = input.text() else { return };
    let mut server = TextDocument::new(initial.clone(), 1, "markdown".into(), encoding);
    let mut reference = initial;
    let mut version = 1;
    while let (Some(kind), Some(a), Some(b), Some(c), Some(d), Some(text)) = (
        input.byte(),
        input.byte(),
        input.byte(),
        input.byte(),
        input.byte(),
        input.text(),
    ) {
        let range = (kind % 8 != 0).then(|| {
            lsp_types::Range::new(
                Position::new(u32::from(a % 8), u32::from(b)),
                Position::new(u32::from(c % 8), u32::from(d)),
            )
        });
        match &range {
            Some(range) => {
                let start = reference_offset(&reference, range.start, encoding);
                let end = reference_offset(&reference, range.end, encoding);
                reference.replace_range(start.min(end)..start.max(end), &text);
            }
            None => reference = text.clone(),
        }
        version += 1;
        let change = TextDocumentContentChangeEvent {
            range,
            range_length: None,
            text,
        };
        server.apply_changes(version, vec![change]);
        assert_eq!(server.text(), reference, "edited text differs");
    }
    let target = LintTarget {
        linter: Linter::builtin(),
        glob_path: name.into(),
        file_path: PathBuf::from(name),
        min_level: Severity::Suggestion,
    };
    let published = lint(&server, &target).diagnostics;
    let cli = lint_as(&Linter::builtin(), name, &reference);
    let published: Vec<(String, Position, Position)> = published
        .iter()
        .map(|d| (code(d), d.range.start, d.range.end))
        .collect();
    let expected: Vec<(String, Position, Position)> = cli
        .iter()
        .map(|d| {
            (
                d.rule.clone(),
                reference_position(&reference, d.range.start, encoding),
                reference_position(&reference, d.range.end, encoding),
            )
        })
        .collect();
    assert_eq!(published, expected, "LSP and CLI diagnostics differ");
}

fn code(d: &lsp_types::Diagnostic) -> String {
    match &d.code {
        Some(lsp_types::NumberOrString::String(s)) => s.clone(),
        other => format!("{other:?}"),
    }
}

/// The protocol's lines: each ends after `\n`, `\r\n` or a lone `\r`.
fn reference_lines(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let end = match bytes[i] {
            b'\n' => Some(i + 1),
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => Some(i + 2),
            b'\r' => Some(i + 1),
            _ => None,
        };
        match end {
            Some(end) => {
                lines.push(start..end);
                start = end;
                i = end;
            }
            None => i += 1,
        }
    }
    lines.push(start..bytes.len());
    lines
}

fn units_of(c: char, encoding: PositionEncoding) -> usize {
    match encoding {
        PositionEncoding::Utf8 => c.len_utf8(),
        PositionEncoding::Utf16 => c.len_utf16(),
    }
}

/// The byte offset of `position`: a line past the end is the end of the
/// text, a column past the line's content is its end, a column inside a
/// character is that character's start.
fn reference_offset(text: &str, position: Position, encoding: PositionEncoding) -> usize {
    let lines = reference_lines(text);
    let Some(line) = lines.get(position.line as usize) else {
        return text.len();
    };
    let content = text[line.clone()].trim_end_matches(['\n', '\r']);
    let mut column = 0;
    for (at, c) in content.char_indices() {
        column += units_of(c, encoding);
        if column > position.character as usize {
            return line.start + at;
        }
    }
    line.start + content.len()
}

fn reference_position(text: &str, offset: usize, encoding: PositionEncoding) -> Position {
    let lines = reference_lines(text);
    let line = lines
        .iter()
        .rposition(|l| l.start <= offset)
        .unwrap_or_default();
    let start = lines[line].start;
    let column: usize = text[start..offset]
        .chars()
        .map(|c| units_of(c, encoding))
        .sum();
    Position::new(line as u32, column as u32)
}

/// Methods the message target sends, so that arbitrary params reach the
/// real handlers rather than "method not found".
const METHODS: &[&str] = &[
    "textDocument/didOpen",
    "textDocument/didChange",
    "textDocument/didClose",
    "textDocument/didSave",
    "textDocument/codeAction",
    "textDocument/hover",
    "workspace/didChangeConfiguration",
    "workspace/didChangeWatchedFiles",
    "$/cancelRequest",
    "shutdown",
    "unknown/method",
];

/// Arbitrary JSON-RPC traffic: one message per line, a method picked by
/// its first byte and the rest as params (or a whole message when it
/// parses as one). The server answers every request, once, and ends
/// cleanly at `exit`.
pub fn lsp_messages(data: &[u8]) {
    let (server, client) = Connection::memory();
    let session = std::thread::spawn(move || parlance::lsp::serve(&server));
    let initialize = json!({ "capabilities": {} });
    let mut asked = vec![RequestId::from(0)];
    send(
        &client,
        Request::new(RequestId::from(0), "initialize".into(), initialize),
    );
    send(&client, Notification::new("initialized".into(), json!({})));
    for (i, line) in data.split(|&b| b == b'\n').enumerate() {
        let Some((&pick, rest)) = line.split_first() else {
            continue;
        };
        let params: Value = serde_json::from_slice(rest).unwrap_or(Value::Null);
        let message = match serde_json::from_value::<Message>(params.clone()) {
            Ok(Message::Notification(n)) if n.method == "exit" => continue,
            Ok(Message::Request(r)) if asked.contains(&r.id) => continue,
            Ok(message) => message,
            Err(_) => {
                let method = METHODS[usize::from(pick) % METHODS.len()].to_string();
                let params = with_known_uri(params);
                // Each method as what it is, and now and then as the other.
                let is_request = matches!(
                    method.as_str(),
                    "textDocument/codeAction"
                        | "textDocument/hover"
                        | "shutdown"
                        | "unknown/method"
                );
                if is_request != (pick >= 128) {
                    Request::new(RequestId::from(i as i32 + 1), method, params).into()
                } else {
                    Notification::new(method, params).into()
                }
            }
        };
        if let Message::Request(r) = &message {
            asked.push(r.id.clone());
        }
        send(&client, message);
    }
    send(&client, Notification::new("exit".into(), Value::Null));
    // Either end is fine: the fuzzed messages may or may not have shut the
    // session down; what matters is that it ended.
    let _end: parlance::lsp::SessionEnd = session
        .join()
        .expect("the server died")
        .expect("the server failed");
    let mut answered: Vec<RequestId> = client
        .receiver
        .try_iter()
        .filter_map(|m| match m {
            Message::Response(r) => Some(r.id),
            _ => None,
        })
        .collect();
    answered.sort_by_key(|id| id.to_string());
    asked.sort_by_key(|id| id.to_string());
    assert_eq!(answered, asked, "not every request got exactly one answer");
}

/// Points a `textDocument` in fuzzed params at one document the session
/// knows, so that edits and requests meet an open document.
fn with_known_uri(mut params: Value) -> Value {
    if let Some(doc) = params
        .get_mut("textDocument")
        .and_then(Value::as_object_mut)
    {
        let uri = Uri::from_str("file:///fuzz/a.md").expect("a valid URI");
        doc.insert("uri".into(), json!(uri.as_str()));
    }
    params
}

fn send(client: &Connection, message: impl Into<Message>) {
    client
        .sender
        .send(message.into())
        .expect("the server stopped reading");
}

/// The language server's framing: any bytes on stdin are read frame by
/// frame without a panic, no frame holds more than the cap in memory, and
/// the reader always moves forward (each frame consumes input) so it ends.
pub fn lsp_framing(data: &[u8]) {
    use parlance::lsp::transport::{read_frame, Frame, MAX_MESSAGE};
    let mut input = std::io::BufReader::with_capacity(64, data);
    let mut frames = 0;
    loop {
        match read_frame(&mut input) {
            Ok(Frame::Message(message)) => {
                let json = serde_json::to_vec(&message).expect("a read message serialises");
                assert!(json.len() as u64 <= 2 * MAX_MESSAGE + 64);
            }
            Ok(Frame::Skipped(why)) => assert!(why.ends_with("skipped"), "{why}"),
            Ok(Frame::End) | Err(_) => return,
        }
        frames += 1;
        assert!(frames <= data.len(), "a frame consumed no input");
    }
}

/// A Tengo script (the input, up to a `//scope` line; what follows is its
/// `scope`) compiles or fails at a line and column inside it; compiled, it
/// runs under small budgets to its end or to a budget error, never a
/// panic or a hang, and its matches lie inside `scope`.
pub fn tengo_scripts(data: &[u8]) {
    let text = text_of(data);
    let (script, scope) = text
        .split_once("\n//scope\n")
        .unwrap_or((text.as_str(), "# Title\n\nA paragraph, with TODO.\n"));
    match compile_script(script) {
        Ok(program) => {
            let limits = Limits {
                steps: 50_000,
                memory: 1 << 20,
            };
            // Byte offsets as the script gave them, in order and inside
            // `scope`; char boundaries are the rule type's to mend (a
            // script may point inside a character).
            if let Ok(found) = script_matches(&program, scope, limits) {
                for m in found {
                    assert!(m.begin <= m.end && m.end <= scope.len(), "{m:?}");
                }
            }
        }
        Err(e) => {
            let lines = script.split('\n').count() as u32;
            assert!(
                e.line >= 1 && e.line <= lines + 1 && e.column >= 1,
                "compile error at {}:{} outside a script of {lines} lines",
                e.line,
                e.column
            );
        }
    }
}
