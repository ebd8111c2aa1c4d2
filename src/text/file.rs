//! Reading the files a configuration names. A path may name a FIFO, a
//! device or a folder as easily as a file: reading a FIFO blocks until
//! something writes to it (a language server whose `configPath` is one
//! hangs), a device may never end. Only regular files are read.

use std::io;
use std::path::Path;

/// The text of the regular file at `path` (symlinks followed); any other
/// kind of file is an `InvalidInput` error saying what it is.
pub fn read_to_string(path: &Path) -> io::Result<String> {
    regular(path)?;
    std::fs::read_to_string(path)
}

/// The bytes of the regular file at `path`, as [`read_to_string`].
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    regular(path)?;
    std::fs::read(path)
}

fn regular(path: &Path) -> io::Result<()> {
    let kind = std::fs::metadata(path)?.file_type();
    if !kind.is_file() {
        let what = if kind.is_dir() {
            "a folder"
        } else {
            "not a regular file (a FIFO, socket or device)"
        };
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{what}; not read"),
        ));
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// Guards issue #21: a FIFO named as a config hung the reader.
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.ini");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            panic!("mkfifo is needed for this test");
        }
        let e = read_to_string(&fifo).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
        assert!(e.to_string().contains("FIFO"), "{e}");
        assert!(read_to_string(dir.path())
            .unwrap_err()
            .to_string()
            .contains("folder"));
        std::fs::write(dir.path().join("a.ini"), "x").unwrap();
        assert_eq!(read_to_string(&dir.path().join("a.ini")).unwrap(), "x");
    }
}
