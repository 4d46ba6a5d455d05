//! The shared machinery of the record views (Tjenester, Kontakter, Avtaler, Rutiner, Fora,
//! Tilbud): a sortable, filterable, virtualised table on the left and a detail panel with an
//! editing form on the right.
//!
//! Each view describes its record type once through [`Kind`]; [`List`] holds what the view
//! remembers and [`show`] draws it. Filtered and sorted row indices are cached and rebuilt
//! only when the register's revision, the filter or the sort order changes, so a frame costs
//! what is on screen. Edits are made on a draft copy and reach the register only through
//! `Command::Apply(Edit::put(..))` when the user presses «Lagre».

pub mod fields;
pub mod refs;

use crate::edit::{Edit, Record};
use crate::model::{
    Contact, ContactId, Labelled, PreventionLevel, RecordKind, Register, Revision, Sector, Service,
    ServiceId, sort_key,
};
use crate::ui::app::ViewCtx;
use crate::ui::command::Command;
use crate::ui::theme;
use chrono::NaiveDate;
use eframe::egui;
use egui_extras::{Column, TableBuilder};
use fields::Form;
use std::collections::HashMap;

/// Id → position maps and name-sorted orders, rebuilt once per register revision so that
/// cells and pickers can look up services and contacts without scanning the register.
#[derive(Default)]
pub struct Lookup {
    revision: Option<u64>,
    services: HashMap<String, usize>,
    contacts: HashMap<String, usize>,
    services_sorted: Vec<usize>,
    contacts_sorted: Vec<usize>,
}

impl Lookup {
    /// Rebuilds when the register changed since the last call.
    pub fn refresh(&mut self, reg: &Register, revision: Option<u64>) {
        if self.revision == revision && revision.is_some() {
            return;
        }
        self.revision = revision;
        self.services = reg.services.iter().enumerate().map(|(i, s)| (s.id.to_string(), i)).collect();
        self.contacts = reg.contacts.iter().enumerate().map(|(i, c)| (c.id.to_string(), i)).collect();
        self.services_sorted = (0..reg.services.len()).collect();
        self.services_sorted.sort_by_cached_key(|i| sort_key(&reg.services[*i].name));
        self.contacts_sorted = (0..reg.contacts.len()).collect();
        self.contacts_sorted.sort_by_cached_key(|i| sort_key(reg.contacts[*i].display_name()));
    }

    pub fn service<'r>(&self, reg: &'r Register, id: &ServiceId) -> Option<&'r Service> {
        self.services.get(id.as_str()).and_then(|i| reg.services.get(*i)).filter(|s| &s.id == id)
    }

    pub fn contact<'r>(&self, reg: &'r Register, id: &ContactId) -> Option<&'r Contact> {
        self.contacts.get(id.as_str()).and_then(|i| reg.contacts.get(*i)).filter(|c| &c.id == id)
    }

    /// The service's name, or its id when it does not exist.
    pub fn service_name(&self, reg: &Register, id: &ServiceId) -> String {
        self.service(reg, id).map_or_else(|| id.to_string(), |s| s.name.clone())
    }

    pub fn contact_name(&self, reg: &Register, id: &Option<ContactId>) -> String {
        match id {
            None => String::new(),
            Some(id) => self.contact(reg, id).map_or_else(|| id.to_string(), |c| c.display_name().to_owned()),
        }
    }

    pub fn sorted_services(&self) -> &[usize] {
        &self.services_sorted
    }

    pub fn sorted_contacts(&self) -> &[usize] {
        &self.contacts_sorted
    }
}

/// What the user has chosen to see.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub text: String,
    pub sector: Option<Sector>,
    pub municipality: Option<String>,
    pub prevention: Option<PreventionLevel>,
    /// Index into [`Kind::STATUSES`].
    pub status: Option<usize>,
    /// Only records with findings.
    pub flagged: bool,
}

