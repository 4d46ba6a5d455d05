//! The command palette (Ctrl+K): every command by name, with its shortcut; type to filter,
//! arrow keys to choose, Enter to run, Escape to close.

use crate::ui::command::Action;
use crate::ui::theme;
use crate::ui::widgets::dialog;
use crate::ui::widgets::list_keys::ListKeys;
use eframe::egui;

#[derive(Default)]
pub struct Palette {
    pub query: String,
    pub selected: usize,
    focused: bool,
}

/// What the palette did this frame.
pub enum Outcome {
    Open,
    Close,
    Run(Action),
}

/// The palette's commands whose label or tooltip contains every word of `query`.
pub fn matches(query: &str) -> Vec<Action> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    Action::palette()
        .into_iter()
        .filter(|c| {
            let text = format!("{} {}", c.label(), c.tooltip()).to_lowercase();
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .collect()
}

impl Palette {
    pub fn show(&mut self, ctx: &egui::Context) -> Outcome {
        let list = matches(&self.query);
        let keys = ListKeys::read(ctx, true);
        let moved = keys.step(&mut self.selected, list.len());
        if let Some(c) = keys.chosen(&list, self.selected) {
            return Outcome::Run(*c);
        }

        let mut outcome = Outcome::Open;
        let shown = dialog::show(ctx, "kommandopalett", "Kommandopalett", theme::size::DIALOG_NARROW, |ui| {
            ui.set_width(theme::size::DIALOG_NARROW);
            let label = ui.label("Finn en kommando");
            let field = ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text("Skriv for å filtrere …")
                    .desired_width(f32::INFINITY),
            );
            let field = field.labelled_by(label.id);
            if !self.focused {
                field.request_focus();
                self.focused = true;
            }
            if field.changed() {
                self.selected = 0;
            }
            ui.add_space(theme::space::SMALL);
            egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                if list.is_empty() {
                    ui.label("Ingen kommandoer passer.");
                }
                super::list(ui, "Kommandoer", list.len(), |ui| {
                    for (i, c) in list.iter().enumerate() {
                        let shortcut = c
                            .shortcut()
                            .map(|s| crate::ui::command::shortcut_text(ctx, &s))
                            .unwrap_or_default();
                        let b = egui::Button::selectable(i == self.selected, c.label())
                            .shortcut_text(shortcut)
                            .min_size(egui::vec2(ui.available_width(), 22.0));
                        let r = ui.add(b);
                        super::list_item(&r, i, i == self.selected);
                        let r = r.on_hover_text(c.tooltip());
                        if i == self.selected && moved {
                            r.scroll_to_me(None);
                        }
                        if r.clicked() {
                            outcome = Outcome::Run(*c);
                        }
                    }
                });
            });
        });
        if matches!(outcome, Outcome::Open) && shown.cancelled {
            outcome = Outcome::Close;
        }
        outcome
    }
}
