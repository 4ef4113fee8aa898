//! From the bytes of a file to sheets of rows, whatever the publisher did: the format is
//! detected from the content (not the extension), text is decoded from UTF-8 (with or without a
//! byte-order mark), UTF-16 or Windows-1252, and the CSV delimiter is sniffed.
//!
//! CSV sheets are not split into cells up front: [`Sheet::for_each_row`] streams records, so a
//! million-row file costs its text and one record at a time.

use super::limits::{self, Limits};
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
        text: Text,
        delimiter: u8,
    },
    /// A sheet's cells held sparsely: memory follows the cells present, not the grid they
    /// span (one stray cell at `XFD1048576` costs one cell, not 17 billion).
    Grid {
        /// For each physical row from `first_row`, its cells' range in `cells`.
        rows: Vec<(u32, u32)>,
        /// (0-based absolute column, value), row by row, columns ascending.
        cells: Vec<(u32, Data)>,
        first_row: u64,
    },
}

/// Where a CSV sheet's text is.
#[derive(Debug)]
enum Text {
    /// Decoded text held in memory: a CSV inside a zip, a file that was not UTF-8, bytes given.
    Memory(Vec<u8>),
    /// A UTF-8 file on disk, checked when opened and read again for each pass, so a file of
    /// any size costs the reader's buffer, not its length.
    File {
        path: std::path::PathBuf,
        /// Bytes to skip at the start (a byte-order mark).
        skip: u64,
    },
}

/// The bytes each pass over a CSV reads at a time.
const READ_BUFFER: usize = 256 * 1024;

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
    /// A record's fields, one after another, and where each ends.
    Csv {
        text: &'a str,
        ends: &'a [usize],
    },
    Grid(&'a [(u32, Data)]),
}

