//! Samarbeidskart: a matrix of services (or sectors) on both axes. Each cell shows the
//! strongest link between the pair — formalised (green), only a draft or unwritten practice
//! (yellow), expected by law or plan but missing (red), or nothing (empty). Hover lists the
//! agreements and routines; a click shows them with «Åpne», or offers «Ny avtale» with both
//! parties filled in.
//!
//! The matrix is derived state: built once per register revision (and axis and filter),
//! using the review's coverage rule, so that the map and the review never disagree.

use crate::edit::{Edit, Record};
use crate::model::{
    Agreement, AgreementStatus, Labelled, Party, RecordKind, Register, Sector, ServiceId, sort_key,
};
use crate::review::{Coverage, CoverageIndex};
use crate::ui::command::Command;
use crate::ui::ctx::ViewCtx;
use crate::ui::theme;
use crate::ui::widgets::grid_cursor;
use crate::ui::widgets::status::{self, Status};
use eframe::egui;
use std::collections::{HashMap, HashSet};

/// At most this many services on each axis; the filter narrows the rest.
pub const MAX_SERVICES: usize = 150;
const CELL: f32 = 22.0;
const LABEL_W: f32 = 230.0;
const HEADER_H: f32 = 150.0;

/// What the axes list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Axis {
    #[default]
    Services,
    Sectors,
}

/// The strongest link between a pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    Formalised,
    Informal,
    /// Expected by law or plan, and nothing covers it.
    Missing,
    None,
}

impl Link {
    pub fn label(self) -> &'static str {
        match self {
            Self::Formalised => "Formalisert",
            Self::Informal => "Bare utkast eller muntlig praksis",
            Self::Missing => "Forventet, men mangler",
            Self::None => "Ingen kobling",
        }
    }

    /// The status symbol drawn on the cell, as the legend shows it.
    pub fn status(self) -> Option<Status> {
        match self {
            Self::Formalised => Some(Status::Formalised),
            Self::Informal => Some(Status::Informal),
            Self::Missing => Some(Status::Missing),
            Self::None => None,
        }
    }
}

/// An agreement or routine naming both sides of a cell.
#[derive(Clone, Debug)]
pub struct CellRecord {
    pub kind: RecordKind,
    pub id: String,
    pub title: String,
    /// «Gjeldende», «Muntlig praksis» …
    pub state: &'static str,
    /// How much cover the record gives on its own.
    pub cover: Coverage,
}

#[derive(Clone, Debug)]
pub struct Cell {
    pub link: Link,
    pub records: Vec<CellRecord>,
    /// Why the pair is expected to cooperate (the expectations' basis).
    pub expected: Vec<String>,
}

/// The matrix for one axis and filter.
pub struct Matrix {
    pub parties: Vec<Party>,
    /// Row labels: the full name.
    pub names: Vec<String>,
    /// Column labels: the abbreviation when there is one.
    pub short: Vec<String>,
    cells: Vec<Cell>,
    /// How many matched the filter before the limit.
    pub matched: usize,
}

