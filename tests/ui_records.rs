//! The record views (Tjenester, Kontakter, Avtaler, Rutiner, Fora, Tilbud), driven like a
//! user would: click and type by label, then check the register itself.

use chrono::NaiveDate;
use eframe::egui::accesskit::Role;
use eframe::egui::{self, Key};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use samkart::model::{RecordKind, Sector};
use samkart::ui::App;
use samkart::ui::command::{Command, View};

mod common;
use common::{reg, today};

fn example_app() -> App {
    common::example_app("Test Testesen")
}

fn harness(app: App) -> Harness<'static, App> {
    common::harness_sized(app, 1400.0, 900.0)
}

fn open(h: &mut Harness<'static, App>, kind: RecordKind, id: &str) {
    h.state_mut().send(Command::Open(kind, id.into()));
    h.run();
    h.run();
}

/// Replaces the text of the text field labelled `label`.
fn set_text(h: &mut Harness<'static, App>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).set_text_value_accesskit(text);
    h.run();
}

#[test]
fn an_invalid_phone_is_refused_with_a_message_and_a_valid_one_is_saved() {
    let mut h = harness(example_app());
    open(&mut h, RecordKind::Contact, "espen-viken");
    assert_eq!(h.state().view, View::Contacts);
    assert_eq!(h.get_by_role_and_label(Role::TextInput, "Navn").value().as_deref(), Some("Espen Viken"));

    set_text(&mut h, "Telefon", "61 24 53");
    h.get_by_label(
        "Telefonnummeret må ha 8 sifre, eller være et kortnummer som 112, 02800 eller 116 111 (fant 6 sifre)",
    );
    h.get_by_label_contains("Kan ikke lagre før dette er rettet");
    // «Lagre» is disabled: clicking it changes nothing.
    h.get_by_label("Lagre").click();
    h.run();
    let c = reg(&h).contacts.iter().find(|c| c.id.as_str() == "espen-viken").unwrap();
    assert_eq!(c.phone.value, "61 24 53 02");
    assert!(!h.state().doc.as_ref().unwrap().is_dirty());

    set_text(&mut h, "Telefon", "+47 612 45 399");
    assert!(h.query_by_label_contains("Telefonnummeret må ha").is_none());
    h.get_by_label("Lagre").click();
    h.run();
    let c = reg(&h).contacts.iter().find(|c| c.id.as_str() == "espen-viken").unwrap();
    assert_eq!(c.phone.value, "61 24 53 99", "saved as «xx xx xx xx»");
    assert!(h.state().doc.as_ref().unwrap().is_dirty());

    // Short numbers are numbers too, saved in their usual grouping.
    set_text(&mut h, "Telefon", "116111");
    assert!(h.query_by_label_contains("Telefonnummeret må ha").is_none());
    h.get_by_label("Lagre").click();
    h.run();
    let c = reg(&h).contacts.iter().find(|c| c.id.as_str() == "espen-viken").unwrap();
    assert_eq!(c.phone.value, "116 111");
}

#[test]
fn an_invalid_email_and_org_number_are_refused() {
    let mut h = harness(example_app());
    open(&mut h, RecordKind::Service, "mgbv");
    set_text(&mut h, "E-post", "post@mgbv");
    h.get_by_label("E-postadressen mangler et gyldig domene (f.eks. kommune.no)");
    set_text(&mut h, "E-post", "post@mgbv.no");
    set_text(&mut h, "Organisasjonsnummer", "974760674");
    h.get_by_label("Organisasjonsnummeret er ugyldig (kontrollsifferet stemmer ikke)");
    h.get_by_label("Lagre").click();
    h.run();
    assert_ne!(reg(&h).service(&"mgbv".into()).unwrap().email, "post@mgbv.no");
    set_text(&mut h, "Organisasjonsnummer", "974 760 673");
    h.get_by_label("Lagre").click();
    h.run();
    let s = reg(&h).service(&"mgbv".into()).unwrap();
    assert_eq!((s.email.as_str(), s.org_number.as_str()), ("post@mgbv.no", "974760673"));
}

