//! NHS England's DMA results data file as published (v2, 30 March 2026): every sheet, each
//! into indicators of its own. In each data sheet a title block, "England" on row 9, a group
//! header on row 10, the header on row 11 with the table from column B, then notes and a
//! copyright line under the last row (rows with text but no scores).
//!
//! | sheet (as published) | header | indicators |
//! |---|---|---|
//! | `SC - 2025 Pillar Summary` | Provider, Care Setting, the seven pillars | `dma.<setting>.<pillar>` |
//! | `SC - 24 vs 25 Overall DMA` | Provider, Care Setting, `2025 Average`, `2024 Average` | `dma.<setting>.overall_comparable_2024_2025` |
//! | `ICB - 2025 Pillar Summary` | ICS, the seven pillars | `dma.icb.<pillar>` |
//! | `ICB -24 vs 25 Overall DMA ` | ICS, `2025 Average`, `2024 Average` | `dma.icb.overall_comparable_2024_2025` |
//! | `2025 Pillar Summary (ICB PC)` | ICS, the five primary-care pillars | `dma.primary_care.<pillar>` |
//!
//! Providers come by NAME and are matched to ODS codes (see `names`); ICBs by their ODS name.
//! Scores of different care settings answer different questions, so each care setting has its
//! own indicators. A pillar sheet's year is in its name; a comparable sheet's years are in its
//! column headers. The dataset's period is the latest pillar year (the DMA round), so next
//! year's file adds a period and keeps this one.
//!
//! A workbook whose title rows say "synthetic" is flagged synthetic (a user's own test file).

use super::{Adapter, Context, Plan, national, numeric, slug};
use crate::dma;
use crate::error::{ImportError, Result};
use crate::import::header::{self, Header};
use crate::import::output::Output;
use crate::import::table::{Row, Sheet, Workbook};
use crate::model::{IndicatorDef, OrgKind, Unit};

pub(crate) struct DmaResults;

/// Provider names that are summaries, not providers.
const SUMMARY_ROWS: &[&str] = &[
    "england",
    "national",
    "all providers",
    "all",
    "total",
    "national average",
];

/// What one sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SheetKind {
    /// Secondary-care providers × care setting: the seven pillars.
    ProviderPillars,
    /// Secondary-care providers × care setting: the comparable overall of two years.
    ProviderComparable,
    /// ICBs: the seven pillars.
    IcbPillars,
    /// ICBs: the comparable overall of two years.
    IcbComparable,
    /// ICBs' primary-care assessment: the five primary-care pillars.
    IcbPrimaryCare,
}

/// The year in a sheet name such as `SC - 2025 Pillar Summary`.
fn sheet_year(name: &str) -> Option<String> {
    name.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 4 && (w.starts_with("19") || w.starts_with("20")))
        .map(str::to_string)
}

/// The columns `YYYY Average` and their years, earliest year first.
fn average_columns(h: &Header) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = h
        .columns_where(|n| {
            n.strip_suffix(" average")
                .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        })
        .into_iter()
        .map(|c| (c, h.normal(c)[..4].to_string()))
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

fn pillar_columns(
    h: &Header,
    set: &'static [(&'static str, &'static str)],
) -> Vec<(usize, &'static str, &'static str)> {
    set.iter()
        .filter_map(|(name, key)| h.find(&[name]).map(|c| (c, *name, *key)))
        .collect()
}

/// What a sheet is, from its header (and, for primary care, its pillar names).
fn classify(h: &Header) -> Option<SheetKind> {
    let provider = h.find(&["Provider"]).is_some() && h.find(&["Care Setting"]).is_some();
    let icb = !provider && h.find(&["ICS", "ICB"]).is_some();
    let seven = pillar_columns(h, &dma::PILLARS).len() >= 4;
    let averages = average_columns(h).len() == 2;
    // The primary-care sheet's own names (Ensuring Smart Foundations, Support People).
    let primary_care = h.find(&["Ensuring Smart Foundations"]).is_some() || h.find(&["Support People"]).is_some();
    match (provider, icb) {
        (true, _) if seven => Some(SheetKind::ProviderPillars),
        (true, _) if averages => Some(SheetKind::ProviderComparable),
        (_, true) if primary_care => Some(SheetKind::IcbPrimaryCare),
        (_, true) if seven => Some(SheetKind::IcbPillars),
        (_, true) if averages => Some(SheetKind::IcbComparable),
        _ => None,
    }
}

