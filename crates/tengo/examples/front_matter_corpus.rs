//! Times gitlab_docs.FrontMatter (scope: raw, so once per file) over every
//! Markdown file under a folder, and counts its findings:
//! `cargo run --release -p parlance-tengo --example front_matter_corpus DIR`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use parlance_tengo::{compile_script, script_matches, Limits};

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

fn main() {
    let dir = std::env::args().nth(1).expect("a folder");
    let program = compile_script(include_str!("../tests/front_matter.tengo")).unwrap();
    let mut files = Vec::new();
    markdown_files(Path::new(&dir), &mut files);
    files.sort();
    let (mut total, mut worst, mut flagged, mut bytes) =
        (Duration::ZERO, (Duration::ZERO, PathBuf::new()), 0, 0);
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        bytes += text.len();
        let t = Instant::now();
        let found = script_matches(&program, &text, Limits::default()).expect("runs");
        let took = t.elapsed();
        total += took;
        if took > worst.0 {
            worst = (took, f.clone());
        }
        if !found.is_empty() {
            flagged += 1;
        }
    }
    println!(
        "{} files, {} MB: {:?} in all, {:?} a page on average, worst {:?} ({}); {flagged} files flagged",
        files.len(),
        bytes / 1_000_000,
        total,
        total / files.len().max(1) as u32,
        worst.0,
        worst.1.display()
    );
}
