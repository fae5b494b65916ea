//! The issuer's public side and the VC-API for partner systems, and the verifier page's form.
//!
//! | route | who | does |
//! |---|---|---|
//! | `GET /.well-known/did.json` | anyone | the issuer's `did:web` document |
//! | `GET /ns/credentials/v1` | anyone | the portal's JSON-LD context, which its credentials name |
//! | `GET /status/{purpose}/{list}` | anyone | a signed `BitstringStatusListCredential` |
//! | `GET /status/token/{list}` | anyone | the same list for SD-JWT VCs: a signed Token Status List (`statuslist+jwt`) |
//! | `GET /credentials/{id}/photo` | anyone holding the credential | the photo it references |
//! | `POST /credentials/verify` | anyone (VC-API) | 200 verified, else 400/422 problem details |
//! | `POST /presentations/verify` | anyone (VC-API) | the same for a presentation |
//! | `POST /credentials/issue` | API token, scope `issue` | 201 with the signed credential |
//! | `POST /credentials/status` | API token, scope `status` | suspend, unsuspend or revoke |
//! | `POST /verify` | anyone (the verifier page's form) | 303 to `/verify?result=…` |
//!
//! Owns: the VC-API's wire format. Must never: answer 200 for a credential that did not
//! verify, or 500 for bad input; put credential content into a URL or a log.

use axum::body::Bytes;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, DefaultBodyLimit, Multipart, Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Json;
use portal_core::credentials::external::{self, Securing};
use portal_core::credentials::photo::MAX_IMAGE_BYTES;
use portal_core::credentials::results::Client;
use portal_core::credentials::verification::{self, PageInput, PresentationShape};
use portal_core::credentials::{self as issuance, parse_credential_id, status};
use portal_core::CoreError;
use portal_credentials::verdict::VerifyView;
use portal_credentials::verify::{ReasonCode, VerificationResult};
use portal_credentials::{jcs, model, rdfc};
use portal_domain::credential::{StatusAction, StatusReason};
use serde::Deserialize;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::error::AppError;
use crate::extract::{api_client, Call};
use crate::listed::Listed;
use crate::problem::Problem;
use crate::rate_limit::{self, RateLimiter};
use crate::schemas::{
    Binary, IssueRequest as IssueRequestDoc, Issued, ProblemDetails, StatusChange, VerifyAnswers,
    VerifyPresentationRequest, VerifyRequest as VerifyRequestDoc,
};
use crate::WebState;

/// Largest credential, presentation or request accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 512 * 1024;

/// The routes; the open verify routes spend the client address's budget of `checks`.
pub fn routes(checks: RateLimiter) -> Listed<WebState> {
    let budget = axum::middleware::from_fn_with_state(checks, rate_limit::limit);
    let open_checks = Listed::new()
        .post("/credentials/verify", verify_credential)
        .post("/presentations/verify", verify_presentation)
        .wrap(|r| r.layer(DefaultBodyLimit::max(MAX_BODY_BYTES)))
        .merge(
            Listed::new()
                .page("/verify", post(verify_form))
                .wrap(|r| r.layer(DefaultBodyLimit::max(MAX_IMAGE_BYTES + 64 * 1024))),
        )
        .wrap(|r| r.route_layer(budget));
    Listed::new()
        .get("/.well-known/did.json", did_document)
        .get(model::PORTAL_CONTEXT_PATH, context_document)
        .get("/status/token/{list}", status_list_token)
        .get("/status/{purpose}/{list}", status_list)
        .get("/credentials/{id}/photo", photo)
        .post("/credentials/issue", issue)
        .post("/credentials/status", change_status)
        .wrap(|r| r.layer(DefaultBodyLimit::max(MAX_BODY_BYTES)))
        .merge(open_checks)
}

pub(crate) fn json_with(
    content_type: &'static str,
    cache: &'static str,
    body: Vec<u8>,
) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, AppError> {
    serde_json::to_vec(value).map_err(|e| CoreError::Setup(e.to_string()).into())
}

