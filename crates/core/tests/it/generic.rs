//! Users' own files (generic long and wide), and the import rules every adapter shares:
//! missing markers, unknown and closed organisations, dry runs, re-imports, replacement.

use super::util::*;
use boardlens_core::import::{ImportOptions, Mapping, Outcome};

#[test]
fn suppressed_and_missing_cells_are_missing_with_their_reason_never_zero() {
    let mut store = bundled();
    let csv = "ods_code,indicator,period,value\nRJ1,local.a,2025,*\nRRK,local.a,2025,[c]\nRJE,local.a,2025,\nRTG,local.a,2025,#DIV/0!\nR1H,local.a,2025,\"1,234\"\nRA2,local.a,2025,12.5%\n";
    let s = import(&mut store, "kpi.csv", csv).unwrap();
    assert_eq!(s.observations_written, 6);
    assert_eq!(s.missing_values.values().sum::<u64>(), 4);
    let rj1 = store.observation("local.a", "RJ1", "2025").unwrap().unwrap();
    assert_eq!((rj1.value, rj1.missing.as_deref()), (None, Some("suppressed (*)")));
    assert_eq!(
        store
            .observation("local.a", "RTG", "2025")
            .unwrap()
            .unwrap()
            .missing
            .as_deref(),
        Some("Excel error #DIV/0!")
    );
    assert_eq!(
        store.observation("local.a", "R1H", "2025").unwrap().unwrap().value,
        Some(1234.0)
    );
    assert_eq!(
        store.observation("local.a", "RA2", "2025").unwrap().unwrap().value,
        Some(12.5)
    );
}

#[test]
fn a_windows_1252_file_with_pound_signs_and_accents_is_read() {
    let mut store = bundled();
    // "Spend (£)" and "Café" as Excel writes them in Windows-1252: £ = 0xA3, é = 0xE9.
    let bytes = b"ods_code,Site,Spend (\xA3)\nRJ1,Caf\xE9 Nero,\xA31,250\n".to_vec();
    let bytes = [&bytes[..bytes.len() - 7], b"\"\xA31,250\"\n"].concat();
    let s = import_with(
        &mut store,
        "spend.csv",
        bytes,
        ImportOptions {
            period: Some("2025".into()),
            ..ImportOptions::default()
        },
    )
    .unwrap();
    assert_eq!(s.encoding, "Windows-1252");
    assert!(
        s.notes
            .iter()
            .any(|n| n.contains("columns not imported (not numbers): Site")),
        "{:?}",
        s.notes
    );
    let spend = store
        .indicators()
        .unwrap()
        .into_iter()
        .find(|i| i.label == "Spend (£)")
        .expect("label decoded");
    assert_eq!(
        store.observation(&spend.key, "RJ1", "2025").unwrap().unwrap().value,
        Some(1250.0)
    );
}

#[test]
fn unknown_codes_are_left_out_and_counted_and_closed_trusts_noted() {
    let mut store = bundled();
    let csv = "ods_code,indicator,period,value\nZZZ99,local.a,2025,1\nR1C,local.a,2025,2\nRJ1,local.a,2025,3\n";
    let s = import(&mut store, "kpi.csv", csv).unwrap();
    assert_eq!(s.left_out.len(), 1);
    assert_eq!(s.left_out[0].reason, "codes not in the ODS reference data");
    assert_eq!(s.left_out[0].examples, ["ZZZ99 (row 2)"]);
    assert_eq!(
        s.closed_organisations.get("R1C").map(String::as_str),
        Some("2024-09-30")
    );
    assert_eq!(s.organisations_matched, 2);
    assert_eq!(store.observation("local.a", "ZZZ99", "2025").unwrap(), None);
    assert!(
        s.description.iter().any(|l| l == "rows left out: 1"),
        "{:#?}",
        s.description
    );
}

#[test]
fn with_no_reference_data_every_well_formed_code_is_kept_and_listed() {
    let mut store = empty();
    let csv = "ods_code,indicator,period,value\nZZZ99,local.a,2025,1\nRJ1,local.a,2025,3\n";
    let s = import(&mut store, "kpi.csv", csv).unwrap();
    assert!(s.left_out.is_empty());
    assert_eq!(s.unknown_codes.get("ZZZ99"), Some(&2));
    assert_eq!(
        store.observation("local.a", "ZZZ99", "2025").unwrap().unwrap().value,
        Some(1.0)
    );
}

