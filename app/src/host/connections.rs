//! The HTTP/1.1 server loop, with the limits anyone on the internet meets before a handler
//! runs: a connection that has not sent a whole request head within `server.header_timeout_seconds`
//! is closed (a new connection that stays silent, one that trickles its headers, and an idle
//! keep-alive connection alike), at most `server.max_connections` are open at once (one more
//! is closed at once rather than queued), and a stop finishes the requests in flight within
//! `server.shutdown_grace_seconds`, then exits whatever is left. (Request bodies have their own
//! timeout, a layer of the router.)
//!
//! Owns: accepting connections. Must never: hold a connection without a deadline, or wait
//! without end for one to finish at a stop.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use portal_core::config::AddressRange;
use portal_core::Config;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// The limits of the server loop, and whom it believes about the client's address.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Longest wait for a whole request head (also the idle time of a kept-alive connection).
    pub header_timeout: Duration,
    /// Most connections open at once.
    pub max_connections: usize,
    /// Longest wait for requests in flight at a stop.
    pub shutdown_grace: Duration,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Arc<[AddressRange]>,
}

impl Limits {
    /// The limits `config` sets.
    pub fn of(config: &Config) -> Self {
        Self {
            header_timeout: Duration::from_secs(u64::from(config.header_timeout_seconds)),
            max_connections: usize::try_from(config.max_connections).unwrap_or(usize::MAX),
            shutdown_grace: Duration::from_secs(u64::from(config.shutdown_grace_seconds)),
            trusted_proxies: config.trusted_proxies.clone().into(),
        }
    }
}

/// How long a page's server rendering may take before it counts as stalled and is rendered
/// again, once. Leptos 0.8 can leave a server render waiting for a resource that has already
/// resolved (a race of its thread-local reactive arenas under a multi-threaded runtime: about
/// one `/me` in a few hundred while other requests run, measured by the `http` test that
/// renders 400 signed-in pages at once); a fresh render does not inherit the race. Pages
/// render in milliseconds, so a render still running after this long has stalled.
pub const STALLED_RENDER: Duration = Duration::from_secs(4);

/// Most bytes of a page held whole before it is sent (pages are a few tens of kilobytes).
const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

/// The router's answer to `request`, with an HTML page's body rendered whole: the race of
/// [`STALLED_RENDER`] can also leave a page waiting after its head, mid-body, and a page that
/// is held whole can still be rendered again. Other bodies (files, scripts) stream. `None`
/// when the page's body failed, or the page loads the WebAssembly bundle without a nonce in
/// its head (rendered outside its request's context: render it again).
async fn rendered(
    router: Router,
    request: hyper::Request<axum::body::Body>,
) -> Option<axum::response::Response> {
    use axum::http::header::CONTENT_TYPE;
    let personal = is_personal(request.uri());
    let response = match router.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let is_page = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_page {
        return Some(response);
    }
    let (mut parts, body) = response.into_parts();
    let whole = axum::body::to_bytes(body, MAX_PAGE_BYTES).await.ok()?;
    if lost_its_nonce(&whole) {
        // Rendered without its request's context: its scripts carry no nonce, so no policy
        // lets them run and it would never hydrate (seen once on the friendly 404 page).
        tracing::warn!("a page was rendered without its nonce");
        return None;
    }
    secure_page(&mut parts.headers, &whole, personal);
    Some(axum::response::Response::from_parts(
        parts,
        axum::body::Body::from(whole),
    ))
}

/// Whether the page at `uri` shows a person's data: the `/me`, `/staff` and `/enroll` areas
/// and a verification result (`/verify?…`).
fn is_personal(uri: &axum::http::Uri) -> bool {
    let path = uri.path();
    portal_web::gate::area_of(path).is_some()
        || path == "/enroll"
        || path.starts_with("/enroll/")
        || (path == "/verify" && uri.query().is_some())
}

/// Makes sure a rendered page carries what its render should have set, also when the render
/// lost its request's context (Leptos' race, see [`STALLED_RENDER`]): the page policy with the
/// nonce the page was rendered with (else the shell's scripts are blocked and it never
/// hydrates), and `no-store` on a personal page (never kept by the browser or a cache).
fn secure_page(headers: &mut axum::http::HeaderMap, page: &[u8], personal: bool) {
    use crate::server::security::{page_policy, API_POLICY};
    use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, VARY};
    use axum::http::HeaderValue;
    let unset = headers
        .get(CONTENT_SECURITY_POLICY)
        .is_none_or(|v| v.as_bytes() == API_POLICY.as_bytes());
    if unset {
        if let Some(policy) =
            page_nonce(page).and_then(|n| HeaderValue::from_str(&page_policy(n)).ok())
        {
            headers.insert(CONTENT_SECURITY_POLICY, policy);
        }
    }
    // Every page may name who is signed in and follows the language cookie or
    // Accept-Language: never one copy for everyone at a shared cache or CDN.
    let cache = if personal {
        "no-store"
    } else {
        "private, no-cache"
    };
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.append(VARY, HeaderValue::from_static("cookie, accept-language"));
}

