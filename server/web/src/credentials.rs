//! Credentials over HTTP: the VC-API for partner systems, the issuer's public documents, the
//! holder's downloads, staff status changes and the verifier page's form.
//!
//! | route | who | does |
//! |---|---|---|
//! | `GET /.well-known/did.json` | anyone | the issuer's `did:web` document |
//! | `GET /status/{purpose}/{list}` | anyone | a signed `BitstringStatusListCredential` |
//! | `GET /credentials/{id}/photo` | anyone holding the credential | the photo it references |
//! | `POST /credentials/verify` | anyone (VC-API) | 200 verified, else 400/422 problem details |
//! | `POST /presentations/verify` | anyone (VC-API) | the same for a presentation |
//! | `POST /credentials/issue` | API token, scope `issue` | 201 with the signed credential |
//! | `POST /credentials/status` | API token, scope `status` | suspend, unsuspend or revoke |
//! | `POST /verify` | anyone (the verifier page's form) | 303 to `/verify?result=…` |
//! | `POST /api/me/credentials/{kind}` | person, fresh passkey | get the current credential |
//! | `GET /api/me/credentials/{id}/{file}` | person, fresh passkey | `credential.json`, `credential.jwt`, `qr.svg` |
//! | `POST /api/staff/credentials/{id}/status` | clerk/approver | suspend, unsuspend, revoke |
//! | `POST /api/staff/people/{id}/credentials` | approver | issue a new credential |
//!
//! Owns: parsing and answering these requests. Must never: answer 200 for a credential that
//! did not verify, or 500 for bad input; put credential content into a URL or a log.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use portal_credentials::model::{self, VC_V2_CONTEXT};
use portal_credentials::verify::VerificationResult;
use portal_credentials::{jcs, qr, rdfc};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;
use uuid::Uuid;

use super::error::ApiError;
use super::problem::Problem;
use super::requests::{clean_path, person_of, respond, staff_of};
use super::session;
use super::ApiState;
use portal_core::issuance::{Form as Download, Issuance, IssuanceError, Securing};
use portal_core::issuer::{Issuer, IssuerError};
use portal_core::verifier::VerifyView;
use portal_domain::credential::{CredentialKind, StatusAction, StatusReason};
use portal_domain::document::ContentAddress;
use portal_domain::tokens::TokenHash;
use portal_domain::{Field, Problem as Why, ValidationError};
use portal_storage::credentials::StoredToken;

/// Largest credential, presentation or form accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 512 * 1024;
/// Largest image accepted by the verifier form.
pub const MAX_IMAGE_BYTES: usize = portal_core::qr_image::MAX_IMAGE_BYTES;

/// The routes.
pub fn router() -> Router<ApiState> {
    Router::new()
        .route("/.well-known/did.json", get(did_document))
        .route("/status/{purpose}/{list}", get(status_list))
        .route("/credentials/{id}/photo", get(photo))
        .route("/credentials/verify", post(verify_credential))
        .route("/presentations/verify", post(verify_presentation))
        .route("/credentials/issue", post(issue))
        .route("/credentials/status", post(change_status_api))
        .route("/api/me/credentials/{kind}", post(obtain))
        .route("/api/me/credentials/{id}/{file}", get(download))
        .route("/api/staff/credentials/{id}/status", post(staff_status))
        .route("/api/staff/people/{id}/credentials", post(staff_issue))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .merge(
            Router::new()
                .route("/verify", post(verify_form))
                .layer(DefaultBodyLimit::max(MAX_IMAGE_BYTES + 64 * 1024)),
        )
}

/// Every path of this module that needs an account, for the authorization tests.
pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/api/me/credentials/{kind}"),
    ("GET", "/api/me/credentials/{id}/{file}"),
    ("POST", "/api/staff/credentials/{id}/status"),
    ("POST", "/api/staff/people/{id}/credentials"),
];

impl From<IssuerError> for ApiError {
    fn from(error: IssuerError) -> Self {
        match error {
            IssuerError::Store(e) => e.into(),
            other => {
                tracing::error!(error = %other, "issuer unavailable");
                ApiError::Unavailable
            }
        }
    }
}

