//! Benchmark speed and its scale. Run with `cargo bench -p boardlens-core --bench benchmark`.
//!
//! - One trust × every indicator × every period on the bundled data (target under 10 ms), and
//!   nearest neighbours over all trusts (under 5 ms).
//! - The same trust's benchmark in databases holding 1 M, 10 M and 50 M more observations that
//!   it never shows: measures reported by every ICB, month by month, imported through the real
//!   import path in files of 1 M rows. Generated here, deterministically, into a temporary
//!   folder (never committed); the 50 M database takes minutes to build and ~3 GB of disk.
//!   Issue 16's bar: with 1 M more rows at most 3× slower; at 50 M well under a second.

use boardlens_core::benchmark::Request;
use boardlens_core::import::{self, ImportOptions};
use boardlens_core::model::OrgKind;
use boardlens_core::orgs::OrgFilter;
use boardlens_core::peers::{PeerSpec, default_features};
use boardlens_core::store::{Bundled, Store};
use std::fmt::Write;

fn main() {
    divan::main();
}

thread_local! {
    /// A database with the bundled data and a warm snapshot (the app's steady state).
    static STORE: Store = {
        let s = Store::open_with(None, Bundled::Load, 0).expect("store");
        s.benchmark(&Request::new("RJ1")).expect("warm the snapshot");
        s
    };
}

#[divan::bench]
fn benchmark_one_trust_every_indicator() {
    STORE.with(|s| divan::black_box(s.benchmark(&Request::new("RJ1")).expect("report")));
}

#[divan::bench]
fn nearest_neighbours_over_all_trusts() {
    STORE.with(|s| {
        divan::black_box(
            s.peers("RJ1", &PeerSpec::Nearest { n: 10 }, &default_features())
                .expect("peers"),
        )
    });
}

/// Observations in one generated file: 1 M rows, ~40 MB of CSV, under the import cap.
const ROWS_PER_FILE: usize = 1_000_000;

/// A database file of the bundled data plus `extra` observations no acute trust's benchmark
/// shows: every ICB × measures × 60 months, values a deterministic function of the position.
fn database_with(extra: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("scale.db");
    let mut store = Store::open_with(Some(&path), Bundled::Load, 0).expect("store");
    let icbs: Vec<String> = store
        .organisations(&OrgFilter {
            kind: Some(OrgKind::Icb),
            ..OrgFilter::default()
        })
        .expect("ICBs")
        .into_iter()
        .map(|o| o.ods_code)
        .collect();
    let months: Vec<String> = (0..60)
        .map(|m| format!("{}-{:02}", 2021 + m / 12, m % 12 + 1))
        .collect();
    let per_measure = icbs.len() * months.len();
    let mut written = 0usize;
    let mut file = 0usize;
    while written < extra {
        let rows = ROWS_PER_FILE.min(extra - written);
        let mut csv = String::with_capacity(rows * 40);
        csv.push_str("ods_code,indicator,period,value\n");
        for k in written..written + rows {
            let (measure, at) = (k / per_measure, k % per_measure);
            let (icb, month) = (&icbs[at / months.len()], &months[at % months.len()]);
            let _ = writeln!(csv, "{icb},icb_measure_{measure},{month},{}", (k * 7919) % 10_007);
        }
        let options = ImportOptions {
            now: 0,
            ..ImportOptions::default()
        };
        import::import_bytes(
            &mut store,
            &format!("icb_activity_part_{file}.csv"),
            csv.into_bytes(),
            &options,
            &mut import::no_progress,
        )
        .expect("import");
        written += rows;
        file += 1;
    }
    (dir, path)
}

/// One acute trust's whole benchmark, read fresh (the CLI's case: a new process, no cache), in
/// a database holding `extra` observations it never shows.
#[divan::bench(args = [0, 1_000_000, 10_000_000, 50_000_000], sample_count = 10)]
fn benchmark_one_trust_with_unrelated_observations(bencher: divan::Bencher, extra: usize) {
    let (_dir, path) = database_with(extra);
    bencher.bench_local(|| {
        let store = Store::open_with(Some(&path), Bundled::Skip, 0).expect("store");
        divan::black_box(store.benchmark(&Request::new("RJ1")).expect("report"))
    });
}
