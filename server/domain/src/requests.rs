//! Update requests: what a person (or a clerk for them) asks to change in a registration record,
//! how staff decide, and the rules that keep the decision honest (maker-checker).
//!
//! A request is a list of [`Change`]s captured against the record versions the person saw. Staff
//! approve or reject each change; approving applies the approved ones in one transaction, and
//! only if the record is still at the version the request was made against (storage checks it).
//!
//! Owns: request kinds and their forms' validation, the status machine, who may decide what.
//! Must never: touch the database, HTTP or the clock ("today" and "now" are arguments).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::country::Nationality;
use super::household::HouseholdId;
use super::person::{
    parse_list, Address, DateOfBirth, Email, Language, LatinName, NewPerson, OriginalName, Person,
    PersonId, Phone, RegistrationStatus, Relationship, Sex,
};
use super::staff::{Staff, StaffId, StaffRole};
use super::{clean_text, code_enum, Field, Problem, ValidationError};

pub use portal_types::{RejectionReason, RequestKind, RequestStatus};

/// Internal identifier of an update request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RequestId(pub Uuid);

impl RequestId {
    /// A fresh random id.
    pub fn random() -> Self {
        Self(Uuid::new_v4())
    }

    /// The short reference people read out at the desk (`R-` and eight characters of the id).
    pub fn reference(&self) -> String {
        let simple = self.0.simple().to_string().to_ascii_uppercase();
        format!("R-{}", &simple[..8])
    }
}

code_enum! {
    /// A field of a person's record that a request may change.
    RecordField, Field::RecordField,
    "phone, email, address, languages, given_name, family_name, given_name_original, family_name_original, date_of_birth, sex, nationality" {
        /// Phone.
        Phone = "phone",
        /// Email.
        Email = "email",
        /// Address.
        Address = "address",
        /// Languages.
        Languages = "languages",
        /// Given name (Latin script).
        GivenName = "given_name",
        /// Family name (Latin script).
        FamilyName = "family_name",
        /// Given name in the person's script.
        GivenNameOriginal = "given_name_original",
        /// Family name in the person's script.
        FamilyNameOriginal = "family_name_original",
        /// Date of birth.
        DateOfBirth = "date_of_birth",
        /// Sex.
        Sex = "sex",
        /// Nationality.
        Nationality = "nationality",
    }
}

impl RecordField {
    /// Contact details a person changes with a simple request.
    pub const CONTACT: [RecordField; 4] = [
        RecordField::Phone,
        RecordField::Email,
        RecordField::Address,
        RecordField::Languages,
    ];

    /// Identity fields a correction may change.
    pub const IDENTITY: [RecordField; 7] = [
        RecordField::GivenName,
        RecordField::FamilyName,
        RecordField::GivenNameOriginal,
        RecordField::FamilyNameOriginal,
        RecordField::DateOfBirth,
        RecordField::Sex,
        RecordField::Nationality,
    ];

    /// The validation field of the same name.
    pub const fn field(self) -> Field {
        match self {
            RecordField::Phone => Field::Phone,
            RecordField::Email => Field::Email,
            RecordField::Address => Field::Address,
            RecordField::Languages => Field::Languages,
            RecordField::GivenName => Field::GivenName,
            RecordField::FamilyName => Field::FamilyName,
            RecordField::GivenNameOriginal => Field::GivenNameOriginal,
            RecordField::FamilyNameOriginal => Field::FamilyNameOriginal,
            RecordField::DateOfBirth => Field::DateOfBirth,
            RecordField::Sex => Field::Sex,
            RecordField::Nationality => Field::Nationality,
        }
    }

    /// Whether the audit trail may only hold hashes of its values (all of them, in practice:
    /// contact details are personal data too).
    pub const fn is_identity(self) -> bool {
        !matches!(
            self,
            RecordField::Phone | RecordField::Email | RecordField::Address | RecordField::Languages
        )
    }

    /// The field's value in `record`, in the normal form [`RecordField::normalise`] produces.
    pub fn current(self, record: &NewPerson) -> Option<String> {
        match self {
            RecordField::Phone => record.phone.as_ref().map(|v| v.as_str().to_owned()),
            RecordField::Email => record.email.as_ref().map(|v| v.as_str().to_owned()),
            RecordField::Address => record.address.as_ref().map(|v| v.as_str().to_owned()),
            RecordField::Languages => Some(
                record
                    .languages
                    .iter()
                    .map(|code| code.as_str())
                    .collect::<Vec<_>>()
                    .join(";"),
            )
            .filter(|s| !s.is_empty()),
            RecordField::GivenName => Some(record.given_name.as_str().to_owned()),
            RecordField::FamilyName => Some(record.family_name.as_str().to_owned()),
            RecordField::GivenNameOriginal => record
                .given_name_original
                .as_ref()
                .map(|v| v.as_str().to_owned()),
            RecordField::FamilyNameOriginal => record
                .family_name_original
                .as_ref()
                .map(|v| v.as_str().to_owned()),
            RecordField::DateOfBirth => Some(record.date_of_birth.date.to_string()),
            RecordField::Sex => Some(record.sex.as_str().to_owned()),
            RecordField::Nationality => Some(record.nationality.as_str().to_owned()),
        }
    }

