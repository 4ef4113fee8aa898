//! Observations: buffered as adapters read them, then sorted by key, checked for conflicting
//! duplicates and written in multi-row statements.

use super::LeaveOut;
use super::Output;
use crate::error::{ImportError, Location, Result};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{OptionalExtension, params};
use rustc_hash::FxHashMap as HashMap;

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
const WRITE_BATCH: usize = 256;

/// Observations held in memory before they are sorted and written (64 bytes each and 16 to
/// sort them): however large the file, an import holds no more than this.
pub(super) const FLUSH_ROWS: usize = 1 << 20;

/// The statement that writes `rows` observations of dataset `dataset_id`; `plain` rows have a
/// value and nothing else (no numerator, base, category or missing reason), so need 5
/// parameters, not 9.
fn insert_sql(rows: usize, plain: bool, dataset_id: i64) -> String {
    let mut sql = String::from(
        "INSERT INTO observation
             (indicator_id, ods_code, period, value, numerator, base, category, missing, dataset_id, source_row)
         VALUES ",
    );
    let one = if plain {
        format!("(?,?,?,?,NULL,NULL,NULL,NULL,{dataset_id},?)")
    } else {
        format!("(?,?,?,?,?,?,?,?,{dataset_id},?)")
    };
    for i in 0..rows {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(&one);
    }
    // A value from an earlier dataset is replaced (the newer file wins) and counted; a key this
    // import wrote in an earlier batch is left as it is, for `resolve_skipped` to look at.
    sql.push_str(
        " ON CONFLICT (indicator_id, ods_code, period) DO UPDATE SET
             value = excluded.value, numerator = excluded.numerator, base = excluded.base,
             category = excluded.category, missing = excluded.missing,
             dataset_id = excluded.dataset_id, source_row = excluded.source_row
           WHERE boardlens_replaces(observation.dataset_id, excluded.dataset_id)",
    );
    sql
}

/// Values an import replaced in other datasets, by dataset id.
pub(super) type Replacements = std::sync::Arc<std::sync::Mutex<rustc_hash::FxHashMap<i64, u64>>>;

/// Register `boardlens_replaces(old, new)` on the connection: true when a stored value belongs
/// to another dataset (so the import replaces it), counting each such replacement by the
/// dataset that held it. Counting in the statement costs nothing per row written; counting the
/// table before and after read every observation in the database twice.
pub(super) fn count_replacements(conn: &rusqlite::Connection) -> Result<Replacements> {
    use rusqlite::functions::FunctionFlags;
    let counter = Replacements::default();
    let count = counter.clone();
    conn.create_scalar_function("boardlens_replaces", 2, FunctionFlags::SQLITE_UTF8, move |cx| {
        let (old, new) = (cx.get::<i64>(0)?, cx.get::<i64>(1)?);
        if old != new {
            let mut counts = count.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            *counts.entry(old).or_default() += 1;
        }
        Ok(old != new)
    })?;
    Ok(counter)
}

/// Sort (key, place) pairs by key, keeping places in order for equal keys: a least
/// significant digit radix sort, a byte at a time, skipping bytes every key shares. For a
/// million rows it is several times faster than a comparison sort.
fn radix_sort(items: &mut Vec<(u64, u32)>) {
    let mut other = vec![(0u64, 0u32); items.len()];
    let (all_or, all_and) = items.iter().fold((0u64, u64::MAX), |(o, a), (k, _)| (o | k, a & k));
    for byte in 0..8 {
        let shift = byte * 8;
        if (all_or >> shift) & 0xFF == (all_and >> shift) & 0xFF {
            continue; // every key has the same byte here
        }
        let mut count = [0usize; 257];
        for (k, _) in items.iter() {
            count[((k >> shift) & 0xFF) as usize + 1] += 1;
        }
        for i in 1..257 {
            count[i] += count[i - 1];
        }
        for item in items.iter() {
            let digit = ((item.0 >> shift) & 0xFF) as usize;
            other[count[digit]] = *item;
            count[digit] += 1;
        }
        std::mem::swap(items, &mut other);
    }
}

