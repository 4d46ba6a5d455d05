//! Avtaler: collaboration agreements, their parties, status and revision rhythm, with
//! «Marker som revidert».

use crate::model::{Agreement, AgreementStatus, Labelled, RecordKind, Register, Revision, Sector};
use crate::ui::records::fields::Form;
use crate::ui::records::{self, Kind, List, Lookup};
use chrono::NaiveDate;
use eframe::egui;

pub type State = List<Agreement>;

impl Kind for Agreement {
    const KIND: RecordKind = RecordKind::Agreement;
    const COLUMNS: &'static [&'static str] =
        &["Avtale", "Parter", "Status", "Sist revidert", "Neste revisjon", "Ansvarlig"];
    const WIDTHS: &'static [f32] = &[240.0, 200.0, 110.0, 100.0, 110.0];
    const WHOLE: &'static [(usize, &'static str)] = &[(3, "00.00.0000"), (4, "00.00.0000")];
    const STATUSES: &'static [&'static str] = AgreementStatus::LABELS;
    const STATUS_COLUMN: Option<usize> = Some(2);
    const DEACTIVATE: Option<&'static str> = Some("Avslutt (opphørt)");
    const REVISABLE: bool = true;

    records::stored_in!(reg.agreements, Record::Agreement, named title);
    fn blank(_reg: &Register) -> Self {
        Agreement::draft("", "")
    }
    fn cell(&self, col: usize, reg: &Register, lk: &Lookup) -> String {
        match col {
            0 => self.title.clone(),
            1 => lk.short_names(reg, &self.parties, &self.party_sectors),
            _ => lk.contact_name(reg, &self.owner),
        }
    }
    fn date(&self, col: usize) -> Option<Option<NaiveDate>> {
        records::revision_date(col, self.last_revised(), self.next_revision())
    }
    fn haystack(&self, reg: &Register, lk: &Lookup) -> String {
        format!("{} {} {}", self.title, lk.short_names(reg, &self.parties, &self.party_sectors), self.purpose)
            .to_lowercase()
    }
    fn in_sector(&self, sector: Sector, reg: &Register, lk: &Lookup) -> bool {
        self.party_sectors.contains(&sector)
            || self.parties.iter().any(|p| lk.service(reg, p).is_some_and(|s| s.sector == sector))
    }
    fn status(&self) -> &'static str {
        self.status.label()
    }
    fn is_active(&self) -> bool {
        self.status != AgreementStatus::Ended
    }
    fn deactivate(&mut self) {
        self.status = AgreementStatus::Ended;
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
        f.worked_out_date(ui, "Neste revisjon", a.next_revision());
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
