//! Modal dialogs, the same way everywhere: named by their title for a screen reader, opened
//! with the keyboard focus on their first control (each dialog puts a safe one first, never
//! the destructive one), cancelled by Esc or a click beside them, and giving the focus back
//! to where the user was when the last of them closes (see [`end_pass`]).

use eframe::egui::{self, Id};

/// What the dialogs share between passes: which are open, and where the focus was before
/// the first of them opened.
#[derive(Clone, Default)]
struct Open {
    dialogs: Vec<Dialog>,
    /// The widget that had the focus when the first dialog opened.
    home: Option<Id>,
    /// The focus inside the dialogs as last seen: when they close with the focus still
    /// there (or nowhere), it goes home; when a command moved it, it stays where it went.
    inside: Option<Id>,
}

#[derive(Clone)]
struct Dialog {
    id: Id,
    /// The pass it was last shown in.
    last_pass: u64,
    /// Passes left in which to put the focus on its first control: a new dialog is laid out
    /// invisibly in its first pass, so its controls can take the focus only after that.
    focus_tries: u8,
}

/// How many passes a new dialog tries to put the focus on its first control.
const FOCUS_TRIES: u8 = 3;

fn state_id() -> Id {
    Id::unique("samkart-dialoger")
}

/// What the user did with the dialog's frame this pass.
pub struct Shown<R> {
    /// What the content returned.
    pub inner: R,
    /// Esc (when no drop-down list inside is open) or a click beside the dialog: cancel.
    pub cancelled: bool,
}

/// Shows a modal dialog titled `title` (its heading and its accessible name). `salt` tells
/// dialogs apart. Call it every pass while the dialog is open, and stop calling it to close.
pub fn show<R>(
    ctx: &egui::Context,
    salt: impl std::hash::Hash + std::fmt::Debug,
    title: &str,
    max_width: f32,
    content: impl FnOnce(&mut egui::Ui) -> R,
) -> Shown<R> {
    let id = Id::unique(("dialog", salt));
    let pass = ctx.cumulative_pass_nr();
    let focused = ctx.memory(|m| m.focused());
    // While a dialog is open only its own controls can take the focus (egui keeps it off
    // the layers below), so a focus that is not the one from before it opened is inside it.
    // (Not `read_response`: reading a widget's response in a pass with a click elsewhere
    // takes the focus from it.)
    let home = ctx.data_mut(|d| {
        let open = d.get_temp_mut_or_default::<Open>(state_id());
        if open.dialogs.is_empty() && open.home.is_none() {
            open.home = focused;
        }
        open.home
    });
    let in_dialog = |focused: Option<Id>| focused.is_some() && focused != home;
    let focus_here = in_dialog(focused);
    let wants_focus = ctx.data_mut(|d| {
        let open = d.get_temp_mut_or_default::<Open>(state_id());
        let i = match open.dialogs.iter().position(|d| d.id == id) {
            Some(i) if open.dialogs[i].last_pass + 1 >= pass => i,
            found => {
                // Newly opened (or opened again after a pass away).
                let fresh = Dialog { id, last_pass: pass, focus_tries: FOCUS_TRIES };
                match found {
                    Some(i) => open.dialogs[i] = fresh,
                    None => open.dialogs.push(fresh),
                }
                found.unwrap_or(open.dialogs.len() - 1)
            }
        };
        let dialog = &mut open.dialogs[i];
        dialog.last_pass = pass;
        if focus_here {
            dialog.focus_tries = 0;
        }
        // Some(true) on the first try, Some(false) on the later ones, None when done.
        let wants = (dialog.focus_tries > 0).then_some(dialog.focus_tries == FOCUS_TRIES);
        dialog.focus_tries = dialog.focus_tries.saturating_sub(1);
        wants
    });
    if wants_focus == Some(true) || (wants_focus == Some(false) && focused.is_none()) {
        // The first control drawn below takes the focus, as if the user had pressed Tab
        // with nothing focused; a dialog that asks for the focus itself overrides this.
        ctx.memory_mut(|m| {
            m.stop_text_input();
            m.move_focus(egui::FocusDirection::Next);
        });
    }
    let modal = egui::Modal::new(id).show(ctx, |ui| {
        ui.set_max_width(max_width);
        let heading = ui.heading(title);
        // The dialog is named by its heading, and is modal, for a screen reader.
        if let Some(dialog) = ui.stack().iter().find(|s| s.kind() == Some(egui::UiKind::Modal)) {
            ctx.accesskit_node_builder(dialog.unique_id, |node| {
                node.push_labelled_by(heading.id.accesskit_id());
                node.set_modal();
            });
        }
        content(ui)
    });
    let now = ctx.memory(|m| m.focused());
    ctx.data_mut(|d| {
        let open = d.get_temp_mut_or_default::<Open>(state_id());
        if in_dialog(now) {
            open.inside = now;
            if wants_focus.is_some() {
                open.dialogs.iter_mut().filter(|d| d.id == id).for_each(|d| d.focus_tries = 0);
            }
        }
    });
    // Not `should_close()`: choosing in a drop-down list inside closes that list, and the
    // close would reach the dialog and throw the user's work away.
    let escape = modal.is_top_modal
        && !modal.any_popup_open
        && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
    Shown { inner: modal.inner, cancelled: escape || modal.backdrop_response.clicked() }
}

/// Call once at the end of every pass: when the last open dialog was not shown this pass,
/// the focus goes back to the widget that had it before the first dialog opened, unless
/// something (a command the dialog ran) has put it somewhere else since.
pub fn end_pass(ctx: &egui::Context) {
    let pass = ctx.cumulative_pass_nr();
    let focused = ctx.memory(|m| m.focused());
    let home = ctx.data_mut(|d| {
        let open = d.get_temp_mut_or_default::<Open>(state_id());
        if open.dialogs.is_empty() {
            return None;
        }
        open.dialogs.retain(|d| d.last_pass == pass);
        if !open.dialogs.is_empty() {
            return None;
        }
        let (home, inside) = (open.home.take(), open.inside.take());
        (focused.is_none() || focused == inside).then_some(home).flatten()
    });
    if let Some(home) = home {
        ctx.memory_mut(|m| m.request_focus(home));
    }
}

/// Whether any dialog was shown this pass or the one before (views leave the keyboard
/// alone while one is open).
pub fn any_open(ctx: &egui::Context) -> bool {
    ctx.data(|d| d.get_temp::<Open>(state_id())).is_some_and(|o| !o.dialogs.is_empty())
}
