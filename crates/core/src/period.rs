//! Periods and dates as NHS files write them, turned into one sortable form.
//!
//! A period is a year (`2025`), a financial or survey year (`2022-23`), a quarter of a financial
//! year (`2025-26 Q1`, April to June 2025), a month (`2025-07`) or a span of years covered by one
//! file (`2021-2024`). Text order is time order for each form.

/// Normalise a period as published: `22/23`, `2022/23`, `2022-2023` → `2022-23`; `2025` and
/// `2025-07` unchanged. `None` when the text is not a period.
pub fn normalise(text: &str) -> Option<String> {
    let t = text.trim();
    if let Some(q) = quarter(t) {
        return Some(q);
    }
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

/// A quarter of a financial year as NHS England writes it — `Q1 2025-26`, `Quarter 1 2025/26`,
/// `2025-26 Q1` — as `2025-26 Q1`. Q1 is April to June.
fn quarter(t: &str) -> Option<String> {
    let lower = t.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let (q, year) = match words.as_slice() {
        [q, y] if q.starts_with('q') => (q.strip_prefix('q')?, *y),
        [y, q] if q.starts_with('q') => (q.strip_prefix('q')?, *y),
        ["quarter", q, y] => (*q, *y),
        _ => return None,
    };
    let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
    let fy = normalise(year).filter(|p| financial_year(p).is_some())?;
    Some(format!("{fy} Q{q}"))
}

/// `2025-26 Q1` → (2025, 1).
fn fy_quarter(p: &str) -> Option<(u32, u32)> {
    let (fy, q) = p.split_once(" Q")?;
    let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
    Some((financial_year(fy)?, q))
}

/// Find the period a piece of text names — a title block's `Period:` line, a cell of a period
/// column, a file name — in the forms NHS files use: `March 2025`, `MAR-2025`, `Mar-25`,
/// `2025-03`, a code with the month inside it (`MSitAE-MARCH-2025`), `2024/25`, `2024-25`,
/// `Q1 2025-26`, and `April 2024 to March 2025` (a financial year). `None` when it names none,
/// or two that do not make one period (`January 2025 to June 2025`): then the user is asked.
/// A bare year is taken only when it is the whole text (in a file name it is as often the year
/// of publication).
pub fn find_in(text: &str) -> Option<String> {
    if let Some(p) = normalise(text) {
        return Some(p);
    }
    // Runs of letters and runs of digits, lower-cased: "MSitAE-MARCH-2025" → msitae, march, 2025.
    let mut tokens: Vec<String> = Vec::new();
    for ch in text.chars() {
        let same = tokens.last().and_then(|t| t.chars().last()).is_some_and(|last| {
            (last.is_ascii_alphabetic() && ch.is_ascii_alphabetic()) || (last.is_ascii_digit() && ch.is_ascii_digit())
        });
        if !ch.is_ascii_alphanumeric() {
            tokens.push(String::new());
        } else if same {
            if let Some(t) = tokens.last_mut() {
                t.push(ch.to_ascii_lowercase());
            }
        } else {
            tokens.push(ch.to_ascii_lowercase().to_string());
        }
    }
    tokens.retain(|t| !t.is_empty());
    let year_of = |t: &str| -> Option<u32> {
        let n: u32 = t.parse().ok()?;
        match t.len() {
            4 => plausible_year(n).then_some(n),
            2 => Some(2000 + n),
            _ => None,
        }
    };
    let (mut months, mut years, mut quarters) = (Vec::new(), Vec::new(), Vec::new());
    for (i, t) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1).map(String::as_str);
        let after = tokens.get(i + 2).map(String::as_str);
        if let Some(m) = month_number(t)
            && let Some(y) = next.and_then(year_of)
        {
            months.push((y, m));
        }
        if t.len() == 4
            && let Some(y) = year_of(t)
            && let Some(n) = next
        {
            let two = n.parse::<u32>().ok();
            if (n.len() == 2 && two == Some((y + 1) % 100)) || (n.len() == 4 && two == Some(y + 1)) {
                years.push(y);
            } else if n.len() == 2 && two.is_some_and(|m| (1..=12).contains(&m)) {
                months.push((y, two.unwrap_or(1)));
            }
        }
        let q = match (t.as_str(), next) {
            ("q", Some(n)) | ("quarter", Some(n)) => n.parse::<u32>().ok().filter(|q| (1..=4).contains(q)),
            _ => None,
        };
        if let Some(q) = q {
            // The financial year after the quarter ("Q1 2025-26") or before it ("2025-26 Q1").
            let fy_at = |a: Option<&str>, b: Option<&str>| -> Option<u32> {
                let a = a.filter(|a| a.len() == 4)?;
                let y = year_of(a)?;
                let n: u32 = b?.parse().ok()?;
                (n == (y + 1) % 100 || n == y + 1).then_some(y)
            };
            let before = i
                .checked_sub(2)
                .and_then(|b| fy_at(tokens.get(b).map(String::as_str), tokens.get(b + 1).map(String::as_str)));
            let later = fy_at(after, tokens.get(i + 3).map(String::as_str));
            if let Some(y) = later.or(before) {
                quarters.push((y, q));
            }
        }
    }
    quarters.dedup();
    if let [(y, q)] = quarters.as_slice() {
        return Some(format!("{y}-{:02} Q{q}", (y + 1) % 100));
    }
    if !quarters.is_empty() {
        return None;
    }
    months.dedup();
    match months.as_slice() {
        [(y, m)] => return Some(format!("{y:04}-{m:02}")),
        // April to March of the next year: a financial year.
        [(y1, 4), (y2, 3)] if *y2 == y1 + 1 => return Some(format!("{y1}-{:02}", y2 % 100)),
        [] => {}
        _ => return None,
    }
    years.dedup();
    match years.as_slice() {
        [y] => Some(format!("{y}-{:02}", (y + 1) % 100)),
        _ => None,
    }
}

