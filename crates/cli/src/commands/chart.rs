//! `boardlens chart KIND ODS [--peers SPEC] --out FILE.{png,svg,pdf} [--size slide|a4|a4-half|a4-full|screen] [--dpi N]`
//!
//! Writes the chart, and beside it `FILE.alt.txt` (alt text) and `FILE.csv` (the data behind it).

use crate::Env;
use anyhow::Result;
use boardlens_api::{ChartFile, ChartOfKind};
use boardlens_charts::Kind;
use clap::builder::PossibleValue;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The chart.
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(kinds()))]
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
    /// slide (16:9), a4 (full text width), a4-half, a4-full, or screen (as the app's card shows it: 600 px wide, text at least 12 px, without the title and subtitle).
    #[arg(long, default_value = "slide", value_parser = ["slide", "a4", "a4-half", "a4-full", "screen"])]
    size: String,
    /// PNG resolution.
    #[arg(long, default_value_t = boardlens_charts::DEFAULT_DPI)]
    dpi: u32,
    /// Replace the file, and its .alt.txt and .csv beside it, if they are already there.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    spc: super::SpcArgs,
}

pub fn run(env: &Env, args: Args) -> Result<()> {
    let request = ChartOfKind {
        benchmark: super::request(&args.ods, &args.peers, None, &args.spc)?,
        kind: args.kind,
        indicator: args.indicator,
    };
    let file = ChartFile {
        path: args.out,
        size: args.size,
        dpi: args.dpi,
        replace: args.force,
    };
    let (chart, files) = env.boardlens.chart_of_kind(&request, &file)?;
    if !env.quiet {
        let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        eprintln!("wrote {} ({})", names.join(", "), chart.title);
    }
    Ok(())
}

/// The chart kinds with what each shows, from the charts' registry (the `KIND` argument's help).
fn kinds() -> Vec<PossibleValue> {
    Kind::ALL
        .iter()
        .map(|(kind, name)| PossibleValue::new(*name).help(kind.help()))
        .collect()
}
