//! The portal as an issuer of credentials: its DID, its keys on disk, its DID document and the
//! addresses of its status lists.
//!
//! Private keys live in the keys folder, one owner-only (0600) file per key holding the
//! multibase secret; the database keeps only public halves and their life cycle, so a database
//! dump cannot sign anything. The newest key that is not retired signs new credentials.
//!
//! Owns: key files, key rotation and retirement, the issuer identity. Must never: log, store
//! in the database or return in an error any private key.

use chrono::{DateTime, Utc};
use ed25519_dalek::{SigningKey, VerifyingKey};
use portal_credentials::did::{self, DidDocument, StaticResolver};
use portal_credentials::keys::{self, IssuerKey, KeyStatus, Signer};
use portal_credentials::status::StatusPurpose;
use rand_core::{OsRng, RngCore};

use crate::config::{Config, DidMethod};
use crate::context::Ctx;
use crate::error::{CoreError, CoreResult};
use portal_domain::audit::{Actor, AuditAction};
use portal_storage::changes::{self, ChangeCounts};
use portal_storage::issuer_keys::{self, StoredKey};
use portal_storage::keys::{KeyFileError, KeyFiles};
use portal_storage::{audit, Conn, Store, Tx};

/// The error of signing without an active key.
pub fn no_active_key() -> CoreError {
    CoreError::Setup("the issuer has no active key (run `portal keys rotate`)".into())
}

/// One key of the issuer, public half and life cycle.
#[derive(Clone, Debug)]
pub struct KeyInfo {
    /// Its stored record.
    pub stored: StoredKey,
    /// The decoded public key.
    pub public: VerifyingKey,
}

/// The issuer as loaded at one moment (reload after a rotation).
#[derive(Clone)]
pub struct Issuer {
    method: DidMethod,
    web_did: String,
    origin: String,
    keys: Vec<KeyInfo>,
    active: Option<(String, SigningKey)>,
    /// What checking a proof needs, derived once from the keys at load.
    resolver: std::sync::Arc<StaticResolver>,
    own_dids: std::sync::Arc<[String]>,
}

impl std::fmt::Debug for Issuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Issuer")
            .field("did", &self.did())
            .field("keys", &self.keys.len())
            .field("active", &self.active.as_ref().map(|(kid, _)| kid))
            .finish()
    }
}

/// The `did:web` of a deployment, from its public URL (`http://localhost:3000` →
/// `did:web:localhost%3A3000`).
pub fn web_did_of(public_url: &url::Url) -> CoreResult<String> {
    let host = public_url.host_str().ok_or_else(|| {
        CoreError::Setup("cannot name the issuer: the public URL has no host".into())
    })?;
    Ok(did::did_web(host, public_url.port(), &[])?)
}

/// The active key's secret from its file, checked against the public half on record.
fn read_secret(files: &KeyFiles, key: &KeyInfo) -> CoreResult<SigningKey> {
    let text = files.read(&key.stored.kid)?;
    let secret = keys::signing_key_from_multibase(&text).map_err(|_| {
        CoreError::from(KeyFileError {
            path: files.path(&key.stored.kid),
            problem: "not a multibase Ed25519 secret key".into(),
        })
    })?;
    if secret.verifying_key() != key.public {
        return Err(KeyFileError {
            path: files.path(&key.stored.kid),
            problem: "does not match the public key recorded for it".into(),
        }
        .into());
    }
    Ok(secret)
}

/// A fresh key id: `key-` + date + 8 random hex digits.
fn new_kid(now: DateTime<Utc>) -> String {
    let mut random = [0u8; 4];
    OsRng.fill_bytes(&mut random);
    format!("key-{}-{}", now.format("%Y%m%d"), hex::encode(random))
}

/// Every key the issuer ever had, oldest first (for operators: `portal keys list`).
pub async fn all_keys(db: &mut Conn) -> CoreResult<Vec<StoredKey>> {
    Ok(issuer_keys::all(db).await?)
}

