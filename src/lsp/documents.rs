//! Open documents: the editor's text at one version, and the conversion
//! between LSP positions and the byte offsets the engine works in.
//!
//! An LSP position is a 0-based line and a column counted in the code
//! units negotiated at `initialize` (UTF-8 bytes or UTF-16 units). Every
//! conversion goes through the crate's line table ([`LineStarts`]) built
//! once per version, so a position costs a binary search plus a count of
//! that line's UTF-16 units (a byte count when the line is ASCII), never a
//! scan from the start of the document.

use std::ops::Range;

use lsp_types::{Position, PositionEncodingKind, TextDocumentContentChangeEvent};

use crate::text::LineStarts;

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
    /// Where each of the protocol's lines starts: after `\n`, `\r\n` or a
    /// lone `\r`.
    lines: LineStarts,
    encoding: PositionEncoding,
}

impl TextDocument {
    pub fn new(
        text: String,
        version: i32,
        language_id: String,
        encoding: PositionEncoding,
    ) -> TextDocument {
        let lines = LineStarts::new(&text);
        TextDocument {
            version,
            language_id,
            text,
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
        self.lines = LineStarts::new(&self.text);
    }

    /// The byte offset of `position`, clamped to the end of its line (and
    /// to the end of the text past the last line), on a char boundary.
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        let Some(start) = self.lines.start_of(line) else {
            return self.text.len();
        };
        let end = self.lines.next_line_start(start);
        let content = &self.text[start..start + line_content_len(&self.text[start..end])];
        let column = match self.encoding {
            PositionEncoding::Utf8 => (position.character as usize).min(content.len()),
            PositionEncoding::Utf16 => utf16_to_byte(content, position.character as usize),
        };
        floor_char_boundary(&self.text, start + column)
    }

    /// The LSP position of byte `offset`.
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.lines.line_of(offset);
        let start = self.lines.line_start(offset);
        let before = &self.text[start..offset];
        let character = match self.encoding {
            PositionEncoding::Utf8 => before.len(),
            PositionEncoding::Utf16 if before.is_ascii() => before.len(),
            PositionEncoding::Utf16 => before.encode_utf16().count(),
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
        self.lines.line_start(offset)
    }

    /// Byte offset just past the line break ending the line that holds
    /// `offset`, or the end of the text when that line has none.
    pub fn next_line_start(&self, offset: usize) -> usize {
        self.lines.next_line_start(offset)
    }
}

/// The byte length of the first `units` UTF-16 code units of `line`, or
/// all of it; a position inside a surrogate pair falls back to the
/// character's start.
fn utf16_to_byte(line: &str, units: usize) -> usize {
    if line.is_ascii() {
        return units.min(line.len());
    }
    let mut counted = 0;
    for (at, c) in line.char_indices() {
        counted += c.len_utf16();
        if counted > units {
            return at;
        }
    }
    line.len()
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
