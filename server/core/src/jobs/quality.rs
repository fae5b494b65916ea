//! The nightly data-quality run: every night at 01:00 UTC, the checks of
//! [`crate::quality::check`] over every record, findings kept for the review list. The same
//! run is `portal quality check` on demand.
//!
//! Owns: when the checks run. Must never: stop on an error (it logs, without values, and
//! tries the next night).

use std::time::Duration;

use chrono::{DateTime, NaiveTime, Utc};
use portal_domain::clock::SharedClock;
use portal_storage::Store;

use crate::error::CoreResult;
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

/// Starts the job.
pub fn spawn(store: Store, clock: SharedClock) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(until_next(clock.now())).await;
            match run_once(&store, clock.now()).await {
                Ok(report) => tracing::info!(
                    findings = report.total(),
                    new = report.new,
                    gone = report.gone,
                    "data-quality checks ran"
                ),
                Err(error) => {
                    tracing::error!(error = %error, "data-quality checks failed; will run next night");
                }
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
