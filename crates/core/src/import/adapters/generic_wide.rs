//! A user's own file in wide format: one row per organisation, one column per indicator — the
//! shape of NHS England's monthly statistics (A&E attendances, diagnostics waiting times, RTT,
//! cancer waiting times) as published, read with no mapping:
//!
//! - a title block above the table (`Title:`, `Period:`, `Published:` …) is read into the
//!   dataset's provenance ([`published`]);
//! - a group row above the column headers (or a second header row below) joins onto each
//!   column's label;
//! - the organisation code column is found by its header (Org Code, Provider Code, ODS code …);
//!   name, parent-organisation and period columns are recognised and not read as measures;
//! - every other column whose values are numbers is an indicator, labelled as published, its
//!   unit inferred (percent, count or number) and its polarity "none" until the user says;
//! - the period comes from the mapping, a period column (each row its own month), the title
//!   block's `Period:`, or the file name — and only when none says, the user is asked;
//! - rows that are not a trust's or ICB's (totals, notes, regions, independent-sector
//!   providers, GP practices …) are left out and counted ([`Output::row_organisation`]).
//!
//! A mapping file still overrides any of it: which columns, their keys, units and polarity.

use super::generic_long::{user_indicator, user_provenance};
use super::{Adapter, Context, Plan, numeric};
use crate::error::Result;
use crate::import::cell::{self, Value};
use crate::import::header::{self, Header};
use crate::import::output::{LeaveOut, Output, PERIOD_FROM_ROWS, ods_shape};
use crate::import::published::{self, ColumnFound, TableFound, TitleEntry};
use crate::import::table::{Cell, Workbook};
use crate::model::Unit;
use crate::period;
use std::collections::HashMap;

pub(crate) struct GenericWide;

/// Organisation name columns.
const NAME: &[&str] = &[
    "org name",
    "organisation name",
    "organization name",
    "name",
    "provider name",
    "provider org name",
    "provider organisation name",
    "trust name",
    "icb name",
    "commissioner name",
    "commissioner org name",
];

/// Period columns: each row says its own month or year.
const PERIOD: &[&str] = &[
    "period",
    "month",
    "reporting period",
    "year",
    "financial year",
    "period name",
];

/// Words that make a column a parent organisation's (or its name or code), not a measure.
const PARENT_WORDS: &[&str] = &[
    "parent",
    "region",
    "icb",
    "stp",
    "ics",
    "commissioner",
    "sub icb",
    "nhs england region",
];

/// How many data rows are looked at to decide which columns hold numbers and in what unit.
const SAMPLE_ROWS: usize = 2000;

/// What a column is read as.
#[derive(Debug, Clone, PartialEq)]
enum Role {
    Code,
    Name,
    Parent,
    Period,
    Measure(Unit),
    /// Not imported, and why in a few words.
    Skipped(&'static str),
}

/// A table found in a sheet: its headers, columns and what surrounds it.
struct Layout {
    /// The header: the last header row, with labels joined from a group row.
    header: Header,
    header_rows: Vec<usize>,
    code: usize,
    period: Option<usize>,
    roles: Vec<Role>,
    title_block: Vec<TitleEntry>,
    /// Percent columns whose values are all between 0 and 1 (an Excel percent format read as
    /// fractions): imported as published, with a note.
    fractions: Vec<String>,
    /// The numbers sampled from each column (empty for columns that are not measures).
    samples: Vec<Vec<f64>>,
}

impl Layout {
    fn measures(&self) -> impl Iterator<Item = (usize, Unit)> + '_ {
        self.roles.iter().enumerate().filter_map(|(c, r)| match r {
            Role::Measure(unit) => Some((c, *unit)),
            _ => None,
        })
    }

    fn table(&self, sheet: Option<String>) -> TableFound {
        let columns = self
            .roles
            .iter()
            .enumerate()
            .filter_map(|(c, role)| {
                let header = self.header.name(c)?;
                let (role, unit) = match role {
                    Role::Code => ("organisation code".to_string(), None),
                    Role::Name => ("organisation name".to_string(), None),
                    Role::Parent => ("parent organisation".to_string(), None),
                    Role::Period => ("period".to_string(), None),
                    Role::Measure(unit) => ("indicator".to_string(), Some(unit.as_str().to_string())),
                    Role::Skipped(why) => (format!("not imported ({why})"), None),
                };
                Some(ColumnFound {
                    column: crate::error::column_letters(c),
                    header,
                    role,
                    unit,
                })
            })
            .collect();
        TableFound {
            sheet,
            title_block: self.title_block.clone(),
            header_rows: self.header_rows.iter().map(|r| *r as u64 + 1).collect(),
            columns,
        }
    }
}

