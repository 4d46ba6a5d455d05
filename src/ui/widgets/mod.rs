//! Small widgets shared by the views: the contact card, copy rows, the «Marker som
//! revidert» dialog, the command palette, labelled fields.

pub mod conflicts;
pub mod contact_card;
pub mod dialog;
pub mod grid_cursor;
pub mod list_keys;
pub mod palette;
pub mod pick;
pub mod revise;
pub mod status;

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

/// Makes `response`'s widget a live region: a screen reader reads its text when it appears
/// or changes, without the focus moving there (toasts, the save state). `urgent` interrupts
/// what is being read (errors); otherwise it waits its turn.
pub fn announce(response: &egui::Response, urgent: bool) {
    use egui::accesskit::Live;
    response.ctx.accesskit_node_builder(response.id, |node| {
        node.set_live(if urgent { Live::Assertive } else { Live::Polite });
    });
}

/// A combo box named by the label `label` that also says what is chosen in it. egui gives
/// the combo box its chosen text as its AccessKit value, but AccessKit's Linux adapter
/// passes a text value on to AT-SPI only for text fields: a screen reader there heard
/// «Tjeneste, kombinasjonsboks» and nothing of «NAV Midtdalen». The chosen text is also the
/// combo box's description (unless a validation message takes that place).
pub fn combo_labelled(response: egui::Response, label: egui::Id) -> egui::Response {
    let response = response.labelled_by(label);
    response.ctx.accesskit_node_builder(response.id, |node| {
        if node.description().is_none()
            && let Some(value) = node.value().map(str::to_owned)
        {
            node.set_description(value);
        }
    });
    response
}

/// A filter's combo box after its label: «Alle» (no filter) first, then `options` as
/// value and text; `shown` is the text of the current choice. Named by the label for a
/// screen reader and saying what is chosen ([`combo_labelled`]).
pub fn filter_combo<V: Clone + PartialEq, S: Into<egui::WidgetText>>(
    ui: &mut egui::Ui,
    label: &str,
    id_salt: &str,
    current: &mut Option<V>,
    shown: &str,
    options: impl IntoIterator<Item = (V, S)>,
) -> egui::Response {
    let l = ui.label(label);
    let response = egui::ComboBox::from_id_salt(id_salt)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            ui.selectable_value(current, None, "Alle");
            for (value, text) in options {
                ui.selectable_value(current, Some(value), text);
            }
        })
        .response;
    combo_labelled(response, l.id)
}

/// A list and the detail it opens: where the list's panel goes and how large it starts.
pub struct ListPanel<S> {
    /// The panel's id salt on the left, and above.
    pub beside: S,
    pub above: S,
    /// What the divider is called: «Bredde på {what}», «Høyde på {what}».
    pub what: &'static str,
    /// The list's starting width and the range it may be dragged in, from the room's width;
    /// likewise its height above, from the room's height.
    pub width: fn(f32) -> (f32, std::ops::RangeInclusive<f32>),
    pub height: fn(f32) -> (f32, std::ops::RangeInclusive<f32>),
}

impl<S: egui::AsIdSalt + Copy> ListPanel<S> {
    /// Draws `list` in a resizable panel on the left while the room is at least
    /// [`crate::ui::theme::size::SIDE_BY_SIDE_FROM`] wide, else above (a small screen, a large
    /// zoom); the detail takes the rest after it, so Tab reaches the list first, as the eye
    /// does. egui keeps where the user dragged the divider.
    pub fn show(self, ui: &mut egui::Ui, list: impl FnOnce(&mut egui::Ui)) {
        let room = ui.available_size();
        let (panel, salt, name) = if room.x >= crate::ui::theme::size::SIDE_BY_SIDE_FROM {
            let (size, range) = (self.width)(room.x);
            let panel = egui::Panel::left(self.beside).default_size(size).size_range(range);
            (panel, self.beside, format!("Bredde på {}", self.what))
        } else {
            let (size, range) = (self.height)(room.y);
            let panel = egui::Panel::top(self.above).default_size(size).size_range(range);
            (panel, self.above, format!("Høyde på {}", self.what))
        };
        panel.resizable(true).show(ui, list);
        name_splitter(ui, salt, &name);
    }
}

/// Gives the resize handle of the panel `salt`, shown in `parent`, a Norwegian name (egui
/// calls every handle «Resize panel»). Call right after the panel's `show`.
pub fn name_splitter(parent: &egui::Ui, salt: impl egui::AsIdSalt, name: &str) {
    let handle = parent.scope_id().with(salt).with("__resize");
    parent.ctx().accesskit_node_builder(handle, |node| node.set_label(name));
}

/// A list for a screen reader: a node named `name` with the role of a list that holds
/// `count` items in all (also those scrolled out of view). Mark each item with [`list_item`].
pub fn list<R>(ui: &mut egui::Ui, name: &str, count: usize, items: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let builder =
        egui::UiBuilder::new().accessibility_role(egui::accesskit::Role::List).accessibility_label(name);
    ui.scope_builder(builder, |ui| {
        ui.ctx().accesskit_node_builder(ui.unique_id(), |node| node.set_size_of_set(count));
        items(ui)
    })
    .inner
}

/// Marks `response`'s widget as item `index` (from 0) of the [`list`] it is in, selected or
/// not, so a screen reader says «2 av 14» and whether it is the chosen one.
pub fn list_item(response: &egui::Response, index: usize, selected: bool) {
    response.ctx.accesskit_node_builder(response.id, |node| {
        node.set_role(egui::accesskit::Role::ListItem);
        node.clear_toggled();
        node.set_position_in_set(index);
        node.set_selected(selected);
    });
}

/// Gives the keyboard focus to the first control drawn after this call, as Tab would from
/// just before it: a view just switched to starts at its own first control, not at «Fil».
pub fn focus_first_control(ui: &egui::Ui) {
    let anchor = ui.scope_id().with("forste-kontroll");
    let layer = ui.layer_id();
    ui.memory_mut(|m| {
        m.request_focus(anchor);
        m.move_focus(egui::FocusDirection::Next);
        m.interested_in_focus(anchor, layer);
    });
}