#[test]
fn a_dry_run_reports_everything_and_writes_nothing() {
    let mut store = bundled();
    let before = store.content_digest().unwrap();
    let csv = "ods_code,indicator,period,value\nRJ1,local.a,2025,1\n";
    let s = import_with(
        &mut store,
        "kpi.csv",
        csv.into(),
        ImportOptions {
            dry_run: true,
            ..ImportOptions::default()
        },
    )
    .unwrap();
    assert_eq!(s.outcome, Outcome::DryRun);
    assert_eq!(s.observations_written, 1);
    assert_eq!(store.content_digest().unwrap(), before);
}

#[test]
fn reimporting_the_same_file_is_a_no_op() {
    let mut store = bundled();
    let csv = "ods_code,indicator,period,value\nRJ1,local.a,2025,1\n";
    import(&mut store, "kpi.csv", csv).unwrap();
    let before = store.content_digest().unwrap();
    let again = import(&mut store, "kpi-copy.csv", csv).unwrap();
    assert!(
        matches!(again.outcome, Outcome::AlreadyImported { .. }),
        "{:?}",
        again.outcome
    );
    assert_eq!(store.content_digest().unwrap(), before);
}

#[test]
fn a_newer_file_for_the_same_dataset_and_period_replaces_the_old_one() {
    let mut store = bundled();
    let mapping = Mapping::parse("[dataset]\nkey = \"local\"\nperiod = \"2025\"\n").unwrap();
    let options = || ImportOptions {
        mapping: Some(mapping.clone()),
        ..ImportOptions::default()
    };
    import_with(&mut store, "v1.csv", "ods_code,kpi\nRJ1,1\nRRK,2\n".into(), options()).unwrap();
    let s = import_with(&mut store, "v2.csv", "ods_code,kpi\nRJ1,5\n".into(), options()).unwrap();
    assert!(
        s.notes
            .iter()
            .any(|n| n.contains("replaces the earlier 'local' 2025 file")),
        "{:?}",
        s.notes
    );
    assert_eq!(
        store.observation("user.kpi", "RJ1", "2025").unwrap().unwrap().value,
        Some(5.0)
    );
    assert_eq!(
        store.observation("user.kpi", "RRK", "2025").unwrap(),
        None,
        "the old file's values go with it"
    );
    assert_eq!(
        store
            .datasets()
            .unwrap()
            .iter()
            .filter(|d| d.provenance.key == "local")
            .count(),
        1
    );
}

#[test]
fn a_mapping_names_units_polarity_and_provenance() {
    let mut store = bundled();
    let mapping = Mapping::parse(
        r#"
        [dataset]
        key = "local_kpis"
        title = "Trust digital KPIs"
        publisher = "Our BI team"
        licence = "Internal"
        [columns]
        code = "Trust"
        [[indicator]]
        column = "EPR coverage"
        key = "local.epr_coverage"
        label = "Wards on the electronic patient record"
        unit = "percent"
        polarity = "higher"
        "#,
    )
    .unwrap();
    let csv = "Trust,EPR coverage,Comment\nRJ1,87.5,fine\n";
    let options = ImportOptions {
        mapping: Some(mapping),
        period: Some("2025/26".into()),
        ..ImportOptions::default()
    };
    let s = import_with(&mut store, "kpis.csv", csv.into(), options).unwrap();
    assert_eq!(s.provenance.title, "Trust digital KPIs");
    assert_eq!(s.provenance.period, "2025-26");
    let ind = store
        .indicators()
        .unwrap()
        .into_iter()
        .find(|i| i.key == "local.epr_coverage")
        .unwrap();
    assert_eq!(ind.unit, boardlens_core::model::Unit::Percent);
    assert_eq!(ind.polarity, boardlens_core::model::Polarity::HigherIsBetter);
    assert_eq!(
        store
            .observation("local.epr_coverage", "RJ1", "2025-26")
            .unwrap()
            .unwrap()
            .value,
        Some(87.5)
    );
}

