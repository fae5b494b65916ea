//! Work the portal does on its own, not in answer to a request: mail for notifications and
//! reminders, bookable slots, purging ended sessions, and the nightly data-quality checks.
//!
//! Owns: the loops, their pauses and retries. Must never: lose a notification (a mail that
//! cannot be sent stays pending or failed, visible in the portal).

pub mod housekeeping;
pub mod notifications;
pub mod quality;
pub mod runs;
pub mod slots;

/// Tries again every scheduled run that is due: failed and past its pause, sent back by an
/// admin, or left by an instance that stopped mid-run (the housekeeping job calls it, and the
/// admin console after a send-back). Returns how many runs were tried.
pub async fn retry_due_runs(
    store: &portal_storage::Store,
    now: chrono::DateTime<chrono::Utc>,
) -> crate::error::CoreResult<usize> {
    quality::retry_due(store, now).await
}
