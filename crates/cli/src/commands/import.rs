//! `boardlens import FILE [--as ADAPTER] [--period P] [--dry-run] [--mapping FILE]`

use crate::Env;
use anyhow::Result;
use boardlens_core::import::{self, ImportOptions, ImportSummary, Mapping, Outcome};
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
    /// The period of a file that does not say it, e.g. 2025 or 2024-25.
    #[arg(long)]
    period: Option<String>,
    /// Read and check everything; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// A TOML mapping for your own files (indicator names, units, polarity, provenance).
    #[arg(long, value_name = "FILE.toml")]
    mapping: Option<PathBuf>,
    /// List the adapters (the layouts Boardlens reads) and exit.
    #[arg(long)]
    pub list: bool,
}

pub fn list(json: bool) -> Result<()> {
    let adapters = import::adapters();
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
    let options = ImportOptions {
        adapter: args.adapter,
        period: args.period,
        dry_run: args.dry_run,
        mapping: args.mapping.as_deref().map(Mapping::load).transpose()?,
        now: boardlens_core::period::now_unix(),
        ..ImportOptions::default()
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
    let mut progress = |p: import::Progress| {
        if let Some(bar) = &bar {
            bar.set_position(p.rows);
        }
        ControlFlow::Continue(())
    };
    let result = import::import_file(&mut env.store, &file, &options, &mut progress);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let summary = result?;
    if env.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else if !env.quiet {
        print!("{}", describe(&summary));
    }
    Ok(())
}

/// The summary as a person reads it.
pub fn describe(s: &ImportSummary) -> String {
    let p = &s.provenance;
    let mut out = String::new();
    let head = match &s.outcome {
        Outcome::Imported => "Imported",
        Outcome::DryRun => "Dry run (nothing written):",
        Outcome::AlreadyImported { .. } => "Already imported:",
    };
    out += &format!(
        "{head} {} as '{}' {} (adapter {}, {})\n",
        s.file, p.key, p.period, s.adapter, s.encoding
    );
    if let Outcome::AlreadyImported { dataset, imported_at } = &s.outcome {
        out += &format!("  the same file (same SHA-256) was imported as {dataset} at {imported_at}; nothing to do\n");
        return out;
    }
    out += &format!("  {}\n  {} · {}\n", p.title, p.publisher, p.licence);
    if p.synthetic {
        out += "  ILLUSTRATIVE: this dataset is synthetic (demo data), not published figures\n";
    }
    let missing: u64 = s.missing_values.values().sum();
    let mut lines = vec![
        ("rows read", s.rows_read.to_string()),
        ("observations written", s.observations_written.to_string()),
    ];
    if missing > 0 {
        let reasons: Vec<String> = s.missing_values.iter().map(|(r, n)| format!("{r}: {n}")).collect();
        lines.push(("  of which missing", format!("{missing} ({})", reasons.join(", "))));
    }
    if s.observations_replaced > 0 {
        lines.push((
            "values replaced",
            format!("{} (from earlier datasets)", s.observations_replaced),
        ));
    }
    if s.organisations_written > 0 {
        lines.push(("organisations written", s.organisations_written.to_string()));
    }
    if s.organisations_matched > 0 || s.observations_written > 0 {
        lines.push(("organisations matched", s.organisations_matched.to_string()));
        let unmatched = s.unknown_codes.len() + s.name_issues.len();
        lines.push(("organisations unmatched", unmatched.to_string()));
    }
    for (label, value) in lines {
        out += &format!("  {label:<24}{value}\n");
    }
    if !s.unknown_codes.is_empty() {
        let codes: Vec<String> = s.unknown_codes.iter().map(|(c, r)| format!("{c} (row {r})")).collect();
        out += &format!(
            "  codes not in the ODS reference data (kept, shown by code): {}\n",
            codes.join(", ")
        );
    }
    if !s.name_issues.is_empty() {
        out += &format!(
            "  names not matched to one organisation ({}; rows not imported):\n",
            s.name_issues.len()
        );
        for n in &s.name_issues {
            let candidates: Vec<String> = n
                .candidates
                .iter()
                .map(|(code, name, sim)| {
                    if name.is_empty() {
                        code.clone()
                    } else {
                        format!("{code} {name} ({sim:.2})")
                    }
                })
                .collect();
            out += &format!(
                "    {}: \"{}\" {} — closest: {}\n",
                n.place,
                n.name,
                n.problem,
                candidates.join("; ")
            );
        }
    }
    if !s.near_matches.is_empty() {
        out += "  names matched by near match (check them):\n";
        for (name, matched, code) in &s.near_matches {
            out += &format!("    \"{name}\" → {code} {matched}\n");
        }
    }
    for note in &s.notes {
        out += &format!("  note: {note}\n");
    }
    out
}
