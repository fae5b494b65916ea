//! Notifications in the database: what the portal tells a person (in the portal, and by mail
//! and SMS as they chose and where an address or number is known), the delivery state of each
//! mail and SMS, and each person's choice of channels.
//!
//! Each mail is claimed with a compare-and-set before it is sent, so several server instances
//! against one database send it once.
//!
//! Owns: the `notifications` and `notification_channels` tables. Must never: drop a notification because its mail failed.

use chrono::{DateTime, Utc};
use sqlx::types::Json;
use uuid::Uuid;

use crate::{query, Conn, StoreError, Tx};
use portal_domain::appointments::AppointmentId;
use portal_domain::person::{Email, Language, PersonId};
use portal_domain::requests::RequestId;
use portal_i18n::Locale;

/// What a notification is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum About {
    /// An update request.
    Request(RequestId),
    /// An appointment.
    Appointment(AppointmentId),
    /// A credential (issued, suspended, reinstated, revoked).
    Credential(Uuid),
}

/// A notification to leave for a person.
#[derive(Clone, Debug)]
pub struct NewNotification<'a> {
    /// Whom.
    pub person: PersonId,
    /// About what.
    pub about: About,
    /// What happened: `request.decided`, `request.needs_info`, `appointment.booked`, …
    pub kind: &'a str,
    /// The request's status when it was written.
    pub status: Option<&'a str>,
    /// Whether a mail should go out (the person has an address and wants mail).
    pub mail: bool,
    /// Whether an SMS should go out (the person has a phone and chose SMS).
    pub sms: bool,
}

/// A notification as the person sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    /// Id.
    pub id: Uuid,
    /// The request.
    pub request_id: Option<RequestId>,
    /// The appointment.
    pub appointment_id: Option<AppointmentId>,
    /// The credential.
    pub credential_id: Option<Uuid>,
    /// The credential's kind (`registration`, `household`), for credential news.
    pub credential_kind: Option<String>,
    /// Kind.
    pub kind: String,
    /// The request's status (or the credential's reason) when it was written.
    pub status: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Read yet?
    pub read: bool,
}

/// A mail to send for a notification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueMail {
    /// Notification id.
    pub id: Uuid,
    /// Whom.
    pub person: PersonId,
    /// The request.
    pub request_id: Option<RequestId>,
    /// Kind.
    pub kind: String,
    /// Status at the time.
    pub status: Option<String>,
    /// Attempts so far, this one included.
    pub attempts: i64,
    /// The appointment, for appointment news.
    pub appointment_id: Option<AppointmentId>,
    /// The credential, for credential news.
    pub credential_id: Option<Uuid>,
}

/// What happened to a notification mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailOutcome {
    /// Delivered to the mail server.
    Sent,
    /// The person has no address (any more).
    NoAddress,
    /// Failed too often; stays visible in the portal.
    GiveUp,
    /// Try again then.
    RetryAt(DateTime<Utc>),
}

/// An SMS to send for a notification (it says only that there is news, and where to read it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueSms {
    /// Notification id.
    pub id: Uuid,
    /// Whom.
    pub person: PersonId,
    /// Attempts so far, this one included.
    pub attempts: i64,
}

/// How a person wants news besides "My messages".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Channels {
    /// By mail (where an address is known).
    pub mail: bool,
    /// By SMS (where a phone number is known).
    pub sms: bool,
}

impl Default for Channels {
    /// What a person who never chose gets: mail where an address is known, no SMS.
    fn default() -> Self {
        Channels {
            mail: true,
            sms: false,
        }
    }
}

/// Where a mail to a person goes and what decides its language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailContact {
    /// Their email, if they gave one.
    pub email: Option<Email>,
    /// Their phone number (international form), if they gave one.
    pub phone: Option<String>,
    /// The languages they speak (ISO 639-3), from the record.
    pub languages: Vec<Language>,
    /// The language they chose with the portal's language switch, if they did.
    pub portal_language: Option<Locale>,
}

