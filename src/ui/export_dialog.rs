//! «Eksporter …»: pick a format and whether internal numbers stay behind, then where to write.

use crate::exchange::Format;
use crate::ui::widgets::dialog;
use eframe::egui;

/// The open export dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExportDialog {
    pub format: Format,
    /// «Offentlig utgave»: leave out everything marked internal.
    pub public: bool,
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self { format: Format::Csv, public: false }
    }
}

/// What the user did this frame.
pub enum Outcome {
    Open,
    Cancel,
    /// Ask where to write, then export.
    Export(Format, bool),
}

/// The short name the dialog shows for a format.
pub fn format_name(format: Format) -> &'static str {
    match format {
        Format::Csv => "CSV",
        Format::Ics => "Kalender (ICS)",
        Format::Vcard => "vCard",
        Format::Html => "HTML-rapport",
        Format::Hsds => "HSDS",
    }
}

impl ExportDialog {
    pub fn show(&mut self, ctx: &egui::Context) -> Outcome {
        let mut outcome = Outcome::Open;
        let shown = dialog::show(ctx, "eksportdialog", "Eksporter", 460.0, |ui| {
            ui.label(egui::RichText::new("Format").strong());
            for f in Format::ALL {
                ui.radio_value(&mut self.format, f, format_name(f)).on_hover_text(f.label());
            }
            ui.label(if self.format.is_folder() {
                "Skrives som flere filer i en mappe du velger."
            } else {
                "Skrives som én fil."
            });
            ui.add_space(4.0);
            ui.checkbox(&mut self.public, "Offentlig utgave (uten interne numre)");
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Eksporter …").clicked() {
                    outcome = Outcome::Export(self.format, self.public);
                }
                if ui.button("Avbryt").clicked() {
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
