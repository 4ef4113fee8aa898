//! Funnel-plot limits for proportions (Spiegelhalter, "Funnel plots for comparing
//! institutional performance", Stat Med 2005), on the arcsine square-root scale:
//!
//! - yᵢ = asin √pᵢ, target θ₀ = asin √p₀ with p₀ the pooled proportion Σx / Σn;
//!   standard error sᵢ = 1 / (2√nᵢ).
//! - zᵢ = (yᵢ − θ₀) / sᵢ, winsorised at the 10th and 90th percentiles; φ = Σzᵢ² / N.
//! - Overdispersion, used only when N·φ > N − 1 (DerSimonian–Laird moment estimator):
//!   τ² = (Nφ − (N − 1)) / (Σwᵢ − Σwᵢ² / Σwᵢ), wᵢ = 1 / sᵢ².
//! - Limits for a base n: sin²(θ₀ ± z·√(1/(4n) + τ²)), the angle kept within [0, π/2].

use super::quantile::sorted_quantile;
use serde::Serialize;

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
            lower95: at(-super::wilson::Z95),
            upper95: at(super::wilson::Z95),
            lower998: at(-super::wilson::Z998),
            upper998: at(super::wilson::Z998),
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
        // Without overdispersion the 95% limits at n are sin²(θ₀ ± 1.959964 / (2√n)).
        let theta = 0.3f64.sqrt().asin();
        assert!((l.upper95 - (theta + 1.959_964 / 20.0).sin().powi(2)).abs() < 1e-12);
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

    #[test]
    fn too_few_units_have_no_funnel() {
        assert_eq!(fit(&[Point { x: 1.0, n: 10.0 }]), None);
    }
}
