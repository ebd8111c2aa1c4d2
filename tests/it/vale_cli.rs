//! Vale's command line: what cannot be a fixture folder in
//! `fixtures/cmd/` (where the `--output`, `--minAlertLevel`, `--ext`,
//! `--path`, `ls-config`, `fix` and global-config cases are).

use std::path::Path;

use assert_cmd::Command;

const CONFIG: &str = "StylesPath = styles\nMinAlertLevel = suggestion\n\n[*]\nBasedOnStyles = T\n";
const WARN: &str = "extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: warning\ndescription: Weak words.\nlink: https://example.com/weak\ntokens:\n  - very\n";
const ERR: &str = "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nlevel: error\nswap:\n  costumer: customer\n";
const HEADING: &str =
    "extends: existence\nmessage: \"No '%s' in headings.\"\nscope: heading\ntokens:\n  - Title\n";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (".vale.ini", CONFIG),
        ("styles/T/Weak.yml", WARN),
        ("styles/T/Typo.yml", ERR),
        ("styles/T/Heading.yml", HEADING),
        ("warn.md", "# Notes\n\nÜber very good.\n"),
        ("err.md", "A costumer\nand a very long\nline.\n"),
        ("clean.md", "Nothing here.\n"),
        ("head.md", "# Title\n\nText.\n"),
    ];
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

use crate::support::parlance;

fn stdout(cmd: &mut Command) -> (String, Option<i32>) {
    let out = cmd.output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.code())
}

const SHOUT: &str =
    "extends: existence\nmessage: \"Drop '%s'.\"\nlevel: warning\ntokens:\n  - really\n";

/// `project()` plus a global config (`$XDG_CONFIG_HOME/vale/.vale.ini`)
/// with a style of its own; returns the global file.
fn with_global(dir: &Path, ini: &str) -> std::path::PathBuf {
    let vale = dir.join("xdg/vale");
    std::fs::create_dir_all(vale.join("styles/G")).unwrap();
    std::fs::write(vale.join("styles/G/Shout.yml"), SHOUT).unwrap();
    std::fs::write(vale.join(".vale.ini"), ini).unwrap();
    std::fs::write(dir.join("both.md"), "It is really very good.\n").unwrap();
    vale.join(".vale.ini")
}

fn checks(out: &str) -> Vec<&str> {
    out.lines().filter_map(|l| l.split(':').nth(3)).collect()
}

// Stays code: XDG_CONFIG_HOME must be absolute, the sandbox's path unknown
// to a fixture (`fixtures/cmd/the-global-config-…` use `$HOME/.config`).
#[test]
fn the_global_config_is_read_under_the_local_one() {
    let dir = project();
    with_global(
        dir.path(),
        "StylesPath = styles\n\n[*]\nBasedOnStyles = G\n",
    );
    let run = |extra: &[&str]| {
        stdout(
            parlance(dir.path())
                .env("XDG_CONFIG_HOME", dir.path().join("xdg"))
                .args(["--output=line", "both.md"])
                .args(extra),
        )
        .0
    };
    // `BasedOnStyles` of the same section adds up over the two files.
    assert_eq!(checks(&run(&[])), ["G.Shout", "T.Weak"]);
    assert_eq!(checks(&run(&["--no-global"])), ["T.Weak"]);
}

// Stays code: the variables hold absolute paths into the temp folder.
#[test]
fn vale_config_path_and_vale_styles_path_are_honoured() {
    let dir = project();
    let global = with_global(dir.path(), "[*]\nBasedOnStyles = G\n");
    // No StylesPath: G is found in the default styles folder.
    let styles = global.parent().unwrap().join("styles");
    let (out, _) = stdout(
        parlance(dir.path())
            .env("VALE_CONFIG_PATH", &global)
            .env("VALE_STYLES_PATH", &styles)
            .args(["--output=line", "both.md"]),
    );
    assert_eq!(checks(&out), ["G.Shout"], "the local .vale.ini is not read");
}
