//! Noticing that a colleague saved the register.
//!
//! A background thread looks at the file whenever `notify` reports an event in its folder,
//! and in any case every [`POLL_INTERVAL`], because network drives often send no events.
//! It compares a fingerprint (modification time and length, then a hash of the content
//! when those moved) with the version last seen, so a touch that changes nothing is not
//! reported. [`FileWatch::changed`] only reads a flag: it never blocks the GUI.
//!
//! Missing a report can never lose an edit: [`super::commit::save_merging`] always compares
//! with the file on disk. The watch only lets the app reload early and say so.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// How often the file is looked at when no event arrives.
pub const POLL_INTERVAL: Duration = Duration::from_secs(2);

/// What the file looked like: `None` when it could not be read (moved, removed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Fingerprint {
    modified: Option<SystemTime>,
    len: u64,
    hash: u64,
}

fn stat(path: &Path) -> Option<(Option<SystemTime>, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok(), meta.len()))
}

/// Reads the file's fingerprint, reusing `known`'s hash when time and length are the same.
fn fingerprint(path: &Path, known: Option<Fingerprint>) -> Option<Fingerprint> {
    let (modified, len) = stat(path)?;
    if let Some(k) = known
        && k.modified == modified
        && k.len == len
    {
        return Some(k);
    }
    // As a load reads it: never a FIFO or a device, never past the size limit.
    let bytes = super::read_bytes(path).ok()?;
    Some(Fingerprint { modified, len: bytes.len() as u64, hash: super::commit::content_hash(&bytes) })
}

#[derive(Debug, Default)]
struct State {
    /// The version we have (loaded, saved, or told about by `mark_seen`).
    seen: Option<Fingerprint>,
    /// The last version that was reported, so one change is reported once.
    reported: Option<Fingerprint>,
    /// The last fingerprint read, to skip hashing when nothing moved.
    last: Option<Fingerprint>,
}

impl State {
    fn same_content(a: Option<Fingerprint>, b: Option<Fingerprint>) -> bool {
        match (a, b) {
            (Some(a), Some(b)) => a.len == b.len && a.hash == b.hash,
            (None, None) => true,
            _ => false,
        }
    }
}

/// Watches one register file for changes made by others.
pub struct FileWatch {
    path: PathBuf,
    state: Arc<Mutex<State>>,
    changed: Arc<AtomicBool>,
    /// Keeps the thread's channel open (and with it the thread) as long as the watch lives.
    _wake: Sender<()>,
    _watcher: Option<notify::RecommendedWatcher>,
}

impl FileWatch {
    /// Starts watching `path`, taking its current content as seen. Uses `notify` where the
    /// system offers it, and polls every [`POLL_INTERVAL`] in any case.
    pub fn new(path: &Path) -> Self {
        Self::start(path, POLL_INTERVAL, true)
    }

    /// As [`FileWatch::new`] with another poll interval, and optionally without `notify`
    /// (to test the polling that network drives rely on).
    pub fn with_interval(path: &Path, interval: Duration, use_notify: bool) -> Self {
        Self::start(path, interval, use_notify)
    }

