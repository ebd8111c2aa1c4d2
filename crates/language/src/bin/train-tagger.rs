//! Trains the part-of-speech model from UD English EWT.
//!
//! `train-tagger EWT_DIR OUTPUT [--iterations N]` reads
//! `EWT_DIR/en_ewt-ud-train.conllu`, trains deterministically and writes the
//! compressed model to OUTPUT; then prints the accuracy on the dev and test
//! splits. The same data and options give the same bytes.

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
            "--quiet" => quiet = true,
            "-h" | "--help" => {
                println!("usage: train-tagger EWT_DIR OUTPUT [--iterations N] [--prune W] [--quiet]");
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
