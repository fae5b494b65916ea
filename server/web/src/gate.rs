//! The sign-in gate: who may open which part of the site, decided before any page or
//! endpoint code runs. `/me` and `/api/me/…` are for people, `/staff` and `/api/staff/…` for
//! staff: a new route under those prefixes is guarded before it is written.
//!
//! Owns: the mapping from site areas to the accounts allowed in them. Must never: be bypassed
//! by a page or an endpoint that shows personal data.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use portal_domain::session::Principal;

use crate::error::AppError;
use crate::session;

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

/// Sends visitors without the right session away: pages to `/signin`, API calls get 401/403.
/// Runs after [`session::resolve`].
pub async fn guard(request: Request, next: Next) -> Response {
    let Some(area) = area_of(request.uri().path()) else {
        return next.run(request).await;
    };
    let principal = request
        .extensions()
        .get::<session::Lookup>()
        .and_then(|l| l.0.as_ref())
        .and_then(|c| c.principal());
    if may_enter(principal, area) {
        return next.run(request).await;
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
