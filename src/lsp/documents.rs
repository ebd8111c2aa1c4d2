//! Open documents: the editor's text at one version, and the conversion
//! between LSP positions and the byte offsets the engine works in.
//!
//! An LSP position is a 0-based line and a column counted in the code
//! units negotiated at `initialize` (UTF-8 bytes or UTF-16 units). Every
//! conversion goes through a [`LineIndex`] built once per version, so a
//! position costs a binary search plus a walk over that line's non-ASCII
//! characters, never a scan from the start of the document.

use std::ops::Range;

use line_index::{LineCol, LineIndex, TextSize, WideEncoding, WideLineCol};
use lsp_types::{Position, PositionEncodingKind, TextDocumentContentChangeEvent};

/// The unit LSP columns are counted in, as agreed with the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PositionEncoding {
    /// Bytes: the engine's own unit, no conversion needed.
    Utf8,
    /// UTF-16 code units: the protocol's default, which every client knows.
    Utf16,
}

impl PositionEncoding {
    /// LSP 3.17 negotiation: the client lists the encodings it supports
    /// (`general.positionEncodings`); UTF-8 is taken when offered since it
    /// is what the engine counts in, otherwise UTF-16, which every server
    /// must support and which a client that says nothing expects.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> PositionEncoding {
        let offers_utf8 = offered
            .unwrap_or_default()
            .contains(&PositionEncodingKind::UTF8);
        if offers_utf8 {
            PositionEncoding::Utf8
        } else {
            PositionEncoding::Utf16
        }
    }

    /// The value to advertise in `ServerCapabilities.positionEncoding`.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
            PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// One document at one version, as the editor last described it.
#[derive(Debug, Clone)]
pub struct TextDocument {
    pub version: i32,
    /// The client's language id (`markdown`, `plaintext`…); decides the
    /// format of documents that have no file name.
    pub language_id: String,
    text: String,
    /// UTF-16 columns within `\n`-terminated lines.
    index: LineIndex,
    /// Where each of the protocol's lines starts: after `\n`, `\r\n` or a
    /// lone `\r` (which `index` does not count as a line break).
    lines: Vec<usize>,
    encoding: PositionEncoding,
}

impl TextDocument {
    pub fn new(
        text: String,
        version: i32,
        language_id: String,
        encoding: PositionEncoding,
    ) -> TextDocument {
        let index = LineIndex::new(&text);
        let lines = line_starts(&text);
        TextDocument {
            version,
            language_id,
            text,
            index,
            lines,
            encoding,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn encoding(&self) -> PositionEncoding {
        self.encoding
    }

    /// Applies the changes of one `didChange`, in order: each range refers
    /// to the text as the previous change left it, so the index is rebuilt
    /// between range edits. A range the text does not have is clamped (the
    /// spec asks for that on columns; on lines it keeps a confused client
    /// from crashing us).
    pub fn apply_changes(&mut self, version: i32, changes: Vec<TextDocumentContentChangeEvent>) {
        let count = changes.len();
        for (i, change) in changes.into_iter().enumerate() {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let start = self.offset(range.start);
                    let end = self.offset(range.end);
                    let (start, end) = (start.min(end), start.max(end));
                    self.text.replace_range(start..end, &change.text);
                }
            }
            // The last change's index is built below, once.
            if i + 1 < count {
                self.reindex();
            }
        }
        self.reindex();
        self.version = version;
    }

    fn reindex(&mut self) {
        self.index = LineIndex::new(&self.text);
        self.lines = line_starts(&self.text);
    }

    /// The protocol line holding byte `offset` (at most the text's length).
    fn line_of(&self, offset: usize) -> usize {
        // `lines[0]` is 0, so the point is at least 1.
        self.lines.partition_point(|&start| start <= offset) - 1
    }

