//! A grid that is one Tab stop: the arrow keys, Home/End and Page Up/Down move a cursor
//! cell, Enter or Space chooses it. A screen reader hears the cursor cell as the grid's
//! active descendant, so it reads the cell while the focus stays on the grid.

use eframe::egui::{self, Key, Modifiers};

/// Moves `cursor` (row, column) by the keys pressed this frame while the grid `id` has
/// focus, within `rows` × `cols`. Returns whether the cursor moved, and whether the user
/// chose the cell.
pub fn keys(
    ui: &egui::Ui,
    id: egui::Id,
    rows: usize,
    cols: usize,
    cursor: &mut (usize, usize),
) -> (bool, bool) {
    if rows == 0 || cols == 0 {
        return (false, false);
    }
    // Keep the arrows from moving focus to a neighbouring widget; Tab still leaves.
    let filter = egui::EventFilter { horizontal_arrows: true, vertical_arrows: true, ..Default::default() };
    ui.memory_mut(|m| m.set_focus_lock_filter(id, filter));
    let page = 10;
    let before = *cursor;
    let (r, c) = cursor;
    let chosen = ui.input_mut(|i| {
        let mut press = |k| i.consume_key(Modifiers::NONE, k);
        if press(Key::ArrowDown) {
            *r = (*r + 1).min(rows - 1);
        }
        if press(Key::ArrowUp) {
            *r = r.saturating_sub(1);
        }
        if press(Key::ArrowRight) {
            *c = (*c + 1).min(cols - 1);
        }
        if press(Key::ArrowLeft) {
            *c = c.saturating_sub(1);
        }
        if press(Key::PageDown) {
            *r = (*r + page).min(rows - 1);
        }
        if press(Key::PageUp) {
            *r = r.saturating_sub(page);
        }
        if press(Key::Home) {
            *c = 0;
        }
        if press(Key::End) {
            *c = cols - 1;
        }
        press(Key::Enter) | press(Key::Space)
    });
    (*cursor != before, chosen)
}

/// Declares the grid `id` to AccessKit: its name, size and the cursor cell `active`.
pub fn declare(ui: &egui::Ui, id: egui::Id, name: &str, (rows, cols): (usize, usize), active: egui::Id) {
    ui.ctx().accesskit_node_builder(id, |node| {
        node.set_role(egui::accesskit::Role::Grid);
        node.set_label(name);
        node.set_row_count(rows);
        node.set_column_count(cols);
        node.set_active_descendant(active.accesskit_id());
    });
}
