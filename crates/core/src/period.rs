//! Periods and dates as NHS files write them, turned into one sortable form.
//!
//! A period is a year (`2025`), a financial or survey year (`2022-23`), a month (`2025-07`) or a
//! span of years covered by one file (`2021-2024`). Text order is time order for each form.

/// Normalise a period as published: `22/23`, `2022/23`, `2022-2023` → `2022-23`; `2025` and
/// `2025-07` unchanged. `None` when the text is not a period.
pub fn normalise(text: &str) -> Option<String> {
    let t = text.trim();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if t.len() == 4 && digits(t) {
        return plausible_year(t.parse().ok()?).then(|| t.to_string());
    }
    let (a, b) = t.split_once(['/', '-', '–'])?;
    let (a, b) = (a.trim(), b.trim());
    if !digits(a) || !digits(b) {
        return None;
    }
    let start: u32 = match a.len() {
        4 => a.parse().ok()?,
        2 => 2000 + a.parse::<u32>().ok()?,
        _ => return None,
    };
    if !plausible_year(start) {
        return None;
    }
    let end: u32 = b.parse().ok()?;
    match b.len() {
        // 2024-25: a financial or survey year (its second year's last two digits).
        2 if (start + 1) % 100 == end => Some(format!("{start}-{b}")),
        // 2025-07: a month, 01 to 12.
        2 if a.len() == 4 && (1..=12).contains(&end) => Some(format!("{start}-{b}")),
        4 if end == start + 1 => Some(format!("{start}-{:02}", (start + 1) % 100)),
        // 2021-2024: a span of years one file covers (at most ten).
        4 if end > start + 1 && end - start <= MAX_SPAN_YEARS => Some(format!("{start}-{b}")),
        _ => None,
    }
}

/// The longest span of years one file is taken to cover (`2021-2024`); `2024-2099` is a typo.
const MAX_SPAN_YEARS: u32 = 10;

/// Years NHS data can be about: not `0000`, not `2999`.
fn plausible_year(year: u32) -> bool {
    (1990..=2100).contains(&year)
}

