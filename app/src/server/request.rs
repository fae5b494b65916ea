//! What a server function knows about its request: the application state and the account of
//! the live session, if any. Every server function that touches personal data starts here.

use leptos::prelude::*;
use portal_domain::session::Principal;

use super::state::AppState;

/// Answers with `status` and a message code (never a bare 500).
pub fn refuse(status: http::StatusCode, code: &str) -> ServerFnError {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
    ServerFnError::new(code)
}

/// The state and the signed-in account of this request: the session the sign-in gate already
/// found for pages behind it, else looked up (server functions called from the browser).
pub async fn principal() -> Result<(AppState, Option<Principal>), ServerFnError> {
    let state = expect_context::<AppState>();
    let parts = expect_context::<http::request::Parts>();
    if let Some(current) = parts
        .extensions
        .get::<portal_web::session::CurrentSession>()
    {
        return Ok((state, current.session.principal));
    }
    let now = state.clock.now();
    let current = portal_web::session::current(
        &state.store,
        &parts.headers,
        &state.policy,
        now,
        state.config.is_https(),
    )
    .await
    .map_err(|_| refuse(http::StatusCode::SERVICE_UNAVAILABLE, "unavailable"))?;
    Ok((state, current.and_then(|c| c.session.principal)))
}

/// The HTTP request id (set by the router's layer), for the audit trail.
pub fn request_id() -> Option<String> {
    use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    })
}
