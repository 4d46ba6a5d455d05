//! The register file: round trips, broken files, atomic save, backups and the lock.

use crate::common;
use chrono::NaiveDate;
use proptest::prelude::*;
use samkart::model::*;
use samkart::store::{self, LoadError};
use std::fs;
use std::path::Path;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A small, valid register touching every kind of record.
fn small() -> Register {
    let mut r = Register::new("Testdalen");
    r.municipalities.push(Municipality { number: "3436".into(), name: "Nord-Fron".into() });
    let mut bv = Service::new("bv", "Barneverntjenesten", Sector::Barnevern, OwnerKind::InterMunicipal);
    bv.municipalities = vec!["3436".into()];
    bv.phone = "61 21 40 00".into();
    bv.org_number = "974760673".into();
    r.services.push(bv);
    r.services.push(Service::new("nav", "NAV Nord-Fron", Sector::Nav, OwnerKind::State));
    let mut c = Contact::new("kari", "Kari Nordmann", "NAV-veileder for ungdom 18–25", "nav");
    c.mobile = ContactDetail::internal("950 12 345");
    c.email = ContactDetail::public("kari.nordmann@example.no");
    c.topics = vec!["nav ung".into(), "18–25".into()];
    c.verified = Some(d(2026, 1, 10));
    r.contacts.push(c);
    let mut a = Agreement::new("bv-nav", "Samarbeidsavtale barnevern–NAV", vec!["bv".into(), "nav".into()]);
    a.entered = Some(d(2022, 5, 18));
    a.revision_interval_months = Some(12);
    a.owner = Some("kari".into());
    a.revisions.push(Revision {
        date: d(2024, 6, 1),
        by: "Kari Nordmann".into(),
        note: "Ny kontaktliste".into(),
    });
    r.agreements.push(a);
    r.routines.push(Routine::new(
        "bekymring",
        "Fra bekymring til handling",
        vec!["bv".into()],
        Formalisation::Adopted,
    ));
    r.forums.push(Forum::new("beslutningsrad", "Beslutningsråd", vec!["bv".into(), "nav".into()]));
    r.offerings.push(Offering::new("leksehjelp", "Leksehjelp", "nav"));
    r.expectations.push(Expectation {
        id: "bv-frivillig".into(),
        a: Party::Service("bv".into()),
        b: Party::Sector(Sector::Frivillig),
        basis: "Barnevernsloven § 15-8".into(),
        note: String::new(),
    });
    r
}

#[test]
fn small_register_is_valid_and_round_trips() {
    let r = small();
    assert_eq!(validate::validate(&r, d(2026, 11, 23)), vec![]);
    let text = store::to_text(&r);
    let back = store::parse(&text).unwrap();
    let mut sorted = r.clone();
    sorted.normalize();
    assert_eq!(back, sorted);
    // Norwegian letters are written as they are, not escaped, so the file reads well.
    assert!(text.contains("Beslutningsråd"), "{text}");
    assert!(text.contains("18–25"));
}

#[test]
fn records_are_sorted_by_id_in_the_file() {
    let mut r = small();
    r.services.insert(0, Service::new("zz-last", "Siste", Sector::Annet, OwnerKind::Private));
    r.services.push(Service::new("aa-first", "Første", Sector::Annet, OwnerKind::Private));
    let text = store::to_text(&r);
    let a = text.find("\"aa-first\"").unwrap();
    let b = text.find("\"bv\"").unwrap();
    let z = text.find("\"zz-last\"").unwrap();
    assert!(a < b && b < z);
}

#[test]
fn hand_written_some_and_implicit_some_both_load() {
    let text = r#"(version: 1, services: [(id: "a", name: "A", sector: Nav, owner_kind: State,
        target_age: Some((from: 0, to: 5)))], contacts: [(id: "c", name: "C", role: "r", service: "a",
        verified: "2025-01-02")])"#;
    let r = store::parse(text).unwrap();
    assert_eq!(r.services[0].target_age, Some(AgeRange::new(0, 5)));
    assert_eq!(r.contacts[0].verified, Some(d(2025, 1, 2)));
}

// ---- validation: each problem with the right record id ----

fn problems(r: &Register) -> Vec<(RecordKind, String, &'static str)> {
    validate::validate(r, d(2026, 11, 23)).into_iter().map(|p| (p.kind, p.id, p.field)).collect()
}

