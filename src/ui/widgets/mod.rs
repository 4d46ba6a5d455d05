//! Small widgets shared by the views: the contact card, copy rows, the «Marker som
//! revidert» dialog, the command palette, labelled fields.

pub mod contact_card;
pub mod palette;
pub mod revise;

use eframe::egui;

/// A single-line text field with a visible label that AccessKit reads as its name.
pub fn labelled_text(ui: &mut egui::Ui, label: &str, value: &mut String) -> egui::Response {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        ui.text_edit_singleline(value).labelled_by(l.id)
    })
    .inner
}

/// A date the way the user reads it: dd.mm.yyyy.
pub fn date(d: chrono::NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// Parses dd.mm.yyyy (also d.m.yyyy); the Norwegian message says what is expected.
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, &'static str> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%d.%m.%Y").map_err(|_| "Skriv datoen som dd.mm.åååå")
}
