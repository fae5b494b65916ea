//! DIDs and DID documents: `did:key` (derived locally) and `did:web` (built
//! by the issuer, resolved from documents the caller supplies).
//!
//! Owns: DID and DID URL syntax, DID document shapes, the [`DidResolver`]
//! trait, its in-memory [`StaticResolver`], and turning a verification-method
//! DID URL into a usable public key with its [`KeyStatus`]. Must never: fetch
//! a document over the network or read the clock; key status is decided from
//! the document alone.

use std::collections::HashMap;

use chrono::{DateTime, SecondsFormat, Utc};
use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};

use crate::data_integrity::{ASSERTION_METHOD, AUTHENTICATION};
use crate::error::CredentialError;
use crate::keys::{
    public_jwk, public_key_multibase, verifying_key_from_jwk, verifying_key_from_multibase,
    IssuerKey, KeyStatus, PublicJwk,
};

/// The DID Core v1 JSON-LD context.
pub const DID_V1_CONTEXT: &str = "https://www.w3.org/ns/did/v1";
/// The Multikey JSON-LD context.
pub const MULTIKEY_V1_CONTEXT: &str = "https://w3id.org/security/multikey/v1";
/// The JsonWebKey JSON-LD context.
pub const JWK_V1_CONTEXT: &str = "https://w3id.org/security/jwk/v1";
/// Suffix appended to a key's fragment for its `JsonWebKey` twin.
pub const JWK_FRAGMENT_SUFFIX: &str = "-jwk";

/// A verification method entry of a DID document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerificationMethod {
    /// Absolute DID URL (`did:…#fragment`) or a relative `#fragment`.
    pub id: String,
    /// `Multikey` or `JsonWebKey`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The DID that controls this key.
    pub controller: String,
    /// Set for `Multikey`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key_multibase: Option<String>,
    /// Set for `JsonWebKey`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key_jwk: Option<PublicJwk>,
    /// Set for a retired key: the time it stopped signing (XML datetime).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// A DID document (the subset this crate produces and consumes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DidDocument {
    /// JSON-LD contexts.
    #[serde(rename = "@context")]
    pub context: Vec<String>,
    /// The DID.
    pub id: String,
    /// Every key, active or retired.
    #[serde(default)]
    pub verification_method: Vec<VerificationMethod>,
    /// Keys that may sign credentials (references to `verification_method`).
    #[serde(default)]
    pub assertion_method: Vec<String>,
    /// Keys that may authenticate as the DID subject.
    #[serde(default)]
    pub authentication: Vec<String>,
}

/// A DID URL split into its DID and optional fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DidUrl {
    /// The DID (`did:method:id`).
    pub did: String,
    /// The fragment, without `#`.
    pub fragment: Option<String>,
}

impl DidUrl {
    /// Parses `did:method:id[#fragment]`. Paths and queries are not supported.
    pub fn parse(text: &str) -> Result<Self, CredentialError> {
        let (did, fragment) = match text.split_once('#') {
            Some((d, f)) => (d, Some(f)),
            None => (text, None),
        };
        check_did(did)?;
        if let Some(f) = fragment {
            if f.is_empty() || f.chars().any(|c| c.is_whitespace() || c == '#') {
                return Err(CredentialError::Did(format!("bad fragment in {text}")));
            }
        }
        Ok(Self {
            did: did.to_string(),
            fragment: fragment.map(str::to_string),
        })
    }
}

fn check_did(did: &str) -> Result<(), CredentialError> {
    let mut parts = did.splitn(3, ':');
    let ok = parts.next() == Some("did")
        && parts.next().is_some_and(|m| {
            !m.is_empty()
                && m.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && parts.next().is_some_and(|id| {
            !id.is_empty()
                && id.bytes().all(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':' | b'%')
                })
        })
        && !did.contains(['/', '?']);
    if ok {
        Ok(())
    } else {
        Err(CredentialError::Did(format!("not a DID: {did}")))
    }
}

