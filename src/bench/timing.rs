//! Clocks and memory: wall-clock and thread CPU time of a call, medians over runs, and the
//! process's peak memory.

use super::Timing;
use std::time::Instant;

/// CPU time of the calling thread in nanoseconds, else `None`.
#[cfg(unix)]
pub(super) fn thread_cpu_ns() -> Option<u64> {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime only writes the timespec we hand it.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64)
}

#[cfg(not(unix))]
pub(super) fn thread_cpu_ns() -> Option<u64> {
    None
}

/// Peak resident set size of this process in MB (Linux), else `None`.
pub fn peak_rss_mb() -> Option<f64> {
    status_kb("VmHWM:").map(|kb| kb / 1024.0)
}

pub(super) fn status_kb(key: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line[key.len()..].trim().trim_end_matches("kB").trim().parse().ok()
}

pub(super) fn ms(ns: u64) -> f64 {
    ns as f64 / 1e6
}

pub(super) fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Wall and CPU time of one call.
pub(super) fn time_once<T>(f: impl FnOnce() -> T) -> (T, f64, Option<f64>) {
    let cpu0 = thread_cpu_ns();
    let t0 = Instant::now();
    let out = std::hint::black_box(f());
    let wall = t0.elapsed().as_secs_f64() * 1e3;
    let cpu = match (cpu0, thread_cpu_ns()) {
        (Some(a), Some(b)) => Some(ms(b.saturating_sub(a))),
        _ => None,
    };
    (out, wall, cpu)
}

/// Runs `f` `runs` times (at least once); returns the last result and the timing.
pub fn measure<T>(runs: usize, f: impl FnMut() -> T) -> (T, Timing) {
    measure_with_setup(runs, || {}, f)
}

/// As [`measure`], with untimed `setup` before each run.
pub fn measure_with_setup<T>(runs: usize, mut setup: impl FnMut(), mut f: impl FnMut() -> T) -> (T, Timing) {
    let runs = runs.max(1);
    let mut walls = Vec::with_capacity(runs);
    let mut cpus = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        setup();
        let (out, wall, cpu) = time_once(&mut f);
        walls.push(wall);
        cpus.extend(cpu);
        last = Some(out);
    }
    let min_wall_ms = walls.iter().copied().fold(f64::INFINITY, f64::min);
    let cpu_ms = (cpus.len() == runs).then(|| median(&mut cpus));
    let timing = Timing { wall_ms: median(&mut walls), cpu_ms, min_wall_ms, runs };
    (last.expect("at least one run"), timing)
}
