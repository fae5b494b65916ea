//! Server functions of "My credentials", the staff case view's credential list and the
//! verifier page's result.
//!
//! Owns: the data shapes of those pages. Must never: authorize by itself (the issuance service
//! and the policy do), hand a credential to a session that has not used its passkey within
//! the re-authentication window, or return more than the page shows.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One kind of credential on "My credentials".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardLine {
    /// `registration` or `household`.
    pub kind: String,
    /// Status of the newest one: `active`, `suspended`, `revoked`, `expired`, or none yet.
    pub status: Option<String>,
    /// Why, when not active.
    pub reason: Option<String>,
    /// `YYYY-MM-DD`.
    pub valid_until: Option<String>,
    /// What asking would do: `show`, `issue`, `suspended`, `office`, `inactive`.
    pub next: String,
}

/// "My credentials".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialsOverview {
    /// Whether the session used its passkey recently enough to show credentials.
    pub fresh: bool,
    /// The two kinds.
    pub cards: Vec<CardLine>,
}

/// One credential, ready to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialDetail {
    /// Id.
    pub id: String,
    /// `registration` or `household`.
    pub kind: String,
    /// Status now (`active`, `suspended`, `revoked`, `expired`).
    pub status: String,
    /// Issue date, `YYYY-MM-DD`.
    pub issued: String,
    /// `YYYY-MM-DD`.
    pub valid_until: Option<String>,
    /// The holder's (or principal applicant's) name as in the credential.
    pub name: String,
    /// Registration or case number.
    pub number: String,
    /// The QR code, SVG.
    pub qr_svg: String,
    /// QR version reached (1–40), for the page's size hint and the tests.
    pub qr_version: i16,
    /// Characters of the QR payload.
    pub qr_chars: usize,
}

/// A credential, or the request to use the passkey first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialPageData {
    /// Whether the session is fresh.
    pub fresh: bool,
    /// The credential, when fresh.
    pub detail: Option<CredentialDetail>,
}

/// A credential on the staff case view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffCredentialLine {
    /// Id.
    pub id: String,
    /// `registration` or `household`.
    pub kind: String,
    /// `active`, `suspended`, `revoked`, `expired`.
    pub status: String,
    /// Why.
    pub reason: Option<String>,
    /// `YYYY-MM-DD`.
    pub issued: String,
    /// `YYYY-MM-DD`.
    pub valid_until: Option<String>,
    /// For the compare-and-set of a status change.
    pub version: i64,
}

/// The staff view of a person's credentials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffCredentials {
    /// Person id.
    pub person: String,
    /// Newest first.
    pub lines: Vec<StaffCredentialLine>,
    /// Whether this staff member may suspend.
    pub may_suspend: bool,
    /// Whether this staff member may unsuspend, revoke and issue.
    pub may_decide: bool,
}

/// A household member as a verifier sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberResult {
    /// Name.
    pub name: String,
    /// Original script.
    pub name_original: Option<String>,
    /// Relationship code.
    pub relationship: String,
    /// Birth date.
    pub birth_date: Option<String>,
}

/// The verifier page's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyResult {
    /// `genuine`, `expired`, `revoked`, `suspended`, `forged`, `unknown-issuer`,
    /// `not-yet-valid`, `status-unknown`, `unreadable`.
    pub outcome: String,
    /// Reason codes.
    pub reasons: Vec<String>,
    /// Credential type.
    pub credential_type: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Name in original script.
    pub name_original: Option<String>,
    /// Birth date.
    pub birth_date: Option<String>,
    /// Registration or case number.
    pub registration_number: Option<String>,
    /// Issuing office.
    pub issuing_office: Option<String>,
    /// Valid until (`YYYY-MM-DD`).
    pub valid_until: Option<String>,
    /// Members.
    pub members: Vec<MemberResult>,
    /// Photo (data URL), checked against the credential's digest.
    pub photo: Option<String>,
    /// A photo is referenced but could not be shown.
    pub photo_missing: bool,
    /// Minutes since the status lists were current.
    pub status_age_minutes: Option<i64>,
}

/// "My credentials": the two kinds and whether the passkey must be used first.
#[server(prefix = "/api", endpoint = "me/credentials/list")]
pub async fn my_credentials() -> Result<CredentialsOverview, ServerFnError> {
    let (state, me) = crate::requests::signed_in_person().await?;
    let fresh = backend::fresh(&state);
    let issuer = backend::issuer(&state).await?;
    let cards = state
        .issuance(&issuer)
        .cards(me)
        .await
        .map_err(backend::fail)?;
    let now = state.clock.now();
    Ok(CredentialsOverview {
        fresh,
        cards: cards.iter().map(|c| backend::card(c, now)).collect(),
    })
}

