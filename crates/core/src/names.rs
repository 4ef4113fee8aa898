//! Matching organisation names to ODS codes, for files keyed by name (NHS England's DMA data
//! file names providers, not codes).
//!
//! Names are compared after [`normalise`]: case, punctuation, "&"/"and", and the words every
//! trust name shares ("NHS", "Foundation", "Trust", "The") are ignored, as are notes in
//! brackets such as "(Merged with RT3)". A name matches when its normal form equals the normal
//! form of exactly one organisation's name or alias. Failing that, a near match is accepted only
//! when it is very close (Sørensen–Dice similarity of letter pairs ≥ [`NEAR_MATCH`]) and clearly
//! closer than the runner-up; everything else is reported, never guessed.

use std::collections::{BTreeSet, HashMap};

/// Words ignored when comparing names: every trust has some of them.
const IGNORED_WORDS: &[&str] = &["nhs", "foundation", "trust", "the", "ft"];

/// The similarity a near match needs.
pub const NEAR_MATCH: f64 = 0.92;
/// How much closer than the runner-up a near match must be.
pub const NEAR_MARGIN: f64 = 0.05;

/// The normal form of an organisation name used for matching.
///
/// `"Guy's & St Thomas' NHS Foundation Trust (Merged with RT3)"` → `"guys and st thomas"`.
pub fn normalise(name: &str) -> String {
    let mut cleaned = String::with_capacity(name.len());
    let mut depth = 0usize;
    for ch in name.chars() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '\'' | '’' | '‘' | '`' => {}
            '&' => cleaned.push_str(" and "),
            c if c.is_alphanumeric() => cleaned.extend(c.to_lowercase()),
            _ => cleaned.push(' '),
        }
    }
    cleaned
        .split_whitespace()
        .filter(|w| !IGNORED_WORDS.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a name matched.
#[derive(Debug, Clone, PartialEq)]
pub enum NameMatch {
    /// Exactly one organisation has this name (after normalising).
    Exact(String),
    /// A near match, accepted: very close and clearly the closest.
    Near {
        /// The ODS code.
        code: String,
        /// The name it matched.
        matched: String,
        /// Similarity, 0–1.
        similarity: f64,
    },
    /// Several organisations have this name.
    Ambiguous(Vec<String>),
    /// Nothing close enough; the closest candidates (code, name, similarity) to help a person.
    Unmatched(Vec<(String, String, f64)>),
}

/// An index of organisation names and aliases.
#[derive(Debug, Default)]
pub struct NameIndex {
    by_normal: HashMap<String, BTreeSet<String>>,
    /// (normal form, display name, code) for near matching.
    entries: Vec<(String, String, String)>,
    /// Codes of organisations still open, preferred when a name is shared with a closed one.
    open: BTreeSet<String>,
}

impl NameIndex {
    /// Add a name (or alias) for an organisation.
    pub fn add(&mut self, code: &str, name: &str, open: bool) {
        let normal = normalise(name);
        if normal.is_empty() {
            return;
        }
        if open {
            self.open.insert(code.to_string());
        }
        let codes = self.by_normal.entry(normal.clone()).or_default();
        if codes.insert(code.to_string()) {
            self.entries.push((normal, name.to_string(), code.to_string()));
        }
    }

    /// Find the organisation a name refers to.
    pub fn find(&self, name: &str) -> NameMatch {
        let normal = normalise(name);
        if let Some(codes) = self.by_normal.get(&normal) {
            if codes.len() == 1 {
                return NameMatch::Exact(codes.iter().next().cloned().unwrap_or_default());
            }
            let open: Vec<&String> = codes.iter().filter(|c| self.open.contains(*c)).collect();
            if let [only] = open.as_slice() {
                return NameMatch::Exact((*only).clone());
            }
            return NameMatch::Ambiguous(codes.iter().cloned().collect());
        }
        let mut scored: Vec<(f64, &str, &str)> = self
            .entries
            .iter()
            .map(|(n, display, code)| (dice(&normal, n), display.as_str(), code.as_str()))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.2.cmp(b.2)));
        // The runner-up is the best candidate for a *different* organisation.
        let best = scored.first().copied();
        let runner_up = best
            .and_then(|(_, _, code)| scored.iter().find(|s| s.2 != code))
            .map(|s| s.0);
        if let Some((sim, display, code)) = best
            && sim >= NEAR_MATCH
            && sim - runner_up.unwrap_or(0.0) >= NEAR_MARGIN
        {
            return NameMatch::Near {
                code: code.to_string(),
                matched: display.to_string(),
                similarity: sim,
            };
        }
        let mut seen = BTreeSet::new();
        NameMatch::Unmatched(
            scored
                .into_iter()
                .filter(|s| seen.insert(s.2))
                .take(3)
                .map(|(s, d, c)| (c.to_string(), d.to_string(), (s * 100.0).round() / 100.0))
                .collect(),
        )
    }
}

