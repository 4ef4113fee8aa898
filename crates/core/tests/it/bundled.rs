//! The bundled national datasets: loaded on first open, as published, with provenance.

use super::util::*;
use boardlens_core::orgs::OrgFilter;

#[test]
fn a_new_database_holds_every_bundled_dataset_with_its_provenance() {
    let store = bundled();
    let datasets = store.datasets().unwrap();
    let entries = boardlens_core::bundled::entries().unwrap();
    assert_eq!(datasets.len(), entries.len());
    for e in entries {
        let d = datasets
            .iter()
            .find(|d| d.provenance.key == e.key && d.provenance.period == e.period)
            .unwrap();
        assert_eq!(d.provenance.title, e.title);
        assert_eq!(d.provenance.publisher, e.publisher);
        assert!(d.bundled);
        assert_eq!(d.provenance.synthetic, e.synthetic, "{}", e.key);
        assert!(d.rows > 0, "{} read no rows", e.file);
    }
}

#[test]
fn opening_the_database_again_loads_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let first = boardlens_core::Store::open(&path).unwrap().content_digest().unwrap();
    let again = boardlens_core::Store::open(&path).unwrap();
    assert_eq!(again.content_digest().unwrap(), first);
}

#[test]
fn organisations_come_from_the_ods_reference_data() {
    let store = bundled();
    let guys = store.organisation("RJ1").unwrap().unwrap();
    assert_eq!(guys.name, "GUY'S AND ST THOMAS' NHS FOUNDATION TRUST");
    assert_eq!(guys.display_name, "Guy's and St Thomas' NHS Foundation Trust");
    assert_eq!(guys.trust_type.as_deref(), Some("Acute"));
    assert_eq!(guys.region.as_deref(), Some("London"));
    assert_eq!(guys.icb_code.as_deref(), Some("QKK"));
    assert_eq!(guys.icb.as_deref(), Some("NHS South East London Integrated Care Board"));
    // Closed by merger in 2024: kept, marked.
    let solent = store.organisation("R1C").unwrap().unwrap();
    assert_eq!(solent.close_date.as_deref(), Some("2024-09-30"));
}

#[test]
fn open_acute_trusts_are_listed_without_the_closed_ones() {
    let store = bundled();
    let acute = store
        .organisations(&OrgFilter {
            trust_type: Some("acute".into()),
            ..OrgFilter::default()
        })
        .unwrap();
    assert!(
        acute
            .iter()
            .all(|o| o.close_date.is_none() && o.trust_type.as_deref() == Some("Acute"))
    );
    assert!(acute.iter().any(|o| o.ods_code == "RJ1"));
    assert!(!acute.iter().any(|o| o.ods_code == "RA4"), "Yeovil closed in 2023");
    assert_eq!(acute.len(), 134);
    let london = store
        .organisations(&OrgFilter {
            region: Some("london".into()),
            ..OrgFilter::default()
        })
        .unwrap();
    assert!(london.iter().all(|o| o.region_code.as_deref() == Some("Y56")));
    let found = store
        .organisations(&OrgFilter {
            search: Some("guy's & st thomas".into()),
            ..OrgFilter::default()
        })
        .unwrap();
    assert_eq!(found.len(), 1);
}

#[test]
fn dma_overall_scores_are_stored_as_published() {
    let store = bundled();
    // RJE,University Hospitals of North Midlands NHS Trust,Midlands,Acute - Teaching,1418,2.37,Yes
    let o = store.observation("dma.acute.overall", "RJE", "2025").unwrap().unwrap();
    assert_eq!(o.value, Some(2.37));
    assert_eq!(o.dataset, "dma_overall 2025");
    assert_eq!(o.source_row, 2);
    // RWH has no 2025 score and 0 beds: both missing, with their reasons, never zero.
    let missing = store.observation("dma.acute.overall", "RWH", "2025").unwrap().unwrap();
    assert_eq!((missing.value, missing.missing.as_deref()), (None, Some("empty")));
    let beds = store.observation("org.beds", "RWH", "2025").unwrap().unwrap();
    assert_eq!(beds.value, None);
    assert!(beds.missing.unwrap().contains("0 beds"));
}

#[test]
fn the_acute_overall_file_is_the_mean_of_nhs_englands_pillar_scores() {
    let store = bundled();
    let csv = String::from_utf8(dataset_file("dma/dma_2025_overall_acute.csv")).unwrap();
    let pillars = [
        "well_led",
        "smart_foundations",
        "safe_practice",
        "support_workforce",
        "empower_people",
        "improve_care",
        "healthy_populations",
    ];
    let mut checked = 0;
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let (code, overall) = (cells[0], cells[cells.len() - 2]);
        let Ok(overall) = overall.parse::<f64>() else {
            continue;
        };
        let values: Vec<f64> = pillars
            .iter()
            .filter_map(|p| {
                store
                    .observation(&format!("dma.acute.{p}"), code, "2025")
                    .unwrap()
                    .and_then(|o| o.value)
            })
            .collect();
        assert_eq!(values.len(), 7, "{code} has all seven acute pillars");
        let mean = values.iter().sum::<f64>() / 7.0;
        assert_eq!(format!("{mean:.2}"), format!("{overall:.2}"), "{code}");
        checked += 1;
    }
    assert_eq!(checked, 131, "every acute trust with a published overall");
}

