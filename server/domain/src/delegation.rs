//! Trusted helpers: a person lets someone they trust (a relative, a caseworker with a portal
//! account) act for them, within limits, for a set time, revocable at any time.
//!
//! A delegation starts as an invitation: the person names the helper as they know them, picks
//! what the helper may do and until when, and gets a one-time code to give the helper. The
//! helper, signed in with their own passkey, enters the code; from then on they can switch to
//! acting for the person. Either side, or the office, can end it.
//!
//! Owns: the rules of a delegation (limits, durations, who may end it, whether it is live).
//! Must never: let a helper do more than its limits, act after the end or the expiry, or act
//! for themselves.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::person::PersonId;
use crate::{clean_text, Field, Problem, ValidationError};

/// A delegation's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DelegationId(pub Uuid);

/// What a helper may do besides looking (viewing the record, household, requests, appointments
/// and messages is always part of it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    /// Book, move and cancel appointments.
    pub may_book: bool,
    /// Ask for changes, answer the office's questions, withdraw requests.
    pub may_request: bool,
}

/// The longest a delegation may last.
pub const MAX_DAYS: i64 = 365;
/// How long the one-time code stays usable.
pub const CODE_LIFETIME: Duration = Duration::hours(48);
/// Most delegations a person may have live or waiting at once.
pub const MAX_OPEN: i64 = 5;
/// Most delegations a person may grant in 24 hours (granting and ending in a loop cannot grow
/// the table without bound).
pub const MAX_PER_DAY: i64 = 20;
/// Longest name for the helper.
pub const MAX_LABEL_CHARS: usize = 80;

/// A helper's session acting for a person under a live delegation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Acting {
    /// The delegation.
    pub delegation: DelegationId,
    /// The person acted for.
    pub person: PersonId,
    /// The helper.
    pub helper: PersonId,
    /// What the helper may do.
    pub limits: Limits,
}

/// Who ended a delegation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndedBy {
    /// The person who granted it.
    Person,
    /// The helper.
    Helper,
    /// The office.
    Staff,
}

impl EndedBy {
    /// Stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            EndedBy::Person => "person",
            EndedBy::Helper => "helper",
            EndedBy::Staff => "staff",
        }
    }

    /// Parses a stored name.
    pub fn parse(raw: &str) -> Option<Self> {
        [EndedBy::Person, EndedBy::Helper, EndedBy::Staff]
            .into_iter()
            .find(|e| e.as_str() == raw)
    }
}

/// A delegation as kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delegation {
    /// Id.
    pub id: DelegationId,
    /// The person who granted it.
    pub person: PersonId,
    /// The helper, once they accepted.
    pub helper: Option<PersonId>,
    /// The helper as the person named them.
    pub label: String,
    /// What the helper may do.
    pub limits: Limits,
    /// When the code stops working (while not accepted).
    pub code_expires_at: Option<DateTime<Utc>>,
    /// Granted.
    pub created_at: DateTime<Utc>,
    /// Accepted by the helper.
    pub accepted_at: Option<DateTime<Utc>>,
    /// Ends by itself.
    pub expires_at: DateTime<Utc>,
    /// Ended early.
    pub ended_at: Option<DateTime<Utc>>,
    /// By whom.
    pub ended_by: Option<EndedBy>,
}

/// Where a delegation stands at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Waiting for the helper to enter the code.
    Invited,
    /// The helper may act.
    Active,
    /// The code expired before the helper used it.
    Unclaimed,
    /// Its time is over.
    Expired,
    /// Ended early.
    Ended,
}

impl Standing {
    /// Stored-style name, for pages and JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            Standing::Invited => "invited",
            Standing::Active => "active",
            Standing::Unclaimed => "unclaimed",
            Standing::Expired => "expired",
            Standing::Ended => "ended",
        }
    }

    /// Whether it still counts against the person's open delegations and can be ended.
    pub const fn is_open(self) -> bool {
        matches!(self, Standing::Invited | Standing::Active)
    }
}

impl Delegation {
    /// Where it stands at `now`.
    pub fn standing(&self, now: DateTime<Utc>) -> Standing {
        if self.ended_at.is_some() {
            Standing::Ended
        } else if now >= self.expires_at {
            Standing::Expired
        } else if self.helper.is_some() {
            Standing::Active
        } else if self.code_expires_at.is_some_and(|at| now < at) {
            Standing::Invited
        } else {
            Standing::Unclaimed
        }
    }

