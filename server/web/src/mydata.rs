//! "My data" as a file: everything the portal holds about the signed-in person.
//!
//! | route | does |
//! |---|---|
//! | `GET /api/me/data.json` | the export (`refugee-portal/my-data/1`), as a download; audited |
//!
//! Owns: the export over HTTP. Must never: be cached anywhere on the way, or answer without a
//! person's session.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use portal_core::mydata;

use crate::error::AppError;
use crate::extract::{Call, Me};
use crate::WebState;

/// The routes.
pub fn router() -> Router<WebState> {
    Router::new().route("/api/me/data.json", get(export))
}

/// Every path of this module, for the authorization tests' completeness check.
pub const ROUTES: &[(&str, &str)] = &[("GET", "/api/me/data.json")];

async fn export(
    State(state): State<WebState>,
    call: Call,
    Me(person): Me,
) -> Result<Response, AppError> {
    let mut tx = state.store.begin().await?;
    let data = mydata::gather(&mut tx, &call.ctx(), &state.documents, person).await?;
    tx.commit().await?;
    let body = serde_json::to_vec_pretty(&data.to_json())
        .map_err(|e| AppError::Core(portal_core::CoreError::Setup(e.to_string())))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"my-data.json\""),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        body,
    )
        .into_response())
}
