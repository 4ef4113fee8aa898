//! The display text of each result — what the app's screens print, made by the one formatter
//! ([`crate::format`]) so the screen, the CLI and the board pack show the same digits. The UI
//! keeps only presentation; it formats no number itself.

use super::{IndicatorResult, Provider};
use crate::format::{
    DASH, comparison_words, format_change, format_gap, format_optional, format_rank, format_value, ordinal,
    quartile_words,
};
use crate::model::{Polarity, Unit};
use serde::Serialize;

/// One result's numbers as text, each exactly as the board paper prints it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IndicatorText {
    /// The trust's value (`3.42`, `61.3%`), else the reason it is missing, else a dash; a
    /// category's status (DSPT) where there is no number.
    pub value: String,
    /// `3rd of 40`, or a dash.
    pub rank: String,
    /// `top quartile` … `bottom quartile`, or empty.
    pub quartile: String,
    /// The peers' median, lower and upper quartile, lowest and highest (dashes where absent).
    pub median: String,
    /// The peers' lower quartile.
    pub q1: String,
    /// The peers' upper quartile.
    pub q3: String,
    /// The peers' lowest value.
    pub min: String,
    /// The peers' highest value.
    pub max: String,
    /// The gap to the peer median with its sign: `+0.30`, `−2.1 pts`.
    pub gap: String,
    /// `Better than peers`, `Similar to peers`, … or `Not tested`.
    pub versus: String,
    /// What the verdict compares with, the pooled rate of the trust and its peers (`33.4%`), or
    /// empty without a verdict.
    pub target: String,
    /// The trust's change since the previous period in words (`up 0.30 since 2024`), only where
    /// NHS England publishes the two years as comparable; else empty.
    pub change: String,
    /// The England median, or a dash.
    pub england: String,
    /// The median of the trust's ICB's providers of its kind, or a dash.
    pub icb: String,
    /// How the figure was calculated, in plain words from these same numbers.
    pub explain: Vec<String>,
    /// The methods by name, for a reader who checks them against a reference (Excel's
    /// PERCENTRANK.INC, the Wilson interval, Spiegelhalter's funnel): one click further than
    /// [`IndicatorText::explain`].
    pub method: Vec<String>,
    /// The one verdict on the measure: what a tile, the tables and the board paper all show.
    pub verdict: Verdict,
    /// How old the data is when that matters ("2022-23: 44 months old"), else empty: set for
    /// today's date by [`Report::date_ages`](super::Report::date_ages).
    pub age: String,
}

/// Good, bad or neither, as a shape, a word and a tone (never colour alone), as Making Data
/// Count and Fingertips show them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Verdict {
    /// `▲ Better`, `● Similar`, `▼ Worse`, `▲ Top quartile`, `● Met the standard`, `▼ Did not
    /// meet the standard`, `Context, not judged` or `Not compared`.
    pub words: String,
    /// How it reads.
    pub tone: Tone,
}

/// How a verdict reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// Better than peers, or meeting the standard.
    Better,
    /// Worse than peers, or not meeting it.
    Worse,
    /// Neither: similar, a middle quartile, meeting the standard.
    Neutral,
    /// No judgement: context, or not compared.
    #[default]
    None,
}

/// The verdict on a measure. A DSPT status meets the standard or not; a measure without a
/// better direction is context; a survey rate is better, similar or worse at the funnel's 95%
/// limits; a DMA score is its quartile among peers (self-assessed: a position, not a test);
/// else it is not compared.
pub fn verdict(i: &IndicatorResult) -> Verdict {
    let v = |words: String, tone| Verdict { words, tone };
    if let Some(status) = i.categories.as_ref().and_then(|c| c.status.as_deref()) {
        return if dspt_met(status) {
            v("● Met the standard".into(), Tone::Neutral)
        } else {
            v("▼ Did not meet the standard".into(), Tone::Worse)
        };
    }
    if i.polarity == Polarity::NoJudgement {
        return v("Context, not judged".into(), Tone::None);
    }
    if let Some(c) = i.label_vs_peers {
        return match c {
            crate::stats::funnel::Comparison::Better => v("▲ Better".into(), Tone::Better),
            crate::stats::funnel::Comparison::Worse => v("▼ Worse".into(), Tone::Worse),
            crate::stats::funnel::Comparison::Similar => v("● Similar".into(), Tone::Neutral),
        };
    }
    if let Some(q) = i.quartile {
        let words = quartile_words(q);
        let mut c = words.chars();
        let words = c
            .next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default();
        return match q {
            1 => v(format!("▲ {words}"), Tone::Better),
            4 => v(format!("▼ {words}"), Tone::Worse),
            _ => v(format!("● {words}"), Tone::Neutral),
        };
    }
    v("Not compared".into(), Tone::None)
}

