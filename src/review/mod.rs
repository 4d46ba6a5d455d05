//! The review: the checks that flag stale agreements, missing routines, contacts nobody has
//! verified and offerings that may have stopped. `(&Register, today, &Settings) -> findings`,
//! pure and linear in the size of the register (every look-up goes through a map built once).
//!
//! What each check looks at, and why:
//!
//! - Agreements with status Opphørt are history and never flagged. Revision dates are
//!   checked for Gjeldende and Under revisjon (a draft has not been entered yet). A draft is
//!   incomplete only without owner or revision interval; date entered and document come
//!   when it is signed.
//! - Routine revisions are checked for written routines (adopted or draft); an unwritten
//!   practice has no text to revise. A written routine is incomplete without owner, date or
//!   revision interval, and an adopted one also without its document: the audit's routines
//!   came «uten dato, eier eller revisjonsstatus».
//! - Contacts that have left (`active: false`) and contacts of closed services are not
//!   checked: nobody will call them.
//! - «Due» and «overdue» share one boundary: a date that falls today is due, not overdue;
//!   a date exactly `warn_days` ahead is due soon, one day more is not flagged.

mod coverage;
pub mod due;
pub mod map;
pub mod yearwheel;

pub use coverage::{Coverage, CoverageIndex, agreement_cover, coverage, routine_cover};

use crate::model::dates;
use crate::model::{
    Agreement, AgreementStatus, Contact, Formalisation, OfferingStatus, Party, RecordKind, Register, Routine,
    Service, Settings, sort_key,
};
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// How serious a finding is. Ordered so that `Error > Warning > Info`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Self::Error, Self::Warning, Self::Info];

    /// Norwegian word: «feil», «advarsel», «info».
    pub fn label(self) -> &'static str {
        match self {
            Self::Error => "feil",
            Self::Warning => "advarsel",
            Self::Info => "info",
        }
    }

    /// English key used in JSON and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }

    /// The severity for a key (`error`, `warning`, `info`).
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// What a finding is about. `id()` is the stable key in JSON and tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    AgreementRevisionOverdue,
    AgreementRevisionDueSoon,
    AgreementIncomplete,
    AgreementPartyInactive,
    RoutineMissing,
    RoutineNotFormalised,
    RoutineRevisionOverdue,
    RoutineIncomplete,
    ContactUnverified,
    ContactVacant,
    ServiceWithoutContact,
    OfferingUnconfirmed,
    FundingEnding,
    ForumIncomplete,
}

impl FindingKind {
    pub const ALL: [FindingKind; 14] = [
        Self::AgreementRevisionOverdue,
        Self::AgreementRevisionDueSoon,
        Self::AgreementIncomplete,
        Self::AgreementPartyInactive,
        Self::RoutineMissing,
        Self::RoutineNotFormalised,
        Self::RoutineRevisionOverdue,
        Self::RoutineIncomplete,
        Self::ContactUnverified,
        Self::ContactVacant,
        Self::ServiceWithoutContact,
        Self::OfferingUnconfirmed,
        Self::FundingEnding,
        Self::ForumIncomplete,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Self::AgreementRevisionOverdue => "agreement_revision_overdue",
            Self::AgreementRevisionDueSoon => "agreement_revision_due_soon",
            Self::AgreementIncomplete => "agreement_incomplete",
            Self::AgreementPartyInactive => "agreement_party_inactive",
            Self::RoutineMissing => "routine_missing",
            Self::RoutineNotFormalised => "routine_not_formalised",
            Self::RoutineRevisionOverdue => "routine_revision_overdue",
            Self::RoutineIncomplete => "routine_incomplete",
            Self::ContactUnverified => "contact_unverified",
            Self::ContactVacant => "contact_vacant",
            Self::ServiceWithoutContact => "service_without_contact",
            Self::OfferingUnconfirmed => "offering_unconfirmed",
            Self::FundingEnding => "funding_ending",
            Self::ForumIncomplete => "forum_incomplete",
        }
    }

    /// Short Norwegian heading, for filters and table columns.
    pub fn label(self) -> &'static str {
        match self {
            Self::AgreementRevisionOverdue => "Avtalerevisjon forfalt",
            Self::AgreementRevisionDueSoon => "Avtalerevisjon snart",
            Self::AgreementIncomplete => "Avtale ufullstendig",
            Self::AgreementPartyInactive => "Avtalepart ikke aktiv",
            Self::RoutineMissing => "Rutine mangler",
            Self::RoutineNotFormalised => "Rutine ikke formalisert",
            Self::RoutineRevisionOverdue => "Rutinerevisjon forfalt",
            Self::RoutineIncomplete => "Rutine ufullstendig",
            Self::ContactUnverified => "Kontakt ikke bekreftet",
            Self::ContactVacant => "Ledig stilling",
            Self::ServiceWithoutContact => "Tjeneste uten kontakt",
            Self::OfferingUnconfirmed => "Tilbud ikke bekreftet",
            Self::FundingEnding => "Finansiering slutter",
            Self::ForumIncomplete => "Forum ufullstendig",
        }
    }

    /// The kind for an id (`agreement_revision_overdue` …).
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// The record a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Subject {
    pub kind: RecordKind,
    pub id: String,
    pub name: String,
}