impl<'a> Row<'a> {
    /// Cell at a 0-based column (absolute, as in the sheet: column A is 0).
    pub fn get(&self, column: usize) -> Cell<'a> {
        match &self.cells {
            RowCells::Csv { text, ends } => match ends.get(column) {
                Some(&end) => {
                    let start = if column == 0 { 0 } else { ends[column - 1] };
                    Cell::Text(&text[start..end])
                }
                None => Cell::Empty,
            },
            RowCells::Grid(cells) => {
                let Ok(column) = u32::try_from(column) else {
                    return Cell::Empty;
                };
                let found = cells
                    .binary_search_by_key(&column, |(c, _)| *c)
                    .ok()
                    .map(|i| &cells[i].1);
                match found {
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
            RowCells::Csv { ends, .. } => ends.len(),
            RowCells::Grid(cells) => cells.last().map_or(0, |(c, _)| *c as usize + 1),
        }
    }

    /// True when the row has no cells at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when every cell is blank.
    pub fn is_blank(&self) -> bool {
        match &self.cells {
            // The fields one after another: blank together exactly when blank one by one.
            RowCells::Csv { text, .. } => text.trim().is_empty(),
            RowCells::Grid(_) => (0..self.len()).all(|c| self.get(c).is_blank()),
        }
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
            Body::Csv { text, delimiter } => match text {
                Text::Memory(bytes) => self.csv_rows(&bytes[..], *delimiter, skip, visit),
                Text::File { path, skip: bom } => {
                    let reopen = |e: std::io::Error| ImportError::Unreadable {
                        file: self.file.clone(),
                        detail: format!("it could not be read again: {e}"),
                    };
                    let mut file = std::fs::File::open(path).map_err(reopen)?;
                    std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(*bom)).map_err(reopen)?;
                    self.csv_rows(file, *delimiter, skip, visit)
                }
            },
            Body::Grid { rows, cells, first_row } => {
                for (i, (start, end)) in rows.iter().enumerate().skip(skip) {
                    visit(&Row {
                        number: first_row + i as u64 + 1,
                        cells: RowCells::Grid(&cells[*start as usize..*end as usize]),
                    })?;
                }
                Ok(())
            }
        }
    }

    /// The records of CSV text from `input`, read a buffer at a time. Row numbers are the lines
    /// the records start on, counted here (blank lines and line ends between records skipped)
    /// so a CRLF file numbers its rows as a spreadsheet does.
    fn csv_rows<E>(
        &self,
        mut input: impl std::io::Read,
        delimiter: u8,
        skip: usize,
        mut visit: impl FnMut(&Row<'_>) -> Result<(), E>,
    ) -> Result<(), E>
    where
        E: From<ImportError>,
    {
        let mut parser = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        let mut buffer = Buffer {
            bytes: vec![0u8; READ_BUFFER],
            lo: 0,
            hi: 0,
            eof: false,
        };
        let (mut out, mut ends) = (vec![0u8; 4096], vec![0usize; 64]);
        let mut raw: Vec<u8> = Vec::new();
        let (mut line, mut index, mut last_byte) = (1u64, 0usize, None::<u8>);
        let mut fields_before = None;
        loop {
            // Line ends and blank lines before the record: counted, not read as a record.
            loop {
                buffer.fill(&mut input, &self.file)?;
                let unread = buffer.unread();
                let n = unread
                    .iter()
                    .position(|b| !matches!(b, b'\n' | b'\r'))
                    .unwrap_or(unread.len());
                line += unread[..n].iter().filter(|&&b| b == b'\n').count() as u64;
                if n > 0 {
                    last_byte = Some(unread[n - 1]);
                }
                let rest = unread.len() - n;
                buffer.lo += n;
                if rest > 0 {
                    break;
                }
                if buffer.eof {
                    return Ok(());
                }
            }
            let start_line = line;
            raw.clear();
            let (mut nout, mut nend) = (0usize, 0usize);
            loop {
                buffer.fill(&mut input, &self.file)?;
                let unread = buffer.unread();
                let (result, nin, o, e) = parser.read_record(unread, &mut out[nout..], &mut ends[nend..]);
                let consumed = &unread[..nin];
                line += consumed.iter().filter(|&&b| b == b'\n').count() as u64;
                raw.extend_from_slice(consumed);
                if let Some(&b) = consumed.last() {
                    last_byte = Some(b);
                }
                buffer.lo += nin;
                (nout, nend) = (nout + o, nend + e);
                match result {
                    csv_core::ReadRecordResult::InputEmpty => {}
                    csv_core::ReadRecordResult::OutputFull => out.resize(out.len() * 2, 0),
                    csv_core::ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                    csv_core::ReadRecordResult::Record => break,
                    csv_core::ReadRecordResult::End => return Ok(()),
                }
            }
            let text = std::str::from_utf8(&out[..nout]).map_err(|e| ImportError::Unreadable {
                file: self.file.clone(),
                detail: format!(
                    "line {start_line}: byte {} of the row is not UTF-8 text",
                    e.valid_up_to() + 1
                ),
            })?;
            let ends = &ends[..nend];
            buffer.fill(&mut input, &self.file)?;
            if buffer.eof {
                self.check_last_record(&raw, start_line, last_byte, text, ends, fields_before)?;
            }
            let row = Row {
                number: start_line,
                cells: RowCells::Csv { text, ends },
            };
            if !(0..ends.len()).all(|c| matches!(row.get(c), Cell::Text("") | Cell::Empty)) {
                fields_before = Some(ends.len());
            }
            if index >= skip {
                visit(&row)?;
            }
            index += 1;
        }
    }

    /// The last record of a CSV file, checked before it is used: a file cut short (a failed
    /// copy, a download whose server misstated its length) ends part-way through a row, with
    /// fewer fields than the rows above or inside a quoted value that never closes. Such a row
    /// is refused rather than imported with half a value.
    fn check_last_record(
        &self,
        raw: &[u8],
        line_of_start: u64,
        last_byte: Option<u8>,
        text: &str,
        ends: &[usize],
        fields_before: Option<usize>,
    ) -> Result<(), ImportError> {
        let ends_with_line_end = matches!(last_byte, Some(b'\n' | b'\r'));
        let spans_lines = raw.iter().filter(|&&b| b == b'\n').count() > usize::from(ends_with_line_end);
        let quotes = raw.iter().filter(|&&b| b == b'"').count();
        if spans_lines && quotes % 2 == 1 {
            return Err(ImportError::Truncated {
                file: self.file.clone(),
                message: format!(
                    "line {line_of_start} opens a quoted value (\") that is never closed, so the rest of the file would be read as one value; the file may be cut short, or a closing quote is missing"
                ),
            });
        }
        if !ends_with_line_end {
            let field = |i: usize| &text[if i == 0 { 0 } else { ends[i - 1] }..ends[i]];
            // A note under the table ("Source: NHS England") is one field of words, not a cut row.
            let note = ends.len() == 1 && field(0).trim().contains(' ');
            let blank = (0..ends.len()).all(|i| field(i).is_empty());
            if let Some(expected) = fields_before.filter(|n| ends.len() < *n && !note && !blank) {
                return Err(ImportError::Truncated {
                    file: self.file.clone(),
                    message: format!(
                        "the last line (line {line_of_start}) has {} of the {expected} values the lines above have and no line end: the file looks cut short (a failed copy or download); get the whole file again",
                        ends.len()
                    ),
                });
            }
        }
        Ok(())
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

/// A CSV pass's read buffer: `bytes[lo..hi]` not yet parsed.
struct Buffer {
    bytes: Vec<u8>,
    lo: usize,
    hi: usize,
    eof: bool,
}

impl Buffer {
    /// Read more when everything read has been parsed.
    fn fill(&mut self, input: &mut impl std::io::Read, file: &str) -> Result<(), ImportError> {
        if self.lo == self.hi && !self.eof {
            let n = loop {
                match input.read(&mut self.bytes) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        return Err(ImportError::Unreadable {
                            file: file.to_string(),
                            detail: format!("it could not be read: {e}"),
                        });
                    }
                }
            };
            (self.lo, self.hi, self.eof) = (0, n, n == 0);
        }
        Ok(())
    }

    fn unread(&self) -> &[u8] {
        &self.bytes[self.lo..self.hi]
    }
}

