//! The register on disk: load (versioned, migrated), atomic save with rotating backups,
//! the write lock, and where the default register lives.
//!
//! A file that fails to load is never written to: loading only reads, and saving is a
//! separate, explicit step.

pub mod commit;
mod errors;
mod format;
pub mod lock;
pub mod merge;
pub mod migrate;
pub mod paths;
mod process;
mod replace;
pub mod session;
pub mod watch;

pub use format::{parse, to_text, to_text_chunked, to_text_sorted};

use crate::model::Register;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Files larger than this are refused before reading, instead of exhausting memory.
/// A national register of 300,000 records is about a tenth of it.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024 * 1024;

/// How many earlier versions are kept in `backups/` beside the register.
pub const BACKUPS_KEPT: usize = 10;

/// The example register shipped inside the binary.
pub const EXAMPLE: &str = include_str!("../../data/eksempel.ron");

/// Why a register could not be loaded. Every message is Norwegian and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("Kunne ikke lese {}: {}", .path.display(), crate::messages::io(.source))]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{} er en mappe, ikke en registerfil", .path.display())]
    IsDirectory { path: PathBuf },
    #[error(
        "{} er ikke en vanlig fil (men en kø, en enhet eller lignende), så den kan ikke være et register. Oppgi registerfilen.",
        .path.display()
    )]
    NotAFile { path: PathBuf },
    /// `size` is what the file system said, or (for a file that grew while being read, or
    /// says nothing about its size) the limit plus one.
    #[error("Filen er på minst {size} byte, over grensen på {limit} byte. Er det riktig fil?")]
    TooLarge { size: u64, limit: u64 },
    #[error("Filen er ikke gyldig UTF-8-tekst (feil ved byte {at}). Er det riktig fil?")]
    NotText { at: usize },
    #[error("Filen er tom")]
    Empty,
    #[error("Feil i filen på linje {line}, kolonne {column}: {message}")]
    Syntax { line: usize, column: usize, message: String },
    /// A field Samkart does not know (a misspelling, or a newer version's): refused, because
    /// the next save would drop it without a word.
    #[error(
        "ukjent felt «{field}» i {place} (linje {line}:{column}){}. Samkart kjenner ikke feltet og ville ha mistet det ved neste lagring: rett navnet i filen.",
        .suggestion.map(|s| format!(" — mente du «{s}»?")).unwrap_or_default()
    )]
    UnknownField {
        line: usize,
        column: usize,
        field: String,
        place: String,
        suggestion: Option<&'static str>,
    },
    #[error("Filen mangler «version», så den er ikke et Samkart-register")]
    NoVersion,
    #[error(
        "Filen har format {found}, men denne utgaven av Samkart kan bare lese til og med {supported}. Oppdater Samkart."
    )]
    TooNew { found: u32, supported: u32 },
    #[error("Filen har format {found}, som er for gammelt; eldste som kan leses er {oldest}")]
    TooOld { found: u32, oldest: u32 },
}

impl LoadError {
    /// Line and column for syntax errors.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            Self::Syntax { line, column, .. } | Self::UnknownField { line, column, .. } => {
                Some((*line, *column))
            }
            _ => None,
        }
    }
}

/// Why a register could not be saved. The file on disk is then unchanged.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(
        "Registeret lagres akkurat nå av {holder}. Prøv igjen om litt. Står det slik i flere minutter, ble låsen trolig etterlatt av et program som stoppet: sjekk at ingen lagrer, og slett da låsefilen {}.",
        .lock.display()
    )]
    Locked { holder: lock::Holder, lock: PathBuf },
    #[error(
        "Registeret er låst, men låsefilen sier ikke av hvem. Prøv igjen om litt. Står det slik i flere minutter, sjekk at ingen lagrer, og slett da låsefilen {}.",
        .lock.display()
    )]
    LockedUnknown { lock: PathBuf },
    #[error("Kunne ikke skrive {}: {}", .path.display(), crate::messages::io(.source))]
    Io { path: PathBuf, source: std::io::Error },
    #[error(
        "{} er skrivebeskyttet, så ingenting er lagret der. Gjør filen skrivbar, eller lagre en kopi et annet sted.",
        .path.display()
    )]
    ReadOnly { path: PathBuf },
    #[error("{} er ikke en vanlig fil (men en kø, en enhet eller lignende), så et register kan ikke lagres der.", .path.display())]
    NotAFile { path: PathBuf },
    #[error(
        "Registeret ville blitt {size} byte, over grensen på {limit} byte for filer Samkart kan åpne, så ingenting er lagret. Fjern poster eller lange tekster."
    )]
    TooLarge { size: u64, limit: u64 },
    #[error(
        "{path} er åpen i et annet program (for eksempel Excel, et antivirusprogram eller OneDrive), så den kunne ikke erstattes. Endringene dine er ikke lagret, men de er ikke tapt: lukk filen i det andre programmet og lagre på nytt, eller bruk «Lagre som…»."
    )]
    HeldOpen { path: PathBuf },
}

