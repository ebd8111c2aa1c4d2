//! Plain text: all of it is prose; paragraphs are separated by blank lines.

use super::{Block, BlockKind};

pub(super) fn prose_view(source: &str) -> (String, Vec<Block>) {
    (source.to_string(), paragraphs(source))
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
                blocks.push(Block {
                    kind: BlockKind::Paragraph,
                    range: s..end,
                });
            }
        } else {
            let lead = content.len() - content.trim_start().len();
            start.get_or_insert(offset + lead);
            end = offset + content.trim_end().len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        blocks.push(Block {
            kind: BlockKind::Paragraph,
            range: s..end,
        });
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let src = "First line\nsecond line.\n\n  Next para.  \r\n";
        let blocks = paragraphs(src);
        assert_eq!(blocks.len(), 2);
        assert_eq!(&src[blocks[0].range.clone()], "First line\nsecond line.");
        assert_eq!(&src[blocks[1].range.clone()], "Next para.");
    }
}
