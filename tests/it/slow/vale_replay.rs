//! Replays Vale's own feature suite (`../shared/vale-testdata/features`)
//! against the real binary, as Vale's Cucumber steps would run it (see
//! §6 of `vale-reference.md`): each step becomes a command, run in its
//! fixture folder, and the combined stdout+stderr is compared with the
//! expected block.
//!
//! Scenarios that need what parlance does not have (external markup tools,
//! the network, Tengo scripts, templates, unsupported rule
//! types, fixtures not shipped in `vale-testdata`) are skipped with the
//! reason. The scenarios known to fail are listed in
//! `tests/vale-known-failures.txt`; the test fails when an unlisted one
//! fails or a listed one passes, so the list only shrinks.
//!
//! The PASS/FAIL/SKIP count is written to the process's standard error,
//! so a plain `cargo test` shows it. Without `../shared` the replay says it
//! was skipped, and fails when `CI` is set.
//!
//! `VALE_REPLAY_VERBOSE=1` prints the expected and actual output of every
//! failing scenario; `VALE_REPLAY_ONLY=text` runs the scenarios whose
//! `file:name` contains `text`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use regex::Regex;

/// The base command of Vale's steps.
const BASE: &[&str] = &[
    "--output=line",
    "--sort",
    "--normalize",
    "--relative",
    "--no-global",
];

/// Rule types parlance does not implement yet, and script rules whose
/// `.tengo` file `vale-testdata` does not ship.
const UNSUPPORTED_TYPES: &[&str] = &[SCRIPT_NOT_SHIPPED];

const SCRIPT_NOT_SHIPPED: &str = "script (its .tengo file is not in vale-testdata)";

/// A script rule naming a `.tengo` file that `config/scripts` lacks.
fn script_not_shipped(testdata: &Path, text: &str) -> bool {
    text.lines()
        .filter_map(|l| l.strip_prefix("script:"))
        .map(str::trim)
        .any(|name| {
            name.ends_with(".tengo") && !testdata.join("styles/config/scripts").join(name).is_file()
        })
}

/// Extensions whose markup Vale reads with an external tool.
const TOOL_EXTENSIONS: &[(&str, &str)] = &[
    ("adoc", "asciidoctor"),
    ("rst", "rst2html"),
    ("xml", "xsltproc"),
    ("dita", "dita"),
];

#[derive(Debug, Clone)]
struct Step {
    text: String,
    doc: Option<String>,
}

#[derive(Debug, Clone)]
struct Scenario {
    /// `file.feature:Scenario name`.
    id: String,
    steps: Vec<Step>,
}

fn parse_feature(file: &str, text: &str) -> Vec<Scenario> {
    let mut scenarios: Vec<Scenario> = Vec::new();
    let mut background: Vec<Step> = Vec::new();
    let mut in_background = false;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.starts_with("\"\"\"") {
            let indent = line.len() - line.trim_start().len();
            let mut body = Vec::new();
            for inner in lines.by_ref() {
                if inner.trim() == "\"\"\"" {
                    break;
                }
                let lead = inner.len() - inner.trim_start().len();
                body.push(&inner[lead.min(indent)..]);
            }
            let doc = body.join("\n");
            let steps = if in_background {
                &mut background
            } else {
                match scenarios.last_mut() {
                    Some(s) => &mut s.steps,
                    None => continue,
                }
            };
            if let Some(step) = steps.last_mut() {
                step.doc = Some(doc);
            }
            continue;
        }
        if trimmed.starts_with("Feature:") {
            continue;
        }
        if trimmed.starts_with("Background:") {
            in_background = true;
            continue;
        }
        if let Some(name) = trimmed.strip_prefix("Scenario:") {
            in_background = false;
            let name = name.trim().to_string();
            let n = seen.entry(name.clone()).or_insert(0);
            *n += 1;
            let name = if *n > 1 { format!("{name} #{n}") } else { name };
            scenarios.push(Scenario {
                id: format!("{file}:{name}"),
                steps: background.clone(),
            });
            continue;
        }
        let step_text = ["Given ", "When ", "Then ", "And ", "But "]
            .iter()
            .find_map(|k| trimmed.strip_prefix(k));
        let Some(step_text) = step_text else {
            continue;
        };
        let step = Step {
            text: step_text.trim().to_string(),
            doc: None,
        };
        if in_background {
            background.push(step);
        } else if let Some(s) = scenarios.last_mut() {
            s.steps.push(step);
        }
    }
    scenarios
}

