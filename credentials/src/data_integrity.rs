//! The shape of a W3C Data Integrity `DataIntegrityProof`, shared by the
//! `eddsa-jcs-2022` and `eddsa-rdfc-2022` cryptosuites.
//!
//! Owns: splitting a secured document into the unsecured document and its
//! proof, checking the proof's common properties, building proof options, and
//! the `proofValue` encoding (multibase base58btc). Must never: canonicalize,
//! hash or verify signatures itself (each cryptosuite module does).

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::error::CredentialError;
use crate::keys::Signer;
use crate::model::{format_date_time, parse_date_time_stamp};

/// The proof `type` of every Data Integrity proof this crate handles.
pub const DATA_INTEGRITY_PROOF: &str = "DataIntegrityProof";
/// The only proof purpose the portal signs or accepts for credentials.
pub const ASSERTION_METHOD: &str = "assertionMethod";
/// The proof purpose of a holder's presentation.
pub const AUTHENTICATION: &str = "authentication";

/// A proof taken apart for verification.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedProof {
    /// The proof without `proofValue` (the "proof options").
    pub options: Map<String, Value>,
    /// The 64-byte Ed25519 signature decoded from `proofValue`.
    pub signature: Vec<u8>,
    /// The `cryptosuite` name.
    pub cryptosuite: String,
    /// The `verificationMethod` DID URL.
    pub verification_method: String,
    /// The `created` time, if present.
    pub created: Option<DateTime<Utc>>,
}

fn bad(msg: impl Into<String>) -> CredentialError {
    CredentialError::InvalidProof(msg.into())
}

/// The `cryptosuite` of a secured document's single proof, if it has one.
pub fn cryptosuite_of(secured: &Value) -> Option<&str> {
    let proof = match secured.get("proof")? {
        Value::Array(items) if items.len() == 1 => items.first()?,
        other => other,
    };
    proof.get("cryptosuite")?.as_str()
}

/// Splits a secured document into the unsecured document and its single
/// `DataIntegrityProof` with purpose `assertionMethod`.
pub fn split_proof(secured: &Value) -> Result<(Map<String, Value>, ParsedProof), CredentialError> {
    split_proof_for(secured, ASSERTION_METHOD)
}

/// Splits a secured document into the unsecured document and its single
/// `DataIntegrityProof` with purpose `purpose` (`assertionMethod` for
/// credentials, `authentication` for presentations).
pub fn split_proof_for(
    secured: &Value,
    purpose: &str,
) -> Result<(Map<String, Value>, ParsedProof), CredentialError> {
    let mut doc = secured
        .as_object()
        .cloned()
        .ok_or_else(|| bad("secured document must be a JSON object"))?;
    let proof = match doc.remove("proof") {
        Some(Value::Object(p)) => p,
        Some(Value::Array(items)) if items.len() == 1 => match items.into_iter().next() {
            Some(Value::Object(p)) => p,
            _ => return Err(bad("proof must be an object")),
        },
        Some(Value::Array(_)) => return Err(bad("exactly one proof is supported")),
        Some(_) => return Err(bad("proof must be an object")),
        None => return Err(bad("document has no proof")),
    };
    let text = |name: &str| -> Result<String, CredentialError> {
        proof
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| bad(format!("proof.{name} is missing or not a string")))
    };
    if text("type")? != DATA_INTEGRITY_PROOF {
        return Err(CredentialError::UnsupportedCryptosuite(format!(
            "proof type {}",
            text("type")?
        )));
    }
    let cryptosuite = text("cryptosuite")?;
    if text("proofPurpose")? != purpose {
        return Err(bad(format!("proofPurpose must be {purpose}")));
    }
    let verification_method = text("verificationMethod")?;
    let created = match proof.get("created") {
        None => None,
        Some(Value::String(s)) => Some(
            parse_date_time_stamp(s).map_err(|_| bad("proof.created is not a dateTimeStamp"))?,
        ),
        Some(_) => return Err(bad("proof.created must be a string")),
    };
    let signature = decode_proof_value(&text("proofValue")?)?;
    let mut options = proof;
    options.remove("proofValue");
    Ok((
        doc,
        ParsedProof {
            options,
            signature,
            cryptosuite,
            verification_method,
            created,
        },
    ))
}

/// Proof options (the proof without `proofValue`) for signing.
pub fn proof_options(
    cryptosuite: &str,
    signer: &Signer,
    created: DateTime<Utc>,
) -> Map<String, Value> {
    let mut proof = Map::new();
    proof.insert("type".into(), DATA_INTEGRITY_PROOF.into());
    proof.insert("cryptosuite".into(), cryptosuite.into());
    proof.insert("created".into(), format_date_time(created).into());
    proof.insert(
        "verificationMethod".into(),
        signer.verification_method().into(),
    );
    proof.insert("proofPurpose".into(), ASSERTION_METHOD.into());
    proof
}

/// Encodes a signature as a multibase base58btc `proofValue`.
pub fn encode_proof_value(signature: &[u8]) -> String {
    format!("z{}", bs58::encode(signature).into_string())
}

/// Decodes a multibase base58btc `proofValue` holding a 64-byte signature.
pub fn decode_proof_value(text: &str) -> Result<Vec<u8>, CredentialError> {
    let body = text
        .strip_prefix('z')
        .ok_or_else(|| bad("proofValue must be multibase base58btc (`z…`)"))?;
    if body.len() > 100 {
        return Err(bad("proofValue is too long"));
    }
    let bytes = bs58::decode(body)
        .into_vec()
        .map_err(|_| bad("proofValue is not base58btc"))?;
    if bytes.len() != 64 {
        return Err(bad("proofValue must hold a 64-byte Ed25519 signature"));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn secured() -> Value {
        json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "proof": {
                "type": "DataIntegrityProof",
                "cryptosuite": "eddsa-jcs-2022",
                "created": "2026-05-01T08:00:00Z",
                "verificationMethod": "did:web:refugee-portal.example#key-1",
                "proofPurpose": "assertionMethod",
                "proofValue": encode_proof_value(&[1u8; 64]),
            }
        })
    }

    #[test]
    fn splits_a_single_proof() {
        let (doc, proof) = split_proof(&secured()).unwrap();
        assert!(doc.get("proof").is_none());
        assert_eq!(proof.signature, vec![1u8; 64]);
        assert_eq!(proof.cryptosuite, "eddsa-jcs-2022");
        assert!(proof.options.get("proofValue").is_none());
        assert!(proof.created.is_some());
        assert_eq!(cryptosuite_of(&secured()), Some("eddsa-jcs-2022"));
    }

    #[test]
    fn a_one_element_proof_array_is_accepted_but_not_a_set() {
        let mut s = secured();
        s["proof"] = json!([s["proof"].clone()]);
        assert!(split_proof(&s).is_ok());
        s["proof"] = json!([s["proof"][0].clone(), s["proof"][0].clone()]);
        assert!(split_proof(&s).is_err());
    }

    #[test]
    fn rejects_wrong_type_purpose_created_and_value() {
        let cases = [
            ("type", json!("Ed25519Signature2020")),
            ("proofPurpose", json!("authentication")),
            ("created", json!("yesterday")),
            ("proofValue", json!("uAAAA")),
            ("proofValue", json!(encode_proof_value(&[1u8; 63]))),
            ("verificationMethod", json!(42)),
        ];
        for (field, value) in cases {
            let mut s = secured();
            s["proof"][field] = value;
            assert!(split_proof(&s).is_err(), "{field}");
        }
        assert!(split_proof(&json!({"a": 1})).is_err());
        assert!(split_proof(&json!([1])).is_err());
    }
}
