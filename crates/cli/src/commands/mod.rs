//! One module per command.

pub mod benchmark;
pub mod chart;
pub mod datasets;
pub mod download;
pub mod import;
pub mod orgs;
pub mod pack;
pub mod peers;
