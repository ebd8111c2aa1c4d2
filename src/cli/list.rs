//! `parlance rules`: every rule loaded with its level, type and source,
//! and whether it is on (a rule switched off in every section is not in
//! effect).

use std::io::{self, Write};

use super::{linter_or_report, ConfigArgs, ExitStatus, RulesFormat};
use crate::config::{Config, FileRules, SectionConfig};

pub(super) fn run(format: RulesFormat, config: &ConfigArgs) -> io::Result<ExitStatus> {
    let Some(linter) = linter_or_report(config)? else {
        return Ok(ExitStatus::Failure);
    };
    let mut out = io::stdout().lock();
    let rules = &linter.rules.rules;
    let on: Vec<bool> = rules
        .iter()
        .map(|r| is_on(&linter.config, &r.def.id, &r.def.style))
        .collect();
    match format {
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = rules
                .iter()
                .zip(&on)
                .map(|(r, on)| {
                    serde_json::json!({
                        "name": r.def.id,
                        "level": r.level.as_str(),
                        "type": r.def.extends,
                        "style": r.def.style,
                        "source": r.def.origin.display().to_string(),
                        "on": on,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        }
        RulesFormat::Human => {
            let width = rules
                .iter()
                .map(|r| r.def.id.len())
                .max()
                .unwrap_or(0)
                .max("RULE".len());
            writeln!(
                out,
                "{:width$}  {:10}  {:12}  SOURCE",
                "RULE", "LEVEL", "TYPE"
            )?;
            for (r, on) in rules.iter().zip(&on) {
                writeln!(
                    out,
                    "{:width$}  {:10}  {:12}  {}",
                    r.def.id,
                    if *on { r.level.as_str() } else { "off" },
                    r.def.extends,
                    r.def.origin.display()
                )?;
            }
            let off = on.iter().filter(|on| !**on).count();
            match off {
                0 => writeln!(out, "{} rules", rules.len())?,
                n => writeln!(out, "{} rules, {n} off", rules.len())?,
            }
        }
    }
    Ok(if linter.problems.is_failure() {
        ExitStatus::Failure
    } else {
        ExitStatus::Clean
    })
}

/// Whether rule `id` of `style` runs on the files of some section: `[*]`
/// alone, or a `[glob]` section over `[*]`, as [`Config::file_rules`]
/// combines them for a file.
fn is_on(config: &Config, id: &str, style: &str) -> bool {
    let global = config.global.as_ref();
    let view = |section: Option<&SectionConfig>| {
        let styles = section
            .and_then(|s| s.based_on_styles.clone())
            .or_else(|| global.and_then(|g| g.based_on_styles.clone()))
            .unwrap_or_default();
        let toggles = section
            .into_iter()
            .chain(global)
            .flat_map(|s| s.toggles.iter().rev().cloned())
            .collect();
        FileRules { styles, toggles }.enables(id, style)
    };
    (global.is_some() && view(None)) || config.sections.iter().any(|s| view(Some(s)))
}
