//! Peers and the benchmark: exact numbers on small cases written from the definitions, and the
//! real bundled data.

use super::util::*;
use boardlens_core::Store;
use boardlens_core::benchmark::{IndicatorResult, Report, Request};
use boardlens_core::import::{ImportOptions, Mapping};
use boardlens_core::peers::PeerSpec;
use boardlens_core::stats::funnel::Comparison;

/// An ODS `etr.csv` row (27 columns).
fn etr_row(code: &str, name: &str, region: &str) -> String {
    let mut cells = vec![String::new(); 27];
    cells[0] = code.into();
    cells[1] = name.into();
    cells[2] = region.into();
    cells[3] = "QMJ".into();
    cells[10] = "20000401".into();
    cells.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(",")
}

/// A store with the trust T00 and ten acute peers P01…P10, and one indicator whose values are
/// given (trust first).
fn small_store(trust: f64, peers: &[f64], mapping: &str) -> Store {
    let mut store = empty();
    let mut etr = etr_row("T00", "THE TRUST NHS TRUST", "Y56") + "\n";
    let mut types = String::from("Provider Code,Provider name,Provider type\nT00,THE TRUST NHS TRUST,ACUTE\n");
    for i in 1..=10 {
        etr += &(etr_row(&format!("P{i:02}"), &format!("PEER {i} NHS TRUST"), "Y56") + "\n");
        types += &format!("P{i:02},PEER {i} NHS TRUST,ACUTE\n");
    }
    import_with(
        &mut store,
        "etr.csv",
        etr.into_bytes(),
        ImportOptions {
            period: Some("2025".into()),
            ..ImportOptions::default()
        },
    )
    .unwrap();
    import_with(
        &mut store,
        "types.csv",
        types.into_bytes(),
        ImportOptions {
            period: Some("2025".into()),
            ..ImportOptions::default()
        },
    )
    .unwrap();
    let mut long = format!("ods_code,indicator,period,value\nT00,kpi,2025,{trust}\n");
    for (i, v) in peers.iter().enumerate() {
        long += &format!("P{:02},kpi,2025,{v}\n", i + 1);
    }
    let options = ImportOptions {
        mapping: Some(Mapping::parse(mapping).unwrap()),
        ..ImportOptions::default()
    };
    import_with(&mut store, "kpi.csv", long.into_bytes(), options).unwrap();
    store
}

fn kpi(report: &Report) -> &IndicatorResult {
    report
        .indicators
        .iter()
        .find(|i| i.key == "user.kpi")
        .expect("the kpi is reported")
}

const HIGHER: &str = "[[indicator]]\ncolumn = \"kpi\"\nunit = \"number\"\npolarity = \"higher\"\n";
const LOWER: &str = "[[indicator]]\ncolumn = \"kpi\"\nunit = \"number\"\npolarity = \"lower\"\n";

#[test]
fn peers_one_to_ten_give_excel_quartiles_and_a_rank() {
    let store = small_store(8.0, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], HIGHER);
    let report = store.benchmark(&Request::new("T00")).unwrap();
    assert_eq!(report.peer_group.members.len(), 10, "the trust is never its own peer");
    let k = kpi(&report);
    let p = k.peers.unwrap();
    assert_eq!(
        (p.n, p.min, p.q1, p.median, p.q3, p.max, p.mean),
        (10, 1.0, Some(3.25), 5.5, Some(7.75), 10.0, 5.5)
    );
    // 8 ties with peer P08: they share the better rank; 9 and 10 are better.
    // PERCENTRANK.INC: 7 of the other 10 values are lower → 70, so the second quartile — the
    // quartile is read from the percentile and never disagrees with it (8 is above Q3 = 7.75,
    // but a tie does not lift the trust into the top quartile).
    assert_eq!((k.n, k.rank, k.quartile), (11, Some(3), Some(2)));
    assert_eq!(k.percentile, Some(70.0));
    assert_eq!(k.gap_to_median, Some(2.5));
    assert_eq!(k.gap_to_upper_quartile, Some(0.25));
}

#[test]
fn lower_is_better_reverses_rank_and_quartile() {
    let store = small_store(2.0, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], LOWER);
    let k = kpi(&store.benchmark(&Request::new("T00")).unwrap()).clone();
    assert_eq!((k.rank, k.quartile), (Some(2), Some(1)));
    assert_eq!(k.percentile, Some(80.0));
    // The best quartile boundary is Q1 when lower is better.
    assert_eq!(k.gap_to_upper_quartile, Some(2.0 - 3.25));
}

