//! A rule file's YAML, validated into a [`RuleDef`].
//!
//! Vale rejects unknown keys, accepts a scalar where a list is expected and
//! reads loosely typed values (`max: "3"`); so do we. Every error points at
//! the offending line of the YAML.

use std::path::PathBuf;
use std::sync::Arc;

use serde::de::{self, Deserializer};
use serde::Deserialize;
use serde_yaml::Value;

use crate::diagnostic::{Applicability, Severity};
use crate::error::SourceError;

/// Where a rule was loaded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into the binary (`rules/<Style>/<Rule>.yml` at build time).
    Embedded(String),
    File(PathBuf),
    /// Generated from the configuration (Vale.Terms, Vale.Avoid…).
    Generated,
}

impl Origin {
    pub fn display(&self) -> String {
        match self {
            Origin::Embedded(p) => format!("embedded:{p}"),
            Origin::File(p) => p.display().to_string(),
            Origin::Generated => "generated from the configuration".to_string(),
        }
    }
}

/// The YAML text of a rule file, kept for pointing errors into it.
#[derive(Debug, Clone)]
pub struct RuleSource {
    pub path: String,
    pub text: Arc<str>,
}

impl RuleSource {
    /// Byte range of the top-level `key:` line, for errors about that key.
    pub fn key_range(&self, key: &str) -> std::ops::Range<usize> {
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            let trimmed = line.trim_start_matches('\u{feff}');
            if let Some(rest) = trimmed.strip_prefix(key) {
                if rest.trim_start().starts_with(':') {
                    return offset..offset + line.trim_end().len();
                }
            }
            offset += line.len();
        }
        0..0
    }

    /// Byte range of the first occurrence of `needle` at or after the
    /// `key:` line (for a pattern inside a list); falls back to the key.
    pub fn value_range(&self, key: &str, needle: &str) -> std::ops::Range<usize> {
        let key_at = self.key_range(key);
        if !needle.is_empty() {
            if let Some(pos) = self.text[key_at.start..].find(needle) {
                let start = key_at.start + pos;
                return start..start + needle.len();
            }
        }
        key_at
    }

    pub fn error(&self, range: std::ops::Range<usize>, message: impl Into<String>) -> SourceError {
        SourceError::new(&self.path, &self.text, range, message)
    }
}

/// `action:` metadata (Vale's fix descriptor).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Action {
    pub name: String,
    pub params: Vec<String>,
}

/// `context:` (a parlance extension): only report when the surrounding
/// text matches one of `any` and none of `none`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContextDef {
    pub span: ContextSpan,
    pub any: Vec<String>,
    pub none: Vec<String>,
}

/// How much text around a match `context:` looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ContextSpan {
    #[default]
    Sentence,
    Paragraph,
    /// N words on either side.
    Window(usize),
}

/// `examples:` (a parlance extension), run by `parlance test`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Examples {
    pub bad: Vec<String>,
    pub good: Vec<String>,
}

/// `style:` of a `$title` capitalization rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TitleStyle {
    #[default]
    Ap,
    Chicago,
}

/// What a capitalization rule's `match:` asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum CaseStyle {
    Title(TitleStyle),
    Sentence,
    Lower,
    Upper,
    /// A regular expression the text must match somewhere.
    Pattern(String),
}

/// A grade formula of the legacy `readability` type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GradeMetric {
    GunningFog,
    ColemanLiau,
    FleschKincaid,
    Smog,
    AutomatedReadability,
}

impl GradeMetric {
    /// The names Vale accepts in `metrics:`.
    pub const NAMES: &'static [(&'static str, GradeMetric)] = &[
        ("Gunning Fog", GradeMetric::GunningFog),
        ("Coleman-Liau", GradeMetric::ColemanLiau),
        ("Flesch-Kincaid", GradeMetric::FleschKincaid),
        ("SMOG", GradeMetric::Smog),
        ("Automated Readability", GradeMetric::AutomatedReadability),
    ];
}

/// The type-specific part of a rule.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleKind {
    Existence {
        tokens: Vec<String>,
        raw: Vec<String>,
        append: bool,
        ignorecase: bool,
        nonword: bool,
        exceptions: Vec<String>,
        vocab: bool,
        context: Option<ContextDef>,
    },
    Substitution {
        /// observed pattern → expected text, in file order.
        swap: Vec<(String, String)>,
        ignorecase: bool,
        nonword: bool,
        exceptions: Vec<String>,
        vocab: bool,
        capitalize: bool,
        context: Option<ContextDef>,
    },
    Occurrence {
        token: String,
        max: usize,
        min: usize,
        ignorecase: bool,
    },
    Repetition {
        tokens: Vec<String>,
        max: usize,
        alpha: bool,
        ignorecase: bool,
        exceptions: Vec<String>,
        vocab: bool,
    },
    Consistency {
        either: Vec<(String, String)>,
        nonword: bool,
        ignorecase: bool,
    },
    Conditional {
        first: String,
        second: String,
        exceptions: Vec<String>,
        vocab: bool,
    },
    Capitalization {
        case: CaseStyle,
        exceptions: Vec<String>,
        vocab: bool,
        /// Suffixes after which the next word starts with a capital.
        indicators: Vec<String>,
        /// The share of words that must be right.
        threshold: f64,
        /// A regex for a prefix left out of the check (`^[a-z]\.\s`).
        prefix: String,
    },
    Metric {
        /// A Tengo-style arithmetic expression over the document counts.
        formula: String,
        /// A comparison completing `<result> …`, such as `> 8`.
        condition: String,
    },
    Readability {
        metrics: Vec<GradeMetric>,
        grade: f64,
    },
    Spelling(SpellingDef),
}