/// One kind of record as a view shows it.
pub trait Kind: Clone + PartialEq + 'static {
    const KIND: RecordKind;
    /// Button text for a new record: «Ny tjeneste».
    const NEW: &'static str;
    const COLUMNS: &'static [&'static str];
    /// Initial column widths; the last column takes the rest.
    const WIDTHS: &'static [f32];
    const MUNICIPALITY_FILTER: bool = false;
    const PREVENTION_FILTER: bool = false;
    /// Values of the status filter; empty for none.
    const STATUSES: &'static [&'static str] = &[];
    /// Button text for deactivating («Deaktiver»), if the kind can be deactivated.
    const DEACTIVATE: Option<&'static str> = None;
    /// Agreements and routines: offer «Marker som revidert».
    const REVISABLE: bool = false;

    fn all(reg: &Register) -> &[Self];
    fn id(&self) -> &str;
    fn name(&self) -> &str;
    fn set_identity(&mut self, id: String, name: String);
    /// A new record with defaults, before the user fills it in.
    fn blank(reg: &Register) -> Self;
    fn into_record(self) -> Record;
    /// The text of a table cell.
    fn cell(&self, col: usize, reg: &Register, lk: &Lookup) -> String;
    /// What a column sorts by; dates override this with year first.
    fn sort_text(&self, col: usize, reg: &Register, lk: &Lookup) -> String {
        self.cell(col, reg, lk)
    }
    /// Lower-case text the filter field searches in.
    fn haystack(&self, reg: &Register, lk: &Lookup) -> String;
    fn in_sector(&self, _sector: Sector, _reg: &Register, _lk: &Lookup) -> bool {
        true
    }
    fn in_municipality(&self, _number: &str, _reg: &Register, _lk: &Lookup) -> bool {
        true
    }
    fn has_prevention(&self, _level: PreventionLevel) -> bool {
        true
    }
    /// Index into [`Self::STATUSES`].
    fn status(&self) -> usize {
        0
    }
    fn is_active(&self) -> bool {
        true
    }
    fn deactivate(&mut self) {}
    /// Tidy before saving: phone numbers as «xx xx xx xx», trimmed text.
    fn normalise(&mut self) {}
    /// A copy starts without history.
    fn duplicated(&mut self) {}
    /// The editing form, one [`Form`] row per field, inside a two-column grid.
    fn form(ui: &mut egui::Ui, draft: &mut Self, form: &mut Form, reg: &Register, lk: &Lookup);
    fn revisions(&self) -> &[Revision] {
        &[]
    }
    fn add_revision(&mut self, _revision: Revision) {}
}

/// The «Marker som revidert» form: date, by whom, note.
struct RevisionForm {
    date: String,
    by: String,
    note: String,
}

/// Asking before a delete, with the references it would break.
struct ConfirmDelete {
    id: String,
    name: String,
    refs: Vec<String>,
}

/// What a record view remembers between frames.
pub struct List<T: Kind> {
    pub filter: Filter,
    /// Column and ascending.
    pub sort: (usize, bool),
    cache_key: Option<(Option<u64>, Filter, (usize, bool))>,
    /// Positions in `T::all(reg)`, filtered and sorted.
    rows: Vec<usize>,
    /// Lower-case search text per record, built once per revision so that a keystroke in
    /// the filter only scans strings.
    haystacks: Vec<String>,
    haystacks_revision: Option<u64>,
    lookup: Lookup,
    /// Finding messages per record id of this kind.
    flags: HashMap<String, Vec<String>>,
    flags_revision: Option<u64>,
    /// The id of the selected record.
    pub selected: Option<String>,
    /// The record being edited, and the record as it is in the register (`None` while new).
    draft: Option<T>,
    original: Option<T>,
    form: Form,
    /// Errors of the last form pass: «Lagre» is disabled while there are any.
    errors: Vec<String>,
    pending_open: Option<String>,
    scroll_to: Option<usize>,
    focus_selected: bool,
    rows_had_focus: bool,
    notice: Option<String>,
    confirm_delete: Option<ConfirmDelete>,
    revision_form: Option<RevisionForm>,
    seen_revision: Option<u64>,
}

impl<T: Kind> Default for List<T> {
    fn default() -> Self {
        Self {
            filter: Filter::default(),
            sort: (0, true),
            cache_key: None,
            rows: Vec::new(),
            haystacks: Vec::new(),
            haystacks_revision: None,
            lookup: Lookup::default(),
            flags: HashMap::new(),
            flags_revision: None,
            selected: None,
            draft: None,
            original: None,
            form: Form::default(),
            errors: Vec::new(),
            pending_open: None,
            scroll_to: None,
            focus_selected: false,
            rows_had_focus: false,
            notice: None,
            confirm_delete: None,
            revision_form: None,
            seen_revision: None,
        }
    }
}

