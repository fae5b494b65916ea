//! A signed-in account managing its own passkeys, after proving presence again.
//!
//! | route | does |
//! |---|---|
//! | `POST /auth/reauth/start` | starts a passkey assertion for the signed-in account |
//! | `POST /auth/reauth/finish` | checks it belongs to the same account, marks the session fresh |
//! | `POST /auth/passkeys/add/start` | (fresh session) starts creating another passkey |
//! | `POST /auth/passkeys/add/finish` | stores it |
//! | `POST /auth/passkeys/remove` | (fresh session) removes one, never the last |
//!
//! Owns: re-authentication and passkey changes over HTTP. Must never: change a passkey on a
//! session that has not proved presence within the re-authentication window.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use uuid::Uuid;
use webauthn_rs::prelude::{Passkey, PublicKeyCredential, RegisterPublicKeyCredential};

use super::ceremony::{self, actor_of, passkey_name, subject_of};
use super::error::ApiError;
use super::problem::Problem;
use super::session::{self, CurrentSession};
use super::ApiState;
use portal_core::auth::passkeys::Ceremony;
use portal_domain::audit::AuditEvent;
use portal_domain::session::Principal;
use portal_storage::auth::NewPasskey;
use portal_storage::passkey_admin::Removal;

/// The routes.
pub fn router() -> Router<ApiState> {
    Router::new()
        .route("/auth/reauth/start", post(reauth_start))
        .route("/auth/reauth/finish", post(reauth_finish))
        .route("/auth/passkeys/add/start", post(add_start))
        .route("/auth/passkeys/add/finish", post(add_finish))
        .route("/auth/passkeys/remove", post(remove))
}

/// An assertion.
#[derive(Debug, Deserialize)]
pub struct Assertion {
    /// The WebAuthn answer.
    pub credential: PublicKeyCredential,
}

/// A new passkey.
#[derive(Debug, Deserialize)]
pub struct NewCredential {
    /// The WebAuthn answer.
    pub credential: RegisterPublicKeyCredential,
    /// The owner's name for it.
    #[serde(default)]
    pub name: Option<String>,
}

/// Which passkey to remove.
#[derive(Debug, Deserialize)]
pub struct Remove {
    /// Its id.
    pub id: Uuid,
}

fn problem(status: StatusCode, code: &str, title: &str, detail: &str) -> Response {
    Problem::new(status, code, title)
        .detail(detail)
        .into_response()
}

fn not_signed_in() -> Response {
    problem(
        StatusCode::UNAUTHORIZED,
        "not-signed-in",
        "Not signed in",
        "Sign in first.",
    )
}

fn reauth_required() -> Response {
    problem(
        StatusCode::FORBIDDEN,
        "reauthentication-required",
        "Confirm it is you",
        "Use your passkey again to confirm this change.",
    )
}

async fn signed_in(
    state: &ApiState,
    headers: &HeaderMap,
) -> Result<Option<(CurrentSession, Principal)>, ApiError> {
    let now = state.clock.now();
    let current = session::current(
        &state.store,
        headers,
        &state.policy,
        now,
        state.config.is_https(),
    )
    .await?;
    Ok(current.and_then(|c| c.session.principal.map(|p| (c, p))))
}

async fn reauth_start(
    State(state): State<ApiState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Some((current, _)) = signed_in(&state, &headers).await? else {
        return Ok(not_signed_in());
    };
    let now = state.clock.now();
    let (options, ceremony) = state
        .passkeys
        .start_authentication(false)
        .map_err(|_| ApiError::Internal)?;
    ceremony::park(&state, &current.hash, &ceremony, None, now).await?;
    Ok(Json(options).into_response())
}