#[test]
fn fewer_than_four_peers_with_a_value_have_no_quartiles() {
    let store = small_store(5.0, &[1.0, 2.0, 3.0], HIGHER);
    let k = kpi(&store.benchmark(&Request::new("T00")).unwrap()).clone();
    let p = k.peers.unwrap();
    assert_eq!((p.n, p.q1, p.median, p.q3, k.quartile), (3, None, 2.0, None, None));
    assert_eq!(k.rank, Some(1));
    assert!(k.notes.iter().any(|n| n.contains("only 3 peers")), "{:?}", k.notes);
}

#[test]
fn a_missing_value_is_reported_as_missing_not_ranked() {
    let mut store = small_store(5.0, &[1.0, 2.0, 3.0, 4.0], HIGHER);
    let csv = "ods_code,indicator,period,value\nT00,kpi,2026,*\nP01,kpi,2026,1\n";
    let options = ImportOptions {
        mapping: Some(Mapping::parse(HIGHER).unwrap()),
        ..ImportOptions::default()
    };
    import_with(&mut store, "kpi2026.csv", csv.into(), options).unwrap();
    let k = kpi(&store.benchmark(&Request::new("T00")).unwrap()).clone();
    assert_eq!(k.period, "2026");
    assert_eq!(
        (k.value, k.missing.as_deref(), k.rank),
        (None, Some("suppressed (*)"), None)
    );
}

fn rate_store(trust: (f64, f64), peers: &[(f64, f64)], polarity: &str) -> Store {
    let mut store = small_store(1.0, &[1.0; 10], HIGHER);
    let mut csv = format!(
        "ods_code,indicator,period,value,base\nT00,rate,2024,{},{}\n",
        trust.0, trust.1
    );
    for (i, (v, b)) in peers.iter().enumerate() {
        csv += &format!("P{:02},rate,2024,{v},{b}\n", i + 1);
    }
    let mapping = format!("[[indicator]]\ncolumn = \"rate\"\nunit = \"percent\"\npolarity = \"{polarity}\"\n");
    import_with(
        &mut store,
        "rates.csv",
        csv.into(),
        ImportOptions {
            mapping: Some(Mapping::parse(&mapping).unwrap()),
            ..ImportOptions::default()
        },
    )
    .unwrap();
    store
}

fn rate(store: &Store) -> IndicatorResult {
    store
        .benchmark(&Request::new("T00"))
        .unwrap()
        .indicators
        .into_iter()
        .find(|i| i.key == "user.rate")
        .unwrap()
}

#[test]
fn a_rate_with_a_base_gets_wilson_intervals_and_the_funnels_verdict() {
    let peers = [(30.0, 400.0); 10];
    // 40% of 500: the 95% interval (35.8%–44.4%) is the trust's own; on the funnel (peers all
    // at 30%, so no overdispersion) 40% is far beyond the limits at a base of 500.
    let r = rate(&rate_store((40.0, 500.0), &peers, "lower"));
    let ci = r.ci95.unwrap();
    assert!(
        (ci.lower - 35.8).abs() < 0.05 && (ci.upper - 44.4).abs() < 0.05,
        "{ci:?}"
    );
    assert_eq!(r.label_vs_peers, Some(Comparison::Worse));
    let r = rate(&rate_store((40.0, 500.0), &peers, "higher"));
    assert_eq!(r.label_vs_peers, Some(Comparison::Better));
    // No direction: no verdict, no rank, no quartile — context only.
    let r = rate(&rate_store((40.0, 500.0), &peers, "none"));
    assert_eq!(
        (r.label_vs_peers, r.rank, r.quartile, r.percentile),
        (None, None, None, None)
    );
    assert_eq!(r.text.versus, "Context (no better direction)");
    // 32% of 50 overlaps 30%: similar.
    let r = rate(&rate_store((32.0, 50.0), &peers, "higher"));
    assert_eq!(r.label_vs_peers, Some(Comparison::Similar));
    assert!(r.funnel.is_some());
}

#[test]
fn a_base_under_eleven_is_not_tested() {
    let r = rate(&rate_store((40.0, 10.0), &[(30.0, 400.0); 10], "higher"));
    assert_eq!((r.ci95, r.label_vs_peers), (None, None));
    assert!(r.notes.iter().any(|n| n.contains("under 11")), "{:?}", r.notes);
}

