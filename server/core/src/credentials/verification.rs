//! Checking a credential (JSON, JWS or QR payload) against this issuer's keys and its status
//! lists as they are now: the VC-API verify endpoints, the verifier page and `portal verify`.
//!
//! The checks themselves (signatures, canonicalization, QR photos) run on the [`WorkPool`]
//! with the canonicalization budget of the configuration, never on an async worker.
//!
//! Owns: which issuers and contexts are trusted when verifying, and what checking may cost.
//! Must never: fetch anything over the network, keep anything about the credential checked,
//! or run a check off the pool.

use portal_credentials::model::{self, VC_V2_CONTEXT};
use portal_credentials::rdf_canon::CanonicalizationLimits;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use portal_credentials::sd_jwt::KeyBindingPolicy;
use portal_credentials::status::{
    CachedStatusList, CachedTokenStatusList, StaticStatusLists, StatusListProvider,
};
use portal_credentials::verdict::{Outcome, VerifyView};
use portal_credentials::verify::{self, VerificationResult, VerifyOptions};
use portal_credentials::{jcs, rdfc, CredentialError};
use portal_domain::household::HouseholdId;
use portal_domain::person::PersonId;
use portal_storage::changes::{self, ChangeCounts};
use portal_storage::documents::DocumentStore;
use portal_storage::{Conn, Store};
use serde_json::{json, Value};
use uuid::Uuid;

use super::counters::VerifyCounters;
use super::issuer::Issuer;
use super::photo::{read_qr, QrImageError};
use super::status;
use crate::config::Config;
use crate::context::Ctx;
use crate::error::CoreResult;
use crate::work::WorkPool;

/// Whom verification trusts besides this portal.
#[derive(Clone, Copy, Debug, Default)]
pub struct Trust {
    /// Credentials of any `did:key` issuer verify (conformance suites; never in production).
    pub any_did_key: bool,
}

/// How credentials are checked: whom to trust, the canonicalization budget, and the pool the
/// checks run on.
#[derive(Clone, Debug)]
pub struct Verifier {
    /// Whom to trust besides this portal.
    pub trust: Trust,
    /// The work budget of RDF canonicalization.
    pub limits: CanonicalizationLimits,
    /// Where checks run.
    pub pool: WorkPool,
    /// How many checks had each outcome (for the reports).
    pub counters: VerifyCounters,
    /// The issuer's status lists as last decoded.
    pub statuses: StatusCache,
}

impl Verifier {
    /// The verifier `config` describes, with its own pool.
    pub fn from_config(config: &Config) -> Self {
        Self {
            trust: Trust {
                any_did_key: config.trust_any_did_key,
            },
            limits: config.canonicalization_limits(),
            pool: config.work_pool(),
            counters: VerifyCounters::default(),
            statuses: StatusCache::default(),
        }
    }

    fn options(&self, issuer: &Issuer) -> VerifyOptions {
        VerifyOptions {
            // Partner credentials may use the examples context and inline contexts, and older
            // wallets' VC 1.1; trust comes from the issuer and the signature, not from the
            // context list.
            policy: model::ValidationPolicy::verifier().with_portal_origin(issuer.origin()),
            trusted_issuers: Some(issuer.own_dids()),
            trust_any_did_key: self.trust.any_did_key,
            canonicalization_limits: self.limits,
            ..VerifyOptions::default()
        }
    }
}

/// The status lists of this issuer as of now, ready for the verifier.
pub async fn status_lists(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    issuer: &Issuer,
) -> CoreResult<StaticStatusLists> {
    let mut statuses = StaticStatusLists::new();
    let lists = status::lists(db).await?;
    for (list, token) in status::token_lists(&lists)? {
        statuses = statuses.with_token_list(
            issuer.token_status_list_url(list),
            CachedTokenStatusList {
                issuer: issuer.did(),
                list: token,
                fetched_at: ctx.now,
            },
        );
    }
    for ((purpose, list), bits) in lists {
        statuses = statuses.with_list(
            issuer.status_list_url(purpose, list),
            CachedStatusList {
                issuer: issuer.did(),
                purpose,
                list: bits,
                fetched_at: ctx.now,
            },
        );
    }
    Ok(statuses)
}

