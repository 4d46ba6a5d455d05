//! Kontakter: the named contact persons, what they are contact for, and when their details
//! were last verified.

use crate::model::{Contact, RecordKind, Register, Sector, format};
use crate::ui::records::{self, Kind, List, Lookup, fields::Form};
use chrono::NaiveDate;
use eframe::egui;

pub type State = List<Contact>;

impl Kind for Contact {
    const KIND: RecordKind = RecordKind::Contact;
    const COLUMNS: &'static [&'static str] = &["Navn", "Rolle", "Tjeneste", "Telefon", "Mobil", "Bekreftet"];
    const WIDTHS: &'static [f32] = &[190.0, 190.0, 190.0, 100.0, 100.0];
    const WHOLE: &'static [(usize, &'static str)] =
        &[(3, "00 00 00 00"), (4, "00 00 00 00"), (5, "00.00.0000")];
    const MUNICIPALITY_FILTER: bool = true;
    const STATUSES: &'static [&'static str] = &["Aktiv", "Ledig stilling", "Sluttet"];
    const DEACTIVATE: Option<&'static str> = Some("Marker som sluttet");

    records::stored_in!(reg.contacts, Record::Contact, named name, shown by Contact::display_name);
    fn blank(_reg: &Register) -> Self {
        // No service until the user picks one.
        Contact::new("", "", "", "")
    }
    fn cell(&self, col: usize, reg: &Register, lk: &Lookup) -> String {
        match col {
            // An inactive row says so in words, not only in weaker text.
            0 if !self.active => format!("{} (sluttet)", self.display_name()),
            0 => self.display_name().to_owned(),
            1 => self.role.clone(),
            2 => lk.service_name(reg, &self.service),
            3 => format::display_phone(&self.phone.value),
            _ => format::display_phone(&self.mobile.value),
        }
    }
    fn date(&self, col: usize) -> Option<Option<NaiveDate>> {
        (col == 5).then_some(self.verified)
    }
    fn haystack(&self, reg: &Register, lk: &Lookup) -> String {
        format!(
            "{} {} {} {}",
            self.name,
            self.role,
            lk.service_name(reg, &self.service),
            self.topics.join(" ")
        )
        .to_lowercase()
    }
    fn in_sector(&self, sector: Sector, reg: &Register, lk: &Lookup) -> bool {
        lk.service(reg, &self.service).is_some_and(|s| s.sector == sector)
    }
    fn in_municipality(&self, number: &str, reg: &Register, lk: &Lookup) -> bool {
        lk.service(reg, &self.service).is_some_and(|s| s.municipalities.iter().any(|m| m == number))
    }
    fn status(&self) -> &'static str {
        match (self.active, self.vacant) {
            (false, _) => "Sluttet",
            (true, true) => "Ledig stilling",
            (true, false) => "Aktiv",
        }
    }
    fn is_active(&self) -> bool {
        self.active
    }
    fn deactivate(&mut self) {
        self.active = false;
    }
    fn normalise(&mut self) {
        for d in [&mut self.phone, &mut self.mobile] {
            if !d.value.trim().is_empty() {
                d.value = format::display_phone(&d.value);
            }
        }
        self.email.value = self.email.value.trim().to_owned();
    }
    fn form(ui: &mut egui::Ui, c: &mut Self, f: &mut Form, reg: &Register, lk: &Lookup) {
        f.text(ui, "Navn", &mut c.name);
        let missing = c.name.trim().is_empty() && !c.vacant;
        f.error(ui, "Navn", missing.then_some("Må fylles ut (eller merk stillingen som ledig)"));
        f.required(ui, "Rolle", &mut c.role);
        f.service(ui, "Tjeneste", &mut c.service, lk, reg);
        f.phone(ui, "Telefon", &mut c.phone.value);
        f.check(ui, "Telefon kun for samarbeidspartnere", &mut c.phone.internal);
        f.phone(ui, "Mobil", &mut c.mobile.value);
        f.check(ui, "Mobil kun for samarbeidspartnere", &mut c.mobile.internal);
        f.email(ui, "E-post", &mut c.email.value);
        f.check(ui, "E-post kun for samarbeidspartnere", &mut c.email.internal);
        f.words(ui, "Kontakt for", &mut c.topics);
        f.contact(ui, "Stedfortreder", &mut c.deputy, lk, reg);
        f.contact(ui, "Tok over etter", &mut c.replaces, lk, reg);
        f.date(ui, "I stillingen fra", &mut c.since);
        f.past_date(ui, "Sist bekreftet", &mut c.verified);
        f.check(ui, "Ledig stilling", &mut c.vacant);
        f.check(ui, "Aktiv (ikke sluttet)", &mut c.active);
        f.multiline(ui, "Merknad", &mut c.note);
    }
}
