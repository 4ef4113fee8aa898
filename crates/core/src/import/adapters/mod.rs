//! One adapter per published layout. Each recognises its layout by the header signature (or,
//! for the header-less ODS file, by its shape) and maps rows to the store through [`Output`].
//! Adding a dataset means adding a file here and a line in [`ADAPTERS`].

mod dma_overall;
mod dma_results;
mod dspt;
mod eric;
mod generic_long;
mod generic_wide;
mod ods_etr;
mod ods_icbs;
mod ods_trusts;
mod ons_lookup;
mod staff_survey;

use super::cell::{self, Value};
use super::header::{self, Header};
use super::mapping::Mapping;
use super::output::{Obs, Output};
use super::table::{Row, Workbook};
use crate::error::{ImportError, Result};
use crate::model::{Provenance, Unit};
use serde::Serialize;

/// What an adapter needs to know besides the file's content.
pub(crate) struct Context<'a> {
    pub file_name: &'a str,
    pub mapping: Option<&'a Mapping>,
}

/// Headers of the organisation-code column in a user's file (long or wide), most specific
/// first; ICB and commissioner codes last, since in a file of providers they are the parent.
pub(crate) const ORG_CODE_HEADERS: &[&str] = &[
    "ods_code",
    "ods code",
    "org code",
    "organisation code",
    "organization code",
    "provider code",
    "provider org code",
    "provider organisation code",
    "trust code",
    "code",
    "icb code",
    "commissioner code",
    "commissioner org code",
];

/// What an adapter found: which sheets to read (with their header rows), and the dataset.
pub(crate) struct Plan {
    pub sheets: Vec<(usize, Header)>,
    pub provenance: Provenance,
    /// True when rows carry their own periods (so `--period` does not apply).
    pub periods_in_rows: bool,
    /// Where the period came from, in words, when the adapter found it somewhere a person would
    /// want named (a title block, a period column, the file name).
    pub period_from: Option<String>,
    /// What was found in a published table (the generic adapters).
    pub table: Option<super::published::TableFound>,
}

/// A reader for one published layout.
pub(crate) trait Adapter: Sync {
    /// Name used with `--as`.
    fn name(&self) -> &'static str;
    /// What it reads, in a few words.
    fn description(&self) -> &'static str;
    /// What it looks for, to explain a failed detection.
    fn signature(&self) -> &'static str;
    /// A plan if this adapter reads the workbook; otherwise why not.
    fn detect(&self, wb: &Workbook, cx: &Context<'_>) -> std::result::Result<Plan, String>;
    /// Read the rows into the store.
    fn read(&self, wb: &Workbook, plan: &Plan, _cx: &Context<'_>, out: &mut Output<'_>) -> Result<()>;
}

/// Specific layouts first, the generic ones last: auto-detection takes the first that fits.
static ADAPTERS: &[&dyn Adapter] = &[
    &ods_etr::OdsEtr,
    &ods_trusts::OdsTrusts,
    &ods_icbs::OdsIcbs,
    &ons_lookup::OnsLookup,
    &dma_results::DmaResults,
    &dma_overall::DmaOverall,
    &dspt::Dspt,
    &staff_survey::StaffSurvey,
    &eric::Eric,
    &generic_long::GenericLong,
    &generic_wide::GenericWide,
];

/// An adapter as the front ends list it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AdapterInfo {
    /// Name used with `--as`.
    pub name: &'static str,
    /// What it reads.
    pub description: &'static str,
    /// What it looks for.
    pub signature: &'static str,
}

/// Every adapter, in detection order.
pub fn adapters() -> Vec<AdapterInfo> {
    ADAPTERS
        .iter()
        .map(|a| AdapterInfo {
            name: a.name(),
            description: a.description(),
            signature: a.signature(),
        })
        .collect()
}

