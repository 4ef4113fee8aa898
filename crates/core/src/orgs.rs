//! Who is who: listing and finding organisations from the ODS reference data.

use crate::error::Result;
use crate::model::{OrgKind, Organisation};
use crate::names;
use crate::store::Store;
use rusqlite::params;

/// Which organisations to list.
#[derive(Debug, Clone, Default)]
pub struct OrgFilter {
    /// Text in the name (compared as names are, ignoring "NHS", "Trust", punctuation) or the code.
    pub search: Option<String>,
    /// Trust type, e.g. `acute`, `mental health` (case-insensitive).
    pub trust_type: Option<String>,
    /// Region code (`Y56`) or name (`London`), case-insensitive.
    pub region: Option<String>,
    /// Kind of organisation; trusts when `None`.
    pub kind: Option<OrgKind>,
    /// Include closed organisations.
    pub include_closed: bool,
}

const SELECT: &str = "SELECT o.ods_code, o.name, o.kind, o.trust_type, o.region_code, r.name, o.icb_code, i.name,
            o.open_date, o.close_date, o.successor
     FROM organisation o
     LEFT JOIN organisation r ON r.ods_code = o.region_code
     LEFT JOIN organisation i ON i.ods_code = o.icb_code";

fn row_to_org(r: &rusqlite::Row<'_>) -> rusqlite::Result<Organisation> {
    Ok(Organisation {
        ods_code: r.get(0)?,
        display_name: r.get(1)?,
        name: r.get(1)?,
        kind: OrgKind::parse(&r.get::<_, String>(2)?).unwrap_or(OrgKind::Trust),
        trust_type: r.get(3)?,
        region_code: r.get(4)?,
        region: r.get(5)?,
        icb_code: r.get(6)?,
        icb: r.get(7)?,
        open_date: r.get(8)?,
        close_date: r.get(9)?,
        successor: r.get(10)?,
    })
}

impl Store {
    /// Organisations matching a filter, by name.
    pub fn organisations(&self, filter: &OrgFilter) -> Result<Vec<Organisation>> {
        let kind = filter.kind.unwrap_or(OrgKind::Trust);
        let mut stmt = self
            .conn
            .prepare(&format!("{SELECT} WHERE o.kind = ?1 ORDER BY o.name"))?;
        let mut all = stmt
            .query_map(params![kind.as_str()], row_to_org)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        self.set_display_names(&mut all)?;
        let search = filter
            .search
            .as_deref()
            .map(|s| (s.trim().to_ascii_uppercase(), names::normalise(s)));
        let lower = |s: &Option<String>| s.as_deref().map(|t| t.trim().to_lowercase());
        let (trust_type, region) = (lower(&filter.trust_type), lower(&filter.region));
        Ok(all
            .into_iter()
            .filter(|o| filter.include_closed || !o.is_closed())
            .filter(|o| {
                trust_type
                    .as_ref()
                    .is_none_or(|t| o.trust_type.as_deref().is_some_and(|ot| ot.to_lowercase() == *t))
            })
            .filter(|o| {
                region.as_ref().is_none_or(|r| {
                    o.region_code.as_deref().is_some_and(|c| c.to_lowercase() == *r)
                        || o.region.as_deref().is_some_and(|n| n.to_lowercase() == *r)
                })
            })
            .filter(|o| {
                search.as_ref().is_none_or(|(code, normal)| {
                    o.ods_code == *code || (!normal.is_empty() && names::normalise(&o.name).contains(normal.as_str()))
                })
            })
            .collect())
    }

    /// One organisation by ODS code.
    pub fn organisation(&self, ods_code: &str) -> Result<Option<Organisation>> {
        let mut stmt = self.conn.prepare(&format!("{SELECT} WHERE o.ods_code = ?1"))?;
        let mut rows = stmt.query_map(params![ods_code.trim().to_ascii_uppercase()], row_to_org)?;
        let mut found: Vec<Organisation> = rows.next().transpose()?.into_iter().collect();
        self.set_display_names(&mut found)?;
        Ok(found.pop())
    }

    /// Give each organisation the mixed-case spelling of its own name, where a national dataset
    /// has one (ODS publishes names in upper case; board papers do not).
    fn set_display_names(&self, orgs: &mut [Organisation]) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare("SELECT a.ods_code, a.alias, a.name FROM org_alias a ORDER BY a.dataset_id DESC")?;
        let mut spellings: std::collections::HashMap<(String, String), String> = std::collections::HashMap::new();
        for row in stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
        })? {
            let (code, alias, name) = row?;
            if name != name.to_uppercase() {
                spellings.entry((code, alias)).or_insert(name);
            }
        }
        for o in orgs {
            if let Some(n) = spellings.get(&(o.ods_code.clone(), names::normalise(&o.name))) {
                o.display_name = n.clone();
            }
        }
        Ok(())
    }
}
