//! Spelling rules through the real binary: dictionaries found as Vale
//! finds them, word lists, filters, vocabularies, and errors that point
//! into the rule file.

use std::path::Path;

use crate::support::{parlance, temp_with};

/// `parlance --output=line` in `dir`: (stdout, stderr, exit code).
fn lint(dir: &Path, args: &[&str]) -> (String, String, Option<i32>) {
    let out = parlance(dir)
        .args(["--output=line", "--no-exit"])
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code(),
    )
}

/// A tiny Hunspell dictionary: `gizmo` with a plural suffix.
const AFF: &str = "SET UTF-8\nSFX S Y 1\nSFX S 0 s .\n";
const DIC: &str = "2\ngizmo/S\nwidget\n";

#[test]
fn a_rule_with_its_own_dictionary_word_list_filters_and_the_vocabulary() {
    let dir = temp_with(&[
        (
            ".vale.ini",
            "StylesPath = styles\nVocab = Team\n\n[*.md]\nBasedOnStyles = T\n",
        ),
        (
            "styles/T/Spell.yml",
            "extends: spelling\nmessage: \"'%s'?\"\nlevel: error\ndicpath: T/dicts\ndictionaries: [tiny]\nappend: true\nignore: T/words.txt\nfilters:\n  - '^zz'\n",
        ),
        ("styles/T/dicts/tiny.aff", AFF),
        ("styles/T/dicts/tiny.dic", DIC),
        ("styles/T/words.txt", "frobnicate\n"),
        (
            "styles/config/vocabularies/Team/accept.txt",
            "Quuxly\nFrobozz Quux\n",
        ),
        (
            "a.md",
            "Gizmos and widgets frobnicate, FROBNICATE and zzwhatever.\n\nA quuxly typpo, `codde` and [linkk](http://x.io), frobozz quux but Quux alone.\n",
        ),
    ]);
    let (stdout, stderr, code) = lint(dir.path(), &["a.md"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        stdout,
        "a.md:3:10:T.Spell:'typpo'?\na.md:3:30:T.Spell:'linkk'?\na.md:3:68:T.Spell:'Quux'?\n",
        "{stderr}"
    );
}

#[test]
fn vale_spelling_reads_config_dictionaries_and_ignore_lists() {
    let dir = temp_with(&[
        (
            ".vale.ini",
            "StylesPath = styles\n\n[*]\nBasedOnStyles = Vale\n",
        ),
        ("styles/config/dictionaries/tiny.aff", AFF),
        ("styles/config/dictionaries/tiny.dic", DIC),
        ("styles/config/ignore/team/names.txt", "parlance\n"),
        (
            "a.md",
            "The parlance gizmos check recording. Not a typpo: Gizmos.\n",
        ),
    ]);
    let (stdout, stderr, _) = lint(dir.path(), &["a.md"]);
    assert_eq!(
        stdout, "a.md:1:44:Vale.Spelling:Did you really mean 'typpo'?\n",
        "{stderr}"
    );
}

#[test]
fn a_missing_dictionary_points_at_the_rule_and_the_rest_runs() {
    let dir = temp_with(&[
        (
            ".vale.ini",
            "StylesPath = styles\n\n[*.md]\nBasedOnStyles = T\n",
        ),
        (
            "styles/T/Spell.yml",
            "extends: spelling\nmessage: x\ndictionaries:\n  - nowhere\n",
        ),
        (
            "styles/T/Avoid.yml",
            "extends: existence\nmessage: \"'%s'\"\ntokens: [synergy]\n",
        ),
        ("a.md", "Our synergy typpo.\n"),
    ]);
    let out = parlance(dir.path())
        .args(["--format", "line", "a.md"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("Spell.yml:3:"), "{stderr}");
    assert!(
        stderr.contains("dictionary `nowhere` not found"),
        "{stderr}"
    );
    assert!(String::from_utf8(out.stdout).unwrap().contains("T.Avoid"));
}