impl From<IssuanceError> for ApiError {
    fn from(error: IssuanceError) -> Self {
        match error {
            IssuanceError::NotFound => ApiError::NotFound,
            IssuanceError::Refused(why) => ApiError::Forbidden("refused", why.to_string()),
            IssuanceError::Status(why) => ApiError::Forbidden("refused", why.to_string()),
            IssuanceError::Stale(what) => ApiError::Stale(what),
            IssuanceError::Invalid(message) => ApiError::NotNow(message),
            IssuanceError::Issuer(e) => e.into(),
            IssuanceError::Store(e) => e.into(),
            IssuanceError::Credential(e) => {
                tracing::error!(error = %e, "credential could not be built");
                ApiError::Internal
            }
        }
    }
}

fn request_id(headers: &HeaderMap) -> Option<&str> {
    headers.get("x-request-id").and_then(|v| v.to_str().ok())
}

async fn issuer(state: &ApiState) -> Result<Arc<Issuer>, ApiError> {
    Ok(state.issuer.current(&state.store, &state.config).await?)
}

fn issuance<'a>(state: &'a ApiState, issuer: &'a Issuer, headers: &'a HeaderMap) -> Issuance<'a> {
    Issuance {
        store: &state.store,
        documents: &state.documents,
        issuer,
        now: state.clock.now(),
        valid_days: state.config.credential_valid_days,
        trust_any_did_key: state.config.trust_any_did_key,
        request_id: request_id(headers),
    }
}

