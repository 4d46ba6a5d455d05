//! Form fields for the detail panels: a label the screen reader ties to its widget, and
//! inline validation with the Norwegian reason next to the field. A [`Form`] collects the
//! errors of one pass, and «Lagre» stays disabled while there are any.

use super::Lookup;
use crate::model::{AgeRange, ContactId, Labelled, Register, Sector, ServiceId, format};
use crate::ui::theme;
use chrono::NaiveDate;
use eframe::egui;
use std::collections::HashMap;

/// Fields have one width, so the form grid does not re-flow while it settles.
const FIELD_WIDTH: f32 = 280.0;

/// A date as the user reads and writes it.
pub fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%d.%m.%Y").to_string()).unwrap_or_default()
}

/// Parses dd.mm.yyyy (also d.m.yyyy); empty is `None`.
pub fn parse_date(s: &str) -> Result<Option<NaiveDate>, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%d.%m.%Y")
        .map(Some)
        .map_err(|_| "Datoen må skrives dd.mm.åååå og være en gyldig dato")
}

/// Parses «13–23» or «13-23»; empty is `None`.
pub fn parse_age(s: &str) -> Result<Option<AgeRange>, &'static str> {
    let s = s.trim().trim_end_matches("år").trim();
    if s.is_empty() {
        return Ok(None);
    }
    const MSG: &str = "Alder skrives fra–til, f.eks. 13–23";
    let (a, b) = s.split_once(['–', '-']).ok_or(MSG)?;
    let from: u8 = a.trim().parse().map_err(|_| MSG)?;
    let to: u8 = b.trim().parse().map_err(|_| MSG)?;
    if from > to {
        return Err("Alder: fra kan ikke være større enn til");
    }
    Ok(Some(AgeRange::new(from, to)))
}

/// The fields of one form pass: errors found, and the text behind fields that are parsed
/// (dates, ages, numbers, lists), kept between frames so a half-typed date is not lost.
#[derive(Default)]
pub struct Form {
    pub errors: Vec<String>,
    texts: HashMap<&'static str, String>,
}

impl Form {
    /// Forget the typed text: a new draft is loaded.
    pub fn reset(&mut self) {
        self.texts.clear();
        self.errors.clear();
    }

    fn label(ui: &mut egui::Ui, label: &str) -> egui::Id {
        ui.label(label).id
    }

    fn error_row(&mut self, ui: &mut egui::Ui, label: &str, error: Option<&str>) {
        if let Some(e) = error {
            ui.label("");
            ui.colored_label(theme::ERROR, e);
            ui.end_row();
            self.errors.push(format!("{label}: {e}"));
        }
    }

    pub fn text(&mut self, ui: &mut egui::Ui, label: &str, value: &mut String) {
        let l = Self::label(ui, label);
        ui.add(egui::TextEdit::singleline(value).desired_width(FIELD_WIDTH)).labelled_by(l);
        ui.end_row();
    }

    /// A text that must not be empty.
    pub fn required(&mut self, ui: &mut egui::Ui, label: &str, value: &mut String) {
        self.text(ui, label, value);
        let err = value.trim().is_empty().then_some("Må fylles ut");
        self.error_row(ui, label, err);
    }

    pub fn multiline(&mut self, ui: &mut egui::Ui, label: &str, value: &mut String) {
        let l = Self::label(ui, label);
        ui.add(egui::TextEdit::multiline(value).desired_rows(2).desired_width(FIELD_WIDTH)).labelled_by(l);
        ui.end_row();
    }

    pub fn phone(&mut self, ui: &mut egui::Ui, label: &str, value: &mut String) {
        self.text(ui, label, value);
        let err = if value.trim().is_empty() {
            None
        } else {
            format::normalize_phone(value).err().map(|e| e.to_string())
        };
        self.error_row(ui, label, err.as_deref());
    }

    pub fn email(&mut self, ui: &mut egui::Ui, label: &str, value: &mut String) {
        self.text(ui, label, value);
        let err = if value.trim().is_empty() { None } else { format::check_email(value).err() };
        self.error_row(ui, label, err);
    }

