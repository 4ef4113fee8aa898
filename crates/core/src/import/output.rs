//! Where adapters put what they read: validates each row and writes it inside the import's
//! transaction, and keeps the tallies of the import summary.

use super::{ImportOptions, ImportSummary, NameIssue, Progress};
use crate::error::{Error, ImportError, Location, Result};
use crate::model::{IndicatorDef, OrgKind, Provenance};
use crate::names::{NameIndex, NameMatch};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{OptionalExtension, Transaction, params};
use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;

/// How often (in rows) progress is reported and cancellation checked.
const PROGRESS_EVERY: u64 = 4096;

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
            (Some(v), _, _) => super::table::format_number(*v),
            (None, Some(c), _) => format!("'{c}'"),
            (None, None, Some(m)) => format!("missing ({m})"),
            _ => "nothing".into(),
        }
    }
}

/// An organisation reference row from an ODS-style file.
#[derive(Debug, Clone, Default)]
pub struct OrgRecord {
    /// ODS code.
    pub code: String,
    /// Name as published.
    pub name: String,
    /// Kind.
    pub kind: Option<OrgKind>,
    /// Trust type.
    pub trust_type: Option<String>,
    /// Region code.
    pub region_code: Option<String>,
    /// ICB code.
    pub icb_code: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// Open date, ISO.
    pub open_date: Option<String>,
    /// Close date, ISO.
    pub close_date: Option<String>,
    /// Successor code.
    pub successor: Option<String>,
}

/// The period of a dataset whose rows carry their own periods, until they are read.
pub(crate) const PERIOD_FROM_ROWS: &str = "(periods in the rows)";

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
struct Pending {
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
struct Interner {
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

    fn get(&self, id: u32) -> &str {
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

struct KnownOrg {
    close_date: Option<String>,
}

/// The writer an adapter fills.
pub struct Output<'t> {
    tx: &'t Transaction<'t>,
    /// File name, for locations.
    pub file: String,
    /// Current sheet, for locations.
    pub sheet: Option<String>,
    dataset_id: i64,
    period: String,
    pending: Vec<Pending>,
    strings: Interner,
    last_code: Option<(String, u32)>,
    known: HashMap<String, KnownOrg>,
    seen: HashSet<String>,
    indicators: HashMap<String, i64>,
    indicator_keys: HashMap<i64, String>,
    names: Option<NameIndex>,
    summary: ImportSummary,
    progress: &'t mut dyn FnMut(Progress) -> ControlFlow<()>,
}

impl<'t> Output<'t> {
    pub(crate) fn new(
        tx: &'t Transaction<'t>,
        file: &str,
        dataset_id: i64,
        period: &str,
        summary: ImportSummary,
        progress: &'t mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<Output<'t>> {
        let mut out = Output {
            tx,
            file: file.to_string(),
            sheet: None,
            dataset_id,
            period: period.to_string(),
            pending: Vec::new(),
            strings: Interner::default(),
            last_code: None,
            known: HashMap::new(),
            seen: HashSet::new(),
            indicators: HashMap::new(),
            indicator_keys: HashMap::new(),
            names: None,
            summary,
            progress,
        };
        out.load_known()?;
        Ok(out)
    }

    fn load_known(&mut self) -> Result<()> {
        let mut stmt = self.tx.prepare("SELECT ods_code, close_date FROM organisation")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))?;
        for row in rows {
            let (code, close_date) = row?;
            self.known.insert(code, KnownOrg { close_date });
        }
        Ok(())
    }

    /// The dataset's period, for rows that do not carry their own.
    pub fn period(&self) -> &str {
        &self.period
    }

    /// A location in the current sheet.
    pub fn at(&self, row: u64, column: Option<usize>, header: Option<String>) -> Location {
        Location {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row,
            column,
            header,
        }
    }

    /// An error about one cell.
    pub fn cell_error(&self, row: u64, column: usize, header: Option<String>, problem: impl Into<String>) -> Error {
        ImportError::Cell {
            location: self.at(row, Some(column), header),
            problem: problem.into(),
        }
        .into()
    }

    /// Count a data row read; reports progress and honours cancel.
    pub fn row_read(&mut self) -> Result<()> {
        self.summary.rows_read += 1;
        if self.summary.rows_read % PROGRESS_EVERY == 0 {
            self.report_progress()?;
        }
        Ok(())
    }

