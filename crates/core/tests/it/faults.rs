//! The fault suite: what two processes at once, a hostile file or a file cut short must never
//! do — abort, corrupt the database, or leave half an import.

use super::util::*;
use boardlens_core::import::{self, ImportOptions, Outcome};
use boardlens_core::store::{Bundled, Store};
use std::sync::{Arc, Barrier};

fn open_file(path: &std::path::Path, bundled: Bundled) -> Store {
    Store::open_with(Some(path), bundled, NOW).unwrap()
}

#[test]
fn regression_two_first_opens_of_a_new_database_both_succeed() {
    // Was: "table dataset already exists" for the second process.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let barrier = Arc::new(Barrier::new(3));
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let (path, barrier) = (path.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                Store::open_with(Some(&path), Bundled::Load, NOW).map(|s| s.content_digest().unwrap())
            })
        })
        .collect();
    let digests: Vec<String> = handles
        .into_iter()
        .map(|h| h.join().unwrap().expect("every open succeeds"))
        .collect();
    // Every process sees the same database: one set of bundled datasets, loaded once.
    assert!(digests.iter().all(|d| *d == digests[0]), "{digests:?}");
    let check: String = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let store = open_file(&path, Bundled::Load);
    assert_eq!(store.datasets().unwrap().len(), bundled().datasets().unwrap().len());
}

#[test]
fn regression_the_same_file_imported_twice_at_once_is_imported_once() {
    // Was: "UNIQUE constraint failed: dataset.sha256".
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("twice.db");
    drop(open_file(&path, Bundled::Skip));
    let bytes = dataset_file("dma/dma_2025_overall_acute.csv");
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let (path, barrier, bytes) = (path.clone(), barrier.clone(), bytes.clone());
            std::thread::spawn(move || {
                let mut store = open_file(&path, Bundled::Skip);
                barrier.wait();
                let options = ImportOptions { now: NOW, ..ImportOptions::default() };
                import::import_bytes(&mut store, "dma.csv", bytes, &options, &mut import::no_progress)
                    .map(|s| s.outcome)
            })
        })
        .collect();
    let mut outcomes: Vec<Outcome> = handles.into_iter().map(|h| h.join().unwrap().unwrap()).collect();
    outcomes.sort_by_key(|o| matches!(o, Outcome::AlreadyImported { .. }));
    assert_eq!(outcomes[0], Outcome::Imported);
    assert!(matches!(outcomes[1], Outcome::AlreadyImported { .. }), "{outcomes:?}");
    assert_eq!(open_file(&path, Bundled::Skip).datasets().unwrap().len(), 1);
}

#[test]
fn regression_a_writer_kept_waiting_says_another_import_is_running() {
    // Was: "database is locked: database is locked: Error code 5".
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("busy.db");
    let mut store = open_file(&path, Bundled::Skip);
    store.set_busy_wait(std::time::Duration::from_millis(200)).unwrap();
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let before = store.content_digest().unwrap();
    let err = import(&mut store, "dma.csv", dataset_file("dma/dma_2025_overall_acute.csv")).unwrap_err();
    assert_eq!(err.code(), "database.busy", "{err}");
    assert!(err.to_string().starts_with("another import or download is writing to the database"), "{err}");
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(store.content_digest().unwrap(), before);
    // Once the other writer is done, the same import goes through.
    assert_eq!(import(&mut store, "dma.csv", dataset_file("dma/dma_2025_overall_acute.csv")).unwrap().outcome, Outcome::Imported);
}

/// A real file cut at `fraction` of its bytes, not on a line end.
fn cut(bytes: &[u8], fraction: f64) -> Vec<u8> {
    let mut at = (bytes.len() as f64 * fraction) as usize;
    while matches!(bytes.get(at.saturating_sub(1)), Some(b'\n' | b'\r' | b',')) {
        at += 1;
    }
    bytes[..at].to_vec()
}

#[test]
fn regression_a_real_csv_cut_part_way_imports_nothing() {
    // Was: half its rows imported, the last value cut to "Standards".
    for file in [
        "dma/dma_2025_overall_acute.csv",
        "dspt/dspt_trusts_2022-23_snapshot_2023-11-16.csv",
        "staff_survey/nss_2021-2024_org_results_wellbeing.csv",
    ] {
        let whole = dataset_file(file);
        for fraction in [0.31, 0.5, 0.77] {
            let mut store = empty();
            let err = import_fails(&mut store, "cut.csv", cut(&whole, fraction), ImportOptions::default());
            assert_eq!(err.code(), "import.truncated", "{file} at {fraction}: {err}");
        }
    }
}

#[test]
fn hostile_workbooks_are_clean_errors_and_change_nothing() {
    let mut store = bundled();
    // A file over the cap the user set.
    let options = ImportOptions {
        max_bytes: Some(1000),
        ..ImportOptions::default()
    };
    let err = import_fails(&mut store, "dma.xlsx", dataset_file("dma/dma_results_data_file_v2_2026-03-30.xlsx"), options);
    assert_eq!(err.code(), "import.too_large", "{err}");
    assert!(err.to_string().contains("over the 0.1 MB limit; split it, or raise the limit with --max-mb"), "{err}");
    // A workbook whose only other cell is at the last cell Excel has.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Organisation code").unwrap();
    sheet.write_string(1_048_575, 16_383, "stray").unwrap();
    let err = import_fails(&mut store, "stray.xlsx", book.save_to_buffer().unwrap(), ImportOptions::default());
    assert_eq!(err.code(), "import.unknown_layout", "{err}");
}
