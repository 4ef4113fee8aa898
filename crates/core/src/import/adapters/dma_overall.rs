//! DMA overall scores by trust (`dma_2025_overall_acute.csv`): ods_code, trust_name, region,
//! peer_group (Acute - Teaching / Large / …), beds, dma_overall_YYYY (1–5, "Acute" care
//! setting), fdp_live. Derived by the project from NHS England's DMA data file (see SOURCES.md).

use super::{Adapter, Context, Plan, find_sheet, national, numeric};
use crate::error::Result;
use crate::import::header::Header;
use crate::import::output::{Obs, Output};
use crate::import::table::Workbook;
use crate::model::{IndicatorDef, Polarity, Unit};

pub(crate) struct DmaOverall;

/// The DMA overall score column and its year: `dma_overall_2025` → 2025.
fn score_column(h: &Header) -> Option<(usize, String)> {
    h.columns_where(|n| {
        n.strip_prefix("dma overall ")
            .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
    })
    .first()
    .map(|&c| (c, h.normal(c)["dma overall ".len()..].to_string()))
}

impl Adapter for DmaOverall {
    fn name(&self) -> &'static str {
        "dma-overall"
    }
    fn description(&self) -> &'static str {
        "DMA overall score by trust (acute), with DMA peer group, beds and FDP status"
    }
    fn signature(&self) -> &'static str {
        "columns ods_code, trust_name, dma_overall_YYYY (peer_group, beds, fdp_live optional)"
    }

    fn detect(&self, wb: &Workbook, cx: &Context<'_>) -> std::result::Result<Plan, String> {
        let (sheet, header) = find_sheet(wb, &[&["ods_code"], &["trust_name"]])?;
        let (_, year) = score_column(&header).ok_or("no dma_overall_YYYY column")?;
        Ok(Plan {
            sheets: vec![(sheet, header)],
            provenance: national(
                "dma_overall",
                &format!("Digital Maturity Assessment {year}: overall score by trust (acute care setting)"),
                "NHS England (Digital Maturity Assessment report 2024 and 2025 results, data file v2, 30 March 2026)",
                Some(year),
                cx,
            ),
            periods_in_rows: true,
            period_from: None,
            table: None,
        })
    }

    fn read(&self, wb: &Workbook, plan: &Plan, _cx: &Context<'_>, out: &mut Output<'_>) -> Result<()> {
        let (sheet, h) = &plan.sheets[0];
        let (Some(c_code), Some(c_name), Some((c_score, year))) =
            (h.find(&["ods_code"]), h.find(&["trust_name"]), score_column(h))
        else {
            return Ok(());
        };
        let (c_group, c_beds, c_fdp) = (h.find(&["peer_group"]), h.find(&["beds"]), h.find(&["fdp_live"]));
        let score = out.indicator(&crate::dma::overall_indicator("acute"), "dma_overall")?;
        let beds = out.indicator(
            &IndicatorDef {
                key: "org.beds".into(),
                label: "Beds".into(),
                group: "Organisation".into(),
                unit: Unit::Count,
                polarity: Polarity::NoJudgement,
            },
            "dma_overall",
        )?;
        let fdp = out.indicator(
            &IndicatorDef {
                key: "fdp.live".into(),
                label: "Live on the Federated Data Platform".into(),
                group: "Digital programmes".into(),
                unit: Unit::Category,
                polarity: Polarity::NoJudgement,
            },
            "dma_overall",
        )?;
        out.sheet = wb.sheets[*sheet].name.clone();
        let mut zero_beds = Vec::new();
        wb.sheets[*sheet].for_each_row(h.index + 1, |row| -> Result<()> {
            out.row_read(row.number)?;
            if row.is_blank() {
                return Ok(());
            }
            let code = out.ods_code(&row.get(c_code).text(), row.number, c_code, h.name(c_code))?;
            out.alias(&code, &row.get(c_name).text())?;
            let value = numeric(out, row, c_score, h, Unit::Score)?;
            out.observe(score, &code, &year, value, row.number)?;
            if let Some(c) = c_group.filter(|&c| !row.get(c).is_blank()) {
                out.classify(&code, "dma_peer_group", &year, &row.get(c).text())?;
            }
            if let Some(c) = c_beds {
                let mut obs = numeric(out, row, c, h, Unit::Count)?;
                if obs.value == Some(0.0) {
                    // A trust with zero beds is a reporting gap, not a fact: keep it as missing.
                    obs = Obs::missing("0 beds reported; treated as not reported");
                    zero_beds.push(code.clone());
                }
                out.observe(beds, &code, &year, obs, row.number)?;
            }
            if let Some(c) = c_fdp {
                let text = row.get(c).text();
                let obs = if text.is_empty() {
                    Obs::missing("empty")
                } else {
                    Obs::category(text)
                };
                out.observe(fdp, &code, &year, obs, row.number)?;
            }
            Ok(())
        })?;
        if !zero_beds.is_empty() {
            out.note(format!(
                "beds given as 0 kept as not reported: {}",
                zero_beds.join(", ")
            ));
        }
        Ok(())
    }
}