fn code_column(h: &Header, cx: &Context<'_>) -> Option<usize> {
    match cx.mapping.and_then(|m| m.columns.code.as_deref()) {
        Some(name) => h.find(&[name]),
        None => h.find(super::ORG_CODE_HEADERS),
    }
}

fn period_column(h: &Header, cx: &Context<'_>) -> Option<usize> {
    match cx.mapping.and_then(|m| m.columns.period.as_deref()) {
        Some(name) => h.find(&[name]),
        None => h.find(PERIOD),
    }
}

fn is_parent(normal: &str) -> bool {
    let words: Vec<&str> = normal.split([' ', '-', '/']).collect();
    PARENT_WORDS.iter().any(|p| {
        let pw: Vec<&str> = p.split(' ').collect();
        words.windows(pw.len()).any(|w| w == pw.as_slice())
    })
}

/// The table in `rows` whose column row is `index`, if it has an organisation code column and
/// at least one column of numbers.
fn layout(rows: &[Vec<String>], index: usize, cx: &Context<'_>) -> Option<Layout> {
    let raw = Header::new(index, rows[index].iter().map(|c| published::clean_label(c)).collect());
    let code = code_column(&raw, cx)?;
    let name = raw.find(NAME).filter(|&c| c != code);
    let period = period_column(&raw, cx).filter(|&c| c != code);
    let parents: Vec<usize> = raw
        .columns_where(is_parent)
        .into_iter()
        .filter(|&c| c != code && Some(c) != name && Some(c) != period)
        .collect();
    let first_measure = [Some(code), name, period]
        .into_iter()
        .flatten()
        .chain(parents.iter().copied())
        .max()
        .map_or(0, |c| c + 1);
    let (labels, header_rows) = published::labels(rows, index, first_measure);
    let last = *header_rows.last()?;
    let header = Header::new(last, labels);
    let data: Vec<&Vec<String>> = rows
        .iter()
        .skip(last + 1)
        .filter(|r| r.get(code).and_then(|c| ods_shape(c.trim())).is_some())
        .collect();
    let mapped = cx.mapping.filter(|m| !m.indicators.is_empty());
    let mut fractions = Vec::new();
    let mut samples = vec![Vec::new(); header.names.len()];
    let roles: Vec<Role> = (0..header.names.len())
        .map(|c| {
            if c == code {
                return Role::Code;
            }
            if Some(c) == name {
                return Role::Name;
            }
            if Some(c) == period {
                return Role::Period;
            }
            if parents.contains(&c) {
                return Role::Parent;
            }
            let Some(label) = header.name(c) else {
                return Role::Skipped("no header");
            };
            if let Some(m) = mapped {
                return match m.indicator(&label) {
                    Some(_) => {
                        samples[c] = infer_unit(&header, c, &data).map(|(_, _, v)| v).unwrap_or_default();
                        Role::Measure(Unit::Number)
                    }
                    None => Role::Skipped("not in the mapping"),
                };
            }
            match infer_unit(&header, c, &data) {
                Some((unit, fraction, values)) => {
                    if fraction {
                        fractions.push(label);
                    }
                    samples[c] = values;
                    Role::Measure(unit)
                }
                None => Role::Skipped("not numbers"),
            }
        })
        .collect();
    if !roles.iter().any(|r| matches!(r, Role::Measure(_))) {
        return None;
    }
    Some(Layout {
        header,
        code,
        period,
        roles,
        title_block: published::title_block(rows, header_rows[0]),
        header_rows,
        samples,
        fractions,
    })
}

/// The start of a note as an example: `'Source: NHS England…'`.
fn quoted_start(text: &str) -> String {
    let text = text.trim();
    let short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        format!("'{short}…'")
    } else {
        format!("'{short}'")
    }
}

