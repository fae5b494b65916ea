//! WebAuthn ceremony state, parked on the browser's session and taken back once.
//!
//! Owns: the glue between sessions and ceremonies. Must never: let a ceremony be taken twice,
//! or after its deadline.

use chrono::{DateTime, Utc};
use portal_domain::session::{Principal, SessionPolicy};
use portal_domain::tokens::TokenHash;
use portal_storage::{passkeys, sessions, Conn};
use uuid::Uuid;
use webauthn_rs::prelude::Passkey;

use super::passkeys::{Ceremony, PasskeyService};
use crate::error::{CoreError, CoreResult};

/// Parks `ceremony` (and, for enrollment, the verified invitation) on the session `hash`.
pub async fn park(
    db: &mut Conn,
    policy: &SessionPolicy,
    hash: &TokenHash,
    ceremony: &Ceremony,
    invitation: Option<Uuid>,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let parked = PasskeyService::park(ceremony).map_err(|e| CoreError::Setup(e.to_string()))?;
    sessions::put_ceremony(db, hash, &parked, now + policy.ceremony_ttl, invitation).await?;
    Ok(())
}

/// Takes the ceremony off the session `hash`: once, and only before its deadline.
pub async fn take(
    db: &mut Conn,
    hash: &TokenHash,
    now: DateTime<Utc>,
) -> CoreResult<Option<(Ceremony, Option<Uuid>)>> {
    Ok(sessions::take_ceremony(db, hash, now)
        .await?
        .and_then(|(parked, invitation)| {
            PasskeyService::unpark(&parked)
                .ok()
                .map(|c| (c, invitation))
        }))
}

/// The credential ids of an account's passkeys (so a second registration of the same
/// authenticator is refused by the browser).
pub async fn credential_ids(db: &mut Conn, principal: Principal) -> CoreResult<Vec<Vec<u8>>> {
    let mut ids = Vec::new();
    for stored in passkeys::of(db, principal).await? {
        let passkey: Passkey = serde_json::from_str(&stored.credential_json)
            .map_err(|_| CoreError::Setup("a stored passkey is not readable".into()))?;
        ids.push(passkey.cred_id().to_vec());
    }
    Ok(ids)
}
