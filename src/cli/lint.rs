//! The lint command: the flags resolved into a [`Plan`] once (which
//! dialect, which inputs, which rules and levels, report or fix), then the
//! plan run over every input in parallel and reported.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use rayon::prelude::*;
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use super::{load_linter, plural, stderr_color, ColorChoice, ExitStatus, LintArgs};
use crate::config::format::extension_of;
use crate::config::FailLevel;
use crate::diagnostic::Severity;
use crate::error::{Notice, Problems};
use crate::fix::{self, FixMode};
use crate::input::{self, Input, ReadOutcome, Selection};
use crate::lint::{LintOptions, Linter};
use crate::report::{self, FileReport, OutputFormat, ReportContext, RuleInfo, StatisticsFormat};
use crate::vale::output::{ValeFile, ValeRuleMeta};
use crate::vale::placement::Placements;
use crate::vale::{self, Dialect, ValeOutput};

pub(super) fn run(args: &LintArgs) -> io::Result<ExitStatus> {
    match Plan::resolve(args)? {
        Ok(plan) => plan.execute(),
        Err(status) => Ok(status),
    }
}

/// What `lint` does with each input's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RunMode {
    Report,
    /// `--fix`: apply fixes, write changed files, report what remains.
    Fix(FixMode),
    /// `--diff`: compute the fixes, write nothing.
    Diff(FixMode),
}

/// When findings fail the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FailRule {
    /// At or above a level (parlance's `--fail-level`, `FailLevel`).
    Level(FailLevel),
    /// Vale 3.7.1 quirk (docs/vale-compatibility.md#quirk-exit-code): 1
    /// only when a finding is an error.
    ValeErrors,
}

/// A lint run, resolved from the flags.
struct Plan<'a> {
    args: &'a LintArgs,
    dialect: Dialect,
    linter: Linter,
    inputs: Vec<Input>,
    /// Loading the rules and walking the inputs.
    problems: Problems,
    /// Files a walk left because parlance cannot read their format.
    unreadable: Vec<Notice>,
    options: LintOptions,
    action: RunMode,
    fail: FailRule,
    /// Where `--fix` writes, and what a SIGINT or SIGTERM waits for.
    writes: Arc<Writes>,
    /// What standard output gets instead of the report (`--fix -`).
    echoed: Option<Vec<u8>>,
}

