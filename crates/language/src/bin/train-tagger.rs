//! Trains the part-of-speech model from UD English EWT.
//!
//! `train-tagger EWT_DIR OUTPUT [--iterations N]` reads
//! `EWT_DIR/en_ewt-ud-train.conllu`, trains deterministically and writes the
//! compressed model to OUTPUT; then prints the accuracy on the dev and test
//! splits. The same data and options give the same bytes.
//!
//! For tuning on dev: `--iterations`, `--seed`, `--margin` (also update
//! when the gold tag wins by less; 2 by default, 0 for the plain
//! perceptron), `--prune`, `--feature-count` (drop features seen fewer
//! times), `--dict-count`, `--dict-share`, `--known-count`,
//! `--lexicon-count`, `--lexicon-share`, `--second-pass` (a jackknifed
//! second pass; no gain on dev, half the speed, so off);
//! `TRAIN_TAGGER_CONFUSION=1` prints the commonest dev
//! errors, `TRAIN_TAGGER_DUMP=FILE` writes word, gold and guess of each dev
//! token, `TRAIN_TAGGER_SPEED=1` times tagging the dev split.

use std::path::PathBuf;
use std::process::ExitCode;

use parlance_language::train::{self, Example, Options};
use parlance_language::{conllu, score_conllu, Tag, Tagger};

fn read(dir: &std::path::Path, split: &str) -> Result<String, String> {
    let path = dir.join(format!("en_ewt-ud-{split}.conllu"));
    std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut options = Options::default();
    let mut quiet = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--iterations" => {
                options.iterations = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--iterations needs a number")?;
            }
            "--prune" => {
                options.prune = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--prune needs a number")?;
            }
            "--dict-count" => {
                options.dict_min_count = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--dict-count needs a number")?;
            }
            "--dict-share" => {
                options.dict_min_share = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--dict-share needs a number")?;
            }
            "--known-count" => {
                options.known_min_count = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--known-count needs a number")?;
            }
            "--lexicon-count" => {
                options.lexicon_min_count = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--lexicon-count needs a number")?;
            }
            "--lexicon-share" => {
                options.lexicon_min_share = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--lexicon-share needs a number")?;
            }
            "--seed" => {
                options.seed = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--seed needs a number")?;
            }
            "--margin" => {
                options.margin = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--margin needs a number")?;
            }
            "--feature-count" => {
                options.feature_min_count = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--feature-count needs a number")?;
            }
            "--quiet" => quiet = true,
            "--second-pass" => options.second_pass = true,
            "-h" | "--help" => {
                println!(
                    "usage: train-tagger EWT_DIR OUTPUT [--iterations N] [--prune W] [--quiet]"
                );
                return Ok(());
            }
            _ => positional.push(PathBuf::from(arg)),
        }
    }
    let [dir, output] = positional.as_slice() else {
        return Err("usage: train-tagger EWT_DIR OUTPUT [--iterations N] [--prune W]".into());
    };
    let train_text = read(dir, "train")?;
    let mut examples = Vec::new();
    for s in conllu::sentences(&train_text) {
        let tags = s
            .tags
            .iter()
            .map(|t| t.parse::<Tag>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        examples.push(Example {
            words: s.words,
            tags,
        });
    }
    let model = train::train(&examples, &options, |i, acc| {
        if !quiet {
            eprintln!("pass {i}: {:.2}% on train", acc * 100.0);
        }
    });
    let compressed = train::compress(&model);
    std::fs::write(output, &compressed).map_err(|e| format!("{}: {e}", output.display()))?;
    eprintln!(
        "wrote {} ({} bytes, {} uncompressed)",
        output.display(),
        compressed.len(),
        model.len()
    );
    let tagger = Tagger::from_bytes(&model).map_err(|e| e.to_string())?;
    for split in ["dev", "test"] {
        let (correct, total) = score_conllu(&tagger, &read(dir, split)?);
        println!(
            "{split}: {:.2}% ({correct} of {total} tokens)",
            100.0 * correct as f64 / total as f64
        );
    }
    if std::env::var_os("TRAIN_TAGGER_SPEED").is_some() {
        let text = read(dir, "dev")?;
        let sents = conllu::sentences(&text);
        let sents: Vec<Vec<&str>> = sents
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        let mut tags = Vec::new();
        let started = std::time::Instant::now();
        let mut n = 0usize;
        for _ in 0..10 {
            for s in &sents {
                tagger.tag_into(s, &mut tags);
                n += tags.len();
            }
        }
        let secs = started.elapsed().as_secs_f64();
        eprintln!("speed: {:.2} M tokens/s", n as f64 / secs / 1e6);
    }
    if let Some(path) = std::env::var_os("TRAIN_TAGGER_DUMP") {
        let mut dump = String::new();
        let mut tags = Vec::new();
        for s in conllu::sentences(&read(dir, "dev")?) {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            tagger.tag_into(&words, &mut tags);
            for ((gold, tag), w) in s.tags.iter().zip(&tags).zip(&words) {
                dump.push_str(&format!("{w}\t{gold}\t{tag}\n"));
            }
            dump.push('\n');
        }
        std::fs::write(path, dump).map_err(|e| e.to_string())?;
    }
    if std::env::var_os("TRAIN_TAGGER_CONFUSION").is_some() {
        let mut confusion = std::collections::BTreeMap::new();
        let mut tags = Vec::new();
        for s in conllu::sentences(&read(dir, "dev")?) {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            tagger.tag_into(&words, &mut tags);
            for ((gold, tag), w) in s.tags.iter().zip(&tags).zip(&words) {
                if gold != tag.as_str() {
                    let e = confusion
                        .entry((gold.clone(), tag.as_str()))
                        .or_insert((0, Vec::new()));
                    e.0 += 1;
                    if e.1.len() < 8 {
                        e.1.push(w.to_string());
                    }
                }
            }
        }
        let mut v: Vec<_> = confusion.into_iter().collect();
        v.sort_by_key(|(_, (n, _))| std::cmp::Reverse(*n));
        for ((gold, tag), (n, words)) in v.iter().take(30) {
            eprintln!("{n:5} gold {gold:6} tagged {tag:6} {}", words.join(" "));
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("train-tagger: {e}");
            ExitCode::from(2)
        }
    }
}
