//! Exchange with the spreadsheets municipalities already keep and the formats others need.
//!
//! Import is two steps so that a GUI can show and correct the column mapping and preview the
//! result before anything changes: [`import::read_table`] → [`import::guess_mapping`] →
//! [`import::plan_import`] → [`import::ImportPlan::to_edit`] (one undoable
//! [`crate::edit::Edit::Batch`]).
//!
//! Every export is a pure function of `(&Register, today, &ExportOptions)`. The register is
//! first passed through [`redact::redact`] (no national identity number ever leaves) and,
//! with `public`, through [`public::public_view`], the one place that decides what may leave
//! the building. Nothing here knows about egui.

pub mod csv_out;
pub mod hsds;
mod hsds_schema;
pub mod html;
pub mod ics;
pub mod import;
pub mod measures;
pub mod overview;
mod page;
pub mod public;
pub mod redact;
pub mod vcard;
pub mod verify;
pub mod write;

pub use overview::{GroupBy, OfferingFilter};

use crate::model::Register;
use chrono::{DateTime, NaiveDate, Utc};
use std::borrow::Cow;

/// The export formats, as named on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Csv,
    Ics,
    Vcard,
    /// vCard, one file per contact in a folder: classic Outlook imports only the first card
    /// of a file with several.
    VcardFolder,
    Html,
    Hsds,
}

impl Format {
    pub const ALL: [Format; 6] =
        [Self::Csv, Self::Ics, Self::Vcard, Self::VcardFolder, Self::Html, Self::Hsds];

    /// The name used on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Ics => "ics",
            Self::Vcard => "vcard",
            Self::VcardFolder => "vcards",
            Self::Html => "html",
            Self::Hsds => "hsds",
        }
    }

    /// What the user reads in menus.
    pub fn label(self) -> &'static str {
        match self {
            Self::Csv => "CSV-filer for regneark (én per posttype)",
            Self::Ics => "Kalender (iCalendar) med revisjonsfrister og møter",
            Self::Vcard => "Kontakter som vCard (Outlook), alle i én fil",
            Self::VcardFolder => "Kontakter som vCard, én fil per kontakt (klassisk Outlook)",
            Self::Html => "Rapport for utskrift (HTML)",
            Self::Hsds => "Åpne data (HSDS 3.0)",
        }
    }

    /// True when the export is a folder of files rather than one file.
    pub fn is_folder(self) -> bool {
        matches!(self, Self::Csv | Self::Hsds | Self::VcardFolder)
    }

    /// The default name of a one-file export («samkart.ics»); `None` for a folder of files.
    /// The export itself and the window's «Lagre som» dialog both take it from here.
    pub fn file_name(self, report: Report) -> Option<&'static str> {
        match self {
            Self::Ics => Some("samkart.ics"),
            Self::Vcard => Some("kontakter.vcf"),
            Self::Html => Some(match report {
                Report::Management => "rapport.html",
                Report::Offerings => "tilbud.html",
                Report::Measures => "tiltak.html",
            }),
            Self::Csv | Self::Hsds | Self::VcardFolder => None,
        }
    }

    /// Whether «offentlig utgave» is the starting choice. HSDS is open data, meant for
    /// publishing: public unless asked for the internal details (`--internal`).
    pub fn public_by_default(self) -> bool {
        self == Self::Hsds
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.key().eq_ignore_ascii_case(key))
    }
}

/// One exported file: its name and contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Which HTML report: the management report or the public overview of offerings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Report {
    /// Agreements, routines, findings, the Samarbeidskart and the volunteer organisations:
    /// for the council's status report and for auditors.
    #[default]
    Management,
    /// The offerings for families and caseworkers, grouped by prevention level or theme.
    Offerings,
    /// The plan's table of measures (tiltak, tema, status, hovedansvar, forebyggingsnivå),
    /// grouped by prevention level.
    Measures,
}

impl Report {
    pub const ALL: [Report; 3] = [Self::Management, Self::Offerings, Self::Measures];

    /// The name used on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Self::Management => "management",
            Self::Offerings => "offerings",
            Self::Measures => "measures",
        }
    }

    /// What the user reads.
    pub fn label(self) -> &'static str {
        match self {
            Self::Management => "Samarbeidsrapport (avtaler, rutiner, funn, samarbeidskart, årshjul)",
            Self::Offerings => "Oversikt over tilbud (for innbyggere og saksbehandlere)",
            Self::Measures => "Tiltak i planen (tiltak, tema, status, hovedansvar, forebyggingsnivå)",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key().eq_ignore_ascii_case(key))
    }
}

/// What an export contains beyond its format.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExportOptions {
    /// «Offentlig utgave»: only what may be handed to families and published (see
    /// [`public::public_view`]).
    pub public: bool,
    /// Which HTML report (the other formats ignore it).
    pub report: Report,
    /// Which offerings the overview lists (the Frivillig view's filters).
    pub filter: OfferingFilter,
    /// How the overview groups its offerings.
    pub group_by: GroupBy,
    /// The moment of the export, for the calendar's DTSTAMP; `None` means midnight UTC of
    /// `today`, which keeps the output a pure function of its inputs.
    pub stamp: Option<DateTime<Utc>>,
}

impl ExportOptions {
    /// The options a format starts with: public for HSDS, internal for the others.
    pub fn for_format(format: Format) -> Self {
        Self { public: format.public_by_default(), ..Self::default() }
    }

    /// Only `public` set.
    pub fn public(public: bool) -> Self {
        Self { public, ..Self::default() }
    }

