//! Org mode to prose view: as much of Org as Vale reads (it converts Org
//! to HTML with go-org and walks that).
//!
//! Org is line-oriented, so lines are classified one by one: headlines
//! (`*` to `h2`, as go-org numbers them), list items, table rows,
//! paragraphs; `#+BEGIN_…` blocks (source, example, export, comment are
//! not prose; quote is), property drawers, fixed-width lines, keywords
//! (`#+title:`) and `# comment` lines (which carry `# vale off` controls)
//! are not prose. Inside prose lines, emphasis markers are blanked,
//! `=verbatim=` and `~code~` are read as `*`s as Vale masks code, of a
//! link only its description is prose, and footnote references are not. The one Rust Org parser that
//! reports positions (orgize 0.10) is an alpha release; this subset is
//! small enough to read here.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::controls::{self, Control};
use super::{blank_copy, into_view, Block, BlockKind, MarkupOptions, View};

/// Characters that may precede an emphasis marker.
const PRE: &[u8] = b" \t-({'\"";
/// Characters that may follow a closing emphasis marker.
const POST: &[u8] = b" \t-.,:!?;'\")}[";

struct Reader<'a> {
    source: &'a str,
    options: &'a MarkupOptions,
    view: Vec<u8>,
    out: View,
    controls: Vec<Control>,
    /// The block being gathered: its kind and prose extent.
    pending: Option<(BlockKind, Option<Range<usize>>)>,
}

/// One line of the file: where it starts and its text without the line
/// break.
struct Line<'a> {
    start: usize,
    text: &'a str,
}

impl Line<'_> {
    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start().len()
    }

    fn trimmed(&self) -> &str {
        self.text.trim()
    }
}

/// What a `#+BEGIN_…` block holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Region {
    /// Source, example, export, comment and unknown blocks.
    NotProse,
    Quote,
    /// Verse and center blocks: paragraphs.
    Prose,
}

/// Builds the [`View`] of Org `source`.
pub(super) fn prose_view(source: &str, options: &MarkupOptions) -> View {
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        lines.push(Line {
            start: offset,
            text: line.trim_end_matches(['\n', '\r']),
        });
        offset += line.len();
    }
    let mut reader = Reader {
        source,
        options,
        view: blank_copy(source),
        out: View::default(),
        controls: Vec::new(),
        pending: None,
    };
    let mut state = LineState::default();
    for i in 0..lines.len() {
        read_line(&mut reader, &mut state, &lines, i);
    }
    reader.flush();
    let Reader {
        view,
        mut out,
        controls,
        ..
    } = reader;
    out.prose = into_view(view);
    out.blocks
        .sort_by_key(|b: &Block| (b.range.start, b.range.end));
    out.controls = Some(controls);
    out
}

/// What reading the lines so far left open.
#[derive(Default)]
struct LineState {
    region: Option<Region>,
    in_drawer: bool,
    /// The indentation of the current list item's bullet.
    item_indent: Option<usize>,
    /// For the table being read: rows before this index are header rows.
    header_until: Option<usize>,
}

