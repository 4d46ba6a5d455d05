//! Endringslogg: who changed what and when in this session, newest first, with undo and
//! redo. Every change goes through the edit log, so nothing is missing here.

use crate::ui::command::Action;
use crate::ui::ctx::ViewCtx;
use crate::ui::theme;
use eframe::egui;
use egui_extras::{Column, TableBuilder};

#[derive(Default)]
pub struct State {}

pub fn show(ui: &mut egui::Ui, _state: &mut State, ctx: &mut ViewCtx) {
    ui.horizontal(|ui| {
        ui.heading("Endringslogg");
        ui.add_space(theme::space::BESIDE);
        let tip = |a: Action| a.hover_text(ui.ctx());
        let (undo_tip, redo_tip, save_tip) = (tip(Action::Undo), tip(Action::Redo), tip(Action::Save));
        if ui.add_enabled(ctx.can_undo, egui::Button::new("Angre")).on_hover_text(undo_tip).clicked() {
            ctx.send(Action::Undo);
        }
        if ui.add_enabled(ctx.can_redo, egui::Button::new("Gjør om")).on_hover_text(redo_tip).clicked() {
            ctx.send(Action::Redo);
        }
        if ui.add_enabled(ctx.dirty, egui::Button::new("Lagre")).on_hover_text(save_tip).clicked() {
            ctx.send(Action::Save);
        }
        if ctx.dirty {
            ui.colored_label(theme::colors(ui).warning, "• Ikke lagret");
        }
    });
    ui.weak("Endringer gjort siden registeret ble åpnet. Nyeste først.");
    ui.add_space(theme::space::GROUP);
    if ctx.log.is_empty() {
        ui.label("Ingen endringer ennå.");
        return;
    }
    let n = ctx.log.len();
    TableBuilder::new(ui)
        .striped(true)
        .column(Column::auto().at_least(130.0))
        .column(Column::auto().at_least(120.0))
        .column(Column::remainder())
        .header(22.0, |mut h| {
            for title in ["Tidspunkt", "Bruker", "Endring"] {
                h.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(22.0, n, |mut row| {
                let e = &ctx.log[n - 1 - row.index()];
                row.col(|ui| {
                    ui.label(e.time.format("%d.%m.%Y %H:%M").to_string());
                });
                row.col(|ui| {
                    ui.label(&e.user);
                });
                row.col(|ui| {
                    if e.undo {
                        ui.label(egui::RichText::new(&e.text).italics());
                    } else {
                        ui.label(&e.text);
                    }
                });
            });
        });
}
