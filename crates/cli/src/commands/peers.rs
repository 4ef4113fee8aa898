//! `boardlens peers ODS --by type|region|icb|size|survey-group|nearest[:N]|list:A,B,C [--save NAME]`

use crate::{Env, table};
use anyhow::Result;
use boardlens_core::peers::PeerSpec;

#[derive(clap::Args)]
pub struct Args {
    /// The trust's ODS code, e.g. RJ1.
    ods: String,
    /// How to choose peers: type, region, icb, size, survey-group, nearest[:N], list:A,B,C, or a saved name.
    #[arg(long = "by", default_value = "type", value_name = "SPEC")]
    by: String,
    /// Feature weights for nearest neighbours, e.g. beds=2,region=0 (features: beds, floor_area, respondents, type, region).
    #[arg(long, value_name = "NAME=W,...")]
    weights: Option<String>,
    /// Save the group under this name, to use later as --peers NAME.
    #[arg(long, value_name = "NAME")]
    save: Option<String>,
}

pub fn run(env: &mut Env, args: Args) -> Result<()> {
    let request = super::request(&args.ods, &args.by, args.weights.as_deref(), &super::SpcArgs::default())?;
    let group = env.boardlens.peers(&request)?;
    if let Some(name) = &args.save {
        env.boardlens.save_peer_group(name, &request)?;
        if !env.quiet {
            eprintln!("saved as '{name}': use --peers \"{name}\"");
        }
    }
    if env.json {
        println!("{}", serde_json::to_string_pretty(&group)?);
        return Ok(());
    }
    println!(
        "{} ({}): {} peers — {}",
        group.trust.display_name,
        group.trust.ods_code,
        group.members.len(),
        group.description
    );
    let nearest = matches!(request.peers, PeerSpec::Nearest { .. });
    let feature_names: Vec<String> = group.trust_features.keys().cloned().collect();
    let text = |t: &std::collections::BTreeMap<String, String>, f: &str| t.get(f).cloned().unwrap_or_default();
    let mut header = vec!["CODE", "NAME", "TYPE", "REGION", "WHY"];
    if nearest {
        header.extend(feature_names.iter().map(String::as_str));
        let mut trust_row = vec![
            group.trust.ods_code.clone(),
            format!("{} (the trust)", group.trust.display_name),
            group.trust.trust_type.clone().unwrap_or_default(),
            group.trust.region.clone().unwrap_or_default(),
            "-".into(),
        ];
        trust_row.extend(feature_names.iter().map(|f| text(&group.trust_features_text, f)));
        let mut rows = vec![trust_row];
        rows.extend(group.members.iter().map(|m| {
            let mut r = vec![
                m.org.ods_code.clone(),
                m.org.display_name.clone(),
                m.org.trust_type.clone().unwrap_or_default(),
                m.org.region.clone().unwrap_or_default(),
                m.reason.clone(),
            ];
            r.extend(feature_names.iter().map(|f| text(&m.features_text, f)));
            r
        }));
        print!("{}", table::render(&header, &rows));
    } else {
        let rows: Vec<Vec<String>> = group
            .members
            .iter()
            .map(|m| {
                vec![
                    m.org.ods_code.clone(),
                    m.org.display_name.clone(),
                    m.org.trust_type.clone().unwrap_or_default(),
                    m.org.region.clone().unwrap_or_default(),
                    m.reason.clone(),
                ]
            })
            .collect();
        print!("{}", table::render(&header, &rows));
    }
    for note in &group.notes {
        println!("note: {note}");
    }
    Ok(())
}
