//! The record views (Tjenester, Kontakter, Avtaler, Rutiner, Fora, Tilbud), driven like a
//! user would: click and type by label, then check the register itself.

use chrono::NaiveDate;
use eframe::egui::accesskit::Role;
use eframe::egui::{self, Key};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use samkart::model::{RecordKind, Sector};
use samkart::ui::App;
use samkart::ui::command::{Action, Command, View};

use crate::common;
use crate::util::{
    click, click_role, focus, on_tab, open, press, press_cmd, retype, send, set_text, title, type_slowly,
    value,
};
use common::{reg, today};

mod a11y;

fn example_app() -> App {
    common::example_app("Test Testesen")
}

fn harness(app: App) -> Harness<'static, App> {
    common::harness_sized(app, 1400.0, 900.0)
}

/// Espen Viken's contact form with `more` typed key by key after his role, not saved; and
/// his role as the register has it.
fn espen_with_typed_after_his_role(more: &str) -> (Harness<'static, App>, String) {
    let mut h = espen_vikens_form();
    let role = reg(&h).contact(&"espen-viken".into()).unwrap().role.clone();
    focus(&mut h, "Rolle");
    type_slowly(&mut h, more);
    (h, role)
}

/// The example in a window, the form of record `id` of `kind` open.
fn form_of(kind: RecordKind, id: &str) -> Harness<'static, App> {
    let mut h = harness(example_app());
    open(&mut h, kind, id);
    h
}

/// The example in a window, Espen Viken's contact form open.
fn espen_vikens_form() -> Harness<'static, App> {
    form_of(RecordKind::Contact, "espen-viken")
}

#[test]
fn an_invalid_phone_is_refused_with_a_message_and_a_valid_one_is_saved() {
    let mut h = espen_vikens_form();
    assert_eq!(h.state().view, View::Contacts);
    assert_eq!(h.get_by_role_and_label(Role::TextInput, "Navn").value().as_deref(), Some("Espen Viken"));

    set_text(&mut h, "Telefon", "61 24 53");
    h.get_by_label(
        "Telefonnummeret må ha 8 sifre, eller være et kortnummer som 112, 02800 eller 116 111 (fant 6 sifre)",
    );
    h.get_by_label_contains("Kan ikke lagre før dette er rettet");
    // «Lagre» is disabled: clicking it changes nothing.
    click(&mut h, "Lagre");
    let c = reg(&h).contacts.iter().find(|c| c.id.as_str() == "espen-viken").unwrap();
    assert_eq!(c.phone.value, "61 24 53 02");
    assert!(!h.state().doc.as_ref().unwrap().is_dirty());

    set_text(&mut h, "Telefon", "+47 612 45 399");
    assert!(h.query_by_label_contains("Telefonnummeret må ha").is_none());
    click(&mut h, "Lagre");
    let c = reg(&h).contacts.iter().find(|c| c.id.as_str() == "espen-viken").unwrap();
    assert_eq!(c.phone.value, "61 24 53 99", "saved as «xx xx xx xx»");
    assert!(h.state().doc.as_ref().unwrap().is_dirty());

    // Short numbers are numbers too, saved in their usual grouping.
    set_text(&mut h, "Telefon", "116111");
    assert!(h.query_by_label_contains("Telefonnummeret må ha").is_none());
    click(&mut h, "Lagre");
    let c = reg(&h).contacts.iter().find(|c| c.id.as_str() == "espen-viken").unwrap();
    assert_eq!(c.phone.value, "116 111");
}

#[test]
fn an_invalid_email_and_org_number_are_refused() {
    let mut h = form_of(RecordKind::Service, "mgbv");
    set_text(&mut h, "E-post", "post@mgbv");
    h.get_by_label("E-postadressen mangler et gyldig domene (f.eks. kommune.no)");
    set_text(&mut h, "E-post", "post@mgbv.no");
    set_text(&mut h, "Organisasjonsnummer", "974760674");
    h.get_by_label("Organisasjonsnummeret er ugyldig (kontrollsifferet stemmer ikke)");
    click(&mut h, "Lagre");
    assert_ne!(reg(&h).service(&"mgbv".into()).unwrap().email, "post@mgbv.no");
    set_text(&mut h, "Organisasjonsnummer", "974 760 673");
    click(&mut h, "Lagre");
    let s = reg(&h).service(&"mgbv".into()).unwrap();
    assert_eq!((s.email.as_str(), s.org_number.as_str()), ("post@mgbv.no", "974760673"));
}

