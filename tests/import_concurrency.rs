//! Two `samkart import` processes writing one register at the same moment, 50 rounds: every
//! row of both arrives. The second writer waits for the lock and merges instead of
//! overwriting the first. Likewise `samkart fmt` racing `samkart import`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};

/// Rounds of each race.
const ROUNDS: usize = 50;

/// The example register in a fresh temp folder.
fn example_register() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let register = dir.path().join("register.ron");
    samkart::store::save_text(&register, samkart::store::EXAMPLE).unwrap();
    (dir, register)
}

/// A CSV list at `path` with one contact at NAV Midtdalen.
fn one_contact_csv(path: &Path, name: &str, phone: &str, email: &str) {
    let header = "Navn;Stilling;Tjeneste;Telefon;E-post";
    std::fs::write(path, format!("{header}\n{name};Rådgiver;NAV Midtdalen;{phone};{email}\n")).unwrap();
}

/// `samkart import` of `csv` into `register` started in the background, its data folder in
/// `home`.
fn start_import(register: &Path, csv: &Path, home: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_samkart"))
        .args(["import", "--register", register.to_str().unwrap(), csv.to_str().unwrap()])
        .env("SAMKART_HOME", home)
        .output_async()
}

#[test]
fn two_processes_importing_at_once_lose_no_row() {
    let (dir, register) = example_register();
    for round in 0..ROUNDS {
        let mut children = Vec::new();
        for side in ["A", "B"] {
            let csv = dir.path().join(format!("{side}{round}.csv"));
            let side_digit = if side == "A" { 1 } else { 2 };
            let phone = format!("9{round:02}0 1{side_digit}23");
            one_contact_csv(
                &csv,
                &format!("Test {side}{round} Hansen"),
                &phone,
                &format!("test.{side}{round}@example.no"),
            );
            children.push(start_import(&register, &csv, dir.path()));
        }
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let reg = samkart::store::load(&register).unwrap();
    for round in 0..ROUNDS {
        for side in ["A", "B"] {
            let name = format!("Test {side}{round} Hansen");
            assert!(reg.contacts.iter().any(|c| c.name == name), "{name} was lost");
        }
    }
    assert!(
        samkart::model::validate::validate(&reg, chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
            .iter()
            .all(|p| !p.is_integrity())
    );
}

/// `fmt` with real work to do (the file has Windows line endings) and `import` adding a row,
/// started together, 50 rounds: every row is there at the end and both succeed. `fmt` once
/// read the file without the lock and wrote its old copy over the import.
#[test]
fn fmt_racing_import_loses_no_row() {
    let (dir, register) = example_register();
    let (mut lost, mut failed) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let text = std::fs::read_to_string(&register).unwrap();
        std::fs::write(&register, text.replace("\r\n", "\n").replace('\n', "\r\n")).unwrap();
        let csv = dir.path().join(format!("rad{round}.csv"));
        one_contact_csv(
            &csv,
            &format!("Rad {round} Hansen"),
            &format!("9{round:02}0 1123"),
            &format!("rad.{round}@example.no"),
        );
        let import = start_import(&register, &csv, dir.path());
        let fmt = Command::new(env!("CARGO_BIN_EXE_samkart"))
            .args(["fmt", register.to_str().unwrap()])
            .output_async();
        for (name, child) in [("import", import), ("fmt", fmt)] {
            let out = child.wait_with_output().unwrap();
            if !out.status.success() {
                failed
                    .push(format!("round {round}, {name}: {}", String::from_utf8_lossy(&out.stderr).trim()));
            }
        }
        let reg = samkart::store::load(&register).unwrap();
        if !reg.contacts.iter().any(|c| c.name == format!("Rad {round} Hansen")) {
            lost.push(round);
        }
    }
    assert!(
        lost.is_empty() && failed.is_empty(),
        "rows lost in {} rounds {lost:?}; {} failed runs: {failed:#?}",
        lost.len(),
        failed.len()
    );
}

trait SpawnPiped {
    fn output_async(&mut self) -> Child;
}

impl SpawnPiped for Command {
    fn output_async(&mut self) -> Child {
        self.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap()
    }
}
