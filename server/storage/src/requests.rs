//! Update requests in the database: the request rows, their history and their documents.
//!
//! Every state change is a compare-and-set on the request's `row_version` and its status, so
//! of two staff acting at once exactly one wins.
//!
//! Owns: `update_requests`, `request_events`, `documents` and `request_documents`. Must never:
//! decide whether a change is allowed (the use cases do), or write an audit row itself.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::types::Json;
use uuid::Uuid;

use crate::{query, query_each, Arg, Conn, StoreError, Tx};
use portal_domain::document::{CheckedDocument, ContentAddress, MediaType};
use portal_domain::household::HouseholdId;
use portal_domain::person::PersonId;
use portal_domain::requests::{
    Change, Decision, Maker, Proposal, Recommendation, RequestId, RequestKind, RequestStatus,
};
use portal_domain::staff::StaffId;

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
    /// Whom it is about: registration number.
    pub registration_number: String,
    /// Whom it is about: given and family name.
    pub name: String,
    /// Who prepared it: the staff member's display name, `None` when the person sent it.
    pub prepared_by: Option<String>,
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
    /// Newest first instead of oldest first.
    pub newest_first: bool,
    /// Page size.
    pub limit: i64,
}

/// Who acted on a request, as the request's own history records it.
#[derive(Clone, Copy, Debug)]
pub enum StepActor<'a> {
    /// The person.
    Person,
    /// A trusted helper acting for the person.
    Helper,
    /// Staff in a role.
    Staff(&'a str),
}

impl StepActor<'_> {
    fn parts(&self) -> (&'static str, Option<&str>) {
        match self {
            StepActor::Person => ("person", None),
            StepActor::Helper => ("person", Some("helper")),
            StepActor::Staff(role) => ("staff", Some(role)),
        }
    }
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

/// A request's own state change: the compare-and-set on its row, with what the step sets.
#[derive(Clone, Debug)]
pub struct StepWrite<'a> {
    /// Which request.
    pub id: RequestId,
    /// The `row_version` the actor saw.
    pub expected_row_version: i64,
    /// The status it must still have.
    pub from: RequestStatus,
    /// The status after.
    pub to: RequestStatus,
    /// A new question (ask for information).
    pub question: Option<&'a str>,
    /// A new answer.
    pub answer: Option<&'a str>,
    /// A clerk's recommendation.
    pub recommendation: Option<&'a Recommendation>,
    /// New base versions: the person confirmed the request against the record as it is now.
    pub rebase: Option<&'a BTreeMap<PersonId, i64>>,
    /// When.
    pub now: DateTime<Utc>,
}