    /// Validates a proposed value and returns it in normal form.
    pub fn normalise(self, raw: &str, today: NaiveDate) -> Result<String, ValidationError> {
        Ok(match self {
            RecordField::Phone => Phone::parse(raw)?.as_str().to_owned(),
            RecordField::Email => Email::parse(raw)?.as_str().to_owned(),
            RecordField::Address => Address::parse(raw)?.as_str().to_owned(),
            RecordField::Languages => {
                let list = parse_list(Field::Languages, raw, Language::parse)?;
                if list.is_empty() {
                    return Err(ValidationError::new(Field::Languages, Problem::Required));
                }
                list.iter()
                    .map(|code| code.as_str())
                    .collect::<Vec<_>>()
                    .join(";")
            }
            RecordField::GivenName | RecordField::FamilyName => {
                LatinName::parse(self.field(), raw)?.as_str().to_owned()
            }
            RecordField::GivenNameOriginal | RecordField::FamilyNameOriginal => {
                OriginalName::parse(self.field(), raw)?.as_str().to_owned()
            }
            RecordField::DateOfBirth => DateOfBirth::parse(raw, false, today)?.date.to_string(),
            RecordField::Sex => Sex::parse(raw)?.as_str().to_owned(),
            RecordField::Nationality => Nationality::parse(raw)?.as_str().to_owned(),
        })
    }

    /// Writes a normalised value into `record`. A corrected date of birth is no longer an
    /// estimate: it was proved by a document.
    pub fn assign(
        self,
        record: &mut NewPerson,
        value: &str,
        today: NaiveDate,
    ) -> Result<(), ValidationError> {
        match self {
            RecordField::Phone => record.phone = Some(Phone::parse(value)?),
            RecordField::Email => record.email = Some(Email::parse(value)?),
            RecordField::Address => record.address = Some(Address::parse(value)?),
            RecordField::Languages => {
                record.languages = parse_list(Field::Languages, value, Language::parse)?;
            }
            RecordField::GivenName => record.given_name = LatinName::parse(self.field(), value)?,
            RecordField::FamilyName => record.family_name = LatinName::parse(self.field(), value)?,
            RecordField::GivenNameOriginal => {
                record.given_name_original = Some(OriginalName::parse(self.field(), value)?);
            }
            RecordField::FamilyNameOriginal => {
                record.family_name_original = Some(OriginalName::parse(self.field(), value)?);
            }
            RecordField::DateOfBirth => {
                record.date_of_birth = DateOfBirth::parse(value, false, today)?;
            }
            RecordField::Sex => record.sex = Sex::parse(value)?,
            RecordField::Nationality => record.nationality = Nationality::parse(value)?,
        }
        Ok(())
    }
}

/// A hash of one field value for the audit trail: which value, never the value itself. Salted
/// with the person and the field so equal values of different people hash differently.
pub fn value_hash(person: PersonId, field: RecordField, value: Option<&str>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(person.0.as_bytes());
    hasher.update(field.as_str().as_bytes());
    hasher.update([0]);
    if let Some(value) = value {
        hasher.update([1]);
        hasher.update(value.as_bytes());
    }
    hex::encode(&hasher.finalize()[..16])
}

/// A new household member proposed by a birth or marriage report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberProposal {
    /// Given name, Latin script.
    pub given_name: String,
    /// Family name, Latin script.
    pub family_name: String,
    /// Given name in the person's script.
    pub given_name_original: Option<String>,
    /// Family name in the person's script.
    pub family_name_original: Option<String>,
    /// Sex.
    pub sex: String,
    /// Date of birth, `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// Relationship to the principal applicant.
    pub relationship: String,
    /// Nationality (ISO 3166 alpha-3 or `XXA`).
    pub nationality: String,
    /// Country of origin.
    pub country_of_origin: String,
}

code_enum! {
    /// Why someone stops being an active member of the household.
    EndCause, Field::Kind, "death, departure" {
        /// The member died: the registration is closed.
        Death = "death",
        /// The member left: the registration becomes inactive until the office follows up.
        Departure = "departure",
    }
}

impl EndCause {
    /// The registration status the member gets.
    pub const fn status(self) -> RegistrationStatus {
        match self {
            EndCause::Death => RegistrationStatus::Closed,
            EndCause::Departure => RegistrationStatus::Inactive,
        }
    }
}

/// One change a request proposes; staff approve or reject each on its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// Set one field of one member's record.
    Set {
        /// Whose record.
        person: PersonId,
        /// Which field.
        field: RecordField,
        /// Its value when the request was made.
        from: Option<String>,
        /// The proposed value (normal form).
        to: String,
    },
    /// Add a member to the household.
    AddMember {
        /// The proposed member.
        member: MemberProposal,
    },
    /// A member died or left.
    EndMembership {
        /// Which member.
        person: PersonId,
        /// Death or departure.
        cause: EndCause,
        /// When it happened.
        date: NaiveDate,
    },
}

impl Change {
    /// Whether deciding this change now would overwrite something that moved since the request
    /// was made (or since the person last confirmed it): the record `now` is past
    /// `base_version` *and* the field this change sets no longer holds the value the person
    /// saw. Another field changed on the same record (a clerk approved a new phone meanwhile) is
    /// no conflict for a date-of-birth correction. Ending a membership conflicts with any
    /// change of the member's record; adding a member with none.
    pub fn conflicts_with(&self, now: &Person, base_version: i64) -> bool {
        if now.record_version == base_version {
            return false;
        }
        match self {
            Change::Set { field, from, .. } => field.current(&now.record) != *from,
            Change::EndMembership { .. } => true,
            Change::AddMember { .. } => false,
        }
    }

    /// The existing person this change touches, if any.
    pub const fn person(&self) -> Option<PersonId> {
        match self {
            Change::Set { person, .. } | Change::EndMembership { person, .. } => Some(*person),
            Change::AddMember { .. } => None,
        }
    }
}

/// What a request form sent, by field name. Absent and empty are the same.
#[derive(Clone, Debug, Default)]
pub struct FormInput(pub BTreeMap<String, String>);

impl FormInput {
    /// The trimmed, non-empty value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
    }
}

/// A validated request, ready to be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    /// Kind.
    pub kind: RequestKind,
    /// The member the request is about (the reporter for household events).
    pub subject: PersonId,
    /// The changes.
    pub changes: Vec<Change>,
    /// The record versions the changes were made against.
    pub base_versions: BTreeMap<PersonId, i64>,
    /// The person's reason, when given.
    pub reason: Option<String>,
}

