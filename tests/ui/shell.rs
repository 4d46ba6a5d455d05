//! The window's shell, driven like a user would: tabs, Oversikt and its fixes, undo/redo,
//! saving, the unsaved-changes guard, the command palette and the settings.

use eframe::egui::{self, Key, Modifiers, ViewportCommand, ViewportEvent, ViewportId};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use samkart::edit::{Edit, Record};
use samkart::review::{Finding, FindingKind};
use samkart::ui::App;
use samkart::ui::command::{Action, Command, View};
use std::path::PathBuf;

use crate::common;
use crate::util::{
    click, click_containing, click_one_frame, focus, on_tab, press, press_cmd, send, type_text,
};
use common::{harness, today};

/// The example register, loaded from the bundled file but saved to `path` (never to data/).
fn example_app_at(path: PathBuf) -> App {
    common::app(common::example(), path, "Kari Tester")
}

fn example_app() -> App {
    example_app_at(common::nowhere())
}

fn has_finding(app: &App, kind: FindingKind, id: &str) -> bool {
    app.derived.findings.iter().any(|f| f.kind == kind && f.subject.id == id)
}

/// The first finding in the window that `is` picks; `what` says why the test expects one.
fn first_finding(h: &Harness<'static, App>, is: impl Fn(&Finding) -> bool, what: &str) -> Finding {
    h.state().derived.findings.iter().find(|f| is(f)).expect(what).clone()
}

fn viewport_commands(h: &Harness<'static, App>) -> Vec<ViewportCommand> {
    h.output().viewport_output.get(&ViewportId::ROOT).map(|v| v.commands.clone()).unwrap_or_default()
}

/// Simulates the window's close button.
fn request_close(h: &mut Harness<'static, App>) {
    h.input_mut().viewports.get_mut(&ViewportId::ROOT).unwrap().events.push(ViewportEvent::Close);
    h.step();
    h.run();
}

fn some_edit(app: &App) -> Edit {
    let mut s = app.doc.as_ref().unwrap().register.services[0].clone();
    s.opening_hours = "Hele døgnet".into();
    Edit::put(Record::Service(s))
}

/// `app` with `some_edit` applied and not saved.
fn with_an_unsaved_edit(mut app: App) -> App {
    let edit = some_edit(&app);
    app.send(Command::Apply(edit));
    app
}

/// Opens Oversikt and selects the overdue NAV agreement's finding.
fn select_the_nav_finding(h: &mut Harness<'static, App>) {
    click(h, "Oversikt");
    click_containing(h, NAV_ROW);
}

const NAV_AGREEMENT: &str = "avtale-barnevern-nav";
const NAV_ROW: &str = "NAV Midtdalen — Revisjonen forfalt";

#[test]
fn clicking_the_services_tab_lists_services() {
    let h = on_tab(harness(example_app()), "Tjenester");
    h.get_by_label_contains("Tjenester (");
    h.get_by_label("Barnevernvakta i Gudbrandsdalen");
}

#[test]
fn overview_groups_findings_with_counts() {
    let mut h = on_tab(harness(example_app()), "Oversikt");
    let errors =
        h.state().derived.findings.iter().filter(|f| f.severity == samkart::review::Severity::Error).count();
    assert!(errors > 0);
    let heading = format!("− {errors} feil");
    click(&mut h, &heading);
    // Collapsed: the group's rows are gone, the heading says it can be opened.
    assert!(h.query_by_label_contains(NAV_ROW).is_none());
    h.get_by_label(&format!("+ {errors} feil"));
    h.get_by_label("Avtaler etter status");
    h.get_by_label_contains("Gjeldende: ");
}

