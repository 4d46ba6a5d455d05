//! iCalendar (RFC 5545) export of deadlines, so leaders see them in Outlook: one all-day
//! event per revision due date (agreements, routines) and per funding end date (offerings).
//!
//! UIDs are stable (`agreement-<id>-revision@samkart`), so importing a newer export into the
//! same calendar updates the events instead of duplicating them. DTSTAMP is the export day,
//! which keeps the output a pure function of its inputs.

use super::{date, view};
use crate::model::*;
use chrono::{Days, NaiveDate};
use icalendar::{Calendar, Component, Event, EventLike};

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

fn owner_line(reg: &Register, owner: &Option<ContactId>) -> String {
    match owner.as_ref().and_then(|o| reg.contact(o)) {
        Some(c) => format!("Ansvarlig: {} ({})", c.display_name(), c.role),
        None => "Ansvarlig: ikke satt".to_owned(),
    }
}

fn day_event(uid: &str, day: NaiveDate, today: NaiveDate, summary: &str, description: &str) -> Event {
    let stamp = today.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
    Event::new()
        .uid(uid)
        .timestamp(stamp)
        .summary(summary)
        .description(description)
        .starts(day)
        // All-day events end the next day (DTEND is exclusive in RFC 5545).
        .ends(day.checked_add_days(Days::new(1)).unwrap_or(day))
        .done()
}

/// The calendar as text.
pub fn export_ics(reg: &Register, today: NaiveDate, public: bool) -> String {
    let reg = view(reg, public);
    let reg = reg.as_ref();
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"));
    cal.append_property(("PRODID", "-//Samkart//Samkart//NO"));
    cal.append_property(("CALSCALE", "GREGORIAN"));
    cal.append_property(("METHOD", "PUBLISH"));
    let title = if reg.name.is_empty() { "Samkart".to_owned() } else { format!("Samkart – {}", reg.name) };
    cal.name(&title);

    for a in &reg.agreements {
        if a.status == AgreementStatus::Ended {
            continue;
        }
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
        cal.push(day_event(
            &agreement_uid(&a.id),
            due,
            today,
            &format!("Revisjon: {}", a.title),
            &desc.join("\n"),
        ));
    }
    for r in &reg.routines {
        let Some(due) = r.next_revision() else { continue };
        let desc = [
            format!("{}: {}", r.kind.label(), r.title),
            format!("Formalisering: {}", r.formalisation.label()),
            owner_line(reg, &r.owner),
        ];
        cal.push(day_event(
            &routine_uid(&r.id),
            due,
            today,
            &format!("Revisjon: {}", r.title),
            &desc.join("\n"),
        ));
    }
    for o in &reg.offerings {
        let Some(end) = o.funded_until else { continue };
        let provider = reg.service(&o.provider).map_or(o.provider.to_string(), |s| s.name.clone());
        let desc = [format!("Tilbud: {} ({provider})", o.name), owner_line(reg, &o.responsible)];
        cal.push(day_event(
            &funding_uid(&o.id),
            end,
            today,
            &format!("Finansiering slutter: {}", o.name),
            &desc.join("\n"),
        ));
    }
    cal.done().to_string()
}
