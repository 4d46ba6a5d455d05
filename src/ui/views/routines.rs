//! Rutiner: written routines and unwritten practice, how formalised they are, and
//! «Marker som revidert».

use crate::model::{Formalisation, Labelled, RecordKind, Register, Revision, Routine, Sector};
use crate::ui::records::fields::Form;
use crate::ui::records::{self, Kind, List, Lookup};
use chrono::NaiveDate;
use eframe::egui;

pub type State = List<Routine>;

impl Kind for Routine {
    const KIND: RecordKind = RecordKind::Routine;
    const COLUMNS: &'static [&'static str] =
        &["Rutine", "Gjelder", "Formalisering", "Sist revidert", "Neste revisjon", "Ansvarlig"];
    const WIDTHS: &'static [f32] = &[240.0, 200.0, 140.0, 100.0, 110.0];
    const WHOLE: &'static [(usize, &'static str)] = &[(3, "00.00.0000"), (4, "00.00.0000")];
    const STATUSES: &'static [&'static str] = Formalisation::LABELS;
    const STATUS_COLUMN: Option<usize> = Some(2);
    const REVISABLE: bool = true;

    records::stored_in!(reg.routines, Record::Routine, named title);
    fn blank(_reg: &Register) -> Self {
        let mut r = Routine::new("", "", Vec::new(), Formalisation::Draft);
        r.revision_interval_months = Some(12);
        r
    }
    fn cell(&self, col: usize, reg: &Register, lk: &Lookup) -> String {
        match col {
            0 => self.title.clone(),
            1 => lk.short_names(reg, &self.services, &self.sectors),
            _ => lk.contact_name(reg, &self.owner),
        }
    }
    fn date(&self, col: usize) -> Option<Option<NaiveDate>> {
        records::revision_date(col, self.last_revised(), self.next_revision())
    }
    fn haystack(&self, reg: &Register, lk: &Lookup) -> String {
        format!("{} {} {}", self.title, lk.short_names(reg, &self.services, &self.sectors), self.description)
            .to_lowercase()
    }
    fn in_sector(&self, sector: Sector, reg: &Register, lk: &Lookup) -> bool {
        self.sectors.contains(&sector)
            || self.services.iter().any(|p| lk.service(reg, p).is_some_and(|s| s.sector == sector))
    }
    fn status(&self) -> &'static str {
        self.formalisation.label()
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
        f.worked_out_date(ui, "Neste revisjon", r.next_revision());
        f.text(ui, "Dokument (lenke)", &mut r.document);
    }
    fn revisions(&self) -> &[Revision] {
        &self.revisions
    }
    fn add_revision(&mut self, revision: Revision) {
        Routine::add_revision(self, revision);
    }
}
