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
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use portal_core::auth::{account, signin};
use serde::Deserialize;
use uuid::Uuid;
use webauthn_rs::prelude::{PublicKeyCredential, RegisterPublicKeyCredential};

use crate::error::AppError;
use crate::extract::{Call, SignedIn};
use crate::WebState;

/// The routes.
pub fn router() -> Router<WebState> {
    Router::new()
        .route("/auth/reauth/start", post(reauth_start))
        .route("/auth/reauth/finish", post(reauth_finish))
        .route("/auth/passkeys/add/start", post(add_start))
        .route("/auth/passkeys/add/finish", post(add_finish))
        .route("/auth/passkeys/remove", post(remove))
}

/// A passkey assertion.
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
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
}

/// Which passkey to remove.
#[derive(Debug, Deserialize)]
pub struct Remove {
    /// Its id.
    pub id: Uuid,
}

async fn reauth_start(
    State(state): State<WebState>,
    call: Call,
    me: SignedIn,
) -> Result<Response, AppError> {
    let options = signin::reauth_start(&state.ceremonies(), &call.ctx(), &me.session).await?;
    Ok(Json(options).into_response())
}

async fn reauth_finish(
    State(state): State<WebState>,
    call: Call,
    me: SignedIn,
    Json(body): Json<Assertion>,
) -> Result<Response, AppError> {
    signin::reauth_finish(
        &state.ceremonies(),
        &call.ctx(),
        &me.session,
        me.principal,
        &body.credential,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn add_start(
    State(state): State<WebState>,
    call: Call,
    me: SignedIn,
) -> Result<Response, AppError> {
    let options = account::add_start(&state.ceremonies(), &call.ctx(), &me.session).await?;
    Ok(Json(options).into_response())
}

async fn add_finish(
    State(state): State<WebState>,
    call: Call,
    me: SignedIn,
    Json(body): Json<NewCredential>,
) -> Result<Response, AppError> {
    let id = account::add_finish(
        &state.ceremonies(),
        &call.ctx(),
        &me.session,
        &body.credential,
        body.name,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "id": id.to_string() })),
    )
        .into_response())
}

async fn remove(
    State(state): State<WebState>,
    call: Call,
    me: SignedIn,
    Json(body): Json<Remove>,
) -> Result<Response, AppError> {
    let mut tx = state.store.begin().await?;
    account::remove(
        &mut tx,
        &state.ceremonies(),
        &call.ctx(),
        &me.session,
        body.id,
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