fn json_with(content_type: &'static str, cache: &'static str, body: Vec<u8>) -> Response {
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

async fn did_document(State(state): State<ApiState>) -> Result<Response, ApiError> {
    let issuer = issuer(&state).await?;
    let document = issuer.web_document().map_err(ApiError::from)?;
    let body = serde_json::to_vec(&document).map_err(|_| ApiError::Internal)?;
    Ok(json_with(
        "application/did+json",
        "public, max-age=300",
        body,
    ))
}

async fn status_list(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Path((purpose, list)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let purpose = portal_core::issuance::parse_purpose(&purpose).ok_or(ApiError::NotFound)?;
    let list: i64 = list
        .parse()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or(ApiError::NotFound)?;
    let issuer = issuer(&state).await?;
    let credential = issuance(&state, &issuer, &headers)
        .status_list_credential(purpose, list)
        .await?;
    let body = serde_json::to_vec(&credential).map_err(|_| ApiError::Internal)?;
    // Verifiers may cache a list for a minute; a revocation shows up within that time.
    Ok(json_with(
        "application/vc+ld+json",
        "public, max-age=60",
        body,
    ))
}

async fn photo(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)?;
    let credential = state
        .store
        .credential_by_id(id)
        .await?
        .filter(|c| c.status != portal_domain::credential::CredentialStatus::Revoked)
        .ok_or(ApiError::NotFound)?;
    let person = match credential.person {
        Some(p) => state.store.person_by_id(p).await?,
        None => None,
    }
    .ok_or(ApiError::NotFound)?;
    let address = person
        .photo_sha256
        .as_deref()
        .and_then(ContentAddress::parse)
        .ok_or(ApiError::NotFound)?;
    let bytes = state
        .documents
        .get(&address)
        .map_err(|_| ApiError::NotFound)?;
    let media = portal_domain::document::MediaType::sniff(&bytes).ok_or(ApiError::NotFound)?;
    let mut response = (StatusCode::OK, bytes).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(media.mime()));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// The photo referenced by a verified credential of this portal, checked against its digest.
async fn photo_for(state: &ApiState, result: &VerificationResult) -> Option<String> {
    let credential = result.credential.as_ref()?;
    let resource = credential
        .get("relatedResource")?
        .as_array()?
        .first()?
        .clone();
    let url = resource.get("id")?.as_str()?;
    let id = url
        .strip_suffix("/photo")?
        .rsplit('/')
        .next()
        .and_then(|s| Uuid::parse_str(s).ok())?;
    let stored = state.store.credential_by_id(id).await.ok()??;
    let person = state.store.person_by_id(stored.person?).await.ok()??;
    let address = ContentAddress::parse(person.photo_sha256.as_deref()?)?;
    let bytes = state.documents.get(&address).ok()?;
    model::check_related_resource(&resource, &bytes).ok()?;
    let media = portal_domain::document::MediaType::sniff(&bytes)?;
    use base64::Engine;
    Some(format!(
        "data:{};base64,{}",
        media.mime(),
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

/// A VC-API verification request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct VerifyRequest {
    verifiable_credential: Option<Value>,
    #[serde(default)]
    #[allow(dead_code)]
    options: Option<Value>,
}

fn problem_with_reasons(status: StatusCode, result: &VerificationResult) -> Response {
    let title = if status == StatusCode::BAD_REQUEST {
        "The credential cannot be read"
    } else {
        "The credential did not verify"
    };
    let code = if status == StatusCode::BAD_REQUEST {
        "malformed-credential"
    } else {
        "credential-not-verified"
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

/// The bytes the library verifies: a JSON credential as is, a string (JWS or QR payload) as
/// its text, an enveloped credential as the JWS in its `data:` URL.
fn credential_bytes(value: &Value) -> Option<Vec<u8>> {
    match value {
        Value::String(text) => Some(text.trim().as_bytes().to_vec()),
        Value::Object(object) => {
            let enveloped = object
                .get("type")
                .is_some_and(|t| t == "EnvelopedVerifiableCredential");
            if enveloped {
                // VC-JOSE-COSE: the envelope itself must be a VC 2.0 document whose id is a
                // `data:` URL of a VC-JWT.
                let v2_first = object
                    .get("@context")
                    .and_then(Value::as_array)
                    .and_then(|c| c.first())
                    .and_then(Value::as_str)
                    == Some(VC_V2_CONTEXT);
                let id = object.get("id")?.as_str()?;
                let (media, jws) = id.strip_prefix("data:")?.split_once(',')?;
                let jwt_media = matches!(
                    media,
                    "application/vc+jwt" | "application/vc-ld+jwt" | "application/jwt"
                );
                (v2_first && jwt_media).then(|| jws.as_bytes().to_vec())
            } else {
                serde_json::to_vec(value).ok()
            }
        }
        _ => None,
    }
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
                portal_credentials::verify::ReasonCode::Malformed
                    | portal_credentials::verify::ReasonCode::UnsupportedCryptosuite
            )
        });
    let status = if unreadable && result.format.is_none() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    problem_with_reasons(status, &result)
}

async fn verify_credential(
    State(state): State<ApiState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let Ok(request) = serde_json::from_slice::<VerifyRequest>(&body) else {
        return Ok(malformed(
            "The body must be JSON with a verifiableCredential member.",
        ));
    };
    let Some(bytes) = request
        .verifiable_credential
        .as_ref()
        .and_then(credential_bytes)
    else {
        return Ok(malformed(
            "verifiableCredential must be a credential object, an enveloped credential or a string.",
        ));
    };
    let issuer = issuer(&state).await?;
    let result = issuance(&state, &issuer, &headers).verify(&bytes).await?;
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

async fn verify_presentation(
    State(state): State<ApiState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let Ok(request) = serde_json::from_slice::<PresentationRequest>(&body) else {
        return Ok(malformed(
            "The body must be JSON with a verifiablePresentation member.",
        ));
    };
    let Some(presentation) = request.verifiable_presentation.filter(|p| p.is_object()) else {
        return Ok(malformed("verifiablePresentation must be an object."));
    };
    let is_vp = presentation
        .get("type")
        .map(|t| match t {
            Value::String(s) => s == "VerifiablePresentation",
            Value::Array(a) => a.iter().any(|v| v == "VerifiablePresentation"),
            _ => false,
        })
        .unwrap_or(false);
    let first_context = presentation.get("@context").and_then(|c| {
        c.as_array()
            .and_then(|a| a.first().cloned())
            .or(Some(c.clone()))
    });
    if !is_vp || first_context.as_ref().and_then(Value::as_str) != Some(VC_V2_CONTEXT) {
        return Ok(malformed(
            "A presentation needs the VC v2 context first and the type VerifiablePresentation.",
        ));
    }
    let issuer = issuer(&state).await?;
    let service = issuance(&state, &issuer, &headers);
    let mut reasons = Vec::new();
    // The presentation's own proof, when it has one (holder binding).
    if let Some(proof) = presentation.get("proof") {
        let resolver = issuer.resolver().map_err(ApiError::from)?;
        let suite = proof.get("cryptosuite").and_then(Value::as_str);
        let outcome = match suite {
            Some(jcs::CRYPTOSUITE) => {
                jcs::verify_presentation(&presentation, &resolver).map(|_| ())
            }
            Some(rdfc::CRYPTOSUITE) => {
                rdfc::verify_presentation(&presentation, &resolver, &rdfc::Contexts::portal())
                    .map(|_| ())
            }
            _ => Err(portal_credentials::CredentialError::UnsupportedCryptosuite(
                suite.unwrap_or("none").to_owned(),
            )),
        };
        if let Err(e) = outcome {
            reasons.push(json!({ "code": "presentation-proof-invalid", "message": e.to_string() }));
        }
        let wanted = request
            .options
            .as_ref()
            .and_then(|o| o.get("challenge"))
            .and_then(Value::as_str);
        if let Some(challenge) = wanted {
            if proof.get("challenge").and_then(Value::as_str) != Some(challenge) {
                reasons.push(json!({ "code": "challenge-mismatch", "message": "The presentation was not made for this challenge." }));
            }
        }
    }
    let credentials: Vec<Value> = match presentation.get("verifiableCredential") {
        None => Vec::new(),
        Some(Value::Array(items)) => items.clone(),
        Some(one) => vec![one.clone()],
    };
    let mut results = Vec::new();
    for credential in &credentials {
        let Some(bytes) = credential_bytes(credential) else {
            return Ok(malformed("A verifiableCredential entry cannot be read."));
        };
        let result = service.verify(&bytes).await?;
        for reason in &result.reasons {
            reasons.push(json!({ "code": reason.code.as_str(), "message": reason.message }));
        }
        results.push(json!({
            "verified": result.verified,
            "checks": result.checks,
            "warnings": result.warnings,
        }));
    }
    if reasons.is_empty() {
        return Ok((
            StatusCode::OK,
            Json(json!({ "verified": true, "credentialResults": results })),
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
    .with("reasons", Value::Array(reasons))
    .with("credentialResults", Value::Array(results))
    .into_response())
}

fn unauthorized() -> Response {
    let mut response = Problem::new(
        StatusCode::UNAUTHORIZED,
        "invalid-token",
        "A valid API token is required",
    )
    .detail("Send Authorization: Bearer <token> with a token an administrator created.")
    .into_response();
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

/// The API token of the request, if it is valid and has `scope`; else the response to send.
async fn client(
    state: &ApiState,
    headers: &HeaderMap,
    scope: &str,
) -> Result<Result<StoredToken, Response>, ApiError> {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .and_then(portal_domain::tokens::SecretToken::parse);
    let Some(token) = presented else {
        return Ok(Err(unauthorized()));
    };
    let hash: TokenHash = token.hash();
    let Some(stored) = state
        .store
        .use_api_token(hash.as_str(), state.clock.now())
        .await?
    else {
        return Ok(Err(unauthorized()));
    };
    if !stored.scopes.iter().any(|s| s == scope) {
        return Ok(Err(Problem::new(
            StatusCode::FORBIDDEN,
            "insufficient-scope",
            "This token may not do that",
        )
        .detail(format!("The token needs the scope {scope}."))
        .into_response()));
    }
    Ok(Ok(stored))
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

async fn issue(
    State(state): State<ApiState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let token = match client(&state, &headers, "issue").await? {
        Ok(token) => token,
        Err(response) => return Ok(response),
    };
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
    let issuer = issuer(&state).await?;
    match issuance(&state, &issuer, &headers)
        .issue_external(token.id, credential, securing)
        .await
    {
        Ok(secured) => Ok((
            StatusCode::CREATED,
            Json(json!({ "verifiableCredential": secured })),
        )
            .into_response()),
        Err(IssuanceError::Invalid(message)) => Ok(invalid_issue(&message)),
        Err(e) => Err(e.into()),
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

/// A VC-API status change: `{credentialId, credentialStatus: [{type, status}]}`, or the short
/// form `{credentialId, status, reason}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StatusRequest {
    credential_id: Option<String>,
    #[serde(default)]
    credential_status: Vec<Value>,
    status: Option<String>,
    reason: Option<String>,
}

fn action_of(text: &str) -> Option<StatusAction> {
    match text {
        "revoked" | "revoke" => Some(StatusAction::Revoke),
        "suspended" | "suspend" => Some(StatusAction::Suspend),
        "active" | "unsuspend" | "unsuspended" => Some(StatusAction::Unsuspend),
        _ => None,
    }
}

async fn change_status_api(
    State(state): State<ApiState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let token = match client(&state, &headers, "status").await? {
        Ok(token) => token,
        Err(response) => return Ok(response),
    };
    let bad = |detail: &str| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "invalid-status-request",
            "The status change cannot be read",
        )
        .detail(detail)
        .into_response()
    };
    let Ok(request) = serde_json::from_slice::<StatusRequest>(&body) else {
        return Ok(bad("The body must be JSON with credentialId and a status."));
    };
    let Some(id) = request
        .credential_id
        .as_deref()
        .and_then(Issuance::parse_credential_id)
    else {
        return Ok(bad("credentialId must be the credential's urn:uuid id."));
    };
    let wanted = request.status.clone().or_else(|| {
        request
            .credential_status
            .first()
            .and_then(|s| s.get("status"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    });
    let Some(action) = wanted.as_deref().and_then(action_of) else {
        return Ok(bad("status must be revoked, suspended or active."));
    };
    let reason = match request.reason.as_deref() {
        None => StatusReason::Other,
        Some(text) => match StatusReason::parse(text) {
            Ok(r) if r != StatusReason::RecordChanged => r,
            _ => return Ok(bad("reason is not one of the listed reasons.")),
        },
    };
    let issuer = issuer(&state).await?;
    let service = issuance(&state, &issuer, &headers);
    // Partner tokens manage only the credentials issued through the VC-API.
    match state.store.credential_by_id(id).await? {
        Some(c) if c.kind == CredentialKind::External => {}
        _ => return Err(ApiError::NotFound),
    }
    let changed = service
        .change_status_as_client(token.id, id, action, reason)
        .await?;
    Ok((
        StatusCode::OK,
        Json(json!({ "credentialId": format!("urn:uuid:{}", changed.id), "status": changed.status.as_str() })),
    )
        .into_response())
}

/// The verifier page's form: a pasted credential or QR text, or a photo of the QR code.
async fn verify_form(
    State(state): State<ApiState>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, ApiError> {
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
    let now = state.clock.now();
    let input = if !text.trim().is_empty() {
        Ok(text.trim().as_bytes().to_vec())
    } else if let Some(image) = image {
        portal_core::qr_image::read_qr(&image)
            .map(String::into_bytes)
            .map_err(|e| match e {
                portal_core::qr_image::QrImageError::NoCode => "no-qr-code",
                portal_core::qr_image::QrImageError::TooLarge => "image-too-large",
                portal_core::qr_image::QrImageError::NotAnImage => "not-an-image",
            })
    } else {
        Err("empty")
    };
    let view = match input {
        Err(code) => VerifyView::unreadable(code),
        Ok(bytes) => {
            let issuer = issuer(&state).await?;
            let result = issuance(&state, &issuer, &headers).verify(&bytes).await?;
            let mut view = VerifyView::of(&result);
            if view.photo_missing && result.credential.is_some() {
                view.photo = photo_for(&state, &result).await;
                view.photo_missing = view.photo.is_none();
            }
            view
        }
    };
    let token = state.verify_results.put(view, now);
    Ok(Redirect::to(&format!("/verify?result={token}")).into_response())
}

fn parse_kind(raw: &str) -> Result<CredentialKind, ApiError> {
    match CredentialKind::parse(raw) {
        Ok(kind @ (CredentialKind::Registration | CredentialKind::Household)) => Ok(kind),
        _ => Err(ApiError::NotFound),
    }
}

/// Whether the person's session proved presence within the re-authentication window.
async fn fresh(state: &ApiState, headers: &HeaderMap) -> Result<bool, ApiError> {
    let now = state.clock.now();
    let current = session::current(
        &state.store,
        headers,
        &state.policy,
        now,
        state.config.is_https(),
    )
    .await?;
    Ok(current.is_some_and(|c| state.policy.is_recently_authenticated(&c.session, now)))
}

fn reauth_needed() -> ApiError {
    ApiError::Forbidden(
        "reauthentication-required",
        "Use your passkey again to show or download a credential.".to_owned(),
    )
}

async fn obtain(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Path(kind): Path<String>,
) -> Response {
    let outcome = async {
        let person = person_of(&state, &headers).await?;
        let kind = parse_kind(&kind)?;
        if !fresh(&state, &headers).await? {
            return Err(reauth_needed());
        }
        let issuer = issuer(&state).await?;
        let credential = issuance(&state, &issuer, &headers)
            .obtain(person, kind)
            .await?;
        Ok((
            StatusCode::OK,
            json!({ "id": credential.id, "kind": credential.kind.as_str(), "status": credential.status.as_str() }),
            format!("/me/credentials/{}", credential.id),
        ))
    }
    .await;
    respond(&headers, outcome, "/me/credentials")
}

async fn download(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let person = person_of(&state, &headers).await?;
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)?;
    if !fresh(&state, &headers).await? {
        return Err(reauth_needed());
    }
    let issuer = issuer(&state).await?;
    let credential = issuance(&state, &issuer, &headers)
        .of_person(person, id)
        .await?;
    let (form, content_type, name) = match file.as_str() {
        "credential.json" => (Download::Json, "application/vc+ld+json", "credential.json"),
        "credential.jwt" => (Download::Jwt, "application/vc+jwt", "credential.jwt"),
        "qr.svg" => (Download::Qr, "image/svg+xml", "credential-qr.svg"),
        _ => return Err(ApiError::NotFound),
    };
    let text = Issuance::form(&credential, form).ok_or(ApiError::NotFound)?;
    let body = if form == Download::Qr {
        let value: Value = serde_json::from_str(text).map_err(|_| ApiError::Internal)?;
        let payload = qr::encode_credential_json(&value).map_err(|_| ApiError::Internal)?;
        qr::render_svg(&payload).map_err(|_| ApiError::Internal)?
    } else {
        text.to_owned()
    };
    let mut response = (StatusCode::OK, body).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// The staff status form.
#[derive(Debug, Deserialize)]
struct StatusForm {
    action: String,
    reason: String,
    #[serde(default)]
    version: Option<i64>,
}

fn staff_role(staff: &portal_domain::staff::Staff, action: StatusAction) -> &'static str {
    use portal_domain::staff::StaffRole;
    if action == StatusAction::Suspend && !staff.account.roles.contains(&StaffRole::Approver) {
        "clerk"
    } else {
        "approver"
    }
}

async fn staff_status(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<StatusForm>,
) -> Response {
    let mut back = "/staff/people".to_owned();
    let outcome = async {
        let staff = staff_of(&state, &headers).await?;
        let id = Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)?;
        let credential = state
            .store
            .credential_by_id(id)
            .await?
            .ok_or(ApiError::NotFound)?;
        let person = credential.person.ok_or(ApiError::NotFound)?;
        let office = state
            .store
            .office_of_person(person)
            .await?
            .ok_or(ApiError::NotFound)?;
        if !portal_domain::policy::may_view_person(&staff, &office) {
            return Err(ApiError::NotFound);
        }
        back = format!(
            "/staff/people/{}#credentials",
            clean_path(&person.0.to_string())
        );
        let action =
            StatusAction::parse(&form.action).map_err(|e| ApiError::Validation(vec![e]))?;
        let reason = StatusReason::parse(&form.reason)
            .ok()
            .filter(|r| StatusReason::CHOOSABLE.contains(r))
            .ok_or_else(|| {
                ApiError::Validation(vec![ValidationError::new(
                    Field::Reason,
                    Why::NotOneOf("a reason from the list"),
                )])
            })?;
        let issuer = issuer(&state).await?;
        let changed = issuance(&state, &issuer, &headers)
            .change_status(
                &staff,
                staff_role(&staff, action),
                id,
                form.version,
                action,
                reason,
            )
            .await?;
        Ok((
            StatusCode::OK,
            json!({ "id": changed.id, "status": changed.status.as_str() }),
            back.clone(),
        ))
    }
    .await;
    let fallback = back.replace("#credentials", "");
    respond(&headers, outcome, &fallback)
}

/// The staff issue form.
#[derive(Debug, Deserialize)]
struct IssueForm {
    kind: String,
}

async fn staff_issue(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<IssueForm>,
) -> Response {
    let back = format!("/staff/people/{}", clean_path(&id));
    let outcome = async {
        let staff = staff_of(&state, &headers).await?;
        let person = Uuid::parse_str(&id)
            .map(portal_domain::person::PersonId)
            .map_err(|_| ApiError::NotFound)?;
        let office = state
            .store
            .office_of_person(person)
            .await?
            .ok_or(ApiError::NotFound)?;
        if !portal_domain::policy::may_view_person(&staff, &office) {
            return Err(ApiError::NotFound);
        }
        let kind = parse_kind(&form.kind)?;
        let issuer = issuer(&state).await?;
        let credential = issuance(&state, &issuer, &headers)
            .staff_issue(&staff, "approver", person, kind)
            .await?;
        Ok((
            StatusCode::CREATED,
            json!({ "id": credential.id, "kind": credential.kind.as_str() }),
            format!("{back}#credentials"),
        ))
    }
    .await;
    respond(&headers, outcome, &back)
}
