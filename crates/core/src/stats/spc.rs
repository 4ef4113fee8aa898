//! XmR statistical process control exactly as NHS England's "Making Data Count" and its R
//! package NHSRplotthedots (`ptd_spc`, defaults), so a digital lead gets the same limits and the
//! same special causes from Boardlens as from the package:
//!
//! - **Phases.** The series splits into phases at each rebase period; every calculation below is
//!   per phase. Missing periods are gaps: a gap has no value, no moving range is taken across it
//!   and no run of points crosses it (the series is never closed up).
//! - **Limits.** The centre line is the mean of the phase's values (or of its first *N* values
//!   when a baseline of *N* is set: the limits are then fixed on those points). The moving ranges
//!   are |xᵢ − xᵢ₋₁| between neighbouring values of the same points; ranges of 3.267 × their mean
//!   or more are screened out as outliers and the mean moving range (mR) is taken again. Process
//!   limits are mean ± 2.66 × mR; the "near" limits (2σ) are mean ± (2 × 2.66 / 3) × mR.
//! - **Rules**, in this order of precedence for a point's cause: a point above the upper or below
//!   the lower limit; a trend of 7 points (configurable) each higher, or each lower, than the one
//!   before, whose direction decides improvement or concern; two of three consecutive points
//!   between the near limit and the limit, all three on the same side of the mean (points beyond
//!   the limits are not counted); a shift of 7 points (configurable) on one side of the mean (a
//!   point on the mean breaks it).
//! - **Icons.** A point's type is improvement or concern by the direction of its cause (above,
//!   increasing: high) and the measure's polarity; neutral high or low without one. The variation
//!   icon is the type of the latest point. Assurance, against a target: a target beyond the
//!   limits is consistently met or consistently missed, one within them is hit and miss.

use crate::model::Polarity;
use serde::{Deserialize, Serialize};

/// Series with fewer values than this get no SPC (Making Data Count's minimum).
pub const MIN_POINTS: usize = 12;
/// Moving ranges at or above this multiple of their mean are screened out.
pub const SCREEN_MULTIPLE: f64 = 3.267;
/// Process limits are this many mean moving ranges from the mean (3σ).
pub const LIMIT_MULTIPLE: f64 = 2.66;

/// How the chart is calculated: rule lengths, a baseline, rebasing. The defaults are
/// NHSRplotthedots' own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Settings {
    /// Points on one side of the mean that make a shift (default 7).
    pub shift: usize,
    /// Points each higher (or each lower) than the one before that make a trend (default 7).
    pub trend: usize,
    /// Fix each phase's limits on its first this many values (default: all values).
    pub baseline: Option<usize>,
    /// Periods at which a new phase starts, its limits calculated afresh (a change of process).
    pub rebase: Vec<String>,
    /// Screen out moving ranges of 3.267 × their mean or more (default true).
    pub screen_outliers: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            shift: 7,
            trend: 7,
            baseline: None,
            rebase: Vec::new(),
            screen_outliers: true,
        }
    }
}

/// Why a series gets no SPC chart, in words for the indicator's notes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoSpc {
    /// Fewer than [`MIN_POINTS`] values.
    #[error("SPC needs {MIN_POINTS} or more values; there are {0}")]
    TooShort(usize),
    /// A rebase period the series does not have.
    #[error("SPC: the rebase period {0} is not a period of the series")]
    RebaseNotInSeries(String),
    /// A phase with no two neighbouring values: no moving range.
    #[error("SPC: the phase from {0} has no two consecutive values, so it has no limits")]
    PhaseTooShort(String),
    /// Rule lengths or a baseline that cannot work.
    #[error("SPC: {0}")]
    Settings(String),
}

/// Which rules a point is part of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Flags {
    /// Beyond a process limit.
    pub beyond_limit: bool,
    /// Part of a shift.
    pub shift: bool,
    /// Part of a trend.
    pub trend: bool,
    /// Part of two-of-three near the limit.
    pub two_of_three: bool,
}

impl Flags {
    /// Any rule broken.
    pub fn any(&self) -> bool {
        self.beyond_limit || self.shift || self.trend || self.two_of_three
    }
}