impl Matrix {
    pub fn len(&self) -> usize {
        self.parties.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parties.is_empty()
    }

    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        &self.cells[row * self.len() + col]
    }

    /// Position of a party on the axes.
    pub fn position(&self, party: &Party) -> Option<usize> {
        self.parties.iter().position(|p| p == party)
    }

    /// Builds the matrix. `filter` narrows by name; `all` includes services with no link.
    pub fn build(reg: &Register, axis: Axis, filter: &str, all: bool) -> Matrix {
        let needle = filter.trim().to_lowercase();
        let (parties, names, short, matched) = match axis {
            Axis::Services => {
                let linked = linked_services(reg);
                let mut list: Vec<&crate::model::Service> = reg
                    .services
                    .iter()
                    .filter(|s| s.active && (all || linked.contains(s.id.as_str())))
                    .filter(|s| {
                        needle.is_empty()
                            || s.name.to_lowercase().contains(&needle)
                            || s.abbreviation.to_lowercase().contains(&needle)
                    })
                    .collect();
                list.sort_by_cached_key(|s| sort_key(&s.name));
                let matched = list.len();
                list.truncate(MAX_SERVICES);
                let short = list
                    .iter()
                    .map(|s| if s.abbreviation.is_empty() { s.name.clone() } else { s.abbreviation.clone() })
                    .collect();
                (
                    list.iter().map(|s| Party::Service(s.id.clone())).collect::<Vec<_>>(),
                    list.iter().map(|s| s.display_name()).collect::<Vec<_>>(),
                    short,
                    matched,
                )
            }
            Axis::Sectors => {
                let present: HashSet<Sector> =
                    reg.services.iter().filter(|s| s.active).map(|s| s.sector).collect();
                let list: Vec<Sector> = Sector::ALL
                    .iter()
                    .copied()
                    .filter(|s| present.contains(s))
                    .filter(|s| needle.is_empty() || s.label().to_lowercase().contains(&needle))
                    .collect();
                let names: Vec<String> = list.iter().map(|s| s.label().to_owned()).collect();
                let matched = list.len();
                (list.into_iter().map(Party::Sector).collect(), names.clone(), names, matched)
            }
        };
        let n = parties.len();
        let index: HashMap<&Party, usize> = parties.iter().enumerate().map(|(i, p)| (p, i)).collect();
        let sector_of: HashMap<&str, Sector> =
            reg.services.iter().map(|s| (s.id.as_str(), s.sector)).collect();
        // The displayed positions a record or expectation names: services directly or
        // through their sector, sectors directly or through their services.
        let positions = |services: &[ServiceId], sectors: &[Sector]| -> Vec<usize> {
            let mut out: Vec<usize> = Vec::new();
            match axis {
                Axis::Services => {
                    out.extend(
                        services.iter().filter_map(|s| index.get(&Party::Service(s.clone())).copied()),
                    );
                    if !sectors.is_empty() {
                        for (i, p) in parties.iter().enumerate() {
                            if let Party::Service(id) = p
                                && sector_of.get(id.as_str()).is_some_and(|s| sectors.contains(s))
                            {
                                out.push(i);
                            }
                        }
                    }
                }
                Axis::Sectors => {
                    let via_services = services.iter().filter_map(|s| sector_of.get(s.as_str()).copied());
                    out.extend(
                        via_services
                            .chain(sectors.iter().copied())
                            .filter_map(|s| index.get(&Party::Sector(s)).copied()),
                    );
                }
            }
            out.sort_unstable();
            out.dedup();
            out
        };

        let mut cells = vec![Cell { link: Link::None, records: Vec::new(), expected: Vec::new() }; n * n];
        let add = |cells: &mut Vec<Cell>, pos: &[usize], rec: &CellRecord| {
            for (k, &i) in pos.iter().enumerate() {
                for &j in &pos[k + 1..] {
                    cells[i * n + j].records.push(rec.clone());
                    cells[j * n + i].records.push(rec.clone());
                }
            }
        };
        for a in &reg.agreements {
            let rec = CellRecord {
                kind: RecordKind::Agreement,
                id: a.id.to_string(),
                title: a.title.clone(),
                state: a.status.label(),
                cover: crate::review::agreement_cover(a),
            };
            add(&mut cells, &positions(&a.parties, &a.party_sectors), &rec);
        }
        for r in &reg.routines {
            let rec = CellRecord {
                kind: RecordKind::Routine,
                id: r.id.to_string(),
                title: r.title.clone(),
                state: r.formalisation.label(),
                cover: crate::review::routine_cover(r),
            };
            add(&mut cells, &positions(&r.services, &r.sectors), &rec);
        }
        let side = |p: &Party| match p {
            Party::Service(s) => positions(std::slice::from_ref(s), &[]),
            Party::Sector(s) => positions(&[], std::slice::from_ref(s)),
        };
        for e in &reg.expectations {
            let why = if e.basis.is_empty() { e.id.to_string() } else { e.basis.clone() };
            let (a, b) = (side(&e.a), side(&e.b));
            for &i in &a {
                for &j in &b {
                    if i != j {
                        cells[i * n + j].expected.push(why.clone());
                        cells[j * n + i].expected.push(why.clone());
                    }
                }
            }
        }
        // Services: the review's rule, so map and findings agree. Sectors: the strongest
        // single record between any services of the two (the review's sector rule asks for
        // every service of a sector, which would paint a sector red over one missing unit).
        let index = (axis == Axis::Services).then(|| CoverageIndex::new(reg));
        let best_record = |cell: &Cell| {
            let covers = cell.records.iter().map(|r| r.cover);
            if covers.clone().any(|c| c == Coverage::Formalised) {
                Coverage::Formalised
            } else if covers.clone().any(|c| c == Coverage::Informal) {
                Coverage::Informal
            } else {
                Coverage::None
            }
        };
        for i in 0..n {
            for j in i + 1..n {
                let coverage = match &index {
                    Some(index) => index.coverage(&parties[i], &parties[j]),
                    None => best_record(&cells[i * n + j]),
                };
                let link = match coverage {
                    Coverage::Formalised => Link::Formalised,
                    Coverage::Informal => Link::Informal,
                    Coverage::None if !cells[i * n + j].expected.is_empty() => Link::Missing,
                    Coverage::None => Link::None,
                };
                cells[i * n + j].link = link;
                cells[j * n + i].link = link;
            }
        }
        Matrix { parties, names, short, cells, matched }
    }
}

