//! Faults around the real binary: writes that fail or are interrupted
//! during `--fix`, a reader that closes the pipe early, and an editor that
//! misbehaves towards `parlance lsp`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub(crate) use crate::support::{spawnable as parlance, BIN};

/// Waits for `child` at most `limit`; kills it and fails if it is still
/// running then.
pub(crate) fn wait(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub(crate) fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".parlance-fix-"))
        .collect()
}

pub(crate) const FIXABLE: &str = "We are dependant on it.\n";
pub(crate) const FIXED: &str = "We are dependent on it.\n";

// Stays code: a file size limit (ulimit) set for the run.
#[cfg(unix)]
#[test]
fn a_full_disk_leaves_the_file_untouched_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let big = FIXABLE.repeat(2_000);
    std::fs::write(dir.path().join("big.md"), &big).unwrap();
    std::fs::write(dir.path().join("small.md"), FIXABLE).unwrap();
    // A file size limit makes the write fail as a full disk does (EFBIG
    // rather than ENOSPC), for any user, root included; SIGXFSZ is ignored
    // so the write returns the error instead of killing the process.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 16; exec '{BIN}' --fix big.md small.md"
        ))
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("big.md: cannot write the fixes (File too large")
            && stderr.contains("the file is unchanged"),
        "{stderr}"
    );
    assert!(stderr.contains("fixed 1 finding in 1 file"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("big.md")).unwrap(),
        big
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("small.md")).unwrap(),
        FIXED
    );
    assert!(leftovers(dir.path()).is_empty());
}

// Stays code: needs permissions, and a check of whether they bind (root).
#[cfg(unix)]
#[test]
fn a_read_only_folder_leaves_the_file_untouched_and_says_so() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("ro");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("a.md"), FIXABLE).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(folder.join("probe"), "x").is_ok() {
        eprintln!("skipped: this user writes into read-only folders (root), so the fault cannot be provoked");
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let out = parlance(dir.path())
        .args(["--fix", "ro/a.md"])
        .output()
        .unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("ro/a.md: cannot write the fixes"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("a.md")).unwrap(),
        FIXABLE
    );
}

/// A language server on a pipe, spoken to without waiting for answers.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) replies: std::sync::mpsc::Receiver<Value>,
}

impl Server {
    pub(crate) fn start(dir: &Path) -> Server {
        let mut child = parlance(dir)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, replies) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if line.trim().is_empty() {
                        break;
                    }
                    if let Some(n) = line.trim().strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err()
                    || tx.send(serde_json::from_slice(&body).unwrap()).is_err()
                {
                    return;
                }
            }
        });
        let mut server = Server { child, replies };
        server.send(json!({"jsonrpc": "2.0", "id": 0, "method": "initialize",
            "params": {"capabilities": {}}}));
        server.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        server
    }

    pub(crate) fn send(&mut self, message: Value) {
        let body = serde_json::to_vec(&message).unwrap();
        let stdin = self.child.stdin.as_mut().unwrap();
        write!(stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        stdin.write_all(&body).unwrap();
    }

    pub(crate) fn open(&mut self, uri: &str, text: &str) {
        self.send(
            json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}}),
        );
    }

    /// Closes the server's input and waits for it to end; its stderr.
    pub(crate) fn end(mut self, expected: i32) -> String {
        drop(self.child.stdin.take());
        let status = wait(&mut self.child, Duration::from_secs(60));
        let mut stderr = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert_eq!(status.code(), Some(expected), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        stderr
    }
}

// Stays code: the LSP over stdio.
#[test]
fn the_server_survives_a_client_that_disconnects_mid_request() {
    let dir = tempfile::tempdir().unwrap();
    let uri = format!("file://{}/a.md", dir.path().display());
    let mut server = Server::start(dir.path());
    server.open(&uri, &"Our costumer called.\n".repeat(5_000));
    server.send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": uri}, "position": {"line": 0, "character": 5}}}),
    );
    // Gone without `shutdown` or `exit`, a lint still running: status 1.
    server.end(1);
}

// Stays code: the LSP over stdio.
#[test]
fn exit_without_shutdown_ends_with_status_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path());
    server.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    server.end(1);
    let mut server = Server::start(dir.path());
    server.send(json!({"jsonrpc": "2.0", "id": 1, "method": "shutdown"}));
    server.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    server.end(0);
}
