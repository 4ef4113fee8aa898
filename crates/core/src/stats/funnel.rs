//! Funnel-plot limits for proportions (Spiegelhalter, "Funnel plots for comparing
//! institutional performance", Stat Med 2005), on the arcsine square-root scale:
//!
//! - yᵢ = asin √pᵢ, target θ₀ = asin √p₀ with p₀ the pooled proportion Σx / Σn;
//!   standard error sᵢ = 1 / (2√nᵢ).
//! - zᵢ = (yᵢ − θ₀) / sᵢ, winsorised at the 10th and 90th percentiles; φ = Σzᵢ² / N.
//! - Overdispersion, used only when N·φ > N − 1 (DerSimonian–Laird moment estimator):
//!   τ² = (Nφ − (N − 1)) / (Σwᵢ − Σwᵢ² / Σwᵢ), wᵢ = 1 / sᵢ².
//! - Limits for a base n: sin²(θ₀ ± z·√(1/(4n) + τ²)), the angle kept within [0, π/2].
//! - The verdict ([`verdict`]): a unit above or below the 95% (or 99.8%) limits *at its own
//!   base* is Better or Worse than the target after polarity, else Similar — exactly what the
//!   funnel chart shows. Because τ² carries the real spread between organisations, a large trust
//!   is not called "worse" for a gap of a point that many of its peers share.

use super::quantile::sorted_quantile;
use super::wilson::{Z95, Z998};
use crate::model::Polarity;
use serde::Serialize;

/// How a trust's rate compares with its peers': the one verdict every output shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// Beyond the funnel limit on the better side.
    Better,
    /// Within the funnel limits.
    Similar,
    /// Beyond the funnel limit on the worse side.
    Worse,
}

impl Comparison {
    /// Plain words for a board paper.
    pub fn words(self) -> &'static str {
        match self {
            Comparison::Better => "better than",
            Comparison::Similar => "similar to",
            Comparison::Worse => "worse than",
        }
    }
}

/// The fewest peers with a base for a verdict, and with a value for quartiles: against one to
/// three organisations a "median" is not a benchmark.
pub const MIN_PEERS: usize = 4;

/// A unit's standing on the funnel: the verdict at 95% and 99.8%, and its distance from the
/// target in standard errors (allowing for τ²) after polarity, positive = better.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Standing {
    /// Against the 95% limits at the unit's base.
    pub at95: Comparison,
    /// Against the 99.8% limits.
    pub at998: Comparison,
    /// (asin √p − θ₀) / √(1/(4n) + τ²), sign turned so that positive is better (for ordering).
    pub z: f64,
}

/// The verdict for `x` events of base `n` on a fitted funnel; `None` for a measure with no
/// better direction (it gets no judgement) or an impossible point.
pub fn verdict(funnel: &Funnel, x: f64, n: f64, polarity: Polarity) -> Option<Standing> {
    if polarity == Polarity::NoJudgement || n <= 0.0 || !(0.0..=n).contains(&x) {
        return None;
    }
    let p = x / n;
    let l = funnel.limits(n);
    let sign = if polarity == Polarity::LowerIsBetter { -1.0 } else { 1.0 };
    let judge = |lower: f64, upper: f64| {
        let beyond = if p > upper {
            1.0
        } else if p < lower {
            -1.0
        } else {
            0.0
        } * sign;
        if beyond > 0.0 {
            Comparison::Better
        } else if beyond < 0.0 {
            Comparison::Worse
        } else {
            Comparison::Similar
        }
    };
    let se = (1.0 / (4.0 * n) + funnel.tau2).sqrt();
    Some(Standing {
        at95: judge(l.lower95, l.upper95),
        at998: judge(l.lower998, l.upper998),
        z: sign * (p.sqrt().asin() - funnel.target.sqrt().asin()) / se,
    })
}

/// One unit on the funnel: events and base.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Point {
    /// Events (numerator).
    pub x: f64,
    /// Base (denominator).
    pub n: f64,
}

