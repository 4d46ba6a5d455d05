//! «Marker som revidert»: date, by whom and a note become a new [`Revision`] in the
//! agreement's or routine's history, as one undoable edit.

use super::{labelled_text, parse_date};
use crate::edit::{Edit, Record};
use crate::model::{AgreementStatus, RecordKind, Register, Revision};
use crate::ui::theme;
use chrono::NaiveDate;
use eframe::egui;

/// The open dialog for one agreement or routine.
pub struct Revise {
    pub kind: RecordKind,
    pub id: String,
    pub title: String,
    pub date: String,
    pub by: String,
    pub note: String,
    error: Option<&'static str>,
    /// The note field has had its first focus (keyboard users start typing at once).
    focused: bool,
}

/// What the dialog did this frame.
pub enum Outcome {
    Open,
    Cancel,
    Save(Edit),
}

impl Revise {
    /// A dialog for the agreement or routine `id`, dated today, by `user`.
    pub fn new(reg: &Register, kind: RecordKind, id: &str, today: NaiveDate, user: &str) -> Option<Self> {
        let title = reg.record(kind, id)?.title();
        matches!(kind, RecordKind::Agreement | RecordKind::Routine).then(|| Self {
            kind,
            id: id.to_owned(),
            title,
            date: super::date(today),
            by: user.to_owned(),
            note: String::new(),
            error: None,
            focused: false,
        })
    }

    pub fn show(&mut self, ctx: &egui::Context, reg: &Register) -> Outcome {
        let mut outcome = Outcome::Open;
        let shown = super::dialog::show(ctx, "marker-revidert", "Marker som revidert", 440.0, |ui| {
            ui.set_width(440.0);
            ui.label(&self.title);
            ui.add_space(6.0);
            labelled_text(ui, "Dato (dd.mm.åååå)", &mut self.date);
            labelled_text(ui, "Revidert av", &mut self.by);
            ui.horizontal(|ui| {
                let l = ui.label("Merknad");
                let note =
                    ui.add(egui::TextEdit::multiline(&mut self.note).desired_rows(2)).labelled_by(l.id);
                if !self.focused {
                    note.request_focus();
                    self.focused = true;
                }
            });
            if let Some(e) = self.error {
                ui.colored_label(theme::colors(ui).error, e);
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui.button("Lagre revisjon").clicked() {
                    match self.edit(reg) {
                        Ok(edit) => outcome = Outcome::Save(edit),
                        Err(e) => self.error = Some(e),
                    }
                }
                if ui.button("Avbryt").clicked() {
                    outcome = Outcome::Cancel;
                }
            });
        });
        if matches!(outcome, Outcome::Open) && shown.cancelled {
            outcome = Outcome::Cancel;
        }
        outcome
    }

    /// The edit that adds the revision; an explicit next date at or before it is spent,
    /// and an agreement under revision becomes current again.
    pub fn edit(&self, reg: &Register) -> Result<Edit, &'static str> {
        let date = parse_date(&self.date)?;
        if self.by.trim().is_empty() {
            return Err("Skriv hvem som reviderte");
        }
        let rev = Revision { date, by: self.by.trim().to_owned(), note: self.note.trim().to_owned() };
        match reg.record(self.kind, &self.id) {
            Some(Record::Agreement(mut a)) => {
                a.revisions.push(rev);
                a.revisions.sort_by_key(|r| r.date);
                if a.next_due.is_some_and(|d| d <= date) {
                    a.next_due = None;
                }
                if a.status == AgreementStatus::UnderRevision {
                    a.status = AgreementStatus::Current;
                }
                Ok(Edit::put(Record::Agreement(a)))
            }
            Some(Record::Routine(mut r)) => {
                r.revisions.push(rev);
                r.revisions.sort_by_key(|r| r.date);
                if r.next_due.is_some_and(|d| d <= date) {
                    r.next_due = None;
                }
                Ok(Edit::put(Record::Routine(r)))
            }
            _ => Err("Posten finnes ikke lenger"),
        }
    }
}
