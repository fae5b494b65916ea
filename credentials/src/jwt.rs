//! Compact JWTs signed with Ed25519 (`alg` = `EdDSA`), for the SD-JWT VC module and the
//! Token Status List.
//!
//! Owns: signing a JSON payload under a protected header that names its `typ` and `kid`,
//! splitting a compact JWT into header, payload and signature with size limits, and
//! checking the signature with a key the caller chose. Plain `ed25519-dalek`, so it builds
//! for the offline verifier's WebAssembly module too (the `jose` module needs OpenSSL).
//! Must never: accept an `alg` other than `EdDSA` (so never `none`), honour `crit`, or take
//! a key from the header (`jwk`, `jku`, `x5c`, `x5u`): which key may sign is the caller's
//! decision.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use serde_json::{Map, Value};

use crate::error::CredentialError;
use crate::keys::verify_signature;

/// The only accepted algorithm.
pub const ALG_EDDSA: &str = "EdDSA";

/// A compact JWT taken apart, its signature not yet checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Parts<'a> {
    /// The protected header.
    pub header: Map<String, Value>,
    /// The claims.
    pub payload: Map<String, Value>,
    /// `base64url(header) . base64url(payload)`, the bytes the signature covers.
    pub signing_input: &'a str,
    /// The raw signature.
    pub signature: Vec<u8>,
}

fn invalid(message: impl Into<String>) -> CredentialError {
    CredentialError::InvalidProof(message.into())
}

/// Signs `payload` as a compact JWT with header `{"alg":"EdDSA","typ":typ,"kid":kid}`
/// (`kid` left out when `None`).
pub fn sign(
    typ: &str,
    kid: Option<&str>,
    payload: &Map<String, Value>,
    key: &SigningKey,
) -> Result<String, CredentialError> {
    let mut header = Map::new();
    header.insert("alg".into(), ALG_EDDSA.into());
    header.insert("typ".into(), typ.into());
    if let Some(kid) = kid {
        header.insert("kid".into(), kid.into());
    }
    let header = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header)?);
    let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(payload)?);
    let signing_input = format!("{header}.{body}");
    let signature = key.sign(signing_input.as_bytes());
    Ok(format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(signature.to_bytes())
    ))
}

fn object(part: &str, what: &str) -> Result<Map<String, Value>, CredentialError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| invalid(format!("the JWT {what} is not base64url")))?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(invalid(format!("the JWT {what} is not a JSON object"))),
    }
}

/// Splits a compact JWT and checks its header: `alg` must be `EdDSA`, `typ` one of
/// `types`, and no `crit`. Refuses text longer than `max_bytes` before decoding it.
pub fn parse<'a>(
    compact: &'a str,
    types: &[&str],
    max_bytes: usize,
) -> Result<Parts<'a>, CredentialError> {
    if compact.len() > max_bytes {
        return Err(CredentialError::TooLarge {
            what: "JWT",
            limit: max_bytes,
        });
    }
    if !crate::jws_shape::looks_like_compact_jws(compact) {
        return Err(invalid("not a compact JWT"));
    }
    let mut pieces = compact.split('.');
    let (Some(header), Some(payload), Some(signature)) =
        (pieces.next(), pieces.next(), pieces.next())
    else {
        return Err(invalid("not a compact JWT"));
    };
    let header_map = object(header, "header")?;
    match header_map.get("alg").and_then(Value::as_str) {
        Some(ALG_EDDSA) => {}
        Some(other) => {
            return Err(CredentialError::UnsupportedCryptosuite(format!(
                "JWT alg {other}"
            )))
        }
        None => return Err(invalid("the JWT alg is missing")),
    }
    let typ = header_map.get("typ").and_then(Value::as_str);
    if !typ.is_some_and(|t| types.contains(&t)) {
        return Err(invalid(format!(
            "the JWT typ must be {}",
            types.first().copied().unwrap_or_default()
        )));
    }
    if header_map.contains_key("crit") {
        return Err(invalid("JWT crit headers are not supported"));
    }
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| invalid("the JWT signature is not base64url"))?;
    let signing_input = compact
        .get(..header.len() + 1 + payload.len())
        .ok_or_else(|| invalid("not a compact JWT"))?;
    Ok(Parts {
        header: header_map,
        payload: object(payload, "payload")?,
        signing_input,
        signature,
    })
}

