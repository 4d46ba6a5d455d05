//! Colours, spacing and the green / yellow / red status palette: the only place they live.

use super::app::Prefs;
use eframe::egui::{self, Color32};

/// Errors and overdue items.
pub const ERROR: Color32 = Color32::from_rgb(0xc0, 0x39, 0x2b);
/// Warnings and items due soon.
pub const WARNING: Color32 = Color32::from_rgb(0xd6, 0x8a, 0x00);
/// Healthy, formalised, universal prevention.
pub const OK: Color32 = Color32::from_rgb(0x2e, 0x8b, 0x57);
/// Informational findings.
pub const INFO: Color32 = Color32::from_rgb(0x3a, 0x6e, 0xa5);

/// Applies theme and zoom from the preferences (cheap when nothing changed).
pub fn apply(ctx: &egui::Context, prefs: &Prefs) {
    let theme = if prefs.dark { egui::Theme::Dark } else { egui::Theme::Light };
    if ctx.theme() != theme {
        ctx.set_theme(theme);
    }
    if (ctx.zoom_factor() - prefs.zoom).abs() > f32::EPSILON {
        ctx.set_zoom_factor(prefs.zoom);
    }
}
