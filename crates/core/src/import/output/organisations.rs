//! Organisation reference rows, aliases and classifications, and matching provider names to
//! ODS codes (`crate::names`).

use super::{KnownOrg, Output};
use crate::error::Result;
use crate::import::NameIssue;
use crate::model::OrgKind;
use crate::names::{NameIndex, NameMatch};
use rusqlite::params;

/// The fields in which two records of one organisation differ, as "name X, region Y" for each.
fn differences(a: &OrgRecord, b: &OrgRecord) -> (String, String) {
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
    let mut pairs: Vec<(&str, String, String)> = Vec::new();
    if a.name != b.name {
        pairs.push(("name", format!("'{}'", a.name), format!("'{}'", b.name)));
    }
    if a.kind != b.kind {
        let k = |k: Option<OrgKind>| k.map_or("none", OrgKind::as_str).to_string();
        pairs.push(("kind", k(a.kind), k(b.kind)));
    }
    for (what, x, y) in [
        ("type", &a.trust_type, &b.trust_type),
        ("region", &a.region_code, &b.region_code),
        ("ICB", &a.icb_code, &b.icb_code),
        ("postcode", &a.postcode, &b.postcode),
        ("open date", &a.open_date, &b.open_date),
        ("close date", &a.close_date, &b.close_date),
        ("successor", &a.successor, &b.successor),
    ] {
        if x != y {
            pairs.push((what, show(x), show(y)));
        }
    }
    let first: Vec<String> = pairs.iter().map(|p| format!("{} {}", p.0, p.1)).collect();
    let second: Vec<String> = pairs.iter().map(|p| format!("{} {}", p.0, p.2)).collect();
    (first.join(", "), second.join(", "))
}

/// An organisation reference row from an ODS-style file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrgRecord {
    /// ODS code.
    pub code: String,
    /// Name as published.
    pub name: String,
    /// Kind.
    pub kind: Option<OrgKind>,
    /// Trust type.
    pub trust_type: Option<String>,
    /// Region code.
    pub region_code: Option<String>,
    /// ICB code.
    pub icb_code: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// Open date, ISO.
    pub open_date: Option<String>,
    /// Close date, ISO.
    pub close_date: Option<String>,
    /// Successor code.
    pub successor: Option<String>,
}