/// The fitted funnel: target and overdispersion.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Funnel {
    /// Pooled proportion p₀.
    pub target: f64,
    /// Between-unit variance τ² on the arcsine scale (0 when not overdispersed).
    pub tau2: f64,
    /// The dispersion ratio φ.
    pub phi: f64,
    /// Number of units.
    pub units: usize,
}

/// Limits at one base.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Limits {
    /// Base.
    pub n: f64,
    /// 95% lower and upper limits (proportions).
    pub lower95: f64,
    /// 95% upper.
    pub upper95: f64,
    /// 99.8% lower.
    pub lower998: f64,
    /// 99.8% upper.
    pub upper998: f64,
}

/// Fit a funnel to units with positive bases; `None` with fewer than 2 such units or no events base.
pub fn fit(points: &[Point]) -> Option<Funnel> {
    let pts: Vec<Point> = points
        .iter()
        .copied()
        .filter(|p| p.n > 0.0 && (0.0..=p.n).contains(&p.x))
        .collect();
    if pts.len() < 2 {
        return None;
    }
    let (sx, sn): (f64, f64) = pts.iter().fold((0.0, 0.0), |(a, b), p| (a + p.x, b + p.n));
    let target = sx / sn;
    let theta0 = target.sqrt().asin();
    let mut z: Vec<f64> = pts
        .iter()
        .map(|p| ((p.x / p.n).sqrt().asin() - theta0) * 2.0 * p.n.sqrt())
        .collect();
    let mut sorted = z.clone();
    sorted.sort_by(f64::total_cmp);
    let (lo, hi) = (sorted_quantile(&sorted, 0.1)?, sorted_quantile(&sorted, 0.9)?);
    for v in &mut z {
        *v = v.clamp(lo, hi);
    }
    let n_units = pts.len() as f64;
    let phi = z.iter().map(|v| v * v).sum::<f64>() / n_units;
    let tau2 = if n_units * phi > n_units - 1.0 {
        let w: Vec<f64> = pts.iter().map(|p| 4.0 * p.n).collect();
        let sw: f64 = w.iter().sum();
        let sw2: f64 = w.iter().map(|v| v * v).sum();
        ((n_units * phi - (n_units - 1.0)) / (sw - sw2 / sw)).max(0.0)
    } else {
        0.0
    };
    Some(Funnel {
        target,
        tau2,
        phi,
        units: pts.len(),
    })
}

impl Funnel {
    /// The control limits at base `n`.
    pub fn limits(&self, n: f64) -> Limits {
        let theta0 = self.target.sqrt().asin();
        let se = (1.0 / (4.0 * n) + self.tau2).sqrt();
        let at = |z: f64| (theta0 + z * se).clamp(0.0, std::f64::consts::FRAC_PI_2).sin().powi(2);
        Limits {
            n,
            lower95: at(-Z95),
            upper95: at(Z95),
            lower998: at(-Z998),
            upper998: at(Z998),
        }
    }

