//! The OpenAPI 3.1 document of the machine-facing routes, served at `GET /openapi.json`: the
//! VC-API, the issuer's DID document, context and status lists, OpenID4VCI, health and metrics.
//!
//! The operations come from the `#[utoipa::path]` annotations on the handlers themselves, and
//! [`routes`] builds the very routers the server runs through [`Listed`], so a test can hold
//! the two together: a route that the document does not describe (or a described one that is
//! not served) fails `cargo test`.
//!
//! Owns: the document and its security schemes (API tokens and their scopes, OpenID4VCI access
//! tokens); the wire formats' schemas are in [`crate::schemas`]. Must never: describe the portal's own page
//! routes (form posts, session APIs) as part of the API.

use std::sync::OnceLock;

use axum::response::Response;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::listed::Listed;
use crate::rate_limit::RateLimiter;
use crate::schemas::{
    Binary, Check, IssueOptions, IssueRequest, Issued, NotVerified, PresentationResponseForm,
    ProblemDetails, Reason, StatusChange, TokenRequestForm, VcApiStatus, Verified,
    VerifyPresentationRequest, VerifyRequest,
};
use crate::{health, metrics, oid4vci, oid4vp, vc_api, WebState};

/// Where the document is served.
pub const PATH: &str = "/openapi.json";

/// Every machine-facing route of the portal (what [`ApiDoc`] describes) and the few page
/// routes that live beside them; `checks` is the open verify routes' budget per client.
pub fn routes(checks: RateLimiter) -> Listed<WebState> {
    Listed::new()
        .get(PATH, document)
        .merge(health::routes())
        .merge(metrics::routes())
        .merge(vc_api::routes(checks.clone()))
        .merge(oid4vci::routes().merge(oid4vp::routes()).wrap(|router| {
            router.route_layer(axum::middleware::from_fn_with_state(
                checks,
                crate::rate_limit::limit,
            ))
        }))
        .merge(oid4vp::waiting_routes())
}

/// The OpenAPI document (generated once per process).
pub fn api_document() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        ApiDoc::openapi()
            .to_json()
            .unwrap_or_else(|_| String::from("{}"))
    })
}

/// The portal's machine-facing API, as OpenAPI 3.1.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "about",
    responses((
        status = 200,
        description = "This document (OpenAPI 3.1), cacheable for an hour",
        content_type = "application/json",
        body = serde_json::Value
    ))
)]
pub(crate) async fn document() -> Response {
    vc_api::json_with(
        "application/json",
        "public, max-age=3600",
        api_document().as_bytes().to_vec(),
    )
}

/// The document's root: the operations of the handlers named here, the schemas below.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Refugee portal: machine-facing API",
        description = "What partner systems, wallet apps and operators call: the VC-API \
            (issue, verify, change a status), the issuer's DID document, JSON-LD context and \
            status lists, OpenID4VCI issuance to wallets, probes and metrics. Every error is \
            RFC 9457 problem details (`application/problem+json`) with a `type` under \
            `/problems/`. Anyone may verify; issuing and changing a status need an API token \
            (`portal api-token create`) with the scope named on the operation, and a token \
            that issues names the credential types it may issue.",
        license(name = "Apache-2.0")
    ),
    paths(
        document,
        health::healthz,
        health::readyz,
        metrics::metrics,
        vc_api::did_document,
        vc_api::context_document,
        vc_api::status_list,
        vc_api::status_list_token,
        vc_api::photo,
        vc_api::issue,
        vc_api::change_status,
        vc_api::verify_credential,
        vc_api::verify_presentation,
        oid4vci::issuer_metadata,
        oid4vci::authorization_server,
        oid4vci::token,
        oid4vci::nonce,
        oid4vci::credential,
        oid4vp::response,
    ),
    components(schemas(
        ProblemDetails,
        Reason,
        Check,
        Verified,
        NotVerified,
        IssueRequest,
        IssueOptions,
        Issued,
        StatusChange,
        VcApiStatus,
        VerifyRequest,
        VerifyPresentationRequest,
        TokenRequestForm,
        PresentationResponseForm,
        Binary,
    )),
    modifiers(&SecuritySchemes),
    tags(
        (name = "vc-api", description = "W3C VC-API: issue, verify, change a status"),
        (name = "issuer", description = "What a verifier fetches: DID document, JSON-LD context, status lists, photos"),
        (name = "oid4vci", description = "OpenID for Verifiable Credential Issuance 1.0 (pre-authorized code flow)"),
        (name = "oid4vp", description = "OpenID for Verifiable Presentations 1.0: where a wallet answers a service provider's request made on /verify"),
        (name = "operations", description = "Probes and metrics"),
        (name = "about", description = "This document"),
    )
)]
pub struct ApiDoc;