/// Reads line `i` of `lines`.
fn read_line(reader: &mut Reader, state: &mut LineState, lines: &[Line], i: usize) {
    let line = &lines[i];
    let t = line.trimmed();
    let lower = t.to_ascii_lowercase();
    if let Some(r) = state.region {
        if lower.starts_with("#+end_") {
            reader.flush();
            state.region = None;
        } else if r != Region::NotProse {
            let kind = if r == Region::Quote {
                BlockKind::BlockQuote
            } else {
                BlockKind::Paragraph
            };
            if t.is_empty() {
                reader.flush();
            } else {
                reader.open(kind);
                reader.inline(trim_range(line.start, line.text));
            }
        }
        return;
    }
    if state.in_drawer {
        state.in_drawer = !lower.eq_ignore_ascii_case(":end:");
        return;
    }
    if !t.starts_with('|') {
        state.header_until = None;
    }
    if t.is_empty() {
        reader.flush();
        state.item_indent = None;
        return;
    }
    if let Some(kind) = lower.strip_prefix("#+begin_") {
        reader.flush();
        let kind = kind.split_whitespace().next().unwrap_or("");
        state.region = Some(match kind {
            "quote" => Region::Quote,
            "verse" | "center" => Region::Prose,
            _ => Region::NotProse,
        });
        return;
    }
    if t.starts_with("#+") || lower == ":properties:" || is_fixed_width(t) || is_rule(t) {
        reader.flush();
        state.in_drawer = lower == ":properties:";
        return;
    }
    if t == "#" || t.starts_with("# ") {
        reader.flush();
        reader.comment(line);
        return;
    }
    if let Some(level) = headline_level(line.text) {
        reader.flush();
        state.item_indent = None;
        reader.open(BlockKind::Heading((level + 1).min(6) as u8));
        let text_start = line.start + level + 1;
        reader.inline(trim_range(text_start, &line.text[level + 1..]));
        reader.flush();
        return;
    }
    if t.starts_with('|') {
        reader.flush();
        state.item_indent = None;
        if state.header_until.is_none() {
            state.header_until = Some(header_rows(&lines[i..]).map_or(0, |n| i + n));
        }
        if !t.starts_with("|-") {
            let header = state.header_until.is_some_and(|until| i < until);
            reader.row(line, header);
        }
        return;
    }
    let indent = line.indent();
    if let Some(bullet) = bullet_len(line.text.trim_start(), indent) {
        reader.flush();
        state.item_indent = Some(indent);
        reader.open(BlockKind::ListItem);
        let start = line.start + indent + bullet;
        reader.inline(trim_range(start, &line.text[indent + bullet..]));
        return;
    }
    if state.item_indent.is_some_and(|at| indent <= at) {
        reader.flush();
        state.item_indent = None;
    }
    let kind = if state.item_indent.is_some() {
        BlockKind::ListItem
    } else {
        BlockKind::Paragraph
    };
    reader.open(kind);
    reader.inline(trim_range(line.start, line.text));
}