/// What would resolve a finding; the GUI offers it as a button.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Action {
    /// Agreement or routine: add a revision (date, by, note).
    MarkRevised,
    /// Open the record to fill the missing fields.
    CompleteRecord,
    /// Set verified = today.
    VerifyContact,
    /// Open the vacant contact to fill or replace.
    FillPost,
    /// Add a contact to the service.
    AddContact,
    /// Set confirmed = today.
    ConfirmOffering,
    /// New agreement or routine with both parties filled.
    CreateAgreement { a: Party, b: Party },
    /// Open the routine to adopt it.
    FormaliseRoutine,
    /// Open the offering.
    ReviewFunding,
}

impl Action {
    /// Norwegian button text.
    pub fn label(&self) -> &'static str {
        match self {
            Self::MarkRevised => "Registrer revisjon",
            Self::CompleteRecord => "Fyll ut",
            Self::VerifyContact => "Bekreft kontakt",
            Self::FillPost => "Fyll stillingen",
            Self::AddContact => "Legg til kontakt",
            Self::ConfirmOffering => "Bekreft tilbud",
            Self::CreateAgreement { .. } => "Opprett avtale",
            Self::FormaliseRoutine => "Formaliser rutine",
            Self::ReviewFunding => "Se på finansiering",
        }
    }
}

/// One thing the review flags.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: Severity,
    pub subject: Subject,
    /// What is wrong, in Norwegian, with dates as dd.mm.yyyy.
    pub message: String,
    /// When it is or was due, where a date applies.
    pub due: Option<NaiveDate>,
    pub action: Action,
}

/// FxHash (from rustc): much faster than the default SipHash for the short id strings the
/// review looks up, and the ids come from the municipality's own file, not an attacker.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }
    fn write_usize(&mut self, i: usize) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash set with [`FxHasher`].
pub(crate) type FastSet<K> = HashSet<K, std::hash::BuildHasherDefault<FxHasher>>;

/// A hash map with [`FxHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// Runs every check. Sorted by severity (errors first), then due date (earliest first,
/// undated last), then subject name in Norwegian order.
pub fn review(reg: &Register, today: NaiveDate, settings: &Settings) -> Vec<Finding> {
    let ctx = Context::new(reg, today, settings);
    let mut out = Vec::new();
    for a in &reg.agreements {
        ctx.agreement(a, &mut out);
    }
    for r in &reg.routines {
        ctx.routine(r, &mut out);
    }
    ctx.expectations(&mut out);
    ctx.contacts(&mut out);
    ctx.services(&mut out);
    ctx.offerings(&mut out);
    ctx.forums(&mut out);
    sort_findings(&mut out);
    out
}

