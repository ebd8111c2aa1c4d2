//! The input stage: which files to lint (walking folders like ripgrep) and
//! reading them into text.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;

use ignore::overrides::{Override, OverrideBuilder};
use ignore::{WalkBuilder, WalkState};

use crate::error::{Notice, Problems};

/// Extensions linted when walking a folder (a file named on the command
/// line is linted whatever its extension).
pub const WALKED_EXTENSIONS: &[&str] = &[
    "md", "markdown", "mdown", "markdn", "mkd", "mdx", "txt", "text", "html", "htm", "shtml",
    "xhtml", "org",
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
    /// Standard input read already (piped in with no path given), with
    /// the name that sets its format and config section.
    Piped {
        name: String,
        bytes: Vec<u8>,
    },
    /// Text given on the command line (Vale's `vale "some text"`).
    Text {
        name: String,
        text: String,
    },
}

impl Input {
    /// The path shown in reports and matched against config globs.
    pub fn display(&self) -> &str {
        match self {
            Input::Stdin { name } | Input::Piped { name, .. } => name,
            Input::File { display, .. } => display,
            Input::Text { name, .. } => name,
        }
    }
}

/// The ignore file of our own, read like `.gitignore` in every folder.
pub const IGNORE_FILE: &str = ".parlanceignore";

/// How files are chosen (the command line's file-selection flags).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// `--no-ignore`: read no `.gitignore`, `.ignore` or `.parlanceignore`.
    pub no_ignore: bool,
    /// `--hidden`: walk hidden files and folders too.
    pub hidden: bool,
    /// `--glob`: ripgrep's globs, relative to the working directory: a file
    /// must match one of them (when any is given) and none of the
    /// `!`-prefixed ones.
    pub globs: Vec<String>,
    /// `--force-exclude`: ignore files and `!` globs apply to files named
    /// on the command line too (pre-commit names every staged file).
    pub force_exclude: bool,
    /// Walker threads; 0 picks a number from the machine.
    pub threads: usize,
    /// Vale mode: never walk into `node_modules` or `.git`, at any depth;
    /// walk source files too (their comments are linted).
    pub skip_vendor_dirs: bool,
    /// The config's `[formats]` (extensions, lower case, no dot): a file
    /// whose extension is mapped is walked when the format it is mapped to
    /// can be read, and counted as skipped when it cannot.
    pub formats: Vec<(String, String)>,
    /// `--follow`: walk into symlinked folders and files. Off by default,
    /// as in ripgrep, so that a folder's walk (and `--fix` on it) stays
    /// inside the folder given.
    pub follow: bool,
}

impl Selection {
    /// The format of extension `ext` (lower case) after `[formats]`, when
    /// parlance cannot read it.
    fn unreadable(&self, ext: &str) -> Option<&'static str> {
        let to = self
            .formats
            .iter()
            .find(|(from, _)| from == ext)
            .map_or(ext, |(_, to)| to.as_str());
        crate::config::format::unsupported_format(to)
    }
}

/// What [`collect`] found.
#[derive(Debug, Default)]
pub struct Collected {
    /// Sorted by path.
    pub inputs: Vec<Input>,
    /// Paths that cannot be read (failures), symlink loops and links not
    /// followed (notices).
    pub problems: Problems,
    /// Files a walk passed over because parlance cannot read their format:
    /// one notice per format with the count, and one more when nothing
    /// else was found. Kept apart from the other notices, which Vale's
    /// machine outputs drop: a folder of reStructuredText must not lint
    /// nothing in silence.
    pub unreadable: Vec<Notice>,
}

/// Folders Vale never walks into.
const VALE_SKIPPED_DIRS: &[&str] = &["node_modules", ".git"];

