//! Import and first-open speed (issue targets: ≥ 1,000,000 rows/s for a long-format CSV of
//! 200 organisations × 500 indicators × 10 periods; a new database with every bundled dataset
//! in under 300 ms). Run with `cargo bench -p boardlens-core`.

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

#[divan::bench(sample_count = 10, sample_size = 1)]
fn open_new_database_with_bundled_datasets() -> Store {
    Store::open_with(None, Bundled::Load, 0).expect("store")
}
