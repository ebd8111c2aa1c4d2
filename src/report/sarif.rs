//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF
//! viewers. One run; the rule table lists every rule in effect (so
//! `ruleIndex` is stable), columns count Unicode code points
//! (`columnKind: unicodeCodePoints`, the same unit as the human output),
//! and every fix, applied by `--fix` or not, is offered as a SARIF fix.

use std::io::{self, Write};

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::Serialize;

use super::{fingerprint, FileReport, RuleInfo, TOOL_NAME, TOOL_VERSION};
use crate::diagnostic::{Applicability, Severity};
use crate::text::LineIndex;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// What a URI path may not contain unescaped (RFC 3986 minus `/`).
const URI_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    short_description: Text,
    full_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<&'a str>,
    help: Text,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
    /// The same in Markdown, when the text was written in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
}

impl Text {
    fn plain(text: String) -> Text {
        Text {
            text,
            markdown: None,
        }
    }
}

/// `markdown` as plain text: its text and code, a space for a line break,
/// a blank line between blocks.
fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                out.push_str("\n\n")
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The first sentence of plain `text`: up to the first `.`, `!` or `?`
/// that is followed by white space and a capital letter (or ends the
/// first block), never after a word with a dot of its own (`e.g.`); the
/// whole first block when no sentence ends in it.
fn first_sentence(text: &str) -> &str {
    let block = text.split("\n\n").next().unwrap_or(text).trim();
    let bytes = block.as_bytes();
    for (i, c) in block.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let end = i + 1;
        let rest = &block[end..];
        let word = block[..i].rsplit(char::is_whitespace).next().unwrap_or("");
        let ends = rest.is_empty()
            || (rest.starts_with(char::is_whitespace)
                && rest
                    .trim_start()
                    .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
        if ends && !word.contains('.') && bytes.get(end) != Some(&b'.') {
            return &block[..end];
        }
    }
    block
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    /// `%SRCROOT%` for relative paths, so viewers resolve them against the
    /// checkout.
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    /// Exclusive, as SARIF defines it.
    end_column: usize,
}

#[derive(Serialize)]
struct Fingerprints {
    /// Our own key: GitHub computes `primaryLocationLineHash` itself.
    #[serde(rename = "parlance/v1")]
    parlance: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: [ArtifactChange; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Suggestion => "note",
    }
}

/// A report path as a URI reference: relative paths stay relative (to
/// `%SRCROOT%`), absolute ones become `file://` URIs.
fn artifact_location(path: &str) -> ArtifactLocation {
    let encoded = utf8_percent_encode(path, URI_PATH).to_string();
    if path.starts_with('/') {
        ArtifactLocation {
            uri: format!("file://{encoded}"),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            uri: encoded,
            uri_base_id: Some("%SRCROOT%"),
        }
    }
}

fn region(index: &LineIndex, source: &str, range: &std::ops::Range<usize>) -> Region {
    let start = index.line_col(source, range.start);
    let end = index.line_col(source, range.end);
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

pub(super) fn write(
    out: &mut dyn Write,
    files: &[FileReport],
    rules: &[RuleInfo],
) -> io::Result<()> {
    let mut results = Vec::new();
    for file in files {
        let index = LineIndex::new(&file.source);
        let location = artifact_location(&file.path);
        let prints = fingerprint::of_file(file);
        for (d, print) in file.diagnostics.iter().zip(prints) {
            let fixes = d
                .fix
                .iter()
                .map(|fix| {
                    let how = match fix.applicability {
                        Applicability::Safe => "safe: `parlance --fix` applies it",
                        Applicability::Unsafe => {
                            "unsafe: `parlance --fix --unsafe-fixes` applies it"
                        }
                        Applicability::DisplayOnly => "a suggestion to review by hand",
                    };
                    let what = match fix.edits.as_slice() {
                        [edit] if edit.replacement.is_empty() => {
                            format!("Remove '{}'", &file.source[edit.range])
                        }
                        [edit] => format!("Replace with '{}'", edit.replacement),
                        _ => "Apply the suggested edits".to_string(),
                    };
                    SarifFix {
                        description: Text::plain(format!("{what} ({how})")),
                        artifact_changes: [ArtifactChange {
                            artifact_location: location.clone(),
                            replacements: fix
                                .edits
                                .iter()
                                .map(|e| Replacement {
                                    deleted_region: region(&index, &file.source, &e.range.range()),
                                    inserted_content: Text::plain(e.replacement.clone()),
                                })
                                .collect(),
                        }],
                    }
                })
                .collect();
            results.push(SarifResult {
                rule_id: &d.rule,
                rule_index: rules.binary_search_by(|r| r.id.as_str().cmp(&d.rule)).ok(),
                level: level(d.severity),
                message: Text::plain(d.message.clone()),
                locations: [Location {
                    physical_location: PhysicalLocation {
                        artifact_location: location.clone(),
                        region: region(&index, &file.source, &d.range.range()),
                    },
                }],
                partial_fingerprints: Fingerprints { parlance: print },
                fixes,
            });
        }
    }
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: TOOL_NAME,
                    version: TOOL_VERSION,
                    rules: rules
                        .iter()
                        .map(|r| Rule {
                            id: &r.id,
                            short_description: Text::plain(
                                match first_sentence(&plain_text(&r.description)) {
                                    "" => r.id.clone(),
                                    sentence => sentence.to_string(),
                                },
                            ),
                            full_description: Text {
                                text: plain_text(&r.description),
                                markdown: Some(r.description.clone()),
                            },
                            help_uri: r.link.as_deref(),
                            help: Text::plain(match &r.link {
                                Some(link) => format!("{}\n\nSee {link}", r.description),
                                None => r.description.clone(),
                            }),
                            default_configuration: Configuration {
                                level: level(r.level),
                            },
                        })
                        .collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample;

    fn render() -> String {
        let mut out = Vec::new();
        write(&mut out, &sample::files(), &sample::rules()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_short_description_is_the_first_sentence_in_plain_text() {
        let md = "Use **plain** words, e.g. `use` for *utilize*. Long words tire.\n\nMore.";
        assert_eq!(
            first_sentence(&plain_text(md)),
            "Use plain words, e.g. use for utilize."
        );
        assert_eq!(
            first_sentence(&plain_text("No full stop here")),
            "No full stop here"
        );
        assert_eq!(
            first_sentence(&plain_text("Version 3.7 is out. Yes.")),
            "Version 3.7 is out."
        );
    }

    #[test]
    fn output() {
        insta::assert_snapshot!(render());
    }

    #[test]
    fn uris_are_escaped() {
        assert_eq!(artifact_location("docs/a b#1.md").uri, "docs/a%20b%231.md");
        let abs = artifact_location("/tmp/ü.md");
        assert_eq!(
            (abs.uri.as_str(), abs.uri_base_id),
            ("file:///tmp/%C3%BC.md", None)
        );
    }
}
