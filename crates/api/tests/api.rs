//! The use cases as both front ends call them, on the bundled national data.

use boardlens_api::{
    BenchmarkRequest, Boardlens, ChartRequest, Clock, Environment, ErrorReport, ImportRequest, PackRequest,
};
use boardlens_core::cover::CoverSheet;
use boardlens_core::peers::PeerSpec;
use std::ops::ControlFlow;

/// 2 December 2026, 12:00 UTC.
const NOON: i64 = 1_796_212_800;

fn open(dir: &tempfile::TempDir) -> Boardlens {
    let env = Environment::at(&dir.path().join("b.db"), &dir.path().join("cache"), Clock::Fixed(NOON));
    Boardlens::open(env).expect("the bundled data loads")
}

fn code(result: Result<impl std::fmt::Debug, boardlens_api::Error>) -> String {
    result.expect_err("refused").code().to_string()
}

#[test]
fn requests_that_are_malformed_are_refused_as_invalid_with_what_was_expected() {
    let dir = tempfile::tempdir().unwrap();
    let b = open(&dir);
    let cases: Vec<(&str, BenchmarkRequest)> = vec![
        ("an ODS code with punctuation", BenchmarkRequest::new("RJ1; DROP")),
        ("an empty ODS code", BenchmarkRequest::new("  ")),
        (
            "no neighbours",
            BenchmarkRequest {
                peers: PeerSpec::Nearest { n: 0 },
                ..BenchmarkRequest::new("RJ1")
            },
        ),
        (
            "an empty list",
            BenchmarkRequest {
                peers: PeerSpec::List {
                    codes: vec![" ".into()],
                },
                ..BenchmarkRequest::new("RJ1")
            },
        ),
        (
            "an unknown feature",
            BenchmarkRequest {
                weights: [("shoe_size".to_string(), 3.0)].into(),
                ..BenchmarkRequest::new("RJ1")
            },
        ),
        (
            "a negative weight",
            BenchmarkRequest {
                weights: [("beds".to_string(), -1.0)].into(),
                ..BenchmarkRequest::new("RJ1")
            },
        ),
    ];
    for (what, request) in cases {
        let err = b.benchmark(&request).expect_err(what);
        assert_eq!(err.code(), "invalid", "{what}: {err}");
    }
    assert_eq!(code(b.benchmark(&BenchmarkRequest::new("ZZZ"))), "not_found");
}

#[test]
fn a_request_is_trimmed_and_read_in_any_case_as_the_cli_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let b = open(&dir);
    let report = b
        .benchmark(&BenchmarkRequest {
            peers: PeerSpec::List {
                codes: vec![" rrk".into(), "RJZ ".into()],
            },
            ..BenchmarkRequest::new(" rj1 ")
        })
        .unwrap();
    assert_eq!(report.trust.ods_code, "RJ1");
    let mut members: Vec<&str> = report.peer_group.members.iter().map(|m| m.ods_code.as_str()).collect();
    members.sort_unstable();
    assert_eq!(members, ["RJZ", "RRK"]);
}

