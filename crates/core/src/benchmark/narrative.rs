//! Key messages: three to seven plain-English sentences for a board member, made from the
//! report's numbers and never more confident than they are — "similar" within the funnel's
//! limits, "better" or "worse" only outside them with the confidence level and what is compared
//! with named, "illustrative"
//! when the data is synthetic, and the DMA self-assessment caveat wherever a DMA rank is given.
//! Deterministic: the same report gives the same words.

use super::{Highlight, IndicatorResult, Report};
use crate::dma;
use crate::model::{Polarity, Unit};
use crate::stats::funnel::Comparison;

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
    } else if report.dma_missing {
        // Regression: a trust absent from NHS England's DMA results (Avon and Wiltshire Mental
        // Health Partnership) got a paper titled "Digital maturity against peers" that never
        // said it had no DMA scores.
        out.push(format!(
            "No Digital Maturity Assessment scores for {} are in the published data Boardlens holds, so its digital maturity is not compared with its peers here.",
            report.trust.name
        ));
    }
    out.extend(survey_messages(report));
    out.extend(dspt_message(report));
    if out.is_empty() {
        out.push(nothing_judged_message(report));
    }
    out.truncate(7);
    out
}

/// When no message could be made: either nothing has data, or what has data has no better
/// direction (a user's imported measures, context measures) and is shown, never judged.
fn nothing_judged_message(report: &Report) -> String {
    let with_data = report.indicators.iter().filter(|i| i.value.is_some()).count();
    let name = &report.trust.name;
    match with_data {
        0 => format!("No indicators with data for {name} in the chosen period."),
        n => format!(
            "{n} {} with data for {name}, none with a stated better direction: {} shown beside the peers, not judged better or worse.",
            if n == 1 { "measure" } else { "measures" },
            if n == 1 { "it is" } else { "each is" },
        ),
    }
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

/// The one ranking behind the strongest and weakest pillar, the strengths and the gaps: the
/// percentile rank, then the distance from the peers in standard units (the funnel's z for a
/// rate with a base, else the gap to the median in peer interquartile ranges), then the key.
/// `None` for a measure that is not ranked (no direction, too few peers, all equal).
fn ranking(i: &IndicatorResult) -> Option<(f64, f64)> {
    let percentile = i.percentile?;
    let distance = i.standing.unwrap_or_else(|| {
        let ahead = match i.polarity {
            Polarity::LowerIsBetter => -i.gap_to_median.unwrap_or_default(),
            _ => i.gap_to_median.unwrap_or_default(),
        };
        let iqr = i.peers.and_then(|p| Some(p.q3? - p.q1?)).unwrap_or_default();
        if iqr > 0.0 { ahead / iqr } else { 0.0 }
    });
    Some((percentile, distance))
}

/// Order by the one ranking (percentile, then distance from the peers, then key), best first:
/// the order of the strongest pillar, the strengths and (reversed) the gaps.
pub fn best_first(a: &IndicatorResult, b: &IndicatorResult) -> std::cmp::Ordering {
    let (ra, rb) = (ranking(a).unwrap_or_default(), ranking(b).unwrap_or_default());
    rb.0.total_cmp(&ra.0)
        .then_with(|| rb.1.total_cmp(&ra.1))
        .then_with(|| a.key.cmp(&b.key))
}

/// Message 2: the strongest and weakest pillar against peers, in the same setting and period,
/// by the one ranking; a trust behind (or ahead of) the peer median on every pillar is told so.
fn pillars_message(report: &Report, o: &IndicatorResult) -> Option<String> {
    let setting = dma::setting(&o.key).unwrap_or_default();
    let mut pillars: Vec<&IndicatorResult> = report
        .indicators
        .iter()
        .filter(|i| dma::pillar_setting(&i.key) == Some(setting) && i.period == o.period && ranking(i).is_some())
        .collect();
    if pillars.len() < 2 {
        return None;
    }
    pillars.sort_by(|a, b| best_first(a, b));
    let (best, worst) = (pillars[0], pillars[pillars.len() - 1]);
    let describe = |i: &IndicatorResult| {
        format!(
            "{} ({} against a peer median of {})",
            i.label,
            format_value(i.value.unwrap_or_default(), i.unit),
            format_value(i.peers.map(|p| p.median).unwrap_or_default(), i.unit)
        )
    };
    let gap = |i: &&IndicatorResult| i.gap_to_median.unwrap_or_default();
    let n = pillars.len();
    Some(if pillars.iter().all(|i| gap(i) < 0.0) {
        format!(
            "{}Below the peer median on all {n} pillars; closest to it: {}; furthest below: {}.",
            tag(best),
            describe(best),
            describe(worst)
        )
    } else if pillars.iter().all(|i| gap(i) > 0.0) {
        format!(
            "{}Above the peer median on all {n} pillars; furthest above: {}; least far above: {}.",
            tag(best),
            describe(best),
            describe(worst)
        )
    } else {
        format!(
            "{}Strongest pillar against peers: {}; weakest: {}.",
            tag(best),
            describe(best),
            describe(worst)
        )
    })
}

/// "1 survey measure differs", "3 survey measures differ".
fn measures(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 survey measure {one}")
    } else {
        format!("{n} survey measures {many}")
    }
}