/// A way a notification goes out besides the portal; each has its own `<prefix>_state`,
/// `<prefix>_attempts` and `<prefix>_next_at` columns.
#[derive(Clone, Copy)]
enum Channel {
    Mail,
    Sms,
}

impl Channel {
    const fn prefix(self) -> &'static str {
        match self {
            Channel::Mail => "mail",
            Channel::Sms => "sms",
        }
    }
}

/// Claims one pending delivery until `until` with a compare-and-set on what the caller read
/// (attempts and next time): of several instances, exactly one wins it.
async fn claim(
    db: &mut Conn,
    channel: Channel,
    id: Uuid,
    attempts: i64,
    next_at: Option<DateTime<Utc>>,
    until: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let c = channel.prefix();
    Ok(db
        .execute(
            query(format!(
                "UPDATE notifications SET {c}_attempts = {c}_attempts + 1, {c}_next_at = $1 \
                 WHERE id = $2 AND {c}_state = 'pending' AND {c}_attempts = $3 \
                 AND ({c}_next_at IS NULL OR {c}_next_at = $4)"
            ))
            .bind(until)
            .bind(id)
            .bind(attempts)
            .bind(next_at),
        )
        .await?
        == 1)
}

/// The longest delivery error kept (the column's limit).
const MAX_ERROR_CHARS: usize = 200;

/// Records the outcome of a delivery on `channel`, with why it failed when it did (`error`:
/// a reason token such as `refused 550`, never a server's reply; cleared once delivered).
async fn finish(
    db: &mut Conn,
    channel: Channel,
    id: Uuid,
    outcome: MailOutcome,
    error: Option<&str>,
) -> Result<(), StoreError> {
    let (state, next_at) = match outcome {
        MailOutcome::Sent => ("sent", None),
        MailOutcome::NoAddress => ("no_address", None),
        MailOutcome::GiveUp => ("failed", None),
        MailOutcome::RetryAt(at) => ("pending", Some(at)),
    };
    let error = match outcome {
        MailOutcome::GiveUp | MailOutcome::RetryAt(_) => {
            error.map(|e| e.chars().take(MAX_ERROR_CHARS).collect::<String>())
        }
        MailOutcome::Sent | MailOutcome::NoAddress => None,
    };
    let c = channel.prefix();
    db.execute(
        query(format!(
            "UPDATE notifications SET {c}_state = $1, {c}_next_at = $2, {c}_last_error = $3 \
             WHERE id = $4"
        ))
        .bind(state)
        .bind(next_at)
        .bind(error)
        .bind(id),
    )
    .await?;
    Ok(())
}

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

/// Leaves a notification (its mail pending, or `no_address`).
pub async fn insert(
    tx: &mut Tx,
    notification: &NewNotification<'_>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let (request, appointment, credential) = match notification.about {
        About::Request(id) => (Some(id.0), None, None),
        About::Appointment(id) => (None, Some(id.0), None),
        About::Credential(id) => (None, None, Some(id)),
    };
    tx.execute(
        query(
            "INSERT INTO notifications (id, person_id, request_id, appointment_id, credential_id, kind, \
             status, created_at, mail_state, mail_next_at, sms_state, sms_next_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $10, $8)",
        )
        .bind(Uuid::new_v4())
        .bind(notification.person.0)
        .bind(request)
        .bind(appointment)
        .bind(credential)
        .bind(notification.kind)
        .bind(notification.status)
        .bind(now)
        .bind(if notification.mail { "pending" } else { "no_address" })
        .bind(if notification.sms { "pending" } else { "none" }),
    )
    .await?;
    Ok(())
}

