//! OpenID4VCI over HTTP: the metadata documents, the token, nonce and credential endpoints a
//! wallet app calls, and the person's "add to a wallet app" form post.
//!
//! | route | who | does |
//! |---|---|---|
//! | `GET /.well-known/openid-credential-issuer` | anyone | credential issuer metadata |
//! | `GET /.well-known/oauth-authorization-server` | anyone | authorization server metadata |
//! | `POST /oid4vci/token` | a wallet with an offer | pre-authorized code + transaction code → access token |
//! | `POST /oid4vci/nonce` | anyone | a `c_nonce` (stateless: costs one HMAC) |
//! | `POST /oid4vci/credential` | a wallet with an access token | the credential |
//! | `POST /api/me/credentials/{id}/wallet` | person, fresh passkey | make an offer |
//!
//! Errors carry OAuth's `error` and `error_description` inside RFC 9457 problem details (see
//! [`crate::error`]). Every answer holding a code, token or credential is `no-store`.
//!
//! Owns: parsing these requests and the offer cookie. Must never: put a code or a token in a
//! URL or a log, or answer a wallet before the transaction that recorded its step commits.

use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Form, Json};
use portal_core::credentials::wallet::{
    self, TokenRequest, CREDENTIAL_PATH, NONCE_PATH, TOKEN_PATH,
};
use portal_core::{CoreError, Refusal};
use portal_domain::tokens::SecretToken;
use portal_domain::wallet::{OfferId, TxCode, WalletRefused, OFFER_LIFETIME};
use serde::Deserialize;
use serde_json::json;

use crate::error::AppError;
use crate::extract::{Call, FreshMe};
use crate::forms::{parse_id, respond, Done};
use crate::listed::Listed;
use crate::schemas::{ProblemDetails, TokenRequestForm};
use crate::session::cookie_value;
use crate::vc_api::{json_with, to_json};
use crate::WebState;

/// Largest body accepted (a credential request with one proof is well under 2 KiB).
const MAX_BODY_BYTES: usize = 16 * 1024;

/// The routes a wallet calls (rate-limited per client address by the caller) and the form
/// post of the person's page.
pub fn routes() -> Listed<WebState> {
    Listed::new()
        .get("/.well-known/openid-credential-issuer", issuer_metadata)
        .get(
            "/.well-known/oauth-authorization-server",
            authorization_server,
        )
        .post(TOKEN_PATH, token)
        .post(NONCE_PATH, nonce)
        .post(CREDENTIAL_PATH, credential)
        .page("/api/me/credentials/{id}/wallet", post(make_offer))
        .wrap(|router| router.layer(DefaultBodyLimit::max(MAX_BODY_BYTES)))
}

/// Every path of this module, for the authorization tests.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/.well-known/openid-credential-issuer"),
    ("GET", "/.well-known/oauth-authorization-server"),
    ("POST", TOKEN_PATH),
    ("POST", NONCE_PATH),
    ("POST", CREDENTIAL_PATH),
    ("POST", "/api/me/credentials/{id}/wallet"),
];

fn refused(why: WalletRefused) -> Response {
    AppError::Core(CoreError::Refused(Refusal::Wallet(why))).into_response()
}

/// `response`, never to be kept by a browser or a cache (it holds a code, a token or a
/// credential, or answers one).
pub(crate) fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A metadata document: cacheable for five minutes, readable across origins (wallets that run
/// in a browser read it), as the DID document is.
fn public_document(body: &serde_json::Value) -> Result<Response, AppError> {
    Ok(json_with(
        "application/json",
        "public, max-age=300",
        to_json(body)?,
    ))
}

/// Credential issuer metadata (OpenID4VCI §12.2).
///
/// Display names of the portal, each credential and each claim in English, French, Arabic and
/// Dari, the logo, and six configurations: the registration and household credentials as
/// `dc+sd-jwt`, `ldp_vc` (`eddsa-rdfc-2022`) and `jwt_vc_json`.
#[utoipa::path(
    get,
    path = "/.well-known/openid-credential-issuer",
    tag = "oid4vci",
    responses((status = 200, description = "The metadata, cacheable for 5 minutes",
        body = serde_json::Value))
)]
pub(crate) async fn issuer_metadata(State(state): State<WebState>) -> Result<Response, AppError> {
    let issuer = state.issuer().await?;
    public_document(&wallet::issuer_metadata(&issuer))
}

