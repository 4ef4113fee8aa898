//! Importing a file into the store, all or nothing, keeping its provenance.
//!
//! The pipeline: bytes → [`table::Workbook`] (format from the content, text decoded) → an
//! [`adapters`] entry recognises the layout by its header signature (the header row is found
//! wherever it is) → the adapter maps rows to organisations, indicators and observations through
//! [`Output`], which validates and writes them inside ONE transaction → commit, or roll back on
//! any error, on cancel, and for a dry run.

pub mod adapters;
pub mod cell;
mod describe;
pub mod header;
pub mod limits;
pub mod mapping;
mod output;
pub mod published;
mod supersede;
pub mod table;

use crate::error::{Error, ImportError, Result};
use crate::model::Provenance;
use crate::store::{End, Store};
use rusqlite::OptionalExtension;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::Path;

pub use adapters::{AdapterInfo, adapters};
pub use mapping::Mapping;
pub(crate) use output::Output;

/// How to import a file.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Force an adapter by name (`--as`) instead of detecting one.
    pub adapter: Option<String>,
    /// The period, for files that do not say it (`--period`).
    pub period: Option<String>,
    /// The period when neither the file nor `period` says one (a download of a source that
    /// is always the current snapshot: the month it was retrieved).
    pub default_period: Option<String>,
    /// Read and validate everything, write nothing.
    pub dry_run: bool,
    /// Column mapping for the generic adapters.
    pub mapping: Option<Mapping>,
    /// Where the file came from (a web address), if not the file itself.
    pub source: Option<String>,
    /// Provenance that overrides what the adapter infers (the bundled datasets' manifest).
    pub provenance: Option<Provenance>,
    /// True for the datasets bundled with Boardlens.
    pub bundled: bool,
    /// Allow a replacement that keeps less than half of the values it replaces (or none): off
    /// by default, so a header-only or truncated copy cannot silently empty a dataset.
    pub replace: bool,
    /// The cap on the file's size and on what it inflates to, in bytes (`None`: 200 MB, as for
    /// downloads); see [`limits`].
    pub max_bytes: Option<u64>,
    /// Stop at the first row that would be left out (a total, a note, an organisation that
    /// is not a trust or ICB) instead of counting it (`--strict`).
    pub strict: bool,
    /// The time of the import, seconds since the Unix epoch.
    pub now: i64,
    /// Observations held in memory before a batch is sorted and written (`None`: about a
    /// million). Smaller batches change nothing in what is written; tests use them to cross
    /// batch boundaries with small files.
    pub batch_rows: Option<usize>,
}

impl ImportOptions {
    /// The limits this import runs under.
    pub fn limits(&self) -> limits::Limits {
        limits::Limits::with_max_bytes(self.max_bytes)
    }
}

/// How far an import has got, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Progress {
    /// Data rows read so far.
    pub rows: u64,
}

/// What happened, in the terms the import summary prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Outcome {
    /// Written to the database.
    Imported,
    /// Read and validated; nothing written (`--dry-run`).
    DryRun,
    /// The same file (same SHA-256) was imported before; nothing done.
    AlreadyImported {
        /// That dataset's key and period.
        dataset: String,
        /// When.
        imported_at: String,
    },
}

/// A name in a name-keyed file that was not matched to one organisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NameIssue {
    /// Sheet and row.
    pub place: String,
    /// The name as written.
    pub name: String,
    /// `unmatched` or `ambiguous`.
    pub problem: String,
    /// Candidates: ODS code, name, similarity.
    pub candidates: Vec<(String, String, f64)>,
}

/// Rows of a user's file that were not imported, for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LeftOut {
    /// Why, in words: "independent-sector providers (…)".
    pub reason: String,
    /// How many rows.
    pub rows: u64,
    /// The first few, as "NT3 (row 12)".
    pub examples: Vec<String>,
}

