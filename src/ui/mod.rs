//! The desktop window (egui). Everything below this module is GUI-free.

pub mod app;
pub mod command;
pub mod ctx;
pub mod export_dialog;
pub mod import_dialog;
pub mod prefs;
pub mod records;
pub mod theme;
pub mod views;
pub mod widgets;

pub use app::App;
pub use prefs::Prefs;

use std::path::PathBuf;

/// Samkart's icon (assets/samkart.png, 256 px; the .deb and the Windows installer use the
/// same files), built into the binary.
const ICON_PNG: &[u8] = include_bytes!("../../assets/samkart.png");

/// The window icon, decoded from [`ICON_PNG`].
pub fn icon() -> Result<eframe::egui::IconData, String> {
    eframe::icon_data::from_png_bytes(ICON_PNG).map_err(|e| e.to_string())
}

/// Opens the window on `path`, or on the default register (created from the bundled
/// example on first run).
pub fn run(path: Option<PathBuf>) -> Result<(), String> {
    let path = match path {
        Some(p) => p,
        None => crate::store::ensure_default().map_err(|e| e.to_string())?,
    };
    let mut viewport = eframe::egui::ViewportBuilder::default()
        .with_title("Samkart")
        // WM_CLASS / Wayland app id, matching StartupWMClass in assets/samkart.desktop.
        .with_app_id("samkart")
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([720.0, 480.0]);
    match icon() {
        Ok(icon) => viewport = viewport.with_icon(std::sync::Arc::new(icon)),
        // Cannot happen with the file built in; the window still opens, with the default icon.
        Err(e) => eprintln!("Samkart: ikonet kunne ikke leses: {e}"),
    }
    let options = eframe::NativeOptions { viewport, ..Default::default() };
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_built_in_icon_is_a_256_pixel_square() {
        let icon = super::icon().unwrap();
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
        assert!(icon.rgba.chunks(4).any(|p| p[3] == 255), "not blank");
    }
}