struct PreviewDone;
impl From<ImportError> for PreviewDone {
    fn from(_: ImportError) -> Self {
        PreviewDone
    }
}

impl Workbook {
    /// Read a file's bytes as a workbook under the default [`Limits`].
    pub fn from_bytes(file: &str, bytes: Vec<u8>) -> crate::Result<Workbook> {
        Workbook::read(file, bytes, &Limits::default())
    }

    /// Read a file's bytes as a workbook, detecting what it is from its content. Nothing the
    /// file claims is allocated before it is checked against `limits`.
    pub fn read(file: &str, bytes: Vec<u8>, limits: &Limits) -> crate::Result<Workbook> {
        let file = file.to_string();
        if bytes.is_empty() {
            return Err(ImportError::Empty { file }.into());
        }
        limits.check_file_size(&file, bytes.len() as u64)?;
        if bytes.starts_with(b"PK\x03\x04") {
            let contents = limits::scan_zip(&file, &bytes, limits)?;
            return match ZipKind::of(&contents.names) {
                ZipKind::Workbook => read_excel(file, bytes, limits),
                ZipKind::OneCsv(name) => {
                    // ODS distributes its files as a zip holding one CSV (etr.zip → etr.csv).
                    let inner = one_entry(&file, &bytes, &name, limits)?;
                    let place = format!("{file} → {name}");
                    if inner.starts_with(b"PK") {
                        return Err(ImportError::Unreadable {
                            file: place,
                            detail:
                                "it is a ZIP archive inside a ZIP archive; unzip the outer one and import what it holds"
                                    .into(),
                        }
                        .into());
                    }
                    Workbook::read_text(place, inner)
                }
                ZipKind::Other(what) => Err(ImportError::Unreadable { file, detail: what }.into()),
            };
        }
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return read_excel(file, bytes, limits);
        }
        if bytes.starts_with(b"PK") {
            return Err(ImportError::Unreadable {
                file,
                detail: "it is a damaged or partial ZIP archive, not an Excel workbook".into(),
            }
            .into());
        }
        if bytes.starts_with(&[0x1F, 0x8B]) {
            return Err(ImportError::Unreadable {
                file,
                detail: "it is gzip-compressed; decompress it (it may end in .gz) and import what it holds".into(),
            }
            .into());
        }
        Workbook::read_text(file, bytes)
    }

    /// Open a file a user chose. A UTF-8 CSV (by far the commonest large file) is checked and
    /// digested in one pass and then read from disk pass by pass, so its size costs nothing in
    /// memory; anything else (a workbook, a zip, text in another encoding) is read into memory
    /// as [`Workbook::read`] does. Returns the workbook and the file's SHA-256 (hex).
    pub fn open(path: &std::path::Path, limits: &Limits) -> crate::Result<(Workbook, String)> {
        let name = path
            .file_name()
            .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let size = std::fs::metadata(path).map_err(crate::Error::io(path))?.len();
        limits.check_file_size(&name, size)?;
        let scan = TextScan::of(path, limits, &name)?;
        let bom = scan.head.starts_with(&[0xEF, 0xBB, 0xBF]);
        let body = &scan.head[if bom { 3 } else { 0 }..];
        let sample = &body[..body.len().min(8192)];
        let control = sample
            .iter()
            .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n' | 0x0C))
            .count();
        let plain_text = !body.is_empty()
            && !scan.head.starts_with(b"PK")
            && !scan.head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
            && !scan.head.starts_with(&[0x1F, 0x8B])
            && !scan.head.starts_with(&[0xFF, 0xFE])
            && !scan.head.starts_with(&[0xFE, 0xFF])
            && (bom || !sample.contains(&0) && control * 100 <= sample.len())
            && scan.utf8
            && (scan.line_feeds || !scan.carriage_returns)
            && !looks_like_html(body);
        if !plain_text {
            let mut bytes = Vec::with_capacity(size as usize);
            std::io::Read::read_to_end(
                &mut std::io::Read::take(
                    std::fs::File::open(path).map_err(crate::Error::io(path))?,
                    limits.max_bytes + 1,
                ),
                &mut bytes,
            )
            .map_err(crate::Error::io(path))?;
            // A file that grew while being read is still held to the cap.
            limits.check_file_size(&name, bytes.len() as u64)?;
            let sha256 = crate::import::sha256_hex(&bytes);
            return Ok((Workbook::read(&name, bytes, limits)?, sha256));
        }
        let sheets = vec![Sheet {
            name: None,
            file: name.clone(),
            body: Body::Csv {
                text: Text::File {
                    path: path.to_path_buf(),
                    skip: if bom { 3 } else { 0 },
                },
                delimiter: sniff_delimiter(body),
            },
        }];
        Ok((
            Workbook {
                file: name,
                format: Format::Csv,
                sheets,
                encoding: if bom { "UTF-8 (with byte-order mark)" } else { "UTF-8" },
            },
            scan.sha256,
        ))
    }

    fn read_text(file: String, bytes: Vec<u8>) -> crate::Result<Workbook> {
        if bytes.is_empty() {
            return Err(ImportError::Empty { file }.into());
        }
        let (text, encoding) = decode_text(bytes).map_err(|detail| ImportError::Unreadable {
            file: file.clone(),
            detail,
        })?;
        if looks_like_html(&text) {
            return Err(ImportError::Html { file }.into());
        }
        let text = lone_carriage_returns_to_line_feeds(text);
        let delimiter = sniff_delimiter(&text);
        let sheets = vec![Sheet {
            name: None,
            file: file.clone(),
            body: Body::Csv {
                text: Text::Memory(text),
                delimiter,
            },
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

/// One pass over a file on disk: its digest, its first bytes, and whether all of it is UTF-8
/// text whose lines end as the CSV reader expects.
struct TextScan {
    sha256: String,
    head: Vec<u8>,
    utf8: bool,
    carriage_returns: bool,
    line_feeds: bool,
}

impl TextScan {
    fn of(path: &std::path::Path, limits: &Limits, name: &str) -> crate::Result<TextScan> {
        use sha2::Digest;
        const HEAD: usize = 16 * 1024;
        let mut file = std::fs::File::open(path).map_err(crate::Error::io(path))?;
        let mut hasher = sha2::Sha256::new();
        let mut scan = TextScan {
            sha256: String::new(),
            head: Vec::new(),
            utf8: true,
            carriage_returns: false,
            line_feeds: false,
        };
        let mut buf = vec![0u8; READ_BUFFER];
        // Bytes at the start of `buf` that end part-way through a UTF-8 character.
        let (mut carry, mut total) = (0usize, 0u64);
        loop {
            let n = match std::io::Read::read(&mut file, &mut buf[carry..]) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(crate::Error::io(path)(e)),
            };
            let new = &buf[carry..carry + n];
            hasher.update(new);
            total += n as u64;
            // A file that grows while being read is still held to the cap.
            limits.check_file_size(name, total)?;
            if scan.head.len() < HEAD {
                scan.head
                    .extend_from_slice(&new[..new.len().min(HEAD - scan.head.len())]);
            }
            scan.carriage_returns |= new.contains(&b'\r');
            scan.line_feeds |= new.contains(&b'\n');
            let read = carry + n;
            carry = 0;
            if scan.utf8 {
                match std::str::from_utf8(&buf[..read]) {
                    Ok(_) => {}
                    Err(e) if e.error_len().is_none() => {
                        buf.copy_within(e.valid_up_to()..read, 0);
                        carry = read - e.valid_up_to();
                    }
                    Err(_) => scan.utf8 = false,
                }
            }
        }
        scan.utf8 &= carry == 0;
        scan.sha256 = crate::import::hex(&hasher.finalize());
        Ok(scan)
    }
}

/// True for a web page saved in place of a data file (a login or error page).
fn looks_like_html(text: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&text[..text.len().min(512)])
        .trim_start()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
}

/// What a zip archive is, from the names of its entries.
enum ZipKind {
    /// An Excel (or OpenDocument) workbook.
    Workbook,
    /// An archive holding one CSV file (and perhaps a readme), by that file's name.
    OneCsv(String),
    /// Anything else, with what it holds in words.
    Other(String),
}

impl ZipKind {
    fn of(names: &[String]) -> ZipKind {
        if names
            .iter()
            .any(|n| n.starts_with("xl/") || n == "[Content_Types].xml" || n == "content.xml")
        {
            return ZipKind::Workbook;
        }
        let csvs: Vec<&String> = names
            .iter()
            .filter(|n| n.to_ascii_lowercase().ends_with(".csv"))
            .collect();
        match csvs.as_slice() {
            [one] => ZipKind::OneCsv((*one).clone()),
            [] => {
                let shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
                ZipKind::Other(format!(
                    "it is a ZIP archive holding no CSV file and no Excel workbook ({}); unzip it and import the data file inside",
                    if shown.is_empty() {
                        "it is empty".to_string()
                    } else {
                        shown.join(", ")
                    }
                ))
            }
            many => {
                let shown: Vec<&str> = many.iter().take(5).map(|s| s.as_str()).collect();
                ZipKind::Other(format!(
                    "it is a ZIP archive holding {} CSV files ({}); Boardlens reads a zip with one: unzip it and import each file",
                    many.len(),
                    shown.join(", ")
                ))
            }
        }
    }
}

/// One entry of a zip archive, inflated within the limits.
fn one_entry(file: &str, bytes: &[u8], name: &str, limits: &Limits) -> crate::Result<Vec<u8>> {
    let damaged = |e: zip::result::ZipError| ImportError::Unreadable {
        file: file.to_string(),
        detail: format!("the ZIP archive is damaged ({e})"),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let entry = archive.by_name(name).map_err(damaged)?;
    Ok(limits::read_capped(file, name, entry, limits)?)
}

fn read_excel(file: String, bytes: Vec<u8>, limits: &Limits) -> crate::Result<Workbook> {
    let unreadable = |e: &dyn std::fmt::Display| ImportError::Unreadable {
        file: file.clone(),
        detail: format!("the Excel workbook is damaged or truncated ({e})"),
    };
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut budget = CellBudget::new(&file, limits);
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let mut grid = GridBuilder::default();
        match &mut book {
            calamine::Sheets::Xlsx(x) => {
                let mut cells = x.worksheet_cells_reader(&name).map_err(|e| unreadable(&e))?;
                while let Some(cell) = cells.next_cell().map_err(|e| unreadable(&e))? {
                    let (row, col) = cell.get_position();
                    grid.push(row, col, Data::from(cell.get_value().clone()), &mut budget, &name)?;
                }
            }
            calamine::Sheets::Xlsb(x) => {
                let mut cells = x.worksheet_cells_reader(&name).map_err(|e| unreadable(&e))?;
                while let Some(cell) = cells.next_cell().map_err(|e| unreadable(&e))? {
                    let (row, col) = cell.get_position();
                    grid.push(row, col, Data::from(cell.get_value().clone()), &mut budget, &name)?;
                }
            }
            // Legacy .xls and OpenDocument: the format itself bounds the grid (.xls: 65,536
            // rows × 256 columns).
            other => {
                let range = other.worksheet_range(&name).map_err(|e| unreadable(&e))?;
                let (r0, c0) = range.start().unwrap_or((0, 0));
                for (r, c, value) in range.used_cells() {
                    grid.push(r0 + r as u32, c0 + c as u32, value.clone(), &mut budget, &name)?;
                }
            }
        }
        sheets.push(Sheet {
            name: Some(name),
            file: file.clone(),
            body: grid.finish(),
        });
    }
    Ok(Workbook {
        file,
        format: Format::Excel,
        sheets,
        encoding: "xlsx",
    })
}

/// Counts the cells and characters a workbook has so far, against the limits.
struct CellBudget<'a> {
    file: &'a str,
    cells: u64,
    text_bytes: u64,
    max_text_bytes: u64,
}

