//! `cargo xtask dist [windows|linux]`: builds Samkart's packages for users into `target/dist/`:
//!
//! - `samkart-VERSION-windows-x64-setup.exe`, a per-user installer: the release build for
//!   `x86_64-pc-windows-gnu` (mingw's linker, no Windows needed), packed by NSIS's `makensis`
//!   with `packaging/windows/samkart.nsi`;
//! - `samkart_VERSION_amd64.deb`: the Linux release build, packed by `dpkg-deb` with the
//!   control file and copyright in `packaging/linux/`; `dpkg-shlibdeps` names the C
//!   libraries the binary links, the control file the ones the window loads at run time.
//!
//! Needs: `rustup target add x86_64-pc-windows-gnu`, Debian's `gcc-mingw-w64-x86-64` and
//! `nsis`, and `dpkg-dev`. The Linux binary is the ordinary `target/release/samkart`, so
//! other steps that need a release build reuse it.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const WINDOWS_TARGET: &str = "x86_64-pc-windows-gnu";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (windows, linux) = match args.as_slice() {
        ["dist"] => (true, true),
        ["dist", "windows"] => (true, false),
        ["dist", "linux"] => (false, true),
        _ => {
            eprintln!("Bruk: cargo xtask dist [windows|linux]");
            return ExitCode::from(2);
        }
    };
    match dist(windows, linux) {
        Ok(made) => {
            for file in made {
                println!("{}", file.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cargo xtask dist: {e}");
            ExitCode::FAILURE
        }
    }
}

type Result<T> = std::result::Result<T, String>;

fn dist(windows: bool, linux: bool) -> Result<Vec<PathBuf>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().ok_or("xtask ligger ikke i et prosjekt")?;
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let target = if target.is_absolute() { target } else { root.join(target) };
    let version = version(root)?;
    let out = target.join("dist");
    std::fs::create_dir_all(&out).map_err(|e| format!("kunne ikke lage {}: {e}", out.display()))?;
    let mut made = Vec::new();
    if windows {
        made.push(windows_installer(root, &target, &out, &version)?);
    }
    if linux {
        made.push(deb(root, &target, &out, &version)?);
    }
    Ok(made)
}

/// The package's version, as cargo reads it (`path+file:///…#samkart@0.1.0`).
fn version(root: &Path) -> Result<String> {
    let id = output(Command::new(cargo()).current_dir(root).args(["pkgid", "--package", "samkart"]))?;
    let id = id.trim();
    let version = id.rsplit(['@', '#']).next().unwrap_or_default();
    if version.is_empty() || !version.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(format!("fant ikke versjonen i «{id}»"));
    }
    Ok(version.to_owned())
}

fn windows_installer(root: &Path, target: &Path, out: &Path, version: &str) -> Result<PathBuf> {
    run(Command::new(cargo()).current_dir(root).args([
        "build",
        "--release",
        "--package",
        "samkart",
        "--target",
        WINDOWS_TARGET,
    ]))
    .map_err(|e| {
        format!("{e}\n(Trenger `rustup target add {WINDOWS_TARGET}` og Debians gcc-mingw-w64-x86-64.)")
    })?;
    let built = target.join(WINDOWS_TARGET).join("release").join("samkart.exe");
    // The installed exe without its symbol table, as the Linux binary in the .deb.
    let stage = target.join(WINDOWS_TARGET).join("dist");
    std::fs::create_dir_all(&stage).map_err(|e| format!("kunne ikke lage {}: {e}", stage.display()))?;
    let exe = stage.join("samkart.exe");
    run(Command::new("x86_64-w64-mingw32-strip").arg("-o").arg(&exe).arg(&built))?;

    let setup = out.join(format!("samkart-{version}-windows-x64-setup.exe"));
    run(Command::new("makensis")
        .current_dir(root)
        .arg("-V2")
        .arg("-WX")
        .arg(format!("-DVERSION={version}"))
        .arg(format!("-DVERSION4={}", four_part(version)?))
        .arg(define("EXE", &exe)?)
        .arg(define("ICON", &root.join("assets").join("samkart.ico"))?)
        .arg(define("OUTFILE", &setup)?)
        .arg(root.join("packaging").join("windows").join("samkart.nsi")))
    .map_err(|e| format!("{e}\n(Trenger Debians nsis.)"))?;
    Ok(setup)
}

