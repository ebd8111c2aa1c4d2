//! Embeds the built-in styles (`rules/<Style>/<Rule>.yml`) into the binary.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut entries = Vec::new();
    if let Ok(styles) = std::fs::read_dir(&root) {
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
