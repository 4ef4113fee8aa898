//! `boardlens download SOURCE_KEY [--url URL] [--allow-http] [--proxy URL]`

use crate::Env;
use anyhow::Result;
use boardlens_api::DownloadRequest;
use boardlens_core::download::{self, DownloadOutcome};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::ops::ControlFlow;

#[derive(clap::Args)]
pub struct Args {
    /// The source to download (see --list).
    #[arg(required_unless_present = "list")]
    key: Option<String>,
    /// Download from this address instead of the catalogue's (publishers move files).
    #[arg(long)]
    url: Option<String>,
    /// Allow a plain http:// address (https is required otherwise, except on this machine).
    #[arg(long)]
    allow_http: bool,
    /// Send requests through this proxy (otherwise HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply).
    #[arg(long, value_name = "URL")]
    proxy: Option<String>,
    /// Largest file accepted, in megabytes.
    #[arg(long, default_value_t = 200, value_name = "MB")]
    max_mb: u64,
    /// The period of a file that does not say it, e.g. 2025-07 (a current snapshot is filed
    /// under the month downloaded otherwise).
    #[arg(long)]
    period: Option<String>,
    /// List the catalogue and exit.
    #[arg(long)]
    pub list: bool,
}

pub fn list(json: bool) -> Result<()> {
    let sources = download::catalogue()?;
    if json {
        println!("{}", serde_json::to_string_pretty(&sources)?);
        return Ok(());
    }
    for s in sources {
        println!(
            "{:<16} {} — {}\n{:<16} {}\n{:<16} page: {}\n",
            s.key, s.title, s.publisher, "", s.url, "", s.landing
        );
    }
    Ok(())
}

pub fn run(env: &mut Env, args: Args) -> Result<()> {
    let Some(key) = args.key else { return list(env.json) };
    let source = download::source(&key)?;
    let request = DownloadRequest {
        key,
        url: args.url,
        proxy: args.proxy,
        allow_http: args.allow_http,
        max_mb: Some(args.max_mb),
        period: args.period,
    };
    let bar = (!env.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {bytes}/{total_bytes} ({bytes_per_sec})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_message(format!("downloading {}", source.title));
        bar
    });
    let mut progress = |p: boardlens_api::Progress| {
        if let Some(bar) = &bar {
            if let Some(t) = p.total {
                bar.set_length(t as u64);
            }
            bar.set_position(p.done as u64);
        }
        ControlFlow::Continue(())
    };
    let result = env.boardlens.download(&request, &mut progress);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let outcome = result?;
    if env.json {
        println!("{}", serde_json::to_string_pretty(&outcome)?);
        return Ok(());
    }
    match outcome {
        DownloadOutcome::Unchanged { url } => {
            println!("Unchanged since the last download: {url}; nothing to do");
        }
        DownloadOutcome::Imported {
            url,
            bytes,
            sha256,
            summary,
        } => {
            println!("Downloaded {url} ({bytes} bytes, sha256 {}…)", &sha256[..12]);
            if !env.quiet {
                super::import::print_summary(&summary);
            }
        }
    }
    Ok(())
}
