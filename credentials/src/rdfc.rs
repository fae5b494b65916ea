//! Data Integrity cryptosuite `eddsa-rdfc-2022`: Ed25519 over RDF Dataset
//! Canonicalization (RDFC-1.0) of the JSON-LD expansion.
//!
//! Owns: adding and verifying `eddsa-rdfc-2022` proofs, expanding JSON-LD to quads with the
//! `ssi` project's JSON-LD processor (`ssi-json-ld`, `ssi-rdf`) and canonicalizing them with
//! this crate's budgeted RDFC-1.0 ([`crate::rdf_canon`]), with a context loader fed only
//! from a built-in map ([`Contexts`], parsed once and shared). Must never: load a context
//! from the network (unknown contexts are an error), canonicalize past its
//! [`CanonicalizationLimits`], validate the data model, decide trust, or read the clock.

use std::collections::HashMap;
use std::future::Future;
use std::pin::pin;
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll, Waker};

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use ssi_json_ld::json_ld::context_processing::Options as ProcessingOptions;
use ssi_json_ld::json_ld::expansion::{Action, Options as ExpansionOptions, Policy};
use ssi_json_ld::json_ld::rdf_types::{self, LiteralType};
use ssi_json_ld::json_ld::{Expand as _, Process as _};
use ssi_json_ld::syntax::{Parse as _, TryFromJson as _};
use ssi_json_ld::{CompactJsonLd, Iri, IriBuf, LoadError, Loader, RemoteDocument, UnknownContext};
use ssi_rdf::{AnyLdEnvironment, LdEnvironment};

use crate::data_integrity::{
    encode_proof_value, proof_options, split_proof_for, ASSERTION_METHOD, AUTHENTICATION,
};
use crate::did::{resolve_key_for, DidResolver};
use crate::error::CredentialError;
use crate::jcs::VerifiedProof;
use crate::keys::{verify_signature, Signer};
use crate::model::{
    DATA_INTEGRITY_V2_CONTEXT, LEGACY_PORTAL_CONTEXT_URL, PORTAL_CONTEXT_DOCUMENT, VC_V2_CONTEXT,
};
pub use crate::rdf_canon::CanonicalizationLimits;
use crate::rdf_canon::{self, Literal, Quad, Term};

/// The cryptosuite name.
pub const CRYPTOSUITE: &str = "eddsa-rdfc-2022";

/// Parsed context documents by URL: the JSON-LD document loader.
#[derive(Clone, Default)]
struct MapLoader {
    documents: HashMap<IriBuf, RemoteDocument>,
}

impl Loader for MapLoader {
    async fn load(&self, url: &Iri) -> Result<RemoteDocument, LoadError> {
        self.documents
            .get(url)
            .cloned()
            .ok_or_else(|| LoadError::new(url.to_owned(), UnknownContext))
    }
}

impl MapLoader {
    fn insert(&mut self, url: String, document: &str) -> Result<(), String> {
        let iri = IriBuf::new(url).map_err(|e| format!("bad context URL {}", e.0))?;
        let (json, _) = ssi_json_ld::syntax::Value::parse_str(document)
            .map_err(|e| format!("context {iri} is not JSON: {e}"))?;
        let remote =
            RemoteDocument::new(Some(iri.clone()), "application/ld+json".parse().ok(), json);
        self.documents.insert(iri, remote);
        Ok(())
    }
}

/// The JSON-LD context documents the loader may use, by URL (anything else fails
/// expansion: nothing is ever fetched), and the [`CanonicalizationLimits`] for RDFC-1.0.
///
/// Documents are parsed when added and shared between clones: [`Contexts::portal`] parses
/// the built-in ones once per process, so creating it per call costs a reference count.
#[derive(Clone)]
pub struct Contexts {
    loader: Arc<MapLoader>,
    /// The first context document that could not be parsed: every use fails with it.
    broken: Option<String>,
    limits: CanonicalizationLimits,
    /// Processed top-level `@context` values made only of URLs, shared by clones.
    processed: Arc<ProcessedCache>,
    /// URLs under which a deployment serves the portal's context: read as the built-in copy
    /// (see [`crate::model::ValidationPolicy::portal_context_aliases`]).
    portal_aliases: Vec<String>,
}

/// A processed JSON-LD context (the active context after a document's `@context`).
type ActiveContext = ssi_json_ld::json_ld::Context;

