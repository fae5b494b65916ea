//! Trusted helpers over HTTP: the forms of `/me/trusted` and of the staff's person page.
//!
//! | route | who | does |
//! |---|---|---|
//! | `POST /api/me/trusted` | person | grants: `helper_name`, `helper_days`, `may_book`, `may_request`; the code is shown once on `/me/trusted` |
//! | `POST /api/me/trusted/accept` | person (the helper) | enters a code: `helper_code` |
//! | `POST /api/me/trusted/{id}/end` | the person or the helper | ends it |
//! | `POST /api/me/trusted/{id}/act` | the helper | this session acts for the person from now on |
//! | `POST /api/me/trusted/stop` | a helper's session | stops acting |
//! | `POST /api/staff/delegations/{id}/end` | staff who may see the person | ends it |
//!
//! The code goes back to the granting browser in a cookie readable only by the `/me/trusted`
//! page's server render, for ten minutes: never in a URL.
//!
//! Owns: these forms. Must never: let a session acting for someone manage helpers (the gate
//! refuses; these handlers act for the account holder only, never for the person acted for).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use portal_core::trusted::{self, Ender};
use portal_domain::delegation::{DelegationId, Grant, Limits};
use portal_domain::session::Principal;

use crate::error::AppError;
use crate::extract::{Call, SignedIn, StaffMember};
use crate::forms::{clean_path, fields, parse_id, respond, ticked, Done, Fields};
use crate::session::append_set_cookie;
use crate::WebState;

/// The routes.
pub fn router() -> Router<WebState> {
    Router::new()
        .route("/api/me/trusted", post(grant))
        .route("/api/me/trusted/accept", post(accept))
        .route("/api/me/trusted/stop", post(stop))
        .route("/api/me/trusted/{id}/end", post(end))
        .route("/api/me/trusted/{id}/act", post(act))
        .route("/api/staff/delegations/{id}/end", post(staff_end))
}

/// Every path of this module, for the authorization tests' completeness check.
pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/api/me/trusted"),
    ("POST", "/api/me/trusted/accept"),
    ("POST", "/api/me/trusted/stop"),
    ("POST", "/api/me/trusted/{id}/end"),
    ("POST", "/api/me/trusted/{id}/act"),
    ("POST", "/api/staff/delegations/{id}/end"),
];

/// The cookie that carries a fresh code to the page that shows it.
pub fn code_cookie(https: bool) -> &'static str {
    if https {
        "__Host-portal_helper_code"
    } else {
        "portal_helper_code"
    }
}

/// The account holder (never the person a session acts for).
fn holder(
    signed_in: Result<SignedIn, AppError>,
) -> Result<(SignedIn, portal_domain::person::PersonId), AppError> {
    let signed_in = signed_in?;
    match signed_in.principal {
        Principal::Person(id) => Ok((signed_in, id)),
        Principal::Staff(_) => Err(AppError::WrongAccount),
    }
}

fn delegation_id(raw: &str) -> Result<DelegationId, AppError> {
    parse_id(raw).map(DelegationId)
}

async fn grant(
    State(state): State<WebState>,
    call: Call,
    signed_in: Result<SignedIn, AppError>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let field = |name: &str| form.get(name).map_or("", String::as_str);
    let mut cookie = None;
    let outcome = async {
        let (_, person) = holder(signed_in)?;
        let limits = Limits {
            may_book: ticked(&form, "may_book"),
            may_request: ticked(&form, "may_request"),
        };
        let grant = Grant::parse(field("helper_name"), limits, field("helper_days"), call.now)
            .map_err(portal_core::CoreError::Invalid)?;
        let mut tx = state.store.begin().await?;
        let granted = trusted::grant(&mut tx, &call.ctx(), person, grant).await?;
        tx.commit().await?;
        let secure = if state.config.is_https() {
            "; Secure"
        } else {
            ""
        };
        cookie = HeaderValue::from_str(&format!(
            "{}={}; Path=/me/trusted; Max-Age=600; HttpOnly; SameSite=Strict{secure}",
            code_cookie(state.config.is_https()),
            granted.code
        ))
        .ok();
        Ok(Done::new(
            StatusCode::CREATED,
            serde_json::json!({
                "id": granted.delegation.id.0.to_string(),
                "code": granted.code,
                "expires_at": granted.delegation.expires_at.to_rfc3339(),
            }),
            "/me/trusted?granted=1#code",
        ))
    }
    .await;
    let mut response = respond(&headers, outcome, "/me/trusted#grant");
    if let Some(cookie) = cookie.filter(|_| response.status().is_redirection()) {
        append_set_cookie(response.headers_mut(), cookie);
    }
    response
}