#[test]
fn marking_the_overdue_nav_agreement_revised_removes_its_finding_and_undo_restores_it() {
    let mut h = harness(example_app());
    assert!(has_finding(h.state(), FindingKind::AgreementRevisionOverdue, NAV_AGREEMENT));
    let revisions_before =
        h.state().doc.as_ref().unwrap().register.agreement(&NAV_AGREEMENT.into()).unwrap().revisions.len();
    select_the_nav_finding(&mut h);
    click(&mut h, "Marker som revidert");
    // The dialog: today's date and the user's name are filled in.
    assert_eq!(h.get_by_label("Dato (dd.mm.åååå)").value().as_deref(), Some("23.11.2026"));
    assert_eq!(h.get_by_label("Revidert av").value().as_deref(), Some("Kari Tester"));
    h.get_by_label("Merknad").type_text("Gjennomgått i samarbeidsmøte");
    h.run();
    click(&mut h, "Lagre revisjon");

    let app = h.state();
    assert!(!has_finding(app, FindingKind::AgreementRevisionOverdue, NAV_AGREEMENT));
    let a = app.doc.as_ref().unwrap().register.agreement(&NAV_AGREEMENT.into()).unwrap();
    assert_eq!(a.revisions.len(), revisions_before + 1);
    let last = a.revisions.last().unwrap();
    assert_eq!(
        (last.date, last.by.as_str(), last.note.as_str()),
        (today(), "Kari Tester", "Gjennomgått i samarbeidsmøte")
    );
    assert!(h.query_by_label_contains(NAV_ROW).is_none());
    assert!(h.state().title().starts_with("● "), "unsaved mark in the title: {}", h.state().title());

    // Undo (Ctrl+Z) brings the finding back; redo (Ctrl+Shift+Z, and Ctrl+Y) removes it again.
    press_cmd(&mut h, Key::Z);
    assert!(has_finding(h.state(), FindingKind::AgreementRevisionOverdue, NAV_AGREEMENT));
    h.get_by_label_contains(NAV_ROW);
    assert!(!h.state().title().starts_with("● "));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert!(!has_finding(h.state(), FindingKind::AgreementRevisionOverdue, NAV_AGREEMENT));
    press_cmd(&mut h, Key::Z);
    assert!(has_finding(h.state(), FindingKind::AgreementRevisionOverdue, NAV_AGREEMENT));
    press_cmd(&mut h, Key::Y);
    assert!(!has_finding(h.state(), FindingKind::AgreementRevisionOverdue, NAV_AGREEMENT));
}

/// Replaces the date in the revision dialog with `text`.
fn retype_revision_date(h: &mut Harness<'static, App>, text: &str) {
    h.get_by_label("Dato (dd.mm.åååå)").focus();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Dato (dd.mm.åååå)").type_text(text);
    h.run();
}

#[test]
fn revision_dialog_refuses_a_bad_date() {
    let mut h = harness(example_app());
    select_the_nav_finding(&mut h);
    click(&mut h, "Marker som revidert");
    retype_revision_date(&mut h, "2026-11-23");
    // Said as it is typed, and «Lagre revisjon» does nothing while it stands.
    h.get_by_label("Skriv datoen som dd.mm.åååå, f.eks. 23.11.2026");
    click(&mut h, "Lagre revisjon");
    assert!(has_finding(h.state(), FindingKind::AgreementRevisionOverdue, NAV_AGREEMENT));
    // A day that does not exist, and a day after today, are refused with their own words.
    for (typed, said) in
        [("31.02.2026", "31.02.2026 finnes ikke"), ("24.11.2026", "Datoen kan ikke være fram i tid")]
    {
        retype_revision_date(&mut h, typed);
        h.get_by_label(said);
        click(&mut h, "Lagre revisjon");
        assert!(has_finding(h.state(), FindingKind::AgreementRevisionOverdue, NAV_AGREEMENT), "{typed}");
    }
    click(&mut h, "Avbryt");
    assert!(h.query_by_label("Lagre revisjon").is_none());
}

