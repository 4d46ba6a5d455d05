//! The shared machinery of the record views (Tjenester, Kontakter, Avtaler, Rutiner, Fora,
//! Tilbud): a sortable, filterable, virtualised table on the left and a detail panel with an
//! editing form on the right.
//!
//! Each view describes its record type once through [`Kind`]; [`List`] holds what the view
//! remembers and [`show`] draws it (the table in `table.rs`, the form in `detail.rs`).
//! Filtered and sorted row indices are cached and rebuilt only when the register's revision,
//! the filter or the sort order changes, so a frame costs what is on screen. Edits are made
//! on a draft copy and reach the register only through `Command::Apply(Edit::put(..))` when
//! the user presses «Lagre» (or Ctrl+S). A draft with edits counts as unsaved work: the app
//! asks before anything would throw it away (another row, a new record, Esc, quitting).

mod detail;
pub mod fields;
mod table;

use crate::edit::{Edit, Record};
use crate::model::{
    Contact, ContactId, Keyed, Labelled, PreventionLevel, RecordKind, Register, Revision, Sector, Service,
    ServiceId, dates, sort_key,
};
use crate::ui::command::{Action, Command};
use crate::ui::ctx::ViewCtx;
use crate::ui::theme;
use chrono::NaiveDate;
use eframe::egui;
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
    /// Name-sorted volunteer organisations, then the other services (for «Tilbyder»).
    volunteer_sorted: Vec<usize>,
    other_sorted: Vec<usize>,
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
        (self.volunteer_sorted, self.other_sorted) =
            self.services_sorted.iter().partition(|i| reg.services[**i].sector == Sector::Frivillig);
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

    /// Services by abbreviation (or name, or id when missing), then whole sectors, as one
    /// line: «NAV, BUP, Skole».
    pub fn short_names(&self, reg: &Register, services: &[ServiceId], sectors: &[Sector]) -> String {
        let services = services.iter().map(|p| match self.service(reg, p) {
            Some(s) if !s.abbreviation.is_empty() => s.abbreviation.clone(),
            Some(s) => s.name.clone(),
            None => p.to_string(),
        });
        services.chain(sectors.iter().map(|s| s.label().to_owned())).collect::<Vec<_>>().join(", ")
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

    /// Volunteer organisations, then every other service, each sorted by name.
    pub fn services_volunteer_first(&self) -> (&[usize], &[usize]) {
        (&self.volunteer_sorted, &self.other_sorted)
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

/// One kind of record as a view shows it. Where the records are stored and which field is
/// their name come from [`stored_in!`]; the rest is each view's own.
pub trait Kind: Keyed + Clone + PartialEq + 'static {
    const KIND: RecordKind;
    /// Button text for a new record: «Ny tjeneste».
    const NEW: &'static str = crate::ui::command::new_label(Self::KIND);
    const COLUMNS: &'static [&'static str];
    /// Initial column widths, in units of the body text's height (so they follow the text
    /// size); the last column takes the rest. The user can drag them wider or narrower.
    const WIDTHS: &'static [f32];
    /// Columns never cut, whatever the zoom (phone numbers, dates), each with a sample of
    /// its widest usual value: the column is at least that wide, and the table scrolls
    /// sideways instead.
    const WHOLE: &'static [(usize, &'static str)] = &[];
    const MUNICIPALITY_FILTER: bool = false;
    const PREVENTION_FILTER: bool = false;
    /// Values of the status filter, each as [`Self::status`] names it; empty for none.
    const STATUSES: &'static [&'static str] = &[];
    /// The column that shows [`Self::status`], sorted in the order of [`Self::STATUSES`].
    const STATUS_COLUMN: Option<usize> = None;
    /// Button text for deactivating («Deaktiver»), if the kind can be deactivated.
    const DEACTIVATE: Option<&'static str> = None;
    /// Agreements and routines: offer «Marker som revidert».
    const REVISABLE: bool = false;

    fn all(reg: &Register) -> &[Self];
    fn id(&self) -> &str {
        self.key()
    }
    fn name(&self) -> &str;
    /// The field the name is typed in (trimmed before saving).
    fn name_mut(&mut self) -> &mut String;
    fn set_identity(&mut self, id: String, name: String);
    /// A new record with defaults, before the user fills it in. Nothing the user must
    /// choose (a service, a provider) is chosen for them.
    fn blank(reg: &Register) -> Self;
    fn into_record(self) -> Record;
    /// The text of a table cell (not asked for the columns of [`Self::date`]).
    fn cell(&self, col: usize, reg: &Register, lk: &Lookup) -> String;
    /// The day in column `col` when it is a column of dates: every view shows it as
    /// dd.mm.åååå and sorts it by day. `None` for a column of text.
    fn date(&self, _col: usize) -> Option<Option<NaiveDate>> {
        None
    }
    /// What a column of text sorts by, when not by its text (an order of statuses).
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
    /// The record's status by its label, one of [`Self::STATUSES`]: the filter compares
    /// labels, so it cannot fall out of step with the order of an enum.
    fn status(&self) -> &'static str {
        ""
    }
    fn is_active(&self) -> bool {
        true
    }
    fn deactivate(&mut self) {}
    /// Tidy before saving: phone numbers as «xx xx xx xx», trimmed text (the name is
    /// trimmed for every kind).
    fn normalise(&mut self) {}
    /// A copy starts without history.
    fn duplicated(&mut self) {}
    /// The editing form, one [`Form`] row per field, inside a two-column grid.
    fn form(ui: &mut egui::Ui, draft: &mut Self, form: &mut Form, reg: &Register, lk: &Lookup);
    fn revisions(&self) -> &[Revision] {
        &[]
    }
    /// Adds a revision to the draft the way the register records it.
    fn add_revision(&mut self, _revision: Revision) {}
}