/// Processed contexts by their `@context` JSON text. Only lists of context URLs are kept
/// (each must be in the loader), at most [`ProcessedCache::CAPACITY`] of them; a new list
/// pushes out the one used longest ago, so lists that clients never use again (an attacker's
/// permutations) cannot keep the real ones out for good.
///
/// Expansion needs an active context of its own, and copying one is a deep copy (every term
/// definition and scoped context), so the lock is held only to take a reference: threads
/// that check at once copy in parallel.
#[derive(Default)]
struct ProcessedCache {
    contexts: Mutex<Recent>,
}

/// The cached contexts and when each was last used (a counter of uses).
#[derive(Default)]
struct Recent {
    entries: HashMap<String, (Arc<ActiveContext>, u64)>,
    uses: u64,
}

impl ProcessedCache {
    const CAPACITY: usize = 16;

    fn get(&self, key: &str) -> Option<Arc<ActiveContext>> {
        let mut recent = self.contexts.lock().ok()?;
        recent.uses += 1;
        let now = recent.uses;
        let (context, used) = recent.entries.get_mut(key)?;
        *used = now;
        Some(Arc::clone(context))
    }

    fn put(&self, key: String, context: Arc<ActiveContext>) {
        let Ok(mut recent) = self.contexts.lock() else {
            return;
        };
        if recent.entries.len() >= Self::CAPACITY && !recent.entries.contains_key(&key) {
            let oldest = recent
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(key, _)| key.clone());
            if let Some(oldest) = oldest {
                recent.entries.remove(&oldest);
            }
        }
        recent.uses += 1;
        let now = recent.uses;
        recent.entries.insert(key, (context, now));
    }
}

impl std::fmt::Debug for Contexts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut urls: Vec<&str> = self.loader.documents.keys().map(IriBuf::as_str).collect();
        urls.sort_unstable();
        f.debug_struct("Contexts")
            .field("urls", &urls)
            .field("broken", &self.broken)
            .field("portal_aliases", &self.portal_aliases)
            .field("limits", &self.limits)
            .finish()
    }
}

impl Default for Contexts {
    fn default() -> Self {
        Self::portal()
    }
}

impl Contexts {
    /// The VC v2 context, the Data Integrity v2 context and the W3C examples
    /// context, the VC 1.1 context with its examples and `StatusList2021` contexts (copies
    /// shipped by the `ssi-contexts` crate) and the portal's own context, with the default
    /// [`CanonicalizationLimits`].
    pub fn portal() -> Self {
        type Shared = (Arc<MapLoader>, Option<String>, Arc<ProcessedCache>);
        static PORTAL: OnceLock<Shared> = OnceLock::new();
        let (loader, broken, processed) = PORTAL.get_or_init(|| {
            let mut loader = MapLoader::default();
            let broken = [
                (VC_V2_CONTEXT, ssi_contexts::CREDENTIALS_V2),
                (
                    DATA_INTEGRITY_V2_CONTEXT,
                    ssi_contexts::W3ID_DATA_INTEGRITY_V2,
                ),
                (LEGACY_PORTAL_CONTEXT_URL, PORTAL_CONTEXT_DOCUMENT),
                (
                    crate::model::VC_EXAMPLES_V2_CONTEXT,
                    ssi_contexts::CREDENTIALS_EXAMPLES_V2,
                ),
                // Verifying VC Data Model 1.1 credentials of other issuers.
                (crate::model::VC_V1_CONTEXT, ssi_contexts::CREDENTIALS_V1),
                // Which the 1.1 context names for `termsOfUse`.
                ("https://www.w3.org/ns/odrl.jsonld", ssi_contexts::ODRL),
                (
                    crate::model::VC_EXAMPLES_V1_CONTEXT,
                    ssi_contexts::CREDENTIALS_EXAMPLES_V1,
                ),
                (
                    crate::model::STATUS_LIST_2021_CONTEXT,
                    ssi_contexts::STATUS_LIST_2021_V1,
                ),
            ]
            .into_iter()
            .find_map(|(url, doc)| loader.insert(url.to_string(), doc).err());
            (Arc::new(loader), broken, Arc::default())
        });
        Self {
            loader: Arc::clone(loader),
            broken: broken.clone(),
            limits: CanonicalizationLimits::DEFAULT,
            processed: Arc::clone(processed),
            portal_aliases: Vec::new(),
        }
    }

