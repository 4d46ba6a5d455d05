//! What the window tests share: the example register, an app on it that never opens a
//! native dialog, and a kittest harness around `App::frame`. Each test file uses a part.
#![allow(dead_code)]

use chrono::NaiveDate;
use eframe::egui;
use egui_kittest::Harness;
use samkart::model::Register;
use samkart::ui::{App, Prefs};
use std::path::PathBuf;

/// The day the tests pretend it is (the example register's findings depend on it).
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The bundled example register (data/eksempel.ron).
pub fn example_path() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/data/eksempel.ron"))
}

pub fn example() -> Register {
    samkart::store::load(&example_path()).unwrap()
}

/// Where a test app saves when a test does not care: a folder that does not exist, so that
/// a save can never touch data/.
pub fn nowhere() -> PathBuf {
    PathBuf::from("/nonexistent/samkart-test/eksempel.ron")
}

pub fn no_dialog(_: samkart::ui::app::FileDialog) -> Option<PathBuf> {
    panic!("a native file dialog must never open in tests")
}

/// An app showing `reg`, saving to `path`, used by `user`.
pub fn app(reg: Register, path: PathBuf, user: &str) -> App {
    let prefs = Prefs { user_name: user.into(), ..Prefs::default() };
    let mut app = App::with_register(path, reg, today(), prefs);
    app.pick_file = no_dialog;
    app
}

/// The example register in an app that saves nowhere.
pub fn example_app(user: &str) -> App {
    app(example(), nowhere(), user)
}

/// A window of `width` × `height` points running `app`, after its first frames.
pub fn harness_sized(app: App, width: f32, height: f32) -> Harness<'static, App> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(width, height))
        .build_ui_state(|ui, app: &mut App| app.frame(ui), app);
    h.run();
    h
}

pub fn harness(app: App) -> Harness<'static, App> {
    harness_sized(app, 1280.0, 800.0)
}

/// The register as the app holds it now.
pub fn reg<'h>(h: &'h Harness<'static, App>) -> &'h Register {
    &h.state().doc.as_ref().unwrap().register
}
