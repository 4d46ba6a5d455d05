//! The last step of a save: renaming the finished temporary file over the register.
//!
//! On Windows a file cannot be replaced while another program holds it open without
//! allowing deletion: Excel with the register open as text, an antivirus scanner reading the
//! new file, a sync client (OneDrive, Teams) uploading it. Scanners and sync clients let go
//! within moments, so the rename is retried for [`PATIENCE`]; after that the save fails with
//! [`super::SaveError::HeldOpen`], the old file untouched and the edits still in memory.

use std::io;
use std::path::Path;
use std::time::Duration;

/// How long a rename blocked by another program is retried before the save gives up.
pub const PATIENCE: Duration = Duration::from_secs(5);

/// The longest single pause between two tries.
const LONGEST_PAUSE: Duration = Duration::from_millis(500);

/// Whether a failed rename may succeed once another program lets go of the file. On Windows:
/// «access denied» (the target is open without sharing deletion) and sharing or lock
/// violations. Elsewhere an open file never blocks a rename, and «permission denied» is a real
/// lack of permission that waiting will not cure.
pub(crate) fn held_open(e: &io::Error) -> bool {
    const ERROR_SHARING_VIOLATION: i32 = 32;
    const ERROR_LOCK_VIOLATION: i32 = 33;
    cfg!(windows)
        && (e.kind() == io::ErrorKind::PermissionDenied
            || matches!(e.raw_os_error(), Some(ERROR_SHARING_VIOLATION | ERROR_LOCK_VIOLATION)))
}

/// Renames `tmp` over `path`, retrying for [`PATIENCE`] while another program holds the file
/// (see [`held_open`]). On failure the temporary file is removed and the error returned.
pub(crate) fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> io::Result<()> {
    let mut tmp = Some(tmp);
    let mut rename = || {
        let file = tmp.take().ok_or_else(|| io::Error::other("den midlertidige filen er borte"))?;
        file.persist(path).map(drop).map_err(|e| {
            tmp = Some(e.file);
            e.error
        })
    };
    retry(PATIENCE, &held_open, &mut rename, &mut std::thread::sleep)
}

/// Runs `attempt` until it succeeds, fails with an error that is not `transient`, or has
/// failed for `patience`, pausing through `sleep` between tries (20 ms, doubling to 0.5 s).
/// Returns the last result.
pub(crate) fn retry(
    patience: Duration,
    transient: &dyn Fn(&io::Error) -> bool,
    attempt: &mut dyn FnMut() -> io::Result<()>,
    sleep: &mut dyn FnMut(Duration),
) -> io::Result<()> {
    let mut waited = Duration::ZERO;
    let mut pause = Duration::from_millis(20);
    loop {
        match attempt() {
            Err(e) if transient(&e) && waited < patience => {
                let step = pause.min(patience - waited);
                sleep(step);
                waited += step;
                pause = (pause * 2).min(LONGEST_PAUSE);
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn denied() -> io::Error {
        io::Error::from(io::ErrorKind::PermissionDenied)
    }

    fn is_denied(e: &io::Error) -> bool {
        e.kind() == io::ErrorKind::PermissionDenied
    }

    #[test]
    fn a_rename_denied_twice_then_allowed_succeeds() {
        let mut tries = 0;
        let mut slept = Vec::new();
        let result = retry(
            PATIENCE,
            &is_denied,
            &mut || {
                tries += 1;
                if tries <= 2 { Err(denied()) } else { Ok(()) }
            },
            &mut |d| slept.push(d),
        );
        result.unwrap();
        assert_eq!(tries, 3);
        assert_eq!(slept, [Duration::from_millis(20), Duration::from_millis(40)]);
    }

    #[test]
    fn a_rename_denied_for_ever_gives_up_after_the_patience() {
        let mut tries = 0;
        let mut slept = Duration::ZERO;
        let result = retry(
            PATIENCE,
            &is_denied,
            &mut || {
                tries += 1;
                Err(denied())
            },
            &mut |d| slept += d,
        );
        assert_eq!(result.unwrap_err().kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(slept, PATIENCE);
        // 20, 40, … 320 ms, then 0.5 s pauses: a few tries a second, not a busy loop.
        assert!((10..=20).contains(&tries), "{tries} tries");
    }

    #[test]
    fn other_errors_are_not_retried() {
        let mut tries = 0;
        let result = retry(
            PATIENCE,
            &is_denied,
            &mut || {
                tries += 1;
                Err(io::Error::from(io::ErrorKind::NotFound))
            },
            &mut |_| panic!("no pause for an error that waiting cannot cure"),
        );
        assert_eq!(result.unwrap_err().kind(), io::ErrorKind::NotFound);
        assert_eq!(tries, 1);
    }

    #[test]
    fn only_windows_waits_for_a_denied_rename() {
        assert_eq!(held_open(&denied()), cfg!(windows));
        assert!(!held_open(&io::Error::from(io::ErrorKind::NotFound)));
    }

    /// The register held open as Excel holds a file (reading shared, deleting not), let go
    /// after a moment: the save waits for it and succeeds.
    #[cfg(windows)]
    #[test]
    fn a_register_held_open_for_a_moment_is_saved_when_let_go() {
        use std::os::windows::fs::OpenOptionsExt;
        const FILE_SHARE_READ: u32 = 1;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Bærum kommune register.ron");
        std::fs::write(&path, "gammel").unwrap();
        let held = std::fs::OpenOptions::new().read(true).share_mode(FILE_SHARE_READ).open(&path).unwrap();
        let letting_go = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(600));
            drop(held);
        });
        super::super::save_text(&path, "ny").unwrap();
        letting_go.join().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "ny");
    }

    /// Held open for longer than the patience: a Norwegian error that says what to do, the
    /// old file as it was, no temporary file and no lock left behind.
    #[cfg(windows)]
    #[test]
    fn a_register_held_open_for_good_is_reported_and_left_as_it_was() {
        use std::os::windows::fs::OpenOptionsExt;
        const FILE_SHARE_READ: u32 = 1;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Bærum kommune register.ron");
        std::fs::write(&path, "gammel").unwrap();
        let held = std::fs::OpenOptions::new().read(true).share_mode(FILE_SHARE_READ).open(&path).unwrap();
        let err = super::super::save_text(&path, "ny").unwrap_err();
        let message = err.to_string();
        assert!(matches!(err, super::super::SaveError::HeldOpen { .. }), "{err:?}");
        assert!(message.contains("åpen i et annet program") && message.contains("ikke tapt"), "{message}");
        drop(held);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "gammel");
        let mut left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["Bærum kommune register.ron", "backups"]);
    }
}
