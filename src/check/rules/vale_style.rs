//! Vale's built-in `Vale` style: Spelling (the embedded English
//! dictionary), Repetition, and Terms and Avoid from the vocabularies.

use std::sync::Arc;

use super::{existence, repetition, spelling, substitution, Definition, RuleDef};
use crate::diagnostic::Severity;
use crate::styles::{Action, Examples, Origin, Rule, RuleSource};

pub const STYLE: &str = "Vale";

/// The `Vale` rules for these vocabulary lists.
pub fn rules(accept: &[String], reject: &[String]) -> Vec<RuleDef> {
    let mut rules = vec![
        rule(
            "Spelling",
            "spelling",
            "Did you really mean '%s'?",
            Some(Action {
                name: "suggest".into(),
                params: vec!["spellings".into()],
            }),
            Definition::Spelling(spelling::Definition {
                builtin: true,
                ..spelling::Definition::default()
            }),
        ),
        rule(
            "Repetition",
            "repetition",
            "'%s' is repeated!",
            Some(Action {
                name: "edit".into(),
                params: vec!["truncate".into(), " ".into()],
            }),
            Definition::Repetition(repetition::Definition {
                tokens: vec![r"[^\s.!?]+".into()],
                max: 0,
                alpha: true,
                ignorecase: true,
                exceptions: Vec::new(),
                vocab: true,
            }),
        ),
    ];
    if !accept.is_empty() {
        rules.push(rule(
            "Terms",
            "substitution",
            "Use '%s' instead of '%s'.",
            None,
            Definition::Substitution(substitution::Definition {
                swap: terms_swap(accept),
                ignorecase: true,
                nonword: false,
                exceptions: Vec::new(),
                vocab: false,
                capitalize: false,
                context: None,
                pos: None,
            }),
        ));
    }
    if !reject.is_empty() {
        rules.push(rule(
            "Avoid",
            "existence",
            "Avoid using '%s'.",
            None,
            Definition::Existence(existence::Definition {
                tokens: reject.to_vec(),
                raw: Vec::new(),
                append: false,
                ignorecase: false,
                nonword: false,
                exceptions: Vec::new(),
                vocab: false,
                context: None,
                pos: None,
            }),
        ));
    }
    rules
}

/// `Vale.Terms`'s swap: each accepted term keyed by its lower case; when
/// two terms share a key (`definately` in one vocabulary, `Definately` in
/// the next), the later one wins, as in Vale's map.
fn terms_swap(accept: &[String]) -> Vec<(String, String)> {
    let mut swap: Vec<(String, String)> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for term in accept {
        let key = term.to_lowercase();
        match at.get(&key) {
            Some(&i) => swap[i].1 = term.clone(),
            None => {
                at.insert(key.clone(), swap.len());
                swap.push((key, term.clone()));
            }
        }
    }
    swap
}

fn rule(
    name: &str,
    extends: &'static str,
    message: &str,
    action: Option<Action>,
    definition: Definition,
) -> RuleDef {
    Rule {
        id: format!("{STYLE}.{name}"),
        style: STYLE.into(),
        origin: Origin::Generated,
        extends,
        level: Severity::Error,
        message: message.into(),
        description: String::new(),
        scope: Vec::new(),
        link: None,
        limit: None,
        action,
        fix: None,
        examples: Examples::default(),
        definition,
        source: RuleSource {
            path: format!("<built-in {STYLE}.{name}>"),
            text: Arc::from(""),
        },
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_later_vocabulary_term_wins() {
        let accept = ["definately", "IDEA", "Definately"].map(String::from);
        assert_eq!(
            super::terms_swap(&accept),
            [
                ("definately".to_string(), "Definately".to_string()),
                ("idea".into(), "IDEA".into())
            ]
        );
    }
}
