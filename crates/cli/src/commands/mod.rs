//! One module per command.

pub mod datasets;
pub mod import;
pub mod orgs;