#[test]
fn a_wide_file_without_a_period_asks_for_one() {
    let mut store = bundled();
    let err = import_fails(
        &mut store,
        "kpis.csv",
        "ods_code,kpi\nRJ1,1\n",
        ImportOptions::default(),
    );
    assert!(err.to_string().contains("pass --period"), "{err}");
}

#[test]
fn period_is_refused_for_files_that_carry_their_own() {
    let mut store = bundled();
    let csv = "ods_code,indicator,period,value\nRJ1,local.a,2025,1\n";
    let options = ImportOptions {
        period: Some("2024".into()),
        ..ImportOptions::default()
    };
    let err = import_fails(&mut store, "kpi.csv", csv, options);
    assert!(err.to_string().contains("gives its own periods"), "{err}");
}

#[test]
fn a_header_below_title_rows_is_found() {
    let mut store = bundled();
    let csv = "Local KPIs,,,\nPublished by the BI team,,,\n,,,\nods_code,indicator,period,value\nRJ1,local.a,2025,4\n";
    let s = import(&mut store, "kpi.csv", csv).unwrap();
    assert_eq!(s.observations_written, 1);
    assert_eq!(
        store.observation("local.a", "RJ1", "2025").unwrap().unwrap().source_row,
        5
    );
}

#[test]
fn a_long_files_period_is_the_span_of_its_rows_and_a_new_version_replaces_it() {
    let mut store = bundled();
    let v1 = "ods_code,indicator,period,value\nRJ1,local.a,2023,1\nRJ1,local.a,2025,2\nRRK,local.a,2024,3\n";
    let s = import(&mut store, "kpi.csv", v1).unwrap();
    assert_eq!(s.provenance.period, "2023 to 2025");
    let v2 = "ods_code,indicator,period,value\nRJ1,local.a,2023,1\nRJ1,local.a,2025,5\n";
    let s = import(&mut store, "kpi.csv", v2).unwrap();
    assert!(
        s.notes
            .iter()
            .any(|n| n.contains("replaces the earlier 'user.kpi' 2023 to 2025 file")),
        "{:?}",
        s.notes
    );
    assert_eq!(
        store.observation("local.a", "RJ1", "2025").unwrap().unwrap().value,
        Some(5.0)
    );
    assert_eq!(store.observation("local.a", "RRK", "2024").unwrap(), None);
}

#[test]
fn a_preview_shows_the_first_rows_as_published_and_writes_nothing() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../datasets/dma/dma_results_data_file_v2_2026-03-30.xlsx");
    let p = boardlens_core::import::preview_file(&path, 12).unwrap();
    assert_eq!(
        (p.format.as_str(), p.file.as_str()),
        ("excel", "dma_results_data_file_v2_2026-03-30.xlsx")
    );
    // Sheet names as published, stray spaces included.
    assert_eq!(p.sheets[0].name.as_deref(), Some("Introduction "));
    assert_eq!(p.sheets[4].name.as_deref(), Some("ICB -24 vs 25 Overall DMA "));
    let rows = &p.sheets[1].rows;
    assert_eq!(p.sheets[1].name.as_deref(), Some("SC - 2025 Pillar Summary"));
    assert_eq!(rows.len(), 12);
    // The published layout: the header is below the title block.
    assert!(
        rows.iter().skip(5).any(|r| r.iter().any(|c| c == "Provider")),
        "{rows:?}"
    );

    let csv = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../datasets/dspt/dspt_trusts_2022-23_snapshot_2023-11-16.csv");
    let p = boardlens_core::import::preview_file(&csv, 3).unwrap();
    assert_eq!(
        (p.format.as_str(), p.sheets.len(), p.sheets[0].rows.len()),
        ("csv", 1, 3)
    );
    assert_eq!(p.sheets[0].name, None);
}

#[test]
fn a_preview_of_a_missing_file_names_the_file() {
    let err = boardlens_core::import::preview_file(std::path::Path::new("/nonexistent/dma.xlsx"), 5).unwrap_err();
    assert!(err.to_string().contains("/nonexistent/dma.xlsx"), "{err}");
}
