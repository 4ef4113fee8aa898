//! What NHS England puts around a published statistical table, read as it is published: the
//! title block above it (`Title:`, `Period:`, `Source:` … in column A or B, the value in the
//! next cell or after the colon), a group row over the column headers ("A&E attendances" over
//! "Type 1", "Type 2" …, merged or not) or a second header row under it, and header cells with
//! stray spaces and line breaks.

use serde::Serialize;

/// The keys NHS England's title blocks use, in the words they are written.
const TITLE_KEYS: &[&str] = &[
    "Title",
    "Summary",
    "Period",
    "Source",
    "Basis",
    "Published",
    "Revised",
    "Status",
    "Contact",
];

/// One `Key: value` line of a title block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TitleEntry {
    /// The key as NHS England writes it: `Title`, `Period`, `Published` …
    pub key: String,
    /// The value as written.
    pub value: String,
    /// The row it is on (1-based).
    pub row: u64,
}

/// A column of a published table and what Boardlens makes of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ColumnFound {
    /// Its letter, as a spreadsheet shows it: `A`, `AB`.
    pub column: String,
    /// Its header as published (a group row's label joined on: "A&E attendances – Type 1").
    pub header: String,
    /// What it is read as: `organisation code`, `organisation name`, `parent organisation`,
    /// `period`, `indicator`, or `not imported (…)`.
    pub role: String,
    /// For an indicator, the unit inferred: `percent`, `count` or `number`.
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// What was found in a published table, shown before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TableFound {
    /// The sheet, for a workbook.
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The title block's lines, in order.
    pub title_block: Vec<TitleEntry>,
    /// The header rows (1-based): one, or two when a group row sits above or a second row below.
    pub header_rows: Vec<u64>,
    /// Every column with a header.
    pub columns: Vec<ColumnFound>,
}

impl TableFound {
    /// The value of a title-block key (`Period`, `Title` …), if the block has it and it says
    /// something (NHS England writes `-` for "none yet", as in `Revised: -`).
    pub fn title_value(&self, key: &str) -> Option<&str> {
        self.title_block
            .iter()
            .find(|e| e.key.eq_ignore_ascii_case(key))
            .map(|e| e.value.as_str())
            .filter(|v| !matches!(v.trim(), "" | "-" | "–" | "n/a" | "N/A"))
    }

    /// True when the title block says the table is NHS England's.
    pub fn from_nhs_england(&self) -> bool {
        self.title_block.iter().any(|e| {
            let v = e.value.to_ascii_lowercase();
            v.contains("nhs england") || v.contains("england.nhs.uk") || v.contains("england.nhsdata@nhs.net")
        })
    }
}

