//! What Boardlens knows about NHS England's Digital Maturity Assessment (DMA), in one place:
//! the pillars of What Good Looks Like (seven for trusts and ICBs, five for ICB primary care),
//! the care settings, the two overall scores, and the caveats NHS England attaches to them.
//!
//! Indicator keys: `dma.<setting>.<pillar>` (`dma.acute.safe_practice`, `dma.icb.well_led`,
//! `dma.primary_care.support_people`), `dma.<setting>.overall` (the mean of the seven pillars,
//! computed by Boardlens) and `dma.<setting>.overall_comparable_<from>_<to>` (NHS England's
//! weighted overall on the domains comparable between two years: the only published change).

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

/// The five pillars of the ICBs' primary-care assessment, with their own names (sheet
/// `2025 Pillar Summary (ICB PC)`): a different question set, never merged with the seven.
pub const PRIMARY_CARE_PILLARS: [(&str, &str); 5] = [
    ("Well Led", "well_led"),
    ("Ensuring Smart Foundations", "smart_foundations"),
    ("Support People", "support_people"),
    ("Empower People", "empower_people"),
    ("Improve care", "improve_care"),
];

/// The care-setting key fragment of the ICBs' primary-care assessment.
pub const PRIMARY_CARE: &str = "primary_care";

/// The care-setting key fragment of the ICBs' own (organisation and system) assessment.
pub const ICB: &str = "icb";

/// The secondary care settings as NHS England names them, with their key fragments.
pub const CARE_SETTINGS: [(&str, &str); 4] = [
    ("Acute", "acute"),
    ("Mental Health", "mental_health"),
    ("Community", "community"),
    ("Ambulance", "ambulance"),
];

/// Said wherever trusts are ranked on DMA scores.
pub const SELF_ASSESSMENT_CAVEAT: &str =
    "DMA scores are self-assessed; NHS England presents them as a guide to progress, not a league table.";

/// Said wherever DMA pillar scores are compared across 2024 and 2025.
pub const QUESTION_SET_CAVEAT: &str =
    "not directly comparable: NHS England changed the DMA question set between 2024 and 2025";

/// NHS England's own note on the comparable overall score (note 1 of the sheets
/// `SC - 24 vs 25 Overall DMA` and `ICB -24 vs 25 Overall DMA `), in plain words.
pub const COMPARABLE_NOTE: &str = "NHS England's weighted overall score on only the DMA domains comparable between the two years; \
     it may differ from the standalone DMA score of either year";

/// How the mean of the seven pillars is described wherever it is shown.
pub const MEAN_OF_PILLARS: &str = "the mean of the seven pillar scores, computed by Boardlens (NHS England does not publish a standalone overall score in its data file)";

/// A care setting's label in a sentence: `mental_health` → `mental health`, `icb` → `ICB`.
pub fn setting_words(setting: &str) -> String {
    match setting {
        ICB => "ICB".into(),
        PRIMARY_CARE => "ICB primary care".into(),
        s => CARE_SETTINGS
            .iter()
            .find(|(_, k)| *k == s)
            .map_or_else(|| s.replace('_', " "), |(name, _)| name.to_lowercase()),
    }
}

/// The pillars of a setting: five for ICB primary care, seven for everyone else.
pub fn pillars_of(setting: &str) -> &'static [(&'static str, &'static str)] {
    if setting == PRIMARY_CARE {
        &PRIMARY_CARE_PILLARS
    } else {
        &PILLARS
    }
}

/// The indicator of one care setting's pillar.
pub fn pillar_indicator(setting: &str, pillar: &str, pillar_key: &str) -> IndicatorDef {
    let group = if setting == PRIMARY_CARE {
        "DMA primary care pillars (ICB)".to_string()
    } else {
        format!("DMA pillars ({})", setting_words(setting))
    };
    IndicatorDef {
        key: format!("dma.{setting}.{pillar_key}"),
        label: pillar.to_string(),
        group,
        unit: Unit::Score,
        polarity: Polarity::HigherIsBetter,
    }
}

/// The label of the mean of the seven pillars.
pub const OVERALL_LABEL: &str = "DMA overall (mean of the seven pillars)";

/// The indicator of one care setting's overall score: the mean of its seven pillars.
pub fn overall_indicator(setting: &str) -> IndicatorDef {
    IndicatorDef {
        key: format!("dma.{setting}.overall"),
        label: OVERALL_LABEL.into(),
        group: format!("DMA ({})", setting_words(setting)),
        unit: Unit::Score,
        polarity: Polarity::HigherIsBetter,
    }
}

