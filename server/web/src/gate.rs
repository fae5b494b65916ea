//! The sign-in gate: who may open which part of the site, decided before any page or
//! endpoint code runs. `/me` and `/api/me/…` are for people, `/staff` and `/api/staff/…` for
//! staff: a new route under those prefixes is guarded before it is written.
//!
//! A trusted helper's session acting for a person gets less: the pages and endpoints to look at
//! the person's data, those to book if the delegation lets them book, those to ask for changes
//! if it lets them ask, and nothing else (deny by default: never the person's credentials,
//! passkeys, data export, access log, channels or helpers). Each page a helper opens is an
//! audit row for the person's access log.
//!
//! Owns: the mapping from site areas to the accounts allowed in them, and what helpers may
//! reach. Must never: be bypassed by a page or an endpoint that shows personal data.

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use portal_domain::delegation::{Acting, Limits};
use portal_domain::session::Principal;

use crate::error::AppError;
use crate::{session, WebState};

/// An area of the site behind sign-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// `/me`, `/api/me`: registered people.
    Person,
    /// `/staff`, `/api/staff`: staff.
    Staff,
}

/// The area a path belongs to, if any.
pub fn area_of(path: &str) -> Option<Area> {
    let within = |prefix: &str| {
        path == prefix
            || path
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    if within("/me") || within("/api/me") {
        Some(Area::Person)
    } else if within("/staff") || within("/api/staff") {
        Some(Area::Staff)
    } else {
        None
    }
}

/// Whether `principal` may enter `area`.
pub fn may_enter(principal: Option<Principal>, area: Area) -> bool {
    matches!(
        (principal, area),
        (Some(Principal::Person(_)), Area::Person) | (Some(Principal::Staff(_)), Area::Staff)
    )
}

/// What a helper's request needs: to look, to book, to ask for changes; or nothing it may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelperNeed {
    /// Looking at the person's data.
    Look,
    /// Booking, moving or cancelling appointments.
    Book,
    /// Asking for changes, answering questions, withdrawing requests.
    Request,
    /// Never for a helper.
    Never,
}

/// What a helper acting for someone needs to reach `path` with `method`.
pub fn helper_need(method: &Method, path: &str) -> HelperNeed {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    let post = method == Method::POST;
    match segments.as_slice() {
        // Pages.
        ["me"] | ["me", "messages"] | ["me", "requests"] | ["me", "appointments"] => {
            HelperNeed::Look
        }
        ["me", "trusted"] if !post => HelperNeed::Look,
        ["me", "requests", "new"] => HelperNeed::Request,
        ["me", "requests", _] => HelperNeed::Look,
        ["me", "appointments", "book"] => HelperNeed::Book,
        ["me", "appointments", _] => HelperNeed::Look,
        // Server functions that read.
        ["api", "me", "record" | "messages" | "trusted-page"] => HelperNeed::Look,
        ["api", "me", "requests", "list" | "one"] => HelperNeed::Look,
        ["api", "me", "appointments", "list" | "one"] => HelperNeed::Look,
        ["api", "me", "appointments", _, "calendar.ics"] if !post => HelperNeed::Look,
        ["api", "me", "documents", _] if !post => HelperNeed::Look,
        // Changes within the delegation's limits.
        ["api", "me", "requests", "form"] => HelperNeed::Request,
        ["api", "me", "requests"] if post => HelperNeed::Request,
        ["api", "me", "requests", _, "cancel" | "answer"] if post => HelperNeed::Request,
        ["api", "me", "appointments", "options"] => HelperNeed::Book,
        ["api", "me", "appointments"] | ["api", "me", "appointments", "ask"] if post => {
            HelperNeed::Book
        }
        ["api", "me", "appointments", _, "reschedule" | "cancel"] if post => HelperNeed::Book,
        // Stopping is always possible.
        ["api", "me", "trusted", "stop"] if post => HelperNeed::Look,
        _ => HelperNeed::Never,
    }
}

/// Whether a helper acting within `limits` may reach `path` with `method`.
pub fn helper_may(method: &Method, path: &str, limits: Limits) -> bool {
    match helper_need(method, path) {
        HelperNeed::Look => true,
        HelperNeed::Book => limits.may_book,
        HelperNeed::Request => limits.may_request,
        HelperNeed::Never => false,
    }
}

/// A helper's request: refused beyond the delegation, and audited as a view when it opens a
/// page.
async fn as_helper(state: &WebState, acting: Acting, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if !helper_may(request.method(), &path, acting.limits) {
        return if path.starts_with("/api/") {
            AppError::Core(portal_core::CoreError::NotAllowed).into_response()
        } else {
            Redirect::to("/me/trusted?problem=not-for-helpers").into_response()
        };
    }
    if request.method() == Method::GET && !path.starts_with("/api/") {
        let ctx = portal_core::Ctx::at(state.clock.now());
        // The route, not the path: an id in it names nothing the log needs.
        let page = match helper_need(&Method::GET, &path) {
            HelperNeed::Book => "appointments",
            HelperNeed::Request => "requests",
            _ => path
                .split('/')
                .nth(2)
                .filter(|p| ["messages", "requests", "appointments", "trusted"].contains(p))
                .unwrap_or("record"),
        };
        let audited = async {
            let mut tx = state.store.begin().await?;
            portal_core::trusted::viewed(&mut tx, &ctx, acting, page).await?;
            tx.commit().await?;
            Ok::<(), AppError>(())
        }
        .await;
        if let Err(error) = audited {
            // No audit row, no page.
            return error.into_response();
        }
    }
    next.run(request).await
}

