//! Key messages: three to seven plain-English sentences for a board member, made from the
//! report's numbers and never more confident than they are — "similar to peers" when intervals
//! overlap, "better" or "worse" only with a test and its confidence level named, "illustrative"
//! when the data is synthetic, and the DMA self-assessment caveat wherever a DMA rank is given.
//! Deterministic: the same report gives the same words.

use super::{Highlight, IndicatorResult, Report};
use crate::dma;
use crate::model::{Polarity, Unit};
use crate::stats::wilson::Comparison;

use crate::format::quartile_words;
pub use crate::format::{format_change, format_value};

/// The headline DMA overall: the mean of the seven pillars in the report's headline care setting.
pub fn headline_overall(report: &Report) -> Option<&IndicatorResult> {
    let setting = report.dma_setting.as_deref()?;
    report
        .indicators
        .iter()
        .filter(|i| dma::is_overall_mean(&i.key) && dma::setting(&i.key) == Some(setting) && i.value.is_some())
        .max_by(|a, b| a.period.cmp(&b.period))
}

/// The messages for a report.
pub fn messages(report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(o) = headline_overall(report) {
        out.push(overall_message(o));
        out.extend(comparable_message(report, o));
        out.extend(pillars_message(report, o));
    }
    out.extend(survey_messages(report));
    out.extend(dspt_message(report));
    if out.is_empty() {
        out.push(format!(
            "No indicators with data for {} in the chosen period.",
            report.trust.name
        ));
    }
    out.truncate(7);
    out
}

/// "Illustrative data: " before a message about synthetic numbers.
fn tag(i: &IndicatorResult) -> &'static str {
    if i.illustrative { "Illustrative data: " } else { "" }
}

/// Message 1: the DMA overall (mean of the seven pillars) of the headline care setting: value,
/// rank against whom, quartile, peer median, a change only where comparable, and the caveat.
fn overall_message(o: &IndicatorResult) -> String {
    let mut s = format!(
        "{}{} {} in {}",
        tag(o),
        o.label,
        format_value(o.value.unwrap_or_default(), o.unit),
        o.period
    );
    if let (Some(rank), Some(peers_stats)) = (o.rank, o.peers) {
        s += &format!(": rank {rank} of {} against {}", o.n, o.compared_with);
        if let Some(q) = o.quartile {
            s += &format!(" ({})", quartile_words(q));
        }
        s += &format!("; peer median {}", format_value(peers_stats.median, o.unit));
    }
    // A change is told only when both years are real (or both illustrative).
    if let Some(c) = o
        .change
        .as_ref()
        .filter(|c| c.comparable && c.illustrative == o.illustrative)
        && let Some(d) = c.trust
    {
        s += &format!("; {} since {}", format_change(d, o.unit), c.previous_period);
    }
    s += ". DMA scores are self-assessed: a guide to progress, not a league table.";
    s
}

/// Message 1b: the only published year-on-year change: NHS England's comparable overall.
fn comparable_message(report: &Report, o: &IndicatorResult) -> Option<String> {
    let c = report.indicators.iter().find(|i| {
        dma::setting(&i.key) == dma::setting(&o.key) && dma::comparable_years(&i.key).is_some() && i.value.is_some()
    })?;
    let change = c.change.as_ref().filter(|ch| ch.comparable)?;
    let d = change.trust?;
    let mut s = format!(
        "{}NHS England's overall score on the domains comparable between years: {} in {}, {} since {}",
        tag(c),
        format_value(c.value.unwrap_or_default(), c.unit),
        c.period,
        format_change(d, c.unit),
        change.previous_period
    );
    if let Some(m) = change.peer_median {
        s += &format!(" (peer median {})", format_change(m, c.unit));
    }
    s += ".";
    Some(s)
}

/// Message 2: the strongest and weakest pillar against peers, in the same setting and period.
fn pillars_message(report: &Report, o: &IndicatorResult) -> Option<String> {
    let setting = dma::setting(&o.key).unwrap_or_default();
    let pillars: Vec<&IndicatorResult> = report
        .indicators
        .iter()
        .filter(|i| dma::pillar_setting(&i.key) == Some(setting) && i.period == o.period && i.gap_to_median.is_some())
        .collect();
    let by_gap = |a: &&&IndicatorResult, b: &&&IndicatorResult| {
        a.gap_to_median
            .unwrap_or_default()
            .total_cmp(&b.gap_to_median.unwrap_or_default())
            .then_with(|| b.key.cmp(&a.key))
    };
    if pillars.len() < 2 {
        return None;
    }
    let (best, worst) = (pillars.iter().max_by(by_gap)?, pillars.iter().min_by(by_gap)?);
    let describe = |i: &IndicatorResult| {
        format!(
            "{} ({} against a peer median of {})",
            i.label,
            format_value(i.value.unwrap_or_default(), i.unit),
            format_value(i.peers.map(|p| p.median).unwrap_or_default(), i.unit)
        )
    };
    Some(format!(
        "{}Strongest pillar against peers: {}; weakest: {}.",
        tag(best),
        describe(best),
        describe(worst)
    ))
}

