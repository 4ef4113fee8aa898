//! Bad input: every failure names the file, row and column and what was expected, and leaves
//! the database exactly as it was.

use super::util::*;
use boardlens_core::Error;
use boardlens_core::import::ImportOptions;

fn message(err: &Error) -> String {
    err.to_string()
}

#[test]
fn a_zero_byte_file_is_refused() {
    let mut store = empty();
    let err = import_fails(&mut store, "empty.csv", Vec::new(), ImportOptions::default());
    assert!(err.code() == "import.empty");
    assert_eq!(
        message(&err),
        "empty.csv: the file is empty (0 bytes); expected a CSV or Excel (.xlsx) file"
    );
}

#[test]
fn binary_junk_is_refused() {
    let mut store = bundled();
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let err = import_fails(&mut store, "junk.xlsx", junk, ImportOptions::default());
    assert!(
        message(&err).starts_with("junk.xlsx: cannot read it as a table"),
        "{err}"
    );
}

#[test]
fn a_truncated_workbook_is_refused() {
    let mut store = bundled();
    let mut bytes = dataset_file("dma/dma_results_data_file_v2_2026-03-30.xlsx");
    bytes.truncate(bytes.len() / 2);
    let err = import_fails(&mut store, "dma.xlsx", bytes, ImportOptions::default());
    assert!(message(&err).contains("damaged or truncated"), "{err}");
}

#[test]
fn a_forced_adapter_names_the_columns_it_misses() {
    let mut store = bundled();
    let csv = "Code,Organisation Name,Date Of Publication\nRJ1,Guy's,30/06/2023\n";
    let options = ImportOptions {
        adapter: Some("dspt".into()),
        ..ImportOptions::default()
    };
    let err = import_fails(&mut store, "dspt.csv", csv, options);
    assert!(err.code() == "import.missing_columns", "{err}");
    let m = message(&err);
    assert!(m.contains("dspt needs the columns") && m.contains("Status"), "{m}");
}

#[test]
fn a_file_no_adapter_recognises_says_what_it_found() {
    let mut store = bundled();
    let err = import_fails(
        &mut store,
        "notes.csv",
        "Title of report\nSome,notes,here\n",
        ImportOptions::default(),
    );
    let m = message(&err);
    assert!(
        m.contains("no importer recognises this layout") && m.contains("row 1"),
        "{m}"
    );
}

#[test]
fn conflicting_duplicate_rows_name_both_rows() {
    let mut store = bundled();
    let csv = "ods_code,indicator,period,value\nRJ1,local.kpi,2025,3\nRRK,local.kpi,2025,4\nRJ1,local.kpi,2025,5\n";
    let err = import_fails(&mut store, "kpi.csv", csv, ImportOptions::default());
    assert_eq!(
        message(&err),
        "kpi.csv, row 4: RJ1 / local.kpi / 2025 is given twice with different values (3 at row 2, 5 here); the file must give one value"
    );
}

#[test]
fn a_repeated_identical_row_is_kept_once_with_a_note() {
    let mut store = bundled();
    let csv = "ods_code,indicator,period,value\nRJ1,local.kpi,2025,3\nRJ1,local.kpi,2025,3\n";
    let s = import(&mut store, "kpi.csv", csv).unwrap();
    assert_eq!(s.observations_written, 1);
    assert!(
        s.notes.iter().any(|n| n.contains("row 3 repeats row 2")),
        "{:?}",
        s.notes
    );
}

#[test]
fn nan_is_not_a_value() {
    let mut store = bundled();
    let csv = "ods_code,indicator,period,value\nRJ1,local.kpi,2025,NaN\n";
    let m = message(&import_fails(&mut store, "kpi.csv", csv, ImportOptions::default()));
    assert!(
        m.starts_with("kpi.csv, row 2, column D (value): 'NaN' is not a value"),
        "{m}"
    );
}

#[test]
fn a_negative_count_and_an_out_of_range_score_are_refused() {
    let mut store = bundled();
    let mapping =
        boardlens_core::import::Mapping::parse("[[indicator]]\ncolumn = \"beds\"\nunit = \"count\"\n").unwrap();
    let options = ImportOptions {
        mapping: Some(mapping),
        period: Some("2025".into()),
        ..ImportOptions::default()
    };
    let m = message(&import_fails(
        &mut store,
        "beds.csv",
        "ods_code,beds\nRJ1,-4\n",
        options,
    ));
    assert_eq!(m, "beds.csv, row 2, column B (beds): -4 is negative; a count cannot be");

    let rows = vec![
        vec!["Title"],
        vec![],
        vec![
            "",
            "Region",
            "ICS",
            "Provider",
            "Care Setting",
            "Well Led",
            "Ensure Smart Foundations",
            "Safe Practice",
            "Support Workforce",
            "Empower People",
            "Improve Care",
            "Healthy Populations",
        ],
        vec![
            "",
            "London",
            "SEL",
            "Guy's and St Thomas' NHS Foundation Trust",
            "Acute",
            "3.1",
            "7",
            "3",
            "3",
            "3",
            "3",
            "3",
        ],
    ];
    let bytes = xlsx(&[("SC - 2025 Pillar Summary", rows)]);
    let m = message(&import_fails(&mut store, "dma.xlsx", bytes, ImportOptions::default()));
    assert_eq!(
        m,
        "dma.xlsx, sheet 'SC - 2025 Pillar Summary', row 4, column G (Ensure Smart Foundations): 7 is outside the 1–5 score scale"
    );
}

