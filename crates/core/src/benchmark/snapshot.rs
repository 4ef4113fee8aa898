//! The observations one benchmark can use, held in memory by indicator. A benchmark reads only
//! what is in view ([`Scope`]): the indicators its subject has a value for (and the DMA ones,
//! for derived overalls and an ICB's providers), and of those only the rows of the
//! organisations a report compares with. Observations are clustered by indicator, then
//! organisation (`observation`'s primary key), so finding whether the subject has an indicator
//! is one seek and reading an indicator is one range scan: a benchmark costs what its peer
//! group's data costs, not everything stored. Cached by the store until the next write.
//!
//! DMA overall scores are completed here: the overall shown beside the pillars is the mean of
//! the seven pillar scores (`dma::MEAN_OF_PILLARS`), published in the bundled acute overall
//! file for acute trusts; where a provider or ICB has all seven pillar scores and no such
//! overall, the mean is added, marked derived. (NHS England's weighted comparable-domain
//! overall is a different number, with indicators of its own.)

use crate::error::Result;
use crate::model::{IndicatorDef, Provenance};
use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// One observation.
#[derive(Debug, Clone, PartialEq)]
pub struct ObsRow {
    /// ODS code.
    pub code: Arc<str>,
    /// Period.
    pub period: Arc<str>,
    /// Value.
    pub value: Option<f64>,
    /// Numerator.
    pub numerator: Option<f64>,
    /// Base.
    pub base: Option<f64>,
    /// Category.
    pub category: Option<String>,
    /// Why missing.
    pub missing: Option<String>,
    /// Dataset id.
    pub dataset: i64,
    /// True when computed here (a DMA overall as the mean of the pillars).
    pub derived: bool,
}

/// An indicator and its observations.
#[derive(Debug, Clone)]
pub struct IndicatorData {
    /// What it is.
    pub def: IndicatorDef,
    /// Its dataset family.
    pub dataset_key: String,
    /// Observations, sorted by period then code.
    pub rows: Vec<ObsRow>,
}

/// What one benchmark can use: its subject, the organisations whose rows a report reads (the
/// open organisations of the subject's kind, its peers, an ICB's providers), and the dataset
/// filter. Two benchmarks with the same scope read the same snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The trust or ICB benchmarked: an indicator is read only if it has a row for it.
    pub subject: String,
    /// The organisations whose rows are kept.
    pub organisations: BTreeSet<String>,
    /// Only indicators of this dataset family or key prefix (DMA indicators are always read).
    pub dataset: Option<String>,
}

/// True when an indicator is shown for a dataset filter (a benchmark's `--dataset`): no filter,
/// its family is the filter, or its key starts with it (`dma.`, `nss.burned_out`).
pub fn in_filter(filter: Option<&str>, def: &IndicatorDef, dataset_key: &str) -> bool {
    filter.is_none_or(|f| dataset_key == f || def.key.starts_with(f))
}

/// Everything a benchmark reads.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Indicators in display order (group, key).
    pub indicators: Vec<IndicatorData>,
    /// Datasets by id.
    pub datasets: HashMap<i64, Provenance>,
}

impl Snapshot {
    /// How many observations it holds (derived DMA overalls included).
    pub fn rows(&self) -> usize {
        self.indicators.iter().map(|i| i.rows.len()).sum()
    }

