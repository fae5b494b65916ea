//! Rate limiting per client: sign-in and enrollment attempts, and proof checks on the open
//! verify routes, per client address; credentials issued, per API token.
//!
//! A token bucket per client: a burst of `per_minute` attempts, then one every
//! `60 / per_minute` seconds (configurable: `auth.attempts_per_minute`, default 60, and
//! `verify.per_minute`, default 120; a whole camp may share one public address). Beyond that
//! the answer is 429 with `Retry-After`. Guessing an invitation code (50 bits) is hopeless at
//! any such pace, and each invitation also locks after five wrong answers (see
//! `auth::invitation`).
//!
//! Owns: per-client budgets, in this process's memory (the operate issue moves them to the
//! database for several instances). Must never: keep addresses longer than their bucket needs
//! to refill, or log them.

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

use super::problem::Problem;

/// Addresses tracked before idle ones are forgotten.
const MAX_TRACKED: usize = 10_000;

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Budgets per client: its address by default, or another key (an API token's id).
#[derive(Clone, Debug)]
pub struct RateLimiter<K = IpAddr> {
    buckets: Arc<Mutex<HashMap<K, Bucket>>>,
    burst: f64,
    refill_seconds: f64,
}

impl<K: Eq + Hash + Copy> Default for RateLimiter<K> {
    fn default() -> Self {
        Self::per_minute(60)
    }
}

impl<K: Eq + Hash + Copy> RateLimiter<K> {
    /// `per_minute` attempts at once, then that many a minute.
    pub fn per_minute(per_minute: u32) -> Self {
        let per_minute = f64::from(per_minute.max(1));
        Self {
            buckets: Arc::default(),
            burst: per_minute,
            refill_seconds: 60.0 / per_minute,
        }
    }

    /// Takes one attempt from `client`'s budget at `now`; `Err` says how long to wait.
    pub fn check(&self, client: K, now: Instant) -> Result<(), Duration> {
        let Ok(mut buckets) = self.buckets.lock() else {
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

/// The middleware: limits every request it wraps by the client's address.
pub async fn limit(State(limiter): State<RateLimiter>, request: Request, next: Next) -> Response {
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |info| info.0.ip());
    match limiter.check(client, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(wait) => {
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_attempts_are_paced() {
        let limiter = RateLimiter::per_minute(20);
        let client = IpAddr::from([10, 0, 0, 1]);
        let start = Instant::now();
        for _ in 0..20 {
            assert!(limiter.check(client, start).is_ok());
        }
        let wait = limiter.check(client, start).unwrap_err();
        assert!(wait <= Duration::from_secs(3) && wait > Duration::ZERO);
        assert!(
            limiter
                .check(client, start + Duration::from_secs(3))
                .is_ok(),
            "one more after 3 s"
        );
        assert!(limiter
            .check(client, start + Duration::from_secs(3))
            .is_err());
    }

    #[test]
    fn each_address_has_its_own_budget() {
        let limiter = RateLimiter::per_minute(20);
        let now = Instant::now();
        for _ in 0..20 {
            limiter.check(IpAddr::from([10, 0, 0, 1]), now).unwrap();
        }
        assert!(limiter.check(IpAddr::from([10, 0, 0, 1]), now).is_err());
        assert!(limiter.check(IpAddr::from([10, 0, 0, 2]), now).is_ok());
    }
}
