//! The open register as one editing session: the register, where it lives, its undo and
//! redo history and the change log. Every change goes through [`Doc::apply`], which records
//! the inverse for undo and an entry in the change log. GUI-free: the window holds one.

use crate::edit::Edit;
use crate::model::Register;
use std::path::PathBuf;
use std::sync::Arc;

/// One applied change, for the Endringslogg view.
#[derive(Clone, Debug)]
pub struct LogEntry {
    pub time: chrono::DateTime<chrono::Local>,
    pub user: String,
    /// Norwegian one-liner, e.g. «Lagret kontakt «Kari Nordmann»».
    pub text: String,
    /// «Angret» / «Gjort om» entries are marked so the log reads honestly.
    pub undo: bool,
}

/// The register being edited, where it lives, and its undo/redo history.
pub struct Doc {
    pub path: PathBuf,
    /// Shared, so that the review and the search index can be rebuilt on a worker thread
    /// without copying a large register; an edit copies it only if a worker still reads it.
    pub register: Arc<Register>,
    /// The register as last loaded from or saved to disk (the base of a three-way merge).
    /// Right after a save it shares the register's memory; the next edit copies it.
    pub base: Arc<Register>,
    /// Hash of the file's bytes when we last saved it, so the next save need not parse an
    /// unchanged file to learn that nobody else saved (`None`: parse it).
    base_hash: Option<u64>,
    undo: Vec<(Edit, String)>,
    redo: Vec<(Edit, String)>,
    pub log: Vec<LogEntry>,
    /// Bumped on every change; derived state is recomputed when it moves.
    pub revision: u64,
    /// The undo depth at which the register equals the file; `None` when that state can
    /// no longer be reached (it was undone and then replaced by a new change).
    saved_depth: Option<usize>,
    /// The user's name, recorded in the log and in revision history.
    pub user: String,
}

impl Doc {
    pub fn new(path: PathBuf, register: Register, user: String) -> Self {
        let register = Arc::new(register);
        Self {
            path,
            // Shared until the first edit copies it: a session that only looks things up
            // holds the register once.
            base: Arc::clone(&register),
            register,
            base_hash: None,
            undo: Vec::new(),
            redo: Vec::new(),
            log: Vec::new(),
            revision: 0,
            saved_depth: Some(0),
            user,
        }
    }

    /// Applies an edit through the core's guard ([`crate::model::Register::try_apply`]),
    /// records its inverse for undo and clears redo. A refused edit changes nothing.
    pub fn apply(&mut self, edit: Edit) -> Result<(), crate::edit::Refused> {
        let text = edit.describe();
        self.apply_as(edit, text)
    }