/// The quoted arguments of a step.
fn quoted(text: &str) -> Vec<String> {
    let re = Regex::new(r#""([^"]*)""#).unwrap();
    re.captures_iter(text).map(|c| c[1].to_string()).collect()
}

/// Splits like a shell (quotes, no expansion).
fn shell_split(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in s.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                any = true;
            }
            None if c.is_whitespace() => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            None => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Where a command runs, relative to `testdata/`.
enum Cwd {
    Fixtures(String),
    Aruba,
}

struct Run {
    cwd: Cwd,
    args: Vec<String>,
    stdin: Option<String>,
    /// `I lint string`: the argument is text, not a file.
    text_arg: bool,
}

enum Plan {
    Run(Run),
    Skip(String),
}

fn plan(step: &str) -> Option<Plan> {
    let q = quoted(step);
    let arg = |i: usize| q.get(i).cloned().unwrap_or_default();
    let fixtures = |dir: &str, args: Vec<String>| {
        Some(Plan::Run(Run {
            cwd: Cwd::Fixtures(dir.to_string()),
            args,
            stdin: None,
            text_arg: false,
        }))
    };
    let skip = |why: &str| Some(Plan::Skip(why.to_string()));
    let dot = || vec![".".to_string()];
    if step.starts_with("I test template") {
        return skip("templates");
    }
    if step.starts_with("I use filter file") {
        return fixtures(
            "filters",
            vec![format!("--filter={}.expr", arg(0)), ".".into()],
        );
    }
    if step.starts_with("I use filter expr") {
        return fixtures("filters", vec![format!("--filter={}", arg(0)), ".".into()]);
    }
    if step.starts_with("I sync pkg") {
        return skip("network (sync)");
    }
    if step.starts_with("I fix ") {
        return skip("the fix command (Tengo scripts)");
    }
    if step.starts_with("I lint AsciiDoc") {
        return skip("needs asciidoctor");
    }
    if step.starts_with("I lint reStructuredText") || step.starts_with("I lint Sphinx") {
        return skip("needs rst2html");
    }
    if step.starts_with("I test comments for") {
        return fixtures("comments", vec![arg(0)]);
    }
    if step.starts_with("I test patterns for") {
        return fixtures("patterns", vec![arg(0)]);
    }
    if step.starts_with("I test plugins for") {
        return fixtures("plugins", vec![arg(0)]);
    }
    if step.starts_with("I test scope") {
        return fixtures(&format!("scopes/{}", arg(0)), dot());
    }
    if step.starts_with("I apply style") {
        return fixtures(&format!("styles/{}", arg(0)), dot());
    }
    if step.starts_with("I use Vocab") {
        return fixtures(&format!("vocab/{}", arg(0)), dot());
    }
    if step.starts_with("I test glob") {
        return fixtures("formats", vec![format!("--glob={}", arg(0)), ".".into()]);
    }
    if step.starts_with("I test dir glob") {
        return fixtures("glob", vec![format!("--glob={}", arg(0)), ".".into()]);
    }
    if step.starts_with("I test ") {
        // `cd "../../fixtures#{dir}"`: `/misc/x` and `checks/X` alike.
        return fixtures(&format!("./{}", arg(0).trim_start_matches('/')), dot())
            .filter(|_| !arg(0).starts_with("/.."))
            .or_else(|| fixtures(&format!(".{}", arg(0)), dot()));
    }
    if step.starts_with("I lint file") {
        return fixtures("formats", vec![format!("--ext={}", arg(1)), arg(0)]);
    }
    if step.starts_with("I lint simple") {
        return fixtures("formats", vec!["--ignore-syntax".into(), arg(0)]);
    }
    if step.starts_with("I lint string") {
        return Some(Plan::Run(Run {
            cwd: Cwd::Fixtures("formats".into()),
            args: vec![arg(0)],
            stdin: None,
            text_arg: true,
        }));
    }
    if step.starts_with("I lint path with exclusions") {
        return fixtures("folders", dot());
    }
    if step.starts_with("I lint path") {
        return fixtures(&format!("formats/{}", arg(0)), dot());
    }
    if step.starts_with("I lint with config") {
        return fixtures(
            "formats",
            vec![format!("--config={}", arg(0)), "test.md".into()],
        );
    }
    if step.starts_with("I lint ") {
        return fixtures("formats", shell_split(&arg(0)));
    }
    if step.starts_with("I run cat") {
        return Some(Plan::Run(Run {
            cwd: Cwd::Fixtures("formats".into()),
            args: vec![format!("--ext={}", arg(1))],
            stdin: Some(arg(0)),
            text_arg: false,
        }));
    }
    if step.starts_with("I run vale") {
        return Some(Plan::Run(Run {
            cwd: Cwd::Aruba,
            args: shell_split(&arg(0)),
            stdin: None,
            text_arg: false,
        }));
    }
    if step.starts_with("I assign minAlertLevel") {
        return Some(Plan::Run(Run {
            cwd: Cwd::Aruba,
            args: vec![format!("--minAlertLevel={}", arg(0)), arg(1)],
            stdin: None,
            text_arg: false,
        }));
    }
    None
}

enum Outcome {
    Pass,
    Fail(String),
    Skip(String),
}

struct Replay {
    testdata: PathBuf,
    bin: PathBuf,
    /// `Style.Rule` → the `extends:` of every rule file with that name.
    rule_types: HashMap<String, BTreeSet<String>>,
    verbose: bool,
}

fn strip_ansi(s: &str) -> String {
    Regex::new(r"\x1b\[[0-9;]*[A-Za-z]")
        .unwrap()
        .replace_all(s, "")
        .into_owned()
}

/// `..` resolved on the path as written (as a shell's `cd` does), not
/// through the `fixtures` symlink.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

fn chomp(s: &str) -> &str {
    s.strip_suffix('\n').unwrap_or(s)
}

impl Replay {
    fn index_rules(testdata: &Path) -> HashMap<String, BTreeSet<String>> {
        let mut types: HashMap<String, BTreeSet<String>> = HashMap::new();
        let mut stack = vec![testdata.join("styles"), testdata.join("fixtures")];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().and_then(|e| e.to_str()) != Some("yml") {
                    continue;
                }
                let (Some(stem), Some(style)) = (
                    path.file_stem().and_then(|s| s.to_str()),
                    path.parent()
                        .and_then(|p| p.file_name())
                        .and_then(|s| s.to_str()),
                ) else {
                    continue;
                };
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                if let Some(extends) = text
                    .lines()
                    .find_map(|l| l.trim_start().strip_prefix("extends:"))
                {
                    let mut kind = extends.trim().to_string();
                    if kind == "script" && script_not_shipped(testdata, &text) {
                        kind = SCRIPT_NOT_SHIPPED.to_string();
                    }
                    types
                        .entry(format!("{style}.{stem}"))
                        .or_default()
                        .insert(kind);
                }
            }
        }
        types
            .entry("Vale.Spelling".into())
            .or_default()
            .insert("spelling".into());
        types
    }

    /// Why a scenario cannot be replayed, judging by what its expected
    /// output names: files absent from `vale-testdata`, files read with
    /// external tools, rule types parlance lacks.
    fn skip_reason(&self, cwd: &Path, run: &Run, expected: &[String]) -> Option<String> {
        let mut paths: Vec<String> = run
            .args
            .iter()
            .filter(|a| !a.starts_with("--"))
            .cloned()
            .collect();
        paths.extend(run.stdin.iter().cloned());
        let line_re = Regex::new(r"^([^:\s]+):\d+:\d+:([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+):").unwrap();
        let mut checks = Vec::new();
        for block in expected {
            for line in block.lines() {
                if let Some(c) = line_re.captures(line) {
                    if !c[1].starts_with("stdin") {
                        paths.push(c[1].to_string());
                    }
                    checks.push(c[2].to_string());
                }
            }
        }
        for path in &paths {
            let ext = Path::new(path)
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("");
            if let Some((_, tool)) = TOOL_EXTENSIONS.iter().find(|(e, _)| *e == ext) {
                return Some(format!("needs {tool}"));
            }
        }
        for path in &paths {
            let is_text = run.text_arg && run.args.contains(path);
            if !(cwd.join(path).exists() || is_text) {
                return Some(format!("fixture not included: {path}"));
            }
        }
        for check in &checks {
            if let Some(kinds) = self.rule_types.get(check) {
                if let Some(kind) = kinds
                    .iter()
                    .find(|k| UNSUPPORTED_TYPES.contains(&k.as_str()))
                {
                    return Some(format!("rule type {kind} ({check})"));
                }
            }
        }
        None
    }

    fn run(&self, scenario: &Scenario) -> Outcome {
        let work = tempfile::tempdir().expect("temp dir");
        // testdata/{fixtures,styles} are linked; tmp/aruba is ours.
        // One level down, so `I test "/../../.."` stays inside `work`.
        let root = work.path().join("vale/testdata");
        let aruba = root.join("tmp/aruba");
        std::fs::create_dir_all(&aruba).unwrap();
        for name in ["fixtures", "styles"] {
            #[cfg(unix)]
            std::os::unix::fs::symlink(self.testdata.join(name), root.join(name)).unwrap();
        }
        let mut output = String::new();
        let mut stderr_all = String::new();
        let mut status: Option<i32> = None;
        let mut ran = false;
        for (i, step) in scenario.steps.iter().enumerate() {
            if let Some(name) = step
                .text
                .strip_prefix("a file named ")
                .and_then(|_| quoted(&step.text).first().cloned())
            {
                std::fs::write(aruba.join(name), step.doc.clone().unwrap_or_default()).unwrap();
                continue;
            }
            if step.text.starts_with("the ") {
                if !ran {
                    return Outcome::Fail("assertion before any command".into());
                }
                let actual = format!("{output}{stderr_all}");
                let actual = chomp(&actual);
                if let Some(why) = self.assert(step, actual, status) {
                    return Outcome::Fail(why);
                }
                continue;
            }
            let Some(plan) = plan(&step.text) else {
                return Outcome::Skip(format!("unknown step: {}", step.text));
            };
            let run = match plan {
                Plan::Skip(why) => return Outcome::Skip(why),
                Plan::Run(run) => run,
            };
            let cwd = match &run.cwd {
                Cwd::Fixtures(dir) => lexical(&root.join("fixtures").join(dir)),
                Cwd::Aruba => aruba.clone(),
            };
            let expected: Vec<String> = scenario.steps[i + 1..]
                .iter()
                .filter(|s| s.text.starts_with("the output should contain"))
                .filter_map(|s| s.doc.clone())
                .collect();
            if let Some(why) = self.skip_reason(&cwd, &run, &expected) {
                return Outcome::Skip(why);
            }
            let mut cmd = Command::new(&self.bin);
            cmd.args(BASE)
                .args(&run.args)
                .current_dir(&cwd)
                .env("HOME", &aruba)
                .env("NO_COLOR", "1")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            let out = match &run.stdin {
                Some(file) => {
                    let data = std::fs::read(cwd.join(file)).unwrap_or_default();
                    cmd.stdin(Stdio::piped());
                    let mut child = cmd.spawn().expect("run parlance");
                    child.stdin.take().unwrap().write_all(&data).unwrap();
                    child.wait_with_output().expect("run parlance")
                }
                None => cmd.stdin(Stdio::null()).output().expect("run parlance"),
            };
            ran = true;
            output.push_str(&strip_ansi(&String::from_utf8_lossy(&out.stdout)));
            stderr_all.push_str(&strip_ansi(&String::from_utf8_lossy(&out.stderr)));
            status = out.status.code();
        }
        Outcome::Pass
    }

    fn assert(&self, step: &Step, actual: &str, status: Option<i32>) -> Option<String> {
        let text = &step.text;
        let doc = step.doc.as_deref().map(chomp).unwrap_or("");
        let mismatch = |what: &str| {
            let mut why = what.to_string();
            if self.verbose {
                why.push_str(&format!("\n--- expected\n{doc}\n--- actual\n{actual}\n---"));
            } else {
                let e: Vec<&str> = doc.lines().collect();
                let a: Vec<&str> = actual.lines().collect();
                let at = (0..e.len().max(a.len()))
                    .find(|&i| e.get(i) != a.get(i))
                    .unwrap_or(0);
                why.push_str(&format!(
                    ": line {}: expected {:?}, got {:?}",
                    at + 1,
                    e.get(at).copied().unwrap_or("<end>"),
                    a.get(at).copied().unwrap_or("<end>")
                ));
            }
            Some(why)
        };
        if text.starts_with("the output should contain exactly") {
            return (actual != doc)
                .then(|| mismatch("output differs"))
                .flatten();
        }
        if text.starts_with("the output should contain:") {
            return (!actual.contains(doc))
                .then(|| mismatch("output lacks the block"))
                .flatten();
        }
        if text.starts_with("the output should not contain anything") {
            return (!actual.is_empty())
                .then(|| mismatch("output is not empty"))
                .flatten();
        }
        if text.starts_with("the output should not contain") {
            let needle = quoted(text).first().cloned().unwrap_or_default();
            return actual
                .contains(&needle)
                .then(|| format!("output contains {needle:?}"));
        }
        if let Some(code) = text.strip_prefix("the exit status should be ") {
            let want: i32 = code.trim().parse().unwrap_or(-1);
            return (status != Some(want)).then(|| {
                format!(
                    "exit status {} (expected {want}); output {:?}",
                    status.map_or("none".into(), |c| c.to_string()),
                    actual.lines().take(3).collect::<Vec<_>>()
                )
            });
        }
        Some(format!("unknown assertion: {text}"))
    }
}

