//! `parlance lsp` end to end: the real binary, spoken to in JSON-RPC over
//! its standard input and output, as an editor would.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(20);

/// A scripted editor.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: mpsc::Receiver<Value>,
    /// Messages read while waiting for something else.
    backlog: Vec<Value>,
    next_id: i64,
    /// What to answer `workspace/configuration` with.
    settings: Value,
}

impl Client {
    fn start(dir: &Path) -> Client {
        // A config in the real home folder must not leak into tests.
        let mut child = crate::support::spawnable(dir)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("parlance starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let value: Value = serde_json::from_slice(&body).expect("JSON body");
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            backlog: Vec::new(),
            next_id: 0,
            settings: Value::Null,
        }
    }

    /// Starts the server and initializes it offering `encodings`, with
    /// `capabilities` merged into a basic set.
    fn initialized(dir: &Path, encodings: &[&str], capabilities: Value) -> (Client, Value) {
        let mut client = Client::start(dir);
        let mut caps = json!({
            "general": {"positionEncodings": encodings},
            "textDocument": {
                "publishDiagnostics": {},
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source"]}}}
            }
        });
        merge(&mut caps, capabilities);
        let result = client.request(
            "initialize",
            json!({"processId": null, "rootUri": uri(dir), "capabilities": caps}),
        );
        client.notify("initialized", json!({}));
        (client, result["result"].clone())
    }

    fn send(&mut self, message: Value) {
        let body = serde_json::to_vec(&message).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns the whole response message.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(&format!("the response to {method}"), |m| {
            m["id"] == id && m.get("method").is_none()
        })
    }

    /// The next message matching `pred`, answering the server's own
    /// requests on the way.
    fn wait(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let m = self.messages.recv_timeout(left).unwrap_or_else(|_| {
                panic!("timed out waiting for {what}; saw {:#?}", self.backlog)
            });
            if pred(&m) {
                return m;
            }
            match (m["method"].as_str(), m.get("id")) {
                (Some("workspace/configuration"), Some(id)) => {
                    let id = id.clone();
                    let answer = json!([self.settings.clone()]);
                    self.send(json!({"jsonrpc": "2.0", "id": id, "result": answer}));
                }
                (Some(_), Some(id)) => {
                    let id = id.clone();
                    self.backlog.push(m);
                    self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}));
                }
                _ => self.backlog.push(m),
            }
        }
    }

    /// The next diagnostics published for `uri` that satisfy `pred`.
    fn diagnostics_where(&mut self, uri: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let m = self.wait(&format!("diagnostics for {uri}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && pred(m["params"]["diagnostics"].as_array().unwrap())
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// The next diagnostics published for `uri` at `version`.
    fn diagnostics_at(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self.wait(&format!("diagnostics for {uri} v{version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn shutdown_and_exit(mut self) -> ExitStatus {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn merge(into: &mut Value, from: Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                merge(a.entry(k).or_insert(Value::Null), v);
            }
        }
        (slot, v) => *slot = v,
    }
}

fn uri(path: &Path) -> String {
    url::Url::from_file_path(path).unwrap().to_string()
}

fn with_code<'a>(diagnostics: &'a [Value], code: &str) -> Vec<&'a Value> {
    diagnostics.iter().filter(|d| d["code"] == code).collect()
}

fn pos(line: usize, character: usize) -> Value {
    json!({"line": line, "character": character})
}

/// Applies LSP text edits (in UTF-16 units) to `text`.
fn apply_utf16(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().unwrap() as usize;
        let character = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= character || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, t);
    }
    out
}

/// Every text edit in a code action, whichever shape the edit has.
fn action_edits(action: &Value) -> Vec<Value> {
    let edit = &action["edit"];
    let mut out = Vec::new();
    if let Some(changes) = edit["changes"].as_object() {
        for edits in changes.values() {
            out.extend(edits.as_array().unwrap().iter().cloned());
        }
    }
    if let Some(doc_changes) = edit["documentChanges"].as_array() {
        for dc in doc_changes {
            out.extend(dc["edits"].as_array().unwrap().iter().cloned());
        }
    }
    out
}

const UNICODE_LINE: &str = "😀 Привет, 日本語 and ๑ Thai. Our costumer called.";

