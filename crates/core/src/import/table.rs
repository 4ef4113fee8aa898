//! From the bytes of a file to sheets of rows, whatever the publisher did: the format is
//! detected from the content (not the extension), text is decoded from UTF-8 (with or without a
//! byte-order mark), UTF-16 or Windows-1252, and the CSV delimiter is sniffed.
//!
//! CSV sheets are not split into cells up front: [`Sheet::for_each_row`] streams records, so a
//! million-row file costs its text and one record at a time.

use crate::error::ImportError;
use calamine::{Data, Reader};
use std::io::Cursor;

/// What a file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Delimited text.
    Csv,
    /// An Excel workbook (.xlsx, .xlsm) or legacy .xls.
    Excel,
}

/// A file read as one or more sheets.
#[derive(Debug)]
pub struct Workbook {
    /// The file name, for messages.
    pub file: String,
    /// What it is.
    pub format: Format,
    /// Its sheets; a CSV file has one, without a name.
    pub sheets: Vec<Sheet>,
    /// How the text was decoded (for CSV), for the import summary.
    pub encoding: &'static str,
}

/// One table of cells.
#[derive(Debug)]
pub struct Sheet {
    /// The sheet's name in a workbook; `None` for CSV.
    pub name: Option<String>,
    file: String,
    body: Body,
}

#[derive(Debug)]
enum Body {
    Csv {
        text: Vec<u8>,
        delimiter: u8,
    },
    Grid {
        cells: Vec<Vec<Data>>,
        first_row: u64,
        first_col: usize,
    },
}

/// One cell, borrowed from its row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Nothing in the cell.
    Empty,
    /// Text (every CSV cell is text).
    Text(&'a str),
    /// A number stored as a number in a workbook.
    Number(f64),
    /// An Excel error value such as `#DIV/0!`.
    Error(&'static str),
}

impl<'a> Cell<'a> {
    /// The cell as text, trimmed; numbers printed in their shortest form.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) => format_number(*n),
            Cell::Error(e) => (*e).to_string(),
        }
    }

    /// The cell as trimmed text, borrowed where it can be (the hot path of large imports).
    pub fn str(&self) -> std::borrow::Cow<'a, str> {
        match self {
            Cell::Text(s) => std::borrow::Cow::Borrowed(s.trim()),
            _ => std::borrow::Cow::Owned(self.text()),
        }
    }

    /// True when empty or only white space.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// Print a number without a needless `.0`.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One row of a sheet, as it streams past.
pub struct Row<'a> {
    /// 1-based row number as a spreadsheet shows it (for CSV, the line the record starts on).
    pub number: u64,
    cells: RowCells<'a>,
}

enum RowCells<'a> {
    Csv(&'a csv::StringRecord),
    Grid { cells: &'a [Data], first_col: usize },
}

impl<'a> Row<'a> {
    /// Cell at a 0-based column (absolute, as in the sheet: column A is 0).
    pub fn get(&self, column: usize) -> Cell<'a> {
        match &self.cells {
            RowCells::Csv(rec) => rec.get(column).map_or(Cell::Empty, Cell::Text),
            RowCells::Grid { cells, first_col } => {
                if column < *first_col {
                    return Cell::Empty;
                }
                match cells.get(column - first_col) {
                    None | Some(Data::Empty) => Cell::Empty,
                    Some(Data::String(s)) => Cell::Text(s.as_str()),
                    Some(Data::Float(f)) => Cell::Number(*f),
                    Some(Data::Int(i)) => Cell::Number(*i as f64),
                    Some(Data::Bool(b)) => Cell::Text(if *b { "TRUE" } else { "FALSE" }),
                    Some(Data::DateTime(d)) => Cell::Number(d.as_f64()),
                    Some(Data::DateTimeIso(s)) | Some(Data::DurationIso(s)) => Cell::Text(s.as_str()),
                    Some(Data::Error(e)) => Cell::Error(excel_error(e)),
                }
            }
        }
    }

    /// Number of cells, counting from column A.
    pub fn len(&self) -> usize {
        match &self.cells {
            RowCells::Csv(rec) => rec.len(),
            RowCells::Grid { cells, first_col } => first_col + cells.len(),
        }
    }

    /// True when the row has no cells at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when every cell is blank.
    pub fn is_blank(&self) -> bool {
        (0..self.len()).all(|c| self.get(c).is_blank())
    }

    /// All cells as trimmed text.
    pub fn texts(&self) -> Vec<String> {
        (0..self.len()).map(|c| self.get(c).text()).collect()
    }
}

