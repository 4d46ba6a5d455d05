//! The left side of a record view: the filters and the table. Columns can be dragged wider
//! or narrower and egui remembers their widths (also between runs); a cell whose text is cut
//! shows all of it on hover; the row height and the first widths follow the text size; a
//! click anywhere in a column header sorts, and a new sort order starts at the top.

use super::{Filter, Kind, List};
use crate::model::{Labelled, PreventionLevel, Register, Sector};
use crate::ui::ctx::ViewCtx;
use crate::ui::theme;
use eframe::egui;
use egui_extras::{Column, TableBuilder};

/// The body text size the initial column widths ([`Kind::WIDTHS`]) were chosen for.
const WIDTHS_TEXT_HEIGHT: f32 = 16.0;

pub(super) fn filters<T: Kind>(ui: &mut egui::Ui, st: &mut List<T>, reg: &Register) {
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
pub(super) fn keyboard<T: Kind>(ui: &mut egui::Ui, st: &mut List<T>, ctx: &mut ViewCtx) {
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
    egui::ScrollArea::horizontal().id_salt(("tabell-bredde", T::KIND.key())).show(ui, |ui| {
        let mut builder = TableBuilder::new(ui)
            .id_salt(("tabell", T::KIND.key()))
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .min_scrolled_height(0.0)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::exact(16.0).resizable(false));
        for w in T::WIDTHS {
            builder = builder.column(Column::initial(w * scale).at_least(3.0 * text_h).clip(true));
        }
        builder = builder.column(Column::remainder().at_least(4.0 * text_h).clip(true).resizable(false));
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
                            let full = r.cell(col, reg, &st.lookup);
                            let mut text = egui::RichText::new(&full);
                            if !r.is_active() {
                                text = text.weak();
                            }
                            if col == 0 {
                                let cut = !fits(ui, &text, ui.available_width());
                                let mut resp = ui.add(egui::Button::selectable(selected, text).truncate());
                                if cut {
                                    resp = resp.on_hover_text(&full);
                                }
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
    st.rows_had_focus = any_focus || st.focus_selected;
    if let Some(i) = new_sort {
        st.sort = if i == sort_col { (i, !asc) } else { (i, true) };
    }
    if let Some(id) = clicked {
        st.request_select(reg, &id, ctx);
    }
}
