//! The command-line cases written as files: `fixtures/cmd/<case>.toml`
//! (the command), `<case>.in/` or a shared `fs.base` (the files),
//! `<case>.stdout`/`.stderr` (the output) and `<case>.out/` (the files
//! after the run). See `fixtures/cmd/README.md`.

#[test]
fn cmd() {
    trycmd::TestCases::new()
        .register_bin("parlance", std::path::Path::new(crate::support::BIN))
        .timeout(std::time::Duration::from_secs(120))
        .case("fixtures/cmd/*.toml");
}
