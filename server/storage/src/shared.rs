//! State that several portal instances share through the database: attempts per client and
//! minute (the budgets of sign-in, enrollment, issuing and the open verify routes), and the
//! verifier page's results between the form post and the page that shows them.
//!
//! Owns: the `rate_hits` and `verify_results` tables. Must never: hold a client's address (the
//! callers pass keyed pseudonyms), a result in clear (the callers pass it sealed), or rows
//! past the few minutes they are needed.

use chrono::{DateTime, Utc};

use crate::{query, Conn, StoreError, Tx};

/// Counts one attempt of `client` in `scope` during `minute` (minutes since the epoch).
/// Returns the attempts of this minute, this one included, and of the minute before.
pub async fn count_hit(
    db: &mut Conn,
    scope: &str,
    client: &str,
    minute: i64,
) -> Result<(i64, i64), StoreError> {
    let now: i64 = db
        .scalar(
            query(
                "INSERT INTO rate_hits (scope, client, minute, hits) VALUES ($1, $2, $3, 1) \
                 ON CONFLICT (scope, client, minute) DO UPDATE SET hits = rate_hits.hits + 1 \
                 RETURNING hits",
            )
            .bind(scope)
            .bind(client)
            .bind(minute),
        )
        .await?;
    if now == 1 {
        // A new minute for this client: what is older than the minute before counts no more.
        db.execute(
            query("DELETE FROM rate_hits WHERE scope = $1 AND client = $2 AND minute < $3")
                .bind(scope)
                .bind(client)
                .bind(minute - 1),
        )
        .await?;
    }
    let before: Option<i64> = db
        .scalar_optional(
            query("SELECT hits FROM rate_hits WHERE scope = $1 AND client = $2 AND minute = $3")
                .bind(scope)
                .bind(client)
                .bind(minute - 1),
        )
        .await?;
    Ok((now, before.unwrap_or(0)))
}

/// Deletes the attempts counted before `minute`; returns how many rows went.
pub async fn purge_hits_before(db: &mut Conn, minute: i64) -> Result<u64, StoreError> {
    db.execute(query("DELETE FROM rate_hits WHERE minute < $1").bind(minute))
        .await
}

/// The limits of the kept results.
#[derive(Clone, Copy, Debug)]
pub struct ResultQuota {
    /// Most results one client keeps (its next replaces its own oldest).
    pub per_client: i64,
    /// Most results kept in all (the oldest goes first).
    pub total: i64,
}

/// Keeps a sealed result under `id_hash` for `client` until `expires_at`, making room as
/// `quota` says: a client at its quota loses its own oldest, a full table its oldest.
pub async fn keep_result(
    tx: &mut Tx,
    id_hash: &str,
    client: &str,
    sealed: &[u8],
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
    quota: ResultQuota,
) -> Result<(), StoreError> {
    purge_results(tx, now).await?;
    let own: i64 = tx
        .scalar(query("SELECT COUNT(*) FROM verify_results WHERE client = $1").bind(client))
        .await?;
    if own >= quota.per_client {
        tx.execute(
            query(
                "DELETE FROM verify_results WHERE id_hash IN (SELECT id_hash FROM verify_results \
                 WHERE client = $1 ORDER BY expires_at LIMIT $2)",
            )
            .bind(client)
            .bind(own - quota.per_client + 1),
        )
        .await?;
    } else {
        let all: i64 = tx
            .scalar(query("SELECT COUNT(*) FROM verify_results"))
            .await?;
        if all >= quota.total {
            tx.execute(
                query(
                    "DELETE FROM verify_results WHERE id_hash IN (SELECT id_hash FROM \
                     verify_results ORDER BY expires_at LIMIT $1)",
                )
                .bind(all - quota.total + 1),
            )
            .await?;
        }
    }
    tx.execute(
        query(
            "INSERT INTO verify_results (id_hash, client, sealed, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id_hash)
        .bind(client)
        .bind(sealed)
        .bind(expires_at),
    )
    .await?;
    Ok(())
}

/// The sealed result under `id_hash`, unless it expired by `now`.
pub async fn kept_result(
    db: &mut Conn,
    id_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Vec<u8>>, StoreError> {
    db.scalar_optional(
        query("SELECT sealed FROM verify_results WHERE id_hash = $1 AND expires_at > $2")
            .bind(id_hash)
            .bind(now),
    )
    .await
}

/// How many results are kept (expired ones included until purged).
pub async fn kept_results(db: &mut Conn) -> Result<i64, StoreError> {
    db.scalar(query("SELECT COUNT(*) FROM verify_results"))
        .await
}

/// Deletes the results expired by `now`; returns how many went.
pub async fn purge_results(db: &mut Conn, now: DateTime<Utc>) -> Result<u64, StoreError> {
    db.execute(query("DELETE FROM verify_results WHERE expires_at <= $1").bind(now))
        .await
}