/// The result of an import: what was read, written, matched, and what to look at.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportSummary {
    /// The file.
    pub file: String,
    /// The adapter that read it.
    pub adapter: String,
    /// How its text was decoded (or `xlsx`).
    pub encoding: String,
    /// What it is and where it came from.
    pub provenance: Provenance,
    /// What happened.
    pub outcome: Outcome,
    /// The new dataset's id (not for dry runs).
    pub dataset_id: Option<i64>,
    /// Data rows read.
    pub rows_read: u64,
    /// Observations written (including missing values, each with its reason).
    pub observations_written: u64,
    /// Of those, values that were missing (suppressed, not available, ...), by reason.
    pub missing_values: BTreeMap<String, u64>,
    /// Observations that replaced values from earlier datasets.
    pub observations_replaced: u64,
    /// Organisation reference rows written (ODS files).
    pub organisations_written: u64,
    /// Distinct organisations in the file found in the ODS reference data.
    pub organisations_matched: u64,
    /// Codes not in the ODS reference data (kept, flagged), with the first row each is on.
    pub unknown_codes: BTreeMap<String, u64>,
    /// Closed organisations in the file, with their close date.
    pub closed_organisations: BTreeMap<String, String>,
    /// Names that were not matched to one organisation (rows not imported, listed here).
    pub name_issues: Vec<NameIssue>,
    /// Rows not imported and why (totals, notes, organisations that are not trusts or ICBs).
    pub left_out: Vec<LeftOut>,
    /// Where the period came from, in words ("the title block: Period: March 2025").
    pub period_from: Option<String>,
    /// What was found in a published table: its title block, header rows and columns.
    pub table: Option<published::TableFound>,
    /// Names matched by near match, for a person to check: (name in file, matched name, code).
    pub near_matches: Vec<(String, String, String)>,
    /// Other things worth knowing: replaced datasets, skipped summary rows, repaired rows.
    pub notes: Vec<String>,
    /// All of the above in words ([`ImportSummary::describe`]): what the CLI prints and the
    /// app shows.
    pub description: Vec<String>,
}

impl ImportSummary {
    fn new(file: &str, adapter: &str, encoding: &str, provenance: Provenance) -> Self {
        ImportSummary {
            file: file.to_string(),
            adapter: adapter.to_string(),
            encoding: encoding.to_string(),
            provenance,
            outcome: Outcome::Imported,
            dataset_id: None,
            rows_read: 0,
            observations_written: 0,
            missing_values: BTreeMap::new(),
            observations_replaced: 0,
            organisations_written: 0,
            organisations_matched: 0,
            unknown_codes: BTreeMap::new(),
            closed_organisations: BTreeMap::new(),
            name_issues: Vec::new(),
            left_out: Vec::new(),
            period_from: None,
            table: None,
            near_matches: Vec::new(),
            notes: Vec::new(),
            description: Vec::new(),
        }
    }
}