#[test]
fn utf16_positions_are_exact_after_emoji_and_non_latin_text() {
    let dir = tempfile::tempdir().unwrap();
    let (mut c, init) = Client::initialized(dir.path(), &["utf-16"], json!({}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["serverInfo"]["name"], "parlance");
    let doc = uri(&dir.path().join("notes.md"));
    c.open(&doc, &format!("# Plan\n\n{UNICODE_LINE}\n"));
    let ds = c.diagnostics_at(&doc, 1);
    let hit = with_code(&ds, "Business.Costumer");
    assert_eq!(hit.len(), 1, "{ds:#?}");
    let before = &UNICODE_LINE[..UNICODE_LINE.find("costumer").unwrap()];
    let start = before.encode_utf16().count();
    assert_eq!(hit[0]["range"]["start"], pos(2, start));
    assert_eq!(hit[0]["range"]["end"], pos(2, start + 8));
    assert_eq!(hit[0]["severity"], 1, "error is Error");
    assert_eq!(hit[0]["source"], "parlance");
    assert!(hit[0]["message"].as_str().unwrap().contains("customer"));
    assert!(hit[0]["data"]["fix"]["edits"].is_array());
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn utf8_is_chosen_when_offered_and_positions_count_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut c, init) = Client::initialized(dir.path(), &["utf-16", "utf-8"], json!({}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let doc = uri(&dir.path().join("notes.md"));
    c.open(&doc, &format!("# Plan\n\n{UNICODE_LINE}\n"));
    let ds = c.diagnostics_at(&doc, 1);
    let hit = with_code(&ds, "Business.Costumer");
    let start = UNICODE_LINE.find("costumer").unwrap();
    assert_eq!(hit[0]["range"]["start"], pos(2, start));
    assert_eq!(hit[0]["range"]["end"], pos(2, start + 8));
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn incremental_edits_in_both_encodings() {
    for (encoding, width) in [("utf-16", 2), ("utf-8", 4)] {
        let dir = tempfile::tempdir().unwrap();
        let (mut c, _) = Client::initialized(dir.path(), &[encoding], json!({}));
        let doc = uri(&dir.path().join("notes.md"));
        c.open(&doc, "# Plan\n\n😀 Our costumer called.\n");
        assert_eq!(
            with_code(&c.diagnostics_at(&doc, 1), "Business.Costumer").len(),
            1
        );
        // "😀 Our " is the emoji's `width` units plus 5.
        let col = width + 5;
        c.change(
            &doc,
            2,
            json!([
                {"range": {"start": pos(2, col), "end": pos(2, col + 8)}, "text": "customer"},
                // Refers to the text after the first change.
                {"range": {"start": pos(3, 0), "end": pos(3, 0)}, "text": "😀 We are dependant on them.\n"},
            ]),
        );
        let ds = c.diagnostics_at(&doc, 2);
        assert!(
            with_code(&ds, "Business.Costumer").is_empty(),
            "{encoding}: {ds:#?}"
        );
        let dep = with_code(&ds, "Business.DependantOn");
        assert_eq!(dep.len(), 1, "{encoding}: {ds:#?}");
        assert_eq!(dep[0]["range"]["start"], pos(3, width + 8), "{encoding}");
        // A deletion across a line break.
        c.change(
            &doc,
            3,
            json!([{"range": {"start": pos(2, 0), "end": pos(3, width + 8)}, "text": "Our costumer is "}]),
        );
        let ds = c.diagnostics_at(&doc, 3);
        assert_eq!(
            with_code(&ds, "Business.Costumer")[0]["range"]["start"],
            pos(2, 4)
        );
        assert_eq!(
            with_code(&ds, "Business.DependantOn")[0]["range"]["start"],
            pos(2, 16)
        );
        assert!(c.shutdown_and_exit().success());
    }
}

#[test]
fn rapid_edits_end_with_the_latest_version() {
    let dir = tempfile::tempdir().unwrap();
    let (mut c, _) = Client::initialized(dir.path(), &["utf-16"], json!({}));
    let doc = uri(&dir.path().join("notes.md"));
    c.open(&doc, "Start.\n");
    for v in 2..=30 {
        let text = if v == 30 {
            "Our costumer.\n"
        } else {
            "Typing…\n"
        };
        c.change(&doc, v, json!([{"text": text}]));
    }
    let ds = c.diagnostics_at(&doc, 30);
    assert_eq!(with_code(&ds, "Business.Costumer").len(), 1);
    // Whatever was published on the way came in version order: a result for
    // an older version never lands after a newer one.
    let versions: Vec<i64> = c
        .backlog
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .filter_map(|m| m["params"]["version"].as_i64())
        .collect();
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    assert!(versions.iter().all(|&v| v < 30));
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn closing_clears_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let (mut c, _) = Client::initialized(dir.path(), &["utf-16"], json!({}));
    let doc = uri(&dir.path().join("notes.md"));
    c.open(&doc, "Our costumer called.\n");
    assert!(!c.diagnostics_at(&doc, 1).is_empty());
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": doc}}),
    );
    let cleared = c.diagnostics_where(&doc, |ds| ds.is_empty());
    assert!(cleared.is_empty());
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn code_actions_quick_fix_disable_for_paragraph_and_fix_all() {
    let dir = tempfile::tempdir().unwrap();
    let (mut c, _) = Client::initialized(dir.path(), &["utf-16"], json!({}));
    let doc = uri(&dir.path().join("notes.md"));
    let text =
        "# Plan\n\n😀 Our costumer called.\nWe are dependant on them.\n\nThe costumer is here.\n";
    c.open(&doc, text);
    let ds = c.diagnostics_at(&doc, 1);
    let costumer = with_code(&ds, "Business.Costumer")[0].clone();
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": doc}, "range": costumer["range"], "context": {"diagnostics": [costumer]}}),
    );
    let actions = r["result"].as_array().unwrap().clone();
    let titled = |t: &str| actions.iter().find(|a| a["title"] == t).cloned();

    let fix = titled("Replace with 'customer'").expect("quick fix");
    assert_eq!(fix["kind"], "quickfix");
    let fixed = apply_utf16(text, &action_edits(&fix));
    assert!(fixed.contains("😀 Our customer called."), "{fixed}");

    let disable = titled("Disable Business.Costumer for this paragraph").expect("disable action");
    let disabled = apply_utf16(text, &action_edits(&disable));
    assert_eq!(
        disabled,
        "# Plan\n\n<!-- parlance Business.Costumer = NO -->\n😀 Our costumer called.\nWe are dependant on them.\n<!-- parlance Business.Costumer = YES -->\n\nThe costumer is here.\n"
    );
    // The comments really silence the rule there, and only there.
    c.change(&doc, 2, json!([{"text": disabled}]));
    let ds = c.diagnostics_at(&doc, 2);
    let left = with_code(&ds, "Business.Costumer");
    assert_eq!(left.len(), 1, "{ds:#?}");
    assert_eq!(left[0]["range"]["start"]["line"], 7);
    assert_eq!(with_code(&ds, "Business.DependantOn").len(), 1);

    // Fix-all applies exactly the fixes the diagnostics call safe
    // (`dependant on` is; the rules' `fix:` levels decide the rest).
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": doc}, "range": {"start": pos(0, 0), "end": pos(0, 0)},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let actions = r["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.parlance");
    let fix_all = action_edits(&actions[0]);
    for d in &ds {
        let fix = &d["data"]["fix"];
        if fix.is_null() {
            continue;
        }
        let included = fix["edits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| fix_all.contains(e));
        assert_eq!(included, fix["safe"] == true, "{d:#?}");
    }
    let all = apply_utf16(&disabled, &fix_all);
    assert!(all.contains("We are dependent on them."), "{all}");
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn hover_explains_the_rule_under_the_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let (mut c, _) = Client::initialized(dir.path(), &["utf-16"], json!({}));
    let doc = uri(&dir.path().join("notes.md"));
    c.open(&doc, "😀 Our costumer called.\n");
    let ds = c.diagnostics_at(&doc, 1);
    let range = with_code(&ds, "Business.Costumer")[0]["range"].clone();
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": doc}, "position": pos(0, 8)}),
    );
    let hover = &r["result"];
    assert_eq!(hover["contents"]["kind"], "markdown");
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("**Business.Costumer** (error)"), "{text}");
    assert!(text.contains("makes, sells or rents costumes"), "{text}");
    assert_eq!(hover["range"], range);
    let nothing = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": doc}, "position": pos(0, 0)}),
    );
    assert_eq!(nothing["result"], Value::Null);
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn errors_are_answered_and_the_server_stays_up() {
    let dir = tempfile::tempdir().unwrap();
    let (mut c, _) = Client::initialized(dir.path(), &["utf-16"], json!({}));
    let r = c.request("parlance/noSuchThing", json!({}));
    assert_eq!(r["error"]["code"], -32601, "MethodNotFound: {r}");
    let r = c.request("textDocument/hover", json!({"textDocument": 42}));
    assert_eq!(r["error"]["code"], -32602, "InvalidParams: {r}");
    let r = c.request("textDocument/codeAction", json!(null));
    assert_eq!(r["error"]["code"], -32602, "InvalidParams: {r}");
    // Malformed notifications are ignored, and so are edits to unknown files.
    c.notify("textDocument/didOpen", json!({"textDocument": "nope"}));
    c.change("file:///nowhere.md", 2, json!([{"text": "x"}]));
    // A hover on a document that is not open is simply empty.
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere.md"}, "position": pos(0, 0)}),
    );
    assert_eq!(r["result"], Value::Null);
    // Still serving.
    let doc = uri(&dir.path().join("a.md"));
    c.open(&doc, "Our costumer.\n");
    assert_eq!(
        with_code(&c.diagnostics_at(&doc, 1), "Business.Costumer").len(),
        1
    );
    assert!(c.shutdown_and_exit().success());
}

