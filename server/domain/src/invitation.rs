//! Enrollment invitations: how a registered person (or a new staff member) gets a passkey.
//!
//! ```text
//!   issued ──answers match──▶ verified ──passkey created──▶ consumed
//!     │  └─wrong answer (×5)──▶ locked
//!     └──72 h pass──▶ expired
//! ```
//!
//! An invitation is single-use, expires, and is stored as hashes of its link token and of its
//! short code. Five wrong registration-number/date-of-birth answers lock it; staff then issue a
//! new one. Every outcome the person sees is the same generic one, whether the invitation is
//! unknown, expired, used, locked or the answers were wrong: nobody can probe who is registered.
//!
//! Owns: the invitation state machine. Must never: say to the visitor which check failed.

use chrono::{DateTime, Duration, Utc};

/// Wrong answers tolerated before an invitation locks.
pub const MAX_FAILED_ATTEMPTS: i64 = 5;

/// Default lifetime of an invitation.
pub fn default_lifetime() -> Duration {
    Duration::hours(72)
}

/// The stored facts of an invitation that decide what it can still do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitationStatus {
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// When a passkey was created with it.
    pub consumed_at: Option<DateTime<Utc>>,
    /// Wrong answers so far.
    pub failed_attempts: i64,
}

/// What an invitation can do now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvitationState {
    /// Answers may be checked.
    Open,
    /// Past its lifetime.
    Expired,
    /// Already used.
    Consumed,
    /// Too many wrong answers.
    Locked,
}

impl InvitationStatus {
    /// The state at `now`; a used invitation stays used, a locked one locked.
    pub fn state(&self, now: DateTime<Utc>) -> InvitationState {
        if self.consumed_at.is_some() {
            InvitationState::Consumed
        } else if self.failed_attempts >= MAX_FAILED_ATTEMPTS {
            InvitationState::Locked
        } else if now >= self.expires_at {
            InvitationState::Expired
        } else {
            InvitationState::Open
        }
    }
}

/// Compares two answers in time independent of where they differ.
pub fn answers_match(expected: &str, given: &str) -> bool {
    let (a, b) = (expected.as_bytes(), given.as_bytes());
    let mut difference = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        difference |= usize::from(a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0));
    }
    difference == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-30T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn fresh() -> InvitationStatus {
        InvitationStatus {
            expires_at: t0() + default_lifetime(),
            consumed_at: None,
            failed_attempts: 0,
        }
    }

    #[test]
    fn an_invitation_is_open_until_it_expires() {
        assert_eq!(
            fresh().state(t0() + Duration::hours(71)),
            InvitationState::Open
        );
        assert_eq!(
            fresh().state(t0() + Duration::hours(72)),
            InvitationState::Expired
        );
    }

    #[test]
    fn five_wrong_answers_lock_it() {
        let mut status = fresh();
        status.failed_attempts = 4;
        assert_eq!(status.state(t0()), InvitationState::Open);
        status.failed_attempts = 5;
        assert_eq!(status.state(t0()), InvitationState::Locked);
    }

    #[test]
    fn a_used_invitation_stays_used() {
        let mut status = fresh();
        status.consumed_at = Some(t0());
        status.failed_attempts = 9;
        assert_eq!(
            status.state(t0() + Duration::days(9)),
            InvitationState::Consumed
        );
    }

    #[test]
    fn answers_compare_exactly() {
        assert!(answers_match("AMM-26-000001", "AMM-26-000001"));
        assert!(!answers_match("AMM-26-000001", "AMM-26-000002"));
        assert!(!answers_match("AMM-26-000001", "AMM-26-00000"));
        assert!(!answers_match("", "x"));
    }
}

/// An invitation just issued: the secrets exist only here, to be printed or mailed once.
#[derive(Debug)]
pub struct IssuedInvitation {
    /// Id.
    pub id: uuid::Uuid,
    /// Goes into the link `/enroll/{token}`.
    pub token: super::tokens::SecretToken,
    /// Typed by people who cannot scan the link.
    pub code: super::tokens::ShortCode,
    /// Deadline.
    pub expires_at: DateTime<Utc>,
}

impl IssuedInvitation {
    /// The enrollment link under `public_url`.
    pub fn link(&self, public_url: &url::Url) -> String {
        format!(
            "{}/enroll/{}",
            public_url.as_str().trim_end_matches('/'),
            self.token.expose()
        )
    }
}
