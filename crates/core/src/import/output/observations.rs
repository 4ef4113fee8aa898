//! Observations: buffered as adapters read them, then sorted by key, checked for conflicting
//! duplicates and written in multi-row statements.

use super::Output;
use crate::error::{ImportError, Location, Result};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

/// One value for an observation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Obs {
    /// The number, or `None` when missing.
    pub value: Option<f64>,
    /// Numerator, where the data has one.
    pub numerator: Option<f64>,
    /// Base (respondents answering), for survey rates.
    pub base: Option<f64>,
    /// A category such as a DSPT status.
    pub category: Option<String>,
    /// Why the value is missing.
    pub missing: Option<String>,
}

impl Obs {
    /// A number.
    pub fn number(value: f64) -> Obs {
        Obs {
            value: Some(value),
            ..Obs::default()
        }
    }

    /// A missing value with its reason.
    pub fn missing(reason: impl Into<String>) -> Obs {
        Obs {
            missing: Some(reason.into()),
            ..Obs::default()
        }
    }

    /// A category.
    pub fn category(text: impl Into<String>) -> Obs {
        Obs {
            category: Some(text.into()),
            ..Obs::default()
        }
    }

    fn describe(&self) -> String {
        match (&self.value, &self.category, &self.missing) {
            (Some(v), _, _) => crate::import::table::format_number(*v),
            (None, Some(c), _) => format!("'{c}'"),
            (None, None, Some(m)) => format!("missing ({m})"),
            _ => "nothing".into(),
        }
    }
}

/// No NHS measure exceeds a million million (the NHS's whole budget is about 2 × 10¹¹ pounds).
const PLAUSIBLE: f64 = 1e12;

/// Rows per INSERT statement when writing observations.
const WRITE_BATCH: usize = 128;

fn insert_sql(rows: usize) -> String {
    let mut sql = String::from(
        "INSERT INTO observation
             (indicator_id, ods_code, period, value, numerator, base, category, missing, dataset_id, source_row)
         VALUES ",
    );
    for i in 0..rows {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str("(?,?,?,?,?,?,?,?,?,?)");
    }
    // A value from an earlier dataset is replaced; the newer file wins.
    sql.push_str(
        " ON CONFLICT (indicator_id, ods_code, period) DO UPDATE SET
             value = excluded.value, numerator = excluded.numerator, base = excluded.base,
             category = excluded.category, missing = excluded.missing,
             dataset_id = excluded.dataset_id, source_row = excluded.source_row",
    );
    sql
}

/// An observation waiting to be written: strings interned, missing numbers as NaN, so a
/// million of them fit in about 60 MB.
pub(super) struct Pending {
    indicator: i64,
    code: u32,
    period: u32,
    sheet: u32,
    value: f64,
    numerator: f64,
    base: f64,
    category: u32,
    missing: u32,
    row: u64,
}

impl Pending {
    pub(super) fn code(&self) -> u32 {
        self.code
    }

    pub(super) fn row(&self) -> u64 {
        self.row
    }

    fn key(&self) -> (i64, u32, u32) {
        (self.indicator, self.code, self.period)
    }

    fn same_value(&self, other: &Pending) -> bool {
        let same = |a: f64, b: f64| a == b || (a.is_nan() && b.is_nan());
        same(self.value, other.value) && self.category == other.category && self.missing == other.missing
    }
}

/// Strings stored once, by number; 0 stands for none.
pub(super) struct Interner {
    strings: Vec<String>,
    ids: HashMap<String, u32>,
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            strings: vec![String::new()],
            ids: HashMap::new(),
        }
    }
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(id) = self.ids.get(s) {
            return *id;
        }
        let id = self.strings.len() as u32;
        self.strings.push(s.to_string());
        self.ids.insert(s.to_string(), id);
        id
    }

    pub(super) fn get(&self, id: u32) -> &str {
        self.strings.get(id as usize).map_or("", String::as_str)
    }

    /// Each string's rank in sorted order, so sorting by id rank sorts by text.
    fn ranks(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.strings.len() as u32).collect();
        order.sort_unstable_by(|a, b| self.get(*a).cmp(self.get(*b)));
        let mut rank = vec![0; order.len()];
        for (r, id) in order.into_iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        rank
    }
}

