//! Vale's command-line rules: which inputs a Vale invocation lints, when it
//! exits 1, and the `E100` banners scripts look for.

use std::io::{self, Write};
use std::path::PathBuf;

use crate::diagnostic::Severity;
use crate::error::{ErrorKind, Problems};
use crate::input::Input;
use crate::report::FileReport;

/// What Vale lints for `paths`: standard input when nothing is named and
/// something is piped in; the text itself when the one argument is not a
/// path (`vale "some text"`); else the paths.
pub fn inputs(
    paths: &[PathBuf],
    stdin_has_data: bool,
    text_name: &str,
) -> (Vec<PathBuf>, Option<Input>) {
    if paths.is_empty() && stdin_has_data {
        return (vec![PathBuf::from("-")], None);
    }
    if paths.len() == 1
        && paths[0].as_os_str() != "-"
        && std::fs::symlink_metadata(&paths[0]).is_err()
    {
        let text = Input::Text {
            name: text_name.to_string(),
            text: paths[0].to_string_lossy().into_owned(),
        };
        return (Vec::new(), Some(text));
    }
    (paths.to_vec(), None)
}

/// Vale's exit rule: 1 only when a finding is an error.
pub fn finds_errors(files: &[FileReport]) -> bool {
    files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .any(|d| d.severity == Severity::Error)
}

/// Vale has no built-in configuration to fall back on: its banner for a
/// run without a config file.
pub fn write_no_config(err: &mut dyn Write) -> io::Result<()> {
    writeln!(
        err,
        "E100 [.vale.ini not found] Runtime error\n\nno config file found \
         (parlance's built-in style runs only outside Vale mode)\n\n\
         Execution stopped with code 1."
    )
}

/// Vale's heading for a style that cannot be loaded, when `problems` hold
/// one.
pub fn write_banners(err: &mut dyn Write, problems: &Problems) -> io::Result<()> {
    if problems
        .errors
        .iter()
        .any(|e| e.kind == ErrorKind::MissingStyle)
    {
        writeln!(err, "E100 [loadStyles] Runtime error\n")?;
    }
    Ok(())
}

/// The name of standard input or of text given as an argument: `--path`,
/// else `stdin` with `--ext` (Vale's default `.txt`).
pub fn stdin_name(path: Option<&str>, ext: &str) -> String {
    match path {
        Some(path) => path.to_string(),
        None => format!("stdin{ext}"),
    }
}

/// `--ext` with its dot, Vale's default `.txt` when not given.
pub fn extension(ext: Option<&str>) -> String {
    match ext {
        None | Some("") => ".txt".to_string(),
        Some(ext) if ext.starts_with('.') => ext.to_string(),
        Some(ext) => format!(".{ext}"),
    }
}
