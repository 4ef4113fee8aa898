//! `boardlens chart KIND ODS [--peers SPEC] --out FILE.{png,svg,pdf} [--size slide|a4|a4-half] [--dpi N]`
//!
//! Writes the chart, and beside it `FILE.alt.txt` (alt text) and `FILE.csv` (the data behind it).

use crate::Env;
use anyhow::{Context, Result, bail};
use boardlens_charts::{Kind, Size};
use std::path::{Path, PathBuf};

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

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!("{stem}{suffix}"))
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
    let ext = args
        .out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let bytes = match ext.as_deref() {
        Some("svg") => chart.svg(size)?.into_bytes(),
        Some("png") => chart.png(size, args.dpi)?,
        Some("pdf") => chart.pdf(size)?,
        _ => bail!("{}: the file name must end in .png, .svg or .pdf", args.out.display()),
    };
    let write =
        |path: &Path, bytes: &[u8]| std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()));
    write(&args.out, &bytes)?;
    let alt = sibling(&args.out, ".alt.txt");
    write(&alt, format!("{}\n", chart.alt_text).as_bytes())?;
    let csv = sibling(&args.out, ".csv");
    write(&csv, chart.csv().as_bytes())?;
    if !env.quiet {
        eprintln!(
            "wrote {} ({}), {} and {}",
            args.out.display(),
            chart.title,
            alt.display(),
            csv.display()
        );
    }
    Ok(())
}
