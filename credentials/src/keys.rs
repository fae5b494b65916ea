//! Ed25519 keys and their public encodings.
//!
//! Owns: generating keys (the only place that touches the OS random source,
//! and only when a caller asks), Multikey (`z6Mk…`) and JWK (OKP/Ed25519)
//! encodings, key status (active or retired) and the [`Signer`] that pairs a
//! secret key with its verification-method DID URL. Must never: log, print or
//! serialize a secret key implicitly, or store keys anywhere.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use chrono::{DateTime, Utc};
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::error::CredentialError;

/// Multicodec prefix of an Ed25519 public key (`ed25519-pub`, 0xed).
pub const MULTICODEC_ED25519_PUB: [u8; 2] = [0xed, 0x01];
/// Multicodec prefix of an Ed25519 secret key seed (`ed25519-priv`, 0x1300).
pub const MULTICODEC_ED25519_PRIV: [u8; 2] = [0x80, 0x26];

/// Generates a fresh signing key from the operating system's random source.
///
/// This is the only function in the crate that reads randomness; everything
/// else takes keys as arguments.
pub fn generate_signing_key() -> SigningKey {
    SigningKey::generate(&mut rand_core::OsRng)
}

/// Builds a signing key from its 32-byte seed.
pub fn signing_key_from_seed(seed: &[u8; 32]) -> SigningKey {
    SigningKey::from_bytes(seed)
}

/// Encodes a public key as a Multikey `publicKeyMultibase` (`z6Mk…`).
pub fn public_key_multibase(key: &VerifyingKey) -> String {
    multibase_with_prefix(MULTICODEC_ED25519_PUB, key.as_bytes())
}

/// Encodes a secret key seed as a Multikey `secretKeyMultibase` (`z3u2…`).
/// Handle the result as a secret.
pub fn secret_key_multibase(key: &SigningKey) -> String {
    multibase_with_prefix(MULTICODEC_ED25519_PRIV, key.as_bytes())
}

fn multibase_with_prefix(prefix: [u8; 2], key: &[u8; 32]) -> String {
    let mut bytes = Vec::with_capacity(34);
    bytes.extend_from_slice(&prefix);
    bytes.extend_from_slice(key);
    format!("z{}", bs58::encode(bytes).into_string())
}

fn key_bytes_from_multibase(text: &str, prefix: [u8; 2]) -> Result<[u8; 32], CredentialError> {
    let body = text.strip_prefix('z').ok_or_else(|| {
        CredentialError::Key("multibase key must start with `z` (base58btc)".into())
    })?;
    let bytes = bs58::decode(body)
        .into_vec()
        .map_err(|e| CredentialError::Key(format!("invalid base58btc: {e}")))?;
    let rest = bytes
        .strip_prefix(&prefix)
        .ok_or_else(|| CredentialError::Key("not an Ed25519 Multikey".into()))?;
    <[u8; 32]>::try_from(rest)
        .map_err(|_| CredentialError::Key("Ed25519 key must be 32 bytes".into()))
}

/// Decodes a Multikey `publicKeyMultibase` (`z6Mk…`) into a public key.
pub fn verifying_key_from_multibase(text: &str) -> Result<VerifyingKey, CredentialError> {
    let bytes = key_bytes_from_multibase(text, MULTICODEC_ED25519_PUB)?;
    VerifyingKey::from_bytes(&bytes)
        .map_err(|_| CredentialError::Key("not a valid Ed25519 public key".into()))
}

/// Decodes a Multikey `secretKeyMultibase` (`z3u2…`) into a signing key.
pub fn signing_key_from_multibase(text: &str) -> Result<SigningKey, CredentialError> {
    Ok(SigningKey::from_bytes(&key_bytes_from_multibase(
        text,
        MULTICODEC_ED25519_PRIV,
    )?))
}

/// A public Ed25519 key as a JSON Web Key (RFC 8037, `kty` = `OKP`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicJwk {
    /// Always `OKP`.
    pub kty: String,
    /// Always `Ed25519`.
    pub crv: String,
    /// The public key, base64url without padding.
    pub x: String,
}

/// Encodes a public key as a JWK.
pub fn public_jwk(key: &VerifyingKey) -> PublicJwk {
    PublicJwk {
        kty: "OKP".into(),
        crv: "Ed25519".into(),
        x: URL_SAFE_NO_PAD.encode(key.as_bytes()),
    }
}

/// Decodes an OKP/Ed25519 JWK into a public key.
pub fn verifying_key_from_jwk(jwk: &PublicJwk) -> Result<VerifyingKey, CredentialError> {
    if jwk.kty != "OKP" || jwk.crv != "Ed25519" {
        return Err(CredentialError::Key(format!(
            "unsupported JWK kty/crv {}/{}",
            jwk.kty, jwk.crv
        )));
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(&jwk.x)
        .map_err(|_| CredentialError::Key("JWK `x` is not base64url".into()))?;
    let bytes = <[u8; 32]>::try_from(bytes.as_slice())
        .map_err(|_| CredentialError::Key("JWK `x` must be 32 bytes".into()))?;
    VerifyingKey::from_bytes(&bytes)
        .map_err(|_| CredentialError::Key("not a valid Ed25519 public key".into()))
}

/// Whether an issuer key may still sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStatus {
    /// The key signs new credentials.
    Active,
    /// The key was rotated out at `since`. Proofs it made before `since` stay
    /// acceptable; proofs dated at or after `since`, or undated, do not.
    Retired {
        /// When the key stopped signing.
        since: DateTime<Utc>,
    },
}

