//! Where Vale puts an alert of a block: a post-pass, run only for Vale's
//! output formats (`--output=JSON`, `--output=line`). parlance's own
//! findings keep their exact spans; this reproduces where Vale 3.7.1's
//! search reports the same findings (see `docs/vale-compatibility.md`,
//! "Positions Vale finds by searching").
//!
//! Vale keeps no map from a block's text back to the file: for a list item,
//! block quote, table cell, heading or alt text it searches for the matched
//! text on one line of the file (vale-reference §2.8, `assignLoc`). That
//! line is the first whose bytes at the match's offsets in the block text
//! are the match, and otherwise the line the block ends on. On it, the
//! first occurrence of the match (as a word, else anywhere) is the alert's
//! place. After each alert the first occurrence of its text in the block is
//! masked for the rest of that rule's alerts in the block; two alerts of a
//! rule on one place are one. So in
//!
//! ```text
//! > I love a oBservability.
//! > It's oBservability !
//! ```
//!
//! both matches are searched for on the second line and one alert remains.
//! A paragraph is searched the same way but as a whole, from its start
//! (`FindLoc`), so a match lands on an earlier occurrence of its text.
//!
//! Vale searches a copy of the file in which link and image addresses are
//! masked (and the text of earlier blocks, which a block's lines do not
//! hold), so a match is never placed inside a URL.

use std::collections::HashMap;
use std::ops::Range;

use crate::check::Observer;
use crate::config::format::Format;
use crate::diagnostic::Diagnostic;
use crate::document::scope::{Unit, UnitLevel};
use crate::document::sentences::sentences;
use crate::document::{BlockKind, Document};

/// Where Vale reports the findings of one file that its search puts
/// somewhere other than their exact place; filled in as the file is
/// checked (an [`Observer`]).
#[derive(Debug, Default)]
pub struct Placements {
    /// (rule, start, end) of a finding → Vale's start.
    moved: HashMap<(String, usize, usize), usize>,
}

impl Placements {
    /// The offset Vale reports `d` at.
    pub fn start_of(&self, d: &Diagnostic) -> usize {
        self.moved
            .get(&(d.rule.clone(), d.range.start, d.range.end))
            .copied()
            .unwrap_or(d.range.start)
    }
}

impl Observer for Placements {
    fn found(
        &mut self,
        doc: &Document,
        rule: &str,
        unit: &Unit,
        read: &Range<usize>,
        text: &str,
        findings: &[(Range<usize>, Range<usize>)],
    ) {
        let Some(reach) = reach(doc, unit) else {
            return;
        };
        let mut search = PlacementSearch::new(doc, read, reach);
        for (local, file) in findings {
            match search.place(text, local.clone()) {
                Some(at) if at != file.start => {
                    self.moved
                        .insert((rule.to_string(), file.start, file.end), at);
                }
                _ => {}
            }
        }
    }
}

/// How far Vale searches for the matched text of `unit`'s alerts: a line
/// of the blocks it names by their tag, the whole of a paragraph. `None`
/// where the match is where Vale finds it.
fn reach(doc: &Document, unit: &Unit) -> Option<Reach> {
    let kind = match unit.block {
        Some(i) if unit.level == UnitLevel::Block && !unit.raw && !doc.plain => doc.blocks[i].kind,
        _ => return None,
    };
    if !matches!(doc.format, Format::Markdown | Format::Html | Format::Org) {
        return None;
    }
    match kind {
        BlockKind::Paragraph => Some(Reach::Block),
        // Where Vale looks for HTML link text is not modelled: it stays.
        BlockKind::Link => None,
        _ => Some(Reach::Line),
    }
}

/// How far Vale's search reaches for one block's alerts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Reach {
    /// One line of the block (`assignLoc`): list items, quotes, headings,
    /// table cells, alt text.
    Line,
    /// The whole block from its start (`FindLoc`): a paragraph.
    Block,
}

/// Bytes of a block's text one rule may scan to place its alerts: a block
/// with thousands of findings keeps its exact places past this rather than
/// growing quadratic.
const BUDGET: usize = 1 << 22;

/// One rule's search state over one block's lines.
struct PlacementSearch<'a> {
    source: &'a str,
    /// File offset of the block's first line.
    start: usize,
    /// File offset just past the block's last line.
    end: usize,
    /// The block's lines as Vale searches them, line breaks kept, with the
    /// text earlier alerts took masked as `#` (one per character, as Vale
    /// masks: a line's bytes may then differ in length from the file's).
    context: String,
    reach: Reach,
    /// Bytes left to scan (see [`BUDGET`]).
    budget: usize,
}

