//! «Importer …»: the header row, the column mapping, a preview of what would change (with
//! the services the file names that the register lacks, and their guessed sector), and one
//! undoable edit. Nothing in the register changes until the user presses «Importer». Every
//! rule (header, matching, sector guess) is `exchange::import`'s; this only draws it and
//! passes the user's answers back as `ImportOptions` and `Choices`.

use crate::edit::Edit;
use crate::exchange::import::{
    self, Choices, DuplicateChoice, Field, ImportOptions, ImportPlan, Mapping, ServiceChoice, Table,
};
use crate::model::{Labelled, Register, Sector, ServiceId};
use crate::ui::theme;
use chrono::NaiveDate;
use eframe::egui;
use std::path::PathBuf;

/// The open import dialog.
pub struct ImportDialog {
    pub path: PathBuf,
    pub table: Table,
    pub mapping: Mapping,
    pub choices: Choices,
    /// The user's answers about services the register lacks (which to use, which sector).
    pub options: ImportOptions,
    /// Mark imported contacts as verified today.
    pub verified_today: bool,
    /// The plan for the current mapping, or why there is none. Recomputed only when the
    /// mapping, the sheet or the options change.
    pub plan: Result<ImportPlan, String>,
    /// The register revision the plan was made against.
    planned_at: Option<u64>,
}

/// What the user did this frame.
pub enum Outcome {
    Open,
    Cancel,
    Import(Edit),
}

impl ImportDialog {
    /// Reads `path` (first sheet) and guesses the mapping.
    pub fn new(path: PathBuf) -> Result<Self, String> {
        let table = import::read_table(&path, None).map_err(|e| e.to_string())?;
        let mapping = import::guess_mapping(&table.headers);
        Ok(Self {
            path,
            table,
            mapping,
            choices: Choices::default(),
            options: ImportOptions::default(),
            verified_today: false,
            plan: Err(String::new()),
            planned_at: None,
        })
    }

    /// Re-plans against the register (call when anything the plan depends on changed).
    pub fn replan(&mut self, reg: &Register, revision: u64, today: NaiveDate) {
        self.options.verified_on = self.verified_today.then_some(today);
        self.plan =
            import::plan_import(reg, &self.table, &self.mapping, &self.options).map_err(|e| e.to_string());
        self.planned_at = Some(revision);
    }

    fn switch_sheet(&mut self, sheet: &str) -> Result<(), String> {
        let table = import::read_table(&self.path, Some(sheet)).map_err(|e| e.to_string())?;
        self.mapping = import::guess_mapping(&table.headers);
        self.table = table;
        Ok(())
    }

    /// Takes row `number` as the header and guesses the columns again.
    pub fn set_header_row(&mut self, number: usize) -> Result<(), String> {
        self.table.set_header_row(number).map_err(|e| e.to_string())?;
        self.mapping = import::guess_mapping(&self.table.headers);
        Ok(())
    }

    /// Draws the dialog as a modal window.
    pub fn show(&mut self, ctx: &egui::Context, reg: &Register, revision: u64, today: NaiveDate) -> Outcome {
        if self.planned_at != Some(revision) {
            self.replan(reg, revision, today);
        }
        let mut outcome = Outcome::Open;
        let mut changed = false;
        let name = self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let title = format!("Importer fra {name}");
        let shown =
            crate::ui::widgets::dialog::show(ctx, "importdialog", &title, theme::size::DIALOG_WIDE, |ui| {
                ui.set_width(theme::size::DIALOG_WIDE);
                egui::ScrollArea::vertical().max_height(560.0).show(ui, |ui| {
                    changed |= self.sheet_ui(ui);
                    changed |= self.header_ui(ui);
                    changed |= self.mapping_ui(ui);
                    ui.separator();
                    changed |= self.preview_ui(ui, reg);
                });
                ui.separator();
                ui.horizontal(|ui| {
                    let ready = self.plan.is_ok();
                    if ui.add_enabled(ready, egui::Button::new("Importer")).clicked()
                        && let Ok(plan) = &self.plan
                    {
                        outcome = Outcome::Import(plan.to_edit(&self.choices));
                    }
                    if ui.button("Avbryt").clicked() {
                        outcome = Outcome::Cancel;
                    }
                });
            });
        if changed {
            self.replan(reg, revision, today);
        }
        // Esc while a column's drop-down list is open closes only the list (see `dialog`).
        if shown.cancelled && matches!(outcome, Outcome::Open) {
            outcome = Outcome::Cancel;
        }
        outcome
    }

    /// Sheet choice for XLSX/ODS with more than one sheet.
    fn sheet_ui(&mut self, ui: &mut egui::Ui) -> bool {
        if self.table.sheets.len() < 2 {
            return false;
        }
        let sheets = self.table.sheets.iter().map(|s| (s.clone(), s.clone()));
        let chosen =
            choice_row(ui, "Ark", "import-ark", None, &self.table.sheet, self.table.sheet.clone(), sheets);
        let done = chosen.map(|s| self.switch_sheet(&s));
        self.applied(done)
    }

