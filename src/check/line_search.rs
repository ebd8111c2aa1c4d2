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

use crate::document::sentences::sentences;
use crate::document::Document;

/// One rule's search state over one block's lines.
pub(super) struct LineSearch<'a> {
    source: &'a str,
    /// File offset of each of the block's lines (masking changes the
    /// lines' lengths, never where they start in the file).
    line_starts: Vec<usize>,
    /// The block's lines as Vale searches them, line breaks kept, with the
    /// text earlier alerts took masked as `#` (one per character, as Vale
    /// masks: a line's bytes may then differ in length from the file's).
    lines: Vec<String>,
}

impl<'a> LineSearch<'a> {
    /// The search over the lines of `block`.
    pub(super) fn new(doc: &'a Document, block: &Range<usize>) -> LineSearch<'a> {
        let source = doc.source.as_str();
        let start = source[..block.start].rfind('\n').map_or(0, |i| i + 1);
        let end = source[block.end..]
            .find('\n')
            .map_or(source.len(), |i| block.end + i + 1);
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
        let line_starts = source[start..end]
            .split_inclusive('\n')
            .scan(start, |at, line| {
                let line_start = *at;
                *at += line.len();
                Some(line_start)
            })
            .collect();
        LineSearch {
            source,
            line_starts,
            lines: context.split_inclusive('\n').map(str::to_string).collect(),
        }
    }

    /// Where Vale reports the match at `range` of the block's `text`, when
    /// that is not where the match is: on another line of the block, or at
    /// the start of the line when the line does not hold the match as
    /// written. `None` leaves the match where it is.
    pub(super) fn place(&mut self, text: &str, range: Range<usize>) -> Option<usize> {
        let matched = text.get(range.clone()).filter(|m| !m.is_empty())?;
        let first = text[..range.start].chars().count();
        let span = first..first + matched.chars().count();
        let exact = |line: &String| {
            line.len() > span.end && line.as_bytes().get(span.clone()) == Some(matched.as_bytes())
        };
        let index = self
            .lines
            .iter()
            .position(exact)
            .unwrap_or(self.lines.len() - 1);
        let line = &self.lines[index];
        let line_start = self.line_starts[index];
        let placed = match word_occurrence(line, matched).or_else(|| line.find(matched)) {
            // On one line, the first occurrence is the match's own place
            // unless an earlier alert took it; which one Vale masks then
            // depends on text before the block, not read here.
            Some(_) if self.lines.len() == 1 => None,
            Some(at) => {
                // Vale counts characters of its (masked) line; the file's
                // line has the same characters.
                let column = line[..at].chars().count();
                self.source[line_start..]
                    .char_indices()
                    .nth(column)
                    .map(|(i, _)| line_start + i)
            }
            // Vale's last resort (`guessLocation`): the start of a line
            // that holds every word of the match's sentence.
            None => sentence_words_in(text, matched, line).then_some(line_start),
        };
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

/// Whether `line` holds every word of the last sentence of `text` that is
/// `matched` or has it after its start, as Vale's `guessLocation` asks.
fn sentence_words_in(text: &str, matched: &str, line: &str) -> bool {
    let Some(sentence) = sentences(text)
        .into_iter()
        .map(|r| &text[r])
        .rfind(|s| *s == matched || s.find(matched).is_some_and(|at| at > 0))
    else {
        return false;
    };
    sentence
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .all(|w| line.contains(w))
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

    fn markdown(src: &str) -> Document {
        Document::new(src.to_string(), Format::Markdown, "md")
    }

    #[test]
    fn masking_wide_characters_keeps_the_file_lines_in_place() {
        // The first alert masks `“quoted”` with one `#` per character,
        // shortening the first line; the second line still starts where
        // the file's does.
        let src = "> He said “quoted” here.\n> Then “quoted” again.\n";
        let doc = markdown(src);
        let text = "He said “quoted” here.\nThen “quoted” again.";
        let mut search = LineSearch::new(&doc, &(2..src.len() - 1));
        let first = text.find("“quoted”").unwrap();
        search.place(text, first..first + "“quoted”".len());
        let second = text.rfind("“quoted”").unwrap();
        let placed = search.place(text, second..second + "“quoted”".len());
        assert!(
            placed.is_none_or(|at| src.is_char_boundary(at)),
            "{placed:?}"
        );
        assert_eq!(placed, Some(src.rfind("“quoted”").unwrap()));
    }

    #[test]
    fn matches_land_on_the_last_line_that_holds_them() {
        let src = "> Hello guys ! I love a oBservability.\n> It's oBservability !\n";
        let text = "Hello guys ! I love a oBservability.\nIt's oBservability !";
        let doc = markdown(src);
        let mut search = LineSearch::new(&doc, &(2..src.len() - 1));
        let second = src.rfind("oBservability").unwrap();
        assert_eq!(search.place(text, 22..35), Some(second));
        // The first alert masked the first occurrence, not the one it took.
        assert_eq!(search.place(text, 42..55), Some(second));
    }

    #[test]
    fn a_line_with_the_match_at_its_block_offsets_is_searched_first() {
        let src = "one is here\nand it is there\n";
        let doc = markdown(src);
        let mut search = LineSearch::new(&doc, &(0..src.len() - 1));
        let text = src.trim_end();
        assert_eq!(search.place(text, 4..6), Some(4));
        assert_eq!(search.place(text, 19..21), Some(src.rfind("is").unwrap()));
    }

    #[test]
    fn a_word_is_preferred_and_a_missing_match_is_left_alone() {
        let src = "- a\n  this is\n";
        let doc = markdown(src);
        let mut search = LineSearch::new(&doc, &(2..src.len() - 1));
        assert_eq!(
            search.place("a\nthis is", 7..9),
            Some(src.rfind("is").unwrap())
        );
        assert_eq!(search.place("a\nthis is gone", 10..14), None);
        assert_eq!(word_occurrence("this is", "is"), Some(5));
        assert_eq!(word_occurrence("a_is_b", "is"), Some(2));
    }

    #[test]
    fn on_one_line_a_match_found_stays_and_one_not_written_so_goes_to_the_start() {
        let doc = markdown("- one line\n");
        assert_eq!(
            LineSearch::new(&doc, &(2..10)).place("one line", 4..8),
            None
        );
        let src = "<body>\n  <h1>One&#160;Two</h1>\n</body>\n";
        let doc = Document::new(src.to_string(), Format::Html, "html");
        let heading = doc.blocks[0].range.clone();
        let line = src.find("  <h1>").unwrap();
        let mut search = LineSearch::new(&doc, &heading);
        assert_eq!(search.place("One\u{a0}Two", 0..8), Some(line));
        // Not every word of the sentence is on the line: left alone.
        assert_eq!(search.place("One\u{a0}Two three", 0..8), None);
    }

    #[test]
    fn a_link_address_is_never_the_place() {
        let src = "> See\n> [admin](/admin/x) and `admin` admin\n";
        let text = "See\nadmin and ***** admin";
        let doc = markdown(src);
        let mut search = LineSearch::new(&doc, &(2..src.len() - 1));
        assert_eq!(search.place(text, 4..9), Some(src.find("admin").unwrap()));
        // The link text is taken now; code is text to Vale's search.
        assert_eq!(
            search.place(text, 20..25),
            Some(src.find("`admin").unwrap() + 1)
        );
    }
}
