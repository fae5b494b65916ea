//! Issuing enrollment invitations and mailing them.
//!
//! Owns: writing an invitation with its audit rows, and its mail. Must never: keep the token
//! or the code anywhere but in the [`IssuedInvitation`] handed back once.

use chrono::{DateTime, Duration, Utc};
use portal_domain::invitation::IssuedInvitation;

/// Issues an invitation for `principal`, valid for `lifetime`; with `revoke_existing` (lost
/// phone) every passkey and session of the account ends at the same moment. Audited.
pub async fn issue(
    store: &portal_storage::Store,
    principal: portal_domain::session::Principal,
    now: DateTime<Utc>,
    lifetime: Duration,
    revoke_existing: bool,
    actor: portal_domain::audit::Actor,
) -> Result<IssuedInvitation, portal_storage::StoreError> {
    use portal_domain::audit::{AuditEvent, SubjectKind};
    let issued = IssuedInvitation {
        id: uuid::Uuid::new_v4(),
        token: portal_domain::tokens::SecretToken::generate(),
        code: portal_domain::tokens::ShortCode::generate(),
        expires_at: now + lifetime,
    };
    let (kind, subject) = match principal {
        portal_domain::session::Principal::Person(id) => (SubjectKind::Person, id.0.to_string()),
        portal_domain::session::Principal::Staff(id) => (SubjectKind::Staff, id.0.to_string()),
    };
    let mut events = vec![AuditEvent::new(now, actor.clone(), "enrollment.invite")
        .about(kind, subject.clone())
        .with_details(serde_json::json!({ "invitation": issued.id.to_string(), "expires_at": issued.expires_at.to_rfc3339() }))];
    if revoke_existing {
        events.push(AuditEvent::new(now, actor, "passkey.revoke-all").about(kind, subject));
    }
    let invitation = portal_storage::auth::NewInvitation {
        id: issued.id,
        token_hash: issued.token.hash(),
        code_hash: issued.code.hash(),
        principal,
        expires_at: issued.expires_at,
        revoke_existing,
    };
    store.create_invitation(&invitation, now, &events).await?;
    Ok(issued)
}

/// Why an invitation could not be mailed.
#[derive(Debug, thiserror::Error)]
pub enum InvitationMailError {
    /// The account could not be read.
    #[error(transparent)]
    Store(#[from] portal_storage::StoreError),
    /// The mail could not be sent.
    #[error(transparent)]
    Mail(#[from] portal_mail::MailError),
}

/// Mails `invitation` to the account's address, in its language, when it has one. Returns the
/// address it went to.
pub async fn send_by_mail(
    store: &portal_storage::Store,
    mailer: &portal_mail::Mailer,
    principal: portal_domain::session::Principal,
    invitation: &IssuedInvitation,
    public_url: &url::Url,
    invitation_sent_at: DateTime<Utc>,
) -> Result<Option<portal_domain::person::Email>, InvitationMailError> {
    use portal_mail::templates;
    let recipient = match principal {
        portal_domain::session::Principal::Person(id) => {
            store.mail_contact(id).await?.and_then(|c| {
                c.email.map(|email| {
                    let locale = templates::recipient_locale(c.portal_language, &c.languages);
                    (email, locale)
                })
            })
        }
        portal_domain::session::Principal::Staff(id) => store
            .staff_by_id(id)
            .await?
            .map(|s| (s.account.email, portal_i18n::Locale::En)),
    };
    let Some((email, locale)) = recipient else {
        return Ok(None);
    };
    let mail = templates::invitation(
        email.clone(),
        locale,
        &invitation.link(public_url),
        &invitation.code.display(),
        invitation.expires_at,
    );
    mailer.send(&mail, invitation_sent_at).await?;
    Ok(Some(email))
}