/// Whether a DSPT status meets the standard (Standards Met or Exceeded).
pub fn dspt_met(status: &str) -> bool {
    let s = status.to_ascii_lowercase();
    (s.contains("met") && !s.contains("not met")) || s.contains("exceeded")
}

/// How old a period's data is at `date`, when it is older than
/// [`crate::period::STALE_AFTER_MONTHS`]: `2022-23: 44 months old`; else empty.
pub fn age_words(period: &str, date: &str) -> String {
    match crate::period::age_in_months(period, date) {
        Some(months) if crate::period::is_stale(period, date) => format!("{period} data: {months} months old"),
        _ => String::new(),
    }
}

/// What a measure with no better direction shows where others show a verdict.
pub const NO_DIRECTION: &str = "Context (no better direction)";

/// What the subject of a report is called in its explanations: a trust, or an ICB in the ICB
/// view (where "the trust's rate" would name the wrong organisation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    /// `trust`, `ICB`.
    pub one: &'static str,
    /// `Trust`, `ICB`: a column heading.
    pub heading: &'static str,
    /// `trusts`, `ICBs`.
    pub many: &'static str,
}

impl Subject {
    /// The words for a report on an organisation of this kind.
    pub fn of(kind: crate::model::OrgKind) -> Subject {
        match kind {
            crate::model::OrgKind::Icb => Subject {
                one: "ICB",
                heading: "ICB",
                many: "ICBs",
            },
            _ => Subject {
                one: "trust",
                heading: "Trust",
                many: "trusts",
            },
        }
    }
}

/// The display text of a result, its explanations naming the report's `subject`.
pub fn indicator_text(i: &IndicatorResult, subject: Subject) -> IndicatorText {
    let peer = |f: fn(&super::PeerStats) -> Option<f64>| {
        i.peers
            .as_ref()
            .and_then(f)
            .map_or_else(|| DASH.to_string(), |v| format_value(v, i.unit))
    };
    let value = match (&i.value, &i.categories) {
        (None, Some(c)) => c.status.clone().unwrap_or_else(|| DASH.to_string()),
        _ => format_optional(i.value, i.unit, i.missing.as_deref()),
    };
    let change = match &i.change {
        Some(c) if c.comparable => c
            .trust
            .map(|d| format!("{} since {}", format_change(d, i.unit), c.previous_period))
            .unwrap_or_default(),
        _ => String::new(),
    };
    IndicatorText {
        value,
        rank: format_rank(i.rank.map(|r| r as u32), i.n as u32),
        quartile: i.quartile.map(quartile_words).unwrap_or_default().to_string(),
        median: peer(|p| Some(p.median)),
        q1: peer(|p| p.q1),
        q3: peer(|p| p.q3),
        min: peer(|p| Some(p.min)),
        max: peer(|p| Some(p.max)),
        gap: i
            .gap_to_median
            .map_or_else(|| DASH.to_string(), |g| format_gap(g, i.unit)),
        versus: if i.polarity == Polarity::NoJudgement {
            NO_DIRECTION.to_string()
        } else {
            comparison_words(i.label_vs_peers).to_string()
        },
        target: i
            .target
            .filter(|_| i.label_vs_peers.is_some())
            .map(|t| format_value(t, i.unit))
            .unwrap_or_default(),
        change,
        england: i
            .england
            .map_or_else(|| DASH.to_string(), |r| format_value(r.median, i.unit)),
        icb: i
            .icb
            .map_or_else(|| DASH.to_string(), |r| format_value(r.median, i.unit)),
        explain: explain(i, subject),
        method: method(i, subject),
        verdict: verdict(i),
        age: String::new(),
    }
}

/// A provider's pillar scores and mean as text, in the order of the report's pillars.
pub fn provider_text(p: &Provider) -> Vec<String> {
    p.pillars
        .iter()
        .chain(std::iter::once(&p.overall))
        .map(|v| format_optional(*v, Unit::Score, None))
        .collect()
}

/// The methods behind a figure, by name, each matched to a published reference on its own test
/// vectors (the `stats` modules, ARCHITECTURE.md's code map).
pub fn method(i: &IndicatorResult, subject: Subject) -> Vec<String> {
    let Subject { one, many, .. } = subject;
    let mut out = Vec::new();
    if i.rank.is_some() {
        out.push("Rank: competition ranking (1, 2, 2, 4), ties sharing the better rank.".to_string());
    }
    if i.percentile.is_some() {
        out.push(format!(
            "Percentile: Excel's PERCENTRANK.INC of the {one}'s value among the other organisations' values."
        ));
    }
    if i.peers.as_ref().is_some_and(|p| p.q1.is_some()) {
        out.push("Median and quartiles: Excel's QUARTILE.INC (linear interpolation between ranks).".to_string());
    }
    if i.ci95.is_some() {
        out.push(format!(
            "The {one}'s 95% range: the Wilson score interval for a proportion, as PHEindicatormethods computes it, with the number answering as the base."
        ));
    }
    if i.label_vs_peers.is_some() {
        out.push(format!(
            "Against peers: a funnel plot for proportions on the arcsine square-root scale with limits at 95% and 99.8% around the pooled rate, widened for the spread between {many} (Spiegelhalter 2005; overdispersion by the DerSimonian–Laird estimator on winsorised z-scores, as FunnelPlotR)."
        ));
    }
    out
}