#[test]
fn the_real_dma_overall_score_is_reported_as_published() {
    let store = bundled();
    let report = store
        .benchmark(&Request {
            dataset: Some("dma.acute.overall".into()),
            ..Request::new("RJ1")
        })
        .unwrap();
    let o = &report.indicators[0];
    // RJ1,Guy's and St Thomas' NHS Foundation Trust,London,Acute - Teaching,1293,2.79,Yes
    assert_eq!(
        (o.period.as_str(), o.value, o.derived.as_deref()),
        ("2025", Some(2.79), None)
    );
    assert_eq!(o.label, "DMA overall (mean of the seven pillars)");
    assert!(!o.illustrative, "the 2025 overall score is published data");
    assert!(o.caveat.as_deref().unwrap().contains("not a league table"));
    // No 2024 pillar scores are published, so the mean of the pillars has no change.
    assert_eq!(o.change, None);
    assert_eq!(o.history.len(), 1);
}

#[test]
fn a_mean_of_pillars_that_boardlens_computes_says_so() {
    let store = bundled();
    let report = store
        .benchmark(&Request {
            dataset: Some("dma.mental_health.overall".into()),
            ..Request::new("RXT")
        })
        .unwrap();
    let o = &report.indicators[0];
    // 'SC - 2025 Pillar Summary' row 21: 3.3, 2.8, 3.3, 2.8, 1.9, 2.8, 2.0 → 18.9 / 7 = 2.70.
    assert_eq!(o.value, Some(2.7));
    assert!(o.derived.as_deref().unwrap().contains("computed by Boardlens"));
    assert_eq!(o.compared_with, "trusts that report the mental health care setting");
    assert_eq!(o.n, 50);
}

#[test]
fn pillar_changes_are_never_computed_across_the_2025_question_set() {
    assert!(!boardlens_core::dma::comparable(
        "dma.acute.safe_practice",
        "2024",
        "2025"
    ));
    assert!(!boardlens_core::dma::comparable("dma.acute.overall", "2024", "2025"));
    let store = bundled();
    let report = store
        .benchmark(&Request {
            dataset: Some("dma.".into()),
            ..Request::new("RJ1")
        })
        .unwrap();
    // The only change in the DMA part of the report is NHS England's comparable pair.
    let changes: Vec<&str> = report
        .indicators
        .iter()
        .filter(|i| i.change.is_some())
        .map(|i| i.key.as_str())
        .collect();
    assert_eq!(changes, ["dma.acute.overall_comparable_2024_2025"]);
}

#[test]
fn a_trust_with_two_care_settings_is_compared_within_each() {
    let store = bundled();
    let report = store.benchmark(&Request::new("TAD")).unwrap();
    // A care trust's headline setting is Mental Health; it also reports Community.
    assert_eq!(report.dma_settings, ["mental_health", "community"]);
    let well_led = |setting: &str| {
        report
            .indicators
            .iter()
            .find(|i| i.key == format!("dma.{setting}.well_led"))
            .unwrap()
    };
    assert_eq!((well_led("mental_health").n, well_led("community").n), (50, 90));
    assert_eq!(
        well_led("community").compared_with,
        "trusts that report the community care setting"
    );
    // With another peer group, the members that report the setting.
    let by_region = store
        .benchmark(&Request {
            peers: PeerSpec::Region,
            ..Request::new("TAD")
        })
        .unwrap();
    let i = by_region
        .indicators
        .iter()
        .find(|i| i.key == "dma.community.well_led")
        .unwrap();
    assert_eq!(i.compared_with, by_region.peer_group.description);
    assert!(i.n < 90 && i.n > 1, "{}", i.n);
}

#[test]
fn an_icb_is_compared_with_the_other_icbs_and_shows_its_providers() {
    let store = bundled();
    let report = store.benchmark(&Request::new("QHL")).unwrap();
    assert_eq!(report.subject_kind, "icb");
    assert_eq!(report.peer_group.members.len(), 41);
    assert_eq!(report.dma_setting.as_deref(), Some("icb"));
    let find = |key: &str| report.indicators.iter().find(|i| i.key == key).unwrap();
    assert_eq!(find("dma.icb.smart_foundations").value, Some(4.5));
    assert_eq!(find("dma.icb.smart_foundations").n, 42);
    assert_eq!(find("dma.primary_care.improve_care").value, Some(5.0));
    assert!(
        find("dma.icb.overall_comparable_2024_2025")
            .change
            .as_ref()
            .unwrap()
            .comparable
    );
    assert!(report.indicators.iter().any(|i| i.key == "dspt.status"));
    // Its providers side by side, each on its headline setting (SC - 2025 Pillar Summary).
    let codes: Vec<(&str, &str)> = report
        .providers
        .iter()
        .map(|p| (p.ods_code.as_str(), p.setting.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("RYW", "community"),
            ("RQ3", "acute"),
            ("RXT", "mental_health"),
            ("RXK", "acute"),
            ("RRJ", "acute"),
            ("RRK", "acute"),
        ]
    );
    assert_eq!(
        report.providers[2].pillars,
        [3.3, 2.8, 3.3, 2.8, 1.9, 2.8, 2.0].map(Some).to_vec()
    );
    // `icb` peers make no sense for an ICB: a clear error.
    let err = store
        .benchmark(&Request {
            peers: PeerSpec::Icb,
            ..Request::new("QHL")
        })
        .unwrap_err();
    assert!(err.to_string().contains("is an ICB"), "{err}");
}