/// The issuer's DID document.
///
/// A `did:web` document with each key as `Multikey` and `JsonWebKey` (retired keys stay with
/// `expires`); in `did:key` mode, the active key's `did:key` document.
#[utoipa::path(
    get,
    path = "/.well-known/did.json",
    tag = "issuer",
    responses((status = 200, description = "The DID document, cacheable for 5 minutes",
        content_type = "application/did+json", body = serde_json::Value))
)]
pub(crate) async fn did_document(State(state): State<WebState>) -> Result<Response, AppError> {
    let document = state.issuer().await?.served_document()?;
    Ok(json_with(
        "application/did+json",
        "public, max-age=300",
        to_json(&document)?,
    ))
}

/// The portal's JSON-LD context, which its credentials name.
///
/// The same bytes in every deployment and every verifier, so a JSON-LD processor that fetches
/// contexts (and caches them for a week) reads the credentials as the portal does. A new
/// meaning would get a new path.
#[utoipa::path(
    get,
    path = "/ns/credentials/v1",
    tag = "issuer",
    responses((status = 200, description = "The JSON-LD context, cacheable for a week, any origin",
        content_type = "application/ld+json", body = serde_json::Value))
)]
pub(crate) async fn context_document() -> Response {
    json_with(
        "application/ld+json",
        "public, max-age=604800",
        model::PORTAL_CONTEXT_DOCUMENT.as_bytes().to_vec(),
    )
}

/// A signed Bitstring Status List credential.
#[utoipa::path(
    get,
    path = "/status/{purpose}/{list}",
    tag = "issuer",
    params(
        ("purpose" = String, Path, description = "`revocation` or `suspension`"),
        ("list" = u32, Path, description = "The list's number, from 0")
    ),
    responses(
        (status = 200, description = "A `BitstringStatusListCredential` secured with \
            `eddsa-jcs-2022`, cacheable for a minute", content_type = "application/vc+ld+json",
            body = serde_json::Value),
        (status = 404, description = "No such purpose or list", body = ProblemDetails,
            content_type = "application/problem+json")
    )
)]
pub(crate) async fn status_list(
    State(state): State<WebState>,
    call: Call,
    Path((purpose, list)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let purpose = status::parse_purpose(&purpose).ok_or(CoreError::NotFound)?;
    let list = list_number(&list)?;
    let issuer = state.issuer().await?;
    let mut db = state.store.read().await?;
    let credential = status::list_credential(&mut db, &call.ctx(), &issuer, purpose, list).await?;
    // Verifiers may cache a list for a minute; a revocation shows up within that time.
    Ok(json_with(
        "application/vc+ld+json",
        "public, max-age=60",
        to_json(&credential)?,
    ))
}

/// A status list's number from its path ("not found" for anything but a whole number ≥ 0).
fn list_number(text: &str) -> Result<i64, CoreError> {
    text.parse()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or(CoreError::NotFound)
}

/// The same list as an IETF Token Status List, for SD-JWT VCs.
#[utoipa::path(
    get,
    path = "/status/token/{list}",
    tag = "issuer",
    params(("list" = u32, Path, description = "The list's number, from 0")),
    responses(
        (status = 200, description = "A signed `statuslist+jwt`, cacheable for a minute",
            content_type = "application/statuslist+jwt", body = String),
        (status = 404, description = "No such list", body = ProblemDetails,
            content_type = "application/problem+json")
    )
)]
pub(crate) async fn status_list_token(
    State(state): State<WebState>,
    call: Call,
    Path(list): Path<String>,
) -> Result<Response, AppError> {
    let list = list_number(&list)?;
    let issuer = state.issuer().await?;
    let mut db = state.store.read().await?;
    let token = status::list_token(&mut db, &call.ctx(), &issuer, list).await?;
    let mut response = (StatusCode::OK, token).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/statuslist+jwt"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    Ok(response)
}