#[test]
fn creating_a_service() {
    let mut h = on_tab(harness(example_app()), "Tjenester");
    let before = reg(&h).services.len();
    click(&mut h, "Ny tjeneste");
    // A new record without a name cannot be saved, and says so without shouting: no red
    // message before anything is typed.
    assert!(h.query_by_label("Må fylles ut").is_none());
    h.get_by_label("Fyll ut før du lagrer: Navn");
    set_text(&mut h, "Navn", "Ungdomslos Ringebu");
    set_text(&mut h, "Telefon", "95012345");
    click(&mut h, "Lagre");
    let r = reg(&h);
    assert_eq!(r.services.len(), before + 1);
    let s = r.service(&"ungdomslos-ringebu".into()).expect("id from the name");
    assert_eq!(s.name, "Ungdomslos Ringebu");
    assert_eq!(s.phone, "95 01 23 45");
    assert!(s.active);
    // The new service stays selected and shows in the table.
    assert_eq!(h.state().views.services.selected.as_deref(), Some("ungdomslos-ringebu"));
    h.get_by_label_contains(&format!("Tjenester ({} av {})", before + 1, before + 1));
}

#[test]
fn deleting_asks_for_confirmation_and_lists_the_references_it_would_break() {
    let mut h = form_of(RecordKind::Service, "nav-midtdalen");
    click(&mut h, "Slett …");
    h.get_by_label_contains("referansene blir brutt");
    h.get_by_label("• Kontakt «Arne Lyngstad» hører til tjenesten");
    h.get_by_label("• Kontakt «Espen Viken» hører til tjenesten");
    click(&mut h, "Avbryt sletting");
    assert!(reg(&h).service(&"nav-midtdalen".into()).is_some(), "cancel keeps it");

    click(&mut h, "Slett …");
    click(&mut h, "Slett");
    assert!(reg(&h).service(&"nav-midtdalen".into()).is_none());
    // The next row is selected in its place (see `a11y::after_a_delete_…`).
    assert_ne!(h.state().views.services.selected.as_deref(), Some("nav-midtdalen"));
    assert!(h.state().views.services.selected.is_some());
}

#[test]
fn a_record_nothing_refers_to_is_deleted_after_a_plain_question() {
    let mut h = form_of(RecordKind::Agreement, "avtale-barnevern-frivillige");
    click(&mut h, "Slett …");
    h.get_by_label("Ingen andre poster viser til denne.");
    click(&mut h, "Slett");
    assert!(reg(&h).agreement(&"avtale-barnevern-frivillige".into()).is_none());
    // Undo brings it back.
    press_cmd(&mut h, Key::Z);
    assert!(reg(&h).agreement(&"avtale-barnevern-frivillige".into()).is_some());
}

#[test]
fn filtering_by_sector_narrows_the_table() {
    let mut h = on_tab(harness(example_app()), "Tjenester");
    let total = reg(&h).services.len();
    let barnevern = reg(&h).services.iter().filter(|s| s.sector == Sector::Barnevern).count();
    assert!(barnevern > 0 && barnevern < total);
    h.get_by_label_contains(&format!("Tjenester ({total} av {total})"));
    click(&mut h, "Sektor");
    click_role(&mut h, Role::Button, "Barnevern");
    h.get_by_label_contains(&format!("Tjenester ({barnevern} av {total})"));
    let ids: Vec<String> = h.state().views.services.row_ids(reg(&h)).into_iter().map(str::to_owned).collect();
    assert_eq!(ids.len(), barnevern);
    for id in &ids {
        assert_eq!(reg(&h).service(&id.as_str().into()).unwrap().sector, Sector::Barnevern);
    }
    click(&mut h, "Nullstill filter");
    h.get_by_label_contains(&format!("Tjenester ({total} av {total})"));
}

