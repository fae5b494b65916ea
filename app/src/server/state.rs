//! What every request handler and server function can reach: Leptos' options and the web
//! adapter's state.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use portal_web::WebState;

/// Shared application state, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Leptos' settings (site root, output name).
    pub leptos_options: LeptosOptions,
    /// The database, configuration, clock, passkeys and the other services of the web adapter.
    pub web: WebState,
}

impl std::ops::Deref for AppState {
    type Target = WebState;

    fn deref(&self) -> &WebState {
        &self.web
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for WebState {
    fn from_ref(state: &AppState) -> Self {
        state.web.clone()
    }
}