/// Active services named by any agreement, routine or expectation (directly or through
/// their sector): the ones worth a row.
fn linked_services(reg: &Register) -> HashSet<&str> {
    let mut sectors: HashSet<Sector> = HashSet::new();
    let mut services: HashSet<&str> = HashSet::new();
    for a in &reg.agreements {
        services.extend(a.parties.iter().map(|s| s.as_str()));
        sectors.extend(a.party_sectors.iter().copied());
    }
    for r in &reg.routines {
        services.extend(r.services.iter().map(|s| s.as_str()));
        sectors.extend(r.sectors.iter().copied());
    }
    for e in &reg.expectations {
        for p in [&e.a, &e.b] {
            match p {
                Party::Service(s) => {
                    services.insert(s.as_str());
                }
                Party::Sector(s) => {
                    sectors.insert(*s);
                }
            }
        }
    }
    for s in &reg.services {
        if sectors.contains(&s.sector) {
            services.insert(s.id.as_str());
        }
    }
    services
}

/// The new agreement «Ny avtale» creates for a pair: current, entered today, revised
/// yearly, both parties filled in. The user completes it in Avtaler.
pub fn new_agreement(
    reg: &Register,
    a: &Party,
    b: &Party,
    short_a: &str,
    short_b: &str,
    today: chrono::NaiveDate,
) -> Agreement {
    let title = format!("Samarbeidsavtale {short_a} – {short_b}");
    let mut ag = Agreement::new(reg.free_id(RecordKind::Agreement, &title), &title, Vec::new());
    for p in [a, b] {
        match p {
            Party::Service(s) => ag.parties.push(s.clone()),
            Party::Sector(s) => ag.party_sectors.push(*s),
        }
    }
    ag.status = AgreementStatus::Current;
    ag.entered = Some(today);
    ag.revision_interval_months = Some(12);
    ag
}

#[derive(Default)]
pub struct State {
    pub axis: Axis,
    pub filter: String,
    /// Also list services with no link or expectation.
    pub show_all: bool,
    matrix: Option<Matrix>,
    key: Option<(Option<u64>, Axis, String, bool)>,
    /// The clicked cell, as parties (positions change with the filter).
    pub selected: Option<(Party, Party)>,
    /// The cell the arrow keys move (row, column): the map is one Tab stop.
    pub cursor: (usize, usize),
}

impl State {
    /// The matrix as last drawn.
    pub fn matrix(&self) -> Option<&Matrix> {
        self.matrix.as_ref()
    }

    fn refresh(&mut self, reg: &Register, revision: Option<u64>) {
        let key = (revision, self.axis, self.filter.clone(), self.show_all);
        if self.key.as_ref() != Some(&key) || revision.is_none() {
            self.matrix = Some(Matrix::build(reg, self.axis, &self.filter, self.show_all));
            self.key = Some(key);
        }
    }
}

/// The accessible name of a cell: «MGBV – Vinstra barnehage: Forventet, men mangler».
pub fn cell_name(m: &Matrix, row: usize, col: usize) -> String {
    let what = if row == col { "samme tjeneste" } else { m.cell(row, col).link.label() };
    format!("{} – {}: {}", m.short[row], m.names[col], what)
}