/// What a point shows, in NHSRplotthedots' words (its `special_cause_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// No rule broken.
    Common,
    /// Above the upper process limit.
    AboveLimit,
    /// Below the lower process limit.
    BelowLimit,
    /// Part of a rising trend.
    TrendUp,
    /// Part of a falling trend.
    TrendDown,
    /// Two of three near the upper limit.
    TwoOfThreeAbove,
    /// Two of three near the lower limit.
    TwoOfThreeBelow,
    /// Part of a run above the mean.
    ShiftAbove,
    /// Part of a run below the mean.
    ShiftBelow,
}

impl Cause {
    /// +1 for a high cause (above, increasing), −1 for a low one, 0 for common cause.
    fn direction(self) -> i32 {
        match self {
            Cause::Common => 0,
            Cause::AboveLimit | Cause::TrendUp | Cause::TwoOfThreeAbove | Cause::ShiftAbove => 1,
            Cause::BelowLimit | Cause::TrendDown | Cause::TwoOfThreeBelow | Cause::ShiftBelow => -1,
        }
    }

    /// In words.
    pub fn words(self) -> &'static str {
        match self {
            Cause::Common => "common cause",
            Cause::AboveLimit => "above the upper process limit",
            Cause::BelowLimit => "below the lower process limit",
            Cause::TrendUp => "part of a rising trend",
            Cause::TrendDown => "part of a falling trend",
            Cause::TwoOfThreeAbove => "two of three points near the upper limit",
            Cause::TwoOfThreeBelow => "two of three points near the lower limit",
            Cause::ShiftAbove => "part of a run above the mean",
            Cause::ShiftBelow => "part of a run below the mean",
        }
    }
}

/// The variation icon of Making Data Count: a point's type, and the chart's (its latest point's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Variation {
    /// Common cause: no rule broken.
    Common,
    /// Special cause in the better direction.
    Improving,
    /// Special cause in the worse direction.
    Concerning,
    /// Special cause, high, for a measure with no better direction.
    SpecialHigh,
    /// Special cause, low, for a measure with no better direction.
    SpecialLow,
}

impl Variation {
    fn of(cause: Cause, polarity: Polarity) -> Variation {
        let high = match cause.direction() {
            0 => return Variation::Common,
            d => d > 0,
        };
        match (polarity, high) {
            (Polarity::NoJudgement, true) => Variation::SpecialHigh,
            (Polarity::NoJudgement, false) => Variation::SpecialLow,
            (Polarity::HigherIsBetter, true) | (Polarity::LowerIsBetter, false) => Variation::Improving,
            (Polarity::HigherIsBetter, false) | (Polarity::LowerIsBetter, true) => Variation::Concerning,
        }
    }
}

/// The assurance icon: whether the process will meet a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Assurance {
    /// The target lies beyond the limits on the good side: it will be met every time.
    ConsistentPass,
    /// The target lies beyond the limits on the bad side: it will be missed every time.
    ConsistentFail,
    /// The target lies within the limits: met some months and missed others.
    Inconsistent,
}

/// One phase's limits.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Phase {
    /// Its first period.
    pub from: String,
    /// Index of its first point in [`Xmr::points`].
    pub start: usize,
    /// Values its limits were calculated from (the baseline, or all).
    pub baseline_points: usize,
    /// Mean (centre line).
    pub mean: f64,
    /// Mean moving range after screening.
    pub mean_moving_range: f64,
    /// Moving ranges screened out as outliers.
    pub screened: usize,
    /// Upper process limit.
    pub upper: f64,
    /// Lower process limit.
    pub lower: f64,
}

/// One point of the chart: a period, its value or a gap, and what it shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SpcPoint {
    /// Period.
    pub period: String,
    /// Value; `None` is a gap (the period is missing).
    pub value: Option<f64>,
    /// Index of its phase in [`Xmr::phases`].
    pub phase: usize,
    /// Rules it is part of.
    pub flags: Flags,
    /// Its cause, by precedence.
    pub cause: Cause,
    /// Its icon type.
    pub variation: Variation,
}