#[test]
fn dspt_status_comes_with_its_peer_distribution_and_history() {
    let store = bundled();
    let report = store
        .benchmark(&Request {
            dataset: Some("dspt.status".into()),
            ..Request::new("RJ1")
        })
        .unwrap();
    let d = &report.indicators[0];
    assert_eq!(d.period, "2022-23");
    let c = d.categories.as_ref().unwrap();
    assert_eq!(c.status.as_deref(), Some("Approaching Standards"));
    assert_eq!(c.peer_distribution.values().sum::<usize>(), 133);
    assert_eq!(
        d.history.iter().map(|h| h.period.as_str()).collect::<Vec<_>>(),
        ["2020-21", "2021-22", "2022-23"]
    );
}

#[test]
fn a_strength_or_gap_needs_a_clear_difference_on_a_measure_comparable_between_trusts() {
    let peers = [(30.0, 400.0); 10];
    let report = |trust, polarity| {
        rate_store(trust, &peers, polarity)
            .benchmark(&Request::new("T00"))
            .unwrap()
    };
    // Worse at 95% confidence: a gap, in plain words with the confidence named.
    let worse = report((40.0, 500.0), "lower");
    assert!(worse.strengths.is_empty(), "{:?}", worse.strengths);
    let texts: Vec<_> = worse.gaps.iter().map(|h| (h.key.as_str(), h.text.as_str())).collect();
    assert_eq!(
        texts,
        [(
            "user.rate",
            "rate: 40.0% in 2024, worse than the average of acute trusts (31.1%) at 95% confidence."
        )]
    );
    // Better: a strength. A count (the store's kpi, unit number, the trust highest) never is:
    // counts depend on a trust's size.
    let better = report((40.0, 500.0), "higher");
    assert_eq!(
        better.strengths.iter().map(|h| h.key.as_str()).collect::<Vec<_>>(),
        ["user.rate"]
    );
    assert!(better.gaps.is_empty());
    // Overlapping intervals, or no judgement of better and worse: neither.
    for (trust, polarity) in [((32.0, 50.0), "higher"), ((40.0, 500.0), "none")] {
        let r = report(trust, polarity);
        assert!(
            r.strengths.is_empty() && r.gaps.is_empty(),
            "{polarity}: {:?} {:?}",
            r.strengths,
            r.gaps
        );
    }
    let top_count = small_store(10.0, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], HIGHER)
        .benchmark(&Request::new("T00"))
        .unwrap();
    assert!(top_count.strengths.is_empty(), "{:?}", top_count.strengths);
}

#[test]
fn strengths_and_gaps_on_the_real_data_follow_the_one_ranking() {
    let store = bundled();
    let keys = |h: &[boardlens_core::benchmark::Highlight]| h.iter().map(|h| h.key.clone()).collect::<Vec<_>>();
    // From `boardlens --json benchmark RJ1`: survey rates outside the funnel's 95% limits and DMA
    // pillars in the top or bottom quartile, ordered by percentile rank. Only one survey
    // measure is outside the funnel (staff finding their work meaningful, 88.1% against 85.7%);
    // the Wilson test against the median called seven of them better or worse.
    let rj1 = store.benchmark(&Request::new("RJ1")).unwrap();
    assert_eq!(
        keys(&rj1.strengths),
        [
            "nss.mastery_meaning",
            "dma.acute.empower_people",
            "dma.acute.smart_foundations"
        ]
    );
    assert!(rj1.gaps.is_empty(), "{:?}", rj1.gaps);
    // Regression: the key messages named a strongest pillar from another ranking than the
    // strengths list's. The strongest pillar is the first pillar among the strengths.
    let first_pillar = rj1.strengths.iter().find(|h| h.key.starts_with("dma.")).unwrap();
    assert!(
        rj1.messages
            .iter()
            .any(|m| m.starts_with(&format!("Strongest pillar against peers: {}", first_pillar.label))),
        "{:?}",
        rj1.messages
    );
    // A DMA pillar in the top quartile is a strength, named against the care setting's trusts.
    assert_eq!(
        rj1.strengths[1].text,
        "Empower People (DMA pillar): 2.90 in 2025, in the top quartile against trusts that report the acute care setting; peer median 2.10."
    );
    assert!(rj1.strengths.iter().chain(&rj1.gaps).all(|h| !h.illustrative));
}

