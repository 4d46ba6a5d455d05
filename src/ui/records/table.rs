//! The left side of a record view: the filters and the table. Columns can be dragged wider
//! or narrower and egui remembers their widths (also between runs); a cell whose text is cut
//! shows all of it on hover; the row height and the first widths follow the text size; a
//! click anywhere in a column header sorts, and a new sort order starts at the top.

use super::{Filter, Kind, List};
use crate::model::{Labelled, PreventionLevel, Register, Sector};
use crate::ui::ctx::ViewCtx;
use crate::ui::theme;
use crate::ui::widgets::filter_combo;
use eframe::egui;
use egui_extras::{Column, TableBuilder};

/// The body text size the initial column widths ([`Kind::WIDTHS`]) were chosen for.
const WIDTHS_TEXT_HEIGHT: f32 = 16.0;

pub(super) fn filters<T: Kind>(ui: &mut egui::Ui, st: &mut List<T>, reg: &Register) {
    let f = &mut st.filter;
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Filter");
        let field = egui::TextEdit::singleline(&mut f.text)
            .id(filter_id::<T>())
            .hint_text("skriv for å filtrere")
            .desired_width(theme::size::FILTER_FIELD);
        let r = ui.add(field).labelled_by(l.id);
        if std::mem::take(&mut st.focus_filter) {
            r.request_focus();
        }
        let shown = f.sector.map_or("Alle", |s| s.label());
        filter_combo(
            ui,
            "Sektor",
            "filter-sektor",
            &mut f.sector,
            shown,
            Sector::ALL.iter().map(|s| (*s, s.label())),
        );
        if T::MUNICIPALITY_FILTER {
            let shown = f.municipality.as_deref().map_or("Alle", |n| reg.municipality_name(n)).to_owned();
            let all = reg.municipalities.iter().map(|m| (m.number.clone(), m.name.as_str()));
            filter_combo(ui, "Kommune", "filter-kommune", &mut f.municipality, &shown, all);
        }
        if T::PREVENTION_FILTER {
            let shown = f.prevention.map_or("Alle", |p| p.short());
            let all = PreventionLevel::ALL.iter().map(|p| (*p, p.label()));
            filter_combo(ui, "Nivå", "filter-niva", &mut f.prevention, shown, all);
        }
        if !T::STATUSES.is_empty() {
            let shown = f.status.map_or("Alle", |s| T::STATUSES[s]);
            let all = T::STATUSES.iter().copied().enumerate();
            filter_combo(ui, "Status", "filter-status", &mut f.status, shown, all);
        }
        ui.checkbox(&mut f.flagged, "Bare flaggede");
        if *f != Filter::default() && ui.button("Nullstill filter").clicked() {
            *f = Filter::default();
        }
    });
}

/// The filter field's id.
fn filter_id<T: Kind>() -> egui::Id {
    egui::Id::unique(("filter", T::KIND.key()))
}

/// Up and down move the selection while the table, the filter field or nothing has the
/// keyboard (from the filter, into the table, as in Søk). Call before the filter is drawn.
pub(super) fn keyboard<T: Kind>(ui: &mut egui::Ui, st: &mut List<T>, ctx: &mut ViewCtx) {
    let focused = ui.memory(|m| m.focused());
    let in_filter = focused == Some(filter_id::<T>());
    let free = (in_filter || !ui.ctx().text_edit_focused())
        && (st.rows_had_focus || in_filter || focused.is_none())
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
    let all = T::all(ctx.reg);
    let current = st.selected.as_deref().and_then(|id| st.rows.iter().position(|i| all[*i].id() == id));
    let next = match (current, down) {
        (None, _) => 0,
        (Some(c), true) => (c + 1).min(st.rows.len() - 1),
        (Some(c), false) => c.saturating_sub(1),
    };
    let id = all[st.rows[next]].id().to_owned();
    if st.request_select(ctx.reg, &id, ctx) {
        st.scroll_to = Some(next);
        st.focus_selected = true;
    }
}

