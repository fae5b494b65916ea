//! Passkeys, enrollment invitations and sessions in the database.
//!
//! Owns: the `passkeys`, `enrollment_invitations` and `sessions` tables and the WebAuthn user
//! handles on `people` and `staff`. Must never: store a token or code in clear (hashes only),
//! or change an account's passkeys without an audit row in the same transaction.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::audit::append_audit;
use super::{dispatch, BeginWrite, Store, StoreError};
use portal_domain::audit::AuditEvent;
use portal_domain::invitation::InvitationStatus;
use portal_domain::person::PersonId;
use portal_domain::session::{Principal, Session};
use portal_domain::staff::StaffId;
use portal_domain::tokens::TokenHash;

/// `(person_id, staff_id)` columns for a principal.
fn principal_columns(principal: Option<Principal>) -> (Option<Uuid>, Option<Uuid>) {
    match principal {
        Some(Principal::Person(id)) => (Some(id.0), None),
        Some(Principal::Staff(id)) => (None, Some(id.0)),
        None => (None, None),
    }
}

fn principal_from(person: Option<Uuid>, staff: Option<Uuid>) -> Option<Principal> {
    match (person, staff) {
        (Some(id), None) => Some(Principal::Person(PersonId(id))),
        (None, Some(id)) => Some(Principal::Staff(StaffId(id))),
        _ => None,
    }
}

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
    /// Revoke every passkey and session of the account at the same time (lost phone).
    pub revoke_existing: bool,
}

/// A passkey as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredPasskey {
    /// Row id.
    pub id: Uuid,
    /// Whose.
    pub principal: Principal,
    /// Name given by the owner ("my phone").
    pub name: String,
    /// webauthn-rs' credential as JSON.
    pub credential_json: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last sign-in.
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A passkey to store.
#[derive(Clone, Debug)]
pub struct NewPasskey {
    /// Row id.
    pub id: Uuid,
    /// The credential id the authenticator chose.
    pub credential_id: Vec<u8>,
    /// Whose.
    pub principal: Principal,
    /// The owner's name for it.
    pub name: String,
    /// webauthn-rs' credential as JSON.
    pub credential_json: String,
}

