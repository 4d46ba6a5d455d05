//! What the tests share: the example register, the real binary run as a process, and for
//! the window tests an app on the example that never opens a native dialog and a kittest
//! harness around `App::frame`. Each test module uses a part.
#![allow(dead_code)]

pub mod rng;

use chrono::NaiveDate;
use eframe::egui;
use egui_kittest::Harness;
use samkart::model::Register;
use samkart::ui::{App, Prefs};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The day the tests pretend it is (the example register's findings depend on it).
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The bundled example register (data/eksempel.ron).
pub const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/eksempel.ron");

pub fn example_path() -> PathBuf {
    PathBuf::from(EXAMPLE)
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

/// The name of the widget that has the keyboard focus, as a screen reader reads it (for a
/// grid, its active cell).
pub fn focused(h: &Harness<'static, App>) -> Option<String> {
    use egui_kittest::kittest::{NodeT, Queryable};
    h.query_by(|n| n.is_focused()).map(|n| {
        let node = n.accesskit_node();
        node.label().or_else(|| node.value()).unwrap_or_default()
    })
}

/// Presses Tab (or Shift+Tab) once.
pub fn tab(h: &mut Harness<'static, App>, back: bool) {
    let m = if back { egui::Modifiers::SHIFT } else { egui::Modifiers::NONE };
    h.key_press_modifiers(m, egui::Key::Tab);
    h.run();
}

/// Presses Alt+`key` the way the window system sends it: the key, and right after it, in
/// the same frame, the text the key would type. (`Harness::event` would give each event a
/// frame of its own.)
pub fn alt_key(h: &mut Harness<'static, App>, key: egui::Key, typed: &str) {
    let key_event = |pressed| egui::Event::Key {
        key,
        physical_key: Some(key),
        pressed,
        repeat: false,
        modifiers: egui::Modifiers::ALT,
    };
    h.input_mut().events.extend([
        egui::Event::ModifiersChanged(egui::Modifiers::ALT),
        key_event(true),
        egui::Event::Text(typed.to_owned()),
        key_event(false),
        egui::Event::ModifiersChanged(egui::Modifiers::NONE),
    ]);
    h.step();
    h.run();
}

/// Runs the real `samkart` binary with `args`, its data folder (`SAMKART_HOME`) in `home`
/// so that it never touches the user's own.
pub fn samkart_in(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samkart"))
        .args(args)
        .env("SAMKART_HOME", home)
        .output()
        .expect("run samkart")
}

/// A data folder in the temp folder for one group of tests: `samkart-{name}-test-home`.
pub fn test_home(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("samkart-{name}-test-home"))
}

/// A fresh temp folder and the path of `name` in it, not created yet. Everything in the
/// folder goes when the returned `TempDir` is dropped: keep it alive for the test.
pub fn temp_path(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    (dir, path)
}

/// A fresh temp folder with the folders `names` made inside it (see `temp_path`).
pub fn temp_folders<const N: usize>(names: [&str; N]) -> (tempfile::TempDir, [PathBuf; N]) {
    let dir = tempfile::tempdir().unwrap();
    let folders = names.map(|name| dir.path().join(name));
    for folder in &folders {
        std::fs::create_dir_all(folder).unwrap();
    }
    (dir, folders)
}

/// `contents` written to a file `name` in a fresh temp folder (see `temp_path`).
pub fn temp_file(name: &str, contents: impl AsRef<[u8]>) -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = temp_path(name);
    std::fs::write(&path, contents).unwrap();
    (dir, path)
}

/// `reg` saved as Samkart saves it to `name` in a fresh temp folder (see `temp_path`).
pub fn temp_register(name: &str, reg: &Register) -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = temp_path(name);
    samkart::store::save(&path, reg).unwrap();
    (dir, path)
}

/// Fails unless `text` contains every one of `parts`, naming the first one missing.
#[track_caller]
pub fn assert_contains_all(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "«{part}» missing from:\n{text}");
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
