//! Byte offsets to lines and columns, at the edges where humans and tools
//! need them (reports, Vale's output, the language server).

use std::cell::Cell;

/// Where each line of a text starts: at 0 and after every `\n`, `\r\n`
/// and lone `\r` (an old Mac line end, which Vale and the LSP count as a
/// line break too). The one line table of the crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineStarts {
    starts: Vec<usize>,
    len: usize,
}

impl LineStarts {
    pub fn new(text: &str) -> LineStarts {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
                .map(|(i, _)| i + 1),
        );
        LineStarts {
            starts,
            len: text.len(),
        }
    }

    /// 0-based line holding `offset` (offsets past the end are on the last
    /// line).
    pub fn line_of(&self, offset: usize) -> usize {
        // `starts[0]` is 0, so the point is at least 1.
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Start offset of 0-based `line`, or `None` past the last line.
    pub fn start_of(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// Offset of the start of the line holding `offset`.
    pub fn line_start(&self, offset: usize) -> usize {
        self.starts[self.line_of(offset.min(self.len))]
    }

    /// Offset just past the line break ending the line that holds
    /// `offset`, or the end of the text when that line has none.
    pub fn next_line_start(&self, offset: usize) -> usize {
        let line = self.line_of(offset.min(self.len));
        self.starts.get(line + 1).copied().unwrap_or(self.len)
    }

    pub fn count(&self) -> usize {
        self.starts.len()
    }
}

/// Byte offsets to 1-based lines and character columns, computed once per
/// text; what reports and Vale's output use.
#[derive(Debug, Clone)]
pub struct LineIndex {
    lines: LineStarts,
    /// A leading BOM is not a column.
    bom: usize,
    /// The last position converted, `(offset, line, column)`: reports ask
    /// in offset order, so counting characters resumes from there instead
    /// of from the line start (a one-line 50 MB file has one line).
    last: Cell<(usize, usize, usize)>,
}

/// A 1-based line and a 1-based column counted in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        LineIndex {
            lines: LineStarts::new(text),
            bom,
            last: Cell::new((0, 0, 0)),
        }
    }

    /// 0-based line of `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines.line_of(offset)
    }

    /// Start offset of 0-based `line` (past a BOM on the first line).
    pub fn line_start(&self, line: usize) -> usize {
        let last = self.lines.count() - 1;
        let start = self.lines.start_of(line.min(last)).unwrap_or(0);
        if line == 0 {
            start + self.bom
        } else {
            start
        }
    }

    pub fn line_count(&self) -> usize {
        self.lines.count()
    }

    /// Line and column (in characters) of `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let line_start = self.line_start(line).min(offset);
        let (last_offset, last_line, last_column) = self.last.get();
        let column = if last_line == line && line_start <= last_offset && last_offset <= offset {
            last_column + text[last_offset..offset].chars().count()
        } else {
            text[line_start..offset].chars().count()
        };
        self.last.set((offset, line, column));
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }

    /// Line and column of `offset`, the column counted in bytes (the unit
    /// reviewdog asks for).
    pub fn line_byte_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        LineCol {
            line: line + 1,
            column: offset - self.line_start(line).min(offset) + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "ab\nПривет! Наш x\n";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            idx.line_col(text, x),
            LineCol {
                line: 2,
                column: 13
            }
        );
        assert_eq!(idx.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(
            idx.line_byte_col(text, x),
            LineCol {
                line: 2,
                column: 22
            }
        );
    }

    #[test]
    fn columns_resume_in_either_direction() {
        let text = "aé b\nçd é f";
        let idx = LineIndex::new(text);
        let expect: Vec<_> = (0..=text.len())
            .filter(|&o| text.is_char_boundary(o))
            .map(|o| (o, LineIndex::new(text).line_col(text, o)))
            .collect();
        for &(o, lc) in expect.iter().chain(expect.iter().rev()) {
            assert_eq!(idx.line_col(text, o), lc, "offset {o}");
        }
    }

    #[test]
    fn a_lone_cr_ends_a_line() {
        let text = "a\rb very\r\rc\r\nd";
        let idx = LineIndex::new(text);
        let at = |needle: &str| idx.line_col(text, text.find(needle).unwrap());
        assert_eq!(at("very"), LineCol { line: 2, column: 3 });
        assert_eq!(at("c"), LineCol { line: 4, column: 1 });
        assert_eq!(at("d"), LineCol { line: 5, column: 1 });
    }

    #[test]
    fn bom_and_crlf_do_not_shift_columns() {
        let text = "\u{feff}ab x\r\ncd y\r\n";
        let idx = LineIndex::new(text);
        assert_eq!(
            idx.line_col(text, text.find('x').unwrap()),
            LineCol { line: 1, column: 4 }
        );
        assert_eq!(
            idx.line_col(text, text.find('y').unwrap()),
            LineCol { line: 2, column: 4 }
        );
    }

    #[test]
    fn line_starts_follow_every_kind_of_break() {
        let text = "a\nb\r\nc\rd";
        let lines = LineStarts::new(text);
        assert_eq!(lines.count(), 4);
        assert_eq!(lines.line_of(text.find('d').unwrap()), 3);
        assert_eq!(lines.line_start(text.find('c').unwrap()), 5);
        assert_eq!(lines.next_line_start(0), 2);
        assert_eq!(lines.next_line_start(text.len()), text.len());
        assert_eq!(lines.start_of(4), None);
    }
}