/// The indicator of NHS England's comparable-domain overall between two years.
pub fn comparable_overall_indicator(setting: &str, from: &str, to: &str) -> IndicatorDef {
    IndicatorDef {
        key: format!("dma.{setting}.overall_comparable_{from}_{to}"),
        label: format!("DMA overall, domains comparable {from}–{to} (NHS England)"),
        group: format!("DMA ({})", setting_words(setting)),
        unit: Unit::Score,
        polarity: Polarity::HigherIsBetter,
    }
}

/// True for DMA indicators (ranked only with the self-assessment caveat).
pub fn is_dma(key: &str) -> bool {
    key.starts_with("dma.")
}

/// The care setting of any DMA indicator: `dma.mental_health.well_led` → `mental_health`.
pub fn setting(key: &str) -> Option<&str> {
    key.strip_prefix("dma.")?.split_once('.').map(|(s, _)| s)
}

/// `Some(setting)` when the key is a DMA pillar: `dma.acute.safe_practice` → `acute`.
pub fn pillar_setting(key: &str) -> Option<&str> {
    let (setting, pillar) = key.strip_prefix("dma.")?.split_once('.')?;
    pillars_of(setting).iter().any(|(_, k)| *k == pillar).then_some(setting)
}

/// True for the mean of the seven pillars, `dma.<setting>.overall`.
pub fn is_overall_mean(key: &str) -> bool {
    key.starts_with("dma.") && key.ends_with(".overall")
}

/// `Some((from, to))` for NHS England's comparable overall: `…overall_comparable_2024_2025`.
pub fn comparable_years(key: &str) -> Option<(&str, &str)> {
    let (_, rest) = key.strip_prefix("dma.")?.split_once(".overall_comparable_")?;
    rest.split_once('_')
}

/// The headline care setting of an organisation of this kind and trust type: an acute trust's
/// is Acute, a mental-health or care trust's Mental Health, an ICB's its own assessment.
pub fn headline_setting(kind: crate::model::OrgKind, trust_type: Option<&str>) -> Option<&'static str> {
    if kind == crate::model::OrgKind::Icb {
        return Some(ICB);
    }
    let t = trust_type?.to_lowercase();
    Some(match t.as_str() {
        "acute" => "acute",
        "mental health" | "care trust" => "mental_health",
        "community" => "community",
        "ambulance" => "ambulance",
        _ => return None,
    })
}

/// Whether a change between two periods of an indicator can be read as a change. Only NHS
/// England's comparable overall is comparable across 2024 and 2025, and only between the two
/// years it was computed for: pillar scores (and their mean) answer different questions.
pub fn comparable(key: &str, from: &str, to: &str) -> bool {
    if let Some((a, b)) = comparable_years(key) {
        return from == a && to == b;
    }
    !(setting(key).is_some() && from < "2025" && to >= "2025")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::OrgKind;

    #[test]
    fn only_the_published_comparable_overall_changes_across_2024_and_2025() {
        assert!(!comparable("dma.acute.safe_practice", "2024", "2025"));
        assert!(!comparable("dma.acute.overall", "2024", "2025"));
        assert!(comparable("dma.acute.overall_comparable_2024_2025", "2024", "2025"));
        assert!(comparable("dma.acute.safe_practice", "2025", "2026"));
        assert!(comparable("nss.burned_out", "2023", "2024"));
    }

    #[test]
    fn keys_say_their_setting_and_kind() {
        assert_eq!(pillar_setting("dma.mental_health.well_led"), Some("mental_health"));
        assert_eq!(pillar_setting("dma.primary_care.support_people"), Some("primary_care"));
        assert_eq!(pillar_setting("dma.acute.support_people"), None);
        assert_eq!(pillar_setting("dma.acute.overall"), None);
        assert_eq!(setting("dma.icb.overall_comparable_2024_2025"), Some("icb"));
        assert_eq!(
            comparable_years("dma.icb.overall_comparable_2024_2025"),
            Some(("2024", "2025"))
        );
        assert!(is_overall_mean("dma.community.overall"));
        assert!(!is_overall_mean("dma.community.overall_comparable_2024_2025"));
    }

    #[test]
    fn the_headline_setting_follows_the_trust_type() {
        let cases = [
            (OrgKind::Trust, Some("Acute"), Some("acute")),
            (OrgKind::Trust, Some("Mental health"), Some("mental_health")),
            (OrgKind::Trust, Some("Care trust"), Some("mental_health")),
            (OrgKind::Trust, Some("Community"), Some("community")),
            (OrgKind::Trust, Some("Ambulance"), Some("ambulance")),
            (OrgKind::Trust, None, None),
            (OrgKind::Icb, None, Some("icb")),
        ];
        for (kind, t, want) in cases {
            assert_eq!(headline_setting(kind, t), want, "{t:?}");
        }
        assert_eq!(setting_words("mental_health"), "mental health");
        assert_eq!(setting_words("icb"), "ICB");
    }
}