impl<'t> Output<'t> {
    /// Write (or update) an organisation's reference row. Fields the record leaves empty keep
    /// what the database has.
    pub fn organisation(&mut self, org: &OrgRecord) -> Result<()> {
        self.text(&org.name, "organisation name")?;
        // Regression: RJ1 twice in an ETR file (the second region won), R0A twice in the
        // trusts master (it became "Mental health" and changed its peers).
        match self.org_rows.get(&org.code) {
            Some((_, earlier)) if earlier == org => return Ok(()),
            Some((first_row, earlier)) => {
                let (was, now) = differences(earlier, org);
                return Err(crate::error::ImportError::Cell {
                    location: Box::new(self.at(self.row, None, None)),
                    problem: format!(
                        "{} is listed twice with different details ({} at row {first_row}; {} here); the file must list each organisation once",
                        org.code, was, now,
                    ),
                }
                .into());
            }
            None => {
                self.org_rows.insert(org.code.clone(), (self.row, org.clone()));
            }
        }
        self.tx.execute(
            "INSERT INTO organisation
                 (ods_code, name, kind, trust_type, region_code, icb_code, postcode, open_date, close_date, successor, dataset_id)
             VALUES (?1, ?2, coalesce(?3, 'trust'), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (ods_code) DO UPDATE SET
                 name = excluded.name,
                 kind = coalesce(?3, organisation.kind),
                 trust_type = coalesce(excluded.trust_type, organisation.trust_type),
                 region_code = coalesce(excluded.region_code, organisation.region_code),
                 icb_code = coalesce(excluded.icb_code, organisation.icb_code),
                 postcode = coalesce(excluded.postcode, organisation.postcode),
                 open_date = coalesce(excluded.open_date, organisation.open_date),
                 close_date = coalesce(excluded.close_date, organisation.close_date),
                 successor = coalesce(excluded.successor, organisation.successor),
                 dataset_id = excluded.dataset_id",
            params![
                org.code,
                org.name,
                org.kind.map(OrgKind::as_str),
                org.trust_type,
                org.region_code,
                org.icb_code,
                org.postcode,
                org.open_date,
                org.close_date,
                org.successor,
                self.dataset_id
            ],
        )?;
        let kind = match (org.kind, self.known.get(&org.code)) {
            (Some(k), _) => k.as_str().to_string(),
            (None, Some(earlier)) => earlier.kind.clone(),
            (None, None) => "trust".to_string(),
        };
        self.known.insert(
            org.code.clone(),
            KnownOrg {
                close_date: org.close_date.clone(),
                kind,
            },
        );
        self.summary.organisations_written += 1;
        self.alias(&org.code, &org.name)
    }

    /// Update only the trust type of an organisation that exists; `false` if it does not.
    pub fn set_trust_type(&mut self, code: &str, trust_type: &str) -> Result<bool> {
        self.one_fact(code, "type", trust_type)?;
        let n = self.tx.execute(
            "UPDATE organisation SET trust_type = ?2 WHERE ods_code = ?1",
            params![code, trust_type],
        )?;
        Ok(n == 1)
    }

    /// Record the successor of a merged organisation, unless one is recorded; `true` if set.
    pub fn set_successor(&mut self, code: &str, successor: &str) -> Result<bool> {
        let n = self.tx.execute(
            "UPDATE organisation SET successor = ?2 WHERE ods_code = ?1 AND successor IS NULL AND ?2 <> ?1",
            params![code, successor],
        )?;
        Ok(n == 1)
    }

    /// A file gives one value of a fact per organisation (its trust type; not its successor:
    /// a trust split in two, as Pennine Acute was, has two): a second row saying otherwise is
    /// refused, naming both (the same value twice is fine).
    fn one_fact(&mut self, code: &str, what: &'static str, value: &str) -> Result<()> {
        match self.org_facts.get(&(code.to_string(), what)) {
            Some((_, earlier)) if earlier == value => Ok(()),
            Some((first_row, earlier)) => Err(crate::error::ImportError::Cell {
                location: Box::new(self.at(self.row, None, None)),
                problem: format!(
                    "{code} is listed twice with different details ({what} {earlier} at row {first_row}; {what} {value} here); the file must list each organisation once"
                ),
            }
            .into()),
            None => {
                self.org_facts
                    .insert((code.to_string(), what), (self.row, value.to_string()));
                Ok(())
            }
        }
    }

    /// Record a name (or old name) of an organisation, for name-keyed files.
    pub fn alias(&mut self, code: &str, name: &str) -> Result<()> {
        self.text(name, "organisation name")?;
        let alias = crate::names::normalise(name);
        if alias.is_empty() {
            return Ok(());
        }
        self.tx.execute(
            "INSERT OR IGNORE INTO org_alias (alias, ods_code, name, dataset_id) VALUES (?1, ?2, ?3, ?4)",
            params![alias, code, name.trim(), self.dataset_id],
        )?;
        if let Some(ix) = &mut self.names {
            ix.add(code, name, true);
        }
        Ok(())
    }

    /// Record a grouping of an organisation in a period (survey benchmarking group, size group).
    pub fn classify(&mut self, code: &str, scheme: &str, period: &str, value: &str) -> Result<()> {
        self.text(value, "grouping")?;
        self.tx.execute(
            "INSERT INTO org_classification (ods_code, scheme, period, value, dataset_id) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (ods_code, scheme, period) DO UPDATE SET value = excluded.value, dataset_id = excluded.dataset_id",
            params![code, scheme, period, value.trim(), self.dataset_id],
        )?;
        Ok(())
    }

    /// The code of the region or ICB with this name (as the ONS lookup names them), if known.
    pub fn code_by_name(&self, kind: OrgKind, name: &str) -> Result<Option<String>> {
        let want = crate::names::normalise(name);
        let mut stmt = self
            .tx
            .prepare_cached("SELECT ods_code, name FROM organisation WHERE kind = ?1")?;
        let rows = stmt.query_map(params![kind.as_str()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (code, n) = row?;
            if crate::names::normalise(&n) == want {
                return Ok(Some(code));
            }
        }
        Ok(None)
    }

    /// Match a provider name to one trust or ICB; report it in the summary when that fails.
    pub fn match_name(&mut self, name: &str, place: String) -> Result<Option<String>> {
        if self.names.is_none() {
            self.names = Some(self.build_name_index()?);
        }
        let found = self
            .names
            .as_ref()
            .map(|ix| ix.find(name))
            .unwrap_or(NameMatch::Unmatched(vec![]));
        Ok(match found {
            NameMatch::Exact(code) => Some(code),
            NameMatch::Near { code, matched, .. } => {
                self.summary
                    .near_matches
                    .push((name.to_string(), matched, code.clone()));
                Some(code)
            }
            NameMatch::Ambiguous(codes) => {
                let candidates = codes.into_iter().map(|c| (c, String::new(), 1.0)).collect();
                self.summary.name_issues.push(NameIssue {
                    place,
                    name: name.into(),
                    problem: "ambiguous".into(),
                    candidates,
                });
                None
            }
            NameMatch::Unmatched(candidates) => {
                self.summary.name_issues.push(NameIssue {
                    place,
                    name: name.into(),
                    problem: "unmatched".into(),
                    candidates,
                });
                None
            }
        })
    }

    fn build_name_index(&self) -> Result<NameIndex> {
        let mut ix = NameIndex::default();
        let mut stmt = self.tx.prepare(
            "SELECT o.ods_code, o.name, o.close_date IS NULL FROM organisation o WHERE o.kind IN ('trust', 'icb')
             UNION ALL
             SELECT a.ods_code, a.name, o.close_date IS NULL FROM org_alias a
               JOIN organisation o ON o.ods_code = a.ods_code WHERE o.kind IN ('trust', 'icb')",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, bool>(2)?))
        })?;
        for row in rows {
            let (code, name, open) = row?;
            ix.add(&code, &name, open);
        }
        Ok(ix)
    }
}
