//! Vale emulation, behind one seam: what parlance does only to stand in
//! for Vale where a user's scripts or editor plugins expect Vale. parlance's
//! own semantics are elsewhere; what is here runs only when a Vale flag,
//! output format or command asks for it.
//!
//! - [`placement`]: where Vale's search reports each finding (a post-pass
//!   over the findings' exact spans, for Vale's output formats only);
//! - [`output`]: Vale's `--output=JSON` and `--output=line`;
//! - [`cli`]: Vale's command-line input and exit rules and its `E100`
//!   banners;
//! - [`commands`]: `ls-config`, `ls-metrics` and the hidden `fix`.
//!
//! Every reproduced Vale accident, here and in the rule types, is marked
//! `Vale 3.7.1 quirk` with the anchor of its paragraph in
//! `docs/vale-compatibility.md` ("Vale's accidents parlance reproduces").

pub mod cli;
pub mod commands;
mod ls_config;
pub mod output;
pub mod placement;

/// How a run behaves: as parlance, or as Vale for a caller that invoked
/// it as Vale (any of Vale's flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Parlance,
    Vale { output: Option<ValeOutput> },
}

/// Vale's `--output` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValeOutput {
    Line,
    Json,
    /// Vale's human output, which parlance's human output stands for.
    Cli,
}

impl Dialect {
    /// Whether findings must be placed where Vale's search puts them.
    pub fn places_findings(self) -> bool {
        matches!(
            self,
            Dialect::Vale {
                output: Some(ValeOutput::Line | ValeOutput::Json)
            }
        )
    }

    pub fn is_vale(self) -> bool {
        matches!(self, Dialect::Vale { .. })
    }
}

/// An `--output` value Vale has that parlance does not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", unsupported_output(.0))]
pub struct UnsupportedOutput(pub String);

/// What `--output=VALUE` gets: a template is refused; any other value is
/// most likely a file the report was meant for (`-o FILE`).
fn unsupported_output(value: &str) -> String {
    if value.ends_with(".tmpl") {
        format!("--output={value}: templates are not supported (use line, JSON or CLI)")
    } else {
        format!(
            "--output={value}: Vale's --output takes line, JSON or CLI (templates are not supported); to write the report to a file, use `-o {value}`"
        )
    }
}

impl std::str::FromStr for ValeOutput {
    type Err = UnsupportedOutput;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "line" => Ok(ValeOutput::Line),
            "JSON" | "json" => Ok(ValeOutput::Json),
            "CLI" | "cli" => Ok(ValeOutput::Cli),
            other => Err(UnsupportedOutput(other.to_string())),
        }
    }
}