/// The photo a credential references by digest.
///
/// For a verifier holding the credential: its `relatedResource` names this URL and the
/// photo's `sha256` digest, and the identifier is a random UUID.
#[utoipa::path(
    get,
    path = "/credentials/{id}/photo",
    tag = "issuer",
    params(("id" = String, Path, description = "The credential's UUID")),
    responses(
        (status = 200, description = "The photo, never cached", content_type = "image/jpeg",
            body = Binary),
        (status = 404, description = "No such credential, or it has no photo",
            body = ProblemDetails, content_type = "application/problem+json")
    )
)]
pub(crate) async fn photo(
    State(state): State<WebState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = Uuid::parse_str(&id).map_err(|_| CoreError::NotFound)?;
    let mut db = state.store.read().await?;
    let (media, bytes) = issuance::photo_of(&mut db, &state.documents, id).await?;
    let mut response = (StatusCode::OK, bytes).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(media.mime()));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// A VC-API verification request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct VerifyRequest {
    verifiable_credential: Option<Value>,
}

fn problem_with_reasons(status: StatusCode, result: &VerificationResult) -> Response {
    let (code, title) = if status == StatusCode::BAD_REQUEST {
        ("malformed-credential", "The credential cannot be read")
    } else {
        ("credential-not-verified", "The credential did not verify")
    };
    let detail = result
        .reasons
        .iter()
        .map(|r| r.message.clone())
        .collect::<Vec<_>>()
        .join(" ");
    Problem::new(status, code, title)
        .detail(detail)
        .with("verified", Value::Bool(false))
        .with(
            "reasons",
            serde_json::to_value(&result.reasons).unwrap_or(Value::Null),
        )
        .with(
            "checks",
            serde_json::to_value(&result.checks).unwrap_or(Value::Null),
        )
        .into_response()
}

fn malformed(detail: &str) -> Response {
    Problem::new(
        StatusCode::BAD_REQUEST,
        "malformed-credential",
        "The credential cannot be read",
    )
    .detail(detail)
    .with("verified", Value::Bool(false))
    .with(
        "reasons",
        json!([{ "code": "malformed", "message": detail }]),
    )
    .into_response()
}

fn answer(result: VerificationResult) -> Response {
    if result.verified {
        let body = json!({
            "verified": true,
            "checks": result.checks,
            "warnings": result.warnings,
            "issuer": result.issuer,
            "statusCheckedAt": result.status_checked_at,
        });
        return (StatusCode::OK, Json(body)).into_response();
    }
    let unreadable = result.credential.is_none()
        && result.reasons.iter().all(|r| {
            matches!(
                r.code,
                ReasonCode::Malformed | ReasonCode::UnsupportedCryptosuite
            )
        });
    let status = if unreadable && result.format.is_none() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    problem_with_reasons(status, &result)
}

/// Verifies a credential (anyone).
///
/// Checks the signature, the issuer (the portal itself), the key's status, the data model, the
/// validity period and the status lists. Never answers 200 with `verified: false`.
#[utoipa::path(
    post,
    path = "/credentials/verify",
    tag = "vc-api",
    request_body = VerifyRequestDoc,
    responses(VerifyAnswers)
)]
pub(crate) async fn verify_credential(
    State(state): State<WebState>,
    call: Call,
    body: Bytes,
) -> Result<Response, AppError> {
    let Ok(request) = serde_json::from_slice::<VerifyRequest>(&body) else {
        return Ok(malformed(
            "The body must be JSON with a verifiableCredential member.",
        ));
    };
    let Some(bytes) = request
        .verifiable_credential
        .as_ref()
        .and_then(verification::credential_bytes)
    else {
        return Ok(malformed(
            "verifiableCredential must be a credential object, an enveloped credential or a string.",
        ));
    };
    let (issuer, counts) = state.issuer_for_checking().await?;
    let result = verification::verify_as_of(
        &state.store,
        &call.ctx(),
        &issuer,
        counts,
        &state.verifier,
        &bytes,
    )
    .await?;
    Ok(answer(result))
}