impl SaveError {
    /// What the window adds to the message: it has «Lagre som…», the command line has not.
    pub fn window_advice(&self) -> Option<&'static str> {
        match self {
            Self::ReadOnly { .. } | Self::NotAFile { .. } => {
                Some("Bruk «Lagre som…» for å lagre en kopi et annet sted.")
            }
            _ => None,
        }
    }

    /// Why the write lock of the register at `register` could not be taken, naming the
    /// lock file so the user can remove one that was left behind.
    pub(crate) fn from_lock(e: lock::LockError, register: &Path) -> Self {
        let lock = lock::lock_path(register);
        match e {
            lock::LockError::Held(holder) => Self::Locked { holder, lock },
            lock::LockError::HeldUnknown => Self::LockedUnknown { lock },
            lock::LockError::Io(source) => Self::Io { path: lock, source },
        }
    }
}

/// Reads the bytes of a register file. Only a regular file is read (after following
/// links): a FIFO would wait for ever for a writer, a device such as `/dev/zero` never ends.
/// Reading stops at [`MAX_FILE_BYTES`] whatever the file system says about the size.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    let io = |source| LoadError::Io { path: path.to_owned(), source };
    let meta = fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(LoadError::IsDirectory { path: path.to_owned() });
    }
    if !meta.is_file() {
        return Err(LoadError::NotAFile { path: path.to_owned() });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { size: meta.len(), limit: MAX_FILE_BYTES });
    }
    let file = fs::File::open(path).map_err(io)?;
    // The name may have been given to something else between the look and the open.
    if !file.metadata().map_err(io)?.is_file() {
        return Err(LoadError::NotAFile { path: path.to_owned() });
    }
    read_to_limit(file, MAX_FILE_BYTES)
        .map_err(io)?
        .ok_or(LoadError::TooLarge { size: MAX_FILE_BYTES + 1, limit: MAX_FILE_BYTES })
}

/// Reads all of `reader`, or `None` as soon as it has given more than `limit` bytes.
pub(crate) fn read_to_limit(reader: impl std::io::Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// Parses bytes read from a register file.
pub fn parse_bytes(bytes: &[u8]) -> Result<Register, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| LoadError::NotText { at: e.valid_up_to() })?;
    parse(text)
}

/// Loads a register file. Only reads: the file is never touched.
pub fn load(path: &Path) -> Result<Register, LoadError> {
    parse_bytes(&read_bytes(path)?)
}

/// As [`load`], with the [`commit::content_hash`] of the bytes read, so that the first save
/// can tell without parsing the file again that nobody else has saved since.
pub fn load_hashed(path: &Path) -> Result<(Register, u64), LoadError> {
    let bytes = read_bytes(path)?;
    let register = parse_bytes(&bytes)?;
    Ok((register, commit::content_hash(&bytes)))
}

/// Saves atomically: the text goes to a temporary file in the same folder, is flushed to
/// disk, and is renamed over the original, so a crash leaves either the old or the new file.
/// The previous file is first copied to `backups/`, which keeps the last [`BACKUPS_KEPT`].
/// The write lock is held for the duration.
pub fn save(path: &Path, register: &Register) -> Result<(), SaveError> {
    save_text(path, &to_text(register))
}

/// As [`save`], with the text already made.
pub fn save_text(path: &Path, text: &str) -> Result<(), SaveError> {
    save_text_with(path, text, &mut |file, bytes| file.write_all(bytes))
}

/// How the bytes reach the temporary file. [`save_text`] uses `write_all`; tests pass a
/// writer that fails part-way to stand in for a full disk or a lost permission.
pub type Writer<'a> = dyn FnMut(&mut fs::File, &[u8]) -> std::io::Result<()> + 'a;

