//! Server-side sessions: finding the live session behind a cookie's token, anonymous sessions
//! for ceremonies, and signing out.
//!
//! The state machine of a session is documented in `portal_domain::session`.
//!
//! Owns: session lookup, expiry and idle time. Must never: keep a session past its lifetime,
//! or store its token in clear.

use chrono::{DateTime, Duration, Utc};
use portal_domain::delegation::Acting;
use portal_domain::session::{Principal, Session, SessionPolicy};
use portal_domain::tokens::{SecretToken, TokenHash};
use portal_storage::{sessions, Conn, Tx};

use crate::error::CoreResult;

/// A request's idle clock is reset at most this often per session (one write a minute).
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// The live session of a request.
#[derive(Clone, Debug)]
pub struct Current {
    /// Hash of the cookie's token (the session's key).
    pub hash: TokenHash,
    /// The session.
    pub session: Session,
    /// The person a helper's session acts for, when its delegation is live (filled in by the
    /// caller with [`crate::trusted::acting`]; sessions here never act).
    pub acting: Option<Acting>,
}

impl Current {
    /// The signed-in account, if any.
    pub fn principal(&self) -> Option<Principal> {
        self.session.principal
    }
}

/// The live session behind `token`: expired ones are deleted and count as none; a live one
/// has its idle clock reset.
pub async fn current(
    db: &mut Conn,
    policy: &SessionPolicy,
    token: &SecretToken,
    now: DateTime<Utc>,
) -> CoreResult<Option<Current>> {
    let hash = token.hash();
    let Some(session) = sessions::by_hash(db, &hash).await? else {
        return Ok(None);
    };
    if !policy.is_live(&session, now) {
        sessions::delete(db, &hash).await?;
        return Ok(None);
    }
    if now - session.last_seen_at > TOUCH_EVERY {
        sessions::touch(db, &hash, now).await?;
    }
    Ok(Some(Current {
        hash,
        session,
        acting: None,
    }))
}

/// A new anonymous session that lives as long as a ceremony; returns its token (for the
/// cookie) and the session.
pub async fn start_anonymous(
    tx: &mut Tx,
    policy: &SessionPolicy,
    now: DateTime<Utc>,
) -> CoreResult<(SecretToken, Current)> {
    let token = SecretToken::generate();
    let session = policy.anonymous(now);
    let hash = token.hash();
    sessions::insert(tx, &hash, &session).await?;
    Ok((
        token,
        Current {
            hash,
            session,
            acting: None,
        },
    ))
}

/// A signed-in session for `principal` replacing the browser's session `old` (a new id at
/// every sign-in); returns its token (for the cookie) and the session.
pub async fn sign_in(
    tx: &mut Tx,
    policy: &SessionPolicy,
    old: &TokenHash,
    principal: Principal,
    now: DateTime<Utc>,
) -> CoreResult<(SecretToken, Session)> {
    let token = SecretToken::generate();
    let session = policy.signed_in(principal, now);
    sessions::replace(tx, old, (&token.hash(), &session)).await?;
    Ok((token, session))
}

/// Ends the session behind `token` (nothing happens when there is none).
pub async fn sign_out(db: &mut Conn, token: &SecretToken) -> CoreResult<()> {
    sessions::delete(db, &token.hash()).await?;
    Ok(())
}
