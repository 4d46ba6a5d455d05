//! `samkart bench`: how fast Samkart is on a register of a given size, as one JSON object.
//!
//! For each size a synthetic register ([`crate::r#gen`]) is written to a temporary folder
//! and measured in a fresh process (so that the peak memory belongs to that size alone):
//! the steps a user waits for — load, validate, review, save, building the search index,
//! searching, drawing a frame — and the
//! reference figures that put them in context: reading the bytes (the floor), parsing the
//! same register as JSON with serde_json (a fast deserialiser on the same data) and a naive
//! search that lower-cases and scans every text field on each keystroke.
//!
//! Every timing gives the median wall-clock time and, on Unix, the median CPU time of the
//! measuring thread (`CLOCK_THREAD_CPUTIME_ID`): on a shared machine the CPU time stays
//! put while the wall-clock time follows the neighbours' load.
//!
//! The frame timings build an `egui::Context` without a window and run the real
//! [`crate::ui::App`] through `run_ui` and `tessellate`, as eframe would.

use crate::model::{Register, validate::validate};
use crate::store;
use crate::ui::command::View;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::Path;

mod frames;
mod naive;
mod timing;
pub use frames::FrameRig;
pub use naive::{for_each_text, keystrokes, naive_search};
pub use timing::{measure, measure_with_setup, peak_rss_mb};

/// The sizes measured when none are given.
pub const DEFAULT_SIZES: [usize; 3] = [1_000, 100_000, 300_000];

/// The query typed letter by letter: a common surname, six letters.
pub const QUERY: &str = "haugen";

/// What Søk shows while its frames are timed: a query every size has a full page of hits
/// for («haugen» has 4 at 1,000 records, which would compare 4 rows with 30).
pub const FRAME_QUERY: &str = "a";

/// Typed letter by letter with corrections and synonyms at work: an old title
/// (helsesøster → helsesykepleier, two edits allowed from nine letters) and a surname.
pub const FUZZY_QUERY: &str = "helsesøster haugen";

/// The targets at the largest size (see `docs/PERFORMANCE.md`).
pub const TARGET_LOAD_MS: f64 = 2_000.0;
pub const TARGET_SAVE_MS: f64 = 2_000.0;
pub const TARGET_REVIEW_MS: f64 = 1_000.0;
pub const TARGET_SEARCH_MS: f64 = 2.0;
/// The index must beat the naive scan at least this many times.
pub const TARGET_SEARCH_SPEEDUP: f64 = 20.0;
pub const TARGET_PEAK_MB: f64 = 1_536.0;
/// A frame at the largest size may take at most this many times the smallest size's frame.
pub const TARGET_FRAME_RATIO: f64 = 2.0;

/// What to measure and how often.
#[derive(Clone, Debug)]
pub struct Options {
    pub sizes: Vec<usize>,
    pub seed: u64,
    /// Runs of each step; the median is reported.
    pub repeats: usize,
    /// Frames timed per view, after warm-up.
    pub frames: usize,
    /// The day validation checks dates against.
    pub today: NaiveDate,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            sizes: DEFAULT_SIZES.to_vec(),
            seed: crate::r#gen::DEFAULT_SEED,
            repeats: 3,
            frames: 20,
            today: chrono::Local::now().date_naive(),
        }
    }
}

/// One step, run `runs` times.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Timing {
    /// Median wall-clock time.
    pub wall_ms: f64,
    /// Median CPU time of the measuring thread; `null` where the OS does not tell.
    pub cpu_ms: Option<f64>,
    /// Fastest wall-clock run: the least disturbed by other processes.
    pub min_wall_ms: f64,
    pub runs: usize,
}

/// A search typed letter by letter: one timing per keystroke.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Keystrokes {
    /// Median time for each prefix of [`QUERY`] ("h", "ha", … "haugen").
    pub per_key_ms: Vec<f64>,
    pub mean_ms: f64,
    pub max_ms: f64,
    /// Records matching the whole query (the same for every search method).
    pub hits: usize,
}

/// The parts of a load, timed separately: a profile for whoever makes load faster.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LoadParts {
    pub utf8_check: Timing,
    /// Deserialising only `version` — ron still walks the whole text to skip the rest.
    pub version_probe: Timing,
    /// Deserialising the whole `Register` from the text.
    pub ron_parse: Timing,
}

