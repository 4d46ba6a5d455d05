//! `samkart import` and `samkart export` run as real processes.

use std::fs;
#[cfg(unix)]
use std::process::Command;
use std::process::Output;

use crate::common::{self, EXAMPLE, samkart_in, stdout};

fn samkart(args: &[&str], home: &std::path::Path) -> Output {
    samkart_in(home, args)
}

const SHEET: &str = "Navn;Stilling;Tjeneste;Mobil;E-post\n\
Ingrid Bakken;Helsesykepleier;Helsestasjon og skolehelsetjeneste Ringebu;+47 950 12 345;ingrid@ringebu.kommune.no\n\
;;;;\n\
Kari Hov;Fagkoordinator;MGBV;911 22 333;\n\
Mari Sande;Leder;Vinstra sjakklubb;;mari@sjakk.no\n\
Ola Nilsen;Lærer;;;\n";

#[test]
fn import_dry_run_writes_nothing_and_import_saves_one_change() {
    let (dir, reg) = common::temp_path("register.ron");
    fs::copy(EXAMPLE, &reg).unwrap();
    let sheet = dir.path().join("liste.csv");
    fs::write(&sheet, SHEET).unwrap();
    let before = fs::read(&reg).unwrap();

    let o = samkart(
        &["import", "--register", reg.to_str().unwrap(), "--dry-run", sheet.to_str().unwrap()],
        dir.path(),
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    // A dry run says what would happen, not what happened.
    common::assert_contains_all(
        &out,
        &[
            "Legges til: 2\n",
            "Oppdateres: 1\n",
            "Hoppes over: 1\n",
            "Avvises: 1\n",
            "Rad 6 avvist: Raden mangler tjeneste",
            "Vil opprette tjenesten «Vinstra sjakklubb»",
        ],
    );
    assert!(!out.contains("Opprettet") && !out.contains("Lagt til"), "{out}");
    assert!(out.contains("Rad 4: oppdaterer «Kari Hov» (samme navn og tjeneste): mobil"), "{out}");
    assert_eq!(fs::read(&reg).unwrap(), before, "dry run writes nothing");

    let o = samkart(&["import", "--register", reg.to_str().unwrap(), sheet.to_str().unwrap()], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let after = samkart::store::load(&reg).unwrap();
    assert!(after.contacts.iter().any(|c| c.name == "Ingrid Bakken" && c.mobile.value == "95 01 23 45"));
    assert_eq!(after.contact(&"kari-hov".into()).unwrap().mobile.value, "91 12 23 33");
    assert!(after.services.iter().any(|s| s.id.as_str() == "vinstra-sjakklubb"));
    assert!(!samkart::store::list_backups(&reg).unwrap().is_empty(), "saved through the store");

    // Importing again changes nothing more.
    let o = samkart(&["import", "--register", reg.to_str().unwrap(), sheet.to_str().unwrap()], dir.path());
    let out = stdout(&o);
    assert!(out.contains("Lagt til: 0\n") && out.contains("Oppdatert: 0\n"), "{out}");
}

/// A title and a blank row above the headers: found and reported, or chosen with
/// --header-row; a bad cell is reported with its row, column and value and counted apart.
#[test]
fn import_finds_the_header_below_a_title_and_reports_each_bad_cell() {
    let (dir, reg) = common::temp_path("register.ron");
    fs::copy(EXAMPLE, &reg).unwrap();
    let sheet = dir.path().join("liste.csv");
    fs::write(
        &sheet,
        "Kontaktliste tverrfaglig samarbeid – oppdatert vår 2026\n\n\
         Navn;Enhet/avdeling;Tlf.;Epost\n\
         Ingrid Bakken;Helsestasjon og skolehelsetjeneste Ringebu;abc;ingrid@ringebu.kommune.no\n\
         Tor Lien;NAV Midtdalen;116 111;tor.lien@nav.no\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["import", "--register", reg.to_str().unwrap(), "--dry-run"];
        args.extend(extra);
        args.push(sheet.to_str().unwrap());
        samkart(&args, dir.path())
    };
    let o = run(&[]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("Overskriftsrad: 3 (funnet)\n"), "{out}");
    assert!(out.contains("Rad 1–2: tittel over tabellen, hoppet over\n"), "{out}");
    assert!(
        out.contains(
            "Rad 4 importert med merknad: kolonne «Tlf.», «abc»: Telefonnummeret kan bare inneholde sifre"
        ),
        "{out}"
    );
    assert!(out.contains("Legges til: 2\n") && out.contains("Kommer inn med merknad: 1 "), "{out}");
    assert!(!out.contains("avvist"), "the header row is never a rejected data row: {out}");

    let o = run(&["--header-row", "3"]);
    assert!(stdout(&o).contains("Overskriftsrad: 3 (valgt med --header-row)"), "{}", stdout(&o));
    let o = run(&["--header-row", "1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Ingen kolonne er koblet til navn"));
    let o = run(&["--header-row", "40"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Rad 40 finnes ikke i arket"), "{:?}", o);
}

#[test]
fn import_of_unreadable_sheet_exits_2() {
    let (dir, sheet) = common::temp_file("tom.csv", "\n\n");
    let o = samkart(
        &["import", "--register", dir.path().join("r.ron").to_str().unwrap(), sheet.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("ingen rader"));
    assert!(!dir.path().join("r.ron").exists());
}

/// A FIFO or a device as the spreadsheet: the command answers at once (exit 2, a Norwegian
/// message) instead of waiting for a writer or reading /dev/zero until memory runs out. The
/// process is killed after 30 s if it hangs, so CI never does.
#[cfg(unix)]
#[test]
fn import_from_a_fifo_or_a_device_fails_clearly_without_hanging() {
    let (dir, fifo) = common::temp_path("liste.csv");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let register = dir.path().join("r.ron");
    for source in [fifo.as_path(), std::path::Path::new("/dev/zero")] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_samkart"))
            .args(["import", "--register", register.to_str().unwrap(), "--dry-run"])
            .arg(source)
            .env("SAMKART_HOME", dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while child.try_wait().unwrap().is_none() {
            if std::time::Instant::now() > deadline {
                child.kill().unwrap();
                panic!("samkart import {} hangs", source.display());
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let o = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("er ikke en vanlig fil"), "{err}");
        assert!(!register.exists());
    }
}

#[test]
fn export_writes_every_format_and_public_leaves_out_internal_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let reg = EXAMPLE;
    let example = samkart::store::load(std::path::Path::new(reg)).unwrap();
    let internal: Vec<String> = example
        .contacts
        .iter()
        .flat_map(|c| [&c.phone, &c.mobile, &c.email])
        .filter(|d| d.internal && !d.is_empty())
        .map(|d| d.value.clone())
        .collect();
    assert!(!internal.is_empty());
    for (format, target, files) in [
        (
            "csv",
            "csv",
            vec!["tjenester.csv", "kontakter.csv", "avtaler.csv", "rutiner.csv", "fora.csv", "tilbud.csv"],
        ),
        (
            "hsds",
            "hsds",
            vec![
                "organizations.csv",
                "services.csv",
                "contacts.csv",
                "phones.csv",
                "schedules.csv",
                "datapackage.json",
            ],
        ),
        ("vcards", "vcards", vec!["kari-hov.vcf", "sindre-kvarme.vcf"]),
        ("ics", "frister.ics", vec![]),
        ("vcard", "kontakter.vcf", vec![]),
        ("html", "rapport.html", vec![]),
    ] {
        for public in [false, true] {
            let out = dir.path().join(format!("{public}-{target}"));
            let mut args =
                vec!["export", "--register", reg, "--format", format, "--out", out.to_str().unwrap()];
            args.extend(["--today", "2026-11-23"]);
            if public {
                args.push("--public");
            }
            let o = samkart(&args, dir.path());
            assert_eq!(o.status.code(), Some(0), "{format}: {}", String::from_utf8_lossy(&o.stderr));
            let written: Vec<std::path::PathBuf> = if files.is_empty() {
                vec![out.clone()]
            } else {
                files.iter().map(|f| out.join(f)).collect()
            };
            let all: String =
                written.iter().map(|p| String::from_utf8_lossy(&fs::read(p).unwrap()).into_owned()).collect();
            let leaked = internal.iter().any(|v| all.contains(v.as_str()));
            if matches!(format, "csv" | "vcard" | "vcards") {
                assert_eq!(leaked, !public, "{format} public={public}");
            } else {
                assert!(!public || !leaked, "{format} public={public}");
            }
        }
    }
    let o = samkart(&["export", "--register", reg, "--format", "pdf", "--out", "x"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("ukjent format «pdf»"));
}

/// Runs `samkart export` of the register `reg` to `out` as on 23.11.2026, with `extra`
/// arguments and its data folder in `home`.
fn export(reg: &str, extra: &[&str], out: &std::path::Path, home: &std::path::Path) -> Output {
    let mut args = vec!["export", "--register", reg, "--out", out.to_str().unwrap(), "--today", "2026-11-23"];
    args.extend_from_slice(extra);
    samkart(&args, home)
}

#[test]
fn the_offerings_report_is_filtered_and_the_management_report_stays_the_default() {
    let (dir, out) = common::temp_path("oversikt.html");
    let o = export(
        EXAMPLE,
        &[
            "--format",
            "html",
            "--report",
            "offerings",
            "--age",
            "12",
            "--municipality",
            "Nord-Fron",
            "--public",
        ],
        &out,
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let html = fs::read_to_string(&out).unwrap();
    assert!(html.contains("Utvalg: 12 år, Nord-Fron.") && html.contains("Offentlig utgave."));
    assert!(!html.contains("<h2>Funn</h2>") && !html.contains("<h2>Samarbeidsavtaler</h2>"));
    let reg = samkart::store::load(std::path::Path::new(EXAMPLE)).unwrap();
    let filter = samkart::exchange::OfferingFilter {
        age: Some(12),
        municipality: Some("3436".into()),
        ..Default::default()
    };
    for o in reg.offerings.iter().filter(|o| o.active) {
        let shown = html.contains(&format!("<h3>{}</h3>", html_escape::encode_text(&o.name)));
        assert_eq!(shown, filter.matches(o, reg.service(&o.provider)), "{}", o.name);
    }
    // Without --report: the management report, as before.
    let out = dir.path().join("rapport.html");
    let o = export(EXAMPLE, &["--format", "html"], &out, dir.path());
    assert_eq!(o.status.code(), Some(0));
    let html = fs::read_to_string(&out).unwrap();
    assert!(html.contains("<h2>Samarbeidsavtaler</h2>") && html.contains("<h2>Funn</h2>"));
}

/// The command line filters the overview as Frivillig does: also «Bare gratis» and a
/// weekday.
#[test]
fn the_offerings_report_takes_the_free_and_weekday_filters_of_frivillig() {
    let (dir, out) = common::temp_path("tilbud.html");
    let o = export(
        EXAMPLE,
        &["--format", "html", "--report", "offerings", "--free", "--weekday", "tirsdag", "--public"],
        &out,
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let html = fs::read_to_string(&out).unwrap();
    assert!(html.contains("Utvalg: bare gratis, tirsdag."), "the selection is said");
    let reg = samkart::store::load(std::path::Path::new(EXAMPLE)).unwrap();
    let filter = samkart::exchange::OfferingFilter {
        free_only: true,
        weekday: Some(samkart::model::Weekday::Tue),
        ..Default::default()
    };
    let mut shown = 0;
    for o in reg.offerings.iter().filter(|o| o.active) {
        let listed = html.contains(&format!("<h3>{}</h3>", html_escape::encode_text(&o.name)));
        assert_eq!(listed, filter.matches(o, reg.service(&o.provider)), "{}", o.name);
        shown += usize::from(listed);
    }
    assert!(shown > 0, "some free offering runs on Tuesdays");
    // A day that is not one is refused in words, and --free outside the overview too.
    for (extra, message) in [
        (
            vec!["--format", "html", "--report", "offerings", "--weekday", "fredagskveld"],
            "ukjent ukedag «fredagskveld»",
        ),
        (vec!["--format", "html", "--free"], "gjelder bare --report offerings"),
    ] {
        let o = export(EXAMPLE, &extra, &out, dir.path());
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {err}");
        assert!(err.contains(message), "{extra:?}: {err}");
    }
}

#[test]
fn export_choices_that_do_not_fit_are_refused_in_norwegian() {
    let (dir, out) = common::temp_path("x");
    for (extra, message) in [
        (vec!["--format", "hsds", "--public", "--internal"], "Velg enten --public eller --internal"),
        (vec!["--format", "csv", "--report", "offerings"], "--report gjelder bare --format html"),
        (vec!["--format", "html", "--age", "12"], "gjelder bare --report offerings"),
        (
            vec!["--format", "html", "--report", "offerings", "--municipality", "Oslo"],
            "Kommunen «Oslo» finnes ikke i registeret. Velg en av: Nord-Fron (3436)",
        ),
        (vec!["--format", "html", "--report", "budsjett"], "ukjent rapport «budsjett»"),
        (
            vec!["--format", "html", "--report", "offerings", "--age", "tolv"],
            "alder skrives som et helt tall",
        ),
    ] {
        let o = export(EXAMPLE, &extra, &out, dir.path());
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {err}");
        assert!(err.contains(message), "{extra:?}: {err}");
        assert!(!out.exists(), "nothing written");
    }
}

#[test]
fn hsds_is_public_unless_internal_is_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let sindre = "+47 44 67 31 42";
    let read = |d: &std::path::Path| fs::read_to_string(d.join("phones.csv")).unwrap();
    let o = export(EXAMPLE, &["--format", "hsds"], &dir.path().join("a"), dir.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(!read(&dir.path().join("a")).contains(sindre));
    let o = export(EXAMPLE, &["--format", "hsds", "--internal"], &dir.path().join("b"), dir.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(read(&dir.path().join("b")).contains(sindre));
}

#[test]
fn a_national_id_in_an_old_file_never_leaves_and_the_user_is_told() {
    let (dir, reg) = common::temp_path("gammel.ron");
    let text = fs::read_to_string(EXAMPLE).unwrap().replacen(
        "description: \"4H-klubber for barn",
        "description: \"Fnr 150765 00565. 4H-klubber for barn",
        1,
    );
    assert!(text.contains("150765 00565"));
    fs::write(&reg, text).unwrap();
    for format in ["csv", "ics", "vcard", "vcards", "html", "hsds"] {
        for public in [false, true] {
            let out = dir.path().join(format!("{format}-{public}"));
            let mut extra = vec!["--format", format];
            if public {
                extra.push("--public");
            }
            let o = export(reg.to_str().unwrap(), &extra, &out, dir.path());
            assert_eq!(o.status.code(), Some(0), "{format}");
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(
                err.contains("Advarsel: Registeret har én tekst med noe som ser ut som et fødselsnummer"),
                "{err}"
            );
            assert!(!err.contains("00565"), "the number is never echoed");
            let files: Vec<std::path::PathBuf> = if out.is_dir() {
                fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).collect()
            } else {
                vec![out.clone()]
            };
            for f in files {
                let text = String::from_utf8_lossy(&fs::read(&f).unwrap()).replace("\r\n ", "");
                assert!(!text.contains("00565"), "{}", f.display());
            }
        }
    }
}

/// Runs samkart in `cwd`, so that relative paths such as `./FILE` and `../x/FILE` are
/// tried as a user would type them.
#[cfg(unix)]
fn samkart_at(cwd: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samkart"))
        .args(args)
        .current_dir(cwd)
        .env("SAMKART_HOME", cwd)
        .output()
        .expect("run samkart")
}

#[cfg(unix)]
#[test]
fn an_export_never_writes_onto_the_register_its_backups_or_its_lock() {
    let (_dir, [x, y]) = common::temp_folders(["x", "y"]);
    let reg = x.join("FILE");
    fs::copy(EXAMPLE, &reg).unwrap();
    std::os::unix::fs::symlink(&reg, y.join("lenke.ron")).unwrap();
    // One save, so that there is a backup to aim at.
    samkart::store::save_text(&reg, &fs::read_to_string(&reg).unwrap()).unwrap();
    let backup = samkart::store::list_backups(&reg).unwrap().remove(0);
    let before = fs::read(&reg).unwrap();
    let backup_before = fs::read(&backup).unwrap();

    let backup_name = backup.to_str().unwrap();
    for (cwd, register, out, format) in [
        (&x, "FILE", "./FILE", "html"),
        (&x, "./FILE", "FILE", "ics"),
        (&y, "../x/FILE", "lenke.ron", "vcard"),
        (&y, "lenke.ron", "../x/FILE", "html"),
        (&y, "../x/./FILE", "../y/../x/FILE", "html"),
        (&x, "FILE", backup_name, "html"),
        (&x, "FILE", "backups", "csv"),
        (&x, "FILE", "FILE.lock", "html"),
    ] {
        let o = samkart_at(cwd, &["export", "--register", register, "--format", format, "--out", out]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "--register {register} --out {out}: {err}");
        assert!(err.contains("aldri"), "a clear refusal for --out {out}: {err}");
        assert_eq!(fs::read(&reg).unwrap(), before, "--out {out} changed the register");
        assert_eq!(fs::read(&backup).unwrap(), backup_before, "--out {out} changed a backup");
        assert!(!x.join("FILE.lock").exists());
    }
    assert_eq!(samkart::store::list_backups(&reg).unwrap().len(), 1, "nothing added among the backups");
    assert!(fs::symlink_metadata(y.join("lenke.ron")).unwrap().file_type().is_symlink());

    // A file Samkart did not write is not replaced; its own report is.
    fs::write(x.join("notater.html"), "<p>mine notater</p>").unwrap();
    let o = samkart_at(&x, &["export", "--register", "FILE", "--format", "html", "--out", "notater.html"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("blir ikke overskrevet"));
    assert_eq!(fs::read_to_string(x.join("notater.html")).unwrap(), "<p>mine notater</p>");
    for _ in 0..2 {
        let o =
            samkart_at(&x, &["export", "--register", "FILE", "--format", "html", "--out", "rapport.html"]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    }
}

#[test]
fn request_verification_writes_one_draft_per_unverified_contact() {
    let (dir, reg) = common::temp_path("register.ron");
    fs::copy(EXAMPLE, &reg).unwrap();
    let before = fs::read(&reg).unwrap();
    let out_dir = dir.path().join("utkast");
    let args = |extra: &[&str]| {
        let mut a = vec!["request-verification", reg.to_str().unwrap(), "--out", out_dir.to_str().unwrap()];
        a.extend_from_slice(&["--today", "2026-11-23"]);
        a.extend_from_slice(extra);
        a.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let run = |extra: &[&str]| {
        let a = args(extra);
        samkart(&a.iter().map(String::as_str).collect::<Vec<_>>(), dir.path())
    };
    let o = run(&[]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{}", String::from_utf8_lossy(&o.stderr));
    let written: Vec<String> = fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // The example flags 18 contacts as not verified; each has an address.
    assert_eq!(written.len(), 18, "{out}");
    assert!(written.iter().all(|n| n.starts_with("bekreft-") && n.ends_with(".eml")));
    assert!(out.contains("18 utkast i"), "{out}");
    for name in &written {
        let bytes = fs::read(out_dir.join(name)).unwrap();
        let m = mail_parser::MessageParser::default().parse(&bytes).unwrap();
        assert_eq!(m.header_raw("X-Unsent").map(str::trim), Some("1"));
        assert!(m.to().unwrap().first().unwrap().address().unwrap().contains('@'));
        assert!(m.body_text(0).unwrap().contains("Stemmer dette?"));
    }
    assert_eq!(fs::read(&reg).unwrap(), before, "the register is only read");
    // Only those not confirmed in three years (or never).
    fs::remove_dir_all(&out_dir).unwrap();
    let o = run(&["--older-than", "36"]);
    assert_eq!(o.status.code(), Some(0));
    let n = fs::read_dir(&out_dir).unwrap().count();
    assert!((2..18).contains(&n), "{n}");
    // The register itself as the folder: refused, and the register untouched.
    let o = samkart(
        &[
            "request-verification",
            reg.to_str().unwrap(),
            "--out",
            reg.to_str().unwrap(),
            "--today",
            "2026-11-23",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("er ikke en mappe"));
    assert_eq!(fs::read(&reg).unwrap(), before);
    // A register that cannot be read: exit 2.
    let o = samkart(
        &["request-verification", "/nonexistent/x.ron", "--out", out_dir.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
}
