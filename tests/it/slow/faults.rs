//! The faults that take seconds: an interrupted `--fix` over many files,
//! a closed pipe under a large report, a flood of LSP changes (see
//! `crate::faults`).

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::faults::{leftovers, parlance, wait, Server, FIXABLE, FIXED};

// Stays code: a signal at a chosen moment.
#[cfg(unix)]
#[test]
fn an_interrupted_fix_leaves_every_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let original = FIXABLE.repeat(200);
    let fixed = FIXED.repeat(200);
    let count = 400;
    // Interrupted early, midway and late; whatever the moment, each file
    // is either as it was or fully fixed, and no temporary file remains.
    for delay in [5, 60, 250] {
        for i in 0..count {
            std::fs::write(dir.path().join(format!("f{i}.md")), &original).unwrap();
        }
        let mut child = parlance(dir.path())
            .args(["--fix", "."])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let status = wait(&mut child, Duration::from_secs(120));
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert!(!stderr.contains("panicked"), "{stderr}");
        // Otherwise it finished before the signal, or was killed before
        // its handler was in place: both must leave whole files too.
        if status.code() == Some(130) {
            assert!(stderr.contains("error: interrupted: "), "{stderr}");
        }
        let mut fixed_files = 0;
        for i in 0..count {
            let text = std::fs::read_to_string(dir.path().join(format!("f{i}.md"))).unwrap();
            assert!(text == original || text == fixed, "f{i}.md is half-written");
            fixed_files += usize::from(text == fixed);
        }
        if let Some(n) = stderr
            .split("error: interrupted: ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
        {
            assert_eq!(n.parse::<usize>().unwrap(), fixed_files, "{stderr}");
        }
        assert!(
            leftovers(dir.path()).is_empty(),
            "{:?}",
            leftovers(dir.path())
        );
    }
}

// Stays code: a reader that closes the pipe early.
#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "Our costumer called.\n".repeat(20_000),
    )
    .unwrap();
    for format in ["human", "json", "line", "sarif"] {
        let mut child = parlance(dir.path())
            .args(["--format", format, "a.md"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // `parlance … | head -1`.
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let status = wait(&mut child, Duration::from_secs(120));
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert!(!first.is_empty());
        assert_eq!(stderr, "", "{format}");
        assert_eq!(status.code(), Some(0), "{format}");
    }
}

// Stays code: the LSP over stdio, and memory measured.
#[test]
fn a_flood_of_changes_ends_with_the_latest_version_and_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let uri = format!("file://{}/a.md", dir.path().display());
    // 50 KB a version: ten thousand versions kept around would be 500 MB.
    let lines = 1_250;
    let base = "A plain sentence about the weather here.\n".repeat(lines);
    let mut server = Server::start(dir.path());
    server.open(&uri, &base);
    let versions = 10_000;
    let start = Instant::now();
    for version in 2..=versions {
        // Typing at the end of the text, one character at a time.
        let end = json!({"line": lines, "character": version - 2});
        server.send(
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": end, "end": end}, "text": "x"}]}}),
        );
    }
    let end = json!({"line": lines, "character": versions - 1});
    server.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": versions + 1},
        "contentChanges": [{"range": {"start": end, "end": end}, "text": " Our costumer."}]}}),
    );
    eprintln!("sent {versions} changes in {:?}", start.elapsed());
    let deadline = Instant::now() + Duration::from_secs(120);
    let last = loop {
        let message = server
            .replies
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("diagnostics for the latest version");
        if message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["version"] == versions + 1
        {
            break message;
        }
    };
    let diagnostics = last["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{last}");
    assert_eq!(diagnostics[0]["code"], "Business.Costumer");
    let expected_column = versions - 1 + " Our ".len() as i32;
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({"line": lines, "character": expected_column})
    );
    let peak = peak_kb(server.child.id());
    server.send(json!({"jsonrpc": "2.0", "id": 1, "method": "shutdown"}));
    server.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    server.end(0);
    if let Some(peak) = peak {
        assert!(peak < 300_000, "peak memory {peak} kB");
    }
}

/// Peak resident memory of a running process, in kB (Linux).
fn peak_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
