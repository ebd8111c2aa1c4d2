//! Vale configurations and styles that parlance must take as Vale does
//! (issue 16): each test names the Vale behaviour it follows.

use std::path::Path;

use assert_cmd::Command;

/// A folder with these files in it.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// The binary in `dir`, which is also its home: no global config or
/// default styles folder unless a test puts one there.
fn parlance(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("parlance").unwrap();
    cmd.current_dir(dir).env("HOME", dir).env("NO_COLOR", "1");
    for var in [
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "VALE_CONFIG_PATH",
        "VALE_STYLES_PATH",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// (stdout, stderr, exit code).
fn run(cmd: &mut Command) -> (String, String, Option<i32>) {
    let out = cmd.output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code(),
    )
}

const WEAK: &str =
    "extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: warning\ntokens:\n  - very\n";

/// Vale's INI reader (errata-ai/ini, go-ini's `readValue` and
/// `hasSurroundedQuote`) strips the quotes around a whole value, for every
/// key: `StylesPath = "styles"` is the folder `styles`.
#[test]
fn quoted_ini_values_are_read_without_their_quotes() {
    for config in [
        "StylesPath = \"styles\"\n\n[*]\nBasedOnStyles = \"T\"\n",
        "StylesPath = 'styles' # quoted\nMinAlertLevel = 'warning'\n\n[*.md]\nBasedOnStyles = 'T'\nT.Weak = \"YES\"\n",
    ] {
        let dir = project(&[
            (".vale.ini", config),
            ("styles/T/Weak.yml", WEAK),
            ("a.md", "A very good day.\n"),
        ]);
        let (out, err, code) = run(parlance(dir.path()).args(["--output=line", "a.md"]));
        assert_eq!(
            (out.as_str(), code),
            ("a.md:1:3:T.Weak:Avoid 'very'.\n", Some(0)),
            "{config}\n{err}"
        );
    }
}

/// Vale reads `View = Name` in a section and lints data files through
/// `<StylesPath>/config/views/Name.yml` (`V:internal/core/view.go`,
/// `V:internal/lint/data.go`). parlance has no views: the key is an error
/// naming it, the file and the line, not a silent change of what is linted.
#[test]
fn a_view_is_an_error_pointing_at_its_line() {
    let dir = project(&[
        (
            ".vale.ini",
            "StylesPath = styles\n\n[*]\nBasedOnStyles = T\n\n[*.json]\nView = Config\n",
        ),
        ("styles/T/Weak.yml", WEAK),
        ("a.md", "A very good day.\n"),
    ]);
    let (out, err, code) = run(parlance(dir.path()).args(["a.md"]));
    assert_eq!((out.as_str(), code), ("", Some(2)), "{err}");
    assert!(err.contains("`View = Config`"), "{err}");
    assert!(err.contains("views"), "{err}");
    assert!(err.contains(".vale.ini:7"), "{err}");
}

/// Vale adds a spelling rule's `ignore` word list only where the file
/// exists and skips a missing one without a word
/// (`V:internal/check/spelling.go` `NewSpelling`: `AddWordListFile` fails
/// and `system.FileExists` is false). parlance runs the rule too, and says
/// once which rule's list is missing and where it looked.
#[test]
fn a_missing_ignore_word_list_is_a_warning_and_the_rule_runs() {
    let dir = project(&[
        (
            ".vale.ini",
            "StylesPath = styles\n\n[*]\nBasedOnStyles = T\n",
        ),
        (
            "styles/T/Spell.yml",
            "extends: spelling\nmessage: \"'%s'?\"\nlevel: error\nignore:\n  - T/missing.txt\n  - T/words.txt\n",
        ),
        ("styles/T/words.txt", "parlance\n"),
        ("a.md", "The parlance linter and a mispeled word.\n\nAnother mispeled one.\n"),
    ]);
    let (out, err, code) = run(parlance(dir.path()).args(["--output=line", "a.md"]));
    assert_eq!(
        (out.as_str(), code),
        (
            "a.md:1:27:T.Spell:'mispeled'?\na.md:3:9:T.Spell:'mispeled'?\n",
            Some(1)
        ),
        "{err}"
    );
    // Vale's machine output keeps standard error for errors: the notice
    // is in parlance's own output.
    let (_, err, code) = run(parlance(dir.path()).args(["a.md"]));
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(err.matches("word list `T/missing.txt`").count(), 1, "{err}");
    assert!(
        err.contains("T.Spell") && err.contains("Spell.yml"),
        "{err}"
    );
}

/// Vale lints `.rst`, `.adoc`/`.asciidoc`, `.xml` and `.dita` files
/// (`V:internal/core/format.go` `FormatByExtension`, converted by
/// rst2html, asciidoctor, xsltproc or dita; vale-reference §2.1, §2.3).
/// parlance cannot read them yet: a walk that passes them over says so,
/// once per format with the count, in every output format; a file named
/// on the command line is an error naming it; a `[formats]` mapping to a
/// format parlance reads makes them linted.
#[test]
fn files_of_formats_parlance_cannot_read_are_never_skipped_in_silence() {
    let mut files = vec![
        (
            ".vale.ini",
            "StylesPath = styles\n\n[*]\nBasedOnStyles = T\n",
        ),
        ("styles/T/Weak.yml", WEAK),
        ("docs/a.rst", "A very good day.\n"),
        ("docs/b.rst", "A very good day.\n"),
        ("docs/sub/c.rst", "A very good day.\n"),
        ("docs/d.adoc", "A very good day.\n"),
        ("docs/e.asciidoc", "A very good day.\n"),
        ("docs/f.dita", "<p>A very good day.</p>\n"),
        ("docs/g.xml", "<p>A very good day.</p>\n"),
    ];
    let dir = project(&files);
    let (out, err, code) = run(parlance(dir.path()).args(["docs"]));
    assert_eq!(code, Some(0), "{out}{err}");
    for said in [
        "skipped 3 .rst files: reStructuredText is not supported yet",
        "skipped 1 .adoc file and 1 .asciidoc file: AsciiDoc is not supported yet",
        "skipped 1 .dita file: DITA is not supported yet",
        "skipped 1 .xml file: XML is not supported yet",
        "no file was linted",
    ] {
        assert_eq!(err.matches(said).count(), 1, "{said}\n{err}");
    }
    // Vale's machine output keeps standard output as Vale's, and says it
    // when nothing was linted (standard error has only errors otherwise).
    let (out, err, code) = run(parlance(dir.path()).args(["--output=JSON", "docs"]));
    assert_eq!((out.as_str(), code), ("{}\n", Some(0)));
    assert!(err.contains("skipped 3 .rst files"), "{err}");

    // Named on the command line: an error naming the file.
    let (_, err, code) = run(parlance(dir.path()).args(["docs/a.rst"]));
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("docs/a.rst") && err.contains("reStructuredText is not supported yet"),
        "{err}"
    );

    // `[formats] rst = md` reads them as Markdown; the others are still said.
    files[0].1 = "StylesPath = styles\n\n[formats]\nrst = md\n\n[*]\nBasedOnStyles = T\n";
    let dir = project(&files);
    let (out, err, code) = run(parlance(dir.path()).args(["--output=line", "docs"]));
    assert_eq!(
        (out.as_str(), code),
        (
            "docs/a.rst:1:3:T.Weak:Avoid 'very'.\ndocs/b.rst:1:3:T.Weak:Avoid 'very'.\ndocs/sub/c.rst:1:3:T.Weak:Avoid 'very'.\n",
            Some(0)
        ),
        "{err}"
    );
    assert!(!err.contains("skipped"), "{err}");
    let (_, err, _) = run(parlance(dir.path()).args(["docs"]));
    assert!(!err.contains(".rst"), "{err}");
    assert!(err.contains("skipped 1 .dita file"), "{err}");
    assert!(!err.contains("no file was linted"), "{err}");
}

