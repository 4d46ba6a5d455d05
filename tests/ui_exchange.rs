//! Import and export in the window: the import dialog's mapping, preview and single undoable
//! edit; the export dialog's files; the Frivillig button that presets a public HTML report.

use eframe::egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use samkart::exchange::Format;
use samkart::ui::App;
use samkart::ui::command::{Command, View};
use std::path::PathBuf;

mod common;

fn example_app() -> App {
    common::example_app("Kari Tester")
}

fn harness(app: App) -> Harness<'static, App> {
    common::harness_sized(app, 1280.0, 900.0)
}

fn contacts(h: &Harness<'static, App>) -> Vec<samkart::model::Contact> {
    h.state().doc.as_ref().unwrap().register.contacts.clone()
}

/// Row 2 and 3 are new, row 4 has a phone number one digit short, row 5 is Sindre Kvarme
/// again (same e-mail). «Info» is not a column name the guesser knows.
const CSV: &str = "Navn;Stilling;Tjeneste;Telefon;E-post;Info\n\
Ola Importsen;Rådgiver;NAV Midtdalen;950 12 345;ola.importsen@nav.no;Ringer helst før 10\n\
Kari Importsen;Veileder;NAV Midtdalen;912 34 567;kari.importsen@nav.no;\n\
Per Feilnummer;Konsulent;NAV Midtdalen;950 12 34;per.feil@nav.no;\n\
Sindre Kvarme;Ungdomsveileder;NAV Midtdalen;61 24 03 82;sindre.kvarme@nav.no;\n";

#[test]
fn import_previews_then_applies_one_undoable_edit() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kontakter.csv");
    std::fs::write(&file, CSV).unwrap();
    let mut h = harness(example_app());
    let before = contacts(&h);

    h.state_mut().start_import(file);
    h.run();
    // The mapping: one ComboBox per column, showing the guess.
    h.get_by_label("Importer fra kontakter.csv");
    h.get_by_label("Navn");
    h.get_by_label("E-post");
    // The preview, with the rejected row and its reason.
    h.get_by_label("Legges til: 2   Oppdateres: 1   Hoppes over: 0   Avvises: 1");
    h.get_by_label_contains("Rad 4: ");
    let rejected = &h.state().import.as_ref().unwrap().plan.as_ref().unwrap().rejected;
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].0, 4);
    assert!(rejected[0].1.contains("950 12 34"), "{}", rejected[0].1);
    h.get_by_label_contains("Rad 5: Sindre Kvarme");
    assert_eq!(contacts(&h), before, "nothing changes before «Importer»");

    // The user maps «Info» (not guessed) to Merknad.
    h.get_by_label("Info").click();
    h.run();
    h.get_by_label("Merknad").click();
    h.run();
    let mapping = &h.state().import.as_ref().unwrap().mapping;
    assert_eq!(mapping.columns[5], samkart::exchange::import::Field::Note);
    // Skip the duplicate instead of updating it.
    h.get_by_label("Hopp over").click();
    h.run();
    h.get_by_label("Legges til: 2   Oppdateres: 0   Hoppes over: 1   Avvises: 1");

    h.get_by_label("Importer").click();
    h.run();
    assert!(h.state().import.is_none(), "the dialog closes");
    let after = contacts(&h);
    assert_eq!(after.len(), before.len() + 2);
    let ola = after.iter().find(|c| c.name == "Ola Importsen").expect("Ola added");
    assert_eq!(ola.note, "Ringer helst før 10", "the corrected mapping was used");
    assert_eq!(ola.service.as_str(), "nav-midtdalen");
    assert!(after.iter().any(|c| c.name == "Kari Importsen"));
    assert!(!after.iter().any(|c| c.name == "Per Feilnummer"));

    // One Ctrl+Z removes the whole import.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(contacts(&h), before);
}

#[test]
fn cancel_leaves_the_register_alone_and_a_bad_file_gives_a_norwegian_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("liste.csv");
    std::fs::write(&file, CSV).unwrap();
    let mut h = harness(example_app());
    let before = contacts(&h);
    h.state_mut().start_import(file);
    h.run();
    h.get_by_label("Avbryt").click();
    h.run();
    assert!(h.state().import.is_none());
    assert_eq!(contacts(&h), before);
    assert!(!h.state().doc.as_ref().unwrap().can_undo());

    h.state_mut().start_import(dir.path().join("finnes-ikke.csv"));
    h.run();
    assert!(h.state().import.is_none());
    h.get_by_label_contains("Kunne ikke lese");
}

#[test]
fn ctrl_i_asks_for_a_file() {
    fn cancelled(kind: samkart::ui::app::FileDialog) -> Option<PathBuf> {
        assert_eq!(kind, samkart::ui::app::FileDialog::Import);
        None
    }
    let mut app = example_app();
    app.pick_file = cancelled;
    let mut h = harness(app);
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    assert!(h.state().import.is_none(), "no file chosen, no dialog");
    assert!(Command::palette().contains(&Command::Import));
    assert!(Command::palette().contains(&Command::Export));
}

