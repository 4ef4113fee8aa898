//! NHS Staff Survey organisation results (`nss_2021-2024_org_results_wellbeing.csv`): one row per
//! organisation and year; for each item a `<item>_base` (respondents answering) and one or more
//! `<item>…_rate` (percent). Each rate becomes an observation with its base, so the benchmark can
//! put a confidence interval around it. The survey's benchmarking group is kept per year.
//!
//! Known defect of the source, corrected here: in the 2021 rows the Region and ICS/STP columns
//! are swapped (detected row by row: the Region cell holds an ICS and the ICS cell a region).

use super::{Adapter, Context, Plan, find_sheet, national, numeric, slug};
use crate::error::Result;
use crate::import::header::Header;
use crate::import::output::Output;
use crate::import::table::Workbook;
use crate::model::{IndicatorDef, Polarity, Unit};
use crate::period;
use std::collections::BTreeSet;

pub(crate) struct StaffSurvey;

/// NHS England's seven regions, as the survey names them.
const REGIONS: &[&str] = &[
    "london",
    "south east",
    "south west",
    "midlands",
    "east of england",
    "north west",
    "north east and yorkshire",
];

/// Plain-English labels and polarity of the items; unknown items get their column name and no judgement.
const ITEMS: &[(&str, &str, &str, Polarity)] = {
    use Polarity::{HigherIsBetter as H, LowerIsBetter as L, NoJudgement as N};
    const W: &str = "Staff wellbeing";
    const V: &str = "Violence, abuse and discrimination";
    const P: &str = "Workforce profile";
    &[
        ("autonomy", "Staff with autonomy in how they do their work", W, H),
        ("burned_out", "Staff often or always burnt out because of work", W, L),
        ("burned_out_ever", "Staff ever burnt out because of work", W, L),
        (
            "burned_out_sometimes",
            "Staff sometimes burnt out because of work",
            W,
            N,
        ),
        (
            "emotionally_exhausting",
            "Staff who often or always find work emotionally exhausting",
            W,
            L,
        ),
        (
            "emotionally_exhausting_ever",
            "Staff who ever find work emotionally exhausting",
            W,
            L,
        ),
        (
            "emotionally_exhausting_sometimes",
            "Staff who sometimes find work emotionally exhausting",
            W,
            N,
        ),
        (
            "enough_staff",
            "Enough staff at the organisation to do the job properly",
            W,
            H,
        ),
        ("frustration", "Staff often or always frustrated by work", W, L),
        ("frustration_ever", "Staff ever frustrated by work", W, L),
        ("frustration_sometimes", "Staff sometimes frustrated by work", W, N),
        ("mastery_meaning", "Staff who find their work meaningful", W, H),
        ("stress", "Staff unwell as a result of work-related stress", W, L),
        (
            "time_demands_meet",
            "Staff able to meet all the conflicting demands on their time",
            W,
            H,
        ),
        (
            "discrimination_internal",
            "Discrimination from managers or colleagues",
            V,
            L,
        ),
        (
            "discrimination_public",
            "Discrimination from patients or the public",
            V,
            L,
        ),
        (
            "emotional_colleagues",
            "Harassment, bullying or abuse from colleagues",
            V,
            L,
        ),
        ("emotional_manager", "Harassment, bullying or abuse from managers", V, L),
        (
            "emotional_public",
            "Harassment, bullying or abuse from patients or the public",
            V,
            L,
        ),
        ("physical_colleagues", "Physical violence from colleagues", V, L),
        ("physical_manager", "Physical violence from managers", V, L),
        ("physical_public", "Physical violence from patients or the public", V, L),
        ("ethnic_minority", "Respondents from ethnic minority backgrounds", P, N),
        ("female", "Respondents who are women", P, N),
        ("med_dental", "Respondents in medical and dental roles", P, N),
        ("membership", "Respondents who are members of a union", P, N),
        ("older", "Older respondents", P, N),
        ("patient_facing", "Respondents in patient-facing roles", P, N),
        ("sexual_minority", "Respondents from sexual minorities", P, N),
        ("religion_any_other", "Respondents of another religion", P, N),
        ("religion_buddhist", "Respondents who are Buddhist", P, N),
        ("religion_christian", "Respondents who are Christian", P, N),
        (
            "religion_decline_answer",
            "Respondents who preferred not to state a religion",
            P,
            N,
        ),
        ("religion_hindu", "Respondents who are Hindu", P, N),
        ("religion_jewish", "Respondents who are Jewish", P, N),
        ("religion_muslim", "Respondents who are Muslim", P, N),
        ("religion_none", "Respondents with no religion", P, N),
        ("religion_sikh", "Respondents who are Sikh", P, N),
    ]
};

