//! The Årshjul (the yearly wheel the Porsgrunn and Halden plans keep): what happens in each of
//! the coming twelve months — forum meetings, revision deadlines of agreements and routines,
//! funding that ends, the month the municipality confirms its volunteer offers, and contacts
//! who take up a post. The window opens on the first day of this month and closes on the
//! last day of the eleventh month after it.
//!
//! One core function, [`year_wheel`], that the Årshjul view draws and the report prints, so
//! the two always list the same. Revision deadlines and funding ends that have already
//! passed are not spread over the months (they are not coming up): they stand in
//! [`YearWheel::overdue`], as the review flags them.

use crate::model::meetings::Meeting;
use crate::model::*;
use chrono::{Datelike, NaiveDate};

/// What an entry of the wheel is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryKind {
    ForumMeeting,
    AgreementRevision,
    RoutineRevision,
    FundingEnds,
    VolunteerConfirmation,
    ContactStarts,
}

impl EntryKind {
    /// The Norwegian word shown before the entry.
    pub fn label(self) -> &'static str {
        match self {
            Self::ForumMeeting => "Møte",
            Self::AgreementRevision => "Avtalerevisjon",
            Self::RoutineRevision => "Rutinerevisjon",
            Self::FundingEnds => "Finansiering slutter",
            Self::VolunteerConfirmation => "Årlig bekreftelse",
            Self::ContactStarts => "Tiltrer",
        }
    }
}

/// Where clicking an entry leads.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// The record, in its view.
    Record(RecordKind, String),
    /// The volunteer organisations and their offers (Frivillig).
    Volunteers,
}

/// One entry of a month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub kind: EntryKind,
    /// The days it falls on in this month, in order; empty for «some day this month» (a
    /// forum that gave months, the yearly confirmation).
    pub days: Vec<NaiveDate>,
    /// The record's name, or what the entry is («Årlig bekreftelse av frivillige tilbud»).
    pub title: String,
    /// A short addition: the forum's frequency, «12 tilbud», the contact's role.
    pub detail: String,
    pub target: Target,
}

impl Entry {
    /// When, in words: «15.01», «2., 9., 16., 23. og 30.», «i løpet av måneden».
    pub fn when(&self) -> String {
        match self.days.as_slice() {
            [] => "i løpet av måneden".to_owned(),
            [one] => format!("{:02}.{:02}", one.day(), one.month()),
            [init @ .., last] => {
                let init: Vec<String> = init.iter().map(|d| format!("{}.", d.day())).collect();
                format!("{} og {}.", init.join(", "), last.day())
            }
        }
    }
}

/// One month of the wheel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthEntries {
    pub year: i32,
    pub month: Month,
    /// Dated entries by day, then those of «some day this month»; ties by kind and name.
    pub entries: Vec<Entry>,
}

impl MonthEntries {
    /// «januar 2027».
    pub fn heading(&self) -> String {
        format!("{} {}", self.month.label(), self.year)
    }
}

/// The wheel for the coming twelve months.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearWheel {
    /// Twelve months, the current one first.
    pub months: Vec<MonthEntries>,
    /// Revision deadlines and funding ends already passed, each with its date in `days`.
    pub overdue: Vec<Entry>,
    /// Forums that meet regularly but have no meeting dates (first meeting or months), by
    /// name: not in the wheel until someone adds them.
    pub undated_forums: Vec<(ForumId, String)>,
}

/// The first day of the month `n` months after `d`'s month.
fn month_start(d: NaiveDate, n: u32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 + n as i32;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1).unwrap_or(d)
}