    /// Adds (or replaces) a context document. A document that is not JSON makes every
    /// later use fail (as a `JsonLd` error naming it).
    pub fn with(mut self, url: impl Into<String>, document: impl Into<String>) -> Self {
        let result = Arc::make_mut(&mut self.loader).insert(url.into(), &document.into());
        if let Err(e) = result {
            self.broken.get_or_insert(e);
        }
        // What the contexts mean may have changed: processed ones are not shared any more.
        self.processed = Arc::default();
        self
    }

    /// Reads `url` as the portal's built-in context: a deployment serves the same document
    /// there ([`crate::model::PORTAL_CONTEXT_PATH`]). The caller decides which URLs qualify
    /// (the issuer's own, the verifier's own deployment); nothing is fetched.
    ///
    /// The URL that names a context is not part of the canonical form (only the IRIs the
    /// context maps terms to are), so signatures are the same under either URL.
    pub fn with_portal_context(mut self, url: impl Into<String>) -> Self {
        self.portal_aliases.push(url.into());
        self
    }

    /// The same with each of `urls` read as the portal's context ([`Contexts::with_portal_context`]).
    pub fn with_portal_contexts(mut self, urls: impl IntoIterator<Item = String>) -> Self {
        self.portal_aliases.extend(urls);
        self
    }

    /// `document` with its top-level `@context` entries that are aliases of the portal's
    /// context replaced by the built-in copy's URL (borrowed when there are none).
    fn resolve_aliases<'a>(
        &self,
        document: &'a Map<String, Value>,
    ) -> std::borrow::Cow<'a, Map<String, Value>> {
        let is_alias = |v: &Value| {
            v.as_str()
                .is_some_and(|url| self.portal_aliases.iter().any(|a| a == url))
        };
        let named = match document.get("@context") {
            Some(Value::Array(items)) => items.iter().any(is_alias),
            Some(other) => is_alias(other),
            None => false,
        };
        if !named {
            return std::borrow::Cow::Borrowed(document);
        }
        let mut owned = document.clone();
        let legacy = || Value::String(LEGACY_PORTAL_CONTEXT_URL.to_owned());
        match owned.get_mut("@context") {
            Some(Value::Array(items)) => {
                for item in items.iter_mut().filter(|item| is_alias(item)) {
                    *item = legacy();
                }
            }
            Some(single) => *single = legacy(),
            None => {}
        }
        std::borrow::Cow::Owned(owned)
    }

    /// The same contexts with other canonicalization limits.
    pub fn with_limits(mut self, limits: CanonicalizationLimits) -> Self {
        self.limits = limits;
        self
    }

    /// The canonicalization limits in force.
    pub fn limits(&self) -> CanonicalizationLimits {
        self.limits
    }

    fn loader(&self) -> Result<&MapLoader, CredentialError> {
        match &self.broken {
            Some(e) => Err(CredentialError::JsonLd(format!(
                "bad built-in context: {e}"
            ))),
            None => Ok(&self.loader),
        }
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

fn json_ld_error(e: impl std::fmt::Display) -> CredentialError {
    CredentialError::JsonLd(e.to_string())
}

/// Refuses percent-encodings the JSON-LD stack cannot handle: it percent-decodes IRIs to
/// compare and hash them and panics when the bytes are not UTF-8 (`pct-str` 2.0), so every
/// run of `%XX` in a key or string must decode to UTF-8, and, inside `@context` (where IRI
/// prefixes and `@vocab` are defined), no string may end in a cut `%` or `%X` that a term
/// could complete.
fn check_percent_encodings(
    value: &ssi_json_ld::syntax::Value,
    in_context: bool,
) -> Result<(), CredentialError> {
    use ssi_json_ld::syntax::Value as J;
    match value {
        J::String(text) => check_percent_text(text.as_str(), in_context),
        J::Array(items) => items
            .iter()
            .try_for_each(|item| check_percent_encodings(item, in_context)),
        J::Object(object) => object.entries().iter().try_for_each(|entry| {
            let key = entry.key.as_str();
            check_percent_text(key, in_context)?;
            check_percent_encodings(&entry.value, in_context || key == "@context")
        }),
        _ => Ok(()),
    }
}

fn check_percent_text(text: &str, in_context: bool) -> Result<(), CredentialError> {
    let bad = || {
        CredentialError::JsonLd(
            "a percent-encoding in the document does not decode to UTF-8 text".into(),
        )
    };
    let hex = |b: Option<&u8>| b.and_then(|b| char::from(*b).to_digit(16));
    let bytes = text.as_bytes();
    let mut run = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i) == Some(&b'%') {
            match (hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
                (Some(high), Some(low)) => {
                    run.push(u8::try_from(high * 16 + low).map_err(|_| bad())?);
                    i += 3;
                    continue;
                }
                _ if in_context && i + 3 > bytes.len() => return Err(bad()),
                _ => {}
            }
        }
        if !run.is_empty() {
            std::str::from_utf8(&run).map_err(|_| bad())?;
            run.clear();
        }
        i += 1;
    }
    std::str::from_utf8(&run).map_err(|_| bad())?;
    Ok(())
}

