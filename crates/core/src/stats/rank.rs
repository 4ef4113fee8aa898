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

/// The quartile of a percentile rank, 1 = best: 75 or more → 1, 50 to under 75 → 2, 25 to
/// under 50 → 3, under 25 → 4. Read from the percentile, the quartile can never disagree with
/// it; as the percentile counts only values strictly worse, a tie never lifts a trust into the
/// top quartile.
pub fn quartile_of_percentile(percentile: f64) -> u8 {
    if percentile >= 75.0 {
        1
    } else if percentile >= 50.0 {
        2
    } else if percentile >= 25.0 {
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
    fn quartiles_follow_the_percentile_at_every_boundary() {
        assert_eq!(
            [100.0, 75.0, 74.99, 50.0, 49.9, 25.0, 24.9, 0.0].map(quartile_of_percentile),
            [1, 1, 2, 2, 3, 3, 4, 4]
        );
        // Regression: a top quartile at percentile 73.7 (14 of 19 others) — now second.
        assert_eq!(quartile_of_percentile(100.0 * 14.0 / 19.0), 2);
    }
}
