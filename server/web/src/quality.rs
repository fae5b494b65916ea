//! Data-quality findings over HTTP: the review list's buttons post here.
//!
//! | route | who | does |
//! |---|---|---|
//! | `POST /api/staff/quality/{id}` | clerk/approver of the finding's office | marks it `resolved`, `false_positive` or `escalated` (`status`) |
//!
//! Browsers go back to `/staff/quality` (with `done=` or the problem's code); programs get
//! JSON or problem details. Owns: parsing the form. Must never: decide (the core does).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use portal_core::CoreError;
use portal_domain::{Field, Problem, ValidationError};
use portal_storage::quality::FindingStatus;

use crate::error::AppError;
use crate::extract::{Call, StaffMember};
use crate::forms::{fields, parse_id, respond, Done, Fields};
use crate::WebState;

/// The routes.
pub fn router() -> Router<WebState> {
    Router::new().route("/api/staff/quality/{id}", post(decide))
}

/// Every path of this module, for the authorization tests' completeness check.
pub const ROUTES: &[(&str, &str)] = &[("POST", "/api/staff/quality/{id}")];

async fn decide(
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let shown = form
        .get("shown")
        .and_then(|s| FindingStatus::parse(s))
        .unwrap_or(FindingStatus::Open);
    let back = format!("/staff/quality?status={}", shown.as_str());
    let outcome = async {
        let StaffMember(staff) = staff?;
        let id = parse_id(&id)?;
        let status = form
            .get("status")
            .and_then(|s| FindingStatus::parse(s.trim()))
            .filter(|s| *s != FindingStatus::Open)
            .ok_or_else(|| {
                CoreError::Invalid(vec![ValidationError::new(
                    Field::Status,
                    Problem::NotOneOf("resolved, false_positive, escalated"),
                )])
            })?;
        let mut tx = state.store.begin().await?;
        portal_core::quality::decide(&mut tx, &call.ctx(), &staff, id, status).await?;
        tx.commit().await?;
        Ok(Done::new(
            StatusCode::OK,
            serde_json::json!({ "status": status.as_str() }),
            format!("{back}&done={}", status.as_str()),
        ))
    }
    .await;
    respond(&headers, outcome, &back)
}
