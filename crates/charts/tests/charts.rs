//! Charts drawn from real benchmark reports of the bundled data: SVG snapshots (deterministic),
//! PNG sizes and content, alt text and CSV.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use boardlens_charts::{Kind, Size};
use boardlens_core::benchmark::{Report, Request};
use boardlens_core::stats::funnel::Comparison;
use boardlens_core::store::{Bundled, Store};

fn report(code: &str) -> Report {
    let store = Store::open_with(None, Bundled::Load, 0).unwrap();
    store.benchmark(&Request::new(code)).unwrap()
}

/// Decode a PNG: (width, height, RGB pixels).
fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn has_colour(rgb: &[u8], (r, g, b): (u8, u8, u8)) -> bool {
    rgb.chunks(3).any(|p| p == [r, g, b])
}

#[test]
fn the_pillar_profile_svg_is_stable() {
    let chart = boardlens_charts::build(&report("RJ1"), Kind::PillarProfile, None).unwrap();
    insta::assert_snapshot!("pillar_profile_rj1_slide", chart.svg(Size::Slide).unwrap());
}

#[test]
fn the_ranked_bar_svg_is_stable() {
    let chart = boardlens_charts::build(&report("RJ1"), Kind::RankedBar, None).unwrap();
    insta::assert_snapshot!("ranked_bar_rj1_a4", chart.svg(Size::A4).unwrap());
}

#[test]
fn pngs_have_the_size_asked_for_and_the_trust_in_nhs_blue() {
    let r = report("RJ1");
    for (kind, size, dpi, want) in [
        (Kind::PillarProfile, Size::Slide, 200, (2667, 1500)),
        (Kind::PillarProfile, Size::A4, 300, (2008, 1417)),
        (Kind::RankedBar, Size::A4Half, 150, (1004, 502)),
    ] {
        let chart = boardlens_charts::build(&r, kind, None).unwrap();
        let (w, h, rgb) = decode(&chart.png(size, dpi).unwrap());
        assert_eq!((w, h), want, "{kind:?} {size:?} {dpi}");
        assert!(has_colour(&rgb, (0x00, 0x5E, 0xB8)), "NHS Blue marks the trust");
        let white = rgb.chunks(3).filter(|p| *p == [255, 255, 255]).count();
        assert!(white < rgb.len() / 3, "not blank");
    }
}

/// Regression: a trust name of ~130 characters or more made the ranked bar's label bounds cross
/// ("min > max") and panicked the chart and the pack; a very long one took minutes to fit.
#[test]
fn a_trust_with_a_very_long_name_still_gets_every_chart_drawn() {
    for len in [140, 5_000] {
        let mut r = report("RJ1");
        r.trust.name = format!("{} NHS Foundation Trust", "Long Name ".repeat(len / 10));
        for &(kind, name) in Kind::ALL.iter().filter(|(k, _)| *k != Kind::Spc) {
            let chart = boardlens_charts::build(&r, kind, None).unwrap_or_else(|e| panic!("{name}: {e}"));
            let svg = chart
                .svg(Size::A4Half)
                .unwrap_or_else(|e| panic!("{name} ({len}): {e}"));
            assert!(svg.contains("</svg>"), "{name}");
        }
    }
}

#[test]
fn every_kind_of_chart_draws_for_a_real_trust() {
    let r = report("RJ1");
    for &(kind, name) in Kind::ALL.iter().filter(|(k, _)| *k != Kind::Spc) {
        let chart = boardlens_charts::build(&r, kind, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            !chart.title.is_empty() && !chart.alt_text.is_empty() && chart.data.len() > 1,
            "{name}"
        );
        let svg = chart.svg(Size::A4).unwrap();
        assert!(svg.contains("Open Government Licence"), "{name}");
        assert_eq!(
            svg.contains("ILLUSTRATIVE DATA"),
            chart.illustrative,
            "{name}: the mark shows exactly when data is illustrative"
        );
        let (_, _, rgb) = decode(&chart.png(Size::A4Half, 96).unwrap());
        assert!(
            has_colour(&rgb, (0x00, 0x5E, 0xB8)) || kind == Kind::Spine,
            "{name}: the trust in NHS Blue"
        );
        assert_eq!(name.parse::<Kind>().unwrap(), kind);
    }
}

