//! The nightly data-quality run: every night at 01:00 UTC, the checks of
//! [`crate::quality::check`] over every record, findings kept for the review list. The same
//! run is `portal quality check` on demand.
//!
//! With several instances, one runs each night's checks (see [`super::runs`]); a failed run is
//! tried again by the housekeeping job, and after its last attempt it is on the admin console's
//! failed work list.
//!
//! Owns: when the checks run. Must never: stop on an error (it logs, without values, and
//! tries again), or run one night's checks twice.

use std::time::Duration;

use chrono::{DateTime, NaiveTime, Utc};
use portal_domain::clock::SharedClock;
use portal_storage::Store;

use super::runs::{self, RunOutcome};
use crate::error::CoreResult;
use crate::stop::Stopping;
use crate::Ctx;

/// The hour (UTC) the checks run at.
const AT: NaiveTime = match NaiveTime::from_hms_opt(1, 0, 0) {
    Some(at) => at,
    None => NaiveTime::MIN,
};

/// How long from `now` until the next run.
pub fn until_next(now: DateTime<Utc>) -> Duration {
    let today = now.date_naive().and_time(AT).and_utc();
    let next = if today > now {
        today
    } else {
        today + chrono::Duration::days(1)
    };
    (next - now).to_std().unwrap_or(Duration::from_secs(60))
}

/// Runs the checks once, in one transaction.
pub async fn run_once(
    store: &Store,
    now: DateTime<Utc>,
) -> CoreResult<crate::quality::CheckReport> {
    let mut tx = store.begin().await?;
    let report = crate::quality::check(&mut tx, &Ctx::at(now)).await?;
    tx.commit().await?;
    Ok(report)
}

/// The job's name in the runs table.
pub const JOB: &str = "quality-check";

/// The night's run once across every instance (the slot is the date), recorded as done, to
/// try again, or dead.
pub async fn run_night(store: &Store, now: DateTime<Utc>) -> CoreResult<()> {
    let slot = now.date_naive().to_string();
    let outcome = runs::once(store, JOB, &slot, now, || run_once(store, now)).await?;
    log(&slot, &outcome);
    Ok(())
}

/// Tries again the runs that failed and are due, were sent back by an admin, or were left by
/// an instance that stopped mid-run (called by the housekeeping job).
pub async fn retry_due(store: &Store, now: DateTime<Utc>) -> CoreResult<usize> {
    let due = {
        let mut db = store.read().await?;
        portal_storage::jobs::due_runs(&mut db, JOB, now).await?
    };
    for slot in &due {
        let outcome = runs::once(store, JOB, slot, now, || run_once(store, now)).await?;
        log(slot, &outcome);
    }
    Ok(due.len())
}

fn log(slot: &str, outcome: &RunOutcome<crate::quality::CheckReport>) {
    match outcome {
        RunOutcome::Done(report) => tracing::info!(
            slot,
            findings = report.total(),
            new = report.new,
            gone = report.gone,
            "data-quality checks ran"
        ),
        RunOutcome::NotMine => {}
        RunOutcome::Retry(at) => {
            tracing::warn!(slot, retry_at = %at, "data-quality checks failed; will retry")
        }
        RunOutcome::Dead => tracing::error!(
            slot,
            "data-quality checks failed their last attempt; on the admin console's failed work list"
        ),
    }
}

/// Starts the job: every night at 01:00 UTC, once across every instance.
pub fn spawn(store: Store, clock: SharedClock, mut stop: Stopping) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if stop.pause(until_next(clock.now())).await {
                break;
            }
            if let Err(error) = run_night(&store, clock.now()).await {
                tracing::error!(error = %runs::error_kind(&error), "data-quality checks could not be started; housekeeping retries");
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_run_is_the_coming_one_oclock_utc() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(
            until_next(at("2026-12-06T00:30:00Z")),
            Duration::from_secs(1800)
        );
        assert_eq!(
            until_next(at("2026-12-06T01:00:00Z")),
            Duration::from_secs(86_400)
        );
        assert_eq!(
            until_next(at("2026-12-06T23:00:00Z")),
            Duration::from_secs(7200)
        );
    }
}
