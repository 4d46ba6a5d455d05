//! The headless commands, run as a real process: exit codes and output.

use std::fs;
use std::path::Path;
#[cfg(unix)]
use std::process::Command;
use std::process::Output;

use crate::common::{self, EXAMPLE, samkart_in, stderr, stdout, test_home};

fn samkart(args: &[&str]) -> Output {
    samkart_in(&test_home("cli"), args)
}

fn example() -> String {
    EXAMPLE.to_owned()
}

#[test]
fn validate_example_exits_0() {
    let o = samkart(&["validate", "--today", "2026-11-23", &example()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("gyldig"));
}

#[test]
fn validate_with_problems_exits_1_and_lists_every_one() {
    let (_dir, path) = common::temp_file(
        "feil.ron",
        r#"(version: 1, services: [
            (id: "nav", name: "NAV", sector: Nav, owner_kind: State, phone: "123"),
            (id: "nav", name: "", sector: Nav, owner_kind: State),
        ], contacts: [(id: "kari", name: "Kari", role: "Veileder", service: "borte", email: (value: "kari@"))])"#,
    );
    let o = samkart(&["validate", "--today", "2026-11-23", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    common::assert_contains_all(
        &out,
        &[
            "tjeneste «nav», id: Id-en er brukt 2 ganger",
            "tjeneste «nav», phone",
            "tjeneste «nav», name",
            "kontakt «kari», service",
            "kontakt «kari», email",
            "5 problemer funnet",
        ],
    );
}

#[test]
fn validate_unreadable_exits_2_with_line_and_column() {
    let (dir, path) = common::temp_file("ødelagt.ron", "(\n  version: 1,\n  services: [ ( id: \"a\", \n");
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
    let (_dir, path) = common::temp_path("register.ron");
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
    let (dir, path) = common::temp_path("register.ron");
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

/// Words that give away an English message: those of the messages once seen inside
/// Norwegian sentences («Exceeded recursion limit», «Expected struct … but found …», «input
/// is out of range», «Permission denied (os error 13)», clap's «unexpected argument»), and
/// the common words around them.
#[cfg(unix)]
const ENGLISH: &[&str] = &[
    "exceeded",
    "recursion",
    "increasing",
    "expected",
    "found",
    "but",
    "instead",
    "input",
    "range",
    "integer",
    "bounds",
    "permission",
    "denied",
    "os",
    "error",
    "exists",
    "cannot",
    "detect",
    "unexpected",
    "usage",
    "tip",
    "information",
    "invalid",
    "value",
    "values",
    "required",
    "such",
    "directory",
    "options",
    "print",
    "the",
    "is",
    "not",
    "of",
    "try",
    "missing",
    "unknown",
    "failed",
    "provided",
    "subcommand",
    "struct",
    "trailing",
    "characters",
    "end",
    "string",
    "comma",
    "identifier",
    "unclosed",
    "limit",
];

/// The English words in `text`, leaving out what is quoted «…» (file content, field
/// names), paths and options (`--today`).
#[cfg(unix)]
fn english_words(text: &str) -> Vec<String> {
    let mut unquoted = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '«' => depth += 1,
            '»' => depth = depth.saturating_sub(1),
            c if depth == 0 => unquoted.push(c),
            _ => {}
        }
    }
    unquoted
        .split_whitespace()
        .filter(|t| !t.starts_with('-') && !t.contains('/') && !t.starts_with("\"-"))
        .flat_map(|t| t.split(|c: char| !c.is_alphabetic()).map(str::to_lowercase).collect::<Vec<_>>())
        .filter(|w| ENGLISH.contains(&w.as_str()))
        .collect()
}