/// The care setting's key fragment and label: `Mental Health` → `mental_health`.
pub fn care_setting(text: &str) -> String {
    slug(text)
}

/// True when every cell from `first` on is blank: a note, source or copyright line.
fn no_scores(row: &Row<'_>, columns: &[usize]) -> bool {
    columns.iter().all(|&c| row.get(c).is_blank())
}

impl Adapter for DmaResults {
    fn name(&self) -> &'static str {
        "dma-results"
    }
    fn description(&self) -> &'static str {
        "NHS England DMA results data file: pillar scores by provider and care setting, ICB and ICB primary care, \
         and the comparable overall of two years"
    }
    fn signature(&self) -> &'static str {
        "sheets with a header row of Provider, Care Setting and the pillars (Well Led, Ensure Smart Foundations, \
         Safe Practice, Support Workforce, Empower People, Improve Care, Healthy Populations) or 'YYYY Average' \
         columns; or ICS with the pillars or 'YYYY Average' columns (header on any of the first rows)"
    }

    fn detect(&self, wb: &Workbook, cx: &Context<'_>) -> std::result::Result<Plan, String> {
        let mut sheets = Vec::new();
        let mut years = Vec::new();
        let mut pillar_sheets = 0;
        let mut synthetic = false;
        for (i, sheet) in wb.sheets.iter().enumerate() {
            let rows = sheet.preview(header::HEADER_SEARCH_ROWS);
            let Some(h) = rows
                .iter()
                .enumerate()
                .map(|(index, row)| Header::new(index, row.clone()))
                .find(|h| classify(h).is_some())
            else {
                continue;
            };
            synthetic |= rows[..h.index]
                .iter()
                .flatten()
                .any(|c| c.to_lowercase().contains("synthetic"));
            if classify(&h) != Some(SheetKind::ProviderComparable) && classify(&h) != Some(SheetKind::IcbComparable) {
                pillar_sheets += 1;
                if let Some(y) = sheet.name.as_deref().and_then(sheet_year) {
                    years.push(y);
                }
            }
            sheets.push((i, h));
        }
        if !sheets
            .iter()
            .any(|(_, h)| classify(h) == Some(SheetKind::ProviderPillars))
        {
            return Err(
                "no sheet has a header row with Provider, Care Setting and at least four of the seven pillars".into(),
            );
        }
        // When a pillar sheet's name has no year, the person says it with --period.
        let periods_in_rows = years.len() == pillar_sheets;
        years.sort();
        let round = years.last().cloned().filter(|_| periods_in_rows);
        let mut provenance = national(
            "dma_results",
            &format!(
                "Digital Maturity Assessment {}: results data file (pillars by care setting, ICBs, comparable overall)",
                round.as_deref().unwrap_or("")
            ),
            "NHS England (Digital Maturity Assessment results data file)",
            round,
            cx,
        );
        if synthetic {
            provenance.title = "Digital Maturity Assessment pillar scores: ILLUSTRATIVE synthetic data".into();
            provenance.publisher = "not NHS England data (the file says it is synthetic)".into();
            provenance.licence = "Synthetic data; no licence given".into();
            provenance.synthetic = true;
        }
        Ok(Plan {
            sheets,
            provenance,
            periods_in_rows,
            period_from: None,
            table: None,
        })
    }

    fn read(&self, wb: &Workbook, plan: &Plan, _cx: &Context<'_>, out: &mut Output<'_>) -> Result<()> {
        let mut tally = Tally::default();
        for (index, h) in &plan.sheets {
            let sheet = &wb.sheets[*index];
            out.sheet = sheet.name.clone();
            match classify(h) {
                Some(kind @ (SheetKind::ProviderPillars | SheetKind::IcbPillars | SheetKind::IcbPrimaryCare)) => {
                    read_pillars(wb, sheet, h, kind, out, &mut tally)?
                }
                Some(kind @ (SheetKind::ProviderComparable | SheetKind::IcbComparable)) => {
                    read_comparable(wb, sheet, h, kind, out, &mut tally)?
                }
                None => {}
            }
        }
        if tally.summary_rows > 0 {
            out.note(format!(
                "{} national or regional summary rows (such as England) skipped",
                tally.summary_rows
            ));
        }
        if tally.note_rows > 0 {
            out.note(format!(
                "{} note, source and copyright rows under the tables read as notes, not data",
                tally.note_rows
            ));
        }
        if !tally.blank_names.is_empty() {
            out.note(format!(
                "rows with scores but no provider or ICB name, not imported: {}",
                tally.blank_names.join("; ")
            ));
        }
        if tally.comparable_sheets > 0 {
            out.note(format!("the comparable overall score is {}", dma::COMPARABLE_NOTE));
        }
        Ok(())
    }
}