/// Whether the page's head loads the WebAssembly bundle (`/pkg/…`) but carries no nonce for
/// its scripts: a render that lost its request's context, whose scripts no policy can allow.
fn lost_its_nonce(page: &[u8]) -> bool {
    let head_end = page
        .windows(7)
        .position(|w| w == b"</head>")
        .unwrap_or(page.len());
    let head = &page[..head_end];
    head.windows(5).any(|w| w == b"/pkg/") && page_nonce(page).is_none()
}

/// The nonce of the page's own `<head>` (its first `nonce="…"` before `</head>`: text of the
/// page is escaped, so no value a visitor wrote can be read as one).
fn page_nonce(page: &[u8]) -> Option<&str> {
    const MARK: &[u8] = b" nonce=\"";
    let head_end = page.windows(7).position(|w| w == b"</head>")?;
    let head = page.get(..head_end)?;
    let start = head.windows(MARK.len()).position(|w| w == MARK)? + MARK.len();
    let rest = head.get(start..)?;
    let len = rest.iter().position(|b| *b == b'"')?;
    let nonce = std::str::from_utf8(rest.get(..len)?).ok()?;
    let plain = (8..=128).contains(&nonce.len())
        && nonce
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_'));
    plain.then_some(nonce)
}

/// The router's answer to `request`. A `GET` or `HEAD` (which changes nothing but, for personal
/// pages, an audit row of the read) whose page has not been rendered whole within
/// [`STALLED_RENDER`] is asked again once; one that stalls twice is answered `503` with
/// `Retry-After`.
async fn answer(
    router: Router,
    request: hyper::Request<Incoming>,
) -> Result<axum::response::Response, std::convert::Infallible> {
    use axum::http::Method;
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return router.oneshot(request).await;
    }
    let (mut parts, _) = request.into_parts();
    // The router answers uncompressed, so a page can be read (its nonce, its bundle) and
    // mended; the answer is compressed for the client last.
    let accepted = parts.headers.remove(axum::http::header::ACCEPT_ENCODING);
    for attempt in 1..=2 {
        let again = hyper::Request::from_parts(parts.clone(), axum::body::Body::empty());
        match tokio::time::timeout(STALLED_RENDER, rendered(router.clone(), again)).await {
            Ok(Some(answered)) => return Ok(compressed(answered, accepted).await),
            Ok(None) => tracing::warn!(attempt, "a page's body failed while rendering"),
            Err(_) => tracing::warn!(attempt, "a page's server render stalled"),
        }
    }
    // In the visitor's language, and it loads itself again in a moment.
    let locale = crate::server::locale::from_headers(&parts.headers);
    Ok(compressed(crate::server::error_page::busy(locale), accepted).await)
}

