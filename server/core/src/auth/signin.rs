//! Signing in with a passkey (username-less), and re-authenticating a signed-in account before
//! a sensitive change.
//!
//! Each step commits on its own: a ceremony once taken stays taken even if its answer fails.
//!
//! Owns: the sign-in and re-authentication ceremonies. Must never: accept a passkey of another
//! account for a re-authentication, or an assertion whose counter went backwards.

use portal_domain::audit::AuditAction;
use portal_domain::session::{Principal, Session};
use portal_domain::tokens::SecretToken;
use portal_storage::passkeys::{self as passkey_store, StoredPasskey};
use portal_storage::{accounts, audit, sessions as session_store, Conn};
use webauthn_rs::prelude::{
    DiscoverableAuthentication, Passkey, PublicKeyCredential, RequestChallengeResponse,
};

use super::enrollment::Ceremonies;
use super::passkeys::{Ceremony, PasskeyError, SignIn};
use super::sessions::{self, Current};
use super::{actor_of, ceremonies, subject_of};
use crate::context::Ctx;
use crate::error::{CoreError, CoreResult, Refusal};

/// A sign-in started: the browser's options, and a new session token when the browser had
/// no session (the caller sets it as the cookie).
#[derive(Debug)]
pub struct Started {
    /// Options for `navigator.credentials.get()`.
    pub options: RequestChallengeResponse,
    /// A new anonymous session the ceremony is parked on.
    pub new_session: Option<SecretToken>,
}

/// Signed in.
#[derive(Debug)]
pub struct SignedIn {
    /// Whose account.
    pub principal: Principal,
    /// The new session's token (for the cookie).
    pub token: SecretToken,
    /// The new session.
    pub session: Session,
}

/// Starts a username-less sign-in (`conditional`: passkey autofill on the form), parked on
/// the browser's session or a new anonymous one.
pub async fn start(
    with: &Ceremonies<'_>,
    ctx: &Ctx<'_>,
    session: Option<Current>,
    conditional: bool,
) -> CoreResult<Started> {
    let mut tx = with.store.begin().await?;
    let (new_session, current) = match session {
        Some(current) => (None, current),
        None => {
            let (token, current) = sessions::start_anonymous(&mut tx, with.policy, ctx.now).await?;
            (Some(token), current)
        }
    };
    let (options, ceremony) = with.passkeys.start_authentication(conditional)?;
    ceremonies::park(
        &mut tx,
        with.policy,
        &current.hash,
        &ceremony,
        None,
        ctx.now,
    )
    .await?;
    tx.commit().await?;
    Ok(Started {
        options,
        new_session,
    })
}

/// The authentication ceremony parked on the session, taken (once).
async fn take_authentication(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    session: &Current,
) -> CoreResult<Option<DiscoverableAuthentication>> {
    Ok(match ceremonies::take(db, &session.hash, ctx.now).await? {
        Some((Ceremony::Authentication { state }, _)) => Some(state),
        _ => None,
    })
}

/// Checks an assertion against the stored passkey it names; `Ok(None)` when it does not
/// verify. A counter that went backwards (a possible clone) is audited.
async fn check_assertion(
    db: &mut Conn,
    with: &Ceremonies<'_>,
    ctx: &Ctx<'_>,
    assertion: &PublicKeyCredential,
    state: DiscoverableAuthentication,
) -> CoreResult<Option<(StoredPasskey, SignIn)>> {
    let Ok((user_handle, credential_id)) = with.passkeys.identify(assertion) else {
        return Ok(None);
    };
    let Some(stored) = passkey_store::by_credential_id(db, credential_id).await? else {
        return Ok(None);
    };
    if accounts::by_webauthn_user_id(db, user_handle).await? != Some(stored.principal) {
        return Ok(None);
    }
    let credential: Passkey = serde_json::from_str(&stored.credential_json)
        .map_err(|_| CoreError::Setup("a stored passkey is not readable".into()))?;
    match with
        .passkeys
        .finish_authentication(assertion, state, user_handle, credential)
    {
        Ok(signed) => Ok(Some((stored, signed))),
        Err(PasskeyError::CounterRegression) => {
            let mut tx = with.store.begin().await?;
            let (kind, subject) = subject_of(stored.principal);
            let event = ctx
                .event(
                    actor_of(stored.principal),
                    AuditAction::SigninCounterRegression,
                )
                .about(kind, subject)
                .with_details(serde_json::json!({ "passkey": stored.id.to_string() }));
            audit::append(&mut tx, &event).await?;
            tx.commit().await?;
            Ok(None)
        }
        Err(error) => {
            tracing::info!(error = %error, "passkey assertion refused");
            Ok(None)
        }
    }
}

