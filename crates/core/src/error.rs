//! Errors of the core library. Every import error says where (file, sheet, row, column) and
//! what was expected, because the person reading it has the spreadsheet open beside them.

use std::fmt;
use std::path::{Path, PathBuf};

/// Result type of the core library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Anything the core library can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The database failed (corrupt file, disk full, a bug in a query).
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    /// The database was written by a newer Boardlens.
    #[error(
        "the database {path} was written by a newer Boardlens (schema version {found}, this one knows up to {known}); update Boardlens or use another --db"
    )]
    NewerSchema {
        /// The database file.
        path: String,
        /// Its schema version.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// Another process kept the database locked for writing longer than [`crate::store::BUSY_WAIT`].
    #[error(
        "another import or download is writing to the database {path} (waited {waited} s); try again when it has finished — nothing was changed"
    )]
    Busy {
        /// The database file.
        path: String,
        /// Seconds waited.
        waited: u64,
    },
    /// An import failed; the database is unchanged. (Boxed: it carries a location.)
    #[error(transparent)]
    Import(Box<ImportError>),
    /// A download failed; nothing was imported.
    #[error("{0}")]
    Download(String),
    /// A request named something that does not exist (an organisation, a dataset).
    #[error("{0}")]
    NotFound(String),
    /// A request was malformed (a bad filter, an unknown adapter name).
    #[error("{0}")]
    Invalid(String),
}

/// Read a small text file a person wrote (a column mapping, a cover sheet) and parse it; every
/// error names the file.
pub(crate) fn parse_text_file<T>(path: &Path, parse: impl FnOnce(&str) -> std::result::Result<T, String>) -> Result<T> {
    let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
    parse(&text).map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))
}

impl From<ImportError> for Error {
    fn from(e: ImportError) -> Self {
        Error::Import(Box::new(e))
    }
}

impl Error {
    /// The I/O error of an operation on `path`, for `map_err`.
    pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
        move |source| Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The file the error is about, when there is one (a field, so a front end never reads
    /// it out of the message).
    pub fn path(&self) -> Option<&Path> {
        match self {
            Error::Io { path, .. } => Some(path),
            _ => None,
        }
    }

    /// A stable, machine-readable code for the front ends (`{code, message}` over IPC, `--json`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::Database(_) => "database",
            Error::NewerSchema { .. } => "database.newer_schema",
            Error::Busy { .. } => "database.busy",
            Error::Import(e) => e.code(),
            Error::Download(_) => "download",
            Error::NotFound(_) => "not_found",
            Error::Invalid(_) => "invalid",
        }
    }
}

/// Why an import failed. The database is left exactly as it was before the import.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A zero-byte file.
    #[error("{file}: the file is empty (0 bytes); expected a CSV or Excel (.xlsx) file")]
    Empty {
        /// File name.
        file: String,
    },
    /// Binary data that is neither CSV nor an Excel workbook, or a damaged workbook.
    #[error("{file}: cannot read it as a table: {detail}")]
    Unreadable {
        /// File name.
        file: String,
        /// What was found instead.
        detail: String,
    },
    /// An HTML page, typically an error page saved under a data file's name.
    #[error(
        "{file}: this is a web page (HTML), not a data file; a download probably returned an error or sign-in page"
    )]
    Html {
        /// File name.
        file: String,
    },
    /// No adapter recognises the layout.
    #[error("{file}: no importer recognises this layout; {hint}")]
    UnknownLayout {
        /// File name.
        file: String,
        /// What would have been recognised.
        hint: String,
    },
    /// The chosen adapter did not find the columns it needs.
    #[error("{file}: {adapter} needs the columns {expected}; {found}")]
    MissingColumns {
        /// File name (and sheet).
        file: String,
        /// Adapter name.
        adapter: String,
        /// The columns it needs, listed.
        expected: String,
        /// What was found instead.
        found: String,
    },
    /// One cell (or row) holds something the adapter cannot accept.
    #[error("{location}: {problem}")]
    Cell {
        /// Where (boxed: errors travel in every `Result` of the import path).
        location: Box<Location>,
        /// What was found and what was expected.
        problem: String,
    },
    /// Two rows give different values for the same organisation, indicator and period.
    #[error(
        "{}: {} / {} / {} is given twice with different values ({} at row {}, {} here); the file must give one value",
        .0.location, .0.ods_code, .0.indicator, .0.period, .0.first, .0.first_row, .0.second
    )]
    Conflict(Box<ValueConflict>),
    /// The file, its mapping or the options lack something the import needs.
    #[error("{file}: {message}")]
    Invalid {
        /// File name.
        file: String,
        /// What is missing or contradictory.
        message: String,
    },
    /// A replacement would keep less than half of the values it replaces.
    #[error("{file}: {message}")]
    WouldShrink {
        /// File name.
        file: String,
        /// What would go, and how to ask for it.
        message: String,
    },
    /// The file is larger, or inflates to more, than an import allows ([`crate::import::limits`]).
    #[error("{file}: {what}; nothing was imported")]
    TooLarge {
        /// File name (and sheet).
        file: String,
        /// What exceeded which limit, and what to do.
        what: String,
    },
    /// The file ends part-way through a row: it was cut short (a failed copy or download).
    #[error("{file}: {message}; nothing was imported")]
    Truncated {
        /// File name.
        file: String,
        /// Where it ends and what was expected.
        message: String,
    },
    /// The user cancelled.
    #[error("{file}: import cancelled; nothing was changed")]
    Cancelled {
        /// File name.
        file: String,
    },
}