#[test]
fn creating_a_service() {
    let mut h = harness(example_app());
    h.get_by_label("Tjenester").click();
    h.run();
    let before = reg(&h).services.len();
    h.get_by_label("Ny tjeneste").click();
    h.run();
    // A new record without a name cannot be saved.
    h.get_by_label("Må fylles ut");
    set_text(&mut h, "Navn", "Ungdomslos Ringebu");
    set_text(&mut h, "Telefon", "95012345");
    h.get_by_label("Lagre").click();
    h.run();
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
    let mut h = harness(example_app());
    open(&mut h, RecordKind::Service, "nav-midtdalen");
    h.get_by_label("Slett …").click();
    h.run();
    h.get_by_label_contains("referansene blir brutt");
    h.get_by_label("• Kontakt «Arne Lyngstad» hører til tjenesten");
    h.get_by_label("• Kontakt «Espen Viken» hører til tjenesten");
    h.get_by_label("Avbryt sletting").click();
    h.run();
    assert!(reg(&h).service(&"nav-midtdalen".into()).is_some(), "cancel keeps it");

    h.get_by_label("Slett …").click();
    h.run();
    h.get_by_label("Slett").click();
    h.run();
    assert!(reg(&h).service(&"nav-midtdalen".into()).is_none());
    assert!(h.state().views.services.selected.is_none());
}

#[test]
fn a_record_nothing_refers_to_is_deleted_after_a_plain_question() {
    let mut h = harness(example_app());
    open(&mut h, RecordKind::Agreement, "avtale-barnevern-frivillige");
    h.get_by_label("Slett …").click();
    h.run();
    h.get_by_label("Ingen andre poster viser til denne.");
    h.get_by_label("Slett").click();
    h.run();
    assert!(reg(&h).agreement(&"avtale-barnevern-frivillige".into()).is_none());
    // Undo brings it back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(reg(&h).agreement(&"avtale-barnevern-frivillige".into()).is_some());
}

#[test]
fn filtering_by_sector_narrows_the_table() {
    let mut h = harness(example_app());
    h.get_by_label("Tjenester").click();
    h.run();
    let total = reg(&h).services.len();
    let barnevern = reg(&h).services.iter().filter(|s| s.sector == Sector::Barnevern).count();
    assert!(barnevern > 0 && barnevern < total);
    h.get_by_label_contains(&format!("Tjenester ({total} av {total})"));
    h.get_by_label("Sektor").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Barnevern").click();
    h.run();
    h.get_by_label_contains(&format!("Tjenester ({barnevern} av {total})"));
    let ids: Vec<String> = h.state().views.services.row_ids(reg(&h)).into_iter().map(str::to_owned).collect();
    assert_eq!(ids.len(), barnevern);
    for id in &ids {
        assert_eq!(reg(&h).service(&id.as_str().into()).unwrap().sector, Sector::Barnevern);
    }
    h.get_by_label("Nullstill filter").click();
    h.run();
    h.get_by_label_contains(&format!("Tjenester ({total} av {total})"));
}

