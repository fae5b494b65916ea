//! Update requests in the database: creating them with their documents, moving them through
//! their states, and applying a decision to the records in one transaction.
//!
//! Every state change is a compare-and-set on the request's `row_version`, so of two staff
//! acting at once exactly one wins; applying a change is a compare-and-set on the record's
//! `record_version`, so a record that changed since the request is never silently overwritten.
//!
//! Owns: `update_requests`, `request_events`, `documents`, `request_documents`,
//! `person_versions` and `notifications`. Must never: change a record or a request without the
//! audit rows saying who did it, in the same transaction.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use portal_i18n::Locale;
use serde::Serialize;
use sqlx::types::Json;
use uuid::Uuid;

use super::audit::append_audit;
use super::people::{codes, insert_person, update_person, PersonRow, SELECT_PEOPLE};
use super::{dispatch, BeginWrite, Store, StoreError};
use portal_domain::audit::AuditEvent;
use portal_domain::document::{CheckedDocument, ContentAddress, MediaType};
use portal_domain::household::HouseholdId;
use portal_domain::person::{
    Address, Email, LanguageCode, OriginalName, Person, PersonId, Phone, RegistrationNumber,
};
use portal_domain::requests::{
    new_member, value_hash, Change, Decision, Maker, Proposal, Recommendation, RequestId,
    RequestKind, RequestStatus,
};
use portal_domain::staff::StaffId;

/// Where a mail to a person goes and what decides its language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailContact {
    /// Their email, if they gave one.
    pub email: Option<Email>,
    /// The languages they speak (ISO 639-3), from the record.
    pub languages: Vec<LanguageCode>,
    /// The language they chose with the portal's language switch, if they did.
    pub portal_language: Option<Locale>,
}

/// A request to store.
#[derive(Clone, Debug)]
pub struct NewRequest {
    /// Fresh id.
    pub id: RequestId,
    /// The household it is about.
    pub household: HouseholdId,
    /// The office of the household.
    pub office_code: String,
    /// The validated proposal.
    pub proposal: Proposal,
    /// Who made it.
    pub maker: Maker,
}

/// A stored request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRequest {
    /// Id.
    pub id: RequestId,
    /// Household.
    pub household_id: HouseholdId,
    /// The member it is about.
    pub person_id: PersonId,
    /// Office of the household.
    pub office_code: String,
    /// Kind.
    pub kind: RequestKind,
    /// Status.
    pub status: RequestStatus,
    /// The proposed changes.
    pub changes: Vec<Change>,
    /// Record versions the changes were made against.
    pub base_versions: BTreeMap<PersonId, i64>,
    /// The person's reason.
    pub reason: Option<String>,
    /// Who made it.
    pub maker: Maker,
    /// A clerk's recommendation.
    pub recommendation: Option<Recommendation>,
    /// The decision, once taken.
    pub decision: Option<Decision>,
    /// The last question staff asked.
    pub question: Option<String>,
    /// The person's last answer.
    pub answer: Option<String>,
    /// Compare-and-set guard.
    pub row_version: i64,
    /// Submitted.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Decided.
    pub decided_at: Option<DateTime<Utc>>,
}

/// One step in a request's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestEvent {
    /// When.
    pub occurred_at: DateTime<Utc>,
    /// `person` or `staff`.
    pub actor_kind: String,
    /// The staff role, when staff.
    pub actor_role: Option<String>,
    /// What (`submit`, `open`, `ask_info`, `answer`, `recommend`, `decide`, `cancel`).
    pub action: String,
    /// Status after it.
    pub status: RequestStatus,
    /// Question, answer or note, when there is one.
    pub note: Option<String>,
}

/// A document attached to a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentMeta {
    /// Content address.
    pub address: ContentAddress,
    /// Type.
    pub media_type: MediaType,
    /// Size in bytes.
    pub size: i64,
}

/// A line of the review queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueLine {
    /// Id.
    pub id: RequestId,
    /// Kind.
    pub kind: RequestKind,
    /// Status.
    pub status: RequestStatus,
    /// Office.
    pub office_code: String,
    /// Submitted.
    pub created_at: DateTime<Utc>,
}

/// What the review queue shows.
#[derive(Clone, Debug, Default)]
pub struct QueueFilter {
    /// Statuses to include (empty: the pending ones).
    pub statuses: Vec<RequestStatus>,
    /// Only this kind.
    pub kind: Option<RequestKind>,
    /// Only this office (always set for staff bound to an office).
    pub office: Option<String>,
    /// Only requests submitted before this instant (age filter).
    pub submitted_before: Option<DateTime<Utc>>,
    /// Page size.
    pub limit: i64,
}

/// Who acted on a request, as the request's own history records it.
#[derive(Clone, Copy, Debug)]
pub enum StepActor<'a> {
    /// The person.
    Person,
    /// Staff in a role.
    Staff(&'a str),
}

