//! A user's own file in long format: one row per organisation, indicator and period —
//! `ods_code, indicator, period, value[, base]` (header names can be remapped in a mapping
//! file). Streams: a million rows cost one row at a time.

use super::{Adapter, Context, Plan, national, slug};
use crate::error::Result;
use crate::import::cell::{self, Value};
use crate::import::header::{self, Header};
use crate::import::mapping::Mapping;
use crate::import::output::{Obs, Output};
use crate::import::table::Workbook;
use crate::model::{IndicatorDef, Polarity, Provenance, Unit};
use crate::period;
use rustc_hash::FxHashMap as HashMap;

pub(crate) struct GenericLong;

const INDICATOR: &[&str] = &["indicator", "indicator_key", "measure", "metric"];
const PERIOD: &[&str] = &["period", "year", "financial year"];
const VALUE: &[&str] = &["value"];
const BASE: &[&str] = &["base", "denominator"];

fn alternatives<'a>(mapped: Option<&'a String>, defaults: &'a [&'a str]) -> Vec<&'a str> {
    match mapped {
        Some(m) => vec![m.as_str()],
        None => defaults.to_vec(),
    }
}

/// The dataset key of a user's file: `user.` and its name without the words that name a time,
/// so the March and April files of one publication (`AE-March-2025.csv`, `AE-April-2025.csv`)
/// are one dataset for two months, and re-importing a month replaces it.
fn user_key(stem: &str) -> String {
    let full = slug(stem);
    let kept: Vec<&str> = full.split('_').filter(|w| !period::is_time_word(w)).collect();
    if kept.is_empty() {
        format!("user.{full}")
    } else {
        format!("user.{}", kept.join("_"))
    }
}

/// Provenance of a user's file: the mapping's `[dataset]`, else the file name.
pub(crate) fn user_provenance(cx: &Context<'_>, period: Option<String>) -> Provenance {
    let stem = cx.file_name.rsplit(['/', '\\']).next().unwrap_or(cx.file_name);
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    let d = cx.mapping.map(|m| m.dataset.clone()).unwrap_or_default();
    let mut p = national(
        &d.key.unwrap_or_else(|| user_key(stem)),
        &d.title.unwrap_or_else(|| cx.file_name.to_string()),
        &d.publisher.unwrap_or_else(|| "Supplied by the user".into()),
        d.period.and_then(|p| period::normalise(&p)).or(period),
        cx,
    );
    p.licence = d.licence.unwrap_or_else(|| "Not stated".into());
    p.synthetic = d.synthetic;
    if let Some(source) = d.source {
        p.source = source;
    }
    p
}

/// The indicator an indicator name in a user's file stands for.
pub(crate) fn user_indicator(name: &str, mapping: Option<&Mapping>) -> std::result::Result<IndicatorDef, String> {
    let m = mapping.and_then(|m| m.indicator(name));
    let key = m.and_then(|m| m.key.clone()).unwrap_or_else(|| {
        let looks_like_key = name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_');
        if looks_like_key && name.contains('.') {
            name.to_string()
        } else {
            format!("user.{}", slug(name))
        }
    });
    Ok(IndicatorDef {
        key,
        label: m
            .and_then(|m| m.label.clone())
            .unwrap_or_else(|| name.trim().to_string()),
        group: m
            .and_then(|m| m.group.clone())
            .unwrap_or_else(|| "Imported indicators".into()),
        unit: m
            .and_then(|m| m.unit.as_deref())
            .map(str::parse)
            .transpose()?
            .unwrap_or(Unit::Number),
        polarity: m
            .and_then(|m| m.polarity.as_deref())
            .map(str::parse)
            .transpose()?
            .unwrap_or(Polarity::NoJudgement),
    })
}

struct Columns {
    code: usize,
    indicator: usize,
    period: usize,
    value: usize,
    base: Option<usize>,
}

fn columns(h: &Header, mapping: Option<&Mapping>) -> Option<Columns> {
    let c = mapping.map(|m| m.columns.clone()).unwrap_or_default();
    Some(Columns {
        code: h.find(&alternatives(c.code.as_ref(), super::ORG_CODE_HEADERS))?,
        indicator: h.find(&alternatives(c.indicator.as_ref(), INDICATOR))?,
        period: h.find(&alternatives(c.period.as_ref(), PERIOD))?,
        value: h.find(&alternatives(c.value.as_ref(), VALUE))?,
        base: h.find(&alternatives(c.base.as_ref(), BASE)),
    })
}

