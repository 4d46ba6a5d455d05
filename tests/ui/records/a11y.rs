//! The record views for a user with low vision, a screen reader or no mouse (issue #19):
//! zoom to 200 %, validation messages tied to their field, Tab order, table roles, and
//! where the focus goes after a view switch or a delete.

use super::{espen_vikens_form, example_app, harness};
use crate::common::{self, reg};
use crate::util::{click, click_role, on_tab, open, press, press_cmd, set_text};
use eframe::egui::accesskit::{Invalid, Role, SortDirection};
use eframe::egui::{self, Key};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use samkart::model::RecordKind;
use samkart::ui::App;
use samkart::ui::command::View;

/// A 1280×800 window at `zoom` (egui divides the window by the zoom factor: at 200 % the
/// views have 640×400 points, two pixels each).
fn zoomed(zoom: f32) -> Harness<'static, App> {
    let mut app = example_app();
    app.prefs.zoom = zoom;
    let mut h = common::harness_sized(app, 1280.0, 800.0);
    h.run();
    h
}

/// `label`'s button lies inside the window, whole (not cut by a scrolled area), and no
/// other widget covers any of it. Measured with egui's own record of the last pass: each
/// widget's rect as clipped by the areas it lies in, so a row scrolled half out of its table
/// counts only where it can be seen.
fn assert_visible_and_uncovered(h: &Harness<'static, App>, label: &str) {
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, h.ctx.content_rect().size());
    let button = h.get_by_role_and_label(Role::Button, label);
    let mut ancestors = vec![button.accesskit_node().locate().0];
    let mut p = button.parent();
    while let Some(n) = p {
        ancestors.push(n.accesskit_node().locate().0);
        p = n.parent();
    }
    let widgets: Vec<egui::WidgetRect> =
        h.ctx.viewport(|v| v.prev_pass.widgets.layers().flat_map(|(_, w)| w.to_vec()).collect());
    let own = widgets
        .iter()
        .find(|w| w.id.accesskit_id() == ancestors[0])
        .unwrap_or_else(|| panic!("«{label}» was drawn"));
    let rect = own.rect;
    assert!(screen.contains_rect(rect), "«{label}» {rect:?} is not inside the window {screen:?}");
    assert_eq!(own.interact_rect, rect, "«{label}» is cut by the area it lies in");
    let covering: Vec<String> = widgets
        .iter()
        .filter(|w| w.visible && !ancestors.contains(&w.id.accesskit_id()))
        .filter(|w| w.interact_rect.intersect(rect).area() > 1.0)
        // The areas everything lies in (the window, the central panel) are no widgets.
        .filter(|w| {
            let container = w.interact_rect.contains_rect(rect);
            !(container && h.query_by(|n| n.locate().0 == w.id.accesskit_id()).is_none())
        })
        .map(|w| {
            let name = h
                .query_by(|n| n.locate().0 == w.id.accesskit_id())
                .map(|n| {
                    let a = n.accesskit_node();
                    format!("{:?} «{}»", a.role(), a.label().or_else(|| a.value()).unwrap_or_default())
                })
                .unwrap_or_else(|| format!("{:?}", w.id));
            format!("{name} at {:?}", w.interact_rect)
        })
        .collect();
    assert!(covering.is_empty(), "«{label}» at {rect:?} is covered by {covering:#?}");
}

#[test]
fn at_200_percent_lagre_and_tilbakestill_are_on_screen_uncovered_and_clickable() {
    let mut h = zoomed(2.0);
    open(&mut h, RecordKind::Contact, "espen-viken");
    assert_eq!(h.state().view, View::Contacts);
    assert!((h.ctx.zoom_factor() - 2.0).abs() < 1e-6);
    assert_eq!(h.ctx.content_rect().size(), egui::vec2(640.0, 400.0));
    set_text(&mut h, "Rolle", "NAV-leder Midtdalen");
    assert_visible_and_uncovered(&h, "Lagre");
    assert_visible_and_uncovered(&h, "Tilbakestill");
    // A real click at the button's middle (not an AccessKit action) saves the form.
    click_role(&mut h, Role::Button, "Lagre");
    let c = reg(&h).contacts.iter().find(|c| c.id.as_str() == "espen-viken").unwrap();
    assert_eq!(c.role, "NAV-leder Midtdalen");
}

