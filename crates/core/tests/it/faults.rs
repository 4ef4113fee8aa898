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
                let options = ImportOptions {
                    now: NOW,
                    ..ImportOptions::default()
                };
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
    assert!(
        err.to_string()
            .starts_with("another import or download is writing to the database"),
        "{err}"
    );
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(store.content_digest().unwrap(), before);
    // Once the other writer is done, the same import goes through.
    assert_eq!(
        import(&mut store, "dma.csv", dataset_file("dma/dma_2025_overall_acute.csv"))
            .unwrap()
            .outcome,
        Outcome::Imported
    );
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
    let err = import_fails(
        &mut store,
        "dma.xlsx",
        dataset_file("dma/dma_results_data_file_v2_2026-03-30.xlsx"),
        options,
    );
    assert_eq!(err.code(), "import.too_large", "{err}");
    assert!(
        err.to_string()
            .contains("over the 0.1 MB limit; split it, or raise the limit with --max-mb"),
        "{err}"
    );
    // A workbook whose only other cell is at the last cell Excel has.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Organisation code").unwrap();
    sheet.write_string(1_048_575, 16_383, "stray").unwrap();
    let err = import_fails(
        &mut store,
        "stray.xlsx",
        book.save_to_buffer().unwrap(),
        ImportOptions::default(),
    );
    assert_eq!(err.code(), "import.unknown_layout", "{err}");
}

/// The lines of a bundled CSV: header and the first `n` rows.
fn head_of(file: &str, n: usize) -> Vec<String> {
    String::from_utf8(dataset_file(file))
        .unwrap()
        .lines()
        .take(n + 1)
        .map(str::to_string)
        .collect()
}

#[test]
fn regression_conflicting_duplicates_in_reference_files_are_refused() {
    // Was: RJ1 twice in an ETR file (the second region won); R0A twice in the trusts master
    // (it became "Mental health" and changed its peers).
    let mut etr = head_of("ods/etr_2025-07.csv", 3);
    etr.push(etr[0].replace("\"Y56\"", "\"Y58\""));
    let err = import_fails(
        &mut empty(),
        "etr_2025-07.csv",
        etr.join("\n") + "\n",
        ImportOptions::default(),
    );
    assert_eq!(err.code(), "import.bad_cell", "{err}");
    assert!(
        err.to_string()
            .contains("G6V2S is listed twice with different details (region Y56 at row 1; region Y58 here)"),
        "{err}"
    );
    let mut master = head_of("ods/trusts_master_2023.csv", 3);
    master.push(master[1].replace(",ACUTE,", ",MENTAL HEALTH,"));
    let err = import_fails(
        &mut bundled(),
        "trusts_master_2023.csv",
        master.join("\n") + "\n",
        ImportOptions::default(),
    );
    assert!(
        err.to_string()
            .contains("R0A is listed twice with different details (type Acute at row 2; type Mental health here)"),
        "{err}"
    );
    // The same row twice says the same: it is not a conflict.
    let mut same = head_of("ods/etr_2025-07.csv", 3);
    same.push(same[0].clone());
    import(&mut empty(), "etr_2025-07.csv", same.join("\n") + "\n").unwrap();
}

#[test]
fn stored_text_has_no_control_characters_and_a_name_has_a_sensible_length() {
    let nul = "ods_code,indicator,period,value\nRJ1,local.x,2025,4\n".to_string();
    let mut store = bundled();
    let master = head_of("ods/trusts_master_2023.csv", 2);
    let with_nul = format!(
        "{}\n{}\n",
        master[0],
        master[1].replace("MANCHESTER UNIVERSITY", "MANCHESTER\u{1b}UNIVERSITY")
    );
    let err = import_fails(&mut store, "trusts_master_2023.csv", with_nul, ImportOptions::default());
    assert!(
        err.to_string()
            .contains("the organisation name holds a control character (U+001B) at character 11"),
        "{err}"
    );
    // Regression: a 50 MB alias was stored.
    let long = format!(
        "{}\n{}\n",
        master[0],
        master[1].replace("MANCHESTER UNIVERSITY", &"A".repeat(600))
    );
    let err = import_fails(&mut store, "trusts_master_2023.csv", long, ImportOptions::default());
    assert!(
        err.to_string()
            .contains("is 621 characters long; a name or label is at most 500"),
        "{err}"
    );
    import(&mut store, "kpis.csv", nul).unwrap();
}

#[test]
fn values_and_bases_must_be_possible() {
    let mut store = bundled();
    // Regression: a survey base of −40 and a value of 10³⁰⁰ were stored.
    let survey = head_of("staff_survey/nss_2021-2024_org_results_wellbeing.csv", 1);
    let header: Vec<&str> = survey[0].split(',').collect();
    let base = header.iter().position(|h| *h == "Autonomy_base").unwrap();
    let mut cells: Vec<String> = survey[1].split(',').map(str::to_string).collect();
    cells[base] = "-40".into();
    let err = import_fails(
        &mut store,
        "nss.csv",
        format!("{}\n{}\n", survey[0], cells.join(",")),
        ImportOptions::default(),
    );
    assert!(
        err.to_string().contains("a base of -40 is not a number of respondents"),
        "{err}"
    );
    let huge = "ods_code,indicator,period,value\nRJ1,local.x,2025,1e300\n";
    let err = import_fails(&mut store, "kpis.csv", huge, ImportOptions::default());
    assert!(
        err.to_string()
            .contains("RJ1, local.x: 1e300 is larger than any NHS measure"),
        "{err}"
    );
}

#[test]
fn regression_a_status_of_another_year_is_filed_under_its_year_with_a_note() {
    // Was: a "23/24" status silently inside a "2022-23" dataset.
    let mut dspt = head_of("dspt/dspt_trusts_2022-23_snapshot_2023-11-16.csv", 4);
    dspt[2] = dspt[2].replace("22/23 ", "23/24 ");
    let summary = import(&mut empty(), "dspt.csv", dspt.join("\n") + "\n").unwrap();
    assert!(
        summary
            .notes
            .iter()
            .any(|n| n.starts_with("1 status is for 2023-24, not the file's 2022-23 (the first: ")),
        "{:?}",
        summary.notes
    );
}
