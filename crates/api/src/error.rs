//! The one error set of every operation: the core library's and the charts' errors with their
//! stable codes, and the few of this layer. Both front ends report `{code, message, path}`
//! from here — the CLI's `--json` on stderr, the app over IPC — so the same failure has the
//! same code in both. The codes are listed in `docs/errors.md`.

use serde::{Deserialize, Serialize};
use std::path::Path;

/// Anything an operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// From the core library (import, store, peers, download…), with its own code.
    #[error(transparent)]
    Core(#[from] boardlens_core::Error),
    /// From drawing or writing charts and the board pack, with its own code.
    #[error(transparent)]
    Chart(#[from] boardlens_charts::ChartError),
    /// There is no per-user data folder and no database was named.
    #[error("there is no per-user data folder on this system; pass --db PATH or set BOARDLENS_DB")]
    NoDataFolder,
    /// The report has no chart of that id (the data does not support it).
    #[error("there is no chart '{id}' for {subject}; the data does not support it")]
    NoSuchChart {
        /// The chart id asked for.
        id: String,
        /// The trust or ICB.
        subject: String,
    },
    /// A request was malformed: what was wrong and what was expected.
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    /// The stable, machine-readable code (`docs/errors.md`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Core(e) => e.code(),
            Error::Chart(e) => e.code(),
            Error::NoDataFolder => "config.no_data_folder",
            Error::NoSuchChart { .. } => "not_found",
            Error::Invalid(_) => "invalid",
        }
    }

    /// The file or folder the error is about, when there is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Error::Core(e) => e.path(),
            Error::Chart(e) => e.path(),
            _ => None,
        }
    }

    /// The error as both front ends report it.
    pub fn report(&self) -> ErrorReport {
        ErrorReport {
            code: self.code().to_string(),
            message: self.to_string(),
            path: self.path().map(|p| p.display().to_string()),
        }
    }
}

/// An error as a front end reports it: a stable code to branch on, one plain sentence for
/// people (which file, row, column, and what was expected), and the path it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[error("{message}")]
pub struct ErrorReport {
    /// Stable, machine-readable: `import.unknown_layout`, `export.folder_not_empty`, …
    pub code: String,
    /// One plain sentence.
    pub message: String,
    /// The file or folder it is about, when there is one (never read out of `message`).
    pub path: Option<String>,
}

impl ErrorReport {
    /// A report with this code and message, and no path (the front ends' own few errors:
    /// `cancelled`, `not_chosen`, `internal`).
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        ErrorReport {
            code: code.to_string(),
            message: message.into(),
            path: None,
        }
    }
}

impl From<Error> for ErrorReport {
    fn from(e: Error) -> Self {
        e.report()
    }
}

/// Result of an operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use boardlens_charts::ChartError;
    use boardlens_core::{Error as CoreError, ImportError};

    /// One error of each kind; the list of codes in `docs/errors.md` must hold every code.
    fn one_of_each() -> Vec<Error> {
        let io = || std::io::Error::other("disk full");
        let file = || "f.csv".to_string();
        vec![
            Error::NoDataFolder,
            Error::Invalid("x".into()),
            Error::NoSuchChart {
                id: "x".into(),
                subject: "y".into(),
            },
            Error::Core(CoreError::Io {
                path: "f".into(),
                source: io(),
            }),
            Error::Core(CoreError::NewerSchema {
                path: "b.db".into(),
                found: 9,
                known: 2,
            }),
            Error::Core(CoreError::Download("x".into())),
            Error::Core(CoreError::NotFound("x".into())),
            Error::Core(CoreError::Invalid("x".into())),
            Error::Core(ImportError::Empty { file: file() }.into()),
            Error::Core(ImportError::Html { file: file() }.into()),
            Error::Core(
                ImportError::Unreadable {
                    file: file(),
                    detail: "x".into(),
                }
                .into(),
            ),
            Error::Core(
                ImportError::UnknownLayout {
                    file: file(),
                    hint: "x".into(),
                }
                .into(),
            ),
            Error::Core(
                ImportError::Invalid {
                    file: file(),
                    message: "x".into(),
                }
                .into(),
            ),
            Error::Core(ImportError::Cancelled { file: file() }.into()),
            Error::Core(
                ImportError::WouldShrink {
                    file: file(),
                    message: "x".into(),
                }
                .into(),
            ),
            Error::Chart(ChartError::NoData("x".into())),
            Error::Chart(ChartError::Draw("x".into())),
            Error::Chart(ChartError::Exists("/p".into())),
            Error::Chart(ChartError::Format("x".into())),
            Error::Chart(ChartError::FileExists("/p".into())),
            Error::Chart(ChartError::NotAPack {
                dir: "/p".into(),
                found: "x".into(),
            }),
            Error::Chart(ChartError::Cancelled),
            Error::Chart(ChartError::Invalid("x".into())),
        ]
    }

    /// A database error, as a damaged file gives one.
    fn database_error() -> Error {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.db");
        std::fs::write(&path, vec![7u8; 4096]).unwrap();
        let err = boardlens_core::Store::open(&path)
            .err()
            .expect("a damaged file does not open");
        Error::Core(err)
    }

    #[test]
    fn every_code_is_documented_for_the_front_ends() {
        let doc = include_str!("../../../docs/errors.md");
        let database = database_error();
        assert_eq!(database.code(), "database");
        for e in one_of_each().into_iter().chain([database]) {
            assert!(
                doc.contains(&format!("| `{}` |", e.code())),
                "docs/errors.md lacks {}",
                e.code()
            );
        }
    }

    #[test]
    fn a_folder_or_file_is_a_field_of_the_report_not_only_words_in_its_message() {
        let r = Error::Chart(ChartError::Exists("/data/pack".into())).report();
        assert_eq!(r.code, "export.folder_not_empty");
        assert_eq!(r.path.as_deref(), Some("/data/pack"));
        assert_eq!(Error::Invalid("x".into()).report().path, None);
    }
}
