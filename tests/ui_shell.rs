//! The window's shell, driven like a user would: click tabs by label, assert what shows.

use chrono::NaiveDate;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use samkart::ui::{App, Prefs};

fn example_app() -> App {
    let path = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/data/eksempel.ron"));
    let reg = samkart::store::load(&path).unwrap();
    App::with_register(path, reg, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), Prefs::default())
}

fn harness(app: App) -> Harness<'static, App> {
    let mut h = Harness::builder()
        .with_size(eframe::egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut App| app.frame(ui), app);
    h.run();
    h
}

#[test]
fn clicking_the_services_tab_lists_services() {
    let mut h = harness(example_app());
    h.get_by_label("Tjenester").click();
    h.run();
    h.get_by_label_contains("Tjenester (");
    h.get_by_label("Barnevernvakta i Gudbrandsdalen");
}