/// Limits of a request form.
pub mod limits {
    /// Reason, question, answer and note length, in characters.
    pub const TEXT: usize = 1000;
    /// Supporting documents per request.
    pub const DOCUMENTS: usize = 5;
    /// A newborn is reported within this many days of birth; older children are registered at
    /// the office.
    pub const NEWBORN_DAYS: i64 = 365;
    /// A death or departure is reported within this many days.
    pub const EVENT_DAYS: i64 = 3 * 365;
}

fn err(field: Field, problem: Problem) -> ValidationError {
    ValidationError::new(field, problem)
}

/// Parses an optional free text (reason, note, answer); blank is none.
pub fn parse_text(field: Field, raw: Option<&str>) -> Result<Option<String>, ValidationError> {
    raw.map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| clean_text(field, &r.replace("\r\n", "\n"), limits::TEXT, true))
        .transpose()
}

fn parse_event_date(raw: Option<&str>, today: NaiveDate) -> Result<NaiveDate, ValidationError> {
    let raw = raw.ok_or_else(|| err(Field::EventDate, Problem::Required))?;
    let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| err(Field::EventDate, Problem::Format("a date like 2026-04-25")))?;
    if date > today {
        return Err(err(Field::EventDate, Problem::InFuture));
    }
    if (today - date).num_days() > limits::EVENT_DAYS {
        return Err(err(
            Field::EventDate,
            Problem::NotRecent {
                days: limits::EVENT_DAYS,
            },
        ));
    }
    Ok(date)
}

/// The household member named by the form's `member` field (a person id), defaulting to
/// `default` when the form names none.
fn pick_member<'a>(
    input: &FormInput,
    household: &'a [Person],
    default: Option<PersonId>,
) -> Result<&'a Person, ValidationError> {
    let id = match input.get("member") {
        Some(raw) => Uuid::parse_str(raw)
            .map(PersonId)
            .map_err(|_| err(Field::Member, Problem::UnknownMember))?,
        None => default.ok_or_else(|| err(Field::Member, Problem::Required))?,
    };
    household
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(|| err(Field::Member, Problem::UnknownMember))
}

fn set_changes(
    input: &FormInput,
    member: &Person,
    fields: &[RecordField],
    today: NaiveDate,
    errors: &mut Vec<ValidationError>,
) -> Vec<Change> {
    let mut changes = Vec::new();
    for &field in fields {
        let Some(raw) = input.get(field.as_str()) else {
            continue;
        };
        match field.normalise(raw, today) {
            Ok(to) => {
                let from = field.current(&member.record);
                if from.as_deref() == Some(to.as_str()) {
                    errors.push(err(field.field(), Problem::Unchanged));
                } else {
                    changes.push(Change::Set {
                        person: member.id,
                        field,
                        from,
                        to,
                    });
                }
            }
            Err(e) => errors.push(e),
        }
    }
    changes
}

fn member_proposal(
    input: &FormInput,
    reporter: &Person,
    relationship: Relationship,
    today: NaiveDate,
    errors: &mut Vec<ValidationError>,
) -> Option<MemberProposal> {
    let mut text = |field: RecordField, required: bool| -> Option<String> {
        match input.get(field.as_str()) {
            Some(raw) => match field.normalise(raw, today) {
                Ok(value) => Some(value),
                Err(e) => {
                    errors.push(e);
                    None
                }
            },
            None if required => {
                errors.push(err(field.field(), Problem::Required));
                None
            }
            None => None,
        }
    };
    let given_name = text(RecordField::GivenName, true);
    let family_name = text(RecordField::FamilyName, true);
    let given_name_original = text(RecordField::GivenNameOriginal, false);
    let family_name_original = text(RecordField::FamilyNameOriginal, false);
    let sex = text(RecordField::Sex, true);
    let date_of_birth = text(RecordField::DateOfBirth, true);
    let nationality = if relationship == Relationship::Spouse {
        text(RecordField::Nationality, true)
    } else {
        // A newborn takes the reporter's nationality until staff record otherwise.
        Some(reporter.record.nationality.as_str().to_owned())
    };
    if relationship == Relationship::Child {
        if let Some(born) = date_of_birth
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        {
            if (today - born).num_days() > limits::NEWBORN_DAYS {
                errors.push(err(
                    Field::DateOfBirth,
                    Problem::NotRecent {
                        days: limits::NEWBORN_DAYS,
                    },
                ));
            }
        }
    }
    Some(MemberProposal {
        given_name: given_name?,
        family_name: family_name?,
        given_name_original,
        family_name_original,
        sex: sex?,
        date_of_birth: date_of_birth?,
        relationship: relationship.as_str().to_owned(),
        nationality: nationality?,
        country_of_origin: reporter.record.country_of_origin.as_str().to_owned(),
    })
}

