//! Integration tests of boardlens-core: each module is one area, each test a sentence of the
//! specification. All run on real files from `datasets/` or on small files written in the test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod bad_input;
mod batches;
mod benchmark;
mod bundled;
mod dma_file;
mod download;
mod faults;
mod generic;
#[path = "../support/http.rs"]
mod http;
mod published;
mod streaming;
mod util;
