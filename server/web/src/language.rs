//! The portal language a visitor chose: the language switch's cookie, and for a person the
//! same choice kept in their profile, so it follows them to a new phone.
//!
//! The cookie is read first on every page (then `Accept-Language`). The language switch writes
//! it, and for a signed-in person also the profile (`portal_core::people::remember_language`). At a person's
//! sign-in ([`at_sign_in`]) the profile's language comes back as the cookie; a person without
//! one keeps what they picked before signing in (the cookie is stored in the profile).
//!
//! Owns: the `portal_lang` cookie's name, attributes and parsing. Must never: log a person's
//! language, or fail a sign-in because of it.

use axum::http::{HeaderMap, HeaderValue};
use portal_i18n::{Locale, LOCALE_COOKIE};

use portal_core::people;
use portal_domain::session::Principal;

use crate::error::AppError;
use crate::extract::Call;
use crate::session::{append_set_cookie, cookie_value};
use crate::WebState;

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

/// Most characters of the page a language switch returns to.
const RETURN_PATH_CHARS: usize = 512;

/// The page a language switch without JavaScript returns to: a path on this site (starting
/// with one `/`, printable ASCII, bounded), else nothing (the switch then lands on `/`). The
/// form carries it because the portal sends no `Referer`.
pub fn return_path(raw: &str) -> Option<&str> {
    let local = raw.starts_with('/') && !raw.starts_with("//") && !raw.starts_with("/\\");
    let plain =
        raw.len() <= RETURN_PATH_CHARS && raw.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    (local && plain).then_some(raw)
}

/// The language named by the request's `portal_lang` cookie, when it is a supported one.
pub fn from_cookie(headers: &HeaderMap) -> Option<Locale> {
    cookie_value(headers, LOCALE_COOKIE).and_then(|value| value.parse::<Locale>().ok())
}

/// What a person's sign-in (or enrollment, which signs in) does with the language, after the
/// session is stored: the profile's language becomes the cookie on `out`; without one, the
/// request's cookie becomes the profile's. Staff keep the cookie only. Failures are logged and
/// leave the sign-in as it is.
pub async fn at_sign_in(
    state: &WebState,
    call: &Call,
    principal: Principal,
    request: &HeaderMap,
    out: &mut HeaderMap,
) {
    let Principal::Person(person) = principal else {
        return;
    };
    let result = async {
        let mut tx = state.store.begin().await?;
        let chosen =
            people::language_at_sign_in(&mut tx, &call.ctx(), person, from_cookie(request)).await?;
        tx.commit().await?;
        Ok::<_, AppError>(chosen)
    }
    .await;
    match result {
        Ok(Some(chosen)) => append_set_cookie(out, set_cookie(chosen, state.config.is_https())),
        Ok(None) => {}
        Err(error) => {
            tracing::warn!(error = %error, "the portal language could not be applied at sign-in")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_returns_only_to_a_page_of_this_site() {
        assert_eq!(return_path("/me/requests"), Some("/me/requests"));
        assert_eq!(
            return_path("/verify?result=0123abcd"),
            Some("/verify?result=0123abcd")
        );
        for refused in [
            "",
            "me",
            "//evil.example/",
            "/\\evil.example",
            "https://evil.example/",
            "/me\r\nSet-Cookie: x=1",
            "/me page",
            "/مرحبا",
        ] {
            assert_eq!(return_path(refused), None, "{refused:?}");
        }
        assert_eq!(return_path(&format!("/{}", "a".repeat(600))), None);
    }

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