#[test]
fn keyboard_moves_through_findings_and_enter_opens_the_record() {
    let mut h = harness(example_app());
    h.key_press_modifiers(Modifiers::ALT, Key::Num2);
    h.run();
    assert_eq!(h.state().view, View::Overview);
    press(&mut h, Key::ArrowDown);
    let first = h.state().derived.findings[0].clone();
    click(&mut h, &format!("Åpne {}", first.subject.kind.label()));
    assert_eq!(h.state().view, View::for_kind(first.subject.kind));
    h.key_press_modifiers(Modifiers::ALT, Key::Num2);
    press(&mut h, Key::Enter);
    assert_eq!(h.state().view, View::for_kind(first.subject.kind));
}

#[test]
fn confirming_an_offering_from_the_overview() {
    let mut h = harness(example_app());
    let f = first_finding(
        &h,
        |f| f.kind == FindingKind::OfferingUnconfirmed,
        "the example has an unconfirmed offering",
    );
    click(&mut h, "Oversikt");
    click_containing(&mut h, &format!("{} — {}", f.subject.name, f.message));
    click(&mut h, "Bekreft aktiv i år");
    assert!(!has_finding(h.state(), FindingKind::OfferingUnconfirmed, &f.subject.id));
    let reg = &h.state().doc.as_ref().unwrap().register;
    assert_eq!(
        reg.offerings.iter().find(|o| o.id.as_str() == f.subject.id).unwrap().confirmed,
        Some(today())
    );
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let mut h = harness(with_an_unsaved_edit(example_app()));

    // The window's close button: cancelled, and the question shows.
    request_close(&mut h);
    h.get_by_label("Endringer er ikke lagret");
    assert!(!h.state().is_quitting());
    click(&mut h, "Avbryt");
    assert!(h.query_by_label("Endringer er ikke lagret").is_none());

    // Ctrl+Q asks the same; discarding quits.
    press_cmd(&mut h, Key::Q);
    h.get_by_label("Endringer er ikke lagret");
    assert!(!h.state().is_quitting());
    click(&mut h, "Avslutt uten å lagre");
    assert!(h.state().is_quitting());
}

#[test]
fn close_request_is_cancelled_while_dirty() {
    let mut h = harness(with_an_unsaved_edit(example_app()));
    h.input_mut().viewports.get_mut(&ViewportId::ROOT).unwrap().events.push(ViewportEvent::Close);
    h.step();
    assert!(viewport_commands(&h).contains(&ViewportCommand::CancelClose));
}

#[test]
fn quitting_without_changes_closes_at_once() {
    let mut h = harness(example_app());
    h.state_mut().send(Action::Quit);
    h.step();
    assert!(h.state().is_quitting());
    assert!(viewport_commands(&h).contains(&ViewportCommand::Close));
    assert!(h.query_by_label("Endringer er ikke lagret").is_none());
}

#[test]
fn save_and_quit_writes_the_file() {
    let (_dir, path) = common::temp_path("register.ron");
    let mut h = harness(with_an_unsaved_edit(example_app_at(path.clone())));
    request_close(&mut h);
    click_one_frame(&mut h, "Lagre og avslutt");
    assert!(h.state().is_quitting());
    let saved = samkart::store::load(&path).unwrap();
    assert_eq!(saved.services[0].opening_hours, "Hele døgnet");
}

#[test]
fn ctrl_s_saves_and_clears_the_unsaved_mark() {
    let (_dir, path) = common::temp_path("register.ron");
    let mut h = harness(with_an_unsaved_edit(example_app_at(path.clone())));
    assert!(h.state().title().starts_with("● "));
    h.get_by_label("• Ikke lagret");
    press_cmd(&mut h, Key::S);
    assert!(!h.state().doc.as_ref().unwrap().is_dirty());
    assert!(h.state().title().starts_with("Samkart"), "{}", h.state().title());
    assert!(h.query_by_label("• Ikke lagret").is_none());
    assert_eq!(samkart::store::load(&path).unwrap().services[0].opening_hours, "Hele døgnet");
}

