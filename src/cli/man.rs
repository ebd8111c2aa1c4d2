//! `parlance man`: the man page, made from the flags themselves
//! (clap_mangen), printed to standard output as roff.

use std::io::{self, Write};

use clap::CommandFactory;

use super::{Cli, ExitStatus};

pub(super) fn run() -> io::Result<ExitStatus> {
    let mut out = io::stdout().lock();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    out.flush()?;
    Ok(ExitStatus::Clean)
}
