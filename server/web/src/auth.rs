//! Passkey endpoints used by the sign-in and enrollment pages (JSON in, JSON out).
//!
//! | route | does |
//! |---|---|
//! | `POST /auth/enroll/verify` | checks an invitation and the person's answers, starts creating a passkey |
//! | `POST /auth/enroll/finish` | stores the passkey, consumes the invitation, signs in |
//! | `POST /auth/signin/start` | starts a username-less passkey sign-in |
//! | `POST /auth/signin/finish` | checks the assertion, signs in (new session id), brings back a person's chosen language |
//! | `POST /auth/signout` | ends this session |
//! | `POST /auth/signout-everywhere` | ends every session of the signed-in account |
//!
//! Owns: the HTTP side of enrollment and sign-in. Must never: reveal which enrollment check
//! failed, or whether an invitation or a person exists (every refusal looks and takes the
//! same).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Json, Router};
use portal_core::auth::{account, enrollment, home_of, signin};
use portal_core::CoreError;
use portal_domain::session::Principal;
use serde::{Deserialize, Serialize};
use webauthn_rs::prelude::{PublicKeyCredential, RegisterPublicKeyCredential};

use crate::error::AppError;
use crate::extract::{Call, MaybeSession, SignedIn};
use crate::{language, session, WebState};

/// The passkey routes.
pub fn router() -> Router<WebState> {
    Router::new()
        .route("/auth/enroll/verify", post(enroll_verify_padded))
        .route("/auth/enroll/finish", post(enroll_finish))
        .route("/auth/signin/start", post(signin_start))
        .route("/auth/signin/finish", post(signin_finish))
        .route("/auth/signout", post(signout))
        .route("/auth/signout-everywhere", post(signout_everywhere))
}

/// What a person types to confirm an invitation is theirs.
#[derive(Debug, Deserialize)]
pub struct EnrollVerify {
    /// The token from the link, or the short code from the slip.
    pub invitation: String,
    /// For people: their registration number.
    #[serde(default)]
    pub registration_number: Option<String>,
    /// For people: their date of birth, `YYYY-MM-DD`.
    #[serde(default)]
    pub date_of_birth: Option<String>,
    /// For staff: their work email.
    #[serde(default)]
    pub email: Option<String>,
}

/// The browser's new passkey and the name the person gives it.
#[derive(Debug, Deserialize)]
pub struct EnrollFinish {
    /// The WebAuthn answer.
    pub credential: RegisterPublicKeyCredential,
    /// "My phone".
    #[serde(default)]
    pub name: Option<String>,
}

/// Options for a sign-in.
#[derive(Debug, Default, Deserialize)]
pub struct SigninStart {
    /// Passkey autofill on the form instead of a dialog.
    #[serde(default)]
    pub conditional: bool,
}

/// The browser's assertion.
#[derive(Debug, Deserialize)]
pub struct SigninFinish {
    /// The WebAuthn answer.
    pub credential: PublicKeyCredential,
}

/// Where the browser goes after a successful ceremony.
#[derive(Debug, Serialize)]
pub struct Next {
    /// The next page.
    pub redirect: &'static str,
}

/// Every refusal takes at least this long, whichever check failed (an unknown code, a locked
/// invitation, a wrong date of birth), so timing tells an attacker nothing either.
const REFUSAL_FLOOR: std::time::Duration = std::time::Duration::from_millis(400);

async fn enroll_verify_padded(
    state: State<WebState>,
    call: Call,
    session: MaybeSession,
    body: Json<EnrollVerify>,
) -> Response {
    let started = tokio::time::Instant::now();
    let response = enroll_verify(state, call, session, body).await;
    if !response.status().is_success() {
        tokio::time::sleep_until(started + REFUSAL_FLOOR).await;
    }
    response
}

/// The cookie of a new session, when one was made.
fn new_cookie(
    state: &WebState,
    call: &Call,
    token: Option<portal_domain::tokens::SecretToken>,
) -> HeaderMap {
    let Some(token) = token else {
        return HeaderMap::new();
    };
    let session = state.policy.anonymous(call.now);
    session::cookie_for(&token, &session, call.now, state.config.is_https())
}