/// True for a word of a file name that names a time rather than the data: a month (`march`,
/// `mar`), a year (`2025`, `25`), a month and its year run together (`apr24`, `march2025`), a
/// quarter (`q1`), `fy`. `ae_march_2025` and `ae_april_2025` are the same dataset for two
/// months.
pub fn is_time_word(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    let letters = w.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &w[letters.len()..];
    month_number(&w).is_some()
        || (month_number(letters).is_some() && matches!(digits.len(), 2 | 4))
        || (w.len() == 4 && w.parse::<u32>().is_ok_and(plausible_year))
        || (w.len() == 2 && w.bytes().all(|b| b.is_ascii_digit()))
        || matches!(w.as_str(), "q1" | "q2" | "q3" | "q4" | "fy")
}

/// The months' names, January first, lower-case.
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

/// `march`, `mar`, `sept` → 3, 3, 9.
fn month_number(word: &str) -> Option<u32> {
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| *m == word || (word.len() == 3 && m.starts_with(word)) || (word == "sept" && *m == "september"))
        .map(|i| i as u32 + 1)
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
    if let Some((y, q)) = fy_quarter(&p) {
        // Q1 ends in June, Q4 in March of the next year.
        return Some(if q == 4 { (y + 1, 3) } else { (y, 3 + 3 * q) });
    }
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
    } else if series.iter().all(|(p, _)| fy_quarter(p).is_some()) {
        Some(|p| {
            let (y, q) = fy_quarter(p)?;
            Some(if q == 4 {
                format!("{}-{:02} Q1", y + 1, (y + 2) % 100)
            } else {
                format!("{y}-{:02} Q{}", (y + 1) % 100, q + 1)
            })
        })
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
    let iso = rfc3339_utc(unix_seconds);
    let (y, m, d) = (
        &iso[0..4],
        iso[5..7].parse::<usize>().unwrap_or(1),
        iso[8..10].parse::<u32>().unwrap_or(1),
    );
    let month = MONTHS[m.clamp(1, 12) - 1];
    format!("{d} {}{} {y}", month[..1].to_ascii_uppercase(), &month[1..])
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
    fn the_words_of_a_file_name_that_name_a_time() {
        for word in [
            "march",
            "Mar",
            "sept",
            "2025",
            "25",
            "apr24",
            "MAY25",
            "march2025",
            "q1",
            "FY",
        ] {
            assert!(is_time_word(word), "{word}");
        }
        for word in [
            "ae", "provider", "mar2", "marathon", "mayor24", "2025x", "rtt", "a24", "202503",
        ] {
            assert!(!is_time_word(word), "{word}");
        }
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
    fn periods_are_found_as_nhs_files_write_them() {
        let cases = [
            ("March 2025", Some("2025-03")),
            ("MAR-2025", Some("2025-03")),
            ("Mar-25", Some("2025-03")),
            ("2025-03", Some("2025-03")),
            ("MSitAE-MARCH-2025", Some("2025-03")),
            (
                "Monthly-AE-Sitrep-Provider-Level-April-2024-revised.csv",
                Some("2024-04"),
            ),
            ("DM01-Sept-2024-full-extract.xls", Some("2024-09")),
            ("ae_2025-03-13.csv", Some("2025-03")),
            ("2024/25", Some("2024-25")),
            ("2024-25", Some("2024-25")),
            ("Q1 2025-26", Some("2025-26 Q1")),
            ("Quarter 3 2024/25", Some("2024-25 Q3")),
            ("CWT-2025-26 Q2-provider.csv", Some("2025-26 Q2")),
            ("April 2024 to March 2025", Some("2024-25")),
            ("January 2025 to June 2025", None),
            ("Q1 2025-26 and Q2 2025-26", None),
            ("may be revised", None),
            ("market report 2025.csv", None),
            ("2025", Some("2025")),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(find_in(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn quarters_are_periods_in_time_order() {
        check("Q1 2025-26", Some("2025-26 Q1"));
        check("2025-26 Q4", Some("2025-26 Q4"));
        check("Q5 2025-26", None);
        assert_eq!(end_month("2025-26 Q1"), Some((2025, 6)));
        assert_eq!(end_month("2025-26 Q4"), Some((2026, 3)));
        let s: Vec<(String, Option<f64>)> = ["2024-25 Q3", "2025-26 Q2"]
            .iter()
            .map(|p| (p.to_string(), Some(1.0)))
            .collect();
        let got: Vec<String> = with_gaps(&s).into_iter().map(|(p, _)| p).collect();
        assert_eq!(got, ["2024-25 Q3", "2024-25 Q4", "2025-26 Q1", "2025-26 Q2"]);
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
        assert_eq!(long_date(1_796_256_000), "3 December 2026");
        assert_eq!(long_date(1_748_649_600), "31 May 2025");
        assert_eq!(long_date(1_709_164_800), "29 February 2024");
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
