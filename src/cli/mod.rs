//! The command line: a thin clap front end over the library pipeline.

mod rules;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use signal_hook::consts::{SIGINT, SIGTERM};

use crate::config::{Config, FailLevel};
use crate::diagnostic::Severity;
use crate::document::Document;
use crate::error::{Notice, Problems};
use crate::fix::{self, FixMode};
use crate::input::{self, Input, ReadOutcome, Selection, TextEncoding};
use crate::lint::Linter;
use crate::report::{self, FileReport, OutputFormat, ReportContext, RuleInfo, StatisticsFormat};
use crate::styles::filter::RuleFilter;

/// A fast writing-style linter for business prose (Vale-compatible rules).
#[derive(Debug, Parser)]
#[command(
    name = "parlance",
    version,
    about,
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes: 0 no finding at or above the fail level (with --diff: nothing to change); \
                  1 findings at or above the fail level (with --diff: something would change); \
                  2 parlance failed (flags, config, rule file, I/O)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub lint: LintArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Explain a rule: level, description, examples, fix, source.
    Explain {
        /// The rule id, `Style.Rule`.
        rule: String,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// List every rule in effect with its level and source.
    Rules {
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Run every rule's `examples:` (bad must trigger, good must not).
    Test {
        /// Style folders to test (default: the built-in styles).
        dirs: Vec<PathBuf>,
    },
    /// Write a starter `.parlance.ini` in the current folder.
    Init {
        /// Overwrite an existing `.parlance.ini`.
        #[arg(long)]
        force: bool,
    },
    /// Print the literal words the one-pass scan looks for, one per line
    /// (for `scripts/bench-corpus.sh`, which gives them to ripgrep).
    #[command(hide = true)]
    Literals {
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Print a file's metric variables (`words`, `sentences`, `syllables`,
    /// heading and list counts…) as JSON, as `vale ls-metrics` does.
    #[command(name = "ls-metrics")]
    LsMetrics {
        /// The document to measure.
        file: PathBuf,
    },
    /// Print the configuration in effect as JSON, as `vale ls-config`
    /// does.
    #[command(name = "ls-config", visible_alias = "dc")]
    LsConfig {
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Vale's `fix`: the suggestions for one alert of `--output=JSON`
    /// (given as JSON or as a file holding it), as
    /// `{"suggestions": […], "error": ""}`. Editor plugins written for Vale
    /// (vale-ls) call it for quick fixes.
    #[command(hide = true)]
    Fix {
        /// The alert, as JSON text or a file.
        alert: String,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Run the language server (LSP) over standard input and output.
    Lsp,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ConfigArgs {
    /// Use this config file instead of searching for one (the global
    /// config is still read under it).
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Do not read the global config (`$XDG_CONFIG_HOME/vale/.vale.ini`)
    /// or search Vale's default styles folder.
    #[arg(long)]
    pub no_global: bool,
}

#[derive(Debug, Clone, clap::Args)]
pub struct LintArgs {
    /// Files and folders to lint (`-` reads standard input); default `.`.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Hide findings below this level (overrides MinAlertLevel).
    #[arg(long, value_name = "LEVEL")]
    pub min_level: Option<Severity>,
    /// Exit 1 when a finding is at or above this level [default: error].
    #[arg(long, value_name = "LEVEL", value_parser = parse_fail_level)]
    pub fail_level: Option<FailLevel>,
    /// Exit 0 even when findings reach the fail level (2 still means the tool failed).
    #[arg(long, visible_alias = "exit-zero")]
    pub no_exit: bool,
    /// Apply safe fixes in place (with `-`, print the fixed text), then
    /// report what remains.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// With `--fix` or `--diff`: apply unsafe fixes too.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what `--fix` would change; write nothing;
    /// exit 1 if anything would change.
    #[arg(long)]
    pub diff: bool,
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Write the report to FILE instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Print how many findings each rule produced instead of the findings
    /// (human, or json with `--format json`).
    #[arg(long)]
    pub statistics: bool,
    /// Name (and so format and config section) of standard input.
    #[arg(long, value_name = "NAME", default_value = "stdin.md")]
    pub stdin_filename: String,
    /// When to use colour in human output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    #[command(flatten)]
    pub vale: ValeArgs,
}

/// Vale's own flags, accepted as Vale's users write them (`--flag=value`).
/// Any of them puts the run in Vale mode: Vale's input rules (stdin when
/// piped with no paths; one argument that is not a path is text) and exit
/// codes (1 only for an error-level finding).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ValeArgs {
    /// Vale's output: `line`, `JSON` or `CLI` (parlance's human output);
    /// templates are not supported.
    #[arg(
        long = "output",
        value_name = "line|JSON|CLI",
        help_heading = "Vale compatibility"
    )]
    pub output: Option<String>,
    /// Vale's name for `--min-level`.
    #[arg(
        long = "minAlertLevel",
        value_name = "LEVEL",
        help_heading = "Vale compatibility"
    )]
    pub min_alert_level: Option<Severity>,
    /// The extension of standard input (default `.txt`), and of every file
    /// when it is not `.txt`.
    #[arg(long, value_name = ".EXT", help_heading = "Vale compatibility")]
    pub ext: Option<String>,
    /// The logical path of standard input (its format and config section).
    #[arg(
        long = "path",
        value_name = "PATH",
        help_heading = "Vale compatibility"
    )]
    pub path: Option<String>,
    /// Run only the rules this expression keeps (Vale's `--filter`: an
    /// expr expression over `.Name .Level .Scope .Message .Description
    /// .Extends .Link`, or a file, also looked for in
    /// `<StylesPath>/config/filters/`).
    #[arg(long, value_name = "EXPR|FILE", help_heading = "Vale compatibility")]
    pub filter: Option<String>,
    /// Lint every file as one block of plain text (no markup, no
    /// paragraph, sentence or heading scopes).
    #[arg(long, help_heading = "Vale compatibility")]
    pub ignore_syntax: bool,
    /// Accepted for Vale: output is always sorted.
    #[arg(long, hide = true)]
    pub sort: bool,
    /// Accepted for Vale: paths always use `/`.
    #[arg(long, hide = true)]
    pub normalize: bool,
    /// Accepted for Vale: paths are shown as given.
    #[arg(long, hide = true)]
    pub relative: bool,
}