impl<'a> Plan<'a> {
    /// The plan for `args`, or the exit status when there is nothing to run
    /// (the problem already reported).
    fn resolve(args: &'a LintArgs) -> io::Result<Result<Plan<'a>, ExitStatus>> {
        let dialect = if args.vale.active() {
            match args.vale.output.as_deref().map(str::parse::<ValeOutput>) {
                Some(Err(e)) => {
                    eprintln!("error: {e}");
                    return Ok(Err(ExitStatus::Failure));
                }
                output => Dialect::Vale {
                    output: output.and_then(Result::ok),
                },
            }
        } else {
            Dialect::Parlance
        };
        let linter = match load_linter(&args.config, args.vale.filter.as_deref())? {
            Ok(linter) => linter,
            Err(problems) => {
                report::write_problems(&mut io::stderr(), &problems, stderr_color())?;
                return Ok(Err(ExitStatus::Failure));
            }
        };
        if dialect.is_vale() && linter.config.path.is_none() {
            vale::cli::write_no_config(&mut io::stderr())?;
            return Ok(Err(ExitStatus::Failure));
        }
        let mut problems = linter.problems.clone();
        let ext = vale::cli::extension(args.vale.ext.as_deref());
        let vale_name = vale::cli::stdin_name(args.vale.path.as_deref(), &ext);
        let (paths, text_input) = match dialect {
            Dialect::Vale { .. } => vale::cli::inputs(&args.paths, stdin_has_data(), &vale_name),
            Dialect::Parlance if args.paths.is_empty() => match piped_stdin()? {
                Some(bytes) => (
                    Vec::new(),
                    Some(Input::Piped {
                        name: args.stdin_filename.clone(),
                        bytes,
                    }),
                ),
                None => (vec![PathBuf::from(".")], None),
            },
            Dialect::Parlance => (args.paths.clone(), None),
        };
        let stdin_name = match dialect {
            Dialect::Vale { .. } => vale_name,
            Dialect::Parlance => args.stdin_filename.clone(),
        };
        if let Some(threads) = args.selection.threads {
            // Only fails when a pool exists already, which `main` never makes.
            let _ = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build_global();
        }
        let mut inputs = Vec::new();
        let mut unreadable = Vec::new();
        if !paths.is_empty() {
            let selection = Selection {
                skip_vendor_dirs: dialect.is_vale(),
                formats: linter
                    .config
                    .formats
                    .iter()
                    .map(|(from, to)| (from.clone(), to.clone()))
                    .collect(),
                ..args.selection.selection()
            };
            let collected = input::collect(&paths, &stdin_name, &selection);
            inputs = collected.inputs;
            problems.extend(collected.problems);
            unreadable = collected.unreadable;
        }
        inputs.extend(text_input);
        if let Some(output) = &args.output_file {
            if let Some(input) = overwritten_input(output, &inputs) {
                eprintln!(
                    "error: -o {}: that is {input}, one of the files being linted; the report would overwrite it",
                    output.display()
                );
                return Ok(Err(ExitStatus::Failure));
            }
        }
        // A filter that looks at levels decides which levels show (as in Vale).
        let filter_decides = linter.filter.as_ref().is_some_and(|f| f.names_level());
        let min_level = args
            .min_level
            .or(args.vale.min_alert_level)
            .unwrap_or(if filter_decides {
                Severity::Suggestion
            } else {
                linter.config.min_level
            });
        let options = LintOptions {
            min_level: Some(min_level),
            // `--ext` reads every file as that extension unless it is Vale's
            // default, `.txt`.
            extension: (args.vale.ext.is_some() && ext != ".txt").then(|| ext.clone()),
            plain: args.vale.ignore_syntax,
        };
        let mode = FixMode {
            unsafe_fixes: args.unsafe_fixes,
        };
        let action = if args.diff {
            RunMode::Diff(mode)
        } else if args.fix {
            RunMode::Fix(mode)
        } else {
            RunMode::Report
        };
        let fail = match (dialect, args.fail_level) {
            (Dialect::Vale { .. }, None) => FailRule::ValeErrors,
            (_, level) => FailRule::Level(
                level
                    .or(linter.config.fail_level)
                    .unwrap_or(FailLevel::At(Severity::Error)),
            ),
        };
        Ok(Ok(Plan {
            args,
            dialect,
            linter,
            inputs,
            problems,
            unreadable,
            options,
            action,
            fail,
            writes: Arc::new(Writes::default()),
            echoed: None,
        }))
    }

    fn execute(mut self) -> io::Result<ExitStatus> {
        if let RunMode::Fix(_) = self.action {
            Writes::stop_on_signals(Arc::clone(&self.writes))?;
        }
        let results: Vec<FileRun> = self
            .inputs
            .par_iter()
            .map(|input| self.lint_input(input))
            .collect();
        let runs = self.gather(results);
        let changed: Vec<(&FileReport, &Change)> = runs
            .iter()
            .filter_map(|run| Some((run.report.as_ref()?, run.change.as_ref()?)))
            .filter(|(_, change)| change.fixes > 0)
            .collect();
        let fixes: usize = changed.iter().map(|(_, c)| c.fixes).sum();
        if let Dialect::Vale { output } = self.dialect {
            if matches!(output, Some(ValeOutput::Line | ValeOutput::Json)) {
                // Vale's machine output has nothing but findings and errors;
                // files left unread are said only when nothing was linted:
                // a folder of reStructuredText must not lint nothing in
                // silence.
                self.problems.notices.clear();
                if !self.inputs.is_empty() {
                    self.unreadable.clear();
                }
            }
            vale::cli::write_banners(&mut io::stderr(), &self.problems)?;
        }
        self.problems.notices.append(&mut self.unreadable);
        report::write_problems(&mut io::stderr(), &self.problems, stderr_color())?;
        if let RunMode::Diff(_) = self.action {
            write_diffs(&changed)?;
            if fixes > 0 {
                eprintln!(
                    "would fix {} in {}",
                    plural(fixes, "finding"),
                    plural(changed.len(), "file")
                );
            }
            return Ok(if self.problems.is_failure() {
                ExitStatus::Failure
            } else if fixes > 0 {
                ExitStatus::Findings
            } else {
                ExitStatus::Clean
            });
        }
        if fixes > 0 && !self.args.quiet {
            eprintln!(
                "fixed {} in {}",
                plural(fixes, "finding"),
                plural(changed.len(), "file")
            );
        }
        // Fixed standard input goes to standard output, so the report must not.
        let echoed = self.echoed.take();
        let stdout_taken = echoed.is_some();
        if let Some(bytes) = echoed {
            let mut out = io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
        let files = self.write_output(runs, stdout_taken)?;
        Ok(self.exit_status(&files))
    }

    /// Each run's notices, failures and abandoned searches into the plan's
    /// problems; the runs that produced a report, in input order.
    fn gather(&mut self, results: Vec<FileRun>) -> Vec<FileRun> {
        // A pattern that backtracks too much does so in file after file:
        // one notice per rule, naming the first file and how many others.
        let mut abandoned: Vec<(String, String, usize)> = Vec::new();
        let mut runs = Vec::new();
        for mut result in results {
            self.problems.notices.append(&mut result.notices);
            self.problems.failures.extend(result.failure.take());
            if let Some(bytes) = result.stdout.take() {
                self.echoed = Some(bytes);
            }
            for message in std::mem::take(&mut result.abandoned) {
                // Per rule: what follows " (" is the detail of one block.
                let key = |m: &str| m.split(" (").next().unwrap_or(m).to_string();
                match abandoned
                    .iter_mut()
                    .find(|(m, _, _)| key(m) == key(&message))
                {
                    Some((_, _, others)) => *others += 1,
                    None => abandoned.push((message, result.path.clone(), 0)),
                }
            }
            if result.report.is_some() {
                runs.push(result);
            }
        }
        self.problems
            .notices
            .extend(abandoned.into_iter().map(|(message, path, others)| Notice {
                path,
                message: match others {
                    0 => message,
                    n => format!("{message}; the same in {}", plural(n, "other file")),
                },
            }));
        runs
    }

    /// Writes the report (or the statistics) to `-o FILE`, or to standard
    /// output unless that carries fixed standard input (then standard
    /// error). Gives the files reported.
    fn write_output(&self, runs: Vec<FileRun>, stdout_taken: bool) -> io::Result<Vec<FileReport>> {
        let args = self.args;
        let mut out: Box<dyn Write> = match &args.output_file {
            Some(path) => Box::new(io::BufWriter::new(std::fs::File::create(path).map_err(
                |e| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())),
            )?)),
            None if stdout_taken => Box::new(io::stderr().lock()),
            None => Box::new(io::BufWriter::new(io::stdout().lock())),
        };
        if let Dialect::Vale {
            output: Some(format @ (ValeOutput::Line | ValeOutput::Json)),
        } = self.dialect
        {
            let files: Vec<ValeFile> = runs
                .into_iter()
                .filter_map(|run| {
                    Some(ValeFile {
                        report: run.report?,
                        places: run.places.unwrap_or_default(),
                    })
                })
                .collect();
            if format == ValeOutput::Json {
                vale::output::write_json(&mut out, &files, &self.rule_meta())?;
            } else {
                vale::output::write_line(&mut out, &files)?;
            }
            out.flush()?;
            return Ok(files.into_iter().map(|f| f.report).collect());
        }
        let files: Vec<FileReport> = runs.into_iter().filter_map(|run| run.report).collect();
        if args.statistics {
            let format = match args.format.into() {
                OutputFormat::Json => StatisticsFormat::Json,
                _ => StatisticsFormat::Human,
            };
            report::write_statistics(&mut out, format, &files)?;
        } else {
            let color = args.output_file.is_none()
                && !stdout_taken
                && match args.color {
                    ColorChoice::Always => true,
                    ColorChoice::Never => false,
                    ColorChoice::Auto => {
                        io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                    }
                };
            let context = ReportContext {
                color,
                rules: self.rule_infos(),
                quiet: args.quiet,
                fail_at: match self.fail {
                    FailRule::Level(FailLevel::At(level)) => Some(level),
                    FailRule::Level(FailLevel::Never) => None,
                    FailRule::ValeErrors => Some(Severity::Error),
                },
            };
            let format = match self.dialect {
                Dialect::Vale {
                    output: Some(ValeOutput::Cli),
                } => OutputFormat::Human,
                _ => args.format.into(),
            };
            report::write_report(&mut out, format, &files, &context)?;
        }
        out.flush()?;
        Ok(files)
    }

