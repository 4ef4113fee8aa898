//! The data model shared by the store, the importers and the front ends. Plain Rust types;
//! serialisation for the UI happens at its boundary through `serde`.

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// What an indicator's numbers mean, and so which values are possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A DMA-style score on the 1–5 scale.
    Score,
    /// A percentage, 0–100.
    Percent,
    /// A count of things (beds, sites, respondents); never negative.
    Count,
    /// Pounds sterling; never negative.
    Pounds,
    /// Square metres; never negative.
    SquareMetres,
    /// A status or label (DSPT status), not a number.
    Category,
    /// Any finite number.
    Number,
}

impl Unit {
    /// The name stored in the database and written in mapping files.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Score => "score",
            Unit::Percent => "percent",
            Unit::Count => "count",
            Unit::Pounds => "gbp",
            Unit::SquareMetres => "m2",
            Unit::Category => "category",
            Unit::Number => "number",
        }
    }

    /// Whether `value` is possible for this unit; `Err` says what was expected.
    pub fn check(self, value: f64) -> Result<(), String> {
        if !value.is_finite() {
            return Err("expected a finite number".into());
        }
        match self {
            Unit::Score if !(1.0..=5.0).contains(&value) => Err(format!("{value} is outside the 1–5 score scale")),
            Unit::Percent if !(0.0..=100.0).contains(&value) => {
                Err(format!("{value} is not a percentage between 0 and 100"))
            }
            Unit::Count | Unit::Pounds | Unit::SquareMetres if value < 0.0 => Err(format!(
                "{value} is negative; a {} cannot be",
                match self {
                    Unit::Count => "count",
                    Unit::Pounds => "cost in pounds",
                    _ => "floor area",
                }
            )),
            Unit::Category => Err("expected a category (text), not a number".into()),
            _ => Ok(()),
        }
    }
}

impl FromStr for Unit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "score" => Unit::Score,
            "percent" | "%" | "percentage" => Unit::Percent,
            "count" | "number of" => Unit::Count,
            "gbp" | "£" | "pounds" => Unit::Pounds,
            "m2" | "m²" => Unit::SquareMetres,
            "category" => Unit::Category,
            "number" => Unit::Number,
            other => {
                return Err(format!(
                    "unknown unit '{other}'; expected one of score, percent, count, gbp, m2, category, number"
                ));
            }
        })
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which direction is better for an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// Higher values are better (a DMA score, "enough staff").
    HigherIsBetter,
    /// Lower values are better (burnout, discrimination).
    LowerIsBetter,
    /// No judgement (beds, the share of staff who are women).
    NoJudgement,
}

impl Polarity {
    /// The name stored in the database and written in mapping files.
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::HigherIsBetter => "higher_is_better",
            Polarity::LowerIsBetter => "lower_is_better",
            Polarity::NoJudgement => "no_judgement",
        }
    }
}

impl FromStr for Polarity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_ascii_lowercase().replace(['-', ' '], "_").as_str() {
            "higher" | "higher_is_better" | "high" => Polarity::HigherIsBetter,
            "lower" | "lower_is_better" | "low" => Polarity::LowerIsBetter,
            "none" | "no_judgement" | "neutral" => Polarity::NoJudgement,
            other => {
                return Err(format!("unknown polarity '{other}'; expected higher, lower or none"));
            }
        })
    }
}

impl fmt::Display for Polarity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an indicator is: its stable key, how to label it and how to read its values.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IndicatorDef {
    /// Stable key, e.g. `dma.acute.safe_practice`, `nss.burned_out`.
    pub key: String,
    /// Plain-English label for people.
    pub label: String,
    /// The group it belongs to, e.g. the DMA pillar set or "Staff wellbeing".
    pub group: String,
    /// Unit of its values.
    pub unit: Unit,
    /// Which direction is better.
    pub polarity: Polarity,
}

/// The kind of an organisation in the ODS reference data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// An NHS trust (or foundation trust).
    Trust,
    /// An integrated care board.
    Icb,
    /// A sub-ICB location (the former CCG areas).
    SubIcb,
    /// An NHS England region.
    Region,
}

impl OrgKind {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Trust => "trust",
            OrgKind::Icb => "icb",
            OrgKind::SubIcb => "sub_icb",
            OrgKind::Region => "region",
        }
    }

    /// The kind named in the database.
    pub fn parse(s: &str) -> Option<OrgKind> {
        Some(match s {
            "trust" => OrgKind::Trust,
            "icb" => OrgKind::Icb,
            "sub_icb" => OrgKind::SubIcb,
            "region" => OrgKind::Region,
            _ => return None,
        })
    }
}