/// The id of the map's one focusable widget (the grid the arrow keys move in).
pub fn grid_id() -> egui::Id {
    egui::Id::unique("samarbeidskart-rutenett")
}

pub fn show(ui: &mut egui::Ui, state: &mut State, ctx: &mut ViewCtx) {
    state.refresh(ctx.reg, ctx.derived.revision);

    egui::Panel::right("kart-detalj").resizable(true).default_size(380.0).min_size(280.0).show(ui, |ui| {
        detail(ui, state, ctx);
    });
    crate::ui::widgets::name_splitter(ui, "kart-detalj", "Bredde på detaljpanelet");

    ui.horizontal_wrapped(|ui| {
        ui.heading("Samarbeidskart");
        ui.add_space(12.0);
        ui.selectable_value(&mut state.axis, Axis::Services, "Vis tjenester");
        ui.selectable_value(&mut state.axis, Axis::Sectors, "Vis sektorer");
        ui.add_space(12.0);
        let l = ui.label("Filtrer");
        ui.add(
            egui::TextEdit::singleline(&mut state.filter)
                .hint_text("navn eller forkortelse")
                .desired_width(180.0),
        )
        .labelled_by(l.id);
        if state.axis == Axis::Services {
            ui.checkbox(&mut state.show_all, "Ta med tjenester uten koblinger");
        }
    });
    legend(ui);
    let Some(m) = state.matrix.as_ref() else { return };
    if m.matched > m.len() {
        ui.colored_label(
            theme::colors(ui).warning,
            format!("Viser de første {} av {} tjenester. Bruk filteret for å se resten.", m.len(), m.matched),
        );
    }
    if m.is_empty() {
        ui.label("Ingen tjenester å vise med dette filteret.");
        return;
    }
    let n = m.len();
    state.cursor = (state.cursor.0.min(n - 1), state.cursor.1.min(n - 1));
    let chosen = grid(ui, m, state.selected.as_ref(), &mut state.cursor);
    if let Some((r, c)) = chosen {
        state.selected = Some((m.parties[r].clone(), m.parties[c].clone()));
    }
}

fn legend(ui: &mut egui::Ui) {
    ui.horizontal_wrapped(|ui| {
        for link in [Link::Formalised, Link::Informal, Link::Missing, Link::None] {
            status::legend_entry(ui, link.status(), link.label());
            ui.add_space(10.0);
        }
    });
}

