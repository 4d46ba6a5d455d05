//! Innstillinger: the register file (open, new, save as), the review's thresholds, the
//! expected collaborations, and the user's own preferences (name, theme, zoom, autosave).
//! Register settings change through edits (undoable, logged); preferences are per user.

use crate::edit::{Edit, Record};
use crate::model::{Expectation, Labelled, Party, RecordKind, Register, Sector, Settings, sort_key};
use crate::review::Coverage;
use crate::ui::command::{Action, Command};
use crate::ui::ctx::ViewCtx;
use crate::ui::prefs::Prefs;
use crate::ui::theme;
use crate::ui::widgets::pick::{self, Entries};
use eframe::egui;

#[derive(Default)]
pub struct State {
    /// The thresholds being edited, and the revision they were copied at.
    settings: Option<(u64, Settings)>,
    /// The register's own search words being edited (one group per line), and the
    /// revision they were copied at.
    synonyms: Option<(u64, String)>,
    /// The user's name being typed (applied when the field is left).
    name: Option<String>,
    new_a: Option<Party>,
    new_b: Option<Party>,
    new_basis: String,
    /// Party choices and coverage per expectation, cached per revision.
    cache: Option<Cache>,
    /// The frame the view was last drawn in: a gap means it was opened afresh.
    last_pass: Option<u64>,
}

struct Cache {
    revision: u64,
    parties: Vec<(Party, String)>,
    rows: Vec<(String, String, String, Coverage)>,
}

/// In the picker, sectors are marked so they are not mistaken for a service.
fn picker_name(reg: &Register, p: &Party) -> String {
    match p {
        Party::Service(_) => p.name(reg),
        Party::Sector(s) => format!("Sektor: {}", s.label()),
    }
}

impl State {
    fn refresh(&mut self, ctx: &ViewCtx) {
        let revision = ctx.derived.revision.unwrap_or(0);
        if self.cache.as_ref().is_some_and(|c| c.revision == revision) {
            return;
        }
        let reg = ctx.reg;
        let mut parties: Vec<(Party, String)> =
            Sector::ALL.iter().map(|s| (Party::Sector(*s), picker_name(reg, &Party::Sector(*s)))).collect();
        let mut services: Vec<(Party, String)> = reg
            .services
            .iter()
            .filter(|s| s.active)
            .map(|s| (Party::Service(s.id.clone()), s.name.clone()))
            .collect();
        services.sort_by_cached_key(|(_, n)| sort_key(n));
        parties.extend(services);
        let index = crate::review::CoverageIndex::new(reg);
        let rows = reg
            .expectations
            .iter()
            .map(|e| {
                let pair = format!("{} – {}", e.a.name(reg), e.b.name(reg));
                (e.id.to_string(), pair, e.basis.clone(), index.coverage(&e.a, &e.b))
            })
            .collect();
        self.cache = Some(Cache { revision, parties, rows });
        if self.settings.as_ref().is_some_and(|(r, _)| *r != revision) {
            self.settings = None;
        }
        if self.synonyms.as_ref().is_some_and(|(r, _)| *r != revision) {
            self.synonyms = None;
        }
    }
}

fn section(ui: &mut egui::Ui, title: &str) {
    ui.add_space(theme::space::BESIDE);
    ui.heading(title);
    ui.add_space(theme::space::SMALL);
}

fn command_button(ui: &mut egui::Ui, ctx: &mut ViewCtx, c: Action) {
    if ui.button(c.label()).on_hover_text(c.hover_text(ui.ctx())).clicked() {
        ctx.send(c);
    }
}

pub fn show(ui: &mut egui::Ui, state: &mut State, ctx: &mut ViewCtx) {
    state.refresh(ctx);
    // Opened afresh, the view starts at the top (its own scroll position, not another
    // view's).
    let pass = ui.ctx().cumulative_pass_nr();
    let fresh = state.last_pass.is_none_or(|p| p + 1 < pass);
    state.last_pass = Some(pass);
    let mut area = egui::ScrollArea::vertical().id_salt("innstillinger").auto_shrink(false);
    if fresh {
        area = area.vertical_scroll_offset(0.0);
    }
    area.show(ui, |ui| {
        ui.set_max_width(theme::size::DIALOG_WIDE);
        ui.heading("Innstillinger");

        section(ui, "Registerfil");
        ui.label(ctx.path.display().to_string());
        ui.horizontal(|ui| {
            command_button(ui, ctx, Action::OpenFile);
            command_button(ui, ctx, Action::NewRegister);
            command_button(ui, ctx, Action::SaveAs);
        });

        section(ui, "Terskler for gjennomgangen");
        ui.weak("Gjelder alle som bruker registeret.");
        thresholds(ui, state, ctx);

        section(ui, "Søkeord");
        ui.weak(
            "Ord og forkortelser som betyr det samme når dere søker, i tillegg til dem Samkart har \
             med seg. Én gruppe per linje, skilt med «=», for eksempel «Vinstra = Nord-Fron». \
             Gjelder alle som bruker registeret.",
        );
        synonyms(ui, state, ctx);

        section(ui, "Forventede samarbeid");
        ui.weak("Par som loven eller planen sier skal samarbeide. Oversikt varsler når ingen vedtatt avtale eller rutine dekker paret.");
        expectations(ui, state, ctx);

        section(ui, "Bruker");
        user_prefs(ui, state, ctx);
    });
}

