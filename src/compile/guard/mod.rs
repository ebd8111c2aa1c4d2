//! Look-around at the edges of a branch, checked outside the regex.
//!
//! Public Vale styles put look-behind and look-ahead on hundreds of swap
//! keys (`(?<!-)pm`, `bare-metal(?! nodes?)`), and one such key turns a
//! whole alternation into a backtracking search: RedHat's TermsErrors alone
//! took 17 s on a 1 MB folder with fancy-regex. Here the look-around is cut
//! out, the rest (the *core*) is compiled with `regex` and searched on its
//! DFA, and each look-around becomes a guard on the position where its
//! branch starts or ends, checked only on the core's matches. The guards
//! are plain regexes too, so variable-length look-behind (which Vale's
//! regexp2 accepts and fancy-regex does not) works as well.
//!
//! Only look-around at the start or end of a branch is cut out; a pattern
//! with look-around elsewhere, or with backreferences, is left to
//! fancy-regex.

use std::ops::Range;
use std::sync::OnceLock;

use regex_automata::{meta, Anchored, Input};

use super::go::uncapture;
use syntax::{is_zero_width, render, render_item, Flags, Item, Parser};

mod syntax;

/// One look-around assertion, compiled.
#[derive(Debug, Clone)]
struct Look {
    /// Look-behind: `(?:X)\z`, matched on the text before the position.
    /// Look-ahead: `(?:Y)`, matched anchored at the position.
    re: meta::Regex,
    behind: bool,
    negated: bool,
}

impl Look {
    fn holds(&self, text: &str, at: usize) -> bool {
        // A position found in the shadow may fall inside a character.
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let found = if self.behind {
            self.re.is_match(&text[..at])
        } else {
            self.re
                .is_match(Input::new(text).range(at..).anchored(Anchored::Yes))
        };
        found != self.negated
    }
}

/// The guards of one branch, on the capture group wrapping its core.
#[derive(Debug, Clone)]
struct BranchGuard {
    group: usize,
    at_start: Vec<Look>,
    at_end: Vec<Look>,
}

/// A pattern whose look-around is checked outside the regex.
#[derive(Debug, Clone)]
pub struct Guarded {
    /// The core with a group around each guarded branch; its captures are
    /// read over a match's span only, with the text around it in view (so
    /// `\b` and `$` at the match's end mean what they mean in the text).
    core: meta::Regex,
    core_source: String,
    /// The core without capture groups, to find matches: when the DFA
    /// gives up on non-ASCII text, the fallback engine copies every group's
    /// slots at every step, and swap rules have hundreds of groups.
    finder: regex::Regex,
    /// Core group index of each group of the pattern as written (index 0
    /// is the whole match).
    groups: Vec<usize>,
    guards: Vec<BranchGuard>,
    /// The pattern as written, for [`Guarded::exact`].
    source: String,
    /// The pattern anchored where a search resumes (`\G`), with
    /// fancy-regex: where the core's match fails its guards, a
    /// backtracking engine would go on to the next way of matching at the
    /// same place (a later branch, a shorter repetition), and this finds
    /// it. Built the first time a guard fails; `None` when fancy-regex
    /// cannot compile the pattern (a look-behind of varying length).
    exact: OnceLock<Option<fancy_regex::Regex>>,
}

/// A match of a guarded pattern, with its groups numbered as written.
pub struct GuardedMatch {
    pub range: Range<usize>,
    pub groups: Vec<Option<Range<usize>>>,
}

