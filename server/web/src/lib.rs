//! The portal's web adapter: everything between HTTP and the use cases of `portal-core`.
//!
//! Each handler parses the request, finds out who is asking ([`extract`]), calls one use case
//! (opening and committing its transaction), and answers; failures go through the one mapping
//! of [`error::AppError`] to RFC 9457 problem details. The app crate's server functions use
//! the same extractors and errors.
//!
//! | module | owns |
//! |---|---|
//! | [`error`], [`problem`] | the one error type and its HTTP form |
//! | [`extract`], [`session`], [`gate`] | who is asking: the session (read once), the sign-in gate |
//! | [`forms`] | answering form posts as a page or as JSON |
//! | [`csrf`], [`rate_limit`] | same-origin checks, attempt budgets |
//! | [`auth`], [`account`], [`language`] | passkey ceremonies, an account's passkeys, the language cookie |
//! | [`requests`], [`appointments`], [`credentials`], [`vc_api`] | the JSON and form endpoints |
//! | [`oid4vci`] | issuing to wallet apps (OpenID4VCI) |
//! | [`oid4vp`] | asking wallet apps for a proof (OpenID4VP, the verifier's side) |
//! | [`health`], [`metrics`] | probes, Prometheus metrics |
//! | [`openapi`], [`schemas`], [`listed`] | the OpenAPI document of the machine-facing routes, its schemas, and the router that lists them |
//!
//! Must never: render HTML (the `app` crate does), decide anything a use case decides, or
//! answer with a bare 500 body.

pub mod account;
pub mod admin;
pub mod appointments;
pub mod auth;
pub mod credentials;
pub mod csrf;
pub mod drafts;
pub mod error;
pub mod extract;
pub mod forms;
pub mod forwarded;
pub mod gate;
pub mod health;
pub mod help;
pub mod language;
pub mod listed;
pub mod messages;
pub mod metrics;
pub mod mydata;
pub mod oid4vci;
pub mod oid4vp;
pub mod openapi;
pub mod people;
pub mod problem;
pub mod quality;
pub mod rate_limit;
pub mod reports;
pub mod requests;
pub mod schemas;
pub mod session;
pub mod trusted;
pub mod vc_api;

use std::sync::Arc;

use axum::Router;
use portal_core::auth::enrollment::Ceremonies;
use portal_core::auth::passkeys::PasskeyService;
use portal_core::credentials::issuer::{Issuer, IssuerCache};
use portal_core::credentials::results::VerifyResults;
use portal_core::credentials::verification::Verifier;
use portal_core::credentials::Issuing;
use portal_core::requests::Documents;
use portal_core::Config;
use portal_domain::clock::SharedClock;
use portal_domain::session::SessionPolicy;
use portal_storage::changes::ChangeCounts;
use portal_storage::documents::DocumentStore;
use portal_storage::Store;

pub use error::AppError;

/// What every handler can reach: one allocation shared by every request, so cloning it (each
/// extractor and middleware does) is one reference count.
#[derive(Clone)]
pub struct WebState(Arc<Shared>);

impl std::ops::Deref for WebState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The parts of [`WebState`].
pub struct Shared {
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
    /// Attempt budgets of sign-in and enrollment (in the database on PostgreSQL).
    pub limiter: rate_limit::RateLimiter,
    /// Supporting documents and photos on disk.
    pub documents: DocumentStore,
    /// Wakes the notification mail job after a change that tells a person something.
    pub mail_wake: Arc<tokio::sync::Notify>,
    /// The portal as an issuer of credentials.
    pub issuer: IssuerCache,
    /// Verifier page results waiting to be shown (in the database on PostgreSQL).
    pub verify_results: VerifyResults,
    /// How credentials are checked, and the pool the checks run on.
    pub verifier: Verifier,
    /// Verification budgets per client address (the open verify routes and page uploads).
    pub verify_limiter: rate_limit::RateLimiter,
    /// Issuing budgets per API token.
    pub issue_limiter: rate_limit::RateLimiter<uuid::Uuid>,
    /// This instance's request and sign-in counters (`GET /metrics`).
    pub metrics: metrics::Metrics,
}

