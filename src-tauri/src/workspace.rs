//! The workspace: what the person was looking at, restored at the next start.

use crate::error::{CommandError, CommandResult};
use boardlens_core::cover::CoverSheet;
use boardlens_core::peers::{PeerSpec, Weights};
use serde::{Deserialize, Deserializer, Serialize};
use std::path::Path;

/// Saved between sessions, beside the database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct Workspace {
    /// The trust last shown (ODS code).
    pub trust: Option<String>,
    /// Trusts picked recently, newest first (at most 8).
    pub recent: Vec<String>,
    /// The peer group (a typed spec; a workspace from before reads its words, `nearest:10`).
    #[serde(deserialize_with = "peers_or_words")]
    pub peers: PeerSpec,
    /// Nearest-neighbour weights changed from the defaults (an older `beds=2,region=0` is read too).
    #[serde(deserialize_with = "weights_or_words")]
    pub weights: Weights,
    /// Charts shown on the dashboard, by id, in order.
    pub charts: Vec<String>,
    /// Export size: slide, a4, a4-half.
    pub size: String,
    /// Export format: png, svg, pdf.
    pub format: String,
    /// A proxy for downloads (NHS networks), e.g. `http://proxy.nhs.net:8080`.
    pub proxy: Option<String>,
    /// The board pack's cover sheet, as last filled in.
    pub cover: CoverSheet,
    /// How SPC charts are calculated: rule lengths, a baseline, rebase periods.
    pub spc: boardlens_core::stats::spc::Settings,
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace {
            trust: None,
            recent: Vec::new(),
            peers: PeerSpec::Type,
            weights: Weights::new(),
            charts: Vec::new(),
            size: "slide".into(),
            format: "png".into(),
            proxy: None,
            cover: CoverSheet::default(),
            spc: boardlens_core::stats::spc::Settings::default(),
        }
    }
}

/// A spec as saved now, or in the command line's words as an earlier version saved it; words
/// that no longer read fall back to the default (the workspace is only a convenience).
fn peers_or_words<'de, D: Deserializer<'de>>(d: D) -> Result<PeerSpec, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Saved {
        Spec(PeerSpec),
        Words(String),
    }
    Ok(match Saved::deserialize(d)? {
        Saved::Spec(s) => s,
        Saved::Words(w) => w.parse().unwrap_or_default(),
    })
}

/// Weights as saved now, or as an earlier version's `beds=2,region=0` (or nothing).
fn weights_or_words<'de, D: Deserializer<'de>>(d: D) -> Result<Weights, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Saved {
        Map(Weights),
        Words(Option<String>),
    }
    Ok(match Saved::deserialize(d)? {
        Saved::Map(m) => m,
        Saved::Words(w) => w
            .and_then(|w| boardlens_core::peers::parse_weights(&w).ok())
            .unwrap_or_default(),
    })
}

/// Read the workspace; a missing file is the default, a damaged one too (it is only a
/// convenience, and the person should not be stopped by it).
pub fn load(path: &Path) -> Workspace {
    std::fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Write the workspace (to a temporary file, then renamed, so a crash leaves the old one).
pub fn save(path: &Path, workspace: &Workspace) -> CommandResult<()> {
    let io = |e: std::io::Error| CommandError {
        path: Some(path.display().to_string()),
        ..CommandError::new("io", format!("{}: {e}", path.display()))
    };
    let mut ws = workspace.clone();
    ws.recent.truncate(8);
    let json = serde_json::to_vec_pretty(&ws).map_err(|e| CommandError::new("internal", e.to_string()))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, json).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_workspace_is_restored_and_a_damaged_one_is_the_default() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.json");
        assert_eq!(load(&path), Workspace::default());
        let ws = Workspace {
            trust: Some("RJ1".into()),
            recent: (0..12).map(|i| format!("R{i}")).collect(),
            peers: PeerSpec::Nearest { n: 10 },
            weights: [("beds".to_string(), 2.0)].into(),
            charts: vec!["pillar-profile".into()],
            ..Workspace::default()
        };
        save(&path, &ws).unwrap();
        let back = load(&path);
        assert_eq!(back.trust.as_deref(), Some("RJ1"));
        assert_eq!(back.recent.len(), 8, "only the 8 most recent are kept");
        assert_eq!(back.peers, PeerSpec::Nearest { n: 10 });
        assert_eq!(back.weights.get("beds"), Some(&2.0));
        std::fs::write(&path, "{not json").unwrap();
        assert_eq!(load(&path), Workspace::default());
        // An older file without newer fields still loads, with defaults for the rest.
        std::fs::write(&path, r#"{"trust":"RRK"}"#).unwrap();
        assert_eq!(load(&path).peers, PeerSpec::Type);
    }

    #[test]
    fn a_workspace_saved_with_the_peers_in_words_reads_them_as_a_typed_spec() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.json");
        std::fs::write(
            &path,
            r#"{"trust":"RJ1","peers":"list:rrk, RJZ","weights":"beds=2,region=0"}"#,
        )
        .unwrap();
        let ws = load(&path);
        assert_eq!(
            ws.peers,
            PeerSpec::List {
                codes: vec!["RRK".into(), "RJZ".into()]
            }
        );
        assert_eq!(
            ws.weights,
            [("beds".to_string(), 2.0), ("region".to_string(), 0.0)].into()
        );
        std::fs::write(&path, r#"{"peers":"nearest:abc","weights":null}"#).unwrap();
        assert_eq!(
            load(&path).peers,
            PeerSpec::Type,
            "words that no longer read fall back to the default"
        );
    }
}