#[test]
fn the_text_filter_and_bare_flaggede_narrow_contacts() {
    let mut h = harness(example_app());
    h.get_by_label("Kontakter").click();
    h.run();
    set_text(&mut h, "Filter", "nav-leder");
    let ids: Vec<String> = h.state().views.contacts.row_ids(reg(&h)).into_iter().map(str::to_owned).collect();
    assert_eq!(ids, ["espen-viken"]);
    set_text(&mut h, "Filter", "");
    h.get_by_label("Bare flaggede").click();
    h.run();
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

#[test]
fn clicking_a_column_header_sorts_and_clicking_again_reverses() {
    let mut h = harness(example_app());
    h.get_by_label("Tjenester").click();
    h.run();
    let names = |h: &Harness<'static, App>| -> Vec<String> {
        let r = reg(h);
        h.state()
            .views
            .services
            .row_ids(r)
            .iter()
            .map(|id| r.service(&(*id).into()).unwrap().name.clone())
            .collect()
    };
    let by_name = names(&h);
    let mut sorted = by_name.clone();
    sorted.sort_by_key(|n| samkart::model::sort_key(n));
    assert_eq!(by_name, sorted, "sorted by name first");

    h.get_by_label("Sorter etter sektor").click();
    h.run();
    let sectors = |h: &Harness<'static, App>| -> Vec<String> {
        let r = reg(h);
        h.state()
            .views
            .services
            .row_ids(r)
            .iter()
            .map(|id| samkart::model::Labelled::label(r.service(&(*id).into()).unwrap().sector).to_owned())
            .collect()
    };
    let s = sectors(&h);
    let mut sorted = s.clone();
    sorted.sort_by_key(|n| samkart::model::sort_key(n));
    assert_eq!(s, sorted);
    assert_ne!(names(&h), by_name);

    h.get_by_label("Sektor, sortert stigende").click();
    h.run();
    let s = sectors(&h);
    sorted.reverse();
    assert_eq!(s, sorted, "second click sorts descending");
}

#[test]
fn arrow_keys_move_the_selection_in_the_table() {
    let mut h = harness(example_app());
    h.get_by_label("Kontakter").click();
    h.run();
    let first_two: Vec<String> =
        h.state().views.contacts.row_ids(reg(&h)).iter().take(2).map(|s| s.to_string()).collect();
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(h.state().views.contacts.selected.as_deref(), Some(first_two[0].as_str()));
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(h.state().views.contacts.selected.as_deref(), Some(first_two[1].as_str()));
    h.key_press(Key::ArrowUp);
    h.run();
    assert_eq!(h.state().views.contacts.selected.as_deref(), Some(first_two[0].as_str()));
    // The detail panel shows the selected contact's form.
    let name = reg(&h).contact(&first_two[0].as_str().into()).unwrap().name.clone();
    assert_eq!(h.get_by_role_and_label(Role::TextInput, "Navn").value().as_deref(), Some(name.as_str()));
}

#[test]
fn marker_som_revidert_adds_a_revision() {
    let mut h = harness(example_app());
    let id = "avtale-barnevern-helsestasjon";
    let before = reg(&h).agreement(&id.into()).unwrap().revisions.len();
    open(&mut h, RecordKind::Agreement, id);
    h.get_by_label("Marker som revidert").click();
    h.run();
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Revisjonsdato").value().as_deref(),
        Some("23.11.2026")
    );
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Revidert av").value().as_deref(),
        Some("Test Testesen")
    );
    set_text(&mut h, "Merknad", "Gjennomgått i samordningsmøtet");
    h.get_by_label("Registrer revisjon").click();
    h.run();
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
    let mut h = harness(example_app());
    open(&mut h, RecordKind::Contact, "arne-lyngstad");
    h.get_by_label("Marker som sluttet").click();
    h.run();
    let c = reg(&h).contact(&"arne-lyngstad".into()).unwrap();
    assert!(!c.active);
    assert!(h.query_by_label("Marker som sluttet").is_none());
}

#[test]
fn duplicating_a_routine_makes_a_new_one_without_history() {
    let mut h = harness(example_app());
    let original = reg(&h).routines.iter().find(|r| !r.revisions.is_empty()).unwrap().clone();
    open(&mut h, RecordKind::Routine, original.id.as_str());
    h.get_by_label("Dupliser").click();
    h.run();
    h.get_by_label("Lagre").click();
    h.run();
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
    h.get_by_label("Avbryt").click();
    h.run();
    assert_eq!(h.get_by_role_and_label(Role::TextInput, "Navn").value().as_deref(), Some(name.as_str()));
    assert_eq!(reg(&h).forums[0].name, name);
}

