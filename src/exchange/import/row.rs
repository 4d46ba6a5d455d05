//! One row read through the mapping into a contact (or a service's own phone and e-mail):
//! each cell checked on its own, so that one unusable value is left out with a remark and
//! the rest of the row still comes in. Only a row with no usable person or service is
//! refused.

use super::plan::*;
use super::services::{Ids, Lookup, ServiceRef, resolve_service};
use super::view::{RowView, shown};
use super::{Field, norm, parse_bool, parse_date};
use crate::exchange::split_list;
use crate::model::format::{check_email, display_phone, normalize_phone};
use crate::model::*;
use chrono::NaiveDate;

/// The remarks on the row being read.
pub(super) struct Notes {
    row: usize,
    pub(super) remarks: Vec<Remark>,
}

impl Notes {
    pub(super) fn new(row: usize) -> Self {
        Self { row, remarks: Vec::new() }
    }

    pub(super) fn add(&mut self, view: &RowView, field: Field, value: &str, reason: impl Into<String>) {
        self.remarks.push(Remark {
            row: self.row,
            column: view.header(field),
            value: shown(value),
            reason: reason.into(),
        });
    }

    /// The field's text, or nothing with a remark when it cannot be used.
    fn text(&mut self, view: &RowView, field: Field) -> String {
        match view.unusable(field) {
            Some(reason) => {
                self.add(view, field, view.get(field), reason);
                String::new()
            }
            None => view.get(field).to_owned(),
        }
    }

    /// A phone number in its usual grouping; nothing, with a remark, when it is not one.
    fn phone(&mut self, view: &RowView, field: Field) -> Option<String> {
        let value = self.text(view, field);
        if value.is_empty() {
            return None;
        }
        let value = spreadsheet_number(&value).unwrap_or(value);
        match normalize_phone(&value) {
            Ok(_) => Some(display_phone(&value)),
            Err(e) => {
                self.add(view, field, &value, e.to_string());
                None
            }
        }
    }

    fn email(&mut self, view: &RowView) -> String {
        let value = self.text(view, Field::Email);
        match check_email(&value) {
            Err(e) if !value.is_empty() => {
                self.add(view, Field::Email, &value, e);
                String::new()
            }
            _ => value,
        }
    }

    fn date(&mut self, view: &RowView, field: Field) -> Option<NaiveDate> {
        let value = self.text(view, field);
        if value.is_empty() {
            return None;
        }
        let date = parse_date(&value);
        if date.is_none() {
            self.add(view, field, &value, "er ikke en dato (dd.mm.åååå)");
        }
        date
    }

    /// A yes/no column: `None` when empty, or with a remark when it is neither.
    pub(super) fn flag(&mut self, view: &RowView, field: Field) -> Option<bool> {
        let value = view.get(field);
        let flag = parse_bool(value);
        if flag.is_none() && !value.is_empty() {
            self.add(view, field, value, "er verken ja eller nei");
        }
        flag
    }
}

/// A phone number Excel kept as a number and wrote out as one: «95012398.0», «9.5012398E7».
fn spreadsheet_number(value: &str) -> Option<String> {
    if !value.contains(['.', 'e', 'E']) || value.contains(' ') {
        return None;
    }
    let f: f64 = value.parse().ok()?;
    (f.fract() == 0.0 && (1.0..1e15).contains(&f)).then(|| format!("{}", f as i64))
}

/// What one row holds, once read.
pub(super) enum RowPlan {
    /// A contact, with the remarks on it and the raw deputy and predecessor cells (resolved
    /// once every row is read, since they may name a later row).
    Contact {
        contact: Box<Contact>,
        service: ServiceRef,
        remarks: Vec<Remark>,
        deputy: String,
        replaces: String,
    },
    /// The row only described a service; it has been planned already.
    Service,
}

