//! The window on a shared register: a colleague's save is picked up, non-overlapping edits
//! merge on save, a true conflict is shown side by side, and a national identity number is
//! refused before it reaches the register.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use samkart::edit::{Edit, Record};
use samkart::model::Register;
use samkart::store;
use samkart::ui::App;
use samkart::ui::command::{Action, Command};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common;

/// A copy of the example register in a temp folder, opened in the app.
fn shared() -> (tempfile::TempDir, PathBuf, Harness<'static, App>) {
    let (dir, path) = common::temp_path("felles register.ron");
    store::save_text(&path, store::EXAMPLE).unwrap();
    let app = common::app(store::load(&path).unwrap(), path.clone(), "Kari");
    let mut h = common::harness(app);
    h.run_steps(2);
    (dir, path, h)
}

/// A colleague's save: load what is on disk, change it, save it atomically.
fn colleague_saves(path: &Path, change: impl FnOnce(&mut Register)) {
    let mut reg = store::load(path).unwrap();
    change(&mut reg);
    store::save(path, &reg).unwrap();
}

fn set_contact_phone(reg: &mut Register, id: &str, phone: &str) {
    reg.contacts.iter_mut().find(|c| c.id.as_str() == id).unwrap().phone.value = phone.into();
}

fn our_phone_edit(h: &Harness<'static, App>, id: &str, phone: &str) -> Command {
    let mut c = h.state().doc.as_ref().unwrap().register.contact(&id.into()).unwrap().clone();
    c.phone.value = phone.into();
    Command::Apply(Edit::put(Record::Contact(c)))
}

fn phone(reg: &Register, id: &str) -> String {
    reg.contact(&id.into()).unwrap().phone.value.clone()
}

/// We change Sindre Kvarme's phone to 61 24 03 99 and do not save yet.
fn we_change_sindres_phone(h: &mut Harness<'static, App>) {
    let ours = our_phone_edit(h, "sindre-kvarme", "61 24 03 99");
    h.state_mut().send(ours);
    h.run_steps(2);
}

/// We change Sindre Kvarme's phone, a colleague saves another number for him (61 24 00 00),
/// then we save: the conflict question opens. Returns the file as the colleague left it.
fn save_into_a_conflict(h: &mut Harness<'static, App>, path: &Path) -> Vec<u8> {
    we_change_sindres_phone(h);
    colleague_saves(path, |r| set_contact_phone(r, "sindre-kvarme", "61 24 00 00"));
    let before = std::fs::read(path).unwrap();
    h.state_mut().send(Action::Save);
    h.run_steps(3);
    before
}

/// Runs frames until `done` holds, for at most `secs` seconds (the file watch polls).
fn wait_for(h: &mut Harness<'static, App>, secs: u64, done: impl Fn(&App) -> bool) -> bool {
    let until = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < until {
        h.step();
        if done(h.state()) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn a_colleagues_save_is_loaded_when_we_have_no_changes() {
    let (_dir, path, mut h) = shared();
    colleague_saves(&path, |r| r.name = "Midtdalen (oppdatert)".into());
    let reloaded =
        wait_for(&mut h, 10, |app| app.doc.as_ref().unwrap().register.name == "Midtdalen (oppdatert)");
    assert!(reloaded, "the app picks up the colleague's save");
    h.run_steps(2);
    h.get_by_label("Registeret er oppdatert med endringer en annen har lagret");
    assert!(!h.state().doc.as_ref().unwrap().is_dirty());
}

#[test]
fn non_overlapping_edits_merge_on_save() {
    let (_dir, path, mut h) = shared();
    we_change_sindres_phone(&mut h);
    colleague_saves(&path, |r| set_contact_phone(r, "ola-mo", "61 29 11 11"));
    h.state_mut().send(Action::Save);
    h.run_steps(2);
    let on_disk = store::load(&path).unwrap();
    assert_eq!(phone(&on_disk, "sindre-kvarme"), "61 24 03 99", "our edit is saved");
    assert_eq!(phone(&on_disk, "ola-mo"), "61 29 11 11", "the colleague's edit is kept");
    let doc = h.state().doc.as_ref().unwrap();
    assert_eq!(phone(&doc.register, "ola-mo"), "61 29 11 11", "the window shows the merged register");
    assert!(!doc.is_dirty());
}

#[test]
fn a_true_conflict_is_shown_side_by_side_and_the_choice_is_saved() {
    let (_dir, path, mut h) = shared();
    let before = save_into_a_conflict(&mut h, &path);
    h.get_by_label("Endringer kolliderer");
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing is written before the user chooses");
    assert!(h.state().doc.as_ref().unwrap().is_dirty(), "our edit is still here");
    // Choose the colleague's number, then save.
    h.get_by_label("61 24 00 00").click();
    h.run_steps(2);
    h.get_by_label("Lagre med disse valgene").click();
    h.run_steps(3);
    let on_disk = store::load(&path).unwrap();
    assert_eq!(phone(&on_disk, "sindre-kvarme"), "61 24 00 00");
    assert_eq!(phone(&h.state().doc.as_ref().unwrap().register, "sindre-kvarme"), "61 24 00 00");
    assert!(h.query_by_label("Endringer kolliderer").is_none());
}

#[test]
fn cancelling_a_conflict_keeps_our_edit_and_writes_nothing() {
    let (_dir, path, mut h) = shared();
    let before = save_into_a_conflict(&mut h, &path);
    h.get_by_label("Avbryt (ingenting lagres)").click();
    h.run_steps(2);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(phone(&h.state().doc.as_ref().unwrap().register, "sindre-kvarme"), "61 24 03 99");
}

#[test]
fn a_national_identity_number_is_refused_before_it_is_stored() {
    let (_dir, _path, mut h) = shared();
    let original = h.state().doc.as_ref().unwrap().register.contact(&"sindre-kvarme".into()).unwrap().clone();
    let mut c = original.clone();
    c.note = "Gjelder 150765 00565".into();
    h.state_mut().send(Command::Apply(Edit::put(Record::Contact(c))));
    h.run_steps(2);
    let doc = h.state().doc.as_ref().unwrap();
    assert!(!doc.is_dirty(), "the edit was not applied");
    assert_eq!(doc.register.contact(&"sindre-kvarme".into()).unwrap(), &original);
    h.get_by_label_contains("fødselsnummer");
}

#[test]
fn esc_cancels_the_conflict_question_and_writes_nothing() {
    let (_dir, path, mut h) = shared();
    let before = save_into_a_conflict(&mut h, &path);
    h.get_by_role_and_label(eframe::egui::accesskit::Role::Dialog, "Endringer kolliderer");
    // The focus starts on the first choice, the colleague's version.
    assert_eq!(common::focused(&h).as_deref(), Some("61 24 00 00"));
    h.key_press(eframe::egui::Key::Escape);
    h.run_steps(3);
    assert!(h.state().conflicts.is_none(), "Esc closes the question");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(phone(&h.state().doc.as_ref().unwrap().register, "sindre-kvarme"), "61 24 03 99");
}
