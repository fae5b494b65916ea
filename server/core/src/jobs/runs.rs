//! Scheduled runs that happen once across every instance: a run (a job and its slot, such as
//! the data-quality checks of one night) is claimed in the database by one instance, recorded
//! as done, or failed with a time to try again, and after [`MAX_RUN_ATTEMPTS`] dead: on the
//! dead-letter list of the admin console, from where an admin can send it back.
//!
//! Owns: attempts, pauses and what a failure records. Must never: run a slot twice at once,
//! or record personal data with a failure (only the kind of error).

use std::future::Future;

use chrono::{DateTime, Utc};
use portal_storage::{jobs, Store};

use crate::error::{CoreError, CoreResult};

/// Attempts of a run before it is dead.
pub const MAX_RUN_ATTEMPTS: i64 = 3;

/// How long a claim holds: an instance that stops mid-run leaves the run to another after it.
pub const RUN_LEASE_MINUTES: i64 = 30;

/// The pause after failed attempt `attempt`: 15 minutes, then 30.
pub fn retry_pause(attempt: i64) -> chrono::Duration {
    chrono::Duration::minutes(15 * attempt.clamp(1, 8))
}

/// What became of a run.
#[derive(Debug, PartialEq, Eq)]
pub enum RunOutcome<T> {
    /// Done by this instance.
    Done(T),
    /// Another instance holds it, or it is done, dead or not due again yet.
    NotMine,
    /// It failed; it is tried again from this time.
    Retry(DateTime<Utc>),
    /// It failed its last attempt: on the dead-letter list.
    Dead,
}

/// The kind of `error`, in words without personal data (a run's record keeps this only).
pub fn error_kind(error: &CoreError) -> &'static str {
    match error {
        CoreError::Store(store) if store.is_unavailable() => "the database was unavailable",
        CoreError::Store(_) => "a database error",
        CoreError::File(_) => "a file could not be read or written",
        CoreError::Mail(_) => "mail could not be sent",
        CoreError::Setup(_) => "the configuration is incomplete",
        CoreError::Credential(_) => "a credential could not be made",
        CoreError::Busy { .. } => "the server was busy",
        _ => "the work was refused",
    }
}

/// Runs `work` for `job`'s `slot` at `now` if this instance wins the claim, and records what
/// became of it.
pub async fn once<T, F, Fut>(
    store: &Store,
    job: &str,
    slot: &str,
    now: DateTime<Utc>,
    work: F,
) -> CoreResult<RunOutcome<T>>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = CoreResult<T>>,
{
    let until = now + chrono::Duration::minutes(RUN_LEASE_MINUTES);
    let attempt = {
        let mut db = store.read().await?;
        jobs::claim_run(&mut db, job, slot, now, until).await?
    };
    let Some(attempt) = attempt else {
        return Ok(RunOutcome::NotMine);
    };
    let result = work().await;
    let mut db = store.read().await?;
    match result {
        Ok(value) => {
            jobs::finish_run(&mut db, job, slot, now).await?;
            Ok(RunOutcome::Done(value))
        }
        Err(error) => {
            let kind = error_kind(&error);
            tracing::warn!(job, slot, attempt, error = %kind, "a scheduled run failed");
            let retry = (attempt < MAX_RUN_ATTEMPTS).then(|| now + retry_pause(attempt));
            jobs::fail_run(&mut db, job, slot, kind, retry).await?;
            Ok(retry.map_or(RunOutcome::Dead, RunOutcome::Retry))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_grow_and_errors_are_named_without_their_text() {
        assert_eq!(retry_pause(1), chrono::Duration::minutes(15));
        assert_eq!(retry_pause(2), chrono::Duration::minutes(30));
        assert_eq!(retry_pause(100), chrono::Duration::minutes(120));
        let error = CoreError::File("/data/documents/amina-passport.jpg".into());
        assert_eq!(error_kind(&error), "a file could not be read or written");
    }
}