/// A VC-API presentation verification request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PresentationRequest {
    verifiable_presentation: Option<Value>,
    #[serde(default)]
    options: Option<Value>,
}

/// Verifies a presentation (anyone): its own proof and `challenge`, then each credential.
#[utoipa::path(
    post,
    path = "/presentations/verify",
    tag = "vc-api",
    request_body = VerifyPresentationRequest,
    responses(VerifyAnswers)
)]
pub(crate) async fn verify_presentation(
    State(state): State<WebState>,
    call: Call,
    body: Bytes,
) -> Result<Response, AppError> {
    let Ok(request) = serde_json::from_slice::<PresentationRequest>(&body) else {
        return Ok(malformed(
            "The body must be JSON with a verifiablePresentation member.",
        ));
    };
    let Some(presentation) = request.verifiable_presentation.filter(|p| p.is_object()) else {
        return Ok(malformed("verifiablePresentation must be an object."));
    };
    let challenge = request
        .options
        .as_ref()
        .and_then(|o| o.get("challenge"))
        .and_then(Value::as_str);
    let issuer = state.issuer().await?;
    let mut db = state.store.read().await?;
    let checked = verification::verify_presentation(
        &mut db,
        &call.ctx(),
        &issuer,
        &state.verifier,
        &presentation,
        challenge,
    )
    .await?;
    let check =
        match checked {
            Ok(check) => check,
            Err(PresentationShape::NotAPresentation) => return Ok(malformed(
                "A presentation needs the VC v2 context first and the type VerifiablePresentation.",
            )),
            Err(PresentationShape::UnreadableCredential) => {
                return Ok(malformed("A verifiableCredential entry cannot be read."))
            }
        };
    if check.reasons.is_empty() {
        return Ok((
            StatusCode::OK,
            Json(json!({ "verified": true, "credentialResults": check.results })),
        )
            .into_response());
    }
    Ok(Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "presentation-not-verified",
        "The presentation did not verify",
    )
    .detail("See reasons.")
    .with("verified", Value::Bool(false))
    .with("reasons", Value::Array(check.reasons))
    .with("credentialResults", Value::Array(check.results))
    .into_response())
}

/// A VC-API issue request.
#[derive(Debug, Deserialize)]
struct IssueRequest {
    credential: Option<Value>,
    #[serde(default)]
    options: Option<Value>,
}

fn securing_of(options: Option<&Value>) -> Result<Securing, String> {
    let Some(options) = options else {
        return Ok(Securing::Rdfc);
    };
    let suite = options.get("cryptosuite").and_then(Value::as_str);
    let format = options
        .get("format")
        .or_else(|| options.get("securingMechanism"))
        .and_then(Value::as_str);
    match (suite, format) {
        (_, Some("vc+jwt" | "application/vc+jwt" | "jwt" | "vc-jose")) => Ok(Securing::Jwt),
        (Some(jcs::CRYPTOSUITE), _) => Ok(Securing::Jcs),
        (Some(rdfc::CRYPTOSUITE) | None, _) => Ok(Securing::Rdfc),
        (Some(other), _) => Err(format!(
            "cryptosuite {other} is not supported (eddsa-rdfc-2022, eddsa-jcs-2022)"
        )),
    }
}

fn invalid_issue(detail: &str) -> Response {
    Problem::new(
        StatusCode::BAD_REQUEST,
        "invalid-credential",
        "The credential cannot be issued",
    )
    .detail(detail)
    .into_response()
}