#[test]
fn autosave_saves_after_a_change() {
    let (_dir, path) = common::temp_path("register.ron");
    let mut app = example_app_at(path.clone());
    app.prefs.autosave = true;
    app.autosave_delay = std::time::Duration::ZERO;
    let mut h = harness(app);
    assert!(!path.exists(), "nothing to save before a change");
    let edit = some_edit(h.state());
    send(&mut h, Command::Apply(edit));
    h.run();
    assert!(!h.state().doc.as_ref().unwrap().is_dirty());
    assert_eq!(samkart::store::load(&path).unwrap().services[0].opening_hours, "Hele døgnet");
}

#[test]
fn the_palette_lists_commands_filters_and_runs_one() {
    let mut h = harness(example_app());
    press_cmd(&mut h, Key::K);
    assert!(h.state().palette_open());
    h.get_by_label("Kommandopalett");
    // Every command is listed, with its shortcut.
    h.get_by_label_contains("Vis Endringslogg");
    h.get_by_label_contains("Lagre som");
    type_text(&mut h, "mørkt");
    assert!(h.query_by_label_contains("Vis Endringslogg").is_none());
    assert!(!h.state().prefs.dark);
    press(&mut h, Key::Enter);
    assert!(h.state().prefs.dark);
    assert!(!h.state().palette_open());

    // Arrow keys choose: the second match for «vis» is Oversikt.
    press_cmd(&mut h, Key::K);
    type_text(&mut h, "vis");
    h.key_press(Key::ArrowDown);
    press(&mut h, Key::Enter);
    assert_eq!(h.state().view, View::Overview);
}

#[test]
fn a_threshold_in_settings_changes_the_findings() {
    let mut h = harness(example_app());
    let unverified =
        |app: &App| app.derived.findings.iter().filter(|f| f.kind == FindingKind::ContactUnverified).count();
    let before = unverified(h.state());
    assert!(before > 0);
    click(&mut h, "Innstillinger");
    h.get_by_label("Bekreft kontakter hver").set_value_accesskit(60.0);
    h.run();
    click(&mut h, "Bruk tersklene");
    assert_eq!(h.state().doc.as_ref().unwrap().register.settings.contact_max_age_months, 60);
    assert!(unverified(h.state()) < before, "fewer contacts are overdue with a longer interval");
    // And the change is logged and undoable.
    click(&mut h, "Endringslogg");
    h.get_by_label("Endret innstillinger");
    h.get_by_label("Kari Tester");
    click(&mut h, "Angre");
    assert_eq!(unverified(h.state()), before);
}

#[test]
fn removing_an_expected_collaboration_removes_its_finding() {
    let mut h = harness(example_app());
    let f = first_finding(
        &h,
        |f| f.subject.kind == samkart::model::RecordKind::Expectation,
        "the example has an expected collaboration that is not formalised",
    );
    click(&mut h, "Innstillinger");
    h.get_by_label(&format!("Fjern «{}»", f.subject.name)).click_accesskit();
    h.run();
    assert!(!h.state().derived.findings.iter().any(|x| x.subject == f.subject));
    assert!(
        !h.state().doc.as_ref().unwrap().register.expectations.iter().any(|e| e.id.as_str() == f.subject.id)
    );
}

