//! Reading CoNLL-U: the word forms (column 2) and Penn tags (column 5) of
//! each sentence. Comment lines, multi-word token lines (`3-4`) and empty
//! nodes (`8.1`) are not words.

/// One sentence of a CoNLL-U file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    /// Column 2 of each word line.
    pub words: Vec<String>,
    /// Column 5 (XPOS) of each word line.
    pub tags: Vec<String>,
}

/// Whether a CoNLL-U line is a word line (its ID an integer).
pub fn is_word_line(line: &str) -> bool {
    let id = line.split('\t').next().unwrap_or("");
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) && line.contains('\t')
}

/// The sentences of a CoNLL-U text.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut current = Sentence::default();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !current.words.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with('#') || !is_word_line(line) {
            continue;
        }
        let mut cols = line.split('\t');
        let form = cols.nth(1).unwrap_or("");
        let xpos = cols.nth(2).unwrap_or("_");
        current.words.push(form.to_string());
        current.tags.push(xpos.to_string());
    }
    if !current.words.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_words_and_xpos_skipping_ranges_and_empty_nodes() {
        let text = "# text = I don't.\n1\tI\tI\tPRON\tPRP\t_\t0\t_\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t0\t_\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t0\t_\t_\t_\n3.1\tx\tx\tX\tXX\t_\t_\t_\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t0\t_\t_\t_\n\n1\tYes\tyes\tINTJ\tUH\t_\t0\t_\t_\t_\n";
        let s = sentences(text);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].words, ["I", "do", "n't", "."]);
        assert_eq!(s[0].tags, ["PRP", "VBP", "RB", "."]);
        assert_eq!(s[1].words, ["Yes"]);
    }
}