#[test]
fn messages_are_plain_deterministic_and_carry_the_caveats() {
    let store = bundled();
    let a = store.benchmark(&Request::new("RJ1")).unwrap();
    let b = store.benchmark(&Request::new("RJ1")).unwrap();
    assert_eq!(a.messages, b.messages);
    assert!((3..=7).contains(&a.messages.len()), "{:?}", a.messages);
    assert_eq!(
        a.messages[0],
        "DMA overall (mean of the seven pillars) 2.79 in 2025: rank 25 of 134 against trusts that report the acute care setting (top quartile); peer median 2.41. DMA scores are self-assessed: a guide to progress, not a league table."
    );
    // The one published change: 'SC - 24 vs 25 Overall DMA' row 233, 2.7143 − 2.8690.
    assert!(
        a.messages[1].starts_with(
            "NHS England's overall score on the domains comparable between years: 2.71 in 2025, down 0.15 since 2024"
        ),
        "{}",
        a.messages[1]
    );
    assert!(
        a.messages.iter().any(|m| m.starts_with("Strongest pillar")),
        "{:?}",
        a.messages
    );
    assert!(
        a.messages
            .iter()
            .all(|m| !m.contains("significantly") && !m.contains("Illustrative"))
    );
    assert!(!a.illustrative && a.caveats.iter().all(|c| !c.starts_with("Illustrative data")));
}

/// Regression: Avon and Wiltshire Mental Health Partnership is not in NHS England's DMA results
/// file, and its key messages (the paper's, the deck's, the dashboard's) never said so.
#[test]
fn a_trust_without_dma_scores_is_told_so_first() {
    let store = bundled();
    let rvn = store.benchmark(&Request::new("RVN")).unwrap();
    assert!(rvn.dma_missing && rvn.dma_settings.is_empty());
    assert_eq!(
        rvn.messages[0],
        "No Digital Maturity Assessment scores for Avon and Wiltshire Mental Health Partnership NHS Trust are in the published data Boardlens holds, so its digital maturity is not compared with its peers here."
    );
    let rj1 = store.benchmark(&Request::new("RJ1")).unwrap();
    assert!(!rj1.dma_missing && rj1.messages.iter().all(|m| !m.starts_with("No Digital Maturity")));
}

#[test]
fn every_peer_method_gives_a_group_without_the_trust() {
    let store = bundled();
    for spec in [
        "type",
        "region",
        "icb",
        "size",
        "survey-group",
        "nearest:10",
        "list:RRK,RJE,RA4",
    ] {
        let group = store
            .peers(
                "RJ1",
                &spec.parse().unwrap(),
                &boardlens_core::peers::default_features(),
            )
            .unwrap();
        assert!(!group.members.is_empty(), "{spec}");
        assert!(
            group
                .members
                .iter()
                .all(|m| m.org.ods_code != "RJ1" && m.org.close_date.is_none()),
            "{spec}"
        );
    }
    let size = store.peers("RJ1", &PeerSpec::Size, &[]).unwrap();
    assert_eq!(size.description, "Acute - Teaching (DMA peer group 2025)");
    let nearest = store
        .peers(
            "RJ1",
            &PeerSpec::Nearest { n: 10 },
            &boardlens_core::peers::default_features(),
        )
        .unwrap();
    assert_eq!(nearest.members.len(), 10);
    assert!(nearest.members.windows(2).all(|w| w[0].distance <= w[1].distance));
    let list = store.peers("RJ1", &"list:RRK,RA4".parse().unwrap(), &[]).unwrap();
    assert!(list.notes.iter().any(|n| n.contains("RA4 closed")), "{:?}", list.notes);
}