    /// [`Self::apply`] with `text` as the change log's line instead of the edit's own.
    pub fn apply_as(&mut self, edit: Edit, text: String) -> Result<(), crate::edit::Refused> {
        edit.check()?;
        let inverse = Arc::make_mut(&mut self.register).apply(edit);
        if self.saved_depth.is_some_and(|d| d > self.undo.len()) {
            self.saved_depth = None;
        }
        self.undo.push((inverse, text.clone()));
        self.redo.clear();
        self.log_entry(text, false);
        self.revision += 1;
        Ok(())
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes the last change; returns its description.
    pub fn undo(&mut self) -> Option<String> {
        self.replay(true)
    }

    /// Redoes the last undone change; returns its description.
    pub fn redo(&mut self) -> Option<String> {
        self.replay(false)
    }

    /// Applies the edit on top of the undo stack (or the redo stack) and puts what reverses
    /// it on the other, so undo and redo can go back and forth any number of times.
    fn replay(&mut self, undo: bool) -> Option<String> {
        let (from, to, verb) = if undo {
            (&mut self.undo, &mut self.redo, "Angret")
        } else {
            (&mut self.redo, &mut self.undo, "Gjort om")
        };
        let (edit, text) = from.pop()?;
        let reverse = Arc::make_mut(&mut self.register).apply(edit);
        to.push((reverse, text.clone()));
        self.log_entry(format!("{verb}: {text}"), true);
        self.revision += 1;
        Some(text)
    }

    fn log_entry(&mut self, text: String, undo: bool) {
        self.log.push(LogEntry { time: chrono::Local::now(), user: self.user.clone(), text, undo });
    }

    /// Unsaved changes exist (undoing back to the saved state clears the mark).
    pub fn is_dirty(&self) -> bool {
        self.saved_depth != Some(self.undo.len())
    }

    /// Saves to `self.path` (atomic, with backup and lock), merging in whatever others saved
    /// since we loaded (`base`). On success the file's content becomes the new base and the
    /// register; returns whether others' changes were merged in. On error nothing is written
    /// and the register in memory is untouched.
    pub fn save(&mut self) -> Result<bool, crate::store::commit::CommitError> {
        let saved =
            crate::store::commit::save_merging_known(&self.path, &self.base, self.base_hash, &self.register)?;
        let merged = saved.merged.is_some();
        match saved.merged {
            Some(register) => self.adopt_saved(register),
            None => self.mark_saved(),
        }
        self.base_hash = Some(saved.hash);
        Ok(merged)
    }

    /// Saves the merge the user resolved after a conflict: `theirs` (the file as the
    /// colleague left it) is the base, `resolved` ours; the register becomes what was
    /// written. Someone saving yet again in between is a new [`CommitError::Conflicts`].
    ///
    /// [`CommitError::Conflicts`]: crate::store::commit::CommitError::Conflicts
    pub fn save_resolved(
        &mut self,
        theirs: &Register,
        resolved: Register,
    ) -> Result<(), crate::store::commit::CommitError> {
        let saved = crate::store::commit::save_merging(&self.path, theirs, &resolved)?;
        self.adopt_saved(saved.merged.unwrap_or(resolved));
        Ok(())
    }

    /// Saves to `self.path` as it is, with no merge (Lagre som: a new file).
    pub fn save_plain(&mut self) -> Result<(), crate::store::SaveError> {
        crate::store::save(&self.path, &self.register)?;
        self.mark_saved();
        Ok(())
    }

    /// Takes `register` as what the file now holds and as the register, after a save merged
    /// in a colleague's changes or saved a resolved conflict; derived state is recomputed.
    pub fn adopt_saved(&mut self, register: Register) {
        self.register = Arc::new(register);
        self.revision += 1;
        self.log_entry("Slo sammen endringer en annen har lagret".to_owned(), false);
        self.mark_saved();
    }

    /// Records the [`crate::store::commit::content_hash`] of the file the register was
    /// loaded from, so the first save need not parse it again.
    pub fn loaded_with_hash(mut self, hash: u64) -> Self {
        self.base_hash = Some(hash);
        self
    }

    /// Replaces the register with a newer version from disk, when we have no unsaved
    /// changes. Undo history is cleared: it would undo the colleague's changes. `hash` is
    /// that of the file's bytes, when known.
    pub fn reload(&mut self, register: Register, hash: Option<u64>) {
        self.register = Arc::new(register);
        self.base = Arc::clone(&self.register);
        self.base_hash = hash;
        self.undo.clear();
        self.redo.clear();
        self.saved_depth = Some(0);
        self.revision += 1;
        self.log_entry("Lastet inn endringer en annen har lagret".to_owned(), false);
    }

    /// Records that what is in memory equals what is on disk.
    /// The base shares the register's memory until the next edit copies it.
    pub fn mark_saved(&mut self) {
        self.base = Arc::clone(&self.register);
        self.base_hash = None;
        self.saved_depth = Some(self.undo.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Record;
    use crate::model::*;

    #[test]
    fn undo_redo_and_dirty_mark() {
        let mut doc = Doc::new("x.ron".into(), Register::new("t"), "Kari".into());
        assert!(!doc.is_dirty());
        assert!(Arc::ptr_eq(&doc.base, &doc.register), "shared until the first edit");
        doc.apply(Edit::put(Record::Service(Service::new("a", "A", Sector::Nav, OwnerKind::State)))).unwrap();
        assert!(doc.is_dirty());
        assert_eq!(doc.register.services.len(), 1);
        assert!(doc.base.services.is_empty(), "the merge base is what was loaded, not the edit");
        assert_eq!(doc.undo().as_deref(), Some("Lagret tjeneste «A»"));
        assert!(doc.register.services.is_empty());
        doc.redo();
        assert_eq!(doc.register.services.len(), 1);
        assert_eq!(doc.log.len(), 3);
        assert_eq!(doc.log[0].user, "Kari");
    }

    #[test]
    fn dirty_follows_the_saved_state_through_undo_and_redo() {
        let svc =
            |name: &str| Edit::put(Record::Service(Service::new("a", name, Sector::Nav, OwnerKind::State)));
        let mut doc = Doc::new("x.ron".into(), Register::new("t"), "Kari".into());
        doc.apply(svc("A")).unwrap();
        doc.mark_saved();
        assert!(!doc.is_dirty());
        doc.apply(svc("B")).unwrap();
        assert!(doc.is_dirty());
        doc.undo();
        assert!(!doc.is_dirty(), "back at the saved state");
        doc.undo();
        assert!(doc.is_dirty());
        doc.redo();
        assert!(!doc.is_dirty());
        // Undo past the saved state, then a new change: the saved state is gone.
        doc.undo();
        doc.apply(svc("C")).unwrap();
        assert!(doc.is_dirty());
        doc.undo();
        assert!(doc.is_dirty(), "the empty register was never saved");
    }

    #[test]
    fn a_save_after_loading_by_hash_still_merges_a_colleagues_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.ron");
        let mut reg = Register::new("t");
        reg.services.push(Service::new("nav", "NAV", Sector::Nav, OwnerKind::State));
        crate::store::save(&path, &reg).unwrap();
        let (loaded, hash) = crate::store::load_hashed(&path).unwrap();
        let mut doc = Doc::new(path.clone(), loaded, "Kari".into()).loaded_with_hash(hash);

        // Nobody else saved: written as it is.
        doc.apply(Edit::put(Record::Contact(Contact::new("kari", "Kari", "Leder", "nav")))).unwrap();
        assert!(!doc.save().unwrap());

        // A colleague saves; the hash we hold no longer matches, so their contact is kept.
        let mut theirs = crate::store::load(&path).unwrap();
        theirs.contacts.push(Contact::new("ola", "Ola", "Veileder", "nav"));
        crate::store::save(&path, &theirs).unwrap();
        doc.apply(Edit::put(Record::Contact(Contact::new("per", "Per", "Rådgiver", "nav")))).unwrap();
        assert!(doc.save().unwrap(), "the colleague's save is merged");
        let on_disk = crate::store::load(&path).unwrap();
        let ids: Vec<&str> = on_disk.contacts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["kari", "ola", "per"]);
    }
}
