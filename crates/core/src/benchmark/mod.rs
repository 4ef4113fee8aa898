//! The benchmark: one trust against its peers on every indicator — value, rank of n,
//! percentile, quartile, the peers' distribution, gaps, change since the previous period, and
//! for survey rates a confidence interval and a Better / Similar / Worse label — with the
//! provenance of every number. The report (JSON: `docs/benchmark-report.md`) is the contract
//! the charts and the app consume.
//!
//! Methods: `crate::stats`. Peers: `crate::peers`. Plain-English messages: [`narrative`].

mod indicator;
pub mod narrative;
pub mod snapshot;
mod text;

pub use text::{IndicatorText, Subject, Tone, Verdict, dspt_met, explain, verdict};

use crate::dma;
use crate::error::Result;
use crate::model::{OrgKind, Organisation, Polarity, Provenance, Unit};
use crate::peers::{Feature, PeerGroup, PeerSpec};
use crate::stats::{funnel, quantile, spc};
use crate::store::Store;
use serde::Serialize;
use snapshot::{IndicatorData, ObsRow, Scope, Snapshot};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What to benchmark.
#[derive(Debug, Clone)]
pub struct Request {
    /// The trust.
    pub ods_code: String,
    /// How to choose its peers.
    pub peers: PeerSpec,
    /// Features and weights for nearest neighbours.
    pub features: Vec<Feature>,
    /// Only indicators of this dataset family (`dma_pillars`, `nss_org_results`, …) or whose key
    /// starts with this text (`dma.`, `nss.burned_out`).
    pub dataset: Option<String>,
    /// This period instead of each indicator's latest.
    pub period: Option<String>,
    /// How SPC charts are calculated (rule lengths, baseline, rebasing).
    pub spc: spc::Settings,
}

impl Request {
    /// Benchmark a trust against peers of its own type, on everything, latest periods.
    pub fn new(ods_code: &str) -> Request {
        Request {
            ods_code: ods_code.to_string(),
            peers: PeerSpec::Type,
            features: crate::peers::default_features(),
            dataset: None,
            period: None,
            spc: spc::Settings::default(),
        }
    }
}

/// The trust, as the report names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrustInfo {
    /// ODS code.
    pub ods_code: String,
    /// Name.
    pub name: String,
    /// Trust type.
    pub trust_type: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// ICB.
    pub icb: Option<String>,
}

impl From<&Organisation> for TrustInfo {
    fn from(o: &Organisation) -> Self {
        TrustInfo {
            ods_code: o.ods_code.clone(),
            name: o.display_name.clone(),
            trust_type: o.trust_type.clone(),
            region: o.region.clone().or(o.region_code.clone()),
            icb: o.icb.clone().or(o.icb_code.clone()),
        }
    }
}

/// A peer as the report lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Member {
    /// ODS code.
    pub ods_code: String,
    /// Name.
    pub name: String,
    /// Why it is a peer.
    pub reason: String,
    /// Distance (nearest neighbours).
    pub distance: Option<f64>,
}

/// The peer group in the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PeerGroupInfo {
    /// The spec: `type`, `nearest:10`, a saved name.
    pub method: String,
    /// In words.
    pub description: String,
    /// The peers.
    pub members: Vec<Member>,
    /// Notes about the group.
    pub notes: Vec<String>,
}

/// The peers' distribution (the trust excluded): n, min, Q1, median, Q3, max, mean.
pub type PeerStats = quantile::Summary;

/// Change since the previous period with a value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Change {
    /// The previous period.
    pub previous_period: String,
    /// The trust's change (value now − value then).
    pub trust: Option<f64>,
    /// The change in the peer median.
    pub peer_median: Option<f64>,
    /// False when the two periods measure different things.
    pub comparable: bool,
    /// Why not, if not.
    pub note: Option<String>,
    /// True when the previous period's numbers are illustrative (synthetic).
    pub illustrative: bool,
    /// Where the previous period's numbers come from.
    pub provenance: Vec<Provenance>,
}

/// A confidence interval, on the indicator's scale (percent for rates).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Ci {
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
}

