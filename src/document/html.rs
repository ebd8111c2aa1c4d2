//! HTML to prose view, read as Vale's HTML walker reads it.
//!
//! The tokenizer is html5gum: it follows the WHATWG tokenizer (so it takes
//! any tag soup a browser takes, unquoted attributes and unclosed elements
//! included), switches to raw text inside `script` and `style`, and gives
//! the exact byte span of every tag, text run, comment and attribute.
//! quick-xml rejects that kind of HTML, `tl` builds a tree without
//! positions, and lol_html rewrites streams without reporting offsets.
//!
//! As for Markdown, the view starts blank and only text is copied back;
//! blocks end at every tag that is not inline, as Vale flushes its buffer
//! there, and take their scope from the innermost element that names one
//! (`<li><p>…` is a list block).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use html5gum::{DefaultEmitter, StartTag, Token, Tokenizer};
use regex::Regex;

use super::{blank_copy, into_view, Block, BlockKind, Entity, MarkupOptions, View};

/// Tags whose text belongs to the block around them (Vale's list).
const INLINE: &[&str] = &[
    "b", "big", "i", "small", "abbr", "acronym", "cite", "dfn", "em", "kbd", "strong", "a", "br",
    "img", "span", "sub", "sup", "code", "tt", "del",
];

/// Elements that have no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose start closes an open `p` (HTML's tree builder does).
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// Elements nested deeper than this are not tracked (their text belongs to
/// the innermost tracked one), so looking through the open elements stays
/// cheap on pathological input such as thousands of unclosed tags.
const MAX_DEPTH: usize = 256;

/// The scope an element gives the text inside it.
fn kind_of(tag: &str) -> Option<BlockKind> {
    Some(match tag {
        "th" => BlockKind::TableHeader,
        "td" => BlockKind::TableCell,
        "caption" => BlockKind::TableCaption,
        "li" => BlockKind::ListItem,
        "blockquote" => BlockKind::BlockQuote,
        "figcaption" => BlockKind::FigureCaption,
        "h1" => BlockKind::Heading(1),
        "h2" => BlockKind::Heading(2),
        "h3" => BlockKind::Heading(3),
        "h4" => BlockKind::Heading(4),
        "h5" => BlockKind::Heading(5),
        "h6" => BlockKind::Heading(6),
        _ => return None,
    })
}

/// An open element.
struct Open {
    name: String,
    /// Nothing inside is prose (`SkippedScopes`, a skipped class).
    skip: bool,
    /// Its text is read as `*`s (`IgnoredScopes`, an inline element with a
    /// skipped class, a link whose text is its address).
    ignore: bool,
    /// For `a`: the address, and the extent of its text so far.
    link: Option<(String, Option<Range<usize>>)>,
}

struct Reader<'a> {
    source: &'a str,
    options: &'a MarkupOptions,
    view: Vec<u8>,
    out: View,
    stack: Vec<Open>,
    /// Extent of the text gathered since the last block boundary.
    pending: Option<Range<usize>>,
    /// The scopes of the elements opened since the last end tag of a block
    /// element, outermost first. As in Vale, the first one is the scope of
    /// the next block: `<li><p>A</p><p>B</p>` makes A a list block and B
    /// a paragraph.
    opened: Vec<BlockKind>,
    /// Character references decoded so far: a page repeats a few of them.
    decoded: HashMap<String, String>,
}

/// Builds the [`View`] of HTML `source`.
pub(super) fn prose_view(source: &str, options: &MarkupOptions) -> View {
    let mut reader = Reader {
        source,
        options,
        view: blank_copy(source),
        out: View::default(),
        stack: Vec::new(),
        pending: None,
        opened: Vec::new(),
        decoded: HashMap::new(),
    };
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    for token in Tokenizer::new_with_emitter(source, emitter) {
        // Reading a `&str` cannot fail.
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => reader.start(&tag),
            Token::EndTag(tag) => {
                reader.out.html.push(tag.span.start..tag.span.end);
                reader.end(&String::from_utf8_lossy(&tag.name), tag.span.start);
            }
            Token::String(text) => reader.text(text.span.start..text.span.end, &text.value),
            Token::Comment(c) => reader.out.html.push(c.span.start..c.span.end),
            Token::Doctype(d) => reader.out.html.push(d.span.start..d.span.end),
            Token::Error(_) => {}
        }
    }
    reader.flush(source.len());
    // Unclosed links still have their text.
    reader.pop_to(0);
    let Reader { view, mut out, .. } = reader;
    out.prose = into_view(view);
    out.blocks
        .sort_by_key(|b: &Block| (b.range.start, b.range.end));
    out
}

