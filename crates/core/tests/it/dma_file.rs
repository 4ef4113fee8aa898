//! NHS England's DMA data file as published: header on row 11, the table from column B,
//! "England" rows among the providers, providers by name.

use super::util::*;
use boardlens_core::import::ImportOptions;

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

fn published_layout(providers: &[[&'static str; 3]]) -> Vec<u8> {
    let mut rows: Vec<Vec<&str>> = vec![
        vec!["", "Digital Maturity Assessment 2025: pillar summary"],
        vec![],
        vec!["", "Scores are self-assessed."],
    ];
    rows.resize(10, vec![]);
    rows.push(HEADER.to_vec()); // row 11
    rows.push(vec![
        "", "England", "England", "England", "Acute", "2.9", "2.7", "2.5", "2.4", "2.3", "2.5", "2.2",
    ]);
    for [region, provider, setting] in providers {
        rows.push(vec![
            "", region, "Some ICS", provider, setting, "3.1", "2.9", "2.8", "2.7", "2.6", "2.5", "2.4",
        ]);
    }
    let other = vec![vec!["Provider", "Care Setting", "2024 Overall", "2025 Overall"]];
    xlsx(&[
        ("Contents", vec![vec!["Notes"]]),
        ("SC - 2025 Pillar Summary", rows),
        ("SC - 24 vs 25 Overall DMA", other),
    ])
}

#[test]
fn the_published_layout_is_imported_by_provider_name() {
    let mut store = bundled();
    let bytes = published_layout(&[
        ["London", "Guy's and St Thomas' NHS Foundation Trust", "Acute"],
        ["London", "GUY'S & ST THOMAS' NHS FT", "Community"],
        ["Midlands", "University Hospitals of North Midland NHS Trust", "Acute"],
        ["London", "London", "Acute"],
        ["South West", "Hospital of Nowhere NHS Trust", "Acute"],
    ]);
    let s = import(
        &mut store,
        "Digital+Maturity+Assessment+Results+Data+File+v2.xlsx",
        bytes,
    )
    .unwrap();
    assert_eq!(s.adapter, "dma-pillars");
    assert!(!s.provenance.synthetic);
    assert_eq!(s.provenance.period, "2025");
    // Guy's twice (two care settings) and North Midlands by near match: 3 providers × 7 pillars.
    assert_eq!(s.observations_written, 21);
    assert_eq!(s.near_matches.len(), 1, "{:?}", s.near_matches);
    assert_eq!(s.near_matches[0].2, "RJE");
    assert_eq!(s.name_issues.len(), 1);
    assert_eq!(s.name_issues[0].name, "Hospital of Nowhere NHS Trust");
    assert_eq!(
        s.name_issues[0].place,
        "Digital+Maturity+Assessment+Results+Data+File+v2.xlsx, sheet 'SC - 2025 Pillar Summary', row 17"
    );
    assert!(
        s.notes
            .iter()
            .any(|n| n.contains("2 national or regional summary rows")),
        "{:?}",
        s.notes
    );
    let o = store
        .observation("dma.acute.safe_practice", "RJ1", "2025")
        .unwrap()
        .unwrap();
    assert_eq!((o.value, o.source_row), (Some(2.8), 13));
    assert!(
        store
            .observation("dma.community.safe_practice", "RJ1", "2025")
            .unwrap()
            .is_some()
    );
}

#[test]
fn real_pillar_scores_replace_the_illustrative_ones_entirely() {
    let mut store = bundled();
    assert!(
        store
            .observation("dma.acute.well_led", "RRK", "2025")
            .unwrap()
            .is_some(),
        "demo data is there first"
    );
    let bytes = published_layout(&[["London", "Guy's and St Thomas' NHS Foundation Trust", "Acute"]]);
    let s = import(&mut store, "dma.xlsx", bytes).unwrap();
    assert!(
        s.notes.iter().any(|n| n.contains("replaces the illustrative")),
        "{:?}",
        s.notes
    );
    assert!(store.datasets().unwrap().iter().all(|d| !d.provenance.synthetic));
    assert_eq!(
        store.observation("dma.acute.well_led", "RRK", "2025").unwrap(),
        None,
        "no demo value may mix with real ones"
    );
    assert_eq!(store.observation("dma.acute.well_led", "RRK", "2024").unwrap(), None);
    assert_eq!(
        store
            .observation("dma.acute.well_led", "RJ1", "2025")
            .unwrap()
            .unwrap()
            .value,
        Some(3.1)
    );
}

#[test]
fn illustrative_data_is_not_loaded_over_real_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    {
        let mut store = boardlens_core::Store::open(&path).unwrap();
        import(
            &mut store,
            "dma.xlsx",
            published_layout(&[["London", "Guy's and St Thomas' NHS Foundation Trust", "Acute"]]),
        )
        .unwrap();
    }
    let store = boardlens_core::Store::open(&path).unwrap();
    assert!(
        store.datasets().unwrap().iter().all(|d| !d.provenance.synthetic),
        "reopening must not bring the demo back"
    );
    let mut store = store;
    let demo = dataset_file("dma/dma_pillars_demo_2024-2025.xlsx");
    let err = import_fails(&mut store, "demo.xlsx", demo, ImportOptions::default());
    assert!(err.to_string().contains("illustrative data would mix"), "{err}");
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
