//! The document stage: source bytes in, a prose view and scope ranges out.
//!
//! The prose view is a copy of the source of exactly the same byte length in
//! which everything that is not prose (code, markup, URLs, front matter) is
//! blanked to spaces, newlines kept: offsets in the view are offsets in the
//! file. Rules that read text as Vale does, without inline markup, read a
//! range's [`MarkupFree`] text instead, whose findings are mapped back to
//! the file byte by byte (`MarkupFree::to_file`).

pub mod controls;
mod html;
mod markdown;
mod markup_free;
mod mdx;
mod org;
pub mod scope;
pub mod sentences;
mod text;

use std::ops::Range;
use std::path::Path;

use regex::Regex;

use crate::config::format::{extension_of, Format, MarkupOptions};
use crate::text::{ascii_shadow, Haystack};
pub use markup_free::MarkupFree;
use std::sync::OnceLock;

/// The byte ranges of bold (`strong`) and italic (`em`) text in Markdown
/// `source`, for `IgnoredScopes`.
pub fn emphasis_ranges(source: &str, strong: bool, em: bool) -> Vec<Range<usize>> {
    markdown::emphasis_ranges(source, strong, em)
}

/// A character reference (`&amp;`, `&#8217;`): blank in the prose view,
/// its character in the markup-free text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub range: Range<usize>,
    pub text: String,
}

/// What a format reader gives (Markdown, HTML and Org alike).
#[derive(Debug, Default)]
struct View {
    prose: String,
    blocks: Vec<Block>,
    /// Markup whose white space is not prose either (Markdown's HTML
    /// events; HTML's tags and comments); control comments are read here.
    html: Vec<Range<usize>>,
    /// Text read as `*`s in the markup-free text: Markdown code spans
    /// (backticks included), HTML's ignored elements, Org's verbatim.
    code: Vec<Range<usize>>,
    /// Fenced and indented code blocks, for metric rules' `pre`.
    code_blocks: usize,
    entities: Vec<Entity>,
    /// Controls the reader found itself (Org's `# vale off` lines); when
    /// `None` they are read from the HTML comments in `html`.
    controls: Option<Vec<controls::Control>>,
    /// Text that is prose but must not be edited (see
    /// [`Document::fixed_text`]).
    fixed_text: Vec<Range<usize>>,
}

/// What kind of text a block is; decides which scopes it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading(u8),
    ListItem,
    BlockQuote,
    TableHeader,
    TableCell,
    /// Image alt text.
    Alt,
    /// A table's caption (HTML `caption`).
    TableCaption,
    /// A figure's caption (HTML `figcaption`).
    FigureCaption,
    /// Link text (HTML); not `text`, as in Vale, so it is not read twice.
    Link,
}

/// A run of prose with one scope: a paragraph, a heading, a list item…
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// Byte range in the file (and in the prose view) from the first to the
    /// last prose byte of the block.
    pub range: Range<usize>,
    /// Where the block's element closes (at or after `range.end`): Vale
    /// lints a block there, so comment controls before this point, inline
    /// ones after its last word included, apply to all of it.
    pub closed_at: usize,
}

impl Block {
    /// A block that closes where its text ends.
    pub fn new(kind: BlockKind, range: Range<usize>) -> Block {
        Block {
            kind,
            closed_at: range.end,
            range,
        }
    }
}

/// The structure of a Markdown text with its HTML left out (elements and
/// their text, in order): an edit that keeps it changed nothing but HTML.
pub fn markdown_outline(source: &str) -> Vec<String> {
    markdown::outline(source)
}

/// A parsed document, ready to be checked.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file's text (lossily decoded when it was not valid UTF-8).
    pub source: String,
    /// The prose view: `source` with non-prose blanked; same byte length.
    pub prose: String,
    pub format: Format,
    /// Lower-case extension used in scope strings (`md`, `txt`).
    pub extension: String,
    /// Prose blocks in document order.
    pub blocks: Vec<Block>,
    /// Comments that turn rules off and on, in document order.
    pub controls: Vec<controls::Control>,
    /// The prose view's ASCII shadow (see [`Haystack`]); `None` when the
    /// prose is ASCII already.
    pub shadow: Option<String>,
    /// Vale's `--ignore-syntax`: the whole text is one plain block, with no
    /// paragraph or sentence scopes.
    pub plain: bool,
    /// Text read as `*`s in the markup-free text: Markdown code spans
    /// (backticks included), HTML's ignored elements, Org's verbatim.
    pub code_spans: Vec<Range<usize>>,
    /// Fenced and indented code blocks (Markdown).
    pub code_blocks: usize,
    /// Markup whose white space is not prose: HTML in Markdown, block and
    /// inline; tags and comments in HTML. In document order.
    pub html_spans: Vec<Range<usize>>,
    /// Character references (HTML), in document order.
    pub entities: Vec<Entity>,
    /// Prose a fix must not edit: the text of a Markdown link that names
    /// its reference by that text (`[Pricing]`, `[Pricing][]`), where an
    /// edit would break the link.
    pub fixed_text: Vec<Range<usize>>,
}