impl WebState {
    /// What the passkey ceremonies work with.
    pub fn ceremonies(&self) -> Ceremonies<'_> {
        Ceremonies {
            store: &self.store,
            passkeys: &self.passkeys,
            policy: &self.policy,
        }
    }

    /// Where supporting documents go and how large one may be.
    pub fn documents(&self) -> Documents<'_> {
        Documents {
            store: &self.documents,
            max_bytes: self.config.document_max_bytes(),
            per_day: self.config.documents_per_day,
        }
    }

    /// The issuer as currently loaded (reloaded when the keys changed).
    pub async fn issuer(&self) -> Result<Arc<Issuer>, AppError> {
        Ok(self
            .issuer
            .current(&self.store, &self.config, std::time::Instant::now())
            .await?)
    }

    /// The issuer and the change counts a check of a credential stands on (see
    /// `IssuerCache::for_checking`: within a second of the last read, no query).
    pub async fn issuer_for_checking(&self) -> Result<(Arc<Issuer>, ChangeCounts), AppError> {
        Ok(self
            .issuer
            .for_checking(&self.store, &self.config, std::time::Instant::now())
            .await?)
    }

    /// What issuing needs, with `issuer`.
    pub fn issuing<'a>(&'a self, issuer: &'a Issuer) -> Issuing<'a> {
        Issuing {
            issuer,
            photos: &self.documents,
            valid_days: self.config.credential_valid_days,
        }
    }

    /// How long before an appointment a person may still change it online.
    pub fn cutoff(&self) -> chrono::Duration {
        chrono::Duration::hours(i64::from(self.config.appointment_cutoff_hours))
    }

    /// Tells the mail job there is something to send.
    pub fn wake_mail(&self) {
        self.mail_wake.notify_one();
    }
}

impl WebState {
    /// The state for `config`, an opened store and a clock: the passkey relying party of the
    /// public URL, the configured session lifetimes and limits, empty caches.
    pub fn new(config: Config, store: Store, clock: SharedClock) -> portal_core::CoreResult<Self> {
        Ok(WebState(Arc::new(Shared {
            passkeys: PasskeyService::new(&config.public_url, PRODUCT_NAME)?,
            policy: config.session_policy(),
            limiter: rate_limit::RateLimiter::for_store(
                &store,
                "sign-in",
                clock.clone(),
                config.attempts_per_minute,
            ),
            documents: DocumentStore::under(&config.data_dir),
            mail_wake: Arc::new(tokio::sync::Notify::new()),
            issuer: IssuerCache::new(),
            verify_results: VerifyResults::for_store(&store),
            verifier: Verifier::from_config(&config),
            verify_limiter: rate_limit::RateLimiter::for_store(
                &store,
                "verify",
                clock.clone(),
                config.verify_per_minute,
            ),
            issue_limiter: rate_limit::RateLimiter::for_store(
                &store,
                "issue",
                clock.clone(),
                config.issue_per_minute,
            ),
            metrics: metrics::Metrics::default(),
            config: Arc::new(config),
            store,
            clock,
        })))
    }
}

/// The portal's name as passkey managers show it.
pub const PRODUCT_NAME: &str = "Refugee Portal";

/// Puts in front of `routes` what every request passes through before a handler runs: the
/// CSRF guard (same-origin writes only), the session lookup (once per request) and the
/// sign-in gate of the `/me` and `/staff` areas. `failure_page` answers a browser when the
/// session cannot be looked up.
pub fn guarded(
    routes: Router,
    state: &WebState,
    failure_page: fn() -> axum::response::Response,
) -> Router {
    let resolver = session::Resolver {
        web: state.clone(),
        failure_page,
    };
    let origin = csrf::AllowedOrigin::of(&state.config.public_url);
    routes
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            gate::guard,
        ))
        .layer(axum::middleware::from_fn_with_state(
            resolver,
            session::resolve,
        ))
        .layer(axum::middleware::from_fn_with_state(origin, csrf::guard))
}

/// Every machine-facing route, ready to merge into the application router (which adds the
/// session lookup, the sign-in gate and the other layers in front of it).
pub fn router(state: WebState) -> Router {
    let limited = auth::router()
        .merge(account::router())
        .merge(help::router())
        .merge(trusted::router())
        .route_layer(axum::middleware::from_fn_with_state(
            state.limiter.clone(),
            rate_limit::limit,
        ));
    let max_document_bytes = state.config.document_max_bytes();
    Router::new()
        // Health, metrics, the VC-API, OpenID4VCI and their OpenAPI document.
        .merge(openapi::routes(state.verify_limiter.clone()).into_router())
        .merge(limited)
        .merge(requests::router(max_document_bytes))
        .merge(appointments::router())
        .merge(people::router())
        .merge(quality::router())
        .merge(admin::router())
        .merge(reports::router())
        .merge(credentials::router())
        .merge(mydata::router())
        .merge(messages::router())
        .with_state(state)
}
