//! The command line: a thin clap front end over the library pipeline. The
//! flags are read here; each command runs in a file of its own, and
//! linting resolves its flags into a plan once (`lint::Plan`) before
//! running it.

mod completions;
mod explain;
mod init;
mod lint;
mod list;
mod literals;
mod man;
mod tag;
mod test;
mod vale;

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{Config, FailLevel};
use crate::diagnostic::Severity;
use crate::error::{Notice, Problems};
use crate::input::Selection;
use crate::lint::Linter;
use crate::report::{self, OutputFormat};
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
    /// List every rule loaded with its level, type and source. A rule
    /// switched off (`Style.Rule = NO`) in every section is listed as `off`
    /// (`"on": false` in JSON), not as in effect.
    Rules {
        /// Output format: a table with a header row, or a JSON array of
        /// `{name, level, type, style, source, on}`.
        #[arg(long, value_enum, default_value = "human")]
        format: RulesFormat,
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
    /// Print each sentence's words with their part-of-speech tags (Penn
    /// Treebank), one sentence a line: `word/TAG word/TAG …`. A `.conllu`
    /// file is printed back with column 5 replaced by parlance's tags.
    Tag {
        /// The file to tag (`-` reads standard input, as plain text or
        /// CoNLL-U).
        #[arg(default_value = "-")]
        file: PathBuf,
        /// With a `.conllu` file: print the token accuracy against its
        /// column 5 instead.
        #[arg(long)]
        score: bool,
    },
    /// Run the language server (LSP) over standard input and output.
    Lsp,
    /// Print a shell completion script to standard output (e.g.
    /// `parlance completions bash > /etc/bash_completion.d/parlance`).
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to standard output: `parlance man | man -l -`.
    Man,
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
    /// Files and folders to lint (`-` reads standard input); default: piped
    /// standard input when there is some, else `.`.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: FormatArg,
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
    /// Print only the findings: no summary line in human output (and no
    /// "fixed …" count); errors still go to standard error.
    #[arg(short = 'q', long)]
    pub quiet: bool,
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
    /// templates are not supported. To write the report to a file: `-o
    /// FILE`.
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

impl ValeArgs {
    /// Whether any of Vale's flags is given: the run is then Vale's.
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
    /// Follow symbolic links when walking folders (by default a walk stays
    /// inside the folders given; files named on the command line are
    /// always read, links or not).
    #[arg(short = 'L', long, help_heading = "File selection")]
    pub follow: bool,
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
            formats: Vec::new(),
            follow: self.follow,
        }
    }
}

/// `parlance rules --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn parse_fail_level(s: &str) -> Result<FailLevel, crate::config::ParseFailLevelError> {
    s.parse()
}

/// `--format`: every output format, named as the flag takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// codespan-reporting diagnostics and a summary line.
    Human,
    /// One JSON array of diagnostics.
    Json,
    /// The `json` objects, one per line.
    JsonLines,
    /// Vale's `path:line:column:Style.Rule:message`.
    Line,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (pull-request annotations).
    Github,
    /// Checkstyle XML (reviewdog, Jenkins).
    Checkstyle,
    /// JUnit XML: one test suite per file, one test case per finding
    /// (failing at or above the fail level, else passed with the finding in
    /// `system-out`).
    Junit,
    /// reviewdog's Diagnostic Format (rdjson), with suggested fixes.
    Rdjson,
    /// GitLab Code Quality report.
    Gitlab,
}

impl From<FormatArg> for OutputFormat {
    fn from(f: FormatArg) -> OutputFormat {
        match f {
            FormatArg::Human => OutputFormat::Human,
            FormatArg::Json => OutputFormat::Json,
            FormatArg::JsonLines => OutputFormat::JsonLines,
            FormatArg::Line => OutputFormat::Line,
            FormatArg::Sarif => OutputFormat::Sarif,
            FormatArg::Github => OutputFormat::Github,
            FormatArg::Checkstyle => OutputFormat::Checkstyle,
            FormatArg::Junit => OutputFormat::Junit,
            FormatArg::Rdjson => OutputFormat::Rdjson,
            FormatArg::Gitlab => OutputFormat::Gitlab,
        }
    }
}

/// How a run ends: the exit codes scripts and CI depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// No finding at or above the fail level (with `--diff`: nothing to
    /// change).
    Clean,
    /// Findings at or above the fail level (with `--diff`: something would
    /// change).
    Findings,
    /// parlance failed: flags, config, rule file, I/O.
    Failure,
    /// `--fix` stopped by SIGINT or SIGTERM (128 + SIGINT, as shells
    /// report).
    Interrupted,
    /// The language server's client exited without `shutdown` (the
    /// protocol's 1).
    Abandoned,
}

