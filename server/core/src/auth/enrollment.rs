//! Enrollment: a person (or a new staff member) with an invitation confirms who they are and
//! creates their first passkey.
//!
//! ```text
//!   invitation ──answers match──▶ registration parked on the session ──passkey──▶ signed in
//!        └──wrong answer (×5: locked)──▶ the same refusal, whatever was wrong
//! ```
//!
//! Each step commits on its own: a wrong answer is counted even though the visitor is
//! refused, and a ceremony once taken stays taken even if its answer fails.
//!
//! Owns: the enrollment ceremony. Must never: tell a visitor which check failed, or whether
//! an invitation or a person exists.

use chrono::NaiveDate;
use portal_domain::audit::{Actor, AuditAction};
use portal_domain::invitation::{answers_match, InvitationState, MAX_FAILED_ATTEMPTS};
use portal_domain::person::{Email, RegistrationNumber};
use portal_domain::session::{Principal, SessionPolicy};
use portal_domain::tokens::{SecretToken, ShortCode, TokenHash};
use portal_storage::invitations::{self, StoredInvitation};
use portal_storage::passkeys::{self as passkey_store, NewPasskey};
use portal_storage::{accounts, audit, people, staff, Conn, Store, StoreError};
use uuid::Uuid;
use webauthn_rs::prelude::{CreationChallengeResponse, RegisterPublicKeyCredential};

use super::passkeys::{Ceremony, PasskeyService};
use super::sessions::{self, Current};
use super::{actor_of, ceremonies, passkey_name, subject_of};
use crate::context::Ctx;
use crate::error::{CoreError, CoreResult, Refusal};

/// What the passkey ceremonies work with.
#[derive(Clone, Copy)]
pub struct Ceremonies<'a> {
    /// The database.
    pub store: &'a Store,
    /// The WebAuthn relying party.
    pub passkeys: &'a PasskeyService,
    /// Session lifetimes.
    pub policy: &'a SessionPolicy,
}

/// What a visitor types to confirm an invitation is theirs.
#[derive(Clone, Debug, Default)]
pub struct Answers {
    /// The token from the link, or the short code from the slip.
    pub invitation: String,
    /// For people: their registration number.
    pub registration_number: Option<String>,
    /// For people: their date of birth, `YYYY-MM-DD`.
    pub date_of_birth: Option<String>,
    /// For staff: their work email.
    pub email: Option<String>,
}

/// The first step done: the browser's passkey options, and a new session token when the
/// browser had no session (the caller sets it as the cookie).
#[derive(Debug)]
pub struct Begun {
    /// Options for `navigator.credentials.create()`.
    pub options: CreationChallengeResponse,
    /// A new anonymous session the ceremony is parked on.
    pub new_session: Option<SecretToken>,
}

/// Enrollment done: the account is signed in with a new session.
#[derive(Debug)]
pub struct Enrolled {
    /// Whose account.
    pub principal: Principal,
    /// The new session's token (for the cookie).
    pub token: SecretToken,
    /// The new session.
    pub session: portal_domain::session::Session,
}

fn refused() -> CoreError {
    Refusal::Enrollment.into()
}

/// Hash of the link token or of the short code, whichever the text is.
fn invitation_hash(text: &str) -> Option<TokenHash> {
    SecretToken::parse(text)
        .map(|t| t.hash())
        .or_else(|| ShortCode::parse(text).map(|c| c.hash()))
}

/// Who the invitation is for, as the passkey names them, and whether the answers are theirs.
async fn check_answers(
    db: &mut Conn,
    invitation: &StoredInvitation,
    answers: &Answers,
) -> CoreResult<(String, String, bool)> {
    Ok(match invitation.principal {
        Principal::Person(id) => {
            let Some(person) = people::by_id(db, id).await? else {
                return Ok((String::new(), String::new(), false));
            };
            let number_ok = answers
                .registration_number
                .as_deref()
                .and_then(|n| RegistrationNumber::parse(n).ok())
                .is_some_and(|n| {
                    answers_match(person.record.registration_number.as_str(), n.as_str())
                });
            let birth_ok = answers
                .date_of_birth
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
                == Some(person.record.date_of_birth.date);
            let name = format!(
                "{} {}",
                person.record.given_name.as_str(),
                person.record.family_name.as_str()
            );
            (name.clone(), name, number_ok && birth_ok)
        }
        Principal::Staff(id) => {
            let Some(member) = staff::by_id(db, id).await? else {
                return Ok((String::new(), String::new(), false));
            };
            let ok = answers
                .email
                .as_deref()
                .and_then(|e| Email::parse(e).ok())
                .is_some_and(|e| {
                    e.as_str()
                        .eq_ignore_ascii_case(member.account.email.as_str())
                });
            (
                member.account.email.as_str().to_owned(),
                member.account.display_name.clone(),
                ok,
            )
        }
    })
}