const BOM: &str = "\u{feff}";

/// How to read a text as a document.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions<'a> {
    pub format: Format,
    /// Lower-case extension, without the dot (`md`, `mdx`, `txt`).
    pub extension: &'a str,
    pub markup: &'a MarkupOptions,
    /// Ranges the configuration protects (`BlockIgnores`, `TokenIgnores`,
    /// `IgnoredScopes`): not prose.
    pub ignored: &'a [Range<usize>],
}

impl Document {
    /// A document read with Vale's default markup options.
    pub fn new(source: String, format: Format, extension: &str) -> Document {
        Document::read(
            source,
            &ReadOptions {
                format,
                extension,
                markup: &MarkupOptions::default(),
                ignored: &[],
            },
        )
    }

    /// Reads `source` as `options` say; the document does not change once
    /// read.
    pub fn read(source: String, options: &ReadOptions) -> Document {
        let mut doc = Document::parse(source, options.format, options.extension, options.markup);
        doc.blank(options.ignored);
        doc
    }

    fn parse(source: String, format: Format, extension: &str, markup: &MarkupOptions) -> Document {
        // A leading BOM is kept in `source` (offsets are file offsets) but is
        // never prose.
        let bom = if source.starts_with(BOM) {
            BOM.len()
        } else {
            0
        };
        let body = &source[bom..];
        let mut view = match format {
            Format::Markdown if extension.eq_ignore_ascii_case("mdx") => {
                markdown::mdx_prose_view(body)
            }
            Format::Markdown => markdown::prose_view(body),
            Format::Html => html::prose_view(body, markup),
            Format::Org => org::prose_view(body, markup),
            Format::Text => {
                let (prose, blocks) = text::prose_view(body);
                View {
                    prose,
                    blocks,
                    ..View::default()
                }
            }
            Format::Code(marker) => {
                let (prose, blocks) = text::comment_view(body, marker);
                View {
                    prose,
                    blocks,
                    ..View::default()
                }
            }
        };
        if bom > 0 {
            view.prose.insert_str(0, &" ".repeat(bom));
            let shift = |range: &mut Range<usize>| *range = range.start + bom..range.end + bom;
            for b in &mut view.blocks {
                shift(&mut b.range);
                b.closed_at += bom;
            }
            view.html.iter_mut().for_each(shift);
            view.code.iter_mut().for_each(shift);
            view.entities.iter_mut().for_each(|e| shift(&mut e.range));
            view.fixed_text.iter_mut().for_each(shift);
            for c in view.controls.iter_mut().flatten() {
                shift(&mut c.range);
                if let Some(covers) = &mut c.covers {
                    shift(covers);
                }
            }
        }
        let View {
            mut prose,
            blocks,
            html,
            code: mut code_spans,
            code_blocks,
            entities,
            controls,
            fixed_text,
        } = view;
        let mut controls = controls.unwrap_or_else(|| controls::parse(&source, &html));
        // MDX writes comments as JSX expressions, which Vale reads as
        // comments unless the config names other markers.
        let mdx = format == Format::Markdown && extension.eq_ignore_ascii_case("mdx");
        let jsx_comments = ("{/*".to_string(), "*/}".to_string());
        let delimiters = markup
            .comment_delimiters
            .as_ref()
            .or(mdx.then_some(&jsx_comments));
        if let Some((open, close)) = delimiters {
            // Only comments in prose count, so code never holds one.
            let found = controls::delimited(&source, open, close)
                .into_iter()
                .filter(|(range, _)| prose.as_bytes()[range.start] != b' ')
                .collect::<Vec<_>>();
            let mut blanked = prose.into_bytes();
            for (range, body) in found {
                // A comment over several lines keeps its line breaks.
                for b in &mut blanked[range.clone()] {
                    if *b != b'\n' && *b != b'\r' {
                        *b = b' ';
                    }
                }
                controls.extend(controls::from_comment(&source, range, &body));
            }
            prose = into_view(blanked);
            controls.sort_by_key(|c| c.range.start);
        }
        if mdx {
            let mut bytes = prose.into_bytes();
            mdx::blank_jsx(&source, &mut bytes, &html);
            prose = into_view(bytes);
        }
        let addresses = blank_bare_urls(&mut prose, &source);
        // Vale's Markdown links a bare address with itself as the text, and
        // reads such text as `*`s, as it reads code: a word after it does not
        // repeat the word before it.
        if format == Format::Markdown && !addresses.is_empty() {
            code_spans.extend(addresses);
            code_spans.sort_by_key(|r| r.start);
        }
        let shadow = ascii_shadow(&prose);
        debug_assert_eq!(prose.len(), source.len());
        Document {
            source,
            prose,
            format,
            extension: extension.to_string(),
            blocks,
            controls,
            shadow,
            plain: false,
            code_spans,
            code_blocks,
            html_spans: html,
            entities,
            fixed_text,
        }
    }

