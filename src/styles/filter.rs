//! Vale's `--filter`: an [expr](https://expr-lang.org/) expression over
//! each rule's `.Name`, `.Level`, `.Scope`, `.Message`, `.Description`,
//! `.Extends` and `.Link`; only the rules it holds true for run. Given as
//! the expression itself, a file, or a file name in
//! `<StylesPath>/config/filters/`.

use std::collections::HashSet;
use std::path::PathBuf;

use expr::{Context, Value};
use indexmap::IndexMap;

use crate::diagnostic::Severity;
use crate::styles::Rule;

/// Why a `--filter` cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum FilterError {
    #[error("--filter: cannot read {}: {error}", path.display())]
    Unreadable {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("--filter: `{expression}` is not a valid expression: {message}")]
    Invalid { expression: String, message: String },
    #[error("--filter: `{expression}` failed: {message}")]
    Failed { expression: String, message: String },
}

#[derive(Debug, Clone)]
pub struct RuleFilter {
    /// The expression as written.
    pub source: String,
    /// `filter(Rules, {…})` with Vale's `.Field` written as expr's `#.Field`.
    program: String,
}

impl RuleFilter {
    /// `arg` is a file (as given, or in a styles folder's
    /// `config/filters/`) or else the expression.
    pub fn new(arg: &str, styles_paths: &[PathBuf]) -> Result<RuleFilter, FilterError> {
        let file = std::iter::once(PathBuf::from(arg))
            .chain(
                styles_paths
                    .iter()
                    .map(|p| p.join("config").join("filters").join(arg)),
            )
            .find(|p| p.is_file());
        let source = match file {
            Some(path) => crate::text::file::read_to_string(&path)
                .map_err(|error| FilterError::Unreadable { path, error })?,
            None => arg.to_string(),
        };
        let source = source.trim().to_string();
        let program = format!("filter(Rules, {{{}}})", with_current_element(&source));
        expr::compile(&program).map_err(|e| FilterError::Invalid {
            expression: source.clone(),
            message: e.to_string(),
        })?;
        Ok(RuleFilter { source, program })
    }

    /// Whether the expression looks at levels: then Vale lets it decide
    /// which levels show, whatever `MinAlertLevel` says.
    pub fn names_level(&self) -> bool {
        self.program.contains("#.Level")
    }

    /// The ids of the rules in `rules` (with their levels in effect) that
    /// the expression keeps.
    pub fn keep<D>(&self, rules: &[(Rule<D>, Severity)]) -> Result<HashSet<String>, FilterError> {
        let values = rules
            .iter()
            .map(|(def, level)| rule_value(def, *level))
            .collect();
        let mut ctx = Context::default();
        ctx.insert("Rules", Value::Array(values));
        let kept = expr::eval(&self.program, &ctx).map_err(|e| FilterError::Failed {
            expression: self.source.clone(),
            message: e.to_string(),
        })?;
        let Value::Array(kept) = kept else {
            return Ok(HashSet::new());
        };
        Ok(kept
            .into_iter()
            .filter_map(|rule| match rule {
                Value::Map(mut fields) => match fields.swap_remove("Name") {
                    Some(Value::String(name)) => Some(name),
                    _ => None,
                },
                _ => None,
            })
            .collect())
    }
}

fn rule_value<D>(def: &Rule<D>, level: Severity) -> Value {
    let scope = if def.scope.is_empty() {
        vec![Value::from("text")]
    } else {
        def.scope.iter().map(Value::from).collect()
    };
    let fields: IndexMap<String, Value> = [
        ("Name", Value::from(&def.id)),
        ("Level", Value::from(level.as_str())),
        ("Scope", Value::Array(scope)),
        ("Message", Value::from(&def.message)),
        ("Description", Value::from(&def.description)),
        ("Extends", Value::from(def.extends)),
        ("Link", Value::from(def.link.clone().unwrap_or_default())),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    Value::Map(fields)
}

/// Vale's filters write a rule's field as `.Name` (Go expr's shorthand for
/// the current element); the Rust port spells it `#.Name`. A `.` that
/// starts an operand, outside string literals, gets the `#`.
fn with_current_element(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 8);
    let mut quote: Option<char> = None;
    let mut prev: Option<char> = None;
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q && prev != Some('\\') => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' || c == '`' => quote = Some(c),
            None if c == '.'
                && chars.peek().is_some_and(|n| n.is_ascii_alphabetic())
                && prev.is_none_or(|p| p.is_whitespace() || "([{,!&|=<>+-*/%?:".contains(p)) =>
            {
                out.push('#');
            }
            None => {}
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_dot_names_the_rule_outside_strings() {
        assert_eq!(
            with_current_element(".Level in ['a.b'] and .Name != \".x\" && (.Scope)"),
            "#.Level in ['a.b'] and #.Name != \".x\" && (#.Scope)"
        );
        assert_eq!(
            with_current_element("\"heading\" in .Scope"),
            "\"heading\" in #.Scope"
        );
    }

    fn rule(id: &str, extends: &'static str, level: Severity) -> Rule<()> {
        let source = crate::styles::RuleSource {
            path: format!("{id}.yml"),
            text: std::sync::Arc::from(""),
        };
        Rule {
            id: id.to_string(),
            style: "Vale".into(),
            origin: crate::styles::Origin::Generated,
            extends,
            level,
            message: "m".into(),
            description: String::new(),
            scope: Vec::new(),
            link: None,
            limit: None,
            action: None,
            fix: None,
            examples: crate::styles::Examples::default(),
            definition: (),
            source,
        }
    }

    #[test]
    fn keeps_the_rules_the_expression_holds_for() {
        let rules: Vec<(Rule<()>, Severity)> = [
            rule("Vale.Spelling", "spelling", Severity::Error),
            rule("Vale.Repetition", "repetition", Severity::Error),
            rule("Vale.Avoid", "existence", Severity::Warning),
        ]
        .into_iter()
        .map(|d| (d.clone(), d.level))
        .collect();
        let keep = |e: &str| {
            let mut kept: Vec<String> = RuleFilter::new(e, &[])
                .unwrap()
                .keep(&rules)
                .unwrap()
                .into_iter()
                .collect();
            kept.sort();
            kept
        };
        assert_eq!(
            keep(".Level in ['error'] and .Name not in ['Vale.Avoid', 'Vale.Spelling']"),
            ["Vale.Repetition"]
        );
        assert_eq!(keep(".Extends == 'repetition'"), ["Vale.Repetition"]);
        assert!(keep("false").is_empty());
        assert!(RuleFilter::new(".Level in ['error']", &[])
            .unwrap()
            .names_level());
        assert!(!RuleFilter::new(".Name == 'x'", &[]).unwrap().names_level());
        let err = RuleFilter::new(".Level in (", &[]).unwrap_err().to_string();
        assert!(
            err.starts_with("--filter: `.Level in (` is not a valid expression"),
            "{err}"
        );
    }
}