#[test]
fn duplicate_ids_are_reported() {
    let mut r = small();
    r.services.push(Service::new("nav", "NAV kopi", Sector::Nav, OwnerKind::State));
    assert!(problems(&r).contains(&(RecordKind::Service, "nav".into(), "id")));
}

#[test]
fn malformed_ids_are_reported() {
    let mut r = small();
    r.offerings[0].id = "Leksehjelp Røde Kors".into();
    assert!(problems(&r).contains(&(RecordKind::Offering, "Leksehjelp Røde Kors".into(), "id")));
}

#[test]
fn missing_references_are_reported() {
    let mut r = small();
    r.contacts[0].service = "finnes-ikke".into();
    r.contacts[0].deputy = Some("borte".into());
    r.agreements[0].parties.push("ukjent".into());
    r.agreements[0].owner = Some("ingen".into());
    r.routines[0].services.push("x".into());
    r.forums[0].convener = Some("y".into());
    r.offerings[0].provider = "z".into();
    r.expectations[0].a = Party::Service("w".into());
    let p = problems(&r);
    for want in [
        (RecordKind::Contact, "kari", "service"),
        (RecordKind::Contact, "kari", "deputy"),
        (RecordKind::Agreement, "bv-nav", "parties"),
        (RecordKind::Agreement, "bv-nav", "owner"),
        (RecordKind::Routine, "bekymring", "services"),
        (RecordKind::Forum, "beslutningsrad", "convener"),
        (RecordKind::Offering, "leksehjelp", "provider"),
        (RecordKind::Expectation, "bv-frivillig", "a"),
    ] {
        assert!(p.contains(&(want.0, want.1.into(), want.2)), "missing {want:?} in {p:?}");
    }
}

#[test]
fn future_and_impossible_revision_dates_are_reported() {
    let mut r = small();
    r.agreements[0].revisions.push(Revision { date: d(2027, 1, 1), by: "X".into(), note: String::new() });
    r.routines[0].entered = Some(d(2020, 1, 1));
    r.routines[0].revisions.push(Revision { date: d(2019, 12, 31), by: "Y".into(), note: String::new() });
    let all = validate::validate(&r, d(2026, 11, 23));
    assert!(all.iter().any(|p| p.id == "bv-nav" && p.message.contains("fram i tid")), "{all:?}");
    assert!(all.iter().any(|p| p.id == "bekymring" && p.message.contains("før")), "{all:?}");
    // The same revision on the day itself is fine.
    let mut ok = small();
    ok.agreements[0].revisions.push(Revision { date: d(2026, 11, 23), by: "X".into(), note: String::new() });
    assert_eq!(problems(&ok), vec![]);
}

#[test]
fn empty_names_are_reported_except_for_vacant_posts() {
    let mut r = small();
    r.services[0].name = "  ".into();
    r.agreements[0].title.clear();
    let mut vacant = Contact::new("ledig", "", "Helsesykepleier", "bv");
    vacant.vacant = true;
    r.contacts.push(vacant);
    let mut nameless = Contact::new("uten-navn", "", "Rådgiver", "bv");
    nameless.vacant = false;
    r.contacts.push(nameless);
    let p = problems(&r);
    assert!(p.contains(&(RecordKind::Service, "bv".into(), "name")));
    assert!(p.contains(&(RecordKind::Agreement, "bv-nav".into(), "title")));
    assert!(p.contains(&(RecordKind::Contact, "uten-navn".into(), "name")));
    assert!(!p.iter().any(|x| x.1 == "ledig"), "{p:?}");
}

#[test]
fn malformed_phone_email_and_org_number_are_reported() {
    let mut r = small();
    r.services[0].phone = "61 21 40".into();
    r.services[0].org_number = "974760674".into();
    r.contacts[0].mobile.value = "9501234x".into();
    r.contacts[0].email.value = "kari.nordmann@".into();
    let all = validate::validate(&r, d(2026, 11, 23));
    let p = problems(&r);
    assert!(p.contains(&(RecordKind::Service, "bv".into(), "phone")));
    assert!(p.contains(&(RecordKind::Service, "bv".into(), "org_number")));
    assert!(p.contains(&(RecordKind::Contact, "kari".into(), "mobile")));
    assert!(p.contains(&(RecordKind::Contact, "kari".into(), "email")));
    assert!(all.iter().any(|p| p.message.contains("8 sifre")), "{all:?}");
    assert!(all.iter().any(|p| p.message.contains("kontrollsifferet")), "{all:?}");
}

