//! OpenID for Verifiable Presentations 1.0, the verifier's side of one kind of request: a
//! service provider asks a wallet app for this portal's SD-JWT VC with the claims it needs,
//! and the wallet posts its answer back to the portal (`direct_post`).
//!
//! The request travels by value in an `openid4vp://` link (a QR code on the provider's
//! screen), unsigned, under the client identifier prefix `redirect_uri:` with the portal's
//! response endpoint: what a wallet scanning it learns to trust is the endpoint its answer goes
//! to. It holds a DCQL query for one credential of the registration `vct`, the claims by path,
//! and holder binding required (the default), so the answer must carry a key-binding JWT for
//! this client id and this request's nonce. It carries no client metadata: the only
//! credentials that can answer are this portal's, signed with EdDSA and bound to the EdDSA
//! key the wallet proved at issue, so there is nothing for a wallet to choose.
//!
//! Owns: the request link, the DCQL query, reading the wallet's answer (`vp_token` or an
//! `error`). Must never: accept an answer holding more or fewer than one presentation, or
//! anything but text where a presentation is expected.

use serde_json::{json, Map, Value};

use crate::error::CredentialError;

/// The scheme of a request link a wallet app opens.
pub const REQUEST_SCHEME: &str = "openid4vp://";
/// The client identifier prefix of an unsigned request answered at its response URI.
pub const CLIENT_ID_PREFIX: &str = "redirect_uri:";
/// The id of the one credential query; the `vp_token` answers under it.
pub const QUERY_ID: &str = "registration";
/// The credential format asked for.
pub const FORMAT: &str = "dc+sd-jwt";
/// The largest `vp_token` read, in bytes (an SD-JWT with every disclosure and a key binding
/// is a few kilobytes; the photo is only referenced).
pub const MAX_VP_TOKEN_BYTES: usize = 64 * 1024;

/// What a service provider asks a wallet for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request<'a> {
    /// Where the wallet posts its answer (`direct_post`).
    pub response_uri: &'a str,
    /// The SD-JWT VC type asked for.
    pub vct: &'a str,
    /// The claims asked for, by name (top-level claims of the SD-JWT VC).
    pub claims: &'a [&'a str],
    /// The nonce the key binding must carry.
    pub nonce: &'a str,
    /// What the wallet sends back with its answer, so the portal knows which request it is.
    pub state: &'a str,
}

/// The client identifier of a verifier answered at `response_uri`: the key binding's `aud`.
pub fn client_id(response_uri: &str) -> String {
    format!("{CLIENT_ID_PREFIX}{response_uri}")
}

/// The DCQL query: one `dc+sd-jwt` credential of `vct` with each of `claims`. Holder binding
/// is required by leaving `require_cryptographic_holder_binding` at its default (`true`).
pub fn dcql_query(vct: &str, claims: &[&str]) -> Value {
    let claims: Vec<Value> = claims.iter().map(|c| json!({ "path": [c] })).collect();
    json!({
        "credentials": [{
            "id": QUERY_ID,
            "format": FORMAT,
            "meta": { "vct_values": [vct] },
            "claims": claims,
        }]
    })
}

/// The parameters of `request`, in the order the link lists them.
pub fn parameters(request: &Request<'_>) -> Vec<(&'static str, String)> {
    vec![
        ("client_id", client_id(request.response_uri)),
        ("response_type", "vp_token".to_owned()),
        ("response_mode", "direct_post".to_owned()),
        ("response_uri", request.response_uri.to_owned()),
        ("nonce", request.nonce.to_owned()),
        ("state", request.state.to_owned()),
        (
            "dcql_query",
            dcql_query(request.vct, request.claims).to_string(),
        ),
    ]
}

/// The request as an `openid4vp://` link, by value.
pub fn request_link(request: &Request<'_>) -> String {
    let query: Vec<String> = parameters(request)
        .into_iter()
        .map(|(name, value)| format!("{name}={}", crate::oid4vci::percent_encode(&value)))
        .collect();
    format!("{REQUEST_SCHEME}?{}", query.join("&"))
}

