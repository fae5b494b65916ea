//! What a server function knows about its request: the state, who is asking (the session the
//! router's session layer found, read once per request) and when; and how a failure becomes
//! the same HTTP status the JSON endpoints answer for the same cause.
//!
//! Every server function that touches personal data starts here. Must never: look the session
//! up again, or answer a bare 500.

use http::request::Parts;
use leptos::prelude::*;
use portal_domain::person::PersonId;
use portal_domain::session::Principal;
use portal_domain::staff::Staff;
use portal_storage::{Conn, Tx};
use portal_web::extract::{Call, FreshMe, Me, SignedIn, StaffMember};
use portal_web::AppError;

use super::state::AppState;

/// The application state. Leptos provides it to every page render and server function; a
/// call without it (a view evaluated outside its request's owner) fails with a logged internal
/// error instead of a panic that would leave the page's stream hanging.
#[track_caller]
pub fn state() -> Result<AppState, ServerFnError> {
    let caller = std::panic::Location::caller();
    use_context::<AppState>().ok_or_else(|| missing(caller))
}

#[track_caller]
pub fn parts() -> Result<Parts, ServerFnError> {
    let caller = std::panic::Location::caller();
    use_context::<Parts>().ok_or_else(|| missing(caller))
}

/// The logged failure of a call without its request's context, naming the calling line.
fn missing(caller: &std::panic::Location<'_>) -> ServerFnError {
    fail(portal_core::CoreError::Setup(format!(
        "a server function ran outside its request (at {}:{})",
        caller.file(),
        caller.line()
    )))
}

/// Answers with the status `error` maps to, and its problem code as the message (pages show
/// words for codes, never the code).
pub fn fail(error: impl Into<AppError>) -> ServerFnError {
    match use_context::<leptos_axum::ResponseOptions>() {
        Some(response) => fail_on(&response, error),
        None => ServerFnError::new(error.into().code()),
    }
}

/// `fail` for a call past its first await, with the response options it took before.
pub fn fail_on(
    response: &leptos_axum::ResponseOptions,
    error: impl Into<AppError>,
) -> ServerFnError {
    let error = error.into();
    response.set_status(error.status());
    ServerFnError::new(error.code())
}

/// The call: now and the request id.
#[track_caller]
pub fn call() -> Result<Call, ServerFnError> {
    Ok(Call::of(&state()?.web, &parts()?))
}

/// The signed-in account, if any (none when the request cannot be read).
pub fn principal() -> Option<Principal> {
    let parts = parts().ok()?;
    SignedIn::of(&parts).ok().map(|s| s.principal)
}

/// What a helper's session acts under, if it does.
pub fn acting() -> Option<portal_domain::delegation::Acting> {
    let parts = parts().ok()?;
    portal_web::session::of(&parts).and_then(|c| c.acting)
}

/// A request cookie's value (for the few a page render reads itself).
pub fn cookie(name: &str) -> Option<String> {
    let parts = parts().ok()?;
    portal_web::session::cookie_value(&parts.headers, name).map(str::to_owned)
}

/// The people search the signed-in session kept (posted to `/api/staff/people/find`).
pub fn kept_search() -> Option<portal_core::people::SearchAsk> {
    let (state, parts) = (state().ok()?, parts().ok()?);
    portal_web::people::kept(&parts.headers, state.web.config.is_https())
}

/// Whether the portal is served over https (cookie names depend on it).
pub fn https() -> bool {
    state().is_ok_and(|s| s.web.config.is_https())
}

/// Who may see the forms this browser kept (none without a draft cookie).
pub fn draft_holder() -> Option<portal_core::drafts::Holder> {
    let (state, parts) = (state().ok()?, parts().ok()?);
    portal_web::drafts::holder(&parts.headers, state.web.config.is_https(), principal())
}

/// The signed-in person (or a refusal).
#[track_caller]
pub fn me() -> Result<PersonId, ServerFnError> {
    Me::of(&parts()?).map(|Me(id)| id).map_err(fail)
}

/// Whether the signed-in person used their passkey within the re-authentication window.
pub fn fresh() -> bool {
    match (state(), parts()) {
        (Ok(state), Ok(parts)) => FreshMe::of(&state.web, &parts).is_ok(),
        _ => false,
    }
}

/// A staff member's call: who (signed in and active), when, and the state to work with, all
/// read from the request before the first await (the request's context is not kept across
/// awaits).
pub struct Desk {
    /// The staff member.
    pub staff: Staff,
    /// The call.
    pub call: Call,
    /// The state.
    pub state: AppState,
}

impl Desk {
    /// A connection for reading.
    pub async fn read(&self) -> Result<Conn, ServerFnError> {
        self.state.store.read().await.map_err(fail)
    }

    /// A write transaction.
    pub async fn begin(&self) -> Result<Tx, ServerFnError> {
        self.state.store.begin().await.map_err(fail)
    }
}

/// The signed-in, active staff member's call (or a refusal).
pub async fn desk() -> Result<Desk, ServerFnError> {
    let (state, parts) = (state()?, parts()?);
    let call = Call::of(&state.web, &parts);
    let StaffMember(staff) = StaffMember::of(&state, &parts).await.map_err(fail)?;
    Ok(Desk { staff, call, state })
}

/// A connection for reading.
pub async fn read() -> Result<Conn, ServerFnError> {
    let state = state()?;
    state.store.read().await.map_err(fail)
}

/// A write transaction.
pub async fn begin() -> Result<Tx, ServerFnError> {
    let state = state()?;
    state.store.begin().await.map_err(fail)
}

/// Commits a write transaction.
pub async fn commit(tx: Tx) -> Result<(), ServerFnError> {
    tx.commit().await.map_err(fail)
}

/// A UUID from a server function's argument; anything else names nothing.
pub fn parse_id(raw: &str) -> Result<uuid::Uuid, ServerFnError> {
    uuid::Uuid::parse_str(raw.trim()).map_err(|_| fail(portal_core::CoreError::NotFound))
}

/// The clock the times about `person` are shown in (their office's zone).
pub async fn zone_of(db: &mut Conn, person: PersonId) -> Result<chrono_tz::Tz, ServerFnError> {
    portal_core::people::zone_of(db, person).await.map_err(fail)
}

/// A moment as the pages send it: `YYYY-MM-DD HH:MM` on the wall clock of `zone` (the page
/// writes it out with the weekday, in the reader's language).
pub fn local_time(at: chrono::DateTime<chrono::Utc>, zone: chrono_tz::Tz) -> String {
    at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
}