/// Reads one row. `Err(reason)` when the row has no usable person or service.
#[allow(clippy::too_many_arguments)]
pub(super) fn plan_row(
    reg: &Register,
    lookup: &Lookup,
    view: &RowView,
    options: &ImportOptions,
    plan: &mut ImportPlan,
    ids: &mut Ids,
    n: usize,
) -> Result<RowPlan, String> {
    // A name the row cannot be read without: a formula with no value here must never turn
    // a person's row into one about the service.
    for field in [Field::Name, Field::FirstName, Field::LastName, Field::Service] {
        view.required(field)?;
    }
    let name = if !view.get(Field::Name).is_empty() {
        view.get(Field::Name).to_owned()
    } else {
        [view.get(Field::FirstName), view.get(Field::LastName)]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut notes = Notes::new(n);
    let vacant = notes.flag(view, Field::Vacant).unwrap_or(false);
    let phone = notes.phone(view, Field::Phone);
    let mobile = notes.phone(view, Field::Mobile);
    let email = notes.email(view);
    let municipality = municipality_number(reg, view.get(Field::Municipality));
    let service = resolve_service(reg, lookup, view, municipality.as_deref(), options, plan, ids, n)?;

    if name.is_empty() && !vacant {
        let Some(service) = service else {
            return Err("Raden mangler både navn og tjeneste".to_owned());
        };
        service_row(reg, plan, service, phone.or(mobile), email, notes, n);
        return Ok(RowPlan::Service);
    }
    let Some(service) = service else {
        return Err(format!(
            "Raden mangler tjeneste for «{}»",
            if name.is_empty() { "ledig stilling".to_owned() } else { shown(&name) }
        ));
    };
    let service_id = match service {
        ServiceRef::Existing(i) => reg.services[i].id.clone(),
        ServiceRef::New(i) => plan.new_services[i].service.id.clone(),
    };

    let role = notes.text(view, Field::Role);
    let id_cell = view.get(Field::Id);
    let id =
        if is_valid_id(id_cell) && (lookup.has_contact(id_cell) || ids.claim(RecordKind::Contact, id_cell)) {
            id_cell.to_owned()
        } else {
            let basis = if name.is_empty() { format!("{role} {service_id}") } else { name.clone() };
            ids.fresh(RecordKind::Contact, &basis)
        };
    let mut c = Contact::new(id, &name, &role, service_id);
    c.vacant = vacant;
    let mut detail = |value: Option<String>, internal: Field| ContactDetail {
        value: value.unwrap_or_default(),
        internal: notes.flag(view, internal).unwrap_or(false),
    };
    c.phone = detail(phone, Field::PhoneInternal);
    c.mobile = detail(mobile, Field::MobileInternal);
    c.email = detail(Some(email), Field::EmailInternal);
    c.topics = split_list(&notes.text(view, Field::Topics));
    c.note = notes.text(view, Field::Note);
    c.active = notes.flag(view, Field::Active).unwrap_or(true);
    c.since = notes.date(view, Field::Since);
    c.verified = notes.date(view, Field::Verified).or(options.verified_on);
    let deputy = notes.text(view, Field::Deputy);
    let replaces = notes.text(view, Field::Replaces);
    Ok(RowPlan::Contact { contact: Box::new(c), service, remarks: notes.remarks, deputy, replaces })
}

/// A row with a service and no person: the service's own phone and e-mail.
fn service_row(
    reg: &Register,
    plan: &mut ImportPlan,
    service: ServiceRef,
    phone: Option<String>,
    email: String,
    notes: Notes,
    n: usize,
) {
    match service {
        ServiceRef::Existing(i) => {
            let old = &reg.services[i];
            let mut s = old.clone();
            if let Some(p) = phone {
                s.phone = p;
            }
            if !email.is_empty() {
                s.email = email;
            }
            let mut changes = Vec::new();
            if s.phone != old.phone {
                changes.push("telefon");
            }
            if s.email != old.email {
                changes.push("e-post");
            }
            if changes.is_empty() {
                plan.skipped.push((n, format!("Tjenesten «{}» finnes fra før uten endringer", old.name)));
            } else if let Some(u) = plan.service_updates.iter_mut().find(|u| u.service.id == s.id) {
                plan.skipped
                    .push((n, format!("Tjenesten «{}» er allerede oppdatert fra rad {}", old.name, u.row)));
            } else {
                plan.service_updates.push(ServiceUpdate { row: n, service: s, changes });
                plan.remarks.extend(notes.remarks);
            }
        }
        ServiceRef::New(i) => {
            let s = &mut plan.new_services[i].service;
            if let Some(p) = phone
                && s.phone.is_empty()
            {
                s.phone = p;
            }
            if !email.is_empty() && s.email.is_empty() {
                s.email = email;
            }
            plan.remarks.extend(notes.remarks);
        }
    }
}

/// The kommunenummer for a cell holding a number or a name known to the register.
fn municipality_number(reg: &Register, cell: &str) -> Option<String> {
    if cell.is_empty() {
        return None;
    }
    reg.municipalities
        .iter()
        .find(|m| m.number == cell || norm(&m.name) == norm(cell))
        .map(|m| m.number.clone())
}

/// The existing contact with the row's non-empty values written over it. Internal flags are
/// kept unless the file says otherwise: a number marked internal stays internal.
pub(super) fn merge(existing: &Contact, row: &Contact, view: &RowView) -> Contact {
    let mut c = existing.clone();
    let text = |old: &mut String, new: &str| {
        if !new.is_empty() {
            *old = new.to_owned();
        }
    };
    // «KARI NORDMANN» in a sheet is no reason to rewrite «Kari Nordmann».
    if norm(&row.name) != norm(&c.name) {
        text(&mut c.name, &row.name);
    }
    text(&mut c.role, &row.role);
    text(&mut c.note, &row.note);
    c.service = row.service.clone();
    for (old, new, flag) in [
        (&mut c.phone, &row.phone, Field::PhoneInternal),
        (&mut c.mobile, &row.mobile, Field::MobileInternal),
        (&mut c.email, &row.email, Field::EmailInternal),
    ] {
        // Same address in other capitals is the same address: keep the register's spelling.
        if norm(&old.value) != norm(&new.value) {
            text(&mut old.value, &new.value);
        }
        if let Some(internal) = parse_bool(view.get(flag)) {
            old.internal = internal;
        }
    }
    if !row.topics.is_empty() {
        c.topics = row.topics.clone();
    }
    if parse_bool(view.get(Field::Vacant)).is_some() {
        c.vacant = row.vacant;
    }
    if parse_bool(view.get(Field::Active)).is_some() {
        c.active = row.active;
    }
    c.since = row.since.or(c.since);
    c.verified = row.verified.or(c.verified);
    c
}

/// The fields that differ, by their Norwegian name.
pub(super) fn contact_changes(a: &Contact, b: &Contact) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut check = |changed: bool, name| {
        if changed {
            out.push(name);
        }
    };
    check(a.name != b.name, "navn");
    check(a.role != b.role, "stilling");
    check(a.service != b.service, "tjeneste");
    check(a.phone != b.phone, "telefon");
    check(a.mobile != b.mobile, "mobil");
    check(a.email != b.email, "e-post");
    check(a.topics != b.topics, "kontakt for");
    check(a.deputy != b.deputy, "stedfortreder");
    check(a.replaces != b.replaces, "tok over etter");
    check(a.note != b.note, "merknad");
    check(a.vacant != b.vacant, "ledig stilling");
    check(a.active != b.active, "aktiv");
    check(a.since != b.since, "fra dato");
    check(a.verified != b.verified, "sist verifisert");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_excel_wrote_as_numbers_are_read_as_digits() {
        assert_eq!(spreadsheet_number("95012398.0").as_deref(), Some("95012398"));
        assert_eq!(spreadsheet_number("9.5012398E7").as_deref(), Some("95012398"));
        assert_eq!(spreadsheet_number("95.01.23.98"), None, "dots between groups are spacing");
        assert_eq!(spreadsheet_number("950 12 398"), None);
        assert_eq!(spreadsheet_number("12.5"), None);
    }

    #[test]
    fn values_in_messages_are_short_and_show_control_characters() {
        assert_eq!(shown("abc"), "abc");
        assert_eq!(shown("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(shown(&"x".repeat(100)).chars().count(), 61);
    }
}
