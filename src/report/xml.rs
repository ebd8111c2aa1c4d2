//! What the XML renderers (checkstyle, junit) share.

use std::borrow::Cow;

use quick_xml::events::attributes::Attribute;
use quick_xml::name::QName;

/// An attribute whose value keeps its line breaks: XML parsers turn a raw
/// newline inside an attribute into a space, so it is written `&#10;`.
pub(super) fn attribute<'a>(key: &'a str, value: &str) -> Attribute<'a> {
    let escaped = quick_xml::escape::escape(value)
        .replace('\r', "&#13;")
        .replace('\n', "&#10;");
    Attribute {
        key: QName(key.as_bytes()),
        value: Cow::Owned(escaped.into_bytes()),
    }
}