/// What a table cell shows: the day of a date column as dd.mm.åååå, else the kind's text.
pub(crate) fn cell_text<T: Kind>(r: &T, col: usize, reg: &Register, lk: &Lookup) -> String {
    if T::STATUS_COLUMN == Some(col) {
        return r.status().to_owned();
    }
    r.date(col).map_or_else(|| r.cell(col, reg, lk), dates::format_opt)
}

/// What a column sorts by: the status column in the order of the statuses, a date column
/// by day (year first, empty first), else the kind's sort text.
fn sort_text<T: Kind>(r: &T, col: usize, reg: &Register, lk: &Lookup) -> String {
    if T::STATUS_COLUMN == Some(col) {
        let at = T::STATUSES.iter().position(|s| *s == r.status());
        return format!("{:03}", at.unwrap_or(T::STATUSES.len()));
    }
    match r.date(col) {
        Some(day) => day.map(|d| d.to_string()).unwrap_or_default(),
        None => r.sort_text(col, reg, lk),
    }
}

/// The two date columns of agreements and routines: «Sist revidert» (3) and «Neste
/// revisjon» (4).
pub fn revision_date(
    col: usize,
    last: Option<NaiveDate>,
    next: Option<NaiveDate>,
) -> Option<Option<NaiveDate>> {
    match col {
        3 => Some(last),
        4 => Some(next),
        _ => None,
    }
}

/// The part of a [`Kind`] impl that only says where the records are: the register's list,
/// the [`Record`] variant, and the field that holds the name (which a new record's id is
/// made from). `shown by` names the method a person reads instead, when the field can be
/// empty (a vacant position).
macro_rules! stored_in {
    (reg.$list:ident, Record::$variant:ident, named $field:ident) => {
        $crate::ui::records::stored_in!(reg.$list, Record::$variant, named $field, shown by |r| &r.$field);
    };
    (reg.$list:ident, Record::$variant:ident, named $field:ident, shown by $shown:expr) => {
        fn all(reg: &$crate::model::Register) -> &[Self] {
            &reg.$list
        }
        fn name(&self) -> &str {
            let shown: fn(&Self) -> &str = $shown;
            shown(self)
        }
        fn name_mut(&mut self) -> &mut String {
            &mut self.$field
        }
        fn set_identity(&mut self, id: String, name: String) {
            self.id = id.into();
            self.$field = name;
        }
        fn into_record(self) -> $crate::edit::Record {
            $crate::edit::Record::$variant(self)
        }
    };
}
pub(crate) use stored_in;

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
    /// A new record as it was started: until the user changes it, there is nothing to lose.
    blank: Option<T>,
    form: Form,
    /// Errors of the last form pass: «Lagre» is disabled while there are any.
    errors: Vec<String>,
    /// Why the last «Lagre» was refused (a national identity number), until the next load.
    refused: Option<String>,
    pending_open: Option<String>,
    scroll_to: Option<usize>,
    /// The sort order changed: show the top of the list.
    scroll_to_top: bool,
    focus_selected: bool,
    /// Put the cursor in the filter field on the next pass (the view was switched to).
    focus_filter: bool,
    rows_had_focus: bool,
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
            blank: None,
            form: Form::default(),
            errors: Vec::new(),
            refused: None,
            pending_open: None,
            scroll_to: None,
            scroll_to_top: false,
            focus_selected: false,
            focus_filter: false,
            rows_had_focus: false,
            confirm_delete: None,
            revision_form: None,
            seen_revision: None,
        }
    }
}