impl ImportError {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Empty { .. } => "import.empty",
            ImportError::Unreadable { .. } => "import.unreadable",
            ImportError::Html { .. } => "import.html",
            ImportError::UnknownLayout { .. } => "import.unknown_layout",
            ImportError::MissingColumns { .. } => "import.missing_columns",
            ImportError::Cell { .. } => "import.bad_cell",
            ImportError::Conflict(_) => "import.conflict",
            ImportError::Invalid { .. } => "import.invalid",
            ImportError::Cancelled { .. } => "import.cancelled",
            ImportError::WouldShrink { .. } => "import.would_shrink",
            ImportError::TooLarge { .. } => "import.too_large",
            ImportError::Truncated { .. } => "import.truncated",
        }
    }
}

/// The two values of an [`ImportError::Conflict`].
#[derive(Debug)]
pub struct ValueConflict {
    /// The second row.
    pub location: Location,
    /// Organisation.
    pub ods_code: String,
    /// Indicator key.
    pub indicator: String,
    /// Period.
    pub period: String,
    /// Row of the first value.
    pub first_row: u64,
    /// First value as text.
    pub first: String,
    /// Second value as text.
    pub second: String,
}

/// A place in an imported file, printed as a person would look for it in a spreadsheet:
/// `trusts.csv, row 14, column D (Safe Practice)`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Location {
    /// File name.
    pub file: String,
    /// Sheet name, for workbooks.
    pub sheet: Option<String>,
    /// 1-based row number as the spreadsheet shows it (for CSV: the line).
    pub row: u64,
    /// 0-based column index, if the problem is in one cell.
    pub column: Option<usize>,
    /// The column's header, if it has one.
    pub header: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", sheet '{sheet}'")?;
        }
        write!(f, ", row {}", self.row)?;
        if let Some(col) = self.column {
            write!(f, ", column {}", column_letters(col))?;
            if let Some(h) = &self.header {
                write!(f, " ({h})")?;
            }
        }
        Ok(())
    }
}

/// Spreadsheet column letters for a 0-based index: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_spreadsheets() {
        for (i, want) in [
            (0, "A"),
            (1, "B"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
        ] {
            assert_eq!(column_letters(i), want, "index {i}");
        }
    }

    #[test]
    fn location_reads_like_a_spreadsheet_reference() {
        let loc = Location {
            file: "dma.xlsx".into(),
            sheet: Some("SC - 2025 Pillar Summary".into()),
            row: 14,
            column: Some(3),
            header: Some("Safe Practice".into()),
        };
        assert_eq!(
            loc.to_string(),
            "dma.xlsx, sheet 'SC - 2025 Pillar Summary', row 14, column D (Safe Practice)"
        );
    }
}
