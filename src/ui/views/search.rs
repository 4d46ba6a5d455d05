//! Søk: find a contact, service, offering or agreement as you type. Opens first with the
//! field focused; arrow keys choose a result, the card on the right shows it, Enter opens
//! it in its own view.

use crate::model::dates::format as date;
use crate::model::format::display_phone;
use crate::model::{Labelled, RecordKind, Register};
use crate::search::joined;
use crate::search::{Hit, Results};
use crate::ui::command::{Action, Command, shortcut_text};
use crate::ui::ctx::ViewCtx;
use crate::ui::theme;
use crate::ui::widgets::list_keys::ListKeys;
use crate::ui::widgets::{self, contact_card, copy_button, dialog};
use eframe::egui::{self, Key};

pub struct State {
    pub query: String,
    /// Put the cursor in the field on the next frame.
    pub focus: bool,
    pub selected: usize,
    /// (register revision, query) the results belong to.
    key: Option<(u64, String)>,
    results: Results,
    scroll_to_selected: bool,
    /// The reachable contacts of the service on the card, by position, with the register
    /// revision and service they were found for: a scan of every contact, done once per
    /// selection rather than every frame (at 300,000 records it takes milliseconds).
    service_people: Option<(u64, crate::model::ServiceId, Vec<usize>)>,
}

impl Default for State {
    fn default() -> Self {
        Self {
            query: String::new(),
            focus: true,
            selected: 0,
            key: None,
            results: Results::default(),
            scroll_to_selected: false,
            service_people: None,
        }
    }
}

impl State {
    /// The current results (recomputed only when the query or the register changes).
    pub fn results(&self) -> &Results {
        &self.results
    }

    /// The chosen result, found again by id while the index is rebuilt after an edit.
    pub fn selected_hit(&self, derived: &crate::ui::ctx::Derived, reg: &Register) -> Option<Hit> {
        if self.query.trim().is_empty() {
            return None;
        }
        let hit = *self.results.hits.get(self.selected)?;
        if derived.is_updating() { derived.search.locate(hit, reg) } else { Some(hit) }
    }
}

const FIELD_ID: &str = "sokefelt";
/// The hit list's panel beside the card, and above it.
const HITS_BESIDE: &str = "sok-treffliste";
const HITS_ABOVE: &str = "sok-treffliste-over";

