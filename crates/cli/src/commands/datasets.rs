//! `boardlens datasets`: every dataset with its provenance.

use crate::Env;
use anyhow::Result;

#[derive(clap::Args)]
pub struct Args {
    /// Ask each catalogue source's publisher whether a newer file is there (network).
    #[arg(long)]
    check_updates: bool,
    /// With --check-updates: send requests through this proxy.
    #[arg(long, value_name = "URL")]
    proxy: Option<String>,
}

pub fn run(env: &Env, args: Args) -> Result<()> {
    if args.check_updates {
        let checks = env.boardlens.check_updates(args.proxy)?;
        if env.json {
            println!("{}", serde_json::to_string_pretty(&checks)?);
        } else {
            for c in checks {
                println!("{:<16} {}", c.key, c.status);
            }
        }
        return Ok(());
    }
    let datasets = env.boardlens.datasets()?;
    if env.json {
        println!("{}", serde_json::to_string_pretty(&datasets)?);
        return Ok(());
    }
    for d in &datasets {
        let p = &d.provenance;
        println!("{} {}", p.key, p.period);
        if p.synthetic {
            println!("  {}", boardlens_core::model::ILLUSTRATIVE_DATASET);
        }
        println!("  {}", p.title);
        println!("  publisher: {}", p.publisher);
        println!("  licence:   {}", p.licence);
        println!("  source:    {}", p.source);
        println!(
            "  rows {}, observations {}, {} {}, sha256 {}…",
            d.rows,
            d.observations,
            if d.bundled { "bundled, loaded" } else { "imported" },
            d.imported_at,
            &d.sha256[..12.min(d.sha256.len())]
        );
        println!();
    }
    if !env.quiet {
        eprintln!("{} datasets", datasets.len());
    }
    Ok(())
}