#[test]
fn a_saved_group_is_reused_by_name() {
    let mut store = bundled();
    let group = store
        .peers("RJ1", &"list:RRK,RJE,RTG,R1H".parse().unwrap(), &[])
        .unwrap();
    store.save_peer_group("Big four", &group, NOW).unwrap();
    let again = store
        .peers(
            "RJ1",
            &PeerSpec::Saved {
                name: "Big four".into(),
            },
            &[],
        )
        .unwrap();
    let codes: Vec<&str> = again.members.iter().map(|m| m.org.ods_code.as_str()).collect();
    assert_eq!(codes.len(), 4);
    assert!(codes.contains(&"RRK"));
    // Said in words: whose group it is and how its members were chosen (it said "made for RJ1
    // by list:RRK,RJE,RTG,R1H").
    assert_eq!(
        again.description,
        "'Big four', saved for Guy's and St Thomas' NHS Foundation Trust (chosen by hand)"
    );
    assert!(again.notes.is_empty(), "{:?}", again.notes);
    // Used for another trust, it says so.
    let elsewhere = store
        .peers(
            "RV5",
            &PeerSpec::Saved {
                name: "Big four".into(),
            },
            &[],
        )
        .unwrap();
    assert_eq!(
        elsewhere.notes,
        [
            "'Big four' was made for Guy's and St Thomas' NHS Foundation Trust: its members were chosen for that trust, not for South London and Maudsley NHS Foundation Trust"
        ]
    );
    assert!(
        store
            .peers("RJ1", &PeerSpec::Saved { name: "Nope".into() }, &[])
            .unwrap_err()
            .to_string()
            .contains("no peer group called 'Nope'")
    );
}

#[test]
fn an_import_is_seen_by_the_next_benchmark() {
    let mut store = bundled();
    let before = store.benchmark(&Request::new("RJ1")).unwrap();
    assert!(!before.indicators.iter().any(|i| i.key == "local.new"));
    import(
        &mut store,
        "new.csv",
        "ods_code,indicator,period,value\nRJ1,local.new,2025,1\n",
    )
    .unwrap();
    let after = store.benchmark(&Request::new("RJ1")).unwrap();
    assert!(after.indicators.iter().any(|i| i.key == "local.new"));
}

#[test]
fn regression_rj1_burnout_is_similar_on_the_funnel_and_so_everywhere() {
    // The pack said "worse than peers" on the spine chart (a Wilson interval against the
    // median) and "within the limits expected for its size" on the funnel. Now there is one
    // verdict: the funnel's, at RJ1's own base.
    let store = bundled();
    let r = store.benchmark(&Request::new("RJ1")).unwrap();
    let b = r.indicators.iter().find(|i| i.key == "nss.burned_out").unwrap();
    assert_eq!(b.label_vs_peers, Some(Comparison::Similar));
    assert_eq!(b.text.versus, "Similar to peers");
    let f = b.funnel.as_ref().unwrap();
    assert!(
        f.phi > 8.0 && f.tau2 > 0.0,
        "burnout is overdispersed among acute trusts: {f:?}"
    );
    let fit = boardlens_core::stats::funnel::Funnel {
        target: f.target / 100.0,
        tau2: f.tau2,
        phi: f.phi,
        units: 0,
    };
    let at = fit.limits(b.base.unwrap());
    let p = b.value.unwrap() / 100.0;
    assert!(at.lower95 <= p && p <= at.upper95, "{p} within {at:?}");
    assert_eq!(b.target, Some(f.target));
    assert!(
        r.messages
            .iter()
            .chain(r.gaps.iter().map(|g| &g.text))
            .all(|m| !m.contains("burn")),
        "{:?}",
        r.messages
    );
}

#[test]
fn measures_without_a_direction_are_never_ranked_or_judged() {
    let store = bundled();
    for code in ["RJ1", "RXT", "RRK"] {
        let r = store.benchmark(&Request::new(code)).unwrap();
        let context: Vec<_> = r
            .indicators
            .iter()
            .filter(|i| i.polarity == boardlens_core::model::Polarity::NoJudgement && i.value.is_some())
            .collect();
        assert!(
            context.len() > 5,
            "{code}: workforce profile items and counts are present"
        );
        for i in context {
            assert_eq!(
                (
                    i.rank,
                    i.percentile,
                    i.quartile,
                    i.label_vs_peers,
                    i.gap_to_upper_quartile
                ),
                (None, None, None, None, None),
                "{code} {}",
                i.key
            );
            assert_eq!((i.text.rank.as_str(), i.text.quartile.as_str()), ("–", ""));
            assert_eq!(i.text.versus, "Context (no better direction)");
            assert!(i.peers.is_some(), "the peers' median and range stay as context");
            let named = r.strengths.iter().chain(&r.gaps).any(|h| h.key == i.key)
                || r.messages.iter().any(|m| m.contains(&i.label));
            assert!(!named, "{code}: {} is judged somewhere", i.key);
        }
    }
}

