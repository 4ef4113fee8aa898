//! Peer groups: the trusts one trust is compared with.
//!
//! Methods (the words of `--by` and `--peers`): `type` (same trust type), `region`, `icb`,
//! `size` (the DMA peer group such as "Acute - Teaching", else the ERIC size group),
//! `survey-group` (the NHS Staff Survey's benchmarking group), `nearest[:N]` (the N nearest
//! neighbours on z-standardised, weighted features), `list:A,B,C` (hand-picked), or the name
//! of a saved group. Closed organisations are left out (a listed one is replaced by its
//! successor where the data names one); the trust is never its own peer.

use crate::error::{Error, Result};
use crate::model::{OrgKind, Organisation};
use crate::orgs::OrgFilter;
use crate::store::Store;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::str::FromStr;

mod methods;

/// How to choose peers. Crosses IPC as a tagged value (`{"method": "nearest", "n": 10}`), so
/// the UI never writes or parses the command line's words; the CLI parses those with
/// [`FromStr`] (`nearest:10`, `list:RJ1,RRK`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "method", rename_all = "kebab-case")]
pub enum PeerSpec {
    /// Same trust type.
    #[default]
    Type,
    /// Same NHS England region.
    Region,
    /// Same integrated care board.
    Icb,
    /// Same size group (DMA peer group, else ERIC organisation type).
    Size,
    /// Same NHS Staff Survey benchmarking group.
    SurveyGroup,
    /// The `n` nearest neighbours.
    Nearest {
        /// How many.
        n: usize,
    },
    /// A hand-picked list of ODS codes.
    List {
        /// The members' ODS codes.
        codes: Vec<String>,
    },
    /// A saved group, by name.
    Saved {
        /// The name it was saved under.
        name: String,
    },
}

impl PeerSpec {
    /// The spec as a request may carry it, checked and tidied: codes upper case, no empty list,
    /// no zero neighbours, no empty name. The same rules as the command line's words.
    pub fn checked(self) -> Result<PeerSpec> {
        match self {
            PeerSpec::Nearest { n: 0 } => Err(Error::Invalid(
                "nearest neighbours: expected a number of peers of 1 or more, such as 10".into(),
            )),
            PeerSpec::List { codes } => {
                let codes: Vec<String> = codes
                    .iter()
                    .map(|c| c.trim().to_ascii_uppercase())
                    .filter(|c| !c.is_empty())
                    .collect();
                if codes.is_empty() {
                    return Err(Error::Invalid(
                        "a list of peers needs at least one ODS code, such as RJ1".into(),
                    ));
                }
                Ok(PeerSpec::List { codes })
            }
            PeerSpec::Saved { name } if name.trim().is_empty() => {
                Err(Error::Invalid("a saved peer group needs its name".into()))
            }
            PeerSpec::Saved { name } => Ok(PeerSpec::Saved {
                name: name.trim().to_string(),
            }),
            other => Ok(other),
        }
    }
}

/// Default number of nearest neighbours.
pub const DEFAULT_NEAREST: usize = 10;

impl FromStr for PeerSpec {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim();
        Ok(match t.to_ascii_lowercase().as_str() {
            "type" => PeerSpec::Type,
            "region" => PeerSpec::Region,
            "icb" => PeerSpec::Icb,
            "size" => PeerSpec::Size,
            "survey-group" | "survey_group" => PeerSpec::SurveyGroup,
            "nearest" => PeerSpec::Nearest { n: DEFAULT_NEAREST },
            lower if lower.starts_with("nearest:") => {
                let n = lower["nearest:".len()..]
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| {
                        Error::Invalid(format!(
                            "'{t}': expected nearest:N with N a whole number such as nearest:10"
                        ))
                    })?;
                PeerSpec::Nearest { n }
            }
            lower if lower.starts_with("list:") => {
                let codes: Vec<String> = t[5..]
                    .split(',')
                    .map(|c| c.trim().to_ascii_uppercase())
                    .filter(|c| !c.is_empty())
                    .collect();
                if codes.is_empty() {
                    return Err(Error::Invalid(format!(
                        "'{t}': expected list:CODE,CODE,… such as list:RJ1,RRK"
                    )));
                }
                PeerSpec::List { codes }
            }
            "" => {
                return Err(Error::Invalid(
                    "the peer group is empty; expected e.g. type, region, nearest:10".into(),
                ));
            }
            _ => PeerSpec::Saved { name: t.to_string() },
        })
    }
}

