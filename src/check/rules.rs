//! What each rule type does with one unit of text (Vale's semantics).

use super::action::suggestions;
use super::message::to_sentence;
use super::words::words;
use super::Finding;
use crate::compile::{is_phrase, Check, CompiledRule, Pattern, SearchAborted, SwapEntry};
use crate::diagnostic::Applicability;
use crate::document::sentences::sentences;
use crate::styles::{CaseStyle, RuleKind};
use crate::text::Haystack;

/// State a rule carries from one unit to the next within a file.
#[derive(Debug)]
pub(super) struct FileState<'a> {
    /// consistency: which side of each pair has been seen.
    seen: Vec<[bool; 2]>,
    /// conditional: the terms every conditional rule's `second` defines
    /// in the file, with the start of the unit that defines each.
    defined: &'a [(usize, String)],
    /// Where the unit being checked starts in the file.
    pub unit_start: usize,
}

impl<'a> FileState<'a> {
    pub fn new(defined: &'a [(usize, String)]) -> FileState<'a> {
        FileState {
            seen: Vec::new(),
            defined,
            unit_start: 0,
        }
    }

    /// Whether `term` is defined in this unit or an earlier one.
    fn is_defined(&self, term: &str) -> bool {
        self.defined
            .iter()
            .any(|(at, t)| *at <= self.unit_start && t == term)
    }
}

/// Runs `rule` on one unit: `hay` is the unit of the prose view (with its
/// ASCII shadow), `source` the same range of the file. Findings have
/// ranges relative to the unit; texts are always taken from `hay.text`.
pub(super) fn run(
    rule: &CompiledRule,
    hay: &Haystack,
    source: &str,
    state: &mut FileState,
    out: &mut Vec<Finding>,
) -> Result<(), SearchAborted> {
    let text = hay.text;
    match &rule.check {
        Check::Existence { pattern } => existence(rule, pattern, hay, out),
        Check::Substitution {
            pattern,
            entries,
            capitalize,
        } => {
            for m in pattern.find_groups_in(hay)? {
                let Some((group, range)) = m.group else {
                    continue;
                };
                let Some(entry) = entries.get(group - 1) else {
                    continue;
                };
                let observed = &text[range.clone()];
                let mut expected = match &entry.observed {
                    Some(p) => p.expand(observed, &entry.expected),
                    None => entry.expected.clone(),
                };
                let starts_upper = observed.chars().next().is_some_and(char::is_uppercase);
                if *capitalize && starts_upper {
                    expected = cap_first(&expected);
                }
                let mut options = split_options(&expected);
                let replace_action = rule.def.action.as_ref().filter(|a| a.name == "replace");
                if let Some(a) = replace_action {
                    if !a.params.is_empty() {
                        options = a.params.clone();
                    }
                }
                let unchanged = match replace_action {
                    Some(_) => options.iter().any(|o| o == observed),
                    None => same_token(entry, &expected, observed),
                };
                if unchanged || is_exception(rule, observed)? {
                    continue;
                }
                let (args, message) = match replace_action {
                    Some(_) => (
                        vec![to_sentence(&options, "or"), observed.to_string()],
                        Some(unquote_first(&rule.def.message)),
                    ),
                    None => (vec![expected.clone(), observed.to_string()], None),
                };
                // Lower-case suggestions follow the case of what they replace;
                // a term with its own casing (Vale.Terms) keeps it.
                let replacements = options
                    .iter()
                    .map(|o| {
                        if o.chars().any(char::is_uppercase) {
                            o.clone()
                        } else {
                            match_case(observed, o)
                        }
                    })
                    .collect();
                out.push(Finding {
                    range,
                    args,
                    replacements,
                    default_fix: Applicability::Safe,
                    message,
                    vale_at: None,
                });
            }
            Ok(())
        }
        Check::Occurrence { pattern, max, min } => {
            let matches = pattern.find_all_in(hay)?;
            let count = matches.len();
            if (*max > 0 && count > *max) || (*min > 0 && count < *min) {
                // Vale reports at the first match that is real text: not
                // blank, and not only the `*`s code reads as.
                let at = matches
                    .iter()
                    .find(|r| !is_code_like(&text[(*r).clone()]))
                    .cloned();
                match at {
                    Some(range) => out.push(plain(range, vec![count.to_string()])),
                    None if count == 0 => out.push(plain(0..0, vec![count.to_string()])),
                    None => {}
                }
            }
            Ok(())
        }
        Check::Repetition {
            pattern,
            max,
            alpha,
            ignorecase,
        } => {
            let mut prev: Option<(std::ops::Range<usize>, &str)> = None;
            // Vale does not reset the count when a streak breaks.
            let mut count = 0usize;
            for range in pattern.find_all_in(hay)? {
                let curr = text[range.clone()].trim();
                if let Some((prev_range, prev_text)) = &prev {
                    let same = if *ignorecase {
                        curr.to_lowercase() == prev_text.to_lowercase()
                    } else {
                        curr == *prev_text
                    };
                    // In plain text a URL is blank here but a word to
                    // Vale, so one between the two breaks the streak.
                    let gap = prev_range.end..range.start;
                    let hit = same
                        && !curr.is_empty()
                        && (!alpha || curr.chars().all(char::is_alphabetic))
                        && text[gap.clone()].trim() == source[gap].trim();
                    if hit {
                        count += 1;
                    }
                    if hit && count > *max {
                        let span = prev_range.start..range.end;
                        if sentences(&text[span.clone()]).len() <= 1
                            && !is_exception(rule, &text[span.clone()])?
                        {
                            out.push(with_action(rule, span, curr, vec![curr.to_string()]));
                            count = 0;
                        }
                    }
                }
                prev = Some((range, curr));
            }
            Ok(())
        }
        Check::Consistency { pairs } => {
            if state.seen.len() < pairs.len() {
                state.seen.resize(pairs.len(), [false; 2]);
            }
            for (i, pair) in pairs.iter().enumerate() {
                let mut last = None;
                for m in pair.find_groups_in(hay)? {
                    if let Some((group, range)) = m.group {
                        state.seen[i][(group - 1).min(1)] = true;
                        last = Some(range);
                    }
                }
                if let (Some(range), [true, true]) = (last, state.seen[i]) {
                    let matched = text[range.clone()].to_string();
                    out.push(with_action(rule, range, &matched, vec![matched.clone()]));
                }
            }
            Ok(())
        }
        Check::Capitalization(case) => {
            let (expected, ok) = case.check(text)?;
            if !ok {
                out.push(capitalization_finding(rule, text, expected));
            }
            Ok(())
        }
        // Measured over whole documents by the driver, not per unit.
        Check::Metric(_) | Check::Readability { .. } => Ok(()),
        Check::Conditional {
            first,
            second,
            defines_terms,
        } => {
            if !*defines_terms && second.is_match_in(hay)? {
                return Ok(());
            }
            for range in first.find_all_in(hay)? {
                let matched = &text[range.clone()];
                if (*defines_terms && state.is_defined(matched)) || is_exception(rule, matched)? {
                    continue;
                }
                out.push(with_action(
                    rule,
                    range.clone(),
                    matched,
                    vec![matched.to_string()],
                ));
            }
            Ok(())
        }
        Check::Spelling { speller } => {
            let mut unknown = words(text);
            speller.retain_unknown(&mut unknown, |w| &w.text);
            // Corrections are costly: they are looked up only when asked
            // for (an editor's quick fix).
            out.extend(
                unknown
                    .into_iter()
                    .map(|w| plain(w.range, vec![w.text.into_owned()])),
            );
            Ok(())
        }
    }
}

fn existence(
    rule: &CompiledRule,
    pattern: &Pattern,
    hay: &Haystack,
    out: &mut Vec<Finding>,
) -> Result<(), SearchAborted> {
    let text = hay.text;
    for range in pattern.find_all_in(hay)? {
        let matched = &text[range.clone()];
        if matched.is_empty() || is_exception(rule, matched.trim())? {
            continue;
        }
        out.push(with_action(rule, range, matched, vec![matched.to_string()]));
    }
    Ok(())
}

/// A finding whose fix and second message argument come from `action:`.
fn with_action(
    rule: &CompiledRule,
    range: std::ops::Range<usize>,
    matched: &str,
    mut args: Vec<String>,
) -> Finding {
    let Some(action) = &rule.def.action else {
        return plain(range, args);
    };
    let replacements = suggestions(action, matched);
    if !replacements.is_empty() {
        args.push(if replacements.len() == 1 {
            replacements[0].clone()
        } else {
            to_sentence(&replacements, "or")
        });
    }
    let default_fix = match action.name.as_str() {
        "replace" => Applicability::Safe,
        _ => Applicability::Unsafe,
    };
    Finding {
        range,
        args,
        replacements,
        default_fix,
        message: None,
        vale_at: None,
    }
}

/// A capitalization finding spans the whole unit; its message gets the
/// text and the expected form. A `replace` action without options offers
/// the expected form, as in Vale.
fn capitalization_finding(rule: &CompiledRule, text: &str, expected: String) -> Finding {
    let args = vec![text.to_string(), expected.clone()];
    let (replacements, default_fix) = match &rule.def.action {
        Some(a) if a.name == "replace" => {
            let options = if a.params.is_empty() {
                match &rule.def.kind {
                    RuleKind::Capitalization {
                        case: CaseStyle::Title(_) | CaseStyle::Sentence,
                        ..
                    } => vec![expected],
                    _ => Vec::new(),
                }
            } else {
                a.params.clone()
            };
            (options, Applicability::Safe)
        }
        Some(a) => (suggestions(a, text), Applicability::Unsafe),
        None => (Vec::new(), Applicability::Safe),
    };
    Finding {
        range: 0..text.len(),
        args,
        replacements,
        default_fix,
        message: None,
        vale_at: None,
    }
}

/// Vale's `IsCode`: text masked as code (`*`) or as already read (`@`), or
/// nothing but white space.
fn is_code_like(text: &str) -> bool {
    text.chars()
        .all(|c| c == '*' || c == '@' || c.is_whitespace())
}

fn plain(range: std::ops::Range<usize>, args: Vec<String>) -> Finding {
    Finding {
        range,
        args,
        replacements: Vec::new(),
        default_fix: Applicability::Safe,
        message: None,
        vale_at: None,
    }
}

fn is_exception(rule: &CompiledRule, text: &str) -> Result<bool, SearchAborted> {
    match &rule.exceptions {
        Some(p) => p.is_match(text),
        None => Ok(false),
    }
}

/// `a|b|c` alternatives; `\|` is a literal pipe.
fn split_options(expected: &str) -> Vec<String> {
    let mut options = vec![String::new()];
    let mut chars = expected.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                options.last_mut().expect("non-empty").push('|');
                chars.next();
            }
            '|' => options.push(String::new()),
            _ => options.last_mut().expect("non-empty").push(c),
        }
    }
    options
        .into_iter()
        .map(|o| o.trim().to_string())
        .filter(|o| !o.is_empty())
        .collect()
}

