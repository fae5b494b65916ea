//! Verifying where there is no network: against a verifier's own cached copies of the
//! issuer's DID document and its status lists.
//!
//! Owns: accepting those copies (each status list only if its own proof verifies with the
//! cached DID document and it was published by that issuer), and verifying a credential with
//! exactly that issuer trusted. The same code runs in `portal verify --did-document` on a
//! laptop and, compiled to WebAssembly, in the offline verifier page on a phone.
//! Must never: fetch anything or read the clock; "when" always comes from the caller.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::did::{DidDocument, StaticResolver};
use crate::error::CredentialError;
use crate::jcs;
use crate::model::parse_date_time_stamp;
use crate::status::{read_status_list_credential, CachedStatusList, StaticStatusLists};
use crate::verify::{self, VerificationResult, VerifyOptions, MAX_INPUT_BYTES};

/// The largest cached document accepted (a DID document or a status list credential; a full
/// list of 131,072 entries is about 200 bytes compressed, a DID document a few kilobytes).
pub const MAX_CACHED_BYTES: usize = 256 * 1024;

/// The cached issuer and status lists a verifier carries into a place without signal.
#[derive(Debug, Clone)]
pub struct OfflineCache {
    issuer: String,
    resolver: StaticResolver,
    lists: StaticStatusLists,
    list_count: usize,
    /// Origins where the issuer publishes lists it signed: its credentials may name the
    /// portal's context served there (a `did:key` issuer has no origin of its own).
    origins: Vec<String>,
}

/// The origin (`scheme://authority`) of an `http(s)` URL.
fn origin_of(url: &str) -> Option<&str> {
    let scheme = ["https://", "http://"]
        .into_iter()
        .find(|scheme| url.starts_with(scheme))?;
    let end = url[scheme.len()..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |at| scheme.len() + at);
    Some(&url[..end])
}

fn cached(what: &str, reason: impl std::fmt::Display) -> CredentialError {
    CredentialError::InvalidCredential {
        field: what.to_owned(),
        reason: reason.to_string(),
    }
}

fn json(what: &str, bytes: &[u8]) -> Result<Value, CredentialError> {
    if bytes.len() > MAX_CACHED_BYTES {
        return Err(CredentialError::TooLarge {
            what: "cached document",
            limit: MAX_CACHED_BYTES,
        });
    }
    serde_json::from_slice(bytes).map_err(|e| cached(what, format!("not JSON ({e})")))
}

impl OfflineCache {
    /// Starts from the issuer's DID document (`/.well-known/did.json` of a `did:web` issuer):
    /// that issuer, and only it, is trusted.
    pub fn new(did_document: &[u8]) -> Result<Self, CredentialError> {
        let document: DidDocument = serde_json::from_value(json("DID document", did_document)?)
            .map_err(|e| cached("DID document", e))?;
        if document.id.is_empty() {
            return Err(cached("DID document", "it has no id"));
        }
        Ok(Self {
            issuer: document.id.clone(),
            resolver: StaticResolver::new().with_document(document),
            lists: StaticStatusLists::new(),
            list_count: 0,
            origins: Vec::new(),
        })
    }

    /// The trusted issuer's DID.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// How many status lists are held.
    pub fn status_list_count(&self) -> usize {
        self.list_count
    }

