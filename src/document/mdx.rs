//! MDX as Vale reads it (through mdx2vast): Markdown whose ESM lines
//! (`import …`, `export …`), JSX elements with their children, and `{…}`
//! expressions are code, not prose (#1155). The Markdown reader has read
//! the file; this blanks those parts of its prose view.

use std::ops::Range;

/// Blanks ESM, JSX and expressions in `prose`, the Markdown prose view of
/// `source`. `html` are the ranges the Markdown parser took for HTML (in
/// order), which is where it puts JSX tags it recognises.
pub(super) fn blank_jsx(source: &str, prose: &mut [u8], html: &[Range<usize>]) {
    let bytes = source.as_bytes();
    let is_prose = |prose: &[u8], at: usize| prose[at] != b' ' && prose[at] != b'\n';
    let in_html = |at: usize| {
        let i = html.partition_point(|r| r.end <= at);
        html.get(i).is_some_and(|r| r.contains(&at))
    };
    blank_esm(source, prose);
    // Unclosed braces and tags make each search run to the end of the
    // file; a budget keeps the whole pass linear in the file's length.
    let mut scan = Scan {
        source,
        budget: 16 * source.len() + 4096,
    };
    let mut at = 0;
    while at < bytes.len() && scan.budget > 0 {
        let b = bytes[at];
        let end = match b {
            b'{' if is_prose(prose, at) => scan.balanced(at),
            b'<' if bytes.get(at + 1).is_some_and(u8::is_ascii_uppercase)
                && (is_prose(prose, at) || in_html(at)) =>
            {
                scan.element(at)
            }
            _ => None,
        };
        match end {
            Some(end) => {
                blank(prose, at..end);
                at = end;
            }
            None => at += 1,
        }
    }
}

/// `import`/`export` statements: from such a line at the start of a
/// paragraph to the paragraph's end.
fn blank_esm(source: &str, prose: &mut [u8]) {
    let mut offset = 0;
    let mut in_statement = false;
    for line in source.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if line.trim().is_empty() {
            in_statement = false;
            continue;
        }
        let opens =
            (line.starts_with("import ") || line.starts_with("export ")) && prose[start] != b' ';
        in_statement |= opens;
        if in_statement {
            blank(prose, start..offset);
        }
    }
}

/// Searches that charge what they read to a budget.
struct Scan<'a> {
    source: &'a str,
    budget: usize,
}

impl Scan<'_> {
    /// Takes `n` bytes from the budget; false once it is spent.
    fn charge(&mut self, n: usize) -> bool {
        self.budget = self.budget.saturating_sub(n);
        self.budget > 0
    }

    /// The end of the `{…}` that opens at `open`, past its closing brace;
    /// braces inside quotes do not count.
    fn balanced(&mut self, open: usize) -> Option<usize> {
        let bytes = self.source.as_bytes();
        let mut depth = 0usize;
        let mut quote: Option<u8> = None;
        let mut i = open;
        while i < bytes.len() {
            if !self.charge(1) {
                return None;
            }
            let b = bytes[i];
            match quote {
                Some(_) if b == b'\\' => i += 1,
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None => match b {
                    b'"' | b'\'' | b'`' => quote = Some(b),
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                },
            }
            i += 1;
        }
        None
    }

    /// The end of the JSX element whose tag opens at `open` (`<Chart … />`,
    /// or `<External>…</External>` with its children), past its last `>`.
    fn element(&mut self, open: usize) -> Option<usize> {
        let source = self.source;
        let bytes = source.as_bytes();
        let name_end = open
            + 1
            + source[open + 1..]
                .find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '_' || c == '-'))?;
        let name = &source[open + 1..name_end];
        let first_end = self.tag_end(name_end)?;
        if bytes[first_end - 2] == b'/' {
            return Some(first_end);
        }
        // Children up to the matching close tag, same-named elements nested.
        let (opening, closing) = (format!("<{name}"), format!("</{name}>"));
        let mut depth = 1;
        let mut at = first_end;
        while depth > 0 {
            let Some(next_close) = source[at..].find(&closing).map(|i| at + i) else {
                self.charge(source.len() - at);
                return None;
            };
            if !self.charge(next_close - at) {
                return None;
            }
            let next_open = source[at..next_close]
                .match_indices(&opening)
                .map(|(i, _)| at + i)
                .find(|&i| {
                    !bytes
                        .get(i + opening.len())
                        .is_some_and(|b| b.is_ascii_alphanumeric())
                });
            match next_open {
                Some(i) => {
                    depth += 1;
                    at = self.tag_end(i + opening.len()).unwrap_or(i + 1);
                }
                None => {
                    depth -= 1;
                    at = next_close + closing.len();
                }
            }
        }
        Some(at)
    }

    /// Past the `>` that ends a tag whose attributes start at `from`;
    /// attribute values in braces or quotes may hold `>`.
    fn tag_end(&mut self, from: usize) -> Option<usize> {
        let bytes = self.source.as_bytes();
        let mut i = from;
        while i < bytes.len() {
            if !self.charge(1) {
                return None;
            }
            match bytes[i] {
                b'{' => i = self.balanced(i)?,
                b'"' | b'\'' => {
                    let q = bytes[i];
                    let Some(len) = bytes[i + 1..].iter().position(|&b| b == q) else {
                        self.charge(bytes.len() - i);
                        return None;
                    };
                    if !self.charge(len) {
                        return None;
                    }
                    i += len + 2;
                }
                b'>' => return Some(i + 1),
                _ => i += 1,
            }
        }
        None
    }
}

fn blank(prose: &mut [u8], range: Range<usize>) {
    for b in &mut prose[range] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::format::Format;
    use crate::document::Document;

    fn prose(src: &str) -> String {
        Document::new(src.to_string(), Format::Markdown, "mdx").prose
    }

    #[test]
    fn esm_jsx_and_expressions_are_not_prose() {
        let src = "import X from './x.js'\nexport const TODO = 1\n\nAn <External>XXX</External> and <Local>one</Local> TODO.\n\nTwo is {Math.PI * 2}, TODO\n\n<Component\n  x={1}\n  label={'a > b'}\n/>\n\nEnd.\n";
        let p = prose(src);
        assert!(!p.contains("import") && !p.contains("const"), "{p:?}");
        assert!(!p.contains("XXX") && !p.contains("one"), "{p:?}");
        assert!(p.contains(" and ") && p.contains("TODO."), "{p:?}");
        assert!(!p.contains("Math") && p.contains(", TODO"), "{p:?}");
        assert!(!p.contains("label") && p.contains("End."), "{p:?}");
        assert_eq!(p.len(), src.len());
        assert_eq!(p.matches('\n').count(), src.matches('\n').count());
    }

    #[test]
    fn an_indented_paragraph_is_prose_in_mdx() {
        let src = "Text.\n\n    XXX = False\n";
        assert!(prose(src).contains("XXX = False"));
        let md = Document::new(src.to_string(), Format::Markdown, "md");
        assert!(!md.prose.contains("XXX"));
    }

    #[test]
    fn markdown_files_keep_their_braces_and_tags() {
        let src = "Use {braces} and <Tag>text</Tag>.\n";
        let doc = Document::new(src.to_string(), Format::Markdown, "md");
        assert!(doc.prose.contains("{braces}") && doc.prose.contains("text"));
    }
}
