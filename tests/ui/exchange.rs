//! Import and export in the window: the import dialog's mapping, preview and single undoable
//! edit; the export dialog's files; the Frivillig button that opens the public overview of
//! offerings with the view's filters.

use eframe::egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use samkart::exchange::{ExportOptions, Format, Report};
use samkart::ui::App;
use samkart::ui::command::{Action, View};
use std::path::PathBuf;

use crate::common;
use crate::util::{click, click_containing, press, press_cmd, send};

fn example_app() -> App {
    common::example_app("Kari Tester")
}

fn harness(app: App) -> Harness<'static, App> {
    common::harness_sized(app, 1280.0, 900.0)
}

fn contacts(h: &Harness<'static, App>) -> Vec<samkart::model::Contact> {
    h.state().doc.as_ref().unwrap().register.contacts.clone()
}

/// Opens the import dialog on `file`, as Fil → Importer does once the file is chosen.
fn start_import(h: &mut Harness<'static, App>, file: PathBuf) {
    h.state_mut().start_import(file);
    h.run();
}

/// The example in a window and its contacts, and the import dialog open on `CSV` saved as
/// `name` in a temp folder.
fn importing_csv(name: &str) -> (tempfile::TempDir, Harness<'static, App>, Vec<samkart::model::Contact>) {
    let (dir, file) = common::temp_file(name, CSV);
    let mut h = harness(example_app());
    let before = contacts(&h);
    start_import(&mut h, file);
    (dir, h, before)
}

/// Row 2 and 3 are new, row 4 has a phone number one digit short (it comes in without it,
/// with a remark), row 5 is Sindre Kvarme again (same e-mail). «Info» is not a column name
/// the guesser knows.
const CSV: &str = "Navn;Stilling;Tjeneste;Telefon;E-post;Info\n\
Ola Importsen;Rådgiver;NAV Midtdalen;950 12 345;ola.importsen@nav.no;Ringer helst før 10\n\
Kari Importsen;Veileder;NAV Midtdalen;912 34 567;kari.importsen@nav.no;\n\
Per Feilnummer;Konsulent;NAV Midtdalen;950 12 34;per.feil@nav.no;\n\
Sindre Kvarme;Ungdomsveileder;NAV Midtdalen;61 24 03 82;sindre.kvarme@nav.no;\n";

#[test]
fn import_previews_then_applies_one_undoable_edit() {
    let (_dir, mut h, before) = importing_csv("kontakter.csv");
    // The mapping: one ComboBox per column, showing the guess.
    h.get_by_label("Importer fra kontakter.csv");
    h.get_by_label("Navn");
    h.get_by_label("E-post");
    // The preview, with the row that comes in without its bad number, and why.
    h.get_by_label("Legges til: 3   Oppdateres: 1   Hoppes over: 0   Avvises: 0   Med merknad: 1");
    h.get_by_label("Importert med merknad (1)");
    h.get_by_label_contains("Rad 4: kolonne «Telefon», «950 12 34»: Telefonnummeret må ha 8 sifre");
    let plan = h.state().import.as_ref().unwrap().plan.as_ref().unwrap();
    assert!(plan.rejected.is_empty());
    assert_eq!((plan.remarks[0].row, plan.remarks[0].value.as_str()), (4, "950 12 34"));
    h.get_by_label_contains("Rad 5: Sindre Kvarme");
    assert_eq!(contacts(&h), before, "nothing changes before «Importer»");

    // The user maps «Info» (not guessed) to Merknad.
    click(&mut h, "Info");
    click(&mut h, "Merknad");
    let mapping = &h.state().import.as_ref().unwrap().mapping;
    assert_eq!(mapping.columns[5], samkart::exchange::import::Field::Note);
    // Skip the duplicate instead of updating it.
    click(&mut h, "Hopp over");
    h.get_by_label("Legges til: 3   Oppdateres: 0   Hoppes over: 1   Avvises: 0   Med merknad: 1");

    click(&mut h, "Importer");
    assert!(h.state().import.is_none(), "the dialog closes");
    let after = contacts(&h);
    assert_eq!(after.len(), before.len() + 3);
    let ola = after.iter().find(|c| c.name == "Ola Importsen").expect("Ola added");
    assert_eq!(ola.note, "Ringer helst før 10", "the corrected mapping was used");
    assert_eq!(ola.service.as_str(), "nav-midtdalen");
    assert!(after.iter().any(|c| c.name == "Kari Importsen"));
    let per = after.iter().find(|c| c.name == "Per Feilnummer").expect("Per comes in");
    assert_eq!((per.phone.value.as_str(), per.email.value.as_str()), ("", "per.feil@nav.no"));

    // One Ctrl+Z removes the whole import.
    press_cmd(&mut h, Key::Z);
    assert_eq!(contacts(&h), before);
}

