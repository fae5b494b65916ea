//! OpenID for Verifiable Credential Issuance 1.0, the pure parts: the credential
//! configurations the portal offers, the credential offer and its `openid-credential-offer://`
//! link, the holder's proof of possession (a `openid4vci-proof+jwt` signed with an Ed25519
//! key named by `did:key` or `jwk`), the stateless `c_nonce`, and JWK thumbprints.
//!
//! Owns: the wire shapes and their checks. Must never: read the clock (callers pass `now`),
//! keep state (the database and HTTP belong to the server), or accept a proof whose key,
//! audience, age or nonce it could not check.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use chrono::{DateTime, Duration, Utc};
use ed25519_dalek::VerifyingKey;
use hmac::{Hmac, Mac};
use rand_core::CryptoRngCore;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::did::did_key;
use crate::error::CredentialError;
use crate::jwt;
use crate::keys::{public_jwk, verifying_key_from_jwk, verifying_key_from_multibase, PublicJwk};

/// The `typ` of a holder's proof of possession.
pub const PROOF_TYP: &str = "openid4vci-proof+jwt";
/// The grant type of the pre-authorized code flow.
pub const PRE_AUTHORIZED_GRANT: &str = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
/// The scheme wallets register for credential offers.
pub const OFFER_SCHEME: &str = "openid-credential-offer://";
/// The largest proof JWT read.
pub const MAX_PROOF_BYTES: usize = 8 * 1024;
/// How old a proof may be.
pub const PROOF_MAX_AGE: Duration = Duration::minutes(5);
/// How far in the future a proof's `iat` may lie (clock skew of the phone).
pub const PROOF_SKEW: Duration = Duration::minutes(1);
/// How long a `c_nonce` stays usable.
pub const NONCE_LIFETIME: Duration = Duration::minutes(5);

/// A credential format the portal issues through OpenID4VCI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// SD-JWT VC, every claim selectively disclosable, bound to the holder's key.
    SdJwtVc,
    /// The W3C credential with its `eddsa-rdfc-2022` Data Integrity proof (the `.json` file).
    LdpVc,
    /// The W3C credential as a VC-JOSE-COSE compact JWS (the `.jwt` file).
    JwtVcJson,
}

impl Format {
    /// The OpenID4VCI format identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::SdJwtVc => "dc+sd-jwt",
            Format::LdpVc => "ldp_vc",
            Format::JwtVcJson => "jwt_vc_json",
        }
    }

    /// Whether a credential of this format carries the holder's key (so a proof is required).
    pub fn binds_holder(self) -> bool {
        matches!(self, Format::SdJwtVc)
    }
}

/// Which of the portal's two credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    /// Proof of registration.
    Registration,
    /// Household composition.
    Household,
}

/// One entry of `credential_configurations_supported`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Configuration {
    /// Its id, as offers and credential requests name it.
    pub id: &'static str,
    /// Which credential.
    pub subject: Subject,
    /// In which format.
    pub format: Format,
}

/// Every configuration offered, SD-JWT VC first (what a wallet should pick).
pub const CONFIGURATIONS: &[Configuration] = &[
    Configuration {
        id: "registration_dc_sd_jwt",
        subject: Subject::Registration,
        format: Format::SdJwtVc,
    },
    Configuration {
        id: "registration_ldp_vc",
        subject: Subject::Registration,
        format: Format::LdpVc,
    },
    Configuration {
        id: "registration_jwt_vc_json",
        subject: Subject::Registration,
        format: Format::JwtVcJson,
    },
    Configuration {
        id: "household_dc_sd_jwt",
        subject: Subject::Household,
        format: Format::SdJwtVc,
    },
    Configuration {
        id: "household_ldp_vc",
        subject: Subject::Household,
        format: Format::LdpVc,
    },
    Configuration {
        id: "household_jwt_vc_json",
        subject: Subject::Household,
        format: Format::JwtVcJson,
    },
];

/// The configuration named `id`.
pub fn configuration(id: &str) -> Option<Configuration> {
    CONFIGURATIONS.iter().copied().find(|c| c.id == id)
}

