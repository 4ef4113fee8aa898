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
) -> Result<(i64, Option<Replaced>)> {
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
    let mut replaced = None;
    if let Some((id, at)) = previous {
        let observations: u64 = tx.query_row("SELECT observations FROM dataset WHERE id = ?1", params![id], |r| {
            r.get(0)
        })?;
        replaced = Some(Replaced {
            observations,
            imported_at: at.clone(),
        });
        tx.execute("DELETE FROM dataset WHERE id = ?1", params![id])?;
        summary.notes.push(format!(
            "replaces the earlier '{}' {} file imported at {at}",
            p.key, p.period
        ));
    }
    tx.execute(
        "INSERT INTO dataset (key, title, publisher, period, licence, source, sha256, imported_at, synthetic, bundled, adapter,
                              published, revised, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
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
            adapter,
            p.published,
            p.revised,
            p.status
        ],
    )?;
    Ok((tx.last_insert_rowid(), replaced))
}

/// The earlier file of the same dataset and period that an import replaces.
pub(crate) struct Replaced {
    /// Its observations.
    pub observations: u64,
    /// When it was imported.
    pub imported_at: String,
}

/// A replacement that keeps less than half of what it replaces — a header-only copy, a file
/// cut short — is refused unless asked for (`--replace`): nothing is lost without a word.
/// Regression: a header-only copy of the DMA overall file imported with exit 0 and all 402
/// published values were gone.
pub(crate) fn check_shrink(summary: &ImportSummary, replaced: Option<Replaced>, options: &ImportOptions) -> Result<()> {
    let Some(r) = replaced else { return Ok(()) };
    let now = summary.observations_written;
    if options.replace || options.bundled || now.saturating_mul(2) >= r.observations {
        return Ok(());
    }
    Err(ImportError::WouldShrink {
        file: summary.file.clone(),
        message: format!(
            "it would replace the {} values of the '{}' {} file imported at {} with {now}; nothing was changed. If the smaller file is right, import it again with \"replace a dataset with fewer values\" (the command line: --replace)",
            r.observations, summary.provenance.key, summary.provenance.period, r.imported_at
        ),
    }
    .into())
}