impl Issuer {
    /// Loads the issuer's keys from the database and the active private key from its file.
    pub async fn load(db: &mut Conn, config: &Config) -> CoreResult<Issuer> {
        let stored = issuer_keys::all(db).await?;
        let mut keys = Vec::with_capacity(stored.len());
        for key in stored {
            let public = keys::verifying_key_from_multibase(&key.public_key)?;
            keys.push(KeyInfo {
                stored: key,
                public,
            });
        }
        let files = KeyFiles::in_dir(&config.keys_dir);
        let active = match keys.iter().rev().find(|k| k.stored.retired_at.is_none()) {
            Some(key) => Some((key.stored.kid.clone(), read_secret(&files, key)?)),
            None => None,
        };
        let mut issuer = Issuer {
            method: config.did_method,
            web_did: web_did_of(&config.public_url)?,
            origin: config.public_url.as_str().trim_end_matches('/').to_owned(),
            keys,
            active,
            resolver: std::sync::Arc::default(),
            own_dids: std::sync::Arc::new([]),
        };
        issuer.resolver =
            std::sync::Arc::new(StaticResolver::new().with_document(issuer.web_document()?));
        let mut own = vec![issuer.web_did.clone()];
        own.extend(
            issuer
                .keys
                .iter()
                .filter(|k| k.stored.retired_at.is_none())
                .map(|k| did::did_key(&k.public)),
        );
        issuer.own_dids = own.into();
        Ok(issuer)
    }

    /// Makes a new key that signs from now on (its private half a new file in the keys
    /// folder); older keys stay valid until retired. Returns its id.
    pub async fn rotate(
        tx: &mut Tx,
        ctx: &Ctx<'_>,
        config: &Config,
        actor: Actor,
    ) -> CoreResult<String> {
        let key = keys::generate_signing_key();
        let kid = new_kid(ctx.now);
        let files = KeyFiles::in_dir(&config.keys_dir);
        files.write_new(&kid, &keys::secret_key_multibase(&key))?;
        let stored = StoredKey {
            kid: kid.clone(),
            public_key: keys::public_key_multibase(&key.verifying_key()),
            created_at: ctx.now,
            retired_at: None,
        };
        if let Err(e) = issuer_keys::insert(tx, &stored).await {
            // The key was never used: do not leave its file behind.
            files.discard(&kid);
            return Err(e.into());
        }
        let event = ctx
            .event(actor, AuditAction::IssuerKeyCreate)
            .with_details(serde_json::json!({ "kid": kid, "public_key": stored.public_key }));
        audit::append(tx, &event).await?;
        Ok(kid)
    }

    /// Makes the first key when there is no active one (first start); returns its id if it
    /// made one.
    pub async fn ensure_key(
        store: &Store,
        ctx: &Ctx<'_>,
        config: &Config,
    ) -> CoreResult<Option<String>> {
        let mut tx = store.begin().await?;
        if issuer_keys::all(&mut tx)
            .await?
            .iter()
            .any(|k| k.retired_at.is_none())
        {
            return Ok(None);
        }
        let kid = Self::rotate(&mut tx, ctx, config, Actor::System).await?;
        tx.commit().await?;
        Ok(Some(kid))
    }

    /// Retires key `kid` (one that may be compromised): it stays in the DID document (with
    /// `expires`), and every proof it made fails with `key-retired`, whenever it was signed
    /// (the verifier cannot tell an old proof from one backdated with a stolen key).
    /// The private key file is kept (an operator may destroy it).
    pub async fn retire(tx: &mut Tx, ctx: &Ctx<'_>, kid: &str, actor: Actor) -> CoreResult<()> {
        issuer_keys::retire(tx, kid, ctx.now).await?;
        let event = ctx
            .event(actor, AuditAction::IssuerKeyRetire)
            .with_details(serde_json::json!({ "kid": kid }));
        audit::append(tx, &event).await?;
        Ok(())
    }

    /// The issuer's DID: `did:web:…`, or the active key's `did:key`.
    pub fn did(&self) -> String {
        match (self.method, &self.active) {
            (DidMethod::Key, Some((_, key))) => did::did_key(&key.verifying_key()),
            _ => self.web_did.clone(),
        }
    }

