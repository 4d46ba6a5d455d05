//! A status shown by symbol and colour together, never by colour alone (WCAG 1.4.1): a tick
//! (a hake) for formalised, a wave (~) for only a draft or unwritten practice, an exclamation
//! mark (!) for expected but missing. The symbols are painted, so they look the same in
//! every font (the default font has no tick), and are at least 3:1 against their fill, which is at least 3:1 against the
//! panel (see `theme`).

use crate::ui::theme::{self, Palette};
use eframe::egui::{self, Color32, Pos2, Rect, Stroke};

/// What a map cell or a legend entry says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Formalised,
    Informal,
    Missing,
}

impl Status {
    pub const ALL: [Status; 3] = [Self::Formalised, Self::Informal, Self::Missing];

    /// The cell's fill.
    pub fn fill(self, p: &Palette) -> Color32 {
        match self {
            Self::Formalised => p.fill_formalised,
            Self::Informal => p.fill_informal,
            Self::Missing => p.fill_missing,
        }
    }

    /// The colour of text that names this status on the panel.
    pub fn text(self, p: &Palette) -> Color32 {
        match self {
            Self::Formalised => p.ok,
            Self::Informal => p.warning,
            Self::Missing => p.error,
        }
    }
}

/// Paints the symbol of `status` in `color`, centred in `rect`.
pub fn paint_symbol(painter: &egui::Painter, rect: Rect, status: Status, color: Color32) {
    let s = rect.width().min(rect.height());
    let c = rect.center();
    let at = |x: f32, y: f32| Pos2::new(c.x + x * s, c.y + y * s);
    let stroke = Stroke::new((s * 0.11).max(1.5), color);
    match status {
        Status::Formalised => {
            painter.line(vec![at(-0.28, 0.0), at(-0.08, 0.2), at(0.28, -0.22)], stroke);
        }
        Status::Informal => {
            let points = (0..=12)
                .map(|i| {
                    let t = i as f32 / 12.0;
                    at(-0.3 + 0.6 * t, -0.1 * (t * std::f32::consts::TAU).sin())
                })
                .collect();
            painter.line(points, stroke);
        }
        Status::Missing => {
            painter.line_segment([at(0.0, -0.3), at(0.0, 0.08)], stroke);
            painter.circle_filled(at(0.0, 0.24), stroke.width * 0.65, color);
        }
    }
}

/// Paints a filled cell with its symbol, or an outlined empty cell for `None`.
pub fn paint_cell(painter: &egui::Painter, rect: Rect, status: Option<Status>, p: &Palette) {
    match status {
        Some(status) => {
            painter.rect_filled(rect, 3.0, status.fill(p));
            paint_symbol(painter, rect, status, p.on_fill);
        }
        None => {
            painter.rect_stroke(rect, 3.0, Stroke::new(1.0, p.outline), egui::StrokeKind::Inside);
        }
    }
}

/// A legend entry: the cell as the map draws it, then its label.
pub fn legend_entry(ui: &mut egui::Ui, status: Option<Status>, label: &str) {
    let p = theme::colors(ui);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(18.0, 18.0), egui::Sense::hover());
    paint_cell(ui.painter(), rect, status, p);
    ui.label(label);
}