#[test]
fn the_text_filter_and_bare_flaggede_narrow_contacts() {
    let mut h = on_tab(harness(example_app()), "Kontakter");
    set_text(&mut h, "Filter", "nav-leder");
    let ids: Vec<String> = h.state().views.contacts.row_ids(reg(&h)).into_iter().map(str::to_owned).collect();
    assert_eq!(ids, ["espen-viken"]);
    set_text(&mut h, "Filter", "");
    click(&mut h, "Bare flaggede");
    let flagged = h.state().views.contacts.row_ids(reg(&h)).len();
    let expected: std::collections::HashSet<&str> = h
        .state()
        .derived
        .findings
        .iter()
        .filter(|f| f.subject.kind == RecordKind::Contact)
        .map(|f| f.subject.id.as_str())
        .collect();
    assert!(flagged > 0 && flagged < reg(&h).contacts.len());
    assert_eq!(flagged, expected.len());
}

/// The rows of Tjenester's table in the order shown, each as `cell` reads its service.
fn service_rows(h: &Harness<'static, App>, cell: impl Fn(&samkart::model::Service) -> String) -> Vec<String> {
    let r = reg(h);
    h.state().views.services.row_ids(r).iter().map(|id| cell(r.service(&(*id).into()).unwrap())).collect()
}

#[test]
fn clicking_a_column_header_sorts_and_clicking_again_reverses() {
    let mut h = on_tab(harness(example_app()), "Tjenester");
    let names = |h: &Harness<'static, App>| service_rows(h, |s| s.name.clone());
    let by_name = names(&h);
    let mut sorted = by_name.clone();
    sorted.sort_by_key(|n| samkart::model::sort_key(n));
    assert_eq!(by_name, sorted, "sorted by name first");

    click(&mut h, "Sorter etter sektor");
    let sectors =
        |h: &Harness<'static, App>| service_rows(h, |s| samkart::model::Labelled::label(s.sector).to_owned());
    let s = sectors(&h);
    let mut sorted = s.clone();
    sorted.sort_by_key(|n| samkart::model::sort_key(n));
    assert_eq!(s, sorted);
    assert_ne!(names(&h), by_name);

    click(&mut h, "Sektor, sortert stigende");
    let s = sectors(&h);
    sorted.reverse();
    assert_eq!(s, sorted, "second click sorts descending");
}

#[test]
fn arrow_keys_move_the_selection_in_the_table() {
    let mut h = on_tab(harness(example_app()), "Kontakter");
    let first_two: Vec<String> =
        h.state().views.contacts.row_ids(reg(&h)).iter().take(2).map(|s| s.to_string()).collect();
    press(&mut h, Key::ArrowDown);
    assert_eq!(h.state().views.contacts.selected.as_deref(), Some(first_two[0].as_str()));
    press(&mut h, Key::ArrowDown);
    assert_eq!(h.state().views.contacts.selected.as_deref(), Some(first_two[1].as_str()));
    press(&mut h, Key::ArrowUp);
    assert_eq!(h.state().views.contacts.selected.as_deref(), Some(first_two[0].as_str()));
    // The detail panel shows the selected contact's form.
    let name = reg(&h).contact(&first_two[0].as_str().into()).unwrap().name.clone();
    assert_eq!(h.get_by_role_and_label(Role::TextInput, "Navn").value().as_deref(), Some(name.as_str()));
}

/// Opens agreement `id` and clicks «Marker som revidert»; returns how many revisions it had.
fn start_revising(h: &mut Harness<'static, App>, id: &str) -> usize {
    let before = reg(h).agreement(&id.into()).unwrap().revisions.len();
    open(h, RecordKind::Agreement, id);
    click(h, "Marker som revidert");
    before
}

#[test]
fn marker_som_revidert_adds_a_revision() {
    let mut h = harness(example_app());
    let id = "avtale-barnevern-helsestasjon";
    let before = start_revising(&mut h, id);
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Revisjonsdato").value().as_deref(),
        Some("23.11.2026")
    );
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Revidert av").value().as_deref(),
        Some("Test Testesen")
    );
    set_text(&mut h, "Merknad", "Gjennomgått i samordningsmøtet");
    click(&mut h, "Registrer revisjon");
    let a = reg(&h).agreement(&id.into()).unwrap();
    assert_eq!(a.revisions.len(), before + 1);
    let last = a.revisions.last().unwrap();
    assert_eq!(
        (last.date, last.by.as_str(), last.note.as_str()),
        (today(), "Test Testesen", "Gjennomgått i samordningsmøtet")
    );
    assert_eq!(a.last_revised(), Some(today()));
    // The history in the detail panel shows it.
    h.get_by_label("23.11.2026 Test Testesen – Gjennomgått i samordningsmøtet");
}