/// The review's order: severity descending, due ascending with undated last, then subject
/// name (Norwegian order); kind and id make it total, so the output is stable.
pub fn sort_findings(findings: &mut Vec<Finding>) {
    // One byte string per finding: severity and due date, then the Norwegian name key with
    // each character as three big-endian bytes. Comparing those is one memcmp, in the same
    // order as comparing the fields one by one; a large register sorts in a fraction of the
    // time that field-by-field comparison takes.
    let key = |f: &Finding| -> Vec<u8> {
        let name = sort_key(&f.subject.name);
        let mut k = Vec::with_capacity(5 + 3 * name.len());
        k.push(2 - f.severity as u8);
        let days = f.due.map_or(i32::MAX, |d| d.num_days_from_ce());
        k.extend_from_slice(&((i64::from(days) - i64::from(i32::MIN)) as u32).to_be_bytes());
        for c in name {
            k.extend_from_slice(&c.to_be_bytes()[1..]);
        }
        k
    };
    let mut order: Vec<(Vec<u8>, usize)> = findings.iter().enumerate().map(|(i, f)| (key(f), i)).collect();
    order.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| {
            let (fa, fb) = (&findings[a.1], &findings[b.1]);
            fa.kind.cmp(&fb.kind).then_with(|| fa.subject.id.cmp(&fb.subject.id)).then(a.1.cmp(&b.1))
        })
    });
    let mut slots: Vec<Option<Finding>> = std::mem::take(findings).into_iter().map(Some).collect();
    findings.extend(order.into_iter().map(|(_, i)| slots[i].take().expect("each finding once")));
}

/// Look-ups built once per review.
struct Context<'a> {
    reg: &'a Register,
    today: NaiveDate,
    /// Last day that counts as «soon» (today + warn_days).
    horizon: NaiveDate,
    settings: &'a Settings,
    services: FastMap<&'a str, &'a Service>,
    contacts: FastMap<&'a str, &'a Contact>,
}

fn add_months(d: NaiveDate, months: u32) -> Option<NaiveDate> {
    d.checked_add_months(Months::new(months))
}

/// «a, b og c».
fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} og {last}", init.join(", ")),
    }
}

/// «Mangler ansvarlig og dato» for the fields whose flag is set; `None` when nothing lacks.
fn lacking(fields: &[(bool, &str)]) -> Option<String> {
    let missing: Vec<String> =
        fields.iter().filter(|(lacks, _)| *lacks).map(|(_, what)| (*what).to_owned()).collect();
    (!missing.is_empty()).then(|| format!("Mangler {}", join_and(&missing)))
}

fn days_phrase(today: NaiveDate, due: NaiveDate) -> String {
    match (due - today).num_days() {
        0 => "i dag".to_owned(),
        1 => "i morgen".to_owned(),
        n => format!("om {n} dager"),
    }
}

/// The facts behind a revision date, for the message.
fn revision_basis(entered: Option<NaiveDate>, last: Option<NaiveDate>, explicit: bool) -> String {
    if explicit {
        return "fastsatt frist".to_owned();
    }
    match (last, entered) {
        (Some(l), _) => format!("sist revidert {}", dates::format(l)),
        (None, Some(e)) => format!("inngått {}, aldri revidert", dates::format(e)),
        (None, None) => String::new(),
    }
}

impl<'a> Context<'a> {
    fn new(reg: &'a Register, today: NaiveDate, settings: &'a Settings) -> Self {
        let horizon =
            today.checked_add_days(Days::new(u64::from(settings.warn_days))).unwrap_or(NaiveDate::MAX);
        Self {
            reg,
            today,
            horizon,
            settings,
            services: reg.services.iter().map(|s| (s.id.as_str(), s)).collect(),
            contacts: reg.contacts.iter().map(|c| (c.id.as_str(), c)).collect(),
        }
    }

    fn party_name(&self, p: &Party) -> String {
        p.name_by(|id| self.services.get(id.as_str()).copied())
    }