/// Vale's no-op test: a phrase must be equal; a pattern must match whole.
fn same_token(entry: &SwapEntry, expected: &str, observed: &str) -> bool {
    if let Some(p) = &entry.already_right {
        return p.is_match(observed).unwrap_or(false);
    }
    if is_phrase(expected) {
        return expected == observed;
    }
    // An expansion of `$n` that is not a phrase: compiled here, at a match.
    Pattern::new(&format!("^(?:{expected})$"))
        .ok()
        .and_then(|p| p.is_match(observed).ok())
        .unwrap_or(false)
}

/// With a replace action, Vale quotes the options itself, so a message
/// written `'%s'` twice loses the quotes of its first slot.
fn unquote_first(message: &str) -> String {
    for quoted in ["'%s'", "\"%s\""] {
        if message.matches(quoted).count() == 2 {
            return message.replacen(quoted, "%s", 1);
        }
    }
    message.to_string()
}

fn cap_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `replacement` in the case of `observed`: all capitals, or a capital first.
fn match_case(observed: &str, replacement: &str) -> String {
    let letters: Vec<char> = observed.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        replacement.to_uppercase()
    } else if letters.first().is_some_and(|c| c.is_uppercase()) {
        cap_first(replacement)
    } else {
        replacement.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_like_text_is_stars_at_signs_or_blank() {
        assert!(is_code_like("***"));
        assert!(is_code_like("@@ *"));
        assert!(is_code_like(" "));
        assert!(!is_code_like(","));
        assert!(!is_code_like("a*"));
    }

    #[test]
    fn options_split_on_unescaped_pipes() {
        assert_eq!(split_options("a|b \\| c|d"), vec!["a", "b | c", "d"]);
    }

    #[test]
    fn no_op_substitutions() {
        let entry = |expected: &str| SwapEntry {
            observed: None,
            expected: expected.to_string(),
            already_right: (!is_phrase(expected))
                .then(|| Pattern::new(&format!("^(?:{expected})$")).unwrap()),
        };
        assert!(same_token(&entry("JavaScript"), "JavaScript", "JavaScript"));
        assert!(!same_token(
            &entry("JavaScript"),
            "JavaScript",
            "Javascript"
        ));
        assert!(same_token(&entry("OAuth2?"), "OAuth2?", "OAuth"));
    }

    #[test]
    fn case_follows_the_observed_word() {
        assert_eq!(match_case("Costumer", "customer"), "Customer");
        assert_eq!(match_case("COSTUMER", "customer"), "CUSTOMER");
        assert_eq!(match_case("costumer", "customer"), "customer");
    }

    #[test]
    fn vale_quote_trick() {
        assert_eq!(
            unquote_first("Use '%s' instead of '%s'."),
            "Use %s instead of '%s'."
        );
        assert_eq!(unquote_first("Prefer %s."), "Prefer %s.");
    }
}
