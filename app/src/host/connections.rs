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
use portal_core::Config;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// The limits of the server loop.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Longest wait for a whole request head (also the idle time of a kept-alive connection).
    pub header_timeout: Duration,
    /// Most connections open at once.
    pub max_connections: usize,
    /// Longest wait for requests in flight at a stop.
    pub shutdown_grace: Duration,
}

impl Limits {
    /// The limits `config` sets.
    pub fn of(config: &Config) -> Self {
        Self {
            header_timeout: Duration::from_secs(u64::from(config.header_timeout_seconds)),
            max_connections: usize::try_from(config.max_connections).unwrap_or(usize::MAX),
            shutdown_grace: Duration::from_secs(u64::from(config.shutdown_grace_seconds)),
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
/// when the page's body failed.
async fn rendered(
    router: Router,
    request: hyper::Request<axum::body::Body>,
) -> Option<axum::response::Response> {
    use axum::http::header::CONTENT_TYPE;
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
    let (parts, body) = response.into_parts();
    let whole = axum::body::to_bytes(body, MAX_PAGE_BYTES).await.ok()?;
    Some(axum::response::Response::from_parts(
        parts,
        axum::body::Body::from(whole),
    ))
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
    let (parts, _) = request.into_parts();
    for attempt in 1..=2 {
        let again = hyper::Request::from_parts(parts.clone(), axum::body::Body::empty());
        match tokio::time::timeout(STALLED_RENDER, rendered(router.clone(), again)).await {
            Ok(Some(answered)) => return Ok(answered),
            Ok(None) => tracing::warn!(attempt, "a page's body failed while rendering"),
            Err(_) => tracing::warn!(attempt, "a page's server render stalled"),
        }
    }
    // In the visitor's language, and it loads itself again in a moment.
    let locale = crate::server::locale::from_headers(&parts.headers);
    Ok(crate::server::error_page::busy(locale))
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
        // quotas count by it.
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(remote));
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
