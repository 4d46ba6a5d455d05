//! One row of the table read through the mapping: each field's cell cleaned (control
//! characters out, line breaks folded where the field holds one line), and a cell's value
//! as a message shows it.

use super::{Field, Mapping, TableRow, clean_cell};
use crate::model::{Labelled, limits};

/// A cell's value as shown in a message: control characters made visible (an escape
/// sequence must not reach a terminal), at most 60 characters.
pub fn shown(value: &str) -> String {
    let mut out = String::new();
    for (i, c) in value.chars().enumerate() {
        if i == 60 {
            out.push('…');
            break;
        }
        if c.is_control() { out.extend(c.escape_default()) } else { out.push(c) }
    }
    out
}

/// The cells of one row, read through the mapping.
pub(super) struct RowView<'a> {
    cells: Vec<String>,
    mapping: &'a Mapping,
    headers: &'a [String],
    /// Columns whose cell is a formula without a value.
    no_value: &'a [usize],
}

const FORMULA_WITHOUT_VALUE: &str =
    "formel uten verdi (regnearket er lagret uten utregnede verdier; åpne det i Excel og lagre det på nytt)";

impl<'a> RowView<'a> {
    pub(super) fn new(row: &'a TableRow, mapping: &'a Mapping, headers: &'a [String]) -> Self {
        // A line break typed into a cell (Alt+Enter in Excel) or a tab is a space in a field
        // that holds one line; only the long texts keep them.
        let one_line = |col: usize| !limits::is_long_text(mapping.field_of(col).model_field());
        Self {
            cells: row
                .cells
                .iter()
                .enumerate()
                .map(|(col, c)| {
                    let c = clean_cell(c);
                    if one_line(col) && c.contains(['\n', '\r', '\t']) {
                        c.split(['\n', '\r', '\t'])
                            .filter(|p| !p.trim().is_empty())
                            .map(str::trim)
                            .collect::<Vec<_>>()
                            .join(" ")
                    } else {
                        c
                    }
                })
                .collect(),
            mapping,
            headers,
            no_value: &row.no_value,
        }
    }

    /// Nothing in the row at all.
    pub(super) fn is_blank(&self) -> bool {
        self.cells.iter().all(String::is_empty) && self.no_value.is_empty()
    }

    pub(super) fn cells(&self) -> &[String] {
        &self.cells
    }

    pub(super) fn get(&self, field: Field) -> &str {
        self.mapping.column(field).and_then(|c| self.cells.get(c)).map_or("", |s| s.as_str())
    }

    /// The column's header as the file writes it, else the field's name.
    pub(super) fn header(&self, field: Field) -> String {
        let col = self.mapping.column(field);
        match col.and_then(|c| self.headers.get(c)).filter(|h| !h.is_empty()) {
            Some(h) => h.clone(),
            None => col.map_or_else(|| field.label().to_owned(), |c| format!("Kolonne {}", c + 1)),
        }
    }

    /// Why the field's cell cannot be used whatever it says: a formula without a value, or
    /// a text the register does not take (too long, or with a control character: the
    /// model's own rule, [`limits::check_text`]).
    pub(super) fn unusable(&self, field: Field) -> Option<String> {
        let col = self.mapping.column(field)?;
        if self.no_value.contains(&col) {
            return Some(FORMULA_WITHOUT_VALUE.to_owned());
        }
        limits::check_text(field.model_field(), self.get(field)).err().map(|p| p.to_string())
    }

    /// Refuses the row when a field it cannot do without is unusable.
    pub(super) fn required(&self, field: Field) -> Result<(), String> {
        match self.unusable(field) {
            Some(reason) => Err(format!("Kolonne «{}»: {reason}", self.header(field))),
            None => Ok(()),
        }
    }
}