/// A spelling rule's keys, as written (paths are resolved when compiling,
/// against the StylesPath).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpellingDef {
    /// `dic` and `aff`: one dictionary by path; when both exist, the only one.
    pub dic: String,
    pub aff: String,
    /// `dicpath`: where `dictionaries` are looked up.
    pub dicpath: String,
    /// `dictionaries`: names `X` of `X.dic` + `X.aff` in `dicpath`.
    pub dictionaries: Vec<String>,
    /// `append`: the built-in English dictionary as well as `dictionaries`.
    pub append: bool,
    /// `custom`: drop Vale's three default filters.
    pub custom: bool,
    /// `filters`: Go (RE2) patterns of words to skip.
    pub filters: Vec<String>,
    /// `ignore`: word-list files, one word per line.
    pub ignore: Vec<String>,
    /// The built-in `Vale.Spelling`: also every dictionary in
    /// `config/dictionaries` and every word list in `config/ignore`.
    pub builtin: bool,
}

impl RuleKind {
    pub fn name(&self) -> &'static str {
        match self {
            RuleKind::Existence { .. } => "existence",
            RuleKind::Substitution { .. } => "substitution",
            RuleKind::Occurrence { .. } => "occurrence",
            RuleKind::Repetition { .. } => "repetition",
            RuleKind::Consistency { .. } => "consistency",
            RuleKind::Conditional { .. } => "conditional",
            RuleKind::Spelling(_) => "spelling",
            RuleKind::Capitalization { .. } => "capitalization",
            RuleKind::Metric { .. } => "metric",
            RuleKind::Readability { .. } => "readability",
        }
    }
}

/// A loaded, validated rule.
#[derive(Debug, Clone)]
pub struct RuleDef {
    /// `Style.Rule`.
    pub id: String,
    pub style: String,
    pub origin: Origin,
    pub level: Severity,
    pub message: String,
    pub description: String,
    pub scope: Vec<String>,
    pub link: Option<String>,
    pub limit: Option<usize>,
    pub action: Option<Action>,
    pub fix: Option<Applicability>,
    pub examples: Examples,
    pub kind: RuleKind,
    pub source: RuleSource,
}

/// What reading one rule file gives.
#[derive(Debug)]
pub enum Parsed {
    Rule(Box<RuleDef>),
    /// A Vale rule type parlance does not run yet.
    Unsupported {
        extends: String,
    },
}

const SUPPORTED: &[&str] = &[
    "existence",
    "substitution",
    "occurrence",
    "repetition",
    "consistency",
    "conditional",
    "spelling",
    "capitalization",
    "metric",
    "readability",
];
const NOT_YET: &[&str] = &["sequence", "script"];
const COMMON_KEYS: &[&str] = &[
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

fn keys_for(extends: &str) -> &'static [&'static str] {
    match extends {
        "existence" => &[
            "tokens",
            "raw",
            "append",
            "ignorecase",
            "nonword",
            "exceptions",
            "vocab",
            "context",
        ],
        "substitution" => &[
            "swap",
            "ignorecase",
            "nonword",
            "exceptions",
            "vocab",
            "capitalize",
            "pos",
            "context",
        ],
        "occurrence" => &["token", "max", "min", "ignorecase"],
        "repetition" => &[
            "tokens",
            "max",
            "alpha",
            "ignorecase",
            "exceptions",
            "vocab",
        ],
        "consistency" => &["either", "nonword", "ignorecase"],
        "conditional" => &["first", "second", "exceptions", "vocab", "ignorecase"],
        "spelling" => &[
            "dic",
            "aff",
            "dicpath",
            "dictionaries",
            "append",
            "custom",
            "filters",
            "ignore",
            "exceptions",
            "threshold",
        ],
        "capitalization" => &[
            "match",
            "style",
            "exceptions",
            "vocab",
            "indicators",
            "threshold",
            "prefix",
        ],
        "metric" => &["formula", "condition"],
        "readability" => &["metrics", "grade"],
        _ => &[],
    }
}