async fn enroll_verify(
    State(state): State<WebState>,
    call: Call,
    MaybeSession(session): MaybeSession,
    Json(body): Json<EnrollVerify>,
) -> Response {
    let answers = enrollment::Answers {
        invitation: body.invitation,
        registration_number: body.registration_number,
        date_of_birth: body.date_of_birth,
        email: body.email,
    };
    match enrollment::begin(&state.ceremonies(), &call.ctx(), session, &answers).await {
        Ok(begun) => (
            new_cookie(&state, &call, begun.new_session),
            Json(begun.options),
        )
            .into_response(),
        Err(error) => AppError::from(error).into_response(),
    }
}

/// Answers a finished ceremony: the new session's cookie (and the person's language) and
/// where to go next.
async fn signed_in(
    state: &WebState,
    call: &Call,
    headers: &HeaderMap,
    principal: Principal,
    token: &portal_domain::tokens::SecretToken,
    session: &portal_domain::session::Session,
) -> Response {
    let https = state.config.is_https();
    let mut cookies = session::cookie_for(token, session, call.now, https);
    language::at_sign_in(state, call, principal, headers, &mut cookies).await;
    (
        cookies,
        Json(Next {
            redirect: home_of(principal),
        }),
    )
        .into_response()
}

async fn enroll_finish(
    State(state): State<WebState>,
    call: Call,
    headers: HeaderMap,
    MaybeSession(session): MaybeSession,
    Json(body): Json<EnrollFinish>,
) -> Result<Response, AppError> {
    let session = session.ok_or(CoreError::from(portal_core::Refusal::CeremonyExpired))?;
    let done = enrollment::finish(
        &state.ceremonies(),
        &call.ctx(),
        &session,
        &body.credential,
        body.name,
    )
    .await?;
    Ok(signed_in(
        &state,
        &call,
        &headers,
        done.principal,
        &done.token,
        &done.session,
    )
    .await)
}

async fn signin_start(
    State(state): State<WebState>,
    call: Call,
    MaybeSession(session): MaybeSession,
    body: Option<Json<SigninStart>>,
) -> Result<Response, AppError> {
    let conditional = body.is_some_and(|Json(b)| b.conditional);
    let started = signin::start(&state.ceremonies(), &call.ctx(), session, conditional).await?;
    Ok((
        new_cookie(&state, &call, started.new_session),
        Json(started.options),
    )
        .into_response())
}

async fn signin_finish(
    State(state): State<WebState>,
    call: Call,
    headers: HeaderMap,
    MaybeSession(session): MaybeSession,
    Json(body): Json<SigninFinish>,
) -> Result<Response, AppError> {
    let session = session.ok_or(CoreError::from(portal_core::Refusal::CeremonyExpired))?;
    let done = signin::finish(&state.ceremonies(), &call.ctx(), &session, &body.credential)
        .await
        .inspect_err(|_| state.metrics.sign_in_refused())?;
    Ok(signed_in(
        &state,
        &call,
        &headers,
        done.principal,
        &done.token,
        &done.session,
    )
    .await)
}

/// A form post from a page without JavaScript wants a page back, not JSON.
fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// Answers `Next` as JSON, or as a 303 to the same place for plain form posts.
fn done(headers: &HeaderMap, cookies: HeaderMap, redirect: &'static str) -> Response {
    if wants_html(headers) {
        (cookies, Redirect::to(redirect)).into_response()
    } else {
        (cookies, Json(Next { redirect })).into_response()
    }
}

fn cleared(state: &WebState) -> HeaderMap {
    let mut out = HeaderMap::new();
    session::append_set_cookie(&mut out, session::clear_cookie(state.config.is_https()));
    out
}

async fn signout(State(state): State<WebState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(token) = session::token_from(&headers, state.config.is_https()) {
        let mut db = state.store.read().await?;
        portal_core::auth::sessions::sign_out(&mut db, &token).await?;
    }
    Ok(done(&headers, cleared(&state), "/"))
}

async fn signout_everywhere(
    State(state): State<WebState>,
    call: Call,
    headers: HeaderMap,
    signed_in: Result<SignedIn, AppError>,
) -> Result<Response, AppError> {
    let signed_in = match signed_in {
        Ok(signed_in) => signed_in,
        Err(_) if wants_html(&headers) => return Ok(done(&headers, HeaderMap::new(), "/signin")),
        Err(_) => return Err(CoreError::from(portal_core::Refusal::SignIn).into()),
    };
    let mut tx = state.store.begin().await?;
    account::sign_out_everywhere(&mut tx, &call.ctx(), signed_in.principal).await?;
    tx.commit().await?;
    Ok(done(&headers, cleared(&state), "/"))
}