/// Counts a wrong answer (locking the invitation at the limit), committed.
async fn count_wrong_answer(
    store: &Store,
    ctx: &Ctx<'_>,
    invitation: &StoredInvitation,
) -> CoreResult<()> {
    let mut tx = store.begin().await?;
    let attempts = invitations::count_failed_answer(&mut tx, invitation.id).await?;
    let action = if attempts >= MAX_FAILED_ATTEMPTS {
        AuditAction::EnrollmentLocked
    } else {
        AuditAction::EnrollmentWrongAnswer
    };
    let (kind, subject) = subject_of(invitation.principal);
    let event = ctx
        .event(Actor::System, action)
        .about(kind, subject)
        .with_details(
            serde_json::json!({ "invitation": invitation.id.to_string(), "attempt": attempts }),
        );
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(())
}

/// Checks an invitation and the answers; when they match, starts creating a passkey, parked
/// on the browser's session (`session`, or a new anonymous one). Every failure is the same
/// [`Refusal::Enrollment`].
pub async fn begin(
    with: &Ceremonies<'_>,
    ctx: &Ctx<'_>,
    session: Option<Current>,
    answers: &Answers,
) -> CoreResult<Begun> {
    let hash = invitation_hash(&answers.invitation).ok_or_else(refused)?;
    let mut db = with.store.read().await?;
    let invitation = invitations::by_hash(&mut db, &hash)
        .await?
        .ok_or_else(refused)?;
    if invitation.status.state(ctx.now) != InvitationState::Open {
        return Err(refused());
    }
    let (user_name, display_name, answers_ok) =
        check_answers(&mut db, &invitation, answers).await?;
    drop(db);
    if !answers_ok {
        count_wrong_answer(with.store, ctx, &invitation).await?;
        return Err(refused());
    }
    let mut tx = with.store.begin().await?;
    let (new_session, current) = match session {
        Some(current) => (None, current),
        None => {
            let (token, current) = sessions::start_anonymous(&mut tx, with.policy, ctx.now).await?;
            (Some(token), current)
        }
    };
    let user_handle = accounts::webauthn_user_id(&mut tx, invitation.principal).await?;
    let existing = ceremonies::credential_ids(&mut tx, invitation.principal).await?;
    let (options, ceremony) =
        with.passkeys
            .start_registration(user_handle, &user_name, &display_name, existing)?;
    ceremonies::park(
        &mut tx,
        with.policy,
        &current.hash,
        &ceremony,
        Some(invitation.id),
        ctx.now,
    )
    .await?;
    let (kind, subject) = subject_of(invitation.principal);
    let event = ctx
        .event(Actor::System, AuditAction::EnrollmentAnswersConfirmed)
        .about(kind, subject)
        .with_details(serde_json::json!({ "invitation": invitation.id.to_string() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(Begun {
        options,
        new_session,
    })
}

/// Stores the browser's new passkey, consumes the invitation (once only) and signs in with a
/// new session, in one transaction.
pub async fn finish(
    with: &Ceremonies<'_>,
    ctx: &Ctx<'_>,
    session: &Current,
    credential: &RegisterPublicKeyCredential,
    name: Option<String>,
) -> CoreResult<Enrolled> {
    let mut db = with.store.read().await?;
    let Some((Ceremony::Registration { user_handle, state }, Some(invitation))) =
        ceremonies::take(&mut db, &session.hash, ctx.now).await?
    else {
        return Err(Refusal::CeremonyExpired.into());
    };
    let principal = accounts::by_webauthn_user_id(&mut db, user_handle)
        .await?
        .ok_or(Refusal::CeremonyExpired)?;
    drop(db);
    let passkey = with
        .passkeys
        .finish_registration(credential, &state)
        .map_err(|error| {
            tracing::info!(error = %error, "passkey registration refused");
            refused()
        })?;
    let new = NewPasskey {
        id: Uuid::new_v4(),
        credential_id: passkey.cred_id().to_vec(),
        principal,
        name: passkey_name(name),
        credential_json: serde_json::to_string(&passkey)
            .map_err(|e| CoreError::Setup(e.to_string()))?,
    };
    let mut tx = with.store.begin().await?;
    if !invitations::consume(&mut tx, invitation, ctx.now).await? {
        return Err(refused());
    }
    passkey_store::insert(&mut tx, &new, ctx.now)
        .await
        .map_err(|e| match e {
            StoreError::Duplicate(_) => refused(),
            other => other.into(),
        })?;
    let (token, signed_in) =
        sessions::sign_in(&mut tx, with.policy, &session.hash, principal, ctx.now).await?;
    let (kind, subject) = subject_of(principal);
    let created = ctx
        .event(actor_of(principal), AuditAction::PasskeyCreate)
        .about(kind, subject.clone())
        .with_details(serde_json::json!({ "invitation": invitation.to_string(), "passkey": new.id.to_string() }));
    audit::append(&mut tx, &created).await?;
    audit::append(
        &mut tx,
        &ctx.event(actor_of(principal), AuditAction::Signin)
            .about(kind, subject),
    )
    .await?;
    tx.commit().await?;
    Ok(Enrolled {
        principal,
        token,
        session: signed_in,
    })
}