/// The configurations of one credential, in the order offered.
pub fn configurations_of(subject: Subject) -> impl Iterator<Item = Configuration> {
    CONFIGURATIONS
        .iter()
        .copied()
        .filter(move |c| c.subject == subject)
}

/// The transaction code a wallet asks the person to type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxCodeHint {
    /// How many digits.
    pub length: usize,
    /// Where the person finds it, shown by the wallet.
    pub description: String,
}

/// A credential offer (OpenID4VCI §4.1.1) with a pre-authorized code and a numeric
/// transaction code.
pub fn credential_offer(
    issuer: &str,
    configuration_ids: &[&str],
    pre_authorized_code: &str,
    tx_code: &TxCodeHint,
) -> Value {
    json!({
        "credential_issuer": issuer,
        "credential_configuration_ids": configuration_ids,
        "grants": {
            PRE_AUTHORIZED_GRANT: {
                "pre-authorized_code": pre_authorized_code,
                "tx_code": {
                    "input_mode": "numeric",
                    "length": tx_code.length,
                    "description": tx_code.description,
                }
            }
        }
    })
}

/// The offer as a link a wallet opens: `openid-credential-offer://?credential_offer=…`, the
/// offer passed by value (a `credential_offer_uri` would put the code in a fetched URL).
pub fn offer_link(offer: &Value) -> String {
    format!(
        "{OFFER_SCHEME}?credential_offer={}",
        percent_encode(&offer.to_string())
    )
}

/// The offer an `openid-credential-offer://?credential_offer=…` link carries by value (what a
/// wallet reads from the QR code).
pub fn offer_of_link(link: &str) -> Result<Value, CredentialError> {
    let not_offer = || CredentialError::Json("not a credential offer link".into());
    let encoded = link
        .strip_prefix(OFFER_SCHEME)
        .and_then(|rest| rest.strip_prefix("?credential_offer="))
        .ok_or_else(not_offer)?;
    let decoded = percent_decode(encoded).ok_or_else(not_offer)?;
    match serde_json::from_str(&decoded) {
        Ok(offer @ Value::Object(_)) => Ok(offer),
        _ => Err(not_offer()),
    }
}