/// Every error a user can reach from the command line, and every error type's message, has
/// no English word: parser errors, system errors and clap's own messages are all told in
/// Norwegian, with the place (line and column, option) kept.
#[cfg(unix)]
#[test]
fn no_message_a_user_reads_has_english_words() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let write = |name: &str, bytes: &[u8]| {
        let p = d.join(name);
        fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_owned()
    };
    let deep = format!("(name: \"x\", annet: {}1{}, version: 1)", "[".repeat(300), "]".repeat(300));
    let contact = |extra: &str| {
        format!(
            "(version: 1, services: [(id: \"s\", name: \"S\", sector: Nav, owner_kind: State)], contacts: [(id: \"kari\", name: \"Kari\", role: \"R\", service: \"s\"{extra})])"
        )
    };
    let files = [
        write("dyp.ron", deep.as_bytes()),
        write("some.ron", b"Some((version: 1))"),
        write("dato.ron", contact(", verified: \"2026-02-30\"").as_bytes()),
        write("datoform.ron", contact(", verified: \"30.02.2026\"").as_bytes()),
        write("tall.ron", b"(version: 1, settings: (warn_days: 99999999999))"),
        write("negativ.ron", b"(version: 1, settings: (warn_days: -3))"),
        write("felt.ron", contact(", verifisert: \"2026-01-01\"").as_bytes()),
        write("mangler.ron", b"(version: 1, contacts: [(id: \"kari\", name: \"Kari\")])"),
        write(
            "variant.ron",
            b"(version: 1, services: [(id: \"s\", name: \"S\", sector: Navv, owner_kind: State)])",
        ),
        write("type.ron", b"(version: 1, services: [(id: \"s\", name: 5, sector: Nav, owner_kind: State)])"),
        write("bool.ron", contact(", vacant: \"ja\"").as_bytes()),
        write("etter.ron", b"(version: 1) )"),
        write("streng.ron", b"(version: 1, name: \"uten slutt"),
        write("komma.ron", b"(version: 1 name: \"x\")"),
        write("tegn.ron", b"(version: 1, name: \"x\" $)"),
        write("binaer.ron", b"(version: 1, name: \"\xff\xfe\")"),
        write("tom.ron", b""),
        write("ny.ron", b"(version: 99)"),
        write("uten.ron", b"(name: \"x\")"),
        write("dobbel.ron", b"(version: 1, name: \"a\", name: \"b\")"),
        write("escape.ron", b"(version: 1, name: \"a\\qb\")"),
        d.to_str().unwrap().to_owned(),
        d.join("finnes-ikke.ron").to_str().unwrap().to_owned(),
        format!("{}/under.ron", write("fil", b"x")),
    ];
    let mut runs: Vec<Vec<String>> = Vec::new();
    for f in &files {
        runs.push(vec!["validate".into(), f.clone()]);
    }
    let ok = write("register.ron", fs::read(example()).unwrap().as_slice());
    let readonly =
        write("skrivebeskyttet.ron", fs::read_to_string(example()).unwrap().replace('\n', "\r\n").as_bytes());
    let mut perms = fs::metadata(&readonly).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&readonly, perms).unwrap();
    let notes = write("notater.html", b"<p>mine</p>");
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    runs.extend([
        s(&["validate", "-5"]),
        s(&["validate"]),
        s(&["valdate", &ok]),
        s(&["validate", "--today", "2026-02-30", &ok]),
        s(&["validate", "--today", "i morgen", &ok]),
        s(&["gen", "--records"]),
        s(&["gen", "--records", "mange", "--out", "x.ron"]),
        s(&["gen", "--records", "-5", "--out", "x.ron"]),
        s(&["gen", "--records", "18446744073709551615", "--out", "x.ron"]),
        s(&["gen", "--out", "x.ron"]),
        s(&["gen", "--records", "10", "--seed", "-1", "--out", "x.ron"]),
        s(&["gen", "--records", "10", "--out", d.to_str().unwrap()]),
        s(&["gen", "--records", "10", "--out", &format!("{}/x.ron", write("fil2", b"x"))]),
        s(&["bench", "--records", "5", "--file", &ok]),
        s(&["bench", "--repeats", "mange"]),
        s(&["check", "--min-severity", "høy", &ok]),
        s(&["export", "--register", &ok, "--format", "pdf", "--out", "x"]),
        s(&["export", "--register", &ok, "--format", "html"]),
        s(&["export", "--register", &ok, "--format", "html", "--out", &ok]),
        s(&["export", "--register", &ok, "--format", "html", "--out", &notes]),
        s(&["export", "--register", &ok, "--format", "csv", "--out", &notes]),
        s(&["export", "--register", &ok, "--format", "html", "--out", &format!("{notes}/under/r.html")]),
        s(&["fmt", &readonly]),
        s(&["fmt", &files[0]]),
        s(&[
            "import",
            "--register",
            &format!("{notes}/under/r.ron"),
            &write("liste.csv", b"Navn;Tjeneste\nKari;NAV\n"),
        ]),
        s(&["import", "--register", &files[6], &write("liste2.csv", b"Navn;Tjeneste\nKari;NAV\n")]),
        s(&["--help"]),
        s(&["export", "--help"]),
        s(&["gen", "-h"]),
    ]);
    let mut english = Vec::new();
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = samkart(&args);
        let text = format!("{}{}", stdout(&o), stderr(&o));
        assert!(!text.trim().is_empty(), "{args:?} says something");
        let words = english_words(&text);
        if !words.is_empty() {
            english.push(format!("{args:?}: {words:?} in\n{text}"));
        }
    }
    // Messages that need a state the command line cannot set up quickly.
    let reg = d.join("låst.ron");
    samkart::store::save(&reg, &samkart::store::parse(samkart::store::EXAMPLE).unwrap()).unwrap();
    let lock = samkart::store::lock::lock_path(&reg);
    let reg_text = samkart::store::EXAMPLE;
    let mut messages = Vec::new();
    for content in ["user=ola\nhost=kontor-pc-17\npid=1\n", ""] {
        fs::write(&lock, content).unwrap();
        messages.push(samkart::store::save_text(&reg, reg_text).unwrap_err().to_string());
    }
    fs::remove_file(&lock).unwrap();
    for code in 1..=40 {
        messages.push(samkart::messages::io(&std::io::Error::from_raw_os_error(code)));
    }
    for m in messages {
        let words = english_words(&m);
        if !words.is_empty() {
            english.push(format!("{words:?} in {m}"));
        }
    }
    assert!(english.is_empty(), "English in what a user reads:\n{}", english.join("\n\n"));
}
