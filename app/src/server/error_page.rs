//! The last-resort error page: when a handler fails unexpectedly the visitor still gets a calm
//! page in every language with a reference for the help desk, never a raw 500 body.

use axum::body::Body;
use axum::http::{header, Response, StatusCode};
use portal_i18n::{Key, Locale};

/// Escapes text for HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A self-contained HTML page (no scripts, no external resources) saying something went wrong.
pub fn html(reference: &str) -> String {
    let mut sections = String::new();
    for locale in Locale::ALL {
        sections.push_str(&format!(
            "<section lang=\"{}\" dir=\"{}\"><h1>{}</h1><p>{}</p><p>{}</p><p><a href=\"/\">{}</a></p></section>",
            locale.tag(),
            locale.direction().as_str(),
            escape(locale.text(Key::ErrorTitle)),
            escape(locale.text(Key::ErrorBody)),
            escape(&locale.format(Key::ErrorReference, &[("reference", reference)])),
            escape(locale.text(Key::BackToStart)),
        ));
    }
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{}</title><style>body{{font-family:system-ui,sans-serif;\
         max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}}section{{margin-block-end:2rem}}\
         a{{color:#0b5cab}}</style></head><body>{sections}</body></html>",
        escape(Locale::En.text(Key::ErrorTitle))
    )
}

/// A 500 response carrying [`html`].
pub fn response(reference: &str) -> Response<Body> {
    let mut response = Response::new(Body::from(html(reference)));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

/// Seconds before a [`busy`] page loads itself again.
const BUSY_RELOAD_SECONDS: u32 = 2;

/// The page for a request that could not be answered this time (a page whose render stalled
/// twice): `503` with `Retry-After`, in the visitor's language, loading itself again after a
/// moment (a `refresh`, no script). Never stored.
pub fn busy(locale: Locale) -> Response<Body> {
    let title = escape(locale.text(Key::BusyTitle));
    let page = format!(
        "<!DOCTYPE html><html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta http-equiv=\"refresh\" content=\"{BUSY_RELOAD_SECONDS}\"><title>{title}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;\
         padding:0 1rem;line-height:1.5;color:#1a1a1a}}</style></head><body><main><h1>{title}</h1>\
         <p>{body}</p></main></body></html>",
        lang = locale.tag(),
        dir = locale.direction().as_str(),
        body = escape(locale.text(Key::BusyBody)),
    );
    let mut response = Response::new(Body::from(page));
    *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    headers.insert(
        header::RETRY_AFTER,
        header::HeaderValue::from(BUSY_RELOAD_SECONDS),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_speaks_every_language_and_carries_the_reference() {
        let page = html("req-123");
        for locale in Locale::ALL {
            assert!(
                page.contains(&escape(locale.text(Key::ErrorTitle))),
                "{locale}"
            );
        }
        assert!(page.contains("req-123"));
        assert!(page.contains("dir=\"rtl\""));
        assert!(!page.contains("<script"));
    }

    #[tokio::test]
    async fn a_busy_page_speaks_the_visitors_language_and_loads_itself_again() {
        let response = busy(Locale::Ar);
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[header::RETRY_AFTER], "2");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        assert!(body.contains("<html lang=\"ar\" dir=\"rtl\">"), "{body}");
        assert!(
            body.contains(&escape(Locale::Ar.text(Key::BusyBody))),
            "{body}"
        );
        assert!(
            body.contains("http-equiv=\"refresh\" content=\"2\""),
            "{body}"
        );
        assert!(!body.contains("<script"));
    }

    #[test]
    fn references_are_escaped() {
        assert!(!html("<script>").contains("<script>"));
    }
}
