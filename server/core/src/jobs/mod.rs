//! Work the portal does on its own, not in answer to a request: mail for notifications and
//! reminders, bookable slots, and purging ended sessions.
//!
//! Owns: the loops, their pauses and retries. Must never: lose a notification (a mail that
//! cannot be sent stays pending or failed, visible in the portal).

pub mod housekeeping;
pub mod notifications;
pub mod slots;