impl Reader<'_> {
    /// Starts a block of `kind` unless one of that kind is being gathered.
    fn open(&mut self, kind: BlockKind) {
        if self.pending.as_ref().is_some_and(|(k, _)| *k != kind) {
            self.flush();
        }
        if self.pending.is_none() {
            self.pending = Some((kind, None));
        }
    }

    fn flush(&mut self) {
        if let Some((kind, Some(range))) = self.pending.take() {
            self.out.blocks.push(Block::new(kind, range));
        }
    }

    /// A `# …` line: Vale turns it into an HTML comment, so it may hold a
    /// control. One that looks like `# key: value` Vale reads as an
    /// attribute instead.
    fn comment(&mut self, line: &Line) {
        let t = line.trimmed();
        let body = &t[1..];
        let is_attribute = body
            .trim_start()
            .split_once(':')
            .is_some_and(|(key, rest)| {
                !key.is_empty() && !key.contains(char::is_whitespace) && !rest.is_empty()
            });
        if is_attribute {
            return;
        }
        let range = line.start..line.start + line.text.len();
        self.controls
            .extend(controls::from_comment(self.source, range, body));
    }

    /// A table row: each cell is a block.
    fn row(&mut self, line: &Line, header: bool) {
        let kind = if header {
            BlockKind::TableHeader
        } else {
            BlockKind::TableCell
        };
        let mut start = line.start + line.indent() + 1;
        for cell in line.text.trim()[1..].split('|') {
            let range = trim_range(start, cell);
            if !range.is_empty() {
                self.open(kind);
                self.inline(range);
                self.flush();
            }
            start += cell.len() + 1;
        }
    }

    /// Copies the prose of `range` (one line's text) into the view.
    fn inline(&mut self, range: Range<usize>) {
        static LINK: OnceLock<Regex> = OnceLock::new();
        let link = LINK.get_or_init(|| {
            Regex::new(r"^\[\[([^\[\]]+)\](?:\[([^\[\]]+)\])?\]").expect("valid link pattern")
        });
        let source = self.source;
        let text = &source[range.clone()];
        let bytes = text.as_bytes();
        let mut copied = 0;
        let mut i = 0;
        while i < bytes.len() {
            // A footnote reference (`[fn:1]`) is a number in the output.
            if bytes[i] == b'[' && text[i..].starts_with("[fn:") {
                if let Some(close) = text[i..].find(']') {
                    self.copy(range.start + copied..range.start + i);
                    i += close + 1;
                    copied = i;
                    continue;
                }
            }
            if bytes[i] == b'[' {
                if let Some(c) = link.captures(&text[i..]) {
                    self.copy(range.start + copied..range.start + i);
                    let whole = c.get(0).expect("group 0");
                    match c.get(2) {
                        Some(desc) => {
                            let desc = range.start + i + desc.start()..range.start + i + desc.end();
                            self.inline(desc.clone());
                            self.out.blocks.push(Block::new(BlockKind::Link, desc));
                        }
                        None => {
                            let target = c.get(1).expect("group 1");
                            if !is_image(target.as_str()) {
                                self.out.code.push(
                                    range.start + i + target.start()
                                        ..range.start + i + target.end(),
                                );
                            }
                        }
                    }
                    i += whole.end();
                    copied = i;
                    continue;
                }
            }
            if let Some(end) = emphasis_end(bytes, i) {
                self.copy(range.start + copied..range.start + i);
                let inner = range.start + i + 1..range.start + end;
                let ignored = scope_names(bytes[i])
                    .iter()
                    .any(|n| self.options.ignored.iter().any(|s| s == n));
                if ignored {
                    self.out.code.push(inner);
                } else {
                    self.inline(inner);
                }
                i = end + 1;
                copied = i;
                continue;
            }
            i += 1;
        }
        self.copy(range.start + copied..range.end);
    }

    /// Copies `range` of the source into the view as prose of the block
    /// being gathered.
    fn copy(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        self.view[range.clone()].copy_from_slice(&self.source.as_bytes()[range.clone()]);
        let text = &self.source[range.clone()];
        if text.trim().is_empty() {
            return;
        }
        let start = range.start + (text.len() - text.trim_start().len());
        let trimmed = start..start + text.trim().len();
        if let Some((_, extent)) = &mut self.pending {
            *extent = Some(match extent.take() {
                Some(e) => e.start.min(trimmed.start)..e.end.max(trimmed.end),
                None => trimmed,
            });
        }
    }
}

/// The HTML element names go-org writes for an emphasis marker, as
/// `IgnoredScopes` names them.
fn scope_names(marker: u8) -> &'static [&'static str] {
    match marker {
        b'*' => &["strong", "b"],
        b'/' => &["em", "i"],
        b'_' => &["u"],
        b'+' => &["del"],
        _ => &["code"],
    }
}

/// Where the emphasis opened by a marker at `i` closes: the same marker,
/// after at least one character, with no white space just inside either
/// marker, followed by white space, punctuation or the end of the line.
fn emphasis_end(bytes: &[u8], i: usize) -> Option<usize> {
    let marker = bytes[i];
    if !b"*/_+=~".contains(&marker) || (i > 0 && !PRE.contains(&bytes[i - 1])) {
        return None;
    }
    let first = *bytes.get(i + 1)?;
    if first.is_ascii_whitespace() {
        return None;
    }
    (i + 2..bytes.len()).find(|&j| {
        bytes[j] == marker
            && !bytes[j - 1].is_ascii_whitespace()
            && bytes.get(j + 1).is_none_or(|b| POST.contains(b))
    })
}

/// A headline's level: the stars at the start of the line before a space.
fn headline_level(line: &str) -> Option<usize> {
    let stars = line.len() - line.trim_start_matches('*').len();
    (stars > 0 && line[stars..].starts_with([' ', '\t'])).then_some(stars)
}