impl StepActor<'_> {
    fn parts(&self) -> (&'static str, Option<&str>) {
        match self {
            StepActor::Person => ("person", None),
            StepActor::Staff(role) => ("staff", Some(role)),
        }
    }
}

/// A notification to leave for the person (and mail, when they have an address).
#[derive(Clone, Debug)]
pub struct NewNotification {
    /// Whom.
    pub person: PersonId,
    /// What about: `request.decided`, `request.needs_info`.
    pub kind: &'static str,
    /// Whether a mail should go out.
    pub mail: bool,
}

/// A state change other than a decision.
#[derive(Clone, Debug)]
pub struct Step<'a> {
    /// Which request.
    pub id: RequestId,
    /// The `row_version` the actor saw.
    pub expected_row_version: i64,
    /// The status before (must still hold) and after.
    pub from: RequestStatus,
    /// Status after.
    pub to: RequestStatus,
    /// Who.
    pub actor: StepActor<'a>,
    /// `open`, `ask_info`, `answer`, `recommend`, `cancel`.
    pub action: &'static str,
    /// A question, answer or note to keep with the step.
    pub note: Option<&'a str>,
    /// A new question (ask_info).
    pub question: Option<&'a str>,
    /// A new answer (answer).
    pub answer: Option<&'a str>,
    /// A recommendation (recommend).
    pub recommendation: Option<&'a Recommendation>,
    /// New base versions: the person confirmed the request against the record as it is now.
    pub rebase: Option<&'a BTreeMap<PersonId, i64>>,
    /// Documents added with the step.
    pub documents: &'a [CheckedDocument],
    /// A notification for the person.
    pub notify: Option<NewNotification>,
    /// The audit event.
    pub audit: &'a AuditEvent,
    /// When.
    pub now: DateTime<Utc>,
}

/// A decision to apply.
#[derive(Clone, Debug)]
pub struct DecisionWrite<'a> {
    /// Which request.
    pub id: RequestId,
    /// The `row_version` the decider saw.
    pub expected_row_version: i64,
    /// The decision.
    pub decision: &'a Decision,
    /// The decider.
    pub staff: StaffId,
    /// The role they decided in.
    pub role: &'a str,
    /// Their office, when bound to one (shown in the person's access log).
    pub office: Option<&'a str>,
    /// The HTTP request id, for the audit trail.
    pub request_id: Option<&'a str>,
    /// Today in the office (new members' registration year, date checks).
    pub today: NaiveDate,
    /// When.
    pub now: DateTime<Utc>,
}

/// What a decision did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// The request's new status.
    pub status: RequestStatus,
    /// Records changed, with their new versions.
    pub changed: Vec<(PersonId, i64)>,
    /// Members added, with their registration numbers.
    pub added: Vec<(PersonId, RegistrationNumber)>,
}

/// A record version in the history.
#[derive(Clone, Debug, PartialEq)]
pub struct VersionEntry {
    /// Version number.
    pub version: i64,
    /// The record as it was after the change.
    pub record: serde_json::Value,
    /// The request that made it.
    pub request_id: Option<RequestId>,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

/// A notification as the person sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    /// Id.
    pub id: Uuid,
    /// The request.
    pub request_id: Option<RequestId>,
    /// Kind.
    pub kind: String,
    /// The request's status when it was written.
    pub status: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Read yet?
    pub read: bool,
}

/// A mail to send for a notification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueMail {
    /// Notification id.
    pub id: Uuid,
    /// Whom.
    pub person: PersonId,
    /// The request.
    pub request_id: Option<RequestId>,
    /// Kind.
    pub kind: String,
    /// Status at the time.
    pub status: Option<String>,
    /// Attempts so far, this one included.
    pub attempts: i64,
    /// The appointment, for appointment news.
    pub appointment_id: Option<portal_domain::appointments::AppointmentId>,
}

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: Uuid,
    household_id: Uuid,
    person_id: Uuid,
    office_code: String,
    kind: String,
    status: String,
    changes: Json<Vec<Change>>,
    base_versions: Json<BTreeMap<PersonId, i64>>,
    reason: Option<String>,
    maker_kind: String,
    maker_id: Uuid,
    recommendation: Option<Json<Recommendation>>,
    decision: Option<Json<Decision>>,
    question: Option<String>,
    answer: Option<String>,
    row_version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    decided_at: Option<DateTime<Utc>>,
}

const SELECT_REQUESTS: &str = "SELECT id, household_id, person_id, office_code, kind, status, \
     changes, base_versions, reason, maker_kind, maker_id, recommendation, decision, question, \
     answer, row_version, created_at, updated_at, decided_at FROM update_requests";

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