/// The status lists of one issuer as last decoded, kept until the change counts move (a
/// credential's status changed, an issuer key changed, or a new list opened): decoding every
/// list again for each check cost more than the check. A `Verifier` serves one issuer.
#[derive(Clone, Debug, Default)]
pub struct StatusCache {
    inner: Arc<RwLock<Option<Decoded>>>,
    decoded: Arc<AtomicU64>,
}

/// The change counts the lists were decoded at, and the lists.
type Decoded = (ChangeCounts, Arc<StaticStatusLists>);

impl StatusCache {
    /// The lists as of `counts` (read just now): the decoded ones if nothing changed since,
    /// else decoded afresh from `db`.
    pub async fn current(
        &self,
        db: &mut Conn,
        ctx: &Ctx<'_>,
        issuer: &Issuer,
        counts: ChangeCounts,
    ) -> CoreResult<CurrentLists> {
        if let Some(kept) = self.kept(counts, ctx.now) {
            return Ok(kept);
        }
        let lists = Arc::new(status_lists(db, ctx, issuer).await?);
        self.decoded.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut slot) = self.inner.write() {
            *slot = Some((counts, lists.clone()));
        }
        Ok(CurrentLists {
            lists,
            confirmed_at: ctx.now,
        })
    }

    /// The lists decoded earlier, if nothing changed since (`counts` read at `now`).
    pub fn kept(&self, counts: ChangeCounts, now: DateTime<Utc>) -> Option<CurrentLists> {
        let slot = self.inner.read().ok()?;
        let (seen, lists) = slot.as_ref()?;
        (*seen == counts).then(|| CurrentLists {
            lists: lists.clone(),
            confirmed_at: now,
        })
    }

    /// How many times the lists were decoded from the database.
    pub fn times_decoded(&self) -> u64 {
        self.decoded.load(Ordering::Relaxed)
    }
}

/// Status lists decoded earlier and confirmed current at `confirmed_at` (what a check shows
/// as "status last checked").
#[derive(Clone, Debug)]
pub struct CurrentLists {
    lists: Arc<StaticStatusLists>,
    confirmed_at: DateTime<Utc>,
}

impl StatusListProvider for CurrentLists {
    fn status_list(&self, url: &str) -> Option<CachedStatusList> {
        self.lists.status_list(url).map(|list| CachedStatusList {
            fetched_at: self.confirmed_at,
            ..list
        })
    }

    fn token_status_list(&self, uri: &str) -> Option<CachedTokenStatusList> {
        self.lists
            .token_status_list(uri)
            .map(|list| CachedTokenStatusList {
                fetched_at: self.confirmed_at,
                ..list
            })
    }
}

/// Verifies a credential against this issuer's keys and status lists (on the pool: `Busy`
/// when it is full or the check misses its deadline).
pub async fn verify(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    issuer: &Issuer,
    verifier: &Verifier,
    input: &[u8],
) -> CoreResult<VerificationResult> {
    verify_with(db, ctx, issuer, verifier, input, None).await
}

/// [`verify`], with the key binding an SD-JWT VC presentation must carry when one is given:
/// the one a presentation request (OpenID4VP) asked for, with its client id and nonce.
pub async fn verify_with(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    issuer: &Issuer,
    verifier: &Verifier,
    input: &[u8],
    key_binding: Option<KeyBindingPolicy>,
) -> CoreResult<VerificationResult> {
    let counts = changes::read(db).await?;
    let statuses = verifier.statuses.current(db, ctx, issuer, counts).await?;
    check(ctx, issuer, verifier, statuses, input, key_binding).await
}

