//! Estates Returns Information Collection (ERIC), trust level (`eric_2016-17_trust_level.csv`).
//! A chosen set of columns becomes indicators; `Organisation Type` (ACUTE - SMALL / MEDIUM /
//! LARGE / TEACHING / SPECIALIST / MULTI-SERVICE, …) is kept as a size group.
//!
//! Known defect of the source, repaired here: in a few rows an unquoted comma in the name
//! ("BARKING, HAVERING AND …") split it across two cells and shifted the rest of the row right.
//! Many percentage columns hold impossible values (e.g. 1138.55), so none is imported.

use super::{Adapter, Context, Plan, find_sheet, national, numeric};
use crate::error::Result;
use crate::import::output::Output;
use crate::import::table::Workbook;
use crate::model::{IndicatorDef, Polarity, Unit};
use crate::period;

pub(crate) struct Eric;

/// (column header, key, label, unit, polarity)
const COLUMNS: &[(&str, &str, &str, Unit, Polarity)] = &[
    (
        "Gross internal floor area (m²)",
        "eric.gross_internal_floor_area",
        "Gross internal floor area",
        Unit::SquareMetres,
        Polarity::NoJudgement,
    ),
    (
        "Occupied floor area (m²)",
        "eric.occupied_floor_area",
        "Occupied floor area",
        Unit::SquareMetres,
        Polarity::NoJudgement,
    ),
    (
        "Clinical space (m²)",
        "eric.clinical_space",
        "Clinical space",
        Unit::SquareMetres,
        Polarity::NoJudgement,
    ),
    (
        "Cost to eradicate high risk backlog (£)",
        "eric.backlog_high_risk",
        "Cost to eradicate high-risk backlog maintenance",
        Unit::Pounds,
        Polarity::LowerIsBetter,
    ),
    (
        "Cost to eradicate significant risk backlog (£)",
        "eric.backlog_significant_risk",
        "Cost to eradicate significant-risk backlog maintenance",
        Unit::Pounds,
        Polarity::LowerIsBetter,
    ),
    (
        "Energy costs (all energy supplies) (£)",
        "eric.energy_costs",
        "Energy costs (all supplies)",
        Unit::Pounds,
        Polarity::NoJudgement,
    ),
    (
        "Single bedrooms for patients with en-suite facilities (No.)",
        "eric.single_rooms_ensuite",
        "Single bedrooms with en-suite facilities",
        Unit::Count,
        Polarity::NoJudgement,
    ),
];

const TYPES: &[&str] = &[
    "ACUTE - SMALL",
    "ACUTE - MEDIUM",
    "ACUTE - LARGE",
    "ACUTE - TEACHING",
    "ACUTE - SPECIALIST",
    "ACUTE - MULTI-SERVICE",
    "MENTAL HEALTH AND LEARNING DISABILITY",
    "COMMUNITY",
    "AMBULANCE",
    "CARE TRUST",
];

impl Adapter for Eric {
    fn name(&self) -> &'static str {
        "eric"
    }
    fn description(&self) -> &'static str {
        "ERIC estates returns, trust level: floor area, backlog, energy; Organisation Type as size group"
    }
    fn signature(&self) -> &'static str {
        "columns Organisation Code, Organisation Name, Organisation Type, Gross internal floor area (m²)"
    }

    fn detect(&self, wb: &Workbook, cx: &Context<'_>) -> std::result::Result<Plan, String> {
        let (sheet, h) = find_sheet(
            wb,
            &[
                &["Organisation Code"],
                &["Organisation Name"],
                &["Organisation Type"],
                &["Gross internal floor area (m²)"],
            ],
        )?;
        Ok(Plan {
            sheets: vec![(sheet, h)],
            provenance: national(
                "eric",
                "Estates Returns Information Collection (ERIC), trust level",
                "NHS Digital (now NHS England)",
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
        let (Some(c_code), Some(c_name), Some(c_type)) = (
            h.find(&["Organisation Code"]),
            h.find(&["Organisation Name"]),
            h.find(&["Organisation Type"]),
        ) else {
            return Ok(());
        };
        let mut columns = Vec::new();
        for (header, key, label, unit, polarity) in COLUMNS {
            if let Some(c) = h.find(&[header]) {
                let def = IndicatorDef {
                    key: key.to_string(),
                    label: label.to_string(),
                    group: "Estates (ERIC)".into(),
                    unit: *unit,
                    polarity: *polarity,
                };
                columns.push((c, *unit, out.indicator(&def, "eric")?));
            }
        }
        out.sheet = wb.sheets[*sheet].name.clone();
        let period = out.period().to_string();
        let mut repaired = Vec::new();
        let mut unknown_types = Vec::new();
        wb.sheets[*sheet].for_each_row(h.index + 1, |row| -> Result<()> {
            out.row_read(row.number)?;
            if row.is_blank() {
                return Ok(());
            }
            let code = out.ods_code(&row.get(c_code).text(), row.number, c_code, h.name(c_code))?;
            let is_type = |c: usize| TYPES.contains(&row.get(c).text().as_str());
            // A name split by an unquoted comma shifts the row one cell to the right.
            let shift = if !is_type(c_type) && is_type(c_type + 1) { 1 } else { 0 };
            let name = if shift == 1 {
                repaired.push(format!("{code} (row {})", row.number));
                format!("{},{}", row.get(c_name).text(), row.get(c_name + 1).text())
            } else {
                row.get(c_name).text()
            };
            out.alias(&code, &name)?;
            let org_type = row.get(c_type + shift).text();
            if TYPES.contains(&org_type.as_str()) {
                out.classify(&code, "eric_org_type", &period, &org_type)?;
            } else {
                unknown_types.push(format!("{code}: '{org_type}'"));
            }
            for &(c, unit, id) in &columns {
                let obs = numeric(out, row, c + shift, h, unit)?;
                out.observe(id, &code, &period, obs, row.number)?;
            }
            Ok(())
        })?;
        if !repaired.is_empty() {
            out.note(format!(
                "rows whose name holds an unquoted comma (which shifts the row) repaired: {}",
                repaired.join(", ")
            ));
        }
        if !unknown_types.is_empty() {
            out.note(format!(
                "Organisation Type not recognised, no size group: {}",
                unknown_types.join("; ")
            ));
        }
        Ok(())
    }
}
