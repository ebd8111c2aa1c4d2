//! `parlance literals` (hidden): the literal words the one-pass scan looks
//! for, one per line, for `scripts/bench-corpus.sh` to give ripgrep.

use std::io::{self, Write};

use super::{linter_or_report, ConfigArgs, ExitStatus};

pub(super) fn run(config: &ConfigArgs) -> io::Result<ExitStatus> {
    let Some(linter) = linter_or_report(config)? else {
        return Ok(ExitStatus::Failure);
    };
    let prefilter = linter.rules.prefilter();
    let mut out = io::stdout().lock();
    for literal in prefilter.literals() {
        out.write_all(literal)?;
        out.write_all(b"\n")?;
    }
    eprintln!(
        "{} of {} rules run only where one of these occurs",
        prefilter.filtered_rules(),
        linter.rules.rules.len()
    );
    Ok(ExitStatus::Clean)
}