/// [`verify`], with the change counts the caller read just now (with the issuer: see
/// `IssuerCache::for_checking`): a check whose status lists are kept takes no connection
/// and asks the database nothing more.
pub async fn verify_as_of(
    store: &Store,
    ctx: &Ctx<'_>,
    issuer: &Issuer,
    counts: ChangeCounts,
    verifier: &Verifier,
    input: &[u8],
) -> CoreResult<VerificationResult> {
    let statuses = match verifier.statuses.kept(counts, ctx.now) {
        Some(statuses) => statuses,
        None => {
            let mut db = store.read().await?;
            verifier
                .statuses
                .current(&mut db, ctx, issuer, counts)
                .await?
        }
    };
    check(ctx, issuer, verifier, statuses, input, None).await
}

/// Checks `input` on the pool against `statuses` (an SD-JWT VC with `key_binding`'s, when
/// given).
async fn check(
    ctx: &Ctx<'_>,
    issuer: &Issuer,
    verifier: &Verifier,
    statuses: CurrentLists,
    input: &[u8],
    key_binding: Option<KeyBindingPolicy>,
) -> CoreResult<VerificationResult> {
    let resolver = issuer.resolver();
    let mut options = verifier.options(issuer);
    if let Some(key_binding) = key_binding {
        options.key_binding = key_binding;
    }
    let heavy = needs_canonicalization(input);
    let (input, now) = (input.to_vec(), ctx.now);
    let check = move || verify::verify(&input, &*resolver, &statuses, now, &options);
    let result = if heavy {
        verifier.pool.run_heavy(check).await
    } else {
        verifier.pool.run(check).await
    }?;
    verifier.counters.count(Outcome::of(&result));
    Ok(result)
}

/// Whether checking `input` may need RDF canonicalization (it names `eddsa-rdfc-2022`): such
/// checks run in the pool's heavy lane, so inputs built to be expensive never take the threads
/// of everyday checks. Naming it in a lighter credential only sends that one to the heavy lane.
fn needs_canonicalization(input: &[u8]) -> bool {
    input
        .windows(rdfc::CRYPTOSUITE.len())
        .any(|w| w == rdfc::CRYPTOSUITE.as_bytes())
}

/// The bytes the library verifies from a VC-API `verifiableCredential` value: a JSON
/// credential as is, a string (JWS or QR payload) as its text, an enveloped credential as the
/// JWS in its `data:` URL. `None` when it is none of these.
pub fn credential_bytes(value: &Value) -> Option<Vec<u8>> {
    match value {
        Value::String(text) => Some(text.trim().as_bytes().to_vec()),
        Value::Object(object) => {
            let enveloped = object
                .get("type")
                .is_some_and(|t| t == "EnvelopedVerifiableCredential");
            if !enveloped {
                return serde_json::to_vec(value).ok();
            }
            // VC-JOSE-COSE: the envelope itself must be a VC 2.0 document whose id is a
            // `data:` URL of a VC-JWT.
            // `@context` as a list starting with VC 2.0, or that context alone as a string.
            let v2_first = match object.get("@context") {
                Some(Value::String(context)) => context == VC_V2_CONTEXT,
                Some(Value::Array(contexts)) => {
                    contexts.first().and_then(Value::as_str) == Some(VC_V2_CONTEXT)
                }
                _ => false,
            };
            let id = object.get("id")?.as_str()?;
            let (media, jws) = id.strip_prefix("data:")?.split_once(',')?;
            let jwt_media = matches!(
                media,
                "application/vc+jwt"
                    | "application/vc-ld+jwt"
                    | "application/jwt"
                    | "application/dc+sd-jwt"
                    | "application/vc+sd-jwt"
            );
            (v2_first && jwt_media).then(|| jws.as_bytes().to_vec())
        }
        _ => None,
    }
}

