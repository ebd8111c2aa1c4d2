//! What a rule reports about one unit, before it is placed in the file
//! and becomes a [`Diagnostic`].

use std::ops::Range;

use super::action::suggestions;
use super::message::{format_message, to_sentence};
use super::rules::{CompiledRule, RuleDef};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::document::Document;

/// A rule's raw result.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Byte range in the unit's text; in the file once mapped.
    pub range: Range<usize>,
    /// `%s` arguments for the message.
    pub args: Vec<String>,
    /// Replacement options for the fix, best first.
    pub replacements: Vec<String>,
    /// Applicability when the rule does not set `fix:`.
    pub default_fix: Applicability,
    /// The message template to use (the rule's, or Vale's rewrite of it).
    pub message: Option<String>,
}

/// A finding with nothing to suggest.
pub fn plain(range: Range<usize>, args: Vec<String>) -> Finding {
    Finding {
        range,
        args,
        replacements: Vec::new(),
        default_fix: Applicability::Safe,
        message: None,
    }
}

/// A finding whose fix and second message argument come from `action:`.
pub fn with_action(
    def: &RuleDef,
    range: Range<usize>,
    matched: &str,
    mut args: Vec<String>,
) -> Finding {
    let Some(action) = &def.action else {
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
    }
}

/// Vale's `IsCode`: text masked as code (`*`) or as already read (`@`), or
/// nothing but white space.
pub fn is_code_like(text: &str) -> bool {
    text.chars()
        .all(|c| c == '*' || c == '@' || c.is_whitespace())
}

/// `replacement` in the case of `observed`: all capitals, or a capital first.
pub fn match_case(observed: &str, replacement: &str) -> String {
    let letters: Vec<char> = observed.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        replacement.to_uppercase()
    } else if letters.first().is_some_and(|c| c.is_uppercase()) {
        let mut chars = replacement.chars();
        match chars.next() {
            Some(c) => c.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    } else {
        replacement.to_string()
    }
}

/// A finding placed in the file, as the diagnostic every front end shows.
pub fn diagnostic(doc: &Document, rule: &CompiledRule, f: Finding) -> Diagnostic {
    let args: Vec<&str> = f.args.iter().map(String::as_str).collect();
    let template = f.message.as_deref().unwrap_or(&rule.def.message);
    let message = format_message(template, &args);
    let fix = f.replacements.first().map(|first| {
        let applicability = rule.def.fix.unwrap_or(if f.replacements.len() > 1 {
            Applicability::DisplayOnly
        } else {
            f.default_fix
        });
        let mut range = f.range.clone();
        if first.is_empty() {
            // Removing a word takes one following space with it.
            if doc.source[range.end..].starts_with(' ') {
                range.end += 1;
            }
        }
        Fix {
            applicability,
            edits: vec![Edit {
                range: range.into(),
                replacement: first.clone(),
            }],
        }
    });
    Diagnostic {
        rule: rule.def.id.clone(),
        severity: rule.level,
        message,
        range: f.range.into(),
        link: rule.def.link.clone(),
        fix,
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
    fn case_follows_the_observed_word() {
        assert_eq!(match_case("Costumer", "customer"), "Customer");
        assert_eq!(match_case("COSTUMER", "customer"), "CUSTOMER");
        assert_eq!(match_case("costumer", "customer"), "customer");
    }
}