/// Percent-encodes a query value: RFC 3986's unreserved characters and the JSON punctuation a
/// query may hold as it is (`:`, `,`, `/`, `@`) stay; everything else (`{`, `"`, `&`, `=`, `+`,
/// spaces, non-ASCII) is encoded. Fewer bytes make a smaller QR code.
pub(crate) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b':' | b',' | b'/' | b'@')
        {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes a percent-encoded query value (`+` stays itself: encoders here never make it a
/// space); `None` for a broken escape or bytes that are not UTF-8.
pub(crate) fn percent_decode(encoded: &str) -> Option<String> {
    let bytes = encoded.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let hex = encoded.get(i + 1..i + 3)?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(byte);
            i += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

/// A holder key proven by a proof of possession.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProvenKey {
    /// The key.
    pub key: VerifyingKey,
    /// The key as a JWK (what `cnf.jwk` carries).
    pub jwk: PublicJwk,
    /// The key's `did:key`.
    pub did: String,
    /// The `c_nonce` the proof carries (the caller checks it).
    pub nonce: String,
}

/// What a proof must match.
#[derive(Clone, Copy, Debug)]
pub struct ProofCheck<'a> {
    /// The credential issuer identifier (`aud`).
    pub audience: &'a str,
    /// Now.
    pub now: DateTime<Utc>,
}

fn refuse(message: impl Into<String>) -> CredentialError {
    CredentialError::HolderProof(message.into())
}

/// Verifies a JWT proof of possession (OpenID4VCI §8.2.1.1, Appendix F.1): `typ`
/// `openid4vci-proof+jwt`, `alg` `EdDSA`, the key in exactly one of `kid` (a `did:key` DID
/// URL) or `jwk` (a public OKP Ed25519 key), signed by that key, `aud` the issuer, `iat` no
/// older than five minutes and not in the future, and a `nonce`.
pub fn verify_proof(proof: &str, check: ProofCheck<'_>) -> Result<ProvenKey, CredentialError> {
    let parts = jwt::parse(proof, &[PROOF_TYP], MAX_PROOF_BYTES).map_err(|e| match e {
        CredentialError::UnsupportedCryptosuite(alg) => refuse(format!("{alg} is not accepted")),
        other => refuse(other.to_string()),
    })?;
    for refused in ["x5c", "trust_chain", "key_attestation", "jku", "x5u"] {
        if parts.header.contains_key(refused) {
            return Err(refuse(format!(
                "the proof header {refused} is not accepted"
            )));
        }
    }
    let key = match (parts.header.get("kid"), parts.header.get("jwk")) {
        (Some(Value::String(kid)), None) => key_of_did_key_url(kid)?,
        (None, Some(Value::Object(jwk))) => key_of_jwk(jwk)?,
        (Some(_), Some(_)) => return Err(refuse("the proof names its key twice (kid and jwk)")),
        _ => return Err(refuse("the proof names no key (kid or jwk)")),
    };
    parts
        .verify(&key)
        .map_err(|_| refuse("the proof is not signed by the key it names"))?;
    let audience_ok = match parts.payload.get("aud") {
        Some(Value::String(aud)) => aud == check.audience,
        Some(Value::Array(auds)) => auds.iter().any(|a| a.as_str() == Some(check.audience)),
        _ => false,
    };
    if !audience_ok {
        return Err(refuse("the proof is meant for another issuer (aud)"));
    }
    let issued = parts
        .date("iat")
        .map_err(|_| refuse("the proof iat is not a date"))?
        .ok_or_else(|| refuse("the proof has no iat"))?;
    if issued > check.now + PROOF_SKEW {
        return Err(refuse("the proof iat is in the future"));
    }
    if issued < check.now - PROOF_MAX_AGE {
        return Err(refuse("the proof is too old"));
    }
    let nonce = parts
        .payload
        .get("nonce")
        .and_then(Value::as_str)
        .ok_or_else(|| refuse("the proof has no nonce"))?
        .to_owned();
    Ok(ProvenKey {
        jwk: public_jwk(&key),
        did: did_key(&key),
        key,
        nonce,
    })
}

/// The key of a `did:key:z6Mk…#z6Mk…` DID URL (the fragment, when present, must be the key).
fn key_of_did_key_url(kid: &str) -> Result<VerifyingKey, CredentialError> {
    let rest = kid
        .strip_prefix("did:key:")
        .ok_or_else(|| refuse("the proof kid is not a did:key"))?;
    let (multibase, fragment) = match rest.split_once('#') {
        Some((m, f)) => (m, Some(f)),
        None => (rest, None),
    };
    if fragment.is_some_and(|f| f != multibase) {
        return Err(refuse("the proof kid fragment is not the did:key's key"));
    }
    verifying_key_from_multibase(multibase)
        .map_err(|_| refuse("the proof kid is not an Ed25519 did:key"))
}

/// The key of a public OKP/Ed25519 JWK; a JWK with a private part is refused.
fn key_of_jwk(jwk: &Map<String, Value>) -> Result<VerifyingKey, CredentialError> {
    if jwk.contains_key("d") {
        return Err(refuse("the proof jwk holds a private key"));
    }
    let field = |name: &str| jwk.get(name).and_then(Value::as_str).unwrap_or_default();
    let public = PublicJwk {
        kty: field("kty").to_owned(),
        crv: field("crv").to_owned(),
        x: field("x").to_owned(),
    };
    verifying_key_from_jwk(&public).map_err(|_| refuse("the proof jwk is not an Ed25519 key"))
}

/// The JWK thumbprint (RFC 7638, SHA-256, base64url) of an Ed25519 key: names a holder key in
/// the audit trail without keeping the key.
pub fn jwk_thumbprint(jwk: &PublicJwk) -> String {
    let canonical = format!(
        r#"{{"crv":"{}","kty":"{}","x":"{}"}}"#,
        jwk.crv, jwk.kty, jwk.x
    );
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

/// The key `c_nonce`s are made and checked with: derived from a server secret, so nonces need
/// no storage and every instance of the portal accepts every other's.
#[derive(Clone)]
pub struct NonceKey([u8; 32]);

impl std::fmt::Debug for NonceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NonceKey(…)")
    }
}

