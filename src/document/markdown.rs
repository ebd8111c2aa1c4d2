//! Markdown (CommonMark + GFM) to prose view, with pulldown-cmark offsets.
//!
//! The view starts blank and only the source ranges of text events are
//! copied back in: whatever pulldown-cmark does not call text (markers,
//! fences, code, HTML, link destinations, reference definitions, front
//! matter) stays blank without a rule per construct.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{blank_copy, into_view, Block, BlockKind, Entity, View};

/// A container that owns the text directly inside it.
struct Owner {
    kind: BlockKind,
    extent: Option<Range<usize>>,
}

/// What the parser reads: `source` with lone CRs (old Mac line ends) as
/// LFs and front matter blanked, so that its offsets are still the file's;
/// text is always copied from the file.
fn parser_input(source: &str) -> std::borrow::Cow<'_, str> {
    let front = front_matter_end(source);
    if front.is_none() && !source.contains('\r') {
        return std::borrow::Cow::Borrowed(source);
    }
    let bytes = source.as_bytes();
    let mut out = bytes.to_vec();
    for (i, b) in out.iter_mut().enumerate() {
        if *b == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            *b = b'\n';
        }
        if front.is_some_and(|end| i < end) && *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
    std::borrow::Cow::Owned(String::from_utf8(out).expect("ASCII replacements keep UTF-8"))
}

/// End of a YAML (`---`) or TOML (`+++`) front matter block at the top of
/// the file, closing line included. pulldown-cmark's own metadata blocks
/// reject a blank line after the opening fence, which Hugo, Jekyll and
/// Vale accept.
fn front_matter_end(source: &str) -> Option<usize> {
    let start = usize::from(source.starts_with('\u{feff}')) * '\u{feff}'.len_utf8();
    let mut lines = source[start..].split_inclusive('\n');
    let first = lines.next()?.trim_end();
    let closers: &[&str] = match first {
        "---" => &["---", "..."],
        "+++" => &["+++"],
        _ => return None,
    };
    let mut end = start + source[start..].find('\n')? + 1;
    for line in lines {
        end += line.len();
        if closers.contains(&line.trim_end()) {
            return Some(end);
        }
    }
    None
}

/// Builds the [`View`] of `source`.
pub(super) fn prose_view(source: &str) -> View {
    read(source, false)
}

/// The [`View`] of MDX `source`: MDX has no indented code blocks, so an
/// indented paragraph is prose (JSX and ESM are blanked afterwards).
pub(super) fn mdx_prose_view(source: &str) -> View {
    read(source, true)
}

/// The Markdown extensions the reader parses.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS)
    .union(Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS);

/// The structure of a Markdown document with its HTML left out: every
/// element opened and closed, and the text in each, in order. Two texts
/// with one outline differ only in HTML (an inserted comment, say).
pub(super) fn outline(source: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for event in Parser::new_ext(source, OPTIONS) {
        match event {
            Event::Html(_) | Event::InlineHtml(_) => {}
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            Event::Text(text) => match out.last_mut() {
                // Text split differently around the HTML is the same text.
                Some(last) if last.starts_with("text ") => last.push_str(&text),
                _ => out.push(format!("text {text}")),
            },
            other => out.push(format!("{other:?}")),
        }
    }
    // Nor is text with other space where the HTML stood.
    out.into_iter()
        .filter_map(|entry| match entry.strip_prefix("text ") {
            Some(text) => {
                let words: Vec<&str> = text.split_whitespace().collect();
                (!words.is_empty()).then(|| format!("text {}", words.join(" ")))
            }
            None => Some(entry),
        })
        .collect()
}

fn read(source: &str, mdx: bool) -> View {
    let mut reader = Reader::new(source, mdx);
    let parsed = parser_input(source);
    for (event, range) in Parser::new_ext(&parsed, OPTIONS).into_offset_iter() {
        match event {
            Event::Start(tag) => reader.start(tag, range),
            Event::End(end) => reader.end(end, range),
            Event::Html(_) | Event::InlineHtml(_) => reader.html.push(range),
            Event::Code(_) if reader.skip_depth == 0 => reader.code.push(range),
            Event::Text(text) if reader.skip_depth == 0 => reader.text(&text, range),
            _ => {}
        }
    }
    reader.finish()
}