/// Sindre Kvarme's mobile, marked internal in the example.
const SINDRE_MOBILE: &str = "44673142";

/// Digits only, so «44 67 31 42», «+47 44673142» and «tel:44673142» all read the same.
fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// Every contact detail the example marks internal (only contacts have internal details).
fn internal_values(h: &Harness<'static, App>) -> Vec<String> {
    let reg = &h.state().doc.as_ref().unwrap().register;
    let contacts = reg.contacts.iter().flat_map(|c| [&c.phone, &c.mobile, &c.email]);
    contacts.filter(|d| d.internal && !d.is_empty()).map(|d| d.value.clone()).collect()
}

#[test]
fn public_exports_leave_out_internal_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(example_app());
    let internal = internal_values(&h);
    assert!(internal.len() > 10);

    let html = dir.path().join("offentlig.html");
    h.state_mut().export_to(Format::Html, true, &html).unwrap();
    h.run();
    h.get_by_label_contains("Eksportert til");
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains("<html") && text.contains("Midtdalen"));
    assert!(!digits(&text).contains(SINDRE_MOBILE));
    for v in &internal {
        assert!(!text.contains(v.as_str()), "internal {v} in the public report");
    }

    // The same flag through vCard, where the number would otherwise be written: the check
    // above is not vacuous.
    let vcf = dir.path().join("k.vcf");
    h.state_mut().export_to(Format::Vcard, false, &vcf).unwrap();
    assert!(digits(&std::fs::read_to_string(&vcf).unwrap()).contains(SINDRE_MOBILE));
    h.state_mut().export_to(Format::Vcard, true, &vcf).unwrap();
    let text = std::fs::read_to_string(&vcf).unwrap();
    assert!(text.contains("Sindre Kvarme"));
    assert!(!digits(&text).contains(SINDRE_MOBILE));
}

#[test]
fn folder_exports_write_every_file_and_errors_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(example_app());
    let out = dir.path().join("csv");
    h.state_mut().export_to(Format::Csv, false, &out).unwrap();
    let n = std::fs::read_dir(&out).unwrap().count();
    assert!(n >= 2, "one CSV per record type, got {n}");
    // A file where the folder should be.
    let blocked = dir.path().join("fil");
    std::fs::write(&blocked, "x").unwrap();
    let err = h.state_mut().export_to(Format::Hsds, false, &blocked).unwrap_err();
    assert!(err.contains("er en fil, men denne eksporten er en mappe"), "{err}");
    h.run();
    h.get_by_label_contains("er en fil, men");
}

#[test]
fn export_dialog_asks_where_and_writes_there() {
    fn to_tmp(kind: samkart::ui::app::FileDialog) -> Option<PathBuf> {
        assert_eq!(kind, samkart::ui::app::FileDialog::Export(Format::Vcard));
        Some(std::env::temp_dir().join(format!("samkart-ui-exchange-{}.vcf", std::process::id())))
    }
    let mut app = example_app();
    app.pick_file = to_tmp;
    let mut h = harness(app);
    h.state_mut().send(Command::Export);
    h.run();
    h.get_by_label("vCard").click();
    h.run();
    h.get_by_label("Eksporter …").click();
    h.run();
    assert!(h.state().export.is_none());
    let path = to_tmp(samkart::ui::app::FileDialog::Export(Format::Vcard)).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert!(text.contains("BEGIN:VCARD"));
}

#[test]
fn volunteer_button_presets_a_public_html_report() {
    let mut h = harness(example_app());
    h.state_mut().send(Command::Show(View::Volunteer));
    h.run();
    h.get_by_label("Skriv ut / eksporter oversikten").click();
    h.run();
    let d = h.state().export.expect("export dialog open");
    assert_eq!((d.format, d.public), (Format::Html, true));
    h.get_by_label("Offentlig utgave (uten interne numre)");
}

#[cfg(unix)]
#[test]
fn the_window_never_exports_onto_the_open_register() {
    let dir = tempfile::tempdir().unwrap();
    let reg = dir.path().join("register.ron");
    std::fs::copy(common::example_path(), &reg).unwrap();
    std::os::unix::fs::symlink(&reg, dir.path().join("lenke.ron")).unwrap();
    let before = std::fs::read(&reg).unwrap();
    let mut h = harness(common::app(common::example(), reg.clone(), "Kari Tester"));
    for (format, out) in [
        (Format::Html, reg.clone()),
        (Format::Vcard, dir.path().join("lenke.ron")),
        (Format::Ics, dir.path().join("backups/../register.ron")),
    ] {
        let err = h.state_mut().export_to(format, false, &out).unwrap_err();
        assert!(err.contains("aldri over registeret"), "{err}");
        assert_eq!(std::fs::read(&reg).unwrap(), before);
    }
    h.run();
    assert_eq!(h.query_all_by_label_contains("aldri over registeret").count(), 3, "each refusal is shown");
}
