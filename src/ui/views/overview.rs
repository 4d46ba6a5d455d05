//! Oversikt, for leaders: the review's findings grouped by severity with counts, the
//! revisions due in the next 90 days on a timeline, and agreements by status as a chart.
//! Selecting a finding shows its record and its fix («Marker som revidert», «Bekreft
//! kontakt», «Bekreft aktiv i år» …).

use crate::edit::{Edit, Record};
use crate::model::dates::format as date;
use crate::model::{AgreementStatus, Labelled, RecordKind};
use crate::review::{Action, Finding, Severity};
use crate::ui::command::{self, Command};
use crate::ui::ctx::ViewCtx;
use crate::ui::theme;
use crate::ui::widgets::revise;
use chrono::{Days, NaiveDate};
use eframe::egui::{self, Key, Modifiers};

/// How far ahead the timeline looks.
pub const HORIZON_DAYS: u64 = 90;

/// One line of the grouped list: a severity heading or a finding (index into findings).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Row {
    Heading(Severity, usize),
    Finding(usize),
}

#[derive(Default)]
pub struct State {
    /// The revision the cached rows, timeline and counts belong to.
    key: Option<(u64, [bool; 3])>,
    rows: Vec<Row>,
    counts: [usize; 3],
    /// Collapsed severity groups, by position in `Severity::ALL`.
    collapsed: [bool; 3],
    timeline: Vec<crate::review::due::Due>,
    overdue: usize,
    by_status: Vec<(AgreementStatus, usize)>,
    /// The selected finding, by subject and kind so it survives a refresh.
    selected: Option<(RecordKind, String, crate::review::FindingKind)>,
    revise: Option<revise::Revise>,
    /// A finding's row had the keyboard in the last pass: the arrow keys are the list's.
    rows_had_focus: bool,
    /// Put the keyboard on the selected (or first) finding in the next pass.
    focus_row: bool,
}

/// The panel of findings beside the revisions, and above them.
const FINDINGS_BESIDE: &str = "oversikt-funn";
const FINDINGS_ABOVE: &str = "oversikt-funn-over";

