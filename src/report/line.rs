//! `--format line`: Vale's `path:line:column:Style.Rule:message`.

use std::io::{self, Write};

use super::FileReport;
use crate::text::LineIndex;

pub(super) fn write(out: &mut dyn Write, files: &[FileReport]) -> io::Result<()> {
    for file in files {
        write_file(out, file)?;
    }
    Ok(())
}

fn write_file(out: &mut dyn Write, file: &FileReport) -> io::Result<()> {
    let index = LineIndex::new(&file.source);
    for d in &file.diagnostics {
        let at = index.line_col(&file.source, d.range.start);
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
