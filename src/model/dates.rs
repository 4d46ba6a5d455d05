//! Dates as Norwegians read and write them (dd.mm.åååå), and the rule that a revision, a
//! verification or a confirmation cannot lie in the future. The window's forms, the «Marker
//! som revidert» dialogs, the review and `samkart validate` all use this one module, so the
//! same date gets the same answer and the same words everywhere.

use chrono::{Datelike, NaiveDate};
use std::fmt;

/// A date the way the user reads it: «04.03.2026».
pub fn format(d: NaiveDate) -> String {
    // By hand: chrono's `format` parses its pattern on every call, and a large register
    // formats hundreds of thousands of dates.
    format!("{:02}.{:02}.{:04}", d.day(), d.month(), d.year())
}

/// [`format`], or empty for no date.
pub fn format_opt(d: Option<NaiveDate>) -> String {
    d.map(format).unwrap_or_default()
}

/// Why a typed date was refused. The `Display` text is what the user reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not written as day, month and year with dots.
    Form,
    /// Written right, but the day does not exist (31.02.2026, 29.02.2027, 00.01.2026).
    NoSuchDay(String),
    /// The date lies after today, where only today or earlier makes sense.
    Future,
    /// A date is required here.
    Missing,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Form => f.write_str("Skriv datoen som dd.mm.åååå, f.eks. 23.11.2026"),
            Self::NoSuchDay(s) => write!(f, "{s} finnes ikke"),
            Self::Future => f.write_str("Datoen kan ikke være fram i tid"),
            Self::Missing => f.write_str("Skriv en dato (dd.mm.åååå)"),
        }
    }
}

impl std::error::Error for DateError {}

/// Parses dd.mm.åååå (also d.m.åååå, and with «-» or «/» between the parts); empty is
/// `None`. A well-formed date that does not exist gets its own message.
pub fn parse(s: &str) -> Result<Option<NaiveDate>, DateError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = s.split(['.', '-', '/']).collect();
    let [d, m, y] = parts.as_slice() else { return Err(DateError::Form) };
    let number = |p: &str, max_len: usize| -> Option<u32> {
        (!p.is_empty() && p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (Some(day), Some(month), Some(year)) = (number(d, 2), number(m, 2), number(y, 4)) else {
        return Err(DateError::Form);
    };
    // A two-digit year is ambiguous in a register that spans decades.
    if y.len() != 4 {
        return Err(DateError::Form);
    }
    let year = i32::try_from(year).map_err(|_| DateError::Form)?;
    NaiveDate::from_ymd_opt(year, month, day)
        .map(Some)
        .ok_or_else(|| DateError::NoSuchDay(format!("{day:02}.{month:02}.{year:04}")))
}

/// [`parse`] where a date must be given.
pub fn parse_required(s: &str) -> Result<NaiveDate, DateError> {
    parse(s)?.ok_or(DateError::Missing)
}

/// A revision, verification or confirmation records something that happened: it cannot
/// be later than `today`.
pub fn not_in_future(d: NaiveDate, today: NaiveDate) -> Result<NaiveDate, DateError> {
    if d > today { Err(DateError::Future) } else { Ok(d) }
}

/// [`parse`] for a date that cannot lie in the future (empty is `None`).
pub fn parse_past(s: &str, today: NaiveDate) -> Result<Option<NaiveDate>, DateError> {
    parse(s)?.map(|d| not_in_future(d, today)).transpose()
}

/// A date from its numbers, for tests: `ymd(2026, 11, 23)`.
#[cfg(test)]
pub(crate) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_day_month_year() {
        assert_eq!(parse("23.11.2026"), Ok(Some(ymd(2026, 11, 23))));
        assert_eq!(parse("1.2.2026"), Ok(Some(ymd(2026, 2, 1))));
        assert_eq!(parse(" 01-02-2026 "), Ok(Some(ymd(2026, 2, 1))));
        assert_eq!(parse("1/2/2026"), Ok(Some(ymd(2026, 2, 1))));
        assert_eq!(parse(" "), Ok(None));
        assert_eq!(format(ymd(2026, 3, 4)), "04.03.2026");
        assert_eq!(format_opt(None), "");
        assert_eq!(format(ymd(987, 1, 2)), "02.01.0987");
    }

    #[test]
    fn a_date_that_does_not_exist_says_so() {
        assert_eq!(parse("31.02.2026"), Err(DateError::NoSuchDay("31.02.2026".into())));
        assert_eq!(parse("31.02.2026").unwrap_err().to_string(), "31.02.2026 finnes ikke");
        assert_eq!(parse("29.2.2027").unwrap_err().to_string(), "29.02.2027 finnes ikke");
        assert_eq!(parse("29.02.2028"), Ok(Some(ymd(2028, 2, 29))), "a leap year");
        assert_eq!(parse("00.01.2026").unwrap_err().to_string(), "00.01.2026 finnes ikke");
        assert_eq!(parse("12.13.2026").unwrap_err().to_string(), "12.13.2026 finnes ikke");
    }

    #[test]
    fn badly_written_dates_ask_for_the_form() {
        for s in
            ["2026-11-23", "23.11.26", "23.11", "23 11 2026", "i går", "1.2.3.4", "+1.2.2026", "٢.٢.٢٠٢٦"]
        {
            assert_eq!(parse(s), Err(DateError::Form), "{s}");
        }
        assert_eq!(DateError::Form.to_string(), "Skriv datoen som dd.mm.åååå, f.eks. 23.11.2026");
        assert_eq!(parse_required(""), Err(DateError::Missing));
        // A huge number is a badly written date, not a crash.
        assert_eq!(parse("99999999999999999999.1.2026"), Err(DateError::Form));
    }

    #[test]
    fn a_revision_cannot_lie_in_the_future() {
        let today = ymd(2026, 11, 30);
        assert_eq!(parse_past("30.11.2026", today), Ok(Some(today)), "today is fine");
        assert_eq!(parse_past("01.12.2026", today), Err(DateError::Future));
        assert_eq!(DateError::Future.to_string(), "Datoen kan ikke være fram i tid");
        assert_eq!(parse_past("", today), Ok(None));
        assert_eq!(parse_past("31.02.2026", today), Err(DateError::NoSuchDay("31.02.2026".into())));
        assert_eq!(not_in_future(ymd(2020, 1, 1), today), Ok(ymd(2020, 1, 1)));
    }
}
