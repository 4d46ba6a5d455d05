//! Crash test: `samkart fmt` rewriting a large register is killed with SIGKILL at random
//! moments, 200 times. Afterwards the file always holds exactly the old or the new text —
//! never a mix, never a torn write — and the next save breaks the dead writer's lock.

#[allow(dead_code)] // shared with the core tests, which use more of it
#[path = "common/rng.rs"]
mod rng;

use rng::Rng;
use samkart::model::{Contact, ContactDetail, OwnerKind, Register, Sector, Service};
use samkart::store;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Records in the register. 4,000 (1.3 MB) keeps the test well under a minute in a debug
/// build on two cores; `SAMKART_CRASH_RECORDS=30000` runs the full-size version by hand.
const RECORDS: usize = 4_000;
const ROUNDS: usize = 200;

fn records() -> usize {
    std::env::var("SAMKART_CRASH_RECORDS").ok().and_then(|s| s.parse().ok()).unwrap_or(RECORDS)
}

fn large(records: usize) -> Register {
    let mut r = Register::new("Stor kommune");
    let services = records / 10;
    for i in 0..services {
        let mut s = Service::new(
            format!("tjeneste-{i:05}"),
            &format!("Tjeneste {i}"),
            Sector::Nav,
            OwnerKind::Municipal,
        );
        s.description = "Lavterskeltilbud for barn og unge i Midtdalen, åpent for alle.".into();
        r.services.push(s);
    }
    for i in 0..records - services {
        let mut c = Contact::new(
            format!("kontakt-{i:05}"),
            &format!("Kari Nordmann {i}"),
            "Veileder",
            format!("tjeneste-{:05}", i % services).as_str(),
        );
        c.phone = ContactDetail::public("61 21 40 00");
        c.mobile = ContactDetail::internal("900 00 001");
        r.contacts.push(c);
    }
    r
}

fn fmt(path: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_samkart"))
        .arg("fmt")
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("samkart starts")
}

/// Waits until a writer's temporary file shows up in `dir` (or `limit` passes).
fn wait_for_temp_file(dir: &Path, limit: Duration) {
    let start = Instant::now();
    while start.elapsed() < limit {
        let found = std::fs::read_dir(dir)
            .map(|rd| rd.filter_map(|e| e.ok()).any(|e| e.file_name().to_string_lossy().ends_with(".tmp")))
            .unwrap_or(false);
        if found {
            return;
        }
        std::thread::sleep(Duration::from_micros(500));
    }
}

#[test]
fn sigkill_during_save_leaves_old_or_new_file() {
    let records = records();
    let reg = large(records);
    // The new text is the normalised one; the old text has the records in reverse order,
    // so `fmt` really rewrites the file.
    let new = store::to_text(&reg);
    let mut reversed = reg.clone();
    reversed.services.reverse();
    reversed.contacts.reverse();
    let old = store::to_text_sorted(&reversed);
    assert_ne!(old, new);
    assert_eq!(store::parse(&old).unwrap().total_records(), records);
    assert_eq!(store::parse(&new).unwrap(), reg);

    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Delt mappe æøå");
    std::fs::create_dir(&folder).unwrap();
    let path = folder.join("register for barn og unge.ron");

    // How long one uninterrupted rewrite takes here; kills are spread over 0–120 % of it.
    std::fs::write(&path, &old).unwrap();
    let start = Instant::now();
    assert!(fmt(&path).wait().unwrap().success());
    let full = start.elapsed();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), new);
    let span = (full.as_millis() as u64 * 6 / 5).max(1);

    let seed =
        std::env::var("SAMKART_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5a3c_11f0_u64);
    let mut rng = Rng(seed);
    let (mut saw_old, mut saw_new, mut aimed_old) = (0, 0, 0);
    for round in 0..ROUNDS {
        std::fs::write(&path, &old).unwrap();
        let mut child = fmt(&path);
        // Even rounds kill anywhere in the run; odd rounds aim at the short write itself:
        // they wait for the temporary file to appear, then kill within half a run.
        let delay = if round % 2 == 0 {
            let d = rng.below(span);
            std::thread::sleep(Duration::from_millis(d));
            d
        } else {
            wait_for_temp_file(&folder, Duration::from_millis(span * 2));
            let d = rng.below(span / 2 + 1);
            std::thread::sleep(Duration::from_millis(d));
            d
        };
        let _ = child.kill(); // SIGKILL on Unix
        child.wait().unwrap();
        let now = std::fs::read(&path).unwrap();
        if now == old.as_bytes() {
            saw_old += 1;
        } else if now == new.as_bytes() {
            saw_new += 1;
        } else {
            panic!("round {round} (seed {seed}, kill after {delay} ms): the file is neither old nor new");
        }
        if round % 2 == 1 && now == old.as_bytes() {
            aimed_old += 1;
        }
    }
    eprintln!(
        "crash test: {ROUNDS} kills, {records} records, {} bytes, one full run {} ms: {saw_old} old ({aimed_old} of them killed while writing), {saw_new} new",
        new.len(),
        full.as_millis(),
    );
    // Both outcomes happened, so kills really landed before and after the rename.
    assert!(saw_old > 0 && saw_new > 0, "old {saw_old}, new {saw_new}");

    // A killed writer leaves its lock and maybe a temporary file; the next save clears both.
    // A kill that lands between creating the lock and naming the holder leaves an unnamed
    // lock, which is only broken after half a minute (a live writer names itself within
    // microseconds); let that half minute pass by ageing such files instead of sleeping.
    for entry in std::fs::read_dir(&folder).unwrap().filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.contains(".lock") && entry.metadata().is_ok_and(|m| m.len() == 0) {
            let f = std::fs::File::options().write(true).open(entry.path()).unwrap();
            f.set_modified(std::time::SystemTime::now() - Duration::from_secs(60)).unwrap();
        }
    }
    std::fs::write(&path, &old).unwrap();
    assert!(fmt(&path).wait().unwrap().success(), "a stale lock of a killed writer is broken");
    assert_eq!(store::load(&path).unwrap(), reg);
    let leftovers: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp") || n.ends_with(".lock"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    assert!(store::list_backups(&path).unwrap().len() <= store::BACKUPS_KEPT);
}
