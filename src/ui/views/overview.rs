//! (view under construction)

use crate::ui::app::ViewCtx;
use eframe::egui;

#[derive(Default)]
pub struct State {}

pub fn show(ui: &mut egui::Ui, _state: &mut State, _ctx: &mut ViewCtx) {
    ui.label("");
}
