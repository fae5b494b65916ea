//! Codes of the credentials the portal issues: what a credential proves, where it is in its life
//! cycle, why its status changed, and the status changes staff can ask for.
//!
//! Owns: these codes, their serde form (stored in databases as JSON), their words and the plain
//! facts about them (which reasons staff may choose, which let the holder get a new one alone).
//! Must never: hold the rules that need staff or records (the life cycle, who may change a
//! status, self-service issuance stay in the domain crate), or change a code or a serde name.

use portal_i18n::Key;

use crate::label::Keyed;
use crate::validation::Field;

crate::code_enum! {
    /// What a credential proves.
    CredentialKind, Field::Kind, "registration, household, external" {
        /// `RefugeeRegistrationCredential`: proof of registration of one person.
        Registration = "registration",
        /// `HouseholdCredential`: the members of a household and how they relate.
        Household = "household",
        /// Issued through the VC-API for a partner system, not about a record of the portal.
        External = "external",
    }
}

impl Keyed for CredentialKind {
    fn key(&self) -> Key {
        match self {
            CredentialKind::Registration => Key::CredentialsKindRegistration,
            CredentialKind::Household => Key::CredentialsKindHousehold,
            CredentialKind::External => Key::CredentialsKindExternal,
        }
    }
}

crate::code_enum! {
    /// Where a credential is in its life cycle.
    CredentialStatus, Field::Status, "active, suspended, revoked" {
        /// Valid (until it expires).
        Active = "active",
        /// Temporarily not valid; may become active again.
        Suspended = "suspended",
        /// Never valid again.
        Revoked = "revoked",
    }
}

impl Keyed for CredentialStatus {
    fn key(&self) -> Key {
        match self {
            CredentialStatus::Active => Key::CredentialsStatusActive,
            CredentialStatus::Suspended => Key::CredentialsStatusSuspended,
            CredentialStatus::Revoked => Key::CredentialsStatusRevoked,
        }
    }
}

crate::code_enum! {
    /// Why a credential's status changed.
    StatusReason, Field::Reason,
    "record_changed, lost_or_stolen, record_error, registration_closed, fraud_suspected, under_review, other" {
        /// An approved change made its content untrue (set by the portal, not chosen by staff).
        RecordChanged = "record_changed",
        /// The holder lost the phone or paper, or it was taken.
        LostOrStolen = "lost_or_stolen",
        /// The record behind it was wrong.
        RecordError = "record_error",
        /// The registration was closed.
        RegistrationClosed = "registration_closed",
        /// Someone else may be using it.
        FraudSuspected = "fraud_suspected",
        /// Under review by the office.
        UnderReview = "under_review",
        /// Another reason, explained in the audit trail by the staff member's office.
        Other = "other",
    }
}

impl StatusReason {
    /// Reasons a staff member may choose (the portal sets `record_changed` itself).
    pub const CHOOSABLE: &'static [StatusReason] = &[
        StatusReason::LostOrStolen,
        StatusReason::RecordError,
        StatusReason::RegistrationClosed,
        StatusReason::FraudSuspected,
        StatusReason::UnderReview,
        StatusReason::Other,
    ];

    /// The reason a verifier (anyone who scans the code) is told: the category, except that a
    /// suspicion of misuse is told as "another reason" (a suspicion is the office's to act on,
    /// not something to show whoever checks the person's proof).
    pub fn for_verifier(self) -> StatusReason {
        match self {
            StatusReason::FraudSuspected => StatusReason::Other,
            other => other,
        }
    }

    /// Whether, after a revocation for this reason, the holder may get a new credential by
    /// themselves. A lost phone or a changed record: yes. Doubts about the person or the record:
    /// no, the office issues the next one.
    pub fn allows_self_service(self) -> bool {
        matches!(
            self,
            StatusReason::RecordChanged | StatusReason::LostOrStolen
        )
    }
}

impl Keyed for StatusReason {
    fn key(&self) -> Key {
        match self {
            StatusReason::RecordChanged => Key::CredentialReasonRecordChanged,
            StatusReason::LostOrStolen => Key::CredentialReasonLostOrStolen,
            StatusReason::RecordError => Key::CredentialReasonRecordError,
            StatusReason::RegistrationClosed => Key::CredentialReasonRegistrationClosed,
            StatusReason::FraudSuspected => Key::CredentialReasonFraudSuspected,
            StatusReason::UnderReview => Key::CredentialReasonUnderReview,
            StatusReason::Other => Key::CredentialReasonOther,
        }
    }
}

crate::code_enum! {
    /// A change of status staff can ask for.
    StatusAction, Field::Status, "suspend, unsuspend, revoke" {
        /// Active → suspended.
        Suspend = "suspend",
        /// Suspended → active.
        Unsuspend = "unsuspend",
        /// Active or suspended → revoked (final).
        Revoke = "revoke",
    }
}

impl Keyed for StatusAction {
    /// The words of the staff buttons that ask for the change.
    fn key(&self) -> Key {
        match self {
            StatusAction::Suspend => Key::StaffCredentialsSuspend,
            StatusAction::Unsuspend => Key::StaffCredentialsUnsuspend,
            StatusAction::Revoke => Key::StaffCredentialsRevoke,
        }
    }
}

