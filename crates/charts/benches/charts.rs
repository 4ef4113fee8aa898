//! Chart speed (issue targets: one slide-size PNG under 30 ms; a full pack of 20 or more charts
//! under 1 s, release build). Run with `cargo bench -p boardlens-charts`.

use boardlens_charts::pack::{self, PackOptions};
use boardlens_charts::{Kind, Size};
use boardlens_core::benchmark::{Report, Request};
use boardlens_core::store::{Bundled, Store};
use std::sync::OnceLock;

fn main() {
    divan::main();
}

fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        let store = Store::open_with(None, Bundled::Load, 0).expect("store");
        store.benchmark(&Request::new("RJ1")).expect("report")
    })
}

#[divan::bench]
fn one_slide_png_at_200_dpi(bencher: divan::Bencher) {
    let chart = boardlens_charts::build(report(), Kind::PillarProfile, None).expect("chart");
    bencher.bench(|| chart.png(Size::Slide, 200).expect("png"));
}

#[divan::bench]
fn one_slide_svg(bencher: divan::Bencher) {
    let chart = boardlens_charts::build(report(), Kind::RankedBar, None).expect("chart");
    bencher.bench(|| chart.svg(Size::Slide).expect("svg"));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn full_board_pack(bencher: divan::Bencher) {
    let dir = std::env::temp_dir().join(format!("boardlens-bench-pack-{}", std::process::id()));
    let options = PackOptions {
        date: "25 November 2026".into(),
        dpi: 200,
        force: true,
        cover: Default::default(),
        appendix: Default::default(),
        sections: Default::default(),
        charts: None,
    };
    bencher.bench(|| pack::write(report(), &dir, &options).expect("pack"));
    let _ = std::fs::remove_dir_all(&dir);
}
