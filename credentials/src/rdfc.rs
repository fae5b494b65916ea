//! Data Integrity cryptosuite `eddsa-rdfc-2022`: Ed25519 over RDF Dataset
//! Canonicalization (RDFC-1.0) of the JSON-LD expansion.
//!
//! Owns: adding and verifying `eddsa-rdfc-2022` proofs, using the `ssi`
//! project's JSON-LD processor (`ssi-json-ld`) and URDNA2015/RDFC-1.0
//! implementation (`ssi-rdf`), with a context loader fed only from a
//! built-in map ([`Contexts`]). Must never: load a context from the network
//! (unknown contexts are an error), validate the data model, decide trust, or
//! read the clock.

use std::collections::HashMap;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use ssi_json_ld::{CompactJsonLd, ContextLoader, Expandable};
use ssi_rdf::{AnyLdEnvironment, LdEnvironment};

use crate::data_integrity::{
    encode_proof_value, proof_options, split_proof_for, ASSERTION_METHOD, AUTHENTICATION,
};
use crate::did::{resolve_key_for, DidResolver};
use crate::error::CredentialError;
use crate::jcs::VerifiedProof;
use crate::keys::{verify_signature, Signer};
use crate::model::{
    DATA_INTEGRITY_V2_CONTEXT, PORTAL_CONTEXT_DOCUMENT, PORTAL_CONTEXT_URL, VC_V2_CONTEXT,
};

/// The cryptosuite name.
pub const CRYPTOSUITE: &str = "eddsa-rdfc-2022";

/// The JSON-LD context documents the loader may use, by URL. Anything else
/// fails expansion: nothing is ever fetched.
#[derive(Debug, Clone)]
pub struct Contexts {
    documents: HashMap<String, String>,
}

impl Default for Contexts {
    fn default() -> Self {
        Self::portal()
    }
}

impl Contexts {
    /// The VC v2 context, the Data Integrity v2 context and the W3C examples
    /// context (copies shipped by the `ssi-contexts` crate) and the portal's
    /// own context.
    pub fn portal() -> Self {
        let mut documents = HashMap::new();
        documents.insert(
            VC_V2_CONTEXT.to_string(),
            ssi_contexts::CREDENTIALS_V2.to_string(),
        );
        documents.insert(
            DATA_INTEGRITY_V2_CONTEXT.to_string(),
            ssi_contexts::W3ID_DATA_INTEGRITY_V2.to_string(),
        );
        documents.insert(
            PORTAL_CONTEXT_URL.to_string(),
            PORTAL_CONTEXT_DOCUMENT.to_string(),
        );
        documents.insert(
            crate::model::VC_EXAMPLES_V2_CONTEXT.to_string(),
            ssi_contexts::CREDENTIALS_EXAMPLES_V2.to_string(),
        );
        Self { documents }
    }

    /// Adds (or replaces) a context document.
    pub fn with(mut self, url: impl Into<String>, document: impl Into<String>) -> Self {
        self.documents.insert(url.into(), document.into());
        self
    }

    fn loader(&self) -> Result<ContextLoader, CredentialError> {
        ContextLoader::empty()
            .with_context_map_from(self.documents.clone())
            .map_err(|e| CredentialError::JsonLd(format!("bad built-in context: {e}")))
    }
}

/// Drives a future that never waits (the loader is in memory) to completion
/// without an async runtime.
fn run_ready<F: Future>(future: F) -> Result<F::Output, CredentialError> {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..1_000 {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return Ok(out);
        }
    }
    Err(CredentialError::JsonLd(
        "JSON-LD processing did not complete".into(),
    ))
}

/// RDFC-1.0 canonical N-Quads of a JSON-LD document.
pub fn canonical_nquads(document: &Value, contexts: &Contexts) -> Result<String, CredentialError> {
    let loader = contexts.loader()?;
    let compact: CompactJsonLd = serde_json::from_value(document.clone())
        .map_err(|e| CredentialError::JsonLd(e.to_string()))?;
    let mut ld = LdEnvironment::default();
    let expanded = run_ready(compact.expand_with(&mut ld, &loader))?
        .map_err(|e| CredentialError::JsonLd(e.to_string()))?;
    let quads = ld
        .quads_of(&expanded)
        .map_err(|e| CredentialError::JsonLd(e.to_string()))?;
    check_canonicalization_budget(&quads)?;
    Ok(ssi_rdf::urdna2015::normalize(quads.iter().map(|q| q.as_lexical_quad_ref())).into_nquads())
}

