//! The markup-free text of a range of a document, as Vale's text has it:
//! inline markup taken out, code read as `*`s, character references
//! decoded, with each byte's offset in the file so that findings in it are
//! placed back exactly (`MarkupFree::to_file`).

use std::ops::Range;

use super::{into_view, Document};
use crate::config::format::Format;
use crate::text::{ascii_shadow, Haystack};

/// A unit's prose without its inline markup; see [`Document::markup_free`].
#[derive(Debug, Clone)]
pub struct MarkupFree {
    pub text: String,
    shadow: Option<String>,
    /// File offset of each byte of `text`.
    pub map: Vec<usize>,
    /// Where a character decoded from an entity ends in the file, by the
    /// index of its last byte in `text` (`&amp;` is one byte of text but
    /// five of the file); sorted.
    wide: Vec<(usize, usize)>,
}

impl MarkupFree {
    pub fn haystack(&self) -> Haystack<'_> {
        Haystack {
            text: &self.text,
            shadow: self.shadow.as_deref().unwrap_or(&self.text),
        }
    }

    /// The part of this text that comes from file `range`: what
    /// [`Document::markup_free`] gives for that range, without reading the
    /// markup again.
    pub fn slice(&self, range: &Range<usize>) -> MarkupFree {
        let from = self.map.partition_point(|&at| at < range.start);
        let to = self.map.partition_point(|&at| at < range.end);
        let text = self.text[from..to].to_string();
        let shadow = self
            .shadow
            .as_ref()
            .filter(|_| !text.is_ascii())
            .map(|s| s[from..to].to_string());
        let first = self.wide.partition_point(|w| w.0 < from);
        let wide = self.wide[first..]
            .iter()
            .take_while(|w| w.0 < to)
            .map(|&(i, end)| (i - from, end.min(range.end)))
            .collect();
        MarkupFree {
            text,
            shadow,
            map: self.map[from..to].to_vec(),
            wide,
        }
    }

    /// A range of `text` as a file range, and whether it is contiguous
    /// there (no markup inside it).
    pub fn to_file(&self, range: &Range<usize>, unit_end: usize) -> (Range<usize>, bool) {
        if range.start >= self.map.len() {
            return (unit_end..unit_end, true);
        }
        let start = self.map[range.start];
        if range.end <= range.start {
            return (start..start, true);
        }
        let last = range.end - 1;
        let end = match self.wide.binary_search_by_key(&last, |w| w.0) {
            Ok(i) => self.wide[i].1,
            Err(_) => self.map[last] + 1,
        };
        (start..end, end - start == range.end - range.start)
    }
}

impl Document {
    /// `range` of the prose view with inline markup taken out, as Vale's
    /// text has it (`the **Project** field` reads `the Project field`),
    /// character references decoded, and for each byte of it its offset in
    /// the file. `None` when nothing in `range` was markup (blanked bytes
    /// that were not white space in the file). Markup formats only.
    pub fn markup_free(&self, range: Range<usize>) -> Option<MarkupFree> {
        if !matches!(self.format, Format::Markdown | Format::Html | Format::Org) || self.plain {
            return None;
        }
        let prose = &self.prose.as_bytes()[range.clone()];
        let source = &self.source.as_bytes()[range.clone()];
        // A Markdown paragraph's lines lose their indentation (a list
        // item's continuation lines, say), so `\s{2,}` does not match
        // across a line break there.
        let markdown = self.format == Format::Markdown;
        // Most units (a plain sentence) have neither: say so before
        // building anything.
        let edge_space = |i: usize| matches!(prose.get(i), Some(b' ' | b'\t'));
        let has_markup = prose
            .iter()
            .zip(source)
            .any(|(&p, &s)| p == b' ' && !s.is_ascii_whitespace());
        let has_indent = markdown
            && prose
                .iter()
                .enumerate()
                .any(|(i, &b)| b == b'\n' && (edge_space(i + 1) || (i > 0 && edge_space(i - 1))));
        if !has_markup && !has_indent {
            return None;
        }
        let (gap, line_break) = self.gaps(&range, markdown);
        let is_gap = |i: usize| gap[i];
        // Vale masks code spans with `*`: their content (not the backticks)
        // stays as that many stars.
        let first_code = self.code_spans.partition_point(|c| c.end <= range.start);
        let mut code = self.code_spans[first_code..]
            .iter()
            .take_while(|c| c.start < range.end)
            .peekable();
        let first_entity = self
            .entities
            .partition_point(|e| e.range.end <= range.start);
        let mut entities = self.entities[first_entity..]
            .iter()
            .take_while(|e| e.range.start < range.end)
            .filter(|e| e.range.start >= range.start)
            .peekable();
        let mut text = Vec::with_capacity(prose.len());
        let mut map = Vec::with_capacity(prose.len());
        let mut wide = Vec::new();
        for (i, &b) in prose.iter().enumerate() {
            let at = range.start + i;
            if let Some(entity) = entities.next_if(|e| e.range.start == at) {
                text.extend_from_slice(entity.text.as_bytes());
                map.extend(std::iter::repeat_n(at, entity.text.len()));
                if !entity.text.is_empty() {
                    wide.push((text.len() - 1, entity.range.end.min(range.end)));
                }
                continue;
            }
            while code.peek().is_some_and(|c| c.end <= at) {
                code.next();
            }
            let in_code = code.peek().is_some_and(|c| c.start <= at) && source[i] != b'`';
            if in_code {
                text.push(b'*');
                map.push(at);
            } else if line_break[i] {
                text.push(b'\n');
                map.push(at);
            } else if !is_gap(i) {
                text.push(b);
                map.push(at);
            }
        }
        let text = into_view(text);
        let shadow = ascii_shadow(&text);
        Some(MarkupFree {
            text,
            shadow,
            map,
            wide,
        })
    }

