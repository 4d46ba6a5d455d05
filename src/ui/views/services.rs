//! Tjenester: the services of the register, with their contact details.

use crate::model::{Labelled, OwnerKind, PreventionLevel, RecordKind, Register, Sector, Service, format};
use crate::ui::records::{self, Kind, List, Lookup, fields::Form};
use eframe::egui;

pub type State = List<Service>;

impl Kind for Service {
    const KIND: RecordKind = RecordKind::Service;
    const COLUMNS: &'static [&'static str] = &["Tjeneste", "Forkortelse", "Sektor", "Kommuner", "Telefon"];
    const WIDTHS: &'static [f32] = &[260.0, 90.0, 180.0, 170.0];
    const WHOLE: &'static [(usize, &'static str)] = &[(4, "00 00 00 00")];
    const MUNICIPALITY_FILTER: bool = true;
    const PREVENTION_FILTER: bool = true;
    const STATUSES: &'static [&'static str] = &["Aktiv", "Nedlagt"];
    const DEACTIVATE: Option<&'static str> = Some("Deaktiver");

    records::stored_in!(reg.services, Record::Service, named name);
    fn blank(_reg: &Register) -> Self {
        Service::new("", "", Sector::Annet, OwnerKind::Municipal)
    }
    fn cell(&self, col: usize, reg: &Register, _lk: &Lookup) -> String {
        match col {
            // An inactive row says so in words, not only in weaker text.
            0 if !self.active => format!("{} (nedlagt)", self.name),
            0 => self.name.clone(),
            1 => self.abbreviation.clone(),
            2 => self.sector.label().to_owned(),
            3 => self.municipalities.iter().map(|m| reg.municipality_name(m)).collect::<Vec<_>>().join(", "),
            _ => format::display_phone(&self.phone),
        }
    }
    fn haystack(&self, _reg: &Register, _lk: &Lookup) -> String {
        format!("{} {} {} {}", self.name, self.abbreviation, self.sector.label(), self.description)
            .to_lowercase()
    }
    fn in_sector(&self, sector: Sector, _reg: &Register, _lk: &Lookup) -> bool {
        self.sector == sector
    }
    fn in_municipality(&self, number: &str, _reg: &Register, _lk: &Lookup) -> bool {
        self.municipalities.iter().any(|m| m == number)
    }
    fn has_prevention(&self, level: PreventionLevel) -> bool {
        self.prevention_levels.contains(&level)
    }
    fn status(&self) -> &'static str {
        if self.active { "Aktiv" } else { "Nedlagt" }
    }
    fn is_active(&self) -> bool {
        self.active
    }
    fn deactivate(&mut self) {
        self.active = false;
    }
    fn normalise(&mut self) {
        if !self.phone.trim().is_empty() {
            self.phone = format::display_phone(&self.phone);
        }
        self.email = self.email.trim().to_owned();
        self.org_number = self.org_number.split_whitespace().collect();
    }
    fn form(ui: &mut egui::Ui, s: &mut Self, f: &mut Form, reg: &Register, _lk: &Lookup) {
        f.required(ui, "Navn", &mut s.name);
        f.text(ui, "Forkortelse", &mut s.abbreviation);
        f.choice(ui, "Sektor", &mut s.sector);
        f.choice(ui, "Eierform", &mut s.owner_kind);
        f.municipalities(ui, "Kommuner", &mut s.municipalities, reg);
        f.age(ui, "Målgruppe (alder)", &mut s.target_age);
        f.multi(ui, "Forebyggingsnivå", &mut s.prevention_levels, PreventionLevel::short);
        f.opt_choice(ui, "Tilgang", &mut s.access);
        f.phone(ui, "Telefon", &mut s.phone);
        f.email(ui, "E-post", &mut s.email);
        f.text(ui, "Nettside", &mut s.web);
        f.text(ui, "Adresse", &mut s.address);
        f.text(ui, "Åpningstider", &mut s.opening_hours);
        f.org_number(ui, "Organisasjonsnummer", &mut s.org_number);
        f.multiline(ui, "Beskrivelse", &mut s.description);
        f.check(ui, "Aktiv", &mut s.active);
    }
}
