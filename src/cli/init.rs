//! `parlance init`: a starter `.parlance.ini` in the current folder.

use std::io;

use super::ExitStatus;

pub(super) fn run(force: bool) -> io::Result<ExitStatus> {
    let path = std::path::Path::new(".parlance.ini");
    if path.exists() && !force {
        eprintln!("error: .parlance.ini already exists (use --force to overwrite it)");
        return Ok(ExitStatus::Failure);
    }
    std::fs::write(path, crate::config::STARTER)?;
    println!("wrote .parlance.ini: the built-in Business style on Markdown and text files");
    Ok(ExitStatus::Clean)
}
