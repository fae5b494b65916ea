//! The verifier page's results, kept for a few minutes under a random token, so a plain form
//! post can redirect to a page that shows them (post/redirect/get) without putting anything
//! personal into a URL. What a result shows is [`VerifyView`] (in `portal_credentials`).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
pub use portal_credentials::verdict::{MemberView, Outcome, VerifyView};
use rand_core::{OsRng, RngCore};

/// How long a result can be shown after the form post.
pub const RESULT_TTL_MINUTES: i64 = 10;
/// Most results kept at once (oldest dropped first).
pub const MAX_RESULTS: usize = 2_000;

/// Results waiting to be shown, under random tokens. In memory: a deployment of several
/// instances needs sticky sessions for `/verify` (documented in the README).
#[derive(Clone, Default)]
pub struct VerifyResults {
    inner: Arc<std::sync::Mutex<HashMap<String, Kept>>>,
}

/// A result and when it stops being shown.
type Kept = (DateTime<Utc>, VerifyView);

impl VerifyResults {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps `view` until `now` + the time to live; returns its token (128 random bits).
    pub fn put(&self, view: VerifyView, now: DateTime<Utc>) -> String {
        let mut bytes = [0u8; 16];
        OsRng.fill_bytes(&mut bytes);
        let token = hex::encode(bytes);
        let Ok(mut map) = self.inner.lock() else {
            return token;
        };
        map.retain(|_, (expires, _)| *expires > now);
        if map.len() >= MAX_RESULTS {
            if let Some(oldest) = map
                .iter()
                .min_by_key(|(_, (expires, _))| *expires)
                .map(|(k, _)| k.clone())
            {
                map.remove(&oldest);
            }
        }
        map.insert(
            token.clone(),
            (now + Duration::minutes(RESULT_TTL_MINUTES), view),
        );
        token
    }

    /// The result under `token`, if it has not expired.
    pub fn get(&self, token: &str, now: DateTime<Utc>) -> Option<VerifyView> {
        let map = self.inner.lock().ok()?;
        map.get(token)
            .filter(|(expires, _)| *expires > now)
            .map(|(_, view)| view.clone())
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
        let a = store.put(VerifyView::unreadable("malformed"), at(0));
        let b = store.put(VerifyView::unreadable("malformed"), at(0));
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(store.get(&a, at(9)).is_some());
        assert!(store.get(&a, at(10)).is_none());
        assert!(store.get("nope", at(0)).is_none());
    }

    #[test]
    fn the_store_is_bounded() {
        let store = VerifyResults::new();
        let first = store.put(VerifyView::unreadable("x"), at(0));
        for _ in 0..MAX_RESULTS {
            store.put(VerifyView::unreadable("x"), at(1));
        }
        assert!(store.get(&first, at(2)).is_none());
        assert_eq!(store.inner.lock().unwrap().len(), MAX_RESULTS);
    }
}
