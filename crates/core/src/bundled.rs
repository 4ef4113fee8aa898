//! The national datasets bundled with Boardlens: embedded in the binary, so one installed
//! binary works anywhere, offline, and loaded into a new database on first open.
//!
//! `datasets/bundled.toml` is the manifest (order and provenance); [`FILES`] holds the bytes.
//! A test keeps the two in step.

use crate::error::{Error, Result};
use crate::import::{self, ImportOptions};
use crate::model::{OGL_V3, Provenance};
use crate::store::{End, Store};
use rusqlite::params;
use serde::Deserialize;

/// The manifest, as written in `datasets/bundled.toml`.
pub const MANIFEST: &str = include_str!("../../../datasets/bundled.toml");

macro_rules! bundle {
    ($($path:literal),* $(,)?) => {
        /// Every bundled file: its path under `datasets/` and its bytes.
        pub const FILES: &[(&str, &[u8])] = &[$(($path, include_bytes!(concat!("../../../datasets/", $path)))),*];
    };
}

bundle!(
    "ods/sicbl_icb_nhser_apr2023_lookup.csv",
    "ods/icb_master_2023.csv",
    "ods/etr_2023.csv",
    "ods/etr_2025-07.csv",
    "ods/trusts_master_2023.csv",
    "dma/dma_2025_overall_acute.csv",
    "dma/dma_results_data_file_v2_2026-03-30.xlsx",
    "dspt/dspt_orgs_2020-21_2022-02-08.csv",
    "dspt/dspt_trusts_2021-22_snapshot_2022-09-09.csv",
    "dspt/dspt_trusts_2022-23_snapshot_2023-11-16.csv",
    "dspt/dspt_icbs_2022-23_snapshot_2023-11-16.csv",
    "staff_survey/nss_2021-2024_org_results_wellbeing.csv",
    "eric/eric_2016-17_trust_level.csv",
);

/// One manifest entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Path under `datasets/`.
    pub file: String,
    /// Adapter that reads it.
    pub adapter: String,
    /// Dataset key (as the adapter names it).
    pub key: String,
    /// Title.
    pub title: String,
    /// Publisher.
    pub publisher: String,
    /// Period.
    pub period: String,
    /// Licence; OGL v3 unless said.
    #[serde(default)]
    pub licence: Option<String>,
    /// Source address.
    pub source: String,
    /// Generated, not published.
    #[serde(default)]
    pub synthetic: bool,
}

impl Entry {
    /// The provenance recorded for this dataset.
    pub fn provenance(&self) -> Provenance {
        Provenance {
            key: self.key.clone(),
            title: self.title.clone(),
            publisher: self.publisher.clone(),
            period: self.period.clone(),
            licence: self.licence.clone().unwrap_or_else(|| OGL_V3.to_string()),
            source: self.source.clone(),
            synthetic: self.synthetic,
            published: None,
            revised: None,
            status: None,
        }
    }

    /// The embedded bytes of this file.
    pub fn bytes(&self) -> Option<&'static [u8]> {
        FILES.iter().find(|(p, _)| *p == self.file).map(|(_, b)| *b)
    }
}

/// A correction to the reference data: a fact the bundled ODS files miss (a merger they do
/// not record, a trust type newer than the type list), with its reason.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// The organisation.
    pub code: String,
    /// Its close date (ISO), when it closed.
    #[serde(default)]
    pub close_date: Option<String>,
    /// The organisation that took it over.
    #[serde(default)]
    pub successor: Option<String>,
    /// Its trust type.
    #[serde(default)]
    pub trust_type: Option<String>,
    /// Why, in words, with the evidence.
    pub reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    dataset: Vec<Entry>,
    #[serde(default)]
    correction: Vec<Correction>,
}

fn manifest() -> Result<Manifest> {
    toml::from_str::<Manifest>(MANIFEST).map_err(|e| Error::Invalid(format!("datasets/bundled.toml: {e}")))
}

/// The manifest's entries, in load order.
pub fn entries() -> Result<Vec<Entry>> {
    manifest().map(|m| m.dataset)
}

/// The manifest's corrections to the reference data.
pub fn corrections() -> Result<Vec<Correction>> {
    manifest().map(|m| m.correction)
}

