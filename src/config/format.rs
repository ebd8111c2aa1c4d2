//! Which format a file is read as, and how its markup is read: what the
//! configuration decides (`[formats]`, `SkippedScopes`, `IgnoredScopes`,
//! `IgnoredClasses`, `CommentDelimiters`) before any document is parsed.

use std::path::Path;

/// The markup a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    /// HTML (`.html`, `.htm`, `.shtml`, `.xhtml`).
    Html,
    /// Org mode, as much of it as Vale reads.
    Org,
    /// Plain text: `.txt` and any extension we do not parse.
    Text,
    /// Source code: only the text of its line comments (`#` or `//`, the
    /// marker given) is prose, one block per comment line.
    Code(&'static str),
}

/// Vale's markup formats parlance cannot read yet, by extension (Vale's
/// `FormatByExtension`, vale-reference §2.1; Vale converts them with
/// rst2html, asciidoctor, xsltproc or dita), with the format's name.
pub const UNSUPPORTED_FORMATS: &[(&str, &str)] = &[
    ("rst", "reStructuredText"),
    ("rest", "reStructuredText"),
    ("adoc", "AsciiDoc"),
    ("asciidoc", "AsciiDoc"),
    ("asc", "AsciiDoc"),
    ("xml", "XML"),
    ("xsd", "XML"),
    ("dita", "DITA"),
];

/// The name of the format of extension `ext` (lower case, no dot) when it
/// is one of Vale's that parlance cannot read.
pub fn unsupported_format(ext: &str) -> Option<&'static str> {
    UNSUPPORTED_FORMATS
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, name)| *name)
}

/// Source-code extensions whose line comments are linted, with the marker.
pub const CODE_EXTENSIONS: &[(&str, &str)] = &[
    ("py", "#"),
    ("rb", "#"),
    ("r", "#"),
    ("jl", "#"),
    ("pl", "#"),
    ("sh", "#"),
    ("c", "//"),
    ("h", "//"),
    ("cc", "//"),
    ("cpp", "//"),
    ("hpp", "//"),
    ("cs", "//"),
    ("go", "//"),
    ("java", "//"),
    ("js", "//"),
    ("jsx", "//"),
    ("ts", "//"),
    ("tsx", "//"),
    ("rs", "//"),
    ("swift", "//"),
    ("kt", "//"),
    ("scala", "//"),
    ("php", "//"),
    ("proto", "//"),
];

impl Format {
    /// Picks the format from a file extension, as Vale does.
    pub fn from_extension(ext: &str) -> Format {
        match ext.to_ascii_lowercase().as_str() {
            "md" | "mdown" | "markdown" | "markdn" | "mkd" | "mdx" => Format::Markdown,
            "html" | "htm" | "shtml" | "xhtml" => Format::Html,
            "org" => Format::Org,
            ext => match CODE_EXTENSIONS.iter().find(|(e, _)| *e == ext) {
                Some((_, marker)) => Format::Code(marker),
                None => Format::Text,
            },
        }
    }

    pub fn from_path(path: &Path) -> Format {
        Format::from_extension(&extension_of(path))
    }
}

/// The extension Vale puts in scope strings (`text.md`), without the dot.
pub fn extension_of(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("txt")
        .to_ascii_lowercase()
}

/// Vale's markup options (`SkippedScopes`, `IgnoredScopes`,
/// `IgnoredClasses`): which HTML elements are not prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupOptions {
    /// Elements dropped with all they hold; `alt` here drops alt text.
    pub skipped: Vec<String>,
    /// Inline elements whose text is read as `*`s, as Vale masks code.
    pub ignored: Vec<String>,
    /// Classes whose elements are skipped (inline ones are ignored).
    pub classes: Vec<String>,
    /// `CommentDelimiters`: another pair of comment markers (MDX's `{/*`
    /// and `*/}`) read as `<!--` and `-->` are, for in-document controls.
    pub comment_delimiters: Option<(String, String)>,
}

impl Default for MarkupOptions {
    /// Vale's defaults.
    fn default() -> Self {
        let owned = |names: &[&str]| names.iter().map(|s| s.to_string()).collect();
        MarkupOptions {
            skipped: owned(&["script", "style", "pre", "figure", "noscript", "iframe"]),
            ignored: owned(&["tt", "code", "kbd"]),
            classes: owned(&["problematic", "pre", "code"]),
            comment_delimiters: None,
        }
    }
}
