//! Working on a shared register: a colleague's save is noticed and loaded (or merged when
//! we save), and true conflicts go to the user in a dialog.

use super::{App, widgets};
use eframe::egui;
use std::time::Duration;

impl App {
    /// Reacts to a colleague's save: reload when we have no changes of our own, otherwise
    /// say once that the changes will be merged when we save.
    pub(super) fn watch_file(&mut self, ctx: &egui::Context) {
        let Some(watch) = &mut self.watch else { return };
        // Polling needs a frame now and then even when the user does nothing.
        ctx.request_repaint_after(Duration::from_secs(2));
        if !watch.changed() {
            return;
        }
        let Some(doc) = &mut self.doc else { return };
        if doc.is_dirty() {
            if !self.told_of_change {
                self.told_of_change = true;
                self.toast("En annen har lagret registeret. Endringene slås sammen når du lagrer.", false);
            }
            return;
        }
        match crate::store::load_hashed(&doc.path) {
            Ok((reg, hash)) => {
                doc.reload(reg, Some(hash));
                watch.mark_seen();
                self.toast("Registeret er oppdatert med endringer en annen har lagret", false);
            }
            // Half-written by a tool that does not save atomically, or broken by hand: keep
            // what we have and say so; the next change on disk is looked at again.
            Err(e) => self.toast(format!("Registerfilen er endret, men kan ikke leses: {e}"), true),
        }
    }

    pub(super) fn conflict_dialog(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &mut self.conflicts else { return };
        match dialog.show(ctx) {
            widgets::conflicts::Outcome::Open => {}
            widgets::conflicts::Outcome::Cancel => {
                self.conflicts = None;
                self.toast("Ikke lagret. Endringene dine er fortsatt her.", false);
            }
            widgets::conflicts::Outcome::Save => {
                let Some(dialog) = self.conflicts.take() else { return };
                let Some(doc) = &mut self.doc else { return };
                let resolved = dialog.conflicts.merge.finish(&dialog.choices);
                match doc.save_resolved(&dialog.conflicts.theirs, resolved) {
                    Ok(()) => {
                        if let Some(w) = &mut self.watch {
                            w.mark_seen();
                        }
                        self.told_of_change = false;
                        self.toast("Lagret med valgene dine", false);
                    }
                    Err(crate::store::commit::CommitError::Conflicts(c)) => {
                        // Someone saved yet again in between: ask about the new conflicts.
                        self.conflicts = Some(widgets::conflicts::ConflictDialog::new(*c));
                    }
                    Err(e) => self.toast(format!("Kunne ikke lagre: {}", e.in_window()), true),
                }
            }
        }
    }
}
