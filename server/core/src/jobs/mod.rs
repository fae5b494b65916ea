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
