//! Who is asking and when: the extractors every handler (and, through the same functions,
//! every server function of the app) uses. The session is read once per request by
//! [`crate::session::resolve`]; these read what it found.
//!
//! Owns: turning a request into a caller (person, staff member, partner system) and a call
//! context. Must never: let a handler run for the wrong kind of account.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use portal_core::auth::sessions::Current;
use portal_core::{admin, Ctx, Refusal};
use portal_domain::delegation::Acting;
use portal_domain::person::PersonId;
use portal_domain::session::Principal;
use portal_domain::staff::Staff;
use portal_domain::tokens::SecretToken;
use portal_storage::api_tokens::StoredToken;

use crate::error::AppError;
use crate::{session, WebState};

/// The longest request id a client may set; longer (or stranger) ones are replaced.
pub const MAX_REQUEST_ID: usize = 64;

/// Whether a client's request id is short and plain (`[A-Za-z0-9._-]`, at most
/// [`MAX_REQUEST_ID`]).
fn is_plain(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_REQUEST_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The request id (`X-Request-Id`) when it is short and plain.
pub fn request_id(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|id| is_plain(id))
        .map(str::to_owned)
}

/// Middleware, in front of the one that makes request ids: drops a client's `X-Request-Id`
/// that is not short and plain, so the server makes its own and nothing a client sends
/// reaches the log or the response unbounded.
pub async fn plain_request_id(
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let plain = request
        .headers()
        .get_all("x-request-id")
        .iter()
        .map(|v| v.to_str().ok().filter(|id| is_plain(id)))
        .collect::<Option<Vec<_>>>()
        .is_some_and(|ids| ids.len() <= 1);
    if !plain {
        request.headers_mut().remove("x-request-id");
    }
    next.run(request).await
}

/// The call: the instant (read from the clock once) and the request id, for the use cases.
#[derive(Clone, Debug)]
pub struct Call {
    /// Now.
    pub now: DateTime<Utc>,
    /// The request id.
    pub request_id: Option<String>,
    /// A trusted helper's session acting for a person.
    pub helping: Option<Acting>,
}

impl Call {
    /// The call of a request.
    pub fn of(state: &WebState, parts: &Parts) -> Call {
        Call {
            now: state.clock.now(),
            request_id: request_id(parts),
            helping: session::of(parts).and_then(|c| c.acting),
        }
    }

    /// The use cases' context of this call.
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx::in_request(self.now, self.request_id.as_deref()).helped(self.helping)
    }
}

/// The signed-in account and its session.
#[derive(Clone, Debug)]
pub struct SignedIn {
    /// The session.
    pub session: Current,
    /// Whose.
    pub principal: Principal,
}

impl SignedIn {
    /// The signed-in account of a request.
    pub fn of(parts: &Parts) -> Result<SignedIn, AppError> {
        let session = session::of(parts).ok_or(AppError::NotSignedIn)?;
        let principal = session.principal().ok_or(AppError::NotSignedIn)?;
        Ok(SignedIn { session, principal })
    }
}

/// The signed-in registered person.
#[derive(Clone, Copy, Debug)]
pub struct Me(pub PersonId);

impl Me {
    /// The signed-in person of a request, or the person a helper's session acts for: not
    /// signed in, or staff, is refused.
    pub fn of(parts: &Parts) -> Result<Me, AppError> {
        let signed_in = SignedIn::of(parts)?;
        match (signed_in.principal, signed_in.session.acting) {
            (Principal::Person(_), Some(acting)) => Ok(Me(acting.person)),
            (Principal::Person(id), None) => Ok(Me(id)),
            (Principal::Staff(_), _) => Err(AppError::WrongAccount),
        }
    }
}

/// The signed-in person, whose session proved presence with a passkey within the
/// re-authentication window (for showing or downloading a credential).
#[derive(Clone, Copy, Debug)]
pub struct FreshMe(pub PersonId);