/// Draws the matrix with the header row and the name column pinned while scrolling; only
/// the rows in view are laid out. The grid is one Tab stop: the arrow keys move a cursor
/// cell, Enter chooses it, and a screen reader hears the cursor cell as the grid's active
/// descendant. Returns a clicked or chosen cell.
fn grid(
    ui: &mut egui::Ui,
    m: &Matrix,
    selected: Option<&(Party, Party)>,
    cursor: &mut (usize, usize),
) -> Option<(usize, usize)> {
    let n = m.len();
    let mut clicked = None;
    let sel = selected.and_then(|(a, b)| Some((m.position(a)?, m.position(b)?)));
    let id = grid_id();
    let focused = ui.memory(|mem| mem.has_focus(id));
    let (moved, chosen) = if focused { grid_cursor::keys(ui, id, n, n, cursor) } else { (false, false) };
    if chosen && cursor.0 != cursor.1 {
        clicked = Some(*cursor);
    }
    let palette = theme::colors(ui);
    egui::ScrollArea::both().auto_shrink([false, false]).show_viewport(ui, |ui, viewport| {
        let size = egui::vec2(LABEL_W + n as f32 * CELL, HEADER_H + n as f32 * CELL);
        let (content, _) = ui.allocate_exact_size(size, egui::Sense::hover());
        let origin = content.min;
        let top = origin.y + viewport.min.y;
        let left = origin.x + viewport.min.x;
        let visuals = ui.visuals().clone();
        let painter = ui.painter().clone();
        let cell_rect = |r: usize, c: usize| {
            let min = egui::pos2(origin.x + LABEL_W + c as f32 * CELL, origin.y + HEADER_H + r as f32 * CELL);
            egui::Rect::from_min_size(min, egui::vec2(CELL, CELL))
        };
        // The one focusable widget: the cells in view. Registered before the cells, so a
        // click lands on the cell above it.
        let cells_area = egui::Rect::from_min_max(
            egui::pos2(left + LABEL_W, top + HEADER_H),
            egui::pos2(origin.x + size.x, origin.y + size.y),
        );
        let grid = ui.interact(cells_area, id, egui::Sense::focusable_noninteractive());
        let cell_id = |r: usize, c: usize| ui.scope_id().with(("celle", r, c));
        grid_cursor::declare(ui, id, "Samarbeidskart", (n, n), cell_id(cursor.0, cursor.1));
        if moved {
            // The cursor cell with its row and column labels, so the pinned parts don't hide it.
            let cell = cell_rect(cursor.0, cursor.1);
            let want = egui::Rect::from_min_max(cell.min - egui::vec2(LABEL_W, HEADER_H), cell.max);
            ui.scroll_to_rect(want, None);
        }
        let first_row = (((viewport.min.y) / CELL).floor().max(0.0)) as usize;
        let last_row = (((viewport.max.y - HEADER_H) / CELL).ceil().max(0.0) as usize + 1).min(n);
        let first_col = (((viewport.min.x) / CELL).floor().max(0.0)) as usize;
        let last_col = (((viewport.max.x - LABEL_W) / CELL).ceil().max(0.0) as usize + 1).min(n);
        let font = egui::FontId::proportional(12.5);

        for r in first_row..last_row {
            let y = origin.y + HEADER_H + r as f32 * CELL;
            if y + CELL <= top + HEADER_H {
                continue;
            }
            for c in first_col..last_col {
                let x = origin.x + LABEL_W + c as f32 * CELL;
                if x + CELL <= left + LABEL_W {
                    continue;
                }
                let rect = cell_rect(r, c).shrink(1.0);
                // Clicks only: the grid, not each of its cells, is the Tab stop.
                let resp = ui.interact(rect, cell_id(r, c), egui::Sense::CLICK);
                let name = cell_name(m, r, c);
                resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::GridCell, true, &name));
                ui.ctx().accesskit_node_builder(resp.id, |node| {
                    node.set_row_index(r);
                    node.set_column_index(c);
                    node.set_selected(sel == Some((r, c)));
                });
                if r == c {
                    painter.rect_filled(rect, 0.0, visuals.faint_bg_color);
                } else {
                    status::paint_cell(&painter, rect, m.cell(r, c).link.status(), palette);
                }
                if resp.hovered() || sel == Some((r, c)) {
                    painter.rect_stroke(
                        rect,
                        3.0,
                        egui::Stroke::new(2.0, visuals.strong_text_color()),
                        egui::StrokeKind::Outside,
                    );
                }
                if grid.has_focus() && *cursor == (r, c) {
                    painter.rect_stroke(
                        rect.expand(1.0),
                        3.0,
                        egui::Stroke::new(3.0, palette.focus),
                        egui::StrokeKind::Outside,
                    );
                }
                if resp.clicked() {
                    *cursor = (r, c);
                    grid.request_focus();
                    if r != c {
                        clicked = Some((r, c));
                    }
                }
                if r != c {
                    resp.on_hover_ui(|ui| hover(ui, m, r, c));
                }
            }
        }

        // Name column, pinned left.
        let col_rect = egui::Rect::from_min_max(
            egui::pos2(left, top + HEADER_H),
            egui::pos2(left + LABEL_W, origin.y + size.y),
        );
        painter.rect_filled(col_rect, 0.0, visuals.panel_fill);
        for r in first_row..last_row {
            let y = origin.y + HEADER_H + r as f32 * CELL;
            if y + CELL <= top + HEADER_H {
                continue;
            }
            // One line, cut with an ellipsis: the full name is in the cell's hover and name.
            let mut job = egui::text::LayoutJob::simple_singleline(
                m.names[r].clone(),
                font.clone(),
                visuals.text_color(),
            );
            job.wrap = egui::text::TextWrapping::truncate_at_width(LABEL_W - 10.0);
            let galley = painter.layout_job(job);
            let clipped = painter.with_clip_rect(egui::Rect::from_min_size(
                egui::pos2(left, y),
                egui::vec2(LABEL_W - 6.0, CELL),
            ));
            clipped.galley(
                egui::pos2(left + 2.0, y + (CELL - galley.size().y.min(CELL)) / 2.0),
                galley,
                visuals.text_color(),
            );
        }

        // Header row, pinned top, with the names written upwards.
        let head =
            egui::Rect::from_min_max(egui::pos2(left, top), egui::pos2(origin.x + size.x, top + HEADER_H));
        painter.rect_filled(head, 0.0, visuals.panel_fill);
        for c in first_col..last_col {
            let x = origin.x + LABEL_W + c as f32 * CELL;
            if x + CELL <= left + LABEL_W {
                continue;
            }
            let galley = painter.layout_no_wrap(m.short[c].clone(), font.clone(), visuals.text_color());
            let h = galley.size().y;
            let pos = egui::pos2(x + (CELL - h) / 2.0, top + HEADER_H - 4.0);
            let clip = egui::Rect::from_min_max(egui::pos2(x, top), egui::pos2(x + CELL, top + HEADER_H));
            painter.with_clip_rect(clip).add(
                egui::epaint::TextShape::new(pos, galley, visuals.text_color())
                    .with_angle(-std::f32::consts::FRAC_PI_2),
            );
        }
        painter.rect_filled(
            egui::Rect::from_min_size(egui::pos2(left, top), egui::vec2(LABEL_W, HEADER_H)),
            0.0,
            visuals.panel_fill,
        );
    });
    clicked
}

