//! The slot generation job: keeps bookable slots generated for the configured horizon, now and
//! every six hours. Generation is idempotent, so several instances may run it.
//!
//! Owns: when slots are generated. Must never: stop on an error (it logs and tries again).

use std::time::Duration;

use portal_domain::clock::SharedClock;
use portal_storage::Store;

use crate::booking::schedule::generate_slots;
use crate::stop::Stopping;

/// How often slots are generated again.
const EVERY: Duration = Duration::from_secs(6 * 3600);

/// Starts the job for `horizon_days` ahead.
pub fn spawn(
    store: Store,
    clock: SharedClock,
    horizon_days: u32,
    mut stop: Stopping,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let today = clock.now().date_naive();
            let until = today + chrono::Duration::days(i64::from(horizon_days));
            match generate_slots(&store, today, until).await {
                Ok(0) => {}
                Ok(created) => tracing::info!(created, "bookable slots generated"),
                Err(error) => tracing::warn!(error = %error, "slot generation failed; will retry"),
            }
            if stop.pause(EVERY).await {
                break;
            }
        }
    })
}
