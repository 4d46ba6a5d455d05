//! Commands that reach past the window: an edit applied to the register (with its line in
//! the change log, and never with a national identity number), and text put on the system
//! clipboard.

use super::{App, View};
use eframe::egui;

impl App {
    /// Applies an edit, logged with `text` or else the edit's own description. The core's
    /// guard refuses the whole edit (a national identity number, a text over its maximum)
    /// and says where.
    pub(super) fn handle_apply(&mut self, edit: crate::edit::Edit, text: Option<String>) {
        let Some(doc) = &mut self.doc else { return };
        let applied = match text {
            Some(text) => doc.apply_as(edit, text),
            None => doc.apply(edit),
        };
        if let Err(e) = applied {
            self.toast(e.to_string(), true);
        }
    }

    /// Puts `text` on the system clipboard and says so.
    pub(super) fn copy(&mut self, ctx: &egui::Context, text: String, what: &str) {
        ctx.copy_text(text.clone());
        self.toast(format!("Kopiert {what}: {text}"), false);
    }

    /// The phone number (telefon, else mobil) of the contact chosen in Kontakter (when it
    /// is shown) or Søk, as it is pasted; a service chosen in Søk gives its own number.
    pub(super) fn chosen_phone(&self) -> Option<String> {
        use crate::model::{Contact, RecordKind, format::phone_for_copy};
        let reg = &self.doc.as_ref()?.register;
        let of_contact = |c: &Contact| {
            [&c.phone.value, &c.mobile.value]
                .into_iter()
                .find(|v| !v.trim().is_empty())
                .map(|v| phone_for_copy(v))
        };
        if self.view == View::Contacts {
            let id = self.views.contacts.selected.as_deref()?;
            return reg.contact(&id.into()).and_then(of_contact);
        }
        let hit = self.views.search.selected_hit(&self.derived, reg)?;
        match hit.kind {
            RecordKind::Contact => reg.contacts.get(hit.pos).and_then(of_contact),
            RecordKind::Service => reg
                .services
                .get(hit.pos)
                .map(|s| &s.phone)
                .filter(|p| !p.trim().is_empty())
                .map(|p| phone_for_copy(p)),
            _ => None,
        }
    }
}
