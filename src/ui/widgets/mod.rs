//! Small widgets shared by the views: the contact card, copy rows, the «Marker som
//! revidert» dialog, the command palette, labelled fields.

pub mod conflicts;
pub mod contact_card;
pub mod palette;
pub mod pick;
pub mod revise;

use crate::ui::command::Command;
use eframe::egui;

/// A single-line text field with a visible label that AccessKit reads as its name.
pub fn labelled_text(ui: &mut egui::Ui, label: &str, value: &mut String) -> egui::Response {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        ui.text_edit_singleline(value).labelled_by(l.id)
    })
    .inner
}

/// A button that puts `text` on the system clipboard (through [`Command::Copy`]) and reads
/// «Kopiert» for a moment after a click. `tip` is its tooltip.
pub fn copy_button(
    ui: &mut egui::Ui,
    label: &str,
    tip: &str,
    text: String,
    what: &str,
    commands: &mut Vec<Command>,
) -> egui::Response {
    const SHOWN_FOR: f64 = 1.5;
    let id = ui.make_persistent_id(("kopier", label));
    let now = ui.input(|i| i.time);
    // When it was clicked, and its width with the ordinary label (kept while it says
    // «Kopiert», so nothing beside it moves).
    let (clicked_at, width) = ui.data(|d| d.get_temp::<(f64, f32)>(id)).unwrap_or((f64::NEG_INFINITY, 0.0));
    let copied = now - clicked_at < SHOWN_FOR;
    let shown = if copied { "Kopiert" } else { label };
    let r = ui.add(egui::Button::new(shown).min_size(egui::vec2(width, 0.0))).on_hover_text(tip);
    if copied {
        ui.ctx().request_repaint_after(std::time::Duration::from_secs_f64(SHOWN_FOR - (now - clicked_at)));
    }
    let width = if copied { width } else { r.rect.width() };
    if r.clicked() {
        commands.push(Command::Copy { text, what: what.to_owned() });
        ui.data_mut(|d| d.insert_temp(id, (now, width)));
    } else {
        ui.data_mut(|d| d.insert_temp(id, (clicked_at, width)));
    }
    r
}
