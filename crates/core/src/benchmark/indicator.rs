//! One indicator's result, in named steps: the slice of data it is about (the trust's period,
//! its peers' values), then its position among peers, the change since the last period, the
//! survey intervals and verdict, categories, the trend, the funnel, SPC and where the numbers
//! come from. Each step reads the slice and nothing else.

use super::snapshot::{IndicatorData, ObsRow, Snapshot};
use super::{
    CategoryResult, Change, Ci, FunnelData, HistoryPoint, IndicatorResult, IndicatorText, PeerStats, PeerValue,
};
use crate::dma;
use crate::model::{IndicatorDef, Polarity, Provenance, Unit};
use crate::stats::{funnel, quantile, rank, spc, wilson};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// What one indicator's result is computed from.
struct Slice<'a> {
    snapshot: &'a Snapshot,
    data: &'a IndicatorData,
    def: &'a IndicatorDef,
    trust: &'a str,
    peers: &'a HashSet<&'a str>,
    /// The period reported: the one asked for, else the trust's latest.
    period: &'a str,
    own: &'a ObsRow,
    others: Vec<&'a ObsRow>,
    /// The peers' values in the period.
    peer_values: Vec<f64>,
    /// Their summary (median, quartiles, range), when any has a value.
    stats: Option<PeerStats>,
}

/// The result of one indicator for the trust against `peers`, at `period` or the trust's
/// latest; `None` when the trust has no observation of it.
pub(super) fn result(
    snapshot: &Snapshot,
    data: &IndicatorData,
    trust: &str,
    peers: &HashSet<&str>,
    period: Option<&str>,
    spc_settings: &spc::Settings,
) -> Option<IndicatorResult> {
    let s = slice(snapshot, data, trust, peers, period)?;
    let mut notes = Vec::new();
    let position = position(&s, &mut notes);
    let (ci95, ci998) = intervals(&s, &mut notes);
    let (funnel, standing) = funnel_of(&s, &mut notes);
    let history = history(&s);
    let spc = spc_of(&history, s.def.polarity, spc_settings, &mut notes);
    let (provenance, illustrative) = provenance(&s);
    Some(IndicatorResult {
        key: s.def.key.clone(),
        label: s.def.label.clone(),
        group: s.def.group.clone(),
        unit: s.def.unit,
        polarity: s.def.polarity,
        period: s.period.to_string(),
        value: s.own.value,
        missing: s.own.missing.clone(),
        base: s.own.base,
        compared_with: String::new(),
        n: position.n,
        rank: position.rank,
        percentile: position.percentile,
        quartile: position.quartile,
        peers: s.stats,
        gap_to_median: position.gap_to_median,
        gap_to_upper_quartile: position.gap_to_upper_quartile,
        change: change(&s),
        ci95,
        ci998,
        label_vs_peers: standing.map(|v| v.at95),
        label_vs_peers_998: standing.map(|v| v.at998),
        target: standing.and(funnel.as_ref().map(|f| f.target)),
        standing: standing.map(|v| v.z),
        categories: categories(&s),
        peer_values: peer_values(&s),
        history,
        funnel,
        spc,
        derived: s.own.derived.then(|| dma::MEAN_OF_PILLARS.to_string()),
        caveat: dma::is_dma(&s.def.key).then(|| dma::SELF_ASSESSMENT_CAVEAT.to_string()),
        notes,
        provenance,
        illustrative,
        england: None,
        icb: None,
        text: IndicatorText::default(),
    })
}

/// Rows of one period, split into the trust's and the peers'.
fn split<'a>(
    rows: &'a [ObsRow],
    period: &str,
    trust: &str,
    peers: &HashSet<&str>,
) -> (Option<&'a ObsRow>, Vec<&'a ObsRow>) {
    let mut own = None;
    let mut others = Vec::new();
    for r in rows.iter().filter(|r| &*r.period == period) {
        if &*r.code == trust {
            own = Some(r);
        } else if peers.contains(&*r.code) {
            others.push(r);
        }
    }
    (own, others)
}