// ---- broken files ----

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    fs::write(&p, bytes).unwrap();
    p
}

// ---------------------------------------------------------------- version 1 files

/// A version-1 text read into today's types without the migration: every value it holds,
/// with the later fields at their defaults.
fn unmigrated(text: &str) -> Register {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .expect("a version-1 file reads as it is")
}

/// Loads a version-1 file, checks that the migration kept every value and only added what
/// version 2 brought (an ended offering's status), saves it, and checks the saved file.
fn migrates_keeping_every_value(name: &str, text: &str, dir: &Path) {
    let raw = unmigrated(text);
    assert_eq!(raw.version, 1, "{name} is a version-1 file");
    let migrated = store::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(migrated.version, 2, "{name}");
    let mut expected = raw.clone();
    expected.version = 2;
    for o in &mut expected.offerings {
        o.status = if o.active { OfferingStatus::Ongoing } else { OfferingStatus::Ended };
    }
    assert_eq!(migrated, expected, "{name}: a value changed in the migration");
    // The file it saves says version 2 and differs from the version-1 text only by that line
    // and a `status: Ended` on each offering that is no longer active.
    let path = dir.join(name);
    store::save(&path, &migrated).unwrap();
    let saved = fs::read_to_string(&path).unwrap();
    assert!(saved.contains("\n    version: 2,\n"), "{name}");
    let mut old_sorted = raw.clone();
    old_sorted.normalize();
    old_sorted.version = 1;
    // Walk both texts in order: every line of the old one is in the new one, and the only
    // lines the new one adds are `status: Ended,` on the offerings no longer active.
    let without_version = |t: &str| -> Vec<String> {
        t.lines().filter(|l| !l.trim_start().starts_with("version:")).map(str::to_owned).collect()
    };
    let (new, old) = (without_version(&saved), without_version(&store::to_text(&old_sorted)));
    let mut added = 0;
    let mut j = 0;
    for line in &new {
        if old.get(j) == Some(line) {
            j += 1;
        } else {
            assert_eq!(line.trim(), "status: Ended,", "{name}: a line the migration should not add");
            added += 1;
        }
    }
    assert_eq!(j, old.len(), "{name}: the saved file lost a line of the old one");
    assert_eq!(added, migrated.offerings.iter().filter(|o| !o.active).count(), "{name}");
    let again = store::load(&path).unwrap();
    let mut sorted = migrated.clone();
    sorted.normalize();
    assert_eq!(again, sorted, "{name}: the saved version-2 file loads back the same");
}

#[test]
fn version_1_files_load_migrate_keep_every_value_and_save_as_version_2() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // data/eksempel.ron as it was in version 1.
    let example = fs::read_to_string(root.join("tests/fixtures/v1/eksempel.ron")).unwrap();
    migrates_keeping_every_value("eksempel-v1.ron", &example, dir.path());
    let raw = unmigrated(&example);
    assert!(raw.offerings.iter().any(|o| !o.active), "the example has an ended offering to migrate");
    // Every file of the loader's fuzz corpus that is a version-1 register.
    let mut n = 0;
    for entry in fs::read_dir(root.join("fuzz/corpus/load_ron")).unwrap() {
        let path = entry.unwrap().path();
        let Ok(text) = fs::read_to_string(&path) else { continue };
        if store::parse(&text).is_err() {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        migrates_keeping_every_value(&name, &text, dir.path());
        n += 1;
    }
    assert!(n >= 4, "{n} version-1 files in the corpus");
}

