//! Asking before unsaved work is lost. Unsaved work is both what the register holds and the
//! file does not (● in the title), and what a record form holds and the register does not:
//! text typed into a form counts the same. Quitting, opening another register, choosing
//! another row, starting a new record and Esc in a form all come here, and the user answers
//! with the same three choices: save, throw away, or go back.

use super::{Answer, App, Command, Doc, Register, View};
use crate::model::RecordKind;
use eframe::egui;
use std::path::PathBuf;

/// What waits for an answer about unsaved changes.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    Quit,
    Open(PathBuf),
    New(PathBuf),
    /// Choose another record while the form of its kind has edits.
    Select(RecordKind, String),
    /// Start a new record while the form of its kind has edits.
    NewRecord(RecordKind),
    /// Esc in a form with edits.
    CloseForm(RecordKind),
}

impl Pending {
    /// The form this is about, for the three that concern one form only.
    fn form(&self) -> Option<RecordKind> {
        match self {
            Self::Select(k, _) | Self::NewRecord(k) | Self::CloseForm(k) => Some(*k),
            Self::Quit | Self::Open(_) | Self::New(_) => None,
        }
    }
}

/// «kontakt «Kari»» → «Kontakt «Kari»».
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

impl App {
    /// Unsaved work exists: in the register, or typed into a form.
    pub(super) fn dirty(&self) -> bool {
        self.doc.as_ref().is_some_and(Doc::is_dirty) || self.views.any_form_modified()
    }