fn slice<'a>(
    snapshot: &'a Snapshot,
    data: &'a IndicatorData,
    trust: &'a str,
    peers: &'a HashSet<&'a str>,
    period: Option<&str>,
) -> Option<Slice<'a>> {
    // Periods in which the trust has an observation (value, category or a missing marker).
    let trust_periods: BTreeSet<&str> = data
        .rows
        .iter()
        .filter(|r| &*r.code == trust)
        .map(|r| &*r.period)
        .collect();
    let period = match period {
        Some(p) => trust_periods.get(p).copied()?,
        None => *trust_periods.iter().next_back()?,
    };
    let (own, others) = split(&data.rows, period, trust, peers);
    let peer_values: Vec<f64> = others.iter().filter_map(|r| r.value).collect();
    Some(Slice {
        snapshot,
        data,
        def: &data.def,
        trust,
        peers,
        period,
        own: own?,
        stats: quantile::summary(&peer_values),
        others,
        peer_values,
    })
}

/// Where the trust stands: rank and percentile among the trust and its peers, quartile of the
/// peers, and the gaps to the median and to the better quartile boundary.
struct Position {
    n: usize,
    rank: Option<usize>,
    percentile: Option<f64>,
    quartile: Option<u8>,
    gap_to_median: Option<f64>,
    gap_to_upper_quartile: Option<f64>,
}

fn position(s: &Slice<'_>, notes: &mut Vec<String>) -> Position {
    let polarity = s.def.polarity;
    let value = s.own.value;
    let mut all = s.peer_values.clone();
    all.extend(value);
    let gaps = |v: f64| {
        let best_boundary = s.stats.and_then(|st| {
            if polarity == Polarity::LowerIsBetter {
                st.q1
            } else {
                st.q3
            }
        });
        (
            s.stats.map(|st| v - st.median),
            best_boundary
                .filter(|_| polarity != Polarity::NoJudgement)
                .map(|b| v - b),
        )
    };
    let unranked = |gap_to_median, gap_to_upper_quartile| Position {
        n: all.len(),
        rank: None,
        percentile: None,
        quartile: None,
        gap_to_median,
        gap_to_upper_quartile,
    };
    let Some(v) = value else {
        return unranked(None, None);
    };
    let (gap_to_median, gap_to_upper_quartile) = gaps(v);
    if s.def.unit == Unit::Category {
        return unranked(gap_to_median, gap_to_upper_quartile);
    }
    // No judgement without a direction: a demographic share or a count that follows a trust's
    // size is context, never ranked.
    if polarity == Polarity::NoJudgement {
        return unranked(gap_to_median, None);
    }
    if !s.peer_values.is_empty() && all.iter().all(|x| *x == v) {
        notes.push(format!(
            "the trust and all {} peers have the same value: no rank, percentile or quartile",
            s.peer_values.len()
        ));
        return unranked(gap_to_median, gap_to_upper_quartile);
    }
    let rank = rank::rank(v, &all, polarity);
    let percentile = rank::percentile_rank(v, &all, polarity);
    let quartile = if s.peer_values.len() < quantile::MIN_FOR_QUARTILES {
        notes.push(format!(
            "only {} peers have a value: no quartile (one needs {} or more)",
            s.peer_values.len(),
            quantile::MIN_FOR_QUARTILES
        ));
        None
    } else {
        percentile.map(rank::quartile_of_percentile)
    };
    Position {
        n: all.len(),
        rank,
        percentile,
        quartile,
        gap_to_median,
        gap_to_upper_quartile,
    }
}

/// True when any of these datasets is marked synthetic.
fn synthetic(snapshot: &Snapshot, ids: &BTreeSet<i64>) -> bool {
    ids.iter()
        .any(|id| snapshot.datasets.get(id).is_some_and(|p| p.synthetic))
}

fn provenance_of(snapshot: &Snapshot, ids: &BTreeSet<i64>) -> Vec<Provenance> {
    ids.iter().filter_map(|id| snapshot.datasets.get(id).cloned()).collect()
}

