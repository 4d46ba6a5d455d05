//! What the views read each frame ([`ViewCtx`]) and the state derived from the register
//! ([`Derived`]). The views and `records/` depend on this file, never on `app.rs`.

use super::command::Command;
use super::prefs::Prefs;
use crate::model::Register;
use crate::review::Finding;
use crate::store::session::{Doc, LogEntry};
use chrono::NaiveDate;
use eframe::egui;
use std::path::Path;

/// Registers at least this large get their review and search index rebuilt on a worker
/// thread after an edit (about 2 s at 300,000 records); smaller ones at once (under 0.1 s).
pub const BACKGROUND_FROM: usize = 20_000;

/// State derived from the register, recomputed only when the register's revision moves —
/// never every frame. For a large register the recomputation after an edit runs on a
/// worker thread, and the views show the previous results (search hits are found again by
/// id, see [`crate::search::Index::locate`]) until it is done.
#[derive(Default)]
pub struct Derived {
    /// The [`Doc::revision`] this was computed for.
    pub revision: Option<u64>,
    /// The review's findings, most serious first.
    pub findings: Vec<Finding>,
    /// The search index for Søk.
    pub search: crate::search::Index,
    /// A rebuild running on a worker thread, for this revision.
    pending: Option<(u64, std::sync::mpsc::Receiver<Computed>)>,
}

impl Derived {
    /// Recomputes if the register changed since the last call: at once the first time and
    /// for a small register, else on a worker thread that repaints `ctx` when it is done.
    pub fn refresh(&mut self, doc: &Doc, today: NaiveDate, ctx: &egui::Context) {
        if let Some((revision, rx)) = &self.pending {
            match rx.try_recv() {
                Ok(computed) => {
                    let revision = *revision;
                    self.set(revision, computed);
                    self.pending = None;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
                // The worker died (it should not): fall back to computing here.
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.pending = None,
            }
        }
        if self.revision == Some(doc.revision) {
            return;
        }
        if self.pending.is_some() {
            // One worker at a time; a newer revision is taken up when this one is done.
            return;
        }
        let large = doc.register.total_records() >= BACKGROUND_FROM;
        if self.revision.is_none() || !large {
            self.set(doc.revision, compute(&doc.register, today));
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let register = std::sync::Arc::clone(&doc.register);
        let repaint = ctx.clone();
        let spawned = std::thread::Builder::new().name("samkart-review".into()).spawn(move || {
            let derived = compute(&register, today);
            // Let go of the register before saying so, so the next edit need not copy it.
            drop(register);
            let _ = tx.send(derived);
            repaint.request_repaint();
        });
        match spawned {
            Ok(_) => self.pending = Some((doc.revision, rx)),
            Err(_) => self.set(doc.revision, compute(&doc.register, today)),
        }
    }

    fn set(&mut self, revision: u64, (findings, search): Computed) {
        self.revision = Some(revision);
        self.findings = findings;
        self.search = search;
    }

    /// Whether the findings and the search index lag behind the register.
    pub fn is_updating(&self) -> bool {
        self.pending.is_some()
    }
}

/// The review's findings and the search index for one revision of a register.
type Computed = (Vec<Finding>, crate::search::Index);

fn compute(reg: &Register, today: NaiveDate) -> Computed {
    (crate::review::review(reg, today, &reg.settings), crate::search::Index::build(reg))
}

/// What a view gets each frame: the register to read, and a queue to send commands to.
pub struct ViewCtx<'a> {
    pub reg: &'a Register,
    /// The register's [`Doc::revision`]: moves on every change, for views' own caches.
    pub revision: u64,
    pub today: NaiveDate,
    pub derived: &'a Derived,
    pub user: &'a str,
    pub commands: &'a mut Vec<Command>,
    /// The change log of this session (Endringslogg).
    pub log: &'a [LogEntry],
    /// Where the register lives on disk.
    pub path: &'a Path,
    pub prefs: &'a Prefs,
    pub can_undo: bool,
    pub can_redo: bool,
    /// Unsaved changes exist.
    pub dirty: bool,
}

impl ViewCtx<'_> {
    pub fn send(&mut self, command: impl Into<Command>) {
        self.commands.push(command.into());
    }
}