/// Vale's `--output` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValeOutput {
    Line,
    Json,
    Cli,
}

impl ValeArgs {
    fn active(&self) -> bool {
        self.output.is_some()
            || self.min_alert_level.is_some()
            || self.filter.is_some()
            || self.ext.is_some()
            || self.path.is_some()
            || self.ignore_syntax
            || self.sort
            || self.normalize
            || self.relative
    }

    /// `--ext` with its dot, Vale's default `.txt` when not given.
    fn ext(&self) -> String {
        match self.ext.as_deref() {
            None | Some("") => ".txt".to_string(),
            Some(ext) if ext.starts_with('.') => ext.to_string(),
            Some(ext) => format!(".{ext}"),
        }
    }

    /// The name of standard input or of text given as an argument.
    fn stdin_name(&self) -> String {
        match &self.path {
            Some(path) => path.clone(),
            None => format!("stdin{}", self.ext()),
        }
    }

    /// The extension files are read as, when `--ext` overrides theirs.
    fn file_ext_override(&self) -> Option<String> {
        let ext = self.ext();
        (self.ext.is_some() && ext != ".txt").then_some(ext)
    }

    fn output(&self) -> Result<Option<ValeOutput>, String> {
        let Some(output) = self.output.as_deref() else {
            return Ok(None);
        };
        match output {
            "line" => Ok(Some(ValeOutput::Line)),
            "JSON" | "json" => Ok(Some(ValeOutput::Json)),
            "CLI" | "cli" => Ok(Some(ValeOutput::Cli)),
            other => Err(format!(
                "--output={other}: templates are not supported (use line, JSON or CLI)"
            )),
        }
    }
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

/// Which files a walk picks up (ripgrep's flags).
#[derive(Debug, Clone, clap::Args)]
pub struct SelectionArgs {
    /// Read no `.gitignore`, `.ignore` or `.parlanceignore` files.
    #[arg(long, help_heading = "File selection")]
    pub no_ignore: bool,
    /// Walk hidden files and folders too.
    #[arg(long, help_heading = "File selection")]
    pub hidden: bool,
    /// Lint only files matching GLOB (repeatable; `!GLOB` excludes), as
    /// ripgrep's `--glob`; relative to the working directory.
    #[arg(
        short = 'g',
        long = "glob",
        value_name = "GLOB",
        help_heading = "File selection"
    )]
    pub globs: Vec<String>,
    /// Apply ignore files and `!` globs to files named on the command line
    /// too (for pre-commit, which names every staged file).
    #[arg(long, help_heading = "File selection")]
    pub force_exclude: bool,
    /// Threads for walking and linting [default: one per core].
    #[arg(short = 'j', long, value_name = "N", help_heading = "File selection")]
    pub threads: Option<usize>,
}

