//! The board paper's cover sheet. NHS board papers open with one: the paper's title, the
//! meeting, its purpose (for information, assurance, discussion or decision), the strategic
//! objective and board assurance framework (BAF) risk it relates to, the committees that saw it
//! first, who presents it, and the recommendation ("The Board is asked to note…").
//!
//! The person fills these in (the app keeps them with the workspace; the CLI reads a TOML file);
//! the board pack prints them on its cover. Boardlens never invents them, except a plain
//! recommendation that follows from the purpose when none is given.

use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Why the paper goes to the board: the first thing a board member reads on the cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Purpose {
    /// To note; no action asked.
    #[default]
    Information,
    /// To take assurance on a position or on progress.
    Assurance,
    /// To discuss and give a view.
    Discussion,
    /// To approve something: the recommendation must say what.
    Decision,
}

impl Purpose {
    /// The words on the cover, e.g. `For assurance`.
    pub fn words(self) -> &'static str {
        match self {
            Purpose::Information => "For information",
            Purpose::Assurance => "For assurance",
            Purpose::Discussion => "For discussion",
            Purpose::Decision => "For decision",
        }
    }

    /// The recommendation printed when the person gives none; a decision has no default,
    /// because only the author knows what the board is asked to approve.
    pub fn default_recommendation(self) -> Option<&'static str> {
        match self {
            Purpose::Information => Some("The Board is asked to note the digital maturity position against peers."),
            Purpose::Assurance => Some(
                "The Board is asked to note the position against peers and the assurance it gives on progress with the digital strategy.",
            ),
            Purpose::Discussion => {
                Some("The Board is asked to discuss the position against peers and the gaps identified.")
            }
            Purpose::Decision => None,
        }
    }
}

/// The cover sheet's fields; an empty field is left off the cover.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CoverSheet {
    /// The paper's title; empty for "Digital maturity against peers".
    pub title: String,
    /// The meeting, e.g. `Trust Board (public), 28 January 2027`.
    pub meeting: String,
    /// Why the paper goes to the board.
    pub purpose: Purpose,
    /// The strategic objective the paper relates to.
    pub strategic_objective: String,
    /// The board assurance framework risk it relates to, e.g. `BAF 7: digital infrastructure`.
    pub baf_risk: String,
    /// The committees that saw it first, e.g. `Digital Committee, 12 January 2027`.
    pub committees: String,
    /// Who presents it, e.g. `Chief Digital Information Officer`.
    pub presented_by: String,
    /// What the board is asked to do; empty for the purpose's default.
    pub recommendation: String,
}

/// The longest a title may be, in characters (it is set large on the cover).
pub const MAX_TITLE: usize = 120;
/// The longest any other field may be, in characters (the cover is one page).
pub const MAX_FIELD: usize = 600;

/// The title used when the person gives none.
pub const DEFAULT_TITLE: &str = "Digital maturity against peers";

impl CoverSheet {
    /// Read a cover sheet from a TOML file (`boardlens pack --cover FILE`), checked.
    pub fn load(path: &Path) -> Result<CoverSheet> {
        crate::error::parse_text_file(path, Self::parse)
    }

    /// Parse and check cover sheet TOML; the message says which line or field is wrong.
    pub fn parse(text: &str) -> std::result::Result<CoverSheet, String> {
        let cover: CoverSheet = toml::from_str(text).map_err(|e| e.to_string().trim_end().to_string())?;
        cover.checked().map_err(|e| e.to_string())
    }

    /// The same cover with its fields trimmed, or an error naming the field that is too long,
    /// holds control characters, or is missing (a decision needs its recommendation).
    pub fn checked(mut self) -> Result<CoverSheet> {
        for (name, value, max) in self.fields_mut() {
            let trimmed = value.trim();
            if trimmed.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
                return Err(Error::Invalid(format!(
                    "cover sheet, {name}: contains a control character; expected plain text"
                )));
            }
            let chars = trimmed.chars().count();
            if chars > max {
                return Err(Error::Invalid(format!(
                    "cover sheet, {name}: {chars} characters; expected at most {max} (the cover is one page)"
                )));
            }
            *value = trimmed.to_string();
        }
        if self.purpose == Purpose::Decision && self.recommendation.is_empty() {
            return Err(Error::Invalid(
                "cover sheet, recommendation: a paper for decision needs one; say what the Board is asked to approve"
                    .into(),
            ));
        }
        Ok(self)
    }

    fn fields_mut(&mut self) -> [(&'static str, &mut String, usize); 7] {
        [
            ("title", &mut self.title, MAX_TITLE),
            ("meeting", &mut self.meeting, MAX_FIELD),
            ("strategic_objective", &mut self.strategic_objective, MAX_FIELD),
            ("baf_risk", &mut self.baf_risk, MAX_FIELD),
            ("committees", &mut self.committees, MAX_FIELD),
            ("presented_by", &mut self.presented_by, MAX_FIELD),
            ("recommendation", &mut self.recommendation, MAX_FIELD),
        ]
    }

    /// The title to print.
    pub fn title_or_default(&self) -> &str {
        if self.title.trim().is_empty() {
            DEFAULT_TITLE
        } else {
            self.title.trim()
        }
    }

    /// The recommendation to print: the person's, else the purpose's default.
    pub fn recommendation_or_default(&self) -> Option<&str> {
        let given = self.recommendation.trim();
        if given.is_empty() {
            self.purpose.default_recommendation()
        } else {
            Some(given)
        }
    }

    /// The cover's labelled rows in board-paper order; empty fields are left off, the purpose
    /// and the recommendation are always there.
    pub fn rows(&self) -> Vec<(&'static str, String)> {
        let mut rows = Vec::new();
        let mut push = |label: &'static str, value: &str| {
            if !value.trim().is_empty() {
                rows.push((label, value.trim().to_string()));
            }
        };
        push("Meeting", &self.meeting);
        push("Purpose", self.purpose.words());
        push("Strategic objective", &self.strategic_objective);
        push("Board assurance framework risk", &self.baf_risk);
        push("Previously considered by", &self.committees);
        push("Presented by", &self.presented_by);
        push("Recommendation", self.recommendation_or_default().unwrap_or_default());
        rows
    }
}

