//! «Eksporter …»: pick a format (for HTML, which report; for the overview of offerings, how
//! it is ordered and the selection it was started with) and whether it is the public edition,
//! then where to write. The rules — what each choice puts in the files — live in
//! `crate::exchange`; this only gathers the choices.

use crate::exchange::{ExportOptions, Format, GroupBy, OfferingFilter, Report, redact};
use crate::model::Register;
use crate::ui::theme;
use crate::ui::widgets::dialog;
use eframe::egui;

/// The open export dialog.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportDialog {
    pub format: Format,
    /// «Offentlig utgave»: leave out everything marked internal.
    pub public: bool,
    /// Which HTML report.
    pub report: Report,
    /// How the overview of offerings is ordered.
    pub group_by: GroupBy,
    /// The selection of offerings (Frivillig's filters when started there).
    pub filter: OfferingFilter,
    /// Texts in the register that look like a national identity number, counted once when
    /// the dialog first shows.
    redactions: Option<usize>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self::new(Format::Csv)
    }
}

/// What the user did this frame.
pub enum Outcome {
    Open,
    Cancel,
    /// Ask where to write, then export.
    Export(Format, ExportOptions),
}

/// The short name the dialog shows for a format.
pub fn format_name(format: Format) -> &'static str {
    match format {
        Format::Csv => "CSV",
        Format::Ics => "Kalender (ICS)",
        Format::Vcard => "vCard",
        Format::VcardFolder => "vCard, én fil per kontakt",
        Format::Html => "HTML-rapport",
        Format::Hsds => "HSDS",
    }
}

/// The label of the «offentlig utgave» checkbox.
pub const PUBLIC_LABEL: &str = "Offentlig utgave (uten interne numre og merknader)";

impl ExportDialog {
    /// The dialog on `format`, public or not as the format starts.
    pub fn new(format: Format) -> Self {
        Self {
            format,
            public: format.public_by_default(),
            report: Report::default(),
            group_by: GroupBy::default(),
            filter: OfferingFilter::default(),
            redactions: None,
        }
    }

    /// The public overview of offerings with a selection (Frivillig's «Skriv ut / eksporter
    /// oversikten»).
    pub fn offerings(filter: OfferingFilter) -> Self {
        Self { public: true, report: Report::Offerings, filter, ..Self::new(Format::Html) }
    }

    /// The options the choices amount to.
    pub fn options(&self) -> ExportOptions {
        let offerings = self.format == Format::Html && self.report == Report::Offerings;
        ExportOptions {
            public: self.public,
            report: if self.format == Format::Html { self.report } else { Report::default() },
            filter: if offerings { self.filter.clone() } else { OfferingFilter::default() },
            group_by: self.group_by,
            stamp: Some(chrono::Utc::now()),
        }
    }

    pub fn show(&mut self, ctx: &egui::Context, reg: &Register) -> Outcome {
        let mut outcome = Outcome::Open;
        let redactions = *self.redactions.get_or_insert_with(|| redact::count(reg));
        let shown = dialog::show(ctx, "eksportdialog", "Eksporter", theme::size::DIALOG, |ui| {
            ui.label(egui::RichText::new("Format").strong());
            let before = self.format;
            for f in Format::ALL {
                ui.radio_value(&mut self.format, f, format_name(f)).on_hover_text(f.label());
            }
            if self.format != before {
                self.public = self.format.public_by_default();
            }
            ui.label(if self.format.is_folder() {
                "Skrives som flere filer i en mappe du velger."
            } else {
                "Skrives som én fil."
            });
            if self.format == Format::Html {
                ui.add_space(theme::space::SMALL);
                ui.label(egui::RichText::new("Rapport").strong());
                for r in Report::ALL {
                    ui.radio_value(&mut self.report, r, r.label());
                }
                if self.report == Report::Offerings {
                    ui.label(egui::RichText::new("Ordne tilbudene").strong());
                    for g in GroupBy::ALL {
                        ui.radio_value(&mut self.group_by, g, g.label());
                    }
                    let chosen = self.filter.describe(reg);
                    if !chosen.is_empty() {
                        ui.horizontal_wrapped(|ui| {
                            ui.label(format!("Utvalg: {}", chosen.join(", ")));
                            if ui.small_button("Ta med alle tilbud").clicked() {
                                self.filter = OfferingFilter::default();
                            }
                        });
                    }
                }
            }
            ui.add_space(theme::space::SMALL);
            ui.checkbox(&mut self.public, PUBLIC_LABEL).on_hover_text(
                "Uten numre kun for samarbeidspartnere, inaktive tjenester, kontakter og tilbud, \
                 navn på ledige stillinger, interne merknader og funn fra gjennomgangen",
            );
            if redactions > 0 {
                ui.colored_label(theme::colors(ui).warning, redact::warning(redactions));
            }
            ui.add_space(theme::space::SECTION);
            ui.horizontal(|ui| {
                if ui.button("Eksporter …").clicked() {
                    outcome = Outcome::Export(self.format, self.options());
                }
                if ui.button("Avbryt").clicked() {
                    outcome = Outcome::Cancel;
                }
            });
        });
        if shown.cancelled && matches!(outcome, Outcome::Open) {
            outcome = Outcome::Cancel;
        }
        outcome
    }
}
