//! What the passkey endpoints share: parking a WebAuthn ceremony on the browser's session and
//! taking it back once, naming the account in audit rows, naming a new passkey, and issuing
//! a signed-in session cookie.
//!
//! Owns: the glue between sessions and ceremonies. Must never: let a ceremony be taken twice.

use axum::http::HeaderMap;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::error::ApiError;
use super::session;
use super::ApiState;
use portal_core::auth::passkeys::{Ceremony, PasskeyService};
use portal_domain::audit::{Actor, SubjectKind};
use portal_domain::session::{Principal, Session};
use portal_domain::tokens::{SecretToken, TokenHash};

/// Parks `ceremony` (and, for enrollment, the checked invitation) on the session `hash`.
pub async fn park(
    state: &ApiState,
    hash: &TokenHash,
    ceremony: &Ceremony,
    invitation: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let parked = PasskeyService::park(ceremony).map_err(|_| ApiError::Internal)?;
    state
        .store
        .put_ceremony(hash, &parked, now + state.policy.ceremony_ttl, invitation)
        .await?;
    Ok(())
}

/// Takes the ceremony parked on the session `hash`, once, before its deadline.
pub async fn take(
    state: &ApiState,
    hash: &TokenHash,
    now: DateTime<Utc>,
) -> Result<Option<(Ceremony, Option<Uuid>)>, ApiError> {
    Ok(state
        .store
        .take_ceremony(hash, now)
        .await?
        .and_then(|(parked, invitation)| {
            PasskeyService::unpark(&parked)
                .ok()
                .map(|c| (c, invitation))
        }))
}

/// The live session named by the request and the ceremony parked on it, taken once.
pub async fn take_for_request(
    state: &ApiState,
    headers: &HeaderMap,
    now: DateTime<Utc>,
) -> Result<Option<(session::CurrentSession, Ceremony, Option<Uuid>)>, ApiError> {
    let https = state.config.is_https();
    let Some(current) = session::current(&state.store, headers, &state.policy, now, https).await?
    else {
        return Ok(None);
    };
    Ok(take(state, &current.hash, now)
        .await?
        .map(|(ceremony, invitation)| (current, ceremony, invitation)))
}

/// The credential ids of the account's passkeys, to exclude them when creating another.
pub async fn credential_ids(
    state: &ApiState,
    principal: Principal,
) -> Result<Vec<Vec<u8>>, ApiError> {
    let mut ids = Vec::new();
    for stored in state.store.passkeys_of(principal).await? {
        let passkey: webauthn_rs::prelude::Passkey =
            serde_json::from_str(&stored.credential_json).map_err(|_| ApiError::Internal)?;
        ids.push(passkey.cred_id().to_vec());
    }
    Ok(ids)
}

/// The account as the subject of an audit row.
pub fn subject_of(principal: Principal) -> (SubjectKind, String) {
    match principal {
        Principal::Person(id) => (SubjectKind::Person, id.0.to_string()),
        Principal::Staff(id) => (SubjectKind::Staff, id.0.to_string()),
    }
}

/// The account as the actor of an audit row.
pub fn actor_of(principal: Principal) -> Actor {
    match principal {
        Principal::Person(id) => Actor::Person {
            id: id.0.to_string(),
        },
        Principal::Staff(id) => Actor::Staff {
            id: id.0.to_string(),
            role: "staff".into(),
        },
    }
}

/// The owner's name for a new passkey: trimmed, at most 60 characters, no control characters.
pub fn passkey_name(given: Option<String>) -> String {
    given
        .map(|n| n.trim().chars().take(60).collect::<String>())
        .filter(|n| !n.is_empty() && !n.chars().any(char::is_control))
        .unwrap_or_else(|| "Passkey".to_owned())
}

/// A new signed-in session for `principal`: its token, the session, and the `Set-Cookie`.
pub fn signed_in(
    state: &ApiState,
    principal: Principal,
    now: DateTime<Utc>,
) -> (SecretToken, Session, HeaderMap) {
    let token = SecretToken::generate();
    let session = state.policy.signed_in(principal, now);
    let mut cookies = HeaderMap::new();
    if let Some(cookie) =
        session::set_cookie(&token, session.expires_at, now, state.config.is_https())
    {
        session::append_set_cookie(&mut cookies, cookie);
    }
    (token, session, cookies)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passkey_names_are_tidied() {
        assert_eq!(passkey_name(Some("  My phone ".into())), "My phone");
        assert_eq!(passkey_name(Some("x\u{7}".into())), "Passkey");
        assert_eq!(passkey_name(None), "Passkey");
        assert_eq!(passkey_name(Some("a".repeat(99))).len(), 60);
    }
}
