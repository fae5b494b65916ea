//! The verifier page's results, kept for a few minutes under a random token, so a plain form
//! post can redirect to a page that shows them (post/redirect/get) without putting anything
//! personal into a URL. What a result shows is [`VerifyView`] (in `portal_credentials`).
//!
//! Each client (an IPv4 address, or an IPv6 /64: one household's or one phone's network) may
//! keep at most [`PER_CLIENT`] results; its next one replaces its own oldest, so a flood of
//! posts from one client never pushes out anyone else's result.
//!
//! On SQLite (one instance) they stay in this process's memory. On PostgreSQL, where several
//! instances may share the work, they go to the database, so the page that shows a result may
//! be served by another instance than the one that took the post. The database holds only a
//! hash of the token, a keyed pseudonym of the client, and the result sealed (AES-256-GCM)
//! under a key derived from the token: without the link the browser holds, a row says nothing.
//!
//! Owns: the kept results and the quotas. Must never: let one client evict another's result
//! while there is room for the other's, keep a result past its time to live, or keep one in
//! clear outside this process.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::Aes256Gcm;
use chrono::{DateTime, Duration, Utc};
pub use portal_credentials::verdict::{MemberView, Outcome, VerifyView};
use portal_storage::shared::{self, ResultQuota};
use portal_storage::{Backend, Store};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

use crate::error::CoreResult;

/// How long a result can be shown after the form post.
pub const RESULT_TTL_MINUTES: i64 = 10;
/// Most results kept at once (oldest dropped first).
pub const MAX_RESULTS: usize = 2_000;
/// Most results one client keeps at once (its oldest dropped first).
pub const PER_CLIENT: usize = 20;

/// Results waiting to be shown, under random tokens: in memory, or sealed in the database.
#[derive(Clone)]
pub struct VerifyResults {
    place: Place,
}

#[derive(Clone)]
enum Place {
    Memory(Arc<std::sync::Mutex<HashMap<String, Kept>>>),
    Database(Store),
}

impl Default for VerifyResults {
    fn default() -> Self {
        Self::in_memory()
    }
}

/// A result, when it stops being shown, and whose it is.
type Kept = (DateTime<Utc>, VerifyView, Client);

/// Whose results count together: an IPv4 address, or the /64 network of an IPv6 address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Client(IpAddr);

impl Client {
    /// The client behind `address`.
    pub fn of(address: IpAddr) -> Self {
        match address {
            IpAddr::V4(_) => Client(address),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Client(IpAddr::V4(v4)),
                None => {
                    let network = u128::from(v6) & (u128::MAX << 64);
                    Client(IpAddr::V6(network.into()))
                }
            },
        }
    }

    /// The address budgets and quotas are kept under (an IPv6 client's /64 network).
    pub fn address(&self) -> IpAddr {
        self.0
    }

    /// The client's pseudonym for `purpose` in the database (keyed with the deployment's
    /// secret: the same in every instance, not reversible by trying addresses).
    pub fn pseudonym(&self, store: &Store, purpose: &str) -> String {
        store
            .audit_key()
            .pseudonym(purpose, self.0.to_string().as_bytes())
    }
}

/// The database key of the result under `token`, and the key it is sealed with.
fn derive(token: &str) -> (String, [u8; 32]) {
    let id = Sha256::new()
        .chain_update(b"portal verify result id v1\n")
        .chain_update(token.as_bytes())
        .finalize();
    let key = Sha256::new()
        .chain_update(b"portal verify result key v1\n")
        .chain_update(token.as_bytes())
        .finalize();
    (hex::encode(id), key.into())
}

/// `view` sealed under `key` (random nonce first), bound to `id`.
fn seal(view: &VerifyView, id: &str, key: &[u8; 32]) -> Option<Vec<u8>> {
    let plain = serde_json::to_vec(view).ok()?;
    let cipher = Aes256Gcm::new_from_slice(key).ok()?;
    let mut nonce = [0u8; 12];
    OsRng.fill_bytes(&mut nonce);
    let body = cipher
        .encrypt(
            &nonce.into(),
            Payload {
                msg: &plain,
                aad: id.as_bytes(),
            },
        )
        .ok()?;
    let mut sealed = nonce.to_vec();
    sealed.extend_from_slice(&body);
    Some(sealed)
}

/// The view in `sealed`, if it opens under `key` and `id`.
fn open(sealed: &[u8], id: &str, key: &[u8; 32]) -> Option<VerifyView> {
    if sealed.len() < 12 {
        return None;
    }
    let (nonce, body) = sealed.split_at(12);
    let nonce: [u8; 12] = nonce.try_into().ok()?;
    let cipher = Aes256Gcm::new_from_slice(key).ok()?;
    let plain = cipher
        .decrypt(
            &nonce.into(),
            Payload {
                msg: body,
                aad: id.as_bytes(),
            },
        )
        .ok()?;
    serde_json::from_slice(&plain).ok()
}