fn group(s: Severity) -> usize {
    Severity::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

fn severity_color(ui: &egui::Ui, s: Severity) -> egui::Color32 {
    match s {
        Severity::Error => theme::colors(ui).error,
        Severity::Warning => theme::colors(ui).warning,
        Severity::Info => theme::colors(ui).info,
    }
}

fn heading_text(s: Severity, n: usize) -> String {
    let word = match (s, n == 1) {
        (Severity::Error, true) => "feil",
        (Severity::Error, false) => "feil",
        (Severity::Warning, true) => "advarsel",
        (Severity::Warning, false) => "advarsler",
        (Severity::Info, true) => "merknad",
        (Severity::Info, false) => "merknader",
    };
    format!("{n} {word}")
}

impl State {
    fn refresh(&mut self, ctx: &ViewCtx) {
        let revision = ctx.derived.revision.unwrap_or(0);
        let key = Some((revision, self.collapsed));
        if self.key == key {
            return;
        }
        let data_changed = self.key.is_none_or(|(r, _)| r != revision);
        self.key = key;
        let findings = &ctx.derived.findings;
        self.counts = [0; 3];
        for f in findings {
            self.counts[group(f.severity)] += 1;
        }
        // Findings come sorted by severity, so each group is one run.
        self.rows.clear();
        for s in Severity::ALL {
            let g = group(s);
            if self.counts[g] == 0 {
                continue;
            }
            self.rows.push(Row::Heading(s, self.counts[g]));
            if !self.collapsed[g] {
                self.rows.extend(
                    findings
                        .iter()
                        .enumerate()
                        .filter(|(_, f)| f.severity == s)
                        .map(|(i, _)| Row::Finding(i)),
                );
            }
        }
        if data_changed {
            self.timeline = crate::review::due::upcoming(ctx.reg, ctx.today, HORIZON_DAYS);
            self.overdue = crate::review::due::overdue(ctx.reg, ctx.today);
            self.by_status = AgreementStatus::ALL
                .iter()
                .map(|s| (*s, ctx.reg.agreements.iter().filter(|a| a.status == *s).count()))
                .collect();
        }
    }

    fn selected_index(&self, findings: &[Finding]) -> Option<usize> {
        let (kind, id, fk) = self.selected.as_ref()?;
        findings.iter().position(|f| f.subject.kind == *kind && f.subject.id == *id && f.kind == *fk)
    }

    fn select(&mut self, f: &Finding) {
        self.selected = Some((f.subject.kind, f.subject.id.clone(), f.kind));
    }
}

pub fn show(ui: &mut egui::Ui, state: &mut State, ctx: &mut ViewCtx) {
    state.refresh(ctx);
    let findings = &ctx.derived.findings;

    ui.horizontal(|ui| {
        ui.heading("Oversikt");
        ui.add_space(theme::space::BESIDE);
        for s in Severity::ALL {
            let n = state.counts[group(s)];
            ui.colored_label(severity_color(ui, s), format!("• {}", heading_text(s, n)));
        }
        let drafts = command::Action::RequestVerification;
        if findings.iter().any(|f| f.kind == crate::review::FindingKind::ContactUnverified)
            && ui.button(drafts.label()).on_hover_text(drafts.tooltip()).clicked()
        {
            ctx.send(drafts);
        }
    });
    ui.add_space(theme::space::SMALL);

    // The findings and the chosen one's detail on the left, drawn first so that Tab reaches
    // them before the revisions panel on the right, as the eye does; the panel takes the
    // rest. When the window is narrow (a large zoom) the panel goes below them.
    let panel = crate::ui::widgets::ListPanel {
        beside: FINDINGS_BESIDE,
        above: FINDINGS_ABOVE,
        what: "funnlisten",
        width: |w| (w - 420.0, w * 0.35..=w - 240.0),
        height: |h| (h * 0.6, (h * 0.3).min(120.0)..=h * 0.8),
    };
    panel.show(ui, |ui| findings_column(ui, state, ctx));
    egui::ScrollArea::vertical().id_salt("oversikt-grafer").show(ui, |ui| {
        timeline_ui(ui, state, ctx);
        ui.add_space(theme::space::BESIDE);
        status_chart(ui, state);
    });

    if let Some(dialog) = &mut state.revise {
        match dialog.show(ui.ctx(), ctx.reg) {
            revise::Outcome::Open => {}
            revise::Outcome::Cancel => state.revise = None,
            revise::Outcome::Save(edit, text) => {
                state.revise = None;
                ctx.send(Command::ApplyAs(edit, text));
            }
        }
    }
}

/// The findings list, and under it what the chosen finding is about and its fix. The list
/// is drawn first, so Tab reaches it before the detail: it gets the room the detail left
/// in the last pass.
fn findings_column(ui: &mut egui::Ui, state: &mut State, ctx: &mut ViewCtx) {
    let findings = &ctx.derived.findings;
    let selected = state.selected_index(findings);
    let detail_id = ui.scope_id().with("oversikt-valgt-hoyde");
    let detail_h: f32 = ui.data(|d| d.get_temp(detail_id)).unwrap_or(90.0);
    let list_h = (ui.available_height() - detail_h - ui.spacing().item_spacing.y).max(60.0);
    ui.allocate_ui(egui::vec2(ui.available_width(), list_h), |ui| {
        ui.set_min_height(list_h);
        if findings.is_empty() {
            ui.add_space(theme::space::PART);
            ui.colored_label(theme::colors(ui).ok, "Ingen funn: registeret er à jour.");
        } else {
            findings_list(ui, state, ctx, selected);
        }
    });
    let detail = ui.vertical(|ui| {
        ui.separator();
        ui.add_space(theme::space::SMALL);
        match selected {
            Some(i) => finding_detail(ui, state, ctx, &ctx.derived.findings[i]),
            None => {
                ui.weak(
                    "Velg et funn for å se posten og hva som kan gjøres (piltaster og Enter virker også).",
                );
            }
        }
        ui.add_space(theme::space::SMALL);
    });
    let h = detail.response.rect.height();
    if (h - detail_h).abs() > 0.5 {
        ui.data_mut(|d| d.insert_temp(detail_id, h));
        ui.ctx().request_repaint();
    }
}

impl State {
    /// The keyboard goes to the findings list in the next pass (the view was switched to).
    pub fn focus_list(&mut self) {
        self.focus_row = true;
    }
}

fn findings_list(ui: &mut egui::Ui, state: &mut State, ctx: &mut ViewCtx, selected: Option<usize>) {
    let findings = &ctx.derived.findings;
    // Arrow keys move through findings when the list or nothing (no text field, no dialog)
    // has the keyboard; the keyboard follows the selection.
    let free = state.revise.is_none() && (state.rows_had_focus || !ui.ctx().egui_wants_keyboard_input());
    let (down, up, enter) = if free {
        ui.ctx().input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::Enter),
            )
        })
    } else {
        (false, false, false)
    };
    let pos = selected.and_then(|s| state.rows.iter().position(|r| *r == Row::Finding(s)));
    let mut moved_to = None;
    if down || up {
        let finding_rows: Vec<usize> = state
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r, Row::Finding(_)))
            .map(|(i, _)| i)
            .collect();
        let at = pos.and_then(|p| finding_rows.iter().position(|r| *r == p));
        let next = match (at, down) {
            (None, _) => finding_rows.first().copied(),
            (Some(a), true) => finding_rows.get(a + 1).or(finding_rows.last()).copied(),
            (Some(a), false) => finding_rows.get(a.saturating_sub(1)).copied(),
        };
        if let Some(Row::Finding(i)) = next.map(|n| state.rows[n]) {
            state.select(&findings[i]);
            moved_to = next;
            // The arrow belongs to the list: egui must not also move the focus.
            ui.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
            state.focus_row |= state.rows_had_focus;
        }
    }
    if enter && let Some(i) = selected {
        let f = &findings[i];
        ctx.send(Command::Open(f.subject.kind, f.subject.id.clone()));
    }

    let row_h = ui.spacing().interact_size.y + 4.0;
    let mut toggle = None;
    let mut select = None;
    let mut any_focus = false;
    let selected = state.selected_index(findings);
    egui::ScrollArea::vertical().auto_shrink(false).show_rows(ui, row_h, state.rows.len(), |ui, range| {
        for r in range {
            match state.rows[r] {
                Row::Heading(s, n) => {
                    let open = !state.collapsed[group(s)];
                    let arrow = if open { "−" } else { "+" };
                    let text = egui::RichText::new(format!("{arrow} {}", heading_text(s, n)))
                        .strong()
                        .color(severity_color(ui, s));
                    let b = ui
                        .add(egui::Button::new(text).frame(false).min_size(egui::vec2(0.0, row_h - 4.0)))
                        .on_hover_text(if open { "Skjul gruppen" } else { "Vis gruppen" });
                    if b.clicked() {
                        toggle = Some(group(s));
                    }
                }
                Row::Finding(i) => {
                    let f = &findings[i];
                    let text = format!("{} — {}", f.subject.name, f.message);
                    let due = f.due.map(date).unwrap_or_default();
                    let is_sel = Some(i) == selected;
                    ui.horizontal(|ui| {
                        ui.colored_label(severity_color(ui, f.severity), "•");
                        let mut b = egui::Button::selectable(is_sel, text).truncate();
                        // No date, no shortcut text: a screen reader would read a stray space.
                        if !due.is_empty() {
                            b = b.shortcut_text(due);
                        }
                        let resp = ui.add_sized([ui.available_width(), row_h - 4.0], b);
                        let resp = resp.on_hover_text(f.kind.label());
                        if moved_to == Some(r) {
                            resp.scroll_to_me(None);
                        }
                        if state.focus_row && (is_sel || selected.is_none()) {
                            resp.request_focus();
                            state.focus_row = false;
                        }
                        any_focus |= resp.has_focus();
                        if resp.double_clicked() {
                            ctx.commands.push(Command::Open(f.subject.kind, f.subject.id.clone()));
                        } else if resp.clicked() {
                            select = Some(i);
                        }
                    });
                }
            }
        }
    });
    state.rows_had_focus = any_focus || state.focus_row;
    if let Some(g) = toggle {
        state.collapsed[g] = !state.collapsed[g];
    }
    if let Some(i) = select {
        state.select(&findings[i]);
    }
}