impl From<crate::lsp::SessionEnd> for ExitStatus {
    fn from(end: crate::lsp::SessionEnd) -> ExitStatus {
        match end {
            crate::lsp::SessionEnd::Shutdown => ExitStatus::Clean,
            crate::lsp::SessionEnd::Abandoned => ExitStatus::Abandoned,
        }
    }
}

impl From<ExitStatus> for u8 {
    fn from(status: ExitStatus) -> u8 {
        match status {
            ExitStatus::Clean => 0,
            ExitStatus::Findings | ExitStatus::Abandoned => 1,
            ExitStatus::Failure => 2,
            ExitStatus::Interrupted => 130,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(u8::from(status))
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let status = if e.use_stderr() {
                ExitStatus::Failure
            } else {
                ExitStatus::Clean
            };
            let _ = e.print();
            return status.into();
        }
    };
    let result = match cli.command {
        Some(Command::Explain { rule, config }) => explain::run(&rule, &config),
        Some(Command::Rules { format, config }) => list::run(format, &config),
        Some(Command::Test { dirs }) => test::run(&dirs),
        Some(Command::Literals { config }) => literals::run(&config),
        Some(Command::Init { force }) => init::run(force),
        Some(Command::LsMetrics { file }) => vale::ls_metrics(&file),
        Some(Command::LsConfig { config }) => vale::ls_config(&config),
        Some(Command::Fix { alert, config }) => vale::fix(&alert, &config),
        Some(Command::Tag { file, score }) => tag::run(&file, score),
        Some(Command::Lsp) => crate::lsp::run().map(ExitStatus::from),
        Some(Command::Completions { shell }) => completions::run(shell),
        Some(Command::Man) => man::run(),
        None => match misspelled_subcommand(&cli.lint) {
            Some((word, near)) => {
                eprintln!("error: no such file or subcommand '{word}'; did you mean '{near}'?");
                Ok(ExitStatus::Failure)
            }
            None => lint::run(&cli.lint),
        },
    };
    match result {
        Ok(status) => status.into(),
        // Output closed early (`parlance … | head`): stop quietly.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitStatus::Failure.into()
        }
    }
}

/// `parlance explian X`: a first path that is no file but is close to a
/// subcommand's name, and that name. (In Vale mode a lone argument that is
/// not a path is text to lint, so it is never taken for a subcommand.)
fn misspelled_subcommand(args: &LintArgs) -> Option<(String, String)> {
    use clap::CommandFactory;
    let first = args.paths.first()?;
    if args.vale.active() || first.as_os_str() == "-" || std::fs::symlink_metadata(first).is_ok() {
        return None;
    }
    let word = first.to_str()?;
    if word.contains(['.', '/', '\\']) {
        // `test.md`, `docs/x`: a file name, never a subcommand.
        return None;
    }
    let command = Cli::command();
    let names: Vec<&str> = command
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name())
        .collect();
    let near = crate::error::closest(word, names)?;
    Some((word.to_string(), near.to_string()))
}

pub(crate) fn stderr_color() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Reads the config in effect for the working directory, as `args` say.
fn load_config(args: &ConfigArgs) -> io::Result<Result<Config, Problems>> {
    let cwd = std::env::current_dir()?;
    Ok(Config::discover(
        &cwd,
        args.config.as_deref(),
        !args.no_global,
    ))
}

/// Loads the config in effect for the working directory and its rules
/// (those `filter`, Vale's `--filter`, keeps). A config that cannot be used
/// at all is an error; broken rule files are reported in the linter's
/// problems and the rest still runs.
fn load_linter(args: &ConfigArgs, filter: Option<&str>) -> io::Result<Result<Linter, Problems>> {
    let config = match load_config(args)? {
        Ok(config) => config,
        Err(problems) => return Ok(Err(problems)),
    };
    let filter = match filter.map(|f| RuleFilter::new(f, &config.styles_paths)) {
        None => None,
        Some(Ok(filter)) => Some(filter),
        Some(Err(e)) => {
            return Ok(Err(Problems {
                failures: vec![Notice {
                    path: String::new(),
                    message: e.to_string(),
                }],
                ..Problems::default()
            }))
        }
    };
    Ok(Ok(Linter::filtered(config, filter)))
}

/// [`load_linter`] for the commands that read rules: the problems are
/// reported, and `None` means nothing can run.
fn linter_or_report(config: &ConfigArgs) -> io::Result<Option<Linter>> {
    match load_linter(config, None)? {
        Ok(linter) => {
            report::write_problems(&mut io::stderr(), &linter.problems, stderr_color())?;
            Ok(Some(linter))
        }
        Err(problems) => {
            report::write_problems(&mut io::stderr(), &problems, stderr_color())?;
            Ok(None)
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
