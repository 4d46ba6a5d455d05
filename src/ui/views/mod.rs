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
use crate::model::RecordKind;

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
}

impl Views {
    /// Selects a record in the view that lists its kind (called for `Command::Open`).
    /// Returns the view to switch to.
    pub fn open(&mut self, kind: RecordKind, id: &str) -> View {
        match kind {
            RecordKind::Service => self.services.open(id),
            RecordKind::Contact => self.contacts.open(id),
            RecordKind::Agreement => self.agreements.open(id),
            RecordKind::Routine => self.routines.open(id),
            RecordKind::Forum => self.forums.open(id),
            RecordKind::Offering => self.offerings.open(id),
            RecordKind::Expectation => {}
        }
        View::for_kind(kind)
    }
}

/// Draws the current view.
pub fn show(view: View, ui: &mut eframe::egui::Ui, views: &mut Views, ctx: &mut super::app::ViewCtx) {
    match view {
        View::Search => search::show(ui, &mut views.search, ctx),
        View::Overview => overview::show(ui, &mut views.overview, ctx),
        View::Services => services::show(ui, &mut views.services, ctx),
        View::Contacts => contacts::show(ui, &mut views.contacts, ctx),
        View::Agreements => agreements::show(ui, &mut views.agreements, ctx),
        View::Routines => routines::show(ui, &mut views.routines, ctx),
        View::Forums => forums::show(ui, &mut views.forums, ctx),
        View::Offerings => offerings::show(ui, &mut views.offerings, ctx),
        View::Map => map::show(ui, &mut views.map, ctx),
        View::Volunteer => volunteer::show(ui, &mut views.volunteer, ctx),
        View::YearWheel => yearwheel::show(ui, &mut views.yearwheel, ctx),
        View::Log => log::show(ui, &mut views.log, ctx),
        View::Settings => settings::show(ui, &mut views.settings, ctx),
    }
}
