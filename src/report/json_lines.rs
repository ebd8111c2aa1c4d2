//! `--format json-lines`: the `json` objects, one per line, so a consumer
//! can stream them (`jq -c`, reviewdog-style line readers).

use std::io::{self, Write};

use super::{json, FileReport};

pub(super) fn write(out: &mut dyn Write, files: &[FileReport]) -> io::Result<()> {
    for record in json::records(files) {
        serde_json::to_writer(&mut *out, &record)?;
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::report::sample;

    #[test]
    fn output() {
        insta::assert_snapshot!(sample::render(super::write));
    }
}
