//! iCalendar (RFC 5545) export of deadlines and meetings, so leaders see them in Outlook: one
//! all-day event per revision due date (agreements, routines) and per funding end date
//! (offerings), and each forum's meetings as one recurring all-day event (RRULE from the
//! forum's first meeting and frequency; a first meeting without a regular frequency is one
//! event). A forum that gave only months («september») has no day to put in a calendar and
//! is left out; the Årshjul shows it.
//!
//! UIDs are stable (`agreement-<id>-revision@samkart`), so importing a newer export into the
//! same calendar replaces the events instead of duplicating them. For the client to take the
//! newer one: SEQUENCE is the record's revision count (each revision moves the deadline, so
//! it only grows), LAST-MODIFIED the record's own latest date (last revision, else entered;
//! for funding, when the offering was last confirmed) and DTSTAMP the moment of the export
//! (with an equal SEQUENCE, the later DTSTAMP wins, RFC 5546 § 2.1.5). Deadlines are all-day
//! and TRANSP:TRANSPARENT, so they never show the day as busy.
//!
//! Every text from the register is cleaned before it is written: CR and CRLF become LF (which
//! the writer escapes as `\n`) and other control characters are dropped, so no text can end
//! a content line and start a new property or event — the calendar's NAME included.

use super::{ExportOptions, date, view};
use crate::model::meetings::{Schedule, Step};
use crate::model::*;
use chrono::{DateTime, Days, NaiveDate, Utc};
use icalendar::{Calendar, Component, Event, EventLike, Property};

/// The UID of an agreement's revision event.
pub fn agreement_uid(id: &AgreementId) -> String {
    format!("agreement-{id}-revision@samkart")
}
/// The UID of a routine's revision event.
pub fn routine_uid(id: &RoutineId) -> String {
    format!("routine-{id}-revision@samkart")
}
/// The UID of an offering's funding-end event.
pub fn funding_uid(id: &OfferingId) -> String {
    format!("offering-{id}-funding@samkart")
}
/// The UID of a forum's (recurring) meeting event.
pub fn forum_uid(id: &ForumId) -> String {
    format!("forum-{id}-meetings@samkart")
}

/// The RRULE of a regular series (RFC 5545 § 3.3.10). A day a month does not have is skipped
/// by the rule itself, as [`crate::model::meetings`] skips it.
pub fn rrule(step: Step) -> String {
    match step {
        Step::Weeks(1) => "FREQ=WEEKLY".to_owned(),
        Step::Weeks(n) => format!("FREQ=WEEKLY;INTERVAL={n}"),
        Step::Months(12) => "FREQ=YEARLY".to_owned(),
        Step::Months(1) => "FREQ=MONTHLY".to_owned(),
        Step::Months(n) => format!("FREQ=MONTHLY;INTERVAL={n}"),
    }
}

fn owner_line(reg: &Register, owner: &Option<ContactId>) -> String {
    match owner.as_ref().and_then(|o| reg.contact(o)) {
        Some(c) if c.role.trim().is_empty() => format!("Ansvarlig: {}", c.display_name()),
        Some(c) => format!("Ansvarlig: {} ({})", c.display_name(), c.role),
        None => "Ansvarlig: ikke satt".to_owned(),
    }
}

/// Text as a calendar may carry it: line breaks as LF only (CR alone or in CRLF would end
/// the content line in some readers), no other control characters.
pub fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

/// RFC 5545 § 3.3.11 TEXT escaping, for the properties the writer leaves as they are (NAME).
fn escape(text: &str) -> String {
    clean(text).replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}

/// What identifies one deadline and its state.
struct Deadline {
    uid: String,
    day: NaiveDate,
    summary: String,
    description: String,
    /// Grows each time the record is revised.
    sequence: u32,
    /// The record's own latest date.
    modified: Option<NaiveDate>,
    stamp: DateTime<Utc>,
    /// The rule of a recurring event.
    rrule: Option<String>,
}

fn midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc()
}

fn day_event(d: Deadline) -> Event {
    let mut e = Event::new();
    e.uid(&clean(&d.uid))
        .timestamp(d.stamp)
        .sequence(d.sequence)
        .summary(&clean(&d.summary))
        .description(&clean(&d.description))
        .starts(d.day)
        // All-day events end the next day (DTEND is exclusive in RFC 5545).
        .ends(d.day.checked_add_days(Days::new(1)).unwrap_or(d.day));
    if let Some(m) = d.modified {
        e.last_modified(midnight(m));
    }
    if let Some(rule) = d.rrule {
        e.append_property(("RRULE", rule.as_str()));
    }
    // A deadline is a reminder, not a meeting: the day stays free.
    e.append_property(("TRANSP", "TRANSPARENT"));
    e.done()
}

/// The latest of a record's own dates: its last revision, else the day it was entered.
fn latest(entered: Option<NaiveDate>, revisions: &[Revision]) -> Option<NaiveDate> {
    last_revised(revisions).into_iter().chain(entered).max()
}

