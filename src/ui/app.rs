//! The application: owns the open register ([`Doc`]), the per-view state and the derived
//! state, and applies every [`Command`] in one place.

mod actions;
mod files;
mod sharing;
mod unsaved;
mod user;

pub use files::{FileDialog, native_file_dialog};
pub use unsaved::Pending;

pub use super::ctx::{BACKGROUND_FROM, Derived, ViewCtx};
pub use super::prefs::Prefs;

use super::command::{Action, Answer, Command, Menu, View, shortcut_text, with_shortcuts};
use super::export_dialog::{self, ExportDialog};
use super::import_dialog::{self, ImportDialog};
use super::theme;
use super::views::{self, Views};
use super::widgets;
use crate::model::Register;
use crate::store::session::Doc;
use chrono::NaiveDate;
use eframe::egui;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A short message at the bottom of the window.
struct Toast {
    text: String,
    error: bool,
    until: Instant,
}

/// The top-level state of the window.
pub struct App {
    /// The open register; `None` when it could not be loaded (see `load_error`).
    pub doc: Option<Doc>,
    /// Why the register could not be opened. A register that failed to load is never
    /// written to.
    pub load_error: Option<(PathBuf, String)>,
    pub view: View,
    pub views: Views,
    pub derived: Derived,
    pub prefs: Prefs,
    /// The date the checks are made against (today; fixed in tests).
    pub today: NaiveDate,
    /// How file dialogs are shown; tests replace it so no native dialog ever opens.
    pub pick_file: fn(FileDialog) -> Option<PathBuf>,
    /// How long after the last change autosave waits.
    pub autosave_delay: Duration,
    commands: Vec<Command>,
    toasts: Vec<Toast>,
    /// An action waiting for the answer to «Endringer er ikke lagret».
    pub pending: Option<Pending>,
    /// The user chose to quit (after saving or discarding).
    quitting: bool,
    palette: Option<widgets::palette::Palette>,
    /// The open «Importer» dialog.
    pub import: Option<ImportDialog>,
    /// The open «Eksporter» dialog.
    pub export: Option<ExportDialog>,
    /// The revision that last changed, and when (for autosave).
    changed_at: Option<(u64, Instant)>,
    /// Autosave failed at this revision; not retried until the next change.
    autosave_failed: Option<u64>,
    title: String,
    /// Notices when a colleague saves the register file.
    watch: Option<crate::store::watch::FileWatch>,
    /// A colleague saved while we have unsaved changes; told once, merged on save.
    told_of_change: bool,
    /// Conflicting edits waiting for the user's choice.
    pub conflicts: Option<widgets::conflicts::ConflictDialog>,
    /// «Hva heter du?», on the first start.
    name_prompt: Option<user::NamePrompt>,
}

impl App {
    /// Loads `path`; a failure is shown in the window, not written anywhere.
    pub fn open(path: PathBuf, prefs: Prefs) -> Self {
        let today = chrono::Local::now().date_naive();
        match crate::store::load_hashed(&path) {
            Ok((reg, hash)) => {
                let mut app = Self::with_register(path, reg, today, prefs);
                app.doc = app.doc.take().map(|d| d.loaded_with_hash(hash));
                app
            }
            Err(e) => {
                let mut app = Self::empty(today, prefs);
                app.load_error = Some((path, e.to_string()));
                app
            }
        }
    }

    /// An app on an already loaded register, checked against `today` (tests).
    pub fn with_register(path: PathBuf, register: Register, today: NaiveDate, prefs: Prefs) -> Self {
        let mut app = Self::empty(today, prefs);
        app.watch = Some(crate::store::watch::FileWatch::new(&path));
        app.doc = Some(Doc::new(path, register, app.prefs.user_name.clone()));
        app
    }

    fn empty(today: NaiveDate, prefs: Prefs) -> Self {
        let prefs_without_name = prefs.user_name.trim().is_empty();
        Self {
            doc: None,
            load_error: None,
            view: View::Search,
            views: Views::default(),
            derived: Derived::default(),
            prefs,
            today,
            pick_file: native_file_dialog,
            autosave_delay: Duration::from_secs(3),
            commands: Vec::new(),
            toasts: Vec::new(),
            pending: None,
            quitting: false,
            palette: None,
            import: None,
            export: None,
            changed_at: None,
            autosave_failed: None,
            title: String::new(),
            watch: None,
            told_of_change: false,
            conflicts: None,
            name_prompt: prefs_without_name.then(user::NamePrompt::new),
        }
    }

    /// Queues a command, as a button or shortcut would.
    pub fn send(&mut self, command: impl Into<Command>) {
        self.commands.push(command.into());
    }