/// A column's unit from its header and values, if every value is a number (or a missing marker)
/// and at least one is a number: percent when the header or the cells say so and every value is
/// 0 to 100, count when every value is a whole number of 0 or more, otherwise number. The flag
/// is true for a percent column whose values are all 0 to 1 with no `%` written.
fn infer_unit(header: &Header, c: usize, data: &[&Vec<String>]) -> Option<(Unit, bool, Vec<f64>)> {
    let mut values = Vec::new();
    let mut percent_signs = 0;
    for row in data {
        let text = row.get(c).map_or("", |t| t.as_str());
        match cell::number(Cell::Text(text)) {
            Ok(Value::Number(n)) => {
                values.push(n);
                if text.trim().ends_with('%') {
                    percent_signs += 1;
                }
            }
            Ok(Value::Missing(_)) => {}
            Err(_) => return None,
        }
    }
    if values.is_empty() {
        return None;
    }
    let normal = header.normal(c);
    let says_percent = normal.contains('%')
        || normal
            .split(|ch: char| !ch.is_alphanumeric())
            .any(|w| matches!(w, "percent" | "percentage" | "pct"));
    let in_range = |lo: f64, hi: f64| values.iter().all(|v| (lo..=hi).contains(v));
    if (says_percent || percent_signs > 0) && in_range(0.0, 100.0) {
        let fraction = percent_signs == 0 && in_range(0.0, 1.0) && values.iter().any(|v| v.fract() != 0.0);
        return Some((if fraction { Unit::Number } else { Unit::Percent }, fraction, values));
    }
    if values.iter().all(|v| *v >= 0.0 && v.fract() == 0.0) {
        return Some((Unit::Count, false, values));
    }
    Some((Unit::Number, false, values))
}

/// The period of a whole file that does not say it row by row, and where it came from.
fn file_period(table: &TableFound, cx: &Context<'_>) -> Option<(String, String)> {
    if let Some(text) = table.title_value("Period")
        && let Some(p) = period::find_in(text)
    {
        return Some((p, format!("the title block: Period: {text}")));
    }
    let stem = cx.file_name.rsplit(['/', '\\']).next().unwrap_or(cx.file_name);
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    period::find_in(stem).map(|p| (p.clone(), format!("the file name: {stem}")))
}