/// A rate column with its base column and indicator.
struct Rate {
    column: usize,
    base: Option<usize>,
    def: IndicatorDef,
}

fn rates(h: &Header) -> Vec<Rate> {
    let mut out = Vec::new();
    for column in h.columns_where(|n| n.ends_with(" rate") && !n.ends_with(" response rate")) {
        let item = h.normal(column).trim_end_matches(" rate").to_string();
        // The base belongs to the longest prefix of the item that has a `_base` column:
        // `burned out ever` → `burned out base`; `religion any other` → `religion base`.
        let words: Vec<&str> = item.split(' ').collect();
        let base = (1..=words.len())
            .rev()
            .find_map(|n| h.find(&[&format!("{} base", words[..n].join(" "))]));
        let key = slug(&item);
        let (label, group, polarity) = ITEMS
            .iter()
            .find(|(k, ..)| *k == key)
            .map(|(_, l, g, p)| (l.to_string(), g.to_string(), *p))
            .unwrap_or_else(|| {
                let pretty = h.name(column).unwrap_or_else(|| key.clone()).replace('_', " ");
                (pretty, "Workforce profile".into(), Polarity::NoJudgement)
            });
        out.push(Rate {
            column,
            base,
            def: IndicatorDef {
                key: format!("nss.{key}"),
                label,
                group,
                unit: Unit::Percent,
                polarity,
            },
        });
    }
    out
}

fn is_region(text: &str) -> bool {
    REGIONS.contains(&text.trim().to_lowercase().as_str())
}