/// Times the parts of `store::parse_bytes` one by one.
pub fn load_parts(bytes: &[u8], runs: usize) -> Result<LoadParts, String> {
    #[derive(Deserialize)]
    struct VersionProbe {
        #[allow(dead_code)]
        version: Option<u32>,
    }
    let options =
        || ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let (text, utf8_check) = measure(runs, || std::str::from_utf8(bytes));
    let text = text.map_err(|e| e.to_string())?;
    let (probe, version_probe) = measure(runs, || options().from_str::<VersionProbe>(text).is_ok());
    let (parsed, ron_parse) =
        measure(runs, || options().from_str::<Register>(text).map(|r| r.total_records()));
    if !probe || parsed.is_err() {
        return Err("RON-teksten kunne ikke tolkes".into());
    }
    Ok(LoadParts { utf8_check, version_probe, ron_parse })
}

/// Frames of one view.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FrameTiming {
    /// Median CPU time of one frame (`run_ui` + `tessellate`).
    pub cpu_ms: Option<f64>,
    /// Median wall-clock time of one frame.
    pub wall_ms: f64,
    pub max_wall_ms: f64,
    pub frames: usize,
    /// Triangle meshes in the last frame: shows the view drew something.
    pub primitives: usize,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Frames {
    pub search: FrameTiming,
    pub contacts: FrameTiming,
    pub map: FrameTiming,
    /// An edit in Kontakter and the frame that shows it.
    pub edit: EditTiming,
}

/// What the user waits for after saving a record in the editor: the edit applied through
/// the undo history and the next frame of Kontakter (wall-clock, median of the edits).
/// `settled_ms` runs until the review and the search index are current again, which for
/// large registers happens on a worker thread while the window stays responsive.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EditTiming {
    pub frame_ms: f64,
    pub max_frame_ms: f64,
    pub settled_ms: f64,
    pub edits: usize,
}

/// Everything measured at one size.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SizeReport {
    pub records: usize,
    pub file_bytes: u64,
    /// Reading the file's bytes: the floor for load (warm page cache).
    pub read_bytes: Timing,
    /// `store::load`: read, check UTF-8 and version, parse RON.
    pub load: Timing,
    /// Where load's time goes, each part on its own (the same ron options as `store`).
    pub load_parts: LoadParts,
    /// `store::save` over an existing file: clone and sort, write RON, fsync, back up the
    /// old file, rename.
    pub save: Timing,
    /// `store::to_text` alone (clone, sort, serialise): the part of save that is not disk.
    pub save_to_text: Timing,
    /// «Lagre» in the window (`Doc::save`): lock, check by hash that nobody else saved,
    /// write as `save` does, and keep a copy as the base of the next merge.
    pub app_save: Timing,
    pub validate: Timing,
    pub validate_problems: usize,
    /// `review::review`: every check, findings sorted.
    pub review: Timing,
    pub review_findings: usize,
    /// Lower-casing and substring-scanning every text field on each keystroke.
    pub naive_search: Keystrokes,
    /// `search::Index::build`: what Søk pays once per change of the register.
    pub search_build: Timing,
    /// `Index::query` with Søk's result limit, per keystroke. `hits` counts records with
    /// a word that starts with the query, its stem or a correction of it (the naive scan
    /// finds the query inside words, but no corrections).
    pub search: Keystrokes,
    /// The same for [`FUZZY_QUERY`], where typos and synonyms are looked up on every
    /// keystroke.
    #[serde(default)]
    pub search_fuzzy: Option<Keystrokes>,
    /// Naive mean over indexed mean, per keystroke.
    pub search_speedup: f64,
    pub frames: Frames,
    /// Peak resident memory (VmHWM) after loading, validating, searching, saving and
    /// drawing — the app's working set. `null` where the OS does not tell.
    pub peak_rss_mb: Option<f64>,
    /// The same register as JSON.
    pub json_bytes: usize,
    /// `serde_json::from_slice` of that JSON: a fast deserialiser on the same data.
    pub json_parse: Timing,
}

/// The machine the numbers come from.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Machine {
    pub os: String,
    pub arch: String,
    pub cpus: usize,
    pub cpu_model: Option<String>,
    pub memory_mb: Option<f64>,
    /// 1, 5 and 15 minute load averages when the run started: how busy the machine was.
    pub load_average: Option<[f64; 3]>,
}

/// A target checked against the largest size: `measured` must not exceed `limit`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Target {
    pub what: String,
    /// Which figure was checked: "cpu_ms", "min_wall_ms", "wall_ms" or "vm_hwm".
    pub basis: String,
    pub records: usize,
    pub limit: f64,
    pub measured: f64,
    pub met: bool,
}

