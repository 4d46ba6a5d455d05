//! The desktop window (egui). Everything below this module is GUI-free.

pub mod app;
pub mod command;
pub mod doc;
pub mod export_dialog;
pub mod import_dialog;
pub mod records;
pub mod theme;
pub mod views;
pub mod widgets;

pub use app::{App, Prefs};

use std::path::PathBuf;

/// Opens the window on `path`, or on the default register (created from the bundled
/// example on first run).
pub fn run(path: Option<PathBuf>) -> Result<(), String> {
    let path = match path {
        Some(p) => p,
        None => crate::store::ensure_default().map_err(|e| e.to_string())?,
    };
    let options = eframe::NativeOptions {
        viewport: eframe::egui::ViewportBuilder::default()
            .with_title("Samkart")
            // The desktop file's name and StartupWMClass (assets/samkart.desktop): the
            // desktop ties the window to its menu entry and icon by it (X11 WM_CLASS,
            // Wayland app id). eframe's settings folder is the same as with "Samkart".
            .with_app_id("samkart")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 480.0]),
        ..Default::default()
    };
    eframe::run_native(
        "Samkart",
        options,
        Box::new(move |cc| {
            let prefs: Prefs =
                cc.storage.and_then(|s| eframe::get_value(s, eframe::APP_KEY)).unwrap_or_default();
            Ok(Box::new(App::open(path, prefs)))
        }),
    )
    .map_err(|e| e.to_string())
}