/// One peer's value at the reported period (for ranked bars, strips, funnels).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PeerValue {
    /// ODS code.
    pub ods_code: String,
    /// Value.
    pub value: f64,
    /// Base, where known.
    pub base: Option<f64>,
}

/// One period of the trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryPoint {
    /// Period.
    pub period: String,
    /// The trust's value.
    pub value: Option<f64>,
    /// The trust's category (status indicators).
    pub category: Option<String>,
    /// Peers with a value.
    pub peers_n: usize,
    /// Peer median.
    pub peer_median: Option<f64>,
    /// Peer lower quartile.
    pub peer_q1: Option<f64>,
    /// Peer upper quartile.
    pub peer_q3: Option<f64>,
}

/// Funnel-plot data for a rate with bases.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FunnelData {
    /// Pooled proportion (percent).
    pub target: f64,
    /// Overdispersion τ² (arcsine scale).
    pub tau2: f64,
    /// The dispersion ratio φ of the winsorised z-scores (above 1: more spread than chance).
    pub phi: f64,
    /// Limits along the bases, as percentages.
    pub limits: Vec<funnel::Limits>,
}

/// A status indicator (DSPT): the trust's status, its history, and the peers' statuses.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CategoryResult {
    /// The trust's status at the period.
    pub status: Option<String>,
    /// How many peers have each status at the period.
    pub peer_distribution: BTreeMap<String, usize>,
}

/// A reference figure beside the peers: the median of every organisation in England (of the
/// subject's kind, reporting the measure) or of the providers in the trust's ICB, the trust
/// included, at the same period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reference {
    /// The median (Excel QUARTILE.INC's second quartile).
    pub median: f64,
    /// How many organisations it is the median of.
    pub n: usize,
}

/// One indicator's benchmark.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IndicatorResult {
    /// Key.
    pub key: String,
    /// Label.
    pub label: String,
    /// Group (e.g. a DMA pillar set).
    pub group: String,
    /// Unit.
    pub unit: Unit,
    /// Polarity.
    pub polarity: Polarity,
    /// The period reported.
    pub period: String,
    /// The trust's value (None when missing or a category).
    pub value: Option<f64>,
    /// Why the trust's value is missing.
    pub missing: Option<String>,
    /// The trust's base (survey respondents).
    pub base: Option<f64>,
    /// Who the peers of this measure are, in words: the peer group ("acute trusts"), or for DMA
    /// scores with peers by type, the care setting ("trusts that report the community care setting").
    pub compared_with: String,
    /// The trust plus the peers that have a value.
    pub n: usize,
    /// Rank r of n; 1 = best after polarity. None for a measure with no direction, and when the
    /// trust and all its peers have the same value.
    pub rank: Option<usize>,
    /// Percentile rank (PERCENTRANK.INC after polarity), 0–100.
    pub percentile: Option<f64>,
    /// Quartile of the percentile rank, 1 = best (75 or more); needs 4 or more peers with a
    /// value and a measure with a direction.
    pub quartile: Option<u8>,
    /// The peers' distribution.
    pub peers: Option<PeerStats>,
    /// Value − peer median.
    pub gap_to_median: Option<f64>,
    /// Value − the best quartile boundary (Q3, or Q1 when lower is better).
    pub gap_to_upper_quartile: Option<f64>,
    /// Change since the previous period.
    pub change: Option<Change>,
    /// Wilson 95% interval (rates with a base of 11 or more).
    pub ci95: Option<Ci>,
    /// Wilson 99.8% interval.
    pub ci998: Option<Ci>,
    /// The verdict: better / similar / worse than [`IndicatorResult::target`], from the funnel's
    /// 95% limits at the trust's own base (rates with a base, a direction and 4 or more peers
    /// with a base). Every output shows this one verdict.
    pub label_vs_peers: Option<funnel::Comparison>,
    /// The same at the 99.8% limits.
    pub label_vs_peers_998: Option<funnel::Comparison>,
    /// What the verdict compares with: the pooled rate of the trust and its peers (the funnel's
    /// target, Σ events / Σ base), percent.
    pub target: Option<f64>,
    /// The trust's distance from the target in standard errors allowing for the spread between
    /// trusts, positive = better (orders strengths and gaps).
    pub standing: Option<f64>,
    /// Status indicators.
    pub categories: Option<CategoryResult>,
    /// The peers' values at the period.
    pub peer_values: Vec<PeerValue>,
    /// The trend across periods.
    pub history: Vec<HistoryPoint>,
    /// Funnel plot limits (rates with bases).
    pub funnel: Option<FunnelData>,
    /// XmR SPC (series of 12 or more values), as NHSRplotthedots.
    pub spc: Option<spc::Xmr>,
    /// How the value was derived, if it was (a DMA overall from the pillars).
    pub derived: Option<String>,
    /// A caveat that must travel with the numbers (DMA: self-assessed, not a league table).
    pub caveat: Option<String>,
    /// Notes: too few peers for quartiles, a base too small to test.
    pub notes: Vec<String>,
    /// Where the numbers of the reported period come from.
    pub provenance: Vec<Provenance>,
    /// True when the numbers of the reported period are illustrative (synthetic); see also
    /// `change.illustrative`.
    pub illustrative: bool,
    /// The median of every organisation in England of the subject's kind that reports it
    /// (for a DMA care setting, every one that reports the setting), the trust included.
    pub england: Option<Reference>,
    /// For a trust, the median of the providers of its type in its ICB, the trust included;
    /// only with [`MIN_FOR_ICB_MEDIAN`] or more of them.
    pub icb: Option<Reference>,
    /// These numbers as the board paper prints them (the one formatter): what the screens show.
    pub text: IndicatorText,
}

