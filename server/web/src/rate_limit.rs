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
//! Where budgets are counted depends on the database. On SQLite (one instance) a token bucket
//! per client in this process's memory: a burst of `per_minute`, then one every
//! `60 / per_minute` seconds. On PostgreSQL, where any number of instances serve behind a
//! proxy, in the database (`rate_hits`), so an attempt counted by one instance counts for all:
//! a sliding window over this minute and the last (the last minute's count weighted by how
//! much of it is still inside the window), every attempt counted, refused ones too.
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
use chrono::{DateTime, Timelike, Utc};
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
                let at = clock.now();
                let minute = at.timestamp().div_euclid(60);
                let whose = store.audit_key().pseudonym(scope, &client.key_bytes());
                let mut db = store.read().await?;
                let (this, last) = shared::count_hit(&mut db, scope, &whose, minute).await?;
                Ok(sliding_window(
                    this,
                    last,
                    seconds_into_minute(at),
                    self.burst,
                ))
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

fn seconds_into_minute(at: DateTime<Utc>) -> f64 {
    f64::from(at.second()) + f64::from(at.nanosecond().min(999_999_999)) / 1e9
}

/// The verdict of the sliding window: `this` attempts in this minute (the new one included),
/// `last` in the minute before, `seconds` into this minute, `limit` a minute. When refused,
/// how long until the window holds room for one more (at least a second).
fn sliding_window(this: i64, last: i64, seconds: f64, limit: f64) -> Result<(), Duration> {
    // Counts of a minute are far below 2^52: exact as floats.
    #[allow(clippy::cast_precision_loss)]
    let (this, last) = (this as f64, last as f64);
    let estimate = last * (1.0 - seconds / 60.0) + this;
    if estimate <= limit {
        return Ok(());
    }
    let wait = if this <= limit && last > 0.0 {
        // The last minute's weight falls until `last * (1 - (seconds + t) / 60) + this` is
        // within the limit.
        60.0 * (1.0 - (limit - this) / last) - seconds
    } else {
        // Not within this minute: in the next, this minute's attempts weigh as `last`.
        (60.0 - seconds) + 60.0 * (1.0 - (limit - 1.0).max(0.0) / this)
    };
    Err(Duration::from_secs_f64(wait.clamp(1.0, 120.0)))
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

    #[test]
    fn the_sliding_window_weighs_the_last_minute_by_what_is_left_of_it() {
        // 60 a minute; 60 attempts last minute.
        assert!(
            sliding_window(1, 60, 0.0, 60.0).is_err(),
            "start: all 60 count"
        );
        assert!(
            sliding_window(1, 60, 1.0, 60.0).is_ok(),
            "a second later: 59 count"
        );
        assert!(
            sliding_window(30, 60, 30.0, 60.0).is_ok(),
            "half-way: 30 + 30"
        );
        assert!(sliding_window(31, 60, 30.0, 60.0).is_err());
        assert!(
            sliding_window(60, 0, 59.0, 60.0).is_ok(),
            "a quiet last minute"
        );
        assert!(sliding_window(61, 0, 59.0, 60.0).is_err());
    }

    #[test]
    fn a_refusal_says_how_long_until_there_is_room() {
        // 40 this minute, 60 last, 10 s in: 60 * 50/60 + 40 = 90 > 60. Room when
        // 60 * (1 - (10 + t) / 60) + 40 <= 60, that is t >= 30 s.
        let wait = sliding_window(40, 60, 10.0, 60.0).unwrap_err();
        assert_eq!(wait.as_secs(), 30);
        // Over the limit within this minute: to its end, then until 61 weigh 59 or less.
        let wait = sliding_window(61, 0, 50.0, 60.0).unwrap_err();
        assert!(
            wait.as_secs_f64() > 10.0 && wait.as_secs_f64() < 12.0,
            "{wait:?}"
        );
        // Never less than a second, never more than two minutes.
        assert!(sliding_window(10_000, 10_000, 0.0, 1.0).unwrap_err() <= Duration::from_secs(120));
        assert!(sliding_window(2, 0, 59.99, 1.0).unwrap_err() >= Duration::from_secs(1));
    }
}
