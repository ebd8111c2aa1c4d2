//! Module `fmt`. Printing writes to the run's output buffer, never to
//! stdout: a linter's output is its own.

use crate::builtins::native;
use crate::format::sprintf;
use crate::value::{Map, Value};

fn print_args(args: &[Value]) -> String {
    args.iter().map(|a| a.to_display()).collect()
}

pub fn module() -> Map {
    let mut m = Map::new();
    m.insert(
        "print".into(),
        native("print", false, |ctx, a| {
            let s = print_args(&a);
            ctx.alloc(s.len())?;
            ctx.output.push_str(&s);
            Ok(Value::Undefined)
        }),
    );
    m.insert(
        "println".into(),
        native("println", false, |ctx, a| {
            let s = print_args(&a) + "\n";
            ctx.alloc(s.len())?;
            ctx.output.push_str(&s);
            Ok(Value::Undefined)
        }),
    );
    m.insert(
        "printf".into(),
        native("printf", false, |ctx, a| {
            let s = sprintf(ctx, &a)?;
            ctx.output.push_str(&s);
            Ok(Value::Undefined)
        }),
    );
    m.insert(
        "sprintf".into(),
        native("sprintf", false, |ctx, a| {
            sprintf(ctx, &a).map(Value::string)
        }),
    );
    m
}
