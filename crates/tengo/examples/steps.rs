//! Times a busy loop: how long the default step budget takes to run out.
use parlance_tengo::{Limits, Program};

fn main() {
    let p = Program::compile("a := 0\nfor { a++ }", &[]).unwrap();
    let t = std::time::Instant::now();
    let e = p.run(vec![], Limits::default()).unwrap_err();
    println!("{e} after {:?}", t.elapsed());
}
