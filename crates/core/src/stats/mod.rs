//! The statistics of a benchmark, each written as its definition says so a digital lead can
//! check it in Excel:
//! - [`quantile`]: quartiles and percentiles as Excel's QUARTILE.INC / PERCENTILE.INC and R's
//!   type 7 (linear interpolation between order statistics);
//! - [`rank`]: rank r of n, 1 = best after polarity, ties sharing the better rank; percentile
//!   rank as Excel's PERCENTRANK.INC;
//! - [`wilson`]: Wilson score intervals for proportions with a base, and the Fingertips
//!   Better / Similar / Worse comparison;
//! - [`funnel`]: funnel-plot limits for proportions (Spiegelhalter 2005), with overdispersion;
//! - [`spc`]: XmR statistical process control as NHS England's "Making Data Count".

pub mod funnel;
pub mod quantile;
pub mod rank;
pub mod spc;
pub mod wilson;

#[cfg(test)]
mod properties {
    use super::{quantile, rank, wilson};
    use crate::model::Polarity;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn rank_is_within_one_to_n(values in prop::collection::vec(-1e6f64..1e6, 1..60), pick in any::<prop::sample::Index>(), lower in any::<bool>()) {
            let polarity = if lower { Polarity::LowerIsBetter } else { Polarity::HigherIsBetter };
            let v = values[pick.index(values.len())];
            let r = rank::rank(v, &values, polarity).unwrap();
            prop_assert!((1..=values.len()).contains(&r));
            if let Some(p) = rank::percentile_rank(v, &values, polarity) {
                prop_assert!((0.0..=100.0).contains(&p));
            }
        }

        #[test]
        fn the_five_numbers_are_in_order(values in prop::collection::vec(-1e6f64..1e6, 1..80)) {
            let s = quantile::summary(&values).unwrap();
            let q1 = s.q1.unwrap_or(s.min);
            let q3 = s.q3.unwrap_or(s.max);
            prop_assert!(s.min <= q1 && q1 <= s.median && s.median <= q3 && q3 <= s.max);
            prop_assert!(s.min <= s.mean + 1e-6 && s.mean <= s.max + 1e-6);
        }

        #[test]
        fn wilson_intervals_stay_in_zero_one_and_contain_p(n in 1u32..100_000, share in 0.0f64..=1.0, wide in any::<bool>()) {
            let x = (share * f64::from(n)).round();
            let z = if wide { wilson::Z998 } else { wilson::Z95 };
            let ci = wilson::interval(x, f64::from(n), z).unwrap();
            let p = x / f64::from(n);
            prop_assert!(0.0 <= ci.lower && ci.upper <= 1.0);
            prop_assert!(ci.lower <= p + 1e-12 && p <= ci.upper + 1e-12, "{ci:?} p={p}");
        }
    }
}
