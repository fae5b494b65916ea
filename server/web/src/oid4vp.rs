//! OpenID4VP over HTTP, the verifier's side: the service provider's "ask a wallet app" form on
//! `/verify`, the response endpoint a wallet posts its answer to, and the small status answer
//! the provider's page waits on.
//!
//! | route | who | does |
//! |---|---|---|
//! | `POST /verify/wallet` | anyone (the verifier page's form) | 303 to `/verify?ask=…` |
//! | `GET /verify/wallet/answered?ask=…` | the provider's page | `{"state": "open" \| "answered" \| "expired"}` |
//! | `POST /oid4vp/response` | a wallet | `direct_post`: `state` and `vp_token` (or `error`) |
//!
//! Owns: parsing these requests. Must never: put anything of an answer into a URL or a log,
//! or tell a wallet more than that its answer was refused and why.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Json;
use portal_core::credentials::asking::{self, Ask, Posted, Standing, RESPONSE_PATH};
use portal_core::credentials::results::Client;
use portal_core::{CoreError, Refusal};
use portal_credentials::oid4vp::MAX_VP_TOKEN_BYTES;
use portal_domain::wallet::PresentationRefused;
use serde::Deserialize;
use serde_json::json;

use crate::error::AppError;
use crate::extract::Call;
use crate::listed::Listed;
use crate::oid4vci::no_store;
use crate::schemas::{PresentationResponseForm, ProblemDetails};
use crate::WebState;

/// The form post of the verifier page that makes a request.
pub const ASK_PATH: &str = "/verify/wallet";
/// Where the provider's page asks whether the wallet answered.
pub const ANSWERED_PATH: &str = "/verify/wallet/answered";

/// The routes; the caller puts the verifier's per-address budget on them.
pub fn routes() -> Listed<WebState> {
    Listed::new()
        .post(RESPONSE_PATH, response)
        .page(ASK_PATH, post(ask))
        .wrap(|router| router.layer(DefaultBodyLimit::max(MAX_VP_TOKEN_BYTES + 16 * 1024)))
}

/// The route the provider's page polls: cheap (it opens a sealed text and looks up one
/// result), so it stays outside the verifier's budget, which a page waiting ten minutes would
/// spend.
pub fn waiting_routes() -> Listed<WebState> {
    Listed::new().page(ANSWERED_PATH, get(answered))
}

/// The fields of an urlencoded form, the repeated ones in order.
fn fields(body: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The verifier page's "ask a wallet app" form: the claims ticked (`claim`, repeated).
async fn ask(
    State(state): State<WebState>,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    call: Call,
    body: Bytes,
) -> Result<Response, AppError> {
    let claims: Vec<String> = fields(&body)
        .into_iter()
        .filter(|(name, _)| name == "claim")
        .map(|(_, value)| value)
        .collect();
    let asked = match Ask::new(&claims, call.now, Client::of(address.ip())) {
        Ok(asked) => asked,
        // Nothing ticked, or a claim the form does not offer: the page says so in words.
        Err(CoreError::Invalid(_)) => {
            return Ok(Redirect::to("/verify?ask_problem=claims#wallet").into_response())
        }
        Err(other) => return Err(other.into()),
    };
    let issuer = state.issuer().await?;
    let token = asking::page_token(&issuer, &asked)?;
    Ok(no_store(
        Redirect::to(&format!("/verify?ask={token}#wallet-wait")).into_response(),
    ))
}

#[derive(Debug, Deserialize)]
struct AnsweredQuery {
    ask: Option<String>,
}

/// Whether the wallet answered the request of the page's link (`open`, `answered`,
/// `expired`); 404 for a link this portal did not make.
async fn answered(
    State(state): State<WebState>,
    call: Call,
    Query(query): Query<AnsweredQuery>,
) -> Result<Response, AppError> {
    let issuer = state.issuer().await?;
    let Some(asked) = asking::open_page(&issuer, query.ask.as_deref().unwrap_or_default())? else {
        return Err(CoreError::NotFound.into());
    };
    let standing = asking::standing(&state.verify_results, &asked, call.now).await?;
    let word = match standing {
        Standing::Answered(_) => "answered",
        Standing::Open => "open",
        Standing::Expired => "expired",
    };
    Ok(no_store(Json(json!({ "state": word })).into_response()))
}

/// A wallet's answer to a presentation request (OpenID4VP 1.0 `direct_post`).
///
/// The form holds the request's `state` and either a `vp_token` (a JSON object with one SD-JWT
/// VC presentation under the credential query's id `registration`, with a key binding for this
/// request's client id and nonce) or an OAuth `error` (the person declined). The verdict goes
/// to the service provider's page, never back to the wallet. Each request is answered once.
#[utoipa::path(
    post,
    path = "/oid4vp/response",
    tag = "oid4vp",
    request_body(content = PresentationResponseForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "The answer was taken; the provider's page shows the \
            verdict (`no-store`)", body = serde_json::Value, example = json!({})),
        (status = 400, description = "OAuth `invalid_request` inside problem details: an \
            unknown or expired request, one answered already, a form that is not an answer, \
            or a presentation that is not an SD-JWT VC",
            body = ProblemDetails, content_type = "application/problem+json"),
        (status = 429, description = "Past this client's budget", body = ProblemDetails,
            content_type = "application/problem+json")
    )
)]
pub(crate) async fn response(
    State(state): State<WebState>,
    call: Call,
    body: Bytes,
) -> Result<Response, AppError> {
    let mut posted = Posted::default();
    for (name, value) in fields(&body) {
        let slot = match name.as_str() {
            "state" => &mut posted.state,
            "vp_token" => &mut posted.vp_token,
            "error" => &mut posted.error,
            _ => continue,
        };
        if slot.replace(value).is_some() {
            // A field given twice is not an answer to read one way or the other.
            return Err(refused(PresentationRefused::Malformed));
        }
    }
    let issuer = state.issuer().await?;
    let mut db = state.store.read().await?;
    let taken = asking::answer(
        &mut db,
        &call.ctx(),
        &issuer,
        &state.verifier,
        &state.documents,
        &state.verify_results,
        posted,
    )
    .await?;
    match taken {
        Ok(()) => Ok(no_store((StatusCode::OK, Json(json!({}))).into_response())),
        Err(why) => Err(refused(why)),
    }
}

fn refused(why: PresentationRefused) -> AppError {
    AppError::Core(CoreError::Refused(Refusal::Presentation(why)))
}
