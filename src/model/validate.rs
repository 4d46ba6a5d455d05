//! Validation of a whole register: every problem, each with the record it belongs to.
//!
//! A register with problems still loads (so the user can open it and fix them); the CLI's
//! `validate` reports them and the GUI shows them.

use super::format::{check_email, check_municipality_number, check_org_number, normalize_phone};
use super::*;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// One problem found in the register.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub kind: RecordKind,
    /// Id of the record, as written in the file.
    pub id: String,
    /// The field in the file ("phone", "parties" …).
    pub field: &'static str,
    /// What is wrong, in Norwegian.
    pub message: String,
}

impl Problem {
    /// A duplicate id or a reference to a record that does not exist: the problems a merge
    /// of two people's changes can introduce, and that a save after a merge refuses.
    pub fn is_integrity(&self) -> bool {
        self.message.starts_with(DUPLICATE_PREFIX) || self.message.contains(MISSING_SUFFIX)
    }

    /// A text that looks like a national identity number (see [`super::privacy`]).
    pub fn is_privacy(&self) -> bool {
        self.message == PRIVACY_MESSAGE
    }
}

const DUPLICATE_PREFIX: &str = "Id-en er brukt";
const MISSING_SUFFIX: &str = ", som ikke finnes";
const PRIVACY_MESSAGE: &str = "Inneholder noe som ser ut som et fødselsnummer. Registeret skal aldri inneholde \
     fødselsnumre: fjern det.";

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The id and the message quote the file's text: escaped, so a control character in
        // it cannot act on the terminal or the window it is shown in.
        use crate::messages::printable;
        write!(
            f,
            "{} «{}», {}: {}",
            self.kind.label(),
            printable(&self.id),
            self.field,
            printable(&self.message)
        )
    }
}

struct Checker<'a> {
    today: NaiveDate,
    problems: Vec<Problem>,
    services: HashSet<&'a str>,
    contacts: HashSet<&'a str>,
    municipalities: HashSet<&'a str>,
}

impl<'a> Checker<'a> {
    fn push(&mut self, kind: RecordKind, id: &str, field: &'static str, message: impl Into<String>) {
        self.problems.push(Problem { kind, id: id.to_owned(), field, message: message.into() });
    }

    fn non_empty(&mut self, kind: RecordKind, id: &str, field: &'static str, value: &str) {
        if value.trim().is_empty() {
            self.push(kind, id, field, "Navnet kan ikke være tomt");
        }
    }

    fn service_ref(&mut self, kind: RecordKind, id: &str, field: &'static str, target: &ServiceId) {
        if !self.services.contains(target.as_str()) {
            self.push(kind, id, field, format!("Viser til tjenesten «{target}»{MISSING_SUFFIX}"));
        }
    }

    fn contact_ref(&mut self, kind: RecordKind, id: &str, field: &'static str, target: &Option<ContactId>) {
        if let Some(t) = target
            && !self.contacts.contains(t.as_str())
        {
            self.push(kind, id, field, format!("Viser til kontakten «{t}»{MISSING_SUFFIX}"));
        }
    }

    /// The checks on every text of a record, from one serde value of it: the privacy guard,
    /// and the lengths and characters of [`super::limits`].
    fn texts<T: serde::Serialize + serde::de::DeserializeOwned>(
        &mut self,
        kind: RecordKind,
        id: &str,
        record: &T,
    ) {
        let Ok(value) = serde_json::to_value(record) else { return };
        self.text_limits::<T>(kind, id, &value);
        if let Some(field) = super::privacy::national_id_in_value(value) {
            self.push(kind, id, super::privacy::static_field::<T>(&field), PRIVACY_MESSAGE);
        }
    }

    /// Texts over their field's maximum, and control characters where none belong.
    fn text_limits<T: serde::de::DeserializeOwned>(
        &mut self,
        kind: RecordKind,
        id: &str,
        value: &serde_json::Value,
    ) {
        for (field, problem) in super::limits::problems_in(value) {
            self.push(kind, id, super::privacy::static_field::<T>(&field), problem.to_string());
        }
    }

    /// The names in the register's list of municipalities (reported as the list's other
    /// problems are). The register's own name is held to the same rule by the edit guard.
    fn register_texts(&mut self, reg: &Register) {
        for m in &reg.municipalities {
            if let Err(p) = super::limits::check_text("name", &m.name) {
                self.push(
                    RecordKind::Service,
                    &m.number,
                    "municipalities",
                    format!("Registerets kommuneliste: {p}"),
                );
            }
        }
    }

    fn phone(&mut self, kind: RecordKind, id: &str, field: &'static str, value: &str) {
        if !value.trim().is_empty()
            && let Err(e) = normalize_phone(value)
        {
            self.push(kind, id, field, format!("«{value}»: {e}"));
        }
    }