/// The `did:key` DID of an Ed25519 public key.
pub fn did_key(key: &VerifyingKey) -> String {
    format!("did:key:{}", public_key_multibase(key))
}

/// The verification-method DID URL of a `did:key` (`did:key:z…#z…`).
pub fn did_key_verification_method(key: &VerifyingKey) -> String {
    let mb = public_key_multibase(key);
    format!("did:key:{mb}#{mb}")
}

/// Derives the DID document of an Ed25519 `did:key`.
pub fn did_key_document(did: &str) -> Result<DidDocument, CredentialError> {
    let multibase = did
        .strip_prefix("did:key:")
        .ok_or_else(|| CredentialError::Did(format!("not a did:key: {did}")))?;
    let key = verifying_key_from_multibase(multibase)?;
    let vm_id = format!("{did}#{multibase}");
    Ok(DidDocument {
        context: vec![DID_V1_CONTEXT.into(), MULTIKEY_V1_CONTEXT.into()],
        id: did.to_string(),
        verification_method: vec![VerificationMethod {
            id: vm_id.clone(),
            kind: "Multikey".into(),
            controller: did.to_string(),
            public_key_multibase: Some(public_key_multibase(&key)),
            public_key_jwk: None,
            expires: None,
        }],
        assertion_method: vec![vm_id.clone()],
        authentication: vec![vm_id],
    })
}

/// Builds the `did:web` DID for a host name (and optional port / path
/// segments), e.g. `refugee-portal.example` → `did:web:refugee-portal.example`.
pub fn did_web(host: &str, port: Option<u16>, path: &[&str]) -> Result<String, CredentialError> {
    let valid = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
    };
    if !valid(host) || !path.iter().all(|p| valid(p)) {
        return Err(CredentialError::Did(format!(
            "not a did:web host/path: {host}"
        )));
    }
    let mut did = format!("did:web:{}", host.to_ascii_lowercase());
    if let Some(port) = port {
        did.push_str(&format!("%3A{port}"));
    }
    for segment in path {
        did.push(':');
        did.push_str(segment);
    }
    Ok(did)
}

/// The HTTPS URL where a `did:web` document is published (for the caller to
/// fetch; this crate never does).
pub fn did_web_document_url(did: &str) -> Result<String, CredentialError> {
    let rest = did
        .strip_prefix("did:web:")
        .ok_or_else(|| CredentialError::Did(format!("not a did:web: {did}")))?;
    check_did(did)?;
    let mut parts = rest.split(':');
    let host = parts.next().unwrap_or_default().replace("%3A", ":");
    let path: Vec<&str> = parts.collect();
    Ok(if path.is_empty() {
        format!("https://{host}/.well-known/did.json")
    } else {
        format!("https://{host}/{}/did.json", path.join("/"))
    })
}

/// Builds the issuer's `did:web` document. Each key is listed twice, as
/// `Multikey` (`#fragment`) and as `JsonWebKey` (`#fragment-jwk`). Active keys
/// are referenced from `assertionMethod` and `authentication`; retired keys
/// stay in `verificationMethod` (so old proofs can still be checked) with an
/// `expires` time, and are referenced from nowhere else.
pub fn did_web_document(did: &str, keys: &[IssuerKey]) -> Result<DidDocument, CredentialError> {
    if !did.starts_with("did:web:") {
        return Err(CredentialError::Did(format!("not a did:web: {did}")));
    }
    check_did(did)?;
    let mut doc = DidDocument {
        context: vec![
            DID_V1_CONTEXT.into(),
            MULTIKEY_V1_CONTEXT.into(),
            JWK_V1_CONTEXT.into(),
        ],
        id: did.to_string(),
        verification_method: Vec::new(),
        assertion_method: Vec::new(),
        authentication: Vec::new(),
    };
    for key in keys {
        DidUrl::parse(&format!("{did}#{}", key.fragment))?;
        let expires = match key.status {
            KeyStatus::Active => None,
            KeyStatus::Retired { since } => Some(since.to_rfc3339_opts(SecondsFormat::Secs, true)),
        };
        let multikey_id = format!("{did}#{}", key.fragment);
        let jwk_id = format!("{multikey_id}{JWK_FRAGMENT_SUFFIX}");
        doc.verification_method.push(VerificationMethod {
            id: multikey_id.clone(),
            kind: "Multikey".into(),
            controller: did.to_string(),
            public_key_multibase: Some(public_key_multibase(&key.public)),
            public_key_jwk: None,
            expires: expires.clone(),
        });
        doc.verification_method.push(VerificationMethod {
            id: jwk_id.clone(),
            kind: "JsonWebKey".into(),
            controller: did.to_string(),
            public_key_multibase: None,
            public_key_jwk: Some(public_jwk(&key.public)),
            expires,
        });
        if key.status == KeyStatus::Active {
            for id in [multikey_id, jwk_id] {
                doc.assertion_method.push(id.clone());
                doc.authentication.push(id);
            }
        }
    }
    Ok(doc)
}