fn known_failures(path: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(" # ") {
            Some((id, why)) => (id.trim().to_string(), why.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

#[test]
fn vale_replay() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let testdata = manifest.join("../shared/vale-testdata");
    if !testdata.join("features").is_dir() {
        let message = format!(
            "vale replay: SKIPPED, {} not found (CI provides ../shared)",
            testdata.display()
        );
        assert!(
            std::env::var_os("CI").is_none(),
            "{message}; CI is set, so the replay must run"
        );
        say(&message);
        return;
    }
    let testdata = testdata.canonicalize().unwrap();
    let replay = Replay {
        rule_types: Replay::index_rules(&testdata),
        testdata: testdata.clone(),
        bin: PathBuf::from(env!("CARGO_BIN_EXE_parlance")),
        verbose: std::env::var_os("VALE_REPLAY_VERBOSE").is_some(),
    };
    let only = std::env::var("VALE_REPLAY_ONLY").ok();
    let mut files: Vec<PathBuf> = std::fs::read_dir(testdata.join("features"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "feature"))
        .collect();
    files.sort();
    let known = known_failures(&manifest.join("tests/vale-known-failures.txt"));
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(file).unwrap();
        for scenario in parse_feature(&name, &text) {
            if only.as_deref().is_some_and(|o| !scenario.id.contains(o)) {
                continue;
            }
            seen.insert(scenario.id.clone());
            match replay.run(&scenario) {
                Outcome::Pass => {
                    passed += 1;
                    println!("PASS {}", scenario.id);
                    if known.contains_key(&scenario.id) {
                        problems.push(format!(
                            "{} passes now: remove it from tests/vale-known-failures.txt",
                            scenario.id
                        ));
                    }
                }
                Outcome::Fail(why) => {
                    failed += 1;
                    println!("FAIL {} ({why})", scenario.id);
                    if !known.contains_key(&scenario.id) {
                        problems.push(format!("{} fails: {why}", scenario.id));
                    }
                }
                Outcome::Skip(why) => {
                    skipped += 1;
                    println!("SKIP {} ({why})", scenario.id);
                    if known.contains_key(&scenario.id) {
                        problems.push(format!(
                            "{} is skipped ({why}): remove it from tests/vale-known-failures.txt",
                            scenario.id
                        ));
                    }
                }
            }
        }
    }
    if only.is_none() {
        for id in known.keys().filter(|id| !seen.contains(*id)) {
            problems.push(format!(
                "{id} is listed in tests/vale-known-failures.txt but no such scenario exists"
            ));
        }
    }
    let summary = format!(
        "vale replay: {passed} passed, {failed} failed ({} known), {skipped} skipped",
        known.len()
    );
    say(&summary);
    assert!(problems.is_empty(), "{summary}\n{}", problems.join("\n"));
}

/// A line on the process's standard error itself: libtest captures only
/// `print!` and `eprint!`, so this shows in a plain `cargo test` run, where
/// the per-scenario lines stay hidden unless `--nocapture` is given.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

#[cfg(test)]
mod parsing {
    use super::*;

    #[test]
    fn background_docstrings_and_comments() {
        let text = r#"Feature: X
    Background:
        Given a file named "a.md" with:
            """
            # not a comment
              indented
            """
    # Scenario: commented out
    Scenario: One
        When I lint "a.md b.md"
        Then the output should contain exactly:
            """
            a.md:1:1:S.R:m
            """
"#;
        let s = parse_feature("x.feature", text);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].id, "x.feature:One");
        assert_eq!(s[0].steps.len(), 3);
        assert_eq!(
            s[0].steps[0].doc.as_deref(),
            Some("# not a comment\n  indented")
        );
        assert_eq!(s[0].steps[2].doc.as_deref(), Some("a.md:1:1:S.R:m"));
        assert_eq!(shell_split("a 'b c' d"), ["a", "b c", "d"]);
    }
}
