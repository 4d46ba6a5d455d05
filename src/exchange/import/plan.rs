//! What an import would do ([`ImportPlan`]), the user's answers ([`Choices`]) and the one
//! edit that applies them.

use crate::edit::{Edit, Record};
use crate::model::*;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// Settings for a plan that are not about single rows.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Mark added and updated contacts as verified on this date (the list was checked).
    pub verified_on: Option<NaiveDate>,
    /// What to do with a service name the register does not have, by [`NewService::key`] /
    /// [`LikelyService::key`]. Without an answer, a name close to a service in the register
    /// is linked to the closest, and any other name becomes a new service.
    pub services: BTreeMap<String, ServiceChoice>,
    /// The sector of a service this import creates, by [`NewService::key`], when the user
    /// corrected the guess.
    pub sectors: BTreeMap<String, Sector>,
}

/// The user's answer for a service name the register does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServiceChoice {
    /// The rows belong to this service in the register.
    Use(ServiceId),
    /// A new service is created for the rows.
    Create,
}

/// A contact that is new to the register.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedContact {
    pub row: usize,
    pub contact: Contact,
    /// Set when the contact's service is one this import would create.
    pub new_service: Option<ServiceId>,
}

/// A row that matches a contact already in the register; the user picks update or skip.
#[derive(Clone, Debug, PartialEq)]
pub struct Duplicate {
    pub row: usize,
    pub existing: Contact,
    /// The existing contact with the row's values filled in.
    pub updated: Contact,
    /// Why it is the same person: «samme e-post», «samme navn og tjeneste», «samme id».
    pub reason: String,
    /// The fields that would change, by their Norwegian name.
    pub changes: Vec<&'static str>,
    pub new_service: Option<ServiceId>,
}

/// A service named in the file that does not exist yet.
#[derive(Clone, Debug, PartialEq)]
pub struct NewService {
    /// Identifies the name (and municipality) in [`ImportOptions::services`] and `sectors`.
    pub key: String,
    pub service: Service,
    /// The rows that name it.
    pub rows: Vec<usize>,
    /// The sector guessed from the name; `service.sector` is the user's choice if made.
    pub guessed_sector: Sector,
    /// Services in the register with a similar name, the closest first (the user chose to
    /// create a new one anyway).
    pub candidates: Vec<ServiceId>,
}

/// A service name the register does not have, but one close to it: «NAV Ung» for «NAV
/// ungdom». The rows are linked to `service` unless the user picks another or a new one.
#[derive(Clone, Debug, PartialEq)]
pub struct LikelyService {
    pub key: String,
    /// The name as written in the file.
    pub name: String,
    /// The service the rows are linked to.
    pub service: ServiceId,
    /// Similar services in the register, the closest first.
    pub candidates: Vec<ServiceId>,
    pub rows: Vec<usize>,
}

/// A value a row came in without: the cell could not be used, the rest of the row could.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remark {
    pub row: usize,
    /// The column's header as written in the file.
    pub column: String,
    /// The cell's value, shortened and with control characters made visible.
    pub value: String,
    pub reason: String,
}

impl std::fmt::Display for Remark {
    /// «kolonne «Telefon», «abc»: Telefonnummeret kan bare …; feltet blir stående tomt»
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "kolonne «{}», «{}»: {}; feltet blir stående tomt", self.column, self.value, self.reason)
    }
}

/// A row that only describes a service (no person): its new phone or e-mail.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceUpdate {
    pub row: usize,
    pub service: Service,
    pub changes: Vec<&'static str>,
}

/// What an import would do, row by row. Nothing in the register has changed yet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportPlan {
    pub added: Vec<PlannedContact>,
    pub duplicates: Vec<Duplicate>,
    pub new_services: Vec<NewService>,
    pub service_updates: Vec<ServiceUpdate>,
    /// Rows left out whatever the choices: blank, unchanged, the same person as an earlier row.
    pub skipped: Vec<(usize, String)>,
    /// Rows that cannot come in, with the reason in Norwegian.
    pub rejected: Vec<(usize, String)>,
    /// Values left out of rows that come in anyway («importert med merknad»).
    pub remarks: Vec<Remark>,
    /// Service names linked to a similar service in the register.
    pub likely_services: Vec<LikelyService>,
}

/// What to do with a row that matches an existing contact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DuplicateChoice {
    #[default]
    Update,
    Skip,
}

/// The user's answers to the questions a plan raises.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choices {
    /// For duplicates not in `per_row`.
    pub duplicates: DuplicateChoice,
    /// Per-row answers, by row number.
    pub per_row: BTreeMap<usize, DuplicateChoice>,
    /// Create the services named in the file that do not exist.
    pub create_services: bool,
}

impl Default for Choices {
    /// What the CLI does: update duplicates, create missing services.
    fn default() -> Self {
        Self { duplicates: DuplicateChoice::Update, per_row: BTreeMap::new(), create_services: true }
    }
}

