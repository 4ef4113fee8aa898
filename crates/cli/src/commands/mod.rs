//! One module per command.

pub mod benchmark;
pub mod chart;
pub mod datasets;
pub mod download;
pub mod import;
pub mod orgs;
pub mod pack;
pub mod peers;

use boardlens_core::benchmark::Request;

/// The benchmark request of a command: a trust, its peers (the words of `--peers`), weights.
pub fn request(ods: &str, peers: &str, weights: Option<&str>) -> anyhow::Result<Request> {
    Ok(Request {
        ods_code: ods.trim().to_ascii_uppercase(),
        peers: peers.parse()?,
        features: match weights {
            Some(w) => boardlens_core::peers::features_with_weights(w)?,
            None => boardlens_core::peers::default_features(),
        },
        dataset: None,
        period: None,
    })
}
