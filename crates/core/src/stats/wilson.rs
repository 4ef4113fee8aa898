//! Wilson score intervals for a proportion with a base, and the benchmark label of Fingertips'
//! method: an interval wholly above or below the peer value is Better / Worse (Higher / Lower
//! for indicators with no judgement); overlapping is Similar.
//!
//! Interval for x events out of n: (2x + z² ± z·√(z² + 4x(1 − x/n))) / (2(n + z²)).

use crate::model::Polarity;
use serde::Serialize;

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.959_964;
/// z for a two-sided 99.8% interval.
pub const Z998: f64 = 3.090_232;
/// Bases below this are too small to test (and are suppressed in NHS publications).
pub const MIN_BASE: f64 = 11.0;

/// A confidence interval, as proportions (0–1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Interval {
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
}

/// Wilson interval for `x` events out of `n` at the given `z`; `None` for n ≤ 0 or x outside 0..=n.
pub fn interval(x: f64, n: f64, z: f64) -> Option<Interval> {
    if n <= 0.0 || !(0.0..=n).contains(&x) || !x.is_finite() || !n.is_finite() {
        return None;
    }
    let z2 = z * z;
    let centre = 2.0 * x + z2;
    let spread = z * (z2 + 4.0 * x * (1.0 - x / n)).max(0.0).sqrt();
    let denom = 2.0 * (n + z2);
    Some(Interval {
        lower: ((centre - spread) / denom).max(0.0),
        upper: ((centre + spread) / denom).min(1.0),
    })
}

/// How a value compares with its peers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// Significantly better (interval wholly on the better side).
    Better,
    /// Interval overlaps the peer value.
    Similar,
    /// Significantly worse.
    Worse,
    /// Significantly higher (no polarity).
    Higher,
    /// Significantly lower (no polarity).
    Lower,
}

impl Comparison {
    /// Plain words for a board paper.
    pub fn words(self) -> &'static str {
        match self {
            Comparison::Better => "better than",
            Comparison::Similar => "similar to",
            Comparison::Worse => "worse than",
            Comparison::Higher => "higher than",
            Comparison::Lower => "lower than",
        }
    }
}

/// Compare an interval with a peer value (same scale).
pub fn compare(ci: Interval, peer_value: f64, polarity: Polarity) -> Comparison {
    let (above, below) = (ci.lower > peer_value, ci.upper < peer_value);
    match (above, below, polarity) {
        (true, _, Polarity::HigherIsBetter) | (_, true, Polarity::LowerIsBetter) => Comparison::Better,
        (true, _, Polarity::LowerIsBetter) | (_, true, Polarity::HigherIsBetter) => Comparison::Worse,
        (true, _, Polarity::NoJudgement) => Comparison::Higher,
        (_, true, Polarity::NoJudgement) => Comparison::Lower,
        _ => Comparison::Similar,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-7
    }

    #[test]
    fn a_known_interval() {
        // 40 of 100 at 95%: 0.309401 to 0.497997 (the formula worked by hand).
        let ci = interval(40.0, 100.0, Z95).unwrap();
        assert!(close(ci.lower, 0.309_401_3) && close(ci.upper, 0.497_997_4), "{ci:?}");
    }

    #[test]
    fn p_zero_and_p_one_stay_inside_zero_and_one() {
        let zero = interval(0.0, 50.0, Z95).unwrap();
        assert_eq!(zero.lower, 0.0);
        // At p = 0 the upper bound is z² / (n + z²).
        assert!(close(zero.upper, 0.071_347_6), "{zero:?}");
        let one = interval(50.0, 50.0, Z95).unwrap();
        assert_eq!(one.upper, 1.0);
        // At p = 1 the lower bound is n / (n + z²).
        assert!(close(one.lower, 0.928_652_4), "{one:?}");
    }

    #[test]
    fn the_wider_level_is_wider() {
        let (a, b) = (
            interval(30.0, 120.0, Z95).unwrap(),
            interval(30.0, 120.0, Z998).unwrap(),
        );
        assert!(b.lower < a.lower && b.upper > a.upper);
    }

    #[test]
    fn impossible_inputs_have_no_interval() {
        assert_eq!(interval(5.0, 0.0, Z95), None);
        assert_eq!(interval(11.0, 10.0, Z95), None);
        assert_eq!(interval(-1.0, 10.0, Z95), None);
    }

    #[test]
    fn labels_follow_polarity() {
        let ci = Interval {
            lower: 0.30,
            upper: 0.40,
        };
        assert_eq!(compare(ci, 0.25, Polarity::HigherIsBetter), Comparison::Better);
        assert_eq!(compare(ci, 0.25, Polarity::LowerIsBetter), Comparison::Worse);
        assert_eq!(compare(ci, 0.45, Polarity::LowerIsBetter), Comparison::Better);
        assert_eq!(compare(ci, 0.35, Polarity::HigherIsBetter), Comparison::Similar);
        assert_eq!(compare(ci, 0.25, Polarity::NoJudgement), Comparison::Higher);
        assert_eq!(compare(ci, 0.45, Polarity::NoJudgement), Comparison::Lower);
    }
}