    /// Adds a `BitstringStatusListCredential` as fetched from its URL (its `id`). It counts only
    /// if its own proof verifies with the cached DID document and its issuer is that document's
    /// DID. The status is "as of" the time the issuer signed the list (`validFrom`), or
    /// `fetched_at` when the list does not say or claims a time after it was fetched.
    pub fn add_status_list(
        &mut self,
        list_credential: &[u8],
        fetched_at: DateTime<Utc>,
    ) -> Result<(), CredentialError> {
        // A status list credential is JSON; anything else is read as a status list token.
        if list_credential.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return self.add_status_list_token(list_credential, fetched_at);
        }
        let value = json("status list", list_credential)?;
        jcs::verify(&value, &self.resolver)?;
        let issuer = value
            .get("issuer")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if issuer != self.issuer {
            return Err(cached(
                "status list",
                "it was not published by the cached issuer",
            ));
        }
        let (purpose, list) = read_status_list_credential(&value)?;
        let url = value
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| cached("status list", "it has no id"))?;
        let as_of = value
            .get("validFrom")
            .and_then(Value::as_str)
            .and_then(|text| parse_date_time_stamp(text).ok())
            .filter(|signed| *signed <= fetched_at)
            .unwrap_or(fetched_at);
        if let Some(origin) = origin_of(url) {
            if !self.origins.iter().any(|known| known == origin) {
                self.origins.push(origin.to_owned());
            }
        }
        self.lists = std::mem::take(&mut self.lists).with_list(
            url,
            CachedStatusList {
                issuer: self.issuer.clone(),
                purpose,
                list,
                fetched_at: as_of,
            },
        );
        self.list_count += 1;
        Ok(())
    }

    /// Adds a Token Status List token (`statuslist+jwt`, for SD-JWT VCs) as fetched from its
    /// URI (its `sub`). It counts only if it is signed by a key of the cached DID document.
    fn add_status_list_token(
        &mut self,
        token: &[u8],
        fetched_at: DateTime<Utc>,
    ) -> Result<(), CredentialError> {
        if token.len() > MAX_CACHED_BYTES {
            return Err(CredentialError::TooLarge {
                what: "cached document",
                limit: MAX_CACHED_BYTES,
            });
        }
        let text = std::str::from_utf8(token).map_err(|_| cached("status list", "not text"))?;
        let parts = crate::jwt::parse(
            text.trim(),
            &[crate::sd_jwt_vc::TYP_STATUS_LIST],
            MAX_CACHED_BYTES,
        )?;
        let uri = parts
            .payload
            .get("sub")
            .and_then(Value::as_str)
            .ok_or_else(|| cached("status list", "it names no URI (sub)"))?
            .to_owned();
        let list =
            crate::sd_jwt_vc::read_status_list_token(text, &uri, &self.resolver, fetched_at)?;
        if list.issuer != self.issuer {
            return Err(cached(
                "status list",
                "it was not published by the cached issuer",
            ));
        }
        self.lists = std::mem::take(&mut self.lists).with_token_list(uri, list);
        self.list_count += 1;
        Ok(())
    }

    /// Verifies `credential` (QR payload, JSON or JWS, as [`verify::verify`] reads them) with
    /// the cached issuer as the only trusted one. A status list that is not in the cache makes
    /// the credential `status-unavailable`, never genuine.
    pub fn verify(
        &self,
        credential: &[u8],
        now: DateTime<Utc>,
        trust_any_did_key: bool,
    ) -> VerificationResult {
        let policy = self
            .origins
            .iter()
            .fold(VerifyOptions::default().policy, |policy, origin| {
                policy.with_portal_origin(origin)
            });
        let options = VerifyOptions {
            policy,
            trusted_issuers: Some(vec![self.issuer.clone()]),
            trust_any_did_key,
            ..VerifyOptions::default()
        };
        let input = credential.get(..MAX_INPUT_BYTES + 1).unwrap_or(credential);
        verify::verify(input, &self.resolver, &self.lists, now, &options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::did::did_web_document;
    use crate::keys::{signing_key_from_seed, IssuerKey, KeyStatus, Signer};
    use crate::model::tests::{registration, t};
    use crate::qr;
    use crate::status::{
        status_list_credential, BitstringStatusListEntry, StatusList, StatusPurpose,
    };
    use crate::verify::ReasonCode;
    use serde_json::json;

    #[test]
    fn an_sd_jwt_share_is_checked_offline_against_a_cached_token_status_list() {
        use crate::status::TokenStatusList;
        let uri = "https://refugee-portal.example/status/token/0";
        let claims = crate::sd_jwt_vc::claims_of(
            &registration(),
            "https://refugee-portal.example",
            t(2026, 5, 1),
            None,
            Some(crate::sd_jwt_vc::status_claim(uri, INDEX)),
        )
        .unwrap();
        let sd = crate::sd_jwt::issue(&claims, &signer(1), &mut rand_core::OsRng).unwrap();
        let shown = sd.present(crate::sd_jwt_vc::Preset::Bank.claims());
        let mut revoked = StatusList::new(0).unwrap();
        let suspended = StatusList::new(0).unwrap();
        let mut cache = OfflineCache::new(&did_json(1)).unwrap();
        let r = cache.verify(shown.as_bytes(), t(2026, 6, 2), false);
        assert_eq!(r.reasons[0].code, ReasonCode::StatusUnavailable);
        let token = |revoked: &StatusList| {
            let list = TokenStatusList::combine(revoked, &suspended).unwrap();
            crate::sd_jwt_vc::status_list_token(uri, &list, t(2026, 6, 1), 86_400, &signer(1))
                .unwrap()
        };
        cache
            .add_status_list(token(&revoked).as_bytes(), t(2026, 6, 1))
            .unwrap();
        let r = cache.verify(shown.as_bytes(), t(2026, 6, 2), false);
        assert!(r.verified, "{:?}", r.reasons);
        revoked.set(INDEX, true).unwrap();
        cache
            .add_status_list(token(&revoked).as_bytes(), t(2026, 6, 1))
            .unwrap();
        let r = cache.verify(shown.as_bytes(), t(2026, 6, 2), false);
        assert_eq!(r.reasons[0].code, ReasonCode::Revoked);
        // A token signed by another key is not cached.
        let list = TokenStatusList::combine(&StatusList::new(0).unwrap(), &suspended).unwrap();
        let forged =
            crate::sd_jwt_vc::status_list_token(uri, &list, t(2026, 6, 1), 86_400, &signer(2))
                .unwrap();
        assert!(cache
            .add_status_list(forged.as_bytes(), t(2026, 6, 1))
            .is_err());
    }

    const PORTAL: &str = "did:web:refugee-portal.example";
    const LIST: &str = "https://refugee-portal.example/status/revocation/0";
    const INDEX: usize = 4_242;

    fn signer(seed: u8) -> Signer {
        Signer::new(
            format!("{PORTAL}#key-1"),
            signing_key_from_seed(&[seed; 32]),
        )
    }

    fn did_json(seed: u8) -> Vec<u8> {
        let doc = did_web_document(
            PORTAL,
            &[IssuerKey {
                fragment: "key-1".into(),
                public: signing_key_from_seed(&[seed; 32]).verifying_key(),
                status: KeyStatus::Active,
            }],
        )
        .unwrap();
        serde_json::to_vec(&doc).unwrap()
    }

    fn list_json(revoked: bool, signed_by: u8, issuer: &str) -> Vec<u8> {
        let mut bits = StatusList::new(0).unwrap();
        bits.set(INDEX, revoked).unwrap();
        let unsigned = status_list_credential(
            LIST,
            issuer,
            StatusPurpose::Revocation,
            &bits,
            t(2026, 6, 1),
            None,
        )
        .unwrap();
        serde_json::to_vec(&jcs::sign(&unsigned, &signer(signed_by), t(2026, 6, 1)).unwrap())
            .unwrap()
    }

    fn qr_credential() -> Vec<u8> {
        let mut vc = registration();
        vc["credentialStatus"] =
            BitstringStatusListEntry::new(LIST, StatusPurpose::Revocation, INDEX).to_value();
        let signed = jcs::sign(&vc, &signer(1), t(2026, 5, 1)).unwrap();
        qr::encode_credential_json(&signed).unwrap().into_bytes()
    }

    fn cache(revoked: bool) -> OfflineCache {
        let mut cache = OfflineCache::new(&did_json(1)).unwrap();
        cache
            .add_status_list(
                &list_json(revoked, 1, PORTAL),
                t(2026, 6, 1) + chrono::Duration::hours(1),
            )
            .unwrap();
        cache
    }

    /// A deployment in `did:key` mode has no origin in its DID, so its credentials' served
    /// context is accepted under the origin where it publishes the status lists it signed.
    #[test]
    fn a_did_key_issuers_served_context_is_read_under_the_origin_of_its_lists() {
        let key = signing_key_from_seed(&[5; 32]);
        let method = crate::did::did_key_verification_method(&key.verifying_key());
        let did = method.split('#').next().unwrap().to_owned();
        let signer = Signer::new(method, key);
        let document = crate::did::did_key_document(&did).unwrap();
        let origin = "http://192.168.1.20:3000";
        let list_url = format!("{origin}/status/revocation/0");
        let mut vc = registration();
        vc["issuer"] = json!(did);
        vc["@context"][1] = json!(crate::model::portal_context_url(origin));
        vc["credentialStatus"] =
            BitstringStatusListEntry::new(&list_url, StatusPurpose::Revocation, INDEX).to_value();
        let signed = jcs::sign(&vc, &signer, t(2026, 5, 1)).unwrap();
        let payload = qr::encode_credential_json(&signed).unwrap();
        let mut cache = OfflineCache::new(&serde_json::to_vec(&document).unwrap()).unwrap();
        let r = cache.verify(payload.as_bytes(), t(2026, 6, 2), false);
        assert!(
            r.reasons.iter().any(|r| r.code == ReasonCode::Malformed),
            "{:?}",
            r.reasons
        );
        let bits = StatusList::new(0).unwrap();
        let list = status_list_credential(
            &list_url,
            &did,
            StatusPurpose::Revocation,
            &bits,
            t(2026, 6, 1),
            None,
        )
        .unwrap();
        let list = jcs::sign(&list, &signer, t(2026, 6, 1)).unwrap();
        cache
            .add_status_list(&serde_json::to_vec(&list).unwrap(), t(2026, 6, 1))
            .unwrap();
        let r = cache.verify(payload.as_bytes(), t(2026, 6, 2), false);
        assert!(r.verified, "{:?}", r.reasons);
        // Another host's served context is still not this issuer's.
        vc["@context"][1] = json!("http://192.168.1.99:3000/ns/credentials/v1");
        let other = jcs::sign(&vc, &signer, t(2026, 5, 1)).unwrap();
        let r = cache.verify(other.to_string().as_bytes(), t(2026, 6, 2), false);
        assert!(
            r.reasons.iter().any(|r| r.code == ReasonCode::Malformed),
            "{:?}",
            r.reasons
        );
    }

    #[test]
    fn a_genuine_qr_code_verifies_with_the_status_as_of_the_signed_list() {
        let result = cache(false).verify(&qr_credential(), t(2026, 6, 2), false);
        assert!(result.verified, "{:?}", result.reasons);
        assert!(result.via_qr);
        assert_eq!(result.status_checked_at, Some(t(2026, 6, 1)));
    }

    #[test]
    fn a_revoked_credential_is_revoked_offline() {
        let result = cache(true).verify(&qr_credential(), t(2026, 6, 2), false);
        assert!(!result.verified);
        assert!(result.reasons.iter().any(|r| r.code == ReasonCode::Revoked));
    }

    #[test]
    fn without_the_list_the_status_is_unavailable_not_genuine() {
        let cache = OfflineCache::new(&did_json(1)).unwrap();
        let result = cache.verify(&qr_credential(), t(2026, 6, 2), false);
        assert!(!result.verified);
        assert!(result
            .reasons
            .iter()
            .any(|r| r.code == ReasonCode::StatusUnavailable));
    }

    #[test]
    fn a_credential_signed_by_another_key_is_not_genuine() {
        let cache = OfflineCache::new(&did_json(2)).unwrap();
        let result = cache.verify(&qr_credential(), t(2026, 6, 2), false);
        assert!(!result.verified);
        assert!(result
            .reasons
            .iter()
            .any(|r| r.code == ReasonCode::SignatureInvalid));
    }

    #[test]
    fn forged_or_foreign_status_lists_are_refused() {
        let mut cache = OfflineCache::new(&did_json(1)).unwrap();
        // Signed by another key than the DID document's.
        assert!(cache
            .add_status_list(&list_json(false, 2, PORTAL), t(2026, 6, 1))
            .is_err());
        // A changed bit after signing.
        let mut tampered: Value = serde_json::from_slice(&list_json(true, 1, PORTAL)).unwrap();
        let clean: Value = serde_json::from_slice(&list_json(false, 1, PORTAL)).unwrap();
        tampered["credentialSubject"]["encodedList"] =
            clean["credentialSubject"]["encodedList"].clone();
        assert!(cache
            .add_status_list(&serde_json::to_vec(&tampered).unwrap(), t(2026, 6, 1))
            .is_err());
        // Proved with the issuer's key, but naming another issuer.
        assert!(cache
            .add_status_list(
                &list_json(false, 1, "did:web:elsewhere.example"),
                t(2026, 6, 1)
            )
            .is_err());
        assert_eq!(cache.status_list_count(), 0);
    }

    #[test]
    fn a_list_claiming_a_time_after_its_fetch_counts_from_the_fetch() {
        let mut cache = OfflineCache::new(&did_json(1)).unwrap();
        let fetched = t(2026, 5, 20);
        cache
            .add_status_list(&list_json(false, 1, PORTAL), fetched)
            .unwrap();
        let result = cache.verify(&qr_credential(), t(2026, 6, 2), false);
        assert_eq!(result.status_checked_at, Some(fetched));
    }

    #[test]
    fn bad_cached_documents_are_errors_not_panics() {
        assert!(OfflineCache::new(b"").is_err());
        assert!(OfflineCache::new(b"{\"id\": 3}").is_err());
        assert!(OfflineCache::new(&vec![b' '; MAX_CACHED_BYTES + 1]).is_err());
        let mut cache = OfflineCache::new(&did_json(1)).unwrap();
        assert!(cache.add_status_list(b"[]", t(2026, 6, 1)).is_err());
        assert!(cache.add_status_list(b"\xff", t(2026, 6, 1)).is_err());
        let result = cache.verify(b"RP1:garbage", t(2026, 6, 2), false);
        assert!(!result.verified);
    }
}
