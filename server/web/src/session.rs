//! The session cookie: reading it, looking up the session behind it once per request, and
//! writing a new one.
//!
//! The cookie holds a random token; the database holds its hash. `HttpOnly`, `SameSite=Lax`,
//! `Secure` (and the `__Host-` name prefix) when the portal runs on https.
//!
//! Owns: cookie names and attributes. Must never: log a cookie value.

use axum::extract::{Request, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use portal_core::auth::sessions::{self, Current};
use portal_domain::session::Session;
use portal_domain::tokens::SecretToken;

use crate::error::AppError;
use crate::WebState;

/// The cookie's name: `__Host-` prefixed on https, so no subdomain can set or read it.
pub fn cookie_name(https: bool) -> &'static str {
    if https {
        "__Host-portal_session"
    } else {
        "portal_session"
    }
}

/// The value of the request's cookie `name`, if it sent one.
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The session token sent by the browser, if it has the right shape.
pub fn token_from(headers: &HeaderMap, https: bool) -> Option<SecretToken> {
    cookie_value(headers, cookie_name(https)).and_then(SecretToken::parse)
}

/// `Set-Cookie` for a session that lives until `expires_at` (the browser forgets it then too).
pub fn set_cookie(
    token: &SecretToken,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
    https: bool,
) -> Option<HeaderValue> {
    let max_age = (expires_at - now).num_seconds().max(0);
    let secure = if https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}={}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}",
        cookie_name(https),
        token.expose()
    ))
    .ok()
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(https: bool) -> HeaderValue {
    let secure = if https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}",
        cookie_name(https)
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("portal_session=; Path=/; Max-Age=0"))
}

/// The session of a request, looked up once by [`resolve`] and kept in the request's
/// extensions for every handler and server function after it.
#[derive(Clone, Debug)]
pub struct Lookup(pub Option<Current>);

/// Paths that never need the session: the bundle and the static files. Requests for them
/// carry the cookie too; skipping them saves a database read per file.
fn needs_session(path: &str) -> bool {
    !(path.starts_with("/pkg/")
        || matches!(
            path,
            "/favicon.svg"
                | "/passkeys.js"
                | "/verify.js"
                | "/scan.js"
                | "/verify-sw.js"
                | "/verify.webmanifest"
        ))
}

/// The state of [`resolve`]: the web state, and the answer for a page whose session cannot be
/// looked up (an HTML page; JSON endpoints get problem details).
#[derive(Clone)]
pub struct Resolver {
    /// The web state.
    pub web: WebState,
    /// The page answered to a browser when the lookup fails.
    pub failure_page: fn() -> Response,
}

/// Looks up the live session behind the request's cookie, once, and keeps it in the request
/// (as [`Lookup`]). A lookup that fails is answered here (503, or the failure page for pages),
/// so no handler runs without knowing who is asking.
pub async fn resolve(
    State(resolver): State<Resolver>,
    mut request: Request,
    next: Next,
) -> Response {
    if !needs_session(request.uri().path()) {
        return next.run(request).await;
    }
    let state = &resolver.web;
    let current = match token_from(request.headers(), state.config.is_https()) {
        None => Ok(None),
        Some(token) => lookup(state, &token).await,
    };
    match current {
        Ok(current) => {
            request.extensions_mut().insert(Lookup(current));
            next.run(request).await
        }
        Err(error) => {
            tracing::warn!(error = %error, "session lookup failed");
            if request.uri().path().starts_with("/api/")
                || request.uri().path().starts_with("/auth/")
            {
                error.into_response()
            } else {
                (resolver.failure_page)()
            }
        }
    }
}

async fn lookup(state: &WebState, token: &SecretToken) -> Result<Option<Current>, AppError> {
    let mut db = state.store.read().await?;
    let now = state.clock.now();
    let Some(mut current) = sessions::current(&mut db, &state.policy, token, now).await? else {
        return Ok(None);
    };
    if let Some(id) = current.session.acting_for {
        let ctx = portal_core::Ctx::at(now);
        current.acting =
            portal_core::trusted::acting(&mut db, &ctx, &current.hash, current.principal(), id)
                .await?;
    }
    Ok(Some(current))
}

/// The session [`resolve`] found for this request (none when it did not run).
pub fn of(parts: &axum::http::request::Parts) -> Option<Current> {
    parts.extensions.get::<Lookup>().and_then(|l| l.0.clone())
}

/// `Set-Cookie` for a new session `token` that lives as long as `session`.
pub fn cookie_for(
    token: &SecretToken,
    session: &Session,
    now: DateTime<Utc>,
    https: bool,
) -> HeaderMap {
    let mut out = HeaderMap::new();
    if let Some(cookie) = set_cookie(token, session.expires_at, now, https) {
        append_set_cookie(&mut out, cookie);
    }
    out
}

/// Adds `Set-Cookie` to `headers`.
pub fn append_set_cookie(headers: &mut HeaderMap, value: HeaderValue) {
    headers.append(SET_COOKIE, value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_read_by_its_name_only() {
        let token = SecretToken::generate();
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_str(&format!("a=b; portal_session={}", token.expose())).unwrap(),
        );
        assert_eq!(token_from(&headers, false), Some(token.clone()));
        assert_eq!(
            token_from(&headers, true),
            None,
            "https uses the __Host- name"
        );
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_on_https() {
        let token = SecretToken::generate();
        let now = Utc::now();
        let plain = set_cookie(&token, now + chrono::Duration::hours(1), now, false).unwrap();
        let plain = plain.to_str().unwrap();
        assert!(
            plain.contains("HttpOnly")
                && plain.contains("SameSite=Lax")
                && plain.contains("Max-Age=3600")
        );
        assert!(!plain.contains("Secure"));
        let secure = set_cookie(&token, now, now, true).unwrap();
        assert!(
            secure
                .to_str()
                .unwrap()
                .starts_with("__Host-portal_session=")
                && secure.to_str().unwrap().contains("; Secure")
        );
    }
}
