//! The application state: the open register, or the reason it could not be opened.

use crate::model::{Labelled, Register};
use crate::store;
use eframe::egui;
use egui_extras::{Column, TableBuilder};
use std::path::PathBuf;

/// The top-level state of the window.
pub struct App {
    pub path: PathBuf,
    /// The register, or the Norwegian message saying why it could not be loaded. A register
    /// that failed to load is never saved over.
    pub register: Result<Register, String>,
}

impl App {
    /// Loads `path`; a failure is shown in the window, not written anywhere.
    pub fn open(path: PathBuf) -> Self {
        let register = store::load(&path).map_err(|e| e.to_string());
        Self { path, register }
    }

    /// An app on an already loaded register (tests, new registers).
    pub fn with_register(path: PathBuf, register: Register) -> Self {
        Self { path, register: Ok(register) }
    }

    fn services_table(ui: &mut egui::Ui, reg: &Register) {
        let mut rows: Vec<&crate::model::Service> = reg.services.iter().collect();
        rows.sort_by_key(|s| crate::model::sort_key(&s.name));
        TableBuilder::new(ui)
            .striped(true)
            .column(Column::auto().at_least(260.0))
            .column(Column::auto().at_least(80.0))
            .column(Column::auto().at_least(200.0))
            .column(Column::remainder())
            .header(22.0, |mut h| {
                for title in ["Tjeneste", "Forkortelse", "Sektor", "Telefon"] {
                    h.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|body| {
                body.rows(22.0, rows.len(), |mut row| {
                    let s = rows[row.index()];
                    row.col(|ui| {
                        ui.label(&s.name);
                    });
                    row.col(|ui| {
                        ui.label(&s.abbreviation);
                    });
                    row.col(|ui| {
                        ui.label(s.sector.label());
                    });
                    row.col(|ui| {
                        ui.label(crate::model::format::display_phone(&s.phone));
                    });
                });
            });
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::Panel::top("topp").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading("Samkart");
                ui.label(self.path.display().to_string());
            });
        });
        egui::CentralPanel::default().show(ui, |ui| match &self.register {
            Ok(reg) => {
                ui.heading(format!("Tjenester ({})", reg.services.len()));
                Self::services_table(ui, reg);
            }
            Err(message) => {
                ui.heading("Registeret kunne ikke åpnes");
                ui.label(message);
                ui.label("Filen er ikke endret. Rett feilen i filen, eller velg en annen fil.");
            }
        });
    }
}
