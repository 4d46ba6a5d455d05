//! Form fields for the detail panels: a label the screen reader ties to its widget, and
//! inline validation with the Norwegian reason under the field. A [`Form`] collects the
//! errors of one pass, and «Lagre» stays disabled while there are any.
//!
//! Typing is never lost: every field's id comes from the record and the field's label, not
//! from its position, so a message that appears or vanishes above a field cannot hand its
//! focus to another widget. A message shows under its own field, so the field being typed
//! in never moves. In a new record a field's message waits until the user has changed that
//! field (or tried to save), so an empty form is not red before anything is typed.

use super::Lookup;
use crate::model::{AgeRange, ContactId, Labelled, Register, Sector, ServiceId, dates, format};
use crate::ui::theme;
use crate::ui::widgets::pick::{self, Entries};
use chrono::NaiveDate;
use eframe::egui;
use std::collections::{HashMap, HashSet};

/// Fields have one width, so the form grid does not re-flow while it settles.
const FIELD_WIDTH: f32 = 280.0;

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
pub struct Form {
    pub errors: Vec<String>,
    /// The fields whose message is counted in `errors` but not yet shown.
    pub hidden: Vec<&'static str>,
    texts: HashMap<&'static str, String>,
    /// What every field id is made from: the record being edited.
    salt: egui::Id,
    /// Show every field's message, also of fields not yet changed: a record that is
    /// already in the register, or after the user tried to save.
    pub show_all: bool,
    /// Fields the user has changed since the draft was loaded; their messages show.
    touched: HashSet<&'static str>,
    /// Put the cursor in the first text field on the next pass (a new record).
    pub focus_first: bool,
    /// The field that had the keyboard in the last pass, and one to give it back to on the
    /// next (a new record keeps the cursor when «Lagre» gives it its id).
    pub focused: Option<&'static str>,
    pub refocus: Option<&'static str>,
    /// The field that had the keyboard last, in any pass since the draft was loaded: a
    /// click on «Lagre» takes the focus from it, and saving gives it back.
    pub last_focused: Option<&'static str>,
    /// The widget of each field drawn in this pass: a message shown under a field is also
    /// the field's description for a screen reader, and marks it invalid.
    widgets: HashMap<&'static str, egui::Id>,
    /// The day dates are checked against (a verification cannot be in the future).
    pub today: NaiveDate,
}

impl Default for Form {
    fn default() -> Self {
        Self {
            errors: Vec::new(),
            hidden: Vec::new(),
            texts: HashMap::new(),
            salt: egui::Id::unique("skjema"),
            show_all: false,
            touched: HashSet::new(),
            focus_first: false,
            focused: None,
            refocus: None,
            last_focused: None,
            widgets: HashMap::new(),
            today: NaiveDate::MIN,
        }
    }
}

impl Form {
    /// Forget the typed text: a new draft is loaded. `salt` names the record (its kind and
    /// id), so each record's fields have their own ids, cursor and undo history.
    pub fn reset(&mut self, salt: egui::Id, show_all: bool) {
        *self = Self { salt, show_all, today: self.today, ..Self::default() };
    }

    /// Starts a pass over the fields: their messages are collected afresh.
    pub fn begin_pass(&mut self, today: NaiveDate) {
        self.errors.clear();
        self.hidden.clear();
        self.focused = None;
        self.widgets.clear();
        self.today = today;
    }

    /// The id of the field labelled `label` in this record's form.
    pub fn field_id(&self, label: &str) -> egui::Id {
        self.salt.with(label)
    }

    fn label(ui: &mut egui::Ui, label: &str) -> egui::Id {
        ui.label(label).id
    }

    /// Focus bookkeeping and «touched» for a field's widget.
    fn track(&mut self, label: &'static str, r: &egui::Response) {
        self.widgets.insert(label, r.id);
        if self.refocus == Some(label) {
            r.request_focus();
            self.refocus = None;
        }
        if r.has_focus() {
            self.focused = Some(label);
            self.last_focused = Some(label);
        }
        if r.changed() {
            self.touched.insert(label);
        }
    }

