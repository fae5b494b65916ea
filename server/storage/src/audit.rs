//! The audit trail in the database: appending under the chain lock, reading, verifying.
//!
//! Owns: the `audit_events` and `audit_head` tables. Must never: update or delete an event
//! (the tables' triggers refuse it anyway).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sqlx::types::Json;

use crate::{query, Arg, Conn, StoreError, Tx};
use portal_domain::audit::{
    check_checkpoints, match_checkpoints, verify_chain as verify_chain_links, AuditColumns,
    AuditEvent, AuditKey, AuditRecord, ChainBreak, ChainHead, Checkpoint, SubjectKind,
    GENESIS_HASH,
};

/// Appends `event` to the chain inside `tx`, returning its sequence number. Bumping the head
/// first takes the chain's lock in both databases, so concurrent appends queue and the chain
/// never forks. The link is keyed with the transaction's audit key (every row appended now
/// is past `keyed_from`).
pub async fn append(tx: &mut Tx, event: &AuditEvent) -> Result<i64, StoreError> {
    let (seq, prev_hash): (i64, String) = tx
        .fetch_one(query(
            "UPDATE audit_head SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq, last_hash",
        ))
        .await?;
    let row = event.columns();
    let hash = tx.audit_key().chain_hash(&row, seq, &prev_hash);
    tx.execute(
        query(
            "INSERT INTO audit_events (seq, occurred_at, actor_kind, actor_id, actor_role, action, \
             subject_kind, subject_id, request_id, source, office, details, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(seq)
        .bind(row.occurred_at)
        .bind(row.actor_kind)
        .bind(row.actor_id)
        .bind(row.actor_role)
        .bind(row.action)
        .bind(row.subject_kind)
        .bind(row.subject_id)
        .bind(row.request_id)
        .bind(row.source)
        .bind(row.office)
        .arg(Arg::json(&row.details)?)
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
    Option<String>,
    Json<serde_json::Value>,
    String,
    String,
);

const SELECT_EVENTS: &str =
    "SELECT seq, occurred_at, actor_kind, actor_id, actor_role, action, subject_kind, \
     subject_id, request_id, source, office, details, prev_hash, hash FROM audit_events";

/// A record of a row, its columns kept exactly as stored (what verification hashes).
fn record_from_row(row: AuditRow) -> AuditRecord {
    let (
        seq,
        occurred_at,
        actor_kind,
        actor_id,
        actor_role,
        action,
        subject_kind,
        subject_id,
        request_id,
        source,
        office,
        details,
        prev_hash,
        hash,
    ) = row;
    let columns = AuditColumns {
        occurred_at,
        actor_kind,
        actor_id,
        actor_role,
        action,
        subject_kind,
        subject_id,
        request_id,
        source,
        office,
        details: details.0,
    };
    AuditRecord::stored(seq, columns, prev_hash, hash)
}

/// The outcome of walking the whole chain.
#[derive(Debug, PartialEq, Eq)]
pub enum ChainReport {
    /// Every row links to the one before and matches its hash; every checkpoint is signed and
    /// its row is there, unchanged.
    Intact {
        /// Number of rows checked.
        rows: i64,
        /// Number of signed checkpoints checked.
        checkpoints: usize,
    },
    /// The first break found.
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

/// Row `seq`, if there is one.
pub async fn row_at(db: &mut Conn, seq: i64) -> Result<Option<AuditRecord>, StoreError> {
    let row: Option<AuditRow> = db
        .fetch_optional(query(format!("{SELECT_EVENTS} WHERE seq = $1")).bind(seq))
        .await?;
    Ok(row.map(record_from_row))
}

/// The chain's head as stored.
pub async fn head(db: &mut Conn) -> Result<ChainHead, StoreError> {
    let (seq, hash, keyed_from): (i64, String, i64) = db
        .fetch_one(query(
            "SELECT last_seq, last_hash, keyed_from FROM audit_head WHERE id = 1",
        ))
        .await?;
    Ok(ChainHead {
        seq,
        hash,
        keyed_from,
    })
}

/// A signed checkpoint of the chain's head now (to keep outside the database).
pub async fn checkpoint(
    db: &mut Conn,
    key: &AuditKey,
    now: DateTime<Utc>,
) -> Result<Checkpoint, StoreError> {
    Ok(key.checkpoint(head(db).await?, now))
}

/// Walks the whole chain in batches against `key` and `checkpoints` (kept outside the
/// database), and reports the first break, if any: an edited row, a removed or inserted one,
/// rows cut off the end, a forged checkpoint or a moved start of keyed links.
pub async fn verify_chain(
    db: &mut Conn,
    key: &AuditKey,
    checkpoints: &[Checkpoint],
) -> Result<ChainReport, StoreError> {
    const BATCH: i64 = 1000;
    let head = head(db).await?;
    if let Err(broken) = check_checkpoints(key, &head, checkpoints) {
        return Ok(ChainReport::Broken(broken));
    }
    let mut checkpointed: BTreeMap<i64, Option<String>> =
        checkpoints.iter().map(|c| (c.seq, None)).collect();
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
        match verify_chain_links(key, head.keyed_from, position.clone(), &records) {
            Ok(next) => position = next,
            Err(broken) => return Ok(ChainReport::Broken(broken)),
        }
        for record in &records {
            if let Some(hash) = checkpointed.get_mut(&record.seq) {
                *hash = Some(record.hash.clone());
            }
        }
        if fetched < usize::try_from(BATCH).unwrap_or(usize::MAX) {
            break;
        }
    }
    if let Err(broken) = match_checkpoints(position.0, checkpoints, |seq| {
        checkpointed.get(&seq).cloned().flatten()
    }) {
        return Ok(ChainReport::Broken(broken));
    }
    if head.seq != position.0 || head.hash != position.1 {
        return Ok(ChainReport::Broken(ChainBreak::Truncated {
            last_seq: position.0,
            head_seq: head.seq,
        }));
    }
    Ok(ChainReport::Intact {
        rows: position.0,
        checkpoints: checkpoints.len(),
    })
}