    /// Line and byte column of `offset` by `\n`-terminated lines; `None`
    /// past 4 GiB, where the index cannot reach.
    fn line_col(&self, offset: usize) -> Option<LineCol> {
        self.index
            .try_line_col(TextSize::from(u32::try_from(offset).ok()?))
    }

    /// The UTF-16 column of byte `offset` within its `\n`-terminated line.
    fn wide_column(&self, offset: usize) -> Option<u32> {
        let lc = self.line_col(offset)?;
        Some(
            self.index
                .to_wide(WideEncoding::Utf16, lc)
                .map_or(lc.col, |w| w.col),
        )
    }

    /// The byte offset of `position`, clamped to the end of its line (and
    /// to the end of the text past the last line), on a char boundary.
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.lines.get(line) else {
            return self.text.len();
        };
        let end = self.lines.get(line + 1).copied().unwrap_or(self.text.len());
        let content_end = start + line_content_len(&self.text[start..end]);
        let column = match self.encoding {
            PositionEncoding::Utf8 => position.character as usize,
            // Counted from the start of the `\n`-terminated line, which a
            // lone `\r` may put before this line's start.
            PositionEncoding::Utf16 => self
                .line_col(start)
                .and_then(|lc| {
                    let base = self
                        .index
                        .to_wide(WideEncoding::Utf16, lc)
                        .map_or(lc.col, |w| w.col);
                    let wide = WideLineCol {
                        line: lc.line,
                        col: base.saturating_add(position.character),
                    };
                    let utf8 = self.index.to_utf8(WideEncoding::Utf16, wide)?;
                    Some(utf8.col.saturating_sub(lc.col) as usize)
                })
                .unwrap_or(usize::MAX),
        };
        floor_char_boundary(&self.text, start.saturating_add(column).min(content_end))
    }

    /// The LSP position of byte `offset`.
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_of(offset);
        let start = self.lines[line];
        let character = match self.encoding {
            PositionEncoding::Utf8 => offset - start,
            // Both on one `\n`-terminated line: no line break between them.
            PositionEncoding::Utf16 => match (self.wide_column(offset), self.wide_column(start)) {
                (Some(at), Some(base)) => at.saturating_sub(base) as usize,
                // Past 4 GiB: count this line's units by hand.
                _ => self.text[start..offset].encode_utf16().count(),
            },
        };
        Position::new(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(character).unwrap_or(u32::MAX),
        )
    }

    /// The LSP range of a byte range.
    pub fn range(&self, bytes: &Range<usize>) -> lsp_types::Range {
        lsp_types::Range::new(self.position(bytes.start), self.position(bytes.end))
    }

    /// Byte offset of the start of the line holding `offset`.
    pub fn line_start(&self, offset: usize) -> usize {
        self.lines[self.line_of(offset.min(self.text.len()))]
    }

    /// Byte offset just past the line break ending the line that holds
    /// `offset`, or the end of the text when that line has none.
    pub fn next_line_start(&self, offset: usize) -> usize {
        let line = self.line_of(offset.min(self.text.len()));
        self.lines.get(line + 1).copied().unwrap_or(self.text.len())
    }
}

/// Where the protocol's lines start: at 0 and after every `\n`, `\r\n`
/// and lone `\r`.
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        let breaks = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if breaks {
            starts.push(i + 1);
        }
    }
    starts
}

/// Length of a line without its `\n`, `\r\n` or `\r`.
fn line_content_len(line: &str) -> usize {
    let line = line.strip_suffix('\n').unwrap_or(line);
    line.strip_suffix('\r').unwrap_or(line).len()
}