/// The datasets behind the trust's and peers' values in the period reported (the change
/// carries its own), and whether any is illustrative.
fn provenance(s: &Slice<'_>) -> (Vec<Provenance>, bool) {
    let mut datasets: BTreeSet<i64> = s.others.iter().map(|r| r.dataset).collect();
    datasets.insert(s.own.dataset);
    (provenance_of(s.snapshot, &datasets), synthetic(s.snapshot, &datasets))
}

/// The change since the previous period in which the trust has a value; `comparable` only
/// where NHS England publishes the two periods as comparable (`dma::comparable`).
fn change(s: &Slice<'_>) -> Option<Change> {
    let v = s.own.value?;
    let (prev_period, prev) = s
        .data
        .rows
        .iter()
        .filter(|r| &*r.code == s.trust && &*r.period < s.period && r.value.is_some())
        .map(|r| (&*r.period, r))
        .next_back()?;
    let (_, prev_others) = split(&s.data.rows, prev_period, s.trust, s.peers);
    let mut previous_sets: BTreeSet<i64> = prev_others.iter().map(|r| r.dataset).collect();
    previous_sets.insert(prev.dataset);
    let prev_median =
        quantile::summary(&prev_others.iter().filter_map(|r| r.value).collect::<Vec<_>>()).map(|st| st.median);
    let comparable = dma::comparable(&s.def.key, prev_period, s.period);
    Some(Change {
        previous_period: prev_period.to_string(),
        trust: prev.value.map(|p| v - p),
        peer_median: s.stats.map(|st| st.median).zip(prev_median).map(|(a, b)| a - b),
        comparable,
        note: (!comparable).then(|| dma::QUESTION_SET_CAVEAT.to_string()),
        illustrative: synthetic(s.snapshot, &previous_sets),
        provenance: provenance_of(s.snapshot, &previous_sets),
    })
}

/// Wilson intervals (95% and 99.8%) of a rate with a base: the trust's own uncertainty. A base
/// under [`wilson::MIN_BASE`] gets none.
fn intervals(s: &Slice<'_>, notes: &mut Vec<String>) -> (Option<Ci>, Option<Ci>) {
    let (Some(v), Some(base)) = (s.own.value, s.own.base) else {
        return (None, None);
    };
    if s.def.unit != Unit::Percent {
        return (None, None);
    }
    if base < wilson::MIN_BASE {
        notes.push(format!(
            "base of {base} is under {}: no interval, not tested",
            wilson::MIN_BASE
        ));
        return (None, None);
    }
    let x = s.own.numerator.unwrap_or(v * base / 100.0);
    let to_ci = |i: wilson::Interval| Ci {
        lower: i.lower * 100.0,
        upper: i.upper * 100.0,
    };
    (
        wilson::interval(x, base, wilson::Z95).map(to_ci),
        wilson::interval(x, base, wilson::Z998).map(to_ci),
    )
}

/// A category's status (DSPT) and how many peers have each.
fn categories(s: &Slice<'_>) -> Option<CategoryResult> {
    (s.def.unit == Unit::Category).then(|| {
        let mut distribution = BTreeMap::new();
        for r in &s.others {
            if let Some(c) = &r.category {
                *distribution.entry(c.clone()).or_insert(0) += 1;
            }
        }
        CategoryResult {
            status: s.own.category.clone(),
            peer_distribution: distribution,
        }
    })
}

/// Each peer's value, highest first (ties by code): ranked bars, strips, funnels.
fn peer_values(s: &Slice<'_>) -> Vec<PeerValue> {
    let mut out: Vec<PeerValue> = s
        .others
        .iter()
        .filter_map(|r| {
            r.value.map(|value| PeerValue {
                ods_code: r.code.to_string(),
                value,
                base: r.base,
            })
        })
        .collect();
    out.sort_by(|a, b| b.value.total_cmp(&a.value).then_with(|| a.ods_code.cmp(&b.ods_code)));
    out
}

