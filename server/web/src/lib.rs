//! The machine-facing HTTP surface: health probes now, the VC-API and partner APIs later.
//!
//! Owns: JSON endpoints and the single mapping from errors to HTTP ([`error`]).
//! Must never: render HTML (the `app` crate does), or answer with a bare 500 body.

pub mod appointments;
pub mod auth;
pub mod ceremony;
pub mod credentials;
pub mod csrf;
pub mod error;
pub mod health;
pub mod language;
pub mod passkey_management;
pub mod problem;
pub mod rate_limit;
pub mod requests;
pub mod session;

use std::sync::Arc;

use axum::Router;

use portal_core::auth::passkeys::PasskeyService;
use portal_core::config::Config;
use portal_domain::clock::SharedClock;
use portal_domain::session::SessionPolicy;
use portal_storage::Store;

/// Shared state of the JSON endpoints.
#[derive(Clone)]
pub struct ApiState {
    /// The database.
    pub store: Store,
    /// The configuration.
    pub config: Arc<Config>,
    /// The clock.
    pub clock: SharedClock,
    /// The WebAuthn relying party.
    pub passkeys: PasskeyService,
    /// Session lifetimes.
    pub policy: SessionPolicy,
    /// Attempt budgets of sign-in and enrollment.
    pub limiter: rate_limit::RateLimiter,
    /// Supporting documents on disk.
    pub documents: portal_storage::documents::DocumentStore,
    /// Wakes the notification mail job after a decision or a question.
    pub mail_wake: Arc<tokio::sync::Notify>,
    /// The portal as an issuer of credentials.
    pub issuer: portal_core::issuer::IssuerCache,
    /// Verifier page results waiting to be shown.
    pub verify_results: portal_core::verifier::VerifyResults,
}

/// All machine-facing routes, ready to merge into the application router.
pub fn router(state: ApiState) -> Router {
    let limited = auth::router()
        .merge(passkey_management::router())
        .route_layer(axum::middleware::from_fn_with_state(
            state.limiter.clone(),
            rate_limit::limit,
        ));
    let max_document_bytes = state.config.document_max_bytes();
    Router::new()
        .merge(health::router())
        .merge(limited)
        .merge(requests::router(max_document_bytes))
        .merge(appointments::router())
        .merge(credentials::router())
        .with_state(state)
}
