//! `parlance rules`: every rule in effect with its level, type and source.

use std::io::{self, Write};

use super::{linter_or_report, ConfigArgs, ExitStatus};

pub(super) fn run(config: &ConfigArgs) -> io::Result<ExitStatus> {
    let Some(linter) = linter_or_report(config)? else {
        return Ok(ExitStatus::Failure);
    };
    let mut out = io::stdout().lock();
    let rules = &linter.rules.rules;
    let width = rules.iter().map(|r| r.def.id.len()).max().unwrap_or(0);
    for r in rules {
        writeln!(
            out,
            "{:width$}  {:10}  {:12}  {}",
            r.def.id,
            r.level.as_str(),
            r.def.extends,
            r.def.origin.display()
        )?;
    }
    writeln!(out, "{} rules", rules.len())?;
    Ok(if linter.problems.is_failure() {
        ExitStatus::Failure
    } else {
        ExitStatus::Clean
    })
}
