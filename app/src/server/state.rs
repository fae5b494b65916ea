//! What every request handler and server function can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use portal_core::auth::passkeys::PasskeyService;
use portal_core::Config;
use portal_domain::clock::SharedClock;
use portal_domain::session::SessionPolicy;
use portal_storage::Store;
use portal_web::rate_limit::RateLimiter;
use portal_web::ApiState;

/// Shared application state, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Leptos' settings (site root, output name).
    pub leptos_options: LeptosOptions,
    /// The database.
    pub store: Store,
    /// The validated configuration.
    pub config: Arc<Config>,
    /// The clock.
    pub clock: SharedClock,
    /// The WebAuthn relying party.
    pub passkeys: PasskeyService,
    /// Session lifetimes.
    pub policy: SessionPolicy,
    /// Attempt budgets of sign-in and enrollment, shared by all requests.
    pub limiter: RateLimiter,
    /// Supporting documents on disk.
    pub documents: portal_storage::documents::DocumentStore,
    /// Wakes the notification mail job.
    pub mail_wake: Arc<tokio::sync::Notify>,
    /// The portal as an issuer of credentials (reloaded when keys change).
    pub issuer: portal_core::issuer::IssuerCache,
    /// Verifier page results waiting to be shown.
    pub verify_results: portal_core::verifier::VerifyResults,
}

impl AppState {
    /// The update request workflow at this instant, for the given HTTP request id.
    pub fn workflow<'a>(
        &'a self,
        request_id: Option<&'a str>,
    ) -> portal_core::workflow::Workflow<'a> {
        portal_core::workflow::Workflow {
            store: &self.store,
            documents: &self.documents,
            now: self.clock.now(),
            max_document_bytes: self.config.document_max_bytes(),
            request_id,
        }
    }

    /// The credential service at this instant, with the issuer as currently loaded.
    pub fn issuance<'a>(
        &'a self,
        issuer: &'a portal_core::issuer::Issuer,
    ) -> portal_core::issuance::Issuance<'a> {
        portal_core::issuance::Issuance {
            store: &self.store,
            documents: &self.documents,
            issuer,
            now: self.clock.now(),
            valid_days: self.config.credential_valid_days,
            trust_any_did_key: self.config.trust_any_did_key,
            request_id: None,
        }
    }

    /// The state of the JSON endpoints.
    pub fn api(&self) -> ApiState {
        ApiState {
            store: self.store.clone(),
            config: self.config.clone(),
            clock: self.clock.clone(),
            passkeys: self.passkeys.clone(),
            policy: self.policy,
            limiter: self.limiter.clone(),
            documents: self.documents.clone(),
            mail_wake: self.mail_wake.clone(),
            issuer: self.issuer.clone(),
            verify_results: self.verify_results.clone(),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
