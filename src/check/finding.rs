//! What a rule reports about one unit, before it is placed in the file
//! and becomes a [`Diagnostic`].

use std::ops::Range;

use super::action::suggestions;
use super::edit::{capped, fit, Fitted};
use super::message::{format_message, to_sentence};
use super::rules::{CompiledRule, RuleDef};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::document::Document;
use crate::styles::Origin;

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
    // The message says what Vale's suggestion says.
    let suggested = suggestions(action, matched);
    if !suggested.is_empty() {
        args.push(if suggested.len() == 1 {
            suggested[0].clone()
        } else {
            to_sentence(&suggested, "or")
        });
    }
    // The fix edits the match without the white space a pattern took
    // along (`\w+!(?:\s|$)`): Vale trims `Great! ` as a whole and its
    // `trim_right` then finds no `!` at the end; the space stays where it
    // is either way.
    let replacements = if action.name == "edit" && matched.trim() != matched {
        suggestions(action, matched.trim())
    } else {
        suggested
    };
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
    let fix = f.replacements.first().and_then(|first| {
        let applicability = rule.def.fix.unwrap_or(if f.replacements.len() > 1 {
            Applicability::DisplayOnly
        } else {
            default_applicability(rule, f.default_fix)
        });
        match fit(doc, f.range.clone(), first) {
            Fitted::NoFix => None,
            Fitted::Edit {
                range,
                replacement,
                unsafe_only,
            } => Some(Fix {
                applicability: capped(applicability, unsafe_only),
                edits: vec![Edit { range, replacement }],
            }),
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

/// How freely a rule's fix applies when the rule does not say (`fix:`):
/// a published package (written by others, for people to review each
/// suggestion) never rewrites text unasked; the user's own styles, the
/// built-in ones and the configuration's `Vale` rules keep the type's
/// default.
fn default_applicability(rule: &CompiledRule, default: Applicability) -> Applicability {
    match (&rule.def.origin, default) {
        (Origin::Package(_), Applicability::Safe) => Applicability::Unsafe,
        (_, default) => default,
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