/// The length of a list bullet and the space after it: `- `, `+ `,
/// `1. `, `1) `, or `* ` when indented (unindented, that is a headline).
fn bullet_len(text: &str, indent: usize) -> Option<usize> {
    let marker = match text.as_bytes().first()? {
        b'-' | b'+' => 1,
        b'*' if indent > 0 => 1,
        b'0'..=b'9' => {
            let digits = text.bytes().take_while(u8::is_ascii_digit).count();
            match text.as_bytes().get(digits) {
                Some(b'.' | b')') => digits + 1,
                _ => return None,
            }
        }
        _ => return None,
    };
    let rest = &text[marker..];
    if rest.is_empty() {
        return Some(marker);
    }
    let space = rest.len() - rest.trim_start().len();
    (space > 0).then_some(marker + space)
}

/// `: text` lines are fixed-width (example) text.
fn is_fixed_width(t: &str) -> bool {
    t == ":" || t.starts_with(": ")
}

/// A horizontal rule: five dashes or more.
fn is_rule(t: &str) -> bool {
    t.len() >= 5 && t.bytes().all(|b| b == b'-')
}

fn is_image(target: &str) -> bool {
    let lower = target.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// How many rows of the table starting at `rows[0]` come before its first
/// separator (`|---+---|`), when it has one: those are header rows.
fn header_rows(rows: &[Line]) -> Option<usize> {
    rows.iter()
        .take_while(|l| l.trimmed().starts_with('|'))
        .position(|l| l.trimmed().starts_with("|-"))
        .filter(|&n| n > 0)
}

/// The range of `text` (which starts at `start`) without white space at
/// its ends.
fn trim_range(start: usize, text: &str) -> Range<usize> {
    let lead = text.len() - text.trim_start().len();
    start + lead..start + lead + text.trim().len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::controls::ControlKind;

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
    fn structure_and_scopes() {
        let src = "#+title:  A title\n\n* TODO Plan the work\nSome /prose/ here\nand more.\n\n- an item\n  continued\n- two\n\n| H1 | H2 |\n|----+----|\n| c1 | c2 |\n\n#+BEGIN_QUOTE\nWise words.\n#+END_QUOTE\n";
        let v = read(src);
        assert_eq!(v.prose.len(), src.len());
        assert_eq!(
            texts(src, &v),
            vec![
                (BlockKind::Heading(2), "TODO Plan the work"),
                (BlockKind::Paragraph, "Some /prose/ here\nand more."),
                (BlockKind::ListItem, "an item\n  continued"),
                (BlockKind::ListItem, "two"),
                (BlockKind::TableHeader, "H1"),
                (BlockKind::TableHeader, "H2"),
                (BlockKind::TableCell, "c1"),
                (BlockKind::TableCell, "c2"),
                (BlockKind::BlockQuote, "Wise words."),
            ]
        );
        assert!(!v.prose.contains("title"));
        assert!(v.prose.contains("Some  prose  here"));
    }

    #[test]
    fn code_verbatim_and_links() {
        let src = "Use[fn:costumer] =costumer= or ~costumer~ with [[https://x.io/costumer][the costumer]] and [[https://x.io/c]].\n\n#+begin_src python\ncostumer = 1\n#+end_src\n: costumer\n[[pic.png]]\n";
        let v = read(src);
        assert_eq!(v.prose.matches("costumer").count(), 1, "{:?}", v.prose);
        let code: Vec<&str> = v.code.iter().map(|r| &src[r.clone()]).collect();
        assert_eq!(code, ["costumer", "costumer", "https://x.io/c"]);
        assert!(texts(src, &v).contains(&(BlockKind::Link, "the costumer")));
    }

    #[test]
    fn ignored_emphasis_is_code() {
        let src = "This is **ACT test** now\n";
        let options = MarkupOptions {
            ignored: vec!["strong".into()],
            ..MarkupOptions::default()
        };
        let v = prose_view(src, &options);
        assert!(!v.prose.contains("ACT"));
        assert_eq!(&src[v.code[0].clone()], "*ACT test*");
        let v = read(src);
        assert!(v.prose.contains("ACT test"));
    }

    #[test]
    fn comments_are_controls() {
        let src = "# vale off\nText.\n# vale on\n# note: not a control\n";
        let v = read(src);
        let kinds: Vec<ControlKind> = v.controls.unwrap().into_iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [
                ControlKind::All { on: false },
                ControlKind::All { on: true }
            ]
        );
    }
}