#[derive(Default)]
struct Tally {
    summary_rows: u64,
    note_rows: u64,
    comparable_sheets: u64,
    blank_names: Vec<String>,
}

/// The organisation a row is about: a provider by name, or an ICB by its ODS name; `None` for
/// summary rows and unmatched names (listed in the summary).
fn row_org(
    wb: &Workbook,
    sheet: &Sheet,
    h: &Header,
    row: &Row<'_>,
    icb: bool,
    out: &mut Output<'_>,
    tally: &mut Tally,
) -> Result<Option<String>> {
    let place = wb.place(sheet);
    let column = if icb {
        h.find(&["ICS", "ICB"])
    } else {
        h.find(&["Provider"])
    };
    let Some(column) = column else { return Ok(None) };
    let name = row.get(column).text();
    if name.is_empty() {
        tally.blank_names.push(format!("{place} row {}", row.number));
        return Ok(None);
    }
    let normal = crate::names::normalise(&name);
    if SUMMARY_ROWS.contains(&normal.as_str()) || out.code_by_name(OrgKind::Region, &name)?.is_some() {
        tally.summary_rows += 1;
        return Ok(None);
    }
    if icb && let Some(code) = out.code_by_name(OrgKind::Icb, &name)? {
        out.saw_org(&code, row.number);
        return Ok(Some(code));
    }
    out.match_name(&name, format!("{place}, row {}", row.number))
}

/// The care setting of a provider row (`acute`), or the ICB sheet's own.
fn row_setting(h: &Header, row: &Row<'_>, kind: SheetKind, out: &Output<'_>) -> Result<String> {
    match kind {
        SheetKind::IcbPillars | SheetKind::IcbComparable => Ok(dma::ICB.to_string()),
        SheetKind::IcbPrimaryCare => Ok(dma::PRIMARY_CARE.to_string()),
        SheetKind::ProviderPillars | SheetKind::ProviderComparable => {
            let Some(c) = h.find(&["Care Setting"]) else {
                return Ok(String::new());
            };
            let text = row.get(c).text();
            if text.is_empty() {
                return Err(out.cell_error(
                    row.number,
                    c,
                    h.name(c),
                    "the care setting is empty; expected e.g. Acute, Mental Health, Community, Ambulance",
                ));
            }
            Ok(care_setting(&text))
        }
    }
}