#[test]
fn at_150_percent_phone_numbers_in_the_table_are_not_cut() {
    let mut h = zoomed(1.5);
    click(&mut h, "Kontakter");
    h.run();
    // Every visible phone number cell shows its whole text: the label's width is the
    // text's own, and its cell (the column) is at least as wide.
    let phones: Vec<String> = reg(&h)
        .contacts
        .iter()
        .map(|c| samkart::model::format::display_phone(&c.phone.value))
        .filter(|p| p.len() >= 11)
        .collect();
    let mut seen = 0;
    for p in &phones {
        for n in h.query_all_by_label(p) {
            seen += 1;
            let shown = n.rect();
            let font =
                egui::FontId::proportional(h.ctx.global_style().text_styles[&egui::TextStyle::Body].size);
            let needed =
                h.ctx.fonts_mut(|f| f.layout_no_wrap(p.clone(), font, egui::Color32::BLACK).size().x);
            assert!(
                shown.width() + 0.5 >= needed,
                "«{p}» is cut: {} of {needed} points shown",
                shown.width()
            );
        }
    }
    assert!(seen >= 2, "phone numbers are in the table ({seen})");
}

#[test]
fn a_validation_message_is_its_fields_description_and_the_field_is_invalid() {
    let mut h = espen_vikens_form();
    let msg =
        "Telefonnummeret må ha 8 sifre, eller være et kortnummer som 112, 02800 eller 116 111 (fant 6 sifre)";
    set_text(&mut h, "Telefon", "61 24 53");
    let field = h.get_by_role_and_label(Role::TextInput, "Telefon");
    assert_eq!(field.accesskit_node().data().invalid(), Some(Invalid::True), "the field is marked invalid");
    assert_eq!(field.accesskit_node().description().as_deref(), Some(msg), "the message describes the field");
    // The other fields are not.
    let name = h.get_by_role_and_label(Role::TextInput, "Navn");
    assert_eq!(name.accesskit_node().data().invalid(), None);
    assert_eq!(name.accesskit_node().description(), None);

    set_text(&mut h, "Telefon", "61 24 53 99");
    let field = h.get_by_role_and_label(Role::TextInput, "Telefon");
    assert_eq!(field.accesskit_node().data().invalid(), None, "valid again");
    assert_eq!(field.accesskit_node().description(), None);
}

#[test]
fn a_new_records_empty_required_field_is_invalid_only_once_its_message_shows() {
    let mut h = on_tab(harness(example_app()), "Tjenester");
    click(&mut h, "Ny tjeneste");
    let name = h.get_by_role_and_label(Role::TextInput, "Navn");
    assert_eq!(name.accesskit_node().data().invalid(), None, "nothing typed yet: not shouting");
    set_text(&mut h, "Navn", "x");
    set_text(&mut h, "Navn", "");
    let name = h.get_by_role_and_label(Role::TextInput, "Navn");
    assert_eq!(name.accesskit_node().data().invalid(), Some(Invalid::True));
    assert_eq!(name.accesskit_node().description().as_deref(), Some("Må fylles ut"));
}

/// Presses Tab until `stop` says so (at most `max` times); returns the names on the way.
fn tab_until(h: &mut Harness<'static, App>, max: usize, stop: impl Fn(&str) -> bool) -> Vec<String> {
    let mut seen = Vec::new();
    for _ in 0..max {
        common::tab(h, false);
        let name = common::focused(h).unwrap_or_default();
        seen.push(name.clone());
        if stop(&name) {
            break;
        }
    }
    seen
}

#[test]
fn tab_reaches_the_list_before_the_detail_form() {
    let mut h = espen_vikens_form();
    // From the view's own tab in the top bar, as a keyboard user arrives.
    h.get_by_role_and_label(Role::Button, "Kontakter").focus();
    h.run();
    let first_row = {
        let ids = h.state().views.contacts.row_ids(reg(&h));
        reg(&h).contacts.iter().find(|c| c.id.as_str() == ids[0]).unwrap().display_name().to_owned()
    };
    let detail = ["Dupliser", "Marker som sluttet", "Slett …", "Navn"];
    let seen = tab_until(&mut h, 80, |n| n == first_row || detail.contains(&n));
    assert_eq!(seen.last(), Some(&first_row), "Tab reached the form before the list: {seen:?}");
    let filter = seen.iter().position(|n| n == "Filter").expect("the filter on the way");
    assert!(seen[..filter].contains(&"Ny kontakt".to_owned()), "{seen:?}");
}