/// Guards issue #21: a huge `Content-Length` crashed the server, and a
/// large one made it allocate that much before reading a byte; a body that
/// is not JSON ended the session. Each is now passed over with an error
/// shown to the user, and the session goes on.
#[test]
fn oversized_and_malformed_frames_are_skipped_and_the_server_stays_up() {
    let dir = tempfile::tempdir().unwrap();
    let (mut c, _) = Client::initialized(dir.path(), &["utf-16"], json!({}));
    let claimed: usize = 70 << 20;
    write!(c.stdin, "Content-Length: {claimed}\r\n\r\n").unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..70 {
        c.stdin.write_all(&chunk).unwrap();
    }
    write!(c.stdin, "Content-Length: 9\r\n\r\n{{not json").unwrap();
    c.stdin.flush().unwrap();
    let shown = c.wait("the error about the big frame", |m| {
        m["method"] == "window/showMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|t| t.contains("73400320 bytes"))
    });
    assert_eq!(shown["params"]["type"], 1, "an error: {shown}");
    c.wait("the error about the malformed frame", |m| {
        m["method"] == "window/showMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|t| t.contains("not JSON-RPC"))
    });
    let doc = uri(&dir.path().join("a.md"));
    c.open(&doc, "Our costumer.\n");
    assert_eq!(
        with_code(&c.diagnostics_at(&doc, 1), "Business.Costumer").len(),
        1
    );
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn shutdown_then_exit_is_0_exit_alone_is_1() {
    let dir = tempfile::tempdir().unwrap();
    let (c, _) = Client::initialized(dir.path(), &["utf-16"], json!({}));
    assert_eq!(c.shutdown_and_exit().code(), Some(0));

    let (mut c, _) = Client::initialized(dir.path(), &["utf-16"], json!({}));
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(1));

    // Requests after shutdown are refused; exit still ends with 0.
    let (mut c, _) = Client::initialized(dir.path(), &["utf-16"], json!({}));
    c.request("shutdown", Value::Null);
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32600, "InvalidRequest: {r}");
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(0));
}

