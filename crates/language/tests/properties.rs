//! Properties of the tokenizer and sentence splitter on any text.

use parlance_language::{sentences, tag_text, tokenize};
use proptest::prelude::*;

fn prose() -> impl Strategy<Value = String> {
    // Words, punctuation, apostrophes, quotes, non-ASCII and white space.
    proptest::collection::vec(
        prop_oneof![
            "[A-Za-z]{1,8}",
            "[0-9]{1,4}([.,:][0-9]{1,3})?",
            Just("n't".to_string()),
            Just("'s".to_string()),
            Just("’".to_string()),
            Just("e.g.".to_string()),
            Just("U.S.".to_string()),
            Just("https://x.org/a.".to_string()),
            "[ \n\t]{1,3}",
            "[.,;:!?()\\[\\]\"'/&%$@#*-]{1,3}",
            "[éçüßЖ漢字🙂\u{00a0}\u{2014}]{1,2}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn tokens_lie_on_char_boundaries_in_order_and_cover_no_space(text in prose()) {
        let mut last = 0;
        for t in tokenize(&text) {
            prop_assert!(t.start < t.end);
            prop_assert!(t.start >= last);
            prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            prop_assert_eq!(&text[t.start..t.end], t.text);
            prop_assert!(!t.text.chars().any(char::is_whitespace));
            last = t.end;
        }
        // Every non-space character is in some token.
        let covered: usize = tokenize(&text).iter().map(|t| t.text.chars().count()).sum();
        prop_assert_eq!(covered, text.chars().filter(|c| !c.is_whitespace()).count());
    }

    #[test]
    fn sentences_and_tagged_tokens_lie_on_char_boundaries(text in prose()) {
        let mut last = 0;
        for r in sentences(&text) {
            prop_assert!(r.start >= last && r.start < r.end);
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            last = r.end;
        }
        for (t, _) in tag_text(&text) {
            prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            prop_assert_eq!(&text[t.span()], t.text);
        }
    }
}