/// A fresh result token: 128 random bits as 32 hexadecimal digits.
fn new_token() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Whether `token` looks like one this store hands out (32 hexadecimal digits).
fn well_formed(token: &str) -> bool {
    token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

impl VerifyResults {
    /// A store in this process's memory (one instance).
    pub fn in_memory() -> Self {
        Self {
            place: Place::Memory(Arc::default()),
        }
    }

    /// A store in `store`'s database, shared by every instance on it.
    pub fn in_database(store: Store) -> Self {
        Self {
            place: Place::Database(store),
        }
    }

    /// Where a deployment on `store` keeps results: in memory on SQLite (one instance), in
    /// the database on PostgreSQL (any number of instances).
    pub fn for_store(store: &Store) -> Self {
        match store.backend() {
            Backend::Sqlite => Self::in_memory(),
            Backend::Postgres => Self::in_database(store.clone()),
        }
    }

    /// Keeps `client`'s `view` until `now` + the time to live; returns its token (128 random
    /// bits). A client at its quota loses its own oldest result; a full store, its oldest.
    pub async fn put(
        &self,
        view: VerifyView,
        now: DateTime<Utc>,
        client: Client,
    ) -> CoreResult<String> {
        let token = new_token();
        self.put_under(&token, view, now, client).await?;
        Ok(token)
    }

    /// Keeps `view` under `token` (128 bits as 32 hexadecimal digits, a secret of the caller's
    /// choosing) as [`VerifyResults::put`] does,
    /// unless a result is kept under it already: then nothing changes and the answer is
    /// `false` (the first result stays, so an answer cannot be replaced).
    pub async fn put_under(
        &self,
        token: &str,
        view: VerifyView,
        now: DateTime<Utc>,
        client: Client,
    ) -> CoreResult<bool> {
        if !well_formed(token) {
            return Err(crate::CoreError::Setup(
                "a verification result token must be 32 hexadecimal digits".into(),
            ));
        }
        let expires = now + Duration::minutes(RESULT_TTL_MINUTES);
        match &self.place {
            Place::Memory(inner) => {
                let Ok(mut map) = inner.lock() else {
                    return Ok(false);
                };
                map.retain(|_, (expires, _, _)| *expires > now);
                if map.contains_key(token) {
                    return Ok(false);
                }
                let own = map.values().filter(|(_, _, c)| *c == client).count();
                if own >= PER_CLIENT {
                    remove_oldest(&mut map, |c| *c == client);
                } else if map.len() >= MAX_RESULTS {
                    remove_oldest(&mut map, |_| true);
                }
                map.insert(token.to_owned(), (expires, view, client));
                Ok(true)
            }
            Place::Database(store) => {
                let (id, key) = derive(token);
                let sealed = seal(&view, &id, &key).ok_or_else(|| {
                    crate::CoreError::Setup("a verification result could not be sealed".into())
                })?;
                let quota = ResultQuota {
                    per_client: i64::try_from(PER_CLIENT).unwrap_or(i64::MAX),
                    total: i64::try_from(MAX_RESULTS).unwrap_or(i64::MAX),
                };
                let mut tx = store.begin().await?;
                let whose = client.pseudonym(store, "verify-results");
                let kept =
                    shared::keep_result(&mut tx, &id, &whose, &sealed, expires, now, quota).await?;
                tx.commit().await?;
                Ok(kept)
            }
        }
    }

    /// The result under `token`, if it has not expired.
    pub async fn get(&self, token: &str, now: DateTime<Utc>) -> CoreResult<Option<VerifyView>> {
        match &self.place {
            Place::Memory(inner) => {
                let Ok(map) = inner.lock() else {
                    return Ok(None);
                };
                Ok(map
                    .get(token)
                    .filter(|(expires, _, _)| *expires > now)
                    .map(|(_, view, _)| view.clone()))
            }
            Place::Database(store) => {
                if !well_formed(token) {
                    return Ok(None);
                }
                let (id, key) = derive(token);
                let mut db = store.read().await?;
                Ok(shared::kept_result(&mut db, &id, now)
                    .await?
                    .and_then(|sealed| open(&sealed, &id, &key)))
            }
        }
    }

    /// How many results are kept now (expired ones not yet dropped included).
    pub async fn count(&self) -> CoreResult<usize> {
        match &self.place {
            Place::Memory(inner) => Ok(inner.lock().map_or(0, |map| map.len())),
            Place::Database(store) => {
                let mut db = store.read().await?;
                let n = shared::kept_results(&mut db).await?;
                Ok(usize::try_from(n).unwrap_or(0))
            }
        }
    }
}

/// Removes the result that expires first among those whose client `whose` picks.
fn remove_oldest(map: &mut HashMap<String, Kept>, whose: impl Fn(&Client) -> bool) {
    let oldest = map
        .iter()
        .filter(|(_, (_, _, client))| whose(client))
        .min_by_key(|(_, (expires, _, _))| *expires)
        .map(|(token, _)| token.clone());
    if let Some(token) = oldest {
        map.remove(&token);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-30T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
            + Duration::minutes(minutes)
    }

    fn client(n: u8) -> Client {
        Client::of(IpAddr::from([10, 0, 0, n]))
    }

    async fn put(store: &VerifyResults, minute: i64, client: Client) -> String {
        store
            .put(VerifyView::unreadable("x"), at(minute), client)
            .await
            .unwrap()
    }

    async fn shown(store: &VerifyResults, token: &str, minute: i64) -> bool {
        store.get(token, at(minute)).await.unwrap().is_some()
    }

    #[tokio::test]
    async fn results_expire_and_tokens_are_random() {
        let store = VerifyResults::in_memory();
        let a = put(&store, 0, client(1)).await;
        let b = put(&store, 0, client(1)).await;
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(shown(&store, &a, 9).await);
        assert!(!shown(&store, &a, 10).await);
        assert!(!shown(&store, "nope", 0).await);
    }

    #[tokio::test]
    async fn a_result_under_a_chosen_token_is_kept_once() {
        let store = VerifyResults::in_memory();
        let token = new_token();
        let first = VerifyView::unreadable("first");
        assert!(store
            .put_under(&token, first.clone(), at(0), client(1))
            .await
            .unwrap());
        assert!(!store
            .put_under(&token, VerifyView::unreadable("second"), at(1), client(2))
            .await
            .unwrap());
        assert_eq!(store.get(&token, at(2)).await.unwrap(), Some(first));
        assert!(store
            .put_under("not-a-token", VerifyView::unreadable("x"), at(0), client(1))
            .await
            .is_err());
    }

    #[tokio::test]
    async fn the_store_is_bounded() {
        let store = VerifyResults::in_memory();
        let first = put(&store, 0, client(0)).await;
        for i in 0..MAX_RESULTS {
            let many = Client::of(IpAddr::from([10, 1, (i / 256) as u8, (i % 256) as u8]));
            put(&store, 1, many).await;
        }
        assert!(!shown(&store, &first, 2).await);
        assert_eq!(store.count().await.unwrap(), MAX_RESULTS);
    }

    #[tokio::test]
    async fn one_client_flooding_the_store_pushes_out_only_its_own_results() {
        let store = VerifyResults::in_memory();
        let clinic = put(&store, 0, client(7)).await;
        let flooder = Client::of("2001:db8:1:2::1".parse().unwrap());
        let mut last = String::new();
        for i in 0..2_000 {
            // Every address of the same /64 counts as the same client.
            let address: IpAddr = format!("2001:db8:1:2::{:x}", i + 2).parse().unwrap();
            assert_eq!(Client::of(address), flooder);
            last = put(&store, 1, Client::of(address)).await;
        }
        assert!(shown(&store, &clinic, 2).await, "the clinic's result stays");
        assert!(shown(&store, &last, 2).await, "the flooder's newest stays");
        assert_eq!(store.count().await.unwrap(), 1 + PER_CLIENT);
    }

    #[test]
    fn ipv4_mapped_addresses_count_as_their_ipv4_client() {
        let mapped: IpAddr = "::ffff:10.0.0.7".parse().unwrap();
        assert_eq!(Client::of(mapped), client(7));
    }

    #[test]
    fn a_sealed_result_opens_only_with_its_own_token() {
        let view = VerifyView::unreadable("malformed");
        let (id, key) = derive("00112233445566778899aabbccddeeff");
        let sealed = seal(&view, &id, &key).unwrap();
        assert_eq!(open(&sealed, &id, &key), Some(view));
        let (other_id, other_key) = derive("ffeeddccbbaa99887766554433221100");
        assert_ne!(id, other_id);
        assert_eq!(open(&sealed, &id, &other_key), None, "another token's key");
        assert_eq!(open(&sealed, &other_id, &key), None, "moved to another row");
        let mut tampered = sealed.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert_eq!(open(&tampered, &id, &key), None, "changed");
        assert_eq!(open(&sealed[..11], &id, &key), None, "cut short");
        assert!(
            !String::from_utf8_lossy(&sealed).contains("malformed"),
            "nothing in clear"
        );
    }

    #[test]
    fn only_tokens_of_the_right_shape_are_looked_up() {
        assert!(well_formed("00112233445566778899aabbccddeeff"));
        assert!(!well_formed("0011"));
        assert!(!well_formed("00112233445566778899aabbccddeefg"));
    }
}