/// A list with a title above its headers: the dialog shows the header row it found and lets
/// the user pick another (the preview follows); a service name close to one in the register
/// is linked to it with the others offered, and a new service's guessed sector can be
/// changed before import.
#[test]
fn the_header_row_the_likely_service_and_the_sector_can_be_chosen() {
    let (_dir, file) = common::temp_file(
        "liste.csv",
        "Kontaktliste tverrfaglig samarbeid – oppdatert vår 2026\n\n\
         Navn;Enhet/avdeling;Mob\n\
         Ola Importsen;NAV Midtdalen;950 12 345\n\
         Kari Importsen;Midtdalen NAV-kontor;912 34 567\n\
         Mari Importsen;Vinstra sjakklubb;\n",
    );
    let mut h = harness(example_app());
    let services_before = h.state().doc.as_ref().unwrap().register.services.len();
    start_import(&mut h, file);
    h.get_by_label("Rad 1–2: tittel over tabellen, hoppet over");
    h.get_by_label("Legges til: 3   Oppdateres: 0   Hoppes over: 0   Avvises: 0");

    // Another header row: nothing maps, the preview says so; then back.
    click(&mut h, "Overskriftsrad");
    click_containing(&mut h, "Rad 1: Kontaktliste");
    assert_eq!(h.state().import.as_ref().unwrap().table.header_row, 1);
    h.get_by_label_contains("Ingen kolonne er koblet til navn");
    click(&mut h, "Overskriftsrad");
    click_containing(&mut h, "Rad 3: Navn");
    h.get_by_label("Legges til: 3   Oppdateres: 0   Hoppes over: 0   Avvises: 0");

    // «Midtdalen NAV-kontor» is linked to NAV Midtdalen; the user picks a new service.
    let plan = h.state().import.as_ref().unwrap().plan.as_ref().unwrap().clone();
    assert_eq!(plan.likely_services.len(), 1, "{:#?}", plan.likely_services);
    assert_eq!(plan.likely_services[0].service.as_str(), "nav-midtdalen");
    // The pointer comes from the popup just closed: one frame over the box first.
    h.get_by_label("«Midtdalen NAV-kontor» (rad 5) er").hover();
    h.run();
    click(&mut h, "«Midtdalen NAV-kontor» (rad 5) er");
    click(&mut h, "Ny tjeneste");
    let plan = h.state().import.as_ref().unwrap().plan.as_ref().unwrap().clone();
    assert!(plan.likely_services.is_empty());
    assert_eq!(plan.new_services.len(), 2);

    // The chess club's guessed sector («Annet») becomes «Frivillig».
    let sjakk = plan.new_services.iter().find(|s| s.service.name == "Vinstra sjakklubb").unwrap();
    assert_eq!(sjakk.service.sector, samkart::model::Sector::Annet);
    let sector_boxes = h.get_all_by_label("sektor").count();
    assert_eq!(sector_boxes, 2);
    h.get_all_by_label("sektor").nth(1).unwrap().hover();
    h.run();
    h.get_all_by_label("sektor").nth(1).unwrap().click();
    h.run();
    h.get_by_label("Frivillige organisasjoner").scroll_to_me();
    h.run();
    click(&mut h, "Frivillige organisasjoner");
    h.get_by_label("(gjettet: Annet)");

    click(&mut h, "Importer");
    let reg = &h.state().doc.as_ref().unwrap().register;
    assert_eq!(reg.services.len(), services_before + 2);
    let s = reg.service(&"vinstra-sjakklubb".into()).unwrap();
    assert_eq!(
        (s.sector, s.owner_kind),
        (samkart::model::Sector::Frivillig, samkart::model::OwnerKind::Voluntary)
    );
    let kari = reg.contacts.iter().find(|c| c.name == "Kari Importsen").unwrap();
    assert_eq!(kari.service.as_str(), "midtdalen-nav-kontor");
}

#[test]
fn cancel_leaves_the_register_alone_and_a_bad_file_gives_a_norwegian_error() {
    let (dir, mut h, before) = importing_csv("liste.csv");
    click(&mut h, "Avbryt");
    assert!(h.state().import.is_none());
    assert_eq!(contacts(&h), before);
    assert!(!h.state().doc.as_ref().unwrap().can_undo());

    start_import(&mut h, dir.path().join("finnes-ikke.csv"));
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
    press_cmd(&mut h, Key::I);
    assert!(h.state().import.is_none(), "no file chosen, no dialog");
    assert!(Action::palette().contains(&Action::Import));
    assert!(Action::palette().contains(&Action::Export));
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
    h.state_mut().export_to(Format::Html, &ExportOptions::public(true), &html).unwrap();
    h.run();
    h.get_by_label_contains("Eksportert til");
    let text = std::fs::read_to_string(&html).unwrap().replace("<wbr>", "");
    assert!(text.contains("<html") && text.contains("Midtdalen"));
    assert!(!digits(&text).contains(SINDRE_MOBILE));
    for v in &internal {
        assert!(!text.contains(v.as_str()), "internal {v} in the public report");
    }

    // The same flag through vCard, where the number would otherwise be written: the check
    // above is not vacuous.
    let vcf = dir.path().join("k.vcf");
    h.state_mut().export_to(Format::Vcard, &ExportOptions::public(false), &vcf).unwrap();
    assert!(digits(&std::fs::read_to_string(&vcf).unwrap()).contains(SINDRE_MOBILE));
    h.state_mut().export_to(Format::Vcard, &ExportOptions::public(true), &vcf).unwrap();
    let text = std::fs::read_to_string(&vcf).unwrap();
    assert!(text.contains("Sindre Kvarme"));
    assert!(!digits(&text).contains(SINDRE_MOBILE));
}