impl SelectionArgs {
    fn selection(&self) -> Selection {
        Selection {
            no_ignore: self.no_ignore,
            hidden: self.hidden,
            globs: self.globs.clone(),
            force_exclude: self.force_exclude,
            threads: self.threads.unwrap_or(0),
            skip_vendor_dirs: false,
            extensions: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn parse_fail_level(s: &str) -> Result<FailLevel, String> {
    s.parse()
}

/// Exit codes: 0 clean, 1 findings at or above the fail level, 2 the tool
/// failed (usage, config, rule file, I/O).
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_FAILURE: u8 = 2;
/// `--fix` stopped by SIGINT or SIGTERM (128 + SIGINT, as shells report).
pub const EXIT_INTERRUPTED: u8 = 130;

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_FAILURE } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Some(Command::Explain { rule, config }) => rules::explain(&rule, &config),
        Some(Command::Rules { config }) => rules::list(&config),
        Some(Command::Test { dirs }) => rules::test(&dirs),
        Some(Command::Literals { config }) => rules::literals(&config),
        Some(Command::Init { force }) => init(force),
        Some(Command::LsMetrics { file }) => rules::ls_metrics(&file),
        Some(Command::LsConfig { config }) => rules::ls_config(&config),
        Some(Command::Fix { alert, config }) => rules::fix_alert(&alert, &config),
        Some(Command::Lsp) => crate::lsp::run(),
        None => lint(&cli.lint),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // Output closed early (`parlance … | head`): stop quietly.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

pub(crate) fn stderr_color() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn init(force: bool) -> io::Result<u8> {
    let path = std::path::Path::new(".parlance.ini");
    if path.exists() && !force {
        eprintln!("error: .parlance.ini already exists (use --force to overwrite it)");
        return Ok(EXIT_FAILURE);
    }
    std::fs::write(path, crate::config::STARTER)?;
    println!("wrote .parlance.ini: the built-in Business style on Markdown and text files");
    Ok(0)
}

/// Loads the config in effect for the working directory and its rules. A
/// config that cannot be used at all is an error; broken rule files are
/// reported in the linter's problems and the rest still runs.
pub(crate) fn load_linter(args: &ConfigArgs) -> io::Result<Result<Linter, Problems>> {
    load_filtered_linter(args, None)
}

/// [`load_linter`] with only the rules `filter` (Vale's `--filter`) keeps.
fn load_filtered_linter(
    args: &ConfigArgs,
    filter: Option<&str>,
) -> io::Result<Result<Linter, Problems>> {
    let cwd = std::env::current_dir()?;
    let config = match Config::discover(&cwd, args.config.as_deref(), !args.no_global) {
        Ok(config) => config,
        Err(problems) => return Ok(Err(problems)),
    };
    let filter = match filter {
        None => None,
        Some(filter) => match RuleFilter::new(filter, &config.styles_paths) {
            Ok(filter) => Some(filter),
            Err(message) => {
                return Ok(Err(Problems {
                    failures: vec![Notice {
                        path: String::new(),
                        message,
                    }],
                    ..Problems::default()
                }))
            }
        },
    };
    Ok(Ok(Linter::filtered(config, filter)))
}

fn lint(args: &LintArgs) -> io::Result<u8> {
    let vale_mode = args.vale.active();
    let vale_output = match args.vale.output() {
        Ok(output) => output,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(EXIT_FAILURE);
        }
    };
    let linter = match load_filtered_linter(&args.config, args.vale.filter.as_deref())? {
        Ok(linter) => linter,
        Err(problems) => {
            report::write_problems(&mut io::stderr(), &problems, stderr_color())?;
            return Ok(EXIT_FAILURE);
        }
    };
    if vale_mode && linter.config.path.is_none() {
        // Vale has no built-in configuration to fall back on.
        eprintln!(
            "E100 [.vale.ini not found] Runtime error\n\nno config file found \
             (parlance's built-in style runs only outside Vale mode)\n\n\
             Execution stopped with code 1."
        );
        return Ok(EXIT_FAILURE);
    }
    let mut problems = linter.problems.clone();
    let mut text_input = None;
    let paths = if vale_mode && args.paths.is_empty() && stdin_has_data() {
        vec![PathBuf::from("-")]
    } else if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else if vale_mode
        && args.paths.len() == 1
        && args.paths[0].as_os_str() != "-"
        && std::fs::symlink_metadata(&args.paths[0]).is_err()
    {
        // Vale: one argument that is not a path is the text to lint.
        text_input = Some(Input::Text {
            name: args.vale.stdin_name(),
            text: args.paths[0].to_string_lossy().into_owned(),
        });
        Vec::new()
    } else {
        args.paths.clone()
    };
    let stdin_name = if vale_mode {
        args.vale.stdin_name()
    } else {
        args.stdin_filename.clone()
    };
    if let Some(threads) = args.selection.threads {
        // Only fails when a pool exists already, which `main` never makes.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global();
    }
    let (mut inputs, walked) = if paths.is_empty() {
        (Vec::new(), Problems::default())
    } else {
        let selection = Selection {
            skip_vendor_dirs: vale_mode,
            extensions: linter.config.formats.keys().cloned().collect(),
            ..args.selection.selection()
        };
        input::collect(&paths, &stdin_name, &selection)
    };
    inputs.extend(text_input);
    problems.extend(walked);
    // A filter that looks at levels decides which levels show (as in Vale).
    let filter_decides = linter.filter.as_ref().is_some_and(RuleFilter::names_level);
    let min_level = args
        .min_level
        .or(args.vale.min_alert_level)
        .unwrap_or(if filter_decides {
            Severity::Suggestion
        } else {
            linter.config.min_level
        });
    let reading = Reading {
        ext: args.vale.file_ext_override(),
        plain: args.vale.ignore_syntax,
    };
    let mode = FixMode {
        unsafe_fixes: args.unsafe_fixes,
    };
    let action = if args.diff {
        Action::Diff(mode)
    } else if args.fix {
        Action::Fix(mode)
    } else {
        Action::Report
    };

    let interrupted = Arc::new(AtomicBool::new(false));
    if let Action::Fix(_) = action {
        // Ctrl-C or a TERM while fixing: no file is left half-written
        // anyway (each is replaced by a rename), but no temporary file
        // should be left either, so the run stops between files.
        for signal in [SIGINT, SIGTERM] {
            signal_hook::flag::register(signal, Arc::clone(&interrupted))?;
        }
    }
    let results: Vec<Linted> = inputs
        .par_iter()
        .map(|input| {
            if interrupted.load(Ordering::SeqCst) {
                return Linted::skipped(input);
            }
            lint_input(&linter, input, min_level, action, &reading, &interrupted)
        })
        .collect();
    if interrupted.load(Ordering::SeqCst) {
        let written = results.iter().filter(|r| r.written).count();
        eprintln!(
            "error: interrupted: {} written with their fixes, every other file left as it was",
            plural(written, "file")
        );
        return Ok(EXIT_INTERRUPTED);
    }
    let mut linted = Vec::new();
    // A pattern that backtracks too much does so in file after file: one
    // notice per rule, naming the first file and how many others.
    let mut abandoned: Vec<(String, String, usize)> = Vec::new();
    for result in results {
        problems.notices.extend(result.notices);
        problems.failures.extend(result.failure);
        for message in result.abandoned {
            match abandoned.iter_mut().find(|(m, _, _)| *m == message) {
                Some((_, _, others)) => *others += 1,
                None => abandoned.push((message, result.path.clone(), 0)),
            }
        }
        linted.extend(result.report.map(|report| (report, result.change)));
    }
    problems
        .notices
        .extend(abandoned.into_iter().map(|(message, path, others)| Notice {
            path,
            message: match others {
                0 => message,
                n => format!("{message}; the same in {}", plural(n, "other file")),
            },
        }));
    // Still in input order (rayon's `collect` keeps it): sorted by path.
    let changed: Vec<(&FileReport, &Change)> = linted
        .iter()
        .filter_map(|(report, change)| Some((report, change.as_ref()?)))
        .filter(|(_, change)| change.fixes > 0)
        .collect();
    let fixes: usize = changed.iter().map(|(_, c)| c.fixes).sum();
    if matches!(vale_output, Some(ValeOutput::Line | ValeOutput::Json)) {
        // Vale's machine output has nothing but findings and errors.
        problems.notices.clear();
    }
    if vale_mode
        && problems
            .errors
            .iter()
            .any(|e| e.message.contains("does not exist on StylesPath"))
    {
        // Vale's heading for this failure, which scripts look for.
        eprintln!("E100 [loadStyles] Runtime error\n");
    }
    report::write_problems(&mut io::stderr(), &problems, stderr_color())?;

    if let Action::Diff(_) = action {
        write_diffs(&changed)?;
        if fixes > 0 {
            eprintln!(
                "would fix {} in {}",
                plural(fixes, "finding"),
                plural(changed.len(), "file")
            );
        }
        return Ok(if problems.is_failure() {
            EXIT_FAILURE
        } else if fixes > 0 {
            EXIT_FINDINGS
        } else {
            0
        });
    }
    if fixes > 0 {
        eprintln!(
            "fixed {} in {}",
            plural(fixes, "finding"),
            plural(changed.len(), "file")
        );
    }
    // Fixed standard input goes to standard output, so the report must not.
    let fixed_stdin = linted
        .iter()
        .find(|(_, change)| change.as_ref().is_some_and(|c| c.is_stdin));
    if let Some((report, Some(change))) = fixed_stdin {
        let mut out = io::stdout().lock();
        out.write_all(&change.encoding.encode(&report.source))?;
        out.flush()?;
    }
    let stdout_taken = fixed_stdin.is_some();
    let files: Vec<FileReport> = linted.into_iter().map(|(report, _)| report).collect();
    write_output(args, vale_output, &linter, &files, stdout_taken)?;

    if problems.is_failure() {
        return Ok(EXIT_FAILURE);
    }
    if vale_mode && args.fail_level.is_none() {
        // Vale: 1 only when a finding is an error.
        let errors = files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .any(|d| d.severity == Severity::Error);
        return Ok(if errors && !args.no_exit {
            EXIT_FINDINGS
        } else {
            0
        });
    }
    let fail_level = args
        .fail_level
        .or(linter.config.fail_level)
        .unwrap_or(FailLevel::At(Severity::Error));
    let failing = match fail_level {
        FailLevel::Never => false,
        FailLevel::At(level) => files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .any(|d| d.severity >= level),
    };
    Ok(if failing && !args.no_exit {
        EXIT_FINDINGS
    } else {
        0
    })
}

/// `--diff`: a unified diff per changed file, as `git apply` reads them.
fn write_diffs(changed: &[(&FileReport, &Change)]) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    for (report, change) in changed {
        let path = &report.path;
        let diff = similar::TextDiff::from_lines(&change.original, &report.source);
        write!(
            out,
            "{}",
            diff.unified_diff()
                .header(&format!("a/{path}"), &format!("b/{path}"))
        )?;
    }
    out.flush()
}

