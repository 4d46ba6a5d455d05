//! Søk driven like a user: type, move with the arrow keys, read the contact card.

use eframe::egui::{self, Key};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use samkart::model::RecordKind;
use samkart::ui::App;
use samkart::ui::command::View;

use crate::common;
use crate::util::{click, click_one_frame, press, type_text};
use common::{harness, today};

fn example_app() -> App {
    common::example_app("Kari Tester")
}

/// The example in a window, `text` typed into Søk (which has the keyboard at start).
fn searching(text: &str) -> Harness<'static, App> {
    let mut h = harness(example_app());
    type_text(&mut h, text);
    h
}

#[test]
fn typing_nav_ung_shows_the_nav_youth_contact_and_phone() {
    let mut h = harness(example_app());
    assert_eq!(h.state().view, View::Search);
    // No click first: the field is focused when the window opens.
    type_text(&mut h, "nav ung");
    h.get_by_label("Sindre Kvarme");
    h.get_by_label("61 24 03 82");
    h.get_by_label("NAV-veileder for ungdom 18–25");
    // The mobile number is internal and says so.
    h.get_by_label("44 67 31 42");
    h.get_by_label("kun for samarbeidspartnere");
    h.get_by_label_contains("Kontakt for:");
    h.get_by_label("sindre.kvarme@nav.no");
    let first = h.state().views.search.results().hits[0];
    assert_eq!(first.id(&h.state().doc.as_ref().unwrap().register), "sindre-kvarme");
}

#[test]
fn age_range_topic_finds_the_contact() {
    let mut h = searching("18–25");
    h.get_by_label_contains("Sindre Kvarme — NAV-veileder");
    let with_dash = h.state().views.search.results().clone();
    // A plain hyphen finds the same.
    // Escape clears the field and keeps the cursor there.
    press(&mut h, Key::Escape);
    assert_eq!(h.state().views.search.query, "");
    type_text(&mut h, "18-25");
    assert_eq!(h.state().views.search.query, "18-25");
    assert_eq!(h.state().views.search.results(), &with_dash);
}

#[test]
fn arrow_keys_choose_and_enter_opens_a_result() {
    let mut h = searching("sindre");
    let reg = h.state().doc.as_ref().unwrap().register.clone();
    let hits = h.state().views.search.results().hits.clone();
    assert!(hits.len() >= 3, "three Sindres in the example");
    let second = &reg.contacts[hits[1].pos];
    press(&mut h, Key::ArrowDown);
    assert_eq!(h.state().views.search.selected, 1);
    // The card follows the selection.
    h.get_by_label(second.display_name());
    h.key_press(Key::ArrowDown);
    press(&mut h, Key::ArrowUp);
    assert_eq!(h.state().views.search.selected, 1);
    press(&mut h, Key::Enter);
    assert_eq!(h.state().view, View::for_kind(RecordKind::Contact));
    assert_eq!(h.state().view, View::Contacts);
}

#[test]
fn copy_button_puts_the_number_on_the_clipboard() {
    let mut h = searching("nav ung");
    click_one_frame(&mut h, "Kopier telefon");
    assert_eq!(copied(&h), ["61240382"]);
}

#[test]
fn no_match_says_so() {
    let h = searching("qqqzzz");
    h.get_by_label_contains("Ingen treff");
}

#[test]
fn verify_contact_from_the_card_sets_today() {
    let mut h = searching("nav ung");
    click(&mut h, "Bekreft kontakt");
    let reg = &h.state().doc.as_ref().unwrap().register;
    let c = reg.contacts.iter().find(|c| c.id.as_str() == "sindre-kvarme").unwrap();
    assert_eq!(c.verified, Some(today()));
    assert!(h.state().doc.as_ref().unwrap().is_dirty());
}

