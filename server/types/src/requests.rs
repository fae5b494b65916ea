//! Codes of update requests: what a request asks for, where it stands, and why a reviewer
//! rejected a change.
//!
//! Owns: these codes, their serde form (stored in databases as JSON), their words and the plain
//! facts about them (which kinds are sensitive, which statuses are still open).
//! Must never: hold the rules that need records or staff (the status machine and who may decide
//! stay in the domain crate), or change a code or a serde name.

use portal_i18n::Key;

use crate::label::Keyed;
use crate::validation::Field;

crate::code_enum! {
    /// What a request asks for; each kind has its own form.
    RequestKind, Field::Kind, "contact, correction, birth, marriage, death, departure" {
        /// New phone, email, address or languages (simple fields).
        Contact = "contact",
        /// Correct name, date of birth, sex or nationality (sensitive fields).
        Correction = "correction",
        /// A baby was born into the household.
        Birth = "birth",
        /// A spouse joins the household.
        Marriage = "marriage",
        /// A household member died.
        Death = "death",
        /// A household member left the household.
        Departure = "departure",
    }
}

impl RequestKind {
    /// Whether deciding it needs an approver (everything but contact details).
    pub const fn is_sensitive(self) -> bool {
        !matches!(self, RequestKind::Contact)
    }

    /// Whether the person must give a reason.
    pub const fn needs_reason(self) -> bool {
        matches!(self, RequestKind::Correction)
    }

    /// Whether at least one supporting document is required.
    pub const fn needs_document(self) -> bool {
        matches!(
            self,
            RequestKind::Correction
                | RequestKind::Birth
                | RequestKind::Marriage
                | RequestKind::Death
        )
    }
}

impl Keyed for RequestKind {
    fn key(&self) -> Key {
        match self {
            RequestKind::Contact => Key::RequestKindContact,
            RequestKind::Correction => Key::RequestKindCorrection,
            RequestKind::Birth => Key::RequestKindBirth,
            RequestKind::Marriage => Key::RequestKindMarriage,
            RequestKind::Death => Key::RequestKindDeath,
            RequestKind::Departure => Key::RequestKindDeparture,
        }
    }
}

crate::code_enum! {
    /// Where a request stands.
    RequestStatus, Field::Status,
    "submitted, under_review, needs_info, approved, partly_approved, rejected, cancelled" {
        /// Waiting for staff.
        Submitted = "submitted",
        /// A staff member opened it.
        UnderReview = "under_review",
        /// Staff asked the person for more information.
        NeedsInfo = "needs_info",
        /// Every change applied.
        Approved = "approved",
        /// Some changes applied, others rejected.
        PartlyApproved = "partly_approved",
        /// Nothing applied.
        Rejected = "rejected",
        /// Withdrawn by the person.
        Cancelled = "cancelled",
    }
}

impl RequestStatus {
    /// Still open: can be answered, decided or cancelled.
    pub const fn is_pending(self) -> bool {
        matches!(
            self,
            RequestStatus::Submitted | RequestStatus::UnderReview | RequestStatus::NeedsInfo
        )
    }

    /// The pending statuses, as stored.
    pub const PENDING: [RequestStatus; 3] = [
        RequestStatus::Submitted,
        RequestStatus::UnderReview,
        RequestStatus::NeedsInfo,
    ];
}

impl Keyed for RequestStatus {
    fn key(&self) -> Key {
        match self {
            RequestStatus::Submitted => Key::RequestStatusSubmitted,
            RequestStatus::UnderReview => Key::RequestStatusUnderReview,
            RequestStatus::NeedsInfo => Key::RequestStatusNeedsInfo,
            RequestStatus::Approved => Key::RequestStatusApproved,
            RequestStatus::PartlyApproved => Key::RequestStatusPartlyApproved,
            RequestStatus::Rejected => Key::RequestStatusRejected,
            RequestStatus::Cancelled => Key::RequestStatusCancelled,
        }
    }
}

crate::code_enum! {
    /// Why a change was rejected (with free text for details).
    RejectionReason, Field::RejectionReason,
    "insufficient_evidence, document_unreadable, information_mismatch, duplicate, record_changed, not_eligible, other" {
        /// The documents do not prove the change.
        InsufficientEvidence = "insufficient_evidence",
        /// A document cannot be read.
        DocumentUnreadable = "document_unreadable",
        /// The information does not match what the agency holds.
        InformationMismatch = "information_mismatch",
        /// The same change was asked for in another request.
        Duplicate = "duplicate",
        /// The record changed after the request was made.
        RecordChanged = "record_changed",
        /// The change is not possible under the agency's rules.
        NotEligible = "not_eligible",
        /// Another reason, explained in the note.
        Other = "other",
    }
}

impl Keyed for RejectionReason {
    fn key(&self) -> Key {
        match self {
            RejectionReason::InsufficientEvidence => Key::RejectionInsufficientEvidence,
            RejectionReason::DocumentUnreadable => Key::RejectionDocumentUnreadable,
            RejectionReason::InformationMismatch => Key::RejectionInformationMismatch,
            RejectionReason::Duplicate => Key::RejectionDuplicate,
            RejectionReason::RecordChanged => Key::RejectionRecordChanged,
            RejectionReason::NotEligible => Key::RejectionNotEligible,
            RejectionReason::Other => Key::RejectionOther,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{assert_code_enum, json};

    #[test]
    fn every_code_parses_back_serialises_as_today_and_has_words() {
        assert_code_enum(RequestKind::ALL, RequestKind::parse, RequestKind::as_str);
        assert_code_enum(
            RequestStatus::ALL,
            RequestStatus::parse,
            RequestStatus::as_str,
        );
        assert_code_enum(
            RejectionReason::ALL,
            RejectionReason::parse,
            RejectionReason::as_str,
        );
    }

    #[test]
    fn the_json_of_a_few_codes_is_exactly_what_databases_hold() {
        assert_eq!(json(&RequestKind::Departure), "\"departure\"");
        assert_eq!(json(&RequestStatus::UnderReview), "\"under_review\"");
        assert_eq!(json(&RequestStatus::PartlyApproved), "\"partly_approved\"");
        assert_eq!(
            json(&RejectionReason::InsufficientEvidence),
            "\"insufficient_evidence\""
        );
    }

    #[test]
    fn only_contact_changes_are_not_sensitive_and_only_corrections_need_a_reason() {
        let sensitive: Vec<&str> = RequestKind::ALL
            .iter()
            .filter(|k| k.is_sensitive())
            .map(|k| k.as_str())
            .collect();
        assert_eq!(
            sensitive,
            ["correction", "birth", "marriage", "death", "departure"]
        );
        assert!(RequestKind::Correction.needs_reason());
        assert!(!RequestKind::Birth.needs_reason());
        assert!(RequestKind::Death.needs_document());
        assert!(!RequestKind::Departure.needs_document());
        assert!(!RequestKind::Contact.needs_document());
    }

    #[test]
    fn the_pending_statuses_are_exactly_the_open_ones() {
        let open: Vec<RequestStatus> = RequestStatus::ALL
            .iter()
            .copied()
            .filter(|s| s.is_pending())
            .collect();
        assert_eq!(open, RequestStatus::PENDING);
    }

    #[test]
    fn a_reason_off_the_list_is_refused_with_the_list() {
        let err = RejectionReason::parse("rude").unwrap_err();
        assert_eq!(
            err.to_string(),
            "rejection_reason must be one of insufficient_evidence, document_unreadable, \
             information_mismatch, duplicate, record_changed, not_eligible, other"
        );
    }
}