/// Authorization server metadata (RFC 8414).
///
/// The portal is its own authorization server, for the pre-authorized code grant with
/// anonymous access to the token endpoint.
#[utoipa::path(
    get,
    path = "/.well-known/oauth-authorization-server",
    tag = "oid4vci",
    responses((status = 200, description = "The metadata, cacheable for 5 minutes",
        body = serde_json::Value))
)]
pub(crate) async fn authorization_server(
    State(state): State<WebState>,
) -> Result<Response, AppError> {
    let issuer = state.issuer().await?;
    public_document(&wallet::authorization_server_metadata(&issuer))
}

/// The token request's form (RFC 6749 §4.1.3 with OpenID4VCI's parameters).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct TokenForm {
    grant_type: Option<String>,
    #[serde(rename = "pre-authorized_code")]
    pre_authorized_code: Option<String>,
    tx_code: Option<String>,
}

/// Exchanges an offer's pre-authorized code and transaction code for an access token.
///
/// Once per offer; five wrong transaction codes spend it.
#[utoipa::path(
    post,
    path = "/oid4vci/token",
    tag = "oid4vci",
    request_body(content = TokenRequestForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "A bearer access token for 5 minutes (`no-store`)",
            body = serde_json::Value, example = json!({
                "access_token": "…", "token_type": "Bearer", "expires_in": 300
            })),
        (status = 400, description = "OAuth `invalid_request` or `invalid_grant` (an unknown, \
            used or expired offer, or a wrong transaction code) inside problem details",
            body = ProblemDetails, content_type = "application/problem+json"),
        (status = 429, description = "Past this client's budget", body = ProblemDetails,
            content_type = "application/problem+json")
    )
)]
pub(crate) async fn token(
    State(state): State<WebState>,
    call: Call,
    form: Result<Form<TokenForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return no_store(refused(WalletRefused::InvalidRequest));
    };
    let request = TokenRequest {
        grant_type: form.grant_type,
        pre_authorized_code: form.pre_authorized_code,
        tx_code: form.tx_code,
    };
    let outcome = async {
        let mut tx = state.store.begin().await?;
        let answer = wallet::token(&mut tx, &call.ctx(), &request).await?;
        // Committed whatever the answer: a wrong transaction code must count.
        tx.commit().await?;
        Ok::<_, AppError>(answer)
    }
    .await;
    no_store(match outcome {
        Ok(Ok(granted)) => Json(json!({
            "access_token": granted.access_token.expose(),
            "token_type": "Bearer",
            "expires_in": granted.expires_in,
        }))
        .into_response(),
        Ok(Err(why)) => refused(why),
        Err(error) => error.into_response(),
    })
}

/// A fresh `c_nonce` for the holder's proof of possession (stateless: costs one HMAC).
#[utoipa::path(
    post,
    path = "/oid4vci/nonce",
    tag = "oid4vci",
    responses(
        (status = 200, description = "The nonce (`no-store`)", body = serde_json::Value,
            example = json!({ "c_nonce": "…", "c_nonce_expires_in": 300 })),
        (status = 429, description = "Past this client's budget", body = ProblemDetails,
            content_type = "application/problem+json")
    )
)]
pub(crate) async fn nonce(State(state): State<WebState>, call: Call) -> Result<Response, AppError> {
    let issuer = state.issuer().await?;
    let c_nonce = wallet::nonce(&issuer, call.now)?;
    Ok(no_store(
        Json(json!({
            "c_nonce": c_nonce,
            "c_nonce_expires_in": wallet::nonce_lifetime_seconds(),
        }))
        .into_response(),
    ))
}

/// The bearer token of `Authorization: Bearer …` (RFC 6750 §2.1; the scheme is
/// case-insensitive).
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

/// Issues the offered credential to the wallet, bound to the key of its JWT proof.
#[utoipa::path(
    post,
    path = "/oid4vci/credential",
    tag = "oid4vci",
    request_body(content = serde_json::Value, description = "`credential_configuration_id` \
        and `proofs: {jwt: [\"…\"]}` (a JWT proof of possession with the `c_nonce`, its key as \
        `jwk` or a `did:key` `kid`)"),
    security(("walletAccessToken" = [])),
    responses(
        (status = 200, description = "`{credentials: [{credential}]}` (`no-store`)",
            body = serde_json::Value),
        (status = 400, description = "OAuth `invalid_credential_request`, \
            `unknown_credential_configuration` or `invalid_proof` inside problem details",
            body = ProblemDetails, content_type = "application/problem+json"),
        (status = 401, description = "OAuth `invalid_token`", body = ProblemDetails,
            content_type = "application/problem+json"),
        (status = 429, description = "Past this client's budget", body = ProblemDetails,
            content_type = "application/problem+json")
    )
)]
pub(crate) async fn credential(
    State(state): State<WebState>,
    call: Call,
    headers: HeaderMap,
    body: Result<Json<serde_json::Value>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Some(access_token) = bearer(&headers) else {
        return no_store(refused(WalletRefused::InvalidToken));
    };
    let Ok(Json(body)) = body else {
        return no_store(refused(WalletRefused::InvalidRequest));
    };
    let outcome = async {
        let issuer = state.issuer().await?;
        let mut tx = state.store.begin().await?;
        let answer = wallet::credential(&mut tx, &call.ctx(), &issuer, access_token, &body).await?;
        if answer.is_ok() {
            tx.commit().await?;
        }
        Ok::<_, AppError>(answer)
    }
    .await;
    no_store(match outcome {
        Ok(Ok(issued)) => Json(issued.body).into_response(),
        Ok(Err(why)) => refused(why),
        Err(error) => error.into_response(),
    })
}

