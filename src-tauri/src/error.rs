//! The error every command returns: the use-case layer's `{code, message, path}`
//! ([`boardlens_api::ErrorReport`]), the same codes the CLI's `--json` reports. The app adds
//! only its own few: `not_chosen` (a path no dialog gave), `cancelled`, `internal`.

/// An error as the UI receives it.
pub type CommandError = boardlens_api::ErrorReport;

/// What commands return.
pub type CommandResult<T> = Result<T, CommandError>;