/// Expands the command-line paths (`-` is stdin) into inputs, walking
/// folders in parallel while respecting `.gitignore`, `.ignore` and
/// `.parlanceignore`. Inputs come back sorted by path, whatever the thread
/// count, with what went wrong on the way: paths that cannot be read are
/// failures, symlink loops (cut, nothing lost) notices, and files of a
/// format parlance cannot read are counted.
pub fn collect(paths: &[PathBuf], stdin_name: &str, selection: &Selection) -> Collected {
    let mut collected = Collected::default();
    let Collected {
        inputs,
        problems,
        unreadable,
    } = &mut collected;
    let failures = &mut problems.failures;
    let overrides = match overrides(&selection.globs) {
        Ok(o) => o,
        Err(e) => {
            failures.push(Notice {
                path: String::new(),
                message: format!("bad --glob: {e}"),
            });
            return collected;
        }
    };
    let mut dirs = Vec::new();
    let mut files = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin {
                name: stdin_name.to_string(),
            });
            continue;
        }
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => dirs.push(path.clone()),
            Ok(_) => files.push(path.clone()),
            Err(e) => failures.push(Notice {
                path: display_path(path),
                message: format!("cannot read: {e}"),
            }),
        }
    }
    if selection.force_exclude && !files.is_empty() {
        files = not_excluded(files, selection, &overrides);
    }
    inputs.extend(files.into_iter().map(|path| Input::File {
        display: display_path(&path),
        path,
    }));
    if !dirs.is_empty() {
        let skipped = walk(&dirs, selection, &overrides, inputs, problems);
        unreadable.extend(skipped_notices(&skipped));
        if !skipped.is_empty() && inputs.is_empty() {
            unreadable.push(Notice {
                path: String::new(),
                message: "no file was linted: every file found is in a format parlance cannot read"
                    .to_string(),
            });
        }
    }
    inputs.sort_by(|a, b| a.display().cmp(b.display()));
    inputs.dedup();
    for list in [&mut problems.failures, &mut problems.notices] {
        list.sort_by(|a, b| a.path.cmp(&b.path));
    }
    collected
}

/// Files of an unreadable format a walk passed over: (format, extension)
/// → how many.
type Skipped = std::collections::BTreeMap<(&'static str, String), usize>;

/// One notice per format: `skipped 12 .rst files: reStructuredText is not
/// supported yet`.
fn skipped_notices(skipped: &Skipped) -> Vec<Notice> {
    let mut by_format: Vec<(&str, Vec<String>)> = Vec::new();
    for ((format, ext), n) in skipped {
        let count = format!("{n} .{ext} file{}", if *n == 1 { "" } else { "s" });
        match by_format.iter_mut().find(|(f, _)| f == format) {
            Some((_, counts)) => counts.push(count),
            None => by_format.push((format, vec![count])),
        }
    }
    by_format
        .into_iter()
        .map(|(format, counts)| {
            let counts = match counts.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!("{} and {last}", rest.join(", "))
                }
                _ => counts.concat(),
            };
            Notice {
                path: String::new(),
                message: format!("skipped {counts}: {format} is not supported yet"),
            }
        })
        .collect()
}

/// What a walk error means for the user: the path it is about, the
/// message, and whether a file may have been missed (a failure) or not (a
/// symlink loop, cut where it closes).
fn walk_problem(error: &ignore::Error) -> (String, String, bool) {
    let mut path = None;
    let mut inner = error;
    loop {
        match inner {
            ignore::Error::WithPath { path: p, err } => {
                path.get_or_insert(p.clone());
                inner = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                inner = err;
            }
            _ => break,
        }
    }
    match inner {
        ignore::Error::Loop { ancestor, child } => (
            display_path(child),
            format!(
                "symlink loop: leads back to {}; not followed again",
                display_path(ancestor)
            ),
            false,
        ),
        ignore::Error::Io(e) => (
            path.as_deref().map(display_path).unwrap_or_default(),
            format!("cannot read: {e}"),
            true,
        ),
        other => (
            path.as_deref().map(display_path).unwrap_or_default(),
            format!("while walking: {other}"),
            true,
        ),
    }
}