/// Sørensen–Dice similarity of the letter pairs of two strings (0 = nothing shared, 1 = same).
pub fn dice(a: &str, b: &str) -> f64 {
    fn pairs(s: &str) -> Vec<(char, char)> {
        let chars: Vec<char> = s.chars().collect();
        let mut v: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
        v.sort_unstable();
        v
    }
    if a == b {
        return 1.0;
    }
    let (pa, pb) = (pairs(a), pairs(b));
    if pa.is_empty() || pb.is_empty() {
        return 0.0;
    }
    // Multiset intersection of two sorted lists.
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < pa.len() && j < pb.len() {
        match pa[i].cmp(&pb[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f64 / (pa.len() + pb.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_to_what_distinguishes_them() {
        let cases = [
            ("Guy's and St Thomas' NHS Foundation Trust", "guys and st thomas"),
            ("GUY'S & ST THOMAS' NHS FOUNDATION TRUST", "guys and st thomas"),
            (
                "Guy's and St Thomas' NHS Foundation Trust (Merged with RT3)",
                "guys and st thomas",
            ),
            ("The Royal Marsden NHS Foundation Trust", "royal marsden"),
            (
                "SOUTH TYNESIDE AND SUNDERLAND NHS FOUNDATION TRUST (R0B)",
                "south tyneside and sunderland",
            ),
            (
                "Barnet, Enfield and Haringey Mental Health NHS Trust",
                "barnet enfield and haringey mental health",
            ),
            (
                "Sheffield Health & Social Care NHS FT",
                "sheffield health and social care",
            ),
        ];
        for (name, want) in cases {
            assert_eq!(normalise(name), want, "{name}");
        }
    }

    fn index() -> NameIndex {
        let mut ix = NameIndex::default();
        ix.add("RJ1", "GUY'S AND ST THOMAS' NHS FOUNDATION TRUST", true);
        ix.add("RRK", "UNIVERSITY HOSPITALS BIRMINGHAM NHS FOUNDATION TRUST", true);
        ix.add(
            "RTG",
            "UNIVERSITY HOSPITALS OF DERBY AND BURTON NHS FOUNDATION TRUST",
            true,
        );
        ix.add("RJE", "UNIVERSITY HOSPITALS OF NORTH MIDLANDS NHS TRUST", true);
        ix.add("RA4", "YEOVIL DISTRICT HOSPITAL NHS FOUNDATION TRUST", false);
        ix.add("RH5", "SOMERSET NHS FOUNDATION TRUST", true);
        ix.add("RH5", "Yeovil District Hospital NHS Foundation Trust", true);
        ix
    }

    #[test]
    fn an_exact_name_matches_after_normalising() {
        assert_eq!(
            index().find("Guy's & St Thomas' NHS FT"),
            NameMatch::Exact("RJ1".into())
        );
    }

    #[test]
    fn a_name_shared_with_a_closed_trust_goes_to_the_open_one() {
        assert_eq!(index().find("Yeovil District Hospital"), NameMatch::Exact("RH5".into()));
    }

    #[test]
    fn a_small_spelling_difference_is_a_near_match() {
        match index().find("University Hospitals of North Midland NHS Trust") {
            NameMatch::Near { code, similarity, .. } => {
                assert_eq!(code, "RJE");
                assert!(similarity >= NEAR_MATCH);
            }
            other => panic!("expected a near match, got {other:?}"),
        }
    }

    #[test]
    fn a_different_trust_is_never_guessed() {
        match index().find("University Hospitals Bristol and Weston NHS Foundation Trust") {
            NameMatch::Unmatched(candidates) => assert_eq!(candidates.len(), 3),
            other => panic!("expected no match, got {other:?}"),
        }
    }

    #[test]
    fn two_open_trusts_with_one_name_are_ambiguous() {
        let mut ix = index();
        ix.add("RXX", "Somerset NHS Foundation Trust", true);
        assert_eq!(
            ix.find("Somerset"),
            NameMatch::Ambiguous(vec!["RH5".into(), "RXX".into()])
        );
    }

    #[test]
    fn dice_is_one_for_equal_and_zero_for_disjoint() {
        assert_eq!(dice("abc", "abc"), 1.0);
        assert_eq!(dice("ab", "cd"), 0.0);
        assert!((dice("night", "nacht") - 0.25).abs() < 1e-12);
    }
}