/// Resolves DIDs to DID documents. Implementations must be pure lookups
/// (in memory); fetching and caching documents is the caller's business.
pub trait DidResolver {
    /// Returns the document of `did`, or [`CredentialError::DidNotFound`].
    fn resolve(&self, did: &str) -> Result<DidDocument, CredentialError>;

    /// The key `verification_method` names for `relationship`, with the rules of
    /// [`resolve_key_for`]. The default dereferences the document each time; a resolver may
    /// answer from keys it dereferenced before, as long as the answer is the same.
    fn resolve_key(
        &self,
        verification_method: &str,
        relationship: &str,
    ) -> Result<ResolvedKey, CredentialError> {
        dereference(self, verification_method, relationship)
    }
}

/// Resolves `did:key` locally and `did:web` from documents the caller
/// supplied (for example its own issuer document and cached partner ones).
///
/// The keys of a supplied document are dereferenced once, when it is added: checking a
/// proof then decodes no key (Ed25519 point decompression costs about as much as a
/// signature check).
#[derive(Debug, Clone, Default)]
pub struct StaticResolver {
    web: HashMap<String, DidDocument>,
    /// The keys of `web`'s documents by absolute verification-method URL, for
    /// `assertionMethod` and for `authentication`.
    assertion: HashMap<String, ResolvedKey>,
    authentication: HashMap<String, ResolvedKey>,
}

impl StaticResolver {
    /// An empty resolver (knows `did:key` only).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a `did:web` document, keyed by its `id`.
    pub fn with_document(mut self, doc: DidDocument) -> Self {
        let prefix = format!("{}#", doc.id);
        for keys in [&mut self.assertion, &mut self.authentication] {
            keys.retain(|url, _| !url.starts_with(&prefix));
        }
        let did = doc.id.clone();
        let urls: Vec<String> = doc
            .verification_method
            .iter()
            .map(|vm| {
                if vm.id.starts_with('#') {
                    format!("{did}{}", vm.id)
                } else {
                    vm.id.clone()
                }
            })
            .collect();
        self.web.insert(did, doc);
        for url in urls {
            // Only what dereferencing accepts is kept; anything else is dereferenced (and
            // refused with its reason) when asked for.
            if let Ok(key) = dereference(&self, &url, ASSERTION_METHOD) {
                self.assertion.insert(url.clone(), key);
            }
            if let Ok(key) = dereference(&self, &url, AUTHENTICATION) {
                self.authentication.insert(url, key);
            }
        }
        self
    }
}

impl DidResolver for StaticResolver {
    fn resolve(&self, did: &str) -> Result<DidDocument, CredentialError> {
        if did.starts_with("did:key:") {
            return did_key_document(did);
        }
        self.web
            .get(did)
            .cloned()
            .ok_or_else(|| CredentialError::DidNotFound(did.to_string()))
    }

    fn resolve_key(
        &self,
        verification_method: &str,
        relationship: &str,
    ) -> Result<ResolvedKey, CredentialError> {
        let known = match relationship {
            ASSERTION_METHOD => self.assertion.get(verification_method),
            AUTHENTICATION => self.authentication.get(verification_method),
            _ => None,
        };
        match known {
            Some(key) => Ok(key.clone()),
            None => dereference(self, verification_method, relationship),
        }
    }
}

