//! The input stage: which files to lint (walking folders like ripgrep) and
//! reading them into text.

use std::io::Read;
use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use crate::error::Notice;

/// Extensions linted when walking a folder (a file named on the command
/// line is linted whatever its extension).
pub const WALKED_EXTENSIONS: &[&str] = &[
    "md", "markdown", "mdown", "markdn", "mkd", "mdx", "txt", "text",
];

/// One thing to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input, with the name that sets its format and config section.
    Stdin {
        name: String,
    },
    File {
        path: PathBuf,
        display: String,
    },
}

impl Input {
    /// The path shown in reports and matched against config globs.
    pub fn display(&self) -> &str {
        match self {
            Input::Stdin { name } => name,
            Input::File { display, .. } => display,
        }
    }
}

/// Expands the command-line paths (`-` is stdin) into inputs, walking
/// folders while respecting `.gitignore`, `.ignore` and `.parlanceignore`.
pub fn collect(paths: &[PathBuf], stdin_name: &str) -> (Vec<Input>, Vec<Notice>) {
    let mut inputs = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin {
                name: stdin_name.to_string(),
            });
            continue;
        }
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, &mut inputs, &mut failures),
            Ok(_) => inputs.push(Input::File {
                path: path.clone(),
                display: display_path(path),
            }),
            Err(e) => failures.push(Notice {
                path: display_path(path),
                message: format!("cannot read: {e}"),
            }),
        }
    }
    inputs.sort_by(|a, b| a.display().cmp(b.display()));
    inputs.dedup();
    (inputs, failures)
}

fn walk(root: &Path, inputs: &mut Vec<Input>, failures: &mut Vec<Notice>) {
    let walker = WalkBuilder::new(root)
        .hidden(true)
        .require_git(false)
        .follow_links(true)
        .add_custom_ignore_filename(".parlanceignore")
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                let wanted = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| WALKED_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
                if is_file && wanted {
                    inputs.push(Input::File {
                        path: path.to_path_buf(),
                        display: display_path(path),
                    });
                }
            }
            Err(e) => failures.push(Notice {
                path: display_path(root),
                message: format!("while walking: {e}"),
            }),
        }
    }
}

/// `/`-separated, without a leading `./`.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// What reading an input gives.
#[derive(Debug)]
pub enum ReadOutcome {
    Text {
        text: String,
        notice: Option<Notice>,
    },
    /// Skipped, with the reason (a binary file).
    Skipped(Notice),
}

/// How far into a file we look for a NUL byte to call it binary (as git
/// and ripgrep do).
const BINARY_PROBE: usize = 8 * 1024;

/// Reads an input as text: invalid UTF-8 is decoded lossily with a notice;
/// a binary file is skipped.
pub fn read(input: &Input) -> Result<ReadOutcome, Notice> {
    let (bytes, name) = match input {
        Input::Stdin { name } => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).map_err(|e| Notice {
                path: name.clone(),
                message: format!("cannot read standard input: {e}"),
            })?;
            (buf, name.clone())
        }
        Input::File { path, display } => (
            std::fs::read(path).map_err(|e| Notice {
                path: display.clone(),
                message: format!("cannot read: {e}"),
            })?,
            display.clone(),
        ),
    };
    Ok(decode(bytes, &name))
}

/// Bytes to text, as [`read`] does.
pub fn decode(bytes: Vec<u8>, name: &str) -> ReadOutcome {
    if bytes[..bytes.len().min(BINARY_PROBE)].contains(&0) {
        return ReadOutcome::Skipped(Notice {
            path: name.to_string(),
            message: "binary file (NUL byte found); skipped".into(),
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => ReadOutcome::Text { text, notice: None },
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            ReadOutcome::Text {
                text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
                notice: Some(Notice {
                    path: name.to_string(),
                    message: format!(
                        "not valid UTF-8 (first bad byte at offset {at}); decoded with replacement characters, so offsets after it are offsets into the decoded text"
                    ),
                }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_and_invalid_utf8() {
        assert!(matches!(
            decode(b"a\0b".to_vec(), "x"),
            ReadOutcome::Skipped(_)
        ));
        match decode(b"ok \xff here".to_vec(), "x") {
            ReadOutcome::Text { text, notice } => {
                assert!(text.contains("here"));
                assert!(notice.unwrap().message.contains("offset 3"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn display_paths_are_slash_separated() {
        assert_eq!(display_path(Path::new("./docs/a.md")), "docs/a.md");
    }
}