#[test]
fn deactivating_a_contact_keeps_it_as_history() {
    let mut h = form_of(RecordKind::Contact, "arne-lyngstad");
    click(&mut h, "Marker som sluttet");
    let c = reg(&h).contact(&"arne-lyngstad".into()).unwrap();
    assert!(!c.active);
    assert!(h.query_by_label("Marker som sluttet").is_none());
}

#[test]
fn duplicating_a_routine_makes_a_new_one_without_history() {
    let mut h = harness(example_app());
    let original = reg(&h).routines.iter().find(|r| !r.revisions.is_empty()).unwrap().clone();
    open(&mut h, RecordKind::Routine, original.id.as_str());
    click(&mut h, "Dupliser");
    click(&mut h, "Lagre");
    let title = format!("{} (kopi)", original.title);
    let copy = reg(&h).routines.iter().find(|r| r.title == title).expect("copy saved");
    assert_ne!(copy.id, original.id);
    assert!(copy.revisions.is_empty());
    assert_eq!(copy.services, original.services);
}

#[test]
fn cancel_discards_the_draft() {
    let mut h = harness(example_app());
    let id = reg(&h).forums[0].id.to_string();
    open(&mut h, RecordKind::Forum, &id);
    let name = reg(&h).forums[0].name.clone();
    set_text(&mut h, "Navn", "Noe annet");
    click(&mut h, "Tilbakestill");
    assert_eq!(h.get_by_role_and_label(Role::TextInput, "Navn").value().as_deref(), Some(name.as_str()));
    assert_eq!(reg(&h).forums[0].name, name);
}

#[test]
fn a_bad_date_is_refused_and_a_good_one_saved() {
    let mut h = harness(example_app());
    let id = reg(&h).offerings[0].id.to_string();
    open(&mut h, RecordKind::Offering, &id);
    set_text(&mut h, "Sist bekreftet aktiv", "31.02.2026");
    h.get_by_label("31.02.2026 finnes ikke");
    set_text(&mut h, "Sist bekreftet aktiv", "1. mars");
    h.get_by_label("Skriv datoen som dd.mm.åååå, f.eks. 23.11.2026");
    set_text(&mut h, "Sist bekreftet aktiv", "01.03.2026");
    click(&mut h, "Lagre");
    assert_eq!(reg(&h).offering(&id.as_str().into()).unwrap().confirmed, NaiveDate::from_ymd_opt(2026, 3, 1));
}

#[test]
fn alt_digit_in_a_form_field_leaves_the_record_unchanged() {
    let mut h = espen_vikens_form();
    focus(&mut h, "Navn");
    // Alt+4 is Kontakter, the view already shown: the field keeps the focus.
    common::alt_key(&mut h, Key::Num4, "4");
    assert_eq!(h.get_by_role_and_label(Role::TextInput, "Navn").value().as_deref(), Some("Espen Viken"));
    assert_eq!(h.state().views.contacts.draft().unwrap().name, "Espen Viken");
    assert!(h.get_by_label("Lagre").accesskit_node().is_disabled(), "nothing to save");
}

#[test]
fn the_delete_question_opens_on_cancel_and_esc_keeps_the_record() {
    let mut h = form_of(RecordKind::Service, "nav-midtdalen");
    h.get_by_label("Slett …").focus();
    h.run();
    press(&mut h, Key::Enter);
    h.get_by_role_and_label(Role::Dialog, "Slette tjeneste «NAV Midtdalen»?");
    assert_eq!(common::focused(&h).as_deref(), Some("Avbryt sletting"), "the safe choice has the focus");
    // The destructive button comes after it in Tab order.
    common::tab(&mut h, false);
    assert_eq!(common::focused(&h).as_deref(), Some("Slett"));
    press(&mut h, Key::Escape);
    assert!(h.query_by_role(Role::Dialog).is_none(), "Esc closes the question");
    assert!(reg(&h).service(&"nav-midtdalen".into()).is_some(), "Esc keeps the record");
    assert_eq!(common::focused(&h).as_deref(), Some("Slett …"), "the focus is back where it was");
}

#[test]
fn an_inactive_row_says_so_in_words() {
    let mut h = espen_vikens_form();
    click(&mut h, "Marker som sluttet");
    h.get_by_label("Espen Viken (sluttet)");
}