/// A top-level `@context` made only of context URLs, with its text as the cache key.
fn url_only_context(
    document: &ssi_json_ld::syntax::Value,
) -> Option<(String, ssi_json_ld::syntax::Value)> {
    use ssi_json_ld::syntax::Value as J;
    let context = document.as_object()?.get_unique("@context").ok()??;
    let urls_only = match context {
        J::String(_) => true,
        J::Array(items) => items.iter().all(|i| matches!(i, J::String(_))),
        _ => false,
    };
    urls_only.then(|| (context.to_string(), context.clone()))
}

/// The active context after a document's `@context` (the Context Processing algorithm
/// from the initial context, as JSON-LD expansion does for a top-level `@context`).
async fn process_context(
    context: ssi_json_ld::syntax::Value,
    loader: &MapLoader,
) -> Result<ActiveContext, CredentialError> {
    let local =
        ssi_json_ld::syntax::context::Context::try_from_json(context).map_err(json_ld_error)?;
    let processed = local
        .process_full(
            &mut (),
            &ActiveContext::default(),
            loader,
            None,
            ProcessingOptions::default(),
            (),
        )
        .await
        .map_err(json_ld_error)?;
    Ok(processed.into_processed())
}

/// The RDF dataset of a JSON-LD document (the JSON-LD to RDF algorithm), unordered.
///
/// A top-level `@context` made only of URLs is processed once per [`Contexts`] and reused:
/// the document is then expanded without it, from that active context, which is what
/// expansion does with it (JSON-LD 1.1 Expansion Algorithm, step 9).
pub fn dataset<'de, D>(document: D, contexts: &Contexts) -> Result<Vec<Quad>, CredentialError>
where
    D: serde::Deserializer<'de>,
{
    let loader = contexts.loader()?;
    let CompactJsonLd(mut json) = CompactJsonLd::deserialize(document).map_err(json_ld_error)?;
    check_percent_encodings(&json, false)?;
    let mut active = ActiveContext::default();
    if let Some((key, context)) = url_only_context(&json) {
        active = match contexts.processed.get(&key) {
            Some(cached) => ActiveContext::clone(&cached),
            None => {
                let processed = run_ready(process_context(context, loader))??;
                contexts.processed.put(key, Arc::new(processed.clone()));
                processed
            }
        };
        if let Some(object) = json.as_object_mut() {
            object.remove("@context");
        }
    }
    let options = ExpansionOptions {
        policy: Policy {
            invalid: Action::Reject,
            allow_undefined: false,
            ..Policy::default()
        },
        ..ExpansionOptions::default()
    };
    let mut ld = LdEnvironment::default();
    let expanded =
        run_ready(json.expand_full(&mut ld.vocabulary, active, None, loader, options, ()))?
            .map_err(json_ld_error)?;
    let quads = ld.quads_of(&expanded).map_err(json_ld_error)?;
    Ok(quads.into_iter().map(quad_of).collect())
}

fn id_term(id: rdf_types::Id) -> Term {
    match id {
        rdf_types::Id::Iri(iri) => Term::Iri(iri.into_string()),
        rdf_types::Id::Blank(blank) => Term::Blank(blank.suffix().to_string()),
    }
}

