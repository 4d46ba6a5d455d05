//! The contact card: everything a caseworker needs to reach a person, with copy buttons,
//! `tel:` / `mailto:` links and a clear mark on details that are only for partners.

use crate::model::dates::format as date;
use crate::model::format::{display_phone, phone_for_copy, tel_link};
use crate::model::{Contact, ContactDetail, RecordKind, Register};
use crate::ui::command::{Action, Command, shortcut_text};
use crate::ui::theme;
use crate::ui::widgets::copy_button;
use chrono::{Months, NaiveDate};
use eframe::egui;

/// The words shown on an internal-only detail.
pub const INTERNAL_MARK: &str = "kun for samarbeidspartnere";

/// Draws the card for `c`. Buttons send commands (open service, open deputy, verify).
pub fn show(ui: &mut egui::Ui, reg: &Register, c: &Contact, today: NaiveDate, commands: &mut Vec<Command>) {
    ui.heading(c.display_name());
    if !c.role.is_empty() {
        ui.label(egui::RichText::new(&c.role).strong());
    }
    if let Some(s) = reg.service(&c.service)
        && ui.link(s.display_name()).on_hover_text("Åpne tjenesten").clicked()
    {
        commands.push(Command::Open(RecordKind::Service, s.id.to_string()));
    }
    if !c.active {
        ui.colored_label(theme::colors(ui).error, "Har sluttet – bruk stedfortreder eller etterfølger");
    } else if c.vacant {
        ui.colored_label(theme::colors(ui).warning, "Stillingen er ledig");
    }
    ui.add_space(theme::space::GROUP);

    // Ctrl+Shift+C copies the first number there is, telefon before mobil.
    let shortcut_on_mobile = c.phone.is_empty();
    egui::Grid::new("kontaktkort").num_columns(4).spacing([10.0, 6.0]).show(ui, |ui| {
        detail_row(ui, "Telefon", &c.phone, Some(!shortcut_on_mobile), commands);
        detail_row(ui, "Mobil", &c.mobile, Some(shortcut_on_mobile), commands);
        detail_row(ui, "E-post", &c.email, None, commands);
    });
    ui.add_space(theme::space::GROUP);

    if !c.topics.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label("Kontakt for:");
            ui.label(egui::RichText::new(c.topics.join(", ")).strong());
        });
    }
    if let Some(d) = &c.deputy {
        ui.horizontal(|ui| {
            ui.label("Stedfortreder:");
            match reg.contact(d) {
                Some(dep) => {
                    let text = format!("{} ({})", dep.display_name(), display_phone(&dep.phone.value));
                    if ui.link(text).on_hover_text("Åpne stedfortrederen").clicked() {
                        commands.push(Command::Open(RecordKind::Contact, dep.id.to_string()));
                    }
                }
                None => {
                    ui.label(d.as_str());
                }
            }
        });
    }
    if let Some(r) = c.replaces.as_ref().and_then(|r| reg.contact(r)) {
        ui.horizontal(|ui| {
            ui.label("Overtok etter:");
            let since = c.since.map(|d| format!(" fra {}", date(d))).unwrap_or_default();
            ui.label(format!("{}{since}", r.display_name()));
        });
    }
    ui.horizontal(|ui| {
        ui.label("Sist bekreftet:");
        let limit = today.checked_sub_months(Months::new(reg.settings.contact_max_age_months));
        match c.verified {
            Some(v) if limit.is_none_or(|l| v >= l) => {
                ui.label(date(v));
            }
            Some(v) => {
                ui.colored_label(theme::colors(ui).warning, format!("{} – bør bekreftes på nytt", date(v)));
            }
            None => {
                ui.colored_label(theme::colors(ui).warning, "aldri");
            }
        }
    });
    if !c.note.is_empty() {
        ui.add_space(theme::space::SMALL);
        ui.label(egui::RichText::new(&c.note).italics());
    }
    ui.add_space(theme::space::SECTION);
    ui.horizontal(|ui| {
        if ui.button("Åpne i Kontakter").on_hover_text("Se og rediger alle feltene").clicked() {
            commands.push(Command::Open(RecordKind::Contact, c.id.to_string()));
        }
        if c.verified != Some(today)
            && ui.button("Bekreft kontakt").on_hover_text("Opplysningene er sjekket i dag").clicked()
        {
            commands.push(Command::Apply(crate::edit::verify_contact(c, today)));
        }
        ask_button(ui, c, commands);
    });
}

/// «Be om bekreftelse på e-post» for someone with an address: the mail program opens on a
/// message asking the person to confirm what the register holds about them.
pub fn ask_button(ui: &mut egui::Ui, c: &Contact, commands: &mut Vec<Command>) {
    if !c.is_reachable() || c.email.is_empty() {
        return;
    }
    let tip = "Åpner e-postprogrammet med en e-post til personen: det registeret har om henne, og en bønn om rettelser";
    if ui.button("Be om bekreftelse på e-post").on_hover_text(tip).clicked() {
        commands.push(Command::AskToConfirm(c.id.to_string()));
    }
}

/// One way to reach the person: the value as a `tel:` or `mailto:` link, a copy button and
/// the internal-only mark. `phone` is `Some(takes the shortcut)` for numbers.
fn detail_row(
    ui: &mut egui::Ui,
    label: &str,
    d: &ContactDetail,
    phone: Option<bool>,
    commands: &mut Vec<Command>,
) {
    ui.label(label);
    if d.is_empty() {
        ui.weak("–");
        ui.label("");
        ui.label("");
        ui.end_row();
        return;
    }
    let (shown, url) = if phone.is_some() {
        (display_phone(&d.value), tel_link(&d.value))
    } else {
        (d.value.trim().to_owned(), Some(format!("mailto:{}", d.value.trim())))
    };
    match url {
        Some(url) => ui.hyperlink_to(&shown, url),
        None => ui.label(egui::RichText::new(&shown).strong()),
    };
    let what = label.to_lowercase();
    let mut tip = format!("Kopier {what} til utklippstavlen");
    if phone == Some(true) {
        let shortcut = Action::CopyPhone.shortcut().map(|s| shortcut_text(ui.ctx(), &s)).unwrap_or_default();
        tip.push_str(&format!(" ({shortcut})"));
    }
    // Digits only for numbers, so they paste cleanly into a phone or a form.
    let text = if phone.is_some() { phone_for_copy(&d.value) } else { shown.clone() };
    copy_button(ui, &format!("Kopier {what}"), &tip, text, &what, commands);
    if d.internal {
        ui.colored_label(theme::colors(ui).warning, egui::RichText::new(INTERNAL_MARK).strong())
            .on_hover_text(
                "Kan brukes av samarbeidspartnere, men skal ikke gis til brukere eller publiseres.",
            );
    } else {
        ui.label("");
    }
    ui.end_row();
}