pub fn show(ui: &mut egui::Ui, state: &mut State, ctx: &mut ViewCtx) {
    let field_id = egui::Id::unique(FIELD_ID);
    // Keys go to the list while the field (or nothing) has focus.
    let focused = ui.ctx().memory(|m| m.focused());
    let ours = (focused.is_none() || focused == Some(field_id)) && !dialog::any_open(ui.ctx());
    let keys = ListKeys::read(ui.ctx(), ours);
    let (enter, escape) = (keys.enter, ours && ui.input(|i| i.key_pressed(Key::Escape)));

    ui.add_space(theme::space::SMALL);
    ui.horizontal(|ui| {
        let label = ui.label(egui::RichText::new("Søk").heading());
        let field = egui::TextEdit::singleline(&mut state.query)
            .id(field_id)
            .hint_text("Navn, rolle, tema («nav ung», «18–25»), tjeneste eller telefon")
            .desired_width(ui.available_width().min(640.0));
        let resp = ui.add(field).labelled_by(label.id);
        if state.focus {
            resp.request_focus();
            state.focus = false;
        }
        if escape && !state.query.is_empty() {
            state.query.clear();
            resp.request_focus();
        }
        // Enter in a single-line field gives up focus; take it back for the next query.
        if enter && resp.lost_focus() {
            resp.request_focus();
        }
    });
    ui.add_space(theme::space::GROUP);

    let revision = ctx.derived.revision.unwrap_or(0);
    if state.key.as_ref().is_none_or(|(r, q)| *r != revision || *q != state.query) {
        let query_changed = state.key.as_ref().is_none_or(|(_, q)| *q != state.query);
        state.results = ctx.derived.search.query(&state.query, crate::search::LIMIT);
        state.key = Some((revision, state.query.clone()));
        if query_changed {
            state.selected = 0;
        }
    }
    // While the index is rebuilt in the background after an edit it lags behind: find each
    // hit again by id, and leave out records that were removed. Otherwise the hits stand.
    let located: Vec<Hit>;
    let hits: &[Hit] = if ctx.derived.is_updating() {
        located = state.results.hits.iter().filter_map(|h| ctx.derived.search.locate(*h, ctx.reg)).collect();
        &located
    } else {
        &state.results.hits
    };
    let n = hits.len();
    if keys.step(&mut state.selected, n) {
        state.scroll_to_selected = true;
    }
    if let Some(hit) = keys.chosen(hits, state.selected) {
        ctx.send(Command::Open(hit.kind, hit.id(ctx.reg).to_owned()));
    }

    if state.query.trim().is_empty() {
        ui.add_space(theme::space::BESIDE);
        ui.label("Skriv et navn, en rolle, et tema eller et telefonnummer.");
        ui.weak("Piltastene velger et treff, Enter åpner det. Ctrl+K viser alle kommandoer.");
        return;
    }
    if n == 0 {
        ui.label(format!("Ingen treff på «{}».", state.query.trim()));
        return;
    }

    let selected = hits[state.selected.min(n - 1)];
    let mut clicked = None;
    let mut open = None;
    // The hits on the left, drawn first so that Tab reaches them before the card, as the
    // eye does; the card takes the rest. When the window is narrow (a large zoom: 640
    // points at 200 %) the card goes under the hits, as in the record views. egui keeps
    // where the user dragged the divider.
    let panel = widgets::ListPanel {
        beside: HITS_BESIDE,
        above: HITS_ABOVE,
        what: "trefflisten",
        width: |w| ((w - 540.0).max(w * 0.4), w * 0.25..=(w - 300.0).max(w * 0.25)),
        height: |h| (h * 0.4, (h * 0.2).min(100.0)..=h * 0.6),
    };
    panel.show(ui, |ui| {
        let total = state.results.total;
        ui.label(if total > n {
            format!("{total} treff, de {n} beste vises")
        } else if total == 1 {
            "1 treff".to_owned()
        } else {
            format!("{total} treff")
        });
        let row_h = ui.spacing().interact_size.y + 4.0;
        let scroll = std::mem::take(&mut state.scroll_to_selected);
        egui::ScrollArea::vertical().id_salt("sok-treff").auto_shrink(false).show_rows(
            ui,
            row_h,
            n,
            |ui, range| {
                // A list of list items for a screen reader: «Treff, liste», «2 av 14».
                widgets::list(ui, "Treff", n, |ui| {
                    for i in range {
                        let hit = hits[i];
                        let (title, detail) = row_text(ctx.reg, hit, &state.results);
                        let b = egui::Button::selectable(i == state.selected, title)
                            .shortcut_text(detail)
                            .truncate()
                            .min_size(egui::vec2(ui.available_width(), row_h - 4.0));
                        // Added straight to the list (not in a sized box), so each item is a child of it.
                        let resp = ui.add(b);
                        widgets::list_item(&resp, i, i == state.selected);
                        if scroll && i == state.selected {
                            resp.scroll_to_me(None);
                        }
                        if resp.double_clicked() {
                            open = Some(hit);
                        } else if resp.clicked() {
                            clicked = Some(i);
                        }
                    }
                });
            },
        );
    });
    // The card fills the rest and never widens it: a long line is cut, not allowed to push
    // the divider, so the split stays where the user put it from search to search.
    egui::ScrollArea::both().id_salt("sok-kort-rull").auto_shrink(false).show(ui, |ui| {
        ui.add_space(theme::space::SMALL);
        card(ui, ctx, selected, &mut state.service_people);
    });
    if let Some(i) = clicked {
        state.selected = i;
        state.focus = true;
    }
    if let Some(hit) = open {
        ctx.send(Command::Open(hit.kind, hit.id(ctx.reg).to_owned()));
    }
}

/// A result line: the name, and on the right why it matched (when not as typed) and a
/// short description.
fn row_text(reg: &Register, hit: Hit, results: &Results) -> (String, String) {
    let text = crate::search::HitText::new(reg, hit, results);
    (text.title, text.detail)
}

