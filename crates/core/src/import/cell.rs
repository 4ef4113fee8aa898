//! Reading one cell's value the way NHS statistical publications write it.
//!
//! Numbers may carry `%`, `£` or thousands separators (`12.5%`, `1,234`), and a negative number
//! may be written in brackets (`(1,234)`). Suppressed and
//! missing markers (`*`, `-`, `..`, `[c]`, `[x]`, `NA`, `n/a`, empty) and Excel error cells
//! (`#DIV/0!`, `#N/A`) become *missing values with their reason* — never zero.

use super::table::Cell;

/// What a cell holds, read as a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number.
    Number(f64),
    /// No value, and why: a reason a person understands, e.g. `suppressed (*)`.
    Missing(String),
}

/// Read a cell as a number, a missing marker, or explain what is wrong with it.
pub fn number(cell: Cell<'_>) -> Result<Value, String> {
    match cell {
        Cell::Empty => Ok(Value::Missing("empty".into())),
        Cell::Number(n) if n.is_finite() => Ok(Value::Number(n)),
        Cell::Number(n) => Err(format!("{n} is not a number that can be used")),
        Cell::Error(e) => Ok(Value::Missing(format!("Excel error {e}"))),
        Cell::Text(text) => number_from_text(text),
    }
}

fn number_from_text(raw: &str) -> Result<Value, String> {
    let text = raw.trim();
    // Fast path: a plain number (most cells). NaN and infinities fall through to be refused.
    if let Ok(n) = text.parse::<f64>()
        && n.is_finite()
    {
        return Ok(Value::Number(n));
    }
    if let Some(reason) = missing_marker(text) {
        return Ok(Value::Missing(reason));
    }
    let lowered = text.to_ascii_lowercase();
    if matches!(lowered.as_str(), "nan" | "inf" | "-inf" | "infinity" | "-infinity") {
        return Err(format!(
            "'{text}' is not a value: leave the cell empty or write NA to mark it missing"
        ));
    }
    // Accounts write a negative number in brackets: (1,234) is -1234.
    if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        let inner = inner.trim();
        if !inner.starts_with(['-', '(']) {
            return match number_from_text(inner) {
                Ok(Value::Number(n)) => Ok(Value::Number(-n)),
                _ => Err(format!("'{text}' is not a number")),
            };
        }
    }
    let mut t = text.strip_suffix('%').unwrap_or(text).trim();
    t = t.strip_prefix('£').unwrap_or(t).trim();
    let cleaned;
    if t.contains(',') {
        if !has_thousands_separators(t) {
            return Err(format!(
                "'{text}' is not a number (commas only separate thousands, as in 1,234)"
            ));
        }
        cleaned = t.replace(',', "");
        t = &cleaned;
    }
    match t.parse::<f64>() {
        Ok(n) if n.is_finite() => Ok(Value::Number(n)),
        _ => Err(format!("'{text}' is not a number")),
    }
}

/// `1,234` and `-12,345,678.5` yes; `1,23` and `12,5` (a decimal comma) no.
fn has_thousands_separators(t: &str) -> bool {
    let digits = t.strip_prefix('-').unwrap_or(t);
    let int_part = digits.split('.').next().unwrap_or("");
    let groups: Vec<&str> = int_part.split(',').collect();
    groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
}

/// The reason a marker stands for a missing value, if it is one.
pub fn missing_marker(text: &str) -> Option<String> {
    let t = text.trim();
    let reason = match t.to_ascii_lowercase().as_str() {
        "" => "empty",
        "*" => "suppressed (*)",
        "-" | "–" | "—" => "not available (-)",
        ".." => "not available (..)",
        "[c]" => "confidential ([c])",
        "[x]" => "not available ([x])",
        "[z]" => "not applicable ([z])",
        "[u]" => "low reliability ([u])",
        "na" => "not available (NA)",
        "n/a" => "not available (n/a)",
        "null" => "not available (null)",
        "#div/0!" | "#n/a" | "#value!" | "#ref!" | "#num!" | "#name?" | "#null!" => {
            return Some(format!("Excel error {t}"));
        }
        _ => return None,
    };
    Some(reason.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, want: Result<Value, ()>) {
        let got = number(Cell::Text(text)).map_err(|_| ());
        assert_eq!(got, want, "{text:?}");
    }

    fn n(v: f64) -> Result<Value, ()> {
        Ok(Value::Number(v))
    }

    fn missing(why: &str) -> Result<Value, ()> {
        Ok(Value::Missing(why.into()))
    }

    #[test]
    fn numbers_as_published() {
        check("3.4", n(3.4));
        check(" 12.5% ", n(12.5));
        check("1,234", n(1234.0));
        check("-12,345,678.5", n(-12_345_678.5));
        check("£100", n(100.0));
        check("0", n(0.0));
        check("1e3", n(1000.0));
        check("(1,234)", n(-1234.0));
        check(" (12.5) ", n(-12.5));
        check("\u{a0}1,234\u{a0}", n(1234.0));
    }

    #[test]
    fn markers_are_missing_with_their_reason_never_zero() {
        check("*", missing("suppressed (*)"));
        check("-", missing("not available (-)"));
        check("..", missing("not available (..)"));
        check("[c]", missing("confidential ([c])"));
        check("[x]", missing("not available ([x])"));
        check("NA", missing("not available (NA)"));
        check("n/a", missing("not available (n/a)"));
        check("", missing("empty"));
        check("#DIV/0!", missing("Excel error #DIV/0!"));
        check("#N/A", missing("Excel error #N/A"));
        assert_eq!(
            number(Cell::Error("#DIV/0!")),
            Ok(Value::Missing("Excel error #DIV/0!".into()))
        );
        assert_eq!(number(Cell::Empty), Ok(Value::Missing("empty".into())));
    }

    #[test]
    fn things_that_are_not_numbers_are_errors() {
        check("NaN", Err(()));
        check("inf", Err(()));
        check("12,5", Err(()));
        check("1,23", Err(()));
        check("three", Err(()));
        check("3.4.5", Err(()));
        check("(three)", Err(()));
        check("((1))", Err(()));
        check("(-1)", Err(()));
    }
}
