//! `--format junit`: JUnit XML, shown as test results by GitLab
//! (`artifacts:reports:junit`), Jenkins and Azure Pipelines. Each linted
//! file is a test suite; each finding a test case, failing when it is at
//! or above the fail level (below it, a passed case with the finding in
//! `system-out`); a clean file is one passing case, so dashboards count it.

use std::io::{self, Write};
use std::path::Path;

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::{xml, FileReport, TOOL_NAME};
use crate::diagnostic::{Diagnostic, Severity};
use crate::text::LineIndex;

/// `fail_at`: the level from which a finding fails the run (`None`: none
/// does).
pub(super) fn write(
    out: &mut dyn Write,
    files: &[FileReport],
    fail_at: Option<Severity>,
) -> io::Result<()> {
    let fails = |d: &Diagnostic| fail_at.is_some_and(|level| d.severity >= level);
    let failing = |f: &FileReport| f.diagnostics.iter().filter(|d| fails(d)).count();
    let failures: usize = files.iter().map(failing).sum();
    let tests: usize = files.iter().map(|f| f.diagnostics.len().max(1)).sum();
    let mut xml = Writer::new_with_indent(&mut *out, b' ', 2);
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    xml.create_element("testsuites")
        .with_attribute(("name", TOOL_NAME))
        .with_attribute(("tests", tests.to_string().as_str()))
        .with_attribute(("failures", failures.to_string().as_str()))
        .with_attribute(("errors", "0"))
        .write_inner_content(|xml| {
            for file in files {
                let failures = failing(file);
                let cases = file.diagnostics.len();
                // `docs/a.md` → `docs/a`, as JUnit class names carry no extension.
                let classname = Path::new(&file.path).with_extension("");
                let classname = classname.to_string_lossy();
                let index = LineIndex::new(&file.source);
                xml.create_element("testsuite")
                    .with_attribute(xml::attribute("name", &file.path))
                    .with_attribute(("tests", cases.max(1).to_string().as_str()))
                    .with_attribute(("failures", failures.to_string().as_str()))
                    .with_attribute(("errors", "0"))
                    .with_attribute(("package", TOOL_NAME))
                    .write_inner_content(|xml| {
                        if file.diagnostics.is_empty() {
                            xml.create_element("testcase")
                                .with_attribute(("name", "no findings"))
                                .with_attribute(xml::attribute("classname", &classname))
                                .write_empty()?;
                        }
                        for d in &file.diagnostics {
                            let at = index.line_col(&file.source, d.range.start);
                            xml.create_element("testcase")
                                .with_attribute(xml::attribute("name", &d.rule))
                                .with_attribute(xml::attribute("classname", &classname))
                                .with_attribute(xml::attribute("file", &file.path))
                                .with_attribute(("line", at.line.to_string().as_str()))
                                .with_attribute(("column", at.column.to_string().as_str()))
                                .write_inner_content(|xml| {
                                    xml.create_element("properties").write_inner_content(
                                        |xml| {
                                            xml.create_element("property")
                                                .with_attribute(("name", "severity"))
                                                .with_attribute(("value", d.severity.as_str()))
                                                .write_empty()?;
                                            Ok(())
                                        },
                                    )?;
                                    let line = format!(
                                        "{}:{}:{}: {} {}",
                                        file.path, at.line, at.column, d.rule, d.message
                                    );
                                    let text = xml::legal(&line);
                                    if fails(d) {
                                        xml.create_element("failure")
                                            .with_attribute(xml::attribute("message", &d.message))
                                            .with_attribute(("type", d.severity.as_str()))
                                            .write_text_content(BytesText::new(&text))?;
                                    } else {
                                        xml.create_element("system-out")
                                            .write_text_content(BytesText::new(&text))?;
                                    }
                                    Ok(())
                                })?;
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
        // Findings below the fail level (error) are passed cases.
        insta::assert_snapshot!(sample::render(|out, files| super::write(
            out,
            files,
            Some(crate::diagnostic::Severity::Error)
        )));
    }

    #[test]
    fn every_finding_fails_at_the_lowest_level_and_none_with_never() {
        let all = sample::render(|out, files| {
            super::write(out, files, Some(crate::diagnostic::Severity::Suggestion))
        });
        assert!(!all.contains("<system-out>"), "{all}");
        let none = sample::render(|out, files| super::write(out, files, None));
        assert!(!none.contains("<failure"), "{none}");
        assert!(none.contains("failures=\"0\""), "{none}");
    }
}
