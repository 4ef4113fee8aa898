//! `boardlens pack ODS [--peers SPEC] --out DIR [--force] [--cover FILE.toml] [--appendix KIND] [--leave-out SECTIONS]`:
//! the whole board pack.

use crate::Env;
use anyhow::Result;
use boardlens_api::PackRequest;
use boardlens_core::cover::CoverSheet;
use std::ops::ControlFlow;
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
    /// Replace an earlier board pack in the folder (only once the new pack is complete; a folder
    /// with anything else in it is never replaced).
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
    /// What the paper's appendix holds: numbers (the numbers table), charts (the numbers and a
    /// ranked bar chart per measure, also as files and slides) or none (methods and sources only).
    #[arg(long, default_value = "numbers", value_parser = ["numbers", "charts", "none"])]
    appendix: String,
    /// Sections of the board paper to leave out, with their charts: dma, strengths, dspt,
    /// survey, providers (comma-separated). The cover, key messages, summary, methods and
    /// sources are always in.
    #[arg(long, value_name = "SECTIONS", value_delimiter = ',')]
    leave_out: Vec<String>,
    /// The charts to draw as files and slides, by id (comma-separated, e.g.
    /// pillar-profile,spine; `boardlens chart --help` lists the kinds): default, every chart of
    /// the sections in.
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    charts: Vec<String>,
    #[command(flatten)]
    spc: super::SpcArgs,
}

pub fn run(env: &Env, args: Args) -> Result<()> {
    let request = PackRequest {
        benchmark: super::request(&args.ods, &args.peers, None, &args.spc)?,
        cover: match &args.cover {
            Some(path) => CoverSheet::load(path)?,
            None => CoverSheet::default(),
        },
        dir: args.out,
        force: args.force,
        dpi: args.dpi,
        appendix: args.appendix.parse()?,
        sections: boardlens_charts::pack::Sections::leaving_out(&args.leave_out)?,
        charts: (!args.charts.is_empty()).then_some(args.charts),
    };
    let result = env.boardlens.pack(&request, &|_| ControlFlow::Continue(()))?;
    if env.json {
        println!("{}", serde_json::to_string_pretty(&result)?);
    } else if !env.quiet {
        println!(
            "Board pack for {} written to {}: {} charts, {} files",
            result.subject,
            result.dir,
            result.charts,
            result.files.len()
        );
        for f in result
            .files
            .iter()
            .filter(|f| !f.path.starts_with("charts/") && !f.path.starts_with("data/"))
        {
            println!("  {:<22} {}", f.path, f.what);
        }
        println!(
            "  {:<22} every chart as PNG and SVG, and the data behind each as CSV",
            "charts/, data/"
        );
    }
    Ok(())
}