/// One of the report's strengths or gaps: a measure on which the trust stands clearly apart
/// from its peers, in one plain sentence (see [`narrative::strengths_and_gaps`] for the rule).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Highlight {
    /// Indicator key.
    pub key: String,
    /// Indicator label.
    pub label: String,
    /// Period of the value.
    pub period: String,
    /// The sentence, e.g. `Well Led (DMA pillar): 3.27 in 2025, in the top quartile against acute trusts; peer median 2.78.`
    pub text: String,
    /// The value is illustrative (synthetic) data; the sentence says so too.
    pub illustrative: bool,
}

/// Who to learn from on one of the trust's gaps: the organisations most like it (by the
/// nearest-neighbour features) that are in the top quartile of its comparison group on that
/// measure. NHS England names knowledge sharing with similar organisations as a purpose of the
/// DMA; this answers "who like us does this well?".
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LearnFrom {
    /// Indicator key of the gap.
    pub key: String,
    /// Its label.
    pub label: String,
    /// Its period.
    pub period: String,
    /// The trust's value, as printed.
    pub trust_value: String,
    /// Where the top quartile starts, as printed (the peers' upper quartile, or lower for a
    /// measure where lower is better).
    pub threshold: String,
    /// The organisations, most similar first (at most three).
    pub examples: Vec<Example>,
    /// How they were chosen, in words.
    pub basis: String,
}

/// One organisation to learn from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Example {
    /// ODS code.
    pub ods_code: String,
    /// Name.
    pub name: String,
    /// Its value on the measure, as printed.
    pub value: String,
    /// Distance from the trust on the nearest-neighbour features (smaller is more alike), where
    /// it could be computed.
    pub distance: Option<f64>,
}

/// One provider of an ICB, side by side with the others on its headline DMA pillars (the
/// providers × pillars table and heatmap an ICB board asks for).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Provider {
    /// ODS code.
    pub ods_code: String,
    /// Name.
    pub name: String,
    /// The care setting of the scores (its headline setting), e.g. `acute`.
    pub setting: String,
    /// Period of the scores.
    pub period: String,
    /// The seven pillar scores in the order of [`dma::PILLARS`] (None where not reported).
    pub pillars: Vec<Option<f64>>,
    /// The mean of the seven pillars, where all seven are reported.
    pub overall: Option<f64>,
    /// The care setting in words, e.g. `mental health`.
    pub setting_words: String,
    /// The seven pillar scores then their mean, as printed (dashes where not reported).
    pub text: Vec<String>,
}