/// A public issuer key as listed in the issuer's DID document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuerKey {
    /// Fragment of the verification method, without `#` (e.g. `key-1`).
    pub fragment: String,
    /// The public key.
    pub public: VerifyingKey,
    /// Active or retired.
    pub status: KeyStatus,
}

/// A secret key together with the DID URL of its verification method.
#[derive(Clone)]
pub struct Signer {
    verification_method: String,
    key: SigningKey,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("verification_method", &self.verification_method)
            .field("public", &public_key_multibase(&self.key.verifying_key()))
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// Pairs a secret key with the DID URL that identifies its public key.
    pub fn new(verification_method: impl Into<String>, key: SigningKey) -> Self {
        Self {
            verification_method: verification_method.into(),
            key,
        }
    }

    /// The verification method DID URL (`did:…#fragment`).
    pub fn verification_method(&self) -> &str {
        &self.verification_method
    }

    /// The public half of the key.
    pub fn verifying_key(&self) -> VerifyingKey {
        self.key.verifying_key()
    }

    /// The secret key (for handing to a JOSE library).
    pub fn signing_key(&self) -> &SigningKey {
        &self.key
    }

    /// Signs bytes with Ed25519.
    pub fn sign(&self, message: &[u8]) -> Signature {
        self.key.sign(message)
    }
}

/// Verifies an Ed25519 signature strictly (rejects weak keys and
/// non-canonical signatures).
pub fn verify_signature(
    key: &VerifyingKey,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CredentialError> {
    let signature =
        Signature::from_slice(signature).map_err(|_| CredentialError::SignatureInvalid)?;
    key.verify_strict(message, &signature)
        .map_err(|_| CredentialError::SignatureInvalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Seed of the key pair published in the W3C Data Integrity EdDSA spec
    /// is used elsewhere; here a fixed seed is enough.
    fn key() -> SigningKey {
        signing_key_from_seed(&[7u8; 32])
    }

    #[test]
    fn multikey_public_starts_with_z6mk_and_round_trips() {
        let public = key().verifying_key();
        let text = public_key_multibase(&public);
        assert!(text.starts_with("z6Mk"), "{text}");
        assert_eq!(verifying_key_from_multibase(&text).unwrap(), public);
    }

    #[test]
    fn multikey_secret_starts_with_z3u2_and_round_trips() {
        let text = secret_key_multibase(&key());
        assert!(text.starts_with("z3u2"), "{text}");
        assert_eq!(
            signing_key_from_multibase(&text).unwrap().to_bytes(),
            key().to_bytes()
        );
    }

    #[test]
    fn multikey_rejects_wrong_base_codec_and_length() {
        let public = key().verifying_key();
        let text = public_key_multibase(&public);
        assert!(verifying_key_from_multibase(&text[1..]).is_err());
        assert!(verifying_key_from_multibase(&secret_key_multibase(&key())).is_err());
        assert!(verifying_key_from_multibase("z6Mk").is_err());
        assert!(verifying_key_from_multibase("z0OIl").is_err());
    }

    #[test]
    fn jwk_round_trips_and_rejects_other_curves() {
        let public = key().verifying_key();
        let jwk = public_jwk(&public);
        assert_eq!(jwk.kty, "OKP");
        assert_eq!(jwk.x.len(), 43);
        assert_eq!(verifying_key_from_jwk(&jwk).unwrap(), public);
        let mut other = jwk.clone();
        other.crv = "X25519".into();
        assert!(verifying_key_from_jwk(&other).is_err());
        other = jwk;
        other.x = "AAAA".into();
        assert!(verifying_key_from_jwk(&other).is_err());
    }

    #[test]
    fn generated_keys_differ() {
        assert_ne!(
            generate_signing_key().to_bytes(),
            generate_signing_key().to_bytes()
        );
    }

    #[test]
    fn signer_debug_hides_the_secret() {
        let signer = Signer::new("did:example:1#k", key());
        let debug = format!("{signer:?}");
        assert!(!debug.contains(&secret_key_multibase(&key())));
        assert!(debug.contains("did:example:1#k"));
    }

    #[test]
    fn signatures_verify_strictly() {
        let signer = Signer::new("did:example:1#k", key());
        let sig = signer.sign(b"hello");
        let public = signer.verifying_key();
        assert!(verify_signature(&public, b"hello", &sig.to_bytes()).is_ok());
        assert_eq!(
            verify_signature(&public, b"hellO", &sig.to_bytes()),
            Err(CredentialError::SignatureInvalid)
        );
        assert_eq!(
            verify_signature(&public, b"hello", &[0u8; 10]),
            Err(CredentialError::SignatureInvalid)
        );
    }
}
