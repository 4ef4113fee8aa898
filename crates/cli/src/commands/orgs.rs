//! `boardlens orgs [--search TEXT] [--type T] [--region R]`

use crate::{Env, table};
use anyhow::Result;
use boardlens_core::model::OrgKind;
use boardlens_core::orgs::OrgFilter;

#[derive(clap::Args)]
pub struct Args {
    /// Text in the name, or an ODS code.
    #[arg(long)]
    search: Option<String>,
    /// Trust type: acute, mental health, community, ambulance, care trust.
    #[arg(long = "type", value_name = "TYPE")]
    trust_type: Option<String>,
    /// NHS England region: code (Y56) or name ("London").
    #[arg(long)]
    region: Option<String>,
    /// Which organisations: trust (default), icb, sub-icb, region.
    #[arg(long, default_value = "trust", value_parser = ["trust", "icb", "sub-icb", "region"])]
    kind: String,
    /// Include closed (merged or dissolved) organisations.
    #[arg(long)]
    all: bool,
}

pub fn run(env: &Env, args: Args) -> Result<()> {
    let filter = OrgFilter {
        search: args.search,
        trust_type: args.trust_type,
        region: args.region,
        kind: OrgKind::parse(&args.kind.replace('-', "_")),
        include_closed: args.all,
    };
    let orgs = env.boardlens.organisations(&filter)?;
    if env.json {
        println!("{}", serde_json::to_string_pretty(&orgs)?);
        return Ok(());
    }
    let dash = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".into());
    let rows: Vec<Vec<String>> = orgs
        .iter()
        .map(|o| {
            let mut name = o.display_name.clone();
            if let Some(closed) = &o.close_date {
                name += &format!(
                    " (closed {closed}{})",
                    o.successor.as_ref().map(|s| format!(", now {s}")).unwrap_or_default()
                );
            }
            vec![
                o.ods_code.clone(),
                name,
                dash(&o.trust_type),
                o.region.clone().or(o.region_code.clone()).unwrap_or_else(|| "-".into()),
                o.icb.clone().or(o.icb_code.clone()).unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    print!("{}", table::render(&["CODE", "NAME", "TYPE", "REGION", "ICB"], &rows));
    if !env.quiet {
        eprintln!("{} organisations", orgs.len());
    }
    Ok(())
}