/// Where a dataset came from and what it is: everything a provenance footer needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Provenance {
    /// Stable key of the dataset family, e.g. `dspt_trusts`, `dma_pillars`.
    pub key: String,
    /// Human title.
    pub title: String,
    /// Who published it.
    pub publisher: String,
    /// The period it covers, e.g. `2025`, `2022-23`, `2021-2024`.
    pub period: String,
    /// Its licence.
    pub licence: String,
    /// Where it came from: a web address or a file name.
    pub source: String,
    /// True when the values are generated, not published (a file marked synthetic by its publisher or its user).
    pub synthetic: bool,
    /// When the publisher says it was published, as written (a title block's `Published:`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub published: Option<String>,
    /// When the publisher says it was last revised, as written (`Revised:`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub revised: Option<String>,
    /// The publisher's status for it, as written (`Status:`, e.g. "Published (Final) - Official Statistics").
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub status: Option<String>,
}

/// The licence of almost every national dataset, and its required attribution.
pub const OGL_V3: &str = "Open Government Licence v3.0";
/// The attribution every chart and export must carry for OGL data.
pub const OGL_ATTRIBUTION: &str = "Contains public sector information licensed under the Open Government Licence v3.0";

/// The illustrative mark's words, one sentence per place it appears. A user's file marked
/// synthetic keeps its mark on everything made from it; nothing Boardlens bundles is synthetic.
/// On a report, a chart, a page or a slide that shows any synthetic number:
pub const ILLUSTRATIVE_REPORT: &str =
    "Illustrative data: some figures come from a file marked synthetic, not from published statistics.";
/// On a dataset (an import summary, the list of datasets):
pub const ILLUSTRATIVE_DATASET: &str = "Illustrative: this dataset is marked synthetic, not published figures.";
/// On one figure:
pub const ILLUSTRATIVE_WORDS: &str =
    "These numbers are illustrative: they come from a file marked synthetic, not from published figures.";

/// A dataset as stored: its provenance and the facts of its import.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DatasetInfo {
    /// Database id.
    pub id: i64,
    /// Where it came from.
    #[serde(flatten)]
    pub provenance: Provenance,
    /// SHA-256 of the imported file, hex.
    pub sha256: String,
    /// When it was imported (UTC, RFC 3339).
    pub imported_at: String,
    /// The adapter that read it.
    pub adapter: String,
    /// Data rows read from the file.
    pub rows: u64,
    /// Observations it holds now.
    pub observations: u64,
    /// True when it was bundled with Boardlens rather than imported by the user.
    pub bundled: bool,
}

/// An organisation from the ODS reference data.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Organisation {
    /// ODS code, e.g. `RJ1`.
    pub ods_code: String,
    /// Name as published by ODS (upper case for trusts).
    pub name: String,
    /// The name as people write it ("Guy's and St Thomas' NHS Foundation Trust"): a mixed-case
    /// spelling of the same name from a national dataset, else the ODS name.
    pub display_name: String,
    /// Trust, ICB, sub-ICB location or region.
    pub kind: OrgKind,
    /// For trusts: acute, mental health, community, ambulance, care trust.
    pub trust_type: Option<String>,
    /// NHS England region code (e.g. `Y56`) and name.
    pub region_code: Option<String>,
    /// Region name, when known.
    pub region: Option<String>,
    /// ICB code (e.g. `QMJ`).
    pub icb_code: Option<String>,
    /// ICB name, when known.
    pub icb: Option<String>,
    /// Opened (ISO date).
    pub open_date: Option<String>,
    /// Closed (ISO date), for merged or dissolved organisations.
    pub close_date: Option<String>,
    /// The organisation that took over, where the data says.
    pub successor: Option<String>,
}

impl Organisation {
    /// True when the organisation has closed.
    pub fn is_closed(&self) -> bool {
        self.close_date.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_accept_only_possible_values() {
        let cases: &[(Unit, f64, bool)] = &[
            (Unit::Score, 1.0, true),
            (Unit::Score, 5.0, true),
            (Unit::Score, 0.99, false),
            (Unit::Score, 7.0, false),
            (Unit::Percent, 0.0, true),
            (Unit::Percent, 100.0, true),
            (Unit::Percent, 1138.55, false),
            (Unit::Count, -1.0, false),
            (Unit::Count, 0.0, true),
            (Unit::Pounds, -0.01, false),
            (Unit::Number, -42.0, true),
            (Unit::Number, f64::NAN, false),
            (Unit::Number, f64::INFINITY, false),
        ];
        for &(unit, value, ok) in cases {
            assert_eq!(unit.check(value).is_ok(), ok, "{unit} {value}");
        }
    }

    #[test]
    fn units_and_polarities_round_trip_through_their_names() {
        for u in [
            Unit::Score,
            Unit::Percent,
            Unit::Count,
            Unit::Pounds,
            Unit::SquareMetres,
            Unit::Category,
            Unit::Number,
        ] {
            assert_eq!(u.as_str().parse::<Unit>(), Ok(u));
        }
        for p in [Polarity::HigherIsBetter, Polarity::LowerIsBetter, Polarity::NoJudgement] {
            assert_eq!(p.as_str().parse::<Polarity>(), Ok(p));
        }
        assert_eq!("Higher".parse::<Polarity>(), Ok(Polarity::HigherIsBetter));
        assert!("sideways".parse::<Polarity>().is_err());
    }
}
