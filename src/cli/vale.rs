//! Vale's commands on the command line: `ls-metrics`, `ls-config` and the
//! hidden `fix` (their output is `vale::commands`').

use std::io::{self, Write};
use std::path::Path;

use super::{load_config, load_linter, stderr_color, ConfigArgs, ExitStatus};
use crate::document::Document;
use crate::error::{Notice, Problems};
use crate::input::{self, Input, ReadOutcome};
use crate::report;
use crate::vale::commands;

/// `parlance ls-metrics FILE`.
pub(super) fn ls_metrics(file: &Path) -> io::Result<ExitStatus> {
    let input = Input::File {
        path: file.to_path_buf(),
        display: file.display().to_string(),
    };
    let text = match input::read(&input) {
        Ok(ReadOutcome::Text { text, .. }) => text,
        Ok(ReadOutcome::Skipped { notice, .. }) | Err(notice) => {
            eprintln!("error: {}: {}", notice.path, notice.message);
            return Ok(ExitStatus::Failure);
        }
    };
    let doc = Document::from_path_and_text(file, text);
    commands::write_metrics(&mut io::stdout().lock(), &doc)?;
    Ok(ExitStatus::Clean)
}

/// `parlance ls-config`: the configuration that lints files here.
pub(super) fn ls_config(args: &ConfigArgs) -> io::Result<ExitStatus> {
    match load_config(args)? {
        Ok(config) => {
            commands::write_config(&mut io::stdout().lock(), &config)?;
            Ok(ExitStatus::Clean)
        }
        Err(problems) => {
            report::write_problems(&mut io::stderr(), &problems, stderr_color())?;
            Ok(ExitStatus::Failure)
        }
    }
}

/// `parlance fix ALERT`: the alert as JSON text, or a file holding it.
pub(super) fn fix(alert: &str, args: &ConfigArgs) -> io::Result<ExitStatus> {
    let text = std::fs::read_to_string(alert).unwrap_or_else(|_| alert.to_string());
    let answer = commands::fix(&text, || match load_linter(args, None) {
        Ok(result) => result,
        Err(e) => Err(Problems {
            failures: vec![Notice {
                path: String::new(),
                message: e.to_string(),
            }],
            ..Problems::default()
        }),
    });
    let mut out = io::stdout().lock();
    commands::write_json(&mut out, &answer)?;
    out.flush()?;
    Ok(if answer.error.is_empty() {
        ExitStatus::Clean
    } else {
        ExitStatus::Failure
    })
}