    pub fn org_number(&mut self, ui: &mut egui::Ui, label: &str, value: &mut String) {
        self.text(ui, label, value);
        let err = if value.trim().is_empty() { None } else { format::check_org_number(value).err() };
        self.error_row(ui, label, err);
    }

    /// A text field whose content is parsed into `value` whenever it is valid.
    fn parsed<T: PartialEq>(
        &mut self,
        ui: &mut egui::Ui,
        label: &'static str,
        value: &mut T,
        show: impl Fn(&T) -> String,
        parse: impl Fn(&str) -> Result<T, String>,
        hint: &str,
    ) {
        let text = self.texts.entry(label).or_insert_with(|| show(value));
        let l = Self::label(ui, label);
        ui.add(egui::TextEdit::singleline(text).hint_text(hint).desired_width(FIELD_WIDTH)).labelled_by(l);
        ui.end_row();
        let err = match parse(text) {
            Ok(v) => {
                *value = v;
                None
            }
            Err(e) => Some(e),
        };
        self.error_row(ui, label, err.as_deref());
    }

    pub fn date(&mut self, ui: &mut egui::Ui, label: &'static str, value: &mut Option<NaiveDate>) {
        self.parsed(
            ui,
            label,
            value,
            |d| date_text(*d),
            |s| parse_date(s).map_err(str::to_owned),
            "dd.mm.åååå",
        );
    }

    pub fn age(&mut self, ui: &mut egui::Ui, label: &'static str, value: &mut Option<AgeRange>) {
        self.parsed(
            ui,
            label,
            value,
            |a| a.map(|a| format!("{}–{}", a.from, a.to)).unwrap_or_default(),
            |s| parse_age(s).map_err(str::to_owned),
            "f.eks. 13–23",
        );
    }

    pub fn months(&mut self, ui: &mut egui::Ui, label: &'static str, value: &mut Option<u32>) {
        self.parsed(
            ui,
            label,
            value,
            |m| m.map(|m| m.to_string()).unwrap_or_default(),
            |s| {
                let s = s.trim();
                if s.is_empty() {
                    return Ok(None);
                }
                match s.parse::<u32>() {
                    Ok(m) if m > 0 => Ok(Some(m)),
                    _ => Err("Skriv antall måneder, f.eks. 12".to_owned()),
                }
            },
            "måneder, f.eks. 12",
        );
    }

    /// A list of words, comma separated («ungdom 18–25, NAV ung»).
    pub fn words(&mut self, ui: &mut egui::Ui, label: &'static str, value: &mut Vec<String>) {
        self.parsed(
            ui,
            label,
            value,
            |v| v.join(", "),
            |s| Ok(s.split(',').map(str::trim).filter(|w| !w.is_empty()).map(str::to_owned).collect()),
            "skill med komma",
        );
    }

    pub fn check(&mut self, ui: &mut egui::Ui, label: &str, value: &mut bool) {
        ui.label("");
        ui.checkbox(value, label);
        ui.end_row();
    }

    pub fn choice<T: Labelled>(&mut self, ui: &mut egui::Ui, label: &str, value: &mut T) {
        let l = Self::label(ui, label);
        egui::ComboBox::from_id_salt(label)
            .selected_text(value.label())
            .width(FIELD_WIDTH - 8.0)
            .show_ui(ui, |ui| {
                for v in T::ALL {
                    ui.selectable_value(value, *v, v.label());
                }
            })
            .response
            .labelled_by(l);
        ui.end_row();
    }