#[test]
fn a_bad_date_is_refused_and_a_good_one_saved() {
    let mut h = harness(example_app());
    let id = reg(&h).offerings[0].id.to_string();
    open(&mut h, RecordKind::Offering, &id);
    set_text(&mut h, "Sist bekreftet aktiv", "31.02.2026");
    h.get_by_label("Datoen må skrives dd.mm.åååå og være en gyldig dato");
    set_text(&mut h, "Sist bekreftet aktiv", "01.03.2026");
    h.get_by_label("Lagre").click();
    h.run();
    assert_eq!(reg(&h).offering(&id.as_str().into()).unwrap().confirmed, NaiveDate::from_ymd_opt(2026, 3, 1));
}

#[test]
fn alt_digit_in_a_form_field_leaves_the_record_unchanged() {
    let mut h = harness(example_app());
    open(&mut h, RecordKind::Contact, "espen-viken");
    h.get_by_role_and_label(Role::TextInput, "Navn").focus();
    h.run();
    // Alt+4 is Kontakter, the view already shown: the field keeps the focus.
    common::alt_key(&mut h, Key::Num4, "4");
    assert_eq!(h.get_by_role_and_label(Role::TextInput, "Navn").value().as_deref(), Some("Espen Viken"));
    assert_eq!(h.state().views.contacts.draft().unwrap().name, "Espen Viken");
    assert!(h.get_by_label("Lagre").accesskit_node().is_disabled(), "nothing to save");
}

#[test]
fn the_delete_question_opens_on_cancel_and_esc_keeps_the_record() {
    let mut h = harness(example_app());
    open(&mut h, RecordKind::Service, "nav-midtdalen");
    h.get_by_label("Slett …").focus();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    h.get_by_role_and_label(Role::Dialog, "Slette tjeneste «NAV Midtdalen»?");
    assert_eq!(common::focused(&h).as_deref(), Some("Avbryt sletting"), "the safe choice has the focus");
    // The destructive button comes after it in Tab order.
    common::tab(&mut h, false);
    assert_eq!(common::focused(&h).as_deref(), Some("Slett"));
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_role(Role::Dialog).is_none(), "Esc closes the question");
    assert!(reg(&h).service(&"nav-midtdalen".into()).is_some(), "Esc keeps the record");
    assert_eq!(common::focused(&h).as_deref(), Some("Slett …"), "the focus is back where it was");
}

#[test]
fn an_inactive_row_says_so_in_words() {
    let mut h = harness(example_app());
    open(&mut h, RecordKind::Contact, "espen-viken");
    h.get_by_label("Marker som sluttet").click();
    h.run();
    h.get_by_label("Espen Viken (sluttet)");
}

#[test]
fn the_year_wheel_lists_the_coming_months_and_each_entry_opens_its_record() {
    // Tall enough that all twelve months are on screen without scrolling.
    let mut h = common::harness_sized(example_app(), 1400.0, 3000.0);
    h.get_by_label("Årshjul").click();
    h.run();
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
    h.get_by_label("Årshjul").click();
    h.run();
    h.get_by_label("Årlig bekreftelse av frivillige tilbud").click();
    h.run();
    assert_eq!(h.state().view, View::Volunteer);
    h.get_by_label("Årshjul").click();
    h.run();
    h.get_by_label_contains("Allerede forfalt");
    // The forum with no dates is named, so someone can add them.
    h.get_by_label("SLT-koordineringsgruppe").click();
    h.run();
    assert_eq!(h.state().views.forums.selected.as_deref(), Some("slt-koordineringsgruppe"));
}

#[test]
fn the_offerings_view_filters_on_the_plans_status() {
    let mut h = harness(example_app());
    h.state_mut().send(Command::Show(View::Offerings));
    h.run();
    h.get_by_label("Barnesamtale fra 3 år");
    h.get_by_label("Leksehjelp på Vinstra bibliotek");
    h.get_by_role_and_label(Role::ComboBox, "Status").click();
    h.run();
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
    h.state_mut().send(Command::Apply(samkart::edit::Edit::put(samkart::edit::Record::Offering(o))));
    h.run();
    assert!(h.query_by_label("Barnesamtale fra 3 år").is_none());
    h.state_mut().views.offerings.filter.status = Some(1);
    h.run();
    h.get_by_label("Barnesamtale fra 3 år");
}