/// What a board member reads on a laptop: each chart drawn for the app's card is 600 px wide,
/// in its board-paper figure's proportions, with no text under 12 px (plotters writes an SVG
/// text's size as its size divided by 1.24, which is what a browser shows).
#[test]
fn every_kind_drawn_for_the_screen_is_600_px_wide_with_no_text_under_12_px() {
    let r = report("RJ1");
    for &(kind, name) in Kind::ALL.iter().filter(|(k, _)| *k != Kind::Spc) {
        let chart = boardlens_charts::build(&r, kind, None).unwrap().bare();
        let size = kind.screen_size();
        let svg = chart.svg(size).unwrap();
        let (w, h) = kind.paper_size().inches();
        let height = (600.0 * h / w).round();
        assert!(
            svg.starts_with(&format!(r#"<svg width="600" height="{height}""#)),
            "{name}: {}",
            &svg[..60]
        );
        let smallest = svg
            .split(r#"font-size=""#)
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap().parse::<f64>().unwrap())
            .fold(f64::INFINITY, f64::min);
        assert!(smallest >= 12.0 - 1e-9, "{name}: text of {smallest} px");
    }
    // The paper keeps its own floor: 8 pt, which is 10.7 px at 96 dpi.
    let paper = boardlens_charts::build(&r, Kind::Spine, None)
        .unwrap()
        .svg(Size::A4Full)
        .unwrap();
    assert!(paper.contains(r#"font-size="10.666666666666666""#));
}

#[test]
fn a_trend_says_what_changed_and_a_funnel_where_the_trust_sits() {
    let r = report("RJ1");
    let trend = boardlens_charts::build(&r, Kind::Trend, Some("nss.burned_out")).unwrap();
    assert_eq!(
        trend.title,
        "Guy's and St Thomas': staff often or always burnt out because of work down 2.0 percentage points from 2021 to 2024"
    );
    assert_eq!(trend.data.len(), 1 + 4, "four survey years");
    let funnel = boardlens_charts::build(&r, Kind::Funnel, None).unwrap();
    assert!(
        funnel.title.contains("within the limits expected for its size"),
        "{}",
        funnel.title
    );
    let status = boardlens_charts::build(&r, Kind::DsptStatus, None).unwrap();
    assert_eq!(
        status.title,
        "Guy's and St Thomas': Approaching Standards in 2022-23, like 45 of 133 peers"
    );
}

#[test]
fn a_monthly_series_of_the_trusts_own_gets_an_spc_chart() {
    use boardlens_core::import::{self, ImportOptions, Mapping};
    let mut store = Store::open_with(None, Bundled::Load, 0).unwrap();
    // Fourteen months of a measure where lower is better; the last seven run high.
    let values = [
        40.0, 42.0, 39.0, 41.0, 40.0, 43.0, 38.0, 47.0, 48.0, 46.0, 49.0, 47.0, 48.0, 50.0,
    ];
    let mut csv = String::from("ods_code,indicator,period,value\n");
    for (m, v) in values.iter().enumerate() {
        let period = format!("{}-{:02}", 2024 + m / 12, m % 12 + 1);
        csv += &format!("RJ1,waiting,{period},{v}\nRRK,waiting,{period},{}\n", v - 5.0);
    }
    let mapping = Mapping::parse("[[indicator]]\ncolumn = \"waiting\"\nlabel = \"Patients waiting over 18 weeks (%)\"\nunit = \"percent\"\npolarity = \"lower\"\n").unwrap();
    let options = ImportOptions {
        mapping: Some(mapping),
        ..ImportOptions::default()
    };
    import::import_bytes(
        &mut store,
        "waiting.csv",
        csv.into_bytes(),
        &options,
        &mut import::no_progress,
    )
    .unwrap();
    let r = store.benchmark(&Request::new("RJ1")).unwrap();
    let chart = boardlens_charts::build(&r, Kind::Spc, None).unwrap();
    assert_eq!(
        chart.title,
        "Guy's and St Thomas': patients waiting over 18 weeks (%), special cause variation: concerning"
    );
    assert_eq!(chart.data.len(), 1 + 14);
    assert!(
        chart.data.iter().skip(8).all(|row| row[5] == "true"),
        "the last seven points are a shift"
    );
    let (_, _, rgb) = decode(&chart.png(Size::Slide, 72).unwrap());
    assert!(
        has_colour(&rgb, (0xED, 0x8B, 0x00)),
        "concerning points in Making Data Count orange"
    );
    // A rebase at a period the series does not have is named as the reason, not "too short".
    let key = r.indicators.iter().find(|i| i.spc.is_some()).unwrap().key.clone();
    let mut rebased = Request::new("RJ1");
    rebased.spc.rebase = vec!["2031-01".into()];
    let r = store.benchmark(&rebased).unwrap();
    let err = boardlens_charts::build(&r, Kind::Spc, Some(&key)).unwrap_err();
    assert!(
        err.to_string()
            .contains("the rebase period 2031-01 is not a period of the series"),
        "{err}"
    );
    // Without 12 points there is no SPC chart, and the reason is given.
    let short = boardlens_charts::build(&report("RJ1"), Kind::Spc, None).unwrap_err();
    assert!(short.to_string().contains("12 or more"), "{short}");
}

#[test]
fn a_users_file_marked_synthetic_is_marked_on_the_chart_and_in_the_alt_text() {
    use boardlens_core::import::{self, ImportOptions, Mapping};
    let mut store = Store::open_with(None, Bundled::Load, 0).unwrap();
    let mut csv = String::from("ods_code,indicator,period,value\n");
    for (code, v) in [
        ("RJ1", 71.0),
        ("RRK", 64.0),
        ("RJE", 58.0),
        ("RA7", 66.0),
        ("RJZ", 69.0),
    ] {
        csv += &format!("{code},training,2025,{v}\n");
    }
    let mapping = Mapping::parse(
        "[dataset]\nkey = \"local_training\"\ntitle = \"Training rehearsal\"\nsynthetic = true\n\n[[indicator]]\ncolumn = \"training\"\nkey = \"local.training\"\nlabel = \"Staff trained (%)\"\nunit = \"percent\"\npolarity = \"higher\"\n",
    )
    .unwrap();
    let options = ImportOptions {
        mapping: Some(mapping),
        ..ImportOptions::default()
    };
    import::import_bytes(
        &mut store,
        "training.csv",
        csv.into_bytes(),
        &options,
        &mut import::no_progress,
    )
    .unwrap();
    let r = store.benchmark(&Request::new("RJ1")).unwrap();
    assert!(r.illustrative);
    let chart = boardlens_charts::build(&r, Kind::RankedBar, Some("local.training")).unwrap();
    assert!(chart.illustrative);
    assert!(chart.svg(Size::Slide).unwrap().contains("ILLUSTRATIVE DATA"));
    assert!(chart.alt_text.contains("Illustrative synthetic data"));
    // The DMA scores are published data: no mark.
    for kind in [Kind::RankedBar, Kind::PillarProfile] {
        let dma = boardlens_charts::build(&r, kind, None).unwrap();
        assert!(!dma.illustrative && !dma.svg(Size::Slide).unwrap().contains("ILLUSTRATIVE DATA"));
    }
}

#[test]
fn the_dma_trend_is_nhs_englands_comparable_overall_and_says_so() {
    let r = report("RJ1");
    let trend = boardlens_charts::build(&r, Kind::Trend, None).unwrap();
    // 'SC - 24 vs 25 Overall DMA' row 233: 2.8690 in 2024, 2.7143 in 2025.
    assert_eq!(
        trend.title,
        "Guy's and St Thomas': DMA overall, domains comparable 2024–2025 (NHS England) down 0.15 from 2024 to 2025"
    );
    // The mean of the seven pillars has one year only: no trend is drawn from it.
    let err = boardlens_charts::build(&r, Kind::Trend, Some("dma.acute.overall")).unwrap_err();
    assert!(err.to_string().contains("fewer than two periods"), "{err}");
}

#[test]
fn an_icbs_heatmap_sets_its_providers_side_by_side_with_the_scores_written() {
    let r = report("QHL");
    let chart = boardlens_charts::build(&r, Kind::Heatmap, None).unwrap();
    assert_eq!(
        chart.title,
        "NHS Birmingham and Solihull: its 6 providers side by side, pillar by pillar"
    );
    assert_eq!(chart.data.len(), 1 + 6);
    // Birmingham and Solihull Mental Health (RXT), 'SC - 2025 Pillar Summary' row 21, first: highest mean.
    assert_eq!(chart.data[1][0], "RXT");
    assert_eq!(&chart.data[1][4..11], ["3.3", "2.8", "3.3", "2.8", "1.9", "2.8", "2"]);
    let svg = chart.svg(Size::Slide).unwrap();
    assert!(svg.contains(">\n3.30\n</text>"), "the scores are written in the cells");
    let profile = boardlens_charts::build(&r, Kind::PillarProfile, None).unwrap();
    assert!(
        profile.subtitle.contains("ICB assessment") && profile.subtitle.contains("the other integrated care boards")
    );
}

#[test]
fn every_chart_carries_its_source_and_the_ogl_attribution() {
    for kind in [Kind::PillarProfile, Kind::RankedBar] {
        let chart = boardlens_charts::build(&report("RJ1"), kind, None).unwrap();
        let svg = chart.svg(Size::A4).unwrap();
        assert!(
            svg.contains("Contains public sector information licensed under the Open Government Licence v3.0."),
            "{kind:?}"
        );
        assert!(svg.contains("Source: "), "{kind:?}");
        assert!(
            svg.contains("not a league table"),
            "{kind:?}: DMA charts carry the caveat"
        );
    }
}

#[test]
fn a_long_trust_name_wraps_inside_the_canvas() {
    // Royal Devon University Healthcare NHS Foundation Trust: the longest names must still fit.
    let chart = boardlens_charts::build(&report("RH8"), Kind::PillarProfile, None).unwrap();
    let svg = chart.svg(Size::A4Half).unwrap();
    let width: f64 = 17.0 / 2.54 * 96.0;
    for x in svg
        .split("<text x=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse::<f64>().ok())
    {
        assert!(x >= 0.0 && x < width, "text starts at {x}, outside 0..{width}");
    }
    assert!(
        chart
            .subtitle
            .contains("Royal Devon University Healthcare NHS Foundation Trust")
    );
}

/// Regression: an ICB whose survey measures are all similar to its peers had a spine chart
/// titled "better than its peers on 0 measures and worse on 0".
#[test]
fn a_spine_chart_with_nothing_better_or_worse_says_similar_on_all_measures_tested() {
    let r = report("QHL");
    let judged = r.indicators.iter().filter(|i| i.label_vs_peers.is_some()).count();
    assert!(
        r.indicators
            .iter()
            .all(|i| i.label_vs_peers != Some(Comparison::Better) && i.label_vs_peers != Some(Comparison::Worse))
    );
    let chart = boardlens_charts::build(&r, Kind::Spine, None).unwrap();
    let tested = chart.data.iter().skip(1).filter(|row| !row[3].is_empty()).count();
    assert!(tested > 1 && tested <= judged, "{tested} of {judged}");
    assert_eq!(
        chart.title,
        format!(
            "NHS Birmingham and Solihull is similar to its peers on all {tested} measures tested, on the funnel's 95% limits"
        )
    );
}

#[test]
fn the_data_behind_a_chart_is_csv_safe_against_formulas() {
    let chart = boardlens_charts::build(&report("RJ1"), Kind::RankedBar, None).unwrap();
    let csv = chart.csv();
    assert!(
        csv.starts_with("Rank,ODS code,Name,Value,This trust\n"),
        "the header in words"
    );
    // 134 acute trusts: 131 published overall scores and 3 means of published pillars; then
    // the source lines, the self-assessment caveat among them (DMA scores are ranked here).
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.iter().position(|l| l.is_empty()), Some(1 + 134));
    assert!(lines[135..].iter().any(|l| l.contains("not a league table")), "{csv}");
    assert!(
        csv.lines()
            .any(|l| l.starts_with("25,RJ1,Guy's and St Thomas' NHS Foundation Trust,2.79,true")),
        "{csv}"
    );
}

#[test]
fn a_trust_without_pillar_scores_gets_a_clear_error() {
    // Welsh trusts are not in the DMA.
    let store = Store::open_with(None, Bundled::Load, 0).unwrap();
    let r = store
        .benchmark(&Request {
            peers: "region".parse().unwrap(),
            ..Request::new("RQF")
        })
        .unwrap();
    let err = boardlens_charts::build(&r, Kind::PillarProfile, None).unwrap_err();
    assert!(err.to_string().contains("has no DMA pillar scores"), "{err}");
}

mod pack {
    use super::report;
    use boardlens_charts::pack::{self, PackOptions};
    use boardlens_core::cover::{CoverSheet, Purpose};
    use std::path::Path;

    fn options(force: bool) -> PackOptions {
        PackOptions {
            date: "25 November 2026".into(),
            dpi: 72,
            force,
            cover: CoverSheet::default(),
            appendix: Default::default(),
            sections: Default::default(),
            charts: None,
        }
    }

    /// The text of a PDF as pdftotext reads it (with its options, e.g. a page range).
    fn pdf_text(pdf: &std::path::Path, options: &[&str]) -> String {
        let out = std::process::Command::new("pdftotext")
            .args(options)
            .arg(pdf)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A tool the CI machine installs (poppler-utils, LibreOffice); a developer without it is told.
    fn tool(name: &str) -> bool {
        let found = std::process::Command::new(name).arg("--version").output().is_ok();
        if !found {
            assert!(
                std::env::var_os("CI").is_none(),
                "{name} must be installed in CI (scripts/setup)"
            );
            eprintln!("{name} is not installed: skipping that check");
        }
        found
    }

    #[test]
    fn a_pack_holds_every_file_its_manifest_lists() {
        let dir = tempfile_dir();
        let out = dir.join("pack");
        let summary = pack::write(&report("RJ1"), &out, &options(false)).unwrap();
        // By default no per-measure ranked bars: the spine and the summary show every measure.
        assert!((6..=12).contains(&summary.charts), "{} charts", summary.charts);
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
        let files = manifest["files"].as_array().unwrap();
        assert_eq!(files.len(), summary.files.len());
        for f in files {
            let path = f["path"].as_str().unwrap();
            assert!(out.join(path).is_file(), "{path} is listed but missing");
        }
        let on_disk = walk(&out);
        assert_eq!(on_disk.len(), files.len(), "every file on disk is in the manifest");
        for chart in manifest["charts"].as_array().unwrap() {
            assert!(!chart["alt_text"].as_str().unwrap().is_empty());
        }
        // Predictable names.
        assert!(out.join("charts/01-pillar-profile.png").is_file());
        assert!(out.join("charts/04-dma-overall-ranked.svg").is_file());
        assert!(out.join("data/04-dma-overall-ranked.csv").is_file());
    }

    #[test]
    fn the_workbook_and_the_deck_hold_what_the_manifest_says() {
        use calamine::Reader;
        let dir = tempfile_dir();
        let out = dir.join("pack");
        let summary = pack::write(&report("RJ1"), &out, &options(false)).unwrap();
        let mut xlsx: calamine::Xlsx<_> = calamine::open_workbook(out.join("board-pack-data.xlsx")).unwrap();
        let sheets = xlsx.sheet_names();
        assert_eq!(sheets.first().map(String::as_str), Some("Benchmark"));
        assert_eq!(sheets.last().map(String::as_str), Some("Methods"));
        assert_eq!(
            sheets.len(),
            summary.charts + 3,
            "the benchmark, an index, a sheet per chart's data"
        );
        assert!(sheets.iter().all(|s| s.chars().count() <= 31 && !s.ends_with(' ')));
        let bench = xlsx.worksheet_range("Benchmark").unwrap();
        // One header row; numbers stored as numbers, periods as text, flags as booleans.
        let header: Vec<String> = bench.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
        let col = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .unwrap_or_else(|| panic!("no {name} column"))
        };
        let row = bench
            .rows()
            .find(|r| r[col("Indicator")] == "DMA overall (mean of the seven pillars)")
            .unwrap();
        assert_eq!(row[col("ODS code")], "RJ1");
        assert_eq!(row[col("Period")], calamine::Data::String("2025".into()));
        assert!(
            matches!(row[col("Value")], calamine::Data::Float(v) if (v - 2.79).abs() < 0.006),
            "{:?}",
            row[col("Value")]
        );
        assert_eq!(row[col("Unit")], "score (1 to 5)");
        assert!(matches!(row[col("England median")], calamine::Data::Float(_)));
        assert!(matches!(row[col("Illustrative")], calamine::Data::Bool(false)));
        let survey = bench
            .rows()
            .find(|r| r[col("Indicator")] == "Staff who find their work meaningful")
            .unwrap();
        assert!(matches!(survey[col("Base (respondents)")], calamine::Data::Float(b) if b > 1000.0));
        assert!(matches!(survey[col("95% interval, lower")], calamine::Data::Float(_)));
        assert_eq!(survey[col("Verdict (95%)")], "Better than peers");
        // A chart's sheet: the header in row 1, "59.9%" as the number 59.9.
        let spine_sheet = sheets.iter().find(|s| s.contains("spine")).unwrap().clone();
        let spine = xlsx.worksheet_range(&spine_sheet).unwrap();
        assert_eq!(spine.rows().next().unwrap()[0], "Measure");
        assert!(
            spine
                .rows()
                .skip(1)
                .any(|r| matches!(r[1], calamine::Data::Float(v) if (v - 59.9).abs() < 1e-9))
        );
        // Frozen header and filters on every sheet.
        let xlsx_zip = std::fs::File::open(out.join("board-pack-data.xlsx")).unwrap();
        let mut xlsx_zip = zip::ZipArchive::new(xlsx_zip).unwrap();
        for k in 1..=sheets.len() {
            let mut xml = String::new();
            std::io::Read::read_to_string(
                &mut xlsx_zip.by_name(&format!("xl/worksheets/sheet{k}.xml")).unwrap(),
                &mut xml,
            )
            .unwrap();
            assert!(xml.contains("ySplit=\"1\"") && xml.contains("<autoFilter"), "sheet {k}");
        }

        let deck = std::fs::File::open(out.join("board-pack.pptx")).unwrap();
        let mut zip = zip::ZipArchive::new(deck).unwrap();
        let slides = zip
            .file_names()
            .filter(|n| n.as_ref().is_ok_and(|n| n.starts_with("ppt/slides/slide")))
            .count();
        assert_eq!(
            slides,
            summary.charts + 6,
            "title, key messages, summary, a slide per chart, strengths and gaps, who to learn from, sources"
        );
        let read = |zip: &mut zip::ZipArchive<std::fs::File>, name: &str| {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
            text
        };
        let slide4 = read(&mut zip, "ppt/slides/slide4.xml");
        assert!(
            slide4.contains("descr=\"Dot chart of Guy&apos;s and St Thomas&apos;"),
            "the alt text is the picture's description"
        );
        let notes = read(&mut zip, "ppt/notesSlides/notesSlide4.xml");
        assert!(
            notes.contains("Open Government Licence"),
            "speaker notes carry the source"
        );
        // Regression (issue 14): every slide was one picture with its title baked in; notes
        // began "Source: Source:"; one description ran to 2,000 characters.
        for n in 1..=slides {
            let xml = read(&mut zip, &format!("ppt/slides/slide{n}.xml"));
            assert!(
                xml.contains("<p:ph type=\"title\"/>"),
                "slide {n} has no title placeholder"
            );
            for descr in xml.split("descr=\"").skip(1) {
                let descr = descr.split('"').next().unwrap();
                assert!(
                    descr.chars().count() <= 260,
                    "slide {n}: a {}-character description",
                    descr.chars().count()
                );
            }
            let notes = read(&mut zip, &format!("ppt/notesSlides/notesSlide{n}.xml"));
            assert!(
                !notes.contains("Source: Source:"),
                "slide {n}'s notes repeat themselves"
            );
        }
        let summary_slide = read(&mut zip, "ppt/slides/slide3.xml");
        assert!(
            summary_slide.contains("<a:tbl>") && summary_slide.contains("Peer median"),
            "the summary is an editable table"
        );
    }

    #[test]
    fn the_pdf_has_the_trusts_name_as_text_and_the_deck_opens_in_libreoffice() {
        let dir = tempfile_dir();
        let out = dir.join("pack");
        let summary = pack::write(&report("RJ1"), &out, &options(false)).unwrap();
        if tool("pdftotext") {
            let text = pdf_text(&out.join("board-pack.pdf"), &[]);
            assert!(
                text.contains("Guy's and St Thomas' NHS Foundation Trust"),
                "{}",
                &text[..text.len().min(500)]
            );
            assert!(text.contains("Appendix A: the numbers") && text.contains("Methods in plain words"));
        }
        if tool("libreoffice") {
            let converted = dir.join("lo");
            let status = std::process::Command::new("libreoffice")
                .args(["--headless", "--convert-to", "pdf", "--outdir"])
                .arg(&converted)
                .arg(out.join("board-pack.pptx"))
                .env("HOME", dir.join("home"))
                .output()
                .unwrap();
            assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
            let pdf = std::fs::read(converted.join("board-pack.pdf")).expect("LibreOffice wrote a PDF");
            let pages = pdf
                .windows(b"/Type /Page\n".len())
                .filter(|w| w.starts_with(b"/Type /Page") && !w.starts_with(b"/Type /Pages"))
                .count();
            // Count pages from the page tree, in whichever of its two forms LibreOffice wrote.
            let text = String::from_utf8_lossy(&pdf);
            let tree = text
                .split("/Count ")
                .skip(1)
                .filter_map(|rest| rest.split(|c: char| !c.is_ascii_digit()).next()?.parse::<usize>().ok())
                .max()
                .unwrap_or(0);
            let pages = pages.max(tree);
            assert_eq!(pages, summary.charts + 6, "LibreOffice shows every slide");
            assert!(pdf.len() > 10_000);
        }
    }

    #[test]
    fn the_cover_sheet_is_on_the_pdf_cover_the_title_slide_and_in_the_manifest() {
        let dir = tempfile_dir();
        let out = dir.join("pack");
        let cover = CoverSheet {
            title: "Digital maturity: where we stand".into(),
            meeting: "Trust Board (public), 28 January 2027".into(),
            purpose: Purpose::Assurance,
            baf_risk: "BAF 7: digital infrastructure".into(),
            committees: "Digital Committee, 12 January 2027".into(),
            recommendation: "The Board is asked to note the position & the plan.".into(),
            ..CoverSheet::default()
        };
        let options = PackOptions {
            cover,
            appendix: Default::default(),
            sections: Default::default(),
            charts: None,
            ..options(false)
        };
        let rj1 = report("RJ1");
        pack::write(&rj1, &out, &options).unwrap();

        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
        assert_eq!(manifest["cover"]["title"], "Digital maturity: where we stand");
        let texts = |h: &[boardlens_core::benchmark::Highlight]| h.iter().map(|h| h.text.clone()).collect::<Vec<_>>();
        assert_eq!(rj1.strengths.len(), 3);
        assert_eq!(manifest["strengths"], serde_json::json!(texts(&rj1.strengths)));
        assert_eq!(manifest["gaps"], serde_json::json!(texts(&rj1.gaps)));
        let fields: Vec<(String, String)> = manifest["cover"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["label"].as_str().unwrap().into(), f["value"].as_str().unwrap().into()))
            .collect();
        assert_eq!(
            fields,
            [
                ("Meeting", "Trust Board (public), 28 January 2027"),
                ("Purpose", "For assurance"),
                ("Board assurance framework risk", "BAF 7: digital infrastructure"),
                ("Previously considered by", "Digital Committee, 12 January 2027"),
                ("Recommendation", "The Board is asked to note the position & the plan."),
            ]
            .map(|(l, v)| (l.to_string(), v.to_string()))
        );

        let deck = std::fs::File::open(out.join("board-pack.pptx")).unwrap();
        let mut zip = zip::ZipArchive::new(deck).unwrap();
        let mut slide1 = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("ppt/slides/slide1.xml").unwrap(), &mut slide1).unwrap();
        for expected in [
            "Digital maturity: where we stand",
            "Trust Board (public), 28 January 2027 · For assurance",
            "the position &amp; the plan.",
        ] {
            assert!(slide1.contains(expected), "title slide lacks {expected:?}");
        }

        if tool("pdftotext") {
            let page = |first: u32, last: u32| {
                pdf_text(
                    &out.join("board-pack.pdf"),
                    &["-f", &first.to_string(), "-l", &last.to_string(), "-nopgbrk"],
                )
                .replace('\n', " ")
            };
            // The cover sheet alone on page 1, every field there; empty ones to complete.
            let cover_page = page(1, 1);
            for expected in [
                "Digital maturity: where we stand",
                "For assurance",
                "Board assurance framework risk",
                "BAF 7: digital infrastructure",
                "Previously considered by",
                "Strategic objective  [to complete]",
                "Presented by  [to complete]",
                "The Board is asked to note the position & the plan.",
                "Classification  Official",
            ] {
                assert!(
                    cover_page.contains(expected),
                    "the cover lacks {expected:?}:\n{cover_page}"
                );
            }
            assert!(!cover_page.contains("Key messages"), "the cover is a page of its own");
            let whole = page(1, 99);
            for expected in [
                "Contents",
                "Key messages",
                "Summary: the trust against its peers",
                "Strengths",
                "Staff who find their work meaningful: 88.1% in 2024, better than the average of acute trusts (85.7%) at 95% confidence",
                "Gaps",
                "No measure is clearly behind the peers.",
                "Who to learn from",
            ] {
                assert!(whole.contains(expected), "the paper lacks {expected:?}");
            }
        }
    }

    #[test]
    fn a_pack_never_overwrites_a_folder_unless_asked() {
        let dir = tempfile_dir();
        let out = dir.join("pack");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("minutes.docx"), b"keep me").unwrap();
        let err = pack::write(&report("RJ1"), &out, &options(false)).unwrap_err();
        assert!(err.to_string().contains("is not empty"), "{err}");
        assert_eq!(std::fs::read(out.join("minutes.docx")).unwrap(), b"keep me");
        // Regression: --force deleted whatever the folder held. Now only an earlier pack goes.
        let err = pack::write(&report("RJ1"), &out, &options(true)).unwrap_err();
        assert_eq!(err.code(), "export.folder_not_a_pack", "{err}");
        assert!(err.to_string().contains("no manifest.json"), "{err}");
        assert_eq!(std::fs::read(out.join("minutes.docx")).unwrap(), b"keep me");
        std::fs::remove_file(out.join("minutes.docx")).unwrap();
        pack::write(&report("RJ1"), &out, &options(false)).unwrap();
        // An earlier pack is replaced…
        pack::write(&report("RJ1"), &out, &options(true)).unwrap();
        assert!(out.join("manifest.json").exists());
        // …but not once the user has put their own file in it: the file is named, nothing goes.
        std::fs::write(out.join("charts/notes.docx"), b"mine").unwrap();
        let err = pack::write(&report("RJ1"), &out, &options(true)).unwrap_err();
        assert_eq!(err.code(), "export.folder_not_a_pack");
        assert!(err.to_string().contains("charts/notes.docx"), "{err}");
        assert_eq!(std::fs::read(out.join("charts/notes.docx")).unwrap(), b"mine");
        assert!(out.join("board-pack.pdf").exists());
        assert_eq!(
            walk(&dir).iter().filter(|p| p.contains(".boardlens-")).count(),
            0,
            "no staging left behind"
        );
    }

    /// Regression (issue 14): 39 pages of near-identical charts, untagged, unnumbered, text at
    /// 5 pt and secondary text at 3.75:1. Now, for an acute, a mental-health and an ambulance
    /// trust and an ICB: a paper of about a dozen pages, tagged in en-GB, an outline entry per
    /// section, "Page n of N" on every page, no text under 8 pt, every text colour 4.5:1 or more.
    #[test]
    fn the_board_paper_is_tagged_bookmarked_numbered_and_legible() {
        for (code, most_pages) in [("RJ1", 13), ("RVN", 14), ("RRU", 14), ("QHL", 16)] {
            let dir = tempfile_dir();
            let out = dir.join("pack");
            let r = report(code);
            pack::write(&r, &out, &options(false)).unwrap();
            let pdf = std::fs::read(out.join("board-pack.pdf")).unwrap();
            let facts = super::pdf_facts::read(&pdf);
            assert!((8..=most_pages).contains(&facts.pages), "{code}: {} pages", facts.pages);
            assert_eq!(facts.lang, "en-GB", "{code}");
            assert!(facts.marked, "{code}: tagged");
            assert!(
                facts.display_title,
                "{code}: the viewer shows the title, not the file name"
            );
            assert!(facts.title.contains(&r.trust.name), "{code}: {}", facts.title);
            assert!(facts.page_labels, "{code}: page labels");
            let summary = format!("Summary: the {} against its peers", r.subject().one);
            for section in [
                "Contents",
                "Key messages",
                &summary,
                "Strengths and gaps",
                "Who to learn from",
                "Methods in plain words",
                "Sources and how current they are",
            ] {
                assert!(
                    facts.outline.iter().any(|o| o == section),
                    "{code}: no bookmark {section:?} in {:?}",
                    facts.outline
                );
            }
            for tag in [
                "H1", "H2", "P", "L", "LI", "Table", "TH", "TD", "TOC", "TOCI", "Figure", "Caption",
            ] {
                assert!(facts.tags.contains_key(tag), "{code}: no {tag} in {:?}", facts.tags);
            }
            assert_eq!(
                facts.figures_with_alt, facts.tags["Figure"],
                "{code}: every figure has its alt text"
            );
            assert!(facts.min_text_pt >= 7.99, "{code}: text at {:.2} pt", facts.min_text_pt);
            // White text is drawn only on the heatmap's dark cells, each checked against its own
            // shade (heatmap::tests); every other text sits on white.
            for colour in facts.text_colours.iter().filter(|c| **c != (255, 255, 255)) {
                let ratio = super::pdf_facts::contrast_on_white(*colour);
                assert!(ratio >= 4.5, "{code}: text colour {colour:?} is {ratio:.2}:1 on white");
            }
            if tool("pdftotext") {
                let text = pdf_text(&out.join("board-pack.pdf"), &[]);
                for (n, page) in text.split('\u{c}').take(facts.pages).enumerate() {
                    let footer = format!("Page {} of {}", n + 1, facts.pages);
                    assert!(page.contains(&footer), "{code}: page {} lacks {footer:?}", n + 1);
                    assert!(
                        page.contains("Official"),
                        "{code}: page {} lacks its classification",
                        n + 1
                    );
                }
            }
        }
    }

    #[test]
    fn the_appendix_choice_adds_or_drops_the_per_measure_charts() {
        let r = report("RJ1");
        let mut pages = Vec::new();
        for appendix in [pack::Appendix::None, pack::Appendix::Numbers, pack::Appendix::Charts] {
            let dir = tempfile_dir();
            let out = dir.join("pack");
            let summary = pack::write(
                &r,
                &out,
                &PackOptions {
                    appendix,
                    ..options(false)
                },
            )
            .unwrap();
            let facts = super::pdf_facts::read(&std::fs::read(out.join("board-pack.pdf")).unwrap());
            let has_numbers = facts.outline.iter().any(|o| o == "Appendix A: the numbers");
            assert_eq!(has_numbers, appendix != pack::Appendix::None, "{appendix:?}");
            let per_measure = summary.files.iter().filter(|(p, _)| p.ends_with("-ranked.png")).count();
            if appendix == pack::Appendix::Charts {
                assert!(per_measure >= 20, "{per_measure} ranked bars");
            } else {
                assert_eq!(per_measure, 1, "only the DMA overall's ranked bar");
            }
            pages.push(facts.pages);
        }
        assert!(pages[0] < pages[1] && pages[1] < pages[2], "{pages:?}");
    }

    #[test]
    fn a_single_chart_pdf_is_a_tagged_figure_with_its_alt_text() {
        let chart = boardlens_charts::build(&report("RJ1"), super::Kind::PillarProfile, None).unwrap();
        let facts = super::pdf_facts::read(&chart.pdf(super::Size::A4).unwrap());
        assert_eq!(facts.pages, 1);
        assert_eq!(facts.lang, "en-GB");
        assert_eq!(facts.figures_with_alt, 1);
        assert_eq!(facts.title, chart.title);
        assert!(facts.min_text_pt >= 7.99, "{}", facts.min_text_pt);
    }

    #[test]
    fn a_failed_pack_leaves_nothing_behind() {
        // A Welsh trust has nothing to chart: the pack fails before anything is in place.
        let store = boardlens_core::store::Store::open_with(None, boardlens_core::store::Bundled::Load, 0).unwrap();
        let r = store
            .benchmark(&boardlens_core::benchmark::Request {
                peers: "region".parse().unwrap(),
                ..boardlens_core::benchmark::Request::new("RQF")
            })
            .unwrap();
        let dir = tempfile_dir();
        let out = dir.join("pack");
        assert!(pack::write(&r, &out, &options(false)).is_err());
        assert!(!out.exists());
        assert!(walk(&dir).is_empty(), "{:?}", walk(&dir));
    }

    #[test]
    fn a_cancelled_pack_leaves_nothing_behind_and_progress_counts_every_step() {
        let dir = tempfile_dir();
        let out = dir.join("pack");
        let seen = std::sync::Mutex::new(Vec::new());
        let summary = pack::write_with_progress(&report("RJ1"), &out, &options(false), &|p| {
            seen.lock().unwrap().push(p);
            std::ops::ControlFlow::Continue(())
        })
        .unwrap();
        let seen = seen.into_inner().unwrap();
        // Every chart, then the PDF, the deck and the workbook.
        assert_eq!(seen.len(), summary.charts + 3);
        assert!(seen.iter().all(|p| p.total == summary.charts + 3));
        assert_eq!(seen.last().unwrap().done, summary.charts + 3);

        let again = dir.join("pack-cancelled");
        let err = pack::write_with_progress(&report("RJ1"), &again, &options(false), &|p| {
            if p.done >= 3 {
                std::ops::ControlFlow::Break(())
            } else {
                std::ops::ControlFlow::Continue(())
            }
        })
        .unwrap_err();
        assert!(matches!(err, boardlens_charts::ChartError::Cancelled), "{err}");
        assert!(!again.exists());
        assert_eq!(walk(&dir).iter().filter(|p| p.contains(".boardlens-")).count(), 0);
    }

    /// A process id no process has (Linux's largest is 4,194,304).
    const GONE: u32 = 999_999_999;

    #[test]
    fn regression_what_a_killed_pack_left_is_tidied_at_the_next_pack() {
        // Was: a hidden staging folder stayed after every kill mid-pack (6 of 6).
        let dir = tempfile_dir();
        let staging = dir.join(format!(".board.boardlens-tmp-{GONE}"));
        std::fs::create_dir_all(staging.join("charts")).unwrap();
        // Killed between moving the earlier pack aside and moving the new one in: it comes back.
        let aside = dir.join(format!(".earlier.boardlens-old-{GONE}"));
        std::fs::create_dir_all(&aside).unwrap();
        std::fs::write(aside.join("manifest.json"), b"{}").unwrap();
        // A user's own hidden folder of a similar name is not touched.
        std::fs::create_dir_all(dir.join(".board.notes-1")).unwrap();
        pack::write(&report("RJ1"), &dir.join("next"), &options(false)).unwrap();
        assert!(!staging.exists());
        assert!(!aside.exists());
        assert_eq!(std::fs::read(dir.join("earlier/manifest.json")).unwrap(), b"{}");
        assert!(dir.join(".board.notes-1").exists());
        assert!(dir.join("next/manifest.json").exists());
    }

    #[cfg(unix)]
    #[test]
    fn regression_a_dangling_symlink_out_is_refused_and_leaves_nothing() {
        let dir = tempfile_dir();
        let link = dir.join("pack");
        std::os::unix::fs::symlink(dir.join("nowhere"), &link).unwrap();
        let err = pack::write(&report("RJ1"), &link, &options(false)).unwrap_err();
        assert!(err.to_string().contains("is a symbolic link"), "{err}");
        assert_eq!(walk(&dir).iter().filter(|p| p.contains(".boardlens-")).count(), 0);
    }

    #[test]
    fn a_root_cannot_be_a_pack_folder() {
        let err = pack::write(&report("RJ1"), Path::new("/"), &options(true)).unwrap_err();
        assert!(err.to_string().contains("the top of the file system"), "{err}");
    }

    #[test]
    fn a_chart_that_cannot_be_finished_leaves_no_temporary_file() {
        let dir = tempfile_dir();
        let chart = boardlens_charts::build(&report("RJ1"), boardlens_charts::Kind::PillarProfile, None).unwrap();
        // The data file's name is taken by a folder: the set cannot be finished.
        std::fs::create_dir_all(dir.join("kpis.csv")).unwrap();
        let err = chart
            .write_files(&dir.join("kpis.svg"), boardlens_charts::Size::Slide, 72, false)
            .unwrap_err();
        assert_eq!(err.code(), "export.file_exists", "{err}");
        let err = chart
            .write_files(&dir.join("kpis.svg"), boardlens_charts::Size::Slide, 72, true)
            .unwrap_err();
        assert!(err.to_string().contains("kpis.csv"), "{err}");
        assert_eq!(
            walk(&dir).iter().filter(|p| p.contains(".boardlens-")).count(),
            0,
            "{:?}",
            walk(&dir)
        );
    }

    /// Regression: the ICB view's board paper said "Summary: the trust against its peers",
    /// "the trust's rate", "the spread between trusts" and "The trust's status" about an ICB.
    /// Every sentence and heading Boardlens writes about its subject names an ICB an ICB: the
    /// paper, the deck, the workbook's methods, each measure's explanation and each chart's data.
    #[test]
    fn an_icbs_board_pack_never_calls_the_icb_a_trust() {
        let calls_it_a_trust = |text: &str| {
            let t = text.to_lowercase();
            [
                "the trust ",
                "the trust's",
                "the trust,",
                "the trust.",
                "the trust)",
                "between trusts",
            ]
            .iter()
            .any(|w| t.contains(w))
        };
        let r = report("QHL");
        assert_eq!(r.subject().one, "ICB");
        for line in boardlens_charts::methods(r.subject()) {
            assert!(!calls_it_a_trust(&line), "methods: {line}");
        }
        for m in &r.messages {
            assert!(!calls_it_a_trust(m), "key message: {m}");
        }
        for i in &r.indicators {
            for line in i.text.explain.iter().chain(&i.text.method) {
                assert!(!calls_it_a_trust(line), "{}: {line}", i.key);
            }
        }
        for c in pack::charts(&r) {
            let header = c.chart.data[0].join(",");
            assert!(!header.contains("Trust"), "{:?}: {header}", c.chart.kind);
            assert!(
                !calls_it_a_trust(&c.chart.alt_text),
                "{:?}: {}",
                c.chart.kind,
                c.chart.alt_text
            );
        }
        let dir = tempfile_dir();
        let out = dir.join("pack");
        pack::write(&r, &out, &options(false)).unwrap();
        if tool("pdftotext") {
            let text = pdf_text(&out.join("board-pack.pdf"), &[]);
            for line in text.lines() {
                assert!(!calls_it_a_trust(line), "paper: {line}");
            }
            assert!(text.contains("Summary: the ICB against its peers"));
        }
        // The same report for a trust still speaks of the trust.
        let trust = report("RJ1");
        assert!(
            trust
                .indicators
                .iter()
                .any(|i| i.text.explain.iter().any(|l| l.contains("the trust's rate"))),
            "a trust's explanations name the trust"
        );
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "boardlens-pack-test-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn walk(dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p.to_string_lossy().into_owned());
            }
        }
        out
    }
}