/// An XmR chart's numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Xmr {
    /// Mean of the latest phase.
    pub mean: f64,
    /// Mean moving range of the latest phase.
    pub mean_moving_range: f64,
    /// Upper process limit of the latest phase.
    pub upper: f64,
    /// Lower process limit of the latest phase.
    pub lower: f64,
    /// Every phase (one unless rebased).
    pub phases: Vec<Phase>,
    /// Every period from the first value to the last, gaps included.
    pub points: Vec<SpcPoint>,
    /// The latest point's variation.
    pub variation: Variation,
    /// The settings used.
    pub settings: Settings,
}

impl Xmr {
    /// Assurance against a target, from the latest phase's limits; `None` for a measure with no
    /// better direction (as NHSRplotthedots).
    pub fn assurance(&self, target: f64, polarity: Polarity) -> Option<Assurance> {
        let increasing = match polarity {
            Polarity::HigherIsBetter => true,
            Polarity::LowerIsBetter => false,
            Polarity::NoJudgement => return None,
        };
        Some(if target > self.upper {
            if increasing {
                Assurance::ConsistentFail
            } else {
                Assurance::ConsistentPass
            }
        } else if target < self.lower {
            if increasing {
                Assurance::ConsistentPass
            } else {
                Assurance::ConsistentFail
            }
        } else {
            Assurance::Inconsistent
        })
    }
}

/// XmR for a series in time order: `(period, value)` with `None` for a gap.
pub fn xmr(series: &[(String, Option<f64>)], polarity: Polarity, settings: &Settings) -> Result<Xmr, NoSpc> {
    let values = series.iter().filter(|(_, v)| v.is_some()).count();
    if values < MIN_POINTS {
        return Err(NoSpc::TooShort(values));
    }
    if series.iter().any(|(_, v)| v.is_some_and(|v| !v.is_finite())) {
        return Err(NoSpc::Settings("a value is not a finite number".into()));
    }
    if settings.shift < 2 || settings.trend < 2 {
        return Err(NoSpc::Settings(format!(
            "a shift or trend needs 2 or more points (shift {}, trend {})",
            settings.shift, settings.trend
        )));
    }
    if settings.baseline.is_some_and(|b| b < 2) {
        return Err(NoSpc::Settings("a baseline needs 2 or more points".into()));
    }
    // Phase starts: the first point, then each rebase period.
    let mut starts = vec![0];
    for p in &settings.rebase {
        let at = series
            .iter()
            .position(|(q, _)| q == p)
            .ok_or_else(|| NoSpc::RebaseNotInSeries(p.clone()))?;
        if at > 0 && !starts.contains(&at) {
            starts.push(at);
        }
    }
    starts.sort_unstable();
    let mut phases = Vec::new();
    let mut points = Vec::with_capacity(series.len());
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(series.len());
        let rows = &series[start..end];
        let ys: Vec<Option<f64>> = rows.iter().map(|(_, v)| *v).collect();
        let phase = limits(&ys, settings, &rows[0].0, start)?;
        let (flags, causes) = rules(&ys, &phase, settings);
        for (j, (period, value)) in rows.iter().enumerate() {
            points.push(SpcPoint {
                period: period.clone(),
                value: *value,
                phase: k,
                flags: flags[j],
                cause: causes[j],
                variation: Variation::of(causes[j], polarity),
            });
        }
        phases.push(phase);
    }
    let last_phase = phases.last().cloned().ok_or(NoSpc::TooShort(0))?;
    let variation = points
        .iter()
        .rev()
        .find(|p| p.value.is_some())
        .map_or(Variation::Common, |p| p.variation);
    Ok(Xmr {
        mean: last_phase.mean,
        mean_moving_range: last_phase.mean_moving_range,
        upper: last_phase.upper,
        lower: last_phase.lower,
        phases,
        points,
        variation,
        settings: settings.clone(),
    })
}

