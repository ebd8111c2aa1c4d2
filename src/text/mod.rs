//! The text types every stage shares, depending on nothing else in the
//! crate: spans, the line-start table, and the haystack a pattern searches
//! (the text with its ASCII shadow).

pub mod file;
mod haystack;
mod lines;
mod span;

pub use haystack::{ascii_shadow, stand_in, Haystack};
pub use lines::{LineCol, LineIndex, LineStarts};
pub use span::Span;