/// How a figure was calculated, in plain words, from the numbers themselves.
pub fn explain(i: &IndicatorResult, subject: Subject) -> Vec<String> {
    let Subject { one, many, .. } = subject;
    let mut out = Vec::new();
    let v = |x: f64| format_value(x, i.unit);
    let source: Vec<String> = i
        .provenance
        .iter()
        .map(|p| format!("{} ({}, {})", p.title, p.publisher, p.period))
        .collect();
    if !source.is_empty() {
        out.push(format!("The value comes from {}.", source.join("; ")));
    }
    if let Some(d) = &i.derived {
        out.push(d.clone());
    }
    let direction = match i.polarity {
        Polarity::HigherIsBetter => "higher is better",
        Polarity::LowerIsBetter => "lower is better",
        Polarity::NoJudgement => "",
    };
    if i.polarity == Polarity::NoJudgement && i.value.is_some() {
        out.push(
            "There is no better direction for this measure (a profile of the workforce, or a count that follows an organisation's size), so it is not ranked, put in a quartile or judged: its value is shown beside the peers' median and range as context."
                .to_string(),
        );
    }
    if let Some(rank) = i.rank {
        out.push(format!(
            "Rank: the {one} and the {} peers with a value for {} are put in order ({direction}); the {one} is {} of {}. Equal values share the better rank.",
            i.n.saturating_sub(1),
            i.period,
            ordinal(rank as u32),
            i.n
        ));
    }
    if let Some(p) = i.percentile {
        out.push(format!(
            "Percentile: the share of the other {} organisations the {one} does better than, {p:.0}%.",
            i.n.saturating_sub(1)
        ));
    }
    if let Some(p) = &i.peers {
        let middle = match (p.q1, p.q3) {
            (Some(q1), Some(q3)) => format!("; the middle half lies between {} and {}", v(q1), v(q3)),
            _ => String::new(),
        };
        out.push(format!(
            "Peers: middle value (median) {}{middle}; range {} to {}.",
            v(p.median),
            v(p.min),
            v(p.max)
        ));
    }
    if let Some(q) = i.quartile {
        out.push(format!(
            "Quartile: the {}, read from the percentile (75 or more is the top quartile, 50 to 75 the second, 25 to 50 the third, under 25 the bottom); an equal value never lifts the {one} into a higher quartile.",
            quartile_words(q)
        ));
    }
    if let Some(ci) = &i.ci95 {
        let base = i
            .base
            .map_or_else(|| DASH.to_string(), |b| format_value(b, Unit::Count));
        out.push(format!(
            "Survey results are estimates from the staff who answered ({base}): the 95% range of the {one}'s own value is {} to {}. The published percentages are weighted, so the number answering is used as the base.",
            v(ci.lower),
            v(ci.upper)
        ));
    }
    if let (Some(verdict), Some(target)) = (i.label_vs_peers, i.target) {
        let wide = i.label_vs_peers_998.map_or("", |c| c.words());
        out.push(format!(
            "Against peers: the funnel compares the {one}'s rate with the pooled rate of the {one} and its peers ({}), allowing for the {one}'s own base and for the real spread between {many}. It is {} that rate at 95% confidence ({wide} it at 99.8%). \"Better\" or \"worse\" means outside the funnel's limits at the {one}'s base, as the funnel chart shows; a large {one} is not called worse for a small gap many of its peers share.",
            v(target),
            verdict.words()
        ));
    }
    if let Some(c) = &i.change {
        out.push(if c.comparable {
            let mut s = match c.trust {
                Some(d) => format!("Change: {} since {}", format_change(d, i.unit), c.previous_period),
                None => format!("Change: none shown; the {one} has no value for {}", c.previous_period),
            };
            if let Some(m) = c.peer_median {
                s += &format!("; the peer median {} over the same time", format_change(m, i.unit));
            }
            s + "."
        } else {
            format!(
                "Change since {} is not shown as a trend: {}.",
                c.previous_period,
                c.note.as_deref().unwrap_or("the measures are not comparable")
            )
        });
    }
    if let Some(c) = &i.caveat {
        out.push(c.clone());
    }
    out.extend(i.notes.iter().cloned());
    if i.illustrative {
        out.push(crate::model::ILLUSTRATIVE_WORDS.to_string());
    }
    out
}
