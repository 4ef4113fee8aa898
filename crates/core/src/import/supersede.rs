//! What a new dataset replaces, in one place: an earlier import of the same dataset and period
//! (a newer file replaces the old one), and illustrative (synthetic) data of the same dataset
//! when real data arrives, so the two never mix.

use super::ImportOptions;
use crate::error::{ImportError, Result};
use crate::import::ImportSummary;
use crate::model::Provenance;
use rusqlite::{OptionalExtension, Transaction, params};

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