impl<T: Kind> List<T> {
    /// Select a record when the view is next shown (`Command::Open`).
    pub fn open(&mut self, id: &str) {
        self.pending_open = Some(id.to_owned());
        // The keyboard continues at the opened record's row.
        self.focus_selected = true;
    }

    /// The record being edited, if any.
    pub fn draft(&self) -> Option<&T> {
        self.draft.as_ref()
    }

    /// The ids of the rows the table shows, in order (as of the last frame).
    pub fn row_ids<'r>(&self, reg: &'r Register) -> Vec<&'r str> {
        let all = T::all(reg);
        self.rows.iter().filter_map(|i| all.get(*i)).map(|r| r.id()).collect()
    }

    fn modified(&self) -> bool {
        match (&self.draft, &self.original) {
            (Some(d), Some(o)) => d != o,
            (Some(_), None) => true,
            _ => false,
        }
    }

    fn load(&mut self, record: Option<T>) {
        self.selected = record.as_ref().map(|r| r.id().to_owned());
        self.original = record.clone();
        self.draft = record;
        self.form.reset();
        self.errors.clear();
        self.revision_form = None;
        self.notice = None;
    }

    /// Selects a record unless unsaved edits would be lost.
    fn select(&mut self, reg: &Register, id: &str) -> bool {
        if self.selected.as_deref() == Some(id) && self.original.is_some() {
            return true;
        }
        if self.modified() {
            self.notice = Some("Lagre eller avbryt endringene først.".to_owned());
            return false;
        }
        self.load(T::all(reg).iter().find(|r| r.id() == id).cloned());
        true
    }

    fn new_record(&mut self, draft: T) {
        if self.modified() {
            self.notice = Some("Lagre eller avbryt endringene først.".to_owned());
            return;
        }
        self.load(None);
        self.draft = Some(draft);
    }

    fn refresh(&mut self, ctx: &ViewCtx) {
        let reg = ctx.reg;
        let revision = ctx.derived.revision;
        self.lookup.refresh(reg, revision);
        if self.flags_revision != revision || revision.is_none() {
            self.flags_revision = revision;
            self.flags.clear();
            for f in ctx.derived.findings.iter().filter(|f| f.subject.kind == T::KIND) {
                self.flags.entry(f.subject.id.clone()).or_default().push(f.message.clone());
            }
        }
        // The register changed under an unmodified draft (undo, a quick fix elsewhere):
        // show the record as it now is.
        if self.seen_revision != revision {
            self.seen_revision = revision;
            if !self.modified()
                && let Some(id) = self.selected.clone()
            {
                let now = T::all(reg).iter().find(|r| r.id() == id).cloned();
                if now != self.original {
                    self.load(now);
                }
            }
        }
        self.rebuild_rows(ctx);
        if let Some(id) = self.pending_open.take() {
            self.load(T::all(reg).iter().find(|r| r.id() == id).cloned());
            let pos = T::all(reg).iter().position(|r| r.id() == id);
            if let Some(pos) = pos {
                if !self.rows.contains(&pos) {
                    self.filter = Filter::default();
                    self.rebuild_rows(ctx);
                }
                self.scroll_to = self.rows.iter().position(|r| *r == pos);
            }
        }
    }

    fn rebuild_rows(&mut self, ctx: &ViewCtx) {
        let key = (ctx.derived.revision, self.filter.clone(), self.sort);
        if self.cache_key.as_ref() == Some(&key) {
            return;
        }
        let needle = self.filter.text.trim().to_lowercase();
        let all = T::all(ctx.reg);
        if !needle.is_empty()
            && (self.haystacks_revision != ctx.derived.revision || self.haystacks.len() != all.len())
        {
            self.haystacks = all.iter().map(|r| r.haystack(ctx.reg, &self.lookup)).collect();
            self.haystacks_revision = ctx.derived.revision;
        }
        let (reg, lk, f) = (ctx.reg, &self.lookup, &self.filter);
        let mut rows: Vec<usize> = (0..all.len())
            .filter(|i| {
                let r = &all[*i];
                (needle.is_empty() || self.haystacks[*i].contains(&needle))
                    && f.sector.is_none_or(|s| r.in_sector(s, reg, lk))
                    && f.municipality.as_deref().is_none_or(|m| r.in_municipality(m, reg, lk))
                    && f.prevention.is_none_or(|p| r.has_prevention(p))
                    && f.status.is_none_or(|s| r.status() == s)
                    && (!f.flagged || self.flags.contains_key(r.id()))
            })
            .collect();
        let (col, asc) = self.sort;
        rows.sort_by_cached_key(|i| {
            let r = &all[*i];
            (sort_key(&r.sort_text(col, reg, lk)), sort_key(r.name()))
        });
        if !asc {
            rows.reverse();
        }
        self.rows = rows;
        self.cache_key = Some(key);
    }
}