async fn accept(
    State(state): State<WebState>,
    call: Call,
    signed_in: Result<SignedIn, AppError>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let outcome = async {
        let (_, helper) = holder(signed_in)?;
        let code = form.get("helper_code").map_or("", String::as_str);
        let mut tx = state.store.begin().await?;
        let delegation = trusted::accept(&mut tx, &call.ctx(), helper, code).await?;
        tx.commit().await?;
        Ok(Done::new(
            StatusCode::OK,
            serde_json::json!({ "id": delegation.id.0.to_string() }),
            "/me/trusted?accepted=1#helping",
        ))
    }
    .await;
    respond(&headers, outcome, "/me/trusted#accept")
}

async fn end(
    State(state): State<WebState>,
    call: Call,
    signed_in: Result<SignedIn, AppError>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let outcome = async {
        let (_, me) = holder(signed_in)?;
        let id = delegation_id(&id)?;
        let mut tx = state.store.begin().await?;
        // The person who granted it, or else its helper: the use case checks which one `me` is.
        let as_person = trusted::end(&mut tx, &call.ctx(), Ender::Person(me), id).await;
        match as_person {
            Err(portal_core::CoreError::NotFound) => {
                trusted::end(&mut tx, &call.ctx(), Ender::Helper(me), id).await?;
            }
            other => other?,
        }
        tx.commit().await?;
        Ok(Done::new(
            StatusCode::OK,
            serde_json::json!({ "status": "ended" }),
            "/me/trusted?ended=1",
        ))
    }
    .await;
    respond(&headers, outcome, "/me/trusted")
}

async fn act(
    State(state): State<WebState>,
    call: Call,
    signed_in: Result<SignedIn, AppError>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let outcome = async {
        let (signed_in, helper) = holder(signed_in)?;
        let id = delegation_id(&id)?;
        let mut tx = state.store.begin().await?;
        trusted::act(&mut tx, &call.ctx(), &signed_in.session.hash, helper, id).await?;
        tx.commit().await?;
        Ok(Done::new(
            StatusCode::OK,
            serde_json::json!({ "status": "acting" }),
            "/me",
        ))
    }
    .await;
    respond(&headers, outcome, "/me/trusted")
}

async fn stop(
    State(state): State<WebState>,
    signed_in: Result<SignedIn, AppError>,
    headers: HeaderMap,
) -> Response {
    let outcome = async {
        let (signed_in, _) = holder(signed_in)?;
        let mut db = state.store.read().await?;
        trusted::stop(&mut db, &signed_in.session.hash).await?;
        Ok(Done::new(
            StatusCode::OK,
            serde_json::json!({ "status": "stopped" }),
            "/me/trusted",
        ))
    }
    .await;
    respond(&headers, outcome, "/me/trusted")
}

async fn staff_end(
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    // Back to the person's page the form was on (an id only, never other text).
    let back = format!(
        "/staff/people/{}",
        clean_path(form.get("person").map_or("", String::as_str))
    );
    let outcome = async {
        let StaffMember(staff) = staff?;
        let id = delegation_id(&id)?;
        let mut tx = state.store.begin().await?;
        trusted::end(&mut tx, &call.ctx(), Ender::Staff(&staff), id).await?;
        tx.commit().await?;
        Ok(Done::new(
            StatusCode::OK,
            serde_json::json!({ "status": "ended" }),
            format!("{back}#helpers"),
        ))
    }
    .await;
    respond(&headers, outcome, &format!("{back}#helpers"))
}
