//! `boardlens import FILE [--as ADAPTER] [--period P] [--dry-run] [--strict] [--mapping FILE]`

use crate::Env;
use anyhow::Result;
use boardlens_api::{Boardlens, ImportRequest, Progress};
use boardlens_core::import::ImportSummary;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::ops::ControlFlow;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The file: CSV or XLSX as published (header rows, suppressed cells and all).
    #[arg(required_unless_present = "list")]
    file: Option<PathBuf>,
    /// Force an adapter instead of detecting one (see --list).
    #[arg(long = "as", value_name = "ADAPTER")]
    adapter: Option<String>,
    /// The period of a file that does not say it (no period column, no `Period:` line above the
    /// table, no month or year in its name), e.g. 2025, 2024-25 or 2025-03.
    #[arg(long)]
    period: Option<String>,
    /// Read and check everything; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Replace a dataset even when the file has less than half its values (or none): without
    /// it, such a file is refused, so a header-only or cut-short copy cannot empty a dataset.
    #[arg(long)]
    replace: bool,
    /// Stop at the first row that would be left out (a total or note row, an organisation that
    /// is not a trust or ICB, a code not in the ODS reference data) instead of counting it.
    #[arg(long)]
    strict: bool,
    /// Refuse a file larger than this, or a workbook or zip that inflates to more, in megabytes.
    #[arg(long, value_name = "MB", default_value_t = 200)]
    max_mb: u64,
    /// A TOML mapping for your own files (indicator names, units, polarity, provenance).
    #[arg(long, value_name = "FILE.toml")]
    mapping: Option<PathBuf>,
    /// List the adapters (the layouts Boardlens reads) and exit.
    #[arg(long)]
    pub list: bool,
}

pub fn list(json: bool) -> Result<()> {
    let adapters = Boardlens::adapters();
    if json {
        println!("{}", serde_json::to_string_pretty(&adapters)?);
        return Ok(());
    }
    for a in adapters {
        println!(
            "{:<16} {}\n{:<16} looks for: {}\n",
            a.name, a.description, "", a.signature
        );
    }
    Ok(())
}

pub fn run(env: &mut Env, args: Args) -> Result<()> {
    let Some(file) = args.file else {
        return list(env.json);
    };
    let request = ImportRequest {
        path: file.display().to_string(),
        adapter: args.adapter,
        period: args.period,
        mapping: args.mapping.map(|m| m.display().to_string()),
        dry_run: args.dry_run,
        replace: args.replace,
        max_mb: Some(args.max_mb),
        strict: args.strict,
    };
    let bar = (!env.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {pos} rows ({per_sec})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(format!("importing {}", file.display()));
        bar
    });
    let mut progress = |p: Progress| {
        if let Some(bar) = &bar {
            bar.set_position(p.done as u64);
        }
        ControlFlow::Continue(())
    };
    let result = env.boardlens.import(&request, &mut progress);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let summary = result?;
    if env.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else if !env.quiet {
        print_summary(&summary);
    }
    Ok(())
}

/// The summary as the app shows it too (`ImportSummary::describe`): its first line, then
/// the details indented.
pub fn print_summary(summary: &ImportSummary) {
    for (i, line) in summary.description.iter().enumerate() {
        if i == 0 {
            println!("{line}");
        } else {
            println!("  {line}");
        }
    }
}