    /// Vale's `--ignore-syntax`: the whole text is prose, in one block with
    /// no paragraph, sentence or heading scopes, and no markup to read.
    pub fn plain(source: String, extension: &str) -> Document {
        let mut prose = source.clone();
        let bom = if source.starts_with(BOM) {
            prose.replace_range(..BOM.len(), "   ");
            BOM.len()
        } else {
            0
        };
        let shadow = ascii_shadow(&prose);
        Document {
            blocks: vec![Block::new(BlockKind::Paragraph, bom..source.len())],
            source,
            prose,
            format: Format::Text,
            extension: extension.to_string(),
            controls: Vec::new(),
            shadow,
            plain: true,
            code_spans: Vec::new(),
            code_blocks: 0,
            html_spans: Vec::new(),
            entities: Vec::new(),
            fixed_text: Vec::new(),
        }
    }

    /// The text a rule searches for `range`: the prose view (or the source,
    /// for `raw` scopes) with its ASCII shadow.
    pub fn haystack(&self, range: Range<usize>, raw: bool) -> Haystack<'_> {
        if raw {
            return Haystack::plain(&self.source[range]);
        }
        Haystack {
            text: &self.prose[range.clone()],
            shadow: match &self.shadow {
                Some(shadow) => &shadow[range],
                None => &self.prose[range],
            },
        }
    }

    /// Blanks `ranges` of the prose view (line breaks kept): they are not
    /// prose. Ranges are widened to char boundaries.
    fn blank(&mut self, ranges: &[Range<usize>]) {
        if ranges.is_empty() {
            return;
        }
        let mut bytes = std::mem::take(&mut self.prose).into_bytes();
        for range in ranges {
            let mut start = range.start.min(bytes.len());
            let mut end = range.end.min(bytes.len());
            while start > 0 && !self.source.is_char_boundary(start) {
                start -= 1;
            }
            while end < bytes.len() && !self.source.is_char_boundary(end) {
                end += 1;
            }
            for b in &mut bytes[start..end] {
                if *b != b'\n' && *b != b'\r' {
                    *b = b' ';
                }
            }
        }
        self.prose = into_view(bytes);
        self.shadow = ascii_shadow(&self.prose);
        if !self.entities.is_empty() {
            // A character reference in blanked text is not read either.
            let mut sorted: Vec<&Range<usize>> = ranges.iter().collect();
            sorted.sort_by_key(|r| r.start);
            let furthest: Vec<usize> = sorted
                .iter()
                .scan(0, |end, r| {
                    *end = r.end.max(*end);
                    Some(*end)
                })
                .collect();
            self.entities.retain(|e| {
                let before = sorted.partition_point(|r| r.start < e.range.end);
                before == 0 || furthest[before - 1] <= e.range.start
            });
        }
    }

    /// A document read from `path`'s contents, with the format its extension implies.
    pub fn from_path_and_text(path: &Path, source: String) -> Document {
        let ext = extension_of(path);
        Document::new(source, Format::from_extension(&ext), &ext)
    }
}

/// Starts with everything blank but line breaks; prose is copied in.
pub(crate) fn blank_copy(source: &str) -> Vec<u8> {
    source
        .bytes()
        .map(|b| if b == b'\n' || b == b'\r' { b } else { b' ' })
        .collect()
}

/// Turns a buffer built by [`blank_copy`] plus copied char-aligned ranges
/// back into a string. The ranges copied are on char boundaries, so the
/// buffer is valid UTF-8; anything else is a bug in the view builder.
pub(crate) fn into_view(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| {
        // Never reached with char-aligned copies; degrade by blanking the
        // stray bytes rather than changing the length.
        let mut bytes = e.into_bytes();
        for b in bytes.iter_mut() {
            if !b.is_ascii() {
                *b = b' ';
            }
        }
        String::from_utf8(bytes).expect("ASCII is UTF-8")
    })
}