#[test]
fn creating_a_draft_agreement_for_a_missing_collaboration() {
    use samkart::model::{Expectation, Party, Sector};
    let mut app = example_app();
    // Tannhelse and the refugee service: expected here, covered by nothing.
    app.send(Command::Apply(Edit::put(Record::Expectation(Expectation {
        id: "tannhelse-flyktning".into(),
        a: Party::Sector(Sector::Tannhelse),
        b: Party::Sector(Sector::Flyktningtjeneste),
        basis: "Testplan".into(),
        note: String::new(),
    }))));
    let mut h = harness(app);
    let f = first_finding(
        &h,
        |f| f.kind == FindingKind::RoutineMissing && f.subject.id == "tannhelse-flyktning",
        "a missing routine is flagged",
    );
    let agreements = h.state().doc.as_ref().unwrap().register.agreements.len();
    click(&mut h, "Oversikt");
    click_containing(&mut h, &format!("{} — ", f.subject.name));
    click(&mut h, "Opprett avtaleutkast");
    assert_eq!(h.state().doc.as_ref().unwrap().register.agreements.len(), agreements + 1);
    assert_eq!(h.state().view, View::Agreements);
    let reg = &h.state().doc.as_ref().unwrap().register;
    let draft = reg
        .agreements
        .iter()
        .find(|a| a.party_sectors == [Sector::Tannhelse, Sector::Flyktningtjeneste])
        .unwrap();
    assert_eq!(draft.status, samkart::model::AgreementStatus::Draft);
}

#[test]
fn new_register_with_unsaved_changes_asks_and_then_opens_an_empty_one() {
    fn pick(_: samkart::ui::app::FileDialog) -> Option<PathBuf> {
        Some(std::env::temp_dir().join(format!("samkart-ny-{}.ron", std::process::id())))
    }
    let mut app = example_app();
    app.pick_file = pick;
    let mut h = harness(with_an_unsaved_edit(app));
    press_cmd(&mut h, Key::N);
    h.get_by_label("Vil du lagre endringene før du bytter register?");
    click(&mut h, "Fortsett uten å lagre");
    let doc = h.state().doc.as_ref().unwrap();
    assert_eq!(doc.register.total_records(), 0);
    assert!(!doc.is_dirty());
    let path = doc.path.clone();
    assert!(samkart::store::load(&path).is_ok());
    let _ = std::fs::remove_file(path);
}

// ---- Keyboard and screen reader (WCAG 2.1 AA) ----

#[test]
fn alt_digit_switches_view_without_typing_the_digit_into_the_field() {
    let mut h = harness(example_app());
    // The search field has the focus when the window opens.
    type_text(&mut h, "abc");
    assert_eq!(h.state().views.search.query, "abc");
    common::alt_key(&mut h, Key::Num2, "2");
    assert_eq!(h.state().view, View::Overview);
    assert_eq!(h.state().views.search.query, "abc", "Alt+2 typed its digit");
    common::alt_key(&mut h, Key::Num1, "1");
    assert_eq!(h.state().view, View::Search);
    assert_eq!(h.state().views.search.query, "abc", "Alt+1 typed its digit");
    // Back in Søk the cursor is in the field again.
    assert_eq!(common::focused(&h).as_deref(), Some("Søk"));
    type_text(&mut h, "d");
    assert_eq!(h.state().views.search.query, "abcd");
}

#[test]
fn the_palette_opens_on_its_field_and_esc_gives_the_focus_back() {
    let mut h = harness(example_app());
    type_text(&mut h, "nav");
    assert_eq!(common::focused(&h).as_deref(), Some("Søk"));
    press_cmd(&mut h, Key::K);
    assert!(h.state().palette_open());
    h.get_by_role_and_label(egui::accesskit::Role::Dialog, "Kommandopalett");
    assert_eq!(common::focused(&h).as_deref(), Some("Finn en kommando"));
    press(&mut h, Key::Escape);
    assert!(!h.state().palette_open());
    assert_eq!(common::focused(&h).as_deref(), Some("Søk"));
    assert_eq!(h.state().views.search.query, "nav", "Esc in the palette leaves the search alone");
}

#[test]
fn the_unsaved_changes_question_opens_on_a_safe_button_and_esc_cancels_it() {
    let mut h = harness(with_an_unsaved_edit(example_app()));
    press_cmd(&mut h, Key::Q);
    h.get_by_role_and_label(egui::accesskit::Role::Dialog, "Endringer er ikke lagret");
    // «Lagre og avslutt» first; «Avslutt uten å lagre» is never where the focus starts.
    assert_eq!(common::focused(&h).as_deref(), Some("Lagre og avslutt"));
    press(&mut h, Key::Escape);
    assert!(h.query_by_label("Endringer er ikke lagret").is_none());
    assert!(h.state().pending.is_none());
    assert!(!h.state().is_quitting());
    assert_eq!(common::focused(&h).as_deref(), Some("Søk"), "back where the user was");
}