/// Writes the report (or the statistics) to `-o FILE`, or to standard
/// output unless that carries fixed standard input (then standard error).
fn write_output(
    args: &LintArgs,
    vale_output: Option<ValeOutput>,
    linter: &Linter,
    files: &[FileReport],
    stdout_taken: bool,
) -> io::Result<()> {
    let mut out: Box<dyn Write> = match &args.output_file {
        Some(path) => Box::new(io::BufWriter::new(std::fs::File::create(path).map_err(
            |e| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())),
        )?)),
        None if stdout_taken => Box::new(io::stderr().lock()),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    if let Some(format @ (ValeOutput::Line | ValeOutput::Json)) = vale_output {
        if format == ValeOutput::Json {
            report::vale_json::write(&mut out, files, &report::vale_json::rule_meta(linter))?;
        } else {
            report::write_vale_line(&mut out, files)?;
        }
        return out.flush();
    }
    if args.statistics {
        let format = match args.format {
            OutputFormat::Json => StatisticsFormat::Json,
            _ => StatisticsFormat::Human,
        };
        report::write_statistics(&mut out, format, files)?;
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
            rules: RuleInfo::of(linter),
        };
        let format = match vale_output {
            Some(ValeOutput::Cli) => OutputFormat::Human,
            _ => args.format,
        };
        report::write_report(&mut out, format, files, &context)?;
    }
    out.flush()
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// What `lint` does with each input's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Report,
    /// `--fix`: apply fixes, write changed files, report what remains.
    Fix(FixMode),
    /// `--diff`: compute the fixes, write nothing.
    Diff(FixMode),
}

