//! `parlance completions SHELL`: the shell completion script, made from
//! the flags themselves (clap_complete), printed to standard output.

use std::io;

use clap::CommandFactory;

use super::{Cli, ExitStatus};

pub(super) fn run(shell: clap_complete::Shell) -> io::Result<ExitStatus> {
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "parlance", &mut io::stdout().lock());
    Ok(ExitStatus::Clean)
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, ValueEnum};

    use super::Cli;

    #[test]
    fn every_shell_gets_a_script_naming_the_subcommands() {
        for shell in clap_complete::Shell::value_variants() {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "parlance", &mut out);
            let script = String::from_utf8(out).unwrap();
            assert!(script.contains("parlance"), "{shell}");
            assert!(script.contains("explain"), "{shell}: {script}");
            assert!(script.contains("fail-level"), "{shell}");
        }
    }
}