/// A project with its own style: `Acme.Synergy` (warning, with a link).
fn acme_project(dir: &Path, extra_ini: &str) {
    std::fs::create_dir_all(dir.join("styles/Acme")).unwrap();
    std::fs::write(
        dir.join("styles/Acme/Synergy.yml"),
        "extends: existence\nmessage: \"Avoid '%s'.\"\ndescription: Say what actually improves.\nlevel: warning\nlink: https://example.com/rules/synergy\ntokens:\n  - synergy\n",
    )
    .unwrap();
    std::fs::write(
        dir.join(".parlance.ini"),
        format!("StylesPath = styles\n{extra_ini}\n[*]\nBasedOnStyles = Acme, Business\n"),
    )
    .unwrap();
}

#[test]
fn configuration_is_found_from_the_documents_folder() {
    let dir = tempfile::tempdir().unwrap();
    acme_project(dir.path(), "");
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    let (mut c, _) = Client::initialized(dir.path(), &["utf-16"], json!({}));
    let doc = uri(&dir.path().join("docs/plan.md"));
    c.open(&doc, "We value synergy. Our costumer called.\n");
    let ds = c.diagnostics_at(&doc, 1);
    let synergy = with_code(&ds, "Acme.Synergy");
    assert_eq!(synergy.len(), 1, "{ds:#?}");
    assert_eq!(synergy[0]["severity"], 2, "warning is Warning");
    assert_eq!(
        synergy[0]["codeDescription"]["href"],
        "https://example.com/rules/synergy"
    );
    assert_eq!(with_code(&ds, "Business.Costumer").len(), 1);
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": doc}, "position": pos(0, 10)}),
    );
    let text = r["result"]["contents"]["value"].as_str().unwrap();
    assert!(text.contains("Say what actually improves."), "{text}");
    assert!(
        text.contains("(https://example.com/rules/synergy)"),
        "{text}"
    );
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn config_changes_are_picked_up_and_a_broken_one_keeps_the_last_good() {
    let dir = tempfile::tempdir().unwrap();
    acme_project(dir.path(), "");
    let caps = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    let (mut c, _) = Client::initialized(dir.path(), &["utf-16"], caps);
    let registration = c.wait("client/registerCapability", |m| {
        m["method"] == "client/registerCapability"
    });
    let watchers = &registration["params"]["registrations"][0]["registerOptions"]["watchers"];
    assert!(watchers
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["globPattern"] == "**/.parlance.ini"));

    let doc = uri(&dir.path().join("plan.md"));
    c.open(&doc, "We value synergy.\n");
    assert_eq!(
        with_code(&c.diagnostics_at(&doc, 1), "Acme.Synergy").len(),
        1
    );

    // Broken: an error pop-up, and the last good configuration stays.
    let ini = dir.path().join(".parlance.ini");
    std::fs::write(&ini, "MinAlertLevel = loud\n[*]\nBasedOnStyles = Acme\n").unwrap();
    let changed = json!({"changes": [{"uri": uri(&ini), "type": 2}]});
    c.notify("workspace/didChangeWatchedFiles", changed.clone());
    let shown = c.wait("window/showMessage", |m| {
        m["method"] == "window/showMessage"
    });
    assert_eq!(shown["params"]["type"], 1, "an error: {shown}");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(message.contains(".parlance.ini:1:"), "{message}");
    assert!(message.contains("stays in use"), "{message}");
    assert_eq!(
        with_code(&c.diagnostics_at(&doc, 1), "Acme.Synergy").len(),
        1
    );

    // Fixed, with the rule turned off: its diagnostic goes.
    std::fs::write(
        &ini,
        "StylesPath = styles\n[*]\nBasedOnStyles = Acme\nAcme.Synergy = NO\n",
    )
    .unwrap();
    c.notify("workspace/didChangeWatchedFiles", changed);
    let ds = c.diagnostics_where(&doc, |ds| ds.iter().all(|d| d["code"] != "Acme.Synergy"));
    assert!(with_code(&ds, "Acme.Synergy").is_empty());
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn the_global_config_is_read_and_watched() {
    let dir = tempfile::tempdir().unwrap();
    // The home folder's `.config/vale/.vale.ini`, as Vale reads it.
    let global = dir.path().join(".config/vale");
    acme_project(&global, "");
    std::fs::rename(global.join(".parlance.ini"), global.join(".vale.ini")).unwrap();
    let caps = json!({"workspace": {"didChangeWatchedFiles": {
        "dynamicRegistration": true, "relativePatternSupport": true}}});
    let (mut c, _) = Client::initialized(dir.path(), &["utf-16"], caps);
    let registration = c.wait("client/registerCapability", |m| {
        m["method"] == "client/registerCapability"
    });
    let watchers = &registration["params"]["registrations"][0]["registerOptions"]["watchers"];
    assert!(
        watchers.as_array().unwrap().iter().any(|w| {
            w["globPattern"]["pattern"] == ".vale.ini"
                && w["globPattern"]["baseUri"]
                    .as_str()
                    .is_some_and(|u| u.ends_with(".config/vale"))
        }),
        "{watchers}"
    );

    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    let doc = uri(&dir.path().join("docs/plan.md"));
    c.open(&doc, "We value synergy.\n");
    assert_eq!(
        with_code(&c.diagnostics_at(&doc, 1), "Acme.Synergy").len(),
        1
    );
    let ini = global.join(".vale.ini");
    std::fs::write(
        &ini,
        "StylesPath = styles\n[*]\nBasedOnStyles = Acme\nAcme.Synergy = NO\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&ini), "type": 2}]}),
    );
    let ds = c.diagnostics_where(&doc, |ds| ds.iter().all(|d| d["code"] != "Acme.Synergy"));
    assert!(with_code(&ds, "Acme.Synergy").is_empty());
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn settings_min_level_and_config_path() {
    let dir = tempfile::tempdir().unwrap();
    acme_project(&dir.path().join("elsewhere"), "");
    let (mut c, _) = Client::initialized(
        dir.path(),
        &["utf-16"],
        json!({"workspace": {"configuration": true}}),
    );
    let doc = uri(&dir.path().join("plan.md"));
    // Pulled settings: only errors.
    c.settings = json!({"minLevel": "error"});
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    c.open(
        &doc,
        "We value synergy. The team is comprised of five. Our costumer called.\n",
    );
    // Business.ComprisedOf is a suggestion: gone once the settings are in,
    // while the error stays.
    let ds = c.diagnostics_where(&doc, |ds| {
        !ds.is_empty() && ds.iter().all(|d| d["severity"] == 1)
    });
    assert_eq!(with_code(&ds, "Business.Costumer").len(), 1, "{ds:#?}");

    // Pushed settings: a config file elsewhere, relative to the workspace.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"parlance": {"configPath": "elsewhere/.parlance.ini"}}}),
    );
    let ds = c.diagnostics_where(&doc, |ds| !with_code(ds, "Acme.Synergy").is_empty());
    assert_eq!(with_code(&ds, "Business.Costumer").len(), 1);

    // A bad value is reported and changes nothing.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"parlance": {"minLevel": "loud"}}}),
    );
    let shown = c.wait("window/showMessage", |m| {
        m["method"] == "window/showMessage"
    });
    assert!(shown["params"]["message"]
        .as_str()
        .unwrap()
        .contains("minLevel"));
    assert!(c.shutdown_and_exit().success());
}