    /// Tell the caller how far the import is; a `Break` answer cancels it.
    fn report_progress(&mut self) -> Result<()> {
        if (self.progress)(Progress {
            rows: self.summary.rows_read,
        })
        .is_break()
        {
            return Err(ImportError::Cancelled {
                file: self.file.clone(),
            }
            .into());
        }
        Ok(())
    }

    /// Add a note to the summary.
    pub fn note(&mut self, note: impl Into<String>) {
        self.summary.notes.push(note.into());
    }

    /// Check an ODS code's shape and return it upper-cased: 3 to 5 letters and digits.
    pub fn ods_code(&self, raw: &str, row: u64, column: usize, header: Option<String>) -> Result<String> {
        let trimmed = raw.trim();
        if (3..=5).contains(&trimmed.len()) && trimmed.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(trimmed.to_ascii_uppercase())
        } else if trimmed.is_empty() {
            Err(self.cell_error(
                row,
                column,
                header,
                "the ODS code is empty; expected a code such as RJ1",
            ))
        } else {
            Err(self.cell_error(
                row,
                column,
                header,
                format!(
                    "'{}' is not an ODS code; expected 3 to 5 letters and digits such as RJ1 or G6V2S",
                    raw.trim()
                ),
            ))
        }
    }

    /// Define (or look up) an indicator and return its id. An existing indicator keeps its
    /// label; a different unit for the same key is an error, since its values would mix.
    pub fn indicator(&mut self, def: &IndicatorDef, dataset_key: &str) -> Result<i64> {
        if let Some(id) = self.indicators.get(&def.key) {
            return Ok(*id);
        }
        let existing: Option<(i64, String)> = self
            .tx
            .query_row("SELECT id, unit FROM indicator WHERE key = ?1", params![def.key], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let id = match existing {
            Some((id, unit)) if unit == def.unit.as_str() => id,
            Some((_, unit)) => {
                return Err(ImportError::Invalid {
                    file: self.file.clone(),
                    message: format!(
                        "indicator '{}' is already in the database with unit {unit}, but this file gives it as {}",
                        def.key, def.unit
                    ),
                }
                .into());
            }
            None => {
                self.tx.execute(
                    "INSERT INTO indicator (key, dataset_key, label, grp, unit, polarity) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![def.key, dataset_key, def.label, def.group, def.unit.as_str(), def.polarity.as_str()],
                )?;
                self.tx.last_insert_rowid()
            }
        };
        self.indicators.insert(def.key.clone(), id);
        self.indicator_keys.insert(id, def.key.clone());
        Ok(id)
    }

    /// Note an organisation code used in the file: unknown and closed ones go in the summary.
    pub fn saw_org(&mut self, code: &str, row: u64) {
        match self.known.get(code) {
            Some(org) => {
                if self.seen.insert(code.to_string()) {
                    self.summary.organisations_matched += 1;
                    if let Some(closed) = &org.close_date {
                        self.summary
                            .closed_organisations
                            .insert(code.to_string(), closed.clone());
                    }
                }
            }
            None => {
                if !self.summary.unknown_codes.contains_key(code) {
                    self.summary.unknown_codes.insert(code.to_string(), row);
                }
            }
        }
    }

    /// Record one observation. Observations are checked and written together when the
    /// adapter is done ([`Output::finish`]): sorted by key, so a second value for the same
    /// organisation, indicator and period is found wherever it is in the file, and written in
    /// key order, which is what makes large imports fast.
    pub fn observe(&mut self, indicator: i64, code: &str, period: &str, obs: Obs, row: u64) -> Result<()> {
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

    /// Check the recorded observations for duplicates and write them, in key order, in
    /// multi-row statements.
    /// Returns the periods written, in order.
    fn write_observations(&mut self) -> Result<Vec<String>> {
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
                return Err(ImportError::Conflict {
                    location,
                    ods_code: self.strings.get(p.code).to_string(),
                    indicator: self.indicator_keys.get(&p.indicator).cloned().unwrap_or_default(),
                    period: self.strings.get(p.period).to_string(),
                    first_row: first.row,
                    first: self.describe(first),
                    second: self.describe(&p),
                }
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
    fn settle_period(&mut self, periods: Vec<String>) -> Result<()> {
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

    /// Write (or update) an organisation's reference row. Fields the record leaves empty keep
    /// what the database has.
    pub fn organisation(&mut self, org: &OrgRecord) -> Result<()> {
        self.tx.execute(
            "INSERT INTO organisation
                 (ods_code, name, kind, trust_type, region_code, icb_code, postcode, open_date, close_date, successor, dataset_id)
             VALUES (?1, ?2, coalesce(?3, 'trust'), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (ods_code) DO UPDATE SET
                 name = excluded.name,
                 kind = coalesce(?3, organisation.kind),
                 trust_type = coalesce(excluded.trust_type, organisation.trust_type),
                 region_code = coalesce(excluded.region_code, organisation.region_code),
                 icb_code = coalesce(excluded.icb_code, organisation.icb_code),
                 postcode = coalesce(excluded.postcode, organisation.postcode),
                 open_date = coalesce(excluded.open_date, organisation.open_date),
                 close_date = coalesce(excluded.close_date, organisation.close_date),
                 successor = coalesce(excluded.successor, organisation.successor),
                 dataset_id = excluded.dataset_id",
            params![
                org.code,
                org.name,
                org.kind.map(OrgKind::as_str),
                org.trust_type,
                org.region_code,
                org.icb_code,
                org.postcode,
                org.open_date,
                org.close_date,
                org.successor,
                self.dataset_id
            ],
        )?;
        self.known.insert(
            org.code.clone(),
            KnownOrg {
                close_date: org.close_date.clone(),
            },
        );
        self.summary.organisations_written += 1;
        self.alias(&org.code, &org.name)
    }

    /// Update only the trust type of an organisation that exists; `false` if it does not.
    pub fn set_trust_type(&mut self, code: &str, trust_type: &str) -> Result<bool> {
        let n = self.tx.execute(
            "UPDATE organisation SET trust_type = ?2 WHERE ods_code = ?1",
            params![code, trust_type],
        )?;
        Ok(n == 1)
    }

    /// Record the successor of a merged organisation, unless one is recorded; `true` if set.
    pub fn set_successor(&mut self, code: &str, successor: &str) -> Result<bool> {
        let n = self.tx.execute(
            "UPDATE organisation SET successor = ?2 WHERE ods_code = ?1 AND successor IS NULL AND ?2 <> ?1",
            params![code, successor],
        )?;
        Ok(n == 1)
    }

    /// Record a name (or old name) of an organisation, for name-keyed files.
    pub fn alias(&mut self, code: &str, name: &str) -> Result<()> {
        let alias = crate::names::normalise(name);
        if alias.is_empty() {
            return Ok(());
        }
        self.tx.execute(
            "INSERT OR IGNORE INTO org_alias (alias, ods_code, name, dataset_id) VALUES (?1, ?2, ?3, ?4)",
            params![alias, code, name.trim(), self.dataset_id],
        )?;
        if let Some(ix) = &mut self.names {
            ix.add(code, name, true);
        }
        Ok(())
    }

    /// Record a grouping of an organisation in a period (survey benchmarking group, size group).
    pub fn classify(&mut self, code: &str, scheme: &str, period: &str, value: &str) -> Result<()> {
        self.tx.execute(
            "INSERT INTO org_classification (ods_code, scheme, period, value, dataset_id) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (ods_code, scheme, period) DO UPDATE SET value = excluded.value, dataset_id = excluded.dataset_id",
            params![code, scheme, period, value.trim(), self.dataset_id],
        )?;
        Ok(())
    }

    /// The code of the region or ICB with this name (as the ONS lookup names them), if known.
    pub fn code_by_name(&self, kind: OrgKind, name: &str) -> Result<Option<String>> {
        let want = crate::names::normalise(name);
        let mut stmt = self
            .tx
            .prepare_cached("SELECT ods_code, name FROM organisation WHERE kind = ?1")?;
        let rows = stmt.query_map(params![kind.as_str()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (code, n) = row?;
            if crate::names::normalise(&n) == want {
                return Ok(Some(code));
            }
        }
        Ok(None)
    }

    /// Match a provider name to one trust or ICB; report it in the summary when that fails.
    pub fn match_name(&mut self, name: &str, place: String) -> Result<Option<String>> {
        if self.names.is_none() {
            self.names = Some(self.build_name_index()?);
        }
        let found = self
            .names
            .as_ref()
            .map(|ix| ix.find(name))
            .unwrap_or(NameMatch::Unmatched(vec![]));
        Ok(match found {
            NameMatch::Exact(code) => Some(code),
            NameMatch::Near { code, matched, .. } => {
                self.summary
                    .near_matches
                    .push((name.to_string(), matched, code.clone()));
                Some(code)
            }
            NameMatch::Ambiguous(codes) => {
                let candidates = codes.into_iter().map(|c| (c, String::new(), 1.0)).collect();
                self.summary.name_issues.push(NameIssue {
                    place,
                    name: name.into(),
                    problem: "ambiguous".into(),
                    candidates,
                });
                None
            }
            NameMatch::Unmatched(candidates) => {
                self.summary.name_issues.push(NameIssue {
                    place,
                    name: name.into(),
                    problem: "unmatched".into(),
                    candidates,
                });
                None
            }
        })
    }

    fn build_name_index(&self) -> Result<NameIndex> {
        let mut ix = NameIndex::default();
        let mut stmt = self.tx.prepare(
            "SELECT o.ods_code, o.name, o.close_date IS NULL FROM organisation o WHERE o.kind IN ('trust', 'icb')
             UNION ALL
             SELECT a.ods_code, a.name, o.close_date IS NULL FROM org_alias a
               JOIN organisation o ON o.ods_code = a.ods_code WHERE o.kind IN ('trust', 'icb')",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, bool>(2)?))
        })?;
        for row in rows {
            let (code, name, open) = row?;
            ix.add(&code, &name, open);
        }
        Ok(ix)
    }

    pub(crate) fn finish(mut self) -> Result<ImportSummary> {
        let periods = self.write_observations()?;
        if self.period == PERIOD_FROM_ROWS {
            self.settle_period(periods)?;
        }
        let mut summary = self.summary;
        let found_closed = &summary.closed_organisations;
        if !found_closed.is_empty() {
            let list: Vec<String> = found_closed.iter().map(|(c, d)| format!("{c} (closed {d})")).collect();
            summary
                .notes
                .push(format!("rows for closed organisations kept: {}", list.join(", ")));
        }
        Ok(summary)
    }
}

/// Insert the dataset row, first removing what it supersedes: an earlier import of the same
/// dataset and period (a newer file replaces the old one), and illustrative (synthetic) data of
/// the same dataset when real data arrives, so the two never mix.
pub(crate) fn begin_dataset(
    tx: &Transaction<'_>,
    p: &Provenance,
    sha256: &str,
    adapter: &str,
    options: &ImportOptions,
    summary: &mut ImportSummary,
) -> Result<i64> {
    if p.synthetic {
        let real: Option<String> = tx
            .query_row(
                "SELECT period FROM dataset WHERE key = ?1 AND synthetic = 0 LIMIT 1",
                params![p.key],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(period) = real {
            return Err(ImportError::Invalid {
                file: summary.file.clone(),
                message: format!(
                    "real data for '{}' ({period}) is already imported; illustrative data would mix with it, so it is not imported",
                    p.key
                ),
            }
            .into());
        }
    } else {
        let removed = tx.execute("DELETE FROM dataset WHERE key = ?1 AND synthetic = 1", params![p.key])?;
        if removed > 0 {
            summary.notes.push(format!(
                "replaces the illustrative (synthetic) '{}' data, which is removed",
                p.key
            ));
        }
    }
    let previous: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, imported_at FROM dataset WHERE key = ?1 AND period = ?2",
            params![p.key, p.period],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((id, at)) = previous {
        tx.execute("DELETE FROM dataset WHERE id = ?1", params![id])?;
        summary.notes.push(format!(
            "replaces the earlier '{}' {} file imported at {at}",
            p.key, p.period
        ));
    }
    tx.execute(
        "INSERT INTO dataset (key, title, publisher, period, licence, source, sha256, imported_at, synthetic, bundled, adapter)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            p.key,
            p.title,
            p.publisher,
            p.period,
            p.licence,
            p.source,
            sha256,
            crate::period::rfc3339_utc(options.now),
            p.synthetic,
            options.bundled,
            adapter
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Observations held by datasets other than `dataset_id` (to count what an import replaced).
pub(crate) fn observations_outside(tx: &Transaction<'_>, dataset_id: i64) -> Result<u64> {
    Ok(tx.query_row(
        "SELECT count(*) FROM observation WHERE dataset_id <> ?1",
        params![dataset_id],
        |r| r.get(0),
    )?)
}
