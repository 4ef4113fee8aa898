//! The SQLite database: schema migrations, opening (and first-launch loading of the bundled
//! datasets), and the queries the front ends need about datasets.
//!
//! Invariants: foreign keys are on; every import is one transaction; the schema version is
//! SQLite's `user_version`, raised by one migration at a time.

use crate::benchmark::snapshot::{Scope, Snapshot};
use crate::bundled;
use crate::error::{Error, Result};
use crate::model::{DatasetInfo, IndicatorDef, Polarity, Provenance, Unit};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Migrations, in order; migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_peer_groups.sql"),
    include_str!("migrations/0003_publication.sql"),
    include_str!("migrations/0004_observation_bulk.sql"),
];

/// The Boardlens database.
///
/// Writes go through one door, [`Store::write`]: one transaction, and the benchmark snapshot
/// dropped first, so no write can leave a benchmark stale. Between writes the connection is
/// `query_only`, so a write that tried another way would fail in every test that reached it.
pub struct Store {
    pub(crate) conn: Connection,
    path: Option<PathBuf>,
    /// How long a write waits for another process's.
    busy_wait: std::time::Duration,
    /// The last benchmark's observations and the scope they were read for; dropped by every
    /// write.
    snapshot: std::cell::RefCell<Option<(Scope, std::sync::Arc<Snapshot>)>>,
}

/// How a [`Store::write`] ends when its work succeeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum End {
    /// Keep the changes.
    Commit,
    /// Check everything, keep nothing (a dry run).
    Rollback,
}

/// How long a write waits for another process's write (an import in another window, the CLI
/// beside the app) before saying so.
pub const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Whether opening a new database loads the bundled national datasets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundled {
    /// Load them (what users get).
    Load,
    /// Leave the database empty (tests and benchmarks of the import itself).
    Skip,
}