/// A public key found through a verification-method DID URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedKey {
    /// The absolute verification-method DID URL.
    pub id: String,
    /// The DID that controls the key (the issuer).
    pub controller: String,
    /// The key.
    pub public: VerifyingKey,
    /// Whether the key is active or retired.
    pub status: KeyStatus,
}

/// Dereferences a verification-method DID URL to a key usable for
/// `assertionMethod` proofs.
///
/// A key listed in `assertionMethod` without `expires` is active. A key with
/// `expires` is retired since then. A key listed in neither way is not
/// authorized to sign credentials.
pub fn resolve_assertion_key(
    resolver: &dyn DidResolver,
    verification_method: &str,
) -> Result<ResolvedKey, CredentialError> {
    resolve_key_for(resolver, verification_method, ASSERTION_METHOD)
}

/// Dereferences a verification-method DID URL to a key listed for `relationship`
/// (`assertionMethod` or `authentication`), with the same rules as
/// [`resolve_assertion_key`].
pub fn resolve_key_for(
    resolver: &dyn DidResolver,
    verification_method: &str,
    relationship: &str,
) -> Result<ResolvedKey, CredentialError> {
    resolver.resolve_key(verification_method, relationship)
}

/// Finds the key in the document `resolver` gives for the method's DID.
fn dereference<R: DidResolver + ?Sized>(
    resolver: &R,
    verification_method: &str,
    relationship: &str,
) -> Result<ResolvedKey, CredentialError> {
    let url = DidUrl::parse(verification_method)?;
    let fragment = url.fragment.as_deref().ok_or_else(|| {
        CredentialError::VerificationMethod(format!("{verification_method} has no fragment"))
    })?;
    let doc = resolver.resolve(&url.did)?;
    if doc.id != url.did {
        return Err(CredentialError::Did(format!(
            "document id {} does not match {}",
            doc.id, url.did
        )));
    }
    let absolute = |id: &str| {
        if id.starts_with('#') {
            format!("{}{id}", doc.id)
        } else {
            id.to_string()
        }
    };
    let wanted = format!("{}#{fragment}", url.did);
    let vm = doc
        .verification_method
        .iter()
        .find(|vm| absolute(&vm.id) == wanted)
        .ok_or_else(|| CredentialError::VerificationMethod(format!("{wanted} not in document")))?;
    if vm.controller != doc.id {
        return Err(CredentialError::VerificationMethod(format!(
            "{wanted} is controlled by {}, not {}",
            vm.controller, doc.id
        )));
    }
    let public = match (
        vm.kind.as_str(),
        &vm.public_key_multibase,
        &vm.public_key_jwk,
    ) {
        ("Multikey", Some(mb), _) => verifying_key_from_multibase(mb)?,
        ("JsonWebKey", _, Some(jwk)) => verifying_key_from_jwk(jwk)?,
        (kind, _, _) => {
            return Err(CredentialError::VerificationMethod(format!(
                "{wanted}: unsupported verification method type {kind}"
            )))
        }
    };
    let relation = if relationship == AUTHENTICATION {
        &doc.authentication
    } else {
        &doc.assertion_method
    };
    let listed = relation.iter().any(|id| absolute(id) == wanted);
    let status = match &vm.expires {
        Some(text) => KeyStatus::Retired {
            since: DateTime::parse_from_rfc3339(text)
                .map_err(|_| {
                    CredentialError::VerificationMethod(format!("{wanted}: bad expires {text}"))
                })?
                .with_timezone(&Utc),
        },
        None if listed => KeyStatus::Active,
        None => {
            return Err(CredentialError::VerificationMethod(format!(
                "{wanted} is not authorized for {relationship}"
            )))
        }
    };
    Ok(ResolvedKey {
        id: wanted,
        controller: doc.id.clone(),
        public,
        status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::signing_key_from_seed;
    use chrono::TimeZone;

    fn public(seed: u8) -> VerifyingKey {
        signing_key_from_seed(&[seed; 32]).verifying_key()
    }

    const PORTAL: &str = "did:web:refugee-portal.example";

    fn portal_doc() -> DidDocument {
        let retired_since = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        did_web_document(
            PORTAL,
            &[
                IssuerKey {
                    fragment: "key-2".into(),
                    public: public(2),
                    status: KeyStatus::Active,
                },
                IssuerKey {
                    fragment: "key-1".into(),
                    public: public(1),
                    status: KeyStatus::Retired {
                        since: retired_since,
                    },
                },
            ],
        )
        .unwrap()
    }

    #[test]
    fn did_key_document_lists_one_multikey_for_assertion() {
        let did = did_key(&public(1));
        assert!(did.starts_with("did:key:z6Mk"));
        let doc = did_key_document(&did).unwrap();
        assert_eq!(doc.verification_method.len(), 1);
        assert_eq!(
            doc.assertion_method,
            vec![did_key_verification_method(&public(1))]
        );
        let json = serde_json::to_value(&doc).unwrap();
        assert_eq!(json["verificationMethod"][0]["type"], "Multikey");
        assert!(json["verificationMethod"][0].get("publicKeyJwk").is_none());
    }

    #[test]
    fn did_web_document_lists_each_key_as_multikey_and_jwk() {
        let json = serde_json::to_value(portal_doc()).unwrap();
        let vms = json["verificationMethod"].as_array().unwrap();
        assert_eq!(vms.len(), 4);
        assert_eq!(vms[0]["id"], format!("{PORTAL}#key-2"));
        assert_eq!(vms[0]["type"], "Multikey");
        assert_eq!(vms[1]["id"], format!("{PORTAL}#key-2-jwk"));
        assert_eq!(vms[1]["type"], "JsonWebKey");
        assert_eq!(vms[1]["publicKeyJwk"]["crv"], "Ed25519");
        assert_eq!(vms[2]["expires"], "2026-01-01T00:00:00Z");
        assert_eq!(
            json["assertionMethod"],
            serde_json::json!([format!("{PORTAL}#key-2"), format!("{PORTAL}#key-2-jwk")])
        );
        assert_eq!(json["authentication"], json["assertionMethod"]);
        let back: DidDocument = serde_json::from_value(json).unwrap();
        assert_eq!(back, portal_doc());
    }

    #[test]
    fn keys_known_in_advance_answer_exactly_as_dereferencing_would() {
        let resolver = StaticResolver::new().with_document(portal_doc());
        let mut asked = vec![PORTAL.to_owned(), "not a did".to_owned()];
        for fragment in ["key-1", "key-1-jwk", "key-2", "key-2-jwk", "key-9"] {
            asked.push(format!("{PORTAL}#{fragment}"));
        }
        for method in &asked {
            for relationship in [ASSERTION_METHOD, AUTHENTICATION, "capabilityInvocation"] {
                assert_eq!(
                    resolver.resolve_key(method, relationship),
                    dereference(&resolver, method, relationship),
                    "{method} {relationship}"
                );
            }
        }
        assert_eq!(
            resolver.assertion.len(),
            4,
            "two methods for each of the two keys"
        );
        // A replaced document replaces its keys: key-2 retired, key-3 active.
        let later = Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap();
        let replaced = did_web_document(
            PORTAL,
            &[
                IssuerKey {
                    fragment: "key-3".into(),
                    public: public(3),
                    status: KeyStatus::Active,
                },
                IssuerKey {
                    fragment: "key-2".into(),
                    public: public(2),
                    status: KeyStatus::Retired { since: later },
                },
            ],
        )
        .unwrap();
        let resolver = resolver.with_document(replaced);
        let key_2 = resolver
            .resolve_key(&format!("{PORTAL}#key-2"), ASSERTION_METHOD)
            .unwrap();
        assert_eq!(key_2.status, KeyStatus::Retired { since: later });
        assert!(resolver
            .resolve_key(&format!("{PORTAL}#key-1"), ASSERTION_METHOD)
            .is_err());
        assert_eq!(
            resolver
                .resolve_key(&format!("{PORTAL}#key-3-jwk"), ASSERTION_METHOD)
                .unwrap()
                .public,
            public(3)
        );
    }

    #[test]
    fn did_web_builder_encodes_port_and_path() {
        assert_eq!(
            did_web("Portal.example", Some(8443), &["issuers", "amman"]).unwrap(),
            "did:web:portal.example%3A8443:issuers:amman"
        );
        assert!(did_web("bad host", None, &[]).is_err());
        assert_eq!(
            did_web_document_url("did:web:portal.example%3A8443:issuers:amman").unwrap(),
            "https://portal.example:8443/issuers/amman/did.json"
        );
        assert_eq!(
            did_web_document_url(PORTAL).unwrap(),
            "https://refugee-portal.example/.well-known/did.json"
        );
    }

    #[test]
    fn resolver_finds_did_key_locally_and_did_web_from_the_map() {
        let resolver = StaticResolver::new().with_document(portal_doc());
        let vm = did_key_verification_method(&public(9));
        let key = resolve_assertion_key(&resolver, &vm).unwrap();
        assert_eq!(key.public, public(9));
        assert_eq!(key.status, KeyStatus::Active);

        let key = resolve_assertion_key(&resolver, &format!("{PORTAL}#key-2-jwk")).unwrap();
        assert_eq!(key.public, public(2));
        assert_eq!(key.controller, PORTAL);
        assert_eq!(key.status, KeyStatus::Active);
    }

    #[test]
    fn retired_key_resolves_with_its_retirement_time() {
        let resolver = StaticResolver::new().with_document(portal_doc());
        let key = resolve_assertion_key(&resolver, &format!("{PORTAL}#key-1")).unwrap();
        assert!(matches!(key.status, KeyStatus::Retired { .. }));
    }

    #[test]
    fn unknown_did_and_unknown_fragment_fail() {
        let resolver = StaticResolver::new().with_document(portal_doc());
        assert!(matches!(
            resolve_assertion_key(&resolver, "did:web:evil.example#key-1"),
            Err(CredentialError::DidNotFound(_))
        ));
        assert!(matches!(
            resolve_assertion_key(&resolver, &format!("{PORTAL}#key-9")),
            Err(CredentialError::VerificationMethod(_))
        ));
        assert!(matches!(
            resolve_assertion_key(&resolver, PORTAL),
            Err(CredentialError::VerificationMethod(_))
        ));
        assert!(resolve_assertion_key(&resolver, "not a did").is_err());
    }

    #[test]
    fn key_listed_only_in_verification_method_is_not_for_assertions() {
        let mut doc = portal_doc();
        doc.assertion_method.clear();
        let resolver = StaticResolver::new().with_document(doc);
        assert!(matches!(
            resolve_assertion_key(&resolver, &format!("{PORTAL}#key-2")),
            Err(CredentialError::VerificationMethod(_))
        ));
    }

    #[test]
    fn relative_ids_are_resolved_against_the_document() {
        let mut doc = portal_doc();
        for vm in &mut doc.verification_method {
            vm.id = vm.id.replace(PORTAL, "");
        }
        doc.assertion_method = vec!["#key-2".into()];
        let resolver = StaticResolver::new().with_document(doc);
        assert!(resolve_assertion_key(&resolver, &format!("{PORTAL}#key-2")).is_ok());
    }

    #[test]
    fn did_url_parsing() {
        let u = DidUrl::parse("did:web:a.example#key-1").unwrap();
        assert_eq!(u.did, "did:web:a.example");
        assert_eq!(u.fragment.as_deref(), Some("key-1"));
        assert!(DidUrl::parse("did:web:a.example#").is_err());
        assert!(DidUrl::parse("did::x").is_err());
        assert!(DidUrl::parse("did:web:a.example/path").is_err());
        assert!(DidUrl::parse("https://a.example").is_err());
    }
}