/// The card for the selected result: the full contact card, or a short summary.
fn card(
    ui: &mut egui::Ui,
    ctx: &mut ViewCtx,
    hit: Hit,
    service_people: &mut Option<(u64, crate::model::ServiceId, Vec<usize>)>,
) {
    let reg = ctx.reg;
    let line = |ui: &mut egui::Ui, label: &str, value: &str| {
        if !value.trim().is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("{label}:"));
                ui.label(value);
            });
        }
    };
    match hit.kind {
        RecordKind::Contact => {
            contact_card::show(ui, reg, &reg.contacts[hit.pos], ctx.today, ctx.commands);
            return;
        }
        RecordKind::Service => {
            let s = &reg.services[hit.pos];
            ui.heading(s.display_name());
            line(ui, "Sektor", s.sector.label());
            if !s.phone.is_empty() {
                ui.horizontal(|ui| {
                    ui.label("Telefon:");
                    let shown = display_phone(&s.phone);
                    match crate::model::format::tel_link(&s.phone) {
                        Some(url) => ui.hyperlink_to(&shown, url),
                        None => ui.label(&shown),
                    };
                    let shortcut =
                        Action::CopyPhone.shortcut().map(|k| shortcut_text(ui.ctx(), &k)).unwrap_or_default();
                    let text = crate::model::format::phone_for_copy(&s.phone);
                    let tip = format!("Kopier telefon til utklippstavlen ({shortcut})");
                    copy_button(ui, "Kopier telefon", &tip, text, "telefon", ctx.commands);
                });
            }
            if !s.email.is_empty() {
                ui.horizontal(|ui| {
                    ui.label("E-post:");
                    ui.hyperlink_to(&s.email, format!("mailto:{}", s.email.trim()));
                    let tip = "Kopier e-post til utklippstavlen";
                    copy_button(ui, "Kopier e-post", tip, s.email.trim().to_owned(), "e-post", ctx.commands);
                });
            }
            line(ui, "Åpningstider", &s.opening_hours);
            line(ui, "Adresse", &s.address);
            line(ui, "Om tjenesten", &s.description);
            if service_people.as_ref().is_none_or(|(rev, id, _)| *rev != ctx.revision || *id != s.id) {
                let found =
                    reg.contacts.iter().enumerate().filter(|(_, c)| c.service == s.id && c.is_reachable());
                *service_people = Some((ctx.revision, s.id.clone(), found.map(|(i, _)| i).collect()));
            }
            let people = service_people.as_ref().map_or(&[][..], |(_, _, people)| people.as_slice());
            if !people.is_empty() {
                ui.add_space(theme::space::GROUP);
                ui.strong("Kontakter");
                for c in people.iter().take(12).map(|i| &reg.contacts[*i]) {
                    ui.horizontal(|ui| {
                        if ui.link(c.display_name()).clicked() {
                            ctx.commands.push(Command::Open(RecordKind::Contact, c.id.to_string()));
                        }
                        ui.weak(joined(&[&c.role, &display_phone(&c.phone.value)]));
                    });
                }
            }
        }
        RecordKind::Offering => {
            let o = &reg.offerings[hit.pos];
            ui.heading(&o.name);
            line(ui, "Tilbys av", &reg.service(&o.provider).map(|s| s.name.clone()).unwrap_or_default());
            line(ui, "Tema", &o.theme);
            line(ui, "Målgruppe", &o.target_group);
            line(ui, "Alder", &o.age.map(|a| a.to_string()).unwrap_or_default());
            line(ui, "Når", &o.schedule);
            line(ui, "Pris", if o.free { "Gratis" } else { &o.price });
            line(ui, "Slik blir man med", &o.how_to_join);
            line(ui, "Sist bekreftet", &o.confirmed.map(date).unwrap_or_else(|| "aldri".into()));
        }
        RecordKind::Agreement => {
            let a = &reg.agreements[hit.pos];
            ui.heading(&a.title);
            line(ui, "Status", a.status.label());
            let parties: Vec<String> =
                a.parties.iter().map(|p| reg.service(p).map_or(p.to_string(), |s| s.name.clone())).collect();
            line(ui, "Parter", &parties.join(", "));
            line(ui, "Sist revidert", &a.last_revised().map(date).unwrap_or_default());
            line(ui, "Neste revisjon", &a.next_revision().map(date).unwrap_or_default());
            line(ui, "Formål", &a.purpose);
        }
        RecordKind::Routine => {
            let r = &reg.routines[hit.pos];
            ui.heading(&r.title);
            line(ui, "Formalisering", r.formalisation.label());
            line(ui, "Neste revisjon", &r.next_revision().map(date).unwrap_or_default());
            line(ui, "Beskrivelse", &r.description);
        }
        RecordKind::Forum => {
            let f = &reg.forums[hit.pos];
            ui.heading(&f.name);
            line(ui, "Hyppighet", f.frequency.map(|x| x.label()).unwrap_or_default());
            line(ui, "Mandat", &f.mandate);
        }
        RecordKind::Expectation => {}
    }
    ui.add_space(theme::space::SECTION);
    let open = format!("Åpne {}", hit.kind.label());
    if ui.button(open).on_hover_text("Vis posten i sin visning (Enter)").clicked() {
        ctx.commands.push(Command::Open(hit.kind, hit.id(reg).to_owned()));
    }
}
