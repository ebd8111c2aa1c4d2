//! Embeds the built-in styles (`rules/<Style>/<Rule>.yml`) into the binary.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read at run time: a build script binary may be reused for a copy of
    // the package in another folder (pre-commit builds a clone in a shared
    // target folder), and a path compiled in would point at the copy.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("rules");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut entries = Vec::new();
    // No built-in style is a broken build, never an empty binary.
    let styles = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("the built-in styles at {}: {e}", root.display()));
    for style in styles.flatten() {
        let style_path = style.path();
        println!("cargo:rerun-if-changed={}", style_path.display());
        let Ok(rules) = std::fs::read_dir(&style_path) else {
            continue;
        };
        for rule in rules.flatten() {
            let path = rule.path();
            if path.extension().is_some_and(|e| e == "yml") {
                let style_name = style.file_name().to_string_lossy().into_owned();
                let rule_name = path.file_stem().unwrap().to_string_lossy().into_owned();
                entries.push((style_name, rule_name, path));
            }
        }
    }
    entries.sort();
    let mut out = String::from("&[\n");
    for (style, rule, path) in entries {
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            out,
            "    ({style:?}, {rule:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("]\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded_rules.rs");
    std::fs::write(dest, out).unwrap();
}