/// What the app needs of every record view's form, whatever its kind: whether it holds
/// edits, and committing or discarding them (Ctrl+S, quitting, the unsaved-changes prompt).
pub trait RecordForm {
    fn kind(&self) -> RecordKind;
    /// The draft differs from the register.
    fn is_modified(&self) -> bool;
    /// The selected record's id.
    fn selected_id(&self) -> Option<&str>;
    /// The record being edited, for messages: «kontakt «Kari Nordmann»», «ny kontakt».
    fn title(&self) -> String;
    /// The draft's errors as of the last time the form was drawn.
    fn errors(&self) -> &[String];
    /// Whether the draft could be committed now; if not, its errors, and from then on
    /// every field shows its message.
    fn commit_check(&mut self) -> Result<(), String>;
    /// The edit that saves the draft in the register, as «Lagre» makes it; `Ok(None)` when
    /// there is nothing to save. A draft with errors is refused with them, and from then
    /// on every field shows its message.
    fn commit(&mut self, reg: &Register) -> Result<Option<Edit>, String>;
    /// Throws the draft's edits away (a new record's form closes).
    fn discard(&mut self);
    /// Starts a new record.
    fn new_record(&mut self, reg: &Register);
    /// Selects a record when the view is next shown.
    fn open(&mut self, id: &str);
    /// Puts the cursor in the filter field on the next pass (the view was switched to).
    fn focus_filter(&mut self);
    /// Draws the view ([`show`]).
    fn show(&mut self, ui: &mut egui::Ui, ctx: &mut ViewCtx);
}

impl<T: Kind> RecordForm for List<T> {
    fn kind(&self) -> RecordKind {
        T::KIND
    }

    fn is_modified(&self) -> bool {
        match (&self.draft, &self.original) {
            (Some(d), Some(o)) => d != o,
            (Some(d), None) => self.blank.as_ref() != Some(d),
            _ => false,
        }
    }

    fn selected_id(&self) -> Option<&str> {
        self.selected.as_deref()
    }

    fn title(&self) -> String {
        let name = self.draft.as_ref().map(|d| d.name().trim().to_owned()).unwrap_or_default();
        match (&self.original, name.is_empty()) {
            (None, true) => T::NEW.to_lowercase(),
            (None, false) => format!("{} «{name}»", T::NEW.to_lowercase()),
            (Some(_), _) => format!("{} «{name}»", T::KIND.label()),
        }
    }

    fn errors(&self) -> &[String] {
        if self.is_modified() { &self.errors } else { &[] }
    }

    fn commit_check(&mut self) -> Result<(), String> {
        if self.is_modified() && !self.errors.is_empty() {
            self.form.show_all = true;
            return Err(self.errors.join("; "));
        }
        Ok(())
    }