/// `response` compressed as the client's `Accept-Encoding` (`accepted`) allows, by the same
/// layer and rules as every other answer (an already encoded body, an image or a tiny body stays
/// as it is).
async fn compressed(
    response: axum::response::Response,
    accepted: Option<axum::http::HeaderValue>,
) -> axum::response::Response {
    use tower::{Layer, ServiceExt};
    let mut request = axum::http::Request::new(axum::body::Body::empty());
    if let Some(accepted) = accepted {
        request
            .headers_mut()
            .insert(axum::http::header::ACCEPT_ENCODING, accepted);
    }
    let mut slot = Some(response);
    let once = tower::service_fn(move |_: axum::http::Request<axum::body::Body>| {
        let response = slot.take().unwrap_or_default();
        async move { Ok::<_, std::convert::Infallible>(response) }
    });
    match tower_http::compression::CompressionLayer::new()
        .layer(once)
        .oneshot(request)
        .await
    {
        Ok(response) => response.map(axum::body::Body::new),
        Err(never) => match never {},
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then lets the requests in flight
/// finish for at most the grace time.
pub async fn serve(
    router: Router,
    listener: TcpListener,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let open = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a moment, keep serving.
                    tracing::warn!(error = %error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = Arc::clone(&open).try_acquire_owned() else {
            tracing::warn!("connection limit reached; a new connection was closed");
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        // The client's address goes with each request: the rate limits and the verifier's
        // quotas count by it (behind a trusted proxy, the address the proxy names).
        let router = router.clone();
        let trusted = Arc::clone(&limits.trusted_proxies);
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            let client =
                portal_web::forwarded::client_address(remote.ip(), request.headers(), &trusted);
            let client = std::net::SocketAddr::new(client, remote.port());
            request.extensions_mut().insert(ConnectInfo(client));
            answer(router.clone(), request)
        });
        let connection = http.serve_connection(TokioIo::new(stream), service);
        let watched = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that goes away mid-request is not the server's failure.
            let _ = watched.await;
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.shutdown_grace) => {
            tracing::warn!("requests still in flight after the grace time were abandoned");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY};
    use axum::http::{HeaderMap, HeaderValue};

    const PAGE: &[u8] =
        b"<!DOCTYPE html><html><head><style nonce=\"AbC123xyz+/=\">p{}</style></head>\
        <body><p>nonce=\"evil\"</p></body></html>";

    #[test]
    fn a_page_that_lost_its_policy_gets_the_one_of_its_own_nonce() {
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(crate::server::security::API_POLICY),
        );
        secure_page(&mut headers, PAGE, false);
        let policy = headers[CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(policy.contains("'nonce-AbC123xyz+/='"), "{policy}");
        assert_eq!(headers[CACHE_CONTROL], "private, no-cache");
        // A policy the page set is kept.
        let mut set = HeaderMap::new();
        set.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'"),
        );
        secure_page(&mut set, PAGE, false);
        assert_eq!(set[CONTENT_SECURITY_POLICY], "default-src 'self'");
    }

    /// A page the router wrote without its policy (the render lost its request's context) is
    /// mended even when the client asks for a compressed answer: the router's page is read
    /// uncompressed, and compressed for the client last.
    #[tokio::test]
    async fn a_page_is_mended_before_it_is_compressed() {
        use axum::http::header::CONTENT_ENCODING;
        use axum::response::IntoResponse;
        let page: Vec<u8> = [PAGE, " ".repeat(4_096).as_bytes()].concat();
        let router = axum::Router::new()
            .route(
                "/page",
                axum::routing::get(move || {
                    let page = page.clone();
                    async move {
                        let mut response = axum::response::Html(page).into_response();
                        response.headers_mut().insert(
                            CONTENT_SECURITY_POLICY,
                            HeaderValue::from_static(crate::server::security::API_POLICY),
                        );
                        response
                    }
                }),
            )
            .layer(tower_http::compression::CompressionLayer::new());
        // As `answer` asks it: without the client's Accept-Encoding, which `compressed` gets.
        let request = hyper::Request::builder()
            .uri("/page")
            .body(axum::body::Body::empty())
            .unwrap();
        let answered = rendered(router, request).await.unwrap();
        let response = compressed(answered, Some(HeaderValue::from_static("gzip"))).await;
        let policy = response.headers()[CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(policy.contains("'nonce-AbC123xyz+/='"), "{policy}");
        assert_eq!(response.headers()[CONTENT_ENCODING], "gzip");
        // Without the header, the answer is not compressed.
        let plain = compressed(
            axum::response::Html("<p>x</p>".repeat(100)).into_response(),
            None,
        )
        .await;
        assert!(plain.headers().get(CONTENT_ENCODING).is_none());
    }

    #[test]
    fn a_nonce_is_read_only_from_the_head_and_only_when_plain() {
        assert_eq!(page_nonce(PAGE), Some("AbC123xyz+/="));
        assert_eq!(
            page_nonce(b"<html><head></head><body><p nonce=\"abcdefgh\"></p></body>"),
            None
        );
        assert_eq!(
            page_nonce(b"<head><style nonce=\"a b<c>de\"></style></head>"),
            None
        );
        assert_eq!(
            page_nonce(b"<head><style nonce=\"short\"></style></head>"),
            None
        );
        assert_eq!(page_nonce(b"no head at all nonce=\"abcdefgh\""), None);
    }

    #[test]
    fn a_page_loading_the_bundle_without_a_nonce_is_rendered_again() {
        let without = b"<html><head><link rel=\"modulepreload\" href=\"/pkg/portal.js\"><script>x</script></head><body></body></html>";
        assert!(lost_its_nonce(without));
        let with = b"<html><head><link rel=\"modulepreload\" href=\"/pkg/portal.js\" nonce=\"AbC123xyz\"></head></html>";
        assert!(!lost_its_nonce(with));
        // A lean page loads no bundle and needs no nonce.
        assert!(!lost_its_nonce(
            b"<html><head><title>x</title></head><body>/pkg/</body></html>"
        ));
    }

    #[test]
    fn personal_pages_are_never_stored() {
        for (uri, personal) in [
            ("/me", true),
            ("/me/credentials/1", true),
            ("/staff/reports?from=2026-11-01", true),
            ("/enroll/abc", true),
            ("/verify?result=abc", true),
            ("/verify", false),
            ("/", false),
            ("/meeting", false),
            ("/staffroom", false),
        ] {
            assert_eq!(is_personal(&uri.parse().unwrap()), personal, "{uri}");
        }
        let mut headers = HeaderMap::new();
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        secure_page(&mut headers, PAGE, true);
        assert_eq!(headers[CACHE_CONTROL], "no-store");
        // A public page is personal too, in a way: it names who is signed in and speaks
        // their language. Browsers may keep it (revalidated), shared caches may not.
        let mut headers = HeaderMap::new();
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        headers.insert(
            axum::http::header::VARY,
            HeaderValue::from_static("accept-encoding"),
        );
        secure_page(&mut headers, PAGE, false);
        assert_eq!(headers[CACHE_CONTROL], "private, no-cache");
        let vary: Vec<_> = headers.get_all(axum::http::header::VARY).iter().collect();
        assert_eq!(vary, ["accept-encoding", "cookie, accept-language"]);
    }
}