/// One phase's mean, screened mean moving range and limits.
fn limits(ys: &[Option<f64>], settings: &Settings, from: &str, start: usize) -> Result<Phase, NoSpc> {
    // The baseline: the phase's first N values (all when unset); later values are not used.
    let mut taken = 0;
    let fixed: Vec<Option<f64>> = ys
        .iter()
        .map(|v| {
            let keep = v.is_some() && settings.baseline.is_none_or(|b| taken < b);
            if keep {
                taken += 1;
            }
            v.filter(|_| keep)
        })
        .collect();
    let used: Vec<f64> = fixed.iter().flatten().copied().collect();
    let mean = used.iter().sum::<f64>() / used.len().max(1) as f64;
    let ranges: Vec<f64> = fixed.windows(2).filter_map(|w| Some((w[1]? - w[0]?).abs())).collect();
    if ranges.is_empty() {
        return Err(NoSpc::PhaseTooShort(from.to_string()));
    }
    let raw = ranges.iter().sum::<f64>() / ranges.len() as f64;
    let (mr, screened) = if settings.screen_outliers && raw > 0.0 {
        let kept: Vec<f64> = ranges.iter().copied().filter(|r| *r < SCREEN_MULTIPLE * raw).collect();
        (
            kept.iter().sum::<f64>() / kept.len().max(1) as f64,
            ranges.len() - kept.len(),
        )
    } else {
        (raw, 0)
    };
    Ok(Phase {
        from: from.to_string(),
        start,
        baseline_points: used.len(),
        mean,
        mean_moving_range: mr,
        screened,
        upper: mean + LIMIT_MULTIPLE * mr,
        lower: mean - LIMIT_MULTIPLE * mr,
    })
}