/// The char boundary at or before `offset` (`str::floor_char_boundary` is
/// not stable yet).
fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::Range as LspRange;

    fn doc(text: &str, encoding: PositionEncoding) -> TextDocument {
        TextDocument::new(text.into(), 1, "markdown".into(), encoding)
    }

    fn change(sl: u32, sc: u32, el: u32, ec: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(LspRange::new(Position::new(sl, sc), Position::new(el, ec))),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn negotiation_prefers_utf8_and_defaults_to_utf16() {
        use PositionEncodingKind as K;
        assert_eq!(
            PositionEncoding::negotiate(Some(&[K::UTF16, K::UTF8])),
            PositionEncoding::Utf8
        );
        assert_eq!(
            PositionEncoding::negotiate(Some(&[K::UTF32, K::UTF16])),
            PositionEncoding::Utf16
        );
        assert_eq!(PositionEncoding::negotiate(None), PositionEncoding::Utf16);
    }

    #[test]
    fn positions_after_emoji_and_cyrillic() {
        let text = "# T\n😀 Привет costumer\n";
        let at = text.find("costumer").unwrap();
        // 😀 is 2 UTF-16 units and 4 bytes; each Cyrillic letter 1 unit, 2 bytes.
        let utf16 = doc(text, PositionEncoding::Utf16);
        assert_eq!(utf16.position(at), Position::new(1, 2 + 1 + 6 + 1));
        assert_eq!(utf16.offset(Position::new(1, 10)), at);
        let utf8 = doc(text, PositionEncoding::Utf8);
        assert_eq!(utf8.position(at), Position::new(1, 4 + 1 + 12 + 1));
        assert_eq!(utf8.offset(Position::new(1, 18)), at);
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let d = doc("ab\r\ncd\n😀x", PositionEncoding::Utf16);
        assert_eq!(d.offset(Position::new(0, 99)), 2, "before the \\r\\n");
        assert_eq!(d.offset(Position::new(9, 0)), d.text().len());
        // Inside the surrogate pair: back to the start of the emoji.
        assert_eq!(d.offset(Position::new(2, 1)), 7);
        assert_eq!(d.position(99), d.position(d.text().len()));
    }

    #[test]
    fn incremental_changes_apply_in_order() {
        let mut d = doc("😀 one\ntwo\n", PositionEncoding::Utf16);
        d.apply_changes(
            2,
            vec![
                change(0, 3, 0, 6, "uno"),
                change(1, 0, 1, 0, "dos "),
                // Refers to the text after the two changes above.
                change(2, 0, 2, 0, "tres\n"),
            ],
        );
        assert_eq!(d.text(), "😀 uno\ndos two\ntres\n");
        assert_eq!(d.version, 2);
        assert_eq!(
            d.position(d.text().find("tres").unwrap()),
            Position::new(2, 0)
        );
    }

    #[test]
    fn utf8_changes_count_bytes() {
        let mut d = doc("é costumer\n", PositionEncoding::Utf8);
        d.apply_changes(2, vec![change(0, 3, 0, 11, "customer")]);
        assert_eq!(d.text(), "é customer\n");
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        // Found by the `lsp_edits` fuzz target: the protocol's line breaks
        // are `\n`, `\r\n` and `\r`.
        let mut d = doc("one\rtwo 😀 costumer\rthree", PositionEncoding::Utf16);
        let at = d.text().find("costumer").unwrap();
        assert_eq!(d.position(at), Position::new(1, 7));
        assert_eq!(d.offset(Position::new(1, 7)), at);
        assert_eq!(
            d.offset(Position::new(1, 99)),
            d.text().find("\rthree").unwrap()
        );
        assert_eq!(d.line_start(at), 4);
        assert_eq!(d.next_line_start(at), d.text().find("three").unwrap());
        d.apply_changes(2, vec![change(2, 0, 2, 5, "3")]);
        assert_eq!(d.text(), "one\rtwo 😀 costumer\r3");
    }

    #[test]
    fn line_bounds() {
        let d = doc("ab\ncd\nef", PositionEncoding::Utf8);
        assert_eq!(d.line_start(4), 3);
        assert_eq!(d.next_line_start(4), 6);
        assert_eq!(d.next_line_start(7), 8);
    }
}