/// Import a file from disk. See [`import_bytes`]; a UTF-8 CSV is read from disk pass by pass
/// rather than into memory ([`table::Workbook::open`]).
pub fn import_file(
    store: &mut Store,
    path: &Path,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<ImportSummary> {
    let (workbook, sha256) = table::Workbook::open(path, &options.limits())?;
    let name = workbook.file.clone();
    import_workbook(store, &name, workbook, sha256, options, progress)
}

/// Import a file's bytes. The database changes completely or not at all: any error, a cancel
/// (the progress callback returning `Break`) or `dry_run` leaves it exactly as it was.
pub fn import_bytes(
    store: &mut Store,
    file: &str,
    bytes: Vec<u8>,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<ImportSummary> {
    let sha256 = hex(&Sha256::digest(&bytes));
    let workbook = table::Workbook::read(file, bytes, &options.limits())?;
    import_workbook(store, file, workbook, sha256, options, progress)
}

/// Import a file read as a workbook, whose bytes have the digest `sha256`.
fn import_workbook(
    store: &mut Store,
    file: &str,
    workbook: table::Workbook,
    sha256: String,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<ImportSummary> {
    let context = adapters::Context {
        file_name: file,
        mapping: options.mapping.as_ref(),
    };
    let (adapter, mut plan) = adapters::choose(&workbook, &context, options.adapter.as_deref())?;

    let mut period_notes = Vec::new();
    if let Some(period) = &options.period {
        if plan.periods_in_rows {
            return Err(ImportError::Invalid {
                file: file.to_string(),
                message: format!(
                    "this file gives its own periods ({}); --period is only for files that do not",
                    plan.period_from.as_deref().unwrap_or(&plan.provenance.period)
                ),
            }
            .into());
        }
        let given = crate::period::normalise(period).ok_or_else(|| ImportError::Invalid {
            file: file.to_string(),
            message: format!("--period '{period}' is not a period; expected e.g. 2025, 2024-25 or 2025-07"),
        })?;
        if let Some(from) = &plan.period_from
            && !plan.provenance.period.is_empty()
            && plan.provenance.period != given
        {
            period_notes.push(format!(
                "--period {given} used, although {from} says {}",
                plan.provenance.period
            ));
        }
        plan.provenance.period = given;
        plan.period_from = Some(format!("--period {period}"));
    }
    if let Some(p) = &options.provenance {
        plan.provenance = Provenance {
            key: plan.provenance.key.clone(),
            ..p.clone()
        };
    } else if let Some(source) = &options.source {
        plan.provenance.source = source.clone();
    }
    if plan.provenance.period.is_empty()
        && let Some(p) = &options.default_period
    {
        plan.provenance.period = p.clone();
    }
    if plan.provenance.period.is_empty() {
        return Err(ImportError::Invalid {
            file: file.to_string(),
            message: "the file does not say which period it covers (no period column, no 'Period:' line above the table, no month or year in its name); pass --period (e.g. --period 2025-03 or --period 2024-25)".into(),
        }
        .into());
    }

    let mut summary = ImportSummary::new(file, adapter.name(), workbook.encoding, plan.provenance.clone());
    summary.period_from.clone_from(&plan.period_from);
    summary.table.clone_from(&plan.table);
    summary.notes.extend(period_notes);
    if let Some((_, dataset, imported_at)) = store.dataset_by_sha256(&sha256)? {
        summary.outcome = Outcome::AlreadyImported { dataset, imported_at };
        summary.description = summary.describe();
        return Ok(summary);
    }

    let end = if options.dry_run { End::Rollback } else { End::Commit };
    let mut summary = store.write(|tx| {
        // Again inside the write lock: the same file imported twice at once (two windows, a
        // double click) ends with one import, and the other says so.
        let earlier: Option<(String, String)> = tx
            .query_row(
                "SELECT key || ' ' || period, imported_at FROM dataset WHERE sha256 = ?1",
                [&sha256],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((dataset, imported_at)) = earlier {
            summary.outcome = Outcome::AlreadyImported { dataset, imported_at };
            return Ok((summary, End::Rollback));
        }
        let (dataset_id, replaced) =
            supersede::begin_dataset(tx, &plan.provenance, &sha256, adapter.name(), options, &mut summary)?;
        let mut summary = {
            let mut out = Output::new(tx, file, dataset_id, &plan.provenance.period, summary, progress)?;
            out.strict = options.strict;
            if let Some(rows) = options.batch_rows {
                out.flush_rows = rows.max(1);
            }
            adapter.read(&workbook, &plan, &context, &mut out)?;
            out.finish()?
        };
        supersede::check_shrink(&summary, replaced, options)?;
        tx.execute(
            "UPDATE dataset SET rows_read = ?1, observations = ?2 WHERE id = ?3",
            rusqlite::params![summary.rows_read, summary.observations_written, dataset_id],
        )?;
        match end {
            End::Rollback => summary.outcome = Outcome::DryRun,
            End::Commit => summary.dataset_id = Some(dataset_id),
        }
        Ok((summary, end))
    })?;
    summary.description = summary.describe();
    Ok(summary)
}

/// The first rows of each sheet of a file, as text: what the import wizard shows before anything
/// is read into the database.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Preview {
    /// The file name.
    pub file: String,
    /// `csv` or `excel`.
    pub format: String,
    /// How its text was decoded (or `xlsx`).
    pub encoding: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Each sheet with its first rows: the first ten, and any later one that will be read.
    pub sheets: Vec<SheetPreview>,
    /// What the file was recognised as, in words ("NHS England's DMA results data file"), or
    /// `None` when no layout matched (the check then says why).
    pub reader: Option<String>,
}

/// One sheet of a [`Preview`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetPreview {
    /// The sheet's name; `None` for CSV.
    pub name: Option<String>,
    /// The first rows, each cell as text (blank cells as empty strings).
    pub rows: Vec<Vec<String>>,
    /// True for a sheet the import will read (so the wizard opens on it, not on a cover sheet).
    pub read: bool,
}

/// Read a file and return the first `rows` rows of each sheet (the first ten, and any later
/// sheet that will be read), marking the sheets the import will read. Reads nothing into the
/// database; errors are the import's own (unreadable, HTML, binary).
pub fn preview_file(path: &Path, rows: usize) -> Result<Preview> {
    let size = std::fs::metadata(path).map_err(Error::io(path))?.len();
    let (workbook, _) = table::Workbook::open(path, &limits::Limits::default())?;
    let context = adapters::Context {
        file_name: &workbook.file,
        mapping: None,
    };
    let (reader, read): (Option<String>, Vec<usize>) = match adapters::choose(&workbook, &context, None) {
        Ok((adapter, plan)) => (
            Some(adapter.description().to_string()),
            plan.sheets.iter().map(|(i, _)| *i).collect(),
        ),
        Err(_) => (None, Vec::new()),
    };
    Ok(Preview {
        file: workbook.file.clone(),
        format: match workbook.format {
            table::Format::Csv => "csv",
            table::Format::Excel => "excel",
        }
        .to_string(),
        encoding: workbook.encoding.to_string(),
        bytes: size,
        sheets: workbook
            .sheets
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < 10 || read.contains(i))
            .map(|(i, s)| SheetPreview {
                name: s.name.clone(),
                rows: s.preview(rows),
                read: read.contains(&i),
            })
            .collect(),
        reader,
    })
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a file's bytes, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Ignore progress (for callers with no progress bar).
pub fn no_progress(_: Progress) -> ControlFlow<()> {
    ControlFlow::Continue(())
}