/// Message 3: survey measures outside the funnel's 95% limits (the two furthest out), and how
/// many were judged.
fn survey_messages(report: &Report) -> Vec<String> {
    let many = report.subject().many;
    let mut out = Vec::new();
    let mut judged: Vec<&IndicatorResult> = report
        .indicators
        .iter()
        .filter(|i| matches!(i.label_vs_peers, Some(Comparison::Better | Comparison::Worse)))
        .collect();
    let similar = report
        .indicators
        .iter()
        .filter(|i| i.label_vs_peers == Some(Comparison::Similar))
        .count();
    judged.sort_by(|a, b| {
        b.standing
            .unwrap_or_default()
            .abs()
            .total_cmp(&a.standing.unwrap_or_default().abs())
            .then_with(|| a.key.cmp(&b.key))
    });
    for i in judged.iter().take(2) {
        let label = i.label_vs_peers.map_or("similar to", Comparison::words);
        out.push(format!(
            "{}{}: {} in {}, {label} the average of {} ({}) at 95% confidence, allowing for the spread between {many}.",
            tag(i),
            i.label,
            format_value(i.value.unwrap_or_default(), i.unit),
            i.period,
            i.compared_with,
            format_value(i.target.unwrap_or_default(), i.unit)
        ));
    }
    if judged.is_empty() && similar > 0 {
        out.push(if similar == 1 {
            "The 1 survey measure judged is similar to the peer average at 95% confidence.".to_string()
        } else {
            format!("All {similar} survey measures judged are similar to the peer average at 95% confidence.")
        });
    } else if !judged.is_empty() {
        out.push(format!(
            "{} from the peer average at 95% confidence; {} similar.",
            measures(judged.len(), "differs", "differ"),
            if similar == 1 {
                "1 is".to_string()
            } else {
                format!("{similar} are")
            }
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

/// What an empty strengths list says, on every front end.
pub const NO_STRENGTHS: &str = "No measure is clearly ahead of the peers.";
/// What an empty gaps list says.
pub const NO_GAPS: &str = "No measure is clearly behind the peers.";

/// How many strengths and how many gaps a report lists.
pub const HIGHLIGHTS: usize = 3;

/// The top strengths and the top gaps, for the board pack's "strengths and gaps".
///
/// A measure counts only when the trust stands *clearly* apart, and only on measures that are
/// comparable between trusts of different sizes (scores and rates, not counts or money):
/// - a rate with a base (staff survey): better or worse on the funnel (outside its 95% limits at
///   the trust's base, the verdict every output shows);
/// - a DMA pillar score (no base, self-assessed): in the top or the bottom quartile.
///
/// Measures with no better direction, and the DMA overall score (already the headline), are
/// left out; so is anything unranked (too few peers, the trust equal to all of them). Both lists
/// follow the one ranking that names the strongest and weakest pillar ([`ranking`]): strengths
/// best first, gaps worst first, at most [`HIGHLIGHTS`] each. An empty list means nothing
/// stands out; the front ends say so.
pub fn strengths_and_gaps(report: &Report) -> (Vec<Highlight>, Vec<Highlight>) {
    let mut strengths: Vec<(&IndicatorResult, Highlight)> = Vec::new();
    let mut gaps: Vec<(&IndicatorResult, Highlight)> = Vec::new();
    for i in &report.indicators {
        let comparable = matches!(i.unit, Unit::Score | Unit::Percent);
        let is_overall = dma::is_overall_mean(&i.key) || dma::comparable_years(&i.key).is_some();
        let (Some(value), Some(stats)) = (i.value, i.peers) else {
            continue;
        };
        if !comparable || is_overall || i.polarity == Polarity::NoJudgement || ranking(i).is_none() {
            continue;
        }
        let tag = if i.illustrative { "Illustrative data: " } else { "" };
        let value = format_value(value, i.unit);
        let median = format_value(stats.median, i.unit);
        let (strong, text) = match (i.label_vs_peers, i.quartile) {
            (Some(c @ (Comparison::Better | Comparison::Worse)), _) => (
                c == Comparison::Better,
                format!(
                    "{tag}{}: {value} in {}, {} the average of {} ({}) at 95% confidence.",
                    i.label,
                    i.period,
                    c.words(),
                    i.compared_with,
                    format_value(i.target.unwrap_or_default(), i.unit)
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
            strengths.push((i, h))
        } else {
            gaps.push((i, h))
        }
    }
    strengths.sort_by(|a, b| best_first(a.0, b.0));
    gaps.sort_by(|a, b| best_first(b.0, a.0));
    let top = |v: Vec<(&IndicatorResult, Highlight)>| v.into_iter().take(HIGHLIGHTS).map(|(_, h)| h).collect();
    (top(strengths), top(gaps))
}

/// Who to learn from, for each of the report's gaps: of the organisations the trust is compared
/// with on that measure, those in the top quartile (at or beyond the peers' upper quartile, or
/// lower quartile where lower is better), most like the trust first by the nearest-neighbour
/// distance in `similar`; at most three each. Organisations without a distance come after,
/// best value first, and the basis says so. No gaps, or no quartiles: nothing.
pub fn learn_from(
    report: &Report,
    similar: &[(String, f64)],
    names: &std::collections::HashMap<String, String>,
) -> Vec<super::LearnFrom> {
    let distance: std::collections::HashMap<&str, f64> = similar.iter().map(|(c, d)| (c.as_str(), *d)).collect();
    let mut out = Vec::new();
    for gap in &report.gaps {
        let Some(i) = report
            .indicators
            .iter()
            .find(|i| i.key == gap.key && i.period == gap.period)
        else {
            continue;
        };
        let Some(stats) = i.peers else { continue };
        let (threshold, in_top): (Option<f64>, fn(f64, f64) -> bool) = match i.polarity {
            Polarity::HigherIsBetter => (stats.q3, |v, t| v >= t),
            Polarity::LowerIsBetter => (stats.q1, |v, t| v <= t),
            Polarity::NoJudgement => continue,
        };
        let Some(threshold) = threshold else { continue };
        let mut top: Vec<&super::PeerValue> = i
            .peer_values
            .iter()
            .filter(|p| p.ods_code != report.trust.ods_code && in_top(p.value, threshold))
            .collect();
        let better = |a: f64, b: f64| match i.polarity {
            Polarity::LowerIsBetter => a.total_cmp(&b),
            _ => b.total_cmp(&a),
        };
        top.sort_by(|a, b| {
            let (da, db) = (distance.get(a.ods_code.as_str()), distance.get(b.ods_code.as_str()));
            match (da, db) {
                (Some(x), Some(y)) => x.total_cmp(y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => better(a.value, b.value),
            }
            .then_with(|| a.ods_code.cmp(&b.ods_code))
        });
        let examples: Vec<super::Example> = top
            .into_iter()
            .take(HIGHLIGHTS)
            .map(|p| super::Example {
                ods_code: p.ods_code.clone(),
                name: names
                    .get(&p.ods_code)
                    .cloned()
                    .or_else(|| super::member_name(report, &p.ods_code).map(str::to_string))
                    .unwrap_or_else(|| p.ods_code.clone()),
                value: format_value(p.value, i.unit),
                distance: distance.get(p.ods_code.as_str()).copied(),
            })
            .collect();
        if examples.is_empty() {
            continue;
        }
        let basis = if examples.iter().all(|e| e.distance.is_some()) {
            format!(
                "In the top quartile of {}, and most like the trust on the nearest-neighbour measures (beds, floor area, staff surveyed, type, region).",
                i.compared_with
            )
        } else {
            format!(
                "In the top quartile of {}; likeness could not be measured for all of them, so those without are listed by their value.",
                i.compared_with
            )
        };
        // A pillar of another care setting says which (an ICB's "Well Led" and its primary
        // care's "Well Led" are two measures).
        let label = match dma::pillar_setting(&i.key) {
            Some(setting) if report.dma_setting.as_deref() != Some(setting) => {
                format!("{} ({})", i.label, dma::setting_words(setting))
            }
            _ => i.label.clone(),
        };
        out.push(super::LearnFrom {
            key: i.key.clone(),
            label,
            period: i.period.clone(),
            trust_value: i.text.value.clone(),
            threshold: format_value(threshold, i.unit),
            examples,
            basis,
        });
    }
    out
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
