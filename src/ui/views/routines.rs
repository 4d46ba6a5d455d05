//! Rutiner: written routines and unwritten practice, how formalised they are, and
//! «Marker som revidert».

use crate::edit::Record;
use crate::model::dates::format_opt as date_text;
use crate::model::{Formalisation, Labelled, RecordKind, Register, Revision, Routine, Sector};
use crate::ui::ctx::ViewCtx;
use crate::ui::records::fields::Form;
use crate::ui::records::{self, Kind, List, Lookup};
use eframe::egui;

pub type State = List<Routine>;

fn services_text(r: &Routine, reg: &Register, lk: &Lookup) -> String {
    let services = r.services.iter().map(|p| match lk.service(reg, p) {
        Some(s) if !s.abbreviation.is_empty() => s.abbreviation.clone(),
        Some(s) => s.name.clone(),
        None => p.to_string(),
    });
    services.chain(r.sectors.iter().map(|s| s.label().to_owned())).collect::<Vec<_>>().join(", ")
}

impl Kind for Routine {
    const KIND: RecordKind = RecordKind::Routine;
    const COLUMNS: &'static [&'static str] =
        &["Rutine", "Gjelder", "Formalisering", "Sist revidert", "Neste revisjon", "Ansvarlig"];
    const WIDTHS: &'static [f32] = &[240.0, 200.0, 140.0, 100.0, 110.0];
    const WHOLE: &'static [(usize, &'static str)] = &[(3, "00.00.0000"), (4, "00.00.0000")];
    const STATUSES: &'static [&'static str] = Formalisation::LABELS;
    const REVISABLE: bool = true;

    fn all(reg: &Register) -> &[Self] {
        &reg.routines
    }
    fn id(&self) -> &str {
        self.id.as_str()
    }
    fn name(&self) -> &str {
        &self.title
    }
    fn set_identity(&mut self, id: String, name: String) {
        self.id = id.into();
        self.title = name;
    }
    fn blank(_reg: &Register) -> Self {
        let mut r = Routine::new("", "", Vec::new(), Formalisation::Draft);
        r.revision_interval_months = Some(12);
        r
    }
    fn into_record(self) -> Record {
        Record::Routine(self)
    }
    fn cell(&self, col: usize, reg: &Register, lk: &Lookup) -> String {
        match col {
            0 => self.title.clone(),
            1 => services_text(self, reg, lk),
            2 => self.formalisation.label().to_owned(),
            3 => date_text(self.last_revised()),
            4 => date_text(self.next_revision()),
            _ => lk.contact_name(reg, &self.owner),
        }
    }
    fn sort_text(&self, col: usize, reg: &Register, lk: &Lookup) -> String {
        match col {
            2 => (self.formalisation as u8).to_string(),
            3 => self.last_revised().map(|d| d.to_string()).unwrap_or_default(),
            4 => self.next_revision().map(|d| d.to_string()).unwrap_or_default(),
            _ => self.cell(col, reg, lk),
        }
    }
    fn haystack(&self, reg: &Register, lk: &Lookup) -> String {
        format!("{} {} {}", self.title, services_text(self, reg, lk), self.description).to_lowercase()
    }
    fn in_sector(&self, sector: Sector, reg: &Register, lk: &Lookup) -> bool {
        self.sectors.contains(&sector)
            || self.services.iter().any(|p| lk.service(reg, p).is_some_and(|s| s.sector == sector))
    }
    fn status(&self) -> usize {
        self.formalisation as usize
    }
    fn normalise(&mut self) {
        self.title = self.title.trim().to_owned();
    }
    fn duplicated(&mut self) {
        self.revisions.clear();
    }
    fn form(ui: &mut egui::Ui, r: &mut Self, f: &mut Form, reg: &Register, lk: &Lookup) {
        f.required(ui, "Tittel", &mut r.title);
        f.choice(ui, "Type", &mut r.kind);
        f.choice(ui, "Formalisering", &mut r.formalisation);
        f.services(ui, "Tjenester", &mut r.services, lk, reg);
        f.sectors(ui, "Hele sektorer", &mut r.sectors);
        f.multiline(ui, "Beskrivelse", &mut r.description);
        f.contact(ui, "Ansvarlig", &mut r.owner, lk, reg);
        f.past_date(ui, "Vedtatt / skrevet", &mut r.entered);
        f.months(ui, "Revideres hver (mnd.)", &mut r.revision_interval_months);
        f.date(ui, "Neste revisjon (overstyrer)", &mut r.next_due);
        ui.label("Neste revisjon");
        ui.label(r.next_revision().map_or_else(|| "ikke beregnet".to_owned(), |d| date_text(Some(d))));
        ui.end_row();
        f.text(ui, "Dokument (lenke)", &mut r.document);
    }
    fn revisions(&self) -> &[Revision] {
        &self.revisions
    }
    fn add_revision(&mut self, revision: Revision) {
        Routine::add_revision(self, revision);
    }
}

pub fn show(ui: &mut egui::Ui, state: &mut State, ctx: &mut ViewCtx) {
    records::show(ui, state, ctx);
}
