//! The write lock: a file `NAME.lock` beside the register, created exclusively while one
//! Samkart process writes. It is held only for the moment of writing, so many people can
//! have the register open at once; it names its holder so a refusal can say who.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A lock older than this is left by a crashed process: no write takes this long.
pub const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// Who holds a lock, as written in the lock file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    pub user: String,
    pub host: String,
    pub pid: u32,
}

/// What a lock file says: the holder plus a token unique to one acquisition, so that a
/// process only ever removes the lock it created itself, and when it was taken by the
/// holder's clock. Two stamps are the same lock when their bytes are the same, so a lock
/// whose content is not text (a broken write) can still be recognised and broken.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stamp {
    raw: Vec<u8>,
    holder: Option<Holder>,
    token: Option<String>,
    /// Seconds since 1970 when the lock was taken (`time=` line), by the holder's clock.
    taken: Option<u64>,
}

fn new_token() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("{}-{nanos}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// The lock file's content; `None` only when it cannot be read at all (it is gone). A lock
/// file is a few lines: anything past the first kilobyte is not Samkart's.
fn read_stamp(path: &Path) -> Option<Stamp> {
    use std::io::Read;
    let mut raw = Vec::new();
    fs::File::open(path).ok()?.take(1024).read_to_end(&mut raw).ok()?;
    let text = std::str::from_utf8(&raw).unwrap_or_default();
    let token = text.lines().find_map(|l| l.strip_prefix("token=")).map(str::to_owned);
    let taken = text.lines().find_map(|l| l.strip_prefix("time=")?.trim().parse().ok());
    Some(Stamp { holder: Holder::parse(text), token, taken, raw })
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} på {} (prosess {})", self.user, self.host, self.pid)
    }
}

impl Holder {
    /// This process.
    pub fn me() -> Self {
        Self { user: current_user(), host: current_host(), pid: std::process::id() }
    }

    fn to_line(&self) -> String {
        format!("user={}\nhost={}\npid={}\n", self.user, self.host, self.pid)
    }

    fn parse(text: &str) -> Option<Self> {
        let mut user = None;
        let mut host = None;
        let mut pid = None;
        for line in text.lines() {
            match line.split_once('=') {
                Some(("user", v)) => user = Some(v.to_owned()),
                Some(("host", v)) => host = Some(v.to_owned()),
                Some(("pid", v)) => pid = v.trim().parse().ok(),
                _ => {}
            }
        }
        Some(Self { user: user?, host: host?, pid: pid? })
    }
}

pub fn current_user() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "ukjent bruker".into())
}

pub fn current_host() -> String {
    if let Ok(h) = std::env::var("COMPUTERNAME") {
        return h;
    }
    fs::read_to_string("/etc/hostname")
        .map(|s| s.trim().to_owned())
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "ukjent maskin".into())
}

/// Why the lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Another live process holds it.
    Held(Holder),
    /// Held by something that wrote no readable holder.
    HeldUnknown,
    Io(std::io::Error),
}

/// The path of the lock file for a register file.
pub fn lock_path(register: &Path) -> PathBuf {
    let mut name = register.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".lock");
    register.with_file_name(name)
}

/// A held lock; released (the file removed) on drop.
#[derive(Debug)]
pub struct WriteLock {
    path: PathBuf,
    token: String,
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        // Only remove the lock if it is still ours: had it been broken as stale and taken by
        // someone else, removing it would let a third writer in beside them.
        if read_stamp(&self.path).and_then(|s| s.token).as_deref() == Some(self.token.as_str()) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

fn age(path: &Path) -> Option<Duration> {
    let modified = fs::metadata(path).and_then(|m| m.modified()).ok()?;
    SystemTime::now().duration_since(modified).ok()
}

/// How old the lock is: by the file's modification time, or, when that lies in the future
/// (a machine whose clock runs ahead wrote it, or the file server's clock differs), by the
/// time its holder wrote inside it.
fn lock_age(path: &Path, stamp: Option<&Stamp>) -> Option<Duration> {
    age(path).or_else(|| {
        let taken = stamp?.taken?;
        unix_now().checked_sub(taken).map(Duration::from_secs)
    })
}

/// Whether a lock left in `path` can be broken: its holder is a process on this machine
/// that no longer runs, or the lock is older than [`STALE_AFTER`], or it names no holder
/// (its content is empty, cut short or not text) and is older than [`UNNAMED_STALE_AFTER`]
/// (a writer killed between creating the file and writing its name into it).
fn is_stale(path: &Path, stamp: Option<&Stamp>) -> bool {
    let holder = stamp.and_then(|s| s.holder.as_ref());
    if let Some(h) = holder
        && h.host == current_host()
        && super::process::alive(h.pid) == Some(false)
    {
        return true;
    }
    let limit = if holder.is_some() { STALE_AFTER } else { UNNAMED_STALE_AFTER };
    lock_age(path, stamp).is_some_and(|age| age > limit)
}

/// A writer names itself within microseconds of creating the lock; an unnamed lock this old
/// is left by one that died in between.
const UNNAMED_STALE_AFTER: Duration = Duration::from_secs(30);

/// A guard file held for the few milliseconds it takes to break a stale lock, so that two
/// processes that both judged one lock stale cannot both break it: the second would
/// otherwise remove the fresh lock the first had just taken.
fn break_guard_path(lock: &Path) -> PathBuf {
    let mut name = lock.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".break");
    lock.with_file_name(name)
}