/// Vale's regexp2 backtracks: where one alternative's look-around fails,
/// the next alternative is tried at the same place
/// (`V:internal/check/existence.go` `Run`, regexp2 `FindStringMatch`).
#[test]
fn a_failed_look_around_does_not_stop_the_next_alternative() {
    let dir = project(&[
        (".vale.ini", "StylesPath = styles\n\n[*]\nBasedOnStyles = T\n"),
        (
            "styles/T/Article.yml",
            "extends: existence\nmessage: \"'%s'\"\ntokens:\n  - a SQL(?! server)\n  - a SQL server\n",
        ),
        ("a.md", "Use a SQL server or a SQL database.\n"),
    ]);
    let (out, err, _) = run(parlance(dir.path()).args(["--output=line", "a.md"]));
    assert_eq!(
        out, "a.md:1:5:T.Article:'a SQL server'\na.md:1:21:T.Article:'a SQL'\n",
        "{err}"
    );
}

/// Vale wraps swap keys as it wraps existence tokens, in
/// `(?m)\b(?:(k1)|(k2)…)\b` (`V:internal/check/substitution.go`
/// `NewSubstitution`, `makeRegexp`), and regexp2's `\b` next to a
/// non-word character holds where a word character is on its other side:
/// a key that begins or ends with one (`See \[`, `vs\.`, `Alt \+ `,
/// `' windows '`, `\(c\)`) is found where the same existence token is.
#[test]
fn swap_keys_at_non_word_characters_match_where_existence_tokens_do() {
    let keys = [r"See \[", r"vs\.", r"Alt \+ ", "' windows '", r"\(c\)"];
    let tokens: String = keys
        .iter()
        .map(|k| format!("  - \"{}\"\n", k.replace('\\', "\\\\")))
        .collect();
    let swap: String = keys
        .iter()
        .map(|k| format!("  \"{}\": x\n", k.replace('\\', "\\\\")))
        .collect();
    let dir = project(&[
        (".vale.ini", "StylesPath = styles\n\n[*]\nBasedOnStyles = T\n"),
        (
            "styles/T/E.yml",
            &format!("extends: existence\nmessage: \"'%s'\"\ntokens:\n{tokens}"),
        ),
        (
            "styles/T/S.yml",
            &format!("extends: substitution\nmessage: \"'%[2]s'\"\nswap:\n{swap}"),
        ),
        (
            "a.txt",
            "See [the docs]. Press Alt + F4. A vs.B test, not a vs. b.\nIt's x' windows 'y and Copyright(c)2020, not (c) 2020.\n",
        ),
    ]);
    let (out, err, _) = run(parlance(dir.path()).args(["--output=line", "a.txt"]));
    let found = |rule: &str| -> Vec<String> {
        out.lines()
            .filter(|l| l.contains(rule))
            .map(|l| l.replace(rule, ""))
            .collect()
    };
    assert_eq!(
        found("T.E:"),
        vec![
            "a.txt:1:1:'See ['",
            "a.txt:1:23:'Alt + '",
            "a.txt:1:35:'vs.'",
            "a.txt:2:7:'' windows ''",
            "a.txt:2:33:'(c)'",
        ],
        "{out}{err}"
    );
    assert_eq!(found("T.S:"), found("T.E:"), "{out}{err}");
}