fn hover(ui: &mut egui::Ui, m: &Matrix, r: usize, c: usize) {
    let cell = m.cell(r, c);
    ui.strong(format!("{} – {}", m.names[r], m.names[c]));
    ui.label(cell.link.label());
    for rec in cell.records.iter().take(12) {
        ui.label(format!("{}: {} ({})", capitalised(rec.kind.label()), rec.title, rec.state.to_lowercase()));
    }
    if cell.records.len() > 12 {
        ui.label(format!("… og {} til", cell.records.len() - 12));
    }
    if cell.records.is_empty() && !cell.expected.is_empty() {
        ui.label(format!("Forventet: {}", cell.expected[0]));
    }
    ui.weak("Klikk for detaljer");
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn detail(ui: &mut egui::Ui, state: &mut State, ctx: &mut ViewCtx) {
    let Some(m) = state.matrix.as_ref() else { return };
    let Some((a, b)) = state.selected.as_ref() else {
        ui.add_space(8.0);
        ui.label("Klikk på en rute for å se avtalene og rutinene mellom to tjenester.");
        ui.label("Med tastaturet: Tab til kartet, piltastene flytter, Enter viser ruten.");
        ui.label(
            "Hake (grønn): formalisert. Bølge (~, gul): bare utkast eller muntlig praksis. \
             Utropstegn (!, rød): forventet, men mangler.",
        );
        return;
    };
    let (Some(r), Some(c)) = (m.position(a), m.position(b)) else {
        ui.label("Paret vises ikke med dette filteret.");
        return;
    };
    let cell = m.cell(r, c);
    ui.add_space(4.0);
    ui.heading(format!("{} – {}", m.short[r], m.short[c]));
    ui.label(format!("{}\n{}", m.names[r], m.names[c]));
    ui.horizontal(|ui| status::legend_entry(ui, cell.link.status(), cell.link.label()));
    for why in &cell.expected {
        ui.label(format!("Forventet samarbeid: {why}"));
    }
    ui.separator();
    if cell.records.is_empty() {
        ui.label("Ingen avtaler eller rutiner mellom disse.");
    }
    egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
        for rec in &cell.records {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!(
                    "{}: {} ({})",
                    capitalised(rec.kind.label()),
                    rec.title,
                    rec.state.to_lowercase()
                ));
                let name = format!("Åpne «{}»", rec.title);
                if ui.button("Åpne").accessible_name(&name).on_hover_text(&name).clicked() {
                    ctx.send(Command::Open(rec.kind, rec.id.clone()));
                }
            });
        }
    });
    if cell.link != Link::Formalised && r != c {
        ui.add_space(8.0);
        if ui.button("Ny avtale").on_hover_text("Lag en samarbeidsavtale med begge parter fylt ut").clicked()
        {
            let ag =
                new_agreement(ctx.reg, &m.parties[r], &m.parties[c], &m.short[r], &m.short[c], ctx.today);
            let id = ag.id.to_string();
            ctx.send(Command::Apply(Edit::put(Record::Agreement(ag))));
            ctx.send(Command::Open(RecordKind::Agreement, id));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Register {
        crate::store::parse_bytes(crate::store::EXAMPLE.as_bytes()).unwrap()
    }

    /// The example covers barnevern–barnehage only informally; without the records that
    /// name both sides the expected pair is red.
    fn without_barnevern_barnehage_cover(mut reg: Register) -> Register {
        let names_bv = |s: &[ServiceId], sec: &[Sector]| {
            s.iter().any(|s| s.as_str() == "mgbv") || sec.contains(&Sector::Barnevern)
        };
        let names_bh = |s: &[ServiceId], sec: &[Sector]| {
            s.iter().any(|s| s.as_str() == "vinstra-barnehage") || sec.contains(&Sector::Barnehage)
        };
        reg.agreements
            .retain(|a| !(names_bv(&a.parties, &a.party_sectors) && names_bh(&a.parties, &a.party_sectors)));
        reg.routines.retain(|r| !(names_bv(&r.services, &r.sectors) && names_bh(&r.services, &r.sectors)));
        reg
    }

    #[test]
    fn expected_pair_without_cover_is_red_and_agreement_turns_it_green() {
        let mut reg = without_barnevern_barnehage_cover(example());
        let m = Matrix::build(&reg, Axis::Services, "", false);
        let bv = m.position(&Party::Service("mgbv".into())).unwrap();
        let bh = m.position(&Party::Service("vinstra-barnehage".into())).unwrap();
        assert_eq!(m.cell(bv, bh).link, Link::Missing);
        assert_eq!(m.cell(bh, bv).link, Link::Missing, "symmetric");
        assert!(m.cell(bv, bh).expected[0].contains("15-8"));
        let ag = new_agreement(
            &reg,
            &m.parties[bv],
            &m.parties[bh],
            "MGBV",
            "Vinstra",
            chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        );
        assert_eq!(ag.parties, ["mgbv".into(), "vinstra-barnehage".into()] as [ServiceId; 2]);
        reg.apply(Edit::put(Record::Agreement(ag)));
        let m2 = Matrix::build(&reg, Axis::Services, "", false);
        assert_eq!(m2.cell(bv, bh).link, Link::Formalised);
        assert_eq!(m2.cell(bv, bh).records.len(), 1);
    }

    #[test]
    fn the_example_pair_is_yellow_with_its_routine_listed() {
        let reg = example();
        let m = Matrix::build(&reg, Axis::Services, "", false);
        let bv = m.position(&Party::Service("mgbv".into())).unwrap();
        let bh = m.position(&Party::Service("vinstra-barnehage".into())).unwrap();
        assert_eq!(m.cell(bv, bh).link, Link::Informal);
        assert!(m.cell(bv, bh).records.iter().any(|r| r.id == "samarbeid-barnehage-barnevern"));
    }

    #[test]
    fn cells_agree_with_the_review_coverage() {
        let reg = example();
        let m = Matrix::build(&reg, Axis::Services, "", false);
        for r in 0..m.len() {
            for c in 0..m.len() {
                if r == c {
                    continue;
                }
                let cov = crate::review::coverage(&reg, &m.parties[r], &m.parties[c]);
                let link = m.cell(r, c).link;
                match cov {
                    Coverage::Formalised => assert_eq!(link, Link::Formalised),
                    Coverage::Informal => assert_eq!(link, Link::Informal),
                    Coverage::None => assert!(matches!(link, Link::Missing | Link::None)),
                }
            }
        }
    }

    #[test]
    fn sector_axis_and_filter() {
        let reg = example();
        let m = Matrix::build(&reg, Axis::Sectors, "", false);
        assert!(m.position(&Party::Sector(Sector::Barnevern)).is_some());
        assert!(m.len() <= Sector::ALL.len());
        let f = Matrix::build(&reg, Axis::Services, "barnehage", true);
        assert!(f.len() >= 2 && f.names.iter().all(|n| n.to_lowercase().contains("barnehage")));
    }
}