/// The selected finding: what it is about, a way to open the record, and the fix.
fn finding_detail(ui: &mut egui::Ui, state: &mut State, ctx: &mut ViewCtx, f: &Finding) {
    ui.horizontal(|ui| {
        ui.colored_label(severity_color(ui, f.severity), format!("• {}", f.kind.label()));
        if let Some(d) = f.due {
            ui.label(format!("Frist {}", date(d)));
        }
    });
    ui.label(egui::RichText::new(&f.subject.name).strong());
    ui.label(&f.message);
    ui.horizontal(|ui| {
        let open = format!("Åpne {}", f.subject.kind.label());
        if ui.button(open).on_hover_text("Vis posten i sin visning (Enter)").clicked() {
            ctx.send(Command::Open(f.subject.kind, f.subject.id.clone()));
        }
        match &f.action {
            Action::MarkRevised => {
                if ui.button("Marker som revidert").on_hover_text("Registrer dato, hvem og merknad").clicked()
                {
                    state.revise =
                        revise::Revise::new(ctx.reg, f.subject.kind, &f.subject.id, ctx.today, ctx.user);
                }
            }
            Action::VerifyContact => {
                if let Some(c) = ctx.reg.contacts.iter().find(|c| c.id.as_str() == f.subject.id) {
                    if ui.button("Bekreft kontakt").on_hover_text("Opplysningene er sjekket i dag").clicked()
                    {
                        ctx.send(Command::Apply(crate::edit::verify_contact(c, ctx.today)));
                    }
                    crate::ui::widgets::contact_card::ask_button(ui, c, ctx.commands);
                }
            }
            Action::ConfirmOffering => {
                if let Some(o) = ctx.reg.offerings.iter().find(|o| o.id.as_str() == f.subject.id)
                    && ui
                        .button("Bekreft aktiv i år")
                        .on_hover_text("Tilbudet går fortsatt (bekreftet i dag)")
                        .clicked()
                {
                    ctx.send(Command::Apply(crate::edit::confirm_offering(o, ctx.today)));
                }
            }
            Action::CreateAgreement { a, b } => {
                if ui
                    .button("Opprett avtaleutkast")
                    .on_hover_text("Et utkast til samarbeidsavtale med begge partene fylt inn")
                    .clicked()
                {
                    let draft = crate::edit::new_agreement(ctx.reg, a, b);
                    let id = draft.id.to_string();
                    ctx.send(Command::Apply(Edit::put(Record::Agreement(draft))));
                    ctx.send(Command::Open(RecordKind::Agreement, id));
                }
            }
            // The other fixes are made in the record itself: «Åpne …» above.
            other => {
                ui.weak(format!("Tiltak: {}", other.label()));
            }
        }
    });
}

