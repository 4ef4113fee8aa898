//! NHS England's DMA results data file (v2, 30 March 2026), as published and bundled: every
//! sheet read into indicators of its own; providers matched by name, ICBs by their ODS names.
//! Expected values are the workbook's own cells (sheet and row named in each case).

use super::util::*;
use boardlens_core::import::{ImportOptions, ImportSummary, Outcome};

const FILE: &str = "dma/dma_results_data_file_v2_2026-03-30.xlsx";

/// A store with only the reference data (ODS, trust types): what the DMA file is matched against.
fn reference_only() -> boardlens_core::Store {
    let mut store = empty();
    for entry in boardlens_core::bundled::entries().unwrap() {
        if entry.key.starts_with("ods") || entry.key.starts_with("ons") {
            import_with(
                &mut store,
                &entry.file,
                entry.bytes().unwrap().to_vec(),
                ImportOptions {
                    adapter: Some(entry.adapter.clone()),
                    ..ImportOptions::default()
                },
            )
            .unwrap();
        }
    }
    store
}

fn import_real() -> (boardlens_core::Store, ImportSummary) {
    let mut store = reference_only();
    let s = import(
        &mut store,
        "dma_results_data_file_v2_2026-03-30.xlsx",
        dataset_file(FILE),
    )
    .unwrap();
    (store, s)
}

fn value(store: &boardlens_core::Store, key: &str, code: &str, period: &str) -> Option<f64> {
    store
        .observation(key, code, period)
        .unwrap()
        .unwrap_or_else(|| panic!("no {key} for {code} in {period}"))
        .value
}

#[test]
fn every_sheet_is_read_and_every_provider_and_icb_is_matched() {
    let (store, s) = import_real();
    assert_eq!(s.adapter, "dma-results");
    assert!(!s.provenance.synthetic);
    assert_eq!(s.provenance.period, "2025");
    assert!(s.name_issues.is_empty(), "{:?}", s.name_issues);
    assert!(s.near_matches.is_empty(), "{:?}", s.near_matches);
    // 285 provider rows × 7 pillars, 285 × 2 comparable years, 42 ICBs × 7, 42 × 2, 42 × 5.
    assert_eq!(s.observations_written, 285 * 7 + 285 * 2 + 42 * 7 + 42 * 2 + 42 * 5);
    // One primary-care pillar is blank in the file (Lincolnshire's Well Led): kept as missing.
    assert_eq!(s.missing_values.values().sum::<u64>(), 1, "{:?}", s.missing_values);
    assert_eq!(s.organisations_matched, 204 + 42);
    // The notes, source and copyright rows under the tables are notes, not unnamed rows.
    assert!(s.notes.iter().all(|n| !n.contains("no provider")), "{:?}", s.notes);
    assert!(
        s.notes.iter().any(|n| n.contains("may differ from the standalone")),
        "{:?}",
        s.notes
    );
    // Providers per care setting, as SOURCES.md counts them: a trust is compared with every
    // trust that reports its care setting, so n is the setting's count.
    for (code, setting, n) in [
        ("RJ1", "acute", 134),
        ("TAD", "community", 90),
        ("TAD", "mental_health", 50),
        ("RYA", "ambulance", 11),
        ("QHL", "icb", 42),
    ] {
        let report = store.benchmark(&boardlens_core::benchmark::Request::new(code)).unwrap();
        let key = format!("dma.{setting}.well_led");
        let i = report.indicators.iter().find(|i| i.key == key).unwrap();
        assert_eq!(i.n, n, "{key}");
    }
}