impl Reader<'_> {
    fn skipping(&self) -> bool {
        self.stack.iter().any(|o| o.skip)
    }

    fn start(&mut self, tag: &StartTag<usize>) {
        let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
        let inline = INLINE.contains(&name.as_str());
        if !inline {
            self.flush(tag.span.start);
            self.close_implied(&name);
        }
        let attr = |key: &str| {
            tag.attributes
                .get(key.as_bytes())
                .map(|v| String::from_utf8_lossy(&v.value).into_owned())
        };
        let has_class = attr("class").is_some_and(|classes| {
            classes
                .split_ascii_whitespace()
                .any(|c| self.options.classes.iter().any(|s| s == c))
        });
        let alt = tag
            .attributes
            .get(b"alt".as_slice())
            .filter(|_| name == "img" && !self.skipping())
            .filter(|_| !self.options.skipped.iter().any(|s| s == "alt"))
            .and_then(|value| self.alt(value.span.start..value.span.end));
        // The tag is markup, but alt text inside it is prose.
        match alt {
            Some(alt) => {
                self.out.html.push(tag.span.start..alt.start);
                self.out.html.push(alt.end..tag.span.end);
            }
            None => self.out.html.push(tag.span.start..tag.span.end),
        }
        if VOID.contains(&name.as_str()) || tag.self_closing || self.stack.len() >= MAX_DEPTH {
            return;
        }
        self.opened.extend(kind_of(&name));
        let skip = self.options.skipped.contains(&name) || (has_class && !inline);
        let ignore = self.options.ignored.contains(&name) || (has_class && inline);
        let link = (name == "a").then(|| (attr("href").unwrap_or_default(), None));
        self.stack.push(Open {
            name,
            skip,
            ignore,
            link,
        });
    }

    /// Closes what a start tag implies is closed: an open `p` before a
    /// block, the previous item or cell before the next one.
    fn close_implied(&mut self, name: &str) {
        let siblings: &[&str] = match name {
            "li" => &["li"],
            "dt" | "dd" => &["dt", "dd"],
            "td" | "th" => &["td", "th"],
            "tr" => &["tr", "td", "th"],
            "option" => &["option"],
            _ if CLOSES_P.contains(&name) => &["p"],
            _ => return,
        };
        let fences: &[&str] = &["ul", "ol", "dl", "table", "tbody", "thead", "tfoot", "div"];
        let found = self.stack.iter().rposition(|o| {
            siblings.contains(&o.name.as_str()) || fences.contains(&o.name.as_str())
        });
        if let Some(at) = found.filter(|&at| siblings.contains(&self.stack[at].name.as_str())) {
            self.pop_to(at);
        }
    }

    /// An end tag at `at`.
    fn end(&mut self, name: &str, at: usize) {
        let name = name.to_ascii_lowercase();
        if !INLINE.contains(&name.as_str()) {
            self.flush(at);
            self.opened.clear();
        }
        if let Some(at) = self.stack.iter().rposition(|o| o.name == name) {
            self.pop_to(at);
        }
    }

    /// Pops the element at `at` and everything opened inside it.
    fn pop_to(&mut self, at: usize) {
        for open in self.stack.drain(at..).rev() {
            if let Some((_, Some(range))) = open.link {
                self.out.blocks.push(Block::new(BlockKind::Link, range));
            }
        }
    }

    /// Ends the block gathered so far at the tag at `closed_at`.
    fn flush(&mut self, closed_at: usize) {
        if let Some(range) = self.pending.take() {
            let kind = self.opened.first().copied().unwrap_or(BlockKind::Paragraph);
            self.out.blocks.push(Block {
                kind,
                range,
                closed_at,
            });
        }
    }

    fn text(&mut self, span: Range<usize>, decoded: &[u8]) {
        if self.skipping() {
            return;
        }
        let Some(trimmed) = trim(self.source, span.clone()) else {
            // White space between tags: copied so tabs stay tabs.
            self.copy(span);
            return;
        };
        let bare_link = self
            .stack
            .iter()
            .rev()
            .find_map(|o| o.link.as_ref())
            .is_some_and(|(href, _)| {
                !href.is_empty() && String::from_utf8_lossy(decoded).trim() == href
            });
        if bare_link || self.stack.iter().any(|o| o.ignore) {
            self.out.code.push(trimmed);
            return;
        }
        self.copy(span);
        extend(&mut self.pending, &trimmed);
        if let Some(Open {
            link: Some((_, extent)),
            ..
        }) = self.stack.iter_mut().rev().find(|o| o.link.is_some())
        {
            extend(extent, &trimmed);
        }
    }

    /// An `alt` attribute (`span` is `alt="…"`): its value is a block.
    /// Gives the value's range, if it holds text.
    fn alt(&mut self, span: Range<usize>) -> Option<Range<usize>> {
        let attr = &self.source[span.clone()];
        let eq = attr.find('=')?;
        let value = attr[eq + 1..].trim_start();
        let mut start = span.end - value.len();
        let mut end = span.end;
        if value.starts_with(['"', '\'']) {
            start += 1;
            if end > start && self.source[..end].ends_with(&value[..1]) {
                end -= 1;
            }
        }
        let range = trim(self.source, start..end)?;
        self.copy(range.clone());
        self.out
            .blocks
            .push(Block::new(BlockKind::Alt, range.clone()));
        Some(range)
    }

    /// Copies `span` of the source into the view, character references
    /// left blank (and recorded with their character).
    fn copy(&mut self, span: Range<usize>) {
        let text = &self.source[span.clone()];
        self.view[span.clone()].copy_from_slice(text.as_bytes());
        if !text.contains('&') {
            return;
        }
        for entity in entities(text, &mut self.decoded) {
            let range = span.start + entity.range.start..span.start + entity.range.end;
            for b in &mut self.view[range.clone()] {
                *b = b' ';
            }
            self.out.entities.push(Entity {
                range,
                text: entity.text,
            });
        }
    }
}