/// The whole run: what `samkart bench` prints.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report {
    pub version: String,
    /// "release" or "debug": debug numbers say little.
    pub profile: String,
    pub seed: u64,
    pub repeats: usize,
    /// Typed letter by letter for the search timings.
    pub query: String,
    /// In Søk's field while its frames are timed.
    pub frame_query: String,
    pub machine: Machine,
    pub sizes: Vec<SizeReport>,
    pub targets: Vec<Target>,
}

// ----- one size ----------------------------------------------------------------------

/// Measures the register in `file`. Writes only beside `scratch` (a folder it may fill).
pub fn measure_file(file: &Path, scratch: &Path, opts: &Options) -> Result<SizeReport, String> {
    let runs = opts.repeats.max(1);
    let file_bytes = std::fs::metadata(file).map_err(|e| format!("{}: {e}", file.display()))?.len();

    let (_, read_bytes) = measure(runs, || store::read_bytes(file).map(|b| b.len()));
    let (loaded, load) = measure(runs, || store::load(file));
    let reg = loaded.map_err(|e| format!("{}: {e}", file.display()))?;
    let records = reg.total_records();

    let (problems, validate_t) = measure(runs, || validate(&reg, opts.today).len());

    let (findings, review) = measure(runs, || crate::review::review(&reg, opts.today, &reg.settings).len());

    let naive = keystrokes(runs, QUERY, |q| naive_search(&reg, q));
    let (index, search_build) = measure(runs, || crate::search::Index::build(&reg));
    // Index queries take microseconds: more runs, so the median is not one timer tick.
    let search = keystrokes(runs.max(3) * 10, QUERY, |q| index.query(q, crate::search::LIMIT).total);
    let fuzzy = keystrokes(runs.max(3) * 10, FUZZY_QUERY, |q| index.query(q, crate::search::LIMIT).total);
    drop(index);
    let search_speedup = naive.mean_ms / search.mean_ms.max(1e-9);

    // Every timed save overwrites an existing file, as saving in the app does.
    let target = scratch.join("lagret.ron");
    store::save(&target, &reg).map_err(|e| e.to_string())?;
    // Old backups are removed between runs (untimed): at 300,000 records each is 200 MB,
    // and the copy made during the save is what costs time, not the ones kept.
    let clear = || {
        let _ = std::fs::remove_dir_all(store::backup_dir(&target));
    };
    let (saved, save) = measure_with_setup(runs, clear, || store::save(&target, &reg));
    clear();
    saved.map_err(|e| e.to_string())?;
    let (_, save_to_text) = measure(runs, || store::to_text(&reg).len());

    let mut rig = FrameRig::new(target.clone(), reg, opts.today);
    // Søk with a query typed that fills the page at every size, so frames compare alike.
    rig.app.views.search.query = FRAME_QUERY.into();
    let frames = Frames {
        search: rig.time_view(View::Search, opts.frames),
        contacts: rig.time_view(View::Contacts, opts.frames),
        map: rig.time_view(View::Map, opts.frames),
        edit: rig.time_edit(5),
    };
    // Saving from the window: a merging save that recognises its own last write by hash
    // (the first save, untimed, learns that hash), then the copy kept as the merge base.
    let doc = rig.app.doc.as_mut().expect("the rig holds the register");
    doc.save().map_err(|e| e.to_string())?;
    let (app_saved, app_save) = measure_with_setup(runs, clear, || doc.save());
    clear();
    app_saved.map_err(|e| e.to_string())?;

    // The app's working set is complete here; the JSON reference below would add to it.
    let peak_rss_mb = peak_rss_mb();

    let reg = rig.app.doc.take().map(|d| d.register).expect("the rig holds the register");
    drop(rig);
    let json = serde_json::to_vec(&reg).map_err(|e| e.to_string())?;
    drop(reg);
    let load_parts = load_parts(&store::read_bytes(file).map_err(|e| e.to_string())?, runs)?;
    let (parsed, json_parse) = measure(runs, || serde_json::from_slice::<Register>(&json));
    let parsed = parsed.map_err(|e| format!("JSON: {e}"))?;
    if parsed.total_records() != records {
        return Err("JSON-utgaven har et annet antall poster".into());
    }

    Ok(SizeReport {
        records,
        file_bytes,
        read_bytes,
        load,
        load_parts,
        save,
        save_to_text,
        app_save,
        validate: validate_t,
        validate_problems: problems,
        review,
        review_findings: findings,
        naive_search: naive,
        search_build,
        search,
        search_fuzzy: Some(fuzzy),
        search_speedup,
        frames,
        peak_rss_mb,
        json_bytes: json.len(),
        json_parse,
    })
}