    fn commit(&mut self, reg: &Register) -> Result<Option<Edit>, String> {
        if !self.is_modified() {
            return Ok(None);
        }
        self.commit_check()?;
        let Some(draft) = &self.draft else { return Ok(None) };
        let mut rec = draft.clone();
        let is_new = self.original.is_none();
        if is_new {
            let id = reg.free_id(T::KIND, rec.name());
            let name = rec.name().to_owned();
            rec.set_identity(id, name);
        }
        let name = rec.name_mut();
        *name = name.trim().to_owned();
        rec.normalise();
        let record = rec.clone().into_record();
        if let Err(e) = crate::model::privacy::check_record_privacy(&record) {
            self.refused = Some(e.to_string());
            return Err(e.to_string());
        }
        // The keyboard stays in the form: in the field that has it (Ctrl+S), or, when
        // «Lagre» took it (a click, Enter on the button, which is disabled once saved), in
        // the field last typed in, else the first. A new record now has its id, and so its
        // fields have new ids: the cursor follows.
        let focused = self.form.focused.or(self.form.last_focused);
        self.load(Some(rec.clone()));
        self.form.refocus = focused;
        self.form.focus_first = focused.is_none();
        Ok(Some(Edit::put(record)))
    }

    fn discard(&mut self) {
        let original = self.original.clone();
        self.load(original);
    }

    fn new_record(&mut self, reg: &Register) {
        self.load(None);
        self.draft = Some(T::blank(reg));
        self.blank = self.draft.clone();
        self.form.focus_first = true;
    }

    fn open(&mut self, id: &str) {
        self.pending_open = Some(id.to_owned());
        // The keyboard continues at the opened record's row.
        self.focus_selected = true;
    }

    fn focus_filter(&mut self) {
        self.focus_filter = true;
    }

    fn show(&mut self, ui: &mut egui::Ui, ctx: &mut ViewCtx) {
        show(ui, self, ctx);
    }
}

impl<T: Kind> List<T> {
    /// The record being edited, if any.
    pub fn draft(&self) -> Option<&T> {
        self.draft.as_ref()
    }

    /// The ids of the rows the table shows, in order (as of the last frame).
    pub fn row_ids<'r>(&self, reg: &'r Register) -> Vec<&'r str> {
        let all = T::all(reg);
        self.rows.iter().filter_map(|i| all.get(*i)).map(|r| r.id()).collect()
    }

    fn load(&mut self, record: Option<T>) {
        self.selected = record.as_ref().map(|r| r.id().to_owned());
        let key = self.selected.clone().unwrap_or_else(|| "ny".to_owned());
        // A record from the register shows its problems at once; a new one waits for typing.
        self.form.reset(egui::Id::unique(("skjema", T::KIND.key(), key)), record.is_some());
        self.original = record.clone();
        self.blank = None;
        self.draft = record;
        self.errors.clear();
        self.refused = None;
        self.revision_form = None;
    }

    /// Selects a record now, or, when the form holds edits, asks the app to (which asks
    /// the user first). Returns whether the selection changed now.
    fn request_select(&mut self, reg: &Register, id: &str, ctx: &mut ViewCtx) -> bool {
        if self.selected.as_deref() == Some(id) && self.original.is_some() {
            return true;
        }
        if self.is_modified() {
            ctx.send(Command::Open(T::KIND, id.to_owned()));
            return false;
        }
        self.load(T::all(reg).iter().find(|r| r.id() == id).cloned());
        true
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
            if !self.is_modified()
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
        if self.cache_key.as_ref().is_some_and(|(_, _, sort)| *sort != self.sort) {
            self.scroll_to_top = true;
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
                    && f.status.is_none_or(|s| T::STATUSES.get(s) == Some(&r.status()))
                    && (!f.flagged || self.flags.contains_key(r.id()))
            })
            .collect();
        let (col, asc) = self.sort;
        rows.sort_by_cached_key(|i| {
            let r = &all[*i];
            (sort_key(&sort_text(r, col, reg, lk)), sort_key(r.name()))
        });
        if !asc {
            rows.reverse();
        }
        self.rows = rows;
        self.cache_key = Some(key);
    }
}

/// The narrowest the form beside the list may get.
const FORM_MIN_WIDTH: f32 = 340.0;