/// `span` without the white space at its ends, or `None` if that is all.
fn trim(source: &str, span: Range<usize>) -> Option<Range<usize>> {
    let text = &source[span.clone()];
    let inner = text.trim();
    if inner.is_empty() {
        return None;
    }
    let start = span.start + (text.len() - text.trim_start().len());
    Some(start..start + inner.len())
}

fn extend(extent: &mut Option<Range<usize>>, range: &Range<usize>) {
    *extent = Some(match extent.take() {
        Some(e) => e.start.min(range.start)..e.end.max(range.end),
        None => range.clone(),
    });
}

/// The character references in `text`, with offsets into it. Each
/// candidate is decoded by the tokenizer itself, so what counts as a
/// reference (legacy names without `;` included) is what HTML says.
fn entities(text: &str, decoded: &mut HashMap<String, String>) -> Vec<Entity> {
    static CANDIDATE: OnceLock<Regex> = OnceLock::new();
    let candidate = CANDIDATE.get_or_init(|| {
        Regex::new(r"&(?:#[0-9]{1,8};?|#[xX][0-9A-Fa-f]{1,7};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
            .expect("valid entity pattern")
    });
    let mut out = Vec::new();
    for m in candidate.find_iter(text) {
        let raw = m.as_str();
        let decoded = decoded
            .entry(raw.to_string())
            .or_insert_with(|| decode(raw));
        if decoded.as_str() == raw {
            continue;
        }
        // `&notit;` decodes as `¬it;`: what both end with was not part
        // of the reference.
        let common = raw
            .bytes()
            .rev()
            .zip(decoded.bytes().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let mut keep = decoded.len() - common;
        while !decoded.is_char_boundary(keep) {
            keep += 1;
        }
        let used = raw.len() - (decoded.len() - keep);
        out.push(Entity {
            range: m.start()..m.start() + used,
            text: decoded[..keep].to_string(),
        });
    }
    out
}

fn decode(raw: &str) -> String {
    let mut out = Vec::new();
    for token in Tokenizer::new(raw) {
        if let Ok(Token::String(s)) = token {
            out.extend_from_slice(&s.value);
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(src: &str) -> View {
        prose_view(src, &MarkupOptions::default())
    }

    fn texts<'a>(src: &'a str, view: &View) -> Vec<(BlockKind, &'a str)> {
        view.blocks
            .iter()
            .map(|b| (b.kind, &src[b.range.clone()]))
            .collect()
    }

    #[test]
    fn tags_are_blank_and_text_kept() {
        let src = "<p class=\"x\">Our <b>costumer</b> team.</p>\n<script>var costumer;</script>\n";
        let v = read(src);
        assert_eq!(v.prose.len(), src.len());
        assert_eq!(v.prose.matches("costumer").count(), 1);
        assert!(
            v.prose.contains("Our    costumer     team."),
            "{:?}",
            v.prose
        );
        assert_eq!(v.prose.lines().count(), src.lines().count());
    }

    #[test]
    fn blocks_have_scopes() {
        let src = "<h2>Title</h2><p>A paragraph.</p><ul><li><p>In a list</p><p>Later</p></li><li>Two</ul>\
                   <blockquote><p>Quoted</p><p>Again</p></blockquote>\
                   <table><caption>Cap</caption><tr><th>H</th></tr><tr><td>C</td></tr></table>\
                   <p>See <a href=\"x.html\">the guide</a> <img alt=\"a chart\" src=c.png></p>";
        let v = read(src);
        assert_eq!(
            texts(src, &v),
            vec![
                (BlockKind::Heading(2), "Title"),
                (BlockKind::Paragraph, "A paragraph."),
                (BlockKind::ListItem, "In a list"),
                // A container's later paragraphs are paragraphs (Vale).
                (BlockKind::Paragraph, "Later"),
                (BlockKind::ListItem, "Two"),
                (BlockKind::BlockQuote, "Quoted"),
                (BlockKind::Paragraph, "Again"),
                (BlockKind::TableCaption, "Cap"),
                (BlockKind::TableHeader, "H"),
                (BlockKind::TableCell, "C"),
                (BlockKind::Paragraph, "See <a href=\"x.html\">the guide"),
                (BlockKind::Link, "the guide"),
                (BlockKind::Alt, "a chart"),
            ]
        );
    }

    #[test]
    fn skipped_and_ignored_elements() {
        let src = "<pre>costumer</pre><div class=\"note metrics\">costumer</div>\
                   <p>Run <code>costumer</code> or <span class=metrics>costumer</span>, \
                   see <a href=\"https://x.io\">https://x.io</a>.</p>";
        let options = MarkupOptions {
            classes: vec!["metrics".into()],
            ..MarkupOptions::default()
        };
        let v = prose_view(src, &options);
        assert!(!v.prose.contains("costumer"), "{:?}", v.prose);
        let code: Vec<&str> = v.code.iter().map(|r| &src[r.clone()]).collect();
        assert_eq!(code, ["costumer", "costumer", "https://x.io"]);
        assert_eq!(texts(src, &v).len(), 1);
    }

    #[test]
    fn entities_are_blank_and_recorded() {
        let src = "<p>Query&#160;metrics &amp; don&#8217;t &notit; &bogus;</p>";
        let v = read(src);
        let found: Vec<(&str, &str)> = v
            .entities
            .iter()
            .map(|e| (&src[e.range.clone()], e.text.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("&#160;", "\u{a0}"),
                ("&amp;", "&"),
                ("&#8217;", "\u{2019}"),
                ("&not", "\u{ac}")
            ]
        );
        assert!(v.prose.contains("Query      metrics"));
        assert!(v.prose.contains("&bogus;"));
    }

    #[test]
    fn broken_html_is_read() {
        let src = "<p>one <i>two\n<div>three</div><p>four <a href=x>five";
        let v = read(src);
        let blocks = texts(src, &v);
        assert_eq!(blocks[0], (BlockKind::Paragraph, "one <i>two"));
        assert!(blocks.contains(&(BlockKind::Paragraph, "three")));
        assert!(blocks.contains(&(BlockKind::Paragraph, "four <a href=x>five")));
        assert!(blocks.contains(&(BlockKind::Link, "five")));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let src = format!("{}<p>deep text</p>", "<b>".repeat(10_000));
        let v = read(&src);
        assert_eq!(texts(&src, &v).last().map(|b| b.1), Some("deep text"));
    }

    #[test]
    fn comments_are_markup() {
        let src = "<p>a</p><!-- vale off --><p>b</p>";
        let v = read(src);
        let html: Vec<&str> = v.html.iter().map(|r| &src[r.clone()]).collect();
        assert!(html.contains(&"<!-- vale off -->"));
    }
}