#[test]
fn the_revision_dialog_closes_with_esc_and_gives_the_focus_back() {
    let mut h = harness(example_app());
    select_the_nav_finding(&mut h);
    h.get_by_label("Marker som revidert").focus();
    h.run();
    press(&mut h, Key::Enter);
    h.get_by_role_and_label(egui::accesskit::Role::Dialog, "Marker som revidert");
    assert_eq!(common::focused(&h).as_deref(), Some("Merknad"));
    press(&mut h, Key::Escape);
    assert!(h.query_by_label("Lagre revisjon").is_none());
    assert_eq!(common::focused(&h).as_deref(), Some("Marker som revidert"));
}

#[test]
fn the_window_is_named_after_samkart_and_the_register() {
    let h = harness(example_app());
    let name = h.root().accesskit_node().label().unwrap_or_default();
    let reg = &h.state().doc.as_ref().unwrap().register.name;
    assert!(name.starts_with(&format!("Samkart – {reg}")), "{name}");
}

#[test]
fn toasts_and_the_save_state_are_announced() {
    use egui::accesskit::Live;
    let mut h = harness(with_an_unsaved_edit(example_app()));
    let saved = h.get_by_label("• Ikke lagret");
    assert_eq!(saved.accesskit_node().live(), Live::Polite);
    press_cmd(&mut h, Key::Z);
    let toast = h.get_by_label_contains("Angret:");
    assert_eq!(toast.accesskit_node().live(), Live::Polite);
    assert_eq!(h.get_by_label("Lagret").accesskit_node().live(), Live::Polite);
}

#[test]
fn no_english_names_reach_a_screen_reader() {
    let mut h = harness(example_app());
    type_text(&mut h, "nav");
    for view in [View::Search, View::Overview, View::Contacts, View::Map] {
        send(&mut h, Action::Show(view));
        assert!(h.query_by_label("Resize panel").is_none(), "{view:?}");
        assert!(h.query_by_label_contains("Bredde på").is_some(), "{view:?}: the handle has a name");
    }
}

#[test]
fn revisions_due_soon_are_marked_in_words_too() {
    let h = on_tab(harness(example_app()), "Oversikt");
    h.get_by_label_contains("forfaller innen");
    h.get_by_label("senere");
}

/// Ctrl+Z belongs to a text field only while it has typing of its own to undo: the search
/// field the focus rests in (at start, or back after a dialog) does not swallow it.
#[test]
fn ctrl_z_undoes_typing_in_a_field_and_otherwise_the_register() {
    let mut h = harness(with_an_unsaved_edit(example_app()));
    let dirty = |h: &Harness<'static, App>| h.state().doc.as_ref().unwrap().is_dirty();
    assert_eq!(common::focused(&h).as_deref(), Some("Søk"));
    assert!(dirty(&h));
    press_cmd(&mut h, Key::Z);
    assert!(!dirty(&h), "nothing typed in the field: Ctrl+Z undid the register's change");
    press_cmd(&mut h, Key::Y);
    assert!(dirty(&h), "and Ctrl+Y redid it");
    type_text(&mut h, "abc");
    press_cmd(&mut h, Key::Z);
    assert!(dirty(&h), "after typing, Ctrl+Z is the field's");
}