impl<'t> Output<'t> {
    /// Record one observation. Observations are checked and written together when the
    /// adapter is done ([`Output::finish`]): sorted by key, so a second value for the same
    /// organisation, indicator and period is found wherever it is in the file, and written in
    /// key order, which is what makes large imports fast.
    pub fn observe(&mut self, indicator: i64, code: &str, period: &str, obs: Obs, row: u64) -> Result<()> {
        self.check_obs(indicator, code, &obs, row)?;
        // Files run organisation by organisation: the same code as the last row needs no lookups.
        let code_id = match &self.last_code {
            Some((last, id)) if last == code => *id,
            _ => {
                self.saw_org(code, row);
                let id = self.strings.id(code);
                self.last_code = Some((code.to_string(), id));
                id
            }
        };
        if let Some(reason) = &obs.missing {
            *self.summary.missing_values.entry(reason.clone()).or_default() += 1;
        }
        let sheet = match &self.sheet {
            Some(name) => self.strings.id(name),
            None => 0,
        };
        let pending = Pending {
            indicator,
            code: code_id,
            period: self.strings.id(period),
            sheet,
            value: obs.value.unwrap_or(f64::NAN),
            numerator: obs.numerator.unwrap_or(f64::NAN),
            base: obs.base.unwrap_or(f64::NAN),
            category: obs.category.as_deref().map_or(0, |c| self.strings.id(c)),
            missing: obs.missing.as_deref().map_or(0, |m| self.strings.id(m)),
            row,
        };
        self.pending.push(pending);
        Ok(())
    }

    /// Every value stored is one its unit allows and no larger than any NHS measure (a value
    /// of 10³⁰⁰ is a damaged cell, not a count); a base is a positive number of respondents; a
    /// category is text without control characters.
    fn check_obs(&self, indicator: i64, code: &str, obs: &Obs, row: u64) -> Result<()> {
        let problem = |what: String| -> crate::error::Error {
            ImportError::Cell {
                location: Box::new(self.at(row, None, None)),
                problem: format!(
                    "{code}, {}: {what}",
                    self.indicator_keys.get(&indicator).map_or("", String::as_str)
                ),
            }
            .into()
        };
        if let Some(v) = obs.value {
            if let Some(unit) = self.indicator_units.get(&indicator) {
                unit.check(v).map_err(&problem)?;
            }
            if v.abs() > PLAUSIBLE {
                return Err(problem(format!(
                    "{v:e} is larger than any NHS measure (over a million million); the cell may be damaged"
                )));
            }
        }
        if let Some(b) = obs.base
            && !(b.is_finite() && b > 0.0 && b <= PLAUSIBLE)
        {
            return Err(problem(format!(
                "a base of {b} is not a number of respondents; expected a positive count"
            )));
        }
        if let Some(n) = obs.numerator
            && !(n.is_finite() && (0.0..=PLAUSIBLE).contains(&n))
        {
            return Err(problem(format!(
                "a numerator of {n} is not a count; expected zero or more"
            )));
        }
        if let Some(c) = &obs.category {
            self.text(c, "category")?;
        }
        Ok(())
    }

