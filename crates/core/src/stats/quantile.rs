//! Quantiles by linear interpolation between order statistics (Excel QUARTILE.INC and
//! PERCENTILE.INC, R type 7): for sorted x₁ ≤ … ≤ xₙ and p in [0, 1], h = (n − 1)p and
//! Q(p) = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋) (0-based).

use serde::Serialize;

/// The quantile `p` (0–1) of values already sorted ascending; `None` for no values.
pub fn sorted_quantile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() || !(0.0..=1.0).contains(&p) {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// The distribution of a group's values: what the peers' column of a benchmark shows.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Summary {
    /// Number of values.
    pub n: usize,
    /// Smallest.
    pub min: f64,
    /// Lower quartile; only with at least [`MIN_FOR_QUARTILES`] values.
    pub q1: Option<f64>,
    /// Median.
    pub median: f64,
    /// Upper quartile; only with at least [`MIN_FOR_QUARTILES`] values.
    pub q3: Option<f64>,
    /// Largest.
    pub max: f64,
    /// Arithmetic mean.
    pub mean: f64,
}

/// Quartiles are shown only for groups of at least this many values.
pub const MIN_FOR_QUARTILES: usize = 4;

/// Summarise values (any order); `None` when there are none.
pub fn summary(values: &[f64]) -> Option<Summary> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let quartiles = sorted.len() >= MIN_FOR_QUARTILES;
    Some(Summary {
        n: sorted.len(),
        min: sorted[0],
        q1: if quartiles {
            sorted_quantile(&sorted, 0.25)
        } else {
            None
        },
        median: sorted_quantile(&sorted, 0.5)?,
        q3: if quartiles {
            sorted_quantile(&sorted, 0.75)
        } else {
            None
        },
        max: sorted[sorted.len() - 1],
        mean: sorted.iter().sum::<f64>() / sorted.len() as f64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_of_one_to_ten_match_excel() {
        // Excel: =QUARTILE.INC({1,...,10}, 1) = 3.25, 2 = 5.5, 3 = 7.75
        let s = summary(&(1..=10).map(f64::from).collect::<Vec<_>>()).unwrap();
        assert_eq!(
            (s.min, s.q1, s.median, s.q3, s.max, s.mean),
            (1.0, Some(3.25), 5.5, Some(7.75), 10.0, 5.5)
        );
    }

    #[test]
    fn percentiles_match_excel_percentile_inc() {
        let xs = [15.0, 20.0, 35.0, 40.0, 50.0];
        // Excel: PERCENTILE.INC({15,20,35,40,50}, 0.4) = 29, 0.9 = 46
        assert!((sorted_quantile(&xs, 0.4).unwrap() - 29.0).abs() < 1e-12);
        assert!((sorted_quantile(&xs, 0.9).unwrap() - 46.0).abs() < 1e-12);
        assert_eq!(sorted_quantile(&xs, 0.0), Some(15.0));
        assert_eq!(sorted_quantile(&xs, 1.0), Some(50.0));
    }

    #[test]
    fn fewer_than_four_values_have_no_quartiles() {
        let s = summary(&[3.0, 1.0, 2.0]).unwrap();
        assert_eq!((s.q1, s.median, s.q3), (None, 2.0, None));
        assert_eq!(summary(&[]), None);
        assert_eq!(summary(&[2.5]).unwrap().median, 2.5);
    }

    #[test]
    fn unsorted_input_with_ties_is_fine() {
        let s = summary(&[4.0, 1.0, 4.0, 2.0, 4.0]).unwrap();
        assert_eq!((s.q1, s.median, s.q3), (Some(2.0), 4.0, Some(4.0)));
    }
}