/// The benchmark report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Report {
    /// The trust (or ICB) benchmarked.
    pub trust: TrustInfo,
    /// `trust` or `icb`.
    pub subject_kind: String,
    /// The DMA care setting shown first (`acute`, `mental_health`, …, `icb`): the one that follows
    /// the trust's type, else the first it reports. Its other settings are in `indicators` too.
    pub dma_setting: Option<String>,
    /// Every DMA care setting the subject reports, headline first.
    pub dma_settings: Vec<String>,
    /// The same settings in words (`mental health`), in the same order.
    pub dma_setting_words: Vec<String>,
    /// True when the data holds DMA scores for other organisations but none for the subject
    /// (a trust not in NHS England's results file): said first in the key messages.
    pub dma_missing: bool,
    /// The key of the headline DMA overall (the mean of the seven pillars in the headline
    /// setting), when the report has it: the one figure a board reads first.
    pub headline: Option<String>,
    /// The key of NHS England's comparable-domain overall in the headline setting, when present.
    pub headline_comparable: Option<String>,
    /// The pillar names of the providers table, in the order of [`Provider::pillars`].
    pub pillar_names: Vec<String>,
    /// For an ICB: its providers side by side on their headline pillars (empty for a trust).
    pub providers: Vec<Provider>,
    /// Its peers.
    pub peer_group: PeerGroupInfo,
    /// Plain-English key messages.
    pub messages: Vec<String>,
    /// Up to three measures where the trust is clearly ahead of its peers, most ahead first.
    pub strengths: Vec<Highlight>,
    /// Up to three measures where it is clearly behind, furthest behind first.
    pub gaps: Vec<Highlight>,
    /// Caveats for the whole report.
    pub caveats: Vec<String>,
    /// True when any number is illustrative.
    pub illustrative: bool,
    /// Per indicator.
    pub indicators: Vec<IndicatorResult>,
    /// Every source used, for the provenance footer.
    pub sources: Vec<Provenance>,
    /// The trust's ICB, by name, where it has one (the ICB column's basis).
    pub icb_name: Option<String>,
    /// For a trust, every provider in its ICB (itself included) side by side on their headline
    /// DMA pillars; empty for an ICB, whose own providers are `providers`.
    pub icb_providers: Vec<Provider>,
    /// Who to learn from, for each of the top gaps (see [`LearnFrom`]).
    pub learn_from: Vec<LearnFrom>,
}

impl Report {
    /// What the report's subject is called in its words: a trust, or an ICB.
    pub fn subject(&self) -> text::Subject {
        OrgKind::parse(&self.subject_kind).map_or(text::Subject::of(OrgKind::Trust), text::Subject::of)
    }

    /// Say, on each measure, how old its data is at `date` (a paper's date, or today) when it
    /// is old enough to matter.
    pub fn date_ages(&mut self, date: &str) {
        for i in &mut self.indicators {
            i.text.age = text::age_words(&i.period, date);
        }
    }
}

impl Store {
    /// Benchmark a trust (or an ICB) against its peers.
    pub fn benchmark(&self, request: &Request) -> Result<Report> {
        let group = self.peers(&request.ods_code, &request.peers, &request.features)?;
        let open = self.organisations(&crate::orgs::OrgFilter {
            kind: Some(group.trust.kind),
            ..Default::default()
        })?;
        let providers = if group.trust.kind == OrgKind::Icb {
            self.organisations(&crate::orgs::OrgFilter::default())?
                .into_iter()
                .filter(|o| o.icb_code.as_deref() == Some(group.trust.ods_code.as_str()))
                .collect()
        } else {
            Vec::new()
        };
        // Every provider in the trust's ICB, for the paper's providers table; those of its type,
        // for the ICB column.
        let icb_providers: Vec<Organisation> = match &group.trust.icb_code {
            Some(icb) if group.trust.kind != OrgKind::Icb => open
                .iter()
                .filter(|o| o.icb_code.as_deref() == Some(icb.as_str()))
                .cloned()
                .collect(),
            _ => Vec::new(),
        };
        let icb_members = match &group.trust.icb_code {
            Some(icb) if group.trust.kind != OrgKind::Icb => open
                .iter()
                .filter(|o| o.icb_code.as_deref() == Some(icb.as_str()) && o.trust_type == group.trust.trust_type)
                .map(|o| o.ods_code.clone())
                .collect(),
            _ => HashSet::new(),
        };
        // Every open organisation by likeness to the trust, for "who to learn from"; none
        // where the features cannot be compared (an ICB has no beds).
        let similar = self
            .nearest(&group.trust, &open, open.len(), &request.features)
            .map(|(_, members)| {
                members
                    .into_iter()
                    .filter_map(|m| Some((m.org.ods_code, m.distance?)))
                    .collect()
            })
            .unwrap_or_default();
        // The organisations a report reads rows of: the subject, its peers, the open
        // organisations of its kind (DMA care-setting pools, England and ICB medians, who to
        // learn from) and an ICB's providers.
        let organisations = std::iter::once(group.trust.ods_code.clone())
            .chain(group.members.iter().map(|m| m.org.ods_code.clone()))
            .chain(open.iter().map(|o| o.ods_code.clone()))
            .chain(providers.iter().map(|o: &Organisation| o.ods_code.clone()))
            .collect();
        let snapshot = self.snapshot(Scope {
            subject: group.trust.ods_code.clone(),
            organisations,
            dataset: request.dataset.clone(),
        })?;
        let context = Context {
            names: open
                .iter()
                .map(|o| (o.ods_code.clone(), o.display_name.clone()))
                .collect(),
            open: open.iter().map(|o| o.ods_code.clone()).collect(),
            providers,
            icb_members,
            icb_providers,
            similar,
        };
        Ok(build(&snapshot, &group, request, &context))
    }
}