type HmacSha256 = Hmac<Sha256>;

fn mac(key: &[u8], parts: &[&[u8]]) -> Result<HmacSha256, CredentialError> {
    let mut mac = HmacSha256::new_from_slice(key)
        .map_err(|_| CredentialError::Key("the nonce key cannot key an HMAC".into()))?;
    for part in parts {
        mac.update(part);
    }
    Ok(mac)
}

/// The bytes of a nonce: issue time (8, big-endian seconds), randomness (16), tag (16).
const NONCE_BYTES: usize = 8 + 16 + 16;

impl NonceKey {
    /// The nonce key derived from `secret` (at least 32 bytes of a key the server keeps).
    pub fn derive(secret: &[u8]) -> Result<NonceKey, CredentialError> {
        let derived = mac(secret, &[b"portal openid4vci c_nonce v1"])?;
        Ok(NonceKey(derived.finalize().into_bytes().into()))
    }

    /// A fresh `c_nonce` made at `now`.
    pub fn make(
        &self,
        now: DateTime<Utc>,
        rng: &mut impl CryptoRngCore,
    ) -> Result<String, CredentialError> {
        let mut random = [0_u8; 16];
        rng.fill_bytes(&mut random);
        let time = now.timestamp().to_be_bytes();
        let tag = mac(&self.0, &[&time, &random])?.finalize().into_bytes();
        let mut bytes = Vec::with_capacity(NONCE_BYTES);
        bytes.extend_from_slice(&time);
        bytes.extend_from_slice(&random);
        bytes.extend_from_slice(tag.get(..16).unwrap_or_default());
        Ok(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Whether `nonce` was made with this key no more than [`NONCE_LIFETIME`] before `now`
    /// (and not after it).
    pub fn accepts(&self, nonce: &str, now: DateTime<Utc>) -> bool {
        if nonce.len() > 2 * NONCE_BYTES {
            return false;
        }
        let Ok(bytes) = URL_SAFE_NO_PAD.decode(nonce) else {
            return false;
        };
        let (Some(time), Some(random), Some(tag)) =
            (bytes.get(..8), bytes.get(8..24), bytes.get(24..))
        else {
            return false;
        };
        if tag.len() != 16 {
            return false;
        }
        let Ok(mac) = mac(&self.0, &[time, random]) else {
            return false;
        };
        if mac.verify_truncated_left(tag).is_err() {
            return false;
        }
        let Ok(seconds) = <[u8; 8]>::try_from(time).map(i64::from_be_bytes) else {
            return false;
        };
        DateTime::from_timestamp(seconds, 0)
            .is_some_and(|made| made <= now + PROOF_SKEW && made > now - NONCE_LIFETIME)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::did::did_key_verification_method;
    use crate::keys::public_key_multibase;
    use ed25519_dalek::SigningKey;
    use rand_core::OsRng;

    const ISSUER: &str = "https://portal.example.org";

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-07T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn proof(key: &SigningKey, header: Value, payload: Value) -> String {
        let header = URL_SAFE_NO_PAD.encode(header.to_string());
        let payload = URL_SAFE_NO_PAD.encode(payload.to_string());
        let input = format!("{header}.{payload}");
        let signature = ed25519_dalek::Signer::sign(key, input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }

    fn good_payload() -> Value {
        json!({ "aud": ISSUER, "iat": now().timestamp() - 10, "nonce": "n-1" })
    }

    fn check() -> ProofCheck<'static> {
        ProofCheck {
            audience: ISSUER,
            now: now(),
        }
    }

    #[test]
    fn a_proof_with_a_did_key_or_a_jwk_names_the_holder_key() {
        let key = SigningKey::generate(&mut OsRng);
        let by_kid = proof(
            &key,
            json!({ "typ": PROOF_TYP, "alg": "EdDSA", "kid": did_key_verification_method(&key.verifying_key()) }),
            good_payload(),
        );
        let proven = verify_proof(&by_kid, check()).unwrap();
        assert_eq!(proven.key, key.verifying_key());
        assert_eq!(proven.nonce, "n-1");
        assert_eq!(proven.did, did_key(&key.verifying_key()));

        let jwk = serde_json::to_value(public_jwk(&key.verifying_key())).unwrap();
        let by_jwk = proof(
            &key,
            json!({ "typ": PROOF_TYP, "alg": "EdDSA", "jwk": jwk }),
            json!({ "aud": [ "https://other.example", ISSUER ], "iat": now().timestamp(), "nonce": "n-2" }),
        );
        assert_eq!(
            verify_proof(&by_jwk, check()).unwrap().key,
            key.verifying_key()
        );

        let bare_did = format!("did:key:{}", public_key_multibase(&key.verifying_key()));
        let by_bare_did = proof(
            &key,
            json!({ "typ": PROOF_TYP, "alg": "EdDSA", "kid": bare_did }),
            good_payload(),
        );
        assert!(verify_proof(&by_bare_did, check()).is_ok());
    }

    #[test]
    fn proofs_that_do_not_hold_are_refused_with_a_reason() {
        let key = SigningKey::generate(&mut OsRng);
        let other = SigningKey::generate(&mut OsRng);
        let kid = did_key_verification_method(&key.verifying_key());
        let header = json!({ "typ": PROOF_TYP, "alg": "EdDSA", "kid": kid });
        let cases: Vec<(&str, String)> = vec![
            (
                "signed by another key",
                proof(&other, header.clone(), good_payload()),
            ),
            (
                "wrong typ",
                proof(
                    &key,
                    json!({ "typ": "JWT", "alg": "EdDSA", "kid": kid }),
                    good_payload(),
                ),
            ),
            (
                "alg none",
                proof(
                    &key,
                    json!({ "typ": PROOF_TYP, "alg": "none", "kid": kid }),
                    good_payload(),
                ),
            ),
            (
                "no key",
                proof(
                    &key,
                    json!({ "typ": PROOF_TYP, "alg": "EdDSA" }),
                    good_payload(),
                ),
            ),
            (
                "two keys",
                proof(
                    &key,
                    json!({ "typ": PROOF_TYP, "alg": "EdDSA", "kid": kid, "jwk": public_jwk(&key.verifying_key()) }),
                    good_payload(),
                ),
            ),
            (
                "private jwk",
                proof(
                    &key,
                    json!({ "typ": PROOF_TYP, "alg": "EdDSA", "jwk": { "kty": "OKP", "crv": "Ed25519", "x": URL_SAFE_NO_PAD.encode(key.verifying_key().as_bytes()), "d": URL_SAFE_NO_PAD.encode(key.to_bytes()) } }),
                    good_payload(),
                ),
            ),
            (
                "fragment of another key",
                proof(
                    &key,
                    json!({ "typ": PROOF_TYP, "alg": "EdDSA", "kid": format!("did:key:{}#{}", public_key_multibase(&key.verifying_key()), public_key_multibase(&other.verifying_key())) }),
                    good_payload(),
                ),
            ),
            (
                "x5c",
                proof(
                    &key,
                    json!({ "typ": PROOF_TYP, "alg": "EdDSA", "kid": kid, "x5c": ["AA"] }),
                    good_payload(),
                ),
            ),
            (
                "wrong audience",
                proof(
                    &key,
                    header.clone(),
                    json!({ "aud": "https://evil.example", "iat": now().timestamp(), "nonce": "n" }),
                ),
            ),
            (
                "too old",
                proof(
                    &key,
                    header.clone(),
                    json!({ "aud": ISSUER, "iat": now().timestamp() - 301, "nonce": "n" }),
                ),
            ),
            (
                "future",
                proof(
                    &key,
                    header.clone(),
                    json!({ "aud": ISSUER, "iat": now().timestamp() + 120, "nonce": "n" }),
                ),
            ),
            (
                "no iat",
                proof(&key, header.clone(), json!({ "aud": ISSUER, "nonce": "n" })),
            ),
            (
                "no nonce",
                proof(
                    &key,
                    header.clone(),
                    json!({ "aud": ISSUER, "iat": now().timestamp() }),
                ),
            ),
            ("not a JWT", "a.b".to_owned()),
            ("huge", "a".repeat(MAX_PROOF_BYTES + 1)),
        ];
        for (what, text) in cases {
            match verify_proof(&text, check()) {
                Err(CredentialError::HolderProof(_)) => {}
                other => panic!("{what}: {other:?}"),
            }
        }
    }

    #[test]
    fn nonces_hold_for_five_minutes_under_their_key_only() {
        let key = NonceKey::derive(&[7; 32]).unwrap();
        let nonce = key.make(now(), &mut OsRng).unwrap();
        assert!(key.accepts(&nonce, now()));
        assert!(key.accepts(&nonce, now() + Duration::minutes(4)));
        assert!(!key.accepts(&nonce, now() + Duration::minutes(5)));
        assert!(
            !key.accepts(&nonce, now() - Duration::minutes(2)),
            "made in the future"
        );
        assert!(!NonceKey::derive(&[8; 32]).unwrap().accepts(&nonce, now()));
        let mut bytes = URL_SAFE_NO_PAD.decode(&nonce).unwrap();
        bytes[3] ^= 1;
        assert!(
            !key.accepts(&URL_SAFE_NO_PAD.encode(&bytes), now()),
            "time altered"
        );
        for junk in ["", "!!", "AAAA", &"A".repeat(200)] {
            assert!(!key.accepts(junk, now()), "{junk}");
        }
        assert_ne!(nonce, key.make(now(), &mut OsRng).unwrap());
    }

    #[test]
    fn the_offer_link_carries_the_offer_by_value() {
        let offer = credential_offer(
            ISSUER,
            &["registration_dc_sd_jwt"],
            "code-1",
            &TxCodeHint {
                length: 6,
                description: "On the portal page".into(),
            },
        );
        let link = offer_link(&offer);
        assert!(link.starts_with("openid-credential-offer://?credential_offer=%7B"));
        assert!(!link.contains(' ') && !link.contains('"') && !link.contains('&'));
        assert!(!link.contains('{') && !link.contains('+') && !link.contains('#'));
        let back = offer_of_link(&link).unwrap();
        for bad in [
            "https://x/?credential_offer=%7B%7D",
            "openid-credential-offer://?credential_offer=%7",
            "openid-credential-offer://?credential_offer=%5B%5D",
        ] {
            assert!(offer_of_link(bad).is_err(), "{bad}");
        }
        assert_eq!(back, offer);
        assert_eq!(back["grants"][PRE_AUTHORIZED_GRANT]["tx_code"]["length"], 6);
    }

    #[test]
    fn configurations_name_their_format_and_credential() {
        let sd = configuration("registration_dc_sd_jwt").unwrap();
        assert_eq!(sd.format.as_str(), "dc+sd-jwt");
        assert!(sd.format.binds_holder());
        assert!(!configuration("household_ldp_vc")
            .unwrap()
            .format
            .binds_holder());
        assert!(configuration("nope").is_none());
        assert_eq!(configurations_of(Subject::Household).count(), 3);
    }

    #[test]
    fn the_thumbprint_follows_rfc_7638() {
        // RFC 8037 §A.3: the thumbprint of its example Ed25519 key.
        let jwk = PublicJwk {
            kty: "OKP".into(),
            crv: "Ed25519".into(),
            x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo".into(),
        };
        assert_eq!(
            jwk_thumbprint(&jwk),
            "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
        );
    }
}
