//! News for a person: the one way every use case leaves a notification (with a mail when the
//! person has an address), what "My messages" lists, and the header's unread count.
//!
//! Owns: leaving and reading notifications. Must never: show a person news about anyone else,
//! or lose news because a mail could not be sent (the mail job retries; the portal shows it).

use portal_domain::person::PersonId;
use portal_storage::notifications::{self, About, NewNotification, Notification};
use portal_storage::{people, Conn, Tx};

use crate::context::Ctx;
use crate::error::CoreResult;

/// Most messages "My messages" lists (the newest).
pub const MESSAGES_LIMIT: i64 = 100;

/// Leaves news of `kind` about `about` for `person`, with a pending mail when they gave an
/// address; inside the transaction of the change it reports, so the two land together.
pub async fn leave(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    person: PersonId,
    about: About,
    kind: &str,
    status: Option<&str>,
) -> CoreResult<()> {
    let mail = has_email(tx, person).await?;
    let notification = NewNotification {
        person,
        about,
        kind,
        status,
        mail,
    };
    notifications::insert(tx, &notification, ctx.now).await?;
    Ok(())
}

/// Whether the person gave an address to mail news (and reminders) to.
pub async fn has_email(db: &mut Conn, person: PersonId) -> CoreResult<bool> {
    Ok(people::by_id(db, person)
        .await?
        .is_some_and(|p| p.record.email.is_some()))
}

/// How many of the person's messages they have not seen.
pub async fn unread(db: &mut Conn, person: PersonId) -> CoreResult<i64> {
    Ok(notifications::unread_count(db, person).await?)
}

/// "My messages": the person's newest messages, each marked unread as it was before this visit;
/// those shown are then marked as read (news that arrives meanwhile stays unread).
pub async fn mine(tx: &mut Tx, ctx: &Ctx<'_>, person: PersonId) -> CoreResult<Vec<Notification>> {
    let messages = notifications::of(tx, person, MESSAGES_LIMIT).await?;
    if let Some(newest) = messages.first().map(|m| m.created_at) {
        notifications::mark_seen(tx, person, newest, ctx.now).await?;
    }
    Ok(messages)
}