    /// Limits along a curve from the smallest to the largest base (for drawing).
    pub fn curve(&self, min_n: f64, max_n: f64, steps: usize) -> Vec<Limits> {
        let (a, b) = (min_n.max(1.0).ln(), max_n.max(min_n.max(1.0)).ln());
        (0..=steps.max(1))
            .map(|i| self.limits((a + (b - a) * i as f64 / steps.max(1) as f64).exp()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_units_are_not_overdispersed_and_limits_bracket_the_target() {
        let pts: Vec<Point> = (0..20).map(|_| Point { x: 30.0, n: 100.0 }).collect();
        let f = fit(&pts).unwrap();
        assert!((f.target - 0.3).abs() < 1e-12);
        assert_eq!(f.tau2, 0.0);
        let l = f.limits(100.0);
        assert!(l.lower998 < l.lower95 && l.lower95 < 0.3 && 0.3 < l.upper95 && l.upper95 < l.upper998);
        // Without overdispersion the 95% limits at n are sin²(θ₀ ± z / (2√n)).
        let theta = 0.3f64.sqrt().asin();
        assert!((l.upper95 - (theta + Z95 / 20.0).sin().powi(2)).abs() < 1e-15);
    }

    #[test]
    fn widely_spread_units_are_overdispersed() {
        let pts: Vec<Point> = (0..20)
            .map(|i| Point {
                x: 10.0 + 4.0 * i as f64,
                n: 200.0,
            })
            .collect();
        let f = fit(&pts).unwrap();
        assert!(f.phi > 1.0 && f.tau2 > 0.0, "{f:?}");
        let narrow = Funnel { tau2: 0.0, ..f };
        assert!(f.limits(200.0).upper95 > narrow.limits(200.0).upper95);
    }

    #[test]
    fn limits_narrow_as_the_base_grows() {
        let f = Funnel {
            target: 0.2,
            tau2: 0.0,
            phi: 1.0,
            units: 10,
        };
        let (small, large) = (f.limits(20.0), f.limits(2000.0));
        assert!(small.upper95 - small.lower95 > large.upper95 - large.lower95);
        assert!(small.lower998 >= 0.0 && small.upper998 <= 1.0);
    }

    /// The RJ1 burnout case in miniature: with a wide real spread between trusts (τ² > 0) a
    /// large trust a point or two from the target is within the limits, where a test that
    /// ignores the spread (τ² = 0) would call it worse.
    #[test]
    fn regression_a_large_trust_is_not_worse_for_a_gap_its_peers_share() {
        let pts: Vec<Point> = (0..30)
            .map(|i| Point {
                x: f64::from(300 + 10 * (i % 10)),
                n: 1000.0,
            })
            .chain([Point { x: 3700.0, n: 10000.0 }])
            .collect();
        let f = fit(&pts).unwrap();
        assert!(f.tau2 > 0.0, "{f:?}");
        let v = verdict(&f, 3700.0, 10000.0, Polarity::LowerIsBetter).unwrap();
        assert_eq!(v.at95, Comparison::Similar, "{v:?} {f:?}");
        let naive = Funnel { tau2: 0.0, ..f };
        let v = verdict(&naive, 3700.0, 10000.0, Polarity::LowerIsBetter).unwrap();
        assert_eq!(v.at95, Comparison::Worse);
    }

    #[test]
    fn verdicts_follow_polarity_and_none_without_a_direction() {
        let f = Funnel {
            target: 0.3,
            tau2: 0.0,
            phi: 1.0,
            units: 10,
        };
        let high = verdict(&f, 45.0, 100.0, Polarity::HigherIsBetter).unwrap();
        assert_eq!((high.at95, high.at998), (Comparison::Better, Comparison::Better));
        assert!(high.z > 0.0);
        let high = verdict(&f, 45.0, 100.0, Polarity::LowerIsBetter).unwrap();
        assert_eq!(high.at95, Comparison::Worse);
        assert!(high.z < 0.0);
        // 40 of 100: beyond the 95% limit (39.3%), within the 99.8% (44.9%).
        let l = f.limits(100.0);
        assert!(0.38 < l.upper95 && 0.40 > l.upper95, "{l:?}");
        let edge = verdict(&f, 40.0, 100.0, Polarity::HigherIsBetter).unwrap();
        assert_eq!((edge.at95, edge.at998), (Comparison::Better, Comparison::Similar));
        assert_eq!(
            verdict(&f, 30.0, 100.0, Polarity::HigherIsBetter).unwrap().at95,
            Comparison::Similar
        );
        assert_eq!(verdict(&f, 45.0, 100.0, Polarity::NoJudgement), None);
    }

    #[test]
    fn too_few_units_have_no_funnel() {
        assert_eq!(fit(&[Point { x: 1.0, n: 10.0 }]), None);
    }
}