#[test]
fn the_peer_spec_crosses_ipc_as_a_tagged_value() {
    let cases = [
        (PeerSpec::Type, r#"{"method":"type"}"#),
        (PeerSpec::SurveyGroup, r#"{"method":"survey-group"}"#),
        (PeerSpec::Nearest { n: 10 }, r#"{"method":"nearest","n":10}"#),
        (
            PeerSpec::List {
                codes: vec!["RJ1".into()],
            },
            r#"{"method":"list","codes":["RJ1"]}"#,
        ),
        (
            PeerSpec::Saved {
                name: "Big four".into(),
            },
            r#"{"method":"saved","name":"Big four"}"#,
        ),
    ];
    for (spec, json) in cases {
        assert_eq!(serde_json::to_string(&spec).unwrap(), json);
        assert_eq!(serde_json::from_str::<PeerSpec>(json).unwrap(), spec);
    }
    // The app sends a request with only what it sets.
    let r: BenchmarkRequest = serde_json::from_str(r#"{"ods_code":"RJ1","peers":{"method":"region"}}"#).unwrap();
    assert_eq!(r.peers, PeerSpec::Region);
    assert!(r.weights.is_empty());
}

#[test]
fn a_pack_into_a_folder_that_holds_files_is_refused_with_the_folder_as_a_field_and_nothing_touched() {
    let dir = tempfile::tempdir().unwrap();
    let b = open(&dir);
    let out = dir.path().join("papers");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("minutes.docx"), b"the user's own file").unwrap();
    let request = PackRequest {
        benchmark: BenchmarkRequest::new("RJ1"),
        cover: CoverSheet::default(),
        dir: out.clone(),
        force: false,
        dpi: 96,
        appendix: Default::default(),
        sections: Default::default(),
        charts: None,
    };
    let err = b.pack(&request, &|_| ControlFlow::Continue(())).unwrap_err();
    let report: ErrorReport = err.report();
    assert_eq!(report.code, "export.folder_not_empty");
    assert_eq!(report.path.as_deref(), Some(out.to_str().unwrap()));
    assert_eq!(std::fs::read(out.join("minutes.docx")).unwrap(), b"the user's own file");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
}

#[test]
fn a_chart_the_data_does_not_support_is_not_found_and_a_bad_size_is_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let b = open(&dir);
    let chart = |id: &str, size: &str| {
        b.chart(&ChartRequest {
            benchmark: BenchmarkRequest::new("RJ1"),
            id: id.into(),
            size: size.into(),
        })
    };
    assert_eq!(code(chart("no-such-chart", "slide")), "not_found");
    assert_eq!(code(chart("pillar-profile", "poster")), "invalid");
    let view = chart("pillar-profile", "a4").unwrap();
    assert!(view.svg.starts_with("<svg"), "{}", &view.svg[..40]);
    assert_eq!(view.info.kind, "pillar-profile");
}

#[test]
fn the_report_carries_the_text_the_screens_show_made_by_the_one_formatter() {
    use boardlens_core::format::{format_rank, format_value};
    let dir = tempfile::tempdir().unwrap();
    let b = open(&dir);
    let report = b.benchmark(&BenchmarkRequest::new("RJ1")).unwrap();
    let headline = report.headline.as_deref().expect("RJ1 has a headline DMA overall");
    let i = report.indicators.iter().find(|i| i.key == headline).unwrap();
    assert_eq!(i.text.value, format_value(i.value.unwrap(), i.unit));
    assert_eq!(i.text.rank, format_rank(i.rank.map(|r| r as u32), i.n as u32));
    assert_eq!(i.text.median, format_value(i.peers.unwrap().median, i.unit));
    assert!(!i.text.explain.is_empty());
    // Every numeric result has its value as text; a missing one its reason, never "0".
    for i in &report.indicators {
        match (i.value, &i.missing) {
            (Some(v), _) => assert_eq!(i.text.value, format_value(v, i.unit), "{}", i.key),
            (None, Some(reason)) => assert_eq!(&i.text.value, reason, "{}", i.key),
            (None, None) => {}
        }
    }
}

#[test]
fn an_import_dry_run_changes_nothing_and_describes_itself_in_the_words_the_cli_prints() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = open(&dir);
    let file = dir.path().join("kpis.csv");
    std::fs::write(
        &file,
        "ods_code,indicator,period,value\nRJ1,user.kpi,2025,12.5\nRRK,user.kpi,2025,9\n",
    )
    .unwrap();
    let before = b.store().content_digest().unwrap();
    let summary = b
        .import(
            &ImportRequest {
                path: file.display().to_string(),
                dry_run: true,
                ..ImportRequest::default()
            },
            &mut |_| ControlFlow::Continue(()),
        )
        .unwrap();
    assert_eq!(b.store().content_digest().unwrap(), before);
    assert!(
        summary.description[0].starts_with("Dry run (nothing written): kpis.csv"),
        "{:?}",
        summary.description
    );
    assert!(
        summary
            .description
            .iter()
            .any(|l| l.starts_with("observations written") && l.ends_with(" 2"))
    );
}

/// Regression (issue 17): the picker offered the Welsh Ambulance Services NHS Trust, which led
/// to "Something went wrong. RT4 has no trust type" and an empty dashboard. Everything the
/// picker offers opens its dashboard: a benchmark against its default peers.
#[test]
fn every_organisation_the_picker_offers_can_be_benchmarked() {
    let dir = tempfile::tempdir().unwrap();
    let b = open(&dir);
    let subjects = b.subjects().unwrap();
    let codes: Vec<&str> = subjects.iter().map(|o| o.ods_code.as_str()).collect();
    for welsh in ["RT4", "RQF", "RYT"] {
        assert!(!codes.contains(&welsh), "{welsh} is offered");
    }
    assert!(
        codes.contains(&"RJ1") && codes.contains(&"QHL"),
        "trusts and ICBs are offered"
    );
    let failed: Vec<String> = subjects
        .iter()
        .filter_map(|o| {
            b.benchmark(&BenchmarkRequest::new(&o.ods_code))
                .err()
                .map(|e| format!("{}: {e}", o.ods_code))
        })
        .collect();
    assert_eq!(failed, Vec::<String>::new());
    assert_eq!(subjects.len(), 205 + 42);
}

#[test]
fn several_charts_go_into_one_folder_and_a_name_already_there_stops_the_save_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let b = open(&dir);
    let out = dir.path().join("charts");
    std::fs::create_dir(&out).unwrap();
    let to = |replace| boardlens_api::ChartsToFolder {
        benchmark: BenchmarkRequest::new("RJ1"),
        ids: vec!["pillar-profile".into(), "dma-overall-ranked".into()],
        dir: out.clone(),
        size: "slide".into(),
        format: "svg".into(),
        dpi: 96,
        replace,
    };
    let written = b.export_charts(&to(false)).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "rj1-dma-overall-ranked-slide.alt.txt",
            "rj1-dma-overall-ranked-slide.csv",
            "rj1-dma-overall-ranked-slide.svg",
            "rj1-pillar-profile-slide.alt.txt",
            "rj1-pillar-profile-slide.csv",
            "rj1-pillar-profile-slide.svg",
        ]
    );
    assert_eq!(written.len(), 6);
    // The user's own file of the second chart's data name: nothing is written, it is named.
    std::fs::remove_dir_all(&out).unwrap();
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("rj1-dma-overall-ranked-slide.csv"), "mine").unwrap();
    let err = b.export_charts(&to(false)).unwrap_err();
    assert_eq!(err.code(), "export.file_exists");
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        1,
        "not even the first chart was written"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("rj1-dma-overall-ranked-slide.csv")).unwrap(),
        "mine"
    );
    b.export_charts(&to(true)).unwrap();
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 6, "replaced when asked");
    assert_eq!(
        code(b.export_charts(&boardlens_api::ChartsToFolder {
            format: "gif".into(),
            ..to(true)
        })),
        "invalid"
    );
}