    fn agreement(&self, a: &Agreement, out: &mut Vec<Finding>) {
        if a.status == AgreementStatus::Ended {
            return;
        }
        let subject = || Subject { kind: RecordKind::Agreement, id: a.id.to_string(), name: a.title.clone() };
        let push = |out: &mut Vec<Finding>, kind, severity, message, due, action| {
            out.push(Finding { kind, severity, subject: subject(), message, due, action });
        };
        let draft = a.status == AgreementStatus::Draft;

        if a.revision_watched()
            && let Some(due) = a.next_revision()
        {
            let basis = revision_basis(a.entered, a.last_revised(), a.next_due.is_some());
            let basis = if basis.is_empty() { String::new() } else { format!(" ({basis})") };
            if due < self.today {
                let msg = format!("Revisjonen forfalt {}{basis}", dates::format(due));
                push(
                    out,
                    FindingKind::AgreementRevisionOverdue,
                    Severity::Error,
                    msg,
                    Some(due),
                    Action::MarkRevised,
                );
            } else if due <= self.horizon {
                let msg = format!(
                    "Revisjonen forfaller {}, {}{basis}",
                    dates::format(due),
                    days_phrase(self.today, due)
                );
                push(
                    out,
                    FindingKind::AgreementRevisionDueSoon,
                    Severity::Warning,
                    msg,
                    Some(due),
                    Action::MarkRevised,
                );
            }
        }

        if let Some(msg) = lacking(&[
            (a.owner.is_none(), "ansvarlig"),
            (a.revision_interval_months.unwrap_or(0) == 0, "revisjonsintervall"),
            (!draft && a.entered.is_none(), "dato inngått"),
            (!draft && a.document.trim().is_empty(), "lenke til dokumentet"),
        ]) {
            push(out, FindingKind::AgreementIncomplete, Severity::Warning, msg, None, Action::CompleteRecord);
        }

        let mut problems = Vec::new();
        for p in &a.parties {
            if let Some(s) = self.services.get(p.as_str())
                && !s.active
            {
                problems.push(format!("parten «{}» er ikke lenger aktiv", s.name));
            }
        }
        if let Some(owner) = &a.owner
            && let Some(c) = self.contacts.get(owner.as_str())
        {
            if !c.active {
                problems.push(format!("ansvarlig «{}» har sluttet", c.display_name()));
            } else if c.vacant {
                let role = if c.role.is_empty() { String::new() } else { format!(" ({})", c.role) };
                problems.push(format!("ansvarlig er en ledig stilling{role}"));
            }
        }
        if !problems.is_empty() {
            let msg = capitalise(&problems.join("; "));
            push(
                out,
                FindingKind::AgreementPartyInactive,
                Severity::Warning,
                msg,
                None,
                Action::CompleteRecord,
            );
        }
    }

    fn routine(&self, r: &Routine, out: &mut Vec<Finding>) {
        if !r.revision_watched() {
            return;
        }
        let push = |out: &mut Vec<Finding>, kind, message, due, action| {
            let subject = Subject { kind: RecordKind::Routine, id: r.id.to_string(), name: r.title.clone() };
            out.push(Finding { kind, severity: Severity::Warning, subject, message, due, action });
        };
        if let Some(due) = r.next_revision()
            && due < self.today
        {
            let basis = revision_basis(r.entered, r.last_revised(), r.next_due.is_some());
            let basis = if basis.is_empty() { String::new() } else { format!(" ({basis})") };
            let msg = format!("Revisjonen forfalt {}{basis}", dates::format(due));
            push(out, FindingKind::RoutineRevisionOverdue, msg, Some(due), Action::MarkRevised);
        }
        let adopted = r.formalisation == Formalisation::Adopted;
        if let Some(msg) = lacking(&[
            (r.owner.is_none(), "ansvarlig"),
            (r.entered.is_none(), "dato"),
            (r.revision_interval_months.unwrap_or(0) == 0, "revisjonsintervall"),
            (adopted && r.document.trim().is_empty(), "lenke til dokumentet"),
        ]) {
            push(out, FindingKind::RoutineIncomplete, msg, None, Action::CompleteRecord);
        }
    }

