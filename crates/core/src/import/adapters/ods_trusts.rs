//! NHS England's trusts master list (`trusts_master_2023.csv`): each trust's provider type
//! (ACUTE, MENTAL HEALTH, COMMUNITY, AMBULANCE, CARE TRUST), with region and ICB by name.
//! Trusts missing from the ODS file are added from it.

use super::{Adapter, Context, Plan, find_sheet, national};
use crate::error::Result;
use crate::import::output::{OrgRecord, Output};
use crate::import::table::Workbook;
use crate::model::OrgKind;
use crate::period;

pub(crate) struct OdsTrusts;

const REQUIRED: &[&[&str]] = &[&["Provider Code"], &["Provider name"], &["Provider type"]];

/// The trust types as Boardlens names them.
pub(crate) fn trust_type(published: &str) -> String {
    match published.trim().to_ascii_uppercase().as_str() {
        "ACUTE" => "Acute".into(),
        "MENTAL HEALTH" => "Mental health".into(),
        "COMMUNITY" => "Community".into(),
        "AMBULANCE" => "Ambulance".into(),
        "CARE TRUST" => "Care trust".into(),
        other => {
            let lower = other.to_lowercase();
            let mut chars = lower.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

impl Adapter for OdsTrusts {
    fn name(&self) -> &'static str {
        "ods-trusts"
    }
    fn description(&self) -> &'static str {
        "Trusts master list: provider type (acute, mental health, community, ambulance)"
    }
    fn signature(&self) -> &'static str {
        "columns Provider Code, Provider name, Provider type (Region, ICB optional)"
    }

    fn detect(&self, wb: &Workbook, cx: &Context<'_>) -> std::result::Result<Plan, String> {
        let (sheet, header) = find_sheet(wb, REQUIRED)?;
        Ok(Plan {
            sheets: vec![(sheet, header)],
            provenance: national(
                "ods_trust_types",
                "NHS trusts with provider type (trusts master list)",
                "NHS England",
                period::from_file_name(cx.file_name),
                cx,
            ),
            periods_in_rows: false,
            period_from: None,
            table: None,
        })
    }

    fn read(&self, wb: &Workbook, plan: &Plan, _cx: &Context<'_>, out: &mut Output<'_>) -> Result<()> {
        let (sheet, h) = &plan.sheets[0];
        let col = |names: &[&str]| h.find(names);
        let (c_code, c_name, c_type) = (
            col(&["Provider Code"]),
            col(&["Provider name"]),
            col(&["Provider type"]),
        );
        let (Some(c_code), Some(c_name), Some(c_type)) = (c_code, c_name, c_type) else {
            return Ok(());
        };
        let (c_region, c_icb) = (col(&["Region"]), col(&["ICB"]));
        out.sheet = wb.sheets[*sheet].name.clone();
        let mut added = Vec::new();
        wb.sheets[*sheet].for_each_row(h.index + 1, |row| -> Result<()> {
            out.row_read(row.number)?;
            if row.is_blank() {
                return Ok(());
            }
            let code = out.ods_code(&row.get(c_code).text(), row.number, c_code, h.name(c_code))?;
            let name = row.get(c_name).text();
            let kind = trust_type(&row.get(c_type).text());
            if out.set_trust_type(&code, &kind)? {
                out.saw_org(&code, row.number);
                out.alias(&code, &name)?;
            } else {
                let lookup = |c: Option<usize>, k: OrgKind| -> Result<Option<String>> {
                    match c.map(|c| row.get(c).text()).filter(|t| !t.is_empty()) {
                        Some(t) => out.code_by_name(k, &t),
                        None => Ok(None),
                    }
                };
                let org = OrgRecord {
                    region_code: lookup(c_region, OrgKind::Region)?,
                    icb_code: lookup(c_icb, OrgKind::Icb)?,
                    code: code.clone(),
                    name,
                    kind: Some(OrgKind::Trust),
                    trust_type: Some(kind),
                    ..OrgRecord::default()
                };
                out.organisation(&org)?;
                added.push(code);
            }
            Ok(())
        })?;
        if !added.is_empty() {
            out.note(format!(
                "trusts not in the ODS trust file, added from this list: {}",
                added.join(", ")
            ));
        }
        Ok(())
    }
}
