//! One file per view. Each has a `State` (what the view remembers between frames) and a
//! `show(ui, state, ctx)` that reads the register and sends commands.

pub mod agreements;
pub mod contacts;
pub mod forums;
pub mod log;
pub mod map;
pub mod offerings;
pub mod overview;
pub mod routines;
pub mod search;
pub mod services;
pub mod settings;
pub mod volunteer;
pub mod yearwheel;

use super::command::View;
use super::records::RecordForm;
use crate::edit::Edit;
use crate::model::{RecordKind, Register};

/// The per-view state, one field per view.
#[derive(Default)]
pub struct Views {
    pub search: search::State,
    pub overview: overview::State,
    pub services: services::State,
    pub contacts: contacts::State,
    pub agreements: agreements::State,
    pub routines: routines::State,
    pub forums: forums::State,
    pub offerings: offerings::State,
    pub map: map::State,
    pub volunteer: volunteer::State,
    pub yearwheel: yearwheel::State,
    pub log: log::State,
    pub settings: settings::State,
    /// The view was just switched to: its first field (or control) takes the keyboard in
    /// its next pass, so the next Tab does not start over at «Fil».
    pub focus_first: bool,
}

impl Views {
    /// Selects a record in the view that lists its kind (called for `Command::Open`).
    /// Returns the view to switch to.
    pub fn open(&mut self, kind: RecordKind, id: &str) -> View {
        if let Some(f) = self.form_mut(kind) {
            f.open(id);
        }
        View::for_kind(kind)
    }

    /// The forms of the six record views.
    pub fn forms(&self) -> [&dyn RecordForm; 6] {
        [&self.services, &self.contacts, &self.agreements, &self.routines, &self.forums, &self.offerings]
    }

    fn forms_mut(&mut self) -> [&mut dyn RecordForm; 6] {
        [
            &mut self.services,
            &mut self.contacts,
            &mut self.agreements,
            &mut self.routines,
            &mut self.forums,
            &mut self.offerings,
        ]
    }

    /// The form of a kind of record.
    pub fn form(&self, kind: RecordKind) -> Option<&dyn RecordForm> {
        self.forms().into_iter().find(|f| f.kind() == kind)
    }

    fn form_mut(&mut self, kind: RecordKind) -> Option<&mut dyn RecordForm> {
        self.forms_mut().into_iter().find(|f| f.kind() == kind)
    }

    /// The forms that hold edits not yet in the register.
    pub fn modified_forms(&self) -> Vec<&dyn RecordForm> {
        self.forms().into_iter().filter(|f| f.is_modified()).collect()
    }

    /// Some form holds edits not yet in the register.
    pub fn any_form_modified(&self) -> bool {
        self.forms().iter().any(|f| f.is_modified())
    }

    /// The edits that save every form with edits (as «Lagre» in each would). If any form
    /// has errors nothing is committed, and the errors are returned.
    pub fn commit_forms(&mut self, reg: &Register) -> Result<Vec<Edit>, String> {
        self.commit_where(reg, |_| true)
    }

    /// [`Self::commit_forms`] for the form of one kind.
    pub fn commit_form(&mut self, reg: &Register, kind: RecordKind) -> Result<Vec<Edit>, String> {
        self.commit_where(reg, |k| k == kind)
    }

    fn commit_where(
        &mut self,
        reg: &Register,
        which: impl Fn(RecordKind) -> bool,
    ) -> Result<Vec<Edit>, String> {
        let mut forms = self.forms_mut();
        let mut errors = Vec::new();
        for f in forms.iter_mut().filter(|f| which(f.kind()) && f.is_modified()) {
            // Only to find the errors: a form with errors refuses and changes nothing.
            if let Err(e) = f.commit_check() {
                errors.push(format!("{}: {e}", f.title()));
            }
        }
        if !errors.is_empty() {
            return Err(errors.join(". "));
        }
        let mut edits = Vec::new();
        for f in forms.iter_mut().filter(|f| which(f.kind())) {
            let title = f.title();
            if let Some(edit) = f.commit(reg).map_err(|e| format!("{title}: {e}"))? {
                edits.push(edit);
            }
        }
        Ok(edits)
    }

    /// Throws away the edits in every form.
    pub fn discard_forms(&mut self) {
        for f in self.forms_mut() {
            f.discard();
        }
    }

    /// Throws away the edits in the form of one kind.
    pub fn discard_form(&mut self, kind: RecordKind) {
        if let Some(f) = self.form_mut(kind) {
            f.discard();
        }
    }

    /// Starts a new record in the view of its kind; returns that view.
    pub fn new_record(&mut self, kind: RecordKind, reg: &Register) -> View {
        if let Some(f) = self.form_mut(kind) {
            f.new_record(reg);
        }
        View::for_kind(kind)
    }
}

/// Draws the current view.
pub fn show(view: View, ui: &mut eframe::egui::Ui, views: &mut Views, ctx: &mut super::ctx::ViewCtx) {
    let focus_first = std::mem::take(&mut views.focus_first);
    if let Some(list) = views.forms_mut().into_iter().find(|f| View::for_kind(f.kind()) == view) {
        if focus_first {
            list.focus_filter();
        }
        return list.show(ui, ctx);
    }
    if focus_first {
        match view {
            View::Search => views.search.focus = true,
            View::Overview => views.overview.focus_list(),
            _ => super::widgets::focus_first_control(ui),
        }
    }
    match view {
        View::Search => search::show(ui, &mut views.search, ctx),
        View::Overview => overview::show(ui, &mut views.overview, ctx),
        View::Map => map::show(ui, &mut views.map, ctx),
        View::Volunteer => volunteer::show(ui, &mut views.volunteer, ctx),
        View::YearWheel => yearwheel::show(ui, &mut views.yearwheel, ctx),
        View::Log => log::show(ui, &mut views.log, ctx),
        View::Settings => settings::show(ui, &mut views.settings, ctx),
        // The six record views are drawn above.
        View::Services
        | View::Contacts
        | View::Agreements
        | View::Routines
        | View::Forums
        | View::Offerings => {}
    }
}
