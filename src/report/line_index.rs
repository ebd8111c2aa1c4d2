//! Byte offsets to lines and columns, at the edge where humans and tools
//! need them.

use std::cell::Cell;

/// Line starts of a text, computed once.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
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
        // LF, CRLF and (old Mac) lone CR all end a line, as in Vale.
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
                .map(|(i, _)| i + 1),
        );
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        LineIndex {
            starts,
            bom,
            last: Cell::new((0, 0, 0)),
        }
    }

    /// 0-based line of `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Start offset of 0-based `line` (past a BOM on the first line).
    pub fn line_start(&self, line: usize) -> usize {
        let start = self.starts[line.min(self.starts.len() - 1)];
        if line == 0 {
            start + self.bom
        } else {
            start
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
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
}
