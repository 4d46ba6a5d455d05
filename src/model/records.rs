//! The records of the register. Plain data: no behaviour beyond small derived values.
//!
//! Optional text is an empty `String` (left out of the file), optional dates and references
//! are `Option`. Every record has a stable id and refers to others by id.

use super::enums::*;
use super::ids::*;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

fn is_false(b: &bool) -> bool {
    !*b
}
fn is_true(b: &bool) -> bool {
    *b
}
fn yes() -> bool {
    true
}

/// A municipality served by the register, by its four-digit kommunenummer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Municipality {
    /// Kommunenummer, four digits, e.g. "3436".
    pub number: String,
    pub name: String,
}

/// An age range in years, both ends included (0–5, 13–23, 18–25 …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeRange {
    pub from: u8,
    pub to: u8,
}

impl AgeRange {
    pub fn new(from: u8, to: u8) -> Self {
        Self { from, to }
    }
    pub fn contains(&self, age: u8) -> bool {
        self.from <= age && age <= self.to
    }
    pub fn overlaps(&self, other: &AgeRange) -> bool {
        self.from <= other.to && other.from <= self.to
    }
}

impl std::fmt::Display for AgeRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}–{} år", self.from, self.to)
    }
}

/// A service (tjeneste, virksomhet, enhet) or a volunteer organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub id: ServiceId,
    pub name: String,
    /// Abbreviation as the plans use it (MGPP, MGBV, HKK); never expanded by us.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub abbreviation: String,
    pub sector: Sector,
    pub owner_kind: OwnerKind,
    /// Kommunenummer of the municipalities served.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub municipalities: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_age: Option<AgeRange>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prevention_levels: Vec<PreventionLevel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<Access>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub opening_hours: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub web: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub address: String,
    /// Organisasjonsnummer, nine digits with a mod-11 check digit.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub org_number: String,
    /// False once the service is closed or merged; kept for history.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub active: bool,
}

impl Service {
    /// A new active service with only the required fields set.
    pub fn new(id: impl Into<ServiceId>, name: &str, sector: Sector, owner_kind: OwnerKind) -> Self {
        Self {
            id: id.into(),
            name: name.to_owned(),
            abbreviation: String::new(),
            sector,
            owner_kind,
            municipalities: Vec::new(),
            target_age: None,
            prevention_levels: Vec::new(),
            access: None,
            description: String::new(),
            opening_hours: String::new(),
            phone: String::new(),
            email: String::new(),
            web: String::new(),
            address: String::new(),
            org_number: String::new(),
            active: true,
        }
    }

    /// "Name (ABBR)" when there is an abbreviation.
    pub fn display_name(&self) -> String {
        if self.abbreviation.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.abbreviation)
        }
    }
}

/// One way to reach a contact. `internal` marks a detail that partners may use but that
/// must not be handed to clients («kun for samarbeidspartnere»); public exports leave it out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactDetail {
    pub value: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub internal: bool,
}

impl ContactDetail {
    pub fn public(value: &str) -> Self {
        Self { value: value.to_owned(), internal: false }
    }
    pub fn internal(value: &str) -> Self {
        Self { value: value.to_owned(), internal: true }
    }
    pub fn is_empty(&self) -> bool {
        self.value.trim().is_empty()
    }
    /// Nothing at all set: left out of the file.
    pub fn is_unset(&self) -> bool {
        self.value.is_empty() && !self.internal
    }
}

/// A named contact person in a service. Work contact data only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub id: ContactId,
    /// Empty only when the post is vacant.
    #[serde(default)]
    pub name: String,
    /// Role or title: barnevernleder, NAV-veileder for 18–25, SLT-koordinator …
    pub role: String,
    pub service: ServiceId,
    #[serde(default, skip_serializing_if = "ContactDetail::is_unset")]
    pub phone: ContactDetail,
    #[serde(default, skip_serializing_if = "ContactDetail::is_unset")]
    pub mobile: ContactDetail,
    #[serde(default, skip_serializing_if = "ContactDetail::is_unset")]
    pub email: ContactDetail,
    /// What this person is the contact for ("ungdom 18–25", "bekymringsmelding", "SLT").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deputy: Option<ContactId>,
    /// The contact this person took over from, so a vanished name can be traced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<ContactId>,
    /// When the contact took over the post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    /// When someone last checked that these details are right.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<NaiveDate>,
    /// The post exists but nobody fills it now.
    #[serde(default, skip_serializing_if = "is_false")]
    pub vacant: bool,
    /// False when the person has left; kept so that `replaces` still resolves.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub active: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Contact {
    pub fn new(id: impl Into<ContactId>, name: &str, role: &str, service: impl Into<ServiceId>) -> Self {
        Self {
            id: id.into(),
            name: name.to_owned(),
            role: role.to_owned(),
            service: service.into(),
            phone: ContactDetail::default(),
            mobile: ContactDetail::default(),
            email: ContactDetail::default(),
            topics: Vec::new(),
            deputy: None,
            replaces: None,
            since: None,
            verified: None,
            vacant: false,
            active: true,
            note: String::new(),
        }
    }

    /// Shown name: the person, or «Ledig stilling» for a vacant post.
    pub fn display_name(&self) -> &str {
        if self.vacant && self.name.trim().is_empty() { "Ledig stilling" } else { &self.name }
    }

    /// Active and filled: someone to actually call.
    pub fn is_reachable(&self) -> bool {
        self.active && !self.vacant
    }
}

