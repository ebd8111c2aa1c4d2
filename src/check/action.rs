//! Vale's `action:` metadata turned into replacement suggestions.

use crate::styles::Action;

/// What `action` suggests for `matched`, or nothing (e.g. `suggest`, which
/// needs a spelling dictionary or a script).
pub fn suggestions(action: &Action, matched: &str) -> Vec<String> {
    let p = |i: usize| action.params.get(i).map(String::as_str).unwrap_or("");
    match action.name.as_str() {
        "replace" => action.params.clone(),
        "remove" => vec![String::new()],
        "convert" if p(0) == "simple" => vec![matched.to_lowercase()],
        "edit" => {
            let edited = match p(0) {
                "regex" => match regex::Regex::new(p(1)) {
                    Ok(re) => re.replace_all(matched, p(2)).into_owned(),
                    Err(_) => matched.to_string(),
                },
                "trim_right" => matched.trim_end_matches(|c| p(1).contains(c)).to_string(),
                "trim_left" => matched.trim_start_matches(|c| p(1).contains(c)).to_string(),
                "trim" => matched.trim_matches(|c| p(1).contains(c)).to_string(),
                "truncate" => matched.split(p(1)).next().unwrap_or(matched).to_string(),
                "split" => {
                    let idx: usize = p(2).parse().unwrap_or(0);
                    matched.split(p(1)).nth(idx).unwrap_or(matched).to_string()
                }
                // Vale returns the match for unknown sub-commands.
                _ => matched.to_string(),
            };
            vec![edited.trim().to_string()]
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn act(name: &str, params: &[&str]) -> Action {
        Action {
            name: name.into(),
            params: params.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn edits() {
        assert_eq!(
            suggestions(&act("edit", &["truncate", " "]), "the the"),
            vec!["the"]
        );
        assert_eq!(
            suggestions(&act("edit", &["regex", "(\\w+)ize", "${1}ise"]), "realize"),
            vec!["realise"]
        );
        assert_eq!(
            suggestions(&act("edit", &["trim_right", ".?!"]), "Hi!"),
            vec!["Hi"]
        );
        assert_eq!(
            suggestions(&act("edit", &["split", "/", "1"]), "a/b"),
            vec!["b"]
        );
        assert_eq!(suggestions(&act("remove", &[]), "very"), vec![""]);
        assert_eq!(
            suggestions(&act("replace", &["a", "b"]), "x"),
            vec!["a", "b"]
        );
        assert!(suggestions(&act("suggest", &["spellings"]), "x").is_empty());
    }
}
