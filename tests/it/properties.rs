//! Span and offset invariants over arbitrary documents.

use parlance::compile::Pattern;
use parlance::config::format::Format;
use parlance::diagnostic::{Diagnostic, Severity};
use parlance::document::sentences::sentences;
use parlance::document::Document;
use parlance::lint::{LintOptions, Linter};
use proptest::prelude::*;

/// Text that exercises Markdown, line endings and multi-byte characters.
fn document_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "# ",
        "## ",
        "- ",
        "> ",
        "1. ",
        "```\n",
        "`",
        "**",
        "_",
        "[",
        "](",
        ")",
        "<!-- ",
        " -->",
        "<b>",
        "|",
        "---\n",
        "\n",
        "\r\n",
        "\n\n",
        " ",
        "  ",
        "\t",
        "\u{feff}",
        "costumer ",
        "Costumer",
        "dependant on ",
        "client ",
        "law firm ",
        "retainer ",
        "e.g. ",
        "Mr. ",
        "3.5 ",
        ". ",
        "? ",
        "Привет ",
        "日本語",
        "🚀",
        "é",
        "https://x.io/a ",
        "a@b.co ",
        "&amp;",
        "\\*",
        "vale off",
        "<!-- vale off -->",
        "<!-- vale on -->",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

/// Text that exercises HTML and Org: tags (broken ones too), attributes,
/// character references, comments, Org markers, line endings and
/// multi-byte characters.
fn markup_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "<p>",
        "</p>",
        "<h2>",
        "</h2>",
        "<ul><li>",
        "</li>",
        "<td>",
        "<th>",
        "<b>",
        "</b>",
        "<code>",
        "</code>",
        "<a href=\"https://x.io\">",
        "</a>",
        "<img alt=\"a costumer &amp; \u{e9}\">",
        "<img alt='",
        "<script>",
        "</script>",
        "<div class=\"code\">",
        "</div>",
        "<!-- vale off -->",
        "<!--",
        "-->",
        "<",
        ">",
        "\"",
        "&amp;",
        "&#8217;",
        "&#x1F680;",
        "&nbsp;",
        "&notit;",
        "&",
        "#",
        ";",
        "* ",
        "** TODO ",
        "- ",
        "| ",
        "|---|\n",
        "#+title: ",
        "#+BEGIN_SRC\n",
        "#+END_SRC\n",
        "# vale off\n",
        "=",
        "~",
        "/",
        "[[",
        "][",
        "]]",
        ":PROPERTIES:\n",
        ":END:\n",
        "\n",
        "\r\n",
        "\r",
        " ",
        "\t",
        "\u{feff}",
        "costumer ",
        "win-win ",
        "dependant on ",
        "Привет ",
        "日本語",
        "🚀",
        "é",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

/// What the built-in style (compiled once: regex compilation would
/// dominate every case) reports on `text` read as a file named `name`.
fn business(name: &str, text: &str) -> Vec<Diagnostic> {
    let options = LintOptions {
        min_level: Some(Severity::Suggestion),
        ..LintOptions::default()
    };
    Linter::builtin()
        .lint(name, text.to_string(), &options)
        .outcome
        .diagnostics
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn prose_view_keeps_length_and_newlines(text in document_text(), markdown in any::<bool>()) {
        let format = if markdown { Format::Markdown } else { Format::Text };
        let doc = Document::new(text.clone(), format, "md");
        prop_assert_eq!(doc.prose.len(), text.len());
        for (i, (a, b)) in text.bytes().zip(doc.prose.bytes()).enumerate() {
            // Every byte is either copied or blanked, and line breaks stay.
            prop_assert!(a == b || b == b' ', "byte {} changed from {:?} to {:?}", i, a, b);
            if a == b'\n' { prop_assert_eq!(b, b'\n'); }
        }
        for block in &doc.blocks {
            prop_assert!(block.range.start <= block.range.end && block.range.end <= text.len());
            prop_assert!(text.is_char_boundary(block.range.start) && text.is_char_boundary(block.range.end));
            for s in sentences(&doc.prose[block.range.clone()]) {
                prop_assert!(doc.prose[block.range.clone()].is_char_boundary(s.start));
            }
        }
    }

    #[test]
    fn markup_views_keep_length_newlines_and_boundaries(text in markup_text(), html in any::<bool>()) {
        let (format, ext) = if html { (Format::Html, "html") } else { (Format::Org, "org") };
        let doc = Document::new(text.clone(), format, ext);
        prop_assert_eq!(doc.prose.len(), text.len());
        for (i, (a, b)) in text.bytes().zip(doc.prose.bytes()).enumerate() {
            prop_assert!(a == b || b == b' ', "byte {} changed from {:?} to {:?}", i, a, b);
            if a == b'\n' || a == b'\r' { prop_assert_eq!(b, a); }
        }
        for range in doc.blocks.iter().map(|b| &b.range).chain(&doc.code_spans).chain(doc.entities.iter().map(|e| &e.range)) {
            prop_assert!(range.start <= range.end && range.end <= text.len(), "{:?}", range);
            prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end), "{:?}", range);
        }
        // The check stage cuts each unit's markup-free text out of the
        // whole document's: it must be what reading the unit alone gives.
        if let Some(whole) = doc.markup_free(0..text.len()) {
            for block in &doc.blocks {
                if let Some(direct) = doc.markup_free(block.range.clone()) {
                    let part = whole.slice(&block.range);
                    prop_assert_eq!(&part.text, &direct.text);
                    prop_assert_eq!(&part.map, &direct.map);
                }
            }
        }
        for d in business(&format!("doc.{ext}"), &text) {
            prop_assert!(d.range.start <= d.range.end && d.range.end <= text.len(), "{:?}", d);
            prop_assert!(text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end), "{:?}", d);
        }
    }

    #[test]
    fn diagnostics_lie_on_char_boundaries(text in document_text()) {
        for d in business("doc.md", &text) {
            prop_assert!(d.range.start <= d.range.end && d.range.end <= text.len(), "{:?}", d);
            prop_assert!(text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end), "{:?}", d);
            if let Some(fix) = &d.fix {
                for e in &fix.edits {
                    prop_assert!(e.range.end <= text.len());
                    prop_assert!(text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end));
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Searching the ASCII shadow finds exactly what searching the text
    /// finds, for ASCII patterns of the kinds rules use.
    #[test]
    fn the_shadow_matches_like_the_text(text in document_text()) {
        let doc = Document::new(text, Format::Markdown, "md");
        if let Some(shadow) = &doc.shadow {
            prop_assert_eq!(shadow.len(), doc.prose.len());
        }
        let hay = doc.haystack(0..doc.prose.len(), false);
        for source in [r"(?i)\b(?:costumer|client)\b", r"\w+", r"[^\s]+", r"\b[A-Z]\w*\b", r"(?:\S+\s+){3}\S", r"[A-Za-z]+", r"\W+"] {
            let p = Pattern::new(source).unwrap();
            let on_text = p.find_all(&doc.prose).unwrap();
            let on_hay = p.find_all_in(&hay).unwrap();
            prop_assert_eq!(on_text, on_hay, "pattern {}", source);
        }
    }
}
