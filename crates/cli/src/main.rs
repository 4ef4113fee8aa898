//! `boardlens`, the command-line twin of the Boardlens app: the same library calls, for digital
//! leads who script their monthly packs (and for tests, which drive the real binary).
//!
//! Errors go to stderr as one plain sentence (or `{code, message}` JSON with `--json`) and exit
//! non-zero; results go to stdout.

mod commands;
mod table;

use anyhow::Result;
use boardlens_api::{Boardlens, Environment};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Benchmark an NHS trust's digital maturity against its peers, from the national datasets.
#[derive(Parser)]
#[command(name = "boardlens", version, about, long_about = None)]
struct Cli {
    /// Database file (default: the per-user data directory).
    #[arg(long, global = true, env = "BOARDLENS_DB", value_name = "PATH")]
    db: Option<PathBuf>,
    /// Print only what was asked for: no progress, no summaries on stderr.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Machine-readable output: results as JSON on stdout, errors as {code, message} on stderr.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import a dataset file (CSV or XLSX, as published); the layout is detected.
    Import(commands::import::Args),
    /// Download a national dataset from its publisher and import it.
    Download(commands::download::Args),
    /// List the datasets in the database with their provenance.
    Datasets(commands::datasets::Args),
    /// List organisations (open trusts by default).
    Orgs(commands::orgs::Args),
    /// List a trust's peers and why each is in the group.
    Peers(commands::peers::Args),
    /// Benchmark a trust against its peers on every indicator.
    Benchmark(commands::benchmark::Args),
    /// Draw a chart for a board paper or slide (PNG, SVG or PDF), with its alt text and data.
    Chart(commands::chart::Args),
    /// Write the whole board pack: charts, PDF document, slide deck, workbook, manifest.
    Pack(commands::pack::Args),
}

/// What every command gets.
pub struct Env {
    /// The open Boardlens: every operation is a method of it.
    pub boardlens: Boardlens,
    /// `--quiet`.
    pub quiet: bool,
    /// `--json`.
    pub json: bool,
}

fn run(cli: Cli) -> Result<()> {
    if let Command::Import(args) = &cli.command
        && args.list
    {
        return commands::import::list(cli.json);
    }
    if let Command::Download(args) = &cli.command
        && args.list
    {
        return commands::download::list(cli.json);
    }
    let mut env = Env {
        boardlens: Boardlens::open(Environment::resolve(cli.db)?)?,
        quiet: cli.quiet,
        json: cli.json,
    };
    match cli.command {
        Command::Import(args) => commands::import::run(&mut env, args),
        Command::Download(args) => commands::download::run(&mut env, args),
        Command::Datasets(args) => commands::datasets::run(&env, args),
        Command::Orgs(args) => commands::orgs::run(&env, args),
        Command::Peers(args) => commands::peers::run(&mut env, args),
        Command::Benchmark(args) => commands::benchmark::run(&env, args),
        Command::Chart(args) => commands::chart::run(&env, args),
        Command::Pack(args) => commands::pack::run(&env, args),
    }
}

/// The error as `--json` reports it: the same `{code, message, path}` as the app's.
fn error_report(err: &anyhow::Error) -> boardlens_api::ErrorReport {
    if let Some(e) = err.downcast_ref::<boardlens_api::Error>() {
        return e.report();
    }
    if let Some(e) = err.downcast_ref::<boardlens_core::Error>() {
        return boardlens_api::ErrorReport {
            code: e.code().to_string(),
            message: e.to_string(),
            path: e.path().map(|p| p.display().to_string()),
        };
    }
    // Arguments the CLI itself checks (a --dpi out of range): the same code as the layer's.
    boardlens_api::ErrorReport::new("invalid", format!("{err:#}"))
}

/// True for the panic `println!` raises when stdout is closed (`boardlens … | head`).
fn is_closed_stdout(message: &str) -> bool {
    message.contains("failed printing to stdout") && message.contains("Broken pipe")
}

/// An error and its causes, each said once: the library's messages already carry what the
/// operating system or SQLite said, which `{:#}` would print a second time.
fn in_words(err: &anyhow::Error) -> String {
    let mut message = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            message = format!("{message}: {cause}");
        }
    }
    message
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    // A reader that stops early (`| head`) closes stdout: the work is done, so stop quietly, as
    // Unix tools do, instead of a panic and exit 101 (regression: a successful import printed a
    // panic when its summary could not be written).
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if !is_closed_stdout(message) {
            default_hook(info);
        }
    }));
    let outcome = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli))) {
        Ok(outcome) => outcome,
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or_default();
            if is_closed_stdout(message) {
                return ExitCode::SUCCESS;
            }
            std::panic::resume_unwind(payload);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if json {
                eprintln!("{}", serde_json::to_string(&error_report(&err)).unwrap_or_default());
            } else {
                eprintln!("error: {}", in_words(&err));
            }
            ExitCode::FAILURE
        }
    }
}