impl<'a> CellBudget<'a> {
    fn new(file: &'a str, limits: &Limits) -> Self {
        CellBudget {
            file,
            cells: 0,
            text_bytes: 0,
            max_text_bytes: limits.max_bytes,
        }
    }

    fn take(&mut self, sheet: &str, row: u32, col: u32, value: &Data) -> Result<(), ImportError> {
        let too_large = |what: String| ImportError::TooLarge {
            file: format!("{}, sheet '{sheet}'", self.file),
            what,
        };
        self.cells += 1;
        if self.cells > limits::MAX_CELLS {
            return Err(too_large(format!(
                "the workbook has more than {} cells with values, the limit; save the sheet you need as CSV and import that",
                limits::MAX_CELLS
            )));
        }
        if let Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) = value {
            let chars = s.chars().count();
            if chars > limits::MAX_CELL_CHARS {
                return Err(too_large(format!(
                    "cell {}{} holds {chars} characters, more than Excel itself allows ({})",
                    crate::error::column_letters(col as usize),
                    row as u64 + 1,
                    limits::MAX_CELL_CHARS
                )));
            }
            self.text_bytes += s.len() as u64;
            if self.text_bytes > self.max_text_bytes {
                return Err(too_large(format!(
                    "its cells hold more than {} of text, the limit",
                    megabytes_words(self.max_text_bytes)
                )));
            }
        }
        Ok(())
    }
}

