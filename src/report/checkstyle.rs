//! `--format checkstyle`: Checkstyle XML, read by reviewdog
//! (`-f=checkstyle`), Jenkins warnings-ng and many CI dashboards. Every
//! linted file is listed, clean ones as empty `<file/>`; the format has no
//! end positions and no fixes.

use std::io::{self, Write};

use quick_xml::events::{BytesDecl, Event};
use quick_xml::Writer;

use super::{xml, FileReport};
use crate::diagnostic::Severity;
use crate::text::LineIndex;

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Suggestion => "info",
    }
}

pub(super) fn write(out: &mut dyn Write, files: &[FileReport]) -> io::Result<()> {
    let mut xml = Writer::new_with_indent(&mut *out, b' ', 2);
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    xml.create_element("checkstyle")
        .with_attribute(("version", "4.3"))
        .write_inner_content(|xml| {
            for file in files {
                let element = xml
                    .create_element("file")
                    .with_attribute(xml::attribute("name", &file.path));
                if file.diagnostics.is_empty() {
                    element.write_empty()?;
                    continue;
                }
                let index = LineIndex::new(&file.source);
                element.write_inner_content(|xml| {
                    for d in &file.diagnostics {
                        let at = index.line_col(&file.source, d.range.start);
                        xml.create_element("error")
                            .with_attribute(("line", at.line.to_string().as_str()))
                            .with_attribute(("column", at.column.to_string().as_str()))
                            .with_attribute(("severity", severity(d.severity)))
                            .with_attribute(xml::attribute("message", &d.message))
                            .with_attribute(xml::attribute("source", &d.rule))
                            .write_empty()?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use crate::report::sample;

    #[test]
    fn output() {
        insta::assert_snapshot!(sample::render(super::write));
    }
}