/// The one verdict: for every measure of several trusts, the report's verdict is what the
/// tiles and tables print, what the spine chart marks, what the funnel chart reads at the
/// trust's base, and the only "better" or "worse" any key message, strength or gap says.
#[test]
fn every_output_shows_the_same_verdict_for_every_measure() {
    use boardlens_core::format::comparison_words;
    use boardlens_core::model::Polarity;
    let store = Store::open_with(None, Bundled::Load, 0).unwrap();
    for code in ["RJ1", "RXT", "RRK", "RJN", "RBS", "RTH"] {
        let r = store.benchmark(&Request::new(code)).unwrap();
        let spine = boardlens_charts::build(&r, Kind::Spine, None).unwrap();
        for i in &r.indicators {
            if i.polarity == Polarity::NoJudgement {
                assert_eq!(i.label_vs_peers, None, "{code} {}", i.key);
            } else {
                assert_eq!(i.text.versus, comparison_words(i.label_vs_peers), "{code} {}", i.key);
            }
            let on_spine = format!("{} ({})", i.label, i.period);
            if let Some(row) = spine.data.iter().find(|row| row[0] == on_spine) {
                assert_eq!(row[3], i.label_vs_peers.map_or("", |v| v.words()), "{code} {}", i.key);
            }
            if let (Some(f), Some(v), Some(base)) = (&i.funnel, i.value, i.base) {
                let chart = boardlens_charts::build(&r, Kind::Funnel, Some(&i.key)).unwrap();
                let fit = boardlens_core::stats::funnel::Funnel {
                    target: f.target / 100.0,
                    tau2: f.tau2,
                    phi: f.phi,
                    units: 0,
                };
                let at = fit.limits(base);
                let within = (at.lower95..=at.upper95).contains(&(v / 100.0));
                if let Some(verdict) = i.label_vs_peers {
                    assert_eq!(within, verdict == Comparison::Similar, "{code} {}", i.key);
                    assert!(
                        chart.title.ends_with(&format!("{} peers", verdict.words())),
                        "{code}: {}",
                        chart.title
                    );
                }
            }
        }
        for sentence in r
            .messages
            .iter()
            .chain(r.strengths.iter().chain(&r.gaps).map(|h| &h.text))
        {
            for verdict in [Comparison::Better, Comparison::Worse] {
                if sentence.contains(&format!("{} the average of", verdict.words())) {
                    assert!(
                        r.indicators.iter().any(
                            |i| sentence.starts_with(&format!("{}:", i.label)) && i.label_vs_peers == Some(verdict)
                        ),
                        "{code}: {sentence}"
                    );
                }
            }
        }
    }
}

