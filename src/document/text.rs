//! Plain text: all of it is prose; paragraphs are separated by blank lines.

use super::{Block, BlockKind};

pub(super) fn prose_view(source: &str) -> (String, Vec<Block>) {
    (source.to_string(), paragraphs(source))
}

/// Source code: the text after each line comment's marker (outside
/// string literals) is prose, one block per comment line.
pub(super) fn comment_view(source: &str, marker: &str) -> (String, Vec<Block>) {
    let mut view = super::blank_copy(source);
    let mut blocks = Vec::new();
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if let Some(at) = comment_start(content, marker) {
            let text = &content[at + marker.len()..];
            let lead = text.len() - text.trim_start().len();
            let start = offset + at + marker.len() + lead;
            let end = offset + content.trim_end().len();
            if start < end {
                view[start..end].copy_from_slice(&source.as_bytes()[start..end]);
                blocks.push(Block::new(BlockKind::Paragraph, start..end));
            }
        }
        offset += line.len();
    }
    (super::into_view(view), blocks)
}

/// Where `marker` starts a comment in `line`, outside quotes.
fn comment_start(line: &str, marker: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match quote {
            Some(_) if escaped => escaped = false,
            Some(_) if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' || c == '`' => quote = Some(c),
            None if line[i..].starts_with(marker) => return Some(i),
            None => {}
        }
    }
    None
}

fn paragraphs(source: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                blocks.push(Block::new(BlockKind::Paragraph, s..end));
            }
        } else {
            let lead = content.len() - content.trim_start().len();
            start.get_or_insert(offset + lead);
            end = offset + content.trim_end().len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        blocks.push(Block::new(BlockKind::Paragraph, s..end));
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_line_comments_are_prose() {
        let src = "# There is a note.\nx = \"# not this\"  # but this\n\nfn main() {}\n";
        let (view, blocks) = comment_view(src, "#");
        assert_eq!(view.len(), src.len());
        let texts: Vec<&str> = blocks.iter().map(|b| &src[b.range.clone()]).collect();
        assert_eq!(texts, ["There is a note.", "but this"]);
        assert!(!view.contains("not this") && !view.contains('#'));
        let (_, blocks) = comment_view("let u = \"http://x\"; // TODO: it\n", "//");
        assert_eq!(blocks.len(), 1);
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let src = "First line\nsecond line.\n\n  Next para.  \r\n";
        let blocks = paragraphs(src);
        assert_eq!(blocks.len(), 2);
        assert_eq!(&src[blocks[0].range.clone()], "First line\nsecond line.");
        assert_eq!(&src[blocks[1].range.clone()], "Next para.");
    }
}