    /// The header row: found by the import, and any of the first rows can be picked instead.
    fn header_ui(&mut self, ui: &mut egui::Ui) -> bool {
        let current = self.table.header_row;
        let rows = self.table.header_candidates().into_iter();
        let rows = rows.map(|(number, text)| (number, format!("Rad {number}: {}", short(&text, 60))));
        let chosen = choice_row(
            ui,
            "Overskriftsrad",
            "import-overskriftsrad",
            Some(420.0),
            &format!("Rad {current}"),
            current,
            rows,
        );
        if let Some(note) = self.table.above_note() {
            ui.weak(note);
        }
        let done = chosen.map(|n| self.set_header_row(n));
        self.applied(done)
    }

    /// Whether a new sheet or header row took; if it failed, the plan says why.
    fn applied(&mut self, done: Option<Result<(), String>>) -> bool {
        match done {
            Some(Ok(())) => true,
            Some(Err(e)) => {
                self.plan = Err(e);
                false
            }
            None => false,
        }
    }

    /// One ComboBox per column: what the column holds.
    fn mapping_ui(&mut self, ui: &mut egui::Ui) -> bool {
        ui.label(egui::RichText::new("Kolonner").strong());
        ui.label("Kontroller hva hver kolonne inneholder, og rett det som er gjettet feil.");
        let mut changed = false;
        egui::Grid::new("import-kolonner").striped(true).show(ui, |ui| {
            for (col, header) in self.table.headers.iter().enumerate() {
                let l = ui.label(if header.trim().is_empty() {
                    format!("Kolonne {}", col + 1)
                } else {
                    header.clone()
                });
                let current = self.mapping.columns.get(col).copied().unwrap_or(Field::Ignore);
                let mut picked = current;
                crate::ui::widgets::combo_labelled(
                    egui::ComboBox::from_id_salt(("import-kolonne", col))
                        .selected_text(current.label())
                        .width(240.0)
                        .height(520.0)
                        .show_ui(ui, |ui| {
                            for f in Field::ALL {
                                ui.selectable_value(&mut picked, *f, f.label());
                            }
                        })
                        .response,
                    l.id,
                );
                if picked != current {
                    if col >= self.mapping.columns.len() {
                        self.mapping.columns.resize(col + 1, Field::Ignore);
                    }
                    self.mapping.columns[col] = picked;
                    changed = true;
                }
                ui.end_row();
            }
        });
        changed
    }

    /// Counts, rejected rows, rows with remarks, duplicates and services.
    fn preview_ui(&mut self, ui: &mut egui::Ui, reg: &Register) -> bool {
        let mut changed = false;
        if ui.checkbox(&mut self.verified_today, "Merk kontaktene som verifisert i dag").changed() {
            changed = true;
        }
        let plan = match &self.plan {
            Ok(p) => p,
            Err(e) => {
                ui.colored_label(theme::colors(ui).error, e);
                return changed;
            }
        };
        let c = plan.counts(&self.choices);
        ui.label(
            egui::RichText::new(format!(
                "Legges til: {}   Oppdateres: {}   Hoppes over: {}   Avvises: {}{}",
                c.added,
                c.updated,
                c.skipped,
                c.rejected,
                if c.with_remarks > 0 {
                    format!("   Med merknad: {}", c.with_remarks)
                } else {
                    String::new()
                }
            ))
            .strong(),
        );
        if !plan.rejected.is_empty() {
            ui.label(egui::RichText::new("Avvist").strong());
            for (row, reason) in &plan.rejected {
                ui.colored_label(theme::colors(ui).error, format!("Rad {row}: {reason}"));
            }
        }
        if !plan.duplicates.is_empty() {
            ui.label(egui::RichText::new("Finnes fra før").strong());
            for d in &plan.duplicates {
                ui.horizontal_wrapped(|ui| {
                    let what = if d.changes.is_empty() {
                        String::new()
                    } else {
                        format!(" – endrer {}", d.changes.join(", "))
                    };
                    ui.label(format!("Rad {}: {} ({}){what}", d.row, d.existing.name, d.reason));
                    let mut choice = self.choices.for_row(d.row);
                    let before = choice;
                    ui.radio_value(&mut choice, DuplicateChoice::Update, "Oppdater");
                    ui.radio_value(&mut choice, DuplicateChoice::Skip, "Hopp over");
                    if choice != before {
                        self.choices.per_row.insert(d.row, choice);
                    }
                });
            }
        }
        let remarks = plan.remarks_for(&self.choices);
        if !remarks.is_empty() {
            ui.label(egui::RichText::new(format!("Importert med merknad ({})", c.with_remarks)).strong());
            for r in remarks {
                ui.colored_label(theme::colors(ui).warning, format!("Rad {}: {r}", r.row));
            }
        }
        changed |= services_ui(ui, plan, &mut self.options, &mut self.choices, reg);
        let skipped = plan.skipped_rows(&self.choices);
        if !skipped.is_empty() {
            ui.collapsing(format!("Hoppes over ({})", skipped.len()), |ui| {
                for (row, reason) in skipped {
                    ui.label(format!("Rad {row}: {reason}"));
                }
            });
        }
        changed
    }
}