fn excel_error(e: &calamine::CellErrorType) -> &'static str {
    use calamine::CellErrorType as E;
    match e {
        E::Div0 => "#DIV/0!",
        E::NA => "#N/A",
        E::Name => "#NAME?",
        E::Null => "#NULL!",
        E::Num => "#NUM!",
        E::Ref => "#REF!",
        E::Value => "#VALUE!",
        E::GettingData => "#DATA!",
    }
}

impl Sheet {
    /// Visit every row from `skip` (0-based physical row index) on. Stops at the first error.
    pub fn for_each_row<E>(&self, skip: usize, mut visit: impl FnMut(&Row<'_>) -> Result<(), E>) -> Result<(), E>
    where
        E: From<ImportError>,
    {
        match &self.body {
            Body::Csv { text, delimiter } => {
                let mut reader = csv_reader(text, *delimiter);
                let mut record = csv::StringRecord::new();
                let mut index = 0usize;
                // Line numbers are counted here rather than taken from the csv crate, whose
                // count lags by one after a CRLF line end (as Excel writes CSV).
                let (mut counted_to, mut line) = (0usize, 1u64);
                while reader.read_record(&mut record).map_err(|e| self.csv_error(e))? {
                    if index >= skip {
                        let mut start = record
                            .position()
                            .map_or(counted_to, |p| p.byte() as usize)
                            .min(text.len());
                        while matches!(text.get(start), Some(b'\n' | b'\r')) {
                            start += 1; // skipped line ends and blank lines before the record
                        }
                        if start > counted_to {
                            line += text[counted_to..start].iter().filter(|&&b| b == b'\n').count() as u64;
                            counted_to = start;
                        }
                        visit(&Row {
                            number: line,
                            cells: RowCells::Csv(&record),
                        })?;
                    }
                    index += 1;
                }
                Ok(())
            }
            Body::Grid {
                cells,
                first_row,
                first_col,
            } => {
                for (i, row) in cells.iter().enumerate().skip(skip) {
                    visit(&Row {
                        number: first_row + i as u64 + 1,
                        cells: RowCells::Grid {
                            cells: row,
                            first_col: *first_col,
                        },
                    })?;
                }
                Ok(())
            }
        }
    }

    fn csv_error(&self, e: csv::Error) -> ImportError {
        let line = e.position().map(|p| format!("line {}: ", p.line())).unwrap_or_default();
        ImportError::Unreadable {
            file: self.file.clone(),
            detail: format!("{line}{e}"),
        }
    }

    /// The first `n` rows as text, for detecting the layout and showing a preview.
    pub fn preview(&self, n: usize) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        let _ = self.for_each_row(0, |row| -> Result<(), PreviewDone> {
            if out.len() >= n {
                return Err(PreviewDone);
            }
            out.push(row.texts());
            Ok(())
        });
        out
    }

    /// The 1-based row number of the row at a 0-based index (for messages about header rows).
    pub fn row_number(&self, index: usize) -> u64 {
        match &self.body {
            Body::Csv { .. } => index as u64 + 1,
            Body::Grid { first_row, .. } => first_row + index as u64 + 1,
        }
    }
}

struct PreviewDone;
impl From<ImportError> for PreviewDone {
    fn from(_: ImportError) -> Self {
        PreviewDone
    }
}

fn csv_reader(text: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text)
}