/// The parameters of an `openid4vp://` link (what a wallet reads), each decoded.
pub fn parameters_of_link(link: &str) -> Result<Map<String, Value>, CredentialError> {
    let not_request = || CredentialError::Json("not an OpenID4VP request link".into());
    let query = link
        .strip_prefix(REQUEST_SCHEME)
        .and_then(|rest| rest.split_once('?'))
        .map(|(_, query)| query)
        .ok_or_else(not_request)?;
    let mut out = Map::new();
    for pair in query.split('&') {
        let (name, value) = pair.split_once('=').ok_or_else(not_request)?;
        let value = crate::oid4vci::percent_decode(value).ok_or_else(not_request)?;
        out.insert(name.to_owned(), Value::String(value));
    }
    Ok(out)
}

/// What a wallet answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// One presentation, as its text (an SD-JWT with a key binding).
    Presentation(String),
    /// The wallet (or its user) declined: the OAuth `error` code it sent.
    Declined(String),
}

/// Reads the form fields of a `direct_post` answer: a `vp_token` (a JSON object holding, under
/// [`QUERY_ID`], one presentation or a list of exactly one), or an `error`.
pub fn read_answer(vp_token: Option<&str>, error: Option<&str>) -> Result<Answer, CredentialError> {
    let refuse = |why: &str| CredentialError::Json(why.into());
    match (vp_token, error) {
        (Some(_), Some(_)) => Err(refuse("an answer holds a vp_token or an error, not both")),
        (None, None) => Err(refuse("the answer holds neither a vp_token nor an error")),
        (None, Some(code)) => {
            let code = code.trim();
            if code.is_empty()
                || code.len() > 64
                || !code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            {
                return Err(refuse("the error is not an OAuth error code"));
            }
            Ok(Answer::Declined(code.to_owned()))
        }
        (Some(token), None) => {
            if token.len() > MAX_VP_TOKEN_BYTES {
                return Err(refuse("the vp_token is too large"));
            }
            let Ok(Value::Object(mut answers)) = serde_json::from_str::<Value>(token) else {
                return Err(refuse(
                    "the vp_token must be a JSON object keyed by the credential query id",
                ));
            };
            if answers.len() != 1 {
                return Err(refuse(
                    "the vp_token must answer exactly the one credential query",
                ));
            }
            let presentation = match answers.remove(QUERY_ID) {
                Some(Value::String(one)) => one,
                Some(Value::Array(mut list)) if list.len() == 1 => match list.pop() {
                    Some(Value::String(one)) => one,
                    _ => return Err(refuse("the presentation must be an SD-JWT as text")),
                },
                Some(Value::Array(_)) => {
                    return Err(refuse("the vp_token must hold exactly one presentation"))
                }
                Some(_) => return Err(refuse("the presentation must be an SD-JWT as text")),
                None => {
                    return Err(refuse(
                        "the vp_token does not answer the credential query of this request",
                    ))
                }
            };
            Ok(Answer::Presentation(presentation))
        }
    }
}

