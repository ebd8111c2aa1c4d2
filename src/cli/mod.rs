//! The command line: a thin clap front end over the library pipeline.

mod rules;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::config::{Config, FailLevel};
use crate::diagnostic::Severity;
use crate::document::Document;
use crate::error::{Notice, Problems};
use crate::input::{self, Input, ReadOutcome};
use crate::lint::Linter;
use crate::report::{self, FileReport, HumanOptions, OutputFormat};

/// A fast writing-style linter for business prose (Vale-compatible rules).
#[derive(Debug, Parser)]
#[command(
    name = "parlance",
    version,
    about,
    args_conflicts_with_subcommands = true
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
    /// Print the literal words the one-pass scan looks for, one per line
    /// (for `scripts/bench-corpus.sh`, which gives them to ripgrep).
    #[command(hide = true)]
    Literals {
        #[command(flatten)]
        config: ConfigArgs,
    },
}

#[derive(Debug, Clone, clap::Args)]
pub struct ConfigArgs {
    /// Use this config file instead of searching for one.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
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
    #[arg(long)]
    pub no_exit: bool,
    /// Name (and so format and config section) of standard input.
    #[arg(long, value_name = "NAME", default_value = "stdin.md")]
    pub stdin_filename: String,
    /// When to use colour in human output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
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

/// Loads the config in effect for the working directory and its rules. A
/// config that cannot be used at all is an error; broken rule files are
/// reported in the linter's problems and the rest still runs.
pub(crate) fn load_linter(args: &ConfigArgs) -> io::Result<Result<Linter, Problems>> {
    let cwd = std::env::current_dir()?;
    Ok(Config::discover(&cwd, args.config.as_deref()).map(Linter::new))
}

fn lint(args: &LintArgs) -> io::Result<u8> {
    let linter = match load_linter(&args.config)? {
        Ok(linter) => linter,
        Err(problems) => {
            report::write_problems(&mut io::stderr(), &problems, stderr_color())?;
            return Ok(EXIT_FAILURE);
        }
    };
    let mut problems = linter.problems.clone();
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (inputs, failures) = input::collect(&paths, &args.stdin_filename);
    problems.failures.extend(failures);
    let min_level = args.min_level.unwrap_or(linter.config.min_level);

    let results: Vec<(Option<FileReport>, Vec<Notice>, Option<Notice>)> = inputs
        .par_iter()
        .map(|input| lint_input(&linter, input, min_level))
        .collect();
    let mut files = Vec::new();
    for (report, notices, failure) in results {
        files.extend(report);
        problems.notices.extend(notices);
        problems.failures.extend(failure);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));

    report::write_problems(&mut io::stderr(), &problems, stderr_color())?;
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    report::write_report(&mut out, args.format, &files, &HumanOptions { color })?;
    out.flush()?;

    if problems.is_failure() {
        return Ok(EXIT_FAILURE);
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

fn lint_input(
    linter: &Linter,
    input: &Input,
    min_level: Severity,
) -> (Option<FileReport>, Vec<Notice>, Option<Notice>) {
    let mut notices = Vec::new();
    let text = match input::read(input) {
        Ok(ReadOutcome::Text { text, notice }) => {
            notices.extend(notice);
            text
        }
        Ok(ReadOutcome::Skipped(notice)) => return (None, vec![notice], None),
        Err(failure) => return (None, notices, Some(failure)),
    };
    let name = input.display();
    let doc = Document::from_path_and_text(std::path::Path::new(name), text);
    let outcome = linter.check(name, &doc, min_level);
    notices.extend(outcome.aborted.into_iter().map(|message| Notice {
        path: name.to_string(),
        message,
    }));
    let report = FileReport {
        path: name.to_string(),
        source: doc.source,
        diagnostics: outcome.diagnostics,
    };
    (Some(report), notices, None)
}