/// A break guard older than this was left by a process that died while breaking a lock.
const BREAK_GUARD_STALE: Duration = Duration::from_secs(30);

/// Removes the lock at `path` if it is still the same stale lock (`seen`). Returns whether
/// the caller should try to take the lock again.
fn break_stale(path: &Path, seen: &Option<Stamp>) -> bool {
    let guard = break_guard_path(path);
    if OpenOptions::new().write(true).create_new(true).open(&guard).is_err() {
        // A guard this old was left by a process that died while breaking: clear it and
        // let the caller try again.
        if age(&guard).is_some_and(|a| a > BREAK_GUARD_STALE) {
            let _ = fs::remove_file(&guard);
            return true;
        }
        return false;
    }
    // Under the guard: look again, so a lock taken since we looked is left alone.
    let now = read_stamp(path);
    let still_stale = now.is_none() || (now == *seen && is_stale(path, now.as_ref()));
    if now.is_some() && still_stale {
        let _ = fs::remove_file(path);
    }
    let _ = fs::remove_file(&guard);
    still_stale
}

/// Takes the write lock for `register`, breaking a stale one.
pub fn acquire(register: &Path) -> Result<WriteLock, LockError> {
    let path = lock_path(register);
    for _ in 0..3 {
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut f) => {
                let token = new_token();
                let text = format!("{}time={}\ntoken={token}\n", Holder::me().to_line(), unix_now());
                if let Err(e) = f.write_all(text.as_bytes()) {
                    drop(f);
                    let _ = fs::remove_file(&path);
                    return Err(LockError::Io(e));
                }
                let _ = f.sync_all();
                return Ok(WriteLock { path, token });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let stamp = read_stamp(&path);
                let holder = stamp.as_ref().and_then(|s| s.holder.clone());
                if is_stale(&path, stamp.as_ref()) && break_stale(&path, &stamp) {
                    continue;
                }
                return Err(match holder {
                    Some(h) => LockError::Held(h),
                    None => LockError::HeldUnknown,
                });
            }
            Err(e) => return Err(LockError::Io(e)),
        }
    }
    Err(LockError::HeldUnknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_writer_is_refused_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let reg = dir.path().join("register.ron");
        let first = acquire(&reg).unwrap();
        match acquire(&reg) {
            Err(LockError::Held(h)) => assert_eq!(h, Holder::me()),
            other => panic!("expected Held, got {other:?}"),
        }
        drop(first);
        assert!(!lock_path(&reg).exists());
        acquire(&reg).unwrap();
    }

    #[test]
    fn lock_of_a_dead_process_is_broken() {
        let dir = tempfile::tempdir().unwrap();
        let reg = dir.path().join("register.ron");
        // A pid far above any real one on this machine.
        let dead = Holder { user: "kari".into(), host: current_host(), pid: 4_000_000 };
        fs::write(lock_path(&reg), dead.to_line()).unwrap();
        if cfg!(any(target_os = "linux", windows)) {
            acquire(&reg).expect("stale lock is broken");
        }
    }

    #[test]
    fn lock_of_another_machine_is_respected() {
        let dir = tempfile::tempdir().unwrap();
        let reg = dir.path().join("register.ron");
        let other = Holder { user: "ola".into(), host: "kontor-pc-17".into(), pid: 1 };
        fs::write(lock_path(&reg), other.to_line()).unwrap();
        match acquire(&reg) {
            Err(LockError::Held(h)) => assert_eq!(h.to_string(), "ola på kontor-pc-17 (prosess 1)"),
            other => panic!("expected Held, got {other:?}"),
        }
    }

    #[test]
    fn an_old_lock_is_broken_even_from_another_machine() {
        let dir = tempfile::tempdir().unwrap();
        let reg = dir.path().join("register.ron");
        let other = Holder { user: "ola".into(), host: "kontor-pc-17".into(), pid: 1 };
        fs::write(lock_path(&reg), other.to_line()).unwrap();
        let f = OpenOptions::new().write(true).open(lock_path(&reg)).unwrap();
        f.set_modified(SystemTime::now() - STALE_AFTER - Duration::from_secs(5)).unwrap();
        drop(f);
        let lock = acquire(&reg).expect("a lock older than ten minutes is broken");
        drop(lock);
        assert!(!lock_path(&reg).exists());
    }

    #[test]
    fn a_fresh_lock_of_another_machine_is_not_broken_by_age() {
        let dir = tempfile::tempdir().unwrap();
        let reg = dir.path().join("register.ron");
        let other = Holder { user: "ola".into(), host: "kontor-pc-17".into(), pid: 1 };
        fs::write(lock_path(&reg), other.to_line()).unwrap();
        let f = OpenOptions::new().write(true).open(lock_path(&reg)).unwrap();
        f.set_modified(SystemTime::now() - STALE_AFTER + Duration::from_secs(60)).unwrap();
        drop(f);
        assert!(matches!(acquire(&reg), Err(LockError::Held(_))));
    }

    #[test]
    fn releasing_never_removes_a_lock_someone_else_took_over() {
        let dir = tempfile::tempdir().unwrap();
        let reg = dir.path().join("register.ron");
        let mine = acquire(&reg).unwrap();
        // Someone judged our lock stale and took it over.
        let theirs = "user=ola\nhost=kontor-pc-17\npid=1\ntoken=their-token\n";
        fs::write(lock_path(&reg), theirs).unwrap();
        drop(mine);
        assert_eq!(fs::read_to_string(lock_path(&reg)).unwrap(), theirs);
    }

    #[test]
    fn a_lock_taken_while_we_judged_the_old_one_stale_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let reg = dir.path().join("register.ron");
        let path = lock_path(&reg);
        let dead = Holder { user: "kari".into(), host: current_host(), pid: 4_000_000 };
        fs::write(&path, dead.to_line()).unwrap();
        let seen = read_stamp(&path);
        // Before we break it, another process breaks it and takes a fresh lock.
        fs::remove_file(&path).unwrap();
        let fresh = acquire(&reg).unwrap();
        assert!(!break_stale(&path, &seen));
        assert!(path.exists(), "the fresh lock survives");
        assert!(!break_guard_path(&path).exists());
        drop(fresh);
        assert!(!path.exists());
    }

    #[test]
    fn a_break_guard_left_by_a_crash_does_not_block_for_ever() {
        let dir = tempfile::tempdir().unwrap();
        let reg = dir.path().join("register.ron");
        let path = lock_path(&reg);
        let dead = Holder { user: "kari".into(), host: current_host(), pid: 4_000_000 };
        fs::write(&path, dead.to_line()).unwrap();
        fs::write(break_guard_path(&path), "").unwrap();
        let g = OpenOptions::new().write(true).open(break_guard_path(&path)).unwrap();
        g.set_modified(SystemTime::now() - Duration::from_secs(60)).unwrap();
        drop(g);
        if cfg!(any(target_os = "linux", windows)) {
            acquire(&reg).expect("stale lock broken once the dead guard is cleared");
        }
    }

    #[test]
    fn an_unnamed_lock_is_broken_after_half_a_minute_not_before() {
        let dir = tempfile::tempdir().unwrap();
        let reg = dir.path().join("register.ron");
        fs::write(lock_path(&reg), "").unwrap();
        assert!(matches!(acquire(&reg), Err(LockError::HeldUnknown)));
        let f = OpenOptions::new().write(true).open(lock_path(&reg)).unwrap();
        f.set_modified(SystemTime::now() - UNNAMED_STALE_AFTER - Duration::from_secs(1)).unwrap();
        drop(f);
        acquire(&reg).expect("an unnamed lock of a writer that died while creating it is broken");
    }
}
