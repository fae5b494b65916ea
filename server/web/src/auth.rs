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
//! failed, or whether an invitation or a person exists.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use webauthn_rs::prelude::{Passkey, PublicKeyCredential, RegisterPublicKeyCredential};

use super::ceremony::{self, actor_of, passkey_name, subject_of};
use super::error::ApiError;
use super::language;
use super::problem::Problem;
use super::session::{self, CurrentSession};
use super::ApiState;
use portal_core::auth::passkeys::{Ceremony, PasskeyError};
use portal_domain::audit::{Actor, AuditEvent};
use portal_domain::invitation::{answers_match, InvitationState, MAX_FAILED_ATTEMPTS};
use portal_domain::person::{Email, RegistrationNumber};
use portal_domain::session::Principal;
use portal_domain::tokens::{SecretToken, ShortCode, TokenHash};
use portal_storage::auth::NewPasskey;

/// The passkey routes.
pub fn router() -> Router<ApiState> {
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
pub struct Done {
    /// The next page.
    pub redirect: &'static str,
}

/// The one answer to every failed enrollment check.
fn enrollment_refused() -> Response {
    Problem::new(StatusCode::BAD_REQUEST, "enrollment-refused", "These details could not be confirmed")
        .detail("Check the code and your details. If it still does not work, ask at the registration desk for a new slip.")
        .into_response()
}

fn signin_refused() -> Response {
    Problem::new(
        StatusCode::UNAUTHORIZED,
        "signin-refused",
        "Sign-in did not work",
    )
    .detail("Try again with your passkey. If you lost your phone, ask at the registration desk.")
    .into_response()
}

fn ceremony_missing() -> Response {
    Problem::new(
        StatusCode::BAD_REQUEST,
        "ceremony-expired",
        "This step has expired",
    )
    .detail("Start again: the page waited too long or was already used.")
    .into_response()
}

fn home_of(principal: Principal) -> &'static str {
    match principal {
        Principal::Person(_) => "/me",
        Principal::Staff(_) => "/staff",
    }
}

/// The request's live session, or a new anonymous one (with its cookie) for a ceremony.
async fn session_for_ceremony(
    state: &ApiState,
    headers: &HeaderMap,
    now: DateTime<Utc>,
) -> Result<(CurrentSession, HeaderMap), ApiError> {
    let https = state.config.is_https();
    if let Some(current) =
        session::current(&state.store, headers, &state.policy, now, https).await?
    {
        return Ok((current, HeaderMap::new()));
    }
    let token = SecretToken::generate();
    let fresh = state.policy.anonymous(now);
    let hash = token.hash();
    state.store.insert_session(&hash, &fresh).await?;
    let mut out = HeaderMap::new();
    if let Some(cookie) = session::set_cookie(&token, fresh.expires_at, now, https) {
        session::append_set_cookie(&mut out, cookie);
    }
    Ok((
        CurrentSession {
            hash,
            session: fresh,
        },
        out,
    ))
}

/// Hash of the link token or of the short code, whichever the text is.
fn invitation_hash(text: &str) -> Option<TokenHash> {
    SecretToken::parse(text)
        .map(|t| t.hash())
        .or_else(|| ShortCode::parse(text).map(|c| c.hash()))
}

/// Every refusal takes at least this long, whichever check failed (an unknown code, a locked
/// invitation, a wrong date of birth), so timing tells an attacker nothing either.
const REFUSAL_FLOOR: std::time::Duration = std::time::Duration::from_millis(400);

async fn enroll_verify_padded(
    state: State<ApiState>,
    headers: HeaderMap,
    body: Json<EnrollVerify>,
) -> Result<Response, ApiError> {
    let started = tokio::time::Instant::now();
    let response = enroll_verify(state, headers, body).await;
    if !matches!(&response, Ok(r) if r.status().is_success()) {
        tokio::time::sleep_until(started + REFUSAL_FLOOR).await;
    }
    response
}

