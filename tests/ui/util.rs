//! What a window test does as a user: click a label, press a key, type into a field, open a
//! record. Each step lets the app answer (runs the frames it asks for) before the test looks
//! again, so that a test reads as the list of what the user did. `#[track_caller]` makes a
//! widget that is not there point at the test's own line.

use eframe::egui::accesskit::Role;
use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use samkart::model::RecordKind;
use samkart::ui::App;
use samkart::ui::command::Command;

/// Clicks the one widget labelled `label`.
#[track_caller]
pub fn click(h: &mut Harness<'static, App>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// Clicks the one widget labelled `label` and runs a single frame: that frame's output holds
/// what the click asked of the system (a copy, a link to open, a close).
#[track_caller]
pub fn click_one_frame(h: &mut Harness<'static, App>, label: &str) {
    h.get_by_label(label).click();
    h.step();
}

/// `h` after a click on the tab labelled `tab` (Oversikt, Tjenester, Frivillig …): where
/// most tests start.
#[track_caller]
pub fn on_tab(mut h: Harness<'static, App>, tab: &str) -> Harness<'static, App> {
    click(&mut h, tab);
    h
}

/// Clicks the one widget of `role` labelled `label` (where a label alone names two).
#[track_caller]
pub fn click_role(h: &mut Harness<'static, App>, role: Role, label: &str) {
    h.get_by_role_and_label(role, label).click();
    h.run();
}

/// Clicks the one widget whose label contains `part`.
#[track_caller]
pub fn click_containing(h: &mut Harness<'static, App>, part: &str) {
    h.get_by_label_contains(part).click();
    h.run();
}

/// Presses `key` alone.
pub fn press(h: &mut Harness<'static, App>, key: Key) {
    h.key_press(key);
    h.run();
}

/// Presses Ctrl+`key` (Cmd+`key` on a Mac).
pub fn press_cmd(h: &mut Harness<'static, App>, key: Key) {
    h.key_press_modifiers(Modifiers::COMMAND, key);
    h.run();
}

/// Sends `command` as a menu, a shortcut or the palette would.
pub fn send(h: &mut Harness<'static, App>, command: impl Into<Command>) {
    h.state_mut().send(command);
    h.run();
}

/// Opens the record `id` of `kind` in its view, as a search hit or a finding does.
pub fn open(h: &mut Harness<'static, App>, kind: RecordKind, id: &str) {
    h.state_mut().send(Command::Open(kind, id.into()));
    h.run();
    h.run();
}

/// Puts the keyboard in the text field labelled `label`.
#[track_caller]
pub fn focus(h: &mut Harness<'static, App>, label: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
}

/// Replaces the text of the text field labelled `label` at once (as assistive technology
/// does).
#[track_caller]
pub fn set_text(h: &mut Harness<'static, App>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).set_text_value_accesskit(text);
    h.run();
}

/// Types `text` into whatever has the keyboard, all in one frame (the search field has it
/// right after start).
pub fn type_text(h: &mut Harness<'static, App>, text: &str) {
    h.event(egui::Event::Text(text.to_owned()));
    h.run();
}

/// Types `text` into whatever has the keyboard, one character per frame, as a person does.
pub fn type_slowly(h: &mut Harness<'static, App>, text: &str) {
    for c in text.chars() {
        h.event(egui::Event::Text(c.to_string()));
        h.step();
    }
    h.run();
}

/// Selects all of the text field labelled `label` and types `text` over it key by key.
#[track_caller]
pub fn retype(h: &mut Harness<'static, App>, label: &str, text: &str) {
    focus(h, label);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_slowly(h, text);
}

/// The text in the text field labelled `label`.
#[track_caller]
pub fn value(h: &Harness<'static, App>, label: &str) -> String {
    h.get_by_role_and_label(Role::TextInput, label).value().unwrap_or_default()
}

/// The window's title (it starts with «● » while there is unsaved work).
pub fn title(h: &Harness<'static, App>) -> String {
    h.state().title().to_owned()
}