/// The claims of `asked` that are not among `disclosed`.
pub fn missing<'a>(asked: &[&'a str], disclosed: &[String]) -> Vec<&'a str> {
    asked
        .iter()
        .copied()
        .filter(|claim| !disclosed.iter().any(|d| d == claim))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sd_jwt_vc::{AGE_OVER_18, PHOTO_DIGEST, REGISTRATION_STATUS};

    fn request() -> Request<'static> {
        Request {
            response_uri: "https://portal.example/oid4vp/response",
            vct: "https://portal.example/vct/registration/v1",
            claims: &[REGISTRATION_STATUS, AGE_OVER_18, PHOTO_DIGEST],
            nonce: "n-1",
            state: "s&t=1",
        }
    }

    #[test]
    fn a_request_link_reads_back_as_what_was_asked() {
        let link = request_link(&request());
        assert!(link.starts_with("openid4vp://?client_id=redirect_uri:https://portal.example"));
        let read = parameters_of_link(&link).unwrap();
        assert_eq!(
            read["client_id"],
            "redirect_uri:https://portal.example/oid4vp/response"
        );
        assert_eq!(read["response_mode"], "direct_post");
        assert_eq!(read["response_type"], "vp_token");
        assert_eq!(read["state"], "s&t=1");
        assert_eq!(read["nonce"], "n-1");
        let dcql: Value = serde_json::from_str(read["dcql_query"].as_str().unwrap()).unwrap();
        let query = &dcql["credentials"][0];
        assert_eq!(query["id"], QUERY_ID);
        assert_eq!(query["format"], "dc+sd-jwt");
        assert_eq!(
            query["meta"]["vct_values"][0],
            "https://portal.example/vct/registration/v1"
        );
        assert_eq!(
            query.get("require_cryptographic_holder_binding"),
            None,
            "true by default"
        );
        let paths: Vec<&str> = query["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["path"][0].as_str().unwrap())
            .collect();
        assert_eq!(paths, [REGISTRATION_STATUS, AGE_OVER_18, PHOTO_DIGEST]);
        // No client metadata: the portal issues only EdDSA credentials bound to EdDSA keys,
        // which is all it verifies, and the QR code stays smaller without it.
        assert_eq!(read.get("client_metadata"), None);
        assert!(parameters_of_link("https://portal.example/?a=b").is_err());
        assert!(parameters_of_link("openid4vp://?a=%G1").is_err());
        assert!(parameters_of_link("openid4vp://?novalue").is_err());
    }

    #[test]
    fn an_answer_is_one_presentation_or_a_declining_error_and_nothing_else() {
        assert_eq!(
            read_answer(Some(r#"{"registration":["a~b~kb"]}"#), None),
            Ok(Answer::Presentation("a~b~kb".into()))
        );
        // The drafts before 1.0 sent the presentation itself, not a list.
        assert_eq!(
            read_answer(Some(r#"{"registration":"a~b~kb"}"#), None),
            Ok(Answer::Presentation("a~b~kb".into()))
        );
        assert_eq!(
            read_answer(None, Some("access_denied")),
            Ok(Answer::Declined("access_denied".into()))
        );
        for (token, error) in [
            (Some(r#"{"registration":["a","b"]}"#), None),
            (Some(r#"{"registration":[]}"#), None),
            (Some(r#"{"registration":[{"a":1}]}"#), None),
            (Some(r#"{"registration":7}"#), None),
            (Some(r#"{"other":["a"]}"#), None),
            (Some(r#"{"registration":["a"],"other":["b"]}"#), None),
            (Some(r#"["a"]"#), None),
            (Some("a~b~"), None),
            (Some(r#"{"registration":["a"]}"#), Some("access_denied")),
            (None, None),
            (None, Some("")),
            (None, Some("<script>")),
        ] {
            assert!(read_answer(token, error).is_err(), "{token:?} {error:?}");
        }
        let huge = format!(
            r#"{{"registration":["{}"]}}"#,
            "a".repeat(MAX_VP_TOKEN_BYTES)
        );
        assert!(read_answer(Some(&huge), None).is_err());
    }

    #[test]
    fn a_request_for_three_claims_at_a_short_host_is_a_qr_code_of_version_20() {
        // The portal's own state (95 characters) and nonce (22), a short public host.
        let (state, nonce) = ("A".repeat(95), "B".repeat(22));
        let link = request_link(&Request {
            response_uri: "https://portal.example.org/oid4vp/response",
            vct: "https://portal.example.org/vct/registration/v1",
            claims: &[REGISTRATION_STATUS, AGE_OVER_18, PHOTO_DIGEST],
            nonce: &nonce,
            state: &state,
        });
        let (_, version) = crate::qr::render_link_svg(&link).unwrap();
        assert_eq!((link.len(), version), (664, 20));
    }

    #[test]
    fn the_claims_asked_but_not_disclosed_are_named() {
        let disclosed = vec!["age_over_18".to_owned(), "name".to_owned()];
        assert_eq!(
            missing(&[AGE_OVER_18, PHOTO_DIGEST], &disclosed),
            vec![PHOTO_DIGEST]
        );
        assert!(missing(&[AGE_OVER_18], &disclosed).is_empty());
    }
}
