//! `samkart import` and `samkart export` run as real processes.

use std::fs;
use std::process::{Command, Output};

fn samkart(args: &[&str], home: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samkart"))
        .args(args)
        .env("SAMKART_HOME", home)
        .output()
        .expect("run samkart")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const SHEET: &str = "Navn;Stilling;Tjeneste;Mobil;E-post\n\
Ingrid Bakken;Helsesykepleier;Helsestasjon og skolehelsetjeneste Ringebu;+47 950 12 345;ingrid@ringebu.kommune.no\n\
;;;;\n\
Kari Hov;Fagkoordinator;MGBV;911 22 333;\n\
Mari Sande;Leder;Vinstra sjakklubb;;mari@sjakk.no\n\
Ola Nilsen;Lærer;;;\n";

#[test]
fn import_dry_run_writes_nothing_and_import_saves_one_change() {
    let dir = tempfile::tempdir().unwrap();
    let reg = dir.path().join("register.ron");
    fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/data/eksempel.ron"), &reg).unwrap();
    let sheet = dir.path().join("liste.csv");
    fs::write(&sheet, SHEET).unwrap();
    let before = fs::read(&reg).unwrap();

    let o = samkart(
        &["import", "--register", reg.to_str().unwrap(), "--dry-run", sheet.to_str().unwrap()],
        dir.path(),
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("Lagt til: 2\n"), "{out}");
    assert!(out.contains("Oppdatert: 1\n"), "{out}");
    assert!(out.contains("Hoppet over: 1\n"), "{out}");
    assert!(out.contains("Avvist: 1\n"), "{out}");
    assert!(out.contains("Rad 6 avvist: Raden mangler tjeneste"), "{out}");
    assert!(out.contains("Opprettet tjenesten «Vinstra sjakklubb»"), "{out}");
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

#[test]
fn import_of_unreadable_sheet_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("tom.csv");
    fs::write(&sheet, "\n\n").unwrap();
    let o = samkart(
        &["import", "--register", dir.path().join("r.ron").to_str().unwrap(), sheet.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("ingen rader"));
    assert!(!dir.path().join("r.ron").exists());
}

#[test]
fn export_writes_every_format_and_public_leaves_out_internal_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let reg = concat!(env!("CARGO_MANIFEST_DIR"), "/data/eksempel.ron");
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
            vec!["organizations.csv", "services.csv", "contacts.csv", "phones.csv", "datapackage.json"],
        ),
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
            if format == "csv" || format == "vcard" {
                let leaked = internal.iter().any(|v| all.contains(v.as_str()));
                assert_eq!(leaked, !public, "{format} public={public}");
            }
        }
    }
    let o = samkart(&["export", "--register", reg, "--format", "pdf", "--out", "x"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("ukjent format «pdf»"));
}

/// Runs samkart in `cwd`, so that relative paths such as `./FILE` and `../x/FILE` are
/// tried as a user would type them.
fn samkart_in(cwd: &std::path::Path, args: &[&str]) -> Output {
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
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("x");
    let y = dir.path().join("y");
    fs::create_dir_all(&x).unwrap();
    fs::create_dir_all(&y).unwrap();
    let reg = x.join("FILE");
    fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/data/eksempel.ron"), &reg).unwrap();
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
        let o = samkart_in(cwd, &["export", "--register", register, "--format", format, "--out", out]);
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
    let o = samkart_in(&x, &["export", "--register", "FILE", "--format", "html", "--out", "notater.html"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("blir ikke overskrevet"));
    assert_eq!(fs::read_to_string(x.join("notater.html")).unwrap(), "<p>mine notater</p>");
    for _ in 0..2 {
        let o =
            samkart_in(&x, &["export", "--register", "FILE", "--format", "html", "--out", "rapport.html"]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    }
}