/// Whether `text` fits in `width` on one line in `ui`'s button font.
fn fits(ui: &egui::Ui, text: &egui::RichText, width: f32) -> bool {
    let galley = egui::WidgetText::from(text.clone()).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Button,
    );
    galley.size().x + 2.0 * ui.spacing().button_padding.x <= width
}

/// The width a column of [`Kind::WHOLE`] needs to show its widest usual value whole.
fn whole_width<T: Kind>(ui: &egui::Ui, col: usize) -> Option<f32> {
    let (_, sample) = T::WHOLE.iter().find(|(c, _)| *c == col)?;
    let font = egui::TextStyle::Body.resolve(ui.style());
    let width = ui.painter().layout_no_wrap((*sample).to_owned(), font, egui::Color32::PLACEHOLDER).size().x;
    Some(width.ceil() + 2.0)
}

pub(super) fn table<T: Kind>(ui: &mut egui::Ui, st: &mut List<T>, ctx: &mut ViewCtx) {
    let reg = ctx.reg;
    let all = T::all(reg);
    let text_h = ui.text_style_height(&egui::TextStyle::Body);
    let row_h = (text_h + 8.0).max(ui.spacing().interact_size.y + 4.0);
    // First widths: the view's widths at the default text size, scaled to the text size and
    // to the room there is the first time the table is shown. After that the user's widths
    // stand; a table wider than the room scrolls sideways.
    let spacing = ui.spacing().item_spacing.x;
    let wanted: f32 = T::WIDTHS.iter().sum::<f32>() + 140.0;
    let room = ui.available_width() - 16.0 - spacing * (T::WIDTHS.len() + 2) as f32;
    let text_scale = text_h / WIDTHS_TEXT_HEIGHT;
    let scale = (room / (wanted * text_scale)).clamp(0.6, 1.6) * text_scale;
    let mut clicked: Option<String> = None;
    let mut any_focus = false;
    let (sort_col, asc) = st.sort;
    let mut new_sort = None;
    let scroll_to = st.scroll_to.take();
    let to_top = std::mem::take(&mut st.scroll_to_top);
    // For a screen reader a table named after the view, with its rows and columns counted
    // (also the rows scrolled out of view), so each row reads «k av n».
    let builder = egui::UiBuilder::new()
        .accessibility_role(egui::accesskit::Role::Table)
        .accessibility_label(T::KIND.plural());
    let n_rows = st.rows.len();
    ui.scope_builder(builder, |ui| {
        ui.ctx().accesskit_node_builder(ui.unique_id(), |node| {
            node.set_row_count(n_rows);
            node.set_column_count(T::COLUMNS.len());
            node.set_size_of_set(n_rows);
        });
        egui::ScrollArea::horizontal().id_salt(("tabell-bredde", T::KIND.key())).show(ui, |ui| {
            let whole: Vec<Option<f32>> =
                (0..T::COLUMNS.len()).map(|col| whole_width::<T>(ui, col)).collect();
            let mut builder = TableBuilder::new(ui)
                .id_salt(("tabell", T::KIND.key()))
                .striped(true)
                .resizable(true)
                .sense(egui::Sense::click())
                .min_scrolled_height(0.0)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::exact(16.0).resizable(false));
            for (col, w) in T::WIDTHS.iter().enumerate() {
                let least = whole[col].unwrap_or(3.0 * text_h);
                builder = builder.column(Column::initial((w * scale).max(least)).at_least(least).clip(true));
            }
            let least = whole[T::WIDTHS.len()].unwrap_or(4.0 * text_h);
            builder = builder.column(Column::remainder().at_least(least).clip(true).resizable(false));
            if let Some(row) = scroll_to {
                builder = builder.scroll_to_row(row, None);
            } else if to_top {
                builder = builder.vertical_scroll_offset(0.0);
            }
            builder
                .header(row_h + 2.0, |mut h| {
                    h.col(|_| {});
                    for (i, title) in T::COLUMNS.iter().enumerate() {
                        let (_, cell) = h.col(|ui| {
                            // The direction is drawn, not written: the default font has no arrows.
                            let name = if i == sort_col {
                                format!("{title}, sortert {}", if asc { "stigende" } else { "synkende" })
                            } else {
                                format!("Sorter etter {}", title.to_lowercase())
                            };
                            let r = ui
                                .add(
                                    egui::Button::new(egui::RichText::new(*title).strong())
                                        .frame(false)
                                        .truncate(),
                                )
                                .accessible_name(&name)
                                .on_hover_text(&name);
                            r.ctx.accesskit_node_builder(r.id, |node| {
                                node.set_role(egui::accesskit::Role::ColumnHeader);
                                node.set_column_index(i);
                                if i == sort_col {
                                    node.set_sort_direction(if asc {
                                        egui::accesskit::SortDirection::Ascending
                                    } else {
                                        egui::accesskit::SortDirection::Descending
                                    });
                                }
                            });
                            if i == sort_col {
                                let (rect, _) =
                                    ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
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
                                new_sort = Some(i);
                            }
                        });
                        // Anywhere in the header cell sorts, not just on the title.
                        if cell.clicked() {
                            new_sort = Some(i);
                        }
                    }
                })
                .body(|body| {
                    body.rows(row_h, st.rows.len(), |mut row| {
                        let index = row.index();
                        let r = &all[st.rows[index]];
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
                                let full = super::cell_text(r, col, reg, &st.lookup);
                                let mut text = egui::RichText::new(&full);
                                if !r.is_active() {
                                    text = text.weak();
                                }
                                if col == 0 {
                                    let cut = !fits(ui, &text, ui.available_width());
                                    let mut resp =
                                        ui.add(egui::Button::selectable(selected, text).truncate());
                                    if cut {
                                        resp = resp.on_hover_text(&full);
                                    }
                                    row_node::<T>(&resp, r, index, selected, reg, &st.lookup);
                                    if resp.clicked() {
                                        clicked = Some(r.id().to_owned());
                                    }
                                    if selected && st.focus_selected {
                                        resp.request_focus();
                                        st.focus_selected = false;
                                    }
                                    any_focus |= resp.has_focus();
                                } else {
                                    // A cut label shows its whole text on hover (egui does that).
                                    ui.add(egui::Label::new(text).truncate());
                                }
                            });
                        }
                        // A click anywhere in the row selects it.
                        if row.response().clicked() {
                            clicked = Some(r.id().to_owned());
                        }
                    });
                });
        });
    });
    st.rows_had_focus = any_focus || st.focus_selected;
    if let Some(i) = new_sort {
        st.sort = if i == sort_col { (i, !asc) } else { (i, true) };
    }
    if let Some(id) = clicked {
        st.request_select(reg, &id, ctx);
    }
}

/// Makes a row's first cell, the one that takes the focus, the table's row `index` for a
/// screen reader: named by the record, with the other columns, each with its title, as its
/// description («Rolle: NAV-leder, Telefon: 61 24 53 02»), selected or not.
fn row_node<T: Kind>(
    resp: &egui::Response,
    record: &T,
    index: usize,
    selected: bool,
    reg: &Register,
    lk: &super::Lookup,
) {
    resp.ctx.accesskit_node_builder(resp.id, |node| {
        node.set_role(egui::accesskit::Role::Row);
        node.clear_toggled();
        node.set_row_index(index);
        node.set_position_in_set(index);
        node.set_selected(selected);
        let rest: Vec<String> = (1..T::COLUMNS.len())
            .filter_map(|col| {
                let text = super::cell_text(record, col, reg, lk);
                (!text.trim().is_empty()).then(|| format!("{}: {text}", T::COLUMNS[col]))
            })
            .collect();
        if !rest.is_empty() {
            node.set_description(rest.join(", "));
        }
    });
}
