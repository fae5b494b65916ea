//! Liveness and readiness probes for operators and orchestrators.
//!
//! `/healthz` answers while the process runs; `/readyz` only when the database answers too.
//! Owns: the probe endpoints. Must never: reveal versions, configuration or data.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;

use crate::error::AppError;
use crate::listed::Listed;
use crate::WebState;

/// The probe routes.
pub fn routes() -> Listed<WebState> {
    Listed::new()
        .get("/healthz", healthz)
        .get("/readyz", readyz)
}

/// Liveness: the process runs.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "operations",
    responses((status = 200, description = "`{\"status\": \"ok\"}`", body = serde_json::Value,
        example = json!({ "status": "ok" })))
)]
pub(crate) async fn healthz() -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(serde_json::json!({ "status": "ok" })),
    )
}

/// Readiness: the process runs and its database answers.
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "operations",
    responses(
        (status = 200, description = "`{\"status\": \"ready\"}`", body = serde_json::Value,
            example = json!({ "status": "ready" })),
        (status = 503, description = "The database does not answer", body = crate::schemas::ProblemDetails,
            content_type = "application/problem+json")
    )
)]
pub(crate) async fn readyz(State(state): State<WebState>) -> Result<impl IntoResponse, AppError> {
    state.store.ping().await.map_err(|error| {
        tracing::warn!(error = %error, "readiness check failed");
        AppError::from(portal_storage::StoreError::Connect(
            "the database does not answer".into(),
        ))
    })?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(serde_json::json!({ "status": "ready" })),
    ))
}