    fn stamp(&self, today: NaiveDate) -> DateTime<Utc> {
        self.stamp.unwrap_or_else(|| today.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc())
    }
}

/// Runs any export and returns its files. Single-file formats return one file with the
/// default name; the CLI writes it to the path the user gave.
pub fn export(format: Format, reg: &Register, today: NaiveDate, options: &ExportOptions) -> Vec<ExportFile> {
    let one = |bytes: Vec<u8>| {
        vec![ExportFile { name: format.file_name(options.report).unwrap_or_default().to_owned(), bytes }]
    };
    match format {
        Format::Csv => csv_out::export_csv(reg, today, options.public),
        Format::Ics => one(ics::export_ics(reg, today, options).into_bytes()),
        Format::Vcard => one(vcard::export_vcard(reg, today, options.public).into_bytes()),
        Format::VcardFolder => vcard::export_vcard_files(reg, today, options.public),
        Format::Html => {
            let html = match options.report {
                Report::Management => html::export_html(reg, today, options.public),
                Report::Offerings => overview::export_overview(reg, today, options),
                Report::Measures => measures::export_measures(reg, today, options.public),
            };
            one(html.into_bytes())
        }
        Format::Hsds => hsds::export_hsds(reg, today, options),
    }
}

/// The register an export should see: without national identity numbers, and the public view
/// when `public`.
pub(crate) fn view(reg: &Register, public: bool) -> Cow<'_, Register> {
    let (clean, _) = redact::redact(reg);
    match (public, clean) {
        (true, clean) => Cow::Owned(public::public_view(&clean)),
        (false, clean) => clean,
    }
}

/// dd.mm.yyyy, as Norwegians read dates ([`crate::model::dates::format`]).
pub fn date(d: NaiveDate) -> String {
    crate::model::dates::format(d)
}

/// dd.mm.yyyy or empty.
pub fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(date).unwrap_or_default()
}

/// A list written into one spreadsheet cell, «a, b, c»: an item holding a comma, a
/// semicolon, a line break or a quote is put in quotes (inner quotes doubled), so that
/// [`split_list`] gives back the same items.
pub fn join_list(items: &[String]) -> String {
    let quoted = |item: &String| {
        let needs = item.contains([',', ';', '\n', '\r', '"']) || item.trim() != item;
        if needs { format!("\"{}\"", item.replace('"', "\"\"")) } else { item.clone() }
    };
    items.iter().map(quoted).collect::<Vec<_>>().join(", ")
}

/// The items of a list in one cell, as people write them («a, b; c», one per line) or as
/// [`join_list`] writes them (quoted items keep their commas and semicolons).
pub fn split_list(cell: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut item = String::new();
    let mut quoted = false;
    // Whether the current item was quoted: its spaces are its own.
    let mut was_quoted = false;
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                item.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if item.trim().is_empty() => {
                item.clear();
                quoted = true;
                was_quoted = true;
            }
            ',' | ';' | '\n' if !quoted => {
                items.push(finish(&mut item, was_quoted));
                was_quoted = false;
            }
            _ if was_quoted && !quoted => {}
            _ => item.push(c),
        }
    }
    items.push(finish(&mut item, was_quoted));
    items.retain(|t| !t.is_empty());
    items
}

fn finish(item: &mut String, quoted: bool) -> String {
    let out = if quoted { item.clone() } else { item.trim().to_owned() };
    item.clear();
    out
}

#[cfg(test)]
mod list_tests {
    use super::*;

    #[test]
    fn one_file_exports_carry_their_default_name_and_folders_none() {
        let reg = crate::model::Register::new("t");
        let today = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        for f in Format::ALL {
            let report = Report::Management;
            assert_eq!(f.file_name(report).is_none(), f.is_folder(), "{f:?}");
            if let Some(name) = f.file_name(report) {
                let files = export(f, &reg, today, &ExportOptions::for_format(f));
                assert_eq!(files.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(), [name]);
            }
        }
    }

    /// Each HTML report is named for what it holds: the offerings overview a volunteer
    /// coordinator prints is not saved as «rapport.html».
    #[test]
    fn each_html_report_has_its_own_name() {
        let reg = crate::model::Register::new("t");
        let today = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        for (report, name) in [
            (Report::Management, "rapport.html"),
            (Report::Offerings, "tilbud.html"),
            (Report::Measures, "tiltak.html"),
        ] {
            assert_eq!(Format::Html.file_name(report), Some(name));
            let options = ExportOptions { report, ..ExportOptions::for_format(Format::Html) };
            assert_eq!(export(Format::Html, &reg, today, &options)[0].name, name);
        }
    }

    #[test]
    fn lists_in_a_cell_survive_their_separators() {
        let items: Vec<String> =
            ["ungdom 18–25", "rus; psykiatri", "a, b", "«sitat» \"x\"", "to\nlinjer", " mellomrom "]
                .map(String::from)
                .to_vec();
        let cell = join_list(&items);
        assert_eq!(split_list(&cell), items, "{cell}");
        assert_eq!(join_list(&["a".into(), "b".into()]), "a, b");
        assert_eq!(split_list("skolehelse, vaksiner;SLT\nrus"), ["skolehelse", "vaksiner", "SLT", "rus"]);
        assert_eq!(split_list(" , ;"), Vec::<String>::new());
        assert_eq!(split_list("Kari \"K\" Hansen"), ["Kari \"K\" Hansen"], "a quote inside a word is text");
    }
}
