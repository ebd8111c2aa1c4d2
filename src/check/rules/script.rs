//! `script`: a Tengo script (inline, or a `.tengo` file in
//! `<StylesPath>/config/scripts`) reads the unit's text as `scope` and
//! leaves `matches = [{begin, end, message?}]`, byte offsets into it. It
//! runs in [`parlance_tengo`], sandboxed and within a step and a memory
//! budget; a run-time error drops the unit's findings and is reported
//! once per rule.

use std::ops::Range;

use parlance_tengo::{compile_script, script_matches, CompileError, Limits, Program};

use super::{Compiled, Env, Matcher as AnyMatcher, RuleDef};
use crate::check::{plain, Finding, SearchInput};
use crate::compile::SearchAborted;
use crate::error::SourceError;
use crate::styles::{Fields, RuleSource};

pub(super) const KEYS: &[&str] = &["script"];

#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    /// The script as written, or the name of a `.tengo` file.
    pub script: String,
}

impl Definition {
    pub(super) fn read(fields: &Fields) -> Result<Definition, SourceError> {
        let script = fields.text_or_empty("script")?;
        if script.trim().is_empty() {
            return Err(fields.error("extends", "a script rule needs `script`"));
        }
        Ok(Definition { script })
    }

    /// Whether `script` names a file rather than holding the source.
    fn file_name(&self) -> Option<&str> {
        let name = self.script.trim();
        (name.ends_with(".tengo") && !name.contains('\n')).then_some(name)
    }

    pub(super) fn compile(&self, def: &RuleDef, env: &Env) -> Result<Compiled, SourceError> {
        let src = &def.source;
        let program = match self.file_name() {
            None => {
                compile_script(&self.script).map_err(|e| inline_error(src, &self.script, &e))?
            }
            Some(name) => {
                let path = env.resolver.script_file(name).ok_or_else(|| {
                    src.error(
                        src.key_range("script"),
                        format!("script file `{name}` not found"),
                    )
                    .with_note(format!(
                        "scripts are read from config/scripts on the StylesPath: {}",
                        env.resolver.describe()
                    ))
                })?;
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    src.error(
                        src.key_range("script"),
                        format!("cannot read {}: {e}", path.display()),
                    )
                })?;
                compile_script(&text).map_err(|e| {
                    src.error(
                        src.key_range("script"),
                        format!("invalid script in {name}, line {}: {}", e.line, e.message),
                    )
                    .with_note(format!(
                        "{}:{}:{}",
                        path.display(),
                        e.line,
                        e.column
                    ))
                })?
            }
        };
        Ok(Compiled::plain(AnyMatcher::Script(Matcher { program })))
    }
}

/// A compile error of an inline script, drawn on its line in the YAML
/// when the script is a block scalar whose lines can be found there.
fn inline_error(src: &RuleSource, script: &str, e: &CompileError) -> SourceError {
    let message = format!("invalid script, line {}: {}", e.line, e.message);
    let range = script_line_range(src, script, e.line).unwrap_or_else(|| src.key_range("script"));
    src.error(range, message)
}

/// Where line `line` (1-based) of an inline `script: |` block lies in the
/// rule file.
fn script_line_range(src: &RuleSource, script: &str, line: u32) -> Option<Range<usize>> {
    let wanted = script.lines().nth(line.checked_sub(1)? as usize)?.trim();
    let key = src.key_range("script");
    let text = &src.text[key.end..];
    let mut offset = key.end;
    // The block starts on the line after the key.
    let mut lines = text.split_inclusive('\n');
    offset += lines.next()?.len();
    for (n, l) in lines.enumerate() {
        if n + 1 == line as usize {
            if l.trim() != wanted {
                return None;
            }
            let start = offset + (l.len() - l.trim_start().len());
            return Some(start..start + l.trim().len());
        }
        offset += l.len();
    }
    None
}

#[derive(Debug, Clone)]
pub struct Matcher {
    program: Program,
}

impl Matcher {
    /// Runs the script on the unit's text. A run-time error (a budget
    /// exhausted included) is an abandoned search, reported by the check.
    pub(super) fn run(
        &self,
        input: &SearchInput,
        out: &mut Vec<Finding>,
    ) -> Result<(), SearchAborted> {
        let text = input.hay.text;
        let matches = script_matches(&self.program, text, Limits::default()).map_err(|e| {
            let at = if e.line > 0 {
                format!("line {}: ", e.line)
            } else {
                String::new()
            };
            SearchAborted(format!("{at}{}", e.message))
        })?;
        for m in matches {
            let range = char_range(text, m.begin..m.end);
            let matched = text[range.clone()].to_string();
            let mut finding = plain(range, vec![matched]);
            finding.message = m.message;
            out.push(finding);
        }
        Ok(())
    }
}

/// A script's byte range widened to whole characters (offsets may fall
/// inside one; Vale's would print a broken character).
fn char_range(text: &str, r: Range<usize>) -> Range<usize> {
    let mut start = r.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    if r.start >= r.end {
        return start..start;
    }
    let mut end = r.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_widen_to_characters() {
        assert_eq!(char_range("héllo", 2..2), 1..1);
        assert_eq!(char_range("héllo", 2..4), 1..4);
        assert_eq!(char_range("héllo", 1..2), 1..3);
        assert_eq!(char_range("ab", 5..9), 2..2);
    }
}
