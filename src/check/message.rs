//! Vale's message formatting: Go's `Sprintf` with the quirks styles rely on.

/// Fills `%s`, `%d`, `%v`, `%q` and `%[n]s` slots with `args` in order;
/// extra arguments are swallowed (Vale appends a catch-all), missing ones
/// print as Go does. Newlines become spaces.
pub fn format_message(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut next = 0usize;
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(if c == '\n' { ' ' } else { c });
            continue;
        }
        // Explicit index: %[2]s
        let mut index = None;
        if chars.peek() == Some(&'[') {
            let mut digits = String::new();
            let mut probe = chars.clone();
            probe.next();
            while let Some(&d) = probe.peek() {
                if d.is_ascii_digit() {
                    digits.push(d);
                    probe.next();
                } else {
                    break;
                }
            }
            if probe.peek() == Some(&']') && !digits.is_empty() {
                probe.next();
                chars = probe;
                index = digits.parse::<usize>().ok().map(|n| n.saturating_sub(1));
            }
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some(verb @ ('s' | 'd' | 'v' | 'q')) => {
                let i = index.unwrap_or(next);
                next = i + 1;
                // A match that spans a line break reads as one line.
                let arg = args.get(i).map(|a| {
                    if a.contains('\n') {
                        a.split_whitespace().collect::<Vec<_>>().join(" ")
                    } else {
                        a.to_string()
                    }
                });
                match arg {
                    Some(a) if verb == 'q' => out.push_str(&format!("{a:?}")),
                    Some(a) => out.push_str(&a),
                    None => out.push_str(&format!("%!{verb}(MISSING)")),
                }
            }
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}

/// `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'` (Vale's `ToSentence`).
pub fn to_sentence(options: &[String], conjunction: &str) -> String {
    let quoted: Vec<String> = options.iter().map(|o| format!("'{o}'")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!(
            "{} {conjunction} {}",
            quoted[..n - 1].join(", "),
            quoted[n - 1]
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_printf_subset() {
        assert_eq!(
            format_message("Use '%s' instead of '%s'.", &["a", "b"]),
            "Use 'a' instead of 'b'."
        );
        assert_eq!(format_message("Only %s", &["a", "b"]), "Only a");
        assert_eq!(format_message("%[2]s then %[1]s", &["a", "b"]), "b then a");
        assert_eq!(format_message("100%% sure: %s", &["x"]), "100% sure: x");
        assert_eq!(format_message("%s and %s", &["x"]), "x and %!s(MISSING)");
        assert_eq!(format_message("count %d", &["3"]), "count 3");
        assert_eq!(format_message("two\nlines", &[]), "two lines");
        assert_eq!(
            format_message("'%s'", &["every\n  clientele"]),
            "'every clientele'"
        );
    }

    #[test]
    fn sentences_of_options() {
        let o = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(to_sentence(&o(&["a"]), "or"), "'a'");
        assert_eq!(to_sentence(&o(&["a", "b", "c"]), "or"), "'a', 'b' or 'c'");
    }
}
