//! The ways of choosing peers that need more than a filter, one function each: a published
//! classification (size group, survey benchmarking group), a hand-picked list, a saved group,
//! and nearest neighbours.

use super::{Feature, FeatureValues, PeerMember, PeerSpec, member};
use crate::error::{Error, Result};
use crate::model::Organisation;
use crate::store::Store;
use rusqlite::{OptionalExtension, params};
use std::collections::{BTreeMap, HashMap};

impl Store {
    /// Peers that share the trust's latest published group: the DMA peer group, else the ERIC
    /// organisation type (`size`); the staff survey's benchmarking group (`survey-group`).
    pub(super) fn by_classification(
        &self,
        trust: &Organisation,
        spec: &PeerSpec,
        others: impl IntoIterator<Item = Organisation>,
    ) -> Result<(String, Vec<PeerMember>)> {
        let schemes: &[&str] = if *spec == PeerSpec::Size {
            &["dma_peer_group", "eric_org_type"]
        } else {
            &["nss_benchmarking_group"]
        };
        let mut found = None;
        for scheme in schemes {
            let groups = self.latest_classification(scheme)?;
            if let Some((period, value)) = groups.get(&trust.ods_code).cloned() {
                found = Some((scheme, period, value, groups));
                break;
            }
        }
        let (scheme, period, value, groups) = found.ok_or_else(|| {
            Error::Invalid(format!(
                "{} has no {} in the data; choose peers another way",
                trust.ods_code,
                if *spec == PeerSpec::Size {
                    "size group"
                } else {
                    "staff survey benchmarking group"
                }
            ))
        })?;
        let source = match *scheme {
            "dma_peer_group" => "DMA peer group",
            "eric_org_type" => "ERIC organisation type",
            _ => "NHS Staff Survey benchmarking group",
        };
        let members = others
            .into_iter()
            .filter(|o| groups.get(&o.ods_code).is_some_and(|(_, v)| *v == value))
            .map(|o| member(o, format!("{source} {period}: {value}")))
            .collect();
        Ok((format!("{value} ({source} {period})"), members))
    }

    /// A hand-picked list: each code checked; a closed one replaced by its open successor, or
    /// left out, with a note.
    pub(super) fn by_list(
        &self,
        trust: &Organisation,
        codes: &[String],
        notes: &mut Vec<String>,
    ) -> Result<(String, Vec<PeerMember>)> {
        let mut members = Vec::new();
        for code in codes {
            if *code == trust.ods_code {
                notes.push(format!("{code} is the trust itself, not a peer"));
                continue;
            }
            let Some(org) = self.organisation(code)? else {
                return Err(Error::NotFound(format!(
                    "no organisation with ODS code '{code}' in list:"
                )));
            };
            if org.is_closed() {
                match org
                    .successor
                    .clone()
                    .map(|s| self.organisation(&s))
                    .transpose()?
                    .flatten()
                {
                    Some(successor) if !successor.is_closed() => {
                        notes.push(format!(
                            "{code} closed on {}; its successor {} is used",
                            org.close_date.clone().unwrap_or_default(),
                            successor.ods_code
                        ));
                        members.push(member(successor, format!("chosen by hand (successor of {code})")));
                    }
                    _ => notes.push(format!(
                        "{code} closed on {} and is left out",
                        org.close_date.clone().unwrap_or_default()
                    )),
                }
                continue;
            }
            members.push(member(org, "chosen by hand"));
        }
        members.dedup_by(|a, b| a.org.ods_code == b.org.ods_code);
        Ok(("a hand-picked list".into(), members))
    }

