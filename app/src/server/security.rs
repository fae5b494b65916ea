//! Security headers.
//!
//! Every HTML page gets a Content Security Policy with a fresh nonce (the one Leptos puts on its
//! inline hydration script): no inline script runs without it, nothing loads from elsewhere, and
//! no site may frame the portal. Every other response gets a policy that allows nothing. HSTS
//! is sent when the portal runs on https.
//!
//! Owns: CSP, framing, HSTS, MIME-sniffing and referrer headers. Must never: allow
//! `unsafe-inline` scripts or third-party origins.

use axum::http::header::{CONTENT_SECURITY_POLICY, STRICT_TRANSPORT_SECURITY, X_FRAME_OPTIONS};
use axum::http::HeaderValue;
use leptos::prelude::use_context;
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy of responses that are not pages (JSON, files, errors): nothing may run.
pub const API_POLICY: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Where the verifier's service worker is served.
pub const SERVICE_WORKER_PATH: &str = "/verify-sw.js";

/// The policy delivered with the service worker's script, which governs the worker itself: it
/// may fetch from this origin (to keep the verifier page and its files) and nothing else.
pub const WORKER_POLICY: &str = "default-src 'none'; connect-src 'self'";

/// The policy of a page whose inline script carries `nonce`.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'nonce-{nonce}'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Sets the page's policy from inside the document shell, where the nonce is known.
pub fn content_security_policy() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    if let Ok(value) = HeaderValue::from_str(&page_policy(&nonce.to_string())) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}

/// Headers every response carries unless it set its own.
pub fn default_policy_layer() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(API_POLICY),
    )
}

/// Old browsers ignore `frame-ancestors`; they understand this.
pub fn frame_options_layer() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"))
}

/// HSTS for two years, only when the portal is served over https.
pub fn hsts_layer(https: bool) -> Option<SetResponseHeaderLayer<HeaderValue>> {
    https.then(|| {
        SetResponseHeaderLayer::overriding(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_allow_only_their_own_nonce_and_origin() {
        let policy = page_policy("abc123");
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(!policy.contains("http"));
    }
}
