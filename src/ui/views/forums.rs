//! Fora: collaboration forums and meeting arenas, who takes part and how often they meet.

use crate::model::dates::format_opt as date_text;
use crate::model::{Forum, Labelled, Month, RecordKind, Register, Sector};
use crate::ui::records::fields::Form;
use crate::ui::records::{self, Kind, List, Lookup};
use eframe::egui;

pub type State = List<Forum>;

impl Kind for Forum {
    const KIND: RecordKind = RecordKind::Forum;
    const COLUMNS: &'static [&'static str] = &["Forum", "Deltakere", "Hyppighet", "Møter", "Innkaller"];
    const WIDTHS: &'static [f32] = &[240.0, 260.0, 110.0, 150.0];

    records::stored_in!(reg.forums, Record::Forum, named name);
    fn blank(_reg: &Register) -> Self {
        Forum::new("", "", Vec::new())
    }
    fn cell(&self, col: usize, reg: &Register, lk: &Lookup) -> String {
        match col {
            0 => self.name.clone(),
            1 => lk.short_names(reg, &self.participants, &[]),
            2 => self.frequency.map_or("", |f| f.label()).to_owned(),
            3 => meetings_text(self),
            _ => lk.contact_name(reg, &self.convener),
        }
    }
    fn haystack(&self, reg: &Register, lk: &Lookup) -> String {
        format!("{} {} {}", self.name, lk.short_names(reg, &self.participants, &[]), self.mandate)
            .to_lowercase()
    }
    fn in_sector(&self, sector: Sector, reg: &Register, lk: &Lookup) -> bool {
        self.participants.iter().any(|p| lk.service(reg, p).is_some_and(|s| s.sector == sector))
    }
    fn form(ui: &mut egui::Ui, fo: &mut Self, f: &mut Form, reg: &Register, lk: &Lookup) {
        f.required(ui, "Navn", &mut fo.name);
        f.services(ui, "Deltakere", &mut fo.participants, lk, reg);
        f.opt_choice(ui, "Hyppighet", &mut fo.frequency);
        f.date(ui, "Første møte", &mut fo.first_meeting);
        // Months only when no day is given: a first meeting decides the dates.
        if fo.first_meeting.is_none() {
            f.multi(ui, "Møtemåneder (uten fast dato)", &mut fo.meeting_months, month_short);
        }
        f.opt_choice(ui, "Nivå", &mut fo.level);
        f.multiline(ui, "Mandat", &mut fo.mandate);
        f.contact(ui, "Innkaller", &mut fo.convener, lk, reg);
        f.multiline(ui, "Merknad", &mut fo.note);
    }
}

/// «fra 15.01.2026» or «mars, september».
fn meetings_text(f: &Forum) -> String {
    match (f.first_meeting, f.meeting_months.is_empty()) {
        (Some(d), _) => format!("fra {}", date_text(Some(d))),
        (None, false) => {
            let mut months = f.meeting_months.clone();
            months.sort();
            months.iter().map(|m| m.label()).collect::<Vec<_>>().join(", ")
        }
        (None, true) => String::new(),
    }
}

/// Three letters of a month, for compact checkboxes.
fn month_short(m: Month) -> &'static str {
    &m.label()[..3]
}
