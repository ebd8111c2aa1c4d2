//! The keys every rule type shares (`message`, `level`, `scope`, …), read
//! from a rule file into a [`Rule`] whose type-specific part, `D`, the
//! rule types fill in.

use std::path::PathBuf;

use super::fields::{Fields, RuleSource};
use super::yaml::Map;
use crate::diagnostic::{Applicability, ParseApplicabilityError, ParseLevelError, Severity};
use crate::error::SourceError;

/// Where a rule was loaded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into the binary (`rules/<Style>/<Rule>.yml` at build time).
    Embedded(String),
    /// A rule file of the user's own style.
    File(PathBuf),
    /// A rule file of a published package: its style folder carries the
    /// `meta.json` that Vale's package library ships with every package.
    Package(PathBuf),
    /// Generated from the configuration (Vale.Terms, Vale.Avoid…).
    Generated,
}

impl Origin {
    pub fn display(&self) -> String {
        match self {
            Origin::Embedded(p) => format!("embedded:{p}"),
            Origin::File(p) | Origin::Package(p) => p.display().to_string(),
            Origin::Generated => "generated from the configuration".to_string(),
        }
    }
}

/// A rule file read as YAML, not yet validated.
#[derive(Debug, Clone)]
pub struct RuleFile {
    /// The style: the rule file's folder.
    pub style: String,
    /// The rule: the file's name without `.yml`.
    pub name: String,
    pub origin: Origin,
    pub source: RuleSource,
    /// The file's top-level map.
    pub map: Map,
}

impl RuleFile {
    pub fn fields(&self) -> Fields<'_> {
        Fields::new(&self.map, &self.source)
    }
}

/// `action:` metadata (Vale's fix descriptor).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Action {
    pub name: String,
    pub params: Vec<String>,
}

/// `examples:` (a parlance extension), run by `parlance test`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Examples {
    pub bad: Vec<String>,
    pub good: Vec<String>,
}

/// A loaded, validated rule: the keys every type has, and the type's own
/// definition `D`.
#[derive(Debug, Clone)]
pub struct Rule<D> {
    /// `Style.Rule`.
    pub id: String,
    pub style: String,
    pub origin: Origin,
    /// The type's name as Vale writes it (`existence`…).
    pub extends: &'static str,
    pub level: Severity,
    pub message: String,
    pub description: String,
    pub scope: Vec<String>,
    pub link: Option<String>,
    pub limit: Option<usize>,
    pub action: Option<Action>,
    pub fix: Option<Applicability>,
    pub examples: Examples,
    pub definition: D,
    pub source: RuleSource,
}

impl<D> Rule<D> {
    /// The same rule with another type-specific part.
    pub fn with<E>(self, definition: E) -> Rule<E> {
        Rule {
            id: self.id,
            style: self.style,
            origin: self.origin,
            extends: self.extends,
            level: self.level,
            message: self.message,
            description: self.description,
            scope: self.scope,
            link: self.link,
            limit: self.limit,
            action: self.action,
            fix: self.fix,
            examples: self.examples,
            definition,
            source: self.source,
        }
    }
}

/// The keys every rule type accepts.
pub const COMMON_KEYS: &[&str] = &[
    "extends",
    "name",
    "message",
    "description",
    "level",
    "scope",
    "link",
    "limit",
    "action",
    "examples",
    "fix",
];

/// Reads the common keys of `file`, a rule of type `extends` whose keys
/// have been checked against its type.
pub fn read_common(file: &RuleFile, extends: &'static str) -> Result<Rule<()>, SourceError> {
    let fields = file.fields();
    let source = &file.source;
    let message = match fields.text("message")? {
        Some(m) if !m.trim().is_empty() => m,
        _ => {
            return Err(source.error(
                source.key_range("extends"),
                "missing `message`: every rule needs one",
            ))
        }
    };
    let description = fields.text_or_empty("description")?;
    let level = match fields.text("level")? {
        None => Severity::Warning,
        Some(l) => l
            .parse()
            .map_err(|e: ParseLevelError| fields.error("level", e.to_string()))?,
    };
    let scope = fields.list("scope")?;
    let link = fields.text("link")?.filter(|l| !l.is_empty());
    let limit = fields.count("limit")?.filter(|&l| l > 0);
    let action = read_action(&fields)?;
    let examples = read_examples(&fields)?;
    let fix = match fields.text("fix")? {
        None => None,
        Some(f) => Some(
            f.parse()
                .map_err(|e: ParseApplicabilityError| fields.error("fix", e.to_string()))?,
        ),
    };
    for item in &scope {
        let base = item.trim().trim_start_matches('~');
        if matches!(base, "code" | "link" | "strong" | "emphasis") {
            return Err(source.error(
                fields.value_range("scope", item),
                format!("scope `{base}` is no longer supported: use `raw`"),
            ));
        }
        if item.trim().contains(' ') && !item.contains('&') {
            return Err(source.error(
                fields.value_range("scope", item),
                "a scope cannot contain spaces",
            ));
        }
    }
    Ok(Rule {
        id: format!("{}.{}", file.style, file.name),
        style: file.style.clone(),
        origin: file.origin.clone(),
        extends,
        level,
        message,
        description,
        scope,
        link,
        limit,
        action,
        fix,
        examples,
        definition: (),
        source: file.source.clone(),
    })
}

fn read_action(fields: &Fields) -> Result<Option<Action>, SourceError> {
    let Some(action) = fields.map("action")? else {
        return Ok(None);
    };
    action.deny_unknown(&["name", "params"])?;
    let Some(name) = action.text("name")? else {
        return Err(fields.error("action", "`action` needs a `name`"));
    };
    Ok(Some(Action {
        name,
        params: action.list("params")?,
    }))
}

fn read_examples(fields: &Fields) -> Result<Examples, SourceError> {
    let Some(examples) = fields.map("examples")? else {
        return Ok(Examples::default());
    };
    examples.deny_unknown(&["bad", "good"])?;
    Ok(Examples {
        bad: examples.list("bad")?,
        good: examples.list("good")?,
    })
}
