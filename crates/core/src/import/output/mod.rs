//! Where adapters put what they read: validates each row and writes it inside the import's
//! transaction, and keeps the tallies of the import summary.

use super::{ImportSummary, Progress};
use crate::error::{Error, ImportError, Location, Result};
use crate::model::IndicatorDef;
use crate::names::NameIndex;
use rusqlite::{OptionalExtension, Transaction, params};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::ControlFlow;

mod observations;
mod organisations;

pub use observations::Obs;

/// An ODS code's shape: 3 to 6 letters and digits, upper-cased; codes longer than 3 have a
/// digit (`RJ122`, `NT301`, `A81001`), so `Notes` and `Source` under a table are not codes.
pub(crate) fn ods_shape(text: &str) -> Option<String> {
    ((3..=6).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_alphanumeric())
        && (text.len() == 3 || text.bytes().any(|b| b.is_ascii_digit()))
        && !is_total_word(text))
    .then(|| text.to_ascii_uppercase())
}

/// Words a total row puts where a code or a name would be.
pub(crate) fn is_total_word(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    let t = t.trim_end_matches(['*', ':']).trim();
    matches!(
        t,
        "-" | "–"
            | "—"
            | "total"
            | "totals"
            | "england"
            | "national"
            | "all"
            | "grand total"
            | "england total"
            | "national total"
            | "total england"
            | "all providers"
            | "all trusts"
            | "all organisations"
            | "sub-total"
            | "subtotal"
            | "sub total"
    ) || t.ends_with(" total")
        || t.ends_with(" subtotal")
        || t.starts_with("total ")
}
use observations::{Interner, OrgKind, Pending};
pub use organisations::OrgRecord;

/// How often (in rows) progress is reported and cancellation checked.
const PROGRESS_EVERY: u64 = 4096;

/// The period of a dataset whose rows carry their own periods, until they are read.
pub(crate) const PERIOD_FROM_ROWS: &str = "(periods in the rows)";

struct KnownOrg {
    close_date: Option<String>,
    kind: String,
}

/// Why rows of a user's file were not imported. Each is counted, with a few examples, in the
/// summary ([`super::LeftOut`]); with `--strict` the first one stops the import instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaveOut {
    /// "Total", "England", "National", a blank code with numbers.
    Total,
    /// Text under (or inside) the table with no values: footnotes, sources, notes.
    Note,
    /// An NHS region's row: a total of its trusts.
    Region,
    /// An ICB's row in a file whose other rows are trusts: a subtotal.
    IcbSubtotal,
    /// A sub-ICB location: Boardlens benchmarks trusts and ICBs.
    SubIcb,
    /// An independent-sector provider (an ODS code starting with N).
    Independent,
    /// A site of a trust (a 5-character code starting with the trust's code).
    Site,
    /// A 6-character code: GP practices, out-of-hours and other providers.
    SixCharacter,
    /// A code of the right shape that the ODS reference data does not hold.
    Unknown,
    /// A cell in the code column that is not an ODS code.
    NotACode,
}

impl LeaveOut {
    /// The reason in the summary's words.
    pub fn words(self) -> &'static str {
        match self {
            LeaveOut::Total => "totals and subtotals (England, national and 'Total' rows)",
            LeaveOut::Note => "notes and footnotes (text with no values)",
            LeaveOut::Region => "NHS regions (totals of their trusts)",
            LeaveOut::IcbSubtotal => "ICB subtotals (the file's other rows are trusts)",
            LeaveOut::SubIcb => "sub-ICB locations (Boardlens compares trusts and ICBs)",
            LeaveOut::Independent => {
                "independent-sector providers (codes starting N: not NHS trusts, so no trust's peers)"
            }
            LeaveOut::Site => "sites of trusts (Boardlens compares whole trusts)",
            LeaveOut::SixCharacter => "GP practices and other 6-character codes (not trusts or ICBs)",
            LeaveOut::Unknown => "codes not in the ODS reference data",
            LeaveOut::NotACode => "cells in the code column that are not ODS codes",
        }
    }

    /// One row's reason, as a sentence about its example.
    pub fn sentence(self, example: &str) -> String {
        match self {
            LeaveOut::Total => format!("{example} is a total or subtotal row"),
            LeaveOut::Note => format!("{example} is a note, not a row of values"),
            LeaveOut::Region => format!("{example} is an NHS region (a total of its trusts)"),
            LeaveOut::IcbSubtotal => format!("{example} is an ICB and the file's other rows are trusts (a subtotal)"),
            LeaveOut::SubIcb => format!("{example} is a sub-ICB location, not a trust or ICB"),
            LeaveOut::Independent => {
                format!("{example} is an independent-sector provider (its code starts with N), not an NHS trust")
            }
            LeaveOut::Site => format!("{example} is a site of a trust, not a whole trust"),
            LeaveOut::SixCharacter => {
                format!("{example} is a 6-character code (a GP practice or other provider), not a trust or ICB")
            }
            LeaveOut::Unknown => format!("{example} is not in the ODS reference data"),
            LeaveOut::NotACode => {
                format!("{example} is not an ODS code; expected 3 to 6 letters and digits such as RJ1, RJ122 or A81001")
            }
        }
    }
}