    pub fn opt_choice<T: Labelled>(&mut self, ui: &mut egui::Ui, label: &str, value: &mut Option<T>) {
        let l = Self::label(ui, label);
        egui::ComboBox::from_id_salt(label)
            .selected_text(value.map_or("(ikke satt)", |v| v.label()))
            .width(FIELD_WIDTH - 8.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(value, None, "(ikke satt)");
                for v in T::ALL {
                    ui.selectable_value(value, Some(*v), v.label());
                }
            })
            .response
            .labelled_by(l);
        ui.end_row();
    }

    /// Several values of a small closed set, as checkboxes.
    pub fn multi<T: Labelled>(
        &mut self,
        ui: &mut egui::Ui,
        label: &str,
        value: &mut Vec<T>,
        short: fn(T) -> &'static str,
    ) {
        ui.label(label);
        ui.horizontal_wrapped(|ui| {
            for v in T::ALL {
                let mut on = value.contains(v);
                if ui.checkbox(&mut on, short(*v)).changed() {
                    if on {
                        value.push(*v);
                    } else {
                        value.retain(|x| x != v);
                    }
                }
            }
        });
        ui.end_row();
    }

    /// Whole sectors, as a drop-down of checkboxes (there are seventeen).
    pub fn sectors(&mut self, ui: &mut egui::Ui, label: &str, value: &mut Vec<Sector>) {
        let l = Self::label(ui, label);
        let text = if value.is_empty() {
            "(ingen)".to_owned()
        } else {
            value.iter().map(|s| s.label()).collect::<Vec<_>>().join(", ")
        };
        egui::ComboBox::from_id_salt(label)
            .selected_text(text)
            .width(FIELD_WIDTH - 8.0)
            .truncate()
            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
            .show_ui(ui, |ui| {
                for s in Sector::ALL {
                    let mut on = value.contains(s);
                    if ui.checkbox(&mut on, s.label()).changed() {
                        if on {
                            value.push(*s);
                        } else {
                            value.retain(|x| x != s);
                        }
                    }
                }
            })
            .response
            .labelled_by(l);
        ui.end_row();
    }

    /// The municipalities of the register, as checkboxes.
    pub fn municipalities(
        &mut self,
        ui: &mut egui::Ui,
        label: &str,
        value: &mut Vec<String>,
        reg: &Register,
    ) {
        ui.label(label);
        ui.horizontal_wrapped(|ui| {
            for m in &reg.municipalities {
                let mut on = value.contains(&m.number);
                if ui.checkbox(&mut on, &m.name).changed() {
                    if on {
                        value.push(m.number.clone());
                    } else {
                        value.retain(|x| x != &m.number);
                    }
                }
            }
        });
        ui.end_row();
        let unknown: Vec<&String> =
            value.iter().filter(|n| !reg.municipalities.iter().any(|m| &m.number == *n)).collect();
        if let Some(n) = unknown.first() {
            let e = format!("Kommunenummer {n} finnes ikke i registeret");
            self.error_row(ui, label, Some(&e));
        }
    }

    /// One service, picked from a searchable list.
    pub fn service(
        &mut self,
        ui: &mut egui::Ui,
        label: &'static str,
        value: &mut ServiceId,
        lk: &Lookup,
        reg: &Register,
    ) {
        let l = Self::label(ui, label);
        let current = lk.service(reg, value).map_or_else(|| value.to_string(), |s| s.display_name());
        let mut picked = None;
        self.picker(
            ui,
            label,
            l,
            &current,
            lk.sorted_services(),
            |i| reg.services[i].display_name(),
            |i| picked = Some(reg.services[i].id.clone()),
        );
        if let Some(p) = picked {
            *value = p;
        }
        ui.end_row();
        let err = lk.service(reg, value).is_none().then_some("Velg en tjeneste");
        self.error_row(ui, label, err);
    }

    /// Several services: the chosen ones with a remove button, and a picker to add one.
    pub fn services(
        &mut self,
        ui: &mut egui::Ui,
        label: &'static str,
        value: &mut Vec<ServiceId>,
        lk: &Lookup,
        reg: &Register,
    ) {
        let l = Self::label(ui, label);
        ui.vertical(|ui| {
            let mut remove = None;
            for (i, id) in value.iter().enumerate() {
                ui.horizontal(|ui| {
                    let name = lk
                        .service(reg, id)
                        .map_or_else(|| format!("{id} (finnes ikke)"), |s| s.display_name());
                    ui.add(egui::Label::new(&name).truncate());
                    if ui.small_button("Fjern").on_hover_text(format!("Fjern {name}")).clicked() {
                        remove = Some(i);
                    }
                });
            }
            if let Some(i) = remove {
                value.remove(i);
            }
            let mut picked = None;
            self.picker(
                ui,
                label,
                l,
                "Legg til tjeneste …",
                lk.sorted_services(),
                |i| reg.services[i].display_name(),
                |i| picked = Some(reg.services[i].id.clone()),
            );
            if let Some(p) = picked.filter(|p| !value.contains(p)) {
                value.push(p);
            }
        });
        ui.end_row();
    }

    /// An optional contact person.
    pub fn contact(
        &mut self,
        ui: &mut egui::Ui,
        label: &'static str,
        value: &mut Option<ContactId>,
        lk: &Lookup,
        reg: &Register,
    ) {
        let l = Self::label(ui, label);
        let current = match value {
            None => "(ingen)".to_owned(),
            Some(id) => lk
                .contact(reg, id)
                .map_or_else(|| format!("{id} (finnes ikke)"), |c| contact_line(c, lk, reg)),
        };
        let mut picked = None;
        ui.horizontal(|ui| {
            self.picker(
                ui,
                label,
                l,
                &current,
                lk.sorted_contacts(),
                |i| contact_line(&reg.contacts[i], lk, reg),
                |i| picked = Some(reg.contacts[i].id.clone()),
            );
            if value.is_some() && ui.small_button("Fjern").on_hover_text(format!("Fjern {label}")).clicked() {
                *value = None;
            }
        });
        if let Some(p) = picked {
            *value = Some(p);
        }
        ui.end_row();
    }

    /// A drop-down with a filter field and a virtualised list, so that it stays fast with
    /// thousands of entries.
    #[allow(clippy::too_many_arguments)]
    fn picker(
        &mut self,
        ui: &mut egui::Ui,
        label: &'static str,
        label_id: egui::Id,
        current: &str,
        order: &[usize],
        name: impl Fn(usize) -> String,
        mut pick: impl FnMut(usize),
    ) {
        let key: &'static str = label;
        let filter_key = format!("{key}#filter");
        let mut filter = ui.data(|d| d.get_temp::<String>(egui::Id::unique(&filter_key))).unwrap_or_default();
        egui::ComboBox::from_id_salt(label)
            .selected_text(current)
            .width(FIELD_WIDTH - 8.0)
            .truncate()
            .show_ui(ui, |ui| {
                let fl = ui.label("Filtrer");
                ui.text_edit_singleline(&mut filter).labelled_by(fl.id);
                let needle = filter.to_lowercase();
                let hits: Vec<usize> = if needle.is_empty() {
                    order.to_vec()
                } else {
                    order.iter().copied().filter(|i| name(*i).to_lowercase().contains(&needle)).collect()
                };
                egui::ScrollArea::vertical().max_height(260.0).show_rows(
                    ui,
                    20.0,
                    hits.len(),
                    |ui, range| {
                        for i in &hits[range] {
                            if ui.selectable_label(false, name(*i)).clicked() {
                                pick(*i);
                            }
                        }
                    },
                );
            })
            .response
            .labelled_by(label_id);
        ui.data_mut(|d| d.insert_temp(egui::Id::unique(filter_key), filter));
    }
}

