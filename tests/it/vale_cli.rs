//! Vale's command line, accepted as Vale's users write it: `--output`,
//! `--minAlertLevel`, `--ext`, `--path`, `--ignore-syntax`, the hidden
//! flags, text arguments and Vale's exit codes.

use std::path::Path;

use assert_cmd::Command;
use serde_json::{json, Value};

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

#[test]
fn json_output_is_vales_shape() {
    let dir = project();
    let (out, code) = stdout(parlance(dir.path()).args(["--output=JSON", "warn.md", "clean.md"]));
    assert_eq!(code, Some(0), "warnings do not fail a Vale run");
    let value: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        value,
        json!({"warn.md": [{
            "Action": {"Name": "", "Params": null},
            "Span": [6, 9],
            "Check": "T.Weak",
            "Description": "Weak words.",
            "Link": "https://example.com/weak",
            "Message": "Avoid 'very'.",
            "Severity": "warning",
            "Match": "very",
            "Line": 3
        }]})
    );
    assert!(out.starts_with("{\n  \"warn.md\": [\n    {\n      \"Action\""));

    let (out, code) = stdout(parlance(dir.path()).args(["--output=JSON", "clean.md"]));
    assert_eq!((out.as_str(), code), ("{}\n", Some(0)));
}

#[test]
fn exit_code_is_one_only_for_errors() {
    let dir = project();
    let (out, code) = stdout(parlance(dir.path()).args([
        "--output=line",
        "--sort",
        "--normalize",
        "--relative",
        "--no-global",
        "err.md",
    ]));
    assert_eq!(code, Some(1));
    assert_eq!(
        out,
        "err.md:1:3:T.Typo:Use 'customer' instead of 'costumer'.\nerr.md:2:7:T.Weak:Avoid 'very'.\n"
    );
    let (_, code) = stdout(parlance(dir.path()).args(["--output=line", "--no-exit", "err.md"]));
    assert_eq!(code, Some(0));
    let (out, code) =
        stdout(parlance(dir.path()).args(["--output=line", "--minAlertLevel=error", "err.md"]));
    assert_eq!(code, Some(1));
    assert_eq!(out.lines().count(), 1);
}

