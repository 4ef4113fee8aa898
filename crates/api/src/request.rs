//! The requests both front ends send: the CLI builds them from its arguments, the app
//! receives them over IPC (as JSON, typed in TypeScript by ts-rs). Each is checked here, once.

use crate::error::{Error, Result};
use boardlens_core::cover::CoverSheet;
use boardlens_core::peers::{PeerSpec, Weights};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Which trust or ICB, against which peers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BenchmarkRequest {
    /// ODS code, e.g. `RJ1` (an ICB: `QHL`); any case, spaces trimmed.
    pub ods_code: String,
    /// How its peers are chosen (default: the same type).
    #[serde(default)]
    pub peers: PeerSpec,
    /// Nearest-neighbour weights changed from the defaults, e.g. `{ "beds": 2 }`.
    #[serde(default)]
    pub weights: Weights,
    /// Only indicators of this dataset family (`dma_results`) or whose key starts with this (`dma.`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub dataset: Option<String>,
    /// This period instead of each indicator's latest.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub period: Option<String>,
    /// How SPC charts are calculated (rule lengths, a baseline, rebasing); default
    /// NHSRplotthedots' own.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub spc: Option<boardlens_core::stats::spc::Settings>,
}

impl BenchmarkRequest {
    /// A request for `ods_code` against peers of its own type, default weights, everything.
    pub fn new(ods_code: &str) -> BenchmarkRequest {
        BenchmarkRequest {
            ods_code: ods_code.to_string(),
            ..BenchmarkRequest::default()
        }
    }

    /// The core library's request, or `invalid` with what was wrong: an ODS code is letters
    /// and digits (at most 10), the peers and weights as [`PeerSpec::checked`] and
    /// [`boardlens_core::peers::features_with`] say.
    pub fn to_core(&self) -> Result<boardlens_core::benchmark::Request> {
        let code = self.ods_code.trim().to_ascii_uppercase();
        if code.is_empty() || code.len() > 10 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(Error::Invalid(format!(
                "'{}' is not an ODS code; expected letters and digits, e.g. RJ1 or QHL",
                self.ods_code
            )));
        }
        Ok(boardlens_core::benchmark::Request {
            ods_code: code,
            peers: self.peers.clone().checked()?,
            features: boardlens_core::peers::features_with(&self.weights)?,
            dataset: self.dataset.clone().filter(|d| !d.trim().is_empty()),
            period: self.period.clone().filter(|p| !p.trim().is_empty()),
            spc: self.spc.clone().unwrap_or_default(),
        })
    }
}

/// One chart of the report, by its id in the board pack (`pillar-profile`, `nss-burned-out-funnel`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChartRequest {
    /// The report it is drawn from.
    pub benchmark: BenchmarkRequest,
    /// The chart's id (see `charts`).
    pub id: String,
    /// `screen` (for the app's card: 600 px wide, text at least 12 px, without the title and
    /// subtitle, which the card shows), `slide`, `a4`, `a4-half` or `a4-full`.
    pub size: String,
}

/// A chart by kind, as the CLI asks for one (`boardlens chart ranked-bar RJ1 --indicator …`).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartOfKind {
    /// The report it is drawn from.
    pub benchmark: BenchmarkRequest,
    /// `pillar-profile`, `ranked-bar`, … (`boardlens_charts::Kind::ALL`).
    pub kind: String,
    /// The indicator of a ranked bar, trend, funnel or SPC chart, or the care setting of a pillar chart.
    pub indicator: Option<String>,
}

/// Where and how to write one chart: the image, its alt text and its data beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartFile {
    /// The file (`.png`, `.svg` or `.pdf`).
    pub path: PathBuf,
    /// `slide`, `a4`, `a4-half`, `a4-full`, or `screen` (as the app's card shows it).
    pub size: String,
    /// PNG resolution, 36–1200.
    pub dpi: u32,
    /// Replace files already there (the person asked); otherwise they are left and named.
    pub replace: bool,
}

/// Several charts of one report saved into one folder (one dialog, not one per chart), each
/// named `{ods code}-{chart id}-{size}.{format}` with its alt text and data beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartsToFolder {
    /// The report they are drawn from.
    pub benchmark: BenchmarkRequest,
    /// The charts' ids (see `charts`).
    pub ids: Vec<String>,
    /// The folder.
    pub dir: PathBuf,
    /// `slide`, `a4`, `a4-half` or `a4-full`.
    pub size: String,
    /// `png`, `svg` or `pdf`.
    pub format: String,
    /// PNG resolution, 36–1200.
    pub dpi: u32,
    /// Replace files already there (the person asked); otherwise nothing is written and the
    /// first one there is named.
    pub replace: bool,
}

/// The board pack to write.
#[derive(Debug, Clone, PartialEq)]
pub struct PackRequest {
    /// The report it is made from.
    pub benchmark: BenchmarkRequest,
    /// The board paper's cover sheet (checked before anything is drawn).
    pub cover: CoverSheet,
    /// The folder: created; must be empty unless `force`.
    pub dir: PathBuf,
    /// Replace what the folder holds, only once the new pack is complete.
    pub force: bool,
    /// PNG resolution of the slide-size charts (clamped to 36–600).
    pub dpi: u32,
    /// What the paper's appendix holds after the methods: the numbers (default), the numbers
    /// and a chart per measure, or nothing.
    pub appendix: boardlens_charts::pack::Appendix,
    /// The paper's sections to include (default: all); a section's charts go with it.
    pub sections: boardlens_charts::pack::Sections,
    /// The charts drawn as files and slides, by id (see `charts`): `None` for all of the
    /// sections in.
    pub charts: Option<Vec<String>>,
}

/// A file to import and how to read it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportRequest {
    /// The file.
    pub path: String,
    /// Force an adapter instead of detecting one.
    #[serde(default)]
    pub adapter: Option<String>,
    /// The period, for files that do not say it.
    #[serde(default)]
    pub period: Option<String>,
    /// A TOML column mapping, for generic files.
    #[serde(default)]
    pub mapping: Option<String>,
    /// Check everything, write nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// Allow replacing a dataset with a file that has less than half its values (or none).
    #[serde(default)]
    pub replace: bool,
    /// The cap on the file's size and what it inflates to, in megabytes (default 200).
    #[serde(default)]
    pub max_mb: Option<u64>,
    /// Stop at the first row that would be left out (a total, a note, an organisation that is
    /// not a trust or ICB) instead of counting it.
    #[serde(default)]
    pub strict: bool,
}

/// A catalogue source to download and import.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DownloadRequest {
    /// The source's key (see the catalogue).
    pub key: String,
    /// Download from this address instead (publishers move files).
    #[serde(default)]
    pub url: Option<String>,
    /// Send requests through this proxy (else the environment's).
    #[serde(default)]
    pub proxy: Option<String>,
    /// Allow a plain http:// address (loopback is always allowed).
    #[serde(default)]
    pub allow_http: bool,
    /// Largest file accepted, in megabytes (default 200).
    #[serde(default)]
    pub max_mb: Option<u64>,
    /// The period, for a file that does not say it.
    #[serde(default)]
    pub period: Option<String>,
}

/// Trims an optional text field: blank means not given.
pub(crate) fn given(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}