/// Issues a credential for a partner system (API token, scope `issue`).
#[utoipa::path(
    post,
    path = "/credentials/issue",
    tag = "vc-api",
    request_body = IssueRequestDoc,
    security(("apiToken" = ["issue"])),
    responses(
        (status = 201, description = "Issued", body = Issued),
        (status = 400, description = "Breaks the data model, names another issuer, or \
            unknown options", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token", body = ProblemDetails,
            content_type = "application/problem+json"),
        (status = 403, description = "The token lacks the scope `issue`", body = ProblemDetails,
            content_type = "application/problem+json"),
        (status = 422, description = "`issue-refused`: a type the token may not issue, or what \
            only the portal's records vouch for (its types, context and terms, a \
            `credentialStatus`); `member` names the part", body = ProblemDetails,
            content_type = "application/problem+json"),
        (status = 429, description = "Past the token's `credentials.issue_per_minute`",
            body = ProblemDetails, content_type = "application/problem+json")
    )
)]
pub(crate) async fn issue(
    State(state): State<WebState>,
    call: Call,
    parts: Parts,
    body: Bytes,
) -> Result<Response, AppError> {
    let token = api_client(&state, &parts, &call, "issue").await?;
    state
        .issue_limiter
        .check(token.id, std::time::Instant::now())
        .await?
        .map_err(|wait| AppError::TooManyRequests(wait.as_secs().max(1)))?;
    let Ok(request) = serde_json::from_slice::<IssueRequest>(&body) else {
        return Ok(invalid_issue(
            "The body must be JSON with a credential member.",
        ));
    };
    let Some(credential) = request.credential else {
        return Ok(invalid_issue("credential is missing."));
    };
    let securing = match securing_of(request.options.as_ref()) {
        Ok(s) => s,
        Err(message) => return Ok(invalid_issue(&message)),
    };
    // The VC-API way to ask for a status entry: the portal gives every credential one for
    // revocation and one for suspension, so any request for that type is met.
    let asked_type = request
        .options
        .as_ref()
        .and_then(|o| o.get("credentialStatus"))
        .map(|asked| asked.get("type").and_then(Value::as_str));
    if let Some(kind) = asked_type {
        if kind != Some("BitstringStatusListEntry") {
            return Ok(invalid_issue(
                "options.credentialStatus.type must be BitstringStatusListEntry",
            ));
        }
    }
    let issuer = state.issuer().await?;
    let mut tx = state.store.begin().await?;
    match external::issue(&mut tx, &call.ctx(), &issuer, &token, credential, securing).await {
        Ok(secured) => {
            tx.commit().await?;
            Ok((
                StatusCode::CREATED,
                Json(json!({ "verifiableCredential": secured })),
            )
                .into_response())
        }
        Err(CoreError::Unreadable(message)) => Ok(invalid_issue(&message)),
        Err(e) => Err(e.into()),
    }
}

/// A VC-API status change: `{credentialId, credentialStatus: [{type, status}]}`, or the short
/// form `{credentialId, status, reason}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StatusRequest {
    credential_id: Option<String>,
    #[serde(default)]
    credential_status: Option<Value>,
    status: Option<String>,
    reason: Option<String>,
}