#[test]
fn templates_are_refused() {
    let dir = project();
    let out = parlance(dir.path())
        .args(["--output=tmpl/line.tmpl", "warn.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("templates are not supported"));
}

#[test]
fn one_missing_argument_is_text() {
    let dir = project();
    let (out, _) = stdout(parlance(dir.path()).args(["--output=line", "a very costumer"]));
    assert_eq!(
        out,
        "stdin.txt:1:3:T.Weak:Avoid 'very'.\nstdin.txt:1:8:T.Typo:Use 'customer' instead of 'costumer'.\n"
    );
    let (out, _) = stdout(parlance(dir.path()).args(["--output=line", "--ext=.md", "very"]));
    assert_eq!(out, "stdin.md:1:1:T.Weak:Avoid 'very'.\n");
}

#[test]
fn piped_stdin_takes_ext_and_path() {
    let dir = project();
    let (out, _) = stdout(
        parlance(dir.path())
            .args(["--output=line", "--ext=.md"])
            .write_stdin("# Title\n\nvery\n"),
    );
    assert_eq!(
        out,
        "stdin.md:1:3:T.Heading:No 'Title' in headings.\nstdin.md:3:1:T.Weak:Avoid 'very'.\n"
    );
    let (out, _) = stdout(
        parlance(dir.path())
            .args(["--output=line", "--path=docs/a.md"])
            .write_stdin("very\n"),
    );
    assert_eq!(out, "docs/a.md:1:1:T.Weak:Avoid 'very'.\n");
}

#[test]
fn ignore_syntax_has_no_heading_scope() {
    let dir = project();
    let (out, _) = stdout(parlance(dir.path()).args(["--output=line", "head.md"]));
    assert_eq!(out, "head.md:1:3:T.Heading:No 'Title' in headings.\n");
    let (out, _) =
        stdout(parlance(dir.path()).args(["--output=line", "--ignore-syntax", "head.md"]));
    assert_eq!(out, "");
}

#[test]
fn cli_output_is_the_human_report() {
    let dir = project();
    let (out, _) = stdout(parlance(dir.path()).args(["--output=CLI", "warn.md"]));
    assert!(out.contains("warning[T.Weak]"), "{out}");
}

#[test]
fn vale_mode_needs_a_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "very\n").unwrap();
    let out = parlance(dir.path())
        .args(["--output=line", "a.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("E100 [.vale.ini not found]"));
}

#[test]
fn vale_mode_skips_node_modules() {
    let dir = project();
    std::fs::create_dir_all(dir.path().join("node_modules/x")).unwrap();
    std::fs::write(dir.path().join("node_modules/x/a.md"), "very\n").unwrap();
    let (out, _) = stdout(parlance(dir.path()).args(["--output=line", "."]));
    assert!(!out.contains("node_modules"), "{out}");
    let (out, _) = stdout(parlance(dir.path()).args(["--format=line", "--no-ignore", "."]));
    assert!(
        out.contains("node_modules/x/a.md"),
        "parlance's own walk is unchanged: {out}"
    );
}

#[test]
fn ignore_patterns_and_ignored_scopes() {
    let dir = project();
    std::fs::write(
        dir.path().join(".vale.ini"),
        format!(
            "IgnoredScopes = code, strong\n{CONFIG}TokenIgnores = (\\$[^\\n$]+\\$)\nBlockIgnores = (?s)(<<<.*?>>>)\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ign.md"),
        "very $very$ **very** *very*\n\n<<<\nvery\n>>>\n\nvery\n",
    )
    .unwrap();
    let (out, _) = stdout(parlance(dir.path()).args(["--output=line", "ign.md"]));
    assert_eq!(
        out,
        "ign.md:1:1:T.Weak:Avoid 'very'.\nign.md:1:23:T.Weak:Avoid 'very'.\nign.md:7:1:T.Weak:Avoid 'very'.\n"
    );
}

#[test]
fn ls_metrics_prints_the_document_variables() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.md");
    std::fs::write(
        &file,
        "# Title\n\nOne two three. Four five.\n\n- item one\n",
    )
    .unwrap();
    let out = Command::cargo_bin("parlance")
        .unwrap()
        .arg("ls-metrics")
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("{\n    \""),
        "Vale's 4-space indent: {text}"
    );
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["heading_h1"], json!(1));
    assert_eq!(v["list"], json!(1));
    assert_eq!(v["words"], json!(7));
    assert_eq!(v["sentences"], json!(3));

    Command::cargo_bin("parlance")
        .unwrap()
        .arg("ls-metrics")
        .arg(dir.path().join("missing.md"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("missing.md: cannot read"));
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

#[test]
fn a_local_toggle_overrides_the_global_one() {
    let dir = project();
    with_global(
        dir.path(),
        "StylesPath = styles\nMinAlertLevel = error\n\n[*]\nBasedOnStyles = G\nT.Weak = NO\n",
    );
    let run = || {
        stdout(
            parlance(dir.path())
                .env("XDG_CONFIG_HOME", dir.path().join("xdg"))
                .args(["--output=line", "both.md"]),
        )
        .0
    };
    // The local MinAlertLevel (suggestion) wins over the global `error`;
    // the global file turns T.Weak off.
    assert_eq!(checks(&run()), ["G.Shout"]);
    let local = format!("{CONFIG}T.Weak = YES\n");
    std::fs::write(dir.path().join(".vale.ini"), local).unwrap();
    assert_eq!(checks(&run()), ["G.Shout", "T.Weak"]);
}

#[test]
fn a_global_config_alone_is_enough_for_vale_mode() {
    let dir = tempfile::tempdir().unwrap();
    with_global(
        dir.path(),
        "StylesPath = styles\n\n[*]\nBasedOnStyles = G\n",
    );
    let (out, code) = stdout(
        parlance(dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("xdg"))
            .args(["--output=line", "both.md"]),
    );
    assert_eq!((checks(&out), code), (vec!["G.Shout"], Some(0)));
    // Without it there is no config at all, which Vale reports as E100.
    let out = parlance(dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("xdg"))
        .args(["--output=line", "--no-global", "both.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("E100"));
}

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

#[test]
fn ls_config_prints_the_merged_config_as_vale_does() {
    let dir = project();
    let global = with_global(
        dir.path(),
        "StylesPath = styles\n\n[*]\nBasedOnStyles = G\n",
    );
    let run = |extra: &[&str]| {
        let (out, code) = stdout(
            parlance(dir.path())
                .env("XDG_CONFIG_HOME", dir.path().join("xdg"))
                .arg("ls-config")
                .args(extra),
        );
        assert_eq!(code, Some(0));
        assert!(out.starts_with("{\n  \""), "Vale's 2-space indent: {out}");
        serde_json::from_str::<Value>(&out).unwrap()
    };
    let local = dir.path().join(".vale.ini");
    let v = run(&[]);
    assert_eq!(v["GBaseStyles"], json!(["G", "T"]));
    assert_eq!(
        v["ConfigFiles"],
        json!([global.display().to_string(), local.display().to_string()])
    );
    assert_eq!(v["RootINI"], json!(local.display().to_string()));
    assert_eq!(
        v["Paths"],
        json!([
            dir.path().join("styles").display().to_string(),
            global
                .parent()
                .unwrap()
                .join("styles")
                .display()
                .to_string()
        ])
    );
    let v = run(&["--no-global"]);
    assert_eq!(v["GBaseStyles"], json!(["T"]));
    assert_eq!(v["ConfigFiles"], json!([local.display().to_string()]));
}

#[test]
fn filter_keeps_the_rules_it_holds_for_and_a_bad_one_is_named() {
    let dir = project();
    let (out, code) = stdout(parlance(dir.path()).args([
        "--output=line",
        "--filter=.Extends == 'substitution'",
        "err.md",
    ]));
    assert_eq!((checks(&out), code), (vec!["T.Typo"], Some(1)));
    let out = parlance(dir.path())
        .args(["--output=line", "--filter=.Level in (", "err.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--filter: `.Level in (` is not a valid expression"),
        "{stderr}"
    );
}

#[test]
fn comment_delimiters_make_other_comments_controls() {
    let dir = project();
    std::fs::write(
        dir.path().join("jsx.md"),
        "{/* vale off */}\n\nIt is very good.\n\n{/* vale on */}\n\nA very good end.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("doc.mdx"),
        "{/* vale T.Weak = NO */}\n\nvery\n",
    )
    .unwrap();
    let config = format!("{CONFIG}\n[*.md]\nCommentDelimiters = {{/*, */}}\n");
    std::fs::write(dir.path().join(".vale.ini"), config).unwrap();
    let (out, _) = stdout(parlance(dir.path()).args(["--output=line", "jsx.md", "doc.mdx"]));
    // MDX reads `{/* */}` as comments without being told.
    assert_eq!(out, "jsx.md:7:3:T.Weak:Avoid 'very'.\n");

    std::fs::write(
        dir.path().join(".vale.ini"),
        format!("{CONFIG}\n[*.md]\nCommentDelimiters = {{/*\n"),
    )
    .unwrap();
    let out = parlance(dir.path())
        .args(["--output=line", "jsx.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("CommentDelimiters takes two values"),
        "{stderr}"
    );
    assert!(stderr.contains(".vale.ini:8"), "{stderr}");
}

#[test]
fn fix_prints_the_suggestions_of_an_alert_as_vale_does() {
    let dir = project();
    let fix = |alert: &str| {
        let out = parlance(dir.path()).args(["fix", alert]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.starts_with("{\n    \""),
            "Vale's 4-space indent: {text}"
        );
        (
            serde_json::from_str::<Value>(&text).unwrap(),
            out.status.code(),
        )
    };
    let alert = |name: &str, params: &str, check: &str, matched: &str| {
        format!(
            r#"{{"Action": {{"Name": "{name}", "Params": {params}}}, "Check": "{check}", "Match": "{matched}", "Span": [1, 4], "Line": 1}}"#
        )
    };
    let (v, code) = fix(&alert("edit", r#"["trim_right", ".?!"]"#, "T.X", "Hi!"));
    assert_eq!(
        (v, code),
        (json!({"suggestions": ["Hi"], "error": ""}), Some(0))
    );
    let (v, _) = fix(&alert("remove", "null", "T.X", "very"));
    assert_eq!(v["suggestions"], json!([""]));

    // Spelling suggestions come from the rule's dictionary, as loaded by
    // the configuration; the alert may be given as a file.
    std::fs::write(
        dir.path().join(".vale.ini"),
        "StylesPath = styles\n\n[*]\nBasedOnStyles = T, Vale\n",
    )
    .unwrap();
    let file = dir.path().join("alert.json");
    std::fs::write(
        &file,
        alert("suggest", r#"["spellings"]"#, "Vale.Spelling", "priviledge"),
    )
    .unwrap();
    let (v, code) = fix(file.to_str().unwrap());
    assert_eq!(code, Some(0));
    assert!(
        v["suggestions"]
            .as_array()
            .unwrap()
            .contains(&json!("privilege")),
        "{v}"
    );

    let (v, code) = fix(&alert("suggest", r#"["Camel.tengo"]"#, "T.X", "FooBar"));
    assert_eq!(code, Some(2));
    assert_eq!(
        v["error"],
        json!("script actions (Tengo) are not supported")
    );
    let (v, _) = fix(&alert("shout", "[]", "T.X", "x"));
    assert_eq!(v["error"], json!("unknown action"));
}

#[test]
fn config_names_are_tried_in_vales_order() {
    let dir = project();
    // Both in one folder: Vale takes `.vale` before `.vale.ini`.
    std::fs::write(dir.path().join(".vale"), CONFIG).unwrap();
    let (out, _) = stdout(parlance(dir.path()).arg("ls-config"));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["RootINI"],
        json!(dir.path().join(".vale").display().to_string())
    );
}
