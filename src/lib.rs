//! parlance: a fast writing-style linter for business prose.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! config ──► styles ──► compile ───────────────────────┐
//!                                                        ▼
//! input ──► document (prose view + scopes) ──────────► check ──► report
//! ```
//!
//! [`lint::Linter`] ties the stages together for the command line (and the
//! language server).

pub mod check;
pub mod cli;
pub mod compile;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod error;
pub mod fix;
pub mod input;
pub mod lint;
pub mod lsp;
pub mod report;
pub mod styles;
pub mod text;
pub mod vale;