#[test]
fn version_2_fields_round_trip() {
    let mut reg = small();
    let mut f = Forum::new("drofting", "Tverrfaglig drøfting", vec!["bv".into(), "nav".into()]);
    f.frequency = Some(Frequency::Quarterly);
    f.first_meeting = Some(d(2026, 1, 15));
    let mut g = Forum::new("bup", "Samarbeidsforum BUP", vec!["bv".into()]);
    g.meeting_months = vec![Month::February, Month::September];
    reg.forums = vec![f, g];
    let mut planned = Offering::new("barnesamtale", "Barnesamtale fra 3 år", "bv");
    planned.status = OfferingStatus::Planned;
    reg.offerings.push(planned);
    reg.settings.volunteer_confirm_month = Some(Month::September);
    let text = store::to_text(&reg);
    for line in [
        "first_meeting: \"2026-01-15\"",
        "September,",
        "status: Planned,",
        "volunteer_confirm_month: September,",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    let mut sorted = reg.clone();
    sorted.normalize();
    assert_eq!(store::parse(&text).unwrap(), sorted);
}

#[test]
fn an_offering_whose_status_and_active_disagree_is_a_problem() {
    let mut reg = small();
    let mut o = Offering::new("kurs", "Kurs", "bv");
    o.status = OfferingStatus::Ended;
    reg.offerings.push(o);
    let kurs = |reg: &Register| problems(reg).into_iter().filter(|p| p.1 == "kurs").collect::<Vec<_>>();
    assert_eq!(kurs(&reg), [(RecordKind::Offering, "kurs".to_owned(), "status")]);
    let at = reg.offerings.len() - 1;
    reg.offerings[at].active = false;
    assert_eq!(kurs(&reg), []);
    reg.offerings[at].status = OfferingStatus::Planned;
    assert_eq!(kurs(&reg), [], "a plan set aside");
    let mut f = Forum::new("f", "Forum", vec!["bv".into()]);
    f.first_meeting = Some(d(2026, 1, 15));
    f.meeting_months = vec![Month::March];
    reg.forums.push(f);
    assert_eq!(problems(&reg), [(RecordKind::Forum, "f".to_owned(), "meeting_months")]);
}

#[test]
fn broken_files_give_clear_errors_and_stay_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let good = store::to_text(&small());
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("tom.ron", Vec::new()),
        ("avkuttet.ron", good.as_bytes()[..good.len() / 2].to_vec()),
        ("søppel.ron", b"\x00\x01PK\x03\x04 not ron at all {{{".to_vec()),
        ("tekst.ron", b"Hei, dette er et brev.".to_vec()),
        ("feil versjon.ron", good.replace("version: 2", "version: 99").into_bytes()),
        ("uten versjon.ron", b"(name: \"x\")".to_vec()),
        ("latin1.ron", b"(version: 1, name: \"Tr\xf8ndelag\")".to_vec()),
    ];
    for (name, bytes) in cases {
        let path = write(dir.path(), name, &bytes);
        let err = store::load(&path).expect_err(name);
        let msg = err.to_string();
        assert!(!msg.is_empty());
        match name {
            "tom.ron" => assert!(matches!(err, LoadError::Empty), "{err:?}"),
            "avkuttet.ron" | "tekst.ron" => assert!(err.position().is_some(), "{name}: {err:?}"),
            "feil versjon.ron" => {
                assert!(matches!(err, LoadError::TooNew { found: 99, .. }));
                assert!(msg.contains("Oppdater Samkart"));
            }
            "uten versjon.ron" => assert!(matches!(err, LoadError::NoVersion)),
            "latin1.ron" => assert!(matches!(err, LoadError::NotText { .. }), "{err:?}"),
            _ => {}
        }
        assert_eq!(fs::read(&path).unwrap(), bytes, "{name} must be byte-for-byte unchanged");
        assert!(!store::backup_dir(&path).exists());
    }
}

#[test]
fn syntax_errors_name_line_and_column() {
    let text = "(\n    version: 1,\n    name: \"x\",\n    services: [ oops ],\n)\n";
    let err = store::parse(text).unwrap_err();
    let (line, col) = err.position().expect("position");
    assert_eq!(line, 4);
    assert!(col >= 15, "col {col}");
    assert!(err.to_string().contains("linje 4"));
}

#[test]
fn bom_and_windows_line_endings_load() {
    let dir = tempfile::tempdir().unwrap();
    let good = store::to_text(&small());
    let crlf = good.replace('\n', "\r\n");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(crlf.as_bytes());
    let path = write(dir.path(), "windows.ron", &bom);
    let r = store::load(&path).expect("BOM + CRLF loads");
    assert_eq!(r.services.len(), 2);
    assert_eq!(fs::read(&path).unwrap(), bom, "loading never rewrites");
}