/// A command run from the palette that puts the focus somewhere (Ctrl+F's «Søk etter …»)
/// keeps it there: the palette gives the focus back only when nothing else took it.
#[test]
fn a_palette_command_that_moves_the_focus_is_not_overridden() {
    let mut h = harness(example_app());
    common::alt_key(&mut h, Key::Num3, "3");
    assert_eq!(h.state().view, View::Services);
    focus(&mut h, "Filter");
    assert_eq!(common::focused(&h).as_deref(), Some("Filter"));
    press_cmd(&mut h, Key::K);
    type_text(&mut h, "søk etter");
    press(&mut h, Key::Enter);
    assert_eq!(h.state().view, View::Search);
    assert_eq!(common::focused(&h).as_deref(), Some("Søk"));

    // The same with the pointer, which runs the command while the palette is drawn.
    common::alt_key(&mut h, Key::Num3, "3");
    focus(&mut h, "Filter");
    press_cmd(&mut h, Key::K);
    type_text(&mut h, "søk");
    click_containing(&mut h, "Søk etter kontakt");
    assert_eq!(h.state().view, View::Search);
    assert_eq!(common::focused(&h).as_deref(), Some("Søk"));
}

/// Opening a FIFO (or a link to one) as the register shows an error in the window at once,
/// from the start-up path and from «Åpne register…», instead of freezing it. The open runs
/// on a thread with a deadline, so the test cannot hang.
#[cfg(unix)]
#[test]
fn opening_a_fifo_as_register_shows_an_error_instead_of_freezing() {
    let (dir, fifo) = common::temp_path("kø.ron");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let link = dir.path().join("lenke.ron");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    for path in [fifo, link] {
        let (tx, rx) = std::sync::mpsc::channel();
        let at_start = path.clone();
        std::thread::spawn(move || {
            let app = App::open(at_start, samkart::ui::Prefs::default());
            let _ = tx.send(app.load_error.map(|(_, e)| e));
        });
        let error = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("opening a FIFO must not wait for a writer")
            .expect("and is an error");
        assert!(error.contains("ikke en vanlig fil"), "{error}");

        let (tx, rx) = std::sync::mpsc::channel();
        let later = path.clone();
        std::thread::spawn(move || {
            let mut app = example_app();
            app.open_path(later);
            let _ = tx.send(app.doc.map(|d| d.path));
        });
        let still =
            rx.recv_timeout(std::time::Duration::from_secs(20)).expect("«Åpne register…» must not hang");
        assert_eq!(still, Some(common::nowhere()), "the open register stays open");
    }
}

#[test]
fn the_first_start_asks_for_the_users_name_once() {
    // No name in the preferences: a first start.
    let prefs = samkart::ui::Prefs::default();
    assert_eq!(prefs.user_name, "");
    let mut app = App::with_register(common::nowhere(), common::example(), today(), prefs);
    app.pick_file = common::no_dialog;
    let mut h = harness(app);
    h.get_by_label("Velkommen til Samkart");
    // The name field has the cursor; Enter takes the name.
    for c in "Kari Nordmann".chars() {
        h.event(egui::Event::Text(c.to_string()));
        h.step();
    }
    press(&mut h, Key::Enter);
    assert!(h.query_by_label("Velkommen til Samkart").is_none());
    assert_eq!(h.state().prefs.user_name, "Kari Nordmann");
    // The change log and revisions use it, never «ukjent bruker».
    let edit = some_edit(h.state());
    send(&mut h, Command::Apply(edit));
    assert_eq!(h.state().doc.as_ref().unwrap().log.last().unwrap().user, "Kari Nordmann");

    // With a name in the preferences nothing is asked.
    let h = harness(example_app());
    assert!(h.query_by_label("Velkommen til Samkart").is_none());
}

#[test]
fn the_palette_starts_a_new_contact_with_the_cursor_in_its_first_field() {
    let mut h = harness(example_app());
    press_cmd(&mut h, Key::K);
    // All twelve views are there, and the copy shortcut with its keys.
    for v in View::ALL {
        h.get_by_label_contains(&format!("Vis {}", v.label()));
    }
    type_text(&mut h, "ny kontakt");
    press(&mut h, Key::Enter);
    assert_eq!(h.state().view, View::Contacts);
    assert!(h.state().views.contacts.draft().is_some_and(|c| c.id.as_str().is_empty()));
    assert!(
        h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Navn").is_focused(),
        "the cursor is in «Navn»"
    );
}

