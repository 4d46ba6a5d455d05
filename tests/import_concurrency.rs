//! Two `samkart import` processes writing one register at the same moment, 50 rounds: every
//! row of both arrives. The second writer waits for the lock and merges instead of
//! overwriting the first. Likewise `samkart fmt` racing `samkart import`.

use std::process::Command;

#[test]
fn two_processes_importing_at_once_lose_no_row() {
    let dir = tempfile::tempdir().unwrap();
    let register = dir.path().join("register.ron");
    samkart::store::save_text(&register, samkart::store::EXAMPLE).unwrap();
    let bin = env!("CARGO_BIN_EXE_samkart");
    const ROUNDS: usize = 50;
    for round in 0..ROUNDS {
        let mut children = Vec::new();
        for side in ["A", "B"] {
            let csv = dir.path().join(format!("{side}{round}.csv"));
            std::fs::write(
                &csv,
                format!(
                    "Navn;Stilling;Tjeneste;Telefon;E-post\n\
                     Test {side}{round} Hansen;Rådgiver;NAV Midtdalen;9{round:02}0 1{side_digit}23;test.{side}{round}@example.no\n",
                    side_digit = if side == "A" { 1 } else { 2 },
                ),
            )
            .unwrap();
            children.push(
                Command::new(bin)
                    .args(["import", "--register", register.to_str().unwrap(), csv.to_str().unwrap()])
                    .env("SAMKART_HOME", dir.path())
                    .output_async(),
            );
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
    let dir = tempfile::tempdir().unwrap();
    let register = dir.path().join("register.ron");
    samkart::store::save_text(&register, samkart::store::EXAMPLE).unwrap();
    let bin = env!("CARGO_BIN_EXE_samkart");
    const ROUNDS: usize = 50;
    let (mut lost, mut failed) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let text = std::fs::read_to_string(&register).unwrap();
        std::fs::write(&register, text.replace("\r\n", "\n").replace('\n', "\r\n")).unwrap();
        let csv = dir.path().join(format!("rad{round}.csv"));
        std::fs::write(
            &csv,
            format!(
                "Navn;Stilling;Tjeneste;Telefon;E-post\n\
                 Rad {round} Hansen;Rådgiver;NAV Midtdalen;9{round:02}0 1123;rad.{round}@example.no\n"
            ),
        )
        .unwrap();
        let import = Command::new(bin)
            .args(["import", "--register", register.to_str().unwrap(), csv.to_str().unwrap()])
            .env("SAMKART_HOME", dir.path())
            .output_async();
        let fmt = Command::new(bin).args(["fmt", register.to_str().unwrap()]).output_async();
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
    fn output_async(&mut self) -> std::process::Child;
}

impl SpawnPiped for Command {
    fn output_async(&mut self) -> std::process::Child {
        self.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap()
    }
}