/// Stores a new request (status `submitted`, row version 1).
pub async fn insert(
    tx: &mut Tx,
    request: &NewRequest,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let (maker_kind, maker_id) = maker_parts(request.maker);
    let proposal = &request.proposal;
    tx.execute(
        query(
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
        .arg(Arg::json(&proposal.changes)?)
        .arg(Arg::json(&proposal.base_versions)?)
        .bind(proposal.reason.as_ref())
        .bind(maker_kind)
        .bind(maker_id)
        .bind(now),
    )
    .await?;
    Ok(())
}

/// Stores the documents (once per content) and links them to the request.
pub async fn attach_documents(
    tx: &mut Tx,
    request: RequestId,
    documents: &[CheckedDocument],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for document in documents {
        tx.execute(
            query(
                "INSERT INTO documents (sha256, media_type, size_bytes, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (sha256) DO NOTHING",
            )
            .bind(document.address.as_str())
            .bind(document.media_type.mime())
            .bind(i64::try_from(document.size).unwrap_or(i64::MAX))
            .bind(now),
        )
        .await?;
        tx.execute(
            query(
                "INSERT INTO request_documents (request_id, sha256, added_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (request_id, sha256) DO NOTHING",
            )
            .bind(request.0)
            .bind(document.address.as_str())
            .bind(now),
        )
        .await?;
    }
    Ok(())
}

/// How many documents `person` attached to their own requests since `since`.
pub async fn documents_sent_since(
    db: &mut Conn,
    person: PersonId,
    since: DateTime<Utc>,
) -> Result<i64, StoreError> {
    db.scalar(
        query(
            "SELECT count(*) FROM request_documents d JOIN update_requests r ON r.id = d.request_id \
             WHERE r.maker_kind = 'person' AND r.maker_id = $1 AND d.added_at > $2",
        )
        .bind(person.0)
        .bind(since),
    )
    .await
}

/// Appends a step to the request's own history.
pub async fn insert_event(
    tx: &mut Tx,
    request: RequestId,
    actor: StepActor<'_>,
    action: &str,
    status: RequestStatus,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let (actor_kind, actor_role) = actor.parts();
    tx.execute(
        query(
            "INSERT INTO request_events (request_id, seq, occurred_at, actor_kind, actor_role, action, status, note) \
             VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM request_events WHERE request_id = $1), \
             $2, $3, $4, $5, $6, $7)",
        )
        .bind(request.0)
        .bind(now)
        .bind(actor_kind)
        .bind(actor_role)
        .bind(action)
        .bind(status.as_str())
        .bind(note),
    )
    .await?;
    Ok(())
}

/// A state change other than a decision, if the request is still where the actor saw it;
/// `Stale` when someone else acted first.
pub async fn step(tx: &mut Tx, step: &StepWrite<'_>) -> Result<(), StoreError> {
    let changed = tx
        .execute(
            query(
                "UPDATE update_requests SET status = $1, row_version = row_version + 1, updated_at = $2, \
                 question = COALESCE($3, question), answer = COALESCE($4, answer), \
                 recommendation = COALESCE($5, recommendation), base_versions = COALESCE($6, base_versions) \
                 WHERE id = $7 AND row_version = $8 AND status = $9",
            )
            .bind(step.to.as_str())
            .bind(step.now)
            .bind(step.question)
            .bind(step.answer)
            .arg(Arg::json_opt(step.recommendation)?)
            .arg(Arg::json_opt(step.rebase)?)
            .bind(step.id.0)
            .bind(step.expected_row_version)
            .bind(step.from.as_str()),
        )
        .await?;
    if changed != 1 {
        return Err(StoreError::Stale("request"));
    }
    Ok(())
}

/// Closes a pending request with its decision, if it is still at the version the decider saw;
/// `Stale` when someone else acted first.
pub async fn close_with_decision(
    tx: &mut Tx,
    id: RequestId,
    expected_row_version: i64,
    decision: &Decision,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let claimed = tx
        .execute(
            query(
                "UPDATE update_requests SET status = $1, decision = $2, decided_at = $3, updated_at = $3, \
                 row_version = row_version + 1 WHERE id = $4 AND row_version = $5 \
                 AND status IN ('submitted', 'under_review', 'needs_info')",
            )
            .bind(decision.outcome().as_str())
            .arg(Arg::json(decision)?)
            .bind(now)
            .bind(id.0)
            .bind(expected_row_version),
        )
        .await?;
    if claimed != 1 {
        return Err(StoreError::Stale("request"));
    }
    Ok(())
}

/// One request.
pub async fn by_id(db: &mut Conn, id: RequestId) -> Result<Option<StoredRequest>, StoreError> {
    let row: Option<RequestRow> = db
        .fetch_optional(query(format!("{SELECT_REQUESTS} WHERE id = $1")).bind(id.0))
        .await?;
    row.map(request_from_row).transpose()
}

/// A household's requests, newest first.
pub async fn of_household(
    db: &mut Conn,
    household: HouseholdId,
    limit: i64,
) -> Result<Vec<StoredRequest>, StoreError> {
    let rows: Vec<RequestRow> = db
        .fetch_all(
            query(format!(
                "{SELECT_REQUESTS} WHERE household_id = $1 ORDER BY created_at DESC, id LIMIT $2"
            ))
            .bind(household.0)
            .bind(limit),
        )
        .await?;
    rows.into_iter().map(request_from_row).collect()
}

/// A request's history, oldest first.
pub async fn events(db: &mut Conn, id: RequestId) -> Result<Vec<RequestEvent>, StoreError> {
    type Row = (
        DateTime<Utc>,
        String,
        Option<String>,
        String,
        String,
        Option<String>,
    );
    let rows: Vec<Row> = db
        .fetch_all(
            query(
                "SELECT occurred_at, actor_kind, actor_role, action, status, note FROM request_events \
                 WHERE request_id = $1 ORDER BY seq",
            )
            .bind(id.0),
        )
        .await?;
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
pub async fn documents(db: &mut Conn, id: RequestId) -> Result<Vec<DocumentMeta>, StoreError> {
    let rows: Vec<(String, String, i64)> = db
        .fetch_all(
            query(
                "SELECT d.sha256, d.media_type, d.size_bytes FROM request_documents r \
                 JOIN documents d ON d.sha256 = r.sha256 WHERE r.request_id = $1 ORDER BY r.added_at, d.sha256",
            )
            .bind(id.0),
        )
        .await?;
    rows.into_iter()
        .map(|(sha, mime, size)| {
            Ok(DocumentMeta {
                address: ContentAddress::parse(&sha).ok_or_else(|| corrupt("document address"))?,
                media_type: MediaType::from_mime(&mime).ok_or_else(|| corrupt("document type"))?,
                size,
            })
        })
        .collect()
}

/// The review queue: oldest first, with counts by status over the same office and kind.
pub async fn review_queue(
    db: &mut Conn,
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
    // The status list travels as one JSON text so one statement serves any number of statuses.
    type Row = (
        Uuid,
        String,
        String,
        String,
        DateTime<Utc>,
        String,
        String,
        String,
        Option<String>,
    );
    let order = if filter.newest_first {
        "u.created_at DESC, u.id DESC"
    } else {
        "u.created_at, u.id"
    };
    const COLUMNS: &str = "SELECT u.id, u.kind, u.status, u.office_code, u.created_at, p.registration_number, \
         p.given_name, p.family_name, s.display_name FROM update_requests u JOIN people p ON p.id = u.person_id \
         LEFT JOIN staff s ON u.maker_kind = 'staff' AND s.id = u.maker_id";
    let rows: Vec<Row> = db
        .fetch_all(
            query_each(
                format!(
                    "{COLUMNS} WHERE u.status IN (SELECT value FROM json_each($1)) AND ($2 IS NULL OR u.kind = $2) \
                     AND ($3 IS NULL OR u.office_code = $3) AND ($4 IS NULL OR u.created_at < $4) \
                     ORDER BY {order} LIMIT $5"
                ),
                format!(
                    "{COLUMNS} WHERE u.status IN (SELECT jsonb_array_elements_text($1::jsonb)) \
                     AND ($2::text IS NULL OR u.kind = $2) AND ($3::text IS NULL OR u.office_code = $3) \
                     AND ($4::timestamptz IS NULL OR u.created_at < $4) ORDER BY {order} LIMIT $5"
                ),
            )
            .bind(status_json)
            .bind(kind)
            .bind(office)
            .bind(filter.submitted_before)
            .bind(filter.limit),
        )
        .await?;
    let counts: Vec<(String, i64)> = db
        .fetch_all(
            query_each(
                "SELECT status, COUNT(*) FROM update_requests \
                 WHERE ($1 IS NULL OR kind = $1) AND ($2 IS NULL OR office_code = $2) GROUP BY status",
                "SELECT status, COUNT(*) FROM update_requests \
                 WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR office_code = $2) GROUP BY status",
            )
            .bind(kind)
            .bind(office),
        )
        .await?;
    let lines = rows
        .into_iter()
        .map(
            |(id, kind, status, office_code, created_at, number, given, family, prepared_by)| {
                Ok(QueueLine {
                    id: RequestId(id),
                    kind: RequestKind::parse(&kind).map_err(corrupt)?,
                    status: RequestStatus::parse(&status).map_err(corrupt)?,
                    office_code,
                    created_at,
                    registration_number: number,
                    name: format!("{given} {family}"),
                    prepared_by,
                })
            },
        )
        .collect::<Result<Vec<_>, StoreError>>()?;
    let counts = counts
        .into_iter()
        .map(|(status, n)| Ok((RequestStatus::parse(&status).map_err(corrupt)?, n)))
        .collect::<Result<BTreeMap<_, _>, StoreError>>()?;
    Ok((lines, counts))
}

/// The type of a document attached to any request of a household, if it is one.
pub async fn document_of_household(
    db: &mut Conn,
    household: HouseholdId,
    address: &ContentAddress,
) -> Result<Option<MediaType>, StoreError> {
    let mime: Option<String> = db
        .scalar_optional(
            query(
                "SELECT d.media_type FROM documents d JOIN request_documents r ON r.sha256 = d.sha256 \
                 JOIN update_requests u ON u.id = r.request_id WHERE u.household_id = $1 AND d.sha256 = $2 LIMIT 1",
            )
            .bind(household.0)
            .bind(address.as_str()),
        )
        .await?;
    mime.map(|m| MediaType::from_mime(&m).ok_or_else(|| corrupt("document type")))
        .transpose()
}

/// The free text of `limit` requests from position `offset`: id, reason, the proposed
/// changes as stored, and every note of their history joined (for data-quality checks).
pub async fn texts(
    db: &mut Conn,
    offset: i64,
    limit: i64,
) -> Result<Vec<(Uuid, Option<String>, String, Vec<String>)>, StoreError> {
    let rows: Vec<(Uuid, Option<String>, Json<serde_json::Value>)> = db
        .fetch_all(
            query("SELECT id, reason, changes FROM update_requests ORDER BY id LIMIT $1 OFFSET $2")
                .bind(limit)
                .bind(offset),
        )
        .await?;
    let mut found = Vec::with_capacity(rows.len());
    for (id, reason, changes) in rows {
        let notes: Vec<String> = db
            .scalars(
                query("SELECT note FROM request_events WHERE request_id = $1 AND note IS NOT NULL")
                    .bind(id),
            )
            .await?;
        found.push((id, reason, changes.0.to_string(), notes));
    }
    Ok(found)
}
