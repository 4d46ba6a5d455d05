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
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

fn process_alive(pid: u32) -> Option<bool> {
    if cfg!(target_os = "linux") { Some(Path::new(&format!("/proc/{pid}")).exists()) } else { None }
}

/// Whether a lock left in `path` can be broken: its holder is a process on this machine
/// that no longer runs, or the lock is older than [`STALE_AFTER`].
fn is_stale(path: &Path, holder: Option<&Holder>) -> bool {
    if let Some(h) = holder
        && h.host == current_host()
        && process_alive(h.pid) == Some(false)
    {
        return true;
    }
    fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|age| age > STALE_AFTER)
}

/// Takes the write lock for `register`, breaking a stale one.
pub fn acquire(register: &Path) -> Result<WriteLock, LockError> {
    let path = lock_path(register);
    for _ in 0..3 {
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut f) => {
                f.write_all(Holder::me().to_line().as_bytes()).map_err(LockError::Io)?;
                let _ = f.sync_all();
                return Ok(WriteLock { path });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let holder = fs::read_to_string(&path).ok().and_then(|t| Holder::parse(&t));
                if is_stale(&path, holder.as_ref()) {
                    let _ = fs::remove_file(&path);
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
        if cfg!(target_os = "linux") {
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
}