    /// The field's message, if any, under it: counted always (so «Lagre» stays disabled),
    /// shown once the field was changed or the user tried to save.
    pub fn error(&mut self, ui: &mut egui::Ui, label: &'static str, error: Option<&str>) {
        let Some(e) = error else { return };
        self.errors.push(format!("{label}: {e}"));
        if self.show_all || self.touched.contains(label) {
            // «Telefon, ugyldig, Telefonnummeret må ha 8 sifre …»: the field itself says it.
            if let Some(id) = self.widgets.get(label) {
                ui.ctx().accesskit_node_builder(*id, |node| {
                    node.set_invalid(egui::accesskit::Invalid::True);
                    node.set_description(e);
                });
            }
            ui.label("");
            ui.colored_label(theme::colors(ui).error, e);
            ui.end_row();
        } else {
            self.hidden.push(label);
        }
    }

    fn text_edit(&mut self, ui: &mut egui::Ui, label: &'static str, value: &mut String, multiline: bool) {
        self.text_edit_with(ui, label, value, multiline, "");
    }

    /// A text field; control characters a paste brings in are removed at once (see
    /// [`format::strip_control`]).
    fn text_edit_with(
        &mut self,
        ui: &mut egui::Ui,
        label: &'static str,
        value: &mut String,
        multiline: bool,
        hint: &str,
    ) {
        let l = Self::label(ui, label);
        let edit = if multiline {
            egui::TextEdit::multiline(value).desired_rows(2)
        } else {
            egui::TextEdit::singleline(value)
        };
        let r =
            ui.add(edit.hint_text(hint).id(self.field_id(label)).desired_width(FIELD_WIDTH)).labelled_by(l);
        format::strip_control(value, multiline);
        if self.focus_first {
            r.request_focus();
            self.focus_first = false;
        }
        self.track(label, &r);
        ui.end_row();
    }

    pub fn text(&mut self, ui: &mut egui::Ui, label: &'static str, value: &mut String) {
        self.text_edit(ui, label, value, false);
    }

    /// A text that must not be empty.
    pub fn required(&mut self, ui: &mut egui::Ui, label: &'static str, value: &mut String) {
        self.text(ui, label, value);
        let err = value.trim().is_empty().then_some("Må fylles ut");
        self.error(ui, label, err);
    }

    pub fn multiline(&mut self, ui: &mut egui::Ui, label: &'static str, value: &mut String) {
        self.text_edit(ui, label, value, true);
    }

    pub fn phone(&mut self, ui: &mut egui::Ui, label: &'static str, value: &mut String) {
        self.text(ui, label, value);
        let err = if value.trim().is_empty() {
            None
        } else {
            format::normalize_phone(value).err().map(|e| e.to_string())
        };
        self.error(ui, label, err.as_deref());
    }

    pub fn email(&mut self, ui: &mut egui::Ui, label: &'static str, value: &mut String) {
        self.text(ui, label, value);
        let err = if value.trim().is_empty() { None } else { format::check_email(value).err() };
        self.error(ui, label, err);
    }

    pub fn org_number(&mut self, ui: &mut egui::Ui, label: &'static str, value: &mut String) {
        self.text(ui, label, value);
        let err = if value.trim().is_empty() { None } else { format::check_org_number(value).err() };
        self.error(ui, label, err);
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
        let mut text = self.texts.remove(label).unwrap_or_else(|| show(value));
        self.text_edit_with(ui, label, &mut text, false, hint);
        let err = match parse(&text) {
            Ok(v) => {
                *value = v;
                None
            }
            Err(e) => Some(e),
        };
        self.texts.insert(label, text);
        self.error(ui, label, err.as_deref());
    }

    pub fn date(&mut self, ui: &mut egui::Ui, label: &'static str, value: &mut Option<NaiveDate>) {
        self.parsed(
            ui,
            label,
            value,
            |d| dates::format_opt(*d),
            |s| dates::parse(s).map_err(|e| e.to_string()),
            "dd.mm.åååå",
        );
    }