/// As [`save_text`], writing the temporary file through `write`. Whatever fails, the file
/// at `path` is left as it was and no temporary file is left behind.
pub fn save_text_with(path: &Path, text: &str, write: &mut Writer) -> Result<(), SaveError> {
    // Through a symbolic link, the file it points to is written, and locked.
    let path =
        &paths::follow_links(path).map_err(|source| SaveError::Io { path: path.to_owned(), source })?;
    check_writable(path)?;
    let lock = lock::acquire(path).map_err(|e| SaveError::from_lock(e, path))?;
    write_locked(&lock, path, text, write)
}

/// Refuses a read-only file up front (the window adds advice to use «Lagre som…»). (The
/// permission bits are checked by hand because an administrator's process could otherwise
/// replace a file its owner marked read-only.)
pub(crate) fn check_writable(path: &Path) -> Result<(), SaveError> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(SaveError::Io {
            path: path.to_owned(),
            source: std::io::Error::other("det er en mappe, ikke en fil"),
        }),
        Ok(meta) if !meta.is_file() => Err(SaveError::NotAFile { path: path.to_owned() }),
        Ok(meta) if meta.permissions().readonly() => Err(SaveError::ReadOnly { path: path.to_owned() }),
        _ => Ok(()),
    }
}

/// The atomic write itself; the caller holds the write lock.
pub(crate) fn write_locked(
    _lock: &lock::WriteLock,
    path: &Path,
    text: &str,
    write: &mut Writer,
) -> Result<(), SaveError> {
    let io = |source: std::io::Error| {
        if source.kind() == std::io::ErrorKind::PermissionDenied {
            SaveError::ReadOnly { path: path.to_owned() }
        } else {
            SaveError::Io { path: path.to_owned(), source }
        }
    };
    within_limit(text)?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    remove_leftover_temps(&dir, &name);

    let mut tmp = new_temp_file(&dir, &name).map_err(io)?;
    write(tmp.as_file_mut(), text.as_bytes()).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    // Keep the permissions of the file we replace.
    if let Ok(meta) = fs::metadata(path) {
        let _ = fs::set_permissions(tmp.path(), meta.permissions());
    }

    if path.exists() {
        backup(path).map_err(io)?;
    }
    replace::persist(tmp, path).map_err(|e| {
        if replace::held_open(&e) { SaveError::HeldOpen { path: path.to_owned() } } else { io(e) }
    })?;
    sync_dir(&dir);
    Ok(())
}

/// Refuses a text that would make a register file Samkart then refuses to open.
fn within_limit(text: &str) -> Result<(), SaveError> {
    let limit = file_limit();
    let size = text.len() as u64;
    if size > limit { Err(SaveError::TooLarge { size, limit }) } else { Ok(()) }
}

#[cfg(test)]
thread_local! {
    /// The file limit a unit test saves under (the real one needs a gigabyte of text).
    static TEST_FILE_LIMIT: std::cell::Cell<u64> = const { std::cell::Cell::new(MAX_FILE_BYTES) };
}

fn file_limit() -> u64 {
    #[cfg(test)]
    return TEST_FILE_LIMIT.with(|l| l.get());
    #[cfg(not(test))]
    MAX_FILE_BYTES
}