#[test]
fn a_directory_is_not_a_register() {
    let dir = tempfile::tempdir().unwrap();
    let err = store::load(dir.path()).unwrap_err();
    assert!(matches!(err, LoadError::IsDirectory { .. }), "{err:?}");
    let missing = store::load(&dir.path().join("finnes-ikke.ron")).unwrap_err();
    assert!(matches!(missing, LoadError::Io { .. }));
}

// ---- save ----

#[test]
fn save_then_load_in_a_path_with_spaces_and_norwegian_letters() {
    let (_dir, sub) = common::temp_path("Felles område/Barn og unge");
    fs::create_dir_all(&sub).unwrap();
    let path = sub.join("samarbeid æøå.ron");
    store::save(&path, &small()).unwrap();
    assert_eq!(store::load(&path).unwrap().name, "Testdalen");
}

#[test]
fn interrupted_save_leaves_the_original_loadable() {
    let (dir, path) = common::temp_register("register.ron", &small());
    let before = fs::read(&path).unwrap();
    // What a save killed mid-write leaves: a half-written temp file beside the original.
    let half = &before[..before.len() / 3];
    fs::write(dir.path().join(".register.ron.abc123.tmp"), half).unwrap();
    assert_eq!(fs::read(&path).unwrap(), before);
    store::load(&path).expect("original still loads");
    // And the next save still works.
    let mut r = small();
    r.name = "Etter".into();
    store::save(&path, &r).unwrap();
    assert_eq!(store::load(&path).unwrap().name, "Etter");
}

#[test]
fn backups_rotate_at_ten() {
    let (_dir, path) = common::temp_path("register.ron");
    let mut r = small();
    for i in 0..15 {
        r.name = format!("utgave {i}");
        store::save(&path, &r).unwrap();
    }
    let backups = store::list_backups(&path).unwrap();
    assert_eq!(backups.len(), store::BACKUPS_KEPT);
    // The newest backup is the version before the last save; the oldest kept is utgave 4.
    assert_eq!(store::load(backups.last().unwrap()).unwrap().name, "utgave 13");
    assert_eq!(store::load(&backups[0]).unwrap().name, "utgave 4");
    assert_eq!(store::load(&path).unwrap().name, "utgave 14");
}

#[test]
fn a_second_writer_is_refused_while_the_lock_is_held() {
    let (_dir, path) = common::temp_register("register.ron", &small());
    let before = fs::read(&path).unwrap();
    let held = store::lock::acquire(&path).unwrap();
    let mut r = small();
    r.name = "Annen".into();
    let err = store::save(&path, &r).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains(&store::lock::current_user()), "{msg}");
    assert!(msg.contains("lagres akkurat nå"), "{msg}");
    assert_eq!(fs::read(&path).unwrap(), before);
    drop(held);
    store::save(&path, &r).unwrap();
    assert_eq!(store::load(&path).unwrap().name, "Annen");
}

/// A misspelt field (`verifisert` for `verified`) is an error with its line and column, the
/// record's id and the nearest known name; it is never loaded and then dropped by a save.
#[test]
fn an_unknown_field_is_an_error_with_its_place_and_the_nearest_known_name() {
    let text = store::EXAMPLE.replacen(
        "            verified: \"2026-09-20\",",
        "            verifisert: \"2026-09-20\",",
        1,
    );
    assert_ne!(text, store::EXAMPLE);
    let line = text.lines().position(|l| l.contains("verifisert:")).unwrap() + 1;
    let Err(err) = store::parse(&text) else { panic!("an unknown field is refused") };
    let msg = err.to_string();
    assert_eq!(err.position(), Some((line, 13)), "{msg}");
    common::assert_contains_all(
        &msg,
        &["ukjent felt «verifisert»", "kontakt «agnieszka-nowak»", "mente du «verified»"],
    );
    // Top level, in settings and in a nested detail too.
    for (from, to, want) in [
        ("    name: ", "    navn: ", "«navn»"),
        ("        warn_days:", "        varsel_dager:", "«varsel_dager»"),
        ("                value: \"61 21 47 90\",", "                verdi: \"61 21 47 90\",", "«verdi»"),
    ] {
        let text = store::EXAMPLE.replacen(from, to, 1);
        assert_ne!(text, store::EXAMPLE, "{from}");
        let Err(err) = store::parse(&text) else { panic!("{want} is refused") };
        let msg = err.to_string();
        assert!(msg.contains(&format!("ukjent felt {want}")), "{msg}");
    }
}