    fn email(&mut self, kind: RecordKind, id: &str, field: &'static str, value: &str) {
        if !value.trim().is_empty()
            && let Err(e) = check_email(value)
        {
            self.push(kind, id, field, format!("«{value}»: {e}"));
        }
    }

    fn not_future(&mut self, kind: RecordKind, id: &str, field: &'static str, date: Option<NaiveDate>) {
        if let Some(d) = date
            && dates::not_in_future(d, self.today).is_err()
        {
            self.push(kind, id, field, format!("Datoen {} ligger fram i tid", dates::format(d)));
        }
    }

    fn municipalities(&mut self, kind: RecordKind, id: &str, list: &[String]) {
        for m in list {
            if let Err(e) = check_municipality_number(m) {
                self.push(kind, id, "municipalities", format!("«{m}»: {e}"));
            } else if !self.municipalities.contains(m.as_str()) {
                self.push(
                    kind,
                    id,
                    "municipalities",
                    format!("Kommunenummer {m} er ikke med i registerets kommuneliste"),
                );
            }
        }
    }

    fn age(&mut self, kind: RecordKind, id: &str, field: &'static str, age: &Option<AgeRange>) {
        if let Some(a) = age
            && a.from > a.to
        {
            self.push(kind, id, field, format!("Aldersspennet {}–{} er baklengs", a.from, a.to));
        }
    }

    fn revisions(
        &mut self,
        kind: RecordKind,
        id: &str,
        entered: Option<NaiveDate>,
        revisions: &[Revision],
        interval: Option<u32>,
    ) {
        self.not_future(kind, id, "entered", entered);
        for r in revisions {
            let shown = dates::format(r.date);
            if dates::not_in_future(r.date, self.today).is_err() {
                self.push(kind, id, "revisions", format!("Revisjonen {shown} ligger fram i tid"));
            }
            if let Some(e) = entered
                && r.date < e
            {
                self.push(
                    kind,
                    id,
                    "revisions",
                    format!("Revisjonen {shown} er før avtalen ble inngått ({})", dates::format(e)),
                );
            }
            if r.by.trim().is_empty() {
                self.push(kind, id, "revisions", format!("Revisjonen {shown} mangler hvem som reviderte"));
            }
        }
        if let Some(m) = interval
            && m > 120
        {
            self.push(
                kind,
                id,
                "revision_interval_months",
                format!("Revisjonsintervallet {m} måneder er over ti år"),
            );
        }
    }
}

fn duplicates<'a, I: Iterator<Item = &'a str>>(
    ids: I,
    kind: RecordKind,
    out: &mut Vec<Problem>,
) -> HashSet<&'a str> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for id in ids {
        *seen.entry(id).or_default() += 1;
        if !is_valid_id(id) {
            out.push(Problem {
                kind,
                id: id.to_owned(),
                field: "id",
                message: "Ugyldig id: bruk små bokstaver a–z, sifre og bindestrek (f.eks. «nav-ung»)".into(),
            });
        }
    }
    let mut dups: Vec<(&str, usize)> = seen.iter().filter(|(_, n)| **n > 1).map(|(k, n)| (*k, *n)).collect();
    dups.sort();
    for (id, n) in dups {
        out.push(Problem {
            kind,
            id: id.to_owned(),
            field: "id",
            message: format!("{DUPLICATE_PREFIX} {n} ganger"),
        });
    }
    seen.into_keys().collect()
}