#[test]
fn pillar_scores_equal_the_workbook_cells_in_every_care_setting() {
    let store = bundled();
    // (code, setting, the seven pillars as in 'SC - 2025 Pillar Summary' / 'ICB - 2025 Pillar Summary')
    let cases: [(&str, &str, [f64; 7]); 7] = [
        ("RJ1", "acute", [2.5, 3.3, 3.3, 2.5, 2.9, 2.6, 2.4]), // row 234
        ("RXT", "mental_health", [3.3, 2.8, 3.3, 2.8, 1.9, 2.8, 2.0]), // row 21
        ("RYW", "community", [3.0, 2.2, 2.3, 2.0, 1.9, 2.6, 2.2]), // row 20
        ("RYA", "ambulance", [2.8, 2.4, 2.3, 2.5, 1.5, 1.0, 1.8]), // row 31
        ("TAD", "mental_health", [3.5, 2.8, 1.8, 2.5, 1.4, 1.5, 1.6]), // row 292
        ("TAD", "community", [3.5, 2.7, 1.8, 2.5, 1.4, 1.6, 1.6]), // row 293
        ("QHL", "icb", [1.8, 4.5, 2.3, 1.5, 2.4, 3.0, 2.4]),   // ICB sheet, row 14
    ];
    for (code, setting, want) in cases {
        for ((_, pillar), want) in boardlens_core::dma::PILLARS.iter().zip(want) {
            let key = format!("dma.{setting}.{pillar}");
            assert_eq!(value(&store, &key, code, "2025"), Some(want), "{code} {key}");
        }
    }
    // The ICB's primary-care pillars, with their own names: '2025 Pillar Summary (ICB PC)', row 23.
    for (pillar, want) in [
        "well_led",
        "smart_foundations",
        "support_people",
        "empower_people",
        "improve_care",
    ]
    .iter()
    .zip([1.0, 4.0, 1.0, 4.0, 5.0])
    {
        let key = format!("dma.primary_care.{pillar}");
        assert_eq!(value(&store, &key, "QHL", "2025"), Some(want), "{key}");
    }
}

#[test]
fn the_comparable_overall_is_published_for_both_years_and_its_change_is_theirs() {
    let store = bundled();
    // 'SC - 24 vs 25 Overall DMA' row 233 and 'ICB -24 vs 25 Overall DMA ' row 14.
    let cases = [
        ("RJ1", "acute", 2.7142857142857144, 2.869047619047619),
        ("TAD", "community", 2.1796536796536796, 2.2997835497835495),
        ("QHL", "icb", 2.9027777777777772, 2.5833333333333335),
    ];
    for (code, setting, y2025, y2024) in cases {
        let key = format!("dma.{setting}.overall_comparable_2024_2025");
        assert_eq!(value(&store, &key, code, "2025"), Some(y2025));
        assert_eq!(value(&store, &key, code, "2024"), Some(y2024));
        let report = store.benchmark(&boardlens_core::benchmark::Request::new(code)).unwrap();
        let i = report.indicators.iter().find(|i| i.key == key).unwrap();
        let change = i.change.as_ref().unwrap();
        assert!(change.comparable && !change.illustrative);
        assert_eq!(change.trust, Some(y2025 - y2024), "{code}: 2025 Average − 2024 Average");
        assert!(i.notes.iter().any(|n| n.contains("comparable between the two years")));
    }
}

#[test]
fn re_importing_the_file_is_a_no_op() {
    let mut store = bundled();
    let before = store.content_digest().unwrap();
    let s = import(&mut store, "copy.xlsx", dataset_file(FILE)).unwrap();
    assert!(matches!(s.outcome, Outcome::AlreadyImported { .. }), "{:?}", s.outcome);
    assert_eq!(store.content_digest().unwrap(), before);
}

const HEADER: [&str; 12] = [
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
];