/// The state of reading one Markdown file's events into a [`View`].
struct Reader<'s> {
    source: &'s str,
    mdx: bool,
    view: Vec<u8>,
    html: Vec<Range<usize>>,
    code: Vec<Range<usize>>,
    blocks: Vec<Block>,
    owners: Vec<Owner>,
    /// Where a paragraph sits decides its scope, as in Vale: the list items
    /// and quotes opened since the last block ended, outermost first.
    /// Vale resets that history whenever a block ends, so a list item's or
    /// a quote's first paragraph is a list or quote block (no sentences)
    /// and its later paragraphs are paragraphs.
    opened: Vec<BlockKind>,
    /// Text inside code blocks, front matter, HTML blocks and autolinks is
    /// not prose.
    skip_depth: usize,
    in_table_head: bool,
    /// In MDX, the indented block being read is text.
    indented_text: bool,
    code_blocks: usize,
    entities: Vec<Entity>,
    /// Links that name their reference by their text (`[Pricing]`,
    /// `[Pricing][]`): editing the text would break the link.
    fixed_text: Vec<Range<usize>>,
}

impl<'s> Reader<'s> {
    fn new(source: &'s str, mdx: bool) -> Reader<'s> {
        Reader {
            source,
            mdx,
            view: blank_copy(source),
            html: Vec::new(),
            code: Vec::new(),
            blocks: Vec::new(),
            owners: Vec::new(),
            opened: Vec::new(),
            skip_depth: 0,
            in_table_head: false,
            indented_text: false,
            code_blocks: 0,
            entities: Vec::new(),
            fixed_text: Vec::new(),
        }
    }

    fn own(&mut self, kind: BlockKind) {
        self.owners.push(Owner { kind, extent: None });
    }

    /// A paragraph's kind: the container it is the first block of.
    fn paragraph_kind(&self) -> BlockKind {
        self.opened.first().copied().unwrap_or(BlockKind::Paragraph)
    }

    fn start(&mut self, tag: Tag, range: Range<usize>) {
        match tag {
            Tag::CodeBlock(CodeBlockKind::Indented) if self.mdx => {
                self.indented_text = true;
                self.own(self.paragraph_kind());
            }
            Tag::CodeBlock(_) => {
                self.code_blocks += 1;
                self.skip_depth += 1;
            }
            Tag::MetadataBlock(_) | Tag::HtmlBlock => self.skip_depth += 1,
            Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            } => {
                self.skip_depth += 1;
                // Vale reads a URL here as `*`s (an e-mail address as
                // written): a word of its own, never prose to check.
                if range.len() > 2 {
                    self.code.push(range.start + 1..range.end - 1);
                }
            }
            Tag::Link {
                link_type: LinkType::Shortcut | LinkType::Collapsed,
                ..
            } => self.fixed_text.push(range),
            Tag::Paragraph => self.own(self.paragraph_kind()),
            Tag::Heading { level, .. } => self.own(BlockKind::Heading(level as u8)),
            Tag::Item => {
                self.opened.push(BlockKind::ListItem);
                self.own(BlockKind::ListItem);
            }
            Tag::BlockQuote(_) => self.opened.push(BlockKind::BlockQuote),
            Tag::TableHead => self.in_table_head = true,
            Tag::TableCell => self.own(if self.in_table_head {
                BlockKind::TableHeader
            } else {
                BlockKind::TableCell
            }),
            Tag::Image { link_type, .. } => {
                if matches!(link_type, LinkType::Shortcut | LinkType::Collapsed) {
                    self.fixed_text.push(range);
                }
                self.own(BlockKind::Alt);
            }
            _ => {}
        }
    }

    fn end(&mut self, end: TagEnd, range: Range<usize>) {
        match end {
            TagEnd::CodeBlock if self.indented_text => {
                self.indented_text = false;
                self.opened.clear();
                close(&mut self.owners, &mut self.blocks, range.end);
            }
            TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock => {
                self.skip_depth = self.skip_depth.saturating_sub(1)
            }
            TagEnd::Link if self.skip_depth > 0 => self.skip_depth -= 1,
            TagEnd::Item => {
                self.opened.clear();
                close(&mut self.owners, &mut self.blocks, range.end);
            }
            TagEnd::BlockQuote(_) | TagEnd::List(_) => self.opened.clear(),
            TagEnd::TableHead => self.in_table_head = false,
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell => {
                self.opened.clear();
                close(&mut self.owners, &mut self.blocks, range.end)
            }
            TagEnd::Image => close(&mut self.owners, &mut self.blocks, range.end),
            _ => {}
        }
    }

