//! Reading rule files: every type's keys, Vale's weak decoding, and
//! errors at the offending line.

use super::*;
use crate::check::context::ContextSpan;
use crate::diagnostic::Applicability;
use crate::styles::{read_yaml, Origin, RuleSource};
use capitalization::{CaseStyle, TitleStyle};
use readability::GradeMetric;

fn parse(text: &str) -> Result<Read, SourceError> {
    let source = RuleSource {
        path: "T/R.yml".into(),
        text: Arc::from(text),
    };
    read(&read_yaml("T", "R", Origin::Generated, source)?)
}

fn rule(text: &str) -> RuleDef {
    match parse(text) {
        Ok(Read::Rule(r)) => *r,
        other => panic!("expected a rule, got {other:?}"),
    }
}

#[test]
fn an_escaped_single_quote_reads_as_in_vale() {
    let r = rule("extends: existence\nmessage: \"you\\'re '%s'\"\ntokens: [a]\n");
    assert_eq!(r.message, "you're '%s'");
}

#[test]
fn duplicate_keys_keep_the_last_as_in_vale() {
    let r = rule("extends: substitution\nmessage: x\nswap:\n  a: b\n  c: d\n  a: e\n");
    match r.definition {
        Definition::Substitution(substitution::Definition { swap, .. }) => assert_eq!(
            swap,
            vec![("a".to_string(), "e".to_string()), ("c".into(), "d".into())]
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn scalar_where_list_expected_and_defaults() {
    let r = rule("extends: existence\nmessage: \"Avoid '%s'\"\ntokens: synergy\nscope: heading\n");
    assert_eq!(r.id, "T.R");
    assert_eq!(r.level, Severity::Warning);
    assert_eq!(r.scope, vec!["heading"]);
    match r.definition {
        Definition::Existence(existence::Definition { tokens, vocab, .. }) => {
            assert_eq!(tokens, vec!["synergy"]);
            assert!(vocab);
        }
        k => panic!("{k:?}"),
    }
}

#[test]
fn weakly_typed_values() {
    let r = rule("extends: occurrence\nmessage: x\ntoken: '\\w+'\nmax: \"3\"\nignorecase: yes\n");
    assert_eq!(
        r.definition,
        Definition::Occurrence(occurrence::Definition {
            token: "\\w+".into(),
            max: 3,
            min: 0,
            ignorecase: true
        })
    );
}

#[test]
fn unknown_key_points_at_its_line() {
    let e = parse("extends: existence\nmessage: x\ntokens: [a]\nbogus: 1\n").unwrap_err();
    assert_eq!(e.line(), 4);
    assert!(e.message.contains("bogus"), "{}", e.message);
}

#[test]
fn key_of_another_type_is_an_error() {
    let e = parse("extends: existence\nmessage: x\ntokens: [a]\nswap:\n  a: b\n").unwrap_err();
    assert_eq!(e.line(), 4);
    assert!(e.message.contains("not a key of existence"));
}

#[test]
fn syntax_error_has_a_line() {
    let e = parse("extends: existence\nmessage: 'x'\ntokens:\n  - [unclosed\n").unwrap_err();
    assert!(e.line() >= 4, "line {}", e.line());
}

#[test]
fn missing_extends_and_message() {
    assert!(parse("message: x\n")
        .unwrap_err()
        .message
        .contains("extends"));
    assert!(parse("extends: existence\ntokens: [a]\n")
        .unwrap_err()
        .message
        .contains("message"));
    assert!(parse("extends: nonsense\nmessage: x\n")
        .unwrap_err()
        .message
        .contains("nonsense"));
}

#[test]
fn sequence_rules_are_read_with_their_keys_checked() {
    let e = parse("extends: sequence\nmessage: x\ntokens: [{tag: NN}]\nwhatever: 1\n").unwrap_err();
    assert!(e.message.contains("whatever"), "{}", e.message);
    assert!(matches!(
        rule("extends: sequence\nmessage: x\ntokens: [{tag: NN}, {pattern: up}]\n").definition,
        Definition::Sequence(_)
    ));
}

#[test]
fn spelling_keys_and_weak_decoding() {
    let r = rule("extends: spelling\nmessage: x\nvocab: false\nignore: a.txt\ncustom: yes\nfilters:\n  - '[pP]y.*\\b'\ndicpath: D\ndictionaries: [en_X]\nappend: true\nthreshold: 3\n");
    assert_eq!(
        r.definition,
        Definition::Spelling(spelling::Definition {
            dicpath: "D".into(),
            dictionaries: vec!["en_X".into()],
            append: true,
            custom: true,
            filters: vec!["[pP]y.*\\b".into()],
            ignore: vec!["a.txt".into()],
            ..spelling::Definition::default()
        })
    );
}

#[test]
fn swap_may_be_a_list_of_one_entry_maps() {
    let r = rule("name: X.Y\nextends: substitution\nmessage: x\nswap:\n  - 'a b': c\n  - d: e\n");
    let Definition::Substitution(substitution::Definition { swap, .. }) = r.definition else {
        panic!("substitution");
    };
    assert_eq!(
        swap,
        vec![("a b".into(), "c".into()), ("d".into(), "e".into())]
    );
}

#[test]
fn a_bad_spelling_filter_points_at_itself() {
    let e =
        parse("extends: spelling\nmessage: x\nfilters:\n  - 'ok'\n  - '(?<=a)b'\n").unwrap_err();
    assert_eq!(e.line(), 5);
    assert!(e.message.contains("filters"), "{}", e.message);
}

#[test]
fn capitalization_keys_and_defaults() {
    let r = rule("extends: capitalization\nmessage: x\nscope: heading\nmatch: $title\nstyle: Chicago\nthreshold: 0\nexceptions: [API]\nindicators: [':']\nprefix: '^\\d\\.\\s'\n");
    match r.definition {
        Definition::Capitalization(capitalization::Definition {
            case,
            threshold,
            vocab,
            indicators,
            prefix,
            ..
        }) => {
            assert_eq!(case, CaseStyle::Title(TitleStyle::Chicago));
            // 0 would never fire: Vale reads it as the default.
            assert_eq!(threshold, 0.8);
            assert!(vocab);
            assert_eq!(indicators, vec![":"]);
            assert_eq!(prefix, "^\\d\\.\\s");
        }
        k => panic!("{k:?}"),
    }
    let r = rule("extends: capitalization\nmessage: x\nmatch: '[A-Z]'\nthreshold: '0.5'\n");
    assert!(matches!(
        r.definition,
        Definition::Capitalization(capitalization::Definition { case: CaseStyle::Pattern(ref p), threshold, .. })
            if p == "[A-Z]" && threshold == 0.5
    ));
    let e = parse("extends: capitalization\nmessage: x\n").unwrap_err();
    assert!(e.message.contains("`match`"), "{}", e.message);
    let e =
        parse("extends: capitalization\nmessage: x\nmatch: $title\nthreshold: high\n").unwrap_err();
    assert_eq!(e.line(), 4, "{}", e.message);
}

#[test]
fn measuring_rules_read_the_document() {
    let r = rule("extends: metric\nmessage: x\nformula: words\ncondition: '> 1'\n");
    assert_eq!(r.scope, vec!["summary"]);
    let r =
        rule("extends: metric\nmessage: x\nscope: paragraph\nformula: words\ncondition: '> 1'\n");
    assert_eq!(r.scope, vec!["paragraph"]);
    let e = parse("extends: metric\nmessage: x\nformula: words\n").unwrap_err();
    assert!(e.message.contains("`condition`"), "{}", e.message);
    let r = rule(
        "extends: readability\nmessage: x\nscope: text\ngrade: 8\nmetrics: [SMOG, Gunning Fog]\n",
    );
    assert_eq!(r.scope, vec!["summary"]);
    assert_eq!(
        r.definition,
        Definition::Readability(readability::Definition {
            metrics: vec![GradeMetric::Smog, GradeMetric::GunningFog],
            grade: 8.0
        })
    );
    let e = parse("extends: readability\nmessage: x\nmetrics: [SMOG]\n").unwrap_err();
    assert!(e.message.contains("`grade`"), "{}", e.message);
    let e = parse("extends: metric\nmessage: x\nformula: words\ncondition: '> 1'\ngrade: 3\n")
        .unwrap_err();
    assert!(e.message.contains("not a key of metric"), "{}", e.message);
}

#[test]
fn consistency_ignores_unknown_keys() {
    let r = rule(
        "extends: consistency\nmessage: x\nlevel: error\nfoo: bar\neither:\n  advisor: adviser\n",
    );
    assert_eq!(r.level, Severity::Error);
}

#[test]
fn extension_keys() {
    let r = rule(
        "extends: substitution\nmessage: x\nfix: unsafe\nswap:\n  customer: client\ncontext:\n  window: 8\n  any: [attorney]\nexamples:\n  bad: [a]\n  good: [b, c]\n",
    );
    assert_eq!(r.fix, Some(Applicability::Unsafe));
    assert_eq!(r.examples.good.len(), 2);
    match r.definition {
        Definition::Substitution(substitution::Definition {
            context: Some(c), ..
        }) => {
            assert_eq!(c.span, ContextSpan::Window(8));
            assert_eq!(c.any, vec!["attorney"]);
        }
        k => panic!("{k:?}"),
    }
}

#[test]
fn bad_level_names_the_value() {
    let e = parse("extends: existence\nmessage: x\ntokens: [a]\nlevel: fatal\n").unwrap_err();
    assert_eq!(e.line(), 4);
    assert!(e.message.contains("fatal"));
}

#[test]
fn script_rules_read_inline_or_file_scripts() {
    let r = rule("extends: script\nmessage: x\nscope: raw\nscript: |\n  matches := []\n");
    assert_eq!(
        r.definition,
        Definition::Script(script::Definition {
            script: "matches := []\n".into()
        })
    );
    assert_eq!(r.scope, ["raw"]);
    let r = rule("extends: script\nmessage: x\nscript: Check.tengo\n");
    assert!(matches!(r.definition, Definition::Script(ref d) if d.script == "Check.tengo"));
    let e = parse("extends: script\nmessage: x\n").unwrap_err();
    assert!(e.message.contains("needs `script`"), "{}", e.message);
    let e = parse("extends: script\nmessage: x\nscript: a\ntokens: [b]\n").unwrap_err();
    assert!(
        e.message.contains("not a key of script rules"),
        "{}",
        e.message
    );
}