/// What happened to a credential, as news for its holder ("My messages", and mail); the code
/// is the kind of the notification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CredentialNews {
    /// Staff issued a new one (the holder's own downloads are not news).
    Issued,
    /// Suspended, with a reason.
    Suspended,
    /// A suspension was lifted.
    Reinstated,
    /// Revoked, with a reason.
    Revoked,
}

impl CredentialNews {
    /// Every kind of credential news.
    pub const ALL: &'static [CredentialNews] = &[
        CredentialNews::Issued,
        CredentialNews::Suspended,
        CredentialNews::Reinstated,
        CredentialNews::Revoked,
    ];

    /// The news of a credential's new status.
    pub fn of_status(status: CredentialStatus) -> CredentialNews {
        match status {
            CredentialStatus::Active => CredentialNews::Reinstated,
            CredentialStatus::Suspended => CredentialNews::Suspended,
            CredentialStatus::Revoked => CredentialNews::Revoked,
        }
    }

    /// The notification kind (`credential.revoked`).
    pub fn as_str(self) -> &'static str {
        match self {
            CredentialNews::Issued => "credential.issued",
            CredentialNews::Suspended => "credential.suspended",
            CredentialNews::Reinstated => "credential.reinstated",
            CredentialNews::Revoked => "credential.revoked",
        }
    }

    /// The news of a notification kind; none for a kind that is not about a credential.
    pub fn parse(kind: &str) -> Option<CredentialNews> {
        CredentialNews::ALL
            .iter()
            .copied()
            .find(|n| n.as_str() == kind)
    }

    /// The sentence telling it, with `{credential}` (its kind's words) and, for a suspension
    /// or a revocation, `{reason}` to fill.
    pub fn message(self) -> Key {
        match self {
            CredentialNews::Issued => Key::MessageCredentialIssued,
            CredentialNews::Suspended => Key::MessageCredentialSuspended,
            CredentialNews::Reinstated => Key::MessageCredentialReinstated,
            CredentialNews::Revoked => Key::MessageCredentialRevoked,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{assert_code_enum, json};

    #[test]
    fn every_code_parses_back_serialises_as_today_and_has_words() {
        assert_code_enum(
            CredentialKind::ALL,
            CredentialKind::parse,
            CredentialKind::as_str,
        );
        assert_code_enum(
            CredentialStatus::ALL,
            CredentialStatus::parse,
            CredentialStatus::as_str,
        );
        assert_code_enum(StatusReason::ALL, StatusReason::parse, StatusReason::as_str);
        assert_code_enum(StatusAction::ALL, StatusAction::parse, StatusAction::as_str);
    }

    #[test]
    fn credential_news_kinds_parse_back_and_every_sentence_names_the_credential() {
        for news in CredentialNews::ALL {
            assert_eq!(CredentialNews::parse(news.as_str()), Some(*news));
            for locale in portal_i18n::Locale::ALL {
                assert!(locale.text(news.message()).contains("{credential}"));
            }
        }
        assert_eq!(CredentialNews::parse("request.decided"), None);
        assert_eq!(
            CredentialNews::of_status(CredentialStatus::Active),
            CredentialNews::Reinstated
        );
    }

    #[test]
    fn the_json_of_a_few_codes_is_exactly_what_databases_hold() {
        assert_eq!(json(&CredentialKind::External), "\"external\"");
        assert_eq!(json(&CredentialStatus::Suspended), "\"suspended\"");
        assert_eq!(json(&StatusReason::LostOrStolen), "\"lost_or_stolen\"");
        assert_eq!(json(&StatusAction::Unsuspend), "\"unsuspend\"");
    }

    #[test]
    fn verifiers_are_told_the_category_but_not_a_suspicion() {
        assert_eq!(
            StatusReason::FraudSuspected.for_verifier(),
            StatusReason::Other
        );
        for reason in [
            StatusReason::RecordChanged,
            StatusReason::LostOrStolen,
            StatusReason::RecordError,
            StatusReason::RegistrationClosed,
            StatusReason::UnderReview,
            StatusReason::Other,
        ] {
            assert_eq!(reason.for_verifier(), reason);
        }
    }

    #[test]
    fn staff_choose_every_reason_but_the_one_the_portal_sets() {
        let not_choosable: Vec<StatusReason> = StatusReason::ALL
            .iter()
            .copied()
            .filter(|r| !StatusReason::CHOOSABLE.contains(r))
            .collect();
        assert_eq!(not_choosable, [StatusReason::RecordChanged]);
    }

    #[test]
    fn only_a_lost_credential_or_a_changed_record_allows_self_service() {
        let self_service: Vec<StatusReason> = StatusReason::ALL
            .iter()
            .copied()
            .filter(|r| r.allows_self_service())
            .collect();
        assert_eq!(
            self_service,
            [StatusReason::RecordChanged, StatusReason::LostOrStolen]
        );
    }
}
