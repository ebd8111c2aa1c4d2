//! `readability` (Vale's legacy type): the mean of grade formulas
//! (Flesch-Kincaid, Gunning Fog…) over the document, reported when it is
//! above `grade`.

use super::metric::{MetricVariables, TextStatistics};
use super::{Compiled, Matcher as AnyMatcher};
use crate::error::SourceError;
use crate::styles::Fields;

pub(super) const KEYS: &[&str] = &["metrics", "grade"];

/// A grade formula of the legacy `readability` type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GradeMetric {
    GunningFog,
    ColemanLiau,
    FleschKincaid,
    Smog,
    AutomatedReadability,
}

impl GradeMetric {
    /// The names Vale accepts in `metrics:`.
    pub const NAMES: &'static [(&'static str, GradeMetric)] = &[
        ("Gunning Fog", GradeMetric::GunningFog),
        ("Coleman-Liau", GradeMetric::ColemanLiau),
        ("Flesch-Kincaid", GradeMetric::FleschKincaid),
        ("SMOG", GradeMetric::Smog),
        ("Automated Readability", GradeMetric::AutomatedReadability),
    ];
}

#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    pub metrics: Vec<GradeMetric>,
    pub grade: f64,
}

impl Definition {
    pub(super) fn read(fields: &Fields) -> Result<Definition, SourceError> {
        let names = fields.list("metrics")?;
        if names.is_empty() {
            return Err(fields.error("extends", "a readability rule needs `metrics`"));
        }
        let metrics = names
            .iter()
            .map(|name| {
                GradeMetric::NAMES
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, m)| *m)
                    .ok_or_else(|| {
                        fields
                            .source()
                            .error(
                                fields.value_range("metrics", name),
                                format!("unknown readability metric `{name}`"),
                            )
                            .with_note(format!(
                                "use one of: {}",
                                GradeMetric::NAMES
                                    .iter()
                                    .map(|(n, _)| *n)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ))
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let Some(grade) = fields.number("grade")? else {
            return Err(fields.error("extends", "a readability rule needs `grade`"));
        };
        Ok(Definition { metrics, grade })
    }

    pub(super) fn compile(&self) -> Compiled {
        Compiled::plain(AnyMatcher::Readability(Matcher {
            metrics: self.metrics.clone(),
            grade: self.grade,
        }))
    }
}

#[derive(Debug, Clone)]
pub struct Matcher {
    metrics: Vec<GradeMetric>,
    grade: f64,
}

impl Matcher {
    /// The mean grade, when it is above the rule's.
    pub(super) fn measure(&self, variables: &MetricVariables) -> Option<f64> {
        let sum: f64 = self
            .metrics
            .iter()
            .map(|m| grade(&variables.stats, *m))
            .sum();
        let mean = sum / self.metrics.len().max(1) as f64;
        (mean > self.grade).then_some(mean)
    }
}

/// One of the legacy grades of a text.
pub(super) fn grade(stats: &TextStatistics, metric: GradeMetric) -> f64 {
    let (w, s) = (stats.words, stats.sentences);
    match metric {
        GradeMetric::FleschKincaid => 0.39 * w / s + 11.8 * stats.syllables / w - 15.59,
        GradeMetric::GunningFog => 0.4 * (w / s + 100.0 * (stats.complex_words / w)),
        GradeMetric::ColemanLiau => {
            0.0588 * (stats.characters / w) * 100.0 - 0.296 * (s / w) * 100.0 - 15.8
        }
        GradeMetric::Smog => 1.0430 * (stats.polysyllabic_words * 30.0 / s).sqrt() + 3.1291,
        GradeMetric::AutomatedReadability => 4.71 * (stats.characters / w) + 0.5 * (w / s) - 21.43,
    }
}