    /// Read what a benchmark with this scope can use (see the module's doc).
    pub fn load(conn: &Connection, scope: &Scope) -> Result<Snapshot> {
        let mut datasets = HashMap::new();
        let mut stmt =
            conn.prepare(
            "SELECT id, key, title, publisher, period, licence, source, synthetic, published, revised, status FROM dataset",
        )?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Provenance {
                    key: r.get(1)?,
                    title: r.get(2)?,
                    publisher: r.get(3)?,
                    period: r.get(4)?,
                    licence: r.get(5)?,
                    source: r.get(6)?,
                    synthetic: r.get(7)?,
                    published: r.get(8)?,
                    revised: r.get(9)?,
                    status: r.get(10)?,
                },
            ))
        })? {
            let (id, p) = row?;
            datasets.insert(id, p);
        }

        let mut by_id: BTreeMap<i64, IndicatorData> = BTreeMap::new();
        let mut stmt = conn.prepare("SELECT id, key, label, grp, unit, polarity, dataset_key FROM indicator")?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                IndicatorData {
                    def: crate::store::indicator_def(r, 1)?,
                    dataset_key: r.get(6)?,
                    rows: Vec::new(),
                },
            ))
        })? {
            let (id, data) = row?;
            by_id.insert(id, data);
        }

        // One primary-key seek an indicator: does the subject have a row?
        let mut has_subject =
            conn.prepare_cached("SELECT 1 FROM observation WHERE indicator_id = ?1 AND ods_code = ?2 LIMIT 1")?;
        let mut in_view = Vec::new();
        for (&id, data) in &by_id {
            let dma = crate::dma::is_dma(&data.def.key);
            if dma
                || (in_filter(scope.dataset.as_deref(), &data.def, &data.dataset_key)
                    && has_subject.exists((id, &scope.subject))?)
            {
                in_view.push(id);
            }
        }
        by_id.retain(|id, _| in_view.binary_search(id).is_ok());

        let mut codes: HashMap<&str, Arc<str>> = HashMap::new();
        for code in &scope.organisations {
            codes.insert(code, Arc::from(code.as_str()));
        }
        let mut periods: HashMap<String, Arc<str>> = HashMap::new();
        // One range scan an indicator in view, keeping the organisations in scope.
        let mut stmt = conn.prepare_cached(
            "SELECT ods_code, period, value, numerator, base, category, missing, dataset_id
             FROM observation WHERE indicator_id = ?1",
        )?;
        for (&id, data) in &mut by_id {
            let mut rows = stmt.query([id])?;
            while let Some(r) = rows.next()? {
                let code = match r.get_ref(0)? {
                    rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t).ok().and_then(|c| codes.get(c)),
                    _ => None,
                };
                let Some(code) = code else { continue };
                let period: String = r.get(1)?;
                let period = periods
                    .entry(period)
                    .or_insert_with_key(|k| Arc::from(k.as_str()))
                    .clone();
                data.rows.push(ObsRow {
                    code: code.clone(),
                    period,
                    value: r.get(2)?,
                    numerator: r.get(3)?,
                    base: r.get(4)?,
                    category: r.get(5)?,
                    missing: r.get(6)?,
                    dataset: r.get(7)?,
                    derived: false,
                });
            }
        }
        let mut indicators: Vec<IndicatorData> = by_id.into_values().collect();
        derive_dma_overall(&mut indicators, &datasets);
        for i in &mut indicators {
            i.rows
                .sort_by(|a, b| a.period.cmp(&b.period).then_with(|| a.code.cmp(&b.code)));
        }
        indicators.sort_by(|a, b| a.def.group.cmp(&b.def.group).then_with(|| a.def.key.cmp(&b.def.key)));
        Ok(Snapshot { indicators, datasets })
    }
}

/// An organisation and a period.
type OrgPeriod = (Arc<str>, Arc<str>);

/// Add `dma.<setting>.overall` = mean of the seven pillars where it is not published.
fn derive_dma_overall(indicators: &mut Vec<IndicatorData>, datasets: &HashMap<i64, Provenance>) {
    let mut settings: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, data) in indicators.iter().enumerate() {
        if let Some(setting) = crate::dma::pillar_setting(&data.def.key)
            && setting != crate::dma::PRIMARY_CARE
        {
            settings.entry(setting.to_string()).or_default().push(i);
        }
    }
    for (setting, pillar_ix) in settings {
        if pillar_ix.len() != 7 {
            continue;
        }
        // (code, period) → (sum, count, dataset)
        let mut sums: BTreeMap<OrgPeriod, (f64, usize, i64)> = BTreeMap::new();
        for &i in &pillar_ix {
            for r in &indicators[i].rows {
                if let Some(v) = r.value {
                    let e = sums
                        .entry((r.code.clone(), r.period.clone()))
                        .or_insert((0.0, 0, r.dataset));
                    e.0 += v;
                    e.1 += 1;
                }
            }
        }
        let key = format!("dma.{setting}.overall");
        let target = match indicators.iter().position(|d| d.def.key == key) {
            Some(t) => t,
            None => {
                let def = crate::dma::overall_indicator(&setting);
                indicators.push(IndicatorData {
                    def,
                    dataset_key: "dma_results".into(),
                    rows: Vec::new(),
                });
                indicators.len() - 1
            }
        };
        let published: std::collections::HashSet<OrgPeriod> = indicators[target]
            .rows
            .iter()
            .filter(|r| r.value.is_some())
            .map(|r| (r.code.clone(), r.period.clone()))
            .collect();
        let mut added = Vec::new();
        for ((code, period), (sum, count, dataset)) in sums {
            if count == 7 && !published.contains(&(code.clone(), period.clone())) {
                added.push(ObsRow {
                    code: code.clone(),
                    period: period.clone(),
                    value: Some(((sum / 7.0) * 100.0).round() / 100.0),
                    numerator: None,
                    base: None,
                    category: None,
                    missing: None,
                    dataset,
                    derived: true,
                });
            }
        }
        // Where the publisher says a provider has no overall score (a missing row), a mean of
        // real pillar scores may stand in; a mean of illustrative ones may not.
        let rows = &mut indicators[target].rows;
        let said_missing: std::collections::HashSet<OrgPeriod> =
            rows.iter().map(|r| (r.code.clone(), r.period.clone())).collect();
        let synthetic = |id: i64| datasets.get(&id).is_some_and(|p| p.synthetic);
        added.retain(|r| !(said_missing.contains(&(r.code.clone(), r.period.clone())) && synthetic(r.dataset)));
        let replacing: std::collections::HashSet<OrgPeriod> =
            added.iter().map(|r| (r.code.clone(), r.period.clone())).collect();
        rows.retain(|r| !replacing.contains(&(r.code.clone(), r.period.clone())));
        rows.extend(added);
    }
}
