//! One axum router for everything: Leptos pages and server functions, static assets, the JSON
//! APIs of `portal-web`, and the cross-cutting layers (request ids, the session looked up once,
//! the sign-in gate, tracing without personal data, compression, panic safety).

use std::time::Duration;

use axum::extract::MatchedPath;
use axum::http::{header, HeaderValue, Request};
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use portal_web::router as api_router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::app::{shell, App};
use crate::server::state::AppState;
use crate::server::{error_page, security};

/// `/verify.webmanifest`: the verifier page as an installable app, named in the visitor's
/// language (the language switch's cookie, else `Accept-Language`).
async fn verifier_manifest(headers: axum::http::HeaderMap) -> axum::response::Response {
    use axum::response::IntoResponse;
    use portal_i18n::Key;

    let locale = crate::server::locale::from_headers(&headers);
    let manifest = serde_json::json!({
        "name": format!("{} · {}", locale.text(Key::VerifyTitle), locale.text(Key::AppName)),
        "short_name": locale.text(Key::VerifyTitle),
        "lang": locale.tag(),
        "dir": locale.direction().as_str(),
        "start_url": "/verify",
        "scope": "/verify",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5cab",
        "icons": [{ "src": "/favicon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any" }],
    });
    (
        [
            (header::CONTENT_TYPE, "application/manifest+json"),
            (header::VARY, "Cookie, Accept-Language"),
        ],
        manifest.to_string(),
    )
        .into_response()
}

/// Files of the bundle under `/pkg/` whose names carry a content hash never change: browsers
/// keep them for a year without asking again. Everything else is revalidated (`no-cache`).
async fn immutable_bundle(
    axum::extract::State(hashed): axum::extract::State<bool>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let bundle = hashed && request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    if bundle && response.status().is_success() {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    response
}

/// The verifier's service worker runs under its own policy (a worker is not a page: the
/// policy that came with its script is the one that binds it).
async fn worker_policy(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let worker = request.uri().path() == security::SERVICE_WORKER_PATH;
    let mut response = next.run(request).await;
    if worker {
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(security::WORKER_POLICY),
        );
    }
    response
}

/// The longest server function error body read to tell a bad argument from another failure.
const SERVER_FN_ERROR_BYTES: usize = 4096;

/// What a server function's failed argument decoding says, as a sentence that never repeats
/// the client's input: the name of a missing argument, or that the arguments could not be read.
fn argument_problem(message: &str) -> Option<String> {
    let detail = ["Args|", "Deserialization|", "MissingArg|"]
        .iter()
        .find_map(|prefix| message.strip_prefix(prefix))?;
    let missing = detail
        .split_once("missing field `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(name, _)| name)
        .filter(|name| {
            !name.is_empty()
                && name.len() <= 40
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    Some(match missing {
        Some(name) => format!("The argument {name} is missing."),
        None => "The arguments could not be read: send them as a form with the expected names and values.".to_owned(),
    })
}

/// A server function whose arguments could not be decoded answers `400` with problem details
/// (`invalid-arguments`), not the `500` Leptos gives every server function error it did not
/// get a status for.
async fn server_fn_arguments(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let response = next.run(request).await;
    let failed_fn = response.status() == http::StatusCode::INTERNAL_SERVER_ERROR
        && response.headers().contains_key("serverfnerror");
    if !failed_fn {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, SERVER_FN_ERROR_BYTES).await else {
        // Longer than any argument error: another failure, kept as the 500 it was.
        return axum::response::Response::from_parts(parts, axum::body::Body::empty());
    };
    match argument_problem(&String::from_utf8_lossy(&bytes)) {
        Some(detail) => portal_web::problem::Problem::new(
            http::StatusCode::BAD_REQUEST,
            "invalid-arguments",
            "The request's arguments are not valid",
        )
        .detail(detail)
        .into_response(),
        None => axum::response::Response::from_parts(parts, axum::body::Body::from(bytes)),
    }
}

/// Builds the application router for `state`.
pub fn build(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let render_shell = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };
    let pages = Router::new()
        .route("/verify.webmanifest", axum::routing::get(verifier_manifest))
        .leptos_routes_with_context(&state, routes, context.clone(), render_shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(axum::middleware::from_fn(server_fn_arguments))
        .with_state(state.clone());
    let api = api_router(state.web.clone());
    let https = state.config.is_https();
    let hashed_bundle = state.leptos_options.hash_files;
    let routes = portal_web::guarded(pages.merge(api), &state.web, || {
        error_page::response("session")
    });
    let body_timeout = Duration::from_secs(u64::from(state.config.body_timeout_seconds));
    routes
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            body_timeout,
        ))
        .layer(axum::middleware::from_fn_with_state(
            hashed_bundle,
            immutable_bundle,
        ))
        .layer(axum::middleware::from_fn(worker_policy))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(security::default_policy_layer())
        .layer(security::frame_options_layer())
        .layer(tower::util::option_layer(security::hsts_layer(https)))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            state.web.metrics.clone(),
            portal_web::metrics::track,
        ))
        .layer(CatchPanicLayer::custom(|_| {
            let reference = uuid::Uuid::new_v4().to_string();
            tracing::error!(reference = %reference, "a request handler panicked");
            error_page::response(&reference)
        }))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<_>| {
                    // The route template, never the concrete path or query: those can carry
                    // tokens or registration numbers.
                    let route = request
                        .extensions()
                        .get::<MatchedPath>()
                        .map_or("<unmatched>", MatchedPath::as_str);
                    let id = request
                        .extensions()
                        .get::<RequestId>()
                        .and_then(|id| id.header_value().to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!("request", method = %request.method(), route, request_id = id)
                })
                .on_request(())
                .on_response(|response: &axum::http::Response<_>, latency: Duration, _span: &tracing::Span| {
                    tracing::info!(status = response.status().as_u16(), latency_ms = latency.as_millis() as u64, "response");
                }),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(axum::middleware::from_fn(
            portal_web::extract::plain_request_id,
        ))
}

#[cfg(test)]
mod tests {
    use super::argument_problem;

    #[test]
    fn argument_errors_become_sentences_that_never_repeat_the_input() {
        assert_eq!(
            argument_problem("Args|missing field `token`").as_deref(),
            Some("The argument token is missing.")
        );
        let echoed = argument_problem("Args|invalid value: string \"<b>\", expected uuid")
            .unwrap_or_default();
        assert!(echoed.starts_with("The arguments could not be read"));
        assert!(!echoed.contains("<b>"));
        assert!(argument_problem("Deserialization|EOF").is_some());
        assert_eq!(argument_problem("ServerError|not-found"), None);
        assert_eq!(argument_problem("Registration|x"), None);
    }
}
