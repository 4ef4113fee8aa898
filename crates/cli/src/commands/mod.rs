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

/// How SPC charts are calculated, for the commands that make them (NHSRplotthedots' defaults).
#[derive(clap::Args, Debug, Clone)]
pub struct SpcArgs {
    /// SPC: points on one side of the mean that make a shift.
    #[arg(long, value_name = "N", default_value_t = 7)]
    spc_shift: usize,
    /// SPC: points each higher (or each lower) than the last that make a trend.
    #[arg(long, value_name = "N", default_value_t = 7)]
    spc_trend: usize,
    /// SPC: fix the limits on the first N points (of each phase).
    #[arg(long, value_name = "N")]
    spc_baseline: Option<usize>,
    /// SPC: start a new phase with its own limits at this period (repeat, or comma-separate).
    #[arg(long, value_name = "PERIOD", value_delimiter = ',')]
    spc_rebase: Vec<String>,
}

impl Default for SpcArgs {
    fn default() -> Self {
        let d = boardlens_core::stats::spc::Settings::default();
        SpcArgs {
            spc_shift: d.shift,
            spc_trend: d.trend,
            spc_baseline: d.baseline,
            spc_rebase: d.rebase,
        }
    }
}

impl SpcArgs {
    fn settings(&self) -> Option<boardlens_core::stats::spc::Settings> {
        let s = boardlens_core::stats::spc::Settings {
            shift: self.spc_shift,
            trend: self.spc_trend,
            baseline: self.spc_baseline,
            rebase: self.spc_rebase.iter().map(|p| p.trim().to_string()).collect(),
            ..Default::default()
        };
        (s != boardlens_core::stats::spc::Settings::default()).then_some(s)
    }
}

/// The benchmark request of a command: a trust or ICB, its peers in the command line's words
/// (`--peers nearest:10`), weights (`--weights beds=2,region=0`) and how SPC is calculated.
pub fn request(ods: &str, peers: &str, weights: Option<&str>, spc: &SpcArgs) -> anyhow::Result<BenchmarkRequest> {
    Ok(BenchmarkRequest {
        ods_code: ods.to_string(),
        peers: peers.parse()?,
        weights: match weights {
            Some(w) => boardlens_core::peers::parse_weights(w)?,
            None => Default::default(),
        },
        dataset: None,
        period: None,
        spc: spc.settings(),
    })
}
