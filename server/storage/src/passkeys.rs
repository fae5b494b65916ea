//! Passkeys in the database: webauthn-rs' credential for each, its owner and its use.
//!
//! Owns: the `passkeys` table. Must never: hold a private key (a passkey's secret never
//! leaves the person's device; only the public credential is stored).

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::accounts::{columns, principal_from};
use crate::{query, unique_as, Conn, StoreError, Tx};
use portal_domain::session::Principal;

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

type PasskeyRow = (
    Uuid,
    Option<Uuid>,
    Option<Uuid>,
    String,
    String,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
);

const SELECT_PASSKEY: &str =
    "SELECT id, person_id, staff_id, name, credential, created_at, last_used_at FROM passkeys";

fn from_row(row: PasskeyRow) -> Result<StoredPasskey, StoreError> {
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

/// Stores a passkey. The same credential twice is refused with `Duplicate`.
pub async fn insert(
    tx: &mut Tx,
    passkey: &NewPasskey,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let (person, staff) = columns(Some(passkey.principal));
    tx.execute(
        query(
            "INSERT INTO passkeys (id, credential_id, person_id, staff_id, name, credential, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(passkey.id)
        .bind(passkey.credential_id.clone())
        .bind(person)
        .bind(staff)
        .bind(&passkey.name)
        .bind(&passkey.credential_json)
        .bind(now),
    )
    .await
    .map_err(unique_as("this passkey"))?;
    Ok(())
}

/// The passkey with this credential id.
pub async fn by_credential_id(
    db: &mut Conn,
    credential_id: &[u8],
) -> Result<Option<StoredPasskey>, StoreError> {
    let row: Option<PasskeyRow> = db
        .fetch_optional(
            query(format!("{SELECT_PASSKEY} WHERE credential_id = $1")).bind(credential_id),
        )
        .await?;
    row.map(from_row).transpose()
}

/// An account's passkeys, oldest first.
pub async fn of(db: &mut Conn, principal: Principal) -> Result<Vec<StoredPasskey>, StoreError> {
    let (person, staff) = columns(Some(principal));
    let rows: Vec<PasskeyRow> = db
        .fetch_all(
            query(format!(
                "{SELECT_PASSKEY} WHERE person_id IS NOT DISTINCT FROM $1 \
                 AND staff_id IS NOT DISTINCT FROM $2 ORDER BY created_at, id"
            ))
            .bind(person)
            .bind(staff),
        )
        .await?;
    rows.into_iter().map(from_row).collect()
}

/// Records a use: the updated credential (counter, backup flags) and the time.
pub async fn record_use(
    tx: &mut Tx,
    passkey: Uuid,
    credential_json: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.execute(
        query("UPDATE passkeys SET credential = $1, last_used_at = $2 WHERE id = $3")
            .bind(credential_json)
            .bind(now)
            .bind(passkey),
    )
    .await?;
    Ok(())
}

/// Removes one passkey.
pub async fn delete(tx: &mut Tx, id: Uuid) -> Result<(), StoreError> {
    tx.execute(query("DELETE FROM passkeys WHERE id = $1").bind(id))
        .await?;
    Ok(())
}

/// Removes every passkey of an account (a lost phone).
pub async fn delete_all_of(tx: &mut Tx, principal: Principal) -> Result<u64, StoreError> {
    let (person, staff) = columns(Some(principal));
    tx.execute(
        query(
            "DELETE FROM passkeys WHERE person_id IS NOT DISTINCT FROM $1 \
             AND staff_id IS NOT DISTINCT FROM $2",
        )
        .bind(person)
        .bind(staff),
    )
    .await
}
