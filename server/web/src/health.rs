//! Liveness and readiness probes for operators and orchestrators.
//!
//! `/healthz` answers while the process runs; `/readyz` only when the database answers too.
//! Owns: the probe endpoints. Must never: reveal versions, configuration or data.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};

use crate::error::AppError;
use crate::WebState;

/// The probe routes.
pub fn router() -> Router<WebState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

async fn healthz() -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(serde_json::json!({ "status": "ok" })),
    )
}

async fn readyz(State(state): State<WebState>) -> Result<impl IntoResponse, AppError> {
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
