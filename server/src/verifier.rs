//! What the verifier page shows a clinic, a bank or a police officer: one clear outcome and
//! the holder's details as the credential discloses them, nothing more.
//!
//! Owns: turning a [`VerificationResult`] into that view, and keeping each result for a few
//! minutes under a random token, so a plain form post can redirect to a page that shows it
//! (post/redirect/get) without putting anything personal into a URL.
//! Must never: show data the credential does not contain, or show details of a credential
//! whose signature did not verify.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use portal_credentials::verify::{ReasonCode, VerificationResult};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The one answer the page leads with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Signed by a trusted issuer, valid now, not revoked or suspended.
    Genuine,
    /// Past its `validUntil`.
    Expired,
    /// Not valid yet.
    NotYetValid,
    /// Revoked by the issuer.
    Revoked,
    /// Suspended by the issuer.
    Suspended,
    /// Signature wrong, key of someone else, retired key: do not trust it.
    Forged,
    /// Signed by an issuer this portal does not trust.
    UnknownIssuer,
    /// Status could not be checked.
    StatusUnknown,
    /// Not a credential this verifier can read.
    Unreadable,
}

impl Outcome {
    /// Code for translations and tests.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Genuine => "genuine",
            Outcome::Expired => "expired",
            Outcome::NotYetValid => "not-yet-valid",
            Outcome::Revoked => "revoked",
            Outcome::Suspended => "suspended",
            Outcome::Forged => "forged",
            Outcome::UnknownIssuer => "unknown-issuer",
            Outcome::StatusUnknown => "status-unknown",
            Outcome::Unreadable => "unreadable",
        }
    }

    /// The most serious outcome among the reasons (forgery first, then revocation, …).
    pub fn of(result: &VerificationResult) -> Outcome {
        if result.verified {
            return Outcome::Genuine;
        }
        let has = |code: ReasonCode| result.reasons.iter().any(|r| r.code == code);
        if has(ReasonCode::Malformed) || has(ReasonCode::UnsupportedCryptosuite) {
            Outcome::Unreadable
        } else if has(ReasonCode::SignatureInvalid)
            || has(ReasonCode::IssuerMismatch)
            || has(ReasonCode::KeyRetired)
        {
            Outcome::Forged
        } else if has(ReasonCode::UnknownIssuer) {
            Outcome::UnknownIssuer
        } else if has(ReasonCode::Revoked) {
            Outcome::Revoked
        } else if has(ReasonCode::Suspended) {
            Outcome::Suspended
        } else if has(ReasonCode::Expired) {
            Outcome::Expired
        } else if has(ReasonCode::NotYetValid) {
            Outcome::NotYetValid
        } else {
            Outcome::StatusUnknown
        }
    }
}

/// One household member as disclosed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    /// Name (Latin script).
    pub name: String,
    /// Name in its original script.
    pub name_original: Option<String>,
    /// Relationship code (`principal-applicant`, `child`, …).
    pub relationship: String,
    /// Date of birth.
    pub birth_date: Option<String>,
}

/// What the verifier page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyView {
    /// The answer.
    pub outcome: Outcome,
    /// Every reason code (`revoked`, `expired`, …).
    pub reasons: Vec<String>,
    /// `RefugeeRegistrationCredential`, `HouseholdCredential`, or another type.
    pub credential_type: Option<String>,
    /// The issuer's DID, once the signature verified.
    pub issuer: Option<String>,
    /// Holder's name.
    pub name: Option<String>,
    /// Holder's name in its original script.
    pub name_original: Option<String>,
    /// Date of birth (`YYYY-MM-DD`).
    pub birth_date: Option<String>,
    /// Registration (or household case) number.
    pub registration_number: Option<String>,
    /// Registration status at issue.
    pub registration_status: Option<String>,
    /// The issuing office.
    pub issuing_office: Option<String>,
    /// `validUntil`.
    pub valid_until: Option<String>,
    /// Household members (household credentials).
    pub members: Vec<MemberView>,
    /// The photo as a `data:` URL, only when its digest matched the credential.
    pub photo: Option<String>,
    /// Whether the credential references a photo that could not be shown.
    pub photo_missing: bool,
    /// When the status lists consulted were current.
    pub status_checked_at: Option<DateTime<Utc>>,
    /// Whether the credential came from a QR code.
    pub via_qr: bool,
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn original(value: &Value) -> Option<String> {
    value
        .get("nameOriginalScript")
        .and_then(|n| n.get("@value").or(Some(n)))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

impl VerifyView {
    /// The view of `result`. Details are read only from a credential whose signature and
    /// issuer checked out (the library hands it over only then).
    pub fn of(result: &VerificationResult) -> VerifyView {
        let outcome = Outcome::of(result);
        let credential = result.credential.as_ref();
        let subject = credential.and_then(|c| c.get("credentialSubject"));
        let credential_type = credential
            .and_then(|c| c.get("type"))
            .and_then(Value::as_array)
            .and_then(|types| {
                types
                    .iter()
                    .filter_map(Value::as_str)
                    .find(|t| *t != "VerifiableCredential")
                    .map(str::to_owned)
            });
        let members = subject
            .and_then(|s| s.get("member"))
            .and_then(Value::as_array)
            .map(|members| {
                members
                    .iter()
                    .map(|m| MemberView {
                        name: text(m, "name").unwrap_or_default(),
                        name_original: original(m),
                        relationship: text(m, "relationship").unwrap_or_default(),
                        birth_date: text(m, "birthDate"),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let photo_referenced = credential
            .and_then(|c| c.get("relatedResource"))
            .and_then(Value::as_array)
            .is_some_and(|r| !r.is_empty());
        VerifyView {
            outcome,
            reasons: result
                .reasons
                .iter()
                .map(|r| r.code.as_str().to_owned())
                .collect(),
            credential_type,
            issuer: result.issuer.clone(),
            name: subject.and_then(|s| text(s, "name")),
            name_original: subject.and_then(original),
            birth_date: subject.and_then(|s| text(s, "birthDate")),
            registration_number: subject
                .and_then(|s| text(s, "registrationNumber").or_else(|| text(s, "householdId"))),
            registration_status: subject.and_then(|s| text(s, "registrationStatus")),
            issuing_office: subject.and_then(|s| text(s, "issuingOffice")),
            valid_until: credential.and_then(|c| text(c, "validUntil")),
            members,
            photo: None,
            photo_missing: photo_referenced,
            status_checked_at: result.status_checked_at,
            via_qr: result.via_qr,
        }
    }

    /// The view of input that could not be read at all (no QR code in an image, empty form).
    pub fn unreadable(reason: &str) -> VerifyView {
        VerifyView {
            outcome: Outcome::Unreadable,
            reasons: vec![reason.to_owned()],
            credential_type: None,
            issuer: None,
            name: None,
            name_original: None,
            birth_date: None,
            registration_number: None,
            registration_status: None,
            issuing_office: None,
            valid_until: None,
            members: Vec::new(),
            photo: None,
            photo_missing: false,
            status_checked_at: None,
            via_qr: false,
        }
    }
}

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
