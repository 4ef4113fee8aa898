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
        if p.synthetic {
            out.push(crate::model::ILLUSTRATIVE_DATASET.to_string());
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
