//! ONS lookup of sub-ICB locations → ICBs → NHS England regions (codes and names), e.g.
//! `sicbl_icb_nhser_apr2023_lookup.csv`. The year in the column names (`SICBL23CDH`) may change.

use super::{Adapter, Context, Plan, national};
use crate::error::Result;
use crate::import::header::Header;
use crate::import::output::{OrgRecord, Output};
use crate::import::table::Workbook;
use crate::model::OrgKind;
use std::collections::HashSet;

pub(crate) struct OnsLookup;

/// Column whose normalised header is `{prefix}NN{suffix}` (NN: two digits of a year).
fn year_column(h: &Header, prefix: &str, suffix: &str) -> Option<(usize, String)> {
    h.columns_where(|n| {
        n.len() == prefix.len() + 2 + suffix.len()
            && n.starts_with(prefix)
            && n.ends_with(suffix)
            && n[prefix.len()..prefix.len() + 2].bytes().all(|b| b.is_ascii_digit())
    })
    .first()
    .map(|&c| (c, h.normal(c)[prefix.len()..prefix.len() + 2].to_string()))
}

struct Columns {
    sub: usize,
    sub_name: usize,
    icb: usize,
    icb_name: usize,
    region: usize,
    region_name: usize,
    year: String,
}

fn columns(h: &Header) -> Option<Columns> {
    let (sub, year) = year_column(h, "sicbl", "cdh")?;
    Some(Columns {
        sub,
        sub_name: year_column(h, "sicbl", "nm")?.0,
        icb: year_column(h, "icb", "cdh")?.0,
        icb_name: year_column(h, "icb", "nm")?.0,
        region: year_column(h, "nhser", "cdh")?.0,
        region_name: year_column(h, "nhser", "nm")?.0,
        year,
    })
}

impl Adapter for OnsLookup {
    fn name(&self) -> &'static str {
        "ons-icb-lookup"
    }
    fn description(&self) -> &'static str {
        "ONS lookup: sub-ICB locations, ICBs and NHS England regions with names"
    }
    fn signature(&self) -> &'static str {
        "columns SICBLyyCDH, SICBLyyNM, ICByyCDH, ICByyNM, NHSERyyCDH, NHSERyyNM"
    }

    fn detect(&self, wb: &Workbook, cx: &Context<'_>) -> std::result::Result<Plan, String> {
        for (i, sheet) in wb.sheets.iter().enumerate() {
            for (r, row) in sheet
                .preview(crate::import::header::HEADER_SEARCH_ROWS)
                .into_iter()
                .enumerate()
            {
                let h = Header::new(r, row);
                if let Some(c) = columns(&h) {
                    let period = Some(format!("20{}", c.year));
                    return Ok(Plan {
                        sheets: vec![(i, h)],
                        provenance: national(
                            "ons_icb_lookup",
                            "Sub-ICB locations to ICBs to NHS England regions (lookup)",
                            "Office for National Statistics",
                            period,
                            cx,
                        ),
                        periods_in_rows: false,
                        period_from: None,
                        table: None,
                    });
                }
            }
        }
        Err("no row in the first rows has the columns SICBLyyCDH, SICBLyyNM, ICByyCDH, ICByyNM, NHSERyyCDH, NHSERyyNM (yy: two digits of a year)".into())
    }

    fn read(&self, wb: &Workbook, plan: &Plan, _cx: &Context<'_>, out: &mut Output<'_>) -> Result<()> {
        let (sheet, h) = &plan.sheets[0];
        let Some(c) = columns(h) else { return Ok(()) };
        out.sheet = wb.sheets[*sheet].name.clone();
        let mut done: HashSet<String> = HashSet::new();
        wb.sheets[*sheet].for_each_row(h.index + 1, |row| -> Result<()> {
            out.row_read(row.number)?;
            if row.is_blank() {
                return Ok(());
            }
            let region = out.ods_code(&row.get(c.region).text(), row.number, c.region, h.name(c.region))?;
            let icb = out.ods_code(&row.get(c.icb).text(), row.number, c.icb, h.name(c.icb))?;
            let sub = out.ods_code(&row.get(c.sub).text(), row.number, c.sub, h.name(c.sub))?;
            if done.insert(region.clone()) {
                out.organisation(&OrgRecord {
                    code: region.clone(),
                    name: row.get(c.region_name).text(),
                    kind: Some(OrgKind::Region),
                    ..OrgRecord::default()
                })?;
            }
            if done.insert(icb.clone()) {
                out.organisation(&OrgRecord {
                    code: icb.clone(),
                    name: row.get(c.icb_name).text(),
                    kind: Some(OrgKind::Icb),
                    region_code: Some(region.clone()),
                    ..OrgRecord::default()
                })?;
            }
            out.organisation(&OrgRecord {
                code: sub,
                name: row.get(c.sub_name).text(),
                kind: Some(OrgKind::SubIcb),
                icb_code: Some(icb),
                region_code: Some(region),
                ..OrgRecord::default()
            })
        })
    }
}