/// A calendar date that exists (no 13th month, no 30 February), as `YYYY-MM-DD`.
fn real_date(y: u32, m: u32, d: u32) -> Option<String> {
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (plausible_year(y) && (1..=days).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// How old a source may be at a paper's date before it is flagged wherever it is used.
pub const STALE_AFTER_MONTHS: u32 = 24;

/// The last month a period covers, as (year, month): a year → its December; a financial year
/// `2022-23` → March 2023; a month → itself; a span `2021-2024` → December 2024.
pub fn end_month(period: &str) -> Option<(u32, u32)> {
    let p = normalise(period)?;
    let year = |s: &str| s.parse::<u32>().ok();
    match p.split_once('-') {
        None => Some((year(&p)?, 12)),
        Some((a, b)) if b.len() == 4 => {
            let _ = year(a)?;
            Some((year(b)?, 12))
        }
        Some((a, b)) => {
            let start = year(a)?;
            let two: u32 = b.parse().ok()?;
            if (start + 1) % 100 == two {
                Some((start + 1, 3))
            } else {
                Some((start, two))
            }
        }
    }
}

/// The month of a date as a board paper writes it (`3 December 2026`, `December 2026`) or as
/// ISO (`2026-12-03`).
pub fn month_of_date(text: &str) -> Option<(u32, u32)> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let t = text.trim();
    if let Some((y, rest)) = t.split_once('-')
        && y.len() == 4
    {
        let m: u32 = rest.get(0..2)?.parse().ok()?;
        return (1..=12).contains(&m).then_some((y.parse().ok()?, m));
    }
    let words: Vec<String> = t.split_whitespace().map(str::to_lowercase).collect();
    let month = words.iter().find_map(|w| {
        MONTHS
            .iter()
            .position(|m| w.starts_with(&m[..3]) && m.starts_with(w.trim_end_matches('.')))
    })?;
    let year = words
        .iter()
        .rev()
        .find_map(|w| w.parse::<u32>().ok().filter(|y| plausible_year(*y)))?;
    Some((year, month as u32 + 1))
}

/// Whole months from the end of `period` to the month of `date`, where both can be read.
pub fn age_in_months(period: &str, date: &str) -> Option<i64> {
    let (py, pm) = end_month(period)?;
    let (dy, dm) = month_of_date(date)?;
    Some((i64::from(dy) * 12 + i64::from(dm)) - (i64::from(py) * 12 + i64::from(pm)))
}

/// Whether a period is older than [`STALE_AFTER_MONTHS`] at a paper's date.
pub fn is_stale(period: &str, date: &str) -> bool {
    age_in_months(period, date).is_some_and(|m| m > i64::from(STALE_AFTER_MONTHS))
}

/// A series in time order with every missing period between its first and last put in as a
/// gap (`None`): months (`2025-07`), years (`2025`) and financial years (`2024-25`) step by one.
/// A series of mixed or other forms is returned as it is.
pub fn with_gaps(series: &[(String, Option<f64>)]) -> Vec<(String, Option<f64>)> {
    let step: Option<fn(&str) -> Option<String>> = if series.iter().all(|(p, _)| month(p).is_some()) {
        Some(|p| {
            let (y, m) = month(p)?;
            Some(if m == 12 {
                format!("{:04}-01", y + 1)
            } else {
                format!("{y:04}-{:02}", m + 1)
            })
        })
    } else if series.iter().all(|(p, _)| p.len() == 4 && p.parse::<u32>().is_ok()) {
        Some(|p| Some(format!("{}", p.parse::<u32>().ok()? + 1)))
    } else if series.iter().all(|(p, _)| financial_year(p).is_some()) {
        Some(|p| {
            let y = financial_year(p)? + 1;
            Some(format!("{y}-{:02}", (y + 1) % 100))
        })
    } else {
        None
    };
    let Some(step) = step else {
        return series.to_vec();
    };
    let mut out: Vec<(String, Option<f64>)> = Vec::with_capacity(series.len());
    for (p, v) in series {
        // Fill from the last period up to this one (bounded: a series spans at most a century).
        while let Some(next) = out.last().and_then(|(q, _)| step(q)) {
            if next >= *p || out.len() > series.len() + 1200 {
                break;
            }
            out.push((next, None));
        }
        out.push((p.clone(), *v));
    }
    out
}

/// `2025-07` → (2025, 7), for a month 01–12.
fn month(p: &str) -> Option<(u32, u32)> {
    let (y, m) = p.split_once('-')?;
    let (y, m): (u32, u32) = (y.parse().ok()?, m.parse().ok()?);
    (p.len() == 7 && (1..=12).contains(&m)).then_some((y, m))
}

/// `2024-25` → 2024, for a financial or survey year.
fn financial_year(p: &str) -> Option<u32> {
    let (y, e) = p.split_once('-')?;
    let (y, e): (u32, u32) = (y.parse().ok()?, e.parse().ok()?);
    (p.len() == 7 && (y + 1) % 100 == e).then_some(y)
}

/// Find a period in a file name: `dspt_trusts_2022-23_snapshot.csv` → `2022-23`,
/// `etr_2025-07.csv` → `2025-07`, `nss_2021-2024_org.csv` → `2021-2024`.
pub fn from_file_name(name: &str) -> Option<String> {
    let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let bytes = stem.as_bytes();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let boundary = i == 0 || !bytes[i - 1].is_ascii_digit();
        if boundary && bytes[i..i + 4].iter().all(u8::is_ascii_digit) && matches!(&stem[i..i + 2], "19" | "20") {
            // Try the longest form first: YYYY-YYYY, YYYY-YY, YYYY.
            for len in [9, 7] {
                if let Some(candidate) = stem.get(i..i + len) {
                    let end_ok = stem.as_bytes().get(i + len).is_none_or(|b| !b.is_ascii_digit());
                    if end_ok && let Some(p) = normalise(candidate) {
                        return Some(p);
                    }
                }
            }
            let end_ok = bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
            if end_ok {
                return Some(stem[i..i + 4].to_string());
            }
        }
        i += 1;
    }
    None
}

/// `20240930` → `2024-09-30`; `None` unless eight digits that make a real date (regression:
/// `20241399` was stored as 2024-13-99, and `00000000` as a close date made a trust vanish).
pub fn date_from_yyyymmdd(text: &str) -> Option<String> {
    let t = text.trim();
    if t.len() != 8 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    real_date(t[0..4].parse().ok()?, t[4..6].parse().ok()?, t[6..8].parse().ok()?)
}

/// `30/06/2023` → `2023-06-30`; also accepts ISO `2023-06-30` as is.
pub fn date_from_dmy(text: &str) -> Option<String> {
    let t = text.trim();
    let parts: Vec<&str> = t.split('/').collect();
    if let [d, m, y] = parts.as_slice() {
        let (d, m, y): (u32, u32, u32) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
        return real_date(y, m, d);
    }
    let iso = t.as_bytes();
    (iso.len() == 10 && iso[4] == b'-' && iso[7] == b'-').then(|| t.to_string())
}

/// A UTC timestamp in RFC 3339 (`2026-11-25T01:50:03Z`) from seconds since the Unix epoch.
/// Callers pass the time in, so tests and imports are reproducible.
pub fn rfc3339_utc(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let secs = unix_seconds.rem_euclid(86_400);
    // Howard Hinnant's days-from-civil, inverted.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// A date as a board paper writes it: `25 November 2026`.
pub fn long_date(unix_seconds: i64) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let iso = rfc3339_utc(unix_seconds);
    let (y, m, d) = (
        &iso[0..4],
        iso[5..7].parse::<usize>().unwrap_or(1),
        iso[8..10].parse::<u32>().unwrap_or(1),
    );
    format!("{d} {} {y}", MONTHS[(m - 1).min(11)])
}

