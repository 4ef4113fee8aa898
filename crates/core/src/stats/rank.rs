//! Ranks and percentile ranks after polarity.

use crate::model::Polarity;

/// Whether `a` is better than `b` for an indicator of this polarity. With no judgement, higher
/// ranks first (so a rank is still defined, but is not called better).
fn better(a: f64, b: f64, polarity: Polarity) -> bool {
    match polarity {
        Polarity::LowerIsBetter => a < b,
        Polarity::HigherIsBetter | Polarity::NoJudgement => a > b,
    }
}

/// Rank of `value` among `all` (which includes it): 1 + the number of values strictly better.
/// Ties share the better rank. `None` if `all` is empty.
pub fn rank(value: f64, all: &[f64], polarity: Polarity) -> Option<usize> {
    (!all.is_empty()).then(|| 1 + all.iter().filter(|&&v| better(v, value, polarity)).count())
}

/// Percentile rank (0–100) of `value` among `all` (which includes it), as Excel's
/// PERCENTRANK.INC after polarity: the share of the other values it is strictly better than,
/// = count(worse) / (n − 1). 100 = better than all the others. `None` with fewer than 2 values.
pub fn percentile_rank(value: f64, all: &[f64], polarity: Polarity) -> Option<f64> {
    if all.len() < 2 {
        return None;
    }
    let worse = all.iter().filter(|&&v| better(value, v, polarity)).count();
    Some(100.0 * worse as f64 / (all.len() - 1) as f64)
}

/// Quartile of a value against a group's quartiles, 1 = best: at or beyond the best quartile
/// boundary → 1, at or beyond the median → 2, at or beyond the other quartile → 3, else 4.
pub fn quartile(value: f64, q1: f64, median: f64, q3: f64, polarity: Polarity) -> u8 {
    let (top, bottom) = match polarity {
        Polarity::LowerIsBetter => (q1, q3),
        _ => (q3, q1),
    };
    let at_least = |threshold: f64| !better(threshold, value, polarity);
    if at_least(top) {
        1
    } else if at_least(median) {
        2
    } else if at_least(bottom) {
        3
    } else {
        4
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Polarity::*;

    #[test]
    fn rank_one_is_best_and_ties_share_the_better_rank() {
        let all = [3.0, 5.0, 5.0, 1.0, 4.0];
        assert_eq!(rank(5.0, &all, HigherIsBetter), Some(1));
        assert_eq!(rank(4.0, &all, HigherIsBetter), Some(3));
        assert_eq!(rank(1.0, &all, HigherIsBetter), Some(5));
        // Reversed polarity: 1 is best.
        assert_eq!(rank(1.0, &all, LowerIsBetter), Some(1));
        assert_eq!(rank(5.0, &all, LowerIsBetter), Some(4));
        assert_eq!(rank(1.0, &[], HigherIsBetter), None);
    }

    #[test]
    fn percentile_rank_matches_excel_percentrank_inc() {
        // Excel: PERCENTRANK.INC({1,2,3,4,5,6,7,8,9,10}, 4) = 0.333
        let all: Vec<f64> = (1..=10).map(f64::from).collect();
        assert!((percentile_rank(4.0, &all, HigherIsBetter).unwrap() - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!(percentile_rank(10.0, &all, HigherIsBetter), Some(100.0));
        assert_eq!(percentile_rank(10.0, &all, LowerIsBetter), Some(0.0));
        assert_eq!(percentile_rank(1.0, &[1.0], HigherIsBetter), None);
    }

    #[test]
    fn quartiles_after_polarity() {
        // Peers 1..10: Q1 3.25, median 5.5, Q3 7.75.
        let q = |v, p| quartile(v, 3.25, 5.5, 7.75, p);
        assert_eq!(
            [
                q(8.0, HigherIsBetter),
                q(7.75, HigherIsBetter),
                q(6.0, HigherIsBetter),
                q(4.0, HigherIsBetter),
                q(1.0, HigherIsBetter)
            ],
            [1, 1, 2, 3, 4]
        );
        assert_eq!(
            [
                q(2.0, LowerIsBetter),
                q(5.0, LowerIsBetter),
                q(7.0, LowerIsBetter),
                q(9.0, LowerIsBetter)
            ],
            [1, 2, 3, 4]
        );
    }
}