    /// A saved group by its name: its members as saved, less the trust and any since closed.
    pub(super) fn by_saved_name(
        &self,
        trust: &Organisation,
        name: &str,
        notes: &mut Vec<String>,
    ) -> Result<(String, Vec<PeerMember>)> {
        let saved: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT trust, method FROM peer_group WHERE name = ?1",
                params![name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((made_for, method)) = saved else {
            return Err(Error::NotFound(format!(
                "no peer group called '{name}'; use type, region, icb, size, survey-group, nearest:N, list:A,B or a saved name"
            )));
        };
        let mut stmt = self
            .conn
            .prepare("SELECT ods_code, reason FROM peer_group_member WHERE name = ?1 ORDER BY ods_code")?;
        let rows: Vec<(String, String)> = stmt
            .query_map(params![name], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut members = Vec::new();
        for (code, reason) in rows {
            if code == trust.ods_code {
                continue;
            }
            match self.organisation(&code)? {
                Some(org) if !org.is_closed() => members.push(member(org, reason)),
                _ => notes.push(format!("{code} has closed since the group was saved and is left out")),
            }
        }
        let made_for_name = match self.organisation(&made_for)? {
            Some(org) => org.display_name,
            None => made_for.clone(),
        };
        if made_for != trust.ods_code {
            notes.push(format!(
                "'{name}' was made for {made_for_name}: its members were chosen for that trust, not for {}",
                trust.display_name
            ));
        }
        Ok((
            format!("'{name}', saved for {made_for_name} ({})", saved_method_words(&method)),
            members,
        ))
    }

    /// Each organisation's latest value in a classification scheme: code → (period, value).
    pub(super) fn latest_classification(&self, scheme: &str) -> Result<HashMap<String, (String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT ods_code, period, value FROM org_classification WHERE scheme = ?1 ORDER BY period")?;
        let mut out = HashMap::new();
        for row in stmt.query_map(params![scheme], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
        })? {
            let (code, period, value) = row?;
            out.insert(code, (period, value));
        }
        Ok(out)
    }

    /// Each organisation's latest value of a numeric indicator.
    pub(crate) fn latest_values(&self, indicator: &str) -> Result<HashMap<String, f64>> {
        let mut stmt = self.conn.prepare(
            "SELECT o.ods_code, o.value FROM observation o JOIN indicator i ON i.id = o.indicator_id
             WHERE i.key = ?1 AND o.value IS NOT NULL ORDER BY o.period",
        )?;
        let mut out = HashMap::new();
        for row in stmt.query_map(params![indicator], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, f64>(1)?))
        })? {
            let (code, value) = row?;
            out.insert(code, value);
        }
        Ok(out)
    }

    /// Nearest neighbours: z-standardise each numeric feature over all open trusts, then a
    /// weighted Euclidean distance over the features both trusts have, scaled by the weight
    /// they cover: d = √(Σ wᵢ·Δᵢ² / Σ wᵢ). Categorical features count 0 (same) or 1 (different).
    pub(crate) fn nearest(
        &self,
        trust: &Organisation,
        open: &[Organisation],
        n: usize,
        features: &[Feature],
    ) -> Result<(FeatureValues, Vec<PeerMember>)> {
        let numeric: [(&str, &str); 3] = [
            ("beds", "org.beds"),
            ("floor_area", "eric.gross_internal_floor_area"),
            ("respondents", "nss.respondents"),
        ];
        let mut columns: Vec<(&Feature, HashMap<String, f64>, f64, f64)> = Vec::new();
        for (name, key) in numeric {
            let Some(f) = features.iter().find(|f| f.name == name && f.weight > 0.0) else {
                continue;
            };
            let values = self.latest_values(key)?;
            let pool: Vec<f64> = open.iter().filter_map(|o| values.get(&o.ods_code).copied()).collect();
            if pool.len() < 2 {
                continue;
            }
            let mean = pool.iter().sum::<f64>() / pool.len() as f64;
            let sd = (pool.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (pool.len() - 1) as f64).sqrt();
            if sd > 0.0 {
                columns.push((f, values, mean, sd));
            }
        }
        let weight = |name: &str| features.iter().find(|f| f.name == name).map_or(0.0, |f| f.weight);
        let (w_type, w_region) = (weight("type"), weight("region"));
        let feature_values = |o: &Organisation| -> BTreeMap<String, Option<f64>> {
            columns
                .iter()
                .map(|(f, values, _, _)| (f.name.to_string(), values.get(&o.ods_code).copied()))
                .collect()
        };
        // A candidate must share at least half the weight in use with the trust, so one
        // with almost no data is not "near" by accident.
        let weight_in_use: f64 = columns.iter().map(|(f, ..)| f.weight).sum::<f64>()
            + [w_type, w_region].iter().filter(|w| **w > 0.0).sum::<f64>();
        let mut scored: Vec<PeerMember> = Vec::new();
        for o in open.iter().filter(|o| o.ods_code != trust.ods_code) {
            let (mut sum, mut wsum, mut shared_numeric) = (0.0, 0.0, 0);
            for (f, values, _, sd) in &columns {
                if let (Some(a), Some(b)) = (values.get(&trust.ods_code), values.get(&o.ods_code)) {
                    sum += f.weight * ((a - b) / sd).powi(2);
                    wsum += f.weight;
                    shared_numeric += 1;
                }
            }
            if !columns.is_empty() && shared_numeric == 0 {
                continue;
            }
            for (w, a, b) in [
                (w_type, &trust.trust_type, &o.trust_type),
                (w_region, &trust.region_code, &o.region_code),
            ] {
                if w > 0.0 && a.is_some() && b.is_some() {
                    sum += w * if a == b { 0.0 } else { 1.0 };
                    wsum += w;
                }
            }
            if wsum == 0.0 || wsum < 0.5 * weight_in_use {
                continue;
            }
            let distance = (sum / wsum).sqrt();
            scored.push(PeerMember {
                org: o.clone(),
                reason: format!("distance {distance:.3}"),
                distance: Some(distance),
                features: feature_values(o),
                distance_text: String::new(),
                features_text: BTreeMap::new(),
            });
        }
        scored.sort_by(|a, b| {
            a.distance
                .unwrap_or(f64::MAX)
                .total_cmp(&b.distance.unwrap_or(f64::MAX))
                .then_with(|| a.org.ods_code.cmp(&b.org.ods_code))
        });
        scored.truncate(n);
        Ok((feature_values(trust), scored))
    }
}

/// How a saved group's members were first chosen, in words: `nearest:10` → "the 10 nearest
/// neighbours", `list:RYJ,R1H` → "chosen by hand".
pub(super) fn saved_method_words(method: &str) -> String {
    match method.parse::<PeerSpec>() {
        Ok(PeerSpec::Type) => "the same trust type".into(),
        Ok(PeerSpec::Region) => "the same region".into(),
        Ok(PeerSpec::Icb) => "the same integrated care board".into(),
        Ok(PeerSpec::Size) => "the same size group".into(),
        Ok(PeerSpec::SurveyGroup) => "the staff survey's benchmarking group".into(),
        Ok(PeerSpec::Nearest { n }) => format!("the {n} nearest neighbours"),
        Ok(PeerSpec::List { .. }) => "chosen by hand".into(),
        Ok(PeerSpec::Saved { .. }) | Err(_) => "a saved group".into(),
    }
}