/// A header cell as a person reads it: spaces and line breaks inside collapsed to one space,
/// none at either end, no byte-order mark.
pub fn clean_label(text: &str) -> String {
    text.trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The title-block key a cell starts with, and the value after its colon (empty when the value
/// is in the next cell): `Period:` → (`Period`, ``), `Period: March 2025` → (`Period`, `March 2025`).
fn title_key(cell: &str) -> Option<(&'static str, String)> {
    let (key, rest) = cell.trim().split_once(':')?;
    let key = clean_label(key);
    let known = TITLE_KEYS.iter().find(|k| k.eq_ignore_ascii_case(&key))?;
    Some((known, clean_label(rest)))
}

/// The title block among the rows above a table's header: each row whose first non-blank cell,
/// in column A or B, is one of NHS England's keys followed by a colon.
pub fn title_block(rows: &[Vec<String>], header_index: usize) -> Vec<TitleEntry> {
    let mut block = Vec::new();
    for (i, row) in rows.iter().enumerate().take(header_index) {
        let Some(first) = row.iter().position(|c| !c.trim().is_empty()) else {
            continue;
        };
        if first > 1 {
            continue;
        }
        let Some((key, inline)) = title_key(&row[first]) else {
            continue;
        };
        let value = if inline.is_empty() {
            row.iter()
                .skip(first + 1)
                .find(|c| !c.trim().is_empty())
                .map(|c| clean_label(c))
                .unwrap_or_default()
        } else {
            inline
        };
        block.push(TitleEntry {
            key: key.to_string(),
            value,
            row: i as u64 + 1,
        });
    }
    block
}

/// Labels for the columns of a header row, joined with a group row's labels when the table has
/// two header rows, and which rows those are (0-based).
///
/// A group row sits above the column row: its labels start at or after the first measure column
/// (`first_measure`) and each covers the columns to its right up to the next label (a merged
/// cell keeps its text in its first column only, so merged and unmerged read the same). It is
/// taken only when it is not part of the title block and has fewer labels than the column row.
///
/// A second header row sits below: the column row's measure cells are group labels (some blank,
/// as merged cells are) and the row below names every measure column, with the identifying
/// columns blank and only text (a total row with a blank code has numbers).
pub fn labels(rows: &[Vec<String>], header_index: usize, first_measure: usize) -> (Vec<String>, Vec<usize>) {
    let header: Vec<String> = rows[header_index].iter().map(|c| clean_label(c)).collect();
    let filled = |r: &[String]| r.iter().filter(|c| !c.trim().is_empty()).count();

    // A second row below.
    if let Some(below) = rows.get(header_index + 1) {
        let ids_blank = below.iter().take(first_measure).all(|c| c.trim().is_empty());
        let measures: Vec<&String> = below
            .iter()
            .skip(first_measure)
            .filter(|c| !c.trim().is_empty())
            .collect();
        let all_text = !measures.is_empty() && measures.iter().all(|c| c.trim().parse::<f64>().is_err());
        let top_has_gaps = (first_measure..below.len().max(header.len()))
            .any(|c| header.get(c).is_none_or(|h| h.is_empty()) && below.get(c).is_some_and(|b| !b.trim().is_empty()));
        if ids_blank && all_text && top_has_gaps {
            let groups = carried(&header, first_measure);
            let width = header.len().max(below.len());
            let joined = (0..width)
                .map(|c| {
                    let top = header.get(c).cloned().unwrap_or_default();
                    let sub = below.get(c).map(|b| clean_label(b)).unwrap_or_default();
                    if c < first_measure || sub.is_empty() {
                        top
                    } else {
                        join(groups.get(c).map_or("", String::as_str), &sub)
                    }
                })
                .collect();
            return (joined, vec![header_index, header_index + 1]);
        }
    }

    // A group row above.
    if header_index > 0 {
        let above = &rows[header_index - 1];
        let in_title_block = above
            .iter()
            .find(|c| !c.trim().is_empty())
            .is_some_and(|c| title_key(c).is_some());
        let starts_at_measures = above.iter().take(first_measure).all(|c| c.trim().is_empty());
        if !in_title_block && starts_at_measures && filled(above) > 0 && filled(above) < filled(&header) {
            let above: Vec<String> = above.iter().map(|c| clean_label(c)).collect();
            let groups = carried(&above, first_measure);
            let joined = header
                .iter()
                .enumerate()
                .map(|(c, name)| {
                    if c < first_measure || name.is_empty() {
                        name.clone()
                    } else {
                        join(groups.get(c).map_or("", String::as_str), name)
                    }
                })
                .collect();
            return (joined, vec![header_index - 1, header_index]);
        }
    }
    (header, vec![header_index])
}

/// Each column's group label: the nearest label at or to its left, from `first` on.
fn carried(row: &[String], first: usize) -> Vec<String> {
    let mut current = String::new();
    row.iter()
        .enumerate()
        .map(|(c, label)| {
            if c >= first && !label.is_empty() {
                current = label.clone();
            }
            if c >= first { current.clone() } else { String::new() }
        })
        .collect()
}

/// "group – name", unless the name already says the group.
fn join(group: &str, name: &str) -> String {
    if group.is_empty() || name.to_lowercase().contains(&group.to_lowercase()) {
        name.to_string()
    } else {
        format!("{group} – {name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(v: &[&[&str]]) -> Vec<Vec<String>> {
        v.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect()
    }

    #[test]
    fn a_title_block_is_read_from_column_a_or_b_with_the_value_beside_or_after_the_colon() {
        let r = rows(&[
            &["", "Title:", "A&E Attendances and Emergency Admissions"],
            &["", "Summary:", "Monthly A&E attendances by provider"],
            &["", "Period:", "", "March 2025"],
            &["", "Source: Monthly Situation Reports (MSitAE)"],
            &["", "Published:", "10 April 2025"],
            &["", "Revised:", "-"],
            &["", "Status:", "Published (Final) - Official Statistics"],
            &["", "Contact:", "england.nhsdata@nhs.net"],
            &["", "", "", "Not a key: in column D"],
            &["", "Org Code", "Org name", "Attendances"],
        ]);
        let block = title_block(&r, 9);
        let keys: Vec<(&str, &str, u64)> = block
            .iter()
            .map(|e| (e.key.as_str(), e.value.as_str(), e.row))
            .collect();
        assert_eq!(
            keys,
            [
                ("Title", "A&E Attendances and Emergency Admissions", 1),
                ("Summary", "Monthly A&E attendances by provider", 2),
                ("Period", "March 2025", 3),
                ("Source", "Monthly Situation Reports (MSitAE)", 4),
                ("Published", "10 April 2025", 5),
                ("Revised", "-", 6),
                ("Status", "Published (Final) - Official Statistics", 7),
                ("Contact", "england.nhsdata@nhs.net", 8),
            ]
        );
        let found = TableFound {
            sheet: None,
            title_block: block,
            header_rows: vec![10],
            columns: vec![],
        };
        assert_eq!(found.title_value("period"), Some("March 2025"));
        assert_eq!(found.title_value("Revised"), None, "'-' says there is no revision yet");
        assert!(found.from_nhs_england());
    }

    #[test]
    fn a_group_row_above_is_carried_across_its_columns() {
        let r = rows(&[
            &["", "", "", "A&E attendances", "", "Emergency admissions"],
            &[
                "Org Code",
                "Org name",
                "Parent Org",
                " Type 1\nDepartments ",
                "Type 2",
                "Type 1",
            ],
        ]);
        let (labels, header_rows) = labels(&r, 1, 3);
        assert_eq!(header_rows, [0, 1]);
        assert_eq!(
            labels,
            [
                "Org Code",
                "Org name",
                "Parent Org",
                "A&E attendances – Type 1 Departments",
                "A&E attendances – Type 2",
                "Emergency admissions – Type 1"
            ]
        );
    }

    #[test]
    fn a_second_header_row_below_a_merged_top_row_is_joined() {
        let r = rows(&[
            &[
                "Provider Code",
                "Provider Name",
                "Total waiting",
                "",
                "Waiting 6+ weeks",
                "",
            ],
            &["", "", "Number", "Percent", "Number", "Percent"],
            &["RJ1", "Guy's", "1,234", "12%", "100", "8%"],
        ]);
        let (labels, header_rows) = labels(&r, 0, 2);
        assert_eq!(header_rows, [0, 1]);
        assert_eq!(
            labels,
            [
                "Provider Code",
                "Provider Name",
                "Total waiting – Number",
                "Total waiting – Percent",
                "Waiting 6+ weeks – Number",
                "Waiting 6+ weeks – Percent"
            ]
        );
    }

    #[test]
    fn a_title_line_or_a_data_row_is_not_taken_for_a_header_row() {
        let r = rows(&[
            &["Period:", "March 2025"],
            &["Org Code", "Attendances", "Admissions"],
            &["", "1,000", "200"],
        ]);
        let (labels, header_rows) = labels(&r, 1, 1);
        assert_eq!(header_rows, [1]);
        assert_eq!(labels, ["Org Code", "Attendances", "Admissions"]);
    }
}