impl Proposal {
    /// Validates a request form of `kind`, sent by or for `reporter`, against the household as
    /// it is now. `documents` is how many supporting documents came with it. Every problem is
    /// reported, not just the first.
    pub fn parse(
        kind: RequestKind,
        input: &FormInput,
        reporter: &Person,
        household: &[Person],
        documents: usize,
        today: NaiveDate,
    ) -> Result<Self, Vec<ValidationError>> {
        let mut errors = Vec::new();
        let reason = reason_and_documents(kind, input, documents, &mut errors);
        let active = |p: &&Person| p.record.registration_status != RegistrationStatus::Closed;
        let household: Vec<Person> = household.iter().filter(active).cloned().collect();
        let (subject, changes) = changes_of(kind, input, reporter, &household, today, &mut errors);
        if changes.is_empty() && errors.is_empty() {
            errors.push(err(Field::Changes, Problem::Required));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let base_versions = base_versions(&changes, subject, &household);
        Ok(Proposal {
            kind,
            subject,
            changes,
            base_versions,
            reason,
        })
    }
}

/// The free-text reason (required for some kinds) and the number of supporting documents.
fn reason_and_documents(
    kind: RequestKind,
    input: &FormInput,
    documents: usize,
    errors: &mut Vec<ValidationError>,
) -> Option<String> {
    let reason = parse_text(Field::Reason, input.get("reason")).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    if kind.needs_reason() && reason.is_none() && input.get("reason").is_none() {
        errors.push(err(Field::Reason, Problem::Required));
    }
    if kind.needs_document() && documents == 0 {
        errors.push(err(Field::Documents, Problem::Required));
    }
    if documents > limits::DOCUMENTS {
        errors.push(err(
            Field::Documents,
            Problem::TooMany {
                max: limits::DOCUMENTS,
            },
        ));
    }
    reason
}

/// Whom a request of `kind` is about and what it changes (problems go to `errors`).
fn changes_of(
    kind: RequestKind,
    input: &FormInput,
    reporter: &Person,
    household: &[Person],
    today: NaiveDate,
    errors: &mut Vec<ValidationError>,
) -> (PersonId, Vec<Change>) {
    match kind {
        RequestKind::Contact => {
            let changes = set_changes(input, reporter, &RecordField::CONTACT, today, errors);
            (reporter.id, changes)
        }
        RequestKind::Correction => match pick_member(input, household, Some(reporter.id)) {
            Ok(member) => {
                let changes = set_changes(input, member, &RecordField::IDENTITY, today, errors);
                (member.id, changes)
            }
            Err(e) => {
                errors.push(e);
                (reporter.id, Vec::new())
            }
        },
        RequestKind::Birth | RequestKind::Marriage => {
            let relationship = if kind == RequestKind::Birth {
                Relationship::Child
            } else {
                Relationship::Spouse
            };
            let member = member_proposal(input, reporter, relationship, today, errors);
            (
                reporter.id,
                member
                    .map(|member| vec![Change::AddMember { member }])
                    .unwrap_or_default(),
            )
        }
        RequestKind::Death | RequestKind::Departure => {
            end_of_membership(kind, input, reporter, household, today, errors)
        }
    }
}

/// A death or a departure: the member it ends and when.
fn end_of_membership(
    kind: RequestKind,
    input: &FormInput,
    reporter: &Person,
    household: &[Person],
    today: NaiveDate,
    errors: &mut Vec<ValidationError>,
) -> (PersonId, Vec<Change>) {
    let cause = if kind == RequestKind::Death {
        EndCause::Death
    } else {
        EndCause::Departure
    };
    let member = pick_member(input, household, None);
    let date = parse_event_date(input.get("event_date"), today);
    match (member, date) {
        (Ok(member), _) if kind == RequestKind::Death && member.id == reporter.id => {
            errors.push(err(Field::Member, Problem::UnknownMember));
            (reporter.id, Vec::new())
        }
        (Ok(member), Ok(date)) => (
            member.id,
            vec![Change::EndMembership {
                person: member.id,
                cause,
                date,
            }],
        ),
        (member, date) => {
            errors.extend(member.err());
            errors.extend(date.err());
            (reporter.id, Vec::new())
        }
    }
}

/// The record version of everyone the changes touch (and the subject), as the request saw them.
fn base_versions(
    changes: &[Change],
    subject: PersonId,
    household: &[Person],
) -> BTreeMap<PersonId, i64> {
    changes
        .iter()
        .filter_map(Change::person)
        .chain(std::iter::once(subject))
        .filter_map(|id| {
            household
                .iter()
                .find(|p| p.id == id)
                .map(|p| (id, p.record_version))
        })
        .collect()
}

/// Something that can happen to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// A staff member opens it.
    Open,
    /// A clerk recommends a decision on a sensitive request.
    Recommend,
    /// Staff ask the person for more information.
    AskInfo,
    /// The person answers.
    Answer,
    /// The person withdraws it.
    Cancel,
    /// Staff decide, with this outcome.
    Decide(RequestStatus),
}

/// Why an action is not possible in the request's current state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a request that is {from} cannot be {action}")]
pub struct TransitionError {
    /// The status the request is in.
    pub from: RequestStatus,
    /// What was attempted.
    pub action: &'static str,
}

/// The status after `action`, or why it is not possible now.
pub fn transition(from: RequestStatus, action: Action) -> Result<RequestStatus, TransitionError> {
    use RequestStatus::*;
    let refused = |name| Err(TransitionError { from, action: name });
    match action {
        Action::Open => match from {
            Submitted => Ok(UnderReview),
            UnderReview | NeedsInfo => Ok(from),
            _ => refused("opened"),
        },
        Action::Recommend => match from {
            Submitted | UnderReview => Ok(UnderReview),
            _ => refused("recommended"),
        },
        Action::AskInfo => match from {
            Submitted | UnderReview => Ok(NeedsInfo),
            _ => refused("asked for information"),
        },
        Action::Answer => match from {
            NeedsInfo => Ok(Submitted),
            _ => refused("answered"),
        },
        Action::Cancel => match from {
            Submitted | UnderReview | NeedsInfo => Ok(Cancelled),
            _ => refused("cancelled"),
        },
        Action::Decide(outcome) => match (from.is_pending(), outcome) {
            (true, Approved | PartlyApproved | Rejected) => Ok(outcome),
            _ => refused("decided"),
        },
    }
}

/// Who made a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Maker {
    /// The person, from their own account.
    Person(PersonId),
    /// A clerk, for the person.
    Staff(StaffId),
}

/// A clerk's recommended outcome for a sensitive request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    /// Who recommended.
    pub by: StaffId,
    /// Approve (true) or reject (false), per change.
    pub approve: Vec<bool>,
    /// Their note.
    pub note: Option<String>,
}