    /// Whether `helper` may act for the person at `now`.
    pub fn lets(&self, helper: PersonId, now: DateTime<Utc>) -> bool {
        self.helper == Some(helper) && self.standing(now) == Standing::Active
    }
}

/// What the person fills in to grant a delegation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    /// The helper as the person knows them.
    pub label: String,
    /// What the helper may do.
    pub limits: Limits,
    /// Until when (end of that day, at the instant given).
    pub expires_at: DateTime<Utc>,
}

impl Grant {
    /// Checks a grant made at `now`: a name, and an end after today and within a year.
    pub fn parse(
        label: &str,
        limits: Limits,
        days: &str,
        now: DateTime<Utc>,
    ) -> Result<Grant, Vec<ValidationError>> {
        let mut errors = Vec::new();
        let label = clean_text(Field::HelperName, label, MAX_LABEL_CHARS, false)
            .map_err(|e| errors.push(e))
            .ok();
        let days = match days.trim() {
            "" => Err(Problem::Required),
            raw => match raw.parse::<i64>() {
                Ok(days) if (1..=MAX_DAYS).contains(&days) => Ok(days),
                _ => Err(Problem::Format("a number of days from 1 to 365")),
            },
        }
        .map_err(|problem| errors.push(ValidationError::new(Field::HelperDays, problem)))
        .ok();
        match (label, days) {
            (Some(label), Some(days)) if errors.is_empty() => Ok(Grant {
                label,
                limits,
                expires_at: now + Duration::days(days),
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::hours(h)
    }

    fn invited() -> Delegation {
        Delegation {
            id: DelegationId(Uuid::nil()),
            person: PersonId(Uuid::from_u128(1)),
            helper: None,
            label: "Omar".into(),
            limits: Limits::default(),
            code_expires_at: Some(at(48)),
            created_at: at(0),
            accepted_at: None,
            expires_at: at(24 * 30),
            ended_at: None,
            ended_by: None,
        }
    }

    #[test]
    fn a_delegation_lives_from_acceptance_to_its_end() {
        let helper = PersonId(Uuid::from_u128(2));
        let mut d = invited();
        assert_eq!(d.standing(at(1)), Standing::Invited);
        assert!(!d.lets(helper, at(1)), "not before the helper accepts");
        assert_eq!(d.standing(at(49)), Standing::Unclaimed);
        d.helper = Some(helper);
        d.accepted_at = Some(at(2));
        assert!(d.lets(helper, at(3)));
        assert!(
            !d.lets(PersonId(Uuid::from_u128(3)), at(3)),
            "only that helper"
        );
        assert!(!d.lets(helper, at(24 * 30)), "not at its end");
        assert_eq!(d.standing(at(24 * 30)), Standing::Expired);
        d.ended_at = Some(at(4));
        d.ended_by = Some(EndedBy::Person);
        assert!(!d.lets(helper, at(5)));
        assert_eq!(d.standing(at(5)), Standing::Ended);
        assert!(!Standing::Ended.is_open() && Standing::Invited.is_open());
    }

    #[test]
    fn a_grant_needs_a_name_and_a_length_within_a_year() {
        let now = at(0);
        let ok = Grant::parse(" Omar (brother) ", Limits::default(), "30", now).unwrap();
        assert_eq!(ok.label, "Omar (brother)");
        assert_eq!(ok.expires_at, now + Duration::days(30));
        let codes = |label: &str, days: &str| -> Vec<String> {
            Grant::parse(label, Limits::default(), days, now)
                .unwrap_err()
                .iter()
                .map(|e| format!("{}.{}", e.field.as_str(), e.problem.code()))
                .collect()
        };
        assert_eq!(codes("", "30"), ["helper_name.required"]);
        assert_eq!(codes("Omar", "0"), ["helper_days.format"]);
        assert_eq!(codes("Omar", "366"), ["helper_days.format"]);
        assert_eq!(codes("Omar", "soon"), ["helper_days.format"]);
        assert_eq!(
            codes("", ""),
            ["helper_name.required", "helper_days.required"]
        );
    }

    #[test]
    fn who_ended_it_round_trips() {
        for e in [EndedBy::Person, EndedBy::Helper, EndedBy::Staff] {
            assert_eq!(EndedBy::parse(e.as_str()), Some(e));
        }
        assert_eq!(EndedBy::parse("robot"), None);
    }
}
