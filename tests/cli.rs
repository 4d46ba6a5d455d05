//! The headless commands, run as a real process: exit codes and output.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn samkart(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samkart"))
        .args(args)
        .env("SAMKART_HOME", std::env::temp_dir().join("samkart-cli-test-home"))
        .output()
        .expect("run samkart")
}

fn example() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/data/eksempel.ron").to_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn validate_example_exits_0() {
    let o = samkart(&["validate", "--today", "2026-11-23", &example()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("gyldig"));
}

#[test]
fn validate_with_problems_exits_1_and_lists_every_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feil.ron");
    fs::write(
        &path,
        r#"(version: 1, services: [
            (id: "nav", name: "NAV", sector: Nav, owner_kind: State, phone: "123"),
            (id: "nav", name: "", sector: Nav, owner_kind: State),
        ], contacts: [(id: "kari", name: "Kari", role: "Veileder", service: "borte", email: (value: "kari@"))])"#,
    )
    .unwrap();
    let o = samkart(&["validate", "--today", "2026-11-23", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains("tjeneste «nav», id: Id-en er brukt 2 ganger"), "{out}");
    assert!(out.contains("tjeneste «nav», phone"), "{out}");
    assert!(out.contains("tjeneste «nav», name"), "{out}");
    assert!(out.contains("kontakt «kari», service"), "{out}");
    assert!(out.contains("kontakt «kari», email"), "{out}");
    assert!(out.contains("5 problemer funnet"), "{out}");
}

#[test]
fn validate_unreadable_exits_2_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ødelagt.ron");
    fs::write(&path, "(\n  version: 1,\n  services: [ ( id: \"a\", \n").unwrap();
    let o = samkart(&["validate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("ødelagt.ron:"), "{err}");
    assert!(err.contains("linje"), "{err}");
    let missing = samkart(&["validate", dir.path().join("finnes-ikke.ron").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn fmt_is_idempotent_and_keeps_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.ron");
    // Hand-written: unsorted, odd spacing, explicit Some.
    fs::write(
        &path,
        "(version:1,name:\"Midtdalen\",services:[(id:\"z\",name:\"Z\",sector:Nav,owner_kind:State),\
         (id:\"a\",name:\"A\",sector:Ppt,owner_kind:InterMunicipal,target_age:Some((from:0,to:18)))])",
    )
    .unwrap();
    let before = samkart::store::load(&path).unwrap();
    let o = samkart(&["fmt", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let once = fs::read(&path).unwrap();
    let o = samkart(&["fmt", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("allerede normalisert"));
    assert_eq!(fs::read(&path).unwrap(), once, "second fmt changes nothing");
    let mut expected = before;
    expected.normalize();
    assert_eq!(samkart::store::load(&path).unwrap(), expected);
    let text = String::from_utf8(once).unwrap();
    assert!(text.find("id: \"a\"").unwrap() < text.find("id: \"z\"").unwrap());
}

#[test]
fn fmt_never_writes_a_file_that_fails_to_load() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.ron");
    let broken = b"(version: 1, services: [(id: \"a\", name: ";
    fs::write(&path, broken).unwrap();
    let o = samkart(&["fmt", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(fs::read(&path).unwrap(), broken);
    assert!(!Path::new(&dir.path().join("backups")).exists());
}

#[test]
fn stats_counts_each_kind() {
    let o = samkart(&["stats", &example()]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let reg = samkart::store::load(Path::new(&example())).unwrap();
    for (label, n) in [("Tjenester:", reg.services.len()), ("Kontakter:", reg.contacts.len())] {
        let line = out.lines().find(|l| l.starts_with(label)).unwrap_or_else(|| panic!("{label} in {out}"));
        assert_eq!(line[label.len()..].trim().parse::<usize>().unwrap(), n);
    }
    assert!(out.contains("Totalt:"));
}

#[test]
fn help_documents_every_command() {
    let o = samkart(&["--help"]);
    let out = stdout(&o);
    for cmd in ["validate", "fmt", "stats"] {
        assert!(out.contains(cmd), "{out}");
    }
}

/// Runs samkart under `umask`, as a user's shell would.
#[cfg(unix)]
fn samkart_with_umask(umask: &str, args: &[&str]) -> Output {
    let mut line = format!("umask {umask}; exec \"$0\"");
    for i in 1..=args.len() {
        line.push_str(&format!(" \"${i}\""));
    }
    Command::new("sh")
        .arg("-c")
        .arg(line)
        .arg(env!("CARGO_BIN_EXE_samkart"))
        .args(args)
        .env("SAMKART_HOME", std::env::temp_dir().join("samkart-cli-test-home"))
        .output()
        .expect("run samkart")
}

/// New registers get the mode any editor would give them under the user's umask (colleagues
/// on a shared folder can read them), and a save keeps an existing file's mode.
#[cfg(unix)]
#[test]
fn new_registers_honour_the_umask_and_saves_keep_the_mode() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    for (umask, want) in [("022", 0o644), ("027", 0o640), ("002", 0o664)] {
        let path = dir.path().join(format!("gen-{umask}.ron"));
        let o = samkart_with_umask(umask, &["gen", "--records", "20", "--out", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(mode(&path), want, "gen under umask {umask}");
    }
    let sheet = dir.path().join("liste.csv");
    fs::write(&sheet, "Navn;Stilling;Tjeneste\nKari Hansen;Rådgiver;NAV Test\n").unwrap();
    let new = dir.path().join("ny.ron");
    let o =
        samkart_with_umask("022", &["import", "--register", new.to_str().unwrap(), sheet.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(mode(&new), 0o644, "a register started by import");
    // An existing file keeps its mode, also when the umask would give another.
    let kept = dir.path().join("gen-022.ron");
    fs::set_permissions(&kept, fs::Permissions::from_mode(0o660)).unwrap();
    let text = fs::read_to_string(&kept).unwrap();
    fs::write(&kept, text.replace('\n', "\r\n")).unwrap();
    let o = samkart_with_umask("077", &["fmt", kept.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("normalisert"));
    assert_eq!(mode(&kept), 0o660);
}
