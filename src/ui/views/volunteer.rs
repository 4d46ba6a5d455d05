//! Frivillig: the volunteer organisations (services in the Frivillige organisasjoner sector)
//! and their offers, filtered by age, cost, weekday and municipality, with «Bekreft aktiv i
//! år» per offer — the yearly check the volunteer coordinator makes.

use super::offerings::weekday_short;
use crate::exchange::OfferingFilter;
use crate::model::dates::format_opt as date_text;
use crate::model::{Labelled, Offering, RecordKind, Register, Sector, Weekday, format, sort_key};
use crate::ui::command::Command;
use crate::ui::ctx::ViewCtx;
use crate::ui::records::Lookup;
use crate::ui::theme;
use crate::ui::widgets::filter_combo;
use chrono::Datelike;
use eframe::egui;

/// What the filters ask for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// An age in years, as typed; empty for any.
    pub age: String,
    pub free_only: bool,
    pub weekday: Option<Weekday>,
    pub municipality: Option<String>,
}

impl Filter {
    fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// The filter as the core applies it (the overview printed from here uses the same),
    /// limited to the volunteer organisations this view lists.
    pub fn offering_filter(&self) -> OfferingFilter {
        OfferingFilter {
            age: self.age.trim().parse::<u8>().ok(),
            free_only: self.free_only,
            weekday: self.weekday,
            municipality: self.municipality.clone(),
            sector: Some(Sector::Frivillig),
        }
    }
}

/// One line of the list: an organisation heading or one of its offers.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Row {
    Org(usize),
    Offer(usize),
}

#[derive(Default)]
pub struct State {
    pub filter: Filter,
    key: Option<(Option<u64>, Filter)>,
    rows: Vec<Row>,
    lookup: Lookup,
    /// Organisations and offers shown, for the heading.
    counts: (usize, usize),
}

/// Whether an offer passes the filter (the core's rule, [`OfferingFilter::matches`]).
pub fn matches(o: &Offering, f: &OfferingFilter, reg: &Register, lk: &Lookup) -> bool {
    f.matches(o, lk.service(reg, &o.provider))
}

impl State {
    fn refresh(&mut self, reg: &Register, revision: Option<u64>) {
        self.lookup.refresh(reg, revision);
        let key = (revision, self.filter.clone());
        if self.key.as_ref() == Some(&key) && revision.is_some() {
            return;
        }
        self.key = Some(key);
        let filter = self.filter.offering_filter();
        let mut orgs: Vec<usize> = (0..reg.services.len())
            .filter(|i| reg.services[*i].sector == Sector::Frivillig && reg.services[*i].active)
            .collect();
        orgs.sort_by_cached_key(|i| sort_key(&reg.services[*i].name));
        let mut by_org: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
        for (i, o) in reg.offerings.iter().enumerate() {
            if matches(o, &filter, reg, &self.lookup) {
                by_org.entry(o.provider.as_str()).or_default().push(i);
            }
        }
        self.rows.clear();
        self.counts = (0, 0);
        for s in orgs {
            let org = &reg.services[s];
            let mut offers = by_org.remove(org.id.as_str()).unwrap_or_default();
            let org_matches =
                self.filter.municipality.as_deref().is_none_or(|m| org.municipalities.iter().any(|x| x == m));
            // An organisation with no matching offer shows only while no offer filter is set.
            if offers.is_empty() && (filter.filters_offers() || !org_matches) {
                continue;
            }
            offers.sort_by_cached_key(|i| sort_key(&reg.offerings[*i].name));
            self.counts.0 += 1;
            self.counts.1 += offers.len();
            self.rows.push(Row::Org(s));
            self.rows.extend(offers.into_iter().map(Row::Offer));
        }
    }

    /// The offers shown, by id, in order (as of the last frame).
    pub fn offer_ids<'r>(&self, reg: &'r Register) -> Vec<&'r str> {
        self.rows
            .iter()
            .filter_map(|r| match r {
                Row::Offer(i) => reg.offerings.get(*i).map(|o| o.id.as_str()),
                Row::Org(_) => None,
            })
            .collect()
    }
}

pub fn show(ui: &mut egui::Ui, state: &mut State, ctx: &mut ViewCtx) {
    state.refresh(ctx.reg, ctx.derived.revision);
    let reg = ctx.reg;
    ui.heading(format!(
        "Frivillige organisasjoner ({}) og tilbudene deres ({})",
        state.counts.0, state.counts.1
    ));
    filters(ui, &mut state.filter, reg);
    if ui
        .button("Skriv ut / eksporter oversikten")
        .on_hover_text("Oversikt over tilbudene som vises her, for utskrift, uten interne numre")
        .clicked()
    {
        let dialog = crate::ui::export_dialog::ExportDialog::offerings(state.filter.offering_filter());
        ctx.send(Command::ExportPreset(Box::new(dialog)));
    }
    if let Some(e) = age_error(&state.filter.age) {
        ui.colored_label(theme::colors(ui).error, e);
    }
    ui.add_space(theme::space::SMALL);
    // In a narrow window (a small screen, a large zoom) each row takes two lines, so what
    // follows a name is not cut off at the window's edge.
    let narrow = ui.available_width() < crate::ui::theme::size::SIDE_BY_SIDE_FROM;
    let row_h = if narrow { 60.0 } else { 30.0 };
    let year = ctx.today.year();
    egui::ScrollArea::vertical().auto_shrink([false, false]).show_rows(
        ui,
        row_h,
        state.rows.len(),
        |ui, range| {
            for row in &state.rows[range] {
                ui.allocate_ui(egui::vec2(ui.available_width(), row_h), |ui| {
                    let two_lines =
                        |ui: &mut egui::Ui,
                         first: &mut dyn FnMut(&mut egui::Ui),
                         second: &mut dyn FnMut(&mut egui::Ui)| {
                            if narrow {
                                ui.vertical(|ui| {
                                    ui.horizontal(|ui| first(ui));
                                    ui.horizontal(|ui| {
                                        ui.add_space(theme::space::PART);
                                        second(ui)
                                    });
                                });
                            } else {
                                ui.horizontal_centered(|ui| {
                                    first(ui);
                                    second(ui)
                                });
                            }
                        };
                    match *row {
                        Row::Org(s) => {
                            let s = &reg.services[s];
                            let mut commands = Vec::new();
                            two_lines(ui, &mut |ui| org_name(ui, s, &mut commands), &mut |ui| {
                                org_numbers(ui, s)
                            });
                            commands.into_iter().for_each(|c| ctx.send(c));
                        }
                        Row::Offer(i) => {
                            let o = &reg.offerings[i];
                            let (mut open, mut confirm) = (Vec::new(), Vec::new());
                            let today = ctx.today;
                            two_lines(ui, &mut |ui| offer_name(ui, o, &mut open), &mut |ui| {
                                offer_facts(ui, o, year, today, narrow, &mut confirm)
                            });
                            open.into_iter().chain(confirm).for_each(|c| ctx.send(c));
                        }
                    }
                });
            }
        },
    );
}

