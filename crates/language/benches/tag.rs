//! Tagging speed on pre-tokenized words (the EWT dev split, gold tokens).
//!
//! `cargo bench -p parlance-language --bench tag`; the throughput line is
//! in elements (tokens) a second.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use parlance_language::{conllu, tokenize, Tagger};

fn sentences() -> Vec<Vec<String>> {
    let dir = std::env::var("EWT_DIR").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/ud-english-ewt"
        )
        .to_string()
    });
    match std::fs::read_to_string(format!("{dir}/en_ewt-ud-dev.conllu")) {
        Ok(text) => conllu::sentences(&text)
            .into_iter()
            .map(|s| s.words)
            .collect(),
        // Without the treebank: a paragraph of business prose, repeated.
        Err(_) => {
            let text = "The customer's order will effect a change in the supplier's terms. \
                        We don't know whether fewer clients are affected, but the principal \
                        reason is clear: costs rose 3.5% in the U.S. last year.";
            let words: Vec<String> = tokenize(text).iter().map(|t| t.text.to_string()).collect();
            vec![words; 500]
        }
    }
}

fn bench(c: &mut Criterion) {
    let tagger = Tagger::embedded();
    let owned = sentences();
    let sents: Vec<Vec<&str>> = owned
        .iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect();
    let tokens: usize = sents.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("tagger");
    group.throughput(Throughput::Elements(tokens as u64));
    group.sample_size(20);
    group.bench_function("tag_into", |b| {
        let mut out = Vec::new();
        b.iter(|| {
            for s in &sents {
                tagger.tag_into(black_box(s), &mut out);
                black_box(&out);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