async fn reauth_finish(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Json(body): Json<Assertion>,
) -> Result<Response, ApiError> {
    let Some((current, principal)) = signed_in(&state, &headers).await? else {
        return Ok(not_signed_in());
    };
    let now = state.clock.now();
    let refused = || {
        problem(
            StatusCode::UNAUTHORIZED,
            "reauthentication-refused",
            "That did not work",
            "Try again with your passkey.",
        )
    };
    let Some((
        Ceremony::Authentication {
            state: authentication,
        },
        _,
    )) = ceremony::take(&state, &current.hash, now).await?
    else {
        return Ok(refused());
    };
    let Ok((user_handle, credential_id)) = state.passkeys.identify(&body.credential) else {
        return Ok(refused());
    };
    let Some(stored) = state.store.passkey_by_credential_id(credential_id).await? else {
        return Ok(refused());
    };
    // The passkey must be this account's own: re-authentication is not a way to switch users.
    if stored.principal != principal
        || state
            .store
            .principal_by_webauthn_user_id(user_handle)
            .await?
            != Some(principal)
    {
        return Ok(refused());
    }
    let credential: Passkey =
        serde_json::from_str(&stored.credential_json).map_err(|_| ApiError::Internal)?;
    let Ok(signed) = state.passkeys.finish_authentication(
        &body.credential,
        authentication,
        user_handle,
        credential,
    ) else {
        return Ok(refused());
    };
    let json = serde_json::to_string(&signed.credential).map_err(|_| ApiError::Internal)?;
    state
        .store
        .mark_reauthenticated_with(&current.hash, stored.id, &json, now)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn fresh(
    state: &ApiState,
    headers: &HeaderMap,
) -> Result<Result<(CurrentSession, Principal), Response>, ApiError> {
    let Some((current, principal)) = signed_in(state, headers).await? else {
        return Ok(Err(not_signed_in()));
    };
    if !state
        .policy
        .is_recently_authenticated(&current.session, state.clock.now())
    {
        return Ok(Err(reauth_required()));
    }
    Ok(Ok((current, principal)))
}

async fn add_start(
    State(state): State<ApiState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (current, principal) = match fresh(&state, &headers).await? {
        Ok(ok) => ok,
        Err(response) => return Ok(response),
    };
    let now = state.clock.now();
    let user_handle = state.store.webauthn_user_id(principal).await?;
    let existing = ceremony::credential_ids(&state, principal).await?;
    let name = match principal {
        Principal::Person(id) => state.store.person_by_id(id).await?.map(|p| {
            format!(
                "{} {}",
                p.record.given_name.as_str(),
                p.record.family_name.as_str()
            )
        }),
        Principal::Staff(id) => state
            .store
            .staff_by_id(id)
            .await?
            .map(|s| s.account.email.as_str().to_owned()),
    }
    .ok_or(ApiError::NotFound)?;
    let (options, ceremony) = state
        .passkeys
        .start_registration(user_handle, &name, &name, existing)
        .map_err(|_| ApiError::Internal)?;
    ceremony::park(&state, &current.hash, &ceremony, None, now).await?;
    Ok(Json(options).into_response())
}

async fn add_finish(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Json(body): Json<NewCredential>,
) -> Result<Response, ApiError> {
    let (current, principal) = match fresh(&state, &headers).await? {
        Ok(ok) => ok,
        Err(response) => return Ok(response),
    };
    let now = state.clock.now();
    let refused = || {
        problem(
            StatusCode::BAD_REQUEST,
            "passkey-refused",
            "The passkey was not added",
            "Start again.",
        )
    };
    let Some((
        Ceremony::Registration {
            user_handle,
            state: registration,
        },
        _,
    )) = ceremony::take(&state, &current.hash, now).await?
    else {
        return Ok(refused());
    };
    if state
        .store
        .principal_by_webauthn_user_id(user_handle)
        .await?
        != Some(principal)
    {
        return Ok(refused());
    }
    let Ok(passkey) = state
        .passkeys
        .finish_registration(&body.credential, &registration)
    else {
        return Ok(refused());
    };
    let name = passkey_name(body.name);
    let new = NewPasskey {
        id: Uuid::new_v4(),
        credential_id: passkey.cred_id().to_vec(),
        principal,
        name,
        credential_json: serde_json::to_string(&passkey).map_err(|_| ApiError::Internal)?,
    };
    let (actor, (kind, subject)) = (actor_of(principal), subject_of(principal));
    let event = AuditEvent::new(now, actor, "passkey.create")
        .about(kind, subject)
        .with_details(serde_json::json!({ "passkey": new.id.to_string() }));
    state.store.add_passkey(&new, now, &event).await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "id": new.id.to_string() })),
    )
        .into_response())
}

async fn remove(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Json(body): Json<Remove>,
) -> Result<Response, ApiError> {
    let (_, principal) = match fresh(&state, &headers).await? {
        Ok(ok) => ok,
        Err(response) => return Ok(response),
    };
    let now = state.clock.now();
    let (actor, (kind, subject)) = (actor_of(principal), subject_of(principal));
    let event = AuditEvent::new(now, actor, "passkey.remove")
        .about(kind, subject)
        .with_details(serde_json::json!({ "passkey": body.id.to_string() }));
    Ok(
        match state
            .store
            .remove_passkey(principal, body.id, &event)
            .await?
        {
            Removal::Removed => StatusCode::NO_CONTENT.into_response(),
            Removal::NotFound => ApiError::NotFound.into_response(),
            Removal::LastPasskey => problem(
                StatusCode::CONFLICT,
                "last-passkey",
                "This is your only passkey",
                "Add another passkey first, or ask at the registration desk for a new slip.",
            ),
        },
    )
}