fn overrides(globs: &[String]) -> Result<Override, ignore::Error> {
    let cwd = std::env::current_dir().map_err(ignore::Error::from)?;
    let mut builder = OverrideBuilder::new(cwd);
    for glob in globs {
        builder.add(glob)?;
    }
    builder.build()
}

fn walker(roots: &[PathBuf], selection: &Selection, overrides: &Override) -> WalkBuilder {
    let mut builder = WalkBuilder::new(&roots[0]);
    for root in &roots[1..] {
        builder.add(root);
    }
    builder
        .standard_filters(!selection.no_ignore)
        .hidden(!selection.hidden)
        .require_git(false)
        .follow_links(selection.follow)
        .overrides(overrides.clone())
        .threads(selection.threads);
    if !selection.no_ignore {
        builder.add_custom_ignore_filename(IGNORE_FILE);
    }
    if selection.skip_vendor_dirs {
        builder.filter_entry(|entry| {
            !(entry.file_type().is_some_and(|t| t.is_dir())
                && entry
                    .file_name()
                    .to_str()
                    .is_some_and(|name| VALE_SKIPPED_DIRS.contains(&name)))
        });
    }
    builder
}

/// What a walk sends for one entry.
enum Found {
    Input(Input),
    /// (path, message, whether a file may have been missed).
    Problem(String, String, bool),
    /// A file of a format parlance cannot read: (format, extension).
    Unreadable(&'static str, String),
}

/// Walks `roots` on several threads, keeping prose files (by extension, or
/// named by a `--glob`); gives the files of unreadable formats it passed
/// over, counted.
fn walk(
    roots: &[PathBuf],
    selection: &Selection,
    overrides: &Override,
    inputs: &mut Vec<Input>,
    problems: &mut Problems,
) -> Skipped {
    let (tx, rx) = mpsc::channel();
    walker(roots, selection, overrides)
        .build_parallel()
        .run(|| {
            let tx = tx.clone();
            Box::new(move |entry| {
                let found = match entry {
                    Ok(entry) => {
                        let path = entry.path();
                        if entry.path_is_symlink() && !selection.follow && entry.depth() > 0 {
                            // Said, not skipped silently.
                            let message = "a symbolic link; not followed (--follow follows links)";
                            return match tx.send(Found::Problem(
                                display_path(path),
                                message.to_string(),
                                false,
                            )) {
                                Ok(()) => WalkState::Continue,
                                Err(_) => WalkState::Quit,
                            };
                        }
                        let is_file = entry.file_type().is_some_and(|t| t.is_file());
                        let ext = path
                            .extension()
                            .and_then(|e| e.to_str())
                            .map(str::to_ascii_lowercase);
                        let unreadable = ext.as_deref().and_then(|e| selection.unreadable(e));
                        let wanted = ext.as_deref().is_some_and(|e| {
                            WALKED_EXTENSIONS.contains(&e)
                                || selection.formats.iter().any(|(from, _)| from == e)
                                || (selection.skip_vendor_dirs
                                    && crate::config::format::CODE_EXTENSIONS
                                        .iter()
                                        .any(|(code, _)| *code == e))
                        }) || overrides.matched(path, false).is_whitelist();
                        match (is_file, unreadable, ext) {
                            (true, Some(format), Some(ext))
                                if !overrides.matched(path, false).is_ignore() =>
                            {
                                Found::Unreadable(format, ext)
                            }
                            (true, None, _) if wanted => Found::Input(Input::File {
                                path: path.to_path_buf(),
                                display: display_path(path),
                            }),
                            _ => return WalkState::Continue,
                        }
                    }
                    Err(e) => {
                        let (path, message, failed) = walk_problem(&e);
                        Found::Problem(path, message, failed)
                    }
                };
                match tx.send(found) {
                    Ok(()) => WalkState::Continue,
                    Err(_) => WalkState::Quit,
                }
            })
        });
    drop(tx);
    let mut skipped = Skipped::new();
    for found in rx {
        match found {
            Found::Input(input) => inputs.push(input),
            Found::Problem(path, message, failed) => {
                let list = if failed {
                    &mut problems.failures
                } else {
                    &mut problems.notices
                };
                list.push(Notice { path, message });
            }
            Found::Unreadable(format, ext) => *skipped.entry((format, ext)).or_default() += 1,
        }
    }
    skipped
}

/// The named `files` that a walk would reach: each is looked for by a walk
/// that descends only toward it, so every ignore file on the way (and a
/// folder ignored as a whole) and every `!` glob applies exactly as when
/// walking. Hidden paths are kept: naming a file is enough to show it is
/// wanted. A file outside the working directory is checked from its own
/// folder.
fn not_excluded(files: Vec<PathBuf>, selection: &Selection, overrides: &Override) -> Vec<PathBuf> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let selection = Selection {
        hidden: true,
        ..selection.clone()
    };
    // Walk root → (normalised path → the path as named).
    let mut by_root: Vec<(PathBuf, Vec<(PathBuf, PathBuf)>)> = Vec::new();
    for file in files {
        let relative = if file.is_absolute() {
            file.strip_prefix(&cwd).ok().map(Path::to_path_buf)
        } else {
            Some(file.clone())
        }
        .map(|p| normalise(&p))
        .filter(|p| !p.components().any(|c| c == Component::ParentDir));
        let (root, key) = match relative {
            Some(rel) => (PathBuf::from("."), rel),
            None => {
                let root = file.parent().map(Path::to_path_buf).unwrap_or_default();
                (root.clone(), normalise(&file))
            }
        };
        match by_root.iter_mut().find(|(r, _)| *r == root) {
            Some((_, list)) => list.push((key, file)),
            None => by_root.push((root, vec![(key, file)])),
        }
    }
    let mut kept = Vec::new();
    for (root, wanted) in by_root {
        let targets: HashSet<PathBuf> = wanted.iter().map(|(k, _)| k.clone()).collect();
        let on_the_way: HashSet<PathBuf> = targets
            .iter()
            .flat_map(|t| t.ancestors().skip(1).map(Path::to_path_buf))
            .collect();
        let mut builder = walker(std::slice::from_ref(&root), &selection, overrides);
        builder.filter_entry(move |e| {
            let p = normalise(e.path());
            e.depth() == 0 || on_the_way.contains(&p) || targets.contains(&p)
        });
        let reached: HashSet<PathBuf> = builder
            .build()
            .filter_map(Result::ok)
            .map(|e| normalise(e.path()))
            .collect();
        kept.extend(
            wanted
                .into_iter()
                .filter(|(key, _)| reached.contains(key))
                .map(|(_, file)| file),
        );
    }
    kept
}