/// A register large enough that the review and the search index are rebuilt on a worker
/// thread after an edit: while that runs, Søk finds its stale hits again by id, drops a
/// removed record instead of showing (or crashing on) it, and says it is updating.
#[test]
fn large_register_updates_search_in_the_background_after_an_edit() {
    use samkart::edit::Edit;
    use samkart::model::Contact;
    let mut reg = samkart::r#gen::generate(samkart::ui::app::BACKGROUND_FROM + 2_000, 7);
    let service = reg.services[0].id.clone();
    let unique = Contact::new("aaa-unik", "Zyxwo Testesen", "Rådgiver", service);
    let at = reg.contacts.partition_point(|c| c.id.as_str() < "aaa-unik");
    reg.contacts.insert(at, unique);
    let path = std::env::temp_dir().join("samkart-bakgrunn-test.ron");
    let mut h = harness(common::app(reg, path, "Kari Tester"));
    type_text(&mut h, "zyxwo");
    h.get_by_label("Zyxwo Testesen");

    // Remove it, and draw one frame: the rebuild has only just started.
    let removed = Edit::Remove(RecordKind::Contact, "aaa-unik".into());
    h.state_mut().doc.as_mut().unwrap().apply(removed).unwrap();
    h.step();
    assert!(h.state().derived.is_updating(), "a large register is re-indexed in the background");
    assert!(
        h.query_by_label("Zyxwo Testesen").is_none(),
        "a removed contact is not shown from a stale index"
    );
    h.get_by_label_contains("Oppdaterer søk");

    // Wait for the worker; then the index is for the register as it is now.
    let start = std::time::Instant::now();
    while h.state().derived.is_updating() {
        assert!(start.elapsed() < std::time::Duration::from_secs(60), "the rebuild finishes");
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    h.run();
    let revision = h.state().doc.as_ref().unwrap().revision;
    assert_eq!(h.state().derived.revision, Some(revision));
    assert_eq!(h.state().views.search.results().total, 0);
    h.get_by_label("Ingen treff på «zyxwo».");
    assert!(h.query_by_label_contains("Oppdaterer søk").is_none());
}

/// A service's card lists its reachable contacts, and follows an edit at once.
#[test]
fn a_service_card_lists_its_contacts_and_follows_edits() {
    use samkart::edit::{Edit, Record};
    let mut h = searching("nav midtdalen");
    let first = h.state().views.search.results().hits[0];
    assert_eq!(first.kind, RecordKind::Service);
    h.get_by_label("Sindre Kvarme");

    let doc = h.state_mut().doc.as_mut().unwrap();
    let mut sindre = doc.register.contact(&"sindre-kvarme".into()).unwrap().clone();
    sindre.active = false;
    doc.apply(Edit::put(Record::Contact(sindre))).unwrap();
    h.run();
    assert!(h.query_by_label("Sindre Kvarme").is_none(), "a contact who has left is not offered");
}

/// A screen reader hears the hits as a list: each a list item with its place («2 av 3»)
/// and whether it is the chosen one.
#[test]
fn hits_are_a_list_of_items_with_their_position() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::NodeT;
    let mut h = searching("sindre");
    let n = h.state().views.search.results().hits.len();
    assert!(n >= 3);
    let list = h.get_by_role_and_label(Role::List, "Treff");
    let items: Vec<_> = list.accesskit_node().children().filter(|c| c.role() == Role::ListItem).collect();
    assert_eq!(items.len(), n, "every hit on screen is a list item of the list");
    // AccessKit counts from 0 and keeps the size on the list; AT-SPI says «1 av 3».
    assert_eq!(list.accesskit_node().size_of_set(), Some(n));
    for (i, item) in items.iter().enumerate() {
        assert_eq!(item.position_in_set(), Some(i));
        assert_eq!(item.is_selected(), Some(i == 0));
    }
    assert!(items[0].label().unwrap_or_default().starts_with("Sindre"));
    press(&mut h, Key::ArrowDown);
    let list = h.get_by_role_and_label(Role::List, "Treff");
    let selected: Vec<usize> = list
        .accesskit_node()
        .children()
        .filter(|c| c.is_selected() == Some(true))
        .map(|c| c.position_in_set().unwrap())
        .collect();
    assert_eq!(selected, [1], "the second hit");
}

#[test]
fn enter_on_a_hit_puts_the_focus_on_the_opened_record() {
    let mut h = searching("nav ung");
    press(&mut h, Key::Enter);
    h.run();
    assert_eq!(h.state().view, View::Contacts);
    assert_eq!(h.state().views.contacts.selected.as_deref(), Some("sindre-kvarme"));
    assert_eq!(common::focused(&h).as_deref(), Some("Sindre Kvarme"), "the record's row has the focus");
    // The arrow keys now move in the table, from that row.
    press(&mut h, Key::ArrowDown);
    assert_ne!(h.state().views.contacts.selected.as_deref(), Some("sindre-kvarme"));
}

/// An old title finds the new one, and the hit says so.
#[test]
fn helsesoster_finds_the_helsesykepleiere_and_says_why() {
    let h = searching("helsesøster");
    let reg = h.state().doc.as_ref().unwrap().register.clone();
    let results = h.state().views.search.results().clone();
    assert!(results.total >= 5, "every helsesykepleier: {}", results.total);
    for hit in &results.hits {
        let text = samkart::search::HitText::new(&reg, *hit, &results);
        assert!(text.why.contains("helsesøster › "), "{}: «{}»", text.id, text.why);
    }
    h.get_by_label_contains("Astrid Hoel — Helsesykepleier");
    assert!(h.query_all_by_label_contains("helsesøster › helsesykepleier").count() >= 5);
}

