//! Codes from the server (statuses, kinds, fields, problems) to translation keys. Unknown codes
//! fall back to a neutral text rather than showing a raw code.
//!
//! Owns: which text names which code. Must never: hold translated text itself.

use crate::i18n::Key;

/// A form or record field.
pub fn field(code: &str) -> Key {
    match code {
        "phone" => Key::MePhone,
        "email" => Key::MeEmail,
        "address" => Key::MeAddress,
        "languages" => Key::MeLanguages,
        "given_name" => Key::RequestFormGivenName,
        "family_name" => Key::RequestFormFamilyName,
        "given_name_original" => Key::RequestFormGivenNameOriginal,
        "family_name_original" => Key::RequestFormFamilyNameOriginal,
        "date_of_birth" => Key::MeDateOfBirth,
        "sex" => Key::MeSex,
        "nationality" => Key::MeNationality,
        "member" => Key::RequestFormMember,
        "event_date" => Key::RequestFormEventDate,
        "reason" => Key::RequestFormReason,
        "documents" => Key::RequestFormDocuments,
        "answer" => Key::RequestAnswer,
        "question" => Key::StaffReviewQuestion,
        "note" => Key::StaffReviewNote,
        "rejection_reason" => Key::StaffReviewReason,
        "registration_status" => Key::MeStatus,
        "message" => Key::HelpMessage,
        "contact" => Key::HelpContact,
        "helper_name" => Key::TrustedName,
        "helper_days" => Key::TrustedDays,
        "helper_code" => Key::TrustedCode,
        _ => Key::RequestChanges,
    }
}

/// What is wrong with an input.
pub fn problem(code: &str) -> Key {
    match code {
        "required" => Key::ProblemRequired,
        "too-long" => Key::ProblemTooLong,
        "not-one-of" => Key::ProblemNotOneOf,
        "in-future" => Key::ProblemInFuture,
        "too-old" => Key::ProblemTooOld,
        "control-characters" => Key::ProblemControlCharacters,
        "duplicate" => Key::ProblemDuplicate,
        "unchanged" => Key::ProblemUnchanged,
        "not-recent" => Key::ProblemNotRecent,
        "unknown-member" => Key::ProblemUnknownMember,
        "too-many" => Key::ProblemTooMany,
        "too-large" => Key::ProblemTooLarge,
        "unsupported-type" => Key::ProblemUnsupportedType,
        _ => Key::ProblemFormat,
    }
}

/// A problem with the whole action (`?problem=` after a form post).
pub fn action_problem(code: &str) -> Key {
    match code {
        "stale" => Key::ProblemStale,
        "not-now" => Key::ProblemNotNow,
        "refused" | "not-found" => Key::ProblemRefused,
        _ => Key::ErrorBody,
    }
}

/// A step in a request's history.
pub fn event(action: &str) -> Key {
    match action {
        "submit" => Key::RequestEventSubmit,
        "open" => Key::RequestEventOpen,
        "ask_info" => Key::RequestEventAskInfo,
        "answer" => Key::RequestEventAnswer,
        "recommend" => Key::RequestEventRecommend,
        "decide" => Key::RequestEventDecide,
        _ => Key::RequestEventCancel,
    }
}

/// An audited action on a record, as staff read it on the case view.
pub fn case_action(action: &str) -> Key {
    match action {
        "person.view" => Key::CaseActionPersonView,
        "person.update" => Key::CaseActionPersonUpdate,
        "person.create" => Key::CaseActionPersonCreate,
        "person.history" => Key::CaseActionPersonHistory,
        "person.contact-view" => Key::CaseActionPersonContactView,
        "request.view" => Key::CaseActionRequestView,
        "request.decide" => Key::CaseActionRequestDecide,
        "request.ask_info" => Key::CaseActionRequestAskInfo,
        "request.recommend" => Key::CaseActionRequestRecommend,
        "request.submit" => Key::CaseActionRequestSubmit,
        "document.view" => Key::CaseActionDocumentView,
        "helper.view" => Key::CaseActionHelperView,
        "delegation.accept" | "delegation.act" | "delegation.end" => Key::CaseActionDelegation,
        "credential.present" => Key::CaseActionCredentialPresent,
        "credential.offer" => Key::CaseActionCredentialOffer,
        "credential.wallet-issue" => Key::CaseActionCredentialWalletIssue,
        _ => Key::CaseActionOther,
    }
}

/// An audited staff action, as the person reads it.
pub fn access_action(action: &str) -> Key {
    match action {
        "person.view" => Key::AccessActionPersonView,
        "person.update" => Key::AccessActionPersonUpdate,
        "person.create" => Key::AccessActionPersonCreate,
        "person.history" => Key::AccessActionPersonHistory,
        "person.contact-view" => Key::AccessActionPersonContactView,
        "request.view" => Key::AccessActionRequestView,
        "request.decide" => Key::AccessActionRequestDecide,
        "request.ask_info" => Key::AccessActionRequestAskInfo,
        "request.recommend" => Key::AccessActionRequestRecommend,
        "request.submit" => Key::AccessActionRequestSubmit,
        "document.view" => Key::AccessActionDocumentView,
        "helper.view" => Key::AccessActionHelperView,
        "delegation.accept" | "delegation.act" | "delegation.end" => Key::AccessActionDelegation,
        "credential.present" => Key::AccessActionCredentialPresent,
        "credential.offer" => Key::AccessActionCredentialOffer,
        "credential.wallet-issue" => Key::AccessActionCredentialWalletIssue,
        _ => Key::AccessActionOther,
    }
}

/// Why a reviewer may not decide.
pub fn refusal(code: &str) -> Key {
    match code {
        "needs-approver" => Key::StaffReviewRefusedNeedsApprover,
        "own-request" => Key::StaffReviewRefusedOwnRequest,
        "own-recommendation" => Key::StaffReviewRefusedOwnRecommendation,
        "own-record" => Key::StaffReviewRefusedOwnRecord,
        _ => Key::StaffReviewRefusedNotReviewer,
    }
}

/// Form errors from the query: `errors=phone.format,documents.required`.
pub fn parse_errors(raw: &str) -> Vec<(String, String)> {
    raw.split(',')
        .filter_map(|pair| pair.split_once('.'))
        .filter(|(field, code)| {
            field.len() < 40
                && code.len() < 40
                && field.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        })
        .map(|(field, code)| (field.to_owned(), code.to_owned()))
        .take(20)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_from_the_query_are_checked() {
        assert_eq!(
            parse_errors("phone.format,documents.required"),
            [
                ("phone".to_owned(), "format".to_owned()),
                ("documents".to_owned(), "required".to_owned())
            ]
        );
        assert!(parse_errors("<script>.x,phone").is_empty());
    }
}