/// Every key any supported type accepts; unknown keys are rejected with the
/// key's line by serde before type-specific checks run.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRule {
    /// Read from the map before this struct; declared so it is not unknown.
    #[serde(rename = "extends")]
    _extends: Option<de::IgnoredAny>,
    /// Vale's own `name` key (gitlab's styles set it); the rule is named
    /// after its file, as in Vale.
    #[serde(rename = "name")]
    _name: Option<de::IgnoredAny>,
    message: Option<Scalar>,
    description: Option<Scalar>,
    level: Option<Scalar>,
    #[serde(default, deserialize_with = "list")]
    scope: Vec<String>,
    link: Option<Scalar>,
    #[serde(default, deserialize_with = "opt_count")]
    limit: Option<usize>,
    action: Option<RawAction>,
    examples: Option<RawExamples>,
    fix: Option<Scalar>,
    context: Option<RawContext>,
    #[serde(default, deserialize_with = "list")]
    tokens: Vec<String>,
    #[serde(default, deserialize_with = "list")]
    raw: Vec<String>,
    #[serde(default, deserialize_with = "opt_flag")]
    append: Option<bool>,
    #[serde(default, deserialize_with = "opt_flag")]
    ignorecase: Option<bool>,
    #[serde(default, deserialize_with = "opt_flag")]
    nonword: Option<bool>,
    #[serde(default, deserialize_with = "list")]
    exceptions: Vec<String>,
    #[serde(default, deserialize_with = "opt_flag")]
    vocab: Option<bool>,
    #[serde(default, deserialize_with = "pairs")]
    swap: Vec<(String, String)>,
    #[serde(default, deserialize_with = "opt_flag")]
    capitalize: Option<bool>,
    /// Accepted for Vale compatibility; it has no effect there either.
    #[serde(rename = "pos", default)]
    _pos: Option<de::IgnoredAny>,
    token: Option<Scalar>,
    #[serde(default, deserialize_with = "opt_count")]
    max: Option<usize>,
    #[serde(default, deserialize_with = "opt_count")]
    min: Option<usize>,
    #[serde(default, deserialize_with = "opt_flag")]
    alpha: Option<bool>,
    #[serde(default, deserialize_with = "pairs")]
    either: Vec<(String, String)>,
    first: Option<Scalar>,
    second: Option<Scalar>,
    dic: Option<Scalar>,
    aff: Option<Scalar>,
    dicpath: Option<Scalar>,
    #[serde(default, deserialize_with = "list")]
    dictionaries: Vec<String>,
    #[serde(default, deserialize_with = "opt_flag")]
    custom: Option<bool>,
    #[serde(default, deserialize_with = "list")]
    filters: Vec<String>,
    #[serde(default, deserialize_with = "list")]
    ignore: Vec<String>,
    #[serde(rename = "match")]
    case: Option<Scalar>,
    style: Option<Scalar>,
    #[serde(default, deserialize_with = "list")]
    indicators: Vec<String>,
    #[serde(default, deserialize_with = "opt_number")]
    threshold: Option<f64>,
    prefix: Option<Scalar>,
    formula: Option<Scalar>,
    condition: Option<Scalar>,
    #[serde(default, deserialize_with = "list")]
    metrics: Vec<String>,
    #[serde(default, deserialize_with = "opt_number")]
    grade: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAction {
    name: Scalar,
    #[serde(default, deserialize_with = "list")]
    params: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExamples {
    #[serde(default, deserialize_with = "list")]
    bad: Vec<String>,
    #[serde(default, deserialize_with = "list")]
    good: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContext {
    scope: Option<Scalar>,
    #[serde(default, deserialize_with = "opt_count")]
    window: Option<usize>,
    #[serde(default, deserialize_with = "list")]
    any: Vec<String>,
    #[serde(default, deserialize_with = "list")]
    none: Vec<String>,
}

/// Any YAML scalar, read as text (Vale's weakly typed decoding).
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        scalar_text(&v)
            .map(Scalar)
            .ok_or_else(|| de::Error::custom("expected a single value, not a list or a map"))
    }
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Null => Some(String::new()),
        Value::Tagged(t) => scalar_text(&t.value),
        Value::Sequence(_) | Value::Mapping(_) => None,
    }
}

fn list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(Vec::new()),
        Value::Sequence(items) => items
            .iter()
            .map(|v| {
                scalar_text(v).ok_or_else(|| de::Error::custom("list items must be single values"))
            })
            .collect(),
        other => scalar_text(&other)
            .map(|s| vec![s])
            .ok_or_else(|| de::Error::custom("expected a value or a list of values")),
    }
}

fn pairs<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, String)>, D::Error> {
    fn entries<E: de::Error>(map: &serde_yaml::Mapping) -> Result<Vec<(String, String)>, E> {
        map.iter()
            .map(|(k, v)| match (scalar_text(k), scalar_text(v)) {
                (Some(k), Some(v)) => Ok((k, v)),
                _ => Err(E::custom("entries must map one value to one value")),
            })
            .collect()
    }
    let expected = "expected a map of `pattern: value` entries";
    match Value::deserialize(d)? {
        Value::Null => Ok(Vec::new()),
        Value::Mapping(map) => entries(&map),
        // A list of one-entry maps (`- 'bad': good`), merged in order as
        // Vale's weakly typed decoding does.
        Value::Sequence(items) => {
            let mut all = Vec::new();
            for item in &items {
                match item {
                    Value::Mapping(map) => all.extend(entries::<D::Error>(map)?),
                    _ => return Err(de::Error::custom(expected)),
                }
            }
            Ok(all)
        }
        _ => Err(de::Error::custom(expected)),
    }
}

fn opt_flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let v = Value::deserialize(d)?;
    let text = scalar_text(&v).ok_or_else(|| de::Error::custom("expected true or false"))?;
    match text.to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "y" | "1" => Ok(Some(true)),
        "false" | "no" | "off" | "n" | "0" | "" => Ok(Some(false)),
        other => Err(de::Error::custom(format!(
            "expected true or false, found '{other}'"
        ))),
    }
}