/// Draws a record view: detail panel on the right, filters and table on the left.
pub fn show<T: Kind>(ui: &mut egui::Ui, st: &mut List<T>, ctx: &mut ViewCtx) {
    st.refresh(ctx);

    egui::Panel::right(("detalj", T::KIND.key()))
        .resizable(true)
        .default_size(460.0)
        .min_size(340.0)
        .show(ui, |ui| detail(ui, st, ctx));
    crate::ui::widgets::name_splitter(ui, ("detalj", T::KIND.key()), "Bredde på detaljpanelet");

    ui.horizontal(|ui| {
        ui.heading(format!("{} ({} av {})", T::KIND.plural(), st.rows.len(), T::all(ctx.reg).len()));
        ui.add_space(12.0);
        if ui.button(T::NEW).clicked() {
            st.new_record(T::blank(ctx.reg));
        }
    });
    filters(ui, st, ctx.reg);
    if let Some(n) = &st.notice {
        ui.colored_label(theme::colors(ui).warning, n);
    }
    ui.add_space(4.0);
    keyboard(ui, st, ctx.reg);
    table(ui, st, ctx.reg);
    confirm_delete(ui, st, ctx);
}

fn filters<T: Kind>(ui: &mut egui::Ui, st: &mut List<T>, reg: &Register) {
    let f = &mut st.filter;
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Filter");
        ui.add(
            egui::TextEdit::singleline(&mut f.text).hint_text("skriv for å filtrere").desired_width(180.0),
        )
        .labelled_by(l.id);
        let l = ui.label("Sektor");
        egui::ComboBox::from_id_salt("filter-sektor")
            .selected_text(f.sector.map_or("Alle", |s| s.label()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.sector, None, "Alle");
                for s in Sector::ALL {
                    ui.selectable_value(&mut f.sector, Some(*s), s.label());
                }
            })
            .response
            .labelled_by(l.id);
        if T::MUNICIPALITY_FILTER {
            let l = ui.label("Kommune");
            let current = f.municipality.as_deref().map_or("Alle", |n| reg.municipality_name(n));
            egui::ComboBox::from_id_salt("filter-kommune")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut f.municipality, None, "Alle");
                    for m in &reg.municipalities {
                        ui.selectable_value(&mut f.municipality, Some(m.number.clone()), &m.name);
                    }
                })
                .response
                .labelled_by(l.id);
        }
        if T::PREVENTION_FILTER {
            let l = ui.label("Nivå");
            egui::ComboBox::from_id_salt("filter-niva")
                .selected_text(f.prevention.map_or("Alle", |p| p.short()))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut f.prevention, None, "Alle");
                    for p in PreventionLevel::ALL {
                        ui.selectable_value(&mut f.prevention, Some(*p), p.label());
                    }
                })
                .response
                .labelled_by(l.id);
        }
        if !T::STATUSES.is_empty() {
            let l = ui.label("Status");
            egui::ComboBox::from_id_salt("filter-status")
                .selected_text(f.status.map_or("Alle", |s| T::STATUSES[s]))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut f.status, None, "Alle");
                    for (i, s) in T::STATUSES.iter().enumerate() {
                        ui.selectable_value(&mut f.status, Some(i), *s);
                    }
                })
                .response
                .labelled_by(l.id);
        }
        ui.checkbox(&mut f.flagged, "Bare flaggede");
        if *f != Filter::default() && ui.button("Nullstill filter").clicked() {
            *f = Filter::default();
        }
    });
}