/// Pick the adapter: the one forced by name, or the first whose signature the file has.
pub(crate) fn choose(wb: &Workbook, cx: &Context<'_>, forced: Option<&str>) -> Result<(&'static dyn Adapter, Plan)> {
    if let Some(name) = forced {
        let adapter = ADAPTERS
            .iter()
            .find(|a| a.name() == name)
            .ok_or_else(|| ImportError::Invalid {
                file: wb.file.clone(),
                message: format!(
                    "there is no adapter '{name}'; the adapters are: {}",
                    ADAPTERS.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ")
                ),
            })?;
        return adapter.detect(wb, cx).map(|plan| (*adapter, plan)).map_err(|found| {
            ImportError::MissingColumns {
                file: wb.file.clone(),
                adapter: adapter.name().to_string(),
                expected: adapter.signature().to_string(),
                found,
            }
            .into()
        });
    }
    for adapter in ADAPTERS {
        if let Ok(plan) = adapter.detect(wb, cx) {
            return Ok((*adapter, plan));
        }
    }
    let top = wb
        .sheets
        .first()
        .map(|s| header::describe_top(&s.preview(header::HEADER_SEARCH_ROWS)))
        .unwrap_or_default();
    Err(ImportError::UnknownLayout {
        file: wb.file.clone(),
        hint: format!(
            "{top}. Boardlens reads the national layouts (see `boardlens import --list`) and generic files \
             with an ODS code column: long (ods_code, indicator, period, value[, base]) or wide \
             (one column per indicator, with --period); force one with --as"
        ),
    }
    .into())
}

/// Find the header in the first sheet that has it: `Ok((sheet index, header))`.
pub(crate) fn find_sheet(wb: &Workbook, required: &[&[&str]]) -> std::result::Result<(usize, Header), String> {
    for (i, sheet) in wb.sheets.iter().enumerate() {
        if let Some(h) = header::find(sheet, required) {
            return Ok((i, h));
        }
    }
    let wanted: Vec<&str> = required.iter().map(|alts| alts[0]).collect();
    let top = wb
        .sheets
        .first()
        .map(|s| header::describe_top(&s.preview(header::HEADER_SEARCH_ROWS)))
        .unwrap_or_default();
    Err(format!(
        "no row in the first {} has the columns {}; {top}",
        header::HEADER_SEARCH_ROWS,
        wanted.join(", ")
    ))
}

/// Provenance with the national defaults: OGL, source = the file name.
pub(crate) fn national(
    key: &str,
    title: &str,
    publisher: &str,
    period: Option<String>,
    cx: &Context<'_>,
) -> Provenance {
    Provenance {
        key: key.to_string(),
        title: title.to_string(),
        publisher: publisher.to_string(),
        period: period.unwrap_or_default(),
        licence: crate::model::OGL_V3.to_string(),
        source: cx.file_name.to_string(),
        synthetic: false,
        published: None,
        revised: None,
        status: None,
    }
}

/// Read a numeric cell of a unit: a number within the unit's range, or a missing value with its
/// reason; anything else is an error naming the cell.
pub(crate) fn numeric(out: &Output<'_>, row: &Row<'_>, column: usize, header: &Header, unit: Unit) -> Result<Obs> {
    match cell::number(row.get(column)) {
        Ok(Value::Number(n)) => match unit.check(n) {
            Ok(()) => Ok(Obs::number(n)),
            Err(why) => Err(out.cell_error(row.number, column, header.name(column), why)),
        },
        Ok(Value::Missing(reason)) => Ok(Obs::missing(reason)),
        Err(why) => Err(out.cell_error(
            row.number,
            column,
            header.name(column),
            format!(
                "{why}; expected a {} value or a missing marker such as NA",
                unit_words(unit)
            ),
        )),
    }
}

fn unit_words(unit: Unit) -> &'static str {
    match unit {
        Unit::Score => "score (1–5)",
        Unit::Percent => "percentage (0–100)",
        Unit::Count => "count",
        Unit::Pounds => "cost in pounds",
        Unit::SquareMetres => "floor area in m²",
        Unit::Category => "category",
        Unit::Number => "numeric",
    }
}

/// A key fragment from free text: `Safe Practice` → `safe_practice`.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    for ch in text.trim().chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_stable_keys() {
        assert_eq!(slug("Safe Practice"), "safe_practice");
        assert_eq!(slug("  EPR coverage (%) "), "epr_coverage");
        assert_eq!(slug("Mental Health"), "mental_health");
    }

    #[test]
    fn adapter_names_are_unique() {
        let mut names: Vec<_> = adapters().into_iter().map(|a| a.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ADAPTERS.len());
    }
}