fn opt_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
    let v = Value::deserialize(d)?;
    let text = scalar_text(&v).ok_or_else(|| de::Error::custom("expected a whole number"))?;
    if text.is_empty() {
        return Ok(None);
    }
    text.trim()
        .parse::<usize>()
        .map(Some)
        .map_err(|_| de::Error::custom(format!("expected a whole number, found '{text}'")))
}

fn opt_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let v = Value::deserialize(d)?;
    let text = scalar_text(&v).ok_or_else(|| de::Error::custom("expected a number"))?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .map(Some)
        .ok_or_else(|| de::Error::custom(format!("expected a number, found '{text}'")))
}

/// A YAML value read as Go's yaml.v2 reads it: a repeated key in a map
/// replaces the earlier one instead of being an error.
struct Lenient(Value);

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Lenient;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Lenient, E> {
                Ok(Lenient(Value::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Lenient, E> {
                Ok(Lenient(Value::Number(v.into())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Lenient, E> {
                Ok(Lenient(Value::Number(v.into())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Lenient, E> {
                Ok(Lenient(Value::Number(v.into())))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Lenient, E> {
                Ok(Lenient(Value::String(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Lenient, E> {
                Ok(Lenient(Value::String(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Lenient, E> {
                Ok(Lenient(Value::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<Lenient, E> {
                Ok(Lenient(Value::Null))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Lenient, D::Error> {
                Lenient::deserialize(d)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Lenient, A::Error> {
                let mut items = Vec::new();
                while let Some(Lenient(v)) = seq.next_element()? {
                    items.push(v);
                }
                Ok(Lenient(Value::Sequence(items)))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Lenient, A::Error> {
                let mut out = serde_yaml::Mapping::new();
                while let Some((Lenient(k), Lenient(v))) = map.next_entry()? {
                    out.insert(k, v);
                }
                Ok(Lenient(Value::Mapping(out)))
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads one rule file. `style` and `name` make the id `style.name`.
pub fn parse_rule(
    style: &str,
    name: &str,
    origin: Origin,
    source: RuleSource,
) -> Result<Parsed, SourceError> {
    let mut text: String = source.text.to_string();
    let mut first = serde_yaml::from_str::<Value>(&text);
    if let Err(e) = &first {
        // Go's yaml.v2 reads `\'` in a double-quoted string as `'`; YAML
        // 1.2 (serde_yaml) calls it an unknown escape. Read it as Vale does.
        if e.to_string().contains("unknown escape character") && text.contains("\\'") {
            text = text.replace("\\'", "'");
            first = serde_yaml::from_str::<Value>(&text);
        }
    }
    // Vale (Go's yaml.v2) takes the last of duplicate keys; serde_yaml
    // refuses them, so such a file is read again leniently.
    let (value, lenient) = match first {
        Ok(value) => (value, false),
        Err(e) if e.to_string().contains("duplicate entry") => (
            serde_yaml::from_str::<Lenient>(&text)
                .map_err(|e| yaml_error(&source, &e, None))?
                .0,
            true,
        ),
        Err(e) => return Err(yaml_error(&source, &e, None)),
    };
    let Value::Mapping(map) = &value else {
        return Err(source.error(
            0..text.len().min(80),
            "a rule file must be a YAML map of keys",
        ));
    };
    let extends = match map.get("extends").and_then(scalar_text) {
        Some(e) if !e.trim().is_empty() => e.trim().to_string(),
        _ => {
            return Err(source
                .error(0..0, "missing `extends`: every rule names its type")
                .with_note(format!("use one of: {}", SUPPORTED.join(", "))))
        }
    };
    if NOT_YET.contains(&extends.as_str()) {
        return Ok(Parsed::Unsupported { extends });
    }
    if !SUPPORTED.contains(&extends.as_str()) {
        return Err(source
            .error(
                source.key_range("extends"),
                format!("unknown rule type `{extends}`"),
            )
            .with_note(format!("use one of: {}", SUPPORTED.join(", "))));
    }

    // Vale decodes consistency and spelling rules weakly: unknown keys are
    // ignored (gitlab's Spelling.yml sets `vocab`).
    let weak = matches!(extends.as_str(), "consistency" | "spelling");
    let raw: RawRule = if weak {
        let allowed: Vec<&str> = COMMON_KEYS
            .iter()
            .chain(keys_for(&extends))
            .copied()
            .collect();
        let mut kept = serde_yaml::Mapping::new();
        for (k, v) in map {
            if k.as_str().is_some_and(|k| allowed.contains(&k)) {
                kept.insert(k.clone(), v.clone());
            }
        }
        serde_yaml::from_value(Value::Mapping(kept)).map_err(|e| yaml_error(&source, &e, None))?
    } else if lenient {
        serde_yaml::from_value(value.clone()).map_err(|e| yaml_error(&source, &e, None))?
    } else {
        serde_yaml::from_str(&text).map_err(|e| yaml_error(&source, &e, None))?
    };

    // Keys of another rule type.
    let allowed = keys_for(&extends);
    if !weak {
        for key in map.keys().filter_map(Value::as_str) {
            if key == "code" {
                return Err(source.error(
                    source.key_range("code"),
                    "`code` is no longer supported: use `scope: raw`",
                ));
            }
            if !COMMON_KEYS.contains(&key) && !allowed.contains(&key) {
                return Err(source
                    .error(
                        source.key_range(key),
                        format!("`{key}` is not a key of {extends} rules"),
                    )
                    .with_note(format!(
                        "{extends} rules take: {}",
                        COMMON_KEYS
                            .iter()
                            .chain(allowed)
                            .copied()
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
            }
        }
    }

    let message = match &raw.message {
        Some(Scalar(m)) if !m.trim().is_empty() => m.clone(),
        _ => {
            return Err(source.error(
                source.key_range("extends"),
                "missing `message`: every rule needs one",
            ))
        }
    };
    let level = match &raw.level {
        None => Severity::Warning,
        Some(Scalar(l)) => l
            .parse()
            .map_err(|e: String| source.error(source.key_range("level"), e))?,
    };
    let fix = match &raw.fix {
        None => None,
        Some(Scalar(f)) => Some(
            f.parse()
                .map_err(|e: String| source.error(source.key_range("fix"), e))?,
        ),
    };
    for scope in &raw.scope {
        let base = scope.trim().trim_start_matches('~');
        if matches!(base, "code" | "link" | "strong" | "emphasis") {
            return Err(source.error(
                source.value_range("scope", scope),
                format!("scope `{base}` is no longer supported: use `raw`"),
            ));
        }
        if scope.trim().contains(' ') && !scope.contains('&') {
            return Err(source.error(
                source.value_range("scope", scope),
                "a scope cannot contain spaces",
            ));
        }
    }
    let context = match raw.context {
        None => None,
        Some(c) => Some(ContextDef {
            span: match (c.window, c.scope.as_ref().map(|s| s.0.trim())) {
                (Some(n), None) => ContextSpan::Window(n),
                (None, None | Some("sentence")) => ContextSpan::Sentence,
                (None, Some("paragraph")) => ContextSpan::Paragraph,
                (Some(_), Some(_)) => {
                    return Err(source.error(
                        source.key_range("context"),
                        "`context` takes either `scope` or `window`, not both",
                    ))
                }
                (None, Some(other)) => {
                    return Err(source.error(
                        source.value_range("context", other),
                        format!("context scope `{other}` is not one of sentence, paragraph"),
                    ))
                }
            },
            any: c.any,
            none: c.none,
        }),
    };

    let flag = |f: Option<bool>| f.unwrap_or(false);
    let kind = match extends.as_str() {
        "existence" => {
            if raw.tokens.iter().all(|t| t.trim().is_empty()) && raw.raw.is_empty() {
                return Err(source.error(
                    source.key_range("extends"),
                    "an existence rule needs `tokens` or `raw`",
                ));
            }
            RuleKind::Existence {
                tokens: raw
                    .tokens
                    .into_iter()
                    .filter(|t| !t.trim().is_empty())
                    .collect(),
                raw: raw.raw,
                append: flag(raw.append),
                ignorecase: flag(raw.ignorecase),
                nonword: flag(raw.nonword),
                exceptions: raw.exceptions,
                vocab: raw.vocab.unwrap_or(true),
                context,
            }
        }
        "substitution" => {
            if raw.swap.is_empty() {
                return Err(source.error(
                    source.key_range("extends"),
                    "a substitution rule needs `swap`",
                ));
            }
            RuleKind::Substitution {
                swap: raw.swap,
                ignorecase: flag(raw.ignorecase),
                nonword: flag(raw.nonword),
                exceptions: raw.exceptions,
                vocab: raw.vocab.unwrap_or(true),
                capitalize: flag(raw.capitalize),
                context,
            }
        }
        "occurrence" => {
            let token = raw.token.map(|t| t.0).unwrap_or_default();
            if token.is_empty() {
                return Err(source.error(
                    source.key_range("extends"),
                    "an occurrence rule needs `token`",
                ));
            }
            RuleKind::Occurrence {
                token,
                max: raw.max.unwrap_or(0),
                min: raw.min.unwrap_or(0),
                ignorecase: flag(raw.ignorecase),
            }
        }
        "repetition" => {
            if raw.tokens.is_empty() {
                return Err(source.error(
                    source.key_range("extends"),
                    "a repetition rule needs `tokens`",
                ));
            }
            RuleKind::Repetition {
                tokens: raw.tokens,
                max: raw.max.unwrap_or(0),
                alpha: flag(raw.alpha),
                ignorecase: flag(raw.ignorecase),
                exceptions: raw.exceptions,
                vocab: raw.vocab.unwrap_or(true),
            }
        }
        "consistency" => RuleKind::Consistency {
            either: raw.either,
            nonword: flag(raw.nonword),
            ignorecase: flag(raw.ignorecase),
        },
        "spelling" => {
            for filter in &raw.filters {
                if let Err(e) = crate::compile::go_regex(filter) {
                    return Err(source
                        .error(
                            source.value_range("filters", filter),
                            "invalid regular expression in `filters`",
                        )
                        .with_note(e));
                }
            }
            let text = |s: Option<Scalar>| s.map(|s| s.0).unwrap_or_default();
            RuleKind::Spelling(SpellingDef {
                dic: text(raw.dic),
                aff: text(raw.aff),
                dicpath: text(raw.dicpath),
                dictionaries: raw.dictionaries,
                append: flag(raw.append),
                custom: flag(raw.custom),
                filters: raw.filters,
                ignore: raw.ignore,
                builtin: false,
            })
        }
        "capitalization" => {
            let case = raw.case.map(|m| m.0).unwrap_or_default();
            let title_style = match raw.style.as_ref().map(|s| s.0.trim()) {
                None | Some("") => TitleStyle::Ap,
                Some(s) if s.eq_ignore_ascii_case("ap") => TitleStyle::Ap,
                Some(s) if s.eq_ignore_ascii_case("chicago") => TitleStyle::Chicago,
                Some(other) => {
                    return Err(source
                        .error(
                            source.value_range("style", other),
                            format!("unknown title style `{other}`"),
                        )
                        .with_note("use AP or Chicago"))
                }
            };
            let case = match case.trim() {
                "" => {
                    return Err(source
                        .error(
                            source.key_range("extends"),
                            "a capitalization rule needs `match`",
                        )
                        .with_note("use $title, $sentence, $lower, $upper or a pattern"))
                }
                "$title" => CaseStyle::Title(title_style),
                "$sentence" => CaseStyle::Sentence,
                "$lower" => CaseStyle::Lower,
                "$upper" => CaseStyle::Upper,
                _ => CaseStyle::Pattern(case),
            };
            RuleKind::Capitalization {
                case,
                exceptions: raw.exceptions,
                vocab: raw.vocab.unwrap_or(true),
                indicators: raw.indicators,
                // Vale: 0 would turn the rule off, so it means the default.
                threshold: raw.threshold.filter(|t| *t != 0.0).unwrap_or(0.8),
                prefix: raw.prefix.map(|p| p.0).unwrap_or_default(),
            }
        }
        "metric" => {
            let formula = raw.formula.map(|f| f.0).unwrap_or_default();
            let condition = raw.condition.map(|c| c.0).unwrap_or_default();
            if formula.trim().is_empty() || condition.trim().is_empty() {
                return Err(source.error(
                    source.key_range("extends"),
                    "a metric rule needs `formula` and `condition`",
                ));
            }
            RuleKind::Metric { formula, condition }
        }
        "readability" => {
            if raw.metrics.is_empty() {
                return Err(source.error(
                    source.key_range("extends"),
                    "a readability rule needs `metrics`",
                ));
            }
            let metrics = raw
                .metrics
                .iter()
                .map(|name| {
                    GradeMetric::NAMES
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, m)| *m)
                        .ok_or_else(|| {
                            source
                                .error(
                                    source.value_range("metrics", name),
                                    format!("unknown readability metric `{name}`"),
                                )
                                .with_note(format!(
                                    "use one of: {}",
                                    GradeMetric::NAMES
                                        .iter()
                                        .map(|(n, _)| *n)
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ))
                        })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let Some(grade) = raw.grade else {
                return Err(source.error(
                    source.key_range("extends"),
                    "a readability rule needs `grade`",
                ));
            };
            RuleKind::Readability { metrics, grade }
        }
        _ => {
            let first = raw.first.map(|s| s.0).unwrap_or_default();
            let second = raw.second.map(|s| s.0).unwrap_or_default();
            if first.is_empty() || second.is_empty() {
                return Err(source.error(
                    source.key_range("extends"),
                    "a conditional rule needs `first` and `second`",
                ));
            }
            RuleKind::Conditional {
                first,
                second,
                exceptions: raw.exceptions,
                vocab: raw.vocab.unwrap_or(true),
            }
        }
    };

    // Measuring rules read the whole document unless they name other
    // blocks; `text` is what an unset scope used to mean (as in Vale).
    let mut scope = raw.scope;
    if matches!(kind, RuleKind::Metric { .. } | RuleKind::Readability { .. })
        && (scope.is_empty() || scope == ["text"])
    {
        scope = vec!["summary".to_string()];
    }

    Ok(Parsed::Rule(Box::new(RuleDef {
        id: format!("{style}.{name}"),
        style: style.to_string(),
        origin,
        level,
        message,
        description: raw.description.map(|d| d.0).unwrap_or_default(),
        scope,
        link: raw.link.map(|l| l.0).filter(|l| !l.is_empty()),
        limit: raw.limit.filter(|&l| l > 0),
        action: raw.action.map(|a| Action {
            name: a.name.0,
            params: a.params,
        }),
        fix,
        examples: raw
            .examples
            .map(|e| Examples {
                bad: e.bad,
                good: e.good,
            })
            .unwrap_or_default(),
        kind,
        source,
    })))
}

/// Turns a serde_yaml error into one that points at its line, in words a
/// style author understands.
fn yaml_error(
    source: &RuleSource,
    e: &serde_yaml::Error,
    fallback_key: Option<&str>,
) -> SourceError {
    let raw = e.to_string();
    // serde_yaml appends " at line N column M"; we show the position ourselves.
    let mut message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    let mut notes = Vec::new();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or("").to_string();
        message = format!("unknown key `{field}`");
        notes.push("Vale rule files accept only the keys of their `extends` type; see `parlance explain` or the README's rule reference".to_string());
        let range = source.key_range(&field);
        let mut err = source.error(range, message);
        err.notes = notes;
        return err;
    }
    if let Some(stripped) = message.strip_prefix("invalid type: ") {
        message = format!("wrong type: {stripped}");
    }
    if message.starts_with("repetition limit exceeded")
        || message.starts_with("recursion limit exceeded")
    {
        // serde_yaml stops expanding aliases (or nesting) past a limit, so
        // a "billion laughs" file costs nothing but this error.
        notes.push(
            "the file's YAML aliases or nesting expand too far to read (a YAML bomb?)".to_string(),
        );
    }
    let quoted = value_line(source, &message);
    let range = match (e.location(), quoted) {
        // A value rejected by our own readers is placed at the start of
        // the map; its quoted value finds its line.
        (Some(loc), Some(line)) if loc.index() == 0 => line,
        (Some(loc), _) => {
            let start = loc.index().min(source.text.len());
            let line_end = source.text[start..]
                .find('\n')
                .map_or(source.text.len(), |i| start + i);
            start..line_end.max(start)
        }
        (None, quoted) => fallback_key
            .map(|k| source.key_range(k))
            .or(quoted)
            .unwrap_or(0..0),
    };
    let mut err = source.error(range, message);
    err.notes = notes;
    err
}

/// serde_yaml gives no position for a value our own readers reject
/// (`threshold: high`); their messages quote it (`found 'high'`), so the
/// line whose value it is can be found.
fn value_line(source: &RuleSource, message: &str) -> Option<std::ops::Range<usize>> {
    let quoted = message.split("found '").nth(1)?.strip_suffix('\'')?;
    let mut offset = 0;
    for line in source.text.split_inclusive('\n') {
        let value = line.split_once(':').map(|(_, v)| v.trim());
        let value = value.map(|v| v.trim_matches(|c| c == '"' || c == '\''));
        if value == Some(quoted) {
            return Some(offset..offset + line.trim_end().len());
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, SourceError> {
        parse_rule(
            "T",
            "R",
            Origin::Generated,
            RuleSource {
                path: "T/R.yml".into(),
                text: Arc::from(text),
            },
        )
    }

    fn rule(text: &str) -> RuleDef {
        match parse(text) {
            Ok(Parsed::Rule(r)) => *r,
            other => panic!("expected a rule, got {other:?}"),
        }
    }

    #[test]
    fn an_escaped_single_quote_reads_as_in_vale() {
        let r = rule("extends: existence\nmessage: \"you\\'re '%s'\"\ntokens: [a]\n");
        assert_eq!(r.message, "you're '%s'");
    }

    #[test]
    fn duplicate_keys_keep_the_last_as_in_vale() {
        let r = rule("extends: substitution\nmessage: x\nswap:\n  a: b\n  c: d\n  a: e\n");
        match r.kind {
            RuleKind::Substitution { swap, .. } => assert_eq!(
                swap,
                vec![("a".to_string(), "e".to_string()), ("c".into(), "d".into())]
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn scalar_where_list_expected_and_defaults() {
        let r =
            rule("extends: existence\nmessage: \"Avoid '%s'\"\ntokens: synergy\nscope: heading\n");
        assert_eq!(r.id, "T.R");
        assert_eq!(r.level, Severity::Warning);
        assert_eq!(r.scope, vec!["heading"]);
        match r.kind {
            RuleKind::Existence { tokens, vocab, .. } => {
                assert_eq!(tokens, vec!["synergy"]);
                assert!(vocab);
            }
            k => panic!("{k:?}"),
        }
    }

    #[test]
    fn weakly_typed_values() {
        let r =
            rule("extends: occurrence\nmessage: x\ntoken: '\\w+'\nmax: \"3\"\nignorecase: yes\n");
        assert_eq!(
            r.kind,
            RuleKind::Occurrence {
                token: "\\w+".into(),
                max: 3,
                min: 0,
                ignorecase: true
            }
        );
    }

    #[test]
    fn unknown_key_points_at_its_line() {
        let e = parse("extends: existence\nmessage: x\ntokens: [a]\nbogus: 1\n").unwrap_err();
        assert_eq!(e.line(), 4);
        assert!(e.message.contains("bogus"), "{}", e.message);
    }

    #[test]
    fn key_of_another_type_is_an_error() {
        let e = parse("extends: existence\nmessage: x\ntokens: [a]\nswap:\n  a: b\n").unwrap_err();
        assert_eq!(e.line(), 4);
        assert!(e.message.contains("not a key of existence"));
    }

    #[test]
    fn syntax_error_has_a_line() {
        let e = parse("extends: existence\nmessage: 'x'\ntokens:\n  - [unclosed\n").unwrap_err();
        assert!(e.line() >= 4, "line {}", e.line());
    }

    #[test]
    fn missing_extends_and_message() {
        assert!(parse("message: x\n")
            .unwrap_err()
            .message
            .contains("extends"));
        assert!(parse("extends: existence\ntokens: [a]\n")
            .unwrap_err()
            .message
            .contains("message"));
        assert!(parse("extends: nonsense\nmessage: x\n")
            .unwrap_err()
            .message
            .contains("nonsense"));
    }

    #[test]
    fn unsupported_types_are_reported_not_errors() {
        assert!(matches!(
            parse("extends: sequence\nmessage: x\nwhatever: 1\n"),
            Ok(Parsed::Unsupported { .. })
        ));
    }

    #[test]
    fn spelling_keys_and_weak_decoding() {
        let r = rule("extends: spelling\nmessage: x\nvocab: false\nignore: a.txt\ncustom: yes\nfilters:\n  - '[pP]y.*\\b'\ndicpath: D\ndictionaries: [en_X]\nappend: true\nthreshold: 3\n");
        assert_eq!(
            r.kind,
            RuleKind::Spelling(SpellingDef {
                dicpath: "D".into(),
                dictionaries: vec!["en_X".into()],
                append: true,
                custom: true,
                filters: vec!["[pP]y.*\\b".into()],
                ignore: vec!["a.txt".into()],
                ..SpellingDef::default()
            })
        );
    }

    #[test]
    fn swap_may_be_a_list_of_one_entry_maps() {
        let r =
            rule("name: X.Y\nextends: substitution\nmessage: x\nswap:\n  - 'a b': c\n  - d: e\n");
        let RuleKind::Substitution { swap, .. } = r.kind else {
            panic!("substitution");
        };
        assert_eq!(
            swap,
            vec![("a b".into(), "c".into()), ("d".into(), "e".into())]
        );
    }

    #[test]
    fn a_bad_spelling_filter_points_at_itself() {
        let e = parse("extends: spelling\nmessage: x\nfilters:\n  - 'ok'\n  - '(?<=a)b'\n")
            .unwrap_err();
        assert_eq!(e.line(), 5);
        assert!(e.message.contains("filters"), "{}", e.message);
    }

    #[test]
    fn capitalization_keys_and_defaults() {
        let r = rule("extends: capitalization\nmessage: x\nscope: heading\nmatch: $title\nstyle: Chicago\nthreshold: 0\nexceptions: [API]\nindicators: [':']\nprefix: '^\\d\\.\\s'\n");
        match r.kind {
            RuleKind::Capitalization {
                case,
                threshold,
                vocab,
                indicators,
                prefix,
                ..
            } => {
                assert_eq!(case, CaseStyle::Title(TitleStyle::Chicago));
                // 0 would never fire: Vale reads it as the default.
                assert_eq!(threshold, 0.8);
                assert!(vocab);
                assert_eq!(indicators, vec![":"]);
                assert_eq!(prefix, "^\\d\\.\\s");
            }
            k => panic!("{k:?}"),
        }
        let r = rule("extends: capitalization\nmessage: x\nmatch: '[A-Z]'\nthreshold: '0.5'\n");
        assert!(matches!(
            r.kind,
            RuleKind::Capitalization { case: CaseStyle::Pattern(ref p), threshold, .. }
                if p == "[A-Z]" && threshold == 0.5
        ));
        let e = parse("extends: capitalization\nmessage: x\n").unwrap_err();
        assert!(e.message.contains("`match`"), "{}", e.message);
        let e = parse("extends: capitalization\nmessage: x\nmatch: $title\nthreshold: high\n")
            .unwrap_err();
        assert_eq!(e.line(), 4, "{}", e.message);
    }

    #[test]
    fn measuring_rules_read_the_document() {
        let r = rule("extends: metric\nmessage: x\nformula: words\ncondition: '> 1'\n");
        assert_eq!(r.scope, vec!["summary"]);
        let r = rule(
            "extends: metric\nmessage: x\nscope: paragraph\nformula: words\ncondition: '> 1'\n",
        );
        assert_eq!(r.scope, vec!["paragraph"]);
        let e = parse("extends: metric\nmessage: x\nformula: words\n").unwrap_err();
        assert!(e.message.contains("`condition`"), "{}", e.message);
        let r = rule("extends: readability\nmessage: x\nscope: text\ngrade: 8\nmetrics: [SMOG, Gunning Fog]\n");
        assert_eq!(r.scope, vec!["summary"]);
        assert_eq!(
            r.kind,
            RuleKind::Readability {
                metrics: vec![GradeMetric::Smog, GradeMetric::GunningFog],
                grade: 8.0
            }
        );
        let e = parse("extends: readability\nmessage: x\nmetrics: [SMOG]\n").unwrap_err();
        assert!(e.message.contains("`grade`"), "{}", e.message);
        let e = parse("extends: metric\nmessage: x\nformula: words\ncondition: '> 1'\ngrade: 3\n")
            .unwrap_err();
        assert!(e.message.contains("not a key of metric"), "{}", e.message);
    }

    #[test]
    fn consistency_ignores_unknown_keys() {
        let r = rule("extends: consistency\nmessage: x\nlevel: error\nfoo: bar\neither:\n  advisor: adviser\n");
        assert_eq!(r.level, Severity::Error);
    }

    #[test]
    fn extension_keys() {
        let r = rule(
            "extends: substitution\nmessage: x\nfix: unsafe\nswap:\n  customer: client\ncontext:\n  window: 8\n  any: [attorney]\nexamples:\n  bad: [a]\n  good: [b, c]\n",
        );
        assert_eq!(r.fix, Some(Applicability::Unsafe));
        assert_eq!(r.examples.good.len(), 2);
        match r.kind {
            RuleKind::Substitution {
                context: Some(c), ..
            } => {
                assert_eq!(c.span, ContextSpan::Window(8));
                assert_eq!(c.any, vec!["attorney"]);
            }
            k => panic!("{k:?}"),
        }
    }

    #[test]
    fn bad_level_names_the_value() {
        let e = parse("extends: existence\nmessage: x\ntokens: [a]\nlevel: fatal\n").unwrap_err();
        assert_eq!(e.line(), 4);
        assert!(e.message.contains("fatal"));
    }
}
