//! The shapes that cross IPC and are not core types: requests as the UI sends them, charts as it
//! shows them, progress of long jobs. Exported to TypeScript with the core types (see
//! [`crate::bindings`]).

use crate::error::{CommandError, CommandResult};
use boardlens_charts::pack::PackChart;
use boardlens_charts::{Size, pack};
use boardlens_core::benchmark::Request;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which trust, against which peers: the words of the CLI's `--peers` and `--weights`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, TS)]
pub struct BenchmarkRequest {
    /// ODS code, e.g. `RJ1`.
    pub ods_code: String,
    /// type, region, icb, size, survey-group, nearest:N, list:A,B,C, or a saved group's name.
    pub peers: String,
    /// Nearest-neighbour weights, e.g. `beds=2,region=0`.
    pub weights: Option<String>,
}

impl BenchmarkRequest {
    /// The core request, or `invalid` with what was wrong.
    pub fn to_core(&self) -> CommandResult<Request> {
        let code = self.ods_code.trim().to_ascii_uppercase();
        if code.is_empty() || code.len() > 10 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(CommandError::new(
                "invalid",
                format!("'{}' is not an ODS code (letters and digits, e.g. RJ1)", self.ods_code),
            ));
        }
        let features = match self.weights.as_deref().filter(|w| !w.trim().is_empty()) {
            Some(w) => boardlens_core::peers::features_with_weights(w)?,
            None => boardlens_core::peers::default_features(),
        };
        Ok(Request {
            ods_code: code,
            peers: self.peers.parse()?,
            features,
            dataset: None,
            period: None,
        })
    }
}

/// A chart the data supports, before it is drawn.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ChartInfo {
    /// Stable id, e.g. `pillar-profile`, `dma-overall-ranked`, `nss-burned-out-funnel`.
    pub id: String,
    /// The kind: pillar-profile, ranked-bar, strip, spine, funnel, trend, heatmap, dspt-status, spc.
    pub kind: String,
    /// Its title (the finding).
    pub title: String,
    /// True when it shows illustrative (synthetic) numbers.
    pub illustrative: bool,
}

impl ChartInfo {
    /// A pack chart's id without its pack number (`03-pillar-heatmap` → `pillar-heatmap`).
    pub fn id_of(c: &PackChart) -> &str {
        c.id.split_once('-').map_or(c.id.as_str(), |(_, rest)| rest)
    }
}

impl From<&PackChart> for ChartInfo {
    fn from(c: &PackChart) -> Self {
        ChartInfo {
            id: ChartInfo::id_of(c).to_string(),
            kind: c.chart.kind.name().to_string(),
            title: c.chart.title.clone(),
            illustrative: c.chart.illustrative,
        }
    }
}

/// A chart drawn for the screen: the same SVG the export writes, and its words.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ChartView {
    /// What it is.
    pub info: ChartInfo,
    /// Geography, peer group and period.
    pub subtitle: String,
    /// Alt text from the same numbers.
    pub alt_text: String,
    /// The SVG document.
    pub svg: String,
    /// The data behind it: header row, then rows.
    pub data: Vec<Vec<String>>,
}

impl ChartView {
    /// Draw a pack chart at `size`.
    pub fn draw(c: &pack::PackChart, size: Size) -> CommandResult<ChartView> {
        Ok(ChartView {
            info: ChartInfo::from(c),
            subtitle: c.chart.subtitle.clone(),
            alt_text: c.chart.alt_text.clone(),
            svg: c.chart.svg(size)?,
            data: c.chart.data.clone(),
        })
    }
}

/// What the import wizard sends: a chosen file and how to read it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, TS)]
pub struct ImportRequest {
    /// The file (chosen in the dialog).
    pub path: String,
    /// Force an adapter instead of detecting one.
    pub adapter: Option<String>,
    /// The period, for files that do not say it.
    pub period: Option<String>,
    /// A TOML column mapping (chosen in the dialog), for generic files.
    pub mapping: Option<String>,
    /// Check everything, write nothing.
    pub dry_run: bool,
}

/// Progress of a long job.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct JobProgress {
    /// Done so far.
    pub done: f64,
    /// In all, when known.
    pub total: Option<f64>,
    /// `rows`, `bytes` or `steps`.
    pub unit: String,
}

impl JobProgress {
    /// Progress of `done` out of `total` `unit`s.
    pub fn new(done: u64, total: Option<u64>, unit: &str) -> Self {
        JobProgress {
            done: done as f64,
            total: total.map(|t| t as f64),
            unit: unit.to_string(),
        }
    }
}

/// One file of a board pack.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PackFile {
    /// Relative to the pack's folder.
    pub path: String,
    /// What it is.
    pub what: String,
}

/// A board pack written.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PackResult {
    /// The folder.
    pub dir: String,
    /// Charts in it.
    pub charts: u32,
    /// Every file, with what it is.
    pub files: Vec<PackFile>,
}

/// A saved peer group.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SavedGroup {
    /// Its name (use it as the peers).
    pub name: String,
    /// The trust it was made for.
    pub trust: String,
    /// The method it was made with.
    pub method: String,
    /// Members.
    pub members: u32,
}

impl From<(String, String, String, u64)> for SavedGroup {
    fn from((name, trust, method, members): (String, String, String, u64)) -> Self {
        SavedGroup {
            name,
            trust,
            method,
            members: members as u32,
        }
    }
}

/// About this app and its database.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AppInfo {
    /// Boardlens version.
    pub version: String,
    /// The database file.
    pub db_path: String,
    /// Datasets in it.
    pub datasets: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_with_a_bad_code_or_peer_method_is_refused_with_what_was_wrong() {
        let ok = BenchmarkRequest {
            ods_code: " rj1 ".into(),
            peers: "nearest:5".into(),
            weights: Some("beds=2".into()),
        };
        assert_eq!(ok.to_core().unwrap().ods_code, "RJ1");
        let bad = BenchmarkRequest {
            ods_code: "RJ1; DROP".into(),
            ..ok.clone()
        };
        assert_eq!(bad.to_core().unwrap_err().code, "invalid");
        let bad = BenchmarkRequest {
            peers: "nearest:abc".into(),
            ..ok.clone()
        };
        assert_eq!(bad.to_core().unwrap_err().code, "invalid");
        let bad = BenchmarkRequest {
            weights: Some("shoe_size=3".into()),
            ..ok
        };
        assert_eq!(bad.to_core().unwrap_err().code, "invalid");
    }
}
