//! Rate limiting per client: sign-in and enrollment attempts, and proof checks on the open
//! verify routes, per client address (an IPv4 address, or an IPv6 /64); credentials issued,
//! per API token.
//!
//! A budget of `per_minute` attempts a minute (configurable: `auth.attempts_per_minute`,
//! default 60, and `verify.per_minute`, default 120; a whole camp may share one public
//! address). Beyond that the answer is 429 with `Retry-After`. Guessing an invitation code (50
//! bits) is hopeless at any such pace, and each invitation also locks after five wrong answers
//! (see `auth::invitation`).
//!
//! A token bucket per client: a burst of `per_minute` attempts, then one every
//! `60 / per_minute` seconds; a refused attempt takes nothing. Where it is kept depends on the
//! database. On SQLite (one instance), in this process's memory. On PostgreSQL, where any
//! number of instances serve behind a proxy, in the database (`rate_budgets`, one number per
//! client: when its bucket is full again, the generic cell rate algorithm), changed by one
//! compare-and-set per attempt, so an attempt counted by one instance counts for all.
//!
//! Owns: per-client budgets. Must never: keep addresses longer than their budget needs (the
//! database holds keyed pseudonyms, and rows go after two minutes), or log them.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use portal_core::credentials::results::Client;
use portal_domain::clock::SharedClock;
use portal_storage::{shared, Backend, Store, StoreError};

use super::problem::Problem;
use crate::AppError;

/// Addresses tracked in memory before idle ones are forgotten.
const MAX_TRACKED: usize = 10_000;

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// What a budget is kept per: a client address, or an API token's id.
pub trait BudgetKey: Eq + Hash + Copy + Send + Sync + 'static {
    /// The bytes the database pseudonym is made of.
    fn key_bytes(&self) -> Vec<u8>;
}

impl BudgetKey for IpAddr {
    fn key_bytes(&self) -> Vec<u8> {
        self.to_string().into_bytes()
    }
}

impl BudgetKey for uuid::Uuid {
    fn key_bytes(&self) -> Vec<u8> {
        self.as_bytes().to_vec()
    }
}

/// Where the budgets are counted.
#[derive(Clone)]
enum Place<K> {
    /// Token buckets in this process.
    Memory(Arc<Mutex<HashMap<K, Bucket>>>),
    /// Counts per minute in the database, shared by every instance.
    Database {
        store: Store,
        scope: &'static str,
        clock: SharedClock,
    },
}

impl<K> std::fmt::Debug for Place<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Memory(_) => f.write_str("Memory"),
            Place::Database { scope, .. } => write!(f, "Database({scope})"),
        }
    }
}

/// Budgets per client: its address by default, or another key (an API token's id).
#[derive(Clone, Debug)]
pub struct RateLimiter<K = IpAddr> {
    place: Place<K>,
    burst: f64,
    refill_seconds: f64,
}

impl<K: BudgetKey> Default for RateLimiter<K> {
    fn default() -> Self {
        Self::per_minute(60)
    }
}

impl<K: BudgetKey> RateLimiter<K> {
    /// `per_minute` attempts at once, then that many a minute, counted in this process.
    pub fn per_minute(per_minute: u32) -> Self {
        let per_minute = f64::from(per_minute.max(1));
        Self {
            place: Place::Memory(Arc::default()),
            burst: per_minute,
            refill_seconds: 60.0 / per_minute,
        }
    }

    /// `per_minute` attempts a minute, counted in `store`'s database under `scope` (one
    /// budget per scope and client for all instances), minutes read from `clock`.
    pub fn shared(store: Store, scope: &'static str, clock: SharedClock, per_minute: u32) -> Self {
        Self {
            place: Place::Database {
                store,
                scope,
                clock,
            },
            ..Self::per_minute(per_minute)
        }
    }

    /// The limiter a deployment on `store` needs: in memory on SQLite (one instance), in the
    /// database on PostgreSQL (any number of instances).
    pub fn for_store(
        store: &Store,
        scope: &'static str,
        clock: SharedClock,
        per_minute: u32,
    ) -> Self {
        match store.backend() {
            Backend::Sqlite => Self::per_minute(per_minute),
            Backend::Postgres => Self::shared(store.clone(), scope, clock, per_minute),
        }
    }