/// One revision of an agreement or routine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub date: NaiveDate,
    pub by: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// The revision rhythm shared by agreements and routines.
///
/// Next revision = last revised (else entered) + interval; an explicit `next_due` overrides.
pub fn next_revision(
    entered: Option<NaiveDate>,
    revisions: &[Revision],
    interval_months: Option<u32>,
    next_due: Option<NaiveDate>,
) -> Option<NaiveDate> {
    if next_due.is_some() {
        return next_due;
    }
    let months = interval_months.filter(|m| *m > 0)?;
    let base = last_revised(revisions).or(entered)?;
    base.checked_add_months(Months::new(months))
}

/// The latest revision date, if any.
pub fn last_revised(revisions: &[Revision]) -> Option<NaiveDate> {
    revisions.iter().map(|r| r.date).max()
}

/// A collaboration agreement (samarbeidsavtale) between two or more services.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    pub id: AgreementId,
    pub title: String,
    /// The services that are party to it.
    pub parties: Vec<ServiceId>,
    /// Whole sectors that are party to it ("frivillige organisasjoner").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub party_sectors: Vec<Sector>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub purpose: String,
    pub level: Level,
    pub status: AgreementStatus,
    /// Date entered (inngått).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered: Option<NaiveDate>,
    /// Revision interval in months ("revideres årlig" = 12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_interval_months: Option<u32>,
    /// Explicit next revision date; overrides the computed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_due: Option<NaiveDate>,
    /// Who is responsible (ansvarlig).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<ContactId>,
    /// Link or path to the signed document.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub document: String,
    /// Legal basis as text; references get renumbered, so never parsed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub legal_basis: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Agreement {
    pub fn new(id: impl Into<AgreementId>, title: &str, parties: Vec<ServiceId>) -> Self {
        Self {
            id: id.into(),
            title: title.to_owned(),
            parties,
            party_sectors: Vec::new(),
            purpose: String::new(),
            level: Level::System,
            status: AgreementStatus::Current,
            entered: None,
            revision_interval_months: None,
            next_due: None,
            owner: None,
            document: String::new(),
            legal_basis: String::new(),
            revisions: Vec::new(),
            note: String::new(),
        }
    }
    /// A new agreement as every «Ny avtale» starts it (the Avtaler form, the map, the
    /// review's «Opprett avtaleutkast»): a draft, not yet entered, to be revised every 12
    /// months once it is. A draft covers a pair only informally until it is made current.
    pub fn draft(id: impl Into<AgreementId>, title: &str) -> Self {
        let mut a = Self::new(id, title, Vec::new());
        a.status = AgreementStatus::Draft;
        a.revision_interval_months = Some(12);
        a
    }
    /// Whether the review watches this agreement's revision date: current or under
    /// revision, not a draft or ended.
    pub fn revision_watched(&self) -> bool {
        matches!(self.status, AgreementStatus::Current | AgreementStatus::UnderRevision)
    }
    /// Adds `party` to the agreement's services or sectors.
    pub fn add_party(&mut self, party: &Party) {
        match party {
            Party::Service(s) => self.parties.push(s.clone()),
            Party::Sector(s) => self.party_sectors.push(*s),
        }
    }
    pub fn last_revised(&self) -> Option<NaiveDate> {
        last_revised(&self.revisions)
    }
    pub fn next_revision(&self) -> Option<NaiveDate> {
        next_revision(self.entered, &self.revisions, self.revision_interval_months, self.next_due)
    }
    /// Records a revision: the history stays in date order, an explicit next date the
    /// revision has reached no longer applies, and an agreement under revision is current
    /// again.
    pub fn add_revision(&mut self, revision: Revision) {
        spend_next_due(&mut self.next_due, revision.date);
        if self.status == AgreementStatus::UnderRevision {
            self.status = AgreementStatus::Current;
        }
        insert_revision(&mut self.revisions, revision);
    }
}

