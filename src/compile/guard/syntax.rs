//! The regex syntax the guards need: a pattern read into branches of
//! items (text, groups, flag changes, look-around), and written back.

/// Regex flags in effect at a point, for compiling a guard on its own.
#[derive(Debug, Clone, Default)]
pub(super) struct Flags(String);

impl Flags {
    pub(super) fn apply(&self, spec: &str) -> Flags {
        let mut set: Vec<char> = self.0.chars().collect();
        let (on, off) = spec.split_once('-').unwrap_or((spec, ""));
        set.retain(|c| !off.contains(*c));
        for c in on.chars() {
            if !set.contains(&c) {
                set.push(c);
            }
        }
        Flags(set.into_iter().collect())
    }

    pub(super) fn prefix(&self) -> String {
        if self.0.is_empty() {
            String::new()
        } else {
            format!("(?{})", self.0)
        }
    }
}

#[derive(Debug)]
pub(super) enum Item {
    /// Source text kept as written (a literal, class, escape, repetition).
    Text(String),
    /// `(?flags)`: changes the flags for the rest of the enclosing group.
    SetFlags(String),
    Group {
        /// The opening as written: `(`, `(?:`, `(?i:`, `(?P<name>`.
        open: String,
        capturing: bool,
        /// Flags the group sets for its inside (`(?i:`).
        flags: String,
        branches: Vec<Vec<Item>>,
    },
    Look {
        behind: bool,
        negated: bool,
        /// The assertion's own pattern, as written.
        inner: String,
    },
}

pub(super) struct Parser<'a> {
    src: &'a str,
    at: usize,
    /// Whether the pattern has look-around at all (else nothing to do).
    looks: bool,
    /// Whether look-around may nest (only to take it all out).
    nested: bool,
}

impl<'a> Parser<'a> {
    pub(super) fn new(src: &'a str) -> Parser<'a> {
        Parser {
            src,
            at: 0,
            looks: false,
            nested: false,
        }
    }

    pub(super) fn parse_nested(mut self) -> Option<Vec<Vec<Item>>> {
        self.nested = true;
        self.parse()
    }

    pub(super) fn parse(mut self) -> Option<Vec<Vec<Item>>> {
        let tree = self.branches()?;
        (self.at == self.src.len() && self.looks).then_some(tree)
    }

    pub(super) fn rest(&self) -> &'a str {
        &self.src[self.at..]
    }

    /// Branches up to a closing `)` (not consumed) or the end.
    pub(super) fn branches(&mut self) -> Option<Vec<Vec<Item>>> {
        let mut branches = vec![Vec::new()];
        while let Some(c) = self.rest().chars().next() {
            match c {
                ')' => break,
                '|' => {
                    self.at += 1;
                    branches.push(Vec::new());
                }
                '(' => {
                    let item = self.group()?;
                    branches.last_mut()?.push(item);
                }
                '[' => {
                    let len = class_len(self.rest())?;
                    let text = self.rest()[..len].to_string();
                    self.at += len;
                    self.push_text(&mut branches, text);
                }
                '\\' => {
                    let next = self.rest()[1..].chars().next()?;
                    // Backreferences need the backtracking engine.
                    if next.is_ascii_digit() || next == 'k' {
                        return None;
                    }
                    let len = 1 + escape_len(&self.rest()[1..])?;
                    let text = self.rest()[..len].to_string();
                    self.at += len;
                    self.push_text(&mut branches, text);
                }
                // Go reads a `{` that is not a counted repetition as a
                // literal (`(?<!-|{)env`); Rust needs it escaped.
                '{' if !is_counted(self.rest())
                    || !matches!(
                        branches.last()?.last(),
                        Some(Item::Text(_) | Item::Group { .. })
                    ) =>
                {
                    self.at += 1;
                    self.push_text(&mut branches, "\\{".to_string());
                }
                '*' | '+' | '?' | '{' => {
                    // A repeated look-around or flag group makes no sense
                    // to cut out; leave such patterns to fancy-regex.
                    if !matches!(
                        branches.last()?.last(),
                        Some(Item::Text(_) | Item::Group { .. })
                    ) {
                        return None;
                    }
                    let len = repetition_len(self.rest());
                    let text = self.rest()[..len].to_string();
                    self.at += len;
                    self.push_text(&mut branches, text);
                }
                _ => {
                    self.at += c.len_utf8();
                    self.push_text(&mut branches, c.to_string());
                }
            }
        }
        Some(branches)
    }

    /// Appends to the last item when it is text, so a repetition stays
    /// with what it repeats.
    pub(super) fn push_text(&self, branches: &mut [Vec<Item>], text: String) {
        let Some(branch) = branches.last_mut() else {
            return;
        };
        match branch.last_mut() {
            Some(Item::Text(t)) if text.starts_with(['*', '+', '?', '{']) => t.push_str(&text),
            Some(Item::Group { .. }) if text.starts_with(['*', '+', '?', '{']) => {
                // A repeated group: keep it whole as text.
                let Some(Item::Group {
                    open,
                    branches: inner,
                    ..
                }) = branch.pop()
                else {
                    return;
                };
                let mut whole = open;
                whole.push_str(&render(&inner));
                whole.push(')');
                whole.push_str(&text);
                branch.push(Item::Text(whole));
            }
            _ => branch.push(Item::Text(text)),
        }
    }

