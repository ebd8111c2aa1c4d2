//! `parlance ls-config`: the configuration in effect as Vale's
//! `ls-config` prints its `Config` (Go's JSON: fields in struct order, map
//! keys sorted, an unset list as `null`, a 2-space indent), so editor
//! plugins and scripts that read it keep working.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::{Config, SectionConfig, Toggle};
use crate::diagnostic::Severity;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ValeConfig {
    block_ignores: BTreeMap<String, Vec<String>>,
    checks: Option<Vec<String>>,
    formats: BTreeMap<String, String>,
    asciidoctor: BTreeMap<String, String>,
    format_to_lang: BTreeMap<String, String>,
    g_base_styles: Option<Vec<String>>,
    g_checks: BTreeMap<String, bool>,
    ignored_classes: Option<Vec<String>>,
    ignored_scopes: Option<Vec<String>>,
    min_alert_level: u8,
    vocab: Option<Vec<String>>,
    rule_to_level: BTreeMap<String, String>,
    s_base_styles: BTreeMap<String, Vec<String>>,
    s_checks: BTreeMap<String, BTreeMap<String, bool>>,
    skipped_scopes: Option<Vec<String>>,
    stylesheets: BTreeMap<String, String>,
    token_ignores: BTreeMap<String, Vec<String>>,
    comment_delimiters: BTreeMap<String, [String; 2]>,
    word_template: String,
    #[serde(rename = "RootINI")]
    root_ini: String,
    paths: Vec<String>,
    config_files: Vec<String>,
    #[serde(rename = "NLPEndpoint")]
    nlp_endpoint: String,
}

/// The JSON text, newline-terminated.
pub fn render(config: &Config) -> String {
    let sections = || config.global.iter().chain(&config.sections);
    let per_section = |pick: fn(&SectionConfig) -> &Vec<String>| {
        sections()
            .filter(|s| !pick(s).is_empty())
            .map(|s| (s.pattern.clone(), pick(s).clone()))
            .collect()
    };
    let checks = |s: &SectionConfig| -> BTreeMap<String, bool> {
        s.toggles
            .iter()
            .map(|(rule, t)| (rule.clone(), *t == Toggle::On))
            .collect()
    };
    let non_empty = |list: Vec<String>| (!list.is_empty()).then_some(list);
    let mut named: Vec<String> = Vec::new();
    for (rule, _) in sections().flat_map(|s| &s.toggles) {
        if rule.contains('.') && !named.contains(rule) {
            named.push(rule.clone());
        }
    }
    let display = |p: &std::path::Path| p.display().to_string();
    let value = ValeConfig {
        block_ignores: per_section(|s| &s.block_ignores),
        checks: non_empty(named),
        formats: config.formats.clone().into_iter().collect(),
        asciidoctor: BTreeMap::new(),
        format_to_lang: BTreeMap::new(),
        g_base_styles: config
            .global
            .as_ref()
            .and_then(|g| g.based_on_styles.clone()),
        g_checks: config.global.as_ref().map(checks).unwrap_or_default(),
        ignored_classes: non_empty(config.markup.classes.clone()),
        ignored_scopes: non_empty(config.markup.ignored.clone()),
        min_alert_level: match config.min_level {
            Severity::Suggestion => 0,
            Severity::Warning => 1,
            Severity::Error => 2,
        },
        vocab: non_empty(config.vocab.iter().map(|v| v.name.clone()).collect()),
        rule_to_level: config
            .levels
            .iter()
            .map(|(rule, level)| (rule.clone(), level.as_str().to_string()))
            .collect(),
        s_base_styles: config
            .sections
            .iter()
            .filter_map(|s| Some((s.pattern.clone(), s.based_on_styles.clone()?)))
            .collect(),
        s_checks: config
            .sections
            .iter()
            .filter(|s| !s.toggles.is_empty())
            .map(|s| (s.pattern.clone(), checks(s)))
            .collect(),
        skipped_scopes: non_empty(config.markup.skipped.clone()),
        stylesheets: BTreeMap::new(),
        token_ignores: per_section(|s| &s.token_ignores),
        comment_delimiters: BTreeMap::new(),
        word_template: config.word_template.clone().unwrap_or_default(),
        root_ini: config.path.as_deref().map(display).unwrap_or_default(),
        paths: config.styles_paths.iter().map(|p| display(p)).collect(),
        config_files: config.sources.iter().map(|ini| ini.path.clone()).collect(),
        nlp_endpoint: String::new(),
    };
    let mut text = serde_json::to_string_pretty(&value).expect("plain data serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};
    use std::path::Path;

    #[test]
    fn prints_vales_fields_in_vales_order() {
        let config = Config::from_text(
            Path::new("/p/.vale.ini"),
            "MinAlertLevel = warning\nVocab = Base\n\n[*]\nBasedOnStyles = Vale\nBlockIgnores = (?s)x\n\n[*.md]\nBasedOnStyles = A, B\nA.Rule = NO\nB.Other = error\nTokenIgnores = `y`\n\n[formats]\nmdx = md\n",
        )
        .unwrap();
        let text = render(&config);
        assert!(text.starts_with("{\n  \"BlockIgnores\": {"), "{text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 23);
        assert_eq!(v["MinAlertLevel"], json!(1));
        assert_eq!(v["GBaseStyles"], json!(["Vale"]));
        assert_eq!(v["SBaseStyles"], json!({"*.md": ["A", "B"]}));
        assert_eq!(
            v["SChecks"],
            json!({"*.md": {"A.Rule": false, "B.Other": true}})
        );
        assert_eq!(v["RuleToLevel"], json!({"B.Other": "error"}));
        assert_eq!(v["Checks"], json!(["A.Rule", "B.Other"]));
        assert_eq!(v["BlockIgnores"], json!({"*": ["(?s)x"]}));
        // go-ini `readValue` takes the backticks off.
        assert_eq!(v["TokenIgnores"], json!({"*.md": ["y"]}));
        assert_eq!(v["Formats"], json!({"mdx": "md"}));
        assert_eq!(v["Vocab"], json!(["Base"]));
        assert_eq!(v["IgnoredScopes"], json!(["tt", "code", "kbd"]));
        assert_eq!(v["RootINI"], json!("/p/.vale.ini"));
        assert_eq!(v["ConfigFiles"], json!(["/p/.vale.ini"]));
    }
}
