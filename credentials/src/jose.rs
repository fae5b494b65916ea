//! VC-JOSE-COSE: credentials secured as compact JWS (`typ` = `vc+jwt`).
//!
//! Owns: signing a credential as a compact JWS whose payload is the
//! credential JSON itself (VC DM 2.0 style, no `vc` wrapper), and verifying
//! such a JWS with the key its `kid` names. Signing uses `josekit` (OpenSSL),
//! fed with keys from `ed25519-dalek`; verifying checks the signature over
//! `header.payload` with `ed25519-dalek`'s strict check, as every other proof
//! here is checked: on this machine OpenSSL verifies Ed25519 at about a quarter
//! of dalek's rate and decodes the key again on every call, which made it most
//! of the cost of the open verify endpoint. The tests keep josekit as the
//! independent check that both sides agree. Must never: accept `alg`
//! other than `EdDSA` (so never `none`), trust keys embedded in the header
//! (`jwk`, `jku`, `x5c`, `x5u`), or decide trust or key retirement (the
//! `verify` module does).

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use josekit::jwk::Jwk;
use josekit::jws::{self, EdDSA, JwsHeader};
use josekit::JoseError;
use serde_json::{Map, Value};

use crate::did::{resolve_assertion_key, DidResolver, ResolvedKey};
use crate::error::CredentialError;
use crate::keys::{public_jwk, verify_signature, Signer};

/// The JWS `typ` of a credential secured with JOSE.
pub const TYP_VC_JWT: &str = "vc+jwt";
/// The only accepted JWS algorithm.
pub const ALG_EDDSA: &str = "EdDSA";
/// The largest compact JWS accepted for verification.
pub const MAX_JWS_BYTES: usize = 64 * 1024;

/// What a successful verification established.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedJws {
    /// The key that signed, with its controller and status.
    pub key: ResolvedKey,
    /// The credential (the JWS payload).
    pub credential: Value,
    /// The protected header.
    pub header: Map<String, Value>,
}

fn jose_error(e: JoseError) -> CredentialError {
    match e {
        JoseError::InvalidSignature(_) => CredentialError::SignatureInvalid,
        other => CredentialError::Jose(other.to_string()),
    }
}

fn jwk_param(jwk: &mut Jwk, name: &str, value: String) -> Result<(), CredentialError> {
    jwk.set_parameter(name, Some(Value::String(value)))
        .map_err(jose_error)
}

/// Signs a credential as a compact JWS. `kid` is the signer's verification
/// method DID URL.
pub fn sign(credential: &Value, signer: &Signer) -> Result<String, CredentialError> {
    if !credential.is_object() {
        return Err(CredentialError::Json(
            "credential must be a JSON object".into(),
        ));
    }
    let public = public_jwk(&signer.verifying_key());
    let mut jwk = Jwk::new("OKP");
    jwk.set_curve("Ed25519");
    jwk_param(&mut jwk, "x", public.x)?;
    jwk_param(
        &mut jwk,
        "d",
        URL_SAFE_NO_PAD.encode(signer.signing_key().as_bytes()),
    )?;
    let jose_signer = EdDSA.signer_from_jwk(&jwk).map_err(jose_error)?;
    let mut header = JwsHeader::new();
    header.set_token_type(TYP_VC_JWT);
    header.set_key_id(signer.verification_method());
    let payload = serde_json::to_vec(credential)?;
    jws::serialize_compact(&payload, &header, &jose_signer).map_err(jose_error)
}

pub use crate::jws_shape::looks_like_compact_jws;

/// Reads and checks the protected header without verifying anything else.
pub fn parse_header(compact: &str) -> Result<Map<String, Value>, CredentialError> {
    if compact.len() > MAX_JWS_BYTES {
        return Err(CredentialError::TooLarge {
            what: "compact JWS",
            limit: MAX_JWS_BYTES,
        });
    }
    if !looks_like_compact_jws(compact) {
        return Err(CredentialError::InvalidProof("not a compact JWS".into()));
    }
    let encoded = compact.split('.').next().unwrap_or_default();
    let bytes = URL_SAFE_NO_PAD
        .decode(encoded)
        .map_err(|_| CredentialError::InvalidProof("JWS header is not base64url".into()))?;
    let header: Map<String, Value> = serde_json::from_slice(&bytes)
        .map_err(|_| CredentialError::InvalidProof("JWS header is not a JSON object".into()))?;
    match header.get("alg").and_then(Value::as_str) {
        Some(ALG_EDDSA) => {}
        Some(other) => {
            return Err(CredentialError::UnsupportedCryptosuite(format!(
                "JWS alg {other}"
            )))
        }
        None => return Err(CredentialError::InvalidProof("JWS alg is missing".into())),
    }
    if header.get("typ").and_then(Value::as_str) != Some(TYP_VC_JWT) {
        return Err(CredentialError::InvalidProof(format!(
            "JWS typ must be {TYP_VC_JWT}"
        )));
    }
    if header.contains_key("crit") || header.contains_key("b64") {
        return Err(CredentialError::InvalidProof(
            "JWS crit/b64 headers are not supported".into(),
        ));
    }
    if !header.get("kid").is_some_and(Value::is_string) {
        return Err(CredentialError::InvalidProof("JWS kid is missing".into()));
    }
    Ok(header)
}