    /// The keys, oldest first.
    pub fn keys(&self) -> &[KeyInfo] {
        &self.keys
    }

    /// The id of the key that signs now.
    pub fn active_kid(&self) -> Option<&str> {
        self.active.as_ref().map(|(kid, _)| kid.as_str())
    }

    /// The signer for new credentials.
    pub fn signer(&self) -> CoreResult<Signer> {
        let (kid, key) = self.active.as_ref().ok_or_else(no_active_key)?;
        let method = match self.method {
            DidMethod::Web => format!("{}#{kid}", self.web_did),
            DidMethod::Key => did::did_key_verification_method(&key.verifying_key()),
        };
        Ok(Signer::new(method, key.clone()))
    }

    /// The `did:web` document served at `/.well-known/did.json` (every key, retired ones with
    /// `expires`).
    pub fn web_document(&self) -> CoreResult<DidDocument> {
        let keys: Vec<IssuerKey> = self
            .keys
            .iter()
            .map(|k| IssuerKey {
                fragment: k.stored.kid.clone(),
                public: k.public,
                status: match k.stored.retired_at {
                    None => KeyStatus::Active,
                    Some(since) => KeyStatus::Retired { since },
                },
            })
            .collect();
        Ok(did::did_web_document(&self.web_did, &keys)?)
    }

    /// The DID document `/.well-known/did.json` serves: the `did:web` document (every key), or
    /// in `did:key` mode the active key's `did:key` document, so what is served names the
    /// issuer the credentials name.
    pub fn served_document(&self) -> CoreResult<DidDocument> {
        match (self.method, &self.active) {
            (DidMethod::Key, Some(_)) => Ok(did::did_key_document(&self.did())?),
            _ => self.web_document(),
        }
    }

    /// A resolver that knows this issuer's `did:web` document (and every `did:key`), its keys
    /// decoded once at load.
    pub fn resolver(&self) -> std::sync::Arc<StaticResolver> {
        self.resolver.clone()
    }

    /// The issuers this portal trusts by default: itself, under every name it has used
    /// (its `did:web` and the `did:key` of each key that is not retired).
    pub fn own_dids(&self) -> Vec<String> {
        self.own_dids.to_vec()
    }

    /// Whether `did` is one of this portal's names.
    pub fn is_own(&self, did: &str) -> bool {
        self.own_dids.iter().any(|d| d == did)
    }

    /// Where status list `list` of `purpose` is published.
    pub fn status_list_url(&self, purpose: StatusPurpose, list: i64) -> String {
        format!("{}/status/{}/{list}", self.origin, purpose.as_str())
    }

    /// Where the Token Status List token of list `list` is published (for SD-JWT VCs: both
    /// purposes of that list in one two-bit list).
    pub fn token_status_list_url(&self, list: i64) -> String {
        format!("{}/status/token/{list}", self.origin)
    }

    /// The key OpenID4VCI `c_nonce`s are made and checked with, derived from the active
    /// signing key (so every instance of the portal shares it, and a key rotation ends the
    /// nonces made before it, minutes early).
    pub fn nonce_key(&self) -> CoreResult<portal_credentials::oid4vci::NonceKey> {
        let (_, key) = self.active.as_ref().ok_or_else(no_active_key)?;
        Ok(portal_credentials::oid4vci::NonceKey::derive(
            key.as_bytes(),
        )?)
    }

    /// A 32-byte key for `purpose`, derived from the active signing key like
    /// [`Issuer::nonce_key`]: every instance derives the same, and a rotation ends what was
    /// sealed under the old one.
    pub fn derived_key(&self, purpose: &str) -> CoreResult<[u8; 32]> {
        use sha2::{Digest, Sha256};
        let (_, key) = self.active.as_ref().ok_or_else(no_active_key)?;
        Ok(Sha256::new()
            .chain_update(b"portal derived key v1\n")
            .chain_update(purpose.as_bytes())
            .chain_update(b"\n")
            .chain_update(key.as_bytes())
            .finalize()
            .into())
    }

    /// The portal's public origin (`https://host`), without a trailing slash.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Where this deployment serves the portal's JSON-LD context, which its credentials name.
    pub fn context_url(&self) -> String {
        portal_credentials::model::portal_context_url(&self.origin)
    }