#[test]
fn folder_exports_write_every_file_and_errors_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(example_app());
    let out = dir.path().join("csv");
    h.state_mut().export_to(Format::Csv, &ExportOptions::public(false), &out).unwrap();
    let n = std::fs::read_dir(&out).unwrap().count();
    assert!(n >= 2, "one CSV per record type, got {n}");
    // A file where the folder should be.
    let blocked = dir.path().join("fil");
    std::fs::write(&blocked, "x").unwrap();
    let err = h.state_mut().export_to(Format::Hsds, &ExportOptions::public(false), &blocked).unwrap_err();
    assert!(err.contains("er en fil, men denne eksporten er en mappe"), "{err}");
    h.run();
    h.get_by_label_contains("er en fil, men");
}

#[test]
fn export_dialog_asks_where_and_writes_there() {
    fn to_tmp(kind: samkart::ui::app::FileDialog) -> Option<PathBuf> {
        assert_eq!(kind, samkart::ui::app::FileDialog::Export(Format::Vcard, Report::Management));
        Some(std::env::temp_dir().join(format!("samkart-ui-exchange-{}.vcf", std::process::id())))
    }
    let mut app = example_app();
    app.pick_file = to_tmp;
    let mut h = harness(app);
    send(&mut h, Action::Export);
    click(&mut h, "vCard");
    click(&mut h, "Eksporter …");
    assert!(h.state().export.is_none());
    let path = to_tmp(samkart::ui::app::FileDialog::Export(Format::Vcard, Report::Management)).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert!(text.contains("BEGIN:VCARD"));
}

/// Where the Frivillig test's overview is written.
fn overview_path() -> PathBuf {
    std::env::temp_dir().join(format!("samkart-ui-oversikt-{}.html", std::process::id()))
}

#[test]
fn volunteer_button_prints_the_public_overview_of_what_the_view_shows() {
    fn to_tmp(kind: samkart::ui::app::FileDialog) -> Option<PathBuf> {
        // The overview of offerings, named as such in the save dialog (not «rapport.html»).
        assert_eq!(kind, samkart::ui::app::FileDialog::Export(Format::Html, Report::Offerings));
        Some(overview_path())
    }
    let mut app = example_app();
    app.pick_file = to_tmp;
    let mut h = harness(app);
    h.state_mut().send(Action::Show(View::Volunteer));
    h.state_mut().views.volunteer.filter.age = "12".into();
    h.state_mut().views.volunteer.filter.municipality = Some("3436".into());
    h.run();
    let reg = h.state().doc.as_ref().unwrap().register.clone();
    let shown: Vec<String> =
        h.state().views.volunteer.offer_ids(&reg).iter().map(|s| s.to_string()).collect();
    assert!(shown.len() >= 2, "{shown:?}");
    click(&mut h, "Skriv ut / eksporter oversikten");
    let d = h.state().export.clone().expect("export dialog open");
    assert_eq!((d.format, d.public, d.report), (Format::Html, true, Report::Offerings));
    assert_eq!((d.filter.age, d.filter.municipality.as_deref()), (Some(12), Some("3436")));
    h.get_by_label(samkart::ui::export_dialog::PUBLIC_LABEL);
    h.get_by_label_contains("Utvalg: frivillige organisasjoner, 12 år, Nord-Fron");
    click(&mut h, "Eksporter …");
    assert!(h.state().export.is_none());
    let html = std::fs::read_to_string(overview_path()).unwrap().replace("<wbr>", "");
    std::fs::remove_file(overview_path()).unwrap();
    // The same offerings as on the screen, and nothing internal or from the management report.
    for o in &reg.offerings {
        let printed = html.contains(&format!("<h3>{}</h3>", html_escape::encode_text(&o.name)));
        assert_eq!(printed, shown.contains(&o.id.to_string()), "{}", o.name);
    }
    assert!(!html.contains("<h2>Funn</h2>") && !html.contains("Samarbeidsavtaler"));
    assert!(!digits(&html).contains(SINDRE_MOBILE));
}

