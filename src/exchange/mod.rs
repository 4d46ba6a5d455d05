//! Exchange with the spreadsheets municipalities already keep and the formats others need.
//!
//! Import is two steps so that a GUI can show and correct the column mapping and preview the
//! result before anything changes: [`import::read_table`] → [`import::guess_mapping`] →
//! [`import::plan_import`] → [`import::ImportPlan::to_edit`] (one undoable
//! [`crate::edit::Edit::Batch`]).
//!
//! Every export is a pure function of `(&Register, today, public)`. With `public`, the
//! register is first passed through [`public::public_view`], the one place that decides what
//! may leave the building. Nothing here knows about egui.

pub mod csv_out;
pub mod hsds;
pub mod html;
pub mod ics;
pub mod import;
pub mod public;
pub mod vcard;
pub mod write;

use crate::model::Register;
use chrono::NaiveDate;
use std::borrow::Cow;

/// The export formats, as named on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Csv,
    Ics,
    Vcard,
    Html,
    Hsds,
}

impl Format {
    pub const ALL: [Format; 5] = [Self::Csv, Self::Ics, Self::Vcard, Self::Html, Self::Hsds];

    /// The name used on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Ics => "ics",
            Self::Vcard => "vcard",
            Self::Html => "html",
            Self::Hsds => "hsds",
        }
    }

    /// What the user reads in menus.
    pub fn label(self) -> &'static str {
        match self {
            Self::Csv => "CSV-filer for regneark (én per posttype)",
            Self::Ics => "Kalender (iCalendar) med revisjonsfrister",
            Self::Vcard => "Kontakter som vCard (Outlook)",
            Self::Html => "Rapport for utskrift (HTML)",
            Self::Hsds => "Åpne data (HSDS 3.0)",
        }
    }

    /// True when the export is a folder of files rather than one file.
    pub fn is_folder(self) -> bool {
        matches!(self, Self::Csv | Self::Hsds)
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

/// Runs any export and returns its files. Single-file formats return one file with the
/// default name; the CLI writes it to the path the user gave.
pub fn export(format: Format, reg: &Register, today: NaiveDate, public: bool) -> Vec<ExportFile> {
    let one = |name: &str, bytes: Vec<u8>| vec![ExportFile { name: name.to_owned(), bytes }];
    match format {
        Format::Csv => csv_out::export_csv(reg, today, public),
        Format::Ics => one("samkart.ics", ics::export_ics(reg, today, public).into_bytes()),
        Format::Vcard => one("kontakter.vcf", vcard::export_vcard(reg, today, public).into_bytes()),
        Format::Html => one("rapport.html", html::export_html(reg, today, public).into_bytes()),
        Format::Hsds => hsds::export_hsds(reg, today, public),
    }
}

/// The register an export should see: the public view, or the register as it is.
pub(crate) fn view(reg: &Register, public: bool) -> Cow<'_, Register> {
    if public { Cow::Owned(public::public_view(reg)) } else { Cow::Borrowed(reg) }
}

/// dd.mm.yyyy, as Norwegians read dates.
pub fn date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// dd.mm.yyyy or empty.
pub fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(date).unwrap_or_default()
}