    fn expectations(&self, out: &mut Vec<Finding>) {
        if self.reg.expectations.is_empty() {
            return;
        }
        let index = CoverageIndex::new(self.reg);
        for e in &self.reg.expectations {
            let name = format!("{} – {}", self.party_name(&e.a), self.party_name(&e.b));
            let basis =
                if e.basis.trim().is_empty() { String::new() } else { format!(" ({})", e.basis.trim()) };
            let (kind, severity, message, action) = match index.coverage(&e.a, &e.b) {
                Coverage::Formalised => continue,
                Coverage::Informal => (
                    FindingKind::RoutineNotFormalised,
                    Severity::Warning,
                    format!("Samarbeidet dekkes bare av muntlig praksis eller utkast{basis}"),
                    Action::FormaliseRoutine,
                ),
                Coverage::None => (
                    FindingKind::RoutineMissing,
                    Severity::Error,
                    format!("Ingen skriftlig, vedtatt avtale eller rutine dekker samarbeidet{basis}"),
                    Action::CreateAgreement { a: e.a.clone(), b: e.b.clone() },
                ),
            };
            out.push(Finding {
                kind,
                severity,
                subject: Subject { kind: RecordKind::Expectation, id: e.id.to_string(), name },
                message,
                due: None,
                action,
            });
        }
    }

    fn contacts(&self, out: &mut Vec<Finding>) {
        let months = self.settings.contact_max_age_months;
        for c in &self.reg.contacts {
            if !c.active {
                continue;
            }
            let service = self.services.get(c.service.as_str());
            if service.is_some_and(|s| !s.active) {
                continue;
            }
            let service_name = service.map_or_else(|| c.service.to_string(), |s| s.name.clone());
            let role = c.role.trim();
            // «Rolle, tjeneste», so that a message stands on its own in a list.
            let place = if role.is_empty() { service_name } else { format!("{role}, {service_name}") };
            if c.vacant {
                let name = if role.is_empty() {
                    c.display_name().to_owned()
                } else {
                    format!("Ledig stilling – {role}")
                };
                out.push(Finding {
                    kind: FindingKind::ContactVacant,
                    severity: Severity::Warning,
                    subject: Subject { kind: RecordKind::Contact, id: c.id.to_string(), name },
                    message: format!("Stillingen står ledig ({place})"),
                    due: None,
                    action: Action::FillPost,
                });
                continue;
            }
            let subject = Subject {
                kind: RecordKind::Contact,
                id: c.id.to_string(),
                name: c.display_name().to_owned(),
            };
            let (due, message) = match c.verified {
                None => (None, format!("Opplysningene er aldri bekreftet ({place})")),
                Some(v) => match add_months(v, months) {
                    Some(due) if due < self.today => (
                        Some(due),
                        format!("Opplysningene ble sist bekreftet {} ({place})", dates::format(v)),
                    ),
                    _ => continue,
                },
            };
            out.push(Finding {
                kind: FindingKind::ContactUnverified,
                severity: Severity::Warning,
                subject,
                message,
                due,
                action: Action::VerifyContact,
            });
        }
    }

    fn services(&self, out: &mut Vec<Finding>) {
        let reachable: FastSet<&str> =
            self.reg.contacts.iter().filter(|c| c.is_reachable()).map(|c| c.service.as_str()).collect();
        for s in &self.reg.services {
            if s.active && !reachable.contains(s.id.as_str()) {
                out.push(Finding {
                    kind: FindingKind::ServiceWithoutContact,
                    severity: Severity::Warning,
                    subject: Subject {
                        kind: RecordKind::Service,
                        id: s.id.to_string(),
                        name: s.name.clone(),
                    },
                    message: "Ingen aktiv kontaktperson er registrert".to_owned(),
                    due: None,
                    action: Action::AddContact,
                });
            }
        }
    }