#[test]
fn the_dialog_makes_hsds_public_and_warns_of_a_national_id() {
    let mut reg = common::example();
    reg.services[0].description = "Gjelder 15076500565".into();
    let mut h = harness(common::app(reg, common::nowhere(), "Kari Tester"));
    send(&mut h, Action::Export);
    assert!(!h.state().export.as_ref().unwrap().public, "CSV starts internal");
    click(&mut h, "HSDS");
    assert!(h.state().export.as_ref().unwrap().public, "HSDS starts public");
    click(&mut h, "vCard, én fil per kontakt");
    assert!(!h.state().export.as_ref().unwrap().public);
    h.get_by_label_contains("Registeret har én tekst med noe som ser ut som et fødselsnummer");
}

#[test]
fn import_and_export_open_on_their_first_choice_and_esc_closes_them() {
    use eframe::egui::accesskit::Role;
    let (_dir, file) = common::temp_file("kontakter.csv", CSV);
    let mut h = harness(example_app());
    let before = contacts(&h);
    assert_eq!(common::focused(&h).as_deref(), Some("Søk"));

    start_import(&mut h, file);
    h.get_by_role_and_label(Role::Dialog, "Importer fra kontakter.csv");
    assert_eq!(common::focused(&h).as_deref(), Some("Overskriftsrad"), "the first choice: the header row");
    press(&mut h, Key::Escape);
    assert!(h.state().import.is_none());
    assert_eq!(contacts(&h), before);
    assert_eq!(common::focused(&h).as_deref(), Some("Søk"));

    send(&mut h, Action::Export);
    h.get_by_role_and_label(Role::Dialog, "Eksporter");
    assert_eq!(common::focused(&h).as_deref(), Some("CSV"));
    press(&mut h, Key::Escape);
    assert!(h.state().export.is_none());
    assert_eq!(common::focused(&h).as_deref(), Some("Søk"));
}

#[cfg(unix)]
#[test]
fn the_window_never_exports_onto_the_open_register() {
    let (dir, reg) = common::temp_path("register.ron");
    std::fs::copy(common::example_path(), &reg).unwrap();
    std::os::unix::fs::symlink(&reg, dir.path().join("lenke.ron")).unwrap();
    let before = std::fs::read(&reg).unwrap();
    let mut h = harness(common::app(common::example(), reg.clone(), "Kari Tester"));
    for (format, out) in [
        (Format::Html, reg.clone()),
        (Format::Vcard, dir.path().join("lenke.ron")),
        (Format::Ics, dir.path().join("backups/../register.ron")),
    ] {
        let err = h.state_mut().export_to(format, &ExportOptions::public(false), &out).unwrap_err();
        assert!(err.contains("aldri over registeret"), "{err}");
        assert_eq!(std::fs::read(&reg).unwrap(), before);
    }
    h.run();
    assert_eq!(h.query_all_by_label_contains("aldri over registeret").count(), 3, "each refusal is shown");
}

#[test]
fn drafts_to_every_unverified_contact_from_oversikt() {
    use std::sync::atomic::{AtomicBool, Ordering};
    static ASKED: AtomicBool = AtomicBool::new(false);
    fn pick(kind: samkart::ui::app::FileDialog) -> Option<PathBuf> {
        assert_eq!(kind, samkart::ui::app::FileDialog::Drafts, "asks for a folder for the drafts");
        ASKED.store(true, Ordering::SeqCst);
        None
    }
    let mut app = example_app();
    app.pick_file = pick;
    let mut h = harness(app);
    send(&mut h, Action::Show(View::Overview));
    click(&mut h, "E-postutkast til kontakter som ikke er bekreftet …");
    assert!(ASKED.load(Ordering::SeqCst));
    // The folder chosen: one draft per flagged contact with an address, the window says so.
    let dir = tempfile::tempdir().unwrap();
    let n = h.state_mut().request_verification(&dir.path().join("utkast")).unwrap();
    let flagged = h
        .state()
        .derived
        .findings
        .iter()
        .filter(|f| f.kind == samkart::review::FindingKind::ContactUnverified)
        .count();
    assert!(n > 0 && n <= flagged, "{n} of {flagged}");
    let files: Vec<_> = std::fs::read_dir(dir.path().join("utkast")).unwrap().collect();
    assert_eq!(files.len(), n);
    h.run();
    h.get_by_label_contains(&format!("Skrev {n} e-postutkast i"));
    // A folder that is a file is refused in words, and nothing is written.
    let file = dir.path().join("register.ron");
    std::fs::write(&file, "(version: 2)").unwrap();
    let err = h.state_mut().request_verification(&file).unwrap_err();
    assert!(err.contains("er ikke en mappe"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "(version: 2)");
}
