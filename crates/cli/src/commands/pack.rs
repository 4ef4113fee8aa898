//! `boardlens pack ODS [--peers SPEC] --out DIR [--force] [--cover FILE.toml]`: the whole board pack.

use crate::Env;
use anyhow::Result;
use boardlens_charts::pack::{self, PackOptions};
use boardlens_core::cover::CoverSheet;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The trust's ODS code, e.g. RJ1.
    ods: String,
    /// Peers: type (default), region, icb, size, survey-group, nearest[:N], list:A,B,C, or a saved name.
    #[arg(long, default_value = "type", value_name = "SPEC")]
    peers: String,
    /// The folder to write (created; must be empty unless --force).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Replace what is in the folder (only once the new pack is complete).
    #[arg(long)]
    force: bool,
    /// PNG resolution of the slide-size charts.
    #[arg(long, default_value_t = boardlens_charts::DEFAULT_DPI)]
    dpi: u32,
    /// The board paper's cover sheet: a TOML file with title, meeting, purpose
    /// (information|assurance|discussion|decision), strategic_objective, baf_risk, committees,
    /// presented_by, recommendation.
    #[arg(long, value_name = "FILE.toml")]
    cover: Option<PathBuf>,
}

pub fn run(env: &Env, args: Args) -> Result<()> {
    // The cover is checked first: a typo in it should not cost a benchmark run.
    let cover = match &args.cover {
        Some(path) => CoverSheet::load(path)?,
        None => CoverSheet::default(),
    };
    let request = super::request(&args.ods, &args.peers, None)?;
    let report = env.store.benchmark(&request)?;
    let options = PackOptions {
        date: boardlens_core::period::long_date(boardlens_core::period::now_unix()),
        dpi: args.dpi.clamp(36, 600),
        force: args.force,
        cover,
    };
    let summary = pack::write(&report, &args.out, &options)?;
    if env.json {
        let files: Vec<_> = summary
            .files
            .iter()
            .map(|(p, w)| serde_json::json!({"path": p, "what": w}))
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"dir": summary.dir, "charts": summary.charts, "files": files})
            )?
        );
    } else if !env.quiet {
        println!(
            "Board pack for {} written to {}: {} charts, {} files",
            report.trust.name,
            summary.dir.display(),
            summary.charts,
            summary.files.len()
        );
        for (path, what) in summary
            .files
            .iter()
            .filter(|(p, _)| !p.starts_with("charts/") && !p.starts_with("data/"))
        {
            println!("  {path:<22} {what}");
        }
        println!(
            "  {:<22} every chart as PNG and SVG, and the data behind each as CSV",
            "charts/, data/"
        );
    }
    Ok(())
}
