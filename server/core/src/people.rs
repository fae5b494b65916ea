//! People's own settings: the portal language a person chose, kept in their profile so it
//! follows them to a new phone.
//!
//! Owns: the rules and audit rows of a person's preferences. Must never: log a person's
//! language, or treat a preference as registration data (no review, no record version).

use chrono::{DateTime, Utc};
use portal_domain::audit::{Actor, AuditEvent, SubjectKind};
use portal_domain::person::PersonId;
use portal_i18n::Locale;
use portal_storage::{Store, StoreError};

/// The audit action of a change of a person's portal language.
pub const LANGUAGE_AUDIT_ACTION: &str = "person.portal-language";

/// The audit row of a person choosing a language: which field and how (`switch` or `signin`),
/// never the language itself.
fn language_event(person: PersonId, now: DateTime<Utc>, via: &str) -> AuditEvent {
    AuditEvent::new(
        now,
        Actor::Person {
            id: person.0.to_string(),
        },
        LANGUAGE_AUDIT_ACTION,
    )
    .about(SubjectKind::Person, person.0.to_string())
    .with_details(serde_json::json!({ "fields": ["portal_language"], "via": via }))
}

/// Keeps the language a signed-in person chose with the language switch in their profile,
/// audited when it changes.
pub async fn remember_language(
    store: &Store,
    person: PersonId,
    locale: Locale,
    now: DateTime<Utc>,
    request_id: Option<&str>,
) -> Result<bool, StoreError> {
    let mut event = language_event(person, now, "switch");
    if let Some(id) = request_id {
        event = event.in_request(id);
    }
    store.set_portal_language(person, locale, &event).await
}

/// The language a person gets at sign-in: the one in their profile; without one, the one they
/// picked before signing in (`picked`) is kept in the profile and stays.
pub async fn language_at_sign_in(
    store: &Store,
    person: PersonId,
    picked: Option<Locale>,
    now: DateTime<Utc>,
) -> Result<Option<Locale>, StoreError> {
    if let Some(chosen) = store.portal_language(person).await? {
        return Ok(Some(chosen));
    }
    if let Some(picked) = picked {
        let event = language_event(person, now, "signin");
        store
            .set_portal_language_if_unset(person, picked, &event)
            .await?;
    }
    Ok(None)
}