#[test]
fn a_new_contact_typed_key_by_key_keeps_every_letter() {
    let mut h = on_tab(harness(example_app()), "Kontakter");
    let before = reg(&h).contacts.len();
    click(&mut h, "Ny kontakt");
    // No service is chosen for the user, and nothing is red before anything is typed.
    assert_eq!(h.state().views.contacts.draft().unwrap().service.as_str(), "");
    assert!(h.query_by_label_contains("Må fylles ut").is_none());
    assert!(h.query_by_label("Velg en tjeneste").is_none());
    // The cursor is in the first field.
    assert!(h.get_by_role_and_label(Role::TextInput, "Navn").is_focused());

    // Each first key makes the field's message vanish and the status line change: the
    // cursor must stay where it is.
    type_slowly(&mut h, "Kari Nordmann");
    focus(&mut h, "Rolle");
    type_slowly(&mut h, "Veileder for ungdom");
    focus(&mut h, "Telefon");
    // «1» is a wrong number (a message appears), «12345678» a right one (it goes again).
    type_slowly(&mut h, "12345678");
    assert_eq!(value(&h, "Navn"), "Kari Nordmann");
    assert_eq!(value(&h, "Rolle"), "Veileder for ungdom");
    assert_eq!(value(&h, "Telefon"), "12345678");
    assert!(h.query_by_label_contains("Telefonnummeret må ha").is_none());

    // The service picker: its filter has the cursor when it opens; typing narrows, Enter picks.
    click_role(&mut h, Role::ComboBox, "Tjeneste");
    assert!(h.get_by_role_and_label(Role::TextInput, "Filtrer").is_focused());
    type_slowly(&mut h, "nav midt");
    press(&mut h, Key::Enter);
    assert_eq!(h.state().views.contacts.draft().unwrap().service.as_str(), "nav-midtdalen");

    click(&mut h, "Lagre");
    let r = reg(&h);
    assert_eq!(r.contacts.len(), before + 1);
    let c = r.contact(&"kari-nordmann".into()).expect("saved with an id from the name");
    assert_eq!((c.name.as_str(), c.role.as_str()), ("Kari Nordmann", "Veileder for ungdom"));
    assert_eq!((c.service.as_str(), c.phone.value.as_str()), ("nav-midtdalen", "12 34 56 78"));
}

#[test]
fn an_existing_phone_retyped_key_by_key_while_its_message_comes_and_goes() {
    let mut h = espen_vikens_form();
    focus(&mut h, "Mobil");
    press_cmd(&mut h, Key::A);
    type_slowly(&mut h, "900");
    // Three digits: the message is there, under the field, and the cursor still in it.
    h.get_by_label("«900» er ikke et kjent kortnummer: de tresifrede er nødnumrene 110, 112 og 113; ellers må nummeret ha 8 sifre");
    assert!(h.get_by_role_and_label(Role::TextInput, "Mobil").is_focused());
    type_slowly(&mut h, "12345");
    assert_eq!(value(&h, "Mobil"), "90012345");
    assert!(h.query_by_label_contains("kortnummer").is_none());
    press_cmd(&mut h, Key::S);
    assert_eq!(reg(&h).contact(&"espen-viken".into()).unwrap().mobile.value, "90 01 23 45");
}

#[test]
fn a_new_offering_typed_key_by_key_with_a_volunteer_provider() {
    let mut h = on_tab(harness(example_app()), "Tilbud");
    click(&mut h, "Nytt tilbud");
    assert_eq!(h.state().views.offerings.draft().unwrap().provider.as_str(), "", "no provider chosen");
    type_slowly(&mut h, "Turgruppe for ungdom");
    focus(&mut h, "Alder");
    type_slowly(&mut h, "12-16");
    assert_eq!(value(&h, "Navn"), "Turgruppe for ungdom");
    assert_eq!(value(&h, "Alder"), "12-16");

    // «Tilbyder» lists volunteer organisations only, until «Vis alle» is ticked. (The
    // list's entries are buttons; the table's provider cells are labels.)
    click_role(&mut h, Role::ComboBox, "Tilbyder");
    h.get_by_role_and_label(Role::Button, "Sør-Fron 4H");
    type_slowly(&mut h, "nav");
    h.get_by_label("Ingen passer");
    click(&mut h, "Vis alle tjenester, ikke bare frivillige");
    h.get_by_role_and_label(Role::Button, "NAV Midtdalen");
    // Clicking the filter field keeps the list open.
    click_role(&mut h, Role::TextInput, "Filtrer");
    h.get_by_role_and_label(Role::Button, "NAV Midtdalen");
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    type_slowly(&mut h, "4h");
    press(&mut h, Key::Enter);
    assert!(h.query_by_role_and_label(Role::TextInput, "Filtrer").is_none(), "choosing closes the list");
    click(&mut h, "Lagre");
    let o = reg(&h).offerings.iter().find(|o| o.name == "Turgruppe for ungdom").expect("saved");
    assert_eq!(o.age, Some(samkart::model::AgeRange::new(12, 16)));
    assert_eq!(
        o.provider.as_str(),
        reg(&h).services.iter().find(|s| s.name == "Sør-Fron 4H").unwrap().id.as_str()
    );
}