/// One of the person's credentials with its QR code (after a fresh passkey use).
#[server(prefix = "/api", endpoint = "me/credentials/one")]
pub async fn my_credential(id: String) -> Result<CredentialPageData, ServerFnError> {
    let (state, me) = crate::requests::signed_in_person().await?;
    if !backend::fresh(&state) {
        return Ok(CredentialPageData {
            fresh: false,
            detail: None,
        });
    }
    let id = uuid::Uuid::parse_str(&id)
        .map_err(|_| crate::server::request::refuse(http::StatusCode::NOT_FOUND, "not-found"))?;
    let issuer = backend::issuer(&state).await?;
    let credential = state
        .issuance(&issuer)
        .of_person(me, id)
        .await
        .map_err(backend::fail)?;
    Ok(CredentialPageData {
        fresh: true,
        detail: Some(backend::detail(&credential, state.clock.now())?),
    })
}

/// A person's credentials for the staff case view (audited as a read of personal data).
#[server(prefix = "/api", endpoint = "staff/people/credentials")]
pub async fn person_credentials(id: String) -> Result<StaffCredentials, ServerFnError> {
    use portal_domain::credential::{may_change_status, StatusAction};
    let (state, staff) = crate::staff_people::staff_member().await?;
    let (person, office) = crate::staff_people::viewable(&state, &staff, &id).await?;
    let issuer = backend::issuer(&state).await?;
    let history = state
        .issuance(&issuer)
        .history(person.id)
        .await
        .map_err(backend::fail)?;
    let now = state.clock.now();
    let event = portal_domain::audit::AuditEvent::new(
        now,
        portal_domain::audit::Actor::Staff {
            id: staff.id.0.to_string(),
            role: crate::staff_people::reading_role_of(&staff).to_owned(),
        },
        "credential.list",
    )
    .about(
        portal_domain::audit::SubjectKind::Person,
        person.id.0.to_string(),
    )
    .with_details(portal_domain::audit::with_office(
        &staff,
        serde_json::json!({ "count": history.len(), "person_office": office }),
    ));
    state.store.append_audit(&event).await.map_err(|_| {
        crate::server::request::refuse(http::StatusCode::SERVICE_UNAVAILABLE, "unavailable")
    })?;
    Ok(StaffCredentials {
        person: person.id.0.to_string(),
        lines: history
            .iter()
            .map(|c| StaffCredentialLine {
                id: c.id.to_string(),
                kind: c.kind.as_str().to_owned(),
                status: backend::status_code(c, now).to_owned(),
                reason: c.status_reason.map(|r| r.as_str().to_owned()),
                issued: c.issued_at.format("%Y-%m-%d").to_string(),
                valid_until: c.valid_until.map(|d| d.format("%Y-%m-%d").to_string()),
                version: c.row_version,
            })
            .collect(),
        may_suspend: may_change_status(&staff, StatusAction::Suspend).is_ok(),
        may_decide: may_change_status(&staff, StatusAction::Revoke).is_ok(),
    })
}

/// The verifier page's result under `token` (from the form post), if still kept.
/// What the offline verifier keeps: where the issuer's DID document and status lists are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifierSources {
    /// The issuer's DID document (same origin).
    pub did_document: String,
    /// Every status list credential, both purposes.
    pub status_lists: Vec<String>,
}

/// The documents a verifier's phone caches to check credentials without a network (public:
/// the DID document and the status lists are published for anyone).
#[server(prefix = "/api", endpoint = "verify/sources")]
pub async fn offline_sources() -> Result<VerifierSources, ServerFnError> {
    let state = expect_context::<crate::server::state::AppState>();
    let issuer = backend::issuer(&state).await?;
    let status_lists = state
        .issuance(&issuer)
        .status_list_urls()
        .await
        .map_err(backend::fail)?;
    Ok(VerifierSources {
        did_document: "/.well-known/did.json".to_owned(),
        status_lists,
    })
}

#[server(prefix = "/api", endpoint = "verify/result")]
pub async fn verification_result(token: String) -> Result<Option<VerifyResult>, ServerFnError> {
    let state = expect_context::<crate::server::state::AppState>();
    crate::account::personal_page();
    let token: String = token
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(32)
        .collect();
    let now = state.clock.now();
    Ok(state
        .verify_results
        .get(&token, now)
        .map(|view| backend::verify_result(view, now)))
}

#[cfg(feature = "ssr")]
mod backend {
    use chrono::{DateTime, Utc};
    use leptos::prelude::*;
    use portal_core::issuance::{Card, Form, Issuance, IssuanceError};
    use portal_core::issuer::Issuer;
    use portal_domain::credential::CredentialStatus;
    use portal_storage::credentials::StoredCredential;
    use std::sync::Arc;

    use super::{CardLine, CredentialDetail, MemberResult, VerifyResult};
    use crate::server::request::refuse;
    use crate::server::state::AppState;

    pub fn fail(error: IssuanceError) -> ServerFnError {
        match error {
            IssuanceError::NotFound => refuse(http::StatusCode::NOT_FOUND, "not-found"),
            IssuanceError::Refused(_) | IssuanceError::Status(_) => {
                refuse(http::StatusCode::FORBIDDEN, "forbidden")
            }
            IssuanceError::Stale(_) | IssuanceError::Invalid(_) => {
                refuse(http::StatusCode::CONFLICT, "conflict")
            }
            other => {
                tracing::warn!(error = %other, "credential service failure in a server function");
                refuse(http::StatusCode::SERVICE_UNAVAILABLE, "unavailable")
            }
        }
    }