/// An explicit next revision date at or before a new revision is spent.
fn spend_next_due(next_due: &mut Option<NaiveDate>, revised: NaiveDate) {
    if next_due.is_some_and(|d| d <= revised) {
        *next_due = None;
    }
}

/// Adds a revision and keeps the history in date order (a stable sort: the same date keeps
/// the order they were added in).
fn insert_revision(revisions: &mut Vec<Revision>, revision: Revision) {
    revisions.push(revision);
    revisions.sort_by_key(|r| r.date);
}

/// A written routine, procedure or guide (rutine, prosedyre, handlingsveileder).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Routine {
    pub id: RoutineId,
    pub title: String,
    pub kind: RoutineKind,
    /// The services the routine binds.
    pub services: Vec<ServiceId>,
    /// Whole sectors it covers ("frivillige organisasjoner").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors: Vec<Sector>,
    pub formalisation: Formalisation,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<ContactId>,
    /// Date adopted or first written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_interval_months: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_due: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub document: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision>,
}

impl Routine {
    pub fn new(
        id: impl Into<RoutineId>,
        title: &str,
        services: Vec<ServiceId>,
        formalisation: Formalisation,
    ) -> Self {
        Self {
            id: id.into(),
            title: title.to_owned(),
            kind: RoutineKind::Routine,
            services,
            sectors: Vec::new(),
            formalisation,
            description: String::new(),
            owner: None,
            entered: None,
            revision_interval_months: None,
            next_due: None,
            document: String::new(),
            revisions: Vec::new(),
        }
    }
    /// Whether the review watches this routine's revision date: written (adopted or a
    /// draft), not unwritten practice or missing.
    pub fn revision_watched(&self) -> bool {
        matches!(self.formalisation, Formalisation::Adopted | Formalisation::Draft)
    }
    pub fn last_revised(&self) -> Option<NaiveDate> {
        last_revised(&self.revisions)
    }
    pub fn next_revision(&self) -> Option<NaiveDate> {
        next_revision(self.entered, &self.revisions, self.revision_interval_months, self.next_due)
    }
    /// Records a revision: the history stays in date order, and an explicit next date the
    /// revision has reached no longer applies.
    pub fn add_revision(&mut self, revision: Revision) {
        spend_next_due(&mut self.next_due, revision.date);
        insert_revision(&mut self.revisions, revision);
    }
}

/// A collaboration forum or meeting arena (beslutningsråd, ansvarsgruppe, SLT …).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forum {
    pub id: ForumId,
    pub name: String,
    pub participants: Vec<ServiceId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Frequency>,
    /// The first meeting of a series: with a regular `frequency`, the forum meets from this
    /// day on at that rhythm; without one, this is its one meeting. See [`super::meetings`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_meeting: Option<NaiveDate>,
    /// The months of the year the forum meets in, when the day is not fixed («september»).
    /// Used only when there is no `first_meeting`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meeting_months: Vec<Month>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mandate: String,
    /// Who calls the meetings (innkaller).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub convener: Option<ContactId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Forum {
    pub fn new(id: impl Into<ForumId>, name: &str, participants: Vec<ServiceId>) -> Self {
        Self {
            id: id.into(),
            name: name.to_owned(),
            participants,
            frequency: None,
            first_meeting: None,
            meeting_months: Vec::new(),
            mandate: String::new(),
            convener: None,
            level: None,
            note: String::new(),
        }
    }
}

