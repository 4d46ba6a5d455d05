//! Which file a path really names, and which files belong to a register.
//!
//! A register may be reached through a symbolic link (a shared folder linked into a home
//! folder): saving writes the file the link points to, and the lock and the backups sit
//! beside that file, so everyone who opens it — by the link or directly — shares one lock.
//! An export compares by the same resolved names, so `./FILE`, a link and `../x/FILE` are
//! all recognised as the register.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// How many links are followed before a chain is taken for a loop.
const MAX_LINKS: usize = 40;

/// The file `path` names once symbolic links in its last component are followed (a link to
/// a link is followed to the end). A path that is not a link is returned as it is, so
/// messages keep the name the user gave. A link to a file that does not exist yet resolves
/// to that file (it will be created there).
pub fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_owned();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("for mange lenker etter hverandre (en lenke som peker på seg selv?)"))
}

/// An absolute name for `path` with every link, `.` and `..` resolved, also when the file
/// (or some of its folders) does not exist yet: the longest existing part is resolved by
/// the system, the rest is appended as written. Two paths that name the same file give the
/// same answer, whichever way they were written.
pub fn canonical(path: &Path) -> io::Result<PathBuf> {
    let path = follow_links(path)?;
    if let Ok(c) = fs::canonicalize(&path) {
        return Ok(c);
    }
    let absolute = std::path::absolute(&path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = fs::canonicalize(existing) {
            let mut out = c;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::CurDir => {}
                    other => out.push(other.as_os_str()),
                }
            }
            return Ok(out);
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return Ok(absolute),
        }
    }
}

/// Whether `a` and `b` are the same file (also through a hard link). Files that do not
/// exist are compared by [`canonical`] name.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (fs::metadata(a), fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    match (canonical(a), canonical(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// A file that belongs to a register and that nothing but the store may write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The register file itself.
    Register,
    /// A copy in `backups/` beside it (or the folder itself).
    Backup,
    /// Its lock file or the guard taken while breaking a stale lock.
    Lock,
    /// A temporary file of a save in progress.
    Temporary,
}

/// Which part of the register at `register` the path `candidate` is, if any. Both are
/// compared by [`canonical`] name (and as files, so a hard link counts too).
pub fn part_of_register(register: &Path, candidate: &Path) -> Option<Part> {
    let reg = canonical(register).ok()?;
    let cand = canonical(candidate).ok()?;
    if cand == reg || same_file(&reg, &cand) {
        return Some(Part::Register);
    }
    let backups = canonical(&super::backup_dir(&reg)).ok()?;
    if cand.starts_with(&backups) {
        return Some(Part::Backup);
    }
    let lock = super::lock::lock_path(&reg);
    let mut guard = lock.clone().into_os_string();
    guard.push(".break");
    if cand == lock || cand == Path::new(&guard) {
        return Some(Part::Lock);
    }
    let name = reg.file_name()?.to_string_lossy().into_owned();
    let file = cand.file_name()?.to_string_lossy().into_owned();
    if cand.parent() == reg.parent() && file.starts_with(&format!(".{name}.")) && file.ends_with(".tmp") {
        return Some(Part::Temporary);
    }
    None
}

// Links and hard links as Unix makes them; the Windows build has its own (tests/dist/).
#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn every_way_of_naming_the_register_is_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let x = dir.path().join("x");
        fs::create_dir(&x).unwrap();
        fs::create_dir(dir.path().join("y")).unwrap();
        let reg = x.join("register.ron");
        fs::write(&reg, "(version: 1)").unwrap();
        std::os::unix::fs::symlink(&reg, dir.path().join("lenke.ron")).unwrap();
        fs::hard_link(&reg, dir.path().join("hard.ron")).unwrap();
        for other in [
            dir.path().join("y/../x/register.ron"),
            x.join("./register.ron"),
            dir.path().join("lenke.ron"),
            dir.path().join("hard.ron"),
        ] {
            assert_eq!(part_of_register(&reg, &other), Some(Part::Register), "{}", other.display());
        }
        assert_eq!(part_of_register(&reg, &x.join("backups/register-1.ron")), Some(Part::Backup));
        assert_eq!(part_of_register(&reg, &x.join("backups")), Some(Part::Backup));
        assert_eq!(part_of_register(&reg, &x.join("register.ron.lock")), Some(Part::Lock));
        assert_eq!(part_of_register(&reg, &x.join("register.ron.lock.break")), Some(Part::Lock));
        assert_eq!(part_of_register(&reg, &x.join(".register.ron.abc.tmp")), Some(Part::Temporary));
        assert_eq!(part_of_register(&reg, &x.join("rapport.html")), None);
        assert_eq!(part_of_register(&reg, &dir.path().join("ny/../y/rapport.html")), None);
        // Through the link, the lock and backups are those beside the target.
        let link = dir.path().join("lenke.ron");
        assert_eq!(part_of_register(&link, &x.join("register.ron.lock")), Some(Part::Lock));
        assert_eq!(part_of_register(&link, &dir.path().join("lenke.ron.lock")), None);
    }

    #[test]
    fn links_are_followed_to_the_end_and_loops_are_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("mål.ron");
        std::os::unix::fs::symlink("mål.ron", dir.path().join("a")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("a"), dir.path().join("b")).unwrap();
        assert_eq!(follow_links(&dir.path().join("b")).unwrap(), target, "a dangling link names its target");
        std::os::unix::fs::symlink("løkke", dir.path().join("løkke")).unwrap();
        assert!(follow_links(&dir.path().join("løkke")).is_err());
        assert_eq!(follow_links(&target).unwrap(), target);
    }
}