    /// Quit, asking first when work is unsaved. The Quit command and the window's close
    /// button both come here.
    pub fn request_quit(&mut self, ctx: &egui::Context) {
        if self.dirty() && !self.quitting {
            self.pending = Some(Pending::Quit);
        } else {
            self.quitting = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// Runs `action` now, or asks first when it would lose unsaved work.
    pub(super) fn guarded(&mut self, action: Pending) {
        let ask = match action.form() {
            Some(kind) => match (&action, self.views.form(kind)) {
                (Pending::Select(_, id), Some(f)) => f.is_modified() && f.selected_id() != Some(id.as_str()),
                (_, Some(f)) => f.is_modified(),
                (_, None) => false,
            },
            None => self.dirty(),
        };
        if ask {
            self.pending = Some(action);
        } else {
            self.carry_out(action);
        }
    }

    /// Does what was asked for, once nothing unsaved stands in the way.
    pub(super) fn carry_out(&mut self, action: Pending) {
        match action {
            Pending::Quit => self.quitting = true,
            Pending::Open(path) => self.open_path(path),
            Pending::New(path) => {
                let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                let reg = Register::new(&name);
                match crate::store::save(&path, &reg) {
                    Ok(()) => self.replace_doc(path, reg),
                    Err(e) => self.toast(format!("Kunne ikke lage registeret: {e}"), true),
                }
            }
            Pending::Select(kind, id) => {
                let editing = self
                    .views
                    .form(kind)
                    .is_some_and(|f| f.is_modified() && f.selected_id() == Some(id.as_str()));
                // Already open with edits: show it as it is, do not load it afresh.
                self.view = if editing { View::for_kind(kind) } else { self.views.open(kind, &id) };
            }
            Pending::NewRecord(kind) => {
                if let Some(doc) = &self.doc {
                    self.view = self.views.new_record(kind, &doc.register);
                }
            }
            Pending::CloseForm(_) => {}
        }
    }

    /// Puts what the forms hold (all, or the one of `kind`) into the register, as «Lagre»
    /// in each would. A form with errors stops it; nothing is committed then.
    pub(super) fn commit_forms(&mut self, kind: Option<RecordKind>) -> Result<(), String> {
        let Some(doc) = &self.doc else { return Ok(()) };
        let reg = std::sync::Arc::clone(&doc.register);
        let edits = match kind {
            Some(k) => self.views.commit_form(&reg, k)?,
            None => self.views.commit_forms(&reg)?,
        };
        for edit in edits {
            self.handle_apply(edit, None);
        }
        Ok(())
    }

    /// The question, while one waits for an answer.
    pub(super) fn unsaved_guard(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.quitting {
            if self.dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.pending = Some(Pending::Quit);
            } else {
                self.quitting = true;
            }
        }
        let Some(pending) = self.pending.clone() else { return };
        let form_only = pending.form();
        let forms: Vec<(String, Vec<String>)> = self
            .views
            .modified_forms()
            .into_iter()
            .filter(|f| form_only.is_none_or(|k| f.kind() == k))
            .map(|f| (f.title(), f.errors().to_vec()))
            .collect();
        let register_dirty = self.doc.as_ref().is_some_and(Doc::is_dirty);
        let blocked = forms.iter().any(|(_, errors)| !errors.is_empty());
        let (heading, question, save, discard) = match &pending {
            Pending::Quit => (
                "Endringer er ikke lagret",
                "Vil du lagre endringene før du avslutter?",
                "Lagre og avslutt",
                "Avslutt uten å lagre",
            ),
            Pending::Open(_) | Pending::New(_) => (
                "Endringer er ikke lagret",
                "Vil du lagre endringene før du bytter register?",
                "Lagre og fortsett",
                "Fortsett uten å lagre",
            ),
            Pending::Select(..) | Pending::NewRecord(_) | Pending::CloseForm(_) => (
                "Endringene i skjemaet er ikke lagret",
                "Vil du lagre endringene i registeret?",
                "Lagre endringene",
                "Forkast endringene",
            ),
        };
        let mut choice = None;
        let modal =
            super::widgets::dialog::show(ctx, "ulagret", heading, super::theme::size::DIALOG_NARROW, |ui| {
                for (title, errors) in &forms {
                    ui.label(format!("{} har endringer i skjemaet som ikke er lagret.", capitalised(title)));
                    if !errors.is_empty() {
                        ui.colored_label(
                            super::theme::colors(ui).error,
                            format!("Skjemaet kan ikke lagres før dette er rettet: {}", errors.join("; ")),
                        );
                    }
                }
                if form_only.is_none() && register_dirty {
                    ui.label("Registeret har endringer som ikke er lagret i filen.");
                }
                ui.label(question);
                ui.add_space(super::theme::space::SECTION);
                ui.horizontal(|ui| {
                    let tip = if blocked { "Rett feilene i skjemaet først" } else { "" };
                    let r = ui.add_enabled(!blocked, egui::Button::new(save));
                    if r.clicked() {
                        choice = Some(Answer::Save);
                    }
                    if blocked {
                        r.on_disabled_hover_text(tip);
                    }
                    if ui.button(discard).clicked() {
                        choice = Some(Answer::Discard);
                    }
                    if ui.button("Avbryt").clicked() {
                        choice = Some(Answer::Cancel);
                    }
                });
            });
        if modal.cancelled && choice.is_none() {
            choice = Some(Answer::Cancel);
        }
        if let Some(answer) = choice {
            self.commands.push(Command::Answer(answer));
        }
    }

    /// Carries out the answer to the question about unsaved work.
    pub(super) fn answer(&mut self, ctx: &egui::Context, answer: Answer) {
        let Some(pending) = self.pending.clone() else { return };
        let form_only = pending.form();
        match answer {
            Answer::Save => {
                self.pending = None;
                if let Err(e) = self.commit_forms(form_only) {
                    self.toast(format!("Skjemaet er ikke lagret: {e}"), true);
                    return;
                }
                if form_only.is_some() {
                    self.finish(ctx, pending);
                    return;
                }
                self.save(false);
                if !self.dirty() {
                    self.finish(ctx, pending);
                }
            }
            Answer::Discard => {
                self.pending = None;
                match form_only {
                    Some(kind) => self.views.discard_form(kind),
                    None => self.views.discard_forms(),
                }
                self.finish(ctx, pending);
            }
            Answer::Cancel => self.pending = None,
        }
    }

    fn finish(&mut self, ctx: &egui::Context, pending: Pending) {
        let quit = pending == Pending::Quit;
        self.carry_out(pending);
        if quit {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// Opening a record, starting a new one or closing a form asks first when that view's
    /// form has edits.
    pub(super) fn ask_for_form(&mut self, action: Pending) {
        self.guarded(action);
        if let Some(kind) = self.pending.as_ref().and_then(Pending::form) {
            // Show the form the question is about.
            self.view = View::for_kind(kind);
        }
    }
}