    pub(super) fn group(&mut self) -> Option<Item> {
        let rest = self.rest();
        let (open_len, kind) = if let Some(r) = rest.strip_prefix("(?") {
            if let Some(look) = ["<=", "<!", "=", "!"].iter().find(|p| r.starts_with(**p)) {
                (2 + look.len(), Some(*look))
            } else if r.starts_with("P<") || (r.starts_with('<') && !r.starts_with("<=")) {
                (2 + r.find('>')? + 1, None)
            } else {
                // Flags: `(?i)` or `(?i:`.
                let end = r.find([')', ':'])?;
                let spec = &r[..end];
                if !spec.chars().all(|c| "imsU-".contains(c)) {
                    return None;
                }
                if r[end..].starts_with(')') {
                    self.at += 2 + end + 1;
                    return Some(Item::SetFlags(spec.to_string()));
                }
                let open = rest[..2 + end + 1].to_string();
                self.at += open.len();
                let branches = self.branches()?;
                self.close()?;
                return Some(Item::Group {
                    open,
                    capturing: false,
                    flags: spec.to_string(),
                    branches,
                });
            }
        } else {
            (1, None)
        };
        let open = rest[..open_len].to_string();
        self.at += open_len;
        match kind {
            Some(look) => {
                let inner = self.branches()?;
                // Nested look-around inside an assertion: fancy-regex's job.
                if !self.nested && inner.iter().flatten().any(has_look) {
                    return None;
                }
                // Rendered, not sliced: literal braces come back escaped.
                let text = render(&inner);
                self.close()?;
                self.looks = true;
                Some(Item::Look {
                    behind: look.starts_with('<'),
                    negated: look.ends_with('!'),
                    inner: text,
                })
            }
            None => {
                let branches = self.branches()?;
                self.close()?;
                Some(Item::Group {
                    open,
                    capturing: true,
                    flags: String::new(),
                    branches,
                })
            }
        }
    }

    pub(super) fn close(&mut self) -> Option<()> {
        self.rest().starts_with(')').then(|| self.at += 1)
    }
}

pub(super) fn has_look(item: &Item) -> bool {
    match item {
        Item::Look { .. } => true,
        Item::Group { branches, .. } => branches.iter().flatten().any(has_look),
        _ => false,
    }
}

pub(super) fn render(branches: &[Vec<Item>]) -> String {
    branches
        .iter()
        .map(|b| b.iter().map(render_item).collect::<String>())
        .collect::<Vec<_>>()
        .join("|")
}

pub(super) fn render_item(item: &Item) -> String {
    match item {
        Item::Text(t) => t.clone(),
        Item::SetFlags(f) => format!("(?{f})"),
        Item::Group { open, branches, .. } => format!("{open}{})", render(branches)),
        Item::Look {
            behind,
            negated,
            inner,
        } => {
            let kind = match (behind, negated) {
                (true, true) => "<!",
                (true, false) => "<=",
                (false, true) => "!",
                (false, false) => "=",
            };
            format!("(?{kind}{inner})")
        }
    }
}

/// Length of a character class starting at `[`, nested classes included.
pub(super) fn class_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut depth = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' => {
                depth += 1;
                // `[]` or `[^]` at the start: the `]` is a literal.
                if bytes.get(i + 1) == Some(&b'^') {
                    i += 1;
                }
                if bytes.get(i + 1) == Some(&b']') {
                    i += 1;
                }
            }
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Length of an escape after its backslash: `\pL`, `\p{Greek}`, `\x{41}`.
pub(super) fn escape_len(s: &str) -> Option<usize> {
    let c = s.chars().next()?;
    let braced = |s: &str| s.find('}').map(|e| e + 1);
    match c {
        'p' | 'P' | 'x' | 'u' | 'U' if s[1..].starts_with('{') => braced(s).map(|n| n.max(1)),
        'p' | 'P' => Some(1 + s[1..].chars().next()?.len_utf8()),
        'x' => Some(3.min(s.len())),
        _ => Some(c.len_utf8()),
    }
}

/// Whether `s` starts with `{n}`, `{n,}` or `{n,m}`.
pub(super) fn is_counted(s: &str) -> bool {
    let Some(end) = s.find('}') else {
        return false;
    };
    let inner = &s[1..end];
    let (min, max) = inner.split_once(',').unwrap_or((inner, "0"));
    let digits = |d: &str| d.trim().chars().all(|c| c.is_ascii_digit());
    !min.trim().is_empty() && digits(min) && digits(max)
}

/// Length of a repetition operator with its laziness mark.
pub(super) fn repetition_len(s: &str) -> usize {
    let base = if s.starts_with('{') {
        s.find('}').map_or(1, |e| e + 1)
    } else {
        1
    };
    base + usize::from(s[base..].starts_with('?'))
}

/// Items that match the empty string at a position and may sit between
/// a branch edge and its look-around (`\b(?<!-)pm`).
pub(super) fn is_zero_width(item: &Item) -> bool {
    matches!(item, Item::Text(t) if matches!(t.as_str(), "\\b" | "^" | "$" | "\\A" | "\\z"))
        || matches!(item, Item::SetFlags(_))
}