impl Store {
    /// Open (or create) the database at `path` and make sure the bundled datasets are in it.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with(Some(path), Bundled::Load, crate::period::now_unix())
    }

    /// An in-memory database with the bundled datasets, for tests and one-off runs.
    pub fn open_in_memory() -> Result<Store> {
        Self::open_with(None, Bundled::Load, crate::period::now_unix())
    }

    /// Open a database (in memory when `path` is `None`), choosing whether to load the bundled
    /// datasets; `now` (seconds since the epoch) stamps their import.
    pub fn open_with(path: Option<&Path>, bundled: Bundled, now: i64) -> Result<Store> {
        let conn = match path {
            Some(p) => {
                if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(Error::io(dir))?;
                }
                Connection::open(p)?
            }
            None => Connection::open_in_memory()?,
        };
        // First, so that everything after waits for another process rather than failing.
        conn.busy_timeout(BUSY_WAIT)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        if path.is_some() {
            conn.pragma_update(None, "journal_mode", "wal")?;
            conn.pragma_update(None, "synchronous", "normal")?;
        }
        let mut store = Store {
            conn,
            path: path.map(Path::to_path_buf),
            busy_wait: BUSY_WAIT,
            snapshot: Default::default(),
        };
        store.migrate()?;
        store.conn.pragma_update(None, "query_only", true)?;
        if bundled == Bundled::Load {
            bundled::ensure_loaded(&mut store, now)?;
        }
        Ok(store)
    }

    /// Wait at most this long for another process's write (default [`BUSY_WAIT`]).
    pub fn set_busy_wait(&mut self, wait: std::time::Duration) -> Result<()> {
        self.conn.busy_timeout(wait)?;
        self.busy_wait = wait;
        Ok(())
    }

    /// The database file, if not in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The one way to change the database: `work` runs in one transaction, which commits or
    /// rolls back as it says (a dry run rolls back) and rolls back on any error or cancel. The
    /// benchmark snapshot is dropped first, whatever the outcome.
    pub(crate) fn write<T>(&mut self, work: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<(T, End)>) -> Result<T> {
        self.snapshot.take();
        self.conn.pragma_update(None, "query_only", false)?;
        let result = (|| -> Result<T> {
            // IMMEDIATE: take the write lock at the start, so two writers queue (for up to
            // BUSY_WAIT) instead of one failing half-way when it tries to upgrade its lock.
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let (value, end) = work(&tx)?;
            match end {
                End::Commit => tx.commit()?,
                End::Rollback => tx.rollback()?,
            }
            Ok(value)
        })();
        let reset = self.conn.pragma_update(None, "query_only", true);
        let value = result.map_err(|e| self.busy(e))?;
        reset?;
        Ok(value)
    }

    /// The SHA-256 of every bundled dataset loaded (only those marked synthetic, if asked).
    pub(crate) fn bundled_digests(&self, synthetic_only: bool) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT sha256 FROM dataset WHERE bundled = 1 AND (synthetic = 1 OR ?1 = 0)")?;
        Ok(stmt
            .query_map(params![synthetic_only], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Remove a bundled dataset by its digest; its observations go with it.
    pub(crate) fn remove_bundled(&mut self, sha256: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM dataset WHERE bundled = 1 AND sha256 = ?1", params![sha256])?;
            Ok(((), End::Commit))
        })
    }

    /// A dataset the user imported (not bundled) for this dataset and period: it stands in for
    /// the bundled one.
    pub(crate) fn user_dataset(&self, key: &str, period: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM dataset WHERE key = ?1 AND period = ?2 AND bundled = 0",
                params![key, period],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Whether real (not synthetic) data of this dataset family is loaded: then illustrative
    /// data of it is never loaded over it.
    pub(crate) fn has_real_data(&self, key: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM dataset WHERE key = ?1 AND synthetic = 0 LIMIT 1",
                params![key],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// How many observations the last benchmark read into memory: its cost, which follows the
    /// data in view (the subject's indicators, its comparators' rows), not the database's size.
    pub fn last_benchmark_rows(&self) -> Option<usize> {
        self.snapshot.borrow().as_ref().map(|(_, s)| s.rows())
    }

    /// The observations a benchmark with this scope can use: the last one's again when the
    /// scope is the same (the app redrawing, or a peer change within the subject's kind),
    /// otherwise read afresh.
    pub(crate) fn snapshot(&self, scope: Scope) -> Result<std::sync::Arc<Snapshot>> {
        if let Some((cached, s)) = self.snapshot.borrow().as_ref()
            && *cached == scope
        {
            return Ok(s.clone());
        }
        let s = std::sync::Arc::new(Snapshot::load(&self.conn, &scope)?);
        *self.snapshot.borrow_mut() = Some((scope, s.clone()));
        Ok(s)
    }

    /// Bring the schema up to date, one migration per transaction. The version is read inside
    /// each (IMMEDIATE) transaction, so when two processes open a new database at once one
    /// creates it and the other, waiting its turn, finds it made.
    fn migrate(&mut self) -> Result<()> {
        let known = MIGRATIONS.len() as i64;
        loop {
            let step = (|| -> Result<bool> {
                let tx = self
                    .conn
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
                if version > known {
                    return Err(Error::NewerSchema {
                        path: self
                            .path
                            .as_ref()
                            .map_or(":memory:".into(), |p| p.display().to_string()),
                        found: version,
                        known,
                    });
                }
                if version == known {
                    return Ok(false);
                }
                tx.execute_batch(MIGRATIONS[version as usize])?;
                tx.pragma_update(None, "user_version", version + 1)?;
                tx.commit()?;
                Ok(true)
            })()
            .map_err(|e| self.busy(e))?;
            if !step {
                return Ok(());
            }
        }
    }

    /// SQLite's "database is locked" in words: another Boardlens is writing.
    fn busy(&self, e: Error) -> Error {
        match e {
            Error::Database(rusqlite::Error::SqliteFailure(f, _))
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                Error::Busy {
                    path: self
                        .path
                        .as_ref()
                        .map_or(":memory:".into(), |p| p.display().to_string()),
                    waited: self.busy_wait.as_secs(),
                }
            }
            other => other,
        }
    }

    /// Every dataset in the database with its provenance, national ones first, then by key.
    pub fn datasets(&self) -> Result<Vec<DatasetInfo>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id, d.key, d.title, d.publisher, d.period, d.licence, d.source, d.synthetic,
                    d.sha256, d.imported_at, d.adapter, d.rows_read, d.bundled,
                    d.observations,
                    d.published, d.revised, d.status
             FROM dataset d ORDER BY d.bundled DESC, d.key, d.period",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(DatasetInfo {
                id: r.get(0)?,
                provenance: Provenance {
                    key: r.get(1)?,
                    title: r.get(2)?,
                    publisher: r.get(3)?,
                    period: r.get(4)?,
                    licence: r.get(5)?,
                    source: r.get(6)?,
                    synthetic: r.get(7)?,
                    published: r.get(14)?,
                    revised: r.get(15)?,
                    status: r.get(16)?,
                },
                sha256: r.get(8)?,
                imported_at: r.get(9)?,
                adapter: r.get(10)?,
                rows: r.get(11)?,
                bundled: r.get(12)?,
                observations: r.get(13)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The dataset imported from a file with this SHA-256, if any.
    pub(crate) fn dataset_by_sha256(&self, sha256: &str) -> Result<Option<(i64, String, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, key || ' ' || period, imported_at FROM dataset WHERE sha256 = ?1",
                params![sha256],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    }

    /// One observation: an organisation's value of an indicator in a period, with its source.
    pub fn observation(&self, indicator: &str, ods_code: &str, period: &str) -> Result<Option<ObservationRecord>> {
        Ok(self
            .conn
            .query_row(
                "SELECT o.value, o.numerator, o.base, o.category, o.missing, d.key, d.period, o.source_row
                 FROM observation o JOIN indicator i ON i.id = o.indicator_id JOIN dataset d ON d.id = o.dataset_id
                 WHERE i.key = ?1 AND o.ods_code = ?2 AND o.period = ?3",
                params![indicator, ods_code, period],
                |r| {
                    Ok(ObservationRecord {
                        value: r.get(0)?,
                        numerator: r.get(1)?,
                        base: r.get(2)?,
                        category: r.get(3)?,
                        missing: r.get(4)?,
                        dataset: format!("{} {}", r.get::<_, String>(5)?, r.get::<_, String>(6)?),
                        source_row: r.get(7)?,
                    })
                },
            )
            .optional()?)
    }

    /// Every indicator in the database.
    pub fn indicators(&self) -> Result<Vec<IndicatorDef>> {
        let mut stmt = self
            .conn
            .prepare("SELECT key, label, grp, unit, polarity FROM indicator ORDER BY grp, key")?;
        let rows = stmt.query_map([], |r| indicator_def(r, 0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A digest of everything the database holds (every row of every table, in key order). Two
    /// equal digests mean equal contents: how tests show a failed import changed nothing.
    pub fn content_digest(&self) -> Result<String> {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for (table, order) in [
            ("dataset", "id"),
            ("organisation", "ods_code"),
            ("org_alias", "alias, ods_code, dataset_id"),
            ("org_classification", "ods_code, scheme, period"),
            ("indicator", "id"),
            ("observation", "indicator_id, ods_code, period"),
        ] {
            let mut stmt = self.conn.prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))?;
            let columns = stmt.column_count();
            let mut rows = stmt.query([])?;
            hasher.update(table.as_bytes());
            while let Some(row) = rows.next()? {
                for c in 0..columns {
                    let v: rusqlite::types::Value = row.get(c)?;
                    hasher.update(format!("{v:?}\u{1f}").as_bytes());
                }
                hasher.update(b"\n");
            }
        }
        Ok(crate::import::hex(&hasher.finalize()))
    }

    /// Each dataset's observations counted from the table itself, by dataset id: what
    /// [`DatasetInfo::observations`] must equal. Reads every observation, so for checks only.
    pub fn observations_counted(&self) -> Result<Vec<(i64, u64)>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id, (SELECT count(*) FROM observation o WHERE o.dataset_id = d.id) FROM dataset d ORDER BY d.id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Number of observations in the database (all datasets).
    pub fn observation_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM observation", [], |r| r.get(0))?)
    }
}