    fn offerings(&self, out: &mut Vec<Finding>) {
        let months = self.settings.offering_confirm_months;
        // An ended measure is history; a planned one runs not yet, so there is nothing to
        // confirm (its funding may still end).
        for o in self.reg.offerings.iter().filter(|o| o.is_current()) {
            let subject =
                || Subject { kind: RecordKind::Offering, id: o.id.to_string(), name: o.name.clone() };
            let unconfirmed = match o.confirmed {
                _ if o.status == OfferingStatus::Planned => None,
                None => Some((None, "Ingen har bekreftet at tilbudet fortsatt går".to_owned())),
                Some(c) => match add_months(c, months) {
                    Some(due) if due < self.today => {
                        Some((Some(due), format!("Sist bekreftet at tilbudet går {}", dates::format(c))))
                    }
                    _ => None,
                },
            };
            if let Some((due, message)) = unconfirmed {
                out.push(Finding {
                    kind: FindingKind::OfferingUnconfirmed,
                    severity: Severity::Warning,
                    subject: subject(),
                    message,
                    due,
                    action: Action::ConfirmOffering,
                });
            }
            if let Some(end) = o.funded_until {
                let (severity, message) = if end < self.today {
                    (
                        Severity::Error,
                        format!(
                            "Finansieringen tok slutt {}, men tilbudet står som aktivt",
                            dates::format(end)
                        ),
                    )
                } else if end <= self.horizon {
                    (
                        Severity::Warning,
                        format!(
                            "Finansieringen slutter {}, {}",
                            dates::format(end),
                            days_phrase(self.today, end)
                        ),
                    )
                } else {
                    continue;
                };
                out.push(Finding {
                    kind: FindingKind::FundingEnding,
                    severity,
                    subject: subject(),
                    message,
                    due: Some(end),
                    action: Action::ReviewFunding,
                });
            }
        }
    }

    fn forums(&self, out: &mut Vec<Finding>) {
        for f in &self.reg.forums {
            let lacks = [(f.frequency.is_none(), "møtehyppighet"), (f.convener.is_none(), "innkaller")];
            if let Some(message) = lacking(&lacks) {
                let subject = Subject { kind: RecordKind::Forum, id: f.id.to_string(), name: f.name.clone() };
                let (kind, severity, action) =
                    (FindingKind::ForumIncomplete, Severity::Info, Action::CompleteRecord);
                out.push(Finding { kind, severity, subject, message, due: None, action });
            }
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_orders_error_above_warning_above_info() {
        assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Info);
        assert_eq!(Severity::from_key("warning"), Some(Severity::Warning));
        assert_eq!(Severity::from_key("advarsel"), None);
        assert_eq!(serde_json::to_string(&Severity::Error).unwrap(), "\"error\"");
    }

    #[test]
    fn kind_ids_round_trip_and_match_serde() {
        for k in FindingKind::ALL {
            assert_eq!(FindingKind::from_id(k.id()), Some(k));
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.id()));
        }
    }

    #[test]
    fn sorting_by_packed_keys_equals_sorting_field_by_field() {
        let names =
            ["Åse", "Zara", "zebra", "Ærlig", "Øystein", "Bjørn", "bjorn", "B", "", "Ledig stilling – Leder"];
        let dates = [None, NaiveDate::from_ymd_opt(2026, 1, 1), NaiveDate::from_ymd_opt(1999, 12, 31)];
        let mut findings = Vec::new();
        for (i, name) in names.iter().enumerate() {
            for (j, due) in dates.iter().enumerate() {
                for (k, severity) in Severity::ALL.into_iter().enumerate() {
                    findings.push(Finding {
                        kind: FindingKind::ALL[(i + j + k) % FindingKind::ALL.len()],
                        severity,
                        subject: Subject {
                            kind: RecordKind::Service,
                            id: format!("{}", (i * 7 + j) % 5),
                            name: name.to_string(),
                        },
                        message: String::new(),
                        due: *due,
                        action: Action::AddContact,
                    });
                }
            }
        }
        let mut expected = findings.clone();
        expected.sort_by_key(|f| {
            (
                std::cmp::Reverse(f.severity),
                f.due.is_none(),
                f.due,
                sort_key(&f.subject.name),
                f.kind,
                f.subject.id.clone(),
            )
        });
        findings.reverse();
        sort_findings(&mut findings);
        assert_eq!(findings, expected);
    }

    #[test]
    fn join_and_reads_as_norwegian() {
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(join_and(&p(&["a"])), "a");
        assert_eq!(join_and(&p(&["a", "b", "c"])), "a, b og c");
    }
}
