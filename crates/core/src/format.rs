//! Numbers and words as a board paper prints them — the one formatter. The CLI, the charts, the
//! board pack and the app's screens all show the text made here (the report carries it, see
//! [`crate::benchmark::IndicatorText`]), so a number on the screen and the same number on paper
//! are identical by construction.
//!
//! Rounding is Rust's: the exact decimal value of the binary number, halves to even — 31.25 is
//! exactly representable and prints "31.2%"; 0.125 prints "0.12"; 2.675 (really 2.67499…) prints
//! "2.67".

use crate::model::Unit;
use crate::stats::funnel::Comparison;

/// A value with its unit: `3.42`, `12.5%`, `1,234`, `£1,250`; categories print nothing.
pub fn format_value(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Score | Unit::Number => format!("{value:.2}"),
        Unit::Percent => format!("{value:.1}%"),
        Unit::Count | Unit::SquareMetres => thousands(value.round()),
        Unit::Pounds => format!("£{}", thousands(value.round())),
        Unit::Category => String::new(),
    }
}

/// A value that may be absent: the value, else the reason it is missing, else a dash.
pub fn format_optional(value: Option<f64>, unit: Unit, missing: Option<&str>) -> String {
    match (value, missing) {
        (Some(v), _) => format_value(v, unit),
        (None, Some(reason)) => reason.to_string(),
        (None, None) => DASH.to_string(),
    }
}

/// What is shown where there is no number.
pub const DASH: &str = "–";

/// A change in words: `up 0.30`, `down 2.1 percentage points`, `unchanged` (under half the
/// last printed digit).
pub fn format_change(delta: f64, unit: Unit) -> String {
    let magnitude = match unit {
        Unit::Percent => format!("{:.1} percentage points", delta.abs()),
        _ => format_value(delta.abs(), unit),
    };
    let negligible = if unit == Unit::Percent { 0.05 } else { 0.005 };
    if delta.abs() < negligible {
        "unchanged".to_string()
    } else if delta > 0.0 {
        format!("up {magnitude}")
    } else {
        format!("down {magnitude}")
    }
}

/// A difference with its sign, for a table cell: `+0.30`, `−2.1 pts` (a true minus sign), `0.00`.
pub fn format_gap(delta: f64, unit: Unit) -> String {
    let magnitude = match unit {
        Unit::Percent => format!("{:.1} pts", delta.abs()),
        _ => format_value(delta.abs(), unit),
    };
    // The sign follows what is printed: a gap that rounds to zero has none.
    let printed_zero = magnitude
        .trim_end_matches(" pts")
        .chars()
        .all(|c| !c.is_ascii_digit() || c == '0');
    if printed_zero {
        magnitude
    } else if delta > 0.0 {
        format!("+{magnitude}")
    } else {
        format!("\u{2212}{magnitude}")
    }
}

/// 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 111th.
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// "3rd of 40", or a dash when there is no rank.
pub fn format_rank(rank: Option<u32>, n: u32) -> String {
    rank.map_or_else(|| DASH.to_string(), |r| format!("{} of {n}", ordinal(r)))
}

/// "top quartile" … "bottom quartile" (quartile 1 is the best after polarity).
pub fn quartile_words(q: u8) -> &'static str {
    match q {
        1 => "top quartile",
        2 => "second quartile",
        3 => "third quartile",
        _ => "bottom quartile",
    }
}

/// Better / Similar / Worse as a board member reads it on a tile or in a table (the verdict of
/// the funnel at the trust's base; see [`crate::stats::funnel::verdict`]).
pub fn comparison_words(c: Option<Comparison>) -> &'static str {
    match c {
        Some(Comparison::Better) => "Better than peers",
        Some(Comparison::Worse) => "Worse than peers",
        Some(Comparison::Similar) => "Similar to peers",
        None => "Not tested",
    }
}

/// A text cell for a spreadsheet (CSV, the workbook): text that a spreadsheet would run as a
/// formula (starting with `=`, `+`, `-`, `@`) gets a leading apostrophe. Numbers pass as they are.
pub fn spreadsheet_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@']) && text.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A whole number with thousands separators: 1,234,567.
pub fn thousands(v: f64) -> String {
    let s = format!("{}", v.abs() as u64);
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 && v.abs() >= 1.0 {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_as_rust_prints_them_halves_to_even_on_the_exact_binary_value() {
        let cases: &[(f64, Unit, &str)] = &[
            (31.25, Unit::Percent, "31.2%"),
            (31.35, Unit::Percent, "31.4%"), // 31.35 is really 31.350000000000001…
            (0.125, Unit::Score, "0.12"),
            (0.375, Unit::Score, "0.38"),
            (2.675, Unit::Score, "2.67"), // really 2.67499999…
            (3.0, Unit::Score, "3.00"),
            (1234.5, Unit::Count, "1,235"), // counts: f64::round, half away from zero
            (999_999.6, Unit::Count, "1,000,000"),
            (1250.0, Unit::Pounds, "£1,250"),
            (-1234.0, Unit::Count, "-1,234"),
            (12.0, Unit::Category, ""),
        ];
        for (v, unit, want) in cases {
            assert_eq!(&format_value(*v, *unit), want, "{v} as {unit:?}");
        }
    }

    #[test]
    fn gaps_carry_a_sign_only_when_a_digit_that_is_not_zero_is_printed() {
        assert_eq!(format_gap(0.3, Unit::Score), "+0.30");
        assert_eq!(format_gap(-2.14, Unit::Percent), "\u{2212}2.1 pts");
        assert_eq!(format_gap(0.004, Unit::Score), "0.00");
        assert_eq!(format_gap(-0.04, Unit::Percent), "0.0 pts");
        assert_eq!(format_gap(-1500.0, Unit::Pounds), "\u{2212}£1,500");
    }

    #[test]
    fn changes_under_half_the_last_digit_are_unchanged() {
        assert_eq!(format_change(0.3, Unit::Score), "up 0.30");
        assert_eq!(format_change(-2.1, Unit::Percent), "down 2.1 percentage points");
        assert_eq!(format_change(0.004, Unit::Score), "unchanged");
        assert_eq!(format_change(0.049, Unit::Percent), "unchanged");
    }

    #[test]
    fn ordinals_and_ranks() {
        let words: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111, 112].map(ordinal).into();
        assert_eq!(
            words,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th", "112th"
            ]
        );
        assert_eq!(format_rank(Some(3), 40), "3rd of 40");
        assert_eq!(format_rank(None, 40), DASH);
    }

    #[test]
    fn text_a_spreadsheet_would_run_as_a_formula_is_escaped_and_numbers_are_not() {
        for (text, want) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1+1", "'+1+1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-2.5", "-2.5"),
            ("Guy's", "Guy's"),
        ] {
            assert_eq!(spreadsheet_safe(text), want);
        }
    }

    #[test]
    fn missing_values_show_their_reason_never_zero() {
        assert_eq!(format_optional(None, Unit::Percent, Some("suppressed")), "suppressed");
        assert_eq!(format_optional(None, Unit::Percent, None), DASH);
        assert_eq!(format_optional(Some(0.0), Unit::Percent, Some("x")), "0.0%");
    }
}
