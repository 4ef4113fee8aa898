//! Charts drawn from real benchmark reports of the bundled data: SVG snapshots (deterministic),
//! PNG sizes and content, alt text and CSV.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use boardlens_charts::{Kind, Size};
use boardlens_core::benchmark::{Report, Request};
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

#[test]
fn illustrative_data_is_marked_on_the_chart_and_in_the_alt_text() {
    let chart = boardlens_charts::build(&report("RJ1"), Kind::PillarProfile, None).unwrap();
    assert!(chart.illustrative);
    let svg = chart.svg(Size::Slide).unwrap();
    assert!(svg.contains("ILLUSTRATIVE DATA"));
    assert!(chart.alt_text.contains("Illustrative synthetic data"));
    // The 2025 overall score is published data: no mark.
    let ranked = boardlens_charts::build(&report("RJ1"), Kind::RankedBar, None).unwrap();
    assert!(!ranked.illustrative && !ranked.svg(Size::Slide).unwrap().contains("ILLUSTRATIVE DATA"));
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

#[test]
fn the_data_behind_a_chart_is_csv_safe_against_formulas() {
    let chart = boardlens_charts::build(&report("RJ1"), Kind::RankedBar, None).unwrap();
    let csv = chart.csv();
    assert!(csv.starts_with("rank,ods_code,name,value,is_trust\n"));
    assert_eq!(csv.lines().count(), 1 + 131);
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
