//! Årshjul: the coming twelve months, month by month — forum meetings, revision deadlines,
//! funding that ends, the yearly confirmation of volunteer offers and contacts taking up a
//! post — each a link to its record. What goes in which month is the core's
//! ([`crate::review::yearwheel::year_wheel`], which the report prints too); this only draws.

use crate::exchange::Format;
use crate::review::yearwheel::{Entry, MonthEntries, Target, YearWheel, year_wheel};
use crate::ui::command::{Action, Command, View};
use crate::ui::ctx::ViewCtx;
use crate::ui::export_dialog::ExportDialog;
use crate::ui::theme;
use chrono::{Datelike, NaiveDate};
use eframe::egui;

/// The wheel, computed again only when the register or the day changes.
#[derive(Default)]
pub struct State {
    key: Option<(u64, NaiveDate)>,
    wheel: Option<YearWheel>,
}

impl State {
    fn wheel(&mut self, ctx: &ViewCtx) -> &YearWheel {
        let key = (ctx.revision, ctx.today);
        if self.key != Some(key) || self.wheel.is_none() {
            self.key = Some(key);
            self.wheel = Some(year_wheel(ctx.reg, ctx.today));
        }
        self.wheel.get_or_insert_with(|| year_wheel(ctx.reg, ctx.today))
    }
}

fn open(target: &Target) -> Command {
    match target {
        Target::Record(kind, id) => Command::Open(*kind, id.clone()),
        Target::Volunteers => Action::Show(View::Volunteer).into(),
    }
}

fn entry_ui(ui: &mut egui::Ui, e: &Entry, commands: &mut Vec<Command>) {
    // When and what on one line, the record on its own below: a long name wraps under
    // itself, so the link is where its text is.
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(e.when()).strong());
        ui.weak(e.kind.label());
        if !e.detail.is_empty() {
            ui.weak(format!("· {}", e.detail));
        }
    });
    let hover = match &e.target {
        Target::Record(kind, _) => format!("Åpne {}", kind.label()),
        Target::Volunteers => "Vis Frivillig".to_owned(),
    };
    if ui.link(&e.title).on_hover_text(hover).clicked() {
        commands.push(open(&e.target));
    }
    ui.add_space(theme::space::HAIR);
}

fn month_ui(ui: &mut egui::Ui, m: &MonthEntries, current: bool, commands: &mut Vec<Command>) {
    let stroke = if current {
        egui::Stroke::new(2.0, theme::colors(ui).info)
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    egui::Frame::group(ui.style()).stroke(stroke).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let heading = if current { format!("{} (denne måneden)", m.heading()) } else { m.heading() };
        ui.label(egui::RichText::new(heading).strong());
        if m.entries.is_empty() {
            ui.weak("Ingenting registrert");
        }
        for e in &m.entries {
            entry_ui(ui, e, commands);
        }
    });
}

pub fn show(ui: &mut egui::Ui, state: &mut State, ctx: &mut ViewCtx) {
    let today = ctx.today;
    let wheel = state.wheel(ctx).clone();
    let commands = &mut *ctx.commands;
    ui.horizontal(|ui| {
        ui.heading("Årshjul – de neste tolv månedene");
        if ui
            .button("Skriv ut …")
            .on_hover_text("Samarbeidsrapporten (HTML for A4) har årshjulet med")
            .clicked()
        {
            commands.push(Command::ExportPreset(Box::new(ExportDialog::new(Format::Html))));
        }
    });
    if ctx.reg.settings.volunteer_confirm_month.is_none() {
        ui.weak("Velg måneden for den årlige bekreftelsen av frivillige tilbud i Innstillinger.");
    }
    egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
        if !wheel.overdue.is_empty() {
            ui.colored_label(theme::colors(ui).error, egui::RichText::new("Allerede forfalt").strong());
            for e in &wheel.overdue {
                entry_ui(ui, e, commands);
            }
            ui.add_space(theme::space::SECTION);
        }
        let columns = ((ui.available_width() / 360.0).floor() as usize).clamp(1, 4);
        for row in wheel.months.chunks(columns) {
            ui.columns(columns, |cols| {
                for (col, m) in cols.iter_mut().zip(row) {
                    let current = m.year == today.year() && m.month.number() == today.month();
                    month_ui(col, m, current, commands);
                }
            });
            ui.add_space(theme::space::GROUP);
        }
        if !wheel.undated_forums.is_empty() {
            ui.add_space(theme::space::GROUP);
            ui.label(egui::RichText::new("Fora uten møtedatoer").strong());
            ui.weak("Gi dem første møte eller møtemåneder i Fora, så kommer de med i årshjulet.");
            ui.horizontal_wrapped(|ui| {
                for (id, name) in &wheel.undated_forums {
                    if ui.link(name).on_hover_text("Åpne forum").clicked() {
                        commands.push(Command::Open(crate::model::RecordKind::Forum, id.to_string()));
                    }
                }
            });
        }
    });
}
