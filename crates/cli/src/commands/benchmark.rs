//! `boardlens benchmark ODS [--peers SPEC] [--dataset KEY] [--period P] [--format table|json|csv]`

use crate::{Env, table};
use anyhow::Result;
use boardlens_api::BenchmarkRequest;
use boardlens_core::benchmark::narrative::{format_change, format_value};
use boardlens_core::benchmark::{IndicatorResult, Report};
use boardlens_core::model::OGL_ATTRIBUTION;

#[derive(clap::Args)]
pub struct Args {
    /// The trust's or ICB's ODS code, e.g. RJ1 or QHL.
    ods: String,
    /// Peers: type (default), region, icb, size, survey-group, nearest[:N], list:A,B,C, or a saved name.
    #[arg(long, default_value = "type", value_name = "SPEC")]
    peers: String,
    /// Feature weights for nearest neighbours, e.g. beds=2,region=0.
    #[arg(long, value_name = "NAME=W,...")]
    weights: Option<String>,
    /// Only one dataset (e.g. dma_results, nss_org_results, dspt_trusts) or indicators whose key starts with this (e.g. dma.).
    #[arg(long, value_name = "KEY")]
    dataset: Option<String>,
    /// One period (e.g. 2024) instead of each indicator's latest.
    #[arg(long)]
    period: Option<String>,
    /// Output: an aligned table, the JSON report (the charts' and app's contract), or CSV.
    #[arg(long, default_value = "table", value_parser = ["table", "json", "csv"])]
    format: String,
    #[command(flatten)]
    spc: super::SpcArgs,
}

pub fn run(env: &Env, args: Args) -> Result<()> {
    let request = BenchmarkRequest {
        dataset: args.dataset,
        period: args.period,
        ..super::request(&args.ods, &args.peers, args.weights.as_deref(), &args.spc)?
    };
    let report = env.boardlens.benchmark(&request)?;
    match (env.json, args.format.as_str()) {
        (true, _) | (_, "json") => println!("{}", serde_json::to_string_pretty(&report)?),
        (_, "csv") => print!("{}", csv(&report)?),
        _ => print!("{}", text(&report)),
    }
    Ok(())
}

fn value_cell(i: &IndicatorResult) -> String {
    match (&i.value, &i.categories, &i.missing) {
        (Some(v), _, _) => {
            let mut s = format_value(*v, i.unit);
            if i.derived.is_some() {
                s += "*";
            }
            s
        }
        (None, Some(c), _) => c.status.clone().unwrap_or_else(|| "-".into()),
        (None, None, Some(m)) => format!("missing: {m}"),
        _ => "-".into(),
    }
}

fn text(r: &Report) -> String {
    let mut out = format!(
        "{} ({}) against {} ({}; {} peers)\n",
        r.trust.name,
        r.trust.ods_code,
        r.peer_group.description,
        r.peer_group.method,
        r.peer_group.members.len()
    );
    if r.illustrative {
        out += "ILLUSTRATIVE DATA: some figures below come from a file marked synthetic, not published statistics (marked ~).\n";
    }
    out += "\nKey messages\n";
    for m in &r.messages {
        out += &format!("  - {m}\n");
    }
    use boardlens_core::benchmark::narrative::{NO_GAPS, NO_STRENGTHS};
    for (title, items, none) in [("Strengths", &r.strengths, NO_STRENGTHS), ("Gaps", &r.gaps, NO_GAPS)] {
        out += &format!("\n{title}\n");
        if items.is_empty() {
            out += &format!("  {none}\n");
        }
        for h in items.iter() {
            out += &format!("  - {}\n", h.text);
        }
    }
    let mut group = String::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let header = [
        "INDICATOR",
        "PERIOD",
        "VALUE",
        "RANK",
        "QUARTILE",
        "PEER MEDIAN (Q1–Q3)",
        "CHANGE",
        "VS PEERS (95%)",
    ];
    let flush = |out: &mut String, group: &str, rows: &mut Vec<Vec<String>>| {
        if !rows.is_empty() {
            // A DMA care setting's peers are named when they are not the peer group.
            let basis = r
                .indicators
                .iter()
                .find(|i| i.group == group)
                .map(|i| i.compared_with.as_str())
                .filter(|c| *c != r.peer_group.description);
            match basis {
                Some(c) => *out += &format!("\n{group}, compared with {c}\n"),
                None => *out += &format!("\n{group}\n"),
            }
            for line in table::render(&header, rows).lines() {
                *out += &format!("  {line}\n");
            }
            rows.clear();
        }
    };
    for i in &r.indicators {
        if i.group != group {
            flush(&mut out, &group, &mut rows);
            group = i.group.clone();
        }
        let peers = i.peers.map_or_else(
            || match &i.categories {
                Some(c) => c
                    .peer_distribution
                    .iter()
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                None => "-".into(),
            },
            |p| match (p.q1, p.q3) {
                (Some(q1), Some(q3)) => format!(
                    "{} ({}–{})",
                    format_value(p.median, i.unit),
                    format_value(q1, i.unit),
                    format_value(q3, i.unit)
                ),
                _ => format!("{} (n={})", format_value(p.median, i.unit), p.n),
            },
        );
        let change = i.change.as_ref().map_or("-".to_string(), |c| match c.trust {
            Some(d) if c.comparable => {
                format!(
                    "{}{} since {}",
                    if c.illustrative { "~" } else { "" },
                    format_change(d, i.unit),
                    c.previous_period
                )
            }
            Some(_) => format!("not comparable with {}", c.previous_period),
            None => "-".into(),
        });
        let label = i.label_vs_peers.map_or_else(
            || {
                if i.notes.iter().any(|n| n.contains("not tested")) {
                    "not tested".into()
                } else {
                    "-".into()
                }
            },
            |l| l.words().trim_end_matches(" than").trim_end_matches(" to").to_string(),
        );
        let name = if i.illustrative {
            format!("~{}", i.label)
        } else {
            i.label.clone()
        };
        rows.push(vec![
            name,
            i.period.clone(),
            value_cell(i),
            i.rank.map_or("-".into(), |rk| format!("{rk} of {}", i.n)),
            i.quartile.map_or("-".into(), |q| q.to_string()),
            peers,
            change,
            label,
        ]);
    }
    flush(&mut out, &group, &mut rows);
    if !r.providers.is_empty() {
        out += &format!(
            "\n{}'s providers side by side (DMA pillars of each one's headline care setting)\n",
            r.trust.name
        );
        let mut head: Vec<&str> = vec!["PROVIDER", "SETTING", "PERIOD"];
        head.extend(boardlens_core::dma::PILLARS.iter().map(|(name, _)| *name));
        head.push("MEAN");
        let rows: Vec<Vec<String>> = r
            .providers
            .iter()
            .map(|p| {
                let mut row = vec![
                    format!("{} ({})", p.name, p.ods_code),
                    boardlens_core::dma::setting_words(&p.setting),
                    p.period.clone(),
                ];
                row.extend(
                    p.pillars
                        .iter()
                        .map(|v| v.map_or("-".into(), |v| format_value(v, boardlens_core::model::Unit::Score))),
                );
                row.push(
                    p.overall
                        .map_or("-".into(), |v| format_value(v, boardlens_core::model::Unit::Score)),
                );
                row
            })
            .collect();
        for line in table::render(&head, &rows).lines() {
            out += &format!("  {line}\n");
        }
    }
    out +=
        "\nRank 1 = best (highest first where there is no better or worse). Quartile 1 = the best quarter of peers.\n";
    if r.indicators.iter().any(|i| i.derived.is_some()) {
        out += &format!("* {}.\n", boardlens_core::dma::MEAN_OF_PILLARS);
    }
    for c in &r.caveats {
        out += &format!("{c}\n");
    }
    out += "\nSources\n";
    for s in &r.sources {
        out += &format!("  - {} ({}), {}; {}\n", s.title, s.period, s.publisher, s.licence);
    }
    out += &format!("{OGL_ATTRIBUTION}.\n");
    out
}

