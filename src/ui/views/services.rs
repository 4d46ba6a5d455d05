//! Tjenester: the services of the register.

use crate::model::{Labelled, Service};
use crate::ui::app::ViewCtx;
use eframe::egui;
use egui_extras::{Column, TableBuilder};

#[derive(Default)]
pub struct State {}

pub fn show(ui: &mut egui::Ui, _state: &mut State, ctx: &mut ViewCtx) {
    let mut rows: Vec<&Service> = ctx.reg.services.iter().collect();
    rows.sort_by_key(|s| crate::model::sort_key(&s.name));
    ui.heading(format!("Tjenester ({})", rows.len()));
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