fn deb(root: &Path, target: &Path, out: &Path, version: &str) -> Result<PathBuf> {
    // The same command as a plain release build, so target/release/samkart is shared with it.
    run(Command::new(cargo()).current_dir(root).args(["build", "--release", "--package", "samkart"]))?;
    let stage = target.join("deb").join(format!("samkart_{version}_amd64"));
    if stage.exists() {
        std::fs::remove_dir_all(&stage).map_err(|e| format!("kunne ikke tømme {}: {e}", stage.display()))?;
    }
    let usr = stage.join("usr");
    let bin = usr.join("bin").join("samkart");
    let files: [(PathBuf, PathBuf); 4] = [
        (root.join("assets/samkart.desktop"), usr.join("share/applications/samkart.desktop")),
        (root.join("assets/samkart.png"), usr.join("share/icons/hicolor/256x256/apps/samkart.png")),
        (root.join("README.md"), usr.join("share/doc/samkart/README.md")),
        (root.join("packaging/linux/copyright"), usr.join("share/doc/samkart/copyright")),
    ];
    create_parent(&bin)?;
    run(Command::new("strip").arg("-o").arg(&bin).arg(target.join("release").join("samkart")))
        .map_err(|e| format!("{e}\n(Trenger Debians binutils.)"))?;
    set_mode(&bin, 0o755)?;
    for (from, to) in &files {
        create_parent(to)?;
        std::fs::copy(from, to).map_err(|e| format!("kunne ikke kopiere {}: {e}", from.display()))?;
        set_mode(to, 0o644)?;
    }

    let control = std::fs::read_to_string(root.join("packaging/linux/control"))
        .map_err(|e| format!("kunne ikke lese packaging/linux/control: {e}"))?
        .replace("@VERSION@", version)
        .replace("@INSTALLED_SIZE@", &installed_kib(&usr)?.to_string())
        .replace("@DEPENDS@", &shlib_depends(target, &bin)?);
    let debian = stage.join("DEBIAN");
    std::fs::create_dir_all(&debian).map_err(|e| format!("kunne ikke lage {}: {e}", debian.display()))?;
    std::fs::write(debian.join("control"), control).map_err(|e| format!("kunne ikke skrive control: {e}"))?;

    let deb = out.join(format!("samkart_{version}_amd64.deb"));
    run(Command::new("dpkg-deb").args(["--root-owner-group", "-Zxz", "--build"]).arg(&stage).arg(&deb))
        .map_err(|e| format!("{e}\n(Trenger Debians dpkg-dev.)"))?;
    Ok(deb)
}

/// The C libraries the binary links, as Debian names them (`libc6 (>= 2.35), …`):
/// `dpkg-shlibdeps` reads them from the binary, in a scratch folder with the minimal
/// `debian/control` it asks for.
fn shlib_depends(target: &Path, binary: &Path) -> Result<String> {
    let scratch = target.join("deb").join("shlibdeps");
    std::fs::create_dir_all(scratch.join("debian"))
        .map_err(|e| format!("kunne ikke lage {}: {e}", scratch.display()))?;
    std::fs::write(
        scratch.join("debian/control"),
        "Source: samkart\n\nPackage: samkart\nArchitecture: amd64\n",
    )
    .map_err(|e| format!("kunne ikke skrive debian/control: {e}"))?;
    let found = output(Command::new("dpkg-shlibdeps").current_dir(&scratch).arg("-O").arg(binary))
        .map_err(|e| format!("{e}\n(Trenger Debians dpkg-dev.)"))?;
    let depends = found
        .lines()
        .find_map(|line| line.strip_prefix("shlibs:Depends="))
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .ok_or_else(|| format!("dpkg-shlibdeps fant ingen biblioteker: «{}»", found.trim()))?;
    Ok(depends.to_owned())
}

/// What the package takes on disk, in KiB, for the control file's Installed-Size.
fn installed_kib(dir: &Path) -> Result<u64> {
    let mut kib = 0;
    for entry in std::fs::read_dir(dir).map_err(|e| format!("kunne ikke lese {}: {e}", dir.display()))? {
        let path = entry.map_err(|e| format!("kunne ikke lese {}: {e}", dir.display()))?.path();
        let meta = std::fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        kib += if meta.is_dir() { installed_kib(&path)? } else { meta.len().div_ceil(1024) };
    }
    Ok(kib)
}

fn create_parent(path: &Path) -> Result<()> {
    let parent = path.parent().ok_or_else(|| format!("{} har ingen mappe", path.display()))?;
    std::fs::create_dir_all(parent).map_err(|e| format!("kunne ikke lage {}: {e}", parent.display()))
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| format!("kunne ikke sette rettighetene på {}: {e}", path.display()))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> Result<()> {
    Err("Linux-pakken bygges på Linux".into())
}

/// Windows wants a version of four numbers in the exe's properties: 0.1.0 → 0.1.0.0.
fn four_part(version: &str) -> Result<String> {
    let numbers: Vec<&str> = version.split(['-', '+']).next().unwrap_or_default().split('.').collect();
    if numbers.len() != 3 || numbers.iter().any(|n| n.parse::<u16>().is_err()) {
        return Err(format!("versjonen «{version}» er ikke tre tall"));
    }
    Ok(format!("{}.0", numbers.join(".")))
}

fn define(name: &str, path: &Path) -> Result<String> {
    let path = path.to_str().ok_or_else(|| format!("stien {} er ikke UTF-8", path.display()))?;
    Ok(format!("-D{name}={path}"))
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn run(command: &mut Command) -> Result<()> {
    let status = command.status().map_err(|e| format!("kunne ikke starte {}: {e}", show(command)))?;
    if status.success() { Ok(()) } else { Err(format!("{} feilet ({status})", show(command))) }
}

fn output(command: &mut Command) -> Result<String> {
    let out = command.output().map_err(|e| format!("kunne ikke starte {}: {e}", show(command)))?;
    if !out.status.success() {
        return Err(format!(
            "{} feilet ({}): {}",
            show(command),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("{}: {e}", show(command)))
}

fn show(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_get_a_fourth_number_for_windows() {
        assert_eq!(four_part("0.1.0").unwrap(), "0.1.0.0");
        assert_eq!(four_part("1.12.3-beta.1").unwrap(), "1.12.3.0");
        assert!(four_part("1.2").is_err());
        assert!(four_part("1.2.70000").is_err());
    }
}