/// The trend: every period the trust or its peers have, with the peers' median and middle half.
fn history(s: &Slice<'_>) -> Vec<HistoryPoint> {
    let periods: BTreeSet<&str> = s
        .data
        .rows
        .iter()
        .filter(|r| &*r.code == s.trust || s.peers.contains(&*r.code))
        .map(|r| &*r.period)
        .collect();
    periods
        .into_iter()
        .map(|p| {
            let (o, ps) = split(&s.data.rows, p, s.trust, s.peers);
            let st = quantile::summary(&ps.iter().filter_map(|r| r.value).collect::<Vec<_>>());
            HistoryPoint {
                period: p.to_string(),
                value: o.and_then(|r| r.value),
                category: o.and_then(|r| r.category.clone()),
                peers_n: st.map_or(0, |st| st.n),
                peer_median: st.map(|st| st.median),
                peer_q1: st.and_then(|st| st.q1),
                peer_q3: st.and_then(|st| st.q3),
            }
        })
        .collect()
}

/// The events of a rate with a base: the published numerator, else value × base (survey
/// percentages are weighted, so this is the weighted share of the respondents).
fn events(r: &ObsRow) -> Option<funnel::Point> {
    Some(funnel::Point {
        x: r.numerator.or(r.value.zip(r.base).map(|(v, b)| v * b / 100.0))?,
        n: r.base?,
    })
}

/// The funnel of a rate with a base: the trust and its peers against limits that allow for the
/// spread between organisations (Spiegelhalter with DerSimonian–Laird τ²), and the trust's
/// verdict on it — given only with a direction, a base of [`wilson::MIN_BASE`] or more and
/// [`funnel::MIN_PEERS`] or more peers with a base.
fn funnel_of(s: &Slice<'_>, notes: &mut Vec<String>) -> (Option<FunnelData>, Option<funnel::Standing>) {
    if s.def.unit != Unit::Percent || s.own.base.is_none() {
        return (None, None);
    }
    let peers: Vec<funnel::Point> = s.others.iter().filter_map(|r| events(r)).collect();
    let own = events(s.own);
    let points: Vec<funnel::Point> = own.into_iter().chain(peers.iter().copied()).collect();
    let Some(fit) = funnel::fit(&points) else {
        return (None, None);
    };
    let (min_n, max_n) = points
        .iter()
        .fold((f64::MAX, 0.0f64), |(a, b), p| (a.min(p.n), b.max(p.n)));
    let limits = fit
        .curve(min_n, max_n, 80)
        .into_iter()
        .map(|l| funnel::Limits {
            n: l.n,
            lower95: l.lower95 * 100.0,
            upper95: l.upper95 * 100.0,
            lower998: l.lower998 * 100.0,
            upper998: l.upper998 * 100.0,
        })
        .collect();
    let standing = match own {
        Some(_) if s.def.polarity == Polarity::NoJudgement => None,
        Some(p) if p.n < wilson::MIN_BASE => None,
        Some(_) if peers.len() < funnel::MIN_PEERS => {
            notes.push(format!(
                "only {} peers have a base: no verdict against peers (one needs {} or more)",
                peers.len(),
                funnel::MIN_PEERS
            ));
            None
        }
        Some(p) => funnel::verdict(&fit, p.x, p.n, s.def.polarity),
        None => None,
    };
    let data = FunnelData {
        target: fit.target * 100.0,
        tau2: fit.tau2,
        phi: fit.phi,
        limits,
    };
    (Some(data), standing)
}

/// XmR statistical process control of the trust's series, gaps included (a period missing
/// between its first and last value is a gap, never closed up); `None` with a note when it
/// cannot be drawn (fewer than [`spc::MIN_POINTS`] values needs no note: most measures are yearly).
fn spc_of(
    history: &[HistoryPoint],
    polarity: Polarity,
    settings: &spc::Settings,
    notes: &mut Vec<String>,
) -> Option<spc::Xmr> {
    let first = history.iter().position(|h| h.value.is_some())?;
    let last = history.iter().rposition(|h| h.value.is_some())?;
    let observed: Vec<(String, Option<f64>)> = history[first..=last]
        .iter()
        .map(|h| (h.period.clone(), h.value))
        .collect();
    let series = crate::period::with_gaps(&observed);
    match spc::xmr(&series, polarity, settings) {
        Ok(x) => Some(x),
        Err(spc::NoSpc::TooShort(_)) => None,
        Err(e) => {
            notes.push(e.to_string());
            None
        }
    }
}