/// The change a status request asks for, in any of its three forms: `status`, the portal's
/// `credentialStatus: [{status}]`, or the VC-API's `credentialStatus: {type, statusPurpose}`
/// (set the bit of that purpose; with `status: false`, `"0"` or `"active"`, clear a
/// suspension).
fn requested_action(request: &StatusRequest) -> Result<StatusAction, &'static str> {
    const WORDS: &str = "status must be revoked, suspended or active.";
    if let Some(status) = request.status.as_deref() {
        return action_of(status).ok_or(WORDS);
    }
    let entry = match &request.credential_status {
        Some(Value::Array(entries)) => entries.first().ok_or(WORDS)?,
        Some(entry @ Value::Object(_)) => entry,
        _ => return Err(WORDS),
    };
    if let Some(kind) = entry.get("type") {
        // The entry's type, or (as earlier clients of the portal sent) its list's.
        if !matches!(
            kind.as_str(),
            Some("BitstringStatusListEntry" | "BitstringStatusListCredential")
        ) {
            return Err("credentialStatus.type must be BitstringStatusListEntry.");
        }
    }
    let purpose = entry.get("statusPurpose").and_then(Value::as_str);
    let status = entry.get("status");
    match (purpose, status) {
        (None, Some(Value::String(status))) => action_of(status).ok_or(WORDS),
        (Some("revocation"), None | Some(Value::Bool(true))) => Ok(StatusAction::Revoke),
        (Some("revocation"), Some(Value::String(s))) if s == "1" || s == "revoked" => {
            Ok(StatusAction::Revoke)
        }
        (Some("suspension"), None | Some(Value::Bool(true))) => Ok(StatusAction::Suspend),
        (Some("suspension"), Some(Value::String(s))) if s == "1" || s == "suspended" => {
            Ok(StatusAction::Suspend)
        }
        (Some("suspension"), Some(Value::Bool(false))) => Ok(StatusAction::Unsuspend),
        (Some("suspension"), Some(Value::String(s))) if s == "0" || s == "active" => {
            Ok(StatusAction::Unsuspend)
        }
        (Some("revocation"), Some(_)) => Err("a revocation cannot be undone."),
        (Some(_), _) => Err("credentialStatus.statusPurpose must be revocation or suspension."),
        (None, _) => Err(WORDS),
    }
}

fn action_of(text: &str) -> Option<StatusAction> {
    match text {
        "revoked" | "revoke" => Some(StatusAction::Revoke),
        "suspended" | "suspend" => Some(StatusAction::Suspend),
        "active" | "unsuspend" | "unsuspended" => Some(StatusAction::Unsuspend),
        _ => None,
    }
}

fn bad_status(detail: &str) -> Response {
    Problem::new(
        StatusCode::BAD_REQUEST,
        "invalid-status-request",
        "The status change cannot be read",
    )
    .detail(detail)
    .into_response()
}

/// Revokes, suspends or reinstates a credential issued through the VC-API (scope `status`).
#[utoipa::path(
    post,
    path = "/credentials/status",
    tag = "vc-api",
    request_body = StatusChange,
    security(("apiToken" = ["status"])),
    responses(
        (status = 200, description = "Changed; the status lists show it within a minute",
            body = serde_json::Value, example = json!({
                "credentialId": "urn:uuid:3f6b1c2e-8d4a-4f0b-9c1d-2e7a5b6c8d90",
                "status": "revoked"
            })),
        (status = 400, description = "Not a status request this portal understands",
            body = ProblemDetails, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token", body = ProblemDetails,
            content_type = "application/problem+json"),
        (status = 403, description = "The token lacks the scope `status`", body = ProblemDetails,
            content_type = "application/problem+json"),
        (status = 404, description = "No credential issued through the VC-API has this id",
            body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, description = "Not possible now (a revoked credential stays revoked)",
            body = ProblemDetails, content_type = "application/problem+json")
    )
)]
pub(crate) async fn change_status(
    State(state): State<WebState>,
    call: Call,
    parts: Parts,
    body: Bytes,
) -> Result<Response, AppError> {
    let token = api_client(&state, &parts, &call, "status").await?;
    let Ok(request) = serde_json::from_slice::<StatusRequest>(&body) else {
        return Ok(bad_status(
            "The body must be JSON with credentialId and a status.",
        ));
    };
    let Some(id) = request
        .credential_id
        .as_deref()
        .and_then(parse_credential_id)
    else {
        return Ok(bad_status(
            "credentialId must be the credential's urn:uuid id.",
        ));
    };
    let action = match requested_action(&request) {
        Ok(action) => action,
        Err(detail) => return Ok(bad_status(detail)),
    };
    let reason = match request.reason.as_deref() {
        None => StatusReason::Other,
        Some(text) => match StatusReason::parse(text) {
            Ok(r) if r != StatusReason::RecordChanged => r,
            _ => return Ok(bad_status("reason is not one of the listed reasons.")),
        },
    };
    let mut tx = state.store.begin().await?;
    let changed =
        status::change_as_client(&mut tx, &call.ctx(), token.id, id, action, reason).await?;
    tx.commit().await?;
    let body = json!({ "credentialId": format!("urn:uuid:{}", changed.id), "status": changed.status.as_str() });
    Ok((StatusCode::OK, Json(body)).into_response())
}

