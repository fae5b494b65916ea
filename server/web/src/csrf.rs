//! Cross-site request forgery protection, checked once in front of every route.
//!
//! A state-changing request (anything but GET, HEAD, OPTIONS) from a browser must come from the
//! portal's own pages: `Sec-Fetch-Site` must be `same-origin` (or `none`, typed by the user),
//! or, from browsers that do not send it, `Origin` must be the portal's public origin. Requests
//! with neither header come from programs, not browsers, and carry no ambient cookies worth
//! forging. Everything else gets 403, whatever its path.
//!
//! Owns: the same-origin rule. Must never: let a cross-site POST through.

use axum::extract::{Request, State};
use axum::http::header::ORIGIN;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use url::Url;

use super::problem::Problem;

/// The portal's origin, as browsers write it in `Origin`.
#[derive(Clone, Debug)]
pub struct AllowedOrigin(String);

impl AllowedOrigin {
    /// The origin of `public_url` (`scheme://host[:port]`).
    pub fn of(public_url: &Url) -> Self {
        Self(public_url.origin().ascii_serialization())
    }
}

/// Whether a request with these method and headers may pass.
pub fn allows(method: &Method, headers: &HeaderMap, origin: &AllowedOrigin) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    match headers.get(ORIGIN) {
        Some(value) => value.to_str().is_ok_and(|v| v == origin.0),
        None => true,
    }
}

/// The middleware.
pub async fn guard(State(origin): State<AllowedOrigin>, request: Request, next: Next) -> Response {
    if allows(request.method(), request.headers(), &origin) {
        next.run(request).await
    } else {
        tracing::warn!(method = %request.method(), "cross-site request refused");
        Problem::new(
            StatusCode::FORBIDDEN,
            "cross-site",
            "Cross-site request refused",
        )
        .detail("This request did not come from the portal's own pages.")
        .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn origin() -> AllowedOrigin {
        AllowedOrigin::of(&Url::parse("https://portal.example.org").unwrap())
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        map
    }

    #[test]
    fn reads_always_pass() {
        assert!(allows(
            &Method::GET,
            &headers(&[("sec-fetch-site", "cross-site")]),
            &origin()
        ));
    }

    #[test]
    fn same_origin_posts_pass_and_cross_site_posts_do_not() {
        assert!(allows(
            &Method::POST,
            &headers(&[("sec-fetch-site", "same-origin")]),
            &origin()
        ));
        assert!(!allows(
            &Method::POST,
            &headers(&[("sec-fetch-site", "cross-site")]),
            &origin()
        ));
        assert!(!allows(
            &Method::POST,
            &headers(&[("sec-fetch-site", "same-site")]),
            &origin()
        ));
    }

    #[test]
    fn without_fetch_metadata_the_origin_decides() {
        assert!(allows(
            &Method::POST,
            &headers(&[("origin", "https://portal.example.org")]),
            &origin()
        ));
        assert!(!allows(
            &Method::POST,
            &headers(&[("origin", "https://evil.example")]),
            &origin()
        ));
        assert!(!allows(
            &Method::DELETE,
            &headers(&[("origin", "null")]),
            &origin()
        ));
        assert!(
            allows(&Method::POST, &HeaderMap::new(), &origin()),
            "programs send neither header"
        );
    }
}
