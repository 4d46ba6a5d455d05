//! When a forum meets: its meetings in a window of days, for the Årshjul, the report and the
//! calendar export.
//!
//! A forum says it in one of two ways:
//!
//! - a first meeting and a regular frequency (weekly, every other week, monthly, quarterly,
//!   half-yearly, yearly): a series from that day on. The series follows the rules of an
//!   iCalendar RRULE, so the calendar export and the Årshjul always agree: a monthly series
//!   from the 31st has no meeting in a month without a 31st (RFC 5545 § 3.3.10: such a
//!   date is skipped, not moved), and a yearly one from 29 February meets in leap years.
//!   A first meeting without a regular frequency («ved behov», or none) is one meeting.
//! - months of the year («september», «mars og september»), when the day is not fixed: one
//!   meeting somewhere in each of those months, every year.

use super::{Forum, Frequency, Month};
use chrono::{Datelike, NaiveDate};

/// The distance between two meetings of a regular series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Every n weeks.
    Weeks(u32),
    /// Every n months, on the first meeting's day of the month.
    Months(u32),
}

impl Frequency {
    /// The step of a regular series; `None` for «ved behov».
    pub fn step(self) -> Option<Step> {
        match self {
            Frequency::Weekly => Some(Step::Weeks(1)),
            Frequency::Biweekly => Some(Step::Weeks(2)),
            Frequency::Monthly => Some(Step::Months(1)),
            Frequency::Quarterly => Some(Step::Months(3)),
            Frequency::HalfYearly => Some(Step::Months(6)),
            Frequency::Yearly => Some(Step::Months(12)),
            Frequency::AsNeeded => None,
        }
    }
}

/// One meeting in a window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Meeting {
    /// On this day.
    On(NaiveDate),
    /// Some day in this month (year, month 1–12): the forum gave months, not days.
    InMonth(i32, u32),
}

impl Meeting {
    /// (year, month) of the meeting.
    pub fn month(self) -> (i32, u32) {
        match self {
            Meeting::On(d) => (d.year(), d.month()),
            Meeting::InMonth(y, m) => (y, m),
        }
    }
}

/// How a forum's meetings are given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Schedule {
    /// A series from `first` at `step`.
    Series { first: NaiveDate, step: Step },
    /// One meeting.
    Once(NaiveDate),
    /// Somewhere in each of these months, every year.
    Months(Vec<Month>),
    /// No meeting dates given.
    None,
}

impl Forum {
    /// How the forum's meetings are given (see the module's documentation).
    pub fn schedule(&self) -> Schedule {
        match (self.first_meeting, self.frequency.and_then(Frequency::step)) {
            (Some(first), Some(step)) => Schedule::Series { first, step },
            (Some(first), None) => Schedule::Once(first),
            (None, _) if !self.meeting_months.is_empty() => {
                let mut months = self.meeting_months.clone();
                months.sort();
                months.dedup();
                Schedule::Months(months)
            }
            (None, _) => Schedule::None,
        }
    }

    /// The forum's meetings from `from` to `to`, both included, in order.
    pub fn meetings_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<Meeting> {
        self.schedule().between(from, to)
    }
}

impl Schedule {
    /// The meetings from `from` to `to`, both included, in order. A month-only meeting is in
    /// the window when its month overlaps it.
    pub fn between(&self, from: NaiveDate, to: NaiveDate) -> Vec<Meeting> {
        if to < from {
            return Vec::new();
        }
        match self {
            Schedule::None => Vec::new(),
            Schedule::Once(d) => (from..=to).contains(d).then_some(Meeting::On(*d)).into_iter().collect(),
            Schedule::Series { first, step } => series(*first, *step, from, to),
            Schedule::Months(months) => {
                let mut out = Vec::new();
                let (mut y, mut m) = (from.year(), from.month());
                while (y, m) <= (to.year(), to.month()) {
                    if months.iter().any(|x| x.number() == m) {
                        out.push(Meeting::InMonth(y, m));
                    }
                    (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                }
                out
            }
        }
    }
}

/// The n-th date of a monthly-type series, or `None` when that month has no such day.
fn nth_month(first: NaiveDate, months: u32, n: u64) -> Option<NaiveDate> {
    let total = i64::from(first.month0()) + i64::from(months) * i64::try_from(n).ok()?;
    let year = i64::from(first.year()) + total / 12;
    let month = u32::try_from(total % 12).ok()? + 1;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, first.day())
}

