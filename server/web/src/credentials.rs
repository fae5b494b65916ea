//! A person's credentials and staff status changes over HTTP.
//!
//! | route | who | does |
//! |---|---|---|
//! | `POST /api/me/credentials/{kind}` | person, fresh passkey | get the current credential (`then=wallet`: and go to its wallet section) |
//! | `GET /api/me/credentials/{id}/{file}` | person, fresh passkey | `credential.json`, `credential.jwt`, `qr.svg` |
//! | `POST /api/staff/credentials/{id}/status` | clerk/approver | suspend, unsuspend, revoke |
//! | `POST /api/staff/people/{id}/credentials` | approver | issue a new credential |
//!
//! Owns: parsing these requests and the download formats. Must never: show or hand out a
//! credential to a session that has not used its passkey within minutes.

use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use portal_core::credentials::{self as issuance, status, Form as Download};
use portal_core::CoreError;
use portal_domain::credential::{CredentialKind, StatusAction, StatusReason};
use portal_domain::person::PersonId;
use portal_domain::{Field, Problem, ValidationError};
use serde::Deserialize;
use serde_json::json;

use crate::error::AppError;
use crate::extract::{Call, FreshMe, StaffMember};
use crate::forms::{clean_path, fields, parse_id, respond, Done, Fields};
use crate::WebState;

/// Largest form accepted, in bytes.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// The routes.
pub fn router() -> Router<WebState> {
    Router::new()
        .route("/api/me/credentials/{kind}", post(obtain))
        .route("/api/me/credentials/{id}/{file}", get(download))
        .route("/api/staff/credentials/{id}/status", post(staff_status))
        .route("/api/staff/people/{id}/credentials", post(staff_issue))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

/// Every path of this module, for the authorization tests.
pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/api/me/credentials/{kind}"),
    ("GET", "/api/me/credentials/{id}/{file}"),
    ("POST", "/api/staff/credentials/{id}/status"),
    ("POST", "/api/staff/people/{id}/credentials"),
];

fn parse_kind(raw: &str) -> Result<CredentialKind, AppError> {
    match CredentialKind::parse(raw) {
        Ok(kind @ (CredentialKind::Registration | CredentialKind::Household)) => Ok(kind),
        _ => Err(CoreError::NotFound.into()),
    }
}

async fn obtain(
    State(state): State<WebState>,
    call: Call,
    me: Result<FreshMe, AppError>,
    headers: HeaderMap,
    Path(kind): Path<String>,
    form: Fields,
) -> Response {
    // "Add to a wallet app" on the card: the same credential, then its wallet section.
    let then_wallet = fields(form).get("then").is_some_and(|t| t == "wallet");
    let outcome = async {
        let FreshMe(person) = me?;
        let kind = parse_kind(&kind)?;
        let issuer = state.issuer().await?;
        let mut tx = state.store.begin().await?;
        let credential = issuance::obtain(&mut tx, &call.ctx(), &state.issuing(&issuer), person, kind).await?;
        tx.commit().await?;
        Ok(Done::new(
            StatusCode::OK,
            json!({ "id": credential.id, "kind": credential.kind.as_str(), "status": credential.status.as_str() }),
            if then_wallet {
                format!("/me/credentials/{}#wallet", credential.id)
            } else {
                format!("/me/credentials/{}", credential.id)
            },
        ))
    }
    .await;
    respond(&headers, outcome, "/me/credentials")
}

async fn download(
    State(state): State<WebState>,
    FreshMe(person): FreshMe,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let (form, content_type, name) = match file.as_str() {
        "credential.json" => (Download::Json, "application/vc+ld+json", "credential.json"),
        "credential.jwt" => (Download::Jwt, "application/vc+jwt", "credential.jwt"),
        "qr.svg" => (Download::Qr, "image/svg+xml", "credential-qr.svg"),
        _ => return Err(CoreError::NotFound.into()),
    };
    let mut db = state.store.read().await?;
    let credential = issuance::of_person(&mut db, person, id).await?;
    let body = match form {
        Download::Qr => issuance::qr_svg(&credential)?,
        _ => issuance::form(&credential, form)
            .ok_or(CoreError::NotFound)?
            .to_owned(),
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

async fn staff_status(
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<StatusForm>,
) -> Response {
    let mut back = "/staff/people".to_owned();
    let outcome = async {
        let StaffMember(staff) = staff?;
        let id = parse_id(&id)?;
        let mut tx = state.store.begin().await?;
        let (_, person) = status::of_staff_office(&mut tx, &staff, id).await?;
        back = format!(
            "/staff/people/{}#credentials",
            clean_path(&person.0.to_string())
        );
        let action = StatusAction::parse(&form.action)?;
        let reason = StatusReason::parse(&form.reason).map_err(|_| {
            ValidationError::new(Field::Reason, Problem::NotOneOf("a reason from the list"))
        })?;
        let changed = status::change(
            &mut tx,
            &call.ctx(),
            &staff,
            id,
            form.version,
            action,
            reason,
        )
        .await?;
        tx.commit().await?;
        Ok(Done::new(
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
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<IssueForm>,
) -> Response {
    let back = format!("/staff/people/{}", clean_path(&id));
    let outcome = async {
        let StaffMember(staff) = staff?;
        let person = PersonId(parse_id(&id)?);
        let kind = parse_kind(&form.kind)?;
        let issuer = state.issuer().await?;
        let mut tx = state.store.begin().await?;
        let credential = issuance::staff_issue(
            &mut tx,
            &call.ctx(),
            &state.issuing(&issuer),
            &staff,
            person,
            kind,
        )
        .await?;
        tx.commit().await?;
        Ok(Done::new(
            StatusCode::CREATED,
            json!({ "id": credential.id, "kind": credential.kind.as_str() }),
            format!("{back}#credentials"),
        ))
    }
    .await;
    respond(&headers, outcome, &back)
}