    /// What a report says about each rule in effect, sorted by id.
    fn rule_infos(&self) -> Vec<RuleInfo> {
        let mut rules: Vec<RuleInfo> = self
            .linter
            .rules
            .rules
            .iter()
            .map(|r| {
                let d = &r.def;
                RuleInfo::new(
                    &d.id,
                    r.level,
                    &d.description,
                    &d.message,
                    d.link.as_deref(),
                )
            })
            .collect();
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        rules.dedup_by(|a, b| a.id == b.id);
        rules
    }

    /// What Vale's JSON says about each rule beyond its findings.
    fn rule_meta(&self) -> std::collections::HashMap<String, ValeRuleMeta> {
        self.linter
            .rules
            .rules
            .iter()
            .map(|r| {
                let meta = ValeRuleMeta {
                    description: r.def.description.clone(),
                    action: r
                        .def
                        .action
                        .as_ref()
                        .map(|a| (a.name.clone(), a.params.clone())),
                };
                (r.def.id.clone(), meta)
            })
            .collect()
    }

    fn exit_status(&self, files: &[FileReport]) -> ExitStatus {
        if self.problems.is_failure() {
            return ExitStatus::Failure;
        }
        let failing = match self.fail {
            FailRule::ValeErrors => vale::cli::finds_errors(files),
            FailRule::Level(FailLevel::Never) => false,
            FailRule::Level(FailLevel::At(level)) => files
                .iter()
                .flat_map(|f| &f.diagnostics)
                .any(|d| d.severity >= level),
        };
        if failing && !self.args.no_exit {
            ExitStatus::Findings
        } else {
            ExitStatus::Clean
        }
    }