impl std::fmt::Display for PeerSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PeerSpec::Type => f.write_str("type"),
            PeerSpec::Region => f.write_str("region"),
            PeerSpec::Icb => f.write_str("icb"),
            PeerSpec::Size => f.write_str("size"),
            PeerSpec::SurveyGroup => f.write_str("survey-group"),
            PeerSpec::Nearest { n } => write!(f, "nearest:{n}"),
            PeerSpec::List { codes } => write!(f, "list:{}", codes.join(",")),
            PeerSpec::Saved { name } => f.write_str(name),
        }
    }
}

/// A feature used for nearest neighbours and its weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Feature {
    /// Name used in `--weights`.
    pub name: &'static str,
    /// Plain words.
    pub label: &'static str,
    /// Weight (0 leaves it out).
    pub weight: f64,
}

/// The default features: beds, floor area and survey respondents (size), trust type, region.
pub fn default_features() -> Vec<Feature> {
    vec![
        Feature {
            name: "beds",
            label: "beds (DMA 2025 file)",
            weight: 1.0,
        },
        Feature {
            name: "floor_area",
            label: "gross internal floor area, m² (ERIC)",
            weight: 1.0,
        },
        Feature {
            name: "respondents",
            label: "staff survey respondents (workforce size)",
            weight: 1.0,
        },
        Feature {
            name: "type",
            label: "trust type (0 same, 1 different)",
            weight: 2.0,
        },
        Feature {
            name: "region",
            label: "NHS region (0 same, 1 different)",
            weight: 0.5,
        },
    ]
}

/// Nearest-neighbour weights as a request carries them: feature name → weight, only those
/// changed from the defaults. The command line writes them `beds=2,region=0`.
pub type Weights = BTreeMap<String, f64>;

/// Read the command line's weights, `beds=2,region=0`.
pub fn parse_weights(text: &str) -> Result<Weights> {
    let mut out = Weights::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, weight) = part
            .split_once('=')
            .ok_or_else(|| Error::Invalid(format!("weight '{part}': expected name=number such as beds=2")))?;
        let weight: f64 = weight
            .trim()
            .parse()
            .map_err(|_| Error::Invalid(format!("weight '{part}': expected a number of 0 or more")))?;
        out.insert(name.trim().to_string(), weight);
    }
    Ok(out)
}

/// The default features with `weights` applied; an unknown feature, or a weight that is
/// negative or not a number, is refused with what was expected.
pub fn features_with(weights: &Weights) -> Result<Vec<Feature>> {
    let mut features = default_features();
    let names: Vec<&str> = features.iter().map(|f| f.name).collect();
    for (name, &weight) in weights {
        if !(weight.is_finite() && weight >= 0.0) {
            return Err(Error::Invalid(format!(
                "weight {name}={weight}: expected a number of 0 or more"
            )));
        }
        let f = features.iter_mut().find(|f| f.name == name).ok_or_else(|| {
            Error::Invalid(format!(
                "unknown feature '{name}'; the features are {}",
                names.join(", ")
            ))
        })?;
        f.weight = weight;
    }
    Ok(features)
}

/// The default features with the weights of the command line's text, `beds=2,region=0`.
pub fn features_with_weights(text: &str) -> Result<Vec<Feature>> {
    features_with(&parse_weights(text)?)
}

/// Feature name → value (absent where the data has none).
pub type FeatureValues = BTreeMap<String, Option<f64>>;

/// One peer and why it is in the group.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PeerMember {
    /// The organisation.
    #[serde(flatten)]
    pub org: Organisation,
    /// Why it is a peer, in words.
    pub reason: String,
    /// Distance from the trust (nearest neighbours only).
    pub distance: Option<f64>,
    /// Feature values (nearest neighbours only): name → value.
    pub features: BTreeMap<String, Option<f64>>,
    /// The distance as printed (`0.61`), or a dash (the one formatter).
    pub distance_text: String,
    /// The feature values as printed (`1,234`), or dashes.
    pub features_text: BTreeMap<String, String>,
}

/// A trust and its peers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PeerGroup {
    /// The trust being benchmarked.
    pub trust: Organisation,
    /// The spec it was chosen with (`type`, `nearest:10`, a saved name).
    pub method: String,
    /// The group in words: "acute trusts", "trusts in London".
    pub description: String,
    /// The peers (never the trust itself).
    pub members: Vec<PeerMember>,
    /// The trust's own features (nearest neighbours only).
    pub trust_features: BTreeMap<String, Option<f64>>,
    /// The same, as printed.
    pub trust_features_text: BTreeMap<String, String>,
    /// Things to know: closed members replaced by successors, unknown codes, small groups.
    pub notes: Vec<String>,
}