/// How many examples of each reason the summary lists.
const LEFT_OUT_EXAMPLES: usize = 3;

/// The writer an adapter fills.
pub struct Output<'t> {
    tx: &'t Transaction<'t>,
    /// File name, for locations.
    pub file: String,
    /// Current sheet, for locations.
    pub sheet: Option<String>,
    dataset_id: i64,
    period: String,
    /// Observations read and not yet written (at most [`observations::FLUSH_ROWS`]).
    pending: Vec<Pending>,
    /// ICB rows of a gated import read before any trust's row: subtotals if a trust follows,
    /// the data if none does; beyond a batch they wait in a temporary table.
    held_icbs: Vec<Pending>,
    held_spilled: u64,
    has_trust: bool,
    last_icb_row: Option<u64>,
    written: observations::Written,
    replaced: observations::Replacements,
    strings: Interner,
    last_code: Option<(String, u32, OrgKind)>,
    last_sheet: Option<(String, u32)>,
    /// The last code cell kept, as written and as read: files run organisation by
    /// organisation, so most rows need no checks.
    last_kept: Option<(String, String)>,
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
    /// Stop at the first row that would be left out (`--strict`).
    pub strict: bool,
    /// Observations held before a batch is written ([`observations::FLUSH_ROWS`]).
    pub flush_rows: usize,
    /// True once an adapter has asked which organisations to keep ([`Output::row_organisation`]).
    gated: bool,
    /// The first row left out, for the error when nothing else could be used.
    first_left_out: Option<(u64, Option<usize>, Option<String>, String)>,
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
            held_icbs: Vec::new(),
            held_spilled: 0,
            has_trust: false,
            last_icb_row: None,
            written: observations::Written::default(),
            replaced: observations::count_replacements(tx)?,
            strings: Interner::default(),
            last_code: None,
            last_sheet: None,
            last_kept: None,
            known: HashMap::default(),
            seen: HashSet::default(),
            indicators: HashMap::default(),
            indicator_keys: HashMap::default(),
            indicator_units: HashMap::default(),
            row: 0,
            org_rows: HashMap::default(),
            org_facts: HashMap::default(),
            names: None,
            strict: false,
            flush_rows: observations::FLUSH_ROWS,
            gated: false,
            first_left_out: None,
            summary,
            progress,
        };
        out.load_known()?;
        Ok(out)
    }

    fn load_known(&mut self) -> Result<()> {
        let mut stmt = self.tx.prepare("SELECT ods_code, close_date, kind FROM organisation")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (code, close_date, kind) = row?;
            self.known.insert(code, KnownOrg { close_date, kind });
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

    /// Check an ODS code's shape and return it upper-cased: 3 to 6 letters and digits (trusts,
    /// ICBs and regions have 3; trust sites and independent-sector sites 5; GP practices,
    /// out-of-hours and other providers 6).
    pub fn ods_code(&self, raw: &str, row: u64, column: usize, header: Option<String>) -> Result<String> {
        let trimmed = raw.trim();
        if let Some(code) = ods_shape(trimmed) {
            Ok(code)
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
                    "'{}' is not an ODS code; expected 3 to 6 letters and digits such as RJ1, RJ122 or A81001",
                    raw.trim()
                ),
            ))
        }
    }

    /// The organisation a row of a user's file is about, or `None` when the row is left out
    /// (counted in the summary with its reason; an error instead under `--strict`). Trusts and
    /// ICBs in the ODS reference data are kept; regions, sub-ICB locations, independent-sector
    /// providers, trust sites, 6-character codes, unknown codes and cells that are not codes are
    /// left out. With no reference data loaded at all every well-formed code is kept (and
    /// listed as unknown), since nothing can be checked.
    pub fn row_organisation(
        &mut self,
        raw: &str,
        row: u64,
        column: usize,
        header: Option<String>,
    ) -> Result<Option<String>> {
        self.gated = true;
        if let Some((last_raw, code)) = &self.last_kept
            && last_raw == raw
        {
            return Ok(Some(code.clone()));
        }
        let trimmed = raw.trim();
        let Some(code) = ods_shape(trimmed) else {
            let why = if trimmed.is_empty() || is_total_word(trimmed) {
                LeaveOut::Total
            } else {
                LeaveOut::NotACode
            };
            let example = if trimmed.is_empty() {
                "a blank code".to_string()
            } else {
                format!("'{trimmed}'")
            };
            self.leave_out(why, example, row, Some(column), header)?;
            return Ok(None);
        };
        if self.known.is_empty() || matches!(self.known.get(&code).map(|k| k.kind.as_str()), Some("trust" | "icb")) {
            self.last_kept = Some((raw.to_string(), code.clone()));
            return Ok(Some(code));
        }
        let why = match self.known.get(&code).map(|k| k.kind.as_str()) {
            Some("region") => LeaveOut::Region,
            Some(_) => LeaveOut::SubIcb,
            None if code.starts_with('N') => LeaveOut::Independent,
            None if code.len() == 5 && self.known.get(&code[..3]).is_some_and(|k| k.kind == "trust") => LeaveOut::Site,
            None if code.len() == 6 => LeaveOut::SixCharacter,
            None => LeaveOut::Unknown,
        };
        self.leave_out(why, code, row, Some(column), header)?;
        Ok(None)
    }

    /// Leave a row out for a reason: counted, with the first few examples; under `--strict`, an
    /// error naming the row.
    pub fn leave_out(
        &mut self,
        why: LeaveOut,
        example: String,
        row: u64,
        column: Option<usize>,
        header: Option<String>,
    ) -> Result<()> {
        let words = why.words();
        if self.strict {
            return Err(ImportError::Cell {
                location: Box::new(self.at(row, column, header)),
                problem: format!(
                    "{}; --strict stops at rows that would be left out (without it they are counted and the rest imported)",
                    why.sentence(&example)
                ),
            }
            .into());
        }
        if self.first_left_out.is_none() {
            self.first_left_out = Some((row, column, header, why.sentence(&example)));
        }
        let entry = match self.summary.left_out.iter().position(|l| l.reason == words) {
            Some(i) => &mut self.summary.left_out[i],
            None => {
                self.summary.left_out.push(super::LeftOut {
                    reason: words.to_string(),
                    rows: 0,
                    examples: Vec::new(),
                });
                self.summary.left_out.last_mut().expect("just pushed")
            }
        };
        entry.rows += 1;
        if entry.examples.len() < LEFT_OUT_EXAMPLES {
            entry.examples.push(format!("{example} (row {row})"));
        }
        Ok(())
    }

    /// True when the ODS reference data holds this code (as written, trimmed, any case).
    pub fn is_known(&self, code: &str) -> bool {
        self.known.contains_key(&code.trim().to_ascii_uppercase())
    }

    /// Record what was found in a published table, for the summary.
    pub fn set_table(&mut self, table: super::published::TableFound) {
        self.summary.table = Some(table);
    }

    /// The unit an indicator already has in the database, if it is there.
    pub fn existing_unit(&self, key: &str) -> Result<Option<crate::model::Unit>> {
        let unit: Option<String> = self
            .tx
            .query_row("SELECT unit FROM indicator WHERE key = ?1", params![key], |r| r.get(0))
            .optional()?;
        Ok(unit.and_then(|u| u.parse().ok()))
    }

    /// Define (or look up) an indicator and return its id. An existing indicator keeps its
    /// label; a different unit for the same key is an error, since its values would mix.
    pub fn indicator(&mut self, def: &IndicatorDef, dataset_key: &str) -> Result<i64> {
        if let Some(id) = self.indicators.get(&def.key) {
            return Ok(*id);
        }
        let existing: Option<(i64, String)> = self
            .tx
            .prepare_cached("SELECT id, unit FROM indicator WHERE key = ?1")?
            .query_row(params![def.key], |r| Ok((r.get(0)?, r.get(1)?)))
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
                self.tx
                    .prepare_cached(
                        "INSERT INTO indicator (key, dataset_key, label, grp, unit, polarity) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    )?
                    .execute(params![def.key, dataset_key, def.label, def.group, def.unit.as_str(), def.polarity.as_str()])?;
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
        if self.gated
            && self.nothing_observed()
            && let Some((row, column, header, why)) = self.first_left_out.take()
        {
            let counts: Vec<String> = self
                .summary
                .left_out
                .iter()
                .map(|l| format!("{} {}", l.rows, l.reason))
                .collect();
            return Err(ImportError::Cell {
                    location: Box::new(self.at(row, column, header)),
                    problem: format!(
                        "no row of the file could be used: {why}, and every other row was left out too ({}); expected rows for NHS trusts or ICBs by their ODS codes",
                        counts.join("; ")
                    ),
                }
                .into());
        }
        self.write_remaining()?;
        self.summary.observations_written = self.written.rows;
        // Each dataset keeps its count of observations: those that lost values to this one.
        let replaced: Vec<(i64, u64)> = self
            .replaced
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .drain()
            .collect();
        for (dataset, n) in &replaced {
            self.tx.execute(
                "UPDATE dataset SET observations = observations - ?2 WHERE id = ?1",
                params![dataset, n],
            )?;
        }
        self.summary.observations_replaced = replaced.iter().map(|(_, n)| n).sum();
        if self.period == PERIOD_FROM_ROWS {
            self.settle_period(self.periods_written())?;
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