    pub async fn issuer(state: &AppState) -> Result<Arc<Issuer>, ServerFnError> {
        state
            .issuer
            .current(&state.store, &state.config)
            .await
            .map_err(|e| {
                tracing::warn!(error = %e, "issuer unavailable");
                refuse(http::StatusCode::SERVICE_UNAVAILABLE, "unavailable")
            })
    }

    /// Whether this request's session used its passkey within the re-authentication window.
    pub fn fresh(state: &AppState) -> bool {
        let now = state.clock.now();
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .extensions
                    .get::<portal_web::session::CurrentSession>()
                    .map(|c| state.policy.is_recently_authenticated(&c.session, now))
            })
            .unwrap_or(false)
    }

    pub fn status_code(credential: &StoredCredential, now: DateTime<Utc>) -> &'static str {
        match credential.status {
            CredentialStatus::Active if credential.valid_until.is_some_and(|u| u <= now) => {
                "expired"
            }
            status => status.as_str(),
        }
    }

    pub fn card(card: &Card, now: DateTime<Utc>) -> CardLine {
        use portal_domain::credential::IssueRefused;
        CardLine {
            kind: card.kind.as_str().to_owned(),
            status: card.latest.as_ref().map(|c| status_code(c, now).to_owned()),
            reason: card
                .latest
                .as_ref()
                .and_then(|c| c.status_reason)
                .map(|r| r.as_str().to_owned()),
            valid_until: card
                .latest
                .as_ref()
                .and_then(|c| c.valid_until)
                .map(|d| d.format("%Y-%m-%d").to_string()),
            next: match card.next {
                Ok(false) => "show",
                Ok(true) => "issue",
                Err(IssueRefused::Suspended) => "suspended",
                Err(IssueRefused::OfficeMustIssue) => "office",
                Err(IssueRefused::RegistrationNotActive) => "inactive",
            }
            .to_owned(),
        }
    }

    pub fn detail(
        credential: &StoredCredential,
        now: DateTime<Utc>,
    ) -> Result<CredentialDetail, ServerFnError> {
        use portal_credentials::qr;
        let broken = || refuse(http::StatusCode::INTERNAL_SERVER_ERROR, "credential");
        let text = Issuance::form(credential, Form::Qr).ok_or_else(broken)?;
        let value: serde_json::Value = serde_json::from_str(text).map_err(|_| broken())?;
        let payload = qr::encode_credential_json(&value).map_err(|_| broken())?;
        let qr_svg = qr::render_svg(&payload).map_err(|_| broken())?;
        let qr_version = qr::qr_version(&payload).map_err(|_| broken())?;
        let subject = value.get("credentialSubject");
        let field = |key: &str| {
            subject
                .and_then(|s| s.get(key))
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
        };
        let principal = subject
            .and_then(|s| s.get("member"))
            .and_then(serde_json::Value::as_array)
            .and_then(|members| {
                members
                    .iter()
                    .find(|m| {
                        m.get("relationship").and_then(serde_json::Value::as_str)
                            == Some("principal-applicant")
                    })
                    .and_then(|m| m.get("name"))
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
            });
        Ok(CredentialDetail {
            id: credential.id.to_string(),
            kind: credential.kind.as_str().to_owned(),
            status: status_code(credential, now).to_owned(),
            issued: credential.issued_at.format("%Y-%m-%d").to_string(),
            valid_until: credential
                .valid_until
                .map(|d| d.format("%Y-%m-%d").to_string()),
            name: field("name").or(principal).unwrap_or_default(),
            number: field("registrationNumber")
                .or_else(|| field("householdId"))
                .unwrap_or_default(),
            qr_chars: payload.len(),
            qr_svg,
            qr_version,
        })
    }

    pub fn verify_result(
        view: portal_core::verifier::VerifyView,
        now: DateTime<Utc>,
    ) -> VerifyResult {
        VerifyResult {
            outcome: view.outcome.as_str().to_owned(),
            reasons: view.reasons,
            credential_type: view.credential_type,
            name: view.name,
            name_original: view.name_original,
            birth_date: view.birth_date,
            registration_number: view.registration_number,
            issuing_office: view.issuing_office,
            valid_until: view.valid_until.map(|v| v.chars().take(10).collect()),
            members: view
                .members
                .into_iter()
                .map(|m| MemberResult {
                    name: m.name,
                    name_original: m.name_original,
                    relationship: m.relationship,
                    birth_date: m.birth_date,
                })
                .collect(),
            photo: view.photo,
            photo_missing: view.photo_missing,
            status_age_minutes: view
                .status_checked_at
                .map(|at| (now - at).num_minutes().max(0)),
        }
    }
}