fn megabytes_words(bytes: u64) -> String {
    Limits { max_bytes: bytes }.max_words()
}

/// Builds a sparse [`Body::Grid`] from cells in any order.
#[derive(Default)]
struct GridBuilder {
    cells: Vec<(u32, u32, Data)>,
}

impl GridBuilder {
    fn push(
        &mut self,
        row: u32,
        col: u32,
        value: Data,
        budget: &mut CellBudget<'_>,
        sheet: &str,
    ) -> Result<(), ImportError> {
        if matches!(value, Data::Empty) {
            return Ok(());
        }
        budget.take(sheet, row, col, &value)?;
        self.cells.push((row, col, value));
        Ok(())
    }

    fn finish(mut self) -> Body {
        // Workbooks list cells in order; a damaged one may not. The last of two values for one
        // cell wins, as it does when Excel reads such a file.
        if !self.cells.windows(2).all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)) {
            self.cells.sort_by_key(|(r, c, _)| (*r, *c));
            let mut kept: Vec<(u32, u32, Data)> = Vec::with_capacity(self.cells.len());
            for cell in self.cells {
                match kept.last_mut() {
                    Some(last) if (last.0, last.1) == (cell.0, cell.1) => *last = cell,
                    _ => kept.push(cell),
                }
            }
            self.cells = kept;
        }
        let first_row = self.cells.first().map_or(0, |c| c.0);
        let last_row = self.cells.last().map_or(0, |c| c.0);
        let mut rows = Vec::new();
        let mut cells = Vec::with_capacity(self.cells.len());
        if !self.cells.is_empty() {
            rows.reserve((last_row - first_row + 1) as usize);
            let mut at = 0usize;
            for row in first_row..=last_row {
                let start = cells.len() as u32;
                while at < self.cells.len() && self.cells[at].0 == row {
                    let (_, col, value) = std::mem::replace(&mut self.cells[at], (0, 0, Data::Empty));
                    cells.push((col, value));
                    at += 1;
                }
                rows.push((start, cells.len() as u32));
            }
        }
        Body::Grid {
            rows,
            cells,
            first_row: first_row as u64,
        }
    }
}

