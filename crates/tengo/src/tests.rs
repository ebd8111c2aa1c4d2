//! The reference's examples, run end to end.

use super::*;

fn run(src: &str) -> Vars {
    Program::compile(src, &[])
        .unwrap_or_else(|e| panic!("compile {src:?}: {e}"))
        .run(vec![], Limits::default())
        .unwrap_or_else(|e| panic!("run {src:?}: {e}"))
}

/// The repr of the value of `out` after running `src`.
fn out(src: &str) -> String {
    run(src).get("out").map(Value::repr).unwrap_or_default()
}

/// The repr of `expr`.
fn ev(expr: &str) -> String {
    out(&format!(
        "text := import(\"text\")\nmath := import(\"math\")\nout := {expr}"
    ))
}

fn run_err(src: &str) -> RuntimeError {
    Program::compile(src, &[])
        .unwrap_or_else(|e| panic!("compile {src:?}: {e}"))
        .run(vec![], Limits::default())
        .expect_err("a run-time error")
}

fn compile_err(src: &str) -> CompileError {
    Program::compile(src, &[]).expect_err("a compile error")
}

#[test]
fn values_and_types() {
    assert_eq!(ev("19 + 84"), "103");
    assert_eq!(ev(r#""aomame" + `kawa`"#), "\"aomamekawa\"");
    assert_eq!(ev("-9.22 + 1e10"), "9999999990.78");
    assert_eq!(ev("true || false"), "true");
    assert_eq!(ev("'九' > '9'"), "true");
    assert_eq!(ev(r#"[1, false, "foo"]"#), "[1, false, \"foo\"]");
    assert_eq!(ev(r#"{a: 12.34, b: "bar"}"#), "{a: 12.34, b: \"bar\"}");
    assert_eq!(ev("type_name(func() {})"), "\"compiled-function\"");
    assert_eq!(ev("type_name(len)"), "\"builtin-function\"");
    assert_eq!(ev("type_name(text.split)"), "\"user-function\"");
    assert_eq!(ev("type_name(immutable([1]))"), "\"immutable-array\"");
    assert_eq!(ev("type_name(bytes(\"a\"))"), "\"bytes\"");
}

#[test]
fn errors_and_undefined() {
    let v = run("err1 := error(\"oops\")\nerr2 := error(1+2+3)\nok := is_error(err1)\nv := err1.value\nv2 := err2.value");
    assert_eq!(v.get("ok").unwrap().repr(), "true");
    assert_eq!(v.get("v").unwrap().repr(), "\"oops\"");
    assert_eq!(v.get("v2").unwrap().repr(), "6");
    assert_eq!(v.get("err1").unwrap().repr(), "error: \"oops\"");
    assert_eq!(ev("func() { b := 4 }()"), "<undefined>");
    assert_eq!(ev("[1, 2, 3][10]"), "<undefined>");
    assert_eq!(ev("{a: \"foo\"}[\"b\"]"), "<undefined>");
    assert_eq!(ev("int(\"foo\")"), "<undefined>");
    assert_eq!(ev("!error(1)"), "true");
}

#[test]
fn immutability() {
    let e = run_err("s := \"12345\"\ns[1] = 'b'");
    assert!(e.message.contains("not index-assignable: string"), "{e}");
    assert_eq!(
        out("a := [1, 2, 3]\na[1] = \"two\"\nout := a"),
        "[1, \"two\", 3]"
    );
    let e = run_err("b := immutable([1, 2, 3])\nb[1] = \"foo\"");
    assert_eq!(e.line, 2);
    assert_eq!(
        out("a := immutable([1, 2, 3])\na = false\nout := a"),
        "false"
    );
    assert_eq!(
        out("a := immutable({b: 4, c: [1, 2, 3]})\na.c[1] = 5\nout := a"),
        "{b: 4, c: [1, 5, 3]}"
    );
    assert!(run_err("a := immutable({b: 4})\na.b = 5")
        .message
        .contains("immutable-map"));
    assert!(run_err("a := immutable({c: immutable([1])})\na.c[0] = 5")
        .message
        .contains("immutable-array"));
    assert_eq!(out("a := copy(immutable([1]))\na[0] = 2\nout := a"), "[2]");
}

#[test]
fn functions_and_closures() {
    assert_eq!(
        out("my_func := func(a, b) { return a + b }\nout := my_func(1, 2)"),
        "3"
    );
    assert_eq!(out("adder := func(base) { return func(x) { return base + x } }\nadd5 := adder(5)\nout := add5(4)"), "9");
    assert_eq!(
        out("variadic := func (a, b, ...c) { return [a, b, c] }\nout := variadic(1, 2, 3, 4)"),
        "[1, 2, [3, 4]]"
    );
    assert_eq!(
        out("vc := func(a) { return func(b, ...c) { return [a, b, c] } }\nout := vc(1)(2, 3, 4)"),
        "[1, 2, [3, 4]]"
    );
    let e = run_err("f := func(a, b) {}\nf(1, 2, 3)");
    assert_eq!(
        (e.line, e.message.as_str()),
        (2, "wrong number of arguments: want=2, got=3")
    );
    assert_eq!(out("f1 := func(a, b, c) { return a + b + c }\nout := [f1([1, 2, 3]...), f1(1, [2, 3]...), f1(1, 2, [3]...)]"), "[6, 6, 6]");
    assert!(run_err("f1 := func(a, b, c) {}\nf1([1, 2]...)")
        .message
        .contains("want=3, got=2"));
    assert_eq!(
        out("f2 := func(a, ...b) { return b }\nout := [f2(1), f2(1, 2), f2([1, 2, 3]...)]"),
        "[[], [2], [2, 3]]"
    );
    assert_eq!(
        out("fib := func(x) { return x <= 1 ? x : fib(x-1) + fib(x-2) }\nout := fib(15)"),
        "610"
    );
    assert_eq!(
        out("n := 0\ninc := func() { n++ }\ninc()\ninc()\nout := n"),
        "2"
    );
    assert!(compile_err("illegal := func(a..., b) {}")
        .message
        .contains("variadic"));
}

#[test]
fn scopes() {
    let src = "a := \"foo\"\nfunc() {\n b := 52\n func() {\n  c := 19.84\n  a = \"bee\"\n  b = 20\n  b := true\n }()\n a = \"bar\"\n b = 10\n a := -100\n}()\nout := a";
    assert_eq!(out(src), "\"bar\"");
    let e = compile_err("func() {\n b := 1\n b := [1, 2]\n}");
    assert_eq!(
        (e.line, e.message.as_str()),
        (3, "'b' redeclared in this block")
    );
    let e = compile_err("b = 25");
    assert_eq!(e.message, "unresolved reference 'b'");
    assert!(compile_err("a := 1\na := {d: 2}")
        .message
        .contains("redeclared"));
    assert!(compile_err("func() { c := 1 }\nc = -9.1")
        .message
        .contains("unresolved"));
    assert_eq!(
        out("a := 123\na = \"123\"\na = [1, 2, 3]\nout := a"),
        "[1, 2, 3]"
    );
}

#[test]
fn conversions() {
    assert_eq!(
        ev("[string(1984), int(\"-999\"), float(-51), bool(1), char(\"X\")]"),
        "[\"1984\", -999, -51, true, 'X']".replace("'X'", "X")
    );
    assert_eq!(ev("string(undefined, \"foo\")"), "\"foo\"");
    assert_eq!(ev("string(undefined, false)"), "false");
    assert_eq!(ev("int(undefined, 10)"), "10");
    assert_eq!(ev("float(\"19.84\")"), "19.84");
    assert_eq!(ev("float(undefined, 19.84)"), "19.84");
    assert_eq!(ev("char(89)"), "Y");
    assert_eq!(ev("char(undefined, 'X')"), "X");
    assert_eq!(ev("bytes(\"foo\") == bytes(\"foo\")"), "true");
    assert_eq!(ev("bytes(undefined, false)"), "false");
    assert_eq!(ev("len(bytes(100))"), "100");
    assert_eq!(ev("int(3.9)"), "3");
    assert_eq!(ev("int('a')"), "97");
    assert_eq!(ev("string([1, \"a\"])"), "\"[1, \\\"a\\\"]\"");
    assert_eq!(ev("bool(undefined)"), "false");
    assert_eq!(ev("bool(\"\")"), "false");
}

#[test]
fn truthiness() {
    assert_eq!(
        ev("[!0, !\"\", !0.0, !'\\x00', ![], !{}, !undefined, !1, !\"a\", ![1]]"),
        "[true, true, false, true, true, true, true, false, false, false]"
    );
}

#[test]
fn operators() {
    assert_eq!(
        ev("[7 / 2, 7 % 3, -7 / 2, 7.0 / 2, 1 + 0.5, 2.5 * 2]"),
        "[3, 1, -3, 3.5, 1.5, 5]"
    );
    assert_eq!(
        ev("[6 & 3, 6 | 3, 6 ^ 3, 6 &^ 3, 1 << 4, -16 >> 2, ^0]"),
        "[2, 7, 5, 4, 16, -4, -1]"
    );
    assert_eq!(
        ev("['a' + 1, 'b' - 1, 1 + 'a', 'a' < 'b', 'a' < 98, 97 <= 'a']"),
        "[b, a, b, true, true, true]"
    );
    assert_eq!(
        ev("[\"a\" + 1, \"a\" + 'b', \"a\" + [1], \"a\" < \"b\", \"b\" >= \"b\"]"),
        "[\"a1\", \"ab\", \"a[1]\", true, true]"
    );
    assert_eq!(ev("[1] + [2, 3]"), "[1, 2, 3]");
    assert_eq!(ev("[1 == 1.0, 1 == 1, [1, 2] == immutable([1, 2]), {a: 1} == {a: 1}, undefined == undefined]"), "[false, true, true, true, true]");
    assert_eq!(
        ev("[1 < 1.5, 2.5 > 2, -5 + 3, +4, -(2.5)]"),
        "[true, true, -2, 4, -2.5]"
    );
    assert_eq!(
        ev("[0 || \"x\", 1 && 2, 0 && 2, \"\" || 0]"),
        "[\"x\", 2, 0, 0]"
    );
    assert_eq!(ev("1 + 2 * 3 - 4 / 2"), "5");
    assert_eq!(ev("1 + 2 == 3 && 2 < 1 || true"), "true");
    assert_eq!(ev("1 | 2 == 3"), "true");
    assert!(run_err("a := 1 / 0").message.contains("division by zero"));
    assert!(run_err("a := 1 % 0").message.contains("division by zero"));
    assert_eq!(
        run_err("a := 1\nb := a + \"x\"").message,
        "invalid operation: int + string"
    );
    assert_eq!(run_err("a := -\"x\"").message, "invalid operation: -string");
}

#[test]
fn ternary_and_assignment_operators() {
    assert_eq!(ev("true ? 1 : -1"), "1");
    assert_eq!(
        out("min := func(a, b) { return a < b ? a : b }\nout := min(5, 10)"),
        "5"
    );
    let src = "a := 10\na += 2\na -= 1\na *= 3\na /= 2\na %= 7\nb := 6\nb &= 3\nb |= 8\nb ^= 1\nb &^= 2\nb <<= 2\nb >>= 1\nc := 1\nc++\nc++\nc--\nout := [a, b, c]";
    assert_eq!(out(src), "[2, 18, 2]");
    assert_eq!(
        out("m := {a: 1}\nm.a += 4\nm[\"b\"] = 2\nm.b++\nout := m"),
        "{a: 5, b: 3}"
    );
    assert_eq!(out("s := \"a\"\ns += \"b\"\nout := s"), "\"ab\"");
}

#[test]
fn selectors_and_indexers() {
    assert_eq!(ev("[\"one\", \"two\", \"three\"][1]"), "\"two\"");
    let src = "m := {a: 1, b: [2, 3, 4], c: func() { return 10 }}\nm.x = 5\nout := [m.a, m[\"b\"][1], m.c(), m.x, m[\"b\"][5], m[\"b\"][5].d, m.nope.y.z, m.nope]";
    assert_eq!(
        out(src),
        "[1, 3, 10, 5, <undefined>, <undefined>, <undefined>, <undefined>]"
    );
    let e = run_err("m := {b: [1]}\nm.b[5] = 0");
    assert!(e.message.contains("index out of bounds"), "{e}");
    assert_eq!(ev("[1, 2, 3][-1]"), "<undefined>");
    assert_eq!(
        ev("\"héllo\"[1]"),
        "é",
        "indexing a string gives its n-th char"
    );
    assert_eq!(ev("\"abc\"[5]"), "<undefined>");
    assert_eq!(ev("bytes(\"abc\")[1]"), "98");
    assert!(run_err("a := [1][\"x\"]")
        .message
        .contains("invalid index type"));
    assert!(run_err("a := 1\nb := a[0]")
        .message
        .contains("not indexable"));
    assert!(compile_err("a := {in: true}")
        .message
        .contains("expected map key"));
    assert!(compile_err("a := {}\na.func = \"\"")
        .message
        .contains("expected selector"));
    assert_eq!(
        out("a := {\"in\": true}\na[\"func\"] = \"\"\nout := a"),
        "{func: \"\", in: true}"
    );
}

#[test]
fn slices() {
    assert_eq!(ev("[1, 2, 3, 4, 5][1:3]"), "[2, 3]");
    assert_eq!(ev("[1, 2, 3, 4, 5][3:]"), "[4, 5]");
    assert_eq!(ev("[1, 2, 3, 4, 5][:3]"), "[1, 2, 3]");
    assert_eq!(ev("\"hello world\"[2:10]"), "\"llo worl\"");
    assert_eq!(ev("[1, 2, 3, 4, 5][-1:10]"), "[1, 2, 3, 4, 5]");
    assert_eq!(ev("[1, 2][:]"), "[1, 2]");
    assert_eq!(ev("len(\"héllo\"[0:2])"), "2", "strings slice by byte");
    assert!(run_err("a := [1, 2][2:1]")
        .message
        .contains("invalid slice index"));
    assert!(run_err("a := 5\nb := a[1:]")
        .message
        .contains("not sliceable"));
}

#[test]
fn if_statements() {
    let f = "f := func(a) {\n if a < 0 { return \"neg\" } else if a == 0 { return \"zero\" } else { return \"pos\" }\n}\n";
    assert_eq!(
        out(&format!("{f}out := [f(-1), f(0), f(2)]")),
        "[\"neg\", \"zero\", \"pos\"]"
    );
    assert_eq!(
        out("foo := func() { return -3 }\nout := 0\nif a := foo(); a < 0 { out = a }"),
        "-3"
    );
}

#[test]
fn for_statements() {
    assert_eq!(out("out := 0\nfor a := 0; a < 10; a++ { out += a }"), "45");
    assert_eq!(out("a := 0\nfor a < 10 { a++ }\nout := a"), "10");
    assert_eq!(
        out("a := 0\nfor { a++\n if a > 5 { break } }\nout := a"),
        "6"
    );
    assert_eq!(
        out("out := 0\nfor i := 0; i < 10; i++ { if i % 2 == 0 { continue }\n out += i }"),
        "25"
    );
    assert_eq!(
        out("out := []\nfor v in [1, 2, 3] { out = append(out, v) }"),
        "[1, 2, 3]"
    );
    assert_eq!(
        out("out := []\nfor i, v in [7, 8] { out = append(out, [i, v]) }"),
        "[[0, 7], [1, 8]]"
    );
    assert_eq!(
        out("out := []\nfor k, v in {k1: 1, k2: 2} { out = append(out, k + string(v)) }"),
        "[\"k11\", \"k22\"]"
    );
    assert_eq!(
        out("out := []\nfor i, c in \"añb\" { out = append(out, [i, c]) }"),
        "[[0, a], [1, ñ], [2, b]]"
    );
    assert_eq!(out("out := 0\nfor x in undefined { out = 1 }"), "0");
    assert_eq!(
        out("out := []\nfor _, v in [1, 2] { out = append(out, v) }"),
        "[1, 2]"
    );
    assert_eq!(
        out("f := func() { for i := 0; ; i++ { if i == 3 { return i } } }\nout := f()"),
        "3"
    );
    assert!(compile_err("break")
        .message
        .contains("not allowed outside loop"));
    assert!(run_err("for x in 5 {}").message.contains("not iterable"));
}

#[test]
fn comments_and_export() {
    assert_eq!(
        out("/*\n multi-line\n*/\nout := 5 // line comment\nexport out"),
        "5"
    );
}

#[test]
fn builtins() {
    assert_eq!(ev("format(\"Foo: %v\", [1, 2, 3])"), "\"Foo: [1, 2, 3]\"");
    assert_eq!(ev("len([1, 2, 3])"), "3");
    assert_eq!(
        ev("[len(\"héllo\"), len({a: 1}), len(bytes(\"ab\"))]"),
        "[6, 1, 2]"
    );
    assert_eq!(
        out("v1 := [1, 2, 3]\nv2 := v1\nv3 := copy(v1)\nv1[1] = 0\nout := [v2[1], v3[1]]"),
        "[0, 2]"
    );
    assert_eq!(out("v := [1]\nv = append(v, 2, 3)\nout := v"), "[1, 2, 3]");
    assert_eq!(
        out("a := [1]\nb := a\na = append(a, 2)\nout := [a, b]"),
        "[[1, 2], [1]]",
        "append never changes another holder's array"
    );
    assert_eq!(
        out("a := [1]\nf := func() { a = [9]; return 2 }\na = append(a, f())\nout := a"),
        "[1, 2]"
    );
    assert_eq!(
        out("v := {key: \"value\"}\ndelete(v, \"key\")\nout := v"),
        "{}"
    );
    assert_eq!(
        out("v := {key: \"value\"}\ndelete(v, \"missing\")\nout := v"),
        "{key: \"value\"}"
    );
    assert!(run_err("delete({})")
        .message
        .contains("wrong number of arguments"));
    assert!(run_err("delete({}, 1)")
        .message
        .contains("invalid type for argument 'second'"));
    assert_eq!(
        ev("[type_name(1), type_name(\"str\"), type_name([1, 2, 3])]"),
        "[\"int\", \"string\", \"array\"]"
    );
    assert!(run_err("a := len(1)")
        .message
        .contains("invalid type for argument 'first'"));
    assert!(run_err("a := append(1, 2)")
        .message
        .contains("expected array"));
}

#[test]
fn splice_examples() {
    let cases = [
        ("[1, 2, 3]", "0", "[1, 2, 3]", "[]"),
        ("[1, 2, 3]", "1", "[2, 3]", "[1]"),
        ("[1, 2, 3]", "0, 1", "[1]", "[2, 3]"),
        ("[\"a\", \"b\", \"c\"]", "1, 2", "[\"b\", \"c\"]", "[\"a\"]"),
        (
            "[\"a\", \"b\", \"c\"]",
            "1, 99",
            "[\"b\", \"c\"]",
            "[\"a\"]",
        ),
        (
            "[\"a\", \"b\", \"c\"]",
            "3, 0, \"d\", \"e\"",
            "[]",
            "[\"a\", \"b\", \"c\", \"d\", \"e\"]",
        ),
        (
            "[\"a\", \"b\", \"c\"]",
            "2, 1, \"d\"",
            "[\"c\"]",
            "[\"a\", \"b\", \"d\"]",
        ),
        (
            "[\"a\", \"b\", \"c\"]",
            "0, 0, \"d\", \"e\"",
            "[]",
            "[\"d\", \"e\", \"a\", \"b\", \"c\"]",
        ),
        (
            "[\"a\", \"b\", \"c\"]",
            "1, 1, \"d\", \"e\"",
            "[\"b\"]",
            "[\"a\", \"d\", \"e\", \"c\"]",
        ),
    ];
    for (v, args, items, after) in cases {
        let src = format!("v := {v}\nitems := splice(v, {args})\nout := [items, v]");
        assert_eq!(out(&src), format!("[{items}, {after}]"), "{src}");
    }
    assert!(run_err("v := [1]\nsplice(v, 5)")
        .message
        .contains("out of bounds"));
}

#[test]
fn type_checks_and_freeze() {
    let checks = "[is_string(\"a\"), is_int(1), is_bool(true), is_float(1.5), is_char('a'), is_bytes(bytes(1)), is_error(error(1)), is_undefined(undefined), is_function(func(){}), is_function(len), is_callable(len), is_array([]), is_immutable_array(immutable([])), is_map({}), is_immutable_map(immutable({})), is_iterable(\"a\"), is_iterable(1), is_time(1)]";
    assert_eq!(ev(checks), "[true, true, true, true, true, true, true, true, true, false, true, true, true, true, true, true, false, false]");
    let src = "config := freeze({limits: {max_retries: 3}, tags: [\"prod\"]})\nout := [is_immutable_map(config), is_immutable_map(config.limits), is_immutable_array(config.tags)]";
    assert_eq!(out(src), "[true, true, true]");
    assert!(compile_err("t := time(1257894000)")
        .message
        .contains("'time' is not supported"));
}

#[test]
fn text_module() {
    assert_eq!(ev("text.re_match(\"^---\\n\", \"---\\ntitle: x\")"), "true");
    assert_eq!(
        ev("text.re_find(\"a(b)?\", \"xab a\")"),
        "[[{begin: 1, end: 3, text: \"ab\"}, {begin: 2, end: 3, text: \"b\"}]]"
    );
    assert_eq!(ev("len(text.re_find(\"a\", \"aaa\", -1))"), "3");
    assert_eq!(ev("text.re_find(\"z\", \"aaa\")"), "<undefined>");
    assert_eq!(
        ev("text.re_replace(\"(a)(b)\", \"xaby\", \"$2$1\")"),
        "\"xbay\""
    );
    assert_eq!(
        ev("text.re_split(\"a+\", \"xaayaz\", -1)"),
        "[\"x\", \"y\", \"z\"]"
    );
    assert_eq!(ev("text.re_split(\"a\", \"xayaz\", 2)"), "[\"x\", \"yaz\"]");
    assert_eq!(ev("is_error(text.re_match(\"(\", \"x\"))"), "true");
    assert_eq!(ev("text.re_match(\"\\\\d\", \"٣\")"), "false");
    let src = "text := import(\"text\")\nre := text.re_compile(\"b+\")\nout := [re.match(\"abb\"), re.find(\"abb\"), re.replace(\"abbc\", \"-\"), re.split(\"abbcbd\", -1)]";
    assert_eq!(
        out(src),
        "[true, [[{begin: 1, end: 3, text: \"bb\"}]], \"a-c\", [\"a\", \"c\", \"d\"]]"
    );
    assert_eq!(ev("[text.compare(\"a\", \"b\"), text.contains(\"abc\", \"bc\"), text.contains_any(\"abc\", \"xc\"), text.count(\"cheese\", \"e\"), text.count(\"five\", \"\")]"), "[-1, true, true, 3, 5]");
    assert_eq!(ev("[text.equal_fold(\"Go\", \"GO\"), text.fields(\"  a b  c \"), text.has_prefix(\"abc\", \"ab\"), text.has_suffix(\"abc\", \"bc\")]"), "[true, [\"a\", \"b\", \"c\"], true, true]");
    assert_eq!(ev("[text.index(\"chicken\", \"ken\"), text.index(\"x\", \"y\"), text.index_any(\"golang\", \"ny\"), text.last_index(\"go gopher\", \"go\"), text.last_index_any(\"golang\", \"go\")]"), "[4, -1, 4, 3, 5]");
    assert_eq!(ev("[text.join([\"a\", \"b\"], \", \"), text.repeat(\"na\", 2), text.replace(\"oink oink oink\", \"k\", \"ky\", 2), text.replace(\"oink oink\", \"oink\", \"moo\", -1)]"), "[\"a, b\", \"nana\", \"oinky oinky oink\", \"moo moo\"]");
    assert_eq!(
        ev("[text.substr(\"hello\", 1, 3), text.substr(\"hello\", 2)]"),
        "[\"el\", \"llo\"]"
    );
    assert_eq!(ev("[text.split(\"a,b,c\", \",\"), text.split_after(\"a,b\", \",\"), text.split_n(\"a,b,c\", \",\", 2), text.split_after_n(\"a,b,c\", \",\", 2), text.split(\"ab\", \"\")]"), "[[\"a\", \"b\", \"c\"], [\"a,\", \"b\"], [\"a\", \"b,c\"], [\"a,\", \"b,c\"], [\"a\", \"b\"]]");
    assert_eq!(ev("[text.title(\"her royal highness\"), text.to_lower(\"ABC\"), text.to_upper(\"abc\"), text.to_title(\"loud\")]"), "[\"Her Royal Highness\", \"abc\", \"ABC\", \"LOUD\"]");
    assert_eq!(ev("[text.pad_left(\"ab\", 5, \"xy\"), text.pad_right(\"ab\", 5, \"xy\"), text.pad_left(\"ab\", 4), text.pad_left(\"abc\", 2)]"), "[\"yxyab\", \"abxyx\", \"  ab\", \"abc\"]");
    assert_eq!(ev("[text.trim(\"xxhixx\", \"x\"), text.trim_left(\"xxhix\", \"x\"), text.trim_right(\"xhixx\", \"x\"), text.trim_prefix(\"prefix-a\", \"prefix-\"), text.trim_suffix(\"a.go\", \".go\"), text.trim_space(\"  a \\n\")]"), "[\"hi\", \"hix\", \"xhi\", \"a\", \"a\", \"a\"]");
}

#[test]
fn text_conversions() {
    assert_eq!(ev("[text.atoi(\"12\"), is_error(text.atoi(\"x\")), text.itoa(-5), text.format_bool(true), text.format_int(255, 16), text.format_int(-5, 2)]"), "[12, true, \"-5\", \"true\", \"ff\", \"-101\"]");
    assert_eq!(ev("[text.format_float(3.25, \"f\", 1, 64), text.format_float(1234.5, \"e\", -1, 64), text.format_float(0.5, \"g\", -1, 64), text.format_float(1.0, \"b\", -1, 64)]"), "[\"3.2\", \"1.2345e+03\", \"0.5\", \"4503599627370496p-52\"]");
    assert_eq!(ev("[text.parse_bool(\"T\"), is_error(text.parse_bool(\"yes\")), text.parse_float(\"1.5\", 64), text.parse_int(\"ff\", 16, 64), text.parse_int(\"0x10\", 0, 64), is_error(text.parse_int(\"300\", 10, 8))]"), "[true, true, 1.5, 255, 16, true]");
    assert_eq!(ev("[text.quote(\"a\\tb\"), text.unquote(\"\\\"a\\\\tb\\\"\"), text.unquote(\"`raw`\"), is_error(text.unquote(\"x\"))]"), "[\"\\\"a\\\\tb\\\"\", \"a\\tb\", \"raw\", true]");
}

#[test]
fn fmt_module() {
    let v = run("fmt := import(\"fmt\")\nfmt.print(\"a\", 1)\nfmt.println(\"b\")\nfmt.printf(\"%d-%s\\n\", 2, \"c\")\ns := fmt.sprintf(\"%05.1f\", 3.14159)");
    assert_eq!(v.output, "a1b\n2-c\n");
    assert_eq!(v.get("s").unwrap().repr(), "\"003.1\"");
}

#[test]
fn math_module() {
    assert_eq!(ev("math.abs(-19.84)"), "19.84");
    assert_eq!(ev("[math.floor(2.7), math.ceil(2.1), math.sqrt(16), math.pow(2, 10), math.max(1, 2), math.min(1, 2), math.trunc(-2.7)]"), "[2, 3, 4, 1024, 2, 1, -2]");
    assert_eq!(ev("[math.pi > 3.14, math.maxInt8, math.minInt16, math.is_nan(math.nan()), math.is_inf(math.inf(1), 0), math.signbit(-1.0)]"), "[true, 127, -32768, true, true, true]");
    assert_eq!(ev("[math.mod(7, 3), math.remainder(7, 4), math.dim(3, 5), math.hypot(3, 4), math.ldexp(0.5, 3), math.pow10(2), math.ilogb(8)]"), "[1, -1, 0, 5, 4, 100, 3]");
    assert_eq!(ev("[math.gamma(5), math.erf(0), math.j0(0), math.log2(8), math.log10(1000), math.exp(0), math.cbrt(27)]"), "[24, 0, 1, 3, 3, 1, 3]");
}

#[test]
fn compile_errors_name_line_and_construct() {
    let e = compile_err("a := 1\nos := import(\"os\")");
    assert_eq!(e.line, 2);
    assert!(e.message.contains("module 'os' is not available"), "{e}");
    let e = compile_err("a := 1\nb := [1, 2\nc := 3");
    assert_eq!(e.line, 3, "{e}");
    assert!(e.message.contains("expected ',' or ']'"), "{e}");
    let e = compile_err("x := 1\nswitch x {}");
    assert_eq!(e.line, 2, "{e}");
}

#[test]
fn runtime_errors_carry_the_line() {
    let e = run_err("a := [1, 2]\n\nb := a + 1");
    assert_eq!((e.line, e.kind), (3, ErrorKind::Runtime));
    let e = run_err("f := func(x) {\n  return x.y.z + 1\n}\nf({})");
    assert_eq!(e.line, 2);
    assert!(e.message.contains("undefined + int"), "{e}");
}

fn budget_err(src: &str, limits: Limits) -> RuntimeError {
    let p = Program::compile(src, &[]).unwrap();
    let start = std::time::Instant::now();
    let e = p.run(vec![], limits).expect_err("a budget error");
    assert!(start.elapsed().as_secs() < 5, "ends quickly");
    e
}

#[test]
fn budgets_end_runaway_scripts() {
    let small = Limits {
        steps: 100_000,
        memory: 1 << 20,
    };
    assert_eq!(budget_err("for {}", small).kind, ErrorKind::Steps);
    assert_eq!(
        budget_err("a := 0\nfor { a++ }", Limits::default()).kind,
        ErrorKind::Steps
    );
    assert_eq!(
        budget_err("a := []\nfor { a = append(a, 1) }", small).kind,
        ErrorKind::Steps
    );
    let e = budget_err(
        "a := []\nfor i := 0; i < 1000000; i++ { a = append(a, \"xxxxxxxxxxxxxxxx\") }",
        Limits {
            steps: u64::MAX,
            memory: 1 << 20,
        },
    );
    assert_eq!(e.kind, ErrorKind::Memory);
    assert_eq!(e.line, 2);
    let e = budget_err(
        "s := \"x\"\nfor { s = s + s }",
        Limits {
            steps: u64::MAX,
            memory: 1 << 24,
        },
    );
    assert_eq!(e.kind, ErrorKind::Memory);
    let e = budget_err(
        "text := import(\"text\")\ns := text.repeat(\"x\", 1000000000)",
        Limits::default(),
    );
    assert_eq!(e.kind, ErrorKind::Memory);
    let e = budget_err("b := bytes(1000000000000)", Limits::default());
    assert_eq!(e.kind, ErrorKind::Memory);
    let e = budget_err("f := func(x) { return f(x + 1) }\nf(0)", Limits::default());
    assert!(e.message.contains("recursion"), "{e}");
}

#[test]
fn values_that_hold_themselves_end() {
    let src = "a := [1, 1]\na[0] = a\na[1] = a\n";
    assert!(out(&format!("{src}out := len(string(a)) > 0")) == "true");
    assert!(run_err(&format!("{src}b := copy(a)"))
        .message
        .contains("nested too deeply"));
    assert!(run_err(&format!("{src}b := freeze(a)"))
        .message
        .contains("nested too deeply"));
    let e = run_err(&format!(
        "{src}b := [1, 1]\nb[0] = b\nb[1] = b\nc := a == b"
    ));
    assert_eq!(e.kind, ErrorKind::Steps);
}

#[test]
fn vale_contract_offsets_are_bytes_into_scope() {
    let p = compile_script("text := import(\"text\")\ni := text.index(scope, \"bad\")\nmatches := [{begin: i, end: i + 3, message: \"no bad\"}, {begin: 0, end: 1}]").unwrap();
    let scope = "héllo bad";
    let m = script_matches(&p, scope, Limits::default()).unwrap();
    assert_eq!(
        m[0],
        ScriptMatch {
            begin: 7,
            end: 10,
            message: Some("no bad".into())
        }
    );
    assert_eq!(&scope[m[0].begin..m[0].end], "bad");
    assert_eq!(m[1].message, None);
    let none = compile_script("x := 1").unwrap();
    assert!(script_matches(&none, "a", Limits::default())
        .unwrap()
        .is_empty());
    let bad = compile_script("matches := [1]").unwrap();
    assert!(script_matches(&bad, "a", Limits::default())
        .unwrap_err()
        .message
        .contains("not a map"));
    let clamp = compile_script("matches := [{begin: 5, end: 100}]").unwrap();
    assert_eq!(
        script_matches(&clamp, "abc", Limits::default()).unwrap()[0],
        ScriptMatch {
            begin: 3,
            end: 3,
            message: None
        }
    );
}

/// gitlab_docs.FrontMatter, verbatim from the gitlab-runner docs styles.
pub const FRONT_MATTER: &str = include_str!("../tests/front_matter.tengo");

#[test]
fn gitlab_front_matter_script() {
    let p = compile_script(FRONT_MATTER).unwrap();
    let run = |s: &str| script_matches(&p, s, Limits::default()).unwrap();
    let good = "---\ntitle: Runner\n---\n\n# Runner\n\nText.\n";
    assert!(run(good).is_empty());
    let redirect = "---\nredirect_to: other.md\n---\n\nMoved.\n";
    assert!(run(redirect).is_empty());
    let missing = "# Runner\n\nText.\n";
    assert_eq!(
        run(missing),
        vec![ScriptMatch {
            begin: 0,
            end: 8,
            message: None
        }]
    );
    let empty_title = "---\ntitle:   \n---\nText.\n";
    let m = run(empty_title);
    assert_eq!(
        m.iter().map(|m| (m.begin, m.end)).collect::<Vec<_>>(),
        vec![(0, 3), (0, 3)]
    );
    let unclosed = "---\ntitle: x\nText.\n";
    assert_eq!(run(unclosed).len(), 1);
}