/// Seconds since the Unix epoch, now. Only the binaries call this; the library takes time in.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, want: Option<&str>) {
        assert_eq!(normalise(input).as_deref(), want, "normalise({input:?})");
    }

    #[test]
    fn periods_are_normalised() {
        check("2025", Some("2025"));
        check("22/23", Some("2022-23"));
        check("2022/23", Some("2022-23"));
        check("2022-2023", Some("2022-23"));
        check("2016-17", Some("2016-17"));
        check("2025-07", Some("2025-07"));
        check("2021-2024", Some("2021-2024"));
        check("99/01", None);
        check("twenty", None);
        // Regression: these were accepted; "2024-00" became a trust's latest period.
        check("2024-00", None);
        check("2025-13", None);
        check("0000", None);
        check("2999", None);
        check("2024-2099", None);
        check("2025-12", Some("2025-12"));
        check("2015-2025", Some("2015-2025"));
        check("", None);
    }

    #[test]
    fn periods_are_found_in_file_names() {
        let cases = [
            ("dspt_trusts_2022-23_snapshot_2023-11-16.csv", Some("2022-23")),
            ("etr_2025-07.csv", Some("2025-07")),
            ("nss_2021-2024_org_results_wellbeing.csv", Some("2021-2024")),
            ("eric_2016-17_trust_level.csv", Some("2016-17")),
            ("etr_2023.csv", Some("2023")),
            ("/tmp/2019/etr.csv", None),
            ("Digital+Maturity+Assessment+Results+Data+File+v2.xlsx", None),
        ];
        for (name, want) in cases {
            assert_eq!(from_file_name(name).as_deref(), want, "{name}");
        }
    }

    #[test]
    fn dates_are_iso() {
        assert_eq!(date_from_yyyymmdd("20240930").as_deref(), Some("2024-09-30"));
        assert_eq!(date_from_yyyymmdd(""), None);
        for not_a_date in ["20241399", "00000000", "20230229", "20240431", "20241300"] {
            assert_eq!(date_from_yyyymmdd(not_a_date), None, "{not_a_date}");
        }
        assert_eq!(date_from_yyyymmdd("20240229").as_deref(), Some("2024-02-29"));
        assert_eq!(date_from_dmy("31/04/2023"), None);
        assert_eq!(date_from_dmy("30/06/2023").as_deref(), Some("2023-06-30"));
        assert_eq!(date_from_dmy("2021-04-01").as_deref(), Some("2021-04-01"));
        assert_eq!(date_from_dmy("31/13/2023"), None);
    }

    #[test]
    fn timestamps_are_rfc3339() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_utc(1_795_571_403), "2026-11-25T01:50:03Z");
        assert_eq!(long_date(1_795_571_403), "25 November 2026");
        assert_eq!(long_date(0), "1 January 1970");
    }

    #[test]
    fn missing_periods_become_gaps() {
        let s = |ps: &[&str]| -> Vec<(String, Option<f64>)> { ps.iter().map(|p| (p.to_string(), Some(1.0))).collect() };
        let got = with_gaps(&s(&["2024-11", "2025-02"]));
        let periods: Vec<&str> = got.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(periods, ["2024-11", "2024-12", "2025-01", "2025-02"]);
        assert_eq!((got[1].1, got[2].1), (None, None));
        assert_eq!(with_gaps(&s(&["2019", "2021"])).len(), 3);
        let fy = with_gaps(&s(&["2019-20", "2021-22"]));
        assert_eq!(fy[1], ("2020-21".to_string(), None));
        assert_eq!(
            with_gaps(&s(&["2019", "2021-22"])).len(),
            2,
            "mixed forms are left as they are"
        );
    }

    #[test]
    fn a_source_is_old_after_two_years_at_the_papers_date() {
        assert_eq!(end_month("2022-23"), Some((2023, 3)));
        assert_eq!(end_month("2024"), Some((2024, 12)));
        assert_eq!(end_month("2025-07"), Some((2025, 7)));
        assert_eq!(end_month("2021-2024"), Some((2024, 12)));
        assert_eq!(month_of_date("8 January 2027"), Some((2027, 1)));
        assert_eq!(month_of_date("2026-12-03"), Some((2026, 12)));
        assert_eq!(month_of_date("Sept 2026"), Some((2026, 9)));
        assert_eq!(month_of_date("Smarch 2026"), None);
        assert_eq!(month_of_date("September 2026"), Some((2026, 9)));
        // DSPT 2022-23 in a January 2027 paper: 46 months old.
        assert_eq!(age_in_months("2022-23", "8 January 2027"), Some(46));
        assert!(is_stale("2022-23", "8 January 2027"));
        assert!(is_stale("2016-17", "3 December 2026"));
        // The 2024 staff survey in December 2026: 24 months, not yet flagged.
        assert!(!is_stale("2024", "3 December 2026"));
        assert!(is_stale("2024", "8 January 2027"));
        assert!(!is_stale("2025", "3 December 2026"));
        assert!(!is_stale("not a period", "3 December 2026"));
        assert!(!is_stale("2022-23", "next Tuesday"));
    }
}