    /// Prose: copied into the view, and into its owner's extent.
    fn text(&mut self, text: &str, range: Range<usize>) {
        let written = &self.source[range.clone()];
        // A character reference (`&mdash;`) is not prose as written: it
        // stays blank here and reads decoded in the markup-free text, as in
        // HTML.
        if written.starts_with('&') && written.ends_with(';') && text != written {
            self.entities.push(Entity {
                range: range.clone(),
                text: text.to_string(),
            });
        } else {
            self.view[range.clone()].copy_from_slice(written.as_bytes());
        }
        if let Some(owner) = self.owners.last_mut() {
            owner.extent = Some(match owner.extent.take() {
                Some(e) => e.start.min(range.start)..e.end.max(range.end),
                None => range,
            });
        }
    }

    fn finish(mut self) -> View {
        blank_display_math(self.source, &mut self.view);
        self.blocks
            .sort_by_key(|b: &Block| (b.range.start, b.range.end));
        View {
            prose: into_view(self.view),
            blocks: self.blocks,
            html: self.html,
            code: self.code,
            code_blocks: self.code_blocks,
            entities: self.entities,
            controls: None,
            fixed_text: self.fixed_text,
        }
    }
}

/// `$$` lines around display math (as Vale skips them, #878): the math
/// between them is not prose. Only `$$` lines that are prose count, so a
/// `$$` in a code block opens nothing; inline `$…$` is left alone (money).
fn blank_display_math(source: &str, view: &mut [u8]) {
    if !source.contains("$$") {
        return;
    }
    let mut open: Option<usize> = None;
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let is_fence =
            content.trim() == "$$" && view[offset..offset + content.len()].contains(&b'$');
        if is_fence {
            match open.take() {
                None => open = Some(offset),
                Some(start) => {
                    for b in &mut view[start..offset + content.len()] {
                        if *b != b'\n' && *b != b'\r' {
                            *b = b' ';
                        }
                    }
                }
            }
        }
        offset += line.len();
    }
}

