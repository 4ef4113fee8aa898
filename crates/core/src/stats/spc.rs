//! XmR statistical process control, as NHS England's "Making Data Count": the centre line is
//! the mean, process limits are mean ± 2.66 × the mean moving range, and these rules mark
//! special cause variation (lengths configurable):
//! - a point beyond a process limit;
//! - a shift: a run of 7 (default) points on one side of the mean;
//! - a trend: 7 (default) points each higher, or each lower, than the one before;
//! - two of three consecutive points beyond 2σ on the same side (σ = limits distance / 3).

use crate::model::Polarity;
use serde::Serialize;

/// Series shorter than this get no SPC.
pub const MIN_POINTS: usize = 12;

/// Rule lengths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rules {
    /// Points on one side of the mean that make a shift.
    pub shift: usize,
    /// Points rising or falling that make a trend.
    pub trend: usize,
}

impl Default for Rules {
    fn default() -> Self {
        Rules { shift: 7, trend: 7 }
    }
}

/// Which rules a point breaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Flags {
    /// Beyond a process limit.
    pub beyond_limit: bool,
    /// Part of a shift.
    pub shift: bool,
    /// Part of a trend.
    pub trend: bool,
    /// Part of two-of-three beyond 2σ.
    pub two_of_three: bool,
}

impl Flags {
    /// Any rule broken.
    pub fn any(&self) -> bool {
        self.beyond_limit || self.shift || self.trend || self.two_of_three
    }
}

/// The variation icon of Making Data Count for the latest point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Variation {
    /// Common cause: no rule broken at the latest point.
    Common,
    /// Special cause in the better direction.
    Improving,
    /// Special cause in the worse direction.
    Concerning,
    /// Special cause, high, for an indicator with no judgement.
    SpecialHigh,
    /// Special cause, low, for an indicator with no judgement.
    SpecialLow,
}

/// An XmR chart's numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Xmr {
    /// Mean (centre line).
    pub mean: f64,
    /// Mean moving range.
    pub mean_moving_range: f64,
    /// Upper process limit.
    pub upper: f64,
    /// Lower process limit.
    pub lower: f64,
    /// Rules broken, per point.
    pub flags: Vec<Flags>,
    /// The latest point's variation.
    pub variation: Variation,
}

/// XmR for a series (in time order) of at least [`MIN_POINTS`] values; `None` otherwise.
pub fn xmr(values: &[f64], polarity: Polarity, rules: Rules) -> Option<Xmr> {
    if values.len() < MIN_POINTS || values.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let n = values.len();
    let mean = values.iter().sum::<f64>() / n as f64;
    let mmr = values.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / (n - 1) as f64;
    let (upper, lower) = (mean + 2.66 * mmr, mean - 2.66 * mmr);
    let (upper2, lower2) = (mean + 2.66 * mmr * 2.0 / 3.0, mean - 2.66 * mmr * 2.0 / 3.0);
    let mut flags = vec![Flags::default(); n];
    for (i, v) in values.iter().enumerate() {
        flags[i].beyond_limit = *v > upper || *v < lower;
    }
    // Shifts: maximal runs on one side (points on the mean break a run).
    let side = |v: f64| {
        if v > mean {
            1
        } else if v < mean {
            -1
        } else {
            0
        }
    };
    mark_runs(
        &mut flags,
        n,
        rules.shift,
        |i| side(values[i]) != 0 && (i == 0 || side(values[i]) == side(values[i - 1])),
        |f| &mut f.shift,
    );
    // Trends: each point higher (or lower) than the one before; a run of k points has k − 1 steps.
    let dir = |i: usize| {
        if i == 0 {
            0
        } else {
            (values[i] - values[i - 1]).partial_cmp(&0.0).map_or(0, |o| o as i32)
        }
    };
    mark_runs(
        &mut flags,
        n,
        rules.trend.saturating_sub(1).max(1),
        |i| i > 0 && dir(i) != 0 && (i == 1 || dir(i) == dir(i - 1)),
        |f| &mut f.trend,
    );
    // The trend's first point is the one before the first step.
    for i in 1..n {
        if flags[i].trend && !flags[i - 1].trend && dir(i) != 0 {
            flags[i - 1].trend = true;
        }
    }
    // Two of three beyond 2σ on the same side.
    for i in 2..n {
        for high in [true, false] {
            let beyond = |v: f64| if high { v > upper2 } else { v < lower2 };
            let hits: Vec<usize> = (i - 2..=i).filter(|&j| beyond(values[j])).collect();
            if hits.len() >= 2 {
                for j in hits {
                    flags[j].two_of_three = true;
                }
            }
        }
    }
    let last = values[n - 1];
    let variation = if !flags[n - 1].any() {
        Variation::Common
    } else {
        let high = last > mean;
        match (polarity, high) {
            (Polarity::HigherIsBetter, true) | (Polarity::LowerIsBetter, false) => Variation::Improving,
            (Polarity::HigherIsBetter, false) | (Polarity::LowerIsBetter, true) => Variation::Concerning,
            (Polarity::NoJudgement, true) => Variation::SpecialHigh,
            (Polarity::NoJudgement, false) => Variation::SpecialLow,
        }
    };
    Some(Xmr {
        mean,
        mean_moving_range: mmr,
        upper,
        lower,
        flags,
        variation,
    })
}

