//! What people and staff accounts share in storage: the `(person_id, staff_id)` column pair
//! that names an account, and the WebAuthn user handle on `people` and `staff`.
//!
//! Owns: mapping a [`Principal`] to and from columns. Must never: let a row name both kinds.

use uuid::Uuid;

use crate::{query, Conn, StoreError, Tx};
use portal_domain::person::PersonId;
use portal_domain::session::Principal;
use portal_domain::staff::StaffId;

/// `(person_id, staff_id)` columns for a principal.
pub(crate) fn columns(principal: Option<Principal>) -> (Option<Uuid>, Option<Uuid>) {
    match principal {
        Some(Principal::Person(id)) => (Some(id.0), None),
        Some(Principal::Staff(id)) => (None, Some(id.0)),
        None => (None, None),
    }
}

/// The principal named by a `(person_id, staff_id)` pair, when exactly one is set.
pub(crate) fn principal_from(person: Option<Uuid>, staff: Option<Uuid>) -> Option<Principal> {
    match (person, staff) {
        (Some(id), None) => Some(Principal::Person(PersonId(id))),
        (None, Some(id)) => Some(Principal::Staff(StaffId(id))),
        _ => None,
    }
}

fn table_of(principal: Principal) -> (&'static str, Uuid) {
    match principal {
        Principal::Person(id) => ("people", id.0),
        Principal::Staff(id) => ("staff", id.0),
    }
}

/// The account's WebAuthn user handle, created on first use.
pub async fn webauthn_user_id(tx: &mut Tx, principal: Principal) -> Result<Uuid, StoreError> {
    let (table, id) = table_of(principal);
    tx.execute(
        query(format!(
            "UPDATE {table} SET webauthn_user_id = $1 WHERE id = $2 AND webauthn_user_id IS NULL"
        ))
        .bind(Uuid::new_v4())
        .bind(id),
    )
    .await?;
    let handle: Option<Option<Uuid>> = tx
        .scalar_optional(
            query(format!(
                "SELECT webauthn_user_id FROM {table} WHERE id = $1"
            ))
            .bind(id),
        )
        .await?;
    handle.flatten().ok_or(StoreError::NotFound("the account"))
}

/// The account owning a WebAuthn user handle.
pub async fn by_webauthn_user_id(
    db: &mut Conn,
    handle: Uuid,
) -> Result<Option<Principal>, StoreError> {
    let row: Option<(Option<Uuid>, Option<Uuid>)> = db
        .fetch_optional(
            query(
                "SELECT (SELECT id FROM people WHERE webauthn_user_id = $1), \
                 (SELECT id FROM staff WHERE webauthn_user_id = $1)",
            )
            .bind(handle),
        )
        .await?;
    Ok(row.and_then(|(person, staff)| principal_from(person, staff)))
}

/// Serialises changes to one account's passkeys and sessions: a no-op update takes the account
/// row's lock on PostgreSQL (SQLite's write lock is already held by the transaction).
pub async fn lock(tx: &mut Tx, principal: Principal) -> Result<(), StoreError> {
    let (table, id) = table_of(principal);
    tx.execute(
        query(format!(
            "UPDATE {table} SET webauthn_user_id = webauthn_user_id WHERE id = $1"
        ))
        .bind(id),
    )
    .await?;
    Ok(())
}