/// A register reached through a symbolic link (a shared folder linked into a home folder)
/// and directly: saves from both sides reach the one file, the link stays a link, and the
/// lock and backups are those beside the target.
#[cfg(unix)]
#[test]
fn a_symlinked_register_edited_from_both_sides_keeps_both_edits() {
    use samkart::store::commit::save_merging;
    let (_dir, [shared, home]) = common::temp_folders(["felles", "hjemme"]);
    let target = shared.join("register.ron");
    let link = home.join("register.ron");
    store::save(&target, &small()).unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();

    let base = store::load(&link).unwrap();
    let mut through_link = base.clone();
    through_link.contacts.push(Contact::new("ola", "Ola Lenke", "Rådgiver", "nav"));
    save_merging(&link, &base, &through_link).unwrap();
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is still a link");
    let mut direct = base.clone();
    direct.contacts.push(Contact::new("per", "Per Direkte", "Rådgiver", "bv"));
    save_merging(&target, &base, &direct).unwrap();
    let mut again = store::load(&link).unwrap();
    again.name = "Endret gjennom lenken".into();
    store::save(&link, &again).unwrap();

    let on_disk = store::load(&target).unwrap();
    assert!(on_disk.contacts.iter().any(|c| c.name == "Ola Lenke"));
    assert!(on_disk.contacts.iter().any(|c| c.name == "Per Direkte"));
    assert_eq!(on_disk.name, "Endret gjennom lenken");
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(!store::list_backups(&target).unwrap().is_empty(), "backups beside the target");
    assert!(!home.join("backups").exists(), "no backups beside the link");
    // The lock is the target's, whichever name is used.
    let held = store::lock::acquire(&target).unwrap();
    assert!(store::save(&link, &small()).is_err(), "the link's save waits for the target's lock");
    drop(held);
}

// ---- property: any valid register round-trips ----

fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-ZæøåÆØÅ0-9 .,–\"\\\\()\\n-]{0,20}").unwrap()
}
fn id() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-z][a-z0-9-]{0,8}").unwrap()
}
fn date() -> impl Strategy<Value = NaiveDate> {
    (2000i32..2026, 1u32..=12, 1u32..=28).prop_map(|(y, m, dd)| d(y, m, dd))
}
fn opt<T: std::fmt::Debug + Clone>(s: impl Strategy<Value = T>) -> impl Strategy<Value = Option<T>> {
    proptest::option::of(s)
}

prop_compose! {
    fn service()(id in id(), name in text(), abbr in text(), sector in 0usize..Sector::ALL.len(),
                 age in opt((0u8..30, 0u8..30)), phone in "[0-9 ]{0,11}", active in any::<bool>(),
                 levels in proptest::collection::vec(0usize..3, 0..3)) -> Service {
        let mut s = Service::new(id.as_str(), &name, Sector::ALL[sector], OwnerKind::Municipal);
        s.abbreviation = abbr;
        s.target_age = age.map(|(a, b)| AgeRange::new(a, b));
        s.phone = phone;
        s.active = active;
        s.prevention_levels = levels.into_iter().map(|i| PreventionLevel::ALL[i]).collect();
        s
    }
}

prop_compose! {
    fn contact()(id in id(), name in text(), role in text(), service in id(), mobile in text(),
                 internal in any::<bool>(), topics in proptest::collection::vec(text(), 0..3),
                 verified in opt(date()), vacant in any::<bool>(), deputy in opt(id())) -> Contact {
        let mut c = Contact::new(id.as_str(), &name, &role, service.as_str());
        c.mobile = ContactDetail { value: mobile, internal };
        c.topics = topics;
        c.verified = verified;
        c.vacant = vacant;
        c.deputy = deputy.map(ContactId::new);
        c
    }
}

prop_compose! {
    fn agreement()(id in id(), title in text(), parties in proptest::collection::vec(id(), 0..4),
                   entered in opt(date()), interval in opt(0u32..40), due in opt(date()),
                   revs in proptest::collection::vec((date(), text(), text()), 0..3),
                   status in 0usize..4, sectors in proptest::collection::vec(0usize..Sector::ALL.len(), 0..2))
                   -> Agreement {
        let mut a = Agreement::new(id.as_str(), &title, parties.into_iter().map(ServiceId::new).collect());
        a.entered = entered;
        a.revision_interval_months = interval;
        a.next_due = due;
        a.status = AgreementStatus::ALL[status];
        a.party_sectors = sectors.into_iter().map(|i| Sector::ALL[i]).collect();
        a.revisions = revs.into_iter().map(|(date, by, note)| Revision { date, by, note }).collect();
        a
    }
}

