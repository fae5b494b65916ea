//! The session cookie: reading it, checking the session behind it, and writing a new one.
//!
//! The cookie holds a random token; the database holds its hash. `HttpOnly`, `SameSite=Lax`,
//! `Secure` (and the `__Host-` name prefix) when the portal runs on https.
//!
//! Owns: cookie names and attributes. Must never: log a cookie value.

use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use chrono::{DateTime, Utc};

use portal_domain::session::{Session, SessionPolicy};
use portal_domain::tokens::{SecretToken, TokenHash};
use portal_storage::{Store, StoreError};

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

/// A live session found from a request.
#[derive(Clone, Debug)]
pub struct CurrentSession {
    /// The stored hash of its token.
    pub hash: TokenHash,
    /// The session.
    pub session: Session,
}

/// Looks up the live session named by the request's cookie, ending it when it has expired.
pub async fn current(
    store: &Store,
    headers: &HeaderMap,
    policy: &SessionPolicy,
    now: DateTime<Utc>,
    https: bool,
) -> Result<Option<CurrentSession>, StoreError> {
    let Some(token) = token_from(headers, https) else {
        return Ok(None);
    };
    let hash = token.hash();
    let Some(session) = store.session(&hash).await? else {
        return Ok(None);
    };
    if !policy.is_live(&session, now) {
        store.delete_session(&hash).await?;
        return Ok(None);
    }
    // Reset the idle clock, at most once a minute per session.
    if now - session.last_seen_at > chrono::Duration::minutes(1) {
        store.touch_session(&hash, now).await?;
    }
    Ok(Some(CurrentSession { hash, session }))
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