/// An indicator from five columns of a row, from `first`: key, label, grp, unit, polarity.
pub(crate) fn indicator_def(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<IndicatorDef> {
    let unit: String = r.get(first + 3)?;
    let polarity: String = r.get(first + 4)?;
    Ok(IndicatorDef {
        key: r.get(first)?,
        label: r.get(first + 1)?,
        group: r.get(first + 2)?,
        unit: unit.parse().unwrap_or(Unit::Number),
        polarity: polarity.parse().unwrap_or(Polarity::NoJudgement),
    })
}

/// One stored value and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ObservationRecord {
    /// The number, if there is one.
    pub value: Option<f64>,
    /// Numerator, where known.
    pub numerator: Option<f64>,
    /// Base (respondents), where known.
    pub base: Option<f64>,
    /// Category (a status).
    pub category: Option<String>,
    /// Why the value is missing.
    pub missing: Option<String>,
    /// The dataset that supplied it: key and period.
    pub dataset: String,
    /// The row of the source file it came from.
    pub source_row: i64,
}

/// The default database file: `BOARDLENS_DB` is handled by the front ends; this is the per-user
/// data directory (`~/.local/share/boardlens/boardlens.db` on Linux, `%APPDATA%` on Windows,
/// `~/Library/Application Support` on macOS). The CLI and the app share it.
pub fn default_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("boardlens").join("boardlens.db"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_is_migrated_to_the_latest_schema() {
        let store = Store::open_with(None, Bundled::Skip, 0).unwrap();
        let v: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, MIGRATIONS.len() as i64);
        let fk: bool = store
            .conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert!(fk, "foreign keys must be on");
    }

    #[test]
    fn a_database_from_a_newer_boardlens_is_refused_not_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.db");
        {
            let c = Connection::open(&path).unwrap();
            c.pragma_update(None, "user_version", 99).unwrap();
        }
        let err = Store::open_with(Some(&path), Bundled::Skip, 0).err().unwrap();
        assert!(matches!(err, Error::NewerSchema { found: 99, .. }), "{err}");
    }

    #[test]
    fn a_version_3_database_keeps_its_observations_and_a_removed_dataset_still_takes_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v3.db");
        {
            let c = Connection::open(&path).unwrap();
            for m in &MIGRATIONS[..3] {
                c.execute_batch(m).unwrap();
            }
            c.pragma_update(None, "user_version", 3).unwrap();
            c.execute_batch(
                "INSERT INTO dataset (id, key, title, publisher, period, licence, source, sha256, imported_at, synthetic, bundled, adapter)
                   VALUES (1, 'a', 'A', 'P', '2025', 'OGL', 's', 'x1', 't', 0, 0, 'generic-long'),
                          (2, 'b', 'B', 'P', '2025', 'OGL', 's', 'x2', 't', 0, 0, 'generic-long');
                 INSERT INTO indicator (id, key, dataset_key, label, grp, unit, polarity)
                   VALUES (1, 'local.a', 'a', 'A', 'G', 'number', 'no_judgement');
                 INSERT INTO observation (indicator_id, ods_code, period, value, dataset_id, source_row)
                   VALUES (1, 'RJ1', '2025', 1.5, 1, 2), (1, 'RRK', '2025', 2.5, 2, 2);",
            )
            .unwrap();
        }
        let store = Store::open_with(Some(&path), Bundled::Skip, 0).unwrap();
        assert_eq!(store.observation_count().unwrap(), 2);
        let counts: Vec<u64> = store.datasets().unwrap().iter().map(|d| d.observations).collect();
        assert_eq!(counts, [1, 1], "each dataset's count of observations, from the table");
        store.conn.pragma_update(None, "query_only", false).unwrap();
        store.conn.execute("DELETE FROM dataset WHERE id = 1", []).unwrap();
        let left: Vec<(String, i64)> = store
            .conn
            .prepare("SELECT ods_code, dataset_id FROM observation")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(left, [("RRK".to_string(), 2)]);
    }

    #[test]
    fn a_file_database_uses_wal() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_with(Some(&dir.path().join("x/y.db")), Bundled::Skip, 0).unwrap();
        let mode: String = store
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}
