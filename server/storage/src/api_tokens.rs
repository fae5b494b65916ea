//! API tokens of partner systems: only their SHA-256 is stored, with their scopes.
//!
//! Owns: the `api_tokens` table. Must never: hold a token in clear.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{query, unique_as, Conn, StoreError, Tx};

/// An API token's record (never the token).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredToken {
    /// Id, shown to admins and in the audit trail.
    pub id: Uuid,
    /// Scopes, e.g. `["issue"]`.
    pub scopes: Vec<String>,
    /// The credential types (besides `VerifiableCredential`) it may issue.
    pub credential_types: Vec<String>,
    /// What it is for.
    pub label: String,
    /// When made.
    pub created_at: DateTime<Utc>,
    /// When last used.
    pub last_used_at: Option<DateTime<Utc>>,
    /// When revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

type TokenRow = (
    Uuid,
    String,
    String,
    String,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
);

fn token_from(row: TokenRow) -> StoredToken {
    let (id, scopes, credential_types, label, created_at, last_used_at, revoked_at) = row;
    StoredToken {
        id,
        scopes: scopes.split_whitespace().map(str::to_owned).collect(),
        credential_types: credential_types
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
        label,
        created_at,
        last_used_at,
        revoked_at,
    }
}

/// Records an API token's hash.
pub async fn insert(tx: &mut Tx, token: &StoredToken, hash: &str) -> Result<(), StoreError> {
    tx.execute(
        query("INSERT INTO api_tokens (id, token_hash, scopes, credential_types, label, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(token.id)
            .bind(hash)
            .bind(token.scopes.join(" "))
            .bind(token.credential_types.join(" "))
            .bind(&token.label)
            .bind(token.created_at),
    )
    .await
    .map_err(unique_as("api token"))?;
    Ok(())
}

/// The unrevoked token with this hash, marking it used at `now`.
pub async fn use_token(
    db: &mut Conn,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<StoredToken>, StoreError> {
    let row: Option<TokenRow> = db
        .fetch_optional(
            query(
                "UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL \
                 RETURNING id, scopes, credential_types, label, created_at, last_used_at, revoked_at",
            )
            .bind(now)
            .bind(hash),
        )
        .await?;
    Ok(row.map(token_from))
}

/// Every API token, newest first.
pub async fn all(db: &mut Conn) -> Result<Vec<StoredToken>, StoreError> {
    let rows: Vec<TokenRow> = db
        .fetch_all(query(
            "SELECT id, scopes, credential_types, label, created_at, last_used_at, revoked_at FROM api_tokens ORDER BY created_at DESC",
        ))
        .await?;
    Ok(rows.into_iter().map(token_from).collect())
}

/// Revokes token `id`; `NotFound` if there is no such unrevoked token.
pub async fn revoke(tx: &mut Tx, id: Uuid, now: DateTime<Utc>) -> Result<(), StoreError> {
    let changed = tx
        .execute(
            query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                .bind(now)
                .bind(id),
        )
        .await?;
    if changed != 1 {
        return Err(StoreError::NotFound("api token"));
    }
    Ok(())
}