/// Most quads a document may expand to before canonicalization.
pub const MAX_QUADS: usize = 2_000;
/// Most blank nodes a document may have. RDF canonicalization can take
/// exponential time on crafted blank-node graphs; real credentials have a
/// handful (the subject, the proof, household members).
pub const MAX_BLANK_NODES: usize = 64;

fn check_canonicalization_budget(quads: &[ssi_rdf::LexicalQuad]) -> Result<(), CredentialError> {
    if quads.len() > MAX_QUADS {
        return Err(CredentialError::TooLarge {
            what: "JSON-LD document (quads)",
            limit: MAX_QUADS,
        });
    }
    let mut blanks = std::collections::HashSet::new();
    for q in quads {
        let graph = q.3.as_ref().and_then(|g| g.as_blank());
        for b in [q.0.as_blank(), q.2.as_blank(), graph]
            .into_iter()
            .flatten()
        {
            blanks.insert(b.clone());
        }
    }
    if blanks.len() > MAX_BLANK_NODES {
        return Err(CredentialError::JsonLd(format!(
            "{} blank nodes, more than the {MAX_BLANK_NODES} allowed",
            blanks.len()
        )));
    }
    Ok(())
}

fn hash_data(
    proof_config: &Map<String, Value>,
    document: &Map<String, Value>,
    contexts: &Contexts,
) -> Result<Vec<u8>, CredentialError> {
    let config = canonical_nquads(&Value::Object(proof_config.clone()), contexts)?;
    let doc = canonical_nquads(&Value::Object(document.clone()), contexts)?;
    let mut data = Vec::with_capacity(64);
    data.extend_from_slice(&Sha256::digest(config.as_bytes()));
    data.extend_from_slice(&Sha256::digest(doc.as_bytes()));
    Ok(data)
}

/// Adds an `eddsa-rdfc-2022` proof to an unsecured JSON-LD document.
pub fn sign(
    unsecured: &Value,
    signer: &Signer,
    created: DateTime<Utc>,
    contexts: &Contexts,
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
    let mut proof = proof_options(CRYPTOSUITE, signer, created);
    let mut config = proof.clone();
    if let Some(ctx) = document.get("@context") {
        config.insert("@context".into(), ctx.clone());
    }
    let signature = signer.sign(&hash_data(&config, &document, contexts)?);
    proof.insert(
        "proofValue".into(),
        encode_proof_value(&signature.to_bytes()).into(),
    );
    document.insert("proof".into(), Value::Object(proof));
    Ok(Value::Object(document))
}

/// Verifies the single `eddsa-rdfc-2022` proof of a secured document.
pub fn verify_with(
    secured: &Value,
    resolver: &dyn DidResolver,
    contexts: &Contexts,
) -> Result<VerifiedProof, CredentialError> {
    verify_for(secured, resolver, contexts, ASSERTION_METHOD)
}

/// Verifies the `eddsa-rdfc-2022` proof of a presentation (purpose `authentication`).
pub fn verify_presentation(
    secured: &Value,
    resolver: &dyn DidResolver,
    contexts: &Contexts,
) -> Result<VerifiedProof, CredentialError> {
    verify_for(secured, resolver, contexts, AUTHENTICATION)
}

fn verify_for(
    secured: &Value,
    resolver: &dyn DidResolver,
    contexts: &Contexts,
    purpose: &str,
) -> Result<VerifiedProof, CredentialError> {
    let (document, proof) = split_proof_for(secured, purpose)?;
    if proof.cryptosuite != CRYPTOSUITE {
        return Err(CredentialError::UnsupportedCryptosuite(proof.cryptosuite));
    }
    let mut config = proof.options;
    if let Some(ctx) = document.get("@context") {
        config.insert("@context".into(), ctx.clone());
    }
    let key = resolve_key_for(resolver, &proof.verification_method, purpose)?;
    verify_signature(
        &key.public,
        &hash_data(&config, &document, contexts)?,
        &proof.signature,
    )?;
    Ok(VerifiedProof {
        key,
        created: proof.created,
    })
}