/// Message 3: staff survey items that differ from peers at 95% confidence (the two largest
/// gaps), and how many were tested.
fn survey_messages(report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    let mut tested: Vec<&IndicatorResult> = report
        .indicators
        .iter()
        .filter(|i| {
            matches!(i.label_vs_peers, Some(Comparison::Better | Comparison::Worse))
                && i.polarity != Polarity::NoJudgement
        })
        .collect();
    let similar = report
        .indicators
        .iter()
        .filter(|i| i.label_vs_peers == Some(Comparison::Similar) && i.polarity != Polarity::NoJudgement)
        .count();
    tested.sort_by(|a, b| {
        b.gap_to_median
            .unwrap_or_default()
            .abs()
            .total_cmp(&a.gap_to_median.unwrap_or_default().abs())
            .then_with(|| a.key.cmp(&b.key))
    });
    for i in tested.iter().take(2) {
        let label = i.label_vs_peers.map(Comparison::words).unwrap_or("similar to");
        out.push(format!(
            "{}{}: {} in {}, {label} the peer median of {} (95% confidence).",
            tag(i),
            i.label,
            format_value(i.value.unwrap_or_default(), i.unit),
            i.period,
            format_value(i.peers.map(|p| p.median).unwrap_or_default(), i.unit)
        ));
    }
    if tested.is_empty() && similar > 0 {
        out.push(format!(
            "All {similar} survey measures tested are similar to the peer median at 95% confidence."
        ));
    } else if similar > 0 {
        out.push(format!(
            "{} survey measures differ from the peer median at 95% confidence; {similar} are similar.",
            tested.len()
        ));
    }
    out
}

/// Message 4: data security, the latest DSPT status, and how many peers share it.
fn dspt_message(report: &Report) -> Option<String> {
    let d = report
        .indicators
        .iter()
        .filter(|i| i.key == "dspt.status")
        .max_by(|a, b| a.period.cmp(&b.period))?;
    let c = d.categories.as_ref()?;
    let status = c.status.as_ref()?;
    let same = c.peer_distribution.get(status).copied().unwrap_or(0);
    let total: usize = c.peer_distribution.values().sum();
    Some(format!(
        "{}Data Security and Protection Toolkit {}: {status}, as for {same} of {total} peers with a published status.",
        tag(d),
        d.period
    ))
}

/// How many strengths and how many gaps a report lists.
pub const HIGHLIGHTS: usize = 3;

/// The top strengths and the top gaps, for the board pack's "strengths and gaps".
///
/// A measure counts only when the trust stands *clearly* apart, and only on measures that are
/// comparable between trusts of different sizes (scores and rates, not counts or money):
/// - a rate with a base (staff survey): better or worse than the peer median at 95% confidence
///   (the Wilson interval wholly above or below it);
/// - a DMA pillar score (no base, self-assessed): in the top or the bottom quartile of peers.
///
/// Measures with no judgement of better or worse, and the DMA overall score (already the
/// headline), are left out. Each list is ordered by the distance from the peer median in peer
/// interquartile ranges (so scores and percentages compare fairly), furthest first, at most
/// [`HIGHLIGHTS`] long. An empty list means nothing stands out; the front ends say so.
pub fn strengths_and_gaps(report: &Report) -> (Vec<Highlight>, Vec<Highlight>) {
    let mut strengths = Vec::new();
    let mut gaps = Vec::new();
    for i in &report.indicators {
        let comparable = matches!(i.unit, Unit::Score | Unit::Percent);
        let is_overall = dma::is_overall_mean(&i.key) || dma::comparable_years(&i.key).is_some();
        let (Some(value), Some(stats), Some(gap)) = (i.value, i.peers, i.gap_to_median) else {
            continue;
        };
        let (Some(q1), Some(q3)) = (stats.q1, stats.q3) else {
            continue;
        };
        if !comparable || is_overall || i.polarity == Polarity::NoJudgement {
            continue;
        }
        let ahead = if i.polarity == Polarity::LowerIsBetter {
            -gap
        } else {
            gap
        };
        // Distance from the median in interquartile ranges; a zero IQR makes any gap decisive.
        let distance = ahead / (q3 - q1).max(f64::EPSILON);
        let tag = if i.illustrative { "Illustrative data: " } else { "" };
        let value = format_value(value, i.unit);
        let median = format_value(stats.median, i.unit);
        let (strong, text) = match (i.label_vs_peers, i.quartile) {
            (Some(c @ (Comparison::Better | Comparison::Worse)), _) => (
                c == Comparison::Better,
                format!(
                    "{tag}{}: {value} in {}, {} the peer median of {median} (95% confidence).",
                    i.label,
                    i.period,
                    c.words()
                ),
            ),
            (None, Some(q @ (1 | 4))) if let Some(setting) = dma::pillar_setting(&i.key) => (
                q == 1,
                format!(
                    "{tag}{} (DMA pillar{}): {value} in {}, in the {} against {}; peer median {median}.",
                    i.label,
                    if report.dma_setting.as_deref() == Some(setting) {
                        String::new()
                    } else {
                        format!(", {}", dma::setting_words(setting))
                    },
                    i.period,
                    quartile_words(q),
                    i.compared_with
                ),
            ),
            _ => continue,
        };
        let h = Highlight {
            key: i.key.clone(),
            label: i.label.clone(),
            period: i.period.clone(),
            text,
            illustrative: i.illustrative,
        };
        if strong {
            strengths.push((distance, h))
        } else {
            gaps.push((-distance, h))
        }
    }
    let top = |mut v: Vec<(f64, Highlight)>| {
        v.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.key.cmp(&b.1.key)));
        v.into_iter().take(HIGHLIGHTS).map(|(_, h)| h).collect()
    };
    (top(strengths), top(gaps))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_as_board_papers_write_them() {
        assert_eq!(format_value(2.456, Unit::Score), "2.46");
        assert_eq!(format_value(31.25, Unit::Percent), "31.2%");
        assert_eq!(format_value(1234567.0, Unit::Pounds), "£1,234,567");
        assert_eq!(format_value(999.0, Unit::Count), "999");
        assert_eq!(format_change(0.3, Unit::Score), "up 0.30");
        assert_eq!(format_change(-2.14, Unit::Percent), "down 2.1 percentage points");
        assert_eq!(format_change(0.001, Unit::Score), "unchanged");
    }
}
