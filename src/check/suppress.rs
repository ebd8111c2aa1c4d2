//! The verdict of a document's in-document controls (parsed by
//! `document::controls`) on one finding: whether its rule is off where
//! Vale reads it.
//!
//! Vale changes its comment state as it walks the document and checks a
//! block against the state where the block closes: a control applies to
//! the blocks that close after it, and to all of a block it sits inside.
//! Only text between `vale off` and `vale on` is cut out of its block.

use std::collections::HashMap;
use std::ops::Range;

use crate::document::controls::{Control, ControlKind};

/// Where Vale reads a finding's text, which decides the comment state the
/// finding is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadAt {
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
    reading: ReadAt,
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
            ReadAt::Block { closed_at } if c.range.end <= closed_at => {
                state.apply(&c.kind, base_styles)
            }
            ReadAt::Summary | ReadAt::Raw => {
                if let ControlKind::All { on } = c.kind {
                    state.off = !on;
                }
            }
            ReadAt::Block { .. } => {}
        }
    }
    (cut_out && reading != ReadAt::Raw)
        || state.off
        || state.disables(style)
        || state.disables(rule)
        || state.disables(&format!("{rule}[{text}]"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::controls::parse;

    fn controls(src: &str) -> Vec<Control> {
        parse(src, std::slice::from_ref(&(0..src.len())))
    }

    /// Whether `Biz.A` is suppressed for `word` in `src`, read in a block
    /// that closes at `closed_at`.
    fn hidden(src: &str, word: &str, reading: ReadAt) -> bool {
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

    fn closing_at_end(src: &str) -> ReadAt {
        ReadAt::Block {
            closed_at: src.len(),
        }
    }

    #[test]
    fn a_control_applies_to_the_blocks_that_close_after_it() {
        let src = "first\n\n<!-- vale Biz.A = NO -->\n\nsecond\n";
        let first = ReadAt::Block {
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
        assert!(!hidden(src, "word", ReadAt::Raw));
        assert!(!hidden(src, "word", ReadAt::Summary));
        let src = "<!-- vale off --> word";
        assert!(hidden(src, "word", ReadAt::Raw));
        // Text cut out by `vale off` is still in the raw file.
        let src = "<!-- vale off --> word <!-- vale on -->";
        assert!(!hidden(src, "word", ReadAt::Raw));
        assert!(hidden(src, "word", ReadAt::Summary));
    }

    #[test]
    fn ignore_next_line() {
        let src = "<!-- parlance-ignore-next-line Biz.A -->\nbad here\nbad again\n";
        let c = controls(src);
        let first = src.find("bad").unwrap();
        let second = src.rfind("bad").unwrap();
        let reading = ReadAt::Block {
            closed_at: src.len(),
        };
        let at =
            |rule: &str, p: usize| suppressed(&c, &[], rule, "Biz", reading, &(p..p + 3), "bad");
        assert!(at("Biz.A", first));
        assert!(!at("Biz.B", first));
        assert!(!at("Biz.A", second));
    }
}