    fn start(path: &Path, interval: Duration, use_notify: bool) -> Self {
        // A register reached through a link is saved where the link points: watch there.
        let path = super::paths::follow_links(path).unwrap_or_else(|_| path.to_owned());
        let first = fingerprint(&path, None);
        let state = Arc::new(Mutex::new(State { seen: first, reported: first, last: first }));
        let changed = Arc::new(AtomicBool::new(false));
        let (wake, rx) = mpsc::channel::<()>();

        let watcher = if use_notify { start_notify(&path, wake.clone()) } else { None };

        let (t_path, t_state, t_changed) = (path.clone(), state.clone(), changed.clone());
        std::thread::Builder::new()
            .name("samkart-filwatch".into())
            .spawn(move || {
                loop {
                    match rx.recv_timeout(interval) {
                        Ok(()) | Err(RecvTimeoutError::Timeout) => {}
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                    // Let a burst of events (temp file, rename) settle into one look.
                    while rx.try_recv().is_ok() {}
                    let last = t_state.lock().map(|s| s.last).unwrap_or(None);
                    let now = fingerprint(&t_path, last);
                    let Ok(mut s) = t_state.lock() else { return };
                    s.last = now;
                    // A file that vanished for a moment (mid-rename, network hiccup) is
                    // not a change by itself.
                    if now.is_some()
                        && !State::same_content(now, s.seen)
                        && !State::same_content(now, s.reported)
                    {
                        s.reported = now;
                        t_changed.store(true, Ordering::SeqCst);
                    }
                }
            })
            .expect("a thread can be started");

        Self { path, state, changed, _wake: wake, _watcher: watcher }
    }

    /// Whether someone else changed the file since we last saw it. Reports each new
    /// version once; never blocks.
    pub fn changed(&mut self) -> bool {
        self.changed.swap(false, Ordering::SeqCst)
    }

    /// Takes the file's current content as ours: call after loading or saving, so our own
    /// writes are not reported.
    pub fn mark_seen(&mut self) {
        let now = fingerprint(&self.path, None);
        if let Ok(mut s) = self.state.lock() {
            s.seen = now;
            s.reported = now;
            s.last = now;
        }
        self.changed.store(false, Ordering::SeqCst);
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Watches the file's folder (a save replaces the file by a rename, which would end a
/// watch on the file itself) and wakes the thread on any event that names the file.
fn start_notify(path: &Path, wake: Sender<()>) -> Option<notify::RecommendedWatcher> {
    use notify::Watcher;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name()?.to_owned();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(e) = event
            && e.paths.iter().any(|p| p.file_name() == Some(name.as_os_str()))
        {
            let _ = wake.send(());
        }
    })
    .ok()?;
    watcher.watch(&dir, notify::RecursiveMode::NonRecursive).ok()?;
    Some(watcher)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn wait_for(watch: &mut FileWatch, limit: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < limit {
            if watch.changed() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    #[test]
    fn polling_alone_notices_a_change_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("delt register.ron");
        std::fs::write(&path, "(version: 1)").unwrap();
        let mut w = FileWatch::with_interval(&path, Duration::from_millis(50), false);
        assert!(!wait_for(&mut w, Duration::from_millis(300)), "nothing changed yet");
        std::fs::write(&path, "(version: 1, name: \"Kollega\")").unwrap();
        assert!(wait_for(&mut w, Duration::from_secs(3)), "the change is seen by polling");
        assert!(!wait_for(&mut w, Duration::from_millis(300)), "and reported once");
    }

    #[test]
    fn notify_reports_a_rename_over_the_file_quickly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("æøå.ron");
        std::fs::write(&path, "(version: 1)").unwrap();
        // A long poll interval: only an event can make this fast.
        let mut w = FileWatch::with_interval(&path, Duration::from_secs(60), true);
        std::thread::sleep(Duration::from_millis(100));
        crate::store::save_text(&path, "(version: 1, name: \"Ny\")\n").unwrap();
        assert!(wait_for(&mut w, Duration::from_secs(5)));
    }

    #[test]
    fn our_own_save_is_not_reported_after_mark_seen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("register.ron");
        std::fs::write(&path, "(version: 1)").unwrap();
        let mut w = FileWatch::with_interval(&path, Duration::from_millis(50), true);
        crate::store::save_text(&path, "(version: 1, name: \"Vår\")\n").unwrap();
        w.mark_seen();
        assert!(!wait_for(&mut w, Duration::from_millis(400)));
    }

    #[test]
    fn a_touch_without_new_content_is_not_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("register.ron");
        std::fs::write(&path, "(version: 1)").unwrap();
        let mut w = FileWatch::with_interval(&path, Duration::from_millis(50), false);
        let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        f.set_modified(SystemTime::now() + Duration::from_secs(5)).unwrap();
        drop(f);
        assert!(!wait_for(&mut w, Duration::from_millis(400)));
    }
}