/// A decision: approve or reject each change, with a reason when anything is rejected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Approve (true) or reject (false), per change, in order.
    pub approve: Vec<bool>,
    /// Why anything was rejected.
    pub reason: Option<RejectionReason>,
    /// Free text for the person.
    pub note: Option<String>,
}

impl Decision {
    /// Validates a decision on a request of `changes` changes.
    pub fn parse(
        changes: usize,
        approve: Vec<bool>,
        reason: Option<&str>,
        note: Option<&str>,
    ) -> Result<Self, Vec<ValidationError>> {
        let mut errors = Vec::new();
        if approve.len() != changes || changes == 0 {
            errors.push(err(
                Field::Decision,
                Problem::Format("one answer per change"),
            ));
        }
        let reason = match reason.map(str::trim).filter(|r| !r.is_empty()) {
            Some(raw) => RejectionReason::parse(raw).map_err(|e| errors.push(e)).ok(),
            None => None,
        };
        let note = parse_text(Field::Note, note).unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        if approve.iter().any(|a| !a) && reason.is_none() {
            errors.push(err(Field::RejectionReason, Problem::Required));
        }
        if reason == Some(RejectionReason::Other) && note.is_none() {
            errors.push(err(Field::Note, Problem::Required));
        }
        if errors.is_empty() {
            Ok(Decision {
                approve,
                reason,
                note,
            })
        } else {
            Err(errors)
        }
    }

    /// The status this decision leads to.
    pub fn outcome(&self) -> RequestStatus {
        let approved = self.approve.iter().filter(|a| **a).count();
        if approved == 0 {
            RequestStatus::Rejected
        } else if approved == self.approve.len() {
            RequestStatus::Approved
        } else {
            RequestStatus::PartlyApproved
        }
    }
}

/// What a decider needs to know about a request to be allowed to decide it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decidable {
    /// Kind.
    pub kind: RequestKind,
    /// Who made it.
    pub maker: Maker,
    /// Who recommended a decision, if anyone.
    pub recommended_by: Option<StaffId>,
    /// The household it changes.
    pub household: HouseholdId,
}

/// Why a staff member may not decide (or recommend) a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecisionRefused {
    /// Neither clerk nor approver.
    #[error("only clerks and approvers review requests")]
    NotAReviewer,
    /// Sensitive changes need an approver.
    #[error("only an approver may decide a change to identity or household")]
    NeedsApprover,
    /// The decider made the request.
    #[error("nobody may decide a request they made")]
    OwnRequest,
    /// The decider recommended the decision: a second person must check it.
    #[error("the person who recommended a decision may not also take it")]
    OwnRecommendation,
    /// The decider's own household.
    #[error("nobody may decide a change to their own record or household")]
    OwnRecord,
}

/// The maker-checker rule: whether `staff` (registered themselves as `own_household`, if at
/// all) may decide `request`. Office access is checked separately by the policy.
pub fn may_decide(
    staff: &Staff,
    own_household: Option<HouseholdId>,
    request: &Decidable,
) -> Result<(), DecisionRefused> {
    let roles = &staff.account.roles;
    let is_approver = roles.contains(&StaffRole::Approver);
    if !is_approver && !roles.contains(&StaffRole::Clerk) {
        return Err(DecisionRefused::NotAReviewer);
    }
    if request.kind.is_sensitive() && !is_approver {
        return Err(DecisionRefused::NeedsApprover);
    }
    if request.maker == Maker::Staff(staff.id) {
        return Err(DecisionRefused::OwnRequest);
    }
    if request.kind.is_sensitive() && request.recommended_by == Some(staff.id) {
        return Err(DecisionRefused::OwnRecommendation);
    }
    if own_household == Some(request.household) {
        return Err(DecisionRefused::OwnRecord);
    }
    Ok(())
}

/// Whether `staff` may recommend a decision on `request`: clerks, on sensitive requests they
/// did not make, outside their own household.
pub fn may_recommend(
    staff: &Staff,
    own_household: Option<HouseholdId>,
    request: &Decidable,
) -> Result<(), DecisionRefused> {
    if !staff.account.roles.contains(&StaffRole::Clerk) {
        return Err(DecisionRefused::NotAReviewer);
    }
    if request.maker == Maker::Staff(staff.id) {
        return Err(DecisionRefused::OwnRequest);
    }
    if own_household == Some(request.household) {
        return Err(DecisionRefused::OwnRecord);
    }
    Ok(())
}

/// The role a staff member acts in when deciding `kind`: approver when they hold it.
pub fn deciding_role(staff: &Staff, kind: RequestKind) -> StaffRole {
    if kind.is_sensitive() || staff.account.roles.contains(&StaffRole::Approver) {
        StaffRole::Approver
    } else {
        StaffRole::Clerk
    }
}

