//! Avtaler: collaboration agreements, their parties, status and revision rhythm, with
//! «Marker som revidert».

use crate::edit::Record;
use crate::model::dates::format_opt as date_text;
use crate::model::{Agreement, AgreementStatus, Labelled, RecordKind, Register, Revision, Sector};
use crate::ui::ctx::ViewCtx;
use crate::ui::records::fields::Form;
use crate::ui::records::{self, Kind, List, Lookup};
use eframe::egui;

pub type State = List<Agreement>;

/// The parties as one line: services by abbreviation or name, then whole sectors.
pub fn parties_text(a: &Agreement, reg: &Register, lk: &Lookup) -> String {
    let services = a.parties.iter().map(|p| match lk.service(reg, p) {
        Some(s) if !s.abbreviation.is_empty() => s.abbreviation.clone(),
        Some(s) => s.name.clone(),
        None => p.to_string(),
    });
    let sectors = a.party_sectors.iter().map(|s| s.label().to_owned());
    services.chain(sectors).collect::<Vec<_>>().join(", ")
}

impl Kind for Agreement {
    const KIND: RecordKind = RecordKind::Agreement;
    const COLUMNS: &'static [&'static str] =
        &["Avtale", "Parter", "Status", "Sist revidert", "Neste revisjon", "Ansvarlig"];
    const WIDTHS: &'static [f32] = &[240.0, 200.0, 110.0, 100.0, 110.0];
    const WHOLE: &'static [(usize, &'static str)] = &[(3, "00.00.0000"), (4, "00.00.0000")];
    const STATUSES: &'static [&'static str] = AgreementStatus::LABELS;
    const DEACTIVATE: Option<&'static str> = Some("Avslutt (opphørt)");
    const REVISABLE: bool = true;

    fn all(reg: &Register) -> &[Self] {
        &reg.agreements
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
        Agreement::draft("", "")
    }
    fn into_record(self) -> Record {
        Record::Agreement(self)
    }
    fn cell(&self, col: usize, reg: &Register, lk: &Lookup) -> String {
        match col {
            0 => self.title.clone(),
            1 => parties_text(self, reg, lk),
            2 => self.status.label().to_owned(),
            3 => date_text(self.last_revised()),
            4 => date_text(self.next_revision()),
            _ => lk.contact_name(reg, &self.owner),
        }
    }
    fn sort_text(&self, col: usize, reg: &Register, lk: &Lookup) -> String {
        match col {
            2 => (self.status as u8).to_string(),
            3 => self.last_revised().map(|d| d.to_string()).unwrap_or_default(),
            4 => self.next_revision().map(|d| d.to_string()).unwrap_or_default(),
            _ => self.cell(col, reg, lk),
        }
    }
    fn haystack(&self, reg: &Register, lk: &Lookup) -> String {
        format!("{} {} {}", self.title, parties_text(self, reg, lk), self.purpose).to_lowercase()
    }
    fn in_sector(&self, sector: Sector, reg: &Register, lk: &Lookup) -> bool {
        self.party_sectors.contains(&sector)
            || self.parties.iter().any(|p| lk.service(reg, p).is_some_and(|s| s.sector == sector))
    }
    fn status(&self) -> usize {
        self.status as usize
    }
    fn is_active(&self) -> bool {
        self.status != AgreementStatus::Ended
    }
    fn deactivate(&mut self) {
        self.status = AgreementStatus::Ended;
    }
    fn normalise(&mut self) {
        self.title = self.title.trim().to_owned();
    }
    fn duplicated(&mut self) {
        self.revisions.clear();
        self.status = AgreementStatus::Draft;
    }
    fn form(ui: &mut egui::Ui, a: &mut Self, f: &mut Form, reg: &Register, lk: &Lookup) {
        f.required(ui, "Tittel", &mut a.title);
        f.services(ui, "Parter", &mut a.parties, lk, reg);
        f.sectors(ui, "Hele sektorer som part", &mut a.party_sectors);
        let too_few = a.parties.len() + a.party_sectors.len() < 2;
        f.error(ui, "Parter", too_few.then_some("En avtale må ha minst to parter"));
        f.choice(ui, "Status", &mut a.status);
        f.choice(ui, "Nivå", &mut a.level);
        f.multiline(ui, "Formål", &mut a.purpose);
        f.past_date(ui, "Inngått", &mut a.entered);
        f.months(ui, "Revideres hver (mnd.)", &mut a.revision_interval_months);
        f.date(ui, "Neste revisjon (overstyrer)", &mut a.next_due);
        ui.label("Neste revisjon");
        ui.label(a.next_revision().map_or_else(|| "ikke beregnet".to_owned(), |d| date_text(Some(d))));
        ui.end_row();
        f.contact(ui, "Ansvarlig", &mut a.owner, lk, reg);
        f.text(ui, "Dokument (lenke)", &mut a.document);
        f.text(ui, "Hjemmel", &mut a.legal_basis);
        f.multiline(ui, "Merknad", &mut a.note);
    }
    fn revisions(&self) -> &[Revision] {
        &self.revisions
    }
    fn add_revision(&mut self, revision: Revision) {
        Agreement::add_revision(self, revision);
    }
}

pub fn show(ui: &mut egui::Ui, state: &mut State, ctx: &mut ViewCtx) {
    records::show(ui, state, ctx);
}
