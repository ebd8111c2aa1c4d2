//! The cases that take seconds each (a 50 MB line, 100,000 files, 10,000
//! rules, an interrupted `--fix`, Vale's whole feature suite…), grouped so
//! that `cargo test -- --skip slow::` leaves them out while developing;
//! plain `cargo test`, which CI runs, runs them too.

mod cli;
mod faults;
mod hostile;
mod vale_replay;
