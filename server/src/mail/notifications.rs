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
use url::Url;

use super::templates::{locale_for, request_update};
use super::Mailer;
use crate::clock::SharedClock;
use crate::domain::requests::RequestStatus;
use crate::storage::requests::MailOutcome;
use crate::storage::{Store, StoreError};

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

/// Sends every notification mail that is due now.
pub async fn deliver_due(
    store: &Store,
    mailer: &Mailer,
    public_url: &Url,
    now: DateTime<Utc>,
) -> Result<Run, StoreError> {
    let mut run = Run::default();
    let due = store
        .claim_due_mails(now, chrono::Duration::seconds(LEASE_SECONDS), 50)
        .await?;
    for mail in due {
        let contact = store.mail_contact(mail.person).await?;
        let (Some((Some(email), languages)), Some(request), Some(status)) = (
            contact,
            mail.request_id,
            mail.status
                .as_deref()
                .and_then(|s| RequestStatus::parse(s).ok()),
        ) else {
            store.finish_mail(mail.id, MailOutcome::NoAddress).await?;
            run.dropped += 1;
            continue;
        };
        let link = public_url
            .join(&format!("/me/requests/{}", request.0))
            .map_or_else(|_| public_url.to_string(), |u| u.to_string());
        let message = request_update(
            email,
            locale_for(&languages),
            &request.reference(),
            status,
            &link,
        );
        match mailer.send(&message).await {
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

/// Runs [`deliver_due`] every `every`, and at once whenever `wake` is notified (after a
/// decision), until the process ends.
pub fn spawn(
    store: Store,
    mailer: Mailer,
    public_url: Url,
    clock: SharedClock,
    every: Duration,
    wake: Arc<Notify>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match deliver_due(&store, &mailer, &public_url, clock.now()).await {
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