/// Verifies with the portal's built-in contexts.
pub fn verify(
    secured: &Value,
    resolver: &dyn DidResolver,
) -> Result<VerifiedProof, CredentialError> {
    verify_with(secured, resolver, &Contexts::portal())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::did::{did_key_verification_method, StaticResolver};
    use crate::keys::{signing_key_from_multibase, signing_key_from_seed};
    use chrono::TimeZone;
    use serde_json::json;

    const SPEC_PUBLIC: &str = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    const SPEC_SECRET: &str = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq";
    const EXAMPLES_V2: &str = "https://www.w3.org/ns/credentials/examples/v2";

    fn spec_contexts() -> Contexts {
        Contexts::portal().with(EXAMPLES_V2, ssi_contexts::CREDENTIALS_EXAMPLES_V2)
    }

    fn spec_unsigned() -> Value {
        json!({
            "@context": ["https://www.w3.org/ns/credentials/v2", EXAMPLES_V2],
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

    fn spec_created() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2023, 2, 24, 23, 36, 38).unwrap()
    }

    #[test]
    fn known_answer_from_the_w3c_eddsa_rdfc_2022_test_vector() {
        let key = signing_key_from_multibase(SPEC_SECRET).unwrap();
        let signer = Signer::new(format!("did:key:{SPEC_PUBLIC}#{SPEC_PUBLIC}"), key);
        let signed = sign(&spec_unsigned(), &signer, spec_created(), &spec_contexts()).unwrap();
        assert_eq!(
            signed["proof"]["proofValue"],
            "z2YwC8z3ap7yx1nZYCg4L3j3ApHsF8kgPdSb5xoS1VR7vPG3F561B52hYnQF9iseabecm3ijx4K1FBTQsCZahKZme"
        );
        assert!(signed["proof"].get("@context").is_none());
        assert!(verify_with(&signed, &StaticResolver::new(), &spec_contexts()).is_ok());
    }

    #[test]
    fn canonical_proof_configuration_matches_the_published_one() {
        let config = json!({
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2023-02-24T23:36:38Z",
            "verificationMethod": format!("did:key:{SPEC_PUBLIC}#{SPEC_PUBLIC}"),
            "proofPurpose": "assertionMethod",
            "@context": ["https://www.w3.org/ns/credentials/v2", EXAMPLES_V2]
        });
        let vm = format!("did:key:{SPEC_PUBLIC}#{SPEC_PUBLIC}");
        let expected = format!(
            "_:c14n0 <http://purl.org/dc/terms/created> \"2023-02-24T23:36:38Z\"^^<http://www.w3.org/2001/XMLSchema#dateTime> .\n\
             _:c14n0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/security#DataIntegrityProof> .\n\
             _:c14n0 <https://w3id.org/security#cryptosuite> \"eddsa-rdfc-2022\"^^<https://w3id.org/security#cryptosuiteString> .\n\
             _:c14n0 <https://w3id.org/security#proofPurpose> <https://w3id.org/security#assertionMethod> .\n\
             _:c14n0 <https://w3id.org/security#verificationMethod> <{vm}> .\n"
        );
        assert_eq!(
            canonical_nquads(&config, &spec_contexts()).unwrap(),
            expected
        );
    }

    #[test]
    fn portal_credential_round_trip_and_tamper() {
        let key = signing_key_from_seed(&[8u8; 32]);
        let signer = Signer::new(did_key_verification_method(&key.verifying_key()), key);
        let vc = crate::model::tests::registration();
        let signed = sign(&vc, &signer, spec_created(), &Contexts::portal()).unwrap();
        assert!(verify(&signed, &StaticResolver::new()).is_ok());
        let mut tampered = signed.clone();
        tampered["credentialSubject"]["birthDate"] = json!("1992-03-15");
        assert_eq!(
            verify(&tampered, &StaticResolver::new()),
            Err(CredentialError::SignatureInvalid)
        );
    }

    #[test]
    fn too_many_blank_nodes_are_refused_before_canonicalization() {
        let mut doc = spec_unsigned();
        let nodes: Vec<Value> = (0..MAX_BLANK_NODES + 1)
            .map(|i| json!({"alumniOf": format!("School {i}")}))
            .collect();
        doc["credentialSubject"] = Value::Array(nodes);
        assert!(matches!(
            canonical_nquads(&doc, &spec_contexts()),
            Err(CredentialError::JsonLd(m)) if m.contains("blank nodes")
        ));
    }

    #[test]
    fn unknown_contexts_are_never_fetched() {
        let mut doc = spec_unsigned();
        doc["@context"] = json!([
            "https://www.w3.org/ns/credentials/v2",
            "https://evil.example/ctx"
        ]);
        assert!(matches!(
            canonical_nquads(&doc, &Contexts::portal()),
            Err(CredentialError::JsonLd(_))
        ));
    }
}
