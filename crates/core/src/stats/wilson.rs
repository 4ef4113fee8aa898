//! Wilson score intervals for a proportion with a base: the trust's own uncertainty, shown
//! beside its value. (The verdict against peers is the funnel's: [`super::funnel::verdict`].)
//!
//! Interval for x events out of n: (2x + z² ± z·√(z² + 4x(1 − x/n))) / (2(n + z²)).

use serde::Serialize;

/// z for a two-sided 95% interval: the normal quantile Φ⁻¹(0.975), to the last digit of an f64
/// (R's `qnorm(0.975)`).
pub const Z95: f64 = 1.959_963_984_540_054;
/// z for a two-sided 99.8% interval: Φ⁻¹(0.999) (R's `qnorm(0.999)`).
pub const Z998: f64 = 3.090_232_306_167_813_5;
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

    /// PHEindicatormethods' `testdata_Byars_Wilson.xlsx` (tests/testthat/testWilson.R): 65 of
    /// 100, 1,045 of 5,000 and 0.445 of 1, at 95% and 99.8%.
    #[test]
    fn intervals_equal_phe_indicator_methods_to_1e_9() {
        let cases = [
            (65.0, 100.0, Z95, 0.5525444329688797, 0.7363575175690247),
            (1045.0, 5000.0, Z95, 0.19795549880013297, 0.22049130373189027),
            (0.445, 1.0, Z95, 0.04381744772058822, 0.9334621276979156),
            (65.0, 100.0, Z998, 0.4954946574070431, 0.7783540614089697),
            (1045.0, 5000.0, Z998, 0.19179381799015244, 0.22731562902525818),
            (0.445, 1.0, Z998, 0.019347006132900975, 0.9702259947019541),
        ];
        for (x, n, z, lower, upper) in cases {
            let ci = interval(x, n, z).unwrap();
            assert!(
                (ci.lower - lower).abs() < 1e-9 && (ci.upper - upper).abs() < 1e-9,
                "{x} of {n} at z {z}: {ci:?}"
            );
        }
    }
}
