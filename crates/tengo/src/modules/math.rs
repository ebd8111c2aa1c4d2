//! Module `math`: Go's `math` constants and functions (`libm` supplies
//! what `std` lacks: Bessel functions, gamma, erf).

use std::f64::consts;

use crate::builtins::{arity, float_arg, int_arg, native};
use crate::interp::Ctx;
use crate::value::{Map, Value};
use crate::RuntimeError;

type Fn = fn(&mut Ctx, Vec<Value>) -> Result<Value, RuntimeError>;

macro_rules! f1 {
    ($name:literal, $f:expr) => {
        ($name, |_, a| {
            arity(&a, 1)?;
            let f: fn(f64) -> f64 = $f;
            Ok(Value::Float(f(float_arg(&a, 0)?)))
        })
    };
}

macro_rules! f2 {
    ($name:literal, $f:expr) => {
        ($name, |_, a| {
            arity(&a, 2)?;
            let f: fn(f64, f64) -> f64 = $f;
            Ok(Value::Float(f(float_arg(&a, 0)?, float_arg(&a, 1)?)))
        })
    };
}

fn constants(m: &mut Map) {
    let floats: &[(&str, f64)] = &[
        ("e", consts::E),
        ("pi", consts::PI),
        ("phi", 1.618_033_988_749_895),
        ("sqrt2", consts::SQRT_2),
        ("sqrtE", 1.648_721_270_700_128_2),
        ("sqrtPi", 1.772_453_850_905_516),
        ("sqrtPhi", 1.272_019_649_514_069),
        ("ln2", consts::LN_2),
        ("log2E", consts::LOG2_E),
        ("ln10", consts::LN_10),
        ("log10E", consts::LOG10_E),
        ("maxFloat32", f32::MAX as f64),
        ("smallestNonzeroFloat32", f32::from_bits(1) as f64),
        ("maxFloat64", f64::MAX),
        ("smallestNonzeroFloat64", f64::from_bits(1)),
    ];
    for (n, v) in floats {
        m.insert(n.to_string(), Value::Float(*v));
    }
    let ints: &[(&str, i64)] = &[
        ("maxInt", i64::MAX),
        ("minInt", i64::MIN),
        ("maxInt8", i8::MAX as i64),
        ("minInt8", i8::MIN as i64),
        ("maxInt16", i16::MAX as i64),
        ("minInt16", i16::MIN as i64),
        ("maxInt32", i32::MAX as i64),
        ("minInt32", i32::MIN as i64),
        ("maxInt64", i64::MAX),
        ("minInt64", i64::MIN),
    ];
    for (n, v) in ints {
        m.insert(n.to_string(), Value::Int(*v));
    }
}

/// Go's `math.Mod`: the remainder with the sign of `x`.
fn go_mod(x: f64, y: f64) -> f64 {
    x % y
}

pub fn module() -> Map {
    let table: &[(&'static str, Fn)] = &[
        f1!("abs", f64::abs),
        f1!("acos", f64::acos),
        f1!("acosh", f64::acosh),
        f1!("asin", f64::asin),
        f1!("asinh", f64::asinh),
        f1!("atan", f64::atan),
        f2!("atan2", f64::atan2),
        f1!("atanh", f64::atanh),
        f1!("cbrt", f64::cbrt),
        f1!("ceil", f64::ceil),
        f2!("copysign", f64::copysign),
        f1!("cos", f64::cos),
        f1!("cosh", f64::cosh),
        f2!("dim", |x, y| if x - y <= 0.0 { 0.0 } else { x - y }),
        f1!("erf", libm::erf),
        f1!("erfc", libm::erfc),
        f1!("exp", f64::exp),
        f1!("exp2", f64::exp2),
        f1!("expm1", f64::exp_m1),
        f1!("floor", f64::floor),
        f1!("gamma", libm::tgamma),
        f2!("hypot", f64::hypot),
        f1!("j0", libm::j0),
        f1!("j1", libm::j1),
        f1!("log", f64::ln),
        f1!("log10", f64::log10),
        f1!("log1p", f64::ln_1p),
        f1!("log2", f64::log2),
        f1!("logb", |x| libm::ilogb(x) as f64),
        f2!("max", |x, y| if x.is_nan() || y.is_nan() {
            f64::NAN
        } else {
            x.max(y)
        }),
        f2!("min", |x, y| if x.is_nan() || y.is_nan() {
            f64::NAN
        } else {
            x.min(y)
        }),
        f2!("mod", go_mod),
        f2!("nextafter", libm::nextafter),
        f2!("pow", f64::powf),
        f2!("remainder", libm::remainder),
        f1!("sin", f64::sin),
        f1!("sinh", f64::sinh),
        f1!("sqrt", f64::sqrt),
        f1!("tan", f64::tan),
        f1!("tanh", f64::tanh),
        f1!("trunc", f64::trunc),
        f1!("y0", libm::y0),
        f1!("y1", libm::y1),
        ("nan", |_, a| {
            arity(&a, 0)?;
            Ok(Value::Float(f64::NAN))
        }),
        ("inf", |_, a| {
            arity(&a, 1)?;
            let s = int_arg(&a, 0)?;
            Ok(Value::Float(if s >= 0 {
                f64::INFINITY
            } else {
                f64::NEG_INFINITY
            }))
        }),
        ("is_inf", |_, a| {
            arity(&a, 2)?;
            let (f, s) = (float_arg(&a, 0)?, int_arg(&a, 1)?);
            let inf = (s >= 0 && f == f64::INFINITY) || (s <= 0 && f == f64::NEG_INFINITY);
            Ok(Value::Bool(inf))
        }),
        ("is_nan", |_, a| {
            arity(&a, 1)?;
            Ok(Value::Bool(float_arg(&a, 0)?.is_nan()))
        }),
        ("signbit", |_, a| {
            arity(&a, 1)?;
            Ok(Value::Bool(float_arg(&a, 0)?.is_sign_negative()))
        }),
        ("ilogb", |_, a| {
            arity(&a, 1)?;
            Ok(Value::Int(libm::ilogb(float_arg(&a, 0)?) as i64))
        }),
        ("jn", |_, a| {
            arity(&a, 2)?;
            let n = int_arg(&a, 0)?.clamp(i32::MIN as i64, i32::MAX as i64) as i32;
            Ok(Value::Float(libm::jn(n, float_arg(&a, 1)?)))
        }),
        ("yn", |_, a| {
            arity(&a, 2)?;
            let n = int_arg(&a, 0)?.clamp(i32::MIN as i64, i32::MAX as i64) as i32;
            Ok(Value::Float(libm::yn(n, float_arg(&a, 1)?)))
        }),
        ("ldexp", |_, a| {
            arity(&a, 2)?;
            let e = int_arg(&a, 1)?.clamp(i32::MIN as i64, i32::MAX as i64) as i32;
            Ok(Value::Float(libm::ldexp(float_arg(&a, 0)?, e)))
        }),
        ("pow10", |_, a| {
            arity(&a, 1)?;
            let n = int_arg(&a, 0)?.clamp(-400, 400) as i32;
            Ok(Value::Float(10f64.powi(n)))
        }),
    ];
    let mut m: Map = table
        .iter()
        .map(|(n, f)| (n.to_string(), native(n, false, *f)))
        .collect();
    constants(&mut m);
    m
}