async fn enroll_verify(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Json(body): Json<EnrollVerify>,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let Some(hash) = invitation_hash(&body.invitation) else {
        return Ok(enrollment_refused());
    };
    let Some(invitation) = state.store.invitation_by_hash(&hash).await? else {
        return Ok(enrollment_refused());
    };
    if invitation.status.state(now) != InvitationState::Open {
        return Ok(enrollment_refused());
    }
    let (user_name, display_name, answers_ok) = match invitation.principal {
        Principal::Person(id) => {
            let person = state.store.person_by_id(id).await?;
            let given_number = body
                .registration_number
                .as_deref()
                .and_then(|n| RegistrationNumber::parse(n).ok());
            let given_birth = body
                .date_of_birth
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok());
            match person {
                Some(person) => {
                    let number_ok = given_number.is_some_and(|n| {
                        answers_match(person.record.registration_number.as_str(), n.as_str())
                    });
                    let birth_ok = given_birth == Some(person.record.date_of_birth.date);
                    let name = format!(
                        "{} {}",
                        person.record.given_name.as_str(),
                        person.record.family_name.as_str()
                    );
                    (name.clone(), name, number_ok && birth_ok)
                }
                None => (String::new(), String::new(), false),
            }
        }
        Principal::Staff(id) => {
            let staff = state.store.staff_by_id(id).await?;
            let given = body.email.as_deref().and_then(|e| Email::parse(e).ok());
            match staff {
                Some(staff) => {
                    let ok = given.is_some_and(|e| {
                        e.as_str()
                            .eq_ignore_ascii_case(staff.account.email.as_str())
                    });
                    (
                        staff.account.email.as_str().to_owned(),
                        staff.account.display_name.clone(),
                        ok,
                    )
                }
                None => (String::new(), String::new(), false),
            }
        }
    };
    let (kind, subject) = subject_of(invitation.principal);
    if !answers_ok {
        let attempts = invitation.status.failed_attempts + 1;
        let action = if attempts >= MAX_FAILED_ATTEMPTS {
            "enrollment.locked"
        } else {
            "enrollment.wrong-answer"
        };
        let event = AuditEvent::new(now, Actor::System, action)
            .about(kind, subject)
            .with_details(
                serde_json::json!({ "invitation": invitation.id.to_string(), "attempt": attempts }),
            );
        state
            .store
            .record_failed_enrollment_answer(invitation.id, &event)
            .await?;
        return Ok(enrollment_refused());
    }
    let (current, cookies) = session_for_ceremony(&state, &headers, now).await?;
    let user_handle = state.store.webauthn_user_id(invitation.principal).await?;
    let existing = ceremony::credential_ids(&state, invitation.principal).await?;
    let (options, ceremony) = state
        .passkeys
        .start_registration(user_handle, &user_name, &display_name, existing)
        .map_err(passkey_internal)?;
    ceremony::park(&state, &current.hash, &ceremony, Some(invitation.id), now).await?;
    let event = AuditEvent::new(now, Actor::System, "enrollment.answers-confirmed")
        .about(kind, subject)
        .with_details(serde_json::json!({ "invitation": invitation.id.to_string() }));
    state.store.append_audit(&event).await?;
    Ok((cookies, Json(options)).into_response())
}

fn passkey_internal(error: PasskeyError) -> ApiError {
    tracing::error!(error = %error, "passkey service failure");
    ApiError::Internal
}

async fn enroll_finish(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Json(body): Json<EnrollFinish>,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let Some((
        current,
        Ceremony::Registration {
            user_handle,
            state: registration,
        },
        Some(invitation_id),
    )) = ceremony::take_for_request(&state, &headers, now).await?
    else {
        return Ok(ceremony_missing());
    };
    let Some(principal) = state
        .store
        .principal_by_webauthn_user_id(user_handle)
        .await?
    else {
        return Ok(ceremony_missing());
    };
    let passkey = match state
        .passkeys
        .finish_registration(&body.credential, &registration)
    {
        Ok(passkey) => passkey,
        Err(error) => {
            tracing::info!(error = %error, "passkey registration refused");
            return Ok(enrollment_refused());
        }
    };
    let new_passkey = NewPasskey {
        id: Uuid::new_v4(),
        credential_id: passkey.cred_id().to_vec(),
        principal,
        name: passkey_name(body.name),
        credential_json: serde_json::to_string(&passkey).map_err(|_| ApiError::Internal)?,
    };
    let (token, signed_in, mut cookies) = ceremony::signed_in(&state, principal, now);
    let (kind, subject) = subject_of(principal);
    let events = [
        AuditEvent::new(now, actor_of(principal), "passkey.create")
            .about(kind, subject.clone())
            .with_details(serde_json::json!({ "invitation": invitation_id.to_string(), "passkey": new_passkey.id.to_string() })),
        AuditEvent::new(now, actor_of(principal), "signin").about(kind, subject),
    ];
    match state
        .store
        .complete_enrollment(
            invitation_id,
            &new_passkey,
            &current.hash,
            (&token.hash(), &signed_in),
            now,
            &events,
        )
        .await
    {
        Ok(()) => {}
        Err(portal_storage::StoreError::Duplicate(_)) => return Ok(enrollment_refused()),
        Err(other) => return Err(other.into()),
    }
    let https = state.config.is_https();
    language::at_sign_in(&state.store, principal, &headers, now, https, &mut cookies).await;
    Ok((
        cookies,
        Json(Done {
            redirect: home_of(principal),
        }),
    )
        .into_response())
}