impl Adapter for StaffSurvey {
    fn name(&self) -> &'static str {
        "staff-survey"
    }
    fn description(&self) -> &'static str {
        "NHS Staff Survey organisation results: item rates with their bases, benchmarking groups"
    }
    fn signature(&self) -> &'static str {
        "columns ODS code, Year, Organisation name, Benchmarking group and pairs <item>_base / <item>_rate"
    }

    fn detect(&self, wb: &Workbook, cx: &Context<'_>) -> std::result::Result<Plan, String> {
        let (sheet, h) = find_sheet(wb, &[&["ODS code"], &["Year"], &["Benchmarking group"]])?;
        if rates(&h).is_empty() {
            return Err("no <item>_rate columns".into());
        }
        let mut years = BTreeSet::new();
        if let Some(c) = h.find(&["Year"]) {
            for row in wb.sheets[sheet].preview(usize::MAX).iter().skip(h.index + 1) {
                if let Some(y) = row.get(c).and_then(|y| period::normalise(y)) {
                    years.insert(y);
                }
            }
        }
        let span = match (years.first(), years.last()) {
            (Some(a), Some(b)) if a == b => Some(a.clone()),
            (Some(a), Some(b)) => Some(format!("{a} to {b}")),
            _ => period::from_file_name(cx.file_name),
        };
        Ok(Plan {
            sheets: vec![(sheet, h)],
            provenance: national(
                "nss_org_results",
                "NHS Staff Survey: organisation results (wellbeing, violence and workforce items)",
                "NHS England (NHS Staff Survey Coordination Centre, nhsstaffsurveys.com)",
                span,
                cx,
            ),
            periods_in_rows: true,
            period_from: None,
            table: None,
        })
    }

    fn read(&self, wb: &Workbook, plan: &Plan, _cx: &Context<'_>, out: &mut Output<'_>) -> Result<()> {
        let (sheet, h) = &plan.sheets[0];
        let (Some(c_code), Some(c_year), Some(c_group)) = (
            h.find(&["ODS code"]),
            h.find(&["Year"]),
            h.find(&["Benchmarking group"]),
        ) else {
            return Ok(());
        };
        let c_name = h.find(&["Organisation name"]);
        let (c_region, c_ics) = (h.find(&["Region"]), h.find(&["ICS/STP", "ICS"]));
        let c_respondents = h.find(&["Respondents"]);
        let rates = rates(h);
        let mut ids = Vec::with_capacity(rates.len());
        for r in &rates {
            ids.push(out.indicator(&r.def, "nss_org_results")?);
        }
        let respondents = match c_respondents {
            Some(_) => Some(out.indicator(
                &IndicatorDef {
                    key: "nss.respondents".into(),
                    label: "Survey respondents".into(),
                    group: "Workforce profile".into(),
                    unit: Unit::Count,
                    polarity: Polarity::NoJudgement,
                },
                "nss_org_results",
            )?),
            None => None,
        };
        out.sheet = wb.sheets[*sheet].name.clone();
        let mut swapped = BTreeSet::new();
        let mut joint = Vec::new();
        wb.sheets[*sheet].for_each_row(h.index + 1, |row| -> Result<()> {
            out.row_read(row.number)?;
            if row.is_blank() {
                return Ok(());
            }
            let raw_code = row.get(c_code).text();
            if raw_code.contains('/')
                && raw_code
                    .split('/')
                    .all(|c| out.ods_code(c, row.number, c_code, None).is_ok())
            {
                // Former CCGs that surveyed jointly: one result for several codes, so no one
                // organisation's value; listed in the summary rather than attributed to any.
                joint.push(format!("{raw_code} (row {})", row.number));
                return Ok(());
            }
            let code = out.ods_code(&raw_code, row.number, c_code, h.name(c_code))?;
            let year_text = row.get(c_year).text();
            let Some(year) = period::normalise(&year_text) else {
                return Err(out.cell_error(
                    row.number,
                    c_year,
                    h.name(c_year),
                    format!("'{year_text}' is not a survey year such as 2024"),
                ));
            };
            if let Some(c) = c_name {
                out.alias(&code, &row.get(c).text())?;
            }
            out.classify(&code, "nss_benchmarking_group", &year, &row.get(c_group).text())?;
            if let (Some(cr), Some(ci)) = (c_region, c_ics) {
                let (mut region, mut ics) = (row.get(cr).text(), row.get(ci).text());
                if !is_region(&region) && is_region(&ics) {
                    std::mem::swap(&mut region, &mut ics);
                    swapped.insert(year.clone());
                }
                for (scheme, value) in [("nss_region", region), ("nss_ics", ics)] {
                    if crate::import::cell::missing_marker(&value).is_none() {
                        out.classify(&code, scheme, &year, &value)?;
                    }
                }
            }
            for (r, &id) in rates.iter().zip(&ids) {
                let mut obs = numeric(out, row, r.column, h, Unit::Percent)?;
                if let Some(cb) = r.base
                    && let super::Value::Number(base) =
                        super::cell::number(row.get(cb)).unwrap_or(super::Value::Missing(String::new()))
                {
                    obs.base = Some(base);
                    obs.numerator = obs.value.map(|v| v * base / 100.0);
                }
                out.observe(id, &code, &year, obs, row.number)?;
            }
            if let (Some(c), Some(id)) = (c_respondents, respondents) {
                let obs = numeric(out, row, c, h, Unit::Count)?;
                out.observe(id, &code, &year, obs, row.number)?;
            }
            Ok(())
        })?;
        if !joint.is_empty() {
            out.note(format!(
                "joint results of several organisations (codes joined by '/') not attributed to any one: {}",
                joint.join(", ")
            ));
        }
        if !swapped.is_empty() {
            out.note(format!(
                "Region and ICS/STP are swapped in the source's {} rows; corrected",
                swapped.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
        Ok(())
    }
}
