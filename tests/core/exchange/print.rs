//! The reports printed on A4 by a real browser: headless Chromium prints each to PDF, and
//! poppler's `pdftotext -bbox` says where every word landed. Nothing may run past the page's
//! margins, and every e-mail address must be there in full. Skipped, with the reason printed,
//! where Chromium or poppler-utils is not installed (CI installs neither).

use super::*;
use samkart::exchange::{ExportOptions, Format, GroupBy, OfferingFilter, Report, export};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|n| std::env::split_paths(&path).map(|d| d.join(n)).find(|p| p.is_file()))
}

/// Runs a command to its end, or kills it after two minutes.
fn run(cmd: &mut Command) -> bool {
    let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("start");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.success();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{cmd:?} did not finish in two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Prints `html` to a PDF with Chromium.
fn print(chromium: &Path, html: &Path, pdf: &Path, profile: &Path) {
    let ok = run(Command::new(chromium).args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-pdf-header-footer",
        &format!("--user-data-dir={}", profile.display()),
        &format!("--print-to-pdf={}", pdf.display()),
        &format!("file://{}", html.display()),
    ]));
    assert!(ok && pdf.is_file(), "Chromium printed {}", html.display());
}

/// A word and its box on its page, in points.
struct Word {
    page: usize,
    x_min: f64,
    x_max: f64,
    text: String,
}

/// The pages' widths and every word's box, from `pdftotext -bbox`.
fn words(pdftotext: &Path, pdf: &Path) -> (Vec<f64>, Vec<Word>) {
    let out = Command::new(pdftotext).args(["-bbox"]).arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let attr = |line: &str, name: &str| -> f64 {
        let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        line[start..].split('"').next().unwrap().parse().unwrap()
    };
    let (mut widths, mut words) = (Vec::new(), Vec::new());
    for line in text.lines().map(str::trim) {
        if line.starts_with("<page") {
            widths.push(attr(line, "width"));
        } else if line.starts_with("<word") {
            let body = line.split_once('>').unwrap().1.trim_end_matches("</word>");
            words.push(Word {
                page: widths.len(),
                x_min: attr(line, "xMin"),
                x_max: attr(line, "xMax"),
                text: html_escape::decode_html_entities(body).into_owned(),
            });
        }
    }
    (widths, words)
}

#[test]
fn reports_print_within_the_a4_margins_with_every_address_whole() {
    let (Some(chromium), Some(pdftotext)) =
        (find(&["chromium", "chromium-browser", "google-chrome"]), find(&["pdftotext"]))
    else {
        eprintln!("skipped: needs Chromium and pdftotext (poppler-utils) to print the reports to PDF");
        return;
    };
    let reg = example();
    let dir = tempfile::tempdir().unwrap();
    let reports = [
        ("oversikt", ExportOptions { public: true, report: Report::Offerings, ..Default::default() }),
        (
            "frivillig",
            ExportOptions {
                public: true,
                report: Report::Offerings,
                group_by: GroupBy::Theme,
                filter: OfferingFilter { sector: Some(Sector::Frivillig), ..Default::default() },
                ..Default::default()
            },
        ),
        ("intern-oversikt", ExportOptions { report: Report::Offerings, ..Default::default() }),
        ("rapport", ExportOptions::default()),
    ];
    // A4 is 595 pt wide; the report's @page margin is 15 mm (42.5 pt) left and right.
    let margin = 15.0 / 25.4 * 72.0;
    let emails: Vec<&str> = reg
        .services
        .iter()
        .map(|s| s.email.as_str())
        .chain(reg.contacts.iter().map(|c| c.email.value.as_str()))
        .filter(|e| !e.is_empty())
        .collect();
    for (name, options) in reports {
        let html = dir.path().join(format!("{name}.html"));
        let source =
            String::from_utf8(export(Format::Html, &reg, today(), &options).remove(0).bytes).unwrap();
        std::fs::write(&html, &source).unwrap();
        let pdf = dir.path().join(format!("{name}.pdf"));
        print(&chromium, &html, &pdf, &dir.path().join(format!("profil-{name}")));
        let (widths, words) = words(&pdftotext, &pdf);
        assert!(!widths.is_empty() && words.len() > 100, "{name}: {} words", words.len());
        for w in &words {
            let width = widths[w.page - 1];
            assert!((594.0..=596.0).contains(&width), "{name}: A4, got {width} pt");
            assert!(
                w.x_min >= margin - 1.0 && w.x_max <= width - margin + 1.0,
                "{name} page {}: «{}» at {:.1}–{:.1} pt runs past the margin ({margin:.1} pt)",
                w.page,
                w.text,
                w.x_min,
                w.x_max
            );
        }
        // Every address in the report is printed whole (perhaps wrapped over two lines).
        let all: String = words.iter().map(|w| w.text.as_str()).collect();
        let plain = source.replace("<wbr>", "");
        let shown: Vec<&&str> = emails.iter().filter(|e| plain.contains(**e)).collect();
        assert!(shown.len() > 10, "{name}: {} addresses", shown.len());
        for e in shown {
            assert!(all.contains(*e), "{name}: {e} is cut");
        }
        assert!(!all.contains("år,7–16år") && !all.contains("7–16år,7–16år"), "{name}: an age said twice");
    }
}
