//! A poor man's fuzzer on stable Rust: mutates the fuzz seeds (splices,
//! byte flips, token insertions) and runs each result under small
//! budgets, reporting any panic. `cargo run --release -p parlance-tengo
//! --example smoke SEEDS_DIR ITERATIONS`.

use std::panic;

use parlance_tengo::{compile_script, script_matches, Limits};

const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    ";",
    "\n",
    "...",
    "?",
    "=",
    ":=",
    "+=",
    "++",
    "-",
    "!",
    "^",
    "&^",
    "<<",
    ">>",
    "%",
    "/",
    "*",
    "0",
    "-1",
    "1e308",
    "9223372036854775807",
    "\"\"",
    "\"x\"",
    "'x'",
    "`r`",
    "func(a, ...b) { return a }",
    "for {",
    "if x {",
    "else",
    "break",
    "continue",
    "return",
    "in",
    "import(\"text\")",
    "text.",
    "scope",
    "matches",
    "len(",
    "copy(",
    "append(",
    "splice(",
    "format(\"%v %d %.3g %x\"",
    "undefined",
    "error(",
    "immutable(",
    "text.re_find(\"(a)|b\", scope, -1)",
    "text.split(scope, \"\")",
    "text.pad_left(\"\", 99, \"ab\")",
    "math.jn(3, 1.5)",
    "x",
    "a",
    "[1, 2][-1:9]",
    "\"héllo\"[1:2]",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, seeds: &[String]) -> String {
    let mut s = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(6) {
        let mut at = rng.below(s.len() + 1);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        match rng.below(4) {
            0 => s.insert_str(at, TOKENS[rng.below(TOKENS.len())]),
            1 => {
                let mut end = (at + rng.below(20)).min(s.len());
                while !s.is_char_boundary(end) {
                    end += 1;
                }
                s.replace_range(at..end, "");
            }
            2 => {
                let other = &seeds[rng.below(seeds.len())];
                let mut from = rng.below(other.len() + 1);
                while !other.is_char_boundary(from) {
                    from -= 1;
                }
                s.insert_str(at, &other[from..]);
            }
            _ => s.insert_str(at, &format!(" {} ", TOKENS[rng.below(TOKENS.len())])),
        }
    }
    s
}

fn main() {
    let dir = std::env::args().nth(1).expect("seed folder");
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let mut seeds: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    seeds.sort();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut compiled, mut panics) = (0, 0);
    let limits = Limits {
        steps: 50_000,
        memory: 1 << 20,
    };
    for _ in 0..n {
        let src = mutate(&mut rng, &seeds);
        let result = panic::catch_unwind(|| {
            if let Ok(p) = compile_script(&src) {
                let _ = script_matches(&p, "# T\n\nhéllo TODO wörld\n", limits);
                true
            } else {
                false
            }
        });
        match result {
            Ok(true) => compiled += 1,
            Ok(false) => {}
            Err(_) => {
                panics += 1;
                if panics <= 3 {
                    eprintln!("PANIC on:\n{src}\n-----");
                }
            }
        }
    }
    println!("{n} inputs, {compiled} compiled, {panics} panicked");
}
