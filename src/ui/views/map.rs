//! Samarbeidskart: a matrix of services (or sectors) on both axes. Each cell shows the
//! strongest link between the pair — formalised (green), only a draft or unwritten practice
//! (yellow), expected by law or plan but missing (red), or nothing (empty). Hover lists the
//! agreements and routines; a click shows them with «Åpne», or offers «Ny avtale» with both
//! parties filled in.
//!
//! The matrix ([`Matrix`], in `review/map.rs`) is derived state: built once per register
//! revision (and axis and filter), using the review's coverage rule, so that the map and
//! the review never disagree. This file only draws it.

use crate::edit::{Edit, Record};
use crate::model::{Party, RecordKind, Register};
pub use crate::review::map::{Axis, Cell, CellRecord, Link, MAX_SERVICES, Matrix};
use crate::ui::command::Command;
use crate::ui::ctx::ViewCtx;
use crate::ui::theme;
use crate::ui::widgets::grid_cursor;
use crate::ui::widgets::status::{self, Status};
use eframe::egui;

const CELL: f32 = 22.0;
const LABEL_W: f32 = 230.0;
const HEADER_H: f32 = 150.0;

/// The status symbol drawn on a cell of `link`, as the legend shows it.
fn link_status(link: Link) -> Option<Status> {
    match link {
        Link::Formalised => Some(Status::Formalised),
        Link::Informal => Some(Status::Informal),
        Link::Missing => Some(Status::Missing),
        Link::None => None,
    }
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

    // Beside the map when there is room; in a narrow window (a small screen, a large zoom),
    // where a panel at the side would leave the map a sliver, under it once a cell is chosen.
    let room = ui.available_size();
    if room.x >= crate::ui::theme::size::SIDE_BY_SIDE_FROM {
        egui::Panel::right("kart-detalj").resizable(true).default_size(380.0).min_size(280.0).show(
            ui,
            |ui| {
                detail(ui, state, ctx);
            },
        );
        crate::ui::widgets::name_splitter(ui, "kart-detalj", "Bredde på detaljpanelet");
    } else if state.selected.is_some() {
        // Only once a cell is chosen: until then the map needs every line it can get.
        egui::Panel::bottom("kart-detalj-under")
            .resizable(true)
            .default_size(room.y * 0.35)
            .size_range((room.y * 0.2).min(100.0)..=room.y * 0.6)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| detail(ui, state, ctx));
            });
        crate::ui::widgets::name_splitter(ui, "kart-detalj-under", "Høyde på detaljpanelet");
    }

    let narrow = room.x < crate::ui::theme::size::SIDE_BY_SIDE_FROM;
    ui.horizontal_wrapped(|ui| {
        ui.heading("Samarbeidskart");
        ui.add_space(theme::space::BESIDE);
        ui.selectable_value(&mut state.axis, Axis::Services, "Vis tjenester");
        ui.selectable_value(&mut state.axis, Axis::Sectors, "Vis sektorer");
        if !narrow {
            ui.add_space(theme::space::BESIDE);
            filter(ui, state);
        }
    });
    if narrow {
        // In a narrow window the filter and the legend fold away, so the map's rows are in
        // sight under its header; the cells carry their symbols either way.
        egui::CollapsingHeader::new("Filter og forklaring").default_open(false).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| filter(ui, state));
            legend(ui);
        });
    } else {
        legend(ui);
    }
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

fn filter(ui: &mut egui::Ui, state: &mut State) {
    let l = ui.label("Filtrer");
    ui.add(
        egui::TextEdit::singleline(&mut state.filter)
            .hint_text("navn eller forkortelse")
            .desired_width(theme::size::FILTER_FIELD),
    )
    .labelled_by(l.id);
    if state.axis == Axis::Services {
        ui.checkbox(&mut state.show_all, "Ta med tjenester uten koblinger");
    }
}

fn legend(ui: &mut egui::Ui) {
    ui.horizontal_wrapped(|ui| {
        for link in [Link::Formalised, Link::Informal, Link::Missing, Link::None] {
            status::legend_entry(ui, link_status(link), link.label());
            ui.add_space(theme::space::SECTION);
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
                    status::paint_cell(&painter, rect, link_status(m.cell(r, c).link), palette);
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
        ui.add_space(theme::space::SECTION);
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
    ui.add_space(theme::space::SMALL);
    ui.heading(format!("{} – {}", m.short[r], m.short[c]));
    ui.label(format!("{}\n{}", m.names[r], m.names[c]));
    ui.horizontal(|ui| status::legend_entry(ui, link_status(cell.link), cell.link.label()));
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
        ui.add_space(theme::space::SECTION);
        if ui.button("Ny avtale").on_hover_text("Lag en samarbeidsavtale med begge parter fylt ut").clicked()
        {
            let ag = crate::edit::new_agreement(ctx.reg, &m.parties[r], &m.parties[c]);
            let id = ag.id.to_string();
            ctx.send(Command::Apply(Edit::put(Record::Agreement(ag))));
            ctx.send(Command::Open(RecordKind::Agreement, id));
        }
    }
}
