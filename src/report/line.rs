//! `--format line`: Vale's `path:line:column:Style.Rule:message`.

use std::io::{self, Write};

use super::{vale_alerts, FileReport};
use crate::diagnostic::Diagnostic;
use crate::text::LineIndex;

pub(super) fn write(out: &mut dyn Write, files: &[FileReport]) -> io::Result<()> {
    for file in files {
        write_file(out, file, file.diagnostics.iter(), |d| d.range.start)?;
    }
    Ok(())
}

/// Vale's `--output=line`: each alert where Vale's search puts it.
pub(super) fn write_vale(out: &mut dyn Write, files: &[FileReport]) -> io::Result<()> {
    for file in files {
        let alerts = vale_alerts(&file.diagnostics);
        write_file(out, file, alerts.into_iter(), Diagnostic::vale_start)?;
    }
    Ok(())
}

fn write_file<'a>(
    out: &mut dyn Write,
    file: &FileReport,
    diagnostics: impl Iterator<Item = &'a Diagnostic>,
    start: impl Fn(&Diagnostic) -> usize,
) -> io::Result<()> {
    let index = LineIndex::new(&file.source);
    for d in diagnostics {
        let at = index.line_col(&file.source, start(d));
        writeln!(
            out,
            "{}:{}:{}:{}:{}",
            file.path, at.line, at.column, d.rule, d.message
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::report::sample;

    #[test]
    fn output() {
        insta::assert_snapshot!(sample::render(super::write));
    }
}
