//! The small TOML file that tells the generic adapters what a user's own file means.
//!
//! ```toml
//! [dataset]
//! key = "local_kpis"                 # stable key; re-importing the same key and period replaces
//! title = "Trust digital KPIs"
//! publisher = "Our BI team"
//! licence = "Internal"
//! period = "2025-26"                 # wide files: the period of every value
//! synthetic = true                   # made-up or test data: every chart and export says so
//!
//! [columns]                          # optional: header names when they differ from the defaults
//! code = "Trust code"                # long and wide: the ODS code column
//! indicator = "Measure"              # long: the indicator column
//! period = "Year"                    # long
//! value = "Value"                    # long
//! base = "Respondents"               # long, optional
//!
//! [[indicator]]                      # describe indicators (long: by key; wide: by column header)
//! column = "EPR coverage %"          # wide: which column; long: the indicator's name in the file
//! key = "local.epr_coverage"
//! label = "Share of wards on the electronic patient record"
//! group = "Local digital KPIs"
//! unit = "percent"                   # score, percent, count, gbp, m2, number
//! polarity = "higher"                # higher, lower, none
//! ```

use crate::error::Result;
use crate::model::{Polarity, Unit};
use serde::Deserialize;
use std::path::Path;

/// A parsed mapping file.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Provenance of the dataset.
    #[serde(default)]
    pub dataset: DatasetSection,
    /// Column names.
    #[serde(default)]
    pub columns: ColumnsSection,
    /// Indicator descriptions.
    #[serde(default, rename = "indicator")]
    pub indicators: Vec<IndicatorSection>,
}

/// `[dataset]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DatasetSection {
    /// Dataset key.
    pub key: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Licence.
    pub licence: Option<String>,
    /// Period.
    pub period: Option<String>,
    /// Source address.
    pub source: Option<String>,
    /// True for made-up or test data: everything made from it carries the illustrative mark.
    #[serde(default)]
    pub synthetic: bool,
}

/// `[columns]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ColumnsSection {
    /// ODS code column.
    pub code: Option<String>,
    /// Indicator column (long).
    pub indicator: Option<String>,
    /// Period column (long).
    pub period: Option<String>,
    /// Value column (long).
    pub value: Option<String>,
    /// Base column (long).
    pub base: Option<String>,
}

/// `[[indicator]]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSection {
    /// The column header (wide) or indicator name (long) it describes.
    pub column: String,
    /// Stable key; default: derived from the column.
    pub key: Option<String>,
    /// Label; default: the column.
    pub label: Option<String>,
    /// Group.
    pub group: Option<String>,
    /// Unit name.
    pub unit: Option<String>,
    /// Polarity name.
    pub polarity: Option<String>,
}

impl Mapping {
    /// Read and check a mapping file.
    pub fn load(path: &Path) -> Result<Mapping> {
        crate::error::parse_text_file(path, Self::parse)
    }

    /// Parse mapping text; checks units and polarities.
    pub fn parse(text: &str) -> std::result::Result<Mapping, String> {
        let m: Mapping = toml::from_str(text).map_err(|e| e.to_string())?;
        for ind in &m.indicators {
            if let Some(u) = &ind.unit {
                u.parse::<Unit>()
                    .map_err(|e| format!("indicator '{}': {e}", ind.column))?;
            }
            if let Some(p) = &ind.polarity {
                p.parse::<Polarity>()
                    .map_err(|e| format!("indicator '{}': {e}", ind.column))?;
            }
        }
        Ok(m)
    }

    /// The description of an indicator named `column`, if the mapping has one.
    pub fn indicator(&self, column: &str) -> Option<&IndicatorSection> {
        let want = super::header::normalise(column);
        self.indicators
            .iter()
            .find(|i| super::header::normalise(&i.column) == want)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_parses_and_checks_units() {
        let m = Mapping::parse(
            r#"
            [dataset]
            key = "local"
            period = "2025-26"
            [[indicator]]
            column = "EPR coverage %"
            unit = "percent"
            polarity = "higher"
            "#,
        )
        .unwrap();
        assert_eq!(m.dataset.key.as_deref(), Some("local"));
        assert_eq!(m.indicator("epr  coverage %").unwrap().unit.as_deref(), Some("percent"));
        let bad = Mapping::parse("[[indicator]]\ncolumn = \"x\"\nunit = \"furlongs\"\n").unwrap_err();
        assert!(bad.contains("unknown unit 'furlongs'"), "{bad}");
        assert!(Mapping::parse("[datasett]\n").is_err(), "unknown sections are errors");
    }
}
