//! In-document controls: comments that turn rules off and on.
//!
//! Vale's forms, after `vale` or `parlance`:
//! `<!-- vale off -->`, `<!-- vale on -->`, `<!-- vale Style.Rule = NO -->`,
//! `<!-- vale Style = NO -->`, `<!-- vale Style.Rule["match"] = NO -->`;
//! and parlance's line form, `<!-- parlance-ignore-next-line [Style.Rule…] -->`.
//! A control applies from the end of its comment on (Vale applies it per
//! block; positions are exact here).

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
        Regex::new(r#"([\w-]+(?:\.[\w-]+)?)\s*(?:\[([^\]]*)\])?\s*=\s*(?i:(yes|no|on|off))"#)
            .expect("valid")
    });
    assign
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
        .collect()
}

/// Whether `rule` (with `style`) is suppressed at `range` matching `text`.
pub fn suppressed(
    controls: &[Control],
    rule: &str,
    style: &str,
    range: &Range<usize>,
    text: &str,
) -> bool {
    let mut all_off = false;
    let mut off: Vec<(&str, &[String])> = Vec::new();
    for c in controls {
        if let Some(covers) = &c.covers {
            if let ControlKind::IgnoreNextLine { rules } = &c.kind {
                let hit = covers.start <= range.start && range.start <= covers.end;
                if hit && (rules.is_empty() || rules.iter().any(|r| r == rule || r == style)) {
                    return true;
                }
            }
            continue;
        }
        if c.range.end > range.start {
            break;
        }
        match &c.kind {
            ControlKind::All { on } => all_off = !on,
            ControlKind::Rule { name, on, matches } => {
                off.retain(|(n, m)| !(*n == name.as_str() && *m == matches.as_slice()));
                if !on {
                    off.push((name, matches));
                }
            }
            ControlKind::IgnoreNextLine { .. } => {}
        }
    }
    all_off
        || off.iter().any(|(name, matches)| {
            (*name == rule || *name == style)
                && (matches.is_empty() || matches.iter().any(|m| m == text))
        })
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
    fn state_applies_after_the_comment() {
        let src = "a <!-- vale Biz.A = NO --> b <!-- vale Biz.A = YES --> c";
        let c = controls(src);
        let at = |s: &str| {
            let p = src.find(s).unwrap();
            suppressed(&c, "Biz.A", "Biz", &(p..p + 1), s)
        };
        assert!(!at("a"));
        assert!(at("b"));
        assert!(!at("c"));
    }

    #[test]
    fn ignore_next_line() {
        let src = "<!-- parlance-ignore-next-line Biz.A -->\nbad here\nbad again\n";
        let c = controls(src);
        let first = src.find("bad").unwrap();
        let second = src.rfind("bad").unwrap();
        assert!(suppressed(&c, "Biz.A", "Biz", &(first..first + 3), "bad"));
        assert!(!suppressed(&c, "Biz.B", "Biz", &(first..first + 3), "bad"));
        assert!(!suppressed(
            &c,
            "Biz.A",
            "Biz",
            &(second..second + 3),
            "bad"
        ));
    }
}