impl FreshMe {
    /// The freshly authenticated person of a request.
    pub fn of(state: &WebState, parts: &Parts) -> Result<FreshMe, AppError> {
        let signed_in = SignedIn::of(parts)?;
        let Principal::Person(id) = signed_in.principal else {
            return Err(AppError::WrongAccount);
        };
        // A helper never gets the person's credentials (their proof of who they are).
        if signed_in.session.acting.is_some() {
            return Err(AppError::Core(portal_core::CoreError::NotAllowed));
        }
        if state
            .policy
            .is_recently_authenticated(&signed_in.session.session, state.clock.now())
        {
            Ok(FreshMe(id))
        } else {
            Err(portal_core::CoreError::from(Refusal::ReauthenticationRequired).into())
        }
    }
}

/// The signed-in, active staff member (read from the database, roles and office included).
#[derive(Clone, Debug)]
pub struct StaffMember(pub Staff);

impl StaffMember {
    /// The signed-in staff member of a request: not signed in, a person, or an inactive
    /// account is refused.
    pub async fn of(state: &WebState, parts: &Parts) -> Result<StaffMember, AppError> {
        let Principal::Staff(id) = SignedIn::of(parts)?.principal else {
            return Err(AppError::WrongAccount);
        };
        let mut db = state.store.read().await?;
        admin::staff_by_id(&mut db, id)
            .await?
            .filter(|s| s.active)
            .map(StaffMember)
            .ok_or(AppError::WrongAccount)
    }
}

/// The partner system behind the request's API token, if it has `scope`.
pub async fn api_client(
    state: &WebState,
    parts: &Parts,
    call: &Call,
    scope: &'static str,
) -> Result<StoredToken, AppError> {
    let presented = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .and_then(SecretToken::parse)
        .ok_or(AppError::InvalidToken)?;
    let mut db = state.store.read().await?;
    let stored = admin::use_api_token(&mut db, &call.ctx(), &presented)
        .await?
        .ok_or(AppError::InvalidToken)?;
    if stored.scopes.iter().any(|s| s == scope) {
        Ok(stored)
    } else {
        Err(AppError::InsufficientScope(scope))
    }
}

macro_rules! extractor {
    ($type:ty, |$state:ident, $parts:ident| $body:expr) => {
        impl<S> FromRequestParts<S> for $type
        where
            WebState: FromRef<S>,
            S: Send + Sync,
        {
            type Rejection = AppError;

            async fn from_request_parts($parts: &mut Parts, state: &S) -> Result<Self, AppError> {
                let $state = WebState::from_ref(state);
                $body
            }
        }
    };
}

extractor!(Call, |state, parts| Ok(Call::of(&state, parts)));
extractor!(SignedIn, |_state, parts| SignedIn::of(parts));
extractor!(Me, |_state, parts| Me::of(parts));
extractor!(FreshMe, |state, parts| FreshMe::of(&state, parts));
extractor!(StaffMember, |state, parts| StaffMember::of(&state, parts)
    .await);

/// The session of the request, if any (for ceremonies that start on an anonymous session).
#[derive(Clone, Debug)]
pub struct MaybeSession(pub Option<Current>);

extractor!(MaybeSession, |_state, parts| Ok(MaybeSession(session::of(
    parts
))));

#[cfg(test)]
mod tests {
    use super::*;

    fn parts_with(id: &str) -> Parts {
        let (parts, ()) = axum::http::Request::builder()
            .header("x-request-id", id)
            .body(())
            .unwrap()
            .into_parts();
        parts
    }

    #[test]
    fn only_short_plain_request_ids_are_kept() {
        assert_eq!(
            request_id(&parts_with("abc-123_x.y")).as_deref(),
            Some("abc-123_x.y")
        );
        assert_eq!(request_id(&parts_with(&"a".repeat(65))), None);
        assert_eq!(request_id(&parts_with("a b")), None);
        assert_eq!(request_id(&parts_with("évil")), None);
    }
}