#[test]
fn a_form_edit_counts_as_unsaved_and_blocks_quit_and_row_switch() {
    let (mut h, role) = espen_with_typed_after_his_role(" og ungdom");
    assert!(title(&h).starts_with("● "), "typed text is unsaved work: {}", title(&h));
    h.get_by_label("• Skjemaet er ikke lagret");

    // Ctrl+Q asks; «Avbryt» keeps the app and the text.
    press_cmd(&mut h, Key::Q);
    h.get_by_label("Endringer er ikke lagret");
    h.get_by_label_contains("har endringer i skjemaet som ikke er lagret");
    assert!(!h.state().is_quitting());
    click(&mut h, "Avbryt");
    assert!(!h.state().is_quitting());
    assert_eq!(value(&h, "Rolle"), format!("{role} og ungdom"));

    // Another row asks too; «Avbryt» stays, «Forkast endringene» moves on without the edit.
    let other = h.state().views.contacts.row_ids(reg(&h))[0].to_owned();
    let name = reg(&h).contact(&other.as_str().into()).unwrap().name.clone();
    click(&mut h, &name);
    h.get_by_label("Endringene i skjemaet er ikke lagret");
    click(&mut h, "Avbryt");
    assert_eq!(h.state().views.contacts.selected.as_deref(), Some("espen-viken"));
    click(&mut h, &name);
    click(&mut h, "Forkast endringene");
    assert_eq!(h.state().views.contacts.selected.as_deref(), Some(other.as_str()));
    assert_eq!(reg(&h).contact(&"espen-viken".into()).unwrap().role, role);
    assert!(!title(&h).starts_with("● "));

    // «Lagre endringene» in the question commits the form, then moves on.
    focus(&mut h, "Rolle");
    type_slowly(&mut h, "!");
    click(&mut h, "Espen Viken");
    click(&mut h, "Lagre endringene");
    assert_eq!(h.state().views.contacts.selected.as_deref(), Some("espen-viken"));
    assert!(reg(&h).contact(&other.as_str().into()).unwrap().role.ends_with('!'));
}

#[test]
fn ctrl_s_with_a_form_open_commits_the_form_and_saves_the_file() {
    let (_dir, path) = common::temp_path("register.ron");
    let mut h = harness(common::app(common::example(), path.clone(), "Test Testesen"));
    open(&mut h, RecordKind::Contact, "espen-viken");
    retype(&mut h, "Rolle", "NAV-leder");
    press_cmd(&mut h, Key::S);
    assert_eq!(
        samkart::store::load(&path).unwrap().contact(&"espen-viken".into()).unwrap().role,
        "NAV-leder"
    );
    assert!(!title(&h).starts_with("● "), "{}", title(&h));
    assert!(h.query_by_label("• Skjemaet er ikke lagret").is_none());
    // The cursor is still in the field.
    assert!(h.get_by_role_and_label(Role::TextInput, "Rolle").is_focused());

    // A form with an error is not committed; the rest of the work is, and the user is told.
    retype(&mut h, "Telefon", "123");
    press_cmd(&mut h, Key::S);
    h.get_by_label_contains("Skjemaet er ikke lagret: kontakt «Espen Viken»: Telefon");
    assert_ne!(
        samkart::store::load(&path).unwrap().contact(&"espen-viken".into()).unwrap().phone.value,
        "123"
    );
    assert!(title(&h).starts_with("● "));
}