fn quad_of(q: ssi_rdf::LexicalQuad) -> Quad {
    let object = match q.2 {
        rdf_types::Term::Id(id) => id_term(id),
        rdf_types::Term::Literal(l) => Term::Literal(match l.type_ {
            LiteralType::Any(datatype) => Literal::typed(l.value, datatype.into_string()),
            LiteralType::LangString(tag) => Literal::lang(l.value, tag.as_str()),
        }),
    };
    Quad {
        subject: id_term(q.0),
        predicate: q.1.into_string(),
        object,
        graph: q.3.map(id_term),
    }
}

/// RDFC-1.0 canonical N-Quads of a JSON-LD document, within the contexts' limits
/// (a poison graph fails with [`CredentialError::CanonicalizationLimit`]).
pub fn canonical_nquads(document: &Value, contexts: &Contexts) -> Result<String, CredentialError> {
    match document {
        Value::Object(map) => canonical_of(&*contexts.resolve_aliases(map), contexts),
        other => canonical_of(other, contexts),
    }
}

fn canonical_of<'de, D>(document: D, contexts: &Contexts) -> Result<String, CredentialError>
where
    D: serde::Deserializer<'de>,
{
    rdf_canon::canonicalize(&dataset(document, contexts)?, &contexts.limits)
}

/// Most quads a document may expand to before canonicalization, by default
/// ([`CanonicalizationLimits::max_quads`]).
pub const MAX_QUADS: usize = CanonicalizationLimits::DEFAULT.max_quads;
/// Most blank nodes a document may have, by default
/// ([`CanonicalizationLimits::max_blank_nodes`]). Real credentials have a handful (the
/// subject, the proof, household members).
pub const MAX_BLANK_NODES: usize = CanonicalizationLimits::DEFAULT.max_blank_nodes;