/// Builds the record of a new member from an approved proposal.
pub fn new_member(
    proposal: &MemberProposal,
    registration_number: super::person::RegistrationNumber,
    today: NaiveDate,
) -> Result<NewPerson, ValidationError> {
    Ok(NewPerson {
        registration_number,
        relationship: Relationship::parse(&proposal.relationship)?,
        given_name: LatinName::parse(Field::GivenName, &proposal.given_name)?,
        family_name: LatinName::parse(Field::FamilyName, &proposal.family_name)?,
        given_name_original: proposal
            .given_name_original
            .as_deref()
            .map(|v| OriginalName::parse(Field::GivenNameOriginal, v))
            .transpose()?,
        family_name_original: proposal
            .family_name_original
            .as_deref()
            .map(|v| OriginalName::parse(Field::FamilyNameOriginal, v))
            .transpose()?,
        sex: Sex::parse(&proposal.sex)?,
        date_of_birth: DateOfBirth::parse(&proposal.date_of_birth, false, today)?,
        country_of_origin: super::country::Country::parse(&proposal.country_of_origin)?,
        nationality: Nationality::parse(&proposal.nationality)?,
        languages: Vec::new(),
        phone: None,
        email: None,
        address: None,
        registration_status: RegistrationStatus::Active,
        specific_needs: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::person::RegistrationNumber;
    use chrono::{TimeZone, Utc};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    }

    fn person(number: &str, relationship: Relationship, household: HouseholdId) -> Person {
        let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        Person {
            id: PersonId::random(),
            household_id: household,
            record: NewPerson {
                registration_number: RegistrationNumber::parse(number).unwrap(),
                relationship,
                given_name: LatinName::parse(Field::GivenName, "Amina").unwrap(),
                family_name: LatinName::parse(Field::FamilyName, "Haddad").unwrap(),
                given_name_original: None,
                family_name_original: None,
                sex: Sex::Female,
                date_of_birth: DateOfBirth::parse("1992-03-14", true, today()).unwrap(),
                country_of_origin: crate::country::Country::parse("SYR").unwrap(),
                nationality: Nationality::parse("SYR").unwrap(),
                languages: vec![Language::parse("ara").unwrap()],
                phone: Some(Phone::parse("+962791234567").unwrap()),
                email: None,
                address: None,
                registration_status: RegistrationStatus::Active,
                specific_needs: Vec::new(),
            },
            record_version: 3,
            photo_sha256: None,
            created_at: at,
            updated_at: at,
        }
    }

    fn household() -> (Person, Person, Vec<Person>) {
        let h = HouseholdId::random();
        let me = person("AMM-26-000001", Relationship::Principal, h);
        let mut child = person("AMM-26-000002", Relationship::Child, h);
        child.record_version = 7;
        (me.clone(), child.clone(), vec![me, child])
    }

    fn form(pairs: &[(&str, &str)]) -> FormInput {
        FormInput(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    fn codes(errors: &[ValidationError]) -> Vec<(&'static str, &'static str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.problem.code()))
            .collect()
    }

    #[test]
    fn a_phone_change_is_simple_and_captures_the_old_value_and_version() {
        let (me, _, all) = household();
        let p = Proposal::parse(
            RequestKind::Contact,
            &form(&[("phone", "+962 79 765 4321")]),
            &me,
            &all,
            0,
            today(),
        )
        .unwrap();
        assert_eq!(
            p.changes,
            vec![Change::Set {
                person: me.id,
                field: RecordField::Phone,
                from: Some("+962791234567".into()),
                to: "+962797654321".into()
            }]
        );
        assert_eq!(p.base_versions.get(&me.id), Some(&3));
        assert!(!RequestKind::Contact.is_sensitive());
    }

    #[test]
    fn conflicts_are_per_field_not_per_record_version() {
        let (me, _, _) = household();
        let phone = Change::Set {
            person: me.id,
            field: RecordField::Phone,
            from: Some("+962791234567".into()),
            to: "+962797654321".into(),
        };
        // Untouched since the request: never a conflict.
        assert!(!phone.conflicts_with(&me, me.record_version));
        // Another field moved (version 3 → 4, phone as seen): no conflict.
        let mut moved = me.clone();
        moved.record_version += 1;
        moved.record.address = Some(crate::person::Address::parse("Azraq camp").unwrap());
        assert!(!phone.conflicts_with(&moved, me.record_version));
        // The phone itself moved: a conflict.
        moved.record.phone = Some(crate::person::Phone::parse("+962790000000").unwrap());
        assert!(phone.conflicts_with(&moved, me.record_version));
        // Ending a membership conflicts with any change to the member's record.
        let end = Change::EndMembership {
            person: me.id,
            cause: EndCause::Departure,
            date: today(),
        };
        assert!(!end.conflicts_with(&me, me.record_version));
        assert!(end.conflicts_with(&moved, me.record_version));
    }

    #[test]
    fn contact_requests_report_every_bad_field_and_unchanged_values() {
        let (me, _, all) = household();
        let errors = Proposal::parse(
            RequestKind::Contact,
            &form(&[
                ("phone", "+962791234567"),
                ("email", "not-an-email"),
                ("languages", "arabic"),
            ]),
            &me,
            &all,
            0,
            today(),
        )
        .unwrap_err();
        assert_eq!(
            codes(&errors),
            [
                ("phone", "unchanged"),
                ("email", "format"),
                ("languages", "format")
            ]
        );
        let empty =
            Proposal::parse(RequestKind::Contact, &form(&[]), &me, &all, 0, today()).unwrap_err();
        assert_eq!(codes(&empty), [("changes", "required")]);
    }

    #[test]
    fn corrections_need_a_reason_and_a_document_and_may_target_a_member() {
        let (me, child, all) = household();
        let errors = Proposal::parse(
            RequestKind::Correction,
            &form(&[("given_name", "Aminah")]),
            &me,
            &all,
            0,
            today(),
        )
        .unwrap_err();
        assert_eq!(
            codes(&errors),
            [("reason", "required"), ("documents", "required")]
        );
        let child_id = child.id.0.to_string();
        let p = Proposal::parse(
            RequestKind::Correction,
            &form(&[
                ("member", &child_id),
                ("date_of_birth", "2019-05-02"),
                ("sex", "male"),
                ("reason", "The clerk typed the wrong date."),
            ]),
            &me,
            &all,
            1,
            today(),
        )
        .unwrap();
        assert_eq!(p.subject, child.id);
        assert_eq!(p.changes.len(), 2);
        assert_eq!(p.base_versions.get(&child.id), Some(&7));
        assert!(RequestKind::Correction.is_sensitive());
    }

    #[test]
    fn a_correction_cannot_reach_outside_the_household() {
        let (me, _, all) = household();
        let stranger = PersonId::random().0.to_string();
        let errors = Proposal::parse(
            RequestKind::Correction,
            &form(&[("member", &stranger), ("sex", "male"), ("reason", "x")]),
            &me,
            &all,
            1,
            today(),
        )
        .unwrap_err();
        assert_eq!(codes(&errors), [("member", "unknown-member")]);
        let garbage = Proposal::parse(
            RequestKind::Correction,
            &form(&[("member", "../../etc"), ("sex", "male"), ("reason", "x")]),
            &me,
            &all,
            1,
            today(),
        )
        .unwrap_err();
        assert_eq!(codes(&garbage), [("member", "unknown-member")]);
    }

    #[test]
    fn a_birth_adds_a_child_with_the_reporters_nationality_and_must_be_recent() {
        let (me, _, all) = household();
        let p = Proposal::parse(
            RequestKind::Birth,
            &form(&[
                ("given_name", "Yusuf"),
                ("family_name", "Haddad"),
                ("given_name_original", "يوسف"),
                ("sex", "male"),
                ("date_of_birth", "2026-11-02"),
            ]),
            &me,
            &all,
            1,
            today(),
        )
        .unwrap();
        let Change::AddMember { member } = &p.changes[0] else {
            panic!("expected a new member")
        };
        assert_eq!(member.relationship, "child");
        assert_eq!(member.nationality, "SYR");
        let old = Proposal::parse(
            RequestKind::Birth,
            &form(&[
                ("given_name", "Yusuf"),
                ("family_name", "Haddad"),
                ("sex", "male"),
                ("date_of_birth", "2020-01-01"),
            ]),
            &me,
            &all,
            1,
            today(),
        )
        .unwrap_err();
        assert_eq!(codes(&old), [("date_of_birth", "not-recent")]);
        let missing =
            Proposal::parse(RequestKind::Birth, &form(&[]), &me, &all, 0, today()).unwrap_err();
        assert_eq!(
            codes(&missing),
            [
                ("documents", "required"),
                ("given_name", "required"),
                ("family_name", "required"),
                ("sex", "required"),
                ("date_of_birth", "required")
            ]
        );
    }

    #[test]
    fn a_marriage_adds_a_spouse_who_needs_a_nationality() {
        let (me, _, all) = household();
        let errors = Proposal::parse(
            RequestKind::Marriage,
            &form(&[
                ("given_name", "Omar"),
                ("family_name", "Khalil"),
                ("sex", "male"),
                ("date_of_birth", "1990-01-01"),
            ]),
            &me,
            &all,
            1,
            today(),
        )
        .unwrap_err();
        assert_eq!(codes(&errors), [("nationality", "required")]);
    }

    #[test]
    fn deaths_and_departures_name_a_member_and_a_past_date() {
        let (me, child, all) = household();
        let child_id = child.id.0.to_string();
        let p = Proposal::parse(
            RequestKind::Departure,
            &form(&[("member", &child_id), ("event_date", "2026-10-01")]),
            &me,
            &all,
            0,
            today(),
        )
        .unwrap();
        assert_eq!(
            p.changes,
            vec![Change::EndMembership {
                person: child.id,
                cause: EndCause::Departure,
                date: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()
            }]
        );
        let me_id = me.id.0.to_string();
        let own_death = Proposal::parse(
            RequestKind::Death,
            &form(&[("member", &me_id), ("event_date", "2026-10-01")]),
            &me,
            &all,
            1,
            today(),
        )
        .unwrap_err();
        assert_eq!(codes(&own_death), [("member", "unknown-member")]);
        let future = Proposal::parse(
            RequestKind::Death,
            &form(&[("member", &child_id), ("event_date", "2027-01-01")]),
            &me,
            &all,
            1,
            today(),
        )
        .unwrap_err();
        assert_eq!(codes(&future), [("event_date", "in-future")]);
    }

    #[test]
    fn closed_members_cannot_be_changed() {
        let (me, mut child, _) = household();
        child.record.registration_status = RegistrationStatus::Closed;
        let all = vec![me.clone(), child.clone()];
        let child_id = child.id.0.to_string();
        let errors = Proposal::parse(
            RequestKind::Correction,
            &form(&[("member", &child_id), ("sex", "male"), ("reason", "x")]),
            &me,
            &all,
            1,
            today(),
        )
        .unwrap_err();
        assert_eq!(codes(&errors), [("member", "unknown-member")]);
    }

    #[test]
    fn too_many_documents_and_long_reasons_are_refused() {
        let (me, _, all) = household();
        let errors = Proposal::parse(
            RequestKind::Correction,
            &form(&[("sex", "male"), ("reason", &"x".repeat(1001))]),
            &me,
            &all,
            6,
            today(),
        )
        .unwrap_err();
        assert_eq!(
            codes(&errors),
            [("reason", "too-long"), ("documents", "too-many")]
        );
    }

    #[test]
    fn the_status_machine_allows_only_forward_moves() {
        use RequestStatus::*;
        assert_eq!(transition(Submitted, Action::Open), Ok(UnderReview));
        assert_eq!(transition(UnderReview, Action::AskInfo), Ok(NeedsInfo));
        assert_eq!(transition(NeedsInfo, Action::Answer), Ok(Submitted));
        assert_eq!(transition(NeedsInfo, Action::Cancel), Ok(Cancelled));
        assert_eq!(
            transition(UnderReview, Action::Decide(PartlyApproved)),
            Ok(PartlyApproved)
        );
        for done in [Approved, PartlyApproved, Rejected, Cancelled] {
            for action in [
                Action::Open,
                Action::AskInfo,
                Action::Answer,
                Action::Cancel,
                Action::Recommend,
                Action::Decide(Approved),
            ] {
                assert!(transition(done, action).is_err(), "{done} {action:?}");
            }
        }
        assert!(transition(Submitted, Action::Answer).is_err());
        assert!(transition(Submitted, Action::Decide(Cancelled)).is_err());
    }

    #[test]
    fn decisions_need_a_reason_for_every_rejection_and_a_note_for_other() {
        assert_eq!(
            Decision::parse(2, vec![true, true], None, None)
                .unwrap()
                .outcome(),
            RequestStatus::Approved
        );
        let partial =
            Decision::parse(2, vec![true, false], Some("insufficient_evidence"), None).unwrap();
        assert_eq!(partial.outcome(), RequestStatus::PartlyApproved);
        assert_eq!(
            Decision::parse(1, vec![false], Some("duplicate"), None)
                .unwrap()
                .outcome(),
            RequestStatus::Rejected
        );
        let e = Decision::parse(2, vec![true, false], None, None).unwrap_err();
        assert_eq!(codes(&e), [("rejection_reason", "required")]);
        let e = Decision::parse(1, vec![false], Some("other"), Some("  ")).unwrap_err();
        assert_eq!(codes(&e), [("note", "required")]);
        let e = Decision::parse(2, vec![true], None, None).unwrap_err();
        assert_eq!(codes(&e), [("decision", "format")]);
        let e = Decision::parse(1, vec![false], Some("because"), None).unwrap_err();
        assert_eq!(
            codes(&e),
            [
                ("rejection_reason", "not-one-of"),
                ("rejection_reason", "required")
            ]
        );
    }

    fn staff(roles: &[StaffRole]) -> Staff {
        Staff {
            id: StaffId::random(),
            account: crate::staff::NewStaff::parse("s@agency.example.org", "S", roles, Some("AMM"))
                .unwrap(),
            active: true,
        }
    }

    #[test]
    fn maker_checker_clerks_decide_contact_changes_approvers_the_rest_never_their_own() {
        let household = HouseholdId::random();
        let clerk = staff(&[StaffRole::Clerk]);
        let approver = staff(&[StaffRole::Approver]);
        let admin = staff(&[StaffRole::Admin]);
        let by_person = |kind| Decidable {
            kind,
            maker: Maker::Person(PersonId::random()),
            recommended_by: None,
            household,
        };
        assert_eq!(
            may_decide(&clerk, None, &by_person(RequestKind::Contact)),
            Ok(())
        );
        assert_eq!(
            may_decide(&clerk, None, &by_person(RequestKind::Correction)),
            Err(DecisionRefused::NeedsApprover)
        );
        assert_eq!(
            may_decide(&approver, None, &by_person(RequestKind::Birth)),
            Ok(())
        );
        assert_eq!(
            may_decide(&admin, None, &by_person(RequestKind::Contact)),
            Err(DecisionRefused::NotAReviewer)
        );
        let prepared = Decidable {
            maker: Maker::Staff(approver.id),
            ..by_person(RequestKind::Correction)
        };
        assert_eq!(
            may_decide(&approver, None, &prepared),
            Err(DecisionRefused::OwnRequest)
        );
        let recommended = Decidable {
            recommended_by: Some(approver.id),
            ..by_person(RequestKind::Death)
        };
        assert_eq!(
            may_decide(&approver, None, &recommended),
            Err(DecisionRefused::OwnRecommendation)
        );
        assert_eq!(
            may_decide(&approver, Some(household), &by_person(RequestKind::Death)),
            Err(DecisionRefused::OwnRecord)
        );
        assert_eq!(
            may_recommend(&clerk, None, &by_person(RequestKind::Correction)),
            Ok(())
        );
        assert_eq!(
            may_recommend(&approver, None, &by_person(RequestKind::Correction)),
            Err(DecisionRefused::NotAReviewer)
        );
        assert_eq!(
            deciding_role(&clerk, RequestKind::Contact),
            StaffRole::Clerk
        );
        assert_eq!(
            deciding_role(&approver, RequestKind::Contact),
            StaffRole::Approver
        );
    }

    #[test]
    fn applying_a_field_change_produces_the_proposed_value() {
        let (mut me, _, _) = household();
        for (field, raw) in [
            (RecordField::Phone, "+33612345678"),
            (RecordField::Languages, "ara;fra"),
            (RecordField::GivenNameOriginal, "أمينة"),
            (RecordField::DateOfBirth, "1992-03-15"),
            (RecordField::Nationality, "XXA"),
        ] {
            let value = field.normalise(raw, today()).unwrap();
            field.assign(&mut me.record, &value, today()).unwrap();
            assert_eq!(field.current(&me.record).as_deref(), Some(value.as_str()));
        }
        assert!(!me.record.date_of_birth.estimated);
    }

    #[test]
    fn value_hashes_hide_values_and_differ_between_people() {
        let a = PersonId::random();
        let b = PersonId::random();
        let h = value_hash(a, RecordField::Phone, Some("+962791234567"));
        assert_eq!(h.len(), 32);
        assert!(!h.contains("962791234567"));
        assert_ne!(h, value_hash(b, RecordField::Phone, Some("+962791234567")));
        assert_ne!(
            value_hash(a, RecordField::Phone, None),
            value_hash(a, RecordField::Phone, Some(""))
        );
    }

    #[test]
    fn references_are_short_and_stable() {
        let id = RequestId(Uuid::parse_str("7f1c2a3b-0000-4000-8000-000000000000").unwrap());
        assert_eq!(id.reference(), "R-7F1C2A3B");
    }

    #[test]
    fn new_members_are_built_from_the_proposal() {
        let m = MemberProposal {
            given_name: "Yusuf".into(),
            family_name: "Haddad".into(),
            given_name_original: None,
            family_name_original: None,
            sex: "male".into(),
            date_of_birth: "2026-11-02".into(),
            relationship: "child".into(),
            nationality: "SYR".into(),
            country_of_origin: "SYR".into(),
        };
        let p = new_member(
            &m,
            RegistrationNumber::parse("AMM-26-000099").unwrap(),
            today(),
        )
        .unwrap();
        assert_eq!(p.relationship, Relationship::Child);
        assert_eq!(p.registration_status, RegistrationStatus::Active);
    }
}