/// Inserts `$passkey` (a `&NewPasskey`) in the open transaction `$tx`.
macro_rules! insert_passkey {
    ($tx:expr, $passkey:expr, $now:expr) => {{
        let passkey: &NewPasskey = $passkey;
        let (person, staff) = principal_columns(Some(passkey.principal));
        sqlx::query(
            "INSERT INTO passkeys (id, credential_id, person_id, staff_id, name, credential, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(passkey.id)
        .bind(&passkey.credential_id)
        .bind(person)
        .bind(staff)
        .bind(&passkey.name)
        .bind(&passkey.credential_json)
        .bind($now)
        .execute(&mut *$tx)
        .await
        .map_err(super::unique_as("this passkey"))?;
    }};
}

/// Inserts the session `$session` under `$hash` in the open transaction `$tx`.
macro_rules! insert_session {
    ($tx:expr, $hash:expr, $session:expr) => {{
        let session: &Session = $session;
        let (person, staff) = principal_columns(session.principal);
        sqlx::query(
            "INSERT INTO sessions (id_hash, person_id, staff_id, created_at, last_seen_at, expires_at, authenticated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind($hash.as_str())
        .bind(person)
        .bind(staff)
        .bind(session.created_at)
        .bind(session.last_seen_at)
        .bind(session.expires_at)
        .bind(session.authenticated_at)
        .execute(&mut *$tx)
        .await?;
    }};
}

type InvitationRow = (
    Uuid,
    Option<Uuid>,
    Option<Uuid>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    i64,
);
type SessionRow = (
    Option<Uuid>,
    Option<Uuid>,
    DateTime<Utc>,
    DateTime<Utc>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
);
type PasskeyRow = (
    Uuid,
    Option<Uuid>,
    Option<Uuid>,
    String,
    String,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
);

fn invitation_from(row: InvitationRow) -> Result<StoredInvitation, StoreError> {
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

fn passkey_from(row: PasskeyRow) -> Result<StoredPasskey, StoreError> {
    let (id, person, staff, name, credential_json, created_at, last_used_at) = row;
    let principal = principal_from(person, staff)
        .ok_or_else(|| StoreError::Corrupt("passkey without account".into()))?;
    Ok(StoredPasskey {
        id,
        principal,
        name,
        credential_json,
        created_at,
        last_used_at,
    })
}

const SELECT_INVITATION: &str =
    "SELECT id, person_id, staff_id, expires_at, consumed_at, failed_attempts FROM enrollment_invitations";
const SELECT_PASSKEY: &str =
    "SELECT id, person_id, staff_id, name, credential, created_at, last_used_at FROM passkeys";

impl Store {
    /// Stores an invitation (and, for a lost phone, removes the account's passkeys and
    /// sessions), with its audit row.
    pub async fn create_invitation(
        &self,
        invitation: &NewInvitation,
        now: DateTime<Utc>,
        events: &[AuditEvent],
    ) -> Result<(), StoreError> {
        let (person, staff) = principal_columns(Some(invitation.principal));
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            if invitation.revoke_existing {
                sqlx::query("DELETE FROM sessions WHERE person_id IS NOT DISTINCT FROM $1 AND staff_id IS NOT DISTINCT FROM $2")
                    .bind(person).bind(staff).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM passkeys WHERE person_id IS NOT DISTINCT FROM $1 AND staff_id IS NOT DISTINCT FROM $2")
                    .bind(person).bind(staff).execute(&mut *tx).await?;
            }
            sqlx::query(
                "INSERT INTO enrollment_invitations (id, token_hash, code_hash, person_id, staff_id, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(invitation.id)
            .bind(invitation.token_hash.as_str())
            .bind(invitation.code_hash.as_str())
            .bind(person)
            .bind(staff)
            .bind(now)
            .bind(invitation.expires_at)
            .execute(&mut *tx)
            .await
            .map_err(|e| match e.as_database_error() {
                Some(db) if db.is_foreign_key_violation() => StoreError::NotFound("the account"),
                _ => StoreError::Database(e),
            })?;
            for event in events {
                append_audit!(tx, event);
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// The invitation whose link token or short code hashes to `hash`.
    pub async fn invitation_by_hash(
        &self,
        hash: &TokenHash,
    ) -> Result<Option<StoredInvitation>, StoreError> {
        let sql = format!("{SELECT_INVITATION} WHERE token_hash = $1 OR code_hash = $1");
        let row: Option<InvitationRow> = dispatch!(self, pool => {
            sqlx::query_as(&sql).bind(hash.as_str()).fetch_optional(pool).await?
        });
        row.map(invitation_from).transpose()
    }

    /// Counts a wrong answer, returning the new count, with its audit row.
    pub async fn record_failed_enrollment_answer(
        &self,
        invitation: Uuid,
        event: &AuditEvent,
    ) -> Result<i64, StoreError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let count: i64 = sqlx::query_scalar(
                "UPDATE enrollment_invitations SET failed_attempts = failed_attempts + 1 WHERE id = $1 RETURNING failed_attempts",
            )
            .bind(invitation)
            .fetch_one(&mut *tx)
            .await?;
            append_audit!(tx, event);
            tx.commit().await?;
            Ok(count)
        })
    }

    /// The account's WebAuthn user handle, created on first use.
    pub async fn webauthn_user_id(&self, principal: Principal) -> Result<Uuid, StoreError> {
        let (table, id) = match principal {
            Principal::Person(id) => ("people", id.0),
            Principal::Staff(id) => ("staff", id.0),
        };
        let fresh = Uuid::new_v4();
        let set = format!(
            "UPDATE {table} SET webauthn_user_id = $1 WHERE id = $2 AND webauthn_user_id IS NULL"
        );
        let get = format!("SELECT webauthn_user_id FROM {table} WHERE id = $1");
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(&set).bind(fresh).bind(id).execute(&mut *tx).await?;
            let handle: Option<Option<Uuid>> = sqlx::query_scalar(&get).bind(id).fetch_optional(&mut *tx).await?;
            tx.commit().await?;
            handle.flatten().ok_or(StoreError::NotFound("the account"))
        })
    }

    /// The account owning a WebAuthn user handle.
    pub async fn principal_by_webauthn_user_id(
        &self,
        handle: Uuid,
    ) -> Result<Option<Principal>, StoreError> {
        let row: Option<(Option<Uuid>, Option<Uuid>)> = dispatch!(self, pool => {
            sqlx::query_as(
                "SELECT (SELECT id FROM people WHERE webauthn_user_id = $1), (SELECT id FROM staff WHERE webauthn_user_id = $1)",
            )
            .bind(handle)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.and_then(|(person, staff)| principal_from(person, staff)))
    }

    /// Completes an enrollment in one transaction: consumes the invitation (once only), stores
    /// the passkey, replaces the browser's session with a signed-in one, writes the audit rows.
    /// A second completion of the same invitation fails with [`StoreError::Duplicate`].
    #[allow(clippy::too_many_arguments)]
    pub async fn complete_enrollment(
        &self,
        invitation: Uuid,
        passkey: &NewPasskey,
        old_session: &TokenHash,
        new_session: (&TokenHash, &Session),
        now: DateTime<Utc>,
        events: &[AuditEvent],
    ) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let consumed = sqlx::query("UPDATE enrollment_invitations SET consumed_at = $1 WHERE id = $2 AND consumed_at IS NULL")
                .bind(now)
                .bind(invitation)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if consumed != 1 {
                return Err(StoreError::Duplicate("an enrollment with this invitation"));
            }
            insert_passkey!(tx, passkey, now);
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(old_session.as_str()).execute(&mut *tx).await?;
            insert_session!(tx, new_session.0, new_session.1);
            for event in events {
                append_audit!(tx, event);
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Adds a passkey to an account that already has one, with its audit row.
    pub async fn add_passkey(
        &self,
        passkey: &NewPasskey,
        now: DateTime<Utc>,
        event: &AuditEvent,
    ) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            insert_passkey!(tx, passkey, now);
            append_audit!(tx, event);
            tx.commit().await?;
            Ok(())
        })
    }

    /// The passkey with this credential id.
    pub async fn passkey_by_credential_id(
        &self,
        credential_id: &[u8],
    ) -> Result<Option<StoredPasskey>, StoreError> {
        let sql = format!("{SELECT_PASSKEY} WHERE credential_id = $1");
        let row: Option<PasskeyRow> = dispatch!(self, pool => {
            sqlx::query_as(&sql).bind(credential_id).fetch_optional(pool).await?
        });
        row.map(passkey_from).transpose()
    }

    /// An account's passkeys, oldest first.
    pub async fn passkeys_of(
        &self,
        principal: Principal,
    ) -> Result<Vec<StoredPasskey>, StoreError> {
        let (person, staff) = principal_columns(Some(principal));
        let sql = format!(
            "{SELECT_PASSKEY} WHERE person_id IS NOT DISTINCT FROM $1 AND staff_id IS NOT DISTINCT FROM $2 ORDER BY created_at, id"
        );
        let rows: Vec<PasskeyRow> = dispatch!(self, pool => {
            sqlx::query_as(&sql).bind(person).bind(staff).fetch_all(pool).await?
        });
        rows.into_iter().map(passkey_from).collect()
    }

    /// Records a sign-in: the updated credential (counter, backup flags), the time, and replaces
    /// the browser's session with a signed-in one, with the audit row.
    pub async fn complete_sign_in(
        &self,
        passkey: Uuid,
        credential_json: &str,
        old_session: &TokenHash,
        new_session: (&TokenHash, &Session),
        now: DateTime<Utc>,
        event: &AuditEvent,
    ) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("UPDATE passkeys SET credential = $1, last_used_at = $2 WHERE id = $3")
                .bind(credential_json)
                .bind(now)
                .bind(passkey)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(old_session.as_str()).execute(&mut *tx).await?;
            insert_session!(tx, new_session.0, new_session.1);
            append_audit!(tx, event);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Stores a new session.
    pub async fn insert_session(
        &self,
        hash: &TokenHash,
        session: &Session,
    ) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            insert_session!(tx, hash, session);
            tx.commit().await?;
            Ok(())
        })
    }

    /// The session with this id hash.
    pub async fn session(&self, hash: &TokenHash) -> Result<Option<Session>, StoreError> {
        let row: Option<SessionRow> = dispatch!(self, pool => {
            sqlx::query_as(
                "SELECT person_id, staff_id, created_at, last_seen_at, expires_at, authenticated_at FROM sessions WHERE id_hash = $1",
            )
            .bind(hash.as_str())
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(
            |(person, staff, created_at, last_seen_at, expires_at, authenticated_at)| Session {
                principal: principal_from(person, staff),
                created_at,
                last_seen_at,
                expires_at,
                authenticated_at,
            },
        ))
    }

    /// Marks a request on the session (resets the idle clock).
    pub async fn touch_session(
        &self,
        hash: &TokenHash,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2").bind(now).bind(hash.as_str()).execute(pool).await?;
        });
        Ok(())
    }

    /// Ends one session.
    pub async fn delete_session(&self, hash: &TokenHash) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(hash.as_str()).execute(pool).await?;
        });
        Ok(())
    }

    /// Ends every session of an account ("sign out everywhere"), with the audit row; returns
    /// how many ended.
    pub async fn delete_sessions_of(
        &self,
        principal: Principal,
        event: &AuditEvent,
    ) -> Result<u64, StoreError> {
        let (person, staff) = principal_columns(Some(principal));
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let ended = sqlx::query("DELETE FROM sessions WHERE person_id IS NOT DISTINCT FROM $1 AND staff_id IS NOT DISTINCT FROM $2")
                .bind(person)
                .bind(staff)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            append_audit!(tx, event);
            tx.commit().await?;
            Ok(ended)
        })
    }

    /// Parks a WebAuthn ceremony (and, for enrollment, the verified invitation) on a session.
    pub async fn put_ceremony(
        &self,
        hash: &TokenHash,
        ceremony_json: &str,
        expires_at: DateTime<Utc>,
        invitation: Option<Uuid>,
    ) -> Result<(), StoreError> {
        let updated = dispatch!(self, pool => {
            sqlx::query("UPDATE sessions SET ceremony = $1, ceremony_expires_at = $2, invitation_id = $3 WHERE id_hash = $4")
                .bind(ceremony_json)
                .bind(expires_at)
                .bind(invitation)
                .bind(hash.as_str())
                .execute(pool)
                .await?
                .rows_affected()
        });
        if updated == 1 {
            Ok(())
        } else {
            Err(StoreError::NotFound("the session"))
        }
    }

    /// Takes the ceremony off a session: it can be taken once (a compare-and-swap on the
    /// stored state, so two racing requests cannot both take it), and only before its deadline.
    pub async fn take_ceremony(
        &self,
        hash: &TokenHash,
        now: DateTime<Utc>,
    ) -> Result<Option<(String, Option<Uuid>)>, StoreError> {
        type Row = (Option<String>, Option<DateTime<Utc>>, Option<Uuid>);
        let row: Option<Row> = dispatch!(self, pool => {
            sqlx::query_as("SELECT ceremony, ceremony_expires_at, invitation_id FROM sessions WHERE id_hash = $1")
                .bind(hash.as_str())
                .fetch_optional(pool)
                .await?
        });
        let Some((Some(ceremony), Some(deadline), invitation)) = row else {
            return Ok(None);
        };
        let taken = dispatch!(self, pool => {
            sqlx::query(
                "UPDATE sessions SET ceremony = NULL, ceremony_expires_at = NULL, invitation_id = NULL \
                 WHERE id_hash = $1 AND ceremony = $2",
            )
            .bind(hash.as_str())
            .bind(&ceremony)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok((taken == 1 && now < deadline).then_some((ceremony, invitation)))
    }
}