#[test]
fn the_records_table_is_a_table_with_headers_and_rows_in_place() {
    let h = espen_vikens_form();
    let n = reg(&h).contacts.len();
    let table = h.get_by_role_and_label(Role::Table, "Kontakter");
    let node = table.accesskit_node();
    assert_eq!(node.data().row_count(), Some(n));
    assert_eq!(node.data().column_count(), Some(6));
    assert_eq!(node.data().size_of_set(), Some(n), "so each row reads «k av {n}»");

    let header = h.get_by_role_and_label(Role::ColumnHeader, "Navn, sortert stigende");
    assert_eq!(header.accesskit_node().sort_direction(), Some(SortDirection::Ascending));
    h.get_by_role_and_label(Role::ColumnHeader, "Sorter etter telefon");

    let ids: Vec<String> = h.state().views.contacts.row_ids(reg(&h)).into_iter().map(str::to_owned).collect();
    let pos = ids.iter().position(|id| id == "espen-viken").unwrap();
    let row = h.get_by_role_and_label(Role::Row, "Espen Viken");
    let data = row.accesskit_node().data();
    assert_eq!(data.position_in_set(), Some(pos));
    assert_eq!(data.row_index(), Some(pos));
    assert_eq!(data.is_selected(), Some(true));
    assert_eq!(data.toggled(), None, "a row, not a toggle button");
    let description = row.accesskit_node().description().unwrap_or_default();
    assert!(description.contains("Rolle: NAV-leder"), "the other columns, named: {description}");
    assert!(description.contains("Telefon: 61 24 53 02"), "{description}");
    // Every row drawn is a row of the table.
    let rows: Vec<_> = h.query_all_by_role(Role::Row).collect();
    assert!(rows.len() > 5);
    assert!(rows.iter().all(|r| r.accesskit_node().data().is_selected()
        == Some(r.accesskit_node().label().as_deref() == Some("Espen Viken"))));
}

#[test]
fn alt_digit_puts_the_focus_in_the_views_first_field() {
    let mut h = harness(example_app());
    common::alt_key(&mut h, Key::Num4, "4");
    assert_eq!(h.state().view, View::Contacts);
    assert_eq!(common::focused(&h).as_deref(), Some("Filter"));
    // It is the field: typing filters.
    h.event(egui::Event::Text("nav-leder".into()));
    h.run();
    assert_eq!(h.state().views.contacts.filter.text, "nav-leder");
    common::alt_key(&mut h, Key::Num1, "1");
    assert_eq!(common::focused(&h).as_deref(), Some("Søk"));
    // A view without a text field: its first control, never the menu bar.
    common::alt_key(&mut h, Key::Num2, "2");
    assert_eq!(h.state().view, View::Overview);
    let first = common::focused(&h).expect("something in Oversikt has the focus");
    let bar: Vec<&str> = View::ALL.iter().map(|v| v.label()).chain(["Fil", "Rediger", "Vis"]).collect();
    assert!(!bar.contains(&first.as_str()), "the focus went to the top bar: {first}");
}

#[test]
fn after_a_delete_the_focus_is_on_the_next_row() {
    let mut h = espen_vikens_form();
    let ids: Vec<String> = h.state().views.contacts.row_ids(reg(&h)).into_iter().map(str::to_owned).collect();
    let pos = ids.iter().position(|id| id == "espen-viken").unwrap();
    let next = ids[pos + 1].clone();
    let next_name =
        reg(&h).contacts.iter().find(|c| c.id.as_str() == next).unwrap().display_name().to_owned();
    click(&mut h, "Slett …");
    click(&mut h, "Slett");
    h.run();
    assert!(reg(&h).contacts.iter().all(|c| c.id.as_str() != "espen-viken"));
    assert_eq!(h.state().views.contacts.selected.as_deref(), Some(next.as_str()));
    assert_eq!(common::focused(&h), Some(next_name), "the keyboard goes on at the next row");
    // And the arrow keys go on from there.
    press(&mut h, Key::ArrowDown);
    assert_eq!(h.state().views.contacts.selected.as_deref(), Some(ids[pos + 2].as_str()));
}

/// Ctrl+Z belongs to a text field only while it has typing to undo; a focused button or
/// row (where the keyboard now goes after a delete, or a view switch) leaves it to the
/// register.
#[test]
fn ctrl_z_undoes_the_register_while_a_button_or_row_has_the_focus() {
    let mut h = espen_vikens_form();
    set_text(&mut h, "Rolle", "Leder");
    click(&mut h, "Lagre");
    let role = |h: &Harness<'static, App>| {
        reg(h).contacts.iter().find(|c| c.id.as_str() == "espen-viken").unwrap().role.clone()
    };
    assert_eq!(role(&h), "Leder");
    h.get_by_role_and_label(Role::Row, "Espen Viken").focus();
    h.run();
    assert_eq!(common::focused(&h).as_deref(), Some("Espen Viken"));
    press_cmd(&mut h, Key::Z);
    assert_eq!(role(&h), "NAV-leder", "Ctrl+Z on a focused row undid the save");
}