/// The bearer tokens: API tokens with their scopes, and OpenID4VCI access tokens.
struct SecuritySchemes;

/// What the `apiToken` scheme says about scopes and credential types.
const API_TOKEN: &str = "An API token made with `portal api-token create --scope issue[,status] \
    --types TYPE[,TYPE…] --label NAME`; it is shown once and only its SHA-256 is stored \
    (`portal api-token list|revoke`). Scopes: `issue` allows `POST /credentials/issue` for the \
    credential types the token names, never the portal's own (`RefugeeRegistrationCredential`, \
    `HouseholdCredential`) or the base types, at most `credentials.issue_per_minute` a minute; \
    `status` allows `POST /credentials/status` for credentials issued through a token. A missing \
    or unknown token is 401 `invalid-token`, a token without the scope 403 `insufficient-scope`.";

/// What the `walletAccessToken` scheme says.
const WALLET_TOKEN: &str = "The access token `POST /oid4vci/token` gave a wallet app for one \
    credential offer: valid for 5 minutes, for `POST /oid4vci/credential` only.";

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        for (name, description) in [("apiToken", API_TOKEN), ("walletAccessToken", WALLET_TOKEN)] {
            components.add_security_scheme(
                name,
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .description(Some(description))
                        .build(),
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn documented() -> (serde_json::Value, BTreeSet<(String, String)>) {
        let document: serde_json::Value = serde_json::from_str(api_document()).unwrap();
        let mut operations = BTreeSet::new();
        for (path, item) in document["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                operations.insert((method.to_ascii_uppercase(), path.clone()));
            }
        }
        (document, operations)
    }

    #[test]
    fn every_machine_facing_route_is_described_and_nothing_else() {
        let routes = routes(RateLimiter::per_minute(1));
        let served: BTreeSet<(String, String)> = routes
            .api()
            .iter()
            .map(|(method, path)| ((*method).to_owned(), (*path).to_owned()))
            .collect();
        let (_, described) = documented();
        let undocumented: Vec<_> = served.difference(&described).collect();
        assert!(
            undocumented.is_empty(),
            "served but not described: {undocumented:?}"
        );
        let unserved: Vec<_> = described.difference(&served).collect();
        assert!(
            unserved.is_empty(),
            "described but not served: {unserved:?}"
        );
        // What lives beside them is the portal's own pages, each named here on purpose.
        assert_eq!(
            routes.pages(),
            [
                "/verify",
                "/api/me/credentials/{id}/wallet",
                "/verify/wallet",
                "/verify/wallet/answered"
            ]
        );
    }

    #[test]
    fn the_document_is_openapi_3_1_with_problem_details_and_token_scopes() {
        let (document, _) = documented();
        assert_eq!(document["openapi"], "3.1.0");
        let schemes = &document["components"]["securitySchemes"];
        assert_eq!(schemes["apiToken"]["scheme"], "bearer");
        assert!(schemes["apiToken"]["description"]
            .as_str()
            .unwrap()
            .contains("`issue`"));
        let issue = &document["paths"]["/credentials/issue"]["post"];
        assert_eq!(issue["security"][0]["apiToken"][0], "issue");
        let status = &document["paths"]["/credentials/status"]["post"];
        assert_eq!(status["security"][0]["apiToken"][0], "status");
        // Every error answer of every operation is problem details.
        for (path, item) in document["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                for (code, response) in operation["responses"].as_object().unwrap() {
                    // (An error with a body; /metrics answers outsiders 404 with none.)
                    if (code.starts_with('4') || code.starts_with('5'))
                        && response.get("content").is_some()
                    {
                        assert!(
                            response["content"]
                                .get("application/problem+json")
                                .is_some(),
                            "{method} {path} {code} is not problem details"
                        );
                    }
                }
                assert!(
                    operation["summary"]
                        .as_str()
                        .is_some_and(|s| !s.is_empty() && !s.contains('\n')),
                    "{method} {path} has no one-line summary"
                );
            }
        }
        // Request bodies come with examples; files are bytes, not JSON.
        assert!(document["components"]["schemas"]["IssueRequest"]["example"].is_object());
        assert_eq!(
            document["components"]["schemas"]["Binary"]["format"],
            "binary"
        );
    }
}
