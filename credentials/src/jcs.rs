//! Data Integrity cryptosuite `eddsa-jcs-2022`: Ed25519 over JSON
//! Canonicalization Scheme (RFC 8785) hashes.
//!
//! Owns: adding and verifying `eddsa-jcs-2022` proofs on any JSON document.
//! Must never: validate the credential's data model, decide trust or key
//! retirement (the `verify` module does), or read the clock (`created` is
//! passed in).

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::data_integrity::{
    encode_proof_value, proof_options, split_proof_for, ASSERTION_METHOD, AUTHENTICATION,
};
use crate::did::{resolve_key_for, DidResolver, ResolvedKey};
use crate::error::CredentialError;
use crate::keys::{verify_signature, Signer};

/// The cryptosuite name.
pub const CRYPTOSUITE: &str = "eddsa-jcs-2022";

/// What a successful verification established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedProof {
    /// The key that signed, with its controller and status.
    pub key: ResolvedKey,
    /// The proof's `created` time, if present.
    pub created: Option<DateTime<Utc>>,
}

/// RFC 8785 canonical bytes of a JSON value.
pub fn canonicalize(value: &Value) -> Result<Vec<u8>, CredentialError> {
    serde_json_canonicalizer::to_vec(value)
        .map_err(|e| CredentialError::Canonicalization(e.to_string()))
}

/// `SHA-256(JCS(proofConfig)) || SHA-256(JCS(document))`.
fn hash_data(
    proof_config: &Map<String, Value>,
    document: &Map<String, Value>,
) -> Result<Vec<u8>, CredentialError> {
    let mut data = Vec::with_capacity(64);
    data.extend_from_slice(&Sha256::digest(canonicalize(&Value::Object(
        proof_config.clone(),
    ))?));
    data.extend_from_slice(&Sha256::digest(canonicalize(&Value::Object(
        document.clone(),
    ))?));
    Ok(data)
}

/// Adds an `eddsa-jcs-2022` proof to an unsecured document (which must not
/// already have a proof). The proof carries the document's `@context`.
pub fn sign(
    unsecured: &Value,
    signer: &Signer,
    created: DateTime<Utc>,
) -> Result<Value, CredentialError> {
    sign_with(
        unsecured,
        signer,
        proof_options(CRYPTOSUITE, signer, created),
    )
}

/// Adds a holder's `eddsa-jcs-2022` proof to a presentation: purpose `authentication`, with
/// the verifier's `challenge` when given.
pub fn sign_presentation(
    unsecured: &Value,
    signer: &Signer,
    created: DateTime<Utc>,
    challenge: Option<&str>,
) -> Result<Value, CredentialError> {
    let mut options = proof_options(CRYPTOSUITE, signer, created);
    options.insert("proofPurpose".into(), AUTHENTICATION.into());
    if let Some(challenge) = challenge {
        options.insert("challenge".into(), challenge.into());
    }
    sign_with(unsecured, signer, options)
}

fn sign_with(
    unsecured: &Value,
    signer: &Signer,
    options: Map<String, Value>,
) -> Result<Value, CredentialError> {
    let mut document = unsecured
        .as_object()
        .cloned()
        .ok_or_else(|| CredentialError::Json("document must be a JSON object".into()))?;
    if document.contains_key("proof") {
        return Err(CredentialError::InvalidProof(
            "document already has a proof".into(),
        ));
    }
    let mut proof = options;
    if let Some(ctx) = document.get("@context") {
        proof.insert("@context".into(), ctx.clone());
    }
    let signature = signer.sign(&hash_data(&proof, &document)?);
    proof.insert(
        "proofValue".into(),
        encode_proof_value(&signature.to_bytes()).into(),
    );
    document.insert("proof".into(), Value::Object(proof));
    Ok(Value::Object(document))
}

/// Verifies the single `eddsa-jcs-2022` proof of a secured document.
pub fn verify(
    secured: &Value,
    resolver: &dyn DidResolver,
) -> Result<VerifiedProof, CredentialError> {
    verify_for(secured, resolver, ASSERTION_METHOD)
}

/// Verifies the `eddsa-jcs-2022` proof of a presentation (purpose `authentication`, key
/// from the holder's `authentication` relationship).
pub fn verify_presentation(
    secured: &Value,
    resolver: &dyn DidResolver,
) -> Result<VerifiedProof, CredentialError> {
    verify_for(secured, resolver, AUTHENTICATION)
}