/// A typo is corrected and shown as such; the word as typed would have found nothing.
#[test]
fn a_typo_is_corrected_in_the_list() {
    let h = searching("famileterapeut");
    h.get_by_label_contains("Kjetil Viken — Familieterapeut");
    assert!(h.query_all_by_label_contains("famileterapeut › familieterapeut").count() >= 2);
}

/// The register's own words are edited in Innstillinger, checked line by line, saved as an
/// edit (undoable) and searched at once.
#[test]
fn a_registers_own_search_words_are_edited_in_settings() {
    let mut h = searching("kvitfjell");
    h.get_by_label("Ingen treff på «kvitfjell».");

    click(&mut h, "Innstillinger");
    let field = h.get_by_label("Registerets egne søkeord");
    field.focus();
    h.run();
    // A line with one word is refused with a message that says how to write it.
    h.event(egui::Event::Text("\nKvitfjell".into()));
    h.run();
    h.get_by_label_contains("Linje 3: «Kvitfjell» trenger minst to ulike ord");
    h.event(egui::Event::Text(" = Ringebu".into()));
    h.run();
    assert!(h.query_by_label_contains("trenger minst to").is_none());
    click(&mut h, "Bruk søkeordene");
    let settings = h.state().doc.as_ref().unwrap().register.settings.clone();
    assert_eq!(settings.synonyms, ["Vinstra = Nord-Fron", "Hundorp = Sør-Fron", "Kvitfjell = Ringebu"]);
    assert!(h.state().doc.as_ref().unwrap().is_dirty());

    // Søk finds Ringebu's services by the new word.
    h.state_mut().view = View::Search;
    h.state_mut().views.search.query = "kvitfjell skole".into();
    h.run();
    let reg = h.state().doc.as_ref().unwrap().register.clone();
    let results = h.state().views.search.results().clone();
    let top: Vec<&str> = results.hits.iter().take(3).map(|hit| hit.id(&reg)).collect();
    assert!(top.contains(&"ringebu-skole"), "{top:?}");
    assert!(results.why(&results.hits[0]).contains("kvitfjell › Ringebu"));
    assert!(h.query_all_by_label_contains("kvitfjell › Ringebu").count() >= 1);
}

/// What the last frame asked the system to do, as `pick` reads each command it keeps.
fn system_commands(
    h: &Harness<'static, App>,
    pick: impl Fn(&egui::OutputCommand) -> Option<String>,
) -> Vec<String> {
    h.output().platform_output.commands.iter().filter_map(pick).collect()
}

/// What the last frame put on the clipboard.
fn copied(h: &Harness<'static, App>) -> Vec<String> {
    use egui::OutputCommand::CopyText;
    system_commands(h, |c| if let CopyText(t) = c { Some(t.clone()) } else { None })
}

/// The links the last frame gave the system to open.
fn opened(h: &Harness<'static, App>) -> Vec<String> {
    use egui::OutputCommand::OpenUrl;
    system_commands(h, |c| if let OpenUrl(u) = c { Some(u.url.clone()) } else { None })
}

/// Presses Ctrl+Shift+C in one frame (kittest's own key helpers spread a key press over
/// several frames, and a frame's output holds only what that frame copied).
fn ctrl_shift_c(h: &mut Harness<'static, App>) {
    let modifiers = egui::Modifiers::COMMAND | egui::Modifiers::SHIFT;
    let key =
        |pressed| egui::Event::Key { key: Key::C, physical_key: None, pressed, repeat: false, modifiers };
    h.input_mut().events.extend([egui::Event::ModifiersChanged(modifiers), key(true)]);
    h.step();
    h.input_mut().events.extend([key(false), egui::Event::ModifiersChanged(egui::Modifiers::NONE)]);
}

#[test]
fn ctrl_shift_c_copies_the_chosen_contacts_phone_and_says_so() {
    let mut h = searching("nav ung");
    ctrl_shift_c(&mut h);
    assert_eq!(copied(&h), ["61240382"]);
    h.run();
    h.get_by_label("Kopiert telefonnummer: 61240382");
    // The search text is untouched by the shortcut.
    assert_eq!(h.state().views.search.query, "nav ung");

    // A contact with only a mobile number: the mobile is copied.
    let reg = &h.state().doc.as_ref().unwrap().register;
    let only_mobile =
        reg.contacts.iter().find(|c| c.phone.is_empty() && !c.mobile.is_empty() && c.active).unwrap().clone();
    h.state_mut().views.search.query = only_mobile.name.clone();
    h.run();
    ctrl_shift_c(&mut h);
    let digits: String = only_mobile.mobile.value.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(copied(&h), [digits]);
}

