//! Saving a register that others may have saved since we loaded it, without losing anyone's
//! edit.
//!
//! [`save_merging`] takes the write lock, reads the file as it is now, and compares it with
//! what we loaded (`base`). Unchanged: our register is written. Changed: the three are
//! merged ([`super::merge::merge3`]); a clean merge is validated and written, and returned so
//! the caller can show it; a merge with conflicts writes nothing and returns them to be
//! resolved. The lock is held from the read to the rename, so no other Samkart can save in
//! between. Whatever the error, the file on disk is unchanged and the caller still has its
//! own register: no edit is lost.

use super::merge::{MergeResult, merge3};
use super::{
    LoadError, SaveError, Writer, check_writable, lock, parse_bytes, read_bytes, to_text, write_locked,
};
use crate::model::Register;
use crate::model::validate::{Problem, validate};
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

/// A successful save.
#[derive(Clone, Debug)]
pub struct Saved {
    /// When someone else's changes were merged in: the merge of theirs and ours, which the
    /// file now holds; the caller replaces its register with it (and may say so in a toast).
    /// `None`: ours was written as it is (not copied: at 300,000 records a copy is 0.5 GB).
    /// Either way, what the file holds is the caller's new base.
    pub merged: Option<Register>,
    /// [`content_hash`] of the file as written: pass it to [`save_merging_known`] next time,
    /// so that an unchanged file is recognised without parsing it.
    pub hash: u64,
}

/// A hash of a register file's bytes, to tell cheaply whether the file is still the one we
/// wrote (reading and hashing 200 MB takes a fraction of parsing it).
pub fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// A merge that needs the user: resolve the conflicts in `merge` (see
/// [`MergeResult::resolve`]) and save the result with `theirs` as the new base.
#[derive(Clone, Debug)]
pub struct Conflicts {
    pub merge: MergeResult,
    /// The file as it was read when the merge was made.
    pub theirs: Register,
}

/// Why nothing was written. The file on disk is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum CommitError {
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error("Registerfilen kan ikke leses nå, så ingenting er lagret. Årsak: {0}")]
    Unreadable(LoadError),
    #[error("{} endring{} kolliderer med det en annen har lagret, så ingenting er lagret.",
        .0.merge.conflicts.len(), if .0.merge.conflicts.len() == 1 { "" } else { "er" })]
    Conflicts(Box<Conflicts>),
    /// The merge would write something the edit guard refuses (a national identity number,
    /// an over-long text); see [`crate::edit::Edit::check`].
    #[error("Endringene kan ikke lagres: {0}")]
    Refused(crate::edit::Refused),
    #[error("Endringene dine og endringene en annen har lagret, passer ikke sammen: {}",
        .problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid {
        /// The problems the merge would have introduced (duplicate ids, missing references).
        problems: Vec<Problem>,
        /// The file as it was read.
        theirs: Box<Register>,
    },
}

impl CommitError {
    /// What the window adds to the message: it keeps the changes in memory and has «Lagre
    /// som…»; a command has neither, and its message must not promise them.
    pub fn window_advice(&self) -> Option<&'static str> {
        match self {
            Self::Save(e) => e.window_advice(),
            Self::Unreadable(_) => {
                Some("Endringene dine er ikke tapt: bruk «Lagre som…» for å ta vare på dem.")
            }
            Self::Conflicts(_) => Some("Velg hvilken versjon som skal gjelde."),
            _ => None,
        }
    }

    /// The message and, for the window, its advice.
    pub fn in_window(&self) -> String {
        match self.window_advice() {
            Some(advice) => format!("{self} {advice}"),
            None => self.to_string(),
        }
    }
}

/// Saves `ours`, merging in whatever others saved since we loaded `base`. See the module
/// documentation.
pub fn save_merging(path: &Path, base: &Register, ours: &Register) -> Result<Saved, CommitError> {
    save_merging_known(path, base, None, ours)
}

/// As [`save_merging`], where `known` is the [`content_hash`] of the file `base` was read
/// from (from the last [`Saved`]): when the file still has that hash, it is not parsed.
pub fn save_merging_known(
    path: &Path,
    base: &Register,
    known: Option<u64>,
    ours: &Register,
) -> Result<Saved, CommitError> {
    save_merging_inner(path, base, known, ours, &mut |file, bytes| file.write_all(bytes))
}