/// Draws a record view: the filters and the table, and the selected record's form beside
/// them (on the right) or, when the window is narrow (a small screen, a large zoom), below
/// them. The list is drawn first either way, so Tab reaches it before the form, as a
/// reader's eye does.
pub fn show<T: Kind>(ui: &mut egui::Ui, st: &mut List<T>, ctx: &mut ViewCtx) {
    st.refresh(ctx);
    escape_asks(ui, st, ctx);

    // The divider between table and form is the panel's edge. Above the form: half each;
    // the form needs at least its title, buttons and a few fields.
    let panel = crate::ui::widgets::ListPanel {
        beside: ("liste", T::KIND.key()),
        above: ("liste-over", T::KIND.key()),
        what: "listen",
        width: |w| (w - 460.0, w * 0.35..=w - FORM_MIN_WIDTH),
        height: |h| (h * 0.5, (h * 0.25).min(120.0)..=h * 0.6),
    };
    panel.show(ui, |ui| list(ui, st, ctx));
    detail::detail(ui, st, ctx);
    detail::confirm_delete(ui, st, ctx);
}

/// The heading with «Ny …», the filters and the table.
fn list<T: Kind>(ui: &mut egui::Ui, st: &mut List<T>, ctx: &mut ViewCtx) {
    ui.horizontal_wrapped(|ui| {
        ui.heading(format!("{} ({} av {})", T::KIND.plural(), st.rows.len(), T::all(ctx.reg).len()));
        ui.add_space(theme::space::BESIDE);
        let new = Action::New(T::KIND);
        if ui.button(T::NEW).on_hover_text(new.tooltip()).clicked() {
            ctx.send(new);
        }
    });
    table::keyboard(ui, st, ctx);
    table::filters(ui, st, ctx.reg);
    ui.add_space(theme::space::SMALL);
    table::table(ui, st, ctx);
}

/// Esc in a form with edits asks before the typed text is thrown away (the app shows the
/// same prompt as for unsaved changes). Not while a list, menu or dialog is open: Esc
/// closes that.
fn escape_asks<T: Kind>(ui: &egui::Ui, st: &List<T>, ctx: &mut ViewCtx) {
    if !st.is_modified() || st.confirm_delete.is_some() {
        return;
    }
    let busy = egui::Popup::is_any_open(ui.ctx()) || ui.ctx().memory(|m| m.top_modal_layer().is_some());
    if !busy && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        ctx.send(Command::CloseForm(T::KIND));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Agreement, AgreementStatus, Formalisation, Labelled, Offering, OfferingStatus, OwnerKind, Routine,
    };

    /// Every status a record can have is a value of its view's filter, and the status
    /// column sorts in the filter's order.
    #[test]
    fn every_status_is_a_value_of_the_filter() {
        fn check<T: Kind>(records: Vec<T>) {
            let (reg, lk) = (Register::new("t"), Lookup::default());
            let mut order = Vec::new();
            for r in &records {
                let at = T::STATUSES.iter().position(|s| *s == r.status());
                assert!(at.is_some(), "{:?}: «{}» is not in {:?}", T::KIND, r.status(), T::STATUSES);
                if let Some(col) = T::STATUS_COLUMN {
                    assert_eq!(cell_text(r, col, &reg, &lk), r.status());
                    order.push(sort_text(r, col, &reg, &lk));
                }
            }
            assert!(order.is_sorted(), "{:?} sorts its statuses out of order: {order:?}", T::KIND);
        }
        check(
            AgreementStatus::ALL
                .iter()
                .map(|s| Agreement { status: *s, ..Agreement::draft("a", "A") })
                .collect(),
        );
        check(
            Formalisation::ALL
                .iter()
                .map(|f| Routine { formalisation: *f, ..Routine::new("r", "R", Vec::new(), *f) })
                .collect(),
        );
        check(
            OfferingStatus::ALL
                .iter()
                .map(|s| Offering { status: *s, ..Offering::new("o", "O", "s") })
                .collect(),
        );
        check(
            [true, false]
                .map(|active| Service { active, ..Service::new("s", "S", Sector::Nav, OwnerKind::State) })
                .to_vec(),
        );
        check(
            [(true, false), (true, true), (false, false)]
                .map(|(active, vacant)| Contact { active, vacant, ..Contact::new("c", "C", "R", "s") })
                .to_vec(),
        );
    }
}
