//! The integration tests, one binary so the suite links once. Each module
//! is one area; `support` holds what they share. The cases that take
//! seconds each (huge inputs, thousands of files or rules, signals) are
//! in `slow`: `cargo test -- --skip slow::` leaves them out locally, plain
//! `cargo test` (CI) runs them. The command-line cases written as files
//! are in `fixtures/cmd/`, run by `cmd`.

mod architecture;
mod cli;
mod cmd;
mod faults;
mod fuzz_seeds;
mod gate;
mod gate_fix;
mod hostile;
mod lsp;
mod properties;
mod sequence;
mod slow;
mod support;
mod vale_cli;
mod vale_drop_in;