/// `./a//b/./c` → `a/b/c`, so walked and named paths compare equal.
fn normalise(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| *c != Component::CurDir)
        .collect()
}

/// `/`-separated, without a leading `./`.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// How a file's bytes encode its text, so that `--fix` writes it back the
/// same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    /// UTF-16 with a byte order mark (kept as the text's first character).
    Utf16Le,
    Utf16Be,
}

impl TextEncoding {
    /// `text` as bytes in this encoding.
    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            TextEncoding::Utf8 => text.as_bytes().to_vec(),
            TextEncoding::Utf16Le => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
            TextEncoding::Utf16Be => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        }
    }
}

/// What reading an input gives.
#[derive(Debug)]
pub enum ReadOutcome {
    Text {
        text: String,
        encoding: TextEncoding,
        notice: Option<Notice>,
        /// The bytes as read when `text` is not exactly what they encode
        /// (invalid UTF-8 or UTF-16 decoded with replacement characters):
        /// writing `text` back would change bytes nobody asked to change.
        lossy: Option<Vec<u8>>,
    },
    /// Skipped, with the reason (a binary file), and the bytes as read.
    Skipped { notice: Notice, bytes: Vec<u8> },
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
        Input::Piped { name, bytes } => (bytes.clone(), name.clone()),
        Input::Text { name, text } => (text.clone().into_bytes(), name.clone()),
    };
    Ok(decode(bytes, &name))
}