fn read_pillars(
    wb: &Workbook,
    sheet: &Sheet,
    h: &Header,
    kind: SheetKind,
    out: &mut Output<'_>,
    tally: &mut Tally,
) -> Result<()> {
    let period = match sheet.name.as_deref().and_then(sheet_year) {
        Some(y) => y,
        None if !out.period().is_empty() => out.period().to_string(),
        None => {
            return Err(ImportError::Invalid {
                file: wb.place(sheet),
                message: "the sheet name has no year (expected e.g. 'SC - 2025 Pillar Summary'); pass --period".into(),
            }
            .into());
        }
    };
    let set = if kind == SheetKind::IcbPrimaryCare {
        &dma::PRIMARY_CARE_PILLARS[..]
    } else {
        &dma::PILLARS[..]
    };
    let pillars = pillar_columns(h, set);
    let score_columns: Vec<usize> = pillars.iter().map(|p| p.0).collect();
    let icb = kind != SheetKind::ProviderPillars;
    let mut ids: std::collections::HashMap<(String, &'static str), i64> = std::collections::HashMap::new();
    sheet.for_each_row(h.index + 1, |row| -> Result<()> {
        if row.is_blank() {
            return Ok(());
        }
        out.row_read(row.number)?;
        if no_scores(row, &score_columns) {
            tally.note_rows += 1;
            return Ok(());
        }
        let Some(code) = row_org(wb, sheet, h, row, icb, out, tally)? else {
            return Ok(());
        };
        let setting = row_setting(h, row, kind, out)?;
        for &(column, name, key) in &pillars {
            let id = match ids.get(&(setting.clone(), key)) {
                Some(id) => *id,
                None => {
                    let id = out.indicator(&dma::pillar_indicator(&setting, name, key), "dma_results")?;
                    ids.insert((setting.clone(), key), id);
                    id
                }
            };
            let obs = numeric(out, row, column, h, Unit::Score)?;
            out.observe(id, &code, &period, obs, row.number)?;
        }
        Ok(())
    })
}

fn read_comparable(
    wb: &Workbook,
    sheet: &Sheet,
    h: &Header,
    kind: SheetKind,
    out: &mut Output<'_>,
    tally: &mut Tally,
) -> Result<()> {
    let columns = average_columns(h);
    let [(c_from, from), (c_to, to)] = &columns[..] else {
        return Ok(());
    };
    tally.comparable_sheets += 1;
    let icb = kind == SheetKind::IcbComparable;
    let mut ids: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    sheet.for_each_row(h.index + 1, |row| -> Result<()> {
        if row.is_blank() {
            return Ok(());
        }
        out.row_read(row.number)?;
        if no_scores(row, &[*c_from, *c_to]) {
            tally.note_rows += 1;
            return Ok(());
        }
        let Some(code) = row_org(wb, sheet, h, row, icb, out, tally)? else {
            return Ok(());
        };
        let setting = row_setting(h, row, kind, out)?;
        let id = match ids.get(&setting) {
            Some(id) => *id,
            None => {
                let def: IndicatorDef = dma::comparable_overall_indicator(&setting, from, to);
                let id = out.indicator(&def, "dma_results")?;
                ids.insert(setting.clone(), id);
                id
            }
        };
        for (column, year) in [(*c_from, from), (*c_to, to)] {
            let obs = numeric(out, row, column, h, Unit::Score)?;
            out.observe(id, &code, year, obs, row.number)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_come_from_sheet_names() {
        assert_eq!(sheet_year("SC - 2025 Pillar Summary").as_deref(), Some("2025"));
        assert_eq!(sheet_year("2025 Pillar Summary (ICB PC)").as_deref(), Some("2025"));
        assert_eq!(sheet_year("SC - 24 vs 25 Overall DMA"), None);
        assert_eq!(sheet_year("Pillar Summary"), None);
    }

    #[test]
    fn care_settings_become_key_fragments() {
        assert_eq!(care_setting("Mental Health"), "mental_health");
        assert_eq!(care_setting(" Acute "), "acute");
    }

    fn header(names: &[&str]) -> Header {
        Header::new(10, names.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn each_published_sheet_is_recognised_by_its_header() {
        let cases: [(&[&str], Option<SheetKind>); 6] = [
            (
                &[
                    "",
                    "Region",
                    "ICS",
                    "Provider",
                    "Care Setting",
                    "Well Led",
                    "Ensure Smart Foundations",
                    "Safe Practice",
                    "Support Workforce",
                ],
                Some(SheetKind::ProviderPillars),
            ),
            (
                &[
                    "",
                    "Region",
                    "ICS",
                    "Provider",
                    "Care Setting",
                    "2025 Average",
                    "2024 Average",
                ],
                Some(SheetKind::ProviderComparable),
            ),
            (
                &[
                    "",
                    "Region",
                    "ICS",
                    "Well Led",
                    "Ensure Smart Foundations",
                    "Safe Practice",
                    "Support Workforce",
                    "Empower People",
                ],
                Some(SheetKind::IcbPillars),
            ),
            (
                &["", "Region", "ICS", "2025 Average", "2024 Average", ""],
                Some(SheetKind::IcbComparable),
            ),
            (
                &[
                    "",
                    "Region",
                    "ICS",
                    "Well Led",
                    "Ensuring Smart Foundations",
                    "Support People",
                    "Empower People",
                    "Improve care",
                ],
                Some(SheetKind::IcbPrimaryCare),
            ),
            (&["", "Region", "ICS", "Provider"], None),
        ];
        for (names, want) in cases {
            assert_eq!(classify(&header(names)), want, "{names:?}");
        }
        let h = header(&["", "ICS", "2025 Average", "2024 Average"]);
        assert_eq!(
            average_columns(&h),
            vec![(3, "2024".to_string()), (2, "2025".to_string())]
        );
    }
}
