//! Where Vale puts an alert in a block that spans lines.
//!
//! Vale keeps no map from a block's text back to the file: for a list item,
//! block quote, table cell, heading or alt text it searches for the matched
//! text on one line of the file (vale-reference §2.8, `assignLoc`). That
//! line is the first whose bytes at the match's offsets in the block text
//! are the match, and otherwise the line the block ends on. On it, the
//! first occurrence of the match (as a word, else anywhere) is the alert's
//! place. After each alert the first occurrence of its text in the block is
//! masked for the rest of that rule's alerts in the block; two alerts of a
//! rule on one place are one. So in
//!
//! ```text
//! > I love a oBservability.
//! > It's oBservability !
//! ```
//!
//! both matches are searched for on the second line and one alert remains.
//!
//! Vale searches a copy of the file in which link and image addresses are
//! masked (and the text of earlier blocks, which a block's lines do not
//! hold), so a match is never placed inside a URL.

use std::ops::Range;

use crate::document::Document;

/// One rule's search state over one block's lines.
pub(super) struct LineSearch<'a> {
    source: &'a str,
    /// File offset of the block's first line.
    start: usize,
    /// The block's lines as Vale searches them, line breaks kept, with the
    /// text earlier alerts took masked as `#` (one per character, as Vale
    /// masks: a line's bytes may then differ in length from the file's).
    lines: Vec<String>,
}

impl<'a> LineSearch<'a> {
    /// The search over the lines of `block`; `None` when it is on one line,
    /// where the search finds what the match itself says.
    pub(super) fn new(doc: &'a Document, block: &Range<usize>) -> Option<LineSearch<'a>> {
        let source = doc.source.as_str();
        let start = source[..block.start].rfind('\n').map_or(0, |i| i + 1);
        let end = source[block.end..]
            .find('\n')
            .map_or(source.len(), |i| block.end + i + 1);
        if !source[start..end].trim_end().contains('\n') {
            return None;
        }
        // What the prose view blanks, apart from code (which Vale reads as
        // text), is markup and addresses; masking the markup as well
        // changes no word boundary. Vale masks single bytes only.
        let prose = doc.prose.as_bytes();
        let first_code = doc.code_spans.partition_point(|c| c.end <= start);
        let code = &doc.code_spans[first_code..];
        let context: String = source[start..end]
            .char_indices()
            .map(|(i, c)| {
                let at = start + i;
                let masked = c.is_ascii()
                    && !c.is_ascii_whitespace()
                    && prose[at] == b' '
                    && !code
                        .iter()
                        .take_while(|r| r.start <= at)
                        .any(|r| at < r.end);
                if masked {
                    '@'
                } else {
                    c
                }
            })
            .collect();
        Some(LineSearch {
            source,
            start,
            lines: context.split_inclusive('\n').map(str::to_string).collect(),
        })
    }

    /// Where Vale reports `matched`, which is at characters `span` of the
    /// block's text: its file offset, or `None` when the line searched does
    /// not hold it (Vale then searches the whole file; the caller keeps its
    /// own position).
    pub(super) fn place(&mut self, matched: &str, span: Range<usize>) -> Option<usize> {
        if matched.is_empty() {
            return None;
        }
        let exact = |line: &String| {
            line.len() > span.end && line.as_bytes().get(span.clone()) == Some(matched.as_bytes())
        };
        let index = self
            .lines
            .iter()
            .position(exact)
            .unwrap_or(self.lines.len() - 1);
        let line = &self.lines[index];
        let found = word_occurrence(line, matched).or_else(|| line.find(matched));
        let placed = found.map(|at| {
            // Vale counts characters of its (masked) line; the file's line
            // has the same characters.
            let column = line[..at].chars().count();
            let line_start =
                self.start + self.lines[..index].iter().map(|l| l.len()).sum::<usize>();
            self.source[line_start..]
                .char_indices()
                .nth(column)
                .map_or(self.source.len(), |(i, _)| line_start + i)
        });
        self.mask(matched);
        placed
    }

    /// Masks the first occurrence of `matched` in the block's lines.
    fn mask(&mut self, matched: &str) {
        let whole = self.lines.concat();
        let Some(at) = whole.find(matched) else {
            return;
        };
        let masked: String = matched
            .chars()
            .map(|c| if c == '\n' { c } else { '#' })
            .collect();
        let whole = format!("{}{masked}{}", &whole[..at], &whole[at + matched.len()..]);
        self.lines = whole.split_inclusive('\n').map(str::to_string).collect();
    }
}

/// The first occurrence of `needle` in `line` that Vale's
/// `(?:^|\b|_)needle(?:_|\b|$)` finds (ASCII word boundaries, as in Go).
fn word_occurrence(line: &str, needle: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let first = *needle.as_bytes().first()?;
    let last = *needle.as_bytes().last()?;
    line.match_indices(needle).map(|(i, _)| i).find(|&i| {
        let end = i + needle.len();
        let left = i == 0 || bytes[i - 1] == b'_' || word(bytes[i - 1]) != word(first);
        let right = end == bytes.len() || bytes[end] == b'_' || word(bytes[end]) != word(last);
        left && right
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    fn over<'a>(doc: &'a Document, block: Range<usize>) -> Option<LineSearch<'a>> {
        LineSearch::new(doc, &block)
    }

    fn markdown(src: &str) -> Document {
        Document::new(src.to_string(), Format::Markdown, "md")
    }

    #[test]
    fn matches_land_on_the_last_line_that_holds_them() {
        let src = "> Hello guys ! I love a oBservability.\n> It's oBservability !\n";
        let doc = markdown(src);
        let mut search = over(&doc, 2..src.len() - 1).unwrap();
        let second = src.rfind("oBservability").unwrap();
        assert_eq!(search.place("oBservability", 22..35), Some(second));
        // The first alert masked the first occurrence, not the one it took.
        assert_eq!(search.place("oBservability", 43..56), Some(second));
    }

    #[test]
    fn a_line_with_the_match_at_its_block_offsets_is_searched_first() {
        let src = "one is here\nand it is there\n";
        let doc = markdown(src);
        let mut search = over(&doc, 0..src.len() - 1).unwrap();
        assert_eq!(search.place("is", 4..6), Some(4));
        let second = src.rfind("is").unwrap();
        assert_eq!(search.place("is", 19..21), Some(second));
    }

    #[test]
    fn a_word_is_preferred_and_a_missing_match_is_left_alone() {
        let src = "- a\n  this is\n";
        let doc = markdown(src);
        let mut search = over(&doc, 2..src.len() - 1).unwrap();
        assert_eq!(search.place("is", 0..2), Some(src.rfind("is").unwrap()));
        assert_eq!(search.place("gone", 0..4), None);
        assert!(over(&markdown("- one line\n"), 2..10).is_none());
        assert_eq!(word_occurrence("this is", "is"), Some(5));
        assert_eq!(word_occurrence("a_is_b", "is"), Some(2));
    }

    #[test]
    fn a_link_address_is_never_the_place() {
        let src = "> See\n> [admin](/admin/x) and `admin` admin\n";
        let doc = markdown(src);
        let mut search = over(&doc, 2..src.len() - 1).unwrap();
        assert_eq!(
            search.place("admin", 4..9),
            Some(src.find("admin").unwrap())
        );
        // The link text is taken now; code is text to Vale's search.
        assert_eq!(
            search.place("admin", 20..25),
            Some(src.find("`admin").unwrap() + 1)
        );
    }
}