/// Bytes to text, as [`read`] does: UTF-16 when a byte order mark says so
/// (as ripgrep sniffs it), else UTF-8.
pub fn decode(bytes: Vec<u8>, name: &str) -> ReadOutcome {
    let utf16 = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some((TextEncoding::Utf16Le, u16::from_le_bytes as fn(_) -> _)),
        Some([0xFE, 0xFF]) => Some((TextEncoding::Utf16Be, u16::from_be_bytes as fn(_) -> _)),
        _ => None,
    };
    if let Some((encoding, unit)) = utf16 {
        let units = bytes.chunks(2).map(|pair| match pair {
            [a, b] => unit([*a, *b]),
            // An odd last byte cannot be a UTF-16 unit.
            _ => 0xFFFD,
        });
        let mut bad = None;
        let text: String = char::decode_utf16(units)
            .enumerate()
            .map(|(i, c)| {
                c.unwrap_or_else(|_| {
                    bad.get_or_insert(i);
                    char::REPLACEMENT_CHARACTER
                })
            })
            .collect();
        let lossy = bad.is_some() || bytes.len() % 2 == 1;
        let notice = lossy.then(|| Notice {
            path: name.to_string(),
            message: "not valid UTF-16 (a lone surrogate or an odd last byte); decoded with replacement characters".into(),
        });
        return ReadOutcome::Text {
            text,
            encoding,
            notice,
            lossy: lossy.then_some(bytes),
        };
    }
    if bytes[..bytes.len().min(BINARY_PROBE)].contains(&0) {
        return ReadOutcome::Skipped {
            notice: Notice {
                path: name.to_string(),
                message: "binary file (NUL byte found); skipped".into(),
            },
            bytes,
        };
    }
    match String::from_utf8(bytes) {
        Ok(text) => ReadOutcome::Text {
            text,
            encoding: TextEncoding::Utf8,
            notice: None,
            lossy: None,
        },
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            ReadOutcome::Text {
                text,
                encoding: TextEncoding::Utf8,
                notice: Some(Notice {
                    path: name.to_string(),
                    message: format!(
                        "not valid UTF-8 (first bad byte at offset {at}); decoded with replacement characters, so offsets after it are offsets into the decoded text"
                    ),
                }),
                lossy: Some(e.into_bytes()),
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
            ReadOutcome::Skipped { bytes, .. } if bytes == b"a\0b"
        ));
        match decode(b"ok \xff here".to_vec(), "x") {
            ReadOutcome::Text {
                text,
                notice,
                lossy,
                ..
            } => {
                assert!(text.contains("here"));
                assert!(notice.unwrap().message.contains("offset 3"));
                assert_eq!(lossy.as_deref(), Some(&b"ok \xff here"[..]));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded_and_encoded_back() {
        for encoding in [TextEncoding::Utf16Le, TextEncoding::Utf16Be] {
            let text = "\u{feff}Our costumer: Привет 🚀\r\n";
            let bytes = encoding.encode(text);
            match decode(bytes.clone(), "x") {
                ReadOutcome::Text {
                    text: decoded,
                    encoding: found,
                    notice: None,
                    lossy: None,
                } => {
                    assert_eq!((decoded.as_str(), found), (text, encoding));
                    assert_eq!(found.encode(&decoded), bytes);
                }
                other => panic!("{other:?}"),
            }
        }
        // A lone surrogate and an odd last byte are replaced, with a notice.
        match decode(vec![0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b'], "x") {
            ReadOutcome::Text { text, notice, .. } => {
                assert_eq!(text, "\u{feff}a\u{fffd}\u{fffd}");
                assert!(notice.unwrap().message.contains("not valid UTF-16"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn normalised_paths_compare_equal() {
        assert_eq!(
            normalise(Path::new("./a//b/./c.md")),
            PathBuf::from("a/b/c.md")
        );
    }

    #[test]
    fn display_paths_are_slash_separated() {
        assert_eq!(display_path(Path::new("./docs/a.md")), "docs/a.md");
    }
}
