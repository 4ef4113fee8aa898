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
) -> Option<IndicatorResult> {
    let s = slice(snapshot, data, trust, peers, period)?;
    let mut notes = Vec::new();
    let position = position(&s, &mut notes);
    let (ci95, ci998, label95, label998) = intervals(&s, &mut notes);
    let history = history(&s);
    let spc = spc_of(&history, s.def.polarity);
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
        label_vs_peers: label95,
        label_vs_peers_998: label998,
        categories: categories(&s),
        peer_values: peer_values(&s),
        history,
        funnel: funnel_of(&s),
        spc,
        derived: s.own.derived.then(|| dma::MEAN_OF_PILLARS.to_string()),
        caveat: dma::is_dma(&s.def.key).then(|| dma::SELF_ASSESSMENT_CAVEAT.to_string()),
        notes,
        provenance,
        illustrative,
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
    let (rank, percentile) = match value {
        Some(v) => (rank::rank(v, &all, polarity), rank::percentile_rank(v, &all, polarity)),
        None => (None, None),
    };
    let quartile = match (value, s.stats) {
        (
            Some(v),
            Some(PeerStats {
                q1: Some(q1),
                median,
                q3: Some(q3),
                ..
            }),
        ) => Some(rank::quartile(v, q1, median, q3, polarity)),
        _ => None,
    };
    if s.def.unit != Unit::Category && s.peer_values.len() < quantile::MIN_FOR_QUARTILES {
        notes.push(format!("only {} peers have a value: no quartiles", s.peer_values.len()));
    }
    let best_boundary = s.stats.and_then(|st| {
        if polarity == Polarity::LowerIsBetter {
            st.q1
        } else {
            st.q3
        }
    });
    Position {
        n: all.len(),
        rank,
        percentile,
        quartile,
        gap_to_median: value.zip(s.stats).map(|(v, st)| v - st.median),
        gap_to_upper_quartile: value.zip(best_boundary).map(|(v, b)| v - b),
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

type Intervals = (
    Option<Ci>,
    Option<Ci>,
    Option<wilson::Comparison>,
    Option<wilson::Comparison>,
);

/// Wilson intervals (95% and 99.8%) of a rate with a base, and its label against the peer
/// median; a base under [`wilson::MIN_BASE`] is not tested.
fn intervals(s: &Slice<'_>, notes: &mut Vec<String>) -> Intervals {
    let (Some(v), Some(base)) = (s.own.value, s.own.base) else {
        return (None, None, None, None);
    };
    if s.def.unit != Unit::Percent {
        return (None, None, None, None);
    }
    if base < wilson::MIN_BASE {
        notes.push(format!(
            "base of {base} is under {}: no interval, not tested",
            wilson::MIN_BASE
        ));
        return (None, None, None, None);
    }
    let x = s.own.numerator.unwrap_or(v * base / 100.0);
    let to_ci = |i: wilson::Interval| Ci {
        lower: i.lower * 100.0,
        upper: i.upper * 100.0,
    };
    let i95 = wilson::interval(x, base, wilson::Z95);
    let i998 = wilson::interval(x, base, wilson::Z998);
    let label = |i: Option<wilson::Interval>| {
        s.stats
            .and_then(|st| i.map(|i| wilson::compare(i, st.median / 100.0, s.def.polarity)))
    };
    (i95.map(to_ci), i998.map(to_ci), label(i95), label(i998))
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

/// The funnel of a rate with a base: the trust and its peers against limits that allow for the
/// spread between organisations (Spiegelhalter with DerSimonian–Laird τ²).
fn funnel_of(s: &Slice<'_>) -> Option<FunnelData> {
    if s.def.unit != Unit::Percent || s.own.base.is_none() {
        return None;
    }
    let points: Vec<funnel::Point> = std::iter::once(s.own)
        .chain(s.others.iter().copied())
        .filter_map(|r| {
            Some(funnel::Point {
                x: r.numerator.or(r.value.zip(r.base).map(|(v, b)| v * b / 100.0))?,
                n: r.base?,
            })
        })
        .collect();
    let fit = funnel::fit(&points)?;
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
    Some(FunnelData {
        target: fit.target * 100.0,
        tau2: fit.tau2,
        limits,
    })
}

/// XmR statistical process control, for a series of [`spc::MIN_POINTS`] or more of the trust's values.
fn spc_of(history: &[HistoryPoint], polarity: Polarity) -> Option<spc::Xmr> {
    let series: Vec<f64> = history.iter().filter_map(|h| h.value).collect();
    (series.len() >= spc::MIN_POINTS)
        .then(|| spc::xmr(&series, polarity, spc::Rules::default()))
        .flatten()
}
