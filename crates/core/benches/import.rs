//! Import and first-open speed (targets: ≥ 1,000,000 rows/s for a long-format CSV of
//! 200 organisations × 500 indicators × 10 periods, in memory and from a file into a WAL
//! database; a new database with every bundled dataset in under 300 ms). Run with
//! `cargo bench -p boardlens-core --bench import`.

use boardlens_core::import::{self, ImportOptions};
use boardlens_core::store::{Bundled, Store};
use divan::counter::ItemsCount;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

/// 200 organisations × 500 indicators × 10 periods = 1,000,000 rows, as a user's long file.
pub fn long_csv() -> &'static [u8] {
    static CSV: OnceLock<Vec<u8>> = OnceLock::new();
    CSV.get_or_init(|| {
        let mut out = String::from("ods_code,indicator,period,value\n");
        for org in 0..200 {
            for indicator in 0..500 {
                for period in 0..10 {
                    let value = (org * 7 + indicator * 13 + period * 31) % 1000;
                    out += &format!(
                        "R{org:03},local.k{indicator},{},{}.{}\n",
                        2015 + period,
                        value / 10,
                        value % 10
                    );
                }
            }
        }
        out.into_bytes()
    })
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn import_long_csv_1m_rows(bencher: divan::Bencher) {
    let bytes = long_csv();
    bencher
        .counter(ItemsCount::new(1_000_000usize))
        .with_inputs(|| Store::open_with(None, Bundled::Skip, 0).expect("store"))
        .bench_local_values(|mut store| {
            let options = ImportOptions::default();
            import::import_bytes(
                &mut store,
                "long.csv",
                bytes.to_vec(),
                &options,
                &mut import::no_progress,
            )
            .expect("import")
        });
}

/// The CLI's case end to end: the same million rows from a CSV file on disk (read pass by
/// pass, not into memory) into a new WAL database file, committed.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn import_long_csv_1m_rows_from_a_file_into_a_wal_database(bencher: divan::Bencher) {
    static FILE: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = FILE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::write(dir.path().join("long.csv"), long_csv()).expect("write the CSV");
        dir
    });
    let csv = dir.path().join("long.csv");
    bencher
        .counter(ItemsCount::new(1_000_000usize))
        .with_inputs(|| {
            let db = tempfile::tempdir().expect("temporary folder");
            let store = Store::open_with(Some(&db.path().join("b.db")), Bundled::Skip, 0).expect("store");
            (db, store)
        })
        .bench_local_values(|(db, mut store)| {
            let options = ImportOptions::default();
            import::import_file(&mut store, &csv, &options, &mut import::no_progress).expect("import");
            drop(store);
            db
        });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn open_new_database_with_bundled_datasets() -> Store {
    Store::open_with(None, Bundled::Load, 0).expect("store")
}
