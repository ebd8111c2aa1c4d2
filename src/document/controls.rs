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

use std::collections::HashMap;
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

/// Where Vale reads a finding's text, which decides the comment state the
/// finding is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// In a block whose element closes at this offset.
    Block { closed_at: usize },
    /// In the whole-document summary: Vale reads it after the last block,
    /// with every rule and style turned back on but `vale off` kept.
    Summary,
    /// In the raw file, read as the summary is, but whole: nothing is cut
    /// out of it.
    Raw,
}

/// Vale's comment state: whether everything is off, and which styles,
/// rules and `Rule[match]` pairs are.
#[derive(Debug, Default)]
struct State {
    off: bool,
    disabled: HashMap<String, bool>,
}

impl State {
    fn apply(&mut self, kind: &ControlKind, base_styles: &[String]) {
        match kind {
            ControlKind::All { on } => self.off = !on,
            ControlKind::Rule { name, on, matches } if matches.is_empty() => {
                self.disabled.insert(name.clone(), !on);
            }
            ControlKind::Rule { name, on, matches } => {
                for m in matches {
                    self.disabled.insert(format!("{name}[{m}]"), !on);
                }
            }
            ControlKind::Styles { keep } => {
                for style in base_styles {
                    self.disabled.insert(style.clone(), true);
                }
                for style in keep {
                    self.disabled.insert(style.clone(), false);
                }
            }
            ControlKind::IgnoreNextLine { .. } => {}
        }
    }

    fn disables(&self, key: &str) -> bool {
        self.disabled.get(key).copied().unwrap_or(false)
    }
}

/// Whether `rule` (of `style`) is suppressed for a finding at `range`
/// matching `text`, read as `reading` says. `base_styles` are the styles
/// the file is based on, which `vale style = …` turns off.
pub fn suppressed(
    controls: &[Control],
    base_styles: &[String],
    rule: &str,
    style: &str,
    reading: Reading,
    range: &Range<usize>,
    text: &str,
) -> bool {
    let mut cut_out = false;
    let mut state = State::default();
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
        if c.range.end <= range.start {
            if let ControlKind::All { on } = c.kind {
                cut_out = !on;
            }
        }
        match reading {
            Reading::Block { closed_at } if c.range.end <= closed_at => {
                state.apply(&c.kind, base_styles)
            }
            Reading::Summary | Reading::Raw => {
                if let ControlKind::All { on } = c.kind {
                    state.off = !on;
                }
            }
            Reading::Block { .. } => {}
        }
    }
    (cut_out && reading != Reading::Raw)
        || state.off
        || state.disables(style)
        || state.disables(rule)
        || state.disables(&format!("{rule}[{text}]"))
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

    /// Whether `Biz.A` is suppressed for `word` in `src`, read in a block
    /// that closes at `closed_at`.
    fn hidden(src: &str, word: &str, reading: Reading) -> bool {
        let c = controls(src);
        let p = src.find(word).unwrap();
        let base = ["Biz".to_string(), "Other".to_string()];
        suppressed(
            &c,
            &base,
            "Biz.A",
            "Biz",
            reading,
            &(p..p + word.len()),
            word,
        )
    }

    fn closing_at_end(src: &str) -> Reading {
        Reading::Block {
            closed_at: src.len(),
        }
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

    #[test]
    fn a_control_applies_to_the_blocks_that_close_after_it() {
        let src = "first\n\n<!-- vale Biz.A = NO -->\n\nsecond\n";
        let first = Reading::Block {
            closed_at: src.find("first").unwrap() + 5,
        };
        assert!(!hidden(src, "first", first));
        assert!(hidden(src, "second", closing_at_end(src)));
    }

    #[test]
    fn a_rule_control_inside_a_block_covers_all_of_it() {
        // Vale reads the state once, where the paragraph closes: a NO
        // inside it hides the text before the comment too, and a NO/YES
        // pair inside it hides nothing.
        let src = "a <!-- vale Biz.A = NO --> b";
        assert!(hidden(src, "a", closing_at_end(src)));
        let src = "a <!-- vale Biz.A = NO --> b <!-- vale Biz.A = YES --> c";
        assert!(!hidden(src, "b", closing_at_end(src)));
    }

    #[test]
    fn vale_off_inside_a_block_cuts_out_only_its_text() {
        let src = "a <!-- vale off --> b <!-- vale on --> c";
        assert!(!hidden(src, "a", closing_at_end(src)));
        assert!(hidden(src, "b", closing_at_end(src)));
        assert!(!hidden(src, "c", closing_at_end(src)));
        // Still off where the block closes: none of it is read.
        let src = "a <!-- vale off --> b";
        assert!(hidden(src, "a", closing_at_end(src)));
    }

    #[test]
    fn match_controls_are_kept_per_match() {
        let src = "<!-- vale Biz.A[\"x\",\"y\"] = NO --><!-- vale Biz.A[\"x\"] = YES --> x y";
        let c = controls(src);
        let at = |word: &str| {
            let p = src.rfind(word).unwrap();
            let reading = closing_at_end(src);
            suppressed(&c, &[], "Biz.A", "Biz", reading, &(p..p + 1), word)
        };
        assert!(!at("x"));
        assert!(at("y"));
    }

    #[test]
    fn a_style_list_turns_the_other_base_styles_off() {
        let src = "<!-- vale style = Other --> word";
        assert_eq!(
            controls(src)[0].kind,
            ControlKind::Styles {
                keep: vec!["Other".into()]
            }
        );
        assert!(hidden(src, "word", closing_at_end(src)));
        let src = "<!-- vale style = Other --><!-- vale styles = Biz, Other --> word";
        assert!(!hidden(src, "word", closing_at_end(src)));
        // A toggle is not a list, even of a style named `style`.
        assert_eq!(
            controls("<!-- vale style = on -->")[0].kind,
            ControlKind::Rule {
                name: "style".into(),
                on: true,
                matches: vec![]
            }
        );
        assert!(controls("<!-- vale Biz = nothing -->").is_empty());
        assert_eq!(
            controls("<!-- vale styles = Off-brand -->")[0].kind,
            ControlKind::Styles {
                keep: vec!["Off-brand".into()]
            }
        );
    }

    #[test]
    fn the_whole_file_is_read_with_rules_back_on_but_vale_off_kept() {
        let src = "<!-- vale Biz.A = NO --> word";
        assert!(!hidden(src, "word", Reading::Raw));
        assert!(!hidden(src, "word", Reading::Summary));
        let src = "<!-- vale off --> word";
        assert!(hidden(src, "word", Reading::Raw));
        // Text cut out by `vale off` is still in the raw file.
        let src = "<!-- vale off --> word <!-- vale on -->";
        assert!(!hidden(src, "word", Reading::Raw));
        assert!(hidden(src, "word", Reading::Summary));
    }

    #[test]
    fn ignore_next_line() {
        let src = "<!-- parlance-ignore-next-line Biz.A -->\nbad here\nbad again\n";
        let c = controls(src);
        let first = src.find("bad").unwrap();
        let second = src.rfind("bad").unwrap();
        let reading = Reading::Block {
            closed_at: src.len(),
        };
        let at =
            |rule: &str, p: usize| suppressed(&c, &[], rule, "Biz", reading, &(p..p + 3), "bad");
        assert!(at("Biz.A", first));
        assert!(!at("Biz.B", first));
        assert!(!at("Biz.A", second));
    }
}
