//! `boardlens chart KIND ODS [--peers SPEC] --out FILE.{png,svg,pdf} [--size slide|a4|a4-half] [--dpi N]`
//!
//! Writes the chart, and beside it `FILE.alt.txt` (alt text) and `FILE.csv` (the data behind it).

use crate::Env;
use anyhow::{Result, bail};
use boardlens_charts::{Kind, Size};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The chart: pillar-profile, ranked-bar, strip, spine, funnel, trend, heatmap, dspt-status, spc.
    kind: String,
    /// The trust's ODS code, e.g. RJ1.
    ods: String,
    /// Peers: type (default), region, icb, size, survey-group, nearest[:N], list:A,B,C, or a saved name.
    #[arg(long, default_value = "type", value_name = "SPEC")]
    peers: String,
    /// The indicator of a ranked bar, trend or funnel (default: the DMA overall score; for a funnel, staff burnout), e.g. nss.burned_out.
    #[arg(long, value_name = "KEY")]
    indicator: Option<String>,
    /// Where to write: .png, .svg or .pdf.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// slide (16:9), a4 (full text width), a4-half.
    #[arg(long, default_value = "slide")]
    size: String,
    /// PNG resolution.
    #[arg(long, default_value_t = boardlens_charts::DEFAULT_DPI)]
    dpi: u32,
}

pub fn run(env: &Env, args: Args) -> Result<()> {
    let kind: Kind = args.kind.parse()?;
    let size: Size = args.size.parse()?;
    if !(36..=1200).contains(&args.dpi) {
        bail!("--dpi {} is outside 36–1200", args.dpi);
    }
    let request = super::request(&args.ods, &args.peers, None)?;
    let report = env.store.benchmark(&request)?;
    let chart = boardlens_charts::build(&report, kind, args.indicator.as_deref())?;
    let files = chart.write_files(&args.out, size, args.dpi)?;
    if !env.quiet {
        let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        eprintln!("wrote {} ({})", names.join(", "), chart.title);
    }
    Ok(())
}
