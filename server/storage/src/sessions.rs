//! Server-side sessions in the database, and the WebAuthn ceremony state parked on them.
//!
//! Owns: the `sessions` table. Must never: store a session id in clear (only its hash).

use chrono::{DateTime, Utc};
use portal_domain::delegation::DelegationId;
use uuid::Uuid;

use crate::accounts::{columns, principal_from};
use crate::{query, Conn, StoreError, Tx};
use portal_domain::session::{Principal, Session};
use portal_domain::tokens::TokenHash;

type SessionRow = (
    Option<Uuid>,
    Option<Uuid>,
    DateTime<Utc>,
    DateTime<Utc>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<Uuid>,
);

/// Stores a new session under the hash of its id.
pub async fn insert(tx: &mut Tx, hash: &TokenHash, session: &Session) -> Result<(), StoreError> {
    let (person, staff) = columns(session.principal);
    tx.execute(
        query(
            "INSERT INTO sessions (id_hash, person_id, staff_id, created_at, last_seen_at, expires_at, \
             authenticated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(hash.as_str())
        .bind(person)
        .bind(staff)
        .bind(session.created_at)
        .bind(session.last_seen_at)
        .bind(session.expires_at)
        .bind(session.authenticated_at),
    )
    .await?;
    Ok(())
}

/// Replaces the browser's session `old` with the signed-in `new` one (a new id at every
/// sign-in: no fixation).
pub async fn replace(
    tx: &mut Tx,
    old: &TokenHash,
    new: (&TokenHash, &Session),
) -> Result<(), StoreError> {
    delete(tx, old).await?;
    insert(tx, new.0, new.1).await
}

/// The session with this id hash.
pub async fn by_hash(db: &mut Conn, hash: &TokenHash) -> Result<Option<Session>, StoreError> {
    let row: Option<SessionRow> = db
        .fetch_optional(
            query(
                "SELECT person_id, staff_id, created_at, last_seen_at, expires_at, authenticated_at, \
                 acting_for FROM sessions WHERE id_hash = $1",
            )
            .bind(hash.as_str()),
        )
        .await?;
    Ok(row.map(
        |(person, staff, created_at, last_seen_at, expires_at, authenticated_at, acting_for)| {
            Session {
                principal: principal_from(person, staff),
                created_at,
                last_seen_at,
                expires_at,
                authenticated_at,
                acting_for: acting_for.map(DelegationId),
            }
        },
    ))
}

/// Marks a request on the session (resets the idle clock).
pub async fn touch(db: &mut Conn, hash: &TokenHash, now: DateTime<Utc>) -> Result<(), StoreError> {
    db.execute(
        query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(now)
            .bind(hash.as_str()),
    )
    .await?;
    Ok(())
}

/// Marks a fresh passkey use on the session (for actions that need one within minutes).
pub async fn mark_authenticated(
    tx: &mut Tx,
    hash: &TokenHash,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.execute(
        query("UPDATE sessions SET authenticated_at = $1, last_seen_at = $1 WHERE id_hash = $2")
            .bind(now)
            .bind(hash.as_str()),
    )
    .await?;
    Ok(())
}

/// Ends one session.
pub async fn delete(db: &mut Conn, hash: &TokenHash) -> Result<(), StoreError> {
    db.execute(query("DELETE FROM sessions WHERE id_hash = $1").bind(hash.as_str()))
        .await?;
    Ok(())
}

/// Ends every session of an account; returns how many ended.
pub async fn delete_all_of(tx: &mut Tx, principal: Principal) -> Result<u64, StoreError> {
    let (person, staff) = columns(Some(principal));
    tx.execute(
        query(
            "DELETE FROM sessions WHERE person_id IS NOT DISTINCT FROM $1 \
             AND staff_id IS NOT DISTINCT FROM $2",
        )
        .bind(person)
        .bind(staff),
    )
    .await
}

/// Housekeeping: deletes the sessions that ended (past their deadline, or unused since before
/// `idle_since`, signed-in or anonymous alike) and clears ceremonies past their own deadline;
/// returns how many sessions were deleted and how many ceremonies cleared.
pub async fn purge(
    db: &mut Conn,
    now: DateTime<Utc>,
    idle_since: DateTime<Utc>,
) -> Result<(u64, u64), StoreError> {
    let ended = db
        .execute(
            query("DELETE FROM sessions WHERE expires_at < $1 OR last_seen_at < $2")
                .bind(now)
                .bind(idle_since),
        )
        .await?;
    let spent = db
        .execute(
            query(
                "UPDATE sessions SET ceremony = NULL, ceremony_expires_at = NULL \
                 WHERE ceremony_expires_at < $1",
            )
            .bind(now),
        )
        .await?;
    Ok((ended, spent))
}

/// Parks a WebAuthn ceremony (and, for enrollment, the verified invitation) on a session.
pub async fn put_ceremony(
    db: &mut Conn,
    hash: &TokenHash,
    ceremony_json: &str,
    expires_at: DateTime<Utc>,
    invitation: Option<Uuid>,
) -> Result<(), StoreError> {
    let updated = db
        .execute(
            query(
                "UPDATE sessions SET ceremony = $1, ceremony_expires_at = $2, invitation_id = $3 \
                 WHERE id_hash = $4",
            )
            .bind(ceremony_json)
            .bind(expires_at)
            .bind(invitation)
            .bind(hash.as_str()),
        )
        .await?;
    if updated == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound("the session"))
    }
}

/// Takes the ceremony off a session: it can be taken once (a compare-and-swap on the stored
/// state, so two racing requests cannot both take it), and only before its deadline.
pub async fn take_ceremony(
    db: &mut Conn,
    hash: &TokenHash,
    now: DateTime<Utc>,
) -> Result<Option<(String, Option<Uuid>)>, StoreError> {
    type Row = (Option<String>, Option<DateTime<Utc>>, Option<Uuid>);
    let row: Option<Row> = db
        .fetch_optional(
            query(
                "SELECT ceremony, ceremony_expires_at, invitation_id FROM sessions WHERE id_hash = $1",
            )
            .bind(hash.as_str()),
        )
        .await?;
    let Some((Some(ceremony), Some(deadline), invitation)) = row else {
        return Ok(None);
    };
    let taken = db
        .execute(
            query(
                "UPDATE sessions SET ceremony = NULL, ceremony_expires_at = NULL, invitation_id = NULL \
                 WHERE id_hash = $1 AND ceremony = $2",
            )
            .bind(hash.as_str())
            .bind(&ceremony),
        )
        .await?;
    Ok((taken == 1 && now < deadline).then_some((ceremony, invitation)))
}