fn series(first: NaiveDate, step: Step, from: NaiveDate, to: NaiveDate) -> Vec<Meeting> {
    let mut out = Vec::new();
    if to < first {
        return out;
    }
    match step {
        Step::Weeks(w) => {
            let days = i64::from(w.max(1)) * 7;
            // Jump straight to the first meeting in the window (a weekly series from 1990
            // does not walk through 35 years of weeks).
            let behind = (from - first).num_days().max(0);
            let mut k = (behind + days - 1) / days;
            while let Some(d) = first.checked_add_signed(chrono::Duration::days(k * days)) {
                if d > to {
                    break;
                }
                out.push(Meeting::On(d));
                k += 1;
            }
        }
        Step::Months(m) => {
            let m = m.max(1);
            let months_behind = (i64::from(from.year()) - i64::from(first.year())) * 12
                + i64::from(from.month0())
                - i64::from(first.month0());
            let start = u64::try_from(months_behind.max(0) / i64::from(m)).unwrap_or(0);
            for n in start.. {
                // Past the window's last month: done. (Counted on months, since a missing day
                // gives no date to compare.)
                let month_index =
                    i64::from(first.month0()) + i64::from(m) * i64::try_from(n).unwrap_or(i64::MAX);
                let year = i64::from(first.year()) + month_index / 12;
                if (year, month_index % 12) > (i64::from(to.year()), i64::from(to.month0())) {
                    break;
                }
                if let Some(d) = nth_month(first, m, n)
                    && d >= from
                    && d >= first
                    && d <= to
                {
                    out.push(Meeting::On(d));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dates::ymd;

    fn forum(first: Option<NaiveDate>, frequency: Option<Frequency>, months: &[Month]) -> Forum {
        let mut f = Forum::new("f", "Forum", Vec::new());
        f.first_meeting = first;
        f.frequency = frequency;
        f.meeting_months = months.to_vec();
        f
    }

    fn days(m: &[Meeting]) -> Vec<NaiveDate> {
        m.iter()
            .map(|m| match m {
                Meeting::On(d) => *d,
                Meeting::InMonth(..) => panic!("{m:?}"),
            })
            .collect()
    }

    #[test]
    fn quarterly_from_15_january_meets_in_january_april_july_and_october() {
        let f = forum(Some(ymd(2026, 1, 15)), Some(Frequency::Quarterly), &[]);
        let got = f.meetings_between(ymd(2026, 1, 1), ymd(2026, 12, 31));
        assert_eq!(days(&got), [ymd(2026, 1, 15), ymd(2026, 4, 15), ymd(2026, 7, 15), ymd(2026, 10, 15)]);
        // The window's ends are included; a later window goes on with the series.
        assert_eq!(
            days(&f.meetings_between(ymd(2026, 4, 15), ymd(2026, 7, 15))),
            [ymd(2026, 4, 15), ymd(2026, 7, 15)]
        );
        assert_eq!(
            days(&f.meetings_between(ymd(2030, 2, 1), ymd(2031, 1, 15))),
            [ymd(2030, 4, 15), ymd(2030, 7, 15), ymd(2030, 10, 15), ymd(2031, 1, 15)]
        );
        // Nothing before the first meeting.
        assert_eq!(f.meetings_between(ymd(2025, 1, 1), ymd(2026, 1, 14)), []);
    }

    #[test]
    fn weekly_and_biweekly_series_keep_their_weekday() {
        let f = forum(Some(ymd(2020, 1, 6)), Some(Frequency::Weekly), &[]);
        let got = days(&f.meetings_between(ymd(2026, 11, 1), ymd(2026, 11, 30)));
        assert_eq!(
            got,
            [ymd(2026, 11, 2), ymd(2026, 11, 9), ymd(2026, 11, 16), ymd(2026, 11, 23), ymd(2026, 11, 30)]
        );
        assert!(got.iter().all(|d| d.weekday() == chrono::Weekday::Mon));
        let f = forum(Some(ymd(2026, 11, 2)), Some(Frequency::Biweekly), &[]);
        assert_eq!(
            days(&f.meetings_between(ymd(2026, 11, 3), ymd(2026, 12, 1))),
            [ymd(2026, 11, 16), ymd(2026, 11, 30)]
        );
    }

    #[test]
    fn a_day_a_month_does_not_have_is_skipped_as_an_rrule_skips_it() {
        let f = forum(Some(ymd(2026, 1, 31)), Some(Frequency::Monthly), &[]);
        let got = days(&f.meetings_between(ymd(2026, 1, 1), ymd(2026, 6, 30)));
        assert_eq!(got, [ymd(2026, 1, 31), ymd(2026, 3, 31), ymd(2026, 5, 31)]);
        let f = forum(Some(ymd(2024, 2, 29)), Some(Frequency::Yearly), &[]);
        assert_eq!(
            days(&f.meetings_between(ymd(2024, 1, 1), ymd(2029, 1, 1))),
            [ymd(2024, 2, 29), ymd(2028, 2, 29)]
        );
        let f = forum(Some(ymd(2025, 8, 31)), Some(Frequency::HalfYearly), &[]);
        assert_eq!(
            days(&f.meetings_between(ymd(2025, 1, 1), ymd(2027, 1, 1))),
            [ymd(2025, 8, 31), ymd(2026, 8, 31)]
        );
    }

    #[test]
    fn months_of_the_year_give_a_meeting_in_each_month_every_year() {
        let f = forum(None, Some(Frequency::HalfYearly), &[Month::September, Month::March, Month::March]);
        let got = f.meetings_between(ymd(2026, 11, 23), ymd(2027, 10, 31));
        assert_eq!(got, [Meeting::InMonth(2027, 3), Meeting::InMonth(2027, 9)]);
        // A window that starts inside the month still has it.
        assert_eq!(f.meetings_between(ymd(2026, 9, 30), ymd(2026, 9, 30)), [Meeting::InMonth(2026, 9)]);
    }

    #[test]
    fn a_single_meeting_and_no_dates() {
        let f = forum(Some(ymd(2027, 2, 3)), Some(Frequency::AsNeeded), &[Month::May]);
        assert_eq!(f.schedule(), Schedule::Once(ymd(2027, 2, 3)), "a day wins over months");
        assert_eq!(days(&f.meetings_between(ymd(2027, 1, 1), ymd(2027, 12, 31))), [ymd(2027, 2, 3)]);
        assert_eq!(f.meetings_between(ymd(2027, 2, 4), ymd(2027, 12, 31)), []);
        assert_eq!(forum(None, Some(Frequency::Weekly), &[]).schedule(), Schedule::None);
        let f = forum(Some(ymd(2026, 1, 1)), Some(Frequency::Weekly), &[]);
        assert_eq!(f.meetings_between(ymd(2026, 2, 1), ymd(2026, 1, 1)), [], "an empty window");
    }

    #[test]
    fn the_ends_of_the_calendar_do_not_panic() {
        let f = forum(Some(NaiveDate::MAX), Some(Frequency::Monthly), &[]);
        assert_eq!(days(&f.meetings_between(NaiveDate::MAX, NaiveDate::MAX)), [NaiveDate::MAX]);
        let f = forum(Some(NaiveDate::MIN), Some(Frequency::Weekly), &[]);
        let january = days(&f.meetings_between(ymd(2026, 1, 1), ymd(2026, 1, 31)));
        assert!((4..=5).contains(&january.len()), "{january:?}");
        assert!(january.iter().all(|d| d.weekday() == NaiveDate::MIN.weekday()));
        let f = forum(Some(ymd(2026, 1, 1)), Some(Frequency::Yearly), &[]);
        assert!(f.meetings_between(ymd(2026, 1, 1), NaiveDate::MAX).len() > 1000);
    }
}