    /// Reads, lints and (with `--fix` or `--diff`) fixes one input.
    fn lint_input(&self, input: &Input) -> FileRun {
        let mut run = FileRun::skipped(input);
        // A file named (or `--ext` given) in a format parlance cannot read
        // is not linted as something else.
        let ext = match &self.options.extension {
            Some(ext) => ext.trim_start_matches('.').to_ascii_lowercase(),
            None => extension_of(Path::new(input.display())),
        };
        if let Some(format) = self
            .linter
            .config
            .unreadable_format(&ext)
            .filter(|_| !self.options.plain)
        {
            run.failure = Some(Notice {
                path: input.display().to_string(),
                message: format!(
                    "cannot lint: {format} is not supported yet (Vale converts .{ext} files with an external tool)"
                ),
            });
            return run;
        }
        // `--fix -` prints the document, fixed or not, never the report.
        let echoes = matches!(self.action, RunMode::Fix(_))
            && matches!(
                input,
                Input::Stdin { .. } | Input::Piped { .. } | Input::Text { .. }
            );
        let (text, encoding, lossy) = match input::read(input) {
            Ok(ReadOutcome::Text {
                text,
                encoding,
                notice,
                lossy,
            }) => {
                run.notices.extend(notice);
                (text, encoding, lossy)
            }
            Ok(ReadOutcome::Skipped { notice, bytes }) => {
                run.notices.push(notice);
                run.stdout = echoes.then_some(bytes);
                return run;
            }
            Err(failure) => {
                run.failure = Some(failure);
                return run;
            }
        };
        let name = input.display();
        let (report, aborted, places) = self.lint_text(name, text);
        run.abandoned = aborted;
        run.places = places;
        let (RunMode::Fix(mode) | RunMode::Diff(mode)) = self.action else {
            run.report = Some(report);
            return run;
        };
        if let Some(bytes) = lossy {
            // Writing the decoded text back would replace every byte that
            // is not text: the file is reported, never fixed.
            run.notices.push(Notice {
                path: name.to_string(),
                message: "not fixed: it is not valid text in its encoding, and --fix changes only the bytes of the edits it reports".into(),
            });
            run.stdout = echoes.then_some(bytes);
            run.report = Some(report);
            return run;
        }
        let original = report.source.clone();
        let fixed = fix::fix_until_stable(
            report.source.clone(),
            report.diagnostics.clone(),
            mode,
            |text| self.lint_text(name, text.to_string()).0.diagnostics,
        );
        if !fixed.converged {
            run.notices.push(Notice {
                path: name.to_string(),
                message: format!(
                    "fixes were still changing the text after {} passes; the rest were left",
                    fix::MAX_PASSES
                ),
            });
        }
        if fixed.cycled {
            run.notices.push(Notice {
                path: name.to_string(),
                message: "some fixes undo each other (two rules want opposite changes); those were left as they were".into(),
            });
        }
        if let (RunMode::Fix(_), Input::File { path, .. }) = (self.action, input) {
            if fixed.fixes > 0 {
                let read = encoding.encode(&original);
                match self
                    .writes
                    .write(path, &read, &encoding.encode(&fixed.text))
                {
                    Ok(()) => run.written = true,
                    Err(e) => {
                        let notice = Notice {
                            path: name.to_string(),
                            message: e.to_string(),
                        };
                        // A refusal leaves the file as the user has it; an
                        // I/O error is the tool failing.
                        match e {
                            fix::WriteError::Io(_) => run.failure = Some(notice),
                            _ => run.notices.push(notice),
                        }
                        // Report what the file still holds.
                        run.report = Some(report);
                        return run;
                    }
                }
            }
        }
        if fixed.fixes > 0 && self.dialect.places_findings() {
            // Vale's places of what is left, in the fixed text.
            run.places = self.lint_text(name, fixed.text.clone()).2;
        }
        if echoes {
            run.stdout = Some(encoding.encode(&fixed.text));
        }
        run.change = Some(Change {
            fixes: fixed.fixes,
            original,
        });
        run.report = Some(FileReport {
            path: report.path,
            source: fixed.text,
            diagnostics: fixed.diagnostics,
        });
        run
    }