/// The page count the Export screen shows before writing is the pack's own, and a section
/// left out takes its heading, its pages and its charts with it.
#[test]
fn the_outline_before_writing_is_the_pack_written_and_a_section_left_out_goes_with_its_charts() {
    let dir = tempfile::tempdir().unwrap();
    let b = open(&dir);
    let request = |leave_out: &[&str], out: &str| PackRequest {
        benchmark: BenchmarkRequest::new("RJ1"),
        cover: CoverSheet::default(),
        dir: dir.path().join(out),
        force: false,
        dpi: 72,
        appendix: Default::default(),
        sections: boardlens_charts::pack::Sections::leaving_out(
            &leave_out.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        )
        .unwrap(),
        charts: None,
    };
    for (leave_out, out) in [(&[][..], "all"), (&["survey", "dspt"][..], "shorter")] {
        let outline = b.pack_outline(&request(leave_out, out)).unwrap();
        assert!(!dir.path().join(out).exists(), "the outline writes nothing");
        let written = b
            .pack(&request(leave_out, out), &|_| ControlFlow::Continue(()))
            .unwrap();
        assert_eq!(outline.pages, written.pages, "{leave_out:?}");
        assert_eq!(outline.charts, written.charts, "{leave_out:?}");
        assert_eq!(outline.sections, written.sections, "{leave_out:?}");
        let titles: Vec<&str> = outline.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles.contains(&"Staff survey"), leave_out.is_empty(), "{titles:?}");
        assert!(titles.contains(&"Key messages") && titles.contains(&"Methods in plain words"));
    }
    let all = b.pack_outline(&request(&[], "x")).unwrap();
    let shorter = b.pack_outline(&request(&["survey", "dspt"], "y")).unwrap();
    assert!(shorter.pages < all.pages, "{} < {}", shorter.pages, all.pages);
    assert_eq!(
        shorter.charts,
        all.charts - 3,
        "the spine, the funnel and the DSPT status go"
    );
    assert!(boardlens_charts::pack::Sections::leaving_out(&["appendix".to_string()]).is_err());
    // The dashboard's charts only: the deck and the charts folder hold those, numbered anew.
    let chosen = PackRequest {
        charts: Some(vec!["pillar-profile".into(), "spine".into()]),
        ..request(&[], "chosen")
    };
    assert_eq!(b.pack_outline(&chosen).unwrap().charts, 2);
    let written = b.pack(&chosen, &|_| ControlFlow::Continue(())).unwrap();
    let pngs: Vec<&str> = written
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.starts_with("charts/") && p.ends_with(".png"))
        .collect();
    assert_eq!(pngs, ["charts/01-pillar-profile.png", "charts/02-spine.png"]);
}