/// The verifier page's form: a pasted credential or QR text, or a photo of the QR code.
async fn verify_form(
    State(state): State<WebState>,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    call: Call,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let mut text = String::new();
    let mut image: Option<Vec<u8>> = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("credential") => text = field.text().await.unwrap_or_default(),
            Some("image") => {
                let bytes = field.bytes().await.unwrap_or_default();
                if !bytes.is_empty() {
                    image = Some(bytes.to_vec());
                }
            }
            _ => {}
        }
    }
    let input = match (text.trim().is_empty(), image) {
        (false, _) => PageInput::Text(text),
        (true, Some(image)) => PageInput::Photo(image),
        (true, None) => PageInput::Nothing,
    };
    let issuer = state.issuer().await?;
    let mut db = state.store.read().await?;
    let view = match verification::verify_for_page(
        &mut db,
        &call.ctx(),
        &issuer,
        &state.verifier,
        &state.documents,
        input,
    )
    .await
    {
        // The page tells the person nothing was decided and to try again.
        Err(CoreError::Busy { .. }) => VerifyView::unreadable("busy"),
        other => other?,
    };
    let token = state
        .verify_results
        .put(view, call.now, Client::of(address.ip()))
        .await?;
    Ok(Redirect::to(&format!("/verify?result={token}")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(body: Value) -> Result<StatusAction, &'static str> {
        requested_action(&serde_json::from_value::<StatusRequest>(body).unwrap())
    }

    #[test]
    fn a_status_request_is_read_in_each_of_its_forms() {
        let id = "urn:uuid:6a1b0a5e-8a3f-4c9b-9a55-0d1f2b3c4d5e";
        assert_eq!(
            read(json!({ "credentialId": id, "status": "revoked" })),
            Ok(StatusAction::Revoke)
        );
        assert_eq!(
            read(json!({ "credentialId": id, "credentialStatus": [{ "status": "suspended" }] })),
            Ok(StatusAction::Suspend)
        );
        let vc_api = |entry: Value| read(json!({ "credentialId": id, "credentialStatus": entry }));
        assert_eq!(
            vc_api(json!({ "type": "BitstringStatusListEntry", "statusPurpose": "revocation" })),
            Ok(StatusAction::Revoke)
        );
        assert_eq!(
            vc_api(json!({ "type": "BitstringStatusListEntry", "statusPurpose": "suspension" })),
            Ok(StatusAction::Suspend)
        );
        assert_eq!(
            vc_api(
                json!({ "type": "BitstringStatusListEntry", "statusPurpose": "suspension", "status": false })
            ),
            Ok(StatusAction::Unsuspend)
        );
        assert_eq!(
            vc_api(json!({ "statusPurpose": "suspension", "status": "0" })),
            Ok(StatusAction::Unsuspend)
        );
        assert!(
            vc_api(json!({ "type": "StatusList2021Entry", "statusPurpose": "revocation" }))
                .is_err()
        );
        assert!(vc_api(json!({ "statusPurpose": "message" })).is_err());
        assert!(vc_api(json!({ "statusPurpose": "revocation", "status": false })).is_err());
        assert!(vc_api(json!({})).is_err());
        assert!(read(json!({ "credentialId": id })).is_err());
        assert!(read(json!({ "credentialId": id, "credentialStatus": [] })).is_err());
        assert!(read(json!({ "credentialId": id, "status": "deleted" })).is_err());
    }
}