/// A match keeps the white space its pattern took: Vale's alert `Match` is
/// the text as matched, its span covers it (`makeAlert`: `Match:
/// txt[loc[0]:loc[1]]`), and `%s` is that text in existence rules and in
/// substitutions (`V:internal/check/substitution.go` `Run`: `observed :=
/// converted`; vale-testdata `checks.feature` Substitution: `instead of
/// 'vs '`). A fix keeps the white space the match took (`amazing! ` to
/// `amazing `), and one that would change nothing is none.
#[test]
fn white_space_a_match_takes_stays_in_its_match_and_message() {
    let dir = project(&[
        (".vale.ini", "StylesPath = styles\n\n[*]\nBasedOnStyles = T\n"),
        (
            "styles/T/Bang.yml",
            "extends: existence\nmessage: \"'%s'\"\nnonword: true\naction:\n  name: edit\n  params:\n    - trim_right\n    - '!'\ntokens:\n  - '\\w+!(?:\\s|$)'\n",
        ),
        (
            "styles/T/Wordy.yml",
            "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\naction:\n  name: replace\nswap:\n  'all of ': all\n  '(?:e\\.g\\.|eg)\\s': for example\n",
        ),
        ("a.md", "This is amazing! Yes, e.g. this. Take all of it.\n"),
    ]);
    let (out, err, _) = run(parlance(dir.path()).args(["--output=JSON", "a.md"]));
    let v: serde_json::Value = serde_json::from_str(&out).expect(&err);
    let alerts: Vec<(String, String, String)> = v["a.md"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["Match"].as_str().unwrap().to_string(),
                a["Message"].as_str().unwrap().to_string(),
                a["Span"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        alerts,
        vec![
            ("amazing! ".into(), "'amazing! '".into(), "[9,17]".into()),
            (
                "e.g. ".into(),
                "Use 'for example' instead of 'e.g. '.".into(),
                "[23,27]".into()
            ),
            (
                "all of ".into(),
                "Use 'all' instead of 'all of '.".into(),
                "[39,45]".into()
            ),
        ]
    );
    let (_, err, _) = run(parlance(dir.path()).args(["--fix", "--unsafe-fixes", "a.md"]));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).unwrap(),
        "This is amazing Yes, for example this. Take all of it.\n",
        "{err}"
    );
}

/// regexp2 (Vale compiles rules with `regexp2.CompileStd`, vale-reference
/// §1.2) reads a `[` inside a class as a literal, accepts a quantified
/// look-around (`(?!uary)?` may match zero times: it asserts nothing, so
/// the `\b` after it is what keeps `January` out) and a `{` that opens no
/// count as a literal; a construct parlance cannot run is an error naming
/// it.
#[test]
fn regexp2_syntax_rust_reads_otherwise_works_or_is_named() {
    let dir = project(&[
        (".vale.ini", "StylesPath = styles\n\n[*]\nBasedOnStyles = T\n"),
        (
            "styles/T/Syntax.yml",
            "extends: existence\nmessage: \"'%s'\"\nnonword: true\ntokens:\n  - '[[a-z]+\\]'\n  - '\\bJan(?!uary)?\\b'\n  - 'x{,2}'\n",
        ),
        ("a.md", "See [docs] in January and Jan, or x{,2}.\n"),
    ]);
    let (out, err, code) = run(parlance(dir.path()).args(["--output=line", "a.md"]));
    assert_eq!(
        (out.as_str(), code),
        (
            "a.md:1:5:T.Syntax:'[docs]'\na.md:1:27:T.Syntax:'Jan'\na.md:1:35:T.Syntax:'x{,2}'\n",
            Some(0)
        ),
        "{err}"
    );
    let dir = project(&[
        (
            ".vale.ini",
            "StylesPath = styles\n\n[*]\nBasedOnStyles = T\n",
        ),
        (
            "styles/T/Sub.yml",
            "extends: existence\nmessage: \"'%s'\"\ntokens:\n  - '[a-z-[aeiou]]+'\n",
        ),
        ("a.md", "Text.\n"),
    ]);
    let (_, err, code) = run(parlance(dir.path()).args(["a.md"]));
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("subtraction") && err.contains("Sub.yml"),
        "{err}"
    );
}