/// Apply the corrections (idempotent: only fields that differ are written).
fn apply_corrections(store: &mut Store) -> Result<()> {
    let corrections = corrections()?;
    store.write(|tx| {
        for c in &corrections {
            if let Some(d) = &c.close_date {
                tx.execute(
                    "UPDATE organisation SET close_date = ?2 WHERE ods_code = ?1 AND close_date IS NOT ?2",
                    params![c.code, d],
                )?;
            }
            if let Some(s) = &c.successor {
                tx.execute(
                    "UPDATE organisation SET successor = ?2 WHERE ods_code = ?1 AND successor IS NOT ?2",
                    params![c.code, s],
                )?;
            }
            if let Some(t) = &c.trust_type {
                tx.execute(
                    "UPDATE organisation SET trust_type = ?2 WHERE ods_code = ?1 AND trust_type IS NOT ?2",
                    params![c.code, t],
                )?;
            }
        }
        // A database made before the two DMA overall scores were told apart calls the mean of the
        // pillars "DMA overall score": name it for what it is.
        tx.execute(
            "UPDATE indicator SET label = ?1 WHERE key LIKE 'dma.%.overall' AND label <> ?1",
            params![crate::dma::OVERALL_LABEL],
        )?;
        Ok(((), End::Commit))
    })
}

/// Import every bundled dataset the database lacks (a new database gets them all; an upgraded
/// Boardlens adds what it newly bundles), then apply the reference corrections. A dataset the
/// user replaced with their own file stays replaced, and illustrative data is not loaded where
/// real data of the same dataset is. Synthetic data that an earlier Boardlens bundled (the
/// retired demo DMA pillars) is removed: nothing bundled is synthetic any more.
pub fn ensure_loaded(store: &mut Store, now: i64) -> Result<()> {
    let entries = entries()?;
    let bundled_now: Vec<String> = entries
        .iter()
        .filter_map(|e| e.bytes().map(import::sha256_hex))
        .collect();
    let present = store.bundled_digests(false)?;
    let retired = store.bundled_digests(true)?;
    for sha in retired.iter().filter(|s| !bundled_now.contains(s)) {
        store.remove_bundled(sha)?;
    }
    let mut loaded_any = !retired.is_empty();
    for entry in entries {
        let bytes = entry
            .bytes()
            .ok_or_else(|| Error::Invalid(format!("bundled file {} is not embedded", entry.file)))?;
        if present.contains(&import::sha256_hex(bytes)) {
            continue;
        }
        // A file the user imported for the same dataset and period replaced the bundled one:
        // it stays. (An older bundled version is replaced by a newer bundled one.)
        if store.user_dataset(&entry.key, &entry.period)?.is_some() {
            continue;
        }
        if entry.synthetic && store.has_real_data(&entry.key)? {
            continue;
        }
        let options = ImportOptions {
            adapter: Some(entry.adapter.clone()),
            provenance: Some(entry.provenance()),
            bundled: true,
            now,
            ..ImportOptions::default()
        };
        let name = entry.file.rsplit('/').next().unwrap_or(&entry.file);
        import::import_bytes(store, name, bytes.to_vec(), &options, &mut import::no_progress)?;
        loaded_any = true;
    }
    if loaded_any {
        apply_corrections(store)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_bundled_is_synthetic_and_every_correction_says_why() {
        assert!(entries().unwrap().iter().all(|e| !e.synthetic));
        for c in corrections().unwrap() {
            assert!(c.reason.len() > 40, "{}: the reason must give the evidence", c.code);
            assert!(c.close_date.is_some() || c.successor.is_some() || c.trust_type.is_some());
        }
    }

    #[test]
    fn an_upgraded_database_names_the_mean_of_the_pillars_for_what_it_is() {
        // Regression: databases from before the two overall scores were told apart kept the
        // label "DMA overall score" (an existing indicator keeps its label on import).
        let mut store = Store::open_with(None, crate::store::Bundled::Load, 0).unwrap();
        store
            .write(|tx| {
                tx.execute(
                    "UPDATE indicator SET label = 'DMA overall score' WHERE key = 'dma.acute.overall'",
                    [],
                )?;
                tx.execute("DELETE FROM dataset WHERE key = 'dma_results'", [])?;
                Ok(((), End::Commit))
            })
            .unwrap();
        ensure_loaded(&mut store, 0).unwrap();
        let label: String = store
            .conn
            .query_row("SELECT label FROM indicator WHERE key = 'dma.acute.overall'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(label, crate::dma::OVERALL_LABEL);
    }

    #[test]
    fn the_manifest_and_the_embedded_files_agree() {
        let entries = entries().unwrap();
        for e in &entries {
            assert!(e.bytes().is_some(), "{} is in the manifest but not embedded", e.file);
        }
        for (path, _) in FILES {
            assert!(
                entries.iter().any(|e| e.file == *path),
                "{path} is embedded but not in the manifest"
            );
        }
    }
}
