//! Choosing a request's language from its headers.

use http::header::ACCEPT_LANGUAGE;
use http::HeaderMap;
use portal_i18n::Locale;
use portal_web::language;

/// The language switch's cookie when valid, else `Accept-Language`, else English. (A person's
/// profile language arrives as that cookie when they sign in.)
pub fn from_headers(headers: &HeaderMap) -> Locale {
    language::from_cookie(headers)
        .or_else(|| {
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok())
                .and_then(Locale::negotiate)
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::header::COOKIE;
    use http::HeaderValue;

    fn headers(pairs: &[(http::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(name.clone(), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn the_cookie_wins_over_the_browser_language() {
        let h = headers(&[(COOKIE, "a=1; portal_lang=prs"), (ACCEPT_LANGUAGE, "fr")]);
        assert_eq!(from_headers(&h), Locale::Prs);
    }

    #[test]
    fn a_bad_cookie_falls_back_to_the_browser_language_then_english() {
        assert_eq!(
            from_headers(&headers(&[
                (COOKIE, "portal_lang=xx"),
                (ACCEPT_LANGUAGE, "ar-SY")
            ])),
            Locale::Ar
        );
        assert_eq!(
            from_headers(&headers(&[(ACCEPT_LANGUAGE, "de")])),
            Locale::En
        );
        assert_eq!(from_headers(&HeaderMap::new()), Locale::En);
    }
}