/// «Lagre» (clicked, or Enter on it) and Ctrl+S leave the keyboard in the form: on the
/// field that had it, or on the field last typed in, never back at «Fil».
#[test]
fn after_lagre_the_focus_stays_in_the_form() {
    let mut h = espen_vikens_form();
    let role = |h: &Harness<'static, App>| reg(h).contact(&"espen-viken".into()).unwrap().role.clone();

    // Ctrl+S while typing: the cursor stays in the field, and typing goes on there.
    super::focus(&mut h, "Rolle");
    h.key_press(Key::End);
    super::type_slowly(&mut h, " A");
    press_cmd(&mut h, Key::S);
    h.run();
    assert_eq!(role(&h), "NAV-leder A");
    assert_eq!(common::focused(&h).as_deref(), Some("Rolle"), "Ctrl+S kept the cursor in «Rolle»");
    super::type_slowly(&mut h, "B");
    assert_eq!(super::value(&h, "Rolle"), "NAV-leder AB");

    // A click on «Lagre»: the keyboard goes back to the field last typed in.
    click_role(&mut h, Role::Button, "Lagre");
    h.run();
    assert_eq!(role(&h), "NAV-leder AB");
    assert_eq!(common::focused(&h).as_deref(), Some("Rolle"), "after a click on «Lagre»");

    // Tab to «Lagre» and Enter: the same, and the next Tab goes on in the form.
    super::type_slowly(&mut h, "C");
    h.get_by_role_and_label(Role::Button, "Lagre").focus();
    h.run();
    assert_eq!(common::focused(&h).as_deref(), Some("Lagre"));
    press(&mut h, Key::Enter);
    h.run();
    assert_eq!(role(&h), "NAV-leder ABC");
    assert_eq!(common::focused(&h).as_deref(), Some("Rolle"), "after Enter on «Lagre»");
    common::tab(&mut h, false);
    assert_eq!(common::focused(&h).as_deref(), Some("Tjeneste"), "Tab goes on in the form");
}

/// A combo box says what is chosen in it: its value is the chosen entry's text, and so is
/// its description (AccessKit's Linux adapter gives AT-SPI no text value but a combo box's
/// description, which Orca reads after its name and role).
#[test]
fn combo_boxes_expose_their_current_value() {
    let mut h = espen_vikens_form();
    let value = |h: &Harness<'static, App>, label: &str| {
        let node = h.get_by_role_and_label(Role::ComboBox, label);
        let node = node.accesskit_node();
        assert_eq!(node.value(), node.description(), "«{label}»: its description is its value");
        node.value()
    };
    // The service picker in the contact form.
    assert_eq!(value(&h, "Tjeneste").as_deref(), Some("NAV Midtdalen"));
    assert_eq!(value(&h, "Sektor").as_deref(), Some("Alle"), "the filter above the table");
    // Choosing changes what is read.
    click_role(&mut h, Role::ComboBox, "Sektor");
    click_role(&mut h, Role::Button, "Barnevern");
    h.run();
    assert_eq!(value(&h, "Sektor").as_deref(), Some("Barnevern"));
    // A plain choice in a form.
    open(&mut h, RecordKind::Service, "mgbv");
    let owner = samkart::model::Labelled::label(reg(&h).service(&"mgbv".into()).unwrap().owner_kind);
    assert_eq!(value(&h, "Eierform").as_deref(), Some(owner));
}

/// Tab goes through the contact form from top to bottom, as it reads, and reaches «Lagre»
/// and «Tilbakestill» (above the fields) before them.
#[test]
fn tab_goes_through_the_contact_form_in_reading_order() {
    let mut h = espen_vikens_form();
    super::focus(&mut h, "Rolle");
    h.key_press(Key::End);
    super::type_slowly(&mut h, "x");
    // From the first row of the table, on through the form.
    h.get_by_role_and_label(Role::Row, "Espen Viken").focus();
    h.run();
    let seen = tab_until(&mut h, 60, |n| n == "Merknad");
    let order = [
        "Lagre",
        "Tilbakestill",
        "Dupliser",
        "Slett …",
        "Navn",
        "Rolle",
        "Tjeneste",
        "Telefon",
        "Telefon kun for samarbeidspartnere",
        "Mobil",
        "Mobil kun for samarbeidspartnere",
        "E-post",
        "E-post kun for samarbeidspartnere",
        "Kontakt for",
        "Stedfortreder",
        "Tok over etter",
        "I stillingen fra",
        "Sist bekreftet",
        "Ledig stilling",
        "Aktiv (ikke sluttet)",
        "Merknad",
    ];
    let at: Vec<Option<usize>> = order.iter().map(|o| seen.iter().position(|s| s == o)).collect();
    assert!(at.iter().all(Option::is_some), "every field reached: {seen:?}");
    assert!(at.windows(2).all(|w| w[0] < w[1]), "in reading order: {seen:?}");
}
