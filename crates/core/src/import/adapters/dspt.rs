//! Data Security and Protection Toolkit status snapshots, in the three layouts published:
//! - trusts 2022-23 (and ICBs): `Code`, `Organisation Name`, `Status` ("22/23 Standards Met"),
//!   `Date Of Publication`; the first column is a pandas index;
//! - trusts 2021-22: `ODS Code`, `ODS Org Name`, `postcode`, `Status`; names may carry notes
//!   such as "(Merged with RT3)";
//! - organisations 2020-21: `Code`, `Name`, …, `Latest.Status`, `Successor.Code`.
//!
//! The status is a category; its period comes from the status text (`22/23` → 2022-23).

use super::{Adapter, Context, Plan, find_sheet, national};
use crate::error::Result;
use crate::import::output::{Obs, Output};
use crate::import::table::Workbook;
use crate::model::{IndicatorDef, Polarity, Unit};
use crate::period;
use std::collections::BTreeMap;

pub(crate) struct Dspt;

const CODE: &[&str] = &["Code", "ODS Code"];
const NAME: &[&str] = &["Organisation Name", "ODS Org Name", "Name"];
const STATUS: &[&str] = &["Latest.Status", "Status"];

/// Split `22/23 Standards Met` into (`2022-23`, `Standards Met`).
pub(crate) fn split_status(text: &str) -> (Option<String>, String) {
    let t = text.trim();
    if let Some((first, rest)) = t.split_once(' ')
        && first.contains('/')
        && let Some(p) = period::normalise(first)
    {
        return (Some(p), rest.trim().to_string());
    }
    (None, t.to_string())
}

/// The DSPT status indicator.
pub fn status_indicator() -> IndicatorDef {
    IndicatorDef {
        key: "dspt.status".into(),
        label: "Data Security and Protection Toolkit status".into(),
        group: "Data security".into(),
        unit: Unit::Category,
        polarity: Polarity::NoJudgement,
    }
}

impl Adapter for Dspt {
    fn name(&self) -> &'static str {
        "dspt"
    }
    fn description(&self) -> &'static str {
        "Data Security and Protection Toolkit status snapshot (trusts, ICBs or all organisations)"
    }
    fn signature(&self) -> &'static str {
        "columns Code (or ODS Code), Organisation Name (or ODS Org Name, Name) and Status (or Latest.Status) \
         holding e.g. '22/23 Standards Met'"
    }

    fn detect(&self, wb: &Workbook, cx: &Context<'_>) -> std::result::Result<Plan, String> {
        let (sheet, h) = find_sheet(wb, &[CODE, NAME, STATUS])?;
        let Some(c_status) = h.find(STATUS) else {
            return Err("no Status column".into());
        };
        // The period is the one most statuses carry.
        let mut periods: BTreeMap<String, usize> = BTreeMap::new();
        let mut rows = 0;
        for row in wb.sheets[sheet].preview(usize::MAX).iter().skip(h.index + 1) {
            rows += 1;
            if let (Some(p), _) = split_status(row.get(c_status).map_or("", String::as_str)) {
                *periods.entry(p).or_default() += 1;
            }
        }
        let Some((period, _)) = periods.iter().max_by_key(|(p, n)| (**n, (*p).clone())) else {
            return Err(format!(
                "none of the {rows} statuses starts with a period such as '22/23'"
            ));
        };
        let (key, who) = if h.find(&["ICB23CD"]).is_some() {
            ("dspt_icbs", "integrated care boards")
        } else if h.find(&["Latest.Status"]).is_some() {
            ("dspt_orgs", "trusts, CCGs and other organisations")
        } else {
            ("dspt_trusts", "NHS trusts")
        };
        Ok(Plan {
            sheets: vec![(sheet, h)],
            provenance: national(
                key,
                &format!("Data Security and Protection Toolkit status {period}: {who}"),
                "NHS England (Data Security and Protection Toolkit)",
                Some(period.clone()),
                cx,
            ),
            periods_in_rows: true,
            period_from: None,
            table: None,
        })
    }

    fn read(&self, wb: &Workbook, plan: &Plan, _cx: &Context<'_>, out: &mut Output<'_>) -> Result<()> {
        let (sheet, h) = &plan.sheets[0];
        let (Some(c_code), Some(c_name), Some(c_status)) = (h.find(CODE), h.find(NAME), h.find(STATUS)) else {
            return Ok(());
        };
        let c_successor = h.find(&["Successor.Code"]);
        let indicator = out.indicator(&status_indicator(), "dspt")?;
        out.sheet = wb.sheets[*sheet].name.clone();
        let default_period = out.period().to_string();
        let mut successors = 0;
        // Statuses of another year than the file's: (period → count, first code and row).
        let mut other_years: BTreeMap<String, (usize, String, u64)> = BTreeMap::new();
        wb.sheets[*sheet].for_each_row(h.index + 1, |row| -> Result<()> {
            out.row_read(row.number)?;
            if row.is_blank() {
                return Ok(());
            }
            let code = out.ods_code(&row.get(c_code).text(), row.number, c_code, h.name(c_code))?;
            out.alias(&code, &row.get(c_name).text())?;
            let (period, status) = split_status(&row.get(c_status).text());
            if let Some(p) = period.as_deref().filter(|p| *p != default_period) {
                let entry = other_years
                    .entry(p.to_string())
                    .or_insert((0, code.clone(), row.number));
                entry.0 += 1;
            }
            let obs = if status.is_empty() {
                Obs::missing("empty")
            } else {
                Obs::category(status)
            };
            out.observe(
                indicator,
                &code,
                period.as_deref().unwrap_or(&default_period),
                obs,
                row.number,
            )?;
            if let Some(c) = c_successor {
                let successor = row.get(c).text();
                if !successor.is_empty() && out.set_successor(&code, &successor.to_ascii_uppercase())? {
                    successors += 1;
                }
            }
            Ok(())
        })?;
        for (period, (n, code, row)) in &other_years {
            out.note(format!(
                "{n} {} for {period}, not the file's {default_period} (the first: {code} at row {row}); {} filed under {period}",
                if *n == 1 { "status is" } else { "statuses are" },
                if *n == 1 { "it is" } else { "they are" },
            ));
        }
        if successors > 0 {
            out.note(format!(
                "successor organisations recorded for {successors} merged organisations"
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_carry_their_period() {
        assert_eq!(
            split_status("22/23 Standards Met"),
            (Some("2022-23".into()), "Standards Met".into())
        );
        assert_eq!(
            split_status("21/22 Approaching Standards"),
            (Some("2021-22".into()), "Approaching Standards".into())
        );
        assert_eq!(split_status("Not Published"), (None, "Not Published".into()));
    }
}