/// A text cell, escaped against spreadsheet formula injection (the one rule, in core).
fn safe(text: &str) -> String {
    boardlens_core::format::spreadsheet_safe(text).into_owned()
}

fn csv(r: &Report) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "ods_code",
        "key",
        "label",
        "group",
        "unit",
        "polarity",
        "period",
        "value",
        "missing",
        "category",
        "base",
        "n",
        "rank",
        "percentile",
        "quartile",
        "peer_min",
        "peer_q1",
        "peer_median",
        "peer_q3",
        "peer_max",
        "peer_mean",
        "gap_to_median",
        "gap_to_upper_quartile",
        "previous_period",
        "change",
        "peer_median_change",
        "change_comparable",
        "ci95_lower",
        "ci95_upper",
        "ci998_lower",
        "ci998_upper",
        "label_vs_peers",
        "label_vs_peers_998",
        "verdict_target",
        "illustrative",
        "change_illustrative",
        "caveat",
        "sources",
    ])?;
    // Six decimals, trailing zeros trimmed: enough to check in Excel, no floating-point noise.
    let f = |v: Option<f64>| {
        v.map(|v| {
            let s = format!("{v:.6}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            if s == "-0" { "0".to_string() } else { s.to_string() }
        })
        .unwrap_or_default()
    };
    for i in &r.indicators {
        let p = i.peers;
        let c = i.change.as_ref();
        let sources: Vec<String> = i
            .provenance
            .iter()
            .map(|s| format!("{} ({})", s.title, s.period))
            .collect();
        w.write_record([
            r.trust.ods_code.clone(),
            i.key.clone(),
            safe(&i.label),
            safe(&i.group),
            i.unit.as_str().to_string(),
            i.polarity.as_str().to_string(),
            i.period.clone(),
            f(i.value),
            safe(i.missing.as_deref().unwrap_or("")),
            safe(i.categories.as_ref().and_then(|c| c.status.as_deref()).unwrap_or("")),
            f(i.base),
            i.n.to_string(),
            i.rank.map(|x| x.to_string()).unwrap_or_default(),
            f(i.percentile),
            i.quartile.map(|x| x.to_string()).unwrap_or_default(),
            f(p.map(|p| p.min)),
            f(p.and_then(|p| p.q1)),
            f(p.map(|p| p.median)),
            f(p.and_then(|p| p.q3)),
            f(p.map(|p| p.max)),
            f(p.map(|p| p.mean)),
            f(i.gap_to_median),
            f(i.gap_to_upper_quartile),
            c.map(|c| c.previous_period.clone()).unwrap_or_default(),
            f(c.and_then(|c| c.trust)),
            f(c.and_then(|c| c.peer_median)),
            c.map(|c| c.comparable.to_string()).unwrap_or_default(),
            f(i.ci95.map(|x| x.lower)),
            f(i.ci95.map(|x| x.upper)),
            f(i.ci998.map(|x| x.lower)),
            f(i.ci998.map(|x| x.upper)),
            i.label_vs_peers
                .map(|l| format!("{l:?}").to_lowercase())
                .unwrap_or_default(),
            i.label_vs_peers_998
                .map(|l| format!("{l:?}").to_lowercase())
                .unwrap_or_default(),
            f(i.target),
            i.illustrative.to_string(),
            c.map(|c| c.illustrative.to_string()).unwrap_or_default(),
            safe(i.caveat.as_deref().unwrap_or("")),
            safe(&sources.join("; ")),
        ])?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}
