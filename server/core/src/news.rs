//! News for a person: the one way every use case leaves a notification (with a mail and an SMS
//! as the person chose, where an address or number is known), what "My messages" lists, the
//! header's unread count, and the person's choice of channels.
//!
//! Owns: leaving and reading notifications, and which channels carry them. Must never: show a
//! person news about anyone else, or lose news because a mail or SMS could not be sent (the job
//! retries; "My messages" always holds everything).

use portal_domain::person::PersonId;
use portal_storage::notifications::{self, About, Channels, NewNotification, Notification};
use portal_storage::{people, Conn, Tx};

use crate::context::Ctx;
use crate::error::CoreResult;

/// Most messages "My messages" lists (the newest).
pub const MESSAGES_LIMIT: i64 = 100;

/// Leaves news of `kind` about `about` for `person`, with a pending mail and SMS on the channels
/// they chose and can be reached on; inside the transaction of the change it reports, so the
/// two land together.
pub async fn leave(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    person: PersonId,
    about: About,
    kind: &str,
    status: Option<&str>,
) -> CoreResult<()> {
    let reach = reach(tx, person).await?;
    let notification = NewNotification {
        person,
        about,
        kind,
        status,
        mail: reach.mail(),
        sms: reach.sms(),
    };
    notifications::insert(tx, &notification, ctx.now).await?;
    Ok(())
}

/// How a person can be reached and how they chose to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reach {
    /// What they chose.
    pub chosen: Channels,
    /// They gave an email address.
    pub has_email: bool,
    /// They gave a phone number.
    pub has_phone: bool,
}

impl Reach {
    /// Whether news goes out by mail.
    pub fn mail(&self) -> bool {
        self.chosen.mail && self.has_email
    }

    /// Whether news goes out by SMS.
    pub fn sms(&self) -> bool {
        self.chosen.sms && self.has_phone
    }
}

/// How `person` can be reached and how they chose to be.
pub async fn reach(db: &mut Conn, person: PersonId) -> CoreResult<Reach> {
    let record = people::by_id(db, person).await?.map(|p| p.record);
    Ok(Reach {
        chosen: notifications::channels(db, person).await?,
        has_email: record.as_ref().is_some_and(|r| r.email.is_some()),
        has_phone: record.as_ref().is_some_and(|r| r.phone.is_some()),
    })
}

/// Whether news and reminders about `person` go out by mail (an address, and mail chosen).
pub async fn wants_mail(db: &mut Conn, person: PersonId) -> CoreResult<bool> {
    Ok(reach(db, person).await?.mail())
}

/// The person chooses how to be told besides "My messages"; news left from now on follows the
/// choice. SMS can be chosen only where the portal has an SMS gateway (`sms_offered`).
pub async fn choose(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    person: PersonId,
    chosen: Channels,
    sms_offered: bool,
) -> CoreResult<()> {
    let chosen = Channels {
        mail: chosen.mail,
        sms: chosen.sms && sms_offered,
    };
    notifications::set_channels(tx, person, chosen, ctx.now).await?;
    Ok(())
}

/// How many of the person's messages they have not seen.
pub async fn unread(db: &mut Conn, person: PersonId) -> CoreResult<i64> {
    Ok(notifications::unread_count(db, person).await?)
}

/// "My messages": the person's newest messages, each marked unread as it was before this visit;
/// those shown are then marked as read (news that arrives meanwhile stays unread). A helper
/// looking does not read them for the person.
pub async fn mine(tx: &mut Tx, ctx: &Ctx<'_>, person: PersonId) -> CoreResult<Vec<Notification>> {
    let messages = notifications::of(tx, person, MESSAGES_LIMIT).await?;
    let helper_looking = ctx.helping.is_some_and(|a| a.person == person);
    if let Some(newest) = messages
        .first()
        .map(|m| m.created_at)
        .filter(|_| !helper_looking)
    {
        notifications::mark_seen(tx, person, newest, ctx.now).await?;
    }
    Ok(messages)
}