/// The peer group of a trust type in words: "acute trusts", "care trusts" (not "care trust trusts").
fn type_group_words(trust_type: &str) -> String {
    let t = trust_type.to_lowercase();
    match t.strip_suffix(" trust") {
        Some(stem) => format!("{stem} trusts"),
        None => format!("{t} trusts"),
    }
}

fn member(org: Organisation, reason: impl Into<String>) -> PeerMember {
    PeerMember {
        org,
        reason: reason.into(),
        distance: None,
        features: BTreeMap::new(),
        distance_text: String::new(),
        features_text: BTreeMap::new(),
    }
}

/// Feature values as the Peers screen prints them: whole numbers with thousands separators.
fn features_text(values: &BTreeMap<String, Option<f64>>) -> BTreeMap<String, String> {
    values
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                crate::format::format_optional(*v, crate::model::Unit::Count, None),
            )
        })
        .collect()
}

impl Store {
    /// The trust's peers by a spec. `features` matter only for nearest neighbours.
    pub fn peers(&self, ods_code: &str, spec: &PeerSpec, features: &[Feature]) -> Result<PeerGroup> {
        let trust = self.organisation(ods_code)?.ok_or_else(|| {
            Error::NotFound(format!(
                "no organisation with ODS code '{ods_code}'; try `boardlens orgs --search`"
            ))
        })?;
        // A trust is compared with trusts, an ICB with ICBs.
        let kind = match trust.kind {
            OrgKind::Icb => OrgKind::Icb,
            OrgKind::Trust => OrgKind::Trust,
            other => {
                return Err(Error::Invalid(format!(
                    "{} is a {}; Boardlens benchmarks trusts and ICBs",
                    trust.ods_code,
                    match other {
                        OrgKind::SubIcb => "sub-ICB location",
                        _ => "region",
                    }
                )));
            }
        };
        let open = self.organisations(&OrgFilter {
            kind: Some(kind),
            ..OrgFilter::default()
        })?;
        let others = || open.iter().filter(|o| o.ods_code != trust.ods_code).cloned();
        let mut notes = Vec::new();
        let mut trust_features = BTreeMap::new();
        let same = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
        let (description, members): (String, Vec<PeerMember>) = match spec {
            PeerSpec::Type if kind == OrgKind::Icb => {
                let members = others().map(|o| member(o, "integrated care board")).collect();
                ("the other integrated care boards".to_string(), members)
            }
            PeerSpec::Icb if kind == OrgKind::Icb => {
                return Err(Error::Invalid(format!(
                    "{} is an ICB: compare it with the other ICBs (type) or a region; its own providers are shown side by side in its report",
                    trust.ods_code
                )));
            }
            PeerSpec::Type => {
                let t = trust.trust_type.clone().ok_or_else(|| {
                    Error::Invalid(format!(
                        "{} has no trust type in the reference data; choose peers another way",
                        trust.ods_code
                    ))
                })?;
                let members = others()
                    .filter(|o| same(&o.trust_type, &trust.trust_type))
                    .map(|o| member(o, format!("{t} trust")))
                    .collect();
                (type_group_words(&t), members)
            }
            PeerSpec::Region => {
                let name = trust.region.clone().or(trust.region_code.clone()).unwrap_or_default();
                let members = others()
                    .filter(|o| same(&o.region_code, &trust.region_code))
                    .map(|o| member(o, format!("in {name}")))
                    .collect();
                let what = if kind == OrgKind::Icb { "ICBs" } else { "trusts" };
                (format!("{what} in {name}"), members)
            }
            PeerSpec::Icb => {
                let name = trust.icb.clone().or(trust.icb_code.clone()).unwrap_or_default();
                let members = others()
                    .filter(|o| same(&o.icb_code, &trust.icb_code))
                    .map(|o| member(o, format!("in {name}")))
                    .collect();
                (format!("trusts in {name}"), members)
            }
            PeerSpec::Size | PeerSpec::SurveyGroup => self.by_classification(&trust, spec, others())?,
            PeerSpec::Nearest { n } => {
                let (tf, members) = self.nearest(&trust, &open, *n, features)?;
                trust_features = tf;
                (
                    format!("the {n} trusts most like {} (nearest neighbours)", trust.display_name),
                    members,
                )
            }
            PeerSpec::List { codes } => self.by_list(&trust, codes, &mut notes)?,
            PeerSpec::Saved { name } => self.by_saved_name(&trust, name, &mut notes)?,
        };
        let mut members = members;
        if !matches!(spec, PeerSpec::Nearest { .. }) {
            members.sort_by(|a, b| a.org.display_name.cmp(&b.org.display_name));
        }
        if members.len() < crate::stats::quantile::MIN_FOR_QUARTILES {
            notes.push(format!(
                "only {} peers: quartiles need at least {}, so none are shown",
                members.len(),
                crate::stats::quantile::MIN_FOR_QUARTILES
            ));
        }
        for m in &mut members {
            m.distance_text = crate::format::format_optional(m.distance, crate::model::Unit::Number, None);
            m.features_text = features_text(&m.features);
        }
        Ok(PeerGroup {
            trust,
            method: spec.to_string(),
            description,
            members,
            trust_features_text: features_text(&trust_features),
            trust_features,
            notes,
        })
    }

