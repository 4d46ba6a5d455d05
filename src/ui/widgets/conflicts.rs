//! «Endringer kolliderer»: when a colleague saved the same field differently, show the
//! versions side by side and let the user choose per conflict before anything is written.

use crate::store::commit::Conflicts;
use crate::store::merge::Side;
use crate::ui::theme;
use crate::ui::widgets::dialog;
use eframe::egui;

/// The open dialog: the conflicts and the user's choice for each.
pub struct ConflictDialog {
    pub conflicts: Conflicts,
    pub choices: Vec<Side>,
}

/// What the user decided this frame.
pub enum Outcome {
    Open,
    /// Save the merge with these choices.
    Save,
    /// Close without saving; the register in memory is unchanged.
    Cancel,
}

impl ConflictDialog {
    pub fn new(conflicts: Conflicts) -> Self {
        let choices = conflicts.merge.conflicts.iter().map(|c| c.chosen).collect();
        Self { conflicts, choices }
    }

    pub fn show(&mut self, ctx: &egui::Context) -> Outcome {
        let mut outcome = Outcome::Open;
        let shown = dialog::show(ctx, "konflikter", "Endringer kolliderer", theme::size::DIALOG_WIDE, |ui| {
            ui.label(
                "En annen har lagret registeret etter at du åpnet det, og har endret noen av de \
                 samme feltene som deg. Alt annet er slått sammen. Velg hvilken versjon som skal \
                 gjelde for hvert felt:",
            );
            ui.add_space(theme::space::GROUP);
            egui::ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
                egui::Grid::new("konfliktrutenett").striped(true).spacing([12.0, 6.0]).show(ui, |ui| {
                    ui.strong("Post");
                    ui.strong("Felt");
                    ui.strong("Før");
                    ui.strong("Deres versjon");
                    ui.strong("Din versjon");
                    ui.end_row();
                    for (c, choice) in self.conflicts.merge.conflicts.iter().zip(self.choices.iter_mut()) {
                        ui.label(&c.title);
                        ui.label(c.field_label());
                        ui.label(&c.base);
                        ui.radio_value(choice, Side::Theirs, &c.theirs);
                        ui.radio_value(choice, Side::Ours, &c.ours);
                        ui.end_row();
                    }
                });
            });
            ui.add_space(theme::space::SECTION);
            ui.horizontal(|ui| {
                if ui.button("Lagre med disse valgene").clicked() {
                    outcome = Outcome::Save;
                }
                if ui.button("Avbryt (ingenting lagres)").clicked() {
                    outcome = Outcome::Cancel;
                }
            });
        });
        if shown.cancelled && matches!(outcome, Outcome::Open) {
            outcome = Outcome::Cancel;
        }
        outcome
    }
}
