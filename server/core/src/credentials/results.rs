//! The verifier page's results, kept for a few minutes under a random token, so a plain form
//! post can redirect to a page that shows them (post/redirect/get) without putting anything
//! personal into a URL. What a result shows is [`VerifyView`] (in `portal_credentials`).
//!
//! Each client (an IPv4 address, or an IPv6 /64: one household's or one phone's network) may
//! keep at most [`PER_CLIENT`] results; its next one replaces its own oldest, so a flood of
//! posts from one client never pushes out anyone else's result.
//!
//! Owns: the kept results and the quotas. Must never: let one client evict another's result
//! while there is room for the other's, or keep a result past its time to live.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
pub use portal_credentials::verdict::{MemberView, Outcome, VerifyView};
use rand_core::{OsRng, RngCore};

/// How long a result can be shown after the form post.
pub const RESULT_TTL_MINUTES: i64 = 10;
/// Most results kept at once (oldest dropped first).
pub const MAX_RESULTS: usize = 2_000;
/// Most results one client keeps at once (its oldest dropped first).
pub const PER_CLIENT: usize = 20;

/// Results waiting to be shown, under random tokens. In memory: a deployment of several
/// instances needs sticky sessions for `/verify` (documented in the README).
#[derive(Clone, Default)]
pub struct VerifyResults {
    inner: Arc<std::sync::Mutex<HashMap<String, Kept>>>,
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
}

impl VerifyResults {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps `client`'s `view` until `now` + the time to live; returns its token (128 random
    /// bits). A client at its quota loses its own oldest result; a full store, its oldest.
    pub fn put(&self, view: VerifyView, now: DateTime<Utc>, client: Client) -> String {
        let mut bytes = [0u8; 16];
        OsRng.fill_bytes(&mut bytes);
        let token = hex::encode(bytes);
        let Ok(mut map) = self.inner.lock() else {
            return token;
        };
        map.retain(|_, (expires, _, _)| *expires > now);
        let own = map.values().filter(|(_, _, c)| *c == client).count();
        if own >= PER_CLIENT {
            remove_oldest(&mut map, |c| *c == client);
        } else if map.len() >= MAX_RESULTS {
            remove_oldest(&mut map, |_| true);
        }
        map.insert(
            token.clone(),
            (now + Duration::minutes(RESULT_TTL_MINUTES), view, client),
        );
        token
    }

    /// The result under `token`, if it has not expired.
    pub fn get(&self, token: &str, now: DateTime<Utc>) -> Option<VerifyView> {
        let map = self.inner.lock().ok()?;
        map.get(token)
            .filter(|(expires, _, _)| *expires > now)
            .map(|(_, view, _)| view.clone())
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

    #[test]
    fn results_expire_and_tokens_are_random() {
        let store = VerifyResults::new();
        let a = store.put(VerifyView::unreadable("malformed"), at(0), client(1));
        let b = store.put(VerifyView::unreadable("malformed"), at(0), client(1));
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(store.get(&a, at(9)).is_some());
        assert!(store.get(&a, at(10)).is_none());
        assert!(store.get("nope", at(0)).is_none());
    }

    fn client(n: u8) -> Client {
        Client::of(IpAddr::from([10, 0, 0, n]))
    }

    #[test]
    fn the_store_is_bounded() {
        let store = VerifyResults::new();
        let first = store.put(VerifyView::unreadable("x"), at(0), client(0));
        for i in 0..MAX_RESULTS {
            let many = Client::of(IpAddr::from([10, 1, (i / 256) as u8, (i % 256) as u8]));
            store.put(VerifyView::unreadable("x"), at(1), many);
        }
        assert!(store.get(&first, at(2)).is_none());
        assert_eq!(store.inner.lock().unwrap().len(), MAX_RESULTS);
    }

    #[test]
    fn one_client_flooding_the_store_pushes_out_only_its_own_results() {
        let store = VerifyResults::new();
        let clinic = store.put(VerifyView::unreadable("x"), at(0), client(7));
        let flooder = Client::of("2001:db8:1:2::1".parse().unwrap());
        let mut last = String::new();
        for i in 0..2_000 {
            // Every address of the same /64 counts as the same client.
            let address: IpAddr = format!("2001:db8:1:2::{:x}", i + 2).parse().unwrap();
            assert_eq!(Client::of(address), flooder);
            last = store.put(VerifyView::unreadable("x"), at(1), Client::of(address));
        }
        assert!(
            store.get(&clinic, at(2)).is_some(),
            "the clinic's result stays"
        );
        assert!(
            store.get(&last, at(2)).is_some(),
            "the flooder's newest stays"
        );
        assert_eq!(store.inner.lock().unwrap().len(), 1 + PER_CLIENT);
    }

    #[test]
    fn ipv4_mapped_addresses_count_as_their_ipv4_client() {
        let mapped: IpAddr = "::ffff:10.0.0.7".parse().unwrap();
        assert_eq!(Client::of(mapped), client(7));
    }
}