fn hash_data(
    proof_config: &Map<String, Value>,
    document: &Map<String, Value>,
    contexts: &Contexts,
) -> Result<Vec<u8>, CredentialError> {
    let config = canonical_of(&*contexts.resolve_aliases(proof_config), contexts)?;
    let doc = canonical_of(&*contexts.resolve_aliases(document), contexts)?;
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
pub(crate) mod tests {
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
    fn the_processed_context_cache_keeps_what_is_used() {
        let cache = ProcessedCache::default();
        let context = Arc::new(ActiveContext::default());
        for n in 0..ProcessedCache::CAPACITY {
            cache.put(format!("junk {n}"), Arc::clone(&context));
        }
        cache.put("real".into(), Arc::clone(&context));
        // The real list pushed out the oldest junk, and stays while it is used.
        assert!(cache.get("junk 0").is_none());
        for n in 0..3 * ProcessedCache::CAPACITY {
            assert!(cache.get("real").is_some());
            cache.put(format!("more junk {n}"), Arc::clone(&context));
        }
        let held = cache.contexts.lock().unwrap().entries.len();
        assert_eq!(held, ProcessedCache::CAPACITY);
    }

    #[test]
    fn a_served_context_url_reads_as_the_built_in_copy() {
        let served = "https://portal.example.org/ns/credentials/v1";
        let legacy = crate::model::tests::registration();
        let mut renamed = legacy.clone();
        renamed["@context"][1] = json!(served);
        // Unknown until the caller says the URL is the portal's: nothing is fetched.
        assert!(matches!(
            canonical_nquads(&renamed, &Contexts::portal()),
            Err(CredentialError::JsonLd(_))
        ));
        let contexts = Contexts::portal().with_portal_context(served);
        assert_eq!(
            canonical_nquads(&renamed, &contexts).unwrap(),
            canonical_nquads(&legacy, &Contexts::portal()).unwrap()
        );
        // So one signature holds under either name, and the signed document keeps its own.
        let key = signing_key_from_seed(&[9u8; 32]);
        let signer = Signer::new(did_key_verification_method(&key.verifying_key()), key);
        let signed = sign(&renamed, &signer, spec_created(), &contexts).unwrap();
        assert_eq!(signed["@context"][1], served);
        let mut as_legacy = signed.clone();
        as_legacy["@context"][1] = json!(LEGACY_PORTAL_CONTEXT_URL);
        assert!(verify(&as_legacy, &StaticResolver::new()).is_ok());
        assert!(verify_with(&signed, &StaticResolver::new(), &contexts).is_ok());
    }

    /// A credential whose subject is a complete graph of `n` blank nodes (each `knows`
    /// every other one, through the examples context's `@vocab`).
    pub(crate) fn clique_credential(n: usize) -> Value {
        let nodes: Vec<Value> = (0..n)
            .map(|i| {
                let others: Vec<Value> = (0..n)
                    .filter(|&j| j != i)
                    .map(|j| json!({"id": format!("_:n{j}")}))
                    .collect();
                json!({"id": format!("_:n{i}"), "knows": others})
            })
            .collect();
        let mut doc = spec_unsigned();
        doc["credentialSubject"] = Value::Array(nodes);
        doc
    }

    /// The previous implementation: `ssi-json-ld` expansion (processing every context each
    /// time), canonicalized by `ssi-rdf`.
    fn ssi_canonical(document: &Value, contexts: &Contexts) -> String {
        use ssi_json_ld::Expandable as _;
        let compact: CompactJsonLd = serde_json::from_value(document.clone()).unwrap();
        let mut ld = LdEnvironment::default();
        let expanded = run_ready(compact.expand_with(&mut ld, contexts.loader().unwrap()))
            .unwrap()
            .unwrap();
        let quads = ld.quads_of(&expanded).unwrap();
        ssi_rdf::urdna2015::normalize(quads.iter().map(|q| q.as_lexical_quad_ref())).into_nquads()
    }

    fn household() -> Value {
        use crate::model::{
            household_credential, tests::envelope, HouseholdMember, HouseholdSubject,
            LanguageString, RegistrationNumber, Relationship,
        };
        let member = |name: &str, relationship| HouseholdMember {
            name: name.into(),
            name_original_script: Some(LanguageString {
                value: format!("{name} (ar)"),
                language: "ar".into(),
            }),
            relationship,
            birth_date: None,
            registration_number: None,
        };
        let subject = HouseholdSubject {
            id: None,
            household_id: RegistrationNumber::parse("HH-2026-0042").unwrap(),
            member: vec![
                member("Amina Al-Hassan", Relationship::PrincipalApplicant),
                member("Omar Al-Hassan", Relationship::Child),
                member("Lina Al-Hassan", Relationship::Child),
                member("Yusuf Al-Hassan", Relationship::Spouse),
                member("Huda Al-Hassan", Relationship::Parent),
            ],
        };
        household_credential(envelope(), &subject).unwrap()
    }

    #[test]
    fn a_complete_graph_of_blank_nodes_is_refused_for_its_work_not_after_it() {
        let poison = clique_credential(8);
        assert!(serde_json::to_vec(&poison).unwrap().len() < 2048);

        let result = canonical_nquads(&poison, &spec_contexts());

        assert_eq!(
            result,
            Err(CredentialError::CanonicalizationLimit {
                what: "Hash N-Degree Quads work",
                limit: CanonicalizationLimits::DEFAULT.max_ndegree_work,
            })
        );
    }

    #[test]
    fn the_portals_credentials_need_no_n_degree_work() {
        for document in [crate::model::tests::registration(), household()] {
            let quads = dataset(&document, &Contexts::portal()).unwrap();

            let result = rdf_canon::canonicalize_with(
                &quads,
                &CanonicalizationLimits::DEFAULT,
                rdf_canon::HashAlgorithm::Sha256,
            )
            .unwrap();

            assert_eq!(result.ndegree_work, 0);
        }
    }

    #[test]
    fn signing_a_poison_graph_is_refused_too() {
        let key = signing_key_from_seed(&[8u8; 32]);
        let signer = Signer::new(did_key_verification_method(&key.verifying_key()), key);

        let result = sign(
            &clique_credential(8),
            &signer,
            spec_created(),
            &spec_contexts(),
        );

        assert!(matches!(
            result,
            Err(CredentialError::CanonicalizationLimit { .. })
        ));
    }

    #[test]
    fn documents_under_the_limits_canonicalize_exactly_as_ssi_rdf_does() {
        let mut wide = spec_unsigned();
        wide["credentialSubject"] = Value::Array(
            (0..MAX_BLANK_NODES - 1)
                .map(|i| json!({"alumniOf": format!("School {i}")}))
                .collect(),
        );
        let documents = [
            ("registration", crate::model::tests::registration()),
            ("household", household()),
            ("w3c example", spec_unsigned()),
            ("clique of 4", clique_credential(4)),
            ("63 blank nodes", wide),
        ];
        for (name, document) in documents {
            let contexts = spec_contexts();

            let ours = canonical_nquads(&document, &contexts).unwrap();

            assert_eq!(ours, ssi_canonical(&document, &contexts), "{name}");
        }
    }

    #[test]
    fn the_limits_come_from_the_contexts() {
        let tight = CanonicalizationLimits {
            max_blank_nodes: 2,
            ..CanonicalizationLimits::DEFAULT
        };
        let contexts = spec_contexts().with_limits(tight);

        let result = canonical_nquads(&household(), &contexts);

        assert_eq!(contexts.limits(), tight);
        assert_eq!(
            result,
            Err(CredentialError::CanonicalizationLimit {
                what: "blank nodes",
                limit: 2
            })
        );
    }

    #[test]
    fn too_many_blank_nodes_are_refused_before_canonicalization() {
        let mut doc = spec_unsigned();
        let nodes: Vec<Value> = (0..MAX_BLANK_NODES + 1)
            .map(|i| json!({"alumniOf": format!("School {i}")}))
            .collect();
        doc["credentialSubject"] = Value::Array(nodes);
        assert_eq!(
            canonical_nquads(&doc, &spec_contexts()),
            Err(CredentialError::CanonicalizationLimit {
                what: "blank nodes",
                limit: MAX_BLANK_NODES as u64
            })
        );
    }

    #[test]
    fn contexts_can_be_shared_between_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Contexts>();
    }

    #[test]
    fn a_processed_context_is_reused_only_by_its_own_contexts() {
        let contexts = spec_contexts();
        let first = canonical_nquads(&spec_unsigned(), &contexts).unwrap();
        let again = canonical_nquads(&spec_unsigned(), &contexts).unwrap();
        // The same URL now means another document: nothing processed before may be used.
        let changed = contexts.clone().with(
            EXAMPLES_V2,
            r#"{"@context": {"@vocab": "https://other.example/#"}}"#,
        );

        let other = canonical_nquads(&spec_unsigned(), &changed);

        assert_eq!(first, again);
        assert!(
            other.is_err() || other.as_ref().ok() != Some(&first),
            "{other:?}"
        );
    }

    #[test]
    fn inline_contexts_are_processed_every_time_and_still_work() {
        let mut doc = spec_unsigned();
        doc["@context"] = json!([
            "https://www.w3.org/ns/credentials/v2",
            {"@vocab": "https://inline.example/#"}
        ]);
        let contexts = Contexts::portal();

        let ours = canonical_nquads(&doc, &contexts).unwrap();

        assert!(
            ours.contains("<https://inline.example/#alumniOf>"),
            "{ours}"
        );
        assert_eq!(ours, ssi_canonical(&doc, &contexts));
    }

    #[test]
    fn percent_encodings_that_are_not_utf8_are_refused_before_they_reach_json_ld() {
        // Found by the `canonicalize` fuzz target: `%de` in a term expanded through the
        // examples `@vocab` made `pct-str` panic when the IRI was hashed.
        let mut doc = spec_unsigned();
        doc["credentialSubject"] = json!({"alumni%deOf": "x"});
        let mut cut_vocab = spec_unsigned();
        cut_vocab["@context"] = json!([
            "https://www.w3.org/ns/credentials/v2",
            {"@vocab": "https://example.org/%C"}
        ]);

        for bad in [doc, cut_vocab] {
            let result = canonical_nquads(&bad, &spec_contexts());

            assert!(
                matches!(&result, Err(CredentialError::JsonLd(m)) if m.contains("percent")),
                "{result:?}"
            );
        }
    }

    #[test]
    fn percent_signs_in_text_and_valid_encodings_are_fine() {
        let mut doc = spec_unsigned();
        doc["credentialSubject"]["alumniOf"] = json!("100% of 50%");
        doc["credentialSubject"]["id"] = json!("https://example.org/caf%C3%A9");

        let result = canonical_nquads(&doc, &spec_contexts());

        assert!(result.is_ok(), "{result:?}");
    }

    #[test]
    fn a_context_that_is_not_json_fails_every_use() {
        let contexts = spec_contexts().with("https://example.org/broken", "{not json");
        assert!(matches!(
            canonical_nquads(&spec_unsigned(), &contexts),
            Err(CredentialError::JsonLd(m)) if m.contains("bad built-in context")
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