fn number_row(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut u32,
    range: std::ops::RangeInclusive<u32>,
    unit: &str,
) {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        ui.add(egui::DragValue::new(value).range(range).suffix(unit)).labelled_by(l.id);
    });
}

fn thresholds(ui: &mut egui::Ui, state: &mut State, ctx: &mut ViewCtx) {
    let revision = ctx.derived.revision.unwrap_or(0);
    let (_, draft) = state.settings.get_or_insert_with(|| (revision, ctx.reg.settings.clone()));
    number_row(ui, "Varsle dager før frist", &mut draft.warn_days, 0..=365, " dager");
    number_row(ui, "Bekreft kontakter hver", &mut draft.contact_max_age_months, 1..=60, " måneder");
    number_row(ui, "Bekreft tilbud hver", &mut draft.offering_confirm_months, 1..=60, " måneder");
    ui.horizontal(|ui| {
        let l = ui.label("Bekreft frivillige tilbud i");
        crate::ui::widgets::combo_labelled(
            egui::ComboBox::from_id_salt("bekreftelsesmaaned")
                .selected_text(draft.volunteer_confirm_month.map_or("ikke valgt", |m| m.label()))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut draft.volunteer_confirm_month, None, "ikke valgt");
                    for m in crate::model::Month::ALL {
                        ui.selectable_value(&mut draft.volunteer_confirm_month, Some(*m), m.label());
                    }
                })
                .response,
            l.id,
        )
        .on_hover_text(
            "Måneden kommunen hvert år bekrefter at de frivillige tilbudene går (vises i Årshjul)",
        );
    });
    let changed = *draft != ctx.reg.settings;
    ui.horizontal(|ui| {
        if ui.add_enabled(changed, egui::Button::new("Bruk tersklene")).clicked() {
            ctx.send(Command::Apply(Edit::SetSettings(draft.clone())));
        }
        if ui.add_enabled(changed, egui::Button::new("Tilbakestill")).clicked() {
            *draft = ctx.reg.settings.clone();
        }
    });
}

fn synonyms(ui: &mut egui::Ui, state: &mut State, ctx: &mut ViewCtx) {
    let revision = ctx.derived.revision.unwrap_or(0);
    let (_, text) = state.synonyms.get_or_insert_with(|| (revision, ctx.reg.settings.synonyms.join("\n")));
    let label = ui.label("Registerets egne søkeord");
    ui.add(
        egui::TextEdit::multiline(text)
            .desired_rows(4)
            .desired_width(ui.available_width().min(640.0))
            .hint_text("Vinstra = Nord-Fron"),
    )
    .labelled_by(label.id);
    let parsed = crate::search::synonyms::parse_local(text);
    let changed = parsed.as_ref().is_ok_and(|lines| *lines != ctx.reg.settings.synonyms);
    if let Err(problems) = &parsed {
        for p in problems {
            ui.colored_label(theme::colors(ui).error, p);
        }
    }
    ui.horizontal(|ui| {
        if ui.add_enabled(changed, egui::Button::new("Bruk søkeordene")).clicked()
            && let Ok(lines) = parsed.clone()
        {
            let mut settings = ctx.reg.settings.clone();
            settings.synonyms = lines;
            ctx.send(Command::Apply(Edit::SetSettings(settings)));
        }
        let edited = *text != ctx.reg.settings.synonyms.join("\n");
        if ui.add_enabled(edited, egui::Button::new("Tilbakestill søkeordene")).clicked() {
            *text = ctx.reg.settings.synonyms.join("\n");
        }
    });
    ui.collapsing("Søkeordene Samkart har med seg", |ui| {
        let shipped: Vec<&str> = crate::search::synonyms::SHIPPED
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .collect();
        ui.weak(shipped.join("\n"));
    });
}

