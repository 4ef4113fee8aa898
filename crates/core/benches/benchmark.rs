//! Benchmark speed (issue targets: one trust × every indicator × every period under 10 ms;
//! nearest neighbours over all trusts under 5 ms). Run with `cargo bench -p boardlens-core`.

use boardlens_core::benchmark::Request;
use boardlens_core::peers::{PeerSpec, default_features};
use boardlens_core::store::{Bundled, Store};

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
