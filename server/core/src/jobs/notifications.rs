//! The notification job: sends the mails that go with portal notifications (a decision, a
//! question, an appointment booked, moved or cancelled, a credential's news), the reminders the
//! day before, and the SMS of people who chose SMS (through the gateway, when one is
//! configured), retrying failures with growing pauses. Several server instances may run it
//! against one database: each mail and SMS is claimed by exactly one (a compare-and-set on the
//! notification).
//!
//! Owns: when and how often a notification mail is tried. Must never: lose a notification (the
//! portal shows it whatever happens to the mail), or log an address.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use portal_domain::appointments::{AppointmentId, AppointmentStatus};
use portal_domain::clock::SharedClock;
use portal_domain::credential::{CredentialNews, StatusReason};
use portal_domain::requests::RequestStatus;
use portal_mail::sms::SmsGateway;
use portal_mail::templates::{
    appointment, credential_update, news_sms, recipient_locale, request_update, AppointmentMail,
    AppointmentNews,
};
use portal_mail::{Calendar, Mail, Mailer};
use portal_storage::appointments as appointment_store;
use portal_storage::credentials as credential_store;
use portal_storage::notifications::{self, DueMail, MailContact, MailOutcome};
use portal_storage::{Conn, Store};
use tokio::sync::Notify;
use uuid::Uuid;

use crate::booking::{invitation_for, CalendarOrigin};
use crate::config::Config;
use crate::error::CoreResult;
use crate::stop::Stopping;

/// Attempts before a mail is given up (the notification stays in the portal).
pub const MAX_ATTEMPTS: i64 = 8;

/// How long a claimed mail is reserved for the instance sending it.
const LEASE: chrono::Duration = chrono::Duration::minutes(5);

/// Most mails (and reminders) one run claims.
const BATCH: i64 = 50;

/// The pause before attempt `attempts + 1`: 1, 2, 4 … minutes, at most 4 hours.
pub fn backoff(attempts: i64) -> chrono::Duration {
    let exponent = u32::try_from(attempts.clamp(1, 9) - 1).unwrap_or(0);
    chrono::Duration::minutes((1_i64 << exponent).min(240))
}

/// What one run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Run {
    /// Mails handed to the mail server.
    pub sent: usize,
    /// Mails that failed and will be retried.
    pub retried: usize,
    /// Mails given up on, or with no address to send to.
    pub dropped: usize,
}

impl Run {
    fn count(&mut self, outcome: MailOutcome) {
        match outcome {
            MailOutcome::Sent => self.sent += 1,
            MailOutcome::RetryAt(_) => self.retried += 1,
            MailOutcome::NoAddress | MailOutcome::GiveUp => self.dropped += 1,
        }
    }
}

/// What the job needs besides the database.
#[derive(Clone, Copy)]
pub struct Delivery<'a> {
    /// Where mail goes.
    pub mailer: &'a Mailer,
    /// The configuration (public URL for links, the calendar's organizer).
    pub config: &'a Config,
    /// Where SMS go; `None`: SMS wait until a gateway is configured.
    pub sms: Option<&'a SmsGateway>,
}

impl Delivery<'_> {
    fn link(&self, path: &str) -> String {
        let url = &self.config.public_url;
        url.join(path)
            .map_or_else(|_| url.to_string(), |u| u.to_string())
    }

    /// Sends `message` for a claimed mail; what to record: sent, retry later, or give up, and
    /// why it failed.
    async fn send(
        &self,
        message: Option<Mail>,
        attempts: i64,
        now: DateTime<Utc>,
    ) -> (MailOutcome, Option<String>) {
        let Some(message) = message else {
            return (MailOutcome::NoAddress, None);
        };
        outcome(
            self.mailer.send(&message, now).await,
            attempts,
            now,
            "notification mail",
        )
    }
}

/// What to record after a delivery attempt: sent, retry after the pause, or give up after
/// [`MAX_ATTEMPTS`] or at once when retrying cannot help (a recipient refused for good; the
/// portal still shows the news), and why it failed (a token the
/// dead-letter list shows in words). The mail and SMS errors are the portal's own words and
/// codes (never a server's reply, which names the recipient), so they may be logged.
fn outcome<E: portal_mail::DeliveryFailure>(
    sent: Result<(), E>,
    attempts: i64,
    now: DateTime<Utc>,
    what: &'static str,
) -> (MailOutcome, Option<String>) {
    match sent {
        Ok(()) => (MailOutcome::Sent, None),
        Err(error) if attempts >= MAX_ATTEMPTS || error.permanent() => {
            tracing::error!(error = %error, attempts, what, "delivery given up; the portal still shows the news");
            (MailOutcome::GiveUp, Some(error.reason()))
        }
        Err(error) => {
            tracing::warn!(error = %error, attempts, what, "delivery failed; will retry");
            (
                MailOutcome::RetryAt(now + backoff(attempts)),
                Some(error.reason()),
            )
        }
    }
}