fn credential_json(signed: &SignIn) -> CoreResult<String> {
    serde_json::to_string(&signed.credential).map_err(|e| CoreError::Setup(e.to_string()))
}

/// Checks the browser's assertion and signs in with a new session (new id: no fixation).
pub async fn finish(
    with: &Ceremonies<'_>,
    ctx: &Ctx<'_>,
    session: &Current,
    assertion: &PublicKeyCredential,
) -> CoreResult<SignedIn> {
    let mut db = with.store.read().await?;
    let state = take_authentication(&mut db, ctx, session)
        .await?
        .ok_or(Refusal::CeremonyExpired)?;
    let (stored, signed) = check_assertion(&mut db, with, ctx, assertion, state)
        .await?
        .ok_or(Refusal::SignIn)?;
    // A suspended staff account keeps its passkeys but signs in nowhere (the same answer as
    // any other refusal: the phone learns nothing).
    if let Principal::Staff(id) = stored.principal {
        let active = portal_storage::staff::by_id(&mut db, id)
            .await?
            .is_some_and(|s| s.active);
        if !active {
            return Err(Refusal::SignIn.into());
        }
    }
    drop(db);
    let mut tx = with.store.begin().await?;
    passkey_store::record_use(&mut tx, stored.id, &credential_json(&signed)?, ctx.now).await?;
    let (token, signed_in) = sessions::sign_in(
        &mut tx,
        with.policy,
        &session.hash,
        stored.principal,
        ctx.now,
    )
    .await?;
    let (kind, subject) = subject_of(stored.principal);
    let event = ctx
        .event(actor_of(stored.principal), AuditAction::Signin)
        .about(kind, subject)
        .with_details(serde_json::json!({ "passkey": stored.id.to_string() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(SignedIn {
        principal: stored.principal,
        token,
        session: signed_in,
    })
}

/// Starts a passkey assertion for the signed-in account (before a sensitive change).
pub async fn reauth_start(
    with: &Ceremonies<'_>,
    ctx: &Ctx<'_>,
    session: &Current,
) -> CoreResult<RequestChallengeResponse> {
    let (options, ceremony) = with.passkeys.start_authentication(false)?;
    let mut db = with.store.read().await?;
    ceremonies::park(
        &mut db,
        with.policy,
        &session.hash,
        &ceremony,
        None,
        ctx.now,
    )
    .await?;
    Ok(options)
}

/// Checks the assertion belongs to the signed-in account and marks the session fresh.
pub async fn reauth_finish(
    with: &Ceremonies<'_>,
    ctx: &Ctx<'_>,
    session: &Current,
    principal: Principal,
    assertion: &PublicKeyCredential,
) -> CoreResult<()> {
    let mut db = with.store.read().await?;
    let state = take_authentication(&mut db, ctx, session)
        .await?
        .ok_or(Refusal::Reauthentication)?;
    let (stored, signed) = check_assertion(&mut db, with, ctx, assertion, state)
        .await?
        .ok_or(Refusal::Reauthentication)?;
    drop(db);
    // The passkey must be this account's own: re-authentication is not a way to switch users.
    if stored.principal != principal {
        return Err(Refusal::Reauthentication.into());
    }
    let mut tx = with.store.begin().await?;
    passkey_store::record_use(&mut tx, stored.id, &credential_json(&signed)?, ctx.now).await?;
    session_store::mark_authenticated(&mut tx, &session.hash, ctx.now).await?;
    tx.commit().await?;
    Ok(())
}
