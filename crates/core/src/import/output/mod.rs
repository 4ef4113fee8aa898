//! Where adapters put what they read: validates each row and writes it inside the import's
//! transaction, and keeps the tallies of the import summary.

use super::{ImportSummary, Progress};
use crate::error::{Error, ImportError, Location, Result};
use crate::model::IndicatorDef;
use crate::names::NameIndex;
use rusqlite::{OptionalExtension, Transaction, params};
use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;

mod observations;
mod organisations;

pub use observations::Obs;
use observations::{Interner, Pending};
pub use organisations::OrgRecord;

/// How often (in rows) progress is reported and cancellation checked.
const PROGRESS_EVERY: u64 = 4096;

/// The period of a dataset whose rows carry their own periods, until they are read.
pub(crate) const PERIOD_FROM_ROWS: &str = "(periods in the rows)";

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
    indicator_units: HashMap<i64, crate::model::Unit>,
    /// The row being read (for messages about what it writes).
    row: u64,
    /// Each organisation this import has written, with the row: a second row for the same
    /// code must say the same.
    org_rows: HashMap<String, (u64, OrgRecord)>,
    /// One fact per organisation set by this import (its trust type), with
    /// the row that set it.
    org_facts: HashMap<(String, &'static str), (u64, String)>,
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
            indicator_units: HashMap::new(),
            row: 0,
            org_rows: HashMap::new(),
            org_facts: HashMap::new(),
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
            location: Box::new(self.at(row, Some(column), header)),
            problem: problem.into(),
        }
        .into()
    }

    /// Count a data row read (its number, for messages); reports progress and honours cancel.
    pub fn row_read(&mut self, row: u64) -> Result<()> {
        self.row = row;
        self.summary.rows_read += 1;
        if self.summary.rows_read.is_multiple_of(PROGRESS_EVERY) {
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
        self.text(&def.label, "indicator label")?;
        self.indicators.insert(def.key.clone(), id);
        self.indicator_keys.insert(id, def.key.clone());
        self.indicator_units.insert(id, def.unit);
        Ok(id)
    }

    /// Check text about to be stored (a name, an alias, a label, a category): no control
    /// characters (a NUL byte, a stray escape), and no longer than a name can sensibly be.
    pub fn text(&self, value: &str, what: &str) -> Result<()> {
        if let Some((i, c)) = value
            .chars()
            .enumerate()
            .find(|(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        {
            return Err(ImportError::Cell {
                location: Box::new(self.at(self.row, None, None)),
                problem: format!(
                    "the {what} holds a control character (U+{:04X}) at character {}; it is not text a person typed: check the file",
                    c as u32,
                    i + 1
                ),
            }
            .into());
        }
        let chars = value.chars().count();
        if chars > crate::import::limits::MAX_NAME_CHARS {
            return Err(ImportError::Cell {
                location: Box::new(self.at(self.row, None, None)),
                problem: format!(
                    "the {what} is {chars} characters long; a name or label is at most {}",
                    crate::import::limits::MAX_NAME_CHARS
                ),
            }
            .into());
        }
        Ok(())
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