/// Ranges of `**strong**` and `*emphasis*` spans (markers included).
pub(super) fn emphasis_ranges(source: &str, strong: bool, em: bool) -> Vec<Range<usize>> {
    Parser::new_ext(
        source,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .into_offset_iter()
    .filter(|(event, _)| match event {
        Event::Start(Tag::Strong) => strong,
        Event::Start(Tag::Emphasis) => em,
        _ => false,
    })
    .map(|(_, range)| range)
    .collect()
}

/// Closes the innermost owner, whose element ends at `closed_at`.
fn close(owners: &mut Vec<Owner>, blocks: &mut Vec<Block>, closed_at: usize) {
    if let Some(Owner {
        kind,
        extent: Some(range),
    }) = owners.pop()
    {
        blocks.push(Block {
            kind,
            closed_at: closed_at.max(range.end),
            range,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(src: &str) -> String {
        prose_view(src).prose
    }

    #[test]
    fn a_container_s_later_paragraphs_are_paragraphs() {
        let src = "> Quote one.\n>\n> Quote two.\n\n1. Item one.\n\n   Item two.\n\n- tight\n";
        let kinds: Vec<(BlockKind, &str)> = prose_view(src)
            .blocks
            .iter()
            .map(|b| (b.kind, &src[b.range.clone()]))
            .collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::BlockQuote, "Quote one."),
                (BlockKind::Paragraph, "Quote two."),
                (BlockKind::ListItem, "Item one."),
                (BlockKind::Paragraph, "Item two."),
                (BlockKind::ListItem, "tight"),
            ]
        );
    }

    #[test]
    fn emphasis_spans() {
        let src = "A **bold** and *it* word.\n";
        let r = emphasis_ranges(src, true, false);
        assert_eq!(
            r.iter().map(|r| &src[r.clone()]).collect::<Vec<_>>(),
            ["**bold**"]
        );
        assert_eq!(emphasis_ranges(src, true, true).len(), 2);
    }

    #[test]
    fn display_math_is_blank() {
        let src = "Real FOOBAR.\n\n$$\ny = FOOBAR\n$$\n\nA price of $5 and FOOBAR.\n\n```\n$$\n```\nFOOBAR\n";
        let v = view(src);
        assert_eq!(v.matches("FOOBAR").count(), 3, "{v:?}");
        assert!(!v.contains("y ="));
    }

    #[test]
    fn code_and_destinations_are_blank() {
        let src = "# Notes\n\nOur costumer team.\n\n    costumer indented\n\nInline `costumer` and [a link](https://example.com/costumer).\n\n```\ncostumer fenced\n```\n";
        let v = view(src);
        assert_eq!(v.len(), src.len());
        assert_eq!(v.matches("costumer").count(), 1);
        assert!(v.contains("Our costumer team."));
        assert!(v.contains("a link"));
        assert_eq!(v.lines().count(), src.lines().count(), "newlines are kept");
    }

    #[test]
    fn character_references_are_blank_and_decoded_aside() {
        let View {
            prose: view,
            entities,
            ..
        } = prose_view("A&mdash;B &amp; C\n");
        assert_eq!(view, "A       B       C\n");
        let decoded: Vec<_> = entities
            .iter()
            .map(|e| (e.range.clone(), e.text.as_str()))
            .collect();
        assert_eq!(decoded, [(1..8, "\u{2014}"), (10..15, "&")]);
    }

    #[test]
    fn front_matter_may_start_with_a_blank_line() {
        let src = "---\n\ntitle: A: b\n---\nProse here.\n";
        let View {
            prose: view,
            blocks,
            ..
        } = prose_view(src);
        assert_eq!(view.trim(), "Prose here.");
        assert_eq!(view.len(), src.len());
        assert_eq!(blocks.len(), 1);
        assert_eq!(front_matter_end("---\nno end\n"), None);
        assert_eq!(front_matter_end("\u{feff}+++\na = 1\n+++\nx"), Some(17));
    }

    #[test]
    fn front_matter_html_and_autolinks_are_blank() {
        let src = "---\ntitle: costumer\n---\n\n<div>costumer</div>\n\nSee <https://x.io/costumer> and <!-- costumer -->.\n";
        let v = view(src);
        assert!(!v.contains("costumer"), "{v:?}");
        assert!(v.contains("See"));
    }

    #[test]
    fn blocks_have_scopes() {
        let src = "# Title\n\nA paragraph.\n\n- item one\n- item two\n\n> quoted text\n\n| h1 | h2 |\n|----|----|\n| c1 | c2 |\n\n![alt words](x.png)\n";
        let blocks = prose_view(src).blocks;
        let kinds: Vec<_> = blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            vec![
                BlockKind::Heading(1),
                BlockKind::Paragraph,
                BlockKind::ListItem,
                BlockKind::ListItem,
                BlockKind::BlockQuote,
                BlockKind::TableHeader,
                BlockKind::TableHeader,
                BlockKind::TableCell,
                BlockKind::TableCell,
                BlockKind::Alt,
            ]
        );
        assert_eq!(&src[blocks[0].range.clone()], "Title");
        assert_eq!(&src[blocks[9].range.clone()], "alt words");
    }

    #[test]
    fn blocks_close_where_their_element_does() {
        let src = "Text <!-- inline -->\n<!-- block -->\n\n- item\n  <!-- in item -->\n- next\n";
        let blocks = prose_view(src).blocks;
        let inline_end = src.find("<!-- inline -->").unwrap() + "<!-- inline -->".len();
        assert_eq!(src[blocks[0].range.clone()].trim(), "Text");
        assert!(blocks[0].closed_at >= inline_end);
        assert!(blocks[0].closed_at <= src.find("<!-- block -->").unwrap());
        // A tight item's text closes with the item, after what it holds.
        assert_eq!(&src[blocks[1].range.clone()], "item");
        assert!(blocks[1].closed_at >= src.find(" -->\n- next").unwrap());
        assert!(blocks[1].closed_at <= src.find("- next").unwrap());
    }

    #[test]
    fn loose_list_paragraphs_are_list_blocks() {
        let blocks = prose_view("- one\n\n- two\n").blocks;
        assert!(blocks.iter().all(|b| b.kind == BlockKind::ListItem));
        assert_eq!(blocks.len(), 2);
    }

    #[test]
    fn crlf_offsets_are_exact() {
        let src = "Title\r\n\r\nSome costumer text.\r\n";
        let v = view(src);
        assert_eq!(v.find("costumer"), src.find("costumer"));
    }
}
