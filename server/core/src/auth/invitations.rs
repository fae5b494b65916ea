//! Issuing enrollment invitations: by staff at the desk (a printed slip with a QR code), by
//! operators from the command line, and mailing them when the account has an address.
//!
//! Owns: writing an invitation with its audit rows (and, for a lost phone, ending every
//! passkey and session of the account at the same moment), and its mail. Must never: keep the
//! token or the code anywhere but in the [`IssuedInvitation`] handed back once.

use chrono::Duration;
use portal_domain::audit::{Actor, AuditAction};
use portal_domain::invitation::IssuedInvitation;
use portal_domain::person::{Email, PersonId};
use portal_domain::policy::{may_invite, may_view_person};
use portal_domain::session::Principal;
use portal_domain::staff::{Staff, StaffRole};
use portal_domain::tokens::{SecretToken, ShortCode};
use portal_i18n::Locale;
use portal_mail::{templates, Mailer};
use portal_storage::invitations::{self as store, NewInvitation};
use portal_storage::{audit, notifications, passkeys, people, sessions, staff, Conn, Tx};

use super::subject_of;
use crate::context::{staff_actor, Ctx};
use crate::error::{CoreError, CoreResult};

/// Issues an invitation for `principal`, valid for `lifetime`; with `revoke_existing` (lost
/// phone) every passkey and session of the account ends at the same moment. Audited as
/// `actor`.
pub async fn issue(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    principal: Principal,
    lifetime: Duration,
    revoke_existing: bool,
    actor: Actor,
) -> CoreResult<IssuedInvitation> {
    let issued = IssuedInvitation {
        id: uuid::Uuid::new_v4(),
        token: SecretToken::generate(),
        code: ShortCode::generate(),
        expires_at: ctx.now + lifetime,
    };
    let (kind, subject) = subject_of(principal);
    if revoke_existing {
        sessions::delete_all_of(tx, principal).await?;
        passkeys::delete_all_of(tx, principal).await?;
    }
    let invitation = NewInvitation {
        id: issued.id,
        token_hash: issued.token.hash(),
        code_hash: issued.code.hash(),
        principal,
        expires_at: issued.expires_at,
    };
    store::insert(tx, &invitation, ctx.now).await?;
    let invited = ctx
        .event(actor.clone(), AuditAction::EnrollmentInvite)
        .about(kind, subject.clone())
        .with_details(serde_json::json!({
            "invitation": issued.id.to_string(),
            "expires_at": issued.expires_at.to_rfc3339(),
        }));
    audit::append(tx, &invited).await?;
    if revoke_existing {
        let revoked = ctx
            .event(actor, AuditAction::PasskeyRevokeAll)
            .about(kind, subject);
        audit::append(tx, &revoked).await?;
    }
    Ok(issued)
}

/// A clerk issues an enrollment slip for a person of their office.
pub async fn invite_person(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    staff_member: &Staff,
    person: PersonId,
    lifetime: Duration,
    revoke_existing: bool,
) -> CoreResult<IssuedInvitation> {
    let office = people::office_of(tx, person)
        .await?
        .ok_or(CoreError::NotFound)?;
    if !may_view_person(staff_member, &office) {
        return Err(CoreError::NotFound);
    }
    if !may_invite(staff_member, &office) {
        return Err(CoreError::NotAllowed);
    }
    let actor = staff_actor(staff_member, StaffRole::Clerk);
    issue(
        tx,
        ctx,
        Principal::Person(person),
        lifetime,
        revoke_existing,
        actor,
    )
    .await
}

/// Where an invitation mail to the account goes, and in which language.
async fn recipient(db: &mut Conn, principal: Principal) -> CoreResult<Option<(Email, Locale)>> {
    Ok(match principal {
        Principal::Person(id) => notifications::mail_contact(db, id).await?.and_then(|c| {
            c.email.map(|email| {
                (
                    email,
                    templates::recipient_locale(c.portal_language, &c.languages),
                )
            })
        }),
        Principal::Staff(id) => staff::by_id(db, id)
            .await?
            .map(|s| (s.account.email, Locale::En)),
    })
}

/// Mails `invitation` to the account's address, in its language, when it has one. Returns the
/// address it went to.
pub async fn send_by_mail(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    mailer: &Mailer,
    principal: Principal,
    invitation: &IssuedInvitation,
    public_url: &url::Url,
) -> CoreResult<Option<Email>> {
    let Some((email, locale)) = recipient(db, principal).await? else {
        return Ok(None);
    };
    let mail = templates::invitation(
        email.clone(),
        locale,
        &invitation.link(public_url),
        &invitation.code.display(),
        invitation.expires_at,
    );
    mailer.send(&mail, ctx.now).await?;
    Ok(Some(email))
}