/// What the batches have written so far.
#[derive(Default)]
pub(super) struct Written {
    /// Observations written.
    pub(super) rows: u64,
    /// Their periods: `periods[id]` for each interned period written.
    periods: Vec<bool>,
}

/// What an organisation's code is, for telling ICB subtotals from ICB data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OrgKind {
    Trust,
    Icb,
    Other,
}

/// An observation waiting to be written: strings interned, missing numbers as NaN, so a
/// batch of them fits in about 19 MB.
#[derive(Clone, Copy)]
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
            ids: HashMap::default(),
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
    /// Record one observation. Observations are held and written in batches of
    /// [`FLUSH_ROWS`], each sorted by key (which is what makes large imports fast), so an import
    /// of any size holds at most that many in memory. A second value for the same organisation,
    /// indicator and period is found wherever it is in the file: in the same batch by the sort,
    /// in an earlier one by the database (see [`Output::resolve_skipped`]).
    pub fn observe(&mut self, indicator: i64, code: &str, period: &str, obs: Obs, row: u64) -> Result<()> {
        self.check_obs(indicator, code, &obs, row)?;
        // Files run organisation by organisation: the same code as the last row needs no lookups.
        let (code_id, kind) = match &self.last_code {
            Some((last, id, kind)) if last == code => (*id, *kind),
            _ => {
                self.saw_org(code, row);
                let id = self.strings.id(code);
                let kind = match self.known.get(code).map(|k| k.kind.as_str()) {
                    Some("trust") => OrgKind::Trust,
                    Some("icb") => OrgKind::Icb,
                    _ => OrgKind::Other,
                };
                self.last_code = Some((code.to_string(), id, kind));
                (id, kind)
            }
        };
        if let Some(reason) = &obs.missing {
            *self.summary.missing_values.entry(reason.clone()).or_default() += 1;
        }
        let sheet = match (&self.sheet, &self.last_sheet) {
            (None, _) => 0,
            (Some(name), Some((last, id))) if name == last => *id,
            (Some(name), _) => {
                let id = self.strings.id(name);
                self.last_sheet = Some((name.clone(), id));
                id
            }
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
        // In a file of trusts an ICB's rows are subtotals of its trusts, left out; in a file of
        // ICBs they are the data. Until a trust's row is seen, ICB rows are held.
        if self.gated {
            match kind {
                OrgKind::Trust if !self.has_trust => {
                    self.has_trust = true;
                    self.leave_out_held_icbs()?;
                }
                OrgKind::Icb if self.has_trust => {
                    if self.last_icb_row != Some(row) {
                        self.last_icb_row = Some(row);
                        self.leave_out(LeaveOut::IcbSubtotal, code.to_string(), row, None, None)?;
                    }
                    return Ok(());
                }
                OrgKind::Icb => {
                    self.held_icbs.push(pending);
                    if self.held_icbs.len() >= self.flush_rows {
                        self.spill_held_icbs()?;
                    }
                    return Ok(());
                }
                _ => {}
            }
        }
        self.pending.push(pending);
        if self.pending.len() >= self.flush_rows {
            let batch = std::mem::take(&mut self.pending);
            self.write_batch(batch)?;
        }
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

    /// A trust's row has been seen, so the ICB rows held so far are subtotals: each is left out
    /// (counted once per row, in row order).
    fn leave_out_held_icbs(&mut self) -> Result<()> {
        let mut rows: Vec<(u64, u32)> = Vec::new();
        if self.held_spilled > 0 {
            let mut stmt = self
                .tx
                .prepare("SELECT DISTINCT source_row, code FROM temp.boardlens_held_icb ORDER BY source_row")?;
            let spilled = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, u32>(1)?)))?;
            for row in spilled {
                rows.push(row?);
            }
            self.tx.execute("DELETE FROM temp.boardlens_held_icb", [])?;
            self.held_spilled = 0;
        }
        rows.extend(std::mem::take(&mut self.held_icbs).iter().map(|p| (p.row, p.code)));
        rows.dedup();
        for (row, code) in rows {
            if self.last_icb_row != Some(row) {
                self.last_icb_row = Some(row);
                let code = self.strings.get(code).to_string();
                self.leave_out(LeaveOut::IcbSubtotal, code, row, None, None)?;
            }
        }
        Ok(())
    }

    /// Move the held ICB rows to a temporary table (in SQLite's temporary file, not memory),
    /// so a file of a million ICB rows holds no more in memory than a file of trusts.
    fn spill_held_icbs(&mut self) -> Result<()> {
        if self.held_spilled == 0 {
            self.tx.execute(
                "CREATE TEMP TABLE IF NOT EXISTS boardlens_held_icb
                     (indicator_id, code, period, sheet, value, numerator, base, category, missing, source_row)",
                [],
            )?;
        }
        let held = std::mem::take(&mut self.held_icbs);
        let mut insert = self
            .tx
            .prepare_cached("INSERT INTO temp.boardlens_held_icb VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")?;
        let real = |x: f64| (!x.is_nan()).then_some(x);
        for p in &held {
            insert.execute(params![
                p.indicator,
                p.code,
                p.period,
                p.sheet,
                real(p.value),
                real(p.numerator),
                real(p.base),
                p.category,
                p.missing,
                p.row as i64
            ])?;
        }
        self.held_spilled += held.len() as u64;
        Ok(())
    }

    /// At the end of the file: write whatever is still held (ICB rows of a file of ICBs, the
    /// last batch) and drop the temporary table.
    pub(super) fn write_remaining(&mut self) -> Result<()> {
        if self.held_spilled > 0 {
            let mut batch = Vec::with_capacity(self.flush_rows.min(FLUSH_ROWS));
            let mut stmt = self.tx.prepare(
                "SELECT indicator_id, code, period, sheet, value, numerator, base, category, missing, source_row
                   FROM temp.boardlens_held_icb",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let real = |i: usize| -> rusqlite::Result<f64> { Ok(r.get::<_, Option<f64>>(i)?.unwrap_or(f64::NAN)) };
                batch.push(Pending {
                    indicator: r.get(0)?,
                    code: r.get(1)?,
                    period: r.get(2)?,
                    sheet: r.get(3)?,
                    value: real(4)?,
                    numerator: real(5)?,
                    base: real(6)?,
                    category: r.get(7)?,
                    missing: r.get(8)?,
                    row: r.get::<_, i64>(9)? as u64,
                });
                if batch.len() >= self.flush_rows {
                    self.write_batch(std::mem::take(&mut batch))?;
                }
            }
            drop(rows);
            drop(stmt);
            self.write_batch(batch)?;
            self.held_spilled = 0;
        }
        if self.has_spill_table()? {
            self.tx.execute("DROP TABLE temp.boardlens_held_icb", [])?;
        }
        let held = std::mem::take(&mut self.held_icbs);
        self.write_batch(held)?;
        let pending = std::mem::take(&mut self.pending);
        self.write_batch(pending)
    }

    fn has_spill_table(&self) -> Result<bool> {
        Ok(self
            .tx
            .query_row(
                "SELECT 1 FROM temp.sqlite_master WHERE name = 'boardlens_held_icb'",
                [],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// True when nothing has been written or is waiting to be.
    pub(super) fn nothing_observed(&self) -> bool {
        self.written.rows == 0 && self.pending.is_empty() && self.held_icbs.is_empty() && self.held_spilled == 0
    }

    /// The periods written so far, in order.
    pub(super) fn periods_written(&self) -> Vec<String> {
        let mut periods: Vec<String> = (self.written.periods.iter().enumerate())
            .filter(|(_, written)| **written)
            .map(|(id, _)| self.strings.get(id as u32).to_string())
            .collect();
        periods.sort_unstable();
        periods
    }

    /// Sort one batch by key, check it for duplicates, and write it in multi-row statements. A
    /// value held by an earlier dataset is replaced (the newer file wins, counted); a key this
    /// import has already written in an earlier batch is left alone by the statement and then
    /// looked at: the same value is noted and kept once, a different one is an error.
    fn write_batch(&mut self, batch: Vec<Pending>) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let rank = self.strings.ranks();
        // Sort an index, not the rows: one packed key per row — indicator, code and period in
        // text order (24 + 24 + 16 bits are plenty for one file) — by a stable sort, so the
        // first occurrence of a key comes first.
        let fits = rank.len() < 1 << 16 && batch.iter().all(|p| (0..1 << 24).contains(&p.indicator));
        let mut order: Vec<(u64, u32)> = Vec::with_capacity(batch.len());
        if fits {
            order.extend(batch.iter().enumerate().map(|(i, p)| {
                let key = ((p.indicator as u64) << 40)
                    | (u64::from(rank[p.code as usize]) << 16)
                    | u64::from(rank[p.period as usize]);
                (key, i as u32)
            }));
            radix_sort(&mut order);
        } else {
            let mut index: Vec<u32> = (0..batch.len() as u32).collect();
            index.sort_by_key(|&i| {
                let p = &batch[i as usize];
                (p.indicator, rank[p.code as usize], rank[p.period as usize])
            });
            order.extend(index.into_iter().map(|i| (0, i)));
        }
        let mut statements = [
            self.tx.prepare(&insert_sql(WRITE_BATCH, false, self.dataset_id))?,
            self.tx.prepare(&insert_sql(WRITE_BATCH, true, self.dataset_id))?,
        ];
        let mut chunk: Vec<Pending> = Vec::with_capacity(WRITE_BATCH);
        let mut kept: Option<Pending> = None;
        for (n, (_, i)) in order.into_iter().enumerate() {
            let p = batch[i as usize];
            if let Some(first) = kept.filter(|f| f.key() == p.key()) {
                if first.same_value(&p) {
                    let code = self.strings.get(p.code).to_string();
                    self.note(format!(
                        "row {} repeats row {} for {code} (same value); kept once",
                        p.row, first.row
                    ));
                    continue;
                }
                return Err(self.conflict(&p, (first.row, self.describe(&first))));
            }
            kept = Some(p);
            chunk.push(p);
            if chunk.len() == WRITE_BATCH {
                self.write_chunk(&chunk, &mut statements)?;
                chunk.clear();
            }
            if n % (64 * WRITE_BATCH) == 64 * WRITE_BATCH - 1 {
                self.report_progress()?;
            }
        }
        self.write_chunk(&chunk, &mut statements)
    }

    /// Write up to [`WRITE_BATCH`] sorted, distinct observations in one statement.
    fn write_chunk(&mut self, chunk: &[Pending], statements: &mut [rusqlite::Statement<'_>; 2]) -> Result<()> {
        if chunk.is_empty() {
            return Ok(());
        }
        let plain = chunk
            .iter()
            .all(|p| p.numerator.is_nan() && p.base.is_nan() && p.category == 0 && p.missing == 0);
        let mut values: Vec<ToSqlOutput<'_>> = Vec::with_capacity(chunk.len() * if plain { 5 } else { 9 });
        for p in chunk {
            self.push_params(p, plain, &mut values);
        }
        let written = if chunk.len() == WRITE_BATCH {
            statements[usize::from(plain)].execute(rusqlite::params_from_iter(values.iter()))?
        } else {
            self.tx
                .prepare(&insert_sql(chunk.len(), plain, self.dataset_id))?
                .execute(rusqlite::params_from_iter(values.iter()))?
        };
        drop(values);
        if written < chunk.len() {
            self.resolve_skipped(chunk, chunk.len() - written)?;
        }
        self.written.rows += written as u64;
        for p in chunk {
            let id = p.period as usize;
            if id >= self.written.periods.len() {
                self.written.periods.resize(id + 1, false);
            }
            self.written.periods[id] = true;
        }
        Ok(())
    }

    /// Some rows of a statement were not written: their keys were written by an earlier batch
    /// of this import. Each is compared with what was written: the same value is noted and kept
    /// once, a different value is an error naming both rows.
    fn resolve_skipped(&mut self, chunk: &[Pending], skipped: usize) -> Result<()> {
        let mut found = 0;
        for p in chunk {
            let stored: (Option<f64>, Option<String>, Option<String>, i64) = self
                .tx
                .prepare_cached(
                    "SELECT value, category, missing, source_row FROM observation
                      WHERE indicator_id = ?1 AND ods_code = ?2 AND period = ?3 AND dataset_id = ?4",
                )?
                .query_row(
                    params![
                        p.indicator,
                        self.strings.get(p.code),
                        self.strings.get(p.period),
                        self.dataset_id
                    ],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )?;
            let first = Pending {
                value: stored.0.unwrap_or(f64::NAN),
                category: stored.1.as_deref().map_or(0, |c| self.strings.id(c)),
                missing: stored.2.as_deref().map_or(0, |m| self.strings.id(m)),
                row: stored.3 as u64,
                ..*p
            };
            let same = first.same_value(p);
            if same && first.row == p.row {
                continue; // this row itself, written now
            }
            if !same {
                let first = (first.row, self.describe(&first));
                return Err(self.conflict(p, first));
            }
            found += 1;
            let code = self.strings.get(p.code).to_string();
            self.note(format!(
                "row {} repeats row {} for {code} (same value); kept once",
                p.row, first.row
            ));
        }
        if found < skipped {
            // Two sheets can repeat a value on the same row number: kept once, as above.
            self.note(format!(
                "{} rows repeat earlier rows with the same values; kept once",
                skipped - found
            ));
        }
        Ok(())
    }

    fn conflict(&self, p: &Pending, (first_row, first): (u64, String)) -> crate::error::Error {
        let location = Location {
            file: self.file.clone(),
            sheet: (p.sheet != 0).then(|| self.strings.get(p.sheet).to_string()),
            row: p.row,
            column: None,
            header: None,
        };
        ImportError::Conflict(Box::new(crate::error::ValueConflict {
            location,
            ods_code: self.strings.get(p.code).to_string(),
            indicator: self.indicator_keys.get(&p.indicator).cloned().unwrap_or_default(),
            period: self.strings.get(p.period).to_string(),
            first_row,
            first,
            second: self.describe(p),
        }))
        .into()
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

    fn push_params<'s>(&'s self, p: &Pending, plain: bool, out: &mut Vec<ToSqlOutput<'s>>) {
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
        ]);
        if !plain {
            out.extend([real(p.numerator), real(p.base), text(p.category), text(p.missing)]);
        }
        out.push(ToSqlOutput::Borrowed(ValueRef::Integer(p.row as i64)));
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

#[cfg(test)]
mod tests {
    use super::radix_sort;

    #[test]
    fn the_radix_sort_orders_by_key_and_keeps_equal_keys_in_place_order() {
        let keys: Vec<u64> = (0..5000u64)
            .map(|i| (((i * 7919) % 613) << 40) | ((i % 3) << 16) | (i % 5))
            .collect();
        let mut items: Vec<(u64, u32)> = keys.iter().enumerate().map(|(i, k)| (*k, i as u32)).collect();
        let mut expected = items.clone();
        expected.sort_by_key(|(k, _)| *k); // stable
        radix_sort(&mut items);
        assert_eq!(items, expected);
        let mut same = vec![(9u64, 2u32), (9, 0), (9, 1)];
        radix_sort(&mut same);
        assert_eq!(same, [(9, 2), (9, 0), (9, 1)], "one key: the order is kept");
    }
}
