//! The modules a script may import: `text`, `fmt` and `math`. Each is an
//! immutable map of functions (and, for math, constants).

mod fmt;
mod math;
mod re;
mod text;
mod text_conv;

use std::rc::Rc;

use crate::value::{Map, Value};

pub fn import(name: &str) -> Value {
    let entries: Map = match name {
        "text" => text::module(),
        "fmt" => fmt::module(),
        "math" => math::module(),
        _ => unreachable!("the parser admits only text, fmt and math"),
    };
    Value::ImmMap(Rc::new(entries))
}

/// A Go `error` as Tengo's stdlib wraps it: an error value holding the
/// message.
pub fn go_error(message: impl Into<String>) -> Value {
    Value::Error(Rc::new(Value::string(message.into())))
}