/// Verifies a compact JWS credential with the key its `kid` names.
pub fn verify(compact: &str, resolver: &dyn DidResolver) -> Result<VerifiedJws, CredentialError> {
    let header = parse_header(compact)?;
    let kid = header
        .get("kid")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let key = resolve_assertion_key(resolver, kid)?;
    // `parse_header` saw three non-empty base64url parts.
    let malformed = || CredentialError::InvalidProof("not a compact JWS".into());
    let (signing_input, signature) = compact.rsplit_once('.').ok_or_else(malformed)?;
    let (_, payload) = signing_input.split_once('.').ok_or_else(malformed)?;
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| CredentialError::InvalidProof("JWS signature is not base64url".into()))?;
    verify_signature(&key.public, signing_input.as_bytes(), &signature)?;
    let payload = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| CredentialError::InvalidProof("JWS payload is not base64url".into()))?;
    let credential: Value = serde_json::from_slice(&payload)?;
    if !credential.is_object() {
        return Err(CredentialError::Json(
            "JWS payload must be a JSON object".into(),
        ));
    }
    Ok(VerifiedJws {
        key,
        credential,
        header,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::did::{did_key_verification_method, did_web_document, StaticResolver};
    use crate::keys::{signing_key_from_seed, IssuerKey, KeyStatus};
    use serde_json::json;

    fn signer() -> Signer {
        let key = signing_key_from_seed(&[5u8; 32]);
        Signer::new(did_key_verification_method(&key.verifying_key()), key)
    }

    fn credential() -> Value {
        json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": "did:web:refugee-portal.example",
            "credentialSubject": {"name": "Amina"}
        })
    }

    fn b64(v: &Value) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
    }

    #[test]
    fn round_trip_with_did_key() {
        let jws = sign(&credential(), &signer()).unwrap();
        let header = parse_header(&jws).unwrap();
        assert_eq!(header["alg"], "EdDSA");
        assert_eq!(header["typ"], "vc+jwt");
        assert_eq!(header["kid"], signer().verification_method());
        let verified = verify(&jws, &StaticResolver::new()).unwrap();
        assert_eq!(verified.credential, credential());
        assert_eq!(verified.key.public, signer().verifying_key());
    }

    #[test]
    fn round_trip_with_did_web_jwk_method() {
        let key = signing_key_from_seed(&[6u8; 32]);
        let did = "did:web:refugee-portal.example";
        let doc = did_web_document(
            did,
            &[IssuerKey {
                fragment: "key-1".into(),
                public: key.verifying_key(),
                status: KeyStatus::Active,
            }],
        )
        .unwrap();
        let resolver = StaticResolver::new().with_document(doc);
        let s = Signer::new(format!("{did}#key-1-jwk"), key);
        let jws = sign(&credential(), &s).unwrap();
        assert!(verify(&jws, &resolver).is_ok());
    }

    #[test]
    fn payload_is_the_credential_itself() {
        let jws = sign(&credential(), &signer()).unwrap();
        let payload = jws.split('.').nth(1).unwrap();
        let decoded: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
        assert_eq!(decoded, credential());
        assert!(decoded.get("vc").is_none());
    }

    #[test]
    fn alg_none_is_rejected() {
        let header = json!({"alg": "none", "typ": "vc+jwt", "kid": signer().verification_method()});
        let jws = format!("{}.{}.c2ln", b64(&header), b64(&credential()));
        assert!(matches!(
            verify(&jws, &StaticResolver::new()),
            Err(CredentialError::UnsupportedCryptosuite(_))
        ));
        let unsigned = format!("{}.{}.", b64(&header), b64(&credential()));
        assert!(verify(&unsigned, &StaticResolver::new()).is_err());
    }

    #[test]
    fn wrong_typ_is_rejected_even_when_signed() {
        // Re-sign the same payload with a different typ through josekit.
        let s = signer();
        let mut jwk = Jwk::new("OKP");
        jwk.set_curve("Ed25519");
        jwk_param(&mut jwk, "x", public_jwk(&s.verifying_key()).x).unwrap();
        jwk_param(
            &mut jwk,
            "d",
            URL_SAFE_NO_PAD.encode(s.signing_key().as_bytes()),
        )
        .unwrap();
        let js = EdDSA.signer_from_jwk(&jwk).unwrap();
        let mut header = JwsHeader::new();
        header.set_token_type("JWT");
        header.set_key_id(s.verification_method());
        let jws = jws::serialize_compact(&serde_json::to_vec(&credential()).unwrap(), &header, &js)
            .unwrap();
        assert!(matches!(
            verify(&jws, &StaticResolver::new()),
            Err(CredentialError::InvalidProof(m)) if m.contains("typ")
        ));
    }

    #[test]
    fn unresolvable_kid_is_rejected() {
        let key = signing_key_from_seed(&[5u8; 32]);
        let s = Signer::new("did:web:unknown.example#key-1", key);
        let jws = sign(&credential(), &s).unwrap();
        assert!(matches!(
            verify(&jws, &StaticResolver::new()),
            Err(CredentialError::DidNotFound(_))
        ));
        let header = json!({"alg": "EdDSA", "typ": "vc+jwt"});
        let jws = format!("{}.{}.c2ln", b64(&header), b64(&credential()));
        assert!(matches!(
            verify(&jws, &StaticResolver::new()),
            Err(CredentialError::InvalidProof(_))
        ));
    }

    #[test]
    fn tampered_payload_or_signature_fails() {
        let jws = sign(&credential(), &signer()).unwrap();
        let parts: Vec<&str> = jws.split('.').collect();
        let mut other = credential();
        other["credentialSubject"]["name"] = json!("Someone else");
        let forged = format!("{}.{}.{}", parts[0], b64(&other), parts[2]);
        assert_eq!(
            verify(&forged, &StaticResolver::new()),
            Err(CredentialError::SignatureInvalid)
        );
        let mut sig = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
        sig[10] ^= 1;
        let forged = format!("{}.{}.{}", parts[0], parts[1], URL_SAFE_NO_PAD.encode(sig));
        assert_eq!(
            verify(&forged, &StaticResolver::new()),
            Err(CredentialError::SignatureInvalid)
        );
    }

    /// josekit's own verifier, the independent check.
    fn josekit_accepts(compact: &str, key: &ed25519_dalek::VerifyingKey) -> bool {
        let mut jwk = Jwk::new("OKP");
        jwk.set_curve("Ed25519");
        jwk_param(&mut jwk, "x", public_jwk(key).x).unwrap();
        let verifier = EdDSA.verifier_from_jwk(&jwk).unwrap();
        jws::deserialize_compact(compact, &verifier).is_ok()
    }

    #[test]
    fn josekit_and_this_verifier_agree_on_genuine_and_tampered_tokens() {
        let s = signer();
        let key = s.verifying_key();
        let jws = sign(&credential(), &s).unwrap();
        assert!(josekit_accepts(&jws, &key));
        assert!(verify(&jws, &StaticResolver::new()).is_ok());
        let parts: Vec<&str> = jws.split('.').collect();
        let mut header: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
        header["extra"] = json!(1);
        let mut sig = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
        sig[63] ^= 0x40;
        let tampered = [
            format!("{}.{}.{}", b64(&header), parts[1], parts[2]),
            format!("{}.{}x.{}", parts[0], parts[1], parts[2]),
            format!("{}.{}.{}", parts[0], parts[1], URL_SAFE_NO_PAD.encode(&sig)),
            format!(
                "{}.{}.{}",
                parts[0],
                parts[1],
                &parts[2][..parts[2].len() - 2]
            ),
        ];
        for forged in tampered {
            assert!(!josekit_accepts(&forged, &key), "{forged}");
            assert!(verify(&forged, &StaticResolver::new()).is_err(), "{forged}");
        }
    }

    #[test]
    fn malformed_input_is_rejected_without_panicking() {
        for input in [
            "",
            ".",
            "..",
            "a.b",
            "a.b.c.d",
            "!!.b.c",
            "e30.e30.e30",
            "eyJ.eyJ.eyJ",
        ] {
            assert!(verify(input, &StaticResolver::new()).is_err(), "{input}");
        }
        assert!(matches!(
            verify(&"a".repeat(MAX_JWS_BYTES + 1), &StaticResolver::new()),
            Err(CredentialError::TooLarge { .. })
        ));
    }
}