/// A person's notifications, newest first.
pub async fn of(
    db: &mut Conn,
    person: PersonId,
    limit: i64,
) -> Result<Vec<Notification>, StoreError> {
    type Row = (
        Uuid,
        Option<Uuid>,
        Option<Uuid>,
        Option<Uuid>,
        Option<String>,
        String,
        Option<String>,
        DateTime<Utc>,
        Option<DateTime<Utc>>,
    );
    let rows: Vec<Row> = db
        .fetch_all(
            query(
                "SELECT n.id, n.request_id, n.appointment_id, n.credential_id, c.kind, n.kind, n.status, \
                 n.created_at, n.read_at FROM notifications n LEFT JOIN credentials c ON c.id = n.credential_id \
                 WHERE n.person_id = $1 ORDER BY n.created_at DESC, n.id LIMIT $2",
            )
            .bind(person.0)
            .bind(limit),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                request_id,
                appointment_id,
                credential_id,
                credential_kind,
                kind,
                status,
                created_at,
                read_at,
            )| {
                Notification {
                    id,
                    request_id: request_id.map(RequestId),
                    appointment_id: appointment_id.map(AppointmentId),
                    credential_id,
                    credential_kind,
                    kind,
                    status,
                    created_at,
                    read: read_at.is_some(),
                }
            },
        )
        .collect())
}

/// How many of a person's notifications are unread (the header's count).
pub async fn unread_count(db: &mut Conn, person: PersonId) -> Result<i64, StoreError> {
    let (count,): (i64,) = db
        .fetch_one(
            query("SELECT COUNT(*) FROM notifications WHERE person_id = $1 AND read_at IS NULL")
                .bind(person.0),
        )
        .await?;
    Ok(count)
}

/// Marks every notification of a person written up to `upto` as read (the ones they saw on
/// "My messages"; anything newer stays unread). Returns how many changed.
pub async fn mark_seen(
    db: &mut Conn,
    person: PersonId,
    upto: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    db.execute(
        query(
            "UPDATE notifications SET read_at = $1 WHERE person_id = $2 AND read_at IS NULL \
             AND created_at <= $3",
        )
        .bind(now)
        .bind(person.0)
        .bind(upto),
    )
    .await
}

/// Marks a person's notifications about a request as read.
pub async fn mark_read(
    db: &mut Conn,
    person: PersonId,
    request: RequestId,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    db.execute(
        query(
            "UPDATE notifications SET read_at = $1 WHERE person_id = $2 AND request_id = $3 \
             AND read_at IS NULL",
        )
        .bind(now)
        .bind(person.0)
        .bind(request.0),
    )
    .await?;
    Ok(())
}

/// Claims up to `limit` notification mails that are due, for `lease` (another instance cannot
/// claim them meanwhile). Each claim is a compare-and-set, so with several instances against
/// one database every mail is claimed by exactly one.
pub async fn claim_due_mails(
    db: &mut Conn,
    now: DateTime<Utc>,
    lease: chrono::Duration,
    limit: i64,
) -> Result<Vec<DueMail>, StoreError> {
    type Row = (
        Uuid,
        Uuid,
        Option<Uuid>,
        String,
        Option<String>,
        i64,
        Option<DateTime<Utc>>,
        Option<Uuid>,
        Option<Uuid>,
    );
    let candidates: Vec<Row> = db
        .fetch_all(
            query(
                "SELECT id, person_id, request_id, kind, status, mail_attempts, mail_next_at, appointment_id, \
                 credential_id FROM notifications WHERE mail_state = 'pending' AND (mail_next_at IS NULL OR mail_next_at <= $1) \
                 ORDER BY created_at LIMIT $2",
            )
            .bind(now)
            .bind(limit),
        )
        .await?;
    let mut claimed = Vec::new();
    for (id, person, request_id, kind, status, attempts, next_at, appointment_id, credential_id) in
        candidates
    {
        if claim(db, Channel::Mail, id, attempts, next_at, now + lease).await? {
            claimed.push(DueMail {
                id,
                person: PersonId(person),
                request_id: request_id.map(RequestId),
                kind,
                status,
                attempts: attempts + 1,
                appointment_id: appointment_id.map(AppointmentId),
                credential_id,
            });
        }
    }
    Ok(claimed)
}