#[test]
fn a_new_database_holds_no_synthetic_data() {
    let store = bundled();
    let datasets = store.datasets().unwrap();
    assert!(datasets.iter().all(|d| !d.provenance.synthetic), "{datasets:?}");
    let dma = datasets.iter().find(|d| d.provenance.key == "dma_results").unwrap();
    assert!(dma.provenance.publisher.contains("NHS England"));
    assert!(
        dma.provenance
            .source
            .contains("4ea98849dae795aa24c632473b4b3856d500657c89b99978490d591c8286ca4d")
    );
    let report = store
        .benchmark(&boardlens_core::benchmark::Request::new("RJ1"))
        .unwrap();
    assert!(!report.illustrative);
    assert!(report.indicators.iter().all(|i| !i.illustrative));
}

#[test]
fn a_merged_trust_is_closed_and_its_successor_has_a_type() {
    // Regression: TAF (Camden and Islington) appeared as an open peer after its merger into
    // North London NHS Foundation Trust (G6V2S), which had no type and so no peers.
    let store = bundled();
    let taf = store.organisation("TAF").unwrap().unwrap();
    assert_eq!(taf.close_date.as_deref(), Some("2024-10-31"));
    assert_eq!(taf.successor.as_deref(), Some("G6V2S"));
    let g6 = store.organisation("G6V2S").unwrap().unwrap();
    assert_eq!(g6.trust_type.as_deref(), Some("Mental health"));
    let group = store
        .peers(
            "G6V2S",
            &boardlens_core::peers::PeerSpec::Type,
            &boardlens_core::peers::default_features(),
        )
        .unwrap();
    assert!(group.members.iter().all(|m| m.org.ods_code != "TAF"));
}

#[test]
fn every_dma_provider_is_an_open_trust_whose_type_gives_a_headline_setting() {
    let store = bundled();
    for trust in store
        .organisations(&boardlens_core::orgs::OrgFilter::default())
        .unwrap()
    {
        let report = store.benchmark(&boardlens_core::benchmark::Request {
            dataset: Some("dma.".into()),
            ..boardlens_core::benchmark::Request::new(&trust.ods_code)
        });
        let Ok(report) = report else { continue };
        if report.dma_settings.is_empty() {
            continue;
        }
        let headline = boardlens_core::dma::headline_setting(trust.kind, trust.trust_type.as_deref());
        assert!(
            headline.is_some(),
            "{} reports DMA scores but has no type",
            trust.ods_code
        );
        assert_eq!(
            report.dma_setting.as_deref(),
            headline,
            "{}: its DMA headline follows its type ({:?})",
            trust.ods_code,
            report.dma_settings
        );
    }
}

#[test]
fn staff_survey_rates_carry_their_base() {
    let store = bundled();
    let o = store.observation("nss.burned_out", "RJ1", "2024").unwrap().unwrap();
    let (value, base) = (o.value.unwrap(), o.base.unwrap());
    assert!(base > 1000.0 && (0.0..=100.0).contains(&value));
    assert!((o.numerator.unwrap() - value * base / 100.0).abs() < 1e-9);
}

#[test]
fn dspt_statuses_are_categories_with_their_period() {
    let store = bundled();
    let history: Vec<Option<String>> = ["2020-21", "2021-22", "2022-23"]
        .iter()
        .map(|p| {
            store
                .observation("dspt.status", "RJ1", p)
                .unwrap()
                .and_then(|o| o.category)
        })
        .collect();
    assert!(history.iter().all(Option::is_some), "{history:?}");
    assert!(
        history.iter().flatten().all(|s| !s.contains('/')),
        "the period prefix is removed: {history:?}"
    );
}

#[test]
fn a_file_that_replaces_a_bundled_dataset_survives_reopening() {
    // Regression: reopening the database re-imported the bundled file over the user's newer one.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut newer = dataset_file("dspt/dspt_trusts_2022-23_snapshot_2023-11-16.csv");
    newer.extend_from_slice(b"\n");
    {
        let mut store = boardlens_core::Store::open(&path).unwrap();
        import(&mut store, "dspt_newer.csv", newer).unwrap();
    }
    let store = boardlens_core::Store::open(&path).unwrap();
    let d = store
        .datasets()
        .unwrap()
        .into_iter()
        .find(|d| d.provenance.key == "dspt_trusts" && d.provenance.period == "2022-23")
        .unwrap();
    assert!(!d.bundled, "the user's file stays: {d:?}");
    assert_eq!(d.provenance.source, "dspt_newer.csv");
}