/// What a report needs besides the snapshot and the peer group.
#[derive(Debug, Default)]
pub struct Context {
    /// Open organisations of the subject's kind: those a care setting's peers come from.
    pub open: HashSet<String>,
    /// For an ICB, its providers (open trusts whose ICB it is).
    pub providers: Vec<Organisation>,
    /// For a trust, the open trusts of its type in its ICB, itself included.
    pub icb_members: HashSet<String>,
    /// For a trust, every open trust in its ICB, itself included.
    pub icb_providers: Vec<Organisation>,
    /// Open organisations and their distance from the subject on the nearest-neighbour
    /// features, nearest first.
    pub similar: Vec<(String, f64)>,
    /// Names of the open organisations, by ODS code.
    pub names: HashMap<String, String>,
}

/// The peers of one indicator. DMA scores are compared within a care setting, so with peers
/// chosen by type a DMA indicator is compared with every open organisation that reports that
/// care setting (NHS England's basis of comparison: a mental-health trust's community scores
/// against the community providers); with any other peer group, with the members that report it.
fn indicator_peers<'a>(
    data: &'a IndicatorData,
    trust: &str,
    peers: &HashSet<&'a str>,
    request: &Request,
    context: &'a Context,
) -> (HashSet<&'a str>, Option<String>) {
    match dma::setting(&data.def.key) {
        Some(setting) if request.peers == PeerSpec::Type => {
            let pool: HashSet<&str> = data
                .rows
                .iter()
                .map(|r| &*r.code)
                .filter(|c| *c != trust && context.open.contains(*c))
                .collect();
            let words = match setting {
                dma::ICB | dma::PRIMARY_CARE => "the other integrated care boards".to_string(),
                s => format!("trusts that report the {} care setting", dma::setting_words(s)),
            };
            (pool, Some(words))
        }
        _ => (peers.clone(), None),
    }
}

fn wanted(data: &IndicatorData, filter: &Option<String>) -> bool {
    snapshot::in_filter(filter.as_deref(), &data.def, &data.dataset_key)
}

