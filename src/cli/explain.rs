//! `parlance explain RULE`: a rule's level, type, fix, source, message,
//! description and examples.

use std::io::{self, Write};

use super::{linter_or_report, ConfigArgs, ExitStatus};
use crate::check::rules::{self, Read, RuleDef};
use crate::styles;

pub(super) fn run(id: &str, config: &ConfigArgs) -> io::Result<ExitStatus> {
    let Some(linter) = linter_or_report(config)? else {
        return Ok(ExitStatus::Failure);
    };
    // A rule of the embedded default is explained even when the config in
    // effect does not use it.
    let embedded;
    let rule = match linter.rules.find(id) {
        Some(r) => Some((r.def.as_ref(), r.level)),
        None => {
            embedded = embedded_rule(id);
            embedded.as_ref().map(|r| (r, r.level))
        }
    };
    let Some((def, level)) = rule else {
        let mut ids: Vec<String> = linter
            .rules
            .rules
            .iter()
            .map(|r| r.def.id.clone())
            .collect();
        ids.extend(
            styles::EMBEDDED
                .iter()
                .map(|(style, name, _)| format!("{style}.{name}")),
        );
        let hint = match nearest_rule(id, &ids) {
            Some(near) => format!("; did you mean `{near}`?"),
            None => String::new(),
        };
        eprintln!("error: no rule `{id}` in the configuration in effect or the built-in styles (see `parlance rules`){hint}");
        return Ok(ExitStatus::Failure);
    };
    let mut out = io::stdout().lock();
    writeln!(out, "{}", def.id)?;
    writeln!(out, "  level:  {level}")?;
    writeln!(out, "  type:   {}", def.extends)?;
    let action = def.action.as_ref().map(|a| a.name.as_str());
    let fix = match def.fix {
        Some(f) => f.as_str(),
        None => def.definition.fix_summary(action),
    };
    writeln!(out, "  fix:    {fix}")?;
    writeln!(out, "  source: {}", def.origin.display())?;
    if let Some(link) = &def.link {
        writeln!(out, "  link:   {link}")?;
    }
    writeln!(out, "  message: {}", def.message.trim())?;
    if !def.description.trim().is_empty() {
        writeln!(out)?;
        for line in def.description.trim().lines() {
            writeln!(out, "  {line}")?;
        }
    }
    for (title, list) in [("Bad", &def.examples.bad), ("Good", &def.examples.good)] {
        if !list.is_empty() {
            writeln!(out, "\n  {title}:")?;
            for e in list {
                writeln!(out, "    - {}", e.trim())?;
            }
        }
    }
    Ok(ExitStatus::Clean)
}

/// The built-in style's rule `id`, read from the binary.
fn embedded_rule(id: &str) -> Option<RuleDef> {
    let (style, name) = id.split_once('.')?;
    let loaded = styles::load_embedded(style);
    let file = loaded.files.iter().find(|f| f.name == name)?;
    match rules::read(file) {
        Ok(Read::Rule(rule)) => Some(*rule),
        _ => None,
    }
}

/// The rule of `ids` that `id` most likely means: the one whose name is
/// `id` when no style is given (`Costumer` → `Business.Costumer`), else
/// the closest id, or the closest name.
fn nearest_rule<'a>(id: &str, ids: &'a [String]) -> Option<&'a str> {
    let name = |i: &'a String| i.split_once('.').map_or(i.as_str(), |(_, n)| n);
    if !id.contains('.') {
        if let Some(exact) = ids.iter().find(|i| name(i).eq_ignore_ascii_case(id)) {
            return Some(exact);
        }
    }
    crate::error::closest(id, ids.iter().map(String::as_str)).or_else(|| {
        let bare = id.rsplit('.').next().unwrap_or(id);
        let near = crate::error::closest(bare, ids.iter().map(name))?;
        ids.iter().find(|i| name(i) == near).map(String::as_str)
    })
}

#[cfg(test)]
mod tests {
    use super::nearest_rule;

    #[test]
    fn a_rule_name_without_its_style_or_misspelled_is_found() {
        let ids: Vec<String> = ["Business.Costumer", "Business.Utilize", "Microsoft.Passive"]
            .map(String::from)
            .to_vec();
        assert_eq!(nearest_rule("Costumer", &ids), Some("Business.Costumer"));
        assert_eq!(
            nearest_rule("Business.Utilise", &ids),
            Some("Business.Utilize")
        );
        assert_eq!(nearest_rule("Passiv", &ids), Some("Microsoft.Passive"));
        assert_eq!(nearest_rule("Zebra", &ids), None);
    }
}