#[test]
fn the_copy_button_says_kopiert_and_links_go_to_the_system() {
    let mut h = searching("nav ung");
    click_one_frame(&mut h, "Kopier telefon");
    assert_eq!(copied(&h), ["61240382"]);
    h.run();
    h.get_by_label("Kopiert");
    // The number is a tel: link and the address a mailto: link, opened by the system.
    click_one_frame(&mut h, "61 24 03 82");
    assert_eq!(opened(&h), ["tel:+4761240382"]);
    click_one_frame(&mut h, "sindre.kvarme@nav.no");
    assert_eq!(opened(&h), ["mailto:sindre.kvarme@nav.no"]);
}

#[test]
fn a_contact_without_phone_has_no_dangling_dot() {
    let mut h = harness(example_app());
    let reg = &h.state().doc.as_ref().unwrap().register;
    let c = reg.contacts.iter().find(|c| c.phone.is_empty() && c.active).unwrap().clone();
    let service = reg.service(&c.service).unwrap().name.clone();
    type_text(&mut h, &c.name);
    assert!(h.get_all_by_label_contains(&service).count() > 0);
    assert!(h.query_by_label_contains(&format!("{service} ·")).is_none(), "no «·» after {service}");
}

#[test]
fn asking_a_contact_to_confirm_opens_the_mail_program_on_a_filled_in_message() {
    let mut h = searching("nav ung");
    click_one_frame(&mut h, "Be om bekreftelse på e-post");
    let urls = opened(&h);
    assert_eq!(urls.len(), 1, "{urls:?}");
    let url = &urls[0];
    assert!(url.starts_with("mailto:sindre.kvarme@nav.no?subject=Stemmer%20kontaktopplysningene"), "{url}");
    let body =
        percent_encoding::percent_decode_str(url.split("&body=").nth(1).unwrap()).decode_utf8().unwrap();
    assert!(body.contains("Rolle: NAV-veileder for ungdom 18–25\r\n"), "{body}");
    assert!(body.contains("(kun for samarbeidspartnere, gis ikke til innbyggere)"), "{body}");
    assert!(body.trim_end().ends_with("Kari Tester"), "signed by the user: {body}");
    h.run();
    h.get_by_label_contains("Åpner e-postprogrammet: e-post til Sindre Kvarme");
}

/// Reading order: the hits on the left come before the card on the right, for Tab too.
#[test]
fn tab_from_the_search_field_reaches_the_hits_before_the_card() {
    let mut h = searching("sindre");
    assert_eq!(common::focused(&h).as_deref(), Some("Søk"));
    common::tab(&mut h, false);
    let first = h.query_by(|n| n.is_focused()).expect("something has the focus");
    let node = first.accesskit_node();
    assert_eq!(
        (node.role(), node.data().position_in_set()),
        (egui::accesskit::Role::ListItem, Some(0)),
        "the first hit, not the card: {:?}",
        node.label()
    );
    // Shift+Tab goes back to the field, not into the card either.
    common::tab(&mut h, true);
    assert_eq!(common::focused(&h).as_deref(), Some("Søk"));
}

/// At 200 % zoom (a 1280×800 window is 640×400 points) the card goes under the hits
/// instead of squeezing beside them, and nothing of it lies over the list.
#[test]
fn at_200_percent_the_card_goes_below_the_hits() {
    use egui::accesskit::Role;
    let mut app = example_app();
    app.prefs.zoom = 2.0;
    let mut h = common::harness_sized(app, 1280.0, 800.0);
    h.run();
    type_text(&mut h, "sindre");
    h.run();
    assert_eq!(h.ctx.content_rect().size(), egui::vec2(640.0, 400.0));
    let items: Vec<egui::Rect> = h.query_all_by_role(Role::ListItem).map(|n| n.rect()).collect();
    let list = items.iter().copied().reduce(egui::Rect::union).expect("hits");
    let first = items[0];
    assert!(first.width() > 500.0, "the hits have the whole width: {first:?}");
    // The card: the contact's name as its heading, and its buttons.
    let heading = h
        .query_all_by_role(Role::Label)
        .find(|n| n.accesskit_node().value().is_some_and(|v| v.starts_with("Sindre ")))
        .expect("the card's heading, the contact's name")
        .rect();
    assert!(heading.min.y >= list.max.y - 0.5, "the card {heading:?} is below the hits {list:?}");
    let card: Vec<_> =
        h.query_all_by_role(Role::Button).map(|n| n.rect()).filter(|r| r.min.y >= heading.min.y).collect();
    assert!(!card.is_empty());
    assert!(card.iter().all(|r| r.intersect(list).area() < 1.0), "nothing of the card lies on the list");
}