/// What a PDF says about itself, read back with `lopdf`: the checks a screen reader, a
/// printer and a board secretary would make.
mod pdf_facts {
    use lopdf::{Document, Object, ObjectId};
    use std::collections::{BTreeMap, BTreeSet};

    #[derive(Debug, Default)]
    pub struct Facts {
        pub pages: usize,
        pub lang: String,
        pub marked: bool,
        pub display_title: bool,
        pub title: String,
        pub outline: Vec<String>,
        /// Structure element types and how many of each.
        pub tags: BTreeMap<String, usize>,
        /// Figures with a non-empty /Alt.
        pub figures_with_alt: usize,
        /// The smallest text drawn, in points at print size.
        pub min_text_pt: f64,
        /// Every colour text is filled with.
        pub text_colours: BTreeSet<(u8, u8, u8)>,
        pub page_labels: bool,
    }

    fn text(obj: &Object) -> String {
        match obj {
            Object::String(bytes, _) if bytes.starts_with(&[0xFE, 0xFF]) => {
                let units: Vec<u16> = bytes[2..]
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                    .collect();
                String::from_utf16_lossy(&units)
            }
            Object::String(bytes, _) => String::from_utf8_lossy(bytes).into_owned(),
            _ => String::new(),
        }
    }

    fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
        match obj {
            Object::Reference(id) => doc.get_object(*id).unwrap_or(obj),
            other => other,
        }
    }

    fn num(o: &Object) -> f64 {
        match o {
            Object::Integer(i) => *i as f64,
            Object::Real(r) => f64::from(*r),
            _ => 0.0,
        }
    }

    type M = [f64; 6];
    fn mul(a: M, b: M) -> M {
        [
            a[0] * b[0] + a[1] * b[2],
            a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4],
            a[4] * b[1] + a[5] * b[3] + b[5],
        ]
    }
    const ID: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

    fn walk_content(doc: &Document, content: &[u8], resources: Option<&lopdf::Dictionary>, ctm0: M, facts: &mut Facts) {
        let ops = lopdf::content::Content::decode(content).unwrap().operations;
        let mut stack: Vec<(M, (u8, u8, u8))> = Vec::new();
        let (mut ctm, mut fill) = (ctm0, (0u8, 0u8, 0u8));
        let (mut tm, mut size) = (ID, 0.0);
        for op in &ops {
            let o = &op.operands;
            match op.operator.as_str() {
                "q" => stack.push((ctm, fill)),
                "Q" => (ctm, fill) = stack.pop().unwrap_or((ctm0, fill)),
                "cm" if o.len() == 6 => {
                    let m = [num(&o[0]), num(&o[1]), num(&o[2]), num(&o[3]), num(&o[4]), num(&o[5])];
                    ctm = mul(m, ctm);
                }
                "rg" if o.len() == 3 => {
                    let c = |k: usize| (num(&o[k]) * 255.0).round() as u8;
                    fill = (c(0), c(1), c(2));
                }
                "g" if o.len() == 1 => {
                    let v = (num(&o[0]) * 255.0).round() as u8;
                    fill = (v, v, v);
                }
                "BT" => tm = ID,
                "Tm" if o.len() == 6 => tm = [num(&o[0]), num(&o[1]), num(&o[2]), num(&o[3]), num(&o[4]), num(&o[5])],
                "Tf" if o.len() == 2 => size = num(&o[1]),
                "Tj" | "TJ" | "'" | "\"" => {
                    let m = mul(tm, ctm);
                    let scale = (m[0] * m[3] - m[1] * m[2]).abs().sqrt();
                    let pt = size * scale;
                    facts.min_text_pt = facts.min_text_pt.min(pt);
                    facts.text_colours.insert(fill);
                }
                "Do" if o.len() == 1 => {
                    let (Some(res), Object::Name(name)) = (resources, &o[0]) else {
                        continue;
                    };
                    let Ok(xobjects) = res.get(b"XObject").map(|x| resolve(doc, x)) else {
                        continue;
                    };
                    let Ok(xobjects) = xobjects.as_dict() else { continue };
                    let Ok(Object::Stream(stream)) = xobjects.get(name).map(|x| resolve(doc, x)) else {
                        continue;
                    };
                    let matrix = stream
                        .dict
                        .get(b"Matrix")
                        .ok()
                        .and_then(|m| m.as_array().ok())
                        .filter(|m| m.len() == 6)
                        .map_or(ID, |m| {
                            [num(&m[0]), num(&m[1]), num(&m[2]), num(&m[3]), num(&m[4]), num(&m[5])]
                        });
                    let inner_res = stream
                        .dict
                        .get(b"Resources")
                        .ok()
                        .map(|r| resolve(doc, r))
                        .and_then(|r| r.as_dict().ok());
                    let bytes = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
                    walk_content(doc, &bytes, inner_res.or(Some(res)), mul(matrix, ctm), facts);
                }
                _ => {}
            }
        }
    }

    fn walk_struct(doc: &Document, obj: &Object, facts: &mut Facts) {
        match resolve(doc, obj) {
            Object::Array(kids) => kids.iter().for_each(|k| walk_struct(doc, k, facts)),
            Object::Dictionary(d) => {
                if let Ok(Object::Name(s)) = d.get(b"S") {
                    let s = String::from_utf8_lossy(s).into_owned();
                    if s == "Figure" && d.get(b"Alt").map(text).is_ok_and(|a| !a.is_empty()) {
                        facts.figures_with_alt += 1;
                    }
                    *facts.tags.entry(s).or_default() += 1;
                }
                if let Ok(k) = d.get(b"K") {
                    walk_struct(doc, k, facts);
                }
            }
            _ => {}
        }
    }

    pub fn read(bytes: &[u8]) -> Facts {
        let doc = Document::load_mem(bytes).unwrap();
        let mut facts = Facts {
            min_text_pt: f64::INFINITY,
            ..Facts::default()
        };
        let catalog = doc.catalog().unwrap();
        facts.lang = catalog.get(b"Lang").map(text).unwrap_or_default();
        facts.marked = catalog
            .get(b"MarkInfo")
            .map(|m| resolve(&doc, m))
            .and_then(|m| m.as_dict())
            .and_then(|m| m.get(b"Marked"))
            .is_ok_and(|m| matches!(m, Object::Boolean(true)));
        facts.display_title = catalog
            .get(b"ViewerPreferences")
            .map(|m| resolve(&doc, m))
            .and_then(|m| m.as_dict())
            .and_then(|m| m.get(b"DisplayDocTitle"))
            .is_ok_and(|m| matches!(m, Object::Boolean(true)));
        facts.page_labels = catalog.get(b"PageLabels").is_ok();
        if let Ok(info) = doc
            .trailer
            .get(b"Info")
            .map(|i| resolve(&doc, i))
            .and_then(|i| i.as_dict())
        {
            facts.title = info.get(b"Title").map(text).unwrap_or_default();
        }
        if let Ok(outlines) = catalog
            .get(b"Outlines")
            .map(|o| resolve(&doc, o))
            .and_then(|o| o.as_dict())
        {
            let mut next = outlines.get(b"First").ok().cloned();
            while let Some(Object::Reference(id)) = next {
                let item = doc.get_dictionary(id).unwrap();
                facts.outline.push(item.get(b"Title").map(text).unwrap_or_default());
                next = item.get(b"Next").ok().cloned();
            }
        }
        if let Ok(root) = catalog
            .get(b"StructTreeRoot")
            .map(|r| resolve(&doc, r))
            .and_then(|r| r.as_dict())
            && let Ok(k) = root.get(b"K")
        {
            walk_struct(&doc, k, &mut facts);
        }
        let pages: BTreeMap<u32, ObjectId> = doc.get_pages();
        facts.pages = pages.len();
        for id in pages.values() {
            let content = doc.get_page_content(*id).unwrap();
            let (own, inherited) = doc.get_page_resources(*id).unwrap();
            let res = own.or_else(|| inherited.first().and_then(|r| doc.get_dictionary(*r).ok()));
            walk_content(&doc, &content, res, ID, &mut facts);
        }
        facts
    }

    /// WCAG 2.1 contrast ratio of a colour against white (the theme's own measure).
    pub fn contrast_on_white((r, g, b): (u8, u8, u8)) -> f64 {
        use boardlens_charts::theme;
        theme::contrast(theme::RGBColor(r, g, b), theme::WHITE)
    }
}
