//! State that several portal instances share through the database: the attempt budgets of
//! sign-in, enrollment, issuing and the open verify routes, and the verifier page's results
//! between the form post and the page that shows them.
//!
//! Owns: the `rate_budgets` and `verify_results` tables. Must never: hold a client's address (the
//! callers pass keyed pseudonyms), a result in clear (the callers pass it sealed), or rows
//! past the few minutes they are needed.

use chrono::{DateTime, Utc};

use crate::{query, query_each, Conn, StoreError, Tx};

/// Takes one attempt from `client`'s budget in `scope` at `now` (microseconds since the
/// epoch): a budget of `burst` attempts that refills one every `interval` microseconds (the
/// generic cell rate algorithm, kept as the time the budget is full again). A compare-and-set
/// in one statement, so attempts at once on several instances are each counted once. `Err`
/// holds how many microseconds to wait; a refused attempt takes nothing.
pub async fn take_attempt(
    db: &mut Conn,
    scope: &str,
    client: &str,
    now: i64,
    interval: i64,
    burst: i64,
) -> Result<Result<(), i64>, StoreError> {
    let limit = interval.saturating_mul(burst);
    let taken: Option<i64> = db
        .scalar_optional(
            query_each(
                "INSERT INTO rate_budgets (scope, client, full_at) VALUES ($1, $2, $3 + $4) \
                 ON CONFLICT (scope, client) DO UPDATE \
                 SET full_at = MAX(rate_budgets.full_at, $3) + $4 \
                 WHERE MAX(rate_budgets.full_at, $3) + $4 - $3 <= $5 RETURNING full_at",
                "INSERT INTO rate_budgets (scope, client, full_at) VALUES ($1, $2, $3 + $4) \
                 ON CONFLICT (scope, client) DO UPDATE \
                 SET full_at = GREATEST(rate_budgets.full_at, $3) + $4 \
                 WHERE GREATEST(rate_budgets.full_at, $3) + $4 - $3 <= $5 RETURNING full_at",
            )
            .bind(scope)
            .bind(client)
            .bind(now)
            .bind(interval)
            .bind(limit),
        )
        .await?;
    if taken.is_some() {
        return Ok(Ok(()));
    }
    let full_at: Option<i64> = db
        .scalar_optional(
            query("SELECT full_at FROM rate_budgets WHERE scope = $1 AND client = $2")
                .bind(scope)
                .bind(client),
        )
        .await?;
    let next = full_at.unwrap_or(now).max(now).saturating_add(interval);
    Ok(Err((next - now - limit).max(1)))
}

/// Deletes the budgets full again by `now` (microseconds since the epoch): a missing row is a
/// full budget. Returns how many rows went.
pub async fn purge_budgets(db: &mut Conn, now: i64) -> Result<u64, StoreError> {
    db.execute(query("DELETE FROM rate_budgets WHERE full_at <= $1").bind(now))
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
/// `quota` says: a client at its quota loses its own oldest, a full table its oldest. Returns
/// `false`, keeping nothing new, when a result under `id_hash` is kept already (the first one
/// stays).
pub async fn keep_result(
    tx: &mut Tx,
    id_hash: &str,
    client: &str,
    sealed: &[u8],
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
    quota: ResultQuota,
) -> Result<bool, StoreError> {
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
             VALUES ($1, $2, $3, $4) ON CONFLICT (id_hash) DO NOTHING",
        )
        .bind(id_hash)
        .bind(client)
        .bind(sealed)
        .bind(expires_at),
    )
    .await
    .map(|inserted| inserted == 1)
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
