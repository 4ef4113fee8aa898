//! ODS `etr.csv`: NHS trusts, as distributed by the Organisation Data Service. No header row;
//! 27 quoted columns: [0] code, [1] name, [2] national grouping (region), [3] ICB, [9] postcode,
//! [10] open date YYYYMMDD, [11] close date (merged and dissolved trusts are kept, marked closed).

use super::{Adapter, Context, Plan, national};
use crate::error::Result;
use crate::import::header::Header;
use crate::import::output::{OrgRecord, Output};
use crate::import::table::Workbook;
use crate::model::OrgKind;
use crate::period;

pub(crate) struct OdsEtr;

const COLUMNS: usize = 27;

fn looks_like_code(s: &str) -> bool {
    (3..=5).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

impl Adapter for OdsEtr {
    fn name(&self) -> &'static str {
        "ods-etr"
    }
    fn description(&self) -> &'static str {
        "ODS etr.csv: NHS trusts with region, ICB, open and close dates"
    }
    fn signature(&self) -> &'static str {
        "no header row; 27 columns; an ODS code in column A and an open date (YYYYMMDD) in column K"
    }

    fn detect(&self, wb: &Workbook, cx: &Context<'_>) -> std::result::Result<Plan, String> {
        let [sheet] = wb.sheets.as_slice() else {
            return Err("expected a single-table CSV".into());
        };
        let rows = sheet.preview(5);
        if rows.is_empty() {
            return Err("the file has no rows".into());
        }
        for (i, r) in rows.iter().enumerate() {
            if r.len() != COLUMNS {
                return Err(format!("row {} has {} columns, not {COLUMNS}", i + 1, r.len()));
            }
            if !looks_like_code(&r[0]) || period::date_from_yyyymmdd(&r[10]).is_none() {
                return Err(format!(
                    "row {} does not start with an ODS code and an open date in column K",
                    i + 1
                ));
            }
        }
        Ok(Plan {
            sheets: vec![(0, Header::new(0, vec![]))],
            provenance: national(
                "ods_etr",
                "NHS trusts (ODS etr.csv)",
                "NHS England, Organisation Data Service",
                period::from_file_name(cx.file_name),
                cx,
            ),
            periods_in_rows: false,
            period_from: None,
            table: None,
        })
    }

    fn read(&self, wb: &Workbook, _plan: &Plan, _cx: &Context<'_>, out: &mut Output<'_>) -> Result<()> {
        wb.sheets[0].for_each_row(0, |row| -> Result<()> {
            out.row_read(row.number)?;
            if row.is_blank() {
                return Ok(());
            }
            if row.len() < 12 {
                return Err(out.cell_error(
                    row.number,
                    row.len(),
                    None,
                    format!("the row has {} columns; etr.csv rows have {COLUMNS}", row.len()),
                ));
            }
            let text = |c: usize| Some(row.get(c).text()).filter(|s| !s.is_empty());
            let code = out.ods_code(&row.get(0).text(), row.number, 0, None)?;
            let date = |c: usize| -> Result<Option<String>> {
                match text(c) {
                    None => Ok(None),
                    Some(t) => period::date_from_yyyymmdd(&t).map(Some).ok_or_else(|| {
                        out.cell_error(row.number, c, None, format!("'{t}' is not a date; expected YYYYMMDD"))
                    }),
                }
            };
            let org = OrgRecord {
                name: row.get(1).text(),
                kind: Some(OrgKind::Trust),
                region_code: text(2),
                icb_code: text(3),
                postcode: text(9),
                open_date: date(10)?,
                close_date: date(11)?,
                code,
                ..OrgRecord::default()
            };
            out.organisation(&org)
        })
    }
}