/// The four rules over one phase; each point's flags and its cause by precedence.
fn rules(ys: &[Option<f64>], phase: &Phase, settings: &Settings) -> (Vec<Flags>, Vec<Cause>) {
    let n = ys.len();
    let near = 2.0 * LIMIT_MULTIPLE / 3.0 * phase.mean_moving_range;
    let (near_upper, near_lower) = (phase.mean + near, phase.mean - near);
    let side = |v: f64| {
        if v > phase.mean {
            1
        } else if v < phase.mean {
            -1
        } else {
            0
        }
    };
    let mut flags = vec![Flags::default(); n];
    let outside: Vec<bool> = ys
        .iter()
        .map(|v| v.is_some_and(|v| v > phase.upper || v < phase.lower))
        .collect();
    let close: Vec<bool> = ys
        .iter()
        .zip(&outside)
        .map(|(v, out)| !out && v.is_some_and(|v| v < near_lower || v > near_upper))
        .collect();
    let rtm: Vec<i32> = ys.iter().map(|v| v.map_or(0, side)).collect();
    for (f, o) in flags.iter_mut().zip(&outside) {
        f.beyond_limit = *o;
    }
    // A shift: `shift` consecutive values on the same side of the mean (a gap or a point on the
    // mean breaks it); every point of such a window is part of it.
    let k = settings.shift;
    for end in k.saturating_sub(1)..n {
        let w = &rtm[end + 1 - k..=end];
        if w[0] != 0 && w.iter().all(|s| *s == w[0]) {
            flags[end + 1 - k..=end].iter_mut().for_each(|f| f.shift = true);
        }
    }
    // A trend: `trend` consecutive values, each step strictly up (or strictly down).
    let step = |i: usize| -> i32 {
        match (ys[i - 1], ys[i]) {
            (Some(a), Some(b)) if b > a => 1,
            (Some(a), Some(b)) if b < a => -1,
            _ => 0,
        }
    };
    let k = settings.trend;
    for end in k.saturating_sub(1)..n {
        let first = step(end + 2 - k);
        if first != 0 && (end + 2 - k..=end).all(|i| step(i) == first) {
            flags[end + 1 - k..=end].iter_mut().for_each(|f| f.trend = true);
        }
    }
    // Two of three: a window of three consecutive values all on the same side of the mean, two
    // or more of them near the limit (between the 2σ line and the limit); those are flagged.
    for end in 2..n {
        let sum: i32 = rtm[end - 2..=end].iter().sum();
        let hits = (end - 2..=end).filter(|&j| close[j]).count();
        if sum.abs() == 3 && hits >= 2 {
            for j in (end - 2..=end).filter(|&j| close[j]) {
                flags[j].two_of_three = true;
            }
        }
    }
    let causes = (0..n)
        .map(|i| {
            let f = flags[i];
            let high = rtm[i] > 0;
            if f.beyond_limit {
                if high { Cause::AboveLimit } else { Cause::BelowLimit }
            } else if f.trend {
                // The direction of the step: the next one where the next point is in the trend
                // too (NHSRplotthedots takes the right side), else the one before.
                let d = if i + 1 < n && flags[i + 1].trend {
                    step(i + 1)
                } else {
                    step(i)
                };
                if d > 0 { Cause::TrendUp } else { Cause::TrendDown }
            } else if f.two_of_three {
                if high {
                    Cause::TwoOfThreeAbove
                } else {
                    Cause::TwoOfThreeBelow
                }
            } else if f.shift {
                if high { Cause::ShiftAbove } else { Cause::ShiftBelow }
            } else {
                Cause::Common
            }
        })
        .collect();
    (flags, causes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(values: &[f64]) -> Vec<(String, Option<f64>)> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("{}-{:02}", 2020 + i / 12, i % 12 + 1), Some(*v)))
            .collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-7
    }

    /// `set.seed(123); rnorm(20)`: the vector of NHSRplotthedots' `test-ptd_spc_standard.R`.
    const RNORM_20: [f64; 20] = [
        -0.56047565,
        -0.23017749,
        1.55870831,
        0.07050839,
        0.12928774,
        1.71506499,
        0.46091621,
        -1.26506123,
        -0.68685285,
        -0.44566197,
        1.22408180,
        0.35981383,
        0.40077145,
        0.11068272,
        -0.55584113,
        1.78691314,
        0.49785048,
        -1.96661716,
        0.70135590,
        -0.47279141,
    ];

    #[test]
    fn limits_equal_nhsrplotthedots_on_its_own_test_vector() {
        // _snaps/ptd_spc_standard.md: r1 mean 0.1416238, limits -3.01138 and 3.294627.
        let x = xmr(&series(&RNORM_20), Polarity::HigherIsBetter, &Settings::default()).unwrap();
        assert!(
            close(x.mean, 0.1416238) && close(x.lower, -3.01138) && close(x.upper, 3.294627),
            "{x:?}"
        );
        // r2: y[15] = 10, outliers screened: mean 0.6694159, limits -2.383666 and 3.722497.
        let mut v = RNORM_20;
        v[14] = 10.0;
        let x = xmr(&series(&v), Polarity::HigherIsBetter, &Settings::default()).unwrap();
        assert!(close(x.mean, 0.6694159), "{x:?}");
        assert!(close(x.lower, -2.383666) && close(x.upper, 3.722497), "{x:?}");
        assert_eq!(x.phases[0].screened, 2, "the two ranges either side of the outlier");
        // r3: the same unscreened: -4.596625 and 5.935457.
        let unscreened = Settings {
            screen_outliers: false,
            ..Settings::default()
        };
        let x = xmr(&series(&v), Polarity::HigherIsBetter, &unscreened).unwrap();
        assert!(close(x.lower, -4.596625) && close(x.upper, 5.935457), "{x:?}");
        // The relative-to-mean column of r2 begins -1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1.
        let x = xmr(&series(&v), Polarity::HigherIsBetter, &Settings::default()).unwrap();
        let sides: Vec<i32> = x.points[..11]
            .iter()
            .map(|p| if p.value.unwrap() > x.mean { 1 } else { -1 })
            .collect();
        assert_eq!(sides, [-1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1]);
    }

    #[test]
    fn a_baseline_fixes_the_limits_on_the_first_points() {
        // test-ptd_spc_standard.R: fix_after_n_points = 12 changes the limits.
        let all = xmr(&series(&RNORM_20), Polarity::HigherIsBetter, &Settings::default()).unwrap();
        let fixed = Settings {
            baseline: Some(12),
            ..Settings::default()
        };
        let x = xmr(&series(&RNORM_20), Polarity::HigherIsBetter, &fixed).unwrap();
        let first12 = &RNORM_20[..12];
        assert!(close(x.mean, first12.iter().sum::<f64>() / 12.0));
        assert_eq!(x.phases[0].baseline_points, 12);
        assert!(x.lower != all.lower && x.upper != all.upper);
        assert_eq!(x.points.len(), 20, "every point is still plotted and tested");
    }

    #[test]
    fn two_of_three_needs_the_same_side_of_the_mean() {
        // test-ptd_spc_standard.R: symmetrical data, the last two points near the limits on
        // opposite sides: both common cause.
        let mut v: Vec<f64> = (0..16).map(|i| if i % 2 == 0 { 1.0 } else { -1.0 }).collect();
        v[14] = 5.5;
        v[15] = -5.5;
        let x = xmr(&series(&v), Polarity::HigherIsBetter, &Settings::default()).unwrap();
        let last: Vec<Variation> = x.points[14..].iter().map(|p| p.variation).collect();
        assert_eq!(last, [Variation::Common, Variation::Common], "{x:?}");
    }

    /// The rule functions of test-ptd_calculate_point_type.R, through the whole chart: each case
    /// is a flag vector the package's helper returns, turned into values that produce it.
    #[test]
    fn rules_match_the_packages_rule_tests() {
        let run = |values: &[f64]| {
            let mut v = vec![0.0; 12];
            v.extend_from_slice(values);
            xmr(&series(&v), Polarity::HigherIsBetter, &Settings::default()).unwrap()
        };
        // ptd_seven_point_trend(c(1:3, 3:6)): a repeated value breaks the trend.
        let x = run(&[1.0, 2.0, 3.0, 3.0, 4.0, 5.0, 6.0]);
        assert!(x.points[12..].iter().all(|p| !p.flags.trend));
        // ptd_seven_point_trend(c(2, 1:7, 3)): the seven rising points, not the 2 or the 3.
        let x = run(&[2.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 3.0]);
        let trend: Vec<bool> = x.points[12..].iter().map(|p| p.flags.trend).collect();
        assert_eq!(trend, [false, true, true, true, true, true, true, true, false]);
        // Six on one side is no shift; seven is (ptd_seven_point_one_side_mean).
        let mut six: Vec<f64> = (0..14).map(|i| if i % 2 == 0 { 1.0 } else { -1.0 }).collect();
        six.extend([0.5; 6]);
        six.extend([-1.0, 1.0]);
        let x = xmr(&series(&six), Polarity::HigherIsBetter, &Settings::default()).unwrap();
        assert!(x.points.iter().all(|p| !p.flags.shift), "{x:?}");
    }

    #[test]
    fn two_of_three_flags_only_the_points_near_the_limit() {
        // ptd_part_of_two_in_three(c(1, 0, 0, 1, 1)): only the last two.
        let mut v: Vec<f64> = (0..14).map(|i| if i % 2 == 0 { 1.0 } else { -1.0 }).collect();
        // Mean 1.02, near limit 5.12, upper limit 7.18.
        v.extend([5.6, 1.2, 1.3, 5.7, 5.5]);
        let x = xmr(&series(&v), Polarity::HigherIsBetter, &Settings::default()).unwrap();
        let flagged: Vec<bool> = x.points[14..].iter().map(|p| p.flags.two_of_three).collect();
        assert_eq!(flagged, [false, false, false, true, true], "{x:?}");
        assert_eq!(x.points[18].cause, Cause::TwoOfThreeAbove);
    }

    #[test]
    fn a_falling_trend_above_the_mean_is_concerning_when_higher_is_better() {
        // The direction of the trend decides, not the side of the mean.
        let mut v = vec![1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0];
        v.extend([9.0, 8.5, 8.0, 7.5, 7.0, 6.5, 6.0]);
        let x = xmr(&series(&v), Polarity::HigherIsBetter, &Settings::default()).unwrap();
        assert!(x.points.last().unwrap().value.unwrap() > x.mean);
        assert_eq!(x.points.last().unwrap().cause, Cause::TrendDown);
        assert_eq!(x.variation, Variation::Concerning);
        let x = xmr(&series(&v), Polarity::LowerIsBetter, &Settings::default()).unwrap();
        assert_eq!(x.variation, Variation::Improving);
        let x = xmr(&series(&v), Polarity::NoJudgement, &Settings::default()).unwrap();
        assert_eq!(x.variation, Variation::SpecialLow);
    }

    #[test]
    fn a_missing_period_is_a_gap_not_closed_up() {
        let mut s = series(&[5.0, 6.0, 5.0, 6.0, 5.0, 6.0, 5.0, 6.0, 5.0, 6.0, 5.0, 6.0, 5.0]);
        // A gap between two values 40 apart: no moving range is taken across it.
        s.insert(7, ("gap".into(), None));
        s[8].1 = Some(45.0);
        let unscreened = Settings {
            screen_outliers: false,
            ..Settings::default()
        };
        let x = xmr(&s, Polarity::HigherIsBetter, &unscreened).unwrap();
        assert_eq!(x.points.len(), 14);
        assert_eq!(x.points[7].value, None);
        let closed_up = {
            let mut c = s.clone();
            c.remove(7);
            xmr(&c, Polarity::HigherIsBetter, &unscreened).unwrap()
        };
        assert!(x.mean_moving_range < closed_up.mean_moving_range, "{x:?}");
        // A run of seven above the mean does not cross a gap.
        let mut r = series(&[0.0; 14]);
        for p in r.iter_mut().skip(4).take(8) {
            p.1 = Some(3.0);
        }
        r[2].1 = Some(1.0);
        let x = xmr(&r, Polarity::HigherIsBetter, &Settings::default()).unwrap();
        assert!(x.points.iter().any(|p| p.flags.shift), "eight in a row is a shift");
        r[7].1 = None;
        let x = xmr(&r, Polarity::HigherIsBetter, &Settings::default()).unwrap();
        assert!(x.points.iter().all(|p| !p.flags.shift), "a gap breaks the run: {x:?}");
    }

    #[test]
    fn rebasing_starts_a_phase_with_its_own_limits() {
        let mut v = vec![10.0, 11.0, 9.0, 10.0, 12.0, 8.0, 10.0, 11.0, 9.0, 10.0, 11.0, 9.0];
        v.extend([20.0, 21.0, 19.0, 20.0, 22.0, 18.0, 20.0, 21.0, 19.0, 20.0, 21.0, 19.0]);
        let s = series(&v);
        let once = xmr(&s, Polarity::HigherIsBetter, &Settings::default()).unwrap();
        assert_eq!(
            once.variation,
            Variation::Improving,
            "one phase: the step is special cause"
        );
        let rebased = Settings {
            rebase: vec![s[12].0.clone()],
            ..Settings::default()
        };
        let x = xmr(&s, Polarity::HigherIsBetter, &rebased).unwrap();
        assert_eq!(x.phases.len(), 2);
        assert_eq!((x.phases[0].mean, x.phases[1].mean), (10.0, 20.0));
        assert_eq!(x.mean, 20.0);
        assert_eq!(x.variation, Variation::Common, "{x:?}");
        let missing = Settings {
            rebase: vec!["1999-01".into()],
            ..Settings::default()
        };
        assert_eq!(
            xmr(&s, Polarity::HigherIsBetter, &missing).unwrap_err(),
            NoSpc::RebaseNotInSeries("1999-01".into())
        );
    }

    #[test]
    fn rule_lengths_are_configurable() {
        let mut v = vec![5.0, 6.0, 4.0, 5.0, 6.0, 4.0];
        v.extend([9.0, 8.5, 9.5, 8.0, 9.0, 8.5, 9.2]);
        let x = xmr(&series(&v), Polarity::HigherIsBetter, &Settings::default()).unwrap();
        assert!(x.points[6..].iter().all(|p| p.flags.shift), "{x:?}");
        let eight = Settings {
            shift: 8,
            ..Settings::default()
        };
        let x = xmr(&series(&v), Polarity::HigherIsBetter, &eight).unwrap();
        assert!(x.points.iter().all(|p| !p.flags.shift));
    }

    #[test]
    fn assurance_as_the_package_defines_it() {
        let x = xmr(&series(&RNORM_20), Polarity::HigherIsBetter, &Settings::default()).unwrap();
        assert_eq!(
            x.assurance(5.0, Polarity::HigherIsBetter),
            Some(Assurance::ConsistentFail)
        );
        assert_eq!(
            x.assurance(5.0, Polarity::LowerIsBetter),
            Some(Assurance::ConsistentPass)
        );
        assert_eq!(
            x.assurance(-5.0, Polarity::HigherIsBetter),
            Some(Assurance::ConsistentPass)
        );
        assert_eq!(
            x.assurance(0.0, Polarity::HigherIsBetter),
            Some(Assurance::Inconsistent)
        );
        assert_eq!(x.assurance(0.0, Polarity::NoJudgement), None);
    }

    #[test]
    fn short_series_get_no_spc() {
        assert_eq!(
            xmr(&series(&[1.0; 11]), Polarity::HigherIsBetter, &Settings::default()).unwrap_err(),
            NoSpc::TooShort(11)
        );
    }
}
