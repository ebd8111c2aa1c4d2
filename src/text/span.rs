//! A byte span that is `Copy`, for the types that are passed around by the
//! thousand (diagnostics, edits) and would otherwise clone ranges.

use std::ops::Range;

/// A byte range `start..end` of a text; always on char boundaries of the
/// text it was made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// Whether `other` lies wholly inside this span.
    pub const fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte.
    pub const fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// `text[span]`, as `text[span.range()]`.
impl std::ops::Index<Span> for str {
    type Output = str;

    fn index(&self, span: Span) -> &str {
        &self[span.start..span.end]
    }
}

impl std::ops::Index<Span> for String {
    type Output = str;

    fn index(&self, span: Span) -> &str {
        &self.as_str()[span]
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

impl From<Span> for Range<usize> {
    fn from(s: Span) -> Range<usize> {
        s.start..s.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_and_containment() {
        let a = Span::new(2, 5);
        assert!(a.contains(Span::new(2, 5)));
        assert!(a.contains(Span::new(3, 4)));
        assert!(!a.contains(Span::new(1, 4)));
        assert!(a.overlaps(Span::new(4, 9)));
        assert!(!a.overlaps(Span::new(5, 9)));
        assert_eq!(Span::from(2..5).range(), 2..5);
        assert_eq!(a.len(), 3);
    }
}