/// What checking a presentation found.
#[derive(Clone, Debug, Default)]
pub struct PresentationCheck {
    /// Every reason it failed (`{code, message}`); empty when it verified.
    pub reasons: Vec<Value>,
    /// Each credential's own result (`{verified, checks, warnings}`), in order.
    pub results: Vec<Value>,
}

/// Why a presentation cannot be checked at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PresentationShape {
    /// Not a VC 2.0 `VerifiablePresentation`.
    NotAPresentation,
    /// One of its credentials cannot be read.
    UnreadableCredential,
}

/// Whether `presentation` is a VC 2.0 `VerifiablePresentation`.
fn is_presentation(presentation: &Value) -> bool {
    let is_vp = presentation.get("type").is_some_and(|t| match t {
        Value::String(s) => s == "VerifiablePresentation",
        Value::Array(a) => a.iter().any(|v| v == "VerifiablePresentation"),
        _ => false,
    });
    let first_context = presentation.get("@context").and_then(|c| {
        c.as_array()
            .and_then(|a| a.first().cloned())
            .or(Some(c.clone()))
    });
    is_vp && first_context.as_ref().and_then(Value::as_str) == Some(VC_V2_CONTEXT)
}

/// The reasons a presentation's own proof (holder binding) fails, if it has one (checked on
/// the pool).
async fn proof_reasons(
    issuer: &Issuer,
    verifier: &Verifier,
    presentation: &Value,
    challenge: Option<&str>,
) -> CoreResult<Vec<Value>> {
    let Some(proof) = presentation.get("proof") else {
        return Ok(Vec::new());
    };
    let mut reasons = Vec::new();
    let resolver = issuer.resolver();
    let suite = proof
        .get("cryptosuite")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let (limits, checked) = (verifier.limits, presentation.clone());
    // The presentation's own `@context` may name this deployment's served context.
    let aliases = verifier
        .options(issuer)
        .policy
        .portal_context_aliases(&checked);
    let heavy = suite.as_deref() == Some(rdfc::CRYPTOSUITE);
    let check = move || match suite.as_deref() {
        Some(jcs::CRYPTOSUITE) => jcs::verify_presentation(&checked, &*resolver).map(|_| ()),
        Some(rdfc::CRYPTOSUITE) => {
            let contexts = rdfc::Contexts::portal()
                .with_limits(limits)
                .with_portal_contexts(aliases);
            rdfc::verify_presentation(&checked, &*resolver, &contexts).map(|_| ())
        }
        other => Err(CredentialError::UnsupportedCryptosuite(
            other.unwrap_or("none").to_owned(),
        )),
    };
    let outcome = if heavy {
        verifier.pool.run_heavy(check).await?
    } else {
        verifier.pool.run(check).await?
    };
    match outcome {
        Ok(()) => {}
        Err(e @ CredentialError::CanonicalizationLimit { .. }) => {
            reasons.push(json!({ "code": "canonicalization-limit", "message": e.to_string() }));
        }
        Err(e) => {
            reasons.push(json!({ "code": "presentation-proof-invalid", "message": e.to_string() }));
        }
    }
    if let Some(challenge) = challenge {
        if proof.get("challenge").and_then(Value::as_str) != Some(challenge) {
            reasons.push(json!({ "code": "challenge-mismatch", "message": "The presentation was not made for this challenge." }));
        }
    }
    Ok(reasons)
}