impl<'a> PlacementSearch<'a> {
    /// The search over the lines of `block`.
    fn new(doc: &'a Document, block: &Range<usize>, reach: Reach) -> PlacementSearch<'a> {
        let source = doc.source.as_str();
        // Vale reads a lone carriage return as a line break too.
        let breaks = ['\n', '\r'];
        let start = source[..block.start].rfind(breaks).map_or(0, |i| i + 1);
        let end = source[block.end..]
            .find(breaks)
            .map_or(source.len(), |i| block.end + i + 1);
        // What the prose view blanks, apart from code (which Vale reads as
        // text), is markup and addresses; masking the markup as well
        // changes no word boundary. Vale masks single bytes only.
        let prose = doc.prose.as_bytes();
        let first_code = doc.code_spans.partition_point(|c| c.end <= start);
        let code = &doc.code_spans[first_code..];
        let context: String = source[start..end]
            .char_indices()
            .map(|(i, c)| {
                let at = start + i;
                let masked = c.is_ascii()
                    && !c.is_ascii_whitespace()
                    && prose[at] == b' '
                    && !code
                        .iter()
                        .take_while(|r| r.start <= at)
                        .any(|r| at < r.end);
                if masked {
                    '@'
                } else {
                    c
                }
            })
            .collect();
        PlacementSearch {
            source,
            start,
            end,
            context,
            reach,
            budget: BUDGET,
        }
    }

    /// Where Vale reports the match at `range` of the block's `text`, when
    /// that is not where the match is: on another line of the block, or at
    /// the start of the line when the line does not hold the match as
    /// written. `None` leaves the match where it is.
    fn place(&mut self, text: &str, range: Range<usize>) -> Option<usize> {
        let matched = text.get(range.clone()).filter(|m| !m.is_empty())?;
        self.budget = self.budget.checked_sub(self.context.len())?;
        let placed = match self.reach {
            Reach::Line => self.place_on_line(text, range, matched),
            Reach::Block => self.place_in_block(text, range, matched),
        };
        self.mask(matched);
        placed
    }

    /// The block's lines as searched, each with its offset in the file.
    fn lines(&self) -> impl Iterator<Item = (usize, &str)> {
        // Masking keeps every line break, so the lines pair up.
        let file_lines = self.source[self.start..self.end].split_inclusive('\n');
        let starts = file_lines.scan(self.start, |at, line| {
            let start = *at;
            *at += line.len();
            Some(start)
        });
        starts.zip(self.context.split_inclusive('\n'))
    }

    fn place_on_line(&self, text: &str, range: Range<usize>, matched: &str) -> Option<usize> {
        let first = text[..range.start].chars().count();
        let span = first..first + matched.chars().count();
        let exact = |line: &str| {
            line.len() > span.end && line.as_bytes().get(span.clone()) == Some(matched.as_bytes())
        };
        let (line_start, line) = self
            .lines()
            .find(|(_, line)| exact(line))
            .or_else(|| self.lines().last())?;
        match word_occurrence(line, matched).or_else(|| line.find(matched)) {
            // On one line, the first occurrence is the match's own place
            // unless an earlier alert took it; which one Vale masks then
            // depends on text before the block, not read here.
            Some(_) if self.lines().nth(1).is_none() => None,
            Some(at) => self.nth_char(line_start, line[..at].chars().count()),
            // Vale's last resort (`guessLocation`): the start of a line
            // that holds every word of the match's sentence.
            None => sentence_words_in(text, matched, line).then_some(line_start),
        }
    }

    /// Vale's `FindLoc` for a block it does not search by line: the first
    /// occurrence from the block's start, so a match lands on an earlier
    /// one of the same text (`is` of `This is`, once an earlier alert's
    /// mask took the `is` of `This`).
    fn place_in_block(&mut self, text: &str, range: Range<usize>, matched: &str) -> Option<usize> {
        let offsets = self.offsets_masked(text, range, matched);
        let context = offsets.as_deref().unwrap_or(&self.context);
        if let Some(at) = word_occurrence(context, matched).or_else(|| context.find(matched)) {
            return self.nth_char(self.start, context[..at].chars().count());
        }
        // A match over inline markup (`in](url) in`) is not in the file as
        // written: `guessLocation` takes the first line holding every word
        // of its sentence and reports that line's byte offset in the file,
        // which `FindLoc` then counts as characters.
        let (line_start, _) = self
            .lines()
            .find(|(_, line)| sentence_words_in(text, matched, line))?;
        self.budget = self.budget.checked_sub(line_start)?;
        self.nth_char(0, line_start)
    }

    /// Vale's `Offset` words: in a file under 1000 bytes whose searched
    /// text holds the match more than once, every word of the file's text
    /// before the match's offset *in the block* is masked first (its first
    /// occurrence), so that `and` of `This and that and` is found at the
    /// end. The cut is the block offset taken as a file offset, so in a
    /// later block it masks what it happens to reach.
    fn offsets_masked(&self, text: &str, range: Range<usize>, matched: &str) -> Option<String> {
        if self.source.len() >= 1000 || self.context.matches(matched).nth(1).is_none() {
            return None;
        }
        let mut cut = text[..range.start]
            .chars()
            .count()
            .checked_sub(self.start)?
            .min(self.context.len());
        while !self.context.is_char_boundary(cut) {
            cut -= 1;
        }
        let mut masked = self.context.clone();
        for word in self.context[..cut].split_whitespace() {
            mask_first(&mut masked, word, '@');
        }
        Some(masked)
    }

    /// The offset of the `n`th character of the file from `from`.
    fn nth_char(&self, from: usize, n: usize) -> Option<usize> {
        self.source[from..]
            .char_indices()
            .nth(n)
            .map(|(i, _)| from + i)
    }

    /// Masks the first occurrence of `matched` in the block's lines.
    fn mask(&mut self, matched: &str) {
        mask_first(&mut self.context, matched, '#');
    }
}

/// Masks the first occurrence of `sub` in `text` with `with`, line breaks
/// kept, as Vale's `Substitute`.
fn mask_first(text: &mut String, sub: &str, with: char) {
    let Some(at) = text.find(sub) else {
        return;
    };
    let masked: String = sub
        .chars()
        .map(|c| if c == '\n' { c } else { with })
        .collect();
    text.replace_range(at..at + sub.len(), &masked);
}

/// Whether `line` holds every word of the last sentence of `text` that is
/// `matched` or has it after its start, as Vale's `guessLocation` asks.
fn sentence_words_in(text: &str, matched: &str, line: &str) -> bool {
    let Some(sentence) = sentences(text)
        .into_iter()
        .map(|r| &text[r])
        .rfind(|s| *s == matched || s.find(matched).is_some_and(|at| at > 0))
    else {
        return false;
    };
    sentence
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .all(|w| line.contains(w))
}

/// The first occurrence of `needle` in `line` that Vale's
/// `(?:^|\b|_)needle(?:_|\b|$)` finds (ASCII word boundaries, as in Go),
/// passing over one right next to a backtick or a hyphen: that is code or
/// part of a longer word, not the prose the match came from (Vale #673).
/// This follows current Vale, whose test suite needs it (`gfm` of
/// `remark-gfm` is not the `gfm` flagged later); Vale 3.7.1 took a
/// hyphenated one (`AI agent-led` placed at `agent`, a few oracle alerts).
fn word_occurrence(line: &str, needle: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let first = *needle.as_bytes().first()?;
    let last = *needle.as_bytes().last()?;
    let apart = |b: Option<&u8>| !matches!(b, Some(b'`' | b'-'));
    line.match_indices(needle).map(|(i, _)| i).find(|&i| {
        let end = i + needle.len();
        let left = i == 0 || bytes[i - 1] == b'_' || word(bytes[i - 1]) != word(first);
        let right = end == bytes.len() || bytes[end] == b'_' || word(bytes[end]) != word(last);
        let before = i.checked_sub(1).and_then(|b| bytes.get(b));
        left && right && apart(before) && apart(bytes.get(end))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markdown(src: &str) -> Document {
        Document::new(src.to_string(), Format::Markdown, "md")
    }

    #[test]
    fn masking_wide_characters_keeps_the_file_lines_in_place() {
        // The first alert masks `“quoted”` with one `#` per character,
        // shortening the first line; the second line still starts where
        // the file's does (this once cut inside a character).
        let src = "> He said “quoted” here.\n> Then “quoted” again.\n";
        let doc = markdown(src);
        let text = "He said “quoted” here.\nThen “quoted” again.";
        let mut search = PlacementSearch::new(&doc, &(2..src.len() - 1), Reach::Line);
        let first = text.find("“quoted”").unwrap();
        search.place(text, first..first + "“quoted”".len());
        let second = text.rfind("“quoted”").unwrap();
        let placed = search.place(text, second..second + "“quoted”".len());
        assert_eq!(placed, Some(src.rfind("“quoted”").unwrap()));
    }

    #[test]
    fn matches_land_on_the_last_line_that_holds_them() {
        let src = "> Hello guys ! I love a oBservability.\n> It's oBservability !\n";
        let text = "Hello guys ! I love a oBservability.\nIt's oBservability !";
        let doc = markdown(src);
        let mut search = PlacementSearch::new(&doc, &(2..src.len() - 1), Reach::Line);
        let second = src.rfind("oBservability").unwrap();
        assert_eq!(search.place(text, 22..35), Some(second));
        // The first alert masked the first occurrence, not the one it took.
        assert_eq!(search.place(text, 42..55), Some(second));
    }

    #[test]
    fn a_line_with_the_match_at_its_block_offsets_is_searched_first() {
        let src = "one is here\nand it is there\n";
        let doc = markdown(src);
        let mut search = PlacementSearch::new(&doc, &(0..src.len() - 1), Reach::Line);
        let text = src.trim_end();
        assert_eq!(search.place(text, 4..6), Some(4));
        assert_eq!(search.place(text, 19..21), Some(src.rfind("is").unwrap()));
    }

    #[test]
    fn a_word_is_preferred_and_a_missing_match_is_left_alone() {
        let src = "- a\n  this is\n";
        let doc = markdown(src);
        let mut search = PlacementSearch::new(&doc, &(2..src.len() - 1), Reach::Line);
        assert_eq!(
            search.place("a\nthis is", 7..9),
            Some(src.rfind("is").unwrap())
        );
        assert_eq!(search.place("a\nthis is gone", 10..14), None);
        assert_eq!(word_occurrence("this is", "is"), Some(5));
        assert_eq!(word_occurrence("a_is_b", "is"), Some(2));
    }

    #[test]
    fn on_one_line_a_match_found_stays_and_one_not_written_so_goes_to_the_start() {
        let doc = markdown("- one line\n");
        assert_eq!(
            PlacementSearch::new(&doc, &(2..10), Reach::Line).place("one line", 4..8),
            None
        );
        let src = "<body>\n  <h1>One&#160;Two</h1>\n</body>\n";
        let doc = Document::new(src.to_string(), Format::Html, "html");
        let heading = doc.blocks[0].range.clone();
        let line = src.find("  <h1>").unwrap();
        let mut search = PlacementSearch::new(&doc, &heading, Reach::Line);
        assert_eq!(search.place("One\u{a0}Two", 0..8), Some(line));
        // Not every word of the sentence is on the line: left alone.
        assert_eq!(search.place("One\u{a0}Two three", 0..8), None);
    }

    #[test]
    fn a_link_address_is_never_the_place() {
        let src = "> See\n> [admin](/admin/x) and `admin` admin\n";
        let text = "See\nadmin and ***** admin";
        let doc = markdown(src);
        let mut search = PlacementSearch::new(&doc, &(2..src.len() - 1), Reach::Line);
        assert_eq!(search.place(text, 4..9), Some(src.find("admin").unwrap()));
        // The link text is taken now; code is text to Vale's search, but
        // a match next to a backtick is passed over.
        assert_eq!(
            search.place(text, 20..25),
            Some(src.rfind("admin").unwrap())
        );
    }

    #[test]
    fn a_paragraph_match_lands_on_the_first_occurrence_from_its_start() {
        // A file of 1000 bytes or more, where Vale masks no words first.
        let src = &format!("This is it.\nIt is so.\n\n{}\n", "word ".repeat(200));
        let text = "This is it.\nIt is so.";
        let doc = markdown(src);
        let mut search = PlacementSearch::new(&doc, &(0..text.len()), Reach::Block);
        let (first, second) = (src.find(" is").unwrap() + 1, src.rfind("is").unwrap());
        // The first alert's mask takes the `is` of `This`, so the second
        // alert is searched for from the start again and lands on the
        // first `is` as well.
        assert_eq!(search.place(text, first..first + 2), Some(first));
        assert_eq!(search.place(text, second..second + 2), Some(first));
        // A third one finds the `is` the second alert left.
        assert_eq!(search.place(text, second..second + 2), Some(second));
    }

    #[test]
    fn a_paragraph_match_over_markup_goes_to_its_line_counted_as_characters() {
        let src = "A heading\n\nWe went [in](u) in it.\n";
        let doc = markdown(src);
        let block = doc.blocks[1].range.clone();
        let text = "We went in in it.";
        let line = src.find("We").unwrap();
        let mut search = PlacementSearch::new(&doc, &block, Reach::Block);
        assert_eq!(search.place(text, 8..13), Some(line));
        // Vale reports the line's byte offset as a count of characters:
        // two bytes of `é` before it move the place two characters on.
        let src = "A h\u{e9}ading\n\nWe went [in](u) in it.\n";
        let doc = markdown(src);
        let block = doc.blocks[1].range.clone();
        let mut search = PlacementSearch::new(&doc, &block, Reach::Block);
        let line = src.find("We").unwrap();
        assert_eq!(search.place(text, 8..13), Some(line + 1));
        // Not every word of the sentence is on a line: left alone.
        assert_eq!(search.place("We went in in it, gone.", 8..13), None);
    }

    #[test]
    fn a_block_with_too_much_to_search_keeps_its_exact_places() {
        let src = format!("is is\n\n{}\n", "word ".repeat(200));
        let doc = markdown(&src);
        let mut search = PlacementSearch::new(&doc, &(0..5), Reach::Block);
        search.budget = 6;
        assert_eq!(search.place("is is", 3..5), Some(0));
        assert_eq!(search.place("is is", 3..5), None);
    }

    #[test]
    fn in_a_small_file_the_words_before_the_match_are_masked_first() {
        let src = "This and that and\n";
        let text = src.trim_end();
        let doc = markdown(src);
        let mut search = PlacementSearch::new(&doc, &(0..text.len()), Reach::Block);
        let last = src.rfind("and").unwrap();
        assert_eq!(search.place(text, last..last + 3), Some(last));
        // A file of 1000 bytes or more is searched from the start.
        let src = format!("This and that and\n\n{}\n", "word ".repeat(200));
        let doc = markdown(&src);
        let mut search = PlacementSearch::new(&doc, &(0..text.len()), Reach::Block);
        assert_eq!(search.place(text, last..last + 3), Some(5));
    }

    #[test]
    fn a_match_by_a_backtick_or_a_hyphen_is_passed_over() {
        assert_eq!(word_occurrence("`is` is", "is"), Some(5));
        assert_eq!(word_occurrence("is-a is", "is"), Some(5));
        // With no other, the plain search takes it.
        let src = "See `is` here.\n";
        let doc = markdown(src);
        let mut search = PlacementSearch::new(&doc, &(0..14), Reach::Block);
        assert_eq!(search.place("See *** here. is", 14..16), Some(5));
    }

    #[test]
    fn a_carriage_return_ends_a_line() {
        let src = "It is.\r\rIt is so.\r";
        let doc = markdown(src);
        let block = doc.blocks[1].range.clone();
        let mut search = PlacementSearch::new(&doc, &block, Reach::Block);
        // Not the `is` of the first line.
        assert_eq!(
            search.place("It is so.", 3..5),
            Some(src.rfind("is").unwrap())
        );
    }

    #[test]
    fn vales_searched_place_rides_beside_the_exact_span() {
        use crate::check::rules::{read, Read};
        use crate::config::Config;
        use crate::diagnostic::Severity;
        use crate::lint::{LintOptions, Linter};
        use crate::styles::{read_yaml, Origin, RuleSource};
        let yaml = "extends: existence\nmessage: x\ntokens: [oBservability]\n";
        let source = RuleSource {
            path: "T/R.yml".into(),
            text: yaml.into(),
        };
        let file = read_yaml("T", "R", Origin::Generated, source).unwrap();
        let Ok(Read::Rule(def)) = read(&file) else {
            panic!("not a rule");
        };
        let linter =
            Linter::with_rules(Config::with_style("T"), vec![(*def, Severity::Suggestion)]);
        let src = "> I love a oBservability.\n> It's oBservability !\n";
        let mut places = Placements::default();
        let linted = linter.lint_observed(
            "a.md",
            std::path::Path::new("a.md"),
            src.to_string(),
            &LintOptions::default(),
            Some(&mut places),
        );
        let found: Vec<(Range<usize>, usize)> = linted
            .outcome
            .diagnostics
            .iter()
            .map(|d| (d.range.range(), places.start_of(d)))
            .collect();
        // Vale searches the quote's last line for both; each finding still
        // spans the word that matched.
        let (first, second) = (src.find("oBs").unwrap(), src.rfind("oBs").unwrap());
        assert_eq!(
            found,
            [(first..first + 13, second), (second..second + 13, second)]
        );
    }
}
