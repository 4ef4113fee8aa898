//! ICB master list (`icb_master_2023.csv`): integrated care boards with their region, population
//! and number of GP practices.

use super::{Adapter, Context, Plan, find_sheet, national, numeric};
use crate::error::Result;
use crate::import::output::{OrgRecord, Output};
use crate::import::table::Workbook;
use crate::model::{IndicatorDef, OrgKind, Polarity, Unit};
use crate::period;

pub(crate) struct OdsIcbs;

fn population_column(h: &crate::import::header::Header) -> Option<(usize, String)> {
    // "Population2324" → 2023-24
    h.columns_where(|n| n.starts_with("population"))
        .into_iter()
        .next()
        .map(|c| {
            let digits: String = h.normal(c).chars().filter(char::is_ascii_digit).collect();
            let p = if digits.len() == 4 {
                period::normalise(&format!("{}/{}", &digits[..2], &digits[2..]))
            } else {
                None
            };
            (c, p.unwrap_or_default())
        })
}

impl Adapter for OdsIcbs {
    fn name(&self) -> &'static str {
        "ods-icbs"
    }
    fn description(&self) -> &'static str {
        "ICB master list: integrated care boards with region, population and GP practices"
    }
    fn signature(&self) -> &'static str {
        "columns NHSER23CDH, ICB23CDH, ICB23NM, Population2324, Gppractices"
    }

    fn detect(&self, wb: &Workbook, cx: &Context<'_>) -> std::result::Result<Plan, String> {
        let (sheet, header) = find_sheet(wb, &[&["ICB23CDH"], &["ICB23NM"], &["NHSER23CDH"], &["Gppractices"]])?;
        population_column(&header).ok_or("no Population column")?;
        Ok(Plan {
            sheets: vec![(sheet, header)],
            provenance: national(
                "ods_icbs",
                "Integrated care boards: region, population and GP practices",
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
        let (Some(c_code), Some(c_name), Some(c_region), Some(c_gp)) = (
            h.find(&["ICB23CDH"]),
            h.find(&["ICB23NM"]),
            h.find(&["NHSER23CDH"]),
            h.find(&["Gppractices"]),
        ) else {
            return Ok(());
        };
        let Some((c_pop, pop_period)) = population_column(h) else {
            return Ok(());
        };
        let pop_period = if pop_period.is_empty() {
            out.period().to_string()
        } else {
            pop_period
        };
        let population = out.indicator(
            &IndicatorDef {
                key: "icb.population".into(),
                label: "Population".into(),
                group: "Organisation".into(),
                unit: Unit::Count,
                polarity: Polarity::NoJudgement,
            },
            "ods_icbs",
        )?;
        let practices = out.indicator(
            &IndicatorDef {
                key: "icb.gp_practices".into(),
                label: "GP practices".into(),
                group: "Organisation".into(),
                unit: Unit::Count,
                polarity: Polarity::NoJudgement,
            },
            "ods_icbs",
        )?;
        out.sheet = wb.sheets[*sheet].name.clone();
        let period = out.period().to_string();
        wb.sheets[*sheet].for_each_row(h.index + 1, |row| -> Result<()> {
            out.row_read(row.number)?;
            if row.is_blank() {
                return Ok(());
            }
            let code = out.ods_code(&row.get(c_code).text(), row.number, c_code, h.name(c_code))?;
            out.organisation(&OrgRecord {
                code: code.clone(),
                name: row.get(c_name).text(),
                kind: Some(OrgKind::Icb),
                region_code: Some(row.get(c_region).text()).filter(|s| !s.is_empty()),
                ..OrgRecord::default()
            })?;
            let pop = numeric(out, row, c_pop, h, Unit::Count)?;
            out.observe(population, &code, &pop_period, pop, row.number)?;
            let gp = numeric(out, row, c_gp, h, Unit::Count)?;
            out.observe(practices, &code, &period, gp, row.number)
        })
    }
}