#[test]
fn a_trust_behind_on_every_pillar_is_not_called_strongest_on_one() {
    let store = bundled();
    let r = store.benchmark(&Request::new("RJN")).unwrap();
    let pillars = r
        .messages
        .iter()
        .find(|m| m.contains("pillars;"))
        .expect("a pillars message");
    assert!(
        pillars.starts_with("Below the peer median on all 7 pillars; closest to it: "),
        "{pillars}"
    );
    assert!(!pillars.contains("Strongest"), "{pillars}");
}

#[test]
fn a_verdict_needs_four_peers_with_a_base() {
    let r = rate(&rate_store((40.0, 500.0), &[(30.0, 400.0); 3], "higher"));
    assert_eq!((r.label_vs_peers, r.quartile), (None, None));
    assert!(r.funnel.is_some(), "the funnel is still drawn");
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("only 3 peers have a base: no verdict")),
        "{:?}",
        r.notes
    );
    let r = rate(&rate_store((40.0, 500.0), &[(30.0, 400.0); 4], "higher"));
    assert_eq!(r.label_vs_peers, Some(Comparison::Better));
}

#[test]
fn a_trust_equal_to_all_its_peers_is_neither_ranked_nor_a_strength() {
    let store = small_store(5.0, &[5.0; 10], HIGHER);
    let report = store.benchmark(&Request::new("T00")).unwrap();
    let k = kpi(&report);
    assert_eq!((k.rank, k.percentile, k.quartile), (None, None, None));
    assert!(k.notes.iter().any(|n| n.contains("same value")), "{:?}", k.notes);
    assert!(report.strengths.is_empty() && report.gaps.is_empty());
}

/// The England and ICB columns of the board paper's summary, on the bundled data.
#[test]
fn england_is_the_median_of_every_reporting_organisation_and_the_icb_its_trusts_of_the_same_type() {
    let store = bundled();
    let r = store.benchmark(&Request::new("RJ1")).unwrap();
    let overall = r.indicators.iter().find(|i| i.key == "dma.acute.overall").unwrap();
    // DMA by type: the peers are every other acute trust reporting, so England is them and RJ1.
    let england = overall.england.unwrap();
    assert_eq!(england.n, overall.peer_values.len() + 1);
    let mut all: Vec<f64> = overall.peer_values.iter().map(|p| p.value).collect();
    all.push(overall.value.unwrap());
    all.sort_by(f64::total_cmp);
    assert_eq!(
        Some(england.median),
        boardlens_core::stats::quantile::sorted_quantile(&all, 0.5)
    );
    assert_eq!(
        overall.text.england,
        boardlens_core::format::format_value(england.median, overall.unit)
    );
    // South East London has three acute trusts (RJ1, RJ2, RJZ): their median.
    let icb = overall.icb.unwrap();
    assert_eq!(icb.n, 3);
    assert_eq!(
        r.icb_name.as_deref(),
        Some("NHS South East London Integrated Care Board")
    );
    assert!(r.icb_providers.iter().any(|p| p.ods_code == "RJ1"));
    assert!(r.icb_providers.len() >= 3);
    // A mental-health trust alone of its type in its ICB gets no ICB median (it would be itself).
    let rvn = store.benchmark(&Request::new("RVN")).unwrap();
    assert!(rvn.indicators.iter().all(|i| i.icb.is_none()));
    // An ICB has no ICB column, and its England is the other ICBs and itself.
    let qhl = store.benchmark(&Request::new("QHL")).unwrap();
    assert!(qhl.indicators.iter().all(|i| i.icb.is_none()) && qhl.icb_name.is_none());
}

/// Who to learn from: for each gap, organisations of the comparison group in its top quartile,
/// most like the trust first; never the trust itself, at most three.
#[test]
fn who_to_learn_from_names_similar_top_quartile_organisations_for_each_gap() {
    let store = bundled();
    let r = store.benchmark(&Request::new("RAJ")).unwrap();
    assert_eq!(r.learn_from.len(), r.gaps.len());
    for l in &r.learn_from {
        let i = r
            .indicators
            .iter()
            .find(|i| i.key == l.key && i.period == l.period)
            .unwrap();
        let stats = i.peers.unwrap();
        assert!((1..=3).contains(&l.examples.len()));
        let mut last = f64::NEG_INFINITY;
        for e in &l.examples {
            assert_ne!(e.ods_code, "RAJ");
            let v = i.peer_values.iter().find(|p| p.ods_code == e.ods_code).unwrap().value;
            match i.polarity {
                boardlens_core::model::Polarity::LowerIsBetter => assert!(v <= stats.q1.unwrap(), "{} {v}", l.label),
                _ => assert!(v >= stats.q3.unwrap(), "{} {v}", l.label),
            }
            let d = e.distance.expect("a trust's likeness is measured");
            assert!(d >= last, "most alike first");
            last = d;
        }
    }
    // Burnout is a gap for RAJ; the first to call is in the top quartile and like RAJ.
    let burnout = r.learn_from.iter().find(|l| l.key == "nss.burned_out").unwrap();
    assert_eq!(burnout.trust_value, "40.4%");
    assert!(burnout.basis.contains("nearest-neighbour"));
    // A trust with no gaps has no one to point to.
    assert!(store.benchmark(&Request::new("RJ1")).unwrap().learn_from.is_empty());
}