/// Up and down move the selection while the table (not a text field) has the keyboard.
fn keyboard<T: Kind>(ui: &mut egui::Ui, st: &mut List<T>, reg: &Register) {
    let free = !ui.ctx().text_edit_focused()
        && (st.rows_had_focus || ui.memory(|m| m.focused().is_none()))
        && !egui::Popup::is_any_open(ui.ctx());
    if !free || st.rows.is_empty() {
        return;
    }
    let (down, up) = ui.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
        )
    });
    if !down && !up {
        return;
    }
    // The arrow belongs to the table now: egui must not also move focus to a neighbour.
    ui.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
    let all = T::all(reg);
    let current = st.selected.as_deref().and_then(|id| st.rows.iter().position(|i| all[*i].id() == id));
    let next = match (current, down) {
        (None, _) => 0,
        (Some(c), true) => (c + 1).min(st.rows.len() - 1),
        (Some(c), false) => c.saturating_sub(1),
    };
    let id = all[st.rows[next]].id().to_owned();
    if st.select(reg, &id) {
        st.scroll_to = Some(next);
        st.focus_selected = true;
    }
}

fn table<T: Kind>(ui: &mut egui::Ui, st: &mut List<T>, reg: &Register) {
    let all = T::all(reg);
    // Columns share the width there is (the detail panel takes its part first), so the
    // table never runs under the panel; the last column takes what is left.
    let spacing = ui.spacing().item_spacing.x;
    let wanted: f32 = T::WIDTHS.iter().sum::<f32>() + 140.0;
    let room = ui.available_width() - 16.0 - spacing * (T::WIDTHS.len() + 2) as f32;
    let scale = (room / wanted).clamp(0.3, 1.6);
    let mut builder = TableBuilder::new(ui)
        .id_salt(("tabell", T::KIND.key()))
        .striped(true)
        .min_scrolled_height(0.0)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(16.0));
    for w in T::WIDTHS {
        builder = builder.column(Column::exact(w * scale).clip(true));
    }
    builder = builder.column(Column::remainder().at_least(40.0).clip(true));
    if let Some(row) = st.scroll_to.take() {
        builder = builder.scroll_to_row(row, None);
    }
    let mut clicked: Option<String> = None;
    let mut any_focus = false;
    let (sort_col, asc) = st.sort;
    let mut new_sort = None;
    builder
        .header(26.0, |mut h| {
            h.col(|_| {});
            for (i, title) in T::COLUMNS.iter().enumerate() {
                h.col(|ui| {
                    // The direction is drawn, not written: the default font has no arrows.
                    let name = if i == sort_col {
                        format!("{title}, sortert {}", if asc { "stigende" } else { "synkende" })
                    } else {
                        format!("Sorter etter {}", title.to_lowercase())
                    };
                    let r = ui
                        .add(egui::Button::new(egui::RichText::new(*title).strong()).frame(false))
                        .accessible_name(&name)
                        .on_hover_text(&name);
                    if i == sort_col {
                        let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                        let c = rect.center();
                        let (tip, base) = if asc { (-4.0, 3.0) } else { (4.0, -3.0) };
                        let color = ui.visuals().strong_text_color();
                        ui.painter().add(egui::Shape::convex_polygon(
                            vec![
                                c + egui::vec2(0.0, tip),
                                c + egui::vec2(4.0, base),
                                c + egui::vec2(-4.0, base),
                            ],
                            color,
                            egui::Stroke::NONE,
                        ));
                    }
                    if r.clicked() {
                        new_sort = Some(if i == sort_col { (i, !asc) } else { (i, true) });
                    }
                });
            }
        })
        .body(|body| {
            body.rows(24.0, st.rows.len(), |mut row| {
                let r = &all[st.rows[row.index()]];
                let selected = st.selected.as_deref() == Some(r.id());
                row.set_selected(selected);
                row.col(|ui| {
                    if let Some(msgs) = st.flags.get(r.id()) {
                        let (rect, resp) =
                            ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                        ui.painter().circle_filled(rect.center(), 4.0, theme::colors(ui).warning);
                        resp.on_hover_text(msgs.join("\n"));
                    }
                });
                for col in 0..T::COLUMNS.len() {
                    row.col(|ui| {
                        let mut text = egui::RichText::new(r.cell(col, reg, &st.lookup));
                        if !r.is_active() {
                            text = text.weak();
                        }
                        if col == 0 {
                            let resp = ui.add(egui::Button::selectable(selected, text).truncate());
                            if resp.clicked() {
                                clicked = Some(r.id().to_owned());
                            }
                            if selected && st.focus_selected {
                                resp.request_focus();
                                st.focus_selected = false;
                            }
                            any_focus |= resp.has_focus();
                        } else {
                            ui.add(egui::Label::new(text).truncate());
                        }
                    });
                }
            });
        });
    st.rows_had_focus = any_focus || st.focus_selected;
    if let Some(s) = new_sort {
        st.sort = s;
    }
    if let Some(id) = clicked {
        st.select(reg, &id);
    }
}