/// Sends every notification mail that is due now, and the appointment reminders.
pub async fn deliver_due(
    store: &Store,
    with: &Delivery<'_>,
    now: DateTime<Utc>,
) -> CoreResult<Run> {
    let mut db = store.read().await?;
    let mut run = deliver_reminders(&mut db, with, now).await?;
    for mail in notifications::claim_due_mails(&mut db, now, LEASE, BATCH).await? {
        let message = match (mail.appointment_id, mail.credential_id) {
            (Some(id), _) => {
                appointment_message(&mut db, with, id, appointment_news(&mail), now).await?
            }
            (None, Some(id)) => credential_message(&mut db, with, id, &mail).await?,
            (None, None) => request_message(&mut db, with, &mail).await?,
        };
        let (outcome, error) = with.send(message, mail.attempts, now).await;
        run.count(outcome);
        notifications::finish_mail(&mut db, mail.id, outcome, error.as_deref()).await?;
    }
    if let Some(gateway) = with.sms {
        deliver_sms(&mut db, with, gateway, now, &mut run).await?;
    }
    Ok(run)
}

/// Sends the SMS that are due: each says there is news and links to "My messages", in the
/// person's language.
async fn deliver_sms(
    db: &mut Conn,
    with: &Delivery<'_>,
    gateway: &SmsGateway,
    now: DateTime<Utc>,
    run: &mut Run,
) -> CoreResult<()> {
    let link = with.link("/me/messages");
    for due in notifications::claim_due_sms(db, now, LEASE, BATCH).await? {
        let contact = notifications::mail_contact(db, due.person).await?;
        let (outcome, error) = match contact {
            Some(MailContact {
                phone: Some(phone),
                languages,
                portal_language,
                ..
            }) => {
                let sms = news_sms(phone, recipient_locale(portal_language, &languages), &link);
                outcome(gateway.send(&sms).await, due.attempts, now, "SMS")
            }
            _ => (MailOutcome::NoAddress, None),
        };
        run.count(outcome);
        notifications::finish_sms(db, due.id, outcome, error.as_deref()).await?;
    }
    Ok(())
}

fn appointment_news(mail: &DueMail) -> AppointmentNews {
    match mail.kind.as_str() {
        "appointment.booked" => AppointmentNews::Booked,
        "appointment.changed" => AppointmentNews::Changed,
        _ => AppointmentNews::Cancelled,
    }
}

/// The mail about a request's news, in the person's language; `None` without an address.
async fn request_message(
    db: &mut Conn,
    with: &Delivery<'_>,
    mail: &DueMail,
) -> CoreResult<Option<Mail>> {
    let contact = notifications::mail_contact(db, mail.person).await?;
    let status = mail
        .status
        .as_deref()
        .and_then(|s| RequestStatus::parse(s).ok());
    let (
        Some(MailContact {
            email: Some(email),
            languages,
            portal_language,
            ..
        }),
        Some(request),
        Some(status),
    ) = (contact, mail.request_id, status)
    else {
        return Ok(None);
    };
    Ok(Some(request_update(
        email,
        recipient_locale(portal_language, &languages),
        &request.reference(),
        status,
        &with.link(&format!("/me/requests/{}", request.0)),
    )))
}

/// The mail about a credential's news, in the person's language; `None` without an address
/// or when the credential is gone.
async fn credential_message(
    db: &mut Conn,
    with: &Delivery<'_>,
    id: Uuid,
    mail: &DueMail,
) -> CoreResult<Option<Mail>> {
    let (Some(news), Some(credential)) = (
        CredentialNews::parse(&mail.kind),
        credential_store::by_id(db, id).await?,
    ) else {
        return Ok(None);
    };
    let Some(MailContact {
        email: Some(email),
        languages,
        portal_language,
        ..
    }) = notifications::mail_contact(db, mail.person).await?
    else {
        return Ok(None);
    };
    let reason = mail
        .status
        .as_deref()
        .and_then(|r| StatusReason::parse(r).ok());
    Ok(Some(credential_update(
        email,
        recipient_locale(portal_language, &languages),
        news,
        credential.kind,
        reason,
        &with.link("/me/credentials"),
    )))
}

