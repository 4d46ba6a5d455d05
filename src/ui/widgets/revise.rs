//! «Marker som revidert»: date, by whom and a note become a new revision in the agreement's
//! or routine's history, as one undoable edit made by [`crate::edit::mark_revised`] (the
//! same rule as the form in Avtaler and Rutiner). The date is checked as it is typed.

use super::labelled_text;
use crate::edit::{Edit, ReviseError, mark_revised};
use crate::model::{RecordKind, Register, dates};
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
    /// The day the revision cannot be later than.
    today: NaiveDate,
    /// The note field has had its first focus (keyboard users start typing at once).
    focused: bool,
}

/// What the dialog did this frame.
pub enum Outcome {
    Open,
    Cancel,
    /// The edit, and its line for the change log.
    Save(Edit, String),
}

impl Revise {
    /// A dialog for the agreement or routine `id`, dated today, by `user`.
    pub fn new(reg: &Register, kind: RecordKind, id: &str, today: NaiveDate, user: &str) -> Option<Self> {
        let title = reg.record(kind, id)?.title();
        matches!(kind, RecordKind::Agreement | RecordKind::Routine).then(|| Self {
            kind,
            id: id.to_owned(),
            title,
            date: dates::format(today),
            by: user.to_owned(),
            note: String::new(),
            today,
            focused: false,
        })
    }

    pub fn show(&mut self, ctx: &egui::Context, reg: &Register) -> Outcome {
        let mut outcome = Outcome::Open;
        let shown = super::dialog::show(
            ctx,
            "marker-revidert",
            "Marker som revidert",
            theme::size::DIALOG_NARROW,
            |ui| {
                ui.set_width(theme::size::DIALOG_NARROW);
                ui.label(&self.title);
                ui.add_space(theme::space::GROUP);
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
                // Shown while typing; the line is kept so the buttons do not jump.
                let result = self.edit(reg);
                let error = result.as_ref().err().map(ToString::to_string).unwrap_or_default();
                ui.colored_label(theme::colors(ui).error, if error.is_empty() { " " } else { &error });
                ui.add_space(theme::space::GROUP);
                ui.horizontal(|ui| {
                    if ui.button("Lagre revisjon").clicked()
                        && let Ok((edit, text)) = &result
                    {
                        outcome = Outcome::Save(edit.clone(), text.clone());
                    }
                    if ui.button("Avbryt").clicked() {
                        outcome = Outcome::Cancel;
                    }
                });
            },
        );
        if matches!(outcome, Outcome::Open) && shown.cancelled {
            outcome = Outcome::Cancel;
        }
        outcome
    }

    /// The edit that adds the revision, and its log line; or why it cannot be made.
    pub fn edit(&self, reg: &Register) -> Result<(Edit, String), ReviseError> {
        mark_revised(reg, self.kind, &self.id, &self.date, &self.by, &self.note, self.today)
    }
}