fn age_error(age: &str) -> Option<&'static str> {
    (!age.trim().is_empty() && age.trim().parse::<u8>().is_err())
        .then_some("Alder skrives som et helt tall, f.eks. 14")
}

fn filters(ui: &mut egui::Ui, f: &mut Filter, reg: &Register) {
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Alder");
        ui.add(egui::TextEdit::singleline(&mut f.age).hint_text("år").desired_width(50.0)).labelled_by(l.id);
        ui.checkbox(&mut f.free_only, "Bare gratis");
        let shown = f.weekday.map_or("Alle", |d| d.label());
        let days = Weekday::ALL.iter().map(|d| (*d, d.label()));
        filter_combo(ui, "Ukedag", "frivillig-ukedag", &mut f.weekday, shown, days);
        let shown = f.municipality.as_deref().map_or("Alle", |n| reg.municipality_name(n)).to_owned();
        let all = reg.municipalities.iter().map(|m| (m.number.clone(), m.name.as_str()));
        filter_combo(ui, "Kommune", "frivillig-kommune", &mut f.municipality, &shown, all);
        if !f.is_empty() && ui.button("Nullstill filter").clicked() {
            *f = Filter::default();
        }
    });
}

fn org_name(ui: &mut egui::Ui, s: &crate::model::Service, commands: &mut Vec<Command>) {
    if ui
        .add(egui::Button::new(egui::RichText::new(&s.name).strong()).frame(false))
        .on_hover_text("Åpne i Tjenester")
        .clicked()
    {
        commands.push(Command::Open(RecordKind::Service, s.id.to_string()));
    }
}

fn org_numbers(ui: &mut egui::Ui, s: &crate::model::Service) {
    if !s.phone.is_empty() {
        ui.label(format::display_phone(&s.phone));
    }
    if !s.email.is_empty() {
        ui.label(&s.email);
    }
}

fn offer_name(ui: &mut egui::Ui, o: &Offering, commands: &mut Vec<Command>) {
    ui.add_space(theme::space::PART);
    if ui.add(egui::Button::new(&o.name).frame(false)).on_hover_text("Åpne i Tilbud").clicked() {
        commands.push(Command::Open(RecordKind::Offering, o.id.to_string()));
    }
}

/// Age, price and days, and whether the offering is confirmed this year. In a narrow
/// window the confirmation comes first and the facts take what is left, cut with «…» and
/// whole on hover.
fn offer_facts(
    ui: &mut egui::Ui,
    o: &Offering,
    year: i32,
    today: chrono::NaiveDate,
    narrow: bool,
    commands: &mut Vec<Command>,
) {
    let mut facts: Vec<String> = Vec::new();
    if let Some(a) = o.age {
        facts.push(a.to_string());
    }
    facts.push(if o.free {
        "gratis".to_owned()
    } else if o.price.is_empty() {
        "koster".to_owned()
    } else {
        o.price.clone()
    });
    if !o.weekdays.is_empty() {
        facts.push(o.weekdays.iter().map(|d| weekday_short(*d)).collect::<Vec<_>>().join(", "));
    } else if !o.schedule.is_empty() {
        facts.push(o.schedule.clone());
    }
    let facts = facts.join(" · ");
    if !narrow {
        ui.weak(&facts);
    }
    let confirmed_this_year = o.confirmed.is_some_and(|d| d.year() == year);
    match o.confirmed {
        Some(d) if confirmed_this_year => {
            ui.colored_label(theme::colors(ui).ok, format!("Bekreftet {}", date_text(Some(d))))
        }
        Some(d) => {
            ui.colored_label(theme::colors(ui).warning, format!("Sist bekreftet {}", date_text(Some(d))))
        }
        None => ui.colored_label(theme::colors(ui).warning, "Aldri bekreftet"),
    };
    if !confirmed_this_year {
        let name = format!("Bekreft aktiv i år: {}", o.name);
        if ui
            .button("Bekreft aktiv i år")
            .accessible_name(&name)
            .on_hover_text("Tilbudet går fortsatt (bekreftet i dag)")
            .clicked()
        {
            commands.push(Command::Apply(crate::edit::confirm_offering(o, today)));
        }
    }
    if narrow {
        ui.add(egui::Label::new(egui::RichText::new(facts).weak()).truncate());
    }
}
