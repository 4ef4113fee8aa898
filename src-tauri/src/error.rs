//! The one error type every command returns: `{code, message}`, what the UI shows and tests match.

use serde::Serialize;

/// An error as the UI receives it: a stable code to branch on and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error, ts_rs::TS)]
#[error("{message}")]
pub struct CommandError {
    /// Stable, machine-readable: `import.unknown_layout`, `not_found`, `cancelled`, ...
    pub code: String,
    /// One plain sentence: which file, row, column, and what was expected.
    pub message: String,
}

impl CommandError {
    /// An error with this code and message.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        CommandError {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

impl From<boardlens_core::Error> for CommandError {
    fn from(e: boardlens_core::Error) -> Self {
        CommandError::new(e.code(), e.to_string())
    }
}

impl From<boardlens_charts::ChartError> for CommandError {
    fn from(e: boardlens_charts::ChartError) -> Self {
        use boardlens_charts::ChartError;
        let code = match &e {
            ChartError::NoData(_) => "chart.no_data",
            ChartError::Draw(_) | ChartError::Encode(_) => "chart.draw",
            ChartError::Io { .. } => "io",
            ChartError::Exists(_) => "export.folder_not_empty",
            ChartError::Format(_) => "export.format",
            ChartError::Cancelled => "cancelled",
        };
        CommandError::new(code, e.to_string())
    }
}

/// What commands return.
pub type CommandResult<T> = Result<T, CommandError>;