    /// The JSON-LD contexts for signing with `eddsa-rdfc-2022`: the built-in ones, with this
    /// deployment's served context read as the portal's.
    pub fn contexts(&self) -> portal_credentials::rdfc::Contexts {
        portal_credentials::rdfc::Contexts::portal().with_portal_context(self.context_url())
    }
}

/// How long change counts read from the database stand for the database as it is while this
/// process commits nothing: a change made by another instance or process (a revocation, a key
/// retired by `portal keys …`) counts here within this time, one made by this process at once.
/// Within it, checking a credential asks the database nothing.
pub const FRESH_FOR: std::time::Duration = std::time::Duration::from_secs(1);

/// The issuer as last loaded, reloaded when the keys in the database change (a rotation or a
/// retirement by another instance or process counts within [`FRESH_FOR`]).
#[derive(Clone, Default)]
pub struct IssuerCache {
    inner: std::sync::Arc<std::sync::RwLock<Option<Kept>>>,
}

/// The issuer loaded, and the change counts last read.
#[derive(Clone)]
struct Kept {
    issuer: std::sync::Arc<Issuer>,
    counts: ChangeCounts,
    /// When the counts were read, and how many commits this process had made by then.
    read_at: std::time::Instant,
    commits: u64,
}

impl IssuerCache {
    /// An empty cache (loads on first use).
    pub fn new() -> Self {
        Self::default()
    }

    /// The current issuer: one small query for the change counts, and a reload only if a key
    /// changed. What signs uses this, so nothing is signed with a key retired a moment ago.
    pub async fn current(
        &self,
        store: &Store,
        config: &Config,
        at: std::time::Instant,
    ) -> CoreResult<std::sync::Arc<Issuer>> {
        Ok(self.counted(store, config, at, false).await?.0)
    }

    /// The issuer and the change counts a check of a credential stands on (the verifier's
    /// status lists are kept by them): while the counts read last are fresh ([`FRESH_FOR`],
    /// and this process committed nothing since), no query at all.
    pub async fn for_checking(
        &self,
        store: &Store,
        config: &Config,
        at: std::time::Instant,
    ) -> CoreResult<(std::sync::Arc<Issuer>, ChangeCounts)> {
        self.counted(store, config, at, true).await
    }

    async fn counted(
        &self,
        store: &Store,
        config: &Config,
        at: std::time::Instant,
        fresh_will_do: bool,
    ) -> CoreResult<(std::sync::Arc<Issuer>, ChangeCounts)> {
        let commits = store.commits();
        let kept = self.inner.read().ok().and_then(|slot| slot.clone());
        if let (Some(kept), true) = (&kept, fresh_will_do) {
            let fresh = at.saturating_duration_since(kept.read_at) < FRESH_FOR;
            if fresh && kept.commits == commits {
                return Ok((kept.issuer.clone(), kept.counts));
            }
        }
        let mut db = store.read().await?;
        let counts = changes::read(&mut db).await?;
        let issuer = match kept {
            Some(kept) if kept.counts.issuer_keys == counts.issuer_keys => kept.issuer,
            _ => std::sync::Arc::new(Issuer::load(&mut db, config).await?),
        };
        if let Ok(mut slot) = self.inner.write() {
            *slot = Some(Kept {
                issuer: issuer.clone(),
                counts,
                read_at: at,
                commits,
            });
        }
        Ok((issuer, counts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_web_did_names_host_and_port() {
        let url = url::Url::parse("http://localhost:3000").unwrap();
        assert_eq!(web_did_of(&url).unwrap(), "did:web:localhost%3A3000");
        let url = url::Url::parse("https://portal.agency.org").unwrap();
        assert_eq!(web_did_of(&url).unwrap(), "did:web:portal.agency.org");
    }

    #[test]
    fn key_ids_are_dated_and_distinct() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-30T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let (a, b) = (new_kid(now), new_kid(now));
        assert!(a.starts_with("key-20261130-") && a.len() == 21, "{a}");
        assert_ne!(a, b);
    }
}
