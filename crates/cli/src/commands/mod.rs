//! One module per command: each parses its arguments into a request of `boardlens-api`,
//! calls the operation, and prints the result. No command does anything the app cannot.

pub mod benchmark;
pub mod chart;
pub mod datasets;
pub mod download;
pub mod import;
pub mod orgs;
pub mod pack;
pub mod peers;

use boardlens_api::BenchmarkRequest;

/// The benchmark request of a command: a trust or ICB, its peers in the command line's words
/// (`--peers nearest:10`), and weights (`--weights beds=2,region=0`).
pub fn request(ods: &str, peers: &str, weights: Option<&str>) -> anyhow::Result<BenchmarkRequest> {
    Ok(BenchmarkRequest {
        ods_code: ods.to_string(),
        peers: peers.parse()?,
        weights: match weights {
            Some(w) => boardlens_core::peers::parse_weights(w)?,
            None => Default::default(),
        },
        dataset: None,
        period: None,
    })
}