    /// Save a peer group under a name (replacing one of that name).
    pub fn save_peer_group(&mut self, name: &str, group: &PeerGroup, now: i64) -> Result<()> {
        let name = name.trim();
        if name.is_empty()
            || PeerSpec::from_str(name)
                .map(|s| !matches!(s, PeerSpec::Saved { .. }))
                .unwrap_or(true)
        {
            return Err(Error::Invalid(format!(
                "'{name}' cannot name a group: it is empty or a method's word"
            )));
        }
        self.write(|tx| {
            tx.execute("DELETE FROM peer_group WHERE name = ?1", params![name])?;
            tx.execute(
                "INSERT INTO peer_group (name, trust, method, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![
                    name,
                    group.trust.ods_code,
                    group.method,
                    crate::period::rfc3339_utc(now)
                ],
            )?;
            for m in &group.members {
                tx.execute(
                    "INSERT OR IGNORE INTO peer_group_member (name, ods_code, reason) VALUES (?1, ?2, ?3)",
                    params![name, m.org.ods_code, m.reason],
                )?;
            }
            Ok(((), crate::store::End::Commit))
        })
    }

    /// Saved peer groups: (name, trust, method, members).
    pub fn saved_peer_groups(&self) -> Result<Vec<SavedPeerGroup>> {
        let mut stmt = self.conn.prepare(
            "SELECT g.name, g.trust, g.method, (SELECT count(*) FROM peer_group_member m WHERE m.name = g.name)
             FROM peer_group g ORDER BY g.name",
        )?;
        let rows: Vec<(String, String, String, u64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(name, trust, method, members)| {
                let made_for = self
                    .organisation(&trust)?
                    .map_or_else(|| trust.clone(), |o| o.display_name);
                Ok(SavedPeerGroup {
                    words: format!("made for {made_for}, {}", methods::saved_method_words(&method)),
                    name,
                    trust,
                    method,
                    members,
                })
            })
            .collect()
    }
}

/// A saved peer group, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedPeerGroup {
    /// Its name.
    pub name: String,
    /// The trust it was made for (ODS code).
    pub trust: String,
    /// The spec it was made with, as the command line writes it (`list:RYJ,R1H`).
    pub method: String,
    /// How many members it has.
    pub members: u64,
    /// Whose it is and how it was chosen, in words: "made for Guy's and St Thomas' NHS
    /// Foundation Trust, chosen by hand".
    pub words: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_from_the_words_of_the_command_line() {
        let cases = [
            ("type", PeerSpec::Type),
            ("Region", PeerSpec::Region),
            ("survey-group", PeerSpec::SurveyGroup),
            ("nearest", PeerSpec::Nearest { n: 10 }),
            ("nearest:5", PeerSpec::Nearest { n: 5 }),
            (
                "list:rj1, RRK",
                PeerSpec::List {
                    codes: vec!["RJ1".into(), "RRK".into()],
                },
            ),
            ("Our 10", PeerSpec::Saved { name: "Our 10".into() }),
        ];
        for (text, want) in cases {
            assert_eq!(text.parse::<PeerSpec>().unwrap(), want, "{text}");
        }
        assert!("nearest:0".parse::<PeerSpec>().is_err());
        assert!("list:".parse::<PeerSpec>().is_err());
        assert_eq!(PeerSpec::Nearest { n: 7 }.to_string(), "nearest:7");
    }

    #[test]
    fn a_type_group_is_named_in_plain_words() {
        assert_eq!(type_group_words("Acute"), "acute trusts");
        assert_eq!(type_group_words("Mental health"), "mental health trusts");
        assert_eq!(type_group_words("Care trust"), "care trusts");
    }

    #[test]
    fn weights_parse_and_unknown_features_are_refused() {
        let f = features_with_weights("beds=2, region=0").unwrap();
        assert_eq!(f.iter().find(|f| f.name == "beds").unwrap().weight, 2.0);
        assert_eq!(f.iter().find(|f| f.name == "region").unwrap().weight, 0.0);
        assert!(
            features_with_weights("height=2")
                .unwrap_err()
                .to_string()
                .contains("unknown feature 'height'")
        );
        assert!(features_with_weights("beds=-1").is_err());
    }
}