impl Workbook {
    /// Read a file's bytes as a workbook, detecting what it is from its content.
    pub fn from_bytes(file: &str, bytes: Vec<u8>) -> crate::Result<Workbook> {
        let file = file.to_string();
        if bytes.is_empty() {
            return Err(ImportError::Empty { file }.into());
        }
        if bytes.starts_with(b"PK\x03\x04") {
            if let Some(csv) = single_csv_in_zip(&bytes) {
                // ODS distributes its files as a zip holding one CSV (etr.zip → etr.csv).
                return Workbook::from_bytes(&format!("{file} → {}", csv.0), csv.1);
            }
            return read_excel(file, bytes);
        }
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return read_excel(file, bytes);
        }
        if bytes.starts_with(b"PK") {
            return Err(ImportError::Unreadable {
                file,
                detail: "it is a ZIP archive that is not an Excel workbook".into(),
            }
            .into());
        }
        let (text, encoding) = decode_text(bytes).map_err(|detail| ImportError::Unreadable {
            file: file.clone(),
            detail,
        })?;
        let head = String::from_utf8_lossy(&text[..text.len().min(512)])
            .trim_start()
            .to_ascii_lowercase();
        if head.starts_with("<!doctype html")
            || head.starts_with("<html")
            || head.starts_with("<?xml") && head.contains("<html")
        {
            return Err(ImportError::Html { file }.into());
        }
        let delimiter = sniff_delimiter(&text);
        let sheets = vec![Sheet {
            name: None,
            file: file.clone(),
            body: Body::Csv { text, delimiter },
        }];
        Ok(Workbook {
            file,
            format: Format::Csv,
            sheets,
            encoding,
        })
    }

    /// `file` or `file, sheet 'name'`, for messages.
    pub fn place(&self, sheet: &Sheet) -> String {
        match &sheet.name {
            Some(name) => format!("{}, sheet '{name}'", self.file),
            None => self.file.clone(),
        }
    }
}

/// The one CSV file inside a zip archive that is not a workbook, if that is what it is.
fn single_csv_in_zip(bytes: &[u8]) -> Option<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    if names.iter().any(|n| n.starts_with("xl/") || n == "[Content_Types].xml") {
        return None;
    }
    let csvs: Vec<&String> = names
        .iter()
        .filter(|n| n.to_ascii_lowercase().ends_with(".csv"))
        .collect();
    let [name] = csvs.as_slice() else { return None };
    let mut entry = archive.by_name(name).ok()?;
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut entry, &mut out).ok()?;
    Some(((*name).clone(), out))
}

fn read_excel(file: String, bytes: Vec<u8>) -> crate::Result<Workbook> {
    let unreadable = |e: calamine::Error| ImportError::Unreadable {
        file: file.clone(),
        detail: format!("the Excel workbook is damaged or truncated ({e})"),
    };
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(unreadable)?;
        let (first_row, first_col) = range.start().map_or((0, 0), |(r, c)| (r as u64, c as usize));
        let cells: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
        sheets.push(Sheet {
            name: Some(name),
            file: file.clone(),
            body: Body::Grid {
                cells,
                first_row,
                first_col,
            },
        });
    }
    Ok(Workbook {
        file,
        format: Format::Excel,
        sheets,
        encoding: "xlsx",
    })
}

