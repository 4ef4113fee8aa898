//! What Boardlens knows about NHS England's Digital Maturity Assessment (DMA), in one place:
//! the seven pillars of What Good Looks Like, the overall score, and the caveats NHS England
//! attaches to the scores.

use crate::model::{IndicatorDef, Polarity, Unit};

/// The seven pillars, as the DMA data file heads them, with their indicator key fragments.
pub const PILLARS: [(&str, &str); 7] = [
    ("Well Led", "well_led"),
    ("Ensure Smart Foundations", "smart_foundations"),
    ("Safe Practice", "safe_practice"),
    ("Support Workforce", "support_workforce"),
    ("Empower People", "empower_people"),
    ("Improve Care", "improve_care"),
    ("Healthy Populations", "healthy_populations"),
];

/// Said wherever trusts are ranked on DMA scores.
pub const SELF_ASSESSMENT_CAVEAT: &str =
    "DMA scores are self-assessed; NHS England presents them as a guide to progress, not a league table.";

/// Said wherever DMA pillar scores are compared across 2024 and 2025.
pub const QUESTION_SET_CAVEAT: &str =
    "not directly comparable: NHS England changed the DMA question set between 2024 and 2025";

/// The indicator of one care setting's pillar.
pub fn pillar_indicator(setting_slug: &str, setting_label: &str, pillar: &str, pillar_key: &str) -> IndicatorDef {
    IndicatorDef {
        key: format!("dma.{setting_slug}.{pillar_key}"),
        label: pillar.to_string(),
        group: format!("DMA pillars ({setting_label})"),
        unit: Unit::Score,
        polarity: Polarity::HigherIsBetter,
    }
}

/// The indicator of one care setting's overall score.
pub fn overall_indicator(setting_slug: &str, setting_label: &str) -> IndicatorDef {
    IndicatorDef {
        key: format!("dma.{setting_slug}.overall"),
        label: "DMA overall score".into(),
        group: format!("DMA ({setting_label})"),
        unit: Unit::Score,
        polarity: Polarity::HigherIsBetter,
    }
}

/// True for DMA indicators (ranked only with the self-assessment caveat).
pub fn is_dma(key: &str) -> bool {
    key.starts_with("dma.")
}

/// `Some(setting)` when the key is a DMA pillar: `dma.acute.safe_practice` → `acute`.
pub fn pillar_setting(key: &str) -> Option<&str> {
    let (setting, pillar) = key.strip_prefix("dma.")?.split_once('.')?;
    PILLARS.iter().any(|(_, k)| *k == pillar).then_some(setting)
}

/// Whether a change between two periods of an indicator can be read as a change. DMA pillar
/// scores of 2024 and 2025 answer different questions; the overall comparison is published.
pub fn comparable(key: &str, from: &str, to: &str) -> bool {
    !(pillar_setting(key).is_some() && from < "2025" && to >= "2025")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pillar_changes_across_the_2025_question_set_are_not_comparable() {
        assert!(!comparable("dma.acute.safe_practice", "2024", "2025"));
        assert!(comparable("dma.acute.overall", "2024", "2025"));
        assert!(comparable("dma.acute.safe_practice", "2025", "2026"));
        assert!(comparable("nss.burned_out", "2023", "2024"));
        assert_eq!(pillar_setting("dma.mental_health.well_led"), Some("mental_health"));
        assert_eq!(pillar_setting("dma.acute.overall"), None);
    }
}