/// Guards issue #21: a FIFO named as `configPath` hung the server (reading
/// it waits for a writer forever). It is refused with a message, and the
/// session goes on.
#[cfg(unix)]
#[test]
fn a_fifo_as_config_path_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.ini");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let (mut c, _) = Client::initialized(dir.path(), &["utf-16"], json!({}));
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"parlance": {"configPath": "pipe.ini"}}}),
    );
    let doc = uri(&dir.path().join("plan.md"));
    c.open(&doc, "Our costumer called.\n");
    let shown = c.wait("the config error", |m| {
        m["method"] == "window/showMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|t| t.contains("FIFO"))
    });
    assert!(shown["params"]["message"]
        .as_str()
        .unwrap()
        .contains("pipe.ini"));
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": doc}, "position": pos(0, 5)}),
    );
    assert!(r.get("result").is_some(), "still answering: {r}");
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn unsaved_buffers_are_linted_by_their_language() {
    let dir = tempfile::tempdir().unwrap();
    let (mut c, _) = Client::initialized(dir.path(), &["utf-16"], json!({}));
    let doc = "untitled:Untitled-1";
    c.open(
        doc,
        "<!-- parlance Business.Costumer = NO -->\nOur costumer. We are dependant on them.\n",
    );
    let ds = c.diagnostics_at(doc, 1);
    // Markdown (from the language id), so the comment is a control.
    assert!(with_code(&ds, "Business.Costumer").is_empty(), "{ds:#?}");
    assert_eq!(with_code(&ds, "Business.DependantOn").len(), 1);
    assert!(c.shutdown_and_exit().success());
}