/// Old Mac files end lines with a lone carriage return, which the CSV reader reads as one long
/// record: make them line feeds (a CR inside quotes stays).
fn lone_carriage_returns_to_line_feeds(mut text: Vec<u8>) -> Vec<u8> {
    if !text.contains(&b'\r') || text.contains(&b'\n') {
        return text;
    }
    let mut quoted = false;
    for b in text.iter_mut() {
        match *b {
            b'"' => quoted = !quoted,
            b'\r' if !quoted => *b = b'\n',
            _ => {}
        }
    }
    text
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
    let first_bad = match std::str::from_utf8(&bytes) {
        Ok(_) => return Ok((bytes, "UTF-8")),
        Err(e) => e.valid_up_to(),
    };
    // Regression: one stray Windows-1252 byte in a UTF-8 file made the whole file decode as
    // Windows-1252 ("–" became "â€“"). A file with real UTF-8 characters and a byte that is
    // not is mixed: say where, rather than guess.
    let has_utf8 = bytes
        .utf8_chunks()
        .any(|chunk| chunk.valid().bytes().any(|b| b >= 0x80));
    if has_utf8 {
        let line = bytes[..first_bad].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(format!(
            "it mixes encodings: it is UTF-8, but the byte at offset {first_bad} (line {line}, value 0x{:02X}) is not; open it in a spreadsheet and save it again as CSV UTF-8",
            bytes[first_bad]
        ));
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
    fn regression_a_stray_windows_1252_byte_in_a_utf8_file_is_named_with_its_place() {
        let err = Workbook::from_bytes(
            "m.csv",
            b"code,name\nRJ1,Guy\xE2\x80\x93St Thomas\nRRK,Birmingham \x96 Solihull\n".to_vec(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("it mixes encodings: it is UTF-8, but the byte at offset 45 (line 3, value 0x96) is not"),
            "{err}"
        );
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
    /// A real workbook written by rust_xlsxwriter, with `edit` applied to the named part.
    fn workbook_with(cells: &[(u32, u16, &str)], part: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (r, c, v) in cells {
            sheet.write_string(*r, *c, *v).unwrap();
        }
        let bytes = book.save_to_buffer().unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let name = entry.name().unwrap().into_owned();
            let mut body = String::new();
            std::io::Read::read_to_string(&mut entry, &mut body).unwrap();
            if name == part {
                body = edit(&body);
            }
            out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            std::io::Write::write_all(&mut out, body.as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn regression_a_stray_cell_at_xfd1048576_is_one_cell_not_a_17_billion_cell_grid() {
        // Was: SIGABRT (the reader reserved 512 GiB for the grid the two cells span).
        let bytes = workbook_with(&[(0, 0, "code"), (1_048_575, 16_383, "stray")], "", |s| s.into());
        let wb = Workbook::from_bytes("stray.xlsx", bytes).unwrap();
        let sheet = &wb.sheets[0];
        assert_eq!(sheet.preview(1), [["code"]]);
        let mut last = None;
        sheet
            .for_each_row(0, |r| -> crate::Result<()> {
                if !r.is_empty() {
                    last = Some((r.number, r.len(), r.get(16_383).text()));
                }
                Ok(())
            })
            .unwrap();
        assert_eq!(last, Some((1_048_576, 16_384, "stray".to_string())));
    }

    #[test]
    fn regression_a_shared_string_table_claiming_9e14_strings_is_refused_not_an_abort() {
        let bytes = workbook_with(&[(0, 0, "code")], "xl/sharedStrings.xml", |s| {
            s.replace("uniqueCount=\"1\"", "uniqueCount=\"900000000000000\"")
        });
        let err = Workbook::from_bytes("sst.xlsx", bytes).unwrap_err();
        assert_eq!(err.code(), "import.too_large", "{err}");
        assert!(
            err.to_string()
                .starts_with("sst.xlsx: its shared-string table claims 900000000000000 strings"),
            "{err}"
        );
    }

    #[test]
    fn a_cell_longer_than_excel_allows_is_refused_naming_the_cell() {
        let long = "x".repeat(limits::MAX_CELL_CHARS + 1);
        let bytes = workbook_with(&[(0, 0, "code")], "xl/sharedStrings.xml", |s| {
            s.replace(">code<", &format!(">{long}<"))
        });
        let err = Workbook::from_bytes("long.xlsx", bytes).unwrap_err();
        assert_eq!(err.code(), "import.too_large");
        assert!(err.to_string().contains("cell A1 holds 32768 characters"), "{err}");
    }

    #[test]
    fn a_workbook_that_inflates_past_the_cap_is_refused() {
        let bytes = workbook_with(&[(0, 0, "code")], "xl/sharedStrings.xml", |s| {
            s.replace(">code<", &format!(">{}<", "y".repeat(30_000)))
        });
        let err = Workbook::read("big.xlsx", bytes, &Limits { max_bytes: 20_000 }).unwrap_err();
        assert_eq!(err.code(), "import.too_large");
        assert!(err.to_string().contains("inflates to more than"), "{err}");
    }

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, body) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            std::io::Write::write_all(&mut zip, body).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn zips_that_are_not_one_csv_say_what_they_hold() {
        let two = zip_of(&[("a.csv", b"x\n"), ("b.csv", b"y\n")]);
        let err = Workbook::from_bytes("two.zip", two).unwrap_err().to_string();
        assert!(err.contains("holding 2 CSV files (a.csv, b.csv)"), "{err}");
        let text = zip_of(&[("notes.txt", b"hello\n")]);
        let err = Workbook::from_bytes("notes.zip", text).unwrap_err().to_string();
        assert!(err.contains("no CSV file and no Excel workbook (notes.txt)"), "{err}");
        assert!(!err.contains("Excel workbook is damaged"), "{err}");
    }

    #[test]
    fn regression_a_zip_inside_a_zip_is_opened_one_level_only() {
        let inner = zip_of(&[("data.csv", b"a,b\n1,2\n")]);
        let outer = zip_of(&[("data.csv", &inner)]);
        let err = Workbook::from_bytes("nested.zip", outer).unwrap_err().to_string();
        assert!(err.contains("ZIP archive inside a ZIP archive"), "{err}");
    }

    #[test]
    fn gzip_is_named_not_called_binary() {
        let err = Workbook::from_bytes("x.csv", vec![0x1F, 0x8B, 8, 0, 0, 0])
            .unwrap_err()
            .to_string();
        assert!(err.contains("gzip-compressed"), "{err}");
    }

    fn read_all(bytes: &[u8]) -> crate::Result<Vec<Vec<String>>> {
        let wb = Workbook::from_bytes("t.csv", bytes.to_vec())?;
        let mut rows = Vec::new();
        wb.sheets[0].for_each_row(0, |r| -> crate::Result<()> {
            rows.push(r.texts());
            Ok(())
        })?;
        Ok(rows)
    }

    #[test]
    fn regression_a_csv_cut_mid_row_is_refused_not_half_imported() {
        let err = read_all(b"code,name,value\nRJ1,Guy's,1\nRRK,Birmingh").unwrap_err();
        assert_eq!(err.code(), "import.truncated");
        assert!(
            err.to_string().contains("the last line (line 3) has 2 of the 3 values"),
            "{err}"
        );
        // The same rows with the line end, or a last row as long as the others, are fine.
        assert_eq!(read_all(b"code,name,value\nRJ1,Guy's,1\nRRK,B,2").unwrap().len(), 3);
        // A note under the table is not a cut row.
        assert_eq!(
            read_all(b"code,name,value\nRJ1,Guy's,1\nSource: NHS England")
                .unwrap()
                .len(),
            3
        );
    }

    #[test]
    fn regression_an_unclosed_quote_names_its_line_not_a_strange_value() {
        let err = read_all(b"code,name\nRJ1,\"Guy's\nRRK,Birmingham\nRXT,Black\n").unwrap_err();
        assert_eq!(err.code(), "import.truncated");
        assert!(err.to_string().contains("line 2 opens a quoted value"), "{err}");
    }

    #[test]
    fn regression_carriage_return_line_ends_give_the_right_line_numbers() {
        let wb = Workbook::from_bytes("mac.csv", b"a,b\rx,1\ry,2\r".to_vec()).unwrap();
        let mut numbers = Vec::new();
        wb.sheets[0]
            .for_each_row(1, |r| -> crate::Result<()> {
                numbers.push(r.number);
                Ok(())
            })
            .unwrap();
        assert_eq!(numbers, [2, 3]);
    }
}