fn timeline_ui(ui: &mut egui::Ui, state: &State, ctx: &mut ViewCtx) {
    ui.heading(format!("Revisjoner de neste {HORIZON_DAYS} dagene"));
    if state.overdue > 0 {
        let text = if state.overdue == 1 {
            "1 revisjon er allerede forfalt".to_owned()
        } else {
            format!("{} revisjoner er allerede forfalt", state.overdue)
        };
        ui.colored_label(theme::colors(ui).error, text);
    }
    // The strip: today at the left, +90 days at the right, a dot per revision.
    let (rect, strip) = ui.allocate_exact_size(egui::vec2(ui.available_width(), 54.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let left = rect.left() + 8.0;
    let right = rect.right() - 8.0;
    let y = rect.top() + 18.0;
    let weak = ui.visuals().weak_text_color();
    painter.line_segment([egui::pos2(left, y), egui::pos2(right, y)], egui::Stroke::new(1.5, weak));
    let x_of = |d: NaiveDate| {
        let days = (d - ctx.today).num_days().clamp(0, HORIZON_DAYS as i64) as f32;
        left + (right - left) * days / HORIZON_DAYS as f32
    };
    for days in [0u64, 30, 60, 90] {
        let d = ctx.today + Days::new(days);
        let x = x_of(d);
        painter.line_segment([egui::pos2(x, y - 4.0), egui::pos2(x, y + 4.0)], egui::Stroke::new(1.0, weak));
        let label = if days == 0 { "i dag".to_owned() } else { d.format("%d.%m").to_string() };
        painter.text(
            egui::pos2(x, y + 8.0),
            egui::Align2::CENTER_TOP,
            label,
            egui::FontId::proportional(11.0),
            weak,
        );
    }
    let hover = ui.ctx().pointer_hover_pos().filter(|p| rect.contains(*p));
    let mut tip: Option<String> = None;
    let p = theme::colors(ui);
    let (today, warn_days) = (ctx.today, ctx.reg.settings.warn_days);
    let soon = move |d: NaiveDate| (d - today).num_days() <= i64::from(warn_days);
    for due in &state.timeline {
        let x = x_of(due.date);
        // Shape as well as colour: a triangle for soon, a dot for later.
        due_mark(&painter, egui::pos2(x, y), soon(due.date), p);
        if hover.is_some_and(|p| (p.x - x).abs() < 6.0 && (p.y - y).abs() < 8.0) {
            tip = Some(format!("{} – {}", date(due.date), due.title));
        }
    }
    if let Some(tip) = tip {
        strip.on_hover_text_at_pointer(tip);
    }
    ui.horizontal_wrapped(|ui| {
        for (is_soon, text) in [
            (true, format!("forfaller innen {} dager", ctx.reg.settings.warn_days)),
            (false, "senere".into()),
        ] {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
            due_mark(ui.painter(), rect.center(), is_soon, p);
            ui.label(text);
            ui.add_space(theme::space::SECTION);
        }
    });
    // The same revisions as a list, readable by screen readers and from the keyboard.
    if state.timeline.is_empty() {
        ui.weak("Ingen revisjoner forfaller i perioden.");
    }
    for due in &state.timeline {
        ui.horizontal(|ui| {
            ui.label(date(due.date));
            if soon(due.date) {
                ui.colored_label(p.warning, "snart:");
            }
            if ui.link(&due.title).on_hover_text(format!("Åpne {}", due.kind.label())).clicked() {
                ctx.send(Command::Open(due.kind, due.id.clone()));
            }
        });
    }
}

/// A revision on the timeline: a triangle in the warning colour when it is due soon, else a
/// dot in the information colour.
fn due_mark(painter: &egui::Painter, at: egui::Pos2, soon: bool, p: &theme::Palette) {
    if soon {
        let pts = vec![at + egui::vec2(0.0, -6.0), at + egui::vec2(6.0, 5.0), at + egui::vec2(-6.0, 5.0)];
        painter.add(egui::Shape::convex_polygon(pts, p.warning, egui::Stroke::NONE));
    } else {
        painter.circle_filled(at, 5.0, p.info);
    }
}

fn status_chart(ui: &mut egui::Ui, state: &State) {
    use egui_plot::{Bar, BarChart, Plot};
    ui.heading("Avtaler etter status");
    let colors = [
        theme::colors(ui).info,
        theme::colors(ui).ok,
        theme::colors(ui).warning,
        ui.visuals().weak_text_color(),
    ];
    let bars: Vec<Bar> = state
        .by_status
        .iter()
        .enumerate()
        .map(|(i, (s, n))| {
            Bar::new(i as f64, *n as f64).name(s.label()).width(0.6).fill(colors[i % colors.len()])
        })
        .collect();
    let labels: Vec<&'static str> = state.by_status.iter().map(|(s, _)| s.label()).collect();
    let max = state.by_status.iter().map(|(_, n)| *n).max().unwrap_or(0) as f64;
    Plot::new("avtaler-etter-status")
        .height(180.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_grid([false, true])
        .include_y(0.0)
        .include_y(max + 1.0)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                labels.get(i as usize).map(|s| (*s).to_owned()).unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| plot.bar_chart(BarChart::new("Avtaler", bars)));
    // The counts in words, for screen readers and a quick read.
    let words: Vec<String> = state.by_status.iter().map(|(s, n)| format!("{}: {n}", s.label())).collect();
    ui.label(words.join(" · "));
}
