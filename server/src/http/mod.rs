//! The machine-facing HTTP surface: health probes now, the VC-API and partner APIs later.
//!
//! Owns: JSON endpoints and the single mapping from errors to HTTP ([`error`]).
//! Must never: render HTML (the `app` crate does), or answer with a bare 500 body.

pub mod error;
pub mod health;
pub mod problem;

use axum::Router;

use crate::storage::Store;

/// Shared state of the JSON endpoints.
#[derive(Clone, Debug)]
pub struct ApiState {
    /// The database.
    pub store: Store,
}

/// All machine-facing routes, ready to merge into the application router.
pub fn router(state: ApiState) -> Router {
    Router::new().merge(health::router()).with_state(state)
}