/// The calendar as text.
pub fn export_ics(reg: &Register, today: NaiveDate, options: &ExportOptions) -> String {
    let stamp = options.stamp(today);
    let reg = view(reg, options.public);
    let reg = reg.as_ref();
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"));
    cal.append_property(("PRODID", "-//Samkart//Samkart//NO"));
    cal.append_property(("CALSCALE", "GREGORIAN"));
    cal.append_property(("METHOD", "PUBLISH"));
    let title = if reg.name.trim().is_empty() {
        "Samkart".to_owned()
    } else {
        format!("Samkart – {}", reg.name.trim())
    };
    // The writer escapes X-WR-CALNAME (an X- property is text) but writes NAME as it is.
    cal.append_property(Property::new("NAME", escape(&title)));
    cal.append_property(Property::new("X-WR-CALNAME", clean(&title)));
    let event = |uid: String, day, summary: String, description: Vec<String>, sequence, modified| {
        day_event(Deadline {
            uid,
            day,
            summary,
            description: description.join("\n"),
            sequence,
            modified,
            stamp,
            rrule: None,
        })
    };

    // The revisions the review watches (Agreement/Routine::revision_watched), as the
    // Årshjul and Oversikt show them.
    let revision = |uid, due, title: &str, desc, revisions: &[Revision], entered| {
        event(
            uid,
            due,
            format!("Revisjon: {title}"),
            desc,
            revision_count(revisions),
            latest(entered, revisions),
        )
    };
    for a in reg.agreements.iter().filter(|a| a.revision_watched()) {
        let Some(due) = a.next_revision() else { continue };
        let mut desc = vec![
            format!("Samarbeidsavtale: {}", a.title),
            format!("Status: {}", a.status.label()),
            owner_line(reg, &a.owner),
        ];
        if let Some(last) = a.last_revised() {
            desc.push(format!("Sist revidert: {}", date(last)));
        }
        if !a.document.is_empty() {
            desc.push(format!("Dokument: {}", a.document));
        }
        cal.push(revision(agreement_uid(&a.id), due, &a.title, desc, &a.revisions, a.entered));
    }
    for r in reg.routines.iter().filter(|r| r.revision_watched()) {
        let Some(due) = r.next_revision() else { continue };
        let desc = vec![
            format!("{}: {}", r.kind.label(), r.title),
            format!("Formalisering: {}", r.formalisation.label()),
            owner_line(reg, &r.owner),
        ];
        cal.push(revision(routine_uid(&r.id), due, &r.title, desc, &r.revisions, r.entered));
    }
    for o in &reg.offerings {
        let Some(end) = o.funded_until else { continue };
        let provider = reg.service(&o.provider).map_or(o.provider.to_string(), |s| s.name.clone());
        let desc = vec![format!("Tilbud: {} ({provider})", o.name), owner_line(reg, &o.responsible)];
        cal.push(event(
            funding_uid(&o.id),
            end,
            format!("Finansiering slutter: {}", o.name),
            desc,
            0,
            o.confirmed,
        ));
    }
    for f in &reg.forums {
        let (first, rule) = match f.schedule() {
            Schedule::Series { first, step } => (first, Some(rrule(step))),
            Schedule::Once(day) => (day, None),
            Schedule::Months(_) | Schedule::None => continue,
        };
        let mut desc = vec![format!("Forum: {}", f.name)];
        if let Some(q) = f.frequency {
            desc.push(format!("Hyppighet: {}", q.label().to_lowercase()));
        }
        let names: Vec<String> = f
            .participants
            .iter()
            .map(|p| reg.service(p).map_or_else(|| p.to_string(), |s| s.display_name()))
            .collect();
        if !names.is_empty() {
            desc.push(format!("Deltakere: {}", names.join(", ")));
        }
        if let Some(c) = f.convener.as_ref().and_then(|c| reg.contact(c)) {
            desc.push(format!("Innkaller: {}", c.display_name()));
        }
        if !f.mandate.trim().is_empty() {
            desc.push(format!("Mandat: {}", f.mandate.trim()));
        }
        cal.push(day_event(Deadline {
            uid: forum_uid(&f.id),
            day: first,
            summary: format!("Møte: {}", f.name),
            description: desc.join("\n"),
            sequence: 0,
            modified: None,
            stamp,
            rrule: rule,
        }));
    }
    cal.done().to_string()
}

fn revision_count(revisions: &[Revision]) -> u32 {
    u32::try_from(revisions.len()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_of_every_kind_become_escaped_newlines() {
        assert_eq!(clean("a\r\nb\rc\nd\u{1b}[31m\te"), "a\nb\nc\nd[31m\te");
        assert_eq!(escape("x\r\nBEGIN:VEVENT;a,b\\"), "x\\nBEGIN:VEVENT\\;a\\,b\\\\");
    }

    /// The calendar, the Årshjul, Oversikt and the review agree on which revisions count: a
    /// draft agreement or an unwritten practice has no revision deadline, even with a date.
    #[test]
    fn the_calendars_revision_deadlines_are_the_ones_the_review_watches() {
        use crate::model::dates::ymd;
        let mut reg = crate::store::parse(crate::store::EXAMPLE).unwrap();
        let today = ymd(2026, 11, 23);
        let mut draft = reg.agreements[0].clone();
        draft.id = AgreementId::new("zz-utkast");
        draft.title = "Avtale som ennå er et utkast".into();
        draft.status = AgreementStatus::Draft;
        draft.entered = Some(ymd(2026, 1, 10));
        draft.revision_interval_months = Some(12);
        reg.agreements.push(draft);
        let mut practice = reg.routines[0].clone();
        practice.id = RoutineId::new("zz-praksis");
        practice.title = "Muntlig praksis med dato".into();
        practice.formalisation = Formalisation::Unwritten;
        practice.entered = Some(ymd(2026, 1, 10));
        practice.revision_interval_months = Some(12);
        reg.routines.push(practice);

        let ics = export_ics(&reg, today, &ExportOptions::default());
        let agreements = reg
            .agreements
            .iter()
            .map(|a| (agreement_uid(&a.id), a.revision_watched(), a.next_revision(), &a.title));
        let routines = reg
            .routines
            .iter()
            .map(|r| (routine_uid(&r.id), r.revision_watched(), r.next_revision(), &r.title));
        for (uid, watched, due, title) in agreements.chain(routines) {
            assert_eq!(ics.contains(&format!("UID:{uid}")), watched && due.is_some(), "{title}");
        }
    }
}
