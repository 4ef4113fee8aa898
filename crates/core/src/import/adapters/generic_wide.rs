//! A user's own file in wide format: one row per organisation, one column per indicator, all for
//! one period (`--period`, or the mapping's `[dataset] period`). With a mapping that lists
//! indicators, exactly those columns are read; without one, every column that holds numbers.

use super::generic_long::{CODE, user_indicator, user_provenance};
use super::{Adapter, Context, Plan, numeric};
use crate::error::Result;
use crate::import::cell;
use crate::import::header::{self, Header};
use crate::import::output::Output;
use crate::import::table::Workbook;

pub(crate) struct GenericWide;

/// The columns to read as indicators: the mapping's, or those whose first rows hold numbers.
fn indicator_columns(h: &Header, rows: &[Vec<String>], cx: &Context<'_>, code: usize) -> (Vec<usize>, Vec<String>) {
    let mut skipped = Vec::new();
    let mut chosen = Vec::new();
    for c in (0..h.names.len()).filter(|&c| c != code && h.name(c).is_some()) {
        let name = h.name(c).unwrap_or_default();
        if let Some(m) = cx.mapping.filter(|m| !m.indicators.is_empty()) {
            if m.indicator(&name).is_some() {
                chosen.push(c);
            }
            continue;
        }
        let cells: Vec<&str> = rows
            .iter()
            .skip(h.index + 1)
            .filter_map(|r| r.get(c).map(String::as_str))
            .collect();
        let numeric = cells
            .iter()
            .filter(|t| {
                matches!(
                    cell::number(super::super::table::Cell::Text(t)),
                    Ok(cell::Value::Number(_))
                )
            })
            .count();
        let text = cells
            .iter()
            .filter(|t| cell::number(super::super::table::Cell::Text(t)).is_err())
            .count();
        if numeric > 0 && text == 0 {
            chosen.push(c);
        } else {
            skipped.push(name);
        }
    }
    (chosen, skipped)
}

fn code_column(h: &Header, cx: &Context<'_>) -> Option<usize> {
    match cx.mapping.and_then(|m| m.columns.code.as_deref()) {
        Some(name) => h.find(&[name]),
        None => h.find(CODE),
    }
}

impl Adapter for GenericWide {
    fn name(&self) -> &'static str {
        "generic-wide"
    }
    fn description(&self) -> &'static str {
        "Your own file, wide format: an ODS code column and one column per indicator, one period"
    }
    fn signature(&self) -> &'static str {
        "an ODS code column (ods_code, code, org code, …) and numeric indicator columns; the period from --period or a mapping"
    }

    fn detect(&self, wb: &Workbook, cx: &Context<'_>) -> std::result::Result<Plan, String> {
        for (i, sheet) in wb.sheets.iter().enumerate() {
            let rows = sheet.preview(header::HEADER_SEARCH_ROWS + 50);
            for (r, row) in rows.iter().take(header::HEADER_SEARCH_ROWS).enumerate() {
                let h = Header::new(r, row.clone());
                let Some(code) = code_column(&h, cx) else {
                    continue;
                };
                if !indicator_columns(&h, &rows, cx, code).0.is_empty() {
                    return Ok(Plan {
                        sheets: vec![(i, h)],
                        provenance: user_provenance(cx, None),
                        periods_in_rows: false,
                    });
                }
            }
        }
        Err("no header row with an ODS code column and at least one numeric column".into())
    }

    fn read(&self, wb: &Workbook, plan: &Plan, cx: &Context<'_>, out: &mut Output<'_>) -> Result<()> {
        let (sheet, h) = &plan.sheets[0];
        let Some(c_code) = code_column(h, cx) else {
            return Ok(());
        };
        let rows = wb.sheets[*sheet].preview(header::HEADER_SEARCH_ROWS + 50);
        let (chosen, skipped) = indicator_columns(h, &rows, cx, c_code);
        let mut columns = Vec::new();
        for c in chosen {
            let name = h.name(c).unwrap_or_default();
            let def = user_indicator(&name, cx.mapping)
                .map_err(|e| out.cell_error(h.index as u64 + 1, c, Some(name.clone()), e))?;
            columns.push((c, def.unit, out.indicator(&def, &plan.provenance.key)?));
        }
        if !skipped.is_empty() {
            out.note(format!("columns not imported (not numeric): {}", skipped.join(", ")));
        }
        out.sheet = wb.sheets[*sheet].name.clone();
        let period = out.period().to_string();
        wb.sheets[*sheet].for_each_row(h.index + 1, |row| -> Result<()> {
            out.row_read(row.number)?;
            if row.is_blank() {
                return Ok(());
            }
            let code = out.ods_code(&row.get(c_code).text(), row.number, c_code, h.name(c_code))?;
            for &(c, unit, id) in &columns {
                let obs = numeric(out, row, c, h, unit)?;
                out.observe(id, &code, &period, obs, row.number)?;
            }
            Ok(())
        })
    }
}