/// Build the report from a snapshot and a peer group.
pub fn build(snapshot: &Snapshot, group: &PeerGroup, request: &Request, context: &Context) -> Report {
    let trust = group.trust.ods_code.as_str();
    let peers: HashSet<&str> = group.members.iter().map(|m| m.org.ods_code.as_str()).collect();
    let mut indicators = Vec::new();
    for data in snapshot.indicators.iter().filter(|d| wanted(d, &request.dataset)) {
        let (these, basis) = indicator_peers(data, trust, &peers, request, context);
        if let Some(mut result) =
            indicator::result(snapshot, data, trust, &these, request.period.as_deref(), &request.spc)
        {
            result.compared_with = basis.unwrap_or_else(|| group.description.clone());
            result.england = reference(data, &result.period, |c| context.open.contains(c) || c == trust);
            if !context.icb_members.is_empty() {
                result.icb = reference(data, &result.period, |c| context.icb_members.contains(c) || c == trust)
                    .filter(|r| r.n >= MIN_FOR_ICB_MEDIAN);
            }
            if dma::comparable_years(&result.key).is_some() {
                result.notes.push(format!("{}.", dma::COMPARABLE_NOTE));
            }
            indicators.push(result);
        }
    }
    let dma_settings = settings_reported(&indicators, &group.trust);
    let providers = providers_side_by_side(snapshot, &context.providers, request.period.as_deref());
    let icb_providers = providers_side_by_side(snapshot, &context.icb_providers, request.period.as_deref());
    let mut sources: Vec<Provenance> = Vec::new();
    for p in indicators.iter().flat_map(|i| {
        i.provenance
            .iter()
            .chain(i.change.iter().flat_map(|c| c.provenance.iter()))
    }) {
        if !sources.contains(p) {
            sources.push(p.clone());
        }
    }
    sources.sort_by(|a, b| (&a.key, &a.period).cmp(&(&b.key, &b.period)));
    let illustrative = indicators
        .iter()
        .any(|i| i.illustrative || i.change.as_ref().is_some_and(|c| c.illustrative));
    let mut caveats = Vec::new();
    if indicators.iter().any(|i| dma::is_dma(&i.key)) {
        caveats.push(dma::SELF_ASSESSMENT_CAVEAT.to_string());
    }
    if illustrative {
        caveats.push(crate::model::ILLUSTRATIVE_REPORT.to_string());
    }
    let mut report = Report {
        trust: TrustInfo::from(&group.trust),
        subject_kind: group.trust.kind.as_str().to_string(),
        dma_missing: dma_settings.is_empty()
            && snapshot
                .indicators
                .iter()
                .any(|d| dma::setting(&d.def.key).is_some() && !d.rows.is_empty() && wanted(d, &request.dataset)),
        dma_setting: dma_settings.first().cloned(),
        dma_setting_words: dma_settings.iter().map(|s| dma::setting_words(s)).collect(),
        dma_settings,
        headline: None,
        headline_comparable: None,
        pillar_names: if providers.is_empty() && icb_providers.is_empty() {
            Vec::new()
        } else {
            dma::PILLARS.iter().map(|(name, _)| (*name).to_string()).collect()
        },
        providers,
        peer_group: PeerGroupInfo {
            method: group.method.clone(),
            description: group.description.clone(),
            members: group
                .members
                .iter()
                .map(|m| Member {
                    ods_code: m.org.ods_code.clone(),
                    name: m.org.display_name.clone(),
                    reason: m.reason.clone(),
                    distance: m.distance,
                })
                .collect(),
            notes: group.notes.clone(),
        },
        messages: Vec::new(),
        strengths: Vec::new(),
        gaps: Vec::new(),
        caveats,
        illustrative,
        indicators,
        sources,
        icb_name: group.trust.icb.clone().filter(|_| group.trust.kind != OrgKind::Icb),
        learn_from: Vec::new(),
        icb_providers,
    };
    let subject = text::Subject::of(group.trust.kind);
    for i in &mut report.indicators {
        i.text = text::indicator_text(i, subject);
    }
    for p in report.providers.iter_mut().chain(report.icb_providers.iter_mut()) {
        p.setting_words = dma::setting_words(&p.setting);
        p.text = text::provider_text(p);
    }
    report.headline = narrative::headline_overall(&report).map(|i| i.key.clone());
    report.headline_comparable = report.dma_setting.as_deref().and_then(|setting| {
        report
            .indicators
            .iter()
            .find(|i| {
                i.value.is_some() && dma::setting(&i.key) == Some(setting) && dma::comparable_years(&i.key).is_some()
            })
            .map(|i| i.key.clone())
    });
    report.messages = narrative::messages(&report);
    (report.strengths, report.gaps) = narrative::strengths_and_gaps(&report);
    report.learn_from = narrative::learn_from(&report, &context.similar, &context.names);
    report
}