fn request_from_row(row: RequestRow) -> Result<StoredRequest, StoreError> {
    let RequestRow {
        id,
        household_id,
        person_id,
        office_code,
        kind,
        status,
        changes,
        base_versions,
        reason,
        maker_kind,
        maker_id,
        recommendation,
        decision,
        question,
        answer,
        row_version,
        created_at,
        updated_at,
        decided_at,
    } = row;
    Ok(StoredRequest {
        id: RequestId(id),
        household_id: HouseholdId(household_id),
        person_id: PersonId(person_id),
        office_code,
        kind: RequestKind::parse(&kind).map_err(corrupt)?,
        status: RequestStatus::parse(&status).map_err(corrupt)?,
        changes: changes.0,
        base_versions: base_versions.0,
        reason,
        maker: match maker_kind.as_str() {
            "person" => Maker::Person(PersonId(maker_id)),
            _ => Maker::Staff(StaffId(maker_id)),
        },
        recommendation: recommendation.map(|r| r.0),
        decision: decision.map(|d| d.0),
        question,
        answer,
        row_version,
        created_at,
        updated_at,
        decided_at,
    })
}

fn maker_parts(maker: Maker) -> (&'static str, Uuid) {
    match maker {
        Maker::Person(id) => ("person", id.0),
        Maker::Staff(id) => ("staff", id.0),
    }
}

