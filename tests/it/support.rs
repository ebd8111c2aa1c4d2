//! What the modules of the `it` test binary share: the real binary in a
//! hermetic environment, temp folders built from literals, JSON reading.

use std::path::Path;

use serde_json::Value;

/// The binary as built for this test run.
pub const BIN: &str = env!("CARGO_BIN_EXE_parlance");

/// The variables that would let a config, a styles folder or colours from
/// the user's environment leak into a test.
const LEAKY: &[&str] = &[
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "VALE_CONFIG_PATH",
    "VALE_STYLES_PATH",
];

/// The binary run in `dir`, which is also its home: no global config or
/// default styles folder unless a test puts one there, no colour.
pub fn parlance(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(BIN);
    cmd.current_dir(dir).env("HOME", dir).env("NO_COLOR", "1");
    for var in LEAKY {
        cmd.env_remove(var);
    }
    cmd
}

/// As [`parlance`], a `std::process::Command` for tests that spawn the
/// binary and talk to it (signals, pipes, the LSP).
pub fn spawnable(dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(BIN);
    cmd.current_dir(dir).env("HOME", dir).env("NO_COLOR", "1");
    for var in LEAKY {
        cmd.env_remove(var);
    }
    cmd
}

/// A temp folder holding `files` (path, text), folders made as needed.
pub fn temp_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let bytes: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    dir_with(&bytes)
}

/// As [`temp_with`], for contents that need not be text.
pub fn dir_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// A JSON array printed on stdout.
pub fn json(output: &[u8]) -> Vec<Value> {
    serde_json::from_slice::<Value>(output)
        .expect("stdout is JSON")
        .as_array()
        .expect("a JSON array")
        .clone()
}

/// The files with findings in a JSON report, each once, in order.
pub fn flagged_paths(findings: &[Value]) -> Vec<String> {
    let mut paths: Vec<String> = findings
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    paths.dedup();
    paths
}
