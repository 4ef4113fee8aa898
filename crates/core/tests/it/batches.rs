//! A large import is sorted and written in batches of about a million observations, so its
//! memory does not grow with the file. Where the batches break must change nothing: not what
//! is written, not what is left out, not which repeats are found.

use super::util::*;
use boardlens_core::Error;
use boardlens_core::import::{ImportOptions, ImportSummary};

/// Import `csv` into a fresh database in batches of `rows` observations (`None`: the default).
fn in_batches(csv: &str, rows: Option<usize>) -> (String, ImportSummary) {
    let mut store = bundled();
    let summary = import_with(
        &mut store,
        "kpi.csv",
        csv.as_bytes().to_vec(),
        ImportOptions {
            batch_rows: rows,
            ..ImportOptions::default()
        },
    )
    .unwrap();
    (store.content_digest().unwrap(), summary)
}

/// Rows left out: the reason, how many, the examples.
type LeftOut = Vec<(String, u64, Vec<String>)>;

/// What an import said, with its notes in a fixed order (repeats are noted batch by batch).
fn said(s: &ImportSummary) -> (u64, u64, LeftOut, Vec<String>) {
    let mut notes = s.notes.clone();
    notes.sort();
    let left_out = s
        .left_out
        .iter()
        .map(|l| (l.reason.clone(), l.rows, l.examples.clone()))
        .collect();
    (s.observations_written, s.rows_read, left_out, notes)
}

const HEADER: &str = "ods_code,indicator,period,value\n";

#[test]
fn where_the_batches_break_changes_nothing_written_or_said() {
    let cases: &[(&str, String)] = &[
        (
            "trusts, with a row repeated (same value) far from the first",
            format!(
                "{HEADER}RJ1,local.a,2024,1\nRJ1,local.a,2025,2\nRRK,local.a,2025,3\nRJE,local.b,2025,4\nR1H,local.a,2025,5\nRJ1,local.a,2024,1\nRA2,local.b,2024,6\n"
            ),
        ),
        (
            "ICB rows before the first trust: subtotals, left out",
            format!(
                "{HEADER}QMJ,local.a,2025,10\nQMJ,local.b,2025,11\nQKK,local.a,2025,12\nQKK,local.b,2025,13\nQWE,local.a,2025,14\nRJ1,local.a,2025,1\nQMJ,local.a,2024,9\nRRK,local.a,2025,2\n"
            ),
        ),
        (
            "ICBs only: the data, kept",
            format!(
                "{HEADER}QMJ,local.a,2025,10\nQMJ,local.b,2025,11\nQKK,local.a,2025,12\nQKK,local.b,2025,13\nQWE,local.a,2025,14\nQWE,local.a,2025,14\n"
            ),
        ),
    ];
    for (case, csv) in cases {
        let (digest, whole) = in_batches(csv, None);
        for rows in [1, 2, 3, 5] {
            let (d, s) = in_batches(csv, Some(rows));
            assert_eq!(d, digest, "{case}: batches of {rows} wrote something else");
            assert_eq!(said(&s), said(&whole), "{case}: batches of {rows} said something else");
        }
    }
}

#[test]
fn what_the_cases_above_write_and_leave_out() {
    let (_, s) = in_batches(
        &format!("{HEADER}QMJ,local.a,2025,10\nQKK,local.a,2025,12\nRJ1,local.a,2025,1\nQMJ,local.a,2024,9\n"),
        Some(1),
    );
    assert_eq!(s.observations_written, 1);
    assert_eq!(
        said(&s).2,
        [(
            "ICB subtotals (the file's other rows are trusts)".to_string(),
            3,
            vec!["QMJ (row 2)".to_string(), "QKK (row 3)".into(), "QMJ (row 5)".into()]
        )]
    );
    let (_, s) = in_batches(
        &format!("{HEADER}RJ1,local.a,2024,1\nRRK,local.a,2025,3\nRJ1,local.a,2024,1\n"),
        Some(1),
    );
    assert_eq!(s.observations_written, 2);
    assert_eq!(said(&s).3, ["row 4 repeats row 2 for RJ1 (same value); kept once"]);
}

#[test]
fn a_different_value_in_a_later_batch_is_an_error_naming_both_rows_and_changes_nothing() {
    let mut store = bundled();
    let csv = format!("{HEADER}RJ1,local.a,2025,1\nRRK,local.a,2025,3\nRJE,local.a,2025,4\nRJ1,local.a,2025,2\n");
    let err = import_fails(
        &mut store,
        "kpi.csv",
        csv,
        ImportOptions {
            batch_rows: Some(1),
            ..ImportOptions::default()
        },
    );
    let Error::Import(e) = &err else {
        panic!("expected an import error, got {err}")
    };
    let text = e.to_string();
    assert!(text.contains("row 5") && text.contains("row 2"), "{text}");
    assert!(text.contains("RJ1"), "{text}");
}

#[test]
fn values_an_import_replaces_in_another_dataset_are_counted() {
    let mut store = bundled();
    let first = import(
        &mut store,
        "first.csv",
        format!("{HEADER}RJ1,local.a,2025,1\nRRK,local.a,2025,3\n"),
    )
    .unwrap();
    assert_eq!(first.observations_replaced, 0);
    let second = import(
        &mut store,
        "second.csv",
        format!("{HEADER}RJ1,local.a,2025,2\nRJE,local.a,2025,4\n"),
    )
    .unwrap();
    assert_eq!((second.observations_written, second.observations_replaced), (2, 1));
    assert_eq!(
        store.observation("local.a", "RJ1", "2025").unwrap().unwrap().value,
        Some(2.0),
        "the newer file wins"
    );
    assert_eq!(
        store.observation("local.a", "RRK", "2025").unwrap().unwrap().value,
        Some(3.0)
    );
    let counts: Vec<(String, u64)> = store
        .datasets()
        .unwrap()
        .into_iter()
        .filter(|d| d.provenance.key.starts_with("user."))
        .map(|d| (d.provenance.key, d.observations))
        .collect();
    assert_eq!(counts, [("user.first".to_string(), 1), ("user.second".into(), 2)]);
    assert_counts_are_true(&store);
}

/// Every dataset's count of observations (kept by the imports) is what the table holds.
fn assert_counts_are_true(store: &boardlens_core::store::Store) {
    let kept: Vec<(i64, u64)> = store
        .datasets()
        .unwrap()
        .iter()
        .map(|d| (d.id, d.observations))
        .collect();
    let mut kept = kept;
    kept.sort();
    assert_eq!(kept, store.observations_counted().unwrap());
}

#[test]
fn each_datasets_count_of_observations_stays_true_through_replacements_and_re_imports() {
    let mut store = bundled();
    assert_counts_are_true(&store);
    let steps: &[(&str, String)] = &[
        (
            "a-2025.csv",
            format!("{HEADER}RJ1,local.a,2025,1\nRRK,local.a,2025,3\nRJE,local.b,2025,4\n"),
        ),
        (
            "b-2025.csv",
            format!("{HEADER}RJ1,local.a,2025,2\nRJE,local.b,2025,5\nR1H,local.b,2025,6\n"),
        ),
        (
            "a-2025.csv",
            format!("{HEADER}RJ1,local.a,2025,7\nRRK,local.a,2025,3\n"),
        ),
    ];
    for (name, csv) in steps {
        import(&mut store, name, csv.clone()).unwrap();
        assert_counts_are_true(&store);
    }
}
