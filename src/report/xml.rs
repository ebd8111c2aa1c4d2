//! What the XML renderers (checkstyle, junit) share.

use std::borrow::Cow;

use quick_xml::events::attributes::Attribute;
use quick_xml::name::QName;

/// `text` with the characters XML 1.0 cannot hold at all, not even as a
/// reference (control characters but tab, line feed and carriage return;
/// U+FFFE and U+FFFF), written as `\u{…}`: a path or message that holds
/// one still makes a document every XML parser reads.
pub(super) fn legal(text: &str) -> Cow<'_, str> {
    let illegal = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
    };
    if !text.contains(illegal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if illegal(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// An attribute whose value keeps its line breaks: XML parsers turn a raw
/// newline inside an attribute into a space, so it is written `&#10;`.
pub(super) fn attribute<'a>(key: &'a str, value: &str) -> Attribute<'a> {
    let escaped = quick_xml::escape::escape(legal(value).as_ref())
        .replace('\r', "&#13;")
        .replace('\n', "&#10;");
    Attribute {
        key: QName(key.as_bytes()),
        value: Cow::Owned(escaped.into_bytes()),
    }
}