/// The mail about an appointment as it stands now, in the person's language; `None` when the
/// person has no address or the appointment is gone.
async fn appointment_message(
    db: &mut Conn,
    with: &Delivery<'_>,
    id: AppointmentId,
    news: AppointmentNews,
    now: DateTime<Utc>,
) -> CoreResult<Option<Mail>> {
    let Some(current) = appointment_store::by_id(db, id).await? else {
        return Ok(None);
    };
    let Some(MailContact {
        email: Some(email),
        languages,
        portal_language,
        ..
    }) = notifications::mail_contact(db, current.person_id).await?
    else {
        return Ok(None);
    };
    let locale = recipient_locale(portal_language, &languages);
    let services = appointment_store::services(db).await?;
    let Some(location) = appointment_store::locations(db)
        .await?
        .into_iter()
        .find(|l| l.id == current.slot.location_id)
    else {
        return Ok(None);
    };
    let service = services
        .iter()
        .find(|s| s.code == current.slot.service_code)
        .map_or(current.slot.service_code.clone(), |s| {
            s.name(locale.tag()).to_owned()
        });
    // Local time at the office, written out in the recipient's language and digits.
    let local = current.slot.starts_at.with_timezone(&location.zone);
    let time = locale.iso_date_time(&local.format("%Y-%m-%d %H:%M").to_string());
    let place = format!("{}, {}", location.name, location.address);
    let calendar = match news {
        AppointmentNews::Reminder => None,
        _ => Some(Calendar {
            method: if current.status == AppointmentStatus::Cancelled {
                "CANCEL"
            } else {
                "REQUEST"
            },
            text: invitation_for(db, &CalendarOrigin::of(with.config), &current, locale, now)
                .await?,
        }),
    };
    let mail = AppointmentMail {
        news,
        reference: &id.reference(),
        service: &service,
        time: &time,
        location: &place,
        link: &with.link(&format!("/me/appointments/{}", id.0)),
    };
    Ok(Some(appointment(email, locale, &mail, calendar)))
}

/// Sends the reminders that are due: each claimed by exactly one instance, sent, then marked.
pub async fn deliver_reminders(
    db: &mut Conn,
    with: &Delivery<'_>,
    now: DateTime<Utc>,
) -> CoreResult<Run> {
    let mut run = Run::default();
    for id in appointment_store::claim_due_reminders(db, now, LEASE, BATCH).await? {
        let booked = appointment_store::by_id(db, id)
            .await?
            .is_some_and(|a| a.status == AppointmentStatus::Booked && a.slot.starts_at > now);
        let message = if booked {
            appointment_message(db, with, id, AppointmentNews::Reminder, now).await?
        } else {
            None
        };
        let Some(message) = message else {
            appointment_store::finish_reminder(db, id, "dropped").await?;
            run.dropped += 1;
            continue;
        };
        match with.mailer.send(&message, now).await {
            Ok(()) => {
                appointment_store::finish_reminder(db, id, "sent").await?;
                run.sent += 1;
            }
            Err(error) => {
                if appointment_store::retry_reminder(db, id, MAX_ATTEMPTS, |attempts| {
                    now + backoff(attempts)
                })
                .await?
                {
                    tracing::error!(error = %error, "reminder mail given up");
                    run.dropped += 1;
                } else {
                    tracing::warn!(error = %error, "reminder mail failed; will retry");
                    run.retried += 1;
                }
            }
        }
    }
    Ok(run)
}

/// When the job runs: every `every`, at once when `wake` is notified, and no more once the
/// portal stops.
pub struct Pace {
    /// The pause between runs.
    pub every: Duration,
    /// Wakes the job after a change that tells a person something.
    pub wake: Arc<Notify>,
    /// The portal's stop.
    pub stop: Stopping,
}

/// Runs [`deliver_due`] as `pace` says: every `every`, at once whenever `wake` is notified
/// (after a decision), and, once the portal stops, no more (a run in hand finishes).
pub fn spawn(
    store: Store,
    mailer: Mailer,
    sms: Option<SmsGateway>,
    config: Arc<Config>,
    clock: SharedClock,
    pace: Pace,
) -> tokio::task::JoinHandle<()> {
    let Pace {
        every,
        wake,
        mut stop,
    } = pace;
    tokio::spawn(async move {
        let with = Delivery {
            mailer: &mailer,
            config: &config,
            sms: sms.as_ref(),
        };
        loop {
            match deliver_due(&store, &with, clock.now()).await {
                Ok(run) if run != Run::default() => {
                    tracing::info!(
                        sent = run.sent,
                        retried = run.retried,
                        dropped = run.dropped,
                        "notification mails"
                    );
                }
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(error = %error, "notification mail job failed; next run will retry")
                }
            }
            tokio::select! {
                stopping = stop.pause(every) => if stopping { break },
                () = wake.notified() => if stop.is_stopping() { break },
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(1), chrono::Duration::minutes(1));
        assert_eq!(backoff(2), chrono::Duration::minutes(2));
        assert_eq!(backoff(4), chrono::Duration::minutes(8));
        assert_eq!(backoff(30), chrono::Duration::minutes(240));
    }
}
