//! The portal language a visitor chose: the language switch's cookie, and for a person the
//! same choice kept in their profile, so it follows them to a new phone.
//!
//! The cookie is read first on every page (then `Accept-Language`). The language switch writes
//! it, and for a signed-in person also the profile ([`remember_for_person`]). At a person's
//! sign-in ([`at_sign_in`]) the profile's language comes back as the cookie; a person without
//! one keeps what they picked before signing in (the cookie is stored in the profile).
//!
//! Owns: the `portal_lang` cookie's name, attributes and parsing. Must never: log a person's
//! language, or fail a sign-in because of it.

use axum::http::{HeaderMap, HeaderValue};
use chrono::{DateTime, Utc};
use portal_i18n::{Locale, LOCALE_COOKIE};

use super::session::{append_set_cookie, cookie_value};
use crate::auth::session::Principal;
use crate::domain::audit::{Actor, AuditEvent, SubjectKind};
use crate::domain::person::PersonId;
use crate::storage::{Store, StoreError};

/// The audit action of a change of a person's portal language.
pub const AUDIT_ACTION: &str = "person.portal-language";

/// How long the browser keeps the choice: a year.
const MAX_AGE_SECONDS: u32 = 365 * 24 * 60 * 60;

/// `Set-Cookie` for the language `locale`: whole site, a year, `SameSite=Lax`, `HttpOnly`,
/// `Secure` on https.
pub fn set_cookie(locale: Locale, https: bool) -> HeaderValue {
    let secure = if https { "; Secure" } else { "" };
    // Tags are plain ASCII letters, so the value is always a valid header.
    HeaderValue::from_str(&format!(
        "{LOCALE_COOKIE}={}; Path=/; Max-Age={MAX_AGE_SECONDS}; SameSite=Lax; HttpOnly{secure}",
        locale.tag()
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("portal_lang=en; Path=/"))
}

/// The language named by the request's `portal_lang` cookie, when it is a supported one.
pub fn from_cookie(headers: &HeaderMap) -> Option<Locale> {
    cookie_value(headers, LOCALE_COOKIE).and_then(|value| value.parse::<Locale>().ok())
}

/// The audit row of a person choosing a language: which field and how (`switch` or `signin`),
/// never the language itself.
fn audit_event(person: PersonId, now: DateTime<Utc>, via: &str) -> AuditEvent {
    AuditEvent::new(
        now,
        Actor::Person {
            id: person.0.to_string(),
        },
        AUDIT_ACTION,
    )
    .about(SubjectKind::Person, person.0.to_string())
    .with_details(serde_json::json!({ "fields": ["portal_language"], "via": via }))
}

/// Keeps the language a signed-in person chose with the language switch in their profile,
/// audited when it changes. A preference, not registration data: no review, no record version.
pub async fn remember_for_person(
    store: &Store,
    person: PersonId,
    locale: Locale,
    now: DateTime<Utc>,
    request_id: Option<&str>,
) -> Result<bool, StoreError> {
    let mut event = audit_event(person, now, "switch");
    if let Some(id) = request_id {
        event = event.in_request(id);
    }
    store.set_portal_language(person, locale, &event).await
}

/// What a person's sign-in (or enrollment, which signs in) does with the language, after the
/// session is stored: the profile's language becomes the cookie on `out`; without one, the
/// request's cookie becomes the profile's. Staff keep the cookie only. Failures are logged and
/// leave the sign-in as it is.
pub async fn at_sign_in(
    store: &Store,
    principal: Principal,
    request: &HeaderMap,
    now: DateTime<Utc>,
    https: bool,
    out: &mut HeaderMap,
) {
    let Principal::Person(person) = principal else {
        return;
    };
    let result = async {
        match store.portal_language(person).await? {
            Some(chosen) => append_set_cookie(out, set_cookie(chosen, https)),
            None => {
                if let Some(picked) = from_cookie(request) {
                    let event = audit_event(person, now, "signin");
                    store
                        .set_portal_language_if_unset(person, picked, &event)
                        .await?;
                }
            }
        }
        Ok::<(), StoreError>(())
    }
    .await;
    if let Err(error) = result {
        tracing::warn!(error = %error, "the portal language could not be applied at sign-in");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_lasts_a_year_for_the_whole_site_and_is_secure_on_https() {
        let plain = set_cookie(Locale::Prs, false);
        assert_eq!(
            plain.to_str().unwrap(),
            "portal_lang=prs; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly"
        );
        assert!(set_cookie(Locale::Ar, true)
            .to_str()
            .unwrap()
            .ends_with("; HttpOnly; Secure"));
    }

    #[test]
    fn only_a_supported_language_is_read_from_the_cookie() {
        use axum::http::header::COOKIE;
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("a=1; portal_lang=fr"));
        assert_eq!(from_cookie(&headers), Some(Locale::Fr));
        headers.insert(COOKIE, HeaderValue::from_static("portal_lang=xx"));
        assert_eq!(from_cookie(&headers), None);
        assert_eq!(from_cookie(&HeaderMap::new()), None);
    }
}