/// Services the file names that the register lacks: those linked to a similar service (the
/// user may pick another or a new one) and those to be created, with their sector.
fn services_ui(
    ui: &mut egui::Ui,
    plan: &ImportPlan,
    options: &mut ImportOptions,
    choices: &mut Choices,
    reg: &Register,
) -> bool {
    let mut changed = false;
    let name_of = |id: &ServiceId| reg.service(id).map_or(id.to_string(), |s| s.display_name());
    if !plan.likely_services.is_empty() {
        ui.label(egui::RichText::new("Tjenester med lignende navn").strong());
        ui.label("Navnet finnes ikke i registeret, men ligner på en tjeneste som gjør det.");
    }
    for l in &plan.likely_services {
        ui.horizontal(|ui| {
            let label = ui.label(format!("«{}» (rad {}) er", l.name, rows(&l.rows)));
            changed |=
                service_choice_ui(ui, label.id, options, &l.key, Some(&l.service), &l.candidates, &name_of);
        });
    }
    if !plan.new_services.is_empty() {
        ui.label(egui::RichText::new("Nye tjenester").strong());
        ui.checkbox(&mut choices.create_services, "opprett")
            .on_hover_text("Uten dette hoppes radene med disse tjenestene over");
    }
    for s in &plan.new_services {
        ui.horizontal(|ui| {
            let label = ui.label(format!("{} (rad {})", s.service.name, rows(&s.rows)));
            if !s.candidates.is_empty() {
                changed |= service_choice_ui(ui, label.id, options, &s.key, None, &s.candidates, &name_of);
            }
            let sector_label = ui.label("sektor");
            let mut sector = s.service.sector;
            crate::ui::widgets::combo_labelled(
                egui::ComboBox::from_id_salt(("import-sektor", &s.key))
                    .selected_text(sector.label())
                    .show_ui(ui, |ui| {
                        for x in Sector::ALL {
                            ui.selectable_value(&mut sector, *x, x.label());
                        }
                    })
                    .response,
                sector_label.id,
            );
            if sector != s.service.sector {
                options.sectors.insert(s.key.clone(), sector);
                changed = true;
            }
            if sector != s.guessed_sector {
                ui.weak(format!("(gjettet: {})", s.guessed_sector.label()));
            }
        });
    }
    changed
}

/// Which service a name means: one of the candidates, or a new one.
fn service_choice_ui(
    ui: &mut egui::Ui,
    label: egui::Id,
    options: &mut ImportOptions,
    key: &str,
    current: Option<&ServiceId>,
    candidates: &[ServiceId],
    name_of: &dyn Fn(&ServiceId) -> String,
) -> bool {
    const NEW: &str = "Ny tjeneste";
    let mut picked: Option<ServiceChoice> = None;
    let shown = current.map_or_else(|| NEW.to_owned(), name_of);
    crate::ui::widgets::combo_labelled(
        egui::ComboBox::from_id_salt(("import-tjeneste", key))
            .selected_text(shown)
            .width(300.0)
            .show_ui(ui, |ui| {
                for id in candidates {
                    if ui.selectable_label(current == Some(id), name_of(id)).clicked() && current != Some(id)
                    {
                        picked = Some(ServiceChoice::Use(id.clone()));
                    }
                }
                if ui.selectable_label(current.is_none(), NEW).clicked() && current.is_some() {
                    picked = Some(ServiceChoice::Create);
                }
            })
            .response,
        label,
    );
    match picked {
        Some(choice) => {
            options.services.insert(key.to_owned(), choice);
            true
        }
        None => false,
    }
}

/// Row numbers for a label: «3, 5, 8».
fn rows(rows: &[usize]) -> String {
    rows.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// At most `n` characters, with «…» when cut.
fn short(text: &str, n: usize) -> String {
    if text.chars().count() <= n { text.to_owned() } else { text.chars().take(n).chain(['…']).collect() }
}

/// A labelled drop-down on its own row; returns the option picked, when it is not `current`.
fn choice_row<T: PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    salt: &str,
    width: Option<f32>,
    shown: &str,
    current: T,
    options: impl Iterator<Item = (T, String)>,
) -> Option<T> {
    let mut chosen = None;
    ui.horizontal(|ui| {
        let l = ui.label(label);
        let mut combo = egui::ComboBox::from_id_salt(salt).selected_text(shown);
        if let Some(w) = width {
            combo = combo.width(w);
        }
        let response = combo.show_ui(ui, |ui| {
            for (value, text) in options {
                if ui.selectable_label(value == current, text).clicked() && value != current {
                    chosen = Some(value);
                }
            }
        });
        crate::ui::widgets::combo_labelled(response.response, l.id);
    });
    chosen
}