/// What a service or volunteer organisation offers (tilbud / tiltak).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offering {
    pub id: OfferingId,
    pub name: String,
    /// The service or organisation that runs it.
    pub provider: ServiceId,
    /// Theme (tema): foreldreveiledning, leksehjelp, fritid …
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub theme: String,
    /// Purpose (hensikt).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub purpose: String,
    /// Target group (målgruppe) in words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub target_group: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<AgeRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prevention_level: Option<PreventionLevel>,
    /// Who should take part (hvem som skal delta).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub participants: String,
    /// Responsible contact (ansvarlig).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible: Option<ContactId>,
    /// Free of charge for families.
    #[serde(default, skip_serializing_if = "is_false")]
    pub free: bool,
    /// Price in words when not free ("200 kr per semester").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub price: String,
    /// When it runs, in words ("tirsdager 17–19, skoleåret").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub schedule: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weekdays: Vec<Weekday>,
    /// Kommunenummer where it is offered; empty = everywhere the provider serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub municipalities: Vec<String>,
    /// How to get in, in words: "Ta kontakt med helsestasjonen", "Åpent for alle".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub how_to_join: String,
    /// Funding ends ("finansiert ut 2024").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funded_until: Option<NaiveDate>,
    /// When someone last confirmed that it still runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub web: String,
    /// Where the measure stands in the plan: planlagt, pågående, avsluttet. An ended one is
    /// not `active` (validation says so otherwise).
    #[serde(default, skip_serializing_if = "is_ongoing")]
    pub status: OfferingStatus,
    /// False once it is no longer listed; kept for history.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub active: bool,
}

fn is_ongoing(s: &OfferingStatus) -> bool {
    *s == OfferingStatus::Ongoing
}

impl Offering {
    pub fn new(id: impl Into<OfferingId>, name: &str, provider: impl Into<ServiceId>) -> Self {
        Self {
            id: id.into(),
            name: name.to_owned(),
            provider: provider.into(),
            theme: String::new(),
            purpose: String::new(),
            target_group: String::new(),
            age: None,
            prevention_level: None,
            participants: String::new(),
            responsible: None,
            free: false,
            price: String::new(),
            schedule: String::new(),
            weekdays: Vec::new(),
            municipalities: Vec::new(),
            how_to_join: String::new(),
            funded_until: None,
            confirmed: None,
            web: String::new(),
            status: OfferingStatus::Ongoing,
            active: true,
        }
    }

    /// Listed and not ended: planned or running.
    pub fn is_current(&self) -> bool {
        self.active && self.status != OfferingStatus::Ended
    }
}

/// One side of an expected collaboration: a single service or a whole sector.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Party {
    Service(ServiceId),
    Sector(Sector),
}

impl Party {
    /// How the window, the review and the reports name a party: the service's name (its id
    /// when the register has no such service), or the sector's label.
    pub fn name(&self, reg: &super::Register) -> String {
        self.name_by(|id| reg.service(id))
    }

    /// [`Party::name`], with the service looked up by `service` (the review's own index).
    pub fn name_by<'a>(&self, service: impl FnOnce(&ServiceId) -> Option<&'a Service>) -> String {
        match self {
            Party::Service(id) => service(id).map_or_else(|| id.to_string(), |s| s.name.clone()),
            Party::Sector(s) => s.label().to_owned(),
        }
    }
}

/// A pair that the law or the plan says must cooperate. The review flags it when no
/// formalised agreement or routine covers both sides.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    pub id: ExpectationId,
    pub a: Party,
    pub b: Party,
    /// Why: "Barnevernsloven § 15-8", "Plan for tverrfaglig samarbeid, tiltak 3".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub basis: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Register-wide settings: tuned once by the municipality, for everyone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct Settings {
    /// Warn this many days before a revision or funding end is due.
    pub warn_days: u32,
    /// A contact not verified within this many months is flagged.
    pub contact_max_age_months: u32,
    /// An offering not confirmed active within this many months is flagged.
    pub offering_confirm_months: u32,
    /// The register's own words for search, added to the list Samkart ships: one group
    /// per entry, members separated by «=» («Vinstra = Nord-Fron»). Left out of the file
    /// when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub synonyms: Vec<String>,
    /// The month the municipality confirms each year that its volunteer offers still run
    /// (shown in the Årshjul); none chosen yet when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volunteer_confirm_month: Option<Month>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            warn_days: 60,
            contact_max_age_months: 12,
            offering_confirm_months: 12,
            synonyms: Vec::new(),
            volunteer_confirm_month: None,
        }
    }
}

/// The whole register: what one RON file holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Register {
    /// File format version; see `store::migrate`.
    pub version: u32,
    /// Name of the register, e.g. "Midtdalen".
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub municipalities: Vec<Municipality>,
    #[serde(default)]
    pub settings: Settings,
    #[serde(default)]
    pub services: Vec<Service>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub agreements: Vec<Agreement>,
    #[serde(default)]
    pub routines: Vec<Routine>,
    #[serde(default)]
    pub forums: Vec<Forum>,
    #[serde(default)]
    pub offerings: Vec<Offering>,
    #[serde(default)]
    pub expectations: Vec<Expectation>,
}