    /// A date the record works out from the fields above it, shown and not typed:
    /// «ikke beregnet» until it can.
    pub fn worked_out_date(&mut self, ui: &mut egui::Ui, label: &str, value: Option<NaiveDate>) {
        ui.label(label);
        ui.label(value.map_or_else(|| "ikke beregnet".to_owned(), |d| dates::format_opt(Some(d))));
        ui.end_row();
    }

    /// A date of something that has happened (verified, confirmed, entered): not later
    /// than today.
    pub fn past_date(&mut self, ui: &mut egui::Ui, label: &'static str, value: &mut Option<NaiveDate>) {
        let today = self.today;
        self.parsed(
            ui,
            label,
            value,
            |d| dates::format_opt(*d),
            |s| dates::parse_past(s, today).map_err(|e| e.to_string()),
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

    pub fn check(&mut self, ui: &mut egui::Ui, label: &'static str, value: &mut bool) {
        ui.label("");
        let r = ui.add(egui::Checkbox::new(value, label));
        self.track(label, &r);
        ui.end_row();
    }

    pub fn choice<T: Labelled>(&mut self, ui: &mut egui::Ui, label: &'static str, value: &mut T) {
        let l = Self::label(ui, label);
        let before = *value;
        let r = crate::ui::widgets::combo_labelled(
            egui::ComboBox::from_id_salt(self.field_id(label))
                .selected_text(value.label())
                .width(FIELD_WIDTH - 8.0)
                .show_ui(ui, |ui| {
                    for v in T::ALL {
                        ui.selectable_value(value, *v, v.label());
                    }
                })
                .response,
            l,
        );
        self.track(label, &r);
        if *value != before {
            self.touched.insert(label);
        }
        ui.end_row();
    }

    pub fn opt_choice<T: Labelled>(&mut self, ui: &mut egui::Ui, label: &'static str, value: &mut Option<T>) {
        let l = Self::label(ui, label);
        let before = *value;
        let r = crate::ui::widgets::combo_labelled(
            egui::ComboBox::from_id_salt(self.field_id(label))
                .selected_text(value.map_or("(ikke satt)", |v| v.label()))
                .width(FIELD_WIDTH - 8.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(value, None, "(ikke satt)");
                    for v in T::ALL {
                        ui.selectable_value(value, Some(*v), v.label());
                    }
                })
                .response,
            l,
        );
        self.track(label, &r);
        if *value != before {
            self.touched.insert(label);
        }
        ui.end_row();
    }

    /// Several values of a small closed set, as checkboxes.
    pub fn multi<T: Labelled>(
        &mut self,
        ui: &mut egui::Ui,
        label: &'static str,
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
                    self.touched.insert(label);
                }
            }
        });
        ui.end_row();
    }

    /// Whole sectors, as a drop-down of checkboxes (there are seventeen).
    pub fn sectors(&mut self, ui: &mut egui::Ui, label: &'static str, value: &mut Vec<Sector>) {
        let l = Self::label(ui, label);
        let text = if value.is_empty() {
            "(ingen)".to_owned()
        } else {
            value.iter().map(|s| s.label()).collect::<Vec<_>>().join(", ")
        };
        let mut changed = false;
        crate::ui::widgets::combo_labelled(
            egui::ComboBox::from_id_salt(self.field_id(label))
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
                            changed = true;
                        }
                    }
                })
                .response,
            l,
        );
        if changed {
            self.touched.insert(label);
        }
        ui.end_row();
    }

    /// The municipalities of the register, as checkboxes.
    pub fn municipalities(
        &mut self,
        ui: &mut egui::Ui,
        label: &'static str,
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
                    self.touched.insert(label);
                }
            }
        });
        ui.end_row();
        let unknown: Vec<&String> =
            value.iter().filter(|n| !reg.municipalities.iter().any(|m| &m.number == *n)).collect();
        let err = unknown.first().map(|n| format!("Kommunenummer {n} finnes ikke i registeret"));
        self.error(ui, label, err.as_deref());
    }

    /// One service, picked from a filterable list; «Velg …» until one is chosen.
    pub fn service(
        &mut self,
        ui: &mut egui::Ui,
        label: &'static str,
        value: &mut ServiceId,
        lk: &Lookup,
        reg: &Register,
    ) {
        self.service_from(ui, label, value, lk, reg, Entries::all(lk.sorted_services()));
    }

    /// The provider of an offering: volunteer organisations first, the other services
    /// behind «Vis alle tjenester».
    pub fn provider(
        &mut self,
        ui: &mut egui::Ui,
        label: &'static str,
        value: &mut ServiceId,
        lk: &Lookup,
        reg: &Register,
    ) {
        let (volunteer, other) = lk.services_volunteer_first();
        let entries = if volunteer.is_empty() {
            Entries::all(other)
        } else {
            Entries {
                first: volunteer,
                rest: other,
                rest_label: Some("Vis alle tjenester, ikke bare frivillige"),
            }
        };
        self.service_from(ui, label, value, lk, reg, entries);
    }

    fn service_from(
        &mut self,
        ui: &mut egui::Ui,
        label: &'static str,
        value: &mut ServiceId,
        lk: &Lookup,
        reg: &Register,
        entries: Entries<'_>,
    ) {
        let l = Self::label(ui, label);
        let current = if value.as_str().is_empty() {
            "Velg …".to_owned()
        } else {
            lk.service(reg, value).map_or_else(|| format!("{value} (finnes ikke)"), |s| s.display_name())
        };
        let (r, picked) = pick::pick(ui, self.field_id(label), &current, FIELD_WIDTH - 8.0, entries, |i| {
            reg.services[i].display_name()
        });
        let r = crate::ui::widgets::combo_labelled(r, l);
        self.track(label, &r);
        if let Some(i) = picked {
            *value = reg.services[i].id.clone();
            self.touched.insert(label);
        }
        ui.end_row();
        let err = lk.service(reg, value).is_none().then_some("Velg en tjeneste");
        self.error(ui, label, err);
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
        let id = self.field_id(label);
        let mut changed = false;
        ui.vertical(|ui| {
            let mut remove = None;
            for (i, sid) in value.iter().enumerate() {
                ui.horizontal(|ui| {
                    let name = lk
                        .service(reg, sid)
                        .map_or_else(|| format!("{sid} (finnes ikke)"), |s| s.display_name());
                    ui.add(egui::Label::new(&name).truncate());
                    if ui.small_button("Fjern").on_hover_text(format!("Fjern {name}")).clicked() {
                        remove = Some(i);
                    }
                });
            }
            if let Some(i) = remove {
                value.remove(i);
                changed = true;
            }
            let (r, picked) = pick::pick(
                ui,
                id,
                "Legg til tjeneste …",
                FIELD_WIDTH - 8.0,
                Entries::all(lk.sorted_services()),
                |i| reg.services[i].display_name(),
            );
            crate::ui::widgets::combo_labelled(r, l);
            if let Some(p) = picked.map(|i| reg.services[i].id.clone()).filter(|p| !value.contains(p)) {
                value.push(p);
                changed = true;
            }
        });
        if changed {
            self.touched.insert(label);
        }
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
        let id = self.field_id(label);
        let mut picked = None;
        let mut cleared = false;
        ui.horizontal(|ui| {
            let (r, p) = pick::pick(
                ui,
                id,
                &current,
                FIELD_WIDTH - 8.0 - 50.0,
                Entries::all(lk.sorted_contacts()),
                |i| contact_line(&reg.contacts[i], lk, reg),
            );
            crate::ui::widgets::combo_labelled(r, l);
            picked = p;
            if value.is_some() && ui.small_button("Fjern").on_hover_text(format!("Fjern {label}")).clicked() {
                cleared = true;
            }
        });
        if let Some(i) = picked {
            *value = Some(reg.contacts[i].id.clone());
            self.touched.insert(label);
        } else if cleared {
            *value = None;
            self.touched.insert(label);
        }
        ui.end_row();
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
    fn ages_are_from_to() {
        assert_eq!(parse_age("13–23"), Ok(Some(AgeRange::new(13, 23))));
        assert_eq!(parse_age("0-5 år"), Ok(Some(AgeRange::new(0, 5))));
        assert_eq!(parse_age(""), Ok(None));
        assert!(parse_age("23–13").is_err());
        assert!(parse_age("tretten").is_err());
    }
}
