//! The notification mail job: sends the mails that go with portal notifications (a decision,
//! a question), retrying failures with growing pauses. Several server instances may run it
//! against one database: each mail is claimed by exactly one (see
//! [`Store::claim_due_mails`]).
//!
//! Owns: when and how often a notification mail is tried. Must never: lose a notification (the
//! portal shows it whatever happens to the mail), or log an address.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::Notify;

use crate::config::Config;
use portal_domain::appointments::AppointmentStatus;
use portal_domain::clock::SharedClock;
use portal_domain::requests::RequestStatus;
use portal_mail::templates::{
    appointment, recipient_locale, request_update, AppointmentMail, AppointmentNews,
};
use portal_mail::{Calendar, Mail, Mailer};
use portal_storage::requests::{MailContact, MailOutcome};
use portal_storage::{Store, StoreError};

/// Attempts before a mail is given up (the notification stays in the portal).
pub const MAX_ATTEMPTS: i64 = 8;

/// How long a claimed mail is reserved for the instance sending it.
const LEASE_SECONDS: i64 = 300;

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

/// Sends every notification mail that is due now, and the appointment reminders.
pub async fn deliver_due(
    store: &Store,
    mailer: &Mailer,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<Run, StoreError> {
    let public_url = &config.public_url;
    let mut run = deliver_reminders(store, mailer, config, now).await?;
    let due = store
        .claim_due_mails(now, chrono::Duration::seconds(LEASE_SECONDS), 50)
        .await?;
    for mail in due {
        if let Some(id) = mail.appointment_id {
            let news = match mail.kind.as_str() {
                "appointment.booked" => AppointmentNews::Booked,
                "appointment.changed" => AppointmentNews::Changed,
                _ => AppointmentNews::Cancelled,
            };
            let message = appointment_message(store, config, id, news, now).await?;
            let outcome = match message {
                None => MailOutcome::NoAddress,
                Some(message) => match mailer.send(&message, now).await {
                    Ok(()) => MailOutcome::Sent,
                    Err(error) if mail.attempts >= MAX_ATTEMPTS => {
                        tracing::error!(error = %error, "appointment mail given up; the portal still shows it");
                        MailOutcome::GiveUp
                    }
                    Err(error) => {
                        tracing::warn!(error = %error, "appointment mail failed; will retry");
                        MailOutcome::RetryAt(now + backoff(mail.attempts))
                    }
                },
            };
            match outcome {
                MailOutcome::Sent => run.sent += 1,
                MailOutcome::RetryAt(_) => run.retried += 1,
                _ => run.dropped += 1,
            }
            store.finish_mail(mail.id, outcome).await?;
            continue;
        }
        let contact = store.mail_contact(mail.person).await?;
        let (
            Some(MailContact {
                email: Some(email),
                languages,
                portal_language,
            }),
            Some(request),
            Some(status),
        ) = (
            contact,
            mail.request_id,
            mail.status
                .as_deref()
                .and_then(|s| RequestStatus::parse(s).ok()),
        )
        else {
            store.finish_mail(mail.id, MailOutcome::NoAddress).await?;
            run.dropped += 1;
            continue;
        };
        let link = public_url
            .join(&format!("/me/requests/{}", request.0))
            .map_or_else(|_| public_url.to_string(), |u| u.to_string());
        let message = request_update(
            email,
            recipient_locale(portal_language, &languages),
            &request.reference(),
            status,
            &link,
        );
        match mailer.send(&message, now).await {
            Ok(()) => {
                store.finish_mail(mail.id, MailOutcome::Sent).await?;
                run.sent += 1;
            }
            Err(error) if mail.attempts >= MAX_ATTEMPTS => {
                tracing::error!(error = %error, attempts = mail.attempts, "notification mail given up; the portal still shows it");
                store.finish_mail(mail.id, MailOutcome::GiveUp).await?;
                run.dropped += 1;
            }
            Err(error) => {
                tracing::warn!(error = %error, attempts = mail.attempts, "notification mail failed; will retry");
                store
                    .finish_mail(mail.id, MailOutcome::RetryAt(now + backoff(mail.attempts)))
                    .await?;
                run.retried += 1;
            }
        }
    }
    Ok(run)
}

/// The mail about an appointment as it stands now, in the person's language; `None` when the
/// person has no address or the appointment is gone.
async fn appointment_message(
    store: &Store,
    config: &Config,
    id: portal_domain::appointments::AppointmentId,
    news: AppointmentNews,
    now: DateTime<Utc>,
) -> Result<Option<Mail>, StoreError> {
    let Some(current) = store.appointment(id).await? else {
        return Ok(None);
    };
    let Some(MailContact {
        email: Some(email),
        languages,
        portal_language,
    }) = store.mail_contact(current.person_id).await?
    else {
        return Ok(None);
    };
    let locale = recipient_locale(portal_language, &languages);
    let services = store.services().await?;
    let locations = store.locations().await?;
    let service = services
        .iter()
        .find(|s| s.code == current.slot.service_code)
        .map_or(current.slot.service_code.clone(), |s| {
            s.name(locale.tag()).to_owned()
        });
    let Some(location) = locations.iter().find(|l| l.id == current.slot.location_id) else {
        return Ok(None);
    };
    // Local time at the office, written out in the recipient's language and digits.
    let time = locale.iso_date_time(
        &current
            .slot
            .starts_at
            .with_timezone(&location.zone)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
    );
    let place = format!("{}, {}", location.name, location.address);
    let link = config
        .public_url
        .join(&format!("/me/appointments/{}", id.0))
        .map_or_else(|_| config.public_url.to_string(), |u| u.to_string());
    let calendar = match news {
        AppointmentNews::Reminder => None,
        _ => Some(Calendar {
            method: if current.status == AppointmentStatus::Cancelled {
                "CANCEL"
            } else {
                "REQUEST"
            },
            text: crate::booking::invitation_for(store, config, &current, locale.tag(), now)
                .await?,
        }),
    };
    Ok(Some(appointment(
        email,
        locale,
        &AppointmentMail {
            news,
            reference: &id.reference(),
            service: &service,
            time: &time,
            location: &place,
            link: &link,
        },
        calendar,
    )))
}

/// Sends the reminders that are due: each claimed by exactly one instance, sent, then marked.
pub async fn deliver_reminders(
    store: &Store,
    mailer: &Mailer,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<Run, StoreError> {
    let mut run = Run::default();
    for id in store
        .claim_due_reminders(now, chrono::Duration::seconds(LEASE_SECONDS), 50)
        .await?
    {
        let booked = store
            .appointment(id)
            .await?
            .is_some_and(|a| a.status == AppointmentStatus::Booked && a.slot.starts_at > now);
        if !booked {
            store.finish_reminder(id, "dropped").await?;
            run.dropped += 1;
            continue;
        }
        match appointment_message(store, config, id, AppointmentNews::Reminder, now).await? {
            None => {
                store.finish_reminder(id, "dropped").await?;
                run.dropped += 1;
            }
            Some(message) => match mailer.send(&message, now).await {
                Ok(()) => {
                    store.finish_reminder(id, "sent").await?;
                    run.sent += 1;
                }
                Err(error) => {
                    if store
                        .retry_reminder(id, MAX_ATTEMPTS, |attempts| now + backoff(attempts))
                        .await?
                    {
                        tracing::error!(error = %error, "reminder mail given up");
                        run.dropped += 1;
                    } else {
                        tracing::warn!(error = %error, "reminder mail failed; will retry");
                        run.retried += 1;
                    }
                }
            },
        }
    }
    Ok(run)
}

/// Runs [`deliver_due`] every `every`, and at once whenever `wake` is notified (after a
/// decision), until the process ends.
pub fn spawn(
    store: Store,
    mailer: Mailer,
    config: std::sync::Arc<Config>,
    clock: SharedClock,
    every: Duration,
    wake: Arc<Notify>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match deliver_due(&store, &mailer, &config, clock.now()).await {
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
                () = tokio::time::sleep(every) => {}
                () = wake.notified() => {}
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
