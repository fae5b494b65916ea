//! The audit trail in the database: appending under the chain lock, reading, verifying.
//!
//! Owns: the `audit_events` and `audit_head` tables. Must never: update or delete an event
//! (the tables' triggers refuse it anyway).

use chrono::{DateTime, Utc};
use sqlx::types::Json;

use crate::{query, Arg, Conn, StoreError, Tx};
use portal_domain::audit::{
    verify_chain as verify_chain_links, Actor, AuditEvent, AuditRecord, ChainBreak, SubjectKind,
    GENESIS_HASH,
};

/// Appends `event` to the chain inside `tx`, returning its sequence number. Bumping the head
/// first takes the chain's lock in both databases, so concurrent appends queue and the chain
/// never forks.
pub async fn append(tx: &mut Tx, event: &AuditEvent) -> Result<i64, StoreError> {
    let (seq, prev_hash): (i64, String) = tx
        .fetch_one(query(
            "UPDATE audit_head SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq, last_hash",
        ))
        .await?;
    let hash = event.chain_hash(seq, &prev_hash);
    let (actor_kind, actor_id, actor_role) = event.actor.parts();
    let (subject_kind, subject_id) = match &event.subject {
        Some((kind, id)) => (Some(kind.as_str()), Some(id.as_str())),
        None => (None, None),
    };
    tx.execute(
        query(
            "INSERT INTO audit_events (seq, occurred_at, actor_kind, actor_id, actor_role, action, \
             subject_kind, subject_id, request_id, source, details, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(seq)
        .bind(event.occurred_at)
        .bind(actor_kind)
        .bind(actor_id)
        .bind(actor_role)
        .bind(&event.action)
        .bind(subject_kind)
        .bind(subject_id)
        .bind(event.request_id.as_ref())
        .bind(event.source.as_ref())
        .arg(Arg::json(&event.details)?)
        .bind(&prev_hash)
        .bind(&hash),
    )
    .await?;
    tx.execute(query("UPDATE audit_head SET last_hash = $1 WHERE id = 1").bind(&hash))
        .await?;
    Ok(seq)
}

/// Appends every event of `events`, in order.
pub async fn append_all(tx: &mut Tx, events: &[AuditEvent]) -> Result<(), StoreError> {
    for event in events {
        append(tx, event).await?;
    }
    Ok(())
}

type AuditRow = (
    i64,
    DateTime<Utc>,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Json<serde_json::Value>,
    String,
    String,
);

const SELECT_EVENTS: &str =
    "SELECT seq, occurred_at, actor_kind, actor_id, actor_role, action, subject_kind, \
     subject_id, request_id, source, details, prev_hash, hash FROM audit_events";

/// Rebuilds a record from a row. Values that no event could have produced are kept in a form
/// that cannot hash to the stored hash, so verification reports the row as tampered.
fn record_from_row(row: AuditRow) -> AuditRecord {
    let (
        seq,
        occurred_at,
        kind,
        actor_id,
        actor_role,
        action,
        subject_kind,
        subject_id,
        request_id,
        source,
        details,
        prev_hash,
        hash,
    ) = row;
    let actor = match kind.as_str() {
        "staff" => Actor::Staff {
            id: actor_id.unwrap_or_default(),
            role: actor_role.unwrap_or_default(),
        },
        "person" => Actor::Person {
            id: actor_id.unwrap_or_default(),
        },
        "api_client" => Actor::ApiClient {
            id: actor_id.unwrap_or_default(),
        },
        _ => Actor::System,
    };
    let subject_kind = match subject_kind.as_deref() {
        Some("person") => Some(SubjectKind::Person),
        Some("household") => Some(SubjectKind::Household),
        Some("staff") => Some(SubjectKind::Staff),
        Some("office") => Some(SubjectKind::Office),
        Some("import_batch") => Some(SubjectKind::ImportBatch),
        _ => None,
    };
    let event = AuditEvent {
        occurred_at,
        actor,
        action,
        subject: subject_kind.zip(subject_id),
        request_id,
        source,
        details: details.0,
    };
    AuditRecord {
        seq,
        event,
        prev_hash,
        hash,
    }
}

/// The outcome of walking the whole chain.
#[derive(Debug, PartialEq, Eq)]
pub enum ChainReport {
    /// Every row links to the one before and matches its hash.
    Intact {
        /// Number of rows checked.
        rows: i64,
    },
    /// The first broken link.
    Broken(ChainBreak),
}

/// Audit rows about one record, newest first.
pub async fn for_subject(
    db: &mut Conn,
    kind: SubjectKind,
    id: &str,
    limit: i64,
) -> Result<Vec<AuditRecord>, StoreError> {
    let rows: Vec<AuditRow> = db
        .fetch_all(
            query(format!(
                "{SELECT_EVENTS} WHERE subject_kind = $1 AND subject_id = $2 ORDER BY seq DESC LIMIT $3"
            ))
            .bind(kind.as_str())
            .bind(id)
            .bind(limit),
        )
        .await?;
    Ok(rows.into_iter().map(record_from_row).collect())
}

/// Walks the whole chain in batches and reports the first break, if any.
pub async fn verify_chain(db: &mut Conn) -> Result<ChainReport, StoreError> {
    const BATCH: i64 = 1000;
    let mut position = (0_i64, GENESIS_HASH.to_owned());
    loop {
        let rows: Vec<AuditRow> = db
            .fetch_all(
                query(format!(
                    "{SELECT_EVENTS} WHERE seq > $1 ORDER BY seq LIMIT $2"
                ))
                .bind(position.0)
                .bind(BATCH),
            )
            .await?;
        let fetched = rows.len();
        let records: Vec<AuditRecord> = rows.into_iter().map(record_from_row).collect();
        match verify_chain_links(position.clone(), &records) {
            Ok(next) => position = next,
            Err(broken) => return Ok(ChainReport::Broken(broken)),
        }
        if fetched < usize::try_from(BATCH).unwrap_or(usize::MAX) {
            break;
        }
    }
    let (head_seq, head_hash): (i64, String) = db
        .fetch_one(query(
            "SELECT last_seq, last_hash FROM audit_head WHERE id = 1",
        ))
        .await?;
    if head_seq != position.0 || head_hash != position.1 {
        return Ok(ChainReport::Broken(ChainBreak::Truncated {
            last_seq: position.0,
            head_seq,
        }));
    }
    Ok(ChainReport::Intact { rows: position.0 })
}