/// Builds the wheel for the twelve months from `today`'s month on.
pub fn year_wheel(reg: &Register, today: NaiveDate) -> YearWheel {
    let start = month_start(today, 0);
    let end = month_start(today, 12).pred_opt().unwrap_or(NaiveDate::MAX);
    let mut months: Vec<MonthEntries> = (0..12)
        .map(|n| {
            let first = month_start(today, n);
            MonthEntries {
                year: first.year(),
                month: Month::from_number(first.month()).unwrap_or(Month::January),
                entries: Vec::new(),
            }
        })
        .collect();
    let slot =
        |y: i32, m: u32| ((y * 12 + m as i32 - 1) - (start.year() * 12 + start.month0() as i32)) as usize;
    let mut overdue = Vec::new();
    let mut undated_forums = Vec::new();

    let place = |months: &mut Vec<MonthEntries>, entry: Entry, (y, m): (i32, u32)| {
        if let Some(month) = months.get_mut(slot(y, m)) {
            month.entries.push(entry);
        }
    };

    for f in &reg.forums {
        let meetings = f.meetings_between(start, end);
        if meetings.is_empty() && f.first_meeting.is_none() && f.meeting_months.is_empty() {
            if f.frequency.is_some_and(|q| q.step().is_some()) {
                undated_forums.push((f.id.clone(), f.name.clone()));
            }
            continue;
        }
        let detail = f.frequency.map(|q| q.label().to_lowercase()).unwrap_or_default();
        // One entry per month, with every meeting of that month in it.
        let mut by_month: Vec<((i32, u32), Vec<NaiveDate>)> = Vec::new();
        for m in meetings {
            let key = m.month();
            if by_month.last().is_none_or(|(k, _)| *k != key) {
                by_month.push((key, Vec::new()));
            }
            if let (Meeting::On(d), Some((_, days))) = (m, by_month.last_mut()) {
                days.push(d);
            }
        }
        for (key, days) in by_month {
            let entry = Entry {
                kind: EntryKind::ForumMeeting,
                days,
                title: f.name.clone(),
                detail: detail.clone(),
                target: Target::Record(RecordKind::Forum, f.id.to_string()),
            };
            place(&mut months, entry, key);
        }
    }

    let mut deadline =
        |months: &mut Vec<MonthEntries>, kind, due: NaiveDate, title: &str, detail: String, target| {
            let entry = Entry { kind, days: vec![due], title: title.to_owned(), detail, target };
            if due < today {
                overdue.push(entry);
            } else if due <= end {
                place(months, entry, (due.year(), due.month()));
            }
        };
    for a in reg.agreements.iter().filter(|a| a.revision_watched()) {
        if let Some(due) = a.next_revision() {
            let target = Target::Record(RecordKind::Agreement, a.id.to_string());
            deadline(&mut months, EntryKind::AgreementRevision, due, &a.title, owner(reg, &a.owner), target);
        }
    }
    for r in reg.routines.iter().filter(|r| r.revision_watched()) {
        if let Some(due) = r.next_revision() {
            let target = Target::Record(RecordKind::Routine, r.id.to_string());
            deadline(&mut months, EntryKind::RoutineRevision, due, &r.title, owner(reg, &r.owner), target);
        }
    }
    for o in reg.offerings.iter().filter(|o| o.is_current()) {
        if let Some(end_day) = o.funded_until {
            let provider = reg.service(&o.provider).map(|s| s.name.clone()).unwrap_or_default();
            let target = Target::Record(RecordKind::Offering, o.id.to_string());
            deadline(&mut months, EntryKind::FundingEnds, end_day, &o.name, provider, target);
        }
    }

    if let Some(month) = reg.settings.volunteer_confirm_month {
        let n = reg
            .offerings
            .iter()
            .filter(|o| o.is_current())
            .filter(|o| reg.service(&o.provider).is_some_and(|s| s.active && s.sector == Sector::Frivillig))
            .count();
        if let Some(m) = months.iter_mut().find(|m| m.month == month) {
            m.entries.push(Entry {
                kind: EntryKind::VolunteerConfirmation,
                days: Vec::new(),
                title: "Årlig bekreftelse av frivillige tilbud".to_owned(),
                detail: if n == 1 { "1 tilbud".to_owned() } else { format!("{n} tilbud") },
                target: Target::Volunteers,
            });
        }
    }

    for c in reg.contacts.iter().filter(|c| c.active) {
        if let Some(since) = c.since.filter(|d| (start..=end).contains(d)) {
            let service = reg.service(&c.service).map(|s| s.name.clone()).unwrap_or_default();
            let detail =
                [c.role.trim(), service.trim()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>();
            let entry = Entry {
                kind: EntryKind::ContactStarts,
                days: vec![since],
                title: c.display_name().to_owned(),
                detail: detail.join(", "),
                target: Target::Record(RecordKind::Contact, c.id.to_string()),
            };
            place(&mut months, entry, (since.year(), since.month()));
        }
    }

    for m in &mut months {
        m.entries
            .sort_by_cached_key(|e| (e.days.is_empty(), e.days.first().copied(), e.kind, sort_key(&e.title)));
    }
    overdue.sort_by_cached_key(|e| (e.days.first().copied(), e.kind, sort_key(&e.title)));
    undated_forums.sort_by_cached_key(|(_, name)| sort_key(name));
    YearWheel { months, overdue, undated_forums }
}

/// «Ansvarlig: Kari Hov» or nothing.
fn owner(reg: &Register, id: &Option<ContactId>) -> String {
    id.as_ref()
        .and_then(|i| reg.contact(i))
        .map(|c| format!("ansvarlig {}", c.display_name()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dates::ymd;

    #[test]
    fn twelve_months_from_this_month() {
        let w = year_wheel(&Register::new("t"), ymd(2026, 11, 23));
        let heads: Vec<String> = w.months.iter().map(MonthEntries::heading).collect();
        assert_eq!(heads.first().unwrap(), "november 2026");
        assert_eq!(heads[1], "desember 2026");
        assert_eq!(heads[2], "januar 2027");
        assert_eq!(heads.last().unwrap(), "oktober 2027");
        assert_eq!(heads.len(), 12);
        assert!(w.months.iter().all(|m| m.entries.is_empty()));
    }

    #[test]
    fn when_reads_as_norwegian() {
        let e = |days: Vec<NaiveDate>| Entry {
            kind: EntryKind::ForumMeeting,
            days,
            title: String::new(),
            detail: String::new(),
            target: Target::Volunteers,
        };
        assert_eq!(e(vec![]).when(), "i løpet av måneden");
        assert_eq!(e(vec![ymd(2027, 1, 5)]).when(), "05.01");
        assert_eq!(e(vec![ymd(2027, 1, 5), ymd(2027, 1, 12), ymd(2027, 1, 19)]).when(), "5., 12. og 19.");
    }
}
