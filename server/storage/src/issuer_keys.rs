//! The public halves of the issuer's signing keys and their life cycle (the private halves
//! are files: see [`crate::keys`]).
//!
//! Owns: the `issuer_keys` table. Must never: hold a private key.

use chrono::{DateTime, Utc};

use crate::{query, unique_as, Conn, StoreError, Tx};

/// The public half of an issuer key and its life cycle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredKey {
    /// Key id: the fragment of its verification method.
    pub kid: String,
    /// Multibase (`z6Mk…`) Ed25519 public key.
    pub public_key: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it stopped signing, if it did.
    pub retired_at: Option<DateTime<Utc>>,
}

/// Every issuer key, oldest first.
pub async fn all(db: &mut Conn) -> Result<Vec<StoredKey>, StoreError> {
    type Row = (String, String, DateTime<Utc>, Option<DateTime<Utc>>);
    let rows: Vec<Row> = db
        .fetch_all(query(
            "SELECT kid, public_key, created_at, retired_at FROM issuer_keys ORDER BY created_at, kid",
        ))
        .await?;
    Ok(rows
        .into_iter()
        .map(|(kid, public_key, created_at, retired_at)| StoredKey {
            kid,
            public_key,
            created_at,
            retired_at,
        })
        .collect())
}

/// Records a new issuer key.
pub async fn insert(tx: &mut Tx, key: &StoredKey) -> Result<(), StoreError> {
    tx.execute(
        query("INSERT INTO issuer_keys (kid, public_key, created_at, retired_at) VALUES ($1, $2, $3, $4)")
            .bind(&key.kid)
            .bind(&key.public_key)
            .bind(key.created_at)
            .bind(key.retired_at),
    )
    .await
    .map_err(unique_as("an issuer key with this id"))?;
    Ok(())
}

/// Retires key `kid` at `now`, unless it is the last active key (new credentials need one:
/// rotate first) or already retired.
pub async fn retire(tx: &mut Tx, kid: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
    let active: Vec<String> = tx
        .scalars(query(
            "SELECT kid FROM issuer_keys WHERE retired_at IS NULL",
        ))
        .await?;
    if !active.iter().any(|k| k == kid) {
        let exists: Option<String> = tx
            .scalar_optional(query("SELECT kid FROM issuer_keys WHERE kid = $1").bind(kid))
            .await?;
        return Err(match exists {
            Some(_) => StoreError::Stale("the key (already retired)"),
            None => StoreError::NotFound("the key"),
        });
    }
    if active.len() < 2 {
        return Err(StoreError::Stale(
            "the key (it is the only active key: rotate first)",
        ));
    }
    tx.execute(
        query("UPDATE issuer_keys SET retired_at = $1 WHERE kid = $2")
            .bind(now)
            .bind(kid),
    )
    .await?;
    Ok(())
}