/// A workbook in the published layout: title block, "England" on row 9, header on row 11.
fn published_layout(year: &str, providers: &[[&'static str; 3]]) -> Vec<u8> {
    let title = format!("{year} DMA: Secondary Care Provider Response Data");
    let mut rows: Vec<Vec<&str>> = vec![vec![], vec!["", &title]];
    rows.resize(8, vec![]);
    rows.push(vec!["", "England"]); // row 9
    rows.push(vec!["", "Organisation Details", "DMA Pillar Scores"]); // row 10
    rows.push(HEADER.to_vec()); // row 11
    for [region, provider, setting] in providers {
        rows.push(vec![
            "", region, "Some ICS", provider, setting, "3.1", "2.9", "2.8", "2.7", "2.6", "2.5", "2.4",
        ]);
    }
    rows.push(vec![]);
    rows.push(vec!["", "Source: NHS England Digital Maturity Assessment (DMA)"]);
    rows.push(vec!["", "Copyright © 2027, NHS England"]);
    let sheet = format!("SC - {year} Pillar Summary");
    xlsx(&[
        ("Introduction ", vec![vec!["", "Digital Maturity Assessment"]]),
        (&sheet, rows),
    ])
}

#[test]
fn next_years_file_adds_a_period_and_keeps_2025() {
    let mut store = bundled();
    let bytes = published_layout(
        "2026",
        &[
            ["London", "Guy's and St Thomas' NHS Foundation Trust", "Acute"],
            ["London", "GUY'S & ST THOMAS' NHS FT", "Community"],
            ["Midlands", "University Hospitals of North Midland NHS Trust", "Acute"],
            ["London", "London", "Acute"],
            ["South West", "Hospital of Nowhere NHS Trust", "Acute"],
        ],
    );
    let s = import(&mut store, "dma_2026.xlsx", bytes).unwrap();
    assert_eq!(s.provenance.period, "2026");
    assert!(s.notes.iter().all(|n| !n.contains("replaces")), "{:?}", s.notes);
    // Guy's twice (two care settings) and North Midlands by near match: 3 rows × 7 pillars.
    assert_eq!(s.observations_written, 21);
    assert_eq!(s.near_matches.len(), 1, "{:?}", s.near_matches);
    assert_eq!(s.near_matches[0].2, "RJE");
    assert_eq!(s.name_issues.len(), 1);
    assert_eq!(
        s.name_issues[0].place,
        "dma_2026.xlsx, sheet 'SC - 2026 Pillar Summary', row 16"
    );
    assert!(
        s.notes
            .iter()
            .any(|n| n.contains("1 national or regional summary rows")),
        "{:?}",
        s.notes
    );
    assert!(
        s.notes.iter().any(|n| n.contains("2 note, source and copyright rows")),
        "{:?}",
        s.notes
    );
    assert_eq!(value(&store, "dma.acute.well_led", "RJ1", "2026"), Some(3.1));
    assert_eq!(
        value(&store, "dma.acute.well_led", "RJ1", "2025"),
        Some(2.5),
        "2025 is kept"
    );
    // A pillar change across 2025 → 2026 is within one question set; the benchmark shows it.
    let report = store
        .benchmark(&boardlens_core::benchmark::Request::new("RJ1"))
        .unwrap();
    let i = report
        .indicators
        .iter()
        .find(|i| i.key == "dma.acute.well_led")
        .unwrap();
    assert_eq!(i.period, "2026");
    let c = i.change.as_ref().unwrap();
    assert!(c.comparable);
    assert!((c.trust.unwrap() - 0.6).abs() < 1e-9);
}

#[test]
fn a_sheet_without_a_year_needs_a_period() {
    let mut store = bundled();
    let rows = vec![
        HEADER.to_vec(),
        vec![
            "",
            "London",
            "SEL",
            "Guy's and St Thomas' NHS Foundation Trust",
            "Acute",
            "3",
            "3",
            "3",
            "3",
            "3",
            "3",
            "3",
        ],
    ];
    let bytes = xlsx(&[("Pillars", rows)]);
    let err = import_fails(&mut store, "p.xlsx", bytes.clone(), ImportOptions::default());
    assert!(err.to_string().contains("pass --period"), "{err}");
    let s = import_with(
        &mut store,
        "p.xlsx",
        bytes,
        ImportOptions {
            period: Some("2026".into()),
            ..ImportOptions::default()
        },
    )
    .unwrap();
    assert_eq!(s.observations_written, 7);
}

#[test]
fn a_users_file_marked_synthetic_keeps_its_mark() {
    let mut store = reference_only();
    let mut rows = vec![
        vec!["", "ILLUSTRATIVE SYNTHETIC DATA for training"],
        vec![],
        HEADER.to_vec(),
    ];
    rows.push(vec![
        "",
        "London",
        "SEL",
        "Guy's and St Thomas' NHS Foundation Trust",
        "Acute",
        "3",
        "3",
        "3",
        "3",
        "3",
        "3",
        "3",
    ]);
    let s = import(&mut store, "training.xlsx", xlsx(&[("SC - 2026 Pillar Summary", rows)])).unwrap();
    assert!(s.provenance.synthetic);
    let report = store
        .benchmark(&boardlens_core::benchmark::Request::new("RJ1"))
        .unwrap();
    assert!(report.illustrative);
    let i = report
        .indicators
        .iter()
        .find(|i| i.key == "dma.acute.well_led")
        .unwrap();
    assert!(i.illustrative);
}