impl Adapter for GenericLong {
    fn name(&self) -> &'static str {
        "generic-long"
    }
    fn description(&self) -> &'static str {
        "Your own file, long format: ods_code, indicator, period, value[, base]"
    }
    fn signature(&self) -> &'static str {
        "columns ods_code, indicator, period and value (base optional; other names through a --mapping file)"
    }

    fn detect(&self, wb: &Workbook, cx: &Context<'_>) -> std::result::Result<Plan, String> {
        for (i, sheet) in wb.sheets.iter().enumerate() {
            for (r, row) in sheet.preview(header::HEADER_SEARCH_ROWS).into_iter().enumerate() {
                let h = Header::new(r, row);
                if columns(&h, cx.mapping).is_some() {
                    return Ok(Plan {
                        sheets: vec![(i, h)],
                        provenance: user_provenance(cx, Some(crate::import::output::PERIOD_FROM_ROWS.to_string())),
                        periods_in_rows: true,
                        period_from: None,
                        table: None,
                    });
                }
            }
        }
        Err("no header row with columns ods_code, indicator, period and value".into())
    }

    fn read(&self, wb: &Workbook, plan: &Plan, cx: &Context<'_>, out: &mut Output<'_>) -> Result<()> {
        let (sheet, h) = &plan.sheets[0];
        let Some(c) = columns(h, cx.mapping) else {
            return Ok(());
        };
        out.sheet = wb.sheets[*sheet].name.clone();
        let dataset_key = plan.provenance.key.clone();
        let mut indicators: HashMap<String, (i64, Unit)> = HashMap::default();
        let mut periods: HashMap<String, String> = HashMap::default();
        wb.sheets[*sheet].for_each_row(h.index + 1, |row| -> Result<()> {
            out.row_read(row.number)?;
            if row.is_blank() {
                return Ok(());
            }
            let Some(code) = out.row_organisation(&row.get(c.code).str(), row.number, c.code, h.name(c.code))? else {
                return Ok(());
            };
            let name = row.get(c.indicator).str();
            if name.is_empty() {
                return Err(out.cell_error(row.number, c.indicator, h.name(c.indicator), "the indicator is empty"));
            }
            let (id, unit) = match indicators.get(name.as_ref()) {
                Some(v) => *v,
                None => {
                    let def = user_indicator(&name, cx.mapping)
                        .map_err(|e| out.cell_error(row.number, c.indicator, h.name(c.indicator), e))?;
                    let v = (out.indicator(&def, &dataset_key)?, def.unit);
                    indicators.insert(name.to_string(), v);
                    v
                }
            };
            let period_text = row.get(c.period).str();
            if !periods.contains_key(period_text.as_ref()) {
                {
                    let p = period::find_in(&period_text).ok_or_else(|| {
                        out.cell_error(
                            row.number,
                            c.period,
                            h.name(c.period),
                            format!(
                                "'{period_text}' is not a period; expected e.g. 2025, 2024-25, 2025-07 or March 2025"
                            ),
                        )
                    })?;
                    periods.insert(period_text.to_string(), p);
                }
            }
            let period = &periods[period_text.as_ref()];
            let mut obs: Obs = super::numeric(out, row, c.value, h, unit)?;
            if let Some(cb) = c.base {
                match cell::number(row.get(cb)) {
                    Ok(Value::Number(b)) if b >= 0.0 => {
                        obs.base = Some(b);
                        if unit == Unit::Percent {
                            obs.numerator = obs.value.map(|v| v * b / 100.0);
                        }
                    }
                    Ok(Value::Missing(_)) => {}
                    _ => {
                        return Err(out.cell_error(
                            row.number,
                            cb,
                            h.name(cb),
                            format!(
                                "'{}' is not a base; expected a count of respondents (0 or more)",
                                row.get(cb).text()
                            ),
                        ));
                    }
                }
            }
            out.observe(id, &code, period, obs, row.number)
        })
    }
}
