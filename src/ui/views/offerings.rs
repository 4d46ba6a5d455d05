//! Tilbud: what services and volunteer organisations offer — target group, level, cost,
//! schedule — and when each was last confirmed as still running.

use crate::model::{
    Labelled, Offering, OfferingStatus, PreventionLevel, RecordKind, Register, Sector, Weekday,
};
use crate::ui::records::fields::Form;
use crate::ui::records::{self, Kind, List, Lookup};
use chrono::NaiveDate;
use eframe::egui;

pub type State = List<Offering>;

impl Kind for Offering {
    const KIND: RecordKind = RecordKind::Offering;
    const COLUMNS: &'static [&'static str] =
        &["Tilbud", "Tilbyder", "Tema", "Alder", "Nivå", "Status", "Bekreftet"];
    const WIDTHS: &'static [f32] = &[220.0, 190.0, 130.0, 70.0, 90.0, 90.0];
    const WHOLE: &'static [(usize, &'static str)] = &[(3, "00–00 år"), (6, "00.00.0000")];
    const MUNICIPALITY_FILTER: bool = true;
    const PREVENTION_FILTER: bool = true;
    /// The plan's status (planlagt, pågående, avsluttet), in [`OfferingStatus::ALL`]'s order.
    const STATUSES: &'static [&'static str] = OfferingStatus::LABELS;
    const STATUS_COLUMN: Option<usize> = Some(5);
    const DEACTIVATE: Option<&'static str> = Some("Avslutt tilbudet");

    records::stored_in!(reg.offerings, Record::Offering, named name);
    fn blank(_reg: &Register) -> Self {
        // No provider until the user picks one.
        Offering::new("", "", "")
    }
    fn cell(&self, col: usize, reg: &Register, lk: &Lookup) -> String {
        match col {
            // An inactive row says so in words, not only in weaker text.
            0 if !self.active => format!("{} (avsluttet)", self.name),
            0 => self.name.clone(),
            1 => lk.service_name(reg, &self.provider),
            2 => self.theme.clone(),
            3 => self.age.map(|a| a.to_string()).unwrap_or_default(),
            _ => self.prevention_level.map_or("", |p| p.short()).to_owned(),
        }
    }
    fn date(&self, col: usize) -> Option<Option<NaiveDate>> {
        (col == 6).then_some(self.confirmed)
    }
    fn sort_text(&self, col: usize, reg: &Register, lk: &Lookup) -> String {
        match col {
            3 => self.age.map(|a| format!("{:03}{:03}", a.from, a.to)).unwrap_or_default(),
            4 => self.prevention_level.map(|p| (p as u8).to_string()).unwrap_or_default(),
            _ => self.cell(col, reg, lk),
        }
    }
    fn haystack(&self, reg: &Register, lk: &Lookup) -> String {
        format!(
            "{} {} {} {} {}",
            self.name,
            lk.service_name(reg, &self.provider),
            self.theme,
            self.purpose,
            self.target_group
        )
        .to_lowercase()
    }
    fn in_sector(&self, sector: Sector, reg: &Register, lk: &Lookup) -> bool {
        lk.service(reg, &self.provider).is_some_and(|s| s.sector == sector)
    }
    fn in_municipality(&self, number: &str, reg: &Register, lk: &Lookup) -> bool {
        offered_in(self, number, reg, lk)
    }
    fn has_prevention(&self, level: PreventionLevel) -> bool {
        self.prevention_level == Some(level)
    }
    fn status(&self) -> &'static str {
        self.status.label()
    }
    fn is_active(&self) -> bool {
        self.active
    }
    fn deactivate(&mut self) {
        self.active = false;
        self.status = OfferingStatus::Ended;
    }
    fn normalise(&mut self) {
        // Status and «Aktiv» say the same of an ended offering (validation holds them to it).
        match (self.status, self.active) {
            (OfferingStatus::Ended, true) => self.active = false,
            (OfferingStatus::Ongoing, false) => self.status = OfferingStatus::Ended,
            _ => {}
        }
    }
    fn duplicated(&mut self) {
        self.confirmed = None;
    }
    fn form(ui: &mut egui::Ui, o: &mut Self, f: &mut Form, reg: &Register, lk: &Lookup) {
        f.required(ui, "Navn", &mut o.name);
        f.provider(ui, "Tilbyder", &mut o.provider, lk, reg);
        f.text(ui, "Tema", &mut o.theme);
        f.multiline(ui, "Hensikt", &mut o.purpose);
        f.text(ui, "Målgruppe", &mut o.target_group);
        f.age(ui, "Alder", &mut o.age);
        f.opt_choice(ui, "Forebyggingsnivå", &mut o.prevention_level);
        f.choice(ui, "Status", &mut o.status);
        f.text(ui, "Hvem skal delta", &mut o.participants);
        f.contact(ui, "Ansvarlig", &mut o.responsible, lk, reg);
        f.check(ui, "Gratis", &mut o.free);
        if !o.free {
            f.text(ui, "Pris", &mut o.price);
        }
        f.text(ui, "Når", &mut o.schedule);
        f.multi(ui, "Ukedager", &mut o.weekdays, weekday_short);
        f.municipalities(ui, "Kommuner (tomt = der tilbyder er)", &mut o.municipalities, reg);
        f.text(ui, "Slik blir du med", &mut o.how_to_join);
        f.date(ui, "Finansiert til", &mut o.funded_until);
        f.past_date(ui, "Sist bekreftet aktiv", &mut o.confirmed);
        f.text(ui, "Nettside", &mut o.web);
        f.check(ui, "Aktiv", &mut o.active);
    }
}

/// Three-letter weekday for compact checkboxes.
pub fn weekday_short(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "man",
        Weekday::Tue => "tir",
        Weekday::Wed => "ons",
        Weekday::Thu => "tor",
        Weekday::Fri => "fre",
        Weekday::Sat => "lør",
        Weekday::Sun => "søn",
    }
}

/// Whether an offering runs in a municipality (the core's rule,
/// [`crate::exchange::overview::offered_in`]).
pub fn offered_in(o: &Offering, number: &str, reg: &Register, lk: &Lookup) -> bool {
    crate::exchange::overview::offered_in(o, number, lk.service(reg, &o.provider))
}