fn detail<T: Kind>(ui: &mut egui::Ui, st: &mut List<T>, ctx: &mut ViewCtx) {
    let reg = ctx.reg;
    let modified = st.modified();
    let is_new = st.original.is_none();
    let Some(draft) = st.draft.as_mut() else {
        ui.add_space(8.0);
        ui.label("Velg en rad i tabellen for å se og endre den, eller lag en ny.");
        ui.label("Piltastene opp og ned flytter valget.");
        return;
    };
    ui.add_space(4.0);
    let title = if is_new {
        format!("{} {}", T::NEW, if draft.name().is_empty() { "" } else { draft.name() })
    } else {
        draft.name().to_owned()
    };
    ui.heading(title.trim());
    if !is_new && let Some(msgs) = st.flags.get(draft.id()) {
        for m in msgs {
            ui.colored_label(theme::colors(ui).warning, m);
        }
    }

    // Actions. «Lagre» uses the errors of the last form pass; the form cannot change between
    // that pass and this click.
    let mut save = false;
    let mut cancel = false;
    let mut duplicate = false;
    let mut deactivate = false;
    let mut delete = false;
    ui.horizontal_wrapped(|ui| {
        let can_save = modified && st.errors.is_empty();
        save = ui
            .add_enabled(can_save, egui::Button::new("Lagre"))
            .on_hover_text("Lagre endringene i registeret")
            .clicked();
        cancel = ui
            .add_enabled(modified, egui::Button::new("Avbryt"))
            .on_hover_text("Forkast endringene")
            .clicked();
        if !is_new {
            ui.separator();
            duplicate =
                ui.button("Dupliser").on_hover_text("Lag en ny post med de samme opplysningene").clicked();
            if let Some(label) = T::DEACTIVATE
                && draft.is_active()
            {
                deactivate = ui.button(label).on_hover_text("Beholdes i registeret som historikk").clicked();
            }
            delete = ui
                .button("Slett …")
                .on_hover_text("Slett posten (du får se hva som peker på den først)")
                .clicked();
        }
    });
    if !st.errors.is_empty() {
        ui.colored_label(
            theme::colors(ui).error,
            format!("Kan ikke lagre før dette er rettet: {}", st.errors.join("; ")),
        );
    }
    if T::REVISABLE && !is_new {
        revision_ui(ui, st, ctx);
    }
    ui.separator();

    let draft = st.draft.as_mut().expect("checked above");
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        st.form.errors.clear();
        egui::Grid::new(("skjema", T::KIND.key()))
            .num_columns(2)
            .spacing([12.0, 6.0])
            .max_col_width(300.0)
            .show(ui, |ui| {
                T::form(ui, draft, &mut st.form, reg, &st.lookup);
            });
        if T::REVISABLE && !draft.revisions().is_empty() {
            ui.add_space(8.0);
            ui.strong("Revisjonshistorikk");
            let mut revs: Vec<&Revision> = draft.revisions().iter().collect();
            revs.sort_by_key(|r| std::cmp::Reverse(r.date));
            for r in revs {
                let note = if r.note.is_empty() { String::new() } else { format!(" – {}", r.note) };
                ui.label(format!("{} {}{note}", fields::date_text(Some(r.date)), r.by));
            }
        }
    });
    st.errors = std::mem::take(&mut st.form.errors);

    if save {
        let mut rec = draft.clone();
        if is_new {
            let id = reg.free_id(T::KIND, rec.name());
            let name = rec.name().to_owned();
            rec.set_identity(id, name);
        }
        rec.normalise();
        ctx.send(Command::Apply(Edit::put(rec.clone().into_record())));
        st.load(Some(rec));
    } else if cancel {
        let original = st.original.clone();
        st.load(original);
    } else if duplicate {
        let mut copy = draft.clone();
        let name = format!("{} (kopi)", copy.name());
        copy.set_identity(String::new(), name);
        copy.duplicated();
        st.load(None);
        st.draft = Some(copy);
    } else if deactivate && let Some(mut rec) = st.original.clone() {
        rec.deactivate();
        ctx.send(Command::Apply(Edit::put(rec.clone().into_record())));
        if let Some(d) = st.draft.as_mut() {
            d.deactivate();
        }
        st.original = Some(rec);
    } else if delete && let Some(rec) = &st.original {
        st.confirm_delete = Some(ConfirmDelete {
            id: rec.id().to_owned(),
            name: rec.name().to_owned(),
            refs: refs::references(reg, T::KIND, rec.id()),
        });
    }
}