/// URLs and e-mail addresses in running text are not prose (Vale masks
/// them too), but an address that is a link's whole text (`[a@b.com](…)`)
/// is what the reader sees, and Vale reads it. ASCII-only boundaries keep
/// these scans on the fast DFA. Gives the ranges blanked, in order.
fn blank_bare_urls(prose: &mut String, source: &str) -> Vec<Range<usize>> {
    static URL: OnceLock<Regex> = OnceLock::new();
    static EMAIL: OnceLock<Regex> = OnceLock::new();
    let url = URL.get_or_init(|| {
        Regex::new(r"(?i)(?:https?://|ftp://|www\.)[^\s<>]+").expect("valid URL pattern")
    });
    let mut spans: Vec<std::ops::Range<usize>> = url
        .find_iter(prose)
        .map(|m| {
            // Sentence punctuation after a URL is not part of it.
            let trimmed = m
                .as_str()
                .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', '"', ']']);
            m.start()..m.start() + trimmed.len()
        })
        .collect();
    if prose.contains('@') {
        let email = EMAIL.get_or_init(|| {
            Regex::new(r"(?-u:\b)[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]*[A-Za-z0-9]")
                .expect("valid e-mail pattern")
        });
        let bytes = source.as_bytes();
        let is_link_text = |r: &std::ops::Range<usize>| {
            r.start > 0 && bytes[r.start - 1] == b'[' && bytes.get(r.end) == Some(&b']')
        };
        spans.extend(
            email
                .find_iter(prose)
                .map(|m| m.range())
                .filter(|r| !is_link_text(r)),
        );
    }
    if spans.is_empty() {
        return spans;
    }
    // An address inside a URL (`https://me@host.com`) is part of it.
    spans.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    spans.dedup_by(|inner, outer| inner.end <= outer.end);
    let mut bytes = std::mem::take(prose).into_bytes();
    for span in &spans {
        bytes[span.clone()].fill(b' ');
    }
    *prose = String::from_utf8(bytes).expect("blanking whole chars keeps UTF-8");
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_comment_markers_are_controls_not_prose() {
        let src = "{/* vale off */}\n\nHidden.\n\n`{/* vale on */}`\n";
        let markup = MarkupOptions {
            comment_delimiters: Some(("{/*".into(), "*/}".into())),
            ..MarkupOptions::default()
        };
        let options = ReadOptions {
            format: Format::Markdown,
            extension: "mdx",
            markup: &markup,
            ignored: &[],
        };
        let doc = Document::read(src.to_string(), &options);
        assert!(
            doc.prose.starts_with("                \n"),
            "{:?}",
            doc.prose
        );
        // The one in code is neither blanked nor a control.
        assert_eq!(doc.controls.len(), 1);
        assert_eq!(
            doc.controls[0].kind,
            controls::ControlKind::All { on: false }
        );
        let plain = Document::new(src.to_string(), Format::Markdown, "md");
        assert!(plain.controls.is_empty());
    }

    #[test]
    fn bom_is_blanked_and_offsets_kept() {
        let doc = Document::new(format!("{BOM}Hello there.\n"), Format::Markdown, "md");
        assert_eq!(doc.prose.len(), doc.source.len());
        assert!(doc.prose.starts_with("   Hello"));
        assert_eq!(doc.blocks[0].range.start, 3);
    }

    #[test]
    fn markdown_reads_bare_addresses_and_autolinks_as_stars() {
        let src = "Go https://x.io/a or https://me@x.io now.\n";
        let doc = Document::new(src.into(), Format::Markdown, "md");
        let c = doc.markup_free(0..src.len() - 1).unwrap();
        assert_eq!(c.text, "Go ************** or *************** now.");
        let src = "Go <https://x.io> or <me@x.io> now.\n";
        let doc = Document::new(src.into(), Format::Markdown, "md");
        let c = doc.markup_free(0..src.len() - 1).unwrap();
        assert_eq!(c.text, "Go ************ or ******* now.");
    }

    #[test]
    fn bare_urls_are_not_prose() {
        let doc = Document::new(
            "See https://example.com/costumer. Or mail a@b.com now.\n".into(),
            Format::Text,
            "txt",
        );
        assert!(!doc.prose.contains("costumer"));
        assert!(doc.prose.contains("See"));
        assert!(doc.prose.contains(". Or"));
        assert!(!doc.prose.contains("a@b.com"));
    }
}