/// Decode text to UTF-8 bytes. Returns the encoding's name; `Err` for binary data.
fn decode_text(mut bytes: Vec<u8>) -> Result<(Vec<u8>, &'static str), String> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
        return match std::str::from_utf8(&bytes) {
            Ok(_) => Ok((bytes, "UTF-8 (with byte-order mark)")),
            Err(e) => Err(format!("it says UTF-8 but byte {} is not", e.valid_up_to() + 3)),
        };
    }
    for (bom, enc, name) in [
        (&[0xFF, 0xFE][..], encoding_rs::UTF_16LE, "UTF-16LE"),
        (&[0xFE, 0xFF][..], encoding_rs::UTF_16BE, "UTF-16BE"),
    ] {
        if bytes.starts_with(bom) {
            let (text, _, _) = enc.decode(&bytes);
            return Ok((text.into_owned().into_bytes(), name));
        }
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n' | 0x0C))
        .count();
    if sample.contains(&0) || control * 100 > sample.len() {
        return Err("it holds binary data, not text or an Excel workbook".into());
    }
    if std::str::from_utf8(&bytes).is_ok() {
        return Ok((bytes, "UTF-8"));
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    Ok((text.into_owned().into_bytes(), "Windows-1252"))
}

/// The delimiter used most consistently on the first lines: comma, tab, semicolon or pipe.
fn sniff_delimiter(text: &[u8]) -> u8 {
    let head = &text[..text.len().min(16 * 1024)];
    let lines: Vec<&[u8]> = head.split(|&b| b == b'\n').take(20).collect();
    let mut best = (b',', 0usize);
    for d in [b',', b'\t', b';', b'|'] {
        let count: usize = lines.iter().map(|l| l.iter().filter(|&&b| b == d).count()).sum();
        if count > best.1 {
            best = (d, count);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_cells(bytes: &[u8]) -> Vec<Vec<String>> {
        let wb = Workbook::from_bytes("t.csv", bytes.to_vec()).unwrap();
        wb.sheets[0].preview(100)
    }

    #[test]
    fn utf8_with_a_byte_order_mark_loses_the_mark() {
        assert_eq!(csv_cells(b"\xEF\xBB\xBFcode,name\nRJ1,Guy's\n")[0][0], "code");
    }

    #[test]
    fn windows_1252_text_is_decoded() {
        // "£" is 0xA3 and "é" is 0xE9 in Windows-1252.
        let rows = csv_cells(b"code,name,cost\nRJ1,Caf\xE9 services,\xA3100\n");
        assert_eq!(rows[1], ["RJ1", "Café services", "£100"]);
    }

    #[test]
    fn utf16_from_excel_unicode_text_is_decoded() {
        let text = "code\tvalue\nRJ1\t3.5\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(csv_cells(&bytes)[1], ["RJ1", "3.5"]);
    }

    #[test]
    fn semicolons_and_tabs_are_sniffed() {
        assert_eq!(csv_cells(b"a;b;c\n1;2;3\n")[1], ["1", "2", "3"]);
        assert_eq!(csv_cells(b"a\tb\n1\t2\n")[1], ["1", "2"]);
    }

    #[test]
    fn a_zip_holding_one_csv_is_read_as_that_csv() {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("etr.csv", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, b"a,b\n1,2\n").unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let wb = Workbook::from_bytes("etr.zip", bytes).unwrap();
        assert_eq!(wb.file, "etr.zip → etr.csv");
        assert_eq!(wb.sheets[0].preview(5)[1], ["1", "2"]);
    }

    #[test]
    fn an_empty_file_is_refused() {
        assert_eq!(
            Workbook::from_bytes("e.csv", vec![]).unwrap_err().code(),
            "import.empty"
        );
    }

    #[test]
    fn binary_junk_is_refused() {
        let junk: Vec<u8> = (0..2048u32).map(|i| (i * 7919 % 251) as u8).collect();
        let err = Workbook::from_bytes("junk.csv", junk).unwrap_err();
        assert!(err.to_string().contains("binary data"), "{err}");
    }

    #[test]
    fn an_html_page_is_refused_with_a_reason() {
        let err = Workbook::from_bytes(
            "dma.xlsx",
            b"  <!DOCTYPE html><html><body>Not found</body></html>".to_vec(),
        )
        .unwrap_err();
        assert_eq!(err.code(), "import.html", "{err}");
    }

    #[test]
    fn a_truncated_workbook_is_refused() {
        let err = Workbook::from_bytes("t.xlsx", b"PK\x03\x04\x14\x00\x00\x00garbage".to_vec()).unwrap_err();
        assert!(err.to_string().contains("damaged or truncated"), "{err}");
    }

    #[test]
    fn crlf_line_ends_do_not_shift_row_numbers() {
        let wb = Workbook::from_bytes("t.csv", b"a,b\r\nx,1\r\n\r\ny,2\r\n".to_vec()).unwrap();
        let mut numbers = Vec::new();
        wb.sheets[0]
            .for_each_row(1, |r| -> crate::Result<()> {
                numbers.push((r.number, r.get(0).text()));
                Ok(())
            })
            .unwrap();
        assert_eq!(numbers, [(2, "x".to_string()), (4, "y".to_string())]);
    }

    #[test]
    fn csv_rows_report_the_line_they_start_on() {
        let wb = Workbook::from_bytes("t.csv", b"a,b\n\"x\ny\",2\nz,3\n".to_vec()).unwrap();
        let mut numbers = Vec::new();
        wb.sheets[0]
            .for_each_row(0, |r| -> crate::Result<()> {
                numbers.push(r.number);
                Ok(())
            })
            .unwrap();
        assert_eq!(numbers, [1, 2, 4]);
    }
}