/// Records the outcome of a mail: `sent`, or `failed` for good, or retry at a time.
pub async fn finish_mail(
    db: &mut Conn,
    id: Uuid,
    outcome: MailOutcome,
    error: Option<&str>,
) -> Result<(), StoreError> {
    finish(db, Channel::Mail, id, outcome, error).await
}

/// Contact details for a mail to a person: their email, the languages they speak and the
/// language they chose for the portal.
pub async fn mail_contact(
    db: &mut Conn,
    person: PersonId,
) -> Result<Option<MailContact>, StoreError> {
    type Row = (
        Option<String>,
        Option<String>,
        Json<Vec<String>>,
        Option<String>,
    );
    let row: Option<Row> = db
        .fetch_optional(
            query("SELECT email, phone, languages, portal_language FROM people WHERE id = $1")
                .bind(person.0),
        )
        .await?;
    row.map(|(email, phone, languages, portal_language)| {
        let email = email
            .as_deref()
            .map(Email::parse)
            .transpose()
            .map_err(corrupt)?;
        let languages = languages
            .0
            .iter()
            .map(|l| Language::parse(l))
            .collect::<Result<Vec<_>, _>>()
            .map_err(corrupt)?;
        let portal_language = portal_language
            .map(|tag| {
                tag.parse::<Locale>()
                    .map_err(|_| corrupt("portal_language"))
            })
            .transpose()?;
        Ok(MailContact {
            email,
            phone: phone.filter(|p| !p.is_empty()),
            languages,
            portal_language,
        })
    })
    .transpose()
}

/// Claims up to `limit` SMS due at `now`, each for `lease` (as [`claim_due_mails`] does).
pub async fn claim_due_sms(
    db: &mut Conn,
    now: DateTime<Utc>,
    lease: chrono::Duration,
    limit: i64,
) -> Result<Vec<DueSms>, StoreError> {
    type Row = (Uuid, Uuid, i64, Option<DateTime<Utc>>);
    let candidates: Vec<Row> = db
        .fetch_all(
            query(
                "SELECT id, person_id, sms_attempts, sms_next_at FROM notifications \
                 WHERE sms_state = 'pending' AND (sms_next_at IS NULL OR sms_next_at <= $1) \
                 ORDER BY created_at LIMIT $2",
            )
            .bind(now)
            .bind(limit),
        )
        .await?;
    let mut claimed = Vec::new();
    for (id, person, attempts, next_at) in candidates {
        if claim(db, Channel::Sms, id, attempts, next_at, now + lease).await? {
            claimed.push(DueSms {
                id,
                person: PersonId(person),
                attempts: attempts + 1,
            });
        }
    }
    Ok(claimed)
}

/// Records the outcome of an SMS, as [`finish_mail`] does for a mail.
pub async fn finish_sms(
    db: &mut Conn,
    id: Uuid,
    outcome: MailOutcome,
    error: Option<&str>,
) -> Result<(), StoreError> {
    finish(db, Channel::Sms, id, outcome, error).await
}

/// The channels `person` chose (the default when they never chose).
pub async fn channels(db: &mut Conn, person: PersonId) -> Result<Channels, StoreError> {
    let row: Option<(bool, bool)> = db
        .fetch_optional(
            query("SELECT mail, sms FROM notification_channels WHERE person_id = $1")
                .bind(person.0),
        )
        .await?;
    Ok(row.map_or_else(Channels::default, |(mail, sms)| Channels { mail, sms }))
}

/// Keeps the channels `person` chose.
pub async fn set_channels(
    tx: &mut Tx,
    person: PersonId,
    channels: Channels,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.execute(
        query(
            "INSERT INTO notification_channels (person_id, mail, sms, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (person_id) DO UPDATE SET mail = excluded.mail, sms = excluded.sms, \
             updated_at = excluded.updated_at",
        )
        .bind(person.0)
        .bind(channels.mail)
        .bind(channels.sms)
        .bind(now),
    )
    .await?;
    Ok(())
}