    /// Lints `text` of the input named `name`: its report, the searches
    /// abandoned, and Vale's places when a Vale output asks for them.
    fn lint_text(&self, name: &str, text: String) -> (FileReport, Vec<String>, Option<Placements>) {
        let mut places = self.dialect.places_findings().then(Placements::default);
        let observer = places
            .as_mut()
            .map(|p| p as &mut dyn crate::check::Observer);
        let linted = self.linter.lint_observed(
            name,
            std::path::Path::new(name),
            text,
            &self.options,
            observer,
        );
        let report = FileReport {
            path: name.to_string(),
            source: linted.document.source,
            diagnostics: linted.outcome.diagnostics,
        };
        (report, linted.outcome.aborted, places)
    }
}

/// The files `--fix` writes. A SIGINT or SIGTERM stops the run within a
/// moment, whatever it is doing, but never in the middle of a write: the
/// signal waits for the writes under way, lets no new one start, and ends
/// the process, so every file is either as it was or fully fixed and no
/// temporary file is left.
#[derive(Default)]
struct Writes {
    /// Held shared while a file is written; taken whole to stop.
    gate: RwLock<()>,
    stopping: AtomicBool,
    written: AtomicUsize,
}

impl Writes {
    fn write(&self, path: &Path, read: &[u8], bytes: &[u8]) -> Result<(), fix::WriteError> {
        let _writing = self.gate.read().unwrap_or_else(|p| p.into_inner());
        if self.stopping.load(Ordering::SeqCst) {
            return Err(fix::WriteError::Interrupted);
        }
        fix::write_back(path, read, bytes)?;
        self.written.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    /// Watches for SIGINT and SIGTERM on a thread of its own.
    fn stop_on_signals(writes: Arc<Writes>) -> io::Result<()> {
        let mut signals = Signals::new([SIGINT, SIGTERM])?;
        std::thread::spawn(move || {
            if signals.forever().next().is_some() {
                writes.stopping.store(true, Ordering::SeqCst);
                let _all = writes.gate.write().unwrap_or_else(|p| p.into_inner());
                let written = writes.written.load(Ordering::SeqCst);
                eprintln!(
                    "error: interrupted: {} written with their fixes, every other file left as it was",
                    plural(written, "file")
                );
                std::process::exit(i32::from(u8::from(ExitStatus::Interrupted)));
            }
        });
        Ok(())
    }
}

/// `--diff`: a unified diff per changed file, as `git apply` and `patch`
/// read them.
fn write_diffs(changed: &[(&FileReport, &Change)]) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    for (report, change) in changed {
        let path = &report.path;
        out.write_all(unified_diff(path, &change.original, &report.source).as_bytes())?;
    }
    out.flush()
}