    /// For each byte of `range`: whether it is markup left out of the
    /// markup-free text (blanked markup, a Markdown line's indentation and
    /// hard-break spaces, white space inside HTML), and whether it stands
    /// for a line break (Markdown's `<br>`).
    fn gaps(&self, range: &Range<usize>, markdown: bool) -> (Vec<bool>, Vec<bool>) {
        let prose = &self.prose.as_bytes()[range.clone()];
        let source = &self.source.as_bytes()[range.clone()];
        let blanked = |i: usize| prose[i] == b' ' && !source[i].is_ascii_whitespace();
        let mut indent: Vec<bool> = vec![false; prose.len()];
        if markdown {
            let mut after_newline = false;
            for (i, &b) in prose.iter().enumerate() {
                match b {
                    b'\n' => after_newline = true,
                    b' ' | b'\t' if after_newline => indent[i] = true,
                    _ => after_newline = false,
                }
            }
            // So do the spaces of a hard line break (`end.  \n`).
            let mut before_newline = false;
            for (i, &b) in prose.iter().enumerate().rev() {
                match b {
                    b'\n' => before_newline = true,
                    b' ' | b'\t' if before_newline => indent[i] = true,
                    _ => before_newline = false,
                }
            }
        }
        // Markup is what was blanked, and the white space inside HTML
        // (`<!-- vale off -->`); in an HTML file, line breaks inside a tag
        // too.
        let tag_space: &[u8] = if self.format == Format::Html {
            b" \t\r\n"
        } else {
            b" \t"
        };
        let mut gap: Vec<bool> = (0..prose.len()).map(|i| blanked(i) || indent[i]).collect();
        let first_html = self.html_spans.partition_point(|h| h.end <= range.start);
        for h in self.html_spans[first_html..]
            .iter()
            .take_while(|h| h.start < range.end)
        {
            let (start, end) = (h.start.max(range.start), h.end.min(range.end));
            for i in start - range.start..end - range.start {
                if tag_space.contains(&source[i]) {
                    gap[i] = true;
                }
            }
        }
        // Vale's text has a line break where Markdown has `<br>`.
        let mut line_break = vec![false; prose.len()];
        if markdown {
            for h in self.html_spans[first_html..]
                .iter()
                .take_while(|h| h.start < range.end)
                .filter(|h| h.start >= range.start)
            {
                let tag = &source[h.start - range.start..h.end.min(range.end) - range.start];
                if tag.len() >= 3 && tag[..3].eq_ignore_ascii_case(b"<br") {
                    line_break[h.start - range.start] = true;
                }
            }
        }
        (gap, line_break)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_text_drops_inline_markup_and_stars_code() {
        let src = "The **Project** name, `a b` here.\n";
        let doc = Document::new(src.into(), Format::Markdown, "md");
        let c = doc.markup_free(0..src.len() - 1).unwrap();
        assert_eq!(c.text, "The Project name, *** here.");
        let at = c.text.find("Project").unwrap();
        let (range, contiguous) = c.to_file(&(at..at + 7), src.len());
        assert_eq!((&src[range], contiguous), ("Project", true));
        let (range, contiguous) = c.to_file(&(0..11), src.len());
        assert_eq!((&src[range], contiguous), ("The **Project", false));
    }

    #[test]
    fn compact_text_keeps_spaces_between_markup_but_not_inside_html() {
        let src = "**Project** **name**: <!-- vale off -->This.\n";
        let doc = Document::new(src.into(), Format::Markdown, "md");
        let c = doc.markup_free(0..src.len() - 1).unwrap();
        assert_eq!(c.text, "Project name: This.");
    }

    #[test]
    fn html_compact_text_decodes_references_and_maps_them_back() {
        let src = "<p>A <b>win</b>&#45;win &amp; more.</p>";
        let mut doc = Document::new(src.into(), Format::Html, "html");
        let block = doc.blocks[0].range.clone();
        let c = doc.markup_free(block.clone()).unwrap();
        assert_eq!(c.text, "A win-win & more.");
        let (range, contiguous) = c.to_file(&(2..9), block.end);
        assert_eq!((&src[range], contiguous), ("win</b>&#45;win", false));
        let (range, _) = c.to_file(&(10..11), block.end);
        assert_eq!(&src[range], "&amp;");
        for (start, end) in [(0, src.len()), (5, 20), (block.start, block.end)] {
            let whole = doc.markup_free(0..src.len()).unwrap();
            let part = whole.slice(&(start..end));
            let direct = doc.markup_free(start..end).unwrap();
            assert_eq!(
                (&part.text, &part.map, &part.wide),
                (&direct.text, &direct.map, &direct.wide)
            );
        }
        let amp = src.find("&amp;").unwrap();
        doc.blank(std::slice::from_ref(&(amp..amp + 5)));
        let c = doc.markup_free(block.clone()).unwrap();
        assert_eq!(c.text, "A win-win  more.");
    }
}
