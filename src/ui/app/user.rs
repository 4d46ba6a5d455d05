//! Who is working: on the first start (no name in the preferences) Samkart asks for the
//! user's name once, because it is written into the change log and into every revision the
//! user records. The answer is kept in the preferences; Innstillinger can change it.

use super::{App, Command};
use eframe::egui;

/// The question, while it waits for an answer.
pub(super) struct NamePrompt {
    pub name: String,
    focused: bool,
}

impl NamePrompt {
    pub fn new() -> Self {
        Self { name: String::new(), focused: false }
    }
}

impl App {
    /// Asks for the user's name until it is given (or skipped, which keeps the login name
    /// when there is one).
    pub(super) fn name_prompt(&mut self, ctx: &egui::Context) {
        let Some(prompt) = &mut self.name_prompt else { return };
        let mut answer: Option<String> = None;
        let mut skip = false;
        let shown = super::widgets::dialog::show(
            ctx,
            "hvem-er-du",
            "Velkommen til Samkart",
            super::theme::size::DIALOG_NARROW,
            |ui| {
                ui.label(
                    "Hva heter du? Navnet står i endringsloggen og i revisjonene du registrerer, \
                 så kollegene ser hvem som har gjort hva. Du kan endre det i Innstillinger.",
                );
                ui.add_space(super::theme::space::GROUP);
                let enter = ui.horizontal(|ui| {
                    let l = ui.label("Ditt navn");
                    let field = ui
                        .add(egui::TextEdit::singleline(&mut prompt.name).hint_text("Fornavn Etternavn"))
                        .labelled_by(l.id);
                    if !prompt.focused {
                        field.request_focus();
                        prompt.focused = true;
                    }
                    field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
                });
                let ready = !prompt.name.trim().is_empty();
                ui.add_space(super::theme::space::GROUP);
                ui.horizontal(|ui| {
                    if ui.add_enabled(ready, egui::Button::new("Bruk navnet")).clicked()
                        || (enter.inner && ready)
                    {
                        answer = Some(prompt.name.trim().to_owned());
                    }
                    if ui.button("Hopp over").on_hover_text("Bruk brukernavnet på maskinen").clicked() {
                        skip = true;
                    }
                });
            },
        );
        skip |= shown.cancelled;
        if skip {
            // The login name, when the system has one; else none (asked again next start).
            let login = std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_default();
            answer = Some(login.trim().to_owned());
        }
        if let Some(name) = answer {
            self.name_prompt = None;
            let mut prefs = self.prefs.clone();
            prefs.user_name = name;
            self.commands.push(Command::SetPrefs(Box::new(prefs)));
        }
    }
}