#[test]
fn innstillinger_opens_at_the_top_whatever_was_scrolled_before() {
    let mut h = common::harness_sized(example_app(), 1000.0, 500.0);
    let heading_y = |h: &Harness<'static, App>| {
        h.get_by_role_and_label(egui::accesskit::Role::Label, "Innstillinger").rect().top()
    };
    click(&mut h, "Innstillinger");
    let top = heading_y(&h);
    // Scroll down to the user's preferences at the bottom …
    h.get_by_label("Lagre automatisk noen sekunder etter hver endring").scroll_to_me();
    h.run();
    assert!(
        h.query_by_role_and_label(egui::accesskit::Role::Label, "Innstillinger")
            .is_none_or(|n| n.rect().top() < top)
    );
    // … then another view and back: the top again.
    click(&mut h, "Oversikt");
    click(&mut h, "Innstillinger");
    assert_eq!(heading_y(&h), top);
}

#[test]
fn oversikt_lists_the_routine_the_audit_would_find_incomplete() {
    // A tall window: the warnings are drawn below the folded errors.
    let mut h = common::harness_sized(example_app(), 1280.0, 2400.0);
    click(&mut h, "Oversikt");
    assert!(has_finding(h.state(), FindingKind::RoutineIncomplete, "samarbeidsmote-med-barn"));
    // The errors come first; folded away, the warnings are in view.
    let errors =
        h.state().derived.findings.iter().filter(|f| f.severity == samkart::review::Severity::Error).count();
    click(&mut h, &format!("− {errors} feil"));
    h.get_by_label(
        "Arbeidsbeskrivelse for samarbeidsmøte med barn — Mangler ansvarlig, dato, revisjonsintervall og lenke til dokumentet",
    )
    .click();
    h.run();
    h.get_by_label("• Rutine ufullstendig");
    click(&mut h, "Åpne rutine");
    assert_eq!(h.state().view, View::Routines);
}

/// Reading order in Oversikt: from the view's tab, Tab reaches the findings before the
/// revisions panel on the right.
#[test]
fn in_oversikt_tab_reaches_the_findings_before_the_panel_on_the_right() {
    let mut h = harness(example_app());
    send(&mut h, Action::Show(View::Overview));
    h.run();
    // What the right-hand panel offers the keyboard: its links to the records due.
    let panel: Vec<String> =
        h.query_all_by_role(egui::accesskit::Role::Link).filter_map(|n| n.accesskit_node().label()).collect();
    assert!(!panel.is_empty(), "the timeline has links");
    let first = tab_to_findings(&mut h, &panel);
    // With a finding chosen, its detail (under the list) comes after the list too.
    click(&mut h, &first);
    h.get_by_label_contains("Åpne ");
    tab_to_findings(&mut h, &panel);
}

/// From Oversikt's tab, Tab until a finding, the right-hand panel or the chosen finding's
/// detail; asserts it was a finding and returns its name.
fn tab_to_findings(h: &mut Harness<'static, App>, panel: &[String]) -> String {
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Oversikt").focus();
    h.run();
    let mut seen = Vec::new();
    for _ in 0..40 {
        common::tab(h, false);
        let name = common::focused(h).unwrap_or_default();
        seen.push(name.clone());
        if name.contains(" — ")
            || panel.contains(&name)
            || name.starts_with("Bredde")
            || name.starts_with("Åpne ")
        {
            break;
        }
    }
    let last = seen.last().cloned().unwrap_or_default();
    assert!(
        last.contains(" — "),
        "Tab reached the panel on the right or the detail before the findings: {seen:?}"
    );
    last
}