/// A new temporary file `.NAME.XXXXXX.tmp` in `dir`, created with the permissions the user's
/// umask gives any new file (0644 under umask 022), as an editor would, rather than a
/// private 0600.
pub(crate) fn new_temp_file(dir: &Path, name: &str) -> std::io::Result<tempfile::NamedTempFile> {
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Removes temporary files that a writer killed mid-save left behind. Only called under the
/// write lock, when no other writer can be using one.
fn remove_leftover_temps(dir: &Path, name: &str) {
    let prefix = format!(".{name}.");
    if let Ok(rd) = fs::read_dir(dir) {
        for entry in rd.filter_map(|e| e.ok()) {
            let file = entry.file_name();
            let file = file.to_string_lossy();
            if file.starts_with(&prefix) && file.ends_with(".tmp") {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

fn sync_dir(dir: &Path) {
    // Make the rename itself durable. Not possible (nor needed) on every platform.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// The backup folder beside a register file.
pub fn backup_dir(path: &Path) -> PathBuf {
    path.parent().unwrap_or(Path::new(".")).join("backups")
}

/// Copies the current file into `backups/` as `STEM-YYYYMMDD-HHMMSS-N.ron`, then removes
/// the oldest copies beyond [`BACKUPS_KEPT`].
fn backup(path: &Path) -> std::io::Result<()> {
    let dir = backup_dir(path);
    fs::create_dir_all(&dir)?;
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = path.extension().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "ron".into());
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    // Several saves in one second get increasing counters, so that names sort by age even
    // after rotation has removed the oldest of them.
    let same_second = format!("{stem}-{stamp}-");
    let next = list_backups(path)?
        .iter()
        .filter_map(|p| p.file_stem()?.to_str()?.strip_prefix(&same_second)?.parse::<u32>().ok())
        .max()
        .map_or(0, |n| n + 1);
    let target = dir.join(format!("{stem}-{stamp}-{next:03}.{ext}"));
    if let Err(e) = fs::copy(path, &target) {
        // A half-written backup must not push a good one out of the rotation.
        let _ = fs::remove_file(&target);
        return Err(e);
    }
    let mut existing = list_backups(path)?;
    while existing.len() > BACKUPS_KEPT {
        fs::remove_file(existing.remove(0))?;
    }
    Ok(())
}

/// The backups of a register, oldest first.
pub fn list_backups(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    let dir = backup_dir(path);
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!("{stem}-");
    let mut out: Vec<PathBuf> = match fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| {
                p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    n.strip_prefix(&prefix).is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
                })
            })
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    out.sort();
    Ok(out)
}

/// Where Samkart keeps its data: `$SAMKART_HOME` if set, else the platform data directory
/// (`~/.local/share/samkart` on Linux, `%APPDATA%\Samkart\data` on Windows,
/// `~/Library/Application Support/no.Samkart.Samkart` on macOS).
pub fn data_dir() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("SAMKART_HOME").filter(|h| !h.is_empty()) {
        return Some(PathBuf::from(home));
    }
    directories::ProjectDirs::from("no", "Samkart", "Samkart").map(|d| d.data_dir().to_owned())
}

/// The default register file: `register.ron` in [`data_dir`].
pub fn default_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join("register.ron"))
}

/// Makes sure the default register exists, creating it from the bundled example on first
/// run. Returns its path. An existing file is never touched.
pub fn ensure_default() -> Result<PathBuf, SaveError> {
    let path = default_path().ok_or_else(|| SaveError::Io {
        path: PathBuf::from("register.ron"),
        source: std::io::Error::other("fant ingen datamappe for brukeren"),
    })?;
    if !path.exists() {
        let dir = path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(|source| SaveError::Io { path: dir.to_owned(), source })?;
        save_text(&path, EXAMPLE)?;
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_stops_at_the_limit_whatever_the_size_says() {
        // An endless reader, as /dev/zero is, or a file that grows while it is read.
        assert_eq!(read_to_limit(std::io::repeat(0), 1024 * 1024).unwrap(), None);
        assert_eq!(read_to_limit(&b"abc"[..], 3).unwrap(), Some(b"abc".to_vec()));
        assert_eq!(read_to_limit(&b"abcd"[..], 3).unwrap(), None);
    }

    #[test]
    fn a_save_over_the_file_limit_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("register.ron");
        let reg = parse(EXAMPLE).unwrap();
        save(&path, &reg).unwrap();
        let before = fs::read(&path).unwrap();
        let listing = || {
            let mut names: Vec<String> = fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        let files_before = listing();
        let backups_before = list_backups(&path).unwrap();
        TEST_FILE_LIMIT.with(|l| l.set(before.len() as u64 + 10));
        let mut bigger = reg.clone();
        bigger.contacts[0].note = "Lang merknad. ".repeat(20);
        let err = save(&path, &bigger).unwrap_err();
        assert!(matches!(err, SaveError::TooLarge { .. }), "{err}");
        assert!(err.to_string().contains("ingenting er lagret"), "{err}");
        let err = commit::save_merging(&path, &reg, &bigger).unwrap_err();
        assert!(matches!(err, commit::CommitError::Save(SaveError::TooLarge { .. })), "{err}");
        TEST_FILE_LIMIT.with(|l| l.set(MAX_FILE_BYTES));
        assert_eq!(fs::read(&path).unwrap(), before);
        assert_eq!(listing(), files_before, "no temporary or lock file left");
        assert_eq!(list_backups(&path).unwrap(), backups_before, "no backup made");
        save(&path, &bigger).expect("under the real limit it saves");
    }
}