/// What linting one input gave.
struct Linted {
    /// The input's name.
    path: String,
    report: Option<FileReport>,
    notices: Vec<Notice>,
    /// Rules whose search was abandoned, as messages.
    abandoned: Vec<String>,
    failure: Option<Notice>,
    /// With `--fix` or `--diff`: the text before the fixes.
    change: Option<Change>,
    /// `--fix` wrote the file.
    written: bool,
}

impl Linted {
    fn skipped(input: &Input) -> Linted {
        Linted {
            path: input.display().to_string(),
            report: None,
            notices: Vec::new(),
            abandoned: Vec::new(),
            failure: None,
            change: None,
            written: false,
        }
    }
}

struct Change {
    original: String,
    fixes: usize,
    is_stdin: bool,
    /// How the input was encoded, so the fixed text is written back so.
    encoding: TextEncoding,
}

/// How files are read into documents (Vale's `--ext` and `--ignore-syntax`).
struct Reading {
    /// Read every file as this extension (with its dot).
    ext: Option<String>,
    /// One plain block per file.
    plain: bool,
}

impl Reading {
    fn document(&self, linter: &Linter, name: &str, text: String) -> Document {
        let named = match &self.ext {
            Some(ext) => PathBuf::from(format!("file{ext}")),
            None => PathBuf::from(name),
        };
        if self.plain {
            Document::plain(text, &crate::config::format::extension_of(&named))
        } else {
            linter.document(&named, text)
        }
    }
}

