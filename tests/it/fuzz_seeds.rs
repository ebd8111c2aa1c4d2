//! The fuzz targets' properties (`fuzz/src/lib.rs`) over every committed
//! seed and regression input, on stable Rust and in every `cargo test`:
//! an input that once found a bug keeps proving it is fixed.

#[path = "../../fuzz/src/lib.rs"]
mod properties;

use std::path::Path;

fn replay(target: &str, property: fn(&[u8])) {
    properties::init();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for kind in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(kind).join(target)) else {
            continue;
        };
        let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let outcome = std::panic::catch_unwind(|| property(&data));
            assert!(outcome.is_ok(), "{target}: {} fails", file.display());
            count += 1;
        }
    }
    assert!(count > 0, "no seeds for {target}");
}

#[test]
fn prose_view() {
    replay("prose_view", properties::prose_view);
}

#[test]
fn rule_loading() {
    replay("rule_loading", properties::rule_loading);
}

#[test]
fn check_spans() {
    replay("check_spans", properties::check_spans);
}

#[test]
fn fix_round_trip() {
    replay("fix_round_trip", properties::fix_round_trip);
}

#[test]
fn lsp_edits() {
    replay("lsp_edits", properties::lsp_edits);
}

#[test]
fn lsp_messages() {
    replay("lsp_messages", properties::lsp_messages);
}

#[test]
fn lsp_framing() {
    replay("lsp_framing", properties::lsp_framing);
}

#[test]
fn tengo_scripts() {
    replay("tengo_scripts", properties::tengo_scripts);
}