fn verify_for(
    secured: &Value,
    resolver: &dyn DidResolver,
    purpose: &str,
) -> Result<VerifiedProof, CredentialError> {
    let (mut document, proof) = split_proof_for(secured, purpose)?;
    if proof.cryptosuite != CRYPTOSUITE {
        return Err(CredentialError::UnsupportedCryptosuite(proof.cryptosuite));
    }
    let mut config = proof.options;
    match config.get("@context") {
        Some(proof_ctx) => {
            // The document's contexts must start with the proof's, in order.
            let as_list = |v: &Value| match v {
                Value::Array(a) => a.clone(),
                other => vec![other.clone()],
            };
            let doc_ctx = document.get("@context").map(as_list).unwrap_or_default();
            let proof_list = as_list(proof_ctx);
            if !doc_ctx.starts_with(&proof_list) {
                return Err(CredentialError::InvalidProof(
                    "document @context does not start with the proof's @context".into(),
                ));
            }
            document.insert("@context".into(), proof_ctx.clone());
        }
        None => {
            if let Some(ctx) = document.get("@context") {
                config.insert("@context".into(), ctx.clone());
            }
        }
    }
    let key = resolve_key_for(resolver, &proof.verification_method, purpose)?;
    verify_signature(
        &key.public,
        &hash_data(&config, &document)?,
        &proof.signature,
    )?;
    Ok(VerifiedProof {
        key,
        created: proof.created,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presentations_prove_authentication_and_credentials_assertion() {
        let key = signing_key_from_seed(&[3; 32]);
        let signer = Signer::new(did_key_verification_method(&key.verifying_key()), key);
        let created = Utc.with_ymd_and_hms(2026, 11, 30, 10, 0, 0).unwrap();
        let vp = json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiablePresentation"]
        });
        let signed = sign_presentation(&vp, &signer, created, Some("c-123")).unwrap();
        assert_eq!(signed["proof"]["proofPurpose"], "authentication");
        assert_eq!(signed["proof"]["challenge"], "c-123");
        let resolver = StaticResolver::new();
        assert!(verify_presentation(&signed, &resolver).is_ok());
        // Each purpose only where it belongs.
        assert!(verify(&signed, &resolver).is_err());
        let credential = sign(&vp, &signer, created).unwrap();
        assert!(verify_presentation(&credential, &resolver).is_err());
        // The challenge is signed: changing it breaks the proof.
        let mut replayed = signed.clone();
        replayed["proof"]["challenge"] = json!("c-456");
        assert!(verify_presentation(&replayed, &resolver).is_err());
    }
    use crate::did::{did_key_verification_method, StaticResolver};
    use crate::keys::{signing_key_from_multibase, signing_key_from_seed};
    use chrono::TimeZone;
    use serde_json::json;

    /// The key pair published with the W3C "Data Integrity EdDSA
    /// Cryptosuites v1.0" test vectors.
    const SPEC_PUBLIC: &str = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    const SPEC_SECRET: &str = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq";

    /// The spec's unsigned "Alumni Credential" test input.
    fn spec_unsigned() -> Value {
        json!({
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://www.w3.org/ns/credentials/examples/v2"
            ],
            "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
            "type": ["VerifiableCredential", "AlumniCredential"],
            "name": "Alumni Credential",
            "description": "A minimum viable example of an Alumni Credential.",
            "issuer": "https://vc.example/issuers/5678",
            "validFrom": "2023-01-01T00:00:00Z",
            "credentialSubject": {
                "id": "did:example:abcdefgh",
                "alumniOf": "The School of Examples"
            }
        })
    }

    fn spec_signer() -> Signer {
        let key = signing_key_from_multibase(SPEC_SECRET).unwrap();
        assert_eq!(
            crate::keys::public_key_multibase(&key.verifying_key()),
            SPEC_PUBLIC
        );
        Signer::new(format!("did:key:{SPEC_PUBLIC}#{SPEC_PUBLIC}"), key)
    }

    fn spec_created() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2023, 2, 24, 23, 36, 38).unwrap()
    }

    #[test]
    fn known_answer_from_the_w3c_eddsa_jcs_2022_test_vector() {
        let signed = sign(&spec_unsigned(), &spec_signer(), spec_created()).unwrap();
        let proof = &signed["proof"];
        assert_eq!(
            proof["proofValue"],
            "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX"
        );
        assert_eq!(proof["@context"], spec_unsigned()["@context"]);
        assert_eq!(
            proof["verificationMethod"],
            format!("did:key:{SPEC_PUBLIC}#{SPEC_PUBLIC}")
        );
        // Intermediate value published with the vector: the combined hash.
        let mut config = proof.as_object().unwrap().clone();
        config.remove("proofValue");
        let data = hash_data(&config, spec_unsigned().as_object().unwrap()).unwrap();
        let hex: String = data.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "66ab154f5c2890a140cb8388a22a160454f80575f6eae09e5a097cabe539a1db\
             59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19"
        );
        let verified = verify(&signed, &StaticResolver::new()).unwrap();
        assert_eq!(verified.created, Some(spec_created()));
    }

    #[test]
    fn the_published_signed_credential_verifies() {
        let mut published = spec_unsigned();
        published["proof"] = json!({
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-jcs-2022",
            "created": "2023-02-24T23:36:38Z",
            "verificationMethod": format!("did:key:{SPEC_PUBLIC}#{SPEC_PUBLIC}"),
            "proofPurpose": "assertionMethod",
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://www.w3.org/ns/credentials/examples/v2"
            ],
            "proofValue": "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX"
        });
        assert!(verify(&published, &StaticResolver::new()).is_ok());
    }

    #[test]
    fn canonical_form_matches_the_published_one() {
        assert_eq!(
            String::from_utf8(canonicalize(&spec_unsigned()).unwrap()).unwrap(),
            r#"{"@context":["https://www.w3.org/ns/credentials/v2","https://www.w3.org/ns/credentials/examples/v2"],"credentialSubject":{"alumniOf":"The School of Examples","id":"did:example:abcdefgh"},"description":"A minimum viable example of an Alumni Credential.","id":"urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33","issuer":"https://vc.example/issuers/5678","name":"Alumni Credential","type":["VerifiableCredential","AlumniCredential"],"validFrom":"2023-01-01T00:00:00Z"}"#
        );
    }

    fn own_signer() -> Signer {
        let key = signing_key_from_seed(&[3u8; 32]);
        Signer::new(did_key_verification_method(&key.verifying_key()), key)
    }

    #[test]
    fn round_trip_and_tamper_detection() {
        let signed = sign(&spec_unsigned(), &own_signer(), spec_created()).unwrap();
        assert!(verify(&signed, &StaticResolver::new()).is_ok());

        let mut tampered = signed.clone();
        tampered["credentialSubject"]["alumniOf"] = json!("Another School");
        assert_eq!(
            verify(&tampered, &StaticResolver::new()),
            Err(CredentialError::SignatureInvalid)
        );

        let mut tampered = signed.clone();
        tampered["proof"]["created"] = json!("2023-02-24T23:36:39Z");
        assert_eq!(
            verify(&tampered, &StaticResolver::new()),
            Err(CredentialError::SignatureInvalid)
        );
    }

    #[test]
    fn proof_context_must_prefix_the_document_context() {
        let signed = sign(&spec_unsigned(), &own_signer(), spec_created()).unwrap();
        let mut tampered = signed.clone();
        tampered["@context"] = json!(["https://www.w3.org/ns/credentials/v2"]);
        assert!(matches!(
            verify(&tampered, &StaticResolver::new()),
            Err(CredentialError::InvalidProof(_))
        ));
    }

    #[test]
    fn a_proof_made_without_context_still_verifies() {
        let signer = own_signer();
        let mut doc = spec_unsigned().as_object().unwrap().clone();
        let mut config = proof_options(CRYPTOSUITE, &signer, spec_created());
        config.insert("@context".into(), doc["@context"].clone());
        let sig = signer.sign(&hash_data(&config, &doc).unwrap());
        config.remove("@context");
        config.insert(
            "proofValue".into(),
            encode_proof_value(&sig.to_bytes()).into(),
        );
        doc.insert("proof".into(), Value::Object(config));
        assert!(verify(&Value::Object(doc), &StaticResolver::new()).is_ok());
    }

    #[test]
    fn wrong_cryptosuite_and_double_signing_are_rejected() {
        let signed = sign(&spec_unsigned(), &own_signer(), spec_created()).unwrap();
        let mut other = signed.clone();
        other["proof"]["cryptosuite"] = json!("ecdsa-jcs-2019");
        assert!(matches!(
            verify(&other, &StaticResolver::new()),
            Err(CredentialError::UnsupportedCryptosuite(_))
        ));
        assert!(sign(&signed, &own_signer(), spec_created()).is_err());
    }

    #[test]
    fn a_key_that_is_not_the_signers_fails() {
        let signed = sign(&spec_unsigned(), &own_signer(), spec_created()).unwrap();
        let mut other = signed.clone();
        let vm = did_key_verification_method(&signing_key_from_seed(&[4u8; 32]).verifying_key());
        other["proof"]["verificationMethod"] = json!(vm);
        assert_eq!(
            verify(&other, &StaticResolver::new()),
            Err(CredentialError::SignatureInvalid)
        );
    }
}
