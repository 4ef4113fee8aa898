//! Finding a table's header row, wherever the publisher put it (title and notes rows often come
//! first: NHS England's DMA data file has its header on row 11), and finding columns in it.

use super::table::Sheet;

/// How many rows from the top a header row may be.
pub const HEADER_SEARCH_ROWS: usize = 40;

/// The header row of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// 0-based index of the header row in the sheet.
    pub index: usize,
    /// The headers as written.
    pub names: Vec<String>,
    normal: Vec<String>,
}

/// Compare headers ignoring case, spacing, underscores and dots: `ODS Code` = `ods_code`.
pub fn normalise(name: &str) -> String {
    name.trim_start_matches('\u{feff}')
        .split(|c: char| c.is_whitespace() || c == '_' || c == '.')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Header {
    /// A header from a row of cells.
    pub fn new(index: usize, names: Vec<String>) -> Header {
        let normal = names.iter().map(|n| normalise(n)).collect();
        Header { index, names, normal }
    }

    /// The column of the first of `alternatives` present, 0-based.
    pub fn find(&self, alternatives: &[&str]) -> Option<usize> {
        alternatives.iter().find_map(|alt| {
            let want = normalise(alt);
            self.normal.iter().position(|n| *n == want)
        })
    }

    /// Columns whose normalised header satisfies a test.
    pub fn columns_where(&self, test: impl Fn(&str) -> bool) -> Vec<usize> {
        (0..self.normal.len()).filter(|&i| test(&self.normal[i])).collect()
    }

    /// The header of a column as written (for messages).
    pub fn name(&self, column: usize) -> Option<String> {
        self.names
            .get(column)
            .filter(|n| !n.trim().is_empty())
            .map(|n| n.trim().to_string())
    }

    /// The normalised header of a column.
    pub fn normal(&self, column: usize) -> &str {
        self.normal.get(column).map_or("", String::as_str)
    }
}

/// The first row among the top [`HEADER_SEARCH_ROWS`] that has every required column (each
/// given as alternatives), or `None`.
pub fn find(sheet: &Sheet, required: &[&[&str]]) -> Option<Header> {
    find_in(&sheet.preview(HEADER_SEARCH_ROWS), required)
}

/// As [`find`], on rows already read.
pub fn find_in(rows: &[Vec<String>], required: &[&[&str]]) -> Option<Header> {
    rows.iter().enumerate().find_map(|(i, row)| {
        let header = Header::new(i, row.clone());
        required
            .iter()
            .all(|alts| header.find(alts).is_some())
            .then_some(header)
    })
}

/// Say what the first non-blank row holds, to explain a missing header.
pub fn describe_top(rows: &[Vec<String>]) -> String {
    match rows.iter().enumerate().find(|(_, r)| r.iter().any(|c| !c.is_empty())) {
        Some((i, r)) => {
            let cells: Vec<&str> = r.iter().map(String::as_str).filter(|c| !c.is_empty()).take(8).collect();
            format!("the first non-blank row (row {}) holds: {}", i + 1, cells.join(", "))
        }
        None => "the first rows are blank".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(v: &[&[&str]]) -> Vec<Vec<String>> {
        v.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect()
    }

    #[test]
    fn the_header_is_found_below_title_rows() {
        let r = rows(&[
            &["Digital Maturity Assessment 2025"],
            &[""],
            &["Notes: scores are self-assessed"],
            &["", "Region", "ICS", "Provider", "Care Setting", "Well Led"],
            &["", "London", "NCL", "Trust A", "Acute", "3.1"],
        ]);
        let h = find_in(&r, &[&["Provider"], &["Care Setting"]]).unwrap();
        assert_eq!(h.index, 3);
        assert_eq!(h.find(&["care_setting"]), Some(4));
        assert_eq!(h.find(&["Nope", "well led"]), Some(5));
    }

    #[test]
    fn header_names_compare_loosely() {
        assert_eq!(normalise("\u{feff}ODS_Code "), "ods code");
        assert_eq!(normalise("Latest.Status"), "latest status");
    }

    #[test]
    fn no_header_is_none() {
        assert!(find_in(&rows(&[&["a", "b"]]), &[&["code"]]).is_none());
    }
}