fn lint_input(
    linter: &Linter,
    input: &Input,
    min_level: Severity,
    action: Action,
    reading: &Reading,
    interrupted: &AtomicBool,
) -> Linted {
    let mut linted = Linted::skipped(input);
    let (text, encoding) = match input::read(input) {
        Ok(ReadOutcome::Text {
            text,
            encoding,
            notice,
        }) => {
            linted.notices.extend(notice);
            (text, encoding)
        }
        Ok(ReadOutcome::Skipped(notice)) => {
            linted.notices.push(notice);
            return linted;
        }
        Err(failure) => {
            linted.failure = Some(failure);
            return linted;
        }
    };
    let name = input.display();
    let notice = |message: String| Notice {
        path: name.to_string(),
        message,
    };
    let check = |text: String| {
        let mut doc = reading.document(linter, name, text);
        if !reading.plain {
            linter.apply_ignores(name, &mut doc);
        }
        let outcome = linter.check(name, &doc, min_level);
        (doc.source, outcome)
    };
    let (source, outcome) = check(text);
    linted.abandoned = outcome.aborted;
    let mut report = FileReport {
        path: name.to_string(),
        source,
        diagnostics: outcome.diagnostics,
    };
    if let Action::Fix(mode) | Action::Diff(mode) = action {
        let original = report.source.clone();
        let unfixed = report.diagnostics.clone();
        let fixed = fix::fix_until_stable(report.source, report.diagnostics, mode, |text| {
            check(text.to_string()).1.diagnostics
        });
        if !fixed.converged {
            linted.notices.push(notice(format!(
                "fixes were still changing the text after {} passes; the rest were left",
                fix::MAX_PASSES
            )));
        }
        if let (Action::Fix(_), Input::File { path, .. }) = (action, input) {
            if fixed.fixes > 0 && !interrupted.load(Ordering::SeqCst) {
                match fix::write_in_place(path, &encoding.encode(&fixed.text)) {
                    Ok(()) => linted.written = true,
                    Err(e) => {
                        linted.failure = Some(notice(format!(
                            "cannot write the fixes ({e}); the file is unchanged"
                        )));
                        // Report what the file still holds.
                        linted.report = Some(FileReport {
                            path: report.path,
                            source: original,
                            diagnostics: unfixed,
                        });
                        return linted;
                    }
                }
            }
        }
        linted.change = Some(Change {
            original,
            fixes: fixed.fixes,
            is_stdin: matches!(input, Input::Stdin { .. } | Input::Text { .. }),
            encoding,
        });
        report = FileReport {
            path: report.path,
            source: fixed.text,
            diagnostics: fixed.diagnostics,
        };
    }
    linted.report = Some(report);
    linted
}