/// The unified diff of `old` and `new`, with lines as `patch` reads them:
/// ended by `\n` only. similar would also end a line at a lone `\r` (an
/// old Mac line end), which `patch` reads as text inside a line, and the
/// diff would not apply; so each lone `\r` stands in as a character the
/// texts do not hold while diffing, and is put back after.
fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let lone_cr = |text: &str| text.replace("\r\n", "\n").contains('\r');
    if !lone_cr(old) && !lone_cr(new) {
        return similar::TextDiff::from_lines(old, new)
            .unified_diff()
            .header(&format!("a/{path}"), &format!("b/{path}"))
            .to_string();
    }
    let stand_in = ('\u{e000}'..='\u{f8ff}')
        .find(|c| !old.contains(*c) && !new.contains(*c))
        .unwrap_or('\u{fffd}');
    let hide = |text: &str| {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\r' && chars.peek() != Some(&'\n') {
                out.push(stand_in);
            } else {
                out.push(c);
            }
        }
        out
    };
    let (old, new) = (hide(old), hide(new));
    similar::TextDiff::from_lines(&old, &new)
        .unified_diff()
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
        .replace(stand_in, "\r")
}

/// What linting one input gave.
struct FileRun {
    /// The input's name.
    path: String,
    report: Option<FileReport>,
    /// Where Vale places the report's findings (Vale's outputs only).
    places: Option<Placements>,
    notices: Vec<Notice>,
    /// Rules whose search was abandoned, as messages.
    abandoned: Vec<String>,
    failure: Option<Notice>,
    /// With `--fix` or `--diff`: the text before the fixes.
    change: Option<Change>,
    /// `--fix` wrote the file.
    written: bool,
    /// With `--fix` on standard input: the bytes standard output gets
    /// (the fixed text, or the input as it was when it cannot be fixed).
    stdout: Option<Vec<u8>>,
}

impl FileRun {
    fn skipped(input: &Input) -> FileRun {
        FileRun {
            path: input.display().to_string(),
            report: None,
            places: None,
            notices: Vec::new(),
            abandoned: Vec::new(),
            failure: None,
            change: None,
            written: false,
            stdout: None,
        }
    }
}

struct Change {
    original: String,
    fixes: usize,
}

/// The input `output` (the `-o` file) names, if any: the same file, by
/// any of its names.
fn overwritten_input<'i>(output: &Path, inputs: &'i [Input]) -> Option<&'i str> {
    let output = std::fs::canonicalize(output).ok()?;
    inputs.iter().find_map(|input| match input {
        Input::File { path, display } => {
            (std::fs::canonicalize(path).ok()? == output).then_some(display.as_str())
        }
        _ => None,
    })
}

/// What is piped into standard input when no path is given: its bytes
/// when standard input is readable ([`is_readable_stdin`]) and holds
/// something, else `None` and the run lints the current folder. An empty
/// pipe lints the folder too: CI runners (GitLab's among them) and test
/// harnesses give commands a pipe they close at once, and a job that runs
/// `parlance` with no path means its folder.
fn piped_stdin() -> io::Result<Option<Vec<u8>>> {
    if !is_readable_stdin() {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    io::Read::read_to_end(&mut io::stdin().lock(), &mut bytes)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot read standard input: {e}")))?;
    Ok((!bytes.is_empty()).then_some(bytes))
}

/// ripgrep's heuristic (`grep_cli::is_readable_stdin`): standard input is
/// worth reading when it is not a terminal and is a file, a pipe or a
/// socket (on Windows: a disk file or a pipe). A terminal, `/dev/null` (a
/// character device) or a closed descriptor is not.
fn is_readable_stdin() -> bool {
    #[cfg(unix)]
    fn readable() -> bool {
        use std::os::fd::AsFd;
        use std::os::unix::fs::FileTypeExt;
        let Ok(fd) = io::stdin().as_fd().try_clone_to_owned() else {
            return false;
        };
        std::fs::File::from(fd).metadata().is_ok_and(|m| {
            let t = m.file_type();
            t.is_file() || t.is_fifo() || t.is_socket()
        })
    }
    #[cfg(windows)]
    fn readable() -> bool {
        winapi_util::file::typ(winapi_util::HandleRef::stdin())
            .is_ok_and(|t| t.is_disk() || t.is_pipe())
    }
    #[cfg(not(any(unix, windows)))]
    fn readable() -> bool {
        false
    }
    !io::stdin().is_terminal() && readable()
}

/// Whether standard input is a pipe or a file (Vale reads it then when no
/// paths are given), not a terminal or `/dev/null`.
fn stdin_has_data() -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::FileTypeExt;
        let Ok(fd) = io::stdin().as_fd().try_clone_to_owned() else {
            return false;
        };
        std::fs::File::from(fd)
            .metadata()
            .map(|m| m.file_type().is_fifo() || m.file_type().is_file())
            .unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        !io::stdin().is_terminal()
    }
}