impl Adapter for GenericWide {
    fn name(&self) -> &'static str {
        "generic-wide"
    }
    fn description(&self) -> &'static str {
        "Your own file, wide format: an organisation code column and one column per indicator (NHS England's monthly statistics as published)"
    }
    fn signature(&self) -> &'static str {
        "an organisation code column (Org Code, Provider Code, ODS code, …) and numeric columns; the period from a period column, the title block, the file name or --period"
    }

    fn detect(&self, wb: &Workbook, cx: &Context<'_>) -> std::result::Result<Plan, String> {
        for (i, sheet) in wb.sheets.iter().enumerate() {
            let rows = sheet.preview(header::HEADER_SEARCH_ROWS + SAMPLE_ROWS);
            for r in 0..rows.len().min(header::HEADER_SEARCH_ROWS) {
                let Some(layout) = layout(&rows, r, cx) else {
                    continue;
                };
                let table = layout.table(sheet.name.clone());
                let mut provenance = user_provenance(cx, None);
                let mapped = cx.mapping.map(|m| m.dataset.clone()).unwrap_or_default();
                if mapped.title.is_none()
                    && let Some(title) = table.title_value("Title")
                {
                    provenance.title = title.to_string();
                }
                if table.from_nhs_england() {
                    if mapped.publisher.is_none() {
                        provenance.publisher = "NHS England".into();
                    }
                    if mapped.licence.is_none() {
                        provenance.licence = crate::model::OGL_V3.into();
                    }
                }
                provenance.published = table.title_value("Published").map(str::to_string);
                provenance.revised = table.title_value("Revised").map(str::to_string);
                provenance.status = table.title_value("Status").map(str::to_string);
                let period_cells = layout.period.map(|c| {
                    rows.iter()
                        .skip(layout.header.index + 1)
                        .filter(|row| row.get(layout.code).and_then(|t| ods_shape(t.trim())).is_some())
                        .filter_map(|row| row.get(c))
                        .filter(|t| !t.trim().is_empty())
                        .collect::<Vec<_>>()
                });
                let rows_say = period_cells
                    .as_ref()
                    .and_then(|cells| cells.first().map(|first| (cells, first)))
                    .filter(|(cells, _)| cells.iter().all(|t| period::find_in(t).is_some()));
                let (periods_in_rows, period_from) = if mapped.period.is_some() {
                    (false, Some("the mapping file".to_string()))
                } else if let Some((_, first)) = rows_say {
                    provenance.period = PERIOD_FROM_ROWS.to_string();
                    let column = layout
                        .header
                        .name(layout.period.unwrap_or_default())
                        .unwrap_or_default();
                    let example = period::find_in(first).unwrap_or_default();
                    (
                        true,
                        Some(format!("the '{column}' column, row by row (e.g. {first} → {example})")),
                    )
                } else if let Some((p, from)) = file_period(&table, cx) {
                    provenance.period = p;
                    (false, Some(from))
                } else {
                    (false, None)
                };
                return Ok(Plan {
                    // The column row; `read` finds the same layout from it.
                    sheets: vec![(i, Header::new(r, rows[r].clone()))],
                    provenance,
                    periods_in_rows,
                    period_from,
                    table: Some(table),
                });
            }
        }
        Err("no header row with an organisation code column and at least one numeric column".into())
    }

    fn read(&self, wb: &Workbook, plan: &Plan, cx: &Context<'_>, out: &mut Output<'_>) -> Result<()> {
        let (sheet, column_row) = &plan.sheets[0];
        let rows = wb.sheets[*sheet].preview(header::HEADER_SEARCH_ROWS + SAMPLE_ROWS);
        let Some(mut layout) = layout(&rows, column_row.index, cx) else {
            return Ok(());
        };
        let h = layout.header.clone();
        let group = plan
            .table
            .as_ref()
            .and_then(|t| t.title_value("Title"))
            .unwrap_or("Imported indicators")
            .to_string();
        let mut columns = Vec::new();
        for (c, inferred) in layout.measures().collect::<Vec<_>>() {
            let name = h.name(c).unwrap_or_default();
            let mapped = cx.mapping.and_then(|m| m.indicator(&name));
            let mut def = user_indicator(&name, cx.mapping)
                .map_err(|e| out.cell_error(h.index as u64 + 1, c, Some(name.clone()), e))?;
            if mapped.and_then(|m| m.group.as_ref()).is_none() {
                def.group = group.clone();
            }
            if mapped.and_then(|m| m.unit.as_ref()).is_none() {
                // The unit the indicator already has (an earlier month's file) wins when the
                // values fit it: a month of whole numbers does not turn a number into a count.
                def.unit = match out.existing_unit(&def.key)? {
                    Some(existing) if layout.samples[c].iter().all(|v| existing.check(*v).is_ok()) => existing,
                    _ => inferred,
                };
            }
            layout.roles[c] = Role::Measure(def.unit);
            columns.push((c, def.unit, out.indicator(&def, &plan.provenance.key)?));
        }
        out.set_table(layout.table(wb.sheets[*sheet].name.clone()));
        let skipped: Vec<String> = layout
            .roles
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r, Role::Skipped("not numbers")))
            .filter_map(|(c, _)| h.name(c))
            .collect();
        if !skipped.is_empty() {
            out.note(format!("columns not imported (not numbers): {}", skipped.join(", ")));
        }
        if !layout.fractions.is_empty() {
            out.note(format!(
                "read as published, as fractions of 1 (a percentage format in Excel shows them as percentages): {}",
                layout.fractions.join(", ")
            ));
        }
        out.sheet = wb.sheets[*sheet].name.clone();
        let file_period = out.period().to_string();
        let mut periods: HashMap<String, String> = HashMap::new();
        let c_code = layout.code;
        wb.sheets[*sheet].for_each_row(h.index + 1, |row| -> Result<()> {
            out.row_read(row.number)?;
            if row.is_blank() {
                return Ok(());
            }
            let raw = row.get(c_code).str();
            let has_numbers = columns
                .iter()
                .any(|&(c, _, _)| matches!(cell::number(row.get(c)), Ok(Value::Number(_))));
            if !has_numbers && ods_shape(raw.trim()).is_none() {
                let text = row.texts().into_iter().find(|t| !t.trim().is_empty()).unwrap_or_default();
                return out.leave_out(LeaveOut::Note, quoted_start(&text), row.number, None, None);
            }
            if !has_numbers && !out.is_known(&raw) {
                return out.leave_out(LeaveOut::Note, quoted_start(&raw), row.number, Some(c_code), h.name(c_code));
            }
            let Some(code) = out.row_organisation(&raw, row.number, c_code, h.name(c_code))? else {
                return Ok(());
            };
            let period = match (plan.periods_in_rows, layout.period) {
                (true, Some(cp)) => {
                    let text = row.get(cp).str();
                    match periods.get(text.as_ref()) {
                        Some(p) => p.clone(),
                        None => {
                            let p = period::find_in(&text).ok_or_else(|| {
                                out.cell_error(
                                    row.number,
                                    cp,
                                    h.name(cp),
                                    format!(
                                        "'{text}' is not a period; expected a month or year such as March 2025, 2025-03, MSitAE-MARCH-2025 or 2024-25"
                                    ),
                                )
                            })?;
                            periods.insert(text.to_string(), p.clone());
                            p
                        }
                    }
                }
                _ => file_period.clone(),
            };
            for &(c, unit, id) in &columns {
                let obs = numeric(out, row, c, &h, unit)?;
                out.observe(id, &code, &period, obs, row.number)?;
            }
            Ok(())
        })
    }
}
