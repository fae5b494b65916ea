//! The housekeeping job: at start and every ten minutes, deletes sessions that ended (past
//! their deadline or idle for longer than the configured idle time, anonymous ones included),
//! clears WebAuthn ceremonies past their deadline, forms kept past their hour and wallet offers
//! made more than a day ago (the audit trail keeps what happened), attempt counts and verifier
//! results past their minutes, so none piles up in the database, and
//! writes a signed checkpoint of the audit chain when it grew. It also tries again the
//! scheduled runs that failed and are due (or were sent back by an admin).
//!
//! Owns: when ended sessions go and when checkpoints are taken. Must never: end a session that
//! is still valid, or stop on an error (it logs and tries again).

use std::time::Duration;

use chrono::{DateTime, Utc};
use portal_domain::clock::SharedClock;
use portal_storage::audit_files::AuditFiles;
use portal_storage::{sessions, Store};

use crate::error::CoreResult;
use crate::stop::Stopping;

/// How often ended sessions are purged.
const EVERY: Duration = Duration::from_secs(600);

/// Purges once, at `now`; sessions unused for `idle` count as ended. Returns how many
/// sessions were deleted and how many ceremonies cleared.
pub async fn purge_once(
    store: &Store,
    now: DateTime<Utc>,
    idle: chrono::Duration,
) -> CoreResult<(u64, u64)> {
    let mut db = store.read().await?;
    let ended = sessions::purge(&mut db, now, now - idle).await?;
    crate::drafts::purge(&mut db, &crate::Ctx::at(now)).await?;
    portal_storage::wallet_offers::delete_made_before(&mut db, now - chrono::Duration::days(1))
        .await?;
    // Attempt counts older than the minute before, and verifier results past their time.
    portal_storage::shared::purge_budgets(&mut db, now.timestamp_micros()).await?;
    portal_storage::shared::purge_results(&mut db, now).await?;
    Ok(ended)
}

/// Starts the job.
pub fn spawn(
    store: Store,
    audit: AuditFiles,
    clock: SharedClock,
    idle: chrono::Duration,
    mut stop: Stopping,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match crate::admin::checkpoint_audit(&store, &audit, clock.now()).await {
                Ok(Some(seq)) => tracing::info!(seq, "audit checkpoint written"),
                Ok(None) => {}
                Err(error) => {
                    tracing::error!(error = %error, "audit checkpoint failed; will retry");
                }
            }
            match super::retry_due_runs(&store, clock.now()).await {
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(error = %super::runs::error_kind(&error), "retrying failed runs failed; will retry")
                }
            }
            match purge_once(&store, clock.now(), idle).await {
                Ok((0, 0)) => {}
                Ok((sessions, ceremonies)) => {
                    tracing::info!(sessions, ceremonies, "ended sessions purged");
                }
                Err(error) => tracing::warn!(error = %error, "session purge failed; will retry"),
            }
            if stop.pause(EVERY).await {
                break;
            }
        }
    })
}
