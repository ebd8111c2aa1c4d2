//! `--statistics`: how many findings each rule produced, instead of the
//! findings themselves (flake8 and Ruff style), for people sizing up a
//! style on a large corpus.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{human, FileReport, Totals};
use crate::diagnostic::{Applicability, Severity};

/// The formats `--statistics` can be printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatisticsFormat {
    Human,
    Json,
}

#[derive(Serialize)]
struct Row<'a> {
    rule: &'a str,
    severity: Severity,
    count: usize,
    /// Findings `--fix` repairs (safe fixes).
    fixable_count: usize,
}

/// One row per rule, most frequent first (ties by rule id).
fn rows(files: &[FileReport]) -> Vec<Row<'_>> {
    let mut by_rule: BTreeMap<&str, Row> = BTreeMap::new();
    for d in files.iter().flat_map(|f| &f.diagnostics) {
        let row = by_rule.entry(&d.rule).or_insert(Row {
            rule: &d.rule,
            severity: d.severity,
            count: 0,
            fixable_count: 0,
        });
        row.count += 1;
        if d.fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe)
        {
            row.fixable_count += 1;
        }
    }
    let mut rows: Vec<Row> = by_rule.into_values().collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(b.rule)));
    rows
}

pub fn write_statistics(
    out: &mut dyn Write,
    format: StatisticsFormat,
    files: &[FileReport],
) -> io::Result<()> {
    let rows = rows(files);
    match format {
        StatisticsFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)
        }
        StatisticsFormat::Human => {
            let width = rows.iter().map(|r| r.rule.len()).max().unwrap_or(0);
            let digits = rows.first().map_or(1, |r| r.count.to_string().len());
            for r in &rows {
                // [*] every finding safely fixable, [-] some, [ ] none.
                let mark = match r.fixable_count {
                    0 => "[ ]",
                    n if n == r.count => "[*]",
                    _ => "[-]",
                };
                writeln!(
                    out,
                    "{:>digits$}  {:width$}  {mark}  {}",
                    r.count, r.rule, r.severity
                )?;
            }
            let fixable: usize = rows.iter().map(|r| r.fixable_count).sum();
            writeln!(out, "{}", human::summary(&Totals::of(files)))?;
            if fixable > 0 {
                writeln!(out, "[*] {fixable} fixable with `parlance --fix`.")?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample;

    fn render(format: StatisticsFormat) -> String {
        let mut files = sample::files();
        let again = files[0].diagnostics[0].clone();
        files[0].diagnostics.push(again);
        let mut out = Vec::new();
        write_statistics(&mut out, format, &files).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn human() {
        insta::assert_snapshot!(render(StatisticsFormat::Human));
    }

    #[test]
    fn json() {
        insta::assert_snapshot!(render(StatisticsFormat::Json));
    }
}