prop_compose! {
    fn register()(services in proptest::collection::vec(service(), 0..5),
                  contacts in proptest::collection::vec(contact(), 0..5),
                  agreements in proptest::collection::vec(agreement(), 0..4),
                  name in text(), warn in 0u32..400,
                  offer in opt((id(), text(), id(), any::<bool>(), opt(date()))),
                  exp in opt((id(), id(), 0usize..Sector::ALL.len()))) -> Register {
        let mut r = Register::new(&name);
        r.settings.warn_days = warn;
        r.services = services;
        r.contacts = contacts;
        r.agreements = agreements;
        if let Some((id, name, provider, free, funded)) = offer {
            let mut o = Offering::new(id.as_str(), &name, provider.as_str());
            o.free = free;
            o.funded_until = funded;
            o.weekdays = vec![Weekday::Tue];
            r.offerings.push(o);
        }
        if let Some((id, a, s)) = exp {
            r.expectations.push(Expectation { id: id.into(), a: Party::Service(a.into()),
                b: Party::Sector(Sector::ALL[s]), basis: String::new(), note: String::new() });
        }
        r.normalize();
        r
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]
    #[test]
    fn any_register_saves_and_loads_back_equal(r in register()) {
        let text = store::to_text(&r);
        let back = store::parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&back, &r);
        // Writing again gives the same bytes: the format is stable.
        prop_assert_eq!(store::to_text(&back), text);
    }
}

/// Writes a lock file for `register` with `content`, dated `age` ago (negative: ahead).
fn stale_lock(register: &Path, content: &[u8], modified: std::time::SystemTime) -> std::path::PathBuf {
    let lock = store::lock::lock_path(register);
    fs::write(&lock, content).unwrap();
    let f = fs::OpenOptions::new().write(true).open(&lock).unwrap();
    f.set_modified(modified).unwrap();
    lock
}

const DAY: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// A lock whose content is not text (a broken write, another program's file) is judged by
/// its age like one that names no holder, and a refusal names the lock file and says how to
/// remove it.
#[test]
fn a_lock_with_unreadable_content_is_broken_when_old_and_named_when_not() {
    let (_dir, path) = common::temp_register("register.ron", &small());
    let now = std::time::SystemTime::now();
    let lock = stale_lock(&path, b"\xff\xfe\x00binary\x80", now - 2 * DAY);
    let mut r = small();
    r.name = "Etter den gamle låsen".into();
    store::save(&path, &r).expect("a two-day-old unreadable lock is broken");
    assert_eq!(store::load(&path).unwrap().name, "Etter den gamle låsen");
    assert!(!lock.exists());
    stale_lock(&path, b"\xff\xfe\x00binary\x80", now);
    let msg = store::save(&path, &small()).unwrap_err().to_string();
    assert!(msg.contains(&lock.display().to_string()), "the lock file is named: {msg}");
    assert!(msg.contains("slett"), "and how to remove it: {msg}");
}

/// A lock written on a machine whose clock runs ahead has a modification time in the
/// future; it is judged by the time written inside it, so a crashed writer's lock does not
/// block for ever. A fresh one is still respected.
#[test]
fn a_lock_from_a_clock_ahead_is_judged_by_the_time_inside_it() {
    let (_dir, path) = common::temp_register("register.ron", &small());
    let now = std::time::SystemTime::now();
    let secs = |t: std::time::SystemTime| t.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let holder = |written: std::time::SystemTime| {
        format!("user=ola\nhost=kontor-pc-17\npid=1\ntime={}\ntoken=x\n", secs(written)).into_bytes()
    };
    stale_lock(&path, &holder(now), now + DAY);
    assert!(store::save(&path, &small()).is_err(), "a fresh lock from another machine is respected");
    stale_lock(&path, &holder(now - DAY), now + DAY);
    store::save(&path, &small()).expect("a day-old lock is broken, whatever its file time says");
}
