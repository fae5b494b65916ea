//! Enrollment invitations in the database: stored only as hashes of their link token and
//! short code, with their state.
//!
//! Owns: the `enrollment_invitations` table. Must never: store a token or code in clear.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::accounts::{columns, principal_from};
use crate::{query, Conn, StoreError, Tx};
use portal_domain::invitation::InvitationStatus;
use portal_domain::session::Principal;
use portal_domain::staff::StaffId;
use portal_domain::tokens::TokenHash;

/// An invitation as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredInvitation {
    /// Id.
    pub id: Uuid,
    /// Whose account it opens.
    pub principal: Principal,
    /// What it can still do.
    pub status: InvitationStatus,
}

/// A new invitation to store.
#[derive(Clone, Debug)]
pub struct NewInvitation {
    /// Id.
    pub id: Uuid,
    /// Hash of the link token.
    pub token_hash: TokenHash,
    /// Hash of the short code.
    pub code_hash: TokenHash,
    /// Whose account it opens.
    pub principal: Principal,
    /// Deadline.
    pub expires_at: DateTime<Utc>,
}

type InvitationRow = (
    Uuid,
    Option<Uuid>,
    Option<Uuid>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    i64,
);

fn from_row(row: InvitationRow) -> Result<StoredInvitation, StoreError> {
    let (id, person, staff, expires_at, consumed_at, failed_attempts) = row;
    let principal = principal_from(person, staff)
        .ok_or_else(|| StoreError::Corrupt("invitation without account".into()))?;
    Ok(StoredInvitation {
        id,
        principal,
        status: InvitationStatus {
            expires_at,
            consumed_at,
            failed_attempts,
        },
    })
}

/// Stores an invitation; an account that does not exist is `NotFound`.
pub async fn insert(
    tx: &mut Tx,
    invitation: &NewInvitation,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let (person, staff) = columns(Some(invitation.principal));
    tx.execute(
        query(
            "INSERT INTO enrollment_invitations (id, token_hash, code_hash, person_id, staff_id, \
             created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(invitation.id)
        .bind(invitation.token_hash.as_str())
        .bind(invitation.code_hash.as_str())
        .bind(person)
        .bind(staff)
        .bind(now)
        .bind(invitation.expires_at),
    )
    .await
    .map_err(|e| {
        if e.is_foreign_key_violation() {
            StoreError::NotFound("the account")
        } else {
            e
        }
    })?;
    Ok(())
}

/// The invitation whose link token or short code hashes to `hash`.
pub async fn by_hash(
    db: &mut Conn,
    hash: &TokenHash,
) -> Result<Option<StoredInvitation>, StoreError> {
    let row: Option<InvitationRow> = db
        .fetch_optional(
            query(
                "SELECT id, person_id, staff_id, expires_at, consumed_at, failed_attempts \
                 FROM enrollment_invitations WHERE token_hash = $1 OR code_hash = $1",
            )
            .bind(hash.as_str()),
        )
        .await?;
    row.map(from_row).transpose()
}

/// Counts a wrong answer; returns the new count.
pub async fn count_failed_answer(tx: &mut Tx, invitation: Uuid) -> Result<i64, StoreError> {
    tx.scalar(
        query(
            "UPDATE enrollment_invitations SET failed_attempts = failed_attempts + 1 WHERE id = $1 \
             RETURNING failed_attempts",
        )
        .bind(invitation),
    )
    .await
}

/// Consumes the invitation; false when it was consumed already (a second completion).
pub async fn consume(
    tx: &mut Tx,
    invitation: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let consumed = tx
        .execute(
            query("UPDATE enrollment_invitations SET consumed_at = $1 WHERE id = $2 AND consumed_at IS NULL")
                .bind(now)
                .bind(invitation),
        )
        .await?;
    Ok(consumed == 1)
}

/// Ends every invitation of staff account `staff` not used yet (a new one replaces them, or
/// the account is suspended or ended); returns how many.
pub async fn withdraw_for_staff(
    tx: &mut Tx,
    staff: StaffId,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    tx.execute(
        query(
            "UPDATE enrollment_invitations SET expires_at = $1 \
             WHERE staff_id = $2 AND consumed_at IS NULL AND expires_at > $1",
        )
        .bind(now)
        .bind(staff.0),
    )
    .await
}