/// Sends visitors without the right session away: pages to `/signin`, API calls get 401/403;
/// holds helpers to their delegation. Runs after [`session::resolve`].
pub async fn guard(State(state): State<WebState>, request: Request, next: Next) -> Response {
    let Some(area) = area_of(request.uri().path()) else {
        return next.run(request).await;
    };
    let current = request
        .extensions()
        .get::<session::Lookup>()
        .and_then(|l| l.0.as_ref());
    let principal = current.and_then(|c| c.principal());
    let acting = current.and_then(|c| c.acting);
    if may_enter(principal, area) {
        return match acting {
            Some(acting) => as_helper(&state, acting, request, next).await,
            None => next.run(request).await,
        };
    }
    if request.uri().path().starts_with("/api/") {
        return if principal.is_some() {
            AppError::WrongAccount
        } else {
            AppError::NotSignedIn
        }
        .into_response();
    }
    Redirect::to("/signin").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_domain::person::PersonId;
    use portal_domain::staff::StaffId;
    use uuid::Uuid;

    #[test]
    fn areas_follow_the_site_map() {
        assert_eq!(area_of("/me"), Some(Area::Person));
        assert_eq!(area_of("/me/requests/new"), Some(Area::Person));
        assert_eq!(area_of("/staff/people/123"), Some(Area::Staff));
        assert_eq!(area_of("/api/me/requests"), Some(Area::Person));
        assert_eq!(area_of("/api/staff/requests/1/decide"), Some(Area::Staff));
        assert_eq!(area_of("/api/mediation"), None);
        assert_eq!(area_of("/api/account"), None);
        assert_eq!(area_of("/media"), None);
        assert_eq!(area_of("/staffing"), None);
        assert_eq!(area_of("/"), None);
        assert_eq!(area_of("/signin"), None);
    }

    #[test]
    fn helpers_reach_what_their_delegation_allows_and_nothing_else() {
        let get = Method::GET;
        let post = Method::POST;
        let look = Limits::default();
        let all = Limits {
            may_book: true,
            may_request: true,
        };
        for path in [
            "/me",
            "/me/messages",
            "/me/requests",
            "/me/requests/5b4f",
            "/me/appointments/5b4f",
            "/me/trusted",
        ] {
            assert!(helper_may(&get, path, look), "{path}");
        }
        for (method, path) in [
            (&post, "/api/me/record"),
            (&post, "/api/me/requests/one"),
            (&get, "/api/me/documents/ab12"),
            (&post, "/api/me/trusted/stop"),
        ] {
            assert!(helper_may(method, path, look), "{path}");
        }
        for (method, path) in [
            (&get, "/me/requests/new"),
            (&post, "/api/me/requests"),
            (&post, "/api/me/requests/5b4f/answer"),
            (&get, "/me/appointments/book"),
            (&post, "/api/me/appointments"),
            (&post, "/api/me/appointments/5b4f/cancel"),
        ] {
            assert!(!helper_may(method, path, look), "{path} needs a limit");
            assert!(helper_may(method, path, all), "{path} within the limits");
        }
        for (method, path) in [
            (&get, "/me/credentials"),
            (&get, "/me/credentials/5b4f"),
            (&post, "/api/me/credentials/registration"),
            (&get, "/api/me/credentials/5b4f/qr.png"),
            (&get, "/me/passkeys"),
            (&post, "/api/me/passkeys"),
            (&get, "/me/data"),
            (&get, "/api/me/data.json"),
            (&get, "/me/access-log"),
            (&post, "/api/me/channels"),
            (&post, "/api/me/trusted"),
            (&post, "/api/me/trusted/accept"),
            (&post, "/api/me/trusted/5b4f/end"),
            (&post, "/api/me/trusted/5b4f/act"),
            (&get, "/me/something-new"),
        ] {
            assert!(!helper_may(method, path, all), "{path} is never a helper's");
        }
    }

    #[test]
    fn people_and_staff_each_enter_only_their_own_area() {
        let person = Some(Principal::Person(PersonId(Uuid::nil())));
        let staff = Some(Principal::Staff(StaffId(Uuid::nil())));
        assert!(may_enter(person, Area::Person));
        assert!(!may_enter(person, Area::Staff));
        assert!(may_enter(staff, Area::Staff));
        assert!(!may_enter(staff, Area::Person));
        assert!(!may_enter(None, Area::Person));
        assert!(!may_enter(None, Area::Staff));
    }
}