/// The offer cookie's name: `__Host-` prefixed on https.
fn cookie_name(https: bool) -> &'static str {
    if https {
        "__Host-portal_wallet"
    } else {
        "portal_wallet"
    }
}

/// The offer the person's browser made last, while its cookie lives: the page shows its QR
/// code and transaction code again (they are not stored anywhere else).
pub fn offer_cookie(headers: &HeaderMap, https: bool) -> Option<(OfferId, SecretToken, TxCode)> {
    let value = cookie_value(headers, cookie_name(https))?;
    let mut parts = value.split('.');
    let id = uuid::Uuid::parse_str(parts.next()?).ok()?;
    let code = SecretToken::parse(parts.next()?)?;
    let tx_code = TxCode::parse(parts.next()?)?;
    parts
        .next()
        .is_none()
        .then_some((OfferId(id), code, tx_code))
}

fn set_offer_cookie(made: &wallet::OfferMade, https: bool) -> Option<HeaderValue> {
    let secure = if https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}={}.{}.{}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{secure}",
        cookie_name(https),
        made.id.0,
        made.code.expose(),
        made.tx_code.digits(),
        OFFER_LIFETIME.num_seconds(),
    ))
    .ok()
}

async fn make_offer(
    State(state): State<WebState>,
    call: Call,
    me: Result<FreshMe, AppError>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let back = format!("/me/credentials/{}#wallet", id.trim());
    let outcome = async {
        let FreshMe(person) = me?;
        let id = parse_id(&id)?;
        let mut tx = state.store.begin().await?;
        let made = wallet::offer(&mut tx, &call.ctx(), person, id).await?;
        tx.commit().await?;
        Ok::<_, AppError>((id, made))
    }
    .await;
    match outcome {
        Ok((id, made)) => {
            let cookie = set_offer_cookie(&made, state.config.is_https());
            let done = Done::new(
                StatusCode::CREATED,
                json!({
                    "offer": made.id.0,
                    "expires_at": made.expires_at,
                }),
                format!("/me/credentials/{id}#wallet"),
            );
            let mut response = respond(&headers, Ok(done), &back);
            if let Some(cookie) = cookie {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            no_store(response)
        }
        Err(error) => respond(&headers, Err(error), &back),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bearer_token_is_read_from_the_authorization_header_only() {
        let mut headers = HeaderMap::new();
        assert_eq!(bearer(&headers), None);
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer(&headers), None);
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer  tok "),
        );
        assert_eq!(bearer(&headers), Some("tok"));
    }

    #[test]
    fn the_offer_cookie_round_trips_and_refuses_anything_else() {
        let made = wallet::OfferMade {
            id: OfferId(uuid::Uuid::new_v4()),
            code: SecretToken::generate(),
            tx_code: TxCode::generate(),
            expires_at: chrono::Utc::now(),
        };
        let set = set_offer_cookie(&made, true).unwrap();
        let set = set.to_str().unwrap();
        assert!(set.starts_with("__Host-portal_wallet="));
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Secure")
        );
        let pair = set.split(';').next().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(pair).unwrap());
        let (id, code, tx_code) = offer_cookie(&headers, true).unwrap();
        assert_eq!(
            (id, code, tx_code),
            (made.id, made.code.clone(), made.tx_code.clone())
        );
        assert!(
            offer_cookie(&headers, false).is_none(),
            "the name differs on http"
        );
        for bad in [
            "portal_wallet=x",
            "portal_wallet=a.b.c",
            "portal_wallet=a.b.c.d",
        ] {
            headers.insert(header::COOKIE, HeaderValue::from_static(bad));
            assert!(offer_cookie(&headers, false).is_none(), "{bad}");
        }
    }
}