    /// Check the recorded observations for duplicates and write them, in key order, in
    /// multi-row statements.
    /// Returns the periods written, in order.
    pub(super) fn write_observations(&mut self) -> Result<Vec<String>> {
        let mut pending = std::mem::take(&mut self.pending);
        let rank = self.strings.ranks();
        // One packed key: indicator, code and period in text order, then the row, so the
        // first occurrence of a key comes first. (24 + 24 + 16 bits are plenty for one file.)
        let key = |p: &Pending| {
            let k = ((p.indicator as u64 & 0xFF_FFFF) << 40)
                | (u64::from(rank[p.code as usize]) << 16)
                | u64::from(rank[p.period as usize] & 0xFFFF);
            (u128::from(k) << 64) | u128::from(p.row)
        };
        let fits = self.strings.strings.len() < 1 << 16 && pending.iter().all(|p| (0..1 << 24).contains(&p.indicator));
        if fits {
            pending.sort_unstable_by_key(key);
        } else {
            pending.sort_unstable_by_key(|p| (p.indicator, rank[p.code as usize], rank[p.period as usize], p.row));
        }
        let mut unique: Vec<Pending> = Vec::with_capacity(pending.len());
        for p in pending {
            if let Some(first) = unique.last().filter(|f| f.key() == p.key()) {
                if first.same_value(&p) {
                    let (first_row, code) = (first.row, self.strings.get(p.code).to_string());
                    self.note(format!(
                        "row {} repeats row {first_row} for {code} (same value); kept once",
                        p.row
                    ));
                    continue;
                }
                let location = Location {
                    file: self.file.clone(),
                    sheet: (p.sheet != 0).then(|| self.strings.get(p.sheet).to_string()),
                    row: p.row,
                    column: None,
                    header: None,
                };
                return Err(ImportError::Conflict(Box::new(crate::error::ValueConflict {
                    location,
                    ods_code: self.strings.get(p.code).to_string(),
                    indicator: self.indicator_keys.get(&p.indicator).cloned().unwrap_or_default(),
                    period: self.strings.get(p.period).to_string(),
                    first_row: first.row,
                    first: self.describe(first),
                    second: self.describe(&p),
                }))
                .into());
            }
            unique.push(p);
        }
        let mut full = self.tx.prepare(&insert_sql(WRITE_BATCH))?;
        for (n, chunk) in unique.chunks(WRITE_BATCH).enumerate() {
            let mut values: Vec<ToSqlOutput<'_>> = Vec::with_capacity(chunk.len() * 10);
            for p in chunk {
                self.push_params(p, &mut values);
            }
            if chunk.len() == WRITE_BATCH {
                full.execute(rusqlite::params_from_iter(values.iter()))?;
            } else {
                self.tx
                    .prepare(&insert_sql(chunk.len()))?
                    .execute(rusqlite::params_from_iter(values.iter()))?;
            }
            if n % 64 == 63 {
                self.report_progress()?;
            }
        }
        self.summary.observations_written = unique.len() as u64;
        let ids: std::collections::BTreeSet<u32> = unique.iter().map(|p| p.period).collect();
        let mut periods: Vec<String> = ids.into_iter().map(|id| self.strings.get(id).to_string()).collect();
        periods.sort_unstable();
        Ok(periods)
    }

    /// For files whose rows carry the periods: the dataset's period is the span they cover,
    /// and an earlier import of the same dataset and span is replaced.
    pub(super) fn settle_period(&mut self, periods: Vec<String>) -> Result<()> {
        let span = match (periods.first(), periods.last()) {
            (Some(a), Some(b)) if a == b => a.clone(),
            (Some(a), Some(b)) => format!("{a} to {b}"),
            _ => "no data".to_string(),
        };
        let key = self.summary.provenance.key.clone();
        let earlier: Option<(i64, String)> = self
            .tx
            .query_row(
                "SELECT id, imported_at FROM dataset WHERE key = ?1 AND period = ?2 AND id <> ?3",
                params![key, span, self.dataset_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((id, at)) = earlier {
            self.tx.execute("DELETE FROM dataset WHERE id = ?1", params![id])?;
            self.note(format!("replaces the earlier '{key}' {span} file imported at {at}"));
        }
        self.tx.execute(
            "UPDATE dataset SET period = ?1 WHERE id = ?2",
            params![span, self.dataset_id],
        )?;
        self.summary.provenance.period = span;
        Ok(())
    }

    fn push_params<'s>(&'s self, p: &Pending, out: &mut Vec<ToSqlOutput<'s>>) {
        let real = |x: f64| ToSqlOutput::Borrowed(if x.is_nan() { ValueRef::Null } else { ValueRef::Real(x) });
        let text = |id: u32| {
            ToSqlOutput::Borrowed(if id == 0 {
                ValueRef::Null
            } else {
                ValueRef::Text(self.strings.get(id).as_bytes())
            })
        };
        out.extend([
            ToSqlOutput::Borrowed(ValueRef::Integer(p.indicator)),
            text(p.code),
            text(p.period),
            real(p.value),
            real(p.numerator),
            real(p.base),
            text(p.category),
            text(p.missing),
            ToSqlOutput::Borrowed(ValueRef::Integer(self.dataset_id)),
            ToSqlOutput::Borrowed(ValueRef::Integer(p.row as i64)),
        ]);
    }

    fn describe(&self, p: &Pending) -> String {
        Obs {
            value: (!p.value.is_nan()).then_some(p.value),
            category: (p.category != 0).then(|| self.strings.get(p.category).to_string()),
            missing: (p.missing != 0).then(|| self.strings.get(p.missing).to_string()),
            ..Obs::default()
        }
        .describe()
    }
}