fn party_picker(
    ui: &mut egui::Ui,
    id: &str,
    label: &str,
    value: &mut Option<Party>,
    parties: &[(Party, String)],
) {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        let shown = value
            .as_ref()
            .and_then(|v| parties.iter().find(|(p, _)| p == v))
            .map_or("Velg …".to_owned(), |(_, n)| n.clone());
        // Sectors first, then every service: long enough to want the filter.
        let order: Vec<usize> = (0..parties.len()).collect();
        let (r, picked) =
            pick::pick(ui, ui.make_persistent_id(id), &shown, 320.0, Entries::all(&order), |i| {
                parties[i].1.clone()
            });
        r.labelled_by(l.id);
        if let Some(i) = picked {
            *value = Some(parties[i].0.clone());
        }
    });
}

fn expectations(ui: &mut egui::Ui, state: &mut State, ctx: &mut ViewCtx) {
    let Some(cache) = &state.cache else { return };
    if cache.rows.is_empty() {
        ui.label("Ingen forventede samarbeid er registrert.");
    }
    egui::Grid::new("forventninger").striped(true).num_columns(4).spacing([12.0, 4.0]).show(ui, |ui| {
        for (id, pair, basis, coverage) in &cache.rows {
            ui.label(pair);
            ui.weak(basis);
            let color = match coverage {
                Coverage::Formalised => theme::colors(ui).ok,
                Coverage::Informal => theme::colors(ui).warning,
                Coverage::None => theme::colors(ui).error,
            };
            ui.colored_label(color, coverage.label());
            // Short on screen; the full name for screen readers, so each button is distinct.
            let remove = ui.button("Fjern").on_hover_text("Fjern det forventede samarbeidet");
            let name = format!("Fjern «{pair}»");
            remove.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
            if remove.clicked() {
                ctx.send(Command::Apply(Edit::Remove(RecordKind::Expectation, id.clone())));
            }
            ui.end_row();
        }
    });
    ui.add_space(theme::space::SECTION);
    ui.strong("Legg til");
    party_picker(ui, "forventning-a", "Part A", &mut state.new_a, &cache.parties);
    party_picker(ui, "forventning-b", "Part B", &mut state.new_b, &cache.parties);
    ui.horizontal(|ui| {
        let l = ui.label("Grunnlag");
        ui.add(egui::TextEdit::singleline(&mut state.new_basis).hint_text("F.eks. barnevernsloven § 15-8"))
            .labelled_by(l.id);
    });
    let ready = match (&state.new_a, &state.new_b) {
        (Some(a), Some(b)) => a != b,
        _ => false,
    };
    if ui.add_enabled(ready, egui::Button::new("Legg til forventet samarbeid")).clicked()
        && let (Some(a), Some(b)) = (state.new_a.take(), state.new_b.take())
    {
        let reg = ctx.reg;
        let slug = format!("{} {}", a.name(reg), b.name(reg));
        let id = reg.free_id(RecordKind::Expectation, &slug);
        let e = Expectation {
            id: id.as_str().into(),
            a,
            b,
            basis: std::mem::take(&mut state.new_basis).trim().to_owned(),
            note: String::new(),
        };
        ctx.send(Command::Apply(Edit::put(Record::Expectation(e))));
    }
}

fn user_prefs(ui: &mut egui::Ui, state: &mut State, ctx: &mut ViewCtx) {
    let mut prefs: Prefs = ctx.prefs.clone();
    let name = state.name.get_or_insert_with(|| prefs.user_name.clone());
    let resp = ui
        .horizontal(|ui| {
            let l = ui.label("Ditt navn (står i endringsloggen)");
            ui.text_edit_singleline(name).labelled_by(l.id)
        })
        .inner;
    if resp.lost_focus() {
        prefs.user_name = name.trim().to_owned();
        state.name = None;
    }
    ui.horizontal(|ui| {
        ui.label("Tema");
        ui.radio_value(&mut prefs.dark, false, "Lyst");
        ui.radio_value(&mut prefs.dark, true, "Mørkt");
    });
    ui.horizontal(|ui| {
        let l = ui.label("Tekststørrelse");
        ui.add(
            egui::Slider::new(&mut prefs.zoom, 0.6..=2.5)
                .step_by(0.1)
                .custom_formatter(|v, _| format!("{:.0} %", v * 100.0)),
        )
        .labelled_by(l.id);
    });
    ui.checkbox(&mut prefs.autosave, "Lagre automatisk noen sekunder etter hver endring");
    if prefs != *ctx.prefs {
        ctx.send(Command::SetPrefs(Box::new(prefs)));
    }
}