/// «Marker som revidert»: a new revision (date, by whom, note) on the record as it is in
/// the register; unsaved edits in the draft are kept and get the revision too.
fn revision_ui<T: Kind>(ui: &mut egui::Ui, st: &mut List<T>, ctx: &mut ViewCtx) {
    let Some(form) = st.revision_form.as_mut() else {
        if ui
            .button("Marker som revidert")
            .on_hover_text("Registrer en revisjon: dato, av hvem, merknad")
            .clicked()
        {
            st.revision_form = Some(RevisionForm {
                date: fields::date_text(Some(ctx.today)),
                by: ctx.user.to_owned(),
                note: String::new(),
            });
        }
        return;
    };
    let mut done = false;
    let mut close = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.strong("Marker som revidert");
        let date = fields::parse_date(&form.date);
        egui::Grid::new(("revisjon", T::KIND.key())).num_columns(2).show(ui, |ui| {
            let l = ui.label("Revisjonsdato");
            ui.text_edit_singleline(&mut form.date).labelled_by(l.id);
            ui.end_row();
            if let Err(e) = date {
                ui.label("");
                ui.colored_label(theme::colors(ui).error, e);
                ui.end_row();
            }
            let l = ui.label("Revidert av");
            ui.text_edit_singleline(&mut form.by).labelled_by(l.id);
            ui.end_row();
            let l = ui.label("Merknad");
            ui.text_edit_singleline(&mut form.note).labelled_by(l.id);
            ui.end_row();
        });
        let valid: Option<NaiveDate> = date.ok().flatten().filter(|_| !form.by.trim().is_empty());
        ui.horizontal(|ui| {
            if ui.add_enabled(valid.is_some(), egui::Button::new("Registrer revisjon")).clicked() {
                done = true;
            }
            if ui.button("Lukk").clicked() {
                close = true;
            }
        });
        if done && let (Some(date), Some(mut rec)) = (valid, st.original.clone()) {
            let revision =
                Revision { date, by: form.by.trim().to_owned(), note: form.note.trim().to_owned() };
            rec.add_revision(revision.clone());
            ctx.send(Command::Apply(Edit::put(rec.clone().into_record())));
            if let Some(d) = st.draft.as_mut() {
                d.add_revision(revision);
            }
            st.original = Some(rec);
        }
    });
    if done || close {
        st.revision_form = None;
    }
}

fn confirm_delete<T: Kind>(ui: &mut egui::Ui, st: &mut List<T>, ctx: &mut ViewCtx) {
    let Some(c) = &st.confirm_delete else { return };
    let mut choice = None;
    let title = format!("Slette {} «{}»?", T::KIND.label(), c.name);
    let shown = crate::ui::widgets::dialog::show(ui.ctx(), ("slett", T::KIND.key()), &title, 520.0, |ui| {
        if c.refs.is_empty() {
            ui.label("Ingen andre poster viser til denne.");
        } else {
            ui.label(format!("Disse {} referansene blir brutt:", c.refs.len()));
            egui::ScrollArea::vertical().max_height(240.0).show(ui, |ui| {
                for r in &c.refs {
                    ui.label(format!("• {r}"));
                }
            });
            if T::DEACTIVATE.is_some() {
                ui.label("Vil du heller beholde den som historikk, kan du deaktivere den i stedet.");
            }
        }
        ui.add_space(8.0);
        // «Avbryt sletting» first: it takes the focus when the dialog opens, and Tab reaches
        // the destructive «Slett» only after it.
        ui.horizontal(|ui| {
            if ui.button("Avbryt sletting").clicked() {
                choice = Some(false);
            }
            if ui.button("Slett").clicked() {
                choice = Some(true);
            }
        });
    });
    if shown.cancelled && choice.is_none() {
        choice = Some(false);
    }
    match choice {
        Some(true) => {
            ctx.send(Command::Apply(Edit::Remove(T::KIND, c.id.clone())));
            st.confirm_delete = None;
            st.load(None);
        }
        Some(false) => st.confirm_delete = None,
        None => {}
    }
}