/// Inserts the documents (once per content) and links them to the request.
macro_rules! attach_documents {
    ($tx:expr, $request:expr, $documents:expr, $now:expr) => {{
        for document in $documents {
            let document: &CheckedDocument = document;
            sqlx::query(
                "INSERT INTO documents (sha256, media_type, size_bytes, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (sha256) DO NOTHING",
            )
            .bind(document.address.as_str())
            .bind(document.media_type.mime())
            .bind(i64::try_from(document.size).unwrap_or(i64::MAX))
            .bind($now)
            .execute(&mut *$tx)
            .await?;
            sqlx::query(
                "INSERT INTO request_documents (request_id, sha256, added_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (request_id, sha256) DO NOTHING",
            )
            .bind($request.0)
            .bind(document.address.as_str())
            .bind($now)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

/// Appends a step to the request's own history.
macro_rules! request_event {
    ($tx:expr, $request:expr, $actor:expr, $action:expr, $status:expr, $note:expr, $now:expr) => {{
        let actor = $actor;
        let (actor_kind, actor_role) = actor.parts();
        sqlx::query(
            "INSERT INTO request_events (request_id, seq, occurred_at, actor_kind, actor_role, action, status, note) \
             VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM request_events WHERE request_id = $1), $2, $3, $4, $5, $6, $7)",
        )
        .bind($request.0)
        .bind($now)
        .bind(actor_kind)
        .bind(actor_role)
        .bind($action)
        .bind($status.as_str())
        .bind($note)
        .execute(&mut *$tx)
        .await?;
    }};
}

macro_rules! notify {
    ($tx:expr, $request:expr, $notification:expr, $status:expr, $now:expr) => {{
        let notification: &NewNotification = $notification;
        sqlx::query(
            "INSERT INTO notifications (id, person_id, request_id, kind, status, created_at, mail_state, mail_next_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $6)",
        )
        .bind(Uuid::new_v4())
        .bind(notification.person.0)
        .bind($request.0)
        .bind(notification.kind)
        .bind($status.as_str())
        .bind($now)
        .bind(if notification.mail { "pending" } else { "no_address" })
        .execute(&mut *$tx)
        .await?;
    }};
}

/// Keeps the version a record had before a change, when the history does not have it yet
/// (records imported before requests existed).
macro_rules! remember_version {
    ($tx:expr, $person:expr, $request:expr, $now:expr) => {{
        let person: &Person = $person;
        sqlx::query(
            "INSERT INTO person_versions (person_id, version, record, request_id, recorded_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (person_id, version) DO NOTHING",
        )
        .bind(person.id.0)
        .bind(person.record_version)
        .bind(Json(&person.record))
        .bind($request)
        .bind($now)
        .execute(&mut *$tx)
        .await?;
    }};
}

impl Store {
    /// Stores a new request with its documents, its first history step and the audit row.
    pub async fn create_request(
        &self,
        request: &NewRequest,
        documents: &[CheckedDocument],
        event: &AuditEvent,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (maker_kind, maker_id) = maker_parts(request.maker);
        let actor = match request.maker {
            Maker::Person(_) => StepActor::Person,
            Maker::Staff(_) => StepActor::Staff("clerk"),
        };
        let proposal = &request.proposal;
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO update_requests (id, household_id, person_id, office_code, kind, sensitive, status, \
                 changes, base_versions, reason, maker_kind, maker_id, row_version, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, 'submitted', $7, $8, $9, $10, $11, 1, $12, $12)",
            )
            .bind(request.id.0)
            .bind(request.household.0)
            .bind(proposal.subject.0)
            .bind(&request.office_code)
            .bind(proposal.kind.as_str())
            .bind(proposal.kind.is_sensitive())
            .bind(Json(&proposal.changes))
            .bind(Json(&proposal.base_versions))
            .bind(&proposal.reason)
            .bind(maker_kind)
            .bind(maker_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            attach_documents!(tx, request.id, documents, now);
            request_event!(tx, request.id, actor, "submit", RequestStatus::Submitted, proposal.reason.as_deref(), now);
            append_audit!(tx, event);
            tx.commit().await?;
            Ok(())
        })
    }

    /// One request.
    pub async fn request_by_id(&self, id: RequestId) -> Result<Option<StoredRequest>, StoreError> {
        let sql = format!("{SELECT_REQUESTS} WHERE id = $1");
        let row: Option<RequestRow> = dispatch!(self, pool => {
            sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await?
        });
        row.map(request_from_row).transpose()
    }

    /// A household's requests, newest first.
    pub async fn requests_of_household(
        &self,
        household: HouseholdId,
        limit: i64,
    ) -> Result<Vec<StoredRequest>, StoreError> {
        let sql = format!(
            "{SELECT_REQUESTS} WHERE household_id = $1 ORDER BY created_at DESC, id LIMIT $2"
        );
        let rows: Vec<RequestRow> = dispatch!(self, pool => {
            sqlx::query_as(&sql).bind(household.0).bind(limit).fetch_all(pool).await?
        });
        rows.into_iter().map(request_from_row).collect()
    }

    /// A request's history, oldest first.
    pub async fn request_events(&self, id: RequestId) -> Result<Vec<RequestEvent>, StoreError> {
        type Row = (
            DateTime<Utc>,
            String,
            Option<String>,
            String,
            String,
            Option<String>,
        );
        let rows: Vec<Row> = dispatch!(self, pool => {
            sqlx::query_as(
                "SELECT occurred_at, actor_kind, actor_role, action, status, note FROM request_events \
                 WHERE request_id = $1 ORDER BY seq",
            )
            .bind(id.0)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(
                |(occurred_at, actor_kind, actor_role, action, status, note)| {
                    Ok(RequestEvent {
                        occurred_at,
                        actor_kind,
                        actor_role,
                        action,
                        status: RequestStatus::parse(&status).map_err(corrupt)?,
                        note,
                    })
                },
            )
            .collect()
    }

    /// The documents attached to a request.
    pub async fn request_documents(&self, id: RequestId) -> Result<Vec<DocumentMeta>, StoreError> {
        let rows: Vec<(String, String, i64)> = dispatch!(self, pool => {
            sqlx::query_as(
                "SELECT d.sha256, d.media_type, d.size_bytes FROM request_documents r \
                 JOIN documents d ON d.sha256 = r.sha256 WHERE r.request_id = $1 ORDER BY r.added_at, d.sha256",
            )
            .bind(id.0)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(sha, mime, size)| {
                Ok(DocumentMeta {
                    address: ContentAddress::parse(&sha)
                        .ok_or_else(|| corrupt("document address"))?,
                    media_type: MediaType::from_mime(&mime)
                        .ok_or_else(|| corrupt("document type"))?,
                    size,
                })
            })
            .collect()
    }

    /// A state change other than a decision, if the request is still where the actor saw it.
    /// Fails with [`StoreError::Stale`] when someone else acted first.
    pub async fn step_request(&self, step: &Step<'_>) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(
                "UPDATE update_requests SET status = $1, row_version = row_version + 1, updated_at = $2, \
                 question = COALESCE($3, question), answer = COALESCE($4, answer), \
                 recommendation = COALESCE($5, recommendation), base_versions = COALESCE($6, base_versions) \
                 WHERE id = $7 AND row_version = $8 AND status = $9",
            )
            .bind(step.to.as_str())
            .bind(step.now)
            .bind(step.question)
            .bind(step.answer)
            .bind(step.recommendation.map(Json))
            .bind(step.rebase.map(Json))
            .bind(step.id.0)
            .bind(step.expected_row_version)
            .bind(step.from.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed != 1 {
                return Err(StoreError::Stale("request"));
            }
            attach_documents!(tx, step.id, step.documents, step.now);
            request_event!(tx, step.id, step.actor, step.action, step.to, step.note, step.now);
            if let Some(notification) = &step.notify {
                notify!(tx, step.id, notification, step.to, step.now);
            }
            append_audit!(tx, step.audit);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Applies a decision: the approved changes go into the records (each only if the record is
    /// still at the version the request was made against), the request is closed, the person is
    /// notified, and the audit trail records every field changed (as hashes). All or nothing.
    pub async fn decide_request(&self, write: &DecisionWrite<'_>) -> Result<Applied, StoreError> {
        let outcome = write.decision.outcome();
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let row: Option<RequestRow> = sqlx::query_as(&format!("{SELECT_REQUESTS} WHERE id = $1"))
                .bind(write.id.0)
                .fetch_optional(&mut *tx)
                .await?;
            let request = request_from_row(row.ok_or(StoreError::NotFound("request"))?)?;
            let claimed = sqlx::query(
                "UPDATE update_requests SET status = $1, decision = $2, decided_at = $3, updated_at = $3, \
                 row_version = row_version + 1 WHERE id = $4 AND row_version = $5 \
                 AND status IN ('submitted', 'under_review', 'needs_info')",
            )
            .bind(outcome.as_str())
            .bind(Json(write.decision))
            .bind(write.now)
            .bind(write.id.0)
            .bind(write.expected_row_version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if claimed != 1 || request.row_version != write.expected_row_version {
                return Err(StoreError::Stale("request"));
            }
            if write.decision.approve.len() != request.changes.len() {
                return Err(StoreError::Corrupt("decision does not match the request".into()));
            }
            let request_ref = Some(write.id.0);
            let mut audit_changes = Vec::new();
            let mut current: BTreeMap<PersonId, Person> = BTreeMap::new();
            let mut added = Vec::new();
            for (change, approved) in request.changes.iter().zip(&write.decision.approve) {
                if let Some(id) = change.person() {
                    if let std::collections::btree_map::Entry::Vacant(slot) = current.entry(id) {
                        let row: Option<PersonRow> = sqlx::query_as(&format!("{SELECT_PEOPLE} WHERE id = $1"))
                            .bind(id.0)
                            .fetch_optional(&mut *tx)
                            .await?;
                        let person = Person::try_from(row.ok_or(StoreError::NotFound("person"))?)?;
                        slot.insert(person);
                    }
                }
                match change {
                    Change::Set { person, field, to, .. } => {
                        let Some(record) = current.get_mut(person) else { continue };
                        let old = field.current(&record.record);
                        audit_changes.push(serde_json::json!({
                            "person": person.0.to_string(),
                            "field": field.as_str(),
                            "approved": approved,
                            "old": value_hash(*person, *field, old.as_deref()),
                            "new": value_hash(*person, *field, Some(to)),
                        }));
                        if *approved {
                            field
                                .assign(&mut record.record, to, write.today)
                                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                        }
                    }
                    Change::EndMembership { person, cause, .. } => {
                        audit_changes.push(serde_json::json!({
                            "person": person.0.to_string(),
                            "field": "registration_status",
                            "approved": approved,
                            "new": cause.status().as_str(),
                        }));
                        if *approved {
                            if let Some(record) = current.get_mut(person) {
                                record.record.registration_status = cause.status();
                            }
                        }
                    }
                    Change::AddMember { member } => {
                        audit_changes.push(serde_json::json!({
                            "field": "member",
                            "approved": approved,
                            "relationship": member.relationship,
                        }));
                        if !*approved {
                            continue;
                        }
                        let prefix = format!("{}-{:02}-", request.office_code, write.today.year() % 100);
                        let last: Option<String> = sqlx::query_scalar(
                            "SELECT registration_number FROM people WHERE registration_number LIKE $1 \
                             ORDER BY registration_number DESC LIMIT 1",
                        )
                        .bind(format!("{prefix}%"))
                        .fetch_optional(&mut *tx)
                        .await?;
                        let serial = last
                            .as_deref()
                            .and_then(|n| n.strip_prefix(&prefix))
                            .and_then(|s| s.parse::<u32>().ok())
                            .unwrap_or(0)
                            + 1;
                        let number = RegistrationNumber::parse(&format!("{prefix}{serial:06}"))
                            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                        let record = new_member(member, number.clone(), write.today)
                            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                        let id = PersonId::random();
                        insert_person!(tx, id, request.household_id, &record, write.now)
                            .map_err(|e| match e.as_database_error() {
                                Some(db) if db.is_unique_violation() => StoreError::Stale("registration number"),
                                _ => StoreError::Database(e),
                            })?;
                        sqlx::query(
                            "INSERT INTO person_versions (person_id, version, record, request_id, recorded_at) \
                             VALUES ($1, 1, $2, $3, $4)",
                        )
                        .bind(id.0)
                        .bind(Json(&record))
                        .bind(request_ref)
                        .bind(write.now)
                        .execute(&mut *tx)
                        .await?;
                        let event = AuditEvent::new(
                            write.now,
                            portal_domain::audit::Actor::Staff { id: write.staff.0.to_string(), role: write.role.to_owned() },
                            "person.create",
                        )
                        .about(portal_domain::audit::SubjectKind::Person, id.0.to_string())
                        .with_details(serde_json::json!({ "request": write.id.0.to_string(), "household": request.household_id.0.to_string(), "office": write.office }));
                        let event = match write.request_id { Some(r) => event.in_request(r), None => event };
                        append_audit!(tx, &event);
                        added.push((id, number));
                    }
                }
            }
            let mut changed = Vec::new();
            let mut untrue = Vec::new();
            for (id, person) in &current {
                let touched = request.changes.iter().zip(&write.decision.approve).any(|(c, a)| *a && c.person() == Some(*id));
                if !touched {
                    continue;
                }
                let base = request.base_versions.get(id).copied().unwrap_or(0);
                // The record as stored, before this decision, for the history.
                let row: Option<PersonRow> = sqlx::query_as(&format!("{SELECT_PEOPLE} WHERE id = $1"))
                    .bind(id.0)
                    .fetch_optional(&mut *tx)
                    .await?;
                let before = Person::try_from(row.ok_or(StoreError::NotFound("person"))?)?;
                if before.record_version != base {
                    return Err(StoreError::Stale("record"));
                }
                if portal_domain::credential::affects_credentials(&before.record, &person.record) {
                    untrue.push(*id);
                }
                remember_version!(tx, &before, None::<Uuid>, write.now);
                let rows = update_person!(tx, *id, base, &person.record, write.now);
                if rows != 1 {
                    return Err(StoreError::Stale("record"));
                }
                let version = base + 1;
                sqlx::query(
                    "INSERT INTO person_versions (person_id, version, record, request_id, recorded_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id.0)
                .bind(version)
                .bind(Json(&person.record))
                .bind(request_ref)
                .bind(write.now)
                .execute(&mut *tx)
                .await?;
                let fields: Vec<&serde_json::Value> = audit_changes
                    .iter()
                    .filter(|c| c["person"] == serde_json::Value::String(id.0.to_string()) && c["approved"] == true)
                    .collect();
                let event = AuditEvent::new(
                    write.now,
                    portal_domain::audit::Actor::Staff { id: write.staff.0.to_string(), role: write.role.to_owned() },
                    "person.update",
                )
                .about(portal_domain::audit::SubjectKind::Person, id.0.to_string())
                .with_details(serde_json::json!({ "request": write.id.0.to_string(), "version": version, "fields": fields, "office": write.office }));
                let event = match write.request_id { Some(r) => event.in_request(r), None => event };
                append_audit!(tx, &event);
                changed.push((*id, version));
            }
            // Credentials showing data this decision changed stop being valid with it, in the
            // same transaction: there is no moment when both the new record and an untrue
            // credential are current.
            let household_changed = (!untrue.is_empty() || !added.is_empty()).then_some(request.household_id);
            let actor = portal_domain::audit::Actor::Staff { id: write.staff.0.to_string(), role: write.role.to_owned() };
            super::credentials::revoke_for_record_change!(tx, &untrue, household_changed, write.now, actor, write.request_id);
            let note = write.decision.note.as_deref();
            request_event!(tx, write.id, StepActor::Staff(write.role), "decide", outcome, note, write.now);
            let email: Option<Option<String>> = sqlx::query_scalar("SELECT email FROM people WHERE id = $1")
                .bind(request.person_id.0)
                .fetch_optional(&mut *tx)
                .await?;
            let has_email = email.flatten().is_some();
            let notification = NewNotification { person: request.person_id, kind: "request.decided", mail: has_email };
            notify!(tx, write.id, &notification, outcome, write.now);
            let event = AuditEvent::new(
                write.now,
                portal_domain::audit::Actor::Staff { id: write.staff.0.to_string(), role: write.role.to_owned() },
                "request.decide",
            )
            .about(portal_domain::audit::SubjectKind::Person, request.person_id.0.to_string())
            .with_details(serde_json::json!({
                "request": write.id.0.to_string(),
                "outcome": outcome.as_str(),
                "reason": write.decision.reason.map(|r| r.as_str()),
                "changes": audit_changes,
                "office": write.office,
            }));
            let event = match write.request_id { Some(r) => event.in_request(r), None => event };
            append_audit!(tx, &event);
            tx.commit().await?;
            Ok(Applied { status: outcome, changed, added })
        })
    }

    /// The review queue: oldest first, with counts by status over the same office and kind.
    pub async fn review_queue(
        &self,
        filter: &QueueFilter,
    ) -> Result<(Vec<QueueLine>, BTreeMap<RequestStatus, i64>), StoreError> {
        let statuses: Vec<&str> = if filter.statuses.is_empty() {
            RequestStatus::PENDING.iter().map(|s| s.as_str()).collect()
        } else {
            filter.statuses.iter().map(|s| s.as_str()).collect()
        };
        let status_json = serde_json::to_string(&statuses).map_err(corrupt)?;
        let kind = filter.kind.map(RequestKind::as_str);
        let office = filter.office.as_deref();
        // The status list travels as one JSON text so the same SQL runs on both backends.
        let list_sql_sqlite =
            "SELECT id, kind, status, office_code, created_at FROM update_requests \
             WHERE status IN (SELECT value FROM json_each($1)) AND ($2 IS NULL OR kind = $2) \
             AND ($3 IS NULL OR office_code = $3) AND ($4 IS NULL OR created_at < $4) \
             ORDER BY created_at, id LIMIT $5";
        let list_sql_pg = "SELECT id, kind, status, office_code, created_at FROM update_requests \
             WHERE status IN (SELECT jsonb_array_elements_text($1::jsonb)) AND ($2::text IS NULL OR kind = $2) \
             AND ($3::text IS NULL OR office_code = $3) AND ($4::timestamptz IS NULL OR created_at < $4) \
             ORDER BY created_at, id LIMIT $5";
        let count_sql_sqlite = "SELECT status, COUNT(*) FROM update_requests \
             WHERE ($1 IS NULL OR kind = $1) AND ($2 IS NULL OR office_code = $2) GROUP BY status";
        let count_sql_pg = "SELECT status, COUNT(*) FROM update_requests \
             WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR office_code = $2) GROUP BY status";
        type Row = (Uuid, String, String, String, DateTime<Utc>);
        let (rows, counts): (Vec<Row>, Vec<(String, i64)>) = match &self.pool {
            super::Pool::Sqlite(pool) => (
                sqlx::query_as(list_sql_sqlite)
                    .bind(&status_json)
                    .bind(kind)
                    .bind(office)
                    .bind(filter.submitted_before)
                    .bind(filter.limit)
                    .fetch_all(pool)
                    .await?,
                sqlx::query_as(count_sql_sqlite)
                    .bind(kind)
                    .bind(office)
                    .fetch_all(pool)
                    .await?,
            ),
            super::Pool::Postgres(pool) => (
                sqlx::query_as(list_sql_pg)
                    .bind(&status_json)
                    .bind(kind)
                    .bind(office)
                    .bind(filter.submitted_before)
                    .bind(filter.limit)
                    .fetch_all(pool)
                    .await?,
                sqlx::query_as(count_sql_pg)
                    .bind(kind)
                    .bind(office)
                    .fetch_all(pool)
                    .await?,
            ),
        };
        let lines = rows
            .into_iter()
            .map(|(id, kind, status, office_code, created_at)| {
                Ok(QueueLine {
                    id: RequestId(id),
                    kind: RequestKind::parse(&kind).map_err(corrupt)?,
                    status: RequestStatus::parse(&status).map_err(corrupt)?,
                    office_code,
                    created_at,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let counts = counts
            .into_iter()
            .map(|(status, n)| Ok((RequestStatus::parse(&status).map_err(corrupt)?, n)))
            .collect::<Result<BTreeMap<_, _>, StoreError>>()?;
        Ok((lines, counts))
    }

    /// A record's history, newest first.
    pub async fn person_versions(&self, id: PersonId) -> Result<Vec<VersionEntry>, StoreError> {
        type Row = (i64, Json<serde_json::Value>, Option<Uuid>, DateTime<Utc>);
        let rows: Vec<Row> = dispatch!(self, pool => {
            sqlx::query_as(
                "SELECT version, record, request_id, recorded_at FROM person_versions WHERE person_id = $1 ORDER BY version DESC",
            )
            .bind(id.0)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(version, record, request_id, recorded_at)| VersionEntry {
                version,
                record: record.0,
                request_id: request_id.map(RequestId),
                recorded_at,
            })
            .collect())
    }

    /// The household of the person a staff account belongs to, if the staff member is registered.
    pub async fn staff_household(&self, id: StaffId) -> Result<Option<HouseholdId>, StoreError> {
        let household: Option<Option<Uuid>> = dispatch!(self, pool => {
            sqlx::query_scalar("SELECT p.household_id FROM staff s LEFT JOIN people p ON p.id = s.person_id WHERE s.id = $1")
                .bind(id.0)
                .fetch_optional(pool)
                .await?
        });
        Ok(household.flatten().map(HouseholdId))
    }

    /// Links a staff account to the person record of the same human.
    pub async fn link_staff_to_person(
        &self,
        staff: StaffId,
        person: PersonId,
        event: &AuditEvent,
    ) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let rows = sqlx::query("UPDATE staff SET person_id = $1 WHERE id = $2")
                .bind(person.0)
                .bind(staff.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if rows != 1 {
                return Err(StoreError::NotFound("staff"));
            }
            append_audit!(tx, event);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Whether a document is attached to any request of a household.
    pub async fn document_of_household(
        &self,
        household: HouseholdId,
        address: &ContentAddress,
    ) -> Result<Option<MediaType>, StoreError> {
        let mime: Option<String> = dispatch!(self, pool => {
            sqlx::query_scalar(
                "SELECT d.media_type FROM documents d JOIN request_documents r ON r.sha256 = d.sha256 \
                 JOIN update_requests u ON u.id = r.request_id WHERE u.household_id = $1 AND d.sha256 = $2 LIMIT 1",
            )
            .bind(household.0)
            .bind(address.as_str())
            .fetch_optional(pool)
            .await?
        });
        mime.map(|m| MediaType::from_mime(&m).ok_or_else(|| corrupt("document type")))
            .transpose()
    }

    /// A person's notifications, newest first.
    pub async fn notifications_of(
        &self,
        person: PersonId,
        limit: i64,
    ) -> Result<Vec<Notification>, StoreError> {
        type Row = (
            Uuid,
            Option<Uuid>,
            String,
            Option<String>,
            DateTime<Utc>,
            Option<DateTime<Utc>>,
        );
        let rows: Vec<Row> = dispatch!(self, pool => {
            sqlx::query_as(
                "SELECT id, request_id, kind, status, created_at, read_at FROM notifications \
                 WHERE person_id = $1 ORDER BY created_at DESC LIMIT $2",
            )
            .bind(person.0)
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(
                |(id, request_id, kind, status, created_at, read_at)| Notification {
                    id,
                    request_id: request_id.map(RequestId),
                    kind,
                    status,
                    created_at,
                    read: read_at.is_some(),
                },
            )
            .collect())
    }

    /// Marks a person's notifications about a request as read.
    pub async fn mark_notifications_read(
        &self,
        person: PersonId,
        request: RequestId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            sqlx::query("UPDATE notifications SET read_at = $1 WHERE person_id = $2 AND request_id = $3 AND read_at IS NULL")
                .bind(now)
                .bind(person.0)
                .bind(request.0)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Claims up to `limit` notification mails that are due, for `lease` (another instance
    /// cannot claim them meanwhile). Each claim is a compare-and-set, so with several instances
    /// against one database every mail is claimed by exactly one.
    pub async fn claim_due_mails(
        &self,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: i64,
    ) -> Result<Vec<DueMail>, StoreError> {
        type Row = (
            Uuid,
            Uuid,
            Option<Uuid>,
            String,
            Option<String>,
            i64,
            Option<DateTime<Utc>>,
            Option<Uuid>,
        );
        let candidates: Vec<Row> = dispatch!(self, pool => {
            sqlx::query_as(
                "SELECT id, person_id, request_id, kind, status, mail_attempts, mail_next_at, appointment_id FROM notifications \
                 WHERE mail_state = 'pending' AND (mail_next_at IS NULL OR mail_next_at <= $1) \
                 ORDER BY created_at LIMIT $2",
            )
            .bind(now)
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        let mut claimed = Vec::new();
        for (id, person, request_id, kind, status, attempts, next_at, appointment_id) in candidates
        {
            let won = dispatch!(self, pool => {
                sqlx::query(
                    "UPDATE notifications SET mail_attempts = mail_attempts + 1, mail_next_at = $1 \
                     WHERE id = $2 AND mail_state = 'pending' AND mail_attempts = $3 \
                     AND (mail_next_at IS NULL OR mail_next_at = $4)",
                )
                .bind(now + lease)
                .bind(id)
                .bind(attempts)
                .bind(next_at)
                .execute(pool)
                .await?
                .rows_affected()
            }) == 1;
            if won {
                claimed.push(DueMail {
                    id,
                    person: PersonId(person),
                    request_id: request_id.map(RequestId),
                    kind,
                    status,
                    attempts: attempts + 1,
                    appointment_id: appointment_id.map(portal_domain::appointments::AppointmentId),
                });
            }
        }
        Ok(claimed)
    }

    /// Records the outcome of a mail: `sent`, or `failed` for good, or retry at `retry_at`.
    pub async fn finish_mail(&self, id: Uuid, outcome: MailOutcome) -> Result<(), StoreError> {
        let (state, next_at) = match outcome {
            MailOutcome::Sent => ("sent", None),
            MailOutcome::NoAddress => ("no_address", None),
            MailOutcome::GiveUp => ("failed", None),
            MailOutcome::RetryAt(at) => ("pending", Some(at)),
        };
        dispatch!(self, pool => {
            sqlx::query("UPDATE notifications SET mail_state = $1, mail_next_at = $2 WHERE id = $3")
                .bind(state)
                .bind(next_at)
                .bind(id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Contact details for a mail to a person: their email, the languages they speak and the
    /// language they chose for the portal.
    pub async fn mail_contact(&self, person: PersonId) -> Result<Option<MailContact>, StoreError> {
        type Row = (Option<String>, Json<Vec<String>>, Option<String>);
        let row: Option<Row> = dispatch!(self, pool => {
            sqlx::query_as("SELECT email, languages, portal_language FROM people WHERE id = $1")
                .bind(person.0)
                .fetch_optional(pool)
                .await?
        });
        row.map(|(email, languages, portal_language)| {
            let email = email
                .as_deref()
                .map(Email::parse)
                .transpose()
                .map_err(corrupt)?;
            let languages = languages
                .0
                .iter()
                .map(|l| LanguageCode::parse(l))
                .collect::<Result<Vec<_>, _>>()
                .map_err(corrupt)?;
            let portal_language = portal_language
                .map(|tag| {
                    tag.parse::<Locale>()
                        .map_err(|_| StoreError::Corrupt("portal_language".to_owned()))
                })
                .transpose()?;
            Ok(MailContact {
                email,
                languages,
                portal_language,
            })
        })
        .transpose()
    }
}

/// What happened to a notification mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailOutcome {
    /// Delivered to the mail server.
    Sent,
    /// The person has no address (any more).
    NoAddress,
    /// Failed too often; stays visible in the portal.
    GiveUp,
    /// Try again then.
    RetryAt(DateTime<Utc>),
}