/// Mark every maximal run of consecutive `continues` points at least `len` long.
fn mark_runs(
    flags: &mut [Flags],
    n: usize,
    len: usize,
    continues: impl Fn(usize) -> bool,
    field: impl Fn(&mut Flags) -> &mut bool,
) {
    let mut start = 0;
    for i in 0..=n {
        if i == n || !continues(i) {
            // Run is start..i (for i == start the run is empty).
            if i > start && i - start >= len {
                for f in &mut flags[start..i] {
                    *field(f) = true;
                }
            }
            start = i;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat() -> Vec<f64> {
        vec![10.0, 11.0, 9.0, 10.0, 12.0, 8.0, 10.0, 11.0, 9.0, 10.0, 11.0, 9.0]
    }

    #[test]
    fn limits_are_mean_plus_minus_2_66_mean_moving_ranges() {
        let x = xmr(&flat(), Polarity::HigherIsBetter, Rules::default()).unwrap();
        assert_eq!(x.mean, 10.0);
        // Moving ranges: 1,2,1,2,4,2,1,2,1,1,2 → 19/11.
        assert!((x.mean_moving_range - 19.0 / 11.0).abs() < 1e-12);
        assert!((x.upper - (10.0 + 2.66 * 19.0 / 11.0)).abs() < 1e-12);
        assert_eq!(x.variation, Variation::Common);
        assert!(x.flags.iter().all(|f| !f.any()));
    }

    #[test]
    fn a_point_beyond_the_limit_is_special_cause() {
        let mut v = flat();
        v.push(30.0);
        let x = xmr(&v, Polarity::LowerIsBetter, Rules::default()).unwrap();
        assert!(x.flags[12].beyond_limit);
        assert_eq!(x.variation, Variation::Concerning);
    }

    #[test]
    fn seven_on_one_side_is_a_shift_and_six_is_not() {
        let mut v = vec![5.0, 6.0, 4.0, 5.0, 6.0, 4.0];
        v.extend([9.0, 8.5, 9.5, 8.0, 9.0, 8.5, 9.2]);
        let x = xmr(&v, Polarity::HigherIsBetter, Rules::default()).unwrap();
        assert!(x.flags[6..].iter().all(|f| f.shift), "{:?}", x.flags);
        assert_eq!(x.variation, Variation::Improving);
        let x = xmr(&v, Polarity::HigherIsBetter, Rules { shift: 8, trend: 7 }).unwrap();
        assert!(x.flags.iter().all(|f| !f.shift), "rule lengths are configurable");
    }

    #[test]
    fn seven_rising_points_are_a_trend() {
        let v = vec![5.0, 4.0, 6.0, 5.0, 5.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
        let x = xmr(&v, Polarity::HigherIsBetter, Rules::default()).unwrap();
        assert!(x.flags[5..].iter().all(|f| f.trend), "{:?}", x.flags);
        assert!(!x.flags[4].trend);
    }

    #[test]
    fn short_series_get_no_spc() {
        assert_eq!(xmr(&[1.0; 11], Polarity::HigherIsBetter, Rules::default()), None);
    }
}