    /// The user chose to quit and the window is closing.
    pub fn is_quitting(&self) -> bool {
        self.quitting
    }

    /// The window title, with «●» first while changes are unsaved.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The command palette is open.
    pub fn palette_open(&self) -> bool {
        self.palette.is_some()
    }

    fn toast(&mut self, text: impl Into<String>, error: bool) {
        let secs = if error { 8 } else { 4 };
        self.toasts.push(Toast {
            text: text.into(),
            error,
            until: Instant::now() + Duration::from_secs(secs),
        });
    }

    /// Carries out one command.
    fn handle(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Run(action) => self.run(ctx, action),
            Command::Open(kind, id) => self.ask_for_form(Pending::Select(kind, id)),
            Command::CloseForm(kind) => self.ask_for_form(Pending::CloseForm(kind)),
            Command::Apply(edit) => self.handle_apply(edit, None),
            Command::ApplyAs(edit, text) => self.handle_apply(edit, Some(text)),
            Command::Copy { text, what } => self.copy(ctx, text, &what),
            Command::AskToConfirm(id) => {
                let Some(doc) = &self.doc else { return };
                let id = crate::model::ContactId::new(id);
                match crate::exchange::verify::request(&doc.register, &id, &self.prefs.user_name) {
                    Ok(request) => {
                        ctx.open_url(egui::OpenUrl::new_tab(crate::exchange::verify::mailto(&request)));
                        self.toast(format!("Åpner e-postprogrammet: e-post til {}", request.name), false);
                    }
                    Err(e) => self.toast(format!("Kan ikke be om bekreftelse: {e}"), true),
                }
            }
            Command::ExportPreset(dialog) => self.export = Some(*dialog),
            Command::SetPrefs(prefs) => {
                self.prefs = *prefs;
                self.prefs.zoom = self.prefs.zoom.clamp(0.6, 2.5);
                if let Some(doc) = &mut self.doc {
                    doc.user = self.prefs.user_name.clone();
                }
            }
            Command::Answer(answer) => self.answer(ctx, answer),
        }
    }

    /// Carries out one action.
    fn run(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::New(kind) => self.ask_for_form(Pending::NewRecord(kind)),
            Action::Show(v) => {
                self.views.focus_first |= v != self.view;
                self.view = v;
                if v == View::Search {
                    self.views.search.focus = true;
                }
            }
            Action::CopyPhone => match self.chosen_phone() {
                Some(phone) => self.copy(ctx, phone, "telefonnummer"),
                None => self.toast("Velg en kontakt med telefonnummer i Søk eller Kontakter først", true),
            },
            Action::Undo => {
                if let Some(text) = self.doc.as_mut().and_then(Doc::undo) {
                    self.toast(format!("Angret: {text}"), false);
                }
            }
            Action::Redo => {
                if let Some(text) = self.doc.as_mut().and_then(Doc::redo) {
                    self.toast(format!("Gjort om: {text}"), false);
                }
            }
            Action::Save => {
                // What is typed into a form is saved too; a form with errors is not.
                if let Err(e) = self.commit_forms(None) {
                    self.toast(format!("Skjemaet er ikke lagret: {e}"), true);
                }
                self.save(false);
            }
            Action::SaveAs => {
                if self.doc.is_some()
                    && let Some(path) = (self.pick_file)(FileDialog::SaveAs)
                {
                    self.save_as(path);
                }
            }
            Action::OpenFile => {
                if let Some(path) = (self.pick_file)(FileDialog::Open) {
                    self.guarded(Pending::Open(path));
                }
            }
            Action::NewRegister => {
                if let Some(path) = (self.pick_file)(FileDialog::New) {
                    self.guarded(Pending::New(path));
                }
            }
            Action::Import => {
                if self.doc.is_some()
                    && let Some(path) = (self.pick_file)(FileDialog::Import)
                {
                    self.start_import(path);
                }
            }
            Action::Export => self.export = Some(ExportDialog::default()),
            Action::RequestVerification => {
                if self.doc.is_some()
                    && let Some(dir) = (self.pick_file)(FileDialog::Drafts)
                {
                    let _ = self.request_verification(&dir);
                }
            }
            Action::Palette => {
                self.palette = match self.palette {
                    Some(_) => None,
                    None => Some(widgets::palette::Palette::default()),
                }
            }
            Action::FocusSearch => {
                self.view = View::Search;
                self.views.search.focus = true;
            }
            Action::ZoomIn => self.prefs.zoom = (self.prefs.zoom + 0.1).min(2.5),
            Action::ZoomOut => self.prefs.zoom = (self.prefs.zoom - 0.1).max(0.6),
            Action::ZoomReset => self.prefs.zoom = 1.0,
            Action::ToggleTheme => self.prefs.dark = !self.prefs.dark,
            Action::Quit => self.request_quit(ctx),
        }
    }

    /// Reads a spreadsheet and opens the import dialog on it; the register does not change
    /// until the user presses «Importer». The file dialog and tests both come here.
    pub fn start_import(&mut self, path: PathBuf) {
        if self.doc.is_none() {
            return;
        }
        match ImportDialog::new(path) {
            Ok(d) => self.import = Some(d),
            Err(e) => self.toast(e, true),
        }
    }

    /// Writes the register as `format` to `path` (a folder for CSV, vCard per contact and
    /// HSDS) and says so in a toast. The file dialog and tests both come here.
    pub fn export_to(
        &mut self,
        format: crate::exchange::Format,
        options: &crate::exchange::ExportOptions,
        path: &Path,
    ) -> Result<(), String> {
        let Some(doc) = &self.doc else { return Err("Ingen register er åpent".into()) };
        let files = crate::exchange::export(format, &doc.register, self.today, options);
        let result = crate::exchange::write::write_export(format, &files, path, Some(&doc.path))
            .map(|_| ())
            .map_err(|e| e.to_string());
        match &result {
            Ok(()) => self.toast(format!("Eksportert til {}", path.display()), false),
            Err(e) => self.toast(e.clone(), true),
        }
        result
    }

    /// Writes an e-mail draft to each contact the review flags as not verified into `dir`
    /// (the core's [`crate::exchange::verify`], as `samkart request-verification` does) and
    /// says how many in a toast. The folder dialog and tests both come here.
    pub fn request_verification(&mut self, dir: &Path) -> Result<usize, String> {
        let Some(doc) = &self.doc else { return Err("Ingen register er åpent".into()) };
        let drafts = crate::exchange::verify::drafts(
            &doc.register,
            self.today,
            None,
            &self.prefs.user_name,
            chrono::Utc::now(),
        );
        let result = if drafts.files.is_empty() {
            Ok(0)
        } else {
            crate::exchange::verify::write_drafts(dir, &drafts.files).map(|w| w.len())
        };
        let skipped = if drafts.skipped.is_empty() {
            String::new()
        } else {
            format!(" {} uten brukbar e-postadresse fikk ikke noe.", drafts.skipped.len())
        };
        match &result {
            Ok(0) => self.toast(format!("Ingen kontakter å be om bekreftelse.{skipped}"), false),
            Ok(n) => self.toast(format!("Skrev {n} e-postutkast i {}.{skipped}", dir.display()), false),
            Err(e) => self.toast(e.clone(), true),
        }
        result
    }

    fn exchange_dialogs(&mut self, ctx: &egui::Context) {
        if let Some(dialog) = &mut self.import {
            let outcome = match &self.doc {
                Some(doc) => dialog.show(ctx, &doc.register, doc.revision, self.today),
                None => import_dialog::Outcome::Cancel,
            };
            match outcome {
                import_dialog::Outcome::Open => {}
                import_dialog::Outcome::Cancel => self.import = None,
                import_dialog::Outcome::Import(edit) => {
                    self.import = None;
                    self.commands.push(Command::Apply(edit));
                }
            }
        }
        if let Some(dialog) = &mut self.export {
            let outcome = match &self.doc {
                Some(doc) => dialog.show(ctx, &doc.register),
                None => export_dialog::Outcome::Cancel,
            };
            match outcome {
                export_dialog::Outcome::Open => {}
                export_dialog::Outcome::Cancel => self.export = None,
                export_dialog::Outcome::Export(format, options) => {
                    self.export = None;
                    if let Some(path) = (self.pick_file)(FileDialog::Export(format, options.report)) {
                        let _ = self.export_to(format, &options, &path);
                    }
                }
            }
        }
    }

    /// Opens another register file; on failure the current one stays open.
    pub fn open_path(&mut self, path: PathBuf) {
        match crate::store::load_hashed(&path) {
            Ok((reg, hash)) => {
                self.replace_doc(path, reg);
                self.doc = self.doc.take().map(|d| d.loaded_with_hash(hash));
            }
            Err(e) => self.toast(format!("Kunne ikke åpne {}: {e}", path.display()), true),
        }
    }

    fn replace_doc(&mut self, path: PathBuf, reg: Register) {
        let name = file_name(&path);
        self.watch = Some(crate::store::watch::FileWatch::new(&path));
        self.told_of_change = false;
        self.conflicts = None;
        self.doc = Some(Doc::new(path, reg, self.prefs.user_name.clone()));
        self.load_error = None;
        self.derived = Derived::default();
        self.views = Views::default();
        self.changed_at = None;
        self.autosave_failed = None;
        self.toast(format!("Åpnet {name}"), false);
    }

    fn save(&mut self, automatic: bool) {
        let Some(doc) = &mut self.doc else { return };
        let revision = doc.revision;
        match doc.save() {
            Ok(merged) => {
                let name = file_name(&doc.path);
                let how = if automatic { "Lagret automatisk" } else { "Lagret" };
                let also = if merged { ", sammen med endringene en annen har lagret" } else { "" };
                self.toast(format!("{how} {name}{also}"), false);
                self.told_of_change = false;
                if let Some(w) = &mut self.watch {
                    w.mark_seen();
                }
            }
            Err(crate::store::commit::CommitError::Conflicts(c)) => {
                if automatic {
                    self.autosave_failed = Some(revision);
                }
                self.conflicts = Some(widgets::conflicts::ConflictDialog::new(*c));
            }
            Err(e) => {
                if automatic {
                    self.autosave_failed = Some(revision);
                }
                self.toast(format!("Kunne ikke lagre: {}", e.in_window()), true);
            }
        }
    }

    fn save_as(&mut self, path: PathBuf) {
        let Some(doc) = &mut self.doc else { return };
        let old = std::mem::replace(&mut doc.path, path);
        if let Err(e) = doc.save_plain() {
            doc.path = old;
            self.toast(format!("Kunne ikke lagre: {e}"), true);
        } else {
            let name = file_name(&doc.path);
            self.watch = Some(crate::store::watch::FileWatch::new(&doc.path));
            self.told_of_change = false;
            self.toast(format!("Lagret som {name}"), false);
        }
    }

    /// Saves a while after the last change when the user asked for autosave.
    fn autosave(&mut self, ctx: &egui::Context) {
        let Some(doc) = &self.doc else { return };
        let revision = doc.revision;
        if self.changed_at.is_none_or(|(r, _)| r != revision) {
            self.changed_at = Some((revision, Instant::now()));
        }
        if !self.prefs.autosave || !doc.is_dirty() || self.autosave_failed == Some(revision) {
            return;
        }
        let Some((_, at)) = self.changed_at else { return };
        let elapsed = at.elapsed();
        if elapsed >= self.autosave_delay {
            self.save(true);
        } else {
            ctx.request_repaint_after(self.autosave_delay - elapsed);
        }
    }

    fn window_title(&self) -> String {
        match &self.doc {
            Some(doc) => {
                let file = file_name(&doc.path);
                let mark = if self.dirty() { "● " } else { "" };
                let name = if doc.register.name.is_empty() {
                    String::new()
                } else {
                    format!(" – {}", doc.register.name)
                };
                format!("{mark}Samkart{name} – {file}")
            }
            None => "Samkart".to_owned(),
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        // A focused text field keeps Ctrl+Z / Ctrl+Y while it has typing of its own to undo.
        let typing = super::command::field_has_own_history(ctx);
        for (shortcut, command) in with_shortcuts() {
            if typing && matches!(command, Action::Undo | Action::Redo) {
                continue;
            }
            if ctx.input_mut(|i| super::command::consume(i, &shortcut)) {
                self.commands.push(command.into());
            }
        }
    }

    fn menu_bar(&mut self, ui: &mut egui::Ui) {
        let item = |ui: &mut egui::Ui, c: Action, enabled: bool, out: &mut Vec<Command>| {
            let shortcut = c.shortcut().map(|s| shortcut_text(ui.ctx(), &s)).unwrap_or_default();
            let b = egui::Button::new(c.label()).shortcut_text(shortcut);
            if ui.add_enabled(enabled, b).on_hover_text(c.tooltip()).clicked() {
                out.push(c.into());
                ui.close();
            }
        };
        let (can_undo, can_redo) = self.doc.as_ref().map_or((false, false), |d| (d.can_undo(), d.can_redo()));
        let has_doc = self.doc.is_some();
        let enabled = |c: Action| match c {
            Action::Save | Action::SaveAs | Action::Import | Action::Export => has_doc,
            Action::Undo => can_undo,
            Action::Redo => can_redo,
            _ => true,
        };
        let mut out = Vec::new();
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in Menu::ALL {
                ui.menu_button(menu.label(), |ui| {
                    for entry in menu.entries() {
                        match entry {
                            Some(c) => {
                                let on = enabled(c);
                                item(ui, c, on, &mut out);
                            }
                            None => {
                                ui.separator();
                            }
                        }
                    }
                });
            }
        });
        self.commands.extend(out);
    }

    fn tabs(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            for v in View::ALL {
                let c = Action::Show(v);
                let tip = match c.shortcut() {
                    Some(s) => format!("Vis {} ({})", v.label(), shortcut_text(ui.ctx(), &s)),
                    None => format!("Vis {}", v.label()),
                };
                if ui.selectable_label(self.view == v, v.label()).on_hover_text(tip).clicked() {
                    self.commands.push(c.into());
                }
            }
        });
    }

    fn toasts_ui(&mut self, ui: &mut egui::Ui) {
        let now = Instant::now();
        self.toasts.retain(|t| t.until > now);
        for t in &self.toasts {
            let color = if t.error { theme::colors(ui).error } else { ui.visuals().text_color() };
            widgets::announce(&ui.colored_label(color, &t.text), t.error);
        }
        if let Some(next) = self.toasts.iter().map(|t| t.until).min() {
            ui.ctx().request_repaint_after(next.saturating_duration_since(now));
        }
    }

    /// Draws one frame. Public so tests can drive the app without eframe.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        theme::apply(&ctx, &self.prefs);
        self.shortcuts(&ctx);
        if let Some(doc) = &self.doc {
            self.derived.refresh(doc, self.today, &ctx);
        }

        egui::Panel::top("faner").show(ui, |ui| {
            self.menu_bar(ui);
            ui.add_space(theme::space::HAIR);
            self.tabs(ui);
            ui.add_space(theme::space::HAIR);
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                if let Some(doc) = &self.doc {
                    ui.label(doc.path.display().to_string());
                    let saved = if doc.is_dirty() {
                        ui.colored_label(theme::colors(ui).warning, "• Ikke lagret")
                    } else if self.views.any_form_modified() {
                        ui.colored_label(theme::colors(ui).warning, "• Skjemaet er ikke lagret")
                    } else {
                        ui.label("Lagret")
                    };
                    widgets::announce(&saved, false);
                    if self.derived.is_updating() {
                        ui.weak("Oppdaterer søk og gjennomgang …")
                            .on_hover_text("Søket og funnene viser registeret slik det var før siste endring til dette er ferdig.");
                    }
                }
            });
            self.toasts_ui(ui);
        });

        egui::CentralPanel::default().show(ui, |ui| {
            let Some(doc) = &self.doc else {
                if let Some((path, message)) = &self.load_error {
                    ui.heading("Registeret kunne ikke åpnes");
                    ui.label(path.display().to_string());
                    ui.colored_label(theme::colors(ui).error, message);
                    ui.label("Filen er ikke endret. Rett feilen i filen, eller åpne en annen fil.");
                    if ui.button(Action::OpenFile.label()).clicked() {
                        self.commands.push(Action::OpenFile.into());
                    }
                }
                return;
            };
            let mut vctx = ViewCtx {
                reg: &doc.register,
                revision: doc.revision,
                today: self.today,
                derived: &self.derived,
                user: &doc.user,
                commands: &mut self.commands,
                log: &doc.log,
                path: &doc.path,
                prefs: &self.prefs,
                can_undo: doc.can_undo(),
                can_redo: doc.can_redo(),
                dirty: doc.is_dirty(),
            };
            views::show(self.view, ui, &mut self.views, &mut vctx);
        });

        if let Some(palette) = &mut self.palette {
            match palette.show(&ctx) {
                widgets::palette::Outcome::Open => {}
                widgets::palette::Outcome::Close => self.palette = None,
                widgets::palette::Outcome::Run(c) => {
                    self.palette = None;
                    self.commands.push(c.into());
                }
            }
        }

        self.exchange_dialogs(&ctx);
        self.unsaved_guard(&ctx);
        self.name_prompt(&ctx);
        self.conflict_dialog(&ctx);
        self.watch_file(&ctx);

        let commands = std::mem::take(&mut self.commands);
        if !commands.is_empty() {
            // A command may open a dialog or switch view; draw that now, not on the next event.
            ctx.request_repaint();
        }
        for c in commands {
            self.handle(&ctx, c);
        }
        self.autosave(&ctx);
        widgets::dialog::end_pass(&ctx);

        let title = self.window_title();
        // The window's name for a screen reader: the title without the unsaved mark (the
        // status bar says «Ikke lagret» aloud).
        let name = title.trim_start_matches("● ").to_owned();
        ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| node.set_label(name));
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }
}
