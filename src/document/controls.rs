//! In-document controls: comments that turn rules off and on.
//!
//! Vale's forms, after `vale` or `parlance`:
//! `<!-- vale off -->`, `<!-- vale on -->`, `<!-- vale Style.Rule = NO -->`,
//! `<!-- vale Style = NO -->`, `<!-- vale Style.Rule["match"] = NO -->`;
//! `<!-- vale style = A, B -->`;
//! and parlance's line form, `<!-- parlance-ignore-next-line [Style.Rule…] -->`.
//!
//! Vale changes its comment state as it walks the document and checks a
//! block against the state where the block closes: a control applies to
//! the blocks that close after it, and to all of a block it sits inside.
//! Only text between `vale off` and `vale on` is cut out of its block.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

/// What one comment says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ControlKind {
    /// `off` / `on`: every rule.
    All { on: bool },
    /// A rule (`Style.Rule`) or a whole style (`Style`), optionally only
    /// for some matched texts.
    Rule {
        name: String,
        on: bool,
        matches: Vec<String>,
    },
    /// `vale style = A, B`: every style the file is based on is off but
    /// these.
    Styles { keep: Vec<String> },
    /// Rules (all when empty) are off on the line after the comment.
    IgnoreNextLine { rules: Vec<String> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Control {
    /// The comment's byte range in the file.
    pub range: Range<usize>,
    pub kind: ControlKind,
    /// For `IgnoreNextLine`: the byte range of the line it covers.
    pub covers: Option<Range<usize>>,
}

/// The controls in `source`, from comments starting inside `html` (the
/// ranges the Markdown parser called HTML, so code blocks never count).
pub fn parse(source: &str, html: &[Range<usize>]) -> Vec<Control> {
    static COMMENT: OnceLock<Regex> = OnceLock::new();
    let comment = COMMENT.get_or_init(|| Regex::new(r"(?s)<!--(.*?)-->").expect("valid"));
    let mut out = Vec::new();
    for range in html {
        let Some(region) = source.get(range.clone()) else {
            continue;
        };
        if !region.contains("<!--") {
            continue;
        }
        // A comment may run past its first HTML event (multi-line blocks).
        let rest = &source[range.start..];
        let mut searched = 0;
        while let Some(c) = comment.captures(&rest[searched..]) {
            let whole = c.get(0).expect("group 0");
            let start = range.start + searched + whole.start();
            if start >= range.end {
                break;
            }
            let end = range.start + searched + whole.end();
            searched += whole.end();
            out.extend(from_comment(
                source,
                start..end,
                c.get(1).expect("group 1").as_str(),
            ));
        }
    }
    out.sort_by_key(|c| c.range.start);
    out.dedup();
    out
}

/// Comments between custom markers (`CommentDelimiters = {/*, */}`): each
/// one's range in `source` and its body.
pub fn delimited(source: &str, open: &str, close: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(start) = source[at..].find(open).map(|i| at + i) {
        let body_start = start + open.len();
        let Some(end) = source[body_start..].find(close).map(|i| body_start + i) else {
            break;
        };
        out.push((
            start..end + close.len(),
            source[body_start..end].to_string(),
        ));
        at = end + close.len();
    }
    out
}

/// The controls one comment holds: `body` is its text without the comment
/// markers, `range` the whole comment in `source`. Formats whose comments
/// are not HTML (Org's `# vale off`) build their controls with this.
pub fn from_comment(source: &str, range: Range<usize>, body: &str) -> Vec<Control> {
    parse_comment(body)
        .into_iter()
        .map(|kind| {
            let covers = match kind {
                ControlKind::IgnoreNextLine { .. } => Some(next_line(source, range.end)),
                _ => None,
            };
            Control {
                range: range.clone(),
                kind,
                covers,
            }
        })
        .collect()
}

/// The line after the one holding `offset`.
fn next_line(source: &str, offset: usize) -> Range<usize> {
    let start = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i + 1);
    let end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    start..end
}

fn parse_comment(body: &str) -> Vec<ControlKind> {
    let body = body.trim();
    if let Some(rest) = body.strip_prefix("parlance-ignore-next-line") {
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            return vec![ControlKind::IgnoreNextLine {
                rules: rest
                    .split([',', ' '])
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            }];
        }
        return Vec::new();
    }
    let rest = match body
        .strip_prefix("vale")
        .or_else(|| body.strip_prefix("parlance"))
    {
        Some(r) if r.starts_with(char::is_whitespace) => r.trim(),
        _ => return Vec::new(),
    };
    match rest {
        "off" => return vec![ControlKind::All { on: false }],
        "on" => return vec![ControlKind::All { on: true }],
        _ => {}
    }
    static ASSIGN: OnceLock<Regex> = OnceLock::new();
    let assign = ASSIGN.get_or_init(|| {
        Regex::new(
            r#"([\w-]+(?:\.[\w-]+)?)\s*(?:\[([^\]]*)\])?\s*=\s*(?i:(yes|no|on|off))(?:[\s,]|$)"#,
        )
        .expect("valid")
    });
    let assignments: Vec<ControlKind> = assign
        .captures_iter(rest)
        .map(|c| ControlKind::Rule {
            name: c[1].to_string(),
            on: matches!(c[3].to_ascii_lowercase().as_str(), "yes" | "on"),
            matches: c
                .get(2)
                .map(|m| {
                    m.as_str()
                        .split(',')
                        .map(|s| s.trim().trim_matches(['"', '\'']).to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect();
    if !assignments.is_empty() {
        return assignments;
    }
    // Vale reads `style = on` as a toggle of a style named `style`, so a
    // list is only what is not a toggle.
    static STYLES: OnceLock<Regex> = OnceLock::new();
    let styles = STYLES.get_or_init(|| Regex::new(r"^styles?\s*=\s*(.*)$").expect("valid"));
    match styles.captures(rest) {
        Some(c) => vec![ControlKind::Styles {
            keep: c[1]
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        }],
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn controls(src: &str) -> Vec<Control> {
        parse(src, std::slice::from_ref(&(0..src.len())))
    }

    #[test]
    fn parses_vale_and_parlance_forms() {
        let c = controls("<!-- vale off --><!-- parlance on --><!-- vale Biz.A = NO, Biz = yes --><!-- vale Biz.B[\"x\", \"y\"] = NO -->");
        let kinds: Vec<_> = c.into_iter().map(|c| c.kind).collect();
        assert_eq!(kinds[0], ControlKind::All { on: false });
        assert_eq!(kinds[1], ControlKind::All { on: true });
        assert_eq!(
            kinds[2],
            ControlKind::Rule {
                name: "Biz.A".into(),
                on: false,
                matches: vec![]
            }
        );
        assert_eq!(
            kinds[3],
            ControlKind::Rule {
                name: "Biz".into(),
                on: true,
                matches: vec![]
            }
        );
        assert_eq!(
            kinds[4],
            ControlKind::Rule {
                name: "Biz.B".into(),
                on: false,
                matches: vec!["x".into(), "y".into()]
            }
        );
    }

    #[test]
    fn comments_between_custom_markers() {
        let src = "a {/* vale off */} b {/* vale on */} {/* open";
        let found = delimited(src, "{/*", "*/}");
        let texts: Vec<(&str, &str)> = found
            .iter()
            .map(|(r, body)| (&src[r.clone()], body.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                ("{/* vale off */}", " vale off "),
                ("{/* vale on */}", " vale on ")
            ]
        );
    }
}