#[test]
fn esc_in_a_form_asks_before_throwing_typed_text_away() {
    let (mut h, role) = espen_with_typed_after_his_role(" X");
    press(&mut h, Key::Escape);
    h.get_by_label("Endringene i skjemaet er ikke lagret");
    click(&mut h, "Avbryt");
    assert_eq!(value(&h, "Rolle"), format!("{role} X"), "Avbryt keeps the text");
    press(&mut h, Key::Escape);
    click(&mut h, "Forkast endringene");
    assert_eq!(value(&h, "Rolle"), role);
    // Esc in a form without edits asks nothing.
    press(&mut h, Key::Escape);
    assert!(h.query_by_label("Endringene i skjemaet er ikke lagret").is_none());
}

#[test]
fn a_verification_date_in_the_future_is_refused_as_it_is_typed() {
    let mut h = espen_vikens_form();
    retype(&mut h, "Sist bekreftet", "24.11.2026");
    h.get_by_label("Datoen kan ikke være fram i tid");
    assert!(h.get_by_role_and_label(Role::TextInput, "Sist bekreftet").is_focused());
    click(&mut h, "Lagre");
    assert_ne!(
        reg(&h).contact(&"espen-viken".into()).unwrap().verified,
        NaiveDate::from_ymd_opt(2026, 11, 24)
    );
    // Today is fine.
    retype(&mut h, "Sist bekreftet", "23.11.2026");
    assert!(h.query_by_label("Datoen kan ikke være fram i tid").is_none());
    click(&mut h, "Lagre");
    assert_eq!(reg(&h).contact(&"espen-viken".into()).unwrap().verified, Some(today()));
}

#[test]
fn a_revision_in_the_future_is_refused_and_a_revision_is_logged_by_date_and_name() {
    let mut h = harness(example_app());
    let id = "avtale-barnevern-helsestasjon";
    let before = start_revising(&mut h, id);
    retype(&mut h, "Revisjonsdato", "30.11.2026");
    h.get_by_label("Datoen kan ikke være fram i tid");
    click(&mut h, "Registrer revisjon");
    assert_eq!(reg(&h).agreement(&id.into()).unwrap().revisions.len(), before, "refused");
    retype(&mut h, "Revisjonsdato", "31.02.2026");
    h.get_by_label("31.02.2026 finnes ikke");
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    type_slowly(&mut h, "20.11.2026");
    click(&mut h, "Registrer revisjon");
    let a = reg(&h).agreement(&id.into()).unwrap();
    assert_eq!(a.revisions.len(), before + 1);
    assert!(a.revisions.is_sorted_by_key(|r| r.date));
    let log = &h.state().doc.as_ref().unwrap().log;
    assert_eq!(
        log.last().unwrap().text,
        format!("Markert som revidert 20.11.2026 av Test Testesen (avtale «{}»)", a.title)
    );
}

