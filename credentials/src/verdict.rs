//! What a verifier shows a clinic, a bank or a police officer: one clear outcome and the
//! holder's details as the credential discloses them, nothing more.
//!
//! Owns: turning a [`VerificationResult`] into that view, for the portal's verifier page on
//! the server and for the offline verifier in the browser alike.
//! Must never: show data the credential does not contain, or show details of a credential
//! whose signature did not verify.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::verify::{CredentialFormat, ReasonCode, VerificationResult};

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
        if has(ReasonCode::Malformed)
            || has(ReasonCode::UnsupportedCryptosuite)
            || has(ReasonCode::CanonicalizationLimit)
        {
            Outcome::Unreadable
        } else if has(ReasonCode::SignatureInvalid)
            || has(ReasonCode::IssuerMismatch)
            || has(ReasonCode::KeyRetired)
            || has(ReasonCode::DisclosureInvalid)
            || has(ReasonCode::KeyBindingInvalid)
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
    /// The partner system a credential was issued through (the label of its API token), set
    /// by the server from its records; never known offline.
    #[serde(default)]
    pub issued_through: Option<String>,
    /// Why a revoked or suspended credential of this portal is so (a reason code the server
    /// read from its records, in the category told to verifiers); never known offline.
    #[serde(default)]
    pub status_reason: Option<String>,
    /// When it was revoked or suspended.
    #[serde(default)]
    pub status_changed_at: Option<DateTime<Utc>>,
    /// Whether the holder was 18 or older at issue, when they disclosed it.
    #[serde(default)]
    pub age_over_18: Option<bool>,
    /// Whether the holder was 65 or older at issue, when they disclosed it.
    #[serde(default)]
    pub age_over_65: Option<bool>,
    /// The holder chose what to show (an SD-JWT VC): what is not shown was not disclosed,
    /// not missing.
    #[serde(default)]
    pub selective: bool,
    /// The verifier the holder bound this presentation to with their key, if they did.
    #[serde(default)]
    pub bound_to: Option<String>,
    /// Claims a service provider asked a wallet for that its answer did not show (OpenID4VP),
    /// by name.
    #[serde(default)]
    pub not_shown: Vec<String>,
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
        if result.format == Some(CredentialFormat::SdJwtVc) {
            return Self::of_sd_jwt(result);
        }
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
            issued_through: None,
            status_reason: None,
            status_changed_at: None,
            age_over_18: None,
            age_over_65: None,
            selective: false,
            bound_to: None,
            not_shown: Vec::new(),
        }
    }

    /// The view of a verified SD-JWT VC: only the claims the holder disclosed.
    fn of_sd_jwt(result: &VerificationResult) -> VerifyView {
        use crate::sd_jwt_vc as vc;
        let claims = result.credential.as_ref();
        let claim = |name: &str| claims.and_then(|c| text(c, name));
        let flag = |name: &str| claims.and_then(|c| c.get(name)).and_then(Value::as_bool);
        let members = claims
            .and_then(|c| c.get(vc::MEMBERS))
            .and_then(Value::as_array)
            .map(|members| {
                members
                    .iter()
                    .map(|m| MemberView {
                        name: text(m, vc::NAME).unwrap_or_default(),
                        name_original: text(m, vc::NAME_ORIGINAL),
                        relationship: text(m, "relationship").unwrap_or_default(),
                        birth_date: text(m, vc::BIRTHDATE),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let valid_until = claims
            .and_then(|c| c.get("exp"))
            .and_then(Value::as_i64)
            .and_then(|s| DateTime::from_timestamp(s, 0))
            .map(crate::model::format_date_time);
        let mut view = VerifyView::unreadable("");
        view.outcome = Outcome::of(result);
        view.reasons = result
            .reasons
            .iter()
            .map(|r| r.code.as_str().to_owned())
            .collect();
        view.credential_type =
            claim("vct").map(|vct| vc::type_of_vct(&vct).map_or(vct, str::to_owned));
        view.issuer = result.issuer.clone();
        view.name = claim(vc::NAME);
        view.name_original = claim(vc::NAME_ORIGINAL);
        view.birth_date = claim(vc::BIRTHDATE);
        view.registration_number =
            claim(vc::REGISTRATION_NUMBER).or_else(|| claim(vc::HOUSEHOLD_ID));
        view.registration_status = claim(vc::REGISTRATION_STATUS);
        view.issuing_office = claim(vc::ISSUING_OFFICE);
        view.valid_until = valid_until;
        view.members = members;
        view.photo_missing = claims.is_some_and(|c| c.get(vc::PHOTO_DIGEST).is_some());
        view.status_checked_at = result.status_checked_at;
        view.via_qr = result.via_qr;
        view.age_over_18 = flag(vc::AGE_OVER_18);
        view.age_over_65 = flag(vc::AGE_OVER_65);
        view.selective = true;
        view.bound_to = result.selective.as_ref().and_then(|s| s.bound_to.clone());
        view
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
            issued_through: None,
            status_reason: None,
            status_changed_at: None,
            age_over_18: None,
            age_over_65: None,
            selective: false,
            bound_to: None,
            not_shown: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::Reason;

    fn failed(codes: &[ReasonCode]) -> VerificationResult {
        VerificationResult {
            verified: false,
            format: None,
            via_qr: true,
            issuer: None,
            credential: None,
            checks: Vec::new(),
            reasons: codes
                .iter()
                .map(|&code| Reason {
                    code,
                    message: String::new(),
                })
                .collect(),
            warnings: Vec::new(),
            status_checked_at: None,
            signed_at: None,
            selective: None,
        }
    }

    #[test]
    fn the_most_serious_reason_leads() {
        use ReasonCode::*;
        let of = |codes: &[ReasonCode]| Outcome::of(&failed(codes));
        assert_eq!(of(&[Expired, SignatureInvalid]), Outcome::Forged);
        assert_eq!(of(&[Expired, Revoked]), Outcome::Revoked);
        assert_eq!(of(&[Suspended, Expired]), Outcome::Suspended);
        assert_eq!(of(&[KeyRetired]), Outcome::Forged);
        assert_eq!(of(&[UnknownIssuer, Revoked]), Outcome::UnknownIssuer);
        assert_eq!(of(&[Malformed, SignatureInvalid]), Outcome::Unreadable);
        assert_eq!(of(&[StatusUnavailable]), Outcome::StatusUnknown);
        assert_eq!(of(&[NotYetValid]), Outcome::NotYetValid);
        assert_eq!(of(&[CanonicalizationLimit]), Outcome::Unreadable);
    }

    #[test]
    fn nothing_of_the_holder_is_shown_without_a_verified_credential() {
        let view = VerifyView::of(&failed(&[ReasonCode::SignatureInvalid]));
        assert_eq!(view.outcome, Outcome::Forged);
        assert_eq!(view.name, None);
        assert_eq!(view.registration_number, None);
        assert!(view.members.is_empty());
        assert_eq!(view.reasons, vec!["signature-invalid".to_owned()]);
    }
}