impl Choices {
    pub fn for_row(&self, row: usize) -> DuplicateChoice {
        self.per_row.get(&row).copied().unwrap_or(self.duplicates)
    }
}

/// Counts for the summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub added: usize,
    pub updated: usize,
    pub skipped: usize,
    pub rejected: usize,
    pub services_created: usize,
    /// Rows among the added and updated that came in with a remark.
    pub with_remarks: usize,
}

impl ImportPlan {
    fn service_ok(&self, new_service: &Option<ServiceId>, choices: &Choices) -> bool {
        new_service.is_none() || choices.create_services
    }

    /// Every skipped row with its reason, given the choices, sorted by row.
    pub fn skipped_rows(&self, choices: &Choices) -> Vec<(usize, String)> {
        let mut out = self.skipped.clone();
        let no_service = |id: &Option<ServiceId>| {
            format!(
                "Tjenesten «{}» finnes ikke og ble ikke opprettet",
                id.as_ref().map_or("", |s| s.as_str())
            )
        };
        for a in &self.added {
            if !self.service_ok(&a.new_service, choices) {
                out.push((a.row, no_service(&a.new_service)));
            }
        }
        for d in &self.duplicates {
            if choices.for_row(d.row) == DuplicateChoice::Skip {
                out.push((d.row, format!("Finnes fra før ({}), hoppet over", d.reason)));
            } else if !self.service_ok(&d.new_service, choices) {
                out.push((d.row, no_service(&d.new_service)));
            }
        }
        if !choices.create_services {
            for s in &self.new_services {
                for row in &s.rows {
                    if !out.iter().any(|(r, _)| r == row) {
                        out.push((*row, no_service(&Some(s.service.id.clone()))));
                    }
                }
            }
        }
        out.sort_by_key(|(r, _)| *r);
        out
    }

    /// How many rows are added, updated, skipped and rejected with these choices.
    pub fn counts(&self, choices: &Choices) -> Counts {
        let added = self.added.iter().filter(|a| self.service_ok(&a.new_service, choices)).count();
        let updated = self
            .duplicates
            .iter()
            .filter(|d| {
                choices.for_row(d.row) == DuplicateChoice::Update && self.service_ok(&d.new_service, choices)
            })
            .count()
            + self.service_updates.len();
        let with_remarks = self.remarks_for(choices).iter().map(|r| r.row).collect::<BTreeSet<_>>().len();
        Counts {
            added,
            updated,
            skipped: self.skipped_rows(choices).len(),
            rejected: self.rejected.len(),
            services_created: if choices.create_services { self.new_services.len() } else { 0 },
            with_remarks,
        }
    }

    /// The rows that come in with these choices.
    fn rows_in(&self, choices: &Choices) -> BTreeSet<usize> {
        let added = self.added.iter().filter(|a| self.service_ok(&a.new_service, choices)).map(|a| a.row);
        let updated = self
            .duplicates
            .iter()
            .filter(|d| {
                choices.for_row(d.row) == DuplicateChoice::Update && self.service_ok(&d.new_service, choices)
            })
            .map(|d| d.row);
        added.chain(updated).chain(self.service_updates.iter().map(|u| u.row)).collect()
    }

    /// The remarks on rows that come in with these choices, by row.
    pub fn remarks_for(&self, choices: &Choices) -> Vec<&Remark> {
        let rows = self.rows_in(choices);
        self.remarks.iter().filter(|r| rows.contains(&r.row)).collect()
    }

    /// The whole import as one edit (services first, so contacts never point at nothing).
    pub fn to_edit(&self, choices: &Choices) -> Edit {
        let mut edits = Vec::new();
        if choices.create_services {
            edits.extend(self.new_services.iter().map(|s| Edit::put(Record::Service(s.service.clone()))));
        }
        edits.extend(self.service_updates.iter().map(|u| Edit::put(Record::Service(u.service.clone()))));
        let added: Vec<&Contact> = self
            .added
            .iter()
            .filter(|a| self.service_ok(&a.new_service, choices))
            .map(|a| &a.contact)
            .collect();
        let updated = self
            .duplicates
            .iter()
            .filter(|d| {
                choices.for_row(d.row) == DuplicateChoice::Update && self.service_ok(&d.new_service, choices)
            })
            .map(|d| &d.updated);
        // A deputy or predecessor that only this import would add, and that is left out.
        let planned: BTreeSet<&ContactId> = self.added.iter().map(|a| &a.contact.id).collect();
        let coming: BTreeSet<&ContactId> = added.iter().map(|c| &c.id).collect();
        let gone = |id: &Option<ContactId>| {
            id.as_ref().is_some_and(|id| planned.contains(id) && !coming.contains(id))
        };
        for c in added.iter().copied().chain(updated) {
            let mut c = c.clone();
            if gone(&c.deputy) {
                c.deputy = None;
            }
            if gone(&c.replaces) {
                c.replaces = None;
            }
            edits.push(Edit::put(Record::Contact(c)));
        }
        Edit::Batch(edits)
    }
}
