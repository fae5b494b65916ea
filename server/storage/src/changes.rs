//! Change counters: how an instance tells, in one small query, whether what it derived from
//! the database and keeps in memory (the issuer loaded from its keys, the status lists decoded
//! for verifying) is still current. Triggers in the database count the changes (migration
//! 0021), so no code path that writes credentials or keys can forget to, and a change made
//! by another instance or by `portal keys …` in another process is seen on the next read.
//!
//! Owns: reading the `change_counters` table. Must never: be relied on for anything but
//! "changed or not": the numbers themselves mean nothing.

use crate::{query, Conn, StoreError};

/// The counts as of one read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChangeCounts {
    /// Goes up with every change of a credential's status and every credential deleted.
    pub credential_status: i64,
    /// Goes up with every issuer key added, retired or removed.
    pub issuer_keys: i64,
    /// The highest status index in use (new credentials can open a new status list).
    pub highest_status_index: Option<i64>,
}

/// The counts now.
pub async fn read(db: &mut Conn) -> Result<ChangeCounts, StoreError> {
    let (credential_status, issuer_keys, highest_status_index): (i64, i64, Option<i64>) = db
        .fetch_one(query(
            "SELECT \
               (SELECT value FROM change_counters WHERE name = 'credential_status'), \
               (SELECT value FROM change_counters WHERE name = 'issuer_keys'), \
               (SELECT MAX(status_index) FROM credentials)",
        ))
        .await?;
    Ok(ChangeCounts {
        credential_status,
        issuer_keys,
        highest_status_index,
    })
}
