//! The application: owns the open register ([`Doc`]), the per-view state and the derived
//! state, and applies every [`Command`] in one place.

use super::command::{Command, View, with_shortcuts};
use super::doc::Doc;
use super::theme;
use super::views::{self, Views};
use crate::model::Register;
use chrono::NaiveDate;
use eframe::egui;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Preferences kept between runs (eframe persistence), per user and machine.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// The user's name, recorded in the change log and revision history.
    pub user_name: String,
    pub dark: bool,
    pub zoom: f32,
    /// Save automatically a few seconds after each change.
    pub autosave: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Self { user_name: crate::store::lock::current_user(), dark: false, zoom: 1.0, autosave: false }
    }
}

/// State derived from the register, recomputed only when the register's revision moves —
/// never every frame.
#[derive(Default)]
pub struct Derived {
    /// The [`Doc::revision`] this was computed for.
    pub revision: Option<u64>,
    /// The review's findings for the current register.
    pub findings: Vec<crate::review::Finding>,
}

impl Derived {
    /// Recomputes if the register changed since the last call.
    pub fn refresh(&mut self, doc: &Doc, today: NaiveDate) {
        if self.revision == Some(doc.revision) {
            return;
        }
        self.revision = Some(doc.revision);
        self.findings = crate::review::review(&doc.register, today, &doc.register.settings);
    }
}

/// What a view gets each frame: the register to read, and a queue to send commands to.
pub struct ViewCtx<'a> {
    pub reg: &'a Register,
    pub today: NaiveDate,
    pub derived: &'a Derived,
    pub user: &'a str,
    pub commands: &'a mut Vec<Command>,
}

impl ViewCtx<'_> {
    pub fn send(&mut self, command: Command) {
        self.commands.push(command);
    }
}

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
    commands: Vec<Command>,
    toasts: Vec<Toast>,
    /// Asking whether to quit with unsaved changes.
    pub confirm_quit: bool,
    /// The user chose to quit (after saving or discarding).
    quitting: bool,
    title: String,
}

impl App {
    /// Loads `path`; a failure is shown in the window, not written anywhere.
    pub fn open(path: PathBuf, prefs: Prefs) -> Self {
        let today = chrono::Local::now().date_naive();
        match crate::store::load(&path) {
            Ok(reg) => Self::with_register(path, reg, today, prefs),
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
        app.doc = Some(Doc::new(path, register, app.prefs.user_name.clone()));
        app
    }

    fn empty(today: NaiveDate, prefs: Prefs) -> Self {
        Self {
            doc: None,
            load_error: None,
            view: View::Search,
            views: Views::default(),
            derived: Derived::default(),
            prefs,
            today,
            commands: Vec::new(),
            toasts: Vec::new(),
            confirm_quit: false,
            quitting: false,
            title: String::new(),
        }
    }

    /// Queues a command, as a button or shortcut would.
    pub fn send(&mut self, command: Command) {
        self.commands.push(command);
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
            Command::Show(v) => self.view = v,
            Command::Open(kind, id) => self.view = self.views.open(kind, &id),
            Command::Apply(edit) => {
                if let Some(doc) = &mut self.doc {
                    doc.apply(edit);
                }
            }
            Command::Undo => {
                if let Some(text) = self.doc.as_mut().and_then(Doc::undo) {
                    self.toast(format!("Angret: {text}"), false);
                }
            }
            Command::Redo => {
                if let Some(text) = self.doc.as_mut().and_then(Doc::redo) {
                    self.toast(format!("Gjort om: {text}"), false);
                }
            }
            Command::Save => self.save(),
            Command::ZoomIn => self.prefs.zoom = (self.prefs.zoom + 0.1).min(2.5),
            Command::ZoomOut => self.prefs.zoom = (self.prefs.zoom - 0.1).max(0.6),
            Command::ZoomReset => self.prefs.zoom = 1.0,
            Command::ToggleTheme => self.prefs.dark = !self.prefs.dark,
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::SaveAs
            | Command::OpenFile
            | Command::NewRegister
            | Command::Palette
            | Command::FocusSearch => {}
        }
    }

    fn save(&mut self) {
        let Some(doc) = &mut self.doc else { return };
        match doc.save() {
            Ok(()) => {
                let name = doc.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                self.toast(format!("Lagret {name}"), false);
            }
            Err(e) => self.toast(format!("Kunne ikke lagre: {e}"), true),
        }
    }

    fn window_title(&self) -> String {
        match &self.doc {
            Some(doc) => {
                let file = doc.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let mark = if doc.is_dirty() { "● " } else { "" };
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
        for (shortcut, command) in with_shortcuts() {
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.commands.push(command);
            }
        }
    }

    fn quit_guard(&mut self, ctx: &egui::Context) {
        let dirty = self.doc.as_ref().is_some_and(Doc::is_dirty);
        if ctx.input(|i| i.viewport().close_requested()) && dirty && !self.quitting {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.confirm_quit = true;
        }
        if !self.confirm_quit {
            return;
        }
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("avslutt")).show(ctx, |ui| {
            ui.heading("Endringer er ikke lagret");
            ui.label("Vil du lagre endringene før du avslutter?");
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Lagre og avslutt").clicked() {
                    choice = Some(0);
                }
                if ui.button("Avslutt uten å lagre").clicked() {
                    choice = Some(1);
                }
                if ui.button("Avbryt").clicked() {
                    choice = Some(2);
                }
            });
        });
        match choice {
            Some(0) => {
                self.save();
                if !self.doc.as_ref().is_some_and(Doc::is_dirty) {
                    self.quitting = true;
                    self.confirm_quit = false;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                } else {
                    self.confirm_quit = false;
                }
            }
            Some(1) => {
                self.quitting = true;
                self.confirm_quit = false;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Some(2) => self.confirm_quit = false,
            _ => {}
        }
    }

    fn tabs(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            for v in View::ALL {
                let tip =
                    Command::Show(v).shortcut().map(|s| ui.ctx().format_shortcut(&s)).unwrap_or_default();
                ui.selectable_value(&mut self.view, v, v.label()).on_hover_text(tip);
            }
        });
    }

    fn toasts_ui(&mut self, ui: &mut egui::Ui) {
        let now = Instant::now();
        self.toasts.retain(|t| t.until > now);
        for t in &self.toasts {
            let color = if t.error { theme::ERROR } else { ui.visuals().text_color() };
            ui.colored_label(color, &t.text);
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

        egui::Panel::top("faner").show(ui, |ui| {
            ui.add_space(4.0);
            self.tabs(ui);
            ui.add_space(2.0);
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                if let Some(doc) = &self.doc {
                    ui.label(doc.path.display().to_string());
                    if doc.is_dirty() {
                        ui.label("– ikke lagret");
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
                    ui.colored_label(theme::ERROR, message);
                    ui.label("Filen er ikke endret. Rett feilen i filen, eller åpne en annen fil.");
                }
                return;
            };
            self.derived.refresh(doc, self.today);
            let mut vctx = ViewCtx {
                reg: &doc.register,
                today: self.today,
                derived: &self.derived,
                user: &doc.user,
                commands: &mut self.commands,
            };
            views::show(self.view, ui, &mut self.views, &mut vctx);
        });

        self.quit_guard(&ctx);

        let commands = std::mem::take(&mut self.commands);
        for c in commands {
            self.handle(&ctx, c);
        }

        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }
}
