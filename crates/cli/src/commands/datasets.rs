//! `boardlens datasets`: every dataset with its provenance.

use crate::Env;
use anyhow::Result;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(env: &Env, _args: Args) -> Result<()> {
    let datasets = env.store.datasets()?;
    if env.json {
        println!("{}", serde_json::to_string_pretty(&datasets)?);
        return Ok(());
    }
    for d in &datasets {
        let p = &d.provenance;
        let flag = if p.synthetic { "  [ILLUSTRATIVE: synthetic]" } else { "" };
        println!("{} {}{flag}", p.key, p.period);
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
