//! How many credentials were checked, by outcome: counted in memory as checks happen (an
//! atomic add, nothing else on the open verify routes) and written to the database, per UTC
//! day, by the counters job every minute and once more at a stop.
//!
//! Owns: the in-memory counts and their flush. Must never: keep anything of a check but its
//! outcome (no credential, person, address or time of day), or write on the request path.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use portal_credentials::verdict::Outcome;
use portal_domain::clock::SharedClock;
use portal_storage::{reports, Store};

use crate::error::CoreResult;
use crate::stop::Stopping;

/// Every outcome, in the order of the counters.
pub const OUTCOMES: [Outcome; 9] = [
    Outcome::Genuine,
    Outcome::Expired,
    Outcome::NotYetValid,
    Outcome::Revoked,
    Outcome::Suspended,
    Outcome::Forged,
    Outcome::UnknownIssuer,
    Outcome::StatusUnknown,
    Outcome::Unreadable,
];

/// How often the counts are written.
const EVERY: Duration = Duration::from_secs(60);

/// Checks counted since the last flush, by outcome (shared by every clone).
#[derive(Clone, Debug, Default)]
pub struct VerifyCounters {
    counts: Arc<[AtomicU64; 9]>,
}

impl VerifyCounters {
    /// Counts one check with `outcome`.
    pub fn count(&self, outcome: Outcome) {
        if let Some(i) = OUTCOMES.iter().position(|o| *o == outcome) {
            if let Some(counter) = self.counts.get(i) {
                counter.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// The counts since the last flush, each set back to zero.
    fn take(&self) -> Vec<(Outcome, u64)> {
        OUTCOMES
            .iter()
            .zip(self.counts.iter())
            .map(|(outcome, counter)| (*outcome, counter.swap(0, Ordering::Relaxed)))
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// Puts counts back after a failed write (they are written with the next flush).
    fn restore(&self, counts: &[(Outcome, u64)]) {
        for (outcome, n) in counts {
            if let Some(i) = OUTCOMES.iter().position(|o| o == outcome) {
                if let Some(counter) = self.counts.get(i) {
                    counter.fetch_add(*n, Ordering::Relaxed);
                }
            }
        }
    }

    /// Writes the counts since the last flush to `now`'s UTC day, in one transaction; on a
    /// failure they stay counted for the next one. Returns how many checks were written.
    pub async fn flush(&self, store: &Store, now: DateTime<Utc>) -> CoreResult<u64> {
        let counts = self.take();
        if counts.is_empty() {
            return Ok(0);
        }
        match write(store, now, &counts).await {
            Ok(()) => Ok(counts.iter().map(|(_, n)| n).sum()),
            Err(error) => {
                self.restore(&counts);
                Err(error)
            }
        }
    }
}

async fn write(store: &Store, now: DateTime<Utc>, counts: &[(Outcome, u64)]) -> CoreResult<()> {
    let day = now.date_naive();
    let mut tx = store.begin().await?;
    for (outcome, n) in counts {
        let checks = i64::try_from(*n).unwrap_or(i64::MAX);
        reports::add_verifications(&mut tx, day, outcome.as_str(), checks).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Starts the job that writes the counts every minute.
pub fn spawn(
    counters: VerifyCounters,
    store: Store,
    clock: SharedClock,
    mut stop: Stopping,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            // At a stop the server writes the last counts itself.
            if stop.pause(EVERY).await {
                break;
            }
            if let Err(error) = counters.flush(&store, clock.now()).await {
                tracing::warn!(error = %error, "verification counts not written; will retry");
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_taken_once_and_restored_after_a_failure() {
        let counters = VerifyCounters::default();
        let shared = counters.clone();
        counters.count(Outcome::Genuine);
        shared.count(Outcome::Genuine);
        counters.count(Outcome::Forged);
        let taken = counters.take();
        assert_eq!(taken, vec![(Outcome::Genuine, 2), (Outcome::Forged, 1)]);
        assert!(counters.take().is_empty());
        counters.restore(&taken);
        shared.count(Outcome::Unreadable);
        assert_eq!(
            counters.take(),
            vec![
                (Outcome::Genuine, 2),
                (Outcome::Forged, 1),
                (Outcome::Unreadable, 1)
            ]
        );
    }

    #[test]
    fn every_outcome_has_a_counter() {
        let counters = VerifyCounters::default();
        for outcome in OUTCOMES {
            counters.count(outcome);
        }
        assert_eq!(counters.take().len(), OUTCOMES.len());
    }
}