    /// Takes one attempt from `client`'s budget (`now` for the in-memory buckets); the inner
    /// `Err` says how long to wait.
    pub async fn check(&self, client: K, now: Instant) -> Result<Result<(), Duration>, StoreError> {
        match &self.place {
            Place::Memory(buckets) => Ok(self.check_memory(buckets, client, now)),
            Place::Database {
                store,
                scope,
                clock,
            } => {
                let now = clock.now().timestamp_micros();
                // Whole microseconds: at most 100,000 a minute gives 600 µs.
                #[allow(clippy::cast_possible_truncation)]
                let interval = (self.refill_seconds * 1e6) as i64;
                #[allow(clippy::cast_possible_truncation)]
                let burst = self.burst as i64;
                let whose = store.audit_key().pseudonym(scope, &client.key_bytes());
                let mut db = store.read().await?;
                let taken =
                    shared::take_attempt(&mut db, scope, &whose, now, interval.max(1), burst)
                        .await?;
                Ok(taken
                    .map_err(|wait| Duration::from_micros(u64::try_from(wait).unwrap_or(u64::MAX))))
            }
        }
    }

    fn check_memory(
        &self,
        buckets: &Mutex<HashMap<K, Bucket>>,
        client: K,
        now: Instant,
    ) -> Result<(), Duration> {
        let Ok(mut buckets) = buckets.lock() else {
            return Ok(());
        };
        let (burst, refill_seconds) = (self.burst, self.refill_seconds);
        if buckets.len() >= MAX_TRACKED {
            buckets.retain(|_, b| refill(*b, now, burst, refill_seconds).tokens < burst);
        }
        let bucket = buckets.entry(client).or_insert(Bucket {
            tokens: burst,
            updated: now,
        });
        *bucket = refill(*bucket, now, burst, refill_seconds);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(
                (1.0 - bucket.tokens) * refill_seconds,
            ))
        }
    }
}

fn refill(bucket: Bucket, now: Instant, burst: f64, refill_seconds: f64) -> Bucket {
    let earned = now.saturating_duration_since(bucket.updated).as_secs_f64() / refill_seconds;
    Bucket {
        tokens: (bucket.tokens + earned).min(burst),
        updated: now,
    }
}

/// The middleware: limits every request it wraps by the client's address (an IPv6 client by
/// its /64).
pub async fn limit(State(limiter): State<RateLimiter>, request: Request, next: Next) -> Response {
    let address = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |info| info.0.ip());
    match limiter
        .check(Client::of(address).address(), Instant::now())
        .await
    {
        Ok(Ok(())) => next.run(request).await,
        Ok(Err(wait)) => too_many(wait),
        Err(error) => AppError::from(error).into_response(),
    }
}

/// 429 with `Retry-After` in whole seconds.
fn too_many(wait: Duration) -> Response {
    let seconds = wait.as_secs().max(1);
    let mut response = Problem::new(
        StatusCode::TOO_MANY_REQUESTS,
        "too-many-attempts",
        "Too many attempts",
    )
    .detail(format!("Please wait {seconds} seconds and try again."))
    .into_response();
    if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(RETRY_AFTER, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(limiter: &RateLimiter, client: IpAddr, now: Instant) -> Result<(), Duration> {
        match &limiter.place {
            Place::Memory(buckets) => limiter.check_memory(buckets, client, now),
            Place::Database { .. } => unreachable!("memory only"),
        }
    }

    #[test]
    fn a_burst_is_allowed_then_attempts_are_paced() {
        let limiter = RateLimiter::per_minute(20);
        let client = IpAddr::from([10, 0, 0, 1]);
        let start = Instant::now();
        for _ in 0..20 {
            assert!(check(&limiter, client, start).is_ok());
        }
        let wait = check(&limiter, client, start).unwrap_err();
        assert!(wait <= Duration::from_secs(3) && wait > Duration::ZERO);
        assert!(
            check(&limiter, client, start + Duration::from_secs(3)).is_ok(),
            "one more after 3 s"
        );
        assert!(check(&limiter, client, start + Duration::from_secs(3)).is_err());
    }

    #[test]
    fn each_address_has_its_own_budget() {
        let limiter = RateLimiter::per_minute(20);
        let now = Instant::now();
        for _ in 0..20 {
            check(&limiter, IpAddr::from([10, 0, 0, 1]), now).unwrap();
        }
        assert!(check(&limiter, IpAddr::from([10, 0, 0, 1]), now).is_err());
        assert!(check(&limiter, IpAddr::from([10, 0, 0, 2]), now).is_ok());
    }
}
