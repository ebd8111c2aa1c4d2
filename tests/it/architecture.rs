//! The stages point one way: a module may name (`crate::…`) only the
//! modules before it in [`ORDER`]. This test reads every source file and
//! fails on an edge that points forward, so the pipeline stays a pipeline
//! (docs/architecture.md).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The top-level modules of `src/`, each allowed to depend only on those
/// before it.
const ORDER: &[&str] = &[
    "text",
    "diagnostic",
    "error",
    "config",
    "input",
    "styles",
    "compile",
    "document",
    "check",
    "lint",
    "report",
    "fix",
    "vale",
    "lsp",
    "cli",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The modules `source` names through `crate::`, including inside
/// `use crate::{a::…, b::…}` groups.
fn named_modules(source: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = source;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            found.insert(name);
        }
    }
    found
}

#[test]
fn stages_only_point_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut modules_seen = BTreeSet::new();
    let mut forbidden = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap();
        let module = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if module == "lib" || module == "main" {
            continue;
        }
        modules_seen.insert(module.clone());
        let Some(rank) = ORDER.iter().position(|m| *m == module) else {
            forbidden.push(format!(
                "{}: module `{module}` is not in ORDER",
                relative.display()
            ));
            continue;
        };
        let source = std::fs::read_to_string(file).unwrap();
        for named in named_modules(&source) {
            if named == module {
                continue;
            }
            match ORDER.iter().position(|m| *m == named) {
                Some(r) if r < rank => {}
                Some(_) => forbidden.push(format!(
                    "{}: `{module}` names `crate::{named}`, a later stage",
                    relative.display()
                )),
                None => forbidden.push(format!(
                    "{}: `crate::{named}` is not a module in ORDER",
                    relative.display()
                )),
            }
        }
    }
    assert!(
        forbidden.is_empty(),
        "edges against the pipeline:\n{}",
        forbidden.join("\n")
    );
    // Every stage in ORDER exists, so the list stays true.
    for m in ORDER {
        assert!(
            modules_seen.contains(*m),
            "ORDER names `{m}`, which src/ does not have"
        );
    }
}

#[test]
fn group_imports_are_read() {
    let names =
        named_modules("use crate::{check::Finding, config::Config};\nuse crate::text::Span;");
    assert_eq!(
        names.into_iter().collect::<Vec<_>>(),
        ["check", "config", "text"]
    );
}
