//! An account's own passkeys: counting and removing them.
//!
//! Owns: removal rules at the storage level (never the last passkey, only one's own).
//! Must never: remove a passkey without its audit row.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::audit::append_audit;
use super::{dispatch, BeginWrite, Store, StoreError};
use portal_domain::audit::AuditEvent;
use portal_domain::session::Principal;

/// What removing a passkey did.
#[derive(Debug, PartialEq, Eq)]
pub enum Removal {
    /// Removed.
    Removed,
    /// Not one of the account's passkeys.
    NotFound,
    /// It is the account's last passkey: removing it would lock the person out.
    LastPasskey,
}

impl Store {
    /// Records a re-authentication: the passkey's new counter and use time, and the session's
    /// fresh `authenticated_at`, together.
    pub async fn mark_reauthenticated_with(
        &self,
        session: &portal_domain::tokens::TokenHash,
        passkey: Uuid,
        credential_json: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("UPDATE passkeys SET credential = $1, last_used_at = $2 WHERE id = $3")
                .bind(credential_json)
                .bind(now)
                .bind(passkey)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE sessions SET authenticated_at = $1, last_seen_at = $1 WHERE id_hash = $2")
                .bind(now)
                .bind(session.as_str())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Removes passkey `id` of `principal` unless it is their last one, with its audit row, in
    /// one transaction (two racing removals cannot leave the account with none).
    pub async fn remove_passkey(
        &self,
        principal: Principal,
        id: Uuid,
        event: &AuditEvent,
    ) -> Result<Removal, StoreError> {
        let (person, staff, lock) = match principal {
            Principal::Person(p) => (
                Some(p.0),
                None,
                "UPDATE people SET webauthn_user_id = webauthn_user_id WHERE id = $1",
            ),
            Principal::Staff(s) => (
                None,
                Some(s.0),
                "UPDATE staff SET webauthn_user_id = webauthn_user_id WHERE id = $1",
            ),
        };
        let owner = person.or(staff);
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            // Serialise changes to this account's passkeys: the no-op update takes the account
            // row's lock on PostgreSQL (SQLite's write lock is already held).
            sqlx::query(lock).bind(owner).execute(&mut *tx).await?;
            let owned: Vec<Uuid> = sqlx::query_scalar(
                "SELECT id FROM passkeys WHERE person_id IS NOT DISTINCT FROM $1 AND staff_id IS NOT DISTINCT FROM $2",
            )
            .bind(person)
            .bind(staff)
            .fetch_all(&mut *tx)
            .await?;
            if !owned.contains(&id) {
                return Ok(Removal::NotFound);
            }
            if owned.len() <= 1 {
                return Ok(Removal::LastPasskey);
            }
            sqlx::query("DELETE FROM passkeys WHERE id = $1").bind(id).execute(&mut *tx).await?;
            append_audit!(tx, event);
            tx.commit().await?;
            Ok(Removal::Removed)
        })
    }
}