impl Parts<'_> {
    /// Checks the signature with `key`.
    pub fn verify(&self, key: &VerifyingKey) -> Result<(), CredentialError> {
        verify_signature(key, self.signing_input.as_bytes(), &self.signature)
    }

    /// The header's `kid`, if it is a string.
    pub fn kid(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }

    /// A numeric date claim (`iat`, `nbf`, `exp`) as a time; `Ok(None)` when absent.
    pub fn date(
        &self,
        claim: &str,
    ) -> Result<Option<chrono::DateTime<chrono::Utc>>, CredentialError> {
        date_claim(&self.payload, claim)
    }
}

/// A NumericDate claim (seconds since the epoch) of `claims` as a time.
pub fn date_claim(
    claims: &Map<String, Value>,
    claim: &str,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, CredentialError> {
    match claims.get(claim) {
        None => Ok(None),
        Some(value) => value
            .as_i64()
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
            .map(Some)
            .ok_or_else(|| invalid(format!("the JWT claim {claim} is not a date"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::signing_key_from_seed;
    use serde_json::json;

    fn claims() -> Map<String, Value> {
        match json!({"iss": "did:example:1", "iat": 1_700_000_000}) {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn a_signed_jwt_parses_and_verifies_with_its_key_only() {
        let key = signing_key_from_seed(&[1; 32]);
        let jwt = sign("kb+jwt", Some("did:example:1#k"), &claims(), &key).unwrap();
        let parts = parse(&jwt, &["kb+jwt"], 4096).unwrap();
        assert_eq!(parts.kid(), Some("did:example:1#k"));
        assert_eq!(parts.payload, claims());
        parts.verify(&key.verifying_key()).unwrap();
        let other = signing_key_from_seed(&[2; 32]).verifying_key();
        assert_eq!(parts.verify(&other), Err(CredentialError::SignatureInvalid));
        assert_eq!(
            parts.date("iat").unwrap().map(|t| t.timestamp()),
            Some(1_700_000_000)
        );
        assert_eq!(parts.date("exp").unwrap(), None);
    }

    #[test]
    fn wrong_types_algorithms_and_sizes_are_refused() {
        let key = signing_key_from_seed(&[1; 32]);
        let jwt = sign("kb+jwt", None, &claims(), &key).unwrap();
        assert!(parse(&jwt, &["dc+sd-jwt"], 4096).is_err());
        assert!(matches!(
            parse(&jwt, &["kb+jwt"], 10),
            Err(CredentialError::TooLarge { .. })
        ));
        let none = format!(
            "{}.{}.c2ln",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"kb+jwt"}"#),
            URL_SAFE_NO_PAD.encode(br#"{}"#)
        );
        assert!(matches!(
            parse(&none, &["kb+jwt"], 4096),
            Err(CredentialError::UnsupportedCryptosuite(_))
        ));
        let crit = format!(
            "{}.{}.c2ln",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"EdDSA","typ":"kb+jwt","crit":["x"]}"#),
            URL_SAFE_NO_PAD.encode(br#"{}"#)
        );
        assert!(parse(&crit, &["kb+jwt"], 4096).is_err());
        let array = format!(
            "{}.{}.c2ln",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"EdDSA","typ":"kb+jwt"}"#),
            URL_SAFE_NO_PAD.encode(br#"[1]"#)
        );
        assert!(parse(&array, &["kb+jwt"], 4096).is_err());
    }
}