/// Checks a presentation: its own proof (and `challenge`, when the verifier asked for one)
/// and each credential in it.
pub async fn verify_presentation(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    issuer: &Issuer,
    verifier: &Verifier,
    presentation: &Value,
    challenge: Option<&str>,
) -> CoreResult<Result<PresentationCheck, PresentationShape>> {
    if !is_presentation(presentation) {
        return Ok(Err(PresentationShape::NotAPresentation));
    }
    let mut check = PresentationCheck {
        reasons: proof_reasons(issuer, verifier, presentation, challenge).await?,
        results: Vec::new(),
    };
    let credentials: Vec<&Value> = match presentation.get("verifiableCredential") {
        None => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
    };
    for credential in credentials {
        let Some(bytes) = credential_bytes(credential) else {
            return Ok(Err(PresentationShape::UnreadableCredential));
        };
        let result = verify(db, ctx, issuer, verifier, &bytes).await?;
        for reason in &result.reasons {
            check
                .reasons
                .push(json!({ "code": reason.code.as_str(), "message": reason.message }));
        }
        check.results.push(json!({
            "verified": result.verified,
            "checks": result.checks,
            "warnings": result.warnings,
        }));
    }
    Ok(Ok(check))
}

/// The photo referenced by a verified credential of this portal, checked against its digest,
/// as a `data:` URL for the verifier page.
pub async fn photo_for(
    db: &mut Conn,
    photos: &DocumentStore,
    result: &VerificationResult,
) -> Option<String> {
    let credential = result.credential.as_ref()?;
    let resource = credential
        .get("relatedResource")?
        .as_array()?
        .first()?
        .clone();
    let url = resource.get("id")?.as_str()?;
    let id = url
        .strip_suffix("/photo")?
        .rsplit('/')
        .next()
        .and_then(|s| Uuid::parse_str(s).ok())?;
    let (media, bytes) = super::photo_of(db, photos, id).await.ok()?;
    model::check_related_resource(&resource, &bytes).ok()?;
    use base64::Engine;
    Some(format!(
        "data:{};base64,{}",
        media.mime(),
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

/// The id of a credential whose signature verified against this portal's keys.
fn signed_id(view: &VerifyView, result: &VerificationResult) -> Option<Uuid> {
    view.issuer.as_ref()?;
    result
        .credential
        .as_ref()
        .and_then(|c| c.get("id"))
        .and_then(Value::as_str)
        .and_then(super::parse_credential_id)
}

/// Whose credential a scanned code is, for the desk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    /// A credential this portal signed (whatever its status now): its household, and its
    /// person for a registration credential.
    Known(HouseholdId, Option<PersonId>),
    /// A credential, but not one this portal signed: forged, altered, or another issuer's.
    NotGenuine,
    /// Not a credential at all.
    NotACredential,
}

/// Whose credential `text` (a QR payload or a credential) is: the signature must verify
/// against this portal's keys; the record it names decides, not the text.
pub async fn holder_of(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    issuer: &Issuer,
    verifier: &Verifier,
    text: &str,
) -> CoreResult<Holder> {
    let result = verify(db, ctx, issuer, verifier, text.trim().as_bytes()).await?;
    let view = VerifyView::of(&result);
    if view.outcome == Outcome::Unreadable {
        return Ok(Holder::NotACredential);
    }
    let Some(stored) = stored_credential(db, &view, &result).await? else {
        return Ok(Holder::NotGenuine);
    };
    let household = match (stored.household, stored.person) {
        (Some(household), person) => Some((household, person)),
        (None, Some(person)) => portal_storage::people::by_id(db, person)
            .await?
            .map(|p| (p.household_id, Some(person))),
        (None, None) => None,
    };
    Ok(household.map_or(Holder::NotGenuine, |(h, p)| Holder::Known(h, p)))
}

/// The label of the partner token a credential this portal signed was issued through, so the
/// verifier sees who vouched for its content (`None` for the portal's own credentials, and
/// for anything whose signature did not verify).
async fn issued_through(
    db: &mut Conn,
    view: &VerifyView,
    result: &VerificationResult,
) -> CoreResult<Option<String>> {
    match signed_id(view, result) {
        Some(id) => Ok(portal_storage::credentials::issued_through(db, id).await?),
        None => Ok(None),
    }
}

/// The record of a credential this portal signed (for why and since when it is revoked).
async fn stored_credential(
    db: &mut Conn,
    view: &VerifyView,
    result: &VerificationResult,
) -> CoreResult<Option<portal_storage::credentials::StoredCredential>> {
    match signed_id(view, result) {
        Some(id) => Ok(portal_storage::credentials::by_id(db, id).await?),
        None => Ok(None),
    }
}

/// What the verifier page checks: pasted or scanned text, or a photo of a QR code.
#[derive(Clone, Debug)]
pub enum PageInput {
    /// The credential or QR payload as text.
    Text(String),
    /// A photo (PNG or JPEG) of the QR code.
    Photo(Vec<u8>),
    /// Nothing was sent.
    Nothing,
}

/// The verifier page's answer: one outcome, only disclosed fields, the photo when there is
/// one (checked against its digest).
pub async fn verify_for_page(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    issuer: &Issuer,
    verifier: &Verifier,
    photos: &DocumentStore,
    input: PageInput,
) -> CoreResult<VerifyView> {
    let unreadable = |reason: &str| {
        verifier.counters.count(Outcome::Unreadable);
        Ok(VerifyView::unreadable(reason))
    };
    let bytes = match input {
        PageInput::Text(text) if !text.trim().is_empty() => text.trim().as_bytes().to_vec(),
        PageInput::Photo(image) => match verifier.pool.run_heavy(move || read_qr(&image)).await? {
            Ok(text) => text.into_bytes(),
            Err(QrImageError::NoCode) => return unreadable("no-qr-code"),
            Err(QrImageError::TooLarge) => return unreadable("image-too-large"),
            Err(QrImageError::NotAnImage) => return unreadable("not-an-image"),
        },
        PageInput::Text(_) | PageInput::Nothing => return unreadable("empty"),
    };
    let result = verify(db, ctx, issuer, verifier, &bytes).await?;
    describe(db, photos, &result).await
}

/// What the verifier page shows of `result`: the view, with what only this portal's records
/// know (the partner it was issued through, why it was revoked or suspended) and the photo.
pub async fn describe(
    db: &mut Conn,
    photos: &DocumentStore,
    result: &VerificationResult,
) -> CoreResult<VerifyView> {
    let mut view = VerifyView::of(result);
    view.issued_through = issued_through(db, &view, result).await?;
    if matches!(view.outcome, Outcome::Revoked | Outcome::Suspended) {
        if let Some(stored) = stored_credential(db, &view, result).await? {
            view.status_reason = stored
                .status_reason
                .map(|r| r.for_verifier().as_str().to_owned());
            view.status_changed_at = stored.status_changed_at;
        }
    }
    if view.photo_missing && result.credential.is_some() {
        view.photo = photo_for(db, photos, result).await;
        view.photo_missing = view.photo.is_none();
    }
    Ok(view)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_enveloped_credential_gives_its_jwt_whether_its_context_is_a_list_or_a_string() {
        let jwt = "eyJhbGciOiJFZERTQSJ9.e30.c2ln";
        for context in [json!([VC_V2_CONTEXT]), json!(VC_V2_CONTEXT)] {
            let envelope = json!({
                "@context": context,
                "type": "EnvelopedVerifiableCredential",
                "id": format!("data:application/vc+jwt,{jwt}"),
            });
            assert_eq!(
                credential_bytes(&envelope),
                Some(jwt.as_bytes().to_vec()),
                "{envelope}"
            );
        }
        for refused in [
            json!({ "@context": "https://www.w3.org/2018/credentials/v1", "type": "EnvelopedVerifiableCredential", "id": format!("data:application/vc+jwt,{jwt}") }),
            json!({ "@context": VC_V2_CONTEXT, "type": "EnvelopedVerifiableCredential", "id": format!("data:text/plain,{jwt}") }),
            json!({ "@context": VC_V2_CONTEXT, "type": "EnvelopedVerifiableCredential" }),
        ] {
            assert_eq!(credential_bytes(&refused), None, "{refused}");
        }
    }
}
