//! Offers of a credential to a wallet app in the database.
//!
//! Owns: the `wallet_offers` table. Must never: keep a code or a token in clear (only their
//! hashes), or redeem an offer twice (every change is a compare-and-set).

use chrono::{DateTime, Utc};
use portal_domain::person::PersonId;
use portal_domain::tokens::TokenHash;
use portal_domain::wallet::{OfferId, WalletOffer, MAX_TX_ATTEMPTS};
use uuid::Uuid;

use crate::{query, Conn, StoreError, Tx};

const COLUMNS: &str = "id, person_id, credential_id, created_at, expires_at, failed_attempts, \
     redeemed_at, token_expires_at, issued";

type Row = (
    Uuid,
    Uuid,
    Uuid,
    DateTime<Utc>,
    DateTime<Utc>,
    i64,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    String,
);

/// A row and the transaction code's hash.
type RowWithTx = (
    Uuid,
    Uuid,
    Uuid,
    DateTime<Utc>,
    DateTime<Utc>,
    i64,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    String,
    String,
);

fn offer(row: Row) -> WalletOffer {
    let (id, person, credential, created_at, expires_at, failed, redeemed, token_until, issued) =
        row;
    WalletOffer {
        id: OfferId(id),
        person: PersonId(person),
        credential,
        created_at,
        expires_at,
        failed_attempts: failed,
        redeemed_at: redeemed,
        token_expires_at: token_until,
        issued: issued
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
    }
}

/// Keeps a new offer (its pre-authorized code and transaction code as hashes).
pub async fn insert(
    tx: &mut Tx,
    offer: &WalletOffer,
    code: &TokenHash,
    tx_code: &TokenHash,
) -> Result<(), StoreError> {
    tx.execute(
        query(
            "INSERT INTO wallet_offers (id, person_id, credential_id, code_hash, tx_hash, \
             created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(offer.id.0)
        .bind(offer.person.0)
        .bind(offer.credential)
        .bind(code.as_str())
        .bind(tx_code.as_str())
        .bind(offer.created_at)
        .bind(offer.expires_at),
    )
    .await?;
    Ok(())
}

/// Ends the person's offers nobody redeemed yet (a new offer replaces them).
pub async fn close_open_of(
    tx: &mut Tx,
    person: PersonId,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    tx.execute(
        query(
            "UPDATE wallet_offers SET expires_at = $1 \
             WHERE person_id = $2 AND redeemed_at IS NULL AND expires_at > $1",
        )
        .bind(now)
        .bind(person.0),
    )
    .await
}

/// The offer `id`.
pub async fn by_id(db: &mut Conn, id: OfferId) -> Result<Option<WalletOffer>, StoreError> {
    let row: Option<Row> = db
        .fetch_optional(
            query(format!("SELECT {COLUMNS} FROM wallet_offers WHERE id = $1")).bind(id.0),
        )
        .await?;
    Ok(row.map(offer))
}

/// The offer of this pre-authorized code, with its transaction code's hash.
pub async fn by_code(
    db: &mut Conn,
    code: &TokenHash,
) -> Result<Option<(WalletOffer, TokenHash)>, StoreError> {
    let row: Option<RowWithTx> = db
        .fetch_optional(
            query(format!(
                "SELECT {COLUMNS}, tx_hash FROM wallet_offers WHERE code_hash = $1"
            ))
            .bind(code.as_str()),
        )
        .await?;
    Ok(row.map(|(a, b, c, d, e, f, g, h, i, tx_hash)| {
        (
            offer((a, b, c, d, e, f, g, h, i)),
            TokenHash::from_stored(tx_hash),
        )
    }))
}

/// Counts a wrong transaction code against an open offer.
pub async fn count_failure(tx: &mut Tx, id: OfferId) -> Result<(), StoreError> {
    tx.execute(
        query(
            "UPDATE wallet_offers SET failed_attempts = failed_attempts + 1 \
             WHERE id = $1 AND redeemed_at IS NULL",
        )
        .bind(id.0),
    )
    .await?;
    Ok(())
}

/// Trades an open offer for an access token (once): false when it was redeemed, spent or
/// expired meanwhile.
pub async fn redeem(
    tx: &mut Tx,
    id: OfferId,
    token: &TokenHash,
    token_expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    Ok(tx
        .execute(
            query(
                "UPDATE wallet_offers SET redeemed_at = $1, token_hash = $2, token_expires_at = $3 \
                 WHERE id = $4 AND redeemed_at IS NULL AND expires_at > $1 \
                 AND failed_attempts < $5",
            )
            .bind(now)
            .bind(token.as_str())
            .bind(token_expires_at)
            .bind(id.0)
            .bind(MAX_TX_ATTEMPTS),
        )
        .await?
        == 1)
}

/// The offer whose access token has this hash.
pub async fn by_token(db: &mut Conn, token: &TokenHash) -> Result<Option<WalletOffer>, StoreError> {
    let row: Option<Row> = db
        .fetch_optional(
            query(format!(
                "SELECT {COLUMNS} FROM wallet_offers WHERE token_hash = $1"
            ))
            .bind(token.as_str()),
        )
        .await?;
    Ok(row.map(offer))
}

/// Records that `configuration` was issued under the offer's token: false when another
/// request recorded an issue meanwhile (the caller reads the offer again).
pub async fn mark_issued(
    tx: &mut Tx,
    offer: &WalletOffer,
    configuration: &str,
) -> Result<bool, StoreError> {
    let before = offer.issued.join(",");
    let mut after = offer.issued.clone();
    after.push(configuration.to_owned());
    Ok(tx
        .execute(
            query("UPDATE wallet_offers SET issued = $1 WHERE id = $2 AND issued = $3")
                .bind(after.join(","))
                .bind(offer.id.0)
                .bind(before),
        )
        .await?
        == 1)
}

/// Deletes offers made before `before` (the audit trail keeps what happened).
pub async fn delete_made_before(db: &mut Conn, before: DateTime<Utc>) -> Result<u64, StoreError> {
    db.execute(query("DELETE FROM wallet_offers WHERE created_at < $1").bind(before))
        .await
}
