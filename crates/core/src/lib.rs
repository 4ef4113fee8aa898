//! Boardlens core: everything Boardlens knows about NHS data, with no user interface.
//!
//! A brief overview:
//! - [`store::Store`] is the SQLite database (long format: organisations, datasets, indicators,
//!   observations). Opening a new one loads the national datasets bundled in the binary.
//! - [`import`] turns a file as NHS England publishes it (CSV or XLSX, header anywhere,
//!   suppressed cells, Windows-1252 text, provider names instead of codes) into rows of the
//!   store, all or nothing, keeping its provenance.
//! - [`orgs`] answers "who is who": trusts, their type, region and ICB; [`peers`] chooses a
//!   trust's peers; [`benchmark`] builds the report (the JSON contract) from them.
//! - [`format`] is the one formatter: every number a person reads is text made there.
//! - [`download`] is the only module that touches the network, and only when asked.
//!
//! This crate knows neither Tauri nor plotters nor the terminal. The front ends do not call it
//! directly for operations: `boardlens-api` holds the use cases both the CLI and the app call.

pub mod benchmark;
pub mod bundled;
pub mod cover;
pub mod dma;
pub mod download;
pub mod error;
pub mod format;
pub mod import;
pub mod model;
pub mod names;
pub mod orgs;
pub mod peers;
pub mod period;
pub mod stats;
pub mod store;

pub use error::{Error, ImportError, Location, Result};
pub use store::Store;
