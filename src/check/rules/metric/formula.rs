//! A metric rule's `formula` and `condition`: Tengo-style arithmetic over
//! the document's counts, with Tengo's `math` functions, parsed once.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use evalexpr::{
    build_operator_tree, Context, ContextWithMutableFunctions, ContextWithMutableVariables,
    DefaultNumericTypes, Function, HashMapContext, Node, Value,
};
use regex::Regex;

use super::statistics::TextStatistics;

/// The name the condition's left-hand side goes by.
const RESULT: &str = "__result__";

/// A `formula` or `condition` that does not parse, naming the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FormulaError {
    pub key: &'static str,
    pub message: String,
}

/// A formula that fails on a document's counts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct EvalError(String);

/// A metric rule's `formula` and `condition`, parsed once.
#[derive(Debug, Clone)]
pub struct Formula {
    formula: Node<DefaultNumericTypes>,
    condition: Node<DefaultNumericTypes>,
}

impl Formula {
    /// Parses both; the error names the key at fault. Vale writes
    /// `heading.h2` for the variable `heading_h2`.
    pub fn new(formula: &str, condition: &str) -> Result<Formula, FormulaError> {
        Formula::parse(formula, condition).map_err(|(key, message)| FormulaError { key, message })
    }

    fn parse(formula: &str, condition: &str) -> Result<Formula, (&'static str, String)> {
        static HEADING: OnceLock<Regex> = OnceLock::new();
        let heading = HEADING.get_or_init(|| Regex::new(r"heading\.(h[1-6])").expect("valid"));
        let formula_text = heading.replace_all(formula.trim(), "heading_$1");
        let formula = build_operator_tree::<DefaultNumericTypes>(&formula_text)
            .map_err(|e| ("formula", e.to_string()))?;
        // Names are checked here, once, rather than failing on every file.
        let known = TextStatistics::default().variables(&BTreeMap::new());
        let math = math_context();
        for name in formula.iter_variable_identifiers() {
            if !known.iter().any(|(k, _)| k == name) && math.get_value(name).is_none() {
                return Err(("formula", format!("unknown variable `{name}`")));
            }
        }
        for name in formula.iter_function_identifiers() {
            let known = name.strip_prefix("math.").is_some_and(|f| {
                UNARY.iter().any(|(n, _)| *n == f) || BINARY.iter().any(|(n, _)| *n == f)
            });
            if !known {
                return Err(("formula", format!("unknown function `{name}`")));
            }
        }
        let condition =
            build_operator_tree::<DefaultNumericTypes>(&format!("{RESULT} {}", condition.trim()))
                .map_err(|e| ("condition", e.to_string()))?;
        let parsed = Formula { formula, condition };
        // evalexpr builds a tree from text with missing operands (`a +`);
        // one evaluation finds those before any document is read.
        let sample: Vec<(String, f64)> = known.into_iter().map(|(k, _)| (k, 1.0)).collect();
        let mut context = math.clone();
        for (name, value) in &sample {
            context
                .set_value(name.clone(), Value::Float(*value))
                .map_err(|e| ("formula", e.to_string()))?;
        }
        parsed
            .formula
            .eval_with_context(&context)
            .and_then(|v| v.as_number())
            .map_err(|e| ("formula", e.to_string()))?;
        context
            .set_value(RESULT.to_string(), Value::Float(1.0))
            .map_err(|e| ("condition", e.to_string()))?;
        parsed
            .condition
            .eval_boolean_with_context(&context)
            .map_err(|e| ("condition", e.to_string()))?;
        Ok(parsed)
    }

    /// The formula's value over `vars`, and whether the condition holds.
    pub fn evaluate(&self, vars: &[(String, f64)]) -> Result<(f64, bool), EvalError> {
        self.evaluated(vars).map_err(EvalError)
    }

    fn evaluated(&self, vars: &[(String, f64)]) -> Result<(f64, bool), String> {
        let mut context = math_context().clone();
        for (name, value) in vars {
            context
                .set_value(name.clone(), Value::Float(*value))
                .map_err(|e| e.to_string())?;
        }
        let value = self
            .formula
            .eval_with_context(&context)
            .and_then(|v| v.as_number())
            .map_err(|e| format!("formula: {e}"))?;
        // Vale 3.7.1 quirk (docs/vale-compatibility.md#quirk-six-decimals):
        // the value is compared as printed with six decimals.
        let printed: f64 = format!("{value:.6}").parse().unwrap_or(value);
        context
            .set_value(RESULT.to_string(), Value::Float(printed))
            .map_err(|e| e.to_string())?;
        let holds = self
            .condition
            .eval_boolean_with_context(&context)
            .map_err(|e| format!("condition: {e}"))?;
        Ok((value, holds))
    }
}

type Unary = fn(f64) -> f64;
type Binary = fn(f64, f64) -> f64;