async fn signin_start(
    State(state): State<ApiState>,
    headers: HeaderMap,
    body: Option<Json<SigninStart>>,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let conditional = body.is_some_and(|Json(b)| b.conditional);
    let (current, cookies) = session_for_ceremony(&state, &headers, now).await?;
    let (options, started) = state
        .passkeys
        .start_authentication(conditional)
        .map_err(passkey_internal)?;
    ceremony::park(&state, &current.hash, &started, None, now).await?;
    Ok((cookies, Json(options)).into_response())
}

async fn signin_finish(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Json(body): Json<SigninFinish>,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let Some((
        current,
        Ceremony::Authentication {
            state: authentication,
        },
        _,
    )) = ceremony::take_for_request(&state, &headers, now).await?
    else {
        return Ok(ceremony_missing());
    };
    let Ok((user_handle, credential_id)) = state.passkeys.identify(&body.credential) else {
        return Ok(signin_refused());
    };
    let Some(stored) = state.store.passkey_by_credential_id(credential_id).await? else {
        return Ok(signin_refused());
    };
    let owner = state
        .store
        .principal_by_webauthn_user_id(user_handle)
        .await?;
    if owner != Some(stored.principal) {
        return Ok(signin_refused());
    }
    let credential: Passkey =
        serde_json::from_str(&stored.credential_json).map_err(|_| ApiError::Internal)?;
    let (kind, subject) = subject_of(stored.principal);
    let signed = match state.passkeys.finish_authentication(
        &body.credential,
        authentication,
        user_handle,
        credential,
    ) {
        Ok(signed) => signed,
        Err(PasskeyError::CounterRegression) => {
            let event =
                AuditEvent::new(now, actor_of(stored.principal), "signin.counter-regression")
                    .about(kind, subject)
                    .with_details(serde_json::json!({ "passkey": stored.id.to_string() }));
            state.store.append_audit(&event).await?;
            return Ok(signin_refused());
        }
        Err(error) => {
            tracing::info!(error = %error, "passkey sign-in refused");
            return Ok(signin_refused());
        }
    };
    let (token, signed_in, mut cookies) = ceremony::signed_in(&state, stored.principal, now);
    let event = AuditEvent::new(now, actor_of(stored.principal), "signin")
        .about(kind, subject)
        .with_details(serde_json::json!({ "passkey": stored.id.to_string() }));
    let credential_json =
        serde_json::to_string(&signed.credential).map_err(|_| ApiError::Internal)?;
    state
        .store
        .complete_sign_in(
            stored.id,
            &credential_json,
            &current.hash,
            (&token.hash(), &signed_in),
            now,
            &event,
        )
        .await?;
    let https = state.config.is_https();
    language::at_sign_in(
        &state.store,
        stored.principal,
        &headers,
        now,
        https,
        &mut cookies,
    )
    .await;
    Ok((
        cookies,
        Json(Done {
            redirect: home_of(stored.principal),
        }),
    )
        .into_response())
}

/// A form post from a page without JavaScript wants a page back, not JSON.
fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// Answers with `Done` as JSON, or as a 303 to the same place for plain form posts.
fn done(headers: &HeaderMap, cookies: HeaderMap, redirect: &'static str) -> Response {
    if wants_html(headers) {
        (cookies, axum::response::Redirect::to(redirect)).into_response()
    } else {
        (cookies, Json(Done { redirect })).into_response()
    }
}

async fn signout(State(state): State<ApiState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let https = state.config.is_https();
    if let Some(token) = session::token_from(&headers, https) {
        state.store.delete_session(&token.hash()).await?;
    }
    let mut out = HeaderMap::new();
    session::append_set_cookie(&mut out, session::clear_cookie(https));
    Ok(done(&headers, out, "/"))
}

async fn signout_everywhere(
    State(state): State<ApiState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let https = state.config.is_https();
    let principal = session::current(&state.store, &headers, &state.policy, now, https)
        .await?
        .and_then(|current| current.session.principal);
    let Some(principal) = principal else {
        if wants_html(&headers) {
            return Ok(done(&headers, HeaderMap::new(), "/signin"));
        }
        return Ok(signin_refused());
    };
    let (kind, subject) = subject_of(principal);
    let event =
        AuditEvent::new(now, actor_of(principal), "signout.everywhere").about(kind, subject);
    state.store.delete_sessions_of(principal, &event).await?;
    let mut out = HeaderMap::new();
    session::append_set_cookie(&mut out, session::clear_cookie(https));
    Ok(done(&headers, out, "/"))
}