// ----- the run -----------------------------------------------------------------------

/// Describes this machine.
pub fn machine() -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu_model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_owned());
    let load_average = std::fs::read_to_string("/proc/loadavg").ok().and_then(|t| {
        let v: Vec<f64> = t.split_whitespace().take(3).filter_map(|x| x.parse().ok()).collect();
        (v.len() == 3).then(|| [v[0], v[1], v[2]])
    });
    let memory_mb = std::fs::read_to_string("/proc/meminfo").ok().and_then(|t| {
        let line = t.lines().find(|l| l.starts_with("MemTotal:"))?;
        line["MemTotal:".len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse::<f64>()
            .ok()
            .map(|kb| kb / 1024.0)
    });
    Machine {
        os: std::env::consts::OS.into(),
        arch: std::env::consts::ARCH.into(),
        cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
        cpu_model,
        memory_mb,
        load_average,
    }
}

/// The targets, checked at the largest size against the figures measured there (and the
/// frame times against those of the smallest size).
pub fn targets(sizes: &[SizeReport]) -> Vec<Target> {
    let (Some(small), Some(large)) =
        (sizes.iter().min_by_key(|s| s.records), sizes.iter().max_by_key(|s| s.records))
    else {
        return Vec::new();
    };
    let n = large.records;
    // A minimum, not a maximum.
    let speedup = Target {
        what: "search_speedup".into(),
        basis: "naive_mean_over_index_mean".into(),
        records: n,
        limit: TARGET_SEARCH_SPEEDUP,
        measured: large.search_speedup,
        met: large.search_speedup >= TARGET_SEARCH_SPEEDUP,
    };
    let mut out = Vec::new();
    let mut max = |what: &str, basis: &str, limit: f64, measured: f64| {
        out.push(Target {
            what: what.into(),
            basis: basis.into(),
            records: n,
            limit,
            measured,
            met: measured <= limit,
        });
    };
    // CPU-bound steps are judged on CPU time: on a shared machine the wall clock mostly
    // measures the neighbours, and on a quiet one the two agree (the file is in the page
    // cache). Save waits for the disk (fsync), so it is judged on its fastest wall time.
    let cpu_or_wall = |t: &Timing| t.cpu_ms.map_or(("min_wall_ms", t.min_wall_ms), |c| ("cpu_ms", c));
    let (basis, v) = cpu_or_wall(&large.load);
    max("load_ms", basis, TARGET_LOAD_MS, v);
    max("save_ms", "min_wall_ms", TARGET_SAVE_MS, large.save.min_wall_ms);
    let (basis, v) = cpu_or_wall(&large.review);
    max("review_ms", basis, TARGET_REVIEW_MS, v);
    max("search_ms_per_key", "wall_ms", TARGET_SEARCH_MS, large.search.max_ms);
    if let Some(fuzzy) = &large.search_fuzzy {
        max("search_fuzzy_ms_per_key", "wall_ms", TARGET_SEARCH_MS, fuzzy.max_ms);
    }
    if let Some(peak) = large.peak_rss_mb {
        max("peak_rss_mb", "vm_hwm", TARGET_PEAK_MB, peak);
    }
    if small.records < large.records {
        for (view, s, l) in [
            ("search", &small.frames.search, &large.frames.search),
            ("contacts", &small.frames.contacts, &large.frames.contacts),
            ("map", &small.frames.map, &large.frames.map),
        ] {
            // CPU time where known: it is what the view costs, whatever the neighbours do.
            let (basis, a, b) = match (s.cpu_ms, l.cpu_ms) {
                (Some(a), Some(b)) => ("cpu_ms", a, b),
                _ => ("wall_ms", s.wall_ms, l.wall_ms),
            };
            max(&format!("frame_ratio_{view}"), basis, TARGET_FRAME_RATIO, b / a.max(1e-6));
        }
    }
    out.push(speedup);
    out
}