impl Guarded {
    /// Splits `source`; `None` when it has look-around this cannot cut out
    /// (or none at all), backreferences, or does not compile.
    pub fn new(source: &str, build: impl Fn(&str) -> Option<regex::Regex>) -> Option<Guarded> {
        let tree = Parser::new(source).parse()?;
        let mut out = Emitter::default();
        out.branches(&tree, &Flags::default())?;
        if out.guards.is_empty() {
            return None;
        }
        build(&out.core)?;
        let core = meta::Regex::builder()
            .configure(
                meta::Config::new()
                    .nfa_size_limit(Some(super::pattern::SIZE_LIMIT))
                    .onepass_size_limit(Some(super::pattern::SIZE_LIMIT))
                    .dfa_size_limit(Some(super::pattern::SIZE_LIMIT))
                    .hybrid_cache_capacity(super::pattern::SIZE_LIMIT),
            )
            .build(&out.core)
            .ok()?;
        let finder = build(&uncapture(&out.core))?;
        Some(Guarded {
            core,
            core_source: out.core.clone(),
            finder,
            groups: out.groups,
            guards: out.guards,
            // Rendered: braces Go reads as literals come back escaped.
            source: render(&tree),
            exact: OnceLock::new(),
        })
    }

    /// The match at exactly `at` a backtracking engine finds, with its
    /// groups; `None` when there is none (or it cannot be known).
    fn exact_at(&self, real: &str, at: usize) -> Option<GuardedMatch> {
        let exact = self
            .exact
            .get_or_init(|| {
                fancy_regex::RegexBuilder::new(&format!("\\G(?:{})", self.source))
                    .backtrack_limit(super::pattern::BACKTRACK_LIMIT)
                    .delegate_size_limit(super::pattern::SIZE_LIMIT)
                    .delegate_dfa_size_limit(super::pattern::SIZE_LIMIT)
                    .build()
                    .ok()
            })
            .as_ref()?;
        let caps = exact.captures_from_pos(real, at).ok()??;
        let whole = caps.get(0)?;
        (whole.start() == at).then(|| GuardedMatch {
            range: whole.range(),
            groups: (0..self.groups.len())
                .map(|i| caps.get(i).map(|g| g.range()))
                .collect(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.core_source
    }

    pub fn group_count(&self) -> usize {
        self.groups.len() - 1
    }

    /// Every non-overlapping match whose guards hold, leftmost first. The
    /// core searches `text`, which may be the ASCII shadow of `real` (same
    /// offsets); the guards read `real`.
    pub fn matches<'t>(
        &'t self,
        text: &'t str,
        real: &'t str,
    ) -> impl Iterator<Item = GuardedMatch> + 't {
        let mut at = 0;
        std::iter::from_fn(move || {
            while at <= text.len() {
                let m = self.finder.find_at(text, at)?;
                // Captures only over the match: the whole-text capture
                // engines are far slower than the DFA that found it.
                let mut caps = self.core.create_captures();
                self.core.search_captures(
                    &Input::new(text)
                        .span(m.start()..m.end())
                        .anchored(Anchored::Yes),
                    &mut caps,
                );
                let accepted = caps.is_match() && self.guards_hold(real, &caps);
                if !accepted {
                    // The core's first way of matching here fails its
                    // guards; a backtracking engine tries the others.
                    if let Some(other) = self.exact_at(real, m.start()) {
                        at = if other.range.is_empty() {
                            next_char(text, m.start())
                        } else {
                            other.range.end
                        };
                        return Some(other);
                    }
                    at = next_char(text, m.start());
                    continue;
                }
                at = if m.is_empty() {
                    next_char(text, m.start())
                } else {
                    m.end()
                };
                let groups = self
                    .groups
                    .iter()
                    .map(|&g| caps.get_group(g).map(|g| g.range()))
                    .collect();
                return Some(GuardedMatch {
                    range: m.range(),
                    groups,
                });
            }
            None
        })
    }

    fn guards_hold(&self, text: &str, caps: &regex_automata::util::captures::Captures) -> bool {
        self.guards.iter().all(|g| match caps.get_group(g.group) {
            None => true,
            Some(span) => {
                g.at_start.iter().all(|l| l.holds(text, span.start))
                    && g.at_end.iter().all(|l| l.holds(text, span.end))
            }
        })
    }
}

/// `source` with every look-around assertion taken out: it matches
/// wherever `source` does (and more). `None` when there is none, or when
/// the pattern has backreferences.
pub fn without_look_around(source: &str) -> Option<String> {
    fn strip(branches: &[Vec<Item>]) -> String {
        branches
            .iter()
            .map(|b| {
                b.iter()
                    .map(|item| match item {
                        Item::Look { .. } => String::new(),
                        Item::Group { open, branches, .. } => format!("{open}{})", strip(branches)),
                        other => render_item(other),
                    })
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("|")
    }
    let tree = Parser::new(source).parse_nested()?;
    Some(strip(&tree))
}

fn next_char(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(text.len() + 1, |c| at + c.len_utf8())
}

#[derive(Default)]
struct Emitter {
    core: String,
    /// Core group of each group as written; index 0 is the whole match.
    groups: Vec<usize>,
    next_group: usize,
    guards: Vec<BranchGuard>,
}

impl Emitter {
    fn branches(&mut self, branches: &[Vec<Item>], flags: &Flags) -> Option<()> {
        if self.groups.is_empty() {
            self.groups.push(0);
        }
        let mut flags = flags.clone();
        for (i, branch) in branches.iter().enumerate() {
            if i > 0 {
                self.core.push('|');
            }
            flags = self.branch(branch, &flags)?;
        }
        Some(())
    }

    /// Emits one branch; returns the flags in effect after it (a
    /// `(?i)` lasts to the end of its group, across `|`).
    fn branch(&mut self, items: &[Item], flags_in: &Flags) -> Option<Flags> {
        let is_look = |i: &Item| matches!(i, Item::Look { .. });
        let lead = items
            .iter()
            .take_while(|i| is_look(i) || is_zero_width(i))
            .count();
        let trail = items[lead..]
            .iter()
            .rev()
            .take_while(|i| is_look(i) || is_zero_width(i))
            .count();
        let middle = &items[lead..items.len() - trail];
        if middle.iter().any(is_look) {
            return None;
        }
        let mut flags = flags_in.clone();
        let mut at_start = Vec::new();
        let mut at_end = Vec::new();
        let mut kept = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item {
                Item::Look {
                    behind,
                    negated,
                    inner,
                } => {
                    let look = compile_look(*behind, *negated, inner, &flags)?;
                    if i < lead {
                        at_start.push(look);
                    } else {
                        at_end.push(look);
                    }
                }
                Item::SetFlags(spec) => {
                    flags = flags.apply(spec);
                    kept.push(item);
                }
                _ => kept.push(item),
            }
        }
        let guarded = !(at_start.is_empty() && at_end.is_empty());
        if guarded {
            self.next_group += 1;
            self.guards.push(BranchGuard {
                group: self.next_group,
                at_start,
                at_end,
            });
            self.core.push('(');
        }
        // Flags set inside the branch are tracked again as it is emitted.
        let mut inner_flags = flags_in.clone();
        for item in kept {
            inner_flags = self.item(item, &inner_flags)?;
        }
        if guarded {
            self.core.push(')');
        }
        Some(flags)
    }

    fn item(&mut self, item: &Item, flags: &Flags) -> Option<Flags> {
        match item {
            Item::Text(t) => self.core.push_str(t),
            Item::SetFlags(spec) => {
                self.core.push_str(&format!("(?{spec})"));
                return Some(flags.apply(spec));
            }
            Item::Group {
                open,
                capturing,
                flags: own,
                branches,
            } => {
                if *capturing {
                    self.next_group += 1;
                    self.groups.push(self.next_group);
                }
                self.core.push_str(open);
                self.branches(branches, &flags.apply(own))?;
                self.core.push(')');
            }
            Item::Look { .. } => return None,
        }
        Some(flags.clone())
    }
}

fn compile_look(behind: bool, negated: bool, inner: &str, flags: &Flags) -> Option<Look> {
    let source = if behind {
        format!("{}(?:{inner})\\z", flags.prefix())
    } else {
        format!("{}(?:{inner})", flags.prefix())
    };
    let re = meta::Regex::new(&source).ok()?;
    Some(Look {
        re,
        behind,
        negated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guarded(source: &str) -> Guarded {
        Guarded::new(source, |s| regex::Regex::new(s).ok()).expect("splits")
    }

    fn found(source: &str, text: &str) -> Vec<String> {
        guarded(source)
            .matches(text, text)
            .map(|m| text[m.range].to_string())
            .collect()
    }

    #[test]
    fn look_behind_at_a_branch_start() {
        assert_eq!(found(r"\b(?<!-)pm\b", "at 3 pm, not re-pm"), vec!["pm"]);
        assert_eq!(
            found(
                r"(?i)\b(?:(?<!IdM |-)healthcheck|health-check)\b",
                "IdM healthcheck, a HealthCheck and a health-check"
            ),
            vec!["HealthCheck", "health-check"]
        );
    }

    #[test]
    fn variable_length_look_behind() {
        let p = r"(?<!acts? |performs? )like";
        assert_eq!(found(p, "it acts like a cat, I like it"), vec!["like"]);
        assert_eq!(
            found(
                r"(?<!.*-|program )operators",
                "C-operators, program operators, operators"
            ),
            vec!["operators"]
        );
    }

    #[test]
    fn look_ahead_at_a_branch_end() {
        assert_eq!(
            found(
                r"bare-metal(?! nodes?| hosts?)",
                "bare-metal nodes and bare-metal rigs"
            ),
            vec!["bare-metal"]
        );
        assert_eq!(
            found(
                r"(?<= )for instance(?=,)",
                "so for instance, for instance x"
            ),
            vec!["for instance"]
        );
    }

    #[test]
    fn groups_keep_their_numbers_as_written() {
        let g = guarded(r"\b(?:(a lot)|((?<!-)pm)|(xx))\b");
        assert_eq!(g.group_count(), 3);
        let text = "xx and pm";
        let ms: Vec<_> = g.matches(text, text).collect();
        assert_eq!(ms.len(), 2);
        assert_eq!(ms[0].groups[3], Some(0..2));
        assert_eq!(ms[1].groups[2], Some(7..9));
    }

    #[test]
    fn a_brace_that_is_not_a_count_is_a_literal() {
        assert_eq!(
            found(r"\b(?<!-|.|{)env\b", "env, {env and x-env"),
            vec!["env"]
        );
    }

    /// regexp2 (Vale's engine) backtracks: when a branch's look-around
    /// fails, the later branches, and shorter repetitions of the same
    /// branch, are tried at the same position (`V:internal/check/
    /// substitution.go` and `existence.go` search with regexp2's
    /// `FindStringMatch`), as fancy-regex does.
    #[test]
    fn a_failed_guard_lets_later_branches_match_at_the_same_place() {
        assert_eq!(
            found(r"(?:a SQL(?! server)|a SQL server)", "Use a SQL server"),
            vec!["a SQL server"]
        );
        assert_eq!(
            found(
                r"\b(?:(a SQL(?! server))|(a SQL server))\b",
                "Use a SQL server, a SQL db"
            ),
            vec!["a SQL server", "a SQL"]
        );
        assert_eq!(found(r"a+(?!b)", "aaab"), vec!["aa"]);
        // The groups are read with the text after the match in view: `\b`
        // after the space holds before `x`, not at the end of `a `.
        assert_eq!(found(r"\b(?: ?|a(?=a))\b", "a x"), vec!["", " ", "", ""]);
        assert_eq!(found(r"(?:(?<=x)ab|a)", "xab yab"), vec!["ab", "a"]);
    }

    mod against_fancy_regex {
        use super::*;
        use proptest::prelude::*;

        /// A piece of a branch: text (maybe repeated) or a group of
        /// branches.
        fn atom() -> impl Strategy<Value = String> {
            let text = prop_oneof![
                Just("a".to_string()),
                Just("b".to_string()),
                Just("a b".to_string()),
                Just(" ".to_string()),
                Just("[ab]".to_string()),
                Just("\\w".to_string()),
            ];
            let rep = prop_oneof![
                3 => Just(""),
                1 => Just("+"),
                1 => Just("?"),
                1 => Just("*"),
                1 => Just("+?"),
                1 => Just("{1,2}"),
            ];
            (text, rep).prop_map(|(t, r)| {
                if r.is_empty() || t.len() == 1 || t.starts_with(['[', '\\']) {
                    format!("{t}{r}")
                } else {
                    format!("(?:{t}){r}")
                }
            })
        }

        fn look() -> impl Strategy<Value = String> {
            let kind = prop_oneof![Just("="), Just("!"), Just("<="), Just("<!")];
            let inner = prop_oneof![
                Just("a"),
                Just("b"),
                Just(" "),
                Just("a b"),
                Just("[ab]"),
                Just("b|a "),
                Just("x"),
            ];
            (kind, inner).prop_map(|(k, i)| format!("(?{k}{i})"))
        }

        /// A branch with look-around only at its edges (what the guards
        /// take), so every generated pattern is guarded.
        fn branch() -> impl Strategy<Value = String> {
            (
                prop::option::of(look()),
                prop::collection::vec(atom(), 1..4),
                prop::option::of(look()),
            )
                .prop_map(|(l, body, r)| {
                    format!(
                        "{}{}{}",
                        l.unwrap_or_default(),
                        body.concat(),
                        r.unwrap_or_default()
                    )
                })
        }

        /// A match and its groups.
        type Found = (Range<usize>, Vec<Option<Range<usize>>>);

        fn pattern() -> impl Strategy<Value = String> {
            (
                prop::collection::vec((branch(), any::<bool>()), 1..5),
                any::<bool>(),
                "(|x|a )",
            )
                .prop_map(|(branches, word, tail)| {
                    let alts: Vec<String> = branches
                        .into_iter()
                        .map(|(b, capture)| if capture { format!("({b})") } else { b })
                        .collect();
                    let body = format!("(?:{})", alts.join("|"));
                    if word {
                        format!("\\b{body}\\b{tail}")
                    } else {
                        format!("{body}{tail}")
                    }
                })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(1000))]
            /// The guarded pattern finds what fancy-regex (a backtracking
            /// engine, as Vale's regexp2 is) finds, groups included.
            #[test]
            fn guarded_matches_are_fancy_regexs(p in pattern(), text in "[ab x]{0,12}") {
                let Some(g) = Guarded::new(&p, |s| regex::Regex::new(s).ok()) else {
                    return Ok(());
                };
                let fancy = fancy_regex::Regex::new(&p).unwrap();
                let want: Vec<Found> = fancy
                    .captures_iter(&text)
                    .map(|c| {
                        let c = c.unwrap();
                        let groups = c.iter().map(|g| g.map(|g| g.range())).collect();
                        (c.get(0).unwrap().range(), groups)
                    })
                    .filter(|(r, _)| !r.is_empty())
                    .collect();
                let got: Vec<Found> = g
                    .matches(&text, &text)
                    .map(|m| (m.range, m.groups))
                    .filter(|(r, _)| !r.is_empty())
                    .collect();
                prop_assert_eq!(got, want, "pattern {} on {:?}", p, text);
            }
        }
    }

    #[test]
    fn flags_reach_the_guards() {
        assert_eq!(
            found(r"(?i)(?<!mozilla )firefox", "Mozilla Firefox and FIREFOX"),
            vec!["FIREFOX"]
        );
    }

    #[test]
    fn look_around_taken_out_leaves_a_wider_pattern() {
        assert_eq!(
            without_look_around(r"^- x:[^\n]*(?<!GitLab )(Self|Dedicated)(?=\b)").as_deref(),
            Some(r"^- x:[^\n]*(Self|Dedicated)")
        );
        assert_eq!(without_look_around(r"a(?<!b(?=c))d").as_deref(), Some("ad"));
        assert_eq!(without_look_around(r"(a)\1(?!x)"), None);
        assert_eq!(without_look_around(r"plain"), None);
    }

    #[test]
    fn middle_look_around_and_backreferences_are_left_alone() {
        let build = |s: &str| regex::Regex::new(s).ok();
        assert!(Guarded::new(r"a(?=b)c", build).is_none());
        assert!(Guarded::new(r"(\w+) \1(?!x)", build).is_none());
        assert!(Guarded::new(r"plain|words", build).is_none());
        assert!(Guarded::new(r"(?<!a(?=b))c", build).is_none());
    }
}