/// Checks the whole register against `today` and returns every problem found, in file order
/// by record kind.
pub fn validate(reg: &Register, today: NaiveDate) -> Vec<Problem> {
    use RecordKind as K;
    let mut early = Vec::new();
    let services = duplicates(reg.services.iter().map(|s| s.id.as_str()), K::Service, &mut early);
    let contacts = duplicates(reg.contacts.iter().map(|c| c.id.as_str()), K::Contact, &mut early);
    duplicates(reg.agreements.iter().map(|a| a.id.as_str()), K::Agreement, &mut early);
    duplicates(reg.routines.iter().map(|r| r.id.as_str()), K::Routine, &mut early);
    duplicates(reg.forums.iter().map(|f| f.id.as_str()), K::Forum, &mut early);
    duplicates(reg.offerings.iter().map(|o| o.id.as_str()), K::Offering, &mut early);
    duplicates(reg.expectations.iter().map(|e| e.id.as_str()), K::Expectation, &mut early);

    let mut c = Checker {
        today,
        problems: early,
        services,
        contacts,
        municipalities: reg.municipalities.iter().map(|m| m.number.as_str()).collect(),
    };

    for m in &reg.municipalities {
        if let Err(e) = check_municipality_number(&m.number) {
            c.push(
                K::Service,
                &m.number,
                "municipalities",
                format!("Registerets kommuneliste: «{}»: {e}", m.number),
            );
        }
    }

    for s in &reg.services {
        let id = s.id.as_str();
        c.non_empty(K::Service, id, "name", &s.name);
        c.phone(K::Service, id, "phone", &s.phone);
        c.email(K::Service, id, "email", &s.email);
        if !s.org_number.trim().is_empty()
            && let Err(e) = check_org_number(&s.org_number)
        {
            c.push(K::Service, id, "org_number", format!("«{}»: {e}", s.org_number));
        }
        c.municipalities(K::Service, id, &s.municipalities);
        c.age(K::Service, id, "target_age", &s.target_age);
    }

    for p in &reg.contacts {
        let id = p.id.as_str();
        if !p.vacant {
            c.non_empty(K::Contact, id, "name", &p.name);
        }
        c.service_ref(K::Contact, id, "service", &p.service);
        c.phone(K::Contact, id, "phone", &p.phone.value);
        c.phone(K::Contact, id, "mobile", &p.mobile.value);
        c.email(K::Contact, id, "email", &p.email.value);
        c.contact_ref(K::Contact, id, "deputy", &p.deputy);
        c.contact_ref(K::Contact, id, "replaces", &p.replaces);
        if p.deputy.as_ref() == Some(&p.id) {
            c.push(K::Contact, id, "deputy", "En kontakt kan ikke være sin egen stedfortreder");
        }
        if p.replaces.as_ref() == Some(&p.id) {
            c.push(K::Contact, id, "replaces", "En kontakt kan ikke erstatte seg selv");
        }
        c.not_future(K::Contact, id, "verified", p.verified);
    }

    for a in &reg.agreements {
        let id = a.id.as_str();
        c.non_empty(K::Agreement, id, "title", &a.title);
        for s in &a.parties {
            c.service_ref(K::Agreement, id, "parties", s);
        }
        if a.parties.len() + a.party_sectors.len() < 2 {
            c.push(K::Agreement, id, "parties", "En samarbeidsavtale må ha minst to parter");
        }
        c.contact_ref(K::Agreement, id, "owner", &a.owner);
        c.revisions(K::Agreement, id, a.entered, &a.revisions, a.revision_interval_months);
    }

    for r in &reg.routines {
        let id = r.id.as_str();
        c.non_empty(K::Routine, id, "title", &r.title);
        for s in &r.services {
            c.service_ref(K::Routine, id, "services", s);
        }
        c.contact_ref(K::Routine, id, "owner", &r.owner);
        c.revisions(K::Routine, id, r.entered, &r.revisions, r.revision_interval_months);
    }

    for f in &reg.forums {
        let id = f.id.as_str();
        c.non_empty(K::Forum, id, "name", &f.name);
        for s in &f.participants {
            c.service_ref(K::Forum, id, "participants", s);
        }
        c.contact_ref(K::Forum, id, "convener", &f.convener);
        if f.first_meeting.is_some() && !f.meeting_months.is_empty() {
            c.push(
                K::Forum,
                id,
                "meeting_months",
                "Oppgi enten første møte (med hyppighet) eller møtemåneder, ikke begge: \
                 månedene brukes ikke når første møte er satt",
            );
        }
    }

    for o in &reg.offerings {
        let id = o.id.as_str();
        c.non_empty(K::Offering, id, "name", &o.name);
        c.service_ref(K::Offering, id, "provider", &o.provider);
        c.contact_ref(K::Offering, id, "responsible", &o.responsible);
        c.municipalities(K::Offering, id, &o.municipalities);
        c.age(K::Offering, id, "age", &o.age);
        c.not_future(K::Offering, id, "confirmed", o.confirmed);
        if o.status == OfferingStatus::Ended && o.active {
            c.push(
                K::Offering,
                id,
                "status",
                "Tilbudet er avsluttet, men står som aktivt: sett «active: false» eller en annen status",
            );
        }
    }

    for e in &reg.expectations {
        let id = e.id.as_str();
        for (field, p) in [("a", &e.a), ("b", &e.b)] {
            if let Party::Service(s) = p {
                c.service_ref(K::Expectation, id, field, s);
            }
        }
        if e.a == e.b {
            c.push(K::Expectation, id, "b", "De to partene i et forventet samarbeid må være forskjellige");
        }
    }

    // Every text of every record: a national identity number anywhere, over-long texts,
    // control characters.
    for r in &reg.services {
        c.texts(K::Service, r.id.as_str(), r);
    }
    for r in &reg.contacts {
        c.texts(K::Contact, r.id.as_str(), r);
    }
    for r in &reg.agreements {
        c.texts(K::Agreement, r.id.as_str(), r);
    }
    for r in &reg.routines {
        c.texts(K::Routine, r.id.as_str(), r);
    }
    for r in &reg.forums {
        c.texts(K::Forum, r.id.as_str(), r);
    }
    for r in &reg.offerings {
        c.texts(K::Offering, r.id.as_str(), r);
    }
    for r in &reg.expectations {
        c.texts(K::Expectation, r.id.as_str(), r);
    }
    c.register_texts(reg);

    c.problems
}
