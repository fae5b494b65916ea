//! `GET /metrics`: what the operation's monitoring reads, in Prometheus' text format (0.0.4).
//!
//! Per instance (each `portal serve` is scraped on its own): requests by method, route
//! template and status, their latency as a histogram, sign-in refusals. For the whole
//! operation, read from the database at each scrape: mail by delivery state (`pending` is the
//! mail job's queue), SMS likewise, scheduled runs by state (`dead`: the failed work list),
//! credentials by status, verifications by outcome.
//!
//! Owns: the counters and the text format. Must never: answer a client outside
//! [`Config::metrics_allow`](portal_core::config::Config) or one that came through a proxy
//! (`Forwarded`, `X-Forwarded-For`: a proxy on this machine would otherwise pass the public
//! off as local), or label a value with anything but a route template, a method, a status or
//! a state (never a path, an id or a name).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::error::AppError;
use crate::listed::Listed;
use crate::WebState;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

/// The label of requests that matched no route (any path: one series, never the path).
const UNMATCHED: &str = "<unmatched>";

/// One series' requests: count by status, and the latency histogram of all of them.
#[derive(Default)]
struct RouteStats {
    by_status: BTreeMap<u16, u64>,
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum_seconds: f64,
}

/// The instance's counters, shared by every request.
#[derive(Clone, Default)]
pub struct Metrics {
    routes: Arc<Mutex<BTreeMap<(String, String), RouteStats>>>,
    sign_in_refusals: Arc<AtomicU64>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Metrics {
    /// Counts one answered request.
    pub fn record(&self, method: &str, route: &str, status: u16, latency: Duration) {
        let seconds = latency.as_secs_f64();
        let Ok(mut routes) = self.routes.lock() else {
            return;
        };
        let stats = routes
            .entry((method.to_owned(), route.to_owned()))
            .or_default();
        *stats.by_status.entry(status).or_default() += 1;
        for (bucket, bound) in stats.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
        stats.count += 1;
        stats.sum_seconds += seconds;
    }

    /// Counts a passkey sign-in that was refused.
    pub fn sign_in_refused(&self) {
        self.sign_in_refusals.fetch_add(1, Ordering::Relaxed);
    }

    /// The instance's series in the text format.
    fn render_instance(&self, out: &mut String) {
        let routes = match self.routes.lock() {
            Ok(routes) => routes,
            Err(poisoned) => poisoned.into_inner(),
        };
        out.push_str("# HELP portal_http_requests_total Requests answered, by method, route template and status.\n");
        out.push_str("# TYPE portal_http_requests_total counter\n");
        for ((method, route), stats) in routes.iter() {
            for (status, count) in &stats.by_status {
                let _ = writeln!(
                    out,
                    "portal_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {count}",
                    escape(method),
                    escape(route)
                );
            }
        }
        out.push_str("# HELP portal_http_request_duration_seconds Time to answer, by method and route template.\n");
        out.push_str("# TYPE portal_http_request_duration_seconds histogram\n");
        for ((method, route), stats) in routes.iter() {
            let labels = format!("method=\"{}\",route=\"{}\"", escape(method), escape(route));
            for (bucket, bound) in stats.buckets.iter().zip(BUCKETS) {
                let _ = writeln!(
                    out,
                    "portal_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {bucket}"
                );
            }
            let _ = writeln!(
                out,
                "portal_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                stats.count
            );
            let _ = writeln!(
                out,
                "portal_http_request_duration_seconds_sum{{{labels}}} {}",
                stats.sum_seconds
            );
            let _ = writeln!(
                out,
                "portal_http_request_duration_seconds_count{{{labels}}} {}",
                stats.count
            );
        }
        out.push_str(
            "# HELP portal_sign_in_refusals_total Passkey sign-ins refused by this instance.\n",
        );
        out.push_str("# TYPE portal_sign_in_refusals_total counter\n");
        let _ = writeln!(
            out,
            "portal_sign_in_refusals_total {}",
            self.sign_in_refusals.load(Ordering::Relaxed)
        );
    }
}

/// A label value as the text format wants it (backslash, quote and line break escaped).
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The middleware that counts every request by its route template (inside the router, where
/// the template is known).
pub async fn track(State(metrics): State<Metrics>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED, MatchedPath::as_str)
        .to_owned();
    let response = next.run(request).await;
    metrics.record(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

/// `GET /metrics`.
pub fn routes() -> Listed<WebState> {
    Listed::new().get("/metrics", metrics)
}

/// Whether a client may read the metrics: connected from an allowed address, directly.
pub fn may_read(
    allow: &[portal_core::config::AddressRange],
    peer: IpAddr,
    headers: &HeaderMap,
) -> bool {
    let proxied =
        headers.contains_key(header::FORWARDED) || headers.contains_key("x-forwarded-for");
    !proxied && allow.iter().any(|range| range.contains(peer))
}

/// Prometheus metrics of this instance, to allowed addresses only.
///
/// Request counts and latency per route template, job queue depth, login failures,
/// credentials issued, verified and revoked. Only clients connecting directly from
/// `PORTAL_METRICS_ALLOW` (default: this machine) get them; anyone else, and any request that
/// came through a proxy, gets 404 as if the route did not exist.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "operations",
    responses(
        (status = 200, description = "Prometheus text format 0.0.4", body = String,
            content_type = "text/plain; version=0.0.4; charset=utf-8"),
        (status = 404, description = "Not an allowed client (no body)")
    )
)]
pub(crate) async fn metrics(
    State(state): State<WebState>,
    request: Request,
) -> Result<Response, AppError> {
    let allowed = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .is_some_and(|ConnectInfo(addr)| {
            may_read(&state.config.metrics_allow, addr.ip(), request.headers())
        });
    drop(request);
    if !allowed {
        // As if there were no such route: nothing tells an outsider it exists.
        return Ok(StatusCode::NOT_FOUND.into_response());
    }
    let mut out = String::with_capacity(16 * 1024);
    state.metrics.render_instance(&mut out);
    let counts = {
        let mut db = state.store.read().await?;
        portal_core::reports::operational(&mut db).await?
    };
    for (name, help, kind, series, label) in [
        (
            "portal_mail",
            "Mails by delivery state (pending: the mail job's queue; failed: kept, retried or shown to staff).",
            "gauge",
            &counts.mail,
            "state",
        ),
        (
            "portal_sms",
            "SMS by delivery state (pending: the queue; failed: on the admin console's failed work list).",
            "gauge",
            &counts.sms,
            "state",
        ),
        (
            "portal_job_runs",
            "Scheduled runs by state (failed: to be tried again; dead: on the admin console's failed work list).",
            "gauge",
            &counts.runs,
            "state",
        ),
        (
            "portal_credentials",
            "Credentials issued, by status.",
            "gauge",
            &counts.credentials,
            "status",
        ),
        (
            "portal_verifications_total",
            "Credentials checked by the verifier (every instance, up to its last flush), by outcome.",
            "counter",
            &counts.verifications,
            "outcome",
        ),
    ] {
        let _ = writeln!(out, "# HELP {name} {help}");
        let _ = writeln!(out, "# TYPE {name} {kind}");
        for (value, count) in series {
            let _ = writeln!(out, "{name}{{{label}=\"{}\"}} {count}", escape(value));
        }
    }
    let mut response = out.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_core::config::AddressRange;

    #[test]
    fn requests_are_counted_by_template_with_a_cumulative_histogram() {
        let metrics = Metrics::default();
        metrics.record("GET", "/me", 200, Duration::from_millis(3));
        metrics.record("GET", "/me", 200, Duration::from_millis(30));
        metrics.record("GET", "/me", 303, Duration::from_secs(9));
        metrics.sign_in_refused();
        let mut out = String::new();
        metrics.render_instance(&mut out);
        assert!(out.contains(
            "portal_http_requests_total{method=\"GET\",route=\"/me\",status=\"200\"} 2\n"
        ));
        assert!(out.contains(
            "portal_http_requests_total{method=\"GET\",route=\"/me\",status=\"303\"} 1\n"
        ));
        assert!(out.contains("portal_http_request_duration_seconds_bucket{method=\"GET\",route=\"/me\",le=\"0.0025\"} 0\n"));
        assert!(out.contains("portal_http_request_duration_seconds_bucket{method=\"GET\",route=\"/me\",le=\"0.005\"} 1\n"));
        assert!(out.contains("portal_http_request_duration_seconds_bucket{method=\"GET\",route=\"/me\",le=\"0.05\"} 2\n"));
        assert!(out.contains("portal_http_request_duration_seconds_bucket{method=\"GET\",route=\"/me\",le=\"5\"} 2\n"));
        assert!(out.contains("portal_http_request_duration_seconds_bucket{method=\"GET\",route=\"/me\",le=\"+Inf\"} 3\n"));
        assert!(out.contains(
            "portal_http_request_duration_seconds_count{method=\"GET\",route=\"/me\"} 3\n"
        ));
        assert!(out.contains("portal_sign_in_refusals_total 1\n"));
    }

    #[test]
    fn label_values_cannot_break_out_of_their_quotes() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }

    #[test]
    fn only_direct_clients_from_allowed_addresses_read_them() {
        let loopback = AddressRange::LOOPBACK;
        let none = HeaderMap::new();
        assert!(may_read(&loopback, "127.0.0.1".parse().unwrap(), &none));
        assert!(may_read(&loopback, "::1".parse().unwrap(), &none));
        assert!(!may_read(&loopback, "203.0.113.9".parse().unwrap(), &none));
        for name in ["x-forwarded-for", "forwarded"] {
            let mut proxied = HeaderMap::new();
            proxied.insert(name, HeaderValue::from_static("203.0.113.9"));
            assert!(
                !may_read(&loopback, "127.0.0.1".parse().unwrap(), &proxied),
                "{name}"
            );
        }
    }
}