/// «Kari Nordmann – NAV-veileder (NAV Nord-Fron)»
pub fn contact_line(c: &crate::model::Contact, lk: &Lookup, reg: &Register) -> String {
    let service = lk.service(reg, &c.service).map_or("", |s| s.name.as_str());
    format!("{} – {} ({service})", c.display_name(), c.role)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_day_month_year() {
        assert_eq!(parse_date("23.11.2026"), Ok(NaiveDate::from_ymd_opt(2026, 11, 23)));
        assert_eq!(parse_date("1.2.2026"), Ok(NaiveDate::from_ymd_opt(2026, 2, 1)));
        assert_eq!(parse_date(" "), Ok(None));
        assert!(parse_date("2026-11-23").is_err());
        assert!(parse_date("31.02.2026").is_err());
        assert_eq!(date_text(NaiveDate::from_ymd_opt(2026, 3, 4)), "04.03.2026");
    }

    #[test]
    fn ages_are_from_to() {
        assert_eq!(parse_age("13–23"), Ok(Some(AgeRange::new(13, 23))));
        assert_eq!(parse_age("0-5 år"), Ok(Some(AgeRange::new(0, 5))));
        assert_eq!(parse_age(""), Ok(None));
        assert!(parse_age("23–13").is_err());
        assert!(parse_age("tretten").is_err());
    }
}