#[test]
fn a_percentage_over_100_is_refused() {
    let mut store = bundled();
    let mapping =
        boardlens_core::import::Mapping::parse("[[indicator]]\ncolumn = \"value\"\nunit = \"percent\"\n").unwrap();
    let csv = "ods_code,indicator,period,value\nRJ1,value,2025,1138.55\n";
    let options = ImportOptions {
        mapping: Some(mapping),
        ..ImportOptions::default()
    };
    let m = message(&import_fails(&mut store, "pct.csv", csv, options));
    assert!(
        m.contains("row 2, column D (value): 1138.55 is not a percentage between 0 and 100"),
        "{m}"
    );
}

#[test]
fn a_bad_ods_code_is_left_out_and_under_strict_names_its_cell() {
    let mut store = bundled();
    let csv = "ods_code,indicator,period,value\nRJ1,local.kpi,2025,1\nGuy's,local.kpi,2025,2\n";
    let strict = ImportOptions {
        strict: true,
        ..ImportOptions::default()
    };
    let m = message(&import_fails(&mut store, "kpi.csv", csv, strict));
    assert!(
        m.starts_with("kpi.csv, row 3, column A (ods_code): 'Guy's' is not an ODS code; expected 3 to 6 letters"),
        "{m}"
    );
    let s = import(&mut store, "kpi.csv", csv).unwrap();
    assert_eq!(s.observations_written, 1);
    assert_eq!(s.left_out.len(), 1);
    assert_eq!(s.left_out[0].reason, "cells in the code column that are not ODS codes");
    assert_eq!(s.left_out[0].examples, ["'Guy's' (row 3)"]);
}

#[test]
fn a_file_of_nothing_but_rows_to_leave_out_is_refused_naming_the_first() {
    let mut store = bundled();
    let csv = "Org Code,Org name,Attendances\n-,England,\"1,000\"\nNT301,An independent provider,20\n";
    let m = message(&import_fails(
        &mut store,
        "ae.csv",
        csv,
        ImportOptions {
            period: Some("2025-03".into()),
            ..ImportOptions::default()
        },
    ));
    assert!(
        m.starts_with(
            "ae.csv, row 2, column A (Org Code): no row of the file could be used: '-' is a total or subtotal row"
        ),
        "{m}"
    );
    assert!(m.contains("1 independent-sector providers"), "{m}");
}

#[test]
fn an_html_error_page_saved_as_xlsx_is_refused() {
    let mut store = bundled();
    let err = import_fails(
        &mut store,
        "dma.xlsx",
        "<!DOCTYPE html><html><title>Sign in</title></html>",
        ImportOptions::default(),
    );
    assert!(err.code() == "import.html");
}

#[test]
fn a_cancelled_import_changes_nothing() {
    let mut store = bundled();
    let mut csv = String::from("ods_code,indicator,period,value\n");
    for i in 0..10_000 {
        csv += &format!("RJ1,local.k{i},2025,{i}\n");
    }
    let before = store.content_digest().unwrap();
    let options = ImportOptions {
        now: NOW,
        ..ImportOptions::default()
    };
    let mut cancel = |_| std::ops::ControlFlow::Break(());
    let err = boardlens_core::import::import_bytes(&mut store, "big.csv", csv.into_bytes(), &options, &mut cancel)
        .unwrap_err();
    assert!(err.code() == "import.cancelled");
    assert_eq!(store.content_digest().unwrap(), before);
}

/// Regression: a header-only copy of `dma_2025_overall_acute.csv` imported with exit 0 and
/// "replaces the earlier 'dma_overall' 2025 file": all 402 published values were gone.
#[test]
fn a_header_only_copy_does_not_empty_a_dataset_unless_asked() {
    let mut store = bundled();
    let full = dataset_file("dma/dma_2025_overall_acute.csv");
    let text = String::from_utf8(full).unwrap();
    let header_only = format!("{}\n", text.lines().next().unwrap());
    // import_fails checks the database is exactly as it was.
    let err = import_fails(
        &mut store,
        "dma_2025_overall_acute.csv",
        header_only.clone(),
        ImportOptions::default(),
    );
    assert_eq!(err.code(), "import.would_shrink", "{err}");
    let msg = message(&err);
    assert!(
        msg.starts_with("dma_2025_overall_acute.csv: it would replace the "),
        "{msg}"
    );
    assert!(
        msg.contains(" with 0; nothing was changed") && msg.contains("--replace"),
        "{msg}"
    );
    // A dry run says the same before anything is written.
    let dry = ImportOptions {
        dry_run: true,
        ..ImportOptions::default()
    };
    assert_eq!(
        import_fails(&mut store, "dma.csv", header_only.clone(), dry).code(),
        "import.would_shrink"
    );
    // Asked for, it is done, and says what it replaced.
    let asked = ImportOptions {
        replace: true,
        ..ImportOptions::default()
    };
    let summary = import_with(
        &mut store,
        "dma_2025_overall_acute.csv",
        header_only.into_bytes(),
        asked,
    )
    .unwrap();
    assert_eq!(summary.observations_written, 0);
    assert!(
        summary
            .notes
            .iter()
            .any(|n| n.starts_with("replaces the earlier 'dma_overall' 2025 file")),
        "{:?}",
        summary.notes
    );
}