/// What an empty field of the cover sheet shows, so nothing silently disappears.
pub const TO_COMPLETE: &str = "[to complete]";

impl CoverSheet {
    /// Every field of the cover in board-paper order, empty ones shown as [`TO_COMPLETE`]:
    /// the printed cover sheet, where a missing BAF risk must be seen to be missing.
    pub fn all_rows(&self) -> Vec<(&'static str, String)> {
        let given = |value: &str| {
            let v = value.trim();
            if v.is_empty() {
                TO_COMPLETE.to_string()
            } else {
                v.to_string()
            }
        };
        vec![
            ("Meeting", given(&self.meeting)),
            ("Purpose", self.purpose.words().to_string()),
            ("Strategic objective", given(&self.strategic_objective)),
            ("Board assurance framework risk", given(&self.baf_risk)),
            ("Previously considered by", given(&self.committees)),
            ("Presented by", given(&self.presented_by)),
            (
                "Recommendation",
                given(self.recommendation_or_default().unwrap_or_default()),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_cover_is_for_information_with_the_default_title_and_recommendation() {
        let cover = CoverSheet::parse("").unwrap();
        assert_eq!(cover.title_or_default(), DEFAULT_TITLE);
        assert_eq!(
            cover.rows(),
            vec![
                ("Purpose", "For information".to_string()),
                (
                    "Recommendation",
                    "The Board is asked to note the digital maturity position against peers.".to_string()
                ),
            ]
        );
    }

    #[test]
    fn fields_are_trimmed_and_printed_in_board_paper_order() {
        let cover = CoverSheet::parse(
            r#"
            purpose = "assurance"
            recommendation = "  The Board is asked to note the report.  "
            baf_risk = "BAF 7: digital infrastructure"
            meeting = "Trust Board (public), 28 January 2027"
            committees = "Digital Committee, 12 January 2027"
            "#,
        )
        .unwrap();
        let labels: Vec<_> = cover.rows().into_iter().map(|(l, _)| l).collect();
        assert_eq!(
            labels,
            [
                "Meeting",
                "Purpose",
                "Board assurance framework risk",
                "Previously considered by",
                "Recommendation"
            ]
        );
        assert_eq!(cover.recommendation, "The Board is asked to note the report.");
        assert_eq!(cover.rows()[1].1, "For assurance");
    }

    #[test]
    fn a_decision_needs_its_recommendation() {
        let err = CoverSheet::parse(r#"purpose = "decision""#).unwrap_err();
        assert!(err.contains("recommendation"), "{err}");
        assert!(CoverSheet::parse("purpose = \"decision\"\nrecommendation = \"Approve the plan.\"").is_ok());
    }

    #[test]
    fn bad_cover_files_say_what_is_wrong() {
        let check = |text: &str, expected: &str| {
            let err = CoverSheet::parse(text).unwrap_err();
            assert!(err.contains(expected), "{text:?}: {err}");
        };
        check(r#"purpose = "approval""#, "unknown variant `approval`");
        check(r#"recomendation = "x""#, "unknown field `recomendation`");
        check("title = [1]", "invalid type");
        check(
            &format!("title = \"{}\"", "x".repeat(121)),
            "title: 121 characters; expected at most 120",
        );
        check("meeting = \"a\\u0007b\"", "meeting: contains a control character");
    }

    #[test]
    fn the_example_cover_in_the_docs_is_valid() {
        let cover = CoverSheet::parse(include_str!("../../../docs/examples/cover.toml")).unwrap();
        assert_eq!(cover.purpose, Purpose::Assurance);
        assert_eq!(cover.rows().len(), 7, "every field is filled in");
    }

    #[test]
    fn a_missing_cover_file_names_the_file() {
        let err = CoverSheet::load(Path::new("/nonexistent/cover.toml")).unwrap_err();
        assert!(err.to_string().starts_with("/nonexistent/cover.toml"), "{err}");
    }

    #[test]
    fn the_printed_cover_shows_every_field_and_marks_the_empty_ones() {
        let cover = CoverSheet::parse("meeting = \"Board, 8 January 2027\"").unwrap();
        let rows = cover.all_rows();
        assert_eq!(rows.len(), 7);
        assert_eq!(rows[0], ("Meeting", "Board, 8 January 2027".to_string()));
        assert_eq!(rows[3], ("Board assurance framework risk", TO_COMPLETE.to_string()));
        assert!(rows.iter().all(|(_, v)| !v.is_empty()));
    }
}
