//! The check stage on a realistic document: building the prose view, and
//! running the embedded Business style over it.
//!
//! `cargo bench --bench check`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use parlance::check::{check, RulesInEffect};
use parlance::config::format::Format;
use parlance::diagnostic::Severity;
use parlance::document::Document;
use parlance::lint::{LintOptions, Linter};

/// About 200 KB of business Markdown built from the repository's fixtures.
fn sample() -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let parts = [
        "fixtures/core/docs/markdown.md",
        "fixtures/core/docs/plain.txt",
        "fixtures/core/docs/unicode.md",
    ];
    let chunk: String = parts
        .iter()
        .map(|p| std::fs::read_to_string(format!("{root}/{p}")).expect("fixture"))
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut text = String::new();
    while text.len() < 200_000 {
        text.push_str(&chunk);
        text.push_str("\n\n");
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = sample();
    let linter = Linter::builtin();
    let set = &linter.rules;
    let enabled = vec![true; set.rules.len()];
    let rules = RulesInEffect {
        enabled: &enabled,
        base_styles: &[],
        min_level: Severity::Suggestion,
    };
    let mut group = c.benchmark_group("200KB markdown");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function(BenchmarkId::new("prose view", "markdown"), |b| {
        b.iter(|| Document::new(text.clone(), Format::Markdown, "md"))
    });
    let doc = Document::new(text.clone(), Format::Markdown, "md");
    group.bench_function(BenchmarkId::new("check", "Business"), |b| {
        b.iter(|| check(&doc, set, rules, None))
    });
    let options = LintOptions {
        min_level: Some(Severity::Suggestion),
        ..LintOptions::default()
    };
    group.bench_function(BenchmarkId::new("view + check", "Business"), |b| {
        b.iter(|| linter.lint("bench.md", text.clone(), &options))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