/// Measures every size. `child` is the `samkart` executable to measure each size in its own
/// process (so each gets its own peak memory); `None` measures in this process.
pub fn run(
    opts: &Options,
    child: Option<&Path>,
    progress: &mut dyn std::io::Write,
) -> Result<Report, String> {
    let machine = machine();
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut sizes = Vec::new();
    for &n in &opts.sizes {
        let _ = writeln!(progress, "Lager et register med {n} poster …");
        let file = dir.path().join(format!("register-{n}.ron"));
        store::save(&file, &crate::r#gen::generate(n, opts.seed)).map_err(|e| e.to_string())?;
        let _ = writeln!(progress, "Måler {n} poster …");
        let report = match child {
            Some(exe) => measure_in_child(exe, &file, opts)?,
            None => {
                let scratch = dir.path().join(format!("mål-{n}"));
                std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
                measure_file(&file, &scratch, opts)?
            }
        };
        sizes.push(report);
    }
    Ok(finish(opts, machine, sizes))
}

/// Wraps measured sizes into a report with the targets checked.
pub fn finish(opts: &Options, machine: Machine, sizes: Vec<SizeReport>) -> Report {
    Report {
        version: env!("CARGO_PKG_VERSION").into(),
        profile: if cfg!(debug_assertions) { "debug" } else { "release" }.into(),
        seed: opts.seed,
        repeats: opts.repeats,
        query: QUERY.into(),
        frame_query: FRAME_QUERY.into(),
        machine,
        targets: targets(&sizes),
        sizes,
    }
}

fn measure_in_child(exe: &Path, file: &Path, opts: &Options) -> Result<SizeReport, String> {
    let out = std::process::Command::new(exe)
        .arg("bench")
        .arg("--file")
        .arg(file)
        .args(["--repeats", &opts.repeats.to_string(), "--frames", &opts.frames.to_string()])
        .args(["--today", &opts.today.to_string()])
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("{}: {e}", exe.display()))?;
    if !out.status.success() {
        return Err(format!("målingen av {} feilet ({})", file.display(), out.status));
    }
    let report: Report =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("svar fra målingen: {e}"))?;
    report.sizes.into_iter().next().ok_or_else(|| "målingen ga ingen tall".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn naive_search_counts_records_not_fields() {
        use crate::model::*;
        let mut reg = Register::new("t");
        let mut s = Service::new("nav", "NAV Haugen", Sector::Nav, OwnerKind::State);
        s.description = "Kontor i Haugen sentrum".into();
        reg.services.push(s);
        reg.services.push(Service::new("bv", "Barnevernet", Sector::Barnevern, OwnerKind::Municipal));
        let mut c = Contact::new("kari", "Kari Nilsen", "Veileder", "nav");
        c.topics = vec!["haugenbarnehagen".into()];
        reg.contacts.push(c);
        reg.contacts.push(Contact::new("ola", "Ola Dahl", "Leder", "bv"));
        // Two fields of the service match, but it is one record; the topic makes two.
        assert_eq!(naive_search(&reg, "HAUGEN"), 2);
        assert_eq!(naive_search(&reg, "haugen"), 2);
        assert_eq!(naive_search(&reg, "dahl"), 1);
        assert_eq!(naive_search(&reg, "qqq"), 0);
        let example = store::parse(store::EXAMPLE).unwrap();
        assert!(naive_search(&example, "anders") >= 2);
    }

    #[test]
    fn keystrokes_time_every_prefix() {
        let mut seen = Vec::new();
        let k = keystrokes(1, "haugen", |q| {
            seen.push(q.to_owned());
            q.len()
        });
        assert_eq!(seen, ["h", "ha", "hau", "haug", "hauge", "haugen"]);
        assert_eq!(k.per_key_ms.len(), 6);
        assert_eq!(k.hits, 6);
        // Multi-byte letters are whole keystrokes.
        let mut seen = Vec::new();
        keystrokes(1, "bø", |q| {
            seen.push(q.to_owned());
            0
        });
        assert_eq!(seen, ["b", "bø"]);
    }

    #[test]
    fn measure_reports_the_median() {
        let mut n = 0u64;
        let (last, t) = measure(3, || {
            n += 1;
            std::thread::sleep(std::time::Duration::from_millis(2 * n));
            n
        });
        assert_eq!(last, 3);
        assert_eq!(t.runs, 3);
        assert!(t.wall_ms >= 4.0 && t.min_wall_ms >= 2.0 && t.min_wall_ms <= t.wall_ms, "{t:?}");
        // Sleeping costs no CPU.
        if let Some(cpu) = t.cpu_ms {
            assert!(cpu < t.wall_ms, "{t:?}");
        }
    }

    #[test]
    fn a_small_register_is_measured_end_to_end() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("r.ron");
        store::save(&file, &crate::r#gen::generate(600, 5)).unwrap();
        let opts = Options { sizes: vec![600], repeats: 1, frames: 2, today: today(), ..Options::default() };
        let r = measure_file(&file, dir.path(), &opts).unwrap();
        assert_eq!(r.records, 600);
        assert_eq!(r.file_bytes, std::fs::metadata(&file).unwrap().len());
        assert_eq!(r.validate_problems, 0);
        let findings =
            crate::review::review(&store::load(&file).unwrap(), today(), &Default::default()).len();
        assert_eq!(r.review_findings, findings);
        assert!(findings > 0, "a generated register has stale contacts and missing routines");
        assert_eq!(r.naive_search.per_key_ms.len(), QUERY.len());
        assert_eq!(r.search.per_key_ms.len(), QUERY.len());
        // Not a subset of the substring scan's hits any more: a correction finds words
        // that do not contain the query (hagen for haugen).
        assert!(r.search.hits > 0 && r.naive_search.hits > 0);
        assert!(r.search_speedup > 1.0, "{}", r.search_speedup);
        assert!(r.json_bytes > 0 && r.json_parse.wall_ms > 0.0);
        assert!(r.frames.contacts.primitives > 0 && r.frames.contacts.frames == 2);
        assert_eq!(r.frames.edit.edits, 5);
        assert!(r.frames.edit.frame_ms > 0.0 && r.frames.edit.settled_ms >= r.frames.edit.frame_ms);
        assert!(r.app_save.wall_ms > 0.0);
        if cfg!(target_os = "linux") {
            assert!(r.peak_rss_mb.unwrap() > 1.0);
        }
        // The saved copy is the same register.
        let saved = store::load(&dir.path().join("lagret.ron")).unwrap();
        assert_eq!(saved.total_records(), 600);
    }

    fn timing(ms: f64) -> Timing {
        Timing { wall_ms: ms, cpu_ms: Some(ms), min_wall_ms: ms, runs: 1 }
    }

    fn size(records: usize, load_ms: f64, frame_ms: f64) -> SizeReport {
        let frame = FrameTiming {
            cpu_ms: Some(frame_ms),
            wall_ms: frame_ms,
            max_wall_ms: frame_ms,
            frames: 1,
            primitives: 1,
        };
        SizeReport {
            records,
            file_bytes: 0,
            read_bytes: timing(1.0),
            load: timing(load_ms),
            load_parts: LoadParts {
                utf8_check: timing(1.0),
                version_probe: timing(1.0),
                ron_parse: timing(1.0),
            },
            save: timing(100.0),
            save_to_text: timing(50.0),
            app_save: timing(120.0),
            validate: timing(1.0),
            validate_problems: 0,
            review: timing(1.0),
            review_findings: 0,
            naive_search: Keystrokes { per_key_ms: vec![1.0], mean_ms: 1.0, max_ms: 1.0, hits: 0 },
            search_build: timing(1.0),
            search: Keystrokes { per_key_ms: vec![0.01], mean_ms: 0.01, max_ms: 0.02, hits: 0 },
            search_fuzzy: None,
            search_speedup: 100.0,
            frames: Frames {
                search: frame.clone(),
                contacts: frame.clone(),
                map: frame,
                edit: EditTiming { frame_ms: 5.0, max_frame_ms: 6.0, settled_ms: 10.0, edits: 1 },
            },
            peak_rss_mb: Some(100.0),
            json_bytes: 0,
            json_parse: timing(1.0),
        }
    }

    #[test]
    fn targets_are_checked_at_the_largest_size() {
        let t = targets(&[size(300_000, 2_500.0, 5.0), size(1_000, 10.0, 2.0)]);
        let get = |what: &str| t.iter().find(|t| t.what == what).unwrap();
        assert_eq!(get("load_ms").records, 300_000);
        assert!(!get("load_ms").met, "2.5 s is over the 2 s target");
        assert!(get("save_ms").met);
        assert!(get("search_ms_per_key").met && get("search_speedup").met);
        assert!(get("peak_rss_mb").met);
        let ratio = get("frame_ratio_contacts");
        assert!((ratio.measured - 2.5).abs() < 1e-9 && !ratio.met);
        // One size alone has nothing to compare frames with.
        assert!(targets(&[size(1_000, 10.0, 2.0)]).iter().all(|t| !t.what.starts_with("frame")));
    }
}