#[test]
fn a_click_anywhere_in_a_column_header_sorts() {
    let mut h = on_tab(harness(example_app()), "Tjenester");
    // Right of the title, inside the header cell.
    let title = h.get_by_label("Sorter etter sektor").rect();
    h.hover_at(title.right_center() + egui::vec2(15.0, 0.0));
    h.run();
    h.event(egui::Event::PointerButton {
        pos: title.right_center() + egui::vec2(15.0, 0.0),
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.event(egui::Event::PointerButton {
        pos: title.right_center() + egui::vec2(15.0, 0.0),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.run();
    assert_eq!(h.state().views.services.sort, (2, true), "sorted by Sektor, the third column");
}

#[test]
fn a_national_identity_number_typed_into_a_form_is_refused_and_the_text_kept() {
    let mut h = espen_vikens_form();
    let original = reg(&h).contact(&"espen-viken".into()).unwrap().clone();
    h.get_by_role_and_label(Role::MultilineTextInput, "Merknad").focus();
    h.run();
    type_slowly(&mut h, " Gjelder 150765 00565");
    click(&mut h, "Lagre");
    // Refused, with the reason where «Lagre» is; the register untouched, the text still there.
    h.get_by_label_contains("Ikke lagret:");
    h.get_by_label_contains("fødselsnummer");
    assert_eq!(reg(&h).contact(&"espen-viken".into()).unwrap(), &original);
    let note = h.get_by_role_and_label(Role::MultilineTextInput, "Merknad").value().unwrap_or_default();
    assert!(note.ends_with("Gjelder 150765 00565"), "{note}");
    assert!(title(&h).starts_with("● "), "still unsaved work");
    // Ctrl+S refuses it the same way and says so.
    press_cmd(&mut h, Key::S);
    assert_eq!(reg(&h).contact(&"espen-viken".into()).unwrap(), &original);
    h.get_by_label_contains("Skjemaet er ikke lagret: kontakt");
}

#[test]
fn hostile_text_typed_into_a_form_is_stored_as_typed() {
    let mut h = espen_vikens_form();
    // A formula and markup are text like any other here (the exports escape them); a pasted
    // line break becomes a space and an escape sequence's control character goes.
    let role = "=cmd|' /C calc'!A0 <script>alert(1)</script>";
    focus(&mut h, "Rolle");
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Paste(format!("{role}\r\n\u{1b}[31mleder")));
    h.run();
    let long = "x".repeat(5_000);
    h.get_by_role_and_label(Role::MultilineTextInput, "Merknad").focus();
    h.run();
    h.event(egui::Event::Text(long.clone()));
    h.run();
    press_cmd(&mut h, Key::S);
    let c = reg(&h).contact(&"espen-viken".into()).unwrap();
    assert_eq!(c.role, format!("{role}  [31mleder"));
    assert!(c.note.ends_with(&long));
}

#[test]
fn the_year_wheel_lists_the_coming_months_and_each_entry_opens_its_record() {
    // Tall enough that all twelve months are on screen without scrolling.
    let mut h = common::harness_sized(example_app(), 1400.0, 3000.0);
    click(&mut h, "Årshjul");
    assert_eq!(h.state().view, View::YearWheel);
    h.get_by_label("november 2026 (denne måneden)");
    h.get_by_label("januar 2027");
    h.get_by_label("oktober 2027");
    assert!(h.query_by_label("november 2027").is_none(), "twelve months");
    // The HSA group meets quarterly from 15.01.2026: January's entry opens the forum.
    let links: Vec<_> = h.query_all_by_label("HSA-gruppa (holdningsskapende arbeid)").collect();
    assert_eq!(links.len(), 4, "January, April, July and October");
    links[0].click();
    h.run();
    assert_eq!(h.state().view, View::Forums);
    assert_eq!(h.state().views.forums.selected.as_deref(), Some("hsa-gruppe"));
    click(&mut h, "Årshjul");
    click(&mut h, "Årlig bekreftelse av frivillige tilbud");
    assert_eq!(h.state().view, View::Volunteer);
    click(&mut h, "Årshjul");
    h.get_by_label_contains("Allerede forfalt");
    // The forum with no dates is named, so someone can add them.
    h.get_by_label("SLT-koordineringsgruppe").click();
    // The list scrolls the row into view, an animation of a few frames.
    h.run_steps(8);
    assert_eq!(h.state().views.forums.selected.as_deref(), Some("slt-koordineringsgruppe"));
}

#[test]
fn the_offerings_view_filters_on_the_plans_status() {
    let mut h = harness(example_app());
    send(&mut h, Action::Show(View::Offerings));
    h.get_by_label("Barnesamtale fra 3 år");
    h.get_by_label("Leksehjelp på Vinstra bibliotek");
    click_role(&mut h, Role::ComboBox, "Status");
    // The choices of the filter are the plan's statuses.
    for status in ["Alle", "Pågående", "Avsluttet"] {
        assert!(h.query_all_by_label(status).count() >= 1, "{status}");
    }
    h.key_press(Key::Escape);
    h.state_mut().views.offerings.filter.status = Some(0);
    h.run();
    h.get_by_label("Barnesamtale fra 3 år");
    assert!(h.query_by_label("Leksehjelp på Vinstra bibliotek").is_none(), "only planned measures");
    // Started: no longer among the planned.
    let mut o = reg(&h).offering(&"barnesamtale-fra-3-ar".into()).unwrap().clone();
    o.status = samkart::model::OfferingStatus::Ongoing;
    send(&mut h, Command::Apply(samkart::edit::Edit::put(samkart::edit::Record::Offering(o))));
    assert!(h.query_by_label("Barnesamtale fra 3 år").is_none());
    h.state_mut().views.offerings.filter.status = Some(1);
    h.run();
    h.get_by_label("Barnesamtale fra 3 år");
}
