//! Vale's commands that editor plugins and scripts call: `ls-config` (the
//! configuration in effect, as Vale prints it), `ls-metrics` (a document's
//! metric variables) and the hidden `fix` (the suggestions for one alert of
//! Vale's JSON, which vale-ls asks for quick fixes).

use std::io::{self, Write};

use serde::Serialize;

use crate::check::action_suggestions;
use crate::check::rules::document_metrics;
use crate::config::Config;
use crate::document::Document;
use crate::error::Problems;
use crate::lint::Linter;
use crate::styles::Action;

/// `ls-config`: the JSON text of `config`, as Vale prints its `Config`.
pub fn write_config(out: &mut dyn Write, config: &Config) -> io::Result<()> {
    out.write_all(super::ls_config::render(config).as_bytes())
}

/// `ls-metrics`: `doc`'s metric variables as a JSON object (Vale's 4-space
/// indent; whole numbers without a fraction).
pub fn write_metrics(out: &mut dyn Write, doc: &Document) -> io::Result<()> {
    let metrics: serde_json::Map<String, serde_json::Value> = document_metrics(doc)
        .into_iter()
        .map(|(name, value)| {
            let value = if value.fract() == 0.0 && value.abs() < 1e15 {
                serde_json::Value::from(value as i64)
            } else {
                serde_json::Value::from(value)
            };
            (name, value)
        })
        .collect();
    write_json(out, &metrics)
}

/// One alert of Vale's JSON, as much of it as `fix` reads.
#[derive(serde::Deserialize)]
struct Alert {
    #[serde(rename = "Action")]
    action: AlertAction,
    #[serde(rename = "Check", default)]
    check: String,
    #[serde(rename = "Match", default)]
    matched: String,
}

#[derive(serde::Deserialize)]
struct AlertAction {
    #[serde(rename = "Name", default)]
    name: String,
    #[serde(rename = "Params", default)]
    params: Option<Vec<String>>,
}

/// What `fix` answers: the suggestions, or why there are none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FixAnswer {
    pub suggestions: Vec<String>,
    pub error: String,
}

/// `fix`: the suggestions for `alert` (Vale's JSON of one alert), with the
/// linter of the configuration in effect for spelling suggestions
/// (`Err` holds why it did not load).
pub fn fix(alert: &str, linter: impl FnOnce() -> Result<Linter, Problems>) -> FixAnswer {
    let alert = match serde_json::from_str::<Alert>(alert) {
        Ok(alert) => alert,
        Err(e) => return answer(Vec::new(), format!("the alert is not Vale's JSON: {e}")),
    };
    let action = Action {
        name: alert.action.name.clone(),
        params: alert.action.params.clone().unwrap_or_default(),
    };
    match action.name.as_str() {
        "suggest" if action.params.first().is_some_and(|p| p == "spellings") => match linter() {
            Ok(linter) if linter.rules.find(&alert.check).is_some() => answer(
                linter.spelling_suggestions(&alert.check, &alert.matched),
                String::new(),
            ),
            Ok(_) => answer(
                Vec::new(),
                format!("{} is not a rule of this configuration", alert.check),
            ),
            Err(problems) => {
                let why = problems
                    .errors
                    .iter()
                    .map(|e| e.message.clone())
                    .chain(problems.failures.iter().map(|f| f.message.clone()))
                    .next()
                    .unwrap_or_else(|| "the configuration does not load".to_string());
                answer(Vec::new(), why)
            }
        },
        "suggest" => answer(
            Vec::new(),
            "script actions (Tengo) are not supported".to_string(),
        ),
        "replace" | "remove" | "convert" | "edit" => {
            answer(action_suggestions(&action, &alert.matched), String::new())
        }
        _ => answer(Vec::new(), "unknown action".to_string()),
    }
}

fn answer(suggestions: Vec<String>, error: String) -> FixAnswer {
    FixAnswer { suggestions, error }
}

/// Writes `value` as Vale's `ls-metrics` and `fix` print JSON: a 4-space
/// indent and a final newline.
pub fn write_json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let mut buf = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
    value.serialize(&mut ser).map_err(io::Error::other)?;
    buf.push(b'\n');
    out.write_all(&buf)
}
