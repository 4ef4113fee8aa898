//! The import summary in words: the lines the CLI prints and the app's import screen shows,
//! written once.

use super::{ImportSummary, Outcome};

impl ImportSummary {
    /// The summary as a person reads it, one line each; lines after the first are details of
    /// it (the CLI indents them), a further two spaces for the items of a list.
    pub fn describe(&self) -> Vec<String> {
        let s = self;
        let p = &s.provenance;
        let mut out = Vec::new();
        let head = match &s.outcome {
            Outcome::Imported => "Imported",
            Outcome::DryRun => "Dry run (nothing written):",
            Outcome::AlreadyImported { .. } => "Already imported:",
        };
        out.push(format!(
            "{head} {} as '{}' {} (adapter {}, {})",
            s.file, p.key, p.period, s.adapter, s.encoding
        ));
        if let Outcome::AlreadyImported { dataset, imported_at } = &s.outcome {
            out.push(format!(
                "the same file (same SHA-256) was imported as {dataset} at {imported_at}; nothing to do"
            ));
            return out;
        }
        out.push(p.title.clone());
        out.push(format!("{} · {}", p.publisher, p.licence));
        let dates: Vec<String> = [("published", &p.published), ("revised", &p.revised)]
            .into_iter()
            .filter_map(|(w, v)| v.as_ref().map(|v| format!("{w} {v}")))
            .chain(p.status.clone())
            .collect();
        if !dates.is_empty() {
            out.push(dates.join(" · "));
        }
        if p.synthetic {
            out.push(crate::model::ILLUSTRATIVE_DATASET.to_string());
        }
        if let Some(from) = &s.period_from {
            out.push(format!("period {} from {from}", p.period));
        }
        if let Some(t) = &s.table {
            out.extend(table_lines(t));
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
            out.push(format!("{label:<24}{value}"));
        }
        if !s.unknown_codes.is_empty() {
            let codes: Vec<String> = s.unknown_codes.iter().map(|(c, r)| format!("{c} (row {r})")).collect();
            out.push(format!(
                "codes not in the ODS reference data (kept, shown by code): {}",
                codes.join(", ")
            ));
        }
        if !s.left_out.is_empty() {
            let rows: u64 = s.left_out.iter().map(|l| l.rows).sum();
            out.push(format!("rows left out: {rows}"));
            for l in &s.left_out {
                out.push(format!("  {} {}: {}", l.rows, l.reason, l.examples.join(", ")));
            }
        }
        if !s.name_issues.is_empty() {
            out.push(format!(
                "names not matched to one organisation ({}; rows not imported):",
                s.name_issues.len()
            ));
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
                out.push(format!(
                    "  {}: \"{}\" {} — closest: {}",
                    n.place,
                    n.name,
                    n.problem,
                    candidates.join("; ")
                ));
            }
        }
        if !s.near_matches.is_empty() {
            out.push("names matched by near match (check them):".into());
            for (name, matched, code) in &s.near_matches {
                out.push(format!("  \"{name}\" → {code} {matched}"));
            }
        }
        for note in &s.notes {
            out.push(format!("note: {note}"));
        }
        out
    }
}

/// What was found in a published table, in words: where the header is and what each column is
/// read as.
fn table_lines(t: &super::published::TableFound) -> Vec<String> {
    let mut out = Vec::new();
    let rows = match t.header_rows.as_slice() {
        [one] => format!("header row {one}"),
        [first, second] => format!("header rows {first} and {second} (labels joined)"),
        more => format!(
            "header rows {}",
            more.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
        ),
    };
    let sheet = t.sheet.as_ref().map(|s| format!("sheet '{s}', ")).unwrap_or_default();
    let block = match (t.title_block.first(), t.title_block.last()) {
        (Some(first), Some(last)) => {
            let keys: Vec<&str> = t.title_block.iter().map(|e| e.key.as_str()).collect();
            format!("; title block rows {}–{} ({})", first.row, last.row, keys.join(", "))
        }
        _ => String::new(),
    };
    out.push(format!("table: {sheet}{rows}{block}"));
    let columns: Vec<String> = t
        .columns
        .iter()
        .map(|c| match &c.unit {
            Some(unit) => format!("{} {} ({}, {unit})", c.column, c.header, c.role),
            None => format!("{} {} ({})", c.column, c.header, c.role),
        })
        .collect();
    out.push(format!("columns: {}", columns.join("; ")));
    out
}