/// The fewest trusts an ICB median is given for: with one or two, it would be the trust's own
/// value or the mean of two, not a median worth a column.
pub const MIN_FOR_ICB_MEDIAN: usize = 3;

/// The median of one indicator's values at a period over the organisations `include` keeps.
fn reference(data: &IndicatorData, period: &str, include: impl Fn(&str) -> bool) -> Option<Reference> {
    let mut values: Vec<f64> = data
        .rows
        .iter()
        .filter(|r| &*r.period == period && include(&r.code))
        .filter_map(|r| r.value)
        .collect();
    values.sort_by(f64::total_cmp);
    Some(Reference {
        median: quantile::sorted_quantile(&values, 0.5)?,
        n: values.len(),
    })
}

/// The DMA care settings of the pillars the subject has values for: the headline setting (from
/// its type) first, then the others in NHS England's order.
fn settings_reported(indicators: &[IndicatorResult], subject: &Organisation) -> Vec<String> {
    let mut reported: Vec<String> = Vec::new();
    for i in indicators.iter().filter(|i| i.value.is_some()) {
        if let Some(s) = dma::pillar_setting(&i.key)
            && s != dma::PRIMARY_CARE
            && !reported.iter().any(|r| r == s)
        {
            reported.push(s.to_string());
        }
    }
    let order = |s: &str| {
        dma::CARE_SETTINGS
            .iter()
            .position(|(_, k)| *k == s)
            .unwrap_or(dma::CARE_SETTINGS.len())
    };
    let headline = dma::headline_setting(subject.kind, subject.trust_type.as_deref());
    reported.sort_by_key(|s| (Some(s.as_str()) != headline, order(s), s.clone()));
    reported
}

/// An ICB's providers on the seven pillars of their headline care setting, at the latest
/// period each has (or the period asked for), in name order.
fn providers_side_by_side(snapshot: &Snapshot, providers: &[Organisation], period: Option<&str>) -> Vec<Provider> {
    let mut out = Vec::new();
    for org in providers {
        let Some(setting) = dma::headline_setting(org.kind, org.trust_type.as_deref()) else {
            continue;
        };
        // Fall back to any setting the provider reports (a community trust may report only
        // Mental Health, say).
        let reported = |s: &str| {
            snapshot
                .indicators
                .iter()
                .any(|d| dma::pillar_setting(&d.def.key) == Some(s) && d.rows.iter().any(|r| *r.code == *org.ods_code))
        };
        let setting = if reported(setting) {
            setting.to_string()
        } else if let Some((_, s)) = dma::CARE_SETTINGS.iter().find(|(_, s)| reported(s)) {
            s.to_string()
        } else {
            continue;
        };
        let rows: Vec<Option<&ObsRow>> = dma::PILLARS
            .iter()
            .map(|(_, k)| {
                let key = format!("dma.{setting}.{k}");
                let data = snapshot.indicators.iter().find(|d| d.def.key == key)?;
                data.rows
                    .iter()
                    .filter(|r| *r.code == *org.ods_code && r.value.is_some())
                    .filter(|r| period.is_none_or(|p| *r.period == *p))
                    .max_by(|a, b| a.period.cmp(&b.period))
            })
            .collect();
        let Some(latest) = rows.iter().flatten().map(|r| r.period.clone()).max() else {
            continue;
        };
        let pillars: Vec<Option<f64>> = rows
            .iter()
            .map(|r| r.filter(|r| r.period == latest).and_then(|r| r.value))
            .collect();
        let overall =
            (pillars.iter().all(Option::is_some)).then(|| pillars.iter().flatten().sum::<f64>() / pillars.len() as f64);
        out.push(Provider {
            ods_code: org.ods_code.clone(),
            name: org.display_name.clone(),
            setting,
            period: latest.to_string(),
            pillars,
            overall: overall.map(|m| (m * 100.0).round() / 100.0),
            setting_words: String::new(),
            text: Vec::new(),
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Look up a peer's display name in a report.
pub fn member_name<'a>(report: &'a Report, code: &str) -> Option<&'a str> {
    if report.trust.ods_code == code {
        return Some(&report.trust.name);
    }
    report
        .peer_group
        .members
        .iter()
        .find(|m| m.ods_code == code)
        .map(|m| m.name.as_str())
}