/// As [`save_merging_known`], waiting up to `patience` while another process holds the
/// write lock (it holds it only for the moment of writing), instead of failing at once.
/// For the commands, which have no one to ask to try again.
pub fn save_merging_waiting(
    path: &Path,
    base: &Register,
    known: Option<u64>,
    ours: &Register,
    patience: std::time::Duration,
) -> Result<Saved, CommitError> {
    let deadline = std::time::Instant::now() + patience;
    loop {
        match save_merging_known(path, base, known, ours) {
            Err(CommitError::Save(SaveError::Locked { .. } | SaveError::LockedUnknown { .. }))
                if std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

/// As [`save_merging`], writing through `write` (tests inject failing writers).
pub fn save_merging_with(
    path: &Path,
    base: &Register,
    ours: &Register,
    write: &mut Writer,
) -> Result<Saved, CommitError> {
    save_merging_inner(path, base, None, ours, write)
}

fn save_merging_inner(
    path: &Path,
    base: &Register,
    known: Option<u64>,
    ours: &Register,
    write: &mut Writer,
) -> Result<Saved, CommitError> {
    // Through a symbolic link, the file it points to is written, and locked.
    let path = &super::paths::follow_links(path)
        .map_err(|source| SaveError::Io { path: path.to_owned(), source })?;
    check_writable(path)?;
    let lock = lock::acquire(path).map_err(|e| SaveError::from_lock(e, path))?;

    let read = read_bytes(path).and_then(|bytes| {
        if known.is_some_and(|k| k == content_hash(&bytes)) {
            // The file is the one `base` came from: nothing to merge.
            Ok(None)
        } else {
            parse_bytes(&bytes).map(Some)
        }
    });
    let theirs = match read {
        Ok(theirs) => theirs,
        // The file was moved or removed: writing ours loses nothing.
        Err(LoadError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(CommitError::Unreadable(e)),
    };

    let merged = match theirs {
        Some(theirs) if !same(&theirs, base) => {
            let result = merge3(base, &theirs, ours);
            if !result.is_clean() {
                return Err(CommitError::Conflicts(Box::new(Conflicts { merge: result, theirs })));
            }
            let problems = new_integrity_problems(&result.merged, &theirs, ours);
            if !problems.is_empty() {
                return Err(CommitError::Invalid { problems, theirs: Box::new(theirs) });
            }
            // What the merge writes beyond what is on disk passes the same guard as an edit.
            changes_from(&theirs, &result.merged).check().map_err(CommitError::Refused)?;
            Some(result.merged)
        }
        _ => None,
    };
    let text = to_text(merged.as_ref().unwrap_or(ours));
    write_locked(&lock, path, &text, write)?;
    Ok(Saved { merged, hash: content_hash(text.as_bytes()) })
}

/// The edit that turns `from` into `to`, as far as the guard is concerned: every record of
/// `to` that `from` does not hold as it is, the name and the municipalities when changed.
fn changes_from(from: &Register, to: &Register) -> crate::edit::Edit {
    use crate::edit::{Edit, Record};
    use std::collections::HashMap;
    let mut edits = Vec::new();
    macro_rules! changed {
        ($list:ident, $variant:ident) => {{
            let before: HashMap<&str, _> = from.$list.iter().map(|r| (r.id.as_str(), r)).collect();
            for r in &to.$list {
                if before.get(r.id.as_str()) != Some(&r) {
                    edits.push(Edit::put(Record::$variant(r.clone())));
                }
            }
        }};
    }
    changed!(services, Service);
    changed!(contacts, Contact);
    changed!(agreements, Agreement);
    changed!(routines, Routine);
    changed!(forums, Forum);
    changed!(offerings, Offering);
    changed!(expectations, Expectation);
    if from.name != to.name {
        edits.push(Edit::SetName(to.name.clone()));
    }
    if from.municipalities != to.municipalities {
        edits.push(Edit::SetMunicipalities(to.municipalities.clone()));
    }
    Edit::Batch(edits)
}

fn same(a: &Register, b: &Register) -> bool {
    if a == b {
        return true;
    }
    let (mut a, mut b) = (a.clone(), b.clone());
    a.normalize();
    b.normalize();
    a == b
}

/// Duplicate ids and missing references in `merged` that neither side had on its own.
fn new_integrity_problems(merged: &Register, theirs: &Register, ours: &Register) -> Vec<Problem> {
    // Integrity does not depend on the date; any day will do.
    let today = chrono::Local::now().date_naive();
    let integrity = |r: &Register| -> Vec<Problem> {
        validate(r, today).into_iter().filter(Problem::is_integrity).collect()
    };
    let before: HashSet<String> =
        integrity(theirs).iter().chain(integrity(ours).iter()).map(ToString::to_string).collect();
    integrity(merged).into_iter().filter(|p| !before.contains(&p.to_string())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contact, OwnerKind, Sector, Service};
    use crate::store::{load, save};

    fn base() -> Register {
        let mut r = Register::new("T");
        r.services.push(Service::new("nav", "NAV", Sector::Nav, OwnerKind::State));
        r.services.push(Service::new("ppt", "PPT", Sector::Ppt, OwnerKind::InterMunicipal));
        r
    }

    fn setup() -> (tempfile::TempDir, std::path::PathBuf, Register) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("register.ron");
        let b = base();
        save(&path, &b).unwrap();
        (dir, path, b)
    }

    #[test]
    fn unchanged_file_is_simply_saved() {
        let (_d, path, b) = setup();
        let mut ours = b.clone();
        ours.name = "Ny".into();
        let saved = save_merging(&path, &b, &ours).unwrap();
        assert!(saved.merged.is_none());
        assert_eq!(load(&path).unwrap(), ours);
    }

    #[test]
    fn the_hash_of_our_last_save_skips_nothing_a_colleague_saved() {
        let (_d, path, b) = setup();
        let mut ours = b.clone();
        ours.name = "Første".into();
        let first = save_merging(&path, &b, &ours).unwrap();
        assert_eq!(
            first.hash,
            content_hash(&std::fs::read(&path).unwrap()),
            "the hash is of the file written"
        );
        // Nobody else saved: the known hash matches and ours is written as it is.
        assert!(first.merged.is_none());
        let base = ours.clone();
        ours.name = "Andre".into();
        let second = save_merging_known(&path, &base, Some(first.hash), &ours).unwrap();
        assert!(second.merged.is_none());
        assert_eq!(load(&path).unwrap().name, "Andre");
        // A colleague saves: the hash no longer matches, so the file is read and merged.
        let base = ours.clone();
        let mut theirs = base.clone();
        theirs.contacts.push(Contact::new("ola", "Ola", "Leder", "nav"));
        save(&path, &theirs).unwrap();
        ours.contacts.push(Contact::new("kari", "Kari", "Veileder", "ppt"));
        let third = save_merging_known(&path, &base, Some(second.hash), &ours).unwrap();
        assert!(third.merged.is_some(), "the colleague's contact is merged in");
        assert_eq!(load(&path).unwrap().contacts.len(), 2);
    }

    #[test]
    fn a_colleagues_save_is_merged_not_overwritten() {
        let (_d, path, b) = setup();
        let mut theirs = b.clone();
        theirs.contacts.push(Contact::new("ola", "Ola", "Leder", "nav"));
        save(&path, &theirs).unwrap();
        let mut ours = b.clone();
        ours.contacts.push(Contact::new("kari", "Kari", "Veileder", "ppt"));
        let saved = save_merging(&path, &b, &ours).unwrap();
        let merged = saved.merged.expect("the colleague's save is merged");
        let on_disk = load(&path).unwrap();
        assert_eq!(on_disk, merged);
        assert_eq!(on_disk.contacts.len(), 2);
    }

    #[test]
    fn conflicts_write_nothing_and_can_be_resolved_and_saved() {
        let (_d, path, b) = setup();
        let mut theirs = b.clone();
        theirs.services[0].phone = "61 21 40 00".into();
        save(&path, &theirs).unwrap();
        let disk_before = std::fs::read(&path).unwrap();
        let mut ours = b.clone();
        ours.services[0].phone = "61 21 40 99".into();
        let Err(CommitError::Conflicts(c)) = save_merging(&path, &b, &ours) else {
            panic!("expected conflicts")
        };
        assert_eq!(std::fs::read(&path).unwrap(), disk_before);
        let Conflicts { mut merge, theirs: new_base } = *c;
        merge.resolve(0, crate::store::merge::Side::Theirs);
        let saved = save_merging(&path, &new_base, &merge.merged).unwrap();
        assert!(saved.merged.is_none());
        assert_eq!(load(&path).unwrap().services[0].phone, "61 21 40 00");
    }

    #[test]
    fn a_merge_that_would_leave_a_dangling_reference_is_refused() {
        let (_d, path, b) = setup();
        let mut theirs = b.clone();
        theirs.services.retain(|s| s.id.as_str() != "ppt");
        save(&path, &theirs).unwrap();
        let mut ours = b.clone();
        ours.contacts.push(Contact::new("kari", "Kari", "Veileder", "ppt"));
        match save_merging(&path, &b, &ours) {
            Err(CommitError::Invalid { problems, .. }) => {
                assert_eq!(problems.len(), 1);
                assert_eq!(problems[0].id, "kari");
                assert!(problems[0].to_string().contains("«ppt»"));
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
        assert_eq!(load(&path).unwrap(), theirs);
    }

    #[test]
    fn a_broken_file_on_disk_is_not_overwritten() {
        let (_d, path, b) = setup();
        std::fs::write(&path, "(version: 1, services: [").unwrap();
        let err = save_merging(&path, &b, &b).unwrap_err();
        assert!(matches!(err, CommitError::Unreadable(_)));
        assert!(err.in_window().contains("Lagre som"), "the window offers «Lagre som…»");
        assert!(!err.to_string().contains("Lagre som"), "a command has none to offer");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "(version: 1, services: [");
    }

    #[test]
    fn a_removed_file_is_written_again() {
        let (_d, path, b) = setup();
        std::fs::remove_file(&path).unwrap();
        save_merging(&path, &b, &b).unwrap();
        assert_eq!(load(&path).unwrap(), b);
    }
}
