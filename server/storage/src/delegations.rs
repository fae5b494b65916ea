//! Trusted helpers in the database: delegations, and which one a helper's session acts under.
//!
//! Owns: the `delegations` table and `sessions.acting_for`. Must never: keep a helper's code in
//! clear (only its hash), or delete a delegation (ended ones stay, for the history).

use chrono::{DateTime, Utc};
use portal_domain::delegation::{Delegation, DelegationId, EndedBy, Limits};
use portal_domain::person::PersonId;
use portal_domain::tokens::TokenHash;
use uuid::Uuid;

use crate::{query, Conn, StoreError, Tx};

const COLUMNS: &str = "id, person_id, helper_id, helper_label, may_book, may_request, \
     code_expires_at, created_at, accepted_at, expires_at, ended_at, ended_by";

type Row = (
    Uuid,
    Uuid,
    Option<Uuid>,
    String,
    bool,
    bool,
    Option<DateTime<Utc>>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<String>,
);

fn delegation(row: Row) -> Delegation {
    let (
        id,
        person,
        helper,
        label,
        may_book,
        may_request,
        code_expires_at,
        created_at,
        accepted_at,
        expires_at,
        ended_at,
        ended_by,
    ) = row;
    Delegation {
        id: DelegationId(id),
        person: PersonId(person),
        helper: helper.map(PersonId),
        label,
        limits: Limits {
            may_book,
            may_request,
        },
        code_expires_at,
        created_at,
        accepted_at,
        expires_at,
        ended_at,
        // An unknown value reads as the office's doing (the table's check allows no other).
        ended_by: ended_by.map(|e| EndedBy::parse(&e).unwrap_or(EndedBy::Staff)),
    }
}

/// Keeps a new delegation waiting for the helper's code.
pub async fn insert(tx: &mut Tx, d: &Delegation, code: &TokenHash) -> Result<(), StoreError> {
    tx.execute(
        query(
            "INSERT INTO delegations (id, person_id, helper_label, may_book, may_request, code_hash, \
             code_expires_at, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(d.id.0)
        .bind(d.person.0)
        .bind(&d.label)
        .bind(d.limits.may_book)
        .bind(d.limits.may_request)
        .bind(code.as_str())
        .bind(d.code_expires_at)
        .bind(d.created_at)
        .bind(d.expires_at),
    )
    .await?;
    Ok(())
}

/// The delegation `id`.
pub async fn by_id(db: &mut Conn, id: DelegationId) -> Result<Option<Delegation>, StoreError> {
    let row: Option<Row> = db
        .fetch_optional(
            query(format!("SELECT {COLUMNS} FROM delegations WHERE id = $1")).bind(id.0),
        )
        .await?;
    Ok(row.map(delegation))
}

/// The delegation waiting for the code with this hash.
pub async fn by_code(db: &mut Conn, code: &TokenHash) -> Result<Option<Delegation>, StoreError> {
    let row: Option<Row> = db
        .fetch_optional(
            query(format!(
                "SELECT {COLUMNS} FROM delegations WHERE code_hash = $1"
            ))
            .bind(code.as_str()),
        )
        .await?;
    Ok(row.map(delegation))
}

/// The helper takes the delegation (once: the code is spent); false when someone else took it
/// first or it was ended meanwhile.
pub async fn accept(
    tx: &mut Tx,
    id: DelegationId,
    helper: PersonId,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    Ok(tx
        .execute(
            query(
                "UPDATE delegations SET helper_id = $1, accepted_at = $2, code_hash = NULL, \
                 code_expires_at = NULL WHERE id = $3 AND helper_id IS NULL AND ended_at IS NULL",
            )
            .bind(helper.0)
            .bind(now)
            .bind(id.0),
        )
        .await?
        == 1)
}

/// Ends a delegation (and spends its code); false when it had ended already.
pub async fn end(
    tx: &mut Tx,
    id: DelegationId,
    by: EndedBy,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let ended = tx
        .execute(
            query(
                "UPDATE delegations SET ended_at = $1, ended_by = $2, code_hash = NULL \
                 WHERE id = $3 AND ended_at IS NULL",
            )
            .bind(now)
            .bind(by.as_str())
            .bind(id.0),
        )
        .await?
        == 1;
    // No session acts under it from now on.
    tx.execute(query("UPDATE sessions SET acting_for = NULL WHERE acting_for = $1").bind(id.0))
        .await?;
    Ok(ended)
}

/// Delegations `person` granted, newest first.
pub async fn granted_by(db: &mut Conn, person: PersonId) -> Result<Vec<Delegation>, StoreError> {
    let rows: Vec<Row> = db
        .fetch_all(
            query(format!(
                "SELECT {COLUMNS} FROM delegations WHERE person_id = $1 ORDER BY created_at DESC LIMIT 50"
            ))
            .bind(person.0),
        )
        .await?;
    Ok(rows.into_iter().map(delegation).collect())
}

/// Delegations `helper` accepted, newest first.
pub async fn helping(db: &mut Conn, helper: PersonId) -> Result<Vec<Delegation>, StoreError> {
    let rows: Vec<Row> = db
        .fetch_all(
            query(format!(
                "SELECT {COLUMNS} FROM delegations WHERE helper_id = $1 ORDER BY created_at DESC LIMIT 50"
            ))
            .bind(helper.0),
        )
        .await?;
    Ok(rows.into_iter().map(delegation).collect())
}

/// How many of `person`'s delegations are open at `now` (waiting with a live code, or accepted
/// and not over).
pub async fn open_count(
    db: &mut Conn,
    person: PersonId,
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    db.scalar(
        query(
            "SELECT COUNT(*) FROM delegations WHERE person_id = $1 AND ended_at IS NULL \
             AND expires_at > $2 AND (helper_id IS NOT NULL OR code_expires_at > $2)",
        )
        .bind(person.0)
        .bind(now),
    )
    .await
}

/// How many delegations `person` granted since `since` (the daily bound on new codes).
pub async fn granted_since(
    db: &mut Conn,
    person: PersonId,
    since: DateTime<Utc>,
) -> Result<i64, StoreError> {
    db.scalar(
        query("SELECT COUNT(*) FROM delegations WHERE person_id = $1 AND created_at >= $2")
            .bind(person.0)
            .bind(since),
    )
    .await
}

/// The delegation the session `session` acts under, if any.
pub async fn acting_for(db: &mut Conn, session: &TokenHash) -> Result<Option<Uuid>, StoreError> {
    Ok(db
        .scalar_optional::<Option<Uuid>>(
            query("SELECT acting_for FROM sessions WHERE id_hash = $1").bind(session.as_str()),
        )
        .await?
        .flatten())
}

/// Makes the session act under `delegation` (or stop, with `None`).
pub async fn set_acting(
    db: &mut Conn,
    session: &TokenHash,
    delegation: Option<DelegationId>,
) -> Result<(), StoreError> {
    db.execute(
        query("UPDATE sessions SET acting_for = $1 WHERE id_hash = $2")
            .bind(delegation.map(|d| d.0))
            .bind(session.as_str()),
    )
    .await?;
    Ok(())
}
