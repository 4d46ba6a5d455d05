//! A drop-down for long lists (services, contacts, parties, municipalities): a filter field
//! that has the cursor as soon as the list opens, a virtualised list so thousands of entries
//! stay fast, arrow keys and Enter to choose, and optionally a first group («frivillige
//! organisasjoner») with the rest behind «Vis alle». Clicking the filter field does not
//! close the list; choosing an entry does.

use super::list_keys::ListKeys;
use eframe::egui;

/// The entries of a picker, as positions the caller names with `name`.
pub struct Entries<'a> {
    /// Shown first (or alone until «Vis alle» is ticked, when `rest_label` is set).
    pub first: &'a [usize],
    /// The others; hidden behind a checkbox labelled `rest_label` when that is set.
    pub rest: &'a [usize],
    pub rest_label: Option<&'static str>,
}

impl<'a> Entries<'a> {
    /// One plain list.
    pub fn all(order: &'a [usize]) -> Self {
        Self { first: order, rest: &[], rest_label: None }
    }
}

/// Per-picker state kept in egui's memory between frames.
#[derive(Clone, Default)]
struct PickState {
    filter: String,
    /// The list was open last frame (so the filter field gets the cursor only on opening).
    open: bool,
    /// The highlighted hit, for arrow keys and Enter.
    highlighted: usize,
    show_rest: bool,
}

/// Height of one entry, from the text size so the list follows the zoom and font.
fn row_height(ui: &egui::Ui) -> f32 {
    ui.text_style_height(&egui::TextStyle::Button) + 2.0 * ui.spacing().button_padding.y + 2.0
}

/// Shows the picker with the id `id` and the current value's text `current`. Returns the
/// combo box's response and the entry chosen this frame, if any.
pub fn pick(
    ui: &mut egui::Ui,
    id: egui::Id,
    current: &str,
    width: f32,
    entries: Entries<'_>,
    name: impl Fn(usize) -> String,
) -> (egui::Response, Option<usize>) {
    let state_id = id.with("tilstand");
    let mut st: PickState = ui.data(|d| d.get_temp(state_id)).unwrap_or_default();
    let filter_id = id.with("filter");
    let mut chosen = None;
    let inner = egui::ComboBox::from_id_salt(id)
        .selected_text(current)
        .width(width)
        .height(420.0)
        .truncate()
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .show_ui(ui, |ui| {
            let opening = !st.open;
            st.open = true;
            let has_focus = ui.memory(|m| m.has_focus(filter_id));
            let keys = ListKeys::read(ui.ctx(), has_focus);
            let label = ui.label("Filtrer");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut st.filter)
                        .id(filter_id)
                        .hint_text("skriv for å filtrere")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if opening {
                field.request_focus();
            }
            if field.changed() {
                st.highlighted = 0;
            }
            let needle = st.filter.trim().to_lowercase();
            let keep = |i: &usize| needle.is_empty() || name(*i).to_lowercase().contains(&needle);
            let mut hits: Vec<usize> = entries.first.iter().copied().filter(keep).collect();
            let show_rest = entries.rest_label.is_none() || st.show_rest;
            if show_rest {
                hits.extend(entries.rest.iter().copied().filter(keep));
            }
            if let Some(rest_label) = entries.rest_label
                && !entries.rest.is_empty()
            {
                ui.checkbox(&mut st.show_rest, rest_label);
            }
            let moved = keys.step(&mut st.highlighted, hits.len());
            if let Some(i) = keys.chosen(&hits, st.highlighted) {
                chosen = Some(*i);
            }
            if hits.is_empty() {
                ui.weak("Ingen passer");
            }
            let h = row_height(ui);
            egui::ScrollArea::vertical().max_height(h * 14.0).auto_shrink([false, true]).show_rows(
                ui,
                h,
                hits.len(),
                |ui, range| {
                    for (n, i) in hits[range.clone()].iter().enumerate() {
                        let at = range.start + n;
                        let r = ui.selectable_label(at == st.highlighted, name(*i));
                        if moved && at == st.highlighted {
                            r.scroll_to_me(None);
                        }
                        if r.clicked() {
                            chosen = Some(*i);
                        }
                    }
                },
            );
            if chosen.is_some() {
                ui.close();
            }
        });
    if inner.inner.is_none() || chosen.is_some() {
        // Closed: the next opening starts afresh.
        st = PickState { show_rest: st.show_rest, ..PickState::default() };
    }
    ui.data_mut(|d| d.insert_temp(state_id, st));
    (inner.response, chosen)
}
