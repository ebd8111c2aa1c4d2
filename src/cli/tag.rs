//! `parlance tag [FILE|-]`: the part-of-speech tags parlance reads a text
//! with, one sentence a line as `word/TAG word/TAG …` (to debug rules that
//! name tags). A Markdown, HTML or Org file is read through its prose view:
//! each block's text without markup, code or front matter. Other files and
//! standard input are plain text.
//!
//! With a `.conllu` file: the same CoNLL-U with column 5 (XPOS) replaced by
//! parlance's tags of column 2, gold tokenization kept; `--score` prints the
//! token accuracy against the file's own column 5 instead.

use std::io::{self, Read, Write};
use std::path::Path;

use parlance_language::{conllu, sentences, tokenize_into, Tagger};

use super::ExitStatus;
use crate::document::Document;

pub(super) fn run(file: &Path, score: bool) -> io::Result<ExitStatus> {
    let stdin = file == Path::new("-");
    let text = if stdin {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text)?;
        text
    } else {
        match std::fs::read(file) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                eprintln!("error: {}: {e}", file.display());
                return Ok(ExitStatus::Failure);
            }
        }
    };
    let is_conllu = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("conllu"))
        || (stdin && looks_like_conllu(&text));
    let mut out = io::BufWriter::new(io::stdout().lock());
    if is_conllu {
        if score {
            let (correct, total) = parlance_language::score_conllu(Tagger::embedded(), &text);
            writeln!(
                out,
                "accuracy: {:.2}% ({correct} of {total} tokens)",
                100.0 * correct as f64 / total.max(1) as f64
            )?;
        } else {
            retag_conllu(&text, &mut out)?;
        }
    } else if score {
        eprintln!("error: --score needs a .conllu file (its column 5 is the gold tag)");
        return Ok(ExitStatus::Failure);
    } else if stdin {
        tag_prose(&text, &mut out)?;
    } else {
        let doc = Document::from_path_and_text(file, text);
        for block in &doc.blocks {
            match doc.markup_free(block.range.clone()) {
                Some(free) => tag_prose(&free.text, &mut out)?,
                None => tag_prose(&doc.prose[block.range.clone()], &mut out)?,
            }
        }
    }
    out.flush()?;
    Ok(ExitStatus::Clean)
}

/// Standard input is CoNLL-U if its first line that is not a comment is a
/// ten-column word line.
fn looks_like_conllu(text: &str) -> bool {
    text.lines()
        .find(|l| !l.starts_with('#') && !l.trim().is_empty())
        .is_some_and(|l| l.split('\t').count() == 10)
}

fn tag_prose(text: &str, out: &mut impl Write) -> io::Result<()> {
    let tagger = Tagger::embedded();
    let mut tokens = Vec::new();
    let mut words = Vec::new();
    let mut tags = Vec::new();
    for range in sentences(text) {
        tokens.clear();
        tokenize_into(&text[range], &mut tokens);
        words.clear();
        words.extend(tokens.iter().map(|t| t.text));
        tagger.tag_into(&words, &mut tags);
        let mut first = true;
        for (word, tag) in words.iter().zip(&tags) {
            if !first {
                out.write_all(b" ")?;
            }
            first = false;
            write!(out, "{word}/{tag}")?;
        }
        if !first {
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// Prints `text` with column 5 of each word line replaced by parlance's
/// tag; comments, multi-word tokens and empty nodes as they are.
fn retag_conllu(text: &str, out: &mut impl Write) -> io::Result<()> {
    let tagger = Tagger::embedded();
    let mut sentence: Vec<&str> = Vec::new();
    let mut tags = Vec::new();
    let mut flush = |lines: &mut Vec<&str>, out: &mut dyn Write| -> io::Result<()> {
        let words: Vec<&str> = lines
            .iter()
            .filter(|l| conllu::is_word_line(l))
            .map(|l| l.split('\t').nth(1).unwrap_or(""))
            .collect();
        tagger.tag_into(&words, &mut tags);
        let mut next = tags.iter();
        for line in lines.drain(..) {
            if conllu::is_word_line(line) {
                let tag = next.next().map_or("_", |t| t.as_str());
                let mut cols: Vec<&str> = line.split('\t').collect();
                if cols.len() > 4 {
                    cols[4] = tag;
                }
                writeln!(out, "{}", cols.join("\t"))?;
            } else {
                writeln!(out, "{line}")?;
            }
        }
        Ok(())
    };
    for line in text.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            flush(&mut sentence, out)?;
            writeln!(out)?;
        } else {
            sentence.push(line);
        }
    }
    flush(&mut sentence, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_prints_one_sentence_a_line() {
        let mut out = Vec::new();
        tag_prose("We agree. They don't.", &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "We/PRP agree/VBP ./.\nThey/PRP do/VBP n't/RB ./.\n"
        );
    }

    #[test]
    fn conllu_keeps_everything_but_column_five() {
        let text = "# text = I don't\n1\tI\tI\tPRON\tXX\t_\t0\t_\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tXX\t_\t0\t_\t_\t_\n3\tn't\tnot\tPART\tXX\t_\t0\t_\t_\t_\n\n";
        let mut out = Vec::new();
        retag_conllu(text, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "# text = I don't\n1\tI\tI\tPRON\tPRP\t_\t0\t_\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t0\t_\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t0\t_\t_\t_\n\n"
        );
        assert!(looks_like_conllu(text));
        assert!(!looks_like_conllu("Plain text."));
    }
}