/// Tengo's `math` functions of one number, as formulas call them
/// (`math.sqrt(x)`).
const UNARY: &[(&str, Unary)] = &[
    ("sqrt", f64::sqrt),
    ("cbrt", f64::cbrt),
    ("abs", f64::abs),
    ("ceil", f64::ceil),
    ("floor", f64::floor),
    ("round", f64::round),
    ("trunc", f64::trunc),
    ("exp", f64::exp),
    ("log", f64::ln),
    ("log10", f64::log10),
    ("log2", f64::log2),
];

/// Tengo's `math` functions of two numbers.
const BINARY: &[(&str, Binary)] = &[("pow", f64::powf), ("max", f64::max), ("min", f64::min)];

/// Tengo's `math` module as formulas call it (`math.sqrt(x)`).
fn math_context() -> &'static HashMapContext<DefaultNumericTypes> {
    static CONTEXT: OnceLock<HashMapContext<DefaultNumericTypes>> = OnceLock::new();
    CONTEXT.get_or_init(|| {
        let mut context = HashMapContext::<DefaultNumericTypes>::new();
        for (name, f) in UNARY {
            let f = *f;
            let function = Function::new(move |arg: &Value<DefaultNumericTypes>| {
                Ok(Value::Float(f(arg.as_number()?)))
            });
            context
                .set_function(format!("math.{name}"), function)
                .expect("functions can be set");
        }
        for (name, f) in BINARY {
            let f = *f;
            let function = Function::new(move |args: &Value<DefaultNumericTypes>| {
                let args = args.as_fixed_len_tuple(2)?;
                Ok(Value::Float(f(args[0].as_number()?, args[1].as_number()?)))
            });
            context
                .set_function(format!("math.{name}"), function)
                .expect("functions can be set");
        }
        for (name, value) in [("pi", std::f64::consts::PI), ("e", std::f64::consts::E)] {
            context
                .set_value(format!("math.{name}"), Value::Float(value))
                .expect("values can be set");
        }
        context
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::readability::{grade, GradeMetric};

    fn vars(stats: &TextStatistics) -> Vec<(String, f64)> {
        stats.variables(&BTreeMap::new())
    }

    #[test]
    fn counts_words_sentences_and_paragraphs() {
        let s = TextStatistics::of("The cat sat. It purred loudly!\n\nA new paragraph here.");
        assert_eq!(s.words, 10.0);
        assert_eq!(s.sentences, 3.0);
        assert_eq!(s.paragraphs, 1.0);
        assert_eq!(s.long_words, 1.0); // paragraph
        assert_eq!(s.characters, 40.0);
    }

    #[test]
    fn readability_formulas_agree_with_the_grades() {
        let s = TextStatistics::of(
            "Readability formulas estimate the education needed to understand a text. \
             Longer sentences and polysyllabic vocabulary increase the estimated grade.",
        );
        let fk = Formula::new(
            "(0.39 * (words / sentences)) + (11.8 * (syllables / words)) - 15.59",
            "> 8",
        )
        .unwrap();
        let (value, holds) = fk.evaluate(&vars(&s)).unwrap();
        assert!((value - grade(&s, GradeMetric::FleschKincaid)).abs() < 1e-9);
        assert!(holds, "{value}");
        let smog = Formula::new(
            "1.0430 * math.sqrt((polysyllabic_words * 30.0) / sentences) + 3.1291",
            "> 100",
        )
        .unwrap();
        let (value, holds) = smog.evaluate(&vars(&s)).unwrap();
        assert!((value - grade(&s, GradeMetric::Smog)).abs() < 1e-9);
        assert!(!holds);
    }

    #[test]
    fn heading_variables_and_errors() {
        let f = Formula::new("heading.h1 + list", "> 0").unwrap();
        let mut blocks = BTreeMap::new();
        blocks.insert("heading_h1".to_string(), 1.0);
        let (value, holds) = f
            .evaluate(&TextStatistics::of("Some words.").variables(&blocks))
            .unwrap();
        assert_eq!((value, holds), (1.0, true));
        assert_eq!(Formula::new("words +", "> 1").unwrap_err().key, "formula");
        assert_eq!(Formula::new("words", "> > 1").unwrap_err().key, "condition");
        let unknown = Formula::new("nonsense * 2", "> 1").unwrap_err();
        assert!(unknown.message.contains("nonsense"), "{unknown}");
        let unknown = Formula::new("math.nope(words)", "> 1").unwrap_err();
        assert!(unknown.message.contains("math.nope"), "{unknown}");
    }

    #[test]
    fn condition_compares_six_decimals() {
        let f = Formula::new("words / sentences", "> 2.0000004").unwrap();
        let s = TextStatistics {
            words: 2.0000004,
            sentences: 1.0,
            ..TextStatistics::default()
        };
        // 2.000000 (six decimals) is not above 2.0000004.
        assert!(!f.evaluate(&vars(&s)).unwrap().1);
    }
}
