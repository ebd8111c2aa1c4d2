//! Go's RE2 syntax where Rust's `regex` reads it differently: what Vale's
//! patterns are written in.

/// Go's RE2 reads a `-` next to a class escape (`[\w-_]`) as a literal;
/// Rust rejects it as a range. Escapes such dashes, or `None` when there
/// is none.
pub(super) fn go_class_ranges(source: &str) -> Option<String> {
    let mut out = String::with_capacity(source.len() + 4);
    let mut chars = source.chars().peekable();
    let mut in_class = false;
    let mut after_class_escape = false;
    let mut changed = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                let Some(next) = chars.next() else { break };
                out.push(next);
                after_class_escape = in_class && "dDwWsS".contains(next);
                continue;
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '-' if in_class
                && (after_class_escape || (chars.peek() == Some(&'\\') && !out.ends_with('['))) =>
            {
                out.push_str("\\-");
                changed = true;
                after_class_escape = false;
                continue;
            }
            _ => {}
        }
        after_class_escape = false;
        out.push(c);
    }
    changed.then_some(out)
}

/// Rewrites capturing groups `(` to non-capturing `(?:`, so that group *i*
/// of a joined pattern is entry *i* (Vale does the same).
pub fn uncapture(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` right after `[` or `[^` is literal.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().expect("peeked"));
                }
                if chars.peek() == Some(&']') {
                    out.push(chars.next().expect("peeked"));
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '(' if !in_class => {
                if chars.peek() == Some(&'?') {
                    out.push('(');
                } else {
                    out.push_str("(?:");
                }
            }
            _ => out.push(c),
        }
    }
    out
}