/// Regression (issue 16): a benchmark read every observation in the database, so a trust's
/// dashboard slowed and grew with data about organisations and indicators it never shows
/// (12.6× slower with 1 M such rows). It reads what is in view, and the report is unchanged.
#[test]
fn a_benchmark_reads_only_what_is_in_view_and_data_it_never_shows_changes_nothing() {
    use boardlens_core::model::OrgKind;
    use boardlens_core::orgs::OrgFilter;
    let mut store = bundled();
    let report = |store: &Store, request: &Request| serde_json::to_value(store.benchmark(request).unwrap()).unwrap();
    let rj1 = Request::new("RJ1");
    let before = report(&store, &rj1);
    let rows_before = store.last_benchmark_rows().unwrap();

    // Every ICB × 20 measures × 12 months: none of it is an acute trust's to compare with.
    let icbs = store
        .organisations(&OrgFilter {
            kind: Some(OrgKind::Icb),
            ..OrgFilter::default()
        })
        .unwrap();
    let mut csv = String::from("ods_code,indicator,period,value\n");
    for icb in &icbs {
        for k in 0..20 {
            for m in 1..=12 {
                csv += &format!("{},icb_measure_{k},2025-{m:02},{}\n", icb.ods_code, k * 12 + m);
            }
        }
    }
    let s = import(&mut store, "icb_activity.csv", csv).unwrap();
    assert_eq!(s.observations_written as usize, icbs.len() * 20 * 12);

    assert_eq!(report(&store, &rj1), before, "the same report, to the last number");
    assert_eq!(
        store.last_benchmark_rows(),
        Some(rows_before),
        "none of the ICBs' rows read"
    );

    // An ICB's own benchmark reads them: they are in its view.
    let mut qhl = Request::new("QHL");
    qhl.dataset = Some("user.icb_activity".into());
    let r = store.benchmark(&qhl).unwrap();
    assert_eq!(r.indicators.len(), 20);
    assert_eq!(
        store.last_benchmark_rows(),
        Some(icbs.len() * 20 * 12 + dma_rows_for_icbs(&store))
    );
}

/// The DMA rows an ICB benchmark always reads (its care settings' pillars, for derived
/// overalls and the providers' table), counted with a benchmark of no other dataset.
fn dma_rows_for_icbs(store: &Store) -> usize {
    let mut request = Request::new("QHL");
    request.dataset = Some("no such dataset".into());
    store.benchmark(&request).unwrap();
    store.last_benchmark_rows().unwrap()
}

/// Regression (issue 17): "How is this calculated" said "Change: compared with 2024." with no
/// number. It states the change the tile shows, to the same digits, and the peer median's.
#[test]
fn the_explanation_of_a_change_states_the_number_the_tile_shows() {
    let store = bundled();
    let report = store.benchmark(&Request::new("RJ1")).unwrap();
    let mut checked = 0;
    for i in &report.indicators {
        let Some(c) = i.change.as_ref().filter(|c| c.comparable) else {
            continue;
        };
        let line = i.text.explain.iter().find(|l| l.starts_with("Change")).unwrap();
        assert!(!line.contains("compared with"), "{}: {line}", i.key);
        if c.trust.is_some() {
            assert!(
                line.starts_with(&format!("Change: {}", i.text.change)),
                "{}: {line} / {}",
                i.key,
                i.text.change
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} changes checked");
    let comparable = report
        .indicators
        .iter()
        .find(|i| i.text.change == "down 0.15 since 2024")
        .expect("NHS England's comparable overall");
    let line = comparable
        .text
        .explain
        .iter()
        .find(|l| l.starts_with("Change"))
        .unwrap();
    assert!(
        line.starts_with("Change: down 0.15 since 2024; the peer median "),
        "{line}"
    );
}
