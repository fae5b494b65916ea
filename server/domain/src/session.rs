//! Server-side sessions: who a browser is signed in as, for how long, and how recently they
//! proved it with a passkey.
//!
//! The state machine of a session:
//!
//! ```text
//!   (none) ──start ceremony──▶ anonymous ──passkey login──▶ signed in ──┐
//!                                  ▲                        │  ▲       │ every request
//!                                  │                        │  └───────┘ (idle clock resets)
//!                                  └──── expired / logout ◀─┘
//! ```
//!
//! A signed-in session ends at the first of: logout, "sign out everywhere", 30 minutes without
//! a request, or its absolute lifetime (12 h for people, 10 h for staff). Signing in always
//! issues a new session id (no fixation). Sensitive actions also need a passkey assertion within
//! the last 5 minutes.
//!
//! Owns: session lifetimes and their rules. Must never: read the clock (callers pass `now`).

use chrono::{DateTime, Duration, Utc};

use crate::delegation::DelegationId;
use crate::person::PersonId;
use crate::staff::StaffId;

/// Who a signed-in session belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Principal {
    /// A registered person.
    Person(PersonId),
    /// A staff member.
    Staff(StaffId),
}

/// How long sessions and ceremonies live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Ends a session after this long without a request.
    pub idle_timeout: Duration,
    /// Longest life of a person's session.
    pub person_lifetime: Duration,
    /// Longest life of a staff session.
    pub staff_lifetime: Duration,
    /// How recent a passkey assertion must be for sensitive actions.
    pub reauth_window: Duration,
    /// How long a started WebAuthn ceremony may wait for its answer.
    pub ceremony_ttl: Duration,
}

impl SessionPolicy {
    /// Lifetimes of signed-in sessions (idle, people, staff); ceremony and re-authentication
    /// windows fixed.
    pub fn with_lifetimes(idle_minutes: u32, person_hours: u32, staff_hours: u32) -> Self {
        Self {
            idle_timeout: Duration::minutes(i64::from(idle_minutes)),
            person_lifetime: Duration::hours(i64::from(person_hours)),
            staff_lifetime: Duration::hours(i64::from(staff_hours)),
            ..Self::default()
        }
    }
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::minutes(30),
            person_lifetime: Duration::hours(12),
            staff_lifetime: Duration::hours(10),
            reauth_window: Duration::minutes(5),
            ceremony_ttl: Duration::minutes(5),
        }
    }
}

/// A stored session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// Who, once signed in.
    pub principal: Option<Principal>,
    /// When the session was created.
    pub created_at: DateTime<Utc>,
    /// The last request.
    pub last_seen_at: DateTime<Utc>,
    /// When the session ends whatever happens.
    pub expires_at: DateTime<Utc>,
    /// The last passkey assertion.
    pub authenticated_at: Option<DateTime<Utc>>,
    /// The delegation a helper's session acts under (checked at every request).
    pub acting_for: Option<DelegationId>,
}

impl SessionPolicy {
    /// A fresh anonymous session (holds a ceremony only; short-lived).
    pub fn anonymous(&self, now: DateTime<Utc>) -> Session {
        Session {
            principal: None,
            created_at: now,
            last_seen_at: now,
            expires_at: now + self.ceremony_ttl,
            authenticated_at: None,
            acting_for: None,
        }
    }

    /// A fresh signed-in session for `principal`, just authenticated.
    pub fn signed_in(&self, principal: Principal, now: DateTime<Utc>) -> Session {
        let lifetime = match principal {
            Principal::Person(_) => self.person_lifetime,
            Principal::Staff(_) => self.staff_lifetime,
        };
        Session {
            principal: Some(principal),
            created_at: now,
            last_seen_at: now,
            expires_at: now + lifetime,
            authenticated_at: Some(now),
            acting_for: None,
        }
    }

    /// Whether `session` may still be used at `now`.
    pub fn is_live(&self, session: &Session, now: DateTime<Utc>) -> bool {
        now < session.expires_at && now - session.last_seen_at < self.idle_timeout
    }

    /// Whether `session` proved presence recently enough for a sensitive action.
    pub fn is_recently_authenticated(&self, session: &Session, now: DateTime<Utc>) -> bool {
        session
            .authenticated_at
            .is_some_and(|at| now - at <= self.reauth_window && at <= now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn t0() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-30T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn person() -> Principal {
        Principal::Person(PersonId(Uuid::nil()))
    }

    #[test]
    fn a_session_ends_after_30_idle_minutes() {
        let policy = SessionPolicy::default();
        let session = policy.signed_in(person(), t0());
        assert!(policy.is_live(&session, t0() + Duration::minutes(29)));
        assert!(!policy.is_live(&session, t0() + Duration::minutes(30)));
    }

    #[test]
    fn activity_cannot_extend_a_session_past_its_lifetime() {
        let policy = SessionPolicy::default();
        let mut session = policy.signed_in(Principal::Staff(StaffId(Uuid::nil())), t0());
        session.last_seen_at = t0() + Duration::hours(10) - Duration::seconds(1);
        assert!(policy.is_live(&session, t0() + Duration::hours(10) - Duration::seconds(1)));
        session.last_seen_at = t0() + Duration::hours(10);
        assert!(
            !policy.is_live(&session, t0() + Duration::hours(10)),
            "staff: 10 h"
        );
        let person_session = policy.signed_in(person(), t0());
        assert_eq!(
            person_session.expires_at - t0(),
            Duration::hours(12),
            "people: 12 h"
        );
    }

    #[test]
    fn sensitive_actions_need_a_passkey_within_five_minutes() {
        let policy = SessionPolicy::default();
        let session = policy.signed_in(person(), t0());
        assert!(policy.is_recently_authenticated(&session, t0() + Duration::minutes(5)));
        assert!(!policy.is_recently_authenticated(&session, t0() + Duration::minutes(6)));
        assert!(!policy.is_recently_authenticated(&policy.anonymous(t0()), t0()));
    }

    #[test]
    fn anonymous_sessions_live_only_as_long_as_a_ceremony() {
        let policy = SessionPolicy::default();
        let session = policy.anonymous(t0());
        assert!(policy.is_live(&session, t0() + Duration::minutes(4)));
        assert!(!policy.is_live(&session, t0() + Duration::minutes(5)));
    }
}
